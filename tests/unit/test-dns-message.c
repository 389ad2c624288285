/* Unit tests: DNS wire format (altoscope-dns-message.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <gio/gio.h>

#include "altoscope-dns-message.h"
#include "altoscope-error.h"

/* A message builder for the tests: header, question, raw bytes. */
static GByteArray *
msg_start (guint16 flags, guint16 an, guint16 ns, guint16 ar)
{
  GByteArray *b = g_byte_array_new ();
  guint8 h[12] = { 0x12, 0x34, flags >> 8, flags & 0xff, 0, 1, an >> 8, an & 0xff,
                   ns >> 8, ns & 0xff, ar >> 8, ar & 0xff };
  static const guint8 q[] = { 3, 'f', 'o', 'o', 4, 't', 'e', 's', 't', 0, 0, 35, 0, 1 };
  g_byte_array_append (b, h, sizeof h);
  g_byte_array_append (b, q, sizeof q);
  return b;
}

static void
put (GByteArray *b, const void *data, gsize len)
{
  g_byte_array_append (b, data, len);
}

static void
put_rr_head (GByteArray *b, guint16 type, guint32 ttl, guint16 rdlen)
{
  guint8 h[] = { 0xc0, 0x0c, type >> 8, type & 0xff, 0, 1,
                 ttl >> 24, (ttl >> 16) & 0xff, (ttl >> 8) & 0xff, ttl & 0xff,
                 rdlen >> 8, rdlen & 0xff };
  put (b, h, sizeof h);
}

static GByteArray *
naptr_message (void)
{
  GByteArray *b = msg_start (0x81a0, 1, 0, 1);   /* QR RD RA AD */
  static const guint8 rdata[] = {
    0, 100, 0, 10,
    1, 'u',
    10, 'A', 'L', 'T', 'O', ':', 'h', 't', 't', 'p', 's',
    24, '!', '.', '*', '!', 'h', 't', 't', 'p', 's', ':', '/', '/', 'a', '.', 't', 'e', 's', 't',
        '/', 'i', 'r', 'd', '!', '!',
    0,
  };
  static const guint8 opt[] = { 0, 0, 41, 0x04, 0xd0, 0, 0, 0x80, 0,
                                0, 10, 0, 15, 0, 6, 0, 6, 'b', 'a', 'd', '!' };
  put_rr_head (b, 35, 300, sizeof rdata);
  put (b, rdata, sizeof rdata);
  put (b, opt, sizeof opt);
  return b;
}

static void
test_parse_naptr (void)
{
  g_autoptr(GByteArray) b = naptr_message ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeDnsMessage) msg = altoscope_dns_message_parse (b->data, b->len, &error);
  const AltoscopeDnsRecord *rr;

  g_assert_no_error (error);
  g_assert_nonnull (msg);
  g_assert_true (msg->qr);
  g_assert_true (msg->ad);
  g_assert_false (msg->cd);
  g_assert_cmpuint (msg->rcode, ==, 0);
  g_assert_cmpstr (msg->qname, ==, "foo.test");
  g_assert_cmpuint (msg->qtype, ==, 35);
  g_assert_cmpuint (msg->records->len, ==, 1);
  rr = msg->records->pdata[0];
  g_assert_cmpstr (rr->name, ==, "foo.test");
  g_assert_cmpuint (rr->ttl, ==, 300);
  g_assert_cmpuint (rr->data.naptr.order, ==, 100);
  g_assert_cmpuint (rr->data.naptr.preference, ==, 10);
  g_assert_cmpstr (rr->data.naptr.flags.text, ==, "u");
  g_assert_cmpstr (rr->data.naptr.service.text, ==, "ALTO:https");
  g_assert_cmpuint (strlen (rr->data.naptr.regexp.text), ==, 24);
  g_assert_cmpstr (rr->data.naptr.replacement, ==, ".");
  g_assert_true (msg->has_opt);
  g_assert_true (msg->do_bit);
  g_assert_cmpuint (msg->udp_size, ==, 1232);
  g_assert_cmpuint (msg->ede->len, ==, 1);
  g_assert_cmpuint (g_array_index (msg->ede, AltoscopeDnsEde, 0).info_code, ==, 6);
  g_assert_cmpstr (g_array_index (msg->ede, AltoscopeDnsEde, 0).extra_text, ==, "bad!");
}

static void
test_parse_rejects_pointer_loop (void)
{
  g_autoptr(GByteArray) b = msg_start (0x8180, 1, 0, 0);
  g_autoptr(GError) error = NULL;
  guint8 self_ptr[2] = { 0xc0, (guint8) b->len };   /* points at itself */
  guint8 rest[] = { 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 1 };
  AltoscopeDnsMessage *msg;

  put (b, self_ptr, 2);
  put (b, rest, sizeof rest);
  msg = altoscope_dns_message_parse (b->data, b->len, &error);
  g_assert_null (msg);
  g_assert_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_BAD_RESPONSE);
}

