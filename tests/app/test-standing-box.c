/* Widget tests: where this computer stands, and the cost to a peer asked in
 * place (issue 18, item 5), against the ALTO test server over TLS
 * (with-alto-server.py starts it and says what it would answer) under a
 * private Xvfb (with-display.py).  No root.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "altoscope-standing-box.h"
#include "test-widgets.h"

static void
on_checked_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  *(AltoscopeCheck **) data = altoscope_check_finish (result);
}

static GPtrArray *
addresses (const char *first,
           ...)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);
  va_list args;

  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (out, g_inet_address_new_from_string (a));
  va_end (args);
  return out;
}

static AltoscopeCheck *
checked (const char *path,
         GPtrArray  *ours)
{
  g_autofree char *uri = g_strconcat (g_getenv ("ALTOSCOPE_TEST_ALTO_URL"), path, NULL);
  AltoscopeCheck *check = NULL;

  altoscope_check_and_ask_async (uri, NULL, g_getenv ("ALTOSCOPE_TEST_CA"), 20000, ours, NULL,
                                 NULL, on_checked_cb, &check);
  while (check == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (altoscope_check_get_code (check), ==, ALTOSCOPE_CHECK_OK);
  return check;
}

/* Every label under @w, one per line, in order. */
static void
collect (GtkWidget *w,
         GString   *out)
{
  if (GTK_IS_LABEL (w) && gtk_widget_get_visible (w))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (w)));
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    collect (c, out);
}

static char *
text_of (GtkWidget *w)
{
  GString *out = g_string_new (NULL);
  collect (w, out);
  return g_string_free (out, FALSE);
}

static GtkWidget *
shown (GtkWidget *box)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 600);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
assert_lines_out_of_tab_chain (GtkWidget *w)
{
  if (GTK_IS_LABEL (w) && gtk_label_get_selectable (GTK_LABEL (w)))
    {
      g_assert_false (gtk_widget_get_focusable (w));
      /* Nor offered a Tab: one it claims but cannot take would trap it. */
      g_assert_false (gtk_widget_get_can_focus (w));
      g_assert_true (gtk_label_get_wrap (GTK_LABEL (w)));
    }
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    assert_lines_out_of_tab_chain (c);
}

static void
test_where_this_computer_stands (void)
{
  g_autoptr(GPtrArray) ours = addresses ("198.51.100.200", "192.0.2.77", NULL);
  g_autoptr(AltoscopeCheck) check = checked ("/ird", ours);
  GtkWidget *window = shown (altoscope_standing_box_new (check));
  g_autofree char *text = text_of (window);

  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "This computer: PID “printer” in “campus-map” "
                                  "(198.51.100.200)\n"));
  g_assert_nonnull (strstr (text, "This computer (192.0.2.77) is in no PID of “campus-map”\n"));
  g_assert_nonnull (strstr (text, "Said by the Endpoint Property Service · Map version "));
  /* Its lines can be selected with the mouse, and none is a Tab stop. */
  assert_lines_out_of_tab_chain (window);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
