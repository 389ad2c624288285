/* altoscope-report-read.c
 *
 * One target of a report someone sent, read member by member into the same
 * AltoscopeTarget discovery makes (through altoscope-target-private.h), so
 * that a view shows it as it shows a result of its own.  Every member the
 * writer (altoscope-report-json.c) writes is checked: its type, its bounds,
 * its closed set of names (the enums' own name tables); texts are made
 * safe as they are read (altoscope-json-reader.c).  The members the writer
 * added after altoscope-report/1 began are optional, so an older report
 * reads; what the writer derives (a hint, a category, "status") is checked
 * for its type and written again from what it derives from.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "altoscope-check-read.h"
#include "altoscope-dhcp.h"
#include "altoscope-domain.h"
#include "altoscope-report-read.h"
#include "altoscope-target-private.h"
#include "altoscope-text.h"

#define N ALTOSCOPE_JSON_NULLABLE
#define OPT ALTOSCOPE_JSON_OPTIONAL
#define SMALL ALTOSCOPE_REPORT_MAX_SMALL

typedef AltoscopeJsonReader Reader;

/* A domain name: the writer drops a trailing dot (altoscope_domain_bare),
 * so the reader does too; "a." and "a" read the same, as they write. */
static char *
read_domain_name (Reader     *r,
                  JsonObject *o,
                  const char *member,
                  guint       flags)
{
  g_autofree char *text = altoscope_json_reader_text (r, o, member, flags);

  return altoscope_domain_bare (text);
}

/* ---- closed sets that are no registered enum -------------------------------- */

static gboolean
error_code_name (const char *name,
                 int        *value)
{
  AltoscopeErrorCode code;

  if (!altoscope_error_code_from_string (name, &code) || code == ALTOSCOPE_ERROR_NONE)
    return FALSE;
  *value = code;
  return TRUE;
}

/* "RCODE" is what the writer writes for an rcode it has no name for. */
static gboolean
rcode_name (const char *name,
            int        *value)
{
  static const guint known[] = { 0, 1, 2, 3, 4, 5, 9, 16, 255 };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_str_equal (name, altoscope_dns_rcode_to_string (known[i])))
      {
        *value = (int) known[i];
        return TRUE;
      }
  return FALSE;
}

static gboolean
type_name (const char *name,
           int        *value)
{
  static const guint16 known[] = { 1, 2, 5, 6, 28, 35, 41, 46, 48, 0 };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_str_equal (name, altoscope_dns_type_to_string (known[i])))
      {
        *value = known[i];
        return TRUE;
      }
  return FALSE;
}

