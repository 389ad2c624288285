/* altoscope-dhcp-rows.c: every DHCP option NetworkManager reports for a
 * link, the ALTO-relevant ones highlighted and decoded
 *
 * Option names and values may be hostile: they are plain text, made safe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "altoscope-dhcp.h"
#include "altoscope-dhcp-rows.h"
#include "altoscope-text.h"

static void
add_rows (GtkListBox      *list,
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
      gtk_list_box_append (list, GTK_WIDGET (row));
      return;
    }

  alto = altoscope_dhcp_find_alto_values (options, family);
  keys = altoscope_dhcp_sorted_keys (options, &n);
  for (guint i = 0; i < n; i++)
    {
      const char *key = keys[i];
      AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
      int option = altoscope_dhcp_option_for_key (key, family);
      g_autofree char *k = altoscope_text_safe (key);
      g_autofree char *v = altoscope_text_safe (g_hash_table_lookup (options, key));
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
                g_autofree char *safe_text = altoscope_text_safe (text);
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
      gtk_list_box_append (list, GTK_WIDGET (row));
    }
}

/* Shows the options of @link (NULL: none) in @list.  The rows are made
 * again only when the options changed, not at every update of the link. */
void
altoscope_dhcp_rows_update (GtkListBox    *list,
                            AltoscopeLink *link)
{
  g_autofree char *print = NULL;
  GtkWidget *child;

  if (link != NULL)
    {
      g_autofree char *p4 = altoscope_link_fingerprint (link, ALTOSCOPE_FAMILY_IPV4, TRUE);
      g_autofree char *p6 = altoscope_link_fingerprint (link, ALTOSCOPE_FAMILY_IPV6, TRUE);
      print = g_strconcat (p4, "\n", p6, NULL);
    }
  if (g_strcmp0 (g_object_get_data (G_OBJECT (list), "altoscope-print"), print) == 0)
    return;
  g_object_set_data_full (G_OBJECT (list), "altoscope-print", g_strdup (print), g_free);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
  if (link != NULL)
    for (AltoscopeFamily f = 0; f < ALTOSCOPE_N_FAMILIES; f++)
      add_rows (list, link, f);
}
