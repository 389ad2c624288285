/* altoscope-application.c: one model of the network, one scheduler, any windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "altoscope-application.h"
#include "altoscope-dhcp-asker.h"
#include "altoscope-enum.h"
#include "altoscope-nm-head-start.h"
#include "altoscope-preferences.h"
#include "altoscope-resolver.h"
#include "altoscope-scheduler-settings.h"
#include "altoscope-window.h"

struct _AltoscopeApplication
{
  AdwApplication parent_instance;

  AltoscopeNmModel *model;
  AltoscopeOverrides *overrides;
  AltoscopeBackoff *backoff;
  AltoscopeScheduler *scheduler;
  AltoscopeHeadStart *head_start;

  /* While the first window waits for the core (open_on_what_is_known),
   * the starts that arrive (a second launch, dispatched by that wait):
   * handled after it, in order; NULL for a plain activation. */
  gboolean opening;
  GQueue held;
};

G_DEFINE_FINAL_TYPE (AltoscopeApplication, altoscope_application, ADW_TYPE_APPLICATION)

/* How long the first window waits for the core's first update: see
 * open_on_what_is_known. */
#define FIRST_UPDATE_WAIT_MS 100

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       data)
{
  GtkApplication *app = data;
  const char *developers[] = { "Altoscope developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Altoscope"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Finds ALTO servers the way RFC 7286 says a client "
                                       "must, shows every step, and explains every failure."),
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "copyright", "© 2026 Altoscope developers",
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       data)
{
  AltoscopeApplication *self = data;
  AltoscopePreferences *prefs =
    altoscope_preferences_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                               self->overrides);
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       data)
{
  g_application_quit (G_APPLICATION (data));
}

/* Marks for tests/bench's first-result section, only with
 * ALTOSCOPE_BENCH_MARKS=1 in the environment (in any build: the bench
 * times a release build, the window people run).  Each is
 * a line on stderr with g_get_monotonic_time () (CLOCK_MONOTONIC, the
 * clock of the bench's time.monotonic ()), in µs: "first-frame" at the
 * window's first after-paint, "first-result STATE" when the scheduler's
 * first result comes, "first-result-frame" at the after-paint of the first
 * frame painted once it came (the first frame that shows it: the views
 * follow the pair's notifications, which come before "result").  A frame's
 * after-paint is as late as the toolkit says anything about a frame. */
static struct
{
  gboolean result;
  gboolean first_frame;
  GtkWidget *window;
} bench_marks;

static void
on_bench_after_paint_cb (GdkFrameClock *clock)
{
  gint64 now = g_get_monotonic_time ();

  if (!bench_marks.first_frame)
    g_printerr ("first-frame %" G_GINT64_FORMAT "\n", now);
  bench_marks.first_frame = TRUE;
  if (!bench_marks.result)
    return;
  g_printerr ("first-result-frame %" G_GINT64_FORMAT "\n", now);
  g_signal_handlers_disconnect_by_func (clock, on_bench_after_paint_cb, NULL);
}

/* The frame clock exists once the window is realized. */
static void
on_bench_realize_cb (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_bench_after_paint_cb), NULL);
}

static void
on_bench_result_cb (AltoscopeScheduler *scheduler,
                    AltoscopePair      *pair)
{
  AltoscopeTarget *target = altoscope_pair_get_report (pair);

  /* The state, then the DNSSEC status: a bench that meant a proved result
   * can tell it got one. */
  g_printerr ("first-result %" G_GINT64_FORMAT " %s/%s\n", g_get_monotonic_time (),
              altoscope_enum_to_nick (ALTOSCOPE_TYPE_PAIR_STATE, altoscope_pair_get_state (pair)),
              target ? altoscope_enum_to_nick (ALTOSCOPE_TYPE_DNSSEC,
                                               altoscope_target_get_dnssec (target))
                     : "none");
  bench_marks.result = TRUE;
  g_signal_handlers_disconnect_by_func (scheduler, on_bench_result_cb, NULL);
  /* A frame surely follows, even if nothing on screen changed. */
  if (bench_marks.window != NULL)
    gtk_widget_queue_draw (bench_marks.window);
}

/* A point on the way to the first frame, for profiling the start. */
static void
bench_mark (const char *name)
{
  if (g_strcmp0 (g_getenv ("ALTOSCOPE_BENCH_MARKS"), "1") == 0)
    g_printerr ("mark-%s %" G_GINT64_FORMAT "\n", name, g_get_monotonic_time ());
}

/* "links-ready": NetworkManager's client has filled the model once (its
 * answers wait in the queue while the toolkit starts). */
