/* altoscope-cli-override.c: `override set|clear|list`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "altoscope-cli.h"
#include "altoscope-domain.h"
#include "altoscope-domain-choice.h"
#include "altoscope-overrides.h"
#include "altoscope-report.h"

static void
print_usage (void)
{
  g_printerr ("%s", _("Usage:\n"
                      "  altoscope-cli override set DOMAIN [--interface IFACE | --connection UUID]"
                      " [--family ipv4|ipv6]\n"
                      "  altoscope-cli override clear [--interface IFACE | --connection UUID]"
                      " [--family ipv4|ipv6]\n"
                      "  altoscope-cli override list [--json]\n"
                      "Without --interface or --connection, set and clear act on the default "
                      "domain.\n"));
}

static char *
describe (AltoscopeScope  scope,
          const char     *key,
          const char     *family)
{
  switch (scope)
    {
    case ALTOSCOPE_SCOPE_INTERFACE:
      return family ? g_strdup_printf (_("interface %s, %s"), key, family)
                    : g_strdup_printf (_("interface %s, both families"), key);
    case ALTOSCOPE_SCOPE_CONNECTION:
      return family ? g_strdup_printf (_("connection %s, %s"), key, family)
                    : g_strdup_printf (_("connection %s, both families"), key);
    case ALTOSCOPE_SCOPE_DEFAULT:
    default:
      return g_strdup (_("the default"));
    }
}

int
altoscope_cli_override (int    argc,
                        char **argv)
{
  g_autofree char *interface = NULL;
  g_autofree char *connection = NULL;
  g_autofree char *family = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "interface", 'i', 0, G_OPTION_ARG_STRING, &interface, N_("For this interface"),
      N_("IFACE") },
    { "connection", 'c', 0, G_OPTION_ARG_STRING, &connection,
      N_("For this NetworkManager connection (a VPN's override follows it)"), N_("UUID") },
    { "family", 'f', 0, G_OPTION_ARG_STRING, &family, N_("Only for this family: ipv4 or ipv6"),
      N_("FAMILY") },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json, N_("With list: print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("set DOMAIN | clear | list"));
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeOverrides) overrides = NULL;
  AltoscopeScope scope = ALTOSCOPE_SCOPE_DEFAULT;
  AltoscopeFamily fam;
  const char *key = NULL;
  const char *verb;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Manage the domains you set for ALTO discovery."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      altoscope_cli_usage_error ("override", error->message);
      return ALTOSCOPE_EXIT_USAGE;
    }
  if (argc < 2)
    {
      print_usage ();
      return ALTOSCOPE_EXIT_USAGE;
    }
  verb = argv[1];

  if (interface != NULL && connection != NULL)
    {
      altoscope_cli_usage_error ("override", _("Give --interface or --connection, not both"));
      return ALTOSCOPE_EXIT_USAGE;
    }
  if (family != NULL && !altoscope_family_from_string (family, &fam))
    {
      altoscope_cli_usage_error ("override", _("--family takes ipv4 or ipv6"));
      return ALTOSCOPE_EXIT_USAGE;
    }
  if (interface != NULL)
    {
      scope = ALTOSCOPE_SCOPE_INTERFACE;
      key = interface;
    }
  else if (connection != NULL)
    {
      scope = ALTOSCOPE_SCOPE_CONNECTION;
      key = connection;
    }

  overrides = altoscope_overrides_new_default (&error);
  if (overrides == NULL)
    {
      g_printerr ("altoscope-cli override: %s\n", error->message);
      return ALTOSCOPE_EXIT_USAGE;
    }

  if (g_str_equal (verb, "set"))
    {
      g_autofree char *what = NULL;
      g_autofree char *normalized = NULL;

      if (argc != 3)
        {
          altoscope_cli_usage_error ("override", _("“set” takes exactly one DOMAIN"));
          return ALTOSCOPE_EXIT_USAGE;
        }
      if (!altoscope_overrides_set (overrides, scope, key, family ? &fam : NULL, argv[2], &error))
        {
          altoscope_cli_usage_error ("override", error->message);
          return ALTOSCOPE_EXIT_USAGE;
        }
      /* The process ends next: the write must be on disk first.  (The
       * window never waits for it: the backend writes in the background.) */
      g_settings_sync ();
      what = describe (scope, key, family);
      normalized = altoscope_domain_normalize (argv[2], NULL);
      g_print (_("Override set for %s: %s\n"), what, normalized);
      if (altoscope_domain_is_home_gateway_like (normalized))
        g_printerr (_("Note: “%s” looks like a home gateway's own domain; such names rarely "
                      "publish ALTO (RFC 7286 §4.1).\n"), normalized);
      return 0;
    }

  if (g_str_equal (verb, "clear"))
    {
      g_autofree char *what = describe (scope, key, family);
      gboolean had;

      if (argc != 2)
        {
          altoscope_cli_usage_error ("override", _("“clear” takes no DOMAIN"));
          return ALTOSCOPE_EXIT_USAGE;
        }
      if (scope == ALTOSCOPE_SCOPE_DEFAULT && family != NULL)
        {
          altoscope_cli_usage_error ("override", _("The default domain applies to both "
                                                   "families; --family needs --interface or "
                                                   "--connection"));
          return ALTOSCOPE_EXIT_USAGE;
        }
      had = altoscope_overrides_clear (overrides, scope, key, family ? &fam : NULL);

      g_settings_sync ();
      if (had)
        g_print (_("Override cleared for %s\n"), what);
      else
        g_print (_("There was no override for %s\n"), what);
      return 0;
    }

  if (g_str_equal (verb, "list"))
    {
      g_autoptr(GPtrArray) entries_list = altoscope_overrides_list (overrides);

      if (argc != 2)
        {
          altoscope_cli_usage_error ("override", _("“list” takes no argument"));
          return ALTOSCOPE_EXIT_USAGE;
        }
      if (json)
        {
          g_autoptr(JsonBuilder) b = json_builder_new ();
          g_autoptr(JsonNode) root = NULL;
          g_autofree char *text = NULL;

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "overrides");
          json_builder_begin_array (b);
          for (guint i = 0; i < entries_list->len; i++)
            {
              AltoscopeOverrideEntry *e = entries_list->pdata[i];
              json_builder_begin_object (b);
              json_builder_set_member_name (b, "scope");
              json_builder_add_string_value (b, altoscope_scope_to_string (e->scope));
              altoscope_json_add_string_or_null (b, e->scope == ALTOSCOPE_SCOPE_CONNECTION
                                                      ? "connection" : "interface", e->key);
              altoscope_json_add_string_or_null (b, "family", e->family);
              json_builder_set_member_name (b, "domain");
              json_builder_add_string_value (b, e->domain);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
          json_builder_end_object (b);
          root = json_builder_get_root (b);
          text = altoscope_json_to_string (root, TRUE);
          g_print ("%s\n", text);
        }
      else if (entries_list->len == 0)
        g_print ("%s\n", _("No overrides are set; domains come from DHCP."));
      else
        for (guint i = 0; i < entries_list->len; i++)
          {
            AltoscopeOverrideEntry *e = entries_list->pdata[i];
            g_autofree char *what = describe (e->scope, e->key, e->family);
            g_print ("%-60s %s\n", what, e->domain);
          }
      return 0;
    }

  {
    g_autofree char *msg = g_strdup_printf (_("Unknown action “%s”"), verb);
    altoscope_cli_usage_error ("override", msg);
  }
  print_usage ();
  return ALTOSCOPE_EXIT_USAGE;
}
