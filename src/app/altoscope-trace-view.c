/* altoscope-trace-view.c
 *
 * A result's ignored records and its trace, written to be read and copied:
 *
 *  - Two columns, a time (right-aligned, tabular figures, so the column
 *    lines up) and what happened.  A GtkGrid of labels, not a GtkColumnView:
 *    a list view's rows take focus and are recycled, and a recycled row
 *    loses the text a person selected in it; a trace is a few dozen lines.
 *  - No line ever wraps.  Wrapping breaks a domain name or a URI at a
 *    hyphen or a dot (PANGO_WRAP_WORD breaks there too, and WORD_CHAR
 *    anywhere), which is exactly what a person wants to read or copy
 *    whole; ellipsizing would hide part of it.  So every line is one
 *    line, and a narrow window scrolls the trace sideways.
 *  - Out of the Tab chain: a selectable label is focusable, and when it
 *    gets the focus from the keyboard it selects all of its text; a trace
 *    of forty lines would be forty Tab stops.  The labels stay selectable
 *    (the mouse still selects: GtkLabel's click gesture only tries to
 *    grab the focus, and a label that may not take it keeps the
 *    selection it starts) and the Copy button is the one way in from the
 *    keyboard.
 *  - Updated in place: a label whose text is the same is not touched, so
 *    a rediscovery that found the same records and took the same steps,
 *    only with other timings, keeps every record and event label and the
 *    selection in it.
 *
 * Everything that came from DNS is made safe (altoscope_text_safe) and
 * set as plain text, never as markup.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "altoscope-text.h"
#include "altoscope-trace-view.h"
#include "altoscope-tooltip.h"

struct _AltoscopeTraceView
{
  AdwBin parent_instance;

  GtkButton *copy_button;
  GtkScrolledWindow *scroller;
  GtkLabel *no_records_label;
  GtkBox *records_box;
  GtkGrid *trace_grid;

  GPtrArray *record_labels;     /* GtkLabel*: record line, its reason, record line, … */
  GPtrArray *time_labels;       /* GtkLabel*: one per event, column 0 */
  GPtrArray *event_labels;      /* GtkLabel*: one per event, column 1 */
};

G_DEFINE_FINAL_TYPE (AltoscopeTraceView, altoscope_trace_view, ADW_TYPE_BIN)

enum { COPIED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* A label a person can select text in but cannot Tab to. */
static GtkWidget *
line_label (float       xalign,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_wrap (GTK_LABEL (label), FALSE);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  /* set_selectable makes the label focusable: take that back after it. */
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_focusable (label, FALSE);
  /* Nor offered a Tab at all: a focus handler may claim a Tab it cannot
   * take (the scroller's does, see the .ui), and Tab would stop dead. */
  gtk_widget_set_can_focus (label, FALSE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* Setting the same text again would still clear a selection in some GTK
 * versions; only a change may. */
static void
set_text (GtkLabel   *label,
          const char *text)
{
  if (g_strcmp0 (gtk_label_get_text (label), text) != 0)
    gtk_label_set_text (label, text);
}

/* The record as a zone file would write it, every field from DNS made safe. */
static char *
record_line (const AltoscopeNaptrRecord *r)
{
  g_autofree char *owner = altoscope_text_safe (r->owner);
  g_autofree char *flags = altoscope_text_safe (r->flags);
  g_autofree char *service = altoscope_text_safe (r->service);
  g_autofree char *regexp = altoscope_text_safe (r->regexp);
  g_autofree char *replacement = altoscope_text_safe (r->replacement);

  return g_strdup_printf ("%s NAPTR %u %u \"%s\" \"%s\" \"%s\" %s", owner, r->order,
                          r->preference, flags, service, regexp, replacement);
}

/* The reason names what DNS sent (“The record is for “x”…”): made safe too. */
static char *
reason_line (const AltoscopeNaptrRecord *r)
{
  g_autofree char *reason = altoscope_text_safe (r->reason ? r->reason : "");

  return g_strdup_printf ("→ %s", reason);
}

static void
update_records (AltoscopeTraceView *self,
                GPtrArray          *records)
{
  guint n = 0;

  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      const AltoscopeNaptrRecord *r = records->pdata[i];
      g_autofree char *line = NULL;
      g_autofree char *reason = NULL;

      if (r->usable)
        continue;
      if (n == self->record_labels->len)
        {
          GtkWidget *record = line_label (0, "mono");
          GtkWidget *why = line_label (0, "dim-label");

          gtk_widget_set_margin_start (why, 24);
          gtk_box_append (self->records_box, record);
          gtk_box_append (self->records_box, why);
          g_ptr_array_add (self->record_labels, record);
          g_ptr_array_add (self->record_labels, why);
        }
      line = record_line (r);
      reason = reason_line (r);
      set_text (self->record_labels->pdata[n], line);
      set_text (self->record_labels->pdata[n + 1], reason);
      n += 2;
    }

  /* Fewer ignored records than before: the extra lines go, from the end. */
  while (self->record_labels->len > n)
    {
      GtkWidget *label = g_ptr_array_steal_index (self->record_labels,
                                                  self->record_labels->len - 1);
      gtk_box_remove (self->records_box, label);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->no_records_label), n == 0);
}

static char *
time_text (double t_ms)
{
  /* Translators: a time in the trace, since discovery started. */
  return g_strdup_printf (_("%.1f ms"), t_ms);
}

static void
update_trace (AltoscopeTraceView *self,
              GArray             *trace)
{
  guint n = trace != NULL ? trace->len : 0;

  for (guint i = 0; i < n; i++)
    {
      const AltoscopeTraceEvent *ev = &g_array_index (trace, AltoscopeTraceEvent, i);
      g_autofree char *time = time_text (ev->t_ms);
      g_autofree char *detail = altoscope_text_safe (ev->detail);

      if (i == self->time_labels->len)
        {
          /* The time first: read in order, a row says when, then what. */
          GtkWidget *t = line_label (1, "trace-time");
          GtkWidget *e = line_label (0, NULL);

          gtk_widget_add_css_class (t, "dim-label");
          gtk_grid_attach (self->trace_grid, t, 0, i, 1, 1);
          gtk_grid_attach (self->trace_grid, e, 1, i, 1, 1);
          g_ptr_array_add (self->time_labels, t);
          g_ptr_array_add (self->event_labels, e);
        }
      set_text (self->time_labels->pdata[i], time);
      set_text (self->event_labels->pdata[i], detail);
    }

  while (self->time_labels->len > n)
    {
      guint last = self->time_labels->len - 1;

      gtk_grid_remove (self->trace_grid, self->time_labels->pdata[last]);
      gtk_grid_remove (self->trace_grid, self->event_labels->pdata[last]);
      g_ptr_array_remove_index (self->time_labels, last);
      g_ptr_array_remove_index (self->event_labels, last);
    }
}

void
altoscope_trace_view_set_target (AltoscopeTraceView *self,
                                 AltoscopeTarget    *target)
{
  g_return_if_fail (ALTOSCOPE_IS_TRACE_VIEW (self));
  g_return_if_fail (target == NULL || ALTOSCOPE_IS_TARGET (target));

  update_records (self, target ? altoscope_target_get_records (target) : NULL);
  update_trace (self, target ? altoscope_target_get_trace (target) : NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->copy_button), target != NULL);
}

