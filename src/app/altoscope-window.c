/* altoscope-window.c: interfaces on the left, one interface on the right
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "altoscope-dhcp.h"
#include "altoscope-report.h"
#include "altoscope-text.h"
#include "altoscope-window.h"

#define SAFE(s) altoscope_text_make_safe ((s), 400)
#define DEFAULT_ENTRY "*default*"

struct _AltoscopeWindow
{
  AdwApplicationWindow parent_instance;

  AdwToastOverlay *toasts;
  AdwLeaflet *leaflet;
  GtkRevealer *nm_revealer;
  GtkLabel *nm_label;
  GtkListBox *sidebar;
  AdwWindowTitle *page_title;
  GtkStack *stack;
  AltoscopeFamilyView *view4;
  AltoscopeFamilyView *view6;
  AdwPreferencesGroup *dhcp_group;
  GtkListBox *dhcp_list;

  AltoscopeNmModel *model;
  AltoscopeScheduler *monitor;
  AltoscopeOverrides *overrides;
  char *selected;               /* link key (altoscope_link_dup_key), DEFAULT_ENTRY, or NULL */
  char *wanted;                 /* to select once it appears (--interface) */
  GHashTable *seen;             /* pair key -> results seen (for "ran again" toasts) */
  gboolean rebuilding;
};

G_DEFINE_FINAL_TYPE (AltoscopeWindow, altoscope_window, ADW_TYPE_APPLICATION_WINDOW)

/* An AdwToast's title is Pango markup in libadwaita 1.2: names and
 * messages in it must be escaped. */
static void
show_toast (AltoscopeWindow *self,
            const char      *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (escaped));
}

/* Entries are known by their link's key: a VPN by its connection UUID,
 * so that two VPNs of one name, or a VPN named like a device, stay apart. */
static char *
pair_key (const char      *entry,
          AltoscopeFamily  family)
{
  if (g_strcmp0 (entry, DEFAULT_ENTRY) == 0)
    return g_strdup (ALTOSCOPE_SCHEDULER_DEFAULT_KEY);
  return g_strdup_printf ("%s/%s", entry, altoscope_family_to_string (family));
}

static AltoscopeLink *
find_link (AltoscopeWindow *self,
           const char      *entry)
{
  return entry ? altoscope_nm_model_find_by_key (self->model, entry) : NULL;
}

/* Does @row show the entry a person named (a name, a VPN's UUID)? */
static gboolean
row_matches (GtkWidget  *row,
             const char *name_or_uuid)
{
  AltoscopeLink *link = g_object_get_data (G_OBJECT (row), "altoscope-link");

  if (link != NULL)
    return altoscope_link_matches (link, name_or_uuid);
  return g_strcmp0 (g_object_get_data (G_OBJECT (row), "altoscope-key"), name_or_uuid) == 0;
}

static const char *
kind_icon (AltoscopeLink *link)
{
  const char *kind = link ? altoscope_link_get_kind (link) : NULL;

  if (link == NULL)
    return "preferences-system-symbolic";
  if (altoscope_link_get_is_vpn (link) || g_strcmp0 (kind, "wireguard") == 0)
    return "network-vpn-symbolic";
  if (g_strcmp0 (kind, "wifi") == 0)
    return "network-wireless-symbolic";
  return "network-wired-symbolic";
}

/* One mark per family: found / failed / running / no domain. */
static AltoscopeTarget *
report_of (AltoscopeWindow *self,
           const char      *key)
{
  AltoscopePair *pair = altoscope_scheduler_find_pair (self->monitor, key);
  return pair ? altoscope_pair_get_report (pair) : NULL;
}

static gboolean
is_running (AltoscopeWindow *self,
            const char      *key)
{
  AltoscopePair *pair = altoscope_scheduler_find_pair (self->monitor, key);
  return pair != NULL && altoscope_pair_get_state (pair) == ALTOSCOPE_PAIR_DISCOVERING;
}

