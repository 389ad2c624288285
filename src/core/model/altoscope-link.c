/* altoscope-link.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <gio/gio.h>

#include "altoscope-dhcp.h"
#include "altoscope-enum.h"
#include "altoscope-link.h"

struct _AltoscopeLink
{
  GObject parent_instance;

  char *name;
  char *kind;
  AltoscopeLinkState state;
  gboolean is_vpn;
  char *parent;
  char *ip_interface;       /* a VPN's tunnel interface, when known */
  char *connection_id;
  char *connection_uuid;
  GStrv addresses[ALTOSCOPE_N_FAMILIES];
  GStrv dns[ALTOSCOPE_N_FAMILIES];
  GHashTable *dhcp[ALTOSCOPE_N_FAMILIES];   /* NULL: no DHCP lease for this family */
};

/* The one name table: the nicks are the contract's link states. */
G_DEFINE_ENUM_TYPE (AltoscopeLinkState, altoscope_link_state,
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_LINK_STATE_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_LINK_STATE_UNMANAGED, "unmanaged"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_LINK_STATE_UNAVAILABLE, "unavailable"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_LINK_STATE_DISCONNECTED, "disconnected"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_LINK_STATE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_LINK_STATE_CONNECTED, "connected"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_LINK_STATE_DISCONNECTING, "disconnecting"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_LINK_STATE_FAILED, "failed"))

const char *
altoscope_link_state_to_string (AltoscopeLinkState state)
{
  const char *nick = altoscope_enum_to_nick (ALTOSCOPE_TYPE_LINK_STATE, state);

  return nick != NULL ? nick : "unknown";
}

G_DEFINE_FINAL_TYPE (AltoscopeLink, altoscope_link, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_NAME,
  PROP_KEY,
  PROP_KIND,
  PROP_STATE,
  PROP_IS_VPN,
  PROP_PARENT,
  PROP_IP_INTERFACE,
  PROP_CONNECTION_ID,
  PROP_CONNECTION_UUID,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
altoscope_link_finalize (GObject *object)
{
  AltoscopeLink *self = ALTOSCOPE_LINK (object);

  g_free (self->name);
  g_free (self->kind);
  g_free (self->parent);
  g_free (self->ip_interface);
  g_free (self->connection_id);
  g_free (self->connection_uuid);
  for (int f = 0; f < ALTOSCOPE_N_FAMILIES; f++)
    {
      g_strfreev (self->addresses[f]);
      g_strfreev (self->dns[f]);
      g_clear_pointer (&self->dhcp[f], g_hash_table_unref);
    }
  G_OBJECT_CLASS (altoscope_link_parent_class)->finalize (object);
}

static void
altoscope_link_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  AltoscopeLink *self = ALTOSCOPE_LINK (object);

  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_KEY: g_value_take_string (value, altoscope_link_dup_key (self)); break;
    case PROP_KIND: g_value_set_string (value, self->kind); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_IS_VPN: g_value_set_boolean (value, self->is_vpn); break;
    case PROP_PARENT: g_value_set_string (value, self->parent); break;
    case PROP_IP_INTERFACE: g_value_set_string (value, altoscope_link_get_ip_interface (self)); break;
    case PROP_CONNECTION_ID: g_value_set_string (value, self->connection_id); break;
    case PROP_CONNECTION_UUID: g_value_set_string (value, self->connection_uuid); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
altoscope_link_class_init (AltoscopeLinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = altoscope_link_finalize;
  object_class->get_property = altoscope_link_get_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  properties[PROP_KEY] = g_param_spec_string ("key", NULL, NULL, NULL, ro);
  properties[PROP_KIND] = g_param_spec_string ("kind", NULL, NULL, NULL, ro);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, ALTOSCOPE_TYPE_LINK_STATE,
                                              ALTOSCOPE_LINK_STATE_UNKNOWN, ro);
  properties[PROP_IS_VPN] = g_param_spec_boolean ("is-vpn", NULL, NULL, FALSE, ro);
  properties[PROP_PARENT] = g_param_spec_string ("parent", NULL, NULL, NULL, ro);
  properties[PROP_IP_INTERFACE] = g_param_spec_string ("ip-interface", NULL, NULL, NULL, ro);
  properties[PROP_CONNECTION_ID] = g_param_spec_string ("connection-id", NULL, NULL, NULL, ro);
  properties[PROP_CONNECTION_UUID] = g_param_spec_string ("connection-uuid", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Anything changed, addresses, DNS servers and DHCP options included
   * (which are not properties): emitted by altoscope_link_update_from(). */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static gboolean
set_string (AltoscopeLink  *self,
            char          **field,
            const char     *value,
            int             prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  return TRUE;
}

/* Makes @self what @snapshot says, in place, notifying each property that
 * changed and then "changed" if anything did; TRUE then.  A live model
 * keeps its objects this way, so that views bound to them stay. */
gboolean
altoscope_link_update_from (AltoscopeLink *self,
                            AltoscopeLink *snapshot)
{
  gboolean changed = FALSE;

  g_return_val_if_fail (ALTOSCOPE_IS_LINK (self) && ALTOSCOPE_IS_LINK (snapshot), FALSE);

  g_object_freeze_notify (G_OBJECT (self));
  changed |= set_string (self, &self->name, snapshot->name, PROP_NAME);
  changed |= set_string (self, &self->kind, snapshot->kind, PROP_KIND);
  if (self->state != snapshot->state)
    {
      self->state = snapshot->state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
      changed = TRUE;
    }
  changed |= set_string (self, &self->parent, snapshot->parent, PROP_PARENT);
  changed |= set_string (self, &self->ip_interface, snapshot->ip_interface, PROP_IP_INTERFACE);
  changed |= set_string (self, &self->connection_id, snapshot->connection_id,
                         PROP_CONNECTION_ID);
  changed |= set_string (self, &self->connection_uuid, snapshot->connection_uuid,
                         PROP_CONNECTION_UUID);
  if (self->is_vpn != snapshot->is_vpn)
    {
      self->is_vpn = snapshot->is_vpn;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_VPN]);
      changed = TRUE;
    }
  for (int f = 0; f < ALTOSCOPE_N_FAMILIES; f++)
    {
      g_autofree char *before = altoscope_link_fingerprint (self, f, TRUE);
      g_autofree char *after = altoscope_link_fingerprint (snapshot, f, TRUE);

      altoscope_link_set_addresses (self, f, (const char * const *) snapshot->addresses[f]);
      altoscope_link_set_dns (self, f, (const char * const *) snapshot->dns[f]);
      altoscope_link_set_dhcp_options (self, f, snapshot->dhcp[f]);
      if (!g_str_equal (before, after))
        changed = TRUE;
    }
  g_object_thaw_notify (G_OBJECT (self));
  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);
  return changed;
}

