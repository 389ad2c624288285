/* Unit tests: both DNSSEC views of a discovery (issue 17) on a scripted
 * transport that answers as the validating one would: the proved status
 * used, the resolver's claim beside it, the dnssec-mismatch warning when
 * they contradict each other, and the caveat about the path to the
 * resolver only when Altoscope did not prove an answer.  The real
 * validator is tested against the DNS lab in tests/dns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "altoscope-discovery.h"
#include "altoscope-report.h"
#include "altoscope-target.h"
#include "altoscope-validator.h"
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

static AltoscopeTarget *
discover (ScriptedTransport *transport,
          const char        *domain)
{
  Result r = { NULL };
  g_autoptr(AltoscopeTarget) target = altoscope_target_new (NULL, NULL, domain,
                                                            ALTOSCOPE_DOMAIN_SOURCE_COMMAND_LINE);

  altoscope_discover_async (ALTOSCOPE_TRANSPORT (transport), NULL, target,
                            ALTOSCOPE_DISCOVERY_NONE, NULL, on_done_cb, &r);
  while (r.target == NULL)
    g_main_context_iteration (NULL, TRUE);
  return r.target;
}

/* a.test: one URI, its host with one address. */
static ScriptedTransport *
simple_transport (void)
{
  ScriptedTransport *t = scripted_transport_new ();

  scripted_transport_add_naptr (t, "a.test", 100, 10, "u", "ALTO:https",
                                "!.*!https://h1.a.test/ird!", ".");
  scripted_transport_add_address (t, "h1.a.test", "192.0.2.1");
  return t;
}

/* Every answer of a.test proved as @proved, claimed as @claimed. */
static void
prove_all (ScriptedTransport *t,
           AltoscopeDnssec    claimed,
           AltoscopeDnssec    proved)
{
  scripted_transport_set_proof (t, "a.test", ALTOSCOPE_DNS_TYPE_NAPTR, claimed, proved);
  scripted_transport_set_proof (t, "h1.a.test", ALTOSCOPE_DNS_TYPE_A, claimed, proved);
  scripted_transport_set_proof (t, "h1.a.test", ALTOSCOPE_DNS_TYPE_AAAA, claimed, proved);
}

/* The index of the first warning with @code, or -1. */
static int
find_warning (AltoscopeTarget *target,
              const char      *code)
{
  GArray *warnings = altoscope_target_get_warnings (target);

  for (guint i = 0; i < warnings->len; i++)
    if (g_strcmp0 (g_array_index (warnings, AltoscopeWarning, i).code, code) == 0)
      return i;
  return -1;
}

static guint
count_warnings (AltoscopeTarget *target,
                const char      *code)
{
  GArray *warnings = altoscope_target_get_warnings (target);
  guint n = 0;

  for (guint i = 0; i < warnings->len; i++)
    if (g_strcmp0 (g_array_index (warnings, AltoscopeWarning, i).code, code) == 0)
      n++;
  return n;
}

static JsonObject *
first_target_json (AltoscopeTarget *target,
                   JsonNode       **root)
{
  g_autoptr(GPtrArray) targets = g_ptr_array_new ();

  g_ptr_array_add (targets, target);
  *root = altoscope_report_to_json (targets, NULL);
  return json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (*root), "targets"), 0);
}

/* Proved and claimed secure: verified by Altoscope at every level, no
 * mismatch, and no caveat about the path even over the network. */
