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

G_MODULE_EXPORT void altoscope_module_begin (gboolean begin);
G_MODULE_EXPORT void altoscope_module_end (void);
G_MODULE_EXPORT int altoscope_module_run (int argc, char **argv);

/* Made on the loading thread, used on the main one (after the launcher
 * has joined that thread). */
static AltoscopeHeadStart *head_start;

/* A process that exits without its application going (an exit () along
 * the way) stops the head start's thread first: left running, it would
 * use libraries being torn down. */
static void
stop_at_exit (void)
{
  if (head_start != NULL)
    altoscope_head_start_stop (head_start);
}

/* On the loading thread, once the module is loaded: the first
 * discoveries start now, when @begin (a launch that opens the window). */
void
altoscope_module_begin (gboolean begin)
{
  if (!begin)
    return;
  head_start = altoscope_nm_head_start (ALTOSCOPE_DEFAULT_TIMEOUT_MS);
  atexit (stop_at_exit);
}

/* The window will not open after all: what was begun stops. */
void
altoscope_module_end (void)
{
  if (head_start != NULL)
    altoscope_head_start_stop (head_start);
  g_clear_object (&head_start);
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
  status = g_application_run (G_APPLICATION (app), argc, argv);
  /* The application stops it when it goes (its dispose). */
  g_clear_object (&app);
  g_clear_object (&head_start);
  return status;
}
