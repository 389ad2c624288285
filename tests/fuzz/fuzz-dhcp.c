/* libFuzzer harness: a DHCP option value in every form NetworkManager
 * gives it (text, colon hex with or without padding, with a trailing dot).
 *
 * Input: one byte choosing the option (15, 213 or 57), then the value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>

#include "altoscope-dhcp.h"
#include "altoscope-domain.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static const int options[] = { 15, 213, 57 };
  g_autofree char *raw = NULL;
  int option;

  if (size < 1)
    return 0;
  option = options[data[0] % G_N_ELEMENTS (options)];
  raw = g_strndup ((const char *) data + 1, size - 1);

  {
    g_autoptr(AltoscopeDhcpValue) v = altoscope_dhcp_value_decode (option, "fuzz", raw);
    /* Exactly one of a domain and an error; a domain is already normal. */
    if ((v->domain == NULL) == (v->error == NULL))
      __builtin_trap ();
    if (v->error != NULL && !g_utf8_validate (v->error, -1, NULL))
      __builtin_trap ();
    if (v->domain != NULL)
      {
        g_autofree char *again = altoscope_domain_normalize (v->domain, NULL);
        if (g_strcmp0 (again, v->domain) != 0)
          __builtin_trap ();
      }
  }
  g_free (altoscope_dhcp_decode_wire_hex (raw, NULL));
  return 0;
}
