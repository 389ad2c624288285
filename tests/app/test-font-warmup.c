/* Widget tests: the fonts of the last first frame, loaded ahead
 * (altoscope-font-warmup.c).  What a window's labels use is written for
 * the next start; the next start loads exactly those fonts (the same font
 * objects the labels then draw with, so the same options, resolution and
 * language) into the font map the window then uses; a file that is not
 * one it wrote, or is out of bounds, loads nothing.  Under a private Xvfb
 * (with-display.py); no root.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <fcntl.h>
#include <pango/pangocairo.h>

#include "altoscope-font-warmup.h"
#include "test-widgets.h"
#include "../unit/test-tmpdir.h"

#define VALID \
  "[fonts]\n" \
  "fonts=Sans 13.3330078125px;Sans Bold 20px;\n" \
  "scale=1\n" \
  "resolution=96\n" \
  "language=de-de\n" \
  "round-glyph-positions=true\n" \
  "antialias=2\n" \
  "subpixel-order=0\n" \
  "hint-style=3\n" \
  "hint-metrics=1\n"

static char *cache_file;

/* A window of labels in four styles, one of them hidden. */
static GtkWidget *
labels_window (const char *extra_class)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  const char *classes[] = { NULL, "title-1", "heading", "caption", extra_class };
  GtkWidget *hidden = gtk_label_new ("Hidden");

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    {
      GtkWidget *label;

      if (i > 0 && classes[i] == NULL)
        continue;
      label = gtk_label_new ("Domain: alto.example.net, über Option 15");
      if (classes[i] != NULL)
        gtk_widget_add_css_class (label, classes[i]);
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_widget_add_css_class (hidden, "title-4");
  gtk_widget_set_visible (hidden, FALSE);
  gtk_box_append (GTK_BOX (box), hidden);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  for (int i = 0; i < 500 && gtk_widget_get_height (box) == 0; i++)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (gtk_widget_get_height (box), >, 0);
  return window;
}

static void
recorded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  int *written = data;

  *written = g_task_propagate_boolean (G_TASK (result), NULL);
}

/* Records @window's fonts, and waits until that is done; whether the
 * file was written. */
static gboolean
record (GtkWidget *window)
{
  int written = -1;

  altoscope_font_warmup_record (window, recorded_cb, &written);
  while (written < 0)
    g_main_context_iteration (NULL, TRUE);
  return written;
}

static char *
font_of (GtkWidget *label)
{
  return pango_font_description_to_string (
    pango_context_get_font_description (gtk_widget_get_pango_context (label)));
}

static gboolean
is_label (GtkWidget     *w,
          gconstpointer  data)
{
  return GTK_IS_LABEL (w);
}

static GPtrArray *
labels_of (GtkWidget *window)
{
  GPtrArray *labels = g_ptr_array_new ();
  GtkWidget *box = gtk_window_get_child (GTK_WINDOW (window));

  for (GtkWidget *c = gtk_widget_get_first_child (box); c; c = gtk_widget_get_next_sibling (c))
    if (is_label (c, NULL))
      g_ptr_array_add (labels, c);
  return labels;
}

static char **
fonts_in (const char *text,
          gsize      *n)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();

  g_assert_true (g_key_file_load_from_data (file, text, -1, G_KEY_FILE_NONE, NULL));
  return g_key_file_get_string_list (file, "fonts", "fonts", n, NULL);
}

/* The fonts of the labels on screen, each once; not the hidden one's;
 * with the options GTK gave their contexts. */
