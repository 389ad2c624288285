/* altoscope-window.c: interfaces on the left, one interface on the right
 *
 * The window binds, it does not rebuild.  The sidebar is a GtkListBox bound
 * to the links (and the default-domain entry), one AltoscopeSidebarRow per
 * entry that follows its link and pairs; the two family views are bound to
 * the selected entry's pairs and update their own rows in place.  Nothing
 * here runs on a result of the scheduler except a toast, so a discovery on
 * one entry never touches what another shows: focus, selected text, scroll
 * position and expanders stay.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "altoscope-report-entry.h"
#include "altoscope-label-util.h"
#include "altoscope-dhcp-rows.h"
#include "altoscope-font-warmup.h"
#include "altoscope-info-row.h"
#include "altoscope-sidebar-row.h"
#include "altoscope-text.h"
#include "altoscope-validator.h"
#include "altoscope-window-private.h"
#include "altoscope-tooltip.h"

struct _AltoscopeWindow
{
  AdwApplicationWindow parent_instance;

  AdwToastOverlay *toasts;
  AdwLeaflet *leaflet;
  GtkWidget *content;
  GtkRevealer *nm_revealer;
  GtkLabel *nm_label;
  GtkListBox *sidebar;
  GtkMenuButton *menu_button;
  GMenuModel *primary_menu;
  AdwWindowTitle *page_title;
  GtkStack *stack;
  AdwStatusPage *empty_page;
  GtkBox *page_box;
  AltoscopeFamilyView *views[ALTOSCOPE_N_FAMILIES];   /* made when first shown */
  GtkListBox *caveat_list;
  AltoscopeInfoRow *caveat_row;
  AdwPreferencesGroup *dhcp_group;
  GtkListBox *dhcp_list;
  gboolean painted;             /* GTK has drawn the first frame: the DHCP table may be made */
  guint first_frame_idle;       /* makes it, and keeps the fonts, right after that frame */

  AltoscopeNmModel *model;
  AltoscopeScheduler *scheduler;
  AltoscopeOverrides *overrides;
  GListStore *default_entry;    /* the default-domain pair, while there is one */
  GListStore *report_entries;   /* AltoscopeReportEntry: the reports opened, after the live ones */
  GtkWidget *compare_button;
  GtkWidget *back_button;
  GtkWidget *refresh_button;
  char *last_toast;
  GCancellable *loading;        /* reports being read; cancelled when the window goes */
  GtkFlattenListModel *entries; /* links, then the default entry */
  GSignalGroup *link_signals;   /* of the selected entry's link */
  char *selected;               /* entry key (altoscope_link_dup_key), DEFAULT_ENTRY, or NULL */
  char *wanted;                 /* to select once it appears (--interface) */
  GHashTable *seen;             /* pair key -> results seen (for "ran again" toasts) */
  AltoscopeBackoff *address_backoff;  /* the address window's retry memory, made when first used */
};

G_DEFINE_FINAL_TYPE (AltoscopeWindow, altoscope_window, ADW_TYPE_APPLICATION_WINDOW)

/* An AdwToast's title is Pango markup in libadwaita 1.2: names and
 * messages in it must be escaped. */
void
_altoscope_window_toast (AltoscopeWindow *self,
                         const char      *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (escaped));
  g_free (self->last_toast);
  self->last_toast = g_strdup (text);
}

/* For tests: the report of the @index-th report entry; NULL: none. */
AltoscopeReportFile *
altoscope_window_get_report (AltoscopeWindow *self,
                             guint            index)
{
  g_autoptr(AltoscopeReportEntry) e = g_list_model_get_item (G_LIST_MODEL (self->report_entries),
                                                             index);
  return e ? altoscope_report_entry_get_report (e) : NULL;
}

/* For tests: what the last toast said. */
const char *
altoscope_window_get_last_toast (AltoscopeWindow *self)
{
  return self->last_toast;
}

