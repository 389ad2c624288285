/* altoscope-naptr.h: judging NAPTR records by the rules of U-NAPTR
 *
 * Pure functions: no I/O.  RFC 4848 (U-NAPTR) on top of RFC 3402/3403 (DDDS).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "altoscope-dns-message.h"

G_BEGIN_DECLS

#define ALTOSCOPE_APP_SERVICE "ALTO"

typedef enum
{
  ALTOSCOPE_NAPTR_USABLE = 0,
  ALTOSCOPE_NAPTR_NOT_PRINTABLE,
  ALTOSCOPE_NAPTR_UNKNOWN_FLAGS,
  ALTOSCOPE_NAPTR_MALFORMED_SERVICE,
  ALTOSCOPE_NAPTR_OTHER_SERVICE,
  ALTOSCOPE_NAPTR_NO_PROTOCOL,
  ALTOSCOPE_NAPTR_UNSUPPORTED_PROTOCOL,
  ALTOSCOPE_NAPTR_REGEXP_AND_REPLACEMENT,
  ALTOSCOPE_NAPTR_REGEXP_FORM,
  ALTOSCOPE_NAPTR_NONTERMINAL_REGEXP,
  ALTOSCOPE_NAPTR_NONTERMINAL_NO_REPLACEMENT,
  ALTOSCOPE_NAPTR_URI_INVALID,
  ALTOSCOPE_NAPTR_URI_SCHEME,
  ALTOSCOPE_NAPTR_URI_USERINFO,
  ALTOSCOPE_NAPTR_OWNER_MISMATCH,
  ALTOSCOPE_NAPTR_BOGUS,
  ALTOSCOPE_NAPTR_LOOP,
  ALTOSCOPE_NAPTR_CHAIN_TOO_LONG,
  ALTOSCOPE_NAPTR_QUERY_LIMIT,
} AltoscopeNaptrReason;

typedef struct
{
  char *owner;
  guint16 order;
  guint16 preference;
  guint32 ttl;
  char *flags;              /* escaped when not printable (see AltoscopeDnsString) */
  char *service;
  char *regexp;
  char *replacement;
  int hop;                  /* 0 for the domain queried first */

  /* The judgement of the record on its own */
  gboolean usable;
  gboolean terminal;
  AltoscopeNaptrReason reason_code;  /* why not usable; ALTOSCOPE_NAPTR_USABLE when it is */
  char *reason;             /* translated sentence; NULL when usable */
  char *uri;                /* terminal and usable: the URI; scheme and host below */
  char *scheme;
  char *host;
  int port;                 /* -1 when the URI has none */
  GStrv protocols;          /* the service field's protocols, lower case; NULL when none */

  /* Set by the procedure */
  gboolean eligible;        /* a strict DDDS client would use it */
  char *note;               /* translated, what became of a used record */
} AltoscopeNaptrRecord;

AltoscopeNaptrRecord *altoscope_naptr_record_new_from_rr (const AltoscopeDnsRecord *rr,
                                                          int                       hop);
AltoscopeNaptrRecord *altoscope_naptr_record_new         (const char   *owner,
                                                          guint16       order,
                                                          guint16       preference,
                                                          const char   *flags,
                                                          const char   *service,
                                                          const char   *regexp,
                                                          const char   *replacement);
AltoscopeNaptrRecord *altoscope_naptr_record_ref         (AltoscopeNaptrRecord *record);
void                  altoscope_naptr_record_unref       (AltoscopeNaptrRecord *record);
void                  altoscope_naptr_record_set_ignored (AltoscopeNaptrRecord *record,
                                                          AltoscopeNaptrReason  code,
                                                          const char           *format,
                                                          ...) G_GNUC_PRINTF (3, 4);
const char           *altoscope_naptr_reason_to_string   (AltoscopeNaptrReason reason);
int                   altoscope_naptr_record_compare     (gconstpointer a,
                                                          gconstpointer b);

gboolean              altoscope_naptr_parse_service      (const char  *service,
                                                          char       **app_service,
                                                          GStrv       *protocols);
char                 *altoscope_naptr_regexp_to_uri      (const char  *regexp,
                                                          char       **why);
gboolean              altoscope_naptr_check_uri          (const char         *uri,
                                                          const char * const *protocols,
                                                          char              **scheme,
                                                          char              **host,
                                                          int                *port,
                                                          AltoscopeNaptrReason *why_code,
                                                          char              **why);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AltoscopeNaptrRecord, altoscope_naptr_record_unref)

G_END_DECLS
