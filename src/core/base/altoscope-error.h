/* altoscope-error.h: why a discovery step failed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define ALTOSCOPE_ERROR (altoscope_error_quark ())

/* The string forms (altoscope_error_code_to_string()) are part of the JSON
 * report contract: add codes freely, never rename one. */
typedef enum
{
  ALTOSCOPE_ERROR_NONE = -1,    /* no failure (a property's default) */
  ALTOSCOPE_ERROR_NXDOMAIN,
  ALTOSCOPE_ERROR_NODATA,
  ALTOSCOPE_ERROR_NO_ALTO_RECORDS,
  ALTOSCOPE_ERROR_LOOP,
  ALTOSCOPE_ERROR_CHAIN_TOO_LONG,
  ALTOSCOPE_ERROR_TIMEOUT,
  ALTOSCOPE_ERROR_SERVFAIL,
  ALTOSCOPE_ERROR_REFUSED,
  ALTOSCOPE_ERROR_BOGUS,
  ALTOSCOPE_ERROR_NETWORK,
  ALTOSCOPE_ERROR_BAD_RESPONSE,
  ALTOSCOPE_ERROR_RETRY_WAIT,
  ALTOSCOPE_ERROR_CANCELLED,
  ALTOSCOPE_ERROR_NO_DOMAIN,
  ALTOSCOPE_ERROR_INVALID_INPUT,
  ALTOSCOPE_ERROR_INTERNAL,
  ALTOSCOPE_ERROR_TOO_MANY_QUERIES,
} AltoscopeErrorCode;

/* The broad class of a failure, as GLib's own resolver sorts them. */
typedef enum
{
  ALTOSCOPE_ERROR_CATEGORY_NOT_FOUND,
  ALTOSCOPE_ERROR_CATEGORY_TEMPORARY_FAILURE,
  ALTOSCOPE_ERROR_CATEGORY_TIMED_OUT,
  ALTOSCOPE_ERROR_CATEGORY_INTERNAL,
} AltoscopeErrorCategory;

#define ALTOSCOPE_TYPE_ERROR_CODE (altoscope_error_code_get_type ())

GQuark                 altoscope_error_quark            (void);
GType                  altoscope_error_code_get_type    (void) G_GNUC_CONST;
const char            *altoscope_error_code_to_string   (AltoscopeErrorCode code);
gboolean               altoscope_error_code_from_string (const char        *str,
                                                         AltoscopeErrorCode *code);
AltoscopeErrorCategory altoscope_error_code_category    (AltoscopeErrorCode code);
const char            *altoscope_error_category_to_string (AltoscopeErrorCategory category);
const char            *altoscope_error_code_hint        (AltoscopeErrorCode code);
const char            *altoscope_error_code_headline    (AltoscopeErrorCode code);

G_END_DECLS
