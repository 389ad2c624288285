/* altoscope-report-file.c
 *
 * A report someone sent (issue 16) is untrusted input from another
 * machine.  It is read in steps, each refusing with a message that says
 * what is wrong and where: the size (ALTOSCOPE_REPORT_MAX_BYTES, before
 * anything is parsed), the JSON itself (altoscope_json_parse: empty, not
 * UTF-8, too deep), the schema name and version, then every member
 * (altoscope-report-read.c, altoscope-check-read.c), with the texts made
 * safe as they are read.  What comes out is what a live run makes: the
 * targets, a link per interface or VPN, and a pair per (link, family),
 * each pair's report set as the scheduler sets it, so that the window's
 * views bind to them as they bind to live pairs.  Nothing here changes
 * after reading.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "altoscope-json.h"
#include "altoscope-json-reader.h"
#include "altoscope-report.h"
#include "altoscope-report-file.h"
#include "altoscope-report-read.h"
#include "altoscope-text.h"

#define N ALTOSCOPE_JSON_NULLABLE
#define OPT ALTOSCOPE_JSON_OPTIONAL

G_DEFINE_QUARK (altoscope-report-error-quark, altoscope_report_error)

struct _AltoscopeReportFile
{
  GObject parent_instance;

  char *generator;
  GDateTime *generated_at;
  char *note;
  gboolean nm_known;          /* the report has a "networkmanager" member */
  gboolean nm_running;
  char *nm_status;
  char *nm_version;
  char *nm_state;
  gboolean nm_has_version;    /* written by a version that knew "version"/"state" */
  GPtrArray *targets;         /* AltoscopeTarget, in the report's order */
  GListStore *links;          /* AltoscopeLink */
  GListStore *pairs;          /* AltoscopePair */
};

G_DEFINE_FINAL_TYPE (AltoscopeReportFile, altoscope_report_file, G_TYPE_OBJECT)

static void
altoscope_report_file_finalize (GObject *object)
{
  AltoscopeReportFile *self = ALTOSCOPE_REPORT_FILE (object);

  g_free (self->generator);
  g_clear_pointer (&self->generated_at, g_date_time_unref);
  g_free (self->note);
  g_free (self->nm_status);
  g_free (self->nm_version);
  g_free (self->nm_state);
  g_ptr_array_unref (self->targets);
  g_object_unref (self->links);
  g_object_unref (self->pairs);
  G_OBJECT_CLASS (altoscope_report_file_parent_class)->finalize (object);
}

static void
altoscope_report_file_class_init (AltoscopeReportFileClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = altoscope_report_file_finalize;
}

static void
altoscope_report_file_init (AltoscopeReportFile *self)
{
  self->targets = g_ptr_array_new_with_free_func (g_object_unref);
  self->links = g_list_store_new (ALTOSCOPE_TYPE_LINK);
  self->pairs = g_list_store_new (ALTOSCOPE_TYPE_PAIR);
}

/* ---- links and pairs, as the scheduler would have them ----------------------- */

/* The link of @t's pair: one per interface, a VPN by its connection (as
 * altoscope_link_dup_key tells them apart), made from the first target
 * of it and given each family's DHCP options. */
static AltoscopeLink *
link_for (AltoscopeReportFile *self,
          AltoscopeTarget     *t,
          AltoscopeFamily      family)
{
  const char *uuid = altoscope_target_get_connection_uuid (t);
  g_autoptr(AltoscopeLink) made = altoscope_link_new (altoscope_target_get_interface (t),
                                                      altoscope_target_get_interface_kind (t));
  g_autoptr(AltoscopeLink) link = NULL;
  g_autoptr(GHashTable) options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GPtrArray *values = altoscope_target_get_dhcp_values (t);
  g_autofree char *key = NULL;

  if (altoscope_target_get_vpn_parent (t) != NULL
      || g_strcmp0 (altoscope_target_get_interface_kind (t), "vpn") == 0)
    altoscope_link_set_vpn (made, altoscope_target_get_vpn_parent (t));
  altoscope_link_set_connection (made, altoscope_target_get_connection_id (t), uuid);
  key = altoscope_link_dup_key (made);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->links)); i++)
    {
      g_autoptr(AltoscopeLink) l = g_list_model_get_item (G_LIST_MODEL (self->links), i);
      g_autofree char *k = altoscope_link_dup_key (l);
      if (g_str_equal (k, key))
        {
          link = g_steal_pointer (&l);
          break;
        }
    }
  if (link == NULL)
    {
      link = g_object_ref (made);
      g_list_store_append (self->links, link);
    }
  for (guint i = 0; values != NULL && i < values->len; i++)
    {
      AltoscopeDhcpValue *v = values->pdata[i];
      if (v->key != NULL && v->raw != NULL)
        g_hash_table_insert (options, g_strdup (v->key), g_strdup (v->raw));
    }
  if (values != NULL)
    altoscope_link_set_dhcp_options (link, family, options);
  return g_steal_pointer (&link);
}

