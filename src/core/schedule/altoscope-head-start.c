/* altoscope-head-start.c
 *
 * A window is not on screen until the toolkit has started, which takes
 * longer than a discovery on most networks; the main loop runs only once
 * it has.  So the first discoveries run at once on a thread of their own:
 * a scheduler made there (with its own links, overrides and retry memory,
 * on its own main context) runs until it is settled, and each result it
 * gives is kept here, with what it was made from: the pair's fingerprint
 * (addresses, DNS servers, DHCP options, override) and the scheduler's
 * setup (validation, trust anchors, timeout).
 *
 * The window's scheduler, on the main loop, asks here before a pair's
 * first discovery (altoscope_head_start_take).  A result made from the
 * same inputs, and recent, is its result: the lookups it would make were
 * just made (RFC 7286 §4.2 asks for a new lookup when the network
 * changes, and nothing changed).  Another fingerprint or setup, an old
 * result, or none at all once the thread is done: the scheduler runs the
 * discovery itself.  While the thread runs that pair's discovery (or has
 * not finished its first update yet), with the same setup, the pair waits
 * for it rather than asking the same again ("changed" says when to ask again).  A key is answered once: later
 * runs of the pair (a retry, the person's refresh) are the scheduler's
 * own (altoscope_head_start_forget).  The thread's scheduler retries
 * nothing: a failure it found is the window's to retry.
 *
 * The thread writes, the main loop reads, both under the mutex; a target
 * handed over is not touched by the thread again (its scheduler runs no
 * checks, and a new run would make a new target).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "altoscope-head-start.h"
#include "altoscope-source.h"

/* A result older than this is not taken: whatever it was made from may
 * have changed without the fingerprint showing it (a server's zone).
 * Starting the toolkit and the window takes well under a second. */
#define MAX_AGE_US (10 * G_USEC_PER_SEC)

typedef struct
{
  char *fingerprint;
  char *setup;
  AltoscopeTarget *target;
  gint64 at;
} Result;

struct _AltoscopeHeadStart
{
  GObject parent_instance;

  GMutex lock;
  GHashTable *results;        /* key -> Result, under the lock */
  GHashTable *started;        /* keys the thread began, under the lock */
  gboolean begun;             /* under the lock: its first update is done */
  gboolean begun_told;        /* the thread's: the idle that sets begun is out */
  gboolean finished;          /* under the lock: no result will come */
  gboolean stopping;          /* under the lock */
  GMainContext *run_context;  /* under the lock: the thread's, while it runs */

  GMainContext *main_context; /* where "changed" is emitted */
  GHashTable *answered;       /* keys answered FOUND or NONE (main loop only) */
  GThread *thread;
  char *setup;                /* the thread's scheduler's (set before it runs) */
};

