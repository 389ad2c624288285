/* altoscope-address-window.h: "Find the ALTO Server for an Address…", RFC
 * 8686 cross-domain discovery for an address or prefix typed in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "altoscope-backoff.h"
#include "altoscope-link.h"
#include "altoscope-pair-setup.h"

G_BEGIN_DECLS

#define ALTOSCOPE_TYPE_ADDRESS_WINDOW (altoscope_address_window_get_type ())

G_DECLARE_FINAL_TYPE (AltoscopeAddressWindow, altoscope_address_window, ALTOSCOPE,
                      ADDRESS_WINDOW, AdwWindow)

AltoscopeAddressWindow *altoscope_address_window_new (GtkWindow        *parent,
                                                      AltoscopeBackoff *backoff);
void        altoscope_address_window_set_link       (AltoscopeAddressWindow *self,
                                                     AltoscopeLink          *link);
void        altoscope_address_window_set_validation (AltoscopeAddressWindow *self,
                                                     gboolean                validate,
                                                     const char * const     *anchor_files);
void        altoscope_address_window_set_transport_factory (AltoscopeAddressWindow   *self,
                                                            AltoscopeTransportFactory factory,
                                                            gpointer                  data);

/* For tests: what is on screen. */
GtkEditable *altoscope_address_window_get_entry        (AltoscopeAddressWindow *self);
const char  *altoscope_address_window_get_reason_text  (AltoscopeAddressWindow *self);
gboolean     altoscope_address_window_get_can_find     (AltoscopeAddressWindow *self);
gboolean     altoscope_address_window_get_running      (AltoscopeAddressWindow *self);
const char  *altoscope_address_window_get_servers_text (AltoscopeAddressWindow *self);
const char  *altoscope_address_window_get_headline     (AltoscopeAddressWindow *self,
                                                        const char            **caption);
const char  *altoscope_address_window_get_note_text    (AltoscopeAddressWindow *self);
GPtrArray   *altoscope_address_window_dup_names        (AltoscopeAddressWindow *self);
GPtrArray   *altoscope_address_window_dup_uris         (AltoscopeAddressWindow *self);

G_END_DECLS
