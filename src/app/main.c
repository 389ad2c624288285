/* main.c: the Altoscope window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>

#include "altoscope-application.h"
#include "altoscope-i18n.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(AltoscopeApplication) app = NULL;

  altoscope_i18n_init ();
  /* The locale is set (altoscope_i18n_init); GTK setting it again would
   * change it while the head start's thread runs (it starts first). */
  gtk_disable_setlocale ();
  app = altoscope_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
