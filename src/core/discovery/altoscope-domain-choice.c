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
  g_clear_pointer (&choice->options_seen, g_array_unref);
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

/* What step 1 found of @option; NO_LEASE when it did not look. */
static AltoscopeOptionStatus
seen_status (AltoscopeDomainChoice *choice,
             int                    option)
{
  for (guint i = 0; choice->options_seen != NULL && i < choice->options_seen->len; i++)
    {
      AltoscopeOptionSeen *s = &g_array_index (choice->options_seen, AltoscopeOptionSeen, i);
      if (s->option == option)
        return s->status;
    }
  return ALTOSCOPE_OPTION_STATUS_NO_LEASE;
}

static gboolean
any_not_reported (AltoscopeDomainChoice *choice)
{
  for (guint i = 0; choice->options_seen != NULL && i < choice->options_seen->len; i++)
    if (g_array_index (choice->options_seen, AltoscopeOptionSeen, i).status
        == ALTOSCOPE_OPTION_STATUS_NOT_REPORTED)
      return TRUE;
  return FALSE;
}

/* No domain: what would change it.  The dhclient recipe only when
 * NetworkManager did not report an option: when the server was asked and
 * sent nothing, configuring the client changes nothing. */
static const char *
no_domain_message (AltoscopeFamily  family,
                   GHashTable      *options,
                   gboolean         not_reported)
{
  if (family == ALTOSCOPE_FAMILY_IPV4 && options == NULL)
    return _("No domain for IPv4: no override is set, and the "
             "interface has no DHCPv4 lease to take option 213 or 15 "
             "from (its address is static, or it has none).");
  if (family == ALTOSCOPE_FAMILY_IPV6 && options == NULL)
    return _("No domain for IPv6: no override is set, and the "
             "interface has no DHCPv6 lease to take option 57 from "
             "(SLAAC only, static, or no IPv6). RFC 7286 allows no "
             "other DHCPv6 source.");
  if (family == ALTOSCOPE_FAMILY_IPV4)
    return not_reported
      ? _("No domain for IPv4: no override is set. With “dhcp=dhclient” in "
          "NetworkManager.conf and “also request v4-access-domain;” in "
          "/etc/NetworkManager/dhclient.conf, NetworkManager asks for option 213 "
          "and reports it. Or set an override.")
      : _("No domain for IPv4: no override is set, and the network publishes "
          "none by DHCP. Set an override if the operator gave you one.");
  return not_reported
    ? _("No domain for IPv6: no override is set, and RFC 7286 allows no "
        "fallback to another option. With “dhcp=dhclient” in "
        "NetworkManager.conf and “also request dhcp6.v6-access-domain;” in "
        "/etc/NetworkManager/dhclient6.conf, NetworkManager reports option 57. "
        "Or set an override.")
    : _("No domain for IPv6: no override is set, and RFC 7286 allows no "
        "fallback to another option. Set an override if the operator gave "
        "you one.");
}

/* The short sentence for @option's status, or NULL when another part of
 * the message says it (no lease, malformed, a server asked directly). */
static char *
status_sentence (int                   option,
                 AltoscopeOptionStatus status,
                 gboolean              answered)
{
  switch (status)
    {
    case ALTOSCOPE_OPTION_STATUS_NOT_REPORTED:
      if (option == 213)
        return g_strdup (_("NetworkManager did not report option 213 (access network "
                           "domain): its internal DHCP client, the default, never asks "
                           "for it."));
      if (option == 57)
        return g_strdup (_("NetworkManager did not report option 57 (access network "
                           "domain): its internal DHCP client, the default, does not "
                           "know it."));
      return g_strdup_printf (_("NetworkManager did not report option %d, and nothing says "
                                "its DHCP client asked for it."), option);
    case ALTOSCOPE_OPTION_STATUS_NOT_SENT:
      if (answered)
        return NULL;
      return g_strdup_printf (_("The DHCP server sent no option %d (it was asked for it)."),
                              option);
    default:
      return NULL;
    }
}

/* What a server asked directly answered: which options it lacked.  Said
 * once for all of them, with who answered. */
