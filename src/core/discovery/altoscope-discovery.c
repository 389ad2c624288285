/* altoscope-discovery.c
 *
 * From a domain to ranked ALTO server URIs (RFC 7286 §3.2, RFC 4848, the
 * DDDS of RFC 3402/3403 and its client rules in RFC 3958 §2.2):
 *
 *  1. NAPTR query for the domain; each record judged on its own
 *     (altoscope-naptr.c).
 *  2. The records of the lowest order are resolved first, and only they:
 *     their non-terminal records are followed (loop detection along each
 *     path, at most ALTOSCOPE_MAX_HOPS) and the hosts of their URIs are
 *     asked for A and AAAA, all in parallel.  A higher order never takes
 *     budget or rank from a lower one (RFC 3403 §4.1).
 *  3. When that order is complete, it is decided (order_complete): if it
 *     gave a URI whose host has an address, the node is done and higher
 *     orders are never looked at.  Otherwise the next order is resolved
 *     ("go back and try other paths", RFC 3958 §2.2.4).  A node's decision
 *     is reported to the record that led to it, whose own order may then be
 *     complete, up to the root.
 *  4. When the root is decided, the tree is ranked (altoscope-discovery-
 *     rank.c).  The simple case still takes two dependent round trips.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "altoscope-discovery.h"
#include "altoscope-domain.h"
#include "altoscope-target-private.h"
#include "altoscope-validator.h"

#include "altoscope-discovery-private.h"

static void
node_free (Node *node)
{
  g_free (node->domain);
  g_strfreev (node->chain);
  g_strfreev (node->path_protocols);
  g_clear_pointer (&node->answer, altoscope_dns_answer_free);
  g_clear_error (&node->error);
  g_clear_pointer (&node->records, g_ptr_array_unref);
  g_clear_pointer (&node->children, g_hash_table_unref);
  g_free (node);
}

static Node *
node_new (const char  *domain,
          Node        *parent,
          const GStrv  path_protocols)
{
  Node *node = g_new0 (Node, 1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  node->domain = g_strdup (domain);
  node->parent = parent;
  node->hop = parent ? parent->hop + 1 : 0;
  if (parent)
    g_strv_builder_addv (builder, (const char **) parent->chain);
  g_strv_builder_add (builder, domain);
  node->chain = g_strv_builder_end (builder);
  node->path_protocols = g_strdupv (path_protocols);
  node->records = g_ptr_array_new_with_free_func ((GDestroyNotify) altoscope_naptr_record_unref);
  node->children = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) node_free);
  node->chosen_order = node->last_order = node->passed_order = -1;
  return node;
}

static void
host_lookup_free (HostLookup *h)
{
  g_free (h->host);
  g_clear_pointer (&h->waiters, g_ptr_array_unref);
  g_clear_pointer (&h->answers[0], altoscope_dns_answer_free);
  g_clear_pointer (&h->answers[1], altoscope_dns_answer_free);
  g_free (h);
}

static void
discovery_free (Discovery *d)
{
  g_clear_object (&d->transport);
  g_clear_object (&d->backoff);
  g_clear_object (&d->target);
  g_free (d->backoff_key);
  g_free (d->validation_failure);
  altoscope_backoff_entry_clear (&d->previous);
  g_clear_pointer (&d->root, node_free);
  g_clear_pointer (&d->hosts, g_hash_table_unref);
  g_free (d);
}

static double
now_ms (Discovery *d)
{
  return (g_get_monotonic_time () - d->started) / 1000.0;
}

static void
trace (Discovery  *d,
       const char *event,
       const char *format,
       ...) G_GNUC_PRINTF (3, 4);

static void
trace (Discovery  *d,
       const char *event,
       const char *format,
       ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  _altoscope_target_add_trace (d->target, now_ms (d), event, detail);
}

static void finish (GTask *task);
static void on_naptr_answer_cb (GObject *source, GAsyncResult *result, gpointer data);
static void on_host_answer_cb (GObject *source, GAsyncResult *result, gpointer data);

static void
start_query (GTask      *task,
             const char *name,
             guint16     type,
             Pending    *p,
             GAsyncReadyCallback cb)
{
  Discovery *d = g_task_get_task_data (task);

  d->pending++;
  p->task = g_object_ref (task);
  trace (d, "query", _("%s query for “%s”"), altoscope_dns_type_to_string (type), name);
  altoscope_transport_query_async (d->transport, name, type, g_task_get_cancellable (task), cb,
                                   p);
}

static void
query_node (GTask *task,
            Node  *node)
{
  Discovery *d = g_task_get_task_data (task);
  Pending *p = g_new0 (Pending, 1);

  d->naptr_queries++;
  p->node = node;
  start_query (task, node->domain, ALTOSCOPE_DNS_TYPE_NAPTR, p, on_naptr_answer_cb);
}

static gboolean
host_done (HostLookup *h)
{
  return h->outstanding == 0;
}

/* TRUE when @host is an IP address or resolved to at least one address. */
gboolean
_altoscope_discovery_host_has_address (Discovery  *d,
                                       const char *host)
{
  HostLookup *h;

  if (altoscope_domain_is_ip_literal (host))
    return TRUE;
  h = g_hash_table_lookup (d->hosts, host);
  if (h == NULL)
    return FALSE;
  for (int slot = 0; slot < 2; slot++)
    {
      AltoscopeDnsAnswer *answer = h->answers[slot];
      g_autoptr(GPtrArray) rrs = NULL;

      if (answer == NULL || answer->failed || answer->msg == NULL)
        continue;
      rrs = altoscope_dns_message_answers_for (answer->msg, answer->qtype, NULL);
      if (rrs->len > 0)
        return TRUE;
    }
  return FALSE;
}

