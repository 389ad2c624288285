/* altoscope-cli-show.c: `altoscope-cli show FILE` and `altoscope-cli diff
 * A B`, for a report someone sent (issue 16)
 *
 * A report is read by the core (altoscope-report-file.c), which checks all
 * of it; what it holds is printed by the writers `discover` uses, and two
 * reports are compared by the core (altoscope-report-diff.c), as the
 * window compares them.  `-` in diff is this machine now: discovered by
 * `discover`'s own code (altoscope_cli_discover_report) with the options
 * given, then read back like a file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "altoscope-cli.h"
#include "altoscope-json.h"
#include "altoscope-report.h"
#include "altoscope-report-diff.h"
#include "altoscope-report-file.h"
#include "altoscope-text.h"

#define EXIT_EQUAL     0
#define EXIT_DIFFERENT 1

static AltoscopeReportFile *
load (const char *command,
      const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) error = NULL;
  AltoscopeReportFile *report = altoscope_report_file_load (file, NULL, &error);

  if (report == NULL)
    {
      g_autofree char *safe = altoscope_text_safe (path);
      g_printerr ("altoscope-cli %s: %s: %s\n", command, safe, error->message);
    }
  return report;
}

/* Who wrote it, when, the person's note, and NetworkManager's status, each
 * on a line of its own, before the report's text. */
static void
print_head (AltoscopeReportFile *report)
{
  GDateTime *at = altoscope_report_file_get_generated_at (report);
  g_autofree char *stamp = at ? g_date_time_format_iso8601 (at) : NULL;
  g_autofree char *generator = altoscope_text_safe (altoscope_report_file_get_generator (report));

  g_print (_("Report:    by %s, made %s\n"), generator, stamp);
  if (altoscope_report_file_get_note (report) != NULL)
    {
      g_autofree char *note = altoscope_text_safe (altoscope_report_file_get_note (report));
      g_print (_("Note:      %s\n"), note);
    }
  if (altoscope_report_file_get_nm_version (report) != NULL)
    {
      g_autofree char *version = altoscope_text_safe (altoscope_report_file_get_nm_version (report));
      g_autofree char *state = altoscope_text_safe (altoscope_report_file_get_nm_state (report));
      g_print (_("NetworkManager %s, %s\n"), version, state);
    }
  if (altoscope_report_file_get_nm_status (report) != NULL)
    {
      g_autofree char *status = altoscope_text_safe (altoscope_report_file_get_nm_status (report));
      g_print (_("NetworkManager: %s\n"), status);
    }
  g_print ("\n");
}

int
altoscope_cli_show (int    argc,
                    char **argv)
{
  g_auto(AltoscopeCliOptions) common = ALTOSCOPE_CLI_OPTIONS_INIT ("show", TRUE);
  gboolean text = FALSE, verbose = FALSE;
  g_autoptr(AltoscopeReportFile) report = NULL;
  GOptionEntry entries[] = {
    { "text", 't', 0, G_OPTION_ARG_NONE, &text, N_("Print it as text (the default)"), NULL },
    altoscope_cli_json_entry (&common, N_("Print the report's JSON again, checked")),
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
      N_("Show the step-by-step trace in the text"), NULL },
    { NULL }
  };

  if (!altoscope_cli_options_parse (&common, _("FILE"),
                                    _("Show a report someone sent (altoscope-report/1), "
                                      "checked, as discover prints it."),
                                    entries, &argc, &argv))
    return ALTOSCOPE_EXIT_USAGE;
  if (argc != 2 || (text && common.json))
    {
      altoscope_cli_usage_error ("show", argc != 2 ? _("Name one report file")
                                 : _("--text and --json do not go together"));
      return ALTOSCOPE_EXIT_USAGE;
    }
  report = load ("show", argv[1]);
  if (report == NULL)
    return ALTOSCOPE_EXIT_USAGE;
  if (common.json)
    {
      g_autoptr(JsonNode) root = altoscope_report_file_to_json (report);
      g_autofree char *json = altoscope_json_to_string (root, TRUE);
      g_print ("%s\n", json);
    }
  else
    {
      g_autofree char *out = altoscope_report_to_text (altoscope_report_file_get_targets (report),
                                                       verbose);
      print_head (report);
      g_print ("%s", out);
    }
  return 0;
}

/* ---- diff ---------------------------------------------------------------------- */

typedef struct
{
  gboolean json;
  char *domain;
  char *address;
  GStrv servers;
  char *timeout;
  GStrv anchors;
  gboolean no_validate;
  char *interface;
  char *family;
} DiffArgs;

static void
diff_args_clear (DiffArgs *args)
{
  g_free (args->domain);
  g_free (args->address);
  g_strfreev (args->servers);
  g_free (args->timeout);
  g_strfreev (args->anchors);
  g_free (args->interface);
  g_free (args->family);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DiffArgs, diff_args_clear)

static void
add_option (GPtrArray  *argv,
            const char *name,
            const char *value)
{
  if (value == NULL)
    return;
  g_ptr_array_add (argv, g_strdup (name));
  g_ptr_array_add (argv, g_strdup (value));
}

