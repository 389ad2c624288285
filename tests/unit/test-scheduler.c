/* Unit tests: the scheduler (altoscope-scheduler.c) over a model of links
 * made here, on a scripted transport.  Pairs are objects that change in
 * place; the list changes only when links come and go.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <glib/gstdio.h>

#include "altoscope-head-start.h"
#include "altoscope-scheduler.h"
#include "scripted-transport.h"
#include "test-tmpdir.h"

static ScriptedTransport *transport;

static AltoscopeTransport *
scripted_factory (const char * const  *servers,
                  const char          *interface,
                  guint                timeout_ms,
                  gpointer             data,
                  GError             **error)
{
  return g_object_ref (ALTOSCOPE_TRANSPORT (transport));
}

static AltoscopeLink *
make_link (const char *name,
           const char *domain)
{
  AltoscopeLink *link = altoscope_link_new (name, "ethernet");
  const char *a4[] = { "192.0.2.5/24", NULL };
  const char *dns[] = { "192.0.2.53", NULL };
  g_autoptr(GHashTable) dhcp = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_hash_table_insert (dhcp, g_strdup ("domain_name"), g_strdup (domain));
  altoscope_link_set_addresses (link, ALTOSCOPE_FAMILY_IPV4, a4);
  altoscope_link_set_dns (link, ALTOSCOPE_FAMILY_IPV4, dns);
  altoscope_link_set_dhcp_options (link, ALTOSCOPE_FAMILY_IPV4, dhcp);
  return link;
}

static void
settle (AltoscopeScheduler *s)
{
  /* The scheduler coalesces changes for 200 ms, then discovers. */
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_usleep (1000);
  do
    g_main_context_iteration (NULL, TRUE);
  while (!altoscope_scheduler_get_settled (s) && g_get_monotonic_time () < end);
  g_assert_true (altoscope_scheduler_get_settled (s));
}

static void
count_changes (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               guint      *changes)
{
  (*changes)++;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *notified)
{
  (*notified)++;
}

static void
test_pairs_follow_links_in_place (void)
{
  g_autoptr(GListStore) links = g_list_store_new (ALTOSCOPE_TYPE_LINK);
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeOverrides) overrides = altoscope_overrides_new_default (&error);
  g_autoptr(AltoscopeScheduler) s = NULL;
  g_autoptr(AltoscopeLink) eth0 = make_link ("eth0", "a.test");
  g_autoptr(AltoscopeLink) eth1 = make_link ("eth1", "b.test");
  g_autoptr(AltoscopeLink) eth0_later = make_link ("eth0", "b.test");
  GListModel *pairs;
  AltoscopePair *pair0, *pair1;
  guint changes = 0, notified0 = 0, notified1 = 0;

  g_assert_no_error (error);
  transport = scripted_transport_new ();
  scripted_transport_add_naptr (transport, "a.test", 100, 10, "u", "ALTO:https",
                                "!.*!https://192.0.2.1/a!", ".");
  scripted_transport_add_naptr (transport, "b.test", 100, 10, "u", "ALTO:https",
                                "!.*!https://192.0.2.2/b!", ".");

  g_list_store_append (links, eth0);
  s = altoscope_scheduler_new (G_LIST_MODEL (links), overrides, NULL, 1000);
  altoscope_scheduler_set_transport_factory (s, scripted_factory, NULL);
  pairs = altoscope_scheduler_get_pairs (s);
  g_signal_connect (pairs, "items-changed", G_CALLBACK (count_changes), &changes);
  settle (s);

  g_assert_cmpuint (g_list_model_get_n_items (pairs), ==, 1);
  pair0 = g_list_model_get_item (pairs, 0);
  g_object_unref (pair0);   /* the scheduler keeps it */
  g_assert_cmpstr (altoscope_pair_get_label (pair0), ==, "eth0/ipv4");
  g_assert_cmpint (altoscope_pair_get_state (pair0), ==, ALTOSCOPE_PAIR_FOUND);
  g_assert_cmpstr (altoscope_target_get_domain (altoscope_pair_get_report (pair0)), ==, "a.test");
  g_assert_true (altoscope_scheduler_find_pair (s, altoscope_pair_get_key (pair0)) == pair0);

  /* A second link: one pair more, the first untouched. */
  changes = 0;
  g_signal_connect (pair0, "notify", G_CALLBACK (count_notify), &notified0);
  g_list_store_append (links, eth1);
  settle (s);
  g_assert_cmpuint (g_list_model_get_n_items (pairs), ==, 2);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (notified0, ==, 0);
  pair1 = altoscope_scheduler_find_pair (s, "dev:eth1/ipv4");
  g_assert_nonnull (pair1);
  g_signal_connect (pair1, "notify", G_CALLBACK (count_notify), &notified1);

  /* eth0's DHCP domain changes, in place: the same pair object runs
   * again; the list and the other pair are not touched. */
  changes = 0;
  altoscope_link_update_from (eth0, eth0_later);
  settle (s);
  g_assert_cmpuint (changes, ==, 0);
  g_assert_true (altoscope_scheduler_find_pair (s, "dev:eth0/ipv4") == pair0);
  g_assert_cmpstr (altoscope_target_get_domain (altoscope_pair_get_report (pair0)), ==, "b.test");
  {
    g_autofree char *domain = NULL, *source = NULL;
    g_object_get (pair0, "domain", &domain, "domain-source", &source, NULL);
    g_assert_cmpstr (domain, ==, "b.test");
    g_assert_cmpstr (source, ==, "dhcp4-option-15");
  }
  g_assert_cmpuint (notified0, >, 0);
  g_assert_cmpuint (notified1, ==, 0);

  /* The link goes: so does its pair. */
  g_list_store_remove (links, 0);
  settle (s);
  g_assert_cmpuint (g_list_model_get_n_items (pairs), ==, 1);
  g_assert_null (altoscope_scheduler_find_pair (s, "dev:eth0/ipv4"));

  g_clear_object (&transport);
}

