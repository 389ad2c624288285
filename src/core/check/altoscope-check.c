/* altoscope-check.c
 *
 * GET the IRD's URI (RFC 7285 §9) with libsoup on the main loop, and judge
 * what comes back, step by step: TLS (verified against the system's trust
 * store, plus a CA file for private deployments), the HTTP status, the
 * media type (application/alto-directory+json, RFC 7285 §9), the JSON, and
 * the directory itself (altoscope-ird.c).  Bounded: one deadline for the
 * whole check, at most ALTOSCOPE_CHECK_MAX_REDIRECTS redirects (each
 * recorded, loops refused), at most ALTOSCOPE_CHECK_MAX_BODY bytes read.
 * Sent from a given local address, so that a server found on an interface
 * is reached over it (RFC 7286 §4.2).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <glib/gi18n-lib.h>

#include "altoscope-ca-file.h"
#include "altoscope-check.h"
#include "altoscope-check-private.h"
#include "altoscope-endpoint-query.h"
#include "altoscope-json.h"
#include "altoscope-tls-trust.h"

typedef struct
{
  char *from;
  guint status;
  char *to;
} Redirect;

struct _AltoscopeCheck
{
  GObject parent_instance;

  char *uri;
  char *final_uri;
  char *local_address;
  AltoscopeCheckCode code;
  char *message;
  GStrv tls_errors;             /* "unknown-issuer", "expired", "name-mismatch", … */
  char *peer_subject;
  char *peer_issuer;
  char *peer_not_after;
  guint status;                 /* 0: no HTTP answer */
  char *reason;
  char *content_type;
  gsize body_bytes;
  char *alto_error;             /* meta.code of an application/alto-error+json body */
  GArray *redirects;            /* Redirect */
  double total_ms;
  double response_ms;           /* request sent to first byte of the answer; < 0: unknown */
  GPtrArray *warnings;          /* AltoscopeIrdIssue */
  AltoscopeIrd *ird;
  AltoscopeEndpointQuery *query; /* PIDs and costs asked after a valid directory; NULL */
  char *ca_file;                /* the CA file it trusted, for asking it more later */
  GDateTime *finished_at;
};

G_DEFINE_FINAL_TYPE (AltoscopeCheck, altoscope_check, G_TYPE_OBJECT)

static void
redirect_clear (gpointer data)
{
  Redirect *r = data;
  g_free (r->from);
  g_free (r->to);
}

static void
altoscope_check_finalize (GObject *object)
{
  AltoscopeCheck *self = ALTOSCOPE_CHECK (object);

  g_free (self->uri);
  g_free (self->final_uri);
  g_free (self->local_address);
  g_free (self->message);
  g_strfreev (self->tls_errors);
  g_free (self->peer_subject);
  g_free (self->peer_issuer);
  g_free (self->peer_not_after);
  g_free (self->reason);
  g_free (self->content_type);
  g_free (self->alto_error);
  g_array_unref (self->redirects);
  g_ptr_array_unref (self->warnings);
  g_clear_pointer (&self->ird, altoscope_ird_free);
  g_clear_pointer (&self->query, altoscope_endpoint_query_free);
  g_free (self->ca_file);
  g_clear_pointer (&self->finished_at, g_date_time_unref);
  G_OBJECT_CLASS (altoscope_check_parent_class)->finalize (object);
}

static void
altoscope_check_class_init (AltoscopeCheckClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = altoscope_check_finalize;
}

static void
altoscope_check_init (AltoscopeCheck *self)
{
  self->redirects = g_array_new (FALSE, TRUE, sizeof (Redirect));
  g_array_set_clear_func (self->redirects, redirect_clear);
  self->warnings = altoscope_ird_issues_new ();
  self->response_ms = -1;
}

AltoscopeCheckCode altoscope_check_get_code (AltoscopeCheck *self) { return self->code; }
const char *altoscope_check_get_message (AltoscopeCheck *self) { return self->message; }
const char *altoscope_check_get_uri (AltoscopeCheck *self) { return self->uri; }
const char *altoscope_check_get_final_uri (AltoscopeCheck *self) { return self->final_uri; }
const char *altoscope_check_get_local_address (AltoscopeCheck *self) { return self->local_address; }
const char *altoscope_check_get_content_type (AltoscopeCheck *self) { return self->content_type; }
const char *altoscope_check_get_reason (AltoscopeCheck *self) { return self->reason; }
const char * const *altoscope_check_get_tls_errors (AltoscopeCheck *self) { return (const char * const *) self->tls_errors; }
const char *altoscope_check_get_peer_subject (AltoscopeCheck *self) { return self->peer_subject; }
const char *altoscope_check_get_peer_issuer (AltoscopeCheck *self) { return self->peer_issuer; }
const char *altoscope_check_get_peer_not_after (AltoscopeCheck *self) { return self->peer_not_after; }
double altoscope_check_get_total_ms (AltoscopeCheck *self) { return self->total_ms; }
double altoscope_check_get_response_ms (AltoscopeCheck *self) { return self->response_ms; }
guint altoscope_check_get_n_redirects (AltoscopeCheck *self) { return self->redirects->len; }
GPtrArray *altoscope_check_get_warnings (AltoscopeCheck *self) { return self->warnings; }
const char *altoscope_check_get_alto_error (AltoscopeCheck *self) { return self->alto_error; }
gsize altoscope_check_get_body_bytes (AltoscopeCheck *self) { return self->body_bytes; }
GDateTime *altoscope_check_get_finished_at (AltoscopeCheck *self) { return self->finished_at; }

