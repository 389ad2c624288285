/* altoscope-validator.c
 *
 * A transport whose answers carry a DNSSEC status Altoscope proved itself,
 * from a trust anchor, so that "secure" no longer depends on the path to
 * the resolver (RFC 7286 §6, issue 17).  libunbound validates: one ub_ctx
 * per transport (a pair's), forwarding to the pair's own DNS servers and
 * sending from its address.  ub_ctx_async (ctx, 1) gives the context one
 * worker thread; its answers come back through a pipe (ub_fd), which a
 * GSource on the main loop watches and hands to ub_process, so callbacks
 * run on the main loop and nothing here blocks it or starts a thread per
 * query.
 *
 * Each question is also asked of the same servers the plain way (c-ares,
 * AltoscopeResolver), at the same time: libunbound 1.17 does not say what
 * the resolver claimed (the answer packet it returns is its own, and its
 * AD bit is its own verdict; the resolver's AD and EDE are not exposed),
 * and that claim is half of what the person must see: a resolver that
 * vouches for data whose signatures are wrong is someone altering DNS.
 * The plain answer is also the one used when validation cannot run, marked
 * as the resolver's view, with the reason.
 *
 * libunbound's ub_result says secure, bogus, or neither; "neither" is
 * insecure only when a trust anchor covers the name (a proved unsigned
 * delegation, or an algorithm it does not support), and indeterminate when
 * none does (RFC 4035 §4.3), which only happens without the root anchor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <unbound.h>

#include "altoscope-domain.h"
#include "altoscope-file.h"
#include "altoscope-text.h"
#include "altoscope-resolver.h"
#include "altoscope-validator.h"

#define ANCHOR_FILE_MAX (1024 * 1024)
#define REASON_MAX_CHARS 512   /* why_bogus, validation_failure */

struct _AltoscopeValidator
{
  GObject parent_instance;

  struct ub_ctx *ctx;
  GSource *source;            /* ub_fd readable: ub_process */
  AltoscopeResolver *resolver;  /* the same servers, asked the plain way */
  GPtrArray *anchor_owners;   /* char*, lower case, no final dot; "" for the root */
  guint timeout_ms;
  gboolean broken;            /* the worker thread's pipe is gone (UB_PIPE) */
};

static void altoscope_validator_transport_init (AltoscopeTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AltoscopeValidator, altoscope_validator, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (ALTOSCOPE_TYPE_TRANSPORT,
                                                      altoscope_validator_transport_init))

static void
altoscope_validator_finalize (GObject *object)
{
  AltoscopeValidator *self = ALTOSCOPE_VALIDATOR (object);

  /* No query of ours is left in the context: a query keeps its task, and
   * so us, alive until it is answered or ub_cancel()ed. */
  if (self->source != NULL)
    {
      g_source_destroy (self->source);
      g_clear_pointer (&self->source, g_source_unref);
    }
  /* Stops the context's worker thread; it only waits for that thread to
   * read the quit command. */
  g_clear_pointer (&self->ctx, ub_ctx_delete);
  g_clear_object (&self->resolver);
  g_clear_pointer (&self->anchor_owners, g_ptr_array_unref);

  G_OBJECT_CLASS (altoscope_validator_parent_class)->finalize (object);
}

static void
altoscope_validator_class_init (AltoscopeValidatorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = altoscope_validator_finalize;
}

static void
altoscope_validator_init (AltoscopeValidator *self)
{
  self->anchor_owners = g_ptr_array_new_with_free_func (g_free);
}

/* ---- trust anchors ------------------------------------------------------ */

/* The file's text: a regular file of bounded size (altoscope-file.c; a
 * FIFO named by mistake would otherwise hang the main loop). */
static char *
read_anchor_file (const char  *path,
                  GError     **error)
{
  g_autoptr(GError) local = NULL;
  char *text = altoscope_file_read_regular (path, ANCHOR_FILE_MAX, TRUE, NULL, &local);

  if (text != NULL)
    return text;
  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE)
      || g_error_matches (local, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
    g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT,
                 _("The trust anchor file “%s” is not a regular file of at most 1 MiB"), path);
  else
    g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT,
                 _("The trust anchor file “%s” cannot be read: %s"), path, local->message);
  return NULL;
}

/* One zone-file line of a DS or DNSKEY record ("OWNER [TTL] [CLASS] TYPE
 * RDATA"): its owner, lower case without the final dot, or NULL when the
 * line is no such record. */
