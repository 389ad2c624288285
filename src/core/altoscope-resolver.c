/* altoscope-resolver.c
 *
 * One c-ares channel per resolver, driven by a custom GSource: c-ares tells
 * which sockets it wants watched (ARES_OPT_SOCK_STATE_CB) and when its next
 * timeout is (ares_timeout); the source polls exactly those and calls
 * ares_process_fd.  No threads, no polling timers.
 *
 * c-ares may run a query's callback before ares_send() returns, from inside
 * ares_process_fd(), or from ares_destroy(); a query therefore keeps its own
 * reference for c-ares and is finished at most once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <arpa/inet.h>
#include <ares.h>
#include <glib/gi18n-lib.h>

#include "altoscope-domain.h"
#include "altoscope-resolver.h"

/* ---- the GSource ------------------------------------------------------- */

typedef struct
{
  GSource source;
  ares_channel channel;
  GHashTable *fds;          /* fd -> tag from g_source_add_unix_fd() */
  gint64 deadline;          /* monotonic µs of c-ares' next timeout, or -1 */
  guint dispatching;        /* inside ares_process_fd() */
  gboolean destroy_pending; /* the resolver went away meanwhile */
} AresSource;

static gboolean
ares_source_prepare (GSource *source,
                     int     *timeout)
{
  AresSource *as = (AresSource *) source;
  struct timeval tv, *tvp;
  gint64 ms;

  if (as->channel == NULL)
    return FALSE;
  tvp = ares_timeout (as->channel, NULL, &tv);
  if (tvp == NULL)
    {
      as->deadline = -1;
      *timeout = -1;
      return FALSE;
    }
  ms = (gint64) tvp->tv_sec * 1000 + (tvp->tv_usec + 999) / 1000;
  as->deadline = g_source_get_time (source) + ms * 1000;
  *timeout = (int) MIN (ms, G_MAXINT);
  return ms == 0;
}

static gboolean
ares_source_check (GSource *source)
{
  AresSource *as = (AresSource *) source;

  /* Ready file descriptors make GLib dispatch us anyway. */
  return as->deadline >= 0 && g_source_get_time (source) >= as->deadline;
}

typedef struct
{
  int fd;
  GIOCondition cond;
} ReadyFd;

