/* Unit tests: the closed sets are enums registered as GTypes, with one name
 * table each (the nicks) that the JSON and text edges use, and properties
 * of those types (issue 19, item 2).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>

#include "altoscope-check.h"
#include "altoscope-dhcp-answer.h"
#include "altoscope-domain-source.h"
#include "altoscope-error.h"
#include "altoscope-link.h"
#include "altoscope-pair.h"
#include "altoscope-target.h"

/* Every value of @type has a nick, and the nicks are unique. */
static void
assert_names (GType type)
{
  GEnumClass *klass = g_type_class_ref (type);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_true (G_TYPE_IS_ENUM (type));
  for (guint i = 0; i < klass->n_values; i++)
    {
      g_assert_nonnull (klass->values[i].value_nick);
      g_assert_false (g_hash_table_contains (seen, klass->values[i].value_nick));
      g_hash_table_add (seen, (gpointer) klass->values[i].value_nick);
    }
  g_type_class_unref (klass);
}

static void
test_name_tables (void)
{
  AltoscopeDomainSource source;
  AltoscopeErrorCode code;
  AltoscopeDhcpError dhcp;

  assert_names (ALTOSCOPE_TYPE_DOMAIN_SOURCE);
  assert_names (ALTOSCOPE_TYPE_ERROR_CODE);
  assert_names (ALTOSCOPE_TYPE_DNSSEC);
  assert_names (ALTOSCOPE_TYPE_DNSSEC_VALIDATOR);
  assert_names (ALTOSCOPE_TYPE_FAMILY);
  assert_names (ALTOSCOPE_TYPE_LINK_STATE);
  assert_names (ALTOSCOPE_TYPE_DHCP_ERROR);
  assert_names (ALTOSCOPE_TYPE_CHECK_CODE);
  g_assert_cmpstr (altoscope_check_code_to_string (ALTOSCOPE_CHECK_INSECURE_REDIRECT), ==,
                   "insecure-redirect");

  /* The contract's names, both ways. */
  g_assert_cmpstr (altoscope_domain_source_to_string (ALTOSCOPE_DOMAIN_SOURCE_DHCP6_INFOREQ_OPTION_57),
                   ==, "dhcp6-inforeq-option-57");
  g_assert_null (altoscope_domain_source_to_string (ALTOSCOPE_DOMAIN_SOURCE_NONE));
  g_assert_true (altoscope_domain_source_from_string ("override-connection-family", &source));
  g_assert_cmpint (source, ==, ALTOSCOPE_DOMAIN_SOURCE_OVERRIDE_CONNECTION_FAMILY);
  g_assert_false (altoscope_domain_source_from_string ("none", &source));
  g_assert_false (altoscope_domain_source_from_string ("override", &source));
  g_assert_true (altoscope_domain_source_is_override (ALTOSCOPE_DOMAIN_SOURCE_OVERRIDE_DEFAULT));
  g_assert_false (altoscope_domain_source_is_override (ALTOSCOPE_DOMAIN_SOURCE_DHCP4_OPTION_213));
  g_assert_cmpint (altoscope_domain_source_for_dhcp (15, TRUE), ==,
                   ALTOSCOPE_DOMAIN_SOURCE_DHCP4_INFORM_OPTION_15);
  g_assert_cmpint (altoscope_domain_source_get_option (ALTOSCOPE_DOMAIN_SOURCE_DHCP4_OPTION_15),
                   ==, 15);

  g_assert_cmpstr (altoscope_error_code_to_string (ALTOSCOPE_ERROR_TOO_MANY_QUERIES), ==,
                   "too-many-queries");
  g_assert_true (altoscope_error_code_from_string ("no-alto-records", &code));
  g_assert_cmpint (code, ==, ALTOSCOPE_ERROR_NO_ALTO_RECORDS);
  g_assert_false (altoscope_error_code_from_string ("none", &code));
  g_assert_cmpstr (altoscope_dnssec_to_string (ALTOSCOPE_DNSSEC_BOGUS), ==, "bogus");
  g_assert_cmpstr (altoscope_dnssec_validator_to_string (ALTOSCOPE_DNSSEC_VALIDATOR_RESOLVER), ==,
                   "resolver");
  g_assert_cmpstr (altoscope_dnssec_validator_to_string (ALTOSCOPE_DNSSEC_VALIDATOR_ALTOSCOPE),
                   ==, "altoscope");
  {
    /* An answer of the c-ares path: the resolver decided, and its claim
     * is the status (issue 17: nothing changes for that path). */
    g_autoptr(AltoscopeDnsAnswer) plain = g_new0 (AltoscopeDnsAnswer, 1);

    plain->dnssec = ALTOSCOPE_DNSSEC_SECURE;
    g_assert_cmpint (plain->validator, ==, ALTOSCOPE_DNSSEC_VALIDATOR_RESOLVER);
    g_assert_cmpint (altoscope_dns_answer_resolver_dnssec (plain), ==, ALTOSCOPE_DNSSEC_SECURE);
  }
  g_assert_cmpstr (altoscope_link_state_to_string (ALTOSCOPE_LINK_STATE_DISCONNECTING), ==,
                   "disconnecting");
  g_assert_true (altoscope_dhcp_error_from_string ("dhcp-malformed", &dhcp));
  g_assert_cmpint (dhcp, ==, ALTOSCOPE_DHCP_ERROR_MALFORMED);
  g_assert_false (altoscope_dhcp_error_from_string ("cancelled", &dhcp));
  g_assert_nonnull (altoscope_dhcp_error_hint (ALTOSCOPE_DHCP_ERROR_TIMEOUT));
}

