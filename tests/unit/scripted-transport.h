/* scripted-transport.h: a DNS transport that answers from a script
 *
 * For fast unit tests of discovery, ranking, retry memory and reports: the
 * answers are real DNS messages, built here, parsed and classified by the
 * same code as the resolver's, so only the network is missing.  The real
 * servers are tested in tests/dns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "altoscope-transport.h"

G_BEGIN_DECLS

#define SCRIPTED_TYPE_TRANSPORT (scripted_transport_get_type ())

G_DECLARE_FINAL_TYPE (ScriptedTransport, scripted_transport, SCRIPTED, TRANSPORT, GObject)

ScriptedTransport *scripted_transport_new       (void);
/* Every answer has AD set (a validating resolver vouched) unless told. */
void               scripted_transport_set_ad    (ScriptedTransport *self,
                                                 gboolean           ad);
void               scripted_transport_set_delay (ScriptedTransport *self,
                                                 guint              ms);
void               scripted_transport_add_naptr (ScriptedTransport *self,
                                                 const char        *owner,
                                                 guint16            order,
                                                 guint16            preference,
                                                 const char        *flags,
                                                 const char        *service,
                                                 const char        *regexp,
                                                 const char        *replacement);
void               scripted_transport_add_address (ScriptedTransport *self,
                                                 const char        *owner,
                                                 const char        *address);
/* An rcode for (name, type); NXDOMAIN and NODATA answers carry a SOA whose
 * TTL and MINIMUM are @negative_ttl. */
void               scripted_transport_set_rcode (ScriptedTransport *self,
                                                 const char        *name,
                                                 guint16            type,
                                                 guint              rcode);
void               scripted_transport_set_negative_ttl (ScriptedTransport *self,
                                                 guint32            ttl);
/* Names never answered: the query times out after @ms. */
void               scripted_transport_set_silent (ScriptedTransport *self,
                                                 const char        *name);
/* (name, type) answered as the validating transport would: @proved is
 * what "Altoscope" proved (validator altoscope), @claimed the resolver's
 * claim beside it; proved bogus fails the answer.  The other answers stay
 * the resolver's (validator resolver). */
void               scripted_transport_set_proof (ScriptedTransport *self,
                                                 const char        *name,
                                                 guint16            type,
                                                 AltoscopeDnssec    claimed,
                                                 AltoscopeDnssec    proved);
/* The answers not proved say Altoscope could not validate them, for @why. */
void               scripted_transport_set_validation_failure (ScriptedTransport *self,
                                                 const char        *why);
/* Whether the servers are on the loopback (the default) or reached over
 * the network. */
void               scripted_transport_set_loopback (ScriptedTransport *self,
                                                 gboolean           loopback);
/* "TYPE NAME" of every question, in the order asked. */
GPtrArray         *scripted_transport_get_log   (ScriptedTransport *self);
guint              scripted_transport_get_cancelled (ScriptedTransport *self);

G_END_DECLS