G_DEFINE_FINAL_TYPE (AltoscopeHeadStart, altoscope_head_start, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
result_free (Result *r)
{
  g_free (r->fingerprint);
  g_free (r->setup);
  g_clear_object (&r->target);
  g_free (r);
}

static gboolean
emit_changed_cb (gpointer data)
{
  AltoscopeHeadStart *self = data;

  g_signal_emit (self, signals[CHANGED], 0);
  return G_SOURCE_REMOVE;
}

/* From the thread: "changed", on the main loop. */
static void
notify_main (AltoscopeHeadStart *self)
{
  g_main_context_invoke_full (self->main_context, G_PRIORITY_DEFAULT, emit_changed_cb,
                              g_object_ref (self), g_object_unref);
}

static void
altoscope_head_start_dispose (GObject *object)
{
  altoscope_head_start_stop (ALTOSCOPE_HEAD_START (object));
  G_OBJECT_CLASS (altoscope_head_start_parent_class)->dispose (object);
}

static void
altoscope_head_start_finalize (GObject *object)
{
  AltoscopeHeadStart *self = ALTOSCOPE_HEAD_START (object);

  g_hash_table_unref (self->results);
  g_hash_table_unref (self->started);
  g_hash_table_unref (self->answered);
  g_free (self->setup);
  g_main_context_unref (self->main_context);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (altoscope_head_start_parent_class)->finalize (object);
}

static void
altoscope_head_start_class_init (AltoscopeHeadStartClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = altoscope_head_start_dispose;
  G_OBJECT_CLASS (klass)->finalize = altoscope_head_start_finalize;

  /* On the main loop: a result came, or the thread is done. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
altoscope_head_start_init (AltoscopeHeadStart *self)
{
  g_mutex_init (&self->lock);
  self->results = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) result_free);
  self->answered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->started = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->main_context = g_main_context_ref_thread_default ();
}

AltoscopeHeadStart *
altoscope_head_start_new (void)
{
  return g_object_new (ALTOSCOPE_TYPE_HEAD_START, NULL);
}

/* The thread that fills @self: joined by altoscope_head_start_stop (). */
void
altoscope_head_start_set_thread (AltoscopeHeadStart *self,
                                 GThread            *thread)
{
  g_return_if_fail (self->thread == NULL);
  self->thread = thread;
}

/* Before the first discovery of @key: FOUND (and @target set) when the
 * thread's result was made from @fingerprint with @setup. */
AltoscopeHeadStartAnswer
altoscope_head_start_take (AltoscopeHeadStart *self,
                           const char         *key,
                           const char         *fingerprint,
                           const char         *setup,
                           AltoscopeTarget   **target)
{
  AltoscopeHeadStartAnswer answer = ALTOSCOPE_HEAD_START_NONE;
  Result *r;

  *target = NULL;
  if (g_hash_table_contains (self->answered, key))
    return ALTOSCOPE_HEAD_START_NONE;

  g_mutex_lock (&self->lock);
  r = g_hash_table_lookup (self->results, key);
  if (self->stopping)
    answer = ALTOSCOPE_HEAD_START_NONE;
  else if (r == NULL)
    /* Waited for only while the thread works on it, or has begun nothing:
     * a key it does not know is the scheduler's at once. */
    answer = !self->finished && (self->setup == NULL || g_strcmp0 (self->setup, setup) == 0)
             && (!self->begun || g_hash_table_contains (self->started, key))
             ? ALTOSCOPE_HEAD_START_PENDING : ALTOSCOPE_HEAD_START_NONE;
  else if (g_strcmp0 (r->fingerprint, fingerprint) == 0 && g_strcmp0 (r->setup, setup) == 0
           && g_get_monotonic_time () - r->at <= MAX_AGE_US)
    {
      answer = ALTOSCOPE_HEAD_START_FOUND;
      *target = g_steal_pointer (&r->target);
    }
  if (r != NULL && answer != ALTOSCOPE_HEAD_START_PENDING)
    g_hash_table_remove (self->results, key);
  g_mutex_unlock (&self->lock);

  if (answer != ALTOSCOPE_HEAD_START_PENDING)
    {
      g_hash_table_add (self->answered, g_strdup (key));
      /* G_MESSAGES_DEBUG=all: which first results came from the thread. */
      g_debug ("head start: %s: %s", key, answer == ALTOSCOPE_HEAD_START_FOUND
                                          ? "taken" : "none made from these inputs");
    }
  return answer;
}

/* A run of @key that is not its first (a retry, the person's refresh):
 * the scheduler's own, whatever the thread made. */
void
altoscope_head_start_forget (AltoscopeHeadStart *self,
                             const char         *key)
{
  g_hash_table_add (self->answered, g_strdup (key));
}

/* No more: the thread stops at its next iteration and is joined; every
 * key is answered NONE from now on. */
void
altoscope_head_start_stop (AltoscopeHeadStart *self)
{
  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  if (self->run_context != NULL)
    g_main_context_wakeup (self->run_context);
  g_hash_table_remove_all (self->results);
  g_mutex_unlock (&self->lock);
  if (self->thread != NULL)
    {
      GThread *thread = g_steal_pointer (&self->thread);

      /* The thread's own last reference may be the one that disposes. */
      if (thread == g_thread_self ())
        g_thread_unref (thread);
      else
        g_thread_join (thread);
    }
}

/* ---- on the thread ----------------------------------------------------- */

gboolean
altoscope_head_start_stopped (AltoscopeHeadStart *self)
{
  gboolean stopping;

  g_mutex_lock (&self->lock);
  stopping = self->stopping;
  g_mutex_unlock (&self->lock);
  return stopping;
}

static void
on_result_cb (GObject            *scheduler,
              AltoscopePair      *pair,
              AltoscopeHeadStart *self)
{
  Result *r = g_new0 (Result, 1);

  r->fingerprint = g_strdup (_altoscope_pair_get_fingerprint (pair));
  r->setup = g_strdup (self->setup);
  r->target = g_object_ref (altoscope_pair_get_report (pair));
  r->at = g_get_monotonic_time ();
  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->results, g_strdup (altoscope_pair_get_key (pair)), r);
  g_mutex_unlock (&self->lock);
  notify_main (self);
}

/* The thread's first update is done (this idle runs after the dispatch
 * that started its pairs): every key it began is known, and a pair of the
 * window it did not begin need wait no more. */
static gboolean
begun_cb (gpointer data)
{
  AltoscopeHeadStart *self = data;

  g_mutex_lock (&self->lock);
  self->begun = TRUE;
  g_mutex_unlock (&self->lock);
  notify_main (self);
  return G_SOURCE_REMOVE;
}

static void
on_started_cb (GObject            *scheduler,
               const char         *key,
               const char         *label,
               AltoscopeHeadStart *self)
{
  g_mutex_lock (&self->lock);
  g_hash_table_add (self->started, g_strdup (key));
  g_mutex_unlock (&self->lock);
  if (!self->begun_told)
    {
      self->begun_told = TRUE;
      g_source_unref (altoscope_timeout_attach (0, G_PRIORITY_HIGH, begun_cb,
                                                g_object_ref (self), g_object_unref));
    }
}

static void
on_settled_cb (GObject  *scheduler,
               gboolean *done)
{
  *done = TRUE;
}

static gboolean
deadline_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs @scheduler (an AltoscopeScheduler, whose "result" and "settled"
 * are followed; altoscope_scheduler_dup_setup () gives its @setup) on the
 * thread-default context until it is settled, for at most @deadline_ms,
 * or until altoscope_head_start_stop (); its results are kept for the
 * main loop. */
void
altoscope_head_start_run (AltoscopeHeadStart *self,
                          gpointer            scheduler,
                          const char         *setup,
                          guint               deadline_ms)
{
  GMainContext *context = g_main_context_ref_thread_default ();
  g_autoptr(GSource) deadline = g_timeout_source_new (deadline_ms);
  gboolean done = FALSE;
  gulong on_result, on_started, on_settled;

  g_mutex_lock (&self->lock);
  self->run_context = context;
  self->setup = g_strdup (setup);
  g_mutex_unlock (&self->lock);

  on_result = g_signal_connect (scheduler, "result", G_CALLBACK (on_result_cb), self);
  on_started = g_signal_connect (scheduler, "started", G_CALLBACK (on_started_cb), self);
  on_settled = g_signal_connect (scheduler, "settled", G_CALLBACK (on_settled_cb), &done);
  g_source_set_callback (deadline, deadline_cb, &done, NULL);
  g_source_attach (deadline, context);
  while (!done && !altoscope_head_start_stopped (self))
    g_main_context_iteration (context, TRUE);
  g_source_destroy (deadline);
  g_signal_handler_disconnect (scheduler, on_result);
  g_signal_handler_disconnect (scheduler, on_started);
  g_signal_handler_disconnect (scheduler, on_settled);

  g_mutex_lock (&self->lock);
  self->run_context = NULL;
  g_mutex_unlock (&self->lock);
  g_main_context_unref (context);
  altoscope_head_start_finish (self);
}

/* No result will come any more (also when the thread could not run at
 * all): the pairs that wait run their own.  Once is enough. */
void
altoscope_head_start_finish (AltoscopeHeadStart *self)
{
  gboolean was;

  g_mutex_lock (&self->lock);
  was = self->finished;
  self->finished = TRUE;
  g_mutex_unlock (&self->lock);
  if (!was)
    notify_main (self);
}
