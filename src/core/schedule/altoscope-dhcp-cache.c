/* altoscope-dhcp-cache.c
 *
 * One entry per (link, family): the answer, the link's fingerprint when it
 * was asked (another fingerprint: the link changed, the answer no longer
 * holds), and when it expires (altoscope-dhcp-answer.c says how long).
 * "changed" (key) is emitted when an answer comes, goes or expires, and
 * when asking starts; the scheduler recomputes the pair then.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "altoscope-dhcp-cache.h"
#include "altoscope-source.h"

typedef struct
{
  AltoscopeDhcpCache *self;      /* weak */
  char *key;
  char *link_print;
  AltoscopeDhcpAnswer *answer;
  gint64 expires_at;             /* monotonic µs */
  GSource *expire;
  GCancellable *asking;
} Entry;

struct _AltoscopeDhcpCache
{
  GObject parent_instance;

  GHashTable *entries;           /* key → Entry */
  AltoscopeDhcpAsker asker;
  gpointer asker_data;
  GDestroyNotify asker_destroy;
  guint busy;
};

G_DEFINE_FINAL_TYPE (AltoscopeDhcpCache, altoscope_dhcp_cache, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
entry_free (Entry *e)
{
  if (e->asking != NULL)
    g_cancellable_cancel (e->asking);
  g_clear_object (&e->asking);
  altoscope_source_clear (&e->expire);
  g_clear_pointer (&e->answer, altoscope_dhcp_answer_unref);
  g_free (e->key);
  g_free (e->link_print);
  g_free (e);
}

static void
direct_asker (const AltoscopeDhcpQueryOptions *options,
              GCancellable                    *cancellable,
              GAsyncReadyCallback              callback,
              gpointer                         callback_data,
              gpointer                         user_data)
{
  altoscope_dhcp_query_async (options, cancellable, callback, callback_data);
}

static void
altoscope_dhcp_cache_finalize (GObject *object)
{
  AltoscopeDhcpCache *self = ALTOSCOPE_DHCP_CACHE (object);

  g_hash_table_unref (self->entries);
  if (self->asker_destroy)
    self->asker_destroy (self->asker_data);
  G_OBJECT_CLASS (altoscope_dhcp_cache_parent_class)->finalize (object);
}

static void
altoscope_dhcp_cache_class_init (AltoscopeDhcpCacheClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = altoscope_dhcp_cache_finalize;
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
altoscope_dhcp_cache_init (AltoscopeDhcpCache *self)
{
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) entry_free);
  self->asker = direct_asker;
}

AltoscopeDhcpCache *
altoscope_dhcp_cache_new (void)
{
  return g_object_new (ALTOSCOPE_TYPE_DHCP_CACHE, NULL);
}

void
altoscope_dhcp_cache_set_asker (AltoscopeDhcpCache *self,
                                AltoscopeDhcpAsker  asker,
                                gpointer            user_data,
                                GDestroyNotify      destroy)
{
  if (self->asker_destroy)
    self->asker_destroy (self->asker_data);
  self->asker = asker ? asker : direct_asker;
  self->asker_data = user_data;
  self->asker_destroy = destroy;
}

static char *
entry_key (AltoscopeLink   *link,
           AltoscopeFamily  family)
{
  g_autofree char *key = altoscope_link_dup_key (link);
  return g_strdup_printf ("%s/%s", key, altoscope_family_to_string (family));
}

AltoscopeDhcpAnswer *
altoscope_dhcp_cache_lookup (AltoscopeDhcpCache *self,
                             AltoscopeLink      *link,
                             AltoscopeFamily     family)
{
  g_autofree char *key = entry_key (link, family);
  g_autofree char *print = NULL;
  Entry *e = g_hash_table_lookup (self->entries, key);

  if (e == NULL || e->answer == NULL)
    return NULL;
  print = altoscope_link_fingerprint (link, family, FALSE);
  if (!g_str_equal (print, e->link_print) || g_get_monotonic_time () >= e->expires_at)
    return NULL;
  return e->answer;
}

gboolean
altoscope_dhcp_cache_get_asking (AltoscopeDhcpCache *self,
                                 AltoscopeLink      *link,
                                 AltoscopeFamily     family)
{
  g_autofree char *key = entry_key (link, family);
  Entry *e = g_hash_table_lookup (self->entries, key);

  return e != NULL && e->asking != NULL;
}

gboolean
altoscope_dhcp_cache_get_busy (AltoscopeDhcpCache *self)
{
  return self->busy > 0;
}

static gboolean
on_expired_cb (gpointer data)
{
  Entry *e = data;
  AltoscopeDhcpCache *self = e->self;

  altoscope_source_clear (&e->expire);
  g_clear_pointer (&e->answer, altoscope_dhcp_answer_unref);
  g_signal_emit (self, signals[CHANGED], 0, e->key);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  AltoscopeDhcpCache *self;     /* weak */
  char *key;
  GCancellable *cancellable;
  gint64 lease_time_s;           /* DHCPv4: the lease's, which the answer is kept for */
} Ask;

