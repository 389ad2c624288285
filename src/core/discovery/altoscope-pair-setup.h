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
#include "altoscope-validator.h"

G_BEGIN_DECLS

/* How step 2's transport is made.  With @factory (a test scripts it), by
 * it; else the program's own: the validating transport (libunbound, from
 * the root's trust anchor and @anchor_files) when @validate, the plain
 * c-ares resolver otherwise, or when validation cannot be set up. */
typedef struct
{
  AltoscopeTransportFactory factory;
  gpointer factory_data;
  gboolean validate;
  const char * const *anchor_files;     /* besides the root's */
  AltoscopeValidatorFlags validator_flags;
  guint timeout_ms;
} AltoscopeTransportSetup;

AltoscopeTransport *altoscope_transport_setup_make (const AltoscopeTransportSetup *setup,
                                                    const char * const  *servers,
                                                    const char          *interface,
                                                    const char * const  *source_addresses,
                                                    char               **no_validation,
                                                    GError             **error);

AltoscopeTarget *altoscope_pair_prepare     (AltoscopeLink             *link,
                                             AltoscopeFamily            family,
                                             AltoscopeOverrides        *overrides,
                                             AltoscopeDhcpAnswer       *asked,
                                             const AltoscopeTransportSetup *setup,
                                             AltoscopeTransport       **transport);
char            *altoscope_pair_fingerprint (AltoscopeLink       *link,
                                             AltoscopeFamily      family,
                                             AltoscopeOverrides  *overrides,
                                             AltoscopeDhcpAnswer *asked);
AltoscopeTarget *altoscope_default_prepare  (AltoscopeOverrides        *overrides,
                                             const AltoscopeTransportSetup *setup,
                                             AltoscopeTransport       **transport);
AltoscopeTransport *altoscope_resolver_factory (const char * const  *servers,
                                                const char          *interface,
                                                guint                timeout_ms,
                                                gpointer             user_data,
                                                GError             **error);

G_END_DECLS
