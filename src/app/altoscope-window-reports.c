/* altoscope-window-reports.c
 *
 * Reports someone sent, in the window (issue 16): opened from the command
 * line (`altoscope FILE…`, a file manager's Open With), from Open Report…
 * (Ctrl+O) and by dropping files on the window.  Each is read off the
 * main loop as untrusted input (altoscope-report-file.c); one that is not
 * valid is said in a toast, with what is wrong, and nothing else changes.
 * A valid one adds its interfaces to the sidebar under a header of its own
 * (its file, when it was made, by what, the note it carries, and a Close
 * button), after the live entries; their pages are the same family views,
 * bound to the report's pairs and read-only.  Compare with This Computer
 * lists what differs from what this computer sees now.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "altoscope-compare-window.h"
#include "altoscope-sidebar-row.h"
#include "altoscope-text.h"
#include "altoscope-window-private.h"
#include "altoscope-tooltip.h"

/* ---- opening ------------------------------------------------------------------ */

typedef struct
{
  AltoscopeWindow *window;
  GFile *file;
} Opening;

static void
opening_free (Opening *o)
{
  g_object_unref (o->window);
  g_object_unref (o->file);
  g_free (o);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Opening, opening_free)

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(Opening) opening = data;
  AltoscopeWindow *self = opening->window;
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeReportFile) report = altoscope_report_file_load_finish (result, &error);
  g_autofree char *base = g_file_get_basename (opening->file);
  g_autofree char *name = altoscope_text_safe (base);
  GListModel *links;
  g_autofree char *first = NULL;

  if (report == NULL)
    {
      g_autofree char *msg = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      {
        g_autofree char *why = altoscope_text_safe (error->message);
        msg = g_strdup_printf (_("“%s” could not be opened: %s"), name, why);
      }
      _altoscope_window_toast (self, msg);
      return;
    }
  links = altoscope_report_file_get_links (report);
  if (g_list_model_get_n_items (links) == 0)
    {
      g_autofree char *msg = g_strdup_printf (_("“%s” holds no interface to show; "
                                                "altoscope-cli show prints all of it"), name);
      _altoscope_window_toast (self, msg);
      return;
    }
  for (guint i = 0; i < g_list_model_get_n_items (links); i++)
    {
      g_autoptr(AltoscopeLink) link = g_list_model_get_item (links, i);
      g_autoptr(AltoscopeReportEntry) entry = altoscope_report_entry_new (report, name, link);

      if (first == NULL)
        first = altoscope_report_entry_dup_key (entry);
      g_list_store_append (_altoscope_window_get_report_entries (self), entry);
    }
  /* What was opened is what is shown. */
  _altoscope_window_select_key (self, first);
}

/**
 * altoscope_window_open_files:
 *
 * Opens each of @files as a report, each in its own time; one that cannot
 * be read is said in a toast and changes nothing.
 */
void
altoscope_window_open_files (AltoscopeWindow  *self,
                             GFile           **files,
                             guint             n_files)
{
  for (guint i = 0; i < n_files; i++)
    {
      Opening *o = g_new0 (Opening, 1);

      o->window = g_object_ref (self);
      o->file = g_object_ref (files[i]);
      altoscope_report_file_load_async (files[i], _altoscope_window_get_loading (self),
                                        on_loaded_cb, o);
    }
}

static void
on_open_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     AltoscopeWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        g_ptr_array_add (list, g_list_model_get_item (files, i));
      altoscope_window_open_files (self, (GFile **) list->pdata, list->len);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
