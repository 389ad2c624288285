/* Unit tests: one (link, family) pair — its set-up (step 1, then the
 * transport: altoscope_pair_prepare), the fingerprint that decides when it
 * runs again, and the pair object's notifications — and the DHCP answers
 * kept per pair (altoscope-dhcp-cache.c) with an asker of the test's own.
 * No root, no server: links are made here, the transport is scripted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "altoscope-dhcp-cache.h"
#include "altoscope-pair.h"
#include "altoscope-pair-setup.h"
#include "altoscope-validator.h"
#include "scripted-transport.h"
#include "test-tmpdir.h"

typedef struct
{
  guint made;
  const char * const *servers;   /* as last given */
  char *interface;
  gboolean fail;
} Factory;

static AltoscopeTransport *
factory_cb (const char * const  *servers,
            const char          *interface,
            guint                timeout_ms,
            gpointer             data,
            GError             **error)
{
  Factory *f = data;

  f->made++;
  f->servers = servers;
  g_free (f->interface);
  f->interface = g_strdup (interface);
  if (f->fail)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "no socket for you");
      return NULL;
    }
  return ALTOSCOPE_TRANSPORT (scripted_transport_new ());
}

/* Step 2's transport made by factory_cb, with @f. */
static const AltoscopeTransportSetup *
setup_for (Factory *f)
{
  static AltoscopeTransportSetup setup;

  setup = (AltoscopeTransportSetup) { .factory = factory_cb, .factory_data = f,
                                      .timeout_ms = 1000 };
  return &setup;
}

static AltoscopeLink *
make_link (const char *name,
           const char *option15)
{
  AltoscopeLink *link = altoscope_link_new (name, "ethernet");
  const char *a4[] = { "192.0.2.5/24", NULL };
  const char *a6[] = { "2001:db8::5/64", NULL };
  const char *dns[] = { "192.0.2.53", NULL };
  g_autoptr(GHashTable) dhcp = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (option15 != NULL)
    g_hash_table_insert (dhcp, g_strdup ("domain_name"), g_strdup (option15));
  g_hash_table_insert (dhcp, g_strdup ("expiry"), g_strdup ("1700000000"));
  altoscope_link_set_addresses (link, ALTOSCOPE_FAMILY_IPV4, a4);
  altoscope_link_set_addresses (link, ALTOSCOPE_FAMILY_IPV6, a6);
  altoscope_link_set_dns (link, ALTOSCOPE_FAMILY_IPV4, dns);
  altoscope_link_set_dhcp_options (link, ALTOSCOPE_FAMILY_IPV4, dhcp);
  return link;
}

static AltoscopeOverrides *
memory_overrides (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.altoscope.Altoscope");
  AltoscopeOverrides *overrides = altoscope_overrides_new (settings);
  const AltoscopeFamily v4 = ALTOSCOPE_FAMILY_IPV4;

  altoscope_overrides_clear (overrides, ALTOSCOPE_SCOPE_INTERFACE, "eth0", &v4);
  altoscope_overrides_clear (overrides, ALTOSCOPE_SCOPE_INTERFACE, "eth0", NULL);
  altoscope_overrides_clear (overrides, ALTOSCOPE_SCOPE_DEFAULT, NULL, NULL);
  return overrides;
}

/* Step 1 then the transport: the domain of option 15, the interface's own
 * DNS servers, sent from the interface. */
static void
test_prepare_from_dhcp (void)
{
  g_autoptr(AltoscopeLink) link = make_link ("eth0", "corp.example");
  g_autoptr(AltoscopeOverrides) overrides = memory_overrides ();
  g_autoptr(AltoscopeTransport) transport = NULL;
  Factory f = { 0 };
  g_autoptr(AltoscopeTarget) t = altoscope_pair_prepare (link, ALTOSCOPE_FAMILY_IPV4, overrides,
                                                         NULL, setup_for (&f), NULL,
                                                         &transport);

  g_assert_cmpstr (altoscope_target_get_domain (t), ==, "corp.example");
  g_assert_cmpstr (altoscope_target_get_domain_source (t), ==, "dhcp4-option-15");
  g_assert_nonnull (transport);
  g_assert_cmpuint (f.made, ==, 1);
  g_assert_cmpstr (f.interface, ==, "eth0");
  g_assert_false (altoscope_target_get_failed (t));
  g_free (f.interface);
}

/* IPv6 has no fallback to option 15 (RFC 7286 §3.1): no domain, no
 * transport, the failure named at step "domain". */
