/* altoscope-scheduler.c
 *
 * Takes a GListModel of links (the NetworkManager adapter provides one; a
 * test may provide another) and keeps a GListModel of pairs
 * (AltoscopePair), one per link and address family it has an address of.
 *
 * For every pair the set of inputs discovery depends on (addresses, DNS
 * servers, DHCP options, the override) is kept as a fingerprint.  When the
 * model or the overrides change (coalesced), exactly the pairs whose
 * fingerprint changed run again: the old lookup is cancelled and its result
 * dropped, never reused (RFC 7286 §4.2).  Pairs that went away are removed.
 *
 * A pair that failed for a passing reason (timeout, server failure, …) runs
 * again by itself once the wait before retrying is over.
 *
 * Each pair object changes in place (state, report, retry-at), so views
 * bound to it follow; the list changes only when pairs come or go.
 *
 * Checks (altoscope-check.c) of a pair's URIs run here too, so that they
 * follow the pair: sent from the pair's interface address, and cancelled
 * with the discovery they belong to when the network changes.  With
 * auto-check, every eligible URI is checked once its discovery finishes;
 * contacting a server is a network action, so it is off unless asked.
 * A check's verdict is kept by the target it is about.
 *
 * Signals: "result" (AltoscopePair, its report the new result) when a
 * pair's discovery finishes;
 * "started" (key, label) when one begins; "removed" (key, label); "settled"
 * when nothing runs any more after an update.  A pair's key is its link's
 * key (altoscope_link_dup_key: a VPN by its connection UUID) and family;
 * its label, "NAME/FAMILY", is what people read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "altoscope-discovery.h"
#include "altoscope-source.h"
#include "altoscope-scheduler.h"
#include "altoscope-pair.h"
#include "altoscope-check-runner.h"

#define UPDATE_DELAY_MS 200
#define DEFAULT_KEY ALTOSCOPE_SCHEDULER_DEFAULT_KEY

struct _AltoscopeScheduler
{
  GObject parent_instance;

  GListModel *model;          /* of AltoscopeLink */
  gboolean links_ready;       /* the model has been filled once */
  gboolean links_available;   /* FALSE: no source of links (NetworkManager away) */
  GListStore *pairs_model;    /* AltoscopePair */
  AltoscopeTransportFactory factory;   /* NULL: the program's own transports */
  gpointer factory_data;
  gboolean validate_allowed;  /* FALSE: --no-validate; else the setting decides */
  GStrv anchor_files;         /* trust anchors besides the root's */
  AltoscopeOverrides *overrides;
  AltoscopeBackoff *backoff;
  guint timeout_ms;
  char *filter_interface;
  char *filter_family;
  gboolean ignore_backoff;
  gboolean auto_check;
  char *check_ca_file;
  guint check_timeout_ms;
  AltoscopeDhcpCache *dhcp;   /* answers of DHCP servers asked directly */
  gboolean auto_ask_dhcp;
  gboolean retries;           /* FALSE: a failure is not tried again (the head start's) */
  AltoscopeHeadStart *head_start;  /* the first results, made on a thread */
  GPtrArray *waiting;         /* Wait: pairs whose first result may come from it */

  GHashTable *pairs;          /* key -> AltoscopePair (it keeps its run) */
  GSource *update;            /* the next update, on the thread-default context */
  gboolean first_update_done; /* later updates wait for a quiet moment */
  guint running;              /* discoveries and checks */
  gboolean settled;
};

G_DEFINE_FINAL_TYPE (AltoscopeScheduler, altoscope_scheduler, G_TYPE_OBJECT)

enum { RESULT, STARTED, REMOVED, SETTLED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* A new pair, in the list views are bound to. */
static AltoscopePair *
pair_new (AltoscopeScheduler *self,
          const char         *key,
          const char         *label,
          AltoscopeLink      *link,
          AltoscopeFamily     family)
{
  AltoscopePair *pair = _altoscope_pair_new (key, label, link, family);

  g_hash_table_insert (self->pairs, g_strdup (key), pair);
  g_list_store_append (self->pairs_model, pair);
  return pair;
}

typedef struct
{
  AltoscopeScheduler *self;     /* weak: see on_discovered_cb */
  AltoscopePair *pair;
  GCancellable *cancellable;
} Run;

static void
check_settled (AltoscopeScheduler *self)
{
  if (!self->settled && self->running == 0 && self->update == NULL && self->links_ready
      && !altoscope_dhcp_cache_get_busy (self->dhcp))
    {
      self->settled = TRUE;
      g_signal_emit (self, signals[SETTLED], 0);
    }
}

typedef struct
{
  AltoscopeScheduler *self;     /* weak */
  AltoscopePair *pair;
} Retry;

static void
retry_free (Retry *retry)
{
  if (retry->self != NULL)
    g_object_remove_weak_pointer (G_OBJECT (retry->self), (gpointer *) &retry->self);
  g_object_unref (retry->pair);
  g_free (retry);
}

static gboolean
retry_cb (gpointer data)
{
  Retry *retry = data;

  _altoscope_pair_retry_fired (retry->pair);
  if (retry->self != NULL)
    altoscope_scheduler_refresh (retry->self, altoscope_pair_get_key (retry->pair));
  return G_SOURCE_REMOVE;
}

/* ---- checks ------------------------------------------------------------- */

typedef struct
{
  AltoscopeScheduler *self;     /* weak */
  AltoscopePair *pair;
  AltoscopeTarget *target;
  char *uri;
  GCancellable *cancellable;
} CheckRun;

static void
on_checked_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  CheckRun *run = data;
  g_autoptr(AltoscopeCheck) check = altoscope_check_runner_check_finish (result);
  AltoscopeScheduler *self = run->self;
  gboolean current = !g_cancellable_is_cancelled (run->cancellable);

