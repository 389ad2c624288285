/* Unit tests: the c-ares resolver in the main loop (altoscope-resolver.c),
 * against a tiny UDP responder in the same process on 127.0.0.1.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>

#include "altoscope-resolver.h"

typedef struct
{
  GSocket *socket;
  GSource *source;
  gboolean answer;     /* FALSE: stay silent (a timeout) */
  guint queries;
  char *address;
} Responder;

static gboolean
on_query_cb (GSocket      *socket,
             GIOCondition  cond,
             gpointer      data)
{
  Responder *r = data;
  guint8 buf[1500];
  g_autoptr(GSocketAddress) from = NULL;
  gssize n = g_socket_receive_from (socket, &from, (char *) buf, sizeof buf, NULL, NULL);

  if (n < 12)
    return G_SOURCE_CONTINUE;
  r->queries++;
  if (!r->answer)
    return G_SOURCE_CONTINUE;
  /* The question back, as an empty NOERROR answer with the OPT kept. */
  buf[2] |= 0x80;   /* QR */
  buf[3] |= 0x80;   /* RA */
  g_socket_send_to (socket, from, (char *) buf, n, NULL, NULL);
  return G_SOURCE_CONTINUE;
}

static Responder *
responder_new (gboolean answer)
{
  Responder *r = g_new0 (Responder, 1);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) bind = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  r->answer = answer;
  r->socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                            G_SOCKET_PROTOCOL_UDP, NULL);
  g_assert_true (g_socket_bind (r->socket, bind, FALSE, NULL));
  bound = g_socket_get_local_address (r->socket, NULL);
  r->address = g_strdup_printf ("127.0.0.1:%u",
                                g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  r->source = g_socket_create_source (r->socket, G_IO_IN, NULL);
  g_source_set_callback (r->source, (GSourceFunc) (void (*) (void)) on_query_cb, r, NULL);
  g_source_attach (r->source, NULL);
  return r;
}

static void
responder_free (Responder *r)
{
  g_source_destroy (r->source);
  g_source_unref (r->source);
  g_object_unref (r->socket);
  g_free (r->address);
  g_free (r);
}

typedef struct
{
  AltoscopeResolver *resolver;  /* the test's only reference, when dropped in the callback */
  AltoscopeDnsAnswer *answer;
  GError *error;
  gboolean done;
} Outcome;

static void
on_answer_drop_resolver_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      data)
{
  Outcome *o = data;

  o->answer = altoscope_resolver_query_finish (ALTOSCOPE_RESOLVER (source), result, &o->error);
  o->done = TRUE;
  /* The last reference goes from inside c-ares' processing. */
  g_clear_object (&o->resolver);
}

static void
run_until (gboolean *flag)
{
  while (!*flag)
    g_main_context_iteration (NULL, TRUE);
  /* A few more turns, for whatever was deferred. */
  for (int i = 0; i < 5; i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
test_answer_and_finalize_from_callback (void)
{
  Responder *r = responder_new (TRUE);
  const char *servers[] = { r->address, NULL };
  Outcome o = { 0 };

  o.resolver = altoscope_resolver_new (servers, NULL, 2000, NULL);
  g_assert_nonnull (o.resolver);
  g_assert_cmpstr (altoscope_resolver_get_servers (o.resolver)[0], ==, r->address);
  g_assert_true (altoscope_resolver_get_all_loopback (o.resolver));

  altoscope_resolver_query_async (o.resolver, "alto.example", 35, NULL,
                                  on_answer_drop_resolver_cb, &o);
  /* The query holds the resolver until it finishes. */
  run_until (&o.done);

  g_assert_no_error (o.error);
  g_assert_nonnull (o.answer);
  g_assert_false (o.answer->failed);
  g_assert_cmpuint (o.answer->rcode, ==, 0);
  /* The echo keeps our OPT, DO set: DNSSEC-aware, unsigned, no AD. */
  g_assert_cmpint (o.answer->dnssec, ==, ALTOSCOPE_DNSSEC_INSECURE);
  g_assert_null (o.resolver);
  g_assert_cmpuint (r->queries, ==, 1);
  altoscope_dns_answer_free (o.answer);
  responder_free (r);
}

static void
on_answer_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Outcome *o = data;
  o->answer = altoscope_resolver_query_finish (ALTOSCOPE_RESOLVER (source), result, &o->error);
  o->done = TRUE;
}

static void
test_deadline (void)
{
  Responder *r = responder_new (FALSE);
  const char *servers[] = { r->address, NULL };
  g_autoptr(AltoscopeResolver) resolver = altoscope_resolver_new (servers, NULL, 300, NULL);
  Outcome o = { 0 };
  gint64 start = g_get_monotonic_time ();

  altoscope_resolver_query_async (resolver, "alto.example", 35, NULL, on_answer_cb, &o);
  run_until (&o.done);
  g_assert_no_error (o.error);
  g_assert_true (o.answer->failed);
  g_assert_cmpint (o.answer->error_code, ==, ALTOSCOPE_ERROR_TIMEOUT);
  /* The per-query limit holds: not c-ares' own, longer schedule. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  g_assert_cmpuint (r->queries, >=, 1);
  altoscope_dns_answer_free (o.answer);
  responder_free (r);
}

static void
test_cancel (void)
{
  Responder *r = responder_new (FALSE);
  const char *servers[] = { r->address, NULL };
  g_autoptr(AltoscopeResolver) resolver = altoscope_resolver_new (servers, NULL, 5000, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Outcome o = { 0 };

  altoscope_resolver_query_async (resolver, "alto.example", 35, cancellable, on_answer_cb, &o);
  while (r->queries == 0)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
  run_until (&o.done);
  g_assert_null (o.answer);
  g_assert_error (o.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&o.error);

  /* Already cancelled before it starts. */
  o = (Outcome) { 0 };
  altoscope_resolver_query_async (resolver, "alto.example", 35, cancellable, on_answer_cb, &o);
  run_until (&o.done);
  g_assert_error (o.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&o.error);
  responder_free (r);
}

static void
test_bad_servers (void)
{
  const char *bad[] = { "127.0.0.1:70000", NULL };
  g_autoptr(GError) error = NULL;
  AltoscopeResolver *resolver = altoscope_resolver_new (bad, NULL, 1000, &error);

  g_assert_null (resolver);
  g_assert_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/resolver/finalize-from-callback", test_answer_and_finalize_from_callback);
  g_test_add_func ("/core/resolver/deadline", test_deadline);
  g_test_add_func ("/core/resolver/cancel", test_cancel);
  g_test_add_func ("/core/resolver/bad-servers", test_bad_servers);
  return g_test_run ();
}
