/* Widget tests without root: the family view bound to pairs of a real
 * scheduler, fed by a list of links made here and a scripted transport
 * (tests/unit/scripted-transport), under a private Xvfb (with-display.py).
 * What is asserted is what the widgets show, and that an update changes
 * the view in place.  The real window in the NetworkManager lab is
 * tests/app/test-window.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "altoscope-family-view.h"
#include "altoscope-override-row.h"
#include "altoscope-trace-view.h"
#include "altoscope-uri-row.h"
#include "altoscope-scheduler.h"
#include "altoscope-dns-message.h"
#include "altoscope-report-file.h"
#include "scripted-transport.h"
#include "test-widgets.h"
#include "../unit/test-tmpdir.h"

static ScriptedTransport *transport;

static AltoscopeTransport *
scripted_factory (const char * const  *servers,
                  const char          *interface,
                  guint                timeout_ms,
                  gpointer             data,
                  GError             **error)
{
  return g_object_ref (ALTOSCOPE_TRANSPORT (transport));
}

static AltoscopeLink *
make_link (const char *option15,
           const char *expiry)
{
  AltoscopeLink *link = altoscope_link_new ("eth0", "ethernet");
  const char *a4[] = { "192.0.2.5/24", NULL };
  const char *a6[] = { "2001:db8::5/64", NULL };
  const char *dns[] = { "192.0.2.53", NULL };
  g_autoptr(GHashTable) dhcp = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_hash_table_insert (dhcp, g_strdup ("domain_name"), g_strdup (option15));
  g_hash_table_insert (dhcp, g_strdup ("expiry"), g_strdup (expiry));
  altoscope_link_set_addresses (link, ALTOSCOPE_FAMILY_IPV4, a4);
  altoscope_link_set_addresses (link, ALTOSCOPE_FAMILY_IPV6, a6);
  altoscope_link_set_dns (link, ALTOSCOPE_FAMILY_IPV4, dns);
  altoscope_link_set_dns (link, ALTOSCOPE_FAMILY_IPV6, dns);
  altoscope_link_set_dhcp_options (link, ALTOSCOPE_FAMILY_IPV4, dhcp);
  return link;
}

static void
settle (AltoscopeScheduler *s)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  do
    g_main_context_iteration (NULL, FALSE);
  while ((!altoscope_scheduler_get_settled (s) || altoscope_scheduler_get_running (s) > 0)
         && g_get_monotonic_time () < end);
  g_assert_true (altoscope_scheduler_get_settled (s));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Whether @widget is mapped as @want within 5 s (an expander's slide). */
static gboolean
wait_mapped (GtkWidget *widget,
             gboolean   want)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (gtk_widget_get_mapped (widget) != want && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  return gtk_widget_get_mapped (widget) == want;
}

/* The notes under the override editors (a plain list row holding one
 * wrapping label), each checked for the views' minimum width. */
static guint
count_notes (GtkWidget *widget)
{
  guint n = 0;

  if (GTK_IS_LIST_BOX_ROW (widget) && !ADW_IS_PREFERENCES_ROW (widget))
    {
      GtkWidget *label = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (widget));

      if (GTK_IS_LABEL (label) && gtk_label_get_wrap (GTK_LABEL (label)))
        {
          g_assert_cmpint (gtk_label_get_width_chars (GTK_LABEL (label)), ==, 8);
          n++;
        }
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    n += count_notes (c);
  return n;
}

static AltoscopeFamilyView *
view_in_window (GtkWidget **window)
{
  AltoscopeFamilyView *view = g_object_new (ALTOSCOPE_TYPE_FAMILY_VIEW, NULL);

  *window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (*window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (*window));
  return view;
}