AltoscopeScheduler *
_altoscope_window_get_scheduler (AltoscopeWindow *self)
{
  return self->scheduler;
}

AltoscopeNmModel *
_altoscope_window_get_model (AltoscopeWindow *self)
{
  return self->model;
}

AltoscopeOverrides *
_altoscope_window_get_overrides (AltoscopeWindow *self)
{
  return self->overrides;
}

/* The same file as the pairs' (the user's cache): the memory is keyed by
 * name, servers and interface, and a write merges under a lock, so two
 * instances lose nothing of each other's. */
AltoscopeBackoff *
_altoscope_window_get_address_backoff (AltoscopeWindow *self)
{
  if (self->address_backoff == NULL)
    self->address_backoff = altoscope_backoff_new (NULL);
  return self->address_backoff;
}

static AltoscopeSidebarRow *
selected_row (AltoscopeWindow *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->sidebar);
  return row ? ALTOSCOPE_SIDEBAR_ROW (row) : NULL;
}

/* The selected entry's link; NULL for the default domain or none. */
AltoscopeLink *
_altoscope_window_get_selected_link (AltoscopeWindow *self)
{
  AltoscopeSidebarRow *row = selected_row (self);
  /* A report's interface is not this machine's: none to ask through. */
  return row && altoscope_sidebar_row_get_report_entry (row) == NULL
         ? altoscope_sidebar_row_get_link (row) : NULL;
}

static void ensure_selection (AltoscopeWindow *self);

GCancellable *
_altoscope_window_get_loading (AltoscopeWindow *self)
{
  return self->loading;
}

GListStore *
_altoscope_window_get_report_entries (AltoscopeWindow *self)
{
  return self->report_entries;
}

AltoscopeReportEntry *
_altoscope_window_get_selected_report (AltoscopeWindow *self)
{
  AltoscopeSidebarRow *row = selected_row (self);
  return row ? altoscope_sidebar_row_get_report_entry (row) : NULL;
}

/* Selects the entry of @key (a report's just opened), and shows its page. */
void
_altoscope_window_select_key (AltoscopeWindow *self,
                              const char      *key)
{
  g_free (self->wanted);
  self->wanted = g_strdup (key);
  ensure_selection (self);
}

static AltoscopePair *
pair_for (AltoscopeWindow *self,
          AltoscopeLink   *link,
          AltoscopeFamily  family)
{
  g_autofree char *key = NULL;
  AltoscopeReportEntry *entry = _altoscope_window_get_selected_report (self);

  /* The page shows one entry: a report's, or a live one. */
  if (entry != NULL)
    return link ? altoscope_report_file_find_pair (altoscope_report_entry_get_report (entry),
                                                   link, family)
                : NULL;

  if (link != NULL)
    key = altoscope_scheduler_pair_key (link, family);
  else if (family == ALTOSCOPE_FAMILY_IPV4)
    key = g_strdup (ALTOSCOPE_SCHEDULER_DEFAULT_KEY);
  return altoscope_scheduler_find_pair (self->scheduler, key);
}

static void
set_title (AdwWindowTitle *title,
           const char     *text,
           const char     *subtitle)
{
  if (g_strcmp0 (adw_window_title_get_title (title), text) != 0)
    adw_window_title_set_title (title, text);
  if (g_strcmp0 (adw_window_title_get_subtitle (title), subtitle) != 0)
    adw_window_title_set_subtitle (title, subtitle);
}

static void on_caveat_cb (AltoscopeWindow *self);
static void on_retry_cb (AltoscopeWindow *self, AltoscopeFamilyView *view);
static void on_toast_cb (AltoscopeWindow *self, const char *text);

/* The view of @family, made the first time an entry shows that family:
 * many entries have one family only (the default domain, a network
 * without IPv6), and a view not shown is not built before the first
 * frame.  Hidden until show_selected () binds it. */
