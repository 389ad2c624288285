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

/* A pair's transport, kept from one run to the next (the pair owns it,
 * schedule/altoscope-pair.c): the validator's libunbound cache holds the
 * chain it proved (DNSKEY, DS up to the anchor), so a rediscovery does not
 * fetch it again (issue 17, item 4).  It is used again only while what it
 * was made from is the same (@fingerprint: the servers, the interface, the
 * source addresses and the AltoscopeTransportSetup); a transport that could
 * not be made is not kept. */
typedef struct
{
  AltoscopeTransport *transport;
  char *fingerprint;
  char *no_validation;          /* why validation could not be set up, or NULL */
} AltoscopeKeptTransport;

void altoscope_kept_transport_clear (AltoscopeKeptTransport *kept);

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
                                             AltoscopeKeptTransport    *kept,
                                             AltoscopeTransport       **transport);
char            *altoscope_pair_fingerprint (AltoscopeLink       *link,
                                             AltoscopeFamily      family,
                                             AltoscopeOverrides  *overrides,
                                             AltoscopeDhcpAnswer *asked);
AltoscopeTarget *altoscope_default_prepare  (AltoscopeOverrides        *overrides,
                                             const AltoscopeTransportSetup *setup,
                                             AltoscopeKeptTransport    *kept,
                                             AltoscopeTransport       **transport);
AltoscopeTransport *altoscope_resolver_factory (const char * const  *servers,
                                                const char          *interface,
                                                guint                timeout_ms,
                                                gpointer             user_data,
                                                GError             **error);

G_END_DECLS
