/* altoscope-override-row.c
 *
 * The overrides of one family of one entry (this family, both families;
 * for a VPN its connection's), folded into one expander row whose
 * subtitle says what is set.  What is typed is a draft until applied
 * (Enter, the apply button) or reverted (Escape, clear): it survives
 * updates, rediscovery and binding to another entry and back, because it
 * belongs to what it would override (the scope key, the family, this
 * family or both), not to a pair, which may not exist yet.  A draft is
 * said under its row, an invalid one with its reason, and cannot be
 * applied.
 *
 * The editors are made when first needed (the row opened, editing
 * started): a closed row is its title and what is set, and every
 * interface's view has two of them on the way to the first frame (issue
 * 15, item 10).  Until then only the values set are kept, for the
 * subtitle; nothing can have been typed, so there is no draft.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "altoscope-label-util.h"
#include "altoscope-domain.h"
#include "altoscope-override-row.h"
#include "altoscope-text.h"
#include "altoscope-tooltip.h"

/* One override editor: the entry, its apply and clear buttons, the note
 * under it, and the value last applied (what "not a draft" means). */
typedef struct
{
  AdwEntryRow *entry;
  GtkButton *apply;
  GtkButton *clear;
  GtkListBoxRow *note_row;
  GtkLabel *note;
  char *applied;
  gboolean this_family;
} Editor;

struct _AltoscopeOverrideRow
{
  AdwExpanderRow parent_instance;

  Editor editors[2];            /* this family, both families; widgets made by ensure_editors */
  GHashTable *drafts;           /* draft_key () -> text typed, not applied */
  AltoscopeLink *link;
  AltoscopeFamily family;
  AltoscopeOverrides *overrides;
  gboolean setting_text;        /* our own gtk_editable_set_text, not typing */
};

G_DEFINE_FINAL_TYPE (AltoscopeOverrideRow, altoscope_override_row, ADW_TYPE_EXPANDER_ROW)

enum { TOAST, N_SIGNALS };
static guint signals[N_SIGNALS];



static void ensure_editors (AltoscopeOverrideRow *self);

static gboolean
is_vpn (AltoscopeOverrideRow *self)
{
  return self->link != NULL && altoscope_link_get_is_vpn (self->link);
}

/* What a draft belongs to: what the override would apply to (the
 * interface or the VPN connection, the family, this family or both), not
 * the pair, which may not exist yet. */
static char *
draft_key (AltoscopeOverrideRow *self,
           Editor              *ed)
{
  AltoscopeScope scope = ALTOSCOPE_SCOPE_INTERFACE;
  const char *key = self->link ? altoscope_overrides_scope_for_link (self->link, &scope) : NULL;

  if (key == NULL)
    return NULL;
  return g_strdup_printf ("%d|%s|%d|%d", scope, key, self->family, ed->this_family);
}

static gboolean
editor_is_draft (Editor *ed)
{
  const char *text;

  if (ed->entry == NULL)
    return FALSE;
  text = gtk_editable_get_text (GTK_EDITABLE (ed->entry));
  return g_strcmp0 (text, ed->applied ? ed->applied : "") != 0;
}

/* The marks of an editor: a draft is said under the row; invalid text
 * keeps its reason there while it is invalid; apply only when it can. */
static void
update_editor (AltoscopeOverrideRow *self,
               Editor              *ed)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (ed->entry));
  gboolean draft = editor_is_draft (ed);
  g_autoptr(GError) error = NULL;

  g_autofree char *normalized = *text ? altoscope_domain_normalize (text, &error) : NULL;
  gboolean invalid = *text != '\0' && normalized == NULL;
  g_autofree char *key = draft_key (self, ed);
  GtkWidget *note = GTK_WIDGET (ed->note);

  if (key != NULL && draft)
    g_hash_table_replace (self->drafts, g_steal_pointer (&key), g_strdup (text));
  else if (key != NULL)
    g_hash_table_remove (self->drafts, key);
  gtk_widget_set_sensitive (GTK_WIDGET (ed->apply), draft && !invalid);
  gtk_widget_set_sensitive (GTK_WIDGET (ed->clear), ed->applied != NULL || *text != '\0');
  if (invalid)
    {
      g_autofree char *why = g_strdup_printf (_("Not a valid domain: %s"), error->message);
      gtk_widget_add_css_class (GTK_WIDGET (ed->entry), "error");
      gtk_widget_add_css_class (note, "error");
      gtk_widget_remove_css_class (note, "dim-label");
      altoscope_label_set_text_if_changed (ed->note, why);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (ed->entry), "error");
      gtk_widget_remove_css_class (note, "error");
      gtk_widget_add_css_class (note, "dim-label");
      altoscope_label_set_text_if_changed (ed->note, *text ? _("Not applied yet: press Enter to apply, Escape to undo")
                                : _("Not applied yet: press Enter to remove the override, "
                                    "Escape to undo"));
    }
  gtk_widget_set_visible (GTK_WIDGET (ed->note_row), draft || invalid);
}

