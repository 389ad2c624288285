/* altoscope-source.c
 *
 * Every object of the core runs on the main context that was the
 * thread's default when it was made: the window's on the main loop, the
 * head start's (altoscope-head-start.c) on a thread of its own.
 * g_timeout_add () and g_idle_add () would put a timer on the global
 * default context whatever the thread, and g_source_remove () finds only
 * what is there: a timer is kept as its GSource instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "altoscope-source.h"

/* Calls @func after @ms (0: as soon as the context is idle at @priority)
 * on the thread-default context.  Returns the source (a reference), for
 * altoscope_source_clear (). */
GSource *
altoscope_timeout_attach (guint          ms,
                          int            priority,
                          GSourceFunc    func,
                          gpointer       data,
                          GDestroyNotify destroy)
{
  GSource *source = ms == 0 ? g_idle_source_new () : g_timeout_source_new (ms);

  g_source_set_priority (source, priority);
  g_source_set_callback (source, func, data, destroy);
  g_source_attach (source, g_main_context_get_thread_default ());
  return source;
}

/* A timer of whole seconds (g_timeout_add_seconds () on the
 * thread-default context), at the default priority. */
GSource *
altoscope_timeout_attach_seconds (guint       seconds,
                                  GSourceFunc func,
                                  gpointer    data)
{
  GSource *source = g_timeout_source_new_seconds (seconds);

  g_source_set_callback (source, func, data, NULL);
  g_source_attach (source, g_main_context_get_thread_default ());
  return source;
}

/* Stops the timer *@source, if any (also from its own callback: a
 * callback that returns G_SOURCE_REMOVE clears its source first), and
 * drops the reference. */
void
altoscope_source_clear (GSource **source)
{
  GSource *s = g_steal_pointer (source);

  if (s == NULL)
    return;
  g_source_destroy (s);
  g_source_unref (s);
}