static void
test_bound_to_pairs (void)
{
  g_autoptr(GListStore) links = g_list_store_new (ALTOSCOPE_TYPE_LINK);
  g_autoptr(GSettings) settings = g_settings_new ("org.altoscope.Altoscope");
  g_autoptr(AltoscopeOverrides) overrides = altoscope_overrides_new (settings);
  g_autoptr(AltoscopeLink) link = make_link ("a.test", "1700000000");
  g_autoptr(AltoscopeLink) renewed = make_link ("a.test", "1800000000");
  g_autoptr(AltoscopeLink) moved = make_link ("b.test", "1800000000");
  g_autoptr(AltoscopeScheduler) s = NULL;
  g_autoptr(GPtrArray) uris = NULL;
  g_autoptr(GPtrArray) badges = NULL;
  AltoscopePair *p4, *p6;
  AltoscopeFamilyView *v4, *v6;
  GtkWidget *w4, *w6;
  GtkLabel *first_row;

  transport = scripted_transport_new ();
  scripted_transport_add_naptr (transport, "a.test", 100, 10, "u", "ALTO:https",
                                "!.*!https://192.0.2.1/a!", ".");
  scripted_transport_add_naptr (transport, "a.test", 100, 20, "u", "ALTO:http",
                                "!.*!http://192.0.2.2/a!", ".");
  scripted_transport_add_naptr (transport, "b.test", 100, 10, "u", "ALTO:https",
                                "!.*!https://192.0.2.3/b!", ".");

  g_list_store_append (links, link);
  s = altoscope_scheduler_new (G_LIST_MODEL (links), overrides, NULL, 1000);
  altoscope_scheduler_set_transport_factory (s, scripted_factory, NULL);
  settle (s);
  p4 = altoscope_scheduler_find_pair (s, "dev:eth0/ipv4");
  p6 = altoscope_scheduler_find_pair (s, "dev:eth0/ipv6");
  g_assert_nonnull (p4);
  g_assert_nonnull (p6);

  v4 = view_in_window (&w4);
  v6 = view_in_window (&w6);
  altoscope_family_view_bind (v4, ALTOSCOPE_FAMILY_IPV4, link, p4, overrides);
  altoscope_family_view_bind (v6, ALTOSCOPE_FAMILY_IPV6, link, p6, overrides);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  /* IPv4: option 15's domain, its two URIs ranked, DNSSEC secure. */
  g_assert_cmpstr (altoscope_family_view_get_domain_text (v4), ==, "a.test");
  g_assert_nonnull (strstr (altoscope_family_view_get_source_text (v4), "option 15"));
  uris = altoscope_family_view_dup_uris (v4);
  badges = altoscope_family_view_dup_badges (v4);
  g_assert_cmpuint (uris->len, ==, 2);
  g_assert_cmpstr (uris->pdata[0], ==, "https://192.0.2.1/a");
  g_assert_cmpstr (uris->pdata[1], ==, "http://192.0.2.2/a");
  g_assert_cmpstr (badges->pdata[0], ==, "secure");
  g_assert_null (altoscope_family_view_get_error_text (v4));

  /* IPv6: no lease, no option 57, no fallback (RFC 7286 §3.1): a neutral
   * state that says so in one line, with its next steps, not a failure. */
  g_assert_cmpstr (altoscope_family_view_get_status_text (v6), ==, "No domain");
  g_assert_cmpstr (altoscope_family_view_get_domain_text (v6), ==,
                   "No ALTO domain for this network");
  g_assert_cmpstr (altoscope_family_view_get_source_text (v6), ==,
                   "No DHCPv6 lease to take option 57 from, and no override");
  g_assert_null (altoscope_family_view_get_error_text (v6));
  g_assert_null (altoscope_family_view_get_error_headline (v6, NULL));
  g_assert_false (gtk_widget_has_css_class (altoscope_family_view_get_answer_widget (v6), "error"));

  /* A renewal that says nothing new to ALTO runs nothing again: the rows
   * are the same widgets. */
  first_row = altoscope_family_view_get_uri_label (v4, 0);
  g_assert_nonnull (first_row);
  altoscope_link_update_from (link, renewed);
  settle (s);
  g_assert_true (altoscope_family_view_get_uri_label (v4, 0) == first_row);

  /* The domain changes in place: the same view, bound to the same pair,
   * shows the new result. */
  altoscope_link_update_from (link, moved);
  settle (s);
  g_assert_true (altoscope_scheduler_find_pair (s, "dev:eth0/ipv4") == p4);
  g_assert_cmpstr (altoscope_family_view_get_domain_text (v4), ==, "b.test");
  g_clear_pointer (&uris, g_ptr_array_unref);
  uris = altoscope_family_view_dup_uris (v4);
  g_assert_cmpuint (uris->len, ==, 1);
  g_assert_cmpstr (uris->pdata[0], ==, "https://192.0.2.3/b");

  /* What a closed expander holds is not measured (altoscope-expander.c):
   * the trace's list is hidden while the row is closed, shown as it opens,
   * hidden again once it has closed, and the trace is there when open. */
  {
    AdwExpanderRow *row = altoscope_family_view_get_trace_row (v4);
    GtkWidget *view = GTK_WIDGET (altoscope_family_view_get_trace_view (v4));
    GtkWidget *list = gtk_widget_get_ancestor (view, GTK_TYPE_LIST_BOX);
    g_autofree char *trace = NULL;

    while (g_main_context_iteration (NULL, FALSE))
      ;
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row)));
    g_assert_true (gtk_widget_is_ancestor (list, GTK_WIDGET (row)));
    g_assert_false (gtk_widget_get_visible (list));
    adw_expander_row_set_expanded (row, TRUE);
    g_assert_true (gtk_widget_get_visible (list));
    g_assert_true (wait_mapped (view, TRUE));
    trace = altoscope_trace_view_dup_text (ALTOSCOPE_TRACE_VIEW (view));
    g_assert_nonnull (strstr (trace, "b.test"));
    adw_expander_row_set_expanded (row, FALSE);
    g_assert_true (wait_mapped (view, FALSE));
    g_assert_false (gtk_widget_get_visible (list));
  }

  gtk_window_destroy (GTK_WINDOW (w4));
  gtk_window_destroy (GTK_WINDOW (w6));
  g_clear_object (&transport);
}

