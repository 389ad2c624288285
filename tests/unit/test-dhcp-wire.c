/* DHCPINFORM and Information-Request on the wire, their replies read back
 * (split, overloaded, refused, truncated, not ours), the retransmission
 * schedules, the answer's lifetime and JSON, and step 1's order with an
 * answer.  Pure functions: the real exchange is tests/nm/test_dhcp_query.py.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "altoscope-dhcp-answer.h"
#include "altoscope-dhcp-wire.h"
#include "altoscope-domain-choice.h"
#include "altoscope-json.h"
#include "altoscope-report.h"

static const guint8 mac[6] = { 0x02, 0, 0, 0, 0, 0x07 };
static const guint8 other_mac[6] = { 0x02, 0, 0, 0, 0, 0x08 };
/* DUID-LL of mac, as altoscope_dhcp6_client_duid() makes it */
static const guint8 duid_ll[] = { 0, 3, 0, 1, 2, 0, 0, 0, 0, 7 };

/* "example.net" in DNS wire format */
static const guint8 example_net[] = { 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'n', 'e', 't', 0 };

static GByteArray *
v4_reply (guint32 xid, int type)
{
  GByteArray *b = g_byte_array_new ();
  guint8 fixed[236] = { 2, 1, 6, 0, xid >> 24, xid >> 16, xid >> 8, xid };
  guint8 head[] = { 99, 130, 83, 99, 53, 1, (guint8) type, 54, 4, 192, 0, 2, 1 };

  memcpy (fixed + 28, mac, sizeof mac);   /* chaddr, copied from the request */
  g_byte_array_append (b, fixed, sizeof fixed);
  g_byte_array_append (b, head, sizeof head);
  return b;
}

static void
append (GByteArray *b, const guint8 *data, gsize len)
{
  g_byte_array_append (b, data, len);
}

static void
test_build (void)
{
  g_autoptr(GByteArray) inform = altoscope_dhcp4_build_inform (0x01020304, g_htonl (0xc0000265),
                                                               mac, 6, 3);
  g_autoptr(GBytes) duid = altoscope_dhcp6_client_duid (mac, 6);
  g_autoptr(GByteArray) inforeq = altoscope_dhcp6_build_inforeq (0xabcdef, duid, 150);
  g_autoptr(GByteArray) anonymous = altoscope_dhcp6_build_inforeq (0xabcdef, NULL, 150);
  static const guint8 prl[] = { 55, 2, 213, 15 };
  static const guint8 oro[] = { 0, 6, 0, 4, 0, 57, 0, 32 };
  static const guint8 elapsed[] = { 0, 8, 0, 2, 0, 150 };
  static const guint8 client_id[] = { 0, 1, 0, 10, 0, 3, 0, 1, 2, 0, 0, 0, 0, 7 };

  g_assert_cmpuint (inform->len, ==, 300);
  g_assert_cmpuint (inform->data[0], ==, 1);
  g_assert_cmpuint (inform->data[4], ==, 1);
  g_assert_cmpuint (inform->data[7], ==, 4);
  g_assert_cmpuint (inform->data[9], ==, 3);                   /* secs */
  g_assert_cmpmem (inform->data + 12, 4, "\xc0\x00\x02\x65", 4);  /* ciaddr */
  g_assert_cmpmem (inform->data + 28, 6, mac, 6);              /* chaddr */
  g_assert_cmpmem (inform->data + 240, 3, "\x35\x01\x08", 3);  /* DHCPINFORM */
  g_assert_cmpmem (inform->data + 243, 4, prl, 4);
  g_assert_cmpuint (inform->data[247], ==, 255);
  /* RFC 2131 table 5: no requested address, lease time or server id. */
  for (guint i = 240; i < 248; i++)
    g_assert_true (inform->data[i] != 50 && inform->data[i] != 51 && inform->data[i] != 54);

  g_assert_cmpmem (inforeq->data, 4, "\x0b\xab\xcd\xef", 4);
  g_assert_cmpmem (inforeq->data + 4, sizeof client_id, client_id, sizeof client_id);
  g_assert_cmpmem (inforeq->data + 4 + sizeof client_id, sizeof oro, oro, sizeof oro);
  g_assert_cmpmem (inforeq->data + 4 + sizeof client_id + sizeof oro, sizeof elapsed, elapsed,
                   sizeof elapsed);
  g_assert_cmpuint (inforeq->len, ==, 4 + sizeof client_id + sizeof oro + sizeof elapsed);
  g_assert_cmpmem (g_bytes_get_data (duid, NULL), g_bytes_get_size (duid), duid_ll,
                   sizeof duid_ll);
  /* No hardware address: no DUID, no Client Identifier. */
  g_assert_null (altoscope_dhcp6_client_duid (NULL, 0));
  g_assert_cmpuint (anonymous->len, ==, 4 + sizeof oro + sizeof elapsed);
}

