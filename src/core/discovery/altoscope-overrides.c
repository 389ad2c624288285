/* altoscope-overrides.c
 *
 * Stored in GSettings (org.altoscope.Altoscope): "default-domain", and the
 * dictionaries "interface-domains" and "connection-domains" whose keys are
 * "NAME" (both families) or "NAME/ipv4", "NAME/ipv6".  Connection
 * overrides are keyed by the connection's UUID, so that an override set for
 * a VPN follows it when it reconnects under a new interface name (RFC 7286
 * §4.2).
 *
 * Precedence (our choice; RFC 7286 §3.1 asks for per-interface-and-family
 * and default names): the more specific family wins first, then the
 * interface before the connection:
 *   interface+family > connection+family > interface > connection > default.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "altoscope-domain.h"
#include "altoscope-error.h"
#include "altoscope-overrides.h"

struct _AltoscopeOverrides
{
  GObject parent_instance;
  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (AltoscopeOverrides, altoscope_overrides, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
altoscope_overrides_dispose (GObject *object)
{
  AltoscopeOverrides *self = ALTOSCOPE_OVERRIDES (object);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (altoscope_overrides_parent_class)->dispose (object);
}

static void
altoscope_overrides_class_init (AltoscopeOverridesClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = altoscope_overrides_dispose;
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
altoscope_overrides_init (AltoscopeOverrides *self)
{
}

static void
on_settings_changed_cb (AltoscopeOverrides *self,
                        const char         *key)
{
  /* Other settings share the schema (how servers are checked); only the
   * domains are overrides. */
  if (g_str_equal (key, "default-domain") || g_str_equal (key, "interface-domains")
      || g_str_equal (key, "connection-domains"))
    g_signal_emit (self, signals[CHANGED], 0);
}

/* The settings the overrides live in, for the program's other settings
 * (same schema, same store). */
GSettings *
altoscope_overrides_get_settings (AltoscopeOverrides *self)
{
  return self->settings;
}

AltoscopeOverrides *
altoscope_overrides_new (GSettings *settings)
{
  AltoscopeOverrides *self = g_object_new (ALTOSCOPE_TYPE_OVERRIDES, NULL);

  self->settings = g_object_ref (settings);
  g_signal_connect_object (settings, "changed", G_CALLBACK (on_settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return self;
}

/* The schema installed on the system, else the one compiled in the build
 * tree (the README runs Altoscope without installing it).
 *
 * The values live in a key file, ~/.config/altoscope/settings.ini, unless
 * GSETTINGS_BACKEND names a backend: dconf needs a session bus, which a
 * help desk's SSH session or a root shell does not have, and overrides
 * must not be lost there.  The key-file backend watches its file, so the
 * window and a running `watch` see a change made by `override set`. */
AltoscopeOverrides *
altoscope_overrides_new_default (GError **error)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autoptr(GSettings) settings = NULL;

  /* Installed, or (uninstalled) found through GSETTINGS_SCHEMA_DIR. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INTERNAL,
                   _("The settings schema “%s” is not installed"), APP_ID);
      return NULL;
    }

  if (g_getenv ("GSETTINGS_BACKEND") != NULL)
    backend = g_settings_backend_get_default ();
  else
    {
      g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "altoscope", NULL);
      g_autofree char *path = g_build_filename (dir, "settings.ini", NULL);

      /* The backend's file monitor needs the directory to exist. */
      g_mkdir_with_parents (dir, 0700);
      backend = g_keyfile_settings_backend_new (path, "/org/altoscope/Altoscope/", "altoscope");
    }

  settings = g_settings_new_full (schema, backend, NULL);
  return altoscope_overrides_new (settings);
}

const char *
altoscope_scope_to_string (AltoscopeScope scope)
{
  switch (scope)
    {
    case ALTOSCOPE_SCOPE_INTERFACE: return "interface";
    case ALTOSCOPE_SCOPE_CONNECTION: return "connection";
    case ALTOSCOPE_SCOPE_DEFAULT:
    default: return "default";
    }
}

static const char *
dict_key_for (AltoscopeScope scope)
{
  return scope == ALTOSCOPE_SCOPE_INTERFACE ? "interface-domains" : "connection-domains";
}

static char *
lookup_dict (GSettings  *settings,
             const char *dict,
             const char *key)
{
  g_autoptr(GVariant) v = g_settings_get_value (settings, dict);
  const char *value = NULL;

  if (key == NULL || !g_variant_lookup (v, key, "&s", &value))
    return NULL;
  return g_strdup (value);
}

