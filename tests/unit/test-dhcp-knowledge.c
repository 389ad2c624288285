/* Unit tests: what a lease and a server asked directly say about options
 * 213, 15 and 57 (issue 15, item 1), with the keys NetworkManager 1.42
 * really writes (seen in tests/nm's lab with both DHCP clients), and
 * NetworkManager's names for the other options.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "altoscope-dhcp-knowledge.h"

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

/* A reply of a server asked directly, holding @option (0: none) as bytes. */
static AltoscopeDhcpAnswer *
answer_with (AltoscopeFamily  family,
             int              option,
             const char      *bytes,
             gsize            len)
{
  AltoscopeDhcpAnswer *a = altoscope_dhcp_answer_new ("eth0", family);
  AltoscopeDhcpReply r = { 0 };

  r.options = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                     (GDestroyNotify) g_bytes_unref);
  r.lease_time_s = r.refresh_time_s = -1;
  if (option)
    g_hash_table_insert (r.options, GINT_TO_POINTER (option), g_bytes_new (bytes, len));
  altoscope_dhcp_answer_take_reply (a, &r, family == ALTOSCOPE_FAMILY_IPV6 ? "fe80::1"
                                                                          : "192.0.2.1");
  altoscope_dhcp_reply_clear (&r);
  return a;
}

static void
test_names (void)
{
  AltoscopeOptionStatus status;
  GEnumClass *klass = g_type_class_ref (ALTOSCOPE_TYPE_OPTION_STATUS);

  g_assert_true (G_TYPE_IS_ENUM (ALTOSCOPE_TYPE_OPTION_STATUS));
  g_assert_cmpuint (klass->n_values, ==, 5);
  g_type_class_unref (klass);
  g_assert_cmpstr (altoscope_option_status_to_string (ALTOSCOPE_OPTION_STATUS_NO_LEASE), ==,
                   "no-lease");
  g_assert_cmpstr (altoscope_option_status_to_string (ALTOSCOPE_OPTION_STATUS_NOT_REPORTED), ==,
                   "not-reported");
  g_assert_cmpstr (altoscope_option_status_to_string (ALTOSCOPE_OPTION_STATUS_NOT_SENT), ==,
                   "not-sent");
  g_assert_cmpstr (altoscope_option_status_to_string (ALTOSCOPE_OPTION_STATUS_PRESENT), ==,
                   "present");
  g_assert_cmpstr (altoscope_option_status_to_string (ALTOSCOPE_OPTION_STATUS_MALFORMED), ==,
                   "malformed");
  g_assert_true (altoscope_option_status_from_string ("not-sent", &status));
  g_assert_cmpint (status, ==, ALTOSCOPE_OPTION_STATUS_NOT_SENT);
  g_assert_false (altoscope_option_status_from_string ("absent", &status));
  g_assert_false (altoscope_option_status_from_string (NULL, &status));

  g_assert_nonnull (strstr (altoscope_option_status_describe (ALTOSCOPE_OPTION_STATUS_NOT_REPORTED,
                                                              213), "never asks"));
  g_assert_nonnull (strstr (altoscope_option_status_describe (ALTOSCOPE_OPTION_STATUS_NOT_REPORTED,
                                                              57), "does not know"));
  g_assert_cmpstr (altoscope_option_status_describe (ALTOSCOPE_OPTION_STATUS_NOT_SENT, 15), ==,
                   "not sent by the DHCP server");
}

