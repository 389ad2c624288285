/* altoscope-resolver.c
 *
 * One c-ares channel per DNS server, each driven by a custom GSource: c-ares
 * tells which sockets it wants watched (ARES_OPT_SOCK_STATE_CB) and when its
 * next timeout is (ares_timeout); the source polls exactly those and calls
 * ares_process_fd.  No threads, no polling timers.
 *
 * One channel per server because the choice of server is ours: c-ares 1.18
 * either swallows SERVFAIL and REFUSED (and so hides bogus data, whose
 * SERVFAIL we must see and repeat with CD) or, with NOCHECKRESP, stops at
 * the first server whatever it answers, and it never says which server
 * answered.  As every stub resolver does, a query goes to the next server
 * when one refuses, fails without a DNSSEC reason, sends garbage or stays
 * silent; a DNSSEC failure is final, since another validating resolver
 * would reach the same verdict.
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
#include "altoscope-transport.h"

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

  GPtrArray *sources;       /* AresSource*, one per server, in the order given */
  GStrv servers;            /* "ADDR:PORT", same order */
  char *interface;
  guint timeout_ms;
  guint attempt_ms;         /* how long one server is given before the next is asked */
  gboolean uses_system;
  gboolean all_loopback;
};

static void altoscope_resolver_transport_init (AltoscopeTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AltoscopeResolver, altoscope_resolver, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (ALTOSCOPE_TYPE_TRANSPORT,
                                                      altoscope_resolver_transport_init))

static void
ares_source_release (AresSource *as)
{
  if (as->channel == NULL)
    {
      g_source_destroy ((GSource *) as);
    }
  else if (as->dispatching > 0)
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

static void
altoscope_resolver_finalize (GObject *object)
{
  AltoscopeResolver *self = ALTOSCOPE_RESOLVER (object);

  g_clear_pointer (&self->sources, g_ptr_array_unref);
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
  self->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) ares_source_release);
}

static gsize ares_initialised;

static AresSource *
ares_source_new (void)
{
  AresSource *as = (AresSource *) g_source_new (&ares_source_funcs, sizeof (AresSource));

  as->fds = g_hash_table_new (NULL, NULL);
  as->deadline = -1;
  g_source_set_static_name ((GSource *) as, "[altoscope] c-ares");
  return as;
}

/* A channel of its own for one server, or for the system's configuration
 * when @node is NULL. */
static AresSource *
open_channel (AltoscopeResolver           *self,
              struct ares_addr_port_node  *node,
              GError                     **error)
{
  AresSource *as = ares_source_new ();
  struct ares_options options = { 0 };
  int status;

  /* NOCHECKRESP: every rcode comes back to us (see the top of this file).
   * One try per send: repeating, and moving on to the next server, is
   * ours; the query's overall limit is our own deadline. */
  options.flags = ARES_FLAG_NOCHECKRESP;
  options.timeout = (int) self->attempt_ms;
  options.tries = 1;
  options.sock_state_cb = on_sock_state_cb;
  options.sock_state_cb_data = as;
  status = ares_init_options (&as->channel, &options,
                              ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES
                              | ARES_OPT_SOCK_STATE_CB);
  if (status != ARES_SUCCESS)
    {
      g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_NETWORK,
                   _("The DNS resolver could not be set up: %s"), ares_strerror (status));
      as->channel = NULL;
      ares_source_release (as);
      return NULL;
    }
  if (node != NULL)
    {
      struct ares_addr_port_node one = *node;

      one.next = NULL;
      status = ares_set_servers_ports (as->channel, &one);
      if (status != ARES_SUCCESS)
        {
          g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT,
                       _("The DNS servers could not be used: %s"), ares_strerror (status));
          ares_source_release (as);
          return NULL;
        }
    }
  if (self->interface != NULL)
    ares_set_local_dev (as->channel, self->interface);
  return as;
}

