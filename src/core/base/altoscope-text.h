/* altoscope-text.h: making untrusted text safe to show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ALTOSCOPE_TEXT_MAX_CHARS 400   /* what any one value shows at most */

char *altoscope_text_make_safe (const char *text,
                                gssize      max_chars);
char *altoscope_text_safe      (const char *text);
gboolean altoscope_text_is_dangerous (gunichar c);

G_END_DECLS