static void
test_parse_v4 (void)
{
  AltoscopeDhcpReply r;

  /* 213 split in two (RFC 3396), 15 in the file field (overload 1). */
  {
    g_autoptr(GByteArray) b = v4_reply (42, 5);
    static const guint8 part1[] = { 213, 5, 7, 'e', 'x', 'a', 'm' };
    static const guint8 part2[] = { 213, 8, 'p', 'l', 'e', 3, 'n', 'e', 't', 0 };
    static const guint8 overload[] = { 52, 1, 1, 51, 4, 0, 0, 0x0e, 0x10, 255 };
    static const guint8 file15[] = { 15, 4, 'l', 'a', 'n', 0, 255 };
    append (b, part1, sizeof part1);
    append (b, part2, sizeof part2);
    append (b, overload, sizeof overload);
    memcpy (b->data + 108, file15, sizeof file15);
    g_assert_cmpint (altoscope_dhcp4_parse_reply (b->data, b->len, 42, mac, 6, &r), ==,
                     ALTOSCOPE_DHCP_REPLY_OK);
    g_assert_cmpmem (g_bytes_get_data (g_hash_table_lookup (r.options, GINT_TO_POINTER (213)),
                                       NULL),
                     13, example_net, 13);
    g_assert_cmpuint (g_bytes_get_size (g_hash_table_lookup (r.options, GINT_TO_POINTER (15))),
                      ==, 4);
    g_assert_cmpstr (r.server_id, ==, "192.0.2.1");
    g_assert_cmpint (r.lease_time_s, ==, 3600);
    altoscope_dhcp_reply_clear (&r);
    /* another transaction's */
    g_assert_cmpint (altoscope_dhcp4_parse_reply (b->data, b->len, 43, mac, 6, &r), ==,
                     ALTOSCOPE_DHCP_REPLY_NOT_OURS);
    altoscope_dhcp_reply_clear (&r);
    /* cut inside the options */
    g_assert_cmpint (altoscope_dhcp4_parse_reply (b->data, 240 + 9 + 4, 42, mac, 6, &r), ==,
                     ALTOSCOPE_DHCP_REPLY_MALFORMED);
    g_assert_nonnull (r.problem);
    altoscope_dhcp_reply_clear (&r);
    /* no magic cookie */
    b->data[236] = 0;
    g_assert_cmpint (altoscope_dhcp4_parse_reply (b->data, b->len, 42, mac, 6, &r), ==,
                     ALTOSCOPE_DHCP_REPLY_MALFORMED);
    altoscope_dhcp_reply_clear (&r);
  }
  /* DHCPNAK, with a message made safe */
  {
    g_autoptr(GByteArray) b = v4_reply (7, 6);
    static const guint8 msg[] = { 56, 4, 'n', 'o', 0x1b, '!', 255 };
    append (b, msg, sizeof msg);
    g_assert_cmpint (altoscope_dhcp4_parse_reply (b->data, b->len, 7, mac, 6, &r), ==,
                     ALTOSCOPE_DHCP_REPLY_REFUSED);
    g_assert_null (strchr (r.status_message, 0x1b));
    altoscope_dhcp_reply_clear (&r);
  }
  /* an OFFER or a request is not an answer to INFORM */
  {
    g_autoptr(GByteArray) b = v4_reply (7, 2);
    g_assert_cmpint (altoscope_dhcp4_parse_reply (b->data, b->len, 7, mac, 6, &r), ==,
                     ALTOSCOPE_DHCP_REPLY_NOT_OURS);
    altoscope_dhcp_reply_clear (&r);
    b->data[0] = 1;
    g_assert_cmpint (altoscope_dhcp4_parse_reply (b->data, b->len, 7, mac, 6, &r), ==,
                     ALTOSCOPE_DHCP_REPLY_NOT_OURS);
    altoscope_dhcp_reply_clear (&r);
  }
}

/* A DHCPv6 Reply's head: the message type and xid, a Server Identifier
 * when @server, and a Client Identifier holding @client when not NULL. */
static GByteArray *
v6_reply (guint32 xid, gboolean server, const guint8 *client, gsize client_len)
{
  GByteArray *b = g_byte_array_new ();
  guint8 head[] = { 7, xid >> 16, xid >> 8, xid };
  static const guint8 server_id[] = { 0, 2, 0, 4, 0, 2, 0xaa, 0xbb };

  append (b, head, sizeof head);
  if (server)
    append (b, server_id, sizeof server_id);
  if (client != NULL)
    {
      guint8 opt[] = { 0, 1, client_len >> 8, client_len & 0xff };
      append (b, opt, sizeof opt);
      append (b, client, client_len);
    }
  return b;
}

