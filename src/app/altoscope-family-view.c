/* altoscope-family-view.c
 *
 * Everything here that came from DNS or DHCP is set as plain text
 * (gtk_label_set_text, rows with use-markup off), after
 * altoscope_text_make_safe() has made control and bidirectional characters
 * visible; long values are ellipsized, never overflowing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "altoscope-domain.h"
#include "altoscope-check-area.h"
#include "altoscope-family-view.h"
#include "altoscope-text.h"

struct _AltoscopeFamilyView
{
  AdwBin parent_instance;

  AdwPreferencesGroup *group;
  GtkSpinner *spinner;
  GtkLabel *status_label;
  AdwActionRow *domain_row;
  AdwEntryRow *family_entry;
  AdwEntryRow *all_entry;
  GtkButton *family_clear;
  GtkButton *all_clear;
  GtkLabel *warnings_label;
  GtkBox *error_box;
  GtkLabel *error_title;
  GtkLabel *error_cause;
  GtkLabel *error_hint;
  GtkButton *retry_button;
  GtkButton *ask_dhcp_button;
  GtkListBox *uris_list;
  GtkExpander *details_expander;
  GtkLabel *details_label;

  AltoscopeFamily family;
  AltoscopeLink *link;
  AltoscopePair *pair;          /* bound: its changes update this view in place */
  GSignalGroup *pair_signals;
  GSignalGroup *link_signals;
  GSignalGroup *target_signals; /* the report's: its checks come later */
  AltoscopeTarget *target;      /* the report shown */
  AltoscopeOverrides *overrides;
  gint64 retry_deadline;        /* monotonic µs; 0: no wait */
  guint countdown_id;
  GPtrArray *uri_rows;          /* GtkWidget*: the rows shown, in order */
  GPtrArray *uris;              /* char*: the URIs shown, for tests */
  GPtrArray *badges;            /* char*: their DNSSEC status */
};

G_DEFINE_FINAL_TYPE (AltoscopeFamilyView, altoscope_family_view, ADW_TYPE_BIN)