/* The expander's subtitle: what is set, and whether a draft waits. */
static void
update_override_summary (AltoscopeOverrideRow *self)
{
  const char *fam = self->editors[0].applied, *all = self->editors[1].applied;
  gboolean drafts = editor_is_draft (&self->editors[0]) || editor_is_draft (&self->editors[1]);
  g_autofree char *safe_fam = altoscope_text_safe (fam);
  g_autofree char *safe_all = altoscope_text_safe (all);
  g_autofree char *set = fam ? g_strdup_printf (_("Set for %s: %s"),
                                                altoscope_family_to_label (self->family), safe_fam)
                         : all ? g_strdup_printf (_("Set for both families: %s"), safe_all)
                         : g_strdup (_("Not set"));
  g_autofree char *subtitle = drafts ? g_strdup_printf (_("%s · a change is not applied yet"), set)
                                     : g_strdup (set);

  if (g_strcmp0 (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (self)), subtitle) != 0)
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);

}

/* Brings the editors to the overrides set: an editor holding a draft
 * keeps it; one that does not shows the value set.  @rebound: the view
 * was bound to another pair, whose drafts come back. */
static void
show_overrides (AltoscopeOverrideRow *self,
                gboolean             rebound)
{
  const char *fam = altoscope_family_to_label (self->family);
  gboolean editable = self->link != NULL && self->overrides != NULL;
  AltoscopeScope scope = ALTOSCOPE_SCOPE_INTERFACE;
  const char *key = self->link ? altoscope_overrides_scope_for_link (self->link, &scope) : NULL;

  gtk_widget_set_visible (GTK_WIDGET (self), editable);
  if (!editable)
    return;
  if (self->editors[0].entry != NULL)
    {
      g_autofree char *family_title = is_vpn (self)
        ? g_strdup_printf (_("This VPN connection, %s only"), fam)
        : g_strdup_printf (_("This interface, %s only"), fam);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->editors[0].entry), family_title);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->editors[1].entry),
                                     is_vpn (self) ? _("This VPN connection, both families")
                                                   : _("This interface, both families"));
    }
  for (guint i = 0; i < 2; i++)
    {
      Editor *ed = &self->editors[i];
      g_autofree char *value = altoscope_overrides_get (self->overrides, scope, key,
                                                        ed->this_family ? &self->family : NULL);
      /* a draft against the value applied until now */
      gboolean keep = !rebound && editor_is_draft (ed);
      g_autofree char *dkey = NULL;
      const char *draft;
      g_autofree char *text = NULL;

      g_free (ed->applied);
      ed->applied = g_steal_pointer (&value);
      if (ed->entry == NULL)
        continue;
      dkey = draft_key (self, ed);
      draft = dkey ? g_hash_table_lookup (self->drafts, dkey) : NULL;
      text = g_strdup (keep ? gtk_editable_get_text (GTK_EDITABLE (ed->entry))
                            : draft ? draft : ed->applied ? ed->applied : "");
      /* Setting the text deletes, then inserts: the empty text between
       * is not a draft, and must not open the row. */
      self->setting_text = TRUE;
      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (ed->entry)), text) != 0)
        gtk_editable_set_text (GTK_EDITABLE (ed->entry), text);
      self->setting_text = FALSE;
      update_editor (self, ed);
      /* A draft of what the row now edits came back: show it. */
      if (rebound && draft != NULL)
        adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), TRUE);
    }
  update_override_summary (self);
}

static void
on_entry_changed_cb (AltoscopeOverrideRow *self,
                     GtkEditable         *entry)
{
  Editor *ed = (AdwEntryRow *) entry == self->editors[0].entry ? &self->editors[0]
                                                               : &self->editors[1];

  if (self->setting_text)
    return;
  update_editor (self, ed);
  update_override_summary (self);
  /* Typed: the row stays open while a draft waits (an update of the
   * values set elsewhere never opens it). */
  if (editor_is_draft (ed))
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), TRUE);
}

