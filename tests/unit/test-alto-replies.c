/* Unit tests of the readers of an ALTO server's answers
 * (altoscope-alto-replies.c): typed addresses, cost values by mode, EPS,
 * ECS and cost map replies, and hostile shapes of each.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "altoscope-alto-replies.h"
#include "altoscope-json.h"

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root = altoscope_json_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  return root;
}

static void
test_typed_addresses (void)
{
  static const struct { const char *text; const char *canonical; } cases[] = {
    { "ipv4:192.0.2.1", "ipv4:192.0.2.1" },
    { "ipv6:2001:DB8:0:0::1", "ipv6:2001:db8::1" },
    { "ipv6:::ffff:192.0.2.1", "ipv6:::ffff:192.0.2.1" },
    { "ipv4:2001:db8::1", NULL },     /* the type must fit the address */
    { "ipv6:192.0.2.1", NULL },
    { "ipv6:fe80::1%eth0", NULL },    /* no scope */
    { "IPV4:192.0.2.1", NULL },
    { "192.0.2.1", NULL },
    { "ipv4:", NULL },
    { "ipv4:192.0.2.256", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GInetAddress) a = altoscope_alto_parse_typed_address (cases[i].text);
      g_autofree char *back = a ? altoscope_alto_typed_address (a) : NULL;

      g_assert_cmpstr (back, ==, cases[i].canonical);
    }
}

static void
test_cost_values (void)
{
  static const struct { const char *json; const char *mode; gboolean ok; double value; } cases[] = {
    { "[5]", "numerical", TRUE, 5 },
    { "[2.5]", "numerical", TRUE, 2.5 },
    { "[-1]", "numerical", TRUE, -1 },       /* RFC 7285 sets no sign for numerical */
    { "[3]", "ordinal", TRUE, 3 },
    { "[0]", "ordinal", TRUE, 0 },
    { "[2.5]", "ordinal", FALSE, 0 },        /* a rank is a whole number */
    { "[-1]", "ordinal", FALSE, 0 },
    { "[\"5\"]", "numerical", FALSE, 0 },
    { "[null]", "numerical", FALSE, 0 },
    { "[true]", "ordinal", FALSE, 0 },
    { "[[1]]", "numerical", FALSE, 0 },
    { "[1e999]", "numerical", FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = NULL;
      double v = -42;
      gboolean ok;

      root = altoscope_json_parse (cases[i].json, strlen (cases[i].json), NULL);
      if (root == NULL)
        {
          g_assert_false (cases[i].ok);   /* 1e999: not even JSON json-glib takes */
          continue;
        }
      ok = altoscope_alto_cost_value (json_array_get_element (json_node_get_array (root), 0),
                                      cases[i].mode, &v, &error);
      g_assert_cmpint (ok, ==, cases[i].ok);
      if (ok)
        g_assert_cmpfloat (v, ==, cases[i].value);
      else
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
}

static GPtrArray *
addresses (void)
{
  GPtrArray *a = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (a, g_inet_address_new_from_string ("192.0.2.1"));
  g_ptr_array_add (a, g_inet_address_new_from_string ("2001:db8::1"));
  g_ptr_array_add (a, g_inet_address_new_from_string ("198.51.100.9"));
  return a;
}

static void
free_pids (char **pids,
           guint  n)
{
  for (guint i = 0; i < n; i++)
    g_free (pids[i]);
  g_free (pids);
}

static void
test_endpoint_pids (void)
{
  g_autoptr(GPtrArray) a = addresses ();
  g_autoptr(JsonNode) root = parse (
    "{\"meta\": {\"dependent-vtags\": [{\"resource-id\": \"other\", \"tag\": \"x\"},"
    "                                {\"resource-id\": \"m\", \"tag\": \"v1\"}]},"
    " \"endpoint-properties\": {"
    "   \"ipv4:192.0.2.1\": {\"m.pid\": \"p1\", \"other.pid\": \"zz\"},"
    "   \"ipv6:2001:0db8:0000::0001\": {\"m.pid\": \"p6\"},"
    "   \"ipv4:203.0.113.1\": {\"m.pid\": \"stranger\"}}}");
  g_autoptr(GError) error = NULL;
  char **pids = altoscope_alto_read_endpoint_pids (root, "m.pid", a, &error);
  g_autofree char *vtag = altoscope_alto_dependent_vtag (root, "m");

  g_assert_no_error (error);
  g_assert_cmpstr (pids[0], ==, "p1");
  g_assert_cmpstr (pids[1], ==, "p6");     /* matched as an address, not as text */
  g_assert_null (pids[2]);                 /* left out: in no PID */
  g_assert_cmpstr (vtag, ==, "v1");
  free_pids (pids, a->len);
}

static void
test_endpoint_pids_hostile (void)
{
  static const char *bad[] = {
    "[]",
    "{\"endpoint-properties\": []}",
    "{\"endpoint-properties\": {\"ipv4:192.0.2.1\": {\"m.pid\": 5}}}",
    "{\"endpoint-properties\": {\"ipv4:192.0.2.1\": {\"m.pid\": \"a b\"}}}",
    "{\"endpoint-properties\": {\"ipv4:192.0.2.1\": {\"m.pid\": \"\\u001b[31m\"}}}",
    "{\"endpoint-properties\": {\"ipv4:192.0.2.1\": {\"m.pid\": \"" /* 65 chars */
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}}}",
  };
  g_autoptr(GPtrArray) a = addresses ();

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) root = parse (bad[i]);
      g_autoptr(GError) error = NULL;

      g_assert_null (altoscope_alto_read_endpoint_pids (root, "m.pid", a, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      /* What the server sent is never shown raw. */
      g_assert_null (strchr (error->message, '\033'));
    }
  {
    /* Not an object where one is expected: no PID, no error. */
    g_autoptr(JsonNode) root = parse ("{\"endpoint-properties\": {\"ipv4:192.0.2.1\": 7}}");
    char **pids = altoscope_alto_read_endpoint_pids (root, "m.pid", a, NULL);
    g_assert_nonnull (pids);
    g_assert_null (pids[0]);
    free_pids (pids, a->len);
  }
}

