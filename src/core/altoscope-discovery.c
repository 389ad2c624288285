/* altoscope-discovery.c
 *
 * From a domain to ranked ALTO server URIs (RFC 7286 §3.2, RFC 4848):
 *
 *  1. NAPTR query for the domain; each record judged on its own
 *     (altoscope-naptr.c).
 *  2. Non-terminal records (empty flags) are followed, all of them at once,
 *     with loop detection along each path and at most ALTOSCOPE_MAX_HOPS.
 *  3. As soon as a terminal record gives a URI, its host's A and AAAA are
 *     asked for, in parallel with everything else: the simple case takes two
 *     dependent round trips.
 *  4. When nothing is pending, the tree is ranked: at every level records
 *     go by order then preference, and a strict DDDS client (RFC 3403 §4.1)
 *     uses only the lowest order that yields a URI; the rest stay visible,
 *     marked not eligible.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "altoscope-discovery.h"
#include "altoscope-domain.h"
#include "altoscope-target-private.h"

#include "altoscope-discovery-private.h"

static void
node_free (Node *node)
{
  g_free (node->domain);
  g_strfreev (node->chain);
  g_clear_pointer (&node->answer, altoscope_dns_answer_free);
  g_clear_error (&node->error);
  g_clear_pointer (&node->records, g_ptr_array_unref);
  g_clear_pointer (&node->children, g_hash_table_unref);
  g_free (node);
}

static Node *
node_new (const char  *domain,
          int          hop,
          const GStrv  parent_chain)
{
  Node *node = g_new0 (Node, 1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  node->domain = g_strdup (domain);
  node->hop = hop;
  if (parent_chain)
    g_strv_builder_addv (builder, (const char **) parent_chain);
  g_strv_builder_add (builder, domain);
  node->chain = g_strv_builder_end (builder);
  node->records = g_ptr_array_new_with_free_func ((GDestroyNotify) altoscope_naptr_record_unref);
  node->children = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) node_free);
  return node;
}

static void
host_lookup_free (HostLookup *h)
{
  g_free (h->host);
  g_clear_pointer (&h->answers[0], altoscope_dns_answer_free);
  g_clear_pointer (&h->answers[1], altoscope_dns_answer_free);
  g_free (h);
}

static void
discovery_free (Discovery *d)
{
  g_clear_object (&d->resolver);
  g_clear_object (&d->backoff);
  g_clear_object (&d->target);
  g_free (d->backoff_key);
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
  altoscope_resolver_query_async (d->resolver, name, type, g_task_get_cancellable (task), cb, p);
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

static void
lookup_host (GTask      *task,
             const char *host)
{
  Discovery *d = g_task_get_task_data (task);
  HostLookup *h;

  if (altoscope_domain_is_ip_literal (host) || g_hash_table_contains (d->hosts, host))
    return;
  if (g_hash_table_size (d->hosts) >= ALTOSCOPE_MAX_HOSTS)
    {
      if (!d->host_limit_hit)
        trace (d, "limit", _("Not resolving more than %d distinct hosts"), ALTOSCOPE_MAX_HOSTS);
      d->host_limit_hit = TRUE;
      return;
    }

  h = g_new0 (HostLookup, 1);
  h->host = g_strdup (host);
  g_hash_table_insert (d->hosts, h->host, h);

  for (int slot = 0; slot < 2; slot++)
    {
      Pending *p = g_new0 (Pending, 1);
      p->host = h;
      p->slot = slot;
      start_query (task, host, slot == 0 ? ALTOSCOPE_DNS_TYPE_A : ALTOSCOPE_DNS_TYPE_AAAA,
                   p, on_host_answer_cb);
    }
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

static void
trace_answer (Discovery          *d,
              AltoscopeDnsAnswer *answer)
{
  _altoscope_target_add_answer (d->target, answer);
  if (answer->failed)
    trace (d, "answer", _("%s for “%s”: %s (%.1f ms)"),
           altoscope_dns_type_to_string (answer->qtype), answer->qname,
           answer->error_message, answer->elapsed_ms);
  else
    trace (d, "answer", _("%s for “%s”: %s, %u records, DNSSEC %s%s (%.1f ms)"),
           altoscope_dns_type_to_string (answer->qtype), answer->qname,
           altoscope_dns_rcode_to_string (answer->rcode), answer->msg->records->len,
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

static void
process_naptr (GTask *task,
               Node  *node)
{
  Discovery *d = g_task_get_task_data (task);
  AltoscopeDnsAnswer *answer = node->answer;
  g_autoptr(GPtrArray) rrs = NULL;
  g_autofree char *final_name = NULL;

  if (answer->msg == NULL || answer->nxdomain
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
      altoscope_naptr_record_set_ignored (stray, "owner-mismatch",
                                          _("The record is for “%s”, not for the name asked "
                                            "(“%s”)"), rr->name, final_name);
      g_ptr_array_add (node->records, stray);
    }
  g_ptr_array_sort (node->records, altoscope_naptr_record_compare);

  for (guint i = 0; i < node->records->len; i++)
    {
      AltoscopeNaptrRecord *record = node->records->pdata[i];

      if (answer->error_code == ALTOSCOPE_ERROR_BOGUS && answer->failed)
        {
          altoscope_naptr_record_set_ignored (record, "bogus",
                                              _("DNSSEC validation of this record set failed "
                                                "(bogus); shown as the resolver returned it "
                                                "with checking disabled"));
          continue;
        }
      if (!record->usable)
        continue;

      if (record->terminal)
        lookup_host (task, record->host);
      else if (chain_contains (node->chain, record->replacement))
        {
          altoscope_naptr_record_set_ignored (record, "loop",
                                              _("Following this record leads back to “%s”, "
                                                "which was already queried: a loop"),
                                              record->replacement);
          trace (d, "loop", _("“%s” → “%s” closes a loop"), node->domain, record->replacement);
        }
      else if (node->hop + 1 > ALTOSCOPE_MAX_HOPS)
        {
          altoscope_naptr_record_set_ignored (record, "chain-too-long",
                                              _("Following this record would make the chain "
                                                "longer than %d hops"), ALTOSCOPE_MAX_HOPS);
          trace (d, "chain-too-long", _("Not following “%s” → “%s”: more than %d hops"),
                 node->domain, record->replacement, ALTOSCOPE_MAX_HOPS);
        }
      else if (d->naptr_queries >= ALTOSCOPE_MAX_NAPTR_QUERIES)
        {
          altoscope_naptr_record_set_ignored (record, "query-limit",
                                              _("Not followed: this discovery already sent %d "
                                                "NAPTR queries, the most it sends for one "
                                                "domain"), ALTOSCOPE_MAX_NAPTR_QUERIES);
          trace (d, "limit", _("Not following “%s” → “%s”: query limit reached"),
                 node->domain, record->replacement);
        }
      else
        {
          Node *child = node_new (record->replacement, node->hop + 1, node->chain);
          g_hash_table_insert (node->children, record, child);
          trace (d, "follow", _("Non-terminal record: “%s” → “%s” (hop %d)"),
                 node->domain, record->replacement, child->hop);
          query_node (task, child);
        }
    }
}

static void
pending_done (Pending *p)
{
  g_autoptr(GTask) task = g_steal_pointer (&p->task);
  Discovery *d = g_task_get_task_data (task);

  g_free (p);
  if (--d->pending == 0)
    finish (task);
}

static void
on_naptr_answer_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  Pending *p = data;
  Discovery *d = g_task_get_task_data (p->task);
  Node *node = p->node;

  node->answer = altoscope_resolver_query_finish (ALTOSCOPE_RESOLVER (source), result,
                                                  &node->error);
  if (node->answer != NULL)
    {
      trace_answer (d, node->answer);
      process_naptr (p->task, node);
    }
  pending_done (p);
}

static void
on_host_answer_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  Pending *p = data;
  Discovery *d = g_task_get_task_data (p->task);
  AltoscopeDnsAnswer *answer;

  answer = altoscope_resolver_query_finish (ALTOSCOPE_RESOLVER (source), result, NULL);
  if (answer != NULL)
    {
      trace_answer (d, answer);
      p->host->answers[p->slot] = answer;
    }
  pending_done (p);
}

static void
finish (GTask *task)
{
  Discovery *d = g_task_get_task_data (task);
  AltoscopeTarget *target = d->target;
  g_autoptr(GPtrArray) uris = g_ptr_array_new_with_free_func ((GDestroyNotify) altoscope_uri_unref);
  GCancellable *cancellable = g_task_get_cancellable (task);

  _altoscope_discovery_rank (d, uris);
  for (guint i = 0; i < uris->len; i++)
    g_ptr_array_add (target->uris, altoscope_uri_ref (uris->pdata[i]));

  if (cancellable != NULL && g_cancellable_is_cancelled (cancellable))
    {
      altoscope_target_set_failure (target, ALTOSCOPE_ERROR_CANCELLED, "naptr",
                                    _("Discovery was cancelled before it finished"));
      target->dnssec = ALTOSCOPE_DNSSEC_INDETERMINATE;
    }
  else if (uris->len > 0)
    {
      AltoscopeUri *weakest = NULL;
      for (guint i = 0; i < uris->len; i++)
        {
          AltoscopeUri *uri = uris->pdata[i];
          if (uri->eligible && (weakest == NULL || uri->dnssec < weakest->dnssec))
            weakest = uri;
        }
      /* The eligible URIs are what a client would use: the weakest of them
       * is what the whole result is worth. */
      target->dnssec = weakest ? weakest->dnssec : ALTOSCOPE_DNSSEC_INDETERMINATE;
      target->dnssec_detail = g_strdup (weakest ? weakest->dnssec_detail : NULL);
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
      target->error_domain = g_strdup (f.node->domain);
      if (f.node->answer != NULL)
        {
          AltoscopeDnsAnswer *answer = f.node->answer;
          target->dnssec = answer->dnssec;
          target->dnssec_detail = g_strdup (answer->dnssec_detail);
          target->error_rcode = answer->rcode;
          for (guint i = 0; answer->msg && i < answer->msg->ede->len; i++)
            {
              AltoscopeDnsEde ede = g_array_index (answer->msg->ede, AltoscopeDnsEde, i);
              ede.extra_text = g_strdup (ede.extra_text);
              g_array_append_val (target->error_ede, ede);
            }
        }
      if (d->backoff != NULL)
        {
          guint wait = altoscope_backoff_record_failure (d->backoff, d->backoff_key, f.code,
                                                         message, f.ttl_hint,
                                                         g_get_real_time ());
          if (wait > 0)
            {
              target->retry_after_s = wait;
              trace (d, "retry-wait", _("Failure remembered: no new lookup of “%s” on these "
                                        "servers for %u s (RFC 7286 §3.2)"),
                     target->domain, wait);
            }
        }
      g_free (f.message);
    }

  target->elapsed_ms = now_ms (d);
  target->finished_us = g_get_monotonic_time ();
  trace (d, "done", ngettext ("Discovery finished: %u URI", "Discovery finished: %u URIs",
                              uris->len), uris->len);
  g_task_return_pointer (task, g_object_ref (target), g_object_unref);
}