static void
test_proved_secure (void)
{
  g_autoptr(ScriptedTransport) t = simple_transport ();
  g_autoptr(AltoscopeTarget) target = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) targets = g_ptr_array_new ();
  JsonObject *o;
  AltoscopeUri *uri;

  prove_all (t, ALTOSCOPE_DNSSEC_SECURE, ALTOSCOPE_DNSSEC_SECURE);
  scripted_transport_set_loopback (t, FALSE);
  target = discover (t, "a.test");

  g_assert_cmpuint (altoscope_target_get_uris (target)->len, ==, 1);
  uri = altoscope_target_get_uris (target)->pdata[0];
  g_assert_true (uri->eligible);
  g_assert_cmpint (uri->dnssec, ==, ALTOSCOPE_DNSSEC_SECURE);
  g_assert_cmpint (uri->dnssec_validator, ==, ALTOSCOPE_DNSSEC_VALIDATOR_ALTOSCOPE);
  g_assert_cmpint (uri->resolver_dnssec, ==, ALTOSCOPE_DNSSEC_SECURE);
  g_assert_nonnull (strstr (uri->dnssec_detail, "Altoscope"));
  g_assert_cmpint (altoscope_target_get_dnssec_validator (target), ==,
                   ALTOSCOPE_DNSSEC_VALIDATOR_ALTOSCOPE);
  g_assert_cmpint (find_warning (target, "dnssec-mismatch"), ==, -1);
  g_assert_cmpint (find_warning (target, "resolver-not-loopback"), ==, -1);

  o = first_target_json (target, &root);
  g_assert_cmpstr (json_object_get_string_member (o, "dnssec_validator"), ==, "altoscope");
  g_assert_cmpstr (json_object_get_string_member (o, "resolver_dnssec"), ==, "secure");
  o = json_array_get_object_element (json_object_get_array_member (o, "answers"), 0);
  g_assert_cmpstr (json_object_get_string_member (o, "dnssec_validator"), ==, "altoscope");
  g_assert_cmpstr (json_object_get_string_member (o, "resolver_dnssec"), ==, "secure");

  g_ptr_array_add (targets, target);
  text = altoscope_report_to_text (targets, FALSE);
  g_assert_nonnull (strstr (text, "DNSSEC secure (verified by Altoscope)"));
}

/* The resolver vouches (AD) for a NAPTR answer whose signatures are wrong:
 * bogus is used, the URI is gone, and the mismatch names the answer, in
 * the JSON and first in the text. */
static void
test_claimed_secure_proved_bogus (void)
{
  g_autoptr(ScriptedTransport) t = simple_transport ();
  g_autoptr(AltoscopeTarget) target = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) targets = g_ptr_array_new ();
  g_autofree char *text = NULL;
  JsonObject *o, *answer;
  const char *message;
  int i;

  prove_all (t, ALTOSCOPE_DNSSEC_SECURE, ALTOSCOPE_DNSSEC_SECURE);
  scripted_transport_set_proof (t, "a.test", ALTOSCOPE_DNS_TYPE_NAPTR, ALTOSCOPE_DNSSEC_SECURE,
                                ALTOSCOPE_DNSSEC_BOGUS);
  target = discover (t, "a.test");

  g_assert_true (altoscope_target_get_failed (target));
  g_assert_cmpint (altoscope_target_get_error_code (target), ==, ALTOSCOPE_ERROR_BOGUS);
  g_assert_cmpuint (altoscope_target_get_uris (target)->len, ==, 0);
  g_assert_cmpint (altoscope_target_get_dnssec (target), ==, ALTOSCOPE_DNSSEC_BOGUS);
  g_assert_cmpint (altoscope_target_get_dnssec_validator (target), ==,
                   ALTOSCOPE_DNSSEC_VALIDATOR_ALTOSCOPE);
  g_assert_cmpint (altoscope_target_get_resolver_dnssec (target), ==, ALTOSCOPE_DNSSEC_SECURE);

  i = find_warning (target, "dnssec-mismatch");
  g_assert_cmpint (i, >=, 0);
  g_assert_cmpuint (count_warnings (target, "dnssec-mismatch"), ==, 1);
  g_assert_cmpint (altoscope_target_get_warning_scope (target, i), ==,
                   ALTOSCOPE_WARNING_SCOPE_MISMATCH);
  message = altoscope_target_get_warning_message (target, i);
  g_assert_nonnull (strstr (message, "NAPTR"));
  g_assert_nonnull (strstr (message, "“a.test”"));
  g_assert_nonnull (strstr (message, "signature crypto failed"));

  o = first_target_json (target, &root);
  g_assert_cmpstr (json_object_get_string_member (o, "dnssec"), ==, "bogus");
  g_assert_cmpstr (json_object_get_string_member (o, "resolver_dnssec"), ==, "secure");
  answer = json_array_get_object_element (json_object_get_array_member (o, "answers"), 0);
  g_assert_cmpstr (json_object_get_string_member (answer, "dnssec"), ==, "bogus");
  g_assert_cmpstr (json_object_get_string_member (answer, "resolver_dnssec"), ==, "secure");
  g_assert_cmpstr (json_object_get_string_member (answer, "why_bogus"), ==,
                   "signature crypto failed");

  g_ptr_array_add (targets, target);
  text = altoscope_report_to_text (targets, FALSE);
  g_assert_true (g_str_has_prefix (strstr (text, "\n") + 1, "Resolvers:"));
  g_assert_nonnull (strstr (text, "MISMATCH:  The DNS answers on this network were altered"));
}

/* The reverse: the resolver calls an address answer bogus that Altoscope
 * proves secure.  The proof is used (the URI keeps its address), and the
 * mismatch is said. */
