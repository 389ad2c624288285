/* altoscope-monitor.h: discovery for every (interface, family) pair, kept current
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "altoscope-backoff.h"
#include "altoscope-nm-model.h"
#include "altoscope-overrides.h"
#include "altoscope-target.h"

G_BEGIN_DECLS

#define ALTOSCOPE_TYPE_MONITOR (altoscope_monitor_get_type ())

G_DECLARE_FINAL_TYPE (AltoscopeMonitor, altoscope_monitor, ALTOSCOPE, MONITOR, GObject)

AltoscopeMonitor *altoscope_monitor_new          (AltoscopeNmModel   *model,
                                                  AltoscopeOverrides *overrides,
                                                  AltoscopeBackoff   *backoff,
                                                  guint               timeout_ms);
void              altoscope_monitor_set_filter   (AltoscopeMonitor   *self,
                                                  const char         *interface,
                                                  const char         *family);
void              altoscope_monitor_set_ignore_backoff (AltoscopeMonitor *self,
                                                  gboolean            ignore);
GPtrArray        *altoscope_monitor_dup_targets  (AltoscopeMonitor   *self);
guint             altoscope_monitor_get_running  (AltoscopeMonitor   *self);
AltoscopeTarget  *altoscope_monitor_get_target   (AltoscopeMonitor   *self,
                                                  const char         *key);
gboolean          altoscope_monitor_is_running   (AltoscopeMonitor   *self,
                                                  const char         *key);
#define ALTOSCOPE_MONITOR_DEFAULT_KEY "*default*"
char             *altoscope_monitor_pair_key     (AltoscopeLink      *link,
                                                  AltoscopeFamily     family);
gboolean          altoscope_monitor_get_settled  (AltoscopeMonitor   *self);
void              altoscope_monitor_refresh      (AltoscopeMonitor   *self,
                                                  const char         *key);

G_END_DECLS