static void
test_parse_rejects_forward_pointer (void)
{
  g_autoptr(GByteArray) b = msg_start (0x8180, 1, 0, 0);
  g_autoptr(GError) error = NULL;
  guint8 fwd[2] = { 0xc0, (guint8) (b->len + 4) };
  guint8 rest[] = { 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 1 };

  put (b, fwd, 2);
  put (b, rest, sizeof rest);
  g_assert_null (altoscope_dns_message_parse (b->data, b->len, &error));
  g_assert_nonnull (error);
}

static void
test_parse_rejects_truncation (void)
{
  g_autoptr(GByteArray) b = naptr_message ();

  /* The header counts two records, so every strict prefix is invalid. */
  for (guint len = 0; len < b->len; len++)
    {
      g_autoptr(GError) error = NULL;
      AltoscopeDnsMessage *msg = altoscope_dns_message_parse (b->data, len, &error);
      g_assert_null (msg);
      g_assert_nonnull (error);
    }
}

static void
test_parse_rejects_two_opts (void)
{
  g_autoptr(GByteArray) b = msg_start (0x8180, 0, 0, 2);
  g_autoptr(GError) error = NULL;
  static const guint8 opt[] = { 0, 0, 41, 4, 0xd0, 0, 0, 0, 0, 0, 0 };

  put (b, opt, sizeof opt);
  put (b, opt, sizeof opt);
  g_assert_null (altoscope_dns_message_parse (b->data, b->len, &error));
}

static void
test_parse_escapes_names_and_strings (void)
{
  g_autoptr(GByteArray) b = msg_start (0x8180, 1, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeDnsMessage) msg = NULL;
  const AltoscopeDnsRecord *rr;
  static const guint8 rdata[] = {
    0, 1, 0, 2,
    1, 'u',
    4, 'A', 'L', 0x1b, 'O',
    3, '\\', 0xe2, '!',
    5, 'a', '.', 'b', 0x00, '\n', 0,
  };

  put_rr_head (b, 35, 0x80000000u, sizeof rdata);
  put (b, rdata, sizeof rdata);
  msg = altoscope_dns_message_parse (b->data, b->len, &error);
  g_assert_no_error (error);
  rr = msg->records->pdata[0];
  g_assert_cmpuint (rr->ttl, ==, 0);   /* RFC 2181 §8 */
  g_assert_false (rr->data.naptr.service.clean);
  g_assert_cmpstr (rr->data.naptr.service.text, ==, "AL\\027O");
  g_assert_cmpstr (rr->data.naptr.regexp.text, ==, "\\\\\\226!");
  g_assert_cmpstr (rr->data.naptr.replacement, ==, "a\\.b\\000\\010");
}

static void
test_parse_cname_chain (void)
{
  g_autoptr(GByteArray) b = msg_start (0x8180, 3, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeDnsMessage) msg = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *final = NULL;
  /* foo.test CNAME bar.test; bar.test CNAME foo.test (a loop); A for bar */
  static const guint8 cname1[] = { 3, 'b', 'a', 'r', 0xc0, 0x10 };
  guint8 owner_bar[2];
  static const guint8 tail[] = { 0, 5, 0, 1, 0, 0, 0, 60, 0, 2, 0xc0, 0x0c };

  put_rr_head (b, 5, 60, sizeof cname1);
  owner_bar[0] = 0xc0;
  owner_bar[1] = (guint8) b->len;
  put (b, cname1, sizeof cname1);
  put (b, owner_bar, 2);
  put (b, tail, sizeof tail);
  {
    static const guint8 a_tail[] = { 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1 };
    put (b, owner_bar, 2);
    put (b, a_tail, sizeof a_tail);
  }
  msg = altoscope_dns_message_parse (b->data, b->len, &error);
  g_assert_no_error (error);
  found = altoscope_dns_message_answers_for (msg, 1, &final);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (final, ==, "bar.test");
  g_clear_pointer (&found, g_ptr_array_unref);
  /* NAPTR: none, and the CNAME loop ends */
  found = altoscope_dns_message_answers_for (msg, 35, NULL);
  g_assert_cmpuint (found->len, ==, 0);
}

static void
test_build_query (void)
{
  g_autoptr(GError) error = NULL;
  gsize len;
  g_autofree guint8 *q = altoscope_dns_build_query ("Alto.Example.", 35, TRUE, 1232, &len, &error);
  static const guint8 expected[] = {
    0, 0, 0x01, 0x10, 0, 1, 0, 0, 0, 0, 0, 1,
    4, 'A', 'l', 't', 'o', 7, 'E', 'x', 'a', 'm', 'p', 'l', 'e', 0, 0, 35, 0, 1,
    0, 0, 41, 0x04, 0xd0, 0, 0, 0x80, 0, 0, 0,
  };

  g_assert_no_error (error);
  g_assert_cmpmem (q, len, expected, sizeof expected);
}

