/* Unit tests of the readers of an ALTO server's answers
 * (altoscope-alto-replies.c): typed addresses, cost values by mode, EPS,
 * ECS and cost map replies, and hostile shapes of each.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "altoscope-alto-replies.h"
#include "altoscope-endpoint-query.h"
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
  char **pids = altoscope_alto_read_endpoint_pids (root, "endpoint-properties", "m.pid", a, &error);
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

      g_assert_null (altoscope_alto_read_endpoint_pids (root, "endpoint-properties", "m.pid", a, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      /* What the server sent is never shown raw. */
      g_assert_null (strchr (error->message, '\033'));
    }
  {
    /* Not an object where one is expected: no PID, no error. */
    g_autoptr(JsonNode) root = parse ("{\"endpoint-properties\": {\"ipv4:192.0.2.1\": 7}}");
    char **pids = altoscope_alto_read_endpoint_pids (root, "endpoint-properties", "m.pid", a, NULL);
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

/* One pass indexes the names; the canonical spelling wins a tie. */
static void
test_address_index (void)
{
  g_autoptr(JsonNode) root = parse ("{\"ipv6:2001:DB8::1\": 1, \"ipv6:2001:db8::1\": 2,"
                                    " \"ipv4:192.0.2.1\": 3, \"ipv4:192.0.2.01\": 4,"
                                    " \"pid\": 5, \"ipv6:fe80::1%eth0\": 6}");
  g_autoptr(GHashTable) index = altoscope_alto_address_index (json_node_get_object (root));

  g_assert_cmpuint (g_hash_table_size (index), ==, 2);
  g_assert_cmpint (json_node_get_int (g_hash_table_lookup (index, "ipv6:2001:db8::1")), ==, 2);
  g_assert_cmpint (json_node_get_int (g_hash_table_lookup (index, "ipv4:192.0.2.1")), ==, 3);
}

static void
test_cost_format (void)
{
  static const struct { double v; const char *text; } cases[] = {
    { 5, "5" }, { 25.5, "25.5" }, { 1234567, "1234567" }, { 1234568, "1234568" },
    { 0.1, "0.1" }, { -3, "-3" }, { 1e300, "1e+300" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = altoscope_endpoint_query_format_cost (cases[i].v);
      g_assert_cmpstr (text, ==, cases[i].text);
      g_assert_cmpfloat (g_ascii_strtod (text, NULL), ==, cases[i].v);
    }
}

/* An interface's own addresses: the first 16 usable, never an error. */
static void
test_own_addresses (void)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_auto(GStrv) texts = NULL;
  g_autoptr(GPtrArray) own = NULL;
  g_autofree char *first = NULL;

  g_strv_builder_add (b, "fe80::1/64");          /* link-local: no server places it */
  g_strv_builder_add (b, "not an address");
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *a = g_strdup_printf ("2001:db8::%x/64", i);
      g_strv_builder_add (b, a);
    }
  g_strv_builder_add (b, "2001:db8::0/64");       /* a duplicate */
  texts = g_strv_builder_end (b);
  own = altoscope_endpoint_query_own_addresses ((const char * const *) texts);
  g_assert_cmpuint (own->len, ==, ALTOSCOPE_QUERY_MAX_ADDRESSES);
  first = g_inet_address_to_string (own->pdata[0]);
  g_assert_cmpstr (first, ==, "2001:db8::");
}

/* The ways an answer comes are one list, which the report reader reads
 * back: each one the query may write is there, property-map too. */
static void
test_vias (void)
{
  static const char *written[] = {
    ALTOSCOPE_VIA_ENDPOINT_PROPERTY, ALTOSCOPE_VIA_PROPERTY_MAP, ALTOSCOPE_VIA_NETWORK_MAP,
    ALTOSCOPE_VIA_ENDPOINT_COST, ALTOSCOPE_VIA_COST_MAP,
  };
  guint n = 0;

  while (altoscope_endpoint_query_via_nth (n) != NULL)
    n++;
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (written));
  for (guint i = 0; i < G_N_ELEMENTS (written); i++)
    g_assert_cmpstr (altoscope_endpoint_query_via_intern (written[i]), ==, written[i]);
  g_assert_null (altoscope_endpoint_query_via_intern ("telepathy"));
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
  g_test_add_func ("/core/alto-replies/address-index", test_address_index);
  g_test_add_func ("/core/alto-replies/cost-format", test_cost_format);
  g_test_add_func ("/core/alto-replies/own-addresses", test_own_addresses);
  g_test_add_func ("/core/alto-replies/vias", test_vias);
  return g_test_run ();
}
