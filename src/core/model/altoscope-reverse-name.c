/* altoscope-reverse-name.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "altoscope-enum.h"
#include "altoscope-reverse-name.h"

G_DEFINE_ENUM_TYPE (AltoscopeReverseOutcome, altoscope_reverse_outcome,
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_REVERSE_OUTCOME_NOT_TRIED, "not-tried"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_REVERSE_OUTCOME_ANSWERED, "answered"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_REVERSE_OUTCOME_NO_RECORDS, "no-records"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_REVERSE_OUTCOME_FAILED, "failed"))

const char *
altoscope_reverse_outcome_to_string (AltoscopeReverseOutcome outcome)
{
  return altoscope_enum_to_nick (ALTOSCOPE_TYPE_REVERSE_OUTCOME, outcome);
}

static void
reverse_name_clear (gpointer data)
{
  AltoscopeReverseName *name = data;

  g_free (name->name);
}

/* An empty array of AltoscopeReverseName that frees its names. */
GArray *
altoscope_reverse_names_array_new (void)
{
  GArray *names = g_array_new (FALSE, TRUE, sizeof (AltoscopeReverseName));

  g_array_set_clear_func (names, reverse_name_clear);
  return names;
}
