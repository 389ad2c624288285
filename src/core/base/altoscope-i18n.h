/* altoscope-i18n.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

void altoscope_i18n_init (void);
