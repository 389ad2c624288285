/* altoscope-cli-discover.c: `altoscope-cli discover`, for one domain
 * (--domain) or for every (interface, family) pair
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <glib-unix.h>
#include <glib/gi18n.h>

#include "altoscope-check-runner.h"
#include "altoscope-cli.h"
#include "altoscope-cross-domain.h"
#include "altoscope-discovery.h"
#include "altoscope-resolver.h"
#include "altoscope-domain.h"
#include "altoscope-report.h"
#include "altoscope-scheduler.h"
#include "altoscope-nm-model.h"
#include "altoscope-pair-setup.h"
#include "altoscope-reverse-names.h"

typedef struct
{
  AltoscopeCliOptions common;   /* --interface, --family, --timeout, --json, --ca-file,
                                 * --trust-anchor, --no-validate */
  char *domain_arg;             /* --domain as typed */
  char *domain;                 /* --domain, normalized */
  char *address;                /* --address (RFC 8686), as typed */
  GStrv servers;                /* --server */
  gboolean ignore_backoff;
  gboolean verbose;
  gboolean check;               /* also check the eligible servers */
  gboolean ask_dhcp;            /* ask DHCP servers where the lease lacks the option */
  char *note;                   /* --note: the person's words, in the JSON report */
  char **report_out;            /* `diff -`: the JSON report goes here, not to stdout */
} DiscoverArgs;

static void
discover_args_clear (DiscoverArgs *args)
{
  altoscope_cli_options_clear (&args->common);
  g_clear_pointer (&args->domain_arg, g_free);
  g_clear_pointer (&args->domain, g_free);
  g_clear_pointer (&args->address, g_free);
  g_clear_pointer (&args->servers, g_strfreev);
  g_clear_pointer (&args->note, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DiscoverArgs, discover_args_clear)

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
on_address_discovered_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      data)
{
  Run *run = data;
  g_autoptr(GError) error = NULL;

  run->target = altoscope_discover_address_finish (result, &error);
  if (run->target == NULL)
    g_printerr ("altoscope-cli: %s\n", error->message);
  g_main_loop_quit (run->loop);
}

static void
on_checked_cb (AltoscopeTarget *target,
               GAsyncResult    *result,
               Run             *run)
{
  altoscope_check_runner_check_eligible_finish (result);
  g_main_loop_quit (run->loop);
}

static gboolean
on_sigint_cb (gpointer data)
{
  /* Stop the lookups; the report still comes out, saying it was cancelled. */
  g_cancellable_cancel (data);
  return G_SOURCE_CONTINUE;
}

static gboolean
usage_error (const char *message)
{
  altoscope_cli_usage_error ("discover", message);
  return FALSE;
}

/* --address (RFC 8686) names what to look up itself: no domain, no
 * interface; the address is checked here, before any query. */
static gboolean
check_address (DiscoverArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) names = NULL;

  if (args->domain_arg != NULL)
    return usage_error (_("--address and --domain do not go together: --address finds the "
                          "domain itself, in the reverse DNS tree"));
  if (args->common.interface != NULL || args->common.family_name != NULL || args->ask_dhcp)
    return usage_error (_("--interface, --family and --ask-dhcp are for discovery per "
                          "interface; they do not go with --address"));
  names = altoscope_reverse_names_new (args->address, NULL, &error);
  if (names == NULL)
    return usage_error (error->message);
  return TRUE;
}

/* What goes with --domain and what goes without it; the domain's name,
 * checked and in its ASCII form. */
static gboolean
check_mode (DiscoverArgs *args)
{
  g_autoptr(GError) error = NULL;

  if (args->common.ca_file != NULL && !args->check)
    return usage_error (_("--ca-file goes with --check"));
  if (args->note != NULL && !g_utf8_validate (args->note, -1, NULL))
    return usage_error (_("--note is not valid text (UTF-8)"));
  if (args->address != NULL)
    return check_address (args);
  if (args->domain_arg == NULL)
    {
      if (args->servers != NULL)
        return usage_error (_("--server goes with --domain; without it, each interface's own "
                              "DNS servers are used"));
      return TRUE;
    }
  if (args->common.interface != NULL || args->common.family_name != NULL || args->ask_dhcp)
    return usage_error (_("--interface, --family and --ask-dhcp are for discovery per "
                          "interface; they do not go with --domain"));
  args->domain = altoscope_domain_normalize (args->domain_arg, &error);
  if (args->domain == NULL)
    return usage_error (error->message);
  return TRUE;
}