static GtkWidget *
family_mark (AltoscopeWindow *self,
             const char      *name,
             AltoscopeFamily  family)
{
  g_autofree char *key = pair_key (name, family);
  AltoscopeTarget *target = report_of (self, key);
  const char *fam = family == ALTOSCOPE_FAMILY_IPV4 ? "IPv4" : "IPv6";
  g_autofree char *tip = NULL;
  GtkWidget *mark;

  if (is_running (self, key))
    {
      mark = gtk_spinner_new ();
      gtk_spinner_set_spinning (GTK_SPINNER (mark), TRUE);
      tip = g_strdup_printf (_("%s: discovering"), fam);
    }
  else if (target == NULL)
    return NULL;
  else if (!altoscope_target_get_failed (target))
    {
      mark = gtk_image_new_from_icon_name ("emblem-ok-symbolic");
      gtk_widget_add_css_class (mark, "status-found");
      tip = g_strdup_printf (_("%s: ALTO server found"), fam);
    }
  else if (altoscope_target_get_error_code (target) == ALTOSCOPE_ERROR_NO_DOMAIN)
    {
      mark = gtk_image_new_from_icon_name ("dialog-question-symbolic");
      gtk_widget_add_css_class (mark, "status-none");
      tip = g_strdup_printf (_("%s: no domain"), fam);
    }
  else
    {
      mark = gtk_image_new_from_icon_name ("dialog-error-symbolic");
      gtk_widget_add_css_class (mark, "status-failed");
      tip = g_strdup_printf (_("%s: failed"), fam);
    }
  gtk_widget_set_tooltip_text (mark, tip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (mark), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
  return mark;
}

static const char *
state_label (const char *state)
{
  if (g_strcmp0 (state, "connected") == 0) return _("connected");
  if (g_strcmp0 (state, "connecting") == 0) return _("connecting");
  if (g_strcmp0 (state, "disconnected") == 0) return _("disconnected");
  if (g_strcmp0 (state, "disconnecting") == 0) return _("disconnecting");
  if (g_strcmp0 (state, "unavailable") == 0) return _("unavailable");
  if (g_strcmp0 (state, "unmanaged") == 0) return _("unmanaged");
  if (g_strcmp0 (state, "failed") == 0) return _("failed");
  return _("unknown state");
}

static GtkWidget *
sidebar_row (AltoscopeWindow *self,
             const char      *entry,
             AltoscopeLink   *link)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  g_autofree char *safe = SAFE (link ? altoscope_link_get_name (link) : NULL);
  g_autofree char *sub = NULL;

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (kind_icon (link)));
  gtk_label_set_text (GTK_LABEL (title), link ? safe : _("Default domain"));
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  if (link == NULL)
    sub = g_strdup (_("without NetworkManager"));
  else if (altoscope_link_get_is_vpn (link))
    {
      g_autofree char *parent = SAFE (altoscope_link_get_parent (link));
      sub = g_strdup_printf (_("VPN over %s · %s"), parent,
                             state_label (altoscope_link_get_state (link)));
    }
  else
    sub = g_strdup_printf ("%s · %s", altoscope_link_get_kind (link),
                           state_label (altoscope_link_get_state (link)));
  gtk_label_set_text (GTK_LABEL (subtitle), sub);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), subtitle);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (box), text);

  /* The default domain is one pair, not one per family. */
  for (AltoscopeFamily f = 0; f < (link ? ALTOSCOPE_N_FAMILIES : 1); f++)
    {
      GtkWidget *mark = family_mark (self, entry, f);
      if (mark != NULL)
        gtk_box_append (GTK_BOX (box), mark);
    }

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "altoscope-key", g_strdup (entry), g_free);
  if (link != NULL)
    g_object_set_data_full (G_OBJECT (row), "altoscope-link", g_object_ref (link),
                            g_object_unref);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  link ? safe : _("Default domain"), -1);
  return row;
}

