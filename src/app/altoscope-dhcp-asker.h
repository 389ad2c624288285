/* altoscope-dhcp-asker.h: the window asks DHCP servers through pkexec and
 * the helper (the polkit action org.altoscope.Altoscope.dhcp-query)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "altoscope-dhcp-cache.h"

G_BEGIN_DECLS

char **altoscope_dhcp_asker_argv (const AltoscopeDhcpQueryOptions *options);
void   altoscope_dhcp_asker_run  (const AltoscopeDhcpQueryOptions *options,
                                  GCancellable                    *cancellable,
                                  GAsyncReadyCallback              callback,
                                  gpointer                         callback_data,
                                  gpointer                         user_data);

G_END_DECLS
