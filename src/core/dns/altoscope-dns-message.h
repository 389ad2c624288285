/* altoscope-dns-message.h: DNS wire format, built and read by hand
 *
 * c-ares 1.18 has no API for the header flags (AD, CD), the OPT record
 * (DO bit, RFC 8914 Extended DNS Errors) or a SOA in the authority section,
 * so queries are built and answers read here.  Everything in an answer is
 * untrusted: names and character strings are kept in an escaped, printable
 * ASCII form, and every length is checked against the buffer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ALTOSCOPE_DNS_MAX_NAME 255

typedef enum
{
  ALTOSCOPE_DNS_TYPE_A = 1,
  ALTOSCOPE_DNS_TYPE_NS = 2,
  ALTOSCOPE_DNS_TYPE_CNAME = 5,
  ALTOSCOPE_DNS_TYPE_SOA = 6,
  ALTOSCOPE_DNS_TYPE_AAAA = 28,
  ALTOSCOPE_DNS_TYPE_NAPTR = 35,
  ALTOSCOPE_DNS_TYPE_OPT = 41,
  ALTOSCOPE_DNS_TYPE_RRSIG = 46,
  ALTOSCOPE_DNS_TYPE_DNSKEY = 48,
} AltoscopeDnsType;

typedef enum
{
  ALTOSCOPE_DNS_RCODE_NOERROR = 0,
  ALTOSCOPE_DNS_RCODE_FORMERR = 1,
  ALTOSCOPE_DNS_RCODE_SERVFAIL = 2,
  ALTOSCOPE_DNS_RCODE_NXDOMAIN = 3,
  ALTOSCOPE_DNS_RCODE_NOTIMP = 4,
  ALTOSCOPE_DNS_RCODE_REFUSED = 5,
} AltoscopeDnsRcode;

typedef enum
{
  ALTOSCOPE_DNS_SECTION_ANSWER,
  ALTOSCOPE_DNS_SECTION_AUTHORITY,
  ALTOSCOPE_DNS_SECTION_ADDITIONAL,
} AltoscopeDnsSection;

/* A character-string (RFC 1035 §3.3) from the wire.  @text is the string
 * itself when every byte is printable ASCII (@clean), else an escaped form
 * (backslash as "\\", other bytes as "\DDD") that is safe to show anywhere. */
typedef struct
{
  char *text;
  gboolean clean;
} AltoscopeDnsString;

typedef struct
{
  char *name;           /* presentation form, escaped, no trailing dot; "." for the root */
  guint16 type;
  guint16 klass;
  guint32 ttl;
  AltoscopeDnsSection section;

  /* Decoded RDATA, by type */
  union {
    struct {
      guint16 order;
      guint16 preference;
      AltoscopeDnsString flags;
      AltoscopeDnsString service;
      AltoscopeDnsString regexp;
      char *replacement;
    } naptr;
    struct {
      int family;       /* G_SOCKET_FAMILY_IPV4 or _IPV6 */
      guint8 bytes[16];
    } addr;
    char *target;       /* CNAME */
    struct {
      char *mname;
      guint32 minimum;
    } soa;
  } data;
} AltoscopeDnsRecord;

typedef struct
{
  guint16 info_code;
  char *extra_text;     /* escaped, never NULL */
} AltoscopeDnsEde;

typedef struct
{
  guint16 id;
  gboolean qr, aa, tc, rd, ra, ad, cd;
  guint rcode;          /* with the OPT record's extended bits */
  char *qname;
  guint16 qtype;
  guint16 qclass;

  GPtrArray *records;   /* AltoscopeDnsRecord*, all sections except OPT, in wire order */

  gboolean has_opt;
  gboolean do_bit;
  guint8 edns_version;
  guint16 udp_size;
  GArray *ede;          /* AltoscopeDnsEde */

  gsize size;
} AltoscopeDnsMessage;

guint8              *altoscope_dns_build_query        (const char          *name,
                                                       guint16              type,
                                                       gboolean             cd,
                                                       guint16              udp_size,
                                                       gsize               *len,
                                                       GError             **error);

AltoscopeDnsMessage *altoscope_dns_message_parse      (const guint8        *buf,
                                                       gsize                len,
                                                       GError             **error);
void                 altoscope_dns_message_free       (AltoscopeDnsMessage *msg);

gboolean             altoscope_dns_message_has_type   (const AltoscopeDnsMessage *msg,
                                                       AltoscopeDnsSection  section,
                                                       guint16              type);
const AltoscopeDnsRecord *
                     altoscope_dns_message_find_soa   (const AltoscopeDnsMessage *msg);
GPtrArray           *altoscope_dns_message_answers_for (const AltoscopeDnsMessage *msg,
                                                       guint16              type,
                                                       char               **final_name);

void                 altoscope_dns_ede_append_all     (GArray              *to,
                                                       const GArray        *from);
gboolean             altoscope_dns_name_equal         (const char          *a,
                                                       const char          *b);
const char          *altoscope_dns_rcode_to_string    (guint                rcode);
const char          *altoscope_dns_type_to_string     (guint16              type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AltoscopeDnsMessage, altoscope_dns_message_free)

G_END_DECLS
