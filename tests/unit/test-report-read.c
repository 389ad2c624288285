/* Unit tests: a report someone sent (issue 16), read as untrusted input.
 * Each golden report reads, shows as its golden text and writes back the
 * same JSON; each kind of fault is refused with a message that names it
 * and where it is; hostile text is made safe; an older report reads; the
 * model objects are those a live run makes; two reports compare.
 *
 * The golden files hold "TIME" where the writer wrote the end of a wait
 * (test-report.c masks it): a real time is put back before reading, and
 * the mask again after writing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "altoscope-check.h"
#include "altoscope-json.h"
#include "altoscope-report.h"
#include "altoscope-report-diff.h"
#include "altoscope-report-file.h"

#define RETRY_AT "2026-11-23T12:02:00Z"

static char *
replace (const char *text,
         const char *from,
         const char *to)
{
  g_auto(GStrv) parts = NULL;

  g_assert_nonnull (strstr (text, from));
  parts = g_strsplit (text, from, 2);
  return g_strconcat (parts[0], to, parts[1], NULL);
}

static char *
replace_all (const char *text,
             const char *from,
             const char *to)
{
  g_auto(GStrv) parts = g_strsplit (text, from, -1);
  return g_strjoinv (to, parts);
}

static char *
golden (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "golden", name, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return replace_all (text, "\"retry_at\" : \"TIME\"", "\"retry_at\" : \"" RETRY_AT "\"");
}

static AltoscopeReportFile *
read_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  AltoscopeReportFile *report = altoscope_report_file_new_from_data (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static char *
write_again (AltoscopeReportFile *report)
{
  g_autoptr(JsonNode) root = altoscope_report_file_to_json (report);
  return altoscope_json_to_string (root, TRUE);
}

/* ---- the golden reports --------------------------------------------------------- */

static void
test_golden (gconstpointer data)
{
  const char *name = data;
  g_autofree char *json_name = g_strconcat (name, ".json", NULL);
  g_autofree char *text_name = g_strconcat (name, ".txt", NULL);
  g_autofree char *want = golden (json_name);
  g_autofree char *want_text = golden (text_name);
  g_autoptr(AltoscopeReportFile) report = read_ok (want);
  g_autofree char *again = write_again (report);
  g_autofree char *text = altoscope_report_to_text (altoscope_report_file_get_targets (report),
                                                    TRUE);
  g_autoptr(GRegex) times = g_regex_new ("[0-9]+\\.[0-9] ms", 0, 0, NULL);
  g_autofree char *masked = g_regex_replace_literal (times, text, -1, 0, "0.0 ms", 0, NULL);
  g_autoptr(GDateTime) made = g_date_time_new_utc (2026, 11, 23, 12, 0, 0);

  /* write → read → write: the same JSON (the golden file has no final
   * newline; the writer adds none either) */
  g_assert_cmpstr (again, ==, want);
  /* the text discover printed for it */
  g_assert_cmpstr (masked, ==, want_text);
  g_assert_true (g_date_time_equal (altoscope_report_file_get_generated_at (report), made));
  g_assert_cmpstr (altoscope_report_file_get_generator (report), ==, "altoscope 0.1.0");
  g_assert_null (altoscope_report_file_get_note (report));
  g_assert_false (altoscope_report_file_get_nm_known (report));
  g_assert_cmpuint (altoscope_report_file_get_targets (report)->len, ==, 1);
}

/* A report of an interface: a link and a pair, as the scheduler makes
 * them, bound to the target read. */
static void
test_pairs (void)
{
  g_autofree char *text = golden ("no-domain.json");
  g_autoptr(AltoscopeReportFile) report = read_ok (text);
  GListModel *links = altoscope_report_file_get_links (report);
  GListModel *pairs = altoscope_report_file_get_pairs (report);
  g_autoptr(AltoscopeLink) link = NULL;
  g_autoptr(AltoscopePair) pair = NULL;
  AltoscopeTarget *target = altoscope_report_file_get_targets (report)->pdata[0];

  g_assert_cmpuint (g_list_model_get_n_items (links), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (pairs), ==, 1);
  link = g_list_model_get_item (links, 0);
  pair = g_list_model_get_item (pairs, 0);
  g_assert_cmpstr (altoscope_link_get_name (link), ==, altoscope_target_get_interface (target));
  g_assert_true (altoscope_pair_get_link (pair) == link);
  g_assert_true (altoscope_pair_get_report (pair) == target);
  g_assert_cmpint (altoscope_pair_get_state (pair), ==, ALTOSCOPE_PAIR_NO_DOMAIN);
  g_assert_true (altoscope_report_file_find_pair (report, link, altoscope_pair_get_family (pair))
                 == pair);
  g_assert_null (altoscope_report_file_find_pair (report, link,
                                                  !altoscope_pair_get_family (pair)));
  /* a command-line domain has no pair */
  {
    g_autofree char *found = golden ("found.json");
    g_autoptr(AltoscopeReportFile) other = read_ok (found);
    g_assert_cmpuint (g_list_model_get_n_items (altoscope_report_file_get_pairs (other)), ==, 0);
  }
}