static void
test_build_query_escapes_and_limits (void)
{
  g_autoptr(GError) error = NULL;
  gsize len;
  g_autofree guint8 *q = altoscope_dns_build_query ("a\\.b\\000.test", 1, FALSE, 512, &len, &error);
  g_autofree char *long_label = g_strnfill (64, 'x');
  g_autoptr(GString) long_name = g_string_new (NULL);
  guint8 *bad;

  g_assert_no_error (error);
  g_assert_cmpuint (q[12], ==, 4);
  g_assert_cmpmem (q + 13, 4, "a.b\0", 4);
  g_assert_cmpuint (q[3], ==, 0);   /* no CD */

  bad = altoscope_dns_build_query (long_label, 1, FALSE, 512, &len, &error);
  g_assert_null (bad);
  g_assert_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  for (int i = 0; i < 64; i++)
    g_string_append (long_name, "abc.");
  bad = altoscope_dns_build_query (long_name->str, 1, FALSE, 512, &len, &error);
  g_assert_null (bad);
  g_clear_error (&error);

  bad = altoscope_dns_build_query ("a..b", 1, FALSE, 512, &len, &error);
  g_assert_null (bad);
}

static void
test_build_query_without_edns (void)
{
  gsize len;
  g_autofree guint8 *q = altoscope_dns_build_query ("a.test", 35, FALSE, 0, &len, NULL);
  g_autoptr(AltoscopeDnsMessage) msg = altoscope_dns_message_parse (q, len, NULL);

  g_assert_nonnull (msg);
  g_assert_false (msg->has_opt);
  g_assert_cmpuint (q[11], ==, 0);   /* ARCOUNT */
  g_assert_cmpuint (len, ==, 12 + 8 + 4);
}

/* A query we build must be readable by our own parser, CD and DO intact. */
static void
test_build_parse_round_trip (void)
{
  gsize len;
  g_autofree guint8 *q = altoscope_dns_build_query ("x.y.test", 28, TRUE, 1232, &len, NULL);
  g_autoptr(AltoscopeDnsMessage) msg = altoscope_dns_message_parse (q, len, NULL);

  g_assert_nonnull (msg);
  g_assert_true (msg->cd);
  g_assert_true (msg->do_bit);
  g_assert_cmpstr (msg->qname, ==, "x.y.test");
  g_assert_cmpuint (msg->qtype, ==, 28);
}

/* Random damage to a valid message: parsing must never crash or loop; run
 * under AddressSanitizer in the sanitizer build. */
static void
test_parse_mutations (void)
{
  g_autoptr(GByteArray) base = naptr_message ();
  GRand *rand = g_rand_new_with_seed (7286);
  guint parsed = 0;

  for (int i = 0; i < 20000; i++)
    {
      g_autofree guint8 *copy = g_memdup2 (base->data, base->len);
      gsize len = base->len;
      int flips = g_rand_int_range (rand, 1, 6);
      AltoscopeDnsMessage *msg;

      for (int f = 0; f < flips; f++)
        copy[g_rand_int_range (rand, 0, (int) len)] = (guint8) g_rand_int_range (rand, 0, 256);
      if (g_rand_boolean (rand))
        len = g_rand_int_range (rand, 0, (int) len + 1);
      msg = altoscope_dns_message_parse (copy, len, NULL);
      if (msg != NULL)
        {
          parsed++;
          for (guint r = 0; r < msg->records->len; r++)
            {
              const AltoscopeDnsRecord *rr = msg->records->pdata[r];
              g_assert_true (g_utf8_validate (rr->name, -1, NULL));
              for (const char *p = rr->name; *p; p++)
                g_assert_true (*p >= 0x21 && *p < 0x7f);
            }
        }
      altoscope_dns_message_free (msg);
    }
  g_rand_free (rand);
  g_test_message ("%u of 20000 mutations still parsed", parsed);
  g_assert_cmpuint (parsed, >, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/dns/parse/naptr", test_parse_naptr);
  g_test_add_func ("/core/dns/parse/pointer-loop", test_parse_rejects_pointer_loop);
  g_test_add_func ("/core/dns/parse/forward-pointer", test_parse_rejects_forward_pointer);
  g_test_add_func ("/core/dns/parse/truncation", test_parse_rejects_truncation);
  g_test_add_func ("/core/dns/parse/two-opts", test_parse_rejects_two_opts);
  g_test_add_func ("/core/dns/parse/escapes", test_parse_escapes_names_and_strings);
  g_test_add_func ("/core/dns/parse/cname-chain", test_parse_cname_chain);
  g_test_add_func ("/core/dns/parse/mutations", test_parse_mutations);
  g_test_add_func ("/core/dns/build/query", test_build_query);
  g_test_add_func ("/core/dns/build/escapes-and-limits", test_build_query_escapes_and_limits);
  g_test_add_func ("/core/dns/build/round-trip", test_build_parse_round_trip);
  g_test_add_func ("/core/dns/build/no-edns", test_build_query_without_edns);
  return g_test_run ();
}
