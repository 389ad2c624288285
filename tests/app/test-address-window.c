/* Widget tests: "Find the ALTO Server for an Address…" (RFC 8686, issue 18
 * item 4), under a private Xvfb (with-display.py), with a scripted
 * transport (tests/unit/scripted-transport) for DNS: no root, no server.
 * What is asserted is what the window shows: the reason while the text is
 * not an address, Find's state, who is asked, every name with its outcome,
 * the URIs, a failure's headline, and that Stop and closing end a run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "altoscope-address-window.h"
#include "scripted-transport.h"
#include "../unit/test-tmpdir.h"

static ScriptedTransport *transport;
static guint transports_made;

static AltoscopeTransport *
scripted_factory (const char * const  *servers,
                  const char          *interface,
                  guint                timeout_ms,
                  gpointer             data,
                  GError             **error)
{
  transports_made++;
  return g_object_ref (ALTOSCOPE_TRANSPORT (transport));
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
add_alto (const char *owner,
          guint16     preference,
          const char *uri)
{
  g_autofree char *re = g_strdup_printf ("!.*!%s!", uri);

  scripted_transport_add_naptr (transport, owner, 100, preference, "u", "ALTO:https", re, ".");
}

static AltoscopeAddressWindow *
window_new (AltoscopeBackoff *backoff)
{
  AltoscopeAddressWindow *w = altoscope_address_window_new (NULL, backoff);

  altoscope_address_window_set_transport_factory (w, scripted_factory, NULL);
  gtk_window_present (GTK_WINDOW (w));
  iterate ();
  return w;
}

static void
type (AltoscopeAddressWindow *w,
      const char             *text)
{
  gtk_editable_set_text (altoscope_address_window_get_entry (w), text);
  iterate ();
}

/* Enter in the entry, as a person finds. */
static void
press_enter (AltoscopeAddressWindow *w)
{
  g_signal_emit_by_name (altoscope_address_window_get_entry (w), "activate");
  iterate ();
}

static void
wait_done (AltoscopeAddressWindow *w)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (altoscope_address_window_get_running (w) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (altoscope_address_window_get_running (w));
  iterate ();
}

static char *
name_row (AltoscopeAddressWindow *w,
          guint                   i)
{
  g_autoptr(GPtrArray) rows = altoscope_address_window_dup_names (w);

  g_assert_cmpuint (i, <, rows->len);
  return g_strdup (rows->pdata[i]);
}

/* Checked as typed, by the core's rule: a reason in words while it is not
 * an address, and Find insensitive; none when it is, and Find ready. */
static void
test_typing (void)
{
  const char *bad[] = { "192.0.2.1/24", "300.1.2.3", "192.0.2.1/33", "2001:db8::1%eth0",
                        "10.1", "example.net", "10.0.0.0/7" };
  AltoscopeAddressWindow *w;

  transport = scripted_transport_new ();
  w = window_new (NULL);

  /* Opened to type: the keyboard starts in the entry. */
  {
    GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (w));
    GtkWidget *entry = GTK_WIDGET (altoscope_address_window_get_entry (w));
    g_assert_nonnull (focus);
    g_assert_true (focus == entry || gtk_widget_is_ancestor (focus, entry));
  }
  /* Empty: nothing to find, and nothing wrong said yet. */
  g_assert_null (altoscope_address_window_get_reason_text (w));
  g_assert_false (altoscope_address_window_get_can_find (w));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *reason;

      type (w, bad[i]);
      reason = altoscope_address_window_get_reason_text (w);
      g_test_message ("%s: %s", bad[i], reason);
      g_assert_nonnull (reason);
      g_assert_cmpuint (strlen (reason), >, 10);
      g_assert_false (altoscope_address_window_get_can_find (w));
      /* Enter does nothing with it. */
      press_enter (w);
      g_assert_false (altoscope_address_window_get_running (w));
    }
  /* Host bits after the length: the reason names the prefix meant. */
  type (w, "192.0.2.1/24");
  g_assert_nonnull (strstr (altoscope_address_window_get_reason_text (w), "192.0.2.0/24"));

  {
    const char *good[] = { "192.0.2.10", "192.0.2.0/24", "2001:db8::/64", " 198.51.100.7 " };
    for (guint i = 0; i < G_N_ELEMENTS (good); i++)
      {
        type (w, good[i]);
        g_assert_null (altoscope_address_window_get_reason_text (w));
        g_assert_true (altoscope_address_window_get_can_find (w));
      }
  }
  type (w, "");
  g_assert_null (altoscope_address_window_get_reason_text (w));
  g_assert_false (altoscope_address_window_get_can_find (w));
  g_assert_cmpuint (scripted_transport_get_log (transport)->len, ==, 0);

  gtk_window_destroy (GTK_WINDOW (w));
  g_clear_object (&transport);
}

