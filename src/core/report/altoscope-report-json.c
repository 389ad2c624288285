/* altoscope-report-json.c: the report as JSON
 *
 * The JSON field names are a contract with scripts and help desks
 * (schema "altoscope-report/1"): add fields freely, rename none.  The
 * golden reports in tests/golden guard it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "altoscope-dhcp.h"
#include "altoscope-domain.h"
#include "altoscope-report.h"
#include "altoscope-target.h"
#include "altoscope-text.h"

/* Domain names in the report have no trailing dot. */
static void
add_name (JsonBuilder *b,
          const char  *member,
          const char  *name)
{
  g_autofree char *bare = altoscope_domain_bare (name);
  json_builder_set_member_name (b, member);
  if (bare)
    json_builder_add_string_value (b, bare);
  else
    json_builder_add_null_value (b);
}

static const char *
family_name (int family)
{
  return family == G_SOCKET_FAMILY_IPV6 ? "ipv6" : "ipv4";
}

/* RFC 8914 Extended DNS Errors: [ { "code", "text" } ]. */
/* Who decided a DNSSEC status ("altoscope": proved from a trust anchor;
 * "resolver": its AD bit) and what the resolver claimed (issue 17). */
static void
add_dnssec_views (JsonBuilder              *b,
                  AltoscopeDnssecValidator  validator,
                  AltoscopeDnssec           resolver_dnssec)
{
  altoscope_json_add_string_or_null (b, "dnssec_validator",
                                     altoscope_dnssec_validator_to_string (validator));
  altoscope_json_add_string_or_null (b, "resolver_dnssec",
                                     altoscope_dnssec_to_string (resolver_dnssec));
}

static void
add_extended_errors (JsonBuilder *b,
                     GArray      *edes)
{
  json_builder_set_member_name (b, "extended_errors");
  json_builder_begin_array (b);
  for (guint i = 0; i < edes->len; i++)
    {
      AltoscopeDnsEde *ede = &g_array_index (edes, AltoscopeDnsEde, i);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "code");
      json_builder_add_int_value (b, ede->info_code);
      altoscope_json_add_string_or_null (b, "text", ede->extra_text);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* The host's addresses, each with its DNSSEC status, and why there are
 * none (null when nothing failed). */
static void
add_uri_addresses (JsonBuilder  *b,
                   AltoscopeUri *uri)
{
  json_builder_set_member_name (b, "addresses");
  json_builder_begin_array (b);
  for (guint i = 0; i < uri->addresses->len; i++)
    {
      AltoscopeAddress *addr = &g_array_index (uri->addresses, AltoscopeAddress, i);
      json_builder_begin_object (b);
      altoscope_json_add_string_or_null (b, "address", addr->address);
      altoscope_json_add_string_or_null (b, "family", family_name (addr->family));
      altoscope_json_add_string_or_null (b, "dnssec", altoscope_dnssec_to_string (addr->dnssec));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "address_error");
  if (uri->has_address_error)
    {
      json_builder_begin_object (b);
      altoscope_json_add_string_or_null (b, "code", altoscope_error_code_to_string (uri->address_error_code));
      altoscope_json_add_string_or_null (b, "message", uri->address_error_message);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
}

static void
add_uri (JsonBuilder     *b,
         AltoscopeTarget *target,
         AltoscopeUri    *uri)
{
  AltoscopeCheck *check = altoscope_target_get_check (target, uri->uri);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "rank");
  json_builder_add_int_value (b, uri->rank);
  altoscope_json_add_string_or_null (b, "uri", uri->uri);
  altoscope_json_add_string_or_null (b, "scheme", uri->scheme);
  altoscope_json_add_string_or_null (b, "host", uri->host);
  json_builder_set_member_name (b, "port");
  if (uri->port >= 0)
    json_builder_add_int_value (b, uri->port);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "order");
  json_builder_add_int_value (b, uri->order);
  json_builder_set_member_name (b, "preference");
  json_builder_add_int_value (b, uri->preference);
  json_builder_set_member_name (b, "eligible");
  json_builder_add_boolean_value (b, uri->eligible);
  json_builder_set_member_name (b, "chain");
  json_builder_begin_array (b);
  for (guint i = 0; uri->chain && uri->chain[i]; i++)
    {
      g_autofree char *bare = altoscope_domain_bare (uri->chain[i]);
      json_builder_add_string_value (b, bare);
    }
  json_builder_end_array (b);
  altoscope_json_add_string_or_null (b, "dnssec", altoscope_dnssec_to_string (uri->dnssec));
  altoscope_json_add_string_or_null (b, "dnssec_detail", uri->dnssec_detail);
  add_dnssec_views (b, uri->dnssec_validator, uri->resolver_dnssec);
  add_uri_addresses (b, uri);
  altoscope_json_add_string_or_null (b, "note", uri->note);
  json_builder_set_member_name (b, "fallback");
  if (uri->fallback_order >= 0)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "order");
      json_builder_add_int_value (b, uri->fallback_order);
      altoscope_json_add_string_or_null (b, "reason", uri->fallback_reason);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  /* Only when the URI was checked (discover --check, or in the window):
   * an altoscope-check/1 object. */
  if (check != NULL)
    {
      json_builder_set_member_name (b, "check");
      json_builder_add_value (b, altoscope_check_to_json (check));
    }
  json_builder_end_object (b);
}

