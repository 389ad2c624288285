/* Unit tests: an ALTO network map read as untrusted input and an address's
 * PID by the longest matching prefix (altoscope-network-map.c, RFC 7285
 * §11.2.1.6).  The bodies here are also the fuzzer's seeds
 * (tests/fuzz/corpus/network-map).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "altoscope-network-map.h"

#define META "\"meta\": {\"vtag\": {\"resource-id\": \"my-default-network-map\", " \
             "\"tag\": \"da65eca2eb7a10ce8b059740b0b2e3f8eb1d4785\"}}"

static const char overlapping[] =
  "{" META ", \"network-map\": {"
  "  \"PID0\": {\"ipv4\": [\"0.0.0.0/0\"], \"ipv6\": [\"::/0\"]},"
  "  \"net\": {\"ipv4\": [\"192.0.2.0/24\", \"198.51.100.0/25\"]},"
  "  \"upper-half\": {\"ipv4\": [\"192.0.2.128/25\"]},"
  "  \"host.132\": {\"ipv4\": [\"192.0.2.132/32\"]},"
  "  \"v6:site@a_b\": {\"ipv6\": [\"2001:db8::/32\"], \"x-unknown\": 3},"
  "  \"v6-lab\": {\"ipv6\": [\"2001:db8:1::/48\", \"2001:db8:1::/48\"]}"
  "}}";

static const char no_default[] =
  "{" META ", \"network-map\": {"
  "  \"net\": {\"ipv4\": [\"192.0.2.0/24\"], \"ipv6\": [\"2001:db8::/32\"]},"
  "  \"empty\": {}"
  "}}";

static AltoscopeNetworkMap *
parse (const char *text,
       GError    **error)
{
  return altoscope_network_map_parse_text (text, strlen (text), error);
}

static const char *
lookup (AltoscopeNetworkMap *map,
        const char          *address,
        guint               *len)
{
  g_autoptr(GInetAddress) a = g_inet_address_new_from_string (address);

  g_assert_nonnull (a);
  return altoscope_network_map_lookup (map, a, len);
}

static void
test_longest_wins (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeNetworkMap) map = parse (overlapping, &error);
  guint len = 99;

  g_assert_no_error (error);
  g_assert_cmpstr (altoscope_network_map_get_resource_id (map), ==, "my-default-network-map");
  g_assert_cmpstr (altoscope_network_map_get_vtag (map), ==,
                   "da65eca2eb7a10ce8b059740b0b2e3f8eb1d4785");
  g_assert_cmpuint (altoscope_network_map_get_n_pids (map), ==, 6);
  /* the repeated 2001:db8:1::/48 in one PID is counted once */
  g_assert_cmpuint (altoscope_network_map_get_n_prefixes (map), ==, 8);
  g_assert_cmpstr (lookup (map, "192.0.2.132", &len), ==, "host.132");
  g_assert_cmpuint (len, ==, 32);
  g_assert_cmpstr (lookup (map, "192.0.2.133", &len), ==, "upper-half");
  g_assert_cmpuint (len, ==, 25);
  g_assert_cmpstr (lookup (map, "192.0.2.127", &len), ==, "net");
  g_assert_cmpuint (len, ==, 24);
  g_assert_cmpstr (lookup (map, "198.51.100.127", &len), ==, "net");
  g_assert_cmpstr (lookup (map, "198.51.100.128", &len), ==, "PID0");
  g_assert_cmpuint (len, ==, 0);
  g_assert_cmpstr (lookup (map, "255.255.255.255", NULL), ==, "PID0");
  g_assert_cmpstr (lookup (map, "2001:db8:1:2::5", &len), ==, "v6-lab");
  g_assert_cmpuint (len, ==, 48);
  g_assert_cmpstr (lookup (map, "2001:db8:2::1", &len), ==, "v6:site@a_b");
  g_assert_cmpuint (len, ==, 32);
  g_assert_cmpstr (lookup (map, "2001:db9::1", &len), ==, "PID0");
  g_assert_cmpstr (lookup (map, "::", &len), ==, "PID0");
}

static void
test_in_no_pid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeNetworkMap) map = parse (no_default, &error);
  guint len = 7;

  g_assert_no_error (error);
  g_assert_cmpstr (lookup (map, "192.0.2.1", NULL), ==, "net");
  g_assert_null (lookup (map, "192.0.3.1", &len));
  g_assert_cmpuint (len, ==, 7);
  g_assert_null (lookup (map, "2001:db9::1", &len));
  g_assert_null (lookup (map, "::ffff:192.0.2.1", &len));
  g_assert_cmpstr (lookup (map, "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", NULL), ==, "net");
}

/* RFC 4632 §3.1: a prefix is its first bits; those after the length are
 * ignored, not refused. */