/* The statuses of 213, 15 and 57 for the leases the lab shows. */
static void
test_status_from_the_lease (void)
{
  /* NetworkManager's internal client: asks for 15, never for 213, and
   * writes no DHCPv6 flags at all. */
  g_autoptr(GHashTable) internal4 = options ("domain_name", "dhcp15.signed.test",
                                             "requested_domain_name", "1",
                                             "requested_routers", "1",
                                             "expiry", "1796025350", NULL);
  g_autoptr(GHashTable) internal6 = options ("dhcp6_name_servers", "2001:db8:77::1",
                                             "ip6_address", "2001:db8:77::115", NULL);
  /* dhclient with "also request", from a server that sends neither. */
  g_autoptr(GHashTable) asked4 = options ("requested_v4_access_domain", "1",
                                          "requested_domain_name", "1", NULL);
  g_autoptr(GHashTable) asked6 = options ("requested_dhcp6_v6_access_domain", "1", NULL);
  /* dhclient from a server that sends them, one of them unreadable. */
  g_autoptr(GHashTable) full4 = options ("v4_access_domain", "dhcp213.signed.test.",
                                         "domain_name", "bad!name", NULL);
  g_autoptr(GHashTable) full6 = options ("dhcp6_v6_access_domain", "7:65:78:61", NULL);
  /* A flag that is not "1" says nothing. */
  g_autoptr(GHashTable) odd4 = options ("requested_v4_access_domain", "0", NULL);
  const AltoscopeFamily v4 = ALTOSCOPE_FAMILY_IPV4, v6 = ALTOSCOPE_FAMILY_IPV6;

  g_assert_cmpint (altoscope_dhcp_option_status (internal4, NULL, v4, 213), ==,
                   ALTOSCOPE_OPTION_STATUS_NOT_REPORTED);
  g_assert_cmpint (altoscope_dhcp_option_status (internal4, NULL, v4, 15), ==,
                   ALTOSCOPE_OPTION_STATUS_PRESENT);
  g_assert_cmpint (altoscope_dhcp_option_status (internal6, NULL, v6, 57), ==,
                   ALTOSCOPE_OPTION_STATUS_NOT_REPORTED);

  g_assert_cmpint (altoscope_dhcp_option_status (asked4, NULL, v4, 213), ==,
                   ALTOSCOPE_OPTION_STATUS_NOT_SENT);
  g_assert_cmpint (altoscope_dhcp_option_status (asked4, NULL, v4, 15), ==,
                   ALTOSCOPE_OPTION_STATUS_NOT_SENT);
  g_assert_cmpint (altoscope_dhcp_option_status (asked6, NULL, v6, 57), ==,
                   ALTOSCOPE_OPTION_STATUS_NOT_SENT);

  g_assert_cmpint (altoscope_dhcp_option_status (full4, NULL, v4, 213), ==,
                   ALTOSCOPE_OPTION_STATUS_PRESENT);
  g_assert_cmpint (altoscope_dhcp_option_status (full4, NULL, v4, 15), ==,
                   ALTOSCOPE_OPTION_STATUS_MALFORMED);
  g_assert_cmpint (altoscope_dhcp_option_status (full6, NULL, v6, 57), ==,
                   ALTOSCOPE_OPTION_STATUS_MALFORMED);

  g_assert_cmpint (altoscope_dhcp_option_status (odd4, NULL, v4, 213), ==,
                   ALTOSCOPE_OPTION_STATUS_NOT_REPORTED);
  /* The other family's flag is not this family's. */
  g_assert_cmpint (altoscope_dhcp_option_status (asked6, NULL, v4, 213), ==,
                   ALTOSCOPE_OPTION_STATUS_NOT_REPORTED);

  for (int option = 0; option < 3; option++)
    g_assert_cmpint (altoscope_dhcp_option_status (NULL, NULL, option == 2 ? v6 : v4,
                                                   (int[]) { 213, 15, 57 }[option]), ==,
                     ALTOSCOPE_OPTION_STATUS_NO_LEASE);
}

/* A server asked directly: what it lacks it did not send; what it holds is
 * there; a failed question leaves what the lease says. */
static void
test_status_with_an_answer (void)
{
  static const char example_net[] = "\x07""example\x03""net";   /* and its NUL */
  g_autoptr(GHashTable) internal4 = options ("domain_name", "lease.example",
                                             "requested_domain_name", "1", NULL);
  g_autoptr(GHashTable) internal6 = options ("dhcp6_name_servers", "2001:db8::53", NULL);
  g_autoptr(AltoscopeDhcpAnswer) none4 = answer_with (ALTOSCOPE_FAMILY_IPV4, 0, NULL, 0);
  g_autoptr(AltoscopeDhcpAnswer) none6 = answer_with (ALTOSCOPE_FAMILY_IPV6, 0, NULL, 0);
  g_autoptr(AltoscopeDhcpAnswer) a213 = answer_with (ALTOSCOPE_FAMILY_IPV4, 213, example_net,
                                                     sizeof example_net);
  g_autoptr(AltoscopeDhcpAnswer) bad57 = answer_with (ALTOSCOPE_FAMILY_IPV6, 57, "\xc0\x0c", 2);
  g_autoptr(AltoscopeDhcpAnswer) failed = altoscope_dhcp_answer_new ("eth0",
                                                                     ALTOSCOPE_FAMILY_IPV6);
  const AltoscopeFamily v4 = ALTOSCOPE_FAMILY_IPV4, v6 = ALTOSCOPE_FAMILY_IPV6;

  altoscope_dhcp_answer_set_error (failed, ALTOSCOPE_DHCP_ERROR_TIMEOUT, "No answer", NULL);

  g_assert_cmpint (altoscope_dhcp_option_status (internal4, none4, v4, 213), ==,
                   ALTOSCOPE_OPTION_STATUS_NOT_SENT);
  g_assert_cmpint (altoscope_dhcp_option_status (internal4, none4, v4, 15), ==,
                   ALTOSCOPE_OPTION_STATUS_PRESENT);
  g_assert_cmpint (altoscope_dhcp_option_status (internal6, none6, v6, 57), ==,
                   ALTOSCOPE_OPTION_STATUS_NOT_SENT);
  g_assert_cmpint (altoscope_dhcp_option_status (internal4, a213, v4, 213), ==,
                   ALTOSCOPE_OPTION_STATUS_PRESENT);
  g_assert_cmpint (altoscope_dhcp_option_status (internal6, bad57, v6, 57), ==,
                   ALTOSCOPE_OPTION_STATUS_MALFORMED);
  /* DHCPINFORM works without a lease (a static address): the answer knows. */
  g_assert_cmpint (altoscope_dhcp_option_status (NULL, none4, v4, 213), ==,
                   ALTOSCOPE_OPTION_STATUS_NOT_SENT);
  g_assert_cmpint (altoscope_dhcp_option_status (NULL, a213, v4, 213), ==,
                   ALTOSCOPE_OPTION_STATUS_PRESENT);

  g_assert_cmpint (altoscope_dhcp_option_status (internal6, failed, v6, 57), ==,
                   ALTOSCOPE_OPTION_STATUS_NOT_REPORTED);
  g_assert_cmpint (altoscope_dhcp_option_status (NULL, failed, v6, 57), ==,
                   ALTOSCOPE_OPTION_STATUS_NO_LEASE);
  /* Another family's answer says nothing about this family. */
  g_assert_cmpint (altoscope_dhcp_option_status (internal4, none6, v4, 213), ==,
                   ALTOSCOPE_OPTION_STATUS_NOT_REPORTED);

  {
    g_autoptr(GArray) seen = altoscope_dhcp_options_seen (internal4, NULL, v4);
    g_assert_cmpuint (seen->len, ==, 2);
    g_assert_cmpint (g_array_index (seen, AltoscopeOptionSeen, 0).option, ==, 213);
    g_assert_cmpint (g_array_index (seen, AltoscopeOptionSeen, 0).status, ==,
                     ALTOSCOPE_OPTION_STATUS_NOT_REPORTED);
    g_assert_cmpint (g_array_index (seen, AltoscopeOptionSeen, 1).option, ==, 15);
    g_assert_cmpint (g_array_index (seen, AltoscopeOptionSeen, 1).status, ==,
                     ALTOSCOPE_OPTION_STATUS_PRESENT);
  }
}

