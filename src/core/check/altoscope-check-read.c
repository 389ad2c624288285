/* altoscope-check-read.c
 *
 * The altoscope-check/1 object of a URI in a received report, read member
 * by member (altoscope-json-reader.h) into the same AltoscopeCheck a check
 * makes, through the check's private setters, so that a view shows it as
 * it shows a check of its own.  What altoscope_check_to_json writes reads
 * back to the same JSON; the members added after altoscope-check/1 began
 * (endpoints, costs, query_ms) may be missing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "altoscope-check-private.h"
#include "altoscope-check-read.h"

#define N ALTOSCOPE_JSON_NULLABLE
#define OPT ALTOSCOPE_JSON_OPTIONAL
#define MAX_ITEMS ALTOSCOPE_CHECK_READ_MAX_ITEMS

static GPtrArray *
read_issues (AltoscopeJsonReader *r,
             JsonObject          *o,
             const char          *member)
{
  JsonArray *a = altoscope_json_reader_array (r, o, member, MAX_ITEMS, 0);
  g_autoptr(GPtrArray) issues = altoscope_ird_issues_new ();

  altoscope_json_reader_push (r, member);
  for (guint i = 0; a != NULL && i < json_array_get_length (a); i++)
    {
      JsonObject *e = altoscope_json_reader_element_object (r, a, i);
      g_autofree char *code = NULL, *resource = NULL, *message = NULL;

      altoscope_json_reader_push_index (r, i);
      code = altoscope_json_reader_text (r, e, "code", N);
      resource = altoscope_json_reader_text (r, e, "resource", N);
      message = altoscope_json_reader_text (r, e, "message", N);
      altoscope_json_reader_pop (r);
      if (altoscope_json_reader_failed (r))
        break;
      altoscope_ird_issues_add (issues, code, resource, message);
    }
  altoscope_json_reader_pop (r);
  return altoscope_json_reader_failed (r) ? NULL : g_steal_pointer (&issues);
}

static AltoscopeIrd *read_resources (AltoscopeJsonReader *r, JsonObject *o, AltoscopeIrd *ird);

/* A directory one level down: "unread", or read with its own resources. */
static void
read_nested (AltoscopeJsonReader  *r,
             JsonObject           *o,
             AltoscopeIrdResource *res)
{
  static const char * const statuses[] = { "unread", "ok", "invalid", NULL };
  JsonObject *d = altoscope_json_reader_object (r, o, "directory", 0);
  int status;

  if (d == NULL)
    return;
  altoscope_json_reader_push (r, "directory");
  status = altoscope_json_reader_one_of (r, d, "status", statuses, 0);
  res->nested_error = altoscope_json_reader_text (r, d, "error", N);
  if (status > 0)
    {
      AltoscopeIrd *nested = read_resources (r, d, NULL);
      if (nested != NULL && altoscope_ird_is_valid (nested) != (status == 1))
        altoscope_json_reader_fail (r, "status", _("does not agree with the errors listed"));
      res->nested = nested;
    }
  altoscope_json_reader_pop (r);
}

static AltoscopeIrdResource *
read_resource (AltoscopeJsonReader *r,
               JsonObject          *e)
{
  AltoscopeIrdResource *res = g_new0 (AltoscopeIrdResource, 1);

  res->id = altoscope_json_reader_text (r, e, "id", N);
  res->uri = altoscope_json_reader_text (r, e, "uri", N);
  res->media_type = altoscope_json_reader_text (r, e, "media_type", N);
  res->kind = altoscope_json_reader_text (r, e, "kind", 0);
  res->accepts = altoscope_json_reader_text (r, e, "accepts", N);
  res->cost_types = altoscope_json_reader_strv (r, e, "cost_types", MAX_ITEMS, 0);
  res->uses = altoscope_json_reader_strv (r, e, "uses", MAX_ITEMS, 0);
  if (res->cost_types != NULL && res->cost_types[0] == NULL)
    g_clear_pointer (&res->cost_types, g_strfreev);   /* the writer's "none" */
  if (res->uses != NULL && res->uses[0] == NULL)
    g_clear_pointer (&res->uses, g_strfreev);
  if (res->kind != NULL && g_str_equal (res->kind, "directory"))
    read_nested (r, e, res);
  return res;
}

/* @ird's resources and errors, into a new directory when @ird is NULL;
 * NULL (and @ird freed) on a fault. */
