/* altoscope-file.c
 *
 * A file named from outside (a trust anchor file given on the command
 * line, a cache anything running as the user can write) is read whole
 * only when it is a regular file of bounded size: a FIFO is not waited on
 * (opened without blocking), a device is not read on end (not a regular
 * file), and a file that grows while it is read stops at the bound.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "altoscope-file.h"

/**
 * altoscope_file_read_regular:
 * @path: the file
 * @max: the most bytes it may hold
 * @follow_links: whether @path may be a symbolic link
 * @length: (out) (optional): the bytes read
 * @error: G_IO_ERROR: from errno when it cannot be opened or read (the
 *   message is errno's), G_IO_ERROR_NOT_REGULAR_FILE, or
 *   G_IO_ERROR_MESSAGE_TOO_LARGE when it holds more than @max bytes
 *
 * Returns: (transfer full) (nullable): its bytes, NUL-terminated
 */
char *
altoscope_file_read_regular (const char  *path,
                             gsize        max,
                             gboolean     follow_links,
                             gsize       *length,
                             GError     **error)
{
  g_autofree char *text = NULL;
  struct stat st;
  gsize got = 0, cap;
  gssize n = 0;
  int fd;

  fd = open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | (follow_links ? 0 : O_NOFOLLOW));
  if (fd < 0)
    {
      int saved = errno;
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved), g_strerror (saved));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE, "not a regular file");
      return NULL;
    }
  if (st.st_size > 0 && (guint64) st.st_size > max)
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   "more than %" G_GSIZE_FORMAT " bytes", max);
      return NULL;
    }
  /* As large as the file says, grown (to one byte past @max at most) if
   * it grows. */
  cap = MIN ((gsize) st.st_size, max) + 1;
  text = g_malloc (cap + 1);
  for (;;)
    {
      if (got == cap)
        {
          if (cap > max)
            break;
          cap = MIN (cap * 2, max + 1);
          text = g_realloc (text, cap + 1);
        }
      n = read (fd, text + got, cap - got);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      got += n;
    }
  if (n < 0)
    {
      int saved = errno;
      close (fd);
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved), g_strerror (saved));
      return NULL;
    }
  close (fd);
  if (got > max)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   "more than %" G_GSIZE_FORMAT " bytes", max);
      return NULL;
    }
  text[got] = '\0';
  if (length != NULL)
    *length = got;
  return g_steal_pointer (&text);
}
