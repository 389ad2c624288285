/* Unit tests: the JSON contract (altoscope-report/1) and the text report,
 * against golden files in tests/golden.  Times are zeroed, so the files
 * are exact.  ALTOSCOPE_UPDATE_GOLDEN=1 writes them anew: read the diff
 * before committing it, since the contract may only grow.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "altoscope-discovery.h"
#include "altoscope-pair-setup.h"
#include "altoscope-report.h"
#include "scripted-transport.h"
#include "test-tmpdir.h"

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  *(AltoscopeTarget **) data = altoscope_discover_finish (result, NULL);
}

static AltoscopeTarget *
discover (ScriptedTransport *t,
          AltoscopeBackoff  *backoff,
          const char        *domain)
{
  AltoscopeTarget *out = NULL;
  g_autoptr(AltoscopeTarget) target = altoscope_target_new (NULL, NULL, domain,
                                                            ALTOSCOPE_DOMAIN_SOURCE_COMMAND_LINE);

  altoscope_discover_async (ALTOSCOPE_TRANSPORT (t), backoff, target, ALTOSCOPE_DISCOVERY_NONE,
                            NULL, on_done_cb, &out);
  while (out == NULL)
    g_main_context_iteration (NULL, TRUE);
  return out;
}

/* Times differ from run to run; everything else must not. */
static void
zero_times (JsonNode *node)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (a); i++)
        zero_times (json_array_get_element (a, i));
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *o = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (o);
      for (GList *l = members; l; l = l->next)
        {
          const char *name = l->data;
          JsonNode *child = json_object_get_member (o, name);
          if ((g_str_equal (name, "t_ms") || g_str_equal (name, "elapsed_ms"))
              && JSON_NODE_HOLDS_VALUE (child))
            json_object_set_double_member (o, name, 0);
          else if (g_str_equal (name, "retry_at") && JSON_NODE_HOLDS_VALUE (child))
            json_object_set_string_member (o, name, "TIME");
          else
            zero_times (child);
        }
    }
}

static void
check_golden (const char *name,
              const char *got)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "golden", name, NULL);
  g_autofree char *want = NULL;
  g_autoptr(GError) error = NULL;

  if (g_getenv ("ALTOSCOPE_UPDATE_GOLDEN") != NULL)
    {
      g_assert_true (g_file_set_contents (path, got, -1, &error));
      return;
    }
  g_file_get_contents (path, &want, NULL, &error);
  g_assert_no_error (error);
  if (g_strcmp0 (want, got) != 0)
    {
      g_test_message ("%s differs from what was produced:\n%s", path, got);
      g_test_fail ();
    }
}

static void
check_report (const char      *name,
              AltoscopeTarget *target)
{
  g_autoptr(GPtrArray) targets = g_ptr_array_new ();
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 11, 23, 12, 0, 0);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL, *json_name = NULL, *text = NULL, *text_name = NULL;
  g_autoptr(GRegex) times = g_regex_new ("[0-9]+\\.[0-9] ms", 0, 0, NULL);
  /* A trace line's time is right-aligned in 9 columns: a run that took
   * 10 ms or more (a loaded machine) has one space less before it. */
  g_autoptr(GRegex) trace_times = g_regex_new ("^ +[0-9]+\\.[0-9] ms", G_REGEX_MULTILINE, 0,
                                               NULL);
  g_autofree char *raw_text = NULL, *aligned = NULL;

  g_ptr_array_add (targets, target);
  root = altoscope_report_to_json (targets, when);
  zero_times (root);
  json = altoscope_json_to_string (root, TRUE);
  json_name = g_strconcat (name, ".json", NULL);
  check_golden (json_name, json);

  raw_text = altoscope_report_to_text (targets, TRUE);
  aligned = g_regex_replace_literal (trace_times, raw_text, -1, 0, "        0.0 ms", 0, NULL);
  text = g_regex_replace_literal (times, aligned, -1, 0, "0.0 ms", 0, NULL);
  text_name = g_strconcat (name, ".txt", NULL);
  check_golden (text_name, text);
}

