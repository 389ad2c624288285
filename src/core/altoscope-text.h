/* altoscope-text.h: making untrusted text safe to show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *altoscope_text_make_safe (const char *text,
                                gssize      max_chars);

G_END_DECLS
