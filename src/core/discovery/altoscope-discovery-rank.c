/* altoscope-discovery-rank.c: from the tree of answers to ranked URIs,
 * and why there are none
 *
 * At every level records go by order then preference, and a strict DDDS
 * client (RFC 3403 §4.1) uses only the lowest order that yields a URI; the
 * rest stay visible, marked not eligible.  A URI's DNSSEC status is the
 * weakest on its path: each NAPTR hop and its host's addresses, as proved
 * wherever Altoscope validated (issue 17); beside it, the weakest the
 * resolver claimed, and whether Altoscope proved every answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "altoscope-discovery-private.h"
#include "altoscope-domain.h"

typedef struct
{
  int order;                  /* the lower order passed over; -1 none */
  Yield yield;                /* what it gave */
  const char *domain;
} Fallback;

typedef struct
{
  GPtrArray *records;         /* every record, in DDDS traversal order */
  GHashTable *uri_records;    /* AltoscopeUri* -> the record it came from */
  GHashTable *followed;       /* the non-terminal records whose next domain was queried */
} Collected;

/* The answers on a path so far: the weakest status used (the proved one
 * wherever Altoscope validated), the weakest the resolver claimed, and
 * whether Altoscope proved every one of them. */
typedef struct
{
  AltoscopeDnssec dnssec;
  AltoscopeDnssec claimed;
  gboolean all_proved;
} PathDnssec;

static void fill_host (Discovery *d, AltoscopeUri *uri);

/* @answer on @uri's path (NULL: none came, so nothing can be judged). */
static void
uri_add_answer (AltoscopeUri             *uri,
                const AltoscopeDnsAnswer *answer)
{
  if (answer == NULL)
    {
      uri->dnssec = MIN (uri->dnssec, ALTOSCOPE_DNSSEC_INDETERMINATE);
      uri->resolver_dnssec = MIN (uri->resolver_dnssec, ALTOSCOPE_DNSSEC_INDETERMINATE);
      return;
    }
  uri->dnssec = MIN (uri->dnssec, answer->dnssec);
  uri->resolver_dnssec = MIN (uri->resolver_dnssec, altoscope_dns_answer_resolver_dnssec (answer));
  if (answer->validator != ALTOSCOPE_DNSSEC_VALIDATOR_ALTOSCOPE)
    uri->dnssec_validator = ALTOSCOPE_DNSSEC_VALIDATOR_RESOLVER;
}

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
  return child != NULL && child->decided && child->yield != YIELD_NONE;
}

static void
set_note (AltoscopeNaptrRecord *record,
          char                 *note)
{
  g_free (record->note);
  record->note = note;
}

static void
warn_if_narrowed (Discovery            *d,
                  Node                 *node,
                  AltoscopeNaptrRecord *record)
{
  /* A chain announced for https only, ending in an http URI: the
   * confidentiality the earlier records promised is gone (RFC 7286 §6). */
  if (node->path_protocols == NULL || !g_str_equal (record->scheme, "http")
      || g_strv_contains ((const char * const *) node->path_protocols, "http"))
    return;
  {
    g_autofree char *message =
      g_strdup_printf (_("The chain to “%s” was announced for https only, but “%s” gives the "
                         "http URI “%s”: the connection would not be encrypted"),
                       node->domain, node->domain, record->uri);
    altoscope_target_add_warning (d->target, "chain-narrowed-to-http", message);
  }
}

/* Why a usable record is not on the way to a URI used, when it is not:
 * never reached, followed in vain, or passed over for another order. */
static void
note_record (Node                 *node,
             AltoscopeNaptrRecord *record,
             Node                 *child,
             gboolean              explored,
             gboolean              yields,
             gboolean              in_chosen)
{
  if (!explored)
    set_note (record, node->yield != YIELD_NONE
                      ? g_strdup_printf (_("Not considered: order %d already gives usable "
                                           "URIs, and DDDS never goes on to a higher order "
                                           "(RFC 3403 §4.1)"), node->chosen_order)
                      : g_strdup (_("Not reached: the discovery ended before this order")));
  else if (child != NULL && !yields)
    set_note (record, g_strdup_printf (_("Followed to “%s”, which gave no usable record"),
                                       child->domain));
  else if (yields && !in_chosen && node->yield != YIELD_NONE)
    set_note (record, record->order < node->chosen_order
                      ? g_strdup_printf (_("Gives no host with an address; order %d is "
                                           "used instead (RFC 3958 §2.2.4)"),
                                         node->chosen_order)
                      : g_strdup_printf (_("Not eligible: order %d comes first, and this "
                                           "order gives no host with an address either"),
                                         node->chosen_order));
}

/* An eligible URI that a lower order passed over on its way: why it is
 * used instead. */
static void
set_fallback (AltoscopeUri   *uri,
              const Fallback *fallback)
{
  uri->fallback_order = fallback->order;
  uri->fallback_reason =
    fallback->yield == YIELD_WEAK
    ? g_strdup_printf (_("Used because no URI of order %d of “%s” has a host with "
                         "an address (RFC 3958 §2.2.4)"),
                       fallback->order, fallback->domain)
    : g_strdup_printf (_("Used because order %d of “%s” gave no usable URI "
                         "(RFC 3403 §4.1)"), fallback->order, fallback->domain);
}