open_report_action (GtkWidget  *widget,
                    const char *action,
                    GVariant   *param)
{
  GtkFileChooserNative *dialog =
    gtk_file_chooser_native_new (_("Open Report"), GTK_WINDOW (widget),
                                 GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  g_autoptr(GtkFileFilter) reports = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) json = gtk_file_filter_new ();

  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (dialog), TRUE);
  gtk_file_filter_set_name (reports, _("Altoscope reports"));
  gtk_file_filter_add_mime_type (reports, "application/x-altoscope-report+json");
  gtk_file_filter_add_suffix (reports, "altoscope.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), reports);
  /* A report saved under another name, or printed by the CLI. */
  gtk_file_filter_set_name (json, _("All JSON files"));
  gtk_file_filter_add_mime_type (json, "application/json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), json);
  g_signal_connect (dialog, "response", G_CALLBACK (on_open_response_cb), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static gboolean
on_drop_cb (GtkDropTarget   *target,
            const GValue    *value,
            double           x,
            double           y,
            AltoscopeWindow *self)
{
  GSList *files = g_value_get_boxed (value);
  g_autoptr(GPtrArray) list = g_ptr_array_new ();

  for (GSList *l = files; l != NULL; l = l->next)
    g_ptr_array_add (list, l->data);
  altoscope_window_open_files (self, (GFile **) list->pdata, list->len);
  return list->len > 0;
}

void
_altoscope_window_setup_reports (AltoscopeWindow *self)
{
  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect_object (drop, "drop", G_CALLBACK (on_drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

/* ---- the sidebar's section per report --------------------------------------------- */

static AltoscopeReportEntry *
entry_of (GtkListBoxRow *row)
{
  return row ? altoscope_sidebar_row_get_report_entry (ALTOSCOPE_SIDEBAR_ROW (row)) : NULL;
}

static GtkWidget *
header_for (AltoscopeReportEntry *entry)
{
  AltoscopeReportFile *report = altoscope_report_entry_get_report (entry);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (altoscope_report_entry_get_name (entry));
  GtkWidget *close = gtk_button_new_from_icon_name ("window-close-symbolic");
  GDateTime *made = altoscope_report_file_get_generated_at (report);
  g_autoptr(GDateTime) local = made ? g_date_time_to_local (made) : NULL;
  g_autofree char *when = local ? g_date_time_format (local, _("%e %b %Y, %H:%M")) : NULL;
  g_autofree char *by = g_strdup_printf (_("Made %s by %s"), when ? g_strstrip (when) : "?",
                                         altoscope_report_file_get_generator (report)
                                         ? altoscope_report_file_get_generator (report) : "?");
  g_autofree char *close_name = g_strdup_printf (_("Close the Report %s"),
                                                 altoscope_report_entry_get_name (entry));
  GtkWidget *line = gtk_label_new (by);

  gtk_widget_add_css_class (box, "report-header");
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (line), 0);
  gtk_label_set_wrap (GTK_LABEL (line), TRUE);
  gtk_widget_add_css_class (line, "dim-label");
  gtk_widget_add_css_class (line, "caption");
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), line);
  if (altoscope_report_file_get_note (report) != NULL)
    {
      g_autofree char *note = g_strdup_printf (_("Note: %s"),
                                               altoscope_report_file_get_note (report));
      GtkWidget *n = gtk_label_new (note);

      gtk_label_set_xalign (GTK_LABEL (n), 0);
      gtk_label_set_wrap (GTK_LABEL (n), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (n), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_width_chars (GTK_LABEL (n), 8);
      /* A long note would push the report's entries away: three lines,
       * the whole in its tooltip. */
      gtk_label_set_lines (GTK_LABEL (n), 3);
      gtk_label_set_ellipsize (GTK_LABEL (n), PANGO_ELLIPSIZE_END);
      altoscope_widget_set_tooltip (n, note);
      gtk_widget_add_css_class (n, "caption");
      gtk_box_append (GTK_BOX (text), n);
    }
  gtk_widget_add_css_class (close, "flat");
  gtk_widget_set_valign (close, GTK_ALIGN_START);
  altoscope_widget_set_tooltip (close, close_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (close), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  close_name, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (close), "win.close-report");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (close), "t",
                                    (guint64) GPOINTER_TO_SIZE (report));
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), close);
  return box;
}

/* A header above the first entry of each report: which report it is. */
void
_altoscope_window_report_header_cb (GtkListBoxRow *row,
                                    GtkListBoxRow *before,
                                    gpointer       data)
{
  AltoscopeReportEntry *entry = entry_of (row);
  AltoscopeReportEntry *prev = entry_of (before);

  if (entry == NULL || (prev != NULL && altoscope_report_entry_get_report (prev)
                                        == altoscope_report_entry_get_report (entry)))
    {
      if (gtk_list_box_row_get_header (row) != NULL)
        gtk_list_box_row_set_header (row, NULL);
      return;
    }
  if (gtk_list_box_row_get_header (row) == NULL)
    gtk_list_box_row_set_header (row, header_for (entry));
}

/* ---- actions -------------------------------------------------------------------- */

/* "t": the report (its address, only ever compared). */
static void
close_report_action (GtkWidget  *widget,
                     const char *action,
                     GVariant   *param)
{
  GListStore *entries = _altoscope_window_get_report_entries (ALTOSCOPE_WINDOW (widget));
  gpointer report = GSIZE_TO_POINTER ((gsize) g_variant_get_uint64 (param));

  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (entries)); i > 0; i--)
    {
      g_autoptr(AltoscopeReportEntry) e = g_list_model_get_item (G_LIST_MODEL (entries), i - 1);
      if ((gpointer) altoscope_report_entry_get_report (e) == report)
        g_list_store_remove (entries, i - 1);
    }
}

static void
compare_report_action (GtkWidget  *widget,
                       const char *action,
                       GVariant   *param)
{
  AltoscopeWindow *self = ALTOSCOPE_WINDOW (widget);
  AltoscopeReportEntry *entry = _altoscope_window_get_selected_report (self);
  GtkWindow *compare;

  if (entry == NULL)
    return;
  compare = altoscope_compare_window_new (GTK_WINDOW (self), entry,
                                          _altoscope_window_get_scheduler (self));
  gtk_window_present (compare);
}

void
_altoscope_window_install_report_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open-report", NULL, open_report_action);
  gtk_widget_class_install_action (widget_class, "win.close-report", "t", close_report_action);
  gtk_widget_class_install_action (widget_class, "win.compare-report", NULL,
                                   compare_report_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "win.open-report", NULL);
}
