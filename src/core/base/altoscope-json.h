/* altoscope-json.h: reading JSON that came from outside (a server, the
 * root helper, a file) without trusting it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* our choice: RFC 7285 documents, our own reports and the helper's answer
 * nest a handful of levels; json-glib 1.6 itself has no limit and recurses
 * once per level, so about 80 000 levels of "[" overflow an 8 MiB stack. */
#define ALTOSCOPE_JSON_MAX_DEPTH 64

#define ALTOSCOPE_JSON_ERROR (altoscope_json_error_quark ())

typedef enum
{
  ALTOSCOPE_JSON_ERROR_EMPTY,
  ALTOSCOPE_JSON_ERROR_TOO_DEEP,
  ALTOSCOPE_JSON_ERROR_ENCODING,
  ALTOSCOPE_JSON_ERROR_SYNTAX,
} AltoscopeJsonError;

GQuark    altoscope_json_error_quark (void);
guint     altoscope_json_depth       (const char *data,
                                      gsize       length);
JsonNode *altoscope_json_parse       (const char *data,
                                      gsize       length,
                                      GError    **error);

char     *altoscope_json_to_string   (JsonNode    *node,
                                      gboolean     pretty);
void      altoscope_json_add_string_or_null (JsonBuilder *b,
                                             const char  *member,
                                             const char  *value);
void      altoscope_json_add_ms      (JsonBuilder *b,
                                      const char  *member,
                                      double       ms);

G_END_DECLS
