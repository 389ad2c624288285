/* altoscope-cli-interfaces.c: `interfaces`, what NetworkManager reports and
 * the domain each family would use
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
#include "altoscope-report.h"
#include "altoscope-text.h"

/* Step 1 for one family: the ALTO options decoded, the domain chosen and
 * where from, or why there is none. */
static void
choice_json (JsonBuilder                 *b,
             const AltoscopeDomainChoice *choice)
{
  json_builder_set_member_name (b, "alto_options");
  json_builder_begin_array (b);
  for (guint i = 0; i < choice->dhcp->len; i++)
    altoscope_dhcp_value_add_json (b, choice->dhcp->pdata[i]);
  json_builder_end_array (b);

  altoscope_json_add_string_or_null (b, "domain", choice->domain);
  altoscope_json_add_string_or_null (b, "domain_source", choice->source);
  altoscope_json_add_string_or_null (b, "no_domain_message", choice->message);
  json_builder_set_member_name (b, "warnings");
  json_builder_begin_array (b);
  for (guint i = 0; i < choice->warnings->len; i++)
    {
      AltoscopeChoiceWarning *w = choice->warnings->pdata[i];
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "code");
      json_builder_add_string_value (b, w->code);
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, w->message);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
family_json (JsonBuilder        *b,
             AltoscopeLink      *link,
             AltoscopeFamily     family,
             AltoscopeOverrides *overrides)
{
  GHashTable *options = altoscope_link_get_dhcp_options (link, family);
  AltoscopeDomainChoice choice;

  altoscope_choose_domain_with (link, family, overrides, NULL, &choice);

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

  choice_json (b, &choice);
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

  altoscope_choose_domain_with (link, family, overrides, NULL, &choice);

  g_string_append_printf (out, "  %s\n", altoscope_family_to_label (family));
  g_string_append_printf (out, _("    addresses:   %s\n"), *addrs ? addrs : _("none"));
  g_string_append_printf (out, _("    DNS servers: %s\n"), *dns ? dns : _("none"));
  if (choice.domain)
    g_string_append_printf (out, _("    domain:      %s (from %s)\n"), choice.domain, choice.source);
  else
    {
      g_autofree char *msg = altoscope_text_safe (choice.message);
      g_string_append_printf (out, _("    domain:      none. %s\n"), msg);
    }
  for (guint i = 0; i < choice.warnings->len; i++)
    {
      AltoscopeChoiceWarning *w = choice.warnings->pdata[i];
      g_autofree char *msg = altoscope_text_safe (w->message);
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
          g_autofree char *k = altoscope_text_safe (keys[i]);
          g_autofree char *v = altoscope_text_safe (g_hash_table_lookup (options, keys[i]));
          g_string_append_printf (out, "      %s %-28s %s\n", option ? "*" : " ", k, v);
        }
      for (guint i = 0; i < choice.dhcp->len; i++)
        {
          AltoscopeDhcpValue *v = choice.dhcp->pdata[i];
          g_autofree char *err = altoscope_text_safe (v->error);
          if (v->domain)
            g_string_append_printf (out, _("      * option %d decoded: %s\n"), v->option, v->domain);
          else
            g_string_append_printf (out, _("      * option %d malformed: %s\n"), v->option, err);
        }
    }
  altoscope_domain_choice_clear (&choice);
}

/* One interface or VPN: its name, kind, state, connection, and per family
 * what family_json says. */
static void
link_json (JsonBuilder        *b,
           AltoscopeLink      *link,
           AltoscopeOverrides *overrides)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, altoscope_link_get_name (link));
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, altoscope_link_get_kind (link));
  json_builder_set_member_name (b, "state");
  json_builder_add_string_value (b,
                                 altoscope_link_state_to_string (altoscope_link_get_state (link)));
  json_builder_set_member_name (b, "vpn");
  json_builder_add_boolean_value (b, altoscope_link_get_is_vpn (link));
  altoscope_json_add_string_or_null (b, "vpn_parent", altoscope_link_get_parent (link));
  altoscope_json_add_string_or_null (b, "ip_interface", altoscope_link_get_ip_interface (link));
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

static void
print_json (AltoscopeNmModel   *model,
            AltoscopeOverrides *overrides)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "schema");
  json_builder_add_string_value (b, "altoscope-interfaces/1");
  json_builder_set_member_name (b, "networkmanager");
  json_builder_add_value (b, altoscope_nm_model_status_to_json (model));
  json_builder_set_member_name (b, "interfaces");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AltoscopeLink) link = g_list_model_get_item (G_LIST_MODEL (model), i);
      link_json (b, link, overrides);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = altoscope_json_to_string (root, TRUE);
  g_print ("%s\n", text);
}

static void
link_text (GString            *out,
           AltoscopeLink      *link,
           AltoscopeOverrides *overrides)
{
  g_autofree char *name = altoscope_text_safe (altoscope_link_get_name (link));

  g_string_append_printf (out, "%s (%s, %s)", name, altoscope_link_get_kind (link),
                          altoscope_link_state_to_string (altoscope_link_get_state (link)));
  if (altoscope_link_get_is_vpn (link))
    {
      g_autofree char *parent = altoscope_text_safe (altoscope_link_get_parent (link));
      g_string_append_printf (out, _(", VPN over %s"), parent);
    }
  if (altoscope_link_get_connection_uuid (link))
    {
      g_autofree char *id = altoscope_text_safe (altoscope_link_get_connection_id (link));
      g_string_append_printf (out, _(", connection “%s” %s"), id,
                              altoscope_link_get_connection_uuid (link));
    }
  g_string_append_c (out, '\n');
  family_text (out, link, ALTOSCOPE_FAMILY_IPV4, overrides);
  family_text (out, link, ALTOSCOPE_FAMILY_IPV6, overrides);
}

static void
print_text (AltoscopeNmModel   *model,
            AltoscopeOverrides *overrides)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

  if (altoscope_nm_model_get_status (model))
    g_string_append_printf (out, _("NetworkManager: %s\n"), altoscope_nm_model_get_status (model));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AltoscopeLink) link = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (i > 0)
        g_string_append_c (out, '\n');
      link_text (out, link, overrides);
    }
  if (n == 0)
    g_string_append_printf (out, "%s\n", _("No interface with IP configuration."));
  g_print ("%s", out->str);
}

int
altoscope_cli_interfaces (int    argc,
                          char **argv)
{
  g_auto(AltoscopeCliOptions) options = ALTOSCOPE_CLI_OPTIONS_INIT ("interfaces", FALSE);
  GOptionEntry entries[] = {
    altoscope_cli_json_entry (&options, N_("Print JSON")),
    { NULL }
  };
  g_autoptr(AltoscopeOverrides) overrides = NULL;
  g_autoptr(AltoscopeNmModel) model = NULL;

  if (!altoscope_cli_options_parse (&options, NULL,
                                    _("Show the interfaces and VPNs NetworkManager knows, "
                                      "their DHCP options, and the domain each address "
                                      "family would use."),
                                    entries, &argc, &argv))
    return ALTOSCOPE_EXIT_USAGE;

  overrides = altoscope_cli_load_overrides ();
  model = altoscope_cli_nm_model_new_ready (NULL);

  if (options.json)
    print_json (model, overrides);
  else
    print_text (model, overrides);
  return 0;
}
