/* altoscope-dhcp-wire.c
 *
 * DHCPINFORM (RFC 2131 §4.4.3, table 5): ciaddr is the client's address, a
 * parameter request list, and none of requested address, lease time or
 * server identifier.  The reply is a DHCPACK with the same xid and chaddr
 * (§4.3.5, §4.4.1).  Options are read with overload (RFC 2132 §9.3) and split options joined
 * (RFC 3396).
 *
 * Information-Request (RFC 8415 §18.2.6): a Client Identifier, an Option
 * Request option naming 57 and 32 (§21.23: a client MUST ask for the
 * information refresh time) and an Elapsed Time option; no IA.  The reply is
 * a Reply with the same 24-bit transaction id, a Server Identifier and our
 * DUID as its Client Identifier (§16.10).
 *
 * The UDP headers of both families are read here too, so that everything a
 * peer on the link controls is parsed (and fuzzed) in one pure place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "altoscope-dhcp-wire.h"
#include "altoscope-text.h"

#define BOOTP_FIXED 236
#define DHCP_MIN_SIZE 300   /* RFC 1542 §2.1: some relays drop smaller ones */
static const guint8 magic_cookie[4] = { 99, 130, 83, 99 };

void
altoscope_dhcp_reply_clear (AltoscopeDhcpReply *reply)
{
  g_clear_pointer (&reply->options, g_hash_table_unref);
  g_clear_pointer (&reply->server_id, g_free);
  g_clear_pointer (&reply->status_message, g_free);
  g_clear_pointer (&reply->problem, g_free);
}

static void
reply_init (AltoscopeDhcpReply *reply,
            guint32             xid)
{
  memset (reply, 0, sizeof *reply);
  reply->xid = xid;
  reply->options = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                          (GDestroyNotify) g_bytes_unref);
  reply->lease_time_s = -1;
  reply->refresh_time_s = -1;
  reply->status_code = -1;
}

static void
put_u16 (GByteArray *b,
         guint16     v)
{
  guint8 bytes[2] = { v >> 8, v & 0xff };
  g_byte_array_append (b, bytes, 2);
}

GByteArray *
altoscope_dhcp4_build_inform (guint32       xid,
                              guint32       ciaddr_be,
                              const guint8 *hwaddr,
                              guint         hwaddr_len,
                              guint16       secs)
{
  GByteArray *b = g_byte_array_sized_new (DHCP_MIN_SIZE);
  guint8 fixed[BOOTP_FIXED] = { 0 };
  static const guint8 options[] = {
    53, 1, 8,             /* DHCPINFORM */
    55, 2, 213, 15,       /* parameter request list: access network domain, domain name */
    255,
  };

  fixed[0] = 1;                                   /* BOOTREQUEST */
  fixed[1] = hwaddr_len == 6 ? 1 : 0;             /* Ethernet, or unknown */
  fixed[2] = (guint8) MIN (hwaddr_len, 16);
  fixed[4] = xid >> 24; fixed[5] = xid >> 16; fixed[6] = xid >> 8; fixed[7] = xid;
  fixed[8] = secs >> 8; fixed[9] = secs & 0xff;
  memcpy (fixed + 12, &ciaddr_be, 4);             /* ciaddr */
  if (hwaddr != NULL)
    memcpy (fixed + 28, hwaddr, MIN (hwaddr_len, 16));
  g_byte_array_append (b, fixed, sizeof fixed);
  g_byte_array_append (b, magic_cookie, 4);
  g_byte_array_append (b, options, sizeof options);
  while (b->len < DHCP_MIN_SIZE)
    {
      guint8 pad = 0;
      g_byte_array_append (b, &pad, 1);
    }
  return b;
}