static gboolean
ares_source_dispatch (GSource     *source,
                      GSourceFunc  callback,
                      gpointer     user_data)
{
  AresSource *as = (AresSource *) source;
  g_autoptr(GArray) ready = g_array_new (FALSE, FALSE, sizeof (ReadyFd));
  GHashTableIter iter;
  gpointer key, tag;

  /* Gather first: processing runs callbacks, which may open and close
   * sockets and so change the table under us. */
  g_hash_table_iter_init (&iter, as->fds);
  while (g_hash_table_iter_next (&iter, &key, &tag))
    {
      GIOCondition cond = g_source_query_unix_fd (source, tag);
      if (cond != 0)
        {
          ReadyFd r = { GPOINTER_TO_INT (key), cond };
          g_array_append_val (ready, r);
        }
    }

  /* A query's callback may end the last discovery using this resolver, and
   * so finalize it, from inside ares_process_fd(): the channel must then
   * outlive the call (see altoscope_resolver_finalize). */
  as->dispatching++;
  for (guint i = 0; i < ready->len && !as->destroy_pending; i++)
    {
      const ReadyFd *r = &g_array_index (ready, ReadyFd, i);
      ares_socket_t rfd = (r->cond & (G_IO_IN | G_IO_ERR | G_IO_HUP)) ? r->fd : ARES_SOCKET_BAD;
      ares_socket_t wfd = (r->cond & G_IO_OUT) ? r->fd : ARES_SOCKET_BAD;
      ares_process_fd (as->channel, rfd, wfd);
    }

  if (ready->len == 0 && !as->destroy_pending)
    ares_process_fd (as->channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);  /* timeouts only */
  as->dispatching--;

  if (as->destroy_pending && as->dispatching == 0)
    {
      ares_destroy (as->channel);
      as->channel = NULL;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
ares_source_finalize (GSource *source)
{
  AresSource *as = (AresSource *) source;
  g_clear_pointer (&as->fds, g_hash_table_unref);
}

static GSourceFuncs ares_source_funcs = {
  ares_source_prepare,
  ares_source_check,
  ares_source_dispatch,
  ares_source_finalize,
  NULL, NULL,
};

static void
on_sock_state_cb (void          *data,
                  ares_socket_t  fd,
                  int            readable,
                  int            writable)
{
  AresSource *as = data;
  GSource *source = data;
  gpointer tag = g_hash_table_lookup (as->fds, GINT_TO_POINTER (fd));
  GIOCondition cond = (readable ? G_IO_IN : 0) | (writable ? G_IO_OUT : 0);

  if (g_source_is_destroyed (source))
    return;

  if (cond == 0)
    {
      if (tag != NULL)
        {
          g_source_remove_unix_fd (source, tag);
          g_hash_table_remove (as->fds, GINT_TO_POINTER (fd));
        }
    }
  else if (tag != NULL)
    g_source_modify_unix_fd (source, tag, cond);
  else
    g_hash_table_insert (as->fds, GINT_TO_POINTER (fd), g_source_add_unix_fd (source, fd, cond));
}

/* ---- the resolver ------------------------------------------------------ */

struct _AltoscopeResolver
{
  GObject parent_instance;

  AresSource *source;
  GStrv servers;
  char *interface;
  guint timeout_ms;
  gboolean uses_system;
  gboolean all_loopback;
};

G_DEFINE_FINAL_TYPE (AltoscopeResolver, altoscope_resolver, G_TYPE_OBJECT)

static void
altoscope_resolver_finalize (GObject *object)
{
  AltoscopeResolver *self = ALTOSCOPE_RESOLVER (object);

  if (self->source != NULL)
    {
      AresSource *as = self->source;

      if (as->dispatching > 0)
        {
          /* Called from a callback inside ares_process_fd(): destroying the
           * channel now would free it under c-ares' feet.  The dispatch
           * destroys it when ares_process_fd() has returned; GLib keeps the
           * source alive until then. */
          as->destroy_pending = TRUE;
        }
      else
        {
          /* Destroying the channel runs every pending callback with
           * ARES_EDESTRUCTION and closes sockets through on_sock_state_cb,
           * so the source must still be alive here. */
          ares_destroy (as->channel);
          as->channel = NULL;
          g_source_destroy ((GSource *) as);
        }
      g_source_unref ((GSource *) as);
    }
  g_strfreev (self->servers);
  g_free (self->interface);

  G_OBJECT_CLASS (altoscope_resolver_parent_class)->finalize (object);
}

static void
altoscope_resolver_class_init (AltoscopeResolverClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = altoscope_resolver_finalize;
}

static void
altoscope_resolver_init (AltoscopeResolver *self)
{
}

static gsize ares_initialised;

static void
read_back_servers (AltoscopeResolver *self)
{
  struct ares_addr_port_node *list = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  self->all_loopback = TRUE;
  if (ares_get_servers_ports (self->source->channel, &list) == ARES_SUCCESS)
    {
      for (struct ares_addr_port_node *n = list; n != NULL; n = n->next)
        {
          char buf[INET6_ADDRSTRLEN] = "";
          AltoscopeServer server = { 0 };
          g_autofree char *str = NULL;

          inet_ntop (n->family, &n->addr, buf, sizeof buf);
          server.address = buf;
          server.family = n->family == AF_INET6 ? G_SOCKET_FAMILY_IPV6 : G_SOCKET_FAMILY_IPV4;
          server.port = n->udp_port ? n->udp_port : ALTOSCOPE_DNS_DEFAULT_PORT;
          str = altoscope_server_to_string (&server);
          g_strv_builder_add (builder, str);
          if (!altoscope_server_is_loopback (&server))
            self->all_loopback = FALSE;
        }
      ares_free_data (list);
    }
  self->servers = g_strv_builder_end (builder);
  if (self->servers[0] == NULL)
    self->all_loopback = FALSE;
}

/**
 * altoscope_resolver_new:
 * @servers: (nullable): "ADDR[:PORT]" strings; %NULL or empty for the
 *   system's resolvers (/etc/resolv.conf)
 * @interface: (nullable): network interface to send from (needs
 *   CAP_NET_RAW), or %NULL
 * @timeout_ms: how long one query may take, 0 for the default
 */
AltoscopeResolver *
altoscope_resolver_new (const char * const  *servers,
                        const char          *interface,
                        guint                timeout_ms,
                        GError             **error)
{
  g_autoptr(AltoscopeResolver) self = NULL;
  struct ares_options options = { 0 };
  struct ares_addr_port_node *nodes = NULL;
  guint n_servers = servers ? g_strv_length ((GStrv) servers) : 0;
  g_autofree struct ares_addr_port_node *node_array = NULL;
  int status;

  if (g_once_init_enter (&ares_initialised))
    {
      ares_library_init (ARES_LIB_INIT_ALL);
      g_once_init_leave (&ares_initialised, 1);
    }

  self = g_object_new (ALTOSCOPE_TYPE_RESOLVER, NULL);
  self->timeout_ms = timeout_ms ? timeout_ms : ALTOSCOPE_DEFAULT_TIMEOUT_MS;
  self->interface = g_strdup (interface);

  node_array = g_new0 (struct ares_addr_port_node, MAX (n_servers, 1));
  for (guint i = 0; i < n_servers; i++)
    {
      AltoscopeServer server;
      struct ares_addr_port_node *node = &node_array[i];

      if (!altoscope_server_parse (servers[i], &server, error))
        return NULL;
      node->family = server.family == G_SOCKET_FAMILY_IPV6 ? AF_INET6 : AF_INET;
      inet_pton (node->family, server.address, &node->addr);
      node->udp_port = node->tcp_port = server.port;
      node->next = i + 1 < n_servers ? &node_array[i + 1] : NULL;
      altoscope_server_clear (&server);
    }
  if (n_servers > 0)
    nodes = node_array;

  self->source = (AresSource *) g_source_new (&ares_source_funcs, sizeof (AresSource));
  self->source->fds = g_hash_table_new (NULL, NULL);
  self->source->deadline = -1;
  g_source_set_static_name ((GSource *) self->source, "[altoscope] c-ares");

  /* NOCHECKRESP: without it c-ares swallows SERVFAIL and REFUSED and moves
   * to the next server, and we could not tell bogus data from a failure.
   * c-ares retries each server with a doubling timeout; a query's overall
   * limit is enforced by our own deadline. */
  options.flags = ARES_FLAG_NOCHECKRESP;
  options.timeout = MAX (self->timeout_ms / 4, 100);
  options.tries = 3;
  options.sock_state_cb = on_sock_state_cb;
  options.sock_state_cb_data = self->source;
  status = ares_init_options (&self->source->channel, &options,
                              ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES
                              | ARES_OPT_SOCK_STATE_CB);
  if (status != ARES_SUCCESS)
    {
      g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_NETWORK,
                   _("The DNS resolver could not be set up: %s"), ares_strerror (status));
      g_source_unref ((GSource *) self->source);
      self->source = NULL;
      return NULL;
    }

  if (nodes != NULL)
    {
      status = ares_set_servers_ports (self->source->channel, nodes);
      if (status != ARES_SUCCESS)
        {
          g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT,
                       _("The DNS servers could not be used: %s"), ares_strerror (status));
          return NULL;
        }
    }
  else
    self->uses_system = TRUE;

  if (interface != NULL)
    ares_set_local_dev (self->source->channel, interface);

  read_back_servers (self);
  g_source_attach ((GSource *) self->source, g_main_context_get_thread_default ());

  return g_steal_pointer (&self);
}