static void
test_prepare_without_domain (void)
{
  g_autoptr(AltoscopeLink) link = make_link ("eth0", "corp.example");
  g_autoptr(AltoscopeOverrides) overrides = memory_overrides ();
  g_autoptr(AltoscopeTransport) transport = NULL;
  Factory f = { 0 };
  g_autoptr(AltoscopeTarget) t = altoscope_pair_prepare (link, ALTOSCOPE_FAMILY_IPV6, overrides,
                                                         NULL, setup_for (&f), NULL,
                                                         &transport);

  g_assert_true (altoscope_target_get_failed (t));
  g_assert_cmpint (altoscope_target_get_error_code (t), ==, ALTOSCOPE_ERROR_NO_DOMAIN);
  g_assert_cmpstr (altoscope_target_get_error_step (t), ==, "domain");
  g_assert_null (transport);
  g_assert_cmpuint (f.made, ==, 0);
}

/* An override comes before DHCP; a transport that cannot be made is a
 * network failure at step "naptr", with the reason. */
static void
test_prepare_override_and_transport_failure (void)
{
  g_autoptr(AltoscopeLink) link = make_link ("eth0", "corp.example");
  g_autoptr(AltoscopeOverrides) overrides = memory_overrides ();
  g_autoptr(AltoscopeTransport) transport = NULL;
  g_autoptr(GError) error = NULL;
  Factory f = { .fail = TRUE };
  g_autoptr(AltoscopeTarget) t = NULL;

  g_assert_true (altoscope_overrides_set (overrides, ALTOSCOPE_SCOPE_INTERFACE, "eth0", NULL,
                                          "override.example", &error));
  g_assert_no_error (error);
  t = altoscope_pair_prepare (link, ALTOSCOPE_FAMILY_IPV4, overrides, NULL, setup_for (&f), NULL,
                              &transport);
  g_assert_cmpstr (altoscope_target_get_domain (t), ==, "override.example");
  g_assert_cmpstr (altoscope_target_get_domain_source (t), ==, "override-interface");
  g_assert_null (transport);
  g_assert_true (altoscope_target_get_failed (t));
  g_assert_cmpint (altoscope_target_get_error_code (t), ==, ALTOSCOPE_ERROR_NETWORK);
  g_assert_cmpstr (altoscope_target_get_error_step (t), ==, "naptr");
  g_assert_nonnull (strstr (altoscope_target_get_error_message (t), "no socket for you"));
  g_free (f.interface);
}

/* What makes a pair run again: addresses, DNS servers, the ALTO options,
 * the override; not a DHCP option that says nothing to ALTO. */
static void
test_fingerprint (void)
{
  g_autoptr(AltoscopeLink) link = make_link ("eth0", "corp.example");
  g_autoptr(AltoscopeOverrides) overrides = memory_overrides ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = altoscope_pair_fingerprint (link, ALTOSCOPE_FAMILY_IPV4, overrides,
                                                        NULL);
  g_autofree char *same = NULL, *other_dns = NULL, *other_domain = NULL, *overridden = NULL;
  const char *dns[] = { "192.0.2.54", NULL };
  g_autoptr(GHashTable) dhcp = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_hash_table_insert (dhcp, g_strdup ("domain_name"), g_strdup ("corp.example"));
  g_hash_table_insert (dhcp, g_strdup ("expiry"), g_strdup ("1800000000"));
  altoscope_link_set_dhcp_options (link, ALTOSCOPE_FAMILY_IPV4, dhcp);
  same = altoscope_pair_fingerprint (link, ALTOSCOPE_FAMILY_IPV4, overrides, NULL);
  g_assert_cmpstr (same, ==, before);

  altoscope_link_set_dns (link, ALTOSCOPE_FAMILY_IPV4, dns);
  other_dns = altoscope_pair_fingerprint (link, ALTOSCOPE_FAMILY_IPV4, overrides, NULL);
  g_assert_cmpstr (other_dns, !=, before);

  g_hash_table_insert (dhcp, g_strdup ("domain_name"), g_strdup ("lab.example"));
  altoscope_link_set_dhcp_options (link, ALTOSCOPE_FAMILY_IPV4, dhcp);
  other_domain = altoscope_pair_fingerprint (link, ALTOSCOPE_FAMILY_IPV4, overrides, NULL);
  g_assert_cmpstr (other_domain, !=, other_dns);

  g_assert_true (altoscope_overrides_set (overrides, ALTOSCOPE_SCOPE_DEFAULT, NULL, NULL,
                                          "default.example", &error));
  overridden = altoscope_pair_fingerprint (link, ALTOSCOPE_FAMILY_IPV4, overrides, NULL);
  g_assert_cmpstr (overridden, !=, other_domain);
}

