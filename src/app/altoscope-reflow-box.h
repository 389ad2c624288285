/* altoscope-reflow-box.h: two children side by side, or the second under
 * the first when the width is too narrow for both
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ALTOSCOPE_TYPE_REFLOW_BOX (altoscope_reflow_box_get_type ())

G_DECLARE_FINAL_TYPE (AltoscopeReflowBox, altoscope_reflow_box, ALTOSCOPE, REFLOW_BOX, GtkWidget)

gboolean altoscope_reflow_box_get_stacked (AltoscopeReflowBox *self);

G_END_DECLS