/* @names removed from every object in @node. */
static void
remove_members (JsonNode           *node,
                const char * const *names)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (a); i++)
        remove_members (json_array_get_element (a, i), names);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *o = json_node_get_object (node);
      g_autoptr(GList) members = NULL;

      for (guint i = 0; names[i] != NULL; i++)
        json_object_remove_member (o, names[i]);
      members = json_object_get_members (o);
      for (GList *l = members; l != NULL; l = l->next)
        remove_members (json_object_get_member (o, l->data), names);
    }
}

/* A report written before the members the README lists as added since
 * the first altoscope-report/1 (the end of a wait, a URI's note and
 * fallback, the totals, each answer's server and attempts), before issue
 * 17 (no validator, no claim, no libunbound reason) and before issue 16
 * (no note, no NetworkManager version) reads; the resolver then decided,
 * and claimed what it decided. */
static void
test_older (void)
{
  static const char * const newer[] = {
    "retry_at", "fallback", "uris_total", "records_total", "server", "attempts",
    "dnssec_validator", "resolver_dnssec", "why_bogus", "validation_failure", NULL
  };
  g_autofree char *text = golden ("found.json");
  g_autoptr(JsonNode) root = json_from_string (text, NULL);
  g_autofree char *older = NULL;
  g_autoptr(AltoscopeReportFile) report = NULL;
  g_autofree char *nx = golden ("nxdomain.json");
  g_autoptr(JsonNode) nx_root = json_from_string (nx, NULL);
  g_autofree char *nx_older = NULL;
  g_autoptr(AltoscopeReportFile) nx_report = NULL;
  AltoscopeTarget *t;
  AltoscopeUri *uri;

  remove_members (root, newer);
  older = json_to_string (root, TRUE);
  g_assert_null (strstr (older, "dnssec_validator"));
  g_assert_null (strstr (older, "attempts"));
  report = read_ok (older);
  remove_members (nx_root, newer);
  nx_older = json_to_string (nx_root, TRUE);
  g_assert_null (strstr (nx_older, "retry_at"));
  nx_report = read_ok (nx_older);
  g_assert_cmpint (altoscope_target_get_error_code (altoscope_report_file_get_targets (nx_report)->pdata[0]),
                   ==, ALTOSCOPE_ERROR_NXDOMAIN);
  t = altoscope_report_file_get_targets (report)->pdata[0];
  g_assert_cmpint (altoscope_target_get_dnssec (t), ==, ALTOSCOPE_DNSSEC_SECURE);
  g_assert_cmpint (altoscope_target_get_dnssec_validator (t), ==,
                   ALTOSCOPE_DNSSEC_VALIDATOR_RESOLVER);
  g_assert_cmpint (altoscope_target_get_resolver_dnssec (t), ==, ALTOSCOPE_DNSSEC_SECURE);
  uri = altoscope_target_get_uris (t)->pdata[0];
  g_assert_cmpstr (uri->uri, ==, "https://h1.a.test/ird");
  g_assert_cmpint (uri->port, ==, -1);
  g_assert_cmpuint (altoscope_target_get_answers (t)->len, ==, 5);
  g_assert_cmpuint (g_array_index (altoscope_target_get_answers (t), AltoscopeAnswerInfo,
                                   0).attempts->len, ==, 0);
  /* the totals are at least what the report holds */
  g_assert_cmpuint (altoscope_target_get_uris_total (t), ==, 2);
}

/* What item 5 adds: the note and NetworkManager's version and state,
 * written and read back. */
static void
test_metadata (void)
{
  g_autofree char *text = golden ("found.json");
  g_autofree char *with = replace (text, "\"generator\" : \"altoscope 0.1.0\",",
                                   "\"generator\" : \"altoscope 0.0.9\",\n"
                                   "  \"note\" : \"Ticket 4711: slow video\",");
  g_autofree char *with_nm = NULL;
  g_autoptr(AltoscopeReportFile) report = NULL;
  g_autofree char *again = NULL;

  g_assert_true (g_str_has_suffix (with, "\n  ]\n}"));
  with[strlen (with) - 2] = '\0';
  with_nm = g_strconcat (with, ",\n  \"networkmanager\" : {\n    \"running\" : true,\n"
                         "    \"status\" : null,\n    \"version\" : \"1.42.4\",\n"
                         "    \"state\" : \"connected-global\"\n  }\n}", NULL);
  report = read_ok (with_nm);
  g_assert_cmpstr (altoscope_report_file_get_generator (report), ==, "altoscope 0.0.9");
  g_assert_cmpstr (altoscope_report_file_get_note (report), ==, "Ticket 4711: slow video");
  g_assert_true (altoscope_report_file_get_nm_known (report));
  g_assert_true (altoscope_report_file_get_nm_running (report));
  g_assert_null (altoscope_report_file_get_nm_status (report));
  g_assert_cmpstr (altoscope_report_file_get_nm_version (report), ==, "1.42.4");
  g_assert_cmpstr (altoscope_report_file_get_nm_state (report), ==, "connected-global");
  again = write_again (report);
  g_assert_cmpstr (again, ==, with_nm);
}

