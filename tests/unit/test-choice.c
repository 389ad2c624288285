/* Unit tests: DHCP option decoding, step 1, override precedence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "altoscope-dhcp.h"
#include "altoscope-domain-choice.h"
#include "altoscope-overrides.h"
#include "test-tmpdir.h"

static void
test_decode_forms (void)
{
  struct { int option; const char *raw; const char *domain; const char *form; } ok[] = {
    { 213, "example.net.", "example.net", "text" },                     /* dhclient, decoded */
    { 57, "Example.NET", "example.net", "text" },
    { 213, "7:65:78:61:6d:70:6c:65:3:6e:65:74:0", "example.net", "wire-hex" },   /* no padding */
    { 213, "07:65:78:61:6d:70:6c:65:03:6e:65:74:00", "example.net", "wire-hex" }, /* padded */
    { 57, "4:61:6c:74:6f:7:65:78:61:6d:70:6c:65:0", "alto.example", "wire-hex" },
    { 15, "corp.example lab.example", "corp.example", "text" },           /* a search list */
  };
  struct { int option; const char *raw; } bad[] = {
    { 213, "7:65:78:61:6d:70:6c:65:3:6e:65:74" },      /* no terminating zero */
    { 213, "40:65:0" },                                 /* label 64 */
    { 213, "c0:0c" },                                   /* a compression pointer */
    { 213, "3:61:62:63:0:ff" },                         /* bytes after the name */
    { 213, "00:00" },                                   /* the root */
    { 213, "3:61:2e:62:0" },                            /* a dot inside a label */
    { 213, "3:61:0a:62:0" },                            /* a newline inside a label */
    { 15, "" },
    { 15, "bad!name" },
    { 57, "exa mple" },
    { 15, "\xc2\xad" },                               /* maps to nothing under IDNA */
    { 15, "\xef\xbc\x90.1.1.1" },                    /* becomes the address 0.1.1.1 */
    { 213, "2:c2:ad:0" },                               /* the same, in wire format */
  };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autoptr(AltoscopeDhcpValue) v = altoscope_dhcp_value_decode (ok[i].option, "k", ok[i].raw);
      g_test_message ("ok %u: %s", i, ok[i].raw);
      g_assert_cmpstr (v->error, ==, NULL);
      g_assert_cmpstr (v->domain, ==, ok[i].domain);
      g_assert_cmpstr (v->form, ==, ok[i].form);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(AltoscopeDhcpValue) v = altoscope_dhcp_value_decode (bad[i].option, "k", bad[i].raw);
      g_test_message ("bad %u: %s", i, bad[i].raw);
      g_assert_null (v->domain);
      g_assert_nonnull (v->error);
      g_assert_true (g_utf8_validate (v->error, -1, NULL));
    }
  {
    g_autoptr(AltoscopeDhcpValue) v = altoscope_dhcp_value_decode (15, "domain_name",
                                                                   "corp.example lab.example");
    g_assert_nonnull (v->note);
  }
}

/* The options table is shown sorted by name (the window once handed
 * g_strcmp0 to qsort, which compared the bytes of the pointers). */
static void
test_sorted_keys (void)
{
  g_autoptr(GHashTable) options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree const char **keys = NULL;
  guint n = 0;

  for (guint i = 0; i < 300; i++)
    g_hash_table_insert (options, g_strdup_printf ("opt_%03u_%c", (i * 7919) % 300, 'a' + i % 26),
                         g_strdup ("v"));
  g_hash_table_insert (options, g_strdup ("domain_name"), g_strdup ("example.net"));
  g_hash_table_insert (options, g_strdup ("Z_upper"), g_strdup ("z"));

  keys = altoscope_dhcp_sorted_keys (options, &n);
  g_assert_cmpuint (n, ==, g_hash_table_size (options));
  g_assert_null (keys[n]);
  g_assert_cmpstr (keys[0], ==, "Z_upper");
  g_assert_cmpstr (keys[1], ==, "domain_name");
  for (guint i = 1; i < n; i++)
    g_assert_cmpint (strcmp (keys[i - 1], keys[i]), <, 0);
}

