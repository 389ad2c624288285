/* altoscope-family-view.c
 *
 * One address family of one entry.  It leads with the answer (the domain
 * and where it came from, the failure in one sentence, the URIs); the
 * step and code, recipes and the trace sit behind expanders.  The error
 * style is for real failures; no domain is a neutral state with its next
 * steps on its row.
 *
 * Bound to a pair, it changes in place what differs: the URI rows are
 * items of a GListStore kept in step with the target's URIs by
 * altoscope_uri_item_equal, so a URI found again the same keeps its row
 * (focus, selection, its check's verdict).  An override being typed is a
 * draft: kept through updates, focus changes and rediscovery, and through
 * switching to another entry and back, until applied (Enter, the apply
 * button) or reverted (Escape, clear).
 *
 * Everything here that came from DNS or DHCP is set as plain text, after
 * altoscope_text_safe(); no row uses markup.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "altoscope-label-util.h"
#include "altoscope-dhcp-knowledge.h"
#include "altoscope-domain.h"
#include "altoscope-expander.h"
#include "altoscope-family-view.h"
#include "altoscope-info-row.h"
#include "altoscope-override-row.h"
#include "altoscope-reflow-box.h"
#include "altoscope-text.h"
#include "altoscope-trace-view.h"
#include "altoscope-uri-row.h"
#include "altoscope-tooltip.h"

struct _AltoscopeFamilyView
{
  AdwBin parent_instance;

  AdwPreferencesGroup *group;
  GtkSpinner *spinner;
  GtkLabel *status_label;
  AdwExpanderRow *mismatch_row;
  GtkLabel *mismatch_label;
  AltoscopeInfoRow *domain_row;
  GtkImage *domain_icon;
  GtkWidget *no_domain_actions;
  GtkButton *set_override_button;
  GtkButton *ask_dhcp_button;
  AltoscopeInfoRow *ask_row;
  AdwExpanderRow *failure_row;
  GtkImage *failure_icon;
  GtkButton *retry_button;
  GtkLabel *error_cause;
  GtkLabel *error_hint;
  AdwExpanderRow *no_domain_row;
  GtkLabel *no_domain_label;
  GtkListBox *uris_list;
  GtkListBox *warnings_list;
  GtkListBox *more_list;
  AltoscopeOverrideRow *override_row; /* made when first needed (ensure_override_row) */
  AdwExpanderRow *trace_row;
  GtkListBoxRow *trace_view_row;
  AltoscopeTraceView *trace_view;     /* made when the trace is first opened */

  AltoscopeFamily family;
  AltoscopeLink *link;
  AltoscopePair *pair;          /* bound: its changes update this view in place */
  GSignalGroup *pair_signals;
  GSignalGroup *link_signals;
  AltoscopeTarget *target;      /* the report shown */
  AltoscopeTarget *trace_target; /* the trace to show when the trace row is opened */
  AltoscopeOverrides *overrides;
  GListStore *uris;             /* AltoscopeUriItem: the rows shown */
  char *warnings_shown;         /* the warnings' messages, joined: rows made again on change */
  char *caveat;                 /* an interface-wide caveat, said once by the window */
  gint64 retry_deadline;        /* monotonic µs; 0: no wait */
  gboolean read_only;           /* a report's pair: shown, never acted on */
  gboolean bound_read_only;     /* what the last bind showed */
  guint countdown_id;
};

G_DEFINE_FINAL_TYPE (AltoscopeFamilyView, altoscope_family_view, ADW_TYPE_BIN)

enum { RETRY, TOAST, N_SIGNALS };
static guint signals[N_SIGNALS];

enum { PROP_0, PROP_CAVEAT, N_PROPS };
static GParamSpec *props[N_PROPS];



/* Where the domain came from, in words: every source has its sentence
 * (a report made elsewhere may name any of them), never its JSON name. */
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
      return _("Given on the command line (altoscope-cli --domain)");
    case ALTOSCOPE_DOMAIN_SOURCE_RFC8686:
      return _("A name in the reverse DNS tree of an address or prefix (RFC 8686)");
    case ALTOSCOPE_DOMAIN_SOURCE_NONE:
      break;
    }
  return "";
}

/* What is known of one DHCP option step 1 wanted: NetworkManager's silence
 * is not the server's. */
static const char *
option_phrase (AltoscopeOptionStatus status)
{
  switch (status)
    {
    case ALTOSCOPE_OPTION_STATUS_NOT_REPORTED:
      return _("not reported by NetworkManager");
    case ALTOSCOPE_OPTION_STATUS_NOT_SENT:
      return _("not sent by the DHCP server");
    case ALTOSCOPE_OPTION_STATUS_MALFORMED:
      return _("malformed");
    case ALTOSCOPE_OPTION_STATUS_PRESENT:
      return _("present");
    case ALTOSCOPE_OPTION_STATUS_NO_LEASE:
    default:
      return _("no lease");
    }
}