/* What is shown, as shown (made safe), so that a pasted trace cannot
 * carry what the screen would not. */
char *
altoscope_trace_view_dup_text (AltoscopeTraceView *self)
{
  GString *s = g_string_new (NULL);

  g_return_val_if_fail (ALTOSCOPE_IS_TRACE_VIEW (self), NULL);

  g_string_append_printf (s, "%s\n", _("Ignored Records"));
  if (self->record_labels->len == 0)
    g_string_append_printf (s, "%s\n", gtk_label_get_text (self->no_records_label));
  for (guint i = 0; i + 1 < self->record_labels->len; i += 2)
    g_string_append_printf (s, "%s\n    %s\n",
                            gtk_label_get_text (self->record_labels->pdata[i]),
                            gtk_label_get_text (self->record_labels->pdata[i + 1]));
  g_string_append_printf (s, "\n%s\n", _("Trace"));
  for (guint i = 0; i < self->time_labels->len; i++)
    g_string_append_printf (s, "%10s  %s\n",
                            gtk_label_get_text (self->time_labels->pdata[i]),
                            gtk_label_get_text (self->event_labels->pdata[i]));
  return g_string_free (s, FALSE);
}

static void
on_copy_clicked_cb (AltoscopeTraceView *self)
{
  g_autofree char *text = altoscope_trace_view_dup_text (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  g_signal_emit (self, signals[COPIED], 0);
}

static void
altoscope_trace_view_dispose (GObject *object)
{
  AltoscopeTraceView *self = ALTOSCOPE_TRACE_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ALTOSCOPE_TYPE_TRACE_VIEW);
  G_OBJECT_CLASS (altoscope_trace_view_parent_class)->dispose (object);
}

static void
altoscope_trace_view_finalize (GObject *object)
{
  AltoscopeTraceView *self = ALTOSCOPE_TRACE_VIEW (object);

  /* The arrays hold no references: the labels belong to their parents. */
  g_ptr_array_unref (self->record_labels);
  g_ptr_array_unref (self->time_labels);
  g_ptr_array_unref (self->event_labels);
  G_OBJECT_CLASS (altoscope_trace_view_parent_class)->finalize (object);
}

static void
altoscope_trace_view_class_init (AltoscopeTraceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = altoscope_trace_view_dispose;
  object_class->finalize = altoscope_trace_view_finalize;

  /* Emitted after Copy put the text on the clipboard: the view around
   * says so (a toast). */
  signals[COPIED] = g_signal_new ("copied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/altoscope/Altoscope/altoscope-trace-view.ui");
  gtk_widget_class_bind_template_child (widget_class, AltoscopeTraceView, copy_button);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeTraceView, scroller);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeTraceView, no_records_label);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeTraceView, records_box);
  gtk_widget_class_bind_template_child (widget_class, AltoscopeTraceView, trace_grid);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked_cb);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
altoscope_trace_view_init (AltoscopeTraceView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  altoscope_widget_set_tooltip (GTK_WIDGET (self->copy_button),
                                _("Copy the ignored records and the trace as plain text"));
  self->record_labels = g_ptr_array_new ();
  self->time_labels = g_ptr_array_new ();
  self->event_labels = g_ptr_array_new ();
  gtk_widget_set_sensitive (GTK_WIDGET (self->copy_button), FALSE);
}

GtkWidget *
altoscope_trace_view_new (void)
{
  return g_object_new (ALTOSCOPE_TYPE_TRACE_VIEW, NULL);
}