/* A check (altoscope-check/1 with a nested directory, the endpoint
 * answers and costs of issue 18) reads into an AltoscopeCheck and writes
 * back the same. */
static const char check_json[] =
  "{\"schema\":\"altoscope-check/1\",\"generated_at\":\"2026-11-23T12:00:01Z\","
  "\"uri\":\"https://h1.a.test/ird\",\"final_uri\":\"https://h1.a.test/ird\","
  "\"local_address\":\"192.0.2.9\",\"status\":\"ok\",\"error\":null,"
  "\"http\":{\"status\":200,\"reason\":\"OK\",\"content_type\":"
  "\"application/alto-directory+json\",\"body_bytes\":512},"
  "\"redirects\":[{\"from\":\"https://h1.a.test/old\",\"status\":301,"
  "\"to\":\"https://h1.a.test/ird\"}],"
  "\"tls\":{\"subject\":\"CN=h1.a.test\",\"issuer\":\"CN=Test CA\","
  "\"not_after\":\"2027-01-01T00:00:00Z\"},"
  "\"timing\":{\"total_ms\":12.5,\"response_ms\":3.25},"
  "\"warnings\":[{\"code\":\"w\",\"resource\":null,\"message\":\"suspect\"}],"
  "\"ird\":{\"default_network_map\":\"nm\",\"cost_types\":[\"num-routing\"],"
  "\"resources\":[{\"id\":\"nm\",\"uri\":\"https://h1.a.test/nm\",\"media_type\":"
  "\"application/alto-networkmap+json\",\"kind\":\"network-map\",\"accepts\":null,"
  "\"cost_types\":[],\"uses\":[]},{\"id\":\"sub\",\"uri\":\"https://h1.a.test/sub\","
  "\"media_type\":\"application/alto-directory+json\",\"kind\":\"directory\",\"accepts\":null,"
  "\"cost_types\":[],\"uses\":[],\"directory\":{\"status\":\"ok\",\"error\":null,"
  "\"resources\":[{\"id\":\"cm\",\"uri\":\"https://h1.a.test/cm\",\"media_type\":"
  "\"application/alto-costmap+json\",\"kind\":\"cost-map\",\"accepts\":null,"
  "\"cost_types\":[\"num-routing\"],\"uses\":[\"nm\"]}],\"errors\":[]}}],\"errors\":[]},"
  "\"endpoints\":[{\"address\":\"192.0.2.9\",\"pid\":\"pid1\",\"map\":\"nm\",\"vtag\":\"v1\","
  "\"via\":\"endpoint-property\",\"error\":null}],"
  "\"costs\":[{\"from\":\"192.0.2.9\",\"to\":\"198.51.100.1\",\"from_pid\":null,"
  "\"to_pid\":null,\"cost_type\":\"num-routing\",\"mode\":\"numerical\",\"metric\":"
  "\"routingcost\",\"value\":7.5,\"via\":\"endpoint-cost\",\"error\":null}],\"query_ms\":4.5}";

static char *
found_with_check (const char *check)
{
  g_autofree char *text = golden ("found.json");
  g_autofree char *member = g_strconcat ("\"fallback\" : null,\n          \"check\" : ", check,
                                         NULL);
  return replace (text, "\"fallback\" : null", member);
}