  if (current)
    _altoscope_pair_end_check (run->pair, run->uri, run->cancellable);
  if (self != NULL)
    {
      self->running--;
      check_settled (self);
      g_object_remove_weak_pointer (G_OBJECT (self), (gpointer *) &run->self);
    }
  g_object_unref (run->pair);
  g_object_unref (run->target);
  g_object_unref (run->cancellable);
  g_free (run->uri);
  g_free (run);
}

static void
start_check (AltoscopeScheduler *self,
             AltoscopePair      *pair,
             const char         *uri)
{
  AltoscopeTarget *result = _altoscope_pair_get_result (pair);
  AltoscopeLink *link = altoscope_pair_get_link (pair);
  g_autofree char *local = NULL;
  g_autoptr(GPtrArray) ours = NULL;
  GCancellable *cancellable;
  CheckRun *run;

  if (result == NULL || (cancellable = _altoscope_pair_add_check (pair, uri)) == NULL)
    return;
  if (link != NULL)
    {
      local = altoscope_link_dup_source_address (link, altoscope_pair_get_family (pair));
      /* The pair's own addresses: which PID each is in. */
      ours = altoscope_endpoint_query_own_addresses (
        altoscope_link_get_addresses (link, altoscope_pair_get_family (pair)));
    }

  run = g_new0 (CheckRun, 1);
  run->self = self;
  g_object_add_weak_pointer (G_OBJECT (self), (gpointer *) &run->self);
  run->pair = g_object_ref (pair);
  run->target = g_object_ref (result);
  run->uri = g_strdup (uri);
  run->cancellable = g_object_ref (cancellable);
  self->running++;
  self->settled = FALSE;
  /* A stopped check leaves the verdict before it (or none). */
  altoscope_check_runner_check_async (result, uri, local, ours, self->check_ca_file,
                                      self->check_timeout_ms, FALSE, run->cancellable,
                                      on_checked_cb, run);
}

/* Every eligible URI of the pair's result not checked yet. */
static void
check_eligible (AltoscopeScheduler *self,
                AltoscopePair      *pair)
{
  AltoscopeTarget *result = _altoscope_pair_get_result (pair);
  GPtrArray *uris;

  if (result == NULL)
    return;
  uris = altoscope_target_get_uris (result);
  for (guint i = 0; i < uris->len; i++)
    {
      AltoscopeUri *uri = uris->pdata[i];
      if (uri->eligible && altoscope_target_get_check (result, uri->uri) == NULL)
        start_check (self, pair, uri->uri);
    }
}

/* Checks @uri of the pair @key's latest result, from the pair's own
 * address; FALSE when there is no such pair or URI. */
gboolean
altoscope_scheduler_check (AltoscopeScheduler *self,
                           const char         *key,
                           const char         *uri)
{
  AltoscopePair *pair;
  GPtrArray *uris;

  g_return_val_if_fail (ALTOSCOPE_IS_SCHEDULER (self), FALSE);
  pair = g_hash_table_lookup (self->pairs, key);
  if (pair == NULL || _altoscope_pair_get_result (pair) == NULL || uri == NULL)
    return FALSE;
  uris = altoscope_target_get_uris (_altoscope_pair_get_result (pair));
  for (guint i = 0; i < uris->len; i++)
    if (g_str_equal (((AltoscopeUri *) uris->pdata[i])->uri, uri))
      {
        start_check (self, pair, uri);
        return TRUE;
      }
  return FALSE;
}

/* Stops the check of @uri of the pair @key, if one runs. */
void
altoscope_scheduler_cancel_check (AltoscopeScheduler *self,
                                  const char         *key,
                                  const char         *uri)
{
  AltoscopePair *pair;

  g_return_if_fail (ALTOSCOPE_IS_SCHEDULER (self));
  pair = g_hash_table_lookup (self->pairs, key);
  if (pair == NULL || uri == NULL)
    return;
  _altoscope_pair_cancel_check (pair, uri);
}

void
altoscope_scheduler_set_auto_check (AltoscopeScheduler *self,
                                    gboolean            auto_check)
{
  GHashTableIter iter;
  gpointer pair;

  g_return_if_fail (ALTOSCOPE_IS_SCHEDULER (self));
  self->auto_check = auto_check;
  if (!auto_check)
    return;
  g_hash_table_iter_init (&iter, self->pairs);
  while (g_hash_table_iter_next (&iter, NULL, &pair))
    if (!_altoscope_pair_get_running (pair))
      check_eligible (self, pair);
}

/* How checks run: @ca_file (NULL: the system's trust store only) and the
 * time one may take (0: the default). */
void
altoscope_scheduler_set_check_options (AltoscopeScheduler *self,
                                       const char         *ca_file,
                                       guint               timeout_ms)
{
  g_return_if_fail (ALTOSCOPE_IS_SCHEDULER (self));
  g_free (self->check_ca_file);
  self->check_ca_file = ca_file && *ca_file ? g_strdup (ca_file) : NULL;
  self->check_timeout_ms = timeout_ms ? timeout_ms : ALTOSCOPE_CHECK_DEFAULT_TIMEOUT_MS;
}

