/* altoscope-endpoint-query.c
 *
 * After a check found a valid directory: which PID this computer's
 * addresses are in, and what reaching each peer costs.  The services the
 * directory offers come first, as they answer for exactly these addresses;
 * the maps stand in when a service is not offered or fails (the failure
 * becomes a warning, and the answer says which way it came):
 *
 *   PIDs:  the Endpoint Property Service, asked for "<default map>.pid"
 *          (RFC 7285 §11.4.1; the property name is §10.8.1's), else the
 *          default network map (meta.default-alto-network-map, §9.2),
 *          matched here by longest prefix (§11.2.1.6).
 *   Costs: the Endpoint Cost Service (§11.5.1), for each cost type it
 *          lists; else every cost map that uses the default network map
 *          (§11.2.3), between the two PIDs.  A cost map made for another
 *          version of the map (meta.dependent-vtags, §11.2.3.6) answers
 *          for that version, not this one: said, not used.
 *
 * Everything is fetched with the check's session (the same trust, the same
 * local address), one request at a time, each bounded in size, never
 * following a redirect, and never from https down to http.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "altoscope-alto-replies.h"
#include "altoscope-check-fetch.h"
#include "altoscope-endpoint-query.h"
#include "altoscope-json.h"
#include "altoscope-network-map.h"
#include "altoscope-text.h"

typedef enum { STEP_EPS, STEP_MAP, STEP_ECS, STEP_COST_MAPS, STEP_DONE } Step;

/* A resource of the directory (or of one it lists) with the directory
 * whose meta declares its cost types. */
typedef struct
{
  const AltoscopeIrdResource *resource;
  const AltoscopeIrdCostType *type;
} Source;

typedef struct
{
  const AltoscopeIrd *ird;
  char *directory_uri;
  SoupSession *session;
  GPtrArray *ours;              /* GInetAddress */
  GPtrArray *peers;
  GPtrArray *all;               /* ours, then peers */
  char **pids;                  /* all->len, NULL: not known */
  const char *pid_via;
  char *pid_error;              /* why no PID is known for any */
  const char *map_id;
  char *vtag;
  const AltoscopeIrdResource *eps, *map;  /* eps: the PID service, or a property map */
  gboolean propmap;             /* eps is a filtered property map (RFC 9240) */
  GArray *ecs, *cost_maps;      /* Source */
  guint index;
  Step step;
  SoupMessage *msg;
  GCancellable *cancellable;    /* ours: the caller's, or the deadline, cancels it */
  GCancellable *caller;
  gulong caller_id;
  GSource *deadline;
  gboolean timed_out;
  AltoscopeNetworkMap *parsed_map;   /* the last answer read as a network map */
  GError *parsed_map_error;
  gint64 started;
  guint timeout_ms;
  AltoscopeEndpointQuery *out;
} Query;

typedef void (*Got) (GTask *task, JsonNode *root, const char *error);

/* Every "via" an answer may carry, the same constants (compared by
 * address in a check's JSON writer and by the report reader). */
static const char *const vias[] = {
  ALTOSCOPE_VIA_ENDPOINT_PROPERTY, ALTOSCOPE_VIA_PROPERTY_MAP, ALTOSCOPE_VIA_NETWORK_MAP,
  ALTOSCOPE_VIA_ENDPOINT_COST, ALTOSCOPE_VIA_COST_MAP,
};

/* The @n-th way an answer may come; NULL past the last. */
const char *
altoscope_endpoint_query_via_nth (guint n)
{
  return n < G_N_ELEMENTS (vias) ? vias[n] : NULL;
}

/* The constant for @name, or NULL when it names no way an answer comes. */
const char *
altoscope_endpoint_query_via_intern (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (vias); i++)
    if (g_str_equal (name, vias[i]))
      return vias[i];
  return NULL;
}

void
altoscope_endpoint_answer_free (AltoscopeEndpointAnswer *e)
{
  g_free (e->address);
  g_free (e->pid);
  g_free (e->map);
  g_free (e->vtag);
  g_free (e->error);
  g_free (e);
}

void
altoscope_cost_answer_free (AltoscopeCostAnswer *c)
{
  g_free (c->from);
  g_free (c->to);
  g_free (c->from_pid);
  g_free (c->to_pid);
  g_free (c->cost_type);
  g_free (c->mode);
  g_free (c->metric);
  g_free (c->error);
  g_free (c);
}

void
altoscope_endpoint_query_free (AltoscopeEndpointQuery *query)
{
  if (query == NULL)
    return;
  g_ptr_array_unref (query->endpoints);
  g_ptr_array_unref (query->costs);
  g_ptr_array_unref (query->warnings);
  g_free (query);
}