const char * const *
altoscope_resolver_get_servers (AltoscopeResolver *self)
{
  g_return_val_if_fail (ALTOSCOPE_IS_RESOLVER (self), NULL);
  return (const char * const *) self->servers;
}

gboolean
altoscope_resolver_get_uses_system (AltoscopeResolver *self)
{
  g_return_val_if_fail (ALTOSCOPE_IS_RESOLVER (self), FALSE);
  return self->uses_system;
}

gboolean
altoscope_resolver_get_all_loopback (AltoscopeResolver *self)
{
  g_return_val_if_fail (ALTOSCOPE_IS_RESOLVER (self), FALSE);
  return self->all_loopback;
}

const char *
altoscope_resolver_get_interface (AltoscopeResolver *self)
{
  g_return_val_if_fail (ALTOSCOPE_IS_RESOLVER (self), NULL);
  return self->interface;
}

guint
altoscope_resolver_get_timeout_ms (AltoscopeResolver *self)
{
  g_return_val_if_fail (ALTOSCOPE_IS_RESOLVER (self), 0);
  return self->timeout_ms;
}

/* ---- one query --------------------------------------------------------- */

typedef struct
{
  gatomicrefcount ref;
  GTask *task;              /* NULL once finished */
  ares_channel channel;
  AltoscopeDnsAnswer *answer;
  AltoscopeDnsMessage *first;
  gboolean cd_phase;
  gboolean no_edns;
  GSource *deadline;
  gulong cancel_id;
  gint64 started;
  guint timeout_ms;
} Query;

static Query *
query_ref (Query *q)
{
  g_atomic_ref_count_inc (&q->ref);
  return q;
}

