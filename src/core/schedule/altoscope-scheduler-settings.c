/* altoscope-scheduler-settings.c: the scheduler follows Preferences
 *
 * How servers are checked (automatically or not, which extra CAs), DNSSEC
 * validation and its anchors, and whether DHCP servers are asked
 * unprompted: read at once, and again at each change.  The application
 * calls it before the first discovery, so that the first results, and the
 * head start's (made from the same settings), are what Preferences say.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "altoscope-scheduler-settings.h"

static void
apply (AltoscopeScheduler *self,
       GSettings          *settings)
{
  g_autofree char *ca_file = g_settings_get_string (settings, "check-ca-file");

  altoscope_scheduler_set_check_options (self, ca_file, 0);
  altoscope_scheduler_set_auto_check (self, g_settings_get_boolean (settings,
                                                                    "check-automatically"));
  altoscope_scheduler_set_validation_from_settings (self);
  altoscope_scheduler_set_auto_ask_dhcp (self, g_settings_get_boolean (settings,
                                                                       "dhcp-ask-automatically"));
}

static void
on_changed_cb (GSettings          *settings,
               const char         *key,
               AltoscopeScheduler *self)
{
  apply (self, settings);
}

/* Validation on or off, or another anchor: every status shown was decided
 * the other way, so discovery runs again now, not at the next change. */
static void
on_validation_changed_cb (GSettings          *settings,
                          const char         *key,
                          AltoscopeScheduler *self)
{
  apply (self, settings);
  altoscope_scheduler_refresh (self, NULL);
}

/* @settings: the overrides' (altoscope_overrides_get_settings), which
 * altoscope_scheduler_set_validation_from_settings reads too. */
void
altoscope_scheduler_follow_settings (AltoscopeScheduler *self,
                                     GSettings          *settings)
{
  static const char *const plain[] = {
    "changed::check-automatically", "changed::check-ca-file", "changed::dhcp-ask-automatically",
  };
  static const char *const validation[] = {
    "changed::trust-anchor-file", "changed::validate-dnssec",
  };

  g_return_if_fail (ALTOSCOPE_IS_SCHEDULER (self));
  g_return_if_fail (G_IS_SETTINGS (settings));
  for (guint i = 0; i < G_N_ELEMENTS (plain); i++)
    g_signal_connect_object (settings, plain[i], G_CALLBACK (on_changed_cb), self, 0);
  for (guint i = 0; i < G_N_ELEMENTS (validation); i++)
    g_signal_connect_object (settings, validation[i], G_CALLBACK (on_validation_changed_cb), self,
                             0);
  apply (self, settings);
}