static void
query_free (Query *q)
{
  g_free (q->directory_uri);
  g_clear_object (&q->session);
  g_clear_object (&q->msg);
  if (q->caller_id != 0)
    g_cancellable_disconnect (q->caller, q->caller_id);
  g_clear_object (&q->caller);
  g_clear_object (&q->cancellable);
  if (q->deadline != NULL)
    g_source_destroy (q->deadline);
  g_clear_pointer (&q->deadline, g_source_unref);
  g_clear_pointer (&q->parsed_map, altoscope_network_map_free);
  g_clear_error (&q->parsed_map_error);
  for (guint i = 0; q->pids != NULL && i < q->all->len; i++)
    g_free (q->pids[i]);
  g_free (q->pids);
  g_ptr_array_unref (q->ours);
  g_ptr_array_unref (q->peers);
  g_ptr_array_unref (q->all);
  g_free (q->pid_error);
  g_free (q->vtag);
  g_array_unref (q->ecs);
  g_array_unref (q->cost_maps);
  altoscope_endpoint_query_free (q->out);
  g_free (q);
}

/* ---- the addresses asked about ------------------------------------------------ */

/* @texts as addresses (a "/len" after one is dropped: a pair's addresses
 * come with theirs), at most ALTOSCOPE_QUERY_MAX_ADDRESSES, no scope, no
 * duplicate; FALSE with a translated @error naming the first bad one. */
gboolean
altoscope_endpoint_query_parse_addresses (const char * const  *texts,
                                          GPtrArray          **addresses,
                                          char               **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
    {
      g_autofree char *bare = g_strndup (texts[i], strcspn (texts[i], "/"));
      g_autoptr(GInetAddress) a = strchr (bare, '%') ? NULL
                                                      : g_inet_address_new_from_string (bare);
      gboolean seen = FALSE;

      if (a == NULL)
        {
          g_autofree char *safe = altoscope_text_safe (texts[i]);
          *error = g_strdup_printf (_("“%s” is not an IP address"), safe);
          return FALSE;
        }
      for (guint j = 0; j < out->len; j++)
        seen |= g_inet_address_equal (out->pdata[j], a);
      if (seen)
        continue;
      if (out->len == ALTOSCOPE_QUERY_MAX_ADDRESSES)
        {
          *error = g_strdup_printf (_("At most %u addresses can be asked about at once"),
                                    ALTOSCOPE_QUERY_MAX_ADDRESSES);
          return FALSE;
        }
      g_ptr_array_add (out, g_steal_pointer (&a));
    }
  *addresses = g_steal_pointer (&out);
  return TRUE;
}

/* An interface's own addresses, as the pair knows them ("/len" after
 * each): the first ALTOSCOPE_QUERY_MAX_ADDRESSES usable ones, without
 * link-local ones (no server places those) and without duplicates.  Never
 * fails: an interface with many addresses (IPv6 privacy addresses) is
 * asked about its first ones. */
GPtrArray *
altoscope_endpoint_query_own_addresses (const char * const *texts)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
    {
      g_autofree char *bare = g_strndup (texts[i], strcspn (texts[i], "/"));
      g_autoptr(GInetAddress) a = strchr (bare, '%') ? NULL
                                                      : g_inet_address_new_from_string (bare);
      gboolean seen = FALSE;

      if (a == NULL || g_inet_address_get_is_link_local (a))
        continue;
      for (guint j = 0; j < out->len; j++)
        seen |= g_inet_address_equal (out->pdata[j], a);
      if (!seen && out->len < ALTOSCOPE_QUERY_MAX_ADDRESSES)
        g_ptr_array_add (out, g_steal_pointer (&a));
    }
  return out;
}

static char *
text_of (GInetAddress *a)
{
  return g_inet_address_to_string (a);
}

/* ---- one request ---------------------------------------------------------------- */

typedef struct
{
  Got got;
  const char *expect;
  gsize max;
  gboolean network_map;         /* also read as a network map, on the thread */
  GInputStream *stream;
  /* What came, and what the thread made of it. */
  guint status;
  char *ctype;
  GByteArray *body;
  GError *error;
  gboolean parsed;
  JsonNode *root;               /* NULL once read as a network map */
  AltoscopeNetworkMap *map;
  GError *map_error;
} Fetch;

static void
fetch_free (Fetch *f)
{
  g_clear_object (&f->stream);
  g_free (f->ctype);
  g_clear_pointer (&f->body, g_byte_array_unref);
  g_clear_error (&f->error);
  g_clear_pointer (&f->root, json_node_unref);
  g_clear_pointer (&f->map, altoscope_network_map_free);
  g_clear_error (&f->map_error);
  g_free (f);
}

/* On a worker thread: an 8 MiB map is parsed, and its prefixes sorted, in
 * a few hundred milliseconds, too long for the window's main loop. */
static void
parse_in_thread (GTask        *task,
                 gpointer      source,
                 gpointer      data,
                 GCancellable *cancellable)
{
  Fetch *f = data;

  f->root = altoscope_json_parse ((const char *) f->body->data, f->body->len, &f->error);
  f->parsed = f->root != NULL;
  if (f->root != NULL && f->network_map && SOUP_STATUS_IS_SUCCESSFUL (f->status))
    {
      f->map = altoscope_network_map_parse (f->root, &f->map_error);
      /* A tree of megabytes is freed here too, not on the main loop; the
       * map is all that is read of it. */
      g_clear_pointer (&f->root, json_node_unref);
    }
  g_clear_pointer (&f->body, g_byte_array_unref);
  g_task_return_boolean (task, TRUE);
}

