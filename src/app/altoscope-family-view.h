/* altoscope-family-view.h: one address family of one interface, on screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "altoscope-link.h"
#include "altoscope-overrides.h"
#include "altoscope-pair.h"
#include "altoscope-target.h"
#include "altoscope-trace-view.h"

G_BEGIN_DECLS

#define ALTOSCOPE_TYPE_FAMILY_VIEW (altoscope_family_view_get_type ())

G_DECLARE_FINAL_TYPE (AltoscopeFamilyView, altoscope_family_view, ALTOSCOPE, FAMILY_VIEW, AdwBin)

void altoscope_family_view_bind (AltoscopeFamilyView *self,
                                 AltoscopeFamily      family,
                                 AltoscopeLink       *link,
                                 AltoscopePair       *pair,
                                 AltoscopeOverrides  *overrides);
void altoscope_family_view_set_read_only (AltoscopeFamilyView *self,
                                          gboolean             read_only);

/* For tests: what the widgets show. */
const char *altoscope_family_view_get_domain_text (AltoscopeFamilyView *self);
const char *altoscope_family_view_get_source_text (AltoscopeFamilyView *self);
const char *altoscope_family_view_get_status_text (AltoscopeFamilyView *self);
const char *altoscope_family_view_get_error_text  (AltoscopeFamilyView *self);
GPtrArray  *altoscope_family_view_dup_uris        (AltoscopeFamilyView *self);
GPtrArray  *altoscope_family_view_dup_badges      (AltoscopeFamilyView *self);
const char *altoscope_family_view_get_error_headline (AltoscopeFamilyView *self,
                                                      const char         **caption);
const char *altoscope_family_view_get_mismatch    (AltoscopeFamilyView *self,
                                                   const char         **details);
const char *altoscope_family_view_get_ask_text    (AltoscopeFamilyView *self,
                                                   const char         **next_step);
AdwExpanderRow *altoscope_family_view_get_trace_row (AltoscopeFamilyView *self);
AltoscopeTraceView *altoscope_family_view_get_trace_view (AltoscopeFamilyView *self);
GtkWidget  *altoscope_family_view_get_uri_row     (AltoscopeFamilyView *self,
                                                   guint                index);
GtkWidget  *altoscope_family_view_get_answer_widget (AltoscopeFamilyView *self);
AdwEntryRow *altoscope_family_view_get_entry      (AltoscopeFamilyView *self,
                                                   gboolean             this_family,
                                                   const char         **note);
GtkWidget  *altoscope_family_view_get_apply_button (AltoscopeFamilyView *self,
                                                   gboolean             this_family);
const char *altoscope_family_view_get_caveat      (AltoscopeFamilyView *self);
GtkLabel   *altoscope_family_view_get_uri_label   (AltoscopeFamilyView *self,
                                                   guint                index);
GtkWidget  *altoscope_family_view_get_check_button (AltoscopeFamilyView *self,
                                                   guint                index);
char       *altoscope_family_view_dup_check_text  (AltoscopeFamilyView *self,
                                                   guint                index);
gboolean    altoscope_family_view_get_retry_sensitive (AltoscopeFamilyView *self);
const char *altoscope_family_view_get_retry_label (AltoscopeFamilyView *self);
GtkButton  *altoscope_family_view_get_ask_dhcp_button (AltoscopeFamilyView *self);
gboolean    altoscope_family_view_apply_override  (AltoscopeFamilyView *self,
                                                   gboolean             this_family,
                                                   const char          *text);
void        altoscope_family_view_clear_override  (AltoscopeFamilyView *self,
                                                   gboolean             this_family);
void        altoscope_family_view_revert_override (AltoscopeFamilyView *self,
                                                   gboolean             this_family);

G_END_DECLS
