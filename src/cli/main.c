/* main.c: altoscope-cli
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <glib/gi18n.h>

#include "altoscope-cli.h"
#include "altoscope-i18n.h"

static void
print_usage (FILE *out)
{
  fprintf (out, "%s", _("Usage: altoscope-cli COMMAND [OPTION…]\n"
                        "\n"
                        "Find ALTO servers the way RFC 7286 says a client must.\n"
                        "\n"
                        "Commands:\n"
                        "  discover   Find the ALTO servers of a domain, or of every\n"
                        "             interface and address family\n"
                        "  interfaces Show interfaces, DHCP options and the domain each uses\n"
                        "  watch      Keep discovering as the network changes\n"
                        "  check      Fetch an ALTO server's directory and check it\n"
                        "  dhcp-query Ask the DHCP servers for options 213, 15 and 57 directly\n"
                        "  override   Set, clear or list the domains you choose\n"
                        "  show       Show a report someone sent, checked\n"
                        "  diff       Compare two reports, or one with this computer now\n"
                        "  help       Show this help\n"
                        "  version    Show the version\n"
                        "\n"
                        "“altoscope-cli COMMAND --help” shows a command's options.\n"
                        "Exit status: 0 a server was found, 1 none was found, 2 bad usage.\n"));
}

int
main (int    argc,
      char **argv)
{
  const char *command;

  altoscope_i18n_init ();
  g_set_prgname ("altoscope-cli");

  if (argc < 2)
    {
      print_usage (stderr);
      return ALTOSCOPE_EXIT_USAGE;
    }

  command = argv[1];
  if (g_str_equal (command, "discover"))
    return altoscope_cli_discover (argc - 1, argv + 1);
  if (g_str_equal (command, "interfaces"))
    return altoscope_cli_interfaces (argc - 1, argv + 1);
  if (g_str_equal (command, "watch"))
    return altoscope_cli_watch (argc - 1, argv + 1);
  if (g_str_equal (command, "check"))
    return altoscope_cli_check (argc - 1, argv + 1);
  if (g_str_equal (command, "dhcp-query"))
    return altoscope_cli_dhcp_query (argc - 1, argv + 1);
  if (g_str_equal (command, "override"))
    return altoscope_cli_override (argc - 1, argv + 1);
  if (g_str_equal (command, "show"))
    return altoscope_cli_show (argc - 1, argv + 1);
  if (g_str_equal (command, "diff"))
    return altoscope_cli_diff (argc - 1, argv + 1);
  if (g_str_equal (command, "help") || g_str_equal (command, "--help")
      || g_str_equal (command, "-h"))
    {
      print_usage (stdout);
      return 0;
    }
  if (g_str_equal (command, "version") || g_str_equal (command, "--version"))
    {
      g_print ("altoscope-cli %s\n", PACKAGE_VERSION);
      return 0;
    }

  {
    g_autofree char *msg = g_strdup_printf (_("Unknown command “%s”"), command);
    g_printerr ("altoscope-cli: %s\n", msg);
    print_usage (stderr);
  }
  return ALTOSCOPE_EXIT_USAGE;
}