static void
test_parse_v6 (void)
{
  AltoscopeDhcpReply r;
  g_autoptr(GBytes) duid = g_bytes_new_static (duid_ll, sizeof duid_ll);
  g_autoptr(GByteArray) b = v6_reply (0xabcdef, TRUE, duid_ll, sizeof duid_ll);
  static const guint8 tail[] = { 0, 32, 0, 4, 0, 0, 0, 100, 0, 57, 0, 13 };

  append (b, tail, sizeof tail);
  append (b, example_net, sizeof example_net);
  g_assert_cmpint (altoscope_dhcp6_parse_reply (b->data, b->len, 0xabcdef, duid, &r), ==,
                   ALTOSCOPE_DHCP_REPLY_OK);
  g_assert_cmpstr (r.server_id, ==, "00:02:aa:bb");
  g_assert_cmpint (r.refresh_time_s, ==, 100);
  {
    g_autoptr(AltoscopeDhcpAnswer) a = altoscope_dhcp_answer_new ("eth0", ALTOSCOPE_FAMILY_IPV6);
    g_autoptr(JsonNode) json = NULL;
    g_autoptr(AltoscopeDhcpAnswer) back = NULL;
    g_autofree char *p1 = NULL, *p2 = NULL;
    g_autoptr(GError) error = NULL;
    AltoscopeDhcpValue *v;

    altoscope_dhcp_answer_take_reply (a, &r, "fe80::1");
    g_assert_cmpuint (a->values->len, ==, 1);
    v = a->values->pdata[0];
    g_assert_cmpstr (v->domain, ==, "example.net");
    g_assert_cmpstr (v->key, ==, "inforeq_option_57");
    /* RFC 8415 §21.23: below IRT_MINIMUM counts as IRT_MINIMUM. */
    g_assert_cmpint (a->lifetime_s, ==, 600);
    g_assert_cmpstr (a->lifetime_source, ==, "option-32-minimum");
    /* JSON and back: the same answer. */
    json = altoscope_dhcp_answer_to_json (a);
    back = altoscope_dhcp_answer_from_json (json, &error);
    g_assert_no_error (error);
    p1 = altoscope_dhcp_answer_fingerprint (a);
    p2 = altoscope_dhcp_answer_fingerprint (back);
    g_assert_cmpstr (p1, ==, p2);
    g_assert_cmpint (back->lifetime_s, ==, 600);
  }
  altoscope_dhcp_reply_clear (&r);

  g_assert_cmpint (altoscope_dhcp6_parse_reply (b->data, b->len, 0xabcdee, duid, &r), ==,
                   ALTOSCOPE_DHCP_REPLY_NOT_OURS);
  altoscope_dhcp_reply_clear (&r);
  g_assert_cmpint (altoscope_dhcp6_parse_reply (b->data, b->len - 1, 0xabcdef, duid, &r), ==,
                   ALTOSCOPE_DHCP_REPLY_MALFORMED);
  altoscope_dhcp_reply_clear (&r);
  b->data[0] = 2;   /* an Advertise */
  g_assert_cmpint (altoscope_dhcp6_parse_reply (b->data, b->len, 0xabcdef, duid, &r), ==,
                   ALTOSCOPE_DHCP_REPLY_NOT_OURS);
  altoscope_dhcp_reply_clear (&r);
  {
    g_autoptr(GByteArray) refused = v6_reply (1, TRUE, duid_ll, sizeof duid_ll);
    static const guint8 status[] = { 0, 13, 0, 4, 0, 2, 'n', 'o' };
    append (refused, status, sizeof status);
    g_assert_cmpint (altoscope_dhcp6_parse_reply (refused->data, refused->len, 1, duid, &r), ==,
                     ALTOSCOPE_DHCP_REPLY_REFUSED);
    g_assert_cmpint (r.status_code, ==, 2);
    g_assert_cmpstr (r.status_message, ==, "no");
    altoscope_dhcp_reply_clear (&r);
  }
  {
    /* No option 32: RFC 8415's default, a day. */
    g_autoptr(GByteArray) bare = v6_reply (1, TRUE, duid_ll, sizeof duid_ll);
    g_autoptr(AltoscopeDhcpAnswer) a = altoscope_dhcp_answer_new ("eth0", ALTOSCOPE_FAMILY_IPV6);
    g_assert_cmpint (altoscope_dhcp6_parse_reply (bare->data, bare->len, 1, duid, &r), ==,
                     ALTOSCOPE_DHCP_REPLY_OK);
    altoscope_dhcp_answer_take_reply (a, &r, "fe80::1");
    g_assert_cmpint (a->lifetime_s, ==, 86400);
    g_assert_cmpuint (a->values->len, ==, 0);
    altoscope_dhcp_reply_clear (&r);
  }
}

/* RFC 2131 §4.4.1: xid and chaddr together.  Another client's reply is
 * ignored whatever it says: not taken, not refused, not malformed. */