static char *
node_to_string (const struct ares_addr_port_node *n,
                gboolean                         *loopback)
{
  char buf[INET6_ADDRSTRLEN] = "";
  AltoscopeServer server = { 0 };

  inet_ntop (n->family, &n->addr, buf, sizeof buf);
  server.address = buf;
  server.family = n->family == AF_INET6 ? G_SOCKET_FAMILY_IPV6 : G_SOCKET_FAMILY_IPV4;
  server.port = n->udp_port ? n->udp_port : ALTOSCOPE_DNS_DEFAULT_PORT;
  *loopback = altoscope_server_is_loopback (&server);
  return altoscope_server_to_string (&server);
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
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  struct ares_addr_port_node *list = NULL, *system_list = NULL;
  guint n_servers = servers ? g_strv_length ((GStrv) servers) : 0;
  g_autofree struct ares_addr_port_node *node_array = NULL;

  if (g_once_init_enter (&ares_initialised))
    {
      ares_library_init (ARES_LIB_INIT_ALL);
      g_once_init_leave (&ares_initialised, 1);
    }

  self = g_object_new (ALTOSCOPE_TYPE_RESOLVER, NULL);
  self->timeout_ms = timeout_ms ? timeout_ms : ALTOSCOPE_DEFAULT_TIMEOUT_MS;
  /* Up to four sends in the query's time, one server after another. */
  self->attempt_ms = MAX (self->timeout_ms / 4, 100);
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
    list = node_array;
  else
    {
      /* The system's servers, read by c-ares from /etc/resolv.conf. */
      AresSource *system = open_channel (self, NULL, error);

      if (system == NULL)
        return NULL;
      if (ares_get_servers_ports (system->channel, &system_list) != ARES_SUCCESS)
        system_list = NULL;
      ares_source_release (system);
      list = system_list;
      self->uses_system = TRUE;
    }

  self->all_loopback = list != NULL;
  for (struct ares_addr_port_node *n = list; n != NULL; n = n->next)
    {
      g_autoptr(GError) local_error = NULL;
      AresSource *as = open_channel (self, n, &local_error);
      gboolean loopback;
      g_autofree char *name = node_to_string (n, &loopback);

      if (as == NULL)
        {
          g_clear_pointer (&system_list, ares_free_data);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_ptr_array_add (self->sources, as);
      g_strv_builder_add (names, name);
      if (!loopback)
        self->all_loopback = FALSE;
      g_source_attach ((GSource *) as, g_main_context_get_thread_default ());
    }
  g_clear_pointer (&system_list, ares_free_data);
  self->servers = g_strv_builder_end (names);

  if (self->sources->len == 0)
    {
      g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_NETWORK,
                   _("There is no DNS server to ask"));
      return NULL;
    }
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

/* ---- one query --------------------------------------------------------- */

typedef struct
{
  gatomicrefcount ref;
  GTask *task;              /* NULL once finished */
  AltoscopeResolver *resolver;  /* alive while task is: the task holds it */
  AltoscopeDnsAnswer *answer;
  AltoscopeDnsMessage *first;   /* a SERVFAIL with a DNSSEC reason, repeated with CD */
  AltoscopeDnsMessage *refusal; /* the first answer that made us ask the next server */
  char *refusal_server;
  AltoscopeErrorCode transport_code;  /* the first transport failure, for the verdict */
  char *transport_message;
  guint server;             /* index of the server asked now */
  gboolean *done_with;      /* per server: it answered, badly; not asked again */
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
  g_clear_pointer (&q->refusal, altoscope_dns_message_free);
  g_free (q->refusal_server);
  g_free (q->transport_message);
  g_free (q->done_with);
  g_free (q);
}

static void send_query (Query *q);

static const char *
server_name (Query *q)
{
  return q->resolver->servers[q->server];
}

static void
add_attempt (Query      *q,
             const char *outcome)
{
  AltoscopeDnsAttempt a = { g_strdup (server_name (q)), g_strdup (outcome) };
  g_array_append_val (q->answer->attempts, a);
}

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

/* The query ends without a good answer: the best verdict we have.  A
 * SERVFAIL with a DNSSEC reason whose CD repeat did not come back stays
 * that SERVFAIL; an answer that made us try another server beats
 * silence; a transport failure beats nothing. */
static void
give_up (Query              *q,
         AltoscopeErrorCode  code,
         char               *message)
{
  if (q->first != NULL)
    {
      g_free (message);
      altoscope_dns_answer_classify (q->answer, g_steal_pointer (&q->first), NULL);
      query_finish (q, NULL);
    }
  else if (q->refusal != NULL)
    {
      g_free (message);
      g_free (q->answer->server);
      q->answer->server = g_steal_pointer (&q->refusal_server);
      altoscope_dns_answer_classify (q->answer, g_steal_pointer (&q->refusal), NULL);
      query_finish (q, NULL);
    }
  else if (q->transport_message != NULL && code == ALTOSCOPE_ERROR_TIMEOUT
           && q->transport_code != ALTOSCOPE_ERROR_TIMEOUT)
    {
      g_free (message);
      fail_transport (q, q->transport_code, g_steal_pointer (&q->transport_message));
    }
  else
    fail_transport (q, code, message);
}

/* Asks the next server that has not yet answered badly, after @server;
 * FALSE when every server has. */
static gboolean
next_server (Query *q)
{
  guint n = q->resolver->sources->len;

  for (guint i = 1; i <= n; i++)
    {
      guint candidate = (q->server + i) % n;
      if (!q->done_with[candidate])
        {
          q->server = candidate;
          q->no_edns = FALSE;
          send_query (q);
          return TRUE;
        }
    }
  return FALSE;
}

/* @server answered, but not usefully: remember it, ask the next one. */
static void
move_on (Query               *q,
         const char          *outcome,
         AltoscopeDnsMessage *msg,
         AltoscopeErrorCode   code,
         char                *message)
{
  add_attempt (q, outcome);
  q->done_with[q->server] = TRUE;
  if (msg != NULL && q->refusal == NULL)
    {
      q->refusal = msg;
      q->refusal_server = g_strdup (server_name (q));
    }
  else
    g_clear_pointer (&msg, altoscope_dns_message_free);
  if (message != NULL && q->transport_message == NULL)
    {
      q->transport_code = code;
      q->transport_message = g_strdup (message);
    }
  if (!next_server (q))
    give_up (q, code, message);
  else
    g_free (message);
}

static gboolean
on_deadline_cb (gpointer data)
{
  Query *q = data;

  g_clear_pointer (&q->deadline, g_source_unref);
  add_attempt (q, "timeout");   /* the send under way when time ran out */
  give_up (q, ALTOSCOPE_ERROR_TIMEOUT,
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
      GError *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
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

static gboolean
has_dnssec_reason (const AltoscopeDnsMessage *msg)
{
  for (guint i = 0; i < msg->ede->len; i++)
    if (altoscope_dns_ede_is_dnssec (g_array_index (msg->ede, AltoscopeDnsEde, i).info_code))
      return TRUE;
  return FALSE;
}

static gboolean
has_untried_server (Query *q)
{
  for (guint i = 0; i < q->resolver->sources->len; i++)
    if (i != q->server && !q->done_with[i])
      return TRUE;
  return FALSE;
}

/* c-ares gave no answer: each failure says what is tried next. */
static void
on_ares_failure (Query *q,
                 int    status)
{
  switch (status)
    {
    case ARES_ETIMEOUT:
      /* This server was given its time: the next one is asked, round and
       * round, until the query's deadline. */
      add_attempt (q, "timeout");
      if (q->cd_phase)
        send_query (q);   /* the CD repeat belongs to the server that failed */
      else
        next_server (q);  /* never FALSE: a silent server is not done with */
      break;
    case ARES_ECANCELLED:
    case ARES_EDESTRUCTION:
      query_finish (q, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                            _("The lookup was cancelled")));
      break;
    case ARES_ECONNREFUSED:
      move_on (q, "network", NULL, ALTOSCOPE_ERROR_NETWORK,
               g_strdup (_("The DNS server refused the connection (nothing listens on "
                           "its port, or a firewall rejects it)")));
      break;
    case ARES_EBADRESP:
      move_on (q, "bad-response", NULL, ALTOSCOPE_ERROR_BAD_RESPONSE,
               g_strdup (_("The DNS server sent a malformed answer")));
      break;
    default:
      move_on (q, "network", NULL, ALTOSCOPE_ERROR_NETWORK,
               g_strdup_printf (_("The DNS query failed: %s"), ares_strerror (status)));
      break;
    }
}

/* The answer is the verdict: it is classified, and the query finishes. */
static void
conclude (Query               *q,
          AltoscopeDnsMessage *first,
          AltoscopeDnsMessage *msg)
{
  g_free (q->answer->server);
  q->answer->server = g_strdup (server_name (q));
  altoscope_dns_answer_classify (q->answer, first, msg);
  query_finish (q, NULL);
}

/* Whether the rcode of *@msg sends the question on: to the next server, or
 * to the same one again with checking disabled (*@msg is then taken). */
static gboolean
rcode_sends_on (Query                *q,
                AltoscopeDnsMessage **msg)
{
  switch ((*msg)->rcode)
    {
    case ALTOSCOPE_DNS_RCODE_NOERROR:
    case ALTOSCOPE_DNS_RCODE_NXDOMAIN:
      return FALSE;

    case ALTOSCOPE_DNS_RCODE_SERVFAIL:
      if (!has_dnssec_reason (*msg) && has_untried_server (q))
        {
          move_on (q, "servfail", g_steal_pointer (msg), ALTOSCOPE_ERROR_SERVFAIL, NULL);
          return TRUE;
        }
      /* Ask the same server again with checking disabled: with a DNSSEC
       * reason the data that failed comes back (RFC 4035 §3.2.2); on the
       * last server it tells at least whether data exists. */
      add_attempt (q, "servfail");
      q->first = g_steal_pointer (msg);
      q->cd_phase = TRUE;
      q->answer->cd_retry = TRUE;
      send_query (q);
      return TRUE;

    default:
      /* REFUSED, NOTIMP, FORMERR to a plain query, …: this server will not
       * help; another may. */
      if (has_untried_server (q))
        {
          g_autofree char *outcome = g_ascii_strdown (altoscope_dns_rcode_to_string ((*msg)->rcode),
                                                      -1);
          move_on (q, outcome, g_steal_pointer (msg), ALTOSCOPE_ERROR_REFUSED, NULL);
          return TRUE;
        }
      return FALSE;
    }
}

/* c-ares brought @abuf back from the server asked. */
static void
on_ares_answer (Query         *q,
                unsigned char *abuf,
                int            alen)
{
  g_autoptr(AltoscopeDnsMessage) msg = NULL;
  g_autoptr(GError) error = NULL;

  msg = altoscope_dns_message_parse (abuf, alen, &error);
  if (msg == NULL)
    {
      move_on (q, "bad-response", NULL, ALTOSCOPE_ERROR_BAD_RESPONSE, g_strdup (error->message));
      return;
    }
  if (!question_matches (msg, q->answer))
    {
      move_on (q, "bad-response", NULL, ALTOSCOPE_ERROR_BAD_RESPONSE,
               g_strdup (_("The answer does not match the question that was asked")));
      return;
    }
  if (alen > ALTOSCOPE_DNS_UDP_SIZE)
    q->answer->over_tcp = TRUE;

  if (q->cd_phase)
    {
      add_attempt (q, "answered");
      conclude (q, g_steal_pointer (&q->first), g_steal_pointer (&msg));
      return;
    }

  if (!q->no_edns && !msg->has_opt && msg->rcode == ALTOSCOPE_DNS_RCODE_FORMERR)
    {
      /* A server that does not speak EDNS (RFC 6891 §7): ask it again
       * without it.  No DO bit, so no DNSSEC status can come back. */
      add_attempt (q, "formerr");
      q->no_edns = TRUE;
      q->answer->edns_fallback = TRUE;
      send_query (q);
      return;
    }

  if (rcode_sends_on (q, &msg))
    return;

  {
    g_autofree char *outcome = msg->rcode == ALTOSCOPE_DNS_RCODE_NOERROR
                               || msg->rcode == ALTOSCOPE_DNS_RCODE_NXDOMAIN
                               ? g_strdup ("answered")
                               : g_ascii_strdown (altoscope_dns_rcode_to_string (msg->rcode), -1);
    add_attempt (q, outcome);
  }
  /* Every server answered badly: the last one asked gives the verdict,
   * and the attempts say what the others answered. */
  conclude (q, g_steal_pointer (&msg), NULL);
}

/* Holds c-ares' reference to @arg until the step it decided is taken. */
static void
on_ares_cb (void          *arg,
            int            status,
            int            timeouts,
            unsigned char *abuf,
            int            alen)
{
  Query *q = arg;

  if (q->task == NULL)
    {
      query_unref (q);   /* c-ares' reference of an abandoned query */
      return;
    }

  if (status == ARES_SUCCESS)
    on_ares_answer (q, abuf, alen);
  else
    on_ares_failure (q, status);
  query_unref (q);
}

static void
send_query (Query *q)
{
  g_autofree guint8 *buf = NULL;
  g_autoptr(GError) error = NULL;
  AresSource *as = q->resolver->sources->pdata[q->server];
  gsize len;

  buf = altoscope_dns_build_query (q->answer->qname, q->answer->qtype, q->cd_phase,
                                   q->no_edns ? 0 : ALTOSCOPE_DNS_UDP_SIZE, &len, &error);
  if (buf == NULL)
    {
      fail_transport (q, ALTOSCOPE_ERROR_INVALID_INPUT, g_strdup (error->message));
      return;
    }
  /* c-ares' reference; may be dropped before ares_send() returns. */
  ares_send (as->channel, buf, (int) len, on_ares_cb, query_ref (q));
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
  q->resolver = self;
  q->done_with = g_new0 (gboolean, self->sources->len);
  q->timeout_ms = self->timeout_ms;
  q->started = g_get_monotonic_time ();
  q->answer = g_new0 (AltoscopeDnsAnswer, 1);
  q->answer->qname = g_strdup (name);
  q->answer->qtype = type;
  q->answer->attempts = altoscope_dns_attempts_new ();
  q->answer->rcode = G_MAXUINT;
  q->answer->dnssec = ALTOSCOPE_DNSSEC_INDETERMINATE;

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
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

/* ---- as a transport ------------------------------------------------------ */

static void
transport_query_async (AltoscopeTransport  *transport,
                       const char          *name,
                       guint16              type,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  altoscope_resolver_query_async (ALTOSCOPE_RESOLVER (transport), name, type, cancellable,
                                  callback, user_data);
}

static AltoscopeDnsAnswer *
transport_query_finish (AltoscopeTransport  *transport,
                        GAsyncResult        *result,
                        GError             **error)
{
  return altoscope_resolver_query_finish (ALTOSCOPE_RESOLVER (transport), result, error);
}

static const char * const *
transport_get_servers (AltoscopeTransport *transport)
{
  return altoscope_resolver_get_servers (ALTOSCOPE_RESOLVER (transport));
}

static gboolean
transport_get_uses_system (AltoscopeTransport *transport)
{
  return altoscope_resolver_get_uses_system (ALTOSCOPE_RESOLVER (transport));
}

static gboolean
transport_get_all_loopback (AltoscopeTransport *transport)
{
  return altoscope_resolver_get_all_loopback (ALTOSCOPE_RESOLVER (transport));
}

static const char *
transport_get_interface (AltoscopeTransport *transport)
{
  return altoscope_resolver_get_interface (ALTOSCOPE_RESOLVER (transport));
}

static void
altoscope_resolver_transport_init (AltoscopeTransportInterface *iface)
{
  iface->query_async = transport_query_async;
  iface->query_finish = transport_query_finish;
  iface->get_servers = transport_get_servers;
  iface->get_uses_system = transport_get_uses_system;
  iface->get_all_loopback = transport_get_all_loopback;
  iface->get_interface = transport_get_interface;
}