static char *
anchor_owner (const char *line)
{
  g_auto(GStrv) tokens = g_strsplit_set (line, " \t", -1);
  guint seen = 0;

  for (guint i = 0; tokens[i] != NULL && seen < 4; i++)
    {
      if (tokens[i][0] == '\0')
        continue;
      if (seen > 0 && (g_ascii_strcasecmp (tokens[i], "DS") == 0
                       || g_ascii_strcasecmp (tokens[i], "DNSKEY") == 0))
        {
          const char *owner = tokens[0];
          gsize len = strlen (owner);

          while (len > 0 && owner[len - 1] == '.')
            len--;
          return g_ascii_strdown (owner, len);
        }
      seen++;
    }
  return NULL;
}

/* Hands every DS or DNSKEY line of @path to libunbound; a file with none is
 * a mistake worth saying at once rather than at the first query. */
static gboolean
add_anchor_file (AltoscopeValidator  *self,
                 const char          *path,
                 GError             **error)
{
  g_autofree char *text = read_anchor_file (path, error);
  g_auto(GStrv) lines = NULL;
  guint added = 0;

  if (text == NULL)
    return FALSE;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *comment = strchr (lines[i], ';');   /* base64 and hex hold no ';' */
      char *owner;

      if (comment != NULL)
        *comment = '\0';
      g_strstrip (lines[i]);
      owner = anchor_owner (lines[i]);
      if (owner == NULL)
        continue;
      if (ub_ctx_add_ta (self->ctx, lines[i]) != 0)
        {
          g_free (owner);
          break;
        }
      g_ptr_array_add (self->anchor_owners, owner);
      added++;
    }
  if (added == 0)
    {
      g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT,
                   _("The trust anchor file “%s” holds no DS or DNSKEY record"), path);
      return FALSE;
    }
  return TRUE;
}

/**
 * altoscope_trust_anchor_file_check:
 * @path: a file a person names as a trust anchor
 *
 * What altoscope_validator_new() would refuse of the file (unreadable, not
 * a regular file of at most 1 MiB, no DS or DNSKEY line), found without a
 * validator, so that a front end can say so before any work.
 */
gboolean
altoscope_trust_anchor_file_check (const char  *path,
                                   GError     **error)
{
  g_autofree char *text = read_anchor_file (path, error);
  g_auto(GStrv) lines = NULL;

  if (text == NULL)
    return FALSE;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *comment = strchr (lines[i], ';');
      g_autofree char *owner = NULL;

      if (comment != NULL)
        *comment = '\0';
      owner = anchor_owner (g_strstrip (lines[i]));
      if (owner != NULL)
        return TRUE;
    }
  g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT,
               _("The trust anchor file “%s” holds no DS or DNSKEY record"), path);
  return FALSE;
}

/* The closest trust anchor at or above @name (its owner, "" for the
 * root), or NULL when none is. */
static const char *
closest_anchor (AltoscopeValidator *self,
                const char         *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  gsize len = strlen (lower);
  const char *best = NULL;

  while (len > 0 && lower[len - 1] == '.')
    lower[--len] = '\0';
  for (guint i = 0; i < self->anchor_owners->len; i++)
    {
      const char *owner = self->anchor_owners->pdata[i];
      gsize olen = strlen (owner);

      if ((olen == 0
           || (len == olen && strcmp (lower, owner) == 0)
           || (len > olen && lower[len - olen - 1] == '.'
               && strcmp (lower + len - olen, owner) == 0))
          && (best == NULL || olen > strlen (best)))
        best = owner;
    }
  return best;
}

/* The root's anchor file.  A development build (the tests) may name
 * another, to see what a machine without dns-root-data gets. */
static const char *
root_anchor_path (void)
{
#if DEVELOPMENT
  const char *path = g_getenv ("ALTOSCOPE_ROOT_TRUST_ANCHOR");

  if (path != NULL && path[0] != '\0')
    return path;
#endif
  return ALTOSCOPE_ROOT_TRUST_ANCHOR;
}

/* The root's anchor: without it nothing on the Internet can be proved, and
 * the likely reason is a package not installed, which is what to say. */
static gboolean
add_root_anchor (AltoscopeValidator  *self,
                 GError             **error)
{
  const char *path = root_anchor_path ();

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT,
                   _("The root zone’s trust anchor file “%s” is missing (it comes with the "
                     "package dns-root-data), so Altoscope has nothing to validate DNSSEC "
                     "from"), path);
      return FALSE;
    }
  return add_anchor_file (self, path, error);
}

/* Whether a trust anchor is at or above @name: only then does "not secure,
 * not bogus" mean a proved insecure answer. */
static gboolean
anchor_covers (AltoscopeValidator *self,
               const char         *name)
{
  return closest_anchor (self, name) != NULL;
}

/* ---- the context -------------------------------------------------------- */

/* The worker thread is gone and the pipe would read as ready for ever:
 * stop watching it.  The queries still out end at their deadline, with the
 * resolver's view and the reason; new ones fail validation at once. */
static void
mark_broken (AltoscopeValidator *self)
{
  self->broken = TRUE;
  g_clear_pointer (&self->source, g_source_unref);
}

