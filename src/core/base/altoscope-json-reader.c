/* altoscope-json-reader.c
 *
 * A document read from outside (a report someone sent) is checked member by
 * member: its type, its bounds, its closed set of names.  The first fault
 * found is the one reported, with its place in the document, so that a
 * person can find it ("targets[2].uris[0].order is not a number"); every
 * read after it returns at once.  Every text is bounded and made safe
 * (altoscope_text_make_safe, by Unicode category, with no cut) as it is
 * read, so nothing that shows it later can be driven by it: making safe
 * text that is already safe changes nothing, so a report Altoscope wrote
 * reads back as it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "altoscope-enum.h"
#include "altoscope-json-reader.h"
#include "altoscope-text.h"

struct _AltoscopeJsonReader
{
  GQuark domain;
  int code;
  GPtrArray *path;            /* "targets", "[2]", "uris", … */
  GError *error;
};

AltoscopeJsonReader *
altoscope_json_reader_new (GQuark domain,
                           int    code)
{
  AltoscopeJsonReader *self = g_new0 (AltoscopeJsonReader, 1);

  self->domain = domain;
  self->code = code;
  self->path = g_ptr_array_new_with_free_func (g_free);
  return self;
}

void
altoscope_json_reader_free (AltoscopeJsonReader *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->path);
  g_clear_error (&self->error);
  g_free (self);
}

gboolean
altoscope_json_reader_failed (AltoscopeJsonReader *self)
{
  return self->error != NULL;
}

/* Returns: (transfer full) (nullable): the first fault, or NULL */
GError *
altoscope_json_reader_steal_error (AltoscopeJsonReader *self)
{
  return g_steal_pointer (&self->error);
}

void
altoscope_json_reader_push (AltoscopeJsonReader *self,
                            const char          *member)
{
  g_ptr_array_add (self->path, g_strdup (member));
}

void
altoscope_json_reader_push_index (AltoscopeJsonReader *self,
                                  guint                index)
{
  g_ptr_array_add (self->path, g_strdup_printf ("[%u]", index));
}

void
altoscope_json_reader_pop (AltoscopeJsonReader *self)
{
  if (self->path->len > 0)
    g_ptr_array_set_size (self->path, self->path->len - 1);
}

/* "targets[2].uris[0]" and @member after it; the whole document when the
 * path is empty and there is no member. */
static char *
where (AltoscopeJsonReader *self,
       const char          *member)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < self->path->len; i++)
    {
      const char *part = self->path->pdata[i];
      if (out->len > 0 && part[0] != '[')
        g_string_append_c (out, '.');
      g_string_append (out, part);
    }
  if (member != NULL)
    {
      if (out->len > 0 && member[0] != '[')
        g_string_append_c (out, '.');
      g_string_append (out, member);
    }
  if (out->len == 0)
    g_string_append (out, _("the document"));
  return g_string_free (out, FALSE);
}

/* The first fault only: "PLACE " and what @format says. */
void
altoscope_json_reader_fail (AltoscopeJsonReader *self,
                            const char          *member,
                            const char          *format,
                            ...)
{
  g_autofree char *place = NULL;
  g_autofree char *what = NULL;
  va_list args;

  if (self->error != NULL)
    return;
  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  place = where (self, member);
  self->error = g_error_new (self->domain, self->code, "%s %s", place, what);
}

/* The member's node, or NULL when it is missing or null and @flags allow
 * that (with the fault said when they do not). */
static JsonNode *
member_node (AltoscopeJsonReader *self,
             JsonObject          *o,
             const char          *member,
             AltoscopeJsonFlags   flags)
{
  JsonNode *n;

  if (self->error != NULL || o == NULL)
    return NULL;
  n = json_object_get_member (o, member);
  if (n == NULL)
    {
      if (!(flags & ALTOSCOPE_JSON_OPTIONAL))
        altoscope_json_reader_fail (self, member, _("is missing"));
      return NULL;
    }
  if (JSON_NODE_HOLDS_NULL (n))
    {
      if (!(flags & ALTOSCOPE_JSON_NULLABLE))
        altoscope_json_reader_fail (self, member, _("is null"));
      return NULL;
    }
  return n;
}

