/* altoscope-uri-item.h: one ranked URI of a result, as an item of a GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "altoscope-target.h"

G_BEGIN_DECLS

#define ALTOSCOPE_TYPE_URI_ITEM (altoscope_uri_item_get_type ())

G_DECLARE_FINAL_TYPE (AltoscopeUriItem, altoscope_uri_item, ALTOSCOPE, URI_ITEM, GObject)

AltoscopeUriItem *altoscope_uri_item_new        (AltoscopeTarget  *target,
                                                 AltoscopeUri     *uri);
AltoscopeUri     *altoscope_uri_item_get_uri    (AltoscopeUriItem *self);
const char * const *altoscope_uri_item_get_resolvers (AltoscopeUriItem *self,
                                                    gboolean         *on_loopback);
gboolean          altoscope_uri_item_equal      (AltoscopeUriItem *a,
                                                 AltoscopeUriItem *b);
GListModel       *altoscope_target_get_uri_model (AltoscopeTarget *target);
gboolean          altoscope_uri_equal           (const AltoscopeUri *a,
                                                 const AltoscopeUri *b);

G_END_DECLS