static AltoscopeLink *
make_link (GHashTable *dhcp4,
           GHashTable *dhcp6)
{
  AltoscopeLink *link = altoscope_link_new ("eth0", "ethernet");
  const char *a4[] = { "192.0.2.5/24", NULL };
  const char *a6[] = { "2001:db8::5/64", NULL };

  altoscope_link_set_addresses (link, ALTOSCOPE_FAMILY_IPV4, a4);
  altoscope_link_set_addresses (link, ALTOSCOPE_FAMILY_IPV6, a6);
  altoscope_link_set_dhcp_options (link, ALTOSCOPE_FAMILY_IPV4, dhcp4);
  altoscope_link_set_dhcp_options (link, ALTOSCOPE_FAMILY_IPV6, dhcp6);
  return link;
}

static GHashTable *
options (const char *first_key,
         ...)
{
  GHashTable *t = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  va_list args;

  va_start (args, first_key);
  for (const char *k = first_key; k != NULL; k = va_arg (args, const char *))
    g_hash_table_insert (t, g_strdup (k), g_strdup (va_arg (args, const char *)));
  va_end (args);
  return t;
}

static gboolean
has_warning (AltoscopeDomainChoice *c,
             const char            *code)
{
  for (guint i = 0; i < c->warnings->len; i++)
    if (g_str_equal (((AltoscopeChoiceWarning *) c->warnings->pdata[i])->code, code))
      return TRUE;
  return FALSE;
}

static void
test_step1 (void)
{
  g_autoptr(GHashTable) both = options ("domain_name", "fifteen.example",
                                        "requested_v4_access_domain", "1",
                                        "v4_access_domain", "access.example.", NULL);
  g_autoptr(GHashTable) only15 = options ("domain_name", "fifteen.example", NULL);
  g_autoptr(GHashTable) v6 = options ("dhcp6_v6_access_domain", "six.example.", NULL);
  g_autoptr(GHashTable) v6_without = options ("dhcp6_name_servers", "2001:db8::53", NULL);
  g_autoptr(GHashTable) bad213 = options ("v4_access_domain", "3:61:62", "domain_name",
                                          "fifteen.example", NULL);
  g_autoptr(GHashTable) home = options ("domain_name", "fritz.box", NULL);
  AltoscopeDomainChoice c;

  /* 213 before 15 */
  {
    g_autoptr(AltoscopeLink) link = make_link (both, v6);
    altoscope_choose_domain (link, ALTOSCOPE_FAMILY_IPV4, NULL, ALTOSCOPE_DOMAIN_SOURCE_NONE, NULL, &c);
    g_assert_cmpstr (c.domain, ==, "access.example");
    g_assert_cmpstr (c.source, ==, "dhcp4-option-213");
    g_assert_cmpuint (c.dhcp->len, ==, 2);
    altoscope_domain_choice_clear (&c);
    altoscope_choose_domain (link, ALTOSCOPE_FAMILY_IPV6, NULL, ALTOSCOPE_DOMAIN_SOURCE_NONE, NULL, &c);
    g_assert_cmpstr (c.domain, ==, "six.example");
    g_assert_cmpstr (c.source, ==, "dhcp6-option-57");
    altoscope_domain_choice_clear (&c);
  }
  /* only 15, with a warning; IPv6 has no fallback to it */
  {
    g_autoptr(AltoscopeLink) link = make_link (only15, v6_without);
    altoscope_choose_domain (link, ALTOSCOPE_FAMILY_IPV4, NULL, ALTOSCOPE_DOMAIN_SOURCE_NONE, NULL, &c);
    g_assert_cmpstr (c.source, ==, "dhcp4-option-15");
    g_assert_true (has_warning (&c, "dhcp-option-15"));
    altoscope_domain_choice_clear (&c);
    altoscope_choose_domain (link, ALTOSCOPE_FAMILY_IPV6, NULL, ALTOSCOPE_DOMAIN_SOURCE_NONE, NULL, &c);
    g_assert_null (c.domain);
    g_assert_nonnull (strstr (c.message, "57"));
    g_assert_nonnull (strstr (c.message, "dhclient"));
    altoscope_domain_choice_clear (&c);
  }
  /* a malformed 213 is reported and 15 used */
  {
    g_autoptr(AltoscopeLink) link = make_link (bad213, NULL);
    altoscope_choose_domain (link, ALTOSCOPE_FAMILY_IPV4, NULL, ALTOSCOPE_DOMAIN_SOURCE_NONE, NULL, &c);
    g_assert_cmpstr (c.source, ==, "dhcp4-option-15");
    g_assert_true (has_warning (&c, "dhcp-malformed"));
    altoscope_domain_choice_clear (&c);
    /* no DHCPv6 lease at all: another message */
    altoscope_choose_domain (link, ALTOSCOPE_FAMILY_IPV6, NULL, ALTOSCOPE_DOMAIN_SOURCE_NONE, NULL, &c);
    g_assert_null (c.domain);
    g_assert_nonnull (strstr (c.message, "no DHCPv6 lease"));
    altoscope_domain_choice_clear (&c);
  }
  /* an override wins; a home gateway's name is warned about, not refused */
  {
    g_autoptr(AltoscopeLink) link = make_link (home, NULL);
    altoscope_choose_domain (link, ALTOSCOPE_FAMILY_IPV4, NULL, ALTOSCOPE_DOMAIN_SOURCE_NONE, NULL, &c);
    g_assert_cmpstr (c.domain, ==, "fritz.box");
    g_assert_true (has_warning (&c, "home-gateway-name"));
    altoscope_domain_choice_clear (&c);
    altoscope_choose_domain (link, ALTOSCOPE_FAMILY_IPV6, "mine.example",
                             ALTOSCOPE_DOMAIN_SOURCE_OVERRIDE_INTERFACE,
                             NULL, &c);
    g_assert_cmpstr (c.domain, ==, "mine.example");
    g_assert_cmpstr (c.source, ==, "override-interface");
    altoscope_domain_choice_clear (&c);
  }
  /* a VPN without a domain is told to use a connection override */
  {
    g_autoptr(AltoscopeLink) link = make_link (NULL, NULL);
    altoscope_link_set_vpn (link, "eth0");
    altoscope_choose_domain (link, ALTOSCOPE_FAMILY_IPV4, NULL, ALTOSCOPE_DOMAIN_SOURCE_NONE, NULL, &c);
    g_assert_null (c.domain);
    g_assert_true (has_warning (&c, "vpn-no-dhcp"));
    altoscope_domain_choice_clear (&c);
  }
}