JsonObject *
altoscope_json_reader_object (AltoscopeJsonReader *self,
                              JsonObject          *o,
                              const char          *member,
                              AltoscopeJsonFlags   flags)
{
  JsonNode *n = member_node (self, o, member, flags);

  if (n == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (n))
    {
      altoscope_json_reader_fail (self, member, _("is not an object"));
      return NULL;
    }
  return json_node_get_object (n);
}

/* Element @index of @a as an object; the path is not changed. */
JsonObject *
altoscope_json_reader_element_object (AltoscopeJsonReader *self,
                                      JsonArray           *a,
                                      guint                index)
{
  JsonNode *n;
  g_autofree char *place = g_strdup_printf ("[%u]", index);

  if (self->error != NULL)
    return NULL;
  n = json_array_get_element (a, index);
  if (!JSON_NODE_HOLDS_OBJECT (n))
    {
      altoscope_json_reader_fail (self, place, _("is not an object"));
      return NULL;
    }
  return json_node_get_object (n);
}

JsonArray *
altoscope_json_reader_array (AltoscopeJsonReader *self,
                             JsonObject          *o,
                             const char          *member,
                             guint                max,
                             AltoscopeJsonFlags   flags)
{
  JsonNode *n = member_node (self, o, member, flags);
  JsonArray *a;

  if (n == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (n))
    {
      altoscope_json_reader_fail (self, member, _("is not an array"));
      return NULL;
    }
  a = json_node_get_array (n);
  if (json_array_get_length (a) > max)
    {
      altoscope_json_reader_fail (self, member, _("has %u elements, more than the %u allowed"),
                                  json_array_get_length (a), max);
      return NULL;
    }
  return a;
}

static const char *
node_string (AltoscopeJsonReader *self,
             JsonNode            *n,
             const char          *member)
{
  const char *s;

  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    {
      altoscope_json_reader_fail (self, member, _("is not a string"));
      return NULL;
    }
  s = json_node_get_string (n);
  if (strlen (s) > ALTOSCOPE_JSON_READER_MAX_TEXT)
    {
      altoscope_json_reader_fail (self, member, _("is longer than %d bytes"),
                                  ALTOSCOPE_JSON_READER_MAX_TEXT);
      return NULL;
    }
  return s;
}

/* The string as it is, for names compared with a closed set. */
const char *
altoscope_json_reader_string (AltoscopeJsonReader *self,
                              JsonObject          *o,
                              const char          *member,
                              AltoscopeJsonFlags   flags)
{
  JsonNode *n = member_node (self, o, member, flags);

  return n != NULL ? node_string (self, n, member) : NULL;
}

/* Returns: (transfer full) (nullable): the text made safe to show */
char *
altoscope_json_reader_text (AltoscopeJsonReader *self,
                            JsonObject          *o,
                            const char          *member,
                            AltoscopeJsonFlags   flags)
{
  const char *s = altoscope_json_reader_string (self, o, member, flags);

  return s != NULL ? altoscope_text_make_safe (s, -1) : NULL;
}

/* Returns: (transfer full) (nullable): each text made safe; NULL when
 * missing, null or wrong */
GStrv
altoscope_json_reader_strv (AltoscopeJsonReader *self,
                            JsonObject          *o,
                            const char          *member,
                            guint                max,
                            AltoscopeJsonFlags   flags)
{
  JsonArray *a = altoscope_json_reader_array (self, o, member, max, flags);
  g_autoptr(GStrvBuilder) b = NULL;

  if (a == NULL)
    return NULL;
  b = g_strv_builder_new ();
  altoscope_json_reader_push (self, member);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      g_autofree char *place = g_strdup_printf ("[%u]", i);
      const char *s = node_string (self, json_array_get_element (a, i), place);
      g_autofree char *safe = NULL;

      if (s == NULL)
        break;
      safe = altoscope_text_make_safe (s, -1);
      g_strv_builder_add (b, safe);
    }
  altoscope_json_reader_pop (self);
  return self->error != NULL ? NULL : g_strv_builder_end (b);
}

/* @value is left as it was when the member is missing or null (as @flags
 * allow): the caller's default stands. */
