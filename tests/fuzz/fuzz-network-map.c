/* libFuzzer harness: an ALTO network map's body as received, read as a
 * check will read it (altoscope_network_map_parse_text: the bounded JSON
 * reader, then every PID name and prefix judged), and, when it is
 * accepted, a few addresses matched against it.
 *
 * Input: the body (run-fuzzer.sh's default -max_len of 4096 bytes: the
 * PID and prefix bounds are out of reach there and are unit-tested).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <glib.h>

#include "altoscope-network-map.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
match (AltoscopeNetworkMap *map,
       const guint8        *bytes,
       GSocketFamily        family)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_bytes (bytes, family);
  guint len = G_MAXUINT;
  const char *pid = altoscope_network_map_lookup (map, address, &len);

  if (pid == NULL)
    g_assert (len == G_MAXUINT);
  else
    g_assert (len <= (family == G_SOCKET_FAMILY_IPV4 ? 32u : 128u) && *pid != '\0');
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeNetworkMap) map = altoscope_network_map_parse_text ((const char *) data,
                                                                         size, &error);
  static const guint8 fixed[][16] = {
    { 192, 0, 2, 132 }, { 0 }, { 255, 255, 255, 255 },
    { 0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 5 },
  };
  guint8 from_input[16] = { 0 };

  if (map == NULL)
    {
      g_assert (error != NULL && error->message != NULL);
      return 0;
    }
  g_assert (error == NULL);
  g_assert (altoscope_network_map_get_resource_id (map) != NULL);
  g_assert (altoscope_network_map_get_vtag (map) != NULL);
  g_assert (altoscope_network_map_get_n_pids (map) <= ALTOSCOPE_NETWORK_MAP_MAX_PIDS);
  g_assert (altoscope_network_map_get_n_prefixes (map) <= ALTOSCOPE_NETWORK_MAP_MAX_PREFIXES);
  memcpy (from_input, data + size - MIN (size, 16), MIN (size, 16));
  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    {
      match (map, fixed[i], G_SOCKET_FAMILY_IPV4);
      match (map, fixed[i], G_SOCKET_FAMILY_IPV6);
    }
  match (map, from_input, G_SOCKET_FAMILY_IPV4);
  match (map, from_input, G_SOCKET_FAMILY_IPV6);
  return 0;
}