/* The answer judged: its status, its media type, its JSON. */
static char *
judge (Fetch *f)
{
  if (!SOUP_STATUS_IS_SUCCESSFUL (f->status))
    {
      const char *code = f->ctype && g_ascii_strcasecmp (f->ctype, ALTOSCOPE_MEDIA_ERROR) == 0
                         ? altoscope_alto_error_code (f->root) : NULL;
      g_autofree char *safe = code ? altoscope_text_safe (code) : NULL;
      return safe ? g_strdup_printf (_("the server answered %u, with the ALTO error %s"),
                                     f->status, safe)
                  : g_strdup_printf (_("the server answered %u"), f->status);
    }
  if (f->ctype == NULL || g_ascii_strcasecmp (f->ctype, f->expect) != 0)
    {
      g_autofree char *safe = f->ctype ? altoscope_text_safe (f->ctype) : g_strdup (_("(none)"));
      return g_strdup_printf (_("the answer is of the media type “%s”, not %s"), safe,
                              f->expect);
    }
  if (!f->parsed)
    return g_strdup (f->error->message);
  return NULL;
}

static void
on_parsed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GTask) task = data;
  Query *q = g_task_get_task_data (task);
  Fetch *f = g_task_get_task_data (G_TASK (result));
  g_autofree char *why = judge (f);

  g_clear_pointer (&q->parsed_map, altoscope_network_map_free);
  g_clear_error (&q->parsed_map_error);
  q->parsed_map = g_steal_pointer (&f->map);
  q->parsed_map_error = g_steal_pointer (&f->map_error);
  /* A network map comes as q->parsed_map, its tree gone: @root NULL. */
  f->got (task, why ? NULL : f->root, why);
}

static void
on_fetch_body_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GTask) task = data;
  Query *q = g_task_get_task_data (task);
  Fetch *f = g_object_steal_data (G_OBJECT (task), "fetch");
  g_autoptr(GTask) parse = NULL;
  gsize n;

  f->body = _altoscope_check_read_body_finish (result, &n, &f->error);
  f->status = soup_message_get_status (q->msg);
  f->ctype = g_strdup (soup_message_headers_get_content_type (
    soup_message_get_response_headers (q->msg), NULL));
  g_clear_object (&f->stream);
  if (f->body == NULL)
    {
      g_autofree char *why = g_strdup (f->error->message);
      f->got (task, NULL, why);
      fetch_free (f);
      return;
    }
  parse = g_task_new (NULL, NULL, on_parsed_cb, g_object_ref (task));
  g_task_set_task_data (parse, f, (GDestroyNotify) fetch_free);
  g_task_run_in_thread (parse, parse_in_thread);
}

static void
on_fetch_sent_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GTask) task = data;
  Query *q = g_task_get_task_data (task);
  Fetch *f = g_object_get_data (G_OBJECT (task), "fetch");
  g_autoptr(GError) error = NULL;

  f->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (f->stream == NULL)
    {
      g_object_steal_data (G_OBJECT (task), "fetch");
      f->got (task, NULL, error->message);
      fetch_free (f);
      return;
    }
  if (SOUP_STATUS_IS_REDIRECTION (soup_message_get_status (q->msg)))
    {
      g_object_steal_data (G_OBJECT (task), "fetch");
      f->got (task, NULL, _("the server redirects this request; a query does not follow"));
      fetch_free (f);
      return;
    }
  _altoscope_check_read_body_async (f->stream, f->max, q->cancellable, on_fetch_body_cb,
                                    g_object_ref (task));
}

/* GETs @uri (@body NULL) or POSTs @body to it as @accepts, then calls @got
 * with the parsed answer of the media type @expect, or with why not. */
static void
fetch (GTask      *task,
       const char *uri,
       JsonNode   *body,
       const char *accepts,
       const char *expect,
       gsize       max,
       Got         got)
{
  Query *q = g_task_get_task_data (task);
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  Fetch *f;

  if (_altoscope_check_fetch_rule (q->directory_uri, parsed) != ALTOSCOPE_FETCH_OK)
    {
      got (task, NULL, _("not fetched: it is not at an https address like the directory"));
      return;
    }
  g_clear_object (&q->msg);
  q->msg = soup_message_new_from_uri (body ? SOUP_METHOD_POST : SOUP_METHOD_GET, parsed);
  soup_message_add_flags (q->msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (q->msg), "Accept",
                                expect);
  soup_message_headers_append (soup_message_get_request_headers (q->msg), "Accept",
                               ALTOSCOPE_MEDIA_ERROR);
  if (body != NULL)
    {
      char *text = altoscope_json_to_string (body, FALSE);
      g_autoptr(GBytes) bytes = g_bytes_new_take (text, strlen (text));
      soup_message_set_request_body_from_bytes (q->msg, accepts, bytes);
    }
  f = g_new0 (Fetch, 1);
  f->got = got;
  f->expect = expect;
  f->max = max;
  f->network_map = g_str_equal (expect, ALTOSCOPE_MEDIA_NETWORK_MAP);
  g_object_set_data (G_OBJECT (task), "fetch", f);
  soup_session_send_async (q->session, q->msg, G_PRIORITY_DEFAULT, q->cancellable,
                           on_fetch_sent_cb, g_object_ref (task));
}

