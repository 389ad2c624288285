/* altoscope-row-box.h: a box whose width never depends on its height
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ALTOSCOPE_TYPE_ROW_BOX (altoscope_row_box_get_type ())

G_DECLARE_FINAL_TYPE (AltoscopeRowBox, altoscope_row_box, ALTOSCOPE, ROW_BOX, GtkWidget)

GtkWidget *altoscope_row_box_new (GtkOrientation orientation,
                                  int            spacing);

G_END_DECLS
