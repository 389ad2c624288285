/* altoscope-report-read.h: one target of an altoscope-report/1 read back
 * from its JSON, as untrusted input (altoscope-report-file.h reads the
 * whole report)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "altoscope-json-reader.h"
#include "altoscope-target.h"

G_BEGIN_DECLS

/* Bounds of what one target may hold: what the writer can write (the
 * discovery's own bounds, altoscope-discovery.h), with room to spare
 * where the writer has no bound of its own. */
#define ALTOSCOPE_REPORT_MAX_URIS       64     /* ALTOSCOPE_MAX_URIS */
#define ALTOSCOPE_REPORT_MAX_RECORDS    192    /* ALTOSCOPE_MAX_RECORDS_SHOWN + the URIs' */
#define ALTOSCOPE_REPORT_MAX_ANSWERS    1024   /* 64 NAPTR queries, 64 hosts × 2, retries */
#define ALTOSCOPE_REPORT_MAX_TRACE      8192
#define ALTOSCOPE_REPORT_MAX_WARNINGS   1024
#define ALTOSCOPE_REPORT_MAX_SMALL      64     /* addresses, resolvers, attempts, EDEs, … */

AltoscopeTarget *altoscope_target_read_json (AltoscopeJsonReader *reader,
                                             JsonObject          *object);

G_END_DECLS
