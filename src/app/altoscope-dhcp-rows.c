/* altoscope-dhcp-rows.c: the DHCP options NetworkManager reports for a
 * link, as rows that help (issue 15, item 8)
 *
 * Per family, a header row, then the options step 1 looks at (213 and 15,
 * or 57) said outright: the value, or that NetworkManager did not report
 * it, or that the server did not send it (altoscope_dhcp_option_status
 * decides, not this file); then, each folded into an expander whose rows
 * are made when it is first opened, every other option with its number
 * (times as dates, lease times in words) and the client's "requested_*"
 * flags.  The options step 1 looks at count the answer
 * of a server asked directly too (the window hands in what the pairs'
 * results hold), so the table and the family view say the same.
 *
 * Option names and values may be hostile: they are plain text, made safe,
 * never markup.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "altoscope-label-util.h"
#include "altoscope-dhcp.h"
#include "altoscope-dhcp-knowledge.h"
#include "altoscope-dhcp-rows.h"
#include "altoscope-info-row.h"
#include "altoscope-text.h"
#include "altoscope-tooltip.h"

static AltoscopeInfoRow *
plain_row (const char *title,
           const char *subtitle)
{
  AltoscopeInfoRow *row = ALTOSCOPE_INFO_ROW (altoscope_info_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  altoscope_info_row_set_subtitle (row, subtitle);
  return row;
}

/* The option's number in front of the row; nothing for a key that is no
 * option (ip_address, expiry). */
static void
add_number (AltoscopeInfoRow *row,
            int               option)
{
  g_autofree char *number = NULL;
  g_autofree char *tip = NULL;
  GtkWidget *label;

  if (option <= 0)
    return;
  number = g_strdup_printf ("%d", option);
  tip = g_strdup_printf (_("DHCP option %d"), option);
  label = gtk_label_new (number);
  gtk_label_set_width_chars (GTK_LABEL (label), 3);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  altoscope_widget_set_tooltip (label, tip);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "numeric");
  altoscope_info_row_add_prefix (row, label);
}

static void
append_header (GtkListBox      *list,
               AltoscopeFamily  family)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (family == ALTOSCOPE_FAMILY_IPV4 ? "DHCPv4" : "DHCPv6");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "dhcp-family-header");
  /* A heading, not a stop for the keyboard or the screen reader's cursor. */
  gtk_widget_set_focusable (row, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_text (GTK_LABEL (label)), -1);
  gtk_list_box_append (list, row);
}

static const char *
option_name (int option)
{
  return option == 15 ? _("Domain name") : _("Access network domain");
}

/* Why NetworkManager did not report @option, and what would change it. */
static const char *
not_reported_why (int option)
{
  switch (option)
    {
    case 213:
      return _("NetworkManager's internal DHCP client, the default, never asks for option 213. "
               "With dhclient and “also request v4-access-domain;” it does; or ask the DHCP "
               "server directly.");
    case 57:
      return _("NetworkManager's internal DHCP client, the default, does not know option 57. "
               "With dhclient and “also request dhcp6.v6-access-domain;” it reports it; or ask "
               "the DHCP server directly.");
    default:
      return _("Nothing says NetworkManager's DHCP client asked for it.");
    }
}

/* "v4_access_domain = dhcp213.example." for each of NetworkManager's names
 * of @option in the lease, made safe. */
static char *
raw_values (GPtrArray *values,
            int        option)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < values->len; i++)
    {
      AltoscopeDhcpValue *v = values->pdata[i];
      if (v->option != option)
        continue;
      if (s->len > 0)
        g_string_append (s, "; ");
      g_string_append_printf (s, "%s = %s", v->key, v->raw);
    }
  return altoscope_text_safe (s->str);
}

/* The first readable value of @option, else the first one at all. */
static AltoscopeDhcpValue *
first_value (GPtrArray *values,
             int        option)
{
  AltoscopeDhcpValue *found = NULL;

  for (guint i = 0; i < values->len; i++)
    {
      AltoscopeDhcpValue *v = values->pdata[i];
      if (v->option == option && v->domain != NULL)
        return v;
      if (v->option == option && found == NULL)
        found = v;
    }
  return found;
}

