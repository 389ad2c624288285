/* altoscope-cli-check.c: `altoscope-cli check URI`, does that server answer
 * with a valid ALTO directory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "altoscope-check.h"
#include "altoscope-cli.h"
#include "altoscope-nm-model.h"
#include "altoscope-report.h"

typedef struct
{
  AltoscopeCliOptions common;   /* --interface, --family, --timeout, --json, --ca-file */
  char *source;                 /* --source */
  GStrv endpoints;              /* --endpoint */
  GStrv cost_to;                /* --cost-to */
  const char *uri;
  char *local;                  /* the address to send from: --source, or --interface's */
  GStrv own;                    /* --interface's addresses of the family */
  GPtrArray *ours;              /* GInetAddress: asked for their PIDs */
  GPtrArray *peers;             /* GInetAddress: asked the cost to */
} CheckArgs;

static void
check_args_clear (CheckArgs *args)
{
  altoscope_cli_options_clear (&args->common);
  g_clear_pointer (&args->source, g_free);
  g_clear_pointer (&args->local, g_free);
  g_clear_pointer (&args->endpoints, g_strfreev);
  g_clear_pointer (&args->cost_to, g_strfreev);
  g_clear_pointer (&args->own, g_strfreev);
  g_clear_pointer (&args->ours, g_ptr_array_unref);
  g_clear_pointer (&args->peers, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CheckArgs, check_args_clear)

typedef struct
{
  GMainLoop *loop;
  AltoscopeCheck *check;
} Run;

static void
on_checked_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  Run *run = data;
  run->check = altoscope_check_finish (result);
  g_main_loop_quit (run->loop);
}

static gboolean
on_sigint_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_CONTINUE;
}

/* The first address of @family on the interface or VPN @name, without
 * its prefix length, and in @own all of them; NULL (with a message) when
 * there is none. */
static char *
address_of (const char       *name,
            AltoscopeFamily   family,
            GStrv            *own,
            char            **why)
{
  g_autoptr(AltoscopeNmModel) model = altoscope_cli_nm_model_new_ready (NULL);
  AltoscopeLink *link;
  char *address;

  if (!altoscope_nm_model_get_nm_running (model))
    {
      *why = g_strdup (_("--interface needs NetworkManager, which is not running"));
      return NULL;
    }
  link = altoscope_nm_model_find (model, name);
  if (link == NULL)
    {
      *why = g_strdup_printf (_("NetworkManager knows no interface “%s”"), name);
      return NULL;
    }
  address = altoscope_link_dup_source_address (link, family);
  *own = g_strdupv ((GStrv) altoscope_link_get_addresses (link, family));
  if (address == NULL)
    *why = g_strdup_printf (_("“%s” has no %s address"), name,
                            altoscope_family_to_string (family));
  return address;
}

static gboolean
usage_error (const char *message)
{
  altoscope_cli_usage_error ("check", message);
  return FALSE;
}

/* What to ask the server: --endpoint, else the addresses of --interface
 * (its family), else --source; and --cost-to. */
static gboolean
parse_queries (CheckArgs *args)
{
  const char *source_only[] = { args->local, NULL };
  g_autofree char *why = NULL;

  /* What a person typed must be right; an interface's own addresses are
   * taken as far as they go (its first 16). */
  if (args->endpoints != NULL)
    {
      if (!altoscope_endpoint_query_parse_addresses ((const char * const *) args->endpoints,
                                                     &args->ours, &why))
        return usage_error (why);
    }
  else
    args->ours = altoscope_endpoint_query_own_addresses (
      args->own ? (const char * const *) args->own : args->local ? source_only : NULL);
  if (!altoscope_endpoint_query_parse_addresses ((const char * const *) args->cost_to,
                                                 &args->peers, &why))
    return usage_error (why);
  if (args->peers->len > 0 && args->ours->len == 0)
    return usage_error (_("--cost-to needs this computer's address to measure from: give "
                          "--interface, --source or --endpoint"));
  return TRUE;
}

/* The command line, checked, and the address to send from found: FALSE (the
 * error printed) when any of it is wrong. */