static void
test_v4_not_ours (void)
{
  AltoscopeDhcpReply r;
  static const guint8 opt213[] = { 213, 13, 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'n', 'e',
                                   't', 0, 255 };
  g_autoptr(GByteArray) b = v4_reply (42, 5);

  append (b, opt213, sizeof opt213);
  g_assert_cmpint (altoscope_dhcp4_parse_reply (b->data, b->len, 42, mac, 6, &r), ==,
                   ALTOSCOPE_DHCP_REPLY_OK);
  altoscope_dhcp_reply_clear (&r);
  /* the right xid, another client's hardware address */
  g_assert_cmpint (altoscope_dhcp4_parse_reply (b->data, b->len, 42, other_mac, 6, &r), ==,
                   ALTOSCOPE_DHCP_REPLY_NOT_OURS);
  g_assert_null (r.problem);
  altoscope_dhcp_reply_clear (&r);
  /* ours in its first six bytes, but chaddr goes on (all 16 bytes count) */
  b->data[28 + 6] = 0x01;
  g_assert_cmpint (altoscope_dhcp4_parse_reply (b->data, b->len, 42, mac, 6, &r), ==,
                   ALTOSCOPE_DHCP_REPLY_NOT_OURS);
  altoscope_dhcp_reply_clear (&r);
  b->data[28 + 6] = 0;
  /* no hardware address sent: chaddr was all zeros, and must come back so */
  g_assert_cmpint (altoscope_dhcp4_parse_reply (b->data, b->len, 42, NULL, 0, &r), ==,
                   ALTOSCOPE_DHCP_REPLY_NOT_OURS);
  altoscope_dhcp_reply_clear (&r);
  memset (b->data + 28, 0, 16);
  g_assert_cmpint (altoscope_dhcp4_parse_reply (b->data, b->len, 42, NULL, 0, &r), ==,
                   ALTOSCOPE_DHCP_REPLY_OK);
  altoscope_dhcp_reply_clear (&r);
  memcpy (b->data + 28, other_mac, 6);
  /* another client's DHCPNAK is not a refusal of ours, */
  b->data[236 + 6] = 6;
  g_assert_cmpint (altoscope_dhcp4_parse_reply (b->data, b->len, 42, mac, 6, &r), ==,
                   ALTOSCOPE_DHCP_REPLY_NOT_OURS);
  altoscope_dhcp_reply_clear (&r);
  /* nor its broken reply our verdict */
  b->data[236] = 0;
  g_assert_cmpint (altoscope_dhcp4_parse_reply (b->data, b->len, 42, mac, 6, &r), ==,
                   ALTOSCOPE_DHCP_REPLY_NOT_OURS);
  altoscope_dhcp_reply_clear (&r);
}

/* RFC 8415 §16.10: discard a Reply without a Server Identifier, without a
 * Client Identifier when one was sent, or with another client's DUID. */
static void
test_v6_not_ours (void)
{
  AltoscopeDhcpReply r;
  g_autoptr(GBytes) duid = g_bytes_new_static (duid_ll, sizeof duid_ll);
  static const guint8 other_duid[] = { 0, 3, 0, 1, 2, 0, 0, 0, 0, 8 };
  static const guint8 opt57[] = { 0, 57, 0, 13, 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'n',
                                  'e', 't', 0 };
  static const guint8 refused[] = { 0, 13, 0, 4, 0, 2, 'n', 'o' };
  static const guint8 short_server[] = { 7, 0, 0, 1, 0, 2, 0, 2, 0, 2 };
  struct { const char *what; gboolean server; const guint8 *client; gsize len; GBytes *ours;
           AltoscopeDhcpReplyStatus want; } cases[] = {
    { "ours", TRUE, duid_ll, sizeof duid_ll, duid, ALTOSCOPE_DHCP_REPLY_OK },
    { "no client identifier", TRUE, NULL, 0, duid, ALTOSCOPE_DHCP_REPLY_NOT_OURS },
    { "another client's DUID", TRUE, other_duid, sizeof other_duid, duid,
      ALTOSCOPE_DHCP_REPLY_NOT_OURS },
    { "our DUID cut short", TRUE, duid_ll, sizeof duid_ll - 1, duid,
      ALTOSCOPE_DHCP_REPLY_NOT_OURS },
    { "no server identifier", FALSE, duid_ll, sizeof duid_ll, duid,
      ALTOSCOPE_DHCP_REPLY_NOT_OURS },
    { "none sent, none back", TRUE, NULL, 0, NULL, ALTOSCOPE_DHCP_REPLY_OK },
    { "none sent, one back", TRUE, duid_ll, sizeof duid_ll, NULL,
      ALTOSCOPE_DHCP_REPLY_NOT_OURS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GByteArray) b = v6_reply (0x10203, cases[i].server, cases[i].client,
                                          cases[i].len);
      g_test_message ("%s", cases[i].what);
      append (b, opt57, sizeof opt57);
      g_assert_cmpint (altoscope_dhcp6_parse_reply (b->data, b->len, 0x10203, cases[i].ours, &r),
                       ==, cases[i].want);
      altoscope_dhcp_reply_clear (&r);
      /* A refusal or a broken message that is not ours is no verdict. */
      append (b, refused, sizeof refused);
      g_assert_cmpint (altoscope_dhcp6_parse_reply (b->data, b->len, 0x10203, cases[i].ours, &r),
                       ==, cases[i].want == ALTOSCOPE_DHCP_REPLY_OK
                             ? ALTOSCOPE_DHCP_REPLY_REFUSED : ALTOSCOPE_DHCP_REPLY_NOT_OURS);
      altoscope_dhcp_reply_clear (&r);
      g_assert_cmpint (altoscope_dhcp6_parse_reply (b->data, b->len - 1, 0x10203, cases[i].ours,
                                                    &r),
                       ==, cases[i].want == ALTOSCOPE_DHCP_REPLY_OK
                             ? ALTOSCOPE_DHCP_REPLY_MALFORMED : ALTOSCOPE_DHCP_REPLY_NOT_OURS);
      altoscope_dhcp_reply_clear (&r);
    }
  /* A Server Identifier too short to hold a DUID (RFC 8415 §11.1). */
  {
    g_autoptr(GByteArray) b = g_byte_array_new ();
    guint8 client[] = { 0, 1, 0, sizeof duid_ll };
    append (b, short_server, sizeof short_server);
    append (b, client, sizeof client);
    append (b, duid_ll, sizeof duid_ll);
    g_assert_cmpint (altoscope_dhcp6_parse_reply (b->data, b->len, 1, duid, &r), ==,
                     ALTOSCOPE_DHCP_REPLY_NOT_OURS);
    altoscope_dhcp_reply_clear (&r);
  }
  /* Broken before it names anyone: not ours either. */
  {
    static const guint8 cut[] = { 7, 0, 0, 1, 0, 2, 0, 40, 0, 2 };
    g_assert_cmpint (altoscope_dhcp6_parse_reply (cut, sizeof cut, 1, duid, &r), ==,
                     ALTOSCOPE_DHCP_REPLY_NOT_OURS);
    altoscope_dhcp_reply_clear (&r);
  }
}

