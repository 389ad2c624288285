/* altoscope-json.c
 *
 * Every JSON text Altoscope reads from outside goes through
 * altoscope_json_parse() before json-glib sees it, because json-glib 1.6
 * fails in two ways a hostile peer can reach:
 * - json_parser_load_from_data() with empty data fails a g_return_val_if_fail
 *   and returns FALSE *without setting the GError* (callers then read
 *   error->message: a crash);
 * - it has no nesting limit and recurses once per level, so a small body of
 *   "[[[[…" overflows the stack.
 * Here, an empty text, one that is not UTF-8 or holds a NUL byte, and one
 * that nests deeper than ALTOSCOPE_JSON_MAX_DEPTH are refused first, by one
 * pass over the bytes; a NULL result always comes with an error set.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "altoscope-json.h"
#include "altoscope-text.h"

G_DEFINE_QUARK (altoscope-json-error-quark, altoscope_json_error)

/* Bytes that may stand outside strings in RFC 8259 JSON: structure, white
 * space, numbers and the letters of true, false and null.  json-glib's
 * scanner also takes comments and single-quoted strings; a '"' inside
 * either would throw the depth count below out of step (a comment holding
 * one '"', then 200 000 levels of '[', crashed the check), so anything else
 * outside a string ends the reading. */
static gboolean
allowed_outside_strings (char c)
{
  return strchr ("{}[],: \t\r\n0123456789+-.eEtruefalsn", c) != NULL && c != '\0';
}

static int
hex4 (const char *p,
      gsize       left)
{
  int v = 0;

  if (left < 4)
    return -1;
  for (int i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (p[i]);
      if (d < 0)
        return -1;
      v = v * 16 + d;
    }
  return v;
}

/* The length of the escape at @p (just after a backslash in a string), or
 * 0 when it is not one RFC 8259 §7 knows, or names a lone UTF-16
 * surrogate (which §7's grammar admits but I-JSON, RFC 7493 §2.1, does
 * not: json-glib turns one into a string that is not UTF-8).  json-glib
 * also reads octal escapes ("\200": a lone byte 0x80); either string
 * could then not be written back. */
static gsize
escape_length (const char *p,
               gsize       left)
{
  int u, low;

  if (left == 0)
    return 0;
  if (strchr ("\"\\/bfnrt", *p) != NULL && *p != '\0')
    return 1;
  if (*p != 'u' || (u = hex4 (p + 1, left - 1)) < 0)
    return 0;
  if (u >= 0xDC00 && u <= 0xDFFF)
    return 0;
  if (u < 0xD800 || u > 0xDBFF)
    return 5;
  /* A high surrogate stands only before a low one. */
  if (left < 11 || p[5] != '\\' || p[6] != 'u' || (low = hex4 (p + 7, left - 7)) < 0
      || low < 0xDC00 || low > 0xDFFF)
    return 0;
  return 11;
}

/* The deepest nesting of arrays and objects in @data, counted outside
 * strings (a "[" inside a string opens nothing), or G_MAXUINT when @data
 * cannot be RFC 8259 JSON by its bytes: a byte outside strings that JSON
 * does not allow there, a control character inside a string, or an escape
 * RFC 8259 §7 does not know.  Unbalanced text still gets a number: the
 * parser says what else is wrong. */
guint
altoscope_json_depth (const char *data,
                      gsize       length)
{
  guint depth = 0, deepest = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            {
              gsize n = escape_length (data + i + 1, length - i - 1);
              if (n == 0)
                return G_MAXUINT;
              i += n;
            }
          else if (c == '"')
            in_string = FALSE;
          else if ((guchar) c < 0x20)
            return G_MAXUINT;
          continue;
        }
      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > deepest)
            deepest = depth;
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        default:
          if (!allowed_outside_strings (c))
            return G_MAXUINT;
          break;
        }
    }
  return deepest;
}

static gboolean
only_white_space (const char *data,
                  gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!strchr (" \t\r\n", data[i]))
      return FALSE;
  return TRUE;
}

/**
 * altoscope_json_parse:
 * @data: (nullable): the text, not necessarily NUL-terminated
 * @length: its length in bytes
 *
 * Returns: (transfer full): the root node, or %NULL with @error set (always)
 */
JsonNode *
altoscope_json_parse (const char *data,
                      gsize       length,
                      GError    **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local = NULL;
  guint depth;

  if (data == NULL || length == 0 || only_white_space (data, length))
    {
      g_set_error (error, ALTOSCOPE_JSON_ERROR, ALTOSCOPE_JSON_ERROR_EMPTY,
                   _("the text is empty"));
      return NULL;
    }
  if (memchr (data, '\0', length) != NULL || !g_utf8_validate_len (data, length, NULL))
    {
      g_set_error (error, ALTOSCOPE_JSON_ERROR, ALTOSCOPE_JSON_ERROR_ENCODING,
                   _("the text is not UTF-8 (RFC 8259 §8.1)"));
      return NULL;
    }
  depth = altoscope_json_depth (data, length);
  if (depth == G_MAXUINT)
    {
      g_set_error (error, ALTOSCOPE_JSON_ERROR, ALTOSCOPE_JSON_ERROR_SYNTAX,
                   _("it is not valid JSON (RFC 8259): it holds characters JSON does not "
                     "allow, such as comments, single quotes, control characters or unknown "
                     "escapes in strings"));
      return NULL;
    }
  if (depth > ALTOSCOPE_JSON_MAX_DEPTH)
    {
      g_set_error (error, ALTOSCOPE_JSON_ERROR, ALTOSCOPE_JSON_ERROR_TOO_DEEP,
                   _("it nests arrays and objects more than %d levels deep; reading stopped"),
                   ALTOSCOPE_JSON_MAX_DEPTH);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local)
      || json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, ALTOSCOPE_JSON_ERROR, ALTOSCOPE_JSON_ERROR_SYNTAX,
                   _("it is not valid JSON: %s"),
                   local != NULL ? local->message : _("the parser gave no reason"));
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}

