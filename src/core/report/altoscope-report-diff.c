/* altoscope-report-diff.c
 *
 * Two reports compared pair by pair (issue 16, "Compare with This
 * Computer" and `altoscope-cli diff`): a pair is an (interface, family),
 * matched by the interface's name, a VPN by its connection (its UUID, else
 * its name: another machine's VPN to the same place has another UUID);
 * targets of no interface (discover --domain, --address) are matched in
 * their order.  For each pair both have: the domain and where it came
 * from, the URIs (removed, added, or the same ones in another order), the
 * DNSSEC status, the failure.  Texts come from the targets, which are made
 * safe when read; the text form makes them safe again for a terminal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "altoscope-enum.h"
#include "altoscope-json.h"
#include "altoscope-report-diff.h"
#include "altoscope-target.h"
#include "altoscope-text.h"

G_DEFINE_ENUM_TYPE (AltoscopeDifferenceKind, altoscope_difference_kind,
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DIFFERENCE_ONLY_A, "only-a"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DIFFERENCE_ONLY_B, "only-b"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DIFFERENCE_DOMAIN, "domain"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DIFFERENCE_DOMAIN_SOURCE, "domain-source"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DIFFERENCE_URI_REMOVED, "uri-removed"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DIFFERENCE_URI_ADDED, "uri-added"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DIFFERENCE_URI_ORDER, "uri-order"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DIFFERENCE_DNSSEC, "dnssec"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DIFFERENCE_FAILURE, "failure"))

struct _AltoscopeDifference
{
  GObject parent_instance;

  AltoscopeDifferenceKind kind;
  char *interface;            /* NULL: a target of no interface */
  char *family;               /* NULL: likewise */
  char *label;                /* "eth0 ipv4", "VPN office ipv6", … */
  char *a;                    /* A's value; NULL: none (or not about A) */
  char *b;
};

G_DEFINE_FINAL_TYPE (AltoscopeDifference, altoscope_difference, G_TYPE_OBJECT)

static void
altoscope_difference_finalize (GObject *object)
{
  AltoscopeDifference *self = ALTOSCOPE_DIFFERENCE (object);

  g_free (self->interface);
  g_free (self->family);
  g_free (self->label);
  g_free (self->a);
  g_free (self->b);
  G_OBJECT_CLASS (altoscope_difference_parent_class)->finalize (object);
}

static void
altoscope_difference_class_init (AltoscopeDifferenceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = altoscope_difference_finalize;
}

static void
altoscope_difference_init (AltoscopeDifference *self)
{
}

AltoscopeDifferenceKind altoscope_difference_get_kind (AltoscopeDifference *self) { return self->kind; }
const char *altoscope_difference_get_interface (AltoscopeDifference *self) { return self->interface; }
const char *altoscope_difference_get_family (AltoscopeDifference *self) { return self->family; }
const char *altoscope_difference_get_label (AltoscopeDifference *self) { return self->label; }
const char *altoscope_difference_get_a (AltoscopeDifference *self) { return self->a; }
const char *altoscope_difference_get_b (AltoscopeDifference *self) { return self->b; }

/* For people: the interface (a VPN by its connection's name) and family. */
static char *
pair_label (AltoscopeTarget *t)
{
  const char *name = altoscope_target_get_interface (t);

  if (name == NULL)
    return g_strdup (_("no interface"));
  return g_strdup_printf ("%s %s", name,
                          altoscope_target_get_family (t) ? altoscope_target_get_family (t) : "");
}

static void
add (GListStore              *out,
     AltoscopeDifferenceKind  kind,
     AltoscopeTarget         *t,
     const char              *a,
     const char              *b)
{
  g_autoptr(AltoscopeDifference) d = g_object_new (ALTOSCOPE_TYPE_DIFFERENCE, NULL);

  d->kind = kind;
  d->interface = g_strdup (altoscope_target_get_interface (t));
  d->family = g_strdup (altoscope_target_get_family (t));
  d->label = pair_label (t);
  d->a = g_strdup (a);
  d->b = g_strdup (b);
  g_list_store_append (out, d);
}