/* The UDP header a raw IPv6 socket hands over, read in the wire code. */
static void
test_udp6 (void)
{
  guint8 d[16] = { 0x02, 0x23, 0x02, 0x22, 0, 12, 0, 0, 1, 2, 3, 4, 0xee, 0xee, 0xee, 0xee };
  gsize len = 99;
  const guint8 *p;

  p = altoscope_udp6_payload (d, 12, 547, 546, &len);
  g_assert_true (p == d + 8);
  g_assert_cmpuint (len, ==, 4);
  /* bytes after the UDP length are padding, not the message */
  p = altoscope_udp6_payload (d, sizeof d, 547, 546, &len);
  g_assert_true (p == d + 8);
  g_assert_cmpuint (len, ==, 4);
  /* exactly a header: an empty payload */
  d[5] = 8;
  p = altoscope_udp6_payload (d, sizeof d, 547, 546, &len);
  g_assert_true (p == d + 8);
  g_assert_cmpuint (len, ==, 0);
  /* a length below the header's own 8 bytes (0 among them) */
  for (guint ulen = 0; ulen < 8; ulen++)
    {
      d[5] = (guint8) ulen;
      g_assert_null (altoscope_udp6_payload (d, sizeof d, 547, 546, &len));
    }
  /* a length above the datagram: cut or forged */
  d[5] = 13;
  g_assert_null (altoscope_udp6_payload (d, 12, 547, 546, &len));
  d[4] = 0xff;
  d[5] = 0xff;
  g_assert_null (altoscope_udp6_payload (d, sizeof d, 547, 546, &len));
  d[4] = 0;
  d[5] = 12;
  /* shorter than a header */
  for (gsize n = 0; n < 8; n++)
    g_assert_null (altoscope_udp6_payload (d, n, 547, 546, &len));
  /* other ports */
  g_assert_null (altoscope_udp6_payload (d, 12, 546, 547, &len));
  g_assert_null (altoscope_udp6_payload (d, 12, 547, 547, &len));
  g_assert_cmpuint (len, ==, 0);   /* untouched by the refusals */
}

static void
test_retransmission (void)
{
  /* RFC 2131 §4.1: 4, 8, 16, 32, 64 s, ±1 s; never more often. */
  g_assert_cmpuint (altoscope_dhcp4_retransmit_ms (0, -1000), ==, 3000);
  g_assert_cmpuint (altoscope_dhcp4_retransmit_ms (0, 5000), ==, 5000);
  g_assert_cmpuint (altoscope_dhcp4_retransmit_ms (1, 0), ==, 8000);
  g_assert_cmpuint (altoscope_dhcp4_retransmit_ms (4, 0), ==, 64000);
  g_assert_cmpuint (altoscope_dhcp4_retransmit_ms (9, 0), ==, 64000);
  /* RFC 8415 §15, §18.2.6: IRT 1 s, doubling ±10 %, MRT 3600 s. */
  g_assert_cmpuint (altoscope_dhcp6_retransmit_ms (0, -100), ==, 900);
  g_assert_cmpuint (altoscope_dhcp6_retransmit_ms (0, 300), ==, 1100);
  g_assert_cmpuint (altoscope_dhcp6_retransmit_ms (1000, 0), ==, 2000);
  g_assert_cmpuint (altoscope_dhcp6_retransmit_ms (3000000, 0), ==, 3600000);
}

static void
test_checksum (void)
{
  /* RFC 1071's example folded in a UDP header: a datagram whose checksum,
   * filled in, sums to zero. */
  guint8 udp[12] = { 0, 68, 0, 67, 0, 12, 0, 0, 1, 2, 3, 4 };
  guint32 src = g_htonl (0xc0000265), dst = g_htonl (0xc0000201);
  guint16 sum = altoscope_udp4_checksum (src, dst, udp, sizeof udp);

  udp[6] = sum >> 8;
  udp[7] = sum & 0xff;
  g_assert_cmpuint (altoscope_udp4_checksum (src, dst, udp, sizeof udp), ==, 0xffff);
}

