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

static const guint8 mac[6] = { 0x02, 0, 0, 0, 0, 0x07 };

/* "example.net" in DNS wire format */
static const guint8 example_net[] = { 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'n', 'e', 't', 0 };

static GByteArray *
v4_reply (guint32 xid, int type)
{
  GByteArray *b = g_byte_array_new ();
  guint8 fixed[236] = { 2, 1, 6, 0, xid >> 24, xid >> 16, xid >> 8, xid };
  guint8 head[] = { 99, 130, 83, 99, 53, 1, (guint8) type, 54, 4, 192, 0, 2, 1 };

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
  g_autoptr(GByteArray) inforeq = altoscope_dhcp6_build_inforeq (0xabcdef, mac, 6, 150);
  static const guint8 prl[] = { 55, 2, 213, 15 };
  static const guint8 oro[] = { 0, 6, 0, 4, 0, 57, 0, 32 };
  static const guint8 elapsed[] = { 0, 8, 0, 2, 0, 150 };
  static const guint8 duid[] = { 0, 1, 0, 10, 0, 3, 0, 1, 2, 0, 0, 0, 0, 7 };

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
  g_assert_cmpmem (inforeq->data + 4, sizeof duid, duid, sizeof duid);
  g_assert_cmpmem (inforeq->data + 4 + sizeof duid, sizeof oro, oro, sizeof oro);
  g_assert_cmpmem (inforeq->data + 4 + sizeof duid + sizeof oro, sizeof elapsed, elapsed,
                   sizeof elapsed);
  g_assert_cmpuint (inforeq->len, ==, 4 + sizeof duid + sizeof oro + sizeof elapsed);
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
    g_assert_cmpint (altoscope_dhcp4_parse_reply (b->data, b->len, 42, &r), ==,
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
    g_assert_cmpint (altoscope_dhcp4_parse_reply (b->data, b->len, 43, &r), ==,
                     ALTOSCOPE_DHCP_REPLY_NOT_OURS);
    altoscope_dhcp_reply_clear (&r);
    /* cut inside the options */
    g_assert_cmpint (altoscope_dhcp4_parse_reply (b->data, 240 + 9 + 4, 42, &r), ==,
                     ALTOSCOPE_DHCP_REPLY_MALFORMED);
    g_assert_nonnull (r.problem);
    altoscope_dhcp_reply_clear (&r);
    /* no magic cookie */
    b->data[236] = 0;
    g_assert_cmpint (altoscope_dhcp4_parse_reply (b->data, b->len, 42, &r), ==,
                     ALTOSCOPE_DHCP_REPLY_MALFORMED);
    altoscope_dhcp_reply_clear (&r);
  }
  /* DHCPNAK, with a message made safe */
  {
    g_autoptr(GByteArray) b = v4_reply (7, 6);
    static const guint8 msg[] = { 56, 4, 'n', 'o', 0x1b, '!', 255 };
    append (b, msg, sizeof msg);
    g_assert_cmpint (altoscope_dhcp4_parse_reply (b->data, b->len, 7, &r), ==,
                     ALTOSCOPE_DHCP_REPLY_REFUSED);
    g_assert_null (strchr (r.status_message, 0x1b));
    altoscope_dhcp_reply_clear (&r);
  }
  /* an OFFER or a request is not an answer to INFORM */
  {
    g_autoptr(GByteArray) b = v4_reply (7, 2);
    g_assert_cmpint (altoscope_dhcp4_parse_reply (b->data, b->len, 7, &r), ==,
                     ALTOSCOPE_DHCP_REPLY_NOT_OURS);
    altoscope_dhcp_reply_clear (&r);
    b->data[0] = 1;
    g_assert_cmpint (altoscope_dhcp4_parse_reply (b->data, b->len, 7, &r), ==,
                     ALTOSCOPE_DHCP_REPLY_NOT_OURS);
    altoscope_dhcp_reply_clear (&r);
  }
}