/* A pair for each target of an (interface, family); a target without one
 * (discover --domain, --address) has none: it is in the targets only. */
static void
make_pairs (AltoscopeReportFile *self)
{
  for (guint i = 0; i < self->targets->len; i++)
    {
      AltoscopeTarget *t = self->targets->pdata[i];
      g_autoptr(AltoscopeLink) link = NULL;
      g_autoptr(AltoscopePair) pair = NULL;
      g_autofree char *link_key = NULL, *key = NULL, *label = NULL;
      AltoscopeFamily family;

      if (altoscope_target_get_interface (t) == NULL
          || !altoscope_family_from_string (altoscope_target_get_family (t), &family))
        continue;
      link = link_for (self, t, family);
      if (altoscope_report_file_find_pair (self, link, family) != NULL)
        continue;   /* the first one stands, as in the report's text */
      link_key = altoscope_link_dup_key (link);
      key = g_strdup_printf ("%s/%s", link_key, altoscope_family_to_string (family));
      label = g_strdup_printf ("%s/%s", altoscope_link_get_name (link),
                               altoscope_family_to_string (family));
      pair = _altoscope_pair_new (key, label, link, family);
      _altoscope_pair_set_report (pair, t);
      g_list_store_append (self->pairs, pair);
    }
}

/* ---- reading ---------------------------------------------------------------------- */

/* json-glib reads "\u0000" into a C string that ends there: what follows
 * would silently vanish from the text.  An escape is one when the
 * backslashes before it are an odd number. */
static gboolean
holds_nul_escape (const char *data,
                  gsize       length)
{
  for (const char *p = data; (p = g_strstr_len (p, length - (p - data), "\\u0000")) != NULL; p++)
    {
      gsize slashes = 0;
      while (p - slashes > data && p[-(gssize) slashes - 1] == '\\')
        slashes++;
      if (slashes % 2 == 0)
        return TRUE;
    }
  return FALSE;
}

/* "altoscope-report/1": another name is no report of ours, another
 * version one this program cannot know. */
static gboolean
check_schema (JsonObject  *root,
              GError     **error)
{
  JsonNode *n = json_object_get_member (root, "schema");
  const char *schema;
  g_autofree char *safe = NULL;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    {
      g_set_error (error, ALTOSCOPE_REPORT_ERROR, ALTOSCOPE_REPORT_ERROR_SCHEMA,
                   _("This is not an Altoscope report: it has no “schema” naming “%s”"),
                   ALTOSCOPE_REPORT_SCHEMA);
      return FALSE;
    }
  schema = json_node_get_string (n);
  safe = altoscope_text_make_safe (schema, 64);
  if (g_str_has_prefix (schema, "altoscope-report/") && !g_str_equal (schema, ALTOSCOPE_REPORT_SCHEMA))
    {
      g_set_error (error, ALTOSCOPE_REPORT_ERROR, ALTOSCOPE_REPORT_ERROR_SCHEMA,
                   _("The report is of version “%s”, which this program cannot read: it reads "
                     "“%s”"), safe, ALTOSCOPE_REPORT_SCHEMA);
      return FALSE;
    }
  if (!g_str_equal (schema, ALTOSCOPE_REPORT_SCHEMA))
    {
      g_set_error (error, ALTOSCOPE_REPORT_ERROR, ALTOSCOPE_REPORT_ERROR_SCHEMA,
                   _("This is not an Altoscope report: its schema is “%s”, not “%s”"), safe,
                   ALTOSCOPE_REPORT_SCHEMA);
      return FALSE;
    }
  return TRUE;
}

/* {"running", "status", and since issue 16 "version" and "state"} */
static void
read_networkmanager (AltoscopeReportFile *self,
                     AltoscopeJsonReader *r,
                     JsonObject          *root)
{
  JsonObject *nm = altoscope_json_reader_object (r, root, "networkmanager", OPT);

  if (nm == NULL)
    return;
  self->nm_known = TRUE;
  altoscope_json_reader_push (r, "networkmanager");
  altoscope_json_reader_boolean (r, nm, "running", 0, &self->nm_running);
  self->nm_status = altoscope_json_reader_text (r, nm, "status", N);
  self->nm_has_version = json_object_has_member (nm, "version");
  self->nm_version = altoscope_json_reader_text (r, nm, "version", N | OPT);
  self->nm_state = altoscope_json_reader_text (r, nm, "state", N | OPT);
  altoscope_json_reader_pop (r);
}

