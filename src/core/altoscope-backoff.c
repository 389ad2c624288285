/* altoscope-backoff.c
 *
 * RFC 7286 §3.2: before retrying a lookup that failed, a client MUST wait a
 * period appropriate to the error.  What is appropriate:
 *  - NXDOMAIN and NODATA: as long as the answer may be cached negatively,
 *    min(SOA TTL, SOA MINIMUM) from the authority section (RFC 2308 §5),
 *    capped at 3 h; without a SOA, 30 s (our choice);
 *  - timeouts, server failures, bogus data, unreachable servers: 1 s,
 *    doubling with each failure in a row, at most 5 min (RFC 9520 §3.2);
 *  - records that exist but are unusable (no ALTO record, a loop, a chain
 *    too long): their TTL, as no cache will have anything newer sooner,
 *    between 1 s and 1 h (our choice).
 *
 * The memory is a key file in the user's cache directory, so it holds
 * across runs of the CLI.  It is keyed by domain, DNS servers and
 * interface: another resolver may well answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "altoscope-backoff.h"

struct _AltoscopeBackoff
{
  GObject parent_instance;
  char *path;
};

G_DEFINE_FINAL_TYPE (AltoscopeBackoff, altoscope_backoff, G_TYPE_OBJECT)

static void
altoscope_backoff_finalize (GObject *object)
{
  AltoscopeBackoff *self = ALTOSCOPE_BACKOFF (object);
  g_free (self->path);
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
  return self;
}

const char *
altoscope_backoff_get_path (AltoscopeBackoff *self)
{
  return self->path;
}

char *
altoscope_backoff_make_key (const char         *domain,
                            const char * const *servers,
                            const char         *interface)
{
  g_autofree char *joined = servers ? g_strjoinv (",", (GStrv) servers) : g_strdup ("system");
  return g_strdup_printf ("%s NAPTR @%s%%%s", domain, joined, interface ? interface : "*");
}

/* Group names in a key file may not hold "[" or "]", which IPv6 server
 * addresses do; the key itself is stored as a value for people to read. */
static char *
group_for (const char *key)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
}

static GKeyFile *
load (AltoscopeBackoff *self)
{
  GKeyFile *kf = g_key_file_new ();
  /* A missing or damaged file is an empty memory, never an error. */
  g_key_file_load_from_file (kf, self->path, G_KEY_FILE_NONE, NULL);
  return kf;
}

static void
save (AltoscopeBackoff *self,
      GKeyFile         *kf)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0
      || !g_key_file_save_to_file (kf, self->path, &error))
    g_warning ("Could not save the retry-wait memory to %s: %s", self->path,
               error ? error->message : g_strerror (errno));
}

void
altoscope_backoff_entry_clear (AltoscopeBackoffEntry *entry)
{
  g_clear_pointer (&entry->message, g_free);
}

/* TRUE when @key is inside its wait at @now_us (wall-clock µs); @entry then
 * says why and for how long. */
gboolean
altoscope_backoff_lookup (AltoscopeBackoff      *self,
                          const char            *key,
                          gint64                 now_us,
                          AltoscopeBackoffEntry *entry)
{
  g_autoptr(GKeyFile) kf = load (self);
  g_autofree char *group = group_for (key);
  g_autofree char *code = NULL;
  double now = now_us / 1e6;
  double remaining;

  if (!g_key_file_has_group (kf, group))
    return FALSE;

  code = g_key_file_get_string (kf, group, "code", NULL);
  entry->failures = g_key_file_get_integer (kf, group, "failures", NULL);
  entry->failed_at = g_key_file_get_int64 (kf, group, "failed-at", NULL);
  entry->wait_s = g_key_file_get_integer (kf, group, "wait", NULL);
  entry->message = g_key_file_get_string (kf, group, "message", NULL);
  if (!altoscope_error_code_from_string (code, &entry->code))
    entry->code = ALTOSCOPE_ERROR_INTERNAL;

  /* Clamped to the wait itself: a clock set back must not make it longer. */
  remaining = CLAMP (entry->failed_at + (double) entry->wait_s - now, 0, entry->wait_s);
  entry->remaining_s = remaining;
  return remaining > 0;
}

guint
altoscope_backoff_record_failure (AltoscopeBackoff   *self,
                                  const char         *key,
                                  AltoscopeErrorCode  code,
                                  const char         *message,
                                  gint64              ttl_hint,
                                  gint64              now_us)
{
  g_autoptr(GKeyFile) kf = load (self);
  g_autofree char *group = group_for (key);
  guint failures = 1;
  guint wait;

  if (g_key_file_has_group (kf, group))
    failures = MIN (g_key_file_get_integer (kf, group, "failures", NULL), 1000) + 1;

  wait = altoscope_backoff_compute_wait (code, failures, ttl_hint);
  if (wait == 0)
    return 0;

  g_key_file_set_string (kf, group, "key", key);
  g_key_file_set_string (kf, group, "code", altoscope_error_code_to_string (code));
  g_key_file_set_string (kf, group, "message", message ? message : "");
  g_key_file_set_integer (kf, group, "failures", (int) failures);
  g_key_file_set_int64 (kf, group, "failed-at", now_us / G_USEC_PER_SEC);
  g_key_file_set_integer (kf, group, "wait", (int) wait);
  save (self, kf);
  return wait;
}

void
altoscope_backoff_record_success (AltoscopeBackoff *self,
                                  const char       *key)
{
  g_autoptr(GKeyFile) kf = load (self);
  g_autofree char *group = group_for (key);

  if (g_key_file_remove_group (kf, group, NULL))
    save (self, kf);
}
