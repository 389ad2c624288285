/* altoscope-text.c
 *
 * Text that came from the network (DNS, DHCP) is shown in terminals and
 * widgets.  It must not be able to move the cursor, recolour a terminal,
 * reverse the reading order of what follows (Trojan Source, CVE-2021-42574)
 * or hide characters.  Such characters are shown as visible escapes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "altoscope-text.h"

static gboolean
is_dangerous (gunichar c)
{
  if (c < 0x20 || (c >= 0x7f && c < 0xa0))
    return TRUE;                       /* C0, DEL, C1 controls */
  if (c == 0x061c || c == 0x200e || c == 0x200f)
    return TRUE;                       /* ALM, LRM, RLM */
  if (c >= 0x202a && c <= 0x202e)
    return TRUE;                       /* LRE, RLE, PDF, LRO, RLO */
  if (c >= 0x2066 && c <= 0x2069)
    return TRUE;                       /* LRI, RLI, FSI, PDI */
  if (c == 0x200b || c == 0x200c || c == 0x200d || c == 0x2060 || c == 0xfeff)
    return TRUE;                       /* zero-width characters */
  if (c == 0x2028 || c == 0x2029)
    return TRUE;                       /* line and paragraph separators */
  return FALSE;
}

/* Returns valid UTF-8 in which every control, bidirectional-formatting and
 * zero-width character is written as \u{XXXX} (invalid bytes as \xXX), and
 * which is cut with "…" after @max_chars characters (-1: no limit). */
char *
altoscope_text_make_safe (const char *text,
                          gssize      max_chars)
{
  GString *out;
  const char *p, *end;
  gssize n = 0;

  if (text == NULL)
    return g_strdup ("");

  out = g_string_new (NULL);
  p = text;
  end = text + strlen (text);

  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (max_chars >= 0 && n >= max_chars)
        {
          g_string_append (out, "…");
          break;
        }

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02X", (guint8) *p);
          p++;
        }
      else
        {
          if (is_dangerous (c))
            g_string_append_printf (out, "\\u{%04X}", c);
          else
            g_string_append_unichar (out, c);
          p = g_utf8_next_char (p);
        }
      n++;
    }

  return g_string_free (out, FALSE);
}
