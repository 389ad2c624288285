/* altoscope-check.h: does the server that was found answer, is it an ALTO
 * server, and what does it offer (its Information Resource Directory)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "altoscope-endpoint-query.h"
#include "altoscope-ird.h"

G_BEGIN_DECLS

#define ALTOSCOPE_TYPE_CHECK (altoscope_check_get_type ())
#define ALTOSCOPE_CHECK_SCHEMA "altoscope-check/1"
#define ALTOSCOPE_CHECK_MAX_BODY (1024 * 1024)   /* our choice: an IRD is a few KiB */
#define ALTOSCOPE_CHECK_MAX_REDIRECTS 3
#define ALTOSCOPE_CHECK_DEFAULT_TIMEOUT_MS 10000

/* The string forms are part of the altoscope-check/1 contract. */
typedef enum
{
  ALTOSCOPE_CHECK_OK,
  ALTOSCOPE_CHECK_TLS,
  ALTOSCOPE_CHECK_HTTP_STATUS,
  ALTOSCOPE_CHECK_MEDIA_TYPE,
  ALTOSCOPE_CHECK_INVALID_JSON,
  ALTOSCOPE_CHECK_INVALID_IRD,
  ALTOSCOPE_CHECK_TOO_LARGE,
  ALTOSCOPE_CHECK_REDIRECTS,
  ALTOSCOPE_CHECK_TIMEOUT,
  ALTOSCOPE_CHECK_NETWORK,
  ALTOSCOPE_CHECK_CANCELLED,
  ALTOSCOPE_CHECK_INVALID_INPUT,
  ALTOSCOPE_CHECK_INSECURE_REDIRECT,
} AltoscopeCheckCode;

#define ALTOSCOPE_TYPE_CHECK_CODE (altoscope_check_code_get_type ())
GType altoscope_check_code_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (AltoscopeCheck, altoscope_check, ALTOSCOPE, CHECK, GObject)

const char         *altoscope_check_code_to_string (AltoscopeCheckCode code);
const char         *altoscope_check_code_hint      (AltoscopeCheckCode code);
char               *altoscope_check_code_headline  (AltoscopeCheckCode code,
                                                    guint              timeout_ms);

void                altoscope_check_async          (const char          *uri,
                                                    const char          *local_address,
                                                    const char          *ca_file,
                                                    guint                timeout_ms,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
void                altoscope_check_and_ask_async  (const char          *uri,
                                                    const char          *local_address,
                                                    const char          *ca_file,
                                                    guint                timeout_ms,
                                                    GPtrArray           *ours,
                                                    GPtrArray           *peers,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
AltoscopeCheck     *altoscope_check_finish         (GAsyncResult        *result);
void                altoscope_check_ask_async      (AltoscopeCheck      *check,
                                                    GPtrArray           *peers,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
AltoscopeEndpointQuery *
                    altoscope_check_ask_finish     (GAsyncResult        *result,
                                                    GError             **error);

AltoscopeCheckCode  altoscope_check_get_code       (AltoscopeCheck      *self);
const char         *altoscope_check_get_message    (AltoscopeCheck      *self);
const AltoscopeIrd *altoscope_check_get_ird        (AltoscopeCheck      *self);
const AltoscopeEndpointQuery *
                    altoscope_check_get_query      (AltoscopeCheck      *self);
guint               altoscope_check_get_status     (AltoscopeCheck      *self);
const char         *altoscope_check_get_uri        (AltoscopeCheck      *self);
const char         *altoscope_check_get_final_uri  (AltoscopeCheck      *self);
const char         *altoscope_check_get_local_address (AltoscopeCheck   *self);
const char         *altoscope_check_get_content_type (AltoscopeCheck    *self);
const char         *altoscope_check_get_reason     (AltoscopeCheck      *self);
const char * const *altoscope_check_get_tls_errors (AltoscopeCheck      *self);
const char         *altoscope_check_get_peer_subject (AltoscopeCheck    *self);
const char         *altoscope_check_get_peer_issuer (AltoscopeCheck     *self);
const char         *altoscope_check_get_peer_not_after (AltoscopeCheck  *self);
double              altoscope_check_get_total_ms   (AltoscopeCheck      *self);
double              altoscope_check_get_response_ms (AltoscopeCheck     *self);
guint               altoscope_check_get_n_redirects (AltoscopeCheck     *self);
GPtrArray          *altoscope_check_get_warnings   (AltoscopeCheck      *self);
const char         *altoscope_check_get_alto_error (AltoscopeCheck      *self);
gsize               altoscope_check_get_body_bytes (AltoscopeCheck      *self);
GDateTime          *altoscope_check_get_finished_at (AltoscopeCheck     *self);
void                altoscope_check_get_redirect   (AltoscopeCheck      *self,
                                                    guint                index,
                                                    const char         **from,
                                                    guint               *status,
                                                    const char         **to);
JsonNode           *altoscope_check_to_json        (AltoscopeCheck      *self);
char               *altoscope_check_to_text        (AltoscopeCheck      *self);

G_END_DECLS
