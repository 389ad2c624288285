/* Unit tests: judging an Information Resource Directory (altoscope-ird.c)
 * by RFC 7285 §9.2, on the fixtures the HTTPS tests serve too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "altoscope-ird.h"

static AltoscopeIrd *
parse_fixture (const char *name,
               const char *base)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "http", "fixtures", name,
                                                 NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return altoscope_ird_parse (json_parser_get_root (parser), base);
}

static gboolean
has_issue (GPtrArray  *issues,
           const char *code,
           const char *resource)
{
  for (guint i = 0; i < issues->len; i++)
    {
      AltoscopeIrdIssue *issue = issues->pdata[i];
      if (g_str_equal (issue->code, code) && g_strcmp0 (issue->resource, resource) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_rfc7285_example (void)
{
  g_autoptr(AltoscopeIrd) ird = parse_fixture ("rfc7285-ird.json", "https://alto.example.com/ird");
  AltoscopeIrdResource *cost = NULL;

  for (guint i = 0; i < ird->errors->len; i++)
    g_test_message ("error: %s", ((AltoscopeIrdIssue *) ird->errors->pdata[i])->message);
  g_assert_true (altoscope_ird_is_valid (ird));
  g_assert_cmpuint (ird->resources->len, ==, 8);
  g_assert_cmpstr (ird->default_network_map, ==, "my-default-network-map");
  g_assert_cmpuint (g_strv_length (ird->cost_type_names), ==, 4);
  for (guint i = 0; i < ird->resources->len; i++)
    {
      AltoscopeIrdResource *r = ird->resources->pdata[i];
      if (g_str_equal (r->id, "numerical-routing-cost-map"))
        cost = r;
    }
  g_assert_nonnull (cost);
  g_assert_cmpstr (cost->uri, ==, "https://alto.example.com/costmap/num/routingcost");
  g_assert_cmpstr (cost->kind, ==, "cost-map");
  g_assert_cmpstrv (cost->cost_types, ((const char *[]) { "num-routing", NULL }));
  g_assert_true (has_issue (ird->warnings, "nested-directory", "custom-maps-resources"));
  g_assert_false (has_issue (ird->warnings, "unused-cost-type", "ord-hop"));
}

static void
test_dangling_uses_and_unknown_cost_type (void)
{
  g_autoptr(AltoscopeIrd) ird = parse_fixture ("dangling-uses.json", "http://alto.example/ird");

  g_assert_false (altoscope_ird_is_valid (ird));
  g_assert_true (has_issue (ird->errors, "dangling-uses", "costs"));
  g_assert_true (has_issue (ird->errors, "unknown-cost-type", "costs"));
  g_assert_true (has_issue (ird->warnings, "http", "net"));
}

static void
test_not_a_directory (void)
{
  g_autoptr(AltoscopeIrd) error_doc = parse_fixture ("alto-error.json", NULL);
  g_autoptr(JsonNode) array = json_from_string ("[1, 2]", NULL);
  g_autoptr(AltoscopeIrd) not_object = altoscope_ird_parse (array, NULL);
  g_autoptr(JsonNode) odd = json_from_string ("{\"meta\": {\"cost-types\": {\"x\": 1}}, "
                                              "\"resources\": {\".bad\": {\"uri\": \"/a\", "
                                              "\"media-type\": \"application/alto-costmap+json\","
                                              " \"uses\": \"net\"}}}", NULL);
  g_autoptr(AltoscopeIrd) bad = altoscope_ird_parse (odd, "https://a.example/");

  g_assert_true (has_issue (error_doc->errors, "no-resources", NULL));
  g_assert_true (has_issue (not_object->errors, "not-object", NULL));
  g_assert_true (has_issue (bad->errors, "bad-resource-id", ".bad"));
  g_assert_true (has_issue (bad->errors, "bad-uses", ".bad"));
  g_assert_true (has_issue (bad->errors, "bad-cost-type", "x"));
  g_assert_true (has_issue (bad->warnings, "no-default-network-map", NULL));
}

/* ALTO is spoken over HTTP (RFC 7285 §8): a resource anywhere else breaks
 * the directory, and a check never fetches it. */
static void
test_only_http_resources (void)
{
  g_autoptr(JsonNode) root = json_from_string (
    "{\"meta\": {}, \"resources\": {"
    "\"f\": {\"uri\": \"file:///etc/passwd\", \"media-type\": \"application/alto-directory+json\"},"
    "\"d\": {\"uri\": \"data:,x\", \"media-type\": \"application/alto-networkmap+json\"},"
    "\"ok\": {\"uri\": \"/m\", \"media-type\": \"application/alto-networkmap+json\"}}}", NULL);
  g_autoptr(AltoscopeIrd) ird = altoscope_ird_parse (root, "https://alto.example/ird");

  g_assert_false (altoscope_ird_is_valid (ird));
  g_assert_true (has_issue (ird->errors, "bad-uri", "f"));
  g_assert_true (has_issue (ird->errors, "bad-uri", "d"));
  g_assert_false (has_issue (ird->errors, "bad-uri", "ok"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/ird/rfc7285-example", test_rfc7285_example);
  g_test_add_func ("/core/ird/dangling-uses", test_dangling_uses_and_unknown_cost_type);
  g_test_add_func ("/core/ird/not-a-directory", test_not_a_directory);
  g_test_add_func ("/core/ird/only-http-resources", test_only_http_resources);
  return g_test_run ();
}
