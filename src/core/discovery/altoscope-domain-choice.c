/* altoscope-domain-choice.c
 *
 * RFC 7286 §3.1: a user override (altoscope-overrides.c decides which);
 * else DHCP: for IPv4 option 213 MUST be tried, then option 15 SHOULD be;
 * for IPv6 only option 57, with no fallback.  Each option is taken from the
 * lease first, then from the answer of a DHCP server asked directly
 * (DHCPINFORM, Information-Request): option 213 from that answer comes
 * before option 15 from the lease, as RFC 7286 ranks the options.  Nothing → the procedure fails
 * for the pair, and the message says what was looked for and why it was
 * likely missing.  A pure function of its input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "altoscope-domain-choice.h"

static void
warning_free (AltoscopeChoiceWarning *w)
{
  g_free (w->code);
  g_free (w->message);
  g_free (w);
}

static void
add_warning (AltoscopeDomainChoice *choice,
             const char            *code,
             char                  *message)
{
  AltoscopeChoiceWarning *w = g_new0 (AltoscopeChoiceWarning, 1);
  w->code = g_strdup (code);
  w->message = message;
  g_ptr_array_add (choice->warnings, w);
}

void
altoscope_domain_choice_clear (AltoscopeDomainChoice *choice)
{
  g_clear_pointer (&choice->domain, g_free);
  g_clear_pointer (&choice->message, g_free);
  g_clear_pointer (&choice->warnings, g_ptr_array_unref);
  g_clear_pointer (&choice->dhcp, g_ptr_array_unref);
  g_clear_pointer (&choice->asked, altoscope_dhcp_answer_unref);
  g_clear_pointer (&choice->dhcp_server, g_free);
}

/* RFC 7286 §4.1: home gateways hand out their own names instead of the
 * operator's; such a name rarely publishes ALTO. */
gboolean
altoscope_domain_is_home_gateway_like (const char *domain)
{
  static const char * const names[] = {
    "local", "lan", "home", "home.arpa", "localdomain", "localnet", "internal", "intranet",
    "private", "domain", "workgroup", "router", "gateway", "fritz.box", "speedport.ip",
    "box", "modem", "dlink", "belkin", "totolink", NULL,
  };
  static const char * const suffixes[] = {
    ".local", ".lan", ".home", ".home.arpa", ".localdomain", ".internal", NULL,
  };

  if (domain == NULL || strchr (domain, '.') == NULL)
    return TRUE;   /* a single label */
  if (g_strv_contains (names, domain))
    return TRUE;
  for (guint i = 0; suffixes[i]; i++)
    if (g_str_has_suffix (domain, suffixes[i]))
      return TRUE;
  return FALSE;
}

static void
warn_about (AltoscopeDomainChoice *choice,
            AltoscopeLink         *link)
{
  if (altoscope_domain_is_home_gateway_like (choice->domain))
    add_warning (choice, "home-gateway-name",
                 g_strdup_printf (_("“%s” looks like a home gateway's own domain, not the "
                                    "network operator's; such names rarely publish ALTO "
                                    "(RFC 7286 §4.1). Set an override if the operator gave "
                                    "you another."), choice->domain));
}

static void
set_source (AltoscopeDomainChoice *choice,
            AltoscopeDomainSource  kind)
{
  choice->kind = kind;
  choice->source = altoscope_domain_source_to_string (kind);
}

/* Takes @v, the first usable value of the option wanted, as the domain;
 * @from_answer: it came from a DHCP server asked directly, not the lease. */
static void
take_dhcp_value (AltoscopeDomainChoice    *choice,
                 AltoscopeFamily           family,
                 const AltoscopeDhcpValue *v,
                 AltoscopeDhcpAnswer      *asked,
                 gboolean                  from_answer)
{
  choice->domain = g_strdup (v->domain);
  set_source (choice, altoscope_domain_source_for_dhcp (v->option, from_answer));
  if (from_answer)
    choice->dhcp_server = g_strdup (asked->server);
  if (v->note)
    add_warning (choice, "dhcp-several-names", g_strdup (v->note));
}

