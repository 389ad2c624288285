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

/**
 * altoscope_transport_setup_make:
 * @no_validation: (out): set, translated, when @setup asked for validation
 *   and it could not be set up (no root trust anchor, libunbound failing):
 *   the plain resolver is returned instead, and this says why
 *
 * The transport for @servers (NULL: the system's), the plain queries sent
 * from @interface, validation's from @source_addresses (libunbound binds
 * to addresses, not to a device).  NULL only when the servers themselves
 * are unusable.
 */
AltoscopeTransport *
altoscope_transport_setup_make (const AltoscopeTransportSetup *setup,
                                const char * const            *servers,
                                const char                    *interface,
                                const char * const            *source_addresses,
                                char                         **no_validation,
                                GError                       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(AltoscopeTransport) plain = NULL;
  AltoscopeValidator *validator;

  *no_validation = NULL;
  if (setup->factory != NULL)
    return setup->factory (servers, interface, setup->timeout_ms, setup->factory_data, error);
  /* Made first, whatever follows: unusable servers are refused in the
   * resolver's words, and it is the fallback when validation cannot run. */
  plain = altoscope_resolver_factory (servers, interface, setup->timeout_ms, NULL, error);
  if (plain == NULL || !setup->validate)
    return g_steal_pointer (&plain);

  validator = altoscope_validator_new (servers, interface, source_addresses,
                                       setup->anchor_files, setup->validator_flags,
                                       setup->timeout_ms, &local_error);
  if (validator != NULL)
    return ALTOSCOPE_TRANSPORT (validator);
  *no_validation = g_strdup (local_error->message);
  return g_steal_pointer (&plain);
}

void
altoscope_kept_transport_clear (AltoscopeKeptTransport *kept)
{
  g_clear_object (&kept->transport);
  g_clear_pointer (&kept->fingerprint, g_free);
  g_clear_pointer (&kept->no_validation, g_free);
}

static void
add_list (GString            *s,
          const char * const *list)
{
  for (guint i = 0; list && list[i]; i++)
    g_string_append_printf (s, "%s,", list[i]);
  g_string_append_c (s, '#');
}

/* Everything a transport is made from: when any of it changes, the kept
 * one no longer fits.  The factory by its address (a test's). */
static char *
transport_fingerprint (const AltoscopeTransportSetup *setup,
                       const char * const            *servers,
                       const char                    *interface,
                       const char * const            *source_addresses)
{
  GString *s = g_string_new (NULL);

  add_list (s, servers);
  g_string_append_printf (s, "%s#", interface ? interface : "");
  add_list (s, source_addresses);
  add_list (s, setup->anchor_files);
  g_string_append_printf (s, "%d#%d#%u#%p#%p", setup->validate != FALSE,
                          (int) setup->validator_flags, setup->timeout_ms,
                          (gpointer) setup->factory, setup->factory_data);
  return g_string_free (s, FALSE);
}

/* @kept's transport when it was made from the same, else a new one, then
 * kept (when @kept is given). */
static AltoscopeTransport *
reuse_or_make (const AltoscopeTransportSetup *setup,
               const char * const            *servers,
               const char                    *interface,
               const char * const            *source_addresses,
               AltoscopeKeptTransport        *kept,
               char                         **no_validation,
               GError                       **error)
{
  g_autofree char *print = NULL;
  AltoscopeTransport *transport;

  if (kept == NULL)
    return altoscope_transport_setup_make (setup, servers, interface, source_addresses,
                                           no_validation, error);
  print = transport_fingerprint (setup, servers, interface, source_addresses);
  /* A validator whose worker thread died would fail every query from now
   * on: a new one instead. */
  if (kept->transport != NULL && g_strcmp0 (kept->fingerprint, print) == 0
      && !(ALTOSCOPE_IS_VALIDATOR (kept->transport)
           && altoscope_validator_is_broken (ALTOSCOPE_VALIDATOR (kept->transport))))
    {
      *no_validation = g_strdup (kept->no_validation);
      return g_object_ref (kept->transport);
    }
  /* The old one goes; a run still using it holds its own reference. */
  altoscope_kept_transport_clear (kept);
  transport = altoscope_transport_setup_make (setup, servers, interface, source_addresses,
                                              no_validation, error);
  if (transport != NULL)
    {
      kept->transport = g_object_ref (transport);
      kept->fingerprint = g_steal_pointer (&print);
      kept->no_validation = g_strdup (*no_validation);
    }
  return transport;
}

/* The transport of a pair or of the default domain, on @target: a failure
 * to make one, or why validation could not be set up. */
static AltoscopeTransport *
make_transport (const AltoscopeTransportSetup *setup,
                const char * const            *servers,
                const char                    *interface,
                const char * const            *source_addresses,
                AltoscopeKeptTransport        *kept,
                AltoscopeTarget               *target)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *no_validation = NULL;
  AltoscopeTransport *transport;

  transport = reuse_or_make (setup, servers, interface, source_addresses, kept,
                             &no_validation, &error);
  if (transport == NULL)
    altoscope_target_set_failure (target, ALTOSCOPE_ERROR_NETWORK, "naptr", error->message);
  else if (no_validation != NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("Altoscope could not check DNSSEC itself, so the "
                                                "status shown is the resolver’s word. Why: %s"),
                                              no_validation);
      altoscope_target_add_warning (target, "dnssec-not-validated", msg);
    }
  return transport;
}

/* The addresses validation sends from: the link's own, the pair's family
 * first, one of each family (a server of the other family is asked too). */
static GStrv
source_addresses_for (AltoscopeLink   *link,
                      AltoscopeFamily  family)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  AltoscopeFamily order[2] = { family, family == ALTOSCOPE_FAMILY_IPV4 ? ALTOSCOPE_FAMILY_IPV6
                                                                       : ALTOSCOPE_FAMILY_IPV4 };

  for (int i = 0; i < 2; i++)
    {
      g_autofree char *address = altoscope_link_dup_source_address (link, order[i]);
      if (address != NULL)
        g_strv_builder_add (b, address);
    }
  return g_strv_builder_end (b);
}

AltoscopeTarget *
altoscope_pair_prepare (AltoscopeLink                 *link,
                        AltoscopeFamily                family,
                        AltoscopeOverrides            *overrides,
                        AltoscopeDhcpAnswer           *asked,
                        const AltoscopeTransportSetup *setup,
                        AltoscopeKeptTransport        *kept,
                        AltoscopeTransport           **resolver)
{
  AltoscopeDomainChoice choice;
  AltoscopeTarget *target;
  g_auto(GStrv) servers = NULL;
  g_auto(GStrv) sources = NULL;
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
      *resolver = make_transport (setup, NULL, NULL, NULL, kept, target);
    }
  else
    {
      sources = source_addresses_for (link, family);
      *resolver = make_transport (setup, (const char * const *) servers, bind_to,
                                  (const char * const *) sources, kept, target);
    }
  return target;
}

/* Without NetworkManager: the default override, on the system's resolver. */
AltoscopeTarget *
altoscope_default_prepare (AltoscopeOverrides            *overrides,
                           const AltoscopeTransportSetup *setup,
                           AltoscopeKeptTransport        *kept,
                           AltoscopeTransport           **resolver)
{
  g_autofree char *domain = NULL;
  AltoscopeDomainSource source = ALTOSCOPE_DOMAIN_SOURCE_NONE;
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
  *resolver = make_transport (setup, NULL, NULL, NULL, kept, target);
  return target;
}