static gboolean
on_ub_readable_cb (int           fd,
                   GIOCondition  condition,
                   gpointer      data)
{
  AltoscopeValidator *self = data;
  gboolean broken;

  /* A callback may finish the last query that keeps us alive; the context
   * must outlive ub_process(). */
  g_object_ref (self);
  broken = ub_process (self->ctx) == UB_PIPE;
  if (broken)
    mark_broken (self);
  g_object_unref (self);
  return broken ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

/**
 * altoscope_validator_is_broken:
 *
 * Whether the context stopped working (its worker thread is gone): every
 * query then fails validation at once, and whoever keeps the validator
 * (a pair, from run to run) makes a new one.
 */
gboolean
altoscope_validator_is_broken (AltoscopeValidator *self)
{
  g_return_val_if_fail (ALTOSCOPE_IS_VALIDATOR (self), TRUE);
  return self->broken;
}

#if DEVELOPMENT
/* What ub_process() returning UB_PIPE does, for the tests: a dead worker
 * thread cannot be made to happen from outside. */
void
altoscope_validator_simulate_broken (AltoscopeValidator *self)
{
  g_return_if_fail (ALTOSCOPE_IS_VALIDATOR (self));
  if (self->source != NULL)
    g_source_destroy (self->source);
  mark_broken (self);
}
#endif

/**
 * altoscope_validator_reason_text:
 * @text: (nullable): a reason that holds network text (libunbound's
 *   why_bogus names the names and servers it met)
 *
 * @text as valid UTF-8 of at most 512 characters, invalid bytes written as
 * \xNN: what goes into an answer's why_bogus and validation_failure, and
 * so into the report.  NULL for NULL.
 */
char *
altoscope_validator_reason_text (const char *text)
{
  return text != NULL ? altoscope_text_make_safe (text, REASON_MAX_CHARS) : NULL;
}

static gboolean
ub_check (int      status,
          const char *what,
          GError **error)
{
  if (status == 0)
    return TRUE;
  g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT,
               _("DNSSEC validation could not be set up (%s): %s"), what, ub_strerror (status));
  return FALSE;
}

/* Forwards to every server the resolver asks ("ADDR:PORT" becomes
 * libunbound's "ADDR@PORT"). */
static gboolean
set_forwarders (AltoscopeValidator  *self,
                GError             **error)
{
  const char * const *servers = altoscope_resolver_get_servers (self->resolver);

  for (guint i = 0; servers != NULL && servers[i] != NULL; i++)
    {
      AltoscopeServer server;
      g_autofree char *fwd = NULL;

      if (!altoscope_server_parse (servers[i], &server, error))
        return FALSE;
      fwd = g_strdup_printf ("%s@%u", server.address, server.port);
      altoscope_server_clear (&server);
      if (!ub_check (ub_ctx_set_fwd (self->ctx, fwd), servers[i], error))
        return FALSE;
    }
  return TRUE;
}

/* What the pair's resolver says is what is validated: libunbound must not
 * answer names itself.  Its default local zones (RFC 6761, RFC 6303) would
 * answer NXDOMAIN for test., onion., invalid., home.arpa. and the private
 * reverse zones RFC 8686 discovery asks about, whatever the network's DNS
 * holds; a transparent zone without data replaces each default and lets
 * the question through ("NAME nodefault" would be the plain way, but
 * libunbound 1.17's ub_ctx_set_option keeps the whole "NAME nodefault"
 * string as the name, and so never matches). */
static const struct { const char *name, *value; } ub_options[] = {
  { "val-log-level:", "2" },                /* fills why_bogus (libunbound's default too) */
  { "do-not-query-localhost:", "no" },      /* the pair's server may be a local cache */
  { "unblock-lan-zones:", "yes" },
  /* ...and the private reverse zones a local server answers are not
   * judged bogus from the root, which delegates them to nobody (RFC 6303:
   * they have no DS, yet no proof of none reaches a local answer). */
  { "insecure-lan-zones:", "yes" },
  { "local-zone:", "test. transparent" },
  { "local-zone:", "onion. transparent" },
  { "local-zone:", "invalid. transparent" },
  { "local-zone:", "home.arpa. transparent" },
};

static gboolean
configure (AltoscopeValidator  *self,
           const char * const  *source_addresses,
           GError             **error)
{
  /* libunbound logs to stderr by default, every bogus answer at the
   * validation log level it needs to fill why_bogus: the answer carries
   * the reason, the terminal gets nothing. */
  ub_ctx_debugout (self->ctx, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (ub_options); i++)
    if (!ub_check (ub_ctx_set_option (self->ctx, ub_options[i].name, ub_options[i].value),
                   ub_options[i].value, error))
      return FALSE;
  if (!set_forwarders (self, error))
    return FALSE;
  /* One address per family at most: libunbound sends to a server of a
   * family from that family's outgoing interfaces only. */
  for (guint i = 0; source_addresses != NULL && source_addresses[i] != NULL; i++)
    if (!ub_check (ub_ctx_set_option (self->ctx, "outgoing-interface:", source_addresses[i]),
                   source_addresses[i], error))
      return FALSE;
  return ub_check (ub_ctx_async (self->ctx, 1), "async", error);
}

