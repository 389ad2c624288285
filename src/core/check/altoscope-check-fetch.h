/* altoscope-check-fetch.h: the bounds of what a check, and a query after
 * it, fetch: which addresses a server may send them to, and the capped body
 * reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  ALTOSCOPE_FETCH_OK,
  ALTOSCOPE_FETCH_SCHEME,       /* not http or https: never handed to libsoup */
  ALTOSCOPE_FETCH_NO_HOST,
  ALTOSCOPE_FETCH_DOWNGRADE,    /* the check began on https; this is http */
} AltoscopeFetchRule;

gboolean           _altoscope_check_is_scheme        (GUri                *uri,
                                                      const char          *scheme);
AltoscopeFetchRule _altoscope_check_fetch_rule       (const char          *first,
                                                      GUri                *next);
void               _altoscope_check_read_body_async  (GInputStream        *stream,
                                                      gsize                max,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             data);
GByteArray        *_altoscope_check_read_body_finish (GAsyncResult        *result,
                                                      gsize               *n_read,
                                                      GError             **error);

G_END_DECLS