/* No domain, in one line: what was looked for and what is known of it. */
static char *
no_domain_status (AltoscopeFamilyView *self,
                  AltoscopeTarget     *target)
{
  guint n_options = 0;
  const int *options = altoscope_dhcp_alto_options (self->family, &n_options);
  GString *s = g_string_new (NULL);

  if (self->link != NULL && altoscope_link_get_is_vpn (self->link))
    return g_strdup (_("A VPN gets no domain by DHCP: set an override for this connection; it "
                       "follows the VPN when it reconnects"));
  if (!altoscope_target_get_dhcp_looked (target)
      || altoscope_target_get_option_status (target, options[0]) == ALTOSCOPE_OPTION_STATUS_NO_LEASE)
    return g_strdup (self->family == ALTOSCOPE_FAMILY_IPV4
                     ? _("No DHCPv4 lease to take option 213 or 15 from, and no override")
                     : _("No DHCPv6 lease to take option 57 from, and no override"));
  for (guint i = 0; i < n_options; i++)
    {
      g_autofree char *part = g_strdup_printf (_("Option %d: %s"), options[i],
                                               option_phrase (altoscope_target_get_option_status (target, options[i])));
      g_string_append_printf (s, "%s%s", i ? " · " : "", part);
    }
  return g_string_free (s, FALSE);
}

/* ---- the retry countdown ---------------------------------------------- */

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
      altoscope_widget_set_tooltip (GTK_WIDGET (self->retry_button), NULL);
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
      altoscope_widget_set_tooltip (GTK_WIDGET (self->retry_button),
                                   _("RFC 7286 asks clients to wait before retrying a failed "
                                     "lookup"));
      return G_SOURCE_CONTINUE;
    }
}


static void
set_row_text (AdwPreferencesRow *row,
              const char        *title,
              const char        *subtitle)
{
  if (g_strcmp0 (adw_preferences_row_get_title (row), title) != 0)
    {
      adw_preferences_row_set_title (row, title ? title : "");
      /* libadwaita 1.2 names an expander row's inner header, not the row
       * a screen reader lands on. */
      if (ADW_IS_EXPANDER_ROW (row))
        gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        title ? title : "", -1);
    }
  if (subtitle == NULL)
    return;
  if (ALTOSCOPE_IS_INFO_ROW (row))
    altoscope_info_row_set_subtitle (ALTOSCOPE_INFO_ROW (row), subtitle);
  else if (ADW_IS_EXPANDER_ROW (row)
           && g_strcmp0 (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), subtitle) != 0)
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
}

/* ---- the answer --------------------------------------------------------- */

/* Not a malfunction: the domain exists and simply publishes no ALTO
 * server, as most do.  Said plainly, without the error style. */
static gboolean
is_neutral (AltoscopeErrorCode code)
{
  return code == ALTOSCOPE_ERROR_NODATA;
}

static void
update_status (AltoscopeFamilyView *self,
               AltoscopeTarget     *target,
               gboolean             running)
{
  GtkWidget *label = GTK_WIDGET (self->status_label);
  const char *css = NULL;

  gtk_spinner_set_spinning (self->spinner, running);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), running);
  gtk_widget_remove_css_class (label, "status-found");
  gtk_widget_remove_css_class (label, "status-failed");
  if (running)
    altoscope_label_set_text_if_changed (self->status_label, _("Discovering…"));
  else if (target == NULL)
    altoscope_label_set_text_if_changed (self->status_label, _("No address of this family"));
  else if (!altoscope_target_get_failed (target))
    {
      guint n = altoscope_target_count_uris (target);
      g_autofree char *s = g_strdup_printf (ngettext ("%u server found", "%u servers found", n), n);
      altoscope_label_set_text_if_changed (self->status_label, s);
      css = "status-found";
    }
  else if (altoscope_target_get_error_code (target) == ALTOSCOPE_ERROR_NO_DOMAIN)
    altoscope_label_set_text_if_changed (self->status_label, _("No domain"));
  else if (is_neutral (altoscope_target_get_error_code (target)))
    altoscope_label_set_text_if_changed (self->status_label, _("No ALTO server"));
  else
    {
      altoscope_label_set_text_if_changed (self->status_label, _("Failed"));
      css = "status-failed";
    }
  if (css != NULL)
    gtk_widget_add_css_class (label, css);
}

/* The domain and where it came from; or, with none, a neutral row that
 * says what is known and offers the next steps. */
