/* altoscope-nm-model.c
 *
 * A GListModel of AltoscopeLink snapshots.  libnm is followed by signals
 * only: every device, active connection, IP and DHCP configuration gets its
 * "notify" handlers when first seen, and any of them schedules one rebuild
 * a little later, so a burst of changes (a new lease changes a dozen
 * properties) makes one update.  Links whose snapshot did not change keep
 * their object, so views and per-pair state follow them.
 *
 * NetworkManager going away is survived: NMClient reports nm-running FALSE
 * and empties its lists; the model empties too, and fills again when
 * NetworkManager is back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <NetworkManager.h>
#include <glib/gi18n-lib.h>

#include "altoscope-json.h"
#include "altoscope-source.h"
#include "altoscope-nm-model.h"

#define REFRESH_DELAY_MS 150

struct _AltoscopeNmModel
{
  GObject parent_instance;

  NMClient *client;
  GCancellable *cancellable;
  GPtrArray *links;           /* AltoscopeLink */
  GSource *refresh;
  gboolean disposed;            /* no more refreshes: see dispose */
  gboolean ready;
  char *status;               /* translated; NULL while all is well */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AltoscopeNmModel, altoscope_nm_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum { PROP_0, PROP_READY, PROP_NM_RUNNING, PROP_STATUS, N_PROPS };
static GParamSpec *properties[N_PROPS];

static GType
get_item_type (GListModel *model)
{
  return ALTOSCOPE_TYPE_LINK;
}