/* Redirect @index: from where, with which status, to where. */
void
altoscope_check_get_redirect (AltoscopeCheck  *self,
                              guint            index,
                              const char     **from,
                              guint           *status,
                              const char     **to)
{
  Redirect *r = &g_array_index (self->redirects, Redirect, index);

  g_return_if_fail (index < self->redirects->len);
  *from = r->from;
  *status = r->status;
  *to = r->to;
}
const AltoscopeIrd *altoscope_check_get_ird (AltoscopeCheck *self) { return self->ird; }
const AltoscopeEndpointQuery *altoscope_check_get_query (AltoscopeCheck *self) { return self->query; }
guint altoscope_check_get_status (AltoscopeCheck *self) { return self->status; }

static void
add_warning (AltoscopeCheck *self,
             const char     *code,
             const char     *message)
{
  altoscope_ird_issues_add (self->warnings, code, NULL, message);
}

/* ---- one run ----------------------------------------------------------------- */

typedef struct
{
  AltoscopeCheck *result;
  SoupSession *session;
  SoupMessage *msg;
  GInputStream *stream;
  GByteArray *body;
  GHashTable *visited;
  GTlsCertificateFlags tls_errors;
  GCancellable *cancellable;    /* ours: the caller's, or the deadline, cancels it */
  gulong caller_cancel_id;
  GCancellable *caller_cancellable;
  GSource *deadline;
  gboolean timed_out;
  gint64 started;
  /* The directories the directory lists, read one level down, in turn. */
  guint nested_index;
  guint nested_read;
  SoupMessage *nested_msg;
  GInputStream *nested_stream;
  /* What to ask the server once its directory is found valid. */
  GPtrArray *ours;              /* GInetAddress; NULL: nothing */
  GPtrArray *peers;
  gboolean asked;
  guint timeout_ms;
} Run;

static void
run_free (Run *run)
{
  g_clear_object (&run->result);
  g_clear_object (&run->msg);
  g_clear_object (&run->stream);
  g_clear_object (&run->nested_msg);
  g_clear_object (&run->nested_stream);
  g_clear_object (&run->session);
  g_clear_pointer (&run->body, g_byte_array_unref);
  g_clear_pointer (&run->visited, g_hash_table_unref);
  g_clear_pointer (&run->ours, g_ptr_array_unref);
  g_clear_pointer (&run->peers, g_ptr_array_unref);
  if (run->caller_cancel_id != 0)
    g_cancellable_disconnect (run->caller_cancellable, run->caller_cancel_id);
  g_clear_object (&run->caller_cancellable);
  g_clear_object (&run->cancellable);
  if (run->deadline != NULL)
    {
      g_source_destroy (run->deadline);
      g_source_unref (run->deadline);
    }
  g_free (run);
}

static void finish (GTask *task, AltoscopeCheckCode code, char *message);

static void
on_queried_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(GTask) task = data;
  Run *run = g_task_get_task_data (task);
  AltoscopeCheck *self = run->result;

  self->query = altoscope_endpoint_query_finish (result);
  for (guint i = 0; self->query != NULL && i < self->query->warnings->len; i++)
    {
      AltoscopeIrdIssue *w = self->query->warnings->pdata[i];
      altoscope_ird_issues_add (self->warnings, w->code, w->resource, w->message);
    }
  /* Only the caller stops a query (its own deadline keeps what came). */
  if (self->query == NULL)
    finish (task, ALTOSCOPE_CHECK_CANCELLED, g_strdup (_("The check was cancelled")));
  else
    finish (task, ALTOSCOPE_CHECK_OK, g_steal_pointer (&self->message));
}

/* A valid directory, and something to ask it: asked before the verdict
 * returns, with the same session (the same trust, the same address). */
static gboolean
ask_first (GTask              *task,
           AltoscopeCheckCode  code,
           char               *message)
{
  Run *run = g_task_get_task_data (task);

  if (code != ALTOSCOPE_CHECK_OK || run->asked
      || (run->ours->len == 0 && run->peers->len == 0))
    return FALSE;
  run->asked = TRUE;
  g_free (run->result->message);
  run->result->message = message;
  /* The verdict is in: its deadline and its time end here.  The query has
   * a deadline of its own, so that a slow map never makes a valid server
   * look down. */
  if (run->deadline != NULL)
    {
      g_source_destroy (run->deadline);
      g_clear_pointer (&run->deadline, g_source_unref);
    }
  run->result->total_ms = (g_get_monotonic_time () - run->started) / 1000.0;
  altoscope_endpoint_query_async (run->result->ird, run->result->final_uri, run->session,
                                  run->ours, run->peers, run->timeout_ms, run->cancellable,
                                  on_queried_cb, g_object_ref (task));
  return TRUE;
}

