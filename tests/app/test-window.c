/* Widget tests: the real window, with the real model, scheduler and
 * overrides, run by test_app.py inside the NetworkManager lab under Xvfb.
 * What is asserted is what the widgets show.
 *
 * Mode "nm" (argv[1]): NetworkManager manages alto0 with the internal DHCP
 * client.  Mode "no-nm": no NetworkManager, a default override is set.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "altoscope-address-window.h"
#include "altoscope-check-area.h"
#include "altoscope-compare-window.h"
#include "altoscope-dhcp-asker.h"
#include "altoscope-scheduler-settings.h"
#include "altoscope-uri-row.h"
#include "altoscope-window.h"
#include "test-widgets.h"

static AltoscopeWindow *window;
static AltoscopeScheduler *scheduler;
static AltoscopeOverrides *test_overrides;
static const char *mode;

static gboolean
settled (void)
{
  return altoscope_scheduler_get_settled (scheduler) && altoscope_scheduler_get_running (scheduler) == 0;
}

/* Runs the main loop until @check holds, at most @seconds; FALSE if not. */
static gboolean
wait_for (gboolean (*check) (gpointer),
          gpointer   data,
          double     seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (!check (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  return TRUE;
}

/* Every widget of @type under @w, in tree order. */
static void
collect_of_type (GtkWidget *w,
                 GType      type,
                 GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (w, type))
    g_ptr_array_add (out, w);
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    collect_of_type (c, type, out);
}

static gboolean
check_settled (gpointer data)
{
  return settled ();
}

typedef struct
{
  AltoscopeFamily family;
  const char *uri;
} WantUri;

static gboolean
check_first_uri (gpointer data)
{
  WantUri *w = data;
  AltoscopeFamilyView *view = altoscope_window_get_view (window, w->family);
  g_autoptr(GPtrArray) uris = altoscope_family_view_dup_uris (view);

  return settled () && uris->len > 0 && g_strcmp0 (uris->pdata[0], w->uri) == 0;
}

typedef struct
{
  AltoscopeFamily family;
  const char *domain;
} WantDomain;

static gboolean
check_domain (gpointer data)
{
  WantDomain *w = data;
  AltoscopeFamilyView *view = altoscope_window_get_view (window, w->family);
  return settled () && g_strcmp0 (altoscope_family_view_get_domain_text (view), w->domain) == 0;
}

static gboolean
check_dhcp_rows (gpointer data)
{
  return altoscope_window_get_n_dhcp_rows (window) > 0;
}

static void
test_found_and_no_domain (void)
{
  AltoscopeFamilyView *v4, *v6;
  g_autoptr(GPtrArray) uris = NULL;
  g_autoptr(GPtrArray) badges = NULL;

  g_assert_true (wait_for (check_settled, NULL, 30));
  /* alto0, and alto9: an interface configured outside NetworkManager. */
  g_assert_cmpuint (altoscope_window_get_n_entries (window), >=, 2);
  g_assert_true (altoscope_window_select (window, "alto9"));
  g_assert_true (altoscope_window_select (window, "alto0"));
  g_assert_null (altoscope_window_get_nm_text (window));

  v4 = altoscope_window_get_view (window, ALTOSCOPE_FAMILY_IPV4);
  v6 = altoscope_window_get_view (window, ALTOSCOPE_FAMILY_IPV6);
  g_assert_cmpstr (altoscope_family_view_get_domain_text (v4), ==, "dhcp15.signed.test");
  g_assert_nonnull (strstr (altoscope_family_view_get_source_text (v4), "option 15"));
  uris = altoscope_family_view_dup_uris (v4);
  badges = altoscope_family_view_dup_badges (v4);
  g_assert_cmpuint (uris->len, ==, 1);
  g_assert_cmpstr (uris->pdata[0], ==, "https://alto1.signed.test/dhcp15");
  g_assert_cmpstr (badges->pdata[0], ==, "secure");
  g_assert_null (altoscope_family_view_get_error_text (v4));

  /* IPv6: no option 57 from the internal client.  The window says that
   * NetworkManager did not report it (the server does send it: asking it
   * directly, below, finds it), and no domain is not a failure: neutral,
   * no failure row, its next steps on its row. */
  g_assert_cmpstr (altoscope_family_view_get_status_text (v6), ==, "No domain");
  g_assert_cmpstr (altoscope_family_view_get_domain_text (v6), ==,
                   "No ALTO domain for this network");
  g_assert_cmpstr (altoscope_family_view_get_source_text (v6), ==,
                   "Option 57: not reported by NetworkManager");
  g_assert_null (altoscope_family_view_get_error_text (v6));
  g_assert_null (altoscope_family_view_get_error_headline (v6, NULL));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (altoscope_family_view_get_answer_widget (v6)),
                                            "error"));
  g_assert_nonnull (altoscope_family_view_get_ask_dhcp_button (v6));

  /* The DHCP table, made once GTK has drawn the first frame, is there. */
  g_assert_true (wait_for (check_dhcp_rows, NULL, 10));
}

