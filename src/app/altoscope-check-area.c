/* altoscope-check-area.c
 *
 * What a check found, as plain labels (text from the server is made safe
 * and never read as markup): the verdict, or the step that failed with its
 * cause and a hint; the HTTP answer, TLS and timing; then the directory's
 * resources, one line each (kind, media type, cost types, what they use),
 * and its errors and warnings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "altoscope-label-util.h"
#include "altoscope-check-area.h"
#include "altoscope-i18n.h"
#include "altoscope-standing-box.h"
#include "altoscope-text.h"
#include "altoscope-tooltip.h"

struct _AltoscopeCheckArea
{
  GtkBox parent_instance;
  AltoscopeCheck *shown;   /* the verdict shown: held, so a new one is never the same address */
  gboolean checking;
};

G_DEFINE_FINAL_TYPE (AltoscopeCheckArea, altoscope_check_area, GTK_TYPE_BOX)

static void
altoscope_check_area_dispose (GObject *object)
{
  g_clear_object (&ALTOSCOPE_CHECK_AREA (object)->shown);
  G_OBJECT_CLASS (altoscope_check_area_parent_class)->dispose (object);
}

static void
altoscope_check_area_class_init (AltoscopeCheckAreaClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = altoscope_check_area_dispose;
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "box");
}

static void
altoscope_check_area_init (AltoscopeCheckArea *self)
{
  GtkWidget *area = GTK_WIDGET (self);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 4);
  gtk_widget_add_css_class (area, "check-area");
  gtk_widget_set_margin_start (area, 12);
  gtk_widget_set_margin_end (area, 12);
  gtk_widget_set_margin_bottom (area, 10);
  gtk_widget_set_visible (area, FALSE);
}

GtkWidget *
altoscope_check_area_new (void)
{
  return g_object_new (ALTOSCOPE_TYPE_CHECK_AREA, NULL);
}

/* @prefix (ours) then @untrusted (the server's), made safe. */
static void
add_safe_line (GtkWidget  *area,
               const char *prefix,
               const char *untrusted,
               const char *css_class)
{
  g_autofree char *safe = altoscope_text_safe (untrusted);
  g_autofree char *text = g_strconcat (prefix, safe, NULL);
  altoscope_label_append_line (area, text, css_class);
}

static void
show_http (GtkWidget      *area,
           AltoscopeCheck *check)
{
  g_autoptr(GString) s = g_string_new (NULL);
  guint status = altoscope_check_get_status (check);
  double response = altoscope_check_get_response_ms (check);
  const char *local = altoscope_check_get_local_address (check);

  if (status != 0)
    {
      g_autofree char *reason = altoscope_text_safe (altoscope_check_get_reason (check));
      g_autofree char *ctype = altoscope_text_safe (altoscope_check_get_content_type (check));
      g_string_append_printf (s, _("HTTP %u %s · %s"), status, reason,
                              altoscope_check_get_content_type (check) ? ctype
                                                                      : _("no media type"));
      g_string_append (s, " · ");
    }
  {
    g_autofree char *total = altoscope_format_duration (altoscope_check_get_total_ms (check));
    g_string_append (s, total);
  }
  if (response >= 0)
    {
      g_autofree char *took = altoscope_format_duration (response);
      g_string_append_printf (s, _(" (the server took %s)"), took);
    }
  if (local != NULL)
    g_string_append_printf (s, _(" · sent from %s"), local);
  altoscope_label_append_line (area, s->str, "dim-label");

  if (altoscope_check_get_n_redirects (check) > 0)
    {
      guint n = altoscope_check_get_n_redirects (check);
      g_autofree char *final = altoscope_text_safe (altoscope_check_get_final_uri (check));
      g_autofree char *text = g_strdup_printf (ngettext ("%u redirect, to %s",
                                                         "%u redirects, last to %s", n),
                                               n, final);
      altoscope_label_append_line (area, text, "dim-label");
    }

  if (altoscope_check_get_peer_subject (check) != NULL)
    {
      g_autofree char *subject = altoscope_text_safe (altoscope_check_get_peer_subject (check));
      g_autofree char *issuer = altoscope_text_safe (altoscope_check_get_peer_issuer (check));
      g_autofree char *text = NULL;
      const char *until = altoscope_check_get_peer_not_after (check);

      text = g_strdup_printf (_("TLS: %s, issued by %s, valid until %s"), subject, issuer,
                              until ? until : "?");
      altoscope_label_append_line (area, text, "dim-label");
    }
  else if (g_ascii_strncasecmp (altoscope_check_get_uri (check), "http:", 5) == 0)
    altoscope_label_append_line (area, _("No TLS: plain http, anyone on the path can read and change the answers"),
              "dim-label");
}