static void
finish (GTask              *task,
        AltoscopeCheckCode  code,
        char               *message)
{
  Run *run = g_task_get_task_data (task);
  AltoscopeCheck *self = run->result;

  if (ask_first (task, code, message))
    return;
  self->code = code;
  g_free (self->message);
  self->message = message;
  if (!run->asked)
    self->total_ms = (g_get_monotonic_time () - run->started) / 1000.0;
  self->finished_at = g_date_time_new_now_utc ();
  if (run->msg != NULL)
    {
      SoupMessageMetrics *m = soup_message_get_metrics (run->msg);
      if (m != NULL && soup_message_metrics_get_response_start (m) > 0
          && soup_message_metrics_get_request_start (m) > 0)
        self->response_ms = (soup_message_metrics_get_response_start (m)
                             - soup_message_metrics_get_request_start (m)) / 1000.0;
    }
  g_task_return_pointer (task, g_object_ref (self), g_object_unref);
}

/* The certificate of the server that answered last: after a redirect to
 * another host, that host's, which is the one the verdict is about. */
static void
record_peer (Run *run)
{
  AltoscopeCheck *self = run->result;
  GTlsCertificate *cert = soup_message_get_tls_peer_certificate (run->msg);

  if (cert == NULL)
    return;
  g_free (self->peer_subject);
  g_free (self->peer_issuer);
  g_free (self->peer_not_after);
  self->peer_subject = g_tls_certificate_get_subject_name (cert);
  self->peer_issuer = g_tls_certificate_get_issuer_name (cert);
  {
    g_autoptr(GDateTime) after = g_tls_certificate_get_not_valid_after (cert);
    self->peer_not_after = after ? g_date_time_format_iso8601 (after) : NULL;
  }
}

/* The trust (altoscope-tls-trust.c: the system's CAs, then the CA file)
 * said no: what it found is the verdict's detail. */
static gboolean
on_accept_certificate_cb (SoupMessage          *msg,
                          GTlsCertificate      *cert,
                          GTlsCertificateFlags  errors,
                          gpointer              data)
{
  Run *run = data;

  run->tls_errors = errors;
  return FALSE;
}

static void send_next (GTask *task, const char *uri);
static void next_nested (GTask *task);
static void next_after_nested (GTask *task);
static void on_nested_closed_cb (GObject *source, GAsyncResult *result, gpointer data);

/* Why a body is no directory at all, in words: altoscope_json_parse()
 * always says why. */
static char *
unreadable_directory (const GError *error)
{
  if (g_error_matches (error, ALTOSCOPE_JSON_ERROR, ALTOSCOPE_JSON_ERROR_EMPTY))
    return g_strdup (_("The server sent an empty body instead of the directory"));
  return g_strdup_printf (_("The directory cannot be read: %s"), error->message);
}

static void
judge_body (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  AltoscopeCheck *self = run->result;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  if (!SOUP_STATUS_IS_SUCCESSFUL (self->status))
    {
      /* RFC 7285 §8.5: an ALTO error says what went wrong. */
      if (g_strcmp0 (self->content_type, ALTOSCOPE_MEDIA_ERROR) == 0
          && (root = altoscope_json_parse ((const char *) run->body->data, run->body->len,
                                           NULL)) != NULL)
        {
          JsonObject *meta = JSON_NODE_HOLDS_OBJECT (root)
                             && json_object_has_member (json_node_get_object (root), "meta")
                             && JSON_NODE_HOLDS_OBJECT (json_object_get_member (
                                  json_node_get_object (root), "meta"))
                             ? json_object_get_object_member (json_node_get_object (root), "meta")
                             : NULL;
          if (meta != NULL && json_object_has_member (meta, "code")
              && JSON_NODE_HOLDS_VALUE (json_object_get_member (meta, "code")))
            self->alto_error = g_strdup (json_object_get_string_member (meta, "code"));
        }
      finish (task, ALTOSCOPE_CHECK_HTTP_STATUS,
              self->alto_error
              ? g_strdup_printf (_("The server answered %u %s, with the ALTO error %s"),
                                 self->status, self->reason ? self->reason : "",
                                 self->alto_error)
              : g_strdup_printf (_("The server answered %u %s instead of the directory"),
                                 self->status, self->reason ? self->reason : ""));
      return;
    }

  if (g_strcmp0 (self->content_type, ALTOSCOPE_MEDIA_DIRECTORY) != 0)
    {
      finish (task, ALTOSCOPE_CHECK_MEDIA_TYPE,
              g_strdup_printf (_("The answer is of the media type “%s”, not %s (RFC 7285 §9)"),
                               self->content_type ? self->content_type : _("(none)"),
                               ALTOSCOPE_MEDIA_DIRECTORY));
      return;
    }
  root = altoscope_json_parse ((const char *) run->body->data, run->body->len, &error);
  if (root == NULL)
    {
      finish (task, ALTOSCOPE_CHECK_INVALID_JSON, unreadable_directory (error));
      return;
    }
  self->ird = altoscope_ird_parse (root, self->final_uri);
  for (guint i = 0; i < self->ird->warnings->len; i++)
    {
      AltoscopeIrdIssue *w = self->ird->warnings->pdata[i];
      altoscope_ird_issues_add (self->warnings, w->code, w->resource, w->message);
    }
  if (!altoscope_ird_is_valid (self->ird))
    {
      AltoscopeIrdIssue *first = self->ird->errors->pdata[0];
      finish (task, ALTOSCOPE_CHECK_INVALID_IRD,
              g_strdup_printf (ngettext ("The directory breaks %u rule of RFC 7285: %s",
                                         "The directory breaks %u rules of RFC 7285; the "
                                         "first: %s", self->ird->errors->len),
                               self->ird->errors->len, first->message));
      return;
    }
  next_nested (task);
}