/* ---- the steps ------------------------------------------------------------------- */

static void next_step (GTask *task);

static void
warn (Query      *q,
      const char *code,
      const char *resource,
      const char *message)
{
  altoscope_ird_issues_add (q->out->warnings, code, resource, message);
}

/* RFC 7285 §11.4.1.6, §11.2.3.6: an answer tied to a network map names
 * its version in meta.dependent-vtags; without it, which version of the
 * map the answer is for cannot be known. */
static void
warn_no_vtag (Query      *q,
              const char *resource)
{
  g_autofree char *msg = g_strdup_printf (_("The answer of “%s” does not say which version of "
                                            "the network map “%s” it is for "
                                            "(meta.dependent-vtags, RFC 7285 §11.2.3.6)"),
                                          resource, q->map_id);
  warn (q, "no-dependent-vtag", resource, msg);
}

static JsonNode *
typed_list (GPtrArray *addresses)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (guint i = 0; i < addresses->len; i++)
    {
      g_autofree char *typed = altoscope_alto_typed_address (addresses->pdata[i]);
      json_builder_add_string_value (b, typed);
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

static void
got_eps (GTask      *task,
         JsonNode   *root,
         const char *error)
{
  Query *q = g_task_get_task_data (task);
  g_autofree char *property = g_strconcat (q->map_id, ".pid", NULL);
  g_autoptr(GError) bad = NULL;
  char **pids = root ? altoscope_alto_read_endpoint_pids (root, q->propmap ? "property-map"
                                                                     : "endpoint-properties",
                                                           property, q->all, &bad) : NULL;

  if (q->timed_out)
    {
      next_step (task);   /* cut short: nothing more is recorded */
      return;
    }

  if (pids == NULL)
    {
      const char *why = error ? error : bad->message;
      g_autofree char *msg = NULL;

      if (q->map != NULL)
        msg = g_strdup_printf (q->propmap ? _("The property map “%s” failed (%s); the network "
                                              "map stands in")
                                          : _("The Endpoint Property Service “%s” failed (%s); "
                                              "the network map stands in"), q->eps->id, why);
      else
        {
          msg = g_strdup_printf (q->propmap ? _("The property map “%s” failed (%s), and the "
                                                "directory lists no network map to stand in")
                                            : _("The Endpoint Property Service “%s” failed "
                                                "(%s), and the directory lists no network map "
                                                "to stand in"), q->eps->id, why);
          q->pid_error = g_strdup (msg);
        }
      warn (q, q->propmap ? "property-map-failed" : "endpoint-property-failed", q->eps->id,
            msg);
      q->step = STEP_MAP;
    }
  else
    {
      q->pids = pids;
      q->pid_via = q->propmap ? ALTOSCOPE_VIA_PROPERTY_MAP : ALTOSCOPE_VIA_ENDPOINT_PROPERTY;
      q->vtag = altoscope_alto_dependent_vtag (root, q->map_id);
      if (q->vtag == NULL)
        warn_no_vtag (q, q->eps->id);
      q->step = STEP_ECS;
    }
  next_step (task);
}

/* RFC 7285 §11.4.1.3: {"properties": [...], "endpoints": [...]}; a
 * filtered property map (RFC 9240 §7.3) takes "entities" instead. */
static void
ask_eps (GTask *task)
{
  Query *q = g_task_get_task_data (task);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *property = g_strconcat (q->map_id, ".pid", NULL);
  g_autoptr(JsonNode) body = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "properties");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, property);
  json_builder_end_array (b);
  json_builder_set_member_name (b, q->propmap ? "entities" : "endpoints");
  json_builder_add_value (b, typed_list (q->all));
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  fetch (task, q->eps->uri, body, q->eps->accepts,
         q->propmap ? ALTOSCOPE_MEDIA_PROPMAP : ALTOSCOPE_MEDIA_EPS,
         ALTOSCOPE_QUERY_MAX_ANSWER, got_eps);
}

static void
got_map (GTask      *task,
         JsonNode   *root,
         const char *error)
{
  Query *q = g_task_get_task_data (task);
  g_autoptr(AltoscopeNetworkMap) map = error == NULL ? g_steal_pointer (&q->parsed_map) : NULL;

  if (q->timed_out)
    {
      next_step (task);   /* cut short: nothing more is recorded */
      return;
    }

  if (map == NULL)
    q->pid_error = g_strdup_printf (_("The network map “%s” could not be used: %s"),
                                    q->map->id, error ? error : q->parsed_map_error->message);
  else
    {
      q->pids = g_new0 (char *, q->all->len + 1);
      for (guint i = 0; i < q->all->len; i++)
        q->pids[i] = g_strdup (altoscope_network_map_lookup (map, q->all->pdata[i], NULL));
      q->pid_via = ALTOSCOPE_VIA_NETWORK_MAP;
      q->vtag = g_strdup (altoscope_network_map_get_vtag (map));
    }
  q->step = STEP_ECS;
  next_step (task);
}

static gboolean
same_family (GInetAddress *a,
             GInetAddress *b)
{
  return g_inet_address_get_family (a) == g_inet_address_get_family (b);
}

