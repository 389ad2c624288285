/* altoscope-json-reader.h: reading a JSON document that came from outside
 * member by member, with every type, bound and name checked, and the first
 * thing wrong named by where it is ("targets[2].uris[0].order is not a
 * number")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* our choice: no one text of a report is longer; the writer's longest are
 * a URI, a DHCP option's value and a server's error, all far shorter */
#define ALTOSCOPE_JSON_READER_MAX_TEXT (64 * 1024)

typedef enum
{
  ALTOSCOPE_JSON_REQUIRED = 0,
  ALTOSCOPE_JSON_OPTIONAL = 1 << 0,   /* may be missing (added after /1 began) */
  ALTOSCOPE_JSON_NULLABLE = 1 << 1,   /* may be null */
} AltoscopeJsonFlags;

/* A closed set that is not a registered enum (an rcode, a DNS type). */
typedef gboolean (*AltoscopeJsonNameFunc) (const char *name,
                                           int        *value);

typedef struct _AltoscopeJsonReader AltoscopeJsonReader;

AltoscopeJsonReader *altoscope_json_reader_new      (GQuark                domain,
                                                     int                   code);
void                 altoscope_json_reader_free     (AltoscopeJsonReader  *self);
gboolean             altoscope_json_reader_failed   (AltoscopeJsonReader  *self);
GError              *altoscope_json_reader_steal_error (AltoscopeJsonReader *self);
void                 altoscope_json_reader_fail     (AltoscopeJsonReader  *self,
                                                     const char           *member,
                                                     const char           *format,
                                                     ...) G_GNUC_PRINTF (3, 4);
void                 altoscope_json_reader_push     (AltoscopeJsonReader  *self,
                                                     const char           *member);
void                 altoscope_json_reader_push_index (AltoscopeJsonReader *self,
                                                     guint                 index);
void                 altoscope_json_reader_pop      (AltoscopeJsonReader  *self);

JsonObject  *altoscope_json_reader_object  (AltoscopeJsonReader *self,
                                            JsonObject          *o,
                                            const char          *member,
                                            AltoscopeJsonFlags   flags);
JsonObject  *altoscope_json_reader_element_object (AltoscopeJsonReader *self,
                                            JsonArray           *a,
                                            guint                index);
JsonArray   *altoscope_json_reader_array   (AltoscopeJsonReader *self,
                                            JsonObject          *o,
                                            const char          *member,
                                            guint                max,
                                            AltoscopeJsonFlags   flags);
char        *altoscope_json_reader_text    (AltoscopeJsonReader *self,
                                            JsonObject          *o,
                                            const char          *member,
                                            AltoscopeJsonFlags   flags);
const char  *altoscope_json_reader_string  (AltoscopeJsonReader *self,
                                            JsonObject          *o,
                                            const char          *member,
                                            AltoscopeJsonFlags   flags);
GStrv        altoscope_json_reader_strv    (AltoscopeJsonReader *self,
                                            JsonObject          *o,
                                            const char          *member,
                                            guint                max,
                                            AltoscopeJsonFlags   flags);
gboolean     altoscope_json_reader_int     (AltoscopeJsonReader *self,
                                            JsonObject          *o,
                                            const char          *member,
                                            gint64               min,
                                            gint64               max,
                                            AltoscopeJsonFlags   flags,
                                            gint64              *value);
gboolean     altoscope_json_reader_number  (AltoscopeJsonReader *self,
                                            JsonObject          *o,
                                            const char          *member,
                                            double               min,
                                            double               max,
                                            AltoscopeJsonFlags   flags,
                                            double              *value);
gboolean     altoscope_json_reader_boolean (AltoscopeJsonReader *self,
                                            JsonObject          *o,
                                            const char          *member,
                                            AltoscopeJsonFlags   flags,
                                            gboolean            *value);
gboolean     altoscope_json_reader_enum    (AltoscopeJsonReader *self,
                                            JsonObject          *o,
                                            const char          *member,
                                            GType                type,
                                            AltoscopeJsonFlags   flags,
                                            int                 *value);
gboolean     altoscope_json_reader_name    (AltoscopeJsonReader  *self,
                                            JsonObject           *o,
                                            const char           *member,
                                            AltoscopeJsonNameFunc func,
                                            AltoscopeJsonFlags    flags,
                                            int                  *value);
int          altoscope_json_reader_one_of  (AltoscopeJsonReader *self,
                                            JsonObject          *o,
                                            const char          *member,
                                            const char * const  *names,
                                            AltoscopeJsonFlags   flags);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AltoscopeJsonReader, altoscope_json_reader_free)

G_END_DECLS
