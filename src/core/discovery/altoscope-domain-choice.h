/* altoscope-domain-choice.h: RFC 7286 step 1, one domain per (interface, family)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "altoscope-dhcp.h"
#include "altoscope-dhcp-answer.h"
#include "altoscope-dhcp-knowledge.h"
#include "altoscope-link.h"
#include "altoscope-overrides.h"

G_BEGIN_DECLS

typedef struct
{
  char *domain;          /* NULL: no domain (error no-domain) */
  AltoscopeDomainSource kind;  /* where the domain came from */
  const char *source;    /* its report name ("override-…", "dhcp4-option-213", …), or NULL */
  char *message;         /* translated: why there is none, when there is none */
  GPtrArray *warnings;   /* AltoscopeChoiceWarning */
  GPtrArray *dhcp;       /* AltoscopeDhcpValue: what the lease held, decoded */
  AltoscopeDhcpAnswer *asked;  /* what a DHCP server said when asked directly, or NULL */
  char *dhcp_server;     /* the server that answered, when the domain comes from it */
  GArray *options_seen;  /* AltoscopeOptionSeen: each DHCP option looked at, in step 1's
                            order; NULL: DHCP was not looked at (an override) */
} AltoscopeDomainChoice;

typedef struct
{
  char *code;
  char *message;
} AltoscopeChoiceWarning;

void     altoscope_domain_choice_clear      (AltoscopeDomainChoice *choice);
void     altoscope_choose_domain            (AltoscopeLink         *link,
                                             AltoscopeFamily        family,
                                             const char            *override,
                                             AltoscopeDomainSource  override_source,
                                             AltoscopeDhcpAnswer   *asked,
                                             AltoscopeDomainChoice *choice);
void     altoscope_choose_domain_with       (AltoscopeLink         *link,
                                             AltoscopeFamily        family,
                                             AltoscopeOverrides    *overrides,
                                             AltoscopeDhcpAnswer   *asked,
                                             AltoscopeDomainChoice *choice);
gboolean altoscope_domain_is_home_gateway_like (const char         *domain);

G_END_DECLS
