/* main.c: the Altoscope window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "altoscope-application.h"
#include "altoscope-i18n.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(AltoscopeApplication) app = NULL;

  altoscope_i18n_init ();
  app = altoscope_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