static void
on_answer_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Ask *ask = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeDhcpAnswer) answer = altoscope_dhcp_query_finish (result, &error);
  AltoscopeDhcpCache *self = ask->self;
  Entry *e;

  if (self != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self), (gpointer *) &ask->self);
      self->busy--;
    }
  e = self ? g_hash_table_lookup (self->entries, ask->key) : NULL;
  /* Superseded (asked again, or the cache is gone): the old answer is dropped. */
  if (e == NULL || e->asking != ask->cancellable)
    goto out;
  g_clear_object (&e->asking);
  if (answer != NULL)
    {
      gint64 lifetime;
      altoscope_dhcp_answer_set_lease_time (answer, ask->lease_time_s);
      lifetime = answer->lifetime_s > 0 ? answer->lifetime_s : ALTOSCOPE_DHCP_FAILURE_HOLD_S;
      g_clear_pointer (&e->answer, altoscope_dhcp_answer_unref);
      e->answer = g_steal_pointer (&answer);
      e->expires_at = g_get_monotonic_time () + MIN (lifetime, G_MAXINT32) * G_USEC_PER_SEC;
      altoscope_source_clear (&e->expire);
      e->expire = altoscope_timeout_attach_seconds ((guint) MIN (lifetime, G_MAXINT32),
                                                    on_expired_cb, e);
    }
  g_signal_emit (self, signals[CHANGED], 0, e->key);

out:
  g_object_unref (ask->cancellable);
  g_free (ask->key);
  g_free (ask);
}

void
altoscope_dhcp_cache_ask (AltoscopeDhcpCache *self,
                          AltoscopeLink      *link,
                          AltoscopeFamily     family)
{
  g_autofree char *key = entry_key (link, family);
  g_autofree char *server = NULL;
  Entry *e = g_hash_table_lookup (self->entries, key);
  AltoscopeDhcpQueryOptions options = { 0 };
  Ask *ask;

  if (e == NULL)
    {
      e = g_new0 (Entry, 1);
      e->self = self;
      e->key = g_steal_pointer (&key);
      g_hash_table_insert (self->entries, e->key, e);
    }
  if (e->asking != NULL)
    g_cancellable_cancel (e->asking);
  g_clear_object (&e->asking);
  {
    /* An answer for the link as it was does not hold for the link as it is. */
    g_autofree char *print = altoscope_link_fingerprint (link, family, FALSE);
    if (g_strcmp0 (print, e->link_print) != 0)
      g_clear_pointer (&e->answer, altoscope_dhcp_answer_unref);
    g_free (e->link_print);
    e->link_print = g_steal_pointer (&print);
  }
  e->asking = g_cancellable_new ();

  ask = g_new0 (Ask, 1);
  altoscope_dhcp_lease_facts (link, family, &server, &ask->lease_time_s);
  options.interface = altoscope_link_get_ip_interface (link);
  options.family = family;
  options.server = server;

  ask->self = self;
  g_object_add_weak_pointer (G_OBJECT (self), (gpointer *) &ask->self);
  ask->key = g_strdup (e->key);
  ask->cancellable = g_object_ref (e->asking);
  self->busy++;
  self->asker (&options, e->asking, on_answer_cb, ask, self->asker_data);
  g_signal_emit (self, signals[CHANGED], 0, e->key);
}

void
altoscope_dhcp_cache_cancel_all (AltoscopeDhcpCache *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Entry *e = value;
      if (e->asking != NULL)
        g_cancellable_cancel (e->asking);
    }
}

/* ---- the lease --------------------------------------------------------------- */

gboolean
altoscope_dhcp_lease_lacks_option (AltoscopeLink   *link,
                                   AltoscopeFamily  family)
{
  g_autoptr(GPtrArray) values = altoscope_dhcp_find_alto_values (
      altoscope_link_get_dhcp_options (link, family), family);

  for (guint i = 0; i < values->len; i++)
    {
      AltoscopeDhcpValue *v = values->pdata[i];
      if (v->domain != NULL && v->option != 15)
        return FALSE;
    }
  return TRUE;
}

void
altoscope_dhcp_lease_facts (AltoscopeLink   *link,
                            AltoscopeFamily  family,
                            char           **server,
                            gint64          *lease_time_s)
{
  GHashTable *options = altoscope_link_get_dhcp_options (link, family);
  const char *id = options ? g_hash_table_lookup (options, "dhcp_server_identifier") : NULL;
  const char *lease = options ? g_hash_table_lookup (options, "dhcp_lease_time") : NULL;
  g_autoptr(GInetAddress) inet = id ? g_inet_address_new_from_string (id) : NULL;
  guint64 v;

  if (server != NULL)
    *server = family == ALTOSCOPE_FAMILY_IPV4 && inet != NULL
              && g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV4 ? g_strdup (id) : NULL;
  if (lease_time_s != NULL)
    *lease_time_s = family == ALTOSCOPE_FAMILY_IPV4 && lease != NULL
                    && g_ascii_string_to_unsigned (lease, 10, 1, G_MAXUINT32, &v, NULL)
                    ? (gint64) v : -1;
}
