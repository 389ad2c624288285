/* altoscope-dhcp-knowledge.c
 *
 * What a lease and an answer together say about options 213, 15 and 57.
 * NetworkManager 1.42, seen in tests/nm's lab (both clients report
 * "requested_<key> = 1" for what they asked for):
 *  - internal client: requested_domain_name = 1, no flag for 213 (never
 *    asked) and no DHCPv6 flags at all (57 is unknown to it);
 *  - dhclient with "also request v4-access-domain;" and "also request
 *    dhcp6.v6-access-domain;": requested_v4_access_domain = 1 and
 *    requested_dhcp6_v6_access_domain = 1, with or without the value.
 * A flag without its value means the server was asked and sent nothing;
 * no flag and no value means only that NetworkManager did not report it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "altoscope-dhcp.h"
#include "altoscope-dhcp-knowledge.h"
#include "altoscope-enum.h"

G_DEFINE_ENUM_TYPE (AltoscopeOptionStatus, altoscope_option_status,
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_OPTION_STATUS_NO_LEASE, "no-lease"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_OPTION_STATUS_NOT_REPORTED, "not-reported"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_OPTION_STATUS_NOT_SENT, "not-sent"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_OPTION_STATUS_PRESENT, "present"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_OPTION_STATUS_MALFORMED, "malformed"))

const char *
altoscope_option_status_to_string (AltoscopeOptionStatus status)
{
  return altoscope_enum_to_nick (ALTOSCOPE_TYPE_OPTION_STATUS, status);
}

gboolean
altoscope_option_status_from_string (const char            *str,
                                     AltoscopeOptionStatus *status)
{
  int v;

  if (!altoscope_enum_from_nick (ALTOSCOPE_TYPE_OPTION_STATUS, str, &v))
    return FALSE;
  *status = v;
  return TRUE;
}

/* Translated, lower case, to follow "option N: ". */
const char *
altoscope_option_status_describe (AltoscopeOptionStatus status,
                                  int                   option)
{
  switch (status)
    {
    case ALTOSCOPE_OPTION_STATUS_NO_LEASE:
      return option == 57 ? _("no DHCPv6 lease") : _("no DHCPv4 lease");
    case ALTOSCOPE_OPTION_STATUS_NOT_REPORTED:
      if (option == 213)
        return _("not reported by NetworkManager (its internal DHCP client never asks for it)");
      if (option == 57)
        return _("not reported by NetworkManager (its internal DHCP client does not know it)");
      return _("not reported by NetworkManager (its DHCP client did not ask for it)");
    case ALTOSCOPE_OPTION_STATUS_NOT_SENT:
      return _("not sent by the DHCP server");
    case ALTOSCOPE_OPTION_STATUS_PRESENT:
      return _("present");
    case ALTOSCOPE_OPTION_STATUS_MALFORMED:
    default:
      return _("malformed");
    }
}

/* The options step 1 looks at for @family, most preferred first
 * (RFC 7286 §3.1): 213 then 15 for IPv4, only 57 for IPv6. */
const int *
altoscope_dhcp_alto_options (AltoscopeFamily  family,
                             guint           *n_options)
{
  static const int v4[] = { 213, 15 }, v6[] = { 57 };

  *n_options = family == ALTOSCOPE_FAMILY_IPV6 ? G_N_ELEMENTS (v6) : G_N_ELEMENTS (v4);
  return family == ALTOSCOPE_FAMILY_IPV6 ? v6 : v4;
}

/* @asked is a reply from a server of @family (not a failure): what it
 * lacks, the server did not send. */
gboolean
altoscope_dhcp_answer_answered (AltoscopeDhcpAnswer *asked,
                                AltoscopeFamily      family)
{
  return asked != NULL && asked->family == family && !altoscope_dhcp_answer_get_failed (asked);
}

/* Whether @values hold @option readable (*@present) or not (*@malformed). */
static void
look_at (GPtrArray *values,
         int        option,
         gboolean  *present,
         gboolean  *malformed)
{
  for (guint i = 0; values != NULL && i < values->len; i++)
    {
      AltoscopeDhcpValue *v = values->pdata[i];
      if (v->option != option)
        continue;
      if (v->domain != NULL)
        *present = TRUE;
      else
        *malformed = TRUE;
    }
}

/* The client asked for @option: one of NetworkManager's names for it has
 * its "requested_" flag set. */
static gboolean
client_asked (GHashTable      *lease_options,
              AltoscopeFamily  family,
              int              option)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, lease_options);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *flagged = altoscope_dhcp_requested_key (key, value);
      if (flagged != NULL && altoscope_dhcp_option_for_key (flagged, family) == option)
        return TRUE;
    }
  return FALSE;
}

