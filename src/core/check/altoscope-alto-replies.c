/* altoscope-alto-replies.c
 *
 * Readers for what an ALTO server answers a client, each given JSON already
 * parsed within the depth bound (altoscope_json_parse) and bounded in size
 * by the fetch.  Everything here came from the network: nothing is assumed
 * about a member's type until it is checked, and every error names what was
 * wrong in words.  Errors are G_IO_ERROR_INVALID_DATA (the server broke
 * RFC 7285) or G_IO_ERROR_NOT_FOUND (legal, but no answer for this
 * question: an endpoint or a pair the reply leaves out).
 *
 * Addresses in replies are matched as addresses, not as text: a server may
 * write 2001:db8::1 as 2001:DB8:0:0::1 (RFC 7285 §10.4.3 allows RFC 4291's
 * forms, RFC 5952 only recommends).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "altoscope-alto-replies.h"
#include "altoscope-network-map.h"
#include "altoscope-text.h"

/* What an error message shows of a name the server sent. */
#define SHOWN_CHARS 80

static char *
shown (const char *text)
{
  g_autofree char *cut = g_utf8_make_valid (text, MIN (strlen (text), SHOWN_CHARS * 4));

  if (g_utf8_strlen (cut, -1) > SHOWN_CHARS)
    *g_utf8_offset_to_pointer (cut, SHOWN_CHARS) = '\0';
  return altoscope_text_safe (cut);
}

/* RFC 7285 §10.4.3: "ipv4:192.0.2.1", "ipv6:2001:db8::1". */
char *
altoscope_alto_typed_address (GInetAddress *address)
{
  g_autofree char *text = g_inet_address_to_string (address);

  return g_strconcat (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6
                      ? "ipv6:" : "ipv4:", text, NULL);
}

/* A typed address, or NULL when @text is none (the type must match the
 * address: "ipv4:2001:db8::1" is not one). */
GInetAddress *
altoscope_alto_parse_typed_address (const char *text)
{
  GSocketFamily family;
  GInetAddress *address;

  if (g_str_has_prefix (text, "ipv4:"))
    family = G_SOCKET_FAMILY_IPV4;
  else if (g_str_has_prefix (text, "ipv6:"))
    family = G_SOCKET_FAMILY_IPV6;
  else
    return NULL;
  /* g_inet_address_new_from_string takes an IPv6 scope ("%eth0") too. */
  if (strchr (text, '%') != NULL)
    return NULL;
  address = g_inet_address_new_from_string (text + 5);
  if (address != NULL && g_inet_address_get_family (address) != family)
    g_clear_object (&address);
  return address;
}

static JsonObject *
object_member (JsonObject *o,
               const char *name)
{
  JsonNode *n = o ? json_object_get_member (o, name) : NULL;

  return n != NULL && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

static const char *
string_member (JsonObject *o,
               const char *name)
{
  JsonNode *n = o ? json_object_get_member (o, name) : NULL;

  return n != NULL && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
         ? json_node_get_string (n) : NULL;
}

static JsonObject *
root_object (JsonNode *root)
{
  return root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
}

/* RFC 7285 §8.5.2: meta.code of an application/alto-error+json body;
 * NULL when it has none.  Owned by @root. */
const char *
altoscope_alto_error_code (JsonNode *root)
{
  return string_member (object_member (root_object (root), "meta"), "code");
}

/* RFC 7285 §6.1.2: a cost is a JSON number; in the "ordinal" mode a
 * non-negative integer (a rank).  Other modes (RFC 9274's registry) are
 * taken as numbers. */
gboolean
altoscope_alto_cost_value (JsonNode    *node,
                           const char  *mode,
                           double      *value,
                           GError     **error)
{
  GType type = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node)
                                                              : G_TYPE_INVALID;
  double v;

  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("the cost is not a number (RFC 7285 §6.1.2)"));
      return FALSE;
    }
  v = type == G_TYPE_INT64 ? (double) json_node_get_int (node) : json_node_get_double (node);
  if (!isfinite (v))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("the cost is not a number"));
      return FALSE;
    }
  if (g_strcmp0 (mode, "ordinal") == 0 && (v < 0 || floor (v) != v))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("the ordinal cost %g is not a non-negative whole number "
                     "(RFC 7285 §6.1.2)"), v);
      return FALSE;
    }
  *value = v;
  return TRUE;
}

