/* altoscope-dhcp-rows.h: the DHCP options of a link, as list rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "altoscope-link.h"

G_BEGIN_DECLS

void altoscope_dhcp_rows_update (GtkListBox    *list,
                                 AltoscopeLink *link);

G_END_DECLS