static AltoscopeDhcpAnswer *
answer_with (AltoscopeFamily family, int option, const guint8 *data, gsize len)
{
  AltoscopeDhcpAnswer *a = altoscope_dhcp_answer_new ("eth0", family);
  AltoscopeDhcpReply r = { 0 };

  r.options = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                     (GDestroyNotify) g_bytes_unref);
  r.lease_time_s = r.refresh_time_s = -1;
  if (option)
    g_hash_table_insert (r.options, GINT_TO_POINTER (option), g_bytes_new (data, len));
  altoscope_dhcp_answer_take_reply (a, &r, family == ALTOSCOPE_FAMILY_IPV6 ? "fe80::1"
                                                                          : "192.0.2.1");
  altoscope_dhcp_reply_clear (&r);
  return a;
}

static void
test_step1_order (void)
{
  AltoscopeDomainChoice c;
  g_autoptr(AltoscopeLink) link = altoscope_link_new ("eth0", "ethernet");
  g_autoptr(GHashTable) lease15 = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(AltoscopeDhcpAnswer) a213 = answer_with (ALTOSCOPE_FAMILY_IPV4, 213, example_net,
                                                     sizeof example_net);
  g_autoptr(AltoscopeDhcpAnswer) a57 = answer_with (ALTOSCOPE_FAMILY_IPV6, 57, example_net,
                                                    sizeof example_net);
  g_autoptr(AltoscopeDhcpAnswer) bad213 = answer_with (ALTOSCOPE_FAMILY_IPV4, 213,
                                                       (const guint8 *) "\x07""ex", 3);
  g_autoptr(AltoscopeDhcpAnswer) none6 = answer_with (ALTOSCOPE_FAMILY_IPV6, 0, NULL, 0);

  g_hash_table_insert (lease15, "domain_name", "lease.example");
  altoscope_link_set_dhcp_options (link, ALTOSCOPE_FAMILY_IPV4, lease15);
  altoscope_link_set_dhcp_options (link, ALTOSCOPE_FAMILY_IPV6, lease15);

  /* RFC 7286 §3.1: 213 (asked) before 15 (leased). */
  altoscope_choose_domain (link, ALTOSCOPE_FAMILY_IPV4, NULL, ALTOSCOPE_DOMAIN_SOURCE_NONE, a213, &c);
  g_assert_cmpstr (c.domain, ==, "example.net");
  g_assert_cmpstr (c.source, ==, "dhcp4-inform-option-213");
  g_assert_cmpstr (c.dhcp_server, ==, "192.0.2.1");
  altoscope_domain_choice_clear (&c);
  /* A malformed 213 is said, and 15 is used. */
  altoscope_choose_domain (link, ALTOSCOPE_FAMILY_IPV4, NULL, ALTOSCOPE_DOMAIN_SOURCE_NONE, bad213, &c);
  g_assert_cmpstr (c.source, ==, "dhcp4-option-15");
  g_assert_null (c.dhcp_server);
  g_assert_cmpuint (c.warnings->len, >=, 2);
  altoscope_domain_choice_clear (&c);
  /* An override still wins. */
  altoscope_choose_domain (link, ALTOSCOPE_FAMILY_IPV4, "mine.example",
                             ALTOSCOPE_DOMAIN_SOURCE_OVERRIDE_INTERFACE,
                           a213, &c);
  g_assert_cmpstr (c.source, ==, "override-interface");
  altoscope_domain_choice_clear (&c);
  /* IPv6: 57 asked; an answer without it says so. */
  altoscope_choose_domain (link, ALTOSCOPE_FAMILY_IPV6, NULL, ALTOSCOPE_DOMAIN_SOURCE_NONE, a57, &c);
  g_assert_cmpstr (c.source, ==, "dhcp6-inforeq-option-57");
  altoscope_domain_choice_clear (&c);
  altoscope_choose_domain (link, ALTOSCOPE_FAMILY_IPV6, NULL, ALTOSCOPE_DOMAIN_SOURCE_NONE, none6, &c);
  g_assert_null (c.domain);
  g_assert_true (g_str_has_prefix (c.message, "The DHCP server fe80::1, asked directly"));
  altoscope_domain_choice_clear (&c);
}