/* RFC 7285 §11.2.3.6, §11.4.1.6: the tag meta.dependent-vtags gives for
 * @resource_id, or NULL. */
char *
altoscope_alto_dependent_vtag (JsonNode   *root,
                               const char *resource_id)
{
  JsonObject *meta = object_member (root_object (root), "meta");
  JsonNode *list = meta ? json_object_get_member (meta, "dependent-vtags") : NULL;
  JsonArray *a;

  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    return NULL;
  a = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonNode *e = json_array_get_element (a, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (e) ? json_node_get_object (e) : NULL;
      const char *id = string_member (o, "resource-id");
      const char *tag = string_member (o, "tag");

      if (id != NULL && tag != NULL && g_str_equal (id, resource_id))
        return shown (tag);
    }
  return NULL;
}

/* RFC 7285 §11.2.3.6, §11.5.1.6: meta.cost-type says which costs these
 * are; they must be the ones asked for. */
gboolean
altoscope_alto_read_cost_type (JsonNode    *root,
                               const char  *mode,
                               const char  *metric,
                               GError     **error)
{
  JsonObject *type = object_member (object_member (root_object (root), "meta"), "cost-type");
  const char *got_mode = string_member (type, "cost-mode");
  const char *got_metric = string_member (type, "cost-metric");

  if (got_mode == NULL || got_metric == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("the answer has no “meta.cost-type” (RFC 7285 §11.2.3.6)"));
      return FALSE;
    }
  if (!g_str_equal (got_mode, mode) || !g_str_equal (got_metric, metric))
    {
      g_autofree char *m = shown (got_mode);
      g_autofree char *t = shown (got_metric);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("the answer is for the cost type %s %s, not the %s %s asked for"),
                   m, t, mode, metric);
      return FALSE;
    }
  return TRUE;
}

/* @o's members whose names are typed addresses, by the address's
 * canonical typed form (a member spelled canonically wins over another
 * spelling of the same address): one pass, so that looking up each
 * address asked about costs nothing more, however many names a hostile
 * answer holds.  The nodes belong to @o. */
GHashTable *
altoscope_alto_address_index (JsonObject *o)
{
  GHashTable *index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, o);
  while (json_object_iter_next (&iter, &name, &node))
    {
      g_autoptr(GInetAddress) a = NULL;
      char *canonical;

      if (!g_str_has_prefix (name, "ipv4:") && !g_str_has_prefix (name, "ipv6:"))
        continue;
      if ((a = altoscope_alto_parse_typed_address (name)) == NULL)
        continue;
      canonical = altoscope_alto_typed_address (a);
      if (g_str_equal (canonical, name) || !g_hash_table_contains (index, canonical))
        g_hash_table_replace (index, canonical, node);
      else
        g_free (canonical);
    }
  return index;
}

static JsonNode *
lookup (GHashTable   *index,
        GInetAddress *address)
{
  g_autofree char *key = altoscope_alto_typed_address (address);
  return g_hash_table_lookup (index, key);
}

/* RFC 7285 §11.4.1.6: "endpoint-properties" (RFC 9240 §7.6, a filtered
 * property map: "property-map", @container), typed address → property →
 * value.  For each of @addresses (GInetAddress), the value of @property
 * ("<network map>.pid") if it is a valid PID name, else NULL; the array
 * has addresses->len entries (g_strfreev does not fit: free each, then
 * the array).  NULL with @error when the reply is no EPS reply; an invalid
 * PID name for one address is an error for the reply, as it breaks §10.1. */
char **
altoscope_alto_read_endpoint_pids (JsonNode    *root,
                                   const char  *container,
                                   const char  *property,
                                   GPtrArray   *addresses,
                                   GError     **error)
{
  JsonObject *props = object_member (root_object (root), container);
  g_autoptr(GHashTable) index = NULL;
  char **pids;

  if (props == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("the answer has no “%s” object (RFC 7285 §11.4.1.6, RFC 9240 §7.6)"),
                   container);
      return NULL;
    }
  index = altoscope_alto_address_index (props);
  pids = g_new0 (char *, addresses->len + 1);
  for (guint i = 0; i < addresses->len; i++)
    {
      JsonNode *entry = lookup (index, addresses->pdata[i]);
      JsonObject *o = entry && JSON_NODE_HOLDS_OBJECT (entry) ? json_node_get_object (entry)
                                                              : NULL;
      JsonNode *value = o ? json_object_get_member (o, property) : NULL;
      const char *pid;

      if (value == NULL)
        continue;
      pid = string_member (o, property);
      if (pid == NULL || !altoscope_network_map_pid_name_ok (pid))
        {
          g_autofree char *what = pid ? shown (pid) : g_strdup (_("a value that is no string"));
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("the answer names %s as a PID, which is not a PID name "
                         "(RFC 7285 §10.1)"), what);
          for (guint j = 0; j < addresses->len; j++)
            g_free (pids[j]);
          g_free (pids);
          return NULL;
        }
      pids[i] = g_strdup (pid);
    }
  return pids;
}

