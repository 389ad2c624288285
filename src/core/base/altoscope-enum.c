/* altoscope-enum.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "altoscope-enum.h"

/* The nick of @value of the enum @type, or NULL when it has none. */
const char *
altoscope_enum_to_nick (GType type,
                        int   value)
{
  GEnumClass *klass = g_type_class_ref (type);
  GEnumValue *v = g_enum_get_value (klass, value);

  g_type_class_unref (klass);     /* static types: the class stays */
  return v != NULL ? v->value_nick : NULL;
}

/* The value of the enum @type whose nick is @nick; FALSE when none is. */
gboolean
altoscope_enum_from_nick (GType       type,
                          const char *nick,
                          int        *value)
{
  GEnumClass *klass;
  GEnumValue *v;

  if (nick == NULL)
    return FALSE;
  klass = g_type_class_ref (type);
  v = g_enum_get_value_by_nick (klass, nick);
  g_type_class_unref (klass);
  if (v == NULL)
    return FALSE;
  *value = v->value;
  return TRUE;
}