static void
add_dhcp_rows (AltoscopeWindow *self,
               AltoscopeLink   *link,
               AltoscopeFamily  family)
{
  GHashTable *options = altoscope_link_get_dhcp_options (link, family);
  g_autofree const char **keys = NULL;
  g_autoptr(GPtrArray) alto = NULL;
  guint n = 0;

  if (options == NULL)
    {
      AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     family == ALTOSCOPE_FAMILY_IPV4 ? _("No DHCPv4 lease")
                                                                     : _("No DHCPv6 lease"));
      gtk_list_box_append (self->dhcp_list, GTK_WIDGET (row));
      return;
    }

  alto = altoscope_dhcp_find_alto_values (options, family);
  keys = altoscope_dhcp_sorted_keys (options, &n);
  for (guint i = 0; i < n; i++)
    {
      const char *key = keys[i];
      AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
      int option = altoscope_dhcp_option_for_key (key, family);
      g_autofree char *k = SAFE (key);
      g_autofree char *v = SAFE (g_hash_table_lookup (options, key));
      g_autofree char *title = g_strdup_printf ("%s · %s", family == ALTOSCOPE_FAMILY_IPV4
                                                             ? "DHCPv4" : "DHCPv6", k);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (row, v);
      adw_action_row_set_subtitle_lines (row, 2);
      if (option != 0)
        {
          /* The ALTO-relevant ones, highlighted and decoded. */
          GtkWidget *decoded = gtk_label_new (NULL);
          for (guint j = 0; j < alto->len; j++)
            {
              AltoscopeDhcpValue *value = alto->pdata[j];
              g_autofree char *text = NULL;
              if (!g_str_equal (value->key, key))
                continue;
              text = value->domain
                ? g_strdup_printf (_("option %d: %s"), value->option, value->domain)
                : g_strdup_printf (_("option %d: malformed — %s"), value->option, value->error);
              {
                /* An error message may quote bytes of the hostile value. */
                g_autofree char *safe_text = SAFE (text);
                gtk_label_set_text (GTK_LABEL (decoded), safe_text);
                gtk_widget_set_tooltip_text (decoded, safe_text);
              }
            }
          gtk_label_set_ellipsize (GTK_LABEL (decoded), PANGO_ELLIPSIZE_END);
          gtk_label_set_max_width_chars (GTK_LABEL (decoded), 40);
          gtk_widget_add_css_class (decoded, "alto-option");
          adw_action_row_add_suffix (row, decoded);
          gtk_widget_add_css_class (GTK_WIDGET (row), "alto-option-row");
        }
      gtk_list_box_append (self->dhcp_list, GTK_WIDGET (row));
    }
}

static void
show_selected (AltoscopeWindow *self)
{
  AltoscopeLink *link = find_link (self, self->selected);
  GtkWidget *child;
  AltoscopeFamilyView *views[2] = { self->view4, self->view6 };

  if (self->selected == NULL
      || (link == NULL && g_strcmp0 (self->selected, DEFAULT_ENTRY) != 0))
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      adw_window_title_set_title (self->page_title, "");
      adw_window_title_set_subtitle (self->page_title, "");
      gtk_window_set_title (GTK_WINDOW (self), _("Altoscope"));
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "page");
  if (link != NULL)
    {
      g_autofree char *title = SAFE (altoscope_link_get_name (link));
      g_autofree char *sub = NULL;

      if (altoscope_link_get_is_vpn (link))
        {
          g_autofree char *parent = SAFE (altoscope_link_get_parent (link));
          g_autofree char *tunnel = SAFE (altoscope_link_get_ip_interface (link));
          sub = altoscope_link_get_ip_interface (link)
            ? g_strdup_printf (_("VPN over %s, through %s"), parent, tunnel)
            : g_strdup_printf (_("VPN over %s"), parent);
        }
      else
        sub = SAFE (altoscope_link_get_connection_id (link));
      adw_window_title_set_title (self->page_title, title);
      adw_window_title_set_subtitle (self->page_title, sub);
      /* The window switcher and the task bar name the entry shown. */
      {
        g_autofree char *window_title = g_strdup_printf (_("%s — Altoscope"), title);
        gtk_window_set_title (GTK_WINDOW (self), window_title);
      }
    }
  else
    {
      g_autofree char *window_title = g_strdup_printf (_("%s — Altoscope"), _("Default domain"));
      adw_window_title_set_title (self->page_title, _("Default domain"));
      adw_window_title_set_subtitle (self->page_title, _("NetworkManager is not available"));
      gtk_window_set_title (GTK_WINDOW (self), window_title);
    }

  for (AltoscopeFamily f = 0; f < ALTOSCOPE_N_FAMILIES; f++)
    {
      g_autofree char *key = pair_key (self->selected, f);
      gboolean shown = link == NULL ? f == ALTOSCOPE_FAMILY_IPV4 : altoscope_link_has_ip (link, f);

      gtk_widget_set_visible (GTK_WIDGET (views[f]), shown);
      if (shown)
        altoscope_family_view_show (views[f], f, link,
                                    report_of (self, key),
                                    is_running (self, key),
                                    link ? self->overrides : NULL);
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->dhcp_list))) != NULL)
    gtk_list_box_remove (self->dhcp_list, child);
  gtk_widget_set_visible (GTK_WIDGET (self->dhcp_group), link != NULL);
  if (link != NULL)
    for (AltoscopeFamily f = 0; f < ALTOSCOPE_N_FAMILIES; f++)
      add_dhcp_rows (self, link, f);
}

