/* Widget tests without root: the DHCP rows of a link (issue 15, item 8),
 * under a private Xvfb (with-display.py).  The leases are those the
 * NetworkManager lab shows for its internal client and for dhclient.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "altoscope-dhcp-rows.h"
#include "altoscope-info-row.h"

static GHashTable *
options (const char *first_key,
         ...)
{
  GHashTable *t = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  va_list args;

  va_start (args, first_key);
  for (const char *k = first_key; k != NULL; k = va_arg (args, const char *))
    g_hash_table_insert (t, g_strdup (k), g_strdup (va_arg (args, const char *)));
  va_end (args);
  return t;
}

/* What a row says: "NUMBER|title|subtitle" (NUMBER empty for none), the
 * family headers as "# DHCPv4", an expander as "+title|subtitle|N rows"
 * (counted once opened), and each row in it as "title/NUMBER|...". */
/* No server was asked directly. */
#define NO_ANSWERS ((AltoscopeDhcpAnswer *[ALTOSCOPE_N_FAMILIES]) { NULL, NULL })

static char *
describe_row (GtkWidget *row)
{
  GtkWidget *child;

  if (ADW_IS_EXPANDER_ROW (row))
    {
      /* Its rows sit in a list box of its own, below the header. */
      GtkWidget *w = row;
      guint n = 0;
      GList *stack = g_list_prepend (NULL, w);
      while (stack != NULL)
        {
          w = stack->data;
          stack = g_list_delete_link (stack, stack);
          /* Its header is an action row of its own, with its title. */
          if ((ADW_IS_ACTION_ROW (w) || ALTOSCOPE_IS_INFO_ROW (w))
              && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w)),
                            adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row))) != 0)
            n++;
          for (child = gtk_widget_get_first_child (w); child; child = gtk_widget_get_next_sibling (child))
            stack = g_list_prepend (stack, child);
        }
      return g_strdup_printf ("+%s|%s|%u rows",
                              adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                              adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), n);
    }
  if (ALTOSCOPE_IS_INFO_ROW (row))
    {
      const char *number = "";
      /* The number is the one label among the row's prefixes. */
      GtkWidget *w = row;
      GList *stack = g_list_prepend (NULL, w);
      while (stack != NULL)
        {
          w = stack->data;
          stack = g_list_delete_link (stack, stack);
          if (GTK_IS_LABEL (w) && gtk_widget_has_css_class (w, "numeric"))
            number = gtk_label_get_text (GTK_LABEL (w));
          for (child = gtk_widget_get_first_child (w); child; child = gtk_widget_get_next_sibling (child))
            stack = g_list_prepend (stack, child);
        }
      g_assert_false (adw_preferences_row_get_use_markup (ADW_PREFERENCES_ROW (row)));
      return g_strdup_printf ("%s|%s|%s", number,
                              adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                              altoscope_info_row_get_subtitle (ALTOSCOPE_INFO_ROW (row)));
    }
  child = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
  return g_strdup_printf ("# %s", gtk_label_get_text (GTK_LABEL (child)));
}

/* The option rows inside @expander, in order. */
static void
inner_rows (GtkWidget *expander,
            GtkWidget *w,
            GPtrArray *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (w); child;
       child = gtk_widget_get_next_sibling (child))
    {
      if (ALTOSCOPE_IS_INFO_ROW (child)
          && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)),
                        adw_preferences_row_get_title (ADW_PREFERENCES_ROW (expander))) != 0)
        {
          g_autofree char *d = describe_row (child);
          g_ptr_array_add (out, g_strdup_printf ("%s/%s",
                                                 adw_preferences_row_get_title (
                                                   ADW_PREFERENCES_ROW (expander)), d));
          continue;
        }
      inner_rows (expander, child, out);
    }
}

