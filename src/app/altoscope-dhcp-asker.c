/* altoscope-dhcp-asker.c
 *
 * The command line is "/usr/bin/pkexec HELPER --interface NAME --family
 * ipv4|ipv6", HELPER the installed one (LIBEXECDIR, the path the polkit
 * action names).  pkexec is named by its absolute path, never looked up in
 * PATH.  Only a development build (meson -Ddevelopment=true, as the tests
 * and `scripts/dev.sh` build) takes $ALTOSCOPE_DHCP_HELPER (the build
 * tree's helper, `meson devenv` sets it) and $ALTOSCOPE_PKEXEC (the tests'
 * stand-in); an installed build reads neither.
 *
 * The helper's output is read as untrusted text: stdout and stderr are read
 * on the main loop, each capped *while* it is read (a helper that writes
 * more is stopped, and nothing more is kept), and the JSON goes through
 * altoscope_json_parse() (empty, not UTF-8, too deep: refused) and
 * altoscope_dhcp_answer_from_json(), which checks and decodes it again
 * within the limits the writer kept to (altoscope-dhcp-answer.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "altoscope-dhcp-asker.h"
#include "altoscope-json.h"
#include "altoscope-text.h"

#define PKEXEC "/usr/bin/pkexec"
/* pkexec's own complaints, and the helper's usage line */
#define MAX_ERROR_OUTPUT 4096
/* What is read of stderr past MAX_ERROR_OUTPUT is thrown away, so that a
 * chatty helper still gives its answer; past this much, the pipe is closed
 * (the writer's next write fails) so that one that never stops cannot keep
 * the answer waiting. */
#define MAX_ERROR_DRAIN (1024 * 1024)
#define READ_CHUNK 8192

typedef struct
{
  char *interface;
  AltoscopeFamily family;
  GSubprocess *process;
  GByteArray *out;
  GByteArray *err;
  guint pending;             /* the two reads and the wait */
  gboolean out_too_long;
  gsize err_read;               /* all that came on stderr, kept or not */
  GError *failure;           /* the first read or wait that failed */
} Ask;

static void
ask_free (Ask *ask)
{
  g_free (ask->interface);
  g_clear_object (&ask->process);
  g_clear_pointer (&ask->out, g_byte_array_unref);
  g_clear_pointer (&ask->err, g_byte_array_unref);
  g_clear_error (&ask->failure);
  g_free (ask);
}

char **
altoscope_dhcp_asker_argv (const AltoscopeDhcpQueryOptions *options)
{
  const char *pkexec = PKEXEC;
  const char *helper = LIBEXECDIR "/altoscope-dhcp-helper";
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

#if DEVELOPMENT
  {
    const char *p = g_getenv ("ALTOSCOPE_PKEXEC");
    const char *h = g_getenv ("ALTOSCOPE_DHCP_HELPER");
    if (p != NULL && *p != '\0')
      pkexec = p;
    if (h != NULL && *h != '\0')
      helper = h;
  }
#endif
  g_strv_builder_add (b, pkexec);
  g_strv_builder_add (b, helper);
  g_strv_builder_add (b, "--interface");
  g_strv_builder_add (b, options->interface);
  g_strv_builder_add (b, "--family");
  g_strv_builder_add (b, altoscope_family_to_string (options->family));
  return g_strv_builder_end (b);
}

static void
return_failure_code (GTask              *task,
                     AltoscopeDhcpError  code,
                     const char         *message)
{
  Ask *ask = g_task_get_task_data (task);
  AltoscopeDhcpAnswer *answer = altoscope_dhcp_answer_new (ask->interface, ask->family);

  altoscope_dhcp_answer_set_error (answer, code, message, NULL);
  g_task_return_pointer (task, answer, (GDestroyNotify) altoscope_dhcp_answer_unref);
}

static void
return_failure (GTask      *task,
                const char *message)
{
  return_failure_code (task, ALTOSCOPE_DHCP_ERROR_HELPER, message);
}

