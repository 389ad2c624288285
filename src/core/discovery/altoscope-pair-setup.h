/* altoscope-pair-setup.h: what one discovery of an (interface, family)
 * pair is set up with: step 1's domain (RFC 7286 §3.1), then the transport
 * for step 2; and the fingerprint of those inputs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "altoscope-dhcp-answer.h"
#include "altoscope-link.h"
#include "altoscope-overrides.h"
#include "altoscope-resolver.h"
#include "altoscope-target.h"

G_BEGIN_DECLS

AltoscopeTarget *altoscope_pair_prepare     (AltoscopeLink             *link,
                                             AltoscopeFamily            family,
                                             AltoscopeOverrides        *overrides,
                                             AltoscopeDhcpAnswer       *asked,
                                             guint                      timeout_ms,
                                             AltoscopeTransportFactory  factory,
                                             gpointer                   factory_data,
                                             AltoscopeTransport       **transport);
char            *altoscope_pair_fingerprint (AltoscopeLink       *link,
                                             AltoscopeFamily      family,
                                             AltoscopeOverrides  *overrides,
                                             AltoscopeDhcpAnswer *asked);
AltoscopeTarget *altoscope_default_prepare  (AltoscopeOverrides        *overrides,
                                             guint                      timeout_ms,
                                             AltoscopeTransportFactory  factory,
                                             gpointer                   factory_data,
                                             AltoscopeTransport       **transport);
AltoscopeTransport *altoscope_resolver_factory (const char * const  *servers,
                                                const char          *interface,
                                                guint                timeout_ms,
                                                gpointer             user_data,
                                                GError             **error);

G_END_DECLS
