/* altoscope-transport.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "altoscope-transport.h"

G_DEFINE_INTERFACE (AltoscopeTransport, altoscope_transport, G_TYPE_OBJECT)

static void
altoscope_transport_default_init (AltoscopeTransportInterface *iface)
{
}

void
altoscope_transport_query_async (AltoscopeTransport  *self,
                                 const char          *name,
                                 guint16              type,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (ALTOSCOPE_IS_TRANSPORT (self));
  g_return_if_fail (name != NULL);
  ALTOSCOPE_TRANSPORT_GET_IFACE (self)->query_async (self, name, type, cancellable, callback,
                                                     user_data);
}

AltoscopeDnsAnswer *
altoscope_transport_query_finish (AltoscopeTransport  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (ALTOSCOPE_IS_TRANSPORT (self), NULL);
  return ALTOSCOPE_TRANSPORT_GET_IFACE (self)->query_finish (self, result, error);
}

const char * const *
altoscope_transport_get_servers (AltoscopeTransport *self)
{
  g_return_val_if_fail (ALTOSCOPE_IS_TRANSPORT (self), NULL);
  return ALTOSCOPE_TRANSPORT_GET_IFACE (self)->get_servers (self);
}

gboolean
altoscope_transport_get_uses_system (AltoscopeTransport *self)
{
  g_return_val_if_fail (ALTOSCOPE_IS_TRANSPORT (self), FALSE);
  return ALTOSCOPE_TRANSPORT_GET_IFACE (self)->get_uses_system (self);
}

gboolean
altoscope_transport_get_all_loopback (AltoscopeTransport *self)
{
  g_return_val_if_fail (ALTOSCOPE_IS_TRANSPORT (self), FALSE);
  return ALTOSCOPE_TRANSPORT_GET_IFACE (self)->get_all_loopback (self);
}

const char *
altoscope_transport_get_interface (AltoscopeTransport *self)
{
  g_return_val_if_fail (ALTOSCOPE_IS_TRANSPORT (self), NULL);
  return ALTOSCOPE_TRANSPORT_GET_IFACE (self)->get_interface (self);
}