/* Starts the A and AAAA lookups of @host unless they are known or under
 * way; TRUE when @node must wait for them. */
static gboolean
lookup_host (GTask      *task,
             Node       *node,
             const char *host)
{
  Discovery *d = g_task_get_task_data (task);
  HostLookup *h;

  if (altoscope_domain_is_ip_literal (host))
    return FALSE;
  h = g_hash_table_lookup (d->hosts, host);
  if (h == NULL)
    {
      if (g_hash_table_size (d->hosts) >= ALTOSCOPE_MAX_HOSTS)
        {
          if (!d->host_limit_hit)
            trace (d, "limit", _("Not resolving more than %d distinct hosts"),
                   ALTOSCOPE_MAX_HOSTS);
          d->host_limit_hit = TRUE;
          return FALSE;
        }
      h = g_new0 (HostLookup, 1);
      h->host = g_strdup (host);
      h->waiters = g_ptr_array_new ();
      g_hash_table_insert (d->hosts, h->host, h);
      for (int slot = 0; slot < 2; slot++)
        {
          Pending *p = g_new0 (Pending, 1);
          p->host = h;
          p->slot = slot;
          h->outstanding++;
          start_query (task, host, slot == 0 ? ALTOSCOPE_DNS_TYPE_A : ALTOSCOPE_DNS_TYPE_AAAA,
                       p, on_host_answer_cb);
        }
    }
  if (host_done (h) || g_ptr_array_find (h->waiters, node, NULL))
    return FALSE;
  g_ptr_array_add (h->waiters, node);
  return TRUE;
}

static gboolean
chain_contains (const GStrv  chain,
                const char  *domain)
{
  for (guint i = 0; chain[i] != NULL; i++)
    if (altoscope_dns_name_equal (chain[i], domain))
      return TRUE;
  return FALSE;
}

/* The protocols a path allows after @record: the intersection of what the
 * non-terminal records on it name (RFC 3958 §2.2.3); NULL when none
 * narrowed it. */
static GStrv
narrow_protocols (const GStrv                 path,
                  const AltoscopeNaptrRecord *record)
{
  g_autoptr(GStrvBuilder) builder = NULL;

  if (record->protocols == NULL)
    return g_strdupv (path);
  if (path == NULL)
    return g_strdupv (record->protocols);
  builder = g_strv_builder_new ();
  for (guint i = 0; path[i] != NULL; i++)
    if (g_strv_contains ((const char * const *) record->protocols, path[i]))
      g_strv_builder_add (builder, path[i]);
  return g_strv_builder_end (builder);
}

/* Both views of @answer (issue 17).  A proof that contradicts what the
 * resolver claimed is the most important thing a result can say: someone
 * altered the answer on the way (the resolver vouched for bad data), or
 * the resolver's own validation is wrong; or the resolver vouched for an
 * answer whose proof the path withheld (the validator could not finish,
 * so the answer is indeterminate).  An answer Altoscope did not
 * prove is counted, with the reason, for the caveat about the path. */