static gboolean
cost_in (gconstpointer  row,
         JsonNode      *cell,
         const char    *mode,
         double        *value,
         GError       **error)
{
  if (row == NULL || cell == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("no cost is given"));
      return FALSE;
    }
  return altoscope_alto_cost_value (cell, mode, value, error);
}

/* RFC 7285 §11.5.1.6: "endpoint-cost-map", source → destination → cost,
 * indexed once: the sources at once, each source's row when first asked. */
struct _AltoscopeAltoCosts
{
  GHashTable *sources;          /* canonical typed address → its row's node */
  GHashTable *rows;             /* canonical typed address → index of its row */
};

AltoscopeAltoCosts *
altoscope_alto_endpoint_costs_new (JsonNode  *root,
                                   GError   **error)
{
  JsonObject *map = object_member (root_object (root), "endpoint-cost-map");
  AltoscopeAltoCosts *costs;

  if (map == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("the answer has no “endpoint-cost-map” object (RFC 7285 §11.5.1.6)"));
      return NULL;
    }
  costs = g_new0 (AltoscopeAltoCosts, 1);
  costs->sources = altoscope_alto_address_index (map);
  costs->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_hash_table_unref);
  return costs;
}

void
altoscope_alto_endpoint_costs_free (AltoscopeAltoCosts *costs)
{
  if (costs == NULL)
    return;
  g_hash_table_unref (costs->sources);
  g_hash_table_unref (costs->rows);
  g_free (costs);
}

gboolean
altoscope_alto_endpoint_costs_get (AltoscopeAltoCosts  *costs,
                                   const char          *mode,
                                   GInetAddress        *from,
                                   GInetAddress        *to,
                                   double              *value,
                                   GError             **error)
{
  g_autofree char *key = altoscope_alto_typed_address (from);
  GHashTable *row = g_hash_table_lookup (costs->rows, key);

  if (row == NULL)
    {
      JsonNode *node = g_hash_table_lookup (costs->sources, key);
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return cost_in (NULL, NULL, mode, value, error);
      row = altoscope_alto_address_index (json_node_get_object (node));
      g_hash_table_insert (costs->rows, g_steal_pointer (&key), row);
    }
  return cost_in (row, lookup (row, to), mode, value, error);
}

/* One cost of an Endpoint Cost Service answer (for tests and the fuzzer;
 * the query indexes the answer once). */
gboolean
altoscope_alto_read_endpoint_cost (JsonNode      *root,
                                   const char    *mode,
                                   GInetAddress  *from,
                                   GInetAddress  *to,
                                   double        *value,
                                   GError       **error)
{
  AltoscopeAltoCosts *costs = altoscope_alto_endpoint_costs_new (root, error);
  gboolean ok;

  if (costs == NULL)
    return FALSE;
  ok = altoscope_alto_endpoint_costs_get (costs, mode, from, to, value, error);
  altoscope_alto_endpoint_costs_free (costs);
  return ok;
}

/* RFC 7285 §11.2.3.6: "cost-map", source PID → destination PID → cost. */
gboolean
altoscope_alto_read_map_cost (JsonNode    *root,
                              const char  *mode,
                              const char  *from_pid,
                              const char  *to_pid,
                              double      *value,
                              GError     **error)
{
  JsonObject *map = object_member (root_object (root), "cost-map");
  JsonObject *row;

  if (map == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("the answer has no “cost-map” object (RFC 7285 §11.2.3.6)"));
      return FALSE;
    }
  row = object_member (map, from_pid);
  return cost_in (row, row ? json_object_get_member (row, to_pid) : NULL, mode, value, error);
}
