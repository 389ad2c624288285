/* Walking a widget tree in the widget tests.
 *
 * Header-only (static), like tests/unit/test-tmpdir.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

/* The first widget of @type under @widget (itself included), depth
 * first; NULL if none. */
static inline GtkWidget *
test_widget_find (GtkWidget *widget,
                  GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = test_widget_find (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* How many widgets of @type are under @widget (itself included). */
static inline guint
test_widget_count (GtkWidget *widget,
                   GType      type)
{
  guint n = G_TYPE_CHECK_INSTANCE_TYPE (widget, type) ? 1 : 0;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    n += test_widget_count (c, type);
  return n;
}
