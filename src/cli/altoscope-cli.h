/* altoscope-cli.h: the subcommands of altoscope-cli
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses: a contract with scripts. */
#define ALTOSCOPE_EXIT_FOUND     0
#define ALTOSCOPE_EXIT_NOT_FOUND 1
#define ALTOSCOPE_EXIT_USAGE     2

int  altoscope_cli_discover    (int    argc,
                                char **argv);
void altoscope_cli_usage_error (const char *command,
                                const char *message);

G_END_DECLS
