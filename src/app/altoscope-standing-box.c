/* altoscope-standing-box.c
 *
 * Under a valid check: where this computer stands in the server's network
 * map (its PID, per address, and which way the answer came), and a small
 * form that asks the server what reaching a peer costs, the answer shown in
 * place.  Everything the server said is made safe and set as plain text.
 * The address typed is checked as it is typed; the button stays
 * insensitive, and the reason stays under the entry, while it is not one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "altoscope-label-util.h"
#include "altoscope-standing-box.h"
#include "altoscope-text.h"
#include "altoscope-tooltip.h"

struct _AltoscopeStandingBox
{
  GtkBox parent_instance;
  AltoscopeCheck *check;
  GtkWidget *entry;
  GtkWidget *button;
  GtkWidget *reason;
  GtkWidget *answers;      /* the costs asked for, newest first */
  GCancellable *asking;
  guint reason_timeout;    /* the reason shows once typing pauses */
};

#define REASON_DELAY_MS 700

G_DEFINE_FINAL_TYPE (AltoscopeStandingBox, altoscope_standing_box, GTK_TYPE_BOX)

static void
show_endpoint (GtkWidget                     *box,
               const AltoscopeEndpointAnswer *e)
{
  g_autofree char *pid = altoscope_text_safe (e->pid);
  g_autofree char *map = altoscope_text_safe (e->map);
  g_autofree char *line = NULL;
  g_autofree char *caption = NULL;

  if (e->error != NULL)
    {
      g_autofree char *why = altoscope_text_safe (e->error);
      line = g_strdup_printf (_("This computer (%s): its PID is not known"), e->address);
      altoscope_label_append_line (box, line, NULL);
      altoscope_label_append_line (box, why, "dim-label");
      return;
    }
  if (e->pid != NULL)
    line = g_strdup_printf (_("This computer: PID “%s” in “%s” (%s)"), pid, map, e->address);
  else
    line = g_strdup_printf (_("This computer (%s) is in no PID of “%s”"), e->address, map);
  altoscope_label_append_line (box, line, NULL);
  if (e->vtag != NULL)
    {
      g_autofree char *vtag = altoscope_text_safe (e->vtag);
      g_autofree char *version = g_strdup_printf (_("Map version %s"), vtag);
      caption = g_strdup_printf ("%s · %s", altoscope_endpoint_query_via_sentence (e->via),
                                 version);
    }
  else
    caption = g_strdup (altoscope_endpoint_query_via_sentence (e->via));
  gtk_label_set_selectable (GTK_LABEL (altoscope_label_append_line (box, caption, "dim-label")), FALSE);
}

static void
show_cost (GtkWidget                 *box,
           const AltoscopeCostAnswer *c)
{
  g_autofree char *type = altoscope_text_safe (c->cost_type);
  g_autofree char *mode = altoscope_text_safe (c->mode);
  g_autofree char *metric = altoscope_text_safe (c->metric);
  g_autofree char *line = NULL;

  if (c->has_value)
    {
      g_autofree char *value = altoscope_endpoint_query_format_cost (c->value);
      line = g_strdup_printf (_("%s → %s: %s (%s, %s %s; %s)"), c->from, c->to, value, metric,
                              mode, type, altoscope_endpoint_query_via_sentence (c->via));
    }
  else
    {
      g_autofree char *why = altoscope_text_safe (c->error);
      line = g_strdup_printf (_("%s → %s: no %s cost (%s)"), c->from ? c->from : "—", c->to,
                              metric, why);
    }
  altoscope_label_append_line (box, line, NULL);
}

/* The button asks, or, while a question is out, stops it. */
static void
set_asking (AltoscopeStandingBox *self,
            gboolean              asking)
{
  gtk_button_set_label (GTK_BUTTON (self->button), asking ? _("Stop") : _("Ask the Cost"));
  altoscope_widget_set_tooltip (self->button,
                               asking ? _("Stop asking the server")
                               : _("Ask the server what reaching this peer costs from this "
                                   "computer"));
  if (!asking)
    g_signal_emit_by_name (self->entry, "changed");   /* sensitive again if it still can */
}

static void
on_asked_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(AltoscopeStandingBox) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeEndpointQuery) query = altoscope_check_ask_finish (result, &error);
  GtkWidget *box;

  /* Stopped (the button is back already), or the box was disposed. */
  if (query == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->asking);
  set_asking (self, FALSE);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  if (query == NULL)
    altoscope_label_append_line (box, error->message, "error");
  for (guint i = 0; query != NULL && i < query->costs->len; i++)
    show_cost (box, query->costs->pdata[i]);
  for (guint i = 0; query != NULL && i < query->warnings->len; i++)
    {
      g_autofree char *w = altoscope_text_safe (((AltoscopeIrdIssue *) query->warnings->pdata[i])->message);
      altoscope_label_append_line (box, w, "warning");
    }
  gtk_box_prepend (GTK_BOX (self->answers), box);
}

/* The address typed: one, or why not (under the entry while it is so). */
static GPtrArray *
typed_peer (AltoscopeStandingBox  *self,
            char                 **why)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_auto(GStrv) one = NULL;
  GPtrArray *peers = NULL;

  one = g_new0 (char *, 2);
  one[0] = g_strstrip (g_strdup (text));
  if (*one[0] == '\0')
    return NULL;
  if (strchr (one[0], '/') != NULL)
    {
      *why = g_strdup (_("Give one address, without a prefix length"));
      return NULL;
    }
  if (!altoscope_endpoint_query_parse_addresses ((const char * const *) one, &peers, why))
    return NULL;
  return peers;
}

