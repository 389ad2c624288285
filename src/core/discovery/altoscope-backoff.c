/* altoscope-backoff.c
 *
 * RFC 7286 §3.2: before retrying a lookup that failed, a client MUST wait a
 * period appropriate to the error.  What is appropriate:
 *  - NXDOMAIN and NODATA: as long as the answer may be cached negatively,
 *    min(SOA TTL, SOA MINIMUM) from the authority section (RFC 2308 §5),
 *    capped at 3 h; without a SOA, 30 s (our choice);
 *  - timeouts, server failures, bogus data, unreachable servers: 1 s,
 *    doubling with each failure of the same kind in a row, at most 5 min
 *    (RFC 9520 §3.2);
 *  - records that exist but are unusable (no ALTO record, a loop, a chain
 *    too long): their TTL, as no cache will have anything newer sooner,
 *    between 1 s and 1 h (our choice).
 *
 * Which failure counts when several paths failed is the discovery's
 * choice: the one that decided the outcome (_altoscope_discovery_explain).
 * A failure of another kind than the last starts a new series: a timeout
 * does not double the wait after an NXDOMAIN.
 *
 * The memory is a key file in the user's cache directory, so it holds
 * across runs of the CLI and between the window and `watch`.  It is keyed
 * by domain, DNS servers and interface: another resolver may well answer.
 * Times are kept in microseconds, so that a wait never ends before the
 * moment a report announced.  An entry is dropped once it can no longer
 * matter: its wait is over, and so is the time the next wait of the series
 * would take (past that, a new failure starts a new series).
 *
 * The file is never read or written on the main loop: every operation runs,
 * in the order it was asked, on one worker thread.  A write takes an
 * exclusive lock (flock on "FILE.lock"), reads the file again, changes only
 * its own key, drops expired entries and replaces the file atomically, so
 * that the window and a `watch` writing at once lose nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "altoscope-backoff.h"

typedef enum
{
  OP_LOOKUP,
  OP_SET,
  OP_REMOVE,
} OpKind;

typedef struct
{
  OpKind kind;
  char *key;
  gint64 now_us;
  AltoscopeBackoffEntry entry;    /* OP_SET */
  gint64 expires_at_us;           /* OP_SET */
  GTask *task;                    /* OP_LOOKUP */
} Op;

struct _AltoscopeBackoff
{
  GObject parent_instance;
  char *path;
  char *lock_path;
  GThreadPool *pool;              /* one thread: operations in the order asked */
  GMutex mutex;
  GCond idle;
  guint outstanding;
};

G_DEFINE_FINAL_TYPE (AltoscopeBackoff, altoscope_backoff, G_TYPE_OBJECT)

static void
op_free (Op *op)
{
  g_free (op->key);
  altoscope_backoff_entry_clear (&op->entry);
  g_clear_object (&op->task);
  g_free (op);
}

void
altoscope_backoff_entry_clear (AltoscopeBackoffEntry *entry)
{
  g_clear_pointer (&entry->message, g_free);
}

static void
entry_free (AltoscopeBackoffEntry *entry)
{
  altoscope_backoff_entry_clear (entry);
  g_free (entry);
}

/* Group names in a key file may not hold "[" or "]", which IPv6 server
 * addresses do; the key itself is stored as a value for people to read. */
static char *
group_for (const char *key)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
}

static GKeyFile *
load (const char *path)
{
  GKeyFile *kf = g_key_file_new ();
  /* A missing or damaged file is an empty memory, never an error. */
  g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL);
  return kf;
}

static gint64
get_int64_or (GKeyFile   *kf,
              const char *group,
              const char *key,
              gint64      fallback)
{
  g_autoptr(GError) error = NULL;
  gint64 v = g_key_file_get_int64 (kf, group, key, &error);
  return error ? fallback : v;
}

