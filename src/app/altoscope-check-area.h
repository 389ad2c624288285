/* altoscope-check-area.h: a server check's verdict, under its URI row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "altoscope-check.h"

G_BEGIN_DECLS

GtkWidget *altoscope_check_area_new      (void);
void       altoscope_check_area_show     (GtkWidget      *area,
                                          AltoscopeCheck *check,
                                          gboolean        checking);
char      *altoscope_check_area_dup_text (GtkWidget      *area);

G_END_DECLS