static void
query_unref (Query *q)
{
  if (!g_atomic_ref_count_dec (&q->ref))
    return;
  g_assert (q->task == NULL);
  g_clear_pointer (&q->answer, altoscope_dns_answer_free);
  g_clear_pointer (&q->first, altoscope_dns_message_free);
  g_free (q);
}

static void send_query (Query *q);

/* Ends the query for the caller.  c-ares may still hold it; its callback
 * will then find q->task NULL and only drop its reference. */
static void
query_finish (Query  *q,
              GError *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&q->task);
  GCancellable *cancellable;

  if (task == NULL)
    {
      g_clear_error (&error);
      return;
    }

  if (q->deadline != NULL)
    {
      g_source_destroy (q->deadline);
      g_clear_pointer (&q->deadline, g_source_unref);
    }
  cancellable = g_task_get_cancellable (task);
  if (q->cancel_id != 0)
    {
      /* g_cancellable_disconnect() would deadlock if called from the
       * cancelled handler itself; that path clears cancel_id first. */
      g_cancellable_disconnect (cancellable, q->cancel_id);
      q->cancel_id = 0;
    }

  q->answer->elapsed_ms = (g_get_monotonic_time () - q->started) / 1000.0;

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&q->answer),
                           (GDestroyNotify) altoscope_dns_answer_free);
  query_unref (q);   /* the task's reference */
}

static void
fail_transport (Query              *q,
                AltoscopeErrorCode  code,
                char               *message)
{
  q->answer->failed = TRUE;
  q->answer->error_code = code;
  q->answer->error_message = message;
  q->answer->dnssec = ALTOSCOPE_DNSSEC_INDETERMINATE;
  q->answer->dnssec_detail = g_strdup (_("No answer came back, so its integrity is unknown"));
  query_finish (q, NULL);
}

static gboolean
on_deadline_cb (gpointer data)
{
  Query *q = data;

  g_clear_pointer (&q->deadline, g_source_unref);
  fail_transport (q, ALTOSCOPE_ERROR_TIMEOUT,
                  g_strdup_printf (_("No answer for “%s” within %.1f s"),
                                   q->answer->qname, q->timeout_ms / 1000.0));
  return G_SOURCE_REMOVE;
}

static void
on_cancelled_cb (GCancellable *cancellable,
                 gpointer      data)
{
  Query *q = data;

  /* Runs in the thread that cancelled; our callers cancel from the main
   * loop, as GTask-based APIs expect. */
  q->cancel_id = 0;
  if (q->task != NULL)
    {
      GError *error = g_error_new_literal (ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_CANCELLED,
                                           _("The lookup was cancelled"));
      query_finish (q, error);
    }
}

static void
arm_deadline (Query *q)
{
  if (q->deadline != NULL)
    {
      g_source_destroy (q->deadline);
      g_clear_pointer (&q->deadline, g_source_unref);
    }
  q->deadline = g_timeout_source_new (q->timeout_ms);
  g_source_set_static_name (q->deadline, "[altoscope] query deadline");
  g_source_set_callback (q->deadline, on_deadline_cb, q, NULL);
  g_source_attach (q->deadline, g_task_get_context (q->task));
}

static gboolean
question_matches (const AltoscopeDnsMessage *msg,
                  const AltoscopeDnsAnswer  *answer)
{
  return msg->qr && msg->qname != NULL && msg->qtype == answer->qtype
         && altoscope_dns_name_equal (msg->qname, answer->qname);
}

