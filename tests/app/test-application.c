/* The application's own setup, under a private Xvfb (with-display.py): the
 * accelerators its menu shows, and no automatic help overlay, so that the
 * shortcuts window is built when asked for, not with every window; its
 * style sheet loaded without automatic resources; the icon theme, thrown
 * away by a resource path added late, read again on a thread, not on the
 * main one.
 *
 * No NetworkManager and no settings (a memory backend, no system bus): the
 * application starts its model and scheduler and the head start's thread
 * (which runs on a context of its own, never this thread's), and nothing
 * is looked up.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <dlfcn.h>

#include "altoscope-application.h"
#include "../unit/test-tmpdir.h"

static GThread *main_thread;
static gint main_theme_reads;
static gboolean (*real_load) (GKeyFile *, const gchar *, GKeyFileFlags, GError **);

/* Every key file GTK reads passes here (this program's symbol comes
 * before GLib's): an icon theme's index read on the main thread is
 * counted. */
gboolean g_key_file_load_from_file (GKeyFile *file, const gchar *path, GKeyFileFlags flags,
                                    GError **error);
gboolean
g_key_file_load_from_file (GKeyFile       *file,
                           const gchar    *path,
                           GKeyFileFlags   flags,
                           GError        **error)
{
  /* real_load is set in main, before GTK starts a thread. */
  if (g_thread_self () == main_thread && g_str_has_suffix (path, "/index.theme"))
    g_atomic_int_inc (&main_theme_reads);
  return real_load (file, path, flags, error);
}

static void
look_up_on_main (GtkIconTheme *theme)
{
  g_autoptr(GtkIconPaintable) icon = gtk_icon_theme_lookup_icon (theme, "open-menu-symbolic", NULL,
                                                                 16, 1, GTK_TEXT_DIR_NONE, 0);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_task_propagate_boolean (G_TASK (result), NULL);
  *(gboolean *) data = TRUE;
}

/* libadwaita adds its resource path to a theme GTK may have read already
 * (altoscope_application_read_icon_theme): the read on a thread leaves
 * the main thread's next lookup nothing to read.  Without it, that lookup
 * reads the theme (the counter sees it). */
static void
test_icon_theme_read_on_a_thread (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (display);
  gboolean read = FALSE;

  if (!g_file_test ("/usr/share/icons/hicolor/index.theme", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no icon theme installed (package hicolor-icon-theme)");
      return;
    }
  look_up_on_main (theme);
  gtk_icon_theme_add_resource_path (theme, "/org/altoscope/Altoscope/test-one");
  g_atomic_int_set (&main_theme_reads, 0);
  altoscope_application_read_icon_theme (display, read_cb, &read);
  while (!read)
    g_main_context_iteration (NULL, TRUE);
  look_up_on_main (theme);
  g_assert_cmpint (g_atomic_int_get (&main_theme_reads), ==, 0);

  gtk_icon_theme_add_resource_path (theme, "/org/altoscope/Altoscope/test-two");
  look_up_on_main (theme);
  g_assert_cmpint (g_atomic_int_get (&main_theme_reads), >, 0);
}

static void
assert_accel (GtkApplication *app,
              const char     *action,
              const char     *want)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, action);

  g_assert_nonnull (accels);
  g_assert_cmpstr (accels[0], ==, want);
}

static gboolean
has_resource (const char *path)
{
  return g_resources_get_info (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL, NULL, NULL);
}

/* A label's minimum width, with @css_class: the style sheet's padding
 * (.nm-banner: 12 px each side) shows in it. */
static int
label_width (const char *css_class)
{
  GtkWidget *label = g_object_ref_sink (gtk_label_new ("x"));
  int min = 0;

  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  g_object_unref (label);
  return min;
}

static void
test_accels_and_shortcuts (void)
{
  g_autoptr(AltoscopeApplication) app = altoscope_application_new ();
  g_autoptr(GError) error = NULL;

  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app))
                           | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  assert_accel (GTK_APPLICATION (app), "win.show-help-overlay", "<Control>question");
  assert_accel (GTK_APPLICATION (app), "app.preferences", "<Control>comma");
  assert_accel (GTK_APPLICATION (app), "app.quit", "<Control>q");
  /* GTK would build gtk/help-overlay.ui with every window, before its
   * first frame; the window builds this one when asked. */
  g_assert_false (has_resource ("/org/altoscope/Altoscope/gtk/help-overlay.ui"));
  g_assert_true (has_resource ("/org/altoscope/Altoscope/altoscope-shortcuts.ui"));

  /* No automatic resources (they would make GTK read the icon theme again
   * before the first frame): the style sheet is loaded by the application
   * itself, and no other sheet AdwApplication would have loaded exists. */
  g_assert_null (g_application_get_resource_base_path (G_APPLICATION (app)));
  g_assert_cmpint (label_width ("nm-banner") - label_width (NULL), ==, 24);
  g_assert_false (has_resource ("/org/altoscope/Altoscope/style-dark.css"));
  g_assert_false (has_resource ("/org/altoscope/Altoscope/style-hc.css"));
  g_assert_false (has_resource ("/org/altoscope/Altoscope/style-hc-dark.css"));
  g_assert_false (has_resource ("/org/altoscope/Altoscope/gtk/menus.ui"));
}

int
main (int argc, char **argv)
{
  g_autofree char *home = test_tmpdir_new_for_program ("altoscope-app-XXXXXX");
  g_autofree char *cache = NULL;
  int status;

  g_assert_nonnull (home);
  cache = g_build_filename (home, "cache", NULL);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* NetworkManager out of reach: no interface of this machine is used.
   * No session bus either: GLib would start one (dbus-launch) and leave
   * its address file in $HOME; the application is non-unique here. */
  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/altoscope-test", TRUE);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/altoscope-test", TRUE);
  main_thread = g_thread_self ();
  real_load = (gboolean (*) (GKeyFile *, const gchar *, GKeyFileFlags, GError **))
                dlsym (RTLD_NEXT, "g_key_file_load_from_file");
  g_assert_nonnull (real_load);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/app/application/accels-and-shortcuts", test_accels_and_shortcuts);
  g_test_add_func ("/app/application/icon-theme-read-on-a-thread",
                   test_icon_theme_read_on_a_thread);
  status = g_test_run ();
  test_tmpdir_remove (home);   /* only what this test made */
  return status;
}