static void
add_record (JsonBuilder          *b,
            AltoscopeNaptrRecord *record)
{
  json_builder_begin_object (b);
  add_name (b, "owner", record->owner);
  json_builder_set_member_name (b, "hop");
  json_builder_add_int_value (b, record->hop);
  json_builder_set_member_name (b, "order");
  json_builder_add_int_value (b, record->order);
  json_builder_set_member_name (b, "preference");
  json_builder_add_int_value (b, record->preference);
  altoscope_json_add_string_or_null (b, "flags", record->flags);
  altoscope_json_add_string_or_null (b, "service", record->service);
  altoscope_json_add_string_or_null (b, "regexp", record->regexp);
  altoscope_json_add_string_or_null (b, "replacement", record->replacement);
  json_builder_set_member_name (b, "ttl");
  json_builder_add_int_value (b, record->ttl);
  altoscope_json_add_string_or_null (b, "verdict", record->usable ? "used" : "ignored");
  altoscope_json_add_string_or_null (b, "reason", record->usable ? NULL : record->reason);
  altoscope_json_add_string_or_null (b, "reason_code", record->usable ? NULL
                                     : altoscope_naptr_reason_to_string (record->reason_code));
  json_builder_set_member_name (b, "eligible");
  json_builder_add_boolean_value (b, record->eligible);
  altoscope_json_add_string_or_null (b, "note", record->note);
  json_builder_end_object (b);
}

/* What step 1 knew of each DHCP option it looked at (issue 15, item 1):
 * only when it looked (no override), so that other reports keep their
 * shape.  "not-reported" (NetworkManager's client did not ask) and
 * "not-sent" (the server was asked) are different facts. */
