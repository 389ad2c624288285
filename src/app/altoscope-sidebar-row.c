/* altoscope-sidebar-row.c
 *
 * A row follows its link (name, kind, state) and its pairs (one mark per
 * address family) through notifications: a change to one entry touches
 * its row and nothing else.  Names from NetworkManager are shown as plain
 * text, made safe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "altoscope-sidebar-row.h"
#include "altoscope-text.h"
#include "altoscope-tooltip.h"

struct _AltoscopeSidebarRow
{
  GtkListBoxRow parent_instance;

  GtkImage *icon;
  GtkLabel *title;
  GtkLabel *subtitle;
  GtkSpinner *spinner4;
  GtkImage *mark4;
  GtkWidget *fam4_label;
  GtkWidget *fam6_label;
  GtkSpinner *spinner6;
  GtkImage *mark6;

  AltoscopeScheduler *scheduler; /* NULL for a report's entry */
  AltoscopeReportEntry *entry;  /* a report's interface; NULL: a live one */
  AltoscopeLink *link;          /* NULL: the default-domain entry */
  char *key;                    /* the link's key, or ALTOSCOPE_DEFAULT_ENTRY */
  GSignalGroup *pair_signals[ALTOSCOPE_N_FAMILIES];
};

G_DEFINE_FINAL_TYPE (AltoscopeSidebarRow, altoscope_sidebar_row, GTK_TYPE_LIST_BOX_ROW)

static const char *
state_label (AltoscopeLinkState state)
{
  switch (state)
    {
    case ALTOSCOPE_LINK_STATE_CONNECTED: return _("connected");
    case ALTOSCOPE_LINK_STATE_CONNECTING: return _("connecting");
    case ALTOSCOPE_LINK_STATE_DISCONNECTED: return _("disconnected");
    case ALTOSCOPE_LINK_STATE_DISCONNECTING: return _("disconnecting");
    case ALTOSCOPE_LINK_STATE_UNAVAILABLE: return _("unavailable");
    case ALTOSCOPE_LINK_STATE_UNMANAGED: return _("unmanaged");
    case ALTOSCOPE_LINK_STATE_FAILED: return _("failed");
    case ALTOSCOPE_LINK_STATE_UNKNOWN:
    default: return _("unknown state");
    }
}

static const char *
kind_icon (AltoscopeLink *link)
{
  const char *kind = link ? altoscope_link_get_kind (link) : NULL;

  if (link == NULL)
    return "preferences-system-symbolic";
  if (altoscope_link_get_is_vpn (link) || g_strcmp0 (kind, "wireguard") == 0)
    return "network-vpn-symbolic";
  if (g_strcmp0 (kind, "wifi") == 0)
    return "network-wireless-symbolic";
  return "network-wired-symbolic";
}

static void
update_labels (AltoscopeSidebarRow *self)
{
  g_autofree char *title = NULL;
  g_autofree char *sub = NULL;

  if (self->link == NULL)
    {
      title = g_strdup (_("Default domain"));
      sub = g_strdup (_("without NetworkManager"));
    }
  else if (self->entry != NULL)
    {
      /* What the other machine saw: its state then is not known, only
       * that it comes from this report. */
      const char *kind = altoscope_link_get_kind (self->link);
      g_autofree char *whose = g_strdup_printf (_("In the report %s"),
                                                altoscope_report_entry_get_name (self->entry));

      title = altoscope_text_make_safe (altoscope_link_get_name (self->link), 400);
      /* Older reports do not say what kind of interface it was. */
      sub = altoscope_link_get_is_vpn (self->link) ? g_strdup (_("VPN · in the report"))
            : g_strdup_printf (_("%s · in the report"), kind ? kind : _("interface"));
      /* Read out after its name: which report, as two can hold an "eth0". */
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      whose, -1);
    }
  else
    {
      title = altoscope_text_make_safe (altoscope_link_get_name (self->link), 400);
      if (altoscope_link_get_is_vpn (self->link))
        {
          g_autofree char *parent = altoscope_text_make_safe (altoscope_link_get_parent (self->link),
                                                              400);
          sub = g_strdup_printf (_("VPN over %s · %s"), parent,
                                 state_label (altoscope_link_get_state (self->link)));
        }
      else
        sub = g_strdup_printf ("%s · %s", altoscope_link_get_kind (self->link),
                               state_label (altoscope_link_get_state (self->link)));
    }
  gtk_image_set_from_icon_name (self->icon, self->entry ? "x-office-document-symbolic"
                                                       : kind_icon (self->link));
  if (g_strcmp0 (gtk_label_get_text (self->title), title) != 0)
    gtk_label_set_text (self->title, title);
  if (g_strcmp0 (gtk_label_get_text (self->subtitle), sub) != 0)
    gtk_label_set_text (self->subtitle, sub);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
}