static void
on_bench_links_ready_cb (AltoscopeScheduler *scheduler)
{
  gboolean ready = FALSE;

  g_object_get (scheduler, "links-ready", &ready, NULL);
  if (!ready)
    return;
  bench_mark ("links-ready");
  g_signal_handlers_disconnect_by_func (scheduler, on_bench_links_ready_cb, NULL);
}

static void
bench_marks_watch_scheduler (AltoscopeScheduler *scheduler)
{
  if (g_strcmp0 (g_getenv ("ALTOSCOPE_BENCH_MARKS"), "1") != 0)
    return;
  g_signal_connect (scheduler, "result", G_CALLBACK (on_bench_result_cb), NULL);
  g_signal_connect (scheduler, "notify::links-ready", G_CALLBACK (on_bench_links_ready_cb), NULL);
  on_bench_links_ready_cb (scheduler);
}

static void
bench_marks_watch_window (GtkWidget *window)
{
  if (g_strcmp0 (g_getenv ("ALTOSCOPE_BENCH_MARKS"), "1") != 0 || bench_marks.window != NULL)
    return;
  bench_marks.window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &bench_marks.window);
  g_signal_connect (window, "realize", G_CALLBACK (on_bench_realize_cb), NULL);
}

/* GTK reads the icon theme on a thread of its own when libadwaita first
 * asks for it; libadwaita then adds its icons' resource path at once.
 * When a thread of GLib's pool was idle (this process has threads of its
 * own), GTK's read had begun already: adding the path waited for it and
 * then threw it away, and the main thread read the theme again at the
 * window's first icon, on the way to the first frame (5 of 11 starts in
 * section 5's lab, seen with an LD_PRELOAD counter on index.theme).  Once
 * set up, the theme may be used from another thread (gtkicontheme.c,
 * "Threading"): one lookup there reads it again, if it must, while the
 * window is made; a theme read already answers at once.  A race all the
 * same: a thread that starts late leaves the read to the main thread, and
 * one still reading makes it wait for the theme's lock. */
static void
read_icon_theme (GTask        *task,
                 gpointer      theme,
                 gpointer      data,
                 GCancellable *cancellable)
{
  g_autoptr(GtkIconPaintable) icon = gtk_icon_theme_lookup_icon (theme, "open-menu-symbolic", NULL,
                                                                 16, 1, GTK_TEXT_DIR_NONE, 0);

  g_task_return_boolean (task, TRUE);
}

void
altoscope_application_read_icon_theme (GdkDisplay          *display,
                                       GAsyncReadyCallback  done,
                                       gpointer             data)
{
  g_autoptr(GTask) task = g_task_new (gtk_icon_theme_get_for_display (display), NULL, done, data);

  g_task_run_in_thread (task, read_icon_theme);
}

static void
altoscope_application_startup (GApplication *app)
{
  AltoscopeApplication *self = ALTOSCOPE_APPLICATION (app);
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GError) error = NULL;
  static const GActionEntry entries[] = {
    { "about", about_action },
    { "preferences", preferences_action },
    { "quit", quit_action },
  };

  bench_mark ("startup");
  /* GTK and libadwaita have started (main.c), as a rule; if not (a launch
   * that became the primary instance after all, or one made without the
   * launcher), after the parent's startup below. */
  if (display != NULL)
    altoscope_application_read_icon_theme (display, NULL, NULL);
  /* The first discoveries run on a thread of their own, begun by the
   * launcher while the toolkit started (main.c), or else now, before the
   * toolkit starts (it takes longer than a discovery on most networks);
   * the scheduler takes their results (altoscope-head-start.c).  The
   * window's own objects are made before the toolkit too: NetworkManager's
   * client starts asking meanwhile. */
  if (self->head_start == NULL)
    self->head_start = altoscope_nm_head_start (ALTOSCOPE_DEFAULT_TIMEOUT_MS);
  self->overrides = altoscope_overrides_new_default (&error);
  if (self->overrides == NULL)
    g_error ("%s", error->message);   /* an installation without its schema */
  self->backoff = altoscope_backoff_new (NULL);
  self->model = altoscope_nm_model_new ();
  self->scheduler = altoscope_nm_model_create_scheduler (self->model, self->overrides, self->backoff,
                                         ALTOSCOPE_DEFAULT_TIMEOUT_MS);
  altoscope_scheduler_set_head_start (self->scheduler, self->head_start);
  /* The application has no privileges of its own: it asks through pkexec. */
  altoscope_dhcp_cache_set_asker (altoscope_scheduler_get_dhcp_cache (self->scheduler),
                                  altoscope_dhcp_asker_run, NULL, NULL);
  altoscope_scheduler_follow_settings (self->scheduler,
                                       altoscope_overrides_get_settings (self->overrides));
  bench_mark ("core-made");
  bench_marks_watch_scheduler (self->scheduler);

  G_APPLICATION_CLASS (altoscope_application_parent_class)->startup (app);
  bench_mark ("gtk-started");
  if (display == NULL && gdk_display_get_default () != NULL)
    altoscope_application_read_icon_theme (gdk_display_get_default (), NULL, NULL);

  {
    /* As AdwApplication would load it, were the resource base path set
     * (it is unset in altoscope_application_new).  Only style.css exists;
     * a style-dark.css or style-hc.css would need loading here too. */
    g_autoptr(GtkCssProvider) style = gtk_css_provider_new ();
    gtk_css_provider_load_from_resource (style, "/org/altoscope/Altoscope/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (style),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         (const char *[]) { "<Control>comma", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay",
                                         (const char *[]) { "<Control>question", NULL });
}

