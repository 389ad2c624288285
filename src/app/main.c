/* main.c: the Altoscope window's launcher
 *
 * The window's program is a module, altoscope-app.so (altoscope-module.c:
 * the application, the window, the core, and through them libnm, c-ares,
 * libunbound and libsoup).  Loaded by the dynamic linker before main, as
 * a program's own libraries are, those libraries took about 12 ms, and the
 * toolkit's start 150 ms more, one after the other on one core, before the
 * first discovery even began (issue 15, item 10).  Here they overlap: a
 * thread loads the module and starts the head start's discoveries
 * (altoscope-head-start.c) while this one starts GTK and libadwaita; then
 * the module's program runs as main would.
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

typedef void (*BeginFunc) (gboolean primary);
typedef int (*RunFunc) (int argc, char **argv);

typedef struct
{
  gboolean primary;
  RunFunc run;
  char *error;
} Loading;

/* Whether this launch will be the application's primary instance: no
 * other holds its name on the session bus (none reachable: it will be). */
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

static GModule *
open_module (char **error)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self ? g_path_get_dirname (self) : NULL;
  g_autofree char *beside = NULL, *installed = NULL;
  GModule *module;

  if (dir == NULL)
    {
      *error = g_strdup ("/proc/self/exe cannot be read");
      return NULL;
    }
  beside = g_build_filename (dir, MODULE_NAME, NULL);
  installed = g_path_is_absolute (ALTOSCOPE_MODULEDIR_FROM_BINDIR)
              ? g_build_filename (ALTOSCOPE_MODULEDIR_FROM_BINDIR, MODULE_NAME, NULL)
              : g_build_filename (dir, ALTOSCOPE_MODULEDIR_FROM_BINDIR, MODULE_NAME, NULL);
  module = g_module_open (g_file_test (beside, G_FILE_TEST_EXISTS) ? beside : installed,
                          G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
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
  RunFunc run = NULL;

  if (module == NULL)
    return NULL;
  if (!g_module_symbol (module, "altoscope_module_begin", (gpointer *) &begin)
      || !g_module_symbol (module, "altoscope_module_run", (gpointer *) &run))
    {
      loading->error = g_strdup (g_module_error ());
      return NULL;
    }
  g_module_make_resident (module);
  begin (loading->primary);
  loading->run = run;
  return NULL;
}

int
main (int    argc,
      char **argv)
{
  Loading loading = { 0 };
  GThread *thread;

  altoscope_i18n_init ();
  /* The locale is set (altoscope_i18n_init); GTK setting it again would
   * change it while the other thread runs. */
  gtk_disable_setlocale ();
  loading.primary = is_primary ();
  thread = g_thread_new ("altoscope-load", load_cb, &loading);
  /* Without a display (--help in a terminal) the application says so
   * itself, later, as it always has. */
  if (loading.primary && gtk_init_check ())
    adw_init ();
  g_thread_join (thread);
  if (loading.run == NULL)
    {
      /* An installation missing a part: say which, never go on. */
      g_printerr ("altoscope: %s: %s\n", _("The window’s program cannot be loaded"),
                  loading.error);
      g_free (loading.error);
      return 1;
    }
  return loading.run (argc, argv);
}
