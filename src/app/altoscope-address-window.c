/* altoscope-address-window.c: RFC 8686 for an address typed in
 *
 * The text is checked on every keystroke by the core's own reader
 * (altoscope_reverse_names_new, pure and cheap), so the window never
 * disagrees with `altoscope-cli discover --address` about what an address
 * is: the reason is the core's sentence, shown under the entry in words.
 *
 * The question goes where the main window's questions go for the entry
 * selected there: that interface's DNS servers, sent from it, else the
 * system's resolver; validated or not as Preferences say.  Those are given
 * by the caller (altoscope_address_window_set_link, _set_validation); the
 * transport is made when Find is pressed, with the same
 * altoscope_transport_setup_make the pairs and the CLI use.
 *
 * A run holds the window only weakly, and its own cancellable: a GTK 4
 * window is disposed when its last reference goes, so a strong one would
 * keep a closed window, and its run, alive until DNS answered.  Closing
 * disposes it, which cancels the run; the answer, when it comes, finds no
 * window, or one whose current run is another, and is dropped.  Stop
 * cancels too, but keeps the run current: the procedure returns the names
 * asked so far, and they are shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "altoscope-address-window.h"
#include "altoscope-cross-domain.h"
#include "altoscope-reverse-names.h"
#include "altoscope-text.h"
#include "altoscope-uri-item.h"
#include "altoscope-uri-row.h"

struct _AltoscopeAddressWindow
{
  AdwWindow parent_instance;

  GtkEntry *address_entry;
  GtkSpinner *spinner;
  GtkWidget *find_button;
  GtkWidget *stop_button;
  GtkLabel *reason_label;
  GtkLabel *servers_label;
  GtkWidget *result_box;
  GtkLabel *headline_label;
  GtkLabel *caption_label;
  GtkLabel *note_label;
  GtkWidget *uri_group;
  GtkListBox *uri_list;
  GtkWidget *names_group;
  GtkListBox *names_list;

  AltoscopeBackoff *backoff;    /* the retry memory (RFC 7286 §3.2), or NULL */
  char *link_name;              /* whose servers, as shown; NULL: the system's resolver */
  char *interface;              /* sent from this interface (NULL: any) */
  GStrv servers;                /* NULL: the system's resolver */
  GStrv sources;                /* validation's source addresses */
  GStrv skipped;                /* link-local servers c-ares cannot use */
  gboolean validate;
  GStrv anchor_files;
  AltoscopeTransportFactory factory;
  gpointer factory_data;

  GCancellable *cancellable;    /* the current run's, NULL when none runs */
  AltoscopeTarget *target;      /* the result shown */
};

G_DEFINE_FINAL_TYPE (AltoscopeAddressWindow, altoscope_address_window, ADW_TYPE_WINDOW)

typedef struct
{
  GWeakRef self;
  GCancellable *cancellable;
  char *no_validation;
} Run;

static void
run_free (Run *run)
{
  g_weak_ref_clear (&run->self);
  g_object_unref (run->cancellable);
  g_free (run->no_validation);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

/* The text as the core reads it: spaces around it (from a paste) are no
 * part of an address. */
static char *
typed_address (AltoscopeAddressWindow *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->address_entry))));
}

static gboolean
address_valid (AltoscopeAddressWindow *self,
               GError                **error)
{
  g_autofree char *text = typed_address (self);
  g_autoptr(GArray) names = NULL;

  if (*text == '\0')
    return FALSE;
  names = altoscope_reverse_names_new (text, NULL, error);
  return names != NULL;
}

static void
update_actions (AltoscopeAddressWindow *self)
{
  gboolean running = self->cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "address.find",
                                 !running && address_valid (self, NULL));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "address.stop",
                                 running && !g_cancellable_is_cancelled (self->cancellable));
}

/* Checked as it is typed.  Empty is not an error yet: nothing is said.
 * The reason describes the entry only while it is shown, so a screen
 * reader reads it with the entry, and nothing stale after. */
static void
on_address_changed_cb (AltoscopeAddressWindow *self)
{
  g_autoptr(GError) error = NULL;
  address_valid (self, &error);
  if (error != NULL)
    {
      gtk_label_set_text (self->reason_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->address_entry), "error");
      gtk_accessible_update_relation (GTK_ACCESSIBLE (self->address_entry),
                                      GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                      self->reason_label, NULL, -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->address_entry),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->address_entry), "error");
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->address_entry),
                                     GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->address_entry),
                                  GTK_ACCESSIBLE_STATE_INVALID);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), error != NULL);
  update_actions (self);
}