/**
 * altoscope_validator_new:
 * @servers: (nullable): "ADDR[:PORT]" strings; %NULL or empty for the
 *   system's resolvers
 * @interface: (nullable): the interface the plain queries are sent from
 * @source_addresses: (nullable): the addresses validation's queries are
 *   sent from (libunbound's outgoing-interface), one per family at most
 * @anchor_files: (nullable): more trust anchors, DS or DNSKEY lines
 * @flags: %ALTOSCOPE_VALIDATOR_NO_ROOT_ANCHOR to leave the root's out
 * @timeout_ms: how long one query may take, 0 for the default
 */
AltoscopeValidator *
altoscope_validator_new (const char * const       *servers,
                         const char               *interface,
                         const char * const       *source_addresses,
                         const char * const       *anchor_files,
                         AltoscopeValidatorFlags   flags,
                         guint                     timeout_ms,
                         GError                  **error)
{
  g_autoptr(AltoscopeValidator) self = NULL;
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  self = g_object_new (ALTOSCOPE_TYPE_VALIDATOR, NULL);
  self->timeout_ms = timeout_ms ? timeout_ms : ALTOSCOPE_DEFAULT_TIMEOUT_MS;
  self->resolver = altoscope_resolver_new (servers, interface, self->timeout_ms, error);
  if (self->resolver == NULL)
    return NULL;
  self->ctx = ub_ctx_create ();
  if (self->ctx == NULL)
    {
      g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INTERNAL,
                   _("DNSSEC validation could not be set up (%s): %s"), "ub_ctx_create",
                   g_strerror (ENOMEM));
      return NULL;
    }
  if (!configure (self, source_addresses, error))
    return NULL;
  if (!(flags & ALTOSCOPE_VALIDATOR_NO_ROOT_ANCHOR) && !add_root_anchor (self, error))
    return NULL;
  for (guint i = 0; anchor_files != NULL && anchor_files[i] != NULL; i++)
    if (!add_anchor_file (self, anchor_files[i], error))
      return NULL;
  if (self->anchor_owners->len == 0)
    {
      g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT,
                   _("DNSSEC validation needs at least one trust anchor"));
      return NULL;
    }

  self->source = g_unix_fd_source_new (ub_fd (self->ctx), G_IO_IN);
  g_source_set_static_name (self->source, "[altoscope] libunbound");
  g_source_set_callback (self->source, G_SOURCE_FUNC (on_ub_readable_cb), self, NULL);
  g_source_attach (self->source, context);
  return g_steal_pointer (&self);
}

/* ---- one query ---------------------------------------------------------- */

typedef struct
{
  gatomicrefcount ref;        /* the task's; libunbound's while asked; c-ares' while asked */
  GTask *task;                /* NULL once finished */
  AltoscopeValidator *validator;  /* alive while task is: the task holds it */
  char *qname;
  guint16 qtype;

  int ub_id;
  gboolean ub_pending;
  struct ub_result *result;   /* the proof; NULL when none came */
  char *no_proof;             /* translated: why there is none */

  gboolean claim_pending;
  AltoscopeDnsAnswer *claim;  /* the resolver's answer, asked the plain way */
  GCancellable *claim_cancellable;  /* also the path check's */

  gboolean path_pending;      /* asking the plain way for the anchor's signed keys */
  gboolean path_strips;       /* they came back without signatures */
  gboolean timed_out;         /* no proof within the deadline */

  GSource *deadline;
  gulong cancel_id;
  gint64 started;
} Query;

static Query *
query_ref (Query *q)
{
  g_atomic_ref_count_inc (&q->ref);
  return q;
}

static void
query_unref (Query *q)
{
  if (!g_atomic_ref_count_dec (&q->ref))
    return;
  g_assert (q->task == NULL);
  g_free (q->qname);
  g_clear_pointer (&q->result, ub_resolve_free);
  g_free (q->no_proof);
  g_clear_pointer (&q->claim, altoscope_dns_answer_free);
  g_clear_object (&q->claim_cancellable);
  g_free (q);
}

static void
stop_deadline (Query *q)
{
  if (q->deadline != NULL)
    {
      g_source_destroy (q->deadline);
      g_clear_pointer (&q->deadline, g_source_unref);
    }
}

/* libunbound will not call back for a query once ub_cancel() returned
 * (it drops the answer when it comes), so its reference goes now. */
