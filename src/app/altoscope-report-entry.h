/* altoscope-report-entry.h: one interface of a report someone sent, as an
 * entry of the window's sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "altoscope-report-file.h"

G_BEGIN_DECLS

#define ALTOSCOPE_TYPE_REPORT_ENTRY (altoscope_report_entry_get_type ())

G_DECLARE_FINAL_TYPE (AltoscopeReportEntry, altoscope_report_entry, ALTOSCOPE, REPORT_ENTRY,
                      GObject)

AltoscopeReportEntry *altoscope_report_entry_new        (AltoscopeReportFile  *report,
                                                         const char           *name,
                                                         AltoscopeLink        *link);
AltoscopeReportFile  *altoscope_report_entry_get_report (AltoscopeReportEntry *self);
AltoscopeLink        *altoscope_report_entry_get_link   (AltoscopeReportEntry *self);
const char           *altoscope_report_entry_get_name   (AltoscopeReportEntry *self);
char                 *altoscope_report_entry_dup_key    (AltoscopeReportEntry *self);

G_END_DECLS