static gboolean
reason_name (const char *name,
             int        *value)
{
  for (int i = ALTOSCOPE_NAPTR_USABLE + 1; altoscope_naptr_reason_to_string (i) != NULL; i++)
    if (g_str_equal (name, altoscope_naptr_reason_to_string (i)))
      {
        *value = i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
socket_family_name (const char *name,
                    int        *value)
{
  if (g_str_equal (name, "ipv4"))
    *value = G_SOCKET_FAMILY_IPV4;
  else if (g_str_equal (name, "ipv6"))
    *value = G_SOCKET_FAMILY_IPV6;
  else
    return FALSE;
  return TRUE;
}

/* ---- pieces ---------------------------------------------------------------------- */

static void
ede_clear (gpointer data)
{
  g_free (((AltoscopeDnsEde *) data)->extra_text);
}

/* RFC 8914 extended errors: [ { "code", "text" } ]. */
static GArray *
read_edes (Reader     *r,
           JsonObject *o)
{
  JsonArray *a = altoscope_json_reader_array (r, o, "extended_errors", SMALL, 0);
  GArray *edes = g_array_new (FALSE, TRUE, sizeof (AltoscopeDnsEde));

  g_array_set_clear_func (edes, ede_clear);
  altoscope_json_reader_push (r, "extended_errors");
  for (guint i = 0; a != NULL && i < json_array_get_length (a); i++)
    {
      JsonObject *e = altoscope_json_reader_element_object (r, a, i);
      AltoscopeDnsEde ede = { 0, NULL };
      gint64 code = 0;

      altoscope_json_reader_push_index (r, i);
      altoscope_json_reader_int (r, e, "code", 0, G_MAXUINT16, 0, &code);
      ede.info_code = code;
      ede.extra_text = altoscope_json_reader_text (r, e, "text", N);
      altoscope_json_reader_pop (r);
      g_array_append_val (edes, ede);
      if (altoscope_json_reader_failed (r))
        break;
    }
  altoscope_json_reader_pop (r);
  return edes;
}

static gboolean
read_dnssec (Reader                   *r,
             JsonObject               *o,
             AltoscopeDnssec          *dnssec,
             AltoscopeDnssecValidator *validator,
             AltoscopeDnssec          *resolver_dnssec)
{
  int d = ALTOSCOPE_DNSSEC_INDETERMINATE, v = ALTOSCOPE_DNSSEC_VALIDATOR_RESOLVER;
  int rd = -1;

  altoscope_json_reader_enum (r, o, "dnssec", ALTOSCOPE_TYPE_DNSSEC, 0, &d);
  /* issue 17 added who decided and what the resolver claimed: before it,
   * the resolver decided, and the status is its claim. */
  altoscope_json_reader_enum (r, o, "dnssec_validator", ALTOSCOPE_TYPE_DNSSEC_VALIDATOR, OPT, &v);
  altoscope_json_reader_enum (r, o, "resolver_dnssec", ALTOSCOPE_TYPE_DNSSEC, OPT | N, &rd);
  *dnssec = d;
  *validator = v;
  *resolver_dnssec = rd >= 0 ? (AltoscopeDnssec) rd : (AltoscopeDnssec) d;
  return !altoscope_json_reader_failed (r);
}

/* The host's addresses and why there are none. */
static void
read_uri_addresses (Reader       *r,
                    JsonObject   *o,
                    AltoscopeUri *uri)
{
  JsonArray *a = altoscope_json_reader_array (r, o, "addresses", SMALL, 0);
  JsonObject *err;

  altoscope_json_reader_push (r, "addresses");
  for (guint i = 0; a != NULL && i < json_array_get_length (a); i++)
    {
      JsonObject *e = altoscope_json_reader_element_object (r, a, i);
      AltoscopeAddress addr = { NULL, G_SOCKET_FAMILY_IPV4, ALTOSCOPE_DNSSEC_INDETERMINATE };
      int dnssec = ALTOSCOPE_DNSSEC_INDETERMINATE;

      altoscope_json_reader_push_index (r, i);
      addr.address = altoscope_json_reader_text (r, e, "address", 0);
      altoscope_json_reader_name (r, e, "family", socket_family_name, 0, &addr.family);
      altoscope_json_reader_enum (r, e, "dnssec", ALTOSCOPE_TYPE_DNSSEC, 0, &dnssec);
      addr.dnssec = dnssec;
      altoscope_json_reader_pop (r);
      g_array_append_val (uri->addresses, addr);
      if (altoscope_json_reader_failed (r))
        break;
    }
  altoscope_json_reader_pop (r);
  err = altoscope_json_reader_object (r, o, "address_error", N);
  if (err != NULL)
    {
      int code = ALTOSCOPE_ERROR_INTERNAL;

      altoscope_json_reader_push (r, "address_error");
      uri->has_address_error = TRUE;
      altoscope_json_reader_name (r, err, "code", error_code_name, 0, &code);
      uri->address_error_code = code;
      uri->address_error_message = altoscope_json_reader_text (r, err, "message", N);
      altoscope_json_reader_pop (r);
    }
}

static void
read_uri_fallback (Reader       *r,
                   JsonObject   *o,
                   AltoscopeUri *uri)
{
  JsonObject *fb = altoscope_json_reader_object (r, o, "fallback", N | OPT);
  gint64 order = -1;

  if (fb == NULL)
    return;
  altoscope_json_reader_push (r, "fallback");
  altoscope_json_reader_int (r, fb, "order", 0, G_MAXUINT16, 0, &order);
  uri->fallback_order = order;
  uri->fallback_reason = altoscope_json_reader_text (r, fb, "reason", N);
  altoscope_json_reader_pop (r);
}

/* One URI, and its check when it was checked. */
static AltoscopeUri *
read_uri (Reader          *r,
          JsonObject      *o,
          AltoscopeTarget *target)
{
  g_autoptr(AltoscopeUri) uri = _altoscope_uri_new ();
  gint64 rank = 0, port = -1, order = 0, preference = 0;
  JsonObject *check;

  altoscope_json_reader_int (r, o, "rank", 0, G_MAXUINT16, 0, &rank);
  uri->rank = rank;
  uri->uri = altoscope_json_reader_text (r, o, "uri", 0);
  uri->scheme = altoscope_json_reader_text (r, o, "scheme", N);
  uri->host = altoscope_json_reader_text (r, o, "host", N);
  altoscope_json_reader_int (r, o, "port", 0, G_MAXUINT16, N, &port);
  uri->port = port;
  altoscope_json_reader_int (r, o, "order", 0, G_MAXUINT16, 0, &order);
  altoscope_json_reader_int (r, o, "preference", 0, G_MAXUINT16, 0, &preference);
  uri->order = order;
  uri->preference = preference;
  altoscope_json_reader_boolean (r, o, "eligible", 0, &uri->eligible);
  uri->chain = altoscope_json_reader_strv (r, o, "chain", SMALL, 0);
  read_dnssec (r, o, &uri->dnssec, &uri->dnssec_validator, &uri->resolver_dnssec);
  uri->dnssec_detail = altoscope_json_reader_text (r, o, "dnssec_detail", N);
  read_uri_addresses (r, o, uri);
  uri->note = altoscope_json_reader_text (r, o, "note", N | OPT);
  read_uri_fallback (r, o, uri);
  check = altoscope_json_reader_object (r, o, "check", OPT);
  if (check != NULL && uri->uri != NULL)
    {
      g_autoptr(AltoscopeCheck) c = NULL;

      altoscope_json_reader_push (r, "check");
      c = altoscope_check_read_json (r, check);
      altoscope_json_reader_pop (r);
      if (c != NULL)
        _altoscope_target_set_check (target, uri->uri, c);
    }
  return altoscope_json_reader_failed (r) ? NULL : g_steal_pointer (&uri);
}

static AltoscopeNaptrRecord *
read_record (Reader     *r,
             JsonObject *o)
{
  static const char * const verdicts[] = { "used", "ignored", NULL };
  g_autofree char *owner = read_domain_name (r, o, "owner", N);
  g_autofree char *flags = altoscope_json_reader_text (r, o, "flags", 0);
  g_autofree char *service = altoscope_json_reader_text (r, o, "service", 0);
  g_autofree char *regexp = altoscope_json_reader_text (r, o, "regexp", 0);
  g_autofree char *replacement = altoscope_json_reader_text (r, o, "replacement", 0);
  gint64 hop = 0, order = 0, preference = 0, ttl = 0;
  int verdict, code = ALTOSCOPE_NAPTR_USABLE;
  g_autoptr(AltoscopeNaptrRecord) record = NULL;

  altoscope_json_reader_int (r, o, "hop", 0, 255, 0, &hop);
  altoscope_json_reader_int (r, o, "order", 0, G_MAXUINT16, 0, &order);
  altoscope_json_reader_int (r, o, "preference", 0, G_MAXUINT16, 0, &preference);
  altoscope_json_reader_int (r, o, "ttl", 0, G_MAXUINT32, 0, &ttl);
  verdict = altoscope_json_reader_one_of (r, o, "verdict", verdicts, 0);
  altoscope_json_reader_name (r, o, "reason_code", reason_name, N, &code);
  if (verdict == 1 && code == ALTOSCOPE_NAPTR_USABLE)
    altoscope_json_reader_fail (r, "reason_code", _("is null for a record that was ignored"));
  if (altoscope_json_reader_failed (r))
    return NULL;
  /* Judged again as a record on its own would be (its URI, scheme,
   * host), then as the report says it was. */
  record = altoscope_naptr_record_new (owner, order, preference, flags, service, regexp,
                                       replacement);
  record->hop = hop;
  record->ttl = ttl;
  record->usable = verdict == 0;
  record->reason_code = verdict == 0 ? ALTOSCOPE_NAPTR_USABLE : code;
  g_free (record->reason);
  record->reason = verdict == 0 ? NULL : altoscope_json_reader_text (r, o, "reason", N);
  altoscope_json_reader_boolean (r, o, "eligible", 0, &record->eligible);
  g_free (record->note);
  record->note = altoscope_json_reader_text (r, o, "note", N);
  return altoscope_json_reader_failed (r) ? NULL : g_steal_pointer (&record);
}

static void
attempt_clear (gpointer data)
{
  AltoscopeDnsAttempt *at = data;
  g_free (at->server);
  g_free (at->outcome);
}

static void
answer_clear (AltoscopeAnswerInfo *a)
{
  g_free (a->qname);
  g_free (a->why_bogus);
  g_free (a->validation_failure);
  g_free (a->error_code);
  g_free (a->server);
  g_clear_pointer (&a->ede, g_array_unref);
  g_clear_pointer (&a->attempts, g_array_unref);
}

static GArray *
read_attempts (Reader     *r,
               JsonObject *o)
{
  JsonArray *a = altoscope_json_reader_array (r, o, "attempts", SMALL, OPT);
  GArray *attempts = g_array_new (FALSE, TRUE, sizeof (AltoscopeDnsAttempt));

  g_array_set_clear_func (attempts, attempt_clear);
  altoscope_json_reader_push (r, "attempts");
  for (guint i = 0; a != NULL && i < json_array_get_length (a); i++)
    {
      JsonObject *e = altoscope_json_reader_element_object (r, a, i);
      AltoscopeDnsAttempt at = { NULL, NULL };

      altoscope_json_reader_push_index (r, i);
      at.server = altoscope_json_reader_text (r, e, "server", N);
      at.outcome = altoscope_json_reader_text (r, e, "outcome", N);
      altoscope_json_reader_pop (r);
      g_array_append_val (attempts, at);
      if (altoscope_json_reader_failed (r))
        break;
    }
  altoscope_json_reader_pop (r);
  return attempts;
}

/* One DNS answer as it came. */
static void
read_answer (Reader              *r,
             JsonObject          *o,
             AltoscopeAnswerInfo *a)
{
  int type = 0, rcode = G_MAXUINT16, error = ALTOSCOPE_ERROR_INTERNAL;

  a->qname = altoscope_json_reader_text (r, o, "name", N);
  altoscope_json_reader_name (r, o, "type", type_name, N, &type);
  a->qtype = type;
  a->rcode = G_MAXUINT;
  if (altoscope_json_reader_name (r, o, "rcode", rcode_name, N, &rcode) && rcode != G_MAXUINT16)
    a->rcode = rcode;
  altoscope_json_reader_boolean (r, o, "ad", 0, &a->ad);
  read_dnssec (r, o, &a->dnssec, &a->validator, &a->resolver_dnssec);
  a->why_bogus = altoscope_json_reader_text (r, o, "why_bogus", N | OPT);
  a->validation_failure = altoscope_json_reader_text (r, o, "validation_failure", N | OPT);
  altoscope_json_reader_boolean (r, o, "cd_retry", 0, &a->cd_retry);
  altoscope_json_reader_boolean (r, o, "over_tcp", 0, &a->over_tcp);
  altoscope_json_reader_boolean (r, o, "edns_fallback", 0, &a->edns_fallback);
  if (json_object_has_member (o, "error")
      && !JSON_NODE_HOLDS_NULL (json_object_get_member (o, "error"))
      && altoscope_json_reader_name (r, o, "error", error_code_name, 0, &error))
    a->error_code = g_strdup (altoscope_error_code_to_string (error));
  else
    altoscope_json_reader_string (r, o, "error", N);   /* missing, or null */
  a->ede = read_edes (r, o);
  a->server = altoscope_json_reader_text (r, o, "server", N | OPT);
  a->attempts = read_attempts (r, o);
  altoscope_json_reader_number (r, o, "elapsed_ms", 0, G_MAXDOUBLE, 0, &a->elapsed_ms);
}

static void
read_answers (Reader          *r,
              JsonObject      *o,
              AltoscopeTarget *t)
{
  JsonArray *a = altoscope_json_reader_array (r, o, "answers", ALTOSCOPE_REPORT_MAX_ANSWERS, 0);

  altoscope_json_reader_push (r, "answers");
  for (guint i = 0; a != NULL && i < json_array_get_length (a); i++)
    {
      JsonObject *e = altoscope_json_reader_element_object (r, a, i);
      AltoscopeAnswerInfo info = { 0 };

      altoscope_json_reader_push_index (r, i);
      if (e != NULL)
        read_answer (r, e, &info);
      altoscope_json_reader_pop (r);
      if (!altoscope_json_reader_failed (r))
        _altoscope_target_add_answer_info (t, &info);
      answer_clear (&info);
      if (altoscope_json_reader_failed (r))
        break;
    }
  altoscope_json_reader_pop (r);
}

static void
read_trace (Reader          *r,
            JsonObject      *o,
            AltoscopeTarget *t)
{
  JsonArray *a = altoscope_json_reader_array (r, o, "trace", ALTOSCOPE_REPORT_MAX_TRACE, 0);

  altoscope_json_reader_push (r, "trace");
  for (guint i = 0; a != NULL && i < json_array_get_length (a); i++)
    {
      JsonObject *e = altoscope_json_reader_element_object (r, a, i);
      g_autofree char *event = NULL, *detail = NULL;
      double t_ms = 0;

      altoscope_json_reader_push_index (r, i);
      altoscope_json_reader_number (r, e, "t_ms", 0, G_MAXDOUBLE, 0, &t_ms);
      event = altoscope_json_reader_text (r, e, "event", N);
      detail = altoscope_json_reader_text (r, e, "detail", N);
      altoscope_json_reader_pop (r);
      if (altoscope_json_reader_failed (r))
        break;
      _altoscope_target_add_trace (t, t_ms, event, detail);
    }
  altoscope_json_reader_pop (r);
}

static void
read_warnings (Reader          *r,
               JsonObject      *o,
               AltoscopeTarget *t)
{
  JsonArray *a = altoscope_json_reader_array (r, o, "warnings", ALTOSCOPE_REPORT_MAX_WARNINGS, 0);

  altoscope_json_reader_push (r, "warnings");
  for (guint i = 0; a != NULL && i < json_array_get_length (a); i++)
    {
      JsonObject *e = altoscope_json_reader_element_object (r, a, i);
      g_autofree char *code = NULL, *message = NULL;

      altoscope_json_reader_push_index (r, i);
      code = altoscope_json_reader_text (r, e, "code", N);
      message = altoscope_json_reader_text (r, e, "message", N);
      altoscope_json_reader_pop (r);
      if (altoscope_json_reader_failed (r))
        break;
      altoscope_target_add_warning (t, code, message);
    }
  altoscope_json_reader_pop (r);
}

/* What step 2 found: the URIs, the records they came from. */
static void
read_findings (Reader          *r,
               JsonObject      *o,
               AltoscopeTarget *t)
{
  JsonArray *uris = altoscope_json_reader_array (r, o, "uris", ALTOSCOPE_REPORT_MAX_URIS, 0);
  JsonArray *records = altoscope_json_reader_array (r, o, "records",
                                                    ALTOSCOPE_REPORT_MAX_RECORDS, 0);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) altoscope_uri_unref);
  gint64 uris_total = 0, records_total = 0;

  altoscope_json_reader_push (r, "uris");
  for (guint i = 0; uris != NULL && i < json_array_get_length (uris); i++)
    {
      JsonObject *e = altoscope_json_reader_element_object (r, uris, i);
      AltoscopeUri *uri;

      altoscope_json_reader_push_index (r, i);
      uri = e != NULL ? read_uri (r, e, t) : NULL;
      altoscope_json_reader_pop (r);
      if (uri == NULL)
        break;
      g_ptr_array_add (list, uri);
    }
  altoscope_json_reader_pop (r);
  /* the totals, the server and the attempts came after /1 began (README) */
  altoscope_json_reader_int (r, o, "uris_total", 0, G_MAXINT32, OPT, &uris_total);
  altoscope_json_reader_int (r, o, "records_total", 0, G_MAXINT32, OPT, &records_total);
  _altoscope_target_set_uris (t, list, uris_total);
  _altoscope_target_set_records_total (t, records_total);

  altoscope_json_reader_push (r, "records");
  for (guint i = 0; records != NULL && i < json_array_get_length (records); i++)
    {
      JsonObject *e = altoscope_json_reader_element_object (r, records, i);
      g_autoptr(AltoscopeNaptrRecord) record = NULL;

      altoscope_json_reader_push_index (r, i);
      record = e != NULL ? read_record (r, e) : NULL;
      altoscope_json_reader_pop (r);
      if (record == NULL)
        break;
      _altoscope_target_add_record (t, record);
    }
  altoscope_json_reader_pop (r);
}

