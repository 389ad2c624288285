/* altoscope-cli-network.c: `discover` over every (interface, family) pair,
 * `interfaces` and `watch`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <glib-unix.h>
#include <glib/gi18n.h>

#include "altoscope-cli.h"
#include "altoscope-dhcp.h"
#include "altoscope-domain-choice.h"
#include "altoscope-nm-model.h"
#include "altoscope-scheduler.h"
#include "altoscope-resolver.h"
#include "altoscope-report.h"
#include "altoscope-text.h"

#define SAFE(s) altoscope_text_make_safe ((s), 300)

static gboolean
on_quit_signal_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}

static AltoscopeOverrides *
load_overrides (void)
{
  g_autoptr(GError) error = NULL;
  AltoscopeOverrides *overrides = altoscope_overrides_new_default (&error);

  if (overrides == NULL)
    g_printerr ("altoscope-cli: %s\n", error->message);
  return overrides;
}

static JsonNode *
nm_status_json (AltoscopeNmModel *model)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "running");
  json_builder_add_boolean_value (b, altoscope_nm_model_get_nm_running (model));
  altoscope_json_add_string_or_null (b, "status", altoscope_nm_model_get_status (model));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
run_until_quit (GMainLoop *loop)
{
  guint sigint = g_unix_signal_add (SIGINT, on_quit_signal_cb, loop);
  guint sigterm = g_unix_signal_add (SIGTERM, on_quit_signal_cb, loop);

  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);
}

/* ---- discover, for every pair --------------------------------------------- */

int
altoscope_cli_discover_network (const char *interface,
                                const char *family,
                                guint       timeout_ms,
                                gboolean    ignore_backoff,
                                gboolean    json,
                                gboolean    verbose)
{
  g_autoptr(AltoscopeOverrides) overrides = load_overrides ();
  g_autoptr(AltoscopeBackoff) backoff = altoscope_backoff_new (NULL);
  g_autoptr(AltoscopeNmModel) model = NULL;
  g_autoptr(AltoscopeScheduler) monitor = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GPtrArray) targets = NULL;
  gboolean found = FALSE;

  if (overrides == NULL)
    return ALTOSCOPE_EXIT_USAGE;

  model = altoscope_nm_model_new ();
  monitor = altoscope_nm_model_create_scheduler (model, overrides, backoff, timeout_ms);
  altoscope_scheduler_set_filter (monitor, interface, family);
  altoscope_scheduler_set_ignore_backoff (monitor, ignore_backoff);
  g_signal_connect_swapped (monitor, "settled", G_CALLBACK (g_main_loop_quit), loop);
  run_until_quit (loop);
  /* The process ends next: what discovery remembered must be on disk. */
  altoscope_backoff_flush (backoff);

  targets = altoscope_scheduler_dup_targets (monitor);
  for (guint i = 0; i < targets->len; i++)
    if (altoscope_target_count_uris (targets->pdata[i]) > 0)
      found = TRUE;

  if (interface != NULL && altoscope_nm_model_get_nm_running (model)
      && altoscope_nm_model_find (model, interface) == NULL)
    {
      g_printerr (_("altoscope-cli: NetworkManager knows no interface “%s” with IP "
                    "configuration\n"), interface);
      return ALTOSCOPE_EXIT_USAGE;
    }

  if (json)
    {
      g_autoptr(JsonNode) root = altoscope_report_to_json (targets, NULL);
      g_autofree char *text = NULL;

      json_object_set_member (json_node_get_object (root), "networkmanager",
                              nm_status_json (model));
      text = altoscope_json_to_string (root, TRUE);
      g_print ("%s\n", text);
    }
  else
    {
      g_autofree char *text = altoscope_report_to_text (targets, verbose);
      if (altoscope_nm_model_get_status (model))
        g_print (_("NetworkManager: %s\n\n"), altoscope_nm_model_get_status (model));
      if (targets->len == 0)
        g_print ("%s\n", _("No interface or address family to discover ALTO servers for."));
      g_print ("%s", text);
    }
  return found ? ALTOSCOPE_EXIT_FOUND : ALTOSCOPE_EXIT_NOT_FOUND;
}