static void
test_check (void)
{
  g_autofree char *text = found_with_check (check_json);
  g_autoptr(AltoscopeReportFile) report = read_ok (text);
  AltoscopeTarget *t = altoscope_report_file_get_targets (report)->pdata[0];
  AltoscopeCheck *check = altoscope_target_get_check (t, "https://h1.a.test/ird");
  const AltoscopeEndpointQuery *q;
  g_autoptr(JsonNode) in = json_from_string (check_json, NULL);
  g_autoptr(JsonNode) out = NULL;
  const char *from, *to;
  guint status;

  g_assert_nonnull (check);
  g_assert_cmpint (altoscope_check_get_code (check), ==, ALTOSCOPE_CHECK_OK);
  g_assert_cmpuint (altoscope_check_get_status (check), ==, 200);
  g_assert_cmpuint (altoscope_check_get_n_redirects (check), ==, 1);
  altoscope_check_get_redirect (check, 0, &from, &status, &to);
  g_assert_cmpuint (status, ==, 301);
  g_assert_cmpuint (altoscope_check_get_ird (check)->resources->len, ==, 2);
  g_assert_nonnull (((AltoscopeIrdResource *)
                     altoscope_check_get_ird (check)->resources->pdata[1])->nested);
  q = altoscope_check_get_query (check);
  g_assert_nonnull (q);
  g_assert_cmpstr (((AltoscopeEndpointAnswer *) q->endpoints->pdata[0])->pid, ==, "pid1");
  g_assert_cmpfloat (((AltoscopeCostAnswer *) q->costs->pdata[0])->value, ==, 7.5);
  g_assert_cmpstr (((AltoscopeCostAnswer *) q->costs->pdata[0])->via, ==, ALTOSCOPE_VIA_ENDPOINT_COST);
  g_assert_null (altoscope_target_get_check (t, "http://h2.a.test:8080/ird"));
  /* the check's JSON comes out as it went in */
  out = altoscope_check_to_json (check);
  g_assert_true (json_node_equal (in, out));
}

/* A check written before issue 18 has no endpoints or costs. */
static void
test_check_older (void)
{
  g_autofree char *older = NULL;
  g_autofree char *text = NULL;
  g_autoptr(AltoscopeReportFile) report = NULL;
  AltoscopeTarget *t;
  g_autofree char *cut = g_strdup (check_json);

  *strstr (cut, ",\"endpoints\"") = '\0';
  older = g_strconcat (cut, "}", NULL);
  text = found_with_check (older);
  report = read_ok (text);
  t = altoscope_report_file_get_targets (report)->pdata[0];
  g_assert_null (altoscope_check_get_query (altoscope_target_get_check (t, "https://h1.a.test/ird")));
}

/* ---- invalid reports: each refused with its own message ------------------------------ */

typedef struct
{
  const char *base;       /* golden report edited */
  const char *from;       /* first occurrence replaced */
  const char *to;
  const char *message;    /* the whole message */
} Invalid;

static const Invalid invalid[] = {
  { "found.json", "\"altoscope-report/1\"", "\"altoscope-report/2\"",
    "The report is of version “altoscope-report/2”, which this program cannot read: it reads "
    "“altoscope-report/1”" },
  { "found.json", "\"altoscope-report/1\"", "\"altoscope-check/1\"",
    "This is not an Altoscope report: its schema is “altoscope-check/1”, not "
    "“altoscope-report/1”" },
  { "found.json", "\"schema\"", "\"scheme\"",
    "This is not an Altoscope report: it has no “schema” naming “altoscope-report/1”" },
  { "found.json", "\"2026-11-23T12:00:00Z\"", "\"yesterday\"",
    "The report is not valid: generated_at is not an ISO 8601 time" },
  { "found.json", "\"service\" : \"ALTO\"", "\"service\" : \"SIP\"",
    "The report is not valid: service is not “ALTO”" },
  { "found.json", "\"generator\" : \"altoscope 0.1.0\"", "\"generator\" : 1",
    "The report is not valid: generator is not a string" },
  { "found.json", "\"targets\" :", "\"target\" :",
    "The report is not valid: targets is missing" },
  { "found.json", "\"order\" : 100,\n          \"preference\" : 10",
    "\"order\" : \"100\",\n          \"preference\" : 10",
    "The report is not valid: targets[0].uris[0].order is not a whole number" },
  { "found.json", "\"port\" : 8080", "\"port\" : 70000",
    "The report is not valid: targets[0].uris[1].port is 70000, outside 0–65535" },
  { "found.json", "\"dnssec\" : \"secure\"", "\"dnssec\" : \"sure\"",
    "The report is not valid: targets[0].dnssec has the unknown value “sure”" },
  { "found.json", "\"command-line\"", "\"carrier-pigeon\"",
    "The report is not valid: targets[0].domain_source has the unknown value "
    "“carrier-pigeon”" },
  { "found.json", "\"family\" : \"ipv6\"", "\"family\" : \"ipx\"",
    "The report is not valid: targets[0].uris[0].addresses[1].family has the unknown value "
    "“ipx”" },
  { "found.json", "\"reason_code\" : \"other-service\"", "\"reason_code\" : \"bad-vibes\"",
    "The report is not valid: targets[0].records[2].reason_code has the unknown value "
    "“bad-vibes”" },
  { "found.json", "\"type\" : \"AAAA\"", "\"type\" : \"MX\"",
    "The report is not valid: targets[0].answers[2].type has the unknown value “MX”" },
  { "found.json", "\"eligible\" : true", "\"eligible\" : \"yes\"",
    "The report is not valid: targets[0].uris[0].eligible is not true or false" },
  { "found.json", "\"status\" : \"ok\"", "\"status\" : \"maybe\"",
    "The report is not valid: targets[0].status has the unknown value “maybe”" },
  { "found.json", "\"error\" : null,\n      \"retry_wait", "\"error\" : {},\n      \"retry_wait",
    "The report is not valid: targets[0].error does not agree with the status" },
  { "found.json", "\"uris_total\" : 2", "\"uris_total\" : -1",
    "The report is not valid: targets[0].uris_total is -1, outside 0–2147483647" },
  { "found.json", "\"chain\" : [\n            \"a.test\"", "\"chain\" : [\n            7",
    "The report is not valid: targets[0].uris[0].chain[0] is not a string" },
  { "found.json", "\"attempts\" : [", "\"attempts\" : \"none\", \"other\" : [",
    "The report is not valid: targets[0].answers[0].attempts is not an array" },
  { "nxdomain.json", "\"code\" : \"nxdomain\"", "\"code\" : \"nope\"",
    "The report is not valid: targets[0].error.code has the unknown value “nope”" },
  { "nxdomain.json", "\"code\" : \"nxdomain\"", "\"code\" : \"none\"",
    "The report is not valid: targets[0].error.code has the unknown value “none”" },
  { "nxdomain.json", "\"rcode\" : \"NXDOMAIN\"", "\"rcode\" : \"NXDOMAINX\"",
    "The report is not valid: targets[0].error.rcode has the unknown value “NXDOMAINX”" },
  { "nxdomain.json", "\"" RETRY_AT "\"", "\"soon\"",
    "The report is not valid: targets[0].error.retry_at is not an ISO 8601 time" },
  { "no-domain.json", "\"status\" : \"not-reported\"", "\"status\" : \"lost\"",
    "The report is not valid: targets[0].dhcp_option_status[0].status has the unknown value "
    "“lost”" },
  { "no-domain.json", "\"connection\" : null", "\"connection\" : []",
    "The report is not valid: targets[0].connection is not an object" },
};

