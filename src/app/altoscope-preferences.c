/* altoscope-preferences.c: the default domain, and how servers are checked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "altoscope-ca-file.h"
#include "altoscope-domain.h"
#include "altoscope-preferences.h"
#include "altoscope-validator.h"

struct _AltoscopePreferences
{
  AdwPreferencesWindow parent_instance;

  AdwEntryRow *default_entry;
  GtkLabel *default_status;
  GtkSwitch *auto_switch;
  GtkSwitch *dhcp_switch;
  AdwEntryRow *ca_entry;
  GtkSwitch *validate_switch;
  AdwEntryRow *anchor_entry;
  GtkLabel *anchor_status;
  GtkLabel *ca_status;
  AltoscopeOverrides *overrides;
  GtkFileChooserNative *chooser;
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

/* ---- checking servers ---------------------------------------------------- */

static GSettings *
settings_of (AltoscopePreferences *self)
{
  return altoscope_overrides_get_settings (self->overrides);
}

static void
show_ca (AltoscopePreferences *self)
{
  g_autofree char *path = g_settings_get_string (settings_of (self), "check-ca-file");

  gtk_editable_set_text (GTK_EDITABLE (self->ca_entry), path);
  gtk_label_set_text (self->ca_status,
                      *path ? _("Checks trust the system's CAs and those in this file.")
                            : _("Checks trust the system's CAs only."));
}

/* A CA file that cannot be read would make every check fail on TLS: it is
 * refused here, where it is typed, not later.  A relative name is taken
 * from the current directory and stored absolute, as the CLI reads it. */
static char *
ca_file_usable (const char  *path,
                char       **why)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) cas = altoscope_ca_file_load (path, &error);

  if (cas == NULL)
    {
      *why = g_strdup (error->message);
      return NULL;
    }
  return altoscope_ca_file_resolve (path);
}

/* While typing, only whether the path names a regular file (no reading on
 * every keystroke); the certificates are read when the path is applied. */
static void
on_ca_changed_cb (AltoscopePreferences *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->ca_entry));
  g_autofree char *absolute = *text ? altoscope_ca_file_resolve (text) : NULL;
  g_autofree char *why = NULL;

  if (absolute != NULL && !g_file_test (absolute, G_FILE_TEST_EXISTS))
    why = g_strdup (_("There is no such file"));
  else if (absolute != NULL && !g_file_test (absolute, G_FILE_TEST_IS_REGULAR))
    why = g_strdup (_("This is not a regular file"));
  if (why != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->ca_entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->ca_entry), why);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->ca_entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->ca_entry), NULL);
    }
}

static void
set_ca (AltoscopePreferences *self,
        const char           *path)
{
  g_autofree char *why = NULL;
  g_autofree char *absolute = NULL;

  if (*path != '\0' && (absolute = ca_file_usable (path, &why)) == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (why, -1);
      /* Toast titles are markup in libadwaita 1.2. */
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (escaped));
      return;
    }
  g_settings_set_string (settings_of (self), "check-ca-file", absolute ? absolute : "");
  show_ca (self);
}

static void
on_ca_apply_cb (AltoscopePreferences *self)
{
  set_ca (self, gtk_editable_get_text (GTK_EDITABLE (self->ca_entry)));
}

static void
on_ca_clear_cb (AltoscopePreferences *self)
{
  set_ca (self, "");
}

static void
on_ca_chosen_cb (AltoscopePreferences *self,
                 int                   response)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      if (path != NULL)
        set_ca (self, path);
    }
  g_clear_object (&self->chooser);
}

static void
on_ca_choose_cb (AltoscopePreferences *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Choose a CA File"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"),
                                               _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PEM certificates"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_filter_add_mime_type (filter, "application/x-x509-ca-cert");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_ca_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
altoscope_preferences_dispose (GObject *object)
{
  AltoscopePreferences *self = ALTOSCOPE_PREFERENCES (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->overrides);
  gtk_widget_dispose_template (GTK_WIDGET (self), ALTOSCOPE_TYPE_PREFERENCES);
  G_OBJECT_CLASS (altoscope_preferences_parent_class)->dispose (object);
}

/* ---- the extra trust anchor ------------------------------------------- */

static void
show_anchor (AltoscopePreferences *self)
{
  g_autofree char *path = g_settings_get_string (settings_of (self), "trust-anchor-file");

  gtk_editable_set_text (GTK_EDITABLE (self->anchor_entry), path);
  gtk_label_set_text (self->anchor_status,
                      *path ? _("Trusted besides the root's anchor.")
                            : _("The root's anchor only (/usr/share/dns/root.key)."));
}

/* Checked as typed: the reason stays under the row while it is wrong. */
static void
on_anchor_changed_cb (AltoscopePreferences *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->anchor_entry));
  g_autoptr(GError) error = NULL;

  if (*text != '\0' && !altoscope_trust_anchor_file_check (text, &error))
    {
      g_autofree char *why = g_strdup_printf (_("Not usable: %s"), error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->anchor_entry), "error");
      gtk_label_set_text (self->anchor_status, why);
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->anchor_entry), "error");
}

static void
on_anchor_apply_cb (AltoscopePreferences *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->anchor_entry));
  g_autoptr(GError) error = NULL;

  if (*text != '\0' && !altoscope_trust_anchor_file_check (text, &error))
    {
      on_anchor_changed_cb (self);
      return;
    }
  g_settings_set_string (settings_of (self), "trust-anchor-file", text);
  show_anchor (self);
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
  gtk_widget_class_bind_template_child (widget_class, AltoscopePreferences, auto_switch);
  gtk_widget_class_bind_template_child (widget_class, AltoscopePreferences, dhcp_switch);
  gtk_widget_class_bind_template_child (widget_class, AltoscopePreferences, ca_entry);
  gtk_widget_class_bind_template_child (widget_class, AltoscopePreferences, ca_status);
  gtk_widget_class_bind_template_child (widget_class, AltoscopePreferences, validate_switch);
  gtk_widget_class_bind_template_child (widget_class, AltoscopePreferences, anchor_entry);
  gtk_widget_class_bind_template_child (widget_class, AltoscopePreferences, anchor_status);
  gtk_widget_class_bind_template_callback (widget_class, on_anchor_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_anchor_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_ca_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_ca_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_ca_clear_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_ca_choose_cb);
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
  /* Off unless chosen: a check contacts the server. */
  g_settings_bind (settings_of (self), "check-automatically", self->auto_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  /* Off unless chosen: asking needs authentication. */
  g_settings_bind (settings_of (self), "dhcp-ask-automatically", self->dhcp_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  show_ca (self);
  g_settings_bind (settings_of (self), "validate-dnssec", self->validate_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  show_anchor (self);
  return self;
}
