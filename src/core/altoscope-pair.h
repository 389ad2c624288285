/* altoscope-pair.h: discovery for one (interface, family) pair
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "altoscope-link.h"
#include "altoscope-overrides.h"
#include "altoscope-resolver.h"
#include "altoscope-target.h"

G_BEGIN_DECLS

AltoscopeTarget *altoscope_pair_prepare     (AltoscopeLink       *link,
                                             AltoscopeFamily      family,
                                             AltoscopeOverrides  *overrides,
                                             guint                timeout_ms,
                                             AltoscopeResolver  **resolver);
char            *altoscope_pair_fingerprint (AltoscopeLink       *link,
                                             AltoscopeFamily      family,
                                             AltoscopeOverrides  *overrides);
AltoscopeTarget *altoscope_default_prepare  (AltoscopeOverrides  *overrides,
                                             guint                timeout_ms,
                                             AltoscopeResolver  **resolver);

G_END_DECLS