/* A real server on loopback that accepts and never answers: a check of
 * it ends only by its deadline or by being cancelled. */
static gboolean
on_incoming_cb (GSocketService    *service,
                GSocketConnection *connection,
                GObject           *source,
                GPtrArray         *held)
{
  g_ptr_array_add (held, g_object_ref (connection));
  return TRUE;
}

static void
on_check_changed_cb (AltoscopeTarget *target,
                     const char      *uri,
                     guint           *changes)
{
  (*changes)++;
}

static void
test_checks_follow_their_result (void)
{
  g_autoptr(GListStore) links = g_list_store_new (ALTOSCOPE_TYPE_LINK);
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeOverrides) overrides = altoscope_overrides_new_default (&error);
  g_autoptr(AltoscopeScheduler) s = NULL;
  g_autoptr(AltoscopeLink) eth0 = make_link ("eth0", "a.test");
  g_autoptr(AltoscopeLink) eth0_later = make_link ("eth0", "b.test");
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(AltoscopeTarget) first = NULL;
  g_autofree char *uri_a = NULL, *uri_b = NULL, *regexp_a = NULL, *regexp_b = NULL;
  const char *lo[] = { "127.0.0.1/8", NULL };
  AltoscopePair *pair;
  AltoscopeCheck *check;
  guint16 port;
  guint changes = 0;
  gint64 start;

  g_assert_no_error (error);
  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (on_incoming_cb), held);
  g_socket_service_start (service);
  uri_a = g_strdup_printf ("http://127.0.0.1:%u/a", port);
  uri_b = g_strdup_printf ("http://127.0.0.1:%u/b", port);
  regexp_a = g_strdup_printf ("!.*!%s!", uri_a);
  regexp_b = g_strdup_printf ("!.*!%s!", uri_b);
  transport = scripted_transport_new ();
  scripted_transport_add_naptr (transport, "a.test", 100, 10, "u", "ALTO:http", regexp_a, ".");
  scripted_transport_add_naptr (transport, "b.test", 100, 10, "u", "ALTO:http", regexp_b, ".");
  altoscope_link_set_addresses (eth0, ALTOSCOPE_FAMILY_IPV4, lo);
  altoscope_link_set_addresses (eth0_later, ALTOSCOPE_FAMILY_IPV4, lo);

  g_list_store_append (links, eth0);
  s = altoscope_scheduler_new (G_LIST_MODEL (links), overrides, NULL, 1000);
  altoscope_scheduler_set_transport_factory (s, scripted_factory, NULL);
  settle (s);
  pair = altoscope_scheduler_find_pair (s, "dev:eth0/ipv4");
  g_assert_nonnull (pair);
  first = g_object_ref (altoscope_pair_get_report (pair));
  g_signal_connect (first, "check-changed", G_CALLBACK (on_check_changed_cb), &changes);

  /* Nothing is checked unasked; a URI the result does not have is refused. */
  g_assert_null (altoscope_target_get_check (first, uri_a));
  g_assert_false (altoscope_scheduler_check (s, "dev:eth0/ipv4", "http://127.0.0.1:1/other"));
  g_assert_false (altoscope_scheduler_check (s, "dev:nope/ipv4", uri_a));

  /* A check runs (10 s deadline), then the network changes: the check of
   * the stale result stops at once and leaves no verdict. */
  g_assert_true (altoscope_scheduler_check (s, "dev:eth0/ipv4", uri_a));
  g_assert_true (altoscope_target_get_checking (first, uri_a));
  g_assert_cmpuint (changes, ==, 1);
  g_assert_false (altoscope_scheduler_get_settled (s));
  while (held->len == 0)
    g_main_context_iteration (NULL, TRUE);   /* the request reached the server */

  /* Stopped and started again at once: the first run's end does not make
   * the second look finished. */
  altoscope_scheduler_cancel_check (s, "dev:eth0/ipv4", uri_a);
  g_assert_true (altoscope_scheduler_check (s, "dev:eth0/ipv4", uri_a));
  start = g_get_monotonic_time ();
  while (g_get_monotonic_time () - start < 200 * 1000)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (altoscope_target_get_checking (first, uri_a));
  g_assert_null (altoscope_target_get_check (first, uri_a));
  g_assert_cmpuint (changes, ==, 1);

  start = g_get_monotonic_time ();
  altoscope_link_update_from (eth0, eth0_later);
  settle (s);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  g_assert_false (altoscope_target_get_checking (first, uri_a));
  g_assert_null (altoscope_target_get_check (first, uri_a));
  g_assert_cmpuint (changes, ==, 2);
  g_assert_true (altoscope_pair_get_report (pair) != first);

  /* Automatic checks: the eligible URI of the new result is checked, and
   * the verdict (here the deadline) is kept by the result. */
  altoscope_scheduler_set_check_options (s, NULL, 300);
  altoscope_scheduler_set_auto_check (s, TRUE);
  settle (s);
  check = altoscope_target_get_check (altoscope_pair_get_report (pair), uri_b);
  g_assert_nonnull (check);
  g_assert_cmpint (altoscope_check_get_code (check), ==, ALTOSCOPE_CHECK_TIMEOUT);
  g_assert_cmpstr (altoscope_check_get_local_address (check), ==, "127.0.0.1");

  g_socket_service_stop (service);
  g_clear_object (&transport);
}

