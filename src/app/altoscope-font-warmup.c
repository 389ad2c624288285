/* altoscope-font-warmup.c: the fonts of the last first frame, loaded ahead
 *
 * The window's first frame matched seven fonts with fontconfig, loaded
 * them, and hinted and drew every glyph for the first time, all on the
 * main thread and on the way to that frame (issue 15, item 10).  Which
 * fonts a start will need is known from the start before: after the main
 * window's first frame, the fonts its labels use (with the context's font
 * options, resolution and language, and the window's scale) are written
 * to the user's cache (first-frame-fonts.ini), off the main loop.  The
 * next launch reads them on the loading thread, while GTK starts; once
 * GTK has started, a thread of their own loads them into a font map of
 * its own and draws a sample of each, at that scale, on an image of its
 * own, while libadwaita starts.
 * If that is done when the application starts, that font map becomes the
 * main thread's default one (pango_cairo_font_map_set_default), so the
 * window finds its fonts matched, loaded and their glyphs drawn; if not,
 * it is told to stop and the window uses a map of its own as before.
 *
 * The map is used by one thread at a time: the warming thread until it
 * says it is done, the main thread after that.  Nothing a wrong or old
 * file says can do more than waste that thread's work: a font not used
 * is not looked for again, and one missing is loaded as before.  The
 * file is read as untrusted all the same (a cache is writable by
 * anything running as the user): only a regular file, not a link, of at
 * most 8 KiB is read; the number of fonts, each one's length, families
 * and size, the scale, resolution, language and options are all bounded,
 * and a file out of bounds is ignored as a whole.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "altoscope-file.h"
#include "altoscope-font-warmup.h"

#define GROUP "fonts"
#define FILE_NAME "first-frame-fonts.ini"
#define MAX_FILE_SIZE 8192
#define MAX_PIXEL_SIZE 200.0
#define MAX_NAME_LENGTH 200
#define MAX_FAMILIES 4
#define MAX_SCALE 4

/* What is drawn of each font: ASCII, and the letters and marks the
 * window's German and English texts add to it. */
#define SAMPLE \
  " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`" \
  "abcdefghijklmnopqrstuvwxyz{|}~\u00b7\u2013\u2014\u2018\u2019\u201c" \
  "\u201d\u201e\u2026\u2192\u00e4\u00f6\u00fc\u00c4\u00d6\u00dc\u00df"

/* The image the sample is drawn on (at the window's scale), its wrapped
 * lines each over the first: wide enough for a line, high enough for one
 * at the largest size allowed. */
#define IMAGE_WIDTH 512
#define IMAGE_HEIGHT 300

typedef struct
{
  char *text;
  gsize length;
  GThread *thread;     /* detached once the map is taken (the last unref) */
  gboolean joined;     /* by the main thread */
  PangoFontMap *map;   /* set by the warming thread before done */
  gint done;
  gint cancelled;
} Warmup;

/* Made on the loading thread, taken on the main thread after the
 * launcher has joined the loading thread. */
static Warmup *pending;
/* The file's text as read at start, or as last written: a first frame
 * with the same fonts writes nothing. */
static char *read_text;
/* Why nothing was read, said from the main thread (g_debug reads the
 * environment, which GTK changes while it starts). */
static const char *nothing_read;

static char *
cache_path (void)
{
  return g_build_filename (g_get_user_cache_dir (), "altoscope", FILE_NAME, NULL);
}

static void
warmup_clear (gpointer data)
{
  Warmup *w = data;

  g_free (w->text);
  g_clear_object (&w->map);
  g_clear_pointer (&w->thread, g_thread_unref);
}

static gboolean
language_is_valid (const char *language)
{
  gsize n = 0;

  for (const char *p = language; *p; p++, n++)
    if (!g_ascii_isalnum (*p) && !strchr ("_-@.", *p))
      return FALSE;
  return n > 0 && n <= 32;
}

/* Whether @name (a font description's text) and its families are
 * short enough: fontconfig's work grows with the families listed. */
static gboolean
name_is_bounded (const char                 *name,
                 const PangoFontDescription *desc)
{
  const char *families = pango_font_description_get_family (desc);
  guint n = 1;

  if (families == NULL || strlen (name) > MAX_NAME_LENGTH)
    return FALSE;
  for (const char *p = families; *p; p++)
    n += *p == ',';
  return n <= MAX_FAMILIES;
}

