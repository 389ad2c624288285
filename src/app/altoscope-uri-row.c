/* altoscope-uri-row.c
 *
 * A row made once per AltoscopeUriItem (gtk_list_box_bind_model in the
 * family view): what discovery found does not change in it.  What does
 * change, the check of that URI, comes from the target the view shows
 * (altoscope_uri_row_set_target), through the target's check-changed.
 * Everything from DNS is plain text made safe (altoscope_text_safe).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "altoscope-label-util.h"
#include "altoscope-check-area.h"
#include "altoscope-reflow-box.h"
#include "altoscope-row-box.h"
#include "altoscope-text.h"
#include "altoscope-uri-row.h"
#include "altoscope-tooltip.h"

struct _AltoscopeUriRow
{
  GtkListBoxRow parent_instance;

  GtkLabel *rank_label;
  AltoscopeReflowBox *reflow;
  GtkLabel *uri_label;
  GtkLabel *details_label;
  GtkLabel *badge;
  GtkButton *copy_button;
  GtkButton *check_button;
  GtkStack *check_stack;
  AltoscopeCheckArea *check_area;

  AltoscopeUriItem *item;
  AltoscopeTarget *target;       /* whose checks are shown */
  GSignalGroup *target_signals;
};

G_DEFINE_FINAL_TYPE (AltoscopeUriRow, altoscope_uri_row, GTK_TYPE_LIST_BOX_ROW)

/* Order, preference, eligibility and addresses, and why it is used or not. */
static char *
details_text (AltoscopeUri *uri)
{
  GString *info = g_string_new (NULL);

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
  if (uri->fallback_reason != NULL || uri->note != NULL)
    {
      g_autofree char *msg = altoscope_text_safe (uri->fallback_reason ? uri->fallback_reason
                                                                        : uri->note);
      g_string_append_printf (info, "\n%s", msg);
    }
  return g_string_free (info, FALSE);
}

/* The badge's words: the status, and who proved it ("verified" when
 * Altoscope did, "resolver says" when it only has the resolver's word). */
static char *
badge_text (AltoscopeUri *uri)
{
  const char *status = altoscope_dnssec_label (uri->dnssec);

  if (uri->dnssec_validator != ALTOSCOPE_DNSSEC_VALIDATOR_ALTOSCOPE)
    return g_strdup_printf (_("resolver says %s"), status);
  /* Altoscope tried: "unproved" when the proof did not come, "proved
   * bogus" when it came and failed, else what it verified. */
  if (uri->dnssec == ALTOSCOPE_DNSSEC_INDETERMINATE)
    return g_strdup (_("unproved"));
  if (uri->dnssec == ALTOSCOPE_DNSSEC_BOGUS)
    return g_strdup (_("proved bogus"));
  return g_strdup_printf (_("verified %s"), status);
}

/* The badge, and in its tooltip why, and who vouches for it. */
static void
show_dnssec (AltoscopeUriRow *self,
             AltoscopeUri    *uri)
{
  gboolean on_loopback = FALSE;
  const char * const *resolvers = altoscope_uri_item_get_resolvers (self->item, &on_loopback);
  g_autofree char *who = resolvers ? g_strjoinv (", ", (GStrv) resolvers) : g_strdup ("");
  g_autofree char *safe_who = altoscope_text_safe (who);
  g_autofree char *detail = altoscope_text_safe (uri->dnssec_detail ? uri->dnssec_detail : "");
  g_autofree char *text = badge_text (uri);
  g_autoptr(GString) tip = g_string_new (NULL);

  gtk_label_set_text (self->badge, text);
  gtk_widget_add_css_class (GTK_WIDGET (self->badge), altoscope_dnssec_to_string (uri->dnssec));
  if (uri->dnssec_validator == ALTOSCOPE_DNSSEC_VALIDATOR_ALTOSCOPE)
    g_string_append_printf (tip, _("DNSSEC: %s, proved by Altoscope from its trust anchor.\n%s.\n"
                                   "The resolver (%s) said: %s."),
                            altoscope_dnssec_label (uri->dnssec), detail, safe_who,
                            altoscope_dnssec_label (uri->resolver_dnssec));
  else
    g_string_append_printf (tip, _("DNSSEC: %s, as the resolver says; Altoscope did not prove it."
                                   "\n%s.\nVouched for by: %s"),
                            altoscope_dnssec_label (uri->dnssec), detail, safe_who);
  altoscope_widget_set_tooltip (GTK_WIDGET (self->badge), tip->str);
}

static void
show_item (AltoscopeUriRow *self,
           const char      *pair_key)
{
  AltoscopeUri *uri = altoscope_uri_item_get_uri (self->item);
  g_autofree char *safe_uri = altoscope_text_safe (uri->uri);
  g_autofree char *rank = g_strdup_printf ("%u", uri->rank);
  g_autofree char *details = details_text (uri);
  g_autofree char *name = NULL;

  gtk_label_set_text (self->rank_label, rank);
  gtk_label_set_text (self->uri_label, safe_uri);
  gtk_label_set_text (self->details_label, details);
  show_dnssec (self, uri);
  /* The target first: an action name without its target is refused. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->check_button), "(ss)", pair_key,
                                    uri->uri);
  /* A screen reader says which server, where it ranks and its status. */
  {
    g_autofree char *badge = badge_text (uri);
    name = g_strdup_printf (_("Server %u: %s, DNSSEC %s"), uri->rank, safe_uri, badge);
  }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
}

