/* altoscope-network-map.c
 *
 * RFC 7285 §11.2.1.6: a network map is an object with "meta" (which MUST
 * hold "vtag": the map's "resource-id" and its "tag", §10.3) and
 * "network-map", an object from PID names (§10.1) to endpoint address
 * groups: address type ("ipv4", "ipv6", §10.4.2) to a list of prefixes
 * (§10.4.3: the notation of RFC 4632 §3.1 and RFC 5952 §7).  Address types
 * we do not know are skipped: the registry may grow.
 *
 * An address belongs to the PID whose prefix is the longest that matches it
 * (§11.2.1.6).  The same prefix in two PIDs leaves that undefined, so such
 * a map is refused.  Bits after a prefix's length are ignored, as a prefix
 * is defined by its first bits alone (RFC 4632 §3.1); "192.0.2.1/24" means
 * 192.0.2.0/24.
 *
 * Prefixes are kept per family and per length, each list sorted, so that a
 * lookup is at most 33 (or 129) binary searches, whatever the map's size.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "altoscope-json.h"
#include "altoscope-network-map.h"
#include "altoscope-text.h"

enum { V4, V6, N_FAMILIES };

static const guint family_bytes[N_FAMILIES] = { 4, 16 };
static const char *const family_key[N_FAMILIES] = { "ipv4", "ipv6" };

/* One prefix: its first bits (the rest zero) and the PID it is in. */
typedef struct
{
  guint8 addr[16];
  guint32 pid;
} Entry;

struct _AltoscopeNetworkMap
{
  char *resource_id;
  char *vtag;
  GPtrArray *pids;                   /* char *, indexed by Entry.pid */
  GArray *by_len[N_FAMILIES][129];   /* Entry, sorted by addr; NULL: none */
  guint n_prefixes;
};

G_DEFINE_QUARK (altoscope-network-map-error-quark, altoscope_network_map_error)

/* What an error message shows of a name or prefix the server sent. */
#define SHOWN_CHARS 80

void
altoscope_network_map_free (AltoscopeNetworkMap *map)
{
  if (map == NULL)
    return;
  g_free (map->resource_id);
  g_free (map->vtag);
  g_ptr_array_unref (map->pids);
  for (guint f = 0; f < N_FAMILIES; f++)
    for (guint len = 0; len <= 128; len++)
      g_clear_pointer (&map->by_len[f][len], g_array_unref);
  g_free (map);
}

static void
set_error (GError    **error,
           gint        code,
           const char *format,
           ...) G_GNUC_PRINTF (3, 4);

static void
set_error (GError    **error,
           gint        code,
           const char *format,
           ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (ALTOSCOPE_NETWORK_MAP_ERROR, code, format, args));
  va_end (args);
}

/* RFC 7285 §10.1 (a PID name) and §10.2 (a resource id, which adds that
 * it does not start with "."): 1–64 US-ASCII letters, digits and "-:@_.". */
static gboolean
identifier_ok (const char *id,
               gboolean    resource_id)
{
  gsize len = strlen (id);

  if (len == 0 || len > 64 || (resource_id && id[0] == '.'))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (id[i]) && strchr ("-:@_.", id[i]) == NULL)
      return FALSE;
  return TRUE;
}

/* Whether a PID name another reply gives (an EPS answer) is one. */
gboolean
altoscope_network_map_pid_name_ok (const char *name)
{
  return identifier_ok (name, FALSE);
}

/* RFC 7285 §10.3: a tag is 1–64 characters from U+0021 to U+007E. */
static gboolean
tag_ok (const char *tag)
{
  gsize len = strlen (tag);

  if (len == 0 || len > 64)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (tag[i] < 0x21 || tag[i] > 0x7e)
      return FALSE;
  return TRUE;
}

