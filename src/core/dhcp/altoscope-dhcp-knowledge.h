/* altoscope-dhcp-knowledge.h: what is known about a DHCP option step 1
 * looks at (issue 15, item 1), and NetworkManager's names for options
 *
 * Pure functions: no I/O.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "altoscope-dhcp-answer.h"
#include "altoscope-family.h"

G_BEGIN_DECLS

/* What is known about one option.  "NetworkManager did not report it" and
 * "the server did not send it" are different facts: the first is all a
 * lease from the internal client can say (it never asks for 213 and does
 * not know 57), the second is known only when the client asked for the
 * option or the server was asked directly.  A failed question leaves the
 * status what the lease says; the failure is the answer's own error.  The
 * string forms (altoscope_option_status_to_string) are part of the report
 * contract (dhcp_option_status[].status): add values freely, never rename
 * one. */
typedef enum
{
  ALTOSCOPE_OPTION_STATUS_NO_LEASE,
  ALTOSCOPE_OPTION_STATUS_NOT_REPORTED,
  ALTOSCOPE_OPTION_STATUS_NOT_SENT,
  ALTOSCOPE_OPTION_STATUS_PRESENT,
  ALTOSCOPE_OPTION_STATUS_MALFORMED,
} AltoscopeOptionStatus;

#define ALTOSCOPE_TYPE_OPTION_STATUS (altoscope_option_status_get_type ())

/* One option step 1 looked at, and what it found. */
typedef struct
{
  int option;
  AltoscopeOptionStatus status;
} AltoscopeOptionSeen;

/* How NetworkManager writes a value: the window shows times as dates and
 * durations in words. */
typedef enum
{
  ALTOSCOPE_DHCP_VALUE_TEXT,
  ALTOSCOPE_DHCP_VALUE_TIME,        /* a Unix time (expiry, starts) */
  ALTOSCOPE_DHCP_VALUE_DURATION,    /* seconds (lease, renewal, rebinding time) */
} AltoscopeDhcpValueKind;

GType                 altoscope_option_status_get_type    (void) G_GNUC_CONST;
const char           *altoscope_option_status_to_string   (AltoscopeOptionStatus  status);
gboolean              altoscope_option_status_from_string (const char            *str,
                                                           AltoscopeOptionStatus *status);
const char           *altoscope_option_status_describe    (AltoscopeOptionStatus  status,
                                                           int                    option);

const int            *altoscope_dhcp_alto_options         (AltoscopeFamily        family,
                                                           guint                 *n_options);
AltoscopeOptionStatus altoscope_dhcp_option_status        (GHashTable            *lease_options,
                                                           AltoscopeDhcpAnswer   *asked,
                                                           AltoscopeFamily        family,
                                                           int                    option);
GArray               *altoscope_dhcp_options_seen         (GHashTable            *lease_options,
                                                           AltoscopeDhcpAnswer   *asked,
                                                           AltoscopeFamily        family);
gboolean              altoscope_dhcp_answer_answered      (AltoscopeDhcpAnswer   *asked,
                                                           AltoscopeFamily        family);

const char           *altoscope_dhcp_requested_key        (const char            *key,
                                                           const char            *value);
int                   altoscope_dhcp_key_option           (const char            *key,
                                                           AltoscopeFamily        family,
                                                           AltoscopeDhcpValueKind *kind);

G_END_DECLS
