/* altoscope-dhcp-asker.c
 *
 * The command line is "pkexec HELPER --interface NAME --family ipv4|ipv6":
 * HELPER is the installed one (LIBEXECDIR, the path the polkit action
 * names), or $ALTOSCOPE_DHCP_HELPER when running from the build tree; the
 * tests put a stand-in for pkexec in $ALTOSCOPE_PKEXEC.  Neither gives
 * anything the user could not do: pkexec still asks for authentication.
 *
 * The helper's output is read as untrusted text: its size is capped and
 * altoscope_dhcp_answer_from_json() checks and decodes it again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "altoscope-dhcp-asker.h"
#include "altoscope-text.h"

#define MAX_OUTPUT (64 * 1024)

typedef struct
{
  char *interface;
  AltoscopeFamily family;
} Ask;

static void
ask_free (Ask *ask)
{
  g_free (ask->interface);
  g_free (ask);
}

char **
altoscope_dhcp_asker_argv (const AltoscopeDhcpQueryOptions *options)
{
  const char *pkexec = g_getenv ("ALTOSCOPE_PKEXEC");
  const char *helper = g_getenv ("ALTOSCOPE_DHCP_HELPER");
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  g_strv_builder_add (b, pkexec && *pkexec ? pkexec : "pkexec");
  g_strv_builder_add (b, helper && *helper ? helper : LIBEXECDIR "/altoscope-dhcp-helper");
  g_strv_builder_add (b, "--interface");
  g_strv_builder_add (b, options->interface);
  g_strv_builder_add (b, "--family");
  g_strv_builder_add (b, altoscope_family_to_string (options->family));
  return g_strv_builder_end (b);
}

static void
return_failure (GTask      *task,
                const char *message)
{
  Ask *ask = g_task_get_task_data (task);
  AltoscopeDhcpAnswer *answer = altoscope_dhcp_answer_new (ask->interface, ask->family);

  altoscope_dhcp_answer_set_error (answer, "dhcp-helper", message, NULL);
  g_task_return_pointer (task, answer, (GDestroyNotify) altoscope_dhcp_answer_unref);
}

static void
on_communicated_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(GTask) task = data;
  GSubprocess *process = G_SUBPROCESS (source);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  AltoscopeDhcpAnswer *answer;
  JsonNode *root, *queries;
  int status;

  if (!g_subprocess_communicate_utf8_finish (process, result, &out, &err, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_subprocess_force_exit (process);
          g_task_return_error (task, g_steal_pointer (&error));
        }
      else
        return_failure (task, error->message);
      return;
    }
  status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  if (status == 126)
    {
      return_failure (task, _("Authentication was dismissed: the DHCP server was not asked"));
      return;
    }
  if (status != 0 && status != 1)
    {
      g_autofree char *why = altoscope_text_make_safe (err ? g_strstrip (err) : "", 300);
      g_autofree char *msg = status == 127
        ? g_strdup_printf (_("Not authorized, or the helper could not be run: %s"), why)
        : g_strdup_printf (_("The helper failed (exit status %d): %s"), status, why);
      return_failure (task, msg);
      return;
    }
  if (out == NULL || strlen (out) > MAX_OUTPUT || !json_parser_load_from_data (parser, out, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (root = json_parser_get_root (parser))
      || (queries = json_object_get_member (json_node_get_object (root), "queries")) == NULL
      || !JSON_NODE_HOLDS_ARRAY (queries)
      || json_array_get_length (json_node_get_array (queries)) != 1)
    {
      return_failure (task, _("The helper's answer is not a DHCP query result"));
      return;
    }
  answer = altoscope_dhcp_answer_from_json (json_array_get_element (json_node_get_array (queries),
                                                                    0), &error);
  if (answer == NULL)
    {
      return_failure (task, error->message);
      return;
    }
  g_task_return_pointer (task, answer, (GDestroyNotify) altoscope_dhcp_answer_unref);
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
  GTask *task = g_task_new (NULL, cancellable, callback, callback_data);
  g_auto(GStrv) argv = altoscope_dhcp_asker_argv (options);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Ask *ask = g_new0 (Ask, 1);

  ask->interface = g_strdup (options->interface);
  ask->family = options->family;
  g_task_set_task_data (task, ask, (GDestroyNotify) ask_free);
  process = g_subprocess_newv ((const char * const *) argv,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  if (process == NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("pkexec could not be started: %s"),
                                              error->message);
      return_failure (task, msg);
      g_object_unref (task);
      return;
    }
  g_subprocess_communicate_utf8_async (process, NULL, cancellable, on_communicated_cb, task);
}