static void
test_found (void)
{
  g_autoptr(ScriptedTransport) t = scripted_transport_new ();
  g_autoptr(AltoscopeTarget) target = NULL;

  scripted_transport_add_naptr (t, "a.test", 100, 10, "u", "ALTO:https",
                                "!.*!https://h1.a.test/ird!", ".");
  scripted_transport_add_naptr (t, "a.test", 100, 20, "u", "ALTO:http",
                                "!.*!http://h2.a.test:8080/ird!", ".");
  scripted_transport_add_naptr (t, "a.test", 100, 30, "u", "SIP+D2U", "!.*!sip:x@a.test!", ".");
  scripted_transport_add_address (t, "h1.a.test", "192.0.2.1");
  scripted_transport_add_address (t, "h1.a.test", "2001:db8::1");
  scripted_transport_add_address (t, "h2.a.test", "192.0.2.2");
  target = discover (t, NULL, "a.test");
  check_report ("found", target);
}

static void
test_fallback (void)
{
  g_autoptr(ScriptedTransport) t = scripted_transport_new ();
  g_autoptr(AltoscopeTarget) target = NULL;

  scripted_transport_set_ad (t, FALSE);
  scripted_transport_add_naptr (t, "f.test", 10, 10, "", "ALTO:https", "", "next.f.test");
  scripted_transport_add_naptr (t, "next.f.test", 10, 10, "u", "ALTO:https",
                                "!.*!https://gone.f.test/a!", ".");
  scripted_transport_add_naptr (t, "f.test", 20, 10, "u", "ALTO:https",
                                "!.*!https://192.0.2.7/b!", ".");
  scripted_transport_add_naptr (t, "f.test", 30, 10, "u", "ALTO:https",
                                "!.*!https://never.f.test/c!", ".");
  target = discover (t, NULL, "f.test");
  check_report ("fallback", target);
}

static void
test_failed (void)
{
  g_autoptr(ScriptedTransport) t = scripted_transport_new ();
  g_autofree char *dir = test_tmpdir_new ("altoscope-report-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "retry.ini", NULL);
  g_autoptr(AltoscopeBackoff) backoff = altoscope_backoff_new (path);
  g_autoptr(AltoscopeTarget) target = NULL;

  scripted_transport_set_negative_ttl (t, 120);
  target = discover (t, backoff, "missing.test");
  check_report ("nxdomain", target);
  altoscope_backoff_flush (backoff);
  g_remove (path);
}

static AltoscopeTransport *
no_transport (const char * const  *servers,
              const char          *interface,
              guint                timeout_ms,
              gpointer             user_data,
              GError             **error)
{
  g_assert_not_reached ();
  return NULL;
}

/* A pair without a domain: what step 1 knew of option 57, in both edges
 * (issue 15, item 1).  The lease is the internal client's, as the lab
 * shows it: no option 57, and no flag saying it was asked for. */
static void
test_no_domain (void)
{
  g_autoptr(AltoscopeLink) link = altoscope_link_new ("eth0", "ethernet");
  g_autoptr(GHashTable) lease = g_hash_table_new (g_str_hash, g_str_equal);
  const char *addresses[] = { "2001:db8::5/64", NULL };
  AltoscopeTransport *transport = NULL;
  g_autoptr(AltoscopeTarget) target = NULL;
  AltoscopeTransportSetup setup = { .factory = no_transport, .timeout_ms = 1000 };

  g_hash_table_insert (lease, "dhcp6_name_servers", "2001:db8::53");
  altoscope_link_set_addresses (link, ALTOSCOPE_FAMILY_IPV6, addresses);
  altoscope_link_set_dhcp_options (link, ALTOSCOPE_FAMILY_IPV6, lease);
  target = altoscope_pair_prepare (link, ALTOSCOPE_FAMILY_IPV6, NULL, NULL, &setup, NULL,
                                   &transport);
  g_assert_null (transport);
  g_assert_true (altoscope_target_get_dhcp_looked (target));
  g_assert_cmpint (altoscope_target_get_option_status (target, 57), ==,
                   ALTOSCOPE_OPTION_STATUS_NOT_REPORTED);
  g_assert_cmpint (altoscope_target_get_option_status (target, 213), ==,
                   ALTOSCOPE_OPTION_STATUS_NO_LEASE);
  check_report ("no-domain", target);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/report/found", test_found);
  g_test_add_func ("/core/report/fallback", test_fallback);
  g_test_add_func ("/core/report/nxdomain", test_failed);
  g_test_add_func ("/core/report/no-domain", test_no_domain);
  return g_test_run ();
}
