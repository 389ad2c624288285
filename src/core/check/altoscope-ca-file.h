/* altoscope-ca-file.h: a CA file a person names, read with bounds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* our choice: Debian's whole system bundle is about 200 KiB */
#define ALTOSCOPE_CA_FILE_MAX (1024 * 1024)

char         *altoscope_ca_file_resolve (const char  *path);
GTlsDatabase *altoscope_ca_file_load    (const char  *path,
                                         GError     **error);

G_END_DECLS