/* A failure: which step, the cause in plain words, and the wait before
 * retrying (RFC 7286 §3.2) on the button. */
static void
test_failure (void)
{
  g_autoptr(GListStore) links = g_list_store_new (ALTOSCOPE_TYPE_LINK);
  g_autoptr(GSettings) settings = g_settings_new ("org.altoscope.Altoscope");
  g_autoptr(AltoscopeOverrides) overrides = altoscope_overrides_new (settings);
  g_autoptr(AltoscopeLink) link = make_link ("missing.test", "1700000000");
  g_autoptr(AltoscopeBackoff) backoff = NULL;
  g_autoptr(AltoscopeScheduler) s = NULL;
  AltoscopeFamilyView *v4;
  GtkWidget *w4;
  g_autofree char *dir = test_tmpdir_new ("altoscope-view-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "backoff.ini", NULL);

  transport = scripted_transport_new ();
  scripted_transport_set_rcode (transport, "missing.test", 35, 3 /* NXDOMAIN */);
  backoff = altoscope_backoff_new (path);
  g_list_store_append (links, link);
  s = altoscope_scheduler_new (G_LIST_MODEL (links), overrides, backoff, 1000);
  altoscope_scheduler_set_transport_factory (s, scripted_factory, NULL);
  settle (s);

  v4 = view_in_window (&w4);
  altoscope_family_view_bind (v4, ALTOSCOPE_FAMILY_IPV4, link,
                              altoscope_scheduler_find_pair (s, "dev:eth0/ipv4"), overrides);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpstr (altoscope_family_view_get_status_text (v4), ==, "Failed");
  {
    const char *caption = NULL;
    g_assert_cmpstr (altoscope_family_view_get_error_headline (v4, &caption), ==,
                     "The domain does not exist");
    g_assert_cmpstr (caption, ==, "Step “naptr” · nxdomain");
  }
  g_assert_nonnull (strstr (altoscope_family_view_get_error_text (v4), "does not exist"));
  g_assert_false (altoscope_family_view_get_retry_sensitive (v4));
  g_assert_true (g_str_has_prefix (altoscope_family_view_get_retry_label (v4), "Retry in "));

  gtk_window_destroy (GTK_WINDOW (w4));
  g_clear_object (&s);
  altoscope_backoff_flush (backoff);
  g_clear_object (&backoff);
  g_unlink (path);
  g_rmdir (dir);
  g_clear_object (&transport);
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Escape, as the key controller on the entry hears it. */
static gboolean
press_escape (GtkWidget *entry)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (entry);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !handled; i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);
      if (GTK_IS_EVENT_CONTROLLER_KEY (c))
        g_signal_emit_by_name (c, "key-pressed", GDK_KEY_Escape, 0, 0, &handled);
    }
  return handled;
}

