/* altoscope-dhcp-answer.h: what a DHCP server said when Altoscope asked it
 * directly (DHCPINFORM or Information-Request), or why nobody did
 *
 * Pure data with its JSON form (schema altoscope-dhcp-query/1, the helper's
 * output and part of the report): no I/O.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "altoscope-dhcp.h"
#include "altoscope-dhcp-wire.h"
#include "altoscope-family.h"

G_BEGIN_DECLS

#define ALTOSCOPE_DHCP_QUERY_SCHEMA "altoscope-dhcp-query/1"

/* One set of limits for the answer's writer (altoscope_dhcp_answer_take_reply,
 * _set_error and _to_json: the CLI, and the helper that prints it) and its
 * reader (altoscope_dhcp_answer_from_json: the window, reading the helper's
 * output).  The writer keeps every value within them, the reader cuts at
 * them the same way, so what the helper saw is what the window shows and
 * fingerprints (issue 14): answer → JSON → answer → JSON is the identity. */
/* characters of any one text, once made safe (altoscope_text_make_safe):
 * an address, a server identifier (130 bytes in hex: 389), the server's own
 * words, an error message or hint */
#define ALTOSCOPE_DHCP_ANSWER_MAX_TEXT         1024
/* bytes of one option's value as the server sent it (an option cannot be
 * longer than the datagram that holds it) */
#define ALTOSCOPE_DHCP_ANSWER_MAX_OPTION_BYTES ALTOSCOPE_DHCP_MAX_DATAGRAM
/* option codes listed in options_present (a DHCPv6 datagram holds at most
 * 1 023 options of 4 bytes) */
#define ALTOSCOPE_DHCP_ANSWER_MAX_OPTION_CODES 1024
#define ALTOSCOPE_DHCP_ANSWER_MAX_ATTEMPTS     1000
/* bytes of the helper's whole output: more than the largest answer within
 * the limits above can take (tests/unit/test-dhcp-wire.c builds it) */
#define ALTOSCOPE_DHCP_ANSWER_MAX_JSON         (128 * 1024)

/* How long an unanswered question is remembered before it is asked again
 * by itself: far longer than the exchange itself may last. */
#define ALTOSCOPE_DHCP_FAILURE_HOLD_S 300
/* DHCPv4 without a lease time to go by (a static address) */
#define ALTOSCOPE_DHCP4_DEFAULT_HOLD_S 3600

/* Why asking failed.  The string forms (altoscope_dhcp_error_to_string) are
 * the altoscope-dhcp-query/1 contract's error codes: add, never rename. */
typedef enum
{
  ALTOSCOPE_DHCP_ERROR_NONE,
  ALTOSCOPE_DHCP_ERROR_TIMEOUT,
  ALTOSCOPE_DHCP_ERROR_PERMISSION,
  ALTOSCOPE_DHCP_ERROR_NO_ADDRESS,
  ALTOSCOPE_DHCP_ERROR_NO_INTERFACE,
  ALTOSCOPE_DHCP_ERROR_NETWORK,
  ALTOSCOPE_DHCP_ERROR_REFUSED,
  ALTOSCOPE_DHCP_ERROR_MALFORMED,
  ALTOSCOPE_DHCP_ERROR_HELPER,
  ALTOSCOPE_DHCP_ERROR_DISMISSED,       /* the password dialog was dismissed */
  ALTOSCOPE_DHCP_ERROR_NOT_AUTHORIZED,  /* polkit said no */
  ALTOSCOPE_DHCP_ERROR_HELPER_MISSING,  /* the helper (or pkexec) is not installed */
} AltoscopeDhcpError;

#define ALTOSCOPE_TYPE_DHCP_ERROR (altoscope_dhcp_error_get_type ())
GType       altoscope_dhcp_error_get_type    (void) G_GNUC_CONST;
const char *altoscope_dhcp_error_to_string   (AltoscopeDhcpError  error);
gboolean    altoscope_dhcp_error_from_string (const char         *str,
                                              AltoscopeDhcpError *error);
const char *altoscope_dhcp_error_headline    (AltoscopeDhcpError  error);

typedef struct
{
  char *interface;
  AltoscopeFamily family;
  char *message;           /* "DHCPINFORM", "Information-Request" */
  char *sent_from;         /* the client address used */
  char *sent_to;           /* the server's address, 255.255.255.255 or ff02::1:2 */
  guint attempts;          /* messages sent */
  double elapsed_ms;

  /* A reply: */
  char *server;            /* the address it came from */
  char *server_id;         /* DHCPv4 option 54; DHCPv6 option 2 (hex) */
  GArray *option_codes;    /* int: every option the reply held, ascending */
  GPtrArray *values;       /* AltoscopeDhcpValue: 213 and 15, or 57 (as sent, decoded) */
  gint64 reply_lifetime_s; /* DHCPv4 option 51, DHCPv6 option 32; -1: absent */
  gint64 lifetime_s;       /* how long the answer is kept */
  char *lifetime_source;   /* "lease-time", "option-51", "option-32", "option-32-minimum",
                              "rfc8415-default", "no-lease-default", "failure" */
  gint64 received_at;      /* wall clock µs */

  /* A failure: */
  AltoscopeDhcpError error;  /* ALTOSCOPE_DHCP_ERROR_NONE: answered */
  char *error_code;        /* its contract name ("dhcp-timeout", …); NULL: answered */
  char *error_message;     /* translated, names what happened */
  char *error_hint;        /* translated, says what would fix it */
  char *status_message;    /* the server's own words (DHCPNAK message, status), made safe */
} AltoscopeDhcpAnswer;

GType                altoscope_dhcp_answer_get_type (void) G_GNUC_CONST;
#define ALTOSCOPE_TYPE_DHCP_ANSWER (altoscope_dhcp_answer_get_type ())

AltoscopeDhcpAnswer *altoscope_dhcp_answer_new       (const char          *interface,
                                                      AltoscopeFamily      family);
AltoscopeDhcpAnswer *altoscope_dhcp_answer_ref       (AltoscopeDhcpAnswer *answer);
void                 altoscope_dhcp_answer_unref     (AltoscopeDhcpAnswer *answer);

void                 altoscope_dhcp_answer_set_error (AltoscopeDhcpAnswer *answer,
                                                      AltoscopeDhcpError   error,
                                                      const char          *message,
                                                      const char          *hint);
void                 altoscope_dhcp_answer_take_reply (AltoscopeDhcpAnswer      *answer,
                                                       const AltoscopeDhcpReply *reply,
                                                       const char               *server);
void                 altoscope_dhcp_answer_set_lease_time (AltoscopeDhcpAnswer *answer,
                                                           gint64               lease_time_s);
gboolean             altoscope_dhcp_answer_get_failed (const AltoscopeDhcpAnswer *answer);

JsonNode            *altoscope_dhcp_answer_to_json   (const AltoscopeDhcpAnswer *answer);
AltoscopeDhcpAnswer *altoscope_dhcp_answer_from_json (JsonNode                  *node,
                                                      GError                   **error);
char                *altoscope_dhcp_answer_to_text   (const AltoscopeDhcpAnswer *answer);
char                *altoscope_dhcp_answer_fingerprint (const AltoscopeDhcpAnswer *answer);
const char          *altoscope_dhcp_error_hint       (AltoscopeDhcpError error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AltoscopeDhcpAnswer, altoscope_dhcp_answer_unref)

G_END_DECLS
