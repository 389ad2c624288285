/* altoscope-scheduler.h: discovery for every (interface, family) pair of a
 * model of links, kept current
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "altoscope-backoff.h"
#include "altoscope-dhcp-cache.h"
#include "altoscope-head-start.h"
#include "altoscope-link.h"
#include "altoscope-overrides.h"
#include "altoscope-pair.h"
#include "altoscope-target.h"

G_BEGIN_DECLS

#define ALTOSCOPE_TYPE_SCHEDULER (altoscope_scheduler_get_type ())
#define ALTOSCOPE_SCHEDULER_DEFAULT_KEY "*default*"

G_DECLARE_FINAL_TYPE (AltoscopeScheduler, altoscope_scheduler, ALTOSCOPE, SCHEDULER, GObject)

AltoscopeScheduler *altoscope_scheduler_new          (GListModel         *links,
                                                      AltoscopeOverrides *overrides,
                                                      AltoscopeBackoff   *backoff,
                                                      guint               timeout_ms);
GListModel         *altoscope_scheduler_get_pairs    (AltoscopeScheduler *self);
AltoscopePair      *altoscope_scheduler_find_pair    (AltoscopeScheduler *self,
                                                      const char         *key);
char               *altoscope_scheduler_pair_key     (AltoscopeLink      *link,
                                                      AltoscopeFamily     family);
void                altoscope_scheduler_set_links_ready     (AltoscopeScheduler *self,
                                                             gboolean            ready);
void                altoscope_scheduler_set_links_available (AltoscopeScheduler *self,
                                                             gboolean            available);
void                altoscope_scheduler_set_transport_factory (AltoscopeScheduler        *self,
                                                               AltoscopeTransportFactory  factory,
                                                               gpointer                   data);
void                altoscope_scheduler_set_validation (AltoscopeScheduler *self,
                                                        gboolean            allowed,
                                                        const char * const *anchor_files);
void                altoscope_scheduler_set_validation_from_settings (AltoscopeScheduler *self);
void                altoscope_scheduler_set_head_start (AltoscopeScheduler *self,
                                                        AltoscopeHeadStart *head_start);
char               *altoscope_scheduler_dup_setup    (AltoscopeScheduler *self);
void                altoscope_scheduler_set_retries  (AltoscopeScheduler *self,
                                                      gboolean            retries);
void                altoscope_scheduler_set_filter   (AltoscopeScheduler *self,
                                                      const char         *interface,
                                                      const char         *family);
void                altoscope_scheduler_set_ignore_backoff (AltoscopeScheduler *self,
                                                      gboolean            ignore);
GPtrArray          *altoscope_scheduler_dup_targets  (AltoscopeScheduler *self);
guint               altoscope_scheduler_get_running  (AltoscopeScheduler *self);
gboolean            altoscope_scheduler_get_settled  (AltoscopeScheduler *self);
gboolean            altoscope_scheduler_get_first_update_done (AltoscopeScheduler *self);
void                altoscope_scheduler_refresh      (AltoscopeScheduler *self,
                                                      const char         *key);
gboolean            altoscope_scheduler_check        (AltoscopeScheduler *self,
                                                      const char         *key,
                                                      const char         *uri);
void                altoscope_scheduler_cancel_check (AltoscopeScheduler *self,
                                                      const char         *key,
                                                      const char         *uri);
AltoscopeDhcpCache *altoscope_scheduler_get_dhcp_cache (AltoscopeScheduler *self);
gboolean            altoscope_scheduler_ask_dhcp     (AltoscopeScheduler *self,
                                                      const char         *key);
void                altoscope_scheduler_set_auto_ask_dhcp (AltoscopeScheduler *self,
                                                           gboolean            auto_ask);
void                altoscope_scheduler_set_auto_check (AltoscopeScheduler *self,
                                                      gboolean            auto_check);
void                altoscope_scheduler_set_check_options (AltoscopeScheduler *self,
                                                      const char         *ca_file,
                                                      guint               timeout_ms);

G_END_DECLS