static void
test_override_in_the_window (void)
{
  AltoscopeFamilyView *v6 = altoscope_window_get_view (window, ALTOSCOPE_FAMILY_IPV6);
  WantUri want = { ALTOSCOPE_FAMILY_IPV6, "https://alto1.signed.test/override" };
  WantDomain back = { ALTOSCOPE_FAMILY_IPV6, "No ALTO domain for this network" };
  gint64 start = g_get_monotonic_time ();

  g_assert_true (altoscope_window_select (window, "alto0"));
  /* Invalid input is refused and changes nothing. */
  g_assert_false (altoscope_family_view_apply_override (v6, TRUE, "bad..name"));
  g_assert_true (altoscope_family_view_apply_override (v6, TRUE, "override.signed.test"));
  g_assert_true (wait_for (check_first_uri, &want, 10));
  g_test_message ("override to result: %.0f ms", (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpstr (altoscope_family_view_get_domain_text (v6), ==, "override.signed.test");
  g_assert_nonnull (strstr (altoscope_family_view_get_source_text (v6), "interface and address"));

  altoscope_family_view_clear_override (v6, TRUE);
  g_assert_true (wait_for (check_domain, &back, 10));
}

static void
test_failure_with_countdown_and_bogus (void)
{
  AltoscopeFamilyView *v4 = altoscope_window_get_view (window, ALTOSCOPE_FAMILY_IPV4);
  WantDomain missing = { ALTOSCOPE_FAMILY_IPV4, "missing.signed.test" };
  WantDomain bogus = { ALTOSCOPE_FAMILY_IPV4, "mixed.signed.test" };
  WantDomain back = { ALTOSCOPE_FAMILY_IPV4, "dhcp15.signed.test" };
  g_autoptr(GPtrArray) badges = NULL;

  g_assert_true (altoscope_window_select (window, "alto0"));
  g_assert_true (altoscope_family_view_apply_override (v4, TRUE, "missing.signed.test"));
  g_assert_true (wait_for (check_domain, &missing, 10));
  g_assert_cmpstr (altoscope_family_view_get_status_text (v4), ==, "Failed");
  /* A plain sentence first; the step and code in the caption. */
  {
    const char *caption = NULL;
    g_assert_cmpstr (altoscope_family_view_get_error_headline (v4, &caption), ==,
                     "The domain does not exist");
    g_assert_cmpstr (caption, ==, "Step “naptr” · nxdomain");
  }
  g_assert_nonnull (strstr (altoscope_family_view_get_error_text (v4), "does not exist"));
  /* The wait before retrying shows, and the button waits it out. */
  g_assert_false (altoscope_family_view_get_retry_sensitive (v4));
  g_assert_true (g_str_has_prefix (altoscope_family_view_get_retry_label (v4), "Retry in "));

  /* Refresh (Ctrl+R) inside the wait does not query again: it says so. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL));
  g_assert_true (wait_for (check_settled, NULL, 10));
  g_assert_nonnull (strstr (altoscope_family_view_get_error_text (v4), "RFC 7286"));
  g_assert_false (altoscope_family_view_get_retry_sensitive (v4));

  /* A URI whose host is in a zone with broken signatures: badge "bogus". */
  g_assert_true (altoscope_family_view_apply_override (v4, TRUE, "mixed.signed.test"));
  g_assert_true (wait_for (check_domain, &bogus, 10));
  badges = altoscope_family_view_dup_badges (v4);
  g_assert_cmpuint (badges->len, ==, 1);
  g_assert_cmpstr (badges->pdata[0], ==, "bogus");

  altoscope_family_view_clear_override (v4, TRUE);
  g_assert_true (wait_for (check_domain, &back, 10));
}

typedef struct
{
  const char *key;
  guint results;
} Results;

static void
on_result_cb (AltoscopeScheduler *source,
              AltoscopePair      *pair,
              Results            *r)
{
  AltoscopeTarget *target = altoscope_pair_get_report (pair);
  g_autofree char *key = g_strdup_printf ("%s/%s", altoscope_target_get_interface (target),
                                          altoscope_target_get_family (target));
  if (g_str_equal (key, r->key))
    r->results++;
}

static gboolean
check_results (gpointer data)
{
  Results *r = data;
  return r->results > 0 && settled ();
}

/* The window binds, it does not rebuild: with the focus and a selection in
 * a URI of entry A and the details open, a result for entry B and an
 * identical re-run for A change nothing of it. */
static gboolean
check_allocated (gpointer data)
{
  return gtk_widget_get_width (GTK_WIDGET (data)) > 0;
}

static void
test_updates_keep_focus_and_selection (void)
{
  AltoscopeFamilyView *v4 = altoscope_window_get_view (window, ALTOSCOPE_FAMILY_IPV4);
  WantUri want = { ALTOSCOPE_FAMILY_IPV4, "https://alto1.signed.test/dhcp15" };
  Results b = { "alto9/ipv4", 0 }, a = { "alto0/ipv4", 0 };
  GtkLabel *label;
  AdwExpanderRow *details;
  int start = 0, end = 0;
  gulong id_a, id_b;

  g_assert_true (altoscope_window_select (window, "alto0"));
  g_assert_true (wait_for (check_first_uri, &want, 20));
  label = altoscope_family_view_get_uri_label (v4, 0);
  details = altoscope_family_view_get_trace_row (v4);
  g_assert_nonnull (label);
  g_assert_true (wait_for (check_allocated, label, 10));
  adw_expander_row_set_expanded (details, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (label));
  gtk_label_select_region (label, 0, 5);
  g_assert_true (gtk_label_get_selection_bounds (label, &start, &end));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == GTK_WIDGET (label));
  g_assert_true (wait_for (check_settled, NULL, 5));

  id_b = g_signal_connect (scheduler, "result", G_CALLBACK (on_result_cb), &b);
  id_a = g_signal_connect (scheduler, "result", G_CALLBACK (on_result_cb), &a);
  altoscope_scheduler_refresh (scheduler, "dev:alto9/ipv4");
  g_assert_true (wait_for (check_results, &b, 20));
  altoscope_scheduler_refresh (scheduler, "dev:alto0/ipv4");
  g_assert_true (wait_for (check_results, &a, 20));
  g_signal_handler_disconnect (scheduler, id_a);
  g_signal_handler_disconnect (scheduler, id_b);

  g_assert_true (altoscope_family_view_get_uri_label (v4, 0) == label);
  g_assert_true (gtk_widget_get_root (GTK_WIDGET (label)) == GTK_ROOT (window));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == GTK_WIDGET (label));
  g_assert_true (gtk_label_get_selection_bounds (label, &start, &end));
  g_assert_cmpint (start, ==, 0);
  g_assert_cmpint (end, ==, 5);
  g_assert_true (adw_expander_row_get_expanded (details));
  g_assert_true (altoscope_family_view_get_trace_row (v4) == details);
}

typedef struct
{
  AltoscopeFamilyView *view;
  const char *want;
} WantCheck;

static gboolean
check_check_text (gpointer data)
{
  WantCheck *w = data;
  g_autofree char *text = altoscope_family_view_dup_check_text (w->view, 0);
  return text != NULL && strstr (text, w->want) != NULL;
}

static gboolean
is_copy_check_button (GtkWidget     *w,
                      gconstpointer  data)
{
  GtkWidget *child = GTK_IS_BUTTON (w) ? gtk_button_get_child (GTK_BUTTON (w)) : NULL;

  return ADW_IS_BUTTON_CONTENT (child)
         && g_strcmp0 (adw_button_content_get_label (ADW_BUTTON_CONTENT (child)),
                       "Copy the Check") == 0;
}

static gboolean
has_clipboard_content (gpointer widget)
{
  return gdk_clipboard_get_content (gtk_widget_get_clipboard (widget)) != NULL;
}

