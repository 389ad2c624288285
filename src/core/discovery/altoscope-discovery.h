/* altoscope-discovery.h: RFC 7286 step 2, U-NAPTR resolution for one domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "altoscope-backoff.h"
#include "altoscope-transport.h"
#include "altoscope-target.h"

G_BEGIN_DECLS

#define ALTOSCOPE_MAX_HOPS 8          /* our choice: non-terminal records followed at most */
#define ALTOSCOPE_MAX_NAPTR_QUERIES 64 /* our choice: a hostile zone's fan-out is bounded */
#define ALTOSCOPE_MAX_HOSTS 64         /* our choice: distinct hosts resolved at most */
#define ALTOSCOPE_MAX_URIS 64          /* our choice: URIs kept in a report; as many as hosts
                                        * are resolved, so every one kept can be complete */
#define ALTOSCOPE_MAX_RECORDS_SHOWN 128 /* our choice: other records kept: twice the URIs, so
                                         * a zone's mistakes beside its URIs still show */

typedef enum
{
  ALTOSCOPE_DISCOVERY_NONE = 0,
  ALTOSCOPE_DISCOVERY_IGNORE_BACKOFF = 1 << 0,
} AltoscopeDiscoveryFlags;

void             altoscope_discover_async  (AltoscopeTransport      *transport,
                                            AltoscopeBackoff        *backoff,
                                            AltoscopeTarget         *target,
                                            AltoscopeDiscoveryFlags  flags,
                                            GCancellable            *cancellable,
                                            GAsyncReadyCallback      callback,
                                            gpointer                 user_data);
AltoscopeTarget *altoscope_discover_finish (GAsyncResult            *result,
                                            GError                 **error);

G_END_DECLS
