/* main.c: the Altoscope window's launcher
 *
 * The window's program is a module, altoscope-app.so (altoscope-module.c:
 * the application, the window, the core, and through them libnm, c-ares,
 * libunbound and libsoup).  Loaded by the dynamic linker before main, as
 * a program's own libraries are, those libraries took about 12 ms, and the
 * toolkit's start 150 ms more, one after the other on one core, before the
 * first discovery even began (issue 15, item 10).  Here they overlap: a
 * thread loads the module, starts the head start's discoveries
 * (altoscope-head-start.c) and reads the fonts the last first frame used,
 * while this one starts GTK; once GTK has started, those fonts are loaded
 * while libadwaita starts (altoscope-font-warmup.c); then the module's
 * program runs as main would.
 *
 * A second launch only hands its arguments to the window already open
 * (GApplication): the session bus is asked first, and such a launch
 * starts neither the toolkit nor a discovery.
 *
 * The module is looked for next to this program (the build tree), then
 * where it is installed, found from where this program is, so that an
 * installation moved as a whole (a package's staging directory) finds its
 * own; no path of the build is compiled in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <gmodule.h>

#include "altoscope-i18n.h"

#define MODULE_NAME "altoscope-app.so"

typedef void (*BeginFunc) (gboolean begin);
typedef void (*StartedFunc) (void);
typedef void (*EndFunc) (void);
typedef int (*RunFunc) (int argc, char **argv);

typedef struct
{
  gboolean begin;
  RunFunc run;
  EndFunc end;
  StartedFunc started;
  char *error;
  gint loaded;         /* the thread is done */
} Loading;

/* The launcher's points on the way to the first frame, for tests/bench
 * (ALTOSCOPE_BENCH_MARKS=1; the application's own are in
 * altoscope-application.c): a line on stderr with g_get_monotonic_time ().
 * The environment is read once, in main, before the loading thread
 * starts: GTK changes it while it starts. */
static gboolean bench_marks;

static void
bench_mark (const char *name)
{
  if (bench_marks)
    g_printerr ("mark-%s %" G_GINT64_FORMAT "\n", name, g_get_monotonic_time ());
}

/* Whether this launch will be the application's primary instance: no
 * other holds its name on the session bus (none reachable: it will be).
 * Two launches at the same moment may both think so; the one that does
 * not become it stops what it began when its application goes. */
static gboolean
is_primary (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  if (bus == NULL)
    return TRUE;
  /* The connection is the one GApplication registers on (g_bus_get_sync
   * shares it): nothing is set up twice. */
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", APP_ID), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return !owned;
}

/* Whether the command line asks for help: GLib's option parser prints it
 * and exits at once, so such a launch begins nothing. */
static gboolean
asks_for_help (int    argc,
               char **argv)
{
  for (int i = 1; i < argc && g_strcmp0 (argv[i], "--") != 0; i++)
    if (g_str_equal (argv[i], "-h") || g_str_equal (argv[i], "-?")
        || g_str_equal (argv[i], "--help") || g_str_has_prefix (argv[i], "--help-"))
      return TRUE;
  return FALSE;
}

/* Beside this program in the build tree; where it is installed, found
 * from where this program is (an installation moved as a whole, a
 * package's staging directory, runs its own); without /proc, at the
 * installation's own path.  The folder of this program is trusted as
 * much as the program itself. */
static GModule *
open_module (char **error)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self ? g_path_get_dirname (self) : NULL;
  g_autofree char *beside = dir ? g_build_filename (dir, MODULE_NAME, NULL) : NULL;
  g_autofree char *path = NULL;
  GModule *module;

  if (beside != NULL && g_file_test (beside, G_FILE_TEST_EXISTS))
    path = g_steal_pointer (&beside);
  else if (dir != NULL && !g_path_is_absolute (ALTOSCOPE_MODULEDIR_FROM_BINDIR))
    path = g_build_filename (dir, ALTOSCOPE_MODULEDIR_FROM_BINDIR, MODULE_NAME, NULL);
  else
    path = g_build_filename (ALTOSCOPE_MODULEDIR, MODULE_NAME, NULL);
  module = g_module_open (path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  if (module == NULL)
    *error = g_strdup (g_module_error ());
  return module;
}

