/* The window's DHCP asker (pkexec and the helper) against stand-ins for
 * pkexec that misbehave: its output is read capped *while* it is read (a
 * writer that never stops is stopped), through altoscope_json_parse() (empty,
 * too deep), and pkexec's own exit codes are said.  The stand-in is taken
 * from $ALTOSCOPE_PKEXEC, which only a development build reads: in another
 * build the test is skipped and says why.  The real helper through the
 * window is tests/app/test_app.py.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "altoscope-dhcp-asker.h"
#include "../unit/test-tmpdir.h"

typedef struct
{
  GMainLoop *loop;
  AltoscopeDhcpAnswer *answer;
  GError *error;
} Wait;

static void
on_answer_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Wait *w = data;

  w->answer = altoscope_dhcp_query_finish (result, &w->error);
  g_main_loop_quit (w->loop);
}

static gboolean
on_too_slow_cb (gpointer data)
{
  g_error ("the asker did not answer within 20 s");
  return G_SOURCE_REMOVE;
}

/* Runs the asker with a stand-in for pkexec that is this shell script,
 * and @helper as the helper's path. */
static AltoscopeDhcpAnswer *
ask_with_helper (const char *script,
                 const char *helper)
{
  g_autofree char *dir = test_tmpdir_new ("altoscope-asker-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "pkexec", NULL);
  g_autofree char *text = g_strconcat ("#!/bin/sh\n", script, "\n", NULL);
  AltoscopeDhcpQueryOptions options = { .interface = "alto0", .family = ALTOSCOPE_FAMILY_IPV6 };
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Wait w = { loop, NULL, NULL };
  guint timer;

  g_assert_nonnull (dir);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
  g_setenv ("ALTOSCOPE_PKEXEC", path, TRUE);
  /* The stand-in does not run it, but it must be there: a missing helper
   * is said before anyone is asked for a password. */
  g_setenv ("ALTOSCOPE_DHCP_HELPER", helper, TRUE);
  altoscope_dhcp_asker_run (&options, NULL, on_answer_cb, &w, NULL);
  timer = g_timeout_add_seconds (20, on_too_slow_cb, NULL);
  g_main_loop_run (loop);
  g_source_remove (timer);
  g_assert_no_error (w.error);
  g_assert_nonnull (w.answer);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  return w.answer;
}

static AltoscopeDhcpAnswer *
ask_with (const char *script)
{
  return ask_with_helper (script, "/bin/true");
}

static void
assert_failed_with (AltoscopeDhcpAnswer *a,
                    const char          *code,
                    const char          *part)
{
  g_test_message ("%s", a->error_message);
  g_assert_cmpstr (a->error_code, ==, code);
  g_assert_nonnull (strstr (a->error_message, part));
}

static void
assert_failed (AltoscopeDhcpAnswer *a,
               const char          *part)
{
  assert_failed_with (a, "dhcp-helper", part);
}

static void
test_argv (void)
{
  AltoscopeDhcpQueryOptions options = { .interface = "alto0", .family = ALTOSCOPE_FAMILY_IPV4 };
  g_auto(GStrv) argv = NULL;

  /* Without the overrides: pkexec by its absolute path, the installed
   * helper (the path the polkit action names). */
  g_unsetenv ("ALTOSCOPE_PKEXEC");
  g_unsetenv ("ALTOSCOPE_DHCP_HELPER");
  argv = altoscope_dhcp_asker_argv (&options);
  g_assert_cmpstr (argv[0], ==, "/usr/bin/pkexec");
  g_assert_cmpstr (argv[1], ==, LIBEXECDIR "/altoscope-dhcp-helper");
  g_assert_cmpstr (argv[2], ==, "--interface");
  g_assert_cmpstr (argv[3], ==, "alto0");
  g_assert_cmpstr (argv[4], ==, "--family");
  g_assert_cmpstr (argv[5], ==, "ipv4");
  g_assert_null (argv[6]);
}

/* A helper that never stops writing is stopped at the cap: the old reader
 * read all of it first (and never finished). */
static void
test_endless_output (void)
{
  g_autoptr(AltoscopeDhcpAnswer) a = ask_with ("exec yes '[[[[[[[[[[[[[[[['");

  assert_failed (a, "more than");
}

static void
test_output_over_the_cap (void)
{
  g_autofree char *script = g_strdup_printf ("head -c %u /dev/zero | tr '\\0' ' '; echo '{}'",
                                             ALTOSCOPE_DHCP_ANSWER_MAX_JSON + 1);
  g_autoptr(AltoscopeDhcpAnswer) a = ask_with (script);

  assert_failed (a, "more than");
}

static void
test_empty_and_deep_output (void)
{
  g_autoptr(AltoscopeDhcpAnswer) empty = ask_with ("exit 0");
  g_autoptr(AltoscopeDhcpAnswer) deep = ask_with ("head -c 100000 /dev/zero | tr '\\0' '['");
  g_autoptr(AltoscopeDhcpAnswer) binary = ask_with ("printf '{\"a\":\"\\377\"}'");

  assert_failed (empty, "empty");
  assert_failed (deep, "64");
  assert_failed (binary, "UTF-8");
}

/* Not installed: said at once, without running pkexec at all. */
static void
test_helper_not_installed (void)
{
  g_autofree char *dir = test_tmpdir_new ("altoscope-asker-XXXXXX");
  g_autofree char *log = g_build_filename (dir, "ran", NULL);
  g_autofree char *script = g_strdup_printf ("touch '%s'", log);
  g_autoptr(AltoscopeDhcpAnswer) a = NULL;

  a = ask_with_helper (script, "/nonexistent/altoscope-dhcp-helper");
  assert_failed_with (a, "dhcp-helper-missing", "/nonexistent/altoscope-dhcp-helper");
  g_assert_false (g_file_test (log, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_pkexec_exit_codes (void)
{
  g_autoptr(AltoscopeDhcpAnswer) dismissed = ask_with ("exit 126");
  g_autoptr(AltoscopeDhcpAnswer) refused = ask_with ("echo 'Error executing command as another "
                                                     "user: Not authorized' >&2; exit 127");
  g_autoptr(AltoscopeDhcpAnswer) missing = ask_with ("echo 'Cannot run program /x: No such file "
                                                     "or directory' >&2; exit 127");
  g_autoptr(AltoscopeDhcpAnswer) noisy = ask_with ("yes 'complaint' >&2; exit 3");

  /* Each failure its own code, so the window can say each its own way. */
  assert_failed_with (dismissed, "dhcp-dismissed", "Authentication was dismissed");
  assert_failed_with (refused, "dhcp-not-authorized", "Not authorized");
  assert_failed_with (missing, "dhcp-helper-missing", "could not be run");
  /* Endless stderr is drained, then its pipe closed: the stand-in's own
   * exit status is reported, not one of our making. */
  assert_failed (noisy, "complaint");
  assert_failed (noisy, "exit status 3");
}

#define ANSWER_JSON \
  "{\"schema\":\"altoscope-dhcp-query/1\",\"queries\":[{\"interface\":\"alto0\"," \
  "\"family\":\"ipv6\",\"message\":\"Information-Request\",\"sent_from\":\"fe80::2\"," \
  "\"sent_to\":\"ff02::1:2\",\"attempts\":1,\"elapsed_ms\":12.5,\"status\":\"ok\"," \
  "\"server\":\"fe80::1\",\"server_id\":\"00:03:00:01:02:00:00:00:00:01\"," \
  "\"received_at\":\"2024-05-01T10:00:00Z\",\"options_present\":[1,2,57]," \
  "\"options\":[{\"option\":57,\"value\":\"07:65:78:61:6d:70:6c:65:03:6e:65:74:00\"}]," \
  "\"reply_lifetime_s\":null,\"lifetime_s\":86400,\"lifetime_source\":\"rfc8415-default\"," \
  "\"server_message\":null,\"error\":null}]}"

/* More on stderr than the message quotes does not cost the answer. */
static void
test_chatty_helper_keeps_its_answer (void)
{
  g_autoptr(AltoscopeDhcpAnswer) a = ask_with (
    "head -c 20000 /dev/zero | tr '\\0' w >&2\n"
    "cat <<'EOF'\n" ANSWER_JSON "\nEOF\n"
    "exit 0");

  g_assert_null (a->error_code);
  g_assert_cmpstr (a->server, ==, "fe80::1");
}

/* What the helper prints is read back as it printed it. */
static void
test_answer (void)
{
  g_autoptr(AltoscopeDhcpAnswer) a = ask_with (
    "cat <<'EOF'\n"
    "{\"schema\":\"altoscope-dhcp-query/1\",\"queries\":[{\"interface\":\"alto0\","
    "\"family\":\"ipv6\",\"message\":\"Information-Request\",\"sent_from\":\"fe80::2\","
    "\"sent_to\":\"ff02::1:2\",\"attempts\":1,\"elapsed_ms\":12.5,\"status\":\"ok\","
    "\"server\":\"fe80::1\",\"server_id\":\"00:03:00:01:02:00:00:00:00:01\","
    "\"received_at\":\"2024-05-01T10:00:00Z\",\"options_present\":[1,2,57],"
    "\"options\":[{\"option\":57,\"value\":\"07:65:78:61:6d:70:6c:65:03:6e:65:74:00\"}],"
    "\"reply_lifetime_s\":null,\"lifetime_s\":86400,\"lifetime_source\":\"rfc8415-default\","
    "\"server_message\":null,\"error\":null}]}\n"
    "EOF\n"
    "exit 0");

  g_assert_null (a->error_code);
  g_assert_cmpstr (a->server, ==, "fe80::1");
  g_assert_cmpuint (a->values->len, ==, 1);
  g_assert_cmpstr (((AltoscopeDhcpValue *) a->values->pdata[0])->domain, ==, "example.net");
}

#if !DEVELOPMENT
static void
test_skip (void)
{
  g_test_skip ("the asker reads $ALTOSCOPE_PKEXEC only in a development build "
               "(meson -Ddevelopment=true)");
}
#endif

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#if !DEVELOPMENT
  g_test_add_func ("/app/dhcp-asker/needs-a-development-build", test_skip);
  return g_test_run ();
#endif
  g_test_add_func ("/app/dhcp-asker/argv", test_argv);
  g_test_add_func ("/app/dhcp-asker/endless-output", test_endless_output);
  g_test_add_func ("/app/dhcp-asker/output-over-the-cap", test_output_over_the_cap);
  g_test_add_func ("/app/dhcp-asker/empty-and-deep-output", test_empty_and_deep_output);
  g_test_add_func ("/app/dhcp-asker/pkexec-exit-codes", test_pkexec_exit_codes);
  g_test_add_func ("/app/dhcp-asker/helper-not-installed", test_helper_not_installed);
  g_test_add_func ("/app/dhcp-asker/answer", test_answer);
  g_test_add_func ("/app/dhcp-asker/chatty-helper-keeps-its-answer",
                   test_chatty_helper_keeps_its_answer);
  return g_test_run ();
}
