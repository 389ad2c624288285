/* altoscope-report.h: the report of one run, as JSON (a public contract)
 * and as plain text for people
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "altoscope-dhcp.h"
#include "altoscope-json.h"
#include "altoscope-target.h"

G_BEGIN_DECLS

#define ALTOSCOPE_REPORT_SCHEMA "altoscope-report/1"

JsonNode *altoscope_target_to_json  (AltoscopeTarget *target);
JsonNode *altoscope_report_to_json  (GPtrArray       *targets,
                                     GDateTime       *generated_at);
JsonNode *altoscope_report_to_json_full (GPtrArray  *targets,
                                         GDateTime  *generated_at,
                                         const char *generator,
                                         const char *note,
                                         JsonNode   *networkmanager);
char     *altoscope_report_to_text  (GPtrArray       *targets,
                                     gboolean         verbose);

G_END_DECLS
