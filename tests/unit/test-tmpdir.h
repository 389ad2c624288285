/* Temporary directories made by a test program, removed with all they hold.
 *
 * test_tmpdir_new() makes one for the running test case: it is removed when
 * that test case ends.  test_tmpdir_new_for_program() makes one for the
 * whole program: it is removed when the program exits.  Should the program
 * end otherwise (a failed assertion aborts; meson's timeout sends SIGTERM;
 * Ctrl+C, SIGINT) the directories still there are removed on the way out,
 * and the signal then ends the program as it would have.
 *
 * Header-only (static): each test program has its own list.
 */

#pragma once

#include <dirent.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TEST_TMPDIR_MAX 64

/* A fixed array, read from a signal handler: nothing is allocated there. */
static char *test_tmpdirs[TEST_TMPDIR_MAX];

/* Removes path and everything below it, not following symbolic links. */
static void
test_tmpdir_remove_tree (const char *path)
{
  DIR *d;
  struct dirent *e;

  if (path == NULL)
    return;
  d = opendir (path);
  if (d != NULL)
    {
      while ((e = readdir (d)) != NULL)
        {
          char child[4096];
          struct stat st;

          if (strcmp (e->d_name, ".") == 0 || strcmp (e->d_name, "..") == 0)
            continue;
          if (snprintf (child, sizeof child, "%s/%s", path, e->d_name) >= (int) sizeof child)
            continue;
          if (lstat (child, &st) == 0 && S_ISDIR (st.st_mode))
            test_tmpdir_remove_tree (child);
          else
            unlink (child);
        }
      closedir (d);
    }
  rmdir (path);
}

static void
test_tmpdir_remove_all_now (void)
{
  for (guint i = 0; i < TEST_TMPDIR_MAX; i++)
    if (test_tmpdirs[i] != NULL)
      test_tmpdir_remove_tree (test_tmpdirs[i]);
}

static void
test_tmpdir_at_exit (void)
{
  for (guint i = 0; i < TEST_TMPDIR_MAX; i++)
    if (test_tmpdirs[i] != NULL)
      {
        test_tmpdir_remove_tree (test_tmpdirs[i]);
        g_clear_pointer (&test_tmpdirs[i], g_free);
      }
}

static void
test_tmpdir_on_signal (int signum)
{
  test_tmpdir_remove_all_now ();
  signal (signum, SIG_DFL);
  raise (signum);
}

/* Removes a directory made here now (and forgets it). */
static inline void
test_tmpdir_remove (gpointer path)
{
  for (guint i = 0; i < TEST_TMPDIR_MAX; i++)
    if (test_tmpdirs[i] != NULL && g_strcmp0 (test_tmpdirs[i], path) == 0)
      {
        test_tmpdir_remove_tree (test_tmpdirs[i]);
        g_clear_pointer (&test_tmpdirs[i], g_free);
        return;
      }
  test_tmpdir_remove_tree (path);
}

static void
test_tmpdir_remove_and_free (gpointer path)
{
  test_tmpdir_remove (path);
  g_free (path);
}

static inline char *
test_tmpdir_make (const char *tmpl)
{
  static gboolean installed;
  char *dir = g_dir_make_tmp (tmpl, NULL);

  if (!installed)
    {
      const int signals[] = { SIGABRT, SIGTERM, SIGINT, SIGSEGV, SIGBUS, SIGTRAP };
      struct sigaction sa = { 0 };

      installed = TRUE;
      atexit (test_tmpdir_at_exit);
      sa.sa_handler = test_tmpdir_on_signal;
      sigemptyset (&sa.sa_mask);
      for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
        sigaction (signals[i], &sa, NULL);
    }
  if (dir == NULL)
    return NULL;
  for (guint i = 0; i < TEST_TMPDIR_MAX; i++)
    if (test_tmpdirs[i] == NULL)
      {
        test_tmpdirs[i] = g_strdup (dir);
        return dir;
      }
  g_error ("more than %d temporary directories at once", TEST_TMPDIR_MAX);
  return dir;
}

/* A new directory (g_dir_make_tmp's template), removed when the running test
 * case ends; the caller frees the string. */
static inline char *
test_tmpdir_new (const char *tmpl)
{
  char *dir = test_tmpdir_make (tmpl);

  if (dir != NULL)
    g_test_queue_destroy (test_tmpdir_remove_and_free, g_strdup (dir));
  return dir;
}

/* A new directory removed when the program exits; the caller frees the string. */
static inline char *
test_tmpdir_new_for_program (const char *tmpl)
{
  return test_tmpdir_make (tmpl);
}
