/* altoscope-link.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "altoscope-dhcp.h"
#include "altoscope-link.h"

struct _AltoscopeLink
{
  GObject parent_instance;

  char *name;
  char *kind;
  char *state;
  gboolean is_vpn;
  char *parent;
  char *ip_interface;       /* a VPN's tunnel interface, when known */
  char *connection_id;
  char *connection_uuid;
  GStrv addresses[ALTOSCOPE_N_FAMILIES];
  GStrv dns[ALTOSCOPE_N_FAMILIES];
  GHashTable *dhcp[ALTOSCOPE_N_FAMILIES];   /* NULL: no DHCP lease for this family */
};

G_DEFINE_FINAL_TYPE (AltoscopeLink, altoscope_link, G_TYPE_OBJECT)

const char *
altoscope_family_to_string (AltoscopeFamily family)
{
  return family == ALTOSCOPE_FAMILY_IPV6 ? "ipv6" : "ipv4";
}

gboolean
altoscope_family_from_string (const char      *str,
                              AltoscopeFamily *family)
{
  if (g_strcmp0 (str, "ipv4") == 0)
    *family = ALTOSCOPE_FAMILY_IPV4;
  else if (g_strcmp0 (str, "ipv6") == 0)
    *family = ALTOSCOPE_FAMILY_IPV6;
  else
    return FALSE;
  return TRUE;
}

static void
altoscope_link_finalize (GObject *object)
{
  AltoscopeLink *self = ALTOSCOPE_LINK (object);

  g_free (self->name);
  g_free (self->kind);
  g_free (self->state);
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
altoscope_link_class_init (AltoscopeLinkClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = altoscope_link_finalize;
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

/* The interface the entry's traffic uses, for interface overrides: a
 * device's own name; for a VPN its tunnel device, if known (never its
 * display name, which may be anything, “eth0” included). */
const char *
altoscope_link_get_interface (AltoscopeLink *self)
{
  return self->is_vpn ? self->ip_interface : self->name;
}
const char *altoscope_link_get_kind (AltoscopeLink *self) { return self->kind; }
const char *altoscope_link_get_state (AltoscopeLink *self) { return self->state; }
gboolean altoscope_link_get_is_vpn (AltoscopeLink *self) { return self->is_vpn; }
const char *altoscope_link_get_parent (AltoscopeLink *self) { return self->parent; }
const char *altoscope_link_get_connection_id (AltoscopeLink *self) { return self->connection_id; }
const char *altoscope_link_get_connection_uuid (AltoscopeLink *self) { return self->connection_uuid; }

void
altoscope_link_set_state (AltoscopeLink *self,
                          const char    *state)
{
  g_free (self->state);
  self->state = g_strdup (state);
}

void
altoscope_link_set_vpn (AltoscopeLink *self,
                        const char    *parent)
{
  self->is_vpn = TRUE;
  g_free (self->parent);
  self->parent = g_strdup (parent);
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
  g_free (self->ip_interface);
  self->ip_interface = g_strdup (ip_interface);
}

void
altoscope_link_set_connection (AltoscopeLink *self,
                               const char    *id,
                               const char    *uuid)
{
  g_free (self->connection_id);
  self->connection_id = g_strdup (id);
  g_free (self->connection_uuid);
  self->connection_uuid = g_strdup (uuid);
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
                          self->state ? self->state : "", addrs, dns4, dns6,
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
