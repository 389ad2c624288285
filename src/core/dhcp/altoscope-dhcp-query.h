/* altoscope-dhcp-query.h: ask a DHCP server directly, beside the running
 * DHCP client, without touching its lease
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "altoscope-dhcp-answer.h"

G_BEGIN_DECLS

#define ALTOSCOPE_DHCP_QUERY_DEFAULT_TIMEOUT_MS 10000

typedef struct
{
  const char *interface;     /* the kernel's name for it */
  AltoscopeFamily family;
  const char *server;        /* DHCPv4: unicast to this server (the lease's server
                                identifier); NULL: broadcast (RFC 2131 §4.4.3) */
  guint timeout_ms;          /* the whole exchange; 0: the default */
} AltoscopeDhcpQueryOptions;

void                 altoscope_dhcp_query_async  (const AltoscopeDhcpQueryOptions *options,
                                                  GCancellable                    *cancellable,
                                                  GAsyncReadyCallback              callback,
                                                  gpointer                         user_data);
/* Always an answer (a failure is an answer with an error code); NULL and
 * G_IO_ERROR_CANCELLED only when cancelled. */
AltoscopeDhcpAnswer *altoscope_dhcp_query_finish (GAsyncResult                    *result,
                                                  GError                         **error);

gboolean             altoscope_interface_name_is_valid (const char *name);

G_END_DECLS