static AltoscopeFamilyView *
ensure_view (AltoscopeWindow *self,
             AltoscopeFamily  family)
{
  AltoscopeFamilyView *view = self->views[family];

  if (view != NULL)
    return view;
  view = self->views[family] = g_object_new (ALTOSCOPE_TYPE_FAMILY_VIEW, "visible", FALSE, NULL);
  /* IPv4 first, IPv6 after it, both before the interface's rows. */
  gtk_box_insert_child_after (self->page_box, GTK_WIDGET (view),
                              family == ALTOSCOPE_FAMILY_IPV6
                                ? (GtkWidget *) self->views[ALTOSCOPE_FAMILY_IPV4] : NULL);
  g_signal_connect_object (view, "retry", G_CALLBACK (on_retry_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "toast", G_CALLBACK (on_toast_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "notify::caveat", G_CALLBACK (on_caveat_cb), self,
                           G_CONNECT_SWAPPED);
  return view;
}

/* The DHCP table of @link, with what its pairs' results learned from
 * servers asked directly.  It sits below both families' answers: it is
 * made once GTK has drawn the window's first frame (its after-paint, as
 * late as the toolkit says anything about a frame), hidden until then, so
 * that frame does not wait for it (about 20 ms with an interface's lease
 * of each family; issue 15, item 10). */
static void
update_dhcp_rows (AltoscopeWindow *self,
                  AltoscopeLink   *link)
{
  AltoscopeDhcpAnswer *asked[ALTOSCOPE_N_FAMILIES] = { NULL, NULL };

  gtk_widget_set_visible (GTK_WIDGET (self->dhcp_group), self->painted && link != NULL);
  if (!self->painted)
    return;

  for (AltoscopeFamily f = 0; link != NULL && f < ALTOSCOPE_N_FAMILIES; f++)
    {
      AltoscopePair *pair = pair_for (self, link, f);
      AltoscopeTarget *target = pair ? altoscope_pair_get_report (pair) : NULL;
      asked[f] = target ? altoscope_target_get_dhcp_answer (target) : NULL;
    }
  altoscope_dhcp_rows_update (self->dhcp_list, link, asked);
}

/* What acts on this machine's pairs from the page. */
static const char *const live_actions[] = {
  "win.refresh", "win.check-uri", "win.stop-check", "win.ask-dhcp",
};

/* The empty page's icon, a 128 px SVG, is drawn by librsvg, which GTK
 * loads the first time an SVG icon is used; and GTK loads an image's icon
 * as soon as the window is shown, on a page no one sees too: librsvg on
 * the way to a first frame that shows an interface (issue 15, item 10).
 * So the icon is set only once the page is to be seen: when the window is
 * mapped showing it, or when the stack shows it in a mapped window.  Not
 * from the page's own "map": a leaflet maps its children while it is laid
 * out, and a new icon would ask for a new size then. */
static void
ensure_empty_icon (AltoscopeWindow *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self))
      || gtk_stack_get_visible_child (self->stack) != GTK_WIDGET (self->empty_page))
    return;
  if (adw_status_page_get_icon_name (self->empty_page) == NULL)
    adw_status_page_set_icon_name (self->empty_page, "network-workgroup-symbolic");
}

/* Binds the page to the selected entry.  Idempotent: called again for the
 * same entry, it changes only what differs. */
