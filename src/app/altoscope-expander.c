/* altoscope-expander.c
 *
 * A closed AdwExpanderRow still styles and measures the rows it holds:
 * its GtkRevealer, at 0 of its height, measures its child at full size
 * in both directions and scales the result to nothing, so every label
 * under a closed expander is laid out at each width the window tries.
 * The trace alone was a quarter of the widgets styled for the first
 * frame (issue 15, item 10).  Here the list of rows is
 * hidden while the row is closed: shown when it opens (before the reveal
 * is first measured), hidden again once the closing slide has ended (the
 * revealer then unmaps it).  What the rows hold is kept as it is, a draft
 * typed into one too; only the measuring stops.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "altoscope-expander.h"

static void
on_expanded_cb (AdwExpanderRow *row,
                GParamSpec     *pspec,
                GtkWidget      *list)
{
  if (adw_expander_row_get_expanded (row))
    gtk_widget_set_visible (list, TRUE);
}

/* The slide has ended (or the row left the screen) while closed. */
static void
on_list_unmap_cb (GtkWidget      *list,
                  AdwExpanderRow *row)
{
  if (!adw_expander_row_get_expanded (row))
    gtk_widget_set_visible (list, FALSE);
}

/**
 * altoscope_expander_row_measure_open_only:
 * @row: an expander row
 * @inside: one of the rows added to it, or a widget in one (the row's
 *   parent is the list that holds them all)
 *
 * From now on, @row's rows are styled and measured only while it is open
 * or opening.
 */
void
altoscope_expander_row_measure_open_only (AdwExpanderRow *row,
                                          GtkWidget      *inside)
{
  GtkWidget *list = gtk_widget_get_parent (gtk_widget_get_ancestor (inside,
                                                                    GTK_TYPE_LIST_BOX_ROW));

  g_return_if_fail (GTK_IS_LIST_BOX (list));
  g_return_if_fail (gtk_widget_is_ancestor (list, GTK_WIDGET (row)));
  gtk_widget_set_visible (list, adw_expander_row_get_expanded (row));
  g_signal_connect_object (row, "notify::expanded", G_CALLBACK (on_expanded_cb), list, 0);
  g_signal_connect_object (list, "unmap", G_CALLBACK (on_list_unmap_cb), row, 0);
}