/* ---- directories listed by the directory: one level down ------------------ */

#define MAX_NESTED 8              /* our choice: a directory lists a few at most */

/* The directory at nested_index was read (@error NULL) or not (@error
 * says why, and becomes a warning: the directory itself was fine). */
static void
nested_done (GTask *task,
             char  *error)
{
  Run *run = g_task_get_task_data (task);
  AltoscopeIrdResource *r = run->result->ird->resources->pdata[run->nested_index];

  if (error != NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("The directory “%s” could not be read: %s"),
                                              r->id, error);
      r->nested_error = error;
      altoscope_ird_issues_add (run->result->warnings, "nested-directory-unreadable", r->id,
                                msg);
    }
  else if (!altoscope_ird_is_valid (r->nested))
    {
      AltoscopeIrdIssue *first = r->nested->errors->pdata[0];
      g_autofree char *msg = g_strdup_printf (_("The directory “%s” breaks RFC 7285: %s"),
                                              r->id, first->message);
      altoscope_ird_issues_add (run->result->warnings, "nested-directory-invalid", r->id, msg);
    }
  if (run->nested_stream != NULL)
    /* As for the directory: the connection goes back for the next one,
     * and a body left unread is not read on the main loop. */
    g_input_stream_close_async (run->nested_stream, G_PRIORITY_DEFAULT, run->cancellable,
                                on_nested_closed_cb, g_object_ref (task));
  else
    next_after_nested (task);
}

static void
next_after_nested (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  g_clear_object (&run->nested_msg);
  g_clear_object (&run->nested_stream);
  run->nested_index++;
  next_nested (task);
}

static void
on_nested_closed_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  g_autoptr(GTask) task = data;

  g_input_stream_close_finish (G_INPUT_STREAM (source), result, NULL);
  next_after_nested (task);
}

static void
on_nested_body_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(GTask) task = data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gsize n_read;
  g_autoptr(GByteArray) body = _altoscope_check_read_body_finish (result, &n_read, &error);
  AltoscopeIrdResource *r = run->result->ird->resources->pdata[run->nested_index];
  g_autoptr(JsonNode) root = NULL;

  if (body == NULL)
    {
      if (g_cancellable_is_cancelled (run->cancellable))
        next_nested (task);
      else
        nested_done (task, g_strdup (error->message));
      return;
    }
  root = altoscope_json_parse ((const char *) body->data, body->len, &error);
  if (root == NULL)
    {
      nested_done (task,
                   g_error_matches (error, ALTOSCOPE_JSON_ERROR, ALTOSCOPE_JSON_ERROR_EMPTY)
                   ? g_strdup (_("the server sent an empty body"))
                   : g_strdup (error->message));
      return;
    }
  r->nested = altoscope_ird_parse (root, r->uri);
  nested_done (task, NULL);
}

static void
on_nested_sent_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(GTask) task = data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  guint status;
  const char *ctype;

  run->nested_stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (run->nested_stream == NULL)
    {
      if (g_cancellable_is_cancelled (run->cancellable))
        next_nested (task);
      else
        nested_done (task, g_strdup (error->message));
      return;
    }
  status = soup_message_get_status (run->nested_msg);
  ctype = soup_message_headers_get_content_type (
    soup_message_get_response_headers (run->nested_msg), NULL);
  if (status != SOUP_STATUS_OK)
    nested_done (task, g_strdup_printf (_("the server answered %u %s"), status,
                                        soup_message_get_reason_phrase (run->nested_msg)));
  else if (ctype == NULL || g_ascii_strcasecmp (ctype, ALTOSCOPE_MEDIA_DIRECTORY) != 0)
    nested_done (task, g_strdup_printf (_("the media type is “%s”, not %s"),
                                        ctype ? ctype : _("(none)"), ALTOSCOPE_MEDIA_DIRECTORY));
  else
    _altoscope_check_read_body_async (run->nested_stream, ALTOSCOPE_CHECK_MAX_BODY,
                                      run->cancellable, on_nested_body_cb,
                                      g_steal_pointer (&task));
}

/* The next listed directory to read, or the verdict: the check already
 * passed, so what a nested directory does is a warning, not a failure.
 * Only the caller's cancel fails it now; when time runs out, what was not
 * read is said. */