static void
update_domain (AltoscopeFamilyView *self,
               AltoscopeTarget     *target,
               gboolean             running)
{
  const char *domain = target ? altoscope_target_get_domain (target) : NULL;
  gboolean no_domain = target != NULL && !running && domain == NULL
                       && altoscope_target_get_error_code (target) == ALTOSCOPE_ERROR_NO_DOMAIN;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  if (no_domain)
    {
      title = g_strdup (altoscope_error_code_headline (ALTOSCOPE_ERROR_NO_DOMAIN));
      subtitle = no_domain_status (self, target);
    }
  else if (domain != NULL)
    {
      const char *server = altoscope_target_get_dhcp_server (target);
      g_autofree char *safe_server = altoscope_text_safe (server);
      AltoscopeDomainSource source = altoscope_target_get_source (target);

      title = altoscope_text_safe (domain);
      /* A domain from a DHCP server asked directly names that server. */
      subtitle = server != NULL ? g_strdup_printf (_("%s: %s"), source_text (source), safe_server)
                                : g_strdup (source_text (source));
    }
  else
    {
      title = g_strdup (running ? _("Looking for the domain…") : _("No domain"));
      subtitle = g_strdup ("");
    }
  set_row_text (ADW_PREFERENCES_ROW (self->domain_row), title, subtitle);
  gtk_image_set_from_icon_name (self->domain_icon, no_domain ? "dialog-information-symbolic"
                                                             : "network-workgroup-symbolic");
  /* A report's "no domain" has nothing to set here (it is another machine). */
  gtk_widget_set_visible (self->no_domain_actions, no_domain && !self->read_only);
  gtk_widget_set_visible (GTK_WIDGET (self->no_domain_row), no_domain);
  if (no_domain)
    {
      g_autofree char *why = altoscope_text_make_safe (altoscope_target_get_error_message (target),
                                                       4 * ALTOSCOPE_TEXT_MAX_CHARS);
      altoscope_label_set_text_if_changed (self->no_domain_label, why);
    }
}

/* "Ask the DHCP Server": for an interface (a VPN has no DHCP server to
 * ask); runs win.ask-dhcp for this pair.  A failed question is said on
 * a row of its own, its sentence and its next step. */
static void
update_ask (AltoscopeFamilyView *self,
            AltoscopeTarget     *target)
{
  gboolean asking = self->pair != NULL && altoscope_pair_get_dhcp_asking (self->pair);
  gboolean can_ask = self->pair != NULL && self->link != NULL && !self->read_only
                     && !altoscope_link_get_is_vpn (self->link);
  AltoscopeDhcpAnswer *answer = target ? altoscope_target_get_dhcp_answer (target) : NULL;
  gboolean failed = answer != NULL && altoscope_dhcp_answer_get_failed (answer) && !asking;

  gtk_widget_set_visible (GTK_WIDGET (self->ask_dhcp_button), can_ask);
  if (can_ask)
    {
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->ask_dhcp_button), "s",
                                        altoscope_pair_get_key (self->pair));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->ask_dhcp_button), "win.ask-dhcp");
      gtk_button_set_label (self->ask_dhcp_button,
                            asking ? _("Asking the DHCP Server…")
                            : failed ? _("Ask Again") : _("Ask the DHCP Server"));
      gtk_widget_set_sensitive (GTK_WIDGET (self->ask_dhcp_button), !asking);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->ask_row), failed);
  if (failed)
    {
      const char *headline = altoscope_dhcp_error_headline (answer->error);
      g_autofree char *detail = altoscope_text_safe (answer->error_message);
      /* The next step, then what happened in detail when it says more than
       * the headline (pkexec's own words, the server's). */
      g_autofree char *subtitle = detail != NULL && !g_str_has_prefix (detail, headline)
        ? g_strdup_printf ("%s\n%s", answer->error_hint ? answer->error_hint : "", detail)
        : g_strdup (answer->error_hint ? answer->error_hint : "");
      set_row_text (ADW_PREFERENCES_ROW (self->ask_row), headline, subtitle);
    }
}

/* A real failure: its sentence; the step and code in the subtitle for
 * the engineer; cause and fix when expanded; the retry, counting down
 * the wait RFC 7286 asks for. */