#if DEVELOPMENT
/* A kept validator whose worker thread died (UB_PIPE) would fail every
 * query from then on: the next run makes a new one instead. */
static void
test_broken_validator_is_not_kept (void)
{
  g_autoptr(AltoscopeLink) link = make_link ("eth0", "corp.example");
  g_autoptr(AltoscopeOverrides) overrides = memory_overrides ();
  g_autofree char *dir = test_tmpdir_new ("altoscope-pair-XXXXXX");
  g_autofree char *anchor = g_build_filename (dir, "lab.key", NULL);
  const char *anchors[] = { anchor, NULL };
  AltoscopeTransportSetup setup = { .validate = TRUE, .anchor_files = anchors,
                                    .validator_flags = ALTOSCOPE_VALIDATOR_NO_ROOT_ANCHOR,
                                    .timeout_ms = 1000 };
  AltoscopeKeptTransport kept = { 0 };
  AltoscopeTransport *first = NULL, *again = NULL, *renewed = NULL;

  g_assert_true (g_file_set_contents (anchor, "corp.example. IN DS 12345 13 2 "
                                      "0123456789abcdef0123456789abcdef0123456789abcdef"
                                      "0123456789abcdef\n", -1, NULL));
  g_object_unref (altoscope_pair_prepare (link, ALTOSCOPE_FAMILY_IPV4, overrides, NULL, &setup,
                                          &kept, &first));
  g_assert_true (ALTOSCOPE_IS_VALIDATOR (first));
  g_object_unref (altoscope_pair_prepare (link, ALTOSCOPE_FAMILY_IPV4, overrides, NULL, &setup,
                                          &kept, &again));
  g_assert_true (again == first);   /* kept while it works */

  altoscope_validator_simulate_broken (ALTOSCOPE_VALIDATOR (first));
  g_object_unref (altoscope_pair_prepare (link, ALTOSCOPE_FAMILY_IPV4, overrides, NULL, &setup,
                                          &kept, &renewed));
  g_assert_true (ALTOSCOPE_IS_VALIDATOR (renewed));
  g_assert_true (renewed != first);
  g_assert_false (altoscope_validator_is_broken (ALTOSCOPE_VALIDATOR (renewed)));
  g_assert_true (kept.transport == renewed);

  g_object_unref (first);
  g_object_unref (again);
  g_object_unref (renewed);
  altoscope_kept_transport_clear (&kept);
}
#endif

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              GString    *names)
{
  g_string_append_printf (names, "%s ", pspec->name);
}

/* The pair object: its state follows its report, each change notified. */
static void
test_pair_notifies (void)
{
  g_autoptr(AltoscopeLink) link = make_link ("eth0", "corp.example");
  g_autoptr(AltoscopePair) pair = _altoscope_pair_new ("eth0/ipv4", "eth0", link,
                                                       ALTOSCOPE_FAMILY_IPV4);
  g_autoptr(AltoscopeOverrides) overrides = memory_overrides ();
  g_autoptr(AltoscopeTransport) transport = NULL;
  Factory f = { 0 };
  g_autoptr(AltoscopeTarget) failed = altoscope_pair_prepare (link, ALTOSCOPE_FAMILY_IPV6,
                                                              overrides, NULL, setup_for (&f), NULL,
                                                              &transport);
  g_autoptr(GString) names = g_string_new (NULL);
  GCancellable *running, *superseded;

  g_assert_cmpstr (altoscope_pair_get_key (pair), ==, "eth0/ipv4");
  g_assert_true (altoscope_pair_get_link (pair) == link);
  g_signal_connect (pair, "notify", G_CALLBACK (count_notify), names);

  running = _altoscope_pair_start_run (pair);
  g_assert_cmpint (altoscope_pair_get_state (pair), ==, ALTOSCOPE_PAIR_DISCOVERING);
  g_assert_true (_altoscope_pair_get_running (pair));
  g_assert_true (_altoscope_pair_finish_run (pair, running, failed));
  g_assert_false (_altoscope_pair_get_running (pair));
  g_assert_true (_altoscope_pair_get_result (pair) == failed);
  g_assert_cmpint (altoscope_pair_get_state (pair), ==, ALTOSCOPE_PAIR_NO_DOMAIN);
  g_assert_true (altoscope_pair_get_report (pair) == failed);
  g_assert_nonnull (strstr (names->str, "state"));
  g_assert_nonnull (strstr (names->str, "report"));

  /* Setting the same report again changes nothing, and says nothing. */
  g_string_truncate (names, 0);
  _altoscope_pair_set_report (pair, failed);
  g_assert_cmpstr (names->str, ==, "");

  /* A run that a newer one superseded ends without a word: its result is
   * dropped (RFC 7286 §4.2), and stopping the pair cancels what runs. */
  superseded = g_object_ref (_altoscope_pair_start_run (pair));
  running = _altoscope_pair_start_run (pair);
  g_assert_true (g_cancellable_is_cancelled (superseded));
  g_assert_false (_altoscope_pair_finish_run (pair, superseded, failed));
  g_assert_null (_altoscope_pair_get_result (pair));
  _altoscope_pair_stop (pair);
  g_assert_false (_altoscope_pair_get_running (pair));
  g_object_unref (superseded);
  (void) running;
}