static gpointer
load_cb (gpointer data)
{
  Loading *loading = data;
  GModule *module = open_module (&loading->error);
  BeginFunc begin = NULL;
  StartedFunc started = NULL;
  EndFunc end = NULL;
  RunFunc run = NULL;

  if (module == NULL)
    {
      g_atomic_int_set (&loading->loaded, 1);
      return NULL;
    }
  if (!g_module_symbol (module, "altoscope_module_begin", (gpointer *) &begin)
      || !g_module_symbol (module, "altoscope_module_toolkit_started", (gpointer *) &started)
      || !g_module_symbol (module, "altoscope_module_end", (gpointer *) &end)
      || !g_module_symbol (module, "altoscope_module_run", (gpointer *) &run))
    {
      loading->error = g_strdup (g_module_error ());
      g_atomic_int_set (&loading->loaded, 1);
      return NULL;
    }
  g_module_make_resident (module);
  bench_mark ("module-loaded");
  begin (loading->begin);
  bench_mark ("module-begun");
  loading->started = started;
  loading->end = end;
  loading->run = run;
  g_atomic_int_set (&loading->loaded, 1);
  return NULL;
}

int
main (int    argc,
      char **argv)
{
  Loading loading = { 0 };
  GThread *thread;
  gboolean display = TRUE;

  bench_marks = g_strcmp0 (g_getenv ("ALTOSCOPE_BENCH_MARKS"), "1") == 0;
  /* GLib keeps these once read: the loading thread's work reads them
   * (the retry memory, the settings, the fonts kept) while GTK starts. */
  (void) g_get_user_cache_dir ();
  (void) g_get_user_config_dir ();
  bench_mark ("main");
  altoscope_i18n_init ();
  /* The locale is set (altoscope_i18n_init); GTK setting it again would
   * change it while the other thread runs. */
  gtk_disable_setlocale ();
  /* Only a launch that opens the window begins anything: not one that
   * asks for help, nor a second launch, which only hands its arguments
   * to the window already open (GApplication). */
  loading.begin = !asks_for_help (argc, argv) && is_primary ();
  bench_mark ("primary-known");
  thread = g_thread_new ("altoscope-load", load_cb, &loading);
  if (loading.begin)
    {
      display = gtk_init_check ();
      bench_mark ("gtk-core-inited");
      /* The module is loaded by now, as a rule.  What it does once GTK has
       * started, loading the fonts of the last first frame
       * (altoscope-font-warmup.c), runs beside libadwaita's start: beside
       * GTK's, whose GL probe keeps every core busy, it only slowed it.
       * A module still loading (a cold disk) is not waited for here: the
       * fonts would come too late anyway. */
      if (g_atomic_int_get (&loading.loaded))
        {
          g_thread_join (g_steal_pointer (&thread));
          bench_mark ("joined");
          if (display && loading.started != NULL)
            loading.started ();
        }
      if (display)
        adw_init ();
      bench_mark ("gtk-inited");
    }
  if (thread != NULL)
    {
      g_thread_join (thread);
      bench_mark ("joined");
    }
  if (loading.run == NULL)
    {
      /* An installation missing a part: say which, never go on. */
      g_printerr ("altoscope: %s: %s\n", _("The window’s program cannot be loaded"),
                  loading.error ? loading.error : "?");
      g_free (loading.error);
      return 1;
    }
  if (!display)
    {
      /* GTK 4.8 takes a failed gtk_init_check for done: the application
       * would start without a display and crash.  What was begun stops
       * first; then what to use instead. */
      loading.end ();
      g_printerr ("altoscope: %s\n",
                  _("There is no display to open the window on (is DISPLAY or WAYLAND_DISPLAY "
                    "set?). Without one, use the command-line tool, altoscope-cli."));
      return 1;
    }
  return loading.run (argc, argv);
}
