/* Unit tests: names, server addresses, safe text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>

#include "altoscope-domain.h"
#include "altoscope-error.h"
#include "altoscope-text.h"

static void
test_normalize_valid (void)
{
  const char *pairs[][2] = {
    { "Example.NET", "example.net" },
    { "example.net.", "example.net" },
    { "  alto.example  ", "alto.example" },
    { "_alto._tcp.example", "_alto._tcp.example" },
    { "bücher.example", "xn--bcher-kva.example" },
    { "localhost", "localhost" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = altoscope_domain_normalize (pairs[i][0], &error);
      g_assert_no_error (error);
      g_assert_cmpstr (out, ==, pairs[i][1]);
    }
}

static void
test_normalize_invalid (void)
{
  g_autofree char *long_label = g_strnfill (64, 'a');
  g_autofree char *label63 = g_strnfill (63, 'a');
  g_autofree char *too_long = g_strjoin (".", label63, label63, label63, label63, NULL);
  const char *bad[] = { "", ".", "..", "a..b", ".a", "-a.example", "a-.example", "a b.example",
                        "a/b", "192.0.2.1", "::1", "a\x01.example", "\xff\xfe", long_label,
                        too_long, "*.example", "a@b" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = altoscope_domain_normalize (bad[i], &error);
      g_test_message ("input %u", i);
      g_assert_null (out);
      g_assert_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT);
    }
}

/* Checks are made on the ASCII form: names that IDNA maps to nothing or to
 * an IP address are refused, and normalizing is idempotent. */
static void
test_normalize_checked_in_ascii_form (void)
{
  const char *bad[] = {
    "\xc2\xad",                                   /* U+00AD soft hyphen */
    "\xe2\x80\x8b\xef\xbb\xbf",                   /* U+200B U+FEFF */
    "\xc2\xad.",
    "\xef\xbc\x90.1.1.1",                          /* full-width 0, then .1.1.1 */
    "\xef\xbc\x91\xef\xbc\x92\xef\xbc\x97\xef\xbc\x8e\xef\xbc\x90\xef\xbc\x8e"
    "\xef\xbc\x90\xef\xbc\x8e\xef\xbc\x91",     /* full-width 127.0.0.1 */
    "a.\xc2\xad.b",                               /* a label that vanishes */
  };
  const char *good[] = { "Example.NET.", "bücher.example", "xn--bcher-kva.example",
                         "\xef\xbd\x85xample.net", "a\xc2\xad" "b.example", "_alto._tcp.x" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = altoscope_domain_normalize (bad[i], &error);
      g_test_message ("bad %u → %s", i, out ? out : "(refused)");
      g_assert_null (out);
      g_assert_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT);
    }
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *once = altoscope_domain_normalize (good[i], &error);
      g_autofree char *twice = NULL;

      g_assert_no_error (error);
      twice = altoscope_domain_normalize (once, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (once, ==, twice);
      g_assert_false (altoscope_domain_is_ip_literal (once));
    }
}

static void
test_server_parse (void)
{
  struct { const char *in; const char *addr; guint port; int family; } ok[] = {
    { "127.0.0.1", "127.0.0.1", 53, G_SOCKET_FAMILY_IPV4 },
    { "127.0.0.1:5353", "127.0.0.1", 5353, G_SOCKET_FAMILY_IPV4 },
    { "::1", "::1", 53, G_SOCKET_FAMILY_IPV6 },
    { "[::1]:5353", "::1", 5353, G_SOCKET_FAMILY_IPV6 },
    { "[2001:DB8::1]", "2001:db8::1", 53, G_SOCKET_FAMILY_IPV6 },
  };
  const char *bad[] = { "", "host.example", "1.2.3.4:0", "1.2.3.4:65536", "1.2.3.4:x", "[::1",
                        "[::1]x", "1.2.3.4:53:53", "300.1.1.1" };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      AltoscopeServer s;
      g_autoptr(GError) error = NULL;
      g_autofree char *str = NULL;
      g_assert_true (altoscope_server_parse (ok[i].in, &s, &error));
      g_assert_cmpstr (s.address, ==, ok[i].addr);
      g_assert_cmpuint (s.port, ==, ok[i].port);
      g_assert_cmpint (s.family, ==, ok[i].family);
      g_assert_cmpint (altoscope_server_is_loopback (&s), ==,
                       g_str_has_prefix (ok[i].addr, "127.") || g_str_equal (ok[i].addr, "::1"));
      str = altoscope_server_to_string (&s);
      {
        g_autofree char *suffix = g_strdup_printf (":%u", ok[i].port);
        g_assert_true (g_str_has_suffix (str, suffix));
      }
      altoscope_server_clear (&s);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      AltoscopeServer s;
      g_autoptr(GError) error = NULL;
      g_test_message ("bad %u: %s", i, bad[i]);
      g_assert_false (altoscope_server_parse (bad[i], &s, &error));
      g_assert_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT);
    }
}