static void
update_failure (AltoscopeFamilyView *self,
                AltoscopeTarget     *target,
                gboolean             running)
{
  AltoscopeErrorCode code = target ? altoscope_target_get_error_code (target) : ALTOSCOPE_ERROR_NONE;
  gboolean shown = target != NULL && altoscope_target_get_failed (target) && !running
                   && code != ALTOSCOPE_ERROR_NO_DOMAIN;

  gtk_widget_set_visible (GTK_WIDGET (self->failure_row), shown);
  if (!shown)
    return;
  {
    g_autofree char *caption = g_strdup_printf (_("Step “%s” · %s"),
                                                altoscope_target_get_error_step (target),
                                                altoscope_error_code_to_string (code));
    /* Our own sentences around escaped values: longer than one value. */
    g_autofree char *cause = altoscope_text_make_safe (altoscope_target_get_error_message (target),
                                                       4 * ALTOSCOPE_TEXT_MAX_CHARS);
    set_row_text (ADW_PREFERENCES_ROW (self->failure_row), altoscope_error_code_headline (code),
                  caption);
    gtk_image_set_from_icon_name (self->failure_icon, is_neutral (code)
                                                      ? "dialog-information-symbolic"
                                                      : "dialog-error-symbolic");
    if (is_neutral (code))
      gtk_widget_remove_css_class (GTK_WIDGET (self->failure_icon), "error");
    else
      gtk_widget_add_css_class (GTK_WIDGET (self->failure_icon), "error");
    altoscope_label_set_text_if_changed (self->error_cause, cause);
    altoscope_label_set_text_if_changed (self->error_hint, altoscope_target_get_error_hint (target));
  }
  /* A report's failure is what happened then: nothing to retry here. */
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), !self->read_only);
  if (self->read_only)
    return;
  self->retry_deadline = altoscope_pair_get_retry_at (self->pair);
  if (countdown_cb (self))
    self->countdown_id = g_timeout_add (250, countdown_cb, self);
}

/* The resolver and the proof disagree: whoever sits on the path altered
 * DNS (the resolver vouched for data whose signatures are wrong), or the
 * resolver rejects correctly signed data.  The first line of the family. */
static void
update_mismatch (AltoscopeFamilyView *self,
                 AltoscopeTarget     *target,
                 const char          *details)
{
  gboolean shown = target != NULL && *details != '\0';
  const char *title, *subtitle;

  gtk_widget_set_visible (GTK_WIDGET (self->mismatch_row), shown);
  if (!shown)
    return;
  subtitle = _("Proved by Altoscope from its trust anchor; do not trust this network's DNS");
  if (altoscope_target_get_dnssec (target) == ALTOSCOPE_DNSSEC_BOGUS)
    title = _("The DNS answers for this network were altered on the way: the resolver vouched "
              "for data whose signatures are wrong");
  else if (altoscope_target_get_dnssec (target) == ALTOSCOPE_DNSSEC_INDETERMINATE)
    {
      /* The proof was withheld while the resolver vouched: an attack, or
       * private zones whose anchor Altoscope does not have. */
      title = _("The resolver vouched for DNS answers whose proof was withheld on the way: "
                "they may have been altered");
      subtitle = _("If this network uses its own signed zones, add their trust anchor in "
                   "Preferences; otherwise do not trust this network's DNS");
    }
  else
    title = _("The resolver of this network rejects answers whose signatures are correct");
  set_row_text (ADW_PREFERENCES_ROW (self->mismatch_row), title, subtitle);
  altoscope_label_set_text_if_changed (self->mismatch_label, details);
}

/* Each warning a row with a warning icon: never colour alone.  An
 * interface-wide one goes to the window (the caveat property). */
static void
update_warnings (AltoscopeFamilyView *self,
                 AltoscopeTarget     *target)
{
  GArray *warnings = target ? altoscope_target_get_warnings (target) : NULL;
  g_autoptr(GString) print = g_string_new (NULL);
  g_autoptr(GString) mismatch = g_string_new (NULL);
  g_autofree char *caveat = NULL;
  GtkWidget *child;
  guint n = 0;

  for (guint i = 0; warnings && i < warnings->len; i++)
    {
      AltoscopeWarningScope scope = altoscope_target_get_warning_scope (target, i);
      if (scope == ALTOSCOPE_WARNING_SCOPE_INTERFACE)
        {
          g_free (caveat);
          caveat = altoscope_text_safe (altoscope_target_get_warning_message (target, i));
        }
      else if (scope == ALTOSCOPE_WARNING_SCOPE_MISMATCH)
        {
          g_autofree char *safe = altoscope_text_safe (altoscope_target_get_warning_message (target, i));
          g_string_append_printf (mismatch, "%s%s", mismatch->len ? "\n" : "", safe);
        }
      else if (scope == ALTOSCOPE_WARNING_SCOPE_RESULT)
        g_string_append_printf (print, "%s\n", altoscope_target_get_warning_message (target, i));
    }
  update_mismatch (self, target, mismatch->str);
  if (g_strcmp0 (caveat, self->caveat) != 0)
    {
      g_free (self->caveat);
      self->caveat = g_steal_pointer (&caveat);
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CAVEAT]);
    }
  if (g_strcmp0 (print->str, self->warnings_shown) == 0)
    return;
  g_free (self->warnings_shown);
  self->warnings_shown = g_strdup (print->str);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->warnings_list))) != NULL)
    gtk_list_box_remove (self->warnings_list, child);
  for (guint i = 0; warnings && i < warnings->len; i++)
    {
      g_autofree char *msg = NULL;
      GtkWidget *row, *icon;

      if (altoscope_target_get_warning_scope (target, i) != ALTOSCOPE_WARNING_SCOPE_RESULT)
        continue;
      msg = altoscope_text_safe (altoscope_target_get_warning_message (target, i));
      row = altoscope_info_row_new ();
      icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      gtk_widget_add_css_class (icon, "warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Warning"), -1);
      altoscope_info_row_add_prefix (ALTOSCOPE_INFO_ROW (row), icon);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), msg);
      gtk_list_box_append (self->warnings_list, row);
      n++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->warnings_list), n > 0);
}

