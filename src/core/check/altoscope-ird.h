/* altoscope-ird.h: an ALTO Information Resource Directory, judged by the
 * rules of RFC 7285 §9 and the extensions a server may list
 *
 * Pure functions: no I/O.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ALTOSCOPE_MEDIA_DIRECTORY "application/alto-directory+json"
#define ALTOSCOPE_MEDIA_ERROR "application/alto-error+json"

/* One resource of the directory. */
typedef struct
{
  char *id;
  char *uri;                  /* resolved against the directory's URI */
  char *media_type;
  char *accepts;              /* NULL: GET */
  char *kind;                 /* stable: "network-map", "cost-map", …, "directory", "unknown" */
  GStrv cost_types;           /* capabilities.cost-type-names; NULL: none */
  GStrv uses;                 /* NULL: none */
  GStrv prop_types;           /* capabilities.prop-types (an EPS); NULL: none */
  GStrv mappings;             /* capabilities.mappings (RFC 9240), as "DOMAIN PROPERTY"; NULL */
  struct _AltoscopeIrd *nested; /* a directory fetched one level down by a check; NULL */
  char *nested_error;         /* translated: why it could not be read; NULL */
} AltoscopeIrdResource;

/* A problem, with a stable code, the resource it is about (may be NULL)
 * and a translated sentence. */
typedef struct
{
  char *code;
  char *resource;
  char *message;
} AltoscopeIrdIssue;

typedef struct
{
  char *name;
  char *mode;                 /* as declared: "numerical", "ordinal", … */
  char *metric;
} AltoscopeIrdCostType;

typedef struct _AltoscopeIrd
{
  char *default_network_map;  /* NULL: none */
  GStrv cost_type_names;      /* declared in meta */
  GPtrArray *cost_types;      /* AltoscopeIrdCostType: those declared whole */
  GPtrArray *resources;       /* AltoscopeIrdResource, by id */
  GPtrArray *errors;          /* AltoscopeIrdIssue: what RFC 7285 forbids */
  GPtrArray *warnings;        /* AltoscopeIrdIssue: legal, but suspect */
} AltoscopeIrd;

AltoscopeIrd *altoscope_ird_parse (JsonNode   *root,
                                   const char *base_uri);
void          altoscope_ird_free  (AltoscopeIrd *ird);
const AltoscopeIrdCostType *
              altoscope_ird_find_cost_type (const AltoscopeIrd *ird,
                                            const char         *name);
gboolean      altoscope_ird_is_valid (const AltoscopeIrd *ird);
GPtrArray    *altoscope_ird_issues_new (void);
void          altoscope_ird_issues_add (GPtrArray  *issues,
                                        const char *code,
                                        const char *resource,
                                        const char *message);
void          altoscope_ird_issue_free (AltoscopeIrdIssue *issue);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AltoscopeIrd, altoscope_ird_free)

G_END_DECLS
