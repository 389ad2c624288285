/* altoscope-discovery-rank.c: from the tree of answers to ranked URIs,
 * and why there are none
 *
 * At every level records go by order then preference, and a strict DDDS
 * client (RFC 3403 §4.1) uses only the lowest order that yields a URI; the
 * rest stay visible, marked not eligible.  A URI's DNSSEC status is the
 * weakest on its path: each NAPTR hop and its host's addresses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "altoscope-discovery-private.h"
#include "altoscope-domain.h"

static gboolean node_yields (Node *node);

static gboolean
record_yields (Node                 *node,
               AltoscopeNaptrRecord *record)
{
  Node *child;

  if (!record->usable)
    return FALSE;
  if (record->terminal)
    return TRUE;
  child = g_hash_table_lookup (node->children, record);
  return child != NULL && node_yields (child);
}

static gboolean
node_yields (Node *node)
{
  for (guint i = 0; i < node->records->len; i++)
    if (record_yields (node, node->records->pdata[i]))
      return TRUE;
  return FALSE;
}

static void fill_host (Discovery *d, AltoscopeUri *uri);

static void
collect (Discovery *d,
         Node      *node,
         gboolean   path_eligible,
         AltoscopeDnssec path_dnssec,
         GPtrArray *uris)
{
  int eligible_order = -1;

  path_dnssec = MIN (path_dnssec, node->answer ? node->answer->dnssec
                                               : ALTOSCOPE_DNSSEC_INDETERMINATE);

  for (guint i = 0; i < node->records->len; i++)
    {
      AltoscopeNaptrRecord *record = node->records->pdata[i];
      if (record_yields (node, record))
        {
          eligible_order = record->order;
          break;
        }
    }

  for (guint i = 0; i < node->records->len; i++)
    {
      AltoscopeNaptrRecord *record = node->records->pdata[i];
      gboolean yields = record_yields (node, record);

      record->eligible = path_eligible && yields && record->order == eligible_order;
      g_ptr_array_add (d->target->records, altoscope_naptr_record_ref (record));

      if (!yields)
        {
          Node *child = g_hash_table_lookup (node->children, record);
          if (child != NULL)
            {
              g_free (record->note);
              record->note = g_strdup_printf (_("Followed to “%s”, which gave no usable "
                                                "record"), child->domain);
              /* The child's records come after this one in the list. */
              collect (d, child, FALSE, path_dnssec, uris);
            }
          continue;
        }

      if (record->terminal)
        {
          AltoscopeUri *uri = _altoscope_uri_new ();

          uri->uri = g_strdup (record->uri);
          uri->scheme = g_strdup (record->scheme);
          uri->host = g_strdup (record->host);
          uri->port = record->port;
          uri->order = record->order;
          uri->preference = record->preference;
          uri->eligible = record->eligible;
          uri->chain = g_strdupv (node->chain);
          uri->dnssec = path_dnssec;
          fill_host (d, uri);
          g_ptr_array_add (uris, uri);
        }
      else
        {
          Node *child = g_hash_table_lookup (node->children, record);
          collect (d, child, record->eligible, path_dnssec, uris);
        }
      if (!record->eligible && path_eligible)
        {
          g_free (record->note);
          record->note = g_strdup_printf (_("Not eligible: a record of order %d already "
                                            "yields a URI, and DDDS never goes on to a "
                                            "higher order (RFC 3403 §4.1)"), eligible_order);
        }
    }
}

