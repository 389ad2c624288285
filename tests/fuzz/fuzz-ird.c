/* libFuzzer harness: a server's answer to a check, read as the check reads
 * it (altoscope_json_parse: empty, non-UTF-8 and over-deep text refused
 * before json-glib sees it), judged as an ALTO Information Resource
 * Directory (altoscope_ird_parse), and each resource's id and URI written
 * out as JSON the way reports are, and read back unchanged.
 *
 * Input: the body as received (up to the check's 1 MiB cap; run-fuzzer.sh
 * is given -max_len for this one, so the empty body and 100 000 levels of
 * "[" are both reached).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <json-glib/json-glib.h>

#include "altoscope-ird.h"
#include "altoscope-json.h"
#include "altoscope-report.h"
#include "altoscope-text.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

/* What a report writes of @value reads back as @value. */
static void
assert_round_trip (const char *value)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) back = NULL;
  g_autoptr(GError) error = NULL;

  if (value == NULL)
    return;
  json_node_set_string (node, value);
  text = altoscope_json_to_string (node, FALSE);
  back = altoscope_json_parse (text, strlen (text), &error);
  g_assert (back != NULL);
  g_assert (g_str_equal (json_node_get_string (back), value));
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = altoscope_json_parse ((const char *) data, size, &error);
  g_autoptr(AltoscopeIrd) ird = NULL;

  if (root == NULL)
    {
      /* The crash this harness missed: a failure without a reason. */
      g_assert (error != NULL && error->message != NULL);
      return 0;
    }
  g_assert (altoscope_json_depth ((const char *) data, size) <= ALTOSCOPE_JSON_MAX_DEPTH);
  ird = altoscope_ird_parse (root, "https://alto.example/dir/ird");
  g_assert (ird != NULL);
  (void) altoscope_ird_is_valid (ird);
  for (guint i = 0; i < ird->resources->len; i++)
    {
      AltoscopeIrdResource *r = ird->resources->pdata[i];
      g_autofree char *id = altoscope_text_safe (r->id);
      g_autofree char *uri = altoscope_text_safe (r->uri);
      g_assert (r->kind != NULL);
      g_assert (id != NULL && uri != NULL);
      assert_round_trip (r->id);
      assert_round_trip (r->uri);
    }
  for (guint i = 0; i < ird->errors->len; i++)
    g_assert (((AltoscopeIrdIssue *) ird->errors->pdata[i])->message != NULL);
  return 0;
}