static void
next_nested (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  GPtrArray *resources = run->result->ird->resources;

  for (; run->nested_index < resources->len; run->nested_index++)
    {
      AltoscopeIrdResource *r = resources->pdata[run->nested_index];

      if (!g_str_equal (r->kind, "directory") || r->uri == NULL || r->nested != NULL
          || r->nested_error != NULL)
        continue;
      if (g_cancellable_is_cancelled (run->cancellable) && !run->timed_out)
        {
          finish (task, ALTOSCOPE_CHECK_CANCELLED, g_strdup (_("The check was cancelled")));
          return;
        }
      if (g_cancellable_is_cancelled (run->cancellable) || run->nested_read >= MAX_NESTED)
        {
          r->nested_error = g_cancellable_is_cancelled (run->cancellable)
                            ? g_strdup (_("not read: the check's time ran out"))
                            : g_strdup_printf (_("not read: a check reads at most %d listed "
                                                 "directories"), MAX_NESTED);
          continue;
        }
      run->nested_read++;
      {
        g_autoptr(GUri) uri = g_uri_parse (r->uri, G_URI_FLAGS_NONE, NULL);

        switch (_altoscope_check_fetch_rule (run->result->uri, uri))
          {
          case ALTOSCOPE_FETCH_DOWNGRADE:
            nested_done (task, g_strdup (_("not read: this check began over https, and it would "
                                           "be read in clear text")));
            return;
          case ALTOSCOPE_FETCH_SCHEME:
          case ALTOSCOPE_FETCH_NO_HOST:
            nested_done (task, g_strdup_printf (_("not read: “%s” is not an http or https "
                                                  "address with a host"), r->uri));
            return;
          case ALTOSCOPE_FETCH_OK:
          default:
            break;
          }
      }
      run->nested_msg = soup_message_new (SOUP_METHOD_GET, r->uri);
      if (run->nested_msg == NULL)
        {
          nested_done (task, g_strdup (_("its URI cannot be fetched")));
          return;
        }
      /* Not followed further: one level, no redirects. */
      soup_message_add_flags (run->nested_msg, SOUP_MESSAGE_NO_REDIRECT);
      soup_message_headers_replace (soup_message_get_request_headers (run->nested_msg), "Accept",
                                    ALTOSCOPE_MEDIA_DIRECTORY "," ALTOSCOPE_MEDIA_ERROR);
      g_signal_connect (run->nested_msg, "accept-certificate",
                        G_CALLBACK (on_accept_certificate_cb), run);
      soup_session_send_async (run->session, run->nested_msg, G_PRIORITY_DEFAULT,
                               run->cancellable, on_nested_sent_cb, g_object_ref (task));
      return;
    }
  finish (task, ALTOSCOPE_CHECK_OK, NULL);
}

static void
on_body_closed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(GTask) task = data;

  g_input_stream_close_finish (G_INPUT_STREAM (source), result, NULL);
  judge_body (task);
}

static void
on_body_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GTask) task = data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gsize n_read;

  run->body = _altoscope_check_read_body_finish (result, &n_read, &error);
  run->result->body_bytes = n_read;
  if (run->body != NULL)
    /* Closing the stream ends the exchange and hands the connection back,
     * so the directories this one lists come over it (keep-alive: no
     * second TCP and TLS handshake). */
    g_input_stream_close_async (run->stream, G_PRIORITY_DEFAULT, run->cancellable,
                                on_body_closed_cb, g_steal_pointer (&task));
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
    finish (task, ALTOSCOPE_CHECK_TOO_LARGE,
            g_strdup_printf (_("The answer is larger than %u KiB; reading stopped"),
                             ALTOSCOPE_CHECK_MAX_BODY / 1024));
  else if (run->timed_out)
    finish (task, ALTOSCOPE_CHECK_TIMEOUT, g_strdup (_("The answer did not arrive in time")));
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    finish (task, ALTOSCOPE_CHECK_CANCELLED, g_strdup (_("The check was cancelled")));
  else
    finish (task, ALTOSCOPE_CHECK_NETWORK,
            g_strdup_printf (_("Reading the answer failed: %s"), error->message));
}

/* Records the redirect to @next (@to as text) and says whether the check
 * may follow it: NULL, or why not with the verdict in @code.  Only http and
 * https are ever handed to libsoup, and a check that began on https never
 * goes on in clear text (the answer could then be read and changed by
 * anyone on the way, with nothing to say so). */
static char *
judge_redirect (Run                *run,
                GUri               *next,
                const char         *to,
                AltoscopeCheckCode *code)
{
  AltoscopeCheck *self = run->result;
  Redirect r = { g_strdup (self->final_uri), self->status, g_strdup (to) };
  guint hop = self->redirects->len + 1;

  g_array_append_val (self->redirects, r);
  *code = ALTOSCOPE_CHECK_REDIRECTS;
  switch (_altoscope_check_fetch_rule (self->uri, next))
    {
    case ALTOSCOPE_FETCH_SCHEME:
      return g_strdup_printf (_("Redirect %u, from “%s”, points at “%s”: not an http or https "
                                "address, so it is not followed"), hop, r.from, to);
    case ALTOSCOPE_FETCH_NO_HOST:
      return g_strdup_printf (_("Redirect %u, from “%s”, points at “%s”, which names no host"),
                              hop, r.from, to);
    case ALTOSCOPE_FETCH_DOWNGRADE:
      *code = ALTOSCOPE_CHECK_INSECURE_REDIRECT;
      return g_strdup_printf (_("Redirect %u would leave https for clear text: from “%s” to "
                                "“%s”"), hop, r.from, to);
    case ALTOSCOPE_FETCH_OK:
    default:
      break;
    }
  if (g_hash_table_contains (run->visited, to))
    return g_strdup_printf (_("The redirects lead back to “%s”: a loop"), to);
  if (self->redirects->len > ALTOSCOPE_CHECK_MAX_REDIRECTS)
    return g_strdup_printf (_("More than %d redirects"), ALTOSCOPE_CHECK_MAX_REDIRECTS);
  return NULL;
}