/* One mark per family: found / failed / discovering / no domain. */
static void
update_mark (AltoscopeSidebarRow *self,
             AltoscopeFamily      family)
{
  AltoscopePair *pair = g_signal_group_dup_target (self->pair_signals[family]);
  GtkSpinner *spinner = family == ALTOSCOPE_FAMILY_IPV4 ? self->spinner4 : self->spinner6;
  GtkImage *mark = family == ALTOSCOPE_FAMILY_IPV4 ? self->mark4 : self->mark6;
  const char *fam = altoscope_family_to_label (family);
  g_autofree char *tip = NULL;
  const char *icon = NULL, *css = NULL;
  AltoscopePairState state = pair ? altoscope_pair_get_state (pair) : ALTOSCOPE_PAIR_DISCOVERING;

  gtk_widget_set_visible (GTK_WIDGET (spinner), pair != NULL
                                                && state == ALTOSCOPE_PAIR_DISCOVERING);
  gtk_spinner_set_spinning (spinner, pair != NULL && state == ALTOSCOPE_PAIR_DISCOVERING);
  if (pair != NULL && state == ALTOSCOPE_PAIR_DISCOVERING)
    {
      tip = g_strdup_printf (_("%s: discovering"), fam);
      altoscope_widget_set_tooltip (GTK_WIDGET (spinner), tip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (spinner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      tip, -1);
    }
  else if (pair != NULL && state == ALTOSCOPE_PAIR_FOUND)
    {
      icon = "emblem-ok-symbolic", css = "status-found";
      tip = g_strdup_printf (_("%s: ALTO server found"), fam);
    }
  else if (pair != NULL && state == ALTOSCOPE_PAIR_NO_DOMAIN)
    {
      icon = "dialog-question-symbolic", css = "status-none";
      tip = g_strdup_printf (_("%s: no domain"), fam);
    }
  else if (pair != NULL)
    {
      icon = "dialog-error-symbolic", css = "status-failed";
      tip = g_strdup_printf (_("%s: failed"), fam);
    }

  gtk_widget_set_visible (family == ALTOSCOPE_FAMILY_IPV4 ? self->fam4_label : self->fam6_label,
                          pair != NULL);
  gtk_widget_set_visible (GTK_WIDGET (mark), icon != NULL);
  if (icon != NULL)
    {
      gtk_image_set_from_icon_name (mark, icon);
      gtk_widget_set_css_classes (GTK_WIDGET (mark), (const char *[]) { css, NULL });
      altoscope_widget_set_tooltip (GTK_WIDGET (mark), tip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (mark), GTK_ACCESSIBLE_PROPERTY_LABEL, tip,
                                      -1);
    }
  g_clear_object (&pair);
}

static void
on_pair4_notify_cb (AltoscopeSidebarRow *self)
{
  update_mark (self, ALTOSCOPE_FAMILY_IPV4);
}

static void
on_pair6_notify_cb (AltoscopeSidebarRow *self)
{
  update_mark (self, ALTOSCOPE_FAMILY_IPV6);
}

/* Pairs come and go (an address of a family appears): find ours again. */
static void
find_pairs (AltoscopeSidebarRow *self)
{
  /* The default domain is one pair, not one per family. */
  for (AltoscopeFamily f = 0; f < ALTOSCOPE_N_FAMILIES; f++)
    {
      g_autofree char *key = NULL;
      g_autoptr(AltoscopePair) current = g_signal_group_dup_target (self->pair_signals[f]);
      AltoscopePair *pair;

      if (self->entry != NULL)
        pair = altoscope_report_file_find_pair (altoscope_report_entry_get_report (self->entry),
                                                self->link, f);
      else
        {
          if (self->link != NULL)
            key = altoscope_scheduler_pair_key (self->link, f);
          else if (f == ALTOSCOPE_FAMILY_IPV4)
            key = g_strdup (ALTOSCOPE_SCHEDULER_DEFAULT_KEY);
          pair = altoscope_scheduler_find_pair (self->scheduler, key);
        }
      if (pair != current)
        {
          g_signal_group_set_target (self->pair_signals[f], pair);
          update_mark (self, f);
        }
    }
}

static void
altoscope_sidebar_row_dispose (GObject *object)
{
  AltoscopeSidebarRow *self = ALTOSCOPE_SIDEBAR_ROW (object);

  for (int f = 0; f < ALTOSCOPE_N_FAMILIES; f++)
    g_clear_object (&self->pair_signals[f]);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->entry);
  g_clear_object (&self->link);
  g_clear_pointer (&self->key, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), ALTOSCOPE_TYPE_SIDEBAR_ROW);
  G_OBJECT_CLASS (altoscope_sidebar_row_parent_class)->dispose (object);
}