/* One of the options step 1 looks at, said outright whatever its status. */
static void
append_alto_row (GtkListBox          *list,
                 GHashTable          *options,
                 AltoscopeDhcpAnswer *asked,
                 GPtrArray           *values,
                 AltoscopeFamily      family,
                 int                  option)
{
  AltoscopeOptionStatus status = altoscope_dhcp_option_status (options, asked, family, option);
  AltoscopeDhcpValue *v = first_value (values, option);
  g_autofree char *raw = raw_values (values, option);
  g_autofree char *title = NULL, *subtitle = NULL, *safe_title = NULL;
  AltoscopeInfoRow *row;

  switch (status)
    {
    case ALTOSCOPE_OPTION_STATUS_PRESENT:
      title = g_strdup (v->domain);
      subtitle = g_strdup_printf ("%s · %s", option_name (option), raw);
      break;
    case ALTOSCOPE_OPTION_STATUS_MALFORMED:
      title = g_strdup_printf (_("Malformed: %s"), v->error);
      subtitle = g_strdup_printf ("%s · %s", option_name (option), raw);
      break;
    case ALTOSCOPE_OPTION_STATUS_NOT_REPORTED:
      title = g_strdup (_("Not reported by NetworkManager"));
      subtitle = g_strdup_printf ("%s · %s", option_name (option), not_reported_why (option));
      break;
    case ALTOSCOPE_OPTION_STATUS_NOT_SENT:
      title = g_strdup (_("Not sent by the DHCP server"));
      subtitle = g_strdup_printf ("%s · %s", option_name (option),
                                  _("NetworkManager's DHCP client asked for it."));
      break;
    case ALTOSCOPE_OPTION_STATUS_NO_LEASE:
    default:
      title = g_strdup (family == ALTOSCOPE_FAMILY_IPV4 ? _("No DHCPv4 lease")
                                                        : _("No DHCPv6 lease"));
      subtitle = g_strdup (option_name (option));
      break;
    }
  /* A value, or an error message quoting bytes of it, may be hostile. */
  safe_title = altoscope_text_safe (title);
  row = plain_row (safe_title, subtitle);
  add_number (row, option);
  gtk_widget_add_css_class (GTK_WIDGET (row), "alto-option-row");
  gtk_list_box_append (list, GTK_WIDGET (row));
}