static void
read_head (AltoscopeReportFile *self,
           AltoscopeJsonReader *r,
           JsonObject          *root)
{
  const char *stamp = altoscope_json_reader_string (r, root, "generated_at", 0);
  const char *service = altoscope_json_reader_string (r, root, "service", 0);

  if (stamp != NULL)
    {
      self->generated_at = g_date_time_new_from_iso8601 (stamp, NULL);
      if (self->generated_at == NULL)
        altoscope_json_reader_fail (r, "generated_at", _("is not an ISO 8601 time"));
    }
  if (service != NULL && !g_str_equal (service, "ALTO"))
    altoscope_json_reader_fail (r, "service", _("is not “ALTO”"));
  self->generator = altoscope_json_reader_text (r, root, "generator", 0);
  self->note = altoscope_json_reader_text (r, root, "note", N | OPT);
  if (self->note != NULL && g_utf8_strlen (self->note, -1) > ALTOSCOPE_REPORT_MAX_NOTE)
    altoscope_json_reader_fail (r, "note", _("is longer than %d characters"),
                                ALTOSCOPE_REPORT_MAX_NOTE);
  read_networkmanager (self, r, root);
}

static gboolean
read_targets (AltoscopeReportFile *self,
              AltoscopeJsonReader *r,
              JsonObject          *root)
{
  JsonArray *a = altoscope_json_reader_array (r, root, "targets",
                                              ALTOSCOPE_REPORT_MAX_TARGETS, 0);

  altoscope_json_reader_push (r, "targets");
  for (guint i = 0; a != NULL && i < json_array_get_length (a); i++)
    {
      JsonObject *e = altoscope_json_reader_element_object (r, a, i);
      AltoscopeTarget *t;

      altoscope_json_reader_push_index (r, i);
      t = e != NULL ? altoscope_target_read_json (r, e) : NULL;
      altoscope_json_reader_pop (r);
      if (t == NULL)
        break;
      g_ptr_array_add (self->targets, t);
    }
  altoscope_json_reader_pop (r);
  return !altoscope_json_reader_failed (r);
}

/**
 * altoscope_report_file_new_from_data:
 * @data: (nullable): the file's bytes, not necessarily NUL-terminated
 * @length: their number
 *
 * Returns: (transfer full) (nullable): the report, or NULL with @error
 *   (ALTOSCOPE_REPORT_ERROR) saying what is wrong and where
 */
AltoscopeReportFile *
altoscope_report_file_new_from_data (const char  *data,
                                     gsize        length,
                                     GError     **error)
{
  g_autoptr(AltoscopeReportFile) self = NULL;
  g_autoptr(AltoscopeJsonReader) r = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local = NULL;

  if (length > ALTOSCOPE_REPORT_MAX_BYTES)
    {
      g_set_error (error, ALTOSCOPE_REPORT_ERROR, ALTOSCOPE_REPORT_ERROR_TOO_LARGE,
                   _("The report is larger than %d MiB: no report Altoscope writes is"),
                   ALTOSCOPE_REPORT_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  if (data != NULL && holds_nul_escape (data, length))
    {
      g_set_error (error, ALTOSCOPE_REPORT_ERROR, ALTOSCOPE_REPORT_ERROR_NOT_JSON,
                   _("The report cannot be read: a text in it holds a NUL character (\\u0000), "
                     "which no report Altoscope writes does"));
      return NULL;
    }
  root = altoscope_json_parse (data, length, &local);
  if (root == NULL)
    {
      g_set_error (error, ALTOSCOPE_REPORT_ERROR, ALTOSCOPE_REPORT_ERROR_NOT_JSON,
                   _("The report cannot be read: %s"), local->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, ALTOSCOPE_REPORT_ERROR, ALTOSCOPE_REPORT_ERROR_SCHEMA,
                   _("This is not an Altoscope report: it is not a JSON object"));
      return NULL;
    }
  if (!check_schema (json_node_get_object (root), error))
    return NULL;
  self = g_object_new (ALTOSCOPE_TYPE_REPORT_FILE, NULL);
  r = altoscope_json_reader_new (ALTOSCOPE_REPORT_ERROR, ALTOSCOPE_REPORT_ERROR_INVALID);
  read_head (self, r, json_node_get_object (root));
  if (altoscope_json_reader_failed (r) || !read_targets (self, r, json_node_get_object (root)))
    {
      g_autoptr(GError) fault = altoscope_json_reader_steal_error (r);
      g_set_error (error, fault->domain, fault->code, _("The report is not valid: %s"),
                   fault->message);
      return NULL;
    }
  make_pairs (self);
  return g_steal_pointer (&self);
}

/* At most one byte more than the bound is read: a larger file is refused
 * without being read whole. */
AltoscopeReportFile *
altoscope_report_file_load (GFile         *file,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *buf = NULL;
  gsize got = 0;

  in = g_file_read (file, cancellable, &local);
  if (in != NULL)
    {
      buf = g_malloc (ALTOSCOPE_REPORT_MAX_BYTES + 1);
      g_input_stream_read_all (G_INPUT_STREAM (in), buf, ALTOSCOPE_REPORT_MAX_BYTES + 1, &got,
                               cancellable, &local);
    }
  if (local != NULL)
    {
      g_set_error (error, ALTOSCOPE_REPORT_ERROR, ALTOSCOPE_REPORT_ERROR_READ,
                   _("The report cannot be read: %s"), local->message);
      return NULL;
    }
  return altoscope_report_file_new_from_data (buf, got, error);
}

static void
load_in_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  AltoscopeReportFile *report = altoscope_report_file_load (data, cancellable, &error);

  if (report != NULL)
    g_task_return_pointer (task, report, g_object_unref);
  else
    g_task_return_error (task, error);
}

/* Read and checked on a worker thread: a report of 16 MiB takes a while,
 * and the window's main loop must not wait for it.  The objects it makes
 * are touched by no one else until the callback. */
void
altoscope_report_file_load_async (GFile               *file,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, altoscope_report_file_load_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_in_thread);
}

