/* altoscope-enum.h: a registered enum's nicks as the one name table of
 * its closed set (the JSON and text edges)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

const char *altoscope_enum_to_nick   (GType       type,
                                      int         value);
gboolean    altoscope_enum_from_nick (GType       type,
                                      const char *nick,
                                      int        *value);

G_END_DECLS
