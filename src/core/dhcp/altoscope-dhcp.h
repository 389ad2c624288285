/* altoscope-dhcp.h: the ALTO-relevant DHCP options as NetworkManager reports them
 *
 * Pure functions: no I/O.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "altoscope-family.h"

G_BEGIN_DECLS

typedef struct
{
  int option;        /* 15, 213 (DHCPv4) or 57 (DHCPv6) */
  char *key;         /* NetworkManager's name for it */
  char *raw;         /* as NetworkManager reports it (may be hostile: show it escaped) */
  char *form;        /* "text", "wire-hex" */
  char *domain;      /* decoded and normalized; NULL when malformed */
  char *error;       /* translated: why it is malformed; NULL when fine */
  char *note;        /* translated: e.g. "several names; the first is used" */
} AltoscopeDhcpValue;

void                altoscope_dhcp_value_free       (AltoscopeDhcpValue *value);
void                altoscope_dhcp_value_add_json   (JsonBuilder              *b,
                                                     const AltoscopeDhcpValue *value);

int                 altoscope_dhcp_option_for_key   (const char      *key,
                                                     AltoscopeFamily  family);
AltoscopeDhcpValue *altoscope_dhcp_value_decode     (int              option,
                                                     const char      *key,
                                                     const char      *raw);
AltoscopeDhcpValue *altoscope_dhcp_value_decode_bytes (int           option,
                                                       const char   *key,
                                                       const guint8 *data,
                                                       gsize         len);
GPtrArray          *altoscope_dhcp_find_alto_values (GHashTable      *options,
                                                     AltoscopeFamily  family);
const char        **altoscope_dhcp_sorted_keys      (GHashTable      *options,
                                                     guint           *n_keys);
char               *altoscope_dhcp_decode_wire_hex  (const char      *hex,
                                                     GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AltoscopeDhcpValue, altoscope_dhcp_value_free)

G_END_DECLS