static guint
get_n_items (GListModel *model)
{
  return ALTOSCOPE_NM_MODEL (model)->links->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  AltoscopeNmModel *self = ALTOSCOPE_NM_MODEL (model);
  if (position >= self->links->len)
    return NULL;
  return g_object_ref (self->links->pdata[position]);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void schedule_refresh (AltoscopeNmModel *self);

static void
on_anything_changed_cb (AltoscopeNmModel *self)
{
  schedule_refresh (self);
}

/* Connects our handlers to @object once in its life. */
static void
watch (AltoscopeNmModel *self,
       gpointer          object)
{
  if (object == NULL || g_object_get_data (object, "altoscope-watched") == self)
    return;
  g_object_set_data (object, "altoscope-watched", self);
  g_signal_connect_object (object, "notify", G_CALLBACK (on_anything_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static GStrv
addresses_of (NMIPConfig *config)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  GPtrArray *addrs = config ? nm_ip_config_get_addresses (config) : NULL;

  for (guint i = 0; addrs && i < addrs->len; i++)
    {
      NMIPAddress *a = addrs->pdata[i];
      g_autofree char *s = g_strdup_printf ("%s/%u", nm_ip_address_get_address (a),
                                            nm_ip_address_get_prefix (a));
      g_strv_builder_add (b, s);
    }
  return g_strv_builder_end (b);
}

static GHashTable *
options_of (NMDhcpConfig *config)
{
  GHashTable *src = config ? nm_dhcp_config_get_options (config) : NULL;
  GHashTable *copy;
  GHashTableIter iter;
  gpointer k, v;

  if (src == NULL)
    return NULL;
  copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, src);
  while (g_hash_table_iter_next (&iter, &k, &v))
    g_hash_table_insert (copy, g_strdup (k), g_strdup (v));
  return copy;
}

static AltoscopeLinkState
link_state (NMDeviceState state)
{
  switch (state)
    {
    case NM_DEVICE_STATE_UNMANAGED: return ALTOSCOPE_LINK_STATE_UNMANAGED;
    case NM_DEVICE_STATE_UNAVAILABLE: return ALTOSCOPE_LINK_STATE_UNAVAILABLE;
    case NM_DEVICE_STATE_DISCONNECTED: return ALTOSCOPE_LINK_STATE_DISCONNECTED;
    case NM_DEVICE_STATE_PREPARE:
    case NM_DEVICE_STATE_CONFIG:
    case NM_DEVICE_STATE_NEED_AUTH:
    case NM_DEVICE_STATE_IP_CONFIG:
    case NM_DEVICE_STATE_IP_CHECK:
    case NM_DEVICE_STATE_SECONDARIES: return ALTOSCOPE_LINK_STATE_CONNECTING;
    case NM_DEVICE_STATE_ACTIVATED: return ALTOSCOPE_LINK_STATE_CONNECTED;
    case NM_DEVICE_STATE_DEACTIVATING: return ALTOSCOPE_LINK_STATE_DISCONNECTING;
    case NM_DEVICE_STATE_FAILED: return ALTOSCOPE_LINK_STATE_FAILED;
    case NM_DEVICE_STATE_UNKNOWN:
    default: return ALTOSCOPE_LINK_STATE_UNKNOWN;
    }
}

static void
fill_ip (AltoscopeLink   *link,
         AltoscopeFamily  family,
         NMIPConfig      *ip,
         NMDhcpConfig    *dhcp)
{
  g_auto(GStrv) addrs = addresses_of (ip);
  g_autoptr(GHashTable) options = options_of (dhcp);

  altoscope_link_set_addresses (link, family, (const char * const *) addrs);
  altoscope_link_set_dns (link, family, ip ? nm_ip_config_get_nameservers (ip) : NULL);
  altoscope_link_set_dhcp_options (link, family, options);
}

static AltoscopeLink *
link_from_device (AltoscopeNmModel *self,
                  NMDevice         *device)
{
  NMIPConfig *ip4 = nm_device_get_ip4_config (device);
  NMIPConfig *ip6 = nm_device_get_ip6_config (device);
  NMActiveConnection *ac = nm_device_get_active_connection (device);
  AltoscopeLink *link;
  const char *iface = nm_device_get_ip_iface (device);

  if (iface == NULL)
    iface = nm_device_get_iface (device);
  if (iface == NULL || nm_device_get_device_type (device) == NM_DEVICE_TYPE_LOOPBACK)
    return NULL;
  if (ip4 == NULL && ip6 == NULL)
    return NULL;

  watch (self, ip4);
  watch (self, ip6);
  watch (self, nm_device_get_dhcp4_config (device));
  watch (self, nm_device_get_dhcp6_config (device));

  link = altoscope_link_new (iface, nm_device_get_type_description (device));
  altoscope_link_set_state (link, link_state (nm_device_get_state (device)));
  if (ac != NULL)
    altoscope_link_set_connection (link, nm_active_connection_get_id (ac),
                                   nm_active_connection_get_uuid (ac));
  fill_ip (link, ALTOSCOPE_FAMILY_IPV4, ip4, nm_device_get_dhcp4_config (device));
  fill_ip (link, ALTOSCOPE_FAMILY_IPV6, ip6, nm_device_get_dhcp6_config (device));
  return link;
}

static AltoscopeLink *
link_from_vpn (AltoscopeNmModel   *self,
               NMActiveConnection *ac)
{
  NMIPConfig *ip4 = nm_active_connection_get_ip4_config (ac);
  NMIPConfig *ip6 = nm_active_connection_get_ip6_config (ac);
  const GPtrArray *devices = nm_active_connection_get_devices (ac);
  AltoscopeLink *link;

  watch (self, ip4);
  watch (self, ip6);
  watch (self, nm_active_connection_get_dhcp4_config (ac));
  watch (self, nm_active_connection_get_dhcp6_config (ac));

  /* libnm 1.42 names no interface for a VPN; it is known by its connection. */
  link = altoscope_link_new (nm_active_connection_get_id (ac), "vpn");
  altoscope_link_set_connection (link, nm_active_connection_get_id (ac),
                                 nm_active_connection_get_uuid (ac));
  altoscope_link_set_vpn (link, devices && devices->len > 0
                                  ? nm_device_get_iface (devices->pdata[0]) : NULL);
  altoscope_link_set_state (link, nm_active_connection_get_state (ac)
                                    == NM_ACTIVE_CONNECTION_STATE_ACTIVATED
                                  ? ALTOSCOPE_LINK_STATE_CONNECTED
                                  : ALTOSCOPE_LINK_STATE_CONNECTING);
  fill_ip (link, ALTOSCOPE_FAMILY_IPV4, ip4, nm_active_connection_get_dhcp4_config (ac));
  fill_ip (link, ALTOSCOPE_FAMILY_IPV6, ip6, nm_active_connection_get_dhcp6_config (ac));
  return link;
}

static gboolean
same_addresses (AltoscopeLink *a,
                AltoscopeLink *b)
{
  const char * const *aa = altoscope_link_get_addresses (a, ALTOSCOPE_FAMILY_IPV4);
  const char * const *ba = altoscope_link_get_addresses (b, ALTOSCOPE_FAMILY_IPV4);
  return aa[0] != NULL && g_strv_equal ((const char * const *) aa, (const char * const *) ba);
}

/* libnm 1.42 names no interface for a VPN, but its tunnel shows up as a
 * device of its own (often with a generated external connection) carrying
 * exactly the VPN's IPv4 addresses.  That device is folded into the VPN's
 * entry, as the interface its traffic goes out of, instead of being listed
 * twice. */
static void
fold_tunnels (GPtrArray *links)
{
  for (guint i = 0; i < links->len; i++)
    {
      AltoscopeLink *vpn = links->pdata[i];

      if (!altoscope_link_get_is_vpn (vpn))
        continue;
      for (guint j = 0; j < links->len; j++)
        {
          AltoscopeLink *dev = links->pdata[j];
          if (altoscope_link_get_is_vpn (dev) || !same_addresses (vpn, dev)
              || g_strcmp0 (altoscope_link_get_name (dev), altoscope_link_get_parent (vpn)) == 0)
            continue;
          altoscope_link_set_ip_interface (vpn, altoscope_link_get_name (dev));
          g_ptr_array_remove_index (links, j);
          if (j < i)
            i--;
          break;
        }
    }
}

static void
set_status (AltoscopeNmModel *self,
            const char       *status)
{
  if (g_strcmp0 (self->status, status) == 0)
    return;
  g_free (self->status);
  self->status = g_strdup (status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static gboolean
refresh_cb (gpointer data)
{
  AltoscopeNmModel *self = data;
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);
  const GPtrArray *devices, *actives;
  guint old_len = self->links->len;

  altoscope_source_clear (&self->refresh);

  if (self->client != NULL && nm_client_get_nm_running (self->client))
    {
      devices = nm_client_get_devices (self->client);
      for (guint i = 0; i < devices->len; i++)
        {
          AltoscopeLink *link;
          watch (self, devices->pdata[i]);
          link = link_from_device (self, devices->pdata[i]);
          if (link != NULL)
            g_ptr_array_add (fresh, link);
        }
      actives = nm_client_get_active_connections (self->client);
      for (guint i = 0; i < actives->len; i++)
        {
          NMActiveConnection *ac = actives->pdata[i];
          watch (self, ac);
          if (nm_active_connection_get_vpn (ac))
            g_ptr_array_add (fresh, link_from_vpn (self, ac));
        }
      set_status (self, NULL);
    }
  else if (self->client != NULL)
    set_status (self, _("NetworkManager is not running: interfaces and DHCP options are unknown; "
                        "overrides still work"));

  fold_tunnels (fresh);

  /* A link that was there before keeps its object, updated in place:
   * views bound to it stay, and only what changed is notified.  The list
   * itself changes only where links came or went. */
  for (guint i = 0; i < fresh->len; i++)
    {
      g_autofree char *key = altoscope_link_dup_key (fresh->pdata[i]);
      for (guint j = 0; j < self->links->len; j++)
        {
          g_autofree char *old_key = altoscope_link_dup_key (self->links->pdata[j]);
          if (g_str_equal (old_key, key))
            {
              AltoscopeLink *snapshot = fresh->pdata[i];
              fresh->pdata[i] = g_object_ref (self->links->pdata[j]);
              altoscope_link_update_from (fresh->pdata[i], snapshot);
              g_object_unref (snapshot);
              break;
            }
        }
    }

  /* The first fill is told as "ready" before its items-changed: a
   * scheduler that heard of the links while they were not yet ready would
   * take them for a change to coalesce (200 ms), not for the first update,
   * which runs at once.  The list itself changes right after, in this same
   * call, so whoever reads it after the loop turns finds it full. */
  if (!self->ready)
    {
      self->ready = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
    }

  {
    guint n_new = fresh->len, prefix = 0, suffix = 0;
    GPtrArray *old = self->links;

    while (prefix < old_len && prefix < n_new && old->pdata[prefix] == fresh->pdata[prefix])
      prefix++;
    while (suffix < old_len - prefix && suffix < n_new - prefix
           && old->pdata[old_len - 1 - suffix] == fresh->pdata[n_new - 1 - suffix])
      suffix++;
    self->links = g_steal_pointer (&fresh);
    if (prefix != old_len || prefix != n_new)
      g_list_model_items_changed (G_LIST_MODEL (self), prefix, old_len - prefix - suffix,
                                  n_new - prefix - suffix);
    g_ptr_array_unref (old);
  }

  return G_SOURCE_REMOVE;
}

static void
schedule_refresh (AltoscopeNmModel *self)
{
  if (self->refresh == NULL && !self->disposed)
    self->refresh = altoscope_timeout_attach (REFRESH_DELAY_MS, G_PRIORITY_DEFAULT, refresh_cb,
                                              self, NULL);
}

static void
on_nm_running_cb (AltoscopeNmModel *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NM_RUNNING]);
  schedule_refresh (self);
}

static void
on_client_ready_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(GError) error = NULL;
  NMClient *client = nm_client_new_finish (result, &error);
  AltoscopeNmModel *self;

  if (client == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = ALTOSCOPE_NM_MODEL (data);

  if (client == NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("NetworkManager cannot be reached: %s"),
                                              error->message);
      set_status (self, msg);
      self->ready = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
      return;
    }

  self->client = client;
  g_signal_connect_object (client, "notify::nm-running", G_CALLBACK (on_nm_running_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "device-added", G_CALLBACK (on_anything_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "device-removed", G_CALLBACK (on_anything_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "active-connection-added",
                           G_CALLBACK (on_anything_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "active-connection-removed",
                           G_CALLBACK (on_anything_changed_cb), self, G_CONNECT_SWAPPED);
  /* Cold-plug at once; later changes are coalesced.  "nm-running" is told
   * after it, with the links ready: told before, a scheduler would take it
   * for a change to coalesce and hold its first update back 200 ms. */
  refresh_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NM_RUNNING]);
}

static void
altoscope_nm_model_dispose (GObject *object)
{
  AltoscopeNmModel *self = ALTOSCOPE_NM_MODEL (object);

  /* Releasing the client can still make its objects notify, which would
   * schedule a refresh of a model about to be freed. */
  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  altoscope_source_clear (&self->refresh);
  G_OBJECT_CLASS (altoscope_nm_model_parent_class)->dispose (object);
}

static void
altoscope_nm_model_finalize (GObject *object)
{
  AltoscopeNmModel *self = ALTOSCOPE_NM_MODEL (object);

  g_ptr_array_unref (self->links);
  g_free (self->status);
  G_OBJECT_CLASS (altoscope_nm_model_parent_class)->finalize (object);
}

static void
altoscope_nm_model_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  AltoscopeNmModel *self = ALTOSCOPE_NM_MODEL (object);

  switch (prop_id)
    {
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;
    case PROP_NM_RUNNING:
      g_value_set_boolean (value, altoscope_nm_model_get_nm_running (self));
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
altoscope_nm_model_class_init (AltoscopeNmModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = altoscope_nm_model_dispose;
  object_class->finalize = altoscope_nm_model_finalize;
  object_class->get_property = altoscope_nm_model_get_property;

  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NM_RUNNING] =
    g_param_spec_boolean ("nm-running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
altoscope_nm_model_init (AltoscopeNmModel *self)
{
  self->links = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
}

AltoscopeNmModel *
altoscope_nm_model_new (void)
{
  AltoscopeNmModel *self = g_object_new (ALTOSCOPE_TYPE_NM_MODEL, NULL);

  nm_client_new_async (self->cancellable, on_client_ready_cb, self);
  return self;
}

/* What libnm keeps on the client's main context until it has let go of
 * it (nm_client_get_context_busy_watcher), or NULL without a client: a
 * thread iterates its context until this is finalized before it ends. */
GObject *
altoscope_nm_model_get_busy_watcher (AltoscopeNmModel *self)
{
  return self->client ? nm_client_get_context_busy_watcher (self->client) : NULL;
}

gboolean
altoscope_nm_model_get_ready (AltoscopeNmModel *self)
{
  return self->ready;
}

gboolean
altoscope_nm_model_get_nm_running (AltoscopeNmModel *self)
{
  return self->client != NULL && nm_client_get_nm_running (self->client);
}

const char *
altoscope_nm_model_get_status (AltoscopeNmModel *self)
{
  return self->status;
}

/* The first entry named @name_or_uuid (a name, or a VPN's connection UUID). */
AltoscopeLink *
altoscope_nm_model_find (AltoscopeNmModel *self,
                         const char       *name_or_uuid)
{
  for (guint i = 0; i < self->links->len; i++)
    if (altoscope_link_matches (self->links->pdata[i], name_or_uuid))
      return self->links->pdata[i];
  return NULL;
}

/* NetworkManager's NMState, as `nmcli general` names it. */
static const char *
nm_state_name (NMState state)
{
  switch (state)
    {
    case NM_STATE_ASLEEP: return "asleep";
    case NM_STATE_DISCONNECTED: return "disconnected";
    case NM_STATE_DISCONNECTING: return "disconnecting";
    case NM_STATE_CONNECTING: return "connecting";
    case NM_STATE_CONNECTED_LOCAL: return "connected-local";
    case NM_STATE_CONNECTED_SITE: return "connected-site";
    case NM_STATE_CONNECTED_GLOBAL: return "connected-global";
    case NM_STATE_UNKNOWN:
    default: return "unknown";
    }
}

/* Whether NetworkManager runs, and what it says when not all is well, as
 * the "networkmanager" member of a report (`discover --json`, a report the
 * window saves) and of `interfaces --json` and `watch --json`:
 * {"running": bool, "status": string or null, "version": string or null,
 * "state": string or null}.  A contract with scripts,
 * written here once. */
JsonNode *
altoscope_nm_model_status_to_json (AltoscopeNmModel *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  gboolean running = altoscope_nm_model_get_nm_running (self);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "running");
  json_builder_add_boolean_value (b, running);
  altoscope_json_add_string_or_null (b, "status", self->status);
  /* Added for the help desk (issue 16): which NetworkManager, and its
   * overall state in its own words (NMState); null when not running. */
  altoscope_json_add_string_or_null (b, "version",
                                     running ? nm_client_get_version (self->client) : NULL);
  altoscope_json_add_string_or_null (b, "state",
                                     running ? nm_state_name (nm_client_get_state (self->client))
                                     : NULL);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* A scheduler for the links of @self, told when they are known ("ready")
 * and when NetworkManager is away ("nm-running"). */
AltoscopeScheduler *
altoscope_nm_model_create_scheduler (AltoscopeNmModel   *self,
                                     AltoscopeOverrides *overrides,
                                     AltoscopeBackoff   *backoff,
                                     guint               timeout_ms)
{
  AltoscopeScheduler *scheduler = altoscope_scheduler_new (G_LIST_MODEL (self), overrides,
                                                           backoff, timeout_ms);

  g_object_bind_property (self, "ready", scheduler, "links-ready", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self, "nm-running", scheduler, "links-available",
                          G_BINDING_SYNC_CREATE);
  return scheduler;
}
