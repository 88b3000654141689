/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-context"

#include "config.h"

/* SCHED_IDLE */
#ifdef __linux__
#define _GNU_SOURCE
#endif

#include <glib/gstdio.h>
#ifdef __linux__
#include <sched.h>
#endif

#include "rp-account-connector.h"
#include "rp-context.h"
#include "rp-test-store.h"

/* RpContext keeps the list of stores for every view, and the store the lists show: the
 * choice is saved when made and restored when the cache opens, as long as that store is
 * still there.  The stores point at a closed port: their syncs fail, which is not what is
 * tested. */

static gboolean
wait_for (GAsyncResult **result)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (*result == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  return *result != NULL;
}

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  *(GAsyncResult **)data = g_object_ref (result);
}

static gint64
add_store (RpStore    *store,
           const char *name)
{
  g_autoptr(RpStoreAccount) account = rp_store_account_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  account->marketplace = g_strdup (RP_ACCOUNT_MARKETPLACE_DEMO);
  account->base_url = g_strdup ("http://127.0.0.1:1");
  account->app_key = g_strdup ("sandbox");
  account->name = g_strdup (name);
  account->created_at = g_get_real_time ();
  id = rp_store_add_account_sync (store, account, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static RpContext *
open_context (GSettings  *settings,
              const char *path)
{
  RpContext *context = rp_context_new (settings);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  rp_context_open_async (context, path, NULL, store_result, &result);
  g_assert_true (wait_for (&result));
  g_assert_true (rp_context_open_finish (context, result, &error));
  g_assert_no_error (error);
  return context;
}

/* The cache file, its write-ahead log and index, and the directory they were in. */
static void
remove_cache (const char *dir,
              const char *path)
{
  static const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_remove (file);
    }
  g_rmdir (dir);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    data)
{
  (*(guint *)data)++;
}

static void
test_shown_account_restored (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *dir = g_dir_make_tmp ("rapport-context-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "rapport.db", NULL);
  g_autoptr(RpContext) context = NULL;
  g_autoptr(GError) error = NULL;
  RpStore *store;
  GPtrArray *accounts;
  gint64 first, second;
  guint notified = 0;

  /* One store: nothing to choose, nothing restored. */
  context = open_context (settings, path);
  store = rp_context_get_store (context);
  first = add_store (store, "First");
  /* The context follows the cache's own signal. */
  while (rp_context_get_accounts (context)->len < 1)
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (context, "notify::accounts", G_CALLBACK (count_notify), &notified);
  second = add_store (store, "Second");
  while (rp_context_get_accounts (context)->len < 2)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (notified, ==, 1);
  accounts = rp_context_get_accounts (context);
  g_assert_cmpstr (((RpStoreAccount *)g_ptr_array_index (accounts, 1))->name, ==, "Second");

  /* The choice is saved by the context, whoever makes it. */
  rp_context_set_shown_account (context, second);
  g_assert_cmpint (rp_context_get_shown_account (context), ==, second);
  g_assert_cmpint (g_settings_get_int64 (settings, "shown-account"), ==, second);
  /* A store that is not there means all of them. */
  rp_context_set_shown_account (context, second + 100);
  g_assert_cmpint (rp_context_get_shown_account (context), ==, 0);
  g_assert_cmpint (g_settings_get_int64 (settings, "shown-account"), ==, 0);
  rp_context_set_shown_account (context, second);
  rp_context_shutdown (context);
  g_clear_object (&context);

  /* A new start shows the same store as soon as the cache is open. */
  context = open_context (settings, path);
  g_assert_cmpuint (rp_context_get_accounts (context)->len, ==, 2);
  g_assert_cmpint (rp_context_get_shown_account (context), ==, second);

  /* Removing it shows all stores, and the next start too. */
  g_assert_true (rp_store_remove_account_sync (rp_context_get_store (context), second, &error));
  g_assert_no_error (error);
  while (rp_context_get_accounts (context)->len != 1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (((RpStoreAccount *)g_ptr_array_index (rp_context_get_accounts (context), 0))->id,
                   ==, first);
  g_assert_cmpint (rp_context_get_shown_account (context), ==, 0);
  g_assert_cmpint (g_settings_get_int64 (settings, "shown-account"), ==, 0);
  rp_context_shutdown (context);
  g_clear_object (&context);

  remove_cache (dir, path);
}

#ifdef __linux__
/* The scheduling policy of this process's thread called @name, as the kernel has it; -1 when
 * there is none. */
static int
thread_policy (const char *name)
{
  gint64 tid = rp_test_thread_id (name);

  return tid > 0 ? sched_getscheduler ((pid_t)tid) : -1;
}

/* Waits (for up to ten seconds) until the thread called @name has @policy; its policy then
 * (-1 if there is no such thread). */
static int
wait_for_policy (const char *name,
                 int         policy)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (thread_policy (name) != policy && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (10000);
    }
  return thread_policy (name);
}
#endif

/* The application's switch reaches the threads: the sync engine's runs at SCHED_IDLE, so
 * that the window's thread never waits for a processor behind it; the store's worker, which
 * also reads the lists the window shows, and the window's own thread keep their priority.
 * Without the switch (rapportctl) the sync runs at normal priority. */
static void
test_background_priority (void)
{
#ifdef __linux__
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *dir = g_dir_make_tmp ("rapport-context-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "rapport.db", NULL);
  g_autoptr(RpContext) context = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* A store in the cache, so that the context starts an engine for it. */
  context = open_context (settings, path);
  add_store (rp_context_get_store (context), "First");
  g_assert_false (rp_context_get_background_priority (context));
  rp_context_shutdown (context);
  g_clear_object (&context);

  /* Off: the engine's thread is an ordinary one. */
  context = open_context (settings, path);
  g_assert_cmpuint (rp_context_get_n_accounts (context), ==, 1);
  /* (A new thread names itself once it runs.) */
  g_assert_cmpint (wait_for_policy ("rp-sync", SCHED_OTHER), ==, SCHED_OTHER);
  g_assert_cmpint (wait_for_policy ("rp-store", SCHED_OTHER), ==, SCHED_OTHER);
  rp_context_shutdown (context);
  g_clear_object (&context);
  g_assert_cmpint (thread_policy ("rp-sync"), ==, -1);

  /* On, as the application makes its context: the engine's thread takes SCHED_IDLE before
   * its first job (the sync the context starts when it opens). */
  context = rp_context_new (settings);
  rp_context_set_background_priority (context, TRUE);
  g_assert_true (rp_context_get_background_priority (context));
  rp_context_open_async (context, path, NULL, store_result, &result);
  g_assert_true (wait_for (&result));
  g_assert_true (rp_context_open_finish (context, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rp_context_get_n_accounts (context), ==, 1);
  g_assert_cmpint (wait_for_policy ("rp-sync", SCHED_IDLE), ==, SCHED_IDLE);
  g_assert_cmpint (thread_policy ("rp-store"), ==, SCHED_OTHER);
  g_assert_cmpint (sched_getscheduler (0), ==, SCHED_OTHER);
  rp_context_shutdown (context);
  g_clear_object (&context);

  /* Turned on (as a property) once the engines run: it holds from their next job. */
  context = open_context (settings, path);
  g_assert_cmpint (wait_for_policy ("rp-sync", SCHED_OTHER), ==, SCHED_OTHER);
  g_object_set (context, "background-priority", TRUE, NULL);
  rp_context_sync_now (context, FALSE);
  g_assert_cmpint (wait_for_policy ("rp-sync", SCHED_IDLE), ==, SCHED_IDLE);
  rp_context_shutdown (context);
  g_clear_object (&context);

  remove_cache (dir, path);
#else
  g_test_skip ("Scheduling policies are Linux's");
#endif
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rapport/sync/context/shown-account-restored", test_shown_account_restored);
  g_test_add_func ("/rapport/sync/context/background-priority", test_background_priority);

  return g_test_run ();
}
