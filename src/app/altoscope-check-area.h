/* altoscope-check-area.h: a server check's verdict, under its URI row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "altoscope-check.h"

G_BEGIN_DECLS

#define ALTOSCOPE_TYPE_CHECK_AREA (altoscope_check_area_get_type ())

G_DECLARE_FINAL_TYPE (AltoscopeCheckArea, altoscope_check_area, ALTOSCOPE, CHECK_AREA, GtkBox)

GtkWidget *altoscope_check_area_new      (void);
void       altoscope_check_area_show     (AltoscopeCheckArea *area,
                                          AltoscopeCheck     *check,
                                          gboolean            checking);
char      *altoscope_check_area_dup_text (AltoscopeCheckArea *area);
char      *altoscope_check_area_dup_copy_text (AltoscopeCheckArea *area);

G_END_DECLS