enum { RETRY, TOAST, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char *
source_text (AltoscopeDomainSource source)
{
  switch (source)
    {
    case ALTOSCOPE_DOMAIN_SOURCE_DHCP4_INFORM_OPTION_213:
      return _("DHCPv4 option 213 (access network domain), from the DHCP server asked directly "
               "(DHCPINFORM)");
    case ALTOSCOPE_DOMAIN_SOURCE_DHCP4_INFORM_OPTION_15:
      return _("DHCPv4 option 15 (domain name), from the DHCP server asked directly "
               "(DHCPINFORM)");
    case ALTOSCOPE_DOMAIN_SOURCE_DHCP6_INFOREQ_OPTION_57:
      return _("DHCPv6 option 57 (access network domain), from the DHCP server asked directly "
               "(Information-Request)");
    case ALTOSCOPE_DOMAIN_SOURCE_OVERRIDE_INTERFACE_FAMILY:
      return _("Your override for this interface and address family");
    case ALTOSCOPE_DOMAIN_SOURCE_OVERRIDE_INTERFACE:
      return _("Your override for this interface");
    case ALTOSCOPE_DOMAIN_SOURCE_OVERRIDE_CONNECTION_FAMILY:
      return _("Your override for this connection and address family");
    case ALTOSCOPE_DOMAIN_SOURCE_OVERRIDE_CONNECTION:
      return _("Your override for this connection");
    case ALTOSCOPE_DOMAIN_SOURCE_OVERRIDE_DEFAULT:
      return _("The default domain from Preferences");
    case ALTOSCOPE_DOMAIN_SOURCE_DHCP4_OPTION_213:
      return _("DHCPv4 option 213 (access network domain)");
    case ALTOSCOPE_DOMAIN_SOURCE_DHCP4_OPTION_15:
      return _("DHCPv4 option 15 (domain name)");
    case ALTOSCOPE_DOMAIN_SOURCE_DHCP6_OPTION_57:
      return _("DHCPv6 option 57 (access network domain)");
    case ALTOSCOPE_DOMAIN_SOURCE_COMMAND_LINE:
    case ALTOSCOPE_DOMAIN_SOURCE_NONE:
    default:
      return altoscope_domain_source_to_string (source) ? altoscope_domain_source_to_string (source)
                                                        : "";
    }
}

/* "Ask the DHCP server": on the no-domain card of an interface (a VPN has
 * no DHCP server to ask); runs win.ask-dhcp for this pair. */
static void
update_ask_dhcp_button (AltoscopeFamilyView *self,
                        AltoscopeErrorCode   code)
{
  gboolean asking = self->pair != NULL && altoscope_pair_get_dhcp_asking (self->pair);
  gboolean shown = code == ALTOSCOPE_ERROR_NO_DOMAIN && self->pair != NULL && self->link != NULL
                   && !altoscope_link_get_is_vpn (self->link);

  gtk_widget_set_visible (GTK_WIDGET (self->ask_dhcp_button), shown);
  if (!shown)
    return;
  /* The target first: an action name without its target is refused. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->ask_dhcp_button), "s",
                                    altoscope_pair_get_key (self->pair));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->ask_dhcp_button), "win.ask-dhcp");
  gtk_button_set_label (self->ask_dhcp_button,
                        asking ? _("Asking the DHCP Server…") : _("Ask the DHCP Server"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->ask_dhcp_button), !asking);
}

static void
stop_countdown (AltoscopeFamilyView *self)
{
  g_clear_handle_id (&self->countdown_id, g_source_remove);
}

static gboolean
countdown_cb (gpointer data)
{
  AltoscopeFamilyView *self = data;
  gint64 left_us = self->retry_deadline - g_get_monotonic_time ();

  if (left_us <= 0)
    {
      gtk_button_set_label (self->retry_button, _("Retry"));
      gtk_widget_set_sensitive (GTK_WIDGET (self->retry_button), TRUE);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->retry_button), NULL);
      self->countdown_id = 0;
      return G_SOURCE_REMOVE;
    }
  else
    {
      guint left = (guint) ((left_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
      g_autofree char *label = g_strdup_printf (ngettext ("Retry in %u second",
                                                          "Retry in %u seconds", left), left);
      gtk_button_set_label (self->retry_button, label);
      gtk_widget_set_sensitive (GTK_WIDGET (self->retry_button), FALSE);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->retry_button),
                                   _("RFC 7286 asks clients to wait before retrying a failed "
                                     "lookup"));
      return G_SOURCE_CONTINUE;
    }
}

static void
copy_uri_cb (GtkButton  *button,
             const char *uri)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), uri);
}

/* The URI itself, selectable; the middle is cut when it is too long. */
static GtkWidget *
uri_title (const char *safe_uri)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_text (GTK_LABEL (label), safe_uri);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_tooltip_text (label, safe_uri);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

/* Order, preference, eligibility and addresses of @uri, under the URI. */
static GtkWidget *
uri_details (AltoscopeUri *uri)
{
  GtkWidget *details;
  g_autoptr(GString) info = g_string_new (NULL);

  g_string_append_printf (info, _("order %u · preference %u · %s"), uri->order, uri->preference,
                          uri->eligible ? _("eligible") : _("not eligible"));
  for (guint i = 0; i < uri->addresses->len; i++)
    g_string_append_printf (info, "%s%s", i == 0 ? " · " : ", ",
                            g_array_index (uri->addresses, AltoscopeAddress, i).address);
  if (uri->has_address_error)
    {
      g_autofree char *msg = altoscope_text_safe (uri->address_error_message);
      g_string_append_printf (info, " · %s", msg);
    }
  /* Why it is used though a lower order came first, or why it is not. */
  if (uri->fallback_reason != NULL || uri->note != NULL)
    {
      g_autofree char *msg = altoscope_text_safe (uri->fallback_reason ? uri->fallback_reason : uri->note);
      g_string_append_printf (info, "\n%s", msg);
    }
  details = gtk_label_new (NULL);
  gtk_label_set_text (GTK_LABEL (details), info->str);
  gtk_label_set_xalign (GTK_LABEL (details), 0);
  gtk_label_set_wrap (GTK_LABEL (details), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (details), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (details, "dim-label");
  return details;
}

/* The URI's DNSSEC status; its tooltip says who vouches for it. */
static GtkWidget *
dnssec_badge (AltoscopeFamilyView *self,
              AltoscopeUri        *uri)
{
  GtkWidget *badge = gtk_label_new (altoscope_dnssec_label (uri->dnssec));
  g_autoptr(GString) tip = g_string_new (NULL);
  g_autofree char *resolvers = NULL;

  gtk_widget_add_css_class (badge, "dnssec");
  gtk_widget_add_css_class (badge, altoscope_dnssec_to_string (uri->dnssec));
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  resolvers = self->target ? g_strjoinv (", ", (GStrv) altoscope_target_get_resolvers (self->target))
                           : g_strdup ("");
  g_string_append_printf (tip, _("DNSSEC: %s.\n%s.\nVouched for by: %s"),
                          altoscope_dnssec_label (uri->dnssec), uri->dnssec_detail ? uri->dnssec_detail : "",
                          resolvers);
  if (self->target && !altoscope_target_get_resolvers_on_loopback (self->target))
    g_string_append (tip, _("\nThe resolver is reached over the network: its word is only as "
                            "good as that path."));
  gtk_widget_set_tooltip_text (badge, tip->str);
  return badge;
}

static GtkWidget *
copy_button (AltoscopeUri *uri)
{
  GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");

  gtk_widget_add_css_class (copy, "flat");
  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (copy, _("Copy URI"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Copy URI"), -1);
  g_signal_connect_data (copy, "clicked", G_CALLBACK (copy_uri_cb), g_strdup (uri->uri),
                         (GClosureNotify) (void (*) (void)) g_free, 0);
  return copy;
}

/* Check: contacts the server, so only on request; "Stop" while it runs. */
static GtkWidget *
check_button (AltoscopeFamilyView *self,
              AltoscopeUri        *uri)
{
  GtkWidget *check = gtk_button_new_with_mnemonic (_("_Check"));

  gtk_widget_add_css_class (check, "flat");
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (check, _("Fetch this server's directory and check it against "
                                        "RFC 7285 (contacts the server)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (check), "win.check-uri");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (check), "(ss)",
                                    self->pair ? altoscope_pair_get_key (self->pair) : "",
                                    uri->uri);
  return check;
}

static GtkWidget *
uri_row (AltoscopeFamilyView *self,
         AltoscopeUri        *uri)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *rank, *label, *check, *area;
  g_autofree char *safe_uri = altoscope_text_safe (uri->uri);
  g_autofree char *rank_text = g_strdup_printf ("%u", uri->rank);

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 8);

  rank = gtk_label_new (rank_text);
  gtk_widget_add_css_class (rank, "title-3");
  gtk_widget_add_css_class (rank, "dim-label");
  gtk_box_append (GTK_BOX (box), rank);

  label = uri_title (safe_uri);
  gtk_box_append (GTK_BOX (text), label);
  gtk_box_append (GTK_BOX (text), uri_details (uri));
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (box), text);

  gtk_box_append (GTK_BOX (box), dnssec_badge (self, uri));
  gtk_box_append (GTK_BOX (box), copy_button (uri));
  check = check_button (self, uri);
  gtk_box_append (GTK_BOX (box), check);

  gtk_box_append (GTK_BOX (outer), box);
  area = altoscope_check_area_new ();
  gtk_box_append (GTK_BOX (outer), area);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), outer);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  g_object_set_data (G_OBJECT (row), "uri-label", label);
  g_object_set_data (G_OBJECT (row), "check-button", check);
  g_object_set_data (G_OBJECT (row), "check-area", area);
  return row;
}

/* The check part of a URI row follows the report's check of that URI;
 * the button stays the same widget, so it keeps the focus. */
static void
update_check (AltoscopeFamilyView *self,
              GtkWidget           *row,
              const char          *uri)
{
  AltoscopeCheck *check = self->target ? altoscope_target_get_check (self->target, uri) : NULL;
  gboolean checking = self->target && altoscope_target_get_checking (self->target, uri);
  GtkWidget *button = g_object_get_data (G_OBJECT (row), "check-button");
  g_autofree char *print = g_strdup_printf ("%p|%d", (void *) check, checking);

  if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "check-print"), print) == 0)
    return;
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button),
                                  checking ? "win.stop-check" : "win.check-uri");
  gtk_button_set_use_underline (GTK_BUTTON (button), TRUE);
  gtk_button_set_label (GTK_BUTTON (button), checking ? _("_Stop")
                                             : check ? _("Check _Again") : _("_Check"));
  altoscope_check_area_show (g_object_get_data (G_OBJECT (row), "check-area"), check, checking);
  g_object_set_data_full (G_OBJECT (row), "check-print", g_steal_pointer (&print), g_free);
}