static void
judge_views (Discovery                *d,
             const AltoscopeDnsAnswer *answer)
{
  AltoscopeDnssec claim = altoscope_dns_answer_resolver_dnssec (answer);
  const char *type = altoscope_dns_type_to_string (answer->qtype);
  g_autofree char *message = NULL;

  d->answers++;
  if (answer->validator != ALTOSCOPE_DNSSEC_VALIDATOR_ALTOSCOPE)
    {
      d->unproved++;
      if (d->validation_failure == NULL && answer->validation_failure != NULL)
        d->validation_failure = g_strdup (answer->validation_failure);
      return;
    }
  if (claim == ALTOSCOPE_DNSSEC_SECURE && answer->dnssec == ALTOSCOPE_DNSSEC_BOGUS)
    message = g_strdup_printf (_("The DNS answers on this network were altered on the way: the "
                                 "resolver vouched (DNSSEC secure) for the %s answer for “%s”, "
                                 "whose signatures Altoscope found wrong (bogus%s%s)"),
                               type, answer->qname, answer->why_bogus ? ": " : "",
                               answer->why_bogus ? answer->why_bogus : "");
  else if (claim == ALTOSCOPE_DNSSEC_BOGUS && answer->dnssec == ALTOSCOPE_DNSSEC_SECURE)
    message = g_strdup_printf (_("The resolver called the %s answer for “%s” bogus, but "
                                 "Altoscope proved it secure from the trust anchor: the "
                                 "resolver's own DNSSEC validation is wrong"),
                               type, answer->qname);
  else if (claim == ALTOSCOPE_DNSSEC_SECURE && answer->dnssec == ALTOSCOPE_DNSSEC_INDETERMINATE
           && answer->validation_failure != NULL)
    /* The validator could not finish while the resolver vouched: a
     * validating resolver passes on the proof (RFC 4035 §3.2.1), so this
     * is a downgrade or a path that contradicts itself (issue 17). */
    message = g_strdup_printf (_("The resolver vouched (DNSSEC secure) for the %s answer for "
                                 "“%s”, but the path withheld the records that would prove "
                                 "it, so Altoscope does not take it as secure: the answers may "
                                 "have been altered on the way (%s)"),
                               type, answer->qname, answer->validation_failure);
  if (message == NULL)
    return;
  altoscope_target_add_warning (d->target, "dnssec-mismatch", message);
  trace (d, "dnssec-mismatch", "%s", message);
}

/* RFC 7286 §6: a status only the resolver vouched for is only as
 * trustworthy as the path to it.  Said when an answer was not proved by
 * Altoscope (and why not, when known), or when nothing was asked of a
 * transport that cannot prove. */
static void
warn_unproved (Discovery *d)
{
  g_autofree char *message = NULL;

  /* Said wherever the servers are: a forwarder on this machine that drops
   * DNSSEC's records leaves the status as much the resolver's alone. */
  if (d->unproved > 0 && d->validation_failure != NULL)
    {
      g_autofree char *why = g_strdup_printf (_("Altoscope could not check DNSSEC itself, so the "
                                                "status shown is the resolver’s word. Why: %s"),
                                              d->validation_failure);
      altoscope_target_add_warning (d->target, "dnssec-not-validated", why);
    }
  if (altoscope_target_get_resolvers_on_loopback (d->target))
    return;
  if (d->unproved == 0 && (d->answers > 0 || ALTOSCOPE_IS_VALIDATOR (d->transport)))
    return;
  if (d->validation_failure != NULL)
    message = g_strdup_printf (_("The DNS servers are reached over the network and Altoscope "
                                 "could not validate DNSSEC itself (%s): a DNSSEC “secure” "
                                 "status is only as trustworthy as that path"),
                               d->validation_failure);
  else
    message = g_strdup (_("The DNS servers are reached over the network: a DNSSEC "
                          "“secure” status is only as trustworthy as that path"));
  altoscope_target_add_warning (d->target, "resolver-not-loopback", message);
}