static AltoscopeOptionStatus
status_of (AltoscopeDomainChoice *c,
           guint                  index,
           int                    option)
{
  g_assert_nonnull (c->options_seen);
  g_assert_cmpuint (index, <, c->options_seen->len);
  g_assert_cmpint (g_array_index (c->options_seen, AltoscopeOptionSeen, index).option, ==, option);
  return g_array_index (c->options_seen, AltoscopeOptionSeen, index).status;
}

static const char *
warning_message (AltoscopeDomainChoice *c,
                 const char            *code)
{
  for (guint i = 0; i < c->warnings->len; i++)
    if (g_str_equal (((AltoscopeChoiceWarning *) c->warnings->pdata[i])->code, code))
      return ((AltoscopeChoiceWarning *) c->warnings->pdata[i])->message;
  return NULL;
}

/* Step 1 says "NetworkManager did not report it" apart from "the server
 * sent none", first, and offers the dhclient recipe only when configuring
 * the client would change something (issue 15, item 1). */
static void
test_option_status (void)
{
  /* The internal client, as the lab shows it: 15 asked for, 213 never, no
   * DHCPv6 flags. */
  g_autoptr(GHashTable) internal4 = options ("domain_name", "fifteen.example",
                                             "requested_domain_name", "1", NULL);
  g_autoptr(GHashTable) internal6 = options ("dhcp6_name_servers", "2001:db8::53", NULL);
  /* dhclient told to ask for 213 and 57, from a server that sends neither,
   * nor 15 (it did not ask for 15). */
  g_autoptr(GHashTable) asked4 = options ("requested_v4_access_domain", "1", NULL);
  g_autoptr(GHashTable) asked6 = options ("requested_dhcp6_v6_access_domain", "1", NULL);
  AltoscopeDomainChoice c;

  {
    g_autoptr(AltoscopeLink) link = make_link (internal4, internal6);
    altoscope_choose_domain (link, ALTOSCOPE_FAMILY_IPV4, NULL, ALTOSCOPE_DOMAIN_SOURCE_NONE, NULL, &c);
    g_assert_cmpstr (c.source, ==, "dhcp4-option-15");
    g_assert_cmpint (status_of (&c, 0, 213), ==, ALTOSCOPE_OPTION_STATUS_NOT_REPORTED);
    g_assert_cmpint (status_of (&c, 1, 15), ==, ALTOSCOPE_OPTION_STATUS_PRESENT);
    g_assert_nonnull (strstr (warning_message (&c, "dhcp-option-15"),
                              "NetworkManager did not report option 213"));
    altoscope_domain_choice_clear (&c);

    altoscope_choose_domain (link, ALTOSCOPE_FAMILY_IPV6, NULL, ALTOSCOPE_DOMAIN_SOURCE_NONE, NULL, &c);
    g_assert_null (c.domain);
    g_assert_cmpuint (c.options_seen->len, ==, 1);
    g_assert_cmpint (status_of (&c, 0, 57), ==, ALTOSCOPE_OPTION_STATUS_NOT_REPORTED);
    g_assert_true (g_str_has_prefix (c.message, "NetworkManager did not report option 57 (access "
                                     "network domain): its internal DHCP client, the default, "
                                     "does not know it. No domain for IPv6"));
    g_assert_nonnull (strstr (c.message, "dhclient6.conf"));
    g_assert_nonnull (strstr (c.message, "--ask-dhcp"));
    g_assert_null (strstr (c.message, "holds no option 57"));
    altoscope_domain_choice_clear (&c);

    /* An override: DHCP was not looked at. */
    altoscope_choose_domain (link, ALTOSCOPE_FAMILY_IPV6, "mine.example",
                             ALTOSCOPE_DOMAIN_SOURCE_OVERRIDE_INTERFACE, NULL, &c);
    g_assert_null (c.options_seen);
    altoscope_domain_choice_clear (&c);
  }
  {
    g_autoptr(AltoscopeLink) link = make_link (asked4, asked6);
    altoscope_choose_domain (link, ALTOSCOPE_FAMILY_IPV4, NULL, ALTOSCOPE_DOMAIN_SOURCE_NONE, NULL, &c);
    g_assert_null (c.domain);
    g_assert_cmpint (status_of (&c, 0, 213), ==, ALTOSCOPE_OPTION_STATUS_NOT_SENT);
    g_assert_cmpint (status_of (&c, 1, 15), ==, ALTOSCOPE_OPTION_STATUS_NOT_REPORTED);
    g_assert_true (g_str_has_prefix (c.message, "The DHCP server sent no option 213 (it was asked "
                                     "for it). NetworkManager did not report option 15, and "
                                     "nothing says its DHCP client asked for it."));
    altoscope_domain_choice_clear (&c);

    altoscope_choose_domain (link, ALTOSCOPE_FAMILY_IPV6, NULL, ALTOSCOPE_DOMAIN_SOURCE_NONE, NULL, &c);
    g_assert_cmpint (status_of (&c, 0, 57), ==, ALTOSCOPE_OPTION_STATUS_NOT_SENT);
    g_assert_true (g_str_has_prefix (c.message, "The DHCP server sent no option 57 (it was asked "
                                     "for it). No domain for IPv6"));
    /* The client already asks: configuring it would change nothing. */
    g_assert_null (strstr (c.message, "dhclient6.conf"));
    altoscope_domain_choice_clear (&c);
  }
  {
    g_autoptr(AltoscopeLink) link = make_link (NULL, NULL);
    altoscope_choose_domain (link, ALTOSCOPE_FAMILY_IPV4, NULL, ALTOSCOPE_DOMAIN_SOURCE_NONE, NULL, &c);
    g_assert_cmpint (status_of (&c, 0, 213), ==, ALTOSCOPE_OPTION_STATUS_NO_LEASE);
    g_assert_cmpint (status_of (&c, 1, 15), ==, ALTOSCOPE_OPTION_STATUS_NO_LEASE);
    g_assert_true (g_str_has_prefix (c.message, "No domain for IPv4: no override is set, and the "
                                     "interface has no DHCPv4 lease"));
    altoscope_domain_choice_clear (&c);
  }
}

