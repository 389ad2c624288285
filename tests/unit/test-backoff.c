/* Unit tests: the wait before retrying, and what an answer says of DNSSEC
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <glib/gstdio.h>

#include "altoscope-backoff.h"
#include "altoscope-dns-answer.h"
#include "test-tmpdir.h"

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

typedef struct
{
  gboolean done, found;
  AltoscopeBackoffEntry entry;
} Lookup;

static void
on_lookup_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Lookup *l = data;
  l->found = altoscope_backoff_lookup_finish (ALTOSCOPE_BACKOFF (source), result, &l->entry,
                                              NULL);
  l->done = TRUE;
}

/* Looks @key up through the main loop, as discovery does; TRUE while the
 * key is inside its wait at @now_us.  @e gets the entry. */
static gboolean
waiting (AltoscopeBackoff      *b,
         const char            *key,
         gint64                 now_us,
         AltoscopeBackoffEntry *e)
{
  Lookup l = { 0 };

  altoscope_backoff_entry_clear (e);
  altoscope_backoff_lookup_async (b, key, now_us, NULL, on_lookup_cb, &l);
  while (!l.done)
    g_main_context_iteration (NULL, TRUE);
  *e = l.entry;
  return l.found && l.entry.remaining_s > 0;
}

static gboolean
remembered (AltoscopeBackoff *b,
            const char       *key,
            gint64            now_us)
{
  AltoscopeBackoffEntry e = { 0 };
  Lookup l = { 0 };

  altoscope_backoff_lookup_async (b, key, now_us, NULL, on_lookup_cb, &l);
  while (!l.done)
    g_main_context_iteration (NULL, TRUE);
  e = l.entry;
  altoscope_backoff_entry_clear (&e);
  return l.found;
}

