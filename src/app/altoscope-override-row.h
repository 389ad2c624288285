/* altoscope-override-row.h: the domain overrides of one family of one entry,
 * folded into one row, with drafts kept until applied or reverted
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "altoscope-link.h"
#include "altoscope-overrides.h"

G_BEGIN_DECLS

#define ALTOSCOPE_TYPE_OVERRIDE_ROW (altoscope_override_row_get_type ())

G_DECLARE_FINAL_TYPE (AltoscopeOverrideRow, altoscope_override_row, ALTOSCOPE, OVERRIDE_ROW,
                      AdwExpanderRow)

void         altoscope_override_row_bind        (AltoscopeOverrideRow *self,
                                                 AltoscopeLink        *link,
                                                 AltoscopeFamily       family,
                                                 AltoscopeOverrides   *overrides);
void         altoscope_override_row_refresh     (AltoscopeOverrideRow *self);
gboolean     altoscope_override_row_apply       (AltoscopeOverrideRow *self,
                                                 gboolean              this_family,
                                                 const char           *text);
void         altoscope_override_row_clear       (AltoscopeOverrideRow *self,
                                                 gboolean              this_family);
void         altoscope_override_row_revert      (AltoscopeOverrideRow *self,
                                                 gboolean              this_family);
void         altoscope_override_row_start_editing (AltoscopeOverrideRow *self);

/* For tests. */
AdwEntryRow *altoscope_override_row_get_entry   (AltoscopeOverrideRow *self,
                                                 gboolean              this_family,
                                                 const char          **note);
GtkWidget   *altoscope_override_row_get_apply_button (AltoscopeOverrideRow *self,
                                                      gboolean              this_family);

G_END_DECLS