/* @pair's run @running ended with @target: the pair's result, unless the
 * run was stopped since; a failure that passes is tried again later. */
static void
take_result (AltoscopeScheduler *self,
             AltoscopePair      *pair,
             GCancellable       *running,
             AltoscopeTarget    *target)
{
  /* A handler may drop the last reference to the scheduler. */
  g_autoptr(AltoscopeScheduler) alive = g_object_ref (self);

  if (!_altoscope_pair_finish_run (pair, running, target))
    return;
  g_signal_emit (self, signals[RESULT], 0, pair);
  if (self->auto_check)
    check_eligible (self, pair);

  if (self->retries && altoscope_target_get_failed (target)
      && altoscope_target_get_retry_after (target) > 0)
    {
      AltoscopeErrorCode code = altoscope_target_get_error_code (target);
      AltoscopeErrorCategory category = altoscope_error_code_category (code);
      if (category == ALTOSCOPE_ERROR_CATEGORY_TIMED_OUT
          || category == ALTOSCOPE_ERROR_CATEGORY_TEMPORARY_FAILURE)
        {
          Retry *retry = g_new0 (Retry, 1);
          gint64 wait_ms;

          retry->self = self;
          g_object_add_weak_pointer (G_OBJECT (self), (gpointer *) &retry->self);
          retry->pair = g_object_ref (pair);
          /* When the wait ends, counted from when the lookup ended (a result
           * taken from the head start ended a moment ago), as the pair says. */
          wait_ms = MAX (altoscope_pair_get_retry_at (pair) - g_get_monotonic_time (), 0) / 1000;
          _altoscope_pair_set_retry (pair, (guint) MIN (wait_ms, G_MAXUINT - 50) + 50,
                                     retry_cb, retry, (GDestroyNotify) retry_free);
        }
    }
}

static void
on_discovered_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  Run *run = data;
  g_autoptr(AltoscopeTarget) target = altoscope_discover_finish (result, NULL);
  AltoscopeScheduler *self = run->self;

  /* A cancelled run belongs to a pair that changed or went away: its
   * result is stale and is dropped. */
  if (self != NULL)
    {
      /* A handler of "result" may drop the last other reference. */
      g_autoptr(AltoscopeScheduler) alive = g_object_ref (self);

      self->running--;
      if (!g_cancellable_is_cancelled (run->cancellable))
        take_result (self, run->pair, run->cancellable, target);
      check_settled (self);
      g_object_remove_weak_pointer (G_OBJECT (self), (gpointer *) &run->self);
    }
  g_object_unref (run->pair);
  g_object_unref (run->cancellable);
  g_free (run);
}

/* The key of (@link, @family) in this scheduler and in its signals. */
char *
altoscope_scheduler_pair_key (AltoscopeLink   *link,
                            AltoscopeFamily  family)
{
  g_autofree char *key = altoscope_link_dup_key (link);
  return g_strdup_printf ("%s/%s", key, altoscope_family_to_string (family));
}

/* With "ask automatically": a lease without option 213 (IPv4) or 57 (IPv6),
 * no override, and no answer kept for this link yet. */
static void
maybe_ask_dhcp (AltoscopeScheduler *self,
                AltoscopePair      *pair,
                AltoscopeTarget    *target)
{
  AltoscopeLink *link = altoscope_pair_get_link (pair);
  AltoscopeFamily family = altoscope_pair_get_family (pair);
  AltoscopeDomainSource source = ALTOSCOPE_DOMAIN_SOURCE_NONE;

  /* Without step 1's target (a pair that waits for the head start), the
   * override is looked up as step 1 would. */
  if (target != NULL)
    source = altoscope_target_get_source (target);
  else if (link != NULL)
    g_free (altoscope_overrides_lookup (self->overrides, altoscope_link_get_ip_interface (link),
                                        altoscope_link_get_connection_uuid (link), family,
                                        &source));
  if (!self->auto_ask_dhcp || link == NULL || altoscope_link_get_is_vpn (link)
      || altoscope_domain_source_is_override (source)
      || !altoscope_dhcp_lease_lacks_option (link, family)
      || altoscope_dhcp_cache_lookup (self->dhcp, link, family) != NULL
      || altoscope_dhcp_cache_get_asking (self->dhcp, link, family))
    return;
  altoscope_dhcp_cache_ask (self->dhcp, link, family);
}

/* Whether the person wants DNSSEC proved ("validate-dnssec", read at each
 * run, so that a change applies to the next discovery). */
static gboolean
validate_setting (AltoscopeScheduler *self)
{
  GSettings *settings = altoscope_overrides_get_settings (self->overrides);
  g_autoptr(GSettingsSchema) schema = NULL;

  if (settings == NULL)
    return TRUE;
  g_object_get (settings, "settings-schema", &schema, NULL);
  if (schema == NULL || !g_settings_schema_has_key (schema, "validate-dnssec"))
    return TRUE;
  return g_settings_get_boolean (settings, "validate-dnssec");
}