static void
test_claimed_bogus_proved_secure (void)
{
  g_autoptr(ScriptedTransport) t = simple_transport ();
  g_autoptr(AltoscopeTarget) target = NULL;
  AltoscopeUri *uri;
  int i;

  prove_all (t, ALTOSCOPE_DNSSEC_SECURE, ALTOSCOPE_DNSSEC_SECURE);
  scripted_transport_set_proof (t, "h1.a.test", ALTOSCOPE_DNS_TYPE_A, ALTOSCOPE_DNSSEC_BOGUS,
                                ALTOSCOPE_DNSSEC_SECURE);
  target = discover (t, "a.test");

  g_assert_false (altoscope_target_get_failed (target));
  uri = altoscope_target_get_uris (target)->pdata[0];
  g_assert_true (uri->eligible);
  g_assert_cmpuint (uri->addresses->len, ==, 1);
  g_assert_cmpint (uri->dnssec, ==, ALTOSCOPE_DNSSEC_SECURE);
  g_assert_cmpint (uri->resolver_dnssec, ==, ALTOSCOPE_DNSSEC_BOGUS);
  g_assert_cmpint (altoscope_target_get_resolver_dnssec (target), ==, ALTOSCOPE_DNSSEC_BOGUS);
  i = find_warning (target, "dnssec-mismatch");
  g_assert_cmpint (i, >=, 0);
  g_assert_nonnull (strstr (altoscope_target_get_warning_message (target, i),
                            "A answer for “h1.a.test”"));
}

/* Statuses that differ without contradicting each other (the resolver does
 * not validate: indeterminate; Altoscope proves secure) are no mismatch. */
static void
test_no_mismatch_without_contradiction (void)
{
  g_autoptr(ScriptedTransport) t = simple_transport ();
  g_autoptr(AltoscopeTarget) target = NULL;

  prove_all (t, ALTOSCOPE_DNSSEC_INDETERMINATE, ALTOSCOPE_DNSSEC_SECURE);
  target = discover (t, "a.test");
  g_assert_cmpint (find_warning (target, "dnssec-mismatch"), ==, -1);
  g_assert_cmpint (altoscope_target_get_dnssec (target), ==, ALTOSCOPE_DNSSEC_SECURE);
  g_assert_cmpint (altoscope_target_get_resolver_dnssec (target), ==,
                   ALTOSCOPE_DNSSEC_INDETERMINATE);
}

/* One answer on the path not proved: the URI rests on the resolver's word
 * (validator resolver), and over the network the caveat says why
 * Altoscope could not validate. */
static void
test_unproved_answer_keeps_the_caveat (void)
{
  g_autoptr(ScriptedTransport) t = simple_transport ();
  g_autoptr(AltoscopeTarget) target = NULL;
  AltoscopeUri *uri;
  int i;

  scripted_transport_set_proof (t, "a.test", ALTOSCOPE_DNS_TYPE_NAPTR, ALTOSCOPE_DNSSEC_SECURE,
                                ALTOSCOPE_DNSSEC_SECURE);
  scripted_transport_set_validation_failure (t, "the forwarder strips RRSIGs");
  scripted_transport_set_loopback (t, FALSE);
  target = discover (t, "a.test");

  uri = altoscope_target_get_uris (target)->pdata[0];
  g_assert_cmpint (uri->dnssec_validator, ==, ALTOSCOPE_DNSSEC_VALIDATOR_RESOLVER);
  g_assert_cmpint (altoscope_target_get_dnssec_validator (target), ==,
                   ALTOSCOPE_DNSSEC_VALIDATOR_RESOLVER);
  i = find_warning (target, "resolver-not-loopback");
  g_assert_cmpint (i, >=, 0);
  g_assert_nonnull (strstr (altoscope_target_get_warning_message (target, i),
                            "the forwarder strips RRSIGs"));
  g_assert_cmpuint (count_warnings (target, "resolver-not-loopback"), ==, 1);
}

/* The plain path (no validation at all), over the network: the old caveat,
 * once. */
static void
test_plain_path_keeps_the_old_caveat (void)
{
  g_autoptr(ScriptedTransport) t = simple_transport ();
  g_autoptr(AltoscopeTarget) target = NULL;
  int i;

  scripted_transport_set_loopback (t, FALSE);
  target = discover (t, "a.test");
  i = find_warning (target, "resolver-not-loopback");
  g_assert_cmpint (i, >=, 0);
  g_assert_nonnull (strstr (altoscope_target_get_warning_message (target, i),
                            "only as trustworthy as that path"));
  g_assert_cmpint (altoscope_target_get_dnssec_validator (target), ==,
                   ALTOSCOPE_DNSSEC_VALIDATOR_RESOLVER);
}

