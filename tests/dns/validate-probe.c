/* validate-probe: asks AltoscopeValidator some questions, all at once, on
 * the main loop, and prints what came back as JSON, so that
 * test_validator.py can judge the answers of real servers.
 *
 * Usage: validate-probe --server ADDR:PORT [--source ADDR] [--anchor FILE]…
 *          [--with-root] [--timeout MS] [--cancel-after MS] NAME/TYPE…
 * TYPE is a number or one of A, AAAA, NAPTR, SOA.  With --cancel-after,
 * every query is cancelled after MS milliseconds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <json-glib/json-glib.h>

#include "altoscope-validator.h"

typedef struct
{
  GMainLoop *loop;
  guint pending;
  JsonNode **results;
} Probe;

typedef struct
{
  Probe *probe;
  guint index;
} Slot;

static guint16
parse_type (const char *text)
{
  static const struct { const char *name; guint16 type; } names[] = {
    { "A", 1 }, { "SOA", 6 }, { "AAAA", 28 }, { "NAPTR", 35 }, { "DNSKEY", 48 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (text, names[i].name) == 0)
      return names[i].type;
  return (guint16) g_ascii_strtoull (text, NULL, 10);
}

static void
add_naptr_regexps (JsonBuilder              *b,
                   const AltoscopeDnsAnswer *answer)
{
  json_builder_set_member_name (b, "naptr_regexps");
  json_builder_begin_array (b);
  for (guint i = 0; answer->msg != NULL && i < answer->msg->records->len; i++)
    {
      const AltoscopeDnsRecord *r = answer->msg->records->pdata[i];
      if (r->type == ALTOSCOPE_DNS_TYPE_NAPTR && r->section == ALTOSCOPE_DNS_SECTION_ANSWER)
        json_builder_add_string_value (b, r->data.naptr.regexp.text);
    }
  json_builder_end_array (b);
}

static JsonNode *
answer_to_json (const AltoscopeDnsAnswer *answer)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "qname");
  json_builder_add_string_value (b, answer->qname);
  json_builder_set_member_name (b, "server");
  json_builder_add_string_value (b, answer->server);
  json_builder_set_member_name (b, "failed");
  json_builder_add_boolean_value (b, answer->failed);
  json_builder_set_member_name (b, "error_code");
  json_builder_add_string_value (b, answer->failed || answer->nxdomain
                                    ? altoscope_error_code_to_string (answer->error_code) : NULL);
  json_builder_set_member_name (b, "rcode");
  json_builder_add_int_value (b, answer->rcode);
  json_builder_set_member_name (b, "count");
  json_builder_add_int_value (b, altoscope_dns_answer_count_asked (answer));
  json_builder_set_member_name (b, "dnssec");
  json_builder_add_string_value (b, altoscope_dnssec_to_string (answer->dnssec));
  json_builder_set_member_name (b, "dnssec_detail");
  json_builder_add_string_value (b, answer->dnssec_detail);
  json_builder_set_member_name (b, "dnssec_validator");
  json_builder_add_string_value (b, altoscope_dnssec_validator_to_string (answer->validator));
  json_builder_set_member_name (b, "resolver_dnssec");
  json_builder_add_string_value (b, altoscope_dnssec_to_string (
                                      altoscope_dns_answer_resolver_dnssec (answer)));
  json_builder_set_member_name (b, "resolver_dnssec_detail");
  json_builder_add_string_value (b, answer->resolver_dnssec_detail);
  json_builder_set_member_name (b, "why_bogus");
  json_builder_add_string_value (b, answer->why_bogus);
  json_builder_set_member_name (b, "validation_failure");
  json_builder_add_string_value (b, answer->validation_failure);
  add_naptr_regexps (b, answer);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
on_answer_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autofree Slot *slot = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeDnsAnswer) answer = NULL;
  JsonNode *node;

  answer = altoscope_validator_query_finish (ALTOSCOPE_VALIDATOR (source), result, &error);
  if (answer != NULL)
    node = answer_to_json (answer);
  else
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "error");
      json_builder_add_string_value (b, g_error_matches (error, G_IO_ERROR,
                                                         G_IO_ERROR_CANCELLED)
                                        ? "cancelled" : error->message);
      json_builder_end_object (b);
      node = json_builder_get_root (b);
    }
  slot->probe->results[slot->index] = node;
  if (--slot->probe->pending == 0)
    g_main_loop_quit (slot->probe->loop);
}

static gboolean
on_cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
print_results (Probe *probe,
               guint  n)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(JsonArray) array = json_array_new ();
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    json_array_add_element (array, probe->results[i]);
  json_node_set_array (root, array);
  text = json_to_string (root, TRUE);
  g_print ("%s\n", text);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *server = NULL, *source = NULL;
  g_auto(GStrv) anchors = NULL;
  gboolean with_root = FALSE;
  int timeout_ms = 5000, cancel_after = -1;
  GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, "The resolver", "ADDR:PORT" },
    { "source", 0, 0, G_OPTION_ARG_STRING, &source, "Send validation's queries from", "ADDR" },
    { "anchor", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &anchors, "A trust anchor file", "FILE" },
    { "with-root", 0, 0, G_OPTION_ARG_NONE, &with_root, "Add the root's trust anchor", NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout_ms, "Per query", "MS" },
    { "cancel-after", 0, 0, G_OPTION_ARG_INT, &cancel_after, "Cancel every query", "MS" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("NAME/TYPE…");
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeValidator) validator = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  const char *servers[] = { NULL, NULL };
  const char *sources[] = { NULL, NULL };
  Probe probe = { 0 };

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error) || server == NULL || argc < 2)
    {
      g_printerr ("%s\n", error ? error->message : "validate-probe --server S NAME/TYPE…");
      return 2;
    }
  servers[0] = server;
  sources[0] = source;
  validator = altoscope_validator_new (servers, NULL, sources, (const char * const *) anchors,
                                       with_root ? ALTOSCOPE_VALIDATOR_FLAGS_NONE
                                                 : ALTOSCOPE_VALIDATOR_NO_ROOT_ANCHOR,
                                       timeout_ms, &error);
  if (validator == NULL)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "setup_error");
      json_builder_add_string_value (b, error->message);
      json_builder_end_object (b);
      node = json_builder_get_root (b);
      text = json_to_string (node, FALSE);
      g_print ("%s\n", text);
      return 0;
    }

  probe.loop = g_main_loop_new (NULL, FALSE);
  probe.results = g_new0 (JsonNode *, argc - 1);
  for (int i = 1; i < argc; i++)
    {
      g_auto(GStrv) parts = g_strsplit (argv[i], "/", 2);
      Slot *slot = g_new0 (Slot, 1);

      slot->probe = &probe;
      slot->index = i - 1;
      probe.pending++;
      altoscope_validator_query_async (validator, parts[0],
                                       parts[1] ? parse_type (parts[1]) : 35,
                                       cancellable, on_answer_cb, slot);
    }
  if (cancel_after >= 0)
    g_timeout_add (cancel_after, on_cancel_cb, cancellable);
  g_main_loop_run (probe.loop);
  print_results (&probe, argc - 1);
  g_free (probe.results);
  g_main_loop_unref (probe.loop);
  return 0;
}