static void
on_check_changed_cb (AltoscopeFamilyView *self,
                     const char          *uri)
{
  for (guint i = 0; i < self->uri_rows->len && i < self->uris->len; i++)
    if (g_strcmp0 (self->uris->pdata[i], uri) == 0)
      update_check (self, self->uri_rows->pdata[i], uri);
}

/* Everything a URI row shows: equal prints, equal rows. */
static char *
uri_print (AltoscopeFamilyView *self,
           AltoscopeUri        *uri)
{
  GString *s = g_string_new (NULL);
  g_autofree char *resolvers = self->target
    ? g_strjoinv (",", (GStrv) altoscope_target_get_resolvers (self->target)) : g_strdup ("");

  g_string_append_printf (s, "%u|%s|%u|%u|%d|%d|%s|%s|%s|%s|%s|%d|%s", uri->rank, uri->uri,
                          uri->order, uri->preference, uri->eligible, uri->dnssec,
                          uri->dnssec_detail ? uri->dnssec_detail : "",
                          uri->address_error_message ? uri->address_error_message : "",
                          uri->note ? uri->note : "",
                          uri->fallback_reason ? uri->fallback_reason : "", resolvers,
                          self->target ? altoscope_target_get_resolvers_on_loopback (self->target)
                                       : 0, self->pair ? altoscope_pair_get_key (self->pair) : "");
  for (guint i = 0; i < uri->addresses->len; i++)
    g_string_append_printf (s, "|%s", g_array_index (uri->addresses, AltoscopeAddress, i).address);
  return g_string_free (s, FALSE);
}