/* Reads @group; FALSE when it is absent or past its expiry at @now_us. */
static gboolean
read_entry (GKeyFile              *kf,
            const char            *group,
            gint64                 now_us,
            AltoscopeBackoffEntry *entry)
{
  g_autofree char *code = NULL;
  gint64 failed_at_s, expires;

  if (!g_key_file_has_group (kf, group))
    return FALSE;

  code = g_key_file_get_string (kf, group, "code", NULL);
  if (!altoscope_error_code_from_string (code, &entry->code))
    entry->code = ALTOSCOPE_ERROR_INTERNAL;
  entry->failures = MAX (g_key_file_get_integer (kf, group, "failures", NULL), 1);
  entry->wait_s = MAX (g_key_file_get_integer (kf, group, "wait", NULL), 0);
  /* A file of an earlier version kept whole seconds: the next second is
   * the earliest the failure can have been, so the wait is never cut. */
  failed_at_s = get_int64_or (kf, group, "failed-at", 0);
  entry->failed_at_us = get_int64_or (kf, group, "failed-at-us",
                                      (failed_at_s + 1) * G_USEC_PER_SEC);
  entry->retry_at_us = entry->failed_at_us + (gint64) entry->wait_s * G_USEC_PER_SEC;
  expires = get_int64_or (kf, group, "expires-at-us",
                          entry->retry_at_us + (gint64) entry->wait_s * G_USEC_PER_SEC);
  if (now_us > expires)
    return FALSE;
  entry->message = g_key_file_get_string (kf, group, "message", NULL);
  /* Clamped to the wait itself: a clock set back must not make it longer. */
  entry->remaining_s = CLAMP ((entry->retry_at_us - now_us) / 1e6, 0, entry->wait_s);
  return TRUE;
}

static void
prune (GKeyFile *kf,
       gint64    now_us)
{
  g_auto(GStrv) groups = g_key_file_get_groups (kf, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      AltoscopeBackoffEntry e = { 0 };
      if (!read_entry (kf, groups[i], now_us, &e))
        g_key_file_remove_group (kf, groups[i], NULL);
      altoscope_backoff_entry_clear (&e);
    }
}

/* Read, change one key, write back: under an exclusive lock, so that
 * another process's change made meanwhile is kept. */
static void
write_op (AltoscopeBackoff *self,
          Op               *op)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_autofree char *group = group_for (op->key);
  g_autoptr(GKeyFile) kf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;
  int lock_fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_warning ("Could not create %s for the retry-wait memory: %s", dir, g_strerror (errno));
      return;
    }
  lock_fd = g_open (self->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock_fd < 0)
    {
      g_warning ("Could not open %s: %s", self->lock_path, g_strerror (errno));
      return;
    }
  while (flock (lock_fd, LOCK_EX) != 0 && errno == EINTR)
    ;

  kf = load (self->path);
  if (op->kind == OP_SET)
    {
      const AltoscopeBackoffEntry *e = &op->entry;
      g_key_file_set_string (kf, group, "key", op->key);
      g_key_file_set_string (kf, group, "code", altoscope_error_code_to_string (e->code));
      g_key_file_set_string (kf, group, "message", e->message ? e->message : "");
      g_key_file_set_integer (kf, group, "failures", (int) e->failures);
      g_key_file_set_int64 (kf, group, "failed-at", e->failed_at_us / G_USEC_PER_SEC);
      g_key_file_set_int64 (kf, group, "failed-at-us", e->failed_at_us);
      g_key_file_set_integer (kf, group, "wait", (int) e->wait_s);
      g_key_file_set_int64 (kf, group, "expires-at-us", op->expires_at_us);
    }
  else
    g_key_file_remove_group (kf, group, NULL);
  prune (kf, op->now_us);

  data = g_key_file_to_data (kf, &len, NULL);
  /* g_file_set_contents() writes a temporary file and renames it: a
   * reader sees the old file or the new one, never half of either. */
  if (!g_file_set_contents_full (self->path, data, len, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &error))
    g_warning ("Could not save the retry-wait memory to %s: %s", self->path, error->message);

  flock (lock_fd, LOCK_UN);
  close (lock_fd);
}

