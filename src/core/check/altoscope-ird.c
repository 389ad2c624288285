/* altoscope-ird.c
 *
 * RFC 7285 §9.2: an IRD is an object with "meta" (optional members
 * "default-alto-network-map" and "cost-types") and "resources", an
 * object mapping resource ids (§10.2: 1–64 of alphanumerics and
 * "-:@_.", not starting with ".") to entries with "uri", "media-type",
 * and optionally "accepts", "capabilities" and "uses" (ids of resources
 * of this directory).  Capabilities name cost types by "cost-type-names"
 * (§6.1.3), which must be declared in meta.  RFC 8189 (multi-cost), RFC
 * 8895 (update streams), RFC 8896 (cost calendars) and RFC 9240 (property
 * maps) add media types and capabilities; they are known here, and
 * anything unknown is listed, not refused.  A nested directory is listed
 * and not followed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "altoscope-ird.h"

static const struct { const char *media_type; const char *kind; } kinds[] = {
  { "application/alto-networkmap+json", "network-map" },
  { "application/alto-costmap+json", "cost-map" },
  { "application/alto-endpointprop+json", "endpoint-property" },
  { "application/alto-endpointcost+json", "endpoint-cost" },
  { ALTOSCOPE_MEDIA_DIRECTORY, "directory" },
  { "application/alto-propmap+json", "property-map" },              /* RFC 9240 */
  { "text/event-stream", "update-stream" },                          /* RFC 8895 */
  { "application/alto-updatestreamcontrol+json", "update-stream-control" },
};

static void
resource_free (AltoscopeIrdResource *r)
{
  g_free (r->id);
  g_free (r->uri);
  g_free (r->media_type);
  g_free (r->accepts);
  g_free (r->kind);
  g_strfreev (r->cost_types);
  g_strfreev (r->uses);
  g_strfreev (r->prop_types);
  g_strfreev (r->mappings);
  g_clear_pointer (&r->nested, altoscope_ird_free);
  g_free (r->nested_error);
  g_free (r);
}

void
altoscope_ird_issue_free (AltoscopeIrdIssue *issue)
{
  g_free (issue->code);
  g_free (issue->resource);
  g_free (issue->message);
  g_free (issue);
}

/* An empty list of issues, which frees them. */
GPtrArray *
altoscope_ird_issues_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) altoscope_ird_issue_free);
}

void
altoscope_ird_issues_add (GPtrArray  *issues,
                          const char *code,
                          const char *resource,
                          const char *message)
{
  AltoscopeIrdIssue *i = g_new0 (AltoscopeIrdIssue, 1);

  i->code = g_strdup (code);
  i->resource = g_strdup (resource);
  i->message = g_strdup (message);
  g_ptr_array_add (issues, i);
}

void
altoscope_ird_free (AltoscopeIrd *ird)
{
  if (ird == NULL)
    return;
  g_free (ird->default_network_map);
  g_strfreev (ird->cost_type_names);
  g_ptr_array_unref (ird->cost_types);
  g_ptr_array_unref (ird->resources);
  g_ptr_array_unref (ird->errors);
  g_ptr_array_unref (ird->warnings);
  g_free (ird);
}

static void
cost_type_free (AltoscopeIrdCostType *t)
{
  g_free (t->name);
  g_free (t->mode);
  g_free (t->metric);
  g_free (t);
}

/* The cost type declared in meta as @name, with its mode and metric; NULL
 * when none is (or it lacks either). */
const AltoscopeIrdCostType *
altoscope_ird_find_cost_type (const AltoscopeIrd *ird,
                              const char         *name)
{
  for (guint i = 0; i < ird->cost_types->len; i++)
    {
      AltoscopeIrdCostType *t = ird->cost_types->pdata[i];
      if (g_str_equal (t->name, name))
        return t;
    }
  return NULL;
}

