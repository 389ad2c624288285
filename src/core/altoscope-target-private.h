/* altoscope-target-private.h: the fields the discovery and the report share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "altoscope-target.h"

G_BEGIN_DECLS

typedef struct
{
  char *code;
  char *message;
} AltoscopeWarning;

/* One DNS answer as received, for the report's "answers". */
typedef struct
{
  char *qname;
  guint16 qtype;
  guint rcode;                /* G_MAXUINT: none */
  gboolean ad;
  gboolean cd_retry;
  gboolean over_tcp;
  gboolean edns_fallback;
  AltoscopeDnssec dnssec;
  char *error_code;           /* NULL: none */
  GArray *ede;                /* AltoscopeDnsEde */
  double elapsed_ms;
  char *server;               /* who gave this answer; NULL: none did */
  GArray *attempts;           /* AltoscopeDnsAttempt: every server asked, in turn */
} AltoscopeAnswerInfo;

struct _AltoscopeTarget
{
  GObject parent_instance;

  char *interface;
  char *family;
  char *domain;
  char *domain_source;

  GStrv resolvers;
  gboolean resolvers_system;
  gboolean resolvers_loopback;

  gboolean failed;
  AltoscopeErrorCode error_code;
  char *error_step;           /* "domain", "retry-wait", "naptr", "address" */
  char *error_message;
  double retry_after_s;       /* < 0: none */
  gint64 retry_at_us;         /* wall clock: the wait ends then, not sooner; 0: none */
  guint error_rcode;          /* G_MAXUINT: no DNS answer */
  GArray *error_ede;          /* AltoscopeDnsEde */
  char *error_domain;         /* the domain whose lookup failed */
  AltoscopeErrorCode previous_code;
  gboolean has_previous;

  gboolean backoff_overridden;
  AltoscopeDnssec dnssec;
  char *dnssec_detail;
  GPtrArray *uris;            /* AltoscopeUri */
  GPtrArray *records;         /* AltoscopeNaptrRecord, at most ALTOSCOPE_MAX_RECORDS_SHOWN
                               * besides those the URIs come from */
  guint uris_total;           /* before the bound: uris->len + those not shown */
  guint records_total;
  GArray *trace;              /* AltoscopeTraceEvent */
  GArray *warnings;           /* AltoscopeWarning */
  GArray *answers;            /* AltoscopeAnswerInfo */
  double elapsed_ms;
  gint64 finished_us;         /* monotonic, when the result was complete */

  /* Set for (interface, family) pairs */
  char *interface_kind;
  char *vpn_parent;
  char *connection_id;
  char *connection_uuid;
  GPtrArray *dhcp_values;     /* AltoscopeDhcpValue, or NULL */
};

void _altoscope_target_add_trace (AltoscopeTarget *self,
                                  double           t_ms,
                                  const char      *event,
                                  const char      *detail);
AltoscopeUri *_altoscope_uri_new (void);
void _altoscope_target_add_answer (AltoscopeTarget          *self,
                                   const AltoscopeDnsAnswer *answer);

G_END_DECLS