/* All three done: the exit status, then the output. */
static void
conclude (GTask *task)
{
  Ask *ask = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  AltoscopeDhcpAnswer *answer;
  JsonNode *queries;
  int status;

  if (ask->failure != NULL)
    {
      if (g_error_matches (ask->failure, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&ask->failure));
      else
        return_failure (task, ask->failure->message);
      return;
    }
  if (ask->out_too_long)
    {
      g_autofree char *msg = g_strdup_printf (_("The helper wrote more than %u bytes; it was "
                                                "stopped and its answer not read"),
                                              (guint) ALTOSCOPE_DHCP_ANSWER_MAX_JSON);
      return_failure (task, msg);
      return;
    }
  status = g_subprocess_get_if_exited (ask->process)
    ? g_subprocess_get_exit_status (ask->process) : -1;
  /* pkexec(1): 126 when the dialog was dismissed, 127 when not
   * authorized or the program could not be run ("Cannot run program"). */
  if (status == 126)
    {
      return_failure_code (task, ALTOSCOPE_DHCP_ERROR_DISMISSED,
                           _("Authentication was dismissed: the DHCP server was not asked"));
      return;
    }
  if (status != 0 && status != 1)
    {
      g_autofree char *err = g_strndup ((const char *) ask->err->data, ask->err->len);
      g_autofree char *why = altoscope_text_make_safe (g_strstrip (err), 300);
      gboolean missing = status == 127 && strstr (err, "Cannot run program") != NULL;
      g_autofree char *msg = missing
        ? g_strdup_printf (_("The helper could not be run: %s"), why)
        : status == 127
        ? g_strdup_printf (_("Not authorized: %s"), why)
        : g_strdup_printf (_("The helper failed (exit status %d): %s"), status, why);
      return_failure_code (task, missing ? ALTOSCOPE_DHCP_ERROR_HELPER_MISSING
                                 : status == 127 ? ALTOSCOPE_DHCP_ERROR_NOT_AUTHORIZED
                                 : ALTOSCOPE_DHCP_ERROR_HELPER, msg);
      return;
    }
  root = altoscope_json_parse ((const char *) ask->out->data, ask->out->len, &error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || (queries = json_object_get_member (json_node_get_object (root), "queries")) == NULL
      || !JSON_NODE_HOLDS_ARRAY (queries)
      || json_array_get_length (json_node_get_array (queries)) != 1)
    {
      g_autofree char *msg = NULL;
      if (error != NULL)
        msg = g_strdup_printf (_("The helper's answer is not a DHCP query result: %s"),
                               error->message);
      return_failure (task, msg ? msg : _("The helper's answer is not a DHCP query result"));
      return;
    }
  g_clear_error (&error);
  answer = altoscope_dhcp_answer_from_json (json_array_get_element (json_node_get_array (queries),
                                                                    0), &error);
  if (answer == NULL)
    {
      return_failure (task, error->message);
      return;
    }
  g_task_return_pointer (task, answer, (GDestroyNotify) altoscope_dhcp_answer_unref);
}

static void
one_done (GTask *task)
{
  Ask *ask = g_task_get_task_data (task);

  if (--ask->pending == 0)
    conclude (task);
}

/* Nothing more is read from @stream.  The helper runs as root, so a
 * signal may not reach it (force_exit() reaches pkexec before it
 * authenticates); closing our end of the pipe does: its next write fails
 * (EPIPE) instead of waiting for a reader that will not come.  Closing a
 * pipe never blocks.  Only an answer too long to read stops the process
 * too: its exit status then means nothing. */
static void
stop_reading (Ask          *ask,
              GInputStream *stream,
              gboolean      stop_process)
{
  g_input_stream_close (stream, NULL, NULL);
  if (stop_process)
    g_subprocess_force_exit (ask->process);
}

static void
note_failure (Ask    *ask,
              GError *error)
{
  if (ask->failure == NULL)
    ask->failure = error;
  else
    g_error_free (error);
}

static void read_more (GTask *task, GInputStream *stream);

