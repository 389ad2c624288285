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

/* A duration as people say it: "350 ms", "1.2 s", "10 s", "2 min 5 s".
 * Timers overshoot by a millisecond or two (a 10 s deadline ends at
 * 10001 ms), so from a second up the value is rounded, not printed to
 * the millisecond. */
char *
altoscope_format_duration (double ms)
{
  if (ms < 0)
    ms = 0;
  if (ms < 1000)
    return g_strdup_printf (_("%.0f ms"), ms);
  if (ms < 9950)
    return g_strdup_printf (_("%.1f s"), ms / 1000);
  if (ms < 59500)
    return g_strdup_printf (_("%.0f s"), ms / 1000);
  {
    guint s = (guint) (ms / 1000 + 0.5);
    if (s % 60 == 0)
      return g_strdup_printf (_("%u min"), s / 60);
    return g_strdup_printf (_("%u min %u s"), s / 60, s % 60);
  }
}
