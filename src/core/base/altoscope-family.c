/* altoscope-family.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "altoscope-family.h"

G_DEFINE_ENUM_TYPE (AltoscopeFamily, altoscope_family,
                    G_DEFINE_ENUM_VALUE (ALTOSCOPE_FAMILY_IPV4, "ipv4"),
                    G_DEFINE_ENUM_VALUE (ALTOSCOPE_FAMILY_IPV6, "ipv6"))

const char *
altoscope_family_to_string (AltoscopeFamily family)
{
  return family == ALTOSCOPE_FAMILY_IPV6 ? "ipv6" : "ipv4";
}

/* As people write it ("IPv4"), for the window and the terminal; the same
 * in every language. */
const char *
altoscope_family_to_label (AltoscopeFamily family)
{
  return family == ALTOSCOPE_FAMILY_IPV6 ? "IPv6" : "IPv4";
}

gboolean
altoscope_family_from_string (const char      *str,
                              AltoscopeFamily *family)
{
  if (g_strcmp0 (str, "ipv4") == 0)
    *family = ALTOSCOPE_FAMILY_IPV4;
  else if (g_strcmp0 (str, "ipv6") == 0)
    *family = ALTOSCOPE_FAMILY_IPV6;
  else
    return FALSE;
  return TRUE;
}
