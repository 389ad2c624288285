/* altoscope-network-map.h: an ALTO network map (RFC 7285 §11.2.1), read
 * as untrusted input, and the PID an address is in
 *
 * Pure functions: no I/O.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ALTOSCOPE_MEDIA_NETWORK_MAP "application/alto-networkmap+json"

/* Our choice, not the RFC's (it sets no limit).  An operator's map groups
 * its address space into PIDs by region or by peering point: thousands of
 * PIDs at most, with tens of thousands of prefixes between them.  The
 * bounds are ten times that, and still keep a hostile map to about 2 MiB
 * of entries (20 bytes a prefix) and a parse that ends in milliseconds. */
#define ALTOSCOPE_NETWORK_MAP_MAX_PIDS     10000
#define ALTOSCOPE_NETWORK_MAP_MAX_PREFIXES 100000

#define ALTOSCOPE_NETWORK_MAP_ERROR (altoscope_network_map_error_quark ())

typedef enum
{
  ALTOSCOPE_NETWORK_MAP_ERROR_INVALID,    /* what RFC 7285 forbids, or no map at all */
  ALTOSCOPE_NETWORK_MAP_ERROR_TOO_LARGE,  /* over the bounds above */
} AltoscopeNetworkMapError;

typedef struct _AltoscopeNetworkMap AltoscopeNetworkMap;

GQuark               altoscope_network_map_error_quark      (void);
AltoscopeNetworkMap *altoscope_network_map_parse            (JsonNode    *root,
                                                             GError     **error);
AltoscopeNetworkMap *altoscope_network_map_parse_text       (const char  *data,
                                                             gsize        length,
                                                             GError     **error);
void                 altoscope_network_map_free             (AltoscopeNetworkMap *map);
const char          *altoscope_network_map_get_resource_id  (AltoscopeNetworkMap *map);
const char          *altoscope_network_map_get_vtag         (AltoscopeNetworkMap *map);
guint                altoscope_network_map_get_n_pids       (AltoscopeNetworkMap *map);
guint                altoscope_network_map_get_n_prefixes   (AltoscopeNetworkMap *map);
const char          *altoscope_network_map_lookup           (AltoscopeNetworkMap *map,
                                                             GInetAddress        *address,
                                                             guint               *prefix_len);

gboolean             altoscope_network_map_pid_name_ok      (const char  *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AltoscopeNetworkMap, altoscope_network_map_free)

G_END_DECLS