/* This machine now, as `discover` with the options given finds it. */
static AltoscopeReportFile *
load_this_machine (const DiffArgs *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  AltoscopeReportFile *report;

  g_ptr_array_add (argv, g_strdup ("discover"));
  add_option (argv, "--domain", args->domain);
  add_option (argv, "--address", args->address);
  for (guint i = 0; args->servers && args->servers[i]; i++)
    add_option (argv, "--server", args->servers[i]);
  add_option (argv, "--timeout", args->timeout);
  for (guint i = 0; args->anchors && args->anchors[i]; i++)
    add_option (argv, "--trust-anchor", args->anchors[i]);
  if (args->no_validate)
    g_ptr_array_add (argv, g_strdup ("--no-validate"));
  add_option (argv, "--interface", args->interface);
  add_option (argv, "--family", args->family);
  g_ptr_array_add (argv, NULL);
  /* GOption moves and drops entries of the vector it parses: it gets a
   * shallow copy, and the strings stay @argv's to free. */
  {
    g_autofree char **parsed = g_memdup2 (argv->pdata, argv->len * sizeof (char *));
    altoscope_cli_discover_report (argv->len - 1, parsed, &json);
  }
  if (json == NULL)
    return NULL;
  report = altoscope_report_file_new_from_data (json, strlen (json), &error);
  if (report == NULL)
    g_printerr ("altoscope-cli diff: %s\n", error->message);
  return report;
}

static gboolean
parse_diff_args (DiffArgs  *args,
                 int       *argc,
                 char    ***argv)
{
  g_auto(AltoscopeCliOptions) common = ALTOSCOPE_CLI_OPTIONS_INIT ("diff", TRUE);
  gboolean with_options;
  GOptionEntry entries[] = {
    altoscope_cli_json_entry (&common, N_("Print the differences as JSON "
                                          "(schema altoscope-report-diff/1)")),
    { "domain", 'd', 0, G_OPTION_ARG_STRING, &args->domain,
      N_("For -: discover this domain, as discover --domain does"), N_("NAME") },
    { "address", 'a', 0, G_OPTION_ARG_STRING, &args->address,
      N_("For -: discover for this address, as discover --address does"), N_("IP[/LEN]") },
    { "server", 's', 0, G_OPTION_ARG_STRING_ARRAY, &args->servers,
      N_("For - with --domain: the DNS server to ask (repeatable)"), N_("ADDR[:PORT]") },
    { "timeout", 0, 0, G_OPTION_ARG_STRING, &args->timeout,
      N_("For -: as discover --timeout"), N_("SECONDS") },
    { "trust-anchor", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args->anchors,
      N_("For -: as discover --trust-anchor (repeatable)"), N_("FILE") },
    { "no-validate", 0, 0, G_OPTION_ARG_NONE, &args->no_validate,
      N_("For -: as discover --no-validate"), NULL },
    { "interface", 'i', 0, G_OPTION_ARG_STRING, &args->interface,
      N_("For -: only this interface (or VPN connection name)"), N_("NAME") },
    { "family", 'f', 0, G_OPTION_ARG_STRING, &args->family,
      N_("For -: only this family, ipv4 or ipv6"), N_("FAMILY") },
    { NULL }
  };

  if (!altoscope_cli_options_parse (&common, _("A B"),
                                    _("Compare two reports per interface and family: the "
                                      "domain and its source, the URIs, DNSSEC, the failure. "
                                      "Either may be “-”: this computer now, discovered as "
                                      "discover does. Exit status: 0 equal, 1 different, 2 bad "
                                      "usage or an invalid report."),
                                    entries, argc, argv))
    return FALSE;
  args->json = common.json;
  with_options = args->domain || args->address || args->servers || args->timeout
                 || args->anchors || args->no_validate || args->interface || args->family;
  if (*argc != 3)
    altoscope_cli_usage_error ("diff", _("Name two reports, A and B (“-”: this computer now)"));
  else if (g_str_equal ((*argv)[1], "-") && g_str_equal ((*argv)[2], "-"))
    altoscope_cli_usage_error ("diff", _("Only one of A and B can be “-”"));
  else if (with_options && !g_str_equal ((*argv)[1], "-") && !g_str_equal ((*argv)[2], "-"))
    altoscope_cli_usage_error ("diff", _("The discovery options go with “-” (this computer "
                                         "now)"));
  else
    return TRUE;
  return FALSE;
}

static void
print_differences (GListModel *differences,
                   gboolean    json,
                   const char *name_a,
                   const char *name_b)
{
  if (json)
    {
      g_autoptr(JsonNode) root = altoscope_report_diff_to_json (differences);
      g_autofree char *text = altoscope_json_to_string (root, TRUE);
      g_print ("%s\n", text);
    }
  else if (g_list_model_get_n_items (differences) == 0)
    g_print ("%s\n", _("No differences."));
  else
    {
      g_autofree char *text = altoscope_report_diff_to_text (differences, name_a, name_b);
      g_print ("%s", text);
    }
}

int
altoscope_cli_diff (int    argc,
                    char **argv)
{
  g_auto(DiffArgs) args = { 0 };
  g_autoptr(AltoscopeReportFile) a = NULL;
  g_autoptr(AltoscopeReportFile) b = NULL;
  g_autoptr(GListModel) differences = NULL;
  const char *name_a, *name_b;

  if (!parse_diff_args (&args, &argc, &argv))
    return ALTOSCOPE_EXIT_USAGE;
  name_a = g_str_equal (argv[1], "-") ? _("this computer") : argv[1];
  name_b = g_str_equal (argv[2], "-") ? _("this computer") : argv[2];
  a = g_str_equal (argv[1], "-") ? load_this_machine (&args) : load ("diff", argv[1]);
  if (a == NULL)
    return ALTOSCOPE_EXIT_USAGE;
  b = g_str_equal (argv[2], "-") ? load_this_machine (&args) : load ("diff", argv[2]);
  if (b == NULL)
    return ALTOSCOPE_EXIT_USAGE;
  differences = altoscope_report_diff (altoscope_report_file_get_targets (a),
                                       altoscope_report_file_get_targets (b));
  print_differences (differences, args.json, name_a, name_b);
  return g_list_model_get_n_items (differences) == 0 ? EXIT_EQUAL : EXIT_DIFFERENT;
}
