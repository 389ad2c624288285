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

typedef struct
{
  AltoscopeCliOptions common;   /* --interface, --family, --json */
  char *connection;             /* --connection */
  AltoscopeScope scope;         /* from --interface and --connection */
  const char *key;              /* the interface or the connection; NULL: the default */
  const char *verb;             /* set, clear or list */
} OverrideArgs;

static void
override_args_clear (OverrideArgs *args)
{
  altoscope_cli_options_clear (&args->common);
  g_clear_pointer (&args->connection, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OverrideArgs, override_args_clear)

static int
usage_error (const char *message)
{
  altoscope_cli_usage_error ("override", message);
  return ALTOSCOPE_EXIT_USAGE;
}

static gboolean
parse_args (OverrideArgs   *args,
            int            *argc,
            char         ***argv)
{
  AltoscopeCliOptions *common = &args->common;
  GOptionEntry entries[] = {
    altoscope_cli_interface_entry (common, N_("For this interface")),
    { "connection", 'c', 0, G_OPTION_ARG_STRING, &args->connection,
      N_("For this NetworkManager connection (a VPN's override follows it)"), N_("UUID") },
    altoscope_cli_family_entry (common, N_("Only for this family: ipv4 or ipv6")),
    altoscope_cli_json_entry (common, N_("With list: print JSON")),
    { NULL }
  };

  if (!altoscope_cli_options_parse (common, _("set DOMAIN | clear | list"),
                                    _("Manage the domains you set for ALTO discovery."),
                                    entries, argc, argv))
    return FALSE;
  if (*argc < 2)
    {
      print_usage ();
      return FALSE;
    }
  args->verb = (*argv)[1];
  if (common->interface != NULL && args->connection != NULL)
    {
      usage_error (_("Give --interface or --connection, not both"));
      return FALSE;
    }
  args->scope = common->interface ? ALTOSCOPE_SCOPE_INTERFACE
              : args->connection ? ALTOSCOPE_SCOPE_CONNECTION
              : ALTOSCOPE_SCOPE_DEFAULT;
  args->key = common->interface ? common->interface : args->connection;
  return TRUE;
}

static const AltoscopeFamily *
family_of (const OverrideArgs *args)
{
  return args->common.family_name ? &args->common.family : NULL;
}

static int
set_override (const OverrideArgs *args,
              AltoscopeOverrides *overrides,
              int                 argc,
              char              **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *what = NULL;
  g_autofree char *normalized = NULL;

  if (argc != 3)
    return usage_error (_("“set” takes exactly one DOMAIN"));
  if (!altoscope_overrides_set (overrides, args->scope, args->key, family_of (args), argv[2],
                                &error))
    return usage_error (error->message);
  /* The process ends next: the write must be on disk first.  (The
   * window never waits for it: the backend writes in the background.) */
  g_settings_sync ();
  what = describe (args->scope, args->key, args->common.family_name);
  normalized = altoscope_domain_normalize (argv[2], NULL);
  g_print (_("Override set for %s: %s\n"), what, normalized);
  if (altoscope_domain_is_home_gateway_like (normalized))
    g_printerr (_("Note: “%s” looks like a home gateway's own domain; such names rarely "
                  "publish ALTO (RFC 7286 §4.1).\n"), normalized);
  return 0;
}

static int
clear_override (const OverrideArgs *args,
                AltoscopeOverrides *overrides,
                int                 argc)
{
  g_autofree char *what = describe (args->scope, args->key, args->common.family_name);
  gboolean had;

  if (argc != 2)
    return usage_error (_("“clear” takes no DOMAIN"));
  if (args->scope == ALTOSCOPE_SCOPE_DEFAULT && args->common.family_name != NULL)
    return usage_error (_("The default domain applies to both families; --family needs "
                          "--interface or --connection"));
  had = altoscope_overrides_clear (overrides, args->scope, args->key, family_of (args));

  g_settings_sync ();
  if (had)
    g_print (_("Override cleared for %s\n"), what);
  else
    g_print (_("There was no override for %s\n"), what);
  return 0;
}

static void
print_list_json (GPtrArray *entries)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "overrides");
  json_builder_begin_array (b);
  for (guint i = 0; i < entries->len; i++)
    {
      AltoscopeOverrideEntry *e = entries->pdata[i];
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

static int
list_overrides (const OverrideArgs *args,
                AltoscopeOverrides *overrides,
                int                 argc)
{
  g_autoptr(GPtrArray) entries = altoscope_overrides_list (overrides);

  if (argc != 2)
    return usage_error (_("“list” takes no argument"));
  if (args->common.json)
    print_list_json (entries);
  else if (entries->len == 0)
    g_print ("%s\n", _("No overrides are set; domains come from DHCP."));
  else
    for (guint i = 0; i < entries->len; i++)
      {
        AltoscopeOverrideEntry *e = entries->pdata[i];
        g_autofree char *what = describe (e->scope, e->key, e->family);
        g_print ("%-60s %s\n", what, e->domain);
      }
  return 0;
}

int
altoscope_cli_override (int    argc,
                        char **argv)
{
  g_auto(OverrideArgs) args = { .common = ALTOSCOPE_CLI_OPTIONS_INIT ("override", TRUE) };
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeOverrides) overrides = NULL;

  if (!parse_args (&args, &argc, &argv))
    return ALTOSCOPE_EXIT_USAGE;

  overrides = altoscope_overrides_new_default (&error);
  if (overrides == NULL)
    {
      g_printerr ("altoscope-cli override: %s\n", error->message);
      return ALTOSCOPE_EXIT_USAGE;
    }

  if (g_str_equal (args.verb, "set"))
    return set_override (&args, overrides, argc, argv);
  if (g_str_equal (args.verb, "clear"))
    return clear_override (&args, overrides, argc);
  if (g_str_equal (args.verb, "list"))
    return list_overrides (&args, overrides, argc);

  {
    g_autofree char *msg = g_strdup_printf (_("Unknown action “%s”"), args.verb);
    altoscope_cli_usage_error ("override", msg);
  }
  print_usage ();
  return ALTOSCOPE_EXIT_USAGE;
}
