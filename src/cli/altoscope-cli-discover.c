/* altoscope-cli-discover.c: `altoscope-cli discover`, for one domain
 * (--domain) or for every (interface, family) pair
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <glib-unix.h>
#include <glib/gi18n.h>

#include "altoscope-ca-file.h"
#include "altoscope-cli.h"
#include "altoscope-discovery.h"
#include "altoscope-resolver.h"
#include "altoscope-domain.h"
#include "altoscope-report.h"
#include "altoscope-scheduler.h"
#include "altoscope-nm-model.h"

typedef struct
{
  GMainLoop *loop;
  AltoscopeTarget *target;
} Run;

static void
on_discovered_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  Run *run = data;
  g_autoptr(GError) error = NULL;

  run->target = altoscope_discover_finish (result, &error);
  if (run->target == NULL)
    g_printerr ("altoscope-cli: %s\n", error->message);
  g_main_loop_quit (run->loop);
}

static void
on_checked_cb (AltoscopeTarget *target,
               GAsyncResult    *result,
               Run             *run)
{
  altoscope_target_check_eligible_finish (target, result);
  g_main_loop_quit (run->loop);
}

static gboolean
on_sigint_cb (gpointer data)
{
  /* Stop the lookups; the report still comes out, saying it was cancelled. */
  g_cancellable_cancel (data);
  return G_SOURCE_CONTINUE;
}