/* One cost answer for each of ours and each peer of its family (a peer no
 * address of ours shares a family with gets one saying so). */
typedef void (*Fill) (Query *q, AltoscopeCostAnswer *c, guint our, guint peer, gpointer data);

static void
add_costs (Query                      *q,
           const Source               *src,
           const char                 *via,
           const char                 *error,
           Fill                        fill,
           gpointer                    data)
{
  for (guint p = 0; p < q->peers->len; p++)
    {
      gboolean any = FALSE;

      for (guint o = 0; o <= q->ours->len; o++)
        {
          AltoscopeCostAnswer *c;

          if (o < q->ours->len && !same_family (q->ours->pdata[o], q->peers->pdata[p]))
            continue;
          if (o == q->ours->len && any)
            break;
          c = g_new0 (AltoscopeCostAnswer, 1);
          c->from = o < q->ours->len ? text_of (q->ours->pdata[o]) : NULL;
          c->to = text_of (q->peers->pdata[p]);
          c->cost_type = g_strdup (src->type->name);
          c->mode = g_strdup (src->type->mode);
          c->metric = g_strdup (src->type->metric);
          c->via = via;
          if (o == q->ours->len)
            c->error = g_strdup (_("This computer has no address of this family to measure "
                                   "from"));
          else if (error != NULL)
            c->error = g_strdup (error);
          else
            fill (q, c, o, q->ours->len + p, data);
          g_ptr_array_add (q->out->costs, c);
          any = TRUE;
        }
    }
}

/* A reader's error as a sentence of its own. */
static char *
cost_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return g_strdup (_("The server gives no cost between these two"));
  return g_strdup_printf (_("The answer cannot be used: %s"), error->message);
}

static void
fill_from_ecs (Query               *q,
               AltoscopeCostAnswer *c,
               guint                our,
               guint                peer,
               gpointer             data)
{
  g_autoptr(GError) error = NULL;

  c->has_value = altoscope_alto_endpoint_costs_get (data, c->mode, q->all->pdata[our],
                                                    q->all->pdata[peer], &c->value, &error);
  if (!c->has_value)
    c->error = cost_error (error);
}

static void
got_ecs (GTask      *task,
         JsonNode   *root,
         const char *error)
{
  Query *q = g_task_get_task_data (task);
  const Source *src = &g_array_index (q->ecs, Source, q->index);
  g_autoptr(GError) bad = NULL;
  g_autoptr(AltoscopeAltoCosts) costs = NULL;

  if (q->timed_out)
    {
      next_step (task);   /* cut short: nothing more is recorded */
      return;
    }

  if (root != NULL && !altoscope_alto_read_cost_type (root, src->type->mode, src->type->metric,
                                                      &bad))
    root = NULL;
  if (root == NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("The Endpoint Cost Service “%s” failed for %s "
                                                "(%s)"), src->resource->id, src->type->name,
                                              error ? error : bad->message);
      warn (q, "endpoint-cost-failed", src->resource->id, msg);
      /* The maps stand in for every cost type, as a service that failed
       * once is not trusted for the others: what it answered before goes. */
      for (guint i = q->out->costs->len; i > 0; i--)
        if (g_str_equal (((AltoscopeCostAnswer *) q->out->costs->pdata[i - 1])->via,
                         ALTOSCOPE_VIA_ENDPOINT_COST))
          g_ptr_array_remove_index (q->out->costs, i - 1);
      q->step = STEP_COST_MAPS;
      q->index = 0;
      next_step (task);
      return;
    }
  costs = altoscope_alto_endpoint_costs_new (root, &bad);
  add_costs (q, src, ALTOSCOPE_VIA_ENDPOINT_COST, costs ? NULL : bad->message, fill_from_ecs,
             costs);
  q->index++;
  next_step (task);
}

/* RFC 7285 §11.5.1.3: {"cost-type": {...}, "endpoints": {"srcs", "dsts"}}. */
static void
ask_ecs (GTask *task)
{
  Query *q = g_task_get_task_data (task);
  const Source *src = &g_array_index (q->ecs, Source, q->index);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "cost-type");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "cost-mode");
  json_builder_add_string_value (b, src->type->mode);
  json_builder_set_member_name (b, "cost-metric");
  json_builder_add_string_value (b, src->type->metric);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "endpoints");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "srcs");
  json_builder_add_value (b, typed_list (q->ours));
  json_builder_set_member_name (b, "dsts");
  json_builder_add_value (b, typed_list (q->peers));
  json_builder_end_object (b);
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  fetch (task, src->resource->uri, body, src->resource->accepts, ALTOSCOPE_MEDIA_ECS,
         ALTOSCOPE_QUERY_MAX_ANSWER, got_ecs);
}

static void
fill_from_cost_map (Query               *q,
                    AltoscopeCostAnswer *c,
                    guint                our,
                    guint                peer,
                    gpointer             data)
{
  g_autoptr(GError) error = NULL;

  c->from_pid = g_strdup (q->pids ? q->pids[our] : NULL);
  c->to_pid = g_strdup (q->pids ? q->pids[peer] : NULL);
  if (c->from_pid == NULL || c->to_pid == NULL)
    {
      c->error = g_strdup_printf (_("The PID of %s is not known"),
                                  c->from_pid == NULL ? c->from : c->to);
      return;
    }
  c->has_value = altoscope_alto_read_map_cost (data, c->mode, c->from_pid, c->to_pid,
                                               &c->value, &error);
  if (!c->has_value)
    c->error = cost_error (error);
}