/* Brings the URI rows to @uris, touching only the rows whose content
 * changed: a row that stays keeps its focus and its selected text. */
static void
update_uri_rows (AltoscopeFamilyView *self,
                 GPtrArray           *uris)
{
  guint n = uris ? uris->len : 0;

  g_ptr_array_set_size (self->uris, 0);
  g_ptr_array_set_size (self->badges, 0);
  for (guint i = 0; i < n; i++)
    {
      AltoscopeUri *uri = uris->pdata[i];
      g_autofree char *print = uri_print (self, uri);
      GtkWidget *old = i < self->uri_rows->len ? self->uri_rows->pdata[i] : NULL;

      g_ptr_array_add (self->uris, g_strdup (uri->uri));
      g_ptr_array_add (self->badges, g_strdup (altoscope_dnssec_to_string (uri->dnssec)));
      if (old != NULL && g_strcmp0 (g_object_get_data (G_OBJECT (old), "print"), print) == 0)
        {
          update_check (self, old, uri->uri);
          continue;
        }
      {
        GtkWidget *row = uri_row (self, uri);
        g_object_set_data_full (G_OBJECT (row), "print", g_steal_pointer (&print), g_free);
        if (old != NULL)
          {
            gtk_list_box_remove (self->uris_list, old);
            self->uri_rows->pdata[i] = row;
          }
        else
          g_ptr_array_add (self->uri_rows, row);
        gtk_list_box_insert (self->uris_list, row, (int) i);
        update_check (self, row, uri->uri);
      }
    }
  while (self->uri_rows->len > n)
    {
      gtk_list_box_remove (self->uris_list, self->uri_rows->pdata[self->uri_rows->len - 1]);
      g_ptr_array_remove_index (self->uri_rows, self->uri_rows->len - 1);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->uris_list), n > 0);
}

/* Sets a label's text only when it differs: the same text set again
 * would drop a selection in it and make screen readers speak again. */
static void
set_text (GtkLabel   *label,
          const char *text)
{
  if (g_strcmp0 (gtk_label_get_text (label), text) != 0)
    gtk_label_set_text (label, text);
}