/* Properties of those types are enum properties. */
static void
test_enum_properties (void)
{
  g_autoptr(AltoscopeLink) link = altoscope_link_new ("eth0", "ethernet");
  g_autoptr(AltoscopePair) pair = _altoscope_pair_new ("eth0/ipv6", "eth0", link,
                                                       ALTOSCOPE_FAMILY_IPV6);
  g_autoptr(AltoscopeTarget) target = altoscope_target_new ("eth0", "ipv6", "a.example",
                                                            ALTOSCOPE_DOMAIN_SOURCE_DHCP6_OPTION_57);
  struct { GObject *object; const char *name; GType type; } props[] = {
    { G_OBJECT (pair), "family", ALTOSCOPE_TYPE_FAMILY },
    { G_OBJECT (pair), "source", ALTOSCOPE_TYPE_DOMAIN_SOURCE },
    { G_OBJECT (target), "source", ALTOSCOPE_TYPE_DOMAIN_SOURCE },
    { G_OBJECT (target), "error-code", ALTOSCOPE_TYPE_ERROR_CODE },
    { G_OBJECT (target), "dnssec", ALTOSCOPE_TYPE_DNSSEC },
    { G_OBJECT (link), "state", ALTOSCOPE_TYPE_LINK_STATE },
  };
  AltoscopeFamily family;
  AltoscopeDomainSource source;
  AltoscopeErrorCode code;
  g_autofree char *name = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (props); i++)
    {
      GParamSpec *spec = g_object_class_find_property (G_OBJECT_GET_CLASS (props[i].object),
                                                       props[i].name);
      g_assert_nonnull (spec);
      g_assert_true (G_IS_PARAM_SPEC_ENUM (spec));
      g_assert_true (spec->value_type == props[i].type);
    }
  g_object_get (pair, "family", &family, "source", &source, NULL);
  g_assert_cmpint (family, ==, ALTOSCOPE_FAMILY_IPV6);
  g_assert_cmpint (source, ==, ALTOSCOPE_DOMAIN_SOURCE_NONE);
  _altoscope_pair_set_report (pair, target);
  g_object_get (pair, "source", &source, "domain-source", &name, NULL);
  g_assert_cmpint (source, ==, ALTOSCOPE_DOMAIN_SOURCE_DHCP6_OPTION_57);
  g_assert_cmpstr (name, ==, "dhcp6-option-57");
  g_object_get (target, "error-code", &code, NULL);
  g_assert_cmpint (code, ==, ALTOSCOPE_ERROR_NONE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/vocabulary/name-tables", test_name_tables);
  g_test_add_func ("/core/vocabulary/enum-properties", test_enum_properties);
  return g_test_run ();
}