static gboolean
read_vtag (AltoscopeNetworkMap *map,
           JsonObject          *top,
           GError             **error)
{
  JsonNode *meta = json_object_get_member (top, "meta");
  JsonNode *vtag = NULL;
  const char *id = NULL;
  const char *tag = NULL;

  if (meta != NULL && JSON_NODE_HOLDS_OBJECT (meta))
    vtag = json_object_get_member (json_node_get_object (meta), "vtag");
  if (vtag != NULL && JSON_NODE_HOLDS_OBJECT (vtag))
    {
      JsonObject *o = json_node_get_object (vtag);
      JsonNode *n_id = json_object_get_member (o, "resource-id");
      JsonNode *n_tag = json_object_get_member (o, "tag");
      if (n_id != NULL && json_node_get_value_type (n_id) == G_TYPE_STRING)
        id = json_node_get_string (n_id);
      if (n_tag != NULL && json_node_get_value_type (n_tag) == G_TYPE_STRING)
        tag = json_node_get_string (n_tag);
    }
  if (id == NULL || tag == NULL || !identifier_ok (id, TRUE) || !tag_ok (tag))
    {
      set_error (error, ALTOSCOPE_NETWORK_MAP_ERROR_INVALID,
                 _("The network map has no valid “meta.vtag”: a “resource-id” and a “tag” "
                   "(RFC 7285 §11.2.1.6)"));
      return FALSE;
    }
  map->resource_id = g_strdup (id);
  map->vtag = g_strdup (tag);
  return TRUE;
}

/* "ADDRESS/LENGTH" of family @f into @entry (bits after the length
 * cleared) and @len; FALSE for anything else. */
static gboolean
parse_prefix (guint       f,
              const char *text,
              Entry      *entry,
              guint      *len)
{
  const char *slash = strchr (text, '/');
  g_autofree char *host = NULL;
  g_autoptr(GInetAddress) address = NULL;
  GSocketFamily want = f == V4 ? G_SOCKET_FAMILY_IPV4 : G_SOCKET_FAMILY_IPV6;
  guint64 value = 0;
  guint max = family_bytes[f] * 8;

  if (slash == NULL || slash == text || slash - text > 45 || strchr (text, '%') != NULL)
    return FALSE;
  if (slash[1] == '\0' || strlen (slash + 1) > 3)
    return FALSE;
  for (const char *p = slash + 1; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      value = value * 10 + (guint) (*p - '0');
    }
  if (value > max)
    return FALSE;
  host = g_strndup (text, slash - text);
  address = g_inet_address_new_from_string (host);
  if (address == NULL || g_inet_address_get_family (address) != want)
    return FALSE;
  memset (entry->addr, 0, sizeof entry->addr);
  memcpy (entry->addr, g_inet_address_to_bytes (address), family_bytes[f]);
  for (guint bit = (guint) value; bit < max; bit++)
    entry->addr[bit / 8] &= (guint8) ~(0x80u >> (bit % 8));
  *len = (guint) value;
  return TRUE;
}

static gboolean
add_prefixes (AltoscopeNetworkMap *map,
              guint                f,
              JsonNode            *list,
              guint32              pid,
              GError             **error)
{
  const char *name = map->pids->pdata[pid];
  JsonArray *array = NULL;

  if (!JSON_NODE_HOLDS_ARRAY (list))
    {
      set_error (error, ALTOSCOPE_NETWORK_MAP_ERROR_INVALID,
                 _("PID “%s”: “%s” is not a list of prefixes (RFC 7285 §11.2.1.6)"),
                 name, family_key[f]);
      return FALSE;
    }
  array = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      const char *text = NULL;
      Entry entry = { .pid = pid };
      guint len = 0;

      if (map->n_prefixes >= ALTOSCOPE_NETWORK_MAP_MAX_PREFIXES)
        {
          set_error (error, ALTOSCOPE_NETWORK_MAP_ERROR_TOO_LARGE,
                     _("The network map has more than %u prefixes, more than Altoscope reads"),
                     (guint) ALTOSCOPE_NETWORK_MAP_MAX_PREFIXES);
          return FALSE;
        }
      if (json_node_get_value_type (item) == G_TYPE_STRING)
        text = json_node_get_string (item);
      if (text == NULL || !parse_prefix (f, text, &entry, &len))
        {
          g_autofree char *shown = altoscope_text_make_safe (text != NULL ? text : "…",
                                                             SHOWN_CHARS);
          set_error (error, ALTOSCOPE_NETWORK_MAP_ERROR_INVALID,
                     _("PID “%s”: “%s” is not an %s prefix (RFC 7285 §10.4.3)"),
                     name, shown, family_key[f]);
          return FALSE;
        }
      if (map->by_len[f][len] == NULL)
        map->by_len[f][len] = g_array_new (FALSE, FALSE, sizeof (Entry));
      g_array_append_val (map->by_len[f][len], entry);
      map->n_prefixes++;
    }
  return TRUE;
}

