/* altoscope-reverse-names.c: which reverse-tree names RFC 8686 looks up
 * for an IP address or prefix, longest prefix first
 *
 * RFC 8686 §3.2 and §3.3: the address (or the prefix's address) is turned
 * into its name in the "in-addr.arpa." or "ip6.arpa." tree, then shortened
 * to a fixed series of prefix lengths: IPv4 /32, /24, /16, /8 (whole
 * octets) and IPv6 /128, /64, /56, /48, /32 (nibbles).  For a prefix /L
 * the list starts at the longest length of that series not longer than L:
 * a name for a longer prefix would stand for addresses outside the one
 * asked about, so 192.0.2.0/25 starts at /24, 2001:db8::/60 at /56.  A
 * prefix shorter than the series' shortest (/8, /32 for IPv6) has no name
 * at all, and is refused (§3.5: invalid input ends the procedure).
 *
 * Our choices where the RFC leaves the text form open: only plain dotted
 * quads (no "010", no "10.1"), IPv6 as inet_pton(3) reads it, no zone
 * ("%eth0": a zone is local, the reverse tree is not), LEN in decimal
 * without sign or leading zero, and no host bits set after LEN: such a
 * text is either a typing error or an address with its subnet, and
 * guessing which would look up names for something else than was asked;
 * the message names the prefix that was probably meant.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <arpa/inet.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "altoscope-error.h"
#include "altoscope-reverse-names.h"
#include "altoscope-text.h"

#define MAX_TEXT 64    /* longer than any address with a length */

static const guint ipv4_series[] = { 32, 24, 16, 8 };
static const guint ipv6_series[] = { 128, 64, 56, 48, 32 };

static gboolean
fail (GError    **error,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError    **error,
      const char *format,
      ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT, message);
  return FALSE;
}

/* LEN: decimal, no sign, no leading zero, at most @max. */
static gboolean
parse_length (const char *text,
              guint       max,
              guint      *len,
              GError    **error)
{
  g_autofree char *shown = altoscope_text_safe (text);  /* typed text: never raw */
  guint64 value = 0;

  if (*text == '\0' || (text[0] == '0' && text[1] != '\0') || strlen (text) > 3)
    return fail (error, _("The prefix length “%s” is not a number from 0 to %u"), shown, max);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return fail (error, _("The prefix length “%s” is not a number from 0 to %u"), shown, max);
      value = value * 10 + (guint) (*p - '0');
    }
  if (value > max)
    return fail (error, _("The prefix length %u is longer than an address (at most %u)"),
                 (guint) value, max);
  *len = (guint) value;
  return TRUE;
}

/* The first bit set at or after @len, or -1. */
static int
first_host_bit (const guint8 *bytes,
                guint         bits,
                guint         len)
{
  for (guint i = len; i < bits; i++)
    if (bytes[i / 8] & (0x80 >> (i % 8)))
      return (int) i;
  return -1;
}

static char *
text_of (const guint8 *bytes,
         int           af)
{
  char buf[INET6_ADDRSTRLEN];

  inet_ntop (af, bytes, buf, sizeof buf);
  return g_strdup (buf);
}

/* The name standing for the first @len bits, @len a multiple of 8 (IPv4)
 * or 4 (IPv6): RFC 1035 §3.5 and RFC 3596 §2.5. */
static char *
reverse_name (const guint8 *bytes,
              gboolean      v6,
              guint         len)
{
  GString *name = g_string_new (NULL);

  if (!v6)
    {
      for (int i = (int) (len / 8) - 1; i >= 0; i--)
        g_string_append_printf (name, "%u.", bytes[i]);
      g_string_append (name, "in-addr.arpa.");
    }
  else
    {
      for (int n = (int) (len / 4) - 1; n >= 0; n--)
        g_string_append_printf (name, "%x.", n % 2 ? bytes[n / 2] & 0x0f : bytes[n / 2] >> 4);
      g_string_append (name, "ip6.arpa.");
    }
  return g_string_free (name, FALSE);
}