static gboolean
is_vpn (AltoscopeTarget *t)
{
  return altoscope_target_get_connection_uuid (t) != NULL
         && (altoscope_target_get_vpn_parent (t) != NULL
             || g_strcmp0 (altoscope_target_get_interface_kind (t), "vpn") == 0);
}

/* How sure a match of @a and @b is: 2 the same interface (or the same VPN
 * connection), 1 a VPN of the same name, 0 none. */
static int
match (AltoscopeTarget *a,
       AltoscopeTarget *b)
{
  if (altoscope_target_get_interface (a) == NULL || altoscope_target_get_interface (b) == NULL
      || g_strcmp0 (altoscope_target_get_family (a), altoscope_target_get_family (b)) != 0
      || is_vpn (a) != is_vpn (b))
    return 0;
  if (!is_vpn (a))
    return g_str_equal (altoscope_target_get_interface (a), altoscope_target_get_interface (b))
           ? 2 : 0;
  if (g_str_equal (altoscope_target_get_connection_uuid (a),
                   altoscope_target_get_connection_uuid (b)))
    return 2;
  return g_strcmp0 (altoscope_target_get_connection_id (a),
                    altoscope_target_get_connection_id (b)) == 0 ? 1 : 0;
}

/* For each target of @a, the index of its match in @b, or -1: the surest
 * first, each of @b used once; targets of no interface in their order. */
static int *
pair_up (GPtrArray *a,
         GPtrArray *b)
{
  int *with = g_new (int, a->len + 1);
  g_autofree gboolean *used = g_new0 (gboolean, b->len + 1);
  guint next_plain = 0;

  for (guint i = 0; i < a->len; i++)
    with[i] = -1;
  for (int level = 2; level >= 1; level--)
    for (guint i = 0; i < a->len; i++)
      for (guint j = 0; with[i] < 0 && j < b->len; j++)
        if (!used[j] && match (a->pdata[i], b->pdata[j]) == level)
          {
            with[i] = j;
            used[j] = TRUE;
          }
  for (guint i = 0; i < a->len; i++)
    {
      if (altoscope_target_get_interface (a->pdata[i]) != NULL)
        continue;
      while (next_plain < b->len
             && (used[next_plain] || altoscope_target_get_interface (b->pdata[next_plain]) != NULL))
        next_plain++;
      if (next_plain < b->len)
        {
          with[i] = next_plain;
          used[next_plain] = TRUE;
        }
    }
  return with;
}

static gboolean
has_uri (AltoscopeTarget *t,
         const char      *uri)
{
  GPtrArray *uris = altoscope_target_get_uris (t);

  for (guint i = 0; i < uris->len; i++)
    if (g_strcmp0 (((AltoscopeUri *) uris->pdata[i])->uri, uri) == 0)
      return TRUE;
  return FALSE;
}

/* The URIs of @t that @other also has, in @t's order, joined. */
static char *
common_uris (AltoscopeTarget *t,
             AltoscopeTarget *other)
{
  GPtrArray *uris = altoscope_target_get_uris (t);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;

  for (guint i = 0; i < uris->len; i++)
    if (has_uri (other, ((AltoscopeUri *) uris->pdata[i])->uri))
      g_strv_builder_add (b, ((AltoscopeUri *) uris->pdata[i])->uri);
  list = g_strv_builder_end (b);
  return g_strjoinv (", ", list);
}