/* The domain from DHCP, if any; *@malformed: the first value of an option
 * looked at that could not be read. */
static void
choose_from_dhcp (AltoscopeDomainChoice     *choice,
                  AltoscopeFamily            family,
                  AltoscopeDhcpAnswer       *asked,
                  const AltoscopeDhcpValue **malformed)
{
  /* Most preferred first: 213 before 15; for IPv6 only 57 is there.  For
   * each option, the lease's value before the one a server gave when asked. */
  for (int pass = 0; pass < 2 && choice->domain == NULL; pass++)
    {
      int wanted = family == ALTOSCOPE_FAMILY_IPV6 ? 57 : (pass == 0 ? 213 : 15);
      if (family == ALTOSCOPE_FAMILY_IPV6 && pass == 1)
        break;
      for (int from_answer = 0; from_answer < 2 && choice->domain == NULL; from_answer++)
        {
          GPtrArray *values = from_answer ? (asked ? asked->values : NULL) : choice->dhcp;
          for (guint i = 0; values != NULL && i < values->len; i++)
            {
              AltoscopeDhcpValue *v = values->pdata[i];
              if (v->option != wanted)
                continue;
              if (v->domain == NULL)
                {
                  if (*malformed == NULL)
                    *malformed = v;
                  continue;
                }
              take_dhcp_value (choice, family, v, asked, from_answer);
              break;
            }
        }
    }
}

/* No domain: say exactly what was looked for, and what would change it. */
static const char *
no_domain_message (AltoscopeFamily  family,
                   GHashTable      *options)
{
  if (family == ALTOSCOPE_FAMILY_IPV4)
    {
      if (options == NULL)
        return _("No domain for IPv4: no override is set, and the "
                 "interface has no DHCPv4 lease to take option 213 or 15 "
                 "from (its address is static, or it has none).");
      else
        return _("No domain for IPv4: no override is set, and the DHCPv4 "
                 "lease holds neither option 213 (access network domain) "
                 "nor option 15 (domain name). NetworkManager's internal "
                 "DHCP client, its default, never requests option 213; "
                 "with “dhcp=dhclient” in NetworkManager.conf and “also "
                 "request v4-access-domain;” in "
                 "/etc/NetworkManager/dhclient.conf it does. Or set an "
                 "override.");
    }
  else
    {
      if (options == NULL)
        return _("No domain for IPv6: no override is set, and the "
                 "interface has no DHCPv6 lease to take option 57 from "
                 "(SLAAC only, static, or no IPv6). RFC 7286 allows no "
                 "other DHCPv6 source.");
      else
        return _("No domain for IPv6: no override is set, and the DHCPv6 "
                 "lease holds no option 57 (access network domain); RFC "
                 "7286 allows no fallback. NetworkManager's internal DHCP "
                 "client, its default, does not know option 57 at all; "
                 "with “dhcp=dhclient” in NetworkManager.conf and “also "
                 "request dhcp6.v6-access-domain;” in "
                 "/etc/NetworkManager/dhclient6.conf it reports it. Or set "
                 "an override.");
    }
}

/* Options that were there but unusable: say which, and why; and what
 * asking the DHCP server directly gave, or that it can be done. */
