/* altoscope-check-report.c
 *
 * A check's two edges, from its getters: the altoscope-check/1 JSON (a
 * contract: fields may be added, none renamed) and the terminal text,
 * where everything from the network is made safe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "altoscope-check.h"
#include "altoscope-json.h"
#include "altoscope-text.h"

static void
add_strv (JsonBuilder        *b,
          const char         *member,
          const char * const *values)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; values && values[i]; i++)
    json_builder_add_string_value (b, values[i]);
  json_builder_end_array (b);
}

static void
add_issues (JsonBuilder *b,
            const char  *member,
            GPtrArray   *issues)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; issues && i < issues->len; i++)
    {
      AltoscopeIrdIssue *issue = issues->pdata[i];
      json_builder_begin_object (b);
      altoscope_json_add_string_or_null (b, "code", issue->code);
      altoscope_json_add_string_or_null (b, "resource", issue->resource);
      altoscope_json_add_string_or_null (b, "message", issue->message);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* A directory's resources; a directory it lists, when a check read it, as
 * "directory" with that directory's own resources and errors. */
static void
add_resources (JsonBuilder        *b,
               const AltoscopeIrd *ird)
{
  json_builder_set_member_name (b, "resources");
  json_builder_begin_array (b);
  for (guint i = 0; i < ird->resources->len; i++)
    {
      AltoscopeIrdResource *r = ird->resources->pdata[i];
      json_builder_begin_object (b);
      altoscope_json_add_string_or_null (b, "id", r->id);
      altoscope_json_add_string_or_null (b, "uri", r->uri);
      altoscope_json_add_string_or_null (b, "media_type", r->media_type);
      altoscope_json_add_string_or_null (b, "kind", r->kind);
      altoscope_json_add_string_or_null (b, "accepts", r->accepts);
      add_strv (b, "cost_types", (const char * const *) r->cost_types);
      add_strv (b, "uses", (const char * const *) r->uses);
      if (g_str_equal (r->kind, "directory"))
        {
          json_builder_set_member_name (b, "directory");
          json_builder_begin_object (b);
          altoscope_json_add_string_or_null (b, "status", r->nested == NULL ? "unread"
                                             : altoscope_ird_is_valid (r->nested) ? "ok"
                                             : "invalid");
          altoscope_json_add_string_or_null (b, "error", r->nested_error);
          if (r->nested != NULL)
            {
              add_resources (b, r->nested);
              add_issues (b, "errors", r->nested->errors);
            }
          json_builder_end_object (b);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_query (JsonBuilder                  *b,
           const AltoscopeEndpointQuery *q)
{
  json_builder_set_member_name (b, "endpoints");
  json_builder_begin_array (b);
  for (guint i = 0; i < q->endpoints->len; i++)
    {
      AltoscopeEndpointAnswer *e = q->endpoints->pdata[i];

      json_builder_begin_object (b);
      altoscope_json_add_string_or_null (b, "address", e->address);
      altoscope_json_add_string_or_null (b, "pid", e->pid);
      altoscope_json_add_string_or_null (b, "map", e->map);
      altoscope_json_add_string_or_null (b, "vtag", e->vtag);
      altoscope_json_add_string_or_null (b, "via", e->via);
      altoscope_json_add_string_or_null (b, "error", e->error);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "costs");
  json_builder_begin_array (b);
  for (guint i = 0; i < q->costs->len; i++)
    {
      AltoscopeCostAnswer *c = q->costs->pdata[i];

      json_builder_begin_object (b);
      altoscope_json_add_string_or_null (b, "from", c->from);
      altoscope_json_add_string_or_null (b, "to", c->to);
      altoscope_json_add_string_or_null (b, "from_pid", c->from_pid);
      altoscope_json_add_string_or_null (b, "to_pid", c->to_pid);
      altoscope_json_add_string_or_null (b, "cost_type", c->cost_type);
      altoscope_json_add_string_or_null (b, "mode", c->mode);
      altoscope_json_add_string_or_null (b, "metric", c->metric);
      json_builder_set_member_name (b, "value");
      if (c->has_value)
        json_builder_add_double_value (b, c->value);
      else
        json_builder_add_null_value (b);
      altoscope_json_add_string_or_null (b, "via", c->via);
      altoscope_json_add_string_or_null (b, "error", c->error);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  altoscope_json_add_ms (b, "query_ms", q->elapsed_ms);
}

static void
add_ird (JsonBuilder        *b,
         const AltoscopeIrd *ird)
{
  json_builder_set_member_name (b, "ird");
  if (ird == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }
  json_builder_begin_object (b);
  altoscope_json_add_string_or_null (b, "default_network_map", ird->default_network_map);
  add_strv (b, "cost_types", (const char * const *) ird->cost_type_names);
  add_resources (b, ird);
  add_issues (b, "errors", ird->errors);
  json_builder_end_object (b);
}

/* The altoscope-check/1 contract: fields may be added, none renamed. */
JsonNode *
altoscope_check_to_json (AltoscopeCheck *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  /* When the check ended, also when the report comes later. */
  g_autofree char *stamp = g_date_time_format_iso8601 (altoscope_check_get_finished_at (self) ? altoscope_check_get_finished_at (self) : now);

  json_builder_begin_object (b);
  altoscope_json_add_string_or_null (b, "schema", ALTOSCOPE_CHECK_SCHEMA);
  altoscope_json_add_string_or_null (b, "generated_at", stamp);
  altoscope_json_add_string_or_null (b, "uri", altoscope_check_get_uri (self));
  altoscope_json_add_string_or_null (b, "final_uri", altoscope_check_get_final_uri (self));
  altoscope_json_add_string_or_null (b, "local_address", altoscope_check_get_local_address (self));
  altoscope_json_add_string_or_null (b, "status", altoscope_check_get_code (self) == ALTOSCOPE_CHECK_OK ? "ok" : "failed");

  json_builder_set_member_name (b, "error");
  if (altoscope_check_get_code (self) != ALTOSCOPE_CHECK_OK)
    {
      json_builder_begin_object (b);
      altoscope_json_add_string_or_null (b, "code", altoscope_check_code_to_string (altoscope_check_get_code (self)));
      altoscope_json_add_string_or_null (b, "message", altoscope_check_get_message (self));
      altoscope_json_add_string_or_null (b, "hint", altoscope_check_code_hint (altoscope_check_get_code (self)));
      add_strv (b, "tls_errors", altoscope_check_get_tls_errors (self));
      altoscope_json_add_string_or_null (b, "alto_error", altoscope_check_get_alto_error (self));
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "http");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "status");
  if (altoscope_check_get_status (self) != 0)
    json_builder_add_int_value (b, altoscope_check_get_status (self));
  else
    json_builder_add_null_value (b);
  altoscope_json_add_string_or_null (b, "reason", altoscope_check_get_reason (self));
  altoscope_json_add_string_or_null (b, "content_type", altoscope_check_get_content_type (self));
  json_builder_set_member_name (b, "body_bytes");
  json_builder_add_int_value (b, altoscope_check_get_body_bytes (self));
  json_builder_end_object (b);

  json_builder_set_member_name (b, "redirects");
  json_builder_begin_array (b);
  for (guint i = 0; i < altoscope_check_get_n_redirects (self); i++)
    {
      const char *from, *to;
      guint status;

      altoscope_check_get_redirect (self, i, &from, &status, &to);
      json_builder_begin_object (b);
      altoscope_json_add_string_or_null (b, "from", from);
      json_builder_set_member_name (b, "status");
      json_builder_add_int_value (b, status);
      altoscope_json_add_string_or_null (b, "to", to);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "tls");
  if (altoscope_check_get_peer_subject (self) != NULL)
    {
      json_builder_begin_object (b);
      altoscope_json_add_string_or_null (b, "subject", altoscope_check_get_peer_subject (self));
      altoscope_json_add_string_or_null (b, "issuer", altoscope_check_get_peer_issuer (self));
      altoscope_json_add_string_or_null (b, "not_after", altoscope_check_get_peer_not_after (self));
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "timing");
  json_builder_begin_object (b);
  altoscope_json_add_ms (b, "total_ms", altoscope_check_get_total_ms (self));
  if (altoscope_check_get_response_ms (self) >= 0)
    altoscope_json_add_ms (b, "response_ms", altoscope_check_get_response_ms (self));
  else
    {
      json_builder_set_member_name (b, "response_ms");
      json_builder_add_null_value (b);
    }
  json_builder_end_object (b);

  add_issues (b, "warnings", altoscope_check_get_warnings (self));

  add_ird (b, altoscope_check_get_ird (self));
  if (altoscope_check_get_query (self) != NULL)
    add_query (b, altoscope_check_get_query (self));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* Where this computer stands, and the costs, for a terminal. */
static void
query_to_text (GString                      *out,
               const AltoscopeEndpointQuery *q)
{
  for (guint i = 0; i < q->endpoints->len; i++)
    {
      AltoscopeEndpointAnswer *e = q->endpoints->pdata[i];
      g_autofree char *pid = altoscope_text_safe (e->pid);
      g_autofree char *map = altoscope_text_safe (e->map);
      g_autofree char *error = altoscope_text_safe (e->error);

      if (e->error != NULL)
        g_string_append_printf (out, _("PID:       %s: not known (%s)\n"), e->address, error);
      else if (e->pid == NULL)
        g_string_append_printf (out, _("PID:       %s is in no PID of “%s” (%s)\n"),
                                e->address, map, altoscope_endpoint_query_via_sentence (e->via));
      else
        g_string_append_printf (out, _("PID:       %s is in “%s” of “%s” (%s)\n"),
                                e->address, pid, map, altoscope_endpoint_query_via_sentence (e->via));
    }
  for (guint i = 0; i < q->costs->len; i++)
    {
      AltoscopeCostAnswer *c = q->costs->pdata[i];
      g_autofree char *type = altoscope_text_safe (c->cost_type);
      g_autofree char *mode = altoscope_text_safe (c->mode);
      g_autofree char *metric = altoscope_text_safe (c->metric);
      g_autofree char *error = altoscope_text_safe (c->error);

      if (c->has_value)
        {
          g_autofree char *value = altoscope_endpoint_query_format_cost (c->value);
          g_string_append_printf (out, _("Cost:      %s → %s: %s (%s, %s %s; %s)\n"),
                                  c->from ? c->from : "?", c->to, value, type, mode, metric,
                                  altoscope_endpoint_query_via_sentence (c->via));
        }
      else
        g_string_append_printf (out, _("Cost:      %s → %s: not known for %s (%s)\n"),
                                c->from ? c->from : "?", c->to, type, error);
    }
}

/* For a terminal: everything from the network made safe. */
char *
altoscope_check_to_text (AltoscopeCheck *self)
{
  GString *out = g_string_new (NULL);
  g_autofree char *uri = altoscope_text_safe (altoscope_check_get_uri (self));

  g_string_append_printf (out, _("Check:     %s\n"), uri);
  for (guint i = 0; i < altoscope_check_get_n_redirects (self); i++)
    {
      const char *from, *to;
      guint status;
      g_autofree char *safe_to = NULL;

      altoscope_check_get_redirect (self, i, &from, &status, &to);
      safe_to = altoscope_text_safe (to);
      g_string_append_printf (out, _("Redirect:  %u to %s\n"), status, safe_to);
    }
  if (altoscope_check_get_peer_subject (self) != NULL)
    {
      g_autofree char *subject = altoscope_text_safe (altoscope_check_get_peer_subject (self));
      g_autofree char *issuer = altoscope_text_safe (altoscope_check_get_peer_issuer (self));
      g_string_append_printf (out, _("TLS:       %s, issued by %s, valid until %s\n"), subject,
                              issuer, altoscope_check_get_peer_not_after (self) ? altoscope_check_get_peer_not_after (self) : "?");
    }
  if (altoscope_check_get_status (self) != 0)
    {
      g_autofree char *reason = altoscope_text_safe (altoscope_check_get_reason (self));
      g_autofree char *ctype = altoscope_text_safe (altoscope_check_get_content_type (self));
      g_string_append_printf (out, _("HTTP:      %u %s, %s, %zu bytes\n"), altoscope_check_get_status (self), reason,
                              altoscope_check_get_content_type (self) ? ctype : _("no media type"), altoscope_check_get_body_bytes (self));
    }
  if (altoscope_check_get_code (self) == ALTOSCOPE_CHECK_OK)
    g_string_append_printf (out, ngettext ("Result:    an ALTO directory of %u resource\n",
                                           "Result:    an ALTO directory of %u resources\n",
                                           altoscope_check_get_ird (self)->resources->len),
                            altoscope_check_get_ird (self)->resources->len);
  else
    {
      g_autofree char *msg = altoscope_text_safe (altoscope_check_get_message (self));
      g_string_append_printf (out, _("Result:    FAILED (%s)\n"),
                              altoscope_check_code_to_string (altoscope_check_get_code (self)));
      g_string_append_printf (out, _("Cause:     %s\n"), msg);
      g_string_append_printf (out, _("Hint:      %s\n"), altoscope_check_code_hint (altoscope_check_get_code (self)));
    }
  for (guint i = 0; altoscope_check_get_ird (self) && i < altoscope_check_get_ird (self)->resources->len; i++)
    {
      AltoscopeIrdResource *r = altoscope_check_get_ird (self)->resources->pdata[i];
      g_autofree char *id = altoscope_text_safe (r->id);
      g_autofree char *ruri = altoscope_text_safe (r->uri);
      g_autofree char *costs = r->cost_types ? g_strjoinv (", ", r->cost_types) : NULL;
      g_autofree char *safe_costs = altoscope_text_safe (costs);
      g_string_append_printf (out, "  %-28s %-18s %s%s%s\n", id, r->kind, ruri,
                              costs ? _(" · cost types: ") : "", costs ? safe_costs : "");
      for (guint j = 0; r->nested && j < r->nested->resources->len; j++)
        {
          AltoscopeIrdResource *n = r->nested->resources->pdata[j];
          g_autofree char *nid = altoscope_text_safe (n->id);
          g_autofree char *nuri = altoscope_text_safe (n->uri);
          g_string_append_printf (out, "    ↳ %-24s %-18s %s\n", nid, n->kind, nuri);
        }
    }
  for (guint i = 0; altoscope_check_get_ird (self) && i < altoscope_check_get_ird (self)->errors->len; i++)
    {
      g_autofree char *m = altoscope_text_safe (((AltoscopeIrdIssue *) altoscope_check_get_ird (self)->errors->pdata[i])->message);
      g_string_append_printf (out, _("Error:     %s\n"), m);
    }
  for (guint i = 0; i < altoscope_check_get_warnings (self)->len; i++)
    {
      g_autofree char *m = altoscope_text_safe (((AltoscopeIrdIssue *) altoscope_check_get_warnings (self)->pdata[i])->message);
      g_string_append_printf (out, _("Warning:   %s\n"), m);
    }
  if (altoscope_check_get_query (self) != NULL)
    query_to_text (out, altoscope_check_get_query (self));
  g_string_append_printf (out, _("Time:      %.1f ms"), altoscope_check_get_total_ms (self));
  if (altoscope_check_get_response_ms (self) >= 0)
    g_string_append_printf (out, _(" (the server took %.1f ms to answer)"), altoscope_check_get_response_ms (self));
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}