static void
on_redirect_closed_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      data)
{
  g_autoptr(GTask) task = data;
  Run *run = g_task_get_task_data (task);
  AltoscopeCheck *self = run->result;
  const char *to;

  /* A failed close only costs the connection; the next request opens one. */
  g_input_stream_close_finish (G_INPUT_STREAM (source), result, NULL);
  g_clear_object (&run->stream);
  if (g_cancellable_is_cancelled (run->cancellable))
    {
      if (run->timed_out)
        finish (task, ALTOSCOPE_CHECK_TIMEOUT, g_strdup (_("No answer from the server in time")));
      else
        finish (task, ALTOSCOPE_CHECK_CANCELLED, g_strdup (_("The check was cancelled")));
      return;
    }
  to = g_array_index (self->redirects, Redirect, self->redirects->len - 1).to;
  send_next (g_steal_pointer (&task), to);
}

static void
on_sent_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GTask) task = data;
  Run *run = g_task_get_task_data (task);
  AltoscopeCheck *self = run->result;
  g_autoptr(GError) error = NULL;
  const char *ctype;

  run->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  record_peer (run);
  if (run->stream == NULL)
    {
      if (run->timed_out)
        finish (task, ALTOSCOPE_CHECK_TIMEOUT,
                g_strdup_printf (_("No answer from the server in time")));
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        finish (task, ALTOSCOPE_CHECK_CANCELLED, g_strdup (_("The check was cancelled")));
      else if (error->domain == G_TLS_ERROR || run->tls_errors != 0)
        {
          GTlsCertificateFlags flags = run->tls_errors
                                       ? run->tls_errors
                                       : soup_message_get_tls_peer_certificate_errors (run->msg);
          self->tls_errors = _altoscope_check_tls_flag_names (flags);
          finish (task, ALTOSCOPE_CHECK_TLS, _altoscope_check_tls_flags_sentence (flags));
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        finish (task, ALTOSCOPE_CHECK_TIMEOUT,
                g_strdup_printf (_("No answer from the server in time: %s"), error->message));
      else
        finish (task, ALTOSCOPE_CHECK_NETWORK,
                g_strdup_printf (_("The server could not be reached: %s"), error->message));
      return;
    }

  self->status = soup_message_get_status (run->msg);
  g_free (self->reason);
  self->reason = g_strdup (soup_message_get_reason_phrase (run->msg));
  ctype = soup_message_headers_get_content_type (soup_message_get_response_headers (run->msg),
                                                 NULL);
  g_free (self->content_type);
  self->content_type = ctype ? g_ascii_strdown (ctype, -1) : NULL;

  if (SOUP_STATUS_IS_REDIRECTION (self->status))
    {
      const char *location = soup_message_headers_get_one (
        soup_message_get_response_headers (run->msg), "Location");
      g_autoptr(GUri) next = location ? g_uri_parse_relative (soup_message_get_uri (run->msg),
                                                              location, G_URI_FLAGS_NONE, NULL)
                                      : NULL;

      if (next != NULL)
        {
          AltoscopeCheckCode code;
          g_autofree char *to = g_uri_to_string (next);
          char *why = judge_redirect (run, next, to, &code);

          if (why != NULL)
            {
              finish (task, code, why);
              return;
            }
          /* The rest of the redirect's body is not wanted: closing it
           * (asynchronously: a slow server must not stall the main loop)
           * lets the connection be used for the next request. */
          g_input_stream_close_async (run->stream, G_PRIORITY_DEFAULT, run->cancellable,
                                      on_redirect_closed_cb, g_steal_pointer (&task));
          return;
        }
    }

  _altoscope_check_read_body_async (run->stream, ALTOSCOPE_CHECK_MAX_BODY, run->cancellable,
                                    on_body_cb, g_steal_pointer (&task));
}

static void
send_next (GTask      *task,
           const char *uri)
{
  Run *run = g_task_get_task_data (task);

  g_free (run->result->final_uri);
  run->result->final_uri = g_strdup (uri);
  g_hash_table_add (run->visited, g_strdup (uri));
  g_clear_object (&run->msg);
  run->msg = soup_message_new (SOUP_METHOD_GET, uri);
  if (run->msg == NULL)
    {
      /* Given by the person: a usage error; reached by a redirect: the
       * server's failure. */
      if (run->result->redirects->len == 0)
        finish (task, ALTOSCOPE_CHECK_INVALID_INPUT,
                g_strdup_printf (_("“%s” is not a URI that can be fetched"), uri));
      else
        finish (task, ALTOSCOPE_CHECK_REDIRECTS,
                g_strdup_printf (_("A redirect points at “%s”, which is not a URI that can be "
                                   "fetched"), uri));
      g_object_unref (task);
      return;
    }
  /* Redirects are followed here, one by one, to show each and to stop
   * loops; metrics give the server's own time. */
  soup_message_add_flags (run->msg, SOUP_MESSAGE_NO_REDIRECT | SOUP_MESSAGE_COLLECT_METRICS);
  soup_message_headers_replace (soup_message_get_request_headers (run->msg), "Accept",
                                ALTOSCOPE_MEDIA_DIRECTORY "," ALTOSCOPE_MEDIA_ERROR);
  g_signal_connect (run->msg, "accept-certificate", G_CALLBACK (on_accept_certificate_cb), run);
  soup_session_send_async (run->session, run->msg, G_PRIORITY_DEFAULT, run->cancellable,
                           on_sent_cb, task);
}

