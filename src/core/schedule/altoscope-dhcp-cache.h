/* altoscope-dhcp-cache.h: answers from asking DHCP servers directly, kept
 * per (link, family) for their lifetime and dropped when the link changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "altoscope-dhcp-query.h"
#include "altoscope-link.h"

G_BEGIN_DECLS

#define ALTOSCOPE_TYPE_DHCP_CACHE (altoscope_dhcp_cache_get_type ())
G_DECLARE_FINAL_TYPE (AltoscopeDhcpCache, altoscope_dhcp_cache, ALTOSCOPE, DHCP_CACHE, GObject)

/* Who asks: the query itself (root), or the window's pkexec helper.  It
 * completes with a GTask whose pointer is an AltoscopeDhcpAnswer (read with
 * altoscope_dhcp_query_finish()). */
typedef void (*AltoscopeDhcpAsker) (const AltoscopeDhcpQueryOptions *options,
                                    GCancellable                    *cancellable,
                                    GAsyncReadyCallback              callback,
                                    gpointer                         callback_data,
                                    gpointer                         user_data);

AltoscopeDhcpCache  *altoscope_dhcp_cache_new        (void);
void                 altoscope_dhcp_cache_set_asker  (AltoscopeDhcpCache *self,
                                                      AltoscopeDhcpAsker  asker,
                                                      gpointer            user_data,
                                                      GDestroyNotify      destroy);
AltoscopeDhcpAnswer *altoscope_dhcp_cache_lookup     (AltoscopeDhcpCache *self,
                                                      AltoscopeLink      *link,
                                                      AltoscopeFamily     family);
gboolean             altoscope_dhcp_cache_get_asking (AltoscopeDhcpCache *self,
                                                      AltoscopeLink      *link,
                                                      AltoscopeFamily     family);
gboolean             altoscope_dhcp_cache_get_busy   (AltoscopeDhcpCache *self);
void                 altoscope_dhcp_cache_ask        (AltoscopeDhcpCache *self,
                                                      AltoscopeLink      *link,
                                                      AltoscopeFamily     family);
void                 altoscope_dhcp_cache_cancel_all (AltoscopeDhcpCache *self);

/* What the lease NetworkManager holds says (pure). */
gboolean             altoscope_dhcp_lease_lacks_option (AltoscopeLink   *link,
                                                        AltoscopeFamily  family);
void                 altoscope_dhcp_lease_facts      (AltoscopeLink   *link,
                                                      AltoscopeFamily  family,
                                                      char           **server,
                                                      gint64          *lease_time_s);

G_END_DECLS