static void
assert_refused (const char *text,
                gsize       length,
                const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeReportFile) report = altoscope_report_file_new_from_data (text, length,
                                                                               &error);

  g_assert_null (report);
  g_assert_error (error, ALTOSCOPE_REPORT_ERROR, error->code);
  /* "…*": json-glib's own words follow, which are not ours to pin */
  if (g_str_has_suffix (message, "*"))
    g_assert_cmpint (strncmp (error->message, message, strlen (message) - 1), ==, 0);
  else
    g_assert_cmpstr (error->message, ==, message);
}

static void
test_invalid (gconstpointer data)
{
  const Invalid *c = data;
  g_autofree char *text = golden (c->base);
  g_autofree char *bad = replace (text, c->from, c->to);

  /* the original reads: the edit alone is refused */
  g_object_unref (read_ok (text));
  assert_refused (bad, strlen (bad), c->message);
}

static void
test_invalid_check (void)
{
  g_autofree char *schema = replace (check_json, "altoscope-check/1", "altoscope-check/2");
  g_autofree char *via = replace (check_json, "\"endpoint-cost\"", "\"carrier\"");
  g_autofree char *nested = replace (check_json, "\"status\":\"ok\",\"error\":null,\"resources\"",
                                     "\"status\":\"invalid\",\"error\":null,\"resources\"");
  g_autofree char *text = NULL;

  text = found_with_check (schema);
  assert_refused (text, strlen (text), "The report is not valid: "
                  "targets[0].uris[0].check.schema is not “altoscope-check/1”");
  g_free (text);
  text = found_with_check (via);
  assert_refused (text, strlen (text), "The report is not valid: "
                  "targets[0].uris[0].check.costs[0].via has the unknown value “carrier”");
  g_free (text);
  text = found_with_check (nested);
  assert_refused (text, strlen (text), "The report is not valid: "
                  "targets[0].uris[0].check.ird.resources[1].directory.status does not agree "
                  "with the errors listed");
}

