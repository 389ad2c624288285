/* altoscope-preferences.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "altoscope-overrides.h"

G_BEGIN_DECLS

#define ALTOSCOPE_TYPE_PREFERENCES (altoscope_preferences_get_type ())

G_DECLARE_FINAL_TYPE (AltoscopePreferences, altoscope_preferences, ALTOSCOPE, PREFERENCES,
                      AdwPreferencesWindow)

AltoscopePreferences *altoscope_preferences_new (GtkWindow          *parent,
                                                 AltoscopeOverrides *overrides);

G_END_DECLS
