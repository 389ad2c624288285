/* altoscope-file.h: reading a whole file from outside, bounded
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char *altoscope_file_read_regular (const char  *path,
                                   gsize        max,
                                   gboolean     follow_links,
                                   gsize       *length,
                                   GError     **error);

G_END_DECLS
