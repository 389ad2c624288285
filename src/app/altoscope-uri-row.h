/* altoscope-uri-row.h: one ranked URI, with its DNSSEC status, Copy, Check
 * and the check's verdict under it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "altoscope-uri-item.h"

G_BEGIN_DECLS

#define ALTOSCOPE_TYPE_URI_ROW (altoscope_uri_row_get_type ())

G_DECLARE_FINAL_TYPE (AltoscopeUriRow, altoscope_uri_row, ALTOSCOPE, URI_ROW, GtkListBoxRow)

GtkWidget        *altoscope_uri_row_new             (AltoscopeUriItem *item,
                                                     const char       *pair_key);
AltoscopeUriItem *altoscope_uri_row_get_item        (AltoscopeUriRow  *self);
void              altoscope_uri_row_set_target      (AltoscopeUriRow  *self,
                                                     AltoscopeTarget  *target);
void              altoscope_uri_row_set_checkable   (AltoscopeUriRow  *self,
                                                     gboolean          checkable);
GtkLabel         *altoscope_uri_row_get_uri_label   (AltoscopeUriRow  *self);
GtkWidget        *altoscope_uri_row_get_check_button (AltoscopeUriRow *self);
char             *altoscope_uri_row_dup_check_text  (AltoscopeUriRow  *self);
gboolean          altoscope_uri_row_get_stacked     (AltoscopeUriRow  *self);
const char       *altoscope_uri_row_get_check_state (AltoscopeUriRow  *self);
const char       *altoscope_uri_row_get_badge_text  (AltoscopeUriRow  *self);

G_END_DECLS
