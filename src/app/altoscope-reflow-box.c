/* altoscope-reflow-box.c
 *
 * GTK 4.8 and libadwaita 1.2 have no breakpoints: a row that must show a
 * long URI in full at 360 px, and its badge and buttons beside it on a
 * wide window, decides by the width it is given.  The first child (the
 * text) keeps at least COMFORTABLE px or its natural width beside the
 * second (the actions); below that the second goes under the first.  The
 * decision is a pure function of the width, in measure and in allocate
 * alike, so nothing is queued again during a layout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "altoscope-reflow-box.h"

#define SPACING 12
#define ROW_SPACING 6
#define COMFORTABLE 240

struct _AltoscopeReflowBox
{
  GtkWidget parent_instance;
  gboolean stacked;   /* as last allocated */
};

G_DEFINE_FINAL_TYPE (AltoscopeReflowBox, altoscope_reflow_box, GTK_TYPE_WIDGET)

static void
children (GtkWidget  *widget,
          GtkWidget **first,
          GtkWidget **second)
{
  *first = gtk_widget_get_first_child (widget);
  *second = *first ? gtk_widget_get_next_sibling (*first) : NULL;
}

static int
natural_width (GtkWidget *child)
{
  int min = 0, nat = 0;

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  return nat;
}

/* Side by side at @width, or stacked? */
static gboolean
stacks_at (GtkWidget *first,
           GtkWidget *second,
           int        width)
{
  int want;

  if (second == NULL || !gtk_widget_should_layout (second))
    return FALSE;
  want = MIN (natural_width (first), COMFORTABLE);
  return width - SPACING - natural_width (second) < want;
}

static int
height_for (GtkWidget *child,
            int        width,
            int       *natural)
{
  int min = 0, nat = 0;

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, &min, &nat, NULL, NULL);
  *natural = nat;
  return min;
}

static void
measure_height (GtkWidget *first,
                GtkWidget *second,
                int        width,
                int       *minimum,
                int       *natural)
{
  int n1, n2, m1, m2;

  if (width < 0)
    width = natural_width (first) + SPACING + natural_width (second);
  if (stacks_at (first, second, width))
    {
      m1 = height_for (first, width, &n1);
      m2 = height_for (second, width, &n2);
      *minimum = m1 + ROW_SPACING + m2;
      *natural = n1 + ROW_SPACING + n2;
    }
  else
    {
      int w2 = natural_width (second);
      m1 = height_for (first, MAX (width - SPACING - w2, 0), &n1);
      m2 = height_for (second, w2, &n2);
      *minimum = MAX (m1, m2);
      *natural = MAX (n1, n2);
    }
}

static void
altoscope_reflow_box_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  GtkWidget *first, *second;
  int m1 = 0, n1 = 0, m2 = 0, n2 = 0;

  children (widget, &first, &second);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      measure_height (first, second, for_size, minimum, natural);
      return;
    }
  if (first != NULL && gtk_widget_should_layout (first))
    gtk_widget_measure (first, orientation, -1, &m1, &n1, NULL, NULL);
  if (second != NULL && gtk_widget_should_layout (second))
    gtk_widget_measure (second, orientation, -1, &m2, &n2, NULL, NULL);
  /* Stacked, it needs only the wider of the two. */
  *minimum = MAX (m1, m2);
  *natural = n1 + (n2 > 0 ? SPACING + n2 : 0);
}

static void
altoscope_reflow_box_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  AltoscopeReflowBox *self = ALTOSCOPE_REFLOW_BOX (widget);
  GtkWidget *first, *second;
  int n;

  children (widget, &first, &second);
  self->stacked = stacks_at (first, second, width);
  if (first == NULL)
    return;
  if (second == NULL || !gtk_widget_should_layout (second))
    {
      gtk_widget_allocate (first, width, height, -1, NULL);
      return;
    }
  if (self->stacked)
    {
      int h1 = height_for (first, width, &n);
      int w2 = MIN (natural_width (second), width);
      gtk_widget_allocate (first, width, h1, -1, NULL);
      gtk_widget_allocate (second, w2, MAX (height - h1 - ROW_SPACING, 0), -1,
                           gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (0, h1 + ROW_SPACING)));
    }
  else
    {
      int w2 = natural_width (second);
      int w1 = MAX (width - SPACING - w2, 0);
      gtk_widget_allocate (first, w1, height, -1, NULL);
      gtk_widget_allocate (second, w2, height, -1,
                           gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (w1 + SPACING, 0)));
    }
}

static GtkSizeRequestMode
altoscope_reflow_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
altoscope_reflow_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (altoscope_reflow_box_parent_class)->dispose (object);
}

static void
altoscope_reflow_box_class_init (AltoscopeReflowBoxClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = altoscope_reflow_box_dispose;
  widget_class->measure = altoscope_reflow_box_measure;
  widget_class->size_allocate = altoscope_reflow_box_size_allocate;
  widget_class->get_request_mode = altoscope_reflow_box_get_request_mode;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
altoscope_reflow_box_init (AltoscopeReflowBox *self)
{
}

/* For tests: whether the last layout put the second child under the first. */
gboolean
altoscope_reflow_box_get_stacked (AltoscopeReflowBox *self)
{
  return self->stacked;
}
