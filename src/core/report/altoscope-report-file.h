/* altoscope-report-file.h: an altoscope-report/1 someone sent, read as
 * untrusted input into the same model objects a live run makes (targets,
 * links, pairs), with what the report says of itself
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "altoscope-link.h"
#include "altoscope-pair.h"
#include "altoscope-target.h"

G_BEGIN_DECLS

/* our choice: a report of 256 pairs with every bound reached is a few MiB */
#define ALTOSCOPE_REPORT_MAX_BYTES   (16 * 1024 * 1024)
#define ALTOSCOPE_REPORT_MAX_TARGETS 256
#define ALTOSCOPE_REPORT_MAX_NOTE    4096   /* characters of the person's note */

#define ALTOSCOPE_REPORT_ERROR (altoscope_report_error_quark ())

typedef enum
{
  ALTOSCOPE_REPORT_ERROR_READ,        /* the file could not be read */
  ALTOSCOPE_REPORT_ERROR_TOO_LARGE,   /* over ALTOSCOPE_REPORT_MAX_BYTES */
  ALTOSCOPE_REPORT_ERROR_NOT_JSON,    /* empty, not UTF-8, too deep, not JSON */
  ALTOSCOPE_REPORT_ERROR_SCHEMA,      /* no altoscope-report, or another version */
  ALTOSCOPE_REPORT_ERROR_INVALID,     /* a member is wrong: the message says which */
} AltoscopeReportError;

#define ALTOSCOPE_TYPE_REPORT_FILE (altoscope_report_file_get_type ())

G_DECLARE_FINAL_TYPE (AltoscopeReportFile, altoscope_report_file, ALTOSCOPE, REPORT_FILE, GObject)

GQuark               altoscope_report_error_quark      (void);

AltoscopeReportFile *altoscope_report_file_new_from_data (const char          *data,
                                                        gsize                length,
                                                        GError             **error);
AltoscopeReportFile *altoscope_report_file_load         (GFile               *file,
                                                        GCancellable        *cancellable,
                                                        GError             **error);
void                 altoscope_report_file_load_async   (GFile               *file,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
AltoscopeReportFile *altoscope_report_file_load_finish  (GAsyncResult        *result,
                                                        GError             **error);

const char          *altoscope_report_file_get_generator    (AltoscopeReportFile *self);
GDateTime           *altoscope_report_file_get_generated_at (AltoscopeReportFile *self);
const char          *altoscope_report_file_get_note         (AltoscopeReportFile *self);
gboolean             altoscope_report_file_get_nm_known     (AltoscopeReportFile *self);
gboolean             altoscope_report_file_get_nm_running   (AltoscopeReportFile *self);
const char          *altoscope_report_file_get_nm_status    (AltoscopeReportFile *self);
const char          *altoscope_report_file_get_nm_version   (AltoscopeReportFile *self);
const char          *altoscope_report_file_get_nm_state     (AltoscopeReportFile *self);
GPtrArray           *altoscope_report_file_get_targets      (AltoscopeReportFile *self);
GListModel          *altoscope_report_file_get_links        (AltoscopeReportFile *self);
GListModel          *altoscope_report_file_get_pairs        (AltoscopeReportFile *self);
AltoscopePair       *altoscope_report_file_find_pair        (AltoscopeReportFile *self,
                                                            AltoscopeLink       *link,
                                                            AltoscopeFamily      family);
JsonNode            *altoscope_report_file_to_json          (AltoscopeReportFile *self);

G_END_DECLS