/* The size of @desc in pixels at @resolution, or 0 without one. */
static double
pixel_size (const PangoFontDescription *desc,
            double                      resolution)
{
  double size = (double) pango_font_description_get_size (desc) / PANGO_SCALE;

  if (!(pango_font_description_get_set_fields (desc) & PANGO_FONT_MASK_SIZE))
    return 0;
  return pango_font_description_get_size_is_absolute (desc) ? size : size * resolution / 72.0;
}

static gboolean
get_int_in (GKeyFile   *file,
            const char *key,
            int         max,
            int        *value,
            GError    **error)
{
  *value = g_key_file_get_integer (file, GROUP, key, error);
  if (*error != NULL)
    return FALSE;
  if (*value < 0 || *value > max)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "%s out of range: %d", key, *value);
      return FALSE;
    }
  return TRUE;
}

/* The font options the file gives, or NULL (and no error) when it gives
 * none, as for a context GTK gave none. */
static cairo_font_options_t *
read_options (GKeyFile  *file,
              GError   **error)
{
  cairo_font_options_t *options;
  int antialias, subpixel, hint_style, hint_metrics;

  if (!g_key_file_has_key (file, GROUP, "antialias", NULL))
    return NULL;
  if (!get_int_in (file, "antialias", CAIRO_ANTIALIAS_BEST, &antialias, error)
      || !get_int_in (file, "subpixel-order", CAIRO_SUBPIXEL_ORDER_VBGR, &subpixel, error)
      || !get_int_in (file, "hint-style", CAIRO_HINT_STYLE_FULL, &hint_style, error)
      || !get_int_in (file, "hint-metrics", CAIRO_HINT_METRICS_ON, &hint_metrics, error))
    return NULL;
  options = cairo_font_options_create ();
  cairo_font_options_set_antialias (options, antialias);
  cairo_font_options_set_subpixel_order (options, subpixel);
  cairo_font_options_set_hint_style (options, hint_style);
  cairo_font_options_set_hint_metrics (options, hint_metrics);
  return options;
}

/* The context the file describes, on @map; NULL with @error when the
 * file is not one this module wrote, or is out of bounds. */
static PangoContext *
read_context (GKeyFile      *file,
              PangoFontMap  *map,
              GError       **error)
{
  g_autofree char *language = NULL;
  cairo_font_options_t *options;
  PangoContext *context;
  gboolean round;
  double resolution;

  resolution = g_key_file_get_double (file, GROUP, "resolution", error);
  if (*error != NULL)
    return NULL;
  if (!(resolution >= 24 && resolution <= 960))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "resolution out of range: %g", resolution);
      return NULL;
    }
  language = g_key_file_get_string (file, GROUP, "language", error);
  if (language == NULL)
    return NULL;
  if (!language_is_valid (language))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "not a language tag");
      return NULL;
    }
  round = g_key_file_get_boolean (file, GROUP, "round-glyph-positions", error);
  if (*error != NULL)
    return NULL;
  options = read_options (file, error);
  if (*error != NULL)
    return NULL;

  context = pango_font_map_create_context (map);
  pango_cairo_context_set_resolution (context, resolution);
  pango_context_set_language (context, pango_language_from_string (language));
  pango_context_set_round_glyph_positions (context, round);
  if (options != NULL)
    {
      pango_cairo_context_set_font_options (context, options);
      cairo_font_options_destroy (options);
    }
  return context;
}

/* The fonts of @file, each checked against @context's resolution. */
static GPtrArray *
read_fonts (GKeyFile      *file,
            PangoContext  *context,
            GError       **error)
{
  g_autoptr(GPtrArray) fonts = NULL;
  g_auto(GStrv) names = NULL;
  double resolution = pango_cairo_context_get_resolution (context);
  gsize n = 0;

  names = g_key_file_get_string_list (file, GROUP, "fonts", &n, error);
  if (names == NULL)
    return NULL;
  if (n == 0 || n > ALTOSCOPE_FONT_WARMUP_MAX_FONTS)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "%" G_GSIZE_FORMAT " fonts", n);
      return NULL;
    }
  fonts = g_ptr_array_new_with_free_func ((GDestroyNotify) pango_font_description_free);
  for (gsize i = 0; i < n; i++)
    {
      PangoFontDescription *desc = pango_font_description_from_string (names[i]);
      double px = pixel_size (desc, resolution);

      g_ptr_array_add (fonts, desc);
      if (!(px > 0 && px <= MAX_PIXEL_SIZE) || !name_is_bounded (names[i], desc))
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       "font %" G_GSIZE_FORMAT ": no family, too many or too long, or a size "
                       "out of range", i);
          return NULL;
        }
    }
  return g_steal_pointer (&fonts);
}

