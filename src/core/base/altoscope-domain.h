/* altoscope-domain.h: domain names and DNS server addresses typed by people
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ALTOSCOPE_DNS_DEFAULT_PORT 53

char     *altoscope_domain_normalize   (const char  *input,
                                        GError     **error);
gboolean  altoscope_domain_is_ip_literal (const char *host);
char     *altoscope_domain_bare       (const char  *name);

typedef struct
{
  char *address;    /* numeric, without brackets */
  guint16 port;
  int family;       /* G_SOCKET_FAMILY_IPV4 or _IPV6 */
} AltoscopeServer;

gboolean  altoscope_server_parse       (const char       *spec,
                                        AltoscopeServer  *server,
                                        GError          **error);
char     *altoscope_server_to_string   (const AltoscopeServer *server);
void      altoscope_server_clear       (AltoscopeServer  *server);
gboolean  altoscope_server_is_loopback (const AltoscopeServer *server);

G_END_DECLS
