/* altoscope-transport.h: where discovery's DNS questions go
 *
 * Discovery asks a transport; it never knows how the question travels.
 * AltoscopeResolver (c-ares, real servers) is the transport of the program;
 * the unit tests script one (tests/unit/scripted-transport.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "altoscope-dns-answer.h"

G_BEGIN_DECLS

#define ALTOSCOPE_TYPE_TRANSPORT (altoscope_transport_get_type ())

G_DECLARE_INTERFACE (AltoscopeTransport, altoscope_transport, ALTOSCOPE, TRANSPORT, GObject)

struct _AltoscopeTransportInterface
{
  GTypeInterface parent_iface;

  /* One question; the answer says what came back and from whom.  A
   * cancelled question fails with G_IO_ERROR_CANCELLED. */
  void                 (*query_async)      (AltoscopeTransport   *self,
                                            const char           *name,
                                            guint16               type,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
  AltoscopeDnsAnswer  *(*query_finish)     (AltoscopeTransport   *self,
                                            GAsyncResult         *result,
                                            GError              **error);
  const char * const  *(*get_servers)      (AltoscopeTransport   *self);
  gboolean             (*get_uses_system)  (AltoscopeTransport   *self);
  gboolean             (*get_all_loopback) (AltoscopeTransport   *self);
  const char          *(*get_interface)    (AltoscopeTransport   *self);
};

/* Makes the transport for a pair's discovery: @servers ("ADDR:PORT"; NULL
 * or empty for the system's), sent from @interface (may be NULL). */
typedef AltoscopeTransport *(*AltoscopeTransportFactory) (const char * const  *servers,
                                                          const char          *interface,
                                                          guint                timeout_ms,
                                                          gpointer             user_data,
                                                          GError             **error);

void                altoscope_transport_query_async      (AltoscopeTransport   *self,
                                                          const char           *name,
                                                          guint16               type,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
AltoscopeDnsAnswer *altoscope_transport_query_finish     (AltoscopeTransport   *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
const char * const *altoscope_transport_get_servers      (AltoscopeTransport   *self);
gboolean            altoscope_transport_get_uses_system  (AltoscopeTransport   *self);
gboolean            altoscope_transport_get_all_loopback (AltoscopeTransport   *self);
const char         *altoscope_transport_get_interface    (AltoscopeTransport   *self);

G_END_DECLS
