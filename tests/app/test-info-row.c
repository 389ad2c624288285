/* Widget tests: AltoscopeInfoRow is drawn where AdwActionRow draws the same
 * content (the same nodes, style classes and spacing), at a wide, a narrow
 * and a very narrow width, with and without a subtitle; its text is plain
 * text; its subtitle hides when empty.  Under a private Xvfb
 * (with-display.py); no root.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "altoscope-info-row.h"
#include "altoscope-reflow-box.h"
#include "altoscope-row-box.h"
#include "test-widgets.h"

#define TITLE "The domain comes from option 15 (the general domain name): NetworkManager " \
              "did not report option 213"

typedef struct
{
  GtkWidget *window;
  GtkWidget *row;
  GtkWidget *prefix;
  GtkWidget *suffix;
} Shown;

static gboolean
is_label_of_class (GtkWidget     *w,
                   gconstpointer  css_class)
{
  return GTK_IS_LABEL (w) && gtk_widget_has_css_class (w, css_class);
}

static GtkWidget *
find_label (GtkWidget  *w,
            const char *css_class)
{
  return test_widget_find_first (w, is_label_of_class, css_class);
}

/* As the family view's no-domain row has them: two buttons, side by side
 * or one above the other, with a margin above and below. */
static GtkWidget *
reflowing_actions (void)
{
  GtkWidget *box = g_object_new (ALTOSCOPE_TYPE_REFLOW_BOX, "valign", GTK_ALIGN_CENTER,
                                 "margin-top", 6, "margin-bottom", 6, NULL);

  gtk_widget_set_parent (gtk_button_new_with_label ("Vorgabe setzen"), box);
  gtk_widget_set_parent (gtk_button_new_with_label ("DHCP-Server fragen"), box);
  return box;
}

static Shown
show (gboolean    ours,
      int         width,
      const char *subtitle,
      gboolean    reflowing)
{
  Shown s = { gtk_window_new () };
  GtkWidget *list = gtk_list_box_new ();

  s.row = ours ? altoscope_info_row_new () : adw_action_row_new ();
  s.prefix = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  s.suffix = reflowing ? reflowing_actions () : gtk_button_new_with_label ("Check");
  gtk_widget_set_valign (s.suffix, GTK_ALIGN_CENTER);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (s.row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (s.row), TITLE);
  if (ours)
    {
      altoscope_info_row_set_subtitle (ALTOSCOPE_INFO_ROW (s.row), subtitle);
      altoscope_info_row_add_prefix (ALTOSCOPE_INFO_ROW (s.row), s.prefix);
      altoscope_info_row_add_suffix (ALTOSCOPE_INFO_ROW (s.row), s.suffix);
    }
  else
    {
      adw_action_row_set_title_lines (ADW_ACTION_ROW (s.row), 0);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (s.row), 0);
      if (subtitle != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (s.row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (s.row), s.prefix);
      adw_action_row_add_suffix (ADW_ACTION_ROW (s.row), s.suffix);
      /* As AltoscopeInfoRow (and altoscope_labels_bound_wrapping) bound
       * every wrapping label. */
      gtk_label_set_width_chars (GTK_LABEL (find_label (s.row, "title")), 8);
      gtk_label_set_width_chars (GTK_LABEL (find_label (s.row, "subtitle")), 8);
    }
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_widget_set_valign (list, GTK_ALIGN_START);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_list_box_append (GTK_LIST_BOX (list), s.row);
  gtk_window_set_default_size (GTK_WINDOW (s.window), width, 500);
  gtk_window_set_child (GTK_WINDOW (s.window), list);
  gtk_window_present (GTK_WINDOW (s.window));
  for (int i = 0; i < 500 && gtk_widget_get_width (s.row) < width - 8; i++)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (gtk_widget_get_width (s.row), >=, width - 8);
  return s;
}

static graphene_rect_t
bounds (GtkWidget *w,
        GtkWidget *row)
{
  graphene_rect_t b;

  g_assert_true (gtk_widget_compute_bounds (w, row, &b));
  return b;
}

static void
assert_same_place (const char *what,
                   GtkWidget  *a,
                   GtkWidget  *a_row,
                   GtkWidget  *b,
                   GtkWidget  *b_row)
{
  graphene_rect_t ra = bounds (a, a_row), rb = bounds (b, b_row);

  if (!graphene_rect_equal (&ra, &rb))
    g_error ("%s: AdwActionRow %.0f,%.0f %.0fx%.0f, AltoscopeInfoRow %.0f,%.0f %.0fx%.0f", what,
             ra.origin.x, ra.origin.y, ra.size.width, ra.size.height,
             rb.origin.x, rb.origin.y, rb.size.width, rb.size.height);
}