/* ---- the DHCP answers kept per pair ------------------------------------ */

typedef struct
{
  GTask *pending;             /* the question asked last, not yet answered */
  guint asked;
  AltoscopeDhcpQueryOptions last;
  char *last_interface;
} Asker;

static void
asker_cb (const AltoscopeDhcpQueryOptions *options,
          GCancellable                    *cancellable,
          GAsyncReadyCallback              callback,
          gpointer                         callback_data,
          gpointer                         user_data)
{
  Asker *a = user_data;

  a->asked++;
  g_free (a->last_interface);
  a->last_interface = g_strdup (options->interface);
  a->last = *options;
  g_clear_object (&a->pending);
  a->pending = g_task_new (NULL, cancellable, callback, callback_data);
}

static void
answer (Asker      *a,
        const char *domain,
        gint64      lifetime_s)
{
  AltoscopeDhcpAnswer *reply = altoscope_dhcp_answer_new (a->last_interface, a->last.family);

  if (domain != NULL)
    g_ptr_array_add (reply->values, altoscope_dhcp_value_decode (57, "option-57", domain));
  else
    altoscope_dhcp_answer_set_error (reply, ALTOSCOPE_DHCP_ERROR_TIMEOUT, "no answer", NULL);
  if (lifetime_s > 0)
    reply->lifetime_s = lifetime_s;
  g_task_return_pointer (a->pending, reply, (GDestroyNotify) altoscope_dhcp_answer_unref);
  g_clear_object (&a->pending);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
on_changed_cb (AltoscopeDhcpCache *cache,
               const char         *key,
               guint              *changes)
{
  (*changes)++;
}

static void
test_cache_keeps_and_drops (void)
{
  g_autoptr(AltoscopeDhcpCache) cache = altoscope_dhcp_cache_new ();
  g_autoptr(AltoscopeLink) link = make_link ("eth0", NULL);
  const char *other[] = { "2001:db8::6/64", NULL };
  Asker a = { 0 };
  guint changes = 0;
  AltoscopeDhcpAnswer *kept;

  altoscope_dhcp_cache_set_asker (cache, asker_cb, &a, NULL);
  g_signal_connect (cache, "changed", G_CALLBACK (on_changed_cb), &changes);
  g_assert_null (altoscope_dhcp_cache_lookup (cache, link, ALTOSCOPE_FAMILY_IPV6));

  altoscope_dhcp_cache_ask (cache, link, ALTOSCOPE_FAMILY_IPV6);
  g_assert_cmpuint (a.asked, ==, 1);
  g_assert_cmpstr (a.last_interface, ==, "eth0");
  g_assert_true (altoscope_dhcp_cache_get_asking (cache, link, ALTOSCOPE_FAMILY_IPV6));
  g_assert_true (altoscope_dhcp_cache_get_busy (cache));
  g_assert_cmpuint (changes, ==, 1);

  answer (&a, "alto.example", 600);
  g_assert_false (altoscope_dhcp_cache_get_asking (cache, link, ALTOSCOPE_FAMILY_IPV6));
  g_assert_false (altoscope_dhcp_cache_get_busy (cache));
  g_assert_cmpuint (changes, ==, 2);
  kept = altoscope_dhcp_cache_lookup (cache, link, ALTOSCOPE_FAMILY_IPV6);
  g_assert_nonnull (kept);
  g_assert_cmpstr (((AltoscopeDhcpValue *) kept->values->pdata[0])->domain, ==, "alto.example");
  /* Only for its own family. */
  g_assert_null (altoscope_dhcp_cache_lookup (cache, link, ALTOSCOPE_FAMILY_IPV4));

  /* The link changed: the answer was for the link as it was. */
  altoscope_link_set_addresses (link, ALTOSCOPE_FAMILY_IPV6, other);
  g_assert_null (altoscope_dhcp_cache_lookup (cache, link, ALTOSCOPE_FAMILY_IPV6));
  g_free (a.last_interface);
}

/* Asked again before the first answer came: the first answer is dropped,
 * and a failure is kept too (so that asking by itself does not repeat). */
static void
test_cache_superseded_and_failure (void)
{
  g_autoptr(AltoscopeDhcpCache) cache = altoscope_dhcp_cache_new ();
  g_autoptr(AltoscopeLink) link = make_link ("eth0", NULL);
  Asker a = { 0 };
  GTask *first;
  AltoscopeDhcpAnswer *kept;

  altoscope_dhcp_cache_set_asker (cache, asker_cb, &a, NULL);
  altoscope_dhcp_cache_ask (cache, link, ALTOSCOPE_FAMILY_IPV6);
  first = g_object_ref (a.pending);
  altoscope_dhcp_cache_ask (cache, link, ALTOSCOPE_FAMILY_IPV6);
  g_assert_true (g_cancellable_is_cancelled (g_task_get_cancellable (first)));
  {
    AltoscopeDhcpAnswer *late = altoscope_dhcp_answer_new ("eth0", ALTOSCOPE_FAMILY_IPV6);
    g_ptr_array_add (late->values, altoscope_dhcp_value_decode (57, "option-57", "old.example"));
    late->lifetime_s = 600;
    g_task_return_pointer (first, late, (GDestroyNotify) altoscope_dhcp_answer_unref);
    g_object_unref (first);
    while (g_main_context_iteration (NULL, FALSE))
      ;
  }
  g_assert_null (altoscope_dhcp_cache_lookup (cache, link, ALTOSCOPE_FAMILY_IPV6));
  g_assert_true (altoscope_dhcp_cache_get_asking (cache, link, ALTOSCOPE_FAMILY_IPV6));

  answer (&a, NULL, -1);
  kept = altoscope_dhcp_cache_lookup (cache, link, ALTOSCOPE_FAMILY_IPV6);
  g_assert_nonnull (kept);
  g_assert_cmpstr (kept->error_code, ==, "dhcp-timeout");

  altoscope_dhcp_cache_cancel_all (cache);
  g_free (a.last_interface);
}

/* What the lease says (pure): option 15 does not stand for 213. */
static void
test_lease_lacks_option (void)
{
  g_autoptr(AltoscopeLink) link = make_link ("eth0", "corp.example");
  g_autoptr(GHashTable) dhcp = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *server = NULL;
  gint64 lease = 0;

  g_assert_true (altoscope_dhcp_lease_lacks_option (link, ALTOSCOPE_FAMILY_IPV4));
  g_assert_true (altoscope_dhcp_lease_lacks_option (link, ALTOSCOPE_FAMILY_IPV6));
  g_hash_table_insert (dhcp, g_strdup ("v4_access_domain"), g_strdup ("example.net."));
  g_hash_table_insert (dhcp, g_strdup ("dhcp_server_identifier"), g_strdup ("192.0.2.1"));
  g_hash_table_insert (dhcp, g_strdup ("dhcp_lease_time"), g_strdup ("3600"));
  altoscope_link_set_dhcp_options (link, ALTOSCOPE_FAMILY_IPV4, dhcp);
  g_assert_false (altoscope_dhcp_lease_lacks_option (link, ALTOSCOPE_FAMILY_IPV4));
  altoscope_dhcp_lease_facts (link, ALTOSCOPE_FAMILY_IPV4, &server, &lease);
  g_assert_cmpstr (server, ==, "192.0.2.1");
  g_assert_cmpint (lease, ==, 3600);
}

int
main (int argc, char **argv)
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/pair/prepare-from-dhcp", test_prepare_from_dhcp);
  g_test_add_func ("/core/pair/prepare-without-domain", test_prepare_without_domain);
  g_test_add_func ("/core/pair/prepare-override-and-transport-failure",
                   test_prepare_override_and_transport_failure);
  g_test_add_func ("/core/pair/fingerprint", test_fingerprint);
  g_test_add_func ("/core/pair/notifies", test_pair_notifies);
#if DEVELOPMENT
  g_test_add_func ("/core/pair/broken-validator-is-not-kept", test_broken_validator_is_not_kept);
#endif
  g_test_add_func ("/core/dhcp-cache/keeps-and-drops", test_cache_keeps_and_drops);
  g_test_add_func ("/core/dhcp-cache/superseded-and-failure", test_cache_superseded_and_failure);
  g_test_add_func ("/core/dhcp-cache/lease-lacks-option", test_lease_lacks_option);
  return g_test_run ();
}