gboolean
altoscope_ird_is_valid (const AltoscopeIrd *ird)
{
  return ird->errors->len == 0;
}

static void
add_issue (GPtrArray  *to,
           const char *code,
           const char *resource,
           const char *format,
           ...) G_GNUC_PRINTF (4, 5);

static void
add_issue (GPtrArray  *to,
           const char *code,
           const char *resource,
           const char *format,
           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  altoscope_ird_issues_add (to, code, resource, message);
}

/* RFC 7285 §10.2 */
static gboolean
resource_id_ok (const char *id)
{
  gsize len = strlen (id);

  if (len == 0 || len > 64 || id[0] == '.')
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (id[i]) && strchr ("-:@_.", id[i]) == NULL)
      return FALSE;
  return TRUE;
}

static const char *
kind_of (const char *media_type)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_ascii_strcasecmp (media_type, kinds[i].media_type) == 0)
      return kinds[i].kind;
  return "unknown";
}

/* A JSON array of strings, or NULL (with *ok FALSE) when it is not one. */
static GStrv
string_array (JsonNode *node,
              gboolean *ok)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  JsonArray *a;

  *ok = node != NULL && JSON_NODE_HOLDS_ARRAY (node);
  if (!*ok)
    return NULL;
  a = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonNode *e = json_array_get_element (a, i);
      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
        {
          *ok = FALSE;
          return NULL;
        }
      g_strv_builder_add (b, json_node_get_string (e));
    }
  return g_strv_builder_end (b);
}