/* RFC 8686: the address and each reverse name with its outcome. */
static void
read_reverse_names (Reader          *r,
                    JsonObject      *o,
                    AltoscopeTarget *t)
{
  JsonArray *a = altoscope_json_reader_array (r, o, "reverse_names", SMALL, OPT);
  g_autofree char *address = NULL;
  g_autoptr(GArray) names = NULL;

  if (a == NULL)
    return;
  address = altoscope_json_reader_text (r, o, "address", N);
  names = altoscope_reverse_names_array_new ();
  altoscope_json_reader_push (r, "reverse_names");
  for (guint i = 0; i < json_array_get_length (a) && !altoscope_json_reader_failed (r); i++)
    {
      JsonObject *e = altoscope_json_reader_element_object (r, a, i);
      AltoscopeReverseName n = { 0 };
      int outcome = 0, error = ALTOSCOPE_ERROR_NONE, dnssec = ALTOSCOPE_DNSSEC_INDETERMINATE;
      gint64 prefix = 0, uris = 0;
      gboolean answered = FALSE;

      altoscope_json_reader_push_index (r, i);
      n.name = read_domain_name (r, e, "name", 0);
      altoscope_json_reader_int (r, e, "prefix_len", 0, 128, 0, &prefix);
      altoscope_json_reader_enum (r, e, "outcome", ALTOSCOPE_TYPE_REVERSE_OUTCOME, 0, &outcome);
      altoscope_json_reader_boolean (r, e, "answered", 0, &answered);
      altoscope_json_reader_name (r, e, "error", error_code_name, N, &error);
      altoscope_json_reader_enum (r, e, "dnssec", ALTOSCOPE_TYPE_DNSSEC, N, &dnssec);
      altoscope_json_reader_int (r, e, "uris", 0, ALTOSCOPE_REPORT_MAX_URIS, 0, &uris);
      altoscope_json_reader_boolean (r, e, "from_retry_memory", 0, &n.remembered);
      if (answered != (outcome == ALTOSCOPE_REVERSE_OUTCOME_ANSWERED))
        altoscope_json_reader_fail (r, "answered", _("does not agree with the outcome"));
      altoscope_json_reader_pop (r);
      n.prefix_len = prefix;
      n.outcome = outcome;
      n.error_code = error;
      n.dnssec = dnssec;
      n.uris = uris;
      g_array_append_val (names, n);
    }
  altoscope_json_reader_pop (r);
  _altoscope_target_set_reverse (t, address, names);
}

