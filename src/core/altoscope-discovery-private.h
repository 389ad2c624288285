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

struct _Node
{
  char *domain;
  int hop;
  GStrv chain;                  /* domains from the first to this one */
  AltoscopeDnsAnswer *answer;
  GError *error;                /* the query itself did not finish (cancelled) */
  GPtrArray *records;           /* AltoscopeNaptrRecord, sorted */
  GHashTable *children;         /* AltoscopeNaptrRecord* -> Node* */
  gboolean has_naptr;
};

typedef struct
{
  char *host;
  AltoscopeDnsAnswer *answers[2];   /* A, AAAA */
} HostLookup;

typedef struct
{
  AltoscopeResolver *resolver;
  AltoscopeBackoff *backoff;
  AltoscopeTarget *target;
  char *backoff_key;
  gint64 started;
  guint pending;
  Node *root;
  GHashTable *hosts;            /* host -> HostLookup */
  guint naptr_queries;
  gboolean host_limit_hit;
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

void _altoscope_discovery_rank    (Discovery *d,
                                   GPtrArray *uris);
void _altoscope_discovery_explain (Node      *node,
                                   Failure   *f);

G_END_DECLS
