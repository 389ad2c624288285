/* altoscope-reverse-name.h: one name of RFC 8686's reverse tree, and what
 * its U-NAPTR lookup gave
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "altoscope-dns-answer.h"
#include "altoscope-error.h"

G_BEGIN_DECLS

/* What one reverse name's lookup meant for the procedure (RFC 8686 §3.4,
 * §3.5).  The string forms are part of the JSON contract (reverse_names[]
 * .outcome): add values freely, never rename one. */
typedef enum
{
  ALTOSCOPE_REVERSE_OUTCOME_NOT_TRIED,   /* an earlier name decided */
  ALTOSCOPE_REVERSE_OUTCOME_ANSWERED,    /* ALTO records: this name decides */
  ALTOSCOPE_REVERSE_OUTCOME_NO_RECORDS,  /* NXDOMAIN, no NAPTR, no ALTO record: next name */
  ALTOSCOPE_REVERSE_OUTCOME_FAILED,      /* the lookup failed: the procedure stops */
} AltoscopeReverseOutcome;

#define ALTOSCOPE_TYPE_REVERSE_OUTCOME (altoscope_reverse_outcome_get_type ())

typedef struct
{
  char *name;                   /* absolute, with the trailing dot */
  guint prefix_len;             /* the prefix the name stands for */
  AltoscopeReverseOutcome outcome;
  AltoscopeErrorCode error_code;  /* ALTOSCOPE_ERROR_NONE: none (answered, not tried) */
  AltoscopeDnssec dnssec;       /* of the lookup's result; meaningless when not tried */
  guint uris;                   /* URIs found at this name */
  gboolean remembered;          /* the outcome came from the retry memory (RFC 7286 §3.2) */
} AltoscopeReverseName;

GType       altoscope_reverse_outcome_get_type  (void) G_GNUC_CONST;
const char *altoscope_reverse_outcome_to_string (AltoscopeReverseOutcome outcome);
GArray     *altoscope_reverse_names_array_new   (void);

G_END_DECLS