static gboolean
parse_args (DiscoverArgs   *args,
            int            *argc,
            char         ***argv)
{
  AltoscopeCliOptions *common = &args->common;
  GOptionEntry entries[] = {
    { "domain", 'd', 0, G_OPTION_ARG_STRING, &args->domain_arg,
      N_("Domain to discover ALTO servers for (default: every interface and family, with the "
         "domain from overrides or DHCP)"), N_("NAME") },
    { "address", 'a', 0, G_OPTION_ARG_STRING, &args->address,
      N_("Find the ALTO server responsible for this IP address or prefix, through the reverse "
         "DNS tree (RFC 8686)"), N_("IP[/LEN]") },
    altoscope_cli_interface_entry (common, N_("Without --domain: only this interface (or VPN "
                                              "connection name)")),
    altoscope_cli_family_entry (common, N_("Without --domain: only this family, ipv4 or ipv6")),
    { "server", 's', 0, G_OPTION_ARG_STRING_ARRAY, &args->servers,
      N_("DNS server to ask (repeatable; default: the system's)"), N_("ADDR[:PORT]") },
    altoscope_cli_timeout_entry (common, ALTOSCOPE_CLI_TIMEOUT_DNS_QUERY),
    { "ignore-backoff", 0, 0, G_OPTION_ARG_NONE, &args->ignore_backoff,
      N_("Query even inside the wait after a failed lookup (the report says so)"), NULL },
    altoscope_cli_json_entry (common, N_("Print the JSON report (schema altoscope-report/1)")),
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &args->verbose,
      N_("Show the step-by-step trace in the text report"), NULL },
    { "check", 'c', 0, G_OPTION_ARG_NONE, &args->check,
      N_("Also check each eligible server: fetch and validate its directory (contacts it)"), NULL },
    altoscope_cli_ca_file_entry (common, N_("With --check: also trust the CAs in this PEM file")),
    { "ask-dhcp", 0, 0, G_OPTION_ARG_NONE, &args->ask_dhcp,
      N_("Where the lease lacks option 213 (IPv4) or 57 (IPv6), ask the DHCP server directly "
         "(DHCPINFORM, Information-Request; needs root)"), NULL },
    altoscope_cli_trust_anchor_entry (common),
    altoscope_cli_no_validate_entry (common),
    { "note", 0, 0, G_OPTION_ARG_STRING, &args->note,
      N_("With --json: a note of your own for whoever reads the report (e.g. a ticket number)"),
      N_("TEXT") },
    { NULL }
  };

  return altoscope_cli_options_parse (common, NULL,
                                      _("Find the ALTO servers of a domain (RFC 7286): a "
                                        "U-NAPTR lookup, ranked, with DNSSEC status."),
                                      entries, argc, argv)
         && check_mode (args);
}

static gboolean
any_found (GPtrArray *targets)
{
  for (guint i = 0; i < targets->len; i++)
    if (altoscope_target_count_uris (targets->pdata[i]) > 0)
      return TRUE;
  return FALSE;
}

/* The report, altoscope-report/1 or text; with @model (every pair), what
 * NetworkManager says as well. */
static void
print_report (GPtrArray          *targets,
              const DiscoverArgs *args,
              AltoscopeNmModel   *model)
{
  const char *status = model ? altoscope_nm_model_get_status (model) : NULL;

  if (args->common.json || args->report_out != NULL)
    {
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      root = altoscope_report_to_json_full (targets, NULL, NULL, args->note,
                                            model ? altoscope_nm_model_status_to_json (model)
                                            : NULL);
      text = altoscope_json_to_string (root, TRUE);
      if (args->report_out != NULL)
        *args->report_out = g_steal_pointer (&text);
      else
        g_print ("%s\n", text);
    }
  else
    {
      g_autofree char *text = altoscope_report_to_text (targets, args->verbose);

      if (status != NULL)
        g_print (_("NetworkManager: %s\n\n"), status);
      if (model != NULL && targets->len == 0)
        g_print ("%s\n", _("No interface or address family to discover ALTO servers for."));
      g_print ("%s", text);
    }
}

/* ---- discover --domain ----------------------------------------------------- */