/* After a check, Tab goes from the Check button to the check's Copy
 * button and on out of the row, never stopping on a verdict line (they are
 * out of the Tab chain); Copy puts the URI and every line on the
 * clipboard. */
static void
assert_check_keyboard (GtkWidget *row,
                       GtkWidget *check_button)
{
  GtkWidget *copy = test_widget_find_first (row, is_copy_check_button, NULL);
  GdkContentProvider *provider;
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  gboolean reached_copy = FALSE, left_row = FALSE;

  g_assert_nonnull (copy);
  gtk_widget_grab_focus (check_button);
  for (int i = 0; i < 40 && !left_row; i++)
    {
      GtkWidget *focus;

      if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
        break;
      focus = gtk_root_get_focus (GTK_ROOT (window));
      g_assert_false (GTK_IS_LABEL (focus)
                      && gtk_widget_get_ancestor (focus, ALTOSCOPE_TYPE_CHECK_AREA) != NULL);
      reached_copy = reached_copy || focus == copy;
      left_row = focus != NULL && focus != row && !gtk_widget_is_ancestor (focus, row);
    }
  g_assert_true (reached_copy);
  g_assert_true (left_row);

  gtk_widget_grab_focus (check_button);
  g_assert_true (gtk_widget_activate (copy));   /* "clicked" follows its press, 250 ms on */
  g_assert_true (wait_for (has_clipboard_content, copy, 5));
  provider = gdk_clipboard_get_content (gtk_widget_get_clipboard (copy));
  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (provider, &value, &error));
  g_assert_no_error (error);
  g_test_message ("copied: %.120s…", g_value_get_string (&value));
  g_assert_true (g_str_has_prefix (g_value_get_string (&value),
                                   "https://alto1.signed.test/dhcp15\n"
                                   "An ALTO server: its directory lists 8 resources\n"));
  g_assert_nonnull (strstr (g_value_get_string (&value), "\nTLS: "));
  g_assert_null (strstr (g_value_get_string (&value), "Copy the Check"));
}

/* The Check button of a URI row: the server (nginx, started by
 * test_app.py on 192.0.2.10 in the lab's server namespace, with a
 * certificate from a CA made for the test) is fetched from alto0's address;
 * the verdict shows under the row and goes into the copied report.  Then
 * the same check without the CA: a TLS failure that says why. */
static void
test_check_from_the_window (void)
{
  AltoscopeFamilyView *v4 = altoscope_window_get_view (window, ALTOSCOPE_FAMILY_IPV4);
  WantUri want = { ALTOSCOPE_FAMILY_IPV4, "https://alto1.signed.test/dhcp15" };
  GSettings *settings = altoscope_overrides_get_settings (test_overrides);
  const char *ca = g_getenv ("ALTOSCOPE_TEST_CA");
  WantCheck ok = { v4, "An ALTO server: its directory lists 8 resources" };
  WantCheck sent = { v4, "sent from 192.0.2." };
  WantCheck tls = { v4, "The server's certificate cannot be trusted\nCheck · tls" };
  GtkWidget *button;
  int width;
  g_autofree char *text = NULL;
  g_autofree char *report = NULL;

  g_assert_nonnull (ca);
  g_settings_set_string (settings, "check-ca-file", ca);
  g_assert_true (altoscope_window_select (window, "alto0"));
  g_assert_true (wait_for (check_first_uri, &want, 20));
  g_assert_true (wait_for (check_settled, NULL, 10));

  button = altoscope_family_view_get_check_button (v4, 0);
  g_assert_nonnull (button);
  g_assert_true (wait_for (check_allocated, button, 10));
  text = altoscope_family_view_dup_check_text (v4, 0);
  g_assert_cmpstr (text, ==, "");     /* nothing is contacted unasked */
  width = gtk_widget_get_width (button);
  g_assert_cmpstr (altoscope_uri_row_get_check_state (
      ALTOSCOPE_URI_ROW (altoscope_family_view_get_uri_row (v4, 0))), ==, "check");
  gtk_widget_grab_focus (button);
  g_assert_true (gtk_widget_activate (button));
  g_assert_true (wait_for (check_check_text, &ok, 20));
  g_assert_true (check_check_text (&sent));
  g_clear_pointer (&text, g_free);
  text = altoscope_family_view_dup_check_text (v4, 0);
  g_assert_nonnull (strstr (text, "my-default-network-map — network-map"));
  /* the directory it lists, read one level down, under it */
  g_assert_nonnull (strstr (text, "custom-maps-resources — directory"));
  g_assert_nonnull (strstr (text, "↳ my-network-map — network-map"));
  g_assert_nonnull (strstr (text, "TLS: "));
  /* The same button, still focused, now offers to check again. */
  g_assert_true (altoscope_family_view_get_check_button (v4, 0) == button);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == button);
  g_assert_cmpstr (altoscope_uri_row_get_check_state (
      ALTOSCOPE_URI_ROW (altoscope_family_view_get_uri_row (v4, 0))), ==, "again");
  /* One width in all its states: nothing beside it moves. */
  for (int i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (gtk_widget_get_width (button), ==, width);

  report = altoscope_window_dup_report_text (window);
  g_assert_nonnull (strstr (report, "an ALTO directory of 8 resources"));
  assert_check_keyboard (altoscope_family_view_get_uri_row (v4, 0), button);

  g_settings_set_string (settings, "check-ca-file", "");
  g_assert_true (gtk_widget_activate (button));
  g_assert_true (wait_for (check_check_text, &tls, 20));
  g_clear_pointer (&text, g_free);
  text = altoscope_family_view_dup_check_text (v4, 0);
  g_assert_nonnull (strstr (text, "unknown-issuer"));
}

static const char *
hint_of (const char *code)
{
  for (AltoscopeCheckCode c = ALTOSCOPE_CHECK_OK; c <= ALTOSCOPE_CHECK_INVALID_INPUT; c++)
    if (g_str_equal (altoscope_check_code_to_string (c), code))
      return altoscope_check_code_hint (c);
  g_assert_not_reached ();
}

/* Each failure a server can give, from the window: the override makes
 * the lab's DNS point at a path the lab's nginx answers that way, the
 * Check button runs, the row shows the step, cause and hint. */
