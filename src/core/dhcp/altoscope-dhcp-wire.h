/* altoscope-dhcp-wire.h: DHCPINFORM (RFC 2131) and DHCPv6 Information-Request
 * (RFC 8415) as bytes, and the replies read back
 *
 * Pure functions: no I/O.  Every reply is untrusted input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ALTOSCOPE_DHCP4_CLIENT_PORT 68
#define ALTOSCOPE_DHCP4_SERVER_PORT 67
#define ALTOSCOPE_DHCP6_CLIENT_PORT 546
#define ALTOSCOPE_DHCP6_SERVER_PORT 547

/* The largest datagram read (an IPv4 packet with its header, or a UDP
 * datagram over IPv6); a longer one is cut by the kernel and dropped as
 * unreadable.  RFC 2131 §2: without option 57 a server keeps a DHCPv4
 * message to 576 bytes; a normal MTU (1500) bounds either family unless the
 * reply is fragmented. */
#define ALTOSCOPE_DHCP_MAX_DATAGRAM 4096

/* RFC 8415 §11.1: a DUID is a 2-byte type and 1 to 128 bytes more. */
#define ALTOSCOPE_DHCP6_DUID_MIN 3
#define ALTOSCOPE_DHCP6_DUID_MAX 130

/* RFC 8415 §7.6 */
#define ALTOSCOPE_DHCP6_INF_MAX_DELAY_MS 1000
#define ALTOSCOPE_DHCP6_INF_TIMEOUT_MS   1000
#define ALTOSCOPE_DHCP6_INF_MAX_RT_MS    3600000
#define ALTOSCOPE_DHCP6_IRT_DEFAULT_S    86400
#define ALTOSCOPE_DHCP6_IRT_MINIMUM_S    600

typedef enum
{
  ALTOSCOPE_DHCP_REPLY_OK,
  ALTOSCOPE_DHCP_REPLY_NOT_OURS,     /* another exchange's or client's, or not a reply at all:
                                        ignore it (DHCPv4: xid and chaddr, RFC 2131 §4.4.1;
                                        DHCPv6: RFC 8415 §16.10) */
  ALTOSCOPE_DHCP_REPLY_MALFORMED,    /* ours (xid and client identity match) but unreadable */
  ALTOSCOPE_DHCP_REPLY_REFUSED,      /* ours, a DHCPNAK or a DHCPv6 status other than Success */
} AltoscopeDhcpReplyStatus;

typedef struct
{
  guint32 xid;               /* DHCPv6: 24 bits */
  int message_type;          /* DHCPv4 option 53 (5 = DHCPACK, 6 = DHCPNAK); DHCPv6 msg-type */
  GHashTable *options;       /* option code (GINT_TO_POINTER) → GBytes, split options joined
                                (RFC 3396); DHCPv6: the top-level options */
  char *server_id;           /* DHCPv4 option 54 as an address; DHCPv6 option 2 as hex */
  gint64 lease_time_s;       /* DHCPv4 option 51; -1: absent */
  gint64 refresh_time_s;     /* DHCPv6 option 32; -1: absent */
  int status_code;           /* DHCPv6 option 13; -1: absent */
  char *status_message;      /* DHCPv6 option 13's text, made safe; or NULL */
  char *problem;             /* untranslated detail when MALFORMED or REFUSED */
} AltoscopeDhcpReply;

void       altoscope_dhcp_reply_clear         (AltoscopeDhcpReply *reply);

GByteArray *altoscope_dhcp4_build_inform       (guint32          xid,
                                                guint32          ciaddr_be,
                                                const guint8    *hwaddr,
                                                guint            hwaddr_len,
                                                guint16          secs);
/* The client's DUID-LL (RFC 8415 §11.4) from the interface's hardware
 * address; NULL when it has none (no Client Identifier is sent then). */
GBytes     *altoscope_dhcp6_client_duid        (const guint8    *hwaddr,
                                                guint            hwaddr_len);
GByteArray *altoscope_dhcp6_build_inforeq      (guint32          xid,
                                                GBytes          *duid,
                                                guint16          elapsed_cs);

/* @chaddr: the hardware address sent in the request (RFC 2131 §4.4.1: a
 * reply is ours when xid and chaddr match); @duid: the Client Identifier
 * sent, or NULL (RFC 8415 §16.10). */
AltoscopeDhcpReplyStatus altoscope_dhcp4_parse_reply (const guint8       *data,
                                                      gsize               len,
                                                      guint32             xid,
                                                      const guint8       *chaddr,
                                                      guint               chaddr_len,
                                                      AltoscopeDhcpReply *reply);
AltoscopeDhcpReplyStatus altoscope_dhcp6_parse_reply (const guint8       *data,
                                                      gsize               len,
                                                      guint32             xid,
                                                      GBytes             *duid,
                                                      AltoscopeDhcpReply *reply);

/* A UDP datagram inside an IPv4 packet as a raw socket hands it over:
 * the payload when it goes from @src_port to @dst_port, else NULL. */
const guint8 *altoscope_ipv4_udp_payload       (const guint8 *packet,
                                                gsize         len,
                                                guint16       src_port,
                                                guint16       dst_port,
                                                guint32      *src_addr_be,
                                                gsize        *payload_len);
/* A UDP datagram as a raw IPv6 socket hands it over (the UDP header on,
 * RFC 3542 §3: no IPv6 header): the payload when it goes from @src_port to
 * @dst_port and its length field fits the datagram, else NULL. */
const guint8 *altoscope_udp6_payload           (const guint8 *datagram,
                                                gsize         len,
                                                guint16       src_port,
                                                guint16       dst_port,
                                                gsize        *payload_len);
guint16     altoscope_udp4_checksum            (guint32       src_be,
                                                guint32       dst_be,
                                                const guint8 *udp,
                                                gsize         len);

/* RFC 2131 §4.1: 4 s, doubled up to 64 s, each ±1 s (@jitter_ms in
 * [-1000, 1000]).  RFC 8415 §15: RT = 2·RTprev ± 10 %, at most MRT
 * (@rand_permille in [-100, 100]). */
guint       altoscope_dhcp4_retransmit_ms      (guint attempt,
                                                int   jitter_ms);
guint       altoscope_dhcp6_retransmit_ms      (guint previous_ms,
                                                int   rand_permille);

G_END_DECLS