static void
transport_setup (AltoscopeScheduler      *self,
                 AltoscopeTransportSetup *setup)
{
  *setup = (AltoscopeTransportSetup) {
    .factory = self->factory,
    .factory_data = self->factory_data,
    .validate = self->factory == NULL && self->validate_allowed && validate_setting (self),
    .anchor_files = (const char * const *) self->anchor_files,
    .validator_flags = ALTOSCOPE_VALIDATOR_FLAGS_NONE,
    .timeout_ms = self->timeout_ms,
  };
}

static void
run_discovery (AltoscopeScheduler *self,
               AltoscopePair      *pair,
               GCancellable       *running,
               AltoscopeTransport *resolver,
               AltoscopeTarget    *target)
{
  Run *run = g_new0 (Run, 1);

  run->self = self;
  g_object_add_weak_pointer (G_OBJECT (self), (gpointer *) &run->self);
  run->pair = g_object_ref (pair);
  run->cancellable = g_object_ref (running);
  self->running++;
  self->settled = FALSE;
  altoscope_discover_async (resolver, self->backoff, target,
                            self->ignore_backoff ? ALTOSCOPE_DISCOVERY_IGNORE_BACKOFF
                                                 : ALTOSCOPE_DISCOVERY_NONE,
                            running, on_discovered_cb, run);
}

/* ---- the head start ------------------------------------------------------ */

/* A pair whose first result may still come from the head start. */
typedef struct
{
  AltoscopePair *pair;
  GCancellable *running;
} Wait;

static void
wait_free (Wait *wait)
{
  g_object_unref (wait->pair);
  g_object_unref (wait->running);
  g_free (wait);
}

static void prepare_and_run (AltoscopeScheduler *self, AltoscopePair *pair,
                             GCancellable *running);

/* Whether the head start answers for @pair's run @running: its result was
 * taken, or the pair waits for it.  FALSE: the pair runs its own. */
static gboolean
ask_head_start (AltoscopeScheduler *self,
                AltoscopePair      *pair,
                GCancellable       *running)
{
  g_autofree char *setup = altoscope_scheduler_dup_setup (self);
  g_autoptr(AltoscopeTarget) found = NULL;
  Wait *wait;

  switch (altoscope_head_start_take (self->head_start, altoscope_pair_get_key (pair),
                                     _altoscope_pair_get_fingerprint (pair), setup, &found))
    {
    case ALTOSCOPE_HEAD_START_FOUND:
      maybe_ask_dhcp (self, pair, found);
      take_result (self, pair, running, found);
      return TRUE;
    case ALTOSCOPE_HEAD_START_PENDING:
      /* Asking the DHCP server needs no lookup: it is not held back. */
      maybe_ask_dhcp (self, pair, NULL);
      wait = g_new0 (Wait, 1);
      wait->pair = g_object_ref (pair);
      wait->running = g_object_ref (running);
      g_ptr_array_add (self->waiting, wait);
      self->running++;
      self->settled = FALSE;
      return TRUE;
    case ALTOSCOPE_HEAD_START_NONE:
    default:
      return FALSE;
    }
}

/* @pair waits no more (it runs again, or goes): its wait is dropped. */
static void
drop_waits (AltoscopeScheduler *self,
            AltoscopePair      *pair)
{
  for (guint i = self->waiting->len; i > 0; i--)
    {
      Wait *wait = self->waiting->pdata[i - 1];

      if (wait->pair != pair)
        continue;
      g_ptr_array_remove_index (self->waiting, i - 1);
      self->running--;
    }
}

/* A result came to the head start, or it is done: each waiting pair asks
 * again, and runs its own discovery when none will come. */
static void
on_head_start_changed_cb (AltoscopeScheduler *self)
{
  g_autoptr(GPtrArray) waiting = g_steal_pointer (&self->waiting);
  g_autoptr(AltoscopeScheduler) alive = g_object_ref (self);

  self->waiting = g_ptr_array_new_with_free_func ((GDestroyNotify) wait_free);
  g_ptr_array_set_free_func (waiting, NULL);
  for (guint i = 0; i < waiting->len; i++)
    {
      Wait *wait = waiting->pdata[i];

      self->running--;
      /* A pair that changed or went meanwhile: its new run asked again. */
      if (!g_cancellable_is_cancelled (wait->running)
          && !ask_head_start (self, wait->pair, wait->running))
        prepare_and_run (self, wait->pair, wait->running);
      wait_free (wait);
    }
  check_settled (self);
}

/**
 * altoscope_scheduler_set_head_start:
 * @head_start: the first results, made on a thread (altoscope-head-start.c)
 *
 * Before its first discovery, each pair takes the head start's result
 * when it was made from the same inputs and setup, or waits for it while
 * it may come.  Set before the first update.
 */
