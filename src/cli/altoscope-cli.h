/* altoscope-cli.h: the subcommands of altoscope-cli
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "altoscope-nm-model.h"
#include "altoscope-overrides.h"

G_BEGIN_DECLS

/* Exit statuses: a contract with scripts. */
#define ALTOSCOPE_EXIT_FOUND     0
#define ALTOSCOPE_EXIT_NOT_FOUND 1
#define ALTOSCOPE_EXIT_USAGE     2

int  altoscope_cli_discover    (int    argc,
                                char **argv);
void altoscope_cli_usage_error (const char *command,
                                const char *message);
typedef struct
{
  const char *interface;      /* NULL: every interface */
  const char *family;         /* NULL: both */
  guint timeout_ms;
  gboolean ignore_backoff;
  gboolean json;
  gboolean verbose;
  gboolean check;             /* also check the eligible servers */
  const char *ca_file;
  gboolean ask_dhcp;          /* ask DHCP servers where the lease lacks the option */
} AltoscopeCliDiscoverOptions;

int  altoscope_cli_discover_network (const AltoscopeCliDiscoverOptions *options);
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

/* Shared by the subcommands that follow NetworkManager. */
AltoscopeOverrides *altoscope_cli_load_overrides    (void);
JsonNode           *altoscope_cli_nm_status_json    (AltoscopeNmModel *model);
void                altoscope_cli_run_until_quit    (GMainLoop        *loop);

G_END_DECLS