static void
test_check_failures_from_the_window (void)
{
  static const struct { const char *domain, *uri, *code, *detail; } cases[] = {
    { "simple.signed.test", "https://alto1.signed.test/ird", "media-type", "application/json" },
    { "order.signed.test", "https://alto1.signed.test/first", "http-status", "HTTP 503" },
    { "last.signed.test", "https://alto1.signed.test/chained", "redirects", "loop" },
    { "odd.signed.test", "https://alto1.signed.test/a", "invalid-json", "HTTP 200" },
    { "verdicts.signed.test", "https://alto1.signed.test/ok", "invalid-ird",
      "which the directory does not list" },
    { "ftpchain.signed.test", "https://alto1.signed.test/direct", "too-large", "HTTP 200" },
  };
  AltoscopeFamilyView *v4 = altoscope_window_get_view (window, ALTOSCOPE_FAMILY_IPV4);
  GSettings *settings = altoscope_overrides_get_settings (test_overrides);
  WantDomain back = { ALTOSCOPE_FAMILY_IPV4, "dhcp15.signed.test" };

  g_settings_set_string (settings, "check-ca-file", g_getenv ("ALTOSCOPE_TEST_CA"));
  g_assert_true (altoscope_window_select (window, "alto0"));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      WantUri want = { ALTOSCOPE_FAMILY_IPV4, cases[i].uri };
      /* The headline in words, then the code in the caption under it. */
      g_autofree char *title = g_strdup_printf ("\nCheck · %s\n", cases[i].code);
      WantCheck failed = { v4, title };
      g_autofree char *text = NULL;
      GtkWidget *button;

      g_test_message ("%s: %s", cases[i].uri, cases[i].code);
      g_assert_true (altoscope_family_view_apply_override (v4, TRUE, cases[i].domain));
      g_assert_true (wait_for (check_first_uri, &want, 20));
      g_assert_true (wait_for (check_settled, NULL, 10));
      button = altoscope_family_view_get_check_button (v4, 0);
      g_assert_true (wait_for (check_allocated, button, 10));
      g_assert_true (gtk_widget_activate (button));
      g_assert_true (wait_for (check_check_text, &failed, 20));
      text = altoscope_family_view_dup_check_text (v4, 0);
      g_assert_nonnull (strstr (text, cases[i].detail));
      /* the hint: what the code's failure asks of the person */
      g_assert_nonnull (strstr (text, hint_of (cases[i].code)));
    }
  altoscope_family_view_clear_override (v4, TRUE);
  g_assert_true (wait_for (check_domain, &back, 10));
}

typedef struct
{
  AltoscopeFamily family;
  const char *error_part;
} WantError;

static gboolean
check_ask_text (gpointer data)
{
  WantError *w = data;
  const char *text = altoscope_family_view_get_ask_text (altoscope_window_get_view (window,
                                                                                    w->family),
                                                         NULL);
  return settled () && text != NULL && strstr (text, w->error_part) != NULL;
}

/* The no-domain card's "Ask the DHCP Server" runs pkexec with the helper.
 * pkexec cannot authenticate here: test_app.py puts a stand-in first
 * ($ALTOSCOPE_PKEXEC) that writes down its command line and then dismisses
 * (exit 126, as pkexec does) or runs the real helper, as root in the lab.
 * Only a development build reads $ALTOSCOPE_PKEXEC (scripts/dev.sh makes
 * one); an installed build runs /usr/bin/pkexec and nothing else. */
static void
test_ask_dhcp_from_the_window (void)
{
#if !DEVELOPMENT
  g_test_skip ("the window reads $ALTOSCOPE_PKEXEC only in a development build "
               "(meson -Ddevelopment=true)");
  return;
#endif
  const char *log = g_getenv ("ALTOSCOPE_TEST_PKEXEC_LOG");
  g_autofree char *refuse = g_strconcat (log, ".refuse", NULL);
  g_autofree char *written = NULL;
  g_auto(GStrv) lines = NULL;
  AltoscopeFamilyView *v6;
  GtkButton *button;
  WantError dismissed = { ALTOSCOPE_FAMILY_IPV6, "Authentication was dismissed" };
  const char *next = NULL;
  WantDomain found = { ALTOSCOPE_FAMILY_IPV6, "dhcp57.signed.test" };

  g_assert_nonnull (log);
  g_assert_true (wait_for (check_settled, NULL, 30));
  g_assert_true (altoscope_window_select (window, "alto0"));
  v6 = altoscope_window_get_view (window, ALTOSCOPE_FAMILY_IPV6);
  g_assert_cmpstr (altoscope_family_view_get_status_text (v6), ==, "No domain");
  button = altoscope_family_view_get_ask_dhcp_button (v6);
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_button_get_label (button), ==, "Ask the DHCP Server");
  /* Not on the entry's IPv4 side: it has a domain. */
  g_assert_null (altoscope_family_view_get_ask_dhcp_button (
      altoscope_window_get_view (window, ALTOSCOPE_FAMILY_IPV4)));

  /* Authentication dismissed: said on the card, nothing else changes. */
  g_assert_true (g_file_set_contents (refuse, "", 0, NULL));
  g_assert_true (gtk_widget_activate (GTK_WIDGET (button)));
  g_assert_true (wait_for (check_ask_text, &dismissed, 30));
  /* Its own sentence, and its own next step. */
  g_assert_cmpstr (altoscope_family_view_get_ask_text (v6, &next), ==,
                   "Authentication was dismissed");
  g_assert_nonnull (strstr (next, "password"));
  g_assert_cmpstr (altoscope_family_view_get_status_text (v6), ==, "No domain");
  g_assert_cmpstr (gtk_button_get_label (altoscope_family_view_get_ask_dhcp_button (v6)), ==,
                   "Ask Again");

  /* Authenticated: the helper asks dnsmasq; option 57 is the domain. */
  g_assert_cmpint (g_unlink (refuse), ==, 0);
  button = altoscope_family_view_get_ask_dhcp_button (v6);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (button)));
  g_assert_true (gtk_widget_activate (GTK_WIDGET (button)));
  g_assert_true (wait_for (check_domain, &found, 40));
  g_assert_nonnull (strstr (altoscope_family_view_get_source_text (v6), "Information-Request"));
  g_assert_nonnull (strstr (altoscope_family_view_get_source_text (v6), "fe80::"));
  g_assert_null (altoscope_family_view_get_error_text (v6));
  g_assert_null (altoscope_family_view_get_ask_text (v6, NULL));
  g_assert_null (altoscope_family_view_get_ask_dhcp_button (v6));

  /* The command line run: pkexec, the helper, the interface, the family. */
  g_assert_true (g_file_get_contents (log, &written, NULL, NULL));
  lines = g_strsplit (g_strchomp (written), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 6);
  g_assert_cmpstr (lines[0], ==, g_getenv ("ALTOSCOPE_PKEXEC"));
  g_assert_cmpstr (lines[1], ==, g_getenv ("ALTOSCOPE_DHCP_HELPER"));
  g_assert_cmpstr (lines[2], ==, "--interface");
  g_assert_cmpstr (lines[3], ==, "alto0");
  g_assert_cmpstr (lines[4], ==, "--family");
  g_assert_cmpstr (lines[5], ==, "ipv6");
}

