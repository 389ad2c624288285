/* altoscope-tls-trust.h: what a check trusts — the system's CAs, then a
 * person's CA file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ALTOSCOPE_TYPE_TLS_TRUST (altoscope_tls_trust_get_type ())

G_DECLARE_FINAL_TYPE (AltoscopeTlsTrust, altoscope_tls_trust, ALTOSCOPE, TLS_TRUST, GTlsDatabase)

GTlsDatabase *altoscope_tls_trust_new  (GTlsDatabase *extra);
void          altoscope_tls_trust_warm (void);

G_END_DECLS