static gboolean
add_pid (AltoscopeNetworkMap *map,
         const char          *name,
         JsonNode            *group,
         GError             **error)
{
  guint32 pid = map->pids->len;

  if (!identifier_ok (name, FALSE))
    {
      g_autofree char *shown = altoscope_text_make_safe (name, SHOWN_CHARS);
      set_error (error, ALTOSCOPE_NETWORK_MAP_ERROR_INVALID,
                 _("“%s” is not a valid PID name: 1–64 letters, digits and “-:@_.” "
                   "(RFC 7285 §10.1)"), shown);
      return FALSE;
    }
  g_ptr_array_add (map->pids, g_strdup (name));
  if (!JSON_NODE_HOLDS_OBJECT (group))
    {
      set_error (error, ALTOSCOPE_NETWORK_MAP_ERROR_INVALID,
                 _("PID “%s” is not a JSON object of address types (RFC 7285 §11.2.1.6)"),
                 name);
      return FALSE;
    }
  for (guint f = 0; f < N_FAMILIES; f++)
    {
      JsonNode *list = json_object_get_member (json_node_get_object (group), family_key[f]);
      if (list != NULL && !add_prefixes (map, f, list, pid, error))
        return FALSE;
    }
  return TRUE;
}

static int
compare_v4 (gconstpointer a,
            gconstpointer b)
{
  return memcmp (((const Entry *) a)->addr, ((const Entry *) b)->addr, 4);
}

static int
compare_v6 (gconstpointer a,
            gconstpointer b)
{
  return memcmp (((const Entry *) a)->addr, ((const Entry *) b)->addr, 16);
}

/* Sorts one list and drops a prefix listed twice in one PID; the same
 * prefix in two PIDs is an error. */
static gboolean
sort_list (AltoscopeNetworkMap *map,
           guint                f,
           guint                len,
           GError             **error)
{
  GArray *list = map->by_len[f][len];
  GCompareFunc compare = f == V4 ? compare_v4 : compare_v6;
  guint kept = 0;

  g_array_sort (list, compare);
  for (guint i = 0; i < list->len; i++)
    {
      Entry *e = &g_array_index (list, Entry, i);
      Entry *last = kept > 0 ? &g_array_index (list, Entry, kept - 1) : NULL;

      if (last != NULL && compare (last, e) == 0)
        {
          g_autoptr(GInetAddress) a = g_inet_address_new_from_bytes (
              e->addr, f == V4 ? G_SOCKET_FAMILY_IPV4 : G_SOCKET_FAMILY_IPV6);
          g_autofree char *shown = g_inet_address_to_string (a);
          if (last->pid == e->pid)
            continue;
          set_error (error, ALTOSCOPE_NETWORK_MAP_ERROR_INVALID,
                     _("The prefix “%s/%u” is in both PID “%s” and PID “%s”: which one an "
                       "address is in is undefined (RFC 7285 §11.2.1.6)"),
                     shown, len, (const char *) map->pids->pdata[last->pid],
                     (const char *) map->pids->pdata[e->pid]);
          return FALSE;
        }
      g_array_index (list, Entry, kept++) = *e;
    }
  map->n_prefixes -= list->len - kept;
  g_array_set_size (list, kept);
  return TRUE;
}

