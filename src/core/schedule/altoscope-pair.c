/* altoscope-pair.c
 *
 * The pair object: its state and report change only through the
 * scheduler (altoscope-scheduler.c), and every change is notified, so a
 * view bound to a pair follows it without being told.  What a discovery of
 * it is set up with is altoscope-pair-setup.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "altoscope-pair.h"
#include "altoscope-source.h"

struct _AltoscopePair
{
  GObject parent_instance;

  char *key;
  char *label;
  AltoscopeLink *link;          /* NULL: the default-domain pair */
  AltoscopeFamily family;
  AltoscopePairState state;
  AltoscopeTarget *report;
  gint64 retry_at;              /* monotonic µs when the wait ends; 0: none */
  gboolean dhcp_asking;         /* a DHCP server is being asked directly */

  /* Its run, which the scheduler starts and ends (the _altoscope_pair_
   * functions below): what it ran with, the discovery running, the result
   * that checks are about (none while a discovery runs), the retry timer,
   * the checks running. */
  char *fingerprint;
  GCancellable *running;
  AltoscopeTarget *result;
  GSource *retry;              /* the retry timer */
  GHashTable *checks;           /* URI -> GCancellable */

  /* The transport its runs use, kept while it fits (the set-up decides,
   * altoscope-pair-setup.c): a validator's cache keeps the chain it proved
   * for the next run.  A stopped run's queries end through its
   * cancellable, not with the transport. */
  AltoscopeKeptTransport transport;
};

G_DEFINE_FINAL_TYPE (AltoscopePair, altoscope_pair, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (AltoscopePairState, altoscope_pair_state,
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_PAIR_DISCOVERING, "discovering"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_PAIR_FOUND, "found"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_PAIR_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_PAIR_NO_DOMAIN, "no-domain"))

enum
{
  PROP_0,
  PROP_KEY,
  PROP_LABEL,
  PROP_LINK,
  PROP_FAMILY,
  PROP_STATE,
  PROP_DOMAIN,
  PROP_DOMAIN_SOURCE,
  PROP_SOURCE,
  PROP_REPORT,
  PROP_RETRY_AT,
  PROP_DHCP_ASKING,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static void
altoscope_pair_dispose (GObject *object)
{
  _altoscope_pair_stop (ALTOSCOPE_PAIR (object));
  _altoscope_pair_forget_transport (ALTOSCOPE_PAIR (object));
  G_OBJECT_CLASS (altoscope_pair_parent_class)->dispose (object);
}

static void
altoscope_pair_finalize (GObject *object)
{
  AltoscopePair *self = ALTOSCOPE_PAIR (object);

  g_hash_table_unref (self->checks);
  g_free (self->fingerprint);
  g_free (self->key);
  g_free (self->label);
  g_clear_object (&self->link);
  g_clear_object (&self->report);
  G_OBJECT_CLASS (altoscope_pair_parent_class)->finalize (object);
}

static void
altoscope_pair_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  AltoscopePair *self = ALTOSCOPE_PAIR (object);

