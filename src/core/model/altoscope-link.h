/* altoscope-link.h: what is known of one interface or VPN, for discovery
 *
 * A plain snapshot, filled by the NetworkManager adapter (src/nm) or by
 * tests; the core never talks to NetworkManager itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "altoscope-family.h"

G_BEGIN_DECLS

/* What NetworkManager says of the interface or VPN, in its own words
 * (the string forms are the `interfaces --json` contract's "state"). */
typedef enum
{
  ALTOSCOPE_LINK_STATE_UNKNOWN,
  ALTOSCOPE_LINK_STATE_UNMANAGED,
  ALTOSCOPE_LINK_STATE_UNAVAILABLE,
  ALTOSCOPE_LINK_STATE_DISCONNECTED,
  ALTOSCOPE_LINK_STATE_CONNECTING,
  ALTOSCOPE_LINK_STATE_CONNECTED,
  ALTOSCOPE_LINK_STATE_DISCONNECTING,
  ALTOSCOPE_LINK_STATE_FAILED,
} AltoscopeLinkState;

#define ALTOSCOPE_TYPE_LINK_STATE (altoscope_link_state_get_type ())
#define ALTOSCOPE_TYPE_LINK (altoscope_link_get_type ())

GType           altoscope_link_state_get_type   (void) G_GNUC_CONST;
const char     *altoscope_link_state_to_string  (AltoscopeLinkState state);

G_DECLARE_FINAL_TYPE (AltoscopeLink, altoscope_link, ALTOSCOPE, LINK, GObject)

AltoscopeLink  *altoscope_link_new              (const char      *name,
                                                 const char      *kind);
const char     *altoscope_link_get_name         (AltoscopeLink   *self);
char           *altoscope_link_dup_key          (AltoscopeLink   *self);
gboolean        altoscope_link_matches          (AltoscopeLink   *self,
                                                 const char      *name_or_uuid);
gboolean        altoscope_link_update_from      (AltoscopeLink   *self,
                                                 AltoscopeLink   *snapshot);
const char     *altoscope_link_get_kind         (AltoscopeLink   *self);
AltoscopeLinkState altoscope_link_get_state     (AltoscopeLink   *self);
void            altoscope_link_set_state        (AltoscopeLink   *self,
                                                 AltoscopeLinkState state);
gboolean        altoscope_link_get_is_vpn       (AltoscopeLink   *self);
const char     *altoscope_link_get_parent       (AltoscopeLink   *self);
void            altoscope_link_set_vpn          (AltoscopeLink   *self,
                                                 const char      *parent);
const char     *altoscope_link_get_ip_interface (AltoscopeLink   *self);
void            altoscope_link_set_ip_interface (AltoscopeLink   *self,
                                                 const char      *ip_interface);
const char     *altoscope_link_get_connection_id   (AltoscopeLink *self);
const char     *altoscope_link_get_connection_uuid (AltoscopeLink *self);
void            altoscope_link_set_connection   (AltoscopeLink   *self,
                                                 const char      *id,
                                                 const char      *uuid);
const char * const *
                altoscope_link_get_addresses    (AltoscopeLink   *self,
                                                 AltoscopeFamily  family);
void            altoscope_link_set_addresses    (AltoscopeLink   *self,
                                                 AltoscopeFamily  family,
                                                 const char * const *addresses);
const char * const *
                altoscope_link_get_dns          (AltoscopeLink   *self,
                                                 AltoscopeFamily  family);
void            altoscope_link_set_dns          (AltoscopeLink   *self,
                                                 AltoscopeFamily  family,
                                                 const char * const *servers);
GHashTable     *altoscope_link_get_dhcp_options (AltoscopeLink   *self,
                                                 AltoscopeFamily  family);
void            altoscope_link_set_dhcp_options (AltoscopeLink   *self,
                                                 AltoscopeFamily  family,
                                                 GHashTable      *options);
char           *altoscope_link_fingerprint      (AltoscopeLink   *self,
                                                 AltoscopeFamily  family,
                                                 gboolean         all_options);
gboolean        altoscope_link_has_ip           (AltoscopeLink   *self,
                                                 AltoscopeFamily  family);
char           *altoscope_link_dup_source_address (AltoscopeLink *self,
                                                 AltoscopeFamily  family);

G_END_DECLS
