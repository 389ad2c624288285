/* altoscope-module.c: the window's program, as the module the launcher
 * (main.c) loads on a thread of its own while the toolkit starts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gmodule.h>

#include "altoscope-application.h"
#include "altoscope-nm-head-start.h"
#include "altoscope-resolver.h"

G_MODULE_EXPORT void altoscope_module_begin (gboolean primary);
G_MODULE_EXPORT int altoscope_module_run (int argc, char **argv);

/* Made on the loading thread, taken by the application on the main one
 * (after the launcher has joined that thread). */
static AltoscopeHeadStart *head_start;

/* On the loading thread, once the module is loaded: the first
 * discoveries start now (a launch that hands its arguments to a window
 * already open, not @primary, starts none). */
void
altoscope_module_begin (gboolean primary)
{
  if (primary)
    head_start = altoscope_nm_head_start (ALTOSCOPE_DEFAULT_TIMEOUT_MS);
}

/* On the main thread, as main would. */
int
altoscope_module_run (int    argc,
                      char **argv)
{
  g_autoptr(AltoscopeApplication) app = altoscope_application_new ();

  if (head_start != NULL)
    altoscope_application_take_head_start (app, g_steal_pointer (&head_start));
  return g_application_run (G_APPLICATION (app), argc, argv);
}