/* An override being typed is a draft: it survives the focus leaving, an
 * update and a rediscovery, and switching to another pair and back;
 * Escape reverts it; an invalid one keeps its reason on screen and cannot
 * be applied; applying it makes it the domain. */
static void
test_drafts (void)
{
  g_autoptr(GListStore) links = g_list_store_new (ALTOSCOPE_TYPE_LINK);
  g_autoptr(GSettings) settings = g_settings_new ("org.altoscope.Altoscope");
  g_autoptr(AltoscopeOverrides) overrides = altoscope_overrides_new (settings);
  g_autoptr(AltoscopeLink) link = make_link ("a.test", "1700000000");
  g_autoptr(AltoscopeLink) moved = make_link ("b.test", "1800000000");
  g_autoptr(AltoscopeScheduler) s = NULL;
  AltoscopePair *p4, *p6;
  AltoscopeFamilyView *v4;
  AdwEntryRow *entry;
  GtkWidget *w4, *elsewhere;
  const char *note = NULL;

  transport = scripted_transport_new ();
  scripted_transport_add_naptr (transport, "a.test", 100, 10, "u", "ALTO:https",
                                "!.*!https://192.0.2.1/a!", ".");
  scripted_transport_add_naptr (transport, "b.test", 100, 10, "u", "ALTO:https",
                                "!.*!https://192.0.2.3/b!", ".");
  scripted_transport_add_naptr (transport, "typed.test", 100, 10, "u", "ALTO:https",
                                "!.*!https://192.0.2.9/t!", ".");
  g_list_store_append (links, link);
  s = altoscope_scheduler_new (G_LIST_MODEL (links), overrides, NULL, 1000);
  altoscope_scheduler_set_transport_factory (s, scripted_factory, NULL);
  settle (s);
  p4 = altoscope_scheduler_find_pair (s, "dev:eth0/ipv4");
  p6 = altoscope_scheduler_find_pair (s, "dev:eth0/ipv6");
  v4 = view_in_window (&w4);
  altoscope_family_view_bind (v4, ALTOSCOPE_FAMILY_IPV4, link, p4, overrides);
  iterate ();

  /* The override row's editors are made when first needed: closed, the
   * row is its title and what is set, and follows the overrides; opened,
   * its two editors show what is set. */
  {
    AdwExpanderRow *row = ADW_EXPANDER_ROW (test_widget_find (GTK_WIDGET (v4),
                                                           ALTOSCOPE_TYPE_OVERRIDE_ROW));
    AltoscopeFamily f = ALTOSCOPE_FAMILY_IPV4;

    g_assert_nonnull (row);
    g_assert_cmpuint (test_widget_count (GTK_WIDGET (row), ADW_TYPE_ENTRY_ROW), ==, 0);
    g_assert_cmpstr (adw_expander_row_get_subtitle (row), ==, "Not set");
    g_assert_true (altoscope_overrides_set (overrides, ALTOSCOPE_SCOPE_INTERFACE, "eth0", &f,
                                            "b.test", NULL));
    settle (s);
    iterate ();
    g_assert_cmpstr (adw_expander_row_get_subtitle (row), ==, "Set for IPv4: b.test");
    g_assert_cmpuint (test_widget_count (GTK_WIDGET (row), ADW_TYPE_ENTRY_ROW), ==, 0);
    adw_expander_row_set_expanded (row, TRUE);
    g_assert_cmpuint (test_widget_count (GTK_WIDGET (row), ADW_TYPE_ENTRY_ROW), ==, 2);
    entry = ADW_ENTRY_ROW (test_widget_find (GTK_WIDGET (row), ADW_TYPE_ENTRY_ROW));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "b.test");
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (entry)), ==,
                     "This interface, IPv4 only");
    g_assert_true (entry == altoscope_family_view_get_entry (v4, TRUE, NULL));
    /* the notes under the editors wrap, with the views' minimum width */
    g_assert_cmpuint (count_notes (GTK_WIDGET (row)), ==, 2);
    altoscope_overrides_clear (overrides, ALTOSCOPE_SCOPE_INTERFACE, "eth0", &f);
    settle (s);
    iterate ();
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
    adw_expander_row_set_expanded (row, FALSE);
  }

  entry = altoscope_family_view_get_entry (v4, TRUE, &note);
  g_assert_null (note);

  /* Set from elsewhere (the CLI, Preferences): shown, not a draft, and
   * the folded row stays folded, also when it changes again. */
  {
    AdwExpanderRow *row = ADW_EXPANDER_ROW (gtk_widget_get_ancestor (GTK_WIDGET (entry),
                                                                     ADW_TYPE_EXPANDER_ROW));
    AltoscopeFamily f = ALTOSCOPE_FAMILY_IPV4;
    g_assert_true (altoscope_overrides_set (overrides, ALTOSCOPE_SCOPE_INTERFACE, "eth0", &f,
                                            "b.test", NULL));
    settle (s);
    iterate ();
    g_assert_true (altoscope_overrides_set (overrides, ALTOSCOPE_SCOPE_INTERFACE, "eth0", &f,
                                            "typed.test", NULL));
    settle (s);
    iterate ();
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "typed.test");
    g_assert_false (adw_expander_row_get_expanded (row));
    altoscope_overrides_clear (overrides, ALTOSCOPE_SCOPE_INTERFACE, "eth0", &f);
    settle (s);
    iterate ();
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
    g_assert_false (adw_expander_row_get_expanded (row));
  }
  g_assert_false (gtk_widget_get_sensitive (altoscope_family_view_get_apply_button (v4, TRUE)));
  gtk_widget_grab_focus (GTK_WIDGET (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), "typed.test");
  altoscope_family_view_get_entry (v4, TRUE, &note);
  g_assert_nonnull (note);
  g_assert_nonnull (strstr (note, "Not applied yet"));
  g_assert_true (gtk_widget_get_sensitive (altoscope_family_view_get_apply_button (v4, TRUE)));

  /* The focus leaves; the link changes; discovery runs again. */
  elsewhere = altoscope_family_view_get_apply_button (v4, FALSE);
  gtk_widget_set_focusable (elsewhere, TRUE);
  gtk_widget_grab_focus (elsewhere);
  altoscope_link_update_from (link, moved);
  settle (s);
  iterate ();
  g_assert_cmpstr (altoscope_family_view_get_domain_text (v4), ==, "b.test");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "typed.test");
  altoscope_family_view_get_entry (v4, TRUE, &note);
  g_assert_nonnull (note);

  /* To another pair and back: the draft comes back with its pair. */
  altoscope_family_view_bind (v4, ALTOSCOPE_FAMILY_IPV6, link, p6, overrides);
  iterate ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  altoscope_family_view_bind (v4, ALTOSCOPE_FAMILY_IPV4, link, p4, overrides);
  iterate ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "typed.test");

  /* Escape gives back what is set (nothing). */
  g_assert_true (press_escape (GTK_WIDGET (entry)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  altoscope_family_view_get_entry (v4, TRUE, &note);
  g_assert_null (note);

  /* Invalid: the reason stays under the row, through an update too. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "bad..name");
  altoscope_family_view_get_entry (v4, TRUE, &note);
  g_assert_nonnull (note);
  g_assert_true (g_str_has_prefix (note, "Not a valid domain"));
  g_assert_false (gtk_widget_get_sensitive (altoscope_family_view_get_apply_button (v4, TRUE)));
  altoscope_scheduler_refresh (s, "dev:eth0/ipv4");
  settle (s);
  iterate ();
  altoscope_family_view_get_entry (v4, TRUE, &note);
  g_assert_nonnull (note);
  g_assert_true (g_str_has_prefix (note, "Not a valid domain"));

  /* Applied (Enter): the domain, and no draft any more. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "typed.test");
  g_signal_emit_by_name (entry, "entry-activated");
  settle (s);
  iterate ();
  g_assert_cmpstr (altoscope_family_view_get_domain_text (v4), ==, "typed.test");
  altoscope_family_view_get_entry (v4, TRUE, &note);
  g_assert_null (note);
  altoscope_family_view_clear_override (v4, TRUE);
  settle (s);

  /* Before its pair exists (the first moments of a new interface): a
   * draft typed then belongs to that interface, stays when the pair comes,
   * and never shows on another interface. */
  {
    g_autoptr(AltoscopeLink) other = altoscope_link_new ("eth1", "ethernet");

    altoscope_family_view_bind (v4, ALTOSCOPE_FAMILY_IPV4, link, NULL, overrides);
    iterate ();
    gtk_editable_set_text (GTK_EDITABLE (entry), "early.test");
    altoscope_family_view_bind (v4, ALTOSCOPE_FAMILY_IPV4, other, NULL, overrides);
    iterate ();
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
    altoscope_family_view_bind (v4, ALTOSCOPE_FAMILY_IPV4, link, NULL, overrides);
    iterate ();
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "early.test");
    altoscope_family_view_bind (v4, ALTOSCOPE_FAMILY_IPV4, link, p4, overrides);
    iterate ();
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "early.test");
    g_assert_true (press_escape (GTK_WIDGET (entry)));
  }

  gtk_window_destroy (GTK_WINDOW (w4));
  g_clear_object (&transport);
}