static void
on_address_activate_cb (AltoscopeAddressWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "address.find", NULL);
}

/* ---- where the question goes ---------------------------------------------- */

static void
update_servers_text (AltoscopeAddressWindow *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (self->servers != NULL)
    {
      g_autofree char *list = g_strjoinv (", ", self->servers);
      g_string_append_printf (text, _("Asked through the DNS servers of %s: %s."),
                              self->link_name, list);
    }
  else if (self->link_name != NULL)
    g_string_append_printf (text, _("%s has no DNS servers of its own: asked through the "
                                    "system’s resolver."), self->link_name);
  else
    g_string_append (text, _("Asked through the system’s resolver."));
  for (guint i = 0; self->skipped != NULL && self->skipped[i] != NULL; i++)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text, _("The link-local DNS server %s cannot be used and was "
                                      "skipped"), self->skipped[i]);
      g_string_append_c (text, '.');
    }
  g_string_append_c (text, ' ');
  g_string_append (text, self->validate
                         ? _("Altoscope proves DNSSEC itself.")
                         : _("DNSSEC is the resolver’s word: validation is off in Preferences."));
  gtk_label_set_text (self->servers_label, text->str);
}

/**
 * altoscope_address_window_set_link:
 * @link: (nullable): the entry selected in the main window
 *
 * Questions go to @link's DNS servers (both families, its own family's
 * order kept), sent from its interface, as its pairs' do; without a link,
 * or when it has none, to the system's resolver.
 */
void
altoscope_address_window_set_link (AltoscopeAddressWindow *self,
                                   AltoscopeLink          *link)
{
  g_autoptr(GStrvBuilder) servers = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) sources = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) skipped = g_strv_builder_new ();
  guint n = 0;

  g_clear_pointer (&self->link_name, g_free);
  g_clear_pointer (&self->interface, g_free);
  g_clear_pointer (&self->servers, g_strfreev);
  g_clear_pointer (&self->sources, g_strfreev);
  g_clear_pointer (&self->skipped, g_strfreev);
  for (AltoscopeFamily f = 0; link != NULL && f < ALTOSCOPE_N_FAMILIES; f++)
    {
      const char * const *dns = altoscope_link_get_dns (link, f);
      g_autofree char *source = altoscope_link_dup_source_address (link, f);

      for (guint i = 0; dns != NULL && dns[i] != NULL; i++)
        {
          g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (dns[i]);

          if (inet == NULL)
            continue;
          /* c-ares 1.18 takes no scope for a link-local server. */
          if (g_inet_address_get_is_link_local (inet)
              && g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
            g_strv_builder_add (skipped, dns[i]);
          else
            {
              g_strv_builder_add (servers, dns[i]);
              n++;
            }
        }
      if (source != NULL)
        g_strv_builder_add (sources, source);
    }
  if (link != NULL)
    self->link_name = altoscope_text_safe (altoscope_link_get_name (link));
  self->skipped = g_strv_builder_end (skipped);
  if (n > 0)
    {
      self->servers = g_strv_builder_end (servers);
      self->sources = g_strv_builder_end (sources);
      /* For a VPN, its tunnel interface when the model found it. */
      self->interface = g_strdup (altoscope_link_get_ip_interface (link));
    }
  update_servers_text (self);
}

/* @validate: the "validate-dnssec" setting; @anchor_files: besides the
 * root's, already checked. */
void
altoscope_address_window_set_validation (AltoscopeAddressWindow *self,
                                         gboolean                validate,
                                         const char * const     *anchor_files)
{
  self->validate = validate;
  g_strfreev (self->anchor_files);
  self->anchor_files = g_strdupv ((GStrv) anchor_files);
  update_servers_text (self);
}

/* For tests: a scripted transport instead of the network. */
void
altoscope_address_window_set_transport_factory (AltoscopeAddressWindow   *self,
                                                AltoscopeTransportFactory factory,
                                                gpointer                  data)
{
  self->factory = factory;
  self->factory_data = data;
}

/* ---- the result ------------------------------------------------------------ */