static void
trace_answer (Discovery          *d,
              AltoscopeDnsAnswer *answer)
{
  _altoscope_target_add_answer (d->target, answer);
  judge_views (d, answer);
  /* Which server let the query down, and which one answered. */
  for (guint i = 0; answer->attempts && i < answer->attempts->len; i++)
    {
      const AltoscopeDnsAttempt *a = &g_array_index (answer->attempts, AltoscopeDnsAttempt, i);
      if (!g_str_equal (a->outcome, "answered") && answer->attempts->len > 1)
        trace (d, "server", _("%s for “%s”: %s from %s"),
               altoscope_dns_type_to_string (answer->qtype), answer->qname, a->outcome,
               a->server);
    }
  if (answer->server != NULL && answer->attempts != NULL && answer->attempts->len > 1)
    trace (d, "server", _("%s for “%s”: the answer used is from %s"),
           altoscope_dns_type_to_string (answer->qtype), answer->qname, answer->server);
  if (answer->failed)
    trace (d, "answer", _("%s for “%s”: %s (%.1f ms)"),
           altoscope_dns_type_to_string (answer->qtype), answer->qname,
           answer->error_message, answer->elapsed_ms);
  else if (altoscope_dns_answer_is_nodata (answer))
    trace (d, "answer", _("%s for “%s”: no %s record (NODATA), DNSSEC %s%s (%.1f ms)"),
           altoscope_dns_type_to_string (answer->qtype), answer->qname,
           altoscope_dns_type_to_string (answer->qtype),
           altoscope_dnssec_to_string (answer->dnssec),
           answer->over_tcp ? _(", over TCP (too large for UDP)") : "",
           answer->elapsed_ms);
  else
    trace (d, "answer", _("%s for “%s”: %s, %u records, DNSSEC %s%s (%.1f ms)"),
           altoscope_dns_type_to_string (answer->qtype), answer->qname,
           altoscope_dns_rcode_to_string (answer->rcode),
           altoscope_dns_answer_count_asked (answer),
           altoscope_dnssec_to_string (answer->dnssec),
           answer->over_tcp ? _(", over TCP (too large for UDP)") : "",
           answer->elapsed_ms);
  if (answer->edns_fallback)
    trace (d, "retry-no-edns", _("The server for “%s” rejected EDNS (FORMERR): asked again "
                                 "without it, so DNSSEC cannot be judged (RFC 6891 §7)"),
           answer->qname);
  if (answer->cd_retry)
    trace (d, "retry-cd", _("SERVFAIL for “%s” was asked again with checking disabled (CD) "
                            "to tell bogus data from a failure"), answer->qname);
}

/* Reads @node's answer into its sorted records, each judged on its own. */
static void
read_records (Node *node)
{
  AltoscopeDnsAnswer *answer = node->answer;
  g_autoptr(GPtrArray) rrs = NULL;
  g_autofree char *final_name = NULL;

  if (answer == NULL || answer->msg == NULL || answer->nxdomain
      || (answer->failed && answer->error_code != ALTOSCOPE_ERROR_BOGUS))
    return;

  rrs = altoscope_dns_message_answers_for (answer->msg, ALTOSCOPE_DNS_TYPE_NAPTR, &final_name);
  node->has_naptr = rrs->len > 0;
  for (guint i = 0; i < rrs->len; i++)
    g_ptr_array_add (node->records, altoscope_naptr_record_new_from_rr (rrs->pdata[i], node->hop));

  /* NAPTR records for another name than the one asked: shown, never used. */
  for (guint i = 0; i < answer->msg->records->len; i++)
    {
      const AltoscopeDnsRecord *rr = answer->msg->records->pdata[i];
      AltoscopeNaptrRecord *stray;

      if (rr->section != ALTOSCOPE_DNS_SECTION_ANSWER || rr->type != ALTOSCOPE_DNS_TYPE_NAPTR
          || g_ptr_array_find (rrs, rr, NULL))
        continue;
      stray = altoscope_naptr_record_new_from_rr (rr, node->hop);
      altoscope_naptr_record_set_ignored (stray, ALTOSCOPE_NAPTR_OWNER_MISMATCH,
                                          _("The record is for “%s”, not for the name asked "
                                            "(“%s”)"), rr->name, final_name);
      g_ptr_array_add (node->records, stray);
    }
  g_ptr_array_sort (node->records, altoscope_naptr_record_compare);

  if (answer->failed && answer->error_code == ALTOSCOPE_ERROR_BOGUS)
    for (guint i = 0; i < node->records->len; i++)
      altoscope_naptr_record_set_ignored (node->records->pdata[i], ALTOSCOPE_NAPTR_BOGUS,
                                          _("DNSSEC validation of this record set failed "
                                            "(bogus); shown as the resolver returned it "
                                            "with checking disabled"));
}

/* Starts what one usable record of the current order needs: its host's
 * addresses, or the next domain's NAPTR records.  TRUE when the order must
 * wait for it. */