static gboolean
check_nm_text_advises (gpointer data)
{
  const char *text = altoscope_window_get_nm_text (window);

  return text != NULL
         && (strstr (text, "Set a default domain") != NULL) == GPOINTER_TO_INT (data);
}

static void
test_without_networkmanager (void)
{
  AltoscopeFamilyView *v4;
  WantUri want = { ALTOSCOPE_FAMILY_IPV4, "https://alto1.signed.test/override4" };

  g_assert_true (wait_for (check_settled, NULL, 30));
  g_assert_nonnull (altoscope_window_get_nm_text (window));
  g_assert_nonnull (strstr (altoscope_window_get_nm_text (window), "NetworkManager"));
  g_assert_true (altoscope_window_select (window, "*default*"));
  g_assert_true (wait_for (check_first_uri, &want, 10));
  v4 = altoscope_window_get_view (window, ALTOSCOPE_FAMILY_IPV4);
  g_assert_cmpstr (altoscope_family_view_get_domain_text (v4), ==, "override4.signed.test");
  g_assert_nonnull (strstr (altoscope_family_view_get_source_text (v4), "default"));

  /* The banner advises no step taken already: with a default domain set,
   * it only says why NetworkManager is missing; cleared, it says how to go
   * on without it; set again, the advice goes. */
  g_assert_null (strstr (altoscope_window_get_nm_text (window), "Set a default domain"));
  g_assert_true (altoscope_overrides_clear (test_overrides, ALTOSCOPE_SCOPE_DEFAULT, NULL, NULL));
  g_assert_true (wait_for (check_nm_text_advises, GINT_TO_POINTER (TRUE), 10));
  g_assert_true (altoscope_overrides_set (test_overrides, ALTOSCOPE_SCOPE_DEFAULT, NULL, NULL,
                                          "override4.signed.test", NULL));
  g_assert_true (wait_for (check_nm_text_advises, GINT_TO_POINTER (FALSE), 10));
  g_assert_true (wait_for (check_first_uri, &want, 10));
}


static guint
n_menu_items (GMenuModel *model)
{
  guint n = 0;

  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);
      n += section ? n_menu_items (section) : 1;
    }
  return n;
}

static int
min_width (GtkWidget *w)
{
  int min = 0;

  gtk_widget_measure (w, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  return min;
}

/* The content stack measures only the page it shows; its minimum width is
 * the same for the empty state and an entry's page, so the leaflet folds
 * at one window width whichever is shown.  The empty page, once shown,
 * has its icon (set only once it is to be seen: altoscope-window.c). */
static void
test_page_width_does_not_depend_on_the_page (void)
{
  g_autoptr(GPtrArray) stacks = g_ptr_array_new ();
  GtkStack *stack = NULL;
  GtkWidget *empty_page;
  g_autofree char *shown = NULL;
  int empty, page;

  collect_of_type (GTK_WIDGET (window), GTK_TYPE_STACK, stacks);
  for (guint i = 0; i < stacks->len; i++)
    if (gtk_stack_get_child_by_name (stacks->pdata[i], "empty") != NULL)
      stack = stacks->pdata[i];
  g_assert_nonnull (stack);
  shown = g_strdup (gtk_stack_get_visible_child_name (stack));
  /* Without its icon while another page shows, as a window that opened
   * on an entry has it; shown, it gets it. */
  empty_page = gtk_stack_get_child_by_name (stack, "empty");
  gtk_stack_set_visible_child_name (stack, "page");
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty_page), NULL);
  gtk_stack_set_visible_child_name (stack, "empty");
  g_assert_true (gtk_widget_get_mapped (empty_page));
  g_assert_cmpstr (adw_status_page_get_icon_name (ADW_STATUS_PAGE (empty_page)), ==,
                   "network-workgroup-symbolic");
  empty = min_width (GTK_WIDGET (stack));
  gtk_stack_set_visible_child_name (stack, "page");
  page = min_width (GTK_WIDGET (stack));
  gtk_stack_set_visible_child_name (stack, shown);
  g_test_message ("minimum width: empty %d px, page %d px", empty, page);
  g_assert_cmpint (empty, ==, page);
  g_assert_cmpint (page, <=, 360);
}

/* The main menu's popover and the shortcuts window are made when first
 * asked for, not with the window (they would delay its first frame); then
 * both work, and the popover is made once. */
static void
test_menu_and_shortcuts_when_asked (void)
{
  GtkMenuButton *button =
    GTK_MENU_BUTTON (test_widget_find (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON));
  GtkPopover *popover;
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *shortcuts = NULL;
  guint n;

  g_assert_nonnull (button);
  g_assert_null (gtk_menu_button_get_popover (button));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (button)));
  gtk_menu_button_popup (button);
  popover = gtk_menu_button_get_popover (button);
  g_assert_true (GTK_IS_POPOVER_MENU (popover));
  g_assert_cmpuint (n_menu_items (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (popover))),
                    ==, 8);
  gtk_menu_button_popdown (button);
  gtk_menu_button_popup (button);
  g_assert_true (gtk_menu_button_get_popover (button) == popover);
  gtk_menu_button_popdown (button);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (GTK_IS_SHORTCUTS_WINDOW (w))
        shortcuts = w;
    }
  g_assert_nonnull (shortcuts);
  g_assert_true (gtk_window_get_transient_for (shortcuts) == GTK_WINDOW (window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (shortcuts)));
  /* Asked again: the same one, not a second. */
  n = g_list_model_get_n_items (toplevels);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, n);
  gtk_window_destroy (shortcuts);
}

static gboolean
error_style_within (GtkWidget *w)
{
  if (gtk_widget_has_css_class (w, "error"))
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    if (gtk_widget_get_visible (c) && error_style_within (c))
      return TRUE;
  return FALSE;
}

/* At the default 1100×720 both families' answers (the domain row, then the
 * best URI or the failure) are on screen without scrolling, and the
 * no-domain state wears no error style anywhere on its row. */