/* ---- interfaces ----------------------------------------------------------- */

static void
family_json (JsonBuilder        *b,
             AltoscopeLink      *link,
             AltoscopeFamily     family,
             AltoscopeOverrides *overrides)
{
  GHashTable *options = altoscope_link_get_dhcp_options (link, family);
  AltoscopeDomainChoice choice;

  altoscope_choose_domain_with (link, family, overrides, &choice);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "addresses");
  json_builder_begin_array (b);
  for (const char * const *a = altoscope_link_get_addresses (link, family); *a; a++)
    json_builder_add_string_value (b, *a);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "dns");
  json_builder_begin_array (b);
  for (const char * const *a = altoscope_link_get_dns (link, family); *a; a++)
    json_builder_add_string_value (b, *a);
  json_builder_end_array (b);

  /* All options, as NetworkManager reports them. */
  json_builder_set_member_name (b, "dhcp");
  if (options != NULL)
    {
      guint n;
      g_autofree const char **keys = altoscope_dhcp_sorted_keys (options, &n);

      json_builder_begin_object (b);
      for (guint i = 0; i < n; i++)
        {
          json_builder_set_member_name (b, keys[i]);
          json_builder_add_string_value (b, g_hash_table_lookup (options, keys[i]));
        }
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "alto_options");
  json_builder_begin_array (b);
  for (guint i = 0; i < choice.dhcp->len; i++)
    altoscope_report_add_dhcp_value (b, choice.dhcp->pdata[i]);
  json_builder_end_array (b);

  altoscope_json_add_string_or_null (b, "domain", choice.domain);
  altoscope_json_add_string_or_null (b, "domain_source", choice.source);
  altoscope_json_add_string_or_null (b, "no_domain_message", choice.message);
  json_builder_set_member_name (b, "warnings");
  json_builder_begin_array (b);
  for (guint i = 0; i < choice.warnings->len; i++)
    {
      AltoscopeChoiceWarning *w = choice.warnings->pdata[i];
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "code");
      json_builder_add_string_value (b, w->code);
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, w->message);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  altoscope_domain_choice_clear (&choice);
}

static void
family_text (GString            *out,
             AltoscopeLink      *link,
             AltoscopeFamily     family,
             AltoscopeOverrides *overrides)
{
  GHashTable *options = altoscope_link_get_dhcp_options (link, family);
  AltoscopeDomainChoice choice;
  g_autofree char *addrs = g_strjoinv (", ", (GStrv) altoscope_link_get_addresses (link, family));
  g_autofree char *dns = g_strjoinv (", ", (GStrv) altoscope_link_get_dns (link, family));

  altoscope_choose_domain_with (link, family, overrides, &choice);

  g_string_append_printf (out, "  %s\n", family == ALTOSCOPE_FAMILY_IPV4 ? "IPv4" : "IPv6");
  g_string_append_printf (out, _("    addresses:   %s\n"), *addrs ? addrs : _("none"));
  g_string_append_printf (out, _("    DNS servers: %s\n"), *dns ? dns : _("none"));
  if (choice.domain)
    g_string_append_printf (out, _("    domain:      %s (from %s)\n"), choice.domain, choice.source);
  else
    {
      g_autofree char *msg = SAFE (choice.message);
      g_string_append_printf (out, _("    domain:      none. %s\n"), msg);
    }
  for (guint i = 0; i < choice.warnings->len; i++)
    {
      AltoscopeChoiceWarning *w = choice.warnings->pdata[i];
      g_autofree char *msg = SAFE (w->message);
      g_string_append_printf (out, _("    warning:     %s\n"), msg);
    }
  if (options == NULL)
    g_string_append_printf (out, "%s\n", _("    DHCP:        no lease"));
  else
    {
      guint n;
      g_autofree const char **keys = altoscope_dhcp_sorted_keys (options, &n);

      g_string_append_printf (out, "%s\n", _("    DHCP options (as NetworkManager reports them):"));
      for (guint i = 0; i < n; i++)
        {
          int option = altoscope_dhcp_option_for_key (keys[i], family);
          g_autofree char *k = SAFE (keys[i]);
          g_autofree char *v = SAFE (g_hash_table_lookup (options, keys[i]));
          g_string_append_printf (out, "      %s %-28s %s\n", option ? "*" : " ", k, v);
        }
      for (guint i = 0; i < choice.dhcp->len; i++)
        {
          AltoscopeDhcpValue *v = choice.dhcp->pdata[i];
          g_autofree char *err = SAFE (v->error);
          if (v->domain)
            g_string_append_printf (out, _("      * option %d decoded: %s\n"), v->option, v->domain);
          else
            g_string_append_printf (out, _("      * option %d malformed: %s\n"), v->option, err);
        }
    }
  altoscope_domain_choice_clear (&choice);
}

