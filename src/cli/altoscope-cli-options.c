/* altoscope-cli-options.c: the options the subcommands share
 *
 * Every usage error a subcommand can know of from its command line alone is
 * found here, before it asks NetworkManager, DNS, DHCP or a server anything:
 * a misspelt --family must not cost a discovery of every pair first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "altoscope-ca-file.h"
#include "altoscope-check.h"
#include "altoscope-cli-options.h"
#include "altoscope-dhcp-query.h"
#include "altoscope-resolver.h"
#include "altoscope-validator.h"

static const struct
{
  guint default_ms;
  double min_s, max_s;
  const char *description;
  const char *out_of_range;
} timeouts[] = {
  [ALTOSCOPE_CLI_TIMEOUT_DNS_QUERY] = {
    ALTOSCOPE_DEFAULT_TIMEOUT_MS, 0.1, 300,
    N_("Time one DNS query may take (default 5)"),
    N_("--timeout must be between 0.1 and 300 seconds") },
  [ALTOSCOPE_CLI_TIMEOUT_CHECK] = {
    ALTOSCOPE_CHECK_DEFAULT_TIMEOUT_MS, 0.1, 300,
    N_("Time the whole check may take (default 10)"),
    N_("--timeout must be between 0.1 and 300 seconds") },
  [ALTOSCOPE_CLI_TIMEOUT_DHCP] = {
    ALTOSCOPE_DHCP_QUERY_DEFAULT_TIMEOUT_MS, 0.5, 600,
    N_("Time the whole exchange may take, retransmissions included (default 10)"),
    N_("--timeout must be between 0.5 and 600 seconds") },
};

/* A usage error of `altoscope-cli @command`: exit status 2 follows. */
void
altoscope_cli_usage_error (const char *command,
                           const char *message)
{
  /* message may quote what the user typed: it is the user's own text. */
  g_printerr ("altoscope-cli %s: %s\n", command, message);
  g_printerr (_("Try “altoscope-cli %s --help”.\n"), command);
}

void
altoscope_cli_options_clear (AltoscopeCliOptions *self)
{
  g_clear_pointer (&self->interface, g_free);
  g_clear_pointer (&self->family_name, g_free);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->trust_anchors, g_strfreev);
}

GOptionEntry
altoscope_cli_interface_entry (AltoscopeCliOptions *self,
                               const char          *description)
{
  return (GOptionEntry) { "interface", 'i', 0, G_OPTION_ARG_STRING, &self->interface,
                          description, N_("IFACE") };
}

GOptionEntry
altoscope_cli_family_entry (AltoscopeCliOptions *self,
                            const char          *description)
{
  return (GOptionEntry) { "family", 'f', 0, G_OPTION_ARG_STRING, &self->family_name,
                          description, N_("FAMILY") };
}

GOptionEntry
altoscope_cli_timeout_entry (AltoscopeCliOptions *self,
                             AltoscopeCliTimeout  kind)
{
  g_return_val_if_fail (kind > ALTOSCOPE_CLI_TIMEOUT_NONE && kind < G_N_ELEMENTS (timeouts),
                        (GOptionEntry) { NULL });

  self->timeout_kind = kind;
  self->timeout_s = timeouts[kind].default_ms / 1000.0;
  return (GOptionEntry) { "timeout", 't', 0, G_OPTION_ARG_DOUBLE, &self->timeout_s,
                          timeouts[kind].description, N_("SECONDS") };
}

GOptionEntry
altoscope_cli_json_entry (AltoscopeCliOptions *self,
                          const char          *description)
{
  return (GOptionEntry) { "json", 'j', 0, G_OPTION_ARG_NONE, &self->json, description, NULL };
}

GOptionEntry
altoscope_cli_ca_file_entry (AltoscopeCliOptions *self,
                             const char          *description)
{
  return (GOptionEntry) { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &self->ca_file,
                          description, N_("FILE") };
}

GOptionEntry
altoscope_cli_trust_anchor_entry (AltoscopeCliOptions *self)
{
  return (GOptionEntry) { "trust-anchor", 0, 0, G_OPTION_ARG_FILENAME_ARRAY,
                          &self->trust_anchors,
                          N_("Also validate DNSSEC from the DS or DNSKEY records in this file, "
                             "besides the root's (repeatable; a private zone)"),
                          N_("FILE") };
}

GOptionEntry
altoscope_cli_no_validate_entry (AltoscopeCliOptions *self)
{
  return (GOptionEntry) { "no-validate", 0, 0, G_OPTION_ARG_NONE, &self->no_validate,
                          N_("Do not validate DNSSEC locally: show the resolver's status, as "
                             "it claims it"), NULL };
}

static gboolean
usage_error (const AltoscopeCliOptions *self,
             const char                *message)
{
  altoscope_cli_usage_error (self->command, message);
  return FALSE;
}

/* What the shared options hold, checked; FALSE (the error printed) if
 * anything is wrong. */
static gboolean
check_shared (AltoscopeCliOptions  *self,
              int                   argc,
              char                **argv)
{
  if (!self->takes_arguments && argc > 1)
    {
      g_autofree char *msg = g_strdup_printf (_("Unexpected argument “%s”"), argv[1]);
      return usage_error (self, msg);
    }
  if (self->timeout_kind != ALTOSCOPE_CLI_TIMEOUT_NONE
      && !(self->timeout_s >= timeouts[self->timeout_kind].min_s
           && self->timeout_s <= timeouts[self->timeout_kind].max_s))
    return usage_error (self, _(timeouts[self->timeout_kind].out_of_range));
  if (self->family_name != NULL && !altoscope_family_from_string (self->family_name,
                                                                  &self->family))
    return usage_error (self, _("--family takes ipv4 or ipv6"));
  if (self->ca_file != NULL)
    {
      /* Refused here, before any lookup, not once per server checked. */
      g_autoptr(GError) error = NULL;
      g_autoptr(GTlsDatabase) cas = altoscope_ca_file_load (self->ca_file, &error);

      if (cas == NULL)
        return usage_error (self, error->message);
    }
  if (self->trust_anchors != NULL && self->no_validate)
    return usage_error (self, _("--trust-anchor and --no-validate do not go together"));
  for (guint i = 0; self->trust_anchors != NULL && self->trust_anchors[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!altoscope_trust_anchor_file_check (self->trust_anchors[i], &error))
        return usage_error (self, error->message);
    }
  return TRUE;
}

/* Parses the command line of a subcommand (@argv[0] is its name) with
 * @entries, and checks the shared options among them.  What is left in
 * @argv are the words after the options.  FALSE: a usage error, printed;
 * the subcommand exits with ALTOSCOPE_EXIT_USAGE. */
gboolean
altoscope_cli_options_parse (AltoscopeCliOptions  *self,
                             const char           *parameter_string,
                             const char           *summary,
                             const GOptionEntry   *entries,
                             int                  *argc,
                             char               ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter_string);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    return usage_error (self, error->message);
  return check_shared (self, *argc, *argv);
}

guint
altoscope_cli_options_timeout_ms (const AltoscopeCliOptions *self)
{
  return (guint) (self->timeout_s * 1000);
}
