/* altoscope-reverse-names.h: RFC 8686 steps 1 and 2, an address or prefix
 * turned into the ordered list of reverse-tree names to look up (pure)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "altoscope-reverse-name.h"

G_BEGIN_DECLS

GArray *altoscope_reverse_names_new (const char  *input,
                                     char       **normalized,
                                     GError     **error);

G_END_DECLS