static AltoscopeIrd *
read_resources (AltoscopeJsonReader *r,
                JsonObject          *o,
                AltoscopeIrd        *ird)
{
  JsonArray *a = altoscope_json_reader_array (r, o, "resources", MAX_ITEMS, 0);
  GPtrArray *errors;

  if (ird == NULL)
    {
      /* An empty directory with the right lists: the parser's own. */
      ird = altoscope_ird_parse (NULL, NULL);
      g_ptr_array_set_size (ird->errors, 0);
    }
  altoscope_json_reader_push (r, "resources");
  for (guint i = 0; a != NULL && i < json_array_get_length (a); i++)
    {
      JsonObject *e = altoscope_json_reader_element_object (r, a, i);
      if (e == NULL)
        break;
      altoscope_json_reader_push_index (r, i);
      g_ptr_array_add (ird->resources, read_resource (r, e));
      altoscope_json_reader_pop (r);
    }
  altoscope_json_reader_pop (r);
  errors = read_issues (r, o, "errors");
  if (errors != NULL)
    {
      g_ptr_array_unref (ird->errors);
      ird->errors = errors;
    }
  if (altoscope_json_reader_failed (r))
    g_clear_pointer (&ird, altoscope_ird_free);
  return ird;
}

static gboolean
read_ird (AltoscopeJsonReader  *r,
          JsonObject           *o,
          AltoscopeIrd        **out)
{
  JsonObject *d = altoscope_json_reader_object (r, o, "ird", N);
  AltoscopeIrd *ird;

  *out = NULL;
  if (d == NULL)
    return !altoscope_json_reader_failed (r);
  ird = altoscope_ird_parse (NULL, NULL);
  g_ptr_array_set_size (ird->errors, 0);
  altoscope_json_reader_push (r, "ird");
  ird->default_network_map = altoscope_json_reader_text (r, d, "default_network_map", N);
  g_strfreev (ird->cost_type_names);
  ird->cost_type_names = altoscope_json_reader_strv (r, d, "cost_types", MAX_ITEMS, 0);
  if (ird->cost_type_names == NULL)
    ird->cost_type_names = g_new0 (char *, 1);
  *out = read_resources (r, d, ird);
  altoscope_json_reader_pop (r);
  return *out != NULL;
}

/* The via names of altoscope-check/1, as the constants the check uses
 * (altoscope_endpoint_query_via_intern: one list of them). */
static gboolean
via_from_name (const char *name,
               int        *value)
{
  const char *via;

  for (guint i = 0; (via = altoscope_endpoint_query_via_nth (i)) != NULL; i++)
    if (g_str_equal (name, via))
      {
        *value = (int) i;
        return TRUE;
      }
  return FALSE;
}

static const char *
read_via (AltoscopeJsonReader *r,
          JsonObject          *e)
{
  int v = -1;

  altoscope_json_reader_name (r, e, "via", via_from_name, N, &v);
  return v >= 0 ? altoscope_endpoint_query_via_nth ((guint) v) : NULL;
}

static AltoscopeEndpointAnswer *
read_endpoint (AltoscopeJsonReader *r,
               JsonObject          *e)
{
  AltoscopeEndpointAnswer *ea = g_new0 (AltoscopeEndpointAnswer, 1);

  ea->address = altoscope_json_reader_text (r, e, "address", N);
  ea->pid = altoscope_json_reader_text (r, e, "pid", N);
  ea->map = altoscope_json_reader_text (r, e, "map", N);
  ea->vtag = altoscope_json_reader_text (r, e, "vtag", N);
  ea->via = read_via (r, e);
  ea->error = altoscope_json_reader_text (r, e, "error", N);
  return ea;
}

static AltoscopeCostAnswer *
read_cost (AltoscopeJsonReader *r,
           JsonObject          *e)
{
  AltoscopeCostAnswer *c = g_new0 (AltoscopeCostAnswer, 1);
  JsonNode *value = json_object_get_member (e, "value");

  c->from = altoscope_json_reader_text (r, e, "from", N);
  c->to = altoscope_json_reader_text (r, e, "to", N);
  c->from_pid = altoscope_json_reader_text (r, e, "from_pid", N);
  c->to_pid = altoscope_json_reader_text (r, e, "to_pid", N);
  c->cost_type = altoscope_json_reader_text (r, e, "cost_type", N);
  c->mode = altoscope_json_reader_text (r, e, "mode", N);
  c->metric = altoscope_json_reader_text (r, e, "metric", N);
  c->has_value = value != NULL && !JSON_NODE_HOLDS_NULL (value);
  altoscope_json_reader_number (r, e, "value", -G_MAXDOUBLE, G_MAXDOUBLE, N, &c->value);
  c->via = read_via (r, e);
  c->error = altoscope_json_reader_text (r, e, "error", N);
  return c;
}

typedef gpointer (*ReadObject) (AltoscopeJsonReader *r, JsonObject *e);

/* Each object of @a (the member @name), read by @read into @out, until
 * one fails. */