static void
fill_host (Discovery    *d,
           AltoscopeUri *uri)
{
  HostLookup *h;
  gboolean any_failed = FALSE, all_nx = TRUE;
  const AltoscopeDnsAnswer *failure = NULL;

  if (altoscope_domain_is_ip_literal (uri->host))
    {
      g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (uri->host);
      AltoscopeAddress addr = { g_inet_address_to_string (inet),
                                g_inet_address_get_family (inet), uri->dnssec };
      g_array_append_val (uri->addresses, addr);
      uri->dnssec_detail = g_strdup (_("The host is an IP address; only the NAPTR answers "
                                       "count"));
      return;
    }

  h = g_hash_table_lookup (d->hosts, uri->host);
  if (h == NULL)
    {
      uri->dnssec = MIN (uri->dnssec, ALTOSCOPE_DNSSEC_INDETERMINATE);
      uri->has_address_error = TRUE;
      uri->address_error_code = ALTOSCOPE_ERROR_CANCELLED;
      uri->address_error_message = g_strdup_printf (_("Not resolved: this discovery resolves at "
                                                      "most %d distinct hosts"),
                                                    ALTOSCOPE_MAX_HOSTS);
      uri->dnssec_detail = g_strdup (_("The host was not resolved, so its integrity is unknown"));
      return;
    }
  for (int slot = 0; slot < 2; slot++)
    {
      AltoscopeDnsAnswer *answer = h->answers[slot];
      g_autoptr(GPtrArray) rrs = NULL;

      if (answer == NULL)
        {
          any_failed = TRUE;
          all_nx = FALSE;
          continue;
        }
      uri->dnssec = MIN (uri->dnssec, answer->dnssec);
      if (!answer->nxdomain)
        all_nx = FALSE;
      if (answer->failed)
        {
          any_failed = TRUE;
          if (failure == NULL || answer->error_code == ALTOSCOPE_ERROR_BOGUS)
            failure = answer;
          continue;
        }
      if (answer->msg == NULL)
        continue;
      rrs = altoscope_dns_message_answers_for (answer->msg, answer->qtype, NULL);
      for (guint i = 0; i < rrs->len; i++)
        {
          const AltoscopeDnsRecord *rr = rrs->pdata[i];
          g_autoptr(GInetAddress) inet = g_inet_address_new_from_bytes (rr->data.addr.bytes,
                                                                        rr->data.addr.family);
          AltoscopeAddress addr = { g_inet_address_to_string (inet), rr->data.addr.family,
                                    answer->dnssec };
          g_array_append_val (uri->addresses, addr);
        }
    }

  if (failure != NULL)
    {
      uri->has_address_error = TRUE;
      uri->address_error_code = failure->error_code;
      uri->address_error_message = g_strdup (failure->error_message);
    }
  else if (uri->addresses->len == 0)
    {
      uri->has_address_error = TRUE;
      if (any_failed)
        {
          uri->address_error_code = ALTOSCOPE_ERROR_CANCELLED;
          uri->address_error_message = g_strdup (_("The address lookup did not finish"));
        }
      else if (all_nx)
        {
          uri->address_error_code = ALTOSCOPE_ERROR_NXDOMAIN;
          uri->address_error_message = g_strdup_printf (_("The host “%s” does not exist"),
                                                        uri->host);
        }
      else
        {
          uri->address_error_code = ALTOSCOPE_ERROR_NODATA;
          uri->address_error_message = g_strdup_printf (_("The host “%s” has no A or AAAA "
                                                          "records"), uri->host);
        }
    }

  switch (uri->dnssec)
    {
    case ALTOSCOPE_DNSSEC_SECURE:
      uri->dnssec_detail = g_strdup (_("Every answer on the way was validated by the resolver"));
      break;
    case ALTOSCOPE_DNSSEC_BOGUS:
      uri->dnssec_detail = g_strdup (_("An answer on the way failed DNSSEC validation"));
      break;
    case ALTOSCOPE_DNSSEC_INSECURE:
      uri->dnssec_detail = g_strdup (_("At least one answer on the way is not signed"));
      break;
    case ALTOSCOPE_DNSSEC_INDETERMINATE:
    default:
      uri->dnssec_detail = g_strdup (_("At least one answer on the way could not be judged "
                                       "(no answer, or a resolver that does not validate)"));
      break;
    }
}

static int
uri_compare (gconstpointer a,
             gconstpointer b)
{
  const AltoscopeUri *ua = *(AltoscopeUri * const *) a;
  const AltoscopeUri *ub = *(AltoscopeUri * const *) b;

  /* Stable sort: within each group, DDDS traversal order is kept. */
  if (ua->eligible != ub->eligible)
    return ua->eligible ? -1 : 1;
  return 0;
}