/* Every row, an expander's opened: its rows are made then. */
static GPtrArray *
rows_of (GtkListBox *list)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row;
       row = gtk_widget_get_next_sibling (row))
    {
      if (ADW_IS_EXPANDER_ROW (row))
        adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
      g_ptr_array_add (out, describe_row (row));
      if (ADW_IS_EXPANDER_ROW (row))
        inner_rows (row, row, out);
    }
  for (guint i = 0; i < out->len; i++)
    g_test_message ("row %u: %s", i, (char *) out->pdata[i]);
  return out;
}

static const char *
find_row (GPtrArray  *rows,
          const char *prefix)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_str_has_prefix (rows->pdata[i], prefix))
      return rows->pdata[i];
  return NULL;
}

static GtkListBox *
list_in_window (GtkWidget **window)
{
  GtkWidget *list = gtk_list_box_new ();

  *window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (*window), list);
  gtk_window_present (GTK_WINDOW (*window));
  return GTK_LIST_BOX (list);
}

/* The internal client: 213 and 57 not reported (and why), 15 with its
 * value, the flags folded, times as dates and lease times in words. */
static void
test_internal_client (void)
{
  g_autoptr(AltoscopeLink) link = altoscope_link_new ("eth0", "ethernet");
  g_autoptr(GHashTable) v4 = options ("domain_name", "dhcp15.signed.test",
                                      "dhcp_lease_time", "43200",
                                      "expiry", "1796025350",
                                      "routers", "192.0.2.1",
                                      "ip_address", "192.0.2.112",
                                      "requested_domain_name", "1",
                                      "requested_routers", "1",
                                      "requested_subnet_mask", "1", NULL);
  g_autoptr(GHashTable) v6 = options ("dhcp6_name_servers", "2001:db8:77::1", NULL);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GDateTime) expiry = g_date_time_new_from_unix_local (1796025350);
  g_autofree char *date = g_date_time_format (expiry, "%x %X");
  g_autofree char *expiry_row = g_strdup_printf ("Other options/|expiry|%s", date);
  GtkWidget *window;
  GtkListBox *list = list_in_window (&window);
  GtkWidget *first;

  altoscope_link_set_dhcp_options (link, ALTOSCOPE_FAMILY_IPV4, v4);
  altoscope_link_set_dhcp_options (link, ALTOSCOPE_FAMILY_IPV6, v6);
  altoscope_dhcp_rows_update (list, link, NO_ANSWERS);
  /* A folded row's rows are made when it is first opened, not before. */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_EXPANDER_ROW (row))
      {
        g_autoptr(GPtrArray) inside = g_ptr_array_new_with_free_func (g_free);
        inner_rows (row, row, inside);
        g_assert_cmpuint (inside->len, ==, 0);
      }
  rows = rows_of (list);

  /* Grouped by family, the ALTO options first. */
  g_assert_cmpstr (rows->pdata[0], ==, "# DHCPv4");
  g_assert_true (g_str_has_prefix (rows->pdata[1], "213|Not reported by NetworkManager|"));
  g_assert_nonnull (strstr (rows->pdata[1], "never asks for option 213"));
  g_assert_cmpstr (rows->pdata[2], ==, "15|dhcp15.signed.test|Domain name · "
                                       "domain_name = dhcp15.signed.test");
  /* The other options, folded, with numbers, dates and lease times. */
  g_assert_nonnull (find_row (rows, "+Other options|4 options|4 rows"));
  g_assert_nonnull (find_row (rows, "Other options/51|dhcp_lease_time|12 hours (43200 s)"));
  g_assert_nonnull (find_row (rows, "Other options/3|routers|192.0.2.1"));
  g_assert_nonnull (find_row (rows, "Other options/|ip_address|192.0.2.112"));
  g_assert_nonnull (find_row (rows, expiry_row));
  g_assert_null (find_row (rows, "Other options/|expiry|1796025350"));
  /* The flags: one folded row, none of them on its own. */
  g_assert_nonnull (find_row (rows, "+Options the client asked for|3 options|3 rows"));
  g_assert_nonnull (find_row (rows, "Options the client asked for/3|routers|"));
  g_assert_null (find_row (rows, "|requested_"));
  g_assert_null (strstr (rows->pdata[rows->len - 1], "requested_"));
  /* domain_name is said once, in its ALTO row. */
  g_assert_null (find_row (rows, "15|domain_name"));
  {
    guint i = 0;
    while (i < rows->len && g_strcmp0 (rows->pdata[i], "# DHCPv6") != 0)
      i++;
    g_assert_cmpuint (i + 2, <, rows->len);
    g_assert_true (g_str_has_prefix (rows->pdata[i + 1], "57|Not reported by NetworkManager|"));
    g_assert_nonnull (strstr (rows->pdata[i + 1], "does not know option 57"));
    g_assert_cmpstr (rows->pdata[i + 2], ==, "+Other options|1 option|1 rows");
    g_assert_cmpstr (rows->pdata[i + 3], ==, "Other options/23|dhcp6_name_servers|2001:db8:77::1");
  }

  /* The same options again: the rows stay as they are. */
  first = gtk_widget_get_first_child (GTK_WIDGET (list));
  {
    g_autoptr(AltoscopeLink) same = altoscope_link_new ("eth0", "ethernet");
    altoscope_link_set_dhcp_options (same, ALTOSCOPE_FAMILY_IPV4, v4);
    altoscope_link_set_dhcp_options (same, ALTOSCOPE_FAMILY_IPV6, v6);
    altoscope_dhcp_rows_update (list, same, NO_ANSWERS);
  }
  g_assert_true (gtk_widget_get_first_child (GTK_WIDGET (list)) == first);

  /* The DHCPv6 server asked directly answered without 57: the table now
   * knows what the family view knows. */
  {
    g_autoptr(AltoscopeDhcpAnswer) asked6 = altoscope_dhcp_answer_new ("eth0",
                                                                       ALTOSCOPE_FAMILY_IPV6);
    AltoscopeDhcpAnswer *asked[2] = { NULL, asked6 };
    g_clear_pointer (&rows, g_ptr_array_unref);
    altoscope_dhcp_rows_update (list, link, asked);
    rows = rows_of (list);
    g_assert_nonnull (find_row (rows, "57|Not sent by the DHCP server|"));
    g_assert_null (find_row (rows, "57|Not reported by NetworkManager|"));
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* dhclient asked for 213 and 57 and the server sent neither; no DHCPv6
 * lease on another link; hostile text stays plain. */
static void
test_dhclient_not_sent (void)
{
  g_autoptr(AltoscopeLink) link = altoscope_link_new ("eth0", "ethernet");
  g_autoptr(GHashTable) v4 = options ("domain_name", "dhcp15.signed.test",
                                      "requested_v4_access_domain", "1",
                                      "requested_domain_name", "1",
                                      "private_245", "<b>bold</b>\x1b[2J", NULL);
  g_autoptr(GPtrArray) rows = NULL;
  GtkWidget *window;
  GtkListBox *list = list_in_window (&window);
  const char *row;

  altoscope_link_set_dhcp_options (link, ALTOSCOPE_FAMILY_IPV4, v4);
  altoscope_dhcp_rows_update (list, link, NO_ANSWERS);
  rows = rows_of (list);

  g_assert_true (g_str_has_prefix (rows->pdata[1], "213|Not sent by the DHCP server|"));
  g_assert_true (g_str_has_prefix (rows->pdata[2], "15|dhcp15.signed.test|"));
  g_assert_nonnull (find_row (rows, "+Options the client asked for|2 options|2 rows"));
  row = find_row (rows, "Other options/245|private_245|");
  g_assert_nonnull (row);
  g_assert_null (strchr (row, '\x1b'));
  g_assert_nonnull (strstr (row, "<b>bold</b>"));
  g_assert_nonnull (find_row (rows, "# DHCPv6"));
  g_assert_nonnull (find_row (rows, "57|No DHCPv6 lease|"));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  g_test_add_func ("/app/dhcp-rows/internal-client", test_internal_client);
  g_test_add_func ("/app/dhcp-rows/dhclient-not-sent", test_dhclient_not_sent);
  return g_test_run ();
}