static void
test_costs (void)
{
  g_autoptr(JsonNode) ecs = parse (
    "{\"meta\": {\"cost-type\": {\"cost-mode\": \"ordinal\", \"cost-metric\": \"hopcount\"}},"
    " \"endpoint-cost-map\": {\"ipv4:192.0.2.1\": {\"ipv4:203.0.113.9\": 2,"
    "                                               \"ipv4:203.0.113.10\": 1.5}}}");
  g_autoptr(JsonNode) map = parse (
    "{\"meta\": {\"cost-type\": {\"cost-mode\": \"numerical\", \"cost-metric\": \"routingcost\"}},"
    " \"cost-map\": {\"a\": {\"b\": 12.25, \"c\": \"x\"}}}");
  g_autoptr(GInetAddress) from = g_inet_address_new_from_string ("192.0.2.1");
  g_autoptr(GInetAddress) to = g_inet_address_new_from_string ("203.0.113.9");
  g_autoptr(GInetAddress) half = g_inet_address_new_from_string ("203.0.113.10");
  g_autoptr(GInetAddress) none = g_inet_address_new_from_string ("203.0.113.11");
  g_autoptr(GError) error = NULL;
  double v = 0;

  g_assert_true (altoscope_alto_read_cost_type (ecs, "ordinal", "hopcount", NULL));
  g_assert_false (altoscope_alto_read_cost_type (ecs, "numerical", "hopcount", &error));
  g_assert_nonnull (strstr (error->message, "ordinal hopcount"));
  g_clear_error (&error);
  g_assert_true (altoscope_alto_read_endpoint_cost (ecs, "ordinal", from, to, &v, NULL));
  g_assert_cmpfloat (v, ==, 2);
  g_assert_false (altoscope_alto_read_endpoint_cost (ecs, "ordinal", from, half, &v, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (altoscope_alto_read_endpoint_cost (ecs, "ordinal", from, none, &v, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (altoscope_alto_read_endpoint_cost (ecs, "ordinal", to, from, &v, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (altoscope_alto_read_map_cost (map, "numerical", "a", "b", &v, NULL));
  g_assert_cmpfloat (v, ==, 12.25);
  g_assert_false (altoscope_alto_read_map_cost (map, "numerical", "a", "c", &v, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (altoscope_alto_read_map_cost (map, "numerical", "b", "a", &v, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (altoscope_alto_read_map_cost (ecs, "numerical", "a", "b", &v, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

static void
test_error_code (void)
{
  g_autoptr(JsonNode) good = parse ("{\"meta\": {\"code\": \"E_SYNTAX\", \"field\": \"x\"}}");
  g_autoptr(JsonNode) bad = parse ("{\"meta\": {\"code\": 3}}");
  g_autoptr(JsonNode) none = parse ("[1]");

  g_assert_cmpstr (altoscope_alto_error_code (good), ==, "E_SYNTAX");
  g_assert_null (altoscope_alto_error_code (bad));
  g_assert_null (altoscope_alto_error_code (none));
  g_assert_null (altoscope_alto_error_code (NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/alto-replies/typed-addresses", test_typed_addresses);
  g_test_add_func ("/core/alto-replies/cost-values", test_cost_values);
  g_test_add_func ("/core/alto-replies/endpoint-pids", test_endpoint_pids);
  g_test_add_func ("/core/alto-replies/endpoint-pids-hostile", test_endpoint_pids_hostile);
  g_test_add_func ("/core/alto-replies/costs", test_costs);
  g_test_add_func ("/core/alto-replies/error-code", test_error_code);
  return g_test_run ();
}