static void
cancel_proof (Query *q)
{
  if (!q->ub_pending)
    return;
  ub_cancel (q->validator->ctx, q->ub_id);
  q->ub_pending = FALSE;
  query_unref (q);
}

static AltoscopeDnsAnswer *combine (Query *q);

/* Ends the query for the caller, with @error or the answer made of both
 * views; whatever is still under way is cancelled. */
static void
query_finish (Query  *q,
              GError *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&q->task);

  if (task == NULL)
    {
      g_clear_error (&error);
      return;
    }
  stop_deadline (q);
  if (q->cancel_id != 0)
    {
      /* The cancelled handler clears cancel_id first: disconnecting from
       * inside it would deadlock. */
      g_cancellable_disconnect (g_task_get_cancellable (task), q->cancel_id);
      q->cancel_id = 0;
    }
  cancel_proof (q);
  if (q->claim_pending || q->path_pending)
    g_cancellable_cancel (q->claim_cancellable);   /* each callback drops its reference */

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, combine (q), (GDestroyNotify) altoscope_dns_answer_free);
  query_unref (q);   /* the task's reference */
}

static void
maybe_finish (Query *q)
{
  if (q->task != NULL && !q->ub_pending && !q->claim_pending && !q->path_pending)
    query_finish (q, NULL);
}

static gboolean anchor_keys_missing (const struct ub_result *result);

/* Whether @answer holds DNSKEY records and a signature (RRSIG) beside them
 * in its answer section. */
static gboolean
has_signed_keys (const AltoscopeDnsAnswer *answer)
{
  gboolean keys = FALSE, signature = FALSE;

  for (guint i = 0; answer->msg != NULL && i < answer->msg->records->len; i++)
    {
      const AltoscopeDnsRecord *r = answer->msg->records->pdata[i];

      if (r->section != ALTOSCOPE_DNS_SECTION_ANSWER)
        continue;
      keys |= r->type == ALTOSCOPE_DNS_TYPE_DNSKEY;
      signature |= r->type == ALTOSCOPE_DNS_TYPE_RRSIG;
    }
  return keys && signature;
}

static void
on_path_cb (GObject      *source,
            GAsyncResult *res,
            gpointer      data)
{
  Query *q = data;
  g_autoptr(AltoscopeDnsAnswer) answer = NULL;

  q->path_pending = FALSE;
  answer = altoscope_resolver_query_finish (ALTOSCOPE_RESOLVER (source), res, NULL);
  /* An answer that came, without signed keys: the path drops DNSSEC's
   * records.  No answer at all proves nothing of the kind. */
  q->path_strips = answer != NULL && !answer->failed && !has_signed_keys (answer);
  maybe_finish (q);
  query_unref (q);   /* c-ares' reference */
}

/* libunbound called the answer bogus.  A forwarder that does not take part
 * in DNSSEC (it drops the DO bit, or RRSIG, DS and DNSKEY records: many
 * home routers do) makes it say so of every signed answer ("no signatures",
 * "no DS"), and that is no forgery.  Asking the plain way, with DO, for the
 * keys of the closest trust anchor tells the two apart: a path that passes
 * DNSSEC brings them back signed.  It costs a round trip only for answers
 * that are bogus, which are rare. */
static void
check_path (Query *q)
{
  const char *anchor = closest_anchor (q->validator, q->qname);

  if (anchor == NULL || anchor_keys_missing (q->result))
    return;
  q->path_pending = TRUE;
  altoscope_resolver_query_async (q->validator->resolver, anchor[0] ? anchor : ".",
                                  ALTOSCOPE_DNS_TYPE_DNSKEY, q->claim_cancellable,
                                  on_path_cb, query_ref (q));
}

static void
on_proof_cb (void             *data,
             int               err,
             struct ub_result *result)
{
  Query *q = data;

  q->ub_pending = FALSE;
  if (err != 0)
    q->no_proof = g_strdup_printf (_("The validating resolver inside Altoscope failed: %s"),
                                   ub_strerror (err));
  else
    q->result = g_steal_pointer (&result);
  g_clear_pointer (&result, ub_resolve_free);
  stop_deadline (q);
  if (q->result != NULL && q->result->bogus && q->task != NULL)
    check_path (q);
  maybe_finish (q);
  query_unref (q);   /* libunbound's reference */
}

static void
on_claim_cb (GObject      *source,
             GAsyncResult *res,
             gpointer      data)
{
  Query *q = data;

  q->claim_pending = FALSE;
  /* Fails only when cancelled, that is when the query is already over. */
  q->claim = altoscope_resolver_query_finish (ALTOSCOPE_RESOLVER (source), res, NULL);
  maybe_finish (q);
  query_unref (q);   /* c-ares' reference */
}