static void
show_selected (AltoscopeWindow *self)
{
  AltoscopeSidebarRow *row = selected_row (self);
  AltoscopeLink *link = row ? altoscope_sidebar_row_get_link (row) : NULL;
  AltoscopeReportEntry *report;
  g_autofree char *title = NULL;
  g_autofree char *sub = NULL;
  g_autofree char *window_title = NULL;

  g_signal_group_set_target (self->link_signals, link);
  if (row == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      set_title (self->page_title, "", "");
      gtk_window_set_title (GTK_WINDOW (self), _("Altoscope"));
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "page");
  report = altoscope_sidebar_row_get_report_entry (row);
  gtk_widget_set_visible (self->compare_button, report != NULL);
  /* A report's page acts on nothing: its pairs' keys are the other
   * machine's, and must never reach this machine's scheduler. */
  for (guint i = 0; i < G_N_ELEMENTS (live_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), live_actions[i], report == NULL);
  if (report != NULL)
    {
      g_autoptr(GDateTime) local = NULL;
      g_autofree char *when = NULL;
      GDateTime *made = altoscope_report_file_get_generated_at (
        altoscope_report_entry_get_report (report));

      title = altoscope_text_safe (altoscope_link_get_name (link));
      local = made ? g_date_time_to_local (made) : NULL;
      /* Translators: a date and time, as in "30 Nov 2026, 11:20" */
      when = local ? g_date_time_format (local, _("%e %b %Y, %H:%M")) : g_strdup ("?");
      sub = g_strdup_printf (_("From the report %s, made %s"),
                             altoscope_report_entry_get_name (report), g_strstrip (when));
    }
  else if (link != NULL)
    {
      title = altoscope_text_safe (altoscope_link_get_name (link));
      if (altoscope_link_get_is_vpn (link))
        {
          g_autofree char *parent = altoscope_text_safe (altoscope_link_get_parent (link));
          g_autofree char *tunnel = altoscope_text_safe (altoscope_link_get_ip_interface (link));
          sub = altoscope_link_get_ip_interface (link)
            ? g_strdup_printf (_("VPN over %s, through %s"), parent, tunnel)
            : g_strdup_printf (_("VPN over %s"), parent);
        }
      else
        sub = altoscope_text_safe (altoscope_link_get_connection_id (link));
    }
  else
    {
      title = g_strdup (_("Default domain"));
      sub = g_strdup (_("NetworkManager is not available"));
    }
  set_title (self->page_title, title, sub);
  /* The window switcher and the task bar name the entry shown. */
  /* A report's interface is not this machine's: the title says whose. */
  window_title = report ? g_strdup_printf (_("%s in %s — Altoscope"), title,
                                           altoscope_report_entry_get_name (report))
                        : g_strdup_printf (_("%s — Altoscope"), title);
  if (g_strcmp0 (gtk_window_get_title (GTK_WINDOW (self)), window_title) != 0)
    gtk_window_set_title (GTK_WINDOW (self), window_title);

  for (AltoscopeFamily f = 0; f < ALTOSCOPE_N_FAMILIES; f++)
    {
      /* A report's links carry no addresses: its pairs say which
       * families it holds. */
      gboolean shown = report != NULL ? pair_for (self, link, f) != NULL
                       : link == NULL ? f == ALTOSCOPE_FAMILY_IPV4 : altoscope_link_has_ip (link, f);

      AltoscopeFamilyView *view = shown ? ensure_view (self, f) : self->views[f];

      if (view == NULL)
        continue;
      gtk_widget_set_visible (GTK_WIDGET (view), shown);
      altoscope_family_view_set_read_only (view, report != NULL);
      if (shown)
        altoscope_family_view_bind (view, f, link, pair_for (self, link, f),
                                    link && report == NULL ? self->overrides : NULL);
    }

  on_caveat_cb (self);
  update_dhcp_rows (self, link);
}

/* Right after the first frame: what it does not show (the DHCP table)
 * is made, and the fonts it used are kept for the next start
 * (altoscope-font-warmup.c). */
static gboolean
after_first_frame_cb (gpointer data)
{
  AltoscopeWindow *self = data;
  AltoscopeSidebarRow *row = selected_row (self);

  self->first_frame_idle = 0;
  altoscope_font_warmup_record (GTK_WIDGET (self), NULL, NULL);
  update_dhcp_rows (self, row ? altoscope_sidebar_row_get_link (row) : NULL);
  return G_SOURCE_REMOVE;
}

