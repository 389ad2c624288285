/* altoscope-font-warmup.h: the fonts of the last first frame, loaded ahead
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* At most this many fonts are recorded and loaded ahead. */
#define ALTOSCOPE_FONT_WARMUP_MAX_FONTS 12

void          altoscope_font_warmup_begin    (void);
void          altoscope_font_warmup_start    (void);
gboolean      altoscope_font_warmup_adopt    (gboolean    wait);
void          altoscope_font_warmup_stop     (void);
void          altoscope_font_warmup_record   (GtkWidget           *window,
                                              GAsyncReadyCallback  done,
                                              gpointer             data);

char         *altoscope_font_warmup_describe (GtkWidget  *root);
PangoContext *altoscope_font_warmup_read     (const char    *text,
                                              gsize          length,
                                              PangoFontMap  *map,
                                              GPtrArray    **fonts,
                                              int           *scale,
                                              GError       **error);
PangoFontMap *altoscope_font_warmup_load     (const char *text,
                                              gsize       length,
                                              gint       *cancelled,
                                              GError    **error);

/* For tests. */
GPtrArray    *altoscope_font_warmup_get_loaded (PangoFontMap *map);

G_END_DECLS