static void
got_cost_map (GTask      *task,
              JsonNode   *root,
              const char *error)
{
  Query *q = g_task_get_task_data (task);
  const Source *src = &g_array_index (q->cost_maps, Source, q->index);
  g_autoptr(GError) bad = NULL;
  g_autofree char *vtag = root ? altoscope_alto_dependent_vtag (root, q->map_id) : NULL;
  g_autofree char *why = NULL;

  if (q->timed_out)
    {
      next_step (task);   /* cut short: nothing more is recorded */
      return;
    }

  if (root == NULL)
    why = g_strdup_printf (_("The cost map “%s” could not be used: %s"), src->resource->id,
                           error);
  else if (!altoscope_alto_read_cost_type (root, src->type->mode, src->type->metric, &bad))
    why = g_strdup (bad->message);
  else if (vtag == NULL)
    warn_no_vtag (q, src->resource->id);
  else if (q->vtag != NULL && !g_str_equal (vtag, q->vtag))
    why = g_strdup_printf (_("the cost map “%s” is for version %s of the network map, not %s"),
                           src->resource->id, vtag, q->vtag);
  add_costs (q, src, ALTOSCOPE_VIA_COST_MAP, why, fill_from_cost_map, root);
  q->index++;
  next_step (task);
}

/* The answers for ours, once the PIDs are known (or not). */
static void
add_endpoints (Query *q)
{
  for (guint i = 0; i < q->ours->len; i++)
    {
      AltoscopeEndpointAnswer *e = g_new0 (AltoscopeEndpointAnswer, 1);

      e->address = text_of (q->ours->pdata[i]);
      e->map = g_strdup (q->map_id);
      e->vtag = g_strdup (q->vtag);
      e->via = q->pid_via;
      if (q->pids != NULL)
        e->pid = g_strdup (q->pids[i]);
      else if (q->pid_error != NULL)
        e->error = g_strdup (q->pid_error);
      else
        e->error = g_strdup (_("The server was not asked in time"));
      g_ptr_array_add (q->out->endpoints, e);
    }
}

static void
next_step (GTask *task)
{
  Query *q = g_task_get_task_data (task);

  if (g_cancellable_is_cancelled (q->cancellable))
    {
      if (!q->timed_out)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
          return;
        }
      q->step = STEP_DONE;   /* what came before the deadline stands */
    }
  switch (q->step)
    {
    case STEP_EPS:
      if (q->eps != NULL)
        {
          ask_eps (task);
          return;
        }
      q->step = STEP_MAP;
      G_GNUC_FALLTHROUGH;
    case STEP_MAP:
      if (q->map != NULL)
        {
          fetch (task, q->map->uri, NULL, NULL, ALTOSCOPE_MEDIA_NETWORK_MAP,
                 ALTOSCOPE_QUERY_MAX_MAP_BODY, got_map);
          return;
        }
      q->step = STEP_ECS;
      G_GNUC_FALLTHROUGH;
    case STEP_ECS:
      if (q->index < q->ecs->len)
        {
          ask_ecs (task);
          return;
        }
      if (q->ecs->len > 0)
        {
          q->step = STEP_DONE;
          next_step (task);
          return;
        }
      q->step = STEP_COST_MAPS;
      q->index = 0;
      G_GNUC_FALLTHROUGH;
    case STEP_COST_MAPS:
      if (q->index < q->cost_maps->len)
        {
          const Source *src = &g_array_index (q->cost_maps, Source, q->index);
          fetch (task, src->resource->uri, NULL, NULL, ALTOSCOPE_MEDIA_COST_MAP,
                 ALTOSCOPE_QUERY_MAX_MAP_BODY, got_cost_map);
          return;
        }
      G_GNUC_FALLTHROUGH;
    case STEP_DONE:
    default:
      add_endpoints (q);
      q->out->elapsed_ms = (g_get_monotonic_time () - q->started) / 1000.0;
      g_task_return_pointer (task, g_steal_pointer (&q->out),
                             (GDestroyNotify) altoscope_endpoint_query_free);
    }
}

/* ---- what the directory offers --------------------------------------------------- */

static gboolean
is_media (const AltoscopeIrdResource *r,
          const char                 *media,
          const char                 *accepts)
{
  return g_ascii_strcasecmp (r->media_type, media) == 0
         && (accepts == NULL || (r->accepts && g_ascii_strcasecmp (r->accepts, accepts) == 0));
}

/* The cost types a resource offers that give one number per pair:
 * RFC 7285's "numerical" and "ordinal" (RFC 8896's "array" calendars and
 * modes no RFC defines are not asked for). */
