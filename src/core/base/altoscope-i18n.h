/* altoscope-i18n.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

void  altoscope_i18n_init       (void);
char *altoscope_format_duration (double ms);
