/* altoscope-head-start.h: the first discoveries, run on a thread of their
 * own while the window is still being made, and handed over to the
 * window's scheduler when what they were made from is what it sees
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "altoscope-pair.h"

G_BEGIN_DECLS

#define ALTOSCOPE_TYPE_HEAD_START (altoscope_head_start_get_type ())

G_DECLARE_FINAL_TYPE (AltoscopeHeadStart, altoscope_head_start, ALTOSCOPE, HEAD_START, GObject)

typedef enum
{
  ALTOSCOPE_HEAD_START_NONE,      /* nothing to take: run the discovery */
  ALTOSCOPE_HEAD_START_PENDING,   /* it may still come: wait for "changed" */
  ALTOSCOPE_HEAD_START_FOUND,     /* the result, made from the same inputs */
} AltoscopeHeadStartAnswer;

/* On the thread that runs the main loop. */
AltoscopeHeadStart      *altoscope_head_start_new        (void);
void                     altoscope_head_start_set_thread (AltoscopeHeadStart *self,
                                                          GThread            *thread);
AltoscopeHeadStartAnswer altoscope_head_start_take       (AltoscopeHeadStart *self,
                                                          const char         *key,
                                                          const char         *fingerprint,
                                                          const char         *setup,
                                                          AltoscopeTarget   **target);
void                     altoscope_head_start_forget     (AltoscopeHeadStart *self,
                                                          const char         *key);
void                     altoscope_head_start_stop       (AltoscopeHeadStart *self);

/* On the head start's own thread, its context the thread-default. */
void                     altoscope_head_start_run        (AltoscopeHeadStart *self,
                                                          gpointer            scheduler,
                                                          const char         *setup,
                                                          guint               deadline_ms);
gboolean                 altoscope_head_start_stopped    (AltoscopeHeadStart *self);
void                     altoscope_head_start_finish     (AltoscopeHeadStart *self);

G_END_DECLS
