/* Walking a widget tree in the widget tests.
 *
 * Header-only (static), like tests/unit/test-tmpdir.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

/* The first widget under @widget (itself included), depth first, that
 * @pred accepts with @data; NULL if none. */
static inline GtkWidget *
test_widget_find_first (GtkWidget     *widget,
                        gboolean     (*pred) (GtkWidget *, gconstpointer),
                        gconstpointer  data)
{
  if (pred (widget, data))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = test_widget_find_first (c, pred, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static inline gboolean
test_widget_is_of_type (GtkWidget     *widget,
                        gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

/* The first widget of @type under @widget (itself included), depth
 * first; NULL if none. */
static inline GtkWidget *
test_widget_find (GtkWidget *widget,
                  GType      type)
{
  return test_widget_find_first (widget, test_widget_is_of_type, GSIZE_TO_POINTER (type));
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