/* Who is asked: the selected interface's DNS servers, said by name, a
 * link-local IPv6 one skipped with the reason; else the system's. */
static void
test_servers (void)
{
  g_autoptr(AltoscopeLink) link = altoscope_link_new ("eth0", "ethernet");
  g_autoptr(AltoscopeLink) bare = altoscope_link_new ("wlan0", "wifi");
  const char *dns4[] = { "192.0.2.53", NULL };
  const char *dns6[] = { "fe80::1", "2001:db8::53", NULL };
  const char *a4[] = { "192.0.2.5/24", NULL };
  AltoscopeAddressWindow *w;
  const char *text;

  transport = scripted_transport_new ();
  w = window_new (NULL);
  text = altoscope_address_window_get_servers_text (w);
  g_assert_nonnull (strstr (text, "Asked through the system’s resolver."));

  altoscope_link_set_addresses (link, ALTOSCOPE_FAMILY_IPV4, a4);
  altoscope_link_set_dns (link, ALTOSCOPE_FAMILY_IPV4, dns4);
  altoscope_link_set_dns (link, ALTOSCOPE_FAMILY_IPV6, dns6);
  altoscope_address_window_set_link (w, link);
  text = altoscope_address_window_get_servers_text (w);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "Asked through the DNS servers of eth0: 192.0.2.53, "
                                  "2001:db8::53."));
  g_assert_nonnull (strstr (text, "fe80::1 cannot be used"));
  g_assert_nonnull (strstr (text, "Altoscope proves DNSSEC itself."));

  altoscope_address_window_set_validation (w, FALSE, NULL);
  text = altoscope_address_window_get_servers_text (w);
  g_assert_nonnull (strstr (text, "validation is off in Preferences"));
  g_assert_null (strstr (text, "proves DNSSEC"));

  altoscope_address_window_set_link (w, bare);
  text = altoscope_address_window_get_servers_text (w);
  g_assert_nonnull (strstr (text, "wlan0 has no DNS servers of its own: asked through the "
                                  "system’s resolver."));

  altoscope_address_window_set_link (w, NULL);
  text = altoscope_address_window_get_servers_text (w);
  g_assert_null (strstr (text, "wlan0"));
  g_assert_nonnull (strstr (text, "Asked through the system’s resolver."));

  gtk_window_destroy (GTK_WINDOW (w));
  g_clear_object (&transport);
}

/* /32 has nothing, /24 answers: both names with their outcome, the two
 * shorter ones not asked, the URIs ranked; all this at 360 px. */