static char *
explain_no_domain (AltoscopeDomainChoice *choice,
                   AltoscopeLink         *link,
                   AltoscopeFamily        family,
                   const char            *message,
                   AltoscopeDhcpAnswer   *asked)
{
  GString *why = g_string_new (NULL);

  /* What asking gave comes first: it is the newest and most telling. */
  if (asked != NULL && altoscope_dhcp_answer_get_failed (asked))
    g_string_append_printf (why, _("Asking the DHCP server directly failed: %s."),
                            asked->error_message);
  else if (asked != NULL && asked->values->len == 0)
    g_string_append_printf (why, family == ALTOSCOPE_FAMILY_IPV6
                              ? _("The DHCP server %s, asked directly, answered without option "
                                  "57: the network does not publish an ALTO domain by DHCP.")
                              : _("The DHCP server %s, asked directly, answered without option "
                                  "213 or 15."),
                            asked->server);
  if (why->len > 0)
    g_string_append_c (why, ' ');
  g_string_append (why, message);
  for (int from_answer = 0; from_answer < 2; from_answer++)
    {
      GPtrArray *values = from_answer ? (asked ? asked->values : NULL) : choice->dhcp;
      for (guint i = 0; values != NULL && i < values->len; i++)
        {
          AltoscopeDhcpValue *v = values->pdata[i];
          g_string_append_c (why, ' ');
          g_string_append_printf (why, _("Option %d (“%s”) is there but malformed: %s."),
                                  v->option, v->key, v->error);
        }
    }
  if (asked == NULL && !altoscope_link_get_is_vpn (link))
    g_string_append (why, _(" Altoscope can ask the DHCP server directly, without touching the "
                            "lease: “Ask the DHCP server” in the window, or “sudo altoscope-cli "
                            "discover --ask-dhcp”."));
  return g_strchomp (g_string_free (why, FALSE));
}

void
altoscope_choose_domain (AltoscopeLink         *link,
                         AltoscopeFamily        family,
                         const char            *override,
                         AltoscopeDomainSource  override_source,
                         AltoscopeDhcpAnswer   *asked,
                         AltoscopeDomainChoice *choice)
{
  GHashTable *options = altoscope_link_get_dhcp_options (link, family);
  const AltoscopeDhcpValue *malformed = NULL;

  memset (choice, 0, sizeof *choice);
  choice->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) warning_free);
  choice->dhcp = altoscope_dhcp_find_alto_values (options, family);
  if (asked != NULL)
    choice->asked = altoscope_dhcp_answer_ref (asked);

  if (override != NULL)
    {
      choice->domain = g_strdup (override);
      set_source (choice, override_source);
      warn_about (choice, link);
      return;
    }

  choose_from_dhcp (choice, family, asked, &malformed);

  if (malformed != NULL)
    add_warning (choice, "dhcp-malformed",
                 g_strdup_printf (_("DHCP option %d (“%s”) is malformed and was not used: %s"),
                                  malformed->option, malformed->key, malformed->error));

  if (choice->domain != NULL)
    {
      if (altoscope_domain_source_get_option (choice->kind) == 15)
        add_warning (choice, "dhcp-option-15",
                     g_strdup (_("The domain comes from option 15 (the general domain name): "
                                 "the DHCP server sent no option 213, the access network domain "
                                 "RFC 7286 prefers")));
      warn_about (choice, link);
      return;
    }

  choice->message = explain_no_domain (choice, link, family,
                                       no_domain_message (family, options), asked);
  if (altoscope_link_get_is_vpn (link))
    add_warning (choice, "vpn-no-dhcp",
                 g_strdup (_("VPNs usually get no domain by DHCP: set an override for this "
                             "connection; it follows the VPN when it reconnects (RFC 7286 §4.2)")));
}

/* Step 1 with the user's overrides (NULL: none) looked up for @link. */
void
altoscope_choose_domain_with (AltoscopeLink         *link,
                              AltoscopeFamily        family,
                              AltoscopeOverrides    *overrides,
                              AltoscopeDhcpAnswer   *asked,
                              AltoscopeDomainChoice *choice)
{
  g_autofree char *override = NULL;
  AltoscopeDomainSource source = ALTOSCOPE_DOMAIN_SOURCE_NONE;

  if (overrides != NULL)
    override = altoscope_overrides_lookup (overrides, altoscope_link_get_ip_interface (link),
                                           altoscope_link_get_connection_uuid (link), family,
                                           &source);
  altoscope_choose_domain (link, family, override, source, asked, choice);
}
