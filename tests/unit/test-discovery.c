/* Unit tests: discovery and ranking (altoscope-discovery*.c) on a scripted
 * transport.  The same rules are tested against real servers in
 * tests/dns/test_discovery.py; these run in milliseconds, without them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "altoscope-discovery.h"
#include "altoscope-target.h"
#include "scripted-transport.h"
#include "test-tmpdir.h"

typedef struct
{
  AltoscopeTarget *target;
} Result;

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Result *r = data;
  r->target = altoscope_discover_finish (result, NULL);
}

/* Runs discovery of @domain on @transport to the end. */
static AltoscopeTarget *
discover (ScriptedTransport *transport,
          AltoscopeBackoff  *backoff,
          const char        *domain)
{
  Result r = { NULL };
  g_autoptr(AltoscopeTarget) target = altoscope_target_new (NULL, NULL, domain,
                                                            ALTOSCOPE_DOMAIN_SOURCE_COMMAND_LINE);

  altoscope_discover_async (ALTOSCOPE_TRANSPORT (transport), backoff, target,
                            ALTOSCOPE_DISCOVERY_NONE, NULL, on_done_cb, &r);
  while (r.target == NULL)
    g_main_context_iteration (NULL, TRUE);
  return r.target;
}

static guint
count_log (ScriptedTransport *t,
           const char        *prefix)
{
  GPtrArray *log = scripted_transport_get_log (t);
  guint n = 0;
  for (guint i = 0; i < log->len; i++)
    if (g_str_has_prefix (log->pdata[i], prefix))
      n++;
  return n;
}

static AltoscopeUri *
uri_at (AltoscopeTarget *t,
        guint            i)
{
  g_assert_cmpuint (i, <, altoscope_target_get_uris (t)->len);
  return altoscope_target_get_uris (t)->pdata[i];
}

static void
test_simple (void)
{
  g_autoptr(ScriptedTransport) t = scripted_transport_new ();
  g_autoptr(AltoscopeTarget) target = NULL;

  scripted_transport_add_naptr (t, "a.test", 100, 20, "u", "ALTO:http",
                                "!.*!http://h2.a.test:8080/ird!", ".");
  scripted_transport_add_naptr (t, "a.test", 100, 10, "u", "ALTO:https",
                                "!.*!https://h1.a.test/ird!", ".");
  scripted_transport_add_address (t, "h1.a.test", "192.0.2.1");
  scripted_transport_add_address (t, "h1.a.test", "2001:db8::1");
  scripted_transport_add_address (t, "h2.a.test", "192.0.2.2");
  target = discover (t, NULL, "a.test");

  g_assert_false (altoscope_target_get_failed (target));
  g_assert_cmpuint (altoscope_target_get_uris (target)->len, ==, 2);
  g_assert_cmpstr (uri_at (target, 0)->uri, ==, "https://h1.a.test/ird");
  g_assert_cmpuint (uri_at (target, 0)->rank, ==, 1);
  g_assert_true (uri_at (target, 0)->eligible && uri_at (target, 1)->eligible);
  g_assert_cmpuint (uri_at (target, 0)->addresses->len, ==, 2);
  g_assert_cmpint (uri_at (target, 1)->port, ==, 8080);
  g_assert_cmpint (altoscope_target_get_dnssec (target), ==, ALTOSCOPE_DNSSEC_SECURE);
  /* The NAPTR question, then all four address questions. */
  g_assert_cmpuint (scripted_transport_get_log (t)->len, ==, 5);
}

/* RFC 3403 §4.1: the lowest order is decided first; a higher order's
 * non-terminal records never take the query budget. */
static void
test_orders_in_turn (void)
{
  g_autoptr(ScriptedTransport) t = scripted_transport_new ();
  g_autoptr(AltoscopeTarget) target = NULL;

  scripted_transport_add_naptr (t, "crowd.test", 10, 10, "", "ALTO:https", "", "hop1.test");
  scripted_transport_add_naptr (t, "hop1.test", 10, 10, "", "ALTO:https", "", "hop2.test");
  scripted_transport_add_naptr (t, "hop2.test", 10, 10, "u", "ALTO:https",
                                "!.*!https://h.test/crowd!", ".");
  scripted_transport_add_address (t, "h.test", "192.0.2.9");
  for (guint i = 0; i < 70; i++)
    {
      g_autofree char *next = g_strdup_printf ("c%u.test", i);
      g_autofree char *re = g_strdup_printf ("!.*!https://h.test/c%u!", i);
      scripted_transport_add_naptr (t, "crowd.test", 20, i, "", "ALTO:https", "", next);
      scripted_transport_add_naptr (t, next, 10, 10, "u", "ALTO:https", re, ".");
    }
  target = discover (t, NULL, "crowd.test");

  g_assert_cmpuint (count_log (t, "NAPTR"), ==, 3);
  g_assert_true (uri_at (target, 0)->eligible);
  g_assert_cmpstr (uri_at (target, 0)->uri, ==, "https://h.test/crowd");
  for (guint i = 1; i < altoscope_target_get_uris (target)->len; i++)
    g_assert_false (uri_at (target, i)->eligible);
}