static gboolean
start_record (GTask                *task,
              Node                 *node,
              AltoscopeNaptrRecord *record)
{
  Discovery *d = g_task_get_task_data (task);
  Node *child;
  g_auto(GStrv) protocols = NULL;

  if (record->terminal)
    return lookup_host (task, node, record->host);

  if (chain_contains (node->chain, record->replacement))
    {
      altoscope_naptr_record_set_ignored (record, ALTOSCOPE_NAPTR_LOOP,
                                          _("Following this record leads back to “%s”, "
                                            "which was already queried: a loop"),
                                          record->replacement);
      trace (d, "loop", _("“%s” → “%s” closes a loop"), node->domain, record->replacement);
      return FALSE;
    }
  if (node->hop + 1 > ALTOSCOPE_MAX_HOPS)
    {
      altoscope_naptr_record_set_ignored (record, ALTOSCOPE_NAPTR_CHAIN_TOO_LONG,
                                          _("Following this record would make the chain "
                                            "longer than %d hops"), ALTOSCOPE_MAX_HOPS);
      trace (d, "chain-too-long", _("Not following “%s” → “%s”: more than %d hops"),
             node->domain, record->replacement, ALTOSCOPE_MAX_HOPS);
      return FALSE;
    }
  if (d->naptr_queries >= ALTOSCOPE_MAX_NAPTR_QUERIES)
    {
      altoscope_naptr_record_set_ignored (record, ALTOSCOPE_NAPTR_QUERY_LIMIT,
                                          _("Not followed: this discovery already sent %d "
                                            "NAPTR queries, the most it sends for one "
                                            "domain"), ALTOSCOPE_MAX_NAPTR_QUERIES);
      trace (d, "limit", _("Not following “%s” → “%s”: query limit reached"),
             node->domain, record->replacement);
      return FALSE;
    }

  protocols = narrow_protocols (node->path_protocols, record);
  child = node_new (record->replacement, node, protocols);
  g_hash_table_insert (node->children, record, child);
  trace (d, "follow", _("Non-terminal record: “%s” → “%s” (hop %d)"),
         node->domain, record->replacement, child->hop);
  query_node (task, child);
  return TRUE;
}

/* What the records of @order gave, now that all they needed is known. */
static Yield
order_yield (Discovery *d,
             Node      *node,
             int        order)
{
  Yield best = YIELD_NONE;

  for (guint i = 0; i < node->records->len; i++)
    {
      AltoscopeNaptrRecord *record = node->records->pdata[i];
      Yield y = YIELD_NONE;

      if (record->order != order || !record->usable)
        continue;
      if (record->terminal)
        y = _altoscope_discovery_host_has_address (d, record->host) ? YIELD_STRONG : YIELD_WEAK;
      else
        {
          Node *child = g_hash_table_lookup (node->children, record);
          if (child != NULL && child->decided)
            y = child->yield;
        }
      best = MAX (best, y);
    }
  return best;
}

static void node_run (GTask *task, Node *node);

static void
node_decide (GTask *task,
             Node  *node)
{
  Discovery *d = g_task_get_task_data (task);

  node->decided = TRUE;
  if (node->parent == NULL)
    {
      d->root_decided = TRUE;
      if (d->pending == 0)
        finish (task);
    }
  else if (--node->parent->waiting == 0)
    node_run (task, node->parent);
}

/* The current order of @node is complete: TRUE when it decides the node
 * (a URI with an address); otherwise the next order is to be tried. */
static gboolean
order_complete (Discovery *d,
                Node      *node)
{
  Yield y = order_yield (d, node, node->last_order);

  if (y == YIELD_STRONG)
    {
      node->chosen_order = node->last_order;
      node->yield = YIELD_STRONG;
      if (node->passed_order >= 0)
        trace (d, "order-chosen", _("Order %d of “%s” gives a URI with an address: it is the "
                                    "one used"), node->chosen_order, node->domain);
      return TRUE;
    }

  /* The first order that gave URIs at all: if no later order gives one
   * with an address, these are still what a client has. */
  if (y == YIELD_WEAK && node->yield == YIELD_NONE)
    {
      node->yield = YIELD_WEAK;
      node->chosen_order = node->last_order;
    }
  if (node->next_record < node->records->len)
    {
      AltoscopeNaptrRecord *next = node->records->pdata[node->next_record];
      gboolean had_usable = FALSE;

      for (guint i = 0; i < node->next_record; i++)
        {
          AltoscopeNaptrRecord *r = node->records->pdata[i];
          if (r->order == node->last_order && r->usable)
            had_usable = TRUE;
        }
      if (had_usable && (node->passed_order < 0 || node->passed_yield < y))
        {
          node->passed_order = node->last_order;
          node->passed_yield = y;
        }
      if (y == YIELD_WEAK)
        trace (d, "next-order", _("Order %d of “%s” gave URIs, but none whose host has an "
                                  "address: trying order %d (RFC 3958 §2.2.4)"),
               node->last_order, node->domain, next->order);
      else if (had_usable)
        trace (d, "next-order", _("Order %d of “%s” gave no usable URI: trying order %d "
                                  "(RFC 3403 §4.1)"),
               node->last_order, node->domain, next->order);
    }
  return FALSE;
}