/* Binds a fresh view to eth0/ipv4 of a scheduler on @t (a.test by
 * option 15); *@s and *@window to free. */
static AltoscopeFamilyView *
view_on (ScriptedTransport   *t,
         GListStore          *links,
         AltoscopeOverrides  *overrides,
         AltoscopeScheduler **s,
         GtkWidget          **window)
{
  AltoscopeFamilyView *v = view_in_window (window);
  AltoscopeLink *link = g_list_model_get_item (G_LIST_MODEL (links), 0);

  transport = t;
  *s = altoscope_scheduler_new (G_LIST_MODEL (links), overrides, NULL, 1000);
  altoscope_scheduler_set_transport_factory (*s, scripted_factory, NULL);
  settle (*s);
  altoscope_family_view_bind (v, ALTOSCOPE_FAMILY_IPV4, link,
                              altoscope_scheduler_find_pair (*s, "dev:eth0/ipv4"), overrides);
  iterate ();
  g_object_unref (link);
  return v;
}

/* Issue 17: the badge says who proved the status; a resolver that vouched
 * for altered data is the first line of the family, in words, not a code. */
static void
test_dnssec_proof (void)
{
  g_autoptr(GListStore) links = g_list_store_new (ALTOSCOPE_TYPE_LINK);
  g_autoptr(GSettings) settings = g_settings_new ("org.altoscope.Altoscope");
  g_autoptr(AltoscopeOverrides) overrides = altoscope_overrides_new (settings);
  g_autoptr(AltoscopeLink) link = make_link ("a.test", "1700000000");
  g_autoptr(AltoscopeScheduler) s = NULL;
  ScriptedTransport *t = scripted_transport_new ();
  AltoscopeFamilyView *v4;
  GtkWidget *w4;
  const char *details = NULL;
  const char *sentence;

  g_list_store_append (links, link);
  scripted_transport_add_naptr (t, "a.test", 100, 10, "u", "ALTO:https",
                                "!.*!https://192.0.2.1/a!", ".");
  scripted_transport_set_proof (t, "a.test", ALTOSCOPE_DNS_TYPE_NAPTR, ALTOSCOPE_DNSSEC_SECURE,
                                ALTOSCOPE_DNSSEC_SECURE);
  v4 = view_on (t, links, overrides, &s, &w4);
  g_assert_cmpstr (altoscope_uri_row_get_badge_text (
      ALTOSCOPE_URI_ROW (altoscope_family_view_get_uri_row (v4, 0))), ==, "verified secure");
  g_assert_null (altoscope_family_view_get_mismatch (v4, NULL));
  gtk_window_destroy (GTK_WINDOW (w4));
  g_clear_object (&s);
  g_clear_object (&transport);

  /* The resolver says secure; the proof says the signatures are wrong. */
  t = scripted_transport_new ();
  scripted_transport_add_naptr (t, "a.test", 100, 10, "u", "ALTO:https",
                                "!.*!https://192.0.2.1/a!", ".");
  scripted_transport_set_proof (t, "a.test", ALTOSCOPE_DNS_TYPE_NAPTR, ALTOSCOPE_DNSSEC_SECURE,
                                ALTOSCOPE_DNSSEC_BOGUS);
  v4 = view_on (t, links, overrides, &s, &w4);
  sentence = altoscope_family_view_get_mismatch (v4, &details);
  g_assert_nonnull (sentence);
  g_assert_true (g_str_has_prefix (sentence, "The DNS answers for this network were altered"));
  g_assert_nonnull (strstr (details, "NAPTR"));
  gtk_window_destroy (GTK_WINDOW (w4));
  g_clear_object (&s);
  g_clear_object (&transport);

  /* The resolver vouched, the proof was withheld: unproved, and said as
   * a possible forgery with what would settle it. */
  t = scripted_transport_new ();
  scripted_transport_add_naptr (t, "a.test", 100, 10, "u", "ALTO:https",
                                "!.*!https://192.0.2.1/a!", ".");
  scripted_transport_set_proof (t, "a.test", ALTOSCOPE_DNS_TYPE_NAPTR, ALTOSCOPE_DNSSEC_SECURE,
                                ALTOSCOPE_DNSSEC_INDETERMINATE);
  scripted_transport_set_validation_failure (t, "the path withheld the keys");
  v4 = view_on (t, links, overrides, &s, &w4);
  sentence = altoscope_family_view_get_mismatch (v4, &details);
  g_assert_nonnull (sentence);
  g_assert_true (g_str_has_prefix (sentence, "The resolver vouched for DNS answers whose proof "
                                             "was withheld"));
  g_assert_nonnull (strstr (details, "withheld"));
  g_assert_nonnull (altoscope_family_view_get_uri_row (v4, 0));
  g_assert_cmpstr (altoscope_uri_row_get_badge_text (
      ALTOSCOPE_URI_ROW (altoscope_family_view_get_uri_row (v4, 0))), ==, "unproved");
  gtk_window_destroy (GTK_WINDOW (w4));
  g_clear_object (&s);
  g_clear_object (&transport);

  /* Without a proof the badge says whose word it is. */
  t = scripted_transport_new ();
  scripted_transport_add_naptr (t, "a.test", 100, 10, "u", "ALTO:https",
                                "!.*!https://192.0.2.1/a!", ".");
  v4 = view_on (t, links, overrides, &s, &w4);
  g_assert_true (g_str_has_prefix (altoscope_uri_row_get_badge_text (
      ALTOSCOPE_URI_ROW (altoscope_family_view_get_uri_row (v4, 0))), "resolver says "));
  gtk_window_destroy (GTK_WINDOW (w4));
  g_clear_object (&s);
  g_clear_object (&transport);
}