void
altoscope_discover_async (AltoscopeResolver       *resolver,
                          AltoscopeBackoff        *backoff,
                          AltoscopeTarget         *target,
                          AltoscopeDiscoveryFlags  flags,
                          GCancellable            *cancellable,
                          GAsyncReadyCallback      callback,
                          gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  Discovery *d;
  AltoscopeBackoffEntry entry = { 0 };

  g_return_if_fail (ALTOSCOPE_IS_RESOLVER (resolver));
  g_return_if_fail (ALTOSCOPE_IS_TARGET (target));
  g_return_if_fail (target->domain != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, altoscope_discover_async);
  /* A cancelled discovery still returns its report, saying so. */
  g_task_set_check_cancellable (task, FALSE);

  d = g_new0 (Discovery, 1);
  d->resolver = g_object_ref (resolver);
  d->backoff = backoff ? g_object_ref (backoff) : NULL;
  d->target = g_object_ref (target);
  d->started = g_get_monotonic_time ();
  d->hosts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                    (GDestroyNotify) host_lookup_free);
  g_task_set_task_data (task, d, (GDestroyNotify) discovery_free);

  g_strfreev (target->resolvers);
  target->resolvers = g_strdupv ((GStrv) altoscope_resolver_get_servers (resolver));
  target->resolvers_system = altoscope_resolver_get_uses_system (resolver);
  target->resolvers_loopback = altoscope_resolver_get_all_loopback (resolver);
  if (!target->resolvers_loopback)
    altoscope_target_add_warning (target, "resolver-not-loopback",
                                  _("The DNS servers are reached over the network: a DNSSEC "
                                    "“secure” status is only as trustworthy as that path"));

  if (backoff != NULL)
    {
      d->backoff_key = altoscope_backoff_make_key (target->domain,
                                                   altoscope_resolver_get_servers (resolver),
                                                   altoscope_resolver_get_interface (resolver));
      if (altoscope_backoff_lookup (backoff, d->backoff_key, g_get_real_time (), &entry))
        {
          if (flags & ALTOSCOPE_DISCOVERY_IGNORE_BACKOFF)
            {
              target->backoff_overridden = TRUE;
              trace (d, "retry-wait-overridden",
                     _("The last lookup failed (%s) and the wait before retrying has %.0f s "
                       "left; overridden on request"),
                     altoscope_error_code_to_string (entry.code), entry.remaining_s);
              altoscope_target_add_warning (target, "retry-wait-overridden",
                                            _("The wait before retrying (RFC 7286 §3.2) was "
                                              "overridden on request"));
            }
          else
            {
              double ago = MAX (0, g_get_real_time () / 1e6 - entry.failed_at);
              g_autofree char *message =
                g_strdup_printf (_("The last lookup of “%s” failed %.0f s ago (%s). RFC 7286 "
                                   "asks to wait %u s before retrying: %.0f s are left"),
                                 target->domain, ago,
                                 altoscope_error_code_to_string (entry.code),
                                 entry.wait_s, entry.remaining_s);
              altoscope_target_set_failure (target, ALTOSCOPE_ERROR_RETRY_WAIT, "retry-wait",
                                            message);
              target->retry_after_s = entry.remaining_s;
              target->has_previous = TRUE;
              target->previous_code = entry.code;
              target->error_domain = g_strdup (target->domain);
              trace (d, "retry-wait", "%s", message);
              altoscope_backoff_entry_clear (&entry);
              target->elapsed_ms = now_ms (d);
              target->finished_us = g_get_monotonic_time ();
              g_task_return_pointer (task, g_object_ref (target), g_object_unref);
              return;
            }
        }
      altoscope_backoff_entry_clear (&entry);
    }

  d->root = node_new (target->domain, 0, NULL);
  query_node (task, d->root);
}

AltoscopeTarget *
altoscope_discover_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