/* Runs what is ready to run now, without waiting for any timer. */
static void
run_ready (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The first discovery starts as soon as the links are known (issue 15:
 * the first result is not held back by the coalescing wait); changes
 * after it wait for a quiet moment, as bursts of them come. */
static void
test_first_update_without_wait (void)
{
  g_autoptr(GListStore) links = g_list_store_new (ALTOSCOPE_TYPE_LINK);
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeOverrides) overrides = altoscope_overrides_new_default (&error);
  g_autoptr(AltoscopeLink) eth0 = make_link ("eth0", "a.test");
  g_autoptr(AltoscopeLink) eth0_later = make_link ("eth0", "b.test");
  g_autoptr(AltoscopeScheduler) s = NULL;
  AltoscopePair *pair;

  g_assert_no_error (error);
  transport = scripted_transport_new ();
  scripted_transport_add_naptr (transport, "a.test", 100, 10, "u", "ALTO:https",
                                "!.*!https://192.0.2.1/a!", ".");
  scripted_transport_add_naptr (transport, "b.test", 100, 10, "u", "ALTO:https",
                                "!.*!https://192.0.2.2/b!", ".");
  g_list_store_append (links, eth0);
  s = altoscope_scheduler_new (G_LIST_MODEL (links), overrides, NULL, 1000);
  altoscope_scheduler_set_transport_factory (s, scripted_factory, NULL);

  run_ready ();
  pair = altoscope_scheduler_find_pair (s, "dev:eth0/ipv4");
  g_assert_nonnull (pair);
  settle (s);
  g_assert_cmpstr (altoscope_target_get_domain (altoscope_pair_get_report (pair)), ==, "a.test");

  /* A change waits for the quiet moment: nothing has run again yet. */
  altoscope_link_update_from (eth0, eth0_later);
  run_ready ();
  g_assert_cmpstr (altoscope_target_get_domain (altoscope_pair_get_report (pair)), ==, "a.test");
  g_assert_false (altoscope_scheduler_get_settled (s));
  settle (s);
  g_assert_cmpstr (altoscope_target_get_domain (altoscope_pair_get_report (pair)), ==, "b.test");
  g_clear_object (&transport);
}

