/* altoscope-dns-answer.h: one DNS lookup's outcome, as the resolver saw it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "altoscope-dns-message.h"
#include "altoscope-error.h"

G_BEGIN_DECLS

/* Weakest first, so that MIN() gives the weakest of two. */
typedef enum
{
  ALTOSCOPE_DNSSEC_BOGUS,
  ALTOSCOPE_DNSSEC_INDETERMINATE,
  ALTOSCOPE_DNSSEC_INSECURE,
  ALTOSCOPE_DNSSEC_SECURE,
} AltoscopeDnssec;

#define ALTOSCOPE_TYPE_DNSSEC (altoscope_dnssec_get_type ())
GType altoscope_dnssec_get_type (void) G_GNUC_CONST;

/* Who decided an answer's DNSSEC status: the resolver asked (its AD flag,
 * the default, and all the c-ares path knows), or Altoscope itself, from a
 * trust anchor (AltoscopeValidator). */
typedef enum
{
  ALTOSCOPE_DNSSEC_VALIDATOR_RESOLVER,
  ALTOSCOPE_DNSSEC_VALIDATOR_ALTOSCOPE,
} AltoscopeDnssecValidator;

#define ALTOSCOPE_TYPE_DNSSEC_VALIDATOR (altoscope_dnssec_validator_get_type ())
GType altoscope_dnssec_validator_get_type (void) G_GNUC_CONST;

/* One server asked for a query, and what came of it. */
typedef struct
{
  char *server;                   /* "ADDR:PORT" */
  char *outcome;                  /* stable: "answered", "timeout", "refused", "servfail",
                                   * "bad-response", "network", or an rcode in lower case */
} AltoscopeDnsAttempt;

typedef struct
{
  char *qname;
  guint16 qtype;
  char *server;                   /* the server whose answer this is; NULL when none came */
  GArray *attempts;               /* AltoscopeDnsAttempt, in the order the servers were asked */

  AltoscopeDnsMessage *msg;       /* NULL when nothing usable came back; for bogus data,
                                   * the answer to the repeated query with CD set */
  gboolean failed;                /* no answer, or one that is not NOERROR/NXDOMAIN */
  AltoscopeErrorCode error_code;  /* valid when failed, or NXDOMAIN */
  gboolean nxdomain;
  char *error_message;            /* translated; NULL when nothing went wrong */
  guint rcode;                    /* of the first answer; G_MAXUINT when none came */

  AltoscopeDnssec dnssec;         /* the status to use: proved when validator is ALTOSCOPE */
  char *dnssec_detail;            /* translated: why this status */

  /* Both views (issue 17).  With the RESOLVER validator (every answer of
   * the c-ares path) dnssec is the resolver's claim and the fields below
   * are unset: read the claim with altoscope_dns_answer_resolver_dnssec(). */
  AltoscopeDnssecValidator validator;
  AltoscopeDnssec resolver_dnssec;  /* the resolver's claim (AD, EDE), when validator is
                                     * ALTOSCOPE */
  char *resolver_dnssec_detail;     /* translated: why the resolver's claim reads so */
  char *why_bogus;                  /* libunbound's own words (English) when proved bogus */
  char *validation_failure;         /* translated: why Altoscope could not validate, so that
                                     * dnssec is the resolver's claim; NULL otherwise */
  gboolean cd_retry;              /* a SERVFAIL was repeated with CD set */
  gboolean edns_fallback;         /* FORMERR to EDNS: repeated without it (RFC 6891 §7) */
  gboolean over_tcp;              /* larger than a UDP answer may be: came over TCP */
  double elapsed_ms;
} AltoscopeDnsAnswer;

void            altoscope_dns_answer_free         (AltoscopeDnsAnswer *answer);
GArray         *altoscope_dns_attempts_new        (void);
const char     *altoscope_dnssec_to_string        (AltoscopeDnssec     dnssec);
const char     *altoscope_dnssec_label            (AltoscopeDnssec     dnssec);
const char     *altoscope_dnssec_validator_to_string (AltoscopeDnssecValidator validator);
AltoscopeDnssec altoscope_dns_answer_resolver_dnssec (const AltoscopeDnsAnswer *answer);
AltoscopeDnssec altoscope_dnssec_from_message     (const AltoscopeDnsMessage *msg,
                                                   char              **detail);
void            altoscope_dns_answer_classify     (AltoscopeDnsAnswer *answer,
                                                   AltoscopeDnsMessage *first,
                                                   AltoscopeDnsMessage *with_cd);
gboolean        altoscope_dns_ede_is_dnssec       (guint16             info_code);
guint           altoscope_dns_answer_count_asked  (const AltoscopeDnsAnswer *answer);
gboolean        altoscope_dns_answer_is_nodata    (const AltoscopeDnsAnswer *answer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AltoscopeDnsAnswer, altoscope_dns_answer_free)

G_END_DECLS