static void
apply_editor (AltoscopeOverrideRow *self,
              Editor              *ed)
{
  if (!gtk_widget_get_sensitive (GTK_WIDGET (ed->apply)))
    return;
  if (altoscope_override_row_apply (self, ed->this_family,
                                            gtk_editable_get_text (GTK_EDITABLE (ed->entry))))
    show_overrides (self, FALSE);
}

static void
on_family_apply_cb (AltoscopeOverrideRow *self)
{
  apply_editor (self, &self->editors[0]);
}

static void
on_all_apply_cb (AltoscopeOverrideRow *self)
{
  apply_editor (self, &self->editors[1]);
}

/* Escape gives back the value set. */
static gboolean
on_entry_key_cb (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 AltoscopeOverrideRow  *self)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  Editor *ed = (AdwEntryRow *) widget == self->editors[0].entry ? &self->editors[0]
                                                                : &self->editors[1];

  if (keyval != GDK_KEY_Escape || !editor_is_draft (ed))
    return FALSE;
  altoscope_override_row_revert (self, ed->this_family);
  return TRUE;
}

void
altoscope_override_row_revert (AltoscopeOverrideRow *self,
                                       gboolean             this_family)
{
  Editor *ed = &self->editors[this_family ? 0 : 1];

  if (ed->entry == NULL)
    return;   /* nothing typed: no editor yet */
  self->setting_text = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (ed->entry), ed->applied ? ed->applied : "");
  self->setting_text = FALSE;
  update_editor (self, ed);
  update_override_summary (self);
}

static void
on_family_clear_cb (AltoscopeOverrideRow *self)
{
  altoscope_override_row_clear (self, TRUE);
}

static void
on_all_clear_cb (AltoscopeOverrideRow *self)
{
  altoscope_override_row_clear (self, FALSE);
}

gboolean
altoscope_override_row_apply (AltoscopeOverrideRow *self,
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
      altoscope_override_row_clear (self, this_family);
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

/* Clearing also drops what was typed: the editor shows nothing set. */
void
altoscope_override_row_clear (AltoscopeOverrideRow *self,
                                      gboolean             this_family)
{
  Editor *ed = &self->editors[this_family ? 0 : 1];
  AltoscopeScope scope;
  const char *key;

  if (self->link == NULL || self->overrides == NULL)
    return;
  key = altoscope_overrides_scope_for_link (self->link, &scope);
  altoscope_overrides_clear (self->overrides, scope, key, this_family ? &self->family : NULL);
  g_clear_pointer (&ed->applied, g_free);
  if (ed->entry != NULL)
    {
      self->setting_text = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (ed->entry), "");
      self->setting_text = FALSE;
    }
  show_overrides (self, FALSE);
}


/* Shows the overrides of @link (NULL: none can be set) for @family.  The
 * editors take up the drafts of what they now edit when that changed. */
void
altoscope_override_row_bind (AltoscopeOverrideRow *self,
                             AltoscopeLink        *link,
                             AltoscopeFamily       family,
                             AltoscopeOverrides   *overrides)
{
  g_autofree char *old_key = draft_key (self, &self->editors[0]);
  g_autofree char *new_key = NULL;

  g_set_object (&self->link, link);
  g_set_object (&self->overrides, overrides);
  self->family = family;
  new_key = draft_key (self, &self->editors[0]);
  show_overrides (self, g_strcmp0 (old_key, new_key) != 0);
}

/* The overrides may have changed: editors without a draft follow. */
void
altoscope_override_row_refresh (AltoscopeOverrideRow *self)
{
  show_overrides (self, FALSE);
}

/* "Set Override": open, and the first editor takes the focus. */
void
altoscope_override_row_start_editing (AltoscopeOverrideRow *self)
{
  ensure_editors (self);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->editors[0].entry));
}

AdwEntryRow *
altoscope_override_row_get_entry (AltoscopeOverrideRow *self,
                                  gboolean              this_family,
                                  const char          **note)
{
  Editor *ed = &self->editors[this_family ? 0 : 1];

  ensure_editors (self);
  if (note != NULL)
    *note = gtk_widget_get_visible (GTK_WIDGET (ed->note_row)) ? gtk_label_get_text (ed->note)
                                                                : NULL;
  return ed->entry;
}

GtkWidget *
altoscope_override_row_get_apply_button (AltoscopeOverrideRow *self,
                                         gboolean              this_family)
{
  ensure_editors (self);
  return GTK_WIDGET (self->editors[this_family ? 0 : 1].apply);
}

