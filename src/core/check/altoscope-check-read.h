/* altoscope-check-read.h: a check's verdict read back from its
 * altoscope-check/1 JSON (inside a report someone sent), as untrusted input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "altoscope-check.h"
#include "altoscope-json-reader.h"

G_BEGIN_DECLS

/* our choice: far more than a check makes (3 redirects, one directory of
 * a few dozen resources, 16 addresses and 8 cost types asked) */
#define ALTOSCOPE_CHECK_READ_MAX_ITEMS 4096

AltoscopeCheck *altoscope_check_read_json (AltoscopeJsonReader *reader,
                                           JsonObject          *object);

G_END_DECLS
