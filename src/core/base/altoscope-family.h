/* altoscope-family.h: an address family, as RFC 7286 pairs it with an
 * interface
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The string forms ("ipv4", "ipv6") are part of the JSON contracts. */
typedef enum
{
  ALTOSCOPE_FAMILY_IPV4,
  ALTOSCOPE_FAMILY_IPV6,
} AltoscopeFamily;

#define ALTOSCOPE_N_FAMILIES 2
#define ALTOSCOPE_TYPE_FAMILY (altoscope_family_get_type ())

GType       altoscope_family_get_type    (void) G_GNUC_CONST;
const char *altoscope_family_to_string   (AltoscopeFamily  family);
const char *altoscope_family_to_label    (AltoscopeFamily  family);
gboolean    altoscope_family_from_string (const char      *str,
                                          AltoscopeFamily *family);

G_END_DECLS