/* A factory that makes a new scripted transport each time, kept in @data. */
static AltoscopeTransport *
counting_factory (const char * const  *servers,
                  const char          *interface,
                  guint                timeout_ms,
                  gpointer             data,
                  GError             **error)
{
  GPtrArray *made = data;
  ScriptedTransport *t = scripted_transport_new ();

  scripted_transport_add_naptr (t, "a.test", 100, 10, "u", "ALTO:https",
                                "!.*!https://192.0.2.1/a!", ".");
  g_ptr_array_add (made, t);
  return g_object_ref (ALTOSCOPE_TRANSPORT (t));
}

/* The pair keeps its transport (a validator's cache holds the chain it
 * proved) while it is made from the same: a run again uses it; a stopped
 * run's question is still cancelled; another DNS server makes a new one. */
static void
test_transport_kept_while_it_fits (void)
{
  g_autoptr(GListStore) links = g_list_store_new (ALTOSCOPE_TYPE_LINK);
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeOverrides) overrides = altoscope_overrides_new_default (&error);
  g_autoptr(AltoscopeLink) eth0 = make_link ("eth0", "a.test");
  g_autoptr(AltoscopeLink) eth0_moved = make_link ("eth0", "a.test");
  g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(AltoscopeScheduler) s = NULL;
  const char *other_dns[] = { "192.0.2.54", NULL };
  ScriptedTransport *first;
  AltoscopeTarget *report;
  AltoscopePair *pair;
  gint64 end;

  g_assert_no_error (error);
  altoscope_link_set_dns (eth0_moved, ALTOSCOPE_FAMILY_IPV4, other_dns);
  g_list_store_append (links, eth0);
  s = altoscope_scheduler_new (G_LIST_MODEL (links), overrides, NULL, 1000);
  altoscope_scheduler_set_transport_factory (s, counting_factory, made);
  settle (s);
  pair = altoscope_scheduler_find_pair (s, "dev:eth0/ipv4");
  report = altoscope_pair_get_report (pair);
  g_assert_cmpuint (made->len, ==, 1);
  first = made->pdata[0];
  g_assert_cmpuint (scripted_transport_get_log (first)->len, ==, 1);

  /* The same inputs again: the same transport object answers. */
  altoscope_scheduler_refresh (s, "dev:eth0/ipv4");
  settle (s);
  g_assert_true (altoscope_pair_get_report (pair) != report);
  g_assert_cmpint (altoscope_pair_get_state (pair), ==, ALTOSCOPE_PAIR_FOUND);
  g_assert_cmpuint (made->len, ==, 1);
  g_assert_cmpuint (scripted_transport_get_log (first)->len, ==, 2);

  /* A run stopped while its question is out: the question is cancelled
   * (through the run's cancellable), the transport stays. */
  scripted_transport_set_delay (first, 300);
  altoscope_scheduler_refresh (s, "dev:eth0/ipv4");
  while (scripted_transport_get_log (first)->len < 3)
    g_main_context_iteration (NULL, TRUE);
  altoscope_scheduler_refresh (s, "dev:eth0/ipv4");
  settle (s);
  end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (scripted_transport_get_cancelled (first) < 1 && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (scripted_transport_get_cancelled (first), ==, 1);
  g_assert_cmpuint (made->len, ==, 1);
  g_assert_cmpint (altoscope_pair_get_state (pair), ==, ALTOSCOPE_PAIR_FOUND);

  /* Another DNS server: a new transport; the old one is let go. */
  altoscope_link_update_from (eth0, eth0_moved);
  settle (s);
  g_assert_cmpuint (made->len, ==, 2);
  g_assert_cmpuint (scripted_transport_get_log (made->pdata[1])->len, ==, 1);
  g_assert_cmpuint (G_OBJECT (first)->ref_count, ==, 1);

  /* The pair goes: so does its transport, whoever still holds the pair. */
  g_object_ref (pair);
  g_list_store_remove_all (links);
  settle (s);
  g_assert_cmpuint (G_OBJECT (made->pdata[1])->ref_count, ==, 1);
  g_object_unref (pair);
}

