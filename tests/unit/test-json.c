/* Unit tests: reading JSON from outside (altoscope-json.c) and writing it
 * for people (altoscope_json_to_string: invisible characters escaped).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "altoscope-json.h"
#include "altoscope-report.h"

static void
assert_refused (const char *text,
                gssize      length,
                int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = altoscope_json_parse (text, length < 0 ? strlen (text) : (gsize) length,
                                                  &error);

  g_assert_null (node);
  /* Always a reason: json-glib leaves it unset for empty data. */
  g_assert_error (error, ALTOSCOPE_JSON_ERROR, code);
  g_assert_nonnull (error->message);
}

static char *
nest (guint depth)
{
  GString *s = g_string_new (NULL);

  /* Objects and arrays in turn: {"a":[{"a":[ … ]}]} */
  for (guint i = 0; i < depth; i++)
    g_string_append (s, i % 2 ? "[" : "{\"a\":");
  g_string_append (s, "1");
  for (guint i = depth; i > 0; i--)
    g_string_append (s, (i - 1) % 2 ? "]" : "}");
  return g_string_free (s, FALSE);
}

static void
test_empty (void)
{
  assert_refused ("", 0, ALTOSCOPE_JSON_ERROR_EMPTY);
  assert_refused (" \r\n\t", -1, ALTOSCOPE_JSON_ERROR_EMPTY);
  {
    g_autoptr(GError) error = NULL;
    g_assert_null (altoscope_json_parse (NULL, 0, &error));
    g_assert_error (error, ALTOSCOPE_JSON_ERROR, ALTOSCOPE_JSON_ERROR_EMPTY);
  }
}

static void
test_depth (void)
{
  g_autofree char *at_limit = nest (ALTOSCOPE_JSON_MAX_DEPTH);
  g_autofree char *over = nest (ALTOSCOPE_JSON_MAX_DEPTH + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = altoscope_json_parse (at_limit, strlen (at_limit), &error);
  GString *huge = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_cmpuint (altoscope_json_depth (at_limit, strlen (at_limit)), ==,
                    ALTOSCOPE_JSON_MAX_DEPTH);
  assert_refused (over, -1, ALTOSCOPE_JSON_ERROR_TOO_DEEP);

  /* What overflowed the stack: far deeper, balanced or not. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (huge, '[');
  assert_refused (huge->str, huge->len, ALTOSCOPE_JSON_ERROR_TOO_DEEP);
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (huge, ']');
  assert_refused (huge->str, huge->len, ALTOSCOPE_JSON_ERROR_TOO_DEEP);
  g_string_free (huge, TRUE);
}

static void
test_strings_do_not_nest (void)
{
  const char *text = "{\"a\": \"[[[[{{{{\\\"[[[[\", \"b\": [\"]]]]\"]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = altoscope_json_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_cmpuint (altoscope_json_depth (text, strlen (text)), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "a"), ==,
                   "[[[[{{{{\"[[[[");
}

/* json-glib also reads comments and single-quoted strings; a '"' inside
 * them once hid the brackets after it from the depth limit. */
static void
test_not_json_outside_strings (void)
{
  const char *prefixes[] = { "/*\"*/", "['\"', ", "// \"\n", "# \"\n", "\"a\" 'b\"' " };
  const char *fine = "{\"a\": [true, false, null, -1.5e+3, 0.25E-2, \"/* ' # //\"]}";

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      GString *s = g_string_new (prefixes[i]);

      for (guint j = 0; j < 100000; j++)
        g_string_append_c (s, '[');
      for (guint j = 0; j < 100000; j++)
        g_string_append_c (s, ']');
      assert_refused (s->str, s->len, ALTOSCOPE_JSON_ERROR_SYNTAX);
      g_string_free (s, TRUE);
    }
  assert_refused ("/**/{\"meta\": {}}", -1, ALTOSCOPE_JSON_ERROR_SYNTAX);
  /* Strings that can be written back: json-glib reads an octal escape as
   * a lone byte and a lone surrogate as bytes that are not UTF-8 (I-JSON,
   * RFC 7493 §2.1, refuses those), and takes raw controls and unknown
   * escapes RFC 8259 §7 does not allow. */
  assert_refused ("[\"a\\200b\"]", -1, ALTOSCOPE_JSON_ERROR_SYNTAX);
  assert_refused ("[\"a\\xb\"]", -1, ALTOSCOPE_JSON_ERROR_SYNTAX);
  assert_refused ("[\"a\\ud800b\"]", -1, ALTOSCOPE_JSON_ERROR_SYNTAX);
  assert_refused ("[\"a\\udc00\"]", -1, ALTOSCOPE_JSON_ERROR_SYNTAX);
  assert_refused ("[\"a\\ud800\\u0041\"]", -1, ALTOSCOPE_JSON_ERROR_SYNTAX);
  assert_refused ("[\"a\\u12\"]", -1, ALTOSCOPE_JSON_ERROR_SYNTAX);
  assert_refused ("[\"a\x1b" "b\"]", -1, ALTOSCOPE_JSON_ERROR_SYNTAX);
  assert_refused ("[\"a\\", -1, ALTOSCOPE_JSON_ERROR_SYNTAX);
  {
    const char *ok = "[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\\u0041\"]";
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = altoscope_json_parse (ok, strlen (ok), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_array_get_string_element (json_node_get_array (node), 0), ==,
                     "\"\\/\b\f\n\r\té😀A");
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = altoscope_json_parse (fine, strlen (fine), &error);
    g_assert_no_error (error);
    g_assert_nonnull (node);
  }
}

static void
test_encoding_and_syntax (void)
{
  assert_refused ("{\"a\": \"\xff\"}", -1, ALTOSCOPE_JSON_ERROR_ENCODING);
  assert_refused ("{\"a\": 1}\0", 9, ALTOSCOPE_JSON_ERROR_ENCODING);
  assert_refused ("{\"a\": ", -1, ALTOSCOPE_JSON_ERROR_SYNTAX);
  assert_refused ("]", -1, ALTOSCOPE_JSON_ERROR_SYNTAX);
  /* Not NUL-terminated: only @length bytes are read. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = altoscope_json_parse ("[1]garbage", 3, &error);
    g_assert_no_error (error);
    g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  }
}

/* RLO, zero-width space, line separator, a tag character (above the BMP),
 * and ordinary letters that stay as they are. */
static void
test_output_escapes_invisible_characters (void)
{
  const char *value = "a\u202Eb\u200Bc\u2028d\U000E0041e é 😀 \x01";
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) back = NULL;

  json_node_set_string (node, value);
  text = altoscope_json_to_string (node, FALSE);
  g_assert_cmpstr (text, ==, "\"a\\u202Eb\\u200Bc\\u2028d\\uDB40\\uDC41e é 😀 \\u0001\"");
  /* Read back, it is the same value. */
  back = altoscope_json_parse (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_node_get_string (back), ==, value);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/json/empty", test_empty);
  g_test_add_func ("/core/json/depth", test_depth);
  g_test_add_func ("/core/json/strings-do-not-nest", test_strings_do_not_nest);
  g_test_add_func ("/core/json/encoding-and-syntax", test_encoding_and_syntax);
  g_test_add_func ("/core/json/not-json-outside-strings", test_not_json_outside_strings);
  g_test_add_func ("/core/json/output-escapes-invisible", test_output_escapes_invisible_characters);
  return g_test_run ();
}
