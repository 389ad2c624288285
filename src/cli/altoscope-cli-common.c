/* altoscope-cli-common.c: what the subcommands that follow NetworkManager share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>

#include "altoscope-cli.h"
#include "altoscope-report.h"

typedef struct
{
  GMainLoop *loop;
  gboolean signalled;
} Wait;

static gboolean
on_quit_signal_cb (gpointer data)
{
  Wait *wait = data;

  wait->signalled = TRUE;
  g_main_loop_quit (wait->loop);
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

/* Runs @loop until something quits it, or SIGINT or SIGTERM does; TRUE in
 * the second case. */
gboolean
altoscope_cli_run_until_quit (GMainLoop *loop)
{
  Wait wait = { loop, FALSE };
  guint sigint = g_unix_signal_add (SIGINT, on_quit_signal_cb, &wait);
  guint sigterm = g_unix_signal_add (SIGTERM, on_quit_signal_cb, &wait);

  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  return wait.signalled;
}

/* NetworkManager's links, once they are known, or once it is known that
 * they cannot be (NetworkManager not running, no system bus): what a
 * subcommand checks its --interface against before it starts any work.
 * @interrupted (optional): set when SIGINT or SIGTERM ended the wait first. */
AltoscopeNmModel *
altoscope_cli_nm_model_new_ready (gboolean *interrupted)
{
  AltoscopeNmModel *model = altoscope_nm_model_new ();
  gboolean signalled = FALSE;

  if (!altoscope_nm_model_get_ready (model))
    {
      g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
      gulong id = g_signal_connect_swapped (model, "notify::ready",
                                            G_CALLBACK (g_main_loop_quit), loop);

      signalled = altoscope_cli_run_until_quit (loop);
      g_signal_handler_disconnect (model, id);
    }
  if (interrupted != NULL)
    *interrupted = signalled;
  return model;
}
