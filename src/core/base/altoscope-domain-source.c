/* altoscope-domain-source.c
 *
 * One name table for the JSON and text edges; everything else works with
 * the enum (the window chooses its words with a switch, the scheduler asks
 * altoscope_domain_source_is_override()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "altoscope-domain-source.h"
#include "altoscope-enum.h"

G_DEFINE_ENUM_TYPE (AltoscopeDomainSource, altoscope_domain_source,
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DOMAIN_SOURCE_NONE, "none"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DOMAIN_SOURCE_OVERRIDE_INTERFACE_FAMILY, "override-interface-family"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DOMAIN_SOURCE_OVERRIDE_CONNECTION_FAMILY, "override-connection-family"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DOMAIN_SOURCE_OVERRIDE_INTERFACE, "override-interface"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DOMAIN_SOURCE_OVERRIDE_CONNECTION, "override-connection"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DOMAIN_SOURCE_OVERRIDE_DEFAULT, "override-default"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DOMAIN_SOURCE_DHCP4_OPTION_213, "dhcp4-option-213"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DOMAIN_SOURCE_DHCP4_OPTION_15, "dhcp4-option-15"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DOMAIN_SOURCE_DHCP6_OPTION_57, "dhcp6-option-57"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DOMAIN_SOURCE_DHCP4_INFORM_OPTION_213, "dhcp4-inform-option-213"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DOMAIN_SOURCE_DHCP4_INFORM_OPTION_15, "dhcp4-inform-option-15"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DOMAIN_SOURCE_DHCP6_INFOREQ_OPTION_57, "dhcp6-inforeq-option-57"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DOMAIN_SOURCE_COMMAND_LINE, "command-line"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DOMAIN_SOURCE_RFC8686, "rfc8686"))

/* The report's name for @source; NULL for none (JSON null). */
const char *
altoscope_domain_source_to_string (AltoscopeDomainSource source)
{
  if (source == ALTOSCOPE_DOMAIN_SOURCE_NONE)
    return NULL;
  return altoscope_enum_to_nick (ALTOSCOPE_TYPE_DOMAIN_SOURCE, source);
}

gboolean
altoscope_domain_source_from_string (const char            *str,
                                     AltoscopeDomainSource *source)
{
  int v;

  if (!altoscope_enum_from_nick (ALTOSCOPE_TYPE_DOMAIN_SOURCE, str, &v)
      || v == ALTOSCOPE_DOMAIN_SOURCE_NONE)
    return FALSE;
  *source = v;
  return TRUE;
}

gboolean
altoscope_domain_source_is_override (AltoscopeDomainSource source)
{
  switch (source)
    {
    case ALTOSCOPE_DOMAIN_SOURCE_OVERRIDE_INTERFACE_FAMILY:
    case ALTOSCOPE_DOMAIN_SOURCE_OVERRIDE_CONNECTION_FAMILY:
    case ALTOSCOPE_DOMAIN_SOURCE_OVERRIDE_INTERFACE:
    case ALTOSCOPE_DOMAIN_SOURCE_OVERRIDE_CONNECTION:
    case ALTOSCOPE_DOMAIN_SOURCE_OVERRIDE_DEFAULT:
      return TRUE;
    default:
      return FALSE;
    }
}

/* DHCP @option (213, 15 or 57) from the lease, or (@asked) from a server
 * asked directly. */
AltoscopeDomainSource
altoscope_domain_source_for_dhcp (int      option,
                                  gboolean asked)
{
  switch (option)
    {
    case 213:
      return asked ? ALTOSCOPE_DOMAIN_SOURCE_DHCP4_INFORM_OPTION_213
                   : ALTOSCOPE_DOMAIN_SOURCE_DHCP4_OPTION_213;
    case 15:
      return asked ? ALTOSCOPE_DOMAIN_SOURCE_DHCP4_INFORM_OPTION_15
                   : ALTOSCOPE_DOMAIN_SOURCE_DHCP4_OPTION_15;
    case 57:
      return asked ? ALTOSCOPE_DOMAIN_SOURCE_DHCP6_INFOREQ_OPTION_57
                   : ALTOSCOPE_DOMAIN_SOURCE_DHCP6_OPTION_57;
    default:
      return ALTOSCOPE_DOMAIN_SOURCE_NONE;
    }
}

/* The DHCP option a source names, or 0. */
int
altoscope_domain_source_get_option (AltoscopeDomainSource source)
{
  switch (source)
    {
    case ALTOSCOPE_DOMAIN_SOURCE_DHCP4_OPTION_213:
    case ALTOSCOPE_DOMAIN_SOURCE_DHCP4_INFORM_OPTION_213:
      return 213;
    case ALTOSCOPE_DOMAIN_SOURCE_DHCP4_OPTION_15:
    case ALTOSCOPE_DOMAIN_SOURCE_DHCP4_INFORM_OPTION_15:
      return 15;
    case ALTOSCOPE_DOMAIN_SOURCE_DHCP6_OPTION_57:
    case ALTOSCOPE_DOMAIN_SOURCE_DHCP6_INFOREQ_OPTION_57:
      return 57;
    default:
      return 0;
    }
}