static gboolean
set_true_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The main loop has not run while the toolkit started (about 150 ms or
 * more): NetworkManager's answers, and the head start's results, wait in
 * the queue.  The first window, once made, gives the core up to
 * FIRST_UPDATE_WAIT_MS to take them before it is shown, so that its first
 * frame lays it out once, with its entries and their results, rather than
 * showing it empty, filling it a turn later and laying it out again.  Only
 * the links and the results already made are waited for, never a lookup:
 * a pair the head start has not answered is shown looking up. */
static void
open_on_what_is_known (AltoscopeApplication *self)
{
  gboolean expired = FALSE;
  guint deadline;

  if (altoscope_scheduler_get_first_update_done (self->scheduler))
    return;
  deadline = g_timeout_add (FIRST_UPDATE_WAIT_MS, set_true_cb, &expired);
  while (!expired && !altoscope_scheduler_get_first_update_done (self->scheduler))
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (deadline);
}

static gboolean
set_icon_cb (gpointer data)
{
  GtkWindow *window = g_weak_ref_get (data);

  gtk_window_set_default_icon_name (APP_ID);
  /* GTK 4.8 does not give a new default to a window already realized. */
  if (window != NULL && gtk_window_get_icon_name (window) == NULL)
    gtk_window_set_icon_name (window, APP_ID);
  g_clear_object (&window);
  return G_SOURCE_REMOVE;
}

static void
free_weak_ref (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
on_first_paint_cb (GdkFrameClock *clock,
                   GtkWidget     *window)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_signal_handlers_disconnect_by_func (clock, on_first_paint_cb, window);
  g_weak_ref_init (ref, window);
  g_idle_add_full (G_PRIORITY_LOW, set_icon_cb, ref, free_weak_ref);
}

static void
on_first_realize_cb (GtkWidget *window)
{
  g_signal_handlers_disconnect_by_func (window, on_first_realize_cb, NULL);
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (on_first_paint_cb), window, 0);
}

/* The windows' icon, for X11 window managers (Wayland's take the desktop
 * file's), is set once the first window has been painted, when nothing
 * else waits: set before, the first window's realize rendered the
 * application's SVG icon at each size the theme has, 3 ms on the way to
 * the first result (issue 15, item 10).  It is then the default for the
 * windows made later, and set on the first window itself: GTK 4.8 gives a
 * new default to no window already realized (one opened in the few
 * milliseconds before, which no one can, would keep none). */
static void
set_default_icon_after_first_paint (GtkWindow *window)
{
  g_signal_connect (window, "realize", G_CALLBACK (on_first_realize_cb), NULL);
}

static GtkWindow *
ensure_window (AltoscopeApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      bench_mark ("window-new");
      window = GTK_WINDOW (altoscope_window_new (ADW_APPLICATION (self), self->model,
                                                 self->scheduler, self->overrides));
      bench_mark ("window-made");
      bench_marks_watch_window (GTK_WIDGET (window));
      if (gtk_window_get_default_icon_name () == NULL)
        set_default_icon_after_first_paint (window);
      /* Made first: NetworkManager's answers come in meanwhile. */
      g_object_ref (window);
      self->opening = TRUE;
      open_on_what_is_known (self);
      self->opening = FALSE;
      bench_mark ("core-begun");
      g_object_unref (window);
    }
  return window;
}

/* One start: a plain activation (@command_line NULL: the launcher, a
 * second plain start) shows the window as it is, it never goes back to an
 * entry asked for earlier; a start with arguments, the first or one while
 * the window is open, selects the --interface entry there, once, and opens
 * the reports named. */