/* The rows follow @model: items equal to those shown are kept (so are
 * their rows); from the first that differs on, the rest is replaced. */
static void
update_uris (AltoscopeFamilyView *self,
             AltoscopeTarget     *target,
             gboolean             running)
{
  GListModel *model = target ? altoscope_target_get_uri_model (target) : NULL;
  guint n = model ? g_list_model_get_n_items (model) : 0;
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->uris));
  guint same = 0;
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);

  while (same < n && same < shown)
    {
      g_autoptr(AltoscopeUriItem) a = g_list_model_get_item (G_LIST_MODEL (self->uris), same);
      g_autoptr(AltoscopeUriItem) b = g_list_model_get_item (model, same);
      if (!altoscope_uri_item_equal (a, b))
        break;
      same++;
    }
  for (guint i = same; i < n; i++)
    g_ptr_array_add (fresh, g_list_model_get_item (model, i));
  if (same < shown || fresh->len > 0)
    g_list_store_splice (self->uris, same, shown - same, fresh->pdata, fresh->len);
  /* The checks are the current target's; while discovery runs again the
   * result shown is on its way out, and is not checked. */
  for (guint i = 0; i < n; i++)
    {
      AltoscopeUriRow *row = ALTOSCOPE_URI_ROW (gtk_list_box_get_row_at_index (self->uris_list,
                                                                               (int) i));
      altoscope_uri_row_set_target (row, target);
      altoscope_uri_row_set_checkable (row, !running);
      /* A report's checks are shown as they were; none is run again. */
      gtk_widget_set_visible (altoscope_uri_row_get_check_button (row), !self->read_only);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->uris_list), n > 0);
}

static GtkWidget *
create_uri_row_cb (gpointer item,
                   gpointer data)
{
  AltoscopeFamilyView *self = data;
  GtkWidget *row = altoscope_uri_row_new (item, self->pair ? altoscope_pair_get_key (self->pair) : "");

  altoscope_uri_row_set_target (ALTOSCOPE_URI_ROW (row), self->target);
  return row;
}

static void
on_override_toast_cb (AltoscopeFamilyView *self,
                      const char          *message)
{
  g_signal_emit (self, signals[TOAST], 0, message);
}

/* The override row, made the first time an entry of this view can take
 * an override, or when asked for; the first row of its list.  Most
 * windows open on entries that can (a new one is bound at once), but its
 * editors are a tenth of the view, so a view that never needs it (the
 * default domain's, a report's) never makes them. */
static AltoscopeOverrideRow *
ensure_override_row (AltoscopeFamilyView *self)
{
  if (self->override_row == NULL)
    {
      self->override_row = g_object_new (ALTOSCOPE_TYPE_OVERRIDE_ROW, NULL);
      g_signal_connect_object (self->override_row, "toast", G_CALLBACK (on_override_toast_cb),
                               self, G_CONNECT_SWAPPED);
      gtk_list_box_prepend (self->more_list, GTK_WIDGET (self->override_row));
      altoscope_labels_bound_wrapping (GTK_WIDGET (self->override_row));
      altoscope_override_row_bind (self->override_row, self->link, self->family,
                                   self->overrides);
    }
  return self->override_row;
}

static void
on_set_override_clicked_cb (AltoscopeFamilyView *self)
{
  altoscope_override_row_start_editing (ensure_override_row (self));
}

static void
on_trace_copied_cb (AltoscopeFamilyView *self)
{
  g_signal_emit (self, signals[TOAST], 0, _("Trace copied"));
}

