/* altoscope-discovery-private.h: what the procedure and its ranking share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "altoscope-discovery.h"
#include "altoscope-target-private.h"

G_BEGIN_DECLS

typedef struct _Node Node;

/* What a node (or one order of its records) gives. */
typedef enum
{
  YIELD_NONE,     /* no usable URI */
  YIELD_WEAK,     /* URIs, but none whose host has an address */
  YIELD_STRONG,   /* at least one URI a client can connect to */
} Yield;

struct _Node
{
  char *domain;
  int hop;
  GStrv chain;                  /* domains from the first to this one */
  GStrv path_protocols;         /* protocols the non-terminal records on the way allow;
                                 * NULL: not narrowed */
  Node *parent;                 /* NULL for the root */
  AltoscopeDnsAnswer *answer;
  GError *error;                /* the query itself did not finish (cancelled) */
  GPtrArray *records;           /* AltoscopeNaptrRecord, sorted */
  GHashTable *children;         /* AltoscopeNaptrRecord* -> Node* */
  gboolean has_naptr;

  /* Orders are resolved one at a time, lowest first (RFC 3403 §4.1). */
  guint next_record;            /* first record of the next order not yet started */
  guint waiting;                /* children and hosts the current order waits for */
  gboolean decided;
  Yield yield;
  int chosen_order;             /* the order a client uses; -1 none */
  int last_order;               /* the highest order started; -1 none */
  int passed_order;             /* a lower order passed over for chosen_order; -1 none */
  Yield passed_yield;           /* what that lower order gave */
};

typedef struct
{
  char *host;
  AltoscopeDnsAnswer *answers[2];   /* A, AAAA */
  guint outstanding;
  GPtrArray *waiters;               /* Node*, whose current order needs this host */
} HostLookup;

typedef struct
{
  AltoscopeTransport *transport;
  AltoscopeBackoff *backoff;
  AltoscopeTarget *target;
  char *backoff_key;
  AltoscopeDiscoveryFlags flags;
  AltoscopeBackoffEntry previous;   /* the memory's entry before this run, if any */
  gboolean has_previous;
  gint64 started;
  guint pending;                /* queries under way */
  gboolean root_decided;
  Node *root;
  GHashTable *hosts;            /* host -> HostLookup */
  guint naptr_queries;
  gboolean host_limit_hit;
  guint answers;                /* answers received */
  guint unproved;               /* of them, those Altoscope did not validate */
  char *validation_failure;     /* why, for the first that says (translated) */
} Discovery;

typedef struct
{
  GTask *task;
  Node *node;
  HostLookup *host;
  int slot;
} Pending;

typedef struct
{
  AltoscopeErrorCode code;
  char *message;
  Node *node;
  gint64 ttl_hint;
} Failure;

gboolean _altoscope_discovery_host_has_address (Discovery  *d,
                                                const char *host);
void _altoscope_discovery_rank    (Discovery *d,
                                   GPtrArray *uris);
void _altoscope_discovery_explain (Node      *node,
                                   Failure   *f);

G_END_DECLS
