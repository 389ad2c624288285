/* altoscope-nm-head-start.c
 *
 * The thread behind the window's head start (altoscope-head-start.c): on a
 * main context of its own, the same objects the window makes (its own
 * NetworkManager client, the overrides from the same settings, the retry
 * memory in the same file, a scheduler validating as the settings say)
 * run until the scheduler is settled.  Nothing here checks a server or
 * asks a DHCP server: those are the window's scheduler's, after it took
 * the result.  Then everything made here is released here, the context
 * iterated until libnm has let go of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <NetworkManager.h>

#include "altoscope-nm-head-start.h"
#include "altoscope-scheduler.h"
#include "altoscope-nm-model.h"

/* How long a client's release may take at most before the thread ends. */
#define RELEASE_MS 1000
/* The thread's run ends when its scheduler is settled; this only bounds it
 * (a discovery may chain several lookups, each up to its timeout).  Pairs
 * of the window wait for what the thread works on until then. */
#define DEADLINE_MS 60000

typedef struct
{
  AltoscopeHeadStart *head_start;
  guint timeout_ms;
} Start;

static gboolean
release_late_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run (Start *start)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeOverrides) overrides = altoscope_overrides_new_default (&error);
  g_autoptr(AltoscopeBackoff) backoff = NULL;
  g_autoptr(AltoscopeNmModel) model = NULL;
  g_autoptr(AltoscopeScheduler) scheduler = NULL;
  g_autoptr(GSource) release = NULL;
  g_autofree char *setup = NULL;
  GMainContext *context = g_main_context_get_thread_default ();
  GObject *busy = NULL;
  gboolean late = FALSE;
  gint64 end;

  /* Without its settings the window does not start either: it says why
   * (the caller says no result will come). */
  if (overrides == NULL)
    return;
  backoff = altoscope_backoff_new (NULL);
  model = altoscope_nm_model_new ();
  scheduler = altoscope_nm_model_create_scheduler (model, overrides, backoff, start->timeout_ms);
  altoscope_scheduler_set_validation_from_settings (scheduler);
  /* A failure is the window's to try again, once it took it. */
  altoscope_scheduler_set_retries (scheduler, FALSE);
  setup = altoscope_scheduler_dup_setup (scheduler);
  altoscope_head_start_run (start->head_start, scheduler, setup, DEADLINE_MS);

  busy = altoscope_nm_model_get_busy_watcher (model);
  if (busy != NULL)
    g_object_add_weak_pointer (busy, (gpointer *) &busy);
  g_clear_object (&scheduler);
  g_clear_object (&model);
  /* Failures it recorded are in the file before the thread goes. */
  altoscope_backoff_flush (backoff);
  /* This thread's context, never the global one (the main loop's): until
   * libnm lets go and nothing is ready to run, RELEASE_MS at most.  A
   * lookup cancelled by a stop whose end comes later is not waited for:
   * the process is ending. */
  end = g_get_monotonic_time () + RELEASE_MS * G_TIME_SPAN_MILLISECOND;
  release = g_timeout_source_new (RELEASE_MS);
  g_source_set_callback (release, release_late_cb, &late, NULL);
  g_source_attach (release, context);
  while (!late && g_get_monotonic_time () < end
         && (busy != NULL || g_main_context_pending (context)))
    g_main_context_iteration (context, busy != NULL);
  g_source_destroy (release);
  if (busy != NULL)
    g_object_remove_weak_pointer (busy, (gpointer *) &busy);
}

static gpointer
thread_func (gpointer data)
{
  Start *start = data;
  GMainContext *context = g_main_context_new ();

  g_main_context_push_thread_default (context);
  run (start);
  altoscope_head_start_finish (start->head_start);
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);
  g_object_unref (start->head_start);
  g_free (start);
  return NULL;
}

/**
 * altoscope_nm_head_start:
 * @timeout_ms: each lookup's, as the window's scheduler has it
 *
 * Starts the thread.  Returns: (transfer full): what the window's
 * scheduler takes its first results from (altoscope_scheduler_set_head_start);
 * altoscope_head_start_stop () ends the thread.
 */
AltoscopeHeadStart *
altoscope_nm_head_start (guint timeout_ms)
{
  AltoscopeHeadStart *head_start = altoscope_head_start_new ();
  Start *start = g_new0 (Start, 1);

  start->head_start = g_object_ref (head_start);
  start->timeout_ms = timeout_ms;
  altoscope_head_start_set_thread (head_start,
                                   g_thread_new ("altoscope-head-start", thread_func, start));
  return head_start;
}