GBytes *
altoscope_dhcp6_client_duid (const guint8 *hwaddr,
                             guint         hwaddr_len)
{
  g_autoptr(GByteArray) b = NULL;

  if (hwaddr == NULL || hwaddr_len == 0 || hwaddr_len > 16)
    return NULL;
  /* A DUID-LL (RFC 8415 §11.4): type 3, hardware type (1: Ethernet), the
   * address.  It stays the same for the interface, as a DUID should. */
  b = g_byte_array_new ();
  put_u16 (b, 3);
  put_u16 (b, hwaddr_len == 6 ? 1 : 0);
  g_byte_array_append (b, hwaddr, hwaddr_len);
  return g_byte_array_free_to_bytes (g_steal_pointer (&b));
}

GByteArray *
altoscope_dhcp6_build_inforeq (guint32  xid,
                               GBytes  *duid,
                               guint16  elapsed_cs)
{
  GByteArray *b = g_byte_array_new ();
  guint8 head[4] = { 11, (xid >> 16) & 0xff, (xid >> 8) & 0xff, xid & 0xff };

  g_byte_array_append (b, head, 4);
  if (duid != NULL)
    {
      gsize len;
      const guint8 *d = g_bytes_get_data (duid, &len);
      put_u16 (b, 1);      /* Client Identifier (RFC 8415 §21.2) */
      put_u16 (b, (guint16) len);
      g_byte_array_append (b, d, len);
    }
  put_u16 (b, 6);          /* Option Request: 57 (RFC 5986), 32 (RFC 8415 §21.23) */
  put_u16 (b, 4);
  put_u16 (b, 57);
  put_u16 (b, 32);
  put_u16 (b, 8);          /* Elapsed Time, in hundredths of a second */
  put_u16 (b, 2);
  put_u16 (b, elapsed_cs);
  return b;
}

static void
join_option (GHashTable   *options,
             int           code,
             const guint8 *data,
             gsize         len)
{
  GBytes *old = g_hash_table_lookup (options, GINT_TO_POINTER (code));
  GByteArray *joined = g_byte_array_new ();

  if (old != NULL)
    {
      gsize old_len;
      const guint8 *old_data = g_bytes_get_data (old, &old_len);
      g_byte_array_append (joined, old_data, old_len);
    }
  g_byte_array_append (joined, data, len);
  g_hash_table_insert (options, GINT_TO_POINTER (code), g_byte_array_free_to_bytes (joined));
}

/* One field of DHCPv4 options; FALSE with @problem set when it overruns. */
static gboolean
read_v4_options (const guint8  *data,
                 gsize          len,
                 GHashTable    *options,
                 char         **problem)
{
  gsize pos = 0;

  while (pos < len)
    {
      guint8 code = data[pos++], olen;

      if (code == 0)
        continue;
      if (code == 255)
        return TRUE;
      if (pos >= len)
        {
          *problem = g_strdup_printf ("option %u has no length byte", code);
          return FALSE;
        }
      olen = data[pos++];
      if (pos + olen > len)
        {
          *problem = g_strdup_printf ("option %u claims %u bytes; %u are left", code, olen,
                                      (guint) (len - pos));
          return FALSE;
        }
      join_option (options, code, data + pos, olen);
      pos += olen;
    }
  /* No end option: tolerated, as most clients do. */
  return TRUE;
}

static gboolean
option_u32 (GHashTable *options,
            int         code,
            gint64     *out)
{
  GBytes *b = g_hash_table_lookup (options, GINT_TO_POINTER (code));
  const guint8 *d;
  gsize len;

  if (b == NULL)
    return FALSE;
  d = g_bytes_get_data (b, &len);
  if (len != 4)
    return FALSE;
  *out = ((guint32) d[0] << 24) | ((guint32) d[1] << 16) | ((guint32) d[2] << 8) | d[3];
  return TRUE;
}