static char *
describe_records (AltoscopeTarget *target)
{
  GString *out = g_string_new (NULL);
  GPtrArray *records = altoscope_target_get_records (target);
  GArray *trace = altoscope_target_get_trace (target);
  guint ignored = 0;

  for (guint i = 0; i < records->len; i++)
    {
      AltoscopeNaptrRecord *r = records->pdata[i];
      g_autofree char *line = NULL;
      g_autofree char *safe = NULL;

      if (r->usable)
        continue;
      ignored++;
      line = g_strdup_printf ("%s NAPTR %u %u \"%s\" \"%s\" \"%s\" %s\n    → %s", r->owner,
                              r->order, r->preference, r->flags, r->service, r->regexp,
                              r->replacement, r->reason);
      safe = altoscope_text_safe (line);
      g_string_append_printf (out, "%s\n", safe);
    }
  if (ignored == 0)
    g_string_append_printf (out, "%s\n", _("No record was ignored."));
  g_string_append_printf (out, "\n%s\n", _("Trace:"));
  for (guint i = 0; i < trace->len; i++)
    {
      AltoscopeTraceEvent *ev = &g_array_index (trace, AltoscopeTraceEvent, i);
      g_autofree char *detail = altoscope_text_safe (ev->detail);
      g_string_append_printf (out, "%8.1f ms  %s\n", ev->t_ms, detail);
    }
  return g_string_free (out, FALSE);
}

static gboolean
is_vpn (AltoscopeFamilyView *self)
{
  return self->link != NULL && altoscope_link_get_is_vpn (self->link);
}

static void
show_overrides (AltoscopeFamilyView *self)
{
  const char *fam = self->family == ALTOSCOPE_FAMILY_IPV4 ? "IPv4" : "IPv6";
  g_autofree char *family_title = NULL;
  g_autofree char *all_title = NULL;
  g_autofree char *family_value = NULL;
  g_autofree char *all_value = NULL;
  AltoscopeScope scope = ALTOSCOPE_SCOPE_INTERFACE;
  const char *key = NULL;
  gboolean editable = self->link != NULL && self->overrides != NULL;

  if (self->link != NULL)
    key = altoscope_overrides_scope_for_link (self->link, &scope);

  /* For a VPN the override is the connection's: it follows it across
   * reconnects under new interface names (RFC 7286 §4.2). */
  family_title = is_vpn (self) ? g_strdup_printf (_("Override for this VPN connection, %s"), fam)
                               : g_strdup_printf (_("Override for this interface, %s"), fam);
  all_title = is_vpn (self) ? g_strdup (_("Override for this VPN connection, both families"))
                            : g_strdup (_("Override for this interface, both families"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->family_entry), family_title);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->all_entry), all_title);
  gtk_widget_set_visible (GTK_WIDGET (self->family_entry), editable);
  gtk_widget_set_visible (GTK_WIDGET (self->all_entry), editable);
  if (!editable)
    return;

  family_value = altoscope_overrides_get (self->overrides, scope, key, &self->family);
  all_value = altoscope_overrides_get (self->overrides, scope, key, NULL);
  /* Never overwrite what someone is typing. */
  if (!(gtk_widget_get_state_flags (GTK_WIDGET (self->family_entry)) & GTK_STATE_FLAG_FOCUS_WITHIN))
    gtk_editable_set_text (GTK_EDITABLE (self->family_entry), family_value ? family_value : "");
  if (!(gtk_widget_get_state_flags (GTK_WIDGET (self->all_entry)) & GTK_STATE_FLAG_FOCUS_WITHIN))
    gtk_editable_set_text (GTK_EDITABLE (self->all_entry), all_value ? all_value : "");
  gtk_widget_set_sensitive (GTK_WIDGET (self->family_clear), family_value != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->all_clear), all_value != NULL);
}

/* What the view says of the pair in a few words, with the spinner. */
static void
update_status (AltoscopeFamilyView *self,
               AltoscopeTarget     *target,
               gboolean             running)
{
  gtk_spinner_set_spinning (self->spinner, running);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), running);

  if (running)
    set_text (self->status_label, _("Discovering…"));
  else if (target == NULL)
    set_text (self->status_label, _("No address of this family"));
  else if (!altoscope_target_get_failed (target))
    {
      guint n = altoscope_target_count_uris (target);
      g_autofree char *s = g_strdup_printf (ngettext ("%u server found", "%u servers found", n), n);
      set_text (self->status_label, s);
    }
  else if (altoscope_target_get_error_code (target) == ALTOSCOPE_ERROR_NO_DOMAIN)
    set_text (self->status_label, _("No domain"));
  else
    set_text (self->status_label, _("Failed"));
}