/* A DHCP server asked directly (issue 10): its own reader, which holds
 * the answer to the limits its writer used. */
static void
read_dhcp_query (Reader          *r,
                 JsonObject      *o,
                 AltoscopeTarget *t)
{
  JsonObject *q = altoscope_json_reader_object (r, o, "dhcp_query", OPT);
  g_autofree char *server = altoscope_json_reader_text (r, o, "dhcp_server", N | OPT);
  g_autoptr(AltoscopeDhcpAnswer) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (q == NULL)
    return;
  node = json_node_init_object (json_node_alloc (), q);
  answer = altoscope_dhcp_answer_from_json (node, &error);
  if (answer == NULL)
    altoscope_json_reader_fail (r, "dhcp_query", "%s", error->message);
  else
    _altoscope_target_set_dhcp_answer (t, answer, server);
}

static GPtrArray *
read_dhcp_values (Reader     *r,
                  JsonObject *o)
{
  JsonArray *a = altoscope_json_reader_array (r, o, "dhcp_options", SMALL, OPT);
  GPtrArray *values;

  if (a == NULL)
    return NULL;
  values = g_ptr_array_new_with_free_func ((GDestroyNotify) altoscope_dhcp_value_free);
  altoscope_json_reader_push (r, "dhcp_options");
  for (guint i = 0; i < json_array_get_length (a) && !altoscope_json_reader_failed (r); i++)
    {
      JsonObject *e = altoscope_json_reader_element_object (r, a, i);
      AltoscopeDhcpValue *v = g_new0 (AltoscopeDhcpValue, 1);
      gint64 option = 0;

      altoscope_json_reader_push_index (r, i);
      altoscope_json_reader_int (r, e, "option", 0, G_MAXUINT16, 0, &option);
      v->option = option;
      v->key = altoscope_json_reader_text (r, e, "key", N);
      v->raw = altoscope_json_reader_text (r, e, "value", N);
      v->form = altoscope_json_reader_text (r, e, "form", N);
      v->domain = altoscope_json_reader_text (r, e, "domain", N);
      v->error = altoscope_json_reader_text (r, e, "error", N);
      v->note = altoscope_json_reader_text (r, e, "note", N);
      altoscope_json_reader_pop (r);
      g_ptr_array_add (values, v);
    }
  altoscope_json_reader_pop (r);
  return values;
}