int
altoscope_cli_discover (int    argc,
                        char **argv)
{
  g_autofree char *domain_arg = NULL;
  g_auto(GStrv) servers = NULL;
  double timeout_s = ALTOSCOPE_DEFAULT_TIMEOUT_MS / 1000.0;
  gboolean ignore_backoff = FALSE, json = FALSE, verbose = FALSE;
  g_autofree char *interface = NULL;
  g_autofree char *family = NULL;
  gboolean check = FALSE;
  g_autofree char *ca_file = NULL;
  gboolean ask_dhcp = FALSE;
  GOptionEntry entries[] = {
    { "domain", 'd', 0, G_OPTION_ARG_STRING, &domain_arg,
      N_("Domain to discover ALTO servers for (default: every interface and family, with the "
         "domain from overrides or DHCP)"), N_("NAME") },
    { "interface", 'i', 0, G_OPTION_ARG_STRING, &interface,
      N_("Without --domain: only this interface (or VPN connection name)"), N_("IFACE") },
    { "family", 'f', 0, G_OPTION_ARG_STRING, &family,
      N_("Without --domain: only this family, ipv4 or ipv6"), N_("FAMILY") },
    { "server", 's', 0, G_OPTION_ARG_STRING_ARRAY, &servers,
      N_("DNS server to ask (repeatable; default: the system's)"), N_("ADDR[:PORT]") },
    { "timeout", 't', 0, G_OPTION_ARG_DOUBLE, &timeout_s,
      N_("Time one DNS query may take (default 5)"), N_("SECONDS") },
    { "ignore-backoff", 0, 0, G_OPTION_ARG_NONE, &ignore_backoff,
      N_("Query even inside the wait after a failed lookup (the report says so)"), NULL },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json,
      N_("Print the JSON report (schema altoscope-report/1)"), NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
      N_("Show the step-by-step trace in the text report"), NULL },
    { "check", 'c', 0, G_OPTION_ARG_NONE, &check,
      N_("Also check each eligible server: fetch and validate its directory (contacts it)"), NULL },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      N_("With --check: also trust the CAs in this PEM file"), N_("FILE") },
    { "ask-dhcp", 0, 0, G_OPTION_ARG_NONE, &ask_dhcp,
      N_("Where the lease lacks option 213 (IPv4) or 57 (IPv6), ask the DHCP server directly "
         "(DHCPINFORM, Information-Request; needs root)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *domain = NULL;
  g_autoptr(AltoscopeResolver) resolver = NULL;
  g_autoptr(AltoscopeBackoff) backoff = NULL;
  g_autoptr(AltoscopeTarget) target = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GPtrArray) targets = NULL;
  Run run = { 0 };
  guint sigint_id;
  int status;

  g_option_context_set_summary (context, _("Find the ALTO servers of a domain (RFC 7286): a "
                                           "U-NAPTR lookup, ranked, with DNSSEC status."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      altoscope_cli_usage_error ("discover", error->message);
      return ALTOSCOPE_EXIT_USAGE;
    }
  if (argc > 1)
    {
      g_autofree char *msg = g_strdup_printf (_("Unexpected argument “%s”"), argv[1]);
      altoscope_cli_usage_error ("discover", msg);
      return ALTOSCOPE_EXIT_USAGE;
    }
  if (!(timeout_s >= 0.1 && timeout_s <= 300))
    {
      altoscope_cli_usage_error ("discover", _("--timeout must be between 0.1 and 300 seconds"));
      return ALTOSCOPE_EXIT_USAGE;
    }
  if (family != NULL && !g_str_equal (family, "ipv4") && !g_str_equal (family, "ipv6"))
    {
      altoscope_cli_usage_error ("discover", _("--family takes ipv4 or ipv6"));
      return ALTOSCOPE_EXIT_USAGE;
    }
  if (ca_file != NULL && !check)
    {
      altoscope_cli_usage_error ("discover", _("--ca-file goes with --check"));
      return ALTOSCOPE_EXIT_USAGE;
    }
  if (ca_file != NULL)
    {
      /* Refused here, before any lookup, not once per server checked. */
      g_autoptr(GTlsDatabase) cas = altoscope_ca_file_load (ca_file, &error);
      if (cas == NULL)
        {
          altoscope_cli_usage_error ("discover", error->message);
          return ALTOSCOPE_EXIT_USAGE;
        }
    }
  if (domain_arg == NULL)
    {
      AltoscopeCliDiscoverOptions options = { interface, family, (guint) (timeout_s * 1000),
                                              ignore_backoff, json, verbose, check, ca_file,
                                              ask_dhcp };
      if (servers != NULL)
        {
          altoscope_cli_usage_error ("discover", _("--server goes with --domain; without it, each "
                                                   "interface's own DNS servers are used"));
          return ALTOSCOPE_EXIT_USAGE;
        }
      return altoscope_cli_discover_network (&options);
    }
  if (interface != NULL || family != NULL || ask_dhcp)
    {
      altoscope_cli_usage_error ("discover", _("--interface, --family and --ask-dhcp are for "
                                               "discovery per interface; they do not go with "
                                               "--domain"));
      return ALTOSCOPE_EXIT_USAGE;
    }

  domain = altoscope_domain_normalize (domain_arg, &error);
  if (domain == NULL)
    {
      altoscope_cli_usage_error ("discover", error->message);
      return ALTOSCOPE_EXIT_USAGE;
    }

  resolver = altoscope_resolver_new ((const char * const *) servers, NULL,
                                     (guint) (timeout_s * 1000), &error);
  if (resolver == NULL)
    {
      altoscope_cli_usage_error ("discover", error->message);
      return ALTOSCOPE_EXIT_USAGE;
    }

  backoff = altoscope_backoff_new (NULL);
  target = altoscope_target_new (NULL, NULL, domain, "command-line");
  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;

  sigint_id = g_unix_signal_add (SIGINT, on_sigint_cb, cancellable);
  altoscope_discover_async (ALTOSCOPE_TRANSPORT (resolver), backoff, target,
                            ignore_backoff ? ALTOSCOPE_DISCOVERY_IGNORE_BACKOFF
                                           : ALTOSCOPE_DISCOVERY_NONE,
                            cancellable, on_discovered_cb, &run);
  g_main_loop_run (loop);
  /* The process ends next: what discovery remembered must be on disk. */
  altoscope_backoff_flush (backoff);

  if (run.target == NULL)
    {
      g_source_remove (sigint_id);
      return ALTOSCOPE_EXIT_USAGE;
    }
  if (check && !g_cancellable_is_cancelled (cancellable))
    {
      /* A domain of no interface: sent from whatever address routing picks. */
      altoscope_target_check_eligible_async (run.target, NULL, ca_file, 0, cancellable,
                                             (GAsyncReadyCallback) on_checked_cb, &run);
      g_main_loop_run (loop);
    }
  g_source_remove (sigint_id);

  targets = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (targets, run.target);

  if (json)
    {
      g_autoptr(JsonNode) root = altoscope_report_to_json (targets, NULL);
      g_autofree char *text = altoscope_json_to_string (root, TRUE);
      g_print ("%s\n", text);
    }
  else
    {
      g_autofree char *text = altoscope_report_to_text (targets, verbose);
      g_print ("%s", text);
    }

  status = altoscope_target_count_uris (run.target) > 0 ? ALTOSCOPE_EXIT_FOUND
                                                       : ALTOSCOPE_EXIT_NOT_FOUND;
  return status;
}

/* ---- discover, for every pair --------------------------------------------- */

int
altoscope_cli_discover_network (const AltoscopeCliDiscoverOptions *options)
{
  const char *interface = options->interface;
  gboolean json = options->json;
  g_autoptr(AltoscopeOverrides) overrides = altoscope_cli_load_overrides ();
  g_autoptr(AltoscopeBackoff) backoff = altoscope_backoff_new (NULL);
  g_autoptr(AltoscopeNmModel) model = NULL;
  g_autoptr(AltoscopeScheduler) scheduler = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GPtrArray) targets = NULL;
  gboolean found = FALSE;

  if (overrides == NULL)
    return ALTOSCOPE_EXIT_USAGE;

  model = altoscope_nm_model_new ();
  scheduler = altoscope_nm_model_create_scheduler (model, overrides, backoff,
                                                   options->timeout_ms);
  altoscope_scheduler_set_filter (scheduler, interface, options->family);
  altoscope_scheduler_set_ignore_backoff (scheduler, options->ignore_backoff);
  /* Each pair's eligible servers, from that pair's own address. */
  altoscope_scheduler_set_check_options (scheduler, options->ca_file, 0);
  altoscope_scheduler_set_auto_check (scheduler, options->check);
  altoscope_scheduler_set_auto_ask_dhcp (scheduler, options->ask_dhcp);
  g_signal_connect_swapped (scheduler, "settled", G_CALLBACK (g_main_loop_quit), loop);
  altoscope_cli_run_until_quit (loop);
  /* The process ends next: what discovery remembered must be on disk. */
  altoscope_backoff_flush (backoff);

  targets = altoscope_scheduler_dup_targets (scheduler);
  for (guint i = 0; i < targets->len; i++)
    if (altoscope_target_count_uris (targets->pdata[i]) > 0)
      found = TRUE;

  if (interface != NULL && altoscope_nm_model_get_nm_running (model)
      && altoscope_nm_model_find (model, interface) == NULL)
    {
      g_printerr (_("altoscope-cli: NetworkManager knows no interface “%s” with IP "
                    "configuration\n"), interface);
      return ALTOSCOPE_EXIT_USAGE;
    }

  if (json)
    {
      g_autoptr(JsonNode) root = altoscope_report_to_json (targets, NULL);
      g_autofree char *text = NULL;

      json_object_set_member (json_node_get_object (root), "networkmanager",
                              altoscope_cli_nm_status_json (model));
      text = altoscope_json_to_string (root, TRUE);
      g_print ("%s\n", text);
    }
  else
    {
      g_autofree char *text = altoscope_report_to_text (targets, options->verbose);
      if (altoscope_nm_model_get_status (model))
        g_print (_("NetworkManager: %s\n\n"), altoscope_nm_model_get_status (model));
      if (targets->len == 0)
        g_print ("%s\n", _("No interface or address family to discover ALTO servers for."));
      g_print ("%s", text);
    }
  return found ? ALTOSCOPE_EXIT_FOUND : ALTOSCOPE_EXIT_NOT_FOUND;
}