AltoscopeDhcpReplyStatus
altoscope_dhcp4_parse_reply (const guint8       *data,
                             gsize               len,
                             guint32             xid,
                             const guint8       *chaddr,
                             guint               chaddr_len,
                             AltoscopeDhcpReply *reply)
{
  GBytes *b;
  gint64 overload = 0;
  guint8 ours[16] = { 0 };

  reply_init (reply, xid);
  if (len < BOOTP_FIXED + 4 || data[0] != 2)
    return ALTOSCOPE_DHCP_REPLY_NOT_OURS;
  if ((((guint32) data[4] << 24) | ((guint32) data[5] << 16) | ((guint32) data[6] << 8)
       | data[7]) != xid)
    return ALTOSCOPE_DHCP_REPLY_NOT_OURS;
  /* RFC 2131 §4.4.1: xid and chaddr together say whose reply it is; the
   * server copies chaddr from the request (table 3), so all 16 bytes come
   * back as altoscope_dhcp4_build_inform() wrote them. */
  if (chaddr != NULL)
    memcpy (ours, chaddr, MIN (chaddr_len, sizeof ours));
  if (memcmp (data + 28, ours, sizeof ours) != 0)
    return ALTOSCOPE_DHCP_REPLY_NOT_OURS;
  if (memcmp (data + BOOTP_FIXED, magic_cookie, 4) != 0)
    {
      reply->problem = g_strdup ("no DHCP magic cookie (a BOOTP reply?)");
      return ALTOSCOPE_DHCP_REPLY_MALFORMED;
    }
  if (!read_v4_options (data + BOOTP_FIXED + 4, len - BOOTP_FIXED - 4, reply->options,
                        &reply->problem))
    return ALTOSCOPE_DHCP_REPLY_MALFORMED;

  /* RFC 2132 §9.3: file (1), sname (2) or both (3) hold more options,
   * file first. */
  b = g_hash_table_lookup (reply->options, GINT_TO_POINTER (52));
  if (b != NULL && g_bytes_get_size (b) == 1)
    overload = *(const guint8 *) g_bytes_get_data (b, NULL);
  if ((overload & 1) && !read_v4_options (data + 108, 128, reply->options, &reply->problem))
    return ALTOSCOPE_DHCP_REPLY_MALFORMED;
  if ((overload & 2) && !read_v4_options (data + 44, 64, reply->options, &reply->problem))
    return ALTOSCOPE_DHCP_REPLY_MALFORMED;

  b = g_hash_table_lookup (reply->options, GINT_TO_POINTER (53));
  if (b == NULL || g_bytes_get_size (b) != 1)
    return ALTOSCOPE_DHCP_REPLY_NOT_OURS;   /* BOOTP, or no type: not an answer to INFORM */
  reply->message_type = *(const guint8 *) g_bytes_get_data (b, NULL);

  b = g_hash_table_lookup (reply->options, GINT_TO_POINTER (54));
  if (b != NULL && g_bytes_get_size (b) == 4)
    {
      const guint8 *a = g_bytes_get_data (b, NULL);
      reply->server_id = g_strdup_printf ("%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
    }
  option_u32 (reply->options, 51, &reply->lease_time_s);

  if (reply->message_type == 6)
    {
      b = g_hash_table_lookup (reply->options, GINT_TO_POINTER (56));
      if (b != NULL)
        {
          g_autofree char *text = g_strndup (g_bytes_get_data (b, NULL), g_bytes_get_size (b));
          reply->status_message = altoscope_text_safe (text);
        }
      reply->problem = g_strdup ("DHCPNAK");
      return ALTOSCOPE_DHCP_REPLY_REFUSED;
    }
  if (reply->message_type != 5)
    return ALTOSCOPE_DHCP_REPLY_NOT_OURS;
  return ALTOSCOPE_DHCP_REPLY_OK;
}

/* RFC 8415 §16.10: a Reply is ours only when it names a server (a Server
 * Identifier holding a DUID) and names us: our DUID when we sent one, and no
 * Client Identifier at all when we did not. */
static gboolean
dhcp6_identifies_us (GHashTable *options,
                     GBytes     *duid)
{
  GBytes *server = g_hash_table_lookup (options, GINT_TO_POINTER (2));
  GBytes *client = g_hash_table_lookup (options, GINT_TO_POINTER (1));

  if (server == NULL || g_bytes_get_size (server) < ALTOSCOPE_DHCP6_DUID_MIN
      || g_bytes_get_size (server) > ALTOSCOPE_DHCP6_DUID_MAX)
    return FALSE;
  if (duid == NULL)
    return client == NULL;
  return client != NULL && g_bytes_equal (client, duid);
}

AltoscopeDhcpReplyStatus
altoscope_dhcp6_parse_reply (const guint8       *data,
                             gsize               len,
                             guint32             xid,
                             GBytes             *duid,
                             AltoscopeDhcpReply *reply)
{
  gsize pos = 4;
  GBytes *b;
  g_autofree char *problem = NULL;

  reply_init (reply, xid & 0xffffff);
  if (len < 4 || data[0] != 7)
    return ALTOSCOPE_DHCP_REPLY_NOT_OURS;
  if ((((guint32) data[1] << 16) | ((guint32) data[2] << 8) | data[3]) != (xid & 0xffffff))
    return ALTOSCOPE_DHCP_REPLY_NOT_OURS;
  reply->message_type = 7;

  while (pos < len)
    {
      guint16 code, olen;

      if (pos + 4 > len)
        {
          problem = g_strdup_printf ("%u bytes after the last option", (guint) (len - pos));
          break;
        }
      code = (data[pos] << 8) | data[pos + 1];
      olen = (data[pos + 2] << 8) | data[pos + 3];
      pos += 4;
      if (pos + olen > len)
        {
          problem = g_strdup_printf ("option %u claims %u bytes; %u are left", code, olen,
                                     (guint) (len - pos));
          break;
        }
      /* DHCPv6 has no split options: a repeated one keeps its first copy. */
      if (!g_hash_table_contains (reply->options, GINT_TO_POINTER ((int) code)))
        g_hash_table_insert (reply->options, GINT_TO_POINTER ((int) code),
                             g_bytes_new (data + pos, olen));
      pos += olen;
    }

  /* Whose it is comes before whether it can be read: a broken message that
   * does not name us, as far as it can be read, is someone else's, and must
   * not become our verdict. */
  if (!dhcp6_identifies_us (reply->options, duid))
    return ALTOSCOPE_DHCP_REPLY_NOT_OURS;
  if (problem != NULL)
    {
      reply->problem = g_steal_pointer (&problem);
      return ALTOSCOPE_DHCP_REPLY_MALFORMED;
    }

  b = g_hash_table_lookup (reply->options, GINT_TO_POINTER (2));
  {
    const guint8 *d = g_bytes_get_data (b, NULL);
    GString *hex = g_string_new (NULL);
    for (gsize i = 0; i < g_bytes_get_size (b); i++)
      g_string_append_printf (hex, "%s%02x", i ? ":" : "", d[i]);
    reply->server_id = g_string_free (hex, FALSE);
  }
  option_u32 (reply->options, 32, &reply->refresh_time_s);

  b = g_hash_table_lookup (reply->options, GINT_TO_POINTER (13));
  if (b != NULL)
    {
      const guint8 *d = g_bytes_get_data (b, NULL);
      gsize blen = g_bytes_get_size (b);
      if (blen < 2)
        {
          reply->problem = g_strdup ("a status code option shorter than 2 bytes");
          return ALTOSCOPE_DHCP_REPLY_MALFORMED;
        }
      reply->status_code = (d[0] << 8) | d[1];
      if (blen > 2)
        {
          g_autofree char *text = g_strndup ((const char *) d + 2, blen - 2);
          reply->status_message = altoscope_text_safe (text);
        }
      if (reply->status_code != 0)
        {
          reply->problem = g_strdup_printf ("status code %d", reply->status_code);
          return ALTOSCOPE_DHCP_REPLY_REFUSED;
        }
    }
  return ALTOSCOPE_DHCP_REPLY_OK;
}

const guint8 *
altoscope_ipv4_udp_payload (const guint8 *packet,
                            gsize         len,
                            guint16       src_port,
                            guint16       dst_port,
                            guint32      *src_addr_be,
                            gsize        *payload_len)
{
  gsize ihl, total, ulen;
  const guint8 *udp;

  if (len < 20 || (packet[0] >> 4) != 4 || packet[9] != 17)
    return NULL;
  ihl = (gsize) (packet[0] & 0x0f) * 4;
  total = ((gsize) packet[2] << 8) | packet[3];
  /* A fragment (offset or more-fragments) is not read. */
  if (ihl < 20 || ((packet[6] & 0x3f) | packet[7]) != 0)
    return NULL;
  if (total > len || total < ihl + 8)
    return NULL;
  udp = packet + ihl;
  if (((udp[0] << 8) | udp[1]) != src_port || ((udp[2] << 8) | udp[3]) != dst_port)
    return NULL;
  ulen = ((gsize) udp[4] << 8) | udp[5];
  if (ulen < 8 || ihl + ulen > total)
    return NULL;
  if (src_addr_be != NULL)
    memcpy (src_addr_be, packet + 12, 4);
  *payload_len = ulen - 8;
  return udp + 8;
}

const guint8 *
altoscope_udp6_payload (const guint8 *datagram,
                        gsize         len,
                        guint16       src_port,
                        guint16       dst_port,
                        gsize        *payload_len)
{
  gsize ulen;

  if (len < 8)
    return NULL;
  if (((datagram[0] << 8) | datagram[1]) != src_port
      || ((datagram[2] << 8) | datagram[3]) != dst_port)
    return NULL;
  /* The length is the sender's word (RFC 768): below the header's own 8
   * bytes it is a lie, and 0 (an RFC 2675 jumbogram) cannot come on a link
   * a DHCP server is on.  Above what arrived, the datagram was cut
   * (ALTOSCOPE_DHCP_MAX_DATAGRAM) or forged: not read either.  Bytes after
   * the length are the link's padding, not the message. */
  ulen = ((gsize) datagram[4] << 8) | datagram[5];
  if (ulen < 8 || ulen > len)
    return NULL;
  *payload_len = ulen - 8;
  return datagram + 8;
}

guint16
altoscope_udp4_checksum (guint32       src_be,
                         guint32       dst_be,
                         const guint8 *udp,
                         gsize         len)
{
  guint32 sum = 0;
  const guint8 *s = (const guint8 *) &src_be, *d = (const guint8 *) &dst_be;
  guint16 result;

  sum += (s[0] << 8) | s[1];
  sum += (s[2] << 8) | s[3];
  sum += (d[0] << 8) | d[1];
  sum += (d[2] << 8) | d[3];
  sum += 17;
  sum += (guint32) len;
  for (gsize i = 0; i + 1 < len; i += 2)
    sum += (udp[i] << 8) | udp[i + 1];
  if (len & 1)
    sum += udp[len - 1] << 8;
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  result = ~sum & 0xffff;
  return result == 0 ? 0xffff : result;   /* RFC 768: 0 means "none" */
}

guint
altoscope_dhcp4_retransmit_ms (guint attempt,
                               int   jitter_ms)
{
  guint base = 4000u << MIN (attempt, 4u);   /* 4, 8, 16, 32, 64 s */

  jitter_ms = CLAMP (jitter_ms, -1000, 1000);
  return (guint) ((int) base + jitter_ms);
}

guint
altoscope_dhcp6_retransmit_ms (guint previous_ms,
                               int   rand_permille)
{
  guint64 rt;

  rand_permille = CLAMP (rand_permille, -100, 100);
  if (previous_ms == 0)
    rt = ALTOSCOPE_DHCP6_INF_TIMEOUT_MS
         + (gint64) ALTOSCOPE_DHCP6_INF_TIMEOUT_MS * rand_permille / 1000;
  else
    rt = 2 * (guint64) previous_ms + (gint64) previous_ms * rand_permille / 1000;
  if (rt > ALTOSCOPE_DHCP6_INF_MAX_RT_MS)
    rt = ALTOSCOPE_DHCP6_INF_MAX_RT_MS
         + (gint64) ALTOSCOPE_DHCP6_INF_MAX_RT_MS * rand_permille / 1000;
  return (guint) rt;
}