/* What "nothing there" was, in words (RFC 8686 §3.4: the next name). */
static const char *
nothing_there (AltoscopeErrorCode code)
{
  switch (code)
    {
    case ALTOSCOPE_ERROR_NXDOMAIN: return _("the name does not exist");
    case ALTOSCOPE_ERROR_NODATA: return _("the name has no NAPTR records");
    case ALTOSCOPE_ERROR_NO_ALTO_RECORDS: return _("its NAPTR records are not for ALTO");
    default: return altoscope_error_code_headline (code);
    }
}

/* One name's outcome, then its DNSSEC status, in words. */
static char *
outcome_text (const AltoscopeReverseName *n)
{
  g_autofree char *what = NULL;

  switch (n->outcome)
    {
    case ALTOSCOPE_REVERSE_OUTCOME_ANSWERED:
      what = g_strdup_printf (ngettext ("Answered: %u ALTO server", "Answered: %u ALTO servers",
                                        n->uris), n->uris);
      break;
    case ALTOSCOPE_REVERSE_OUTCOME_NO_RECORDS:
      what = g_strdup_printf (_("No ALTO records: %s"), nothing_there (n->error_code));
      break;
    case ALTOSCOPE_REVERSE_OUTCOME_FAILED:
      what = g_strdup_printf (_("Failed, so the search stopped here: %s"),
                              altoscope_error_code_headline (n->error_code));
      break;
    case ALTOSCOPE_REVERSE_OUTCOME_NOT_TRIED:
    default:
      return g_strdup (_("Not asked: an earlier name decided"));
    }
  if (n->remembered)
    return g_strdup_printf (_("%s (remembered from an earlier lookup, still inside the wait "
                              "before asking again) · DNSSEC: %s"),
                            what, altoscope_dnssec_label (n->dnssec));
  return g_strdup_printf (_("%s · DNSSEC: %s"), what, altoscope_dnssec_label (n->dnssec));
}

static GtkWidget *
name_row_new (const AltoscopeReverseName *n)
{
  g_autofree char *name = altoscope_text_safe (n->name);
  g_autofree char *what = outcome_text (n);
  g_autofree char *prefix = g_strdup_printf ("/%u", n->prefix_len);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *len = gtk_label_new (prefix);

  /* From DNS: plain text, never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), what);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (len, "dim-label");
  gtk_widget_add_css_class (len, "mono");
  gtk_accessible_update_property (GTK_ACCESSIBLE (len), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Prefix length"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), len);
  if (n->outcome == ALTOSCOPE_REVERSE_OUTCOME_ANSWERED)
    gtk_widget_add_css_class (row, "status-found");
  return row;
}

static void
show_names (AltoscopeAddressWindow *self,
            GArray                 *names)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->names_list))) != NULL)
    gtk_list_box_remove (self->names_list, child);
  for (guint i = 0; names != NULL && i < names->len; i++)
    gtk_list_box_append (self->names_list,
                         name_row_new (&g_array_index (names, AltoscopeReverseName, i)));
  gtk_widget_set_visible (self->names_group, names != NULL && names->len > 0);
}

/* The name that decided: the one that answered, or failed, else none. */
static const AltoscopeReverseName *
deciding_name (GArray *names)
{
  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      const AltoscopeReverseName *n = &g_array_index (names, AltoscopeReverseName, i);
      if (n->outcome == ALTOSCOPE_REVERSE_OUTCOME_ANSWERED
          || n->outcome == ALTOSCOPE_REVERSE_OUTCOME_FAILED)
        return n;
    }
  return NULL;
}

static gboolean
all_nothing_there (GArray *names)
{
  for (guint i = 0; names != NULL && i < names->len; i++)
    if (g_array_index (names, AltoscopeReverseName, i).outcome
        != ALTOSCOPE_REVERSE_OUTCOME_NO_RECORDS)
      return FALSE;
  return names != NULL && names->len > 0;
}

/* The headline says what came of it; the caption, dim, the engineer's
 * detail: which name, the step and the code. */