static void
read_option_status (Reader          *r,
                    JsonObject      *o,
                    AltoscopeTarget *t)
{
  JsonArray *a = altoscope_json_reader_array (r, o, "dhcp_option_status", SMALL, OPT);
  g_autoptr(GArray) seen = NULL;

  if (a == NULL)
    return;
  seen = g_array_new (FALSE, TRUE, sizeof (AltoscopeOptionSeen));
  altoscope_json_reader_push (r, "dhcp_option_status");
  for (guint i = 0; i < json_array_get_length (a) && !altoscope_json_reader_failed (r); i++)
    {
      JsonObject *e = altoscope_json_reader_element_object (r, a, i);
      AltoscopeOptionSeen s = { 0 };
      gint64 option = 0;
      int status = 0;

      altoscope_json_reader_push_index (r, i);
      altoscope_json_reader_int (r, e, "option", 0, G_MAXUINT16, 0, &option);
      altoscope_json_reader_enum (r, e, "status", ALTOSCOPE_TYPE_OPTION_STATUS, 0, &status);
      altoscope_json_reader_pop (r);
      s.option = option;
      s.status = status;
      g_array_append_val (seen, s);
    }
  altoscope_json_reader_pop (r);
  _altoscope_target_set_options_seen (t, seen);
}

/* What the pair's link was (issue 9's VPNs: kind, parent, connection)
 * and the DHCP options step 1 read. */
