/* altoscope-module.c: the window's program, as the module the launcher
 * (main.c) loads on a thread of its own while the toolkit starts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gmodule.h>
#include <stdlib.h>

#include "altoscope-application.h"
#include "altoscope-nm-head-start.h"
#include "altoscope-resolver.h"

G_MODULE_EXPORT void altoscope_module_begin (gboolean begin, GCancellable *cancellable);
G_MODULE_EXPORT void altoscope_module_end (void);
G_MODULE_EXPORT int altoscope_module_run (int argc, char **argv);

/* Made on the loading thread, used on the main one (after the launcher
 * has joined that thread). */
static AltoscopeHeadStart *head_start;
static AltoscopeNmModel *model;

/* A process that exits without its application going (an exit () along
 * the way) stops the head start's thread first: left running, it would
 * use libraries being torn down. */
static void
stop_at_exit (void)
{
  if (head_start != NULL)
    altoscope_head_start_stop (head_start);
}

/* On the loading thread, once the module is loaded, when @begin (a launch
 * that opens the window): the first discoveries start now; then the
 * window's own NetworkManager client is made, so that the window is made
 * with its interfaces rather than waiting for them after the toolkit has
 * started (about 15 ms on the way to the first result with
 * NetworkManager; issue 15, item 10).  That client is bound to the global
 * default main context, the one the main thread runs: this thread owns
 * it meanwhile (the main thread does not run it before it joins this
 * one).  The launcher cancels @cancellable once the toolkit has started:
 * a NetworkManager slower than that never holds the window back, and the
 * application then makes its model as it would have. */
void
altoscope_module_begin (gboolean      begin,
                        GCancellable *cancellable)
{
  GMainContext *context = g_main_context_default ();

  if (!begin)
    return;
  head_start = altoscope_nm_head_start (ALTOSCOPE_DEFAULT_TIMEOUT_MS);
  atexit (stop_at_exit);
  if (g_main_context_acquire (context))
    {
      model = altoscope_nm_model_new_filled (cancellable);
      g_main_context_release (context);
    }
  if (model != NULL)
    g_debug ("the window's NetworkManager client was made while the toolkit started");
}

/* The window will not open after all: what was begun stops. */
void
altoscope_module_end (void)
{
  if (head_start != NULL)
    altoscope_head_start_stop (head_start);
  g_clear_object (&head_start);
  g_clear_object (&model);
}

/* On the main thread, as main would. */
int
altoscope_module_run (int    argc,
                      char **argv)
{
  g_autoptr(AltoscopeApplication) app = altoscope_application_new ();
  int status;

  if (head_start != NULL)
    altoscope_application_take_head_start (app, g_object_ref (head_start));
  if (model != NULL)
    altoscope_application_take_model (app, g_steal_pointer (&model));
  status = g_application_run (G_APPLICATION (app), argc, argv);
  /* The application stops it when it goes (its dispose). */
  g_clear_object (&app);
  g_clear_object (&head_start);
  return status;
}