static void
test_text_safe (void)
{
  struct { const char *in; gssize max; const char *out; } cases[] = {
    { "plain", -1, "plain" },
    { "ESC\x1b[2J", -1, "ESC\\u{001B}[2J" },
    { "rlo\xe2\x80\xae" "txt", -1, "rlo\\u{202E}txt" },
    { "zw\xe2\x80\x8bj", -1, "zw\\u{200B}j" },
    { "nl\nx", -1, "nl\\u{000A}x" },
    { "bad\xff", -1, "bad\\xFF" },
    { "Grüße", -1, "Grüße" },
    { "abcdef", 3, "abc…" },
    { NULL, -1, "" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = altoscope_text_make_safe (cases[i].in, cases[i].max);
      g_assert_cmpstr (out, ==, cases[i].out);
      g_assert_true (g_utf8_validate (out, -1, NULL));
    }
}

/* Every code point of the categories that are invisible or change how
 * text around them shows is escaped; every other one passes unchanged. */
static void
test_text_safe_by_category (void)
{
  guint escaped = 0, cf = 0;

  for (gunichar c = 1; c <= 0x10FFFF; c++)
    {
      char buf[8] = { 0 };
      g_autofree char *out = NULL;
      GUnicodeType type;
      gboolean hidden;

      if (c >= 0xD800 && c <= 0xDFFF)
        continue;   /* not encodable in UTF-8 */
      g_unichar_to_utf8 (c, buf);
      out = altoscope_text_make_safe (buf, -1);
      type = g_unichar_type (c);
      hidden = type == G_UNICODE_CONTROL || type == G_UNICODE_FORMAT
               || type == G_UNICODE_PRIVATE_USE || type == G_UNICODE_UNASSIGNED
               || type == G_UNICODE_LINE_SEPARATOR || type == G_UNICODE_PARAGRAPH_SEPARATOR;
      if (hidden)
        {
          g_autofree char *expected = g_strdup_printf ("\\u{%04X}", c);
          if (g_strcmp0 (out, expected) != 0)
            g_error ("U+%04X (category %d) came out as “%s”", c, type, out);
          escaped++;
          if (type == G_UNICODE_FORMAT)
            cf++;
        }
      else if (g_strcmp0 (out, buf) != 0)
        g_error ("U+%04X (category %d) was changed to “%s”", c, type, out);
    }
  /* Unicode 15 has 170 format characters; all of them are escaped. */
  g_assert_cmpuint (cf, >=, 160);
  g_assert_cmpuint (escaped, >, cf);

  /* The tag characters and invisible operators named in the issue. */
  {
    g_autofree char *out = altoscope_text_make_safe ("a\xf3\xa0\x80\x81\xe2\x81\xa1\xc2\xad" "b", -1);
    g_autofree char *again = altoscope_text_make_safe (out, -1);
    g_assert_cmpstr (out, ==, "a\\u{E0001}\\u{2061}\\u{00AD}b");
    g_assert_cmpstr (again, ==, out);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/domain/normalize/valid", test_normalize_valid);
  g_test_add_func ("/core/domain/normalize/invalid", test_normalize_invalid);
  g_test_add_func ("/core/domain/normalize/checked-in-ascii-form",
                   test_normalize_checked_in_ascii_form);
  g_test_add_func ("/core/domain/server", test_server_parse);
  g_test_add_func ("/core/text/safe/by-category", test_text_safe_by_category);
  g_test_add_func ("/core/text/safe", test_text_safe);
  return g_test_run ();
}