/* The URI a terminal record gives, with the weakest DNSSEC status on its
 * path; its host's addresses only if its order was explored. */
static AltoscopeUri *
uri_from_record (Discovery            *d,
                 Node                 *node,
                 AltoscopeNaptrRecord *record,
                 gboolean              explored,
                 PathDnssec            path,
                 const Fallback       *fallback,
                 const char           *path_note)
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
  uri->dnssec = path.dnssec;
  uri->resolver_dnssec = path.claimed;
  uri->dnssec_validator = path.all_proved ? ALTOSCOPE_DNSSEC_VALIDATOR_ALTOSCOPE
                                          : ALTOSCOPE_DNSSEC_VALIDATOR_RESOLVER;
  /* Why a URI is not used may be said by a record on its way. */
  uri->note = g_strdup (record->note ? record->note
                        : !uri->eligible ? path_note : NULL);
  if (explored)
    fill_host (d, uri);
  else
    {
      uri_add_answer (uri, NULL);
      uri->dnssec_detail = g_strdup (_("The host was not resolved, so its integrity "
                                       "is unknown"));
    }
  if (uri->eligible && fallback != NULL)
    set_fallback (uri, fallback);
  if (uri->eligible)
    warn_if_narrowed (d, node, record);
  return uri;
}

static void
collect (Discovery       *d,
         Node            *node,
         gboolean         path_eligible,
         PathDnssec       path,
         const Fallback  *fallback,
         const char      *path_note,
         GPtrArray       *uris,
         Collected       *out)
{
  Fallback here = { -1, YIELD_NONE, NULL };

  if (node->answer == NULL)
    {
      path.dnssec = MIN (path.dnssec, ALTOSCOPE_DNSSEC_INDETERMINATE);
      path.claimed = MIN (path.claimed, ALTOSCOPE_DNSSEC_INDETERMINATE);
    }
  else
    {
      path.dnssec = MIN (path.dnssec, node->answer->dnssec);
      path.claimed = MIN (path.claimed, altoscope_dns_answer_resolver_dnssec (node->answer));
      path.all_proved &= node->answer->validator == ALTOSCOPE_DNSSEC_VALIDATOR_ALTOSCOPE;
    }
  if (node->passed_order >= 0 && node->yield != YIELD_NONE
      && node->passed_order < node->chosen_order)
    {
      here.order = node->passed_order;
      here.yield = node->passed_yield;
      here.domain = node->domain;
      fallback = &here;
    }

  for (guint i = 0; i < node->records->len; i++)
    {
      AltoscopeNaptrRecord *record = node->records->pdata[i];
      Node *child = g_hash_table_lookup (node->children, record);
      gboolean explored = node->last_order >= 0 && record->order <= node->last_order;
      gboolean yields = record_yields (node, record);
      gboolean in_chosen = node->yield != YIELD_NONE && record->order == node->chosen_order;

      record->eligible = path_eligible && in_chosen && yields;
      g_ptr_array_add (out->records, altoscope_naptr_record_ref (record));
      if (!record->usable)
        continue;

      note_record (node, record, child, explored, yields, in_chosen);
      if (record->terminal)
        {
          AltoscopeUri *uri = uri_from_record (d, node, record, explored, path,
                                               fallback, path_note);
          g_hash_table_insert (out->uri_records, uri, record);
          g_ptr_array_add (uris, uri);
        }
      else if (child != NULL)
        {
          g_hash_table_add (out->followed, record);
          collect (d, child, record->eligible, path, record->eligible ? fallback : NULL,
                   record->note ? record->note : path_note, uris, out);
        }
    }
}

/* An IP literal as host: its one address, nothing looked up. */
static void
fill_literal_host (AltoscopeUri *uri)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (uri->host);
  AltoscopeAddress addr = { g_inet_address_to_string (inet),
                            g_inet_address_get_family (inet), uri->dnssec };
  g_array_append_val (uri->addresses, addr);
  uri->dnssec_detail = g_strdup (_("The host is an IP address; only the NAPTR answers "
                                   "count"));
}

/* The addresses of the A and AAAA answers of @h; returns the failure to
 * report (a bogus one before any other), and says whether a lookup failed
 * or did not finish, and whether every answer was NXDOMAIN. */
