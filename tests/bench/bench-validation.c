/* bench-validation.c: a pair's validated discovery, run again in the same
 * process, as the window and `watch` run it (bench.py --only validation).
 *
 * One link (the bench's client end: its address, the lab's resolver as its
 * DNS server, the domain as DHCP option 15), the program's own transports
 * (validation on, from the lab's anchor file), the retry memory ignored.
 * The first run starts from an empty libunbound cache; each run after it
 * (altoscope_scheduler_refresh) uses the transport the pair kept.  Prints
 * one line of JSON: {"first": ms, "again": [ms, …], "dnssec": "…",
 * "validator": "…"}, each the target's own elapsed_ms.
 *
 * Usage: bench-validation IFACE ADDR/PREFIX SERVER DOMAIN ANCHOR-FILE RUNS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>

#include "altoscope-scheduler.h"

static void
settle (AltoscopeScheduler *s)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  do
    g_main_context_iteration (NULL, TRUE);
  while (!altoscope_scheduler_get_settled (s) && g_get_monotonic_time () < end);
}

static AltoscopeTarget *
run_once (AltoscopeScheduler *s,
          const char         *key,
          gboolean            again)
{
  AltoscopePair *pair;

  if (again)
    altoscope_scheduler_refresh (s, key);
  settle (s);
  pair = altoscope_scheduler_find_pair (s, key);
  if (pair == NULL || altoscope_pair_get_report (pair) == NULL)
    {
      fprintf (stderr, "bench-validation: no result for %s\n", key);
      exit (1);
    }
  return altoscope_pair_get_report (pair);
}

int
main (int argc, char **argv)
{
  g_autoptr(GListStore) links = g_list_store_new (ALTOSCOPE_TYPE_LINK);
  g_autoptr(GHashTable) dhcp = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(AltoscopeOverrides) overrides = NULL;
  g_autoptr(AltoscopeScheduler) s = NULL;
  g_autoptr(AltoscopeLink) link = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  AltoscopeTarget *target;
  int runs;

  if (argc != 7)
    {
      fprintf (stderr, "usage: %s IFACE ADDR/PREFIX SERVER DOMAIN ANCHOR-FILE RUNS\n", argv[0]);
      return 2;
    }
  runs = atoi (argv[6]);
  overrides = altoscope_overrides_new_default (&error);
  if (overrides == NULL)
    {
      fprintf (stderr, "bench-validation: %s\n", error->message);
      return 1;
    }
  link = altoscope_link_new (argv[1], "ethernet");
  altoscope_link_set_addresses (link, ALTOSCOPE_FAMILY_IPV4, (const char *[]) { argv[2], NULL });
  altoscope_link_set_dns (link, ALTOSCOPE_FAMILY_IPV4, (const char *[]) { argv[3], NULL });
  g_hash_table_insert (dhcp, "domain_name", argv[4]);
  altoscope_link_set_dhcp_options (link, ALTOSCOPE_FAMILY_IPV4, dhcp);
  g_list_store_append (links, link);
  key = altoscope_scheduler_pair_key (link, ALTOSCOPE_FAMILY_IPV4);

  s = altoscope_scheduler_new (G_LIST_MODEL (links), overrides, NULL, 5000);
  altoscope_scheduler_set_validation (s, TRUE, (const char *[]) { argv[5], NULL });
  altoscope_scheduler_set_ignore_backoff (s, TRUE);

  target = run_once (s, key, FALSE);
  printf ("{\"first\": %.2f, \"again\": [", altoscope_target_get_elapsed_ms (target));
  for (int i = 0; i < runs; i++)
    {
      target = run_once (s, key, TRUE);
      printf ("%s%.2f", i ? ", " : "", altoscope_target_get_elapsed_ms (target));
    }
  printf ("], \"uris\": %u, \"dnssec\": \"%s\", \"validator\": \"%s\"}\n",
          altoscope_target_get_uris (target) ? altoscope_target_get_uris (target)->len : 0,
          altoscope_dnssec_to_string (altoscope_target_get_dnssec (target)),
          altoscope_dnssec_validator_to_string (altoscope_target_get_dnssec_validator (target)));
  return 0;
}