static void
altoscope_sidebar_row_class_init (AltoscopeSidebarRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = altoscope_sidebar_row_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/altoscope/Altoscope/altoscope-sidebar-row.ui");
  gtk_widget_class_bind_template_child (widget_class, AltoscopeSidebarRow, icon);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeSidebarRow, title);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeSidebarRow, subtitle);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeSidebarRow, spinner4);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeSidebarRow, mark4);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeSidebarRow, fam4_label);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeSidebarRow, fam6_label);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeSidebarRow, spinner6);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeSidebarRow, mark6);
}

static void
altoscope_sidebar_row_init (AltoscopeSidebarRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->pair_signals[ALTOSCOPE_FAMILY_IPV4] = g_signal_group_new (ALTOSCOPE_TYPE_PAIR);
  self->pair_signals[ALTOSCOPE_FAMILY_IPV6] = g_signal_group_new (ALTOSCOPE_TYPE_PAIR);
  g_signal_group_connect_swapped (self->pair_signals[ALTOSCOPE_FAMILY_IPV4], "notify::state",
                                  G_CALLBACK (on_pair4_notify_cb), self);
  g_signal_group_connect_swapped (self->pair_signals[ALTOSCOPE_FAMILY_IPV6], "notify::state",
                                  G_CALLBACK (on_pair6_notify_cb), self);
}

/* @link NULL: the default-domain entry. */
GtkWidget *
altoscope_sidebar_row_new (AltoscopeScheduler *scheduler,
                           AltoscopeLink      *link)
{
  AltoscopeSidebarRow *self = g_object_new (ALTOSCOPE_TYPE_SIDEBAR_ROW, NULL);

  self->scheduler = g_object_ref (scheduler);
  self->link = link ? g_object_ref (link) : NULL;
  self->key = link ? altoscope_link_dup_key (link) : g_strdup (ALTOSCOPE_DEFAULT_ENTRY);
  if (link != NULL)
    g_signal_connect_object (link, "notify", G_CALLBACK (update_labels), self,
                             G_CONNECT_SWAPPED);
  g_signal_connect_object (altoscope_scheduler_get_pairs (scheduler), "items-changed",
                           G_CALLBACK (find_pairs), self, G_CONNECT_SWAPPED);
  update_labels (self);
  find_pairs (self);
  return GTK_WIDGET (self);
}

/* A report's interface: its pairs are the report's, they never change. */
GtkWidget *
altoscope_sidebar_row_new_for_report (AltoscopeReportEntry *entry)
{
  AltoscopeSidebarRow *self = g_object_new (ALTOSCOPE_TYPE_SIDEBAR_ROW, NULL);

  self->entry = g_object_ref (entry);
  self->link = g_object_ref (altoscope_report_entry_get_link (entry));
  self->key = altoscope_report_entry_dup_key (entry);
  update_labels (self);
  find_pairs (self);
  return GTK_WIDGET (self);
}

/* The report entry the row shows; NULL: a live entry. */
AltoscopeReportEntry *
altoscope_sidebar_row_get_report_entry (AltoscopeSidebarRow *self)
{
  return self->entry;
}

const char *
altoscope_sidebar_row_get_key (AltoscopeSidebarRow *self)
{
  return self->key;
}

AltoscopeLink *
altoscope_sidebar_row_get_link (AltoscopeSidebarRow *self)
{
  return self->link;
}

/* Does the row show the entry a person named (a name, a VPN's UUID)? */
gboolean
altoscope_sidebar_row_matches (AltoscopeSidebarRow *self,
                               const char          *name_or_uuid)
{
  if (self->entry != NULL)
    return g_strcmp0 (self->key, name_or_uuid) == 0;   /* never by a typed name */
  if (self->link != NULL)
    return altoscope_link_matches (self->link, name_or_uuid);
  return g_strcmp0 (self->key, name_or_uuid) == 0;
}
