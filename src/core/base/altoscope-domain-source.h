/* altoscope-domain-source.h: where a pair's domain came from (RFC 7286
 * §3.1: the person's configuration first, then DHCP)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The string forms (altoscope_domain_source_to_string) are part of the JSON
 * contracts (domain_source): add values freely, never rename one. */
typedef enum
{
  ALTOSCOPE_DOMAIN_SOURCE_NONE,
  ALTOSCOPE_DOMAIN_SOURCE_OVERRIDE_INTERFACE_FAMILY,
  ALTOSCOPE_DOMAIN_SOURCE_OVERRIDE_CONNECTION_FAMILY,
  ALTOSCOPE_DOMAIN_SOURCE_OVERRIDE_INTERFACE,
  ALTOSCOPE_DOMAIN_SOURCE_OVERRIDE_CONNECTION,
  ALTOSCOPE_DOMAIN_SOURCE_OVERRIDE_DEFAULT,
  ALTOSCOPE_DOMAIN_SOURCE_DHCP4_OPTION_213,
  ALTOSCOPE_DOMAIN_SOURCE_DHCP4_OPTION_15,
  ALTOSCOPE_DOMAIN_SOURCE_DHCP6_OPTION_57,
  ALTOSCOPE_DOMAIN_SOURCE_DHCP4_INFORM_OPTION_213,
  ALTOSCOPE_DOMAIN_SOURCE_DHCP4_INFORM_OPTION_15,
  ALTOSCOPE_DOMAIN_SOURCE_DHCP6_INFOREQ_OPTION_57,
  ALTOSCOPE_DOMAIN_SOURCE_COMMAND_LINE,
  /* A reverse-tree name of an address or prefix (RFC 8686 cross-domain
   * discovery). */
  ALTOSCOPE_DOMAIN_SOURCE_RFC8686,
} AltoscopeDomainSource;

#define ALTOSCOPE_TYPE_DOMAIN_SOURCE (altoscope_domain_source_get_type ())

GType                 altoscope_domain_source_get_type    (void) G_GNUC_CONST;
const char           *altoscope_domain_source_to_string   (AltoscopeDomainSource source);
gboolean              altoscope_domain_source_from_string (const char            *str,
                                                           AltoscopeDomainSource *source);
gboolean              altoscope_domain_source_is_override (AltoscopeDomainSource source);
AltoscopeDomainSource altoscope_domain_source_for_dhcp    (int                   option,
                                                           gboolean              asked);
int                   altoscope_domain_source_get_option  (AltoscopeDomainSource source);

G_END_DECLS
