/* altoscope-cross-domain.h: RFC 8686 cross-domain discovery, the ALTO
 * server for any IP address or prefix, through the reverse DNS tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "altoscope-backoff.h"
#include "altoscope-discovery.h"
#include "altoscope-reverse-name.h"
#include "altoscope-target.h"
#include "altoscope-transport.h"

G_BEGIN_DECLS

AltoscopeReverseOutcome altoscope_cross_domain_outcome (AltoscopeTarget *target,
                                                        gboolean        *remembered);

void             altoscope_discover_address_async  (AltoscopeTransport      *transport,
                                                    AltoscopeBackoff        *backoff,
                                                    const char              *address,
                                                    AltoscopeDiscoveryFlags  flags,
                                                    GCancellable            *cancellable,
                                                    GAsyncReadyCallback      callback,
                                                    gpointer                 user_data);
AltoscopeTarget *altoscope_discover_address_finish (GAsyncResult            *result,
                                                    GError                 **error);

G_END_DECLS