static void
test_describe (void)
{
  GtkWidget *window = labels_window (NULL);
  g_autoptr(GPtrArray) labels = labels_of (window);
  g_autofree char *text = altoscope_font_warmup_describe (window);
  g_autoptr(GHashTable) shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GKeyFile) file = g_key_file_new ();
  const cairo_font_options_t *options;
  g_auto(GStrv) fonts = NULL;
  gsize n = 0;

  g_assert_nonnull (text);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_get_mapped (labels->pdata[i]))
      g_hash_table_add (shown, font_of (labels->pdata[i]));
  g_assert_cmpuint (g_hash_table_size (shown), ==, 4);
  fonts = fonts_in (text, &n);
  g_assert_cmpuint (n, ==, 4);
  for (gsize i = 0; i < n; i++)
    g_assert_true (g_hash_table_contains (shown, fonts[i]));

  options = pango_cairo_context_get_font_options (gtk_widget_get_pango_context (labels->pdata[0]));
  g_assert_nonnull (options);
  g_assert_true (g_key_file_load_from_data (file, text, -1, G_KEY_FILE_NONE, NULL));
  g_assert_cmpint (g_key_file_get_integer (file, "fonts", "hint-style", NULL), ==,
                   cairo_font_options_get_hint_style (options));
  g_assert_cmpint (g_key_file_get_integer (file, "fonts", "antialias", NULL), ==,
                   cairo_font_options_get_antialias (options));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The next start: the file the first window's frame left is loaded
 * ahead, its map becomes the default one, and a new window's labels draw
 * with the very fonts it loaded.  A frame with the same fonts writes
 * nothing; one with another font writes it. */
static void
test_next_start_uses_them (void)
{
  GtkWidget *first = labels_window (NULL);
  g_autofree char *text = altoscope_font_warmup_describe (first);
  g_autofree char *written = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GPtrArray) fonts = NULL;
  g_autofree char *again = NULL;
  PangoFontMap *before = pango_cairo_font_map_get_default ();
  PangoContext *loaded;
  PangoFontMap *map;
  GtkWidget *second;
  gsize n = 0;

  g_unlink (cache_file);
  g_assert_true (record (first));
  g_assert_true (g_file_get_contents (cache_file, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, text);
  gtk_window_destroy (GTK_WINDOW (first));

  altoscope_font_warmup_begin ();
  /* Read, not loaded until GTK has started (as the launcher says). */
  g_assert_false (altoscope_font_warmup_adopt (TRUE));
  altoscope_font_warmup_begin ();
  altoscope_font_warmup_start ();
  g_assert_true (altoscope_font_warmup_adopt (TRUE));
  map = pango_cairo_font_map_get_default ();
  g_assert_true (map != before);

  second = labels_window (NULL);
  labels = labels_of (second);
  loaded = altoscope_font_warmup_read (text, strlen (text), map, &fonts, NULL, NULL);
  g_assert_nonnull (loaded);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = labels->pdata[i];
      PangoContext *context = gtk_widget_get_pango_context (label);
      const PangoFontDescription *desc = pango_context_get_font_description (context);
      g_autoptr(PangoFont) drawn = NULL;
      g_autoptr(PangoFont) ahead = NULL;

      if (!gtk_widget_get_mapped (label))
        continue;
      g_assert_true (pango_context_get_font_map (context) == map);
      drawn = pango_context_load_font (context, desc);
      ahead = pango_context_load_font (loaded, desc);
      g_assert_nonnull (drawn);
      /* One font object, loaded by the thread before the window was made:
       * the same description, options and resolution (the map's cache
       * key); and the same language (not in that key, but in the
       * fontset's and the metrics'). */
      g_assert_true (drawn == ahead);
      g_assert_true (g_ptr_array_find (altoscope_font_warmup_get_loaded (map), drawn, NULL));
      g_assert_cmpstr (pango_language_to_string (pango_context_get_language (context)), ==,
                       pango_language_to_string (pango_context_get_language (loaded)));
    }
  g_object_unref (loaded);

  g_unlink (cache_file);
  g_assert_false (record (second));
  g_assert_false (g_file_test (cache_file, G_FILE_TEST_EXISTS));
  gtk_window_destroy (GTK_WINDOW (second));

  second = labels_window ("monospace");
  g_assert_true (record (second));
  g_assert_true (g_file_get_contents (cache_file, &again, NULL, NULL));
  g_strfreev (fonts_in (again, &n));
  g_assert_cmpuint (n, ==, 5);
  gtk_window_destroy (GTK_WINDOW (second));
}