/* The trace view, made when the row is first opened (or asked for). */
static AltoscopeTraceView *
ensure_trace_view (AltoscopeFamilyView *self)
{
  if (self->trace_view == NULL)
    {
      self->trace_view = ALTOSCOPE_TRACE_VIEW (altoscope_trace_view_new ());
      g_object_set (self->trace_view, "margin-top", 6, "margin-bottom", 6, "margin-start", 12,
                    "margin-end", 12, NULL);
      g_signal_connect_object (self->trace_view, "copied", G_CALLBACK (on_trace_copied_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_list_box_row_set_child (self->trace_view_row, GTK_WIDGET (self->trace_view));
      altoscope_trace_view_set_target (self->trace_view, self->trace_target);
    }
  return self->trace_view;
}

static void
on_trace_expanded_cb (AltoscopeFamilyView *self)
{
  if (adw_expander_row_get_expanded (self->trace_row))
    altoscope_trace_view_set_target (ensure_trace_view (self), self->trace_target);
}

static void
on_retry_clicked_cb (AltoscopeFamilyView *self)
{
  g_signal_emit (self, signals[RETRY], 0);
}

/* An override that could not be set says why in a toast. */
gboolean
altoscope_family_view_apply_override (AltoscopeFamilyView *self,
                                      gboolean             this_family,
                                      const char          *text)
{
  return altoscope_override_row_apply (ensure_override_row (self), this_family, text);
}

void
altoscope_family_view_clear_override (AltoscopeFamilyView *self,
                                      gboolean             this_family)
{
  altoscope_override_row_clear (ensure_override_row (self), this_family);
}

void
altoscope_family_view_revert_override (AltoscopeFamilyView *self,
                                       gboolean             this_family)
{
  altoscope_override_row_revert (ensure_override_row (self), this_family);
}

/* ---- binding ------------------------------------------------------------ */

static void
update_all (AltoscopeFamilyView *self,
            gboolean             rebound)
{
  AltoscopeTarget *target = self->pair ? altoscope_pair_get_report (self->pair) : NULL;
  gboolean running = self->pair != NULL
                     && altoscope_pair_get_state (self->pair) == ALTOSCOPE_PAIR_DISCOVERING;

  g_set_object (&self->target, target);
  stop_countdown (self);
  adw_preferences_group_set_title (self->group, altoscope_family_to_label (self->family));
  update_status (self, target, running);
  update_domain (self, target, running);
  update_ask (self, target);
  update_failure (self, target, running);
  update_warnings (self, target);
  update_uris (self, target, running);
  /* A row already made follows; one not made yet is made (and bound)
   * once the entry can take an override. */
  if (self->override_row == NULL)
    {
      if (self->link != NULL && self->overrides != NULL)
        ensure_override_row (self);
    }
  else if (rebound)
    altoscope_override_row_bind (self->override_row, self->link, self->family, self->overrides);
  else
    altoscope_override_row_refresh (self->override_row);
  gtk_widget_set_visible (GTK_WIDGET (self->trace_row),
                          target != NULL && !running && altoscope_target_get_domain (target) != NULL);
  /* While discovery runs the row is hidden and keeps what it showed: a
   * rediscovery with the same trace keeps a selection in it.  Its labels
   * are made when it is opened, not for every result (the first result's
   * frame does not wait for them). */
  if (!running)
    {
      g_set_object (&self->trace_target, target);
      if (self->trace_view != NULL && adw_expander_row_get_expanded (self->trace_row))
        altoscope_trace_view_set_target (self->trace_view, target);
    }
}

static void
update (AltoscopeFamilyView *self)
{
  update_all (self, FALSE);
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
                  && self->overrides == overrides && pair != NULL
                  && self->bound_read_only == self->read_only;
  gboolean other_pair = self->pair != pair;

  if (same)
    return;
  self->family = family;
  self->bound_read_only = self->read_only;
  g_set_object (&self->link, link);
  g_set_object (&self->pair, pair);
  g_set_object (&self->overrides, overrides);
  g_signal_group_set_target (self->pair_signals, pair);
  g_signal_group_set_target (self->link_signals, link);
  /* Rows carry the pair's key in their actions: another pair, new rows. */
  if (other_pair)
    g_list_store_remove_all (self->uris);
  /* The override row takes up another override's drafts only when what
   * it edits changed; it decides that itself. */
  update_all (self, TRUE);
}

/* A report's pairs: everything is shown, nothing can be acted on (no
 * override editor, no Check, no Ask, no Retry).  Set before binding: the
 * next bind shows it (the pair shown now is never updated as the other). */
void
altoscope_family_view_set_read_only (AltoscopeFamilyView *self,
                                     gboolean             read_only)
{
  self->read_only = read_only;
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
  return altoscope_info_row_get_subtitle (self->domain_row);
}

const char *
altoscope_family_view_get_status_text (AltoscopeFamilyView *self)
{
  return gtk_label_get_text (self->status_label);
}

/* The failure's cause, when a failure is shown. */
const char *
altoscope_family_view_get_error_text (AltoscopeFamilyView *self)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self->failure_row)))
    return NULL;
  return gtk_label_get_text (self->error_cause);
}