/* Over a bound: the file, an array, the depth, a text. */
static void
test_bounds (void)
{
  g_autoptr(GString) many = g_string_new ("{\"schema\":\"altoscope-report/1\",\"generated_at\":"
                                          "\"2026-11-23T12:00:00Z\",\"service\":\"ALTO\","
                                          "\"generator\":\"x\",\"targets\":[");
  g_autoptr(GString) deep = g_string_new ("{\"schema\":\"altoscope-report/1\",\"note\":");
  g_autofree char *huge = g_malloc (ALTOSCOPE_REPORT_MAX_BYTES + 2);
  g_autofree char *text = golden ("found.json");
  g_autofree char *long_text = g_strnfill (64 * 1024 + 1, 'x');
  g_autofree char *long_member = g_strdup_printf ("\"domain\" : \"%s\"", long_text);
  g_autofree char *long_domain = replace (text, "\"domain\" : \"a.test\"", long_member);
  g_autofree char *trace = NULL;
  g_autoptr(GRegex) trace_re = NULL;
  g_autoptr(GString) events = g_string_new ("\"trace\" : [");

  for (guint i = 0; i < ALTOSCOPE_REPORT_MAX_TARGETS + 1; i++)
    g_string_append (many, i ? ",{}" : "{}");
  g_string_append (many, "]}");
  assert_refused (many->str, many->len, "The report is not valid: targets has 257 elements, "
                  "more than the 256 allowed");

  for (guint i = 0; i < 100; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 100; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');
  assert_refused (deep->str, deep->len, "The report cannot be read: it nests arrays and objects "
                  "more than 64 levels deep; reading stopped");

  memset (huge, ' ', ALTOSCOPE_REPORT_MAX_BYTES + 1);
  assert_refused (huge, ALTOSCOPE_REPORT_MAX_BYTES + 1,
                  "The report is larger than 16 MiB: no report Altoscope writes is");

  assert_refused (long_domain, strlen (long_domain),
                  "The report is not valid: targets[0].domain is longer than 65536 bytes");

  for (guint i = 0; i < 8193; i++)
    g_string_append (events, i ? ",{}" : "{}");
  g_string_append (events, "],\n      \"elapsed_ms\"");
  trace_re = g_regex_new ("\"trace\" : \\[[^]]*\\],\\n *\"elapsed_ms\"", 0, 0, NULL);
  trace = g_regex_replace_literal (trace_re, text, -1, 0, events->str, 0, NULL);
  assert_refused (trace, strlen (trace), "The report is not valid: targets[0].trace has 8193 "
                  "elements, more than the 8192 allowed");
}

/* Durations are written to the microsecond, and a report read back and
 * written again holds the same numbers (the fuzzer found the writer's
 * truncation drifting: 1.001 ms is stored as 1.000999…, and each
 * read-and-write lost a microsecond).  A value too large to scale is
 * written as it came. */
static void
test_durations_stable (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "1.001", "1.001" },          /* truncation wrote 1 the second time */
    { "1.0014", "1.001" },
    { "12.3456", "12.346" },        /* the nearest microsecond */
    { "4.35", "4.35" },
    { "999999999.9995", "1000000000" },
    { "123456789012.345678", "123456789012.346" },  /* beyond 10⁹: 15 digits */
    { "1e300", "1e+300" },          /* once cast to gint64: undefined */
    { "0", "0" },
    { "-0.0", "0" },                /* json-glib reads "-0" back as 0 */
    { "1e17", "1e+17" },            /* json-glib wrote "1e+17.0", not JSON */
    { "1e22", "1e+22" },
    /* the largest double: its 15 digits would read back as infinity */
    { "1.7976931348623157e308", "1.7976931348623157e+308" },
    { "5e-324", "0" },              /* below a microsecond */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *found = golden ("found.json");
      g_autofree char *text = NULL;
      g_autofree char *member = g_strdup_printf ("\"elapsed_ms\" : %s\n    }", cases[i].in);
      g_autofree char *want = g_strdup_printf ("\"elapsed_ms\" : %s\n    }", cases[i].out);
      g_autofree char *check_member = NULL, *check_text = NULL, *check_first = NULL;
      g_autofree char *first = NULL, *second = NULL, *timing = NULL, *check_want = NULL;
      g_autoptr(AltoscopeReportFile) report = NULL, again = NULL;
      g_autoptr(AltoscopeReportFile) checked = NULL, checked_again = NULL;

      /* the target's elapsed_ms, the last member of the only target */
      text = replace (found, "\"elapsed_ms\" : 0\n    }", member);
      report = read_ok (text);
      first = write_again (report);
      g_assert_nonnull (strstr (first, want));
      again = read_ok (first);
      second = write_again (again);
      g_assert_cmpstr (first, ==, second);

      /* a check's total_ms */
      timing = g_strdup_printf ("\"total_ms\":%s,", cases[i].in);
      check_member = replace (check_json, "\"total_ms\":12.5,", timing);
      check_text = found_with_check (check_member);
      checked = read_ok (check_text);
      check_first = write_again (checked);
      check_want = g_strdup_printf ("\"total_ms\" : %s,", cases[i].out);
      g_assert_nonnull (strstr (check_first, check_want));
      checked_again = read_ok (check_first);
      g_clear_pointer (&second, g_free);
      second = write_again (checked_again);
      g_assert_cmpstr (check_first, ==, second);
    }
}