static void
on_first_after_paint_cb (GdkFrameClock   *clock,
                         AltoscopeWindow *self)
{
  /* A frame of a window not yet mapped painted nothing of it. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  g_signal_handlers_disconnect_by_func (clock, on_first_after_paint_cb, self);
  if (self->painted)
    return;
  self->painted = TRUE;
  self->first_frame_idle = g_idle_add (after_first_frame_cb, self);
}

static void
on_realize_cb (AltoscopeWindow *self)
{
  if (!self->painted)
    g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                             G_CALLBACK (on_first_after_paint_cb), self, 0);
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer data)
{
  AltoscopeWindow *self = data;

  if (ALTOSCOPE_IS_REPORT_ENTRY (item))
    return altoscope_sidebar_row_new_for_report (item);
  return altoscope_sidebar_row_new (self->scheduler, ALTOSCOPE_IS_LINK (item) ? item : NULL);
}

/* After entries came or went: keep the selection, or choose one. */
static void
ensure_selection (AltoscopeWindow *self)
{
  GtkListBoxRow *to_select = NULL;
  GtkListBoxRow *w;

  /* By index: a report's section header is a child of the list too. */
  for (int i = 0; (w = gtk_list_box_get_row_at_index (self->sidebar, i)) != NULL; i++)
    {
      AltoscopeSidebarRow *row = ALTOSCOPE_SIDEBAR_ROW (w);

      /* Asked for on the command line: chosen as soon as it is there. */
      if (self->wanted != NULL && altoscope_sidebar_row_matches (row, self->wanted))
        {
          to_select = GTK_LIST_BOX_ROW (row);
          g_clear_pointer (&self->wanted, g_free);
          /* Asked for by name: its page is what is shown, folded or not. */
          adw_leaflet_set_visible_child (self->leaflet, self->content);
          break;
        }
      if (to_select == NULL
          && g_strcmp0 (altoscope_sidebar_row_get_key (row), self->selected) == 0)
        to_select = GTK_LIST_BOX_ROW (row);
    }
  /* Nothing chosen yet, or the chosen entry went away: the first one. */
  if (to_select == NULL)
    to_select = gtk_list_box_get_row_at_index (self->sidebar, 0);
  if (to_select != gtk_list_box_get_selected_row (self->sidebar))
    gtk_list_box_select_row (self->sidebar, to_select);
  else
    show_selected (self);
}

static void
on_entries_changed_cb (AltoscopeWindow *self)
{
  ensure_selection (self);
}

static void on_nm_status_cb (AltoscopeWindow *self);

/* The default-domain entry exists while its pair does. */
static void
on_pairs_changed_cb (AltoscopeWindow *self)
{
  AltoscopePair *pair = altoscope_scheduler_find_pair (self->scheduler,
                                                       ALTOSCOPE_SCHEDULER_DEFAULT_KEY);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->default_entry));

  /* The banner's advice depends on whether there is one. */
  if (pair != NULL && n == 0)
    {
      g_list_store_append (self->default_entry, pair);
      on_nm_status_cb (self);
    }
  else if (pair == NULL && n > 0)
    {
      g_list_store_remove_all (self->default_entry);
      on_nm_status_cb (self);
    }
  /* A pair of the selected entry may have come or gone. */
  show_selected (self);
}

static void
on_nm_status_cb (AltoscopeWindow *self)
{
  gboolean nm = altoscope_nm_model_get_nm_running (self->model);
  const char *status = altoscope_nm_model_get_status (self->model);

  gtk_revealer_set_reveal_child (self->nm_revealer, !nm && status != NULL);
  if (status == NULL)
    return;
  /* The way on without NetworkManager, unless it is taken already (the
   * default domain's entry then says so itself). */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->default_entry)) > 0)
    altoscope_label_set_text_if_changed (self->nm_label, status);
  else
    {
      g_autofree char *text = g_strdup_printf (_("%s. Set a default domain in Preferences to "
                                                 "discover without it."), status);
      altoscope_label_set_text_if_changed (self->nm_label, text);
    }
}