static void
read_link (Reader          *r,
           JsonObject      *o,
           AltoscopeTarget *t)
{
  const char *kind = altoscope_json_reader_string (r, o, "interface_kind", N | OPT);
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(AltoscopeLink) link = NULL;
  g_autofree char *safe_kind = kind ? altoscope_text_make_safe (kind, -1) : NULL;

  if (kind != NULL)
    {
      JsonObject *c = altoscope_json_reader_object (r, o, "connection", N);
      g_autofree char *parent = altoscope_json_reader_text (r, o, "vpn_parent", N);
      g_autofree char *id = NULL, *uuid = NULL;

      altoscope_json_reader_push (r, "connection");
      if (c != NULL)
        {
          id = altoscope_json_reader_text (r, c, "id", N);
          uuid = altoscope_json_reader_text (r, c, "uuid", 0);
        }
      altoscope_json_reader_pop (r);
      link = altoscope_link_new (altoscope_target_get_interface (t), safe_kind);
      if (parent != NULL || g_str_equal (kind, "vpn"))
        altoscope_link_set_vpn (link, parent);
      altoscope_link_set_connection (link, id, uuid);
    }
  values = read_dhcp_values (r, o);
  if (link == NULL && values != NULL)
    link = altoscope_link_new (altoscope_target_get_interface (t), NULL);
  if (link != NULL && !altoscope_json_reader_failed (r))
    _altoscope_target_set_link (t, link, values);
}