/* The context and the fonts @text (a file describe made) gives, the
 * context on @map; NULL with @error when it is not such a file or is out
 * of bounds. */
PangoContext *
altoscope_font_warmup_read (const char    *text,
                            gsize          length,
                            PangoFontMap  *map,
                            GPtrArray    **fonts,
                            int           *scale,
                            GError       **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local = NULL;
  PangoContext *context = NULL;
  int scale_read = 1;

  if (length > MAX_FILE_SIZE)
    g_set_error (&local, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_PARSE,
                 "%" G_GSIZE_FORMAT " bytes", length);
  else if (g_key_file_load_from_data (file, text, length, G_KEY_FILE_NONE, &local)
           && get_int_in (file, "scale", MAX_SCALE, &scale_read, &local))
    {
      if (scale_read < 1)
        g_set_error (&local, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE, "scale 0");
      else
        context = read_context (file, map, &local);
    }
  if (context != NULL)
    {
      *fonts = read_fonts (file, context, &local);
      if (*fonts == NULL)
        g_clear_object (&context);
    }
  if (context != NULL && scale != NULL)
    *scale = scale_read;
  if (local != NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  return context;
}

static gboolean
is_cancelled (gint *cancelled)
{
  return cancelled != NULL && g_atomic_int_get (cancelled);
}

/* Loads the fonts @text names into a new font map, and draws the sample
 * in each: their metrics, the fonts themselves and their glyphs are then
 * that map's.  Stops, with NULL and no error, once @cancelled (if given)
 * is set.  Any thread; the map returned is then used by one thread at a
 * time. */
PangoFontMap *
altoscope_font_warmup_load (const char *text,
                            gsize       length,
                            gint       *cancelled,
                            GError    **error)
{
  g_autoptr(PangoFontMap) map = pango_cairo_font_map_new ();
  g_autoptr(GPtrArray) fonts = NULL;
  PangoContext *context;
  PangoLanguage *language;
  cairo_surface_t *surface;
  cairo_t *cr;
  int scale = 1;
  GPtrArray *loaded;

  context = altoscope_font_warmup_read (text, length, map, &fonts, &scale, error);
  if (context == NULL)
    return NULL;
  loaded = g_ptr_array_new_with_free_func (g_object_unref);
  g_object_set_data_full (G_OBJECT (map), "altoscope-fonts-loaded", loaded,
                          (GDestroyNotify) g_ptr_array_unref);
  language = pango_context_get_language (context);
  /* GTK draws glyphs at the window's scale: a scaled font of its own. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, IMAGE_WIDTH * scale,
                                        IMAGE_HEIGHT * scale);
  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  for (guint i = 0; i < fonts->len && !is_cancelled (cancelled); i++)
    {
      PangoLayout *layout = pango_layout_new (context);

      /* A label with width-chars asks for these (GTK 4.8's get_char_pixels). */
      pango_font_metrics_unref (pango_context_get_metrics (context, fonts->pdata[i], language));
      {
        PangoFont *font = pango_context_load_font (context, fonts->pdata[i]);

        if (font != NULL)   /* none without any font installed */
          g_ptr_array_add (loaded, font);
      }
      pango_layout_set_font_description (layout, fonts->pdata[i]);
      pango_layout_set_width (layout, IMAGE_WIDTH * PANGO_SCALE);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_text (layout, SAMPLE, -1);
      /* Each line over the first: every glyph drawn, inside the image. */
      for (GSList *l = pango_layout_get_lines_readonly (layout); l && !is_cancelled (cancelled);
           l = l->next)
        {
          cairo_move_to (cr, 0, pango_layout_get_baseline (layout) / (double) PANGO_SCALE);
          pango_cairo_show_layout_line (cr, l->data);
        }
      g_object_unref (layout);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_object_unref (context);
  return is_cancelled (cancelled) ? NULL : g_steal_pointer (&map);
}

static gpointer
warm_cb (gpointer data)
{
  Warmup *w = data;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;

  w->map = altoscope_font_warmup_load (w->text, w->length, &w->cancelled, &error);
  if (w->map != NULL)
    g_debug ("the last first frame's fonts: loaded in %.1f ms",
             (g_get_monotonic_time () - start) / 1000.0);
  else
    g_debug ("the last first frame's fonts: not loaded: %s",
             error ? error->message : "stopped");
  g_atomic_int_set (&w->done, 1);
  g_atomic_rc_box_release_full (w, warmup_clear);
  return NULL;
}

/* On the loading thread, while GTK starts: the fonts the last first
 * frame used, if it wrote them, are read (and loaded from
 * altoscope_font_warmup_start ()). */
void
altoscope_font_warmup_begin (void)
{
  g_autofree char *path = cache_path ();
  g_autofree char *text = NULL;
  Warmup *w;
  gsize length = 0;

  altoscope_font_warmup_stop ();
  /* Not a link followed, nor a FIFO waited on, nor a device read on end. */
  text = altoscope_file_read_regular (path, MAX_FILE_SIZE, FALSE, &length, NULL);
  if (text == NULL)
    {
      nothing_read = "none kept, or not a regular file of at most 8 KiB";
      return;
    }
  nothing_read = NULL;
  g_free (read_text);
  read_text = g_strdup (text);
  w = g_atomic_rc_box_new0 (Warmup);
  w->text = g_steal_pointer (&text);
  w->length = length;
  pending = w;
}

/* On the main thread, once GTK itself has started (its start probes GL
 * on every core, and loading fonts beside it only slowed it): the fonts
 * read are loaded on a thread of their own while libadwaita starts. */
void
altoscope_font_warmup_start (void)
{
  if (pending != NULL && pending->thread == NULL)
    pending->thread = g_thread_new ("altoscope-fonts", warm_cb, g_atomic_rc_box_acquire (pending));
}

/* On the main thread, before any widget is made: the loaded fonts'
 * map becomes the default one if it is ready (or once it is, when
 * @wait); if not, its thread is told to stop, and is waited for at
 * altoscope_font_warmup_stop ().  Whether it was taken. */
gboolean
altoscope_font_warmup_adopt (gboolean wait)
{
  Warmup *w = pending;
  PangoFontMap *map;

  if (w == NULL)
    {
      if (nothing_read != NULL)
        g_debug ("the last first frame's fonts: %s", nothing_read);
      nothing_read = NULL;
      return FALSE;
    }
  if (wait && w->thread != NULL && !w->joined)
    {
      g_thread_join (g_thread_ref (w->thread));
      w->joined = TRUE;
    }
  if (!g_atomic_int_get (&w->done) || w->map == NULL)
    {
      g_debug ("the last first frame's fonts: not taken (%s)",
               w->thread == NULL ? "not started"
               : g_atomic_int_get (&w->done) ? "none loaded" : "not loaded yet");
      g_atomic_int_set (&w->cancelled, 1);
      return FALSE;
    }
  g_debug ("the last first frame's fonts: taken");
  map = g_steal_pointer (&w->map);
  pango_cairo_font_map_set_default (PANGO_CAIRO_FONT_MAP (map));
  g_object_unref (map);
  pending = NULL;
  /* The thread may still hold the last reference: it is then detached. */
  g_atomic_rc_box_release_full (w, warmup_clear);
  return TRUE;
}

/* The fonts altoscope_font_warmup_load () loaded into @map, one for each
 * font the file names, kept there for the map's life (a dozen at most; a
 * font holds its map only weakly), NULL for a map it did not make: for
 * tests, which check that the window draws with these. */
GPtrArray *
altoscope_font_warmup_get_loaded (PangoFontMap *map)
{
  return g_object_get_data (G_OBJECT (map), "altoscope-fonts-loaded");
}

/* The window will not open after all, or the application has gone: the
 * thread, if still there, stops and is waited for (a process exiting
 * with it would tear down what it uses). */
void
altoscope_font_warmup_stop (void)
{
  Warmup *w = g_steal_pointer (&pending);

  if (w == NULL)
    return;
  g_atomic_int_set (&w->cancelled, 1);
  if (w->thread != NULL && !w->joined)
    g_thread_join (g_thread_ref (w->thread));
  g_atomic_rc_box_release_full (w, warmup_clear);
}

static void
collect_fonts (GtkWidget    *widget,
               GPtrArray    *fonts,
               PangoContext **first)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget) && fonts->len < ALTOSCOPE_FONT_WARMUP_MAX_FONTS)
    {
      PangoContext *context = gtk_widget_get_pango_context (widget);
      const PangoFontDescription *desc = pango_context_get_font_description (context);
      char *name = pango_font_description_to_string (desc);
      double px = pixel_size (desc, pango_cairo_context_get_resolution (context));

      if (*first == NULL)
        *first = context;
      /* What the next start would refuse is not written. */
      if (!(px > 0 && px <= MAX_PIXEL_SIZE) || !name_is_bounded (name, desc)
          || g_ptr_array_find_with_equal_func (fonts, name, g_str_equal, NULL))
        g_free (name);
      else
        g_ptr_array_add (fonts, name);
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_fonts (c, fonts, first);
}

