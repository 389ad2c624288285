/* altoscope-cli-common.c: what the subcommands that follow NetworkManager share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>

#include "altoscope-cli.h"
#include "altoscope-report.h"

static gboolean
on_quit_signal_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}

AltoscopeOverrides *
altoscope_cli_load_overrides (void)
{
  g_autoptr(GError) error = NULL;
  AltoscopeOverrides *overrides = altoscope_overrides_new_default (&error);

  if (overrides == NULL)
    g_printerr ("altoscope-cli: %s\n", error->message);
  return overrides;
}

JsonNode *
altoscope_cli_nm_status_json (AltoscopeNmModel *model)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "running");
  json_builder_add_boolean_value (b, altoscope_nm_model_get_nm_running (model));
  altoscope_json_add_string_or_null (b, "status", altoscope_nm_model_get_status (model));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

void
altoscope_cli_run_until_quit (GMainLoop *loop)
{
  guint sigint = g_unix_signal_add (SIGINT, on_quit_signal_cb, loop);
  guint sigterm = g_unix_signal_add (SIGTERM, on_quit_signal_cb, loop);

  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);
}