/* One line per resource (kind, media type, cost types, uses); the
 * resources of a directory it lists, read one level down, under it. */
static void
show_resource_lines (GtkWidget          *area,
                     const AltoscopeIrd *ird,
                     gboolean            nested)
{
  for (guint i = 0; i < ird->resources->len; i++)
    {
      AltoscopeIrdResource *r = ird->resources->pdata[i];
      g_autoptr(GString) s = g_string_new (nested ? "↳ " : NULL);
      g_autofree char *id = altoscope_text_safe (r->id);
      g_autofree char *media = altoscope_text_safe (r->media_type);
      GtkWidget *line;

      g_string_append_printf (s, "%s — %s · %s", id, r->kind, media);
      if (r->cost_types != NULL)
        {
          g_autofree char *costs = g_strjoinv (", ", r->cost_types);
          g_autofree char *safe = altoscope_text_safe (costs);
          g_string_append_printf (s, _(" · cost types: %s"), safe);
        }
      if (r->uses != NULL)
        {
          g_autofree char *uses = g_strjoinv (", ", r->uses);
          g_autofree char *safe = altoscope_text_safe (uses);
          g_string_append_printf (s, _(" · uses %s"), safe);
        }
      line = altoscope_label_append_line (area, s->str, "resource");
      if (nested)
        gtk_widget_set_margin_start (line, 18);
      if (r->nested != NULL && !nested)
        show_resource_lines (area, r->nested, TRUE);
    }
}

static void
show_resources (GtkWidget          *area,
                const AltoscopeIrd *ird)
{
  if (ird->resources->len > 0)
    {
      GtkWidget *heading = altoscope_label_append_line (area, _("Resources"), "caption-heading");
      gtk_widget_set_margin_top (heading, 6);
    }
  show_resource_lines (area, ird, FALSE);
  for (guint i = 0; i < ird->errors->len; i++)
    add_safe_line (area, _("Error: "),
                   ((AltoscopeIrdIssue *) ird->errors->pdata[i])->message, "error");
}

/* The text of every label under @w, a line each, in the order shown (the
 * standing's answers too), without the Copy button's own. */
static void
collect_lines (GtkWidget *w,
               GString   *out)
{
  if (GTK_IS_BUTTON (w) || !gtk_widget_get_visible (w))
    return;
  if (GTK_IS_LABEL (w) && *gtk_label_get_text (GTK_LABEL (w)) != '\0')
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (w)));
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    collect_lines (c, out);
}

/* What the Copy button copies: the URI checked, then every line shown. */
char *
altoscope_check_area_dup_copy_text (AltoscopeCheckArea *self)
{
  GString *s = g_string_new (NULL);

  if (self->shown != NULL)
    g_string_append_printf (s, "%s\n", altoscope_check_get_uri (self->shown));
  collect_lines (GTK_WIDGET (self), s);
  return g_string_free (s, FALSE);
}