static void
read_origin (Reader          *r,
             JsonObject      *o,
             AltoscopeTarget *t)
{
  read_reverse_names (r, o, t);
  read_dhcp_query (r, o, t);
  read_link (r, o, t);
  read_option_status (r, o, t);
}

static void
read_resolvers (Reader          *r,
                JsonObject      *o,
                AltoscopeTarget *t)
{
  g_auto(GStrv) servers = altoscope_json_reader_strv (r, o, "resolvers", SMALL, 0);
  gboolean system = FALSE, loopback = FALSE;

  altoscope_json_reader_boolean (r, o, "resolvers_from_system", 0, &system);
  altoscope_json_reader_boolean (r, o, "resolvers_on_loopback", 0, &loopback);
  if (servers != NULL)
    _altoscope_target_set_resolvers (t, (const char * const *) servers, system, loopback);
}

/* When the wait before retrying ends, in µs of the wall clock; 0: none. */
static gint64
read_retry_at (Reader     *r,
               JsonObject *e)
{
  const char *stamp = altoscope_json_reader_string (r, e, "retry_at", N | OPT);
  g_autoptr(GDateTime) at = stamp ? g_date_time_new_from_iso8601 (stamp, NULL) : NULL;

  if (stamp != NULL && at == NULL)
    altoscope_json_reader_fail (r, "retry_at", _("is not an ISO 8601 time"));
  return at ? g_date_time_to_unix (at) * G_USEC_PER_SEC + g_date_time_get_microsecond (at) : 0;
}

