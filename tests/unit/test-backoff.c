/* Unit tests: the wait before retrying, and what an answer says of DNSSEC
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "altoscope-backoff.h"
#include "altoscope-dns-answer.h"

static void
test_compute_wait (void)
{
  /* Negative answers: the SOA's negative TTL, 1 s .. 3 h; 30 s without SOA */
  g_assert_cmpuint (altoscope_backoff_compute_wait (ALTOSCOPE_ERROR_NXDOMAIN, 1, 120), ==, 120);
  g_assert_cmpuint (altoscope_backoff_compute_wait (ALTOSCOPE_ERROR_NODATA, 5, 0), ==, 1);
  g_assert_cmpuint (altoscope_backoff_compute_wait (ALTOSCOPE_ERROR_NXDOMAIN, 1, 86400), ==, 10800);
  g_assert_cmpuint (altoscope_backoff_compute_wait (ALTOSCOPE_ERROR_NXDOMAIN, 1, -1), ==, 30);
  /* Failures: 1 s doubling, at most 5 min */
  g_assert_cmpuint (altoscope_backoff_compute_wait (ALTOSCOPE_ERROR_TIMEOUT, 1, -1), ==, 1);
  g_assert_cmpuint (altoscope_backoff_compute_wait (ALTOSCOPE_ERROR_SERVFAIL, 2, -1), ==, 2);
  g_assert_cmpuint (altoscope_backoff_compute_wait (ALTOSCOPE_ERROR_BOGUS, 5, -1), ==, 16);
  g_assert_cmpuint (altoscope_backoff_compute_wait (ALTOSCOPE_ERROR_NETWORK, 9, -1), ==, 256);
  g_assert_cmpuint (altoscope_backoff_compute_wait (ALTOSCOPE_ERROR_REFUSED, 10, -1), ==, 300);
  g_assert_cmpuint (altoscope_backoff_compute_wait (ALTOSCOPE_ERROR_TIMEOUT, 1000, -1), ==, 300);
  /* Unusable data: its TTL, 1 s .. 1 h */
  g_assert_cmpuint (altoscope_backoff_compute_wait (ALTOSCOPE_ERROR_LOOP, 1, 7200), ==, 3600);
  g_assert_cmpuint (altoscope_backoff_compute_wait (ALTOSCOPE_ERROR_NO_ALTO_RECORDS, 1, 60), ==, 60);
  /* Nothing learnt: no wait */
  g_assert_cmpuint (altoscope_backoff_compute_wait (ALTOSCOPE_ERROR_CANCELLED, 1, 60), ==, 0);
  g_assert_cmpuint (altoscope_backoff_compute_wait (ALTOSCOPE_ERROR_INVALID_INPUT, 1, 60), ==, 0);
}

