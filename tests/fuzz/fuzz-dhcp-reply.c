/* libFuzzer harness: a reply to DHCPINFORM or Information-Request, as a
 * DHCP server (or anyone on the link) may send it, read from its UDP header
 * on as the raw socket hands it over; then the answer made of it, its JSON
 * text, and that text read back as the window reads the helper's.
 *
 * Input: one byte choosing the family (even: DHCPv4 inside an IPv4 packet,
 * odd: DHCPv6 inside a UDP datagram), then the bytes; when the headers do
 * not parse, the bytes are taken as the message itself, so that both the
 * header readers and the message parsers are reached.  The transaction id
 * is taken from the input so that "ours" is reached; the client's identity
 * is fixed (chaddr 02:00:00:00:00:07, its DUID-LL), as the seeds carry it.
 *
 * Properties: the payload found lies inside the input; the text is UTF-8;
 * and (issue 14) answer → JSON → answer → JSON is the identity, with the
 * same fingerprint: what the helper prints is what the window reads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <glib.h>

#include "altoscope-dhcp-answer.h"
#include "altoscope-dhcp-wire.h"
#include "altoscope-json.h"
#include "altoscope-report.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static const guint8 mac[6] = { 0x02, 0, 0, 0, 0, 0x07 };

static void
check_round_trip (AltoscopeDhcpAnswer *a)
{
  g_autoptr(JsonNode) json = altoscope_dhcp_answer_to_json (a);
  g_autofree char *text = altoscope_json_to_string (json, FALSE);
  g_autoptr(JsonNode) parsed = NULL;
  g_autoptr(AltoscopeDhcpAnswer) back = NULL;
  g_autoptr(JsonNode) json2 = NULL;
  g_autofree char *text2 = NULL;
  g_autofree char *p1 = NULL;
  g_autofree char *p2 = NULL;

  if (strlen (text) > ALTOSCOPE_DHCP_ANSWER_MAX_JSON)
    __builtin_trap ();   /* the helper's output would be refused */
  parsed = altoscope_json_parse (text, strlen (text), NULL);
  if (parsed == NULL)
    __builtin_trap ();
  back = altoscope_dhcp_answer_from_json (parsed, NULL);
  if (back == NULL)
    __builtin_trap ();
  json2 = altoscope_dhcp_answer_to_json (back);
  text2 = altoscope_json_to_string (json2, FALSE);
  if (strcmp (text, text2) != 0)
    __builtin_trap ();
  p1 = altoscope_dhcp_answer_fingerprint (a);
  p2 = altoscope_dhcp_answer_fingerprint (back);
  if (g_strcmp0 (p1, p2) != 0)
    __builtin_trap ();
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  AltoscopeDhcpReply reply;
  AltoscopeDhcpReplyStatus status;
  g_autoptr(GBytes) duid = altoscope_dhcp6_client_duid (mac, sizeof mac);
  const guint8 *payload;
  gsize len = 0;
  gboolean v6;
  guint32 xid = 0;

  if (size < 1)
    return 0;
  v6 = data[0] & 1;
  data++, size--;
  payload = v6 ? altoscope_udp6_payload (data, size, 547, 546, &len)
               : altoscope_ipv4_udp_payload (data, size, 67, 68, NULL, &len);
  if (payload != NULL && (payload < data || payload + len > data + size))
    __builtin_trap ();
  if (payload == NULL)
    {
      payload = data;
      len = size;
    }
  if (v6)
    {
      if (len >= 4)
        xid = ((guint32) payload[1] << 16) | ((guint32) payload[2] << 8) | payload[3];
      status = altoscope_dhcp6_parse_reply (payload, len, xid, duid, &reply);
    }
  else
    {
      if (len >= 8)
        xid = ((guint32) payload[4] << 24) | ((guint32) payload[5] << 16)
              | ((guint32) payload[6] << 8) | payload[7];
      status = altoscope_dhcp4_parse_reply (payload, len, xid, mac, sizeof mac, &reply);
    }

  if (status == ALTOSCOPE_DHCP_REPLY_OK || status == ALTOSCOPE_DHCP_REPLY_REFUSED)
    {
      g_autoptr(AltoscopeDhcpAnswer) a = altoscope_dhcp_answer_new (
          "fuzz0", v6 ? ALTOSCOPE_FAMILY_IPV6 : ALTOSCOPE_FAMILY_IPV4);
      g_autofree char *text = NULL;

      altoscope_dhcp_answer_take_reply (a, &reply, v6 ? "fe80::1" : "192.0.2.1");
      if (status == ALTOSCOPE_DHCP_REPLY_REFUSED)
        altoscope_dhcp_answer_set_error (a, ALTOSCOPE_DHCP_ERROR_REFUSED, reply.problem, NULL);
      text = altoscope_dhcp_answer_to_text (a);
      if (!g_utf8_validate (text, -1, NULL))
        __builtin_trap ();
      check_round_trip (a);
    }
  altoscope_dhcp_reply_clear (&reply);
  return 0;
}