/* The domain and where it came from. */
static void
update_domain (AltoscopeFamilyView *self,
               AltoscopeTarget     *target)
{
  const char *domain = target ? altoscope_target_get_domain (target) : NULL;
  g_autofree char *safe_domain = altoscope_text_safe (domain);
  AltoscopeDomainSource source = target ? altoscope_target_get_source (target)
                                        : ALTOSCOPE_DOMAIN_SOURCE_NONE;
  const char *server = target ? altoscope_target_get_dhcp_server (target) : NULL;
  g_autofree char *safe_server = altoscope_text_safe (server ? server : "?");
  /* A domain from a DHCP server asked directly names that server. */
  g_autofree char *subtitle = server != NULL
                              ? g_strdup_printf (_("%s: %s"), source_text (source), safe_server)
                              : g_strdup (source_text (source));

  if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->domain_row)),
                 domain ? safe_domain : _("No domain")) != 0)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->domain_row),
                                   domain ? safe_domain : _("No domain"));
  adw_action_row_set_subtitle (self->domain_row, subtitle);
}

static void
update_warnings (AltoscopeFamilyView *self,
                 AltoscopeTarget     *target)
{
  GArray *warnings = target ? altoscope_target_get_warnings (target) : NULL;
  g_autoptr(GString) warn_text = g_string_new (NULL);

  for (guint i = 0; warnings && i < warnings->len; i++)
    {
      g_autofree char *msg = altoscope_text_safe (altoscope_target_get_warning_message (target, i));
      g_string_append_printf (warn_text, "%s%s", i ? "\n" : "", msg);
    }
  set_text (self->warnings_label, warn_text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->warnings_label), warn_text->len > 0);
}

/* The failure, which step, why, and what would fix it. */
static void
update_error (AltoscopeFamilyView *self,
              AltoscopeTarget     *target,
              gboolean             running)
{
  if (target != NULL && altoscope_target_get_failed (target) && !running)
    {
      AltoscopeErrorCode code = altoscope_target_get_error_code (target);
      g_autofree char *title = g_strdup_printf (_("Step “%s” failed: %s"),
                                                altoscope_target_get_error_step (target),
                                                altoscope_error_code_to_string (code));
      /* Our own sentences around escaped values: longer than one value. */
      g_autofree char *cause = altoscope_text_make_safe (altoscope_target_get_error_message (target),
                                                         4 * ALTOSCOPE_TEXT_MAX_CHARS);

      set_text (self->error_title, title);
      set_text (self->error_cause, cause);
      set_text (self->error_hint, altoscope_target_get_error_hint (target));
      gtk_widget_set_visible (GTK_WIDGET (self->error_box), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->retry_button), code != ALTOSCOPE_ERROR_NO_DOMAIN);
      update_ask_dhcp_button (self, code);
      self->retry_deadline = altoscope_pair_get_retry_at (self->pair);
      if (countdown_cb (self))
        self->countdown_id = g_timeout_add (250, countdown_cb, self);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->error_box), FALSE);
}

static void
update (AltoscopeFamilyView *self)
{
  AltoscopeTarget *target = self->pair ? altoscope_pair_get_report (self->pair) : NULL;
  gboolean running = self->pair != NULL
                     && altoscope_pair_get_state (self->pair) == ALTOSCOPE_PAIR_DISCOVERING;

  if (g_set_object (&self->target, target))
    g_signal_group_set_target (self->target_signals, target);
  stop_countdown (self);

  adw_preferences_group_set_title (self->group,
                                   self->family == ALTOSCOPE_FAMILY_IPV4 ? "IPv4" : "IPv6");
  update_status (self, target, running);
  update_domain (self, target);
  show_overrides (self);
  update_warnings (self, target);
  update_error (self, target, running);
  update_uri_rows (self, target ? altoscope_target_get_uris (target) : NULL);

  if (target != NULL && !running && altoscope_target_get_domain (target) != NULL)
    {
      g_autofree char *details = describe_records (target);
      set_text (self->details_label, details);
      gtk_widget_set_visible (GTK_WIDGET (self->details_expander), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->details_expander), FALSE);
}

/* Shows @pair (NULL: the entry has no address of @family) and follows it:
 * every change of the pair updates this view in place.  Binding the same
 * pair again changes nothing. */