AltoscopeNetworkMap *
altoscope_network_map_parse (JsonNode *root,
                             GError  **error)
{
  g_autoptr(AltoscopeNetworkMap) map = g_new0 (AltoscopeNetworkMap, 1);
  JsonNode *groups = NULL;
  JsonObject *object = NULL;
  g_autoptr(GList) names = NULL;

  map->pids = g_ptr_array_new_with_free_func (g_free);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      set_error (error, ALTOSCOPE_NETWORK_MAP_ERROR_INVALID,
                 _("The network map is not a JSON object (RFC 7285 §11.2.1.6)"));
      return NULL;
    }
  if (!read_vtag (map, json_node_get_object (root), error))
    return NULL;
  groups = json_object_get_member (json_node_get_object (root), "network-map");
  if (groups == NULL || !JSON_NODE_HOLDS_OBJECT (groups))
    {
      set_error (error, ALTOSCOPE_NETWORK_MAP_ERROR_INVALID,
                 _("The network map has no “network-map” object (RFC 7285 §11.2.1.6)"));
      return NULL;
    }
  object = json_node_get_object (groups);
  if (json_object_get_size (object) > ALTOSCOPE_NETWORK_MAP_MAX_PIDS)
    {
      set_error (error, ALTOSCOPE_NETWORK_MAP_ERROR_TOO_LARGE,
                 _("The network map has more than %u PIDs, more than Altoscope reads"),
                 (guint) ALTOSCOPE_NETWORK_MAP_MAX_PIDS);
      return NULL;
    }
  names = json_object_get_members (object);
  for (GList *l = names; l != NULL; l = l->next)
    if (!add_pid (map, l->data, json_object_get_member (object, l->data), error))
      return NULL;
  for (guint f = 0; f < N_FAMILIES; f++)
    for (guint len = 0; len <= family_bytes[f] * 8; len++)
      if (map->by_len[f][len] != NULL && !sort_list (map, f, len, error))
        return NULL;
  return g_steal_pointer (&map);
}

/* The body of a network map as received: read by altoscope_json_parse
 * (empty, non-UTF-8 and over-deep text refused before json-glib sees it). */
AltoscopeNetworkMap *
altoscope_network_map_parse_text (const char *data,
                                  gsize       length,
                                  GError    **error)
{
  g_autoptr(JsonNode) root = altoscope_json_parse (data, length, error);

  if (root == NULL)
    return NULL;
  return altoscope_network_map_parse (root, error);
}

const char *
altoscope_network_map_get_resource_id (AltoscopeNetworkMap *map)
{
  return map->resource_id;
}

const char *
altoscope_network_map_get_vtag (AltoscopeNetworkMap *map)
{
  return map->vtag;
}

guint
altoscope_network_map_get_n_pids (AltoscopeNetworkMap *map)
{
  return map->pids->len;
}

guint
altoscope_network_map_get_n_prefixes (AltoscopeNetworkMap *map)
{
  return map->n_prefixes;
}

/* The PID @address is in, by the longest prefix that matches it
 * (RFC 7285 §11.2.1.6), and that prefix's length in @prefix_len; NULL
 * when no prefix of the map holds it.  From the longest length down, the
 * address's bits past the length are cleared one at a time and the list of
 * that length searched. */
const char *
altoscope_network_map_lookup (AltoscopeNetworkMap *map,
                              GInetAddress        *address,
                              guint               *prefix_len)
{
  guint f = g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV4 ? V4 : V6;
  GCompareFunc compare = f == V4 ? compare_v4 : compare_v6;
  guint max = family_bytes[f] * 8;
  Entry key = { .pid = 0 };

  g_return_val_if_fail (g_inet_address_get_native_size (address) == family_bytes[f], NULL);
  memcpy (key.addr, g_inet_address_to_bytes (address), family_bytes[f]);
  for (guint len = max + 1; len-- > 0;)
    {
      GArray *list = map->by_len[f][len];
      const Entry *found = NULL;

      if (len < max)
        key.addr[len / 8] &= (guint8) ~(0x80u >> (len % 8));
      if (list == NULL)
        continue;
      found = bsearch (&key, list->data, list->len, sizeof (Entry), compare);
      if (found != NULL)
        {
          if (prefix_len != NULL)
            *prefix_len = len;
          return map->pids->pdata[found->pid];
        }
    }
  return NULL;
}
