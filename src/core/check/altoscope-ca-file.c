/* altoscope-ca-file.c
 *
 * A CA file (--ca-file, the window's setting) is named by a person, but
 * what the name points at is not checked by anyone else: /dev/zero would be
 * read without end, a FIFO with no writer would block the main loop (and
 * the check's --timeout, which starts later) forever.  So a CA file is
 * opened without blocking, must be a regular file of at most
 * ALTOSCOPE_CA_FILE_MAX bytes, and must hold a PEM certificate; only then
 * is it handed to GLib-Net.  A relative name is taken from the current
 * directory, as a person typing it means it: GTlsFileDatabase only takes
 * an absolute one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "altoscope-ca-file.h"

/* @path as an absolute file name: a relative one is joined to the current
 * directory as it stands, not canonicalized (".." after a symbolic link
 * means what the kernel says, not what the text says). */
char *
altoscope_ca_file_resolve (const char *path)
{
  g_autofree char *cwd = NULL;

  if (g_path_is_absolute (path))
    return g_strdup (path);
  cwd = g_get_current_dir ();
  return g_build_filename (cwd, path, NULL);
}

static gboolean
holds_certificate (int          fd,
                   const char  *shown,
                   GError     **error)
{
  g_autofree char *data = g_malloc (ALTOSCOPE_CA_FILE_MAX + 1);
  gsize len = 0;

  while (len <= ALTOSCOPE_CA_FILE_MAX)
    {
      ssize_t n = read (fd, data + len, ALTOSCOPE_CA_FILE_MAX + 1 - len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("The CA file “%s” cannot be read: %s"), shown, g_strerror (saved));
          return FALSE;
        }
      if (n == 0)
        break;
      len += n;
    }
  /* The size was checked before; a file that grew since is refused too. */
  if (len > ALTOSCOPE_CA_FILE_MAX)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   _("The CA file “%s” is larger than %d KiB; a CA bundle is far smaller"),
                   shown, ALTOSCOPE_CA_FILE_MAX / 1024);
      return FALSE;
    }
  if (g_strstr_len (data, len, "-----BEGIN CERTIFICATE-----") == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The CA file “%s” holds no PEM certificate (“-----BEGIN CERTIFICATE-----”)"),
                   shown);
      return FALSE;
    }
  return TRUE;
}

/**
 * altoscope_ca_file_load:
 * @path: the file as the person gave it (relative: from the current
 *   directory)
 *
 * Returns: (transfer full): the CAs, or %NULL with @error set, saying which
 *   rule the file broke
 */
GTlsDatabase *
altoscope_ca_file_load (const char  *path,
                        GError     **error)
{
  g_autofree char *absolute = NULL;
  g_autoptr(GError) local = NULL;
  GTlsDatabase *db;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  if (*path == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The CA file name is empty"));
      return NULL;
    }
  absolute = altoscope_ca_file_resolve (path);
  /* O_NONBLOCK: opening a FIFO with no writer must not wait for one. */
  fd = g_open (absolute, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("The CA file “%s” cannot be opened: %s"), path, g_strerror (saved));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("“%s” is not a regular file; a CA file is a PEM bundle of certificates"),
                   path);
      close (fd);
      return NULL;
    }
  if (st.st_size > ALTOSCOPE_CA_FILE_MAX)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   _("The CA file “%s” is larger than %d KiB; a CA bundle is far smaller"),
                   path, ALTOSCOPE_CA_FILE_MAX / 1024);
      close (fd);
      return NULL;
    }
  if (!holds_certificate (fd, path, error))
    {
      close (fd);
      return NULL;
    }

  /* GLib-Net opens the file again by its name: through the descriptor that
   * was checked, it is the same file, whatever the name points at by now. */
  {
    g_autofree char *by_fd = g_strdup_printf ("/proc/self/fd/%d", fd);
    db = g_tls_file_database_new (g_file_test (by_fd, G_FILE_TEST_EXISTS) ? by_fd : absolute,
                                  &local);
  }
  close (fd);
  if (db == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 _("The CA file “%s” cannot be used: %s"), path,
                 local != NULL ? local->message : _("GLib gave no reason"));
  return db;
}
