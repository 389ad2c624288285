/* altoscope-i18n.c: gettext set-up for every front end
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <glib/gi18n-lib.h>

#include "altoscope-i18n.h"

void
altoscope_i18n_init (void)
{
  const char *dir = g_getenv ("ALTOSCOPE_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* Run from the build tree, `meson devenv` and `meson test` point
   * ALTOSCOPE_LOCALEDIR at the build's catalogues. */
  bindtextdomain (GETTEXT_PACKAGE, dir ? dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
