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
  GMainLoop *loop;
  AltoscopeCheck *check;
  AltoscopeNmModel *model;
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

static void
on_model_ready_cb (Run *run)
{
  if (altoscope_nm_model_get_ready (run->model))
    g_main_loop_quit (run->loop);
}

/* The first address of @family on the interface or VPN @name, without
 * its prefix length; NULL (with a message) when there is none. */
static char *
address_of (const char  *name,
            const char  *family,
            char       **why)
{
  g_autoptr(AltoscopeNmModel) model = altoscope_nm_model_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Run run = { loop, NULL, model };
  AltoscopeFamily fam = ALTOSCOPE_FAMILY_IPV4;
  AltoscopeLink *link;
  char *address;

  altoscope_family_from_string (family ? family : "ipv4", &fam);
  g_signal_connect_swapped (model, "notify::ready", G_CALLBACK (on_model_ready_cb), &run);
  if (!altoscope_nm_model_get_ready (model))
    g_main_loop_run (loop);
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
  address = altoscope_link_dup_source_address (link, fam);
  if (address == NULL)
    *why = g_strdup_printf (_("“%s” has no %s address"), name, family ? family : "ipv4");
  return address;
}

int
altoscope_cli_check (int    argc,
                     char **argv)
{
  g_autofree char *interface = NULL, *family = NULL, *ca_file = NULL, *local = NULL;
  g_autofree char *source = NULL;
  double timeout_s = ALTOSCOPE_CHECK_DEFAULT_TIMEOUT_MS / 1000.0;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "interface", 'i', 0, G_OPTION_ARG_STRING, &interface,
      N_("Send from this interface's address (RFC 7286 §4.2)"), N_("IFACE") },
    { "family", 'f', 0, G_OPTION_ARG_STRING, &family,
      N_("With --interface: its ipv4 or ipv6 address (default ipv4)"), N_("FAMILY") },
    { "source", 0, 0, G_OPTION_ARG_STRING, &source,
      N_("Send from this local address (instead of --interface)"), N_("ADDRESS") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      N_("Also trust the CAs in this PEM file (a private deployment)"), N_("FILE") },
    { "timeout", 't', 0, G_OPTION_ARG_DOUBLE, &timeout_s,
      N_("Time the whole check may take (default 10)"), N_("SECONDS") },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json,
      N_("Print the JSON report (schema altoscope-check/1)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("URI"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Run run = { loop, NULL, NULL };
  guint sigint_id;
  AltoscopeCheckCode code;

  g_option_context_set_summary (context, _("Fetch the ALTO server's Information Resource "
                                           "Directory and check it against RFC 7285."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      altoscope_cli_usage_error ("check", error->message);
      return ALTOSCOPE_EXIT_USAGE;
    }
  if (argc != 2)
    {
      altoscope_cli_usage_error ("check", _("“check” takes exactly one URI"));
      return ALTOSCOPE_EXIT_USAGE;
    }
  if (!(timeout_s >= 0.1 && timeout_s <= 300))
    {
      altoscope_cli_usage_error ("check", _("--timeout must be between 0.1 and 300 seconds"));
      return ALTOSCOPE_EXIT_USAGE;
    }
  if (family != NULL && !g_str_equal (family, "ipv4") && !g_str_equal (family, "ipv6"))
    {
      altoscope_cli_usage_error ("check", _("--family takes ipv4 or ipv6"));
      return ALTOSCOPE_EXIT_USAGE;
    }
  if (family != NULL && interface == NULL)
    {
      altoscope_cli_usage_error ("check", _("--family goes with --interface"));
      return ALTOSCOPE_EXIT_USAGE;
    }
  if (source != NULL && interface != NULL)
    {
      altoscope_cli_usage_error ("check", _("--source and --interface both choose the address "
                                            "to send from; give one"));
      return ALTOSCOPE_EXIT_USAGE;
    }
  local = g_steal_pointer (&source);
  if (interface != NULL)
    {
      g_autofree char *why = NULL;
      local = address_of (interface, family, &why);
      if (local == NULL)
        {
          altoscope_cli_usage_error ("check", why);
          return ALTOSCOPE_EXIT_USAGE;
        }
    }

  sigint_id = g_unix_signal_add (SIGINT, on_sigint_cb, cancellable);
  altoscope_check_async (argv[1], local, ca_file, (guint) (timeout_s * 1000), cancellable,
                         on_checked_cb, &run);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);

  code = altoscope_check_get_code (run.check);
  if (code == ALTOSCOPE_CHECK_INVALID_INPUT)
    {
      altoscope_cli_usage_error ("check", altoscope_check_get_message (run.check));
      g_object_unref (run.check);
      return ALTOSCOPE_EXIT_USAGE;
    }
  if (json)
    {
      g_autoptr(JsonNode) root = altoscope_check_to_json (run.check);
      g_autofree char *text = altoscope_json_to_string (root, TRUE);
      g_print ("%s\n", text);
    }
  else
    {
      g_autofree char *text = altoscope_check_to_text (run.check);
      g_print ("%s", text);
    }
  g_object_unref (run.check);
  return code == ALTOSCOPE_CHECK_OK ? ALTOSCOPE_EXIT_FOUND : ALTOSCOPE_EXIT_NOT_FOUND;
}
