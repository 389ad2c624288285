/* altoscope-target.h: the outcome of discovery for one domain
 * (one (interface, family) pair, or one domain given on the command line)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "altoscope-check.h"
#include "altoscope-domain-source.h"
#include "altoscope-dhcp-answer.h"
#include "altoscope-dhcp-knowledge.h"
#include "altoscope-dns-answer.h"
#include "altoscope-naptr.h"
#include "altoscope-reverse-name.h"

G_BEGIN_DECLS

#define ALTOSCOPE_TYPE_TARGET (altoscope_target_get_type ())

G_DECLARE_FINAL_TYPE (AltoscopeTarget, altoscope_target, ALTOSCOPE, TARGET, GObject)

typedef struct
{
  char *address;
  int family;                 /* G_SOCKET_FAMILY_IPV4 or _IPV6 */
  AltoscopeDnssec dnssec;
} AltoscopeAddress;

typedef struct
{
  guint rank;
  char *uri;
  char *scheme;
  char *host;
  int port;                   /* -1: none in the URI */
  guint16 order;
  guint16 preference;
  gboolean eligible;
  GStrv chain;                /* domains queried, first to last */
  AltoscopeDnssec dnssec;     /* the weakest on the path */
  char *dnssec_detail;        /* translated: which answer made it so */
  AltoscopeDnssecValidator dnssec_validator;  /* ALTOSCOPE: every answer on the path proved */
  AltoscopeDnssec resolver_dnssec;            /* the weakest the resolver claimed on it */
  GArray *addresses;          /* AltoscopeAddress */
  gboolean has_address_error;
  AltoscopeErrorCode address_error_code;
  char *address_error_message;
  char *note;                 /* translated: why not eligible or not resolved; NULL */
  int fallback_order;         /* eligible only because this lower order failed; -1 */
  char *fallback_reason;      /* translated, with fallback_order */
} AltoscopeUri;

typedef struct
{
  double t_ms;
  char *event;                /* stable: "query", "answer", "follow", … */
  char *detail;               /* translated */
} AltoscopeTraceEvent;

typedef struct
{
  char *code;
  char *message;
} AltoscopeWarning;

/* Where a warning belongs, for a view: this result, the whole interface
 * (both families share it), or the no-domain state (which says it). */
typedef enum
{
  ALTOSCOPE_WARNING_SCOPE_RESULT,
  ALTOSCOPE_WARNING_SCOPE_INTERFACE,
  ALTOSCOPE_WARNING_SCOPE_NO_DOMAIN,
  ALTOSCOPE_WARNING_SCOPE_MISMATCH,
} AltoscopeWarningScope;

#define ALTOSCOPE_TYPE_WARNING_SCOPE (altoscope_warning_scope_get_type ())
GType altoscope_warning_scope_get_type (void) G_GNUC_CONST;

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
  AltoscopeDnssecValidator validator;
  AltoscopeDnssec resolver_dnssec;  /* the resolver's claim; dnssec itself for RESOLVER */
  char *why_bogus;            /* libunbound's words; NULL */
  char *validation_failure;   /* translated: why Altoscope could not validate; NULL */
  char *error_code;           /* NULL: none */
  GArray *ede;                /* AltoscopeDnsEde */
  double elapsed_ms;
  char *server;               /* who gave this answer; NULL: none did */
  GArray *attempts;           /* AltoscopeDnsAttempt: every server asked, in turn */
} AltoscopeAnswerInfo;


AltoscopeUri       *altoscope_uri_ref                 (AltoscopeUri *uri);
void                altoscope_uri_unref               (AltoscopeUri *uri);

AltoscopeTarget    *altoscope_target_new              (const char   *interface,
                                                       const char   *family,
                                                       const char   *domain,
                                                       AltoscopeDomainSource domain_source);
