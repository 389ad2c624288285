/* Unit tests: RFC 8686's reverse names for an address or prefix, and the
 * procedure over them (with a scripted transport)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <gio/gio.h>

#include "altoscope-cross-domain.h"
#include "altoscope-error.h"
#include "altoscope-reverse-names.h"
#include "altoscope-target-private.h"
#include "scripted-transport.h"

#define V6_2001_DB8_1_2 "2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa."

/* "LEN NAME" for each name, joined by "|". */
static char *
summary (GArray *names)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < names->len; i++)
    {
      AltoscopeReverseName *n = &g_array_index (names, AltoscopeReverseName, i);
      g_assert_cmpint (n->outcome, ==, ALTOSCOPE_REVERSE_OUTCOME_NOT_TRIED);
      g_string_append_printf (s, "%s%u %s", i ? "|" : "", n->prefix_len, n->name);
    }
  return g_string_free (s, FALSE);
}

static void
check_names (const char *input,
             const char *normalized,
             const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *norm = NULL;
  g_autoptr(GArray) names = altoscope_reverse_names_new (input, &norm, &error);
  g_autofree char *got = NULL;

  g_assert_no_error (error);
  got = summary (names);
  g_assert_cmpstr (got, ==, expected);
  g_assert_cmpstr (norm, ==, normalized);
}

static void
test_ipv4 (void)
{
  check_names ("192.0.2.10", "192.0.2.10/32",
               "32 10.2.0.192.in-addr.arpa.|24 2.0.192.in-addr.arpa.|16 0.192.in-addr.arpa."
               "|8 192.in-addr.arpa.");
  check_names ("  198.51.100.255/32 ", "198.51.100.255/32",
               "32 255.100.51.198.in-addr.arpa.|24 100.51.198.in-addr.arpa."
               "|16 51.198.in-addr.arpa.|8 198.in-addr.arpa.");
  check_names ("0.0.0.0", "0.0.0.0/32",
               "32 0.0.0.0.in-addr.arpa.|24 0.0.0.in-addr.arpa.|16 0.0.in-addr.arpa."
               "|8 0.in-addr.arpa.");
}

/* A prefix starts at the longest length of the series not longer than it. */
static void
test_ipv4_prefix (void)
{
  check_names ("192.0.2.0/24", "192.0.2.0/24",
               "24 2.0.192.in-addr.arpa.|16 0.192.in-addr.arpa.|8 192.in-addr.arpa.");
  check_names ("192.0.2.128/25", "192.0.2.128/25",
               "24 2.0.192.in-addr.arpa.|16 0.192.in-addr.arpa.|8 192.in-addr.arpa.");
  check_names ("192.0.2.4/31", "192.0.2.4/31",
               "24 2.0.192.in-addr.arpa.|16 0.192.in-addr.arpa.|8 192.in-addr.arpa.");
  check_names ("198.51.0.0/23", "198.51.0.0/23",
               "16 51.198.in-addr.arpa.|8 198.in-addr.arpa.");
  check_names ("198.51.0.0/16", "198.51.0.0/16", "16 51.198.in-addr.arpa.|8 198.in-addr.arpa.");
  check_names ("10.0.0.0/9", "10.0.0.0/9", "8 10.in-addr.arpa.");
  check_names ("10.0.0.0/8", "10.0.0.0/8", "8 10.in-addr.arpa.");
}

static void
test_ipv6 (void)
{
  check_names ("2001:db8:1:2::10", "2001:db8:1:2::10/128",
               "128 0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0." V6_2001_DB8_1_2
               "|64 " V6_2001_DB8_1_2
               "|56 0.0.1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa."
               "|48 1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa."
               "|32 8.b.d.0.1.0.0.2.ip6.arpa.");
  /* Upper case and the full form read the same. */
  check_names ("2001:0DB8:0001:0002:0000:0000:0000:0010", "2001:db8:1:2::10/128",
               "128 0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0." V6_2001_DB8_1_2
               "|64 " V6_2001_DB8_1_2
               "|56 0.0.1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa."
               "|48 1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa."
               "|32 8.b.d.0.1.0.0.2.ip6.arpa.");
}

