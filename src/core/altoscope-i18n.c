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
  /* Run from the build tree (the README's way), use the build's catalogues. */
  if (dir == NULL && g_file_test (BUILD_LOCALEDIR, G_FILE_TEST_IS_DIR)
      && !g_file_test (LOCALEDIR "/de/LC_MESSAGES/" GETTEXT_PACKAGE ".mo", G_FILE_TEST_EXISTS))
    dir = BUILD_LOCALEDIR;
  bindtextdomain (GETTEXT_PACKAGE, dir ? dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