/* ---- the head start (altoscope-head-start.c) ----------------------------- */

/* The transports both schedulers make (the same factory and data, so the
 * same setup), each answering a.test, kept by the thread that made it. */
typedef struct
{
  GMutex lock;
  GThread *main;
  GPtrArray *here;    /* the window's scheduler's */
  GPtrArray *there;   /* the thread's */
} Side;

static AltoscopeTransport *
side_factory (const char * const  *servers,
              const char          *interface,
              guint                timeout_ms,
              gpointer             data,
              GError             **error)
{
  Side *side = data;
  ScriptedTransport *t = scripted_transport_new ();

  scripted_transport_add_naptr (t, "a.test", 100, 10, "u", "ALTO:https",
                                "!.*!https://192.0.2.1/a!", ".");
  g_mutex_lock (&side->lock);
  g_ptr_array_add (g_thread_self () == side->main ? side->here : side->there, t);
  g_mutex_unlock (&side->lock);
  return g_object_ref (ALTOSCOPE_TRANSPORT (t));
}

/* eth0 with a.test from DHCP, asked at @dns. */
static AltoscopeLink *
make_eth0 (const char *dns)
{
  AltoscopeLink *link = make_link ("eth0", "a.test");
  const char *servers[] = { dns, NULL };

  altoscope_link_set_dns (link, ALTOSCOPE_FAMILY_IPV4, servers);
  return link;
}

/* The head start's thread: a scheduler of its own, on a context of its
 * own, over links of its own.  With @gated, it begins only once @go is
 * set (or the head start is stopped). */
typedef struct
{
  AltoscopeHeadStart *head_start;
  const char *dns;
  Side *side;
  gboolean gated;
  int go;
} Thread;

static gpointer
head_start_thread (gpointer data)
{
  Thread *t = data;
  GMainContext *context = g_main_context_new ();

  while (t->gated && !g_atomic_int_get (&t->go) && !altoscope_head_start_stopped (t->head_start))
    g_usleep (1000);
  g_main_context_push_thread_default (context);
  {
    g_autoptr(GListStore) links = g_list_store_new (ALTOSCOPE_TYPE_LINK);
    g_autoptr(AltoscopeOverrides) overrides = altoscope_overrides_new_default (NULL);
    g_autoptr(AltoscopeLink) eth0 = make_eth0 (t->dns);
    g_autoptr(AltoscopeScheduler) s = NULL;
    g_autofree char *setup = NULL;

    g_list_store_append (links, eth0);
    s = altoscope_scheduler_new (G_LIST_MODEL (links), overrides, NULL, 1000);
    altoscope_scheduler_set_transport_factory (s, side_factory, t->side);
    altoscope_scheduler_set_retries (s, FALSE);
    setup = altoscope_scheduler_dup_setup (s);
    altoscope_head_start_run (t->head_start, s, setup, 5000);
  }
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);
  return NULL;
}

static guint
questions_asked (Side      *side,
                 GPtrArray *made)
{
  guint n = 0;

  g_mutex_lock (&side->lock);
  for (guint i = 0; i < made->len; i++)
    n += scripted_transport_get_log (made->pdata[i])->len;
  g_mutex_unlock (&side->lock);
  return n;
}

