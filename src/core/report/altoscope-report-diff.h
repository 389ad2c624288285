/* altoscope-report-diff.h: what differs between two reports (two
 * machines, or one machine at two times), per (interface, family) both
 * have: the domain and its source, the URIs, DNSSEC, the failure
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ALTOSCOPE_REPORT_DIFF_SCHEMA "altoscope-report-diff/1"

/* The string forms (nicks) are the "what" of altoscope-report-diff/1. */
typedef enum
{
  ALTOSCOPE_DIFFERENCE_ONLY_A,        /* the pair is only in A */
  ALTOSCOPE_DIFFERENCE_ONLY_B,        /* the pair is only in B */
  ALTOSCOPE_DIFFERENCE_DOMAIN,
  ALTOSCOPE_DIFFERENCE_DOMAIN_SOURCE,
  ALTOSCOPE_DIFFERENCE_URI_REMOVED,   /* a URI of A that B does not have */
  ALTOSCOPE_DIFFERENCE_URI_ADDED,     /* a URI of B that A does not have */
  ALTOSCOPE_DIFFERENCE_URI_ORDER,     /* the URIs both have, in another order */
  ALTOSCOPE_DIFFERENCE_DNSSEC,
  ALTOSCOPE_DIFFERENCE_FAILURE,       /* the error code ("none": it did not fail) */
} AltoscopeDifferenceKind;

#define ALTOSCOPE_TYPE_DIFFERENCE_KIND (altoscope_difference_kind_get_type ())
#define ALTOSCOPE_TYPE_DIFFERENCE (altoscope_difference_get_type ())

GType altoscope_difference_kind_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (AltoscopeDifference, altoscope_difference, ALTOSCOPE, DIFFERENCE, GObject)

AltoscopeDifferenceKind altoscope_difference_get_kind      (AltoscopeDifference *self);
const char             *altoscope_difference_get_interface (AltoscopeDifference *self);
const char             *altoscope_difference_get_family    (AltoscopeDifference *self);
const char             *altoscope_difference_get_label     (AltoscopeDifference *self);
const char             *altoscope_difference_get_a         (AltoscopeDifference *self);
const char             *altoscope_difference_get_b         (AltoscopeDifference *self);

GListModel *altoscope_report_diff         (GPtrArray  *targets_a,
                                           GPtrArray  *targets_b);
JsonNode   *altoscope_report_diff_to_json (GListModel *differences);
char       *altoscope_report_diff_to_text (GListModel *differences,
                                           const char *name_a,
                                           const char *name_b);

G_END_DECLS
