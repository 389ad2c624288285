/* altoscope-check-private.h: what the check shares with its words (the
 * bounds of what it fetches are in altoscope-check-fetch.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "altoscope-check.h"
#include "altoscope-check-fetch.h"

G_BEGIN_DECLS

GStrv _altoscope_check_tls_flag_names     (GTlsCertificateFlags flags);
char *_altoscope_check_tls_flags_sentence (GTlsCertificateFlags flags);

/* A verdict read back from a report (altoscope-check-read.c): the only
 * other way a check is made. */
AltoscopeCheck *_altoscope_check_new_read      (const char         *uri,
                                                const char         *final_uri,
                                                const char         *local_address,
                                                AltoscopeCheckCode  code,
                                                const char         *message);
void  _altoscope_check_set_read_http     (AltoscopeCheck         *self,
                                          guint                   status,
                                          const char             *reason,
                                          const char             *content_type,
                                          gsize                   body_bytes,
                                          const char             *alto_error);
void  _altoscope_check_set_read_tls      (AltoscopeCheck         *self,
                                          GStrv                   tls_errors,
                                          const char             *subject,
                                          const char             *issuer,
                                          const char             *not_after);
void  _altoscope_check_add_read_redirect (AltoscopeCheck         *self,
                                          const char             *from,
                                          guint                   status,
                                          const char             *to);
void  _altoscope_check_take_read_results (AltoscopeCheck         *self,
                                          double                  total_ms,
                                          double                  response_ms,
                                          GDateTime              *finished_at,
                                          GPtrArray              *warnings,
                                          AltoscopeIrd           *ird,
                                          AltoscopeEndpointQuery *query);

G_END_DECLS