static void
on_row_selected_cb (AltoscopeWindow *self,
                    GtkListBoxRow   *row)
{
  if (row == NULL)
    return;
  g_free (self->selected);
  self->selected = g_strdup (altoscope_sidebar_row_get_key (ALTOSCOPE_SIDEBAR_ROW (row)));
  show_selected (self);
}

static void
on_row_activated_cb (AltoscopeWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_back_clicked_cb (AltoscopeWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* The pair's key, as the scheduler names it, counts its results. */
static void
on_result_cb (AltoscopeWindow *self,
              AltoscopePair   *pair)
{
  AltoscopeTarget *target = altoscope_pair_get_report (pair);
  const char *iface = altoscope_target_get_interface (target);
  const char *family = altoscope_family_to_label (altoscope_pair_get_family (pair));
  const char *key = altoscope_pair_get_key (pair);
  guint seen = GPOINTER_TO_UINT (g_hash_table_lookup (self->seen, key));

  g_hash_table_insert (self->seen, g_strdup (key), GUINT_TO_POINTER (seen + 1));
  {
    AltoscopeSidebarRow *row = selected_row (self);
    AltoscopeLink *link = row ? altoscope_sidebar_row_get_link (row) : NULL;
    if (link != NULL && altoscope_pair_get_link (pair) == link)
      update_dhcp_rows (self, link);
  }

  /* A result after the first means something changed: say what. */
  if (seen > 0)
    {
      g_autofree char *name = altoscope_text_safe (iface ? iface : _("Default domain"));
      g_autofree char *msg = NULL;
      guint n = altoscope_target_count_uris (target);

      /* Said as the view says it: the headline, not the code. */
      if (n > 0)
        msg = g_strdup_printf (ngettext ("%s %s: found again, %u server",
                                         "%s %s: found again, %u servers", n),
                               name, family, n);
      else
        msg = g_strdup_printf (_("%s %s: %s"), name, family,
                               altoscope_error_code_headline (altoscope_target_get_error_code (target)));
      _altoscope_window_toast (self, msg);
    }
}

/* Runs the selected entry's pairs again (every pair when none is). */
void
_altoscope_window_refresh_selected (AltoscopeWindow *self)
{
  AltoscopeSidebarRow *row = selected_row (self);

  if (row == NULL)
    {
      altoscope_scheduler_refresh (self->scheduler, NULL);
      return;
    }
  if (altoscope_sidebar_row_get_report_entry (row) != NULL)
    return;   /* another machine's: nothing here to run again */
  for (AltoscopeFamily f = 0; f < ALTOSCOPE_N_FAMILIES; f++)
    {
      AltoscopePair *pair = pair_for (self, altoscope_sidebar_row_get_link (row), f);
      if (pair != NULL)
        altoscope_scheduler_refresh (self->scheduler, altoscope_pair_get_key (pair));
    }
}

static void
on_retry_cb (AltoscopeWindow     *self,
             AltoscopeFamilyView *view)
{
  AltoscopeSidebarRow *row = selected_row (self);
  AltoscopeFamily family = view == self->views[ALTOSCOPE_FAMILY_IPV4] ? ALTOSCOPE_FAMILY_IPV4
                                                                     : ALTOSCOPE_FAMILY_IPV6;
  AltoscopePair *pair = row ? pair_for (self, altoscope_sidebar_row_get_link (row), family) : NULL;

  if (pair != NULL)
    altoscope_scheduler_refresh (self->scheduler, altoscope_pair_get_key (pair));
}

/* A caveat that holds for the whole interface (the DNS servers are
 * reached over the network) is said once, not per family. */
static void
on_caveat_cb (AltoscopeWindow *self)
{
  const char *caveat = NULL;

  for (AltoscopeFamily f = 0; f < ALTOSCOPE_N_FAMILIES && caveat == NULL; f++)
    if (self->views[f] != NULL && gtk_widget_get_visible (GTK_WIDGET (self->views[f])))
      caveat = altoscope_family_view_get_caveat (self->views[f]);

  gtk_widget_set_visible (GTK_WIDGET (self->caveat_list), caveat != NULL);
  if (caveat != NULL && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->caveat_row)),
                                   caveat) != 0)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->caveat_row), caveat);
}

