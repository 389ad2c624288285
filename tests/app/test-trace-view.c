/* Widget tests without root: the trace view (ignored records and trace in
 * two columns) on targets written here, under a private Xvfb
 * (with-display.py).  The targets are filled through
 * altoscope-target-private.h, as discovery fills them: the layout rule
 * that keeps that header to its writers holds for src/, and a test is
 * where hostile and changed traces are made to order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "altoscope-target-private.h"
#include "altoscope-trace-view.h"

/* A control character, a bidi override and what looks like markup. */
#define HOSTILE "evil\a\u202Eexample<b>bold</b>&amp;"

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* A target with one ignored record (hostile when asked) and @n_events
 * events; @shift moves every time, as a second run of the same discovery
 * would. */
static AltoscopeTarget *
make_target (guint       n_events,
             double      shift,
             const char *changed_detail,
             gboolean    hostile)
{
  AltoscopeTarget *t = altoscope_target_new ("eth0", "ipv4", "a.test",
                                             ALTOSCOPE_DOMAIN_SOURCE_COMMAND_LINE);
  g_autoptr(AltoscopeNaptrRecord) ignored = NULL;
  g_autoptr(AltoscopeNaptrRecord) usable = NULL;

  ignored = altoscope_naptr_record_new ("a.test", 100, 10, "u", hostile ? HOSTILE : "ALTO:https",
                                        "!.*!https://alto.example.test/ird!", ".");
  altoscope_naptr_record_set_ignored (ignored, ALTOSCOPE_NAPTR_OTHER_SERVICE,
                                      "Not an ALTO service: “%s”",
                                      hostile ? HOSTILE : "ALTO:https");
  usable = altoscope_naptr_record_new ("a.test", 100, 20, "u", "ALTO:https",
                                       "!.*!https://alto.a.test/ird!", ".");
  _altoscope_target_add_record (t, ignored);
  _altoscope_target_add_record (t, usable);

  for (guint i = 0; i < n_events; i++)
    {
      g_autofree char *detail = NULL;

      if (i == 1 && changed_detail != NULL)
        detail = g_strdup (changed_detail);
      else if (i == 2 && hostile)
        detail = g_strdup ("NAPTR for “" HOSTILE "”: NOERROR");
      else
        detail = g_strdup_printf ("NAPTR for “step-%u.an-unusually-long-label.a.test”: "
                                  "NOERROR, 1 records, DNSSEC secure", i);
      _altoscope_target_add_trace (t, 1.5 * i + shift, i % 2 ? "answer" : "query", detail);
    }
  return t;
}

static AltoscopeTraceView *
view_in_window (GtkWidget **window)
{
  GtkWidget *view = altoscope_trace_view_new ();

  *window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (*window), 300, 400);
  gtk_window_set_child (GTK_WINDOW (*window), view);
  gtk_window_present (GTK_WINDOW (*window));
  drain ();
  return ALTOSCOPE_TRACE_VIEW (view);
}

static void
collect (GtkWidget *w,
         GType      type,
         GPtrArray *out)
{
  if (g_type_is_a (G_OBJECT_TYPE (w), type))
    g_ptr_array_add (out, w);
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    collect (c, type, out);
}

static GtkWidget *
find_copy_button (AltoscopeTraceView *view)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect (GTK_WIDGET (view), GTK_TYPE_BUTTON, buttons);
  g_assert_cmpuint (buttons->len, ==, 1);
  return buttons->pdata[0];
}

static GtkGrid *
find_grid (AltoscopeTraceView *view)
{
  g_autoptr(GPtrArray) grids = g_ptr_array_new ();

  collect (GTK_WIDGET (view), GTK_TYPE_GRID, grids);
  g_assert_cmpuint (grids->len, ==, 1);
  return grids->pdata[0];
}

static GtkLabel *
cell (AltoscopeTraceView *view,
      int                 column,
      int                 row)
{
  GtkWidget *w = gtk_grid_get_child_at (find_grid (view), column, row);

  g_assert_true (GTK_IS_LABEL (w));
  return GTK_LABEL (w);
}

static guint
n_rows (AltoscopeTraceView *view)
{
  guint n = 0;

  while (gtk_grid_get_child_at (find_grid (view), 0, n) != NULL)
    n++;
  return n;
}

