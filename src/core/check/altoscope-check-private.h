/* altoscope-check-private.h: what the check shares with its words (the
 * bounds of what it fetches are in altoscope-check-fetch.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "altoscope-check-fetch.h"

G_BEGIN_DECLS

GStrv _altoscope_check_tls_flag_names     (GTlsCertificateFlags flags);
char *_altoscope_check_tls_flags_sentence (GTlsCertificateFlags flags);

G_END_DECLS