type (GtkWidget  *entry,
      const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

static void
test_cost_asked_in_place (void)
{
  g_autoptr(GPtrArray) ours = addresses ("198.51.100.7", NULL);
  g_autoptr(AltoscopeCheck) check = checked ("/ird", ours);
  GtkWidget *box = altoscope_standing_box_new (check);
  GtkWidget *window = shown (box);
  GtkWidget *entry = test_widget_find (box, GTK_TYPE_ENTRY);
  GtkWidget *button = test_widget_find (box, GTK_TYPE_BUTTON);
  g_autofree char *expected = g_strdup_printf ("198.51.100.7 → 203.0.113.9: %s (routingcost, "
                                               "numerical num-routing; Said by the Endpoint "
                                               "Cost Service)\n",
                                               g_getenv ("ALTOSCOPE_TEST_EXPECT_NUM"));
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_nonnull (entry);
  g_assert_false (gtk_widget_get_sensitive (button));

  /* Typing on the way to an address: the button insensitive at once, but
   * no reason while typing goes on; it shows once typing pauses. */
  type (entry, "peer.example");
  g_assert_false (gtk_widget_get_sensitive (button));
  before = text_of (box);
  g_assert_null (strstr (before, "is not an IP address"));
  spin (1000);
  g_clear_pointer (&before, g_free);
  before = text_of (box);
  g_assert_nonnull (strstr (before, "“peer.example” is not an IP address"));
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  /* Enter on a wrong text says why at once, and asks nothing. */
  type (entry, "203.0.113.0/24");
  g_signal_emit_by_name (entry, "activate");
  g_clear_pointer (&before, g_free);
  before = text_of (box);
  g_assert_nonnull (strstr (before, "without a prefix length"));
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Ask the Cost");

  /* An address: the reason gone, Enter asks. */
  type (entry, " 203.0.113.9 ");
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  g_signal_emit_by_name (entry, "activate");
  /* While asking, the button stops. */
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Stop");
  for (guint i = 0; i < 2000; i++)
    {
      g_clear_pointer (&after, g_free);
      after = text_of (box);
      if (strstr (after, "→ 203.0.113.9") != NULL)
        break;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  g_test_message ("%s", after);
  g_assert_nonnull (strstr (after, expected));
  g_assert_nonnull (strstr (after, "hopcount"));
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Ask the Cost");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A directory with no way to ask a cost shows no form. */
static void
test_no_form_without_a_cost_source (void)
{
  g_autoptr(GPtrArray) ours = addresses ("198.51.100.7", NULL);
  g_autoptr(AltoscopeCheck) check = checked ("/ird-big", ours);
  GtkWidget *box = altoscope_standing_box_new (check);
  GtkWidget *window = shown (box);

  g_assert_null (test_widget_find (box, GTK_TYPE_ENTRY));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Closing while a question is out: the question is dropped, the box
 * goes away (nothing keeps it), and nothing breaks. */
static void
test_closed_while_asking (void)
{
  g_autoptr(GPtrArray) ours = addresses ("198.51.100.7", NULL);
  g_autoptr(AltoscopeCheck) check = checked ("/ird", ours);
  GtkWidget *box = altoscope_standing_box_new (check);
  GtkWidget *window = shown (box);
  gpointer alive = box;

  g_object_add_weak_pointer (G_OBJECT (box), &alive);
  type (test_widget_find (box, GTK_TYPE_ENTRY), "203.0.113.9");
  g_signal_emit_by_name (test_widget_find (box, GTK_TYPE_ENTRY), "activate");
  gtk_window_destroy (GTK_WINDOW (window));
  for (guint i = 0; i < 500 && alive != NULL; i++)
    spin (10);
  g_assert_null (alive);
}

/* Stop: the question dropped, the button asks again, nothing is shown. */
static void
test_stop (void)
{
  g_autoptr(GPtrArray) ours = addresses ("198.51.100.7", NULL);
  g_autoptr(AltoscopeCheck) check = checked ("/ird", ours);
  GtkWidget *box = altoscope_standing_box_new (check);
  GtkWidget *window = shown (box);
  GtkWidget *entry = test_widget_find (box, GTK_TYPE_ENTRY);
  GtkWidget *button = test_widget_find (box, GTK_TYPE_BUTTON);
  g_autofree char *text = NULL;

  type (entry, "203.0.113.9");
  g_signal_emit_by_name (entry, "activate");
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Ask the Cost");
  g_assert_true (gtk_widget_get_sensitive (button));
  spin (1500);
  text = text_of (box);
  g_assert_null (strstr (text, "→ 203.0.113.9"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A check sent from no known address asked nothing about this computer:
 * no form that could only fail. */
static void
test_no_form_without_an_address (void)
{
  g_autoptr(AltoscopeCheck) check = checked ("/ird", NULL);
  GtkWidget *box = altoscope_standing_box_new (check);
  GtkWidget *window = shown (box);

  g_assert_null (test_widget_find (box, GTK_TYPE_ENTRY));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  if (g_getenv ("ALTOSCOPE_TEST_ALTO_URL") == NULL)
    {
      g_test_skip ("run through with-alto-server.py");
      return 77;
    }
  g_test_add_func ("/standing/where-this-computer-stands", test_where_this_computer_stands);
  g_test_add_func ("/standing/cost-asked-in-place", test_cost_asked_in_place);
  g_test_add_func ("/standing/no-form-without-a-cost-source", test_no_form_without_a_cost_source);
  g_test_add_func ("/standing/closed-while-asking", test_closed_while_asking);
  g_test_add_func ("/standing/stop", test_stop);
  g_test_add_func ("/standing/no-form-without-an-address", test_no_form_without_an_address);
  return g_test_run ();
}