static void
rebuild_sidebar (AltoscopeWindow *self)
{
  GtkWidget *child;
  GtkListBoxRow *to_select = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  gboolean nm = altoscope_nm_model_get_nm_running (self->model);
  const char *status = altoscope_nm_model_get_status (self->model);

  self->rebuilding = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar))) != NULL)
    gtk_list_box_remove (self->sidebar, child);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AltoscopeLink) link = g_list_model_get_item (G_LIST_MODEL (self->model), i);
      g_autofree char *key = altoscope_link_dup_key (link);
      GtkWidget *row = sidebar_row (self, key, link);
      gtk_list_box_append (self->sidebar, row);
      if (g_strcmp0 (self->selected, key) == 0)
        to_select = GTK_LIST_BOX_ROW (row);
    }
  if (report_of (self, ALTOSCOPE_SCHEDULER_DEFAULT_KEY) != NULL
      || is_running (self, ALTOSCOPE_SCHEDULER_DEFAULT_KEY))
    {
      GtkWidget *row = sidebar_row (self, DEFAULT_ENTRY, NULL);
      gtk_list_box_append (self->sidebar, row);
      if (g_strcmp0 (self->selected, DEFAULT_ENTRY) == 0)
        to_select = GTK_LIST_BOX_ROW (row);
    }

  gtk_revealer_set_reveal_child (self->nm_revealer, !nm && status != NULL);
  if (status != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("%s. Set a default domain in Preferences to "
                                                 "discover without it."), status);
      gtk_label_set_text (self->nm_label, text);
    }

  /* Asked for on the command line: chosen as soon as it is there. */
  if (self->wanted != NULL)
    for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar)); row;
         row = gtk_widget_get_next_sibling (row))
      if (row_matches (row, self->wanted))
        {
          to_select = GTK_LIST_BOX_ROW (row);
          g_clear_pointer (&self->wanted, g_free);
          break;
        }

  /* Nothing chosen yet, or the chosen entry went away: the first one. */
  if (to_select == NULL)
    to_select = gtk_list_box_get_row_at_index (self->sidebar, 0);
  gtk_list_box_select_row (self->sidebar, to_select);
  self->rebuilding = FALSE;
  if (to_select != NULL)
    {
      g_free (self->selected);
      self->selected = g_strdup (g_object_get_data (G_OBJECT (to_select), "altoscope-key"));
    }
  show_selected (self);
}