static void
on_read_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GTask) task = data;
  Ask *ask = g_task_get_task_data (task);
  GInputStream *stream = G_INPUT_STREAM (source);
  gboolean is_out = stream == g_subprocess_get_stdout_pipe (ask->process);
  GByteArray *into = is_out ? ask->out : ask->err;
  gsize cap = is_out ? ALTOSCOPE_DHCP_ANSWER_MAX_JSON : MAX_ERROR_OUTPUT;
  GError *error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (stream, result, &error);

  if (bytes == NULL)
    {
      note_failure (ask, error);
      stop_reading (ask, stream, TRUE);
      one_done (task);
      return;
    }
  if (g_bytes_get_size (bytes) == 0)      /* end of the stream */
    {
      one_done (task);
      return;
    }
  if (!is_out)
    ask->err_read += g_bytes_get_size (bytes);
  /* At most cap + 1 bytes are ever held: read_more asks stdout for no more,
   * and stderr past the cap only cuts what the message quotes. */
  g_byte_array_append (into, g_bytes_get_data (bytes, NULL),
                       MIN (g_bytes_get_size (bytes), cap + 1 - MIN (into->len, cap + 1)));
  if (is_out && into->len > cap)
    {
      ask->out_too_long = TRUE;
      stop_reading (ask, stream, TRUE);
      one_done (task);
      return;
    }
  if (!is_out && ask->err_read > MAX_ERROR_DRAIN)
    {
      stop_reading (ask, stream, FALSE);
      one_done (task);
      return;
    }
  read_more (g_steal_pointer (&task), stream);
}

/* Takes the task's reference. */
static void
read_more (GTask        *task,
           GInputStream *stream)
{
  Ask *ask = g_task_get_task_data (task);
  gboolean is_out = stream == g_subprocess_get_stdout_pipe (ask->process);
  gsize held = is_out ? ask->out->len : ask->err->len;
  gsize cap = is_out ? ALTOSCOPE_DHCP_ANSWER_MAX_JSON : MAX_ERROR_OUTPUT;

  g_input_stream_read_bytes_async (stream, is_out ? MIN (READ_CHUNK, cap + 1 - held) : READ_CHUNK,
                                   G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), on_read_cb, task);
}

static void
on_exited_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GTask) task = data;
  Ask *ask = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_subprocess_wait_finish (G_SUBPROCESS (source), result, &error))
    note_failure (ask, error);
  one_done (task);
}

/* An AltoscopeDhcpAsker: the answer comes back as altoscope_dhcp_query_finish()
 * reads it (a GTask's pointer). */
void
altoscope_dhcp_asker_run (const AltoscopeDhcpQueryOptions *options,
                          GCancellable                    *cancellable,
                          GAsyncReadyCallback              callback,
                          gpointer                         callback_data,
                          gpointer                         user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, callback_data);
  g_auto(GStrv) argv = altoscope_dhcp_asker_argv (options);
  g_autoptr(GError) error = NULL;
  Ask *ask = g_new0 (Ask, 1);

  ask->interface = g_strdup (options->interface);
  ask->family = options->family;
  ask->out = g_byte_array_new ();
  ask->err = g_byte_array_new ();
  g_task_set_task_data (task, ask, (GDestroyNotify) ask_free);
  /* Not installed: say so before asking anyone for a password. */
  for (guint i = 0; i < 2; i++)
    if (!g_file_test (argv[i], G_FILE_TEST_IS_EXECUTABLE))
      {
        g_autofree char *msg = g_strdup_printf (i == 0 ? _("pkexec is not installed (%s)")
                                                       : _("The DHCP helper is not installed (%s)"),
                                                argv[i]);
        return_failure_code (task, ALTOSCOPE_DHCP_ERROR_HELPER_MISSING, msg);
        return;
      }
  ask->process = g_subprocess_newv ((const char * const *) argv,
                                    G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                    | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                    &error);
  if (ask->process == NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("pkexec could not be started: %s"),
                                              error->message);
      return_failure (task, msg);
      return;
    }
  /* The answer is given once the helper has exited and both pipes are
   * read to their end (or their cap): three operations, each holding the
   * task. */
  ask->pending = 3;
  read_more (g_object_ref (task), g_subprocess_get_stdout_pipe (ask->process));
  read_more (g_object_ref (task), g_subprocess_get_stderr_pipe (ask->process));
  g_subprocess_wait_async (ask->process, cancellable, on_exited_cb, g_object_ref (task));
}