static void
show_headline (AltoscopeAddressWindow *self,
               AltoscopeTarget        *target)
{
  GArray *names = altoscope_target_get_reverse_names (target);
  const AltoscopeReverseName *decided = deciding_name (names);
  AltoscopeErrorCode code = altoscope_target_get_error_code (target);
  guint n = altoscope_target_count_uris (target);
  g_autofree char *headline = NULL;
  g_autofree char *caption = NULL;
  g_autofree char *name = decided ? altoscope_text_safe (decided->name) : NULL;

  if (n > 0)
    {
      headline = g_strdup_printf (ngettext ("Found %u ALTO Server", "Found %u ALTO Servers", n), n);
      caption = g_strdup_printf (_("Answered by %s, for the prefix /%u · DNSSEC: %s"), name,
                                 decided ? decided->prefix_len : 0,
                                 altoscope_dnssec_label (altoscope_target_get_dnssec (target)));
    }
  else if (code != ALTOSCOPE_ERROR_CANCELLED && all_nothing_there (names))
    {
      headline = g_strdup (_("No ALTO Server Is Published for This Address"));
      caption = g_strdup_printf (_("Every reverse name was asked; none has ALTO records · %s"),
                                 altoscope_error_code_to_string (code));
    }
  else
    {
      g_autofree char *cause = altoscope_text_make_safe (altoscope_target_get_error_message (target),
                                                         4 * ALTOSCOPE_TEXT_MAX_CHARS);
      headline = g_strdup (altoscope_error_code_headline (code));
      caption = name
        ? g_strdup_printf (_("At %s · step “%s” · %s\n%s"), name,
                           altoscope_target_get_error_step (target),
                           altoscope_error_code_to_string (code), cause)
        : g_strdup_printf (_("Step “%s” · %s\n%s"), altoscope_target_get_error_step (target),
                           altoscope_error_code_to_string (code), cause);
    }
  gtk_label_set_text (self->headline_label, headline);
  gtk_label_set_text (self->caption_label, caption);
}

/* What the result warns of (the resolver off the loopback, …), and why
 * Altoscope could not prove DNSSEC when it could not. */
static void
show_notes (AltoscopeAddressWindow *self,
            AltoscopeTarget        *target,
            const char             *no_validation)
{
  GArray *warnings = target ? altoscope_target_get_warnings (target) : NULL;
  g_autoptr(GString) notes = g_string_new (NULL);

  if (no_validation != NULL)
    {
      g_autofree char *why = altoscope_text_safe (no_validation);
      g_string_append_printf (notes, _("Altoscope could not check DNSSEC itself, so the status "
                                       "shown is the resolver’s word. Why: %s"), why);
    }
  for (guint i = 0; warnings != NULL && i < warnings->len; i++)
    {
      g_autofree char *msg = altoscope_text_make_safe (altoscope_target_get_warning_message (target, i),
                                                       4 * ALTOSCOPE_TEXT_MAX_CHARS);
      g_string_append_printf (notes, "%s%s", notes->len ? "\n" : "", msg);
    }
  gtk_label_set_text (self->note_label, notes->str);
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), notes->len > 0);
}

static GtkWidget *
create_uri_row_cb (gpointer item,
                   gpointer data)
{
  GtkWidget *row = altoscope_uri_row_new (item, NULL);

  /* Checking a server belongs to an interface's result, sent from its
   * address: not offered here. */
  gtk_widget_set_visible (altoscope_uri_row_get_check_button (ALTOSCOPE_URI_ROW (row)), FALSE);
  return row;
}

static void
show_target (AltoscopeAddressWindow *self,
             AltoscopeTarget        *target,
             const char             *no_validation)
{
  g_set_object (&self->target, target);
  show_headline (self, target);
  show_notes (self, target, no_validation);
  show_names (self, altoscope_target_get_reverse_names (target));
  gtk_list_box_bind_model (self->uri_list, altoscope_target_get_uri_model (target),
                           create_uri_row_cb, NULL, NULL);
  gtk_widget_set_visible (self->uri_group, altoscope_target_count_uris (target) > 0);
  gtk_widget_set_visible (self->result_box, TRUE);
}

/* No result at all: the transport could not be made (@code network, as
 * a pair says it), or the procedure refused to start. */
static void
show_error (AltoscopeAddressWindow *self,
            AltoscopeErrorCode      code,
            const GError           *error)
{
  g_autofree char *cause = altoscope_text_safe (error->message);

  g_clear_object (&self->target);
  gtk_label_set_text (self->headline_label, altoscope_error_code_headline (code));
  gtk_label_set_text (self->caption_label, cause);
  show_notes (self, NULL, NULL);
  show_names (self, NULL);
  gtk_list_box_bind_model (self->uri_list, NULL, NULL, NULL, NULL);
  gtk_widget_set_visible (self->uri_group, FALSE);
  gtk_widget_set_visible (self->result_box, TRUE);
}

