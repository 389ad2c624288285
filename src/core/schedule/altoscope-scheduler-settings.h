/* altoscope-scheduler-settings.h: the scheduler follows Preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "altoscope-scheduler.h"

G_BEGIN_DECLS

void altoscope_scheduler_follow_settings (AltoscopeScheduler *self,
                                          GSettings          *settings);

G_END_DECLS
