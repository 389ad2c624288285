/* altoscope-compare-window.c
 *
 * "Compare with This Computer": the differences between a report and what
 * this computer's discovery holds now (altoscope_report_diff, the list
 * `altoscope-cli diff` prints), per interface and family both have, each
 * a row saying what differs and both sides in words; the pairs only one
 * side has, said as such.  A snapshot, made when the window opens: its
 * subtitle says when.  Everything from either side is plain text, made
 * safe; nothing is markup.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "altoscope-compare-window.h"
#include "altoscope-label-util.h"
#include "altoscope-report-diff.h"
#include "altoscope-text.h"

static const char *
what_differs (AltoscopeDifferenceKind kind)
{
  switch (kind)
    {
    case ALTOSCOPE_DIFFERENCE_ONLY_A: return _("Only in the report");
    case ALTOSCOPE_DIFFERENCE_ONLY_B: return _("Only on this computer");
    case ALTOSCOPE_DIFFERENCE_DOMAIN: return _("Another domain");
    case ALTOSCOPE_DIFFERENCE_DOMAIN_SOURCE: return _("The domain comes from elsewhere");
    case ALTOSCOPE_DIFFERENCE_URI_REMOVED: return _("A URI only the report has");
    case ALTOSCOPE_DIFFERENCE_URI_ADDED: return _("A URI only this computer has");
    case ALTOSCOPE_DIFFERENCE_URI_ORDER: return _("The URIs in another order");
    case ALTOSCOPE_DIFFERENCE_DNSSEC: return _("Another DNSSEC status");
    case ALTOSCOPE_DIFFERENCE_FAILURE: return _("Another failure");
    default: return _("A difference");
    }
}

/* Whose the difference is, as the window says it elsewhere: "alto0, IPv6"
 * (the core's label, "alto0 ipv6", is the CLI's). */
static char *
pair_words (AltoscopeDifference *d)
{
  const char *interface = altoscope_difference_get_interface (d);
  g_autofree char *safe = NULL;
  AltoscopeFamily family;

  if (interface == NULL)
    return g_strdup (_("No interface"));
  safe = altoscope_text_safe (interface);
  if (!altoscope_family_from_string (altoscope_difference_get_family (d), &family))
    return g_steal_pointer (&safe);
  /* TRANSLATORS: an interface or VPN name, then "IPv4" or "IPv6" */
  return g_strdup_printf (C_("interface and family", "%s, %s"), safe,
                          altoscope_family_to_label (family));
}

static GtkWidget *
difference_row (AltoscopeDifference *d)
{
  AltoscopeDifferenceKind kind = altoscope_difference_get_kind (d);
  g_autofree char *label = pair_words (d);
  g_autofree char *a = altoscope_text_safe (altoscope_difference_get_a (d));
  g_autofree char *b = altoscope_text_safe (altoscope_difference_get_b (d));
  /* TRANSLATORS: whose the difference is ("alto0, IPv4"), then what differs */
  g_autofree char *title = g_strdup_printf (C_("difference", "%s: %s"), label,
                                            what_differs (kind));
  g_autofree char *sub = NULL;
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  if (kind == ALTOSCOPE_DIFFERENCE_URI_REMOVED)
    sub = g_strdup (a);
  else if (kind == ALTOSCOPE_DIFFERENCE_URI_ADDED)
    sub = g_strdup (b);
  else if (kind != ALTOSCOPE_DIFFERENCE_ONLY_A && kind != ALTOSCOPE_DIFFERENCE_ONLY_B)
    sub = g_strdup_printf (_("In the report: %s\nOn this computer: %s"),
                           a ? a : _("none"), b ? b : _("none"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (sub != NULL)
    adw_action_row_set_subtitle (row, sub);
  adw_action_row_set_subtitle_lines (row, 0);
  adw_action_row_set_title_lines (row, 0);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  altoscope_labels_bound_wrapping (GTK_WIDGET (row));
  return GTK_WIDGET (row);
}

static GtkWidget *
content (GListModel *differences,
         const char *report_name)
{
  guint n = g_list_model_get_n_items (differences);
  GtkWidget *page, *group;

  if (n == 0)
    {
      /* An AdwStatusPage's description is markup in libadwaita 1.2. */
      g_autofree char *escaped = g_markup_escape_text (report_name, -1);
      g_autofree char *desc = g_strdup_printf (_("Every interface and family that both have "
                                                 "finds the same as in “%s”."), escaped);
      page = adw_status_page_new ();
      adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "emblem-ok-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (page), _("No Differences"));
      adw_status_page_set_description (ADW_STATUS_PAGE (page), desc);
      return page;
    }
  page = adw_preferences_page_new ();
  group = adw_preferences_group_new ();
  {
    g_autofree char *title = g_strdup_printf (ngettext ("%u Difference", "%u Differences", n), n);
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AltoscopeDifference) d = g_list_model_get_item (differences, i);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), difference_row (d));
    }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  return page;
}

/* A modal window listing the differences; Escape closes it. */
GtkWindow *
altoscope_compare_window_new (GtkWindow            *parent,
                              AltoscopeReportEntry *entry,
                              AltoscopeScheduler   *scheduler)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  g_autoptr(GPtrArray) now = altoscope_scheduler_dup_targets (scheduler);
  g_autoptr(GListModel) differences = altoscope_report_diff (
    altoscope_report_file_get_targets (altoscope_report_entry_get_report (entry)), now);
  g_autoptr(GDateTime) at = g_date_time_new_now_local ();
  g_autofree char *when = g_date_time_format (at, "%H:%M");
  g_autofree char *subtitle = g_strdup_printf (_("%s beside this computer at %s"),
                                               altoscope_report_entry_get_name (entry), when);
  GtkWidget *title = adw_window_title_new (_("Compare with This Computer"), subtitle);
  GtkEventController *keys = gtk_shortcut_controller_new ();

  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_title (GTK_WINDOW (window), _("Compare with This Computer"));
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 520);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  gtk_box_append (GTK_BOX (box), header);
  {
    GtkWidget *page = content (differences, altoscope_report_entry_get_name (entry));
    gtk_widget_set_vexpand (page, TRUE);
    gtk_box_append (GTK_BOX (box), page);
  }
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                      gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, keys);
  g_object_set_data (G_OBJECT (window), "altoscope-n-differences",
                     GUINT_TO_POINTER (g_list_model_get_n_items (differences)));
  return GTK_WINDOW (window);
}

/* For tests: how many differences the window lists. */
guint
altoscope_compare_window_get_n_differences (GtkWindow *window)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (window), "altoscope-n-differences"));
}