/* ---- running ----------------------------------------------------------------- */

static void
set_running (AltoscopeAddressWindow *self,
             GCancellable           *cancellable)
{
  gboolean running = cancellable != NULL;
  gboolean stop_had_focus = gtk_widget_has_focus (self->stop_button);
  gboolean find_had_focus = gtk_widget_has_focus (self->find_button);

  g_set_object (&self->cancellable, cancellable);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), running);
  gtk_spinner_set_spinning (self->spinner, running);
  gtk_widget_set_visible (self->stop_button, running);
  gtk_widget_set_visible (self->find_button, !running);
  update_actions (self);
  /* The button pressed goes away: the keyboard lands on the one in its
   * place, not nowhere. */
  if (running && find_had_focus)
    gtk_widget_grab_focus (self->stop_button);
  else if (!running && stop_had_focus)
    gtk_widget_grab_focus (GTK_WIDGET (self->address_entry));
}

static void
on_found_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(Run) run = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeTarget) target = altoscope_discover_address_finish (result, &error);
  g_autoptr(AltoscopeAddressWindow) self = g_weak_ref_get (&run->self);

  /* Closed, or no longer the current run: nothing of it is shown. */
  if (self == NULL || self->cancellable != run->cancellable)
    return;
  set_running (self, NULL);
  if (target != NULL)
    show_target (self, target, run->no_validation);
  else
    show_error (self, error->domain == ALTOSCOPE_ERROR ? (AltoscopeErrorCode) error->code
                                                       : ALTOSCOPE_ERROR_INTERNAL, error);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AltoscopeAddressWindow *self = ALTOSCOPE_ADDRESS_WINDOW (widget);
  g_autofree char *address = typed_address (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeTransport) transport = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autofree char *no_validation = NULL;
  AltoscopeTransportSetup setup = {
    .factory = self->factory,
    .factory_data = self->factory_data,
    .validate = self->factory == NULL && self->validate,
    .anchor_files = (const char * const *) self->anchor_files,
    .validator_flags = ALTOSCOPE_VALIDATOR_FLAGS_NONE,
    .timeout_ms = ALTOSCOPE_DEFAULT_TIMEOUT_MS,
  };
  Run *run;

  if (self->cancellable != NULL || !address_valid (self, NULL))
    return;
  transport = altoscope_transport_setup_make (&setup, (const char * const *) self->servers,
                                              self->interface,
                                              (const char * const *) self->sources,
                                              &no_validation, &error);
  if (transport == NULL)
    {
      /* The servers themselves are unusable: nothing can be asked. */
      show_error (self, ALTOSCOPE_ERROR_NETWORK, error);
      return;
    }
  cancellable = g_cancellable_new ();
  run = g_new0 (Run, 1);
  g_weak_ref_init (&run->self, self);
  run->cancellable = g_object_ref (cancellable);
  run->no_validation = g_steal_pointer (&no_validation);
  gtk_widget_set_visible (self->result_box, FALSE);
  set_running (self, cancellable);
  altoscope_discover_address_async (transport, self->backoff, address,
                                    ALTOSCOPE_DISCOVERY_NONE, cancellable, on_found_cb, run);
}

/* The run stays current: what was asked so far comes back and is shown. */
static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AltoscopeAddressWindow *self = ALTOSCOPE_ADDRESS_WINDOW (widget);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  update_actions (self);
}

/* ---- for tests ------------------------------------------------------------- */

GtkEditable *
altoscope_address_window_get_entry (AltoscopeAddressWindow *self)
{
  return GTK_EDITABLE (self->address_entry);
}

const char *
altoscope_address_window_get_reason_text (AltoscopeAddressWindow *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->reason_label))
         ? gtk_label_get_text (self->reason_label) : NULL;
}

/* Whether Find can be pressed: its action enabled, and the button shown. */
gboolean
altoscope_address_window_get_can_find (AltoscopeAddressWindow *self)
{
  return gtk_widget_get_visible (self->find_button)
         && gtk_widget_is_sensitive (self->find_button);
}

gboolean
altoscope_address_window_get_running (AltoscopeAddressWindow *self)
{
  return self->cancellable != NULL;
}

