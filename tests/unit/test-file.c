/* altoscope_file_read_regular: a file from outside read whole only when
 * it is a regular file of bounded size, a link followed only when asked,
 * a FIFO never waited on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "altoscope-file.h"
#include "test-tmpdir.h"

static char *
in (const char *dir,
    const char *name)
{
  return g_build_filename (dir, name, NULL);
}

static void
assert_refused (const char *path,
                gsize       max,
                gboolean    follow_links,
                int         code)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_assert_null (altoscope_file_read_regular (path, max, follow_links, NULL, &error));
  g_assert_error (error, G_IO_ERROR, code);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

static void
test_regular_and_bounded (void)
{
  g_autofree char *dir = test_tmpdir_new ("altoscope-file-XXXXXX");
  g_autofree char *file = in (dir, "ten"), *link = in (dir, "link"), *fifo = in (dir, "fifo");
  g_autofree char *zero = in (dir, "zero"), *missing = in (dir, "missing");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  g_assert_true (g_file_set_contents (file, "0123456789", -1, NULL));
  text = altoscope_file_read_regular (file, 10, FALSE, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "0123456789");
  g_assert_cmpuint (length, ==, 10);
  assert_refused (file, 9, FALSE, G_IO_ERROR_MESSAGE_TOO_LARGE);

  g_assert_cmpint (symlink (file, link), ==, 0);
  assert_refused (link, 10, FALSE, G_IO_ERROR_TOO_MANY_LINKS);
  g_clear_pointer (&text, g_free);
  text = altoscope_file_read_regular (link, 10, TRUE, NULL, NULL);
  g_assert_cmpstr (text, ==, "0123456789");

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);   /* no writer: not waited on */
  assert_refused (fifo, 10, TRUE, G_IO_ERROR_NOT_REGULAR_FILE);
  g_assert_cmpint (symlink ("/dev/zero", zero), ==, 0);
  assert_refused (zero, 10, TRUE, G_IO_ERROR_NOT_REGULAR_FILE);
  assert_refused (dir, 10, TRUE, G_IO_ERROR_NOT_REGULAR_FILE);
  assert_refused (missing, 10, TRUE, G_IO_ERROR_NOT_FOUND);
}

/* A file longer than its size said (as /proc's are, size 0) is read to
 * the bound and no further. */
static void
test_longer_than_said (void)
{
  g_autofree char *text = altoscope_file_read_regular ("/proc/self/status", 1 << 20, TRUE, NULL,
                                                       NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "Name:"));
  g_assert_null (altoscope_file_read_regular ("/proc/self/status", 16, TRUE, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/file/regular-and-bounded", test_regular_and_bounded);
  g_test_add_func ("/core/file/longer-than-said", test_longer_than_said);
  return g_test_run ();
}