/* For tests: the entry's page is on screen (not only the sidebar). */
gboolean
altoscope_window_get_page_shown (AltoscopeWindow *self)
{
  return !adw_leaflet_get_folded (self->leaflet)
         || adw_leaflet_get_visible_child (self->leaflet) == self->content;
}

const char *
altoscope_window_get_caveat (AltoscopeWindow *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->caveat_list))
         ? adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->caveat_row)) : NULL;
}

static void
on_toast_cb (AltoscopeWindow *self,
             const char      *message)
{
  _altoscope_window_toast (self, message);
}

/* ---- for tests ---------------------------------------------------------- */

gboolean
altoscope_window_select (AltoscopeWindow *self,
                         const char      *name)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->sidebar, i)) != NULL; i++)
    {
      if (altoscope_sidebar_row_matches (ALTOSCOPE_SIDEBAR_ROW (row), name))
        {
          /* As a click does: selected, and its page shown. */
          gtk_list_box_select_row (self->sidebar, GTK_LIST_BOX_ROW (row));
          adw_leaflet_set_visible_child (self->leaflet, self->content);
          return TRUE;
        }
    }
  return FALSE;
}

AltoscopeFamilyView *
altoscope_window_get_view (AltoscopeWindow *self,
                           AltoscopeFamily  family)
{
  return ensure_view (self, family);
}

/* The DHCP table's rows, when it is shown; 0 while it is hidden. */
guint
altoscope_window_get_n_dhcp_rows (AltoscopeWindow *self)
{
  guint n = 0;

  if (!gtk_widget_get_visible (GTK_WIDGET (self->dhcp_group)))
    return 0;
  while (gtk_list_box_get_row_at_index (self->dhcp_list, (int) n) != NULL)
    n++;
  return n;
}

guint
altoscope_window_get_n_entries (AltoscopeWindow *self)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (self->sidebar, (int) n) != NULL)
    n++;
  return n;
}

const char *
altoscope_window_get_nm_text (AltoscopeWindow *self)
{
  return gtk_revealer_get_reveal_child (self->nm_revealer) ? gtk_label_get_text (self->nm_label)
                                                          : NULL;
}

/* ---- GObject ------------------------------------------------------------ */

static void
altoscope_window_dispose (GObject *object)
{
  AltoscopeWindow *self = ALTOSCOPE_WINDOW (object);

  g_clear_object (&self->link_signals);
  g_clear_object (&self->entries);
  g_clear_object (&self->default_entry);
  g_clear_object (&self->report_entries);
  g_clear_object (&self->model);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->overrides);
  g_clear_object (&self->address_backoff);
  g_clear_pointer (&self->selected, g_free);
  g_clear_pointer (&self->wanted, g_free);
  g_clear_pointer (&self->last_toast, g_free);
  if (self->loading != NULL)
    g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_clear_pointer (&self->seen, g_hash_table_unref);
  g_clear_handle_id (&self->first_frame_idle, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), ALTOSCOPE_TYPE_WINDOW);
  G_OBJECT_CLASS (altoscope_window_parent_class)->dispose (object);
}

static void
altoscope_window_class_init (AltoscopeWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = altoscope_window_dispose;

  g_type_ensure (ALTOSCOPE_TYPE_FAMILY_VIEW);
  g_type_ensure (ALTOSCOPE_TYPE_INFO_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/altoscope/Altoscope/altoscope-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AltoscopeWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeWindow, content);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeWindow, nm_revealer);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeWindow, nm_label);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeWindow, page_title);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeWindow, page_box);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeWindow, caveat_list);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeWindow, caveat_row);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeWindow, dhcp_group);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeWindow, dhcp_list);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeWindow, compare_button);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeWindow, refresh_button);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);
  _altoscope_window_install_actions (widget_class);
}

