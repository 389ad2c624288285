/* altoscope-row-box.c
 *
 * A GtkBox in GTK 4.8 asks its children their width for a height: a
 * horizontal box measuring its height for a width asks each child, for one
 * height after another, the width it would need
 * (gtk_box_layout_compute_opposite_size_for_size), and asks again for the
 * height it allocates; and gtk_widget_allocate asks a child that is not
 * stretched (valign center, say) its width for the height it gets.  A
 * wrapping label, or a vertical box of them, answers each of those by a
 * search over widths, laying its text out with Pango at every step: a row
 * of wrapping text cost some 20 to 50 layouts per label where one or two
 * do, and such rows were most of the window's first frame (issue 15,
 * item 10).
 *
 * This box lays its children out as the box does, but its width never
 * depends on its height: each child's minimum and natural width are
 * measured once, with no height.  Side by side, the children are brought
 * up to their natural widths as far as the width allows
 * (gtk_distribute_natural_allocation, as the box does), the expanding ones
 * share what is left, and each child's height is measured for the width it
 * gets; one above the other, each gets the whole width.  Its CSS name is
 * "box", so the stylesheet that styles a box there styles it too; the
 * spacing is given, as the CSS border-spacing the box would read cannot
 * be.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "altoscope-row-box.h"

#include <string.h>

struct _AltoscopeRowBox
{
  GtkWidget parent_instance;
  GtkOrientation orientation;
  int spacing;
};

G_DEFINE_FINAL_TYPE_WITH_CODE (AltoscopeRowBox, altoscope_row_box, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_ORIENTABLE, NULL))

enum { PROP_0, PROP_SPACING, PROP_ORIENTATION };

static void
set_orientation (AltoscopeRowBox *self,
                 GtkOrientation   orientation)
{
  gboolean horizontal = orientation == GTK_ORIENTATION_HORIZONTAL;

  self->orientation = orientation;
  /* As GtkBox's. */
  gtk_widget_remove_css_class (GTK_WIDGET (self), horizontal ? "vertical" : "horizontal");
  gtk_widget_add_css_class (GTK_WIDGET (self), horizontal ? "horizontal" : "vertical");
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
altoscope_row_box_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AltoscopeRowBox *self = ALTOSCOPE_ROW_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      g_value_set_int (value, self->spacing);
      break;
    case PROP_ORIENTATION:
      g_value_set_enum (value, self->orientation);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
altoscope_row_box_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  AltoscopeRowBox *self = ALTOSCOPE_ROW_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      self->spacing = g_value_get_int (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    case PROP_ORIENTATION:
      set_orientation (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Each child laid out, with its minimum and natural width for any height,
 * in @sizes; their number. */
static guint
measure_children (GtkWidget        *widget,
                  GtkRequestedSize *sizes,
                  guint             n_max)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL && n < n_max;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_should_layout (child))
        continue;
      sizes[n].data = child;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1,
                          &sizes[n].minimum_size, &sizes[n].natural_size, NULL, NULL);
      n++;
    }
  return n;
}

/* The children's sizes along @orientation at @size, in place of their
 * minimum in @sizes: the expanding ones (@expanding_first) or the others
 * come up to their natural sizes first, as far as @size allows
 * (gtk_distribute_natural_allocation), then the rest; the expanding ones
 * share what is left.  Short of their minimum, they keep it. */
static void
fill (GtkRequestedSize *sizes,
      guint             n,
      int               size,
      int               spacing,
      GtkOrientation    orientation,
      gboolean          expanding_first)
{
  GtkRequestedSize *part = g_newa (GtkRequestedSize, MAX (n, 1));
  int extra = size - (int) (n > 0 ? n - 1 : 0) * spacing;
  guint n_expand = 0;
  int share, rest;

  for (guint i = 0; i < n; i++)
    extra -= sizes[i].minimum_size;
  extra = MAX (extra, 0);
  for (int round = 0; round < 2; round++)
    {
      gboolean expanding = (round == 0) == expanding_first;
      guint k = 0;

      for (guint i = 0; i < n; i++)
        if (gtk_widget_compute_expand (sizes[i].data, orientation) == expanding)
          part[k++] = sizes[i];
      extra = gtk_distribute_natural_allocation (extra, k, part);
      k = 0;
      for (guint i = 0; i < n; i++)
        if (gtk_widget_compute_expand (sizes[i].data, orientation) == expanding)
          sizes[i].minimum_size = part[k++].minimum_size;
      if (expanding)
        n_expand = k;
    }
  if (n_expand == 0)
    return;
  share = extra / (int) n_expand;
  rest = extra % (int) n_expand;
  for (guint i = 0; i < n; i++)
    if (gtk_widget_compute_expand (sizes[i].data, orientation))
      {
        sizes[i].minimum_size += share + (rest > 0 ? 1 : 0);
        rest--;
      }
}

/* The height of the row at the widths in @sizes. */
static int
height_at (GtkRequestedSize *sizes,
           guint             n)
{
  int height = 0;

  for (guint i = 0; i < n; i++)
    {
      int min = 0, nat = 0;

      gtk_widget_measure (sizes[i].data, GTK_ORIENTATION_VERTICAL, sizes[i].minimum_size, &min,
                          &nat, NULL, NULL);
      height = MAX (height, nat);
    }
  return height;
}

/* Each child's width at @width (-1: its natural width), in place of its
 * minimum in @sizes.  Where the width is short, either the actions keep
 * their natural widths and the text wraps more, or the text keeps more
 * and the actions shrink (a reflow box stacks them): the lower row wins,
 * the actions' natural widths on a tie.  A pure function of the width, so
 * measuring and allocating agree; each way costs one layout of the text. */
