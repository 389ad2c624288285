/* altoscope-check-fetch.c
 *
 * The bounds of what a check fetches: which addresses a server may send it
 * to (redirects, listed directories), and how much of a body is read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "altoscope-check-fetch.h"

/* ---- one body, read to its end or to the cap -------------------------------- */

static void
on_body_chunk_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GTask) task = data;
  GByteArray *body = g_task_get_task_data (task);
  gsize max = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (task), "max"));
  GError *error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result,
                                                              &error);

  if (chunk == NULL)
    g_task_return_error (task, error);
  else if (g_bytes_get_size (chunk) == 0)
    g_task_return_pointer (task, g_byte_array_ref (body), (GDestroyNotify) g_byte_array_unref);
  else
    {
      g_byte_array_append (body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
      if (body->len > max)
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                                 _("the answer is larger than %u KiB; reading stopped"),
                                 (guint) (max / 1024));
      else
        {
          GCancellable *cancellable = g_task_get_cancellable (task);
          g_input_stream_read_bytes_async (G_INPUT_STREAM (source), 64 * 1024,
                                           G_PRIORITY_DEFAULT, cancellable, on_body_chunk_cb,
                                           g_steal_pointer (&task));
        }
    }
}

/* Reads @stream to its end, or stops once more than @max bytes came
 * (G_IO_ERROR_MESSAGE_TOO_LARGE): the directory and the ones it lists are
 * read the same way (ALTOSCOPE_CHECK_MAX_BODY), and the maps and answers a
 * query asks for (altoscope-endpoint-query.c) with bounds of their own. */
void
_altoscope_check_read_body_async (GInputStream        *stream,
                 gsize                max,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             data)
{
  GTask *task = g_task_new (stream, cancellable, callback, data);

  g_task_set_task_data (task, g_byte_array_new (), (GDestroyNotify) g_byte_array_unref);
  g_object_set_data (G_OBJECT (task), "max", GSIZE_TO_POINTER (max));
  g_input_stream_read_bytes_async (stream, 64 * 1024, G_PRIORITY_DEFAULT, cancellable,
                                   on_body_chunk_cb, task);
}

/* The body, or NULL with @error; @n_read: how many bytes came either way. */
GByteArray *
_altoscope_check_read_body_finish (GAsyncResult  *result,
                  gsize         *n_read,
                  GError       **error)
{
  *n_read = ((GByteArray *) g_task_get_task_data (G_TASK (result)))->len;
  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
_altoscope_check_is_scheme (GUri       *uri,
           const char *scheme)
{
  return uri != NULL && g_ascii_strcasecmp (g_uri_get_scheme (uri), scheme) == 0;
}


/* Whether an address a server gave (a redirect's Location, a directory a
 * directory lists) may be fetched by a check that began at @first. */
AltoscopeFetchRule
_altoscope_check_fetch_rule (const char *first,
            GUri       *next)
{
  g_autoptr(GUri) start = g_uri_parse (first, G_URI_FLAGS_NONE, NULL);

  if (next == NULL || (!_altoscope_check_is_scheme (next, "http") && !_altoscope_check_is_scheme (next, "https")))
    return ALTOSCOPE_FETCH_SCHEME;
  if (g_uri_get_host (next) == NULL || *g_uri_get_host (next) == '\0')
    return ALTOSCOPE_FETCH_NO_HOST;
  if (_altoscope_check_is_scheme (start, "https") && _altoscope_check_is_scheme (next, "http"))
    return ALTOSCOPE_FETCH_DOWNGRADE;
  return ALTOSCOPE_FETCH_OK;
}