static gboolean
on_deadline_cb (gpointer data)
{
  Query *q = data;

  g_clear_pointer (&q->deadline, g_source_unref);
  q->timed_out = TRUE;
  q->no_proof = g_strdup_printf (_("DNSSEC validation did not finish within %.1f s"),
                                 q->validator->timeout_ms / 1000.0);
  cancel_proof (q);
  maybe_finish (q);
  return G_SOURCE_REMOVE;
}

static void
on_cancelled_cb (GCancellable *cancellable,
                 gpointer      data)
{
  Query *q = data;

  /* Our callers cancel from the main loop, as GTask-based APIs expect. */
  q->cancel_id = 0;
  query_finish (q, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                        _("The lookup was cancelled")));
}

static void
start_proof (Query *q)
{
  int status;

  if (q->validator->broken)
    {
      q->no_proof = g_strdup (_("The validating resolver inside Altoscope stopped working"));
      return;
    }
  status = ub_resolve_async (q->validator->ctx, q->qname, q->qtype, 1 /* IN */,
                             query_ref (q), on_proof_cb, &q->ub_id);
  if (status != 0)
    {
      q->no_proof = g_strdup_printf (_("The validating resolver inside Altoscope failed: %s"),
                                     ub_strerror (status));
      query_unref (q);
      return;
    }
  q->ub_pending = TRUE;
  q->deadline = g_timeout_source_new (q->validator->timeout_ms);
  g_source_set_static_name (q->deadline, "[altoscope] validation deadline");
  g_source_set_callback (q->deadline, on_deadline_cb, q, NULL);
  g_source_attach (q->deadline, g_task_get_context (q->task));
}

void
altoscope_validator_query_async (AltoscopeValidator  *self,
                                 const char          *name,
                                 guint16              type,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  Query *q;

  g_return_if_fail (ALTOSCOPE_IS_VALIDATOR (self));
  g_return_if_fail (name != NULL);

  q = g_new0 (Query, 1);
  g_atomic_ref_count_init (&q->ref);   /* the task's reference */
  q->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (q->task, altoscope_validator_query_async);
  g_task_set_check_cancellable (q->task, FALSE);
  q->validator = self;
  q->qname = g_strdup (name);
  q->qtype = type;
  q->started = g_get_monotonic_time ();
  q->claim_cancellable = g_cancellable_new ();

  if (g_cancellable_is_cancelled (cancellable))
    {
      query_finish (q, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                            _("The lookup was cancelled")));
      return;
    }

  /* Both views at once: the plain query costs one round trip beside the
   * chain validation needs. */
  q->claim_pending = TRUE;
  altoscope_resolver_query_async (self->resolver, name, type, q->claim_cancellable,
                                  on_claim_cb, query_ref (q));
  start_proof (q);
  if (cancellable != NULL)
    q->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled_cb), q, NULL);
}