int
altoscope_cli_interfaces (int    argc,
                          char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeOverrides) overrides = NULL;
  g_autoptr(AltoscopeNmModel) model = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  guint n;

  g_option_context_set_summary (context, _("Show the interfaces and VPNs NetworkManager knows, "
                                           "their DHCP options, and the domain each address "
                                           "family would use."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc > 1)
    {
      altoscope_cli_usage_error ("interfaces", error ? error->message : _("Unexpected argument"));
      return ALTOSCOPE_EXIT_USAGE;
    }

  overrides = load_overrides ();
  model = altoscope_nm_model_new ();
  if (!altoscope_nm_model_get_ready (model))
    {
      g_signal_connect_swapped (model, "notify::ready", G_CALLBACK (g_main_loop_quit), loop);
      run_until_quit (loop);
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (model));

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "schema");
      json_builder_add_string_value (b, "altoscope-interfaces/1");
      json_builder_set_member_name (b, "networkmanager");
      json_builder_add_value (b, nm_status_json (model));
      json_builder_set_member_name (b, "interfaces");
      json_builder_begin_array (b);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(AltoscopeLink) link = g_list_model_get_item (G_LIST_MODEL (model), i);
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, altoscope_link_get_name (link));
          json_builder_set_member_name (b, "kind");
          json_builder_add_string_value (b, altoscope_link_get_kind (link));
          json_builder_set_member_name (b, "state");
          json_builder_add_string_value (b, altoscope_link_get_state (link));
          json_builder_set_member_name (b, "vpn");
          json_builder_add_boolean_value (b, altoscope_link_get_is_vpn (link));
          altoscope_json_add_string_or_null (b, "vpn_parent", altoscope_link_get_parent (link));
          altoscope_json_add_string_or_null (b, "ip_interface",
                                             altoscope_link_get_ip_interface (link));
          json_builder_set_member_name (b, "connection");
          if (altoscope_link_get_connection_uuid (link))
            {
              json_builder_begin_object (b);
              json_builder_set_member_name (b, "id");
              json_builder_add_string_value (b, altoscope_link_get_connection_id (link));
              json_builder_set_member_name (b, "uuid");
              json_builder_add_string_value (b, altoscope_link_get_connection_uuid (link));
              json_builder_end_object (b);
            }
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "ipv4");
          family_json (b, link, ALTOSCOPE_FAMILY_IPV4, overrides);
          json_builder_set_member_name (b, "ipv6");
          family_json (b, link, ALTOSCOPE_FAMILY_IPV6, overrides);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      text = altoscope_json_to_string (root, TRUE);
      g_print ("%s\n", text);
    }
  else
    {
      g_autoptr(GString) out = g_string_new (NULL);

      if (altoscope_nm_model_get_status (model))
        g_string_append_printf (out, _("NetworkManager: %s\n"), altoscope_nm_model_get_status (model));
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(AltoscopeLink) link = g_list_model_get_item (G_LIST_MODEL (model), i);
          g_autofree char *name = SAFE (altoscope_link_get_name (link));

          g_string_append_printf (out, "%s%s (%s, %s)", i ? "\n" : "", name,
                                  altoscope_link_get_kind (link),
                                  altoscope_link_get_state (link));
          if (altoscope_link_get_is_vpn (link))
            {
              g_autofree char *parent = SAFE (altoscope_link_get_parent (link));
              g_string_append_printf (out, _(", VPN over %s"), parent);
            }
          if (altoscope_link_get_connection_uuid (link))
            {
              g_autofree char *id = SAFE (altoscope_link_get_connection_id (link));
              g_string_append_printf (out, _(", connection “%s” %s"), id,
                                      altoscope_link_get_connection_uuid (link));
            }
          g_string_append_c (out, '\n');
          family_text (out, link, ALTOSCOPE_FAMILY_IPV4, overrides);
          family_text (out, link, ALTOSCOPE_FAMILY_IPV6, overrides);
        }
      if (n == 0)
        g_string_append_printf (out, "%s\n", _("No interface with IP configuration."));
      g_print ("%s", out->str);
    }
  return 0;
}

