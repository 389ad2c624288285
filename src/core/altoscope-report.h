/* altoscope-report.h: the report of one run, as JSON (a public contract)
 * and as plain text for people
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "altoscope-dhcp.h"
#include "altoscope-target.h"

G_BEGIN_DECLS

#define ALTOSCOPE_REPORT_SCHEMA "altoscope-report/1"

JsonNode *altoscope_target_to_json  (AltoscopeTarget *target);
JsonNode *altoscope_report_to_json  (GPtrArray       *targets,
                                     GDateTime       *generated_at);
char     *altoscope_report_to_text  (GPtrArray       *targets,
                                     gboolean         verbose);
char     *altoscope_json_to_string  (JsonNode        *node,
                                     gboolean         pretty);
void      altoscope_json_add_string_or_null (JsonBuilder *b,
                                             const char  *member,
                                             const char  *value);
void      altoscope_report_add_dhcp_value            (JsonBuilder              *b,
                                     const AltoscopeDhcpValue *value);

G_END_DECLS
