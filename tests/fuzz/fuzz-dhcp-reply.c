/* libFuzzer harness: a reply to DHCPINFORM or Information-Request, as a
 * DHCP server (or anyone on the link) may send it; then the answer made of
 * it, its JSON, and that JSON read back as the window reads the helper's.
 *
 * Input: one byte choosing the family (even: DHCPv4 inside an IPv4 packet,
 * odd: DHCPv6), then the bytes.  The transaction id is taken from the input
 * so that "ours" is reached.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>

#include "altoscope-dhcp-answer.h"
#include "altoscope-dhcp-wire.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  AltoscopeDhcpReply reply;
  AltoscopeDhcpReplyStatus status;
  gboolean v6;
  guint32 xid = 0;

  if (size < 1)
    return 0;
  v6 = data[0] & 1;
  data++, size--;
  if (v6)
    {
      if (size >= 4)
        xid = ((guint32) data[1] << 16) | ((guint32) data[2] << 8) | data[3];
      status = altoscope_dhcp6_parse_reply (data, size, xid, &reply);
    }
  else
    {
      gsize len = 0;
      const guint8 *payload = altoscope_ipv4_udp_payload (data, size, 67, 68, NULL, &len);
      if (payload == NULL)
        {
          payload = data;
          len = size;
        }
      if (len >= 8)
        xid = ((guint32) payload[4] << 24) | ((guint32) payload[5] << 16)
              | ((guint32) payload[6] << 8) | payload[7];
      status = altoscope_dhcp4_parse_reply (payload, len, xid, &reply);
    }

  if (status == ALTOSCOPE_DHCP_REPLY_OK || status == ALTOSCOPE_DHCP_REPLY_REFUSED)
    {
      g_autoptr(AltoscopeDhcpAnswer) a = altoscope_dhcp_answer_new (
          "fuzz0", v6 ? ALTOSCOPE_FAMILY_IPV6 : ALTOSCOPE_FAMILY_IPV4);
      g_autoptr(JsonNode) json = NULL;
      g_autoptr(AltoscopeDhcpAnswer) back = NULL;
      g_autofree char *text = NULL;

      altoscope_dhcp_answer_take_reply (a, &reply, v6 ? "fe80::1" : "192.0.2.1");
      if (status == ALTOSCOPE_DHCP_REPLY_REFUSED)
        altoscope_dhcp_answer_set_error (a, "dhcp-refused", reply.problem, NULL);
      text = altoscope_dhcp_answer_to_text (a);
      if (!g_utf8_validate (text, -1, NULL))
        __builtin_trap ();
      json = altoscope_dhcp_answer_to_json (a);
      back = altoscope_dhcp_answer_from_json (json, NULL);
      /* What we print, we read back, to the same step-1 input. */
      if (back == NULL)
        __builtin_trap ();
      {
        g_autofree char *p1 = altoscope_dhcp_answer_fingerprint (a);
        g_autofree char *p2 = altoscope_dhcp_answer_fingerprint (back);
        if (g_strcmp0 (p1, p2) != 0)
          __builtin_trap ();
      }
    }
  altoscope_dhcp_reply_clear (&reply);
  return 0;
}