/* ---- watch ------------------------------------------------------------------ */

typedef struct
{
  gboolean json;
  gboolean verbose;
  AltoscopeNmModel *model;
  int nm_running;   /* -1: not yet said */
} Watch;

static void
emit_line (JsonBuilder *b)
{
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  g_autofree char *text = altoscope_json_to_string (root, FALSE);
  g_print ("%s\n", text);
  fflush (stdout);
}

static char *
now_string (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format_iso8601 (now);
}

static void
on_watch_result_cb (AltoscopeScheduler *monitor,
                    AltoscopeTarget  *target,
                    Watch            *w)
{
  if (w->json)
    {
      g_autoptr(GPtrArray) targets = g_ptr_array_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      g_ptr_array_add (targets, target);
      root = altoscope_report_to_json (targets, NULL);
      json_object_set_string_member (json_node_get_object (root), "event", "result");
      text = altoscope_json_to_string (root, FALSE);
      g_print ("%s\n", text);
    }
  else
    {
      g_autoptr(GPtrArray) targets = g_ptr_array_new ();
      g_autofree char *text = NULL;
      g_autofree char *stamp = now_string ();

      g_ptr_array_add (targets, target);
      text = altoscope_report_to_text (targets, w->verbose);
      g_print ("── %s\n%s\n", stamp, text);
    }
  fflush (stdout);
}

static void
on_watch_pair_cb (AltoscopeScheduler *monitor,
                  const char       *key,
                  const char       *label,
                  Watch            *w,
                  const char       *event)
{
  if (w->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "event");
      json_builder_add_string_value (b, event);
      /* "pair" is what people read; "pair_id" tells apart two VPNs of one
       * name (a VPN is known by its connection UUID). */
      json_builder_set_member_name (b, "pair");
      json_builder_add_string_value (b, label);
      json_builder_set_member_name (b, "pair_id");
      json_builder_add_string_value (b, key);
      json_builder_end_object (b);
      emit_line (b);
    }
  else if (g_str_equal (event, "removed"))
    {
      g_autofree char *safe = SAFE (label);
      g_print (_("── %s is gone; its result no longer applies\n"), safe);
      fflush (stdout);
    }
}

static void
on_watch_started_cb (AltoscopeScheduler *monitor,
                     const char       *key,
                     const char       *label,
                     Watch            *w)
{
  on_watch_pair_cb (monitor, key, label, w, "started");
}

static void
on_watch_removed_cb (AltoscopeScheduler *monitor,
                     const char       *key,
                     const char       *label,
                     Watch            *w)
{
  on_watch_pair_cb (monitor, key, label, w, "removed");
}

