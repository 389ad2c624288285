/* altoscope-standing-box.h: under a valid check, where this computer stands
 * in the server's network map, and the cost to a peer, asked in place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "altoscope-check.h"

G_BEGIN_DECLS

#define ALTOSCOPE_TYPE_STANDING_BOX (altoscope_standing_box_get_type ())

G_DECLARE_FINAL_TYPE (AltoscopeStandingBox, altoscope_standing_box, ALTOSCOPE, STANDING_BOX,
                      GtkBox)

GtkWidget *altoscope_standing_box_new (AltoscopeCheck *check);

G_END_DECLS