/* Not JSON at all, or not text. */
static void
test_not_json (void)
{
  static const char nul[] = "{\"schema\":\"altoscope-report/1\"\0}";
  static const char latin1[] = "{\"schema\":\"altoscope-report/1\",\"note\":\"caf\xe9\"}";

  assert_refused ("", 0, "The report cannot be read: the text is empty");
  assert_refused ("{", 1, "The report cannot be read: it is not valid JSON: *");
  assert_refused ("[]", 2, "This is not an Altoscope report: it is not a JSON object");
  assert_refused (nul, sizeof nul - 1, "The report cannot be read: the text is not UTF-8 "
                  "(RFC 8259 §8.1)");
  assert_refused (latin1, strlen (latin1), "The report cannot be read: the text is not UTF-8 "
                  "(RFC 8259 §8.1)");
}

/* Text from someone else's machine: escapes, bidi controls and NUL
 * characters are never passed on as they are. */
static void
test_hostile_text (void)
{
  g_autofree char *text = golden ("found.json");
  g_autofree char *esc = replace (text, "\"domain\" : \"a.test\"",
                                  "\"domain\" : \"a.test\\u001b[2J\\u202Eevil\"");
  g_autofree char *nul = replace (text, "\"domain\" : \"a.test\"",
                                  "\"domain\" : \"a.test\\u0000hidden\"");
  g_autoptr(AltoscopeReportFile) report = read_ok (esc);
  AltoscopeTarget *t = altoscope_report_file_get_targets (report)->pdata[0];
  g_autofree char *shown = altoscope_report_to_text (altoscope_report_file_get_targets (report),
                                                     TRUE);

  g_assert_cmpstr (altoscope_target_get_domain (t), ==, "a.test\\u{001B}[2J\\u{202E}evil");
  g_assert_null (strchr (shown, '\x1b'));
  g_assert_null (strstr (shown, "\u202E"));
  assert_refused (nul, strlen (nul), "The report cannot be read: a text in it holds a NUL "
                  "character (\\u0000), which no report Altoscope writes does");
}

/* ---- comparing ---------------------------------------------------------------------- */

static GListModel *
diff_texts (const char *a,
            const char *b)
{
  g_autoptr(AltoscopeReportFile) ra = read_ok (a);
  g_autoptr(AltoscopeReportFile) rb = read_ok (b);

  return altoscope_report_diff (altoscope_report_file_get_targets (ra),
                                altoscope_report_file_get_targets (rb));
}

static void
assert_difference (GListModel              *list,
                   guint                    index,
                   AltoscopeDifferenceKind  kind,
                   const char              *a,
                   const char              *b)
{
  g_autoptr(AltoscopeDifference) d = g_list_model_get_item (list, index);

  g_assert_nonnull (d);
  g_assert_cmpint (altoscope_difference_get_kind (d), ==, kind);
  g_assert_cmpstr (altoscope_difference_get_a (d), ==, a);
  g_assert_cmpstr (altoscope_difference_get_b (d), ==, b);
}

static void
test_diff (void)
{
  g_autofree char *found = golden ("found.json");
  g_autofree char *nx = golden ("nxdomain.json");
  g_autofree char *swapped = replace_all (found, "h1.a.test", "hX.a.test");
  g_autoptr(GListModel) same = diff_texts (found, found);
  g_autoptr(GListModel) moved = diff_texts (found, swapped);
  g_autoptr(GListModel) failed = diff_texts (found, nx);
  g_autoptr(JsonNode) json = altoscope_report_diff_to_json (failed);
  g_autofree char *json_text = altoscope_json_to_string (json, FALSE);

  g_assert_cmpuint (g_list_model_get_n_items (same), ==, 0);
  /* h1 gone, hX come: removed, added; the one both have keeps its place */
  g_assert_cmpuint (g_list_model_get_n_items (moved), ==, 2);
  assert_difference (moved, 0, ALTOSCOPE_DIFFERENCE_URI_REMOVED, "https://h1.a.test/ird", NULL);
  assert_difference (moved, 1, ALTOSCOPE_DIFFERENCE_URI_ADDED, NULL, "https://hX.a.test/ird");
  /* command-line targets pair up in order: every field differs */
  g_assert_cmpuint (g_list_model_get_n_items (failed), ==, 4);
  assert_difference (failed, 0, ALTOSCOPE_DIFFERENCE_DOMAIN, "a.test", "missing.test");
  assert_difference (failed, 1, ALTOSCOPE_DIFFERENCE_URI_REMOVED, "https://h1.a.test/ird", NULL);
  assert_difference (failed, 2, ALTOSCOPE_DIFFERENCE_URI_REMOVED, "http://h2.a.test:8080/ird",
                     NULL);
  assert_difference (failed, 3, ALTOSCOPE_DIFFERENCE_FAILURE, "none", "nxdomain");
  g_assert_nonnull (strstr (json_text, "\"what\":\"failure\",\"a\":\"none\",\"b\":\"nxdomain\""));
}

