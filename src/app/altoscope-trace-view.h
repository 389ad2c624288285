/* altoscope-trace-view.h: a result's ignored records and its step-by-step
 * trace, in two columns, updated in place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "altoscope-target.h"

G_BEGIN_DECLS

#define ALTOSCOPE_TYPE_TRACE_VIEW (altoscope_trace_view_get_type ())

G_DECLARE_FINAL_TYPE (AltoscopeTraceView, altoscope_trace_view, ALTOSCOPE, TRACE_VIEW, AdwBin)

GtkWidget *altoscope_trace_view_new        (void);
/* Shows @target's ignored records and trace (NULL: nothing).  Changes only
 * what differs: a rediscovery with the same records and trace keeps every
 * widget, so a selection and the scroll position survive. */
void       altoscope_trace_view_set_target (AltoscopeTraceView *self,
                                            AltoscopeTarget    *target);
/* What Copy copies: plain text, one record or event per line. */
char      *altoscope_trace_view_dup_text   (AltoscopeTraceView *self);

G_END_DECLS