static void
read_objects (AltoscopeJsonReader *r,
              const char          *name,
              JsonArray           *a,
              ReadObject           read,
              GPtrArray           *out)
{
  altoscope_json_reader_push (r, name);
  for (guint i = 0; i < json_array_get_length (a) && !altoscope_json_reader_failed (r); i++)
    {
      JsonObject *e = altoscope_json_reader_element_object (r, a, i);
      altoscope_json_reader_push_index (r, i);
      if (e != NULL)
        g_ptr_array_add (out, read (r, e));
      altoscope_json_reader_pop (r);
    }
  altoscope_json_reader_pop (r);
}

/* "endpoints", "costs" and "query_ms": only when the server was asked. */
static AltoscopeEndpointQuery *
read_query (AltoscopeJsonReader *r,
            JsonObject          *o)
{
  JsonArray *ends = altoscope_json_reader_array (r, o, "endpoints", MAX_ITEMS, OPT);
  JsonArray *costs = altoscope_json_reader_array (r, o, "costs", MAX_ITEMS, OPT);
  g_autoptr(AltoscopeEndpointQuery) q = NULL;

  if (ends == NULL || costs == NULL)
    return NULL;   /* both or neither: the writer writes both */
  q = g_new0 (AltoscopeEndpointQuery, 1);
  q->endpoints = g_ptr_array_new_with_free_func ((GDestroyNotify) altoscope_endpoint_answer_free);
  q->costs = g_ptr_array_new_with_free_func ((GDestroyNotify) altoscope_cost_answer_free);
  q->warnings = altoscope_ird_issues_new ();
  read_objects (r, "endpoints", ends, (ReadObject) read_endpoint, q->endpoints);
  read_objects (r, "costs", costs, (ReadObject) read_cost, q->costs);
  altoscope_json_reader_number (r, o, "query_ms", 0, G_MAXDOUBLE, OPT, &q->elapsed_ms);
  return altoscope_json_reader_failed (r) ? NULL : g_steal_pointer (&q);
}

static void
read_http (AltoscopeJsonReader *r,
           JsonObject          *o,
           AltoscopeCheck      *check,
           const char          *alto_error)
{
  JsonObject *h = altoscope_json_reader_object (r, o, "http", 0);
  g_autofree char *reason = NULL, *ctype = NULL;
  gint64 status = 0, bytes = 0;

  altoscope_json_reader_push (r, "http");
  altoscope_json_reader_int (r, h, "status", 100, 999, N, &status);
  reason = altoscope_json_reader_text (r, h, "reason", N);
  ctype = altoscope_json_reader_text (r, h, "content_type", N);
  altoscope_json_reader_int (r, h, "body_bytes", 0, G_MAXINT32, 0, &bytes);
  altoscope_json_reader_pop (r);
  _altoscope_check_set_read_http (check, status, reason, ctype, bytes, alto_error);
}

static void
read_redirects (AltoscopeJsonReader *r,
                JsonObject          *o,
                AltoscopeCheck      *check)
{
  JsonArray *a = altoscope_json_reader_array (r, o, "redirects", MAX_ITEMS, 0);

  altoscope_json_reader_push (r, "redirects");
  for (guint i = 0; a != NULL && i < json_array_get_length (a); i++)
    {
      JsonObject *e = altoscope_json_reader_element_object (r, a, i);
      g_autofree char *from = NULL, *to = NULL;
      gint64 status = 0;

      altoscope_json_reader_push_index (r, i);
      from = altoscope_json_reader_text (r, e, "from", N);
      altoscope_json_reader_int (r, e, "status", 100, 999, 0, &status);
      to = altoscope_json_reader_text (r, e, "to", N);
      altoscope_json_reader_pop (r);
      if (altoscope_json_reader_failed (r))
        break;
      _altoscope_check_add_read_redirect (check, from, status, to);
    }
  altoscope_json_reader_pop (r);
}

static void
read_tls (AltoscopeJsonReader *r,
          JsonObject          *o,
          AltoscopeCheck      *check,
          GStrv                tls_errors)
{
  JsonObject *t = altoscope_json_reader_object (r, o, "tls", N);
  g_autofree char *subject = NULL, *issuer = NULL, *not_after = NULL;

  altoscope_json_reader_push (r, "tls");
  if (t != NULL)
    {
      subject = altoscope_json_reader_text (r, t, "subject", 0);
      issuer = altoscope_json_reader_text (r, t, "issuer", N);
      not_after = altoscope_json_reader_text (r, t, "not_after", N);
    }
  altoscope_json_reader_pop (r);
  _altoscope_check_set_read_tls (check, tls_errors, subject, issuer, not_after);
}

