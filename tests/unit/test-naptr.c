/* Unit tests: U-NAPTR judgement (altoscope-naptr.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "altoscope-naptr.h"

typedef struct
{
  const char *flags, *service, *regexp, *replacement;
  const char *reason_code;     /* NULL: usable */
  gboolean terminal;
} Case;

static const Case cases[] = {
  { "u", "ALTO:https", "!.*!https://alto.example/ird!", ".", NULL, TRUE },
  { "U", "alto:HTTPS", "!.*!https://alto.example/ird!", ".", NULL, TRUE },
  { "u", "ALTO:http:https", "!.*!http://alto.example:8080/", ".", "regexp-form", TRUE },
  { "u", "ALTO:http:https", "!.*!http://alto.example:8080/!", ".", NULL, TRUE },
  { "u", "ALTO:x-foo:https", "!.*!https://192.0.2.1/!", ".", NULL, TRUE },
  { "u", "ALTO:https", "!.*!https://[2001:db8::1]:443/!", ".", NULL, TRUE },
  { "", "ALTO:https", "", "next.example", NULL, FALSE },
  { "", "", "", "next.example", NULL, FALSE },
  { "", "SIP:https", "", "next.example", "other-service", FALSE },
  { "u", "SIP+D2U", "!.*!sip:a@b!", ".", "other-service", TRUE },
  { "s", "ALTO:https", "", "_alto._tcp.example", "unknown-flags", FALSE },
  { "a", "ALTO:https", "", "host.example", "unknown-flags", FALSE },
  { "p", "ALTO:https", "", "x.example", "unknown-flags", FALSE },
  { "uu", "ALTO:https", "!.*!https://a.example/!", ".", "unknown-flags", TRUE },
  { "u", "ALTO", "!.*!https://a.example/!", ".", "no-protocol", TRUE },
  { "u", "ALTO:", "!.*!https://a.example/!", ".", "malformed-service", TRUE },
  { "u", ":https", "!.*!https://a.example/!", ".", "malformed-service", TRUE },
  { "u", "ALTO:ht tps", "!.*!https://a.example/!", ".", "malformed-service", TRUE },
  { "u", "ALTO:ftp", "!.*!ftp://a.example/!", ".", "unsupported-protocol", TRUE },
  { "u", "ALTO:https", "!^.*$!https://a.example/!", ".", "regexp-form", TRUE },
  { "u", "ALTO:https", "#.*#https://a.example/#", ".", "regexp-form", TRUE },
  { "u", "ALTO:https", "!.*!https://a.example/!i", ".", "regexp-form", TRUE },
  { "u", "ALTO:https", "!(.*)!https://\\1/!", ".", "regexp-form", TRUE },
  { "u", "ALTO:https", "!.*!https://a.example/\\!", ".", "regexp-form", TRUE },
  { "u", "ALTO:https", "!.*!!", ".", "regexp-form", TRUE },
  { "u", "ALTO:https", "", ".", "regexp-form", TRUE },
  { "u", "ALTO:https", "!.*!https://a.example/!", "x.example", "regexp-and-replacement", TRUE },
  { "", "ALTO:https", "!.*!https://a.example/!", "x.example", "nonterminal-regexp", FALSE },
  { "", "ALTO:https", "", ".", "nonterminal-no-replacement", FALSE },
  { "u", "ALTO:https", "!.*!http://a.example/!", ".", "uri-scheme", TRUE },
  { "u", "ALTO:https", "!.*!javascript:alert(1)!", ".", "uri-scheme", TRUE },
  { "u", "ALTO:https", "!.*!file:///etc/passwd!", ".", "uri-scheme", TRUE },
  { "u", "ALTO:https", "!.*!https://u:p@a.example/!", ".", "uri-userinfo", TRUE },
  { "u", "ALTO:https", "!.*!https://a example/!", ".", "uri-invalid", TRUE },
  { "u", "ALTO:https", "!.*!https://a.example:0/!", ".", "uri-invalid", TRUE },
  { "u", "ALTO:https", "!.*!https://a.example:99999/!", ".", "uri-invalid", TRUE },
  { "u", "ALTO:https", "!.*!https:///path!", ".", "uri-invalid", TRUE },
  { "u", "ALTO:https", "!.*!https://-bad-.example/!", ".", "uri-invalid", TRUE },
  { "u", "ALTO:https", "!.*!https://[2001:db8::1/!", ".", "uri-invalid", TRUE },
  { "u", "ALTO:https", "!.*!https://a.example/\"x\"!", ".", "uri-invalid", TRUE },
  /* RFC 3986 and RFC 7285: any valid HTTP(S) URI is accepted. */
  { "u", "ALTO:https", "!.*!https://a%2eexample/!", ".", NULL, TRUE },
  { "u", "ALTO:https", "!.*!https://alto.example.net./ird!", ".", NULL, TRUE },
  { "u", "ALTO:https", "!.*!https://alto.example:/ird!", ".", NULL, TRUE },
  { "u", "ALTO:https", "!.*!https://alto.example/ird?v=1#top!", ".", NULL, TRUE },
  { "u", "ALTO:https", "!.*!https://alto.example!", ".", NULL, TRUE },
  { "u", "ALTO:https", "!.*!https://[2001:db8::1]/!", ".", NULL, TRUE },
  { "u", "ALTO:https", "!.*!https://a%00.evil.example/!", ".", "uri-invalid", TRUE },
  { "u", "ALTO:https", "!.*!https://a%2fb.example/!", ".", "uri-invalid", TRUE },
  { "u", "ALTO:https", "!.*!https://[fe80::1%25eth0]/!", ".", "uri-invalid", TRUE },
  { "u", "ALTO:https", "!.*!https://0300.0.0.1/!", ".", "uri-invalid", TRUE },
  { "u", "ALTO:https", "!.*!https://alto.example../!", ".", "uri-invalid", TRUE },
  { "u", "ALTO:https", "!.*!https://b\xc3\xbc" "cher.example/!", ".", "uri-invalid", TRUE },
  /* A non-terminal record leads on only for ALTO over http or https. */
  { "", "ALTO", "", "next.example", NULL, FALSE },
  { "", "ALTO:http", "", "next.example", NULL, FALSE },
  { "", "ALTO:ftp", "", "next.example", "unsupported-protocol", FALSE },
  { "", "ALTO:ftp:x-foo", "", "next.example", "unsupported-protocol", FALSE },
  { "", "SIP", "", "next.example", "other-service", FALSE },
};

