/* altoscope-alto-replies.h: what an ALTO server's answers to a client's
 * questions say (RFC 7285 §11.2.3, §11.4.1, §11.5.1), read from parsed
 * JSON that came from the network
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ALTOSCOPE_MEDIA_COST_MAP        "application/alto-costmap+json"
#define ALTOSCOPE_MEDIA_EPS             "application/alto-endpointprop+json"
#define ALTOSCOPE_MEDIA_EPS_PARAMS      "application/alto-endpointpropparams+json"
#define ALTOSCOPE_MEDIA_ECS             "application/alto-endpointcost+json"
#define ALTOSCOPE_MEDIA_ECS_PARAMS      "application/alto-endpointcostparams+json"
#define ALTOSCOPE_MEDIA_PROPMAP         "application/alto-propmap+json"        /* RFC 9240 */
#define ALTOSCOPE_MEDIA_PROPMAP_PARAMS  "application/alto-propmapparams+json"

char         *altoscope_alto_typed_address       (GInetAddress  *address);
GInetAddress *altoscope_alto_parse_typed_address (const char    *text);
const char   *altoscope_alto_error_code          (JsonNode      *root);
gboolean      altoscope_alto_cost_value          (JsonNode      *node,
                                                  const char    *mode,
                                                  double        *value,
                                                  GError       **error);
char         *altoscope_alto_dependent_vtag      (JsonNode      *root,
                                                  const char    *resource_id);
gboolean      altoscope_alto_read_cost_type      (JsonNode      *root,
                                                  const char    *mode,
                                                  const char    *metric,
                                                  GError       **error);

typedef struct _AltoscopeAltoCosts AltoscopeAltoCosts;

GHashTable   *altoscope_alto_address_index       (JsonObject    *object);
AltoscopeAltoCosts *
              altoscope_alto_endpoint_costs_new  (JsonNode      *root,
                                                  GError       **error);
gboolean      altoscope_alto_endpoint_costs_get  (AltoscopeAltoCosts *costs,
                                                  const char    *mode,
                                                  GInetAddress  *from,
                                                  GInetAddress  *to,
                                                  double        *value,
                                                  GError       **error);
void          altoscope_alto_endpoint_costs_free (AltoscopeAltoCosts *costs);
char        **altoscope_alto_read_endpoint_pids  (JsonNode      *root,
                                                  const char    *container,
                                                  const char    *property,
                                                  GPtrArray     *addresses,
                                                  GError       **error);
gboolean      altoscope_alto_read_endpoint_cost  (JsonNode      *root,
                                                  const char    *mode,
                                                  GInetAddress  *from,
                                                  GInetAddress  *to,
                                                  double        *value,
                                                  GError       **error);
gboolean      altoscope_alto_read_map_cost       (JsonNode      *root,
                                                  const char    *mode,
                                                  const char    *from_pid,
                                                  const char    *to_pid,
                                                  double        *value,
                                                  GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AltoscopeAltoCosts, altoscope_alto_endpoint_costs_free)

G_END_DECLS