/* The address part of @text (a copy): v4 or v6, as bytes. */
static gboolean
parse_address (const char *text,
               guint8     *bytes,
               gboolean   *v6,
               GError    **error)
{
  g_autofree char *shown = altoscope_text_safe (text);  /* typed text: never raw */

  if (strchr (text, '%') != NULL)
    return fail (error, _("“%s” has a zone (“%%…”); the reverse tree knows no zones"), shown);
  if (inet_pton (AF_INET, text, bytes) == 1)
    *v6 = FALSE;
  else if (inet_pton (AF_INET6, text, bytes) == 1)
    *v6 = TRUE;
  else
    return fail (error, _("“%s” is not an IPv4 or IPv6 address"), shown);
  return TRUE;
}

static GArray *
names_for (const guint8 *bytes,
           gboolean      v6,
           guint         len)
{
  const guint *series = v6 ? ipv6_series : ipv4_series;
  guint n = v6 ? G_N_ELEMENTS (ipv6_series) : G_N_ELEMENTS (ipv4_series);
  GArray *names = altoscope_reverse_names_array_new ();

  for (guint i = 0; i < n; i++)
    {
      AltoscopeReverseName name = { 0 };

      if (series[i] > len)
        continue;
      name.name = reverse_name (bytes, v6, series[i]);
      name.prefix_len = series[i];
      name.outcome = ALTOSCOPE_REVERSE_OUTCOME_NOT_TRIED;
      name.error_code = ALTOSCOPE_ERROR_NONE;
      name.dnssec = ALTOSCOPE_DNSSEC_INDETERMINATE;
      g_array_append_val (names, name);
    }
  return names;
}

/* RFC 8686's names for @input ("IP" or "IP/LEN", surrounding blanks
 * ignored), longest prefix first; @normalized (optional) gets the input as
 * "IP/LEN" in canonical text.  NULL with ALTOSCOPE_ERROR_INVALID_INPUT and
 * a translated message saying what is wrong. */
GArray *
altoscope_reverse_names_new (const char  *input,
                             char       **normalized,
                             GError     **error)
{
  g_autofree char *text = g_strstrip (g_strdup (input ? input : ""));
  guint8 bytes[16] = { 0 };
  char *slash;
  gboolean v6;
  guint bits, len, shortest;
  int host_bit;

  if (*text == '\0')
    return fail (error, _("No address given")), NULL;
  if (strlen (text) > MAX_TEXT)
    return fail (error, _("This is too long for an IP address or prefix")), NULL;
  slash = strchr (text, '/');
  if (slash != NULL)
    *slash = '\0';
  if (!parse_address (text, bytes, &v6, error))
    return NULL;
  bits = v6 ? 128 : 32;
  len = bits;
  if (slash != NULL && !parse_length (slash + 1, bits, &len, error))
    return NULL;

  host_bit = first_host_bit (bytes, bits, len);
  if (host_bit >= 0)
    {
      g_autofree char *network = NULL;

      for (guint i = len; i < bits; i++)
        bytes[i / 8] &= ~(0x80 >> (i % 8));
      network = text_of (bytes, v6 ? AF_INET6 : AF_INET);
      return fail (error, _("“%s/%u” has bits set after the first %u: did you mean “%s/%u”?"),
                   text, len, len, network, len), NULL;
    }
  shortest = v6 ? 32 : 8;
  if (len < shortest)
    return fail (error, _("RFC 8686 has no reverse name for a prefix shorter than /%u "
                          "(%s)"), shortest, v6 ? "IPv6" : "IPv4"), NULL;

  if (normalized != NULL)
    {
      g_autofree char *address = text_of (bytes, v6 ? AF_INET6 : AF_INET);
      *normalized = g_strdup_printf ("%s/%u", address, len);
    }
  return names_for (bytes, v6, len);
}