static void
distribute (GtkRequestedSize *sizes,
            guint             n,
            int               width,
            int               spacing)
{
  GtkRequestedSize *text_first = g_newa (GtkRequestedSize, n);

  if (width < 0)
    {
      for (guint i = 0; i < n; i++)
        sizes[i].minimum_size = sizes[i].natural_size;
      return;
    }
  memcpy (text_first, sizes, n * sizeof *sizes);
  fill (sizes, n, width, spacing, GTK_ORIENTATION_HORIZONTAL, FALSE);
  fill (text_first, n, width, spacing, GTK_ORIENTATION_HORIZONTAL, TRUE);
  for (guint i = 0; i < n; i++)
    if (text_first[i].minimum_size != sizes[i].minimum_size)
      {
        if (height_at (text_first, n) < height_at (sizes, n))
          memcpy (sizes, text_first, n * sizeof *sizes);
        break;
      }
}

static guint
count_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

static void
altoscope_row_box_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  AltoscopeRowBox *self = ALTOSCOPE_ROW_BOX (widget);
  guint n_max = count_children (widget), n;
  GtkRequestedSize *sizes = g_newa (GtkRequestedSize, MAX (n_max, 1));
  gboolean across = orientation != self->orientation;

  *minimum = *natural = 0;
  n = measure_children (widget, sizes, n_max);
  if (n == 0)
    return;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* For any height: the width never depends on it. */
      for (guint i = 0; i < n; i++)
        {
          *minimum = across ? MAX (*minimum, sizes[i].minimum_size)
                            : *minimum + sizes[i].minimum_size;
          *natural = across ? MAX (*natural, sizes[i].natural_size)
                            : *natural + sizes[i].natural_size;
        }
      if (!across)
        {
          *minimum += (int) (n - 1) * self->spacing;
          *natural += (int) (n - 1) * self->spacing;
        }
      return;
    }
  if (across)
    distribute (sizes, n, for_size, self->spacing);
  for (guint i = 0; i < n; i++)
    {
      int min = 0, nat = 0;

      gtk_widget_measure (sizes[i].data, orientation, across ? sizes[i].minimum_size : for_size,
                          &min, &nat, NULL, NULL);
      *minimum = across ? MAX (*minimum, min) : *minimum + min;
      *natural = across ? MAX (*natural, nat) : *natural + nat;
    }
  if (!across)
    {
      *minimum += (int) (n - 1) * self->spacing;
      *natural += (int) (n - 1) * self->spacing;
    }
}

static void
altoscope_row_box_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  AltoscopeRowBox *self = ALTOSCOPE_ROW_BOX (widget);
  guint n_max = count_children (widget), n;
  GtkRequestedSize *sizes = g_newa (GtkRequestedSize, MAX (n_max, 1));
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int at = 0;

  n = measure_children (widget, sizes, n_max);
  if (self->orientation == GTK_ORIENTATION_VERTICAL)
    {
      /* One above the other, each as high as it is for the width; the
       * height left over goes to those that expand. */
      for (guint i = 0; i < n; i++)
        gtk_widget_measure (sizes[i].data, GTK_ORIENTATION_VERTICAL, width,
                            &sizes[i].minimum_size, &sizes[i].natural_size, NULL, NULL);
      fill (sizes, n, height, self->spacing, GTK_ORIENTATION_VERTICAL, FALSE);
      for (guint i = 0; i < n; i++)
        {
          gtk_widget_allocate (sizes[i].data, width, sizes[i].minimum_size, -1,
                               gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (0, at)));
          at += sizes[i].minimum_size + self->spacing;
        }
      return;
    }
  distribute (sizes, n, width, self->spacing);
  for (guint i = 0; i < n; i++)
    {
      int w = sizes[i].minimum_size;

      gtk_widget_allocate (sizes[i].data, w, height, -1,
                           gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (rtl ? width - at - w
                                                                                    : at, 0)));
      at += w + self->spacing;
    }
}

static GtkSizeRequestMode
altoscope_row_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
altoscope_row_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (altoscope_row_box_parent_class)->dispose (object);
}

static void
altoscope_row_box_class_init (AltoscopeRowBoxClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = altoscope_row_box_dispose;
  G_OBJECT_CLASS (klass)->get_property = altoscope_row_box_get_property;
  G_OBJECT_CLASS (klass)->set_property = altoscope_row_box_set_property;
  /* The stylesheet's border-spacing for a box there, in px: a GtkBox reads
   * it from CSS, this box cannot. */
  g_object_class_install_property (G_OBJECT_CLASS (klass), PROP_SPACING,
                                   g_param_spec_int ("spacing", NULL, NULL, 0, G_MAXINT16, 0,
                                                     G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_override_property (G_OBJECT_CLASS (klass), PROP_ORIENTATION, "orientation");
  widget_class->measure = altoscope_row_box_measure;
  widget_class->size_allocate = altoscope_row_box_size_allocate;
  widget_class->get_request_mode = altoscope_row_box_get_request_mode;
  gtk_widget_class_set_css_name (widget_class, "box");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GENERIC);
}

static void
altoscope_row_box_init (AltoscopeRowBox *self)
{
  set_orientation (self, GTK_ORIENTATION_HORIZONTAL);
}

/* @spacing: between children, in px, as the stylesheet's border-spacing
 * would give a box there. */
GtkWidget *
altoscope_row_box_new (GtkOrientation orientation,
                       int            spacing)
{
  return g_object_new (ALTOSCOPE_TYPE_ROW_BOX, "orientation", orientation, "spacing", spacing,
                       NULL);
}
