/* altoscope-compare-window.h: what a report says beside what this computer
 * sees now
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "altoscope-report-entry.h"
#include "altoscope-scheduler.h"

G_BEGIN_DECLS

GtkWindow *altoscope_compare_window_new      (GtkWindow            *parent,
                                              AltoscopeReportEntry *entry,
                                              AltoscopeScheduler   *scheduler);
guint      altoscope_compare_window_get_n_differences (GtkWindow *window);

G_END_DECLS
