/* altoscope-window-actions.c: what the window's menu and keys do (win.*)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "altoscope-report-file.h"
#include "altoscope-address-window.h"
#include "altoscope-report.h"
#include "altoscope-validator.h"
#include "altoscope-window-private.h"

static void
refresh_action (GtkWidget  *widget,
                const char *action,
                GVariant   *param)
{
  AltoscopeWindow *self = ALTOSCOPE_WINDOW (widget);

  /* The wait before retrying is kept: a pair inside it reports retry-wait
   * with its countdown instead of querying. */
  _altoscope_window_refresh_selected (self);
}

char *
altoscope_window_dup_report_text (AltoscopeWindow *self)
{
  g_autoptr(GPtrArray) targets = altoscope_scheduler_dup_targets (_altoscope_window_get_scheduler (self));
  g_autofree char *body = altoscope_report_to_text (targets, TRUE);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%F %T %Z");
  const char *status = altoscope_nm_model_get_status (_altoscope_window_get_model (self));

  return g_strdup_printf (_("Altoscope report, %s\n%s%s\n%s"), stamp,
                          status ? status : "", status ? "\n" : "", body);
}

static void
copy_report_action (GtkWidget  *widget,
                    const char *action,
                    GVariant   *param)
{
  AltoscopeWindow *self = ALTOSCOPE_WINDOW (widget);
  g_autofree char *text = altoscope_window_dup_report_text (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  _altoscope_window_toast (self, _("Report copied"));
}

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(AltoscopeWindow) self = data;
  g_autoptr(GError) error = NULL;

  if (g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    _altoscope_window_toast (self, _("Report saved"));
  else
    _altoscope_window_toast (self, error->message);
}

static void
on_save_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     AltoscopeWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GPtrArray) targets = altoscope_scheduler_dup_targets (_altoscope_window_get_scheduler (self));
      const char *note = g_object_get_data (G_OBJECT (dialog), "altoscope-note");
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GBytes) bytes = NULL;
      char *text;

      /* The same report `altoscope-cli discover --json --note` prints. */
      root = altoscope_report_to_json_full (targets, NULL, NULL, note && *note ? note : NULL,
                                            altoscope_nm_model_status_to_json (
                                              _altoscope_window_get_model (self)));
      text = altoscope_json_to_string (root, TRUE);
      bytes = g_bytes_new_take (text, strlen (text));
      /* Replaced whole or not at all, off the main loop. */
      g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                           G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                           on_saved_cb, g_object_ref (self));
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
choose_file (GtkWidget  *widget,
             const char *note)
{
  GtkFileChooserNative *dialog =
    gtk_file_chooser_native_new (_("Save Report"), GTK_WINDOW (widget),
                                 GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Altoscope report"));
  gtk_file_filter_add_mime_type (filter, "application/x-altoscope-report+json");
  gtk_file_filter_add_suffix (filter, "altoscope.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  /* The extension of the report's MIME type: the receiver's file manager
   * opens it in Altoscope. */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), "report.altoscope.json");
  g_object_set_data_full (G_OBJECT (dialog), "altoscope-note", g_strdup (note), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_save_response_cb), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
on_contents_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         GtkEditable      *note)
{
  if (g_strcmp0 (response, "continue") == 0)
    choose_file (GTK_WIDGET (gtk_window_get_transient_for (GTK_WINDOW (dialog))),
                 gtk_editable_get_text (note));
}

/* Before the file: what a report holds, said plainly, and a note the
 * person may add for whoever receives it (issue 16, item 5). */
static void
save_report_action (GtkWidget  *widget,
                    const char *action,
                    GVariant   *param)
{
  GtkWidget *dialog = adw_message_dialog_new (
    GTK_WINDOW (widget), _("Save Report"),
    _("The report holds what this computer found for each interface and VPN: the "
      "interface and connection names (a Wi-Fi connection is often named after its "
      "network), their DNS and DHCP servers' addresses and ALTO DHCP options, the domain "
      "and where it came from, the DNS answers with their DNSSEC status, the ALTO servers "
      "found and the checks of them, the NetworkManager version and the time. It holds "
      "no host name and no hardware address. Whoever you send it to can read all of it."));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new_with_mnemonic (_("_Note for Whoever Receives It"));
  GtkWidget *note = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (note), _("Optional"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), note);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (note), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  label, NULL, -1);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), note);
  gtk_entry_set_max_length (GTK_ENTRY (note), ALTOSCOPE_REPORT_MAX_NOTE);
  gtk_entry_set_activates_default (GTK_ENTRY (note), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "continue", _("_Continue"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "continue",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "continue");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_contents_response_cb), note);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* "(ss)": the pair's key and the URI.  Checking contacts the server: it
 * runs only when the person asks (or turned on automatic checks). */