static void
test_host_bits_ignored (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeNetworkMap) map = parse ("{" META ", \"network-map\": {"
                                              "\"a\": {\"ipv4\": [\"192.0.2.77/24\"], "
                                              "\"ipv6\": [\"2001:db8::1/64\"]}}}", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (lookup (map, "192.0.2.200", NULL), ==, "a");
  g_assert_cmpstr (lookup (map, "2001:db8::ffff", NULL), ==, "a");
  g_assert_null (lookup (map, "192.0.3.77", NULL));
}

static void
assert_refused (const char *network_map,
                gint        code,
                const char *in_message)
{
  g_autofree char *text = g_strdup_printf ("{" META ", \"network-map\": %s}", network_map);
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeNetworkMap) map = parse (text, &error);

  g_test_message ("%s → %s", network_map, error != NULL ? error->message : "(accepted)");
  g_assert_null (map);
  g_assert_error (error, ALTOSCOPE_NETWORK_MAP_ERROR, code);
  g_assert_nonnull (strstr (error->message, in_message));
}

static void
test_invalid_prefixes (void)
{
  const gint invalid = ALTOSCOPE_NETWORK_MAP_ERROR_INVALID;

  assert_refused ("{\"p\": {\"ipv4\": [\"192.0.2.0/33\"]}}", invalid, "“192.0.2.0/33”");
  assert_refused ("{\"p\": {\"ipv6\": [\"2001:db8::/129\"]}}", invalid, "“2001:db8::/129”");
  assert_refused ("{\"p\": {\"ipv4\": [\"192.0.2/24\"]}}", invalid, "“192.0.2/24”");
  assert_refused ("{\"p\": {\"ipv4\": [\"192.0.2.256/24\"]}}", invalid, "PID “p”");
  assert_refused ("{\"p\": {\"ipv4\": [\"192.0.2.0\"]}}", invalid, "“192.0.2.0”");
  assert_refused ("{\"p\": {\"ipv4\": [\"192.0.2.0/\"]}}", invalid, "ipv4 prefix");
  assert_refused ("{\"p\": {\"ipv4\": [\"192.0.2.0/-1\"]}}", invalid, "ipv4 prefix");
  assert_refused ("{\"p\": {\"ipv4\": [\"192.0.2.0/+8\"]}}", invalid, "ipv4 prefix");
  assert_refused ("{\"p\": {\"ipv4\": [\"192.0.2.0/0008\"]}}", invalid, "ipv4 prefix");
  assert_refused ("{\"p\": {\"ipv4\": [\"/8\"]}}", invalid, "ipv4 prefix");
  assert_refused ("{\"p\": {\"ipv4\": [\"2001:db8::/32\"]}}", invalid, "ipv4 prefix");
  assert_refused ("{\"p\": {\"ipv6\": [\"192.0.2.0/24\"]}}", invalid, "ipv6 prefix");
  assert_refused ("{\"p\": {\"ipv6\": [\"fe80::1%eth0/64\"]}}", invalid, "ipv6 prefix");
  assert_refused ("{\"p\": {\"ipv4\": [24]}}", invalid, "PID “p”");
  assert_refused ("{\"p\": {\"ipv4\": \"192.0.2.0/24\"}}", invalid, "not a list");
  assert_refused ("{\"p\": [\"192.0.2.0/24\"]}", invalid, "PID “p”");
  assert_refused ("{\"a\": {\"ipv4\": [\"192.0.2.0/24\"]}, \"b\": {\"ipv4\": [\"192.0.2.9/24\"]}}",
                  invalid, "“192.0.2.0/24” is in both PID “a” and PID “b”");
}

static void
test_invalid_pid_names (void)
{
  const gint invalid = ALTOSCOPE_NETWORK_MAP_ERROR_INVALID;
  g_autofree char *long_name = g_strnfill (65, 'a');
  g_autofree char *too_long = g_strdup_printf ("{\"%s\": {}}", long_name);
  g_autofree char *max_name = g_strnfill (64, 'a');
  g_autofree char *longest = g_strdup_printf ("{" META ", \"network-map\": {\"%s\": {}}}",
                                              max_name);
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeNetworkMap) map = parse (longest, &error);

  g_assert_no_error (error);
  assert_refused ("{\"\": {}}", invalid, "PID name");
  assert_refused (too_long, invalid, "PID name");
  assert_refused ("{\"a b\": {}}", invalid, "“a b”");
  assert_refused ("{\"pid/1\": {}}", invalid, "PID name");
  assert_refused ("{\"p\\u00e9\": {}}", invalid, "PID name");
}

