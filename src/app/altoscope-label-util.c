/* altoscope-label-util.c
 *
 * GTK 4.8 finds a wrapping label's minimum width by laying its text out at
 * width 0 (or at width-chars, when set).  With word-char wrapping that is a
 * line per character, and Pango 1.50 shapes the rest of the paragraph again
 * for each line: a long warning took 3–30 ms to measure, every time the
 * window was laid out anew, about half of the first result's frame.  A
 * minimum of ALTOSCOPE_WRAP_MIN_CHARS characters (about 60 px, well inside
 * the 360 px a narrow screen gives) costs one short layout instead, and no
 * text is ever cut: it wraps as before.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "altoscope-label-util.h"

/* Sets a label's text only when it differs: the same text set again
 * would drop a selection in it and make screen readers speak again. */
void
altoscope_label_set_text_if_changed (GtkLabel   *label,
                                     const char *text)
{
  if (g_strcmp0 (gtk_label_get_text (label), text) != 0)
    gtk_label_set_text (label, text ? text : "");
}

/* A line of a verdict: left-aligned, wrapping anywhere (a URI), selectable,
 * with the minimum above; appended to @box.  Out of the Tab chain, as the
 * trace's lines: a selectable label takes the focus and then selects all
 * of its text, and a check with its standing is a dozen lines, so a dozen
 * Tab stops between one URI's buttons and the next.  Not focusable, and
 * not offered a Tab at all (can-focus): GTK 4.8's selectable label claims
 * a Tab it may not take, and Tab would stop dead there.  The mouse still
 * selects (a label that may not take the focus keeps the selection it
 * starts), a screen reader still reads them, and the keyboard copies a
 * whole verdict with the check area's Copy button. */
GtkWidget *
altoscope_label_append_line (GtkWidget  *box,
                             const char *text,
                             const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_width_chars (GTK_LABEL (label), ALTOSCOPE_WRAP_MIN_CHARS);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_focusable (label, FALSE);
  gtk_widget_set_can_focus (label, FALSE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (box), label);
  return label;
}

/* Every wrapping label under @root (also inside libadwaita's rows, whose
 * titles and subtitles wrap) that has no width-chars of its own gets
 * ALTOSCOPE_WRAP_MIN_CHARS; labels added later are not seen. */
void
altoscope_labels_bound_wrapping (GtkWidget *root)
{
  if (GTK_IS_LABEL (root) && gtk_label_get_wrap (GTK_LABEL (root))
      && gtk_label_get_width_chars (GTK_LABEL (root)) < 0)
    gtk_label_set_width_chars (GTK_LABEL (root), ALTOSCOPE_WRAP_MIN_CHARS);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    altoscope_labels_bound_wrapping (c);
}