AltoscopeDnsAnswer *
altoscope_validator_query_finish (AltoscopeValidator  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- both views, one verdict -------------------------------------------- */

/* A plain answer that never came: a network failure, @why. */
static AltoscopeDnsAnswer *
no_answer (Query      *q,
           const char *why)
{
  AltoscopeDnsAnswer *answer = g_new0 (AltoscopeDnsAnswer, 1);

  answer->qname = g_strdup (q->qname);
  answer->qtype = q->qtype;
  answer->attempts = altoscope_dns_attempts_new ();
  answer->rcode = G_MAXUINT;
  answer->failed = TRUE;
  answer->error_code = ALTOSCOPE_ERROR_NETWORK;
  answer->error_message = g_strdup (why);
  answer->dnssec = ALTOSCOPE_DNSSEC_INDETERMINATE;
  answer->dnssec_detail = g_strdup (_("No answer came back, so its integrity is unknown"));
  return answer;
}

/* The resolver's answer, as the one there is: validation could not run. */
static AltoscopeDnsAnswer *
resolver_view (Query      *q,
               const char *why)
{
  AltoscopeDnsAnswer *answer = g_steal_pointer (&q->claim);

  if (answer == NULL)
    answer = no_answer (q, why);
  answer->validation_failure = altoscope_validator_reason_text (why);
  return answer;
}

/* Keeps the resolver's claim beside the proof that replaces it. */
static void
take_claim (AltoscopeDnsAnswer *answer,
            AltoscopeDnsAnswer *claim)
{
  answer->validator = ALTOSCOPE_DNSSEC_VALIDATOR_ALTOSCOPE;
  answer->resolver_dnssec = claim->dnssec;
  answer->resolver_dnssec_detail = g_steal_pointer (&claim->dnssec_detail);
}

/* Validation ran, from an anchor that covers the name, and could not
 * finish: the keys, DS records or signatures did not come, or no answer
 * came in time.  A resolver that claims secure (AD) for that answer
 * contradicts itself: a validating resolver returns the RRSIGs, DNSKEY and
 * DS records to a DO query (RFC 4035 §3.2.1, §4.9; RFC 6840 §5.8), so the
 * path withheld the proof while vouching for the data, which is what a
 * downgrade looks like.  The status is then Altoscope's verdict,
 * indeterminate (never secure), the claim beside it, @why_vouched the
 * reason; discovery warns dnssec-mismatch.  A claim that is not secure (a
 * home router that clears AD) leaves the plain fallback: no false alarm. */
static AltoscopeDnsAnswer *
unproved_view (Query      *q,
               const char *why,
               const char *why_vouched)
{
  AltoscopeDnsAnswer *answer;

  if (q->claim == NULL || q->claim->failed || q->claim->dnssec != ALTOSCOPE_DNSSEC_SECURE
      || !anchor_covers (q->validator, q->qname))
    return resolver_view (q, why);
  answer = resolver_view (q, why_vouched);
  take_claim (answer, answer);
  answer->dnssec = ALTOSCOPE_DNSSEC_INDETERMINATE;
  answer->dnssec_detail = g_strdup (_("The resolver vouched for this answer (DNSSEC secure), "
                                      "but the records that would prove it did not come "
                                      "through, so Altoscope cannot judge its integrity"));
  return answer;
}

/* Proved bogus: the data the resolver gave (the records then read as
 * bogus), a failure whatever the resolver said of it. */
static AltoscopeDnsAnswer *
bogus_answer (Query *q)
{
  AltoscopeDnsAnswer *answer = g_steal_pointer (&q->claim);

  take_claim (answer, answer);
  answer->dnssec = ALTOSCOPE_DNSSEC_BOGUS;
  g_free (answer->dnssec_detail);
  answer->dnssec_detail = g_strdup (_("Altoscope validated the answer itself, from the trust "
                                      "anchor, and its signatures are wrong (bogus)"));
  answer->why_bogus = altoscope_validator_reason_text (q->result->why_bogus);
  answer->failed = TRUE;
  answer->nxdomain = FALSE;
  answer->error_code = ALTOSCOPE_ERROR_BOGUS;
  g_free (answer->error_message);
  answer->error_message = g_strdup_printf (_("DNSSEC validation of “%s” failed (bogus data)"),
                                           q->qname);
  return answer;
}

/* Validated: the data is libunbound's (what was proved, whatever the plain
 * query brought), the servers asked and the claim are the resolver's. */
static AltoscopeDnsAnswer *
proved_answer (Query               *q,
               AltoscopeDnsMessage *msg)
{
  AltoscopeDnsAnswer *claim = q->claim;
  AltoscopeDnsAnswer *answer = g_new0 (AltoscopeDnsAnswer, 1);

  answer->qname = g_strdup (q->qname);
  answer->qtype = q->qtype;
  answer->server = g_steal_pointer (&claim->server);
  answer->attempts = g_steal_pointer (&claim->attempts);
  answer->cd_retry = claim->cd_retry;
  answer->edns_fallback = claim->edns_fallback;
  answer->over_tcp = claim->over_tcp;
  altoscope_dns_answer_classify (answer, msg, NULL);
  take_claim (answer, claim);

  g_free (answer->dnssec_detail);
  if (q->result->secure)
    {
      answer->dnssec = ALTOSCOPE_DNSSEC_SECURE;
      answer->dnssec_detail = g_strdup (_("Altoscope validated the answer itself, from the "
                                          "trust anchor"));
    }
  else if (anchor_covers (q->validator, q->qname))
    {
      answer->dnssec = ALTOSCOPE_DNSSEC_INSECURE;
      answer->dnssec_detail = g_strdup (_("Altoscope proved that the answer is not signed (an "
                                          "unsigned delegation, or an algorithm it does not "
                                          "support): DNSSEC does not protect it"));
    }
  else
    {
      answer->dnssec = ALTOSCOPE_DNSSEC_INDETERMINATE;
      answer->dnssec_detail = g_strdup (_("No trust anchor covers this name, so Altoscope "
                                          "cannot judge its integrity"));
    }
  return answer;
}

/* libunbound says "no DNSKEY rrset [from ADDR] for trust anchor NAME while
 * building chain of trust" when the servers it forwards to did not give
 * the keys of the trust anchor itself: a DNSSEC-unaware forwarder (common
 * on home routers), or one that cannot reach the anchor's zone (a private
 * tree under the root's anchor).  Nothing was proved either way; calling
 * that bogus would cry wolf on every such network (issue 17, item 3).
 * libunbound 1.17 gives no code for it, only these words: this matches
 * its English text (val_utils.c / validator.c), which is no API and may
 * change with a new libunbound; the lab pins it
 * (test_validator.py: test_keys_and_ds_stripped,
 * test_anchor_keys_not_passed_is_no_bogus). */
static gboolean
anchor_keys_missing (const struct ub_result *result)
{
  return result->why_bogus != NULL
         && strstr (result->why_bogus, "no DNSKEY rrset") != NULL
         && strstr (result->why_bogus, "for trust anchor") != NULL;
}

static AltoscopeDnsAnswer *
combine (Query *q)
{
  g_autoptr(AltoscopeDnsMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  AltoscopeDnsAnswer *answer;

  /* A proof with no plain answer beside it (AltoscopeResolver gives a
   * failed answer rather than none, but should the plain query end without
   * one): the proof stands, the claim is indeterminate. */
  if (q->result != NULL && q->claim == NULL)
    q->claim = no_answer (q, _("The plain query brought no answer"));

  if (q->result == NULL && q->timed_out && !q->validator->broken)
    answer = unproved_view (q, q->no_proof, q->no_proof);
  else if (q->result == NULL)
    answer = resolver_view (q, q->no_proof ? q->no_proof : _("DNSSEC validation did not run"));
  else if (q->result->bogus && anchor_keys_missing (q->result))
    {
      g_autofree char *why = g_strdup_printf (_("The DNS servers did not pass on the keys "
                                                "(DNSKEY) of the trust anchor, so nothing "
                                                "could be proved: a forwarder that does not "
                                                "pass DNSSEC records, or one that cannot reach "
                                                "the anchor's zone (%s)"),
                                              q->result->why_bogus);
      answer = unproved_view (q, why, why);
    }
  else if (q->result->bogus && q->path_strips)
    answer = unproved_view (q, _("The DNS server does not pass on DNSSEC records (it drops "
                                 "signatures, or the keys and DS records they need): a "
                                 "forwarder that does not take part in DNSSEC, as many home "
                                 "routers are, so Altoscope could not validate; nothing "
                                 "shows that the answers were altered"),
                            _("The DNS server does not pass on DNSSEC records (it drops "
                              "signatures, or the keys and DS records they need), yet it "
                              "vouched for the answer (AD), so Altoscope could not validate"));
  else if (q->result->bogus)
    answer = bogus_answer (q);
  else if (q->result->rcode != ALTOSCOPE_DNS_RCODE_NOERROR
           && q->result->rcode != ALTOSCOPE_DNS_RCODE_NXDOMAIN)
    {
      /* Not bogus, yet no answer: libunbound could not get one through. */
      g_autofree char *why = g_strdup_printf (_("The validating resolver inside Altoscope got no "
                                                "answer (%s)"),
                                              altoscope_dns_rcode_to_string (q->result->rcode));
      answer = unproved_view (q, why, why);
    }
  else if ((msg = altoscope_dns_message_parse (q->result->answer_packet,
                                               q->result->answer_len, &error)) == NULL)
    answer = resolver_view (q, error->message);
  else
    answer = proved_answer (q, g_steal_pointer (&msg));

  answer->elapsed_ms = (g_get_monotonic_time () - q->started) / 1000.0;
  return answer;
}

/* ---- as a transport ----------------------------------------------------- */

static void
transport_query_async (AltoscopeTransport  *transport,
                       const char          *name,
                       guint16              type,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  altoscope_validator_query_async (ALTOSCOPE_VALIDATOR (transport), name, type, cancellable,
                                   callback, user_data);
}

static AltoscopeDnsAnswer *
transport_query_finish (AltoscopeTransport  *transport,
                        GAsyncResult        *result,
                        GError             **error)
{
  return altoscope_validator_query_finish (ALTOSCOPE_VALIDATOR (transport), result, error);
}

static const char * const *
transport_get_servers (AltoscopeTransport *transport)
{
  return altoscope_resolver_get_servers (ALTOSCOPE_VALIDATOR (transport)->resolver);
}

static gboolean
transport_get_uses_system (AltoscopeTransport *transport)
{
  return altoscope_resolver_get_uses_system (ALTOSCOPE_VALIDATOR (transport)->resolver);
}

static gboolean
transport_get_all_loopback (AltoscopeTransport *transport)
{
  return altoscope_resolver_get_all_loopback (ALTOSCOPE_VALIDATOR (transport)->resolver);
}

static const char *
transport_get_interface (AltoscopeTransport *transport)
{
  return altoscope_resolver_get_interface (ALTOSCOPE_VALIDATOR (transport)->resolver);
}

static void
altoscope_validator_transport_init (AltoscopeTransportInterface *iface)
{
  iface->query_async = transport_query_async;
  iface->query_finish = transport_query_finish;
  iface->get_servers = transport_get_servers;
  iface->get_uses_system = transport_get_uses_system;
  iface->get_all_loopback = transport_get_all_loopback;
  iface->get_interface = transport_get_interface;
}