static void
compare_uris (GListStore      *out,
              AltoscopeTarget *a,
              AltoscopeTarget *b)
{
  GPtrArray *ua = altoscope_target_get_uris (a), *ub = altoscope_target_get_uris (b);
  g_autofree char *order_a = common_uris (a, b);
  g_autofree char *order_b = common_uris (b, a);

  for (guint i = 0; i < ua->len; i++)
    if (!has_uri (b, ((AltoscopeUri *) ua->pdata[i])->uri))
      add (out, ALTOSCOPE_DIFFERENCE_URI_REMOVED, a, ((AltoscopeUri *) ua->pdata[i])->uri, NULL);
  for (guint i = 0; i < ub->len; i++)
    if (!has_uri (a, ((AltoscopeUri *) ub->pdata[i])->uri))
      add (out, ALTOSCOPE_DIFFERENCE_URI_ADDED, a, NULL, ((AltoscopeUri *) ub->pdata[i])->uri);
  if (!g_str_equal (order_a, order_b))
    add (out, ALTOSCOPE_DIFFERENCE_URI_ORDER, a, order_a, order_b);
}

static const char *
failure_name (AltoscopeTarget *t)
{
  return altoscope_target_get_failed (t)
         ? altoscope_error_code_to_string (altoscope_target_get_error_code (t)) : "none";
}

static void
compare (GListStore      *out,
         AltoscopeTarget *a,
         AltoscopeTarget *b)
{
  const char *dnssec_a = altoscope_dnssec_to_string (altoscope_target_get_dnssec (a));
  const char *dnssec_b = altoscope_dnssec_to_string (altoscope_target_get_dnssec (b));

  if (g_strcmp0 (altoscope_target_get_domain (a), altoscope_target_get_domain (b)) != 0)
    add (out, ALTOSCOPE_DIFFERENCE_DOMAIN, a, altoscope_target_get_domain (a),
         altoscope_target_get_domain (b));
  if (altoscope_target_get_source (a) != altoscope_target_get_source (b))
    add (out, ALTOSCOPE_DIFFERENCE_DOMAIN_SOURCE, a, altoscope_target_get_domain_source (a),
         altoscope_target_get_domain_source (b));
  compare_uris (out, a, b);
  if (g_strcmp0 (dnssec_a, dnssec_b) != 0)
    add (out, ALTOSCOPE_DIFFERENCE_DNSSEC, a, dnssec_a, dnssec_b);
  if (g_strcmp0 (failure_name (a), failure_name (b)) != 0)
    add (out, ALTOSCOPE_DIFFERENCE_FAILURE, a, failure_name (a), failure_name (b));
}

/**
 * altoscope_report_diff:
 * @targets_a: (element-type AltoscopeTarget): the first report's
 * @targets_b: (element-type AltoscopeTarget): the second's
 *
 * Returns: (transfer full): a list of AltoscopeDifference, in A's order of
 *   pairs then B's pairs A does not have; empty when they agree
 */
GListModel *
altoscope_report_diff (GPtrArray *targets_a,
                       GPtrArray *targets_b)
{
  GListStore *out = g_list_store_new (ALTOSCOPE_TYPE_DIFFERENCE);
  g_autofree int *with = pair_up (targets_a, targets_b);
  g_autofree gboolean *matched = g_new0 (gboolean, targets_b->len + 1);

  for (guint i = 0; i < targets_a->len; i++)
    {
      if (with[i] < 0)
        {
          add (out, ALTOSCOPE_DIFFERENCE_ONLY_A, targets_a->pdata[i], NULL, NULL);
          continue;
        }
      matched[with[i]] = TRUE;
      compare (out, targets_a->pdata[i], targets_b->pdata[with[i]]);
    }
  for (guint j = 0; j < targets_b->len; j++)
    if (!matched[j])
      add (out, ALTOSCOPE_DIFFERENCE_ONLY_B, targets_b->pdata[j], NULL, NULL);
  return G_LIST_MODEL (out);
}

/* altoscope-report-diff/1: {"schema", "equal", "differences": [{"interface",
 * "family", "what", "a", "b"}]}. */