void
altoscope_family_view_bind (AltoscopeFamilyView *self,
                            AltoscopeFamily      family,
                            AltoscopeLink       *link,
                            AltoscopePair       *pair,
                            AltoscopeOverrides  *overrides)
{
  gboolean same = self->pair == pair && self->link == link && self->family == family
                  && self->overrides == overrides && pair != NULL;

  self->family = family;
  g_set_object (&self->link, link);
  g_set_object (&self->pair, pair);
  g_set_object (&self->overrides, overrides);
  g_signal_group_set_target (self->pair_signals, pair);
  g_signal_group_set_target (self->link_signals, link);
  if (!same)
    update (self);
}

/* ---- overrides ------------------------------------------------------- */

static void
on_entry_changed_cb (AltoscopeFamilyView *self,
                     GtkEditable         *entry)
{
  const char *text = gtk_editable_get_text (entry);
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;

  if (*text == '\0')
    {
      gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (entry), NULL);
      return;
    }
  /* Validated as you type: the reason shows at once. */
  normalized = altoscope_domain_normalize (text, &error);
  if (normalized == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (entry), error->message);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (entry), NULL);
    }
}

gboolean
altoscope_family_view_apply_override (AltoscopeFamilyView *self,
                                      gboolean             this_family,
                                      const char          *text)
{
  g_autoptr(GError) error = NULL;
  AltoscopeScope scope;
  const char *key;

  if (self->link == NULL || self->overrides == NULL)
    return FALSE;
  key = altoscope_overrides_scope_for_link (self->link, &scope);
  if (*text == '\0')
    {
      altoscope_family_view_clear_override (self, this_family);
      return TRUE;
    }
  if (!altoscope_overrides_set (self->overrides, scope, key, this_family ? &self->family : NULL,
                                text, &error))
    {
      g_signal_emit (self, signals[TOAST], 0, error->message);
      return FALSE;
    }
  return TRUE;
}

void
altoscope_family_view_clear_override (AltoscopeFamilyView *self,
                                      gboolean             this_family)
{
  AltoscopeScope scope;
  const char *key;

  if (self->link == NULL || self->overrides == NULL)
    return;
  key = altoscope_overrides_scope_for_link (self->link, &scope);
  altoscope_overrides_clear (self->overrides, scope, key, this_family ? &self->family : NULL);
}

static void
on_family_apply_cb (AltoscopeFamilyView *self)
{
  altoscope_family_view_apply_override (self, TRUE,
                                        gtk_editable_get_text (GTK_EDITABLE (self->family_entry)));
}

static void
on_all_apply_cb (AltoscopeFamilyView *self)
{
  altoscope_family_view_apply_override (self, FALSE,
                                        gtk_editable_get_text (GTK_EDITABLE (self->all_entry)));
}

static void
on_family_clear_cb (AltoscopeFamilyView *self)
{
  altoscope_family_view_clear_override (self, TRUE);
}

static void
on_all_clear_cb (AltoscopeFamilyView *self)
{
  altoscope_family_view_clear_override (self, FALSE);
}

static void
on_retry_clicked_cb (AltoscopeFamilyView *self)
{
  g_signal_emit (self, signals[RETRY], 0);
}

/* ---- for tests -------------------------------------------------------- */

const char *
altoscope_family_view_get_domain_text (AltoscopeFamilyView *self)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->domain_row));
}

const char *
altoscope_family_view_get_source_text (AltoscopeFamilyView *self)
{
  return adw_action_row_get_subtitle (self->domain_row);
}

const char *
altoscope_family_view_get_status_text (AltoscopeFamilyView *self)
{
  return gtk_label_get_text (self->status_label);
}

const char *
altoscope_family_view_get_error_text (AltoscopeFamilyView *self)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_box)))
    return NULL;
  return gtk_label_get_text (self->error_cause);
}

GPtrArray *
altoscope_family_view_dup_uris (AltoscopeFamilyView *self)
{
  return g_ptr_array_copy (self->uris, (GCopyFunc) (void (*) (void)) g_strdup, NULL);
}

GPtrArray *
altoscope_family_view_dup_badges (AltoscopeFamilyView *self)
{
  return g_ptr_array_copy (self->badges, (GCopyFunc) (void (*) (void)) g_strdup, NULL);
}

GtkExpander *
altoscope_family_view_get_details_expander (AltoscopeFamilyView *self)
{
  return self->details_expander;
}

/* The label of the @index-th URI row, or NULL. */
/* For tests: the Check button of the URI at @index, and what its check
 * area shows (a line per label). */
