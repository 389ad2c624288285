/* altoscope-check-runner.h: checking the URIs of a result, and recording
 * each verdict on it — the one way checks run, for the scheduler's pairs
 * and for a result of its own (discover --domain)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "altoscope-check.h"
#include "altoscope-target.h"

G_BEGIN_DECLS

void            altoscope_check_runner_check_async           (AltoscopeTarget     *target,
                                                              const char          *uri,
                                                              const char          *local_address,
                                                              GPtrArray           *ours,
                                                              const char          *ca_file,
                                                              guint                timeout_ms,
                                                              gboolean             keep_cancelled,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
AltoscopeCheck *altoscope_check_runner_check_finish          (GAsyncResult        *result);
void            altoscope_check_runner_check_eligible_async  (AltoscopeTarget     *target,
                                                              const char          *local_address,
                                                              GPtrArray           *ours,
                                                              const char          *ca_file,
                                                              guint                timeout_ms,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
void            altoscope_check_runner_check_eligible_finish (GAsyncResult        *result);

G_END_DECLS