void
altoscope_scheduler_set_head_start (AltoscopeScheduler *self,
                                    AltoscopeHeadStart *head_start)
{
  g_return_if_fail (self->head_start == NULL);
  self->head_start = g_object_ref (head_start);
  g_signal_connect_object (head_start, "changed", G_CALLBACK (on_head_start_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

/* FALSE: a failure that passes is not tried again by itself (the head
 * start's scheduler: the window's tries it again once it took it). */
void
altoscope_scheduler_set_retries (AltoscopeScheduler *self,
                                 gboolean            retries)
{
  self->retries = retries;
}

/* What the pairs' transports are made with, besides each pair's inputs:
 * a result made with another setup is not this scheduler's. */
char *
altoscope_scheduler_dup_setup (AltoscopeScheduler *self)
{
  AltoscopeTransportSetup setup;
  g_autofree char *anchors = NULL;

  transport_setup (self, &setup);
  anchors = setup.anchor_files ? g_strjoinv ("\n", (GStrv) setup.anchor_files) : g_strdup ("");
  return g_strdup_printf ("factory=%p/%p validate=%d timeout=%u backoff=%s anchors=%s",
                          (gpointer) setup.factory, setup.factory_data, setup.validate,
                          setup.timeout_ms, self->ignore_backoff ? "ignored" : "kept", anchors);
}

/* Step 1 and, when it found a domain, the lookups: @pair's run @running. */
static void
prepare_and_run (AltoscopeScheduler *self,
                 AltoscopePair      *pair,
                 GCancellable       *running)
{
  AltoscopeLink *link = altoscope_pair_get_link (pair);
  AltoscopeFamily family = altoscope_pair_get_family (pair);
  g_autoptr(AltoscopeTransport) resolver = NULL;
  g_autoptr(AltoscopeTarget) target = NULL;
  AltoscopeTransportSetup setup;

  transport_setup (self, &setup);
  if (link != NULL)
    target = altoscope_pair_prepare (link, family, self->overrides,
                                     altoscope_dhcp_cache_lookup (self->dhcp, link, family),
                                     &setup, _altoscope_pair_get_kept_transport (pair),
                                     &resolver);
  else
    target = altoscope_default_prepare (self->overrides, &setup,
                                        _altoscope_pair_get_kept_transport (pair), &resolver);

  if (target == NULL)
    {
      /* The default pair whose override went: nothing runs (the update
       * that comes drops the pair). */
      _altoscope_pair_stop (pair);
      return;
    }
  maybe_ask_dhcp (self, pair, target);
  if (resolver == NULL)
    {
      /* Step 1 already failed (no domain): that is the result. */
      _altoscope_pair_finish_run (pair, running, target);
      g_signal_emit (self, signals[RESULT], 0, pair);
      return;
    }
  run_discovery (self, pair, running, resolver, target);
}

static void
start_pair (AltoscopeScheduler *self,
            AltoscopePair      *pair)
{
  /* What ran before stops; its result, when it comes, is dropped. */
  GCancellable *running = _altoscope_pair_start_run (pair);

  drop_waits (self, pair);
  g_signal_emit (self, signals[STARTED], 0, altoscope_pair_get_key (pair),
                 altoscope_pair_get_label (pair));
  /* Asked first: a result taken needs no transport made here. */
  if (self->head_start != NULL && ask_head_start (self, pair, running))
    return;
  prepare_and_run (self, pair, running);
}

static void on_model_changed_cb (AltoscopeScheduler *self);

/* The pair (@link, @f) is wanted; it is started again only when its inputs
 * changed (altoscope_pair_fingerprint). */
static void
update_pair (AltoscopeScheduler *self,
             AltoscopeLink      *link,
             AltoscopeFamily     f,
             GHashTable         *wanted)
{
  g_autofree char *pair_key = NULL;
  g_autofree char *print = NULL;
  AltoscopePair *pair;

  pair_key = altoscope_scheduler_pair_key (link, f);
  print = altoscope_pair_fingerprint (link, f, self->overrides,
                                      altoscope_dhcp_cache_lookup (self->dhcp, link, f));
  g_hash_table_add (wanted, g_strdup (pair_key));
  pair = g_hash_table_lookup (self->pairs, pair_key);
  if (pair == NULL)
    {
      g_autofree char *label = g_strdup_printf ("%s/%s", altoscope_link_get_name (link),
                                                altoscope_family_to_string (f));
      pair = pair_new (self, pair_key, label, link, f);
    }
  if (!_altoscope_pair_set_fingerprint (pair, print))
    return;
  _altoscope_pair_set_link (pair, link);
  start_pair (self, pair);
}

static void
update_link (AltoscopeScheduler *self,
             AltoscopeLink      *link,
             GHashTable         *wanted)
{
  /* A link changes in place: its changes reach us this way. */
  if (g_signal_handler_find (link, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                             on_model_changed_cb, self) == 0)
    g_signal_connect_object (link, "changed", G_CALLBACK (on_model_changed_cb), self,
                             G_CONNECT_SWAPPED);

  if (self->filter_interface && !altoscope_link_matches (link, self->filter_interface))
    return;
  for (AltoscopeFamily f = 0; f < ALTOSCOPE_N_FAMILIES; f++)
    {
      if (self->filter_family && g_strcmp0 (self->filter_family,
                                            altoscope_family_to_string (f)) != 0)
        continue;
      /* Only families the interface can communicate over. */
      if (!altoscope_link_has_ip (link, f))
        continue;
      update_pair (self, link, f, wanted);
    }
}

/* Without NetworkManager, the default override still runs (no filter). */
static void
update_default_pair (AltoscopeScheduler *self,
                     GHashTable         *wanted)
{
  g_autofree char *domain = NULL;
  AltoscopeDomainSource source = ALTOSCOPE_DOMAIN_SOURCE_NONE;
  AltoscopePair *pair;

  if (self->links_available || self->filter_interface != NULL
      || self->filter_family != NULL)
    return;

  domain = altoscope_overrides_lookup (self->overrides, NULL, NULL, ALTOSCOPE_FAMILY_IPV4,
                                       &source);
  if (domain == NULL)
    return;
  pair = g_hash_table_lookup (self->pairs, DEFAULT_KEY);
  g_hash_table_add (wanted, g_strdup (DEFAULT_KEY));
  if (pair == NULL)
    pair = pair_new (self, DEFAULT_KEY, DEFAULT_KEY, NULL, ALTOSCOPE_FAMILY_IPV4);
  if (_altoscope_pair_set_fingerprint (pair, domain))
    start_pair (self, pair);
}

/* The pairs no link gives any more go, each announced by "removed".
 * Each leaves the table before the list model tells of it: an observer
 * of the model that finds pairs by key (the window's default entry) sees
 * it gone.  Collected first, so that an observer may ask the table. */
static void
drop_unwanted_pairs (AltoscopeScheduler *self,
                     GHashTable         *wanted)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->pairs);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (wanted, key))
      g_ptr_array_add (gone, g_object_ref (value));

  for (guint i = 0; i < gone->len; i++)
    {
      AltoscopePair *pair = gone->pdata[i];
      guint position;

      /* A view may keep the object a while: what it ran stops now, and
       * its transport goes. */
      _altoscope_pair_stop (pair);
      drop_waits (self, pair);
      _altoscope_pair_forget_transport (pair);
      g_signal_emit (self, signals[REMOVED], 0, altoscope_pair_get_key (pair),
                     altoscope_pair_get_label (pair));
      g_hash_table_remove (self->pairs, altoscope_pair_get_key (pair));
      if (g_list_store_find (self->pairs_model, pair, &position))
        g_list_store_remove (self->pairs_model, position);
    }
}