static char *
no_validation_message (const char *why)
{
  return g_strdup_printf (_("Altoscope could not check DNSSEC itself, so the status shown is "
                            "the resolver’s word. Why: %s"), why);
}

/* The discovery itself: of the domain, or (--address) RFC 8686's reverse
 * names one after the other, each the same way. */
static void
start_discovery (const DiscoverArgs *args,
                 AltoscopeTransport *transport,
                 AltoscopeBackoff   *backoff,
                 const char         *no_validation,
                 GCancellable       *cancellable,
                 Run                *run)
{
  AltoscopeDiscoveryFlags flags = args->ignore_backoff ? ALTOSCOPE_DISCOVERY_IGNORE_BACKOFF
                                                       : ALTOSCOPE_DISCOVERY_NONE;
  g_autoptr(AltoscopeTarget) target = NULL;

  if (args->address != NULL)
    {
      altoscope_discover_address_async (transport, backoff, args->address, flags, cancellable,
                                        on_address_discovered_cb, run);
      return;
    }
  target = altoscope_target_new (NULL, NULL, args->domain, ALTOSCOPE_DOMAIN_SOURCE_COMMAND_LINE);
  if (no_validation != NULL)
    {
      g_autofree char *msg = no_validation_message (no_validation);
      altoscope_target_add_warning (target, "dnssec-not-validated", msg);
    }
  altoscope_discover_async (transport, backoff, target, flags, cancellable,
                            on_discovered_cb, run);
}

/* One discovery of the domain (or the address), then (--check) a check of
 * its eligible servers.  Ctrl+C cancels both, and the report still comes
 * out.  NULL (the error printed) if discovery could not run at all. */
static AltoscopeTarget *
run_domain (const DiscoverArgs *args,
            AltoscopeTransport *transport,
            const char         *no_validation)
{
  g_autoptr(AltoscopeBackoff) backoff = altoscope_backoff_new (NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Run run = { loop, NULL };
  guint sigint_id = g_unix_signal_add (SIGINT, on_sigint_cb, cancellable);

  start_discovery (args, transport, backoff, no_validation, cancellable, &run);
  g_main_loop_run (loop);
  /* The process ends next: what discovery remembered must be on disk. */
  altoscope_backoff_flush (backoff);

  if (run.target != NULL && args->address != NULL && no_validation != NULL)
    {
      /* The names' targets are made by the procedure: said once, on the result. */
      g_autofree char *msg = no_validation_message (no_validation);
      altoscope_target_add_warning (run.target, "dnssec-not-validated", msg);
    }
  if (run.target != NULL && args->check && !g_cancellable_is_cancelled (cancellable))
    {
      /* A domain of no interface: sent from whatever address routing picks. */
      altoscope_check_runner_check_eligible_async (run.target, NULL, NULL, args->common.ca_file, 0,
                                             cancellable,
                                             (GAsyncReadyCallback) on_checked_cb, &run);
      g_main_loop_run (loop);
    }
  g_source_remove (sigint_id);
  return run.target;
}

static int
discover_domain (const DiscoverArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeTransport) transport = NULL;
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *no_validation = NULL;
  AltoscopeTransportSetup setup = {
    .validate = !args->common.no_validate,
    .anchor_files = (const char * const *) args->common.trust_anchors,
    .timeout_ms = altoscope_cli_options_timeout_ms (&args->common),
  };
  AltoscopeTarget *target;

  /* --server is checked here, before any query.  A domain of no interface:
   * validation's queries leave from whatever address routing picks. */
  transport = altoscope_transport_setup_make (&setup, (const char * const *) args->servers,
                                              NULL, NULL, &no_validation, &error);
  if (transport == NULL)
    {
      usage_error (error->message);
      return ALTOSCOPE_EXIT_USAGE;
    }

  target = run_domain (args, transport, no_validation);
  if (target == NULL)
    return ALTOSCOPE_EXIT_USAGE;
  g_ptr_array_add (targets, target);

  print_report (targets, args, NULL);
  return any_found (targets) ? ALTOSCOPE_EXIT_FOUND : ALTOSCOPE_EXIT_NOT_FOUND;
}

/* ---- discover, for every pair ---------------------------------------------- */

/* An --interface NetworkManager does not know is bad usage, said before
 * any pair is discovered.  Without NetworkManager nothing can be known:
 * the default override still runs. */
