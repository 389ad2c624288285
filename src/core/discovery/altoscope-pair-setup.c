/* altoscope-pair-setup.c
 *
 * Step 1 for a pair, then the resolver to run step 2 with: the interface's
 * own DNS servers (its family's first), sent from that interface, as RFC
 * 6418 asks of a multi-interface host.  Only when it has none is the
 * system's resolver used, and the report says so.  The result is a target
 * that step 1 filled (through altoscope-target-private.h) and discovery
 * goes on filling; nothing else writes it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "altoscope-dhcp.h"
#include "altoscope-domain-choice.h"
#include "altoscope-pair-setup.h"
#include "altoscope-target-private.h"

static GStrv
servers_for (AltoscopeLink   *link,
             AltoscopeFamily  family,
             AltoscopeTarget *target)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  AltoscopeFamily order[2] = { family, family == ALTOSCOPE_FAMILY_IPV4 ? ALTOSCOPE_FAMILY_IPV6
                                                                       : ALTOSCOPE_FAMILY_IPV4 };

  for (int i = 0; i < 2; i++)
    {
      const char * const *dns = altoscope_link_get_dns (link, order[i]);
      for (guint j = 0; dns && dns[j]; j++)
        {
          g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (dns[j]);
          if (inet == NULL)
            continue;
          /* c-ares 1.18 takes no scope for a link-local server. */
          if (g_inet_address_get_is_link_local (inet)
              && g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
            {
              g_autofree char *msg = g_strdup_printf (_("The link-local DNS server %s cannot be "
                                                        "used and was skipped"), dns[j]);
              altoscope_target_add_warning (target, "dns-link-local-skipped", msg);
              continue;
            }
          g_strv_builder_add (b, dns[j]);
        }
    }
  return g_strv_builder_end (b);
}

char *
altoscope_pair_fingerprint (AltoscopeLink       *link,
                            AltoscopeFamily      family,
                            AltoscopeOverrides  *overrides,
                            AltoscopeDhcpAnswer *asked)
{
  g_autofree char *asked_print = asked ? altoscope_dhcp_answer_fingerprint (asked) : NULL;
  g_autofree char *link_print = altoscope_link_fingerprint (link, family, FALSE);
  g_autofree char *override = NULL;
  AltoscopeDomainSource source = ALTOSCOPE_DOMAIN_SOURCE_NONE;

  if (overrides != NULL)
    override = altoscope_overrides_lookup (overrides, altoscope_link_get_ip_interface (link),
                                           altoscope_link_get_connection_uuid (link), family,
                                           &source);
  return g_strdup_printf ("%s#%s#%d#%s", link_print, override ? override : "", (int) source,
                          asked_print ? asked_print : "");
}

/* The program's factory: a c-ares resolver. */
AltoscopeTransport *
altoscope_resolver_factory (const char * const  *servers,
                            const char          *interface,
                            guint                timeout_ms,
                            gpointer             user_data,
                            GError             **error)
{
  return (AltoscopeTransport *) altoscope_resolver_new (servers, interface, timeout_ms, error);
}

AltoscopeTarget *
altoscope_pair_prepare (AltoscopeLink              *link,
                        AltoscopeFamily             family,
                        AltoscopeOverrides         *overrides,
                        AltoscopeDhcpAnswer        *asked,
                        guint                       timeout_ms,
                        AltoscopeTransportFactory   factory,
                        gpointer                    factory_data,
                        AltoscopeTransport        **resolver)
{
  AltoscopeDomainChoice choice;
  AltoscopeTarget *target;
  g_auto(GStrv) servers = NULL;
  g_autoptr(GError) error = NULL;
  const char *bind_to = NULL;

  *resolver = NULL;
  altoscope_choose_domain_with (link, family, overrides, asked, &choice);

  target = altoscope_target_new (altoscope_link_get_name (link),
                                 altoscope_family_to_string (family), choice.domain,
                                 choice.kind);
  _altoscope_target_set_link (target, link, choice.dhcp);
  _altoscope_target_set_dhcp_answer (target, asked, choice.dhcp_server);
  _altoscope_target_set_options_seen (target, choice.options_seen);
  for (guint i = 0; i < choice.warnings->len; i++)
    {
      AltoscopeChoiceWarning *w = choice.warnings->pdata[i];
      altoscope_target_add_warning (target, w->code, w->message);
    }

  if (choice.domain == NULL)
    {
      altoscope_target_set_failure (target, ALTOSCOPE_ERROR_NO_DOMAIN, "domain", choice.message);
      _altoscope_target_set_finished (target, 0);
      altoscope_domain_choice_clear (&choice);
      return target;
    }
  altoscope_domain_choice_clear (&choice);

  servers = servers_for (link, family, target);
  /* For a VPN, its tunnel interface when the model found it. */
  bind_to = altoscope_link_get_ip_interface (link);

  if (servers[0] == NULL)
    {
      altoscope_target_add_warning (target, "dns-from-system",
                                    _("The interface has no DNS servers of its own; the system's "
                                      "resolver is used, which may answer for another network"));
      *resolver = factory (NULL, NULL, timeout_ms, factory_data, &error);
    }
  else
    *resolver = factory ((const char * const *) servers, bind_to, timeout_ms, factory_data,
                         &error);

  if (*resolver == NULL)
    altoscope_target_set_failure (target, ALTOSCOPE_ERROR_NETWORK, "naptr", error->message);
  return target;
}

/* Without NetworkManager: the default override, on the system's resolver. */
AltoscopeTarget *
altoscope_default_prepare (AltoscopeOverrides         *overrides,
                           guint                       timeout_ms,
                           AltoscopeTransportFactory   factory,
                           gpointer                    factory_data,
                           AltoscopeTransport        **resolver)
{
  g_autofree char *domain = NULL;
  AltoscopeDomainSource source = ALTOSCOPE_DOMAIN_SOURCE_NONE;
  g_autoptr(GError) error = NULL;
  AltoscopeTarget *target;

  *resolver = NULL;
  domain = altoscope_overrides_lookup (overrides, NULL, NULL, ALTOSCOPE_FAMILY_IPV4, &source);
  if (domain == NULL)
    return NULL;
  target = altoscope_target_new (NULL, NULL, domain, source);
  altoscope_target_add_warning (target, "no-networkmanager",
                                _("NetworkManager is not available: the default domain is looked "
                                  "up with the system's resolver, for no interface in "
                                  "particular"));
  *resolver = factory (NULL, NULL, timeout_ms, factory_data, &error);
  if (*resolver == NULL)
    altoscope_target_set_failure (target, ALTOSCOPE_ERROR_NETWORK, "naptr", error->message);
  return target;
}