static void
test_columns_and_focus (void)
{
  g_autoptr(AltoscopeTarget) t = make_target (5, 0, NULL, FALSE);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  GtkWidget *window;
  AltoscopeTraceView *view = view_in_window (&window);
  GtkWidget *copy = find_copy_button (view);

  altoscope_trace_view_set_target (view, t);
  drain ();

  /* Two columns: the time, right-aligned, and the event. */
  g_assert_cmpuint (n_rows (view), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *time = g_strdup_printf ("%.1f ms", 1.5 * i);
      g_assert_cmpstr (gtk_label_get_text (cell (view, 0, i)), ==, time);
      g_assert_cmpfloat (gtk_label_get_xalign (cell (view, 0, i)), ==, 1.0);
      g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (cell (view, 0, i)), "trace-time"));
      g_assert_nonnull (strstr (gtk_label_get_text (cell (view, 1, i)), "step-"));
    }

  /* Nothing wraps, everything is selectable, and nothing but Copy takes
   * the focus. */
  collect (GTK_WIDGET (view), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkLabel *l = labels->pdata[i];
      g_assert_false (gtk_label_get_wrap (l));
      g_assert_false (gtk_label_get_use_markup (l));
    }
  collect (GTK_WIDGET (view), GTK_TYPE_WIDGET, all);
  for (guint i = 0; i < all->len; i++)
    {
      GtkWidget *w = all->pdata[i];
      if (w != copy && !gtk_widget_is_ancestor (w, copy) && gtk_widget_get_focusable (w))
        g_error ("%s takes the focus", G_OBJECT_TYPE_NAME (w));
    }
  g_assert_true (gtk_label_get_selectable (cell (view, 1, 0)));

  /* The Tab chain, both ways: into the view lands on Copy, and the next
   * Tab leaves the view (GTK 4.8's scrolled window once kept it). */
  gtk_root_set_focus (GTK_ROOT (window), NULL);
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (view), GTK_DIR_TAB_FORWARD));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == copy);
  g_assert_false (gtk_widget_child_focus (GTK_WIDGET (view), GTK_DIR_TAB_FORWARD));
  gtk_root_set_focus (GTK_ROOT (window), NULL);
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (view), GTK_DIR_TAB_BACKWARD));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == copy);
  g_assert_false (gtk_widget_child_focus (GTK_WIDGET (view), GTK_DIR_TAB_BACKWARD));

  /* Named for assistive technology; Copy is sensitive with a target. */
  g_assert_true (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (view))
                 == GTK_ACCESSIBLE_ROLE_GROUP);
  g_assert_true (gtk_widget_get_sensitive (copy));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_hostile_text (void)
{
  g_autoptr(AltoscopeTarget) t = make_target (4, 0, NULL, TRUE);
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GtkWidget *window;
  AltoscopeTraceView *view = view_in_window (&window);
  const char *event;
  gboolean record_seen = FALSE;

  altoscope_trace_view_set_target (view, t);
  event = gtk_label_get_text (cell (view, 1, 2));
  g_assert_nonnull (strstr (event, "\\u{0007}"));
  g_assert_nonnull (strstr (event, "\\u{202E}"));
  g_assert_nonnull (strstr (event, "<b>bold</b>&amp;"));
  g_assert_null (strstr (event, "\u202E"));
  g_assert_null (strchr (event, '\a'));

  collect (GTK_WIDGET (view), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      const char *s = gtk_label_get_text (labels->pdata[i]);
      g_assert_null (strstr (s, "\u202E"));
      g_assert_false (gtk_label_get_use_markup (labels->pdata[i]));
      if (strstr (s, "NAPTR 100 10") != NULL)
        {
          g_assert_nonnull (strstr (s, "\"evil\\u{0007}\\u{202E}example<b>bold</b>&amp;\""));
          record_seen = TRUE;
        }
    }
  g_assert_true (record_seen);

  text = altoscope_trace_view_dup_text (view);
  g_assert_null (strstr (text, "\u202E"));
  g_assert_null (strchr (text, '\a'));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_dup_text (void)
{
  g_autoptr(AltoscopeTarget) t = make_target (6, 0.25, NULL, FALSE);
  g_autoptr(AltoscopeTarget) none = altoscope_target_new ("eth0", "ipv4", "a.test",
                                                          ALTOSCOPE_DOMAIN_SOURCE_COMMAND_LINE);
  g_autofree char *text = NULL;
  g_autofree char *empty = NULL;
  g_auto(GStrv) lines = NULL;
  GtkWidget *window;
  AltoscopeTraceView *view = view_in_window (&window);
  GArray *trace = altoscope_target_get_trace (t);

  altoscope_trace_view_set_target (view, t);
  text = altoscope_trace_view_dup_text (view);
  g_test_message ("%s", text);
  /* Every event, on a line of its own, after its time. */
  for (guint i = 0; i < trace->len; i++)
    {
      const AltoscopeTraceEvent *ev = &g_array_index (trace, AltoscopeTraceEvent, i);
      g_autofree char *line = g_strdup_printf ("%.1f ms  %s\n", ev->t_ms, ev->detail);
      g_assert_nonnull (strstr (text, line));
    }
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 2 + 1 + 1 + 6 + 1);
  g_assert_nonnull (strstr (text, "a.test NAPTR 100 10 \"u\" \"ALTO:https\" "
                                  "\"!.*!https://alto.example.test/ird!\" .\n"
                                  "    → Not an ALTO service: “ALTO:https”\n"));
  /* The usable record is not among the ignored. */
  g_assert_null (strstr (text, "NAPTR 100 20"));

  /* A target with nothing ignored says so, and has no trace. */
  altoscope_trace_view_set_target (view, none);
  empty = altoscope_trace_view_dup_text (view);
  g_assert_nonnull (strstr (empty, "No record was ignored."));
  g_assert_cmpuint (n_rows (view), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_selection_survives (void)
{
  g_autoptr(AltoscopeTarget) first = make_target (5, 0, NULL, FALSE);
  g_autoptr(AltoscopeTarget) again = make_target (5, 0.7, NULL, FALSE);
  g_autoptr(AltoscopeTarget) changed = make_target (5, 0.7, "A for “other.a.test”: NXDOMAIN",
                                                    FALSE);
  g_autoptr(AltoscopeTarget) longer = make_target (7, 0.7, NULL, FALSE);
  g_autoptr(AltoscopeTarget) shorter = make_target (2, 0.7, NULL, FALSE);
  GtkWidget *window;
  AltoscopeTraceView *view = view_in_window (&window);
  GtkLabel *event, *time, *other;
  int start = -1, end = -1;

  altoscope_trace_view_set_target (view, first);
  drain ();
  event = cell (view, 1, 3);
  time = cell (view, 0, 3);
  other = cell (view, 1, 1);
  gtk_label_select_region (event, 5, 12);
  g_assert_true (gtk_label_get_selection_bounds (event, &start, &end));

  /* The same steps with other times: the same labels, the selection kept,
   * only the times changed. */
  altoscope_trace_view_set_target (view, again);
  drain ();
  g_assert_true (cell (view, 1, 3) == event);
  g_assert_true (cell (view, 0, 3) == time);
  g_assert_cmpstr (gtk_label_get_text (time), ==, "5.2 ms");
  start = end = -1;
  g_assert_true (gtk_label_get_selection_bounds (event, &start, &end));
  g_assert_cmpint (start, ==, 5);
  g_assert_cmpint (end, ==, 12);

  /* A changed step changes that line's text, and no other. */
  altoscope_trace_view_set_target (view, changed);
  drain ();
  g_assert_true (cell (view, 1, 1) == other);
  g_assert_cmpstr (gtk_label_get_text (other), ==, "A for “other.a.test”: NXDOMAIN");
  g_assert_true (gtk_label_get_selection_bounds (event, &start, &end));

  /* More steps, then fewer: rows come and go at the end. */
  altoscope_trace_view_set_target (view, longer);
  g_assert_cmpuint (n_rows (view), ==, 7);
  g_assert_true (cell (view, 1, 3) == event);
  altoscope_trace_view_set_target (view, shorter);
  g_assert_cmpuint (n_rows (view), ==, 2);
  altoscope_trace_view_set_target (view, NULL);
  g_assert_cmpuint (n_rows (view), ==, 0);
  g_assert_false (gtk_widget_get_sensitive (find_copy_button (view)));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/app/trace-view/columns-and-focus", test_columns_and_focus);
  g_test_add_func ("/app/trace-view/hostile-text", test_hostile_text);
  g_test_add_func ("/app/trace-view/dup-text", test_dup_text);
  g_test_add_func ("/app/trace-view/selection-survives", test_selection_survives);
  return g_test_run ();
}