/* ---- writing -------------------------------------------------------------- */

void
altoscope_json_add_string_or_null (JsonBuilder *b,
                                   const char  *member,
                                   const char  *value)
{
  json_builder_set_member_name (b, member);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

/* A duration in milliseconds, to the microsecond, written so that a report
 * read back and written again holds the same number.  Truncating (what
 * this once did) is not stable: 1.001 is stored as 1.000999…, and ×1000
 * truncated gives 1000, so each read-and-write lost a microsecond.  The
 * nearest microsecond is stable: below 10⁹ ms the value has at most 13
 * significant digits, which altoscope_json_to_string writes exactly, and
 * the double read back is the same and rounds to the same count.  A
 * larger value (no run lasts 11 days; only a hand-made file says so) is
 * written as altoscope_json_to_string writes any number (append_number):
 * it cannot be scaled to an integer without overflow.  NaN and infinity
 * cannot be read from JSON, so they never come here. */
void
altoscope_json_add_ms (JsonBuilder *b,
                       const char  *member,
                       double       ms)
{
  json_builder_set_member_name (b, member);
  if (fabs (ms) < 1e9)
    json_builder_add_double_value (b, round (ms * 1000) / 1000.0);
  else
    json_builder_add_double_value (b, ms);
}

/* @c as a JSON escape: a surrogate pair above the BMP (RFC 8259 §7). */
static void
append_json_escape (GString  *out,
                    gunichar  c)
{
  if (c < 0x10000)
    g_string_append_printf (out, "\\u%04X", c);
  else
    g_string_append_printf (out, "\\u%04X\\u%04X", 0xD800 + ((c - 0x10000) >> 10),
                            0xDC00 + ((c - 0x10000) & 0x3FF));
}

/* A double json-glib wrote, written again: 15 significant digits
 * (json-glib 1.6 writes 17, so 0.3 comes out as 0.29999999999999999).
 * What is read back prints the same again: 15 digits read back as the
 * double nearest to them, which prints as those 15 digits (DBL_DIG), so a
 * report read and written again keeps its numbers.  Two values need
 * more: -0 is written 0 (json-glib reads "-0" as the integer 0, which
 * prints "0"), and a value whose 15 digits round beyond the largest
 * double (they would read back as infinity, which a reader refuses) is
 * written with 17 digits, which read back as exactly that double. */
static void
append_number (GString *out,
               double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (v == 0)
    v = 0;   /* not -0 */
  g_ascii_formatd (buf, sizeof buf, "%.15g", v);
  if (isinf (g_ascii_strtod (buf, NULL)))
    g_ascii_formatd (buf, sizeof buf, "%.17g", v);
  g_string_append (out, buf);
}

/* Numbers outside strings are written again by append_number.  Inside strings, json-glib
 * escapes only controls: format characters (bidi overrides and isolates,
 * zero-width and tag characters), line and paragraph separators and the
 * like (altoscope_text_is_dangerous) are escaped as \uXXXX too, so that a
 * person reading the output of `jq` or a terminal sees them.  The value
 * read back is the same. */
static char *
tidy_output (const char *json)
{
  GString *out = g_string_sized_new (strlen (json));
  gboolean in_string = FALSE;

  for (const char *p = json; *p; )
    {
      if (in_string)
        {
          gunichar c;

          if (*p == '\\' && p[1] != '\0')
            {
              g_string_append_len (out, p, 2);
              p += 2;
              continue;
            }
          if (*p == '"')
            in_string = FALSE;
          if ((guchar) *p < 0x80)
            {
              g_string_append_c (out, *p++);
              continue;
            }
          c = g_utf8_get_char_validated (p, -1);
          if (c == (gunichar) -1 || c == (gunichar) -2)
            {
              g_string_append_c (out, *p++);   /* not ours to mend: json-glib wrote it */
              continue;
            }
          if (altoscope_text_is_dangerous (c))
            append_json_escape (out, c);
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
          p = g_utf8_next_char (p);
        }
      else if (*p == '"')
        {
          in_string = TRUE;
          g_string_append_c (out, *p++);
        }
      else if (*p == '-' || g_ascii_isdigit (*p))
        {
          char *end = NULL;
          double v = g_ascii_strtod (p, &end);
          g_autofree char *token = g_strndup (p, end - p);

          if (strpbrk (token, ".eE") != NULL)
            {
              append_number (out, v);
              /* json-glib 1.6 adds ".0" to a double it printed without a
               * dot, after an exponent too: 1e17 came out as "1e+17.0",
               * which is not JSON. */
              if (strpbrk (token, "eE") != NULL && end[0] == '.' && end[1] == '0'
                  && !g_ascii_isdigit (end[2]))
                end += 2;
            }
          else
            g_string_append (out, token);
          p = end;
        }
      else
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

char *
altoscope_json_to_string (JsonNode *node,
                          gboolean  pretty)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *raw = NULL;

  json_generator_set_root (gen, node);
  json_generator_set_pretty (gen, pretty);
  raw = json_generator_to_data (gen, NULL);
  return tidy_output (raw);
}