static const char *
member_string (JsonObject *o,
               const char *name)
{
  JsonNode *n = json_object_get_member (o, name);
  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

static char *
resolve (const char *base,
         const char *uri)
{
  g_autoptr(GUri) base_uri = base ? g_uri_parse (base, G_URI_FLAGS_NONE, NULL) : NULL;
  g_autoptr(GUri) resolved = NULL;

  if (base_uri == NULL)
    return g_strdup (uri);
  resolved = g_uri_parse_relative (base_uri, uri, G_URI_FLAGS_NONE, NULL);
  return resolved ? g_uri_to_string (resolved) : NULL;
}

static void
read_meta (AltoscopeIrd *ird,
           JsonObject   *root)
{
  JsonNode *meta_node = json_object_get_member (root, "meta");
  JsonObject *meta;
  JsonNode *cost_types;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  if (meta_node == NULL)
    {
      add_issue (ird->warnings, "no-meta", NULL,
                 _("The directory has no “meta”: no cost types and no default network map "
                   "are declared"));
      ird->cost_type_names = g_strv_builder_end (names);
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (meta_node))
    {
      add_issue (ird->errors, "meta-not-object", NULL,
                 _("“meta” is not a JSON object (RFC 7285 §9.2)"));
      ird->cost_type_names = g_strv_builder_end (names);
      return;
    }
  meta = json_node_get_object (meta_node);

  if (json_object_has_member (meta, "default-alto-network-map"))
    {
      const char *dflt = member_string (meta, "default-alto-network-map");
      if (dflt == NULL)
        add_issue (ird->errors, "bad-default-network-map", NULL,
                   _("“default-alto-network-map” is not a resource id (RFC 7285 §9.2)"));
      else
        ird->default_network_map = g_strdup (dflt);
    }

  cost_types = json_object_get_member (meta, "cost-types");
  if (cost_types != NULL && !JSON_NODE_HOLDS_OBJECT (cost_types))
    add_issue (ird->errors, "bad-cost-types", NULL,
               _("“cost-types” is not a JSON object (RFC 7285 §9.2)"));
  else if (cost_types != NULL)
    {
      JsonObject *ct = json_node_get_object (cost_types);
      g_autoptr(GList) members = json_object_get_members (ct);

      for (GList *l = members; l != NULL; l = l->next)
        {
          const char *name = l->data;
          JsonNode *n = json_object_get_member (ct, name);
          JsonObject *type;
          const char *mode, *metric;

          g_strv_builder_add (names, name);
          if (!JSON_NODE_HOLDS_OBJECT (n))
            {
              add_issue (ird->errors, "bad-cost-type", name,
                         _("The cost type “%s” is not a JSON object (RFC 7285 §10.7)"), name);
              continue;
            }
          type = json_node_get_object (n);
          mode = member_string (type, "cost-mode");
          metric = member_string (type, "cost-metric");
          if (mode == NULL || metric == NULL)
            add_issue (ird->errors, "bad-cost-type", name,
                       _("The cost type “%s” lacks “cost-mode” or “cost-metric” "
                         "(RFC 7285 §10.7)"), name);
          else
            {
              AltoscopeIrdCostType *t = g_new0 (AltoscopeIrdCostType, 1);
              t->name = g_strdup (name);
              t->mode = g_strdup (mode);
              t->metric = g_strdup (metric);
              g_ptr_array_add (ird->cost_types, t);
              if (!g_str_equal (mode, "numerical") && !g_str_equal (mode, "ordinal")
                  && !g_str_equal (mode, "array"))
                add_issue (ird->warnings, "unknown-cost-mode", name,
                           _("The cost type “%s” has the cost mode “%s”, which no RFC this "
                             "program knows defines"), name, mode);
            }
        }
    }
  ird->cost_type_names = g_strv_builder_end (names);
}

/* RFC 9240 §7.4: entity domain → property names, kept as "DOMAIN PROPERTY". */
static gboolean
read_mappings (AltoscopeIrdResource *r,
               JsonNode             *node)
{
  g_autoptr(GStrvBuilder) all = g_strv_builder_new ();
  g_autoptr(GList) domains = NULL;
  JsonObject *o;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  o = json_node_get_object (node);
  domains = json_object_get_members (o);
  for (GList *l = domains; l != NULL; l = l->next)
    {
      gboolean ok;
      g_auto(GStrv) names = string_array (json_object_get_member (o, l->data), &ok);

      if (!ok)
        return FALSE;
      for (guint i = 0; names && names[i]; i++)
        {
          g_autofree char *pair = g_strconcat (l->data, " ", names[i], NULL);
          g_strv_builder_add (all, pair);
        }
    }
  r->mappings = g_strv_builder_end (all);
  return TRUE;
}

/* RFC 7285 §9.2 "capabilities": the cost types (§11.2.3.4), the EPS
 * properties (§11.4.1.4) and RFC 9240's mappings (§7.4). */
static void
read_capabilities (AltoscopeIrd         *ird,
                   AltoscopeIrdResource *r,
                   const char           *id,
                   JsonNode             *caps)
{
  if (caps != NULL && !JSON_NODE_HOLDS_OBJECT (caps))
    add_issue (ird->errors, "bad-capabilities", id,
               _("The “capabilities” of “%s” are not a JSON object (RFC 7285 §9.2)"), id);
  else if (caps != NULL)
    {
      JsonNode *names = json_object_get_member (json_node_get_object (caps), "cost-type-names");
      JsonNode *props = json_object_get_member (json_node_get_object (caps), "prop-types");
      JsonNode *mappings = json_object_get_member (json_node_get_object (caps), "mappings");
      if (mappings != NULL && !read_mappings (r, mappings))
        add_issue (ird->errors, "bad-mappings", id,
                   _("The “mappings” of “%s” are not an object of lists of property names "
                     "(RFC 9240 §7.4)"), id);
      if (props != NULL)
        {
          gboolean ok;
          r->prop_types = string_array (props, &ok);
          if (!ok)
            add_issue (ird->errors, "bad-prop-types", id,
                       _("The “prop-types” of “%s” are not a list of names "
                         "(RFC 7285 §11.4.1.4)"), id);
        }
      if (names != NULL)
        {
          gboolean ok;
          r->cost_types = string_array (names, &ok);
          if (!ok)
            add_issue (ird->errors, "bad-cost-type-names", id,
                       _("The “cost-type-names” of “%s” are not a list of names "
                         "(RFC 7285 §11.2.3)"), id);
        }
    }
}

static void
read_resource (AltoscopeIrd *ird,
               const char   *id,
               JsonNode     *node,
               const char   *base_uri)
{
  AltoscopeIrdResource *r;
  JsonObject *o;
  const char *uri, *media_type;
  JsonNode *uses;

  if (!resource_id_ok (id))
    add_issue (ird->errors, "bad-resource-id", id,
               _("“%s” is not a valid resource id: 1–64 letters, digits and “-:@_.”, not "
                 "starting with “.” (RFC 7285 §10.2)"), id);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      add_issue (ird->errors, "resource-not-object", id,
                 _("The resource “%s” is not a JSON object (RFC 7285 §9.2)"), id);
      return;
    }
  o = json_node_get_object (node);
  uri = member_string (o, "uri");
  media_type = member_string (o, "media-type");
  if (uri == NULL || media_type == NULL)
    {
      add_issue (ird->errors, "missing-member", id,
                 _("The resource “%s” lacks “uri” or “media-type” (RFC 7285 §9.2)"), id);
      return;
    }

  r = g_new0 (AltoscopeIrdResource, 1);
  r->id = g_strdup (id);
  r->uri = resolve (base_uri, uri);
  r->media_type = g_strdup (media_type);
  r->kind = g_strdup (kind_of (media_type));
  g_ptr_array_add (ird->resources, r);

  if (r->uri == NULL)
    add_issue (ird->errors, "bad-uri", id,
               _("The resource “%s” has a “uri” that is not a URI"), id);
  else if (g_ascii_strncasecmp (r->uri, "http://", 7) != 0
           && g_ascii_strncasecmp (r->uri, "https://", 8) != 0)
    /* ALTO is spoken over HTTP (RFC 7285 §8): a client can use nothing else. */
    add_issue (ird->errors, "bad-uri", id,
               _("The resource “%s” is not at an http or https address (RFC 7285 §8)"), id);
  else if (g_ascii_strncasecmp (r->uri, "http://", 7) == 0)
    add_issue (ird->warnings, "http", id,
               _("The resource “%s” is reached over plain http: its answers can be read and "
                 "changed on the way"), id);
  if (g_str_equal (r->kind, "unknown"))
    add_issue (ird->warnings, "unknown-media-type", id,
               _("The resource “%s” has the media type “%s”, which no ALTO RFC this program "
                 "knows defines"), id, media_type);

  if (json_object_has_member (o, "accepts"))
    {
      r->accepts = g_strdup (member_string (o, "accepts"));
      if (r->accepts == NULL)
        add_issue (ird->errors, "bad-accepts", id,
                   _("The “accepts” of “%s” is not a media type (RFC 7285 §9.2)"), id);
    }

  read_capabilities (ird, r, id, json_object_get_member (o, "capabilities"));

  uses = json_object_get_member (o, "uses");
  if (uses != NULL)
    {
      gboolean ok;
      r->uses = string_array (uses, &ok);
      if (!ok)
        add_issue (ird->errors, "bad-uses", id,
                   _("The “uses” of “%s” is not a list of resource ids (RFC 7285 §9.2)"), id);
    }
}

