/* altoscope-validator.h: DNS answers whose DNSSEC status Altoscope proved
 * itself (libunbound), beside what the resolver claimed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "altoscope-dns-answer.h"
#include "altoscope-transport.h"

G_BEGIN_DECLS

/* The root zone's trust anchor, from Debian's dns-root-data. */
#define ALTOSCOPE_ROOT_TRUST_ANCHOR "/usr/share/dns/root.key"

typedef enum
{
  ALTOSCOPE_VALIDATOR_FLAGS_NONE = 0,
  /* Only the anchors given: a private tree (the test labs) that no chain
   * from the root reaches. */
  ALTOSCOPE_VALIDATOR_NO_ROOT_ANCHOR = 1 << 0,
} AltoscopeValidatorFlags;

#define ALTOSCOPE_TYPE_VALIDATOR (altoscope_validator_get_type ())

G_DECLARE_FINAL_TYPE (AltoscopeValidator, altoscope_validator, ALTOSCOPE, VALIDATOR, GObject)

AltoscopeValidator *altoscope_validator_new          (const char * const       *servers,
                                                      const char               *interface,
                                                      const char * const       *source_addresses,
                                                      const char * const       *anchor_files,
                                                      AltoscopeValidatorFlags   flags,
                                                      guint                     timeout_ms,
                                                      GError                  **error);

gboolean            altoscope_trust_anchor_file_check (const char           *path,
                                                       GError              **error);

void                altoscope_validator_query_async  (AltoscopeValidator       *self,
                                                      const char               *name,
                                                      guint16                   type,
                                                      GCancellable             *cancellable,
                                                      GAsyncReadyCallback       callback,
                                                      gpointer                  user_data);
AltoscopeDnsAnswer *altoscope_validator_query_finish (AltoscopeValidator       *self,
                                                      GAsyncResult             *result,
                                                      GError                  **error);

gboolean            altoscope_validator_is_broken    (AltoscopeValidator       *self);
char               *altoscope_validator_reason_text  (const char               *text);

/* Development builds only (the tests): as if the worker thread died. */
void                altoscope_validator_simulate_broken (AltoscopeValidator    *self);

G_END_DECLS
