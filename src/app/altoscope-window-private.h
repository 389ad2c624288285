/* altoscope-window-private.h: what the window's parts share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "altoscope-report-entry.h"
#include "altoscope-window.h"

G_BEGIN_DECLS

AltoscopeScheduler *_altoscope_window_get_scheduler   (AltoscopeWindow *self);
AltoscopeNmModel   *_altoscope_window_get_model       (AltoscopeWindow *self);
AltoscopeOverrides *_altoscope_window_get_overrides   (AltoscopeWindow *self);
AltoscopeLink      *_altoscope_window_get_selected_link (AltoscopeWindow *self);
AltoscopeBackoff   *_altoscope_window_get_address_backoff (AltoscopeWindow *self);
void                _altoscope_window_toast           (AltoscopeWindow *self,
                                                       const char      *text);
void                _altoscope_window_refresh_selected (AltoscopeWindow *self);
void                _altoscope_window_install_actions (GtkWidgetClass  *widget_class);

/* Reports someone sent (altoscope-window-reports.c). */
GListStore         *_altoscope_window_get_report_entries (AltoscopeWindow *self);
GCancellable       *_altoscope_window_get_loading     (AltoscopeWindow *self);
AltoscopeReportEntry *
                    _altoscope_window_get_selected_report (AltoscopeWindow *self);
void                _altoscope_window_select_key      (AltoscopeWindow *self,
                                                       const char      *key);
void                _altoscope_window_setup_reports   (AltoscopeWindow *self);
void                _altoscope_window_report_header_cb (GtkListBoxRow  *row,
                                                        GtkListBoxRow  *before,
                                                        gpointer        data);
void                _altoscope_window_install_report_actions (GtkWidgetClass *widget_class);

G_END_DECLS
