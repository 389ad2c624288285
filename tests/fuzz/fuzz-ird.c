/* libFuzzer harness: a server's answer to a check, read as JSON and judged
 * as an ALTO Information Resource Directory (altoscope_ird_parse), then
 * written out as the check report does.
 *
 * Input: the body as received.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <json-glib/json-glib.h>

#include "altoscope-ird.h"
#include "altoscope-text.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(AltoscopeIrd) ird = NULL;

  if (!json_parser_load_from_data (parser, (const char *) data, (gssize) size, NULL))
    return 0;
  ird = altoscope_ird_parse (json_parser_get_root (parser), "https://alto.example/dir/ird");
  g_assert (ird != NULL);
  (void) altoscope_ird_is_valid (ird);
  for (guint i = 0; i < ird->resources->len; i++)
    {
      AltoscopeIrdResource *r = ird->resources->pdata[i];
      g_autofree char *id = altoscope_text_safe (r->id);
      g_autofree char *uri = altoscope_text_safe (r->uri);
      g_assert (r->kind != NULL);
    }
  for (guint i = 0; i < ird->errors->len; i++)
    g_assert (((AltoscopeIrdIssue *) ird->errors->pdata[i])->message != NULL);
  return 0;
}