static void
test_answers_above_the_fold (void)
{
  AltoscopeFamilyView *v4 = altoscope_window_get_view (window, ALTOSCOPE_FAMILY_IPV4);
  AltoscopeFamilyView *v6 = altoscope_window_get_view (window, ALTOSCOPE_FAMILY_IPV6);
  WantUri want = { ALTOSCOPE_FAMILY_IPV4, "https://alto1.signed.test/dhcp15" };
  AltoscopeFamilyView *views[] = { v4, v6 };

  g_assert_true (altoscope_window_select (window, "alto0"));
  g_assert_true (wait_for (check_first_uri, &want, 20));
  g_assert_true (wait_for (check_allocated, altoscope_family_view_get_answer_widget (v6), 10));
  for (int i = 0; i < 20; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), <=, 720);
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      GtkWidget *answer = altoscope_family_view_get_answer_widget (views[i]);
      graphene_rect_t r;

      g_assert_true (gtk_widget_compute_bounds (answer, GTK_WIDGET (window), &r));
      g_test_message ("family %u: answer from %.0f to %.0f px", i, r.origin.y,
                      r.origin.y + r.size.height);
      g_assert_cmpfloat (r.origin.y, >, 0);
      g_assert_cmpfloat (r.origin.y + r.size.height, <=, 720);
    }
  /* IPv6 here has no domain: neutral, no red anywhere in its answer. */
  g_assert_cmpstr (altoscope_family_view_get_status_text (v6), ==, "No domain");
  g_assert_false (error_style_within (GTK_WIDGET (v6)));
}

/* Mode "nm-omit57": the lab's DHCP server sends no option 57, even when
 * asked.  Before asking, the window can only say that NetworkManager did
 * not report it; after asking, that the server did not send it. */
static void
test_not_sent_after_asking (void)
{
#if !DEVELOPMENT
  g_test_skip ("the window reads $ALTOSCOPE_PKEXEC only in a development build");
  return;
#endif
  AltoscopeFamilyView *v6;
  WantDomain not_sent = { ALTOSCOPE_FAMILY_IPV6, "No ALTO domain for this network" };
  GtkButton *button;

  g_assert_true (wait_for (check_settled, NULL, 30));
  g_assert_true (altoscope_window_select (window, "alto0"));
  v6 = altoscope_window_get_view (window, ALTOSCOPE_FAMILY_IPV6);
  g_assert_cmpstr (altoscope_family_view_get_source_text (v6), ==,
                   "Option 57: not reported by NetworkManager");
  button = altoscope_family_view_get_ask_dhcp_button (v6);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate (GTK_WIDGET (button)));
  /* The answer comes back without 57: the same headline, another line. */
  for (int i = 0; i < 4000; i++)
    {
      if (check_domain (&not_sent)
          && g_strcmp0 (altoscope_family_view_get_source_text (v6),
                        "Option 57: not sent by the DHCP server") == 0)
        break;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_assert_cmpstr (altoscope_family_view_get_source_text (v6), ==,
                   "Option 57: not sent by the DHCP server");
  g_assert_null (altoscope_family_view_get_error_headline (v6, NULL));
  g_assert_null (altoscope_family_view_get_ask_text (v6, NULL));
}

/* The widest minimum under @w, for a message when the window cannot be
 * as narrow as asked. */
static void
report_wide (GtkWidget *w,
             int        limit,
             int        depth)
{
  int min = 0;

  if (!gtk_widget_get_visible (w))
    return;
  gtk_widget_measure (w, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  if (min <= limit)
    return;
  g_test_message ("%*s%s min %d", depth * 2, "", G_OBJECT_TYPE_NAME (w), min);
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    report_wide (c, limit, depth + 1);
}

/* On a 360 px screen (a phone, a tiled half of a small laptop) the window
 * fits, shows the entry asked for, and its URI, the answer, is readable
 * in full: wrapped, not ellipsized. */
static void
test_narrow (void)
{
  AltoscopeFamilyView *v4 = altoscope_window_get_view (window, ALTOSCOPE_FAMILY_IPV4);
  WantUri want = { ALTOSCOPE_FAMILY_IPV4, "https://alto1.signed.test/dhcp15" };
  GtkLabel *label;
  int min = 0;

  g_assert_true (altoscope_window_select (window, "alto0"));
  g_assert_true (wait_for (check_first_uri, &want, 20));
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL,
                      NULL);
  if (min > 360)
    report_wide (GTK_WIDGET (window), 360, 0);
  g_assert_cmpint (min, <=, 360);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  for (int i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
  g_assert_true (altoscope_window_get_page_shown (window));
  label = altoscope_family_view_get_uri_label (v4, 0);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (label)));
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (label)));
  g_assert_true (altoscope_uri_row_get_stacked (
      ALTOSCOPE_URI_ROW (altoscope_family_view_get_uri_row (v4, 0))));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  for (int i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
}

/* The address window opened from the real window's action: asked through
 * the selected interface's DNS servers (the lab's validating resolver),
 * proved from the lab's anchor as Preferences set it; /32 does not exist
 * (proved), /24 answers (tests/dns/zones.py, the reverse zones). */
static AltoscopeAddressWindow *
find_address_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* GTK's own */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);
      if (ALTOSCOPE_IS_ADDRESS_WINDOW (w))
        return ALTOSCOPE_ADDRESS_WINDOW (w);
    }
  return NULL;
}

static gboolean
check_address_done (gpointer data)
{
  return !altoscope_address_window_get_running (data);
}