static void
altoscope_link_init (AltoscopeLink *self)
{
  for (int f = 0; f < ALTOSCOPE_N_FAMILIES; f++)
    {
      self->addresses[f] = g_new0 (char *, 1);
      self->dns[f] = g_new0 (char *, 1);
    }
}

AltoscopeLink *
altoscope_link_new (const char *name,
                    const char *kind)
{
  AltoscopeLink *self = g_object_new (ALTOSCOPE_TYPE_LINK, NULL);
  self->name = g_strdup (name);
  self->kind = g_strdup (kind);
  return self;
}

const char *altoscope_link_get_name (AltoscopeLink *self) { return self->name; }

/* What tells one entry from another, for as long as it exists: a device by
 * its interface name (unique on a host), a VPN by its connection UUID (two
 * VPNs may share a name, and a VPN may be named like a device). */
char *
altoscope_link_dup_key (AltoscopeLink *self)
{
  if (self->is_vpn && self->connection_uuid != NULL)
    return g_strdup_printf ("vpn:%s", self->connection_uuid);
  return g_strdup_printf ("dev:%s", self->name);
}

/* TRUE when a person's @name_or_uuid (a command-line argument) names this
 * entry: its name, or a VPN's connection UUID. */
gboolean
altoscope_link_matches (AltoscopeLink *self,
                        const char    *name_or_uuid)
{
  return g_strcmp0 (self->name, name_or_uuid) == 0
         || (self->is_vpn && g_strcmp0 (self->connection_uuid, name_or_uuid) == 0);
}

const char *altoscope_link_get_kind (AltoscopeLink *self) { return self->kind; }
gboolean altoscope_link_get_is_vpn (AltoscopeLink *self) { return self->is_vpn; }
const char *altoscope_link_get_parent (AltoscopeLink *self) { return self->parent; }
const char *altoscope_link_get_connection_id (AltoscopeLink *self) { return self->connection_id; }
const char *altoscope_link_get_connection_uuid (AltoscopeLink *self) { return self->connection_uuid; }

AltoscopeLinkState altoscope_link_get_state (AltoscopeLink *self) { return self->state; }

void
altoscope_link_set_state (AltoscopeLink      *self,
                          AltoscopeLinkState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
altoscope_link_set_vpn (AltoscopeLink *self,
                        const char    *parent)
{
  if (!self->is_vpn)
    {
      self->is_vpn = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_VPN]);
    }
  set_string (self, &self->parent, parent, PROP_PARENT);
}

/* The interface the link's traffic goes out of: a VPN's tunnel, when
 * known, else the link's own name for devices, else NULL. */