AltoscopeReportFile *
altoscope_report_file_load_finish (GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- what it holds ----------------------------------------------------------------- */

const char *altoscope_report_file_get_generator (AltoscopeReportFile *self) { return self->generator; }
GDateTime *altoscope_report_file_get_generated_at (AltoscopeReportFile *self) { return self->generated_at; }
const char *altoscope_report_file_get_note (AltoscopeReportFile *self) { return self->note; }
gboolean altoscope_report_file_get_nm_known (AltoscopeReportFile *self) { return self->nm_known; }
gboolean altoscope_report_file_get_nm_running (AltoscopeReportFile *self) { return self->nm_running; }
const char *altoscope_report_file_get_nm_status (AltoscopeReportFile *self) { return self->nm_status; }
const char *altoscope_report_file_get_nm_version (AltoscopeReportFile *self) { return self->nm_version; }
const char *altoscope_report_file_get_nm_state (AltoscopeReportFile *self) { return self->nm_state; }
GPtrArray *altoscope_report_file_get_targets (AltoscopeReportFile *self) { return self->targets; }
GListModel *altoscope_report_file_get_links (AltoscopeReportFile *self) { return G_LIST_MODEL (self->links); }
GListModel *altoscope_report_file_get_pairs (AltoscopeReportFile *self) { return G_LIST_MODEL (self->pairs); }

/* The pair of @link (one of this report's) and @family; NULL when the
 * report has none: a report's links carry no addresses, so this, not
 * altoscope_link_has_ip, says which families it shows. */
AltoscopePair *
altoscope_report_file_find_pair (AltoscopeReportFile *self,
                                 AltoscopeLink       *link,
                                 AltoscopeFamily      family)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->pairs)); i++)
    {
      g_autoptr(AltoscopePair) pair = g_list_model_get_item (G_LIST_MODEL (self->pairs), i);
      if (altoscope_pair_get_link (pair) == link && altoscope_pair_get_family (pair) == family)
        return pair;   /* the store keeps its reference */
    }
  return NULL;
}

/* The report written again by this program's writer, with the file's own
 * generator, time, note and NetworkManager status: the same JSON. */
JsonNode *
altoscope_report_file_to_json (AltoscopeReportFile *self)
{
  JsonNode *nm = NULL;

  if (self->nm_known)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "running");
      json_builder_add_boolean_value (b, self->nm_running);
      altoscope_json_add_string_or_null (b, "status", self->nm_status);
      if (self->nm_has_version)
        {
          altoscope_json_add_string_or_null (b, "version", self->nm_version);
          altoscope_json_add_string_or_null (b, "state", self->nm_state);
        }
      json_builder_end_object (b);
      nm = json_builder_get_root (b);
    }
  return altoscope_report_to_json_full (self->targets, self->generated_at, self->generator,
                                        self->note, nm);
}