/* Starts every usable record of the next order of @node. */
static void
start_order (GTask *task,
             Node  *node)
{
  AltoscopeNaptrRecord *first = node->records->pdata[node->next_record];

  node->last_order = first->order;
  for (; node->next_record < node->records->len; node->next_record++)
    {
      AltoscopeNaptrRecord *record = node->records->pdata[node->next_record];

      if (record->order != node->last_order)
        break;
      if (record->usable && start_record (task, node, record))
        node->waiting++;
    }
}

/* Runs @node on from a point where it waits for nothing: right after its
 * answer, or when the order it was resolving is complete.  Orders are
 * tried lowest first until one gives a URI with an address. */
static void
node_run (GTask *task,
          Node  *node)
{
  Discovery *d = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  g_assert (node->waiting == 0);
  for (;;)
    {
      if (node->last_order >= 0 && order_complete (d, node))
        break;
      if (node->next_record >= node->records->len
          || (cancellable != NULL && g_cancellable_is_cancelled (cancellable)))
        break;
      start_order (task, node);
      if (node->waiting > 0)
        return;   /* node_decide() or on_host_answer_cb() comes back here */
    }
  node_decide (task, node);
}

static void
pending_done (Pending *p)
{
  g_autoptr(GTask) task = g_steal_pointer (&p->task);
  Discovery *d = g_task_get_task_data (task);

  g_free (p);
  if (--d->pending == 0 && d->root_decided)
    finish (task);
}

static void
on_naptr_answer_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  Pending *p = data;
  GTask *task = p->task;
  Discovery *d = g_task_get_task_data (task);
  Node *node = p->node;

  node->answer = altoscope_transport_query_finish (ALTOSCOPE_TRANSPORT (source), result,
                                                   &node->error);
  if (node->answer != NULL)
    {
      trace_answer (d, node->answer);
      read_records (node);
    }
  /* Keep the task alive across node_run(): pending_done() drops the
   * reference the query held. */
  g_object_ref (task);
  node_run (task, node);
  pending_done (p);
  g_object_unref (task);
}

static void
on_host_answer_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  Pending *p = data;
  GTask *task = p->task;
  Discovery *d = g_task_get_task_data (task);
  HostLookup *h = p->host;
  AltoscopeDnsAnswer *answer;

  answer = altoscope_transport_query_finish (ALTOSCOPE_TRANSPORT (source), result, NULL);
  if (answer != NULL)
    {
      trace_answer (d, answer);
      h->answers[p->slot] = answer;
    }
  g_object_ref (task);
  if (--h->outstanding == 0)
    {
      g_autoptr(GPtrArray) waiters = g_steal_pointer (&h->waiters);

      h->waiters = g_ptr_array_new ();
      for (guint i = 0; i < waiters->len; i++)
        {
          Node *node = waiters->pdata[i];
          if (--node->waiting == 0)
            node_run (task, node);
        }
    }
  pending_done (p);
  g_object_unref (task);
}

/* The eligible URIs are what a client would use: the weakest of them is
 * what the whole result is worth, proved only if each of them was. */