JsonNode *
altoscope_report_diff_to_json (GListModel *differences)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  guint n = g_list_model_get_n_items (differences);

  json_builder_begin_object (b);
  altoscope_json_add_string_or_null (b, "schema", ALTOSCOPE_REPORT_DIFF_SCHEMA);
  json_builder_set_member_name (b, "equal");
  json_builder_add_boolean_value (b, n == 0);
  json_builder_set_member_name (b, "differences");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AltoscopeDifference) d = g_list_model_get_item (differences, i);

      json_builder_begin_object (b);
      altoscope_json_add_string_or_null (b, "interface", d->interface);
      altoscope_json_add_string_or_null (b, "family", d->family);
      altoscope_json_add_string_or_null (b, "what",
                                         altoscope_enum_to_nick (ALTOSCOPE_TYPE_DIFFERENCE_KIND,
                                                                 d->kind));
      altoscope_json_add_string_or_null (b, "a", d->a);
      altoscope_json_add_string_or_null (b, "b", d->b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static const char *
kind_words (AltoscopeDifferenceKind kind)
{
  switch (kind)
    {
    case ALTOSCOPE_DIFFERENCE_DOMAIN: return _("domain");
    case ALTOSCOPE_DIFFERENCE_DOMAIN_SOURCE: return _("domain from");
    case ALTOSCOPE_DIFFERENCE_URI_ORDER: return _("URI order");
    case ALTOSCOPE_DIFFERENCE_DNSSEC: return _("DNSSEC");
    case ALTOSCOPE_DIFFERENCE_FAILURE: return _("failure");
    case ALTOSCOPE_DIFFERENCE_ONLY_A:
    case ALTOSCOPE_DIFFERENCE_ONLY_B:
    case ALTOSCOPE_DIFFERENCE_URI_REMOVED:
    case ALTOSCOPE_DIFFERENCE_URI_ADDED:
    default: return "";
    }
}

static void
append_one (GString             *out,
            AltoscopeDifference *d,
            const char          *name_a,
            const char          *name_b)
{
  g_autofree char *label = altoscope_text_safe (d->label);
  g_autofree char *a = d->a ? altoscope_text_safe (d->a) : g_strdup (_("none"));
  g_autofree char *b = d->b ? altoscope_text_safe (d->b) : g_strdup (_("none"));

  switch (d->kind)
    {
    case ALTOSCOPE_DIFFERENCE_ONLY_A:
      g_string_append_printf (out, _("%s: only in %s\n"), label, name_a);
      break;
    case ALTOSCOPE_DIFFERENCE_ONLY_B:
      g_string_append_printf (out, _("%s: only in %s\n"), label, name_b);
      break;
    case ALTOSCOPE_DIFFERENCE_URI_REMOVED:
      g_string_append_printf (out, _("%s: URI only in %s: %s\n"), label, name_a, a);
      break;
    case ALTOSCOPE_DIFFERENCE_URI_ADDED:
      g_string_append_printf (out, _("%s: URI only in %s: %s\n"), label, name_b, b);
      break;
    case ALTOSCOPE_DIFFERENCE_DOMAIN:
    case ALTOSCOPE_DIFFERENCE_DOMAIN_SOURCE:
    case ALTOSCOPE_DIFFERENCE_URI_ORDER:
    case ALTOSCOPE_DIFFERENCE_DNSSEC:
    case ALTOSCOPE_DIFFERENCE_FAILURE:
    default:
      g_string_append_printf (out, _("%s: %s: %s → %s\n"), label, kind_words (d->kind), a, b);
      break;
    }
}

/* One line per difference, every text made safe; @name_a and @name_b say
 * which report is which ("A", a file's name, "this computer"). */
char *
altoscope_report_diff_to_text (GListModel *differences,
                               const char *name_a,
                               const char *name_b)
{
  GString *out = g_string_new (NULL);
  g_autofree char *safe_a = altoscope_text_safe (name_a);
  g_autofree char *safe_b = altoscope_text_safe (name_b);

  for (guint i = 0; i < g_list_model_get_n_items (differences); i++)
    {
      g_autoptr(AltoscopeDifference) d = g_list_model_get_item (differences, i);
      append_one (out, d, safe_a, safe_b);
    }
  return g_string_free (out, FALSE);
}
