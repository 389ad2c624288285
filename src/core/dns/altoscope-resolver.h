/* altoscope-resolver.h: a set of DNS servers to ask, in the GLib main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "altoscope-dns-answer.h"
#include "altoscope-transport.h"

G_BEGIN_DECLS

#define ALTOSCOPE_TYPE_RESOLVER (altoscope_resolver_get_type ())
#define ALTOSCOPE_DNS_UDP_SIZE 1232   /* DNS Flag Day 2020: no IP fragmentation */
#define ALTOSCOPE_DEFAULT_TIMEOUT_MS 5000

G_DECLARE_FINAL_TYPE (AltoscopeResolver, altoscope_resolver, ALTOSCOPE, RESOLVER, GObject)

AltoscopeResolver  *altoscope_resolver_new              (const char * const  *servers,
                                                         const char          *interface,
                                                         guint                timeout_ms,
                                                         GError             **error);
const char * const *altoscope_resolver_get_servers      (AltoscopeResolver   *self);
gboolean            altoscope_resolver_get_uses_system  (AltoscopeResolver   *self);
gboolean            altoscope_resolver_get_all_loopback (AltoscopeResolver   *self);
const char         *altoscope_resolver_get_interface    (AltoscopeResolver   *self);

void                altoscope_resolver_query_async      (AltoscopeResolver   *self,
                                                         const char          *name,
                                                         guint16              type,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
AltoscopeDnsAnswer *altoscope_resolver_query_finish     (AltoscopeResolver   *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

G_END_DECLS