static void
handle_start (AltoscopeApplication    *self,
              GApplicationCommandLine *command_line)
{
  GtkWindow *window = ensure_window (self);
  GVariantDict *options;
  g_autofree char *wanted = NULL;
  g_autofree const char **names = NULL;

  if (command_line != NULL)
    {
      options = g_application_command_line_get_options_dict (command_line);
      if (g_variant_dict_lookup (options, "interface", "s", &wanted))
        altoscope_window_set_wanted (ALTOSCOPE_WINDOW (window), wanted);
      /* Reports to open (a file manager's Open With, or a second start
       * while the window is open): relative to where that start was made. */
      if (g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &names))
        {
          g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

          for (guint i = 0; names[i] != NULL; i++)
            g_ptr_array_add (files,
                             g_application_command_line_create_file_for_arg (command_line,
                                                                             names[i]));
          altoscope_window_open_files (ALTOSCOPE_WINDOW (window), (GFile **) files->pdata,
                                       files->len);
        }
    }
  gtk_window_present (window);
  bench_mark ("presented");
}

/* The starts held while the first window waited, now, in order (a
 * command line held keeps its caller waiting until it is released). */
static void
handle_held (AltoscopeApplication *self)
{
  while (!g_queue_is_empty (&self->held))
    {
      g_autoptr(GApplicationCommandLine) command_line = g_queue_pop_head (&self->held);

      handle_start (self, command_line);
    }
}

static void
altoscope_application_activate (GApplication *app)
{
  AltoscopeApplication *self = ALTOSCOPE_APPLICATION (app);

  if (self->opening)
    {
      g_queue_push_tail (&self->held, NULL);
      return;
    }
  handle_start (self, NULL);
  handle_held (self);
}

static int
altoscope_application_command_line (GApplication            *app,
                                    GApplicationCommandLine *command_line)
{
  AltoscopeApplication *self = ALTOSCOPE_APPLICATION (app);

  if (self->opening)
    {
      g_queue_push_tail (&self->held, g_object_ref (command_line));
      return 0;
    }
  handle_start (self, command_line);
  handle_held (self);
  return 0;
}

static void
altoscope_application_dispose (GObject *object)
{
  AltoscopeApplication *self = ALTOSCOPE_APPLICATION (object);

  while (!g_queue_is_empty (&self->held))
    {
      GApplicationCommandLine *command_line = g_queue_pop_head (&self->held);

      g_clear_object (&command_line);
    }
  if (self->head_start != NULL)
    altoscope_head_start_stop (self->head_start);
  g_clear_object (&self->head_start);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->model);
  g_clear_object (&self->backoff);
  g_clear_object (&self->overrides);
  G_OBJECT_CLASS (altoscope_application_parent_class)->dispose (object);
}

static void
altoscope_application_class_init (AltoscopeApplicationClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = altoscope_application_dispose;
  G_APPLICATION_CLASS (klass)->startup = altoscope_application_startup;
  G_APPLICATION_CLASS (klass)->activate = altoscope_application_activate;
  G_APPLICATION_CLASS (klass)->command_line = altoscope_application_command_line;
}

static void
altoscope_application_init (AltoscopeApplication *self)
{
  static const GOptionEntry entries[] = {
    { "interface", 'i', 0, G_OPTION_ARG_STRING, NULL,
      N_("Open with this interface or VPN selected"), N_("NAME") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL,
      N_("[REPORT…]") },
    { NULL }
  };
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

AltoscopeApplication *
altoscope_application_new (void)
{
  AltoscopeApplication *self = g_object_new (ALTOSCOPE_TYPE_APPLICATION,
                                             "application-id", APP_ID,
                                             "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                                             NULL);

  /* No automatic resources (GApplication sets a path from the ID when it
   * is made): of all GtkApplication and AdwApplication would look for,
   * there is only the style sheet, loaded at startup.  The path would
   * also add its icons folder to the icon theme (the application's
   * resources have none) and make GTK read the whole theme again on the
   * way to the first frame (issue 15, item 10). */
  g_application_set_resource_base_path (G_APPLICATION (self), NULL);
  return self;
}

/**
 * altoscope_application_take_head_start:
 * @head_start: (transfer full): first discoveries already begun
 *   (altoscope_nm_head_start), before the application runs
 *
 * The scheduler takes its first results from @head_start rather than
 * beginning a head start of its own at startup.
 */
void
altoscope_application_take_head_start (AltoscopeApplication *self,
                                       AltoscopeHeadStart   *head_start)
{
  g_return_if_fail (ALTOSCOPE_IS_APPLICATION (self));
  g_return_if_fail (self->head_start == NULL && self->scheduler == NULL);
  self->head_start = head_start;
}
