/* altoscope-info-row.h: a row of text, with an icon or actions, drawn as
 * AdwActionRow draws it and laid out from its width alone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ALTOSCOPE_TYPE_INFO_ROW (altoscope_info_row_get_type ())

G_DECLARE_FINAL_TYPE (AltoscopeInfoRow, altoscope_info_row, ALTOSCOPE, INFO_ROW, AdwPreferencesRow)

GtkWidget  *altoscope_info_row_new          (void);
const char *altoscope_info_row_get_subtitle (AltoscopeInfoRow *self);
void        altoscope_info_row_set_subtitle (AltoscopeInfoRow *self,
                                             const char       *subtitle);
void        altoscope_info_row_add_prefix   (AltoscopeInfoRow *self,
                                             GtkWidget        *widget);
void        altoscope_info_row_add_suffix   (AltoscopeInfoRow *self,
                                             GtkWidget        *widget);

G_END_DECLS