/* @option (213, 15, 57) as the lease (@lease_options, NULL: no lease) and
 * a server asked directly (@asked, or NULL) show it together.  A value
 * anywhere wins; a question answered or a client's flag makes a missing
 * option "not sent". */
AltoscopeOptionStatus
altoscope_dhcp_option_status (GHashTable          *lease_options,
                              AltoscopeDhcpAnswer *asked,
                              AltoscopeFamily      family,
                              int                  option)
{
  g_autoptr(GPtrArray) leased = altoscope_dhcp_find_alto_values (lease_options, family);
  gboolean answered = altoscope_dhcp_answer_answered (asked, family);
  gboolean present = FALSE, malformed = FALSE;

  look_at (leased, option, &present, &malformed);
  if (answered)
    look_at (asked->values, option, &present, &malformed);
  if (present)
    return ALTOSCOPE_OPTION_STATUS_PRESENT;
  if (malformed)
    return ALTOSCOPE_OPTION_STATUS_MALFORMED;
  if (answered)
    return ALTOSCOPE_OPTION_STATUS_NOT_SENT;
  if (lease_options == NULL)
    return ALTOSCOPE_OPTION_STATUS_NO_LEASE;
  if (client_asked (lease_options, family, option))
    return ALTOSCOPE_OPTION_STATUS_NOT_SENT;
  return ALTOSCOPE_OPTION_STATUS_NOT_REPORTED;
}

/* Every option step 1 looks at for @family, in its order, with its status:
 * an array of AltoscopeOptionSeen. */
GArray *
altoscope_dhcp_options_seen (GHashTable          *lease_options,
                             AltoscopeDhcpAnswer *asked,
                             AltoscopeFamily      family)
{
  guint n;
  const int *options = altoscope_dhcp_alto_options (family, &n);
  GArray *seen = g_array_sized_new (FALSE, FALSE, sizeof (AltoscopeOptionSeen), n);

  for (guint i = 0; i < n; i++)
    {
      AltoscopeOptionSeen s = {
        options[i], altoscope_dhcp_option_status (lease_options, asked, family, options[i])
      };
      g_array_append_val (seen, s);
    }
  return seen;
}

/* The option name a "requested_<name> = 1" flag stands for, or NULL when
 * @key is not such a flag.  It points into @key. */
const char *
altoscope_dhcp_requested_key (const char *key,
                              const char *value)
{
  if (key == NULL || !g_str_has_prefix (key, "requested_") || key[strlen ("requested_")] == '\0')
    return NULL;
  if (g_strcmp0 (value, "1") != 0)
    return NULL;
  return key + strlen ("requested_");
}

/* NetworkManager's names (internal client and dhclient, as the lab shows
 * them) for the options a lease commonly holds.  Keys that are no option
 * (ip_address, expiry, NetworkManager's own) have 0. */
typedef struct
{
  const char *key;
  int option;
  AltoscopeDhcpValueKind kind;
} KeyInfo;

static const KeyInfo known4[] = {
  { "subnet_mask", 1, ALTOSCOPE_DHCP_VALUE_TEXT },
  { "time_offset", 2, ALTOSCOPE_DHCP_VALUE_TEXT },
  { "routers", 3, ALTOSCOPE_DHCP_VALUE_TEXT },
  { "domain_name_servers", 6, ALTOSCOPE_DHCP_VALUE_TEXT },
  { "host_name", 12, ALTOSCOPE_DHCP_VALUE_TEXT },
  { "domain_name", 15, ALTOSCOPE_DHCP_VALUE_TEXT },
  { "root_path", 17, ALTOSCOPE_DHCP_VALUE_TEXT },
  { "interface_mtu", 26, ALTOSCOPE_DHCP_VALUE_TEXT },
  { "broadcast_address", 28, ALTOSCOPE_DHCP_VALUE_TEXT },
  { "static_routes", 33, ALTOSCOPE_DHCP_VALUE_TEXT },
  { "nis_domain", 40, ALTOSCOPE_DHCP_VALUE_TEXT },
  { "nis_servers", 41, ALTOSCOPE_DHCP_VALUE_TEXT },
  { "ntp_servers", 42, ALTOSCOPE_DHCP_VALUE_TEXT },
  { "netbios_name_servers", 44, ALTOSCOPE_DHCP_VALUE_TEXT },
  { "netbios_scope", 47, ALTOSCOPE_DHCP_VALUE_TEXT },
  { "dhcp_lease_time", 51, ALTOSCOPE_DHCP_VALUE_DURATION },
  { "dhcp_message_type", 53, ALTOSCOPE_DHCP_VALUE_TEXT },
  { "dhcp_server_identifier", 54, ALTOSCOPE_DHCP_VALUE_TEXT },
  { "dhcp_renewal_time", 58, ALTOSCOPE_DHCP_VALUE_DURATION },
  { "dhcp_rebinding_time", 59, ALTOSCOPE_DHCP_VALUE_DURATION },
  { "dhcp_client_identifier", 61, ALTOSCOPE_DHCP_VALUE_TEXT },
  { "domain_search", 119, ALTOSCOPE_DHCP_VALUE_TEXT },
  { "rfc3442_classless_static_routes", 121, ALTOSCOPE_DHCP_VALUE_TEXT },
  { "v4_access_domain", 213, ALTOSCOPE_DHCP_VALUE_TEXT },
  { "ms_classless_static_routes", 249, ALTOSCOPE_DHCP_VALUE_TEXT },
  { "wpad", 252, ALTOSCOPE_DHCP_VALUE_TEXT },
  { "expiry", 0, ALTOSCOPE_DHCP_VALUE_TIME },
};