static void
on_copy_clicked_cb (AltoscopeCheckArea *self)
{
  g_autofree char *text = altoscope_check_area_dup_copy_text (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

/* The lines are out of the Tab chain; this is the keyboard's way to them. */
static void
add_copy_button (AltoscopeCheckArea *self)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();

  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "edit-copy-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("Copy the Check"));
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  altoscope_widget_set_tooltip (button, _("Copy the URI and everything the check found"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Copy the Check"), -1);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_copy_clicked_cb), self);
  gtk_box_append (GTK_BOX (self), button);
}

/* Shows @check (NULL: none yet), or that one runs; the same again
 * changes nothing (a selection in it stays). */
void
altoscope_check_area_show (AltoscopeCheckArea *self,
                           AltoscopeCheck     *check,
                           gboolean            checking)
{
  GtkWidget *area = GTK_WIDGET (self);
  GtkWidget *child;

  if (gtk_widget_get_first_child (area) != NULL && self->shown == check
      && self->checking == checking)
    return;
  g_set_object (&self->shown, check);
  self->checking = checking;
  while ((child = gtk_widget_get_first_child (area)) != NULL)
    gtk_box_remove (GTK_BOX (area), child);
  gtk_widget_set_visible (area, checking || check != NULL);

  if (checking)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *spinner = gtk_spinner_new ();
      GtkWidget *label = gtk_label_new (_("Checking the server…"));

      gtk_spinner_start (GTK_SPINNER (spinner));
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), spinner);
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (area), box);
      return;
    }
  if (check == NULL)
    return;

  if (altoscope_check_get_code (check) == ALTOSCOPE_CHECK_OK)
    {
      guint n = altoscope_check_get_ird (check)->resources->len;
      g_autofree char *title = g_strdup_printf (ngettext ("An ALTO server: its directory lists "
                                                          "%u resource",
                                                          "An ALTO server: its directory lists "
                                                          "%u resources", n), n);
      altoscope_label_append_line (area, title, "success");
      gtk_box_append (GTK_BOX (area), altoscope_standing_box_new (check));
    }
  else
    {
      AltoscopeCheckCode code = altoscope_check_get_code (check);
      g_autofree char *title = altoscope_check_code_headline (code,
                                                              (guint) altoscope_check_get_total_ms (check));
      g_autofree char *caption = g_strdup_printf (_("Check · %s"),
                                                  altoscope_check_code_to_string (code));
      const char * const *tls = altoscope_check_get_tls_errors (check);
      GtkWidget *line = altoscope_label_append_line (area, title, "heading");

      /* Words first, the colour only repeats them. */
      gtk_widget_add_css_class (line, "error");
      altoscope_label_append_line (area, caption, "caption");
      add_safe_line (area, "", altoscope_check_get_message (check), NULL);
      if (tls != NULL && tls[0] != NULL)
        {
          g_autofree char *flags = g_strjoinv (", ", (GStrv) tls);
          add_safe_line (area, _("Certificate problems: "), flags, NULL);
        }
      altoscope_label_append_line (area, altoscope_check_code_hint (code), "dim-label");
    }
  show_http (area, check);
  if (altoscope_check_get_ird (check) != NULL)
    show_resources (area, altoscope_check_get_ird (check));
  for (guint i = 0; i < altoscope_check_get_warnings (check)->len; i++)
    add_safe_line (area, _("Warning: "),
                   ((AltoscopeIrdIssue *) altoscope_check_get_warnings (check)->pdata[i])->message,
                   "warning");
  add_copy_button (self);
}

/* For tests: every line shown, one per line. */
char *
altoscope_check_area_dup_text (AltoscopeCheckArea *self)
{
  GtkWidget *area = GTK_WIDGET (self);
  GString *s = g_string_new (NULL);

  for (GtkWidget *w = gtk_widget_get_first_child (area); w; w = gtk_widget_get_next_sibling (w))
    {
      GtkWidget *label = GTK_IS_LABEL (w) ? w : gtk_widget_get_last_child (w);
      if (GTK_IS_LABEL (label))
        g_string_append_printf (s, "%s\n", gtk_label_get_text (GTK_LABEL (label)));
    }
  return g_string_free (s, FALSE);
}