static void
on_row_selected_cb (AltoscopeWindow *self,
                    GtkListBoxRow   *row)
{
  if (self->rebuilding || row == NULL)
    return;
  g_free (self->selected);
  self->selected = g_strdup (g_object_get_data (G_OBJECT (row), "altoscope-key"));
  show_selected (self);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_back_clicked_cb (AltoscopeWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
on_result_cb (AltoscopeWindow *self,
              AltoscopeTarget *target)
{
  const char *iface = altoscope_target_get_interface (target);
  const char *family = altoscope_target_get_family (target);
  const char *uuid = altoscope_target_get_connection_uuid (target);
  g_autofree char *key = iface ? g_strdup_printf ("%s/%s/%s", iface, uuid ? uuid : "", family)
                               : g_strdup (ALTOSCOPE_SCHEDULER_DEFAULT_KEY);
  guint seen = GPOINTER_TO_UINT (g_hash_table_lookup (self->seen, key));

  g_hash_table_insert (self->seen, g_strdup (key), GUINT_TO_POINTER (seen + 1));
  rebuild_sidebar (self);

  /* A result after the first means something changed: say what. */
  if (seen > 0)
    {
      g_autofree char *name = SAFE (iface ? iface : _("Default domain"));
      g_autofree char *msg = NULL;
      guint n = altoscope_target_count_uris (target);

      if (n > 0)
        msg = g_strdup_printf (ngettext ("%s %s: discovery ran again, %u server found",
                                         "%s %s: discovery ran again, %u servers found", n),
                               name, family ? family : "", n);
      else
        msg = g_strdup_printf (_("%s %s: discovery ran again, %s"), name, family ? family : "",
                               altoscope_error_code_to_string (altoscope_target_get_error_code (target)));
      show_toast (self, msg);
    }
}

static void
on_changed_cb (AltoscopeWindow *self)
{
  rebuild_sidebar (self);
}

static void
on_retry_cb (AltoscopeWindow     *self,
             AltoscopeFamilyView *view)
{
  AltoscopeFamily family = view == self->view4 ? ALTOSCOPE_FAMILY_IPV4 : ALTOSCOPE_FAMILY_IPV6;
  g_autofree char *key = pair_key (self->selected, family);

  altoscope_scheduler_refresh (self->monitor, key);
  rebuild_sidebar (self);
}

static void
on_toast_cb (AltoscopeWindow *self,
             const char      *message)
{
  show_toast (self, message);
}

/* ---- actions ---------------------------------------------------------- */

static void
refresh_action (GtkWidget  *widget,
                const char *action,
                GVariant   *param)
{
  AltoscopeWindow *self = ALTOSCOPE_WINDOW (widget);

  /* The wait before retrying is kept: a pair inside it reports retry-wait
   * with its countdown instead of querying. */
  if (self->selected == NULL)
    altoscope_scheduler_refresh (self->monitor, NULL);
  else
    for (AltoscopeFamily f = 0; f < ALTOSCOPE_N_FAMILIES; f++)
      {
        g_autofree char *key = pair_key (self->selected, f);
        altoscope_scheduler_refresh (self->monitor, key);
      }
  rebuild_sidebar (self);
}

char *
altoscope_window_dup_report_text (AltoscopeWindow *self)
{
  g_autoptr(GPtrArray) targets = altoscope_scheduler_dup_targets (self->monitor);
  g_autofree char *body = altoscope_report_to_text (targets, TRUE);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%F %T %Z");
  const char *status = altoscope_nm_model_get_status (self->model);

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
  show_toast (self, _("Report copied"));
}

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(AltoscopeWindow) self = data;
  g_autoptr(GError) error = NULL;

  if (g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    show_toast (self, _("Report saved"));
  else
    show_toast (self, error->message);
}

static void
on_save_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     AltoscopeWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GPtrArray) targets = altoscope_scheduler_dup_targets (self->monitor);
      g_autoptr(JsonNode) root = altoscope_report_to_json (targets, NULL);
      g_autoptr(JsonBuilder) nm = json_builder_new ();
      g_autoptr(GBytes) bytes = NULL;
      char *text;

      json_builder_begin_object (nm);
      json_builder_set_member_name (nm, "running");
      json_builder_add_boolean_value (nm, altoscope_nm_model_get_nm_running (self->model));
      json_builder_set_member_name (nm, "status");
      json_builder_add_string_value (nm, altoscope_nm_model_get_status (self->model));
      json_builder_end_object (nm);
      json_object_set_member (json_node_get_object (root), "networkmanager",
                              json_builder_get_root (nm));
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
save_report_action (GtkWidget  *widget,
                    const char *action,
                    GVariant   *param)
{
  GtkFileChooserNative *dialog =
    gtk_file_chooser_native_new (_("Save Report"), GTK_WINDOW (widget),
                                 GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("JSON report"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), "altoscope-report.json");
  g_signal_connect (dialog, "response", G_CALLBACK (on_save_response_cb), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- for tests ---------------------------------------------------------- */

gboolean
altoscope_window_select (AltoscopeWindow *self,
                         const char      *name)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar)); row;
       row = gtk_widget_get_next_sibling (row))
    {
      if (row_matches (row, name))
        {
          gtk_list_box_select_row (self->sidebar, GTK_LIST_BOX_ROW (row));
          return TRUE;
        }
    }
  return FALSE;
}

