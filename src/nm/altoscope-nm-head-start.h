/* altoscope-nm-head-start.h: the first discoveries of NetworkManager's
 * links, on a thread of their own while the window starts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "altoscope-head-start.h"

G_BEGIN_DECLS

AltoscopeHeadStart *altoscope_nm_head_start (guint timeout_ms);

G_END_DECLS