static void
test_find_for_address (void)
{
  AltoscopeAddressWindow *aw;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) uris = NULL;
  const char *caption = NULL;

  g_assert_true (wait_for (check_settled, NULL, 30));
  g_assert_true (altoscope_window_select (window, "alto0"));
  g_assert_null (find_address_window ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find-for-address", NULL));
  aw = find_address_window ();
  g_assert_nonnull (aw);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (aw)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (aw)) == GTK_WINDOW (window));
  g_test_message ("%s", altoscope_address_window_get_servers_text (aw));
  g_assert_true (g_str_has_prefix (altoscope_address_window_get_servers_text (aw),
                                   "Asked through the DNS servers of alto0: "));
  g_assert_nonnull (strstr (altoscope_address_window_get_servers_text (aw),
                            "Altoscope proves DNSSEC itself."));

  gtk_editable_set_text (altoscope_address_window_get_entry (aw), "192.0.2.11");
  g_signal_emit_by_name (altoscope_address_window_get_entry (aw), "activate");
  g_assert_true (altoscope_address_window_get_running (aw));
  g_assert_true (wait_for (check_address_done, aw, 30));
  names = altoscope_address_window_dup_names (aw);
  for (guint i = 0; i < names->len; i++)
    g_test_message ("%s", (char *) names->pdata[i]);
  g_assert_cmpuint (names->len, ==, 4);
  g_assert_cmpstr (names->pdata[0], ==, "11.2.0.192.in-addr.arpa.\tNo ALTO records: the name "
                                        "does not exist · DNSSEC: secure");
  g_assert_cmpstr (names->pdata[1], ==, "2.0.192.in-addr.arpa.\tAnswered: 1 ALTO server · "
                                        "DNSSEC: secure");
  g_assert_cmpstr (altoscope_address_window_get_headline (aw, &caption), ==,
                   "Found 1 ALTO Server");
  g_assert_nonnull (strstr (caption, "for the prefix /24 · DNSSEC: secure"));
  uris = altoscope_address_window_dup_uris (aw);
  g_assert_cmpuint (uris->len, ==, 1);
  g_assert_cmpstr (uris->pdata[0], ==, "https://alto2.signed.test/r24");
  gtk_window_close (GTK_WINDOW (aw));
  g_main_context_iteration (NULL, FALSE);
  g_assert_null (find_address_window ());
}

static gboolean
check_n_entries (gpointer data)
{
  return altoscope_window_get_n_entries (window) >= GPOINTER_TO_UINT (data);
}

static gboolean
check_title (gpointer data)
{
  return g_strcmp0 (gtk_window_get_title (GTK_WINDOW (window)), data) == 0;
}

static gboolean
check_toast (gpointer data)
{
  return g_strcmp0 (altoscope_window_get_last_toast (window), data) != 0;
}

static void
open_path (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GFile *files[] = { file };

  altoscope_window_open_files (window, files, 1);
}

static gboolean
check_file_chooser (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (GTK_IS_FILE_CHOOSER (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        {
          *(GtkWindow **) data = w;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
check_chosen (gpointer data)
{
  g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (data));
  return g_list_model_get_n_items (files) == 1;
}

/* A drop of files on the window, as the toolkit delivers it to the
 * window's drop target (GTK 4.8 cannot synthesize a drag under Xvfb). */
static void
drop_path (const char *path)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_auto(GValue) value = G_VALUE_INIT;
  GtkDropTarget *target = NULL;
  gboolean accepted = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);
      if (GTK_IS_DROP_TARGET (c))
        target = GTK_DROP_TARGET (c);
    }
  g_assert_nonnull (target);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (&(GSList) { file, NULL }));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_assert_true (accepted);
}

/* Open Report… as a person uses it: the action, the file chooser (GTK's
 * own under Xvfb, with no portal), a file chosen, Open. */
static void
open_by_the_action (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWindow *chooser = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-report", NULL));
  g_assert_true (wait_for (check_file_chooser, &chooser, 10));
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, NULL));
  /* The folder loads in its own time; the file is chosen once it has. */
  g_assert_true (wait_for (check_chosen, chooser, 10));
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
}

static gboolean
is_button_for (GtkWidget     *w,
               gconstpointer  action)
{
  return GTK_IS_BUTTON (w)
         && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (w)), action) == 0;
}

static GtkWidget *
find_action_button (GtkWidget  *w,
                    const char *action)
{
  return test_widget_find_first (w, is_button_for, action);
}

/* The texts of the report section headers in the sidebar, one per line. */
static void
collect_headers (GtkWidget *w,
                 GString   *out,
                 gboolean   inside)
{
  inside = inside || gtk_widget_has_css_class (w, "report-header");
  if (inside && GTK_IS_LABEL (w))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (w)));
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    collect_headers (c, out, inside);
}

/* The differences "Compare with This Computer" lists for the report shown. */
static guint
compare_now (void)
{
  GtkWindow *compare = NULL;
  GListModel *before = gtk_window_get_toplevels ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  guint n;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.compare-report", NULL));
  for (guint i = 0; i < g_list_model_get_n_items (before); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (before, i);
      if (gtk_window_get_transient_for (w) == GTK_WINDOW (window)
          && g_strcmp0 (gtk_window_get_title (w), "Compare with This Computer") == 0)
        compare = w;
    }
  g_assert_nonnull (compare);
  n = altoscope_compare_window_get_n_differences (compare);
  /* Each difference says whose it is as the window says it elsewhere. */
  collect_of_type (GTK_WIDGET (compare), ADW_TYPE_ACTION_ROW, rows);
  g_assert_cmpuint (rows->len, ==, n);
  for (guint i = 0; i < rows->len; i++)
    {
      const char *title = adw_preferences_row_get_title (rows->pdata[i]);

      g_test_message ("difference %u: %s", i, title);
      g_assert_true (g_str_has_prefix (title, "alto0, IPv4: ")
                     || g_str_has_prefix (title, "alto0, IPv6: "));
    }
  gtk_window_destroy (compare);
  return n;
}

/* A report someone sent (issue 16): made by altoscope-cli in this lab just
 * before (test_app.py), opened as from the command line; its interface is
 * an entry apart, its page the same views, read-only; compared with this
 * machine now it agrees, an edited copy does not, and a report that is not
 * one changes nothing and says why. */
