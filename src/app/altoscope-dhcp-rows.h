/* altoscope-dhcp-rows.h: the DHCP options of a link, as list rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "altoscope-dhcp-answer.h"
#include "altoscope-link.h"

G_BEGIN_DECLS

void altoscope_dhcp_rows_update (GtkListBox          *list,
                                 AltoscopeLink       *link,
                                 AltoscopeDhcpAnswer *asked[ALTOSCOPE_N_FAMILIES]);

G_END_DECLS