static void
test_from_json_refuses (void)
{
  static const char * const bad[] = {
    "[]", "{}", "{\"family\":\"ipv5\",\"server\":\"x\"}",
    "{\"family\":\"ipv4\"}",
    "{\"family\":\"ipv4\",\"server\":\"x\",\"options\":[{\"option\":213,\"value\":\"zz\"}]}",
    "{\"family\":\"ipv4\",\"server\":\"x\",\"options\":[{\"option\":99,\"value\":\"00\"}]}",
    "{\"family\":\"ipv4\",\"error\":{\"code\":\"rm -rf\"}}",
    /* nothing the writer would write */
    "{\"family\":\"ipv4\",\"error\":{\"code\":\"dhcp-made-up\"}}",
    "{\"family\":\"ipv4\",\"server\":\"x\",\"options\":[{\"option\":57,\"value\":\"00\"}]}",
    "{\"family\":\"ipv6\",\"server\":\"x\",\"options\":[{\"option\":15,\"value\":\"a\"}]}",
    "{\"family\":\"ipv4\",\"server\":\"x\",\"options\":[{\"option\":15,\"value\":\"a\"},"
      "{\"option\":15,\"value\":\"b\"}]}",
    "{\"family\":\"ipv4\",\"server\":\"x\",\"options\":[{\"option\":15,\"value\":\"\u00e9\"}]}",
    "{\"family\":\"ipv4\",\"server\":\"x\",\"options\":[{\"option\":15,\"value\":\"a\\\\x\"}]}",
    "{\"family\":\"ipv4\",\"server\":\"x\",\"options\":[{\"option\":15,\"value\":\"\\\\256\"}]}",
    "{\"family\":\"ipv4\",\"server\":\"x\",\"options\":[{\"option\":213,\"value\":\"7:65\"}]}",
    "{\"family\":\"ipv4\",\"server\":\"x\",\"options\":{}}",
    "{\"family\":\"ipv4\",\"server\":\"x\",\"options_present\":[70000]}",
    "{\"family\":\"ipv4\",\"server\":\"x\",\"received_at\":\"yesterday\"}",
    NULL,
  };

  for (guint i = 0; bad[i]; i++)
    {
      g_autoptr(JsonNode) node = json_from_string (bad[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(AltoscopeDhcpAnswer) a = altoscope_dhcp_answer_from_json (node, &error);
      g_test_message ("%s", bad[i]);
      g_assert_nonnull (node);
      g_assert_null (a);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
  /* More option codes than the writer ever lists. */
  {
    g_autoptr(GString) json = g_string_new ("{\"family\":\"ipv6\",\"server\":\"x\","
                                            "\"options_present\":[0");
    g_autoptr(JsonNode) node = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(AltoscopeDhcpAnswer) a = NULL;
    for (guint i = 1; i <= ALTOSCOPE_DHCP_ANSWER_MAX_OPTION_CODES; i++)
      g_string_append_printf (json, ",%u", i);
    g_string_append (json, "]}");
    node = json_from_string (json->str, NULL);
    a = altoscope_dhcp_answer_from_json (node, &error);
    g_assert_null (a);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  }
}

/* The helper's answer through its JSON text, as the window reads it. */
static char *
round_trip (AltoscopeDhcpAnswer *a, AltoscopeDhcpAnswer **back_out)
{
  g_autoptr(JsonNode) json = altoscope_dhcp_answer_to_json (a);
  g_autofree char *text = altoscope_json_to_string (json, FALSE);
  g_autoptr(JsonNode) parsed = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeDhcpAnswer) back = NULL;
  g_autofree char *text2 = NULL;
  g_autofree char *p1 = NULL, *p2 = NULL;

  g_assert_cmpuint (strlen (text), <=, ALTOSCOPE_DHCP_ANSWER_MAX_JSON);
  parsed = altoscope_json_parse (text, strlen (text), &error);
  g_assert_no_error (error);
  back = altoscope_dhcp_answer_from_json (parsed, &error);
  g_assert_no_error (error);
  again = altoscope_dhcp_answer_to_json (back);
  text2 = altoscope_json_to_string (again, FALSE);
  g_assert_cmpstr (text2, ==, text);
  p1 = altoscope_dhcp_answer_fingerprint (a);
  p2 = altoscope_dhcp_answer_fingerprint (back);
  g_assert_cmpstr (p1, ==, p2);
  if (back_out != NULL)
    *back_out = g_steal_pointer (&back);
  return g_steal_pointer (&text);
}

/* Issue 14: the window read the helper's answer with caps of its own (4 096
 * characters of option 15, 1 024 of a server's message) and so showed and
 * fingerprinted something else than the helper saw.  The largest answer
 * the writer can make reads back as written, and fits the helper's output
 * cap. */
static void
test_answer_limits (void)
{
  for (int family = 0; family < 2; family++)
    {
      AltoscopeFamily f = family ? ALTOSCOPE_FAMILY_IPV6 : ALTOSCOPE_FAMILY_IPV4;
      g_autoptr(AltoscopeDhcpAnswer) a = altoscope_dhcp_answer_new ("eth0", f);
      g_autoptr(AltoscopeDhcpAnswer) back = NULL;
      AltoscopeDhcpReply r = { 0 };
      g_autofree guint8 *controls = g_malloc (ALTOSCOPE_DHCP_ANSWER_MAX_OPTION_BYTES + 100);
      g_autofree guint8 *hex = g_malloc (ALTOSCOPE_DHCP_ANSWER_MAX_OPTION_BYTES + 100);
      g_autoptr(GString) words = g_string_new (NULL);
      g_autoptr(GString) bidi = g_string_new (NULL);
      g_autofree char *text = NULL;

      /* Every byte of option 15 escaped ("\\001", five characters in
       * JSON), 213 and 57 as colon hex, both longer than the limit. */
      memset (controls, 1, ALTOSCOPE_DHCP_ANSWER_MAX_OPTION_BYTES + 100);
      memset (hex, 0xff, ALTOSCOPE_DHCP_ANSWER_MAX_OPTION_BYTES + 100);
      r.options = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                         (GDestroyNotify) g_bytes_unref);
      for (int code = 1; code < 3000; code++)
        g_hash_table_insert (r.options, GINT_TO_POINTER (code), g_bytes_new ("x", 1));
      g_hash_table_insert (r.options, GINT_TO_POINTER (15),
                           g_bytes_new (controls, ALTOSCOPE_DHCP_ANSWER_MAX_OPTION_BYTES + 100));
      g_hash_table_insert (r.options, GINT_TO_POINTER (family ? 57 : 213),
                           g_bytes_new (hex, ALTOSCOPE_DHCP_ANSWER_MAX_OPTION_BYTES + 100));
      r.lease_time_s = r.refresh_time_s = -1;
      /* A server's message of 2 000 right-to-left overrides: each one ten
       * characters once made safe. */
      for (int i = 0; i < 2000; i++)
        g_string_append (bidi, "\xe2\x80\xae");
      r.status_message = bidi->str;
      for (int i = 0; i < 300; i++)
        g_string_append_printf (words, "w%d\x1b[2J ", i);
      r.server_id = words->str;
      altoscope_dhcp_answer_take_reply (a, &r, "fe80::1");
      r.status_message = NULL;
      r.server_id = NULL;
      altoscope_dhcp_reply_clear (&r);
      altoscope_dhcp_answer_set_error (a, ALTOSCOPE_DHCP_ERROR_REFUSED, words->str, bidi->str);

      g_assert_cmpuint (a->option_codes->len, ==, ALTOSCOPE_DHCP_ANSWER_MAX_OPTION_CODES);
      g_assert_cmpuint (g_utf8_strlen (a->status_message, -1), ==,
                        ALTOSCOPE_DHCP_ANSWER_MAX_TEXT);
      g_assert_true (g_str_has_suffix (a->status_message, "…"));
      g_assert_null (strchr (a->error_message, 0x1b));
      text = round_trip (a, &back);
      g_test_message ("largest %s answer: %zu bytes of JSON", family ? "IPv6" : "IPv4",
                      strlen (text));
      g_assert_cmpuint (back->values->len, ==, a->values->len);
      for (guint i = 0; i < a->values->len; i++)
        g_assert_cmpstr (((AltoscopeDhcpValue *) back->values->pdata[i])->raw, ==,
                         ((AltoscopeDhcpValue *) a->values->pdata[i])->raw);
      g_assert_cmpstr (back->status_message, ==, a->status_message);
      g_assert_cmpstr (back->error_message, ==, a->error_message);
    }

  /* A DHCPACK that fits a normal MTU: 1 365 bytes with an option 15 of
   * 1 100 bytes, nearly all of them not printable (over 4 096 characters
   * once escaped, where the window used to cut it). */
  {
    g_autoptr(GByteArray) b = v4_reply (9, 5);
    g_autoptr(AltoscopeDhcpAnswer) a = altoscope_dhcp_answer_new ("eth0", ALTOSCOPE_FAMILY_IPV4);
    AltoscopeDhcpReply r;
    guint8 chunk[257];
    guint total = 0;

    while (total < 1100)
      {
        guint n = MIN (255, 1100 - total);
        chunk[0] = 15;
        chunk[1] = (guint8) n;
        for (guint i = 0; i < n; i++)
          chunk[2 + i] = (total + i) % 20 ? 0x9b : 'a' + (total + i) % 26;
        append (b, chunk, n + 2);
        total += n;
      }
    chunk[0] = 255;
    append (b, chunk, 1);
    while (b->len < 1365)
      g_byte_array_append (b, (const guint8 *) "", 1);
    g_assert_cmpint (altoscope_dhcp4_parse_reply (b->data, b->len, 9, mac, 6, &r), ==,
                     ALTOSCOPE_DHCP_REPLY_OK);
    altoscope_dhcp_answer_take_reply (a, &r, "192.0.2.1");
    altoscope_dhcp_reply_clear (&r);
    g_assert_cmpuint (strlen (((AltoscopeDhcpValue *) a->values->pdata[0])->raw), >, 4096);
    g_free (round_trip (a, NULL));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/dhcp-wire/build", test_build);
  g_test_add_func ("/core/dhcp-wire/parse-v4", test_parse_v4);
  g_test_add_func ("/core/dhcp-wire/parse-v6-and-answer", test_parse_v6);
  g_test_add_func ("/core/dhcp-wire/v4-not-ours", test_v4_not_ours);
  g_test_add_func ("/core/dhcp-wire/v6-not-ours", test_v6_not_ours);
  g_test_add_func ("/core/dhcp-wire/udp6", test_udp6);
  g_test_add_func ("/core/dhcp-wire/retransmission", test_retransmission);
  g_test_add_func ("/core/dhcp-wire/checksum", test_checksum);
  g_test_add_func ("/core/dhcp-wire/step1-order", test_step1_order);
  g_test_add_func ("/core/dhcp-wire/from-json-refuses", test_from_json_refuses);
  g_test_add_func ("/core/dhcp-wire/answer-limits", test_answer_limits);
  return g_test_run ();
}