static void
run_op (gpointer data,
        gpointer user_data)
{
  Op *op = data;
  AltoscopeBackoff *self = user_data;

  if (op->kind == OP_LOOKUP)
    {
      g_autoptr(GKeyFile) kf = load (self->path);
      g_autofree char *group = group_for (op->key);
      AltoscopeBackoffEntry *entry = g_new0 (AltoscopeBackoffEntry, 1);

      if (read_entry (kf, group, op->now_us, entry))
        g_task_return_pointer (op->task, entry, (GDestroyNotify) entry_free);
      else
        {
          entry_free (entry);
          g_task_return_pointer (op->task, NULL, NULL);
        }
    }
  else
    write_op (self, op);

  op_free (op);
  g_mutex_lock (&self->mutex);
  if (--self->outstanding == 0)
    g_cond_broadcast (&self->idle);
  g_mutex_unlock (&self->mutex);
}

static void
push (AltoscopeBackoff *self,
      Op               *op)
{
  g_mutex_lock (&self->mutex);
  self->outstanding++;
  g_mutex_unlock (&self->mutex);
  g_thread_pool_push (self->pool, op, NULL);
}

static void
altoscope_backoff_finalize (GObject *object)
{
  AltoscopeBackoff *self = ALTOSCOPE_BACKOFF (object);

  /* Writes still queued are done first: nothing remembered is lost. */
  g_thread_pool_free (self->pool, FALSE, TRUE);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->idle);
  g_free (self->path);
  g_free (self->lock_path);
  G_OBJECT_CLASS (altoscope_backoff_parent_class)->finalize (object);
}

static void
altoscope_backoff_class_init (AltoscopeBackoffClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = altoscope_backoff_finalize;
}

static void
altoscope_backoff_init (AltoscopeBackoff *self)
{
  g_mutex_init (&self->mutex);
  g_cond_init (&self->idle);
  self->pool = g_thread_pool_new (run_op, self, 1, FALSE, NULL);
}

guint
altoscope_backoff_compute_wait (AltoscopeErrorCode code,
                                guint              failures,
                                gint64             ttl_hint)
{
  switch (code)
    {
    case ALTOSCOPE_ERROR_NXDOMAIN:
    case ALTOSCOPE_ERROR_NODATA:
      if (ttl_hint < 0)
        return ALTOSCOPE_BACKOFF_NO_SOA_S;
      return (guint) CLAMP (ttl_hint, ALTOSCOPE_BACKOFF_MIN_S, ALTOSCOPE_BACKOFF_NEGATIVE_MAX_S);

    case ALTOSCOPE_ERROR_NO_ALTO_RECORDS:
    case ALTOSCOPE_ERROR_LOOP:
    case ALTOSCOPE_ERROR_CHAIN_TOO_LONG:
    case ALTOSCOPE_ERROR_TOO_MANY_QUERIES:
      if (ttl_hint < 0)
        return ALTOSCOPE_BACKOFF_NO_SOA_S;
      return (guint) CLAMP (ttl_hint, ALTOSCOPE_BACKOFF_MIN_S, ALTOSCOPE_BACKOFF_DATA_MAX_S);

    case ALTOSCOPE_ERROR_TIMEOUT:
    case ALTOSCOPE_ERROR_SERVFAIL:
    case ALTOSCOPE_ERROR_REFUSED:
    case ALTOSCOPE_ERROR_BOGUS:
    case ALTOSCOPE_ERROR_NETWORK:
    case ALTOSCOPE_ERROR_BAD_RESPONSE:
      {
        guint n = MIN (MAX (failures, 1), 20) - 1;
        guint64 wait = (guint64) ALTOSCOPE_BACKOFF_MIN_S << n;
        return (guint) MIN (wait, ALTOSCOPE_BACKOFF_MAX_S);
      }

    default:
      return 0;   /* cancelled, bad input, …: nothing was learnt about the DNS */
    }
}