static void
test_keys (void)
{
  AltoscopeDhcpValueKind kind;
  const AltoscopeFamily v4 = ALTOSCOPE_FAMILY_IPV4, v6 = ALTOSCOPE_FAMILY_IPV6;

  g_assert_cmpstr (altoscope_dhcp_requested_key ("requested_v4_access_domain", "1"), ==,
                   "v4_access_domain");
  g_assert_null (altoscope_dhcp_requested_key ("requested_v4_access_domain", "0"));
  g_assert_null (altoscope_dhcp_requested_key ("requested_", "1"));
  g_assert_null (altoscope_dhcp_requested_key ("domain_name", "1"));

  g_assert_cmpint (altoscope_dhcp_key_option ("subnet_mask", v4, &kind), ==, 1);
  g_assert_cmpint (kind, ==, ALTOSCOPE_DHCP_VALUE_TEXT);
  g_assert_cmpint (altoscope_dhcp_key_option ("domain_name", v4, NULL), ==, 15);
  g_assert_cmpint (altoscope_dhcp_key_option ("dhcp_lease_time", v4, &kind), ==, 51);
  g_assert_cmpint (kind, ==, ALTOSCOPE_DHCP_VALUE_DURATION);
  g_assert_cmpint (altoscope_dhcp_key_option ("expiry", v4, &kind), ==, 0);
  g_assert_cmpint (kind, ==, ALTOSCOPE_DHCP_VALUE_TIME);
  g_assert_cmpint (altoscope_dhcp_key_option ("ip_address", v4, &kind), ==, 0);
  g_assert_cmpint (kind, ==, ALTOSCOPE_DHCP_VALUE_TEXT);
  g_assert_cmpint (altoscope_dhcp_key_option ("unknown_213", v4, NULL), ==, 213);
  g_assert_cmpint (altoscope_dhcp_key_option ("private_245", v4, NULL), ==, 245);
  g_assert_cmpint (altoscope_dhcp_key_option ("dhcp6_name_servers", v6, NULL), ==, 23);
  g_assert_cmpint (altoscope_dhcp_key_option ("dhcp6_v6_access_domain", v6, NULL), ==, 57);
  g_assert_cmpint (altoscope_dhcp_key_option ("dhcp6_unknown_57", v6, NULL), ==, 57);
  g_assert_cmpint (altoscope_dhcp_key_option ("life_starts", v6, &kind), ==, 0);
  g_assert_cmpint (kind, ==, ALTOSCOPE_DHCP_VALUE_TIME);
  /* A name of the other family is not known in this one. */
  g_assert_cmpint (altoscope_dhcp_key_option ("dhcp6_name_servers", v4, NULL), ==, 0);
  g_assert_cmpint (altoscope_dhcp_key_option ("unknown_99999", v4, NULL), ==, 0);
  g_assert_cmpint (altoscope_dhcp_key_option (NULL, v4, NULL), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/dhcp/option-status/names", test_names);
  g_test_add_func ("/core/dhcp/option-status/lease", test_status_from_the_lease);
  g_test_add_func ("/core/dhcp/option-status/answer", test_status_with_an_answer);
  g_test_add_func ("/core/dhcp/keys", test_keys);
  return g_test_run ();
}