/* ---- GObject ---------------------------------------------------------- */

static void
altoscope_override_row_dispose (GObject *object)
{
  AltoscopeOverrideRow *self = ALTOSCOPE_OVERRIDE_ROW (object);

  g_clear_object (&self->link);
  g_clear_object (&self->overrides);
  g_clear_pointer (&self->drafts, g_hash_table_unref);
  for (guint i = 0; i < 2; i++)
    g_clear_pointer (&self->editors[i].applied, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), ALTOSCOPE_TYPE_OVERRIDE_ROW);
  G_OBJECT_CLASS (altoscope_override_row_parent_class)->dispose (object);
}

static void
altoscope_override_row_class_init (AltoscopeOverrideRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = altoscope_override_row_dispose;
  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/altoscope/Altoscope/altoscope-override-row.ui");
}

static GtkWidget *
flat_icon_button (const char *icon_name,
                  const char *tooltip,
                  const char *accessible_name,
                  GCallback   clicked,
                  gpointer    self)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  altoscope_widget_set_tooltip (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_name, -1);
  g_signal_connect_swapped (button, "clicked", clicked, self);
  return button;
}

/* One editor: an entry row with its apply and clear buttons, and the
 * note row under it, added to the expander in that order. */
static void
make_editor (AltoscopeOverrideRow *self,
             Editor              *ed,
             gboolean             this_family)
{
  GCallback apply_cb = this_family ? G_CALLBACK (on_family_apply_cb) : G_CALLBACK (on_all_apply_cb);
  GtkWidget *entry = adw_entry_row_new ();
  GtkWidget *apply = flat_icon_button ("object-select-symbolic", _("Apply"),
                                       this_family ? _("Apply the Override for This Family")
                                                   : _("Apply the Override for Both Families"),
                                       apply_cb, self);
  GtkWidget *clear = flat_icon_button ("edit-clear-symbolic", _("Clear This Override"),
                                       this_family ? _("Clear the Override for This Family")
                                                   : _("Clear the Override for Both Families"),
                                       this_family ? G_CALLBACK (on_family_clear_cb)
                                                   : G_CALLBACK (on_all_clear_cb), self);
  GtkWidget *note = gtk_label_new (NULL);
  GtkWidget *note_row = gtk_list_box_row_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_set_sensitive (apply, FALSE);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (entry), apply);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (entry), clear);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (on_entry_changed_cb), self);
  g_signal_connect_swapped (entry, "entry-activated", apply_cb, self);
  /* Before the entry's own handling, so Escape reverts a draft. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_entry_key_cb), self);
  gtk_widget_add_controller (entry, keys);

  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  /* made after the view bound its wrapping labels (altoscope-label-util.h) */
  gtk_label_set_width_chars (GTK_LABEL (note), ALTOSCOPE_WRAP_MIN_CHARS);
  gtk_widget_set_margin_top (note, 6);
  gtk_widget_set_margin_bottom (note, 6);
  gtk_widget_set_margin_start (note, 12);
  gtk_widget_set_margin_end (note, 12);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (note_row), FALSE);
  gtk_widget_set_focusable (note_row, FALSE);
  gtk_widget_set_visible (note_row, FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (note_row), note);

  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), entry);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), note_row);
  ed->entry = ADW_ENTRY_ROW (entry);
  ed->apply = GTK_BUTTON (apply);
  ed->clear = GTK_BUTTON (clear);
  ed->note_row = GTK_LIST_BOX_ROW (note_row);
  ed->note = GTK_LABEL (note);
}

/* The editors, made once; then they show what is set, or the drafts. */
static void
ensure_editors (AltoscopeOverrideRow *self)
{
  if (self->editors[0].entry != NULL)
    return;
  make_editor (self, &self->editors[0], TRUE);
  make_editor (self, &self->editors[1], FALSE);
  show_overrides (self, TRUE);
}

static void
on_expanded_cb (AltoscopeOverrideRow *self)
{
  if (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (self)))
    ensure_editors (self);
}

static void
altoscope_override_row_init (AltoscopeOverrideRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->drafts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->editors[0].this_family = TRUE;
  self->editors[1].this_family = FALSE;
  g_signal_connect (self, "notify::expanded", G_CALLBACK (on_expanded_cb), NULL);
  /* Values may be anything typed or read back; never markup.  libadwaita
   * 1.2 names an expander row's inner header, not the row. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self)), -1);
}