/* Why the text is no address, under the entry (also for screen readers,
 * which read it as the entry's description); NULL: nothing to say. */
static void
show_reason (AltoscopeStandingBox *self,
             const char           *why)
{
  gtk_label_set_text (GTK_LABEL (self->reason), why ? why : "");
  gtk_widget_set_visible (self->reason, why != NULL);
  if (why != NULL)
    gtk_widget_add_css_class (self->entry, "error");
  else
    gtk_widget_remove_css_class (self->entry, "error");
}

static gboolean
on_reason_timeout_cb (gpointer data)
{
  AltoscopeStandingBox *self = data;
  g_autofree char *why = NULL;
  g_autoptr(GPtrArray) peers = typed_peer (self, &why);

  self->reason_timeout = 0;
  show_reason (self, why);
  return G_SOURCE_REMOVE;
}

/* The button follows the text at once; a reason waits until typing
 * pauses, so that "2" on the way to "203.0.113.9" is not called wrong. */
static void
on_entry_changed_cb (AltoscopeStandingBox *self)
{
  g_autofree char *why = NULL;
  g_autoptr(GPtrArray) peers = typed_peer (self, &why);

  if (self->asking == NULL)
    gtk_widget_set_sensitive (self->button, peers != NULL);
  g_clear_handle_id (&self->reason_timeout, g_source_remove);
  if (why == NULL)
    show_reason (self, NULL);
  else
    self->reason_timeout = g_timeout_add (REASON_DELAY_MS, on_reason_timeout_cb, self);
}

static void
on_ask_cb (AltoscopeStandingBox *self)
{
  g_autofree char *why = NULL;
  g_autoptr(GPtrArray) peers = NULL;

  if (self->asking != NULL)
    {
      g_cancellable_cancel (self->asking);
      g_clear_object (&self->asking);
      set_asking (self, FALSE);
      return;
    }
  peers = typed_peer (self, &why);
  if (peers == NULL)
    {
      /* Enter on text that is no address: the reason at once. */
      g_clear_handle_id (&self->reason_timeout, g_source_remove);
      show_reason (self, why);
      return;
    }
  self->asking = g_cancellable_new ();
  set_asking (self, TRUE);
  altoscope_check_ask_async (self->check, peers, self->asking, on_asked_cb, g_object_ref (self));
}

static GtkWidget *
cost_form (AltoscopeStandingBox *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->entry = gtk_entry_new ();
  gtk_widget_set_hexpand (self->entry, TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->entry), _("Peer address, such as 203.0.113.9"));
  gtk_entry_set_input_purpose (GTK_ENTRY (self->entry), GTK_INPUT_PURPOSE_FREE_FORM);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Peer Address"), -1);
  g_signal_connect_swapped (self->entry, "changed", G_CALLBACK (on_entry_changed_cb), self);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (on_ask_cb), self);
  self->button = gtk_button_new_with_label (_("Ask the Cost"));
  altoscope_widget_set_tooltip (self->button,
                               _("Ask the server what reaching this peer costs from this "
                                 "computer"));
  gtk_widget_set_sensitive (self->button, FALSE);
  g_signal_connect_swapped (self->button, "clicked", G_CALLBACK (on_ask_cb), self);
  gtk_box_append (GTK_BOX (row), self->entry);
  gtk_box_append (GTK_BOX (row), self->button);
  return row;
}

static void
altoscope_standing_box_dispose (GObject *object)
{
  AltoscopeStandingBox *self = ALTOSCOPE_STANDING_BOX (object);

  if (self->asking != NULL)
    g_cancellable_cancel (self->asking);
  g_clear_object (&self->asking);
  g_clear_handle_id (&self->reason_timeout, g_source_remove);
  g_clear_object (&self->check);
  G_OBJECT_CLASS (altoscope_standing_box_parent_class)->dispose (object);
}

static void
altoscope_standing_box_class_init (AltoscopeStandingBoxClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = altoscope_standing_box_dispose;
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "box");
}

static void
altoscope_standing_box_init (AltoscopeStandingBox *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 4);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 6);
}

/* @check: valid, and asked where this computer stands (or not: then only
 * the cost form, when the directory offers costs). */
GtkWidget *
altoscope_standing_box_new (AltoscopeCheck *check)
{
  AltoscopeStandingBox *self = g_object_new (ALTOSCOPE_TYPE_STANDING_BOX, NULL);
  const AltoscopeEndpointQuery *query = altoscope_check_get_query (check);
  GtkWidget *box = GTK_WIDGET (self);

  self->check = g_object_ref (check);
  for (guint i = 0; query != NULL && i < query->endpoints->len; i++)
    show_endpoint (box, query->endpoints->pdata[i]);
  /* A cost is asked from this computer's addresses: with none known,
   * no form that could only fail. */
  if (!altoscope_endpoint_query_offers_costs (altoscope_check_get_ird (check))
      || ((query == NULL || query->endpoints->len == 0)
          && altoscope_check_get_local_address (check) == NULL))
    return box;
  gtk_widget_set_margin_top (altoscope_label_append_line (box, _("Cost to a Peer"), "caption-heading"), 6);
  gtk_box_append (GTK_BOX (box), cost_form (self));
  self->reason = altoscope_label_append_line (box, "", "error");
  gtk_widget_set_visible (self->reason, FALSE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->reason, NULL, -1);
  self->answers = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (box), self->answers);
  return box;
}