/* The failure that decided: "status" and "error" agree. */
static void
read_error (Reader          *r,
            JsonObject      *o,
            AltoscopeTarget *t)
{
  static const char * const statuses[] = { "ok", "failed", NULL };
  int status = altoscope_json_reader_one_of (r, o, "status", statuses, 0);
  JsonObject *e = altoscope_json_reader_object (r, o, "error", N);
  int code = ALTOSCOPE_ERROR_INTERNAL, previous = ALTOSCOPE_ERROR_NONE, rcode = -1;
  g_autofree char *message = NULL, *step = NULL, *domain = NULL;
  g_autoptr(GArray) edes = NULL;
  double after = -1;
  gint64 at;

  if (status >= 0 && (status == 1) != (e != NULL))
    altoscope_json_reader_fail (r, "error", _("does not agree with the status"));
  if (e == NULL || altoscope_json_reader_failed (r))
    return;
  altoscope_json_reader_push (r, "error");
  altoscope_json_reader_name (r, e, "code", error_code_name, 0, &code);
  message = altoscope_json_reader_text (r, e, "message", N);
  altoscope_json_reader_number (r, e, "retry_after_s", 0, G_MAXDOUBLE, N | OPT, &after);
  at = read_retry_at (r, e);
  step = altoscope_json_reader_text (r, e, "step", N);
  altoscope_json_reader_string (r, e, "category", N | OPT);   /* written from the code */
  altoscope_json_reader_string (r, e, "hint", N | OPT);       /* likewise */
  domain = read_domain_name (r, e, "failed_domain", N | OPT);
  altoscope_json_reader_name (r, e, "rcode", rcode_name, N | OPT, &rcode);
  edes = json_object_has_member (e, "extended_errors") ? read_edes (r, e) : NULL;
  altoscope_json_reader_name (r, e, "previous_code", error_code_name, N | OPT, &previous);
  altoscope_json_reader_pop (r);
  if (altoscope_json_reader_failed (r))
    return;
  altoscope_target_set_failure (t, code, step, message);
  _altoscope_target_set_retry (t, after, at);
  _altoscope_target_set_failed_lookup (t, domain, rcode >= 0 ? (guint) rcode : G_MAXUINT, edes);
  if (previous != ALTOSCOPE_ERROR_NONE)
    _altoscope_target_set_previous (t, previous);
}

/* The verdict's DNSSEC: the status, who decided it, what was claimed. */
static void
read_verdict (Reader          *r,
              JsonObject      *o,
              AltoscopeTarget *t)
{
  AltoscopeDnssec dnssec, claimed;
  AltoscopeDnssecValidator validator;
  gboolean overridden = FALSE;
  g_autofree char *detail = NULL;

  read_error (r, o, t);
  altoscope_json_reader_boolean (r, o, "retry_wait_overridden", 0, &overridden);
  if (overridden)
    _altoscope_target_set_backoff_overridden (t);
  if (!read_dnssec (r, o, &dnssec, &validator, &claimed))
    return;
  detail = altoscope_json_reader_text (r, o, "dnssec_detail", N);
  _altoscope_target_set_dnssec (t, dnssec, detail);
  _altoscope_target_set_dnssec_views (t, validator, claimed);
}

/**
 * altoscope_target_read_json:
 * @reader: where @object is (its path pushed) and the first fault
 * @object: one element of an altoscope-report/1 "targets"
 *
 * Returns: (transfer full) (nullable): the target, or NULL with the fault
 *   in @reader
 */
AltoscopeTarget *
altoscope_target_read_json (AltoscopeJsonReader *r,
                            JsonObject          *o)
{
  g_autofree char *interface = altoscope_json_reader_text (r, o, "interface", N);
  g_autofree char *domain = read_domain_name (r, o, "domain", N);
  static const char * const families[] = { "ipv4", "ipv6", NULL };
  int family = altoscope_json_reader_one_of (r, o, "family", families, N);
  int source = ALTOSCOPE_DOMAIN_SOURCE_NONE;
  g_autoptr(AltoscopeTarget) t = NULL;
  double elapsed = 0;

  altoscope_json_reader_enum (r, o, "domain_source", ALTOSCOPE_TYPE_DOMAIN_SOURCE, N, &source);
  if (altoscope_json_reader_failed (r))
    return NULL;
  t = altoscope_target_new (interface, family >= 0 ? families[family] : NULL, domain, source);
  read_origin (r, o, t);
  read_resolvers (r, o, t);
  read_verdict (r, o, t);
  read_findings (r, o, t);
  read_warnings (r, o, t);
  read_answers (r, o, t);
  read_trace (r, o, t);
  altoscope_json_reader_number (r, o, "elapsed_ms", 0, G_MAXDOUBLE, 0, &elapsed);
  _altoscope_target_set_finished (t, elapsed);
  return altoscope_json_reader_failed (r) ? NULL : g_steal_pointer (&t);
}
