/* altoscope-uri-item.c
 *
 * A target's URIs as a GListModel (altoscope_target_get_uri_model): a view
 * binds a list to them, and keeps the items (so the rows) of a URI that a
 * rediscovery found again the same, by altoscope_uri_item_equal, which
 * compares what a row shows field by field.  The item keeps who vouched
 * for the URI (the target's resolvers), not the target: the target holds
 * its items.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "altoscope-uri-item.h"

struct _AltoscopeUriItem
{
  GObject parent_instance;

  AltoscopeUri *uri;
  GStrv resolvers;
  gboolean on_loopback;
};

G_DEFINE_FINAL_TYPE (AltoscopeUriItem, altoscope_uri_item, G_TYPE_OBJECT)

static void
altoscope_uri_item_finalize (GObject *object)
{
  AltoscopeUriItem *self = ALTOSCOPE_URI_ITEM (object);

  g_clear_pointer (&self->resolvers, g_strfreev);
  g_clear_pointer (&self->uri, altoscope_uri_unref);
  G_OBJECT_CLASS (altoscope_uri_item_parent_class)->finalize (object);
}

static void
altoscope_uri_item_class_init (AltoscopeUriItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = altoscope_uri_item_finalize;
}

static void
altoscope_uri_item_init (AltoscopeUriItem *self)
{
}

AltoscopeUriItem *
altoscope_uri_item_new (AltoscopeTarget *target,
                        AltoscopeUri    *uri)
{
  AltoscopeUriItem *self = g_object_new (ALTOSCOPE_TYPE_URI_ITEM, NULL);

  const char * const *resolvers = altoscope_target_get_resolvers (target);

  self->uri = altoscope_uri_ref (uri);
  self->resolvers = g_strdupv ((GStrv) resolvers);
  self->on_loopback = altoscope_target_get_resolvers_on_loopback (target);
  return self;
}

AltoscopeUri *
altoscope_uri_item_get_uri (AltoscopeUriItem *self)
{
  return self->uri;
}

/* The resolvers that vouched for it (may be NULL), and whether all are on
 * the loopback. */
const char * const *
altoscope_uri_item_get_resolvers (AltoscopeUriItem *self,
                                  gboolean         *on_loopback)
{
  if (on_loopback != NULL)
    *on_loopback = self->on_loopback;
  return (const char * const *) self->resolvers;
}

static gboolean
addresses_equal (GArray *a,
                 GArray *b)
{
  if ((a ? a->len : 0) != (b ? b->len : 0))
    return FALSE;
  for (guint i = 0; a != NULL && i < a->len; i++)
    {
      AltoscopeAddress *x = &g_array_index (a, AltoscopeAddress, i);
      AltoscopeAddress *y = &g_array_index (b, AltoscopeAddress, i);
      if (g_strcmp0 (x->address, y->address) != 0 || x->dnssec != y->dnssec)
        return FALSE;
    }
  return TRUE;
}

/* Everything a URI is, as discovery found it. */
gboolean
altoscope_uri_equal (const AltoscopeUri *a,
                     const AltoscopeUri *b)
{
  return a->rank == b->rank && g_strcmp0 (a->uri, b->uri) == 0 && a->order == b->order
         && a->preference == b->preference && a->eligible == b->eligible
         && a->dnssec == b->dnssec && g_strcmp0 (a->dnssec_detail, b->dnssec_detail) == 0
         && a->dnssec_validator == b->dnssec_validator
         && a->resolver_dnssec == b->resolver_dnssec
         && a->dnssec_validator == b->dnssec_validator
         && a->resolver_dnssec == b->resolver_dnssec
         && a->has_address_error == b->has_address_error
         && a->address_error_code == b->address_error_code
         && g_strcmp0 (a->address_error_message, b->address_error_message) == 0
         && g_strcmp0 (a->note, b->note) == 0 && a->fallback_order == b->fallback_order
         && g_strcmp0 (a->fallback_reason, b->fallback_reason) == 0
         && addresses_equal (a->addresses, b->addresses)
         && ((a->chain == NULL) == (b->chain == NULL))
         && (a->chain == NULL || g_strv_equal ((const char * const *) a->chain,
                                               (const char * const *) b->chain));
}

/* The same URI, vouched for by the same resolvers: a row showing @a shows
 * @b as it is. */
gboolean
altoscope_uri_item_equal (AltoscopeUriItem *a,
                          AltoscopeUriItem *b)
{
  const char * const *ra = (const char * const *) a->resolvers;
  const char * const *rb = (const char * const *) b->resolvers;

  return altoscope_uri_equal (a->uri, b->uri) && a->on_loopback == b->on_loopback
         && (ra == rb || (ra != NULL && rb != NULL && g_strv_equal (ra, rb)));
}

/* The ranked URIs of @target as a list of AltoscopeUriItem, best first:
 * made when first asked for and kept with the target (a target's URIs are
 * set once, when its discovery ends; asked for before, it is made again
 * when they differ in number). */
GListModel *
altoscope_target_get_uri_model (AltoscopeTarget *target)
{
  GPtrArray *uris = altoscope_target_get_uris (target);
  GListStore *model = g_object_get_data (G_OBJECT (target), "altoscope-uri-model");
  g_autoptr(GPtrArray) items = NULL;

  if (model != NULL && g_list_model_get_n_items (G_LIST_MODEL (model)) == uris->len)
    return G_LIST_MODEL (model);
  if (model == NULL)
    {
      model = g_list_store_new (ALTOSCOPE_TYPE_URI_ITEM);
      g_object_set_data_full (G_OBJECT (target), "altoscope-uri-model", model, g_object_unref);
    }
  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < uris->len; i++)
    g_ptr_array_add (items, altoscope_uri_item_new (target, uris->pdata[i]));
  g_list_store_splice (model, 0, g_list_model_get_n_items (G_LIST_MODEL (model)), items->pdata,
                       items->len);
  return G_LIST_MODEL (model);
}