static void
set_result_dnssec (AltoscopeTarget *target,
                   GPtrArray       *uris)
{
  AltoscopeUri *weakest = NULL;
  AltoscopeDnssec claimed = ALTOSCOPE_DNSSEC_SECURE;
  gboolean proved = TRUE;

  for (guint i = 0; i < uris->len; i++)
    {
      AltoscopeUri *uri = uris->pdata[i];
      if (!uri->eligible)
        continue;
      if (weakest == NULL || uri->dnssec < weakest->dnssec)
        weakest = uri;
      claimed = MIN (claimed, uri->resolver_dnssec);
      proved &= uri->dnssec_validator == ALTOSCOPE_DNSSEC_VALIDATOR_ALTOSCOPE;
    }
  _altoscope_target_set_dnssec (target,
                                weakest ? weakest->dnssec : ALTOSCOPE_DNSSEC_INDETERMINATE,
                                weakest ? weakest->dnssec_detail : NULL);
  _altoscope_target_set_dnssec_views (target,
                                      weakest && proved ? ALTOSCOPE_DNSSEC_VALIDATOR_ALTOSCOPE
                                                        : ALTOSCOPE_DNSSEC_VALIDATOR_RESOLVER,
                                      weakest ? claimed : ALTOSCOPE_DNSSEC_INDETERMINATE);
}

static void
finish (GTask *task)
{
  Discovery *d = g_task_get_task_data (task);
  AltoscopeTarget *target = d->target;
  g_autoptr(GPtrArray) uris = g_ptr_array_new_with_free_func ((GDestroyNotify) altoscope_uri_unref);
  GCancellable *cancellable = g_task_get_cancellable (task);

  _altoscope_discovery_rank (d, uris);
  if (altoscope_target_get_records_total (target) > altoscope_target_get_records (target)->len
      || altoscope_target_get_uris_total (target) > uris->len)
    {
      guint records_total = altoscope_target_get_records_total (target);
      guint uris_total = altoscope_target_get_uris_total (target);
      g_autofree char *message =
        g_strdup_printf (_("%u records; %u not shown. %u URIs; %u not shown (a report keeps "
                           "at most %d URIs and %d other records)"),
                         records_total, records_total - altoscope_target_get_records (target)->len,
                         uris_total, uris_total - uris->len,
                         ALTOSCOPE_MAX_URIS, ALTOSCOPE_MAX_RECORDS_SHOWN);
      altoscope_target_add_warning (target, "not-all-shown", message);
      trace (d, "limit", "%s", message);
    }

  if (cancellable != NULL && g_cancellable_is_cancelled (cancellable))
    {
      altoscope_target_set_failure (target, ALTOSCOPE_ERROR_CANCELLED, "naptr",
                                    _("Discovery was cancelled before it finished"));
      _altoscope_target_set_dnssec (target, ALTOSCOPE_DNSSEC_INDETERMINATE, NULL);
    }
  else if (uris->len > 0)
    {
      set_result_dnssec (target, uris);
      if (d->backoff != NULL)
        altoscope_backoff_record_success (d->backoff, d->backoff_key);
    }
  else
    {
      Failure f = { 0, NULL, NULL, -1 };
      g_autofree char *message = NULL;

      _altoscope_discovery_explain (d->root, &f);
      if (f.node->hop > 0)
        message = g_strdup_printf (_("Hop %d (“%s”): %s"), f.node->hop, f.node->domain, f.message);
      else
        message = g_strdup (f.message);
      altoscope_target_set_failure (target, f.code, "naptr", message);
      _altoscope_target_set_failed_answer (target, f.node->domain, f.node->answer);
      if (d->backoff != NULL)
        {
          gint64 now_us = g_get_real_time ();
          guint wait = altoscope_backoff_record_failure (d->backoff, d->backoff_key,
                                                         d->has_previous ? &d->previous : NULL,
                                                         f.code, message, f.ttl_hint, now_us);
          if (wait > 0)
            {
              gboolean series = d->has_previous && d->previous.code == f.code;

              _altoscope_target_set_retry (target, wait,
                                           now_us + (gint64) wait * G_USEC_PER_SEC);
              /* Several paths may have failed; the one that decided the
               * outcome (the explained failure) sets the wait. */
              trace (d, "retry-wait", _("Failure remembered: no new lookup of “%s” on these "
                                        "servers for %u s (RFC 7286 §3.2). The wait is set by "
                                        "the failure that decided the outcome: %s at “%s”%s"),
                     altoscope_target_get_domain (target), wait,
                     altoscope_error_code_to_string (f.code),
                     f.node->domain,
                     series ? _(", the same failure as last time, so the wait grows") : "");
            }
        }
      g_free (f.message);
    }

  warn_unproved (d);
  _altoscope_target_set_finished (target, now_ms (d));
  trace (d, "done", ngettext ("Discovery finished: %u URI", "Discovery finished: %u URIs",
                              uris->len), uris->len);
  g_task_return_pointer (task, g_object_ref (target), g_object_unref);
}

