/* altoscope-tooltip.c
 *
 * gtk_widget_set_tooltip_text (and so a template's "tooltip-text") asks
 * for a tooltip query at once when the widget is visible, even before it
 * is in a window: on X11 that is some five round trips to the server for
 * where the pointer is.  The window's first frame set about twenty of
 * them, and each DHCP option's number one more (issue 15, item 10).  This
 * gives the same tooltip, shown the same way when the pointer rests or the
 * keyboard asks (a "query-tooltip" handler), and the same accessible
 * description, without the query; the tooltip is simply read when it is
 * wanted.  For the main window's widgets; the dialogs (Preferences, Find
 * for an Address), made when asked for, keep GTK's own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "altoscope-tooltip.h"

static GQuark
tooltip_quark (void)
{
  return g_quark_from_static_string ("altoscope-tooltip");
}

static gboolean
on_query_tooltip_cb (GtkWidget  *widget,
                     int         x,
                     int         y,
                     gboolean    keyboard,
                     GtkTooltip *tooltip,
                     gpointer    data)
{
  const char *text = g_object_get_qdata (G_OBJECT (widget), tooltip_quark ());

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* @text: plain text, or NULL (or "") for none. */
void
altoscope_widget_set_tooltip (GtkWidget  *widget,
                              const char *text)
{
  gboolean has = text != NULL && *text != '\0';

  g_return_if_fail (GTK_IS_WIDGET (widget));
  if (g_strcmp0 (g_object_get_qdata (G_OBJECT (widget), tooltip_quark ()), has ? text : NULL) == 0
      && gtk_widget_get_has_tooltip (widget) == has)
    return;
  if (!g_signal_handler_find (widget, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, on_query_tooltip_cb, NULL))
    g_signal_connect (widget, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), NULL);
  g_object_set_qdata_full (G_OBJECT (widget), tooltip_quark (), has ? g_strdup (text) : NULL,
                           g_free);
  gtk_widget_set_has_tooltip (widget, has);
  if (has)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  /* A tooltip on screen shows the new text (a countdown's, say); nothing
   * is on screen before the first frame, so this costs it nothing. */
  if (gtk_widget_get_mapped (widget))
    gtk_widget_trigger_tooltip_query (widget);
}