static void
test_ipv6_prefix (void)
{
  check_names ("2001:db8:1:2::/64", "2001:db8:1:2::/64",
               "64 " V6_2001_DB8_1_2
               "|56 0.0.1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa."
               "|48 1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa."
               "|32 8.b.d.0.1.0.0.2.ip6.arpa.");
  check_names ("2001:db8:1:2:8000::/65", "2001:db8:1:2:8000::/65",
               "64 " V6_2001_DB8_1_2
               "|56 0.0.1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa."
               "|48 1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa."
               "|32 8.b.d.0.1.0.0.2.ip6.arpa.");
  check_names ("2001:db8:1::/60", "2001:db8:1::/60",
               "56 0.0.1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa."
               "|48 1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa."
               "|32 8.b.d.0.1.0.0.2.ip6.arpa.");
  check_names ("2001:db8:1::/48", "2001:db8:1::/48",
               "48 1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.|32 8.b.d.0.1.0.0.2.ip6.arpa.");
  check_names ("2001:db8::/47", "2001:db8::/47", "32 8.b.d.0.1.0.0.2.ip6.arpa.");
  check_names ("2001:db8::/32", "2001:db8::/32", "32 8.b.d.0.1.0.0.2.ip6.arpa.");
  check_names ("2001:db8::2/127", "2001:db8::2/127",
               "64 0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa."
               "|56 0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa."
               "|48 0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.|32 8.b.d.0.1.0.0.2.ip6.arpa.");
}

static void
test_invalid (void)
{
  /* Bad text, lengths out of range or unreadable, host bits after LEN, a
   * zone, and prefixes shorter than the shortest name of their family. */
  const char *bad[] = { "", "   ", "example.net", "192.0.2", "192.0.2.256", "192.0.2.010",
                        "192.0.2.1.", "1.2.3.4.5", "0x7f.0.0.1", "192.0.2.1/", "192.0.2.1/33",
                        "192.0.2.0/024", "192.0.2.0/-1", "192.0.2.0/+24", "192.0.2.0/24x",
                        "192.0.2.0/24/24", "192.0.2.0 /24", "192.0.2.1/24", "192.0.2.128/24",
                        "10.0.0.0/7", "0.0.0.0/0", "2001:db8::/129", "2001:db8::1/64",
                        "2001:db8::/31", "::/0", "fe80::1%eth0", "2001:db8:::1", "gggg::1",
                        "192.0.2.1\n5", "192.0.2.1\x01", "[2001:db8::1]",
                        "192.0.2.0/99999999999999999999" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *norm = NULL;
      g_autoptr(GArray) names = altoscope_reverse_names_new (bad[i], &norm, &error);

      if (names != NULL)
        g_error ("“%s” was accepted", bad[i]);
      g_assert_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT);
      g_assert_null (norm);
      g_assert_nonnull (error->message);
    }
}

/* The message names the prefix that was probably meant. */
static void
test_host_bits_message (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) names = altoscope_reverse_names_new ("192.0.2.77/24", NULL, &error);

  g_assert_null (names);
  g_assert_nonnull (strstr (error->message, "192.0.2.0/24"));
}

/* ---- the procedure, on a scripted transport ------------------------------ */

typedef struct
{
  AltoscopeTarget *target;
  GError *error;
  gboolean done;
} Result;

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Result *r = data;

  r->target = altoscope_discover_address_finish (result, &r->error);
  r->done = TRUE;
}

