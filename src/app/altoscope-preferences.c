/* altoscope-preferences.c: the default domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "altoscope-domain.h"
#include "altoscope-preferences.h"

struct _AltoscopePreferences
{
  AdwPreferencesWindow parent_instance;

  AdwEntryRow *default_entry;
  GtkLabel *default_status;
  AltoscopeOverrides *overrides;
};

G_DEFINE_FINAL_TYPE (AltoscopePreferences, altoscope_preferences, ADW_TYPE_PREFERENCES_WINDOW)

static void
show_status (AltoscopePreferences *self)
{
  g_autofree char *value = altoscope_overrides_get (self->overrides, ALTOSCOPE_SCOPE_DEFAULT,
                                                    NULL, NULL);
  g_autofree char *text = NULL;

  if (value != NULL)
    text = g_strdup_printf (_("In use: “%s” applies wherever no interface or connection "
                              "override does, and before DHCP."), value);
  else
    text = g_strdup (_("Not set: domains come from interface overrides or DHCP."));
  gtk_label_set_text (self->default_status, text);
  gtk_editable_set_text (GTK_EDITABLE (self->default_entry), value ? value : "");
}

static void
on_default_changed_cb (AltoscopePreferences *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->default_entry));
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;

  if (*text != '\0')
    normalized = altoscope_domain_normalize (text, &error);
  if (*text != '\0' && normalized == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->default_entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->default_entry), error->message);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->default_entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->default_entry), NULL);
    }
}

static void
on_default_apply_cb (AltoscopePreferences *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->default_entry));
  g_autoptr(GError) error = NULL;

  if (*text == '\0')
    altoscope_overrides_clear (self->overrides, ALTOSCOPE_SCOPE_DEFAULT, NULL, NULL);
  else if (!altoscope_overrides_set (self->overrides, ALTOSCOPE_SCOPE_DEFAULT, NULL, NULL, text,
                                     &error))
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);
      /* Toast titles are markup in libadwaita 1.2. */
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (escaped));
      return;
    }
  show_status (self);
}

static void
on_default_clear_cb (AltoscopePreferences *self)
{
  altoscope_overrides_clear (self->overrides, ALTOSCOPE_SCOPE_DEFAULT, NULL, NULL);
  show_status (self);
}

static void
altoscope_preferences_dispose (GObject *object)
{
  AltoscopePreferences *self = ALTOSCOPE_PREFERENCES (object);

  g_clear_object (&self->overrides);
  gtk_widget_dispose_template (GTK_WIDGET (self), ALTOSCOPE_TYPE_PREFERENCES);
  G_OBJECT_CLASS (altoscope_preferences_parent_class)->dispose (object);
}

static void
altoscope_preferences_class_init (AltoscopePreferencesClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = altoscope_preferences_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/altoscope/Altoscope/altoscope-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, AltoscopePreferences, default_entry);
  gtk_widget_class_bind_template_child (widget_class, AltoscopePreferences, default_status);
  gtk_widget_class_bind_template_callback (widget_class, on_default_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_default_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_default_clear_cb);
}

static void
altoscope_preferences_init (AltoscopePreferences *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

AltoscopePreferences *
altoscope_preferences_new (GtkWindow          *parent,
                           AltoscopeOverrides *overrides)
{
  AltoscopePreferences *self = g_object_new (ALTOSCOPE_TYPE_PREFERENCES,
                                             "transient-for", parent, NULL);
  self->overrides = g_object_ref (overrides);
  show_status (self);
  return self;
}