/* A name the writer would write without its trailing dot reads without it
 * too: "missing.test." is "missing.test", the same as its golden (found by
 * fuzz-report: a report with "domain": "x." differed from itself read back). */
static void
test_trailing_dots (void)
{
  g_autofree char *nx = golden ("nxdomain.json");
  g_autofree char *dotted = replace_all (nx, "\"missing.test\"", "\"missing.test.\"");
  g_autoptr(AltoscopeReportFile) report = read_ok (dotted);
  AltoscopeTarget *t = g_ptr_array_index (altoscope_report_file_get_targets (report), 0);
  g_autoptr(GListModel) same = diff_texts (nx, dotted);

  g_assert_nonnull (strstr (dotted, "\"domain\" : \"missing.test.\""));
  g_assert_nonnull (strstr (dotted, "\"failed_domain\" : \"missing.test.\""));
  g_assert_cmpstr (altoscope_target_get_domain (t), ==, "missing.test");
  g_assert_cmpstr (altoscope_target_get_error_domain (t), ==, "missing.test");
  g_assert_cmpuint (g_list_model_get_n_items (same), ==, 0);
}

/* Interfaces by name, VPNs by connection: the same VPN's UUID, else its
 * name; a pair only one side has is said to be there only. */
static char *
as_vpn (const char *text,
        const char *id,
        const char *uuid)
{
  g_autofree char *kind = replace (text, "\"interface_kind\" : \"ethernet\"",
                                   "\"interface_kind\" : \"vpn\"");
  g_autofree char *conn = g_strdup_printf ("\"connection\" : {\"id\" : \"%s\", \"uuid\" : \"%s\"}",
                                           id, uuid);
  return replace (kind, "\"connection\" : null", conn);
}

static void
test_diff_pairs (void)
{
  g_autofree char *text = golden ("no-domain.json");
  g_autofree char *vpn = as_vpn (text, "office", "11111111-1111-1111-1111-111111111111");
  g_autofree char *vpn_elsewhere = as_vpn (text, "office", "22222222-2222-2222-2222-222222222222");
  g_autofree char *other_vpn = as_vpn (text, "home", "33333333-3333-3333-3333-333333333333");
  g_autofree char *other_family = replace_all (text, "\"family\" : \"ipv6\"",
                                               "\"family\" : \"ipv4\"");
  g_autoptr(GListModel) same = diff_texts (text, text);
  g_autoptr(GListModel) by_name = diff_texts (vpn, vpn_elsewhere);
  g_autoptr(GListModel) vpns_apart = diff_texts (vpn, other_vpn);
  g_autoptr(GListModel) vpn_and_device = diff_texts (vpn, text);
  g_autoptr(GListModel) apart = diff_texts (text, other_family);

  g_assert_cmpuint (g_list_model_get_n_items (same), ==, 0);
  /* another machine's VPN to the same place: another UUID, the same name */
  g_assert_cmpuint (g_list_model_get_n_items (by_name), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (vpns_apart), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (vpn_and_device), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (apart), ==, 2);
  assert_difference (apart, 0, ALTOSCOPE_DIFFERENCE_ONLY_A, NULL, NULL);
  assert_difference (apart, 1, ALTOSCOPE_DIFFERENCE_ONLY_B, NULL, NULL);
}

int
main (int    argc,
      char **argv)
{
  static const char * const goldens[] = { "found", "fallback", "nxdomain", "no-domain" };

  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (goldens); i++)
    {
      g_autofree char *path = g_strdup_printf ("/report/read/golden/%s", goldens[i]);
      g_test_add_data_func (path, goldens[i], test_golden);
    }
  g_test_add_func ("/report/read/pairs", test_pairs);
  g_test_add_func ("/report/read/older", test_older);
  g_test_add_func ("/report/read/metadata", test_metadata);
  g_test_add_func ("/report/read/check", test_check);
  g_test_add_func ("/report/read/check-older", test_check_older);
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autofree char *path = g_strdup_printf ("/report/read/invalid/%u", i);
      g_test_add_data_func (path, &invalid[i], test_invalid);
    }
  g_test_add_func ("/report/read/invalid-check", test_invalid_check);
  g_test_add_func ("/report/read/bounds", test_bounds);
  g_test_add_func ("/report/read/not-json", test_not_json);
  g_test_add_func ("/report/read/durations-stable", test_durations_stable);
  g_test_add_func ("/report/read/hostile-text", test_hostile_text);
  g_test_add_func ("/report/diff/fields", test_diff);
  g_test_add_func ("/report/diff/pairs", test_diff_pairs);
  g_test_add_func ("/report/read/trailing-dots", test_trailing_dots);
  return g_test_run ();
}