static gboolean
layout_ellipsized (GtkLabel *label)
{
  return pango_layout_is_ellipsized (gtk_label_get_layout (label));
}

/* At 360 px the URI, the answer, wraps and is shown in full; the badge
 * and buttons go under it.  Wide, they sit beside it. */
static void
test_narrow (void)
{
  g_autoptr(GListStore) links = g_list_store_new (ALTOSCOPE_TYPE_LINK);
  g_autoptr(GSettings) settings = g_settings_new ("org.altoscope.Altoscope");
  g_autoptr(AltoscopeOverrides) overrides = altoscope_overrides_new (settings);
  g_autoptr(AltoscopeLink) link = make_link ("long.test", "1700000000");
  g_autoptr(AltoscopeScheduler) s = NULL;
  const char *uri = "https://alto-server-with-a-long-name.operator.example.net/"
                    "directory/of/the/access/network";
  g_autofree char *regexp = g_strdup_printf ("!.*!%s!", uri);
  AltoscopeFamilyView *v4;
  GtkWidget *w4, *row;
  GtkLabel *label;

  transport = scripted_transport_new ();
  scripted_transport_add_naptr (transport, "long.test", 100, 10, "u", "ALTO:https", regexp, ".");
  g_list_store_append (links, link);
  s = altoscope_scheduler_new (G_LIST_MODEL (links), overrides, NULL, 1000);
  altoscope_scheduler_set_transport_factory (s, scripted_factory, NULL);
  settle (s);
  v4 = view_in_window (&w4);
  gtk_window_set_default_size (GTK_WINDOW (w4), 360, 600);
  altoscope_family_view_bind (v4, ALTOSCOPE_FAMILY_IPV4, link,
                              altoscope_scheduler_find_pair (s, "dev:eth0/ipv4"), overrides);
  for (int i = 0; i < 50; i++)
    {
      iterate ();
      g_usleep (10000);
    }
  g_assert_cmpint (gtk_widget_get_width (w4), <=, 360);
  row = altoscope_family_view_get_uri_row (v4, 0);
  label = altoscope_family_view_get_uri_label (v4, 0);
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_label_get_text (label), ==, uri);
  g_assert_cmpint (gtk_label_get_ellipsize (label), ==, PANGO_ELLIPSIZE_NONE);
  g_assert_false (layout_ellipsized (label));
  g_assert_true (altoscope_uri_row_get_stacked (ALTOSCOPE_URI_ROW (row)));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (label)), <=, 360);
  /* It wraps: more than one line. */
  g_assert_cmpint (pango_layout_get_line_count (gtk_label_get_layout (label)), >, 1);

  gtk_window_set_default_size (GTK_WINDOW (w4), 1100, 600);
  for (int i = 0; i < 50; i++)
    {
      iterate ();
      g_usleep (10000);
    }
  g_assert_false (altoscope_uri_row_get_stacked (ALTOSCOPE_URI_ROW (row)));
  g_assert_false (layout_ellipsized (label));

  gtk_window_destroy (GTK_WINDOW (w4));
  g_clear_object (&transport);
}

