/* altoscope-expander.h: an expander row whose rows cost nothing while it
 * is closed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void altoscope_expander_row_measure_open_only (AdwExpanderRow *row,
                                               GtkWidget      *inside);

G_END_DECLS