static gboolean
update_cb (gpointer data)
{
  AltoscopeScheduler *self = data;
  g_autoptr(GHashTable) wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = g_list_model_get_n_items (self->model);

  altoscope_source_clear (&self->update);
  if (!self->links_ready)
    return G_SOURCE_REMOVE;
  self->first_update_done = TRUE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AltoscopeLink) link = g_list_model_get_item (self->model, i);
      update_link (self, link, wanted);
    }
  update_default_pair (self, wanted);
  drop_unwanted_pairs (self, wanted);

  check_settled (self);
  return G_SOURCE_REMOVE;
}

/* Changes come in bursts (NetworkManager reports a new lease as several
 * notifications): an update waits UPDATE_DELAY_MS of quiet.  The first
 * one does not: nothing has run yet, and its inputs are known as soon as
 * the links are, so the first result is not held back by a wait; nor by
 * the window's first frame: G_PRIORITY_DEFAULT, above redrawing (a plain
 * idle would start the lookups only after the first paint). */
static void
schedule_update (AltoscopeScheduler *self)
{
  self->settled = FALSE;
  if (self->update != NULL)
    return;
  if (!self->first_update_done && self->links_ready)
    self->update = altoscope_timeout_attach (0, G_PRIORITY_DEFAULT, update_cb, self, NULL);
  else
    self->update = altoscope_timeout_attach (UPDATE_DELAY_MS, G_PRIORITY_DEFAULT, update_cb, self,
                                             NULL);
}

static void
on_model_changed_cb (AltoscopeScheduler *self)
{
  schedule_update (self);
}

/* An answer came, went or expired, or asking started: the pair's view
 * says so, and step 1 runs again if what it depends on changed. */
static void
on_dhcp_changed_cb (AltoscopeScheduler *self,
                    const char         *key)
{
  AltoscopePair *pair = g_hash_table_lookup (self->pairs, key);

  if (pair != NULL && altoscope_pair_get_link (pair) != NULL)
    _altoscope_pair_set_dhcp_asking (pair,
                                     altoscope_dhcp_cache_get_asking (self->dhcp,
                                                                      altoscope_pair_get_link (pair),
                                                                      altoscope_pair_get_family (pair)));
  schedule_update (self);
}

AltoscopeDhcpCache *
altoscope_scheduler_get_dhcp_cache (AltoscopeScheduler *self)
{
  return self->dhcp;
}

/* The "Ask the DHCP server" button; FALSE when the pair has no link. */
gboolean
altoscope_scheduler_ask_dhcp (AltoscopeScheduler *self,
                              const char         *key)
{
  AltoscopePair *pair = g_hash_table_lookup (self->pairs, key);

  if (pair == NULL || altoscope_pair_get_link (pair) == NULL)
    return FALSE;
  self->settled = FALSE;
  altoscope_dhcp_cache_ask (self->dhcp, altoscope_pair_get_link (pair),
                            altoscope_pair_get_family (pair));
  return TRUE;
}

void
altoscope_scheduler_set_auto_ask_dhcp (AltoscopeScheduler *self,
                                       gboolean            auto_ask)
{
  GHashTableIter iter;
  gpointer value;

  self->auto_ask_dhcp = auto_ask;
  g_hash_table_iter_init (&iter, self->pairs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      AltoscopePair *pair = value;
      if (_altoscope_pair_get_result (pair) != NULL)
        maybe_ask_dhcp (self, pair, _altoscope_pair_get_result (pair));
    }
}