/* The override for (@interface, @connection_uuid, @family), and which kind
 * of override it is (@source), or NULL.  Transfer full. */
char *
altoscope_overrides_lookup (AltoscopeOverrides  *self,
                            const char          *interface,
                            const char          *connection_uuid,
                            AltoscopeFamily      family,
                            AltoscopeDomainSource *source)
{
  const char *fam = altoscope_family_to_string (family);
  g_autofree char *iface_fam = interface ? g_strdup_printf ("%s/%s", interface, fam) : NULL;
  g_autofree char *conn_fam = connection_uuid ? g_strdup_printf ("%s/%s", connection_uuid, fam)
                                              : NULL;
  struct { const char *dict; const char *key; AltoscopeDomainSource source; } order[] = {
    { "interface-domains", iface_fam, ALTOSCOPE_DOMAIN_SOURCE_OVERRIDE_INTERFACE_FAMILY },
    { "connection-domains", conn_fam, ALTOSCOPE_DOMAIN_SOURCE_OVERRIDE_CONNECTION_FAMILY },
    { "interface-domains", interface, ALTOSCOPE_DOMAIN_SOURCE_OVERRIDE_INTERFACE },
    { "connection-domains", connection_uuid, ALTOSCOPE_DOMAIN_SOURCE_OVERRIDE_CONNECTION },
  };
  g_autofree char *dflt = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      g_autofree char *value = lookup_dict (self->settings, order[i].dict, order[i].key);
      if (value != NULL && *value != '\0')
        {
          *source = order[i].source;
          return g_steal_pointer (&value);
        }
    }

  dflt = g_settings_get_string (self->settings, "default-domain");
  if (dflt != NULL && *dflt != '\0')
    {
      *source = ALTOSCOPE_DOMAIN_SOURCE_OVERRIDE_DEFAULT;
      return g_steal_pointer (&dflt);
    }
  *source = ALTOSCOPE_DOMAIN_SOURCE_NONE;
  return NULL;
}

static gboolean
validate_key (AltoscopeScope   scope,
              const char      *key,
              GError         **error)
{
  if (scope == ALTOSCOPE_SCOPE_INTERFACE)
    {
      /* Linux: 1–15 bytes, no "/", no white space (dev_valid_name()). */
      gboolean ok = key != NULL && *key != '\0' && strlen (key) <= 15
                    && !g_str_equal (key, ".") && !g_str_equal (key, "..");
      for (const char *p = key; ok && *p; p++)
        if (*p == '/' || *p == ':' || g_ascii_isspace (*p) || (guchar) *p < 0x21 || (guchar) *p > 0x7e)
          ok = FALSE;
      if (!ok)
        {
          g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT,
                       _("“%s” is not an interface name (1–15 characters, no “/”, “:” or spaces)"),
                       key ? key : "");
          return FALSE;
        }
    }
  else if (scope == ALTOSCOPE_SCOPE_CONNECTION)
    {
      if (key == NULL || !g_uuid_string_is_valid (key))
        {
          g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT,
                       _("“%s” is not a connection UUID (see “nmcli connection show”)"),
                       key ? key : "");
          return FALSE;
        }
    }
  return TRUE;
}

static char *
entry_key (const char            *key,
           const AltoscopeFamily *family)
{
  if (family == NULL)
    return g_strdup (key);
  return g_strdup_printf ("%s/%s", key, altoscope_family_to_string (*family));
}

static void
update_dict (GSettings  *settings,
             const char *dict,
             const char *key,
             const char *value)
{
  g_autoptr(GVariant) old = g_settings_get_value (settings, dict);
  GVariantBuilder builder;
  GVariantIter iter;
  const char *k, *v;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "{&s&s}", &k, &v))
    if (!g_str_equal (k, key))
      g_variant_builder_add (&builder, "{ss}", k, v);
  if (value != NULL)
    g_variant_builder_add (&builder, "{ss}", key, value);
  g_settings_set_value (settings, dict, g_variant_builder_end (&builder));
}

