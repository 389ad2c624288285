/* altoscope-overrides.h: domains the user sets, per interface, connection, family
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "altoscope-domain-source.h"
#include "altoscope-link.h"

G_BEGIN_DECLS

#define ALTOSCOPE_TYPE_OVERRIDES (altoscope_overrides_get_type ())

G_DECLARE_FINAL_TYPE (AltoscopeOverrides, altoscope_overrides, ALTOSCOPE, OVERRIDES, GObject)

typedef enum
{
  ALTOSCOPE_SCOPE_DEFAULT,
  ALTOSCOPE_SCOPE_INTERFACE,
  ALTOSCOPE_SCOPE_CONNECTION,
} AltoscopeScope;

const char *altoscope_overrides_scope_for_link (AltoscopeLink  *link,
                                               AltoscopeScope *scope);

AltoscopeOverrides *altoscope_overrides_new          (GSettings           *settings);
GSettings          *altoscope_overrides_get_settings (AltoscopeOverrides  *self);
AltoscopeOverrides *altoscope_overrides_new_default  (GError             **error);
char               *altoscope_overrides_lookup       (AltoscopeOverrides  *self,
                                                      const char          *interface,
                                                      const char          *connection_uuid,
                                                      AltoscopeFamily      family,
                                                      AltoscopeDomainSource *source);
gboolean            altoscope_overrides_set          (AltoscopeOverrides  *self,
                                                      AltoscopeScope       scope,
                                                      const char          *key,
                                                      const AltoscopeFamily *family,
                                                      const char          *domain,
                                                      GError             **error);
gboolean            altoscope_overrides_clear        (AltoscopeOverrides  *self,
                                                      AltoscopeScope       scope,
                                                      const char          *key,
                                                      const AltoscopeFamily *family);
GPtrArray          *altoscope_overrides_list         (AltoscopeOverrides  *self);
char               *altoscope_overrides_get          (AltoscopeOverrides  *self,
                                                      AltoscopeScope       scope,
                                                      const char          *key,
                                                      const AltoscopeFamily *family);

typedef struct
{
  AltoscopeScope scope;
  char *key;              /* interface name or connection UUID; NULL for the default */
  char *family;           /* "ipv4", "ipv6" or NULL for both */
  char *domain;
} AltoscopeOverrideEntry;

void altoscope_override_entry_free (AltoscopeOverrideEntry *entry);
const char *altoscope_scope_to_string (AltoscopeScope scope);

G_END_DECLS