AltoscopeFamilyView *
altoscope_window_get_view (AltoscopeWindow *self,
                           AltoscopeFamily  family)
{
  return family == ALTOSCOPE_FAMILY_IPV4 ? self->view4 : self->view6;
}

guint
altoscope_window_get_n_entries (AltoscopeWindow *self)
{
  guint n = 0;
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar)); row;
       row = gtk_widget_get_next_sibling (row))
    n++;
  return n;
}

const char *
altoscope_window_get_nm_text (AltoscopeWindow *self)
{
  return gtk_revealer_get_reveal_child (self->nm_revealer) ? gtk_label_get_text (self->nm_label)
                                                          : NULL;
}

/* ---- GObject ------------------------------------------------------------ */

static void
altoscope_window_dispose (GObject *object)
{
  AltoscopeWindow *self = ALTOSCOPE_WINDOW (object);

  g_clear_object (&self->model);
  g_clear_object (&self->monitor);
  g_clear_object (&self->overrides);
  g_clear_pointer (&self->selected, g_free);
  g_clear_pointer (&self->wanted, g_free);
  g_clear_pointer (&self->seen, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), ALTOSCOPE_TYPE_WINDOW);
  G_OBJECT_CLASS (altoscope_window_parent_class)->dispose (object);
}

static void
altoscope_window_class_init (AltoscopeWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = altoscope_window_dispose;

  g_type_ensure (ALTOSCOPE_TYPE_FAMILY_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/altoscope/Altoscope/altoscope-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AltoscopeWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeWindow, nm_revealer);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeWindow, nm_label);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeWindow, page_title);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeWindow, view4);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeWindow, view6);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeWindow, dhcp_group);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeWindow, dhcp_list);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.copy-report", NULL, copy_report_action);
  gtk_widget_class_install_action (widget_class, "win.save-report", NULL, save_report_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.copy-report", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "win.save-report", NULL);
}

static void
altoscope_window_init (AltoscopeWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (DEVELOPMENT)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

AltoscopeWindow *
altoscope_window_new (AdwApplication     *app,
                      AltoscopeNmModel   *model,
                      AltoscopeScheduler   *monitor,
                      AltoscopeOverrides *overrides)
{
  AltoscopeWindow *self = g_object_new (ALTOSCOPE_TYPE_WINDOW, "application", app, NULL);

  self->model = g_object_ref (model);
  self->monitor = g_object_ref (monitor);
  self->overrides = g_object_ref (overrides);

  g_signal_connect_object (model, "items-changed", G_CALLBACK (on_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (model, "notify::status", G_CALLBACK (on_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (monitor, "result", G_CALLBACK (on_result_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (monitor, "started", G_CALLBACK (on_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (monitor, "removed", G_CALLBACK (on_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view4, "retry", G_CALLBACK (on_retry_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view6, "retry", G_CALLBACK (on_retry_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view4, "toast", G_CALLBACK (on_toast_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view6, "toast", G_CALLBACK (on_toast_cb), self,
                           G_CONNECT_SWAPPED);
  rebuild_sidebar (self);
  return self;
}

void
altoscope_window_set_wanted (AltoscopeWindow *self,
                             const char      *name)
{
  g_free (self->wanted);
  self->wanted = g_strdup (name);
  rebuild_sidebar (self);
}