static gboolean
on_deadline_cb (gpointer data)
{
  Run *run = data;

  run->timed_out = TRUE;
  g_cancellable_cancel (run->cancellable);
  g_clear_pointer (&run->deadline, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
on_caller_cancelled_cb (GCancellable *caller,
                        GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

/**
 * altoscope_check_async:
 * @uri: the IRD's http or https URI
 * @local_address: (nullable): the address to send from (the interface's)
 * @ca_file: (nullable): PEM file of CAs trusted besides the system's
 * @timeout_ms: the whole check's time, 0 for the default
 *
 * The result always comes back, with its verdict (never a GError).
 */
/* The trust: the system's CAs, then @extra (a CA file's).  No proxy: the
 * check is about the server as reached from this interface's address
 * (RFC 7286 §4.2), and not asking for one spares loading GIO's proxy
 * modules before the first connection. */
static SoupSession *
session_new (GSocketAddress *local,
             GTlsDatabase   *extra,
             guint           timeout_ms)
{
  g_autoptr(GTlsDatabase) trust = NULL;

  altoscope_tls_trust_warm ();
  trust = altoscope_tls_trust_new (extra);
  return soup_session_new_with_options ("timeout", MAX (timeout_ms / 1000, 1),
                                        "user-agent", "altoscope/" PACKAGE_VERSION,
                                        "local-address", local,
                                        "proxy-resolver", NULL,
                                        "tls-database", trust, NULL);
}

void
altoscope_check_async (const char          *uri,
                       const char          *local_address,
                       const char          *ca_file,
                       guint                timeout_ms,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  altoscope_check_and_ask_async (uri, local_address, ca_file, timeout_ms, NULL, NULL,
                                 cancellable, callback, user_data);
}

/**
 * altoscope_check_and_ask_async:
 * @ours: (element-type GInetAddress) (nullable): this computer's addresses
 * @peers: (element-type GInetAddress) (nullable): peers to ask the cost to
 *
 * As altoscope_check_async(); when the directory is valid and there is
 * something to ask, the server is then asked which PID @ours are in and
 * what reaching @peers costs (altoscope-endpoint-query.c), before the
 * verdict returns: altoscope_check_get_query().
 */
void
altoscope_check_and_ask_async (const char          *uri,
                               const char          *local_address,
                               const char          *ca_file,
                               guint                timeout_ms,
                               GPtrArray           *ours,
                               GPtrArray           *peers,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Run *run = g_new0 (Run, 1);
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GTlsDatabase) extra = NULL;
  g_autoptr(GError) error = NULL;
  guint timeout = timeout_ms ? timeout_ms : ALTOSCOPE_CHECK_DEFAULT_TIMEOUT_MS;

  g_task_set_source_tag (task, altoscope_check_async);
  run->ours = ours ? g_ptr_array_ref (ours) : g_ptr_array_new ();
  run->timeout_ms = timeout;
  run->peers = peers ? g_ptr_array_ref (peers) : g_ptr_array_new ();
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);
  run->started = g_get_monotonic_time ();
  run->result = g_object_new (ALTOSCOPE_TYPE_CHECK, NULL);
  run->result->uri = g_strdup (uri);
  run->result->final_uri = g_strdup (uri);
  run->result->local_address = g_strdup (local_address);
  run->visited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  run->cancellable = g_cancellable_new ();

  if (parsed == NULL || (g_ascii_strcasecmp (g_uri_get_scheme (parsed), "https") != 0
                         && g_ascii_strcasecmp (g_uri_get_scheme (parsed), "http") != 0))
    {
      finish (task, ALTOSCOPE_CHECK_INVALID_INPUT,
              g_strdup_printf (_("“%s” is not an http or https URI"), uri));
      return;
    }
  if (local_address != NULL)
    {
      g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (local_address);
      if (inet == NULL)
        {
          finish (task, ALTOSCOPE_CHECK_INVALID_INPUT,
                  g_strdup_printf (_("“%s” is not an IP address"), local_address));
          return;
        }
      local = g_inet_socket_address_new (inet, 0);
    }
  if (ca_file != NULL)
    {
      extra = altoscope_ca_file_load (ca_file, &error);
      if (extra == NULL)
        {
          finish (task, ALTOSCOPE_CHECK_INVALID_INPUT, g_strdup (error->message));
          return;
        }
    }
  if (g_ascii_strcasecmp (g_uri_get_scheme (parsed), "http") == 0)
    add_warning (run->result, "http",
                 _("The directory is fetched over plain http: anyone on the way can read and "
                   "change it; https is what RFC 7286 §6 expects"));

  run->result->ca_file = g_strdup (ca_file);
  run->session = session_new (local, extra, timeout);
  run->deadline = g_timeout_source_new (timeout);
  g_source_set_callback (run->deadline, on_deadline_cb, run, NULL);
  g_source_attach (run->deadline, g_main_context_get_thread_default ());
  if (cancellable != NULL)
    {
      run->caller_cancellable = g_object_ref (cancellable);
      run->caller_cancel_id = g_cancellable_connect (cancellable,
                                                     G_CALLBACK (on_caller_cancelled_cb),
                                                     g_object_ref (run->cancellable),
                                                     g_object_unref);
    }
  send_next (g_steal_pointer (&task), uri);
}

AltoscopeCheck *
altoscope_check_finish (GAsyncResult *result)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), NULL);
}