/* The check of this URI in the target shown: its button and its verdict. */
static void
update_check (AltoscopeUriRow *self)
{
  const char *uri = altoscope_uri_item_get_uri (self->item)->uri;
  AltoscopeCheck *check = self->target ? altoscope_target_get_check (self->target, uri) : NULL;
  gboolean checking = self->target && altoscope_target_get_checking (self->target, uri);
  const char *page = checking ? "stop" : check ? "again" : "check";

  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->check_button),
                                  checking ? "win.stop-check" : "win.check-uri");
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->check_stack), page) != 0)
    gtk_stack_set_visible_child_name (self->check_stack, page);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->check_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  checking ? _("Stop the Check")
                                  : check ? _("Check This Server Again")
                                  : _("Check This Server"), -1);
  altoscope_check_area_show (self->check_area, check, checking);
}

static void
on_check_changed_cb (AltoscopeUriRow *self,
                     const char      *uri)
{
  if (g_strcmp0 (uri, altoscope_uri_item_get_uri (self->item)->uri) == 0)
    update_check (self);
}

/* The target whose checks this row shows: the view's current one. */
void
altoscope_uri_row_set_target (AltoscopeUriRow *self,
                              AltoscopeTarget *target)
{
  if (!g_set_object (&self->target, target))
    return;
  g_signal_group_set_target (self->target_signals, target);
  update_check (self);
}

/* Whether Check can run now (not while discovery runs again). */
void
altoscope_uri_row_set_checkable (AltoscopeUriRow *self,
                                 gboolean         checkable)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_button), checkable);
}

static void
on_copy_clicked_cb (AltoscopeUriRow *self)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)),
                          altoscope_uri_item_get_uri (self->item)->uri);
}

GtkWidget *
altoscope_uri_row_new (AltoscopeUriItem *item,
                       const char       *pair_key)
{
  AltoscopeUriRow *self = g_object_new (ALTOSCOPE_TYPE_URI_ROW, NULL);

  self->item = g_object_ref (item);
  show_item (self, pair_key ? pair_key : "");
  update_check (self);
  return GTK_WIDGET (self);
}

AltoscopeUriItem *
altoscope_uri_row_get_item (AltoscopeUriRow *self)
{
  return self->item;
}

GtkLabel *
altoscope_uri_row_get_uri_label (AltoscopeUriRow *self)
{
  return self->uri_label;
}

GtkWidget *
altoscope_uri_row_get_check_button (AltoscopeUriRow *self)
{
  return GTK_WIDGET (self->check_button);
}

char *
altoscope_uri_row_dup_check_text (AltoscopeUriRow *self)
{
  return altoscope_check_area_dup_text (self->check_area);
}

gboolean
altoscope_uri_row_get_stacked (AltoscopeUriRow *self)
{
  return altoscope_reflow_box_get_stacked (self->reflow);
}

static void
altoscope_uri_row_dispose (GObject *object)
{
  AltoscopeUriRow *self = ALTOSCOPE_URI_ROW (object);

  g_clear_object (&self->target_signals);
  g_clear_object (&self->target);
  g_clear_object (&self->item);
  gtk_widget_dispose_template (GTK_WIDGET (self), ALTOSCOPE_TYPE_URI_ROW);
  G_OBJECT_CLASS (altoscope_uri_row_parent_class)->dispose (object);
}

static void
altoscope_uri_row_class_init (AltoscopeUriRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = altoscope_uri_row_dispose;
  g_type_ensure (ALTOSCOPE_TYPE_REFLOW_BOX);
  g_type_ensure (ALTOSCOPE_TYPE_ROW_BOX);
  g_type_ensure (ALTOSCOPE_TYPE_CHECK_AREA);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/altoscope/Altoscope/altoscope-uri-row.ui");
  gtk_widget_class_bind_template_child (widget_class, AltoscopeUriRow, rank_label);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeUriRow, reflow);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeUriRow, uri_label);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeUriRow, details_label);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeUriRow, badge);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeUriRow, copy_button);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeUriRow, check_button);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeUriRow, check_stack);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeUriRow, check_area);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked_cb);
}

static void
altoscope_uri_row_init (AltoscopeUriRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  altoscope_widget_set_tooltip (GTK_WIDGET (self->copy_button), _("Copy URI"));
  altoscope_widget_set_tooltip (GTK_WIDGET (self->check_button),
                                _("Fetch this server's directory and check it against RFC 7285 "
                                  "(contacts the server)"));
  altoscope_labels_bound_wrapping (GTK_WIDGET (self));
  self->target_signals = g_signal_group_new (ALTOSCOPE_TYPE_TARGET);
  g_signal_group_connect_swapped (self->target_signals, "check-changed",
                                  G_CALLBACK (on_check_changed_cb), self);
}

/* For tests: "check", "stop" or "again", what the Check button offers. */
const char *
altoscope_uri_row_get_check_state (AltoscopeUriRow *self)
{
  return gtk_stack_get_visible_child_name (self->check_stack);
}

/* For tests: the DNSSEC badge's words. */
const char *
altoscope_uri_row_get_badge_text (AltoscopeUriRow *self)
{
  return gtk_label_get_text (self->badge);
}