static gboolean
code_from_name (const char *name,
                int        *value)
{
  GEnumClass *klass = g_type_class_ref (ALTOSCOPE_TYPE_CHECK_CODE);
  GEnumValue *v = g_enum_get_value_by_nick (klass, name);

  g_type_class_unref (klass);
  /* "ok" is no failure's code */
  if (v == NULL || v->value == ALTOSCOPE_CHECK_OK)
    return FALSE;
  *value = v->value;
  return TRUE;
}

/* The verdict: "ok", or "failed" with an error object. */
static AltoscopeCheck *
read_outcome (AltoscopeJsonReader  *r,
              JsonObject           *o,
              GStrv                *tls_errors,
              char                **alto_error)
{
  static const char * const statuses[] = { "ok", "failed", NULL };
  int status = altoscope_json_reader_one_of (r, o, "status", statuses, 0);
  JsonObject *err = altoscope_json_reader_object (r, o, "error", N);
  g_autofree char *uri = altoscope_json_reader_text (r, o, "uri", N);
  g_autofree char *final_uri = altoscope_json_reader_text (r, o, "final_uri", N);
  g_autofree char *local = altoscope_json_reader_text (r, o, "local_address", N);
  g_autofree char *message = NULL;
  int code = ALTOSCOPE_CHECK_OK;

  if (status >= 0 && (status == 1) != (err != NULL))
    {
      altoscope_json_reader_fail (r, "error", _("does not agree with the status"));
      return NULL;
    }
  altoscope_json_reader_push (r, "error");
  if (err != NULL)
    {
      altoscope_json_reader_name (r, err, "code", code_from_name, 0, &code);
      message = altoscope_json_reader_text (r, err, "message", N);
      g_free (altoscope_json_reader_text (r, err, "hint", N | OPT));
      *tls_errors = altoscope_json_reader_strv (r, err, "tls_errors", MAX_ITEMS, 0);
      *alto_error = altoscope_json_reader_text (r, err, "alto_error", N);
    }
  altoscope_json_reader_pop (r);
  if (altoscope_json_reader_failed (r))
    return NULL;
  return _altoscope_check_new_read (uri, final_uri, local, code, message);
}

static void
read_timing (AltoscopeJsonReader *r,
             JsonObject          *o,
             double              *total,
             double              *response)
{
  JsonObject *t = altoscope_json_reader_object (r, o, "timing", 0);

  altoscope_json_reader_push (r, "timing");
  altoscope_json_reader_number (r, t, "total_ms", 0, G_MAXDOUBLE, 0, total);
  altoscope_json_reader_number (r, t, "response_ms", 0, G_MAXDOUBLE, N, response);
  altoscope_json_reader_pop (r);
}

/**
 * altoscope_check_read_json:
 * @reader: where the object is (its path pushed) and the first fault
 * @object: an altoscope-check/1 object
 *
 * Returns: (transfer full) (nullable): the check, or NULL with the fault
 *   in @reader
 */
AltoscopeCheck *
altoscope_check_read_json (AltoscopeJsonReader *r,
                           JsonObject          *o)
{
  const char *schema = altoscope_json_reader_string (r, o, "schema", 0);
  const char *stamp = altoscope_json_reader_string (r, o, "generated_at", 0);
  g_autoptr(GDateTime) at = stamp ? g_date_time_new_from_iso8601 (stamp, NULL) : NULL;
  g_auto(GStrv) tls_errors = NULL;
  g_autofree char *alto_error = NULL;
  g_autoptr(AltoscopeCheck) check = NULL;
  AltoscopeIrd *ird = NULL;
  double total = 0, response = -1;

  if (schema != NULL && !g_str_equal (schema, ALTOSCOPE_CHECK_SCHEMA))
    altoscope_json_reader_fail (r, "schema", _("is not “%s”"), ALTOSCOPE_CHECK_SCHEMA);
  if (stamp != NULL && at == NULL)
    altoscope_json_reader_fail (r, "generated_at", _("is not an ISO 8601 time"));
  check = read_outcome (r, o, &tls_errors, &alto_error);
  if (check == NULL)
    return NULL;
  read_http (r, o, check, alto_error);
  read_redirects (r, o, check);
  read_tls (r, o, check, tls_errors);
  read_timing (r, o, &total, &response);
  {
    GPtrArray *warnings = read_issues (r, o, "warnings");
    AltoscopeEndpointQuery *query = NULL;

    if (read_ird (r, o, &ird))
      query = read_query (r, o);
    _altoscope_check_take_read_results (check, total, response, at, warnings, ird, query);
  }
  return altoscope_json_reader_failed (r) ? NULL : g_steal_pointer (&check);
}