static void
test_invalid_meta (void)
{
  const char *bodies[] = {
    "[]", "{\"network-map\": {}}",
    "{\"meta\": {}, \"network-map\": {}}",
    "{\"meta\": {\"vtag\": {\"resource-id\": \"m\"}}, \"network-map\": {}}",
    "{\"meta\": {\"vtag\": {\"resource-id\": \".m\", \"tag\": \"1\"}}, \"network-map\": {}}",
    "{\"meta\": {\"vtag\": {\"resource-id\": \"m\", \"tag\": \"a b\"}}, \"network-map\": {}}",
    "{" META "}", "{" META ", \"network-map\": []}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AltoscopeNetworkMap) map = parse (bodies[i], &error);
      g_assert_null (map);
      g_assert_error (error, ALTOSCOPE_NETWORK_MAP_ERROR, ALTOSCOPE_NETWORK_MAP_ERROR_INVALID);
    }
  {
    g_autoptr(GError) error = NULL;
    g_assert_null (altoscope_network_map_parse_text ("", 0, &error));
    g_assert_nonnull (error);
  }
}

/* A network map of @n_pids PIDs, each with @per_pid IPv4 /24s (counting up
 * from 10.0.0.0) and one IPv6 /48. */
static char *
big_map (guint n_pids,
         guint per_pid)
{
  GString *s = g_string_new ("{" META ", \"network-map\": {");
  guint n = 0;

  for (guint p = 0; p < n_pids; p++)
    {
      g_string_append_printf (s, "%s\"pid%u\": {\"ipv4\": [", p > 0 ? ", " : "", p);
      for (guint i = 0; i < per_pid; i++, n++)
        g_string_append_printf (s, "%s\"%u.%u.%u.0/24\"", i > 0 ? ", " : "",
                                10 + (n >> 16), (n >> 8) & 0xff, n & 0xff);
      g_string_append_printf (s, "], \"ipv6\": [\"2001:db8:%x::/48\"]}", p);
    }
  g_string_append (s, "}}");
  return g_string_free (s, FALSE);
}

static void
test_bounds (void)
{
  g_autofree char *too_many_pids = big_map (ALTOSCOPE_NETWORK_MAP_MAX_PIDS + 1, 0);
  g_autofree char *too_many_prefixes = big_map (1000, 100);   /* 101 000 with the /48s */
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeNetworkMap) map = NULL;

  map = parse (too_many_pids, &error);
  g_assert_null (map);
  g_assert_error (error, ALTOSCOPE_NETWORK_MAP_ERROR, ALTOSCOPE_NETWORK_MAP_ERROR_TOO_LARGE);
  g_clear_error (&error);
  map = parse (too_many_prefixes, &error);
  g_assert_null (map);
  g_assert_error (error, ALTOSCOPE_NETWORK_MAP_ERROR, ALTOSCOPE_NETWORK_MAP_ERROR_TOO_LARGE);
}

static void
test_large_map_is_fast (void)
{
  /* 10 000 PIDs, 9 /24s and one /48 each: exactly the prefix bound. */
  g_autofree char *text = big_map (ALTOSCOPE_NETWORK_MAP_MAX_PIDS, 9);
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(AltoscopeNetworkMap) map = parse (text, &error);
  gint64 parsed = g_get_monotonic_time ();
  guint found = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (altoscope_network_map_get_n_prefixes (map), ==,
                    ALTOSCOPE_NETWORK_MAP_MAX_PREFIXES);
  for (guint i = 0; i < 100000; i++)
    {
      guint n = (i * 7919) % 100000;   /* one /24 in ten is in no PID */
      guint8 bytes[4] = { 10 + (n >> 16), (n >> 8) & 0xff, n & 0xff, i & 0xff };
      g_autoptr(GInetAddress) a = g_inet_address_new_from_bytes (bytes, G_SOCKET_FAMILY_IPV4);
      const char *pid = altoscope_network_map_lookup (map, a, NULL);
      if (pid != NULL)
        found++;
    }
  g_test_message ("%zu bytes parsed in %.1f ms; 100 000 lookups (%u found) in %.1f ms",
                  strlen (text), (parsed - start) / 1000.0, found,
                  (g_get_monotonic_time () - parsed) / 1000.0);
  g_assert_cmpuint (found, ==, 90000);
  g_assert_cmpstr (lookup (map, "10.0.0.5", NULL), ==, "pid0");
  g_assert_cmpstr (lookup (map, "11.95.135.1", NULL), ==, "pid9999");
  g_assert_cmpstr (lookup (map, "2001:db8:270f::1", NULL), ==, "pid9999");
  /* generous: a scan per prefix would take minutes, not seconds */
  g_assert_cmpint (g_get_monotonic_time () - parsed, <, 10 * G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/network-map/longest-wins", test_longest_wins);
  g_test_add_func ("/core/network-map/in-no-pid", test_in_no_pid);
  g_test_add_func ("/core/network-map/host-bits-ignored", test_host_bits_ignored);
  g_test_add_func ("/core/network-map/invalid-prefixes", test_invalid_prefixes);
  g_test_add_func ("/core/network-map/invalid-pid-names", test_invalid_pid_names);
  g_test_add_func ("/core/network-map/invalid-meta", test_invalid_meta);
  g_test_add_func ("/core/network-map/bounds", test_bounds);
  g_test_add_func ("/core/network-map/large-map-is-fast", test_large_map_is_fast);
  return g_test_run ();
}