static void
check_uri_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AltoscopeScheduler *scheduler = _altoscope_window_get_scheduler (ALTOSCOPE_WINDOW (widget));
  const char *key, *uri;

  g_variant_get (parameter, "(&s&s)", &key, &uri);
  if (g_str_equal (action_name, "win.stop-check"))
    altoscope_scheduler_cancel_check (scheduler, key, uri);
  else if (!altoscope_scheduler_check (scheduler, key, uri))
    _altoscope_window_toast (ALTOSCOPE_WINDOW (widget),
                             _("That result is gone: the network changed. Check the new one."));
}

/* "s": the pair's key.  The window asks through pkexec and the helper. */
static void
ask_dhcp_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  AltoscopeScheduler *scheduler = _altoscope_window_get_scheduler (ALTOSCOPE_WINDOW (widget));

  if (!altoscope_scheduler_ask_dhcp (scheduler, g_variant_get_string (parameter, NULL)))
    _altoscope_window_toast (ALTOSCOPE_WINDOW (widget),
                             _("That interface is gone: the network changed."));
}

/* RFC 8686 for an address typed in, asked the way the selected entry's
 * pairs ask (its DNS servers, else the system's resolver), validated as
 * Preferences say, with an anchor file that became unusable left out as
 * the pairs leave it out. */
static void
find_for_address_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  AltoscopeWindow *self = ALTOSCOPE_WINDOW (widget);
  GSettings *settings = altoscope_overrides_get_settings (_altoscope_window_get_overrides (self));
  g_autofree char *anchor = g_settings_get_string (settings, "trust-anchor-file");
  const char *anchors[] = { anchor, NULL };
  AltoscopeAddressWindow *window =
    altoscope_address_window_new (GTK_WINDOW (self), _altoscope_window_get_address_backoff (self));

  if (*anchor == '\0' || !altoscope_trust_anchor_file_check (anchor, NULL))
    anchors[0] = NULL;
  altoscope_address_window_set_validation (window,
                                           g_settings_get_boolean (settings, "validate-dnssec"),
                                           anchors);
  altoscope_address_window_set_link (window, _altoscope_window_get_selected_link (self));
  gtk_window_present (GTK_WINDOW (window));
}

/* The shortcuts window is built when asked for.  Not GTK's automatic
 * gtk/help-overlay.ui: GtkApplicationWindow builds that one with every
 * window, before its first frame, for a window most people never open. */
static void
shortcuts_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWindow *shortcuts;

  /* One per window: asked again, the one open is raised. */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (GTK_IS_SHORTCUTS_WINDOW (w) && gtk_window_get_transient_for (w) == GTK_WINDOW (widget))
        {
          gtk_window_present (w);
          return;
        }
    }
  builder = gtk_builder_new_from_resource ("/org/altoscope/Altoscope/altoscope-shortcuts.ui");
  shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
  gtk_window_set_transient_for (shortcuts, GTK_WINDOW (widget));
  gtk_window_set_destroy_with_parent (shortcuts, TRUE);
  gtk_window_present (shortcuts);
}

void
_altoscope_window_install_actions (GtkWidgetClass *widget_class)
{
  _altoscope_window_install_report_actions (widget_class);
  gtk_widget_class_install_action (widget_class, "win.ask-dhcp", "s", ask_dhcp_action);
  gtk_widget_class_install_action (widget_class, "win.check-uri", "(ss)", check_uri_action);
  gtk_widget_class_install_action (widget_class, "win.stop-check", "(ss)", check_uri_action);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.copy-report", NULL, copy_report_action);
  gtk_widget_class_install_action (widget_class, "win.save-report", NULL, save_report_action);
  gtk_widget_class_install_action (widget_class, "win.find-for-address", NULL,
                                   find_for_address_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL,
                                   shortcuts_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.copy-report", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "win.save-report", NULL);
  /* Ctrl+L, as a browser's location: type an address.  Ctrl+F stays free
   * for searching the window. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK,
                                       "win.find-for-address", NULL);
}