/* Every domain source is said in words, each its own, never its JSON
 * name: a report made elsewhere (on a machine with overrides, or whose
 * DHCP server was asked directly) may name any. */
static void
test_every_source_in_words (void)
{
  g_autofree char *golden = NULL;
  g_autoptr(GHashTable) said = g_hash_table_new (g_str_hash, g_str_equal);
  GEnumClass *sources = g_type_class_ref (ALTOSCOPE_TYPE_DOMAIN_SOURCE);
  gsize length = 0;

  g_assert_true (g_file_get_contents (g_test_get_filename (G_TEST_DIST, "..", "golden",
                                                          "found.json", NULL),
                                      &golden, &length, NULL));
  g_assert_nonnull (strstr (golden, "\"domain_source\" : \"command-line\""));
  for (guint i = 0; i < sources->n_values; i++)
    {
      const char *nick = sources->values[i].value_nick;
      g_autofree char *quoted = g_strdup_printf ("\"%s\"", nick);
      g_autoptr(GString) text = g_string_new (golden);
      g_autoptr(AltoscopeReportFile) report = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(AltoscopePair) pair = NULL;
      AltoscopeFamilyView *view;
      GtkWidget *window;
      const char *source;

      if (sources->values[i].value == ALTOSCOPE_DOMAIN_SOURCE_NONE)
        continue;
      g_string_replace (text, "\"command-line\"", quoted, 1);
      /* A pair needs an interface and a family. */
      g_assert_cmpuint (g_string_replace (text, "\"interface\" : null", "\"interface\" : \"eth0\"",
                                          1), ==, 1);
      g_assert_cmpuint (g_string_replace (text, "\"family\" : null", "\"family\" : \"ipv4\"", 1),
                        ==, 1);
      report = altoscope_report_file_new_from_data (text->str, text->len, &error);
      g_assert_no_error (error);
      pair = g_list_model_get_item (altoscope_report_file_get_pairs (report), 0);
      g_assert_nonnull (pair);
      g_assert_cmpint (altoscope_target_get_source (altoscope_pair_get_report (pair)), ==,
                       sources->values[i].value);
      view = view_in_window (&window);
      altoscope_family_view_set_read_only (view, TRUE);
      altoscope_family_view_bind (view, altoscope_pair_get_family (pair),
                                  altoscope_pair_get_link (pair), pair, NULL);
      iterate ();
      source = altoscope_family_view_get_source_text (view);
      if (source == NULL || *source == '\0' || strstr (source, nick) != NULL)
        g_error ("%s is said as \"%s\"", nick, source ? source : "(null)");
      if (g_hash_table_contains (said, source))
        g_error ("%s is said as another source is: \"%s\"", nick, source);
      g_hash_table_add (said, (gpointer) g_intern_string (source));
      gtk_window_destroy (GTK_WINDOW (window));
    }
  g_assert_cmpuint (g_hash_table_size (said), ==, sources->n_values - 1);
  g_type_class_unref (sources);
}

int
main (int argc, char **argv)
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/app/family-view/bound-to-pairs", test_bound_to_pairs);
  g_test_add_func ("/app/family-view/failure", test_failure);
  g_test_add_func ("/app/family-view/drafts", test_drafts);
  g_test_add_func ("/app/family-view/narrow", test_narrow);
  g_test_add_func ("/app/family-view/dnssec-proof", test_dnssec_proof);
  g_test_add_func ("/app/family-view/every-source-in-words", test_every_source_in_words);
  return g_test_run ();
}