GtkWidget *
altoscope_family_view_get_check_button (AltoscopeFamilyView *self,
                                        guint                index)
{
  if (index >= self->uri_rows->len)
    return NULL;
  return g_object_get_data (G_OBJECT (self->uri_rows->pdata[index]), "check-button");
}

char *
altoscope_family_view_dup_check_text (AltoscopeFamilyView *self,
                                      guint                index)
{
  if (index >= self->uri_rows->len)
    return NULL;
  return altoscope_check_area_dup_text (g_object_get_data (G_OBJECT (self->uri_rows->pdata[index]),
                                                           "check-area"));
}

GtkLabel *
altoscope_family_view_get_uri_label (AltoscopeFamilyView *self,
                                     guint                index)
{
  if (index >= self->uri_rows->len)
    return NULL;
  return g_object_get_data (G_OBJECT (self->uri_rows->pdata[index]), "uri-label");
}

gboolean
altoscope_family_view_get_retry_sensitive (AltoscopeFamilyView *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->error_box))
         && gtk_widget_get_sensitive (GTK_WIDGET (self->retry_button));
}

GtkButton *
altoscope_family_view_get_ask_dhcp_button (AltoscopeFamilyView *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->error_box))
         && gtk_widget_get_visible (GTK_WIDGET (self->ask_dhcp_button))
         ? self->ask_dhcp_button : NULL;
}

const char *
altoscope_family_view_get_retry_label (AltoscopeFamilyView *self)
{
  return gtk_button_get_label (self->retry_button);
}

/* ---- GObject ---------------------------------------------------------- */

static void
altoscope_family_view_dispose (GObject *object)
{
  AltoscopeFamilyView *self = ALTOSCOPE_FAMILY_VIEW (object);

  stop_countdown (self);
  g_clear_object (&self->pair_signals);
  g_clear_object (&self->link_signals);
  g_clear_object (&self->target_signals);
  g_clear_object (&self->pair);
  g_clear_object (&self->link);
  g_clear_object (&self->target);
  g_clear_pointer (&self->uri_rows, g_ptr_array_unref);
  g_clear_object (&self->overrides);
  g_clear_pointer (&self->uris, g_ptr_array_unref);
  g_clear_pointer (&self->badges, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), ALTOSCOPE_TYPE_FAMILY_VIEW);
  G_OBJECT_CLASS (altoscope_family_view_parent_class)->dispose (object);
}

static void
altoscope_family_view_class_init (AltoscopeFamilyViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = altoscope_family_view_dispose;

  signals[RETRY] = g_signal_new ("retry", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/altoscope/Altoscope/altoscope-family-view.ui");
  gtk_widget_class_bind_template_child (widget_class, AltoscopeFamilyView, group);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeFamilyView, spinner);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeFamilyView, status_label);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeFamilyView, domain_row);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeFamilyView, family_entry);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeFamilyView, all_entry);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeFamilyView, family_clear);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeFamilyView, all_clear);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeFamilyView, warnings_label);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeFamilyView, error_box);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeFamilyView, error_title);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeFamilyView, error_cause);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeFamilyView, error_hint);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeFamilyView, retry_button);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeFamilyView, ask_dhcp_button);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeFamilyView, uris_list);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeFamilyView, details_expander);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeFamilyView, details_label);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_family_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_all_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_family_clear_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_all_clear_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_clicked_cb);
}

static void
altoscope_family_view_init (AltoscopeFamilyView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->uris = g_ptr_array_new_with_free_func (g_free);
  self->badges = g_ptr_array_new_with_free_func (g_free);
  self->uri_rows = g_ptr_array_new ();
  self->pair_signals = g_signal_group_new (ALTOSCOPE_TYPE_PAIR);
  g_signal_group_connect_swapped (self->pair_signals, "notify", G_CALLBACK (update), self);
  self->link_signals = g_signal_group_new (ALTOSCOPE_TYPE_LINK);
  g_signal_group_connect_swapped (self->link_signals, "notify", G_CALLBACK (update), self);
  self->target_signals = g_signal_group_new (ALTOSCOPE_TYPE_TARGET);
  g_signal_group_connect_swapped (self->target_signals, "check-changed",
                                  G_CALLBACK (on_check_changed_cb), self);
  /* Text from the network is never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->domain_row), FALSE);
}
