/* altoscope-endpoint-query.h: ask a checked ALTO server where addresses
 * stand in its default network map, and what reaching a peer costs
 * (RFC 7285 §11.2.1, §11.2.3, §11.4.1, §11.5.1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "altoscope-ird.h"

G_BEGIN_DECLS

/* Our bounds: a network map at ALTOSCOPE_NETWORK_MAP_MAX_PREFIXES is about
 * 3 MiB of JSON; a cost map between a few thousand PIDs about as much. */
#define ALTOSCOPE_QUERY_MAX_MAP_BODY   (8 * 1024 * 1024)
#define ALTOSCOPE_QUERY_MAX_ANSWER     (1024 * 1024)
#define ALTOSCOPE_QUERY_MAX_ADDRESSES  16   /* of this computer, and peers, each */
#define ALTOSCOPE_QUERY_MAX_COST_TYPES 8    /* asked of one service or map kind */

/* The "via" strings are part of altoscope-check/1: add, never rename. */
#define ALTOSCOPE_VIA_ENDPOINT_PROPERTY "endpoint-property"
#define ALTOSCOPE_VIA_NETWORK_MAP       "network-map"
#define ALTOSCOPE_VIA_PROPERTY_MAP      "property-map"
#define ALTOSCOPE_VIA_ENDPOINT_COST     "endpoint-cost"
#define ALTOSCOPE_VIA_COST_MAP          "cost-map"

typedef struct
{
  char *address;      /* as asked, canonical */
  char *pid;          /* NULL: in no PID, or not known (then error says why) */
  char *map;          /* the network map's resource id; NULL: none named */
  char *vtag;         /* its version tag, as the answer gave it; NULL */
  const char *via;    /* ALTOSCOPE_VIA_*; NULL: nothing could be asked */
  char *error;        /* translated; NULL: the answer stands */
} AltoscopeEndpointAnswer;

typedef struct
{
  char *from;
  char *to;
  char *from_pid;     /* by the cost map only */
  char *to_pid;
  char *cost_type;    /* the directory's name for it */
  char *mode;         /* as the server declares them */
  char *metric;
  gboolean has_value;
  double value;
  const char *via;    /* ALTOSCOPE_VIA_* */
  char *error;        /* translated; NULL */
} AltoscopeCostAnswer;

typedef struct
{
  GPtrArray *endpoints;   /* AltoscopeEndpointAnswer */
  GPtrArray *costs;       /* AltoscopeCostAnswer */
  GPtrArray *warnings;    /* AltoscopeIrdIssue: a service that failed, and what stood in */
  double elapsed_ms;
} AltoscopeEndpointQuery;

gboolean                altoscope_endpoint_query_parse_addresses (const char * const *texts,
                                                                  GPtrArray         **addresses,
                                                                  char              **error);
void                    altoscope_endpoint_answer_free  (AltoscopeEndpointAnswer *answer);
void                    altoscope_cost_answer_free      (AltoscopeCostAnswer     *answer);
const char             *altoscope_endpoint_query_via_intern (const char *name);
const char             *altoscope_endpoint_query_via_nth    (guint       n);
GPtrArray              *altoscope_endpoint_query_own_addresses (const char * const *texts);
void                    altoscope_endpoint_query_async  (const AltoscopeIrd  *ird,
                                                         const char          *directory_uri,
                                                         SoupSession         *session,
                                                         GPtrArray           *ours,
                                                         GPtrArray           *peers,
                                                         guint                timeout_ms,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
AltoscopeEndpointQuery *altoscope_endpoint_query_finish (GAsyncResult        *result);
void                    altoscope_endpoint_query_free   (AltoscopeEndpointQuery *query);
const char             *altoscope_endpoint_query_via_sentence (const char   *via);
char                   *altoscope_endpoint_query_format_cost  (double        value);
gboolean                altoscope_endpoint_query_offers_costs (const AltoscopeIrd *ird);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AltoscopeEndpointQuery, altoscope_endpoint_query_free)

G_END_DECLS
