/* altoscope-cli-dhcp-query.c: `altoscope-cli dhcp-query`, asking DHCP servers
 * for options 213, 15 and 57 directly (DHCPINFORM, Information-Request),
 * beside NetworkManager's own client and without touching its lease
 *
 * Exit: 0 every server asked answered, 1 one did not (or could not be
 * asked), 2 bad usage.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "altoscope-cli.h"
#include "altoscope-dhcp-cache.h"
#include "altoscope-dhcp-query.h"
#include "altoscope-report.h"
#include "altoscope-text.h"

typedef struct
{
  GMainLoop *loop;
  GPtrArray *answers;
  guint pending;
  GCancellable *cancellable;
} Run;

typedef struct
{
  Run *run;
  gint64 lease_time_s;
} One;

static void
on_answer_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  One *one = data;
  g_autoptr(GError) error = NULL;
  AltoscopeDhcpAnswer *answer = altoscope_dhcp_query_finish (result, &error);

  if (answer != NULL)
    {
      altoscope_dhcp_answer_set_lease_time (answer, one->lease_time_s);
      g_ptr_array_add (one->run->answers, answer);
    }
  if (--one->run->pending == 0)
    g_main_loop_quit (one->run->loop);
  g_free (one);
}

static void
ask (Run             *run,
     const char      *interface,
     AltoscopeFamily  family,
     AltoscopeLink   *link,
     guint            timeout_ms)
{
  g_autofree char *server = NULL;
  One *one = g_new0 (One, 1);
  AltoscopeDhcpQueryOptions options = { interface, family, NULL, timeout_ms };

  one->run = run;
  one->lease_time_s = -1;
  /* The lease NetworkManager holds names its server (unicast, RFC 2131
   * §4.4.3) and the time the answer is kept. */
  if (link != NULL)
    altoscope_dhcp_lease_facts (link, family, &server, &one->lease_time_s);
  options.server = server;
  run->pending++;
  altoscope_dhcp_query_async (&options, run->cancellable, on_answer_cb, one);
}

static gboolean
on_sigint_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_CONTINUE;
}

static gboolean
parse_args (AltoscopeCliOptions   *options,
            int                   *argc,
            char                ***argv)
{
  GOptionEntry entries[] = {
    altoscope_cli_interface_entry (options, N_("Only this interface (default: every interface "
                                               "NetworkManager manages)")),
    altoscope_cli_family_entry (options, N_("Only this family: ipv4 (DHCPINFORM) or ipv6 "
                                            "(Information-Request)")),
    altoscope_cli_timeout_entry (options, ALTOSCOPE_CLI_TIMEOUT_DHCP),
    altoscope_cli_json_entry (options, N_("Print JSON (schema altoscope-dhcp-query/1)")),
    { NULL }
  };

  if (!altoscope_cli_options_parse (options, NULL,
                                    _("Ask the DHCP servers for the ALTO options directly "
                                      "(DHCPINFORM with options 213 and 15, DHCPv6 "
                                      "Information-Request with option 57), beside the "
                                      "running DHCP client, without touching its lease. "
                                      "Needs root."),
                                    entries, argc, argv))
    return FALSE;
  /* Any interface the kernel has, managed by NetworkManager or not. */
  if (options->interface != NULL && !altoscope_interface_name_is_valid (options->interface))
    {
      altoscope_cli_usage_error ("dhcp-query", _("--interface takes an interface name"));
      return FALSE;
    }
  return TRUE;
}

/* Starts a query on each interface and family asked for: --interface (with
 * NetworkManager's lease when it manages it), or every link
 * NetworkManager has an address of that family on. */
static void
ask_each (Run                       *run,
          const AltoscopeCliOptions *options,
          AltoscopeNmModel          *model)
{
  guint timeout_ms = altoscope_cli_options_timeout_ms (options);

  for (AltoscopeFamily f = 0; f < ALTOSCOPE_N_FAMILIES; f++)
    {
      if (options->family_name != NULL && options->family != f)
        continue;
      if (options->interface != NULL)
        {
          AltoscopeLink *link = altoscope_nm_model_find (model, options->interface);
          ask (run, options->interface, f,
               link && !altoscope_link_get_is_vpn (link) ? link : NULL, timeout_ms);
          continue;
        }
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
        {
          g_autoptr(AltoscopeLink) link = g_list_model_get_item (G_LIST_MODEL (model), i);
          /* DHCP serves links, not VPN tunnels. */
          if (altoscope_link_get_is_vpn (link) || !altoscope_link_has_ip (link, f))
            continue;
          ask (run, altoscope_link_get_ip_interface (link), f, link, timeout_ms);
        }
    }
}

/* Every query asked for, until each has its answer; Ctrl+C ends the wait.
 * NULL (the error printed) when there was nothing to ask on. */
static GPtrArray *
run_queries (const AltoscopeCliOptions *options,
             AltoscopeNmModel          *model,
             gboolean                  *cancelled)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func (
      (GDestroyNotify) altoscope_dhcp_answer_unref);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Run run = { loop, answers, 0, cancellable };
  guint sigint_id;

  ask_each (&run, options, model);
  if (run.pending == 0)
    {
      g_printerr (_("altoscope-cli dhcp-query: no interface to ask on; NetworkManager: %s. "
                    "Name one with --interface.\n"),
                  altoscope_nm_model_get_status (model) ? altoscope_nm_model_get_status (model)
                                                        : _("no interface with IP "
                                                            "configuration"));
      return NULL;
    }
  sigint_id = g_unix_signal_add (SIGINT, on_sigint_cb, cancellable);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  *cancelled = g_cancellable_is_cancelled (cancellable);
  return g_steal_pointer (&answers);
}

static void
print_answers (GPtrArray *answers,
               gboolean   json)
{
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "schema");
      json_builder_add_string_value (b, ALTOSCOPE_DHCP_QUERY_SCHEMA);
      json_builder_set_member_name (b, "queries");
      json_builder_begin_array (b);
      for (guint i = 0; i < answers->len; i++)
        json_builder_add_value (b, altoscope_dhcp_answer_to_json (answers->pdata[i]));
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      text = altoscope_json_to_string (root, TRUE);
      g_print ("%s\n", text);
    }
  else
    for (guint i = 0; i < answers->len; i++)
      {
        g_autofree char *text = altoscope_dhcp_answer_to_text (answers->pdata[i]);
        g_print ("%s%s", i ? "\n" : "", text);
      }
}

static gboolean
all_answered (GPtrArray *answers)
{
  for (guint i = 0; i < answers->len; i++)
    if (altoscope_dhcp_answer_get_failed (answers->pdata[i]))
      return FALSE;
  return TRUE;
}

int
altoscope_cli_dhcp_query (int    argc,
                          char **argv)
{
  g_auto(AltoscopeCliOptions) options = ALTOSCOPE_CLI_OPTIONS_INIT ("dhcp-query", FALSE);
  g_autoptr(AltoscopeNmModel) model = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  gboolean cancelled = FALSE;

  if (!parse_args (&options, &argc, &argv))
    return ALTOSCOPE_EXIT_USAGE;

  model = altoscope_cli_nm_model_new_ready (NULL);
  answers = run_queries (&options, model, &cancelled);
  if (answers == NULL)
    return ALTOSCOPE_EXIT_USAGE;

  print_answers (answers, options.json);
  return all_answered (answers) && !cancelled ? ALTOSCOPE_EXIT_FOUND : ALTOSCOPE_EXIT_NOT_FOUND;
}
