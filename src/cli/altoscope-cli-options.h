/* altoscope-cli-options.h: the options the subcommands share, and the checks
 * made on them before a subcommand does any work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "altoscope-family.h"

G_BEGIN_DECLS

/* What --timeout bounds.  Each has its default, its range and its help
 * line, the same wherever it is taken. */
typedef enum
{
  ALTOSCOPE_CLI_TIMEOUT_NONE,       /* the subcommand takes no --timeout */
  ALTOSCOPE_CLI_TIMEOUT_DNS_QUERY,  /* one DNS query: 5 s, 0.1 to 300 */
  ALTOSCOPE_CLI_TIMEOUT_CHECK,      /* a whole check: 10 s, 0.1 to 300 */
  ALTOSCOPE_CLI_TIMEOUT_DHCP,       /* a whole DHCP exchange: 10 s, 0.5 to 600 */
} AltoscopeCliTimeout;

/* --interface, --family, --timeout, --json, --ca-file, --trust-anchor and
 * --no-validate.  A subcommand
 * lists the ones it takes among its own entries, in the order its --help
 * shows them (altoscope_cli_interface_entry and the like); what they mean
 * there is its own help line.  altoscope_cli_options_parse then checks
 * them all, and the words after the options. */
typedef struct
{
  const char *command;              /* "discover": for messages */
  gboolean takes_arguments;         /* FALSE: any word after the options is an error */
  char *interface;                  /* --interface; NULL: every interface */
  char *family_name;                /* --family as typed; NULL: both */
  AltoscopeFamily family;           /* --family, once parsed; only if family_name is set */
  AltoscopeCliTimeout timeout_kind;
  double timeout_s;                 /* --timeout */
  gboolean json;                    /* --json */
  char *ca_file;                    /* --ca-file, a usable CA file once parsed */
  GStrv trust_anchors;              /* --trust-anchor, each usable once parsed */
  gboolean no_validate;             /* --no-validate */
} AltoscopeCliOptions;

#define ALTOSCOPE_CLI_OPTIONS_INIT(command_, takes_arguments_) \
  { .command = (command_), .takes_arguments = (takes_arguments_) }

void         altoscope_cli_usage_error      (const char          *command,
                                             const char          *message);

void         altoscope_cli_options_clear    (AltoscopeCliOptions *self);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AltoscopeCliOptions, altoscope_cli_options_clear)

GOptionEntry altoscope_cli_interface_entry  (AltoscopeCliOptions *self,
                                             const char          *description);
GOptionEntry altoscope_cli_family_entry     (AltoscopeCliOptions *self,
                                             const char          *description);
GOptionEntry altoscope_cli_timeout_entry    (AltoscopeCliOptions *self,
                                             AltoscopeCliTimeout  kind);
GOptionEntry altoscope_cli_json_entry       (AltoscopeCliOptions *self,
                                             const char          *description);
GOptionEntry altoscope_cli_ca_file_entry    (AltoscopeCliOptions *self,
                                             const char          *description);
GOptionEntry altoscope_cli_trust_anchor_entry (AltoscopeCliOptions *self);
GOptionEntry altoscope_cli_no_validate_entry  (AltoscopeCliOptions *self);

gboolean     altoscope_cli_options_parse    (AltoscopeCliOptions *self,
                                             const char          *parameter_string,
                                             const char          *summary,
                                             const GOptionEntry  *entries,
                                             int                 *argc,
                                             char              ***argv);
guint        altoscope_cli_options_timeout_ms (const AltoscopeCliOptions *self);

G_END_DECLS