const char *
altoscope_address_window_get_servers_text (AltoscopeAddressWindow *self)
{
  return gtk_label_get_text (self->servers_label);
}

const char *
altoscope_address_window_get_headline (AltoscopeAddressWindow  *self,
                                       const char             **caption)
{
  gboolean shown = gtk_widget_get_visible (self->result_box);

  if (caption != NULL)
    *caption = shown ? gtk_label_get_text (self->caption_label) : NULL;
  return shown ? gtk_label_get_text (self->headline_label) : NULL;
}

const char *
altoscope_address_window_get_note_text (AltoscopeAddressWindow *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->note_label))
         ? gtk_label_get_text (self->note_label) : NULL;
}

/* "TITLE\tSUBTITLE" of each name's row, as shown. */
GPtrArray *
altoscope_address_window_dup_names (AltoscopeAddressWindow *self)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);

  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (self->names_list)); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    if (ADW_IS_ACTION_ROW (w))
      g_ptr_array_add (rows, g_strdup_printf ("%s\t%s",
                                              adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w)),
                                              adw_action_row_get_subtitle (ADW_ACTION_ROW (w))));
  return rows;
}

/* The URIs of the rows shown, in order. */
GPtrArray *
altoscope_address_window_dup_uris (AltoscopeAddressWindow *self)
{
  GPtrArray *uris = g_ptr_array_new_with_free_func (g_free);

  if (!gtk_widget_get_visible (self->uri_group))
    return uris;
  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (self->uri_list)); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    if (ALTOSCOPE_IS_URI_ROW (w))
      g_ptr_array_add (uris, g_strdup (gtk_label_get_text (
        altoscope_uri_row_get_uri_label (ALTOSCOPE_URI_ROW (w)))));
  return uris;
}

/* ---- GObject --------------------------------------------------------------- */

static void
altoscope_address_window_dispose (GObject *object)
{
  AltoscopeAddressWindow *self = ALTOSCOPE_ADDRESS_WINDOW (object);

  /* Closing stops the run; its answer, when it comes, finds another
   * cancellable (none) and is dropped. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->target);
  g_clear_object (&self->backoff);
  g_clear_pointer (&self->link_name, g_free);
  g_clear_pointer (&self->interface, g_free);
  g_clear_pointer (&self->servers, g_strfreev);
  g_clear_pointer (&self->sources, g_strfreev);
  g_clear_pointer (&self->skipped, g_strfreev);
  g_clear_pointer (&self->anchor_files, g_strfreev);
  gtk_widget_dispose_template (GTK_WIDGET (self), ALTOSCOPE_TYPE_ADDRESS_WINDOW);
  G_OBJECT_CLASS (altoscope_address_window_parent_class)->dispose (object);
}

static void
altoscope_address_window_class_init (AltoscopeAddressWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = altoscope_address_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/altoscope/Altoscope/altoscope-address-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AltoscopeAddressWindow, address_entry);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeAddressWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeAddressWindow, find_button);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeAddressWindow, stop_button);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeAddressWindow, reason_label);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeAddressWindow, servers_label);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeAddressWindow, result_box);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeAddressWindow, headline_label);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeAddressWindow, caption_label);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeAddressWindow, note_label);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeAddressWindow, uri_group);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeAddressWindow, uri_list);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeAddressWindow, names_group);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeAddressWindow, names_list);
  gtk_widget_class_bind_template_callback (widget_class, on_address_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_address_activate_cb);
  gtk_widget_class_install_action (widget_class, "address.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "address.stop", NULL, stop_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
altoscope_address_window_init (AltoscopeAddressWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->validate = TRUE;
  if (DEVELOPMENT)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
  update_servers_text (self);
  update_actions (self);
}

/**
 * altoscope_address_window_new:
 * @parent: (nullable): the window it belongs to, modal over it
 * @backoff: (nullable): the retry memory; NULL: none
 */
AltoscopeAddressWindow *
altoscope_address_window_new (GtkWindow        *parent,
                              AltoscopeBackoff *backoff)
{
  AltoscopeAddressWindow *self = g_object_new (ALTOSCOPE_TYPE_ADDRESS_WINDOW,
                                               "transient-for", parent, NULL);

  self->backoff = backoff ? g_object_ref (backoff) : NULL;
  return self;
}