/* The mismatch row's sentence and details, or NULL. */
const char *
altoscope_family_view_get_mismatch (AltoscopeFamilyView *self,
                                    const char         **details)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self->mismatch_row)))
    return NULL;
  if (details != NULL)
    *details = gtk_label_get_text (self->mismatch_label);
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->mismatch_row));
}

/* The failure's headline and its caption, when shown. */
const char *
altoscope_family_view_get_error_headline (AltoscopeFamilyView *self,
                                          const char         **caption)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self->failure_row)))
    return NULL;
  if (caption != NULL)
    *caption = adw_expander_row_get_subtitle (self->failure_row);
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->failure_row));
}

static AltoscopeUriRow *
uri_row_at (AltoscopeFamilyView *self,
            guint                index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->uris_list, (int) index);
  return row ? ALTOSCOPE_URI_ROW (row) : NULL;
}

GPtrArray *
altoscope_family_view_dup_uris (AltoscopeFamilyView *self)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->uris)); i++)
    {
      g_autoptr(AltoscopeUriItem) item = g_list_model_get_item (G_LIST_MODEL (self->uris), i);
      g_ptr_array_add (out, g_strdup (altoscope_uri_item_get_uri (item)->uri));
    }
  return out;
}

GPtrArray *
altoscope_family_view_dup_badges (AltoscopeFamilyView *self)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->uris)); i++)
    {
      g_autoptr(AltoscopeUriItem) item = g_list_model_get_item (G_LIST_MODEL (self->uris), i);
      g_ptr_array_add (out, g_strdup (altoscope_dnssec_to_string (altoscope_uri_item_get_uri (item)->dnssec)));
    }
  return out;
}

AdwExpanderRow *
altoscope_family_view_get_trace_row (AltoscopeFamilyView *self)
{
  return self->trace_row;
}

AltoscopeTraceView *
altoscope_family_view_get_trace_view (AltoscopeFamilyView *self)
{
  return ensure_trace_view (self);
}

GtkWidget *
altoscope_family_view_get_check_button (AltoscopeFamilyView *self,
                                        guint                index)
{
  AltoscopeUriRow *row = uri_row_at (self, index);
  return row ? altoscope_uri_row_get_check_button (row) : NULL;
}

char *
altoscope_family_view_dup_check_text (AltoscopeFamilyView *self,
                                      guint                index)
{
  AltoscopeUriRow *row = uri_row_at (self, index);
  return row ? altoscope_uri_row_dup_check_text (row) : NULL;
}

GtkLabel *
altoscope_family_view_get_uri_label (AltoscopeFamilyView *self,
                                     guint                index)
{
  AltoscopeUriRow *row = uri_row_at (self, index);
  return row ? altoscope_uri_row_get_uri_label (row) : NULL;
}

GtkWidget *
altoscope_family_view_get_uri_row (AltoscopeFamilyView *self,
                                   guint                index)
{
  return GTK_WIDGET (uri_row_at (self, index));
}

gboolean
altoscope_family_view_get_retry_sensitive (AltoscopeFamilyView *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->failure_row))
         && gtk_widget_get_sensitive (GTK_WIDGET (self->retry_button));
}

GtkButton *
altoscope_family_view_get_ask_dhcp_button (AltoscopeFamilyView *self)
{
  return gtk_widget_get_visible (self->no_domain_actions)
         && gtk_widget_get_visible (GTK_WIDGET (self->ask_dhcp_button))
         ? self->ask_dhcp_button : NULL;
}

/* The failed question's row: its sentence and next step, or NULL. */
const char *
altoscope_family_view_get_ask_text (AltoscopeFamilyView *self,
                                    const char         **next_step)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self->ask_row)))
    return NULL;
  if (next_step != NULL)
    *next_step = altoscope_info_row_get_subtitle (self->ask_row);
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->ask_row));
}

const char *
altoscope_family_view_get_retry_label (AltoscopeFamilyView *self)
{
  return gtk_button_get_label (self->retry_button);
}

/* The widgets of the answer: the domain row, then the URIs or the failure. */
GtkWidget *
altoscope_family_view_get_answer_widget (AltoscopeFamilyView *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->uris_list)))
    return GTK_WIDGET (uri_row_at (self, 0));
  if (gtk_widget_get_visible (GTK_WIDGET (self->failure_row)))
    return GTK_WIDGET (self->failure_row);
  return GTK_WIDGET (self->domain_row);
}

AdwEntryRow *
altoscope_family_view_get_entry (AltoscopeFamilyView *self,
                                 gboolean             this_family,
                                 const char         **note)
{
  return altoscope_override_row_get_entry (ensure_override_row (self), this_family, note);
}

GtkWidget *
altoscope_family_view_get_apply_button (AltoscopeFamilyView *self,
                                        gboolean             this_family)
{
  return altoscope_override_row_get_apply_button (ensure_override_row (self), this_family);
}