static void
on_watch_nm_cb (Watch *w)
{
  int running = altoscope_nm_model_get_nm_running (w->model);

  if (!altoscope_nm_model_get_ready (w->model) || running == w->nm_running)
    return;
  w->nm_running = running;
  if (w->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "event");
      json_builder_add_string_value (b, "networkmanager");
      json_builder_set_member_name (b, "networkmanager");
      json_builder_add_value (b, nm_status_json (w->model));
      json_builder_end_object (b);
      emit_line (b);
    }
  else
    {
      g_print (running ? _("── NetworkManager is running\n")
                       : _("── NetworkManager is not running; overrides still work\n"));
      fflush (stdout);
    }
}

int
altoscope_cli_watch (int    argc,
                     char **argv)
{
  gboolean json = FALSE, verbose = FALSE;
  g_autofree char *interface = NULL;
  g_autofree char *family = NULL;
  double timeout_s = ALTOSCOPE_DEFAULT_TIMEOUT_MS / 1000.0;
  GOptionEntry entries[] = {
    { "interface", 'i', 0, G_OPTION_ARG_STRING, &interface,
      N_("Only this interface (or VPN connection name)"), N_("IFACE") },
    { "family", 'f', 0, G_OPTION_ARG_STRING, &family, N_("Only this family: ipv4 or ipv6"),
      N_("FAMILY") },
    { "timeout", 't', 0, G_OPTION_ARG_DOUBLE, &timeout_s,
      N_("Time one DNS query may take (default 5)"), N_("SECONDS") },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json, N_("One JSON object per line"), NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
      N_("Show the step-by-step trace in the text report"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeOverrides) overrides = NULL;
  g_autoptr(AltoscopeBackoff) backoff = altoscope_backoff_new (NULL);
  g_autoptr(AltoscopeNmModel) model = NULL;
  g_autoptr(AltoscopeScheduler) monitor = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AltoscopeFamily f;
  Watch w = { 0 };

  g_option_context_set_summary (context, _("Keep running and print each new discovery result "
                                           "as the network or the overrides change."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc > 1)
    {
      altoscope_cli_usage_error ("watch", error ? error->message : _("Unexpected argument"));
      return ALTOSCOPE_EXIT_USAGE;
    }
  if (family != NULL && !altoscope_family_from_string (family, &f))
    {
      altoscope_cli_usage_error ("watch", _("--family takes ipv4 or ipv6"));
      return ALTOSCOPE_EXIT_USAGE;
    }
  if (!(timeout_s >= 0.1 && timeout_s <= 300))
    {
      altoscope_cli_usage_error ("watch", _("--timeout must be between 0.1 and 300 seconds"));
      return ALTOSCOPE_EXIT_USAGE;
    }

  overrides = load_overrides ();
  if (overrides == NULL)
    return ALTOSCOPE_EXIT_USAGE;
  model = altoscope_nm_model_new ();
  monitor = altoscope_nm_model_create_scheduler (model, overrides, backoff, (guint) (timeout_s * 1000));
  altoscope_scheduler_set_filter (monitor, interface, family);

  w = (Watch) { json, verbose, model, -1 };
  g_signal_connect (monitor, "result", G_CALLBACK (on_watch_result_cb), &w);
  g_signal_connect (monitor, "started", G_CALLBACK (on_watch_started_cb), &w);
  g_signal_connect (monitor, "removed", G_CALLBACK (on_watch_removed_cb), &w);
  g_signal_connect_swapped (model, "notify::nm-running", G_CALLBACK (on_watch_nm_cb), &w);
  g_signal_connect_swapped (model, "notify::ready", G_CALLBACK (on_watch_nm_cb), &w);

  run_until_quit (loop);
  g_signal_handlers_disconnect_by_data (monitor, &w);
  g_signal_handlers_disconnect_by_data (model, &w);
  return 0;
}
