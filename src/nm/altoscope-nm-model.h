/* altoscope-nm-model.h: the machine's interfaces and VPNs, live, from NetworkManager
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "altoscope-link.h"
#include "altoscope-scheduler.h"

G_BEGIN_DECLS

#define ALTOSCOPE_TYPE_NM_MODEL (altoscope_nm_model_get_type ())

G_DECLARE_FINAL_TYPE (AltoscopeNmModel, altoscope_nm_model, ALTOSCOPE, NM_MODEL, GObject)

AltoscopeNmModel *altoscope_nm_model_new            (void);
gboolean          altoscope_nm_model_get_ready      (AltoscopeNmModel *self);
GObject          *altoscope_nm_model_get_busy_watcher (AltoscopeNmModel *self);
gboolean          altoscope_nm_model_get_nm_running (AltoscopeNmModel *self);
const char       *altoscope_nm_model_get_status     (AltoscopeNmModel *self);
AltoscopeLink    *altoscope_nm_model_find           (AltoscopeNmModel *self,
                                                     const char       *name_or_uuid);
JsonNode         *altoscope_nm_model_status_to_json (AltoscopeNmModel *self);

AltoscopeScheduler *altoscope_nm_model_create_scheduler (AltoscopeNmModel   *self,
                                                         AltoscopeOverrides *overrides,
                                                         AltoscopeBackoff   *backoff,
                                                         guint               timeout_ms);

G_END_DECLS