static void
test_found (void)
{
  g_autofree char *dir = test_tmpdir_new ("altoscope-address-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "backoff.ini", NULL);
  g_autoptr(AltoscopeBackoff) backoff = altoscope_backoff_new (path);
  g_autoptr(GPtrArray) uris = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *r0 = NULL;
  g_autofree char *r1 = NULL;
  g_autofree char *r2 = NULL;
  AltoscopeAddressWindow *w;
  const char *caption = NULL;
  int min = 0, nat = 0;

  transport = scripted_transport_new ();
  add_alto ("2.0.192.in-addr.arpa", 20, "https://alto-b.example.net/directory");
  add_alto ("2.0.192.in-addr.arpa", 10, "https://alto-a.example.net/directory");
  add_alto ("0.192.in-addr.arpa", 10, "https://wrong.example.net/r16");
  w = window_new (backoff);
  gtk_window_set_default_size (GTK_WINDOW (w), 360, 600);

  /* Nothing shown before a run. */
  g_assert_null (altoscope_address_window_get_headline (w, NULL));
  type (w, "192.0.2.10");
  press_enter (w);
  g_assert_true (altoscope_address_window_get_running (w));
  g_assert_false (altoscope_address_window_get_can_find (w));
  wait_done (w);
  g_assert_true (altoscope_address_window_get_can_find (w));

  rows = altoscope_address_window_dup_names (w);
  g_assert_cmpuint (rows->len, ==, 4);
  r0 = name_row (w, 0);
  r1 = name_row (w, 1);
  r2 = name_row (w, 2);
  g_test_message ("%s\n%s\n%s", r0, r1, r2);
  g_assert_true (g_str_has_prefix (r0, "10.2.0.192.in-addr.arpa.\tNo ALTO records: the name "
                                       "does not exist"));
  g_assert_true (g_str_has_prefix (r1, "2.0.192.in-addr.arpa.\tAnswered: 2 ALTO servers"));
  g_assert_nonnull (strstr (r1, "DNSSEC: secure"));
  g_assert_true (g_str_has_prefix (r2, "0.192.in-addr.arpa.\tNot asked"));

  g_assert_cmpstr (altoscope_address_window_get_headline (w, &caption), ==,
                   "Found 2 ALTO Servers");
  g_assert_nonnull (strstr (caption, "Answered by 2.0.192.in-addr.arpa., for the prefix /24"));
  uris = altoscope_address_window_dup_uris (w);
  g_assert_cmpuint (uris->len, ==, 2);
  g_assert_cmpstr (uris->pdata[0], ==, "https://alto-a.example.net/directory");
  g_assert_cmpstr (uris->pdata[1], ==, "https://alto-b.example.net/directory");
  g_assert_null (altoscope_address_window_get_note_text (w));

  /* 360 px is enough: nothing in it asks for more. */
  for (int i = 0; i < 30; i++)
    {
      iterate ();
      g_usleep (10000);
    }
  gtk_widget_measure (GTK_WIDGET (w), GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, <=, 360);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (w)), <=, 360);

  gtk_window_destroy (GTK_WINDOW (w));
  g_clear_object (&transport);
}

/* A failure other than "nothing there" stops (RFC 8686 §3.5): its
 * headline, the step and code in the caption, the shorter name that has
 * records never asked, and no URI. */
static void
test_failure (void)
{
  g_autofree char *r0 = NULL;
  g_autofree char *r1 = NULL;
  g_autoptr(GPtrArray) uris = NULL;
  AltoscopeAddressWindow *w;
  const char *caption = NULL;

  transport = scripted_transport_new ();
  scripted_transport_set_rcode (transport, "7.100.51.198.in-addr.arpa", 35, 2 /* SERVFAIL */);
  add_alto ("100.51.198.in-addr.arpa", 10, "https://alto.example.net/d");
  w = window_new (NULL);
  type (w, "198.51.100.7");
  press_enter (w);
  wait_done (w);

  g_assert_cmpstr (altoscope_address_window_get_headline (w, &caption), ==,
                   "The DNS server could not look the domain up");
  g_test_message ("%s", caption);
  g_assert_nonnull (strstr (caption, "7.100.51.198.in-addr.arpa."));
  g_assert_nonnull (strstr (caption, "servfail"));
  r0 = name_row (w, 0);
  r1 = name_row (w, 1);
  g_assert_true (g_str_has_prefix (r0, "7.100.51.198.in-addr.arpa.\tFailed, so the search "
                                       "stopped here: The DNS server could not look"));
  g_assert_true (g_str_has_prefix (r1, "100.51.198.in-addr.arpa.\tNot asked"));
  uris = altoscope_address_window_dup_uris (w);
  g_assert_cmpuint (uris->len, ==, 0);

  /* Nothing anywhere: said for the address, not as one name's failure. */
  type (w, "203.0.113.0/24");
  press_enter (w);
  wait_done (w);
  g_assert_cmpstr (altoscope_address_window_get_headline (w, &caption), ==,
                   "No ALTO Server Is Published for This Address");
  g_assert_nonnull (strstr (caption, "nxdomain"));
  g_clear_pointer (&r0, g_free);
  r0 = name_row (w, 2);
  g_assert_true (g_str_has_prefix (r0, "203.in-addr.arpa.\tNo ALTO records"));

  gtk_window_destroy (GTK_WINDOW (w));
  g_clear_object (&transport);
}