/* ---- asking more of a server checked before ------------------------------ */

static void
on_asked_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(GTask) task = data;
  AltoscopeEndpointQuery *query = altoscope_endpoint_query_finish (result);

  if (query == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
  else
    g_task_return_pointer (task, query, (GDestroyNotify) altoscope_endpoint_query_free);
}

/**
 * altoscope_check_ask_async:
 * @peers: (element-type GInetAddress): addresses to ask the cost to
 *
 * Asks the server @check found valid (it must be) what reaching @peers
 * costs from the addresses its own query asked about (else from the
 * address it was sent from), from that address again and trusting the
 * same CAs.  A CA file that can no longer be read is an error.
 */
void
altoscope_check_ask_async (AltoscopeCheck      *check,
                           GPtrArray           *peers,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) ours = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GTlsDatabase) extra = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (check->code == ALTOSCOPE_CHECK_OK && check->ird != NULL);
  task = g_task_new (check, cancellable, callback, user_data);
  g_task_set_source_tag (task, altoscope_check_ask_async);
  for (guint i = 0; check->query != NULL && i < check->query->endpoints->len; i++)
    {
      AltoscopeEndpointAnswer *e = check->query->endpoints->pdata[i];
      g_ptr_array_add (ours, g_inet_address_new_from_string (e->address));
    }
  if (check->local_address != NULL)
    {
      g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (check->local_address);
      local = inet ? g_inet_socket_address_new (inet, 0) : NULL;
      if (ours->len == 0 && inet != NULL)
        g_ptr_array_add (ours, g_object_ref (inet));
    }
  if (check->ca_file != NULL && (extra = altoscope_ca_file_load (check->ca_file, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  session = session_new (local, extra, ALTOSCOPE_CHECK_DEFAULT_TIMEOUT_MS);
  altoscope_endpoint_query_async (check->ird, check->final_uri, session, ours, peers,
                                  ALTOSCOPE_CHECK_DEFAULT_TIMEOUT_MS, cancellable, on_asked_cb,
                                  g_steal_pointer (&task));
}

/* The answers, or NULL with @error (cancelled, or the CA file). */
AltoscopeEndpointQuery *
altoscope_check_ask_finish (GAsyncResult  *result,
                            GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- a verdict read back from a report (altoscope-check-read.c) ------------ */

static void
read_set (char       **field,
          const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

AltoscopeCheck *
_altoscope_check_new_read (const char         *uri,
                           const char         *final_uri,
                           const char         *local_address,
                           AltoscopeCheckCode  code,
                           const char         *message)
{
  AltoscopeCheck *self = g_object_new (ALTOSCOPE_TYPE_CHECK, NULL);

  self->uri = g_strdup (uri);
  self->final_uri = g_strdup (final_uri);
  self->local_address = g_strdup (local_address);
  self->code = code;
  self->message = g_strdup (message);
  return self;
}

void
_altoscope_check_set_read_http (AltoscopeCheck *self,
                                guint           status,
                                const char     *reason,
                                const char     *content_type,
                                gsize           body_bytes,
                                const char     *alto_error)
{
  self->status = status;
  read_set (&self->reason, reason);
  read_set (&self->content_type, content_type);
  self->body_bytes = body_bytes;
  read_set (&self->alto_error, alto_error);
}

void
_altoscope_check_set_read_tls (AltoscopeCheck *self,
                               GStrv           tls_errors,
                               const char     *subject,
                               const char     *issuer,
                               const char     *not_after)
{
  g_strfreev (self->tls_errors);
  self->tls_errors = g_strdupv (tls_errors);
  read_set (&self->peer_subject, subject);
  read_set (&self->peer_issuer, issuer);
  read_set (&self->peer_not_after, not_after);
}

void
_altoscope_check_add_read_redirect (AltoscopeCheck *self,
                                    const char     *from,
                                    guint           status,
                                    const char     *to)
{
  Redirect r = { g_strdup (from), status, g_strdup (to) };
  g_array_append_val (self->redirects, r);
}

/* Takes @warnings, @ird and @query (each may be NULL). */
void
_altoscope_check_take_read_results (AltoscopeCheck         *self,
                                    double                  total_ms,
                                    double                  response_ms,
                                    GDateTime              *finished_at,
                                    GPtrArray              *warnings,
                                    AltoscopeIrd           *ird,
                                    AltoscopeEndpointQuery *query)
{
  self->total_ms = total_ms;
  self->response_ms = response_ms;
  g_clear_pointer (&self->finished_at, g_date_time_unref);
  self->finished_at = finished_at ? g_date_time_ref (finished_at) : NULL;
  if (warnings != NULL)
    {
      g_ptr_array_unref (self->warnings);
      self->warnings = warnings;
    }
  g_clear_pointer (&self->ird, altoscope_ird_free);
  self->ird = ird;
  g_clear_pointer (&self->query, altoscope_endpoint_query_free);
  self->query = query;
}