static void
add_sources (GArray                     *to,
             const AltoscopeIrd         *dir,
             const AltoscopeIrdResource *r)
{
  for (guint i = 0; r->cost_types && r->cost_types[i]; i++)
    {
      Source s = { r, altoscope_ird_find_cost_type (dir, r->cost_types[i]) };

      if (s.type != NULL && to->len < ALTOSCOPE_QUERY_MAX_COST_TYPES
          && (g_str_equal (s.type->mode, "numerical") || g_str_equal (s.type->mode, "ordinal")))
        g_array_append_val (to, s);
    }
}

/* One directory's resources: the default map, the services, the cost maps. */
static void
plan_directory (Query              *q,
                const AltoscopeIrd *dir)
{
  g_autofree char *property = q->map_id ? g_strconcat (q->map_id, ".pid", NULL) : NULL;

  for (guint i = 0; i < dir->resources->len; i++)
    {
      const AltoscopeIrdResource *r = dir->resources->pdata[i];

      if (q->map == NULL && property != NULL && g_str_equal (r->id, q->map_id)
          && is_media (r, ALTOSCOPE_MEDIA_NETWORK_MAP, NULL))
        q->map = r;
      else if (q->eps == NULL && property != NULL && is_media (r, ALTOSCOPE_MEDIA_EPS, ALTOSCOPE_MEDIA_EPS_PARAMS)
               && r->prop_types && g_strv_contains ((const char * const *) r->prop_types,
                                                    property))
        q->eps = r;
      else if (q->peers->len > 0 && is_media (r, ALTOSCOPE_MEDIA_ECS, ALTOSCOPE_MEDIA_ECS_PARAMS))
        add_sources (q->ecs, dir, r);
      else if (q->peers->len > 0 && property != NULL && is_media (r, ALTOSCOPE_MEDIA_COST_MAP, NULL)
               && r->uses && g_strv_contains ((const char * const *) r->uses, q->map_id))
        add_sources (q->cost_maps, dir, r);
    }
}

/* RFC 9240 §7.4: a filtered property map that maps the entity domain of
 * every address asked about to "<default map>.pid". */
static gboolean
maps_all_pids (Query                      *q,
               const AltoscopeIrdResource *r)
{
  g_autofree char *v4 = g_strconcat ("ipv4 ", q->map_id, ".pid", NULL);
  g_autofree char *v6 = g_strconcat ("ipv6 ", q->map_id, ".pid", NULL);

  if (r->mappings == NULL || !is_media (r, ALTOSCOPE_MEDIA_PROPMAP, ALTOSCOPE_MEDIA_PROPMAP_PARAMS))
    return FALSE;
  for (guint i = 0; i < q->all->len; i++)
    if (!g_strv_contains ((const char * const *) r->mappings,
                          g_inet_address_get_family (q->all->pdata[i]) == G_SOCKET_FAMILY_IPV6
                          ? v6 : v4))
      return FALSE;
  return TRUE;
}

static void
plan_property_map (Query              *q,
                   const AltoscopeIrd *dir)
{
  for (guint i = 0; q->eps == NULL && i < dir->resources->len; i++)
    if (maps_all_pids (q, dir->resources->pdata[i]))
      {
        q->eps = dir->resources->pdata[i];
        q->propmap = TRUE;
      }
}

static void
plan (Query *q)
{
  q->map_id = q->ird->default_network_map;
  plan_directory (q, q->ird);
  for (guint i = 0; i < q->ird->resources->len; i++)
    {
      const AltoscopeIrdResource *r = q->ird->resources->pdata[i];
      if (r->nested != NULL && altoscope_ird_is_valid (r->nested))
        plan_directory (q, r->nested);
    }
  /* No Endpoint Property Service: an RFC 9240 property map may answer. */
  if (q->map_id != NULL && q->eps == NULL && q->all->len > 0)
    plan_property_map (q, q->ird);
  if (q->map_id == NULL)
    q->pid_error = g_strdup (_("The directory names no default network map "
                               "(meta.default-alto-network-map), so no PID can be asked for"));
  else if (q->map == NULL && q->eps == NULL)
    q->pid_error = g_strdup_printf (_("The directory lists no network map “%s” and no Endpoint "
                                      "Property Service for its PIDs"), q->map_id);
  if (q->peers->len > 0 && q->ecs->len == 0 && q->cost_maps->len == 0)
    warn (q, "no-cost-source", NULL,
          _("The directory offers no Endpoint Cost Service and no cost map for the default "
            "network map: no cost can be asked for"));
}