const char         *altoscope_target_get_interface    (AltoscopeTarget *self);
const char         *altoscope_target_get_family       (AltoscopeTarget *self);
const char         *altoscope_target_get_connection_uuid (AltoscopeTarget *self);
const char         *altoscope_target_get_domain       (AltoscopeTarget *self);
const char         *altoscope_target_get_domain_source (AltoscopeTarget *self);
AltoscopeDomainSource altoscope_target_get_source     (AltoscopeTarget *self);
gboolean            altoscope_target_get_failed       (AltoscopeTarget *self);
AltoscopeErrorCode  altoscope_target_get_error_code   (AltoscopeTarget *self);
const char         *altoscope_target_get_error_message (AltoscopeTarget *self);
double              altoscope_target_get_retry_after  (AltoscopeTarget *self);
AltoscopeDnssec     altoscope_target_get_dnssec       (AltoscopeTarget *self);
AltoscopeDnssecValidator altoscope_target_get_dnssec_validator (AltoscopeTarget *self);
AltoscopeDnssec     altoscope_target_get_resolver_dnssec (AltoscopeTarget *self);
GPtrArray          *altoscope_target_get_uris         (AltoscopeTarget *self);
GPtrArray          *altoscope_target_get_records      (AltoscopeTarget *self);
GArray             *altoscope_target_get_trace        (AltoscopeTarget *self);
guint               altoscope_target_count_uris       (AltoscopeTarget *self);
gint64              altoscope_target_get_finished_time (AltoscopeTarget *self);
const char         *altoscope_target_get_error_hint   (AltoscopeTarget *self);
const char         *altoscope_target_get_error_step   (AltoscopeTarget *self);
const char * const *altoscope_target_get_resolvers    (AltoscopeTarget *self);
gboolean            altoscope_target_get_resolvers_on_loopback (AltoscopeTarget *self);
GArray             *altoscope_target_get_warnings     (AltoscopeTarget *self);
AltoscopeWarningScope altoscope_target_get_warning_scope (AltoscopeTarget *self,
                                                         guint            index);
const char         *altoscope_target_get_warning_message (AltoscopeTarget *self,
                                                       guint            index);
const char         *altoscope_target_get_interface_kind (AltoscopeTarget *self);
const char         *altoscope_target_get_vpn_parent   (AltoscopeTarget *self);
const char         *altoscope_target_get_connection_id (AltoscopeTarget *self);
GPtrArray          *altoscope_target_get_dhcp_values  (AltoscopeTarget *self);
AltoscopeDhcpAnswer *altoscope_target_get_dhcp_answer (AltoscopeTarget *self);
const char         *altoscope_target_get_dhcp_server  (AltoscopeTarget *self);
AltoscopeOptionStatus altoscope_target_get_option_status (AltoscopeTarget *self,
                                                       int              option);
gboolean            altoscope_target_get_dhcp_looked  (AltoscopeTarget *self);
GArray             *altoscope_target_get_options_seen (AltoscopeTarget *self);
gboolean            altoscope_target_get_resolvers_from_system (AltoscopeTarget *self);
const char         *altoscope_target_get_reverse_address (AltoscopeTarget *self);
GArray             *altoscope_target_get_reverse_names (AltoscopeTarget *self);
gint64              altoscope_target_get_retry_at     (AltoscopeTarget *self);
const char         *altoscope_target_get_error_domain (AltoscopeTarget *self);
guint               altoscope_target_get_error_rcode  (AltoscopeTarget *self);
GArray             *altoscope_target_get_error_ede    (AltoscopeTarget *self);
gboolean            altoscope_target_get_previous_code (AltoscopeTarget   *self,
                                                       AltoscopeErrorCode *code);
gboolean            altoscope_target_get_backoff_overridden (AltoscopeTarget *self);
const char         *altoscope_target_get_dnssec_detail (AltoscopeTarget *self);
guint               altoscope_target_get_uris_total   (AltoscopeTarget *self);
guint               altoscope_target_get_records_total (AltoscopeTarget *self);
GArray             *altoscope_target_get_answers      (AltoscopeTarget *self);
double              altoscope_target_get_elapsed_ms   (AltoscopeTarget *self);
void                altoscope_target_add_warning      (AltoscopeTarget *self,
                                                       const char      *code,
                                                       const char      *message);
void                altoscope_target_set_failure      (AltoscopeTarget   *self,
                                                       AltoscopeErrorCode code,
                                                       const char        *step,
                                                       const char        *message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AltoscopeUri, altoscope_uri_unref)
AltoscopeCheck     *altoscope_target_get_check        (AltoscopeTarget *self,
                                                       const char      *uri);
gboolean            altoscope_target_get_checking     (AltoscopeTarget *self,
                                                       const char      *uri);

G_END_DECLS