/* @seconds as people say a lease time: "12 hours", "1 day 2 hours". */
static char *
lease_time_words (guint64 seconds)
{
  static const guint units[] = { 86400, 3600, 60, 1 };
  g_autoptr(GString) s = g_string_new (NULL);
  guint said = 0;

  for (guint i = 0; i < G_N_ELEMENTS (units) && said < 2; i++)
    {
      guint64 n = seconds / units[i];
      if (n == 0 && !(units[i] == 1 && s->len == 0))
        continue;
      seconds -= n * units[i];
      if (s->len > 0)
        g_string_append_c (s, ' ');
      switch (units[i])
        {
        case 86400:
          g_string_append_printf (s, ngettext ("%u day", "%u days", n), (guint) n);
          break;
        case 3600:
          g_string_append_printf (s, ngettext ("%u hour", "%u hours", n), (guint) n);
          break;
        case 60:
          g_string_append_printf (s, ngettext ("%u minute", "%u minutes", n), (guint) n);
          break;
        default:
          g_string_append_printf (s, ngettext ("%u second", "%u seconds", n), (guint) n);
          break;
        }
      said++;
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* A value as a person reads it: a Unix time as a local date and time, a
 * lease time in words with the seconds; else the value, made safe. */
static char *
readable_value (const char             *raw,
                AltoscopeDhcpValueKind  kind)
{
  guint64 n;

  if (kind != ALTOSCOPE_DHCP_VALUE_TEXT
      && g_ascii_string_to_unsigned (raw, 10, 0, G_MAXINT64 / G_USEC_PER_SEC, &n, NULL))
    {
      if (kind == ALTOSCOPE_DHCP_VALUE_TIME)
        {
          g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc ((gint64) n);
          g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;
          char *date = local ? g_date_time_format (local, "%x %X") : NULL;
          if (date != NULL)
            return date;
        }
      else
        {
          g_autofree char *words = lease_time_words (n);
          /* Translators: a lease time in words, then in seconds. */
          return g_strdup_printf (_("%s (%s s)"), words, raw);
        }
    }
  return altoscope_text_safe (raw);
}

/* The rows behind a folded row (the lease's other options, or the
 * client's "requested_*" flags) are made when it is first opened: a lease
 * has a dozen options and a client as many flags, and making and
 * measuring them took most of the frame that first shows an interface. */
typedef struct
{
  GHashTable *options;
  AltoscopeFamily family;
  gboolean flags;             /* the flags, else the other options */
} Folded;

static void
folded_free (Folded *folded)
{
  g_hash_table_unref (folded->options);
  g_free (folded);
}

/* What a key of the lease is: "requested_*" (@flagged set to the option it
 * names), an ALTO option (said above, with its status), or another. */
typedef enum { KEY_FLAG, KEY_ALTO, KEY_OTHER } KeyKind;

static KeyKind
key_kind (const char      *key,
          const char      *raw,
          AltoscopeFamily  family,
          const char     **flagged)
{
  *flagged = altoscope_dhcp_requested_key (key, raw);
  if (*flagged != NULL)
    return KEY_FLAG;
  return altoscope_dhcp_option_for_key (key, family) != 0 ? KEY_ALTO : KEY_OTHER;
}

static void
fill_folded (AdwExpanderRow *expander,
             Folded         *folded)
{
  g_autofree const char **keys = NULL;
  guint n = 0;

  keys = altoscope_dhcp_sorted_keys (folded->options, &n);
  for (guint i = 0; i < n; i++)
    {
      const char *raw = g_hash_table_lookup (folded->options, keys[i]);
      const char *flagged;
      KeyKind kind = key_kind (keys[i], raw, folded->family, &flagged);
      AltoscopeDhcpValueKind value_kind;
      g_autofree char *title = NULL, *value = NULL;
      AltoscopeInfoRow *row;

      if (folded->flags && kind == KEY_FLAG)
        {
          title = altoscope_text_safe (flagged);
          row = plain_row (title, NULL);
          add_number (row, altoscope_dhcp_key_option (flagged, folded->family, NULL));
        }
      else if (!folded->flags && kind == KEY_OTHER)
        {
          int option = altoscope_dhcp_key_option (keys[i], folded->family, &value_kind);
          title = altoscope_text_safe (keys[i]);
          value = readable_value (raw, value_kind);
          row = plain_row (title, value);
          add_number (row, option);
        }
      else
        continue;
      adw_expander_row_add_row (expander, GTK_WIDGET (row));
    }
  altoscope_labels_bound_wrapping (GTK_WIDGET (expander));
}

static void
on_folded_expanded_cb (AdwExpanderRow *expander,
                       GParamSpec     *pspec,
                       Folded         *folded)
{
  if (!adw_expander_row_get_expanded (expander))
    return;
  g_signal_handlers_disconnect_by_func (expander, on_folded_expanded_cb, folded);
  fill_folded (expander, folded);
}

/* A folded row of @count rows titled @title, if there are any. */
static void
append_folded (GtkListBox      *list,
               GHashTable      *options,
               AltoscopeFamily  family,
               gboolean         flags,
               const char      *title,
               guint            count)
{
  AdwExpanderRow *expander;
  g_autofree char *subtitle = NULL;
  Folded *folded;

  if (count == 0)
    return;
  expander = ADW_EXPANDER_ROW (adw_expander_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
  subtitle = g_strdup_printf (ngettext ("%u option", "%u options", count), count);
  adw_expander_row_set_subtitle (expander, subtitle);
  /* libadwaita 1.2 names the inner header, not the row itself. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (expander), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title, -1);
  folded = g_new0 (Folded, 1);
  folded->options = g_hash_table_ref (options);
  folded->family = family;
  folded->flags = flags;
  g_object_set_data_full (G_OBJECT (expander), "altoscope-folded", folded,
                          (GDestroyNotify) folded_free);
  g_signal_connect (expander, "notify::expanded", G_CALLBACK (on_folded_expanded_cb), folded);
  altoscope_labels_bound_wrapping (GTK_WIDGET (expander));
  gtk_list_box_append (list, GTK_WIDGET (expander));
}

/* Every other option, by name, with its number where known, and the
 * client's flags, each folded. */
static void
append_other_rows (GtkListBox      *list,
                   GHashTable      *options,
                   AltoscopeFamily  family)
{
  g_autofree const char **keys = NULL;
  guint n = 0, others = 0, flags = 0;

  keys = altoscope_dhcp_sorted_keys (options, &n);
  for (guint i = 0; i < n; i++)
    {
      const char *flagged;

      switch (key_kind (keys[i], g_hash_table_lookup (options, keys[i]), family, &flagged))
        {
        case KEY_FLAG: flags++; break;
        case KEY_OTHER: others++; break;
        case KEY_ALTO:
        default: break;
        }
    }
  append_folded (list, options, family, FALSE, _("Other options"), others);
  append_folded (list, options, family, TRUE, _("Options the client asked for"), flags);
}

static void
add_rows (GtkListBox          *list,
          AltoscopeLink       *link,
          AltoscopeDhcpAnswer *asked,
          AltoscopeFamily      family)
{
  GHashTable *options = altoscope_link_get_dhcp_options (link, family);
  g_autoptr(GPtrArray) values = altoscope_dhcp_find_alto_values (options, family);
  g_autoptr(GPtrArray) all = g_ptr_array_new ();   /* borrowed: the lease's, then the answer's */
  guint n_alto;
  const int *alto = altoscope_dhcp_alto_options (family, &n_alto);

  for (guint i = 0; i < values->len; i++)
    g_ptr_array_add (all, values->pdata[i]);
  for (guint i = 0; asked != NULL && asked->values != NULL && i < asked->values->len; i++)
    g_ptr_array_add (all, asked->values->pdata[i]);
  append_header (list, family);
  for (guint i = 0; i < n_alto; i++)
    append_alto_row (list, options, asked, all, family, alto[i]);
  if (options != NULL)
    append_other_rows (list, options, family);
}

/* Shows the options of @link (NULL: none) in @list, with what servers
 * asked directly answered (@asked, per family, each may be NULL).  The rows
 * are made again only when these changed, not at every update of the link. */
void
altoscope_dhcp_rows_update (GtkListBox          *list,
                            AltoscopeLink       *link,
                            AltoscopeDhcpAnswer *asked[ALTOSCOPE_N_FAMILIES])
{
  g_autofree char *print = NULL;
  GtkWidget *child;

  if (link != NULL)
    {
      g_autofree char *p4 = altoscope_link_fingerprint (link, ALTOSCOPE_FAMILY_IPV4, TRUE);
      g_autofree char *p6 = altoscope_link_fingerprint (link, ALTOSCOPE_FAMILY_IPV6, TRUE);
      g_autofree char *a4 = asked[0] ? altoscope_dhcp_answer_fingerprint (asked[0]) : NULL;
      g_autofree char *a6 = asked[1] ? altoscope_dhcp_answer_fingerprint (asked[1]) : NULL;
      print = g_strdup_printf ("%s\n%s\n%s\n%s", p4, p6, a4 ? a4 : "", a6 ? a6 : "");
    }
  if (g_strcmp0 (g_object_get_data (G_OBJECT (list), "altoscope-print"), print) == 0)
    return;
  g_object_set_data_full (G_OBJECT (list), "altoscope-print", g_strdup (print), g_free);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
  if (link != NULL)
    for (AltoscopeFamily f = 0; f < ALTOSCOPE_N_FAMILIES; f++)
      add_rows (list, link, asked[f], f);
}