static gboolean
parse_args (CheckArgs   *args,
            int         *argc,
            char      ***argv)
{
  AltoscopeCliOptions *common = &args->common;
  GOptionEntry entries[] = {
    altoscope_cli_interface_entry (common, N_("Send from this interface's address "
                                              "(RFC 7286 §4.2)")),
    altoscope_cli_family_entry (common, N_("With --interface: its ipv4 or ipv6 address "
                                           "(default ipv4)")),
    { "source", 0, 0, G_OPTION_ARG_STRING, &args->source,
      N_("Send from this local address (instead of --interface)"), N_("ADDRESS") },
    { "endpoint", 0, 0, G_OPTION_ARG_STRING_ARRAY, &args->endpoints,
      N_("Ask which PID this address is in (repeatable; default: the address sent from)"),
      N_("ADDRESS") },
    { "cost-to", 0, 0, G_OPTION_ARG_STRING_ARRAY, &args->cost_to,
      N_("Ask what reaching this peer costs (repeatable)"), N_("ADDRESS") },
    altoscope_cli_ca_file_entry (common, N_("Also trust the CAs in this PEM file (a private "
                                            "deployment)")),
    altoscope_cli_timeout_entry (common, ALTOSCOPE_CLI_TIMEOUT_CHECK),
    altoscope_cli_json_entry (common, N_("Print the JSON report (schema altoscope-check/1)")),
    { NULL }
  };

  if (!altoscope_cli_options_parse (common, _("URI"),
                                    _("Fetch the ALTO server's Information Resource "
                                      "Directory and check it against RFC 7285."),
                                    entries, argc, argv))
    return FALSE;
  if (*argc != 2)
    return usage_error (_("“check” takes exactly one URI"));
  if (common->family_name != NULL && common->interface == NULL)
    return usage_error (_("--family goes with --interface"));
  if (args->source != NULL && common->interface != NULL)
    return usage_error (_("--source and --interface both choose the address to send from; "
                          "give one"));
  args->uri = (*argv)[1];
  args->local = g_steal_pointer (&args->source);
  if (common->interface != NULL)
    {
      g_autofree char *why = NULL;

      args->local = address_of (common->interface,
                                common->family_name ? common->family : ALTOSCOPE_FAMILY_IPV4,
                                &args->own, &why);
      if (args->local == NULL)
        return usage_error (why);
    }
  return parse_queries (args);
}

/* The check, until its verdict; Ctrl+C cancels it, and the verdict says so. */
static AltoscopeCheck *
run_check (const CheckArgs *args)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Run run = { loop, NULL };
  guint sigint_id = g_unix_signal_add (SIGINT, on_sigint_cb, cancellable);

  altoscope_check_and_ask_async (args->uri, args->local, args->common.ca_file,
                                 altoscope_cli_options_timeout_ms (&args->common), args->ours,
                                 args->peers, cancellable, on_checked_cb, &run);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  return run.check;
}

static void
print_check (AltoscopeCheck *check,
             gboolean        json)
{
  if (json)
    {
      g_autoptr(JsonNode) root = altoscope_check_to_json (check);
      g_autofree char *text = altoscope_json_to_string (root, TRUE);
      g_print ("%s\n", text);
    }
  else
    {
      g_autofree char *text = altoscope_check_to_text (check);
      g_print ("%s", text);
    }
}

int
altoscope_cli_check (int    argc,
                     char **argv)
{
  g_auto(CheckArgs) args = { .common = ALTOSCOPE_CLI_OPTIONS_INIT ("check", TRUE) };
  g_autoptr(AltoscopeCheck) check = NULL;
  AltoscopeCheckCode code;

  if (!parse_args (&args, &argc, &argv))
    return ALTOSCOPE_EXIT_USAGE;

  check = run_check (&args);

  code = altoscope_check_get_code (check);
  if (code == ALTOSCOPE_CHECK_INVALID_INPUT)
    {
      altoscope_cli_usage_error ("check", altoscope_check_get_message (check));
      return ALTOSCOPE_EXIT_USAGE;
    }
  print_check (check, args.common.json);
  return code == ALTOSCOPE_CHECK_OK ? ALTOSCOPE_EXIT_FOUND : ALTOSCOPE_EXIT_NOT_FOUND;
}
