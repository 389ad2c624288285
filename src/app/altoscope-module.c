/* altoscope-module.c: the window's program, as the module the launcher
 * (main.c) loads on a thread of its own while the toolkit starts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gmodule.h>
#include <stdlib.h>

#include "altoscope-application.h"
#include "altoscope-font-warmup.h"
#include "altoscope-nm-head-start.h"
#include "altoscope-resolver.h"

G_MODULE_EXPORT void altoscope_module_begin (gboolean begin);
G_MODULE_EXPORT void altoscope_module_toolkit_started (void);
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
  altoscope_font_warmup_stop ();
}

/* On the loading thread, once the module is loaded: the first
 * discoveries start now, and the fonts the last first frame used are
 * read, when @begin (a launch that opens the window). */
void
altoscope_module_begin (gboolean begin)
{
  if (!begin)
    return;
  head_start = altoscope_nm_head_start (ALTOSCOPE_DEFAULT_TIMEOUT_MS);
  atexit (stop_at_exit);
  altoscope_font_warmup_begin ();
}

/* On the main thread, once GTK has started (not libadwaita yet): the
 * fonts read are loaded now. */
void
altoscope_module_toolkit_started (void)
{
  altoscope_font_warmup_start ();
}

/* The window will not open after all: what was begun stops. */
void
altoscope_module_end (void)
{
  altoscope_font_warmup_stop ();
  if (head_start != NULL)
    altoscope_head_start_stop (head_start);
  g_clear_object (&head_start);
}

/* On the main thread, as main would. */
int
altoscope_module_run (int    argc,
                      char **argv)
{
  g_autoptr(AltoscopeApplication) app = NULL;
  int status;

  /* The fonts of the last first frame, if loaded by now, before anything
   * is made (the mark is for tests/bench, as the application's). */
  if (altoscope_font_warmup_adopt (FALSE)
      && g_strcmp0 (g_getenv ("ALTOSCOPE_BENCH_MARKS"), "1") == 0)
    g_printerr ("mark-fonts-ahead %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  app = altoscope_application_new ();
  if (head_start != NULL)
    altoscope_application_take_head_start (app, g_object_ref (head_start));
  status = g_application_run (G_APPLICATION (app), argc, argv);
  altoscope_font_warmup_stop ();
  /* The application stops it when it goes (its dispose). */
  g_clear_object (&app);
  g_clear_object (&head_start);
  return status;
}