AltoscopeBackoff *
altoscope_backoff_new (const char *path)
{
  AltoscopeBackoff *self = g_object_new (ALTOSCOPE_TYPE_BACKOFF, NULL);

  if (path != NULL)
    self->path = g_strdup (path);
  else
    self->path = g_build_filename (g_get_user_cache_dir (), "altoscope", "retry-wait.ini", NULL);
  self->lock_path = g_strconcat (self->path, ".lock", NULL);
  return self;
}

char *
altoscope_backoff_make_key (const char         *domain,
                            const char * const *servers,
                            const char         *interface)
{
  g_autofree char *joined = servers ? g_strjoinv (",", (GStrv) servers) : g_strdup ("system");
  return g_strdup_printf ("%s NAPTR @%s%%%s", domain, joined, interface ? interface : "*");
}

/* What the memory holds for @key at @now_us (wall clock): the entry, if
 * one is remembered, with remaining_s > 0 while its wait lasts. */
void
altoscope_backoff_lookup_async (AltoscopeBackoff    *self,
                                const char          *key,
                                gint64               now_us,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  Op *op = g_new0 (Op, 1);

  g_return_if_fail (ALTOSCOPE_IS_BACKOFF (self));
  op->kind = OP_LOOKUP;
  op->key = g_strdup (key);
  op->now_us = now_us;
  op->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (op->task, altoscope_backoff_lookup_async);
  push (self, op);
}

/* TRUE when an entry is remembered for the key; it is then in @entry
 * (free its contents with altoscope_backoff_entry_clear()). */
gboolean
altoscope_backoff_lookup_finish (AltoscopeBackoff       *self,
                                 GAsyncResult           *result,
                                 AltoscopeBackoffEntry  *entry,
                                 GError                **error)
{
  g_autofree AltoscopeBackoffEntry *found = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  found = g_task_propagate_pointer (G_TASK (result), error);
  if (found == NULL)
    return FALSE;
  *entry = *found;   /* takes the message */
  return TRUE;
}

/* Remembers a failure of @code at @now_us and returns the wait in seconds
 * (0: nothing to wait for).  @previous is what the memory held for @key
 * before this run, or %NULL; only a failure of the same kind continues its
 * series.  The file is written in the background. */
guint
altoscope_backoff_record_failure (AltoscopeBackoff            *self,
                                  const char                  *key,
                                  const AltoscopeBackoffEntry *previous,
                                  AltoscopeErrorCode           code,
                                  const char                  *message,
                                  gint64                       ttl_hint,
                                  gint64                       now_us)
{
  guint failures = 1;
  guint wait, next_wait;
  Op *op;

  if (previous != NULL && previous->code == code)
    failures = MIN (previous->failures, 1000) + 1;

  wait = altoscope_backoff_compute_wait (code, failures, ttl_hint);
  if (wait == 0)
    return 0;
  next_wait = altoscope_backoff_compute_wait (code, failures + 1, ttl_hint);

  op = g_new0 (Op, 1);
  op->kind = OP_SET;
  op->key = g_strdup (key);
  op->now_us = now_us;
  op->entry.code = code;
  op->entry.message = g_strdup (message);
  op->entry.failures = failures;
  op->entry.failed_at_us = now_us;
  op->entry.wait_s = wait;
  op->expires_at_us = now_us + (gint64) (wait + next_wait) * G_USEC_PER_SEC;
  push (self, op);
  return wait;
}

void
altoscope_backoff_record_success (AltoscopeBackoff *self,
                                  const char       *key)
{
  Op *op = g_new0 (Op, 1);

  op->kind = OP_REMOVE;
  op->key = g_strdup (key);
  op->now_us = g_get_real_time ();
  push (self, op);
}

/* Blocks until every operation asked so far is done.  For a process about
 * to exit (the CLI) and for tests; never call it on a live main loop. */
void
altoscope_backoff_flush (AltoscopeBackoff *self)
{
  g_mutex_lock (&self->mutex);
  while (self->outstanding > 0)
    g_cond_wait (&self->idle, &self->mutex);
  g_mutex_unlock (&self->mutex);
}