static void
add_option_status (JsonBuilder     *b,
                   AltoscopeTarget *t)
{
  GArray *seen = altoscope_target_get_options_seen (t);

  if (seen == NULL)
    return;
  json_builder_set_member_name (b, "dhcp_option_status");
  json_builder_begin_array (b);
  for (guint i = 0; i < seen->len; i++)
    {
      AltoscopeOptionSeen *s = &g_array_index (seen, AltoscopeOptionSeen, i);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "option");
      json_builder_add_int_value (b, s->option);
      altoscope_json_add_string_or_null (b, "status", altoscope_option_status_to_string (s->status));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* RFC 8686 (discover --address): the address or prefix asked about, and
 * every reverse name in the order of the procedure, with what its lookup
 * gave.  Only for such targets: other reports keep their shape. */
static void
add_reverse_names (JsonBuilder     *b,
                   AltoscopeTarget *t)
{
  GArray *names = altoscope_target_get_reverse_names (t);

  altoscope_json_add_string_or_null (b, "address", altoscope_target_get_reverse_address (t));
  json_builder_set_member_name (b, "reverse_names");
  json_builder_begin_array (b);
  for (guint i = 0; i < names->len; i++)
    {
      AltoscopeReverseName *n = &g_array_index (names, AltoscopeReverseName, i);
      gboolean tried = n->outcome != ALTOSCOPE_REVERSE_OUTCOME_NOT_TRIED;

      json_builder_begin_object (b);
      add_name (b, "name", n->name);
      json_builder_set_member_name (b, "prefix_len");
      json_builder_add_int_value (b, n->prefix_len);
      altoscope_json_add_string_or_null (b, "outcome",
                                         altoscope_reverse_outcome_to_string (n->outcome));
      json_builder_set_member_name (b, "answered");
      json_builder_add_boolean_value (b, n->outcome == ALTOSCOPE_REVERSE_OUTCOME_ANSWERED);
      altoscope_json_add_string_or_null (b, "error", n->error_code == ALTOSCOPE_ERROR_NONE ? NULL
                                         : altoscope_error_code_to_string (n->error_code));
      altoscope_json_add_string_or_null (b, "dnssec",
                                         tried ? altoscope_dnssec_to_string (n->dnssec) : NULL);
      json_builder_set_member_name (b, "uris");
      json_builder_add_int_value (b, n->uris);
      json_builder_set_member_name (b, "from_retry_memory");
      json_builder_add_boolean_value (b, n->remembered);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* Where step 1 found the domain, and the link it was found for. */
static void
add_origin (JsonBuilder     *b,
            AltoscopeTarget *t)
{
  altoscope_json_add_string_or_null (b, "interface", altoscope_target_get_interface (t));
  altoscope_json_add_string_or_null (b, "family", altoscope_target_get_family (t));
  add_name (b, "domain", altoscope_target_get_domain (t));
  altoscope_json_add_string_or_null (b, "domain_source", altoscope_target_get_domain_source (t));
  if (altoscope_target_get_reverse_names (t) != NULL)
    add_reverse_names (b, t);
  /* Only when a DHCP server was asked directly (issue 10): older reports
   * keep their shape. */
  if (altoscope_target_get_dhcp_answer (t) != NULL)
    {
      altoscope_json_add_string_or_null (b, "dhcp_server", altoscope_target_get_dhcp_server (t));
      json_builder_set_member_name (b, "dhcp_query");
      json_builder_add_value (b, altoscope_dhcp_answer_to_json (altoscope_target_get_dhcp_answer (t)));
    }

  if (altoscope_target_get_interface_kind (t) != NULL)
    {
      altoscope_json_add_string_or_null (b, "interface_kind", altoscope_target_get_interface_kind (t));
      altoscope_json_add_string_or_null (b, "vpn_parent", altoscope_target_get_vpn_parent (t));
      json_builder_set_member_name (b, "connection");
      if (altoscope_target_get_connection_uuid (t) != NULL)
        {
          json_builder_begin_object (b);
          altoscope_json_add_string_or_null (b, "id", altoscope_target_get_connection_id (t));
          altoscope_json_add_string_or_null (b, "uuid", altoscope_target_get_connection_uuid (t));
          json_builder_end_object (b);
        }
      else
        json_builder_add_null_value (b);
    }
  if (altoscope_target_get_dhcp_values (t) != NULL)
    {
      json_builder_set_member_name (b, "dhcp_options");
      json_builder_begin_array (b);
      for (guint i = 0; i < altoscope_target_get_dhcp_values (t)->len; i++)
        altoscope_dhcp_value_add_json (b, altoscope_target_get_dhcp_values (t)->pdata[i]);
      json_builder_end_array (b);
    }
  add_option_status (b, t);
}

static void
add_resolvers (JsonBuilder     *b,
               AltoscopeTarget *t)
{
  json_builder_set_member_name (b, "resolvers");
  json_builder_begin_array (b);
  for (const char * const *r = altoscope_target_get_resolvers (t); *r != NULL; r++)
    json_builder_add_string_value (b, *r);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "resolvers_from_system");
  json_builder_add_boolean_value (b, altoscope_target_get_resolvers_from_system (t));
  json_builder_set_member_name (b, "resolvers_on_loopback");
  json_builder_add_boolean_value (b, altoscope_target_get_resolvers_on_loopback (t));
}

/* When the wait before retrying ends (RFC 7286 §3.2), as ISO 8601, or null
 * when there is no wait. */
static void
add_retry_at (JsonBuilder     *b,
              AltoscopeTarget *t)
{
  json_builder_set_member_name (b, "retry_at");
  if (altoscope_target_get_retry_after (t) >= 0 && altoscope_target_get_retry_at (t) > 0)
    {
      g_autoptr(GDateTime) secs = g_date_time_new_from_unix_utc (altoscope_target_get_retry_at (t)
                                                                 / G_USEC_PER_SEC);
      g_autoptr(GDateTime) at = g_date_time_add (secs, altoscope_target_get_retry_at (t) % G_USEC_PER_SEC);
      g_autofree char *stamp = g_date_time_format_iso8601 (at);
      json_builder_add_string_value (b, stamp);
    }
  else
    json_builder_add_null_value (b);
}

/* The failure that decided, or null when the target did not fail. */
static void
add_error (JsonBuilder     *b,
           AltoscopeTarget *t)
{
  AltoscopeErrorCode previous = ALTOSCOPE_ERROR_INTERNAL;

  json_builder_set_member_name (b, "error");
  if (!altoscope_target_get_failed (t))
    {
      json_builder_add_null_value (b);
      return;
    }

  json_builder_begin_object (b);
  altoscope_json_add_string_or_null (b, "code", altoscope_error_code_to_string (altoscope_target_get_error_code (t)));
  altoscope_json_add_string_or_null (b, "message", altoscope_target_get_error_message (t));
  json_builder_set_member_name (b, "retry_after_s");
  if (altoscope_target_get_retry_after (t) >= 0)
    json_builder_add_double_value (b, altoscope_target_get_retry_after (t));
  else
    json_builder_add_null_value (b);
  add_retry_at (b, t);
  altoscope_json_add_string_or_null (b, "step", altoscope_target_get_error_step (t));
  altoscope_json_add_string_or_null (b, "category",
                      altoscope_error_category_to_string (
                        altoscope_error_code_category (altoscope_target_get_error_code (t))));
  altoscope_json_add_string_or_null (b, "hint", altoscope_error_code_hint (altoscope_target_get_error_code (t)));
  add_name (b, "failed_domain", altoscope_target_get_error_domain (t));
  altoscope_json_add_string_or_null (b, "rcode", altoscope_target_get_error_rcode (t) == G_MAXUINT ? NULL
                                    : altoscope_dns_rcode_to_string (altoscope_target_get_error_rcode (t)));
  add_extended_errors (b, altoscope_target_get_error_ede (t));
  altoscope_json_add_string_or_null (b, "previous_code",
                                     altoscope_target_get_previous_code (t, &previous)
                                            ? altoscope_error_code_to_string (previous)
                                            : NULL);
  json_builder_end_object (b);
}

/* What step 2 found: the URIs ranked, the records they came from. */
static void
add_findings (JsonBuilder     *b,
              AltoscopeTarget *t)
{
  json_builder_set_member_name (b, "uris");
  json_builder_begin_array (b);
  for (guint i = 0; i < altoscope_target_get_uris (t)->len; i++)
    add_uri (b, t, altoscope_target_get_uris (t)->pdata[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "uris_total");
  json_builder_add_int_value (b, altoscope_target_get_uris_total (t));
  json_builder_set_member_name (b, "records_total");
  json_builder_add_int_value (b, altoscope_target_get_records_total (t));

  json_builder_set_member_name (b, "records");
  json_builder_begin_array (b);
  for (guint i = 0; i < altoscope_target_get_records (t)->len; i++)
    add_record (b, altoscope_target_get_records (t)->pdata[i]);
  json_builder_end_array (b);
}

static void
add_warnings (JsonBuilder     *b,
              AltoscopeTarget *t)
{
  json_builder_set_member_name (b, "warnings");
  json_builder_begin_array (b);
  for (guint i = 0; i < altoscope_target_get_warnings (t)->len; i++)
    {
      AltoscopeWarning *w = &g_array_index (altoscope_target_get_warnings (t), AltoscopeWarning, i);
      json_builder_begin_object (b);
      altoscope_json_add_string_or_null (b, "code", w->code);
      altoscope_json_add_string_or_null (b, "message", w->message);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* One DNS answer as it came: rcode, AD, extended errors (RFC 8914), and
 * each server asked on the way. */
static void
add_answer (JsonBuilder         *b,
            AltoscopeAnswerInfo *a)
{
  g_autofree char *bare = altoscope_domain_bare (a->qname);

  json_builder_begin_object (b);
  altoscope_json_add_string_or_null (b, "name", bare);
  altoscope_json_add_string_or_null (b, "type", altoscope_dns_type_to_string (a->qtype));
  altoscope_json_add_string_or_null (b, "rcode", a->rcode == G_MAXUINT ? NULL
                                                   : altoscope_dns_rcode_to_string (a->rcode));
  json_builder_set_member_name (b, "ad");
  json_builder_add_boolean_value (b, a->ad);
  altoscope_json_add_string_or_null (b, "dnssec", altoscope_dnssec_to_string (a->dnssec));
  add_dnssec_views (b, a->validator, a->resolver_dnssec);
  altoscope_json_add_string_or_null (b, "why_bogus", a->why_bogus);
  altoscope_json_add_string_or_null (b, "validation_failure", a->validation_failure);
  json_builder_set_member_name (b, "cd_retry");
  json_builder_add_boolean_value (b, a->cd_retry);
  json_builder_set_member_name (b, "over_tcp");
  json_builder_add_boolean_value (b, a->over_tcp);
  json_builder_set_member_name (b, "edns_fallback");
  json_builder_add_boolean_value (b, a->edns_fallback);
  altoscope_json_add_string_or_null (b, "error", a->error_code);
  add_extended_errors (b, a->ede);
  altoscope_json_add_string_or_null (b, "server", a->server);
  json_builder_set_member_name (b, "attempts");
  json_builder_begin_array (b);
  for (guint j = 0; j < a->attempts->len; j++)
    {
      AltoscopeDnsAttempt *at = &g_array_index (a->attempts, AltoscopeDnsAttempt, j);
      json_builder_begin_object (b);
      altoscope_json_add_string_or_null (b, "server", at->server);
      altoscope_json_add_string_or_null (b, "outcome", at->outcome);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  altoscope_json_add_ms (b, "elapsed_ms", a->elapsed_ms);
  json_builder_end_object (b);
}

static void
add_trace (JsonBuilder     *b,
           AltoscopeTarget *t)
{
  json_builder_set_member_name (b, "trace");
  json_builder_begin_array (b);
  for (guint i = 0; i < altoscope_target_get_trace (t)->len; i++)
    {
      AltoscopeTraceEvent *ev = &g_array_index (altoscope_target_get_trace (t), AltoscopeTraceEvent, i);
      json_builder_begin_object (b);
      altoscope_json_add_ms (b, "t_ms", ev->t_ms);
      altoscope_json_add_string_or_null (b, "event", ev->event);
      altoscope_json_add_string_or_null (b, "detail", ev->detail);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* The members in the order of the altoscope-report/1 contract: where the
 * domain came from, who was asked, the verdict, what was found, and how. */
JsonNode *
altoscope_target_to_json (AltoscopeTarget *t)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_origin (b, t);
  add_resolvers (b, t);

  altoscope_json_add_string_or_null (b, "status", altoscope_target_get_failed (t) ? "failed" : "ok");
  add_error (b, t);
  json_builder_set_member_name (b, "retry_wait_overridden");
  json_builder_add_boolean_value (b, altoscope_target_get_backoff_overridden (t));
  altoscope_json_add_string_or_null (b, "dnssec", altoscope_dnssec_to_string (altoscope_target_get_dnssec (t)));
  altoscope_json_add_string_or_null (b, "dnssec_detail", altoscope_target_get_dnssec_detail (t));
  add_dnssec_views (b, altoscope_target_get_dnssec_validator (t),
                    altoscope_target_get_resolver_dnssec (t));

  add_findings (b, t);
  add_warnings (b, t);

  /* Every DNS answer as it came: rcode, AD, extended errors (RFC 8914). */
  json_builder_set_member_name (b, "answers");
  json_builder_begin_array (b);
  for (guint i = 0; i < altoscope_target_get_answers (t)->len; i++)
    add_answer (b, &g_array_index (altoscope_target_get_answers (t), AltoscopeAnswerInfo, i));
  json_builder_end_array (b);

  add_trace (b, t);
  altoscope_json_add_ms (b, "elapsed_ms", altoscope_target_get_elapsed_ms (t));
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

JsonNode *
altoscope_report_to_json (GPtrArray *targets,
                          GDateTime *generated_at)
{
  return altoscope_report_to_json_full (targets, generated_at, NULL, NULL, NULL);
}

/**
 * altoscope_report_to_json_full:
 * @targets: the results
 * @generated_at: (nullable): when; NULL: now
 * @generator: (nullable): who wrote it; NULL: this program ("altoscope
 *   VERSION"), else a received report's own, re-emitted
 * @note: (nullable): the person's own words, typed when saving; written
 *   only when given ("note", optional)
 * @networkmanager: (nullable) (transfer full): NetworkManager's status
 *   (altoscope_nm_model_status_to_json); written last, only when given
 *
 * Returns: (transfer full): the altoscope-report/1 object
 */
JsonNode *
altoscope_report_to_json_full (GPtrArray  *targets,
                               GDateTime  *generated_at,
                               const char *generator,
                               const char *note,
                               JsonNode   *networkmanager)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;

  if (generated_at == NULL)
    generated_at = now = g_date_time_new_now_utc ();
  stamp = g_date_time_format_iso8601 (generated_at);

  json_builder_begin_object (b);
  altoscope_json_add_string_or_null (b, "schema", ALTOSCOPE_REPORT_SCHEMA);
  altoscope_json_add_string_or_null (b, "generated_at", stamp);
  altoscope_json_add_string_or_null (b, "service", "ALTO");
  altoscope_json_add_string_or_null (b, "generator",
                                     generator ? generator : "altoscope " PACKAGE_VERSION);
  if (note != NULL)
    altoscope_json_add_string_or_null (b, "note", note);
  json_builder_set_member_name (b, "targets");
  json_builder_begin_array (b);
  for (guint i = 0; i < targets->len; i++)
    json_builder_add_value (b, altoscope_target_to_json (targets->pdata[i]));
  json_builder_end_array (b);
  if (networkmanager != NULL)
    {
      json_builder_set_member_name (b, "networkmanager");
      json_builder_add_value (b, networkmanager);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
