/* altoscope-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "altoscope-report-file.h"
#include "altoscope-family-view.h"
#include "altoscope-nm-model.h"
#include "altoscope-scheduler.h"

G_BEGIN_DECLS

#define ALTOSCOPE_TYPE_WINDOW (altoscope_window_get_type ())

G_DECLARE_FINAL_TYPE (AltoscopeWindow, altoscope_window, ALTOSCOPE, WINDOW, AdwApplicationWindow)

AltoscopeWindow     *altoscope_window_new      (AdwApplication     *app,
                                                AltoscopeNmModel   *model,
                                                AltoscopeScheduler   *scheduler,
                                                AltoscopeOverrides *overrides);

void                 altoscope_window_set_wanted (AltoscopeWindow *self,
                                                  const char      *name);

/* For tests and the screenshot script. */
gboolean             altoscope_window_select   (AltoscopeWindow    *self,
                                                const char         *name);
AltoscopeFamilyView *altoscope_window_get_view (AltoscopeWindow    *self,
                                                AltoscopeFamily     family);
guint                altoscope_window_get_n_entries (AltoscopeWindow *self);
guint                altoscope_window_get_n_dhcp_rows (AltoscopeWindow *self);
const char          *altoscope_window_get_nm_text (AltoscopeWindow *self);
const char          *altoscope_window_get_caveat (AltoscopeWindow *self);
gboolean             altoscope_window_get_page_shown (AltoscopeWindow *self);
char                *altoscope_window_dup_report_text (AltoscopeWindow *self);

const char      *altoscope_window_get_last_toast (AltoscopeWindow *self);
AltoscopeReportFile *altoscope_window_get_report (AltoscopeWindow *self,
                                                  guint            index);
void             altoscope_window_open_files (AltoscopeWindow  *self,
                                              GFile           **files,
                                              guint             n_files);

G_END_DECLS
