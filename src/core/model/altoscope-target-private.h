/* altoscope-target-private.h: how discovery and step 1 fill a result
 *
 * Only these functions of altoscope-target.c write a target; everyone
 * else reads it through the getters of altoscope-target.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "altoscope-link.h"
#include "altoscope-target.h"

G_BEGIN_DECLS

void          _altoscope_target_add_trace     (AltoscopeTarget          *self,
                                               double                    t_ms,
                                               const char               *event,
                                               const char               *detail);
void          _altoscope_target_add_answer    (AltoscopeTarget          *self,
                                               const AltoscopeDnsAnswer *answer);
AltoscopeUri *_altoscope_uri_new              (void);
void          _altoscope_target_set_resolvers (AltoscopeTarget          *self,
                                               const char * const       *servers,
                                               gboolean                  from_system,
                                               gboolean                  on_loopback);
void          _altoscope_target_set_dnssec    (AltoscopeTarget          *self,
                                               AltoscopeDnssec           dnssec,
                                               const char               *detail);
void          _altoscope_target_set_dnssec_views (AltoscopeTarget       *self,
                                               AltoscopeDnssecValidator  validator,
                                               AltoscopeDnssec           resolver_dnssec);
void          _altoscope_target_set_failed_answer (AltoscopeTarget      *self,
                                               const char               *domain,
                                               const AltoscopeDnsAnswer *answer);
void          _altoscope_target_set_retry     (AltoscopeTarget          *self,
                                               double                    after_s,
                                               gint64                    at_us);
void          _altoscope_target_set_previous  (AltoscopeTarget          *self,
                                               AltoscopeErrorCode        code);
void          _altoscope_target_set_backoff_overridden (AltoscopeTarget *self);
void          _altoscope_target_set_finished  (AltoscopeTarget          *self,
                                               double                    elapsed_ms);
void          _altoscope_target_set_uris      (AltoscopeTarget          *self,
                                               GPtrArray                *uris,
                                               guint                     total);
void          _altoscope_target_add_record    (AltoscopeTarget          *self,
                                               AltoscopeNaptrRecord     *record);
void          _altoscope_target_set_records_total (AltoscopeTarget      *self,
                                               guint                     total);
void          _altoscope_target_set_link      (AltoscopeTarget          *self,
                                               AltoscopeLink            *link,
                                               GPtrArray                *dhcp_values);
void             _altoscope_target_set_dhcp_answer (AltoscopeTarget          *self,
                                                    AltoscopeDhcpAnswer      *answer,
                                                    const char               *server);
void          _altoscope_target_set_options_seen (AltoscopeTarget       *self,
                                               GArray                   *seen);
void          _altoscope_target_set_reverse   (AltoscopeTarget          *self,
                                               const char               *address,
                                               GArray                   *names);
void          _altoscope_target_set_checking  (AltoscopeTarget          *self,
                                               const char               *uri);
void          _altoscope_target_set_check     (AltoscopeTarget          *self,
                                               const char               *uri,
                                               AltoscopeCheck           *check);

/* A result read back from a report someone sent (altoscope-report-read.c). */
void          _altoscope_target_add_answer_info (AltoscopeTarget        *self,
                                               const AltoscopeAnswerInfo *info);
void          _altoscope_target_set_failed_lookup (AltoscopeTarget      *self,
                                               const char               *domain,
                                               guint                     rcode,
                                               const GArray             *ede);

G_END_DECLS
