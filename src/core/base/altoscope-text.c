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

/* By Unicode general category, not by a list: a list misses what the next
 * Unicode version adds (issue: 153 format characters once passed through).
 * Controls (Cc), format characters (Cf: bidi overrides and isolates,
 * zero-width and invisible operators, soft hyphen, tag characters…),
 * surrogates (Cs), private use (Co, glyphs of any font's choosing),
 * unassigned and non-characters (Cn) and the line and paragraph separators
 * (Zl, Zp) are all escaped. */
gboolean
altoscope_text_is_dangerous (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_SURROGATE:
    case G_UNICODE_PRIVATE_USE:
    case G_UNICODE_UNASSIGNED:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Returns valid UTF-8 in which every control, bidirectional-formatting and
 * zero-width character is written as \u{XXXX} (invalid bytes as \xXX), and
 * which is cut with "…" after @max_chars characters (-1: no limit).  The
 * result is stable: making it safe again changes nothing. */
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
          if (altoscope_text_is_dangerous (c))
            g_string_append_printf (out, "\\u{%04X}", c);
          else
            g_string_append_unichar (out, c);
          p = g_utf8_next_char (p);
        }
      n++;
    }

  return g_string_free (out, FALSE);
}

/* Made safe and cut at ALTOSCOPE_TEXT_MAX_CHARS: what every front end
 * shows of a value from the network. */
char *
altoscope_text_safe (const char *text)
{
  return altoscope_text_make_safe (text, ALTOSCOPE_TEXT_MAX_CHARS);
}