static gint64
min_record_ttl (Node *node)
{
  gint64 ttl = -1;
  for (guint i = 0; i < node->records->len; i++)
    {
      AltoscopeNaptrRecord *record = node->records->pdata[i];
      if (ttl < 0 || record->ttl < ttl)
        ttl = record->ttl;
    }
  return ttl;
}

static gint64
negative_ttl (Node *node)
{
  const AltoscopeDnsRecord *soa;

  if (node->answer == NULL || node->answer->msg == NULL)
    return -1;
  soa = altoscope_dns_message_find_soa (node->answer->msg);
  if (soa == NULL)
    return -1;
  return MIN (soa->ttl, soa->data.soa.minimum);
}

/* Why @node gave no URI: its own lookup, or the best-ranked path from it. */
void
_altoscope_discovery_explain (Node    *node,
                              Failure *f)
{
  AltoscopeDnsAnswer *answer = node->answer;

  f->node = node;
  if (answer == NULL)
    {
      f->code = ALTOSCOPE_ERROR_CANCELLED;
      f->message = g_strdup (node->error ? node->error->message : _("The lookup did not finish"));
      return;
    }
  if (answer->failed || answer->nxdomain)
    {
      f->code = answer->error_code;
      f->message = g_strdup (answer->error_message);
      f->ttl_hint = negative_ttl (node);
      return;
    }
  if (!node->has_naptr)
    {
      f->code = ALTOSCOPE_ERROR_NODATA;
      f->message = g_strdup_printf (_("“%s” exists but has no NAPTR records"), node->domain);
      f->ttl_hint = negative_ttl (node);
      return;
    }

  for (guint i = 0; i < node->records->len; i++)
    {
      AltoscopeNaptrRecord *record = node->records->pdata[i];
      Node *child = g_hash_table_lookup (node->children, record);

      if (child != NULL)
        {
          _altoscope_discovery_explain (child, f);
          return;
        }
      if (g_strcmp0 (record->reason_code, "loop") == 0
          || g_strcmp0 (record->reason_code, "chain-too-long") == 0
          || g_strcmp0 (record->reason_code, "query-limit") == 0)
        {
          if (g_str_equal (record->reason_code, "loop"))
            {
              f->code = ALTOSCOPE_ERROR_LOOP;
              f->message = g_strdup_printf (_("The NAPTR records of “%s” lead back to “%s”: "
                                              "a loop"), node->domain, record->replacement);
            }
          else if (g_str_equal (record->reason_code, "chain-too-long"))
            {
              f->code = ALTOSCOPE_ERROR_CHAIN_TOO_LONG;
              f->message = g_strdup_printf (_("The chain of NAPTR records from “%s” is longer "
                                              "than %d hops"),
                                            node->chain[0], ALTOSCOPE_MAX_HOPS);
            }
          else
            {
              f->code = ALTOSCOPE_ERROR_TOO_MANY_QUERIES;
              f->message = g_strdup_printf (_("Following the NAPTR records of “%s” would take "
                                              "more than %d queries"),
                                            node->chain[0], ALTOSCOPE_MAX_NAPTR_QUERIES);
            }
          f->ttl_hint = min_record_ttl (node);
          return;
        }
    }

  f->code = ALTOSCOPE_ERROR_NO_ALTO_RECORDS;
  f->message = g_strdup_printf (ngettext ("“%s” has %u NAPTR record, but none is a usable "
                                          "U-NAPTR record for ALTO",
                                          "“%s” has %u NAPTR records, but none is a usable "
                                          "U-NAPTR record for ALTO",
                                          node->records->len),
                                node->domain, node->records->len);
  f->ttl_hint = min_record_ttl (node);
}

/* All URIs the tree yields, eligible first, then in DDDS traversal order,
 * ranked from 1; the records of every level go to the target meanwhile. */
void
_altoscope_discovery_rank (Discovery *d,
                           GPtrArray *uris)
{
  collect (d, d->root, TRUE, ALTOSCOPE_DNSSEC_SECURE, uris);
  g_ptr_array_sort (uris, uri_compare);
  for (guint i = 0; i < uris->len; i++)
    ((AltoscopeUri *) uris->pdata[i])->rank = i + 1;
}