static AltoscopeTarget *
discover_address (ScriptedTransport *transport,
                  const char        *address)
{
  Result r = { NULL, NULL, FALSE };

  altoscope_discover_address_async (ALTOSCOPE_TRANSPORT (transport), NULL, address,
                                    ALTOSCOPE_DISCOVERY_NONE, NULL, on_done_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (r.error);
  return r.target;
}

/* "OUTCOME[:ERROR]" of each name, joined by "|". */
static char *
outcomes (AltoscopeTarget *target)
{
  GArray *names = altoscope_target_get_reverse_names (target);
  GString *s = g_string_new (NULL);

  g_assert_nonnull (names);
  for (guint i = 0; i < names->len; i++)
    {
      AltoscopeReverseName *n = &g_array_index (names, AltoscopeReverseName, i);
      g_string_append_printf (s, "%s%s", i ? "|" : "", altoscope_reverse_outcome_to_string (n->outcome));
      if (n->error_code != ALTOSCOPE_ERROR_NONE)
        g_string_append_printf (s, ":%s", altoscope_error_code_to_string (n->error_code));
    }
  return g_string_free (s, FALSE);
}

static guint
naptr_queries (ScriptedTransport *t)
{
  GPtrArray *log = scripted_transport_get_log (t);
  guint n = 0;

  for (guint i = 0; i < log->len; i++)
    n += g_str_has_prefix (log->pdata[i], "NAPTR ");
  return n;
}

static void
add_alto (ScriptedTransport *t,
          const char        *owner,
          const char        *uri)
{
  g_autofree char *re = g_strdup_printf ("!.*!%s!", uri);

  scripted_transport_add_naptr (t, owner, 100, 10, "u", "ALTO:https", re, ".");
}

/* NXDOMAIN at /32, NODATA... the first name with ALTO records decides,
 * and nothing after it is asked. */
static void
test_procedure_fallback (void)
{
  g_autoptr(ScriptedTransport) t = scripted_transport_new ();
  g_autoptr(AltoscopeTarget) target = NULL;
  g_autofree char *got = NULL;

  add_alto (t, "2.0.192.in-addr.arpa", "https://192.0.2.1/r24");
  add_alto (t, "0.192.in-addr.arpa", "https://192.0.2.1/r16");
  target = discover_address (t, "192.0.2.10");
  got = outcomes (target);
  g_assert_cmpstr (got, ==, "no-records:nxdomain|answered|not-tried|not-tried");
  g_assert_cmpstr (altoscope_target_get_domain (target), ==, "2.0.192.in-addr.arpa.");
  g_assert_cmpint (altoscope_target_get_source (target), ==, ALTOSCOPE_DOMAIN_SOURCE_RFC8686);
  g_assert_cmpstr (altoscope_target_get_domain_source (target), ==, "rfc8686");
  g_assert_cmpstr (altoscope_target_get_reverse_address (target), ==, "192.0.2.10/32");
  g_assert_cmpuint (altoscope_target_count_uris (target), ==, 1);
  g_assert_cmpuint (naptr_queries (t), ==, 2);
}

/* A name with NAPTR records, none for ALTO, and one with none at all: both
 * are "nothing there". */
static void
test_procedure_no_alto_records (void)
{
  g_autoptr(ScriptedTransport) t = scripted_transport_new ();
  g_autoptr(AltoscopeTarget) target = NULL;
  g_autofree char *got = NULL;

  scripted_transport_add_naptr (t, "5.2.0.192.in-addr.arpa", 100, 10, "u", "E2U+sip",
                                "!.*!sip:x@example.net!", ".");
  scripted_transport_add_address (t, "2.0.192.in-addr.arpa", "192.0.2.1");
  add_alto (t, "0.192.in-addr.arpa", "https://192.0.2.1/r16");
  target = discover_address (t, "192.0.2.5");
  got = outcomes (target);
  g_assert_cmpstr (got, ==, "no-records:no-alto-records|no-records:nodata|answered|not-tried");
  g_assert_cmpstr (altoscope_target_get_domain (target), ==, "0.192.in-addr.arpa.");
}

/* Any failure but "nothing there" stops: the shorter name, which has
 * records, is never asked (RFC 8686 §3.5). */
static void
test_procedure_failure_stops (void)
{
  g_autoptr(ScriptedTransport) t = scripted_transport_new ();
  g_autoptr(AltoscopeTarget) target = NULL;
  g_autofree char *got = NULL;

  scripted_transport_set_rcode (t, V6_2001_DB8_1_2, 35 /* NAPTR */, 2 /* SERVFAIL */);
  add_alto (t, "0.0.1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", "https://192.0.2.1/r56");
  target = discover_address (t, "2001:db8:1:2::/64");
  got = outcomes (target);
  g_assert_cmpstr (got, ==, "failed:servfail|not-tried|not-tried|not-tried");
  g_assert_true (altoscope_target_get_failed (target));
  g_assert_cmpint (altoscope_target_get_error_code (target), ==, ALTOSCOPE_ERROR_SERVFAIL);
  g_assert_cmpuint (altoscope_target_count_uris (target), ==, 0);
}

/* No name has records: every one tried, the result is the last name's. */
static void
test_procedure_nothing_anywhere (void)
{
  g_autoptr(ScriptedTransport) t = scripted_transport_new ();
  g_autoptr(AltoscopeTarget) target = discover_address (t, "198.51.100.0/24");
  g_autofree char *got = outcomes (target);

  g_assert_cmpstr (got, ==, "no-records:nxdomain|no-records:nxdomain|no-records:nxdomain");
  g_assert_cmpstr (altoscope_target_get_domain (target), ==, "198.in-addr.arpa.");
  g_assert_cmpint (altoscope_target_get_error_code (target), ==, ALTOSCOPE_ERROR_NXDOMAIN);
}

static void
test_procedure_invalid (void)
{
  g_autoptr(ScriptedTransport) t = scripted_transport_new ();
  Result r = { NULL, NULL, FALSE };

  altoscope_discover_address_async (ALTOSCOPE_TRANSPORT (t), NULL, "192.0.2.1/24",
                                    ALTOSCOPE_DISCOVERY_NONE, NULL, on_done_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (r.target);
  g_assert_error (r.error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT);
  g_assert_cmpuint (scripted_transport_get_log (t)->len, ==, 0);
  g_clear_error (&r.error);
}

/* A name inside its wait before retrying counts as what it last was. */
static void
test_outcome_remembered (void)
{
  const struct { AltoscopeErrorCode previous; AltoscopeReverseOutcome expected; } cases[] = {
    { ALTOSCOPE_ERROR_NXDOMAIN, ALTOSCOPE_REVERSE_OUTCOME_NO_RECORDS },
    { ALTOSCOPE_ERROR_NODATA, ALTOSCOPE_REVERSE_OUTCOME_NO_RECORDS },
    { ALTOSCOPE_ERROR_NO_ALTO_RECORDS, ALTOSCOPE_REVERSE_OUTCOME_NO_RECORDS },
    { ALTOSCOPE_ERROR_TIMEOUT, ALTOSCOPE_REVERSE_OUTCOME_FAILED },
    { ALTOSCOPE_ERROR_BOGUS, ALTOSCOPE_REVERSE_OUTCOME_FAILED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(AltoscopeTarget) t = altoscope_target_new (NULL, NULL, "1.in-addr.arpa.",
                                                           ALTOSCOPE_DOMAIN_SOURCE_RFC8686);
      gboolean remembered = FALSE;

      altoscope_target_set_failure (t, ALTOSCOPE_ERROR_RETRY_WAIT, "retry-wait", "wait");
      _altoscope_target_set_previous (t, cases[i].previous);
      g_assert_cmpint (altoscope_cross_domain_outcome (t, &remembered), ==, cases[i].expected);
      g_assert_true (remembered);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/reverse-names/ipv4", test_ipv4);
  g_test_add_func ("/core/reverse-names/ipv4-prefix", test_ipv4_prefix);
  g_test_add_func ("/core/reverse-names/ipv6", test_ipv6);
  g_test_add_func ("/core/reverse-names/ipv6-prefix", test_ipv6_prefix);
  g_test_add_func ("/core/reverse-names/invalid", test_invalid);
  g_test_add_func ("/core/reverse-names/host-bits-message", test_host_bits_message);
  g_test_add_func ("/core/cross-domain/fallback", test_procedure_fallback);
  g_test_add_func ("/core/cross-domain/no-alto-records", test_procedure_no_alto_records);
  g_test_add_func ("/core/cross-domain/failure-stops", test_procedure_failure_stops);
  g_test_add_func ("/core/cross-domain/nothing-anywhere", test_procedure_nothing_anywhere);
  g_test_add_func ("/core/cross-domain/invalid", test_procedure_invalid);
  g_test_add_func ("/core/cross-domain/outcome-remembered", test_outcome_remembered);
  return g_test_run ();
}