/* RFC 3958 §2.2.4: when no URI of an order has a host with an address, the
 * next order's URIs are the fallback, and say so. */
static void
test_fallback_without_address (void)
{
  g_autoptr(ScriptedTransport) t = scripted_transport_new ();
  g_autoptr(AltoscopeTarget) target = NULL;
  AltoscopeUri *first;

  scripted_transport_add_naptr (t, "f.test", 10, 10, "u", "ALTO:https",
                                "!.*!https://gone.test/a!", ".");
  scripted_transport_add_naptr (t, "f.test", 20, 10, "u", "ALTO:https",
                                "!.*!https://there.test/b!", ".");
  scripted_transport_add_naptr (t, "f.test", 30, 10, "u", "ALTO:https",
                                "!.*!https://never.test/c!", ".");
  scripted_transport_add_address (t, "there.test", "192.0.2.3");
  scripted_transport_add_address (t, "never.test", "192.0.2.4");
  target = discover (t, NULL, "f.test");

  first = uri_at (target, 0);
  g_assert_cmpstr (first->uri, ==, "https://there.test/b");
  g_assert_true (first->eligible);
  g_assert_cmpint (first->fallback_order, ==, 10);
  g_assert_nonnull (first->fallback_reason);
  g_assert_cmpuint (count_log (t, "A never.test"), ==, 0);
  for (guint i = 1; i < altoscope_target_get_uris (target)->len; i++)
    {
      g_assert_false (uri_at (target, i)->eligible);
      g_assert_nonnull (uri_at (target, i)->note);
    }
}

static void
test_loop_and_limits (void)
{
  g_autoptr(ScriptedTransport) t = scripted_transport_new ();
  g_autoptr(AltoscopeTarget) loop = NULL;
  g_autoptr(AltoscopeTarget) fan = NULL;

  scripted_transport_add_naptr (t, "l1.test", 10, 10, "", "ALTO:https", "", "l2.test");
  scripted_transport_add_naptr (t, "l2.test", 10, 10, "", "ALTO:https", "", "l1.test");
  loop = discover (t, NULL, "l1.test");
  g_assert_true (altoscope_target_get_failed (loop));
  g_assert_cmpint (altoscope_target_get_error_code (loop), ==, ALTOSCOPE_ERROR_LOOP);

  /* Ten next names at every level: bounded at 64 NAPTR questions. */
  for (guint level = 0; level < 3; level++)
    for (guint i = 0; i < 10; i++)
      {
        g_autofree char *owner = level == 0 ? g_strdup ("fan.test")
                                            : g_strdup_printf ("n%u-%u.test", level - 1, i);
        for (guint j = 0; j < 10; j++)
          {
            g_autofree char *next = g_strdup_printf ("n%u-%u.test", level, j);
            if (level == 0 && i > 0)
              break;
            scripted_transport_add_naptr (t, owner, 10, j, "", "ALTO:https", "", next);
          }
      }
  fan = discover (t, NULL, "fan.test");
  g_assert_cmpuint (count_log (t, "NAPTR n") + count_log (t, "NAPTR fan"), <=, 64);
}

static void
test_flood_is_bounded (void)
{
  g_autoptr(ScriptedTransport) t = scripted_transport_new ();
  g_autoptr(AltoscopeTarget) target = NULL;

  for (guint i = 0; i < 600; i++)
    {
      g_autofree char *re = g_strdup_printf ("!.*!https://192.0.2.1/f%u!", i);
      scripted_transport_add_naptr (t, "flood.test", 100, i, "u", "ALTO:https", re, ".");
    }
  target = discover (t, NULL, "flood.test");
  g_assert_cmpuint (altoscope_target_get_uris (target)->len, ==, ALTOSCOPE_MAX_URIS);
  g_assert_cmpuint (altoscope_target_get_uris_total (target), ==, 600);
  g_assert_cmpuint (altoscope_target_get_records_total (target), ==, 600);
  g_assert_cmpuint (altoscope_target_get_records (target)->len, ==, ALTOSCOPE_MAX_URIS);
}

/* A failed lookup is remembered, and the next run inside the wait sends
 * nothing (RFC 7286 §3.2). */