static void
compare (int         width,
         const char *subtitle,
         gboolean    reflowing)
{
  Shown adw = show (FALSE, width, subtitle, reflowing);
  Shown ours = show (TRUE, width, subtitle, reflowing);

  g_test_message ("width %d: row %d px high", width, gtk_widget_get_height (ours.row));
  g_assert_cmpint (gtk_widget_get_height (ours.row), ==, gtk_widget_get_height (adw.row));
  if (reflowing)
    {
      /* Actions that stack when short of room: the same height, and the
       * same lines of text (GtkBox may give the actions a few pixels more
       * of the width left). */
      g_assert_cmpfloat (bounds (find_label (ours.row, "title"), ours.row).size.height, ==,
                         bounds (find_label (adw.row, "title"), adw.row).size.height);
      g_assert_cmpfloat (bounds (find_label (ours.row, "subtitle"), ours.row).size.height, ==,
                         bounds (find_label (adw.row, "subtitle"), adw.row).size.height);
    }
  else
    {
      assert_same_place ("title", find_label (adw.row, "title"), adw.row,
                         find_label (ours.row, "title"), ours.row);
      if (subtitle != NULL)
        assert_same_place ("subtitle", find_label (adw.row, "subtitle"), adw.row,
                           find_label (ours.row, "subtitle"), ours.row);
      assert_same_place ("prefix", adw.prefix, adw.row, ours.prefix, ours.row);
      assert_same_place ("suffix", adw.suffix, adw.row, ours.suffix, ours.row);
    }
  gtk_window_destroy (GTK_WINDOW (adw.window));
  gtk_window_destroy (GTK_WINDOW (ours.window));
}

static void
test_drawn_as_action_row (void)
{
  static const int widths[] = { 900, 540, 360, 220 };

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      compare (widths[i], NULL, FALSE);
      compare (widths[i], "NetworkManager's internal DHCP client never asks for it", FALSE);
      compare (widths[i], "Option 57: von NetworkManager nicht gemeldet", TRUE);
    }
}

/* Text from the network is never markup; an empty subtitle is hidden. */
static void
test_plain_text (void)
{
  GtkWidget *row = g_object_ref_sink (altoscope_info_row_new ());
  GtkWidget *title = find_label (row, "title"), *subtitle = find_label (row, "subtitle");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), "<b>a.example</b> & co");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (title)), ==, "<b>a.example</b> & co");
  g_assert_false (gtk_label_get_use_markup (GTK_LABEL (title)));
  g_assert_false (adw_preferences_row_get_use_markup (ADW_PREFERENCES_ROW (row)));
  g_assert_false (gtk_widget_get_visible (subtitle));
  altoscope_info_row_set_subtitle (ALTOSCOPE_INFO_ROW (row), "<i>x</i>");
  g_assert_cmpstr (altoscope_info_row_get_subtitle (ALTOSCOPE_INFO_ROW (row)), ==, "<i>x</i>");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (subtitle)), ==, "<i>x</i>");
  g_assert_true (gtk_widget_get_visible (subtitle));
  altoscope_info_row_set_subtitle (ALTOSCOPE_INFO_ROW (row), NULL);
  g_assert_false (gtk_widget_get_visible (subtitle));
  g_assert_false (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
  g_object_unref (row);
}

/* As AdwActionRow: an empty title takes no line; a widget child given
 * without a type is a suffix (the row keeps its header); the row does not
 * make what holds it expand. */
static void
test_as_action_row_takes_children (void)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GError) error = NULL;
  GtkWidget *row, *button, *adw = g_object_ref_sink (adw_action_row_new ());

  adw_action_row_add_suffix (ADW_ACTION_ROW (adw), gtk_button_new ());

  g_type_ensure (ALTOSCOPE_TYPE_INFO_ROW);
  g_assert_true (gtk_builder_add_from_string (builder,
    "<interface><object class=\"AltoscopeInfoRow\" id=\"row\">"
    "<property name=\"subtitle\">only a subtitle</property>"
    "<child><object class=\"GtkButton\" id=\"button\"/></child>"
    "</object></interface>", -1, &error));
  g_assert_no_error (error);
  row = GTK_WIDGET (gtk_builder_get_object (builder, "row"));
  button = GTK_WIDGET (gtk_builder_get_object (builder, "button"));
  g_assert_true (gtk_widget_is_ancestor (button, row));
  g_assert_false (gtk_widget_get_visible (find_label (row, "title")));
  g_assert_true (gtk_widget_get_visible (find_label (row, "subtitle")));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), "now a title");
  g_assert_true (gtk_widget_get_visible (find_label (row, "title")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_label (row, "title"))), ==, "now a title");
  /* The header, the row's child: its text expands within it, it does not. */
  g_assert_false (gtk_widget_compute_expand (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)),
                                             GTK_ORIENTATION_HORIZONTAL));
  g_assert_false (gtk_widget_compute_expand (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (adw)),
                                             GTK_ORIENTATION_HORIZONTAL));
  g_object_unref (adw);
}

/* One above the other, given more height than they need: each keeps the
 * height it asks for (the rest is left, none expands); given less, each
 * keeps its minimum. */
static void
test_vertical_box_heights (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = altoscope_row_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *a = gtk_label_new ("first"), *b = gtk_label_new ("second");
  int min = 0, nat = 0;

  gtk_widget_set_parent (a, box);
  gtk_widget_set_parent (b, box);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 200, 300);
  gtk_window_present (GTK_WINDOW (window));
  for (int i = 0; i < 500 && gtk_widget_get_height (box) < 200; i++)
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_measure (a, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (a), &min, &nat, NULL, NULL);
  g_assert_cmpint (gtk_widget_get_height (box), >=, 200);
  g_assert_cmpint (gtk_widget_get_height (a), ==, nat);
  g_assert_cmpint (gtk_widget_get_height (b), ==, nat);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/app/info-row/drawn-as-action-row", test_drawn_as_action_row);
  g_test_add_func ("/app/info-row/plain-text", test_plain_text);
  g_test_add_func ("/app/info-row/takes-children-as-action-row", test_as_action_row_takes_children);
  g_test_add_func ("/app/info-row/vertical-box-heights", test_vertical_box_heights);
  return g_test_run ();
}