/* The file that loads the fonts of the labels on screen under @root, as
 * their contexts set them; NULL when no label is on screen. */
char *
altoscope_font_warmup_describe (GtkWidget *root)
{
  g_autoptr(GPtrArray) fonts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GKeyFile) file = g_key_file_new ();
  const cairo_font_options_t *options;
  PangoContext *context = NULL;

  collect_fonts (root, fonts, &context);
  if (context == NULL || fonts->len == 0)
    return NULL;
  g_key_file_set_string_list (file, GROUP, "fonts", (const char * const *) fonts->pdata,
                              fonts->len);
  g_key_file_set_integer (file, GROUP, "scale",
                          CLAMP (gtk_widget_get_scale_factor (root), 1, MAX_SCALE));
  g_key_file_set_double (file, GROUP, "resolution", pango_cairo_context_get_resolution (context));
  g_key_file_set_string (file, GROUP, "language",
                         pango_language_to_string (pango_context_get_language (context)));
  g_key_file_set_boolean (file, GROUP, "round-glyph-positions",
                          pango_context_get_round_glyph_positions (context));
  options = pango_cairo_context_get_font_options (context);
  if (options != NULL)
    {
      g_key_file_set_integer (file, GROUP, "antialias", cairo_font_options_get_antialias (options));
      g_key_file_set_integer (file, GROUP, "subpixel-order",
                              cairo_font_options_get_subpixel_order (options));
      g_key_file_set_integer (file, GROUP, "hint-style",
                              cairo_font_options_get_hint_style (options));
      g_key_file_set_integer (file, GROUP, "hint-metrics",
                              cairo_font_options_get_hint_metrics (options));
    }
  return g_key_file_to_data (file, NULL, NULL);
}

static void
write_in_thread (GTask        *task,
                 gpointer      source,
                 gpointer      data,
                 GCancellable *cancellable)
{
  const char *text = data;
  g_autofree char *path = cache_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    g_debug ("the first frame's fonts are not kept: %s: %s", dir, g_strerror (errno));
  else if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                      &error))
    g_debug ("the first frame's fonts are not kept: %s", error->message);
  g_task_return_boolean (task, error == NULL);
}

/* After the main window's first frame: its fonts, for the next start,
 * when they are not those this start read; written off the main loop,
 * whole or not at all (a cache: never synced, a failure only said in
 * the debug log).  @done, if given, is called on the main loop once the
 * file is written or has failed. */
void
altoscope_font_warmup_record (GtkWidget           *window,
                              GAsyncReadyCallback  done,
                              gpointer             data)
{
  g_autofree char *text = altoscope_font_warmup_describe (window);
  g_autoptr(GTask) task = g_task_new (NULL, NULL, done, data);

  if (text == NULL || g_strcmp0 (text, read_text) == 0)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  g_free (read_text);
  read_text = g_strdup (text);
  g_task_set_task_data (task, g_steal_pointer (&text), g_free);
  g_task_run_in_thread (task, write_in_thread);
}