const char *
altoscope_family_view_get_caveat (AltoscopeFamilyView *self)
{
  return self->caveat;
}

/* ---- GObject ---------------------------------------------------------- */

static void
altoscope_family_view_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  AltoscopeFamilyView *self = ALTOSCOPE_FAMILY_VIEW (object);

  switch (prop_id)
    {
    case PROP_CAVEAT: g_value_set_string (value, self->caveat); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
altoscope_family_view_dispose (GObject *object)
{
  AltoscopeFamilyView *self = ALTOSCOPE_FAMILY_VIEW (object);

  stop_countdown (self);
  g_clear_object (&self->pair_signals);
  g_clear_object (&self->link_signals);
  g_clear_object (&self->pair);
  g_clear_object (&self->link);
  g_clear_object (&self->target);
  g_clear_object (&self->trace_target);
  g_clear_object (&self->overrides);
  g_clear_object (&self->uris);
  g_clear_pointer (&self->warnings_shown, g_free);
  g_clear_pointer (&self->caveat, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), ALTOSCOPE_TYPE_FAMILY_VIEW);
  /* Made later, not bound: gone with their lists. */
  self->override_row = NULL;
  self->trace_view = NULL;
  G_OBJECT_CLASS (altoscope_family_view_parent_class)->dispose (object);
}

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, AltoscopeFamilyView, name)

static void
altoscope_family_view_class_init (AltoscopeFamilyViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = altoscope_family_view_dispose;
  object_class->get_property = altoscope_family_view_get_property;
  props[PROP_CAVEAT] = g_param_spec_string ("caveat", NULL, NULL, NULL,
                                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                            | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
  signals[RETRY] = g_signal_new ("retry", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (ALTOSCOPE_TYPE_REFLOW_BOX);
  g_type_ensure (ALTOSCOPE_TYPE_INFO_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/altoscope/Altoscope/altoscope-family-view.ui");
  BIND (mismatch_row); BIND (mismatch_label); BIND (group); BIND (spinner); BIND (status_label); BIND (domain_row); BIND (domain_icon);
  BIND (no_domain_actions); BIND (set_override_button); BIND (ask_dhcp_button); BIND (ask_row);
  BIND (failure_row); BIND (failure_icon); BIND (retry_button); BIND (error_cause); BIND (error_hint);
  BIND (no_domain_row); BIND (no_domain_label); BIND (uris_list); BIND (warnings_list);
  BIND (more_list); BIND (trace_row); BIND (trace_view_row);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_set_override_clicked_cb);
}

static void
altoscope_family_view_init (AltoscopeFamilyView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  altoscope_widget_set_tooltip (GTK_WIDGET (self->set_override_button),
                                _("Type the ALTO domain for this network yourself"));
  altoscope_widget_set_tooltip (GTK_WIDGET (self->ask_dhcp_button),
                                _("Send DHCPINFORM (IPv4) or Information-Request (IPv6) on this "
                                  "interface for the ALTO domain, without touching the lease. "
                                  "Asks for administrator authentication."));
  altoscope_labels_bound_wrapping (GTK_WIDGET (self));
  self->uris = g_list_store_new (ALTOSCOPE_TYPE_URI_ITEM);
  gtk_list_box_bind_model (self->uris_list, G_LIST_MODEL (self->uris), create_uri_row_cb, self,
                           NULL);
  g_signal_connect_swapped (self->trace_row, "notify::expanded", G_CALLBACK (on_trace_expanded_cb),
                            self);
  /* What the expanders hold is measured only while they are open. */
  altoscope_expander_row_measure_open_only (self->trace_row, GTK_WIDGET (self->trace_view_row));
  altoscope_expander_row_measure_open_only (self->failure_row, GTK_WIDGET (self->error_cause));
  altoscope_expander_row_measure_open_only (self->no_domain_row,
                                            GTK_WIDGET (self->no_domain_label));
  altoscope_expander_row_measure_open_only (self->mismatch_row, GTK_WIDGET (self->mismatch_label));
  self->pair_signals = g_signal_group_new (ALTOSCOPE_TYPE_PAIR);
  g_signal_group_connect_swapped (self->pair_signals, "notify", G_CALLBACK (update), self);
  self->link_signals = g_signal_group_new (ALTOSCOPE_TYPE_LINK);
  g_signal_group_connect_swapped (self->link_signals, "notify", G_CALLBACK (update), self);
  /* Text from the network is never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->failure_row), FALSE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->mismatch_row), FALSE);
  for (guint i = 0; i < 3; i++)
    {
      AdwExpanderRow *row = (AdwExpanderRow *[]) { self->trace_row, self->no_domain_row,
                                                   self->failure_row }[i];
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                                      -1);
    }
}