static const KeyInfo known6[] = {
  { "dhcp6_client_id", 1, ALTOSCOPE_DHCP_VALUE_TEXT },
  { "dhcp6_server_id", 2, ALTOSCOPE_DHCP_VALUE_TEXT },
  { "dhcp6_status_code", 13, ALTOSCOPE_DHCP_VALUE_TEXT },
  { "dhcp6_name_servers", 23, ALTOSCOPE_DHCP_VALUE_TEXT },
  { "dhcp6_domain_search", 24, ALTOSCOPE_DHCP_VALUE_TEXT },
  { "dhcp6_sntp_servers", 31, ALTOSCOPE_DHCP_VALUE_TEXT },
  { "dhcp6_fqdn", 39, ALTOSCOPE_DHCP_VALUE_TEXT },
  { "dhcp6_ntp_servers", 56, ALTOSCOPE_DHCP_VALUE_TEXT },
  { "dhcp6_v6_access_domain", 57, ALTOSCOPE_DHCP_VALUE_TEXT },
  /* dhclient's view of the lease: times of IA_NA (option 3), not options */
  { "life_starts", 0, ALTOSCOPE_DHCP_VALUE_TIME },
  { "starts", 0, ALTOSCOPE_DHCP_VALUE_TIME },
  { "max_life", 0, ALTOSCOPE_DHCP_VALUE_DURATION },
  { "preferred_life", 0, ALTOSCOPE_DHCP_VALUE_DURATION },
  { "renew", 0, ALTOSCOPE_DHCP_VALUE_DURATION },
  { "rebind", 0, ALTOSCOPE_DHCP_VALUE_DURATION },
};

/* "unknown_224", "private_224", "dhcp6_unknown_57", "option_213": the
 * number NetworkManager put in the name, or 0. */
static int
numbered_key (const char *key)
{
  static const char * const prefixes[] = {
    "dhcp6_unknown_", "dhcp6_option_", "unknown_", "private_", "option_",
  };
  guint64 n;

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_str_has_prefix (key, prefixes[i])
        && g_ascii_string_to_unsigned (key + strlen (prefixes[i]), 10, 1, 65535, &n, NULL))
      return (int) n;
  return 0;
}

/* The option number NetworkManager's @key stands for in @family, or 0
 * when it is none or not known; *@kind (may be NULL): how its value reads. */
int
altoscope_dhcp_key_option (const char             *key,
                           AltoscopeFamily         family,
                           AltoscopeDhcpValueKind *kind)
{
  const KeyInfo *table = family == ALTOSCOPE_FAMILY_IPV6 ? known6 : known4;
  guint n = family == ALTOSCOPE_FAMILY_IPV6 ? G_N_ELEMENTS (known6) : G_N_ELEMENTS (known4);
  AltoscopeDhcpValueKind k = ALTOSCOPE_DHCP_VALUE_TEXT;
  int option = -1;

  for (guint i = 0; i < n && option < 0; i++)
    if (g_strcmp0 (key, table[i].key) == 0)
      {
        option = table[i].option;
        k = table[i].kind;
      }
  /* Not in the table: the ALTO options' other names, then a number in the
   * name itself. */
  if (option < 0 && key != NULL)
    option = altoscope_dhcp_option_for_key (key, family);
  if (option <= 0 && key != NULL)
    option = numbered_key (key);
  if (kind != NULL)
    *kind = k;
  return MAX (option, 0);
}