static gboolean
on_deadline_cb (gpointer data)
{
  Query *q = data;
  g_autofree char *msg = g_strdup_printf (_("The server did not answer every question within "
                                            "%u s; what it answered before is shown"),
                                          (q->timeout_ms + 999) / 1000);

  q->timed_out = TRUE;
  warn (q, "query-timeout", NULL, msg);
  g_cancellable_cancel (q->cancellable);
  g_clear_pointer (&q->deadline, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
on_caller_cancelled_cb (GCancellable *caller,
                        GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

/**
 * altoscope_endpoint_query_async:
 * @ird: the checked directory, alive until the callback
 * @ours: (element-type GInetAddress): this computer's addresses
 * @peers: (element-type GInetAddress): the addresses to ask the cost to
 *
 * Never fails as a whole: what could not be answered says why, in the
 * answers and the warnings.  After @timeout_ms, what was answered stands
 * (the warning "query-timeout" says the rest was not); only @cancellable
 * makes it return NULL.
 */
void
altoscope_endpoint_query_async (const AltoscopeIrd  *ird,
                                const char          *directory_uri,
                                SoupSession         *session,
                                GPtrArray           *ours,
                                GPtrArray           *peers,
                                guint                timeout_ms,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Query *q = g_new0 (Query, 1);

  g_task_set_source_tag (task, altoscope_endpoint_query_async);
  g_task_set_task_data (task, q, (GDestroyNotify) query_free);
  q->ird = ird;
  q->directory_uri = g_strdup (directory_uri);
  q->session = g_object_ref (session);
  q->ours = g_ptr_array_ref (ours);
  q->peers = g_ptr_array_ref (peers);
  q->all = g_ptr_array_new ();
  for (guint i = 0; i < ours->len; i++)
    g_ptr_array_add (q->all, ours->pdata[i]);
  for (guint i = 0; i < peers->len; i++)
    g_ptr_array_add (q->all, peers->pdata[i]);
  q->ecs = g_array_new (FALSE, FALSE, sizeof (Source));
  q->cost_maps = g_array_new (FALSE, FALSE, sizeof (Source));
  q->started = g_get_monotonic_time ();
  q->timeout_ms = timeout_ms;
  q->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      q->caller = g_object_ref (cancellable);
      q->caller_id = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled_cb),
                                            g_object_ref (q->cancellable), g_object_unref);
    }
  q->deadline = g_timeout_source_new (timeout_ms);
  g_source_set_callback (q->deadline, on_deadline_cb, q, NULL);
  g_source_attach (q->deadline, g_main_context_get_thread_default ());
  g_task_set_check_cancellable (task, FALSE);
  q->out = g_new0 (AltoscopeEndpointQuery, 1);
  q->out->endpoints = g_ptr_array_new_with_free_func ((GDestroyNotify) altoscope_endpoint_answer_free);
  q->out->costs = g_ptr_array_new_with_free_func ((GDestroyNotify) altoscope_cost_answer_free);
  q->out->warnings = altoscope_ird_issues_new ();
  plan (q);
  next_step (task);
}

/* The answers; NULL only when the query was cancelled. */
AltoscopeEndpointQuery *
altoscope_endpoint_query_finish (GAsyncResult *result)
{
  return g_task_propagate_pointer (G_TASK (result), NULL);
}

/* How an answer came, as a sentence of its own (translated whole, so
 * that no language has to fit a phrase into another's grammar). */
const char *
altoscope_endpoint_query_via_sentence (const char *via)
{
  if (g_strcmp0 (via, ALTOSCOPE_VIA_ENDPOINT_PROPERTY) == 0)
    return _("Said by the Endpoint Property Service");
  if (g_strcmp0 (via, ALTOSCOPE_VIA_NETWORK_MAP) == 0)
    return _("Found in the network map");
  if (g_strcmp0 (via, ALTOSCOPE_VIA_PROPERTY_MAP) == 0)
    return _("Said by the property map");
  if (g_strcmp0 (via, ALTOSCOPE_VIA_ENDPOINT_COST) == 0)
    return _("Said by the Endpoint Cost Service");
  if (g_strcmp0 (via, ALTOSCOPE_VIA_COST_MAP) == 0)
    return _("Found in a cost map");
  return _("Not asked");
}

/* A cost as it was sent: the shortest form that reads back as the same
 * number (%g alone shows 1234567 and 1234568 both as 1.23457e+06). */
char *
altoscope_endpoint_query_format_cost (double value)
{
  char *text = g_strdup_printf ("%.15g", value);

  if (g_ascii_strtod (text, NULL) != value)
    {
      g_free (text);
      text = g_strdup_printf ("%.17g", value);
    }
  return text;
}

static gboolean
offers_costs_in (const AltoscopeIrd *dir,
                 const char         *map_id)
{
  for (guint i = 0; i < dir->resources->len; i++)
    {
      const AltoscopeIrdResource *r = dir->resources->pdata[i];

      if (r->cost_types == NULL)
        continue;
      if (is_media (r, ALTOSCOPE_MEDIA_ECS, ALTOSCOPE_MEDIA_ECS_PARAMS)
          || (map_id != NULL && is_media (r, ALTOSCOPE_MEDIA_COST_MAP, NULL) && r->uses
              && g_strv_contains ((const char * const *) r->uses, map_id)))
        return TRUE;
    }
  return FALSE;
}

/* Whether @ird (or a directory it lists) offers a way to ask a cost: an
 * Endpoint Cost Service, or a cost map over the default network map. */
gboolean
altoscope_endpoint_query_offers_costs (const AltoscopeIrd *ird)
{
  if (ird == NULL)
    return FALSE;
  if (offers_costs_in (ird, ird->default_network_map))
    return TRUE;
  for (guint i = 0; i < ird->resources->len; i++)
    {
      const AltoscopeIrdResource *r = ird->resources->pdata[i];
      if (r->nested != NULL && offers_costs_in (r->nested, ird->default_network_map))
        return TRUE;
    }
  return FALSE;
}