/* Stop ends the run and shows what was asked so far; closing the window
 * while it runs cancels it, and the late answer touches nothing. */
static void
test_stop_and_close (void)
{
  AltoscopeAddressWindow *w;
  const char *caption = NULL;
  g_autofree char *r0 = NULL;
  guint asked;
  gint64 end;

  transport = scripted_transport_new ();
  scripted_transport_set_delay (transport, 300);
  add_alto ("2.0.192.in-addr.arpa", 10, "https://alto.example.net/d");
  w = window_new (NULL);
  type (w, "192.0.2.10");
  press_enter (w);
  g_assert_true (altoscope_address_window_get_running (w));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (w), "address.stop", NULL));
  wait_done (w);
  g_assert_cmpuint (scripted_transport_get_cancelled (transport), >, 0);
  g_assert_cmpstr (altoscope_address_window_get_headline (w, &caption), ==,
                   "Discovery was stopped");
  g_assert_nonnull (strstr (caption, "cancelled"));
  r0 = name_row (w, 0);
  g_assert_nonnull (strstr (r0, "Discovery was stopped"));
  g_assert_true (altoscope_address_window_get_can_find (w));

  /* Closed while a query is out: the window goes at once, its run is
   * cancelled, and the late answer touches nothing. */
  asked = scripted_transport_get_log (transport)->len;
  press_enter (w);
  g_assert_true (altoscope_address_window_get_running (w));
  end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (scripted_transport_get_log (transport)->len == asked && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (scripted_transport_get_log (transport)->len, >, asked);
  g_object_add_weak_pointer (G_OBJECT (w), (gpointer *) &w);
  gtk_window_destroy (GTK_WINDOW (w));
  g_assert_null (w);
  /* The query, answered late, finds its caller gone: cancelled. */
  end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (scripted_transport_get_cancelled (transport) < 2 && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (scripted_transport_get_cancelled (transport), ==, 2);
  g_clear_object (&transport);
}

/* Escape closes: the window's own binding, to window.close. */
static void
test_escape (void)
{
  AltoscopeAddressWindow *w;
  g_autoptr(GListModel) controllers = NULL;
  gboolean found = FALSE;

  transport = scripted_transport_new ();
  w = window_new (NULL);
  controllers = gtk_widget_observe_controllers (GTK_WIDGET (w));
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !found; i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (c))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (c)) && !found; j++)
        {
          g_autoptr(GtkShortcut) s = g_list_model_get_item (G_LIST_MODEL (c), j);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (s));
          g_autofree char *action = gtk_shortcut_action_to_string (gtk_shortcut_get_action (s));

          if (g_str_equal (trigger, "Escape") && strstr (action, "window.close") != NULL)
            {
              found = TRUE;
              g_object_add_weak_pointer (G_OBJECT (w), (gpointer *) &w);
              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (s), 0,
                                                           GTK_WIDGET (w), NULL));
            }
        }
    }
  g_clear_object (&controllers);
  g_assert_true (found);
  iterate ();
  g_assert_null (w);
  g_clear_object (&transport);
}

int
main (int argc, char **argv)
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/app/address-window/typing", test_typing);
  g_test_add_func ("/app/address-window/servers", test_servers);
  g_test_add_func ("/app/address-window/found", test_found);
  g_test_add_func ("/app/address-window/failure", test_failure);
  g_test_add_func ("/app/address-window/stop-and-close", test_stop_and_close);
  g_test_add_func ("/app/address-window/escape", test_escape);
  return g_test_run ();
}
