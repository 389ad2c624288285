/* altoscope-sidebar-row.h: one interface, VPN or the default domain in
 * the sidebar, bound to its link and its pairs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "altoscope-report-entry.h"
#include "altoscope-scheduler.h"

G_BEGIN_DECLS

#define ALTOSCOPE_TYPE_SIDEBAR_ROW (altoscope_sidebar_row_get_type ())
#define ALTOSCOPE_DEFAULT_ENTRY ALTOSCOPE_SCHEDULER_DEFAULT_KEY

G_DECLARE_FINAL_TYPE (AltoscopeSidebarRow, altoscope_sidebar_row, ALTOSCOPE, SIDEBAR_ROW,
                      GtkListBoxRow)

GtkWidget     *altoscope_sidebar_row_new      (AltoscopeScheduler  *scheduler,
                                               AltoscopeLink       *link);
GtkWidget     *altoscope_sidebar_row_new_for_report (AltoscopeReportEntry *entry);
AltoscopeReportEntry *
               altoscope_sidebar_row_get_report_entry (AltoscopeSidebarRow *self);
const char    *altoscope_sidebar_row_get_key  (AltoscopeSidebarRow *self);
AltoscopeLink *altoscope_sidebar_row_get_link (AltoscopeSidebarRow *self);
gboolean       altoscope_sidebar_row_matches  (AltoscopeSidebarRow *self,
                                               const char          *name_or_uuid);

G_END_DECLS
