/* Widget tests: the Preferences window's CA file, as a person types it
 * (run under a private Xvfb by with-display.py).  A relative name is taken
 * from the current directory and stored absolute, as altoscope-cli reads
 * it; a device, a FIFO or a file without a certificate is refused where it
 * is typed, and the setting keeps what it had.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "altoscope-preferences.h"
#include "../unit/test-tmpdir.h"

static char *workdir;

static AdwEntryRow *
ca_entry (AltoscopePreferences *prefs)
{
  return ADW_ENTRY_ROW (gtk_widget_get_template_child (GTK_WIDGET (prefs),
                                                       ALTOSCOPE_TYPE_PREFERENCES, "ca_entry"));
}

/* Types @text into the CA row and presses Enter (the row's "apply"). */
static void
type_and_apply (AltoscopePreferences *prefs,
                const char           *text)
{
  AdwEntryRow *row = ca_entry (prefs);

  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "apply");
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_ca_file (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.altoscope.Altoscope");
  g_autoptr(AltoscopeOverrides) overrides = altoscope_overrides_new (settings);
  AltoscopePreferences *prefs = altoscope_preferences_new (NULL, overrides);
  g_autofree char *src = g_test_build_filename (G_TEST_DIST, "fixtures", "ca.pem", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *expected = g_build_filename (workdir, "ca.pem", NULL);
  g_autofree char *fifo = g_build_filename (workdir, "fifo.pem", NULL);
  g_autofree char *empty = g_build_filename (workdir, "empty.pem", NULL);
  g_autofree char *stored = NULL;

  g_assert_true (g_file_get_contents (src, &contents, NULL, NULL));
  g_assert_true (g_file_set_contents (expected, contents, -1, NULL));
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (g_chdir (workdir), ==, 0);
  gtk_window_present (GTK_WINDOW (prefs));

  /* Relative, from the current directory: stored absolute. */
  type_and_apply (prefs, "ca.pem");
  stored = g_settings_get_string (settings, "check-ca-file");
  g_assert_cmpstr (stored, ==, expected);
  g_clear_pointer (&stored, g_free);

  /* Refused where typed; nothing changes, and nothing blocks on the FIFO. */
  for (guint i = 0; i < 3; i++)
    {
      const char *bad[] = { "/dev/zero", "fifo.pem", "empty.pem" };
      gint64 started = g_get_monotonic_time ();

      type_and_apply (prefs, bad[i]);
      g_assert_cmpint (g_get_monotonic_time () - started, <, 2 * G_USEC_PER_SEC);
      stored = g_settings_get_string (settings, "check-ca-file");
      g_assert_cmpstr (stored, ==, expected);
      g_clear_pointer (&stored, g_free);
    }
  /* While typing, a FIFO and a device are marked, with the reason. */
  gtk_editable_set_text (GTK_EDITABLE (ca_entry (prefs)), "fifo.pem");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (ca_entry (prefs)), "error"));
  gtk_editable_set_text (GTK_EDITABLE (ca_entry (prefs)), "ca.pem");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (ca_entry (prefs)), "error"));

  gtk_window_destroy (GTK_WINDOW (prefs));
  g_unlink (fifo);
  g_unlink (empty);
  g_unlink (expected);
}

int
main (int argc, char **argv)
{
  int status;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  workdir = test_tmpdir_new_for_program ("altoscope-prefs-XXXXXX");
  g_assert_nonnull (workdir);
  g_test_add_func ("/app/preferences/ca-file", test_ca_file);
  status = g_test_run ();
  test_tmpdir_remove (workdir);
  g_free (workdir);
  return status;
}
