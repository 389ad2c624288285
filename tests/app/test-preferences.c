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

static GtkWidget *
child (AltoscopePreferences *prefs,
       const char           *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (prefs), ALTOSCOPE_TYPE_PREFERENCES,
                                                    name));
}

/* Issue 17: validation is on by default, the switch is the setting; an
 * extra trust anchor is checked as typed, a wrong one is said and never
 * stored, a DS file is stored. */
static void
test_dnssec (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.altoscope.Altoscope");
  g_autoptr(AltoscopeOverrides) overrides = altoscope_overrides_new (settings);
  AltoscopePreferences *prefs = altoscope_preferences_new (NULL, overrides);
  g_autofree char *ds = g_build_filename (workdir, "anchor.ds", NULL);
  g_autofree char *junk = g_build_filename (workdir, "junk.ds", NULL);
  g_autofree char *stored = NULL;
  GtkWidget *entry = child (prefs, "anchor_entry");
  GtkWidget *sw = child (prefs, "validate_switch");

  gtk_window_present (GTK_WINDOW (prefs));
  g_assert_true (g_settings_get_boolean (settings, "validate-dnssec"));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (sw)));
  gtk_switch_set_active (GTK_SWITCH (sw), FALSE);
  g_assert_false (g_settings_get_boolean (settings, "validate-dnssec"));
  gtk_switch_set_active (GTK_SWITCH (sw), TRUE);

  g_assert_true (g_file_set_contents (junk, "not a record\n", -1, NULL));
  gtk_editable_set_text (GTK_EDITABLE (entry), junk);
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (child (prefs, "anchor_status"))),
                                   "Not usable: "));
  g_signal_emit_by_name (entry, "apply");
  stored = g_settings_get_string (settings, "trust-anchor-file");
  g_assert_cmpstr (stored, ==, "");

  g_assert_true (g_file_set_contents (ds, "signed.test. 3600 IN DS 12345 13 2 "
                                      "3490A6806D47F17A34C29E2CE80E8A999FFBE4BE55D4D36B6F2B0EE5C"
                                      "A2D7E9E\n", -1, NULL));
  gtk_editable_set_text (GTK_EDITABLE (entry), ds);
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  g_signal_emit_by_name (entry, "apply");
  g_clear_pointer (&stored, g_free);
  stored = g_settings_get_string (settings, "trust-anchor-file");
  g_assert_cmpstr (stored, ==, ds);
  g_settings_reset (settings, "trust-anchor-file");
  gtk_window_destroy (GTK_WINDOW (prefs));
  g_unlink (ds);
  g_unlink (junk);
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
  g_test_add_func ("/app/preferences/dnssec", test_dnssec);
  status = g_test_run ();
  test_tmpdir_remove (workdir);
  g_free (workdir);
  return status;
}
