/* altoscope-tooltip.h: a tooltip set without asking the display server
 * where the pointer is
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void altoscope_widget_set_tooltip (GtkWidget  *widget,
                                   const char *text);

G_END_DECLS