static gboolean
interface_is_known (const DiscoverArgs *args,
                    AltoscopeNmModel   *model)
{
  const char *interface = args->common.interface;

  if (interface == NULL || !altoscope_nm_model_get_nm_running (model)
      || altoscope_nm_model_find (model, interface) != NULL)
    return TRUE;
  g_printerr (_("altoscope-cli: NetworkManager knows no interface “%s” with IP "
                "configuration\n"), interface);
  return FALSE;
}

static AltoscopeScheduler *
create_scheduler (const DiscoverArgs *args,
                  AltoscopeNmModel   *model,
                  AltoscopeOverrides *overrides,
                  AltoscopeBackoff   *backoff)
{
  AltoscopeScheduler *scheduler =
    altoscope_nm_model_create_scheduler (model, overrides, backoff,
                                         altoscope_cli_options_timeout_ms (&args->common));

  altoscope_scheduler_set_filter (scheduler, args->common.interface, args->common.family_name);
  altoscope_scheduler_set_ignore_backoff (scheduler, args->ignore_backoff);
  /* Each pair's eligible servers, from that pair's own address. */
  altoscope_scheduler_set_check_options (scheduler, args->common.ca_file, 0);
  altoscope_scheduler_set_auto_check (scheduler, args->check);
  altoscope_scheduler_set_auto_ask_dhcp (scheduler, args->ask_dhcp);
  altoscope_scheduler_set_validation (scheduler, !args->common.no_validate,
                                      (const char * const *) args->common.trust_anchors);
  return scheduler;
}

/* Every pair NetworkManager's links make (or those of --interface and
 * --family), each discovered (and checked, and asked about) once: the
 * scheduler is "settled" when none is left running.  Ctrl+C ends the wait,
 * and the report says what was found so far. */
static int
discover_network (const DiscoverArgs *args)
{
  g_autoptr(AltoscopeOverrides) overrides = altoscope_cli_load_overrides ();
  g_autoptr(AltoscopeBackoff) backoff = altoscope_backoff_new (NULL);
  g_autoptr(AltoscopeNmModel) model = NULL;
  g_autoptr(AltoscopeScheduler) scheduler = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GPtrArray) targets = NULL;
  gboolean interrupted;

  if (overrides == NULL)
    return ALTOSCOPE_EXIT_USAGE;
  model = altoscope_cli_nm_model_new_ready (&interrupted);
  if (!interface_is_known (args, model))
    return ALTOSCOPE_EXIT_USAGE;

  scheduler = create_scheduler (args, model, overrides, backoff);
  g_signal_connect_swapped (scheduler, "settled", G_CALLBACK (g_main_loop_quit), loop);
  if (!interrupted)
    altoscope_cli_run_until_quit (loop);
  /* The process ends next: what discovery remembered must be on disk. */
  altoscope_backoff_flush (backoff);
  targets = altoscope_scheduler_dup_targets (scheduler);

  print_report (targets, args, model);
  return any_found (targets) ? ALTOSCOPE_EXIT_FOUND : ALTOSCOPE_EXIT_NOT_FOUND;
}

int
altoscope_cli_discover (int    argc,
                        char **argv)
{
  g_auto(DiscoverArgs) args = { .common = ALTOSCOPE_CLI_OPTIONS_INIT ("discover", FALSE) };

  if (!parse_args (&args, &argc, &argv))
    return ALTOSCOPE_EXIT_USAGE;
  return args.domain != NULL || args.address != NULL ? discover_domain (&args)
                                                     : discover_network (&args);
}

/* `diff -`: this machine now, discovered exactly as `discover ARGV --json`
 * would (the same options, checks and runs), its report handed back in
 * @report instead of printed.  Returns discover's exit status; @report is
 * set unless it is ALTOSCOPE_EXIT_USAGE. */
int
altoscope_cli_discover_report (int    argc,
                               char **argv,
                               char **report)
{
  g_auto(DiscoverArgs) args = { .common = ALTOSCOPE_CLI_OPTIONS_INIT ("discover", FALSE) };
  int status;

  *report = NULL;
  if (!parse_args (&args, &argc, &argv))
    return ALTOSCOPE_EXIT_USAGE;
  args.report_out = report;
  status = args.domain != NULL || args.address != NULL ? discover_domain (&args)
                                                       : discover_network (&args);
  return *report != NULL ? status : ALTOSCOPE_EXIT_USAGE;
}