/* Each file not one describe writes, or out of bounds, loads nothing
 * and says why; the valid one, also without options, loads. */
static void
test_hostile_files (void)
{
  const char *bad_lines[][2] = {
    { "fonts=", "fonts=Sans 100000px;" },
    { "fonts=", "fonts=Sans 0px;" },
    { "fonts=", "fonts=Sans;" },
    { "fonts=", "fonts=Bold 12px;" },
    { "fonts=", "fonts=;" },
    { "fonts=", "fonts=A 1px;A 2px;A 3px;A 4px;A 5px;A 6px;A 7px;A 8px;A 9px;A 10px;A 11px;"
                "A 12px;A 13px;" },
    { "resolution=", "resolution=0\nx=" },
    { "resolution=", "resolution=1e9\nx=" },
    { "resolution=", "resolution=nan\nx=" },
    { "language=", "language=en us\nx=" },
    { "language=", "language=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\nx=" },
    { "antialias=", "antialias=7\nx=" },
    { "subpixel-order=", "subpixel-order=9\nx=" },
    { "hint-style=", "hint-style=-1\nx=" },
    { "hint-metrics=", "hint-metrics=3\nx=" },
    { "hint-metrics=", "hint-metrics=on\nx=" },
    { "round-glyph-positions=", "round-glyph-positions=maybe\nx=" },
    { "[fonts]", "[other]" },
    { "fonts=", "fonts=A,B,C,D,E 12px;" },
    { "fonts=", "fonts=Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 12px;" },
    { "scale=", "scale=0\nx=" },
    { "scale=", "scale=5\nx=" },
    { "scale=1\n", "" },
  };
  g_autoptr(PangoFontMap) valid = altoscope_font_warmup_load (VALID, strlen (VALID), NULL, NULL);
  g_autoptr(GString) no_options = g_string_new (VALID);
  g_autoptr(PangoFontMap) plain = NULL;
  g_autofree char *huge = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (valid);
  /* At the bounds, still loaded: scale 4, four families. */
  {
    const char *edges[][2] = { { "scale=1", "scale=4" },
                               { "fonts=Sans 13", "fonts=Sans,Serif,Monospace,Cantarell 13" } };
    for (guint i = 0; i < G_N_ELEMENTS (edges); i++)
      {
        g_autoptr(GString) text = g_string_new (VALID);
        g_autoptr(PangoFontMap) map = NULL;

        g_assert_cmpuint (g_string_replace (text, edges[i][0], edges[i][1], 1), ==, 1);
        map = altoscope_font_warmup_load (text->str, text->len, NULL, NULL);
        if (map == NULL)
          g_error ("not loaded: %s", text->str);
      }
  }
  g_string_truncate (no_options, strstr (VALID, "antialias=") - VALID);
  plain = altoscope_font_warmup_load (no_options->str, no_options->len, NULL, NULL);
  g_assert_nonnull (plain);

  for (guint i = 0; i < G_N_ELEMENTS (bad_lines); i++)
    {
      g_autoptr(GString) text = g_string_new (VALID);
      g_autoptr(PangoFontMap) map = NULL;
      g_autoptr(GError) why = NULL;

      g_string_replace (text, bad_lines[i][0], bad_lines[i][1], 1);
      g_assert_cmpstr (text->str, !=, VALID);
      map = altoscope_font_warmup_load (text->str, text->len, NULL, &why);
      if (map != NULL)
        g_error ("loaded: %s", text->str);
      g_assert_nonnull (why);
    }

  g_assert_null (altoscope_font_warmup_load ("\x01\xff[", 3, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  huge = g_strnfill (9000, '#');
  memcpy (huge, VALID, strlen (VALID));
  g_assert_null (altoscope_font_warmup_load (huge, strlen (huge), NULL, &error));
  g_assert_nonnull (error);
}

/* A cache path that is not a regular file loads nothing, even when what
 * it leads to is a valid file, and never holds the start up: a FIFO with
 * no writer (not waited on), one holding a valid file (refused as not a
 * regular file and, its writer still open, by the read), a link to one or
 * to /dev/zero (not followed; /dev/zero would never end), a directory. */
static void
test_not_a_regular_file (void)
{
  g_autofree char *dir = g_path_get_dirname (cache_file);
  g_autofree char *valid = g_build_filename (dir, "valid.ini", NULL);
  gint64 start;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (valid, VALID, -1, NULL));
  for (int i = -1; i < 4; i++)
    {
      int writer = -1;

      g_unlink (cache_file);
      g_rmdir (cache_file);
      if (i == -1)
        g_assert_cmpint (mkfifo (cache_file, 0600), ==, 0);   /* no writer: not waited on */
      else if (i == 0)
        {
          g_assert_cmpint (mkfifo (cache_file, 0600), ==, 0);
          writer = open (cache_file, O_RDWR | O_NONBLOCK);
          g_assert_cmpint (writer, >=, 0);
          g_assert_cmpint (write (writer, VALID, strlen (VALID)), ==, strlen (VALID));
        }
      else if (i == 1)
        g_assert_cmpint (symlink (valid, cache_file), ==, 0);
      else if (i == 2)
        g_assert_cmpint (symlink ("/dev/zero", cache_file), ==, 0);
      else
        g_assert_cmpint (g_mkdir (cache_file, 0700), ==, 0);
      start = g_get_monotonic_time ();
      altoscope_font_warmup_begin ();
      altoscope_font_warmup_start ();
      g_assert_false (altoscope_font_warmup_adopt (TRUE));
      g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
      if (writer >= 0)
        close (writer);
    }
  g_rmdir (cache_file);
  /* The same text in a regular file is loaded. */
  g_assert_true (g_rename (valid, cache_file) == 0);
  altoscope_font_warmup_begin ();
  altoscope_font_warmup_start ();
  g_assert_true (altoscope_font_warmup_adopt (TRUE));
}

/* Told to stop, the loading stops, and says nothing went wrong. */
static void
test_cancelled (void)
{
  gint cancelled = 1;
  g_autoptr(GError) error = NULL;

  g_assert_null (altoscope_font_warmup_load (VALID, strlen (VALID), &cancelled, &error));
  g_assert_no_error (error);
}

/* A window that will not open, before or after the loading began: the
 * thread, if any, stops and is waited for, and there is nothing left to
 * take. */
static void
test_stop (void)
{
  g_assert_true (g_file_set_contents (cache_file, VALID, -1, NULL));
  altoscope_font_warmup_begin ();
  altoscope_font_warmup_stop ();
  g_assert_false (altoscope_font_warmup_adopt (TRUE));
  altoscope_font_warmup_begin ();
  altoscope_font_warmup_start ();
  altoscope_font_warmup_stop ();
  g_assert_false (altoscope_font_warmup_adopt (TRUE));
  altoscope_font_warmup_stop ();
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = test_tmpdir_new_for_program ("altoscope-fonts-XXXXXX");
  g_autofree char *cache = g_build_filename (home, "cache", NULL);

  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  cache_file = g_build_filename (cache, "altoscope", "first-frame-fonts.ini", NULL);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/app/font-warmup/describe", test_describe);
  g_test_add_func ("/app/font-warmup/next-start-uses-them", test_next_start_uses_them);
  g_test_add_func ("/app/font-warmup/hostile-files", test_hostile_files);
  g_test_add_func ("/app/font-warmup/not-a-regular-file", test_not_a_regular_file);
  g_test_add_func ("/app/font-warmup/cancelled", test_cancelled);
  g_test_add_func ("/app/font-warmup/stop", test_stop);
  return g_test_run ();
}
