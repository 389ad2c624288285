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

int
altoscope_cli_dhcp_query (int    argc,
                          char **argv)
{
  g_autofree char *interface = NULL;
  g_autofree char *family = NULL;
  double timeout_s = ALTOSCOPE_DHCP_QUERY_DEFAULT_TIMEOUT_MS / 1000.0;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "interface", 'i', 0, G_OPTION_ARG_STRING, &interface,
      N_("Only this interface (default: every interface NetworkManager manages)"), N_("IFACE") },
    { "family", 'f', 0, G_OPTION_ARG_STRING, &family,
      N_("Only this family: ipv4 (DHCPINFORM) or ipv6 (Information-Request)"), N_("FAMILY") },
    { "timeout", 't', 0, G_OPTION_ARG_DOUBLE, &timeout_s,
      N_("Time the whole exchange may take, retransmissions included (default 10)"),
      N_("SECONDS") },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json,
      N_("Print JSON (schema altoscope-dhcp-query/1)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeNmModel) model = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func (
      (GDestroyNotify) altoscope_dhcp_answer_unref);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Run run = { loop, answers, 0, cancellable };
  gboolean all_answered = TRUE;
  guint sigint_id;

  g_option_context_set_summary (context, _("Ask the DHCP servers for the ALTO options directly "
                                           "(DHCPINFORM with options 213 and 15, DHCPv6 "
                                           "Information-Request with option 57), beside the "
                                           "running DHCP client, without touching its lease. "
                                           "Needs root."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      altoscope_cli_usage_error ("dhcp-query", error->message);
      return ALTOSCOPE_EXIT_USAGE;
    }
  if (argc > 1)
    {
      g_autofree char *msg = g_strdup_printf (_("Unexpected argument “%s”"), argv[1]);
      altoscope_cli_usage_error ("dhcp-query", msg);
      return ALTOSCOPE_EXIT_USAGE;
    }
  if (family != NULL && !g_str_equal (family, "ipv4") && !g_str_equal (family, "ipv6"))
    {
      altoscope_cli_usage_error ("dhcp-query", _("--family takes ipv4 or ipv6"));
      return ALTOSCOPE_EXIT_USAGE;
    }
  if (!(timeout_s >= 0.5 && timeout_s <= 600))
    {
      altoscope_cli_usage_error ("dhcp-query", _("--timeout must be between 0.5 and 600 seconds"));
      return ALTOSCOPE_EXIT_USAGE;
    }
  if (interface != NULL && !altoscope_interface_name_is_valid (interface))
    {
      altoscope_cli_usage_error ("dhcp-query", _("--interface takes an interface name"));
      return ALTOSCOPE_EXIT_USAGE;
    }

  model = altoscope_nm_model_new ();
  if (!altoscope_nm_model_get_ready (model))
    {
      g_signal_connect_swapped (model, "notify::ready", G_CALLBACK (g_main_loop_quit), loop);
      altoscope_cli_run_until_quit (loop);
    }

  for (AltoscopeFamily f = 0; f < ALTOSCOPE_N_FAMILIES; f++)
    {
      if (family != NULL && !g_str_equal (family, altoscope_family_to_string (f)))
        continue;
      if (interface != NULL)
        {
          /* Any interface the kernel has; NetworkManager's lease when it
           * manages it. */
          AltoscopeLink *link = altoscope_nm_model_find (model, interface);
          ask (&run, interface, f, link && !altoscope_link_get_is_vpn (link) ? link : NULL,
               (guint) (timeout_s * 1000));
          continue;
        }
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
        {
          g_autoptr(AltoscopeLink) link = g_list_model_get_item (G_LIST_MODEL (model), i);
          /* DHCP serves links, not VPN tunnels. */
          if (altoscope_link_get_is_vpn (link) || !altoscope_link_has_ip (link, f))
            continue;
          ask (&run, altoscope_link_get_ip_interface (link), f, link,
               (guint) (timeout_s * 1000));
        }
    }

  if (run.pending == 0)
    {
      g_printerr (_("altoscope-cli dhcp-query: no interface to ask on; NetworkManager: %s. "
                    "Name one with --interface.\n"),
                  altoscope_nm_model_get_status (model) ? altoscope_nm_model_get_status (model)
                                                        : _("no interface with IP "
                                                            "configuration"));
      return ALTOSCOPE_EXIT_USAGE;
    }
  sigint_id = g_unix_signal_add (SIGINT, on_sigint_cb, cancellable);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);

  for (guint i = 0; i < answers->len; i++)
    if (altoscope_dhcp_answer_get_failed (answers->pdata[i]))
      all_answered = FALSE;
  if (g_cancellable_is_cancelled (cancellable))
    all_answered = FALSE;

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
  return all_answered ? ALTOSCOPE_EXIT_FOUND : ALTOSCOPE_EXIT_NOT_FOUND;
}
