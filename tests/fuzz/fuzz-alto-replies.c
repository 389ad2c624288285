/* libFuzzer harness: an ALTO server's answer to a query (an EPS, ECS or
 * cost map reply), read as altoscope-endpoint-query.c reads it: the
 * bounded JSON reader, then every reader of altoscope-alto-replies.c with
 * fixed questions (addresses of both families, PIDs, both cost modes).
 * An input starting with "{ " is read as an RFC 9240 property map.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <glib.h>

#include "altoscope-alto-replies.h"
#include "altoscope-json.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
costs (JsonNode     *root,
       GInetAddress *a,
       GInetAddress *b)
{
  static const char *modes[] = { "numerical", "ordinal", "array" };

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_autoptr(GError) e1 = NULL;
      g_autoptr(GError) e2 = NULL;
      double v = 0;

      if (altoscope_alto_read_endpoint_cost (root, modes[m], a, b, &v, &e1))
        g_assert (e1 == NULL && (m != 1 || v >= 0));
      else
        g_assert (e1 != NULL && e1->message != NULL);
      if (altoscope_alto_read_map_cost (root, modes[m], "p1", "p2", &v, &e2))
        g_assert (e2 == NULL);
      else
        g_assert (e2 != NULL);
      altoscope_alto_read_cost_type (root, modes[m], "routingcost", NULL);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(JsonNode) root = altoscope_json_parse ((const char *) data, size, NULL);
  g_autoptr(GPtrArray) a = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *vtag = NULL;
  char **pids;

  if (root == NULL)
    return 0;
  g_ptr_array_add (a, g_inet_address_new_from_string ("192.0.2.1"));
  g_ptr_array_add (a, g_inet_address_new_from_string ("2001:db8::1"));
  pids = altoscope_alto_read_endpoint_pids (root, data[0] == '{' && size > 1 && data[1] == ' '
                                                  ? "property-map" : "endpoint-properties",
                                            "m.pid", a, &error);
  g_assert ((pids == NULL) == (error != NULL));
  for (guint i = 0; pids != NULL && i < a->len; i++)
    {
      g_assert (pids[i] == NULL || *pids[i] != '\0');
      g_free (pids[i]);
    }
  g_free (pids);
  vtag = altoscope_alto_dependent_vtag (root, "m");
  altoscope_alto_error_code (root);
  costs (root, a->pdata[0], a->pdata[1]);
  return 0;
}
