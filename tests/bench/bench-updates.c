/* bench-updates: main-loop time spent per update of one pair, with 1 and
 * with 16 pairs on screen, each answering 600 NAPTR records.  Run by
 * tests/bench/bench.py (it needs a display); prints figures, asserts
 * nothing.
 *
 * The widgets are the window's own: a sidebar of AltoscopeSidebarRow bound
 * to the links, and an AltoscopeFamilyView bound to the pair that runs
 * again.  The transport is the scripted one of the unit tests, so the
 * figure is the program's work, not the network's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>

#include "altoscope-family-view.h"
#include "altoscope-sidebar-row.h"
#include "scripted-transport.h"
#include "../unit/test-tmpdir.h"

static ScriptedTransport *transport;

static AltoscopeTransport *
factory (const char * const *servers, const char *iface, guint ms, gpointer data, GError **error)
{
  return g_object_ref (ALTOSCOPE_TRANSPORT (transport));
}

static GtkWidget *
create_row (gpointer item, gpointer data)
{
  return altoscope_sidebar_row_new (data, item);
}

static AltoscopeLink *
make_link (guint i)
{
  g_autofree char *name = g_strdup_printf ("eth%u", i);
  g_autofree char *domain = g_strdup_printf ("d%u.test", i);
  AltoscopeLink *link = altoscope_link_new (name, "ethernet");
  const char *a4[] = { "192.0.2.5/24", NULL };
  const char *dns[] = { "192.0.2.53", NULL };
  g_autoptr(GHashTable) dhcp = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_hash_table_insert (dhcp, g_strdup ("domain_name"), g_steal_pointer (&domain));
  altoscope_link_set_addresses (link, ALTOSCOPE_FAMILY_IPV4, a4);
  altoscope_link_set_dns (link, ALTOSCOPE_FAMILY_IPV4, dns);
  altoscope_link_set_dhcp_options (link, ALTOSCOPE_FAMILY_IPV4, dhcp);
  return link;
}

/* Runs the main loop without sleeping until @done, adding up the time
 * iterations spend working (an iteration that only waited costs ~0). */
static double
busy_until (gboolean (*done) (gpointer), gpointer data)
{
  double busy = 0;
  while (!done (data))
    {
      gint64 t0 = g_get_monotonic_time ();
      gboolean worked = g_main_context_iteration (NULL, FALSE);
      gint64 t1 = g_get_monotonic_time ();
      if (worked)
        busy += (t1 - t0) / 1000.0;
      else
        g_usleep (200);
    }
  return busy;
}

static gboolean
settled (gpointer s)
{
  return altoscope_scheduler_get_settled (s);
}

typedef struct { AltoscopePair *pair; guint results; } Count;

static void
on_notify_report (Count *c)
{
  c->results++;
}

static gboolean
got_result (gpointer data)
{
  Count *c = data;
  return c->results > 0 && altoscope_pair_get_state (c->pair) != ALTOSCOPE_PAIR_DISCOVERING;
}

typedef struct { AltoscopeScheduler *s; guint *results; guint want; } All;

static void
on_result (guint *results)
{
  (*results)++;
}

static gboolean
got_all (gpointer data)
{
  All *a = data;
  return *a->results >= a->want && altoscope_scheduler_get_running (a->s) == 0;
}

/* Per update: with @all, every pair runs again each round and the time is
 * divided by the updates; else only eth0's pair runs again. */
static double
run (guint n_links, guint rounds, gboolean all)
{
  g_autoptr(GListStore) links = g_list_store_new (ALTOSCOPE_TYPE_LINK);
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeOverrides) overrides = altoscope_overrides_new_default (&error);
  g_autoptr(AltoscopeScheduler) s = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *sidebar = gtk_list_box_new ();
  AltoscopeFamilyView *view = g_object_new (ALTOSCOPE_TYPE_FAMILY_VIEW, NULL);
  Count c = { NULL, 0 };
  double total = 0;
  g_autoptr(AltoscopeLink) first = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < n_links; i++)
    {
      g_autoptr(AltoscopeLink) link = make_link (i);
      g_list_store_append (links, link);
    }
  s = altoscope_scheduler_new (G_LIST_MODEL (links), overrides, NULL, 5000);
  altoscope_scheduler_set_transport_factory (s, factory, NULL);
  gtk_list_box_bind_model (GTK_LIST_BOX (sidebar), G_LIST_MODEL (links), create_row, s, NULL);
  gtk_box_append (GTK_BOX (box), sidebar);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (view));
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  busy_until (settled, s);

  first = g_list_model_get_item (G_LIST_MODEL (links), 0);
  c.pair = altoscope_scheduler_find_pair (s, "dev:eth0/ipv4");
  altoscope_family_view_bind (view, ALTOSCOPE_FAMILY_IPV4, first, c.pair, NULL);
  g_signal_connect_swapped (c.pair, "notify::report", G_CALLBACK (on_notify_report), &c);
  busy_until (settled, s);

  if (all)
    {
      guint results = 0;
      All a = { s, &results, n_links };
      g_signal_connect_swapped (s, "result", G_CALLBACK (on_result), &results);
      for (guint r = 0; r < rounds; r++)
        {
          results = 0;
          altoscope_scheduler_refresh (s, NULL);
          total += busy_until (got_all, &a);
        }
      gtk_window_destroy (GTK_WINDOW (window));
      return total / (rounds * n_links);
    }
  for (guint r = 0; r < rounds; r++)
    {
      c.results = 0;
      altoscope_scheduler_refresh (s, "dev:eth0/ipv4");
      total += busy_until (got_result, &c);
    }
  gtk_window_destroy (GTK_WINDOW (window));
  return total / rounds;
}

int
main (int argc, char **argv)
{
  g_autofree char *config = test_tmpdir_new_for_program ("altoscope-bench-XXXXXX");
  guint rounds = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 30;
  double one, sixteen, one_all, sixteen_all;

  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  adw_init ();
  transport = scripted_transport_new ();
  scripted_transport_set_delay (transport, 0);
  for (guint d = 0; d < 16; d++)
    for (guint i = 0; i < 600; i++)
      {
        g_autofree char *owner = g_strdup_printf ("d%u.test", d);
        g_autofree char *re = g_strdup_printf ("!.*!https://192.0.2.%u/ird-%u!", 1 + i % 200, i);
        scripted_transport_add_naptr (transport, owner, 100, i, "u", "ALTO:https", re, ".");
      }

  run (1, 3, FALSE);   /* warm-up: types, icons, fonts */
  one = run (1, rounds, FALSE);
  sixteen = run (16, rounds, FALSE);
  one_all = run (1, rounds, TRUE);
  sixteen_all = run (16, rounds, TRUE);
  g_print ("Main-loop time per update of one pair (answers of 600 NAPTR records), %u rounds\n",
           rounds);
  g_print ("  one pair runs again, 1 pair on screen:    %7.2f ms\n", one);
  g_print ("  one pair runs again, 16 pairs on screen:  %7.2f ms   (ratio %.2f)\n", sixteen,
           sixteen / one);
  g_print ("  every pair runs again, 1 pair:            %7.2f ms per update\n", one_all);
  g_print ("  every pair runs again, 16 pairs:          %7.2f ms per update   (ratio %.2f)\n",
           sixteen_all, sixteen_all / one_all);
  return 0;
}