/* Runs a pair again now (the retry button, Ctrl+R), or every pair (NULL). */
void
altoscope_scheduler_refresh (AltoscopeScheduler *self,
                           const char       *key)
{
  GHashTableIter iter;
  gpointer k, value;

  g_hash_table_iter_init (&iter, self->pairs);
  while (g_hash_table_iter_next (&iter, &k, &value))
    {
      AltoscopePair *pair = value;
      if (key != NULL && !g_str_equal (key, altoscope_pair_get_key (pair)))
        continue;
      /* A run asked for is a new lookup, whatever the head start made. */
      if (self->head_start != NULL)
        altoscope_head_start_forget (self->head_start, altoscope_pair_get_key (pair));
      start_pair (self, pair);
    }
}

static void
altoscope_scheduler_dispose (GObject *object)
{
  AltoscopeScheduler *self = ALTOSCOPE_SCHEDULER (object);

  altoscope_source_clear (&self->update);
  /* Before the pairs stop: a waiting run is counted in "running". */
  g_clear_pointer (&self->waiting, g_ptr_array_unref);
  g_clear_object (&self->head_start);
  if (self->dhcp != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->dhcp, self);
      altoscope_dhcp_cache_cancel_all (self->dhcp);
      g_clear_object (&self->dhcp);
    }
  if (self->pairs != NULL)
    {
      GHashTableIter iter;
      gpointer pair;

      g_hash_table_iter_init (&iter, self->pairs);
      while (g_hash_table_iter_next (&iter, NULL, &pair))
        {
          _altoscope_pair_stop (pair);
          _altoscope_pair_forget_transport (pair);
        }
    }
  g_clear_pointer (&self->pairs, g_hash_table_unref);
  g_clear_object (&self->pairs_model);
  g_clear_object (&self->model);
  g_clear_object (&self->overrides);
  g_clear_object (&self->backoff);
  G_OBJECT_CLASS (altoscope_scheduler_parent_class)->dispose (object);
}

static void
altoscope_scheduler_finalize (GObject *object)
{
  AltoscopeScheduler *self = ALTOSCOPE_SCHEDULER (object);
  g_free (self->filter_interface);
  g_free (self->filter_family);
  g_free (self->check_ca_file);
  g_strfreev (self->anchor_files);
  G_OBJECT_CLASS (altoscope_scheduler_parent_class)->finalize (object);
}