typedef enum { FREE, GATED, STOPPED_WHILE_GATED } Gate;

/* The window's scheduler over eth0 asked at @dns, with a head start whose
 * thread saw eth0 asked at @thread_dns.  GATED: the thread begins only
 * once the pair is seen waiting for it; STOPPED_WHILE_GATED: the head
 * start is stopped instead.  Then, with @refresh, the pair is run again. */
static void
run_with_head_start (const char *dns,
                     const char *thread_dns,
                     Gate        gate,
                     gboolean    refresh,
                     guint      *asked_here,
                     guint      *asked_there)
{
  g_autoptr(AltoscopeHeadStart) hs = altoscope_head_start_new ();
  g_autoptr(GListStore) links = g_list_store_new (ALTOSCOPE_TYPE_LINK);
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeOverrides) overrides = altoscope_overrides_new_default (&error);
  g_autoptr(AltoscopeLink) eth0 = make_eth0 (dns);
  g_autoptr(AltoscopeScheduler) s = NULL;
  g_autoptr(GPtrArray) made_here = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) made_there = g_ptr_array_new_with_free_func (g_object_unref);
  Side side = { .main = g_thread_self (), .here = made_here, .there = made_there };
  Thread t = { hs, thread_dns, &side, gate != FREE, 0 };
  AltoscopePair *pair;

  g_assert_no_error (error);
  g_mutex_init (&side.lock);
  altoscope_head_start_set_thread (hs, g_thread_new ("test-head-start", head_start_thread, &t));
  g_list_store_append (links, eth0);
  s = altoscope_scheduler_new (G_LIST_MODEL (links), overrides, NULL, 1000);
  altoscope_scheduler_set_transport_factory (s, side_factory, &side);
  altoscope_scheduler_set_head_start (s, hs);
  run_ready ();
  pair = altoscope_scheduler_find_pair (s, "dev:eth0/ipv4");
  g_assert_nonnull (pair);
  if (gate != FREE)
    {
      /* The thread has begun nothing: the pair waits, asking nothing. */
      g_assert_cmpint (altoscope_pair_get_state (pair), ==, ALTOSCOPE_PAIR_DISCOVERING);
      g_assert_cmpuint (questions_asked (&side, made_here), ==, 0);
      g_assert_false (altoscope_scheduler_get_settled (s));
      if (gate == GATED)
        g_atomic_int_set (&t.go, 1);
      else
        altoscope_head_start_stop (hs);
    }
  settle (s);
  g_assert_cmpint (altoscope_pair_get_state (pair), ==, ALTOSCOPE_PAIR_FOUND);
  g_assert_cmpstr (altoscope_target_get_domain (altoscope_pair_get_report (pair)), ==, "a.test");
  altoscope_head_start_stop (hs);   /* joins the thread */
  *asked_there = questions_asked (&side, made_there);
  if (refresh)
    {
      /* Ctrl+R is a new lookup, whatever the thread made. */
      g_assert_cmpuint (questions_asked (&side, made_here), ==, 0);
      altoscope_scheduler_refresh (s, "dev:eth0/ipv4");
      settle (s);
    }
  *asked_here = questions_asked (&side, made_here);
  g_clear_object (&s);
  g_mutex_clear (&side.lock);
}

/* The thread's result, made from the same inputs, is the pair's first:
 * nothing is asked again; a refresh afterwards asks. */
static void
test_head_start_taken (void)
{
  guint here, there;

  run_with_head_start ("192.0.2.53", "192.0.2.53", FREE, TRUE, &here, &there);
  g_assert_cmpuint (there, >, 0);
  g_assert_cmpuint (here, >, 0);
}

/* Made from other inputs (another DNS server): the pair runs its own. */
static void
test_head_start_other_inputs (void)
{
  guint here, there;

  run_with_head_start ("192.0.2.53", "192.0.2.99", FREE, FALSE, &here, &there);
  g_assert_cmpuint (there, >, 0);
  g_assert_cmpuint (here, >, 0);
}

/* Not there yet: the pair waits for it, and takes it when it comes. */
static void
test_head_start_waited_for (void)
{
  guint here, there;

  run_with_head_start ("192.0.2.53", "192.0.2.53", GATED, FALSE, &here, &there);
  g_assert_cmpuint (there, >, 0);
  g_assert_cmpuint (here, ==, 0);
}