gboolean
altoscope_json_reader_int (AltoscopeJsonReader *self,
                           JsonObject          *o,
                           const char          *member,
                           gint64               min,
                           gint64               max,
                           AltoscopeJsonFlags   flags,
                           gint64              *value)
{
  JsonNode *n = member_node (self, o, member, flags);
  gint64 v;

  if (n == NULL)
    return self->error == NULL;
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64)
    {
      altoscope_json_reader_fail (self, member, _("is not a whole number"));
      return FALSE;
    }
  v = json_node_get_int (n);
  if (v < min || v > max)
    {
      g_autofree char *vs = g_strdup_printf ("%" G_GINT64_FORMAT, v);
      g_autofree char *mins = g_strdup_printf ("%" G_GINT64_FORMAT, min);
      g_autofree char *maxs = g_strdup_printf ("%" G_GINT64_FORMAT, max);

      altoscope_json_reader_fail (self, member, _("is %s, outside %s–%s"), vs, mins, maxs);
      return FALSE;
    }
  *value = v;
  return TRUE;
}

/* A number, whole or not (the writer writes 0.0 as 0). */
gboolean
altoscope_json_reader_number (AltoscopeJsonReader *self,
                              JsonObject          *o,
                              const char          *member,
                              double               min,
                              double               max,
                              AltoscopeJsonFlags   flags,
                              double              *value)
{
  JsonNode *n = member_node (self, o, member, flags);
  double v;

  if (n == NULL)
    return self->error == NULL;
  if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_INT64)
    v = json_node_get_int (n);
  else if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_DOUBLE)
    v = json_node_get_double (n);
  else
    {
      altoscope_json_reader_fail (self, member, _("is not a number"));
      return FALSE;
    }
  if (!(v >= min && v <= max))
    {
      altoscope_json_reader_fail (self, member, _("is %g, outside %g–%g"), v, min, max);
      return FALSE;
    }
  *value = v;
  return TRUE;
}

gboolean
altoscope_json_reader_boolean (AltoscopeJsonReader *self,
                               JsonObject          *o,
                               const char          *member,
                               AltoscopeJsonFlags   flags,
                               gboolean            *value)
{
  JsonNode *n = member_node (self, o, member, flags);

  if (n == NULL)
    return self->error == NULL;
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_BOOLEAN)
    {
      altoscope_json_reader_fail (self, member, _("is not true or false"));
      return FALSE;
    }
  *value = json_node_get_boolean (n);
  return TRUE;
}

static void
fail_unknown (AltoscopeJsonReader *self,
              const char          *member,
              const char          *name)
{
  g_autofree char *safe = altoscope_text_make_safe (name, 64);
  altoscope_json_reader_fail (self, member, _("has the unknown value “%s”"), safe);
}

/* A name of a registered enum's closed set (its nicks). */
gboolean
altoscope_json_reader_enum (AltoscopeJsonReader *self,
                            JsonObject          *o,
                            const char          *member,
                            GType                type,
                            AltoscopeJsonFlags   flags,
                            int                 *value)
{
  const char *name = altoscope_json_reader_string (self, o, member, flags);

  if (name == NULL)
    return self->error == NULL;
  if (!altoscope_enum_from_nick (type, name, value))
    {
      fail_unknown (self, member, name);
      return FALSE;
    }
  return TRUE;
}

/* A name of a closed set that @func knows. */
gboolean
altoscope_json_reader_name (AltoscopeJsonReader  *self,
                            JsonObject           *o,
                            const char           *member,
                            AltoscopeJsonNameFunc func,
                            AltoscopeJsonFlags    flags,
                            int                  *value)
{
  const char *name = altoscope_json_reader_string (self, o, member, flags);

  if (name == NULL)
    return self->error == NULL;
  if (!func (name, value))
    {
      fail_unknown (self, member, name);
      return FALSE;
    }
  return TRUE;
}

/* The index in @names (NULL-terminated) of the member's value; -1 when it
 * is missing or null (as @flags allow) or on a fault. */
int
altoscope_json_reader_one_of (AltoscopeJsonReader *self,
                              JsonObject          *o,
                              const char          *member,
                              const char * const  *names,
                              AltoscopeJsonFlags   flags)
{
  const char *name = altoscope_json_reader_string (self, o, member, flags);

  if (name == NULL)
    return -1;
  for (int i = 0; names[i] != NULL; i++)
    if (g_str_equal (name, names[i]))
      return i;
  fail_unknown (self, member, name);
  return -1;
}
