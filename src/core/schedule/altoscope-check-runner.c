/* altoscope-check-runner.c
 *
 * A result (AltoscopeTarget) keeps the checks of its URIs; this file is
 * the only one that writes them (through altoscope-target-private.h), for
 * the scheduler (a pair's URIs, one by one, from the pair's own address)
 * and for discover --domain (every eligible URI at once).  The result
 * itself starts nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "altoscope-check-runner.h"
#include "altoscope-target-private.h"

typedef struct
{
  char *uri;
  gboolean keep_cancelled;
} One;

static void
one_free (One *one)
{
  g_free (one->uri);
  g_free (one);
}

static void
on_checked_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(GTask) task = data;
  AltoscopeTarget *target = g_task_get_source_object (task);
  One *one = g_task_get_task_data (task);
  AltoscopeCheck *check = altoscope_check_finish (result);
  gboolean cancelled = altoscope_check_get_code (check) == ALTOSCOPE_CHECK_CANCELLED;

  /* A check someone stopped leaves the verdict before it (or none). */
  _altoscope_target_set_check (target, one->uri,
                               cancelled && !one->keep_cancelled ? NULL : check);
  g_task_return_pointer (task, check, g_object_unref);
}

/**
 * altoscope_check_runner_check_async:
 * @keep_cancelled: whether a check cancelled by @cancellable is recorded as
 *   the URI's verdict (a report cut short), or leaves the one before it
 *   (a person pressed Stop)
 *
 * Checks @uri of @target from @local_address (NULL: any), marking it as
 * being checked meanwhile, and asks a valid server which PID @ours
 * (GInetAddress, nullable) are in; the verdict is recorded on @target.
 */
void
altoscope_check_runner_check_async (AltoscopeTarget     *target,
                                    const char          *uri,
                                    const char          *local_address,
                                    GPtrArray           *ours,
                                    const char          *ca_file,
                                    guint                timeout_ms,
                                    gboolean             keep_cancelled,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task = g_task_new (target, cancellable, callback, user_data);
  One *one = g_new0 (One, 1);

  g_task_set_source_tag (task, altoscope_check_runner_check_async);
  g_task_set_check_cancellable (task, FALSE);
  one->uri = g_strdup (uri);
  one->keep_cancelled = keep_cancelled;
  g_task_set_task_data (task, one, (GDestroyNotify) one_free);
  _altoscope_target_set_checking (target, uri);
  altoscope_check_and_ask_async (uri, local_address, ca_file, timeout_ms, ours, NULL, cancellable,
                                 on_checked_cb, task);
}

/* The verdict (never NULL): as altoscope_check_finish() gives it. */
AltoscopeCheck *
altoscope_check_runner_check_finish (GAsyncResult *result)
{
  return g_task_propagate_pointer (G_TASK (result), NULL);
}

/* ---- every eligible URI ------------------------------------------------- */

static void
on_one_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(GTask) all = data;
  guint *pending = g_task_get_task_data (all);
  g_autoptr(AltoscopeCheck) check = altoscope_check_runner_check_finish (result);

  if (--*pending == 0)
    g_task_return_boolean (all, TRUE);
}

/* Checks every eligible URI of @target not checked yet, all at once, from
 * @local_address (NULL: any); a check cut short by @cancellable is
 * recorded as such (the report says the check was cancelled). */
void
altoscope_check_runner_check_eligible_async (AltoscopeTarget     *target,
                                             const char          *local_address,
                                             GPtrArray           *ours,
                                             const char          *ca_file,
                                             guint                timeout_ms,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_autoptr(GTask) all = g_task_new (target, cancellable, callback, user_data);
  guint *pending = g_new0 (guint, 1);
  GPtrArray *uris = altoscope_target_get_uris (target);

  g_task_set_source_tag (all, altoscope_check_runner_check_eligible_async);
  g_task_set_check_cancellable (all, FALSE);
  g_task_set_task_data (all, pending, g_free);
  *pending = 1;
  for (guint i = 0; i < uris->len; i++)
    {
      AltoscopeUri *uri = uris->pdata[i];

      if (!uri->eligible || altoscope_target_get_check (target, uri->uri) != NULL
          || altoscope_target_get_checking (target, uri->uri))
        continue;
      (*pending)++;
      altoscope_check_runner_check_async (target, uri->uri, local_address, ours, ca_file,
                                          timeout_ms, TRUE, cancellable, on_one_done_cb,
                                          g_object_ref (all));
    }
  if (--*pending == 0)
    g_task_return_boolean (all, TRUE);
}

void
altoscope_check_runner_check_eligible_finish (GAsyncResult *result)
{
  g_task_propagate_boolean (G_TASK (result), NULL);
}
