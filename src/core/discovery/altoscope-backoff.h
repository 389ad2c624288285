/* altoscope-backoff.h: the wait before retrying a failed lookup (RFC 7286 §3.2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "altoscope-error.h"

G_BEGIN_DECLS

#define ALTOSCOPE_TYPE_BACKOFF (altoscope_backoff_get_type ())

G_DECLARE_FINAL_TYPE (AltoscopeBackoff, altoscope_backoff, ALTOSCOPE, BACKOFF, GObject)

#define ALTOSCOPE_BACKOFF_MIN_S            1      /* RFC 9520 §3.2: at least 1 s */
#define ALTOSCOPE_BACKOFF_MAX_S            300    /* RFC 9520 §3.2: at most 5 min */
#define ALTOSCOPE_BACKOFF_NEGATIVE_MAX_S   10800  /* RFC 2308 §5: 1–3 h */
#define ALTOSCOPE_BACKOFF_NO_SOA_S         30     /* our choice: negative answer without SOA */
#define ALTOSCOPE_BACKOFF_DATA_MAX_S       3600   /* our choice: unusable records, by TTL */

/* What the memory holds for one key. */
typedef struct
{
  AltoscopeErrorCode code;
  char *message;
  guint failures;         /* failures of this code in a row */
  gint64 failed_at_us;    /* wall clock, µs */
  guint wait_s;
  gint64 retry_at_us;     /* failed_at_us + wait: not one µs earlier */
  double remaining_s;     /* at the time asked; 0 when the wait is over */
} AltoscopeBackoffEntry;

guint             altoscope_backoff_compute_wait   (AltoscopeErrorCode     code,
                                                    guint                  failures,
                                                    gint64                 ttl_hint);
AltoscopeBackoff *altoscope_backoff_new            (const char            *path);
char             *altoscope_backoff_make_key       (const char            *domain,
                                                    const char * const    *servers,
                                                    const char            *interface);

void              altoscope_backoff_lookup_async   (AltoscopeBackoff      *self,
                                                    const char            *key,
                                                    gint64                 now_us,
                                                    GCancellable          *cancellable,
                                                    GAsyncReadyCallback    callback,
                                                    gpointer               user_data);
gboolean          altoscope_backoff_lookup_finish  (AltoscopeBackoff      *self,
                                                    GAsyncResult          *result,
                                                    AltoscopeBackoffEntry *entry,
                                                    GError               **error);

guint             altoscope_backoff_record_failure (AltoscopeBackoff            *self,
                                                    const char                  *key,
                                                    const AltoscopeBackoffEntry *previous,
                                                    AltoscopeErrorCode           code,
                                                    const char                  *message,
                                                    gint64                       ttl_hint,
                                                    gint64                       now_us);
void              altoscope_backoff_record_success (AltoscopeBackoff      *self,
                                                    const char            *key);
void              altoscope_backoff_flush          (AltoscopeBackoff      *self);
void              altoscope_backoff_entry_clear    (AltoscopeBackoffEntry *entry);

G_END_DECLS
