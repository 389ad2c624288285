/* altoscope-pair.h: one (interface, family) pair, as the scheduler keeps
 * it: what it is, what state its discovery is in, and its latest report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "altoscope-link.h"
#include "altoscope-pair-setup.h"
#include "altoscope-target.h"

G_BEGIN_DECLS

#define ALTOSCOPE_TYPE_PAIR (altoscope_pair_get_type ())
#define ALTOSCOPE_TYPE_PAIR_STATE (altoscope_pair_state_get_type ())

typedef enum
{
  ALTOSCOPE_PAIR_DISCOVERING,   /* a discovery runs (the report, if any, is the last one) */
  ALTOSCOPE_PAIR_FOUND,         /* at least one URI */
  ALTOSCOPE_PAIR_FAILED,        /* step 2 failed, or waits before retrying */
  ALTOSCOPE_PAIR_NO_DOMAIN,     /* step 1 found no domain */
} AltoscopePairState;

G_DECLARE_FINAL_TYPE (AltoscopePair, altoscope_pair, ALTOSCOPE, PAIR, GObject)

GType               altoscope_pair_state_get_type (void) G_GNUC_CONST;
const char         *altoscope_pair_get_key        (AltoscopePair *self);
const char         *altoscope_pair_get_label      (AltoscopePair *self);
AltoscopeLink      *altoscope_pair_get_link       (AltoscopePair *self);
AltoscopeFamily     altoscope_pair_get_family     (AltoscopePair *self);
AltoscopePairState  altoscope_pair_get_state      (AltoscopePair *self);
AltoscopeTarget    *altoscope_pair_get_report     (AltoscopePair *self);
gint64              altoscope_pair_get_retry_at   (AltoscopePair *self);
gboolean            altoscope_pair_get_dhcp_asking (AltoscopePair *self);

/* For the scheduler, which alone changes a pair. */
AltoscopePair      *_altoscope_pair_new           (const char      *key,
                                                   const char      *label,
                                                   AltoscopeLink   *link,
                                                   AltoscopeFamily  family);
void                _altoscope_pair_set_link      (AltoscopePair   *self,
                                                   AltoscopeLink   *link);
void                _altoscope_pair_set_dhcp_asking (AltoscopePair *self,
                                                     gboolean       asking);
void                _altoscope_pair_set_report    (AltoscopePair   *self,
                                                   AltoscopeTarget *report);

/* The pair's run, which the scheduler starts and ends. */
gboolean            _altoscope_pair_set_fingerprint (AltoscopePair *self,
                                                     const char    *fingerprint);
const char         *_altoscope_pair_get_fingerprint (AltoscopePair *self);
GCancellable       *_altoscope_pair_start_run     (AltoscopePair   *self);
gboolean            _altoscope_pair_finish_run    (AltoscopePair   *self,
                                                   GCancellable    *running,
                                                   AltoscopeTarget *result);
gboolean            _altoscope_pair_get_running   (AltoscopePair   *self);
AltoscopeTarget    *_altoscope_pair_get_result    (AltoscopePair   *self);
void                _altoscope_pair_stop          (AltoscopePair   *self);
AltoscopeKeptTransport *_altoscope_pair_get_kept_transport (AltoscopePair *self);
void                _altoscope_pair_forget_transport (AltoscopePair *self);
void                _altoscope_pair_set_retry     (AltoscopePair   *self,
                                                   guint            ms,
                                                   GSourceFunc      func,
                                                   gpointer         data,
                                                   GDestroyNotify   destroy);
void                _altoscope_pair_retry_fired   (AltoscopePair   *self);
GCancellable       *_altoscope_pair_add_check     (AltoscopePair   *self,
                                                   const char      *uri);
void                _altoscope_pair_end_check     (AltoscopePair   *self,
                                                   const char      *uri,
                                                   GCancellable    *cancellable);
void                _altoscope_pair_cancel_check  (AltoscopePair   *self,
                                                   const char      *uri);

G_END_DECLS