  switch (prop_id)
    {
    case PROP_KEY: g_value_set_string (value, self->key); break;
    case PROP_LABEL: g_value_set_string (value, self->label); break;
    case PROP_LINK: g_value_set_object (value, self->link); break;
    case PROP_FAMILY: g_value_set_enum (value, self->family); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_DOMAIN:
      g_value_set_string (value, self->report ? altoscope_target_get_domain (self->report) : NULL);
      break;
    case PROP_SOURCE:
      g_value_set_enum (value, self->report ? altoscope_target_get_source (self->report)
                                            : ALTOSCOPE_DOMAIN_SOURCE_NONE);
      break;
    case PROP_DOMAIN_SOURCE:
      g_value_set_string (value, self->report ? altoscope_target_get_domain_source (self->report)
                                              : NULL);
      break;
    case PROP_REPORT: g_value_set_object (value, self->report); break;
    case PROP_RETRY_AT: g_value_set_int64 (value, self->retry_at); break;
    case PROP_DHCP_ASKING: g_value_set_boolean (value, self->dhcp_asking); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
altoscope_pair_class_init (AltoscopePairClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = altoscope_pair_dispose;
  object_class->finalize = altoscope_pair_finalize;
  object_class->get_property = altoscope_pair_get_property;

  properties[PROP_KEY] = g_param_spec_string ("key", NULL, NULL, NULL, ro);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, ro);
  properties[PROP_LINK] = g_param_spec_object ("link", NULL, NULL, ALTOSCOPE_TYPE_LINK, ro);
  properties[PROP_FAMILY] = g_param_spec_enum ("family", NULL, NULL, ALTOSCOPE_TYPE_FAMILY,
                                               ALTOSCOPE_FAMILY_IPV4, ro);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, ALTOSCOPE_TYPE_PAIR_STATE,
                                              ALTOSCOPE_PAIR_DISCOVERING, ro);
  /* Step 1's choice, from the latest report: the domain and where it came
   * from ("source"; "domain-source" is its report name: "override-…",
   * "dhcp4-option-213", …). */
  properties[PROP_DOMAIN] = g_param_spec_string ("domain", NULL, NULL, NULL, ro);
  properties[PROP_DOMAIN_SOURCE] = g_param_spec_string ("domain-source", NULL, NULL, NULL, ro);
  properties[PROP_SOURCE] = g_param_spec_enum ("source", NULL, NULL, ALTOSCOPE_TYPE_DOMAIN_SOURCE,
                                               ALTOSCOPE_DOMAIN_SOURCE_NONE, ro);
  properties[PROP_REPORT] = g_param_spec_object ("report", NULL, NULL, ALTOSCOPE_TYPE_TARGET, ro);
  properties[PROP_RETRY_AT] = g_param_spec_int64 ("retry-at", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_DHCP_ASKING] = g_param_spec_boolean ("dhcp-asking", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
altoscope_pair_init (AltoscopePair *self)
{
  self->checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

AltoscopePair *
_altoscope_pair_new (const char      *key,
                     const char      *label,
                     AltoscopeLink   *link,
                     AltoscopeFamily  family)
{
  AltoscopePair *self = g_object_new (ALTOSCOPE_TYPE_PAIR, NULL);

  self->key = g_strdup (key);
  self->label = g_strdup (label);
  self->link = link ? g_object_ref (link) : NULL;
  self->family = family;
  return self;
}

const char *altoscope_pair_get_key (AltoscopePair *self) { return self->key; }
const char *altoscope_pair_get_label (AltoscopePair *self) { return self->label; }
AltoscopeLink *altoscope_pair_get_link (AltoscopePair *self) { return self->link; }
AltoscopeFamily altoscope_pair_get_family (AltoscopePair *self) { return self->family; }
AltoscopePairState altoscope_pair_get_state (AltoscopePair *self) { return self->state; }
AltoscopeTarget *altoscope_pair_get_report (AltoscopePair *self) { return self->report; }
gint64 altoscope_pair_get_retry_at (AltoscopePair *self) { return self->retry_at; }
gboolean altoscope_pair_get_dhcp_asking (AltoscopePair *self) { return self->dhcp_asking; }

void
_altoscope_pair_set_dhcp_asking (AltoscopePair *self,
                                 gboolean       asking)
{
  if (self->dhcp_asking == asking)
    return;
  self->dhcp_asking = asking;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DHCP_ASKING]);
}

void
_altoscope_pair_set_link (AltoscopePair *self,
                          AltoscopeLink *link)
{
  if (g_set_object (&self->link, link))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINK]);
}

static void
set_state (AltoscopePair      *self,
           AltoscopePairState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* The state follows from the report: found, no domain, or failed (with
 * the moment the wait before retrying ends). */
void
_altoscope_pair_set_report (AltoscopePair   *self,
                            AltoscopeTarget *report)
{
  gint64 retry_at = 0;
  AltoscopePairState state;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->report == NULL || report == NULL
      || g_strcmp0 (altoscope_target_get_domain (self->report),
                    altoscope_target_get_domain (report)) != 0
      || altoscope_target_get_source (self->report) != altoscope_target_get_source (report))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOMAIN]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOMAIN_SOURCE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
    }
  if (g_set_object (&self->report, report))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT]);
  if (!altoscope_target_get_failed (report))
    state = ALTOSCOPE_PAIR_FOUND;
  else if (altoscope_target_get_error_code (report) == ALTOSCOPE_ERROR_NO_DOMAIN)
    state = ALTOSCOPE_PAIR_NO_DOMAIN;
  else
    state = ALTOSCOPE_PAIR_FAILED;
  if (altoscope_target_get_failed (report) && altoscope_target_get_retry_after (report) > 0)
    retry_at = altoscope_target_get_finished_time (report)
               + (gint64) (altoscope_target_get_retry_after (report) * G_USEC_PER_SEC);
  if (self->retry_at != retry_at)
    {
      self->retry_at = retry_at;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_AT]);
    }
  set_state (self, state);
  g_object_thaw_notify (G_OBJECT (self));
}

/* ---- the run: the scheduler's, kept here ---------------------------------- */