gboolean
altoscope_overrides_set (AltoscopeOverrides     *self,
                         AltoscopeScope          scope,
                         const char             *key,
                         const AltoscopeFamily  *family,
                         const char             *domain,
                         GError                **error)
{
  g_autofree char *normalized = altoscope_domain_normalize (domain, error);

  if (normalized == NULL || !validate_key (scope, key, error))
    return FALSE;

  if (scope == ALTOSCOPE_SCOPE_DEFAULT)
    {
      if (family != NULL)
        {
          g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT,
                       _("The default domain applies to both families; give an interface or a "
                         "connection to set one for a single family"));
          return FALSE;
        }
      g_settings_set_string (self->settings, "default-domain", normalized);
    }
  else
    {
      g_autofree char *k = entry_key (key, family);
      update_dict (self->settings, dict_key_for (scope), k, normalized);
    }
  return TRUE;
}

gboolean
altoscope_overrides_clear (AltoscopeOverrides     *self,
                           AltoscopeScope          scope,
                           const char             *key,
                           const AltoscopeFamily  *family)
{
  gboolean had;

  if (scope == ALTOSCOPE_SCOPE_DEFAULT)
    {
      g_autofree char *old = g_settings_get_string (self->settings, "default-domain");
      had = *old != '\0';
      g_settings_reset (self->settings, "default-domain");
    }
  else
    {
      g_autofree char *k = entry_key (key, family);
      g_autofree char *old = lookup_dict (self->settings, dict_key_for (scope), k);
      had = old != NULL;
      update_dict (self->settings, dict_key_for (scope), k, NULL);
    }
  return had;
}

void
altoscope_override_entry_free (AltoscopeOverrideEntry *entry)
{
  g_free (entry->key);
  g_free (entry->family);
  g_free (entry->domain);
  g_free (entry);
}

static void
list_dict (GSettings      *settings,
           const char     *dict,
           AltoscopeScope  scope,
           GPtrArray      *out)
{
  g_autoptr(GVariant) v = g_settings_get_value (settings, dict);
  GVariantIter iter;
  const char *k, *d;

  g_variant_iter_init (&iter, v);
  while (g_variant_iter_next (&iter, "{&s&s}", &k, &d))
    {
      AltoscopeOverrideEntry *e = g_new0 (AltoscopeOverrideEntry, 1);
      const char *slash = strrchr (k, '/');

      e->scope = scope;
      e->domain = g_strdup (d);
      if (slash != NULL)
        {
          e->key = g_strndup (k, slash - k);
          e->family = g_strdup (slash + 1);
        }
      else
        e->key = g_strdup (k);
      g_ptr_array_add (out, e);
    }
}

GPtrArray *
altoscope_overrides_list (AltoscopeOverrides *self)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) altoscope_override_entry_free);
  g_autofree char *dflt = g_settings_get_string (self->settings, "default-domain");

  if (*dflt != '\0')
    {
      AltoscopeOverrideEntry *e = g_new0 (AltoscopeOverrideEntry, 1);
      e->scope = ALTOSCOPE_SCOPE_DEFAULT;
      e->domain = g_steal_pointer (&dflt);
      g_ptr_array_add (out, e);
    }
  list_dict (self->settings, "interface-domains", ALTOSCOPE_SCOPE_INTERFACE, out);
  list_dict (self->settings, "connection-domains", ALTOSCOPE_SCOPE_CONNECTION, out);
  return out;
}

/* Exactly the override of this scope, key and family (no precedence), or
 * NULL.  Transfer full. */
char *
altoscope_overrides_get (AltoscopeOverrides    *self,
                         AltoscopeScope         scope,
                         const char            *key,
                         const AltoscopeFamily *family)
{
  g_autofree char *k = NULL;

  if (scope == ALTOSCOPE_SCOPE_DEFAULT)
    {
      char *value = g_settings_get_string (self->settings, "default-domain");
      if (*value == '\0')
        g_clear_pointer (&value, g_free);
      return value;
    }
  if (key == NULL)
    return NULL;
  k = entry_key (key, family);
  return lookup_dict (self->settings, dict_key_for (scope), k);
}

/* Where a person's override for @link is kept: a VPN's under its
 * connection, so that it follows the VPN across reconnects under new
 * interface names (RFC 7286 §4.2); a device's under its interface.
 * Returns the key (the UUID or the name) and sets @scope. */
const char *
altoscope_overrides_scope_for_link (AltoscopeLink  *link,
                                    AltoscopeScope *scope)
{
  if (altoscope_link_get_is_vpn (link))
    {
      *scope = ALTOSCOPE_SCOPE_CONNECTION;
      return altoscope_link_get_connection_uuid (link);
    }
  *scope = ALTOSCOPE_SCOPE_INTERFACE;
  return altoscope_link_get_name (link);
}