enum { PROP_0, PROP_LINKS_READY, PROP_LINKS_AVAILABLE, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
altoscope_scheduler_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  AltoscopeScheduler *self = ALTOSCOPE_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_LINKS_READY: g_value_set_boolean (value, self->links_ready); break;
    case PROP_LINKS_AVAILABLE: g_value_set_boolean (value, self->links_available); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
altoscope_scheduler_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  AltoscopeScheduler *self = ALTOSCOPE_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_LINKS_READY:
      altoscope_scheduler_set_links_ready (self, g_value_get_boolean (value));
      break;
    case PROP_LINKS_AVAILABLE:
      altoscope_scheduler_set_links_available (self, g_value_get_boolean (value));
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
altoscope_scheduler_class_init (AltoscopeSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = altoscope_scheduler_dispose;
  object_class->finalize = altoscope_scheduler_finalize;
  object_class->get_property = altoscope_scheduler_get_property;
  object_class->set_property = altoscope_scheduler_set_property;

  /* Bound by the front end to its source of links (NetworkManager's
   * "ready" and "nm-running"). */
  properties[PROP_LINKS_READY] = g_param_spec_boolean ("links-ready", NULL, NULL, TRUE, rw);
  properties[PROP_LINKS_AVAILABLE] = g_param_spec_boolean ("links-available", NULL, NULL, TRUE,
                                                           rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[RESULT] = g_signal_new ("result", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, ALTOSCOPE_TYPE_PAIR);
  signals[STARTED] = g_signal_new ("started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING,
                                   G_TYPE_STRING);
  signals[REMOVED] = g_signal_new ("removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING,
                                   G_TYPE_STRING);
  signals[SETTLED] = g_signal_new ("settled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
altoscope_scheduler_init (AltoscopeScheduler *self)
{
  self->pairs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->pairs_model = g_list_store_new (ALTOSCOPE_TYPE_PAIR);
  self->links_ready = TRUE;
  self->links_available = TRUE;
  self->validate_allowed = TRUE;
  self->check_timeout_ms = ALTOSCOPE_CHECK_DEFAULT_TIMEOUT_MS;
  self->dhcp = altoscope_dhcp_cache_new ();
  self->waiting = g_ptr_array_new_with_free_func ((GDestroyNotify) wait_free);
  self->retries = TRUE;
  g_signal_connect_swapped (self->dhcp, "changed", G_CALLBACK (on_dhcp_changed_cb), self);
}

/* How pairs reach DNS: the program's own transports (validating, unless
 * turned off) unless told (a test scripts it). */
void
altoscope_scheduler_set_transport_factory (AltoscopeScheduler        *self,
                                           AltoscopeTransportFactory  factory,
                                           gpointer                   data)
{
  self->factory = factory;
  self->factory_data = factory ? data : NULL;
}

/* The window's way: validation as the "validate-dnssec" setting says (read
 * at each run), from the root's anchor and the "trust-anchor-file"
 * setting's, which is left out when it became unusable since it was set
 * (the root's still applies). */
void
altoscope_scheduler_set_validation_from_settings (AltoscopeScheduler *self)
{
  GSettings *settings = altoscope_overrides_get_settings (self->overrides);
  g_autofree char *anchor = settings ? g_settings_get_string (settings, "trust-anchor-file")
                                     : NULL;
  const char *anchors[] = { anchor, NULL };

  if (anchor != NULL && *anchor != '\0' && !altoscope_trust_anchor_file_check (anchor, NULL))
    anchors[0] = NULL;
  altoscope_scheduler_set_validation (self, TRUE,
                                      anchors[0] != NULL && *anchors[0] != '\0' ? anchors : NULL);
}

/**
 * altoscope_scheduler_set_validation:
 * @allowed: FALSE to never validate (`--no-validate`); TRUE leaves it to
 *   the "validate-dnssec" setting
 * @anchor_files: (nullable): trust anchors besides the root's, already
 *   checked (altoscope_trust_anchor_file_check)
 *
 * Applies from the next discovery of each pair.
 */
void
altoscope_scheduler_set_validation (AltoscopeScheduler *self,
                                    gboolean            allowed,
                                    const char * const *anchor_files)
{
  g_return_if_fail (ALTOSCOPE_IS_SCHEDULER (self));
  self->validate_allowed = allowed;
  g_strfreev (self->anchor_files);
  self->anchor_files = g_strdupv ((GStrv) anchor_files);
}

AltoscopeScheduler *
altoscope_scheduler_new (GListModel         *links,
                         AltoscopeOverrides *overrides,
                         AltoscopeBackoff   *backoff,
                         guint               timeout_ms)
{
  AltoscopeScheduler *self = g_object_new (ALTOSCOPE_TYPE_SCHEDULER, NULL);

  g_return_val_if_fail (g_list_model_get_item_type (links) == ALTOSCOPE_TYPE_LINK
                        || g_type_is_a (g_list_model_get_item_type (links), ALTOSCOPE_TYPE_LINK),
                        NULL);
  self->model = g_object_ref (links);
  self->overrides = g_object_ref (overrides);
  self->backoff = backoff ? g_object_ref (backoff) : NULL;
  self->timeout_ms = timeout_ms;

  g_signal_connect_object (links, "items-changed", G_CALLBACK (on_model_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (overrides, "changed", G_CALLBACK (on_model_changed_cb), self,
                           G_CONNECT_SWAPPED);
  schedule_update (self);
  return self;
}

void
altoscope_scheduler_set_links_ready (AltoscopeScheduler *self,
                                     gboolean            ready)
{
  if (self->links_ready == !!ready)
    return;
  self->links_ready = !!ready;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINKS_READY]);
  schedule_update (self);
}

void
altoscope_scheduler_set_links_available (AltoscopeScheduler *self,
                                         gboolean            available)
{
  if (self->links_available == !!available)
    return;
  self->links_available = !!available;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINKS_AVAILABLE]);
  schedule_update (self);
}

/* The pairs, as a live list of AltoscopePair.  Transfer none. */
GListModel *
altoscope_scheduler_get_pairs (AltoscopeScheduler *self)
{
  return G_LIST_MODEL (self->pairs_model);
}

/* The pair of @key (altoscope_scheduler_pair_key, or the default key), or
 * NULL.  Transfer none. */
AltoscopePair *
altoscope_scheduler_find_pair (AltoscopeScheduler *self,
                               const char         *key)
{
  return key ? g_hash_table_lookup (self->pairs, key) : NULL;
}

void
altoscope_scheduler_set_filter (AltoscopeScheduler *self,
                                const char         *interface,
                                const char         *family)
{
  g_free (self->filter_interface);
  self->filter_interface = g_strdup (interface);
  g_free (self->filter_family);
  self->filter_family = g_strdup (family);
  schedule_update (self);
}

void
altoscope_scheduler_set_ignore_backoff (AltoscopeScheduler *self,
                                        gboolean            ignore)
{
  self->ignore_backoff = ignore;
}

static int
compare_targets (gconstpointer a,
                 gconstpointer b)
{
  AltoscopeTarget *ta = *(AltoscopeTarget * const *) a;
  AltoscopeTarget *tb = *(AltoscopeTarget * const *) b;
  int c = g_strcmp0 (altoscope_target_get_interface (ta), altoscope_target_get_interface (tb));
  if (c == 0)
    c = g_strcmp0 (altoscope_target_get_connection_uuid (ta),
                   altoscope_target_get_connection_uuid (tb));
  return c ? c : g_strcmp0 (altoscope_target_get_family (ta), altoscope_target_get_family (tb));
}

/* The latest result of every pair, by interface then family. */
GPtrArray *
altoscope_scheduler_dup_targets (AltoscopeScheduler *self)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->pairs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      AltoscopeTarget *result = _altoscope_pair_get_result (value);
      if (result != NULL)
        g_ptr_array_add (out, g_object_ref (result));
    }
  g_ptr_array_sort (out, compare_targets);
  return out;
}

guint
altoscope_scheduler_get_running (AltoscopeScheduler *self)
{
  return self->running;
}

gboolean
altoscope_scheduler_get_settled (AltoscopeScheduler *self)
{
  return self->settled;
}

/* TRUE once the first update has run: each link known then has its pairs,
 * begun, or answered at once from the head start. */
gboolean
altoscope_scheduler_get_first_update_done (AltoscopeScheduler *self)
{
  return self->first_update_done;
}
