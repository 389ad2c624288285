/* altoscope-cli.h: the subcommands of altoscope-cli
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "altoscope-cli-options.h"
#include "altoscope-nm-model.h"
#include "altoscope-overrides.h"

G_BEGIN_DECLS

/* Exit statuses: a contract with scripts. */
#define ALTOSCOPE_EXIT_FOUND     0
#define ALTOSCOPE_EXIT_NOT_FOUND 1
#define ALTOSCOPE_EXIT_USAGE     2

/* The subcommands: each parses its options, runs, and prints. */
int  altoscope_cli_discover    (int    argc,
                                char **argv);
int  altoscope_cli_interfaces  (int    argc,
                                char **argv);
int  altoscope_cli_watch       (int    argc,
                                char **argv);
int  altoscope_cli_override    (int    argc,
                                char **argv);
int  altoscope_cli_check       (int    argc,
                                char **argv);
int  altoscope_cli_dhcp_query  (int    argc,
                                char **argv);
int  altoscope_cli_show        (int    argc,
                                char **argv);
int  altoscope_cli_diff        (int    argc,
                                char **argv);

/* `diff -`: discover as `discover ARGV` would, the JSON report in @report. */
int  altoscope_cli_discover_report (int    argc,
                                    char **argv,
                                    char **report);

/* Shared by the subcommands that follow NetworkManager. */
AltoscopeOverrides *altoscope_cli_load_overrides    (void);
AltoscopeNmModel   *altoscope_cli_nm_model_new_ready (gboolean        *interrupted);
gboolean            altoscope_cli_run_until_quit    (GMainLoop        *loop);

G_END_DECLS