static void
test_report_opened (void)
{
  AltoscopeFamilyView *v4 = altoscope_window_get_view (window, ALTOSCOPE_FAMILY_IPV4);
  WantDomain live = { ALTOSCOPE_FAMILY_IPV4, "dhcp15.signed.test" };
  guint before;
  const char *toast;

  g_assert_nonnull (g_getenv ("ALTOSCOPE_TEST_REPORT"));
  g_assert_true (altoscope_window_select (window, "alto0"));
  g_assert_true (wait_for (check_domain, &live, 30));
  before = altoscope_window_get_n_entries (window);

  open_path (g_getenv ("ALTOSCOPE_TEST_REPORT"));
  g_assert_true (wait_for (check_title, "alto0 in same.altoscope.json — Altoscope", 10));
  g_assert_true (check_n_entries (GUINT_TO_POINTER (before + 1)));
  g_assert_cmpstr (altoscope_family_view_get_domain_text (v4), ==, "dhcp15.signed.test");
  /* Read-only: the URI is shown, nothing offers to check it; IPv6 has no
   * domain there, and nothing offers to set one or ask for one. */
  g_assert_nonnull (altoscope_family_view_get_uri_row (v4, 0));
  g_assert_false (gtk_widget_get_visible (altoscope_family_view_get_check_button (v4, 0)));
  g_assert_cmpstr (altoscope_family_view_get_status_text (
                     altoscope_window_get_view (window, ALTOSCOPE_FAMILY_IPV6)), ==, "No domain");
  g_assert_null (altoscope_family_view_get_ask_dhcp_button (
                   altoscope_window_get_view (window, ALTOSCOPE_FAMILY_IPV6)));
  g_assert_cmpuint (compare_now (), ==, 0);
  /* Under its header: the file, who made it and when. */
  {
    g_autoptr(GString) headers = g_string_new (NULL);
    collect_headers (GTK_WIDGET (window), headers, FALSE);
    g_assert_nonnull (strstr (headers->str, "same.altoscope.json\nMade "));
    g_assert_nonnull (strstr (headers->str, " by altoscope "));
  }
  /* Nothing on its page acts on this machine: Discover Again is off. */
  g_assert_false (gtk_widget_get_sensitive (find_action_button (GTK_WIDGET (window),
                                                                "win.refresh")));
  /* And a narrow screen still fits it. */
  {
    int min = 0;
    gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL,
                        NULL);
    g_assert_cmpint (min, <=, 360);
  }

  /* The live entry is still there, and still acts. */
  g_assert_true (altoscope_window_select (window, "alto0"));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "alto0 — Altoscope");
  g_assert_true (gtk_widget_get_visible (altoscope_family_view_get_check_button (v4, 0)));
  g_assert_true (gtk_widget_get_sensitive (find_action_button (GTK_WIDGET (window),
                                                               "win.refresh")));

  /* An edited copy, opened by Open Report…: another domain, so the
   * comparison lists it. */
  open_by_the_action (g_getenv ("ALTOSCOPE_TEST_REPORT_CHANGED"));
  g_assert_true (wait_for (check_title, "alto0 in changed.altoscope.json — Altoscope", 10));
  g_assert_cmpstr (altoscope_family_view_get_domain_text (v4), ==, "elsewhere.signed.test");
  g_assert_cmpuint (compare_now (), >=, 1);

  /* Not a report, dropped on the window: said, and nothing else changes. */
  before = altoscope_window_get_n_entries (window);
  toast = altoscope_window_get_last_toast (window);
  drop_path (g_getenv ("ALTOSCOPE_TEST_REPORT_BAD"));
  g_assert_true (wait_for (check_toast, (gpointer) toast, 10));
  g_assert_nonnull (strstr (altoscope_window_get_last_toast (window),
                            "“bad.altoscope.json” could not be opened: "));
  g_assert_cmpuint (altoscope_window_get_n_entries (window), ==, before);

  /* Closed: each report's entries go, the live ones stay. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-report", "t",
                                             (guint64) GPOINTER_TO_SIZE (
                                               altoscope_window_get_report (window, 0))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-report", "t",
                                             (guint64) GPOINTER_TO_SIZE (
                                               altoscope_window_get_report (window, 0))));
  g_assert_null (altoscope_window_get_report (window, 0));
  g_assert_cmpuint (altoscope_window_get_n_entries (window), <, before);
  g_assert_true (altoscope_window_select (window, "alto0"));
}

int
main (int argc, char **argv)
{
  g_autoptr(AltoscopeNmModel) model = NULL;
  g_autoptr(AltoscopeOverrides) overrides = NULL;
  g_autoptr(AltoscopeBackoff) backoff = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  if (argc < 2)
    {
      g_printerr ("usage: test-window nm|nm-omit57|no-nm\n");
      return 2;
    }
  mode = argv[1];
  adw_init ();

  overrides = altoscope_overrides_new_default (&error);
  g_assert_no_error (error);
  test_overrides = overrides;
  /* The lab's zones are not under the real root: the window proves them
   * from the lab's anchor, as a person with private zones sets it. */
  if (g_getenv ("ALTOSCOPE_TEST_TRUST_ANCHOR") != NULL)
    g_settings_set_string (altoscope_overrides_get_settings (overrides), "trust-anchor-file",
                           g_getenv ("ALTOSCOPE_TEST_TRUST_ANCHOR"));
  backoff = altoscope_backoff_new (NULL);
  model = altoscope_nm_model_new ();
  scheduler = altoscope_nm_model_create_scheduler (model, overrides, backoff, 3000);
  /* As the application sets the scheduler up. */
  altoscope_dhcp_cache_set_asker (altoscope_scheduler_get_dhcp_cache (scheduler),
                                  altoscope_dhcp_asker_run, NULL, NULL);
  altoscope_scheduler_follow_settings (scheduler, altoscope_overrides_get_settings (overrides));
  window = altoscope_window_new (NULL, model, scheduler, overrides);
  gtk_window_present (GTK_WINDOW (window));

  if (g_str_equal (mode, "nm"))
    {
      g_test_add_func ("/app/window/found-and-no-domain", test_found_and_no_domain);
      g_test_add_func ("/app/window/answers-above-the-fold", test_answers_above_the_fold);
      g_test_add_func ("/app/window/narrow", test_narrow);
      g_test_add_func ("/app/window/find-for-address", test_find_for_address);
      g_test_add_func ("/app/window/override", test_override_in_the_window);
      g_test_add_func ("/app/window/failure-countdown-bogus", test_failure_with_countdown_and_bogus);
      g_test_add_func ("/app/window/updates-keep-focus-and-selection",
                       test_updates_keep_focus_and_selection);
      g_test_add_func ("/app/window/check-from-the-window", test_check_from_the_window);
      g_test_add_func ("/app/window/check-failures-from-the-window",
                       test_check_failures_from_the_window);
      g_test_add_func ("/app/window/report-opened", test_report_opened);
      /* Last: it gives alto0 an IPv6 domain. */
      g_test_add_func ("/app/window/ask-dhcp-from-the-window", test_ask_dhcp_from_the_window);
    }
  else if (g_str_equal (mode, "nm-omit57"))
    g_test_add_func ("/app/window/not-sent-after-asking", test_not_sent_after_asking);
  else
    {
      g_test_add_func ("/app/window/without-networkmanager", test_without_networkmanager);
      g_test_add_func ("/app/window/menu-and-shortcuts-when-asked",
                       test_menu_and_shortcuts_when_asked);
      g_test_add_func ("/app/window/page-width-does-not-depend-on-the-page",
                       test_page_width_does_not_depend_on_the_page);
    }

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&scheduler);
  return status;
}