/* The main menu's popover is made the first time it opens (by click, F10
 * or Enter): GtkMenuButton would build it, with all its rows, before the
 * window's first frame. */
static void
create_menu_cb (GtkMenuButton *button,
                gpointer       data)
{
  AltoscopeWindow *self = data;

  gtk_menu_button_set_menu_model (button, self->primary_menu);
  gtk_menu_button_set_create_popup_func (button, NULL, NULL, NULL);
}

static void
altoscope_window_init (AltoscopeWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Tooltips set so, not in the template: altoscope-tooltip.c says why. */
  altoscope_widget_set_tooltip (GTK_WIDGET (self->menu_button), _("Main Menu"));
  altoscope_widget_set_tooltip (self->back_button, _("Back"));
  altoscope_widget_set_tooltip (self->compare_button, _("Compare with This Computer"));
  altoscope_widget_set_tooltip (self->refresh_button, _("Discover Again (Ctrl+R)"));
  gtk_menu_button_set_create_popup_func (self->menu_button, create_menu_cb, self, NULL);
  g_signal_connect (self, "map", G_CALLBACK (ensure_empty_icon), NULL);
  g_signal_connect_swapped (self->stack, "notify::visible-child", G_CALLBACK (ensure_empty_icon),
                            self);
  g_signal_connect (self, "realize", G_CALLBACK (on_realize_cb), NULL);
  altoscope_labels_bound_wrapping (GTK_WIDGET (self));
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->default_entry = g_list_store_new (ALTOSCOPE_TYPE_PAIR);
  self->report_entries = g_list_store_new (ALTOSCOPE_TYPE_REPORT_ENTRY);
  self->loading = g_cancellable_new ();
  self->link_signals = g_signal_group_new (ALTOSCOPE_TYPE_LINK);
  g_signal_group_connect_swapped (self->link_signals, "changed", G_CALLBACK (show_selected),
                                  self);
  if (DEVELOPMENT)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

AltoscopeWindow *
altoscope_window_new (AdwApplication     *app,
                      AltoscopeNmModel   *model,
                      AltoscopeScheduler   *scheduler,
                      AltoscopeOverrides *overrides)
{
  AltoscopeWindow *self = g_object_new (ALTOSCOPE_TYPE_WINDOW, "application", app, NULL);

  self->model = g_object_ref (model);
  self->scheduler = g_object_ref (scheduler);
  self->overrides = g_object_ref (overrides);

  {
    GListStore *sources = g_list_store_new (G_TYPE_LIST_MODEL);
    g_list_store_append (sources, model);
    g_list_store_append (sources, self->default_entry);
    g_list_store_append (sources, self->report_entries);
    self->entries = gtk_flatten_list_model_new (G_LIST_MODEL (sources));
  }
  gtk_list_box_bind_model (self->sidebar, G_LIST_MODEL (self->entries), create_row_cb, self,
                           NULL);
  gtk_list_box_set_header_func (self->sidebar, _altoscope_window_report_header_cb, self, NULL);
  _altoscope_window_setup_reports (self);
  g_signal_connect_object (self->entries, "items-changed", G_CALLBACK (on_entries_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (altoscope_scheduler_get_pairs (scheduler), "items-changed",
                           G_CALLBACK (on_pairs_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (model, "notify::status", G_CALLBACK (on_nm_status_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (model, "notify::nm-running", G_CALLBACK (on_nm_status_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (scheduler, "result", G_CALLBACK (on_result_cb), self, G_CONNECT_SWAPPED);
  on_pairs_changed_cb (self);
  on_nm_status_cb (self);
  ensure_selection (self);
  return self;
}

void
altoscope_window_set_wanted (AltoscopeWindow *self,
                             const char      *name)
{
  g_free (self->wanted);
  self->wanted = g_strdup (name);
  ensure_selection (self);
}