static void
test_parse_v6 (void)
{
  AltoscopeDhcpReply r;
  g_autoptr(GByteArray) b = g_byte_array_new ();
  static const guint8 head[] = { 7, 0xab, 0xcd, 0xef, 0, 2, 0, 2, 0xaa, 0xbb,
                                 0, 32, 0, 4, 0, 0, 0, 100, 0, 57, 0, 13 };

  append (b, head, sizeof head);
  append (b, example_net, sizeof example_net);
  g_assert_cmpint (altoscope_dhcp6_parse_reply (b->data, b->len, 0xabcdef, &r), ==,
                   ALTOSCOPE_DHCP_REPLY_OK);
  g_assert_cmpstr (r.server_id, ==, "aa:bb");
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

  g_assert_cmpint (altoscope_dhcp6_parse_reply (b->data, b->len, 0xabcdee, &r), ==,
                   ALTOSCOPE_DHCP_REPLY_NOT_OURS);
  altoscope_dhcp_reply_clear (&r);
  g_assert_cmpint (altoscope_dhcp6_parse_reply (b->data, b->len - 1, 0xabcdef, &r), ==,
                   ALTOSCOPE_DHCP_REPLY_MALFORMED);
  altoscope_dhcp_reply_clear (&r);
  b->data[0] = 2;   /* an Advertise */
  g_assert_cmpint (altoscope_dhcp6_parse_reply (b->data, b->len, 0xabcdef, &r), ==,
                   ALTOSCOPE_DHCP_REPLY_NOT_OURS);
  altoscope_dhcp_reply_clear (&r);
  {
    static const guint8 refused[] = { 7, 0, 0, 1, 0, 13, 0, 4, 0, 2, 'n', 'o' };
    g_assert_cmpint (altoscope_dhcp6_parse_reply (refused, sizeof refused, 1, &r), ==,
                     ALTOSCOPE_DHCP_REPLY_REFUSED);
    g_assert_cmpint (r.status_code, ==, 2);
    g_assert_cmpstr (r.status_message, ==, "no");
    altoscope_dhcp_reply_clear (&r);
  }
  {
    /* No option 32: RFC 8415's default, a day. */
    static const guint8 bare[] = { 7, 0, 0, 1 };
    g_autoptr(AltoscopeDhcpAnswer) a = altoscope_dhcp_answer_new ("eth0", ALTOSCOPE_FAMILY_IPV6);
    g_assert_cmpint (altoscope_dhcp6_parse_reply (bare, sizeof bare, 1, &r), ==,
                     ALTOSCOPE_DHCP_REPLY_OK);
    altoscope_dhcp_answer_take_reply (a, &r, "fe80::1");
    g_assert_cmpint (a->lifetime_s, ==, 86400);
    g_assert_cmpuint (a->values->len, ==, 0);
    altoscope_dhcp_reply_clear (&r);
  }
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
  altoscope_choose_domain (link, ALTOSCOPE_FAMILY_IPV4, NULL, NULL, a213, &c);
  g_assert_cmpstr (c.domain, ==, "example.net");
  g_assert_cmpstr (c.source, ==, "dhcp4-inform-option-213");
  g_assert_cmpstr (c.dhcp_server, ==, "192.0.2.1");
  altoscope_domain_choice_clear (&c);
  /* A malformed 213 is said, and 15 is used. */
  altoscope_choose_domain (link, ALTOSCOPE_FAMILY_IPV4, NULL, NULL, bad213, &c);
  g_assert_cmpstr (c.source, ==, "dhcp4-option-15");
  g_assert_null (c.dhcp_server);
  g_assert_cmpuint (c.warnings->len, >=, 2);
  altoscope_domain_choice_clear (&c);
  /* An override still wins. */
  altoscope_choose_domain (link, ALTOSCOPE_FAMILY_IPV4, "mine.example", "override-interface",
                           a213, &c);
  g_assert_cmpstr (c.source, ==, "override-interface");
  altoscope_domain_choice_clear (&c);
  /* IPv6: 57 asked; an answer without it says so. */
  altoscope_choose_domain (link, ALTOSCOPE_FAMILY_IPV6, NULL, NULL, a57, &c);
  g_assert_cmpstr (c.source, ==, "dhcp6-inforeq-option-57");
  altoscope_domain_choice_clear (&c);
  altoscope_choose_domain (link, ALTOSCOPE_FAMILY_IPV6, NULL, NULL, none6, &c);
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
    NULL,
  };

  for (guint i = 0; bad[i]; i++)
    {
      g_autoptr(JsonNode) node = json_from_string (bad[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(AltoscopeDhcpAnswer) a = altoscope_dhcp_answer_from_json (node, &error);
      g_assert_null (a);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/dhcp-wire/build", test_build);
  g_test_add_func ("/core/dhcp-wire/parse-v4", test_parse_v4);
  g_test_add_func ("/core/dhcp-wire/parse-v6-and-answer", test_parse_v6);
  g_test_add_func ("/core/dhcp-wire/retransmission", test_retransmission);
  g_test_add_func ("/core/dhcp-wire/checksum", test_checksum);
  g_test_add_func ("/core/dhcp-wire/step1-order", test_step1_order);
  g_test_add_func ("/core/dhcp-wire/from-json-refuses", test_from_json_refuses);
  return g_test_run ();
}