static void
test_judge_cases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_autoptr(AltoscopeNaptrRecord) r =
        altoscope_naptr_record_new ("owner.example", 100, 10, c->flags, c->service,
                                    c->regexp, c->replacement);

      g_test_message ("case %u: \"%s\" \"%s\" \"%s\" %s", i, c->flags, c->service, c->regexp,
                      c->replacement);
      g_assert_cmpstr (altoscope_naptr_reason_to_string (r->reason_code), ==, c->reason_code);
      g_assert_cmpint (r->usable, ==, c->reason_code == NULL);
      if (c->reason_code != NULL)
        g_assert_nonnull (r->reason);
      else
        g_assert_cmpint (r->terminal, ==, c->terminal);
    }
}

static void
test_terminal_fields (void)
{
  g_autoptr(AltoscopeNaptrRecord) r =
    altoscope_naptr_record_new ("o.example", 1, 2, "u", "ALTO:http:https",
                                "!.*!HTTP://Alto.Example:8080/ird?x=1!", ".");

  g_assert_true (r->usable);
  g_assert_cmpstr (r->uri, ==, "HTTP://Alto.Example:8080/ird?x=1");
  g_assert_cmpstr (r->scheme, ==, "http");
  g_assert_cmpstr (r->host, ==, "alto.example");
  g_assert_cmpint (r->port, ==, 8080);
}

/* An absolute host name is the same host: used, resolved without the dot. */
static void
test_absolute_host (void)
{
  g_autoptr(AltoscopeNaptrRecord) r =
    altoscope_naptr_record_new ("o.example", 1, 2, "u", "ALTO:https",
                                "!.*!https://Alto.Example.NET./ird!", ".");
  g_autoptr(AltoscopeNaptrRecord) p =
    altoscope_naptr_record_new ("o.example", 1, 2, "u", "ALTO:https",
                                "!.*!https://%61lto.example/ird!", ".");

  g_assert_true (r->usable);
  g_assert_cmpstr (r->uri, ==, "https://Alto.Example.NET./ird");
  g_assert_cmpstr (r->host, ==, "alto.example.net");
  g_assert_true (p->usable);
  g_assert_cmpstr (p->host, ==, "alto.example");
}

static void
test_parse_service (void)
{
  g_autofree char *svc = NULL;
  g_auto(GStrv) protos = NULL;

  g_assert_true (altoscope_naptr_parse_service ("ALTO:HTTP:https", &svc, &protos));
  g_assert_cmpstr (svc, ==, "ALTO");
  g_assert_cmpstrv (protos, ((const char *[]) { "http", "https", NULL }));
  g_assert_false (altoscope_naptr_parse_service ("", NULL, NULL));
  g_assert_false (altoscope_naptr_parse_service ("ALTO::https", NULL, NULL));
  g_assert_false (altoscope_naptr_parse_service ("1ALTO:https", NULL, NULL));
  g_assert_false (altoscope_naptr_parse_service ("ALTO:https:", NULL, NULL));
  g_assert_true (altoscope_naptr_parse_service ("x-alto+v.2:https", NULL, NULL));
}

static void
test_order_then_preference (void)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) altoscope_naptr_record_unref);
  const guint16 op[][2] = { { 200, 1 }, { 100, 20 }, { 100, 10 }, { 50, 99 }, { 100, 10 } };

  for (guint i = 0; i < G_N_ELEMENTS (op); i++)
    {
      g_autofree char *re = g_strdup_printf ("!.*!https://h%u.example/!", i);
      g_ptr_array_add (list, altoscope_naptr_record_new ("o", op[i][0], op[i][1], "u",
                                                         "ALTO:https", re, "."));
    }
  g_ptr_array_sort (list, altoscope_naptr_record_compare);
  {
    const char *expected[] = { "https://h3.example/", "https://h2.example/",
                               "https://h4.example/", "https://h1.example/",
                               "https://h0.example/" };
    for (guint i = 0; i < list->len; i++)
      g_assert_cmpstr (((AltoscopeNaptrRecord *) list->pdata[i])->uri, ==, expected[i]);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/naptr/judge", test_judge_cases);
  g_test_add_func ("/core/naptr/terminal-fields", test_terminal_fields);
  g_test_add_func ("/core/naptr/absolute-host", test_absolute_host);
  g_test_add_func ("/core/naptr/service", test_parse_service);
  g_test_add_func ("/core/naptr/order", test_order_then_preference);
  return g_test_run ();
}