/* What this run of the pair is for; FALSE when it is what the last was. */
gboolean
_altoscope_pair_set_fingerprint (AltoscopePair *self,
                                 const char    *fingerprint)
{
  if (g_strcmp0 (self->fingerprint, fingerprint) == 0)
    return FALSE;
  g_free (self->fingerprint);
  self->fingerprint = g_strdup (fingerprint);
  return TRUE;
}

const char *
_altoscope_pair_get_fingerprint (AltoscopePair *self)
{
  return self->fingerprint;
}

static void
cancel_checks (AltoscopePair *self)
{
  GHashTableIter iter;
  gpointer cancellable;

  g_hash_table_iter_init (&iter, self->checks);
  while (g_hash_table_iter_next (&iter, NULL, &cancellable))
    g_cancellable_cancel (cancellable);
  g_hash_table_remove_all (self->checks);
}

/* Ends whatever runs: the discovery (its result will be dropped, RFC 7286
 * §4.2), the retry timer, the checks of the old result (they answer for a
 * network that is gone). */
void
_altoscope_pair_stop (AltoscopePair *self)
{
  if (self->running != NULL)
    g_cancellable_cancel (self->running);
  g_clear_object (&self->running);
  altoscope_source_clear (&self->retry);
  g_clear_object (&self->result);
  cancel_checks (self);
}

/* A new discovery of the pair: what ran before stops.  Returns the new
 * run's cancellable (the pair keeps it). */
GCancellable *
_altoscope_pair_start_run (AltoscopePair *self)
{
  _altoscope_pair_stop (self);
  self->running = g_cancellable_new ();
  set_state (self, ALTOSCOPE_PAIR_DISCOVERING);
  return self->running;
}

/* The run @running ended with @result; FALSE (and nothing changes) when
 * it is not the pair's current run any more. */
gboolean
_altoscope_pair_finish_run (AltoscopePair   *self,
                            GCancellable    *running,
                            AltoscopeTarget *result)
{
  if (running != NULL && (running != self->running || g_cancellable_is_cancelled (running)))
    return FALSE;
  g_clear_object (&self->running);
  g_set_object (&self->result, result);
  _altoscope_pair_set_report (self, result);
  return TRUE;
}

gboolean
_altoscope_pair_get_running (AltoscopePair *self)
{
  return self->running != NULL;
}

/* The transport kept for the pair's runs, for altoscope_pair_prepare(). */
AltoscopeKeptTransport *
_altoscope_pair_get_kept_transport (AltoscopePair *self)
{
  return &self->transport;
}

/* The pair's context is over (it went, or its scheduler): its transport
 * (a libunbound context and its thread) goes now, not when the last view
 * lets go of the pair. */
void
_altoscope_pair_forget_transport (AltoscopePair *self)
{
  altoscope_kept_transport_clear (&self->transport);
}

/* The result checks are about: the latest, none while a discovery runs. */
AltoscopeTarget *
_altoscope_pair_get_result (AltoscopePair *self)
{
  return self->result;
}

void
_altoscope_pair_set_retry (AltoscopePair  *self,
                           guint           ms,
                           GSourceFunc     func,
                           gpointer        data,
                           GDestroyNotify  destroy)
{
  altoscope_source_clear (&self->retry);
  self->retry = altoscope_timeout_attach (ms, G_PRIORITY_DEFAULT, func, data, destroy);
}

/* The retry timer fired (its source is gone). */
void
_altoscope_pair_retry_fired (AltoscopePair *self)
{
  altoscope_source_clear (&self->retry);
}

/* A check of @uri starts: its cancellable, or NULL when one runs already. */
GCancellable *
_altoscope_pair_add_check (AltoscopePair *self,
                           const char    *uri)
{
  GCancellable *cancellable;

  if (g_hash_table_contains (self->checks, uri))
    return NULL;
  cancellable = g_cancellable_new ();
  g_hash_table_insert (self->checks, g_strdup (uri), cancellable);
  return cancellable;
}

/* The check of @uri with @cancellable ended by itself. */
void
_altoscope_pair_end_check (AltoscopePair *self,
                           const char    *uri,
                           GCancellable  *cancellable)
{
  if (g_hash_table_lookup (self->checks, uri) == cancellable)
    g_hash_table_remove (self->checks, uri);
}

/* Stops the check of @uri, if one runs. */
void
_altoscope_pair_cancel_check (AltoscopePair *self,
                              const char    *uri)
{
  GCancellable *cancellable = g_hash_table_lookup (self->checks, uri);

  if (cancellable != NULL)
    {
      g_cancellable_cancel (cancellable);
      g_hash_table_remove (self->checks, uri);
    }
}