static void
test_failure_is_remembered (void)
{
  g_autoptr(ScriptedTransport) t = scripted_transport_new ();
  g_autofree char *dir = test_tmpdir_new ("altoscope-discovery-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "retry.ini", NULL);
  g_autoptr(AltoscopeBackoff) backoff = altoscope_backoff_new (path);
  g_autoptr(AltoscopeTarget) first = NULL;
  g_autoptr(AltoscopeTarget) second = NULL;

  scripted_transport_set_negative_ttl (t, 90);
  first = discover (t, backoff, "missing.test");
  g_assert_cmpint (altoscope_target_get_error_code (first), ==, ALTOSCOPE_ERROR_NXDOMAIN);
  g_assert_cmpfloat (altoscope_target_get_retry_after (first), ==, 90);
  second = discover (t, backoff, "missing.test");
  g_assert_cmpint (altoscope_target_get_error_code (second), ==, ALTOSCOPE_ERROR_RETRY_WAIT);
  {
    AltoscopeErrorCode previous = ALTOSCOPE_ERROR_INTERNAL;
    g_assert_true (altoscope_target_get_previous_code (second, &previous));
    g_assert_cmpint (previous, ==, ALTOSCOPE_ERROR_NXDOMAIN);
  }
  g_assert_cmpuint (scripted_transport_get_log (t)->len, ==, 1);
  altoscope_backoff_flush (backoff);
  g_remove (path);
}

static void
test_timeout (void)
{
  g_autoptr(ScriptedTransport) t = scripted_transport_new ();
  g_autoptr(AltoscopeTarget) target = NULL;

  scripted_transport_set_silent (t, "quiet.test");
  target = discover (t, NULL, "quiet.test");
  g_assert_cmpint (altoscope_target_get_error_code (target), ==, ALTOSCOPE_ERROR_TIMEOUT);
  g_assert_cmpint (altoscope_target_get_dnssec (target), ==, ALTOSCOPE_DNSSEC_INDETERMINATE);
}

/* The trace line of an answer, found by its beginning. */
static const char *
trace_line (AltoscopeTarget *target,
            const char      *prefix)
{
  GArray *trace = altoscope_target_get_trace (target);

  for (guint i = 0; i < trace->len; i++)
    {
      const AltoscopeTraceEvent *ev = &g_array_index (trace, AltoscopeTraceEvent, i);
      if (g_str_equal (ev->event, "answer") && g_str_has_prefix (ev->detail, prefix))
        return ev->detail;
    }
  g_assert_not_reached ();
}

/* A NOERROR answer with no record of the type asked says NODATA, and a
 * count counts records of that type only: the SOA a negative answer
 * carries in its authority section is none of them. */
static void
test_trace_nodata (void)
{
  g_autoptr(ScriptedTransport) t = scripted_transport_new ();
  g_autoptr(AltoscopeTarget) target = NULL;

  scripted_transport_add_naptr (t, "n.test", 100, 10, "u", "ALTO:https",
                                "!.*!https://v4only.n.test/ird!", ".");
  scripted_transport_add_naptr (t, "n.test", 100, 20, "u", "ALTO:https",
                                "!.*!https://gone.n.test/ird!", ".");
  scripted_transport_add_address (t, "v4only.n.test", "192.0.2.1");
  target = discover (t, NULL, "n.test");

  g_assert_true (g_str_has_prefix (trace_line (target, "NAPTR for “n.test”"),
                                   "NAPTR for “n.test”: NOERROR, 2 records, DNSSEC secure ("));
  g_assert_true (g_str_has_prefix (trace_line (target, "A for “v4only.n.test”"),
                                   "A for “v4only.n.test”: NOERROR, 1 records, DNSSEC secure ("));
  g_assert_true (g_str_has_prefix (trace_line (target, "AAAA for “v4only.n.test”"),
                                   "AAAA for “v4only.n.test”: no AAAA record (NODATA), "
                                   "DNSSEC secure ("));
  g_assert_true (g_str_has_prefix (trace_line (target, "A for “gone.n.test”"),
                                   "A for “gone.n.test”: NXDOMAIN, 0 records, DNSSEC secure ("));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/discovery/simple", test_simple);
  g_test_add_func ("/core/discovery/orders-in-turn", test_orders_in_turn);
  g_test_add_func ("/core/discovery/fallback-without-address", test_fallback_without_address);
  g_test_add_func ("/core/discovery/loop-and-limits", test_loop_and_limits);
  g_test_add_func ("/core/discovery/flood-is-bounded", test_flood_is_bounded);
  g_test_add_func ("/core/discovery/failure-is-remembered", test_failure_is_remembered);
  g_test_add_func ("/core/discovery/timeout", test_timeout);
  g_test_add_func ("/core/discovery/trace-nodata", test_trace_nodata);
  return g_test_run ();
}