/* libunbound's why_bogus names what it met on the network: what goes into
 * why_bogus and validation_failure (and so into the JSON report) is valid
 * UTF-8 of bounded length, an invalid byte written as \xNN. */
static void
test_reason_text_is_clean (void)
{
  g_autofree char *bad = g_strdup ("validation failure <evil\xff\xfe.test. NAPTR IN>");
  g_autofree char *clean = altoscope_validator_reason_text (bad);
  g_autofree char *longer = g_strnfill (5000, 'x');
  g_autofree char *capped = altoscope_validator_reason_text (longer);

  g_assert_true (g_utf8_validate (clean, -1, NULL));
  g_assert_nonnull (strstr (clean, "evil\\xFF\\xFE.test."));
  g_assert_true (g_utf8_validate (capped, -1, NULL));
  g_assert_cmpint (g_utf8_strlen (capped, -1), <=, 513);   /* 512 and "…" */
  g_assert_null (altoscope_validator_reason_text (NULL));
}

#if DEVELOPMENT
typedef struct
{
  AltoscopeDnsAnswer *answer;
  gboolean done;
} Answered;

static void
on_answered_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  Answered *a = data;

  a->answer = altoscope_validator_query_finish (ALTOSCOPE_VALIDATOR (source), result, NULL);
  a->done = TRUE;
}

/* A validator whose worker thread died (UB_PIPE) says so at once, in plain
 * words, rather than letting each query wait for its deadline. */
static void
test_broken_validator_fails_at_once (void)
{
  g_autofree char *dir = test_tmpdir_new ("altoscope-views-XXXXXX");
  g_autofree char *anchor = g_build_filename (dir, "lab.key", NULL);
  const char *anchors[] = { anchor, NULL };
  const char *servers[] = { "127.0.0.1:9", NULL };   /* discard: nothing answers */
  g_autoptr(AltoscopeValidator) v = NULL;
  g_autoptr(GError) error = NULL;
  Answered a = { 0 };
  gint64 start;

  g_assert_true (g_file_set_contents (anchor, "a.test. IN DS 12345 13 2 "
                                      "0123456789abcdef0123456789abcdef0123456789abcdef"
                                      "0123456789abcdef\n", -1, NULL));
  v = altoscope_validator_new (servers, NULL, NULL, anchors, ALTOSCOPE_VALIDATOR_NO_ROOT_ANCHOR,
                               4000, &error);
  g_assert_no_error (error);
  g_assert_false (altoscope_validator_is_broken (v));
  altoscope_validator_simulate_broken (v);
  g_assert_true (altoscope_validator_is_broken (v));

  start = g_get_monotonic_time ();
  altoscope_validator_query_async (v, "a.test", 35, NULL, on_answered_cb, &a);
  while (!a.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (a.answer);
  g_assert_cmpint (a.answer->validator, ==, ALTOSCOPE_DNSSEC_VALIDATOR_RESOLVER);
  g_assert_nonnull (strstr (a.answer->validation_failure, "stopped working"));
  /* Not the validation deadline: only the plain query's own time. */
  g_assert_null (strstr (a.answer->validation_failure, "did not finish"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2000 * 1000);
  altoscope_dns_answer_free (a.answer);
}
#endif

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/dnssec-views/proved-secure", test_proved_secure);
  g_test_add_func ("/core/dnssec-views/claimed-secure-proved-bogus",
                   test_claimed_secure_proved_bogus);
  g_test_add_func ("/core/dnssec-views/claimed-bogus-proved-secure",
                   test_claimed_bogus_proved_secure);
  g_test_add_func ("/core/dnssec-views/no-mismatch-without-contradiction",
                   test_no_mismatch_without_contradiction);
  g_test_add_func ("/core/dnssec-views/unproved-answer-keeps-the-caveat",
                   test_unproved_answer_keeps_the_caveat);
  g_test_add_func ("/core/dnssec-views/plain-path-keeps-the-old-caveat",
                   test_plain_path_keeps_the_old_caveat);
  g_test_add_func ("/core/dnssec-views/reason-text-is-clean", test_reason_text_is_clean);
#if DEVELOPMENT
  g_test_add_func ("/core/dnssec-views/broken-validator-fails-at-once",
                   test_broken_validator_fails_at_once);
#endif
  return g_test_run ();
}