static void
append_answered (GString               *why,
                 AltoscopeDomainChoice *choice,
                 AltoscopeFamily        family,
                 AltoscopeDhcpAnswer   *asked)
{
  gboolean lacks213 = seen_status (choice, 213) == ALTOSCOPE_OPTION_STATUS_NOT_SENT;
  gboolean lacks15 = seen_status (choice, 15) == ALTOSCOPE_OPTION_STATUS_NOT_SENT;

  if (!altoscope_dhcp_answer_answered (asked, family))
    return;
  if (family == ALTOSCOPE_FAMILY_IPV6)
    {
      if (seen_status (choice, 57) == ALTOSCOPE_OPTION_STATUS_NOT_SENT)
        g_string_append_printf (why, _("The DHCP server %s, asked directly, answered without "
                                       "option 57: the network does not publish an ALTO domain "
                                       "by DHCP."), asked->server);
    }
  else if (lacks213 && lacks15)
    g_string_append_printf (why, _("The DHCP server %s, asked directly, answered without option "
                                   "213 or 15."), asked->server);
  else if (lacks213 || lacks15)
    g_string_append_printf (why, _("The DHCP server %s, asked directly, answered without option "
                                   "%d."), asked->server, lacks213 ? 213 : 15);
}

/* No domain: each option's status first (a server asked directly is the
 * newest and most telling word), then what would change it, then the
 * options that were there but unusable, and that asking can be done. */
static char *
explain_no_domain (AltoscopeDomainChoice *choice,
                   AltoscopeLink         *link,
                   AltoscopeFamily        family,
                   GHashTable            *options,
                   AltoscopeDhcpAnswer   *asked)
{
  GString *why = g_string_new (NULL);
  gboolean answered = altoscope_dhcp_answer_answered (asked, family);

  append_answered (why, choice, family, asked);
  if (why->len > 0)
    g_string_append_c (why, ' ');
  for (guint i = 0; i < choice->options_seen->len; i++)
    {
      AltoscopeOptionSeen *s = &g_array_index (choice->options_seen, AltoscopeOptionSeen, i);
      g_autofree char *sentence = status_sentence (s->option, s->status, answered);
      if (sentence != NULL)
        g_string_append_printf (why, "%s ", sentence);
    }
  /* A failed question leaves the statuses what the lease says. */
  if (asked != NULL && altoscope_dhcp_answer_get_failed (asked))
    {
      g_string_append_printf (why, _("Asking the DHCP server directly failed: %s."),
                              asked->error_message);
      g_string_append_c (why, ' ');
    }
  g_string_append (why, no_domain_message (family, options, any_not_reported (choice)));
  for (int from_answer = 0; from_answer < 2; from_answer++)
    {
      GPtrArray *values = from_answer ? (answered ? asked->values : NULL) : choice->dhcp;
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

/* The domain came from option 15: why not from 213, as the status says. */
static char *
option_15_warning (AltoscopeDomainChoice *choice)
{
  switch (seen_status (choice, 213))
    {
    case ALTOSCOPE_OPTION_STATUS_NOT_REPORTED:
      return g_strdup (_("The domain comes from option 15 (the general domain name): "
                         "NetworkManager did not report option 213, the access network domain "
                         "RFC 7286 prefers; its internal DHCP client, the default, never asks "
                         "for it"));
    case ALTOSCOPE_OPTION_STATUS_NOT_SENT:
      return g_strdup (_("The domain comes from option 15 (the general domain name): "
                         "the DHCP server sent no option 213, the access network domain "
                         "RFC 7286 prefers"));
    default:
      return g_strdup (_("The domain comes from option 15 (the general domain name), not from "
                         "option 213, the access network domain RFC 7286 prefers"));
    }
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

  choice->options_seen = altoscope_dhcp_options_seen (options, asked, family);
  choose_from_dhcp (choice, family, asked, &malformed);

  if (malformed != NULL)
    add_warning (choice, "dhcp-malformed",
                 g_strdup_printf (_("DHCP option %d (“%s”) is malformed and was not used: %s"),
                                  malformed->option, malformed->key, malformed->error));

  if (choice->domain != NULL)
    {
      if (altoscope_domain_source_get_option (choice->kind) == 15)
        add_warning (choice, "dhcp-option-15", option_15_warning (choice));
      warn_about (choice, link);
      return;
    }

  choice->message = explain_no_domain (choice, link, family, options, asked);
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
