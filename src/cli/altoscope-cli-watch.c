/* altoscope-cli-watch.c: `watch`, each new result as it happens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <glib-unix.h>
#include <glib/gi18n.h>

#include "altoscope-cli.h"
#include "altoscope-dhcp.h"
#include "altoscope-domain-choice.h"
#include "altoscope-nm-model.h"
#include "altoscope-scheduler.h"
#include "altoscope-report.h"
#include "altoscope-text.h"

typedef struct
{
  gboolean json;
  gboolean verbose;
  AltoscopeNmModel *model;
  int nm_running;   /* -1: not yet said */
} Watch;

static void
emit_line (JsonBuilder *b)
{
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  g_autofree char *text = altoscope_json_to_string (root, FALSE);
  g_print ("%s\n", text);
  fflush (stdout);
}

static char *
now_string (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format_iso8601 (now);
}

static void
on_watch_result_cb (AltoscopeScheduler *scheduler,
                    AltoscopePair      *pair,
                    Watch              *w)
{
  AltoscopeTarget *target = altoscope_pair_get_report (pair);

  if (w->json)
    {
      g_autoptr(GPtrArray) targets = g_ptr_array_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      g_ptr_array_add (targets, target);
      root = altoscope_report_to_json (targets, NULL);
      json_object_set_string_member (json_node_get_object (root), "event", "result");
      text = altoscope_json_to_string (root, FALSE);
      g_print ("%s\n", text);
    }
  else
    {
      g_autoptr(GPtrArray) targets = g_ptr_array_new ();
      g_autofree char *text = NULL;
      g_autofree char *stamp = now_string ();

      g_ptr_array_add (targets, target);
      text = altoscope_report_to_text (targets, w->verbose);
      g_print ("── %s\n%s\n", stamp, text);
    }
  fflush (stdout);
}

static void
on_watch_pair_cb (AltoscopeScheduler *scheduler,
                  const char       *key,
                  const char       *label,
                  Watch            *w,
                  const char       *event)
{
  if (w->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "event");
      json_builder_add_string_value (b, event);
      /* "pair" is what people read; "pair_id" tells apart two VPNs of one
       * name (a VPN is known by its connection UUID). */
      json_builder_set_member_name (b, "pair");
      json_builder_add_string_value (b, label);
      json_builder_set_member_name (b, "pair_id");
      json_builder_add_string_value (b, key);
      json_builder_end_object (b);
      emit_line (b);
    }
  else if (g_str_equal (event, "removed"))
    {
      g_autofree char *safe = altoscope_text_safe (label);
      g_print (_("── %s is gone; its result no longer applies\n"), safe);
      fflush (stdout);
    }
}

static void
on_watch_started_cb (AltoscopeScheduler *scheduler,
                     const char       *key,
                     const char       *label,
                     Watch            *w)
{
  on_watch_pair_cb (scheduler, key, label, w, "started");
}

static void
on_watch_removed_cb (AltoscopeScheduler *scheduler,
                     const char       *key,
                     const char       *label,
                     Watch            *w)
{
  on_watch_pair_cb (scheduler, key, label, w, "removed");
}

static void
on_watch_nm_cb (Watch *w)
{
  int running = altoscope_nm_model_get_nm_running (w->model);

  if (!altoscope_nm_model_get_ready (w->model) || running == w->nm_running)
    return;
  w->nm_running = running;
  if (w->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "event");
      json_builder_add_string_value (b, "networkmanager");
      json_builder_set_member_name (b, "networkmanager");
      json_builder_add_value (b, altoscope_nm_model_status_to_json (w->model));
      json_builder_end_object (b);
      emit_line (b);
    }
  else
    {
      g_print (running ? _("── NetworkManager is running\n")
                       : _("── NetworkManager is not running; overrides still work\n"));
      fflush (stdout);
    }
}

static gboolean
parse_args (AltoscopeCliOptions   *options,
            gboolean              *verbose,
            int                   *argc,
            char                ***argv)
{
  GOptionEntry entries[] = {
    altoscope_cli_interface_entry (options, N_("Only this interface (or VPN connection name)")),
    altoscope_cli_family_entry (options, N_("Only this family: ipv4 or ipv6")),
    altoscope_cli_timeout_entry (options, ALTOSCOPE_CLI_TIMEOUT_DNS_QUERY),
    altoscope_cli_json_entry (options, N_("One JSON object per line")),
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, verbose,
      N_("Show the step-by-step trace in the text report"), NULL },
    altoscope_cli_trust_anchor_entry (options),
    altoscope_cli_no_validate_entry (options),
    { NULL }
  };

  return altoscope_cli_options_parse (options, NULL,
                                      _("Keep running and print each new discovery result "
                                        "as the network or the overrides change."),
                                      entries, argc, argv);
}

/* Unlike discover, an --interface NetworkManager does not know yet is no
 * error here: it may come. */
int
altoscope_cli_watch (int    argc,
                     char **argv)
{
  g_auto(AltoscopeCliOptions) options = ALTOSCOPE_CLI_OPTIONS_INIT ("watch", FALSE);
  gboolean verbose = FALSE;
  g_autoptr(AltoscopeOverrides) overrides = NULL;
  g_autoptr(AltoscopeBackoff) backoff = NULL;
  g_autoptr(AltoscopeNmModel) model = NULL;
  g_autoptr(AltoscopeScheduler) scheduler = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Watch w = { 0 };

  if (!parse_args (&options, &verbose, &argc, &argv))
    return ALTOSCOPE_EXIT_USAGE;

  overrides = altoscope_cli_load_overrides ();
  if (overrides == NULL)
    return ALTOSCOPE_EXIT_USAGE;
  backoff = altoscope_backoff_new (NULL);
  model = altoscope_nm_model_new ();
  scheduler = altoscope_nm_model_create_scheduler (model, overrides, backoff,
                                                   altoscope_cli_options_timeout_ms (&options));
  altoscope_scheduler_set_filter (scheduler, options.interface, options.family_name);
  altoscope_scheduler_set_validation (scheduler, !options.no_validate,
                                      (const char * const *) options.trust_anchors);

  w = (Watch) { options.json, verbose, model, -1 };
  g_signal_connect (scheduler, "result", G_CALLBACK (on_watch_result_cb), &w);
  g_signal_connect (scheduler, "started", G_CALLBACK (on_watch_started_cb), &w);
  g_signal_connect (scheduler, "removed", G_CALLBACK (on_watch_removed_cb), &w);
  g_signal_connect_swapped (model, "notify::nm-running", G_CALLBACK (on_watch_nm_cb), &w);
  g_signal_connect_swapped (model, "notify::ready", G_CALLBACK (on_watch_nm_cb), &w);

  altoscope_cli_run_until_quit (loop);
  g_signal_handlers_disconnect_by_data (scheduler, &w);
  g_signal_handlers_disconnect_by_data (model, &w);
  return 0;
}
