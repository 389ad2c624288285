/* altoscope-label-util.h: small things every view does with labels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Below this, a wrapping label's text is not worth measuring narrower. */
#define ALTOSCOPE_WRAP_MIN_CHARS 8

void altoscope_label_set_text_if_changed (GtkLabel   *label,
                                          const char *text);
void altoscope_labels_bound_wrapping     (GtkWidget  *root);
GtkWidget *altoscope_label_append_line   (GtkWidget  *box,
                                          const char *text,
                                          const char *css_class);

G_END_DECLS
