/* altoscope-info-row.c
 *
 * AdwActionRow's title and subtitle sit in a vertical GtkBox inside a
 * horizontal one, and GTK 4.8 lays a wrapping label out there at some 20
 * to 50 widths per measure (altoscope-row-box.c says why).  This row has
 * AdwActionRow's nodes and style classes (`row > box.header`,
 * `> box.title`, `.prefixes`, `.suffixes`, `label.title`,
 * `label.subtitle`), so libadwaita's stylesheet draws it the same
 * (tests/app/test-info-row.c compares the two), but its boxes are
 * AltoscopeRowBoxes.  For the rows whose text
 * wraps: a warning, a domain and where it came from, a DHCP option.
 *
 * The title is AdwPreferencesRow's "title", shown as plain text whatever
 * "use-markup" says: the text may come from the network.  Not activatable
 * unless made so.  A screen reader reads the title as the row's name and
 * the subtitle as its description, as AdwActionRow's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "altoscope-info-row.h"
#include "altoscope-label-util.h"
#include "altoscope-row-box.h"

/* The border-spacing libadwaita 1.2's stylesheet gives `row > box.header`,
 * its `.prefixes` and `.suffixes`, and `row > box.header > box.title`. */
#define SPACING 6
#define TITLE_SPACING 3

struct _AltoscopeInfoRow
{
  AdwPreferencesRow parent_instance;

  GtkWidget *prefixes;
  GtkLabel *title;
  GtkLabel *subtitle;
  GtkWidget *suffixes;
};

static void altoscope_info_row_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AltoscopeInfoRow, altoscope_info_row, ADW_TYPE_PREFERENCES_ROW,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE,
                                                      altoscope_info_row_buildable_init))

static GtkBuildableIface *parent_buildable_iface;

enum { PROP_0, PROP_SUBTITLE, N_PROPS };
static GParamSpec *properties[N_PROPS];

static GtkLabel *
text_label (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, css_class);
  altoscope_labels_bound_wrapping (label);
  return GTK_LABEL (label);
}

static GtkWidget *
side_box (const char *css_class)
{
  GtkWidget *box = altoscope_row_box_new (GTK_ORIENTATION_HORIZONTAL, SPACING);

  gtk_widget_add_css_class (box, css_class);
  gtk_widget_set_visible (box, FALSE);
  return box;
}

/* Hidden when empty, as AdwActionRow's. */
static void
on_title_cb (AltoscopeInfoRow *self)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self));

  altoscope_label_set_text_if_changed (self->title, title);
  gtk_widget_set_visible (GTK_WIDGET (self->title), title != NULL && *title != '\0');
}

static void
altoscope_info_row_init (AltoscopeInfoRow *self)
{
  GtkWidget *header = altoscope_row_box_new (GTK_ORIENTATION_HORIZONTAL, SPACING);
  GtkWidget *title_box = altoscope_row_box_new (GTK_ORIENTATION_VERTICAL, TITLE_SPACING);

  gtk_widget_add_css_class (header, "header");
  gtk_widget_set_valign (header, GTK_ALIGN_CENTER);
  /* As AdwActionRow's: the text expands within the row, not the row. */
  gtk_widget_set_hexpand (header, FALSE);
  self->prefixes = side_box ("prefixes");
  self->suffixes = side_box ("suffixes");
  self->title = text_label ("title");
  gtk_widget_set_visible (GTK_WIDGET (self->title), FALSE);
  self->subtitle = text_label ("subtitle");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle), FALSE);
  gtk_widget_add_css_class (title_box, "title");
  gtk_widget_set_valign (title_box, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (title_box, TRUE);
  gtk_widget_set_parent (GTK_WIDGET (self->title), title_box);
  gtk_widget_set_parent (GTK_WIDGET (self->subtitle), title_box);
  gtk_widget_set_parent (self->prefixes, header);
  gtk_widget_set_parent (title_box, header);
  gtk_widget_set_parent (self->suffixes, header);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), header);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->title, NULL,
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->subtitle, NULL,
                                  -1);
  g_signal_connect (self, "notify::title", G_CALLBACK (on_title_cb), NULL);
}

static void
altoscope_info_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  AltoscopeInfoRow *self = ALTOSCOPE_INFO_ROW (object);

  switch (prop_id)
    {
    case PROP_SUBTITLE:
      g_value_set_string (value, altoscope_info_row_get_subtitle (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
altoscope_info_row_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  AltoscopeInfoRow *self = ALTOSCOPE_INFO_ROW (object);

  switch (prop_id)
    {
    case PROP_SUBTITLE:
      altoscope_info_row_set_subtitle (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
altoscope_info_row_class_init (AltoscopeInfoRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = altoscope_info_row_get_property;
  object_class->set_property = altoscope_info_row_set_property;
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

/* <child type="prefix"> in a template, and <child type="suffix"> or a
 * widget child without a type, as AdwActionRow takes them: the row's own
 * child, its header, is never replaced. */
static void
altoscope_info_row_buildable_add_child (GtkBuildable *buildable,
                                        GtkBuilder   *builder,
                                        GObject      *child,
                                        const char   *type)
{
  if (GTK_IS_WIDGET (child) && g_strcmp0 (type, "prefix") == 0)
    altoscope_info_row_add_prefix (ALTOSCOPE_INFO_ROW (buildable), GTK_WIDGET (child));
  else if (GTK_IS_WIDGET (child) && (type == NULL || g_strcmp0 (type, "suffix") == 0))
    altoscope_info_row_add_suffix (ALTOSCOPE_INFO_ROW (buildable), GTK_WIDGET (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
altoscope_info_row_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = altoscope_info_row_buildable_add_child;
}

GtkWidget *
altoscope_info_row_new (void)
{
  return g_object_new (ALTOSCOPE_TYPE_INFO_ROW, NULL);
}

const char *
altoscope_info_row_get_subtitle (AltoscopeInfoRow *self)
{
  g_return_val_if_fail (ALTOSCOPE_IS_INFO_ROW (self), NULL);
  return gtk_label_get_text (self->subtitle);
}

/* Plain text; hidden when empty or NULL. */
void
altoscope_info_row_set_subtitle (AltoscopeInfoRow *self,
                                 const char       *subtitle)
{
  g_return_if_fail (ALTOSCOPE_IS_INFO_ROW (self));
  if (subtitle == NULL)
    subtitle = "";
  if (g_strcmp0 (gtk_label_get_text (self->subtitle), subtitle) == 0)
    return;
  gtk_label_set_text (self->subtitle, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle), *subtitle != '\0');
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
}

void
altoscope_info_row_add_prefix (AltoscopeInfoRow *self,
                               GtkWidget        *widget)
{
  g_return_if_fail (ALTOSCOPE_IS_INFO_ROW (self));
  gtk_widget_set_parent (widget, self->prefixes);
  gtk_widget_set_visible (self->prefixes, TRUE);
}

void
altoscope_info_row_add_suffix (AltoscopeInfoRow *self,
                               GtkWidget        *widget)
{
  g_return_if_fail (ALTOSCOPE_IS_INFO_ROW (self));
  gtk_widget_set_parent (widget, self->suffixes);
  gtk_widget_set_visible (self->suffixes, TRUE);
}