/* Questions in @made's logs about @name. */
static guint
questions_about (Side       *side,
                 GPtrArray  *made,
                 const char *name)
{
  guint n = 0;

  g_mutex_lock (&side->lock);
  for (guint i = 0; i < made->len; i++)
    {
      GPtrArray *log = scripted_transport_get_log (made->pdata[i]);
      for (guint j = 0; j < log->len; j++)
        n += strstr (log->pdata[j], name) != NULL;
    }
  g_mutex_unlock (&side->lock);
  return n;
}

/* A pair the thread did not begin (eth1: not among its links) is the
 * window's at once; eth0's result is still taken. */
static void
test_head_start_unknown_key (void)
{
  g_autoptr(AltoscopeHeadStart) hs = altoscope_head_start_new ();
  g_autoptr(GListStore) links = g_list_store_new (ALTOSCOPE_TYPE_LINK);
  g_autoptr(AltoscopeOverrides) overrides = altoscope_overrides_new_default (NULL);
  g_autoptr(AltoscopeLink) eth0 = make_eth0 ("192.0.2.53");
  g_autoptr(AltoscopeLink) eth1 = make_link ("eth1", "b.test");
  g_autoptr(AltoscopeScheduler) s = NULL;
  g_autoptr(GPtrArray) here = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) there = g_ptr_array_new_with_free_func (g_object_unref);
  Side side = { .main = g_thread_self (), .here = here, .there = there };
  Thread t = { hs, "192.0.2.53", &side, FALSE, 0 };

  g_mutex_init (&side.lock);
  altoscope_head_start_set_thread (hs, g_thread_new ("test-head-start", head_start_thread, &t));
  g_list_store_append (links, eth0);
  g_list_store_append (links, eth1);
  s = altoscope_scheduler_new (G_LIST_MODEL (links), overrides, NULL, 1000);
  altoscope_scheduler_set_transport_factory (s, side_factory, &side);
  altoscope_scheduler_set_head_start (s, hs);
  settle (s);
  altoscope_head_start_stop (hs);
  g_assert_cmpint (altoscope_pair_get_state (altoscope_scheduler_find_pair (s, "dev:eth0/ipv4")),
                   ==, ALTOSCOPE_PAIR_FOUND);
  g_assert_cmpuint (questions_about (&side, there, "a.test"), >, 0);
  g_assert_cmpuint (questions_about (&side, here, "a.test"), ==, 0);
  g_assert_cmpuint (questions_about (&side, here, "b.test"), >, 0);
  g_clear_object (&s);
  g_mutex_clear (&side.lock);
}

/* Stopped while a pair waits: the pair runs its own at once. */
static void
test_head_start_stopped (void)
{
  guint here, there;

  run_with_head_start ("192.0.2.53", "192.0.2.53", STOPPED_WHILE_GATED, FALSE, &here, &there);
  g_assert_cmpuint (there, ==, 0);
  g_assert_cmpuint (here, >, 0);
}

int
main (int argc, char **argv)
{
  g_autofree char *config = test_tmpdir_new_for_program ("altoscope-test-XXXXXX");
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/scheduler/pairs-follow-links-in-place", test_pairs_follow_links_in_place);
  g_test_add_func ("/core/scheduler/checks-follow-their-result", test_checks_follow_their_result);
  g_test_add_func ("/core/scheduler/first-update-without-wait", test_first_update_without_wait);
  g_test_add_func ("/core/scheduler/transport-kept-while-it-fits",
                   test_transport_kept_while_it_fits);
  g_test_add_func ("/core/scheduler/head-start/taken", test_head_start_taken);
  g_test_add_func ("/core/scheduler/head-start/other-inputs", test_head_start_other_inputs);
  g_test_add_func ("/core/scheduler/head-start/waited-for", test_head_start_waited_for);
  g_test_add_func ("/core/scheduler/head-start/stopped", test_head_start_stopped);
  g_test_add_func ("/core/scheduler/head-start/unknown-key", test_head_start_unknown_key);
  return g_test_run ();
}