static AltoscopeIrdResource *
find (AltoscopeIrd *ird,
      const char   *id)
{
  for (guint i = 0; i < ird->resources->len; i++)
    {
      AltoscopeIrdResource *r = ird->resources->pdata[i];
      if (g_str_equal (r->id, id))
        return r;
    }
  return NULL;
}

/* Judges the directory @root, fetched from @base_uri (relative resource
 * URIs are resolved against it).  Never NULL: a document that is no
 * directory at all comes back with its errors. */
AltoscopeIrd *
altoscope_ird_parse (JsonNode   *root,
                     const char *base_uri)
{
  AltoscopeIrd *ird = g_new0 (AltoscopeIrd, 1);
  JsonNode *resources;

  ird->resources = g_ptr_array_new_with_free_func ((GDestroyNotify) resource_free);
  ird->cost_types = g_ptr_array_new_with_free_func ((GDestroyNotify) cost_type_free);
  ird->errors = altoscope_ird_issues_new ();
  ird->warnings = altoscope_ird_issues_new ();

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      add_issue (ird->errors, "not-object", NULL,
                 _("The document is not a JSON object, so not a directory (RFC 7285 §9.2)"));
      ird->cost_type_names = g_new0 (char *, 1);
      return ird;
    }
  read_meta (ird, json_node_get_object (root));

  resources = json_object_get_member (json_node_get_object (root), "resources");
  if (resources == NULL || !JSON_NODE_HOLDS_OBJECT (resources))
    add_issue (ird->errors, "no-resources", NULL,
               _("The directory has no “resources” object (RFC 7285 §9.2)"));
  else
    {
      JsonObject *o = json_node_get_object (resources);
      g_autoptr(GList) ids = json_object_get_members (o);

      ids = g_list_sort (ids, (GCompareFunc) strcmp);
      for (GList *l = ids; l != NULL; l = l->next)
        read_resource (ird, l->data, json_object_get_member (o, l->data), base_uri);
      if (ird->resources->len == 0)
        add_issue (ird->warnings, "empty", NULL, _("The directory lists no resource"));
    }

  /* What the entries refer to must be in this directory. */
  for (guint i = 0; i < ird->resources->len; i++)
    {
      AltoscopeIrdResource *r = ird->resources->pdata[i];

      for (guint j = 0; r->uses && r->uses[j]; j++)
        if (find (ird, r->uses[j]) == NULL)
          add_issue (ird->errors, "dangling-uses", r->id,
                     _("The resource “%s” uses “%s”, which the directory does not list "
                       "(RFC 7285 §9.2)"), r->id, r->uses[j]);
      for (guint j = 0; r->cost_types && r->cost_types[j]; j++)
        if (!g_strv_contains ((const char * const *) ird->cost_type_names, r->cost_types[j]))
          add_issue (ird->errors, "unknown-cost-type", r->id,
                     _("The resource “%s” names the cost type “%s”, which “meta” does not "
                       "declare (RFC 7285 §9.2)"), r->id, r->cost_types[j]);
      if (g_str_equal (r->kind, "directory"))
        add_issue (ird->warnings, "nested-directory", r->id,
                   _("“%s” is another directory: a check lists its resources, and goes "
                     "no deeper"), r->id);
    }

  if (ird->default_network_map == NULL)
    add_issue (ird->warnings, "no-default-network-map", NULL,
               _("No default network map is declared (RFC 7285 §9.2 asks a server to name "
                 "one)"));
  else
    {
      AltoscopeIrdResource *r = find (ird, ird->default_network_map);
      if (r == NULL || !g_str_equal (r->kind, "network-map"))
        add_issue (ird->errors, "bad-default-network-map", ird->default_network_map,
                   _("The default network map “%s” is not a network map of this directory "
                     "(RFC 7285 §9.2)"), ird->default_network_map);
    }

  for (guint i = 0; ird->cost_type_names[i] != NULL; i++)
    {
      gboolean used = FALSE;
      for (guint j = 0; j < ird->resources->len && !used; j++)
        {
          AltoscopeIrdResource *r = ird->resources->pdata[j];
          used = r->cost_types && g_strv_contains ((const char * const *) r->cost_types,
                                                   ird->cost_type_names[i]);
        }
      if (!used)
        add_issue (ird->warnings, "unused-cost-type", ird->cost_type_names[i],
                   _("The cost type “%s” is declared but no resource offers it"),
                   ird->cost_type_names[i]);
    }
  return ird;
}