static void
test_memory (void)
{
  g_autofree char *dir = test_tmpdir_new ("altoscope-backoff-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "sub", "retry.ini", NULL);
  g_autoptr(AltoscopeBackoff) b = altoscope_backoff_new (path);
  const char *servers[] = { "[::1]:53", "127.0.0.1:53", NULL };
  g_autofree char *key = altoscope_backoff_make_key ("a.example", servers, NULL);
  AltoscopeBackoffEntry e = { 0 };
  gint64 t0 = G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC;

  g_assert_false (waiting (b, key, t0, &e));
  g_assert_cmpuint (altoscope_backoff_record_failure (b, key, NULL, ALTOSCOPE_ERROR_TIMEOUT, "x",
                                                      -1, t0), ==, 1);
  g_assert_true (waiting (b, key, t0 + G_USEC_PER_SEC / 2, &e));
  g_assert_cmpint (e.code, ==, ALTOSCOPE_ERROR_TIMEOUT);
  g_assert_cmpfloat_with_epsilon (e.remaining_s, 0.5, 0.01);
  g_assert_false (waiting (b, key, t0 + 2 * G_USEC_PER_SEC, &e));

  /* A second failure of the same kind doubles; a clock set back does not
   * lengthen it. */
  g_assert_true (remembered (b, key, t0 + G_USEC_PER_SEC + 1));
  waiting (b, key, t0 + G_USEC_PER_SEC + 1, &e);
  g_assert_cmpuint (altoscope_backoff_record_failure (b, key, &e, ALTOSCOPE_ERROR_TIMEOUT, "x",
                                                      -1, t0), ==, 2);
  g_assert_true (waiting (b, key, t0 - G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC, &e));
  g_assert_cmpfloat (e.remaining_s, <=, 2);

  /* A new object on the same file remembers: the memory outlives a process. */
  altoscope_backoff_flush (b);
  {
    g_autoptr(AltoscopeBackoff) again = altoscope_backoff_new (path);
    g_assert_true (waiting (again, key, t0, &e));
    g_assert_cmpuint (e.failures, ==, 2);
    altoscope_backoff_record_success (again, key);
    altoscope_backoff_flush (again);
    g_assert_false (remembered (b, key, t0));
  }

  /* A damaged file is an empty memory. */
  g_assert_true (g_file_set_contents (path, "[[[not a key file\x01", -1, NULL));
  g_assert_false (remembered (b, key, t0));
  g_assert_cmpuint (altoscope_backoff_record_failure (b, key, NULL, ALTOSCOPE_ERROR_NXDOMAIN,
                                                      "x", 60, t0), ==, 60);
  altoscope_backoff_entry_clear (&e);
  altoscope_backoff_flush (b);
  g_remove (path);
}

/* RFC 7286 §3.2: the wait is kept in full.  A failure at X.999 s with a
 * 1 s wait is still waiting 0.85 s later (whole seconds once ended it
 * after as little as 0.001 s), and ends not one microsecond early. */
static void
test_wait_kept_in_full (void)
{
  g_autofree char *dir = test_tmpdir_new ("altoscope-backoff-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "retry.ini", NULL);
  g_autoptr(AltoscopeBackoff) b = altoscope_backoff_new (path);
  AltoscopeBackoffEntry e = { 0 };
  gint64 t0 = G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC + 999000;

  g_assert_cmpuint (altoscope_backoff_record_failure (b, "k", NULL, ALTOSCOPE_ERROR_TIMEOUT, "x",
                                                      -1, t0), ==, 1);
  g_assert_true (waiting (b, "k", t0 + 850000, &e));
  g_assert_cmpint (e.retry_at_us, ==, t0 + G_USEC_PER_SEC);
  g_assert_true (waiting (b, "k", t0 + G_USEC_PER_SEC - 1, &e));
  g_assert_false (waiting (b, "k", t0 + G_USEC_PER_SEC, &e));
  altoscope_backoff_entry_clear (&e);
  altoscope_backoff_flush (b);
  g_remove (path);
}

/* Failures of different kinds do not double each other's wait; a series
 * ends, and its entry leaves the file, once the next wait would be over. */
static void
test_series_and_expiry (void)
{
  g_autofree char *dir = test_tmpdir_new ("altoscope-backoff-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "retry.ini", NULL);
  g_autoptr(AltoscopeBackoff) b = altoscope_backoff_new (path);
  AltoscopeBackoffEntry e = { 0 };
  gint64 t0 = G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC;
  g_autofree char *data = NULL;

  g_assert_cmpuint (altoscope_backoff_record_failure (b, "k", NULL, ALTOSCOPE_ERROR_TIMEOUT, "x",
                                                      -1, t0), ==, 1);
  waiting (b, "k", t0 + 1100000, &e);
  g_assert_cmpuint (altoscope_backoff_record_failure (b, "k", &e, ALTOSCOPE_ERROR_TIMEOUT, "x",
                                                      -1, t0 + 1100000), ==, 2);
  waiting (b, "k", t0 + 3200000, &e);
  /* Another kind starts again at 1 s, not 4 s. */
  g_assert_cmpuint (altoscope_backoff_record_failure (b, "k", &e, ALTOSCOPE_ERROR_SERVFAIL, "x",
                                                      -1, t0 + 3200000), ==, 1);
  waiting (b, "k", t0 + 4300000, &e);
  g_assert_cmpint (e.code, ==, ALTOSCOPE_ERROR_SERVFAIL);
  g_assert_cmpuint (e.failures, ==, 1);

  /* 1 s wait, next would be 2 s: remembered until 3 s after the failure. */
  g_assert_true (remembered (b, "k", t0 + 3200000 + 2900000));
  g_assert_false (remembered (b, "k", t0 + 3200000 + 3100000));
  /* Another key's write drops the expired entry from the file. */
  g_assert_cmpuint (altoscope_backoff_record_failure (b, "other", NULL, ALTOSCOPE_ERROR_NXDOMAIN,
                                                      "x", 60, t0 + 10 * G_USEC_PER_SEC), ==, 60);
  altoscope_backoff_flush (b);
  g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
  g_assert_null (strstr (data, "key=k\n"));
  g_assert_nonnull (strstr (data, "key=other\n"));
  altoscope_backoff_entry_clear (&e);
  g_remove (path);
}

typedef struct
{
  const char *path;
  const char *prefix;
} Writer;

static gpointer
write_many (gpointer data)
{
  Writer *w = data;
  g_autoptr(AltoscopeBackoff) b = altoscope_backoff_new (w->path);

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *key = g_strdup_printf ("%s-%u", w->prefix, i);
      altoscope_backoff_record_failure (b, key, NULL, ALTOSCOPE_ERROR_NXDOMAIN, "x", 600,
                                        g_get_real_time ());
    }
  altoscope_backoff_flush (b);
  return NULL;
}

/* Two writers on one file at once (the window and `watch`), each with its
 * own memory object and file descriptor: nothing is lost. */
static void
test_concurrent_writers (void)
{
  g_autofree char *dir = test_tmpdir_new ("altoscope-backoff-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "retry.ini", NULL);
  Writer a = { path, "window" }, c = { path, "watch" };
  GThread *ta = g_thread_new ("a", write_many, &a);
  GThread *tc = g_thread_new ("c", write_many, &c);
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  gsize n = 0;

  g_thread_join (ta);
  g_thread_join (tc);
  g_assert_true (g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL));
  g_strfreev (g_key_file_get_groups (kf, &n));
  g_assert_cmpuint (n, ==, 80);
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
  /* SERVFAIL without a reason, then data with CD: not called bogus */
  {
    g_autoptr(AltoscopeDnsAnswer) a = g_new0 (AltoscopeDnsAnswer, 1);
    AltoscopeDnsMessage *first = message (FALSE, TRUE, TRUE, FALSE);
    AltoscopeDnsMessage *cd = message (FALSE, TRUE, TRUE, TRUE);
    a->qname = g_strdup ("x.test");
    first->rcode = 2;
    altoscope_dns_answer_classify (a, first, cd);
    g_assert_true (a->failed);
    g_assert_cmpint (a->error_code, ==, ALTOSCOPE_ERROR_SERVFAIL);
    g_assert_cmpint (a->dnssec, ==, ALTOSCOPE_DNSSEC_INDETERMINATE);
    g_assert_true (a->msg == first);
  }
  /* SERVFAIL with EDE 6, then data with CD: bogus, the data shown */
  {
    g_autoptr(AltoscopeDnsAnswer) a = g_new0 (AltoscopeDnsAnswer, 1);
    AltoscopeDnsMessage *first = message (FALSE, TRUE, TRUE, FALSE);
    AltoscopeDnsMessage *cd = message (FALSE, TRUE, TRUE, TRUE);
    AltoscopeDnsEde ede = { 6, NULL };
    a->qname = g_strdup ("x.test");
    first->rcode = 2;
    g_array_append_val (first->ede, ede);
    altoscope_dns_answer_classify (a, first, cd);
    g_assert_cmpint (a->error_code, ==, ALTOSCOPE_ERROR_BOGUS);
    g_assert_cmpint (a->dnssec, ==, ALTOSCOPE_DNSSEC_BOGUS);
    g_assert_true (a->msg == cd);
    g_assert_cmpuint (a->msg->ede->len, ==, 1);
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
  g_test_add_func ("/core/backoff/wait-kept-in-full", test_wait_kept_in_full);
  g_test_add_func ("/core/backoff/series-and-expiry", test_series_and_expiry);
  g_test_add_func ("/core/backoff/concurrent-writers", test_concurrent_writers);
  g_test_add_func ("/core/dnssec/status", test_dnssec_status);
  g_test_add_func ("/core/dnssec/classify", test_classify_servfail);
  return g_test_run ();
}