static void
on_ares_cb (void          *arg,
            int            status,
            int            timeouts,
            unsigned char *abuf,
            int            alen)
{
  Query *q = arg;
  g_autoptr(AltoscopeDnsMessage) msg = NULL;
  g_autoptr(GError) error = NULL;

  if (q->task == NULL)
    {
      query_unref (q);   /* c-ares' reference of an abandoned query */
      return;
    }

  switch (status)
    {
    case ARES_SUCCESS:
      break;
    case ARES_ETIMEOUT:
      fail_transport (q, ALTOSCOPE_ERROR_TIMEOUT,
                      g_strdup_printf (_("No DNS server answered for “%s”"), q->answer->qname));
      query_unref (q);
      return;
    case ARES_ECANCELLED:
    case ARES_EDESTRUCTION:
      query_finish (q, g_error_new_literal (ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_CANCELLED,
                                            _("The lookup was cancelled")));
      query_unref (q);
      return;
    case ARES_ECONNREFUSED:
      fail_transport (q, ALTOSCOPE_ERROR_NETWORK,
                      g_strdup (_("The DNS server refused the connection (nothing listens on "
                                  "its port, or a firewall rejects it)")));
      query_unref (q);
      return;
    case ARES_EBADRESP:
      fail_transport (q, ALTOSCOPE_ERROR_BAD_RESPONSE,
                      g_strdup (_("The DNS server sent a malformed answer")));
      query_unref (q);
      return;
    default:
      fail_transport (q, ALTOSCOPE_ERROR_NETWORK,
                      g_strdup_printf (_("The DNS query failed: %s"), ares_strerror (status)));
      query_unref (q);
      return;
    }

  msg = altoscope_dns_message_parse (abuf, alen, &error);
  if (msg == NULL)
    {
      fail_transport (q, ALTOSCOPE_ERROR_BAD_RESPONSE, g_strdup (error->message));
      query_unref (q);
      return;
    }
  if (!question_matches (msg, q->answer))
    {
      fail_transport (q, ALTOSCOPE_ERROR_BAD_RESPONSE,
                      g_strdup (_("The answer does not match the question that was asked")));
      query_unref (q);
      return;
    }
  if (alen > ALTOSCOPE_DNS_UDP_SIZE)
    q->answer->over_tcp = TRUE;

  if (!q->no_edns && !msg->has_opt && msg->rcode == ALTOSCOPE_DNS_RCODE_FORMERR)
    {
      /* A server that does not speak EDNS (RFC 6891 §7): ask again
       * without it.  No DO bit, so no DNSSEC status can come back. */
      q->no_edns = TRUE;
      q->answer->edns_fallback = TRUE;
      arm_deadline (q);
      send_query (q);
      query_unref (q);
      return;
    }

  if (!q->cd_phase && msg->rcode == ALTOSCOPE_DNS_RCODE_SERVFAIL)
    {
      /* Ask again with checking disabled: data coming back means the
       * resolver rejected it as bogus (RFC 4035 §3.2.2). */
      q->first = g_steal_pointer (&msg);
      q->cd_phase = TRUE;
      q->answer->cd_retry = TRUE;
      arm_deadline (q);
      send_query (q);
      query_unref (q);
      return;
    }

  if (q->cd_phase)
    altoscope_dns_answer_classify (q->answer, g_steal_pointer (&q->first), g_steal_pointer (&msg));
  else
    altoscope_dns_answer_classify (q->answer, g_steal_pointer (&msg), NULL);
  query_finish (q, NULL);
  query_unref (q);
}

static void
send_query (Query *q)
{
  g_autofree guint8 *buf = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  buf = altoscope_dns_build_query (q->answer->qname, q->answer->qtype, q->cd_phase,
                                   q->no_edns ? 0 : ALTOSCOPE_DNS_UDP_SIZE, &len, &error);
  if (buf == NULL)
    {
      fail_transport (q, ALTOSCOPE_ERROR_INVALID_INPUT, g_strdup (error->message));
      return;
    }
  /* c-ares' reference; may be dropped before ares_send() returns. */
  ares_send (q->channel, buf, (int) len, on_ares_cb, query_ref (q));
}

void
altoscope_resolver_query_async (AltoscopeResolver   *self,
                                const char          *name,
                                guint16              type,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  Query *q;
  GTask *task;

  g_return_if_fail (ALTOSCOPE_IS_RESOLVER (self));
  g_return_if_fail (name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, altoscope_resolver_query_async);
  /* Our own error says "cancelled", in the report's terms. */
  g_task_set_check_cancellable (task, FALSE);

  q = g_new0 (Query, 1);
  g_atomic_ref_count_init (&q->ref);   /* the task's reference */
  q->task = task;
  q->channel = self->source->channel;
  q->timeout_ms = self->timeout_ms;
  q->started = g_get_monotonic_time ();
  q->answer = g_new0 (AltoscopeDnsAnswer, 1);
  q->answer->qname = g_strdup (name);
  q->answer->qtype = type;
  q->answer->rcode = G_MAXUINT;
  q->answer->dnssec = ALTOSCOPE_DNSSEC_INDETERMINATE;

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_new_error (task, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_CANCELLED, "%s",
                               _("The lookup was cancelled"));
      q->task = NULL;
      g_object_unref (task);
      query_unref (q);
      return;
    }

  arm_deadline (q);
  if (cancellable != NULL)
    q->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled_cb), q, NULL);

  /* The query may already be finished when this returns. */
  if (q->task != NULL)
    send_query (q);
}

AltoscopeDnsAnswer *
altoscope_resolver_query_finish (AltoscopeResolver  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