const char *
altoscope_link_get_ip_interface (AltoscopeLink *self)
{
  if (self->ip_interface != NULL)
    return self->ip_interface;
  return self->is_vpn ? NULL : self->name;
}

void
altoscope_link_set_ip_interface (AltoscopeLink *self,
                                 const char    *ip_interface)
{
  set_string (self, &self->ip_interface, ip_interface, PROP_IP_INTERFACE);
}

void
altoscope_link_set_connection (AltoscopeLink *self,
                               const char    *id,
                               const char    *uuid)
{
  set_string (self, &self->connection_id, id, PROP_CONNECTION_ID);
  set_string (self, &self->connection_uuid, uuid, PROP_CONNECTION_UUID);
}

const char * const *
altoscope_link_get_addresses (AltoscopeLink   *self,
                              AltoscopeFamily  family)
{
  return (const char * const *) self->addresses[family];
}

void
altoscope_link_set_addresses (AltoscopeLink      *self,
                              AltoscopeFamily     family,
                              const char * const *addresses)
{
  g_strfreev (self->addresses[family]);
  self->addresses[family] = addresses ? g_strdupv ((GStrv) addresses) : g_new0 (char *, 1);
}

const char * const *
altoscope_link_get_dns (AltoscopeLink   *self,
                        AltoscopeFamily  family)
{
  return (const char * const *) self->dns[family];
}

void
altoscope_link_set_dns (AltoscopeLink      *self,
                        AltoscopeFamily     family,
                        const char * const *servers)
{
  g_strfreev (self->dns[family]);
  self->dns[family] = servers ? g_strdupv ((GStrv) servers) : g_new0 (char *, 1);
}

GHashTable *
altoscope_link_get_dhcp_options (AltoscopeLink   *self,
                                 AltoscopeFamily  family)
{
  return self->dhcp[family];
}

void
altoscope_link_set_dhcp_options (AltoscopeLink   *self,
                                 AltoscopeFamily  family,
                                 GHashTable      *options)
{
  g_clear_pointer (&self->dhcp[family], g_hash_table_unref);
  if (options)
    self->dhcp[family] = g_hash_table_ref (options);
}

gboolean
altoscope_link_has_ip (AltoscopeLink   *self,
                       AltoscopeFamily  family)
{
  return self->addresses[family][0] != NULL;
}

/* The address to send from, for traffic that must leave through this link
 * (RFC 7286 §4.2): its first @family address that is not link-local (one
 * would need a scope), without the prefix length; NULL when it has none. */
char *
altoscope_link_dup_source_address (AltoscopeLink   *self,
                                   AltoscopeFamily  family)
{
  for (guint i = 0; self->addresses[family][i] != NULL; i++)
    {
      const char *entry = self->addresses[family][i];
      g_autofree char *bare = g_strndup (entry, strcspn (entry, "/"));
      g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (bare);

      if (inet != NULL && !g_inet_address_get_is_link_local (inet))
        return g_steal_pointer (&bare);
    }
  return NULL;
}

/* Everything discovery for (this link, @family) depends on, as one string:
 * when it changes, earlier results must be dropped (RFC 7286 §4.2).  With
 * @all_options, every DHCP option counts (what a view shows); without, only
 * the ALTO-relevant ones, so that a lease renewal, which moves timers, does
 * not start discovery again. */
char *
altoscope_link_fingerprint (AltoscopeLink   *self,
                            AltoscopeFamily  family,
                            gboolean         all_options)
{
  GString *out = g_string_new (NULL);
  g_autofree char *addrs = g_strjoinv (",", self->addresses[family]);
  g_autofree char *dns4 = g_strjoinv (",", self->dns[ALTOSCOPE_FAMILY_IPV4]);
  g_autofree char *dns6 = g_strjoinv (",", self->dns[ALTOSCOPE_FAMILY_IPV6]);

  g_string_append_printf (out, "%s|%s|%s|%s|%s|%s|%d", self->name,
                          self->connection_uuid ? self->connection_uuid : "",
                          altoscope_link_state_to_string (self->state), addrs, dns4, dns6,
                          self->dhcp[family] != NULL);
  if (self->dhcp[family] != NULL)
    {
      guint n;
      g_autofree const char **keys = altoscope_dhcp_sorted_keys (self->dhcp[family], &n);

      for (guint i = 0; i < n; i++)
        {
          if (!all_options && altoscope_dhcp_option_for_key (keys[i], family) == 0)
            continue;
          g_string_append_printf (out, "|%s=%s", (char *) keys[i],
                                  (char *) g_hash_table_lookup (self->dhcp[family], keys[i]));
        }
    }
  return g_string_free (out, FALSE);
}
