/* libFuzzer harness: a report someone sent (altoscope-report/1, issue 16),
 * read as the window and `altoscope-cli show` read it
 * (altoscope_report_file_new_from_data).  A refusal always says why.  A
 * report that reads is written again by the writer, and that must read
 * too, and write the same (write → read → write); its terminal text holds
 * no escape sequence or bidi control, and the comparison with itself
 * finds nothing.
 *
 * Input: the file's bytes (up to the 4 KiB run-fuzzer.sh gives; the
 * golden seeds are a few KiB).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <glib.h>

#include "altoscope-json.h"
#include "altoscope-report.h"
#include "altoscope-report-diff.h"
#include "altoscope-report-file.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static char *
write_again (AltoscopeReportFile *report)
{
  g_autoptr(JsonNode) root = altoscope_report_file_to_json (report);
  return altoscope_json_to_string (root, TRUE);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AltoscopeReportFile) report = NULL;
  g_autoptr(AltoscopeReportFile) again = NULL;
  g_autoptr(GListModel) differences = NULL;
  g_autofree char *first = NULL, *second = NULL, *text = NULL;

  report = altoscope_report_file_new_from_data ((const char *) data, size, &error);
  if (report == NULL)
    {
      g_assert (error != NULL && error->message != NULL && *error->message != '\0');
      return 0;
    }
  first = write_again (report);
  again = altoscope_report_file_new_from_data (first, strlen (first), &error);
  g_assert (again != NULL);
  second = write_again (again);
  g_assert (g_str_equal (first, second));

  text = altoscope_report_to_text (altoscope_report_file_get_targets (report), TRUE);
  g_assert (strchr (text, '\x1b') == NULL && strstr (text, "\u202e") == NULL);
  differences = altoscope_report_diff (altoscope_report_file_get_targets (report),
                                       altoscope_report_file_get_targets (again));
  g_assert (g_list_model_get_n_items (differences) == 0);
  return 0;
}