static const AltoscopeDnsAnswer *
add_host_addresses (AltoscopeUri *uri,
                    HostLookup   *h,
                    gboolean     *any_failed,
                    gboolean     *all_nx)
{
  const AltoscopeDnsAnswer *failure = NULL;

  for (int slot = 0; slot < 2; slot++)
    {
      AltoscopeDnsAnswer *answer = h->answers[slot];
      g_autoptr(GPtrArray) rrs = NULL;

      if (answer == NULL)
        {
          *any_failed = TRUE;
          *all_nx = FALSE;
          continue;
        }
      uri_add_answer (uri, answer);
      if (!answer->nxdomain)
        *all_nx = FALSE;
      if (answer->failed)
        {
          *any_failed = TRUE;
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
  return failure;
}

/* Why @uri has no address, if it has none or a lookup failed. */
static void
set_address_error (AltoscopeUri             *uri,
                   const AltoscopeDnsAnswer *failure,
                   gboolean                  any_failed,
                   gboolean                  all_nx)
{
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
}

static void
set_dnssec_detail (AltoscopeUri *uri)
{
  switch (uri->dnssec)
    {
    case ALTOSCOPE_DNSSEC_SECURE:
      uri->dnssec_detail = g_strdup (uri->dnssec_validator == ALTOSCOPE_DNSSEC_VALIDATOR_ALTOSCOPE
                                     ? _("Every answer on the way was validated by Altoscope "
                                         "itself, from the trust anchor")
                                     : _("Every answer on the way was validated by the "
                                         "resolver"));
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

static void
fill_host (Discovery    *d,
           AltoscopeUri *uri)
{
  HostLookup *h;
  gboolean any_failed = FALSE, all_nx = TRUE;
  const AltoscopeDnsAnswer *failure;

  if (altoscope_domain_is_ip_literal (uri->host))
    {
      fill_literal_host (uri);
      return;
    }

  h = g_hash_table_lookup (d->hosts, uri->host);
  if (h == NULL)
    {
      uri_add_answer (uri, NULL);
      uri->has_address_error = TRUE;
      uri->address_error_code = ALTOSCOPE_ERROR_CANCELLED;
      uri->address_error_message = g_strdup_printf (_("Not resolved: this discovery resolves at "
                                                      "most %d distinct hosts"),
                                                    ALTOSCOPE_MAX_HOSTS);
      uri->dnssec_detail = g_strdup (_("The host was not resolved, so its integrity is unknown"));
      return;
    }
  failure = add_host_addresses (uri, h, &any_failed, &all_nx);
  set_address_error (uri, failure, any_failed, all_nx);
  set_dnssec_detail (uri);
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
      if (record->reason_code == ALTOSCOPE_NAPTR_LOOP
          || record->reason_code == ALTOSCOPE_NAPTR_CHAIN_TOO_LONG
          || record->reason_code == ALTOSCOPE_NAPTR_QUERY_LIMIT)
        {
          if (record->reason_code == ALTOSCOPE_NAPTR_LOOP)
            {
              f->code = ALTOSCOPE_ERROR_LOOP;
              f->message = g_strdup_printf (_("The NAPTR records of “%s” lead back to “%s”: "
                                              "a loop"), node->domain, record->replacement);
            }
          else if (record->reason_code == ALTOSCOPE_NAPTR_CHAIN_TOO_LONG)
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
 * ranked from 1; the records of every level go to the target meanwhile.
 * One answer may hold hundreds of records: at most ALTOSCOPE_MAX_URIS URIs
 * are kept, and besides the records they come from at most
 * ALTOSCOPE_MAX_RECORDS_SHOWN others; the rest are counted. */
void
_altoscope_discovery_rank (Discovery *d,
                           GPtrArray *uris)
{
  Collected out = { g_ptr_array_new_with_free_func ((GDestroyNotify) altoscope_naptr_record_unref),
                    g_hash_table_new (NULL, NULL), g_hash_table_new (NULL, NULL) };
  g_autoptr(GHashTable) kept = g_hash_table_new (NULL, NULL);
  guint others = 0;
  guint uris_total;

  collect (d, d->root, TRUE,
           (PathDnssec) { ALTOSCOPE_DNSSEC_SECURE, ALTOSCOPE_DNSSEC_SECURE, TRUE },
           NULL, NULL, uris, &out);
  g_ptr_array_sort (uris, uri_compare);
  uris_total = uris->len;
  if (uris->len > ALTOSCOPE_MAX_URIS)
    g_ptr_array_set_size (uris, ALTOSCOPE_MAX_URIS);
  for (guint i = 0; i < uris->len; i++)
    {
      AltoscopeUri *uri = uris->pdata[i];
      uri->rank = i + 1;
      g_hash_table_add (kept, g_hash_table_lookup (out.uri_records, uri));
    }

  _altoscope_target_set_uris (d->target, uris, uris_total);
  _altoscope_target_set_records_total (d->target, out.records->len);
  for (guint i = 0; i < out.records->len; i++)
    {
      AltoscopeNaptrRecord *record = out.records->pdata[i];

      /* Kept: the records of the URIs kept and the non-terminal records
       * followed (at most one per NAPTR query); of the rest, ignored ones
       * and those of orders never reached, the first few.  A URI's record
       * is never shown without its URI. */
      if (g_hash_table_contains (kept, record) || g_hash_table_contains (out.followed, record))
        ;
      else if (!(record->usable && record->terminal) && others < ALTOSCOPE_MAX_RECORDS_SHOWN)
        others++;
      else
        continue;
      _altoscope_target_add_record (d->target, record);
    }

  g_hash_table_unref (out.uri_records);
  g_hash_table_unref (out.followed);
  g_ptr_array_unref (out.records);
}
