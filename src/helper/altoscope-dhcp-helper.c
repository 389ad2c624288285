/* altoscope-dhcp-helper: the one thing the window needs administrator rights
 * for, started with pkexec under the polkit action
 * org.altoscope.Altoscope.dhcp-query: ask the DHCP server on one interface
 * for the ALTO options (DHCPINFORM or Information-Request) and print the
 * decoded answer as JSON (schema altoscope-dhcp-query/1).
 *
 * Arguments are checked strictly, before anything is sent: exactly
 * "--interface NAME --family ipv4|ipv6", in either order, each once; NAME an
 * interface that exists.  No environment variable, file or setting is read.
 * Exit: 0 answered, 1 not answered (the JSON says why), 2 refused arguments
 * (nothing sent, nothing on stdout).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "altoscope-dhcp-query.h"
#include "altoscope-report.h"

typedef struct
{
  GMainLoop *loop;
  AltoscopeDhcpAnswer *answer;
} Run;

static int
refuse (const char *why)
{
  fprintf (stderr, "altoscope-dhcp-helper: %s\n"
                   "usage: altoscope-dhcp-helper --interface NAME --family ipv4|ipv6\n", why);
  return 2;
}

static void
on_answer_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Run *run = data;

  run->answer = altoscope_dhcp_query_finish (result, NULL);
  g_main_loop_quit (run->loop);
}

int
main (int    argc,
      char **argv)
{
  const char *interface = NULL, *family = NULL;
  AltoscopeDhcpQueryOptions options = { 0 };
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  Run run = { 0 };
  int status;

  if (argc != 5)
    return refuse ("exactly two options with a value each are taken");
  for (int i = 1; i < argc; i += 2)
    {
      const char **slot;
      if (strcmp (argv[i], "--interface") == 0)
        slot = &interface;
      else if (strcmp (argv[i], "--family") == 0)
        slot = &family;
      else
        return refuse ("unknown argument");
      if (*slot != NULL)
        return refuse ("an option is given twice");
      *slot = argv[i + 1];
    }
  if (interface == NULL || family == NULL)
    return refuse ("--interface and --family are both needed");
  if (!altoscope_interface_name_is_valid (interface) || if_nametoindex (interface) == 0)
    return refuse ("no such interface");
  if (strcmp (family, "ipv4") == 0)
    options.family = ALTOSCOPE_FAMILY_IPV4;
  else if (strcmp (family, "ipv6") == 0)
    options.family = ALTOSCOPE_FAMILY_IPV6;
  else
    return refuse ("--family takes ipv4 or ipv6");

  options.interface = interface;
  /* No lease to name a server: DHCPINFORM is broadcast (RFC 2131 §4.4.3). */
  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  altoscope_dhcp_query_async (&options, NULL, on_answer_cb, &run);
  g_main_loop_run (loop);

  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "schema");
  json_builder_add_string_value (b, ALTOSCOPE_DHCP_QUERY_SCHEMA);
  json_builder_set_member_name (b, "queries");
  json_builder_begin_array (b);
  json_builder_add_value (b, altoscope_dhcp_answer_to_json (run.answer));
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = altoscope_json_to_string (root, FALSE);
  printf ("%s\n", text);
  status = altoscope_dhcp_answer_get_failed (run.answer) ? 1 : 0;
  altoscope_dhcp_answer_unref (run.answer);
  return status;
}