static void
test_home_gateway_names (void)
{
  const char *home[] = { "local", "lan", "home", "home.arpa", "localdomain", "fritz.box",
                         "printer.local", "x.lan", "singlelabel", NULL };
  const char *fine[] = { "example.net", "isp.example.com", "alto.provider.de", NULL };

  for (guint i = 0; home[i]; i++)
    g_assert_true (altoscope_domain_is_home_gateway_like (home[i]));
  for (guint i = 0; fine[i]; i++)
    g_assert_false (altoscope_domain_is_home_gateway_like (fine[i]));
}

static void
test_override_precedence (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeOverrides) ov = altoscope_overrides_new_default (&error);
  const char *uuid = "5f1e0c2a-7d3b-4c8e-9a61-2b4f8d0e7a13";
  AltoscopeFamily v4 = ALTOSCOPE_FAMILY_IPV4, v6 = ALTOSCOPE_FAMILY_IPV6;
  struct { AltoscopeScope scope; const char *key; AltoscopeFamily *family; const char *domain;
           const char *source; } steps[] = {
    { ALTOSCOPE_SCOPE_DEFAULT, NULL, NULL, "d.example", "override-default" },
    { ALTOSCOPE_SCOPE_CONNECTION, uuid, NULL, "c.example", "override-connection" },
    { ALTOSCOPE_SCOPE_INTERFACE, "wg0", NULL, "i.example", "override-interface" },
    { ALTOSCOPE_SCOPE_CONNECTION, uuid, &v4, "cf.example", "override-connection-family" },
    { ALTOSCOPE_SCOPE_INTERFACE, "wg0", &v4, "if.example", "override-interface-family" },
  };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *got = NULL;
      AltoscopeDomainSource source = ALTOSCOPE_DOMAIN_SOURCE_NONE;

      g_assert_true (altoscope_overrides_set (ov, steps[i].scope, steps[i].key, steps[i].family,
                                              steps[i].domain, &error));
      got = altoscope_overrides_lookup (ov, "wg0", uuid, ALTOSCOPE_FAMILY_IPV4, &source);
      g_assert_cmpstr (got, ==, steps[i].domain);
      g_assert_cmpstr (altoscope_domain_source_to_string (source), ==, steps[i].source);
    }
  /* IPv6 sees only the both-families ones. */
  {
    AltoscopeDomainSource source = ALTOSCOPE_DOMAIN_SOURCE_NONE;
    g_autofree char *got = altoscope_overrides_lookup (ov, "wg0", uuid, v6, &source);
    g_assert_cmpstr (got, ==, "i.example");
  }
  /* The VPN reconnects under another name: its connection override follows it. */
  {
    AltoscopeDomainSource source = ALTOSCOPE_DOMAIN_SOURCE_NONE;
    g_autofree char *got = altoscope_overrides_lookup (ov, "tun7", uuid, v4, &source);
    g_assert_cmpstr (got, ==, "cf.example");
    g_assert_cmpstr (altoscope_domain_source_to_string (source), ==, "override-connection-family");
  }
  /* Invalid input changes nothing. */
  g_assert_false (altoscope_overrides_set (ov, ALTOSCOPE_SCOPE_INTERFACE, "wg0", &v4, "bad..x",
                                           &error));
  g_clear_error (&error);
  g_assert_false (altoscope_overrides_set (ov, ALTOSCOPE_SCOPE_CONNECTION, "nope", NULL,
                                           "x.example", &error));
  g_clear_error (&error);
  {
    g_autoptr(GPtrArray) list = altoscope_overrides_list (ov);
    for (guint i = 0; i < list->len; i++)
      {
        AltoscopeOverrideEntry *e = list->pdata[i];
        g_test_message ("entry %s %s %s %s", altoscope_scope_to_string (e->scope), e->key,
                        e->family, e->domain);
      }
    g_assert_cmpuint (list->len, ==, 5);
  }
  g_assert_true (altoscope_overrides_clear (ov, ALTOSCOPE_SCOPE_INTERFACE, "wg0", &v4));
  g_assert_false (altoscope_overrides_clear (ov, ALTOSCOPE_SCOPE_INTERFACE, "wg0", &v4));
}

int
main (int argc, char **argv)
{
  /* A private configuration directory: the overrides test writes settings
   * when GSETTINGS_BACKEND is not set.  (Not G_TEST_OPTION_ISOLATE_DIRS:
   * GLib keeps the strings it replaces, which LeakSanitizer reports.) */
  g_autofree char *config = test_tmpdir_new_for_program ("altoscope-test-XXXXXX");
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/dhcp/decode", test_decode_forms);
  g_test_add_func ("/core/dhcp/sorted-keys", test_sorted_keys);
  g_test_add_func ("/core/choice/step1", test_step1);
  g_test_add_func ("/core/choice/option-status", test_option_status);
  g_test_add_func ("/core/choice/home-gateway", test_home_gateway_names);
  g_test_add_func ("/core/overrides/precedence", test_override_precedence);
  {
    int status = g_test_run ();
    g_autofree char *dir = g_build_filename (config, "altoscope", NULL);
    g_autofree char *file = g_build_filename (dir, "settings.ini", NULL);
    g_remove (file);
    g_rmdir (dir);
    g_rmdir (config);
    return status;
  }
}