static void
test_memory (void)
{
  g_autofree char *dir = g_dir_make_tmp ("altoscope-backoff-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "sub", "retry.ini", NULL);
  g_autoptr(AltoscopeBackoff) b = altoscope_backoff_new (path);
  const char *servers[] = { "[::1]:53", "127.0.0.1:53", NULL };
  g_autofree char *key = altoscope_backoff_make_key ("a.example", servers, NULL);
  AltoscopeBackoffEntry e = { 0 };
  gint64 t0 = G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC;

  g_assert_false (altoscope_backoff_lookup (b, key, t0, &e));
  g_assert_cmpuint (altoscope_backoff_record_failure (b, key, ALTOSCOPE_ERROR_TIMEOUT, "x", -1, t0), ==, 1);
  g_assert_true (altoscope_backoff_lookup (b, key, t0 + G_USEC_PER_SEC / 2, &e));
  g_assert_cmpint (e.code, ==, ALTOSCOPE_ERROR_TIMEOUT);
  g_assert_cmpfloat_with_epsilon (e.remaining_s, 0.5, 0.01);
  altoscope_backoff_entry_clear (&e);
  g_assert_false (altoscope_backoff_lookup (b, key, t0 + 2 * G_USEC_PER_SEC, &e));
  altoscope_backoff_entry_clear (&e);

  /* A second failure in a row doubles; a clock set back does not lengthen it. */
  g_assert_cmpuint (altoscope_backoff_record_failure (b, key, ALTOSCOPE_ERROR_TIMEOUT, "x", -1, t0), ==, 2);
  g_assert_true (altoscope_backoff_lookup (b, key, t0 - G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC, &e));
  g_assert_cmpfloat (e.remaining_s, <=, 2);
  altoscope_backoff_entry_clear (&e);

  /* A new object on the same file remembers: the memory outlives a process. */
  {
    g_autoptr(AltoscopeBackoff) again = altoscope_backoff_new (path);
    g_assert_true (altoscope_backoff_lookup (again, key, t0, &e));
    g_assert_cmpuint (e.failures, ==, 2);
    altoscope_backoff_entry_clear (&e);
    altoscope_backoff_record_success (again, key);
    g_assert_false (altoscope_backoff_lookup (b, key, t0, &e));
  }

  /* A damaged file is an empty memory. */
  g_assert_true (g_file_set_contents (path, "[[[not a key file\x01", -1, NULL));
  g_assert_false (altoscope_backoff_lookup (b, key, t0, &e));
  g_assert_cmpuint (altoscope_backoff_record_failure (b, key, ALTOSCOPE_ERROR_NXDOMAIN, "x", 60, t0), ==, 60);

  g_remove (path);
}

static AltoscopeDnsMessage *
message (gboolean ad, gboolean has_opt, gboolean do_bit, gboolean rrsig)
{
  AltoscopeDnsMessage *m = g_new0 (AltoscopeDnsMessage, 1);
  m->records = g_ptr_array_new_with_free_func (g_free);
  m->ede = g_array_new (FALSE, TRUE, sizeof (AltoscopeDnsEde));
  m->ad = ad;
  m->has_opt = has_opt;
  m->do_bit = do_bit;
  if (rrsig)
    {
      AltoscopeDnsRecord *rr = g_new0 (AltoscopeDnsRecord, 1);
      rr->type = ALTOSCOPE_DNS_TYPE_RRSIG;
      rr->section = ALTOSCOPE_DNS_SECTION_ANSWER;
      g_ptr_array_add (m->records, rr);
    }
  return m;
}

static void
test_dnssec_status (void)
{
  struct { gboolean ad, opt, do_bit, rrsig; AltoscopeDnssec want; } cases[] = {
    { TRUE, TRUE, TRUE, TRUE, ALTOSCOPE_DNSSEC_SECURE },
    { FALSE, TRUE, TRUE, FALSE, ALTOSCOPE_DNSSEC_INSECURE },
    { FALSE, TRUE, TRUE, TRUE, ALTOSCOPE_DNSSEC_INDETERMINATE },
    { FALSE, FALSE, FALSE, FALSE, ALTOSCOPE_DNSSEC_INDETERMINATE },
    { FALSE, TRUE, FALSE, FALSE, ALTOSCOPE_DNSSEC_INDETERMINATE },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(AltoscopeDnsMessage) m = message (cases[i].ad, cases[i].opt, cases[i].do_bit,
                                                  cases[i].rrsig);
      g_autofree char *detail = NULL;
      g_assert_cmpint (altoscope_dnssec_from_message (m, &detail), ==, cases[i].want);
      g_assert_nonnull (detail);
    }
  g_assert_cmpint (MIN (ALTOSCOPE_DNSSEC_SECURE, ALTOSCOPE_DNSSEC_BOGUS), ==, ALTOSCOPE_DNSSEC_BOGUS);
}

static void
test_classify_servfail (void)
{
  /* SERVFAIL, then data with CD: bogus */
  {
    g_autoptr(AltoscopeDnsAnswer) a = g_new0 (AltoscopeDnsAnswer, 1);
    AltoscopeDnsMessage *first = message (FALSE, TRUE, TRUE, FALSE);
    AltoscopeDnsMessage *cd = message (FALSE, TRUE, TRUE, TRUE);
    a->qname = g_strdup ("x.test");
    first->rcode = 2;
    altoscope_dns_answer_classify (a, first, cd);
    g_assert_true (a->failed);
    g_assert_cmpint (a->error_code, ==, ALTOSCOPE_ERROR_BOGUS);
    g_assert_cmpint (a->dnssec, ==, ALTOSCOPE_DNSSEC_BOGUS);
    g_assert_true (a->msg == cd);
  }
  /* SERVFAIL twice: a plain failure */
  {
    g_autoptr(AltoscopeDnsAnswer) a = g_new0 (AltoscopeDnsAnswer, 1);
    AltoscopeDnsMessage *first = message (FALSE, TRUE, TRUE, FALSE);
    AltoscopeDnsMessage *cd = message (FALSE, TRUE, TRUE, FALSE);
    a->qname = g_strdup ("x.test");
    first->rcode = 2;
    cd->rcode = 2;
    altoscope_dns_answer_classify (a, first, cd);
    g_assert_cmpint (a->error_code, ==, ALTOSCOPE_ERROR_SERVFAIL);
    g_assert_cmpint (a->dnssec, ==, ALTOSCOPE_DNSSEC_INDETERMINATE);
  }
  /* SERVFAIL with EDE 6 but no CD data: still bogus */
  {
    g_autoptr(AltoscopeDnsAnswer) a = g_new0 (AltoscopeDnsAnswer, 1);
    AltoscopeDnsMessage *first = message (FALSE, TRUE, TRUE, FALSE);
    AltoscopeDnsEde ede = { 6, g_strdup ("DNSSEC Bogus") };
    a->qname = g_strdup ("x.test");
    first->rcode = 2;
    g_array_set_clear_func (first->ede, NULL);
    g_array_append_val (first->ede, ede);
    altoscope_dns_answer_classify (a, first, NULL);
    g_assert_cmpint (a->error_code, ==, ALTOSCOPE_ERROR_BOGUS);
    g_free (ede.extra_text);
  }
  /* NXDOMAIN with AD: a secure denial, not a failure of the transport */
  {
    g_autoptr(AltoscopeDnsAnswer) a = g_new0 (AltoscopeDnsAnswer, 1);
    AltoscopeDnsMessage *first = message (TRUE, TRUE, TRUE, FALSE);
    a->qname = g_strdup ("x.test");
    first->rcode = 3;
    altoscope_dns_answer_classify (a, first, NULL);
    g_assert_false (a->failed);
    g_assert_true (a->nxdomain);
    g_assert_cmpint (a->dnssec, ==, ALTOSCOPE_DNSSEC_SECURE);
  }
  /* REFUSED and FORMERR */
  {
    g_autoptr(AltoscopeDnsAnswer) a = g_new0 (AltoscopeDnsAnswer, 1);
    AltoscopeDnsMessage *first = message (FALSE, TRUE, TRUE, FALSE);
    a->qname = g_strdup ("x.test");
    first->rcode = 5;
    altoscope_dns_answer_classify (a, first, NULL);
    g_assert_cmpint (a->error_code, ==, ALTOSCOPE_ERROR_REFUSED);
  }
  {
    g_autoptr(AltoscopeDnsAnswer) a = g_new0 (AltoscopeDnsAnswer, 1);
    AltoscopeDnsMessage *first = message (FALSE, TRUE, TRUE, FALSE);
    a->qname = g_strdup ("x.test");
    first->rcode = 1;
    altoscope_dns_answer_classify (a, first, NULL);
    g_assert_cmpint (a->error_code, ==, ALTOSCOPE_ERROR_BAD_RESPONSE);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/backoff/compute", test_compute_wait);
  g_test_add_func ("/core/backoff/memory", test_memory);
  g_test_add_func ("/core/dnssec/status", test_dnssec_status);
  g_test_add_func ("/core/dnssec/classify", test_classify_servfail);
  return g_test_run ();
}