static void
start_root (GTask *task)
{
  Discovery *d = g_task_get_task_data (task);

  d->root = node_new (altoscope_target_get_domain (d->target), NULL, NULL);
  query_node (task, d->root);
}

static void
on_backoff_looked_up_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      data)
{
  g_autoptr(GTask) task = data;
  Discovery *d = g_task_get_task_data (task);
  AltoscopeTarget *target = d->target;
  AltoscopeBackoffEntry *entry = &d->previous;

  d->has_previous = altoscope_backoff_lookup_finish (ALTOSCOPE_BACKOFF (source), result,
                                                     entry, NULL);
  if (d->has_previous && entry->remaining_s > 0)
    {
      /* Whole seconds shown are rounded up: a wait announced as “2 s
       * left” never ends sooner. */
      double left = ceil (entry->remaining_s);

      if (d->flags & ALTOSCOPE_DISCOVERY_IGNORE_BACKOFF)
        {
          _altoscope_target_set_backoff_overridden (target);
          trace (d, "retry-wait-overridden",
                 _("The last lookup failed (%s) and the wait before retrying has %.0f s "
                   "left; overridden on request"),
                 altoscope_error_code_to_string (entry->code), left);
          altoscope_target_add_warning (target, "retry-wait-overridden",
                                        _("The wait before retrying (RFC 7286 §3.2) was "
                                          "overridden on request"));
        }
      else
        {
          double ago = MAX (0, (g_get_real_time () - entry->failed_at_us) / 1e6);
          g_autofree char *message =
            g_strdup_printf (_("The last lookup of “%s” failed %.0f s ago (%s). RFC 7286 "
                               "asks to wait %u s before retrying: %.0f s are left"),
                             altoscope_target_get_domain (target), floor (ago),
                             altoscope_error_code_to_string (entry->code),
                             entry->wait_s, left);
          altoscope_target_set_failure (target, ALTOSCOPE_ERROR_RETRY_WAIT, "retry-wait",
                                        message);
          _altoscope_target_set_retry (target, entry->remaining_s, entry->retry_at_us);
          _altoscope_target_set_previous (target, entry->code);
          _altoscope_target_set_failed_answer (target, altoscope_target_get_domain (target),
                                               NULL);
          trace (d, "retry-wait", "%s", message);
          warn_unproved (d);
          _altoscope_target_set_finished (target, now_ms (d));
          g_task_return_pointer (task, g_object_ref (target), g_object_unref);
          return;
        }
    }
  start_root (task);
}

void
altoscope_discover_async (AltoscopeTransport      *transport,
                          AltoscopeBackoff        *backoff,
                          AltoscopeTarget         *target,
                          AltoscopeDiscoveryFlags  flags,
                          GCancellable            *cancellable,
                          GAsyncReadyCallback      callback,
                          gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  Discovery *d;

  g_return_if_fail (ALTOSCOPE_IS_TRANSPORT (transport));
  g_return_if_fail (ALTOSCOPE_IS_TARGET (target));
  g_return_if_fail (altoscope_target_get_domain (target) != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, altoscope_discover_async);
  /* A cancelled discovery still returns its report, saying so. */
  g_task_set_check_cancellable (task, FALSE);

  d = g_new0 (Discovery, 1);
  d->transport = g_object_ref (transport);
  d->backoff = backoff ? g_object_ref (backoff) : NULL;
  d->target = g_object_ref (target);
  d->flags = flags;
  d->started = g_get_monotonic_time ();
  d->hosts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                    (GDestroyNotify) host_lookup_free);
  g_task_set_task_data (task, d, (GDestroyNotify) discovery_free);

  _altoscope_target_set_resolvers (target, altoscope_transport_get_servers (transport),
                                   altoscope_transport_get_uses_system (transport),
                                   altoscope_transport_get_all_loopback (transport));

  if (backoff == NULL)
    {
      start_root (task);
      return;
    }
  /* The memory is read off the main loop; discovery goes on from there. */
  d->backoff_key = altoscope_backoff_make_key (altoscope_target_get_domain (target),
                                               altoscope_transport_get_servers (transport),
                                               altoscope_transport_get_interface (transport));
  altoscope_backoff_lookup_async (backoff, d->backoff_key, g_get_real_time (), cancellable,
                                  on_backoff_looked_up_cb, g_steal_pointer (&task));
}

AltoscopeTarget *
altoscope_discover_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
