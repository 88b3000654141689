/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The longest time the main loop is blocked while a full sync runs, with the list models
 * the views use attached to the cache (they reload on every page the sync writes).  A 1 ms
 * timer records the largest gap between two of its dispatches, and the most CPU time the
 * main thread spent between two of them: on a busy machine the longest gap is mostly the
 * time the thread waited for a processor, the CPU time what this process held it for.
 *
 * Usage: bench-mainloop [--for SECONDS] MARKETPLACE_URL DATABASE
 * DATABASE may be a cache synced before from the same marketplace: then the lists hold all its
 * rows when the sync starts (the harder case: every page written reloads big lists), and
 * --for stops the sync after that long.  The sync's threads run at the background priority
 * the application gives them (RpContext:background-priority); --foreground measures without
 * it.  Prints BENCH lines. */

#include "config.h"

#include <time.h>

#include "rp-account-connector.h"
#include "rp-store-list-model.h"
#include "rp-store.h"
#include "rp-sync-engine.h"

typedef struct
{
  GMainLoop   *loop;
  gint64       last_tick;
  gint64       last_cpu;
  gint64       max_gap;
  gint64       max_gap_cpu;     /* the CPU time in the longest gap */
  gint64       max_cpu;         /* the most CPU time between two ticks */
  gboolean     ok;
  RpSyncStats  stats;
  GError      *error;
} Bench;

static gint64
thread_cpu_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64)ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
tick_cb (gpointer data)
{
  Bench *bench = data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_usec ();

  if (bench->last_tick > 0 && now - bench->last_tick > bench->max_gap)
    {
      bench->max_gap = now - bench->last_tick;
      bench->max_gap_cpu = cpu - bench->last_cpu;
    }
  if (bench->last_tick > 0)
    bench->max_cpu = MAX (bench->max_cpu, cpu - bench->last_cpu);
  bench->last_tick = now;
  bench->last_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

static void
synced_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  Bench *bench = data;

  bench->ok = rp_sync_engine_sync_finish (RP_SYNC_ENGINE (object), result, &bench->stats, &bench->error);
  g_main_loop_quit (bench->loop);
}

static RpMarketplace *
connect_cb (gpointer   data,
            GError   **error)
{
  return rp_account_connect (data, NULL, error);
}

static gboolean
stop_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static gboolean
models_loading (GPtrArray *models)
{
  for (guint i = 0; i < models->len; i++)
    if (rp_store_list_model_get_loading (g_ptr_array_index (models, i)))
      return TRUE;

  return FALSE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RpStore) store = NULL;
  g_autoptr(RpStoreAccount) account = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(RpSyncEngine) engine = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) models = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GOptionContext) options = NULL;
  int seconds = 0;
  gboolean foreground = FALSE;
  const GOptionEntry entries[] = {
    { "for", 0, 0, G_OPTION_ARG_INT, &seconds,
      "Stop the sync after SECONDS (0: let it finish)", "SECONDS" },
    { "foreground", 0, 0, G_OPTION_ARG_NONE, &foreground,
      "Run the sync at normal priority, not at the application's background priority", NULL },
    { NULL }
  };
  Bench bench = { 0 };
  gint64 start;
  double max_ms;

  options = g_option_context_new ("MARKETPLACE_URL DATABASE");
  g_option_context_set_summary (options,
                                "The longest main-loop stall during a full sync with the list models "
                                "attached. DATABASE may be empty, or a cache synced from the same "
                                "marketplace: its lists are loaded first, and the sync writes over them.");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error) || argc < 3)
    {
      g_printerr ("usage: bench-mainloop [--for SECONDS] [--foreground] MARKETPLACE_URL DATABASE\n");
      return 2;
    }

  store = rp_store_new (argv[2]);
  if (!rp_store_open_sync (store, &error))
    {
      g_printerr ("bench-mainloop: %s\n", error->message);
      return 1;
    }

  /* A cache synced before from this marketplace keeps its account. */
  accounts = rp_store_list_accounts_sync (store, &error);
  if (accounts == NULL)
    {
      g_printerr ("bench-mainloop: %s\n", error->message);
      return 1;
    }
  for (guint i = 0; i < accounts->len && account == NULL; i++)
    {
      RpStoreAccount *existing = g_ptr_array_index (accounts, i);

      if (g_strcmp0 (existing->base_url, argv[1]) == 0)
        {
          account = g_ptr_array_steal_index (accounts, i);
          break;
        }
    }
  if (account == NULL)
    {
      account = rp_store_account_new ();
      account->marketplace = g_strdup (RP_ACCOUNT_MARKETPLACE_DEMO);
      account->base_url = g_strdup (argv[1]);
      account->app_key = g_strdup ("sandbox");
      account->name = g_strdup ("Benchmark");
      account->id = rp_store_add_account_sync (store, account, &error);
      if (account->id <= 0)
        {
          g_printerr ("bench-mainloop: %s\n", error->message);
          return 1;
        }
    }

  /* What the open pages hold while the sync writes, loaded before it starts. */
  g_ptr_array_add (models, rp_store_list_model_new (store, RP_STORE_LIST_ORDERS, 0));
  g_ptr_array_add (models, rp_store_list_model_new (store, RP_STORE_LIST_CONVERSATIONS, 0));
  g_ptr_array_add (models, rp_store_list_model_new (store, RP_STORE_LIST_DISPUTES, 0));
  g_ptr_array_add (models, rp_store_list_model_new (store, RP_STORE_LIST_SHIPMENTS, 0));
  while (models_loading (models))
    g_main_context_iteration (NULL, TRUE);
  g_print ("BENCH mainloop_rows_before_sync %u orders goal=- ok\n",
           g_list_model_get_n_items (g_ptr_array_index (models, 0)));

  engine = rp_sync_engine_new (store, account->id, connect_cb, account, NULL);
  /* As RpContext does with background-priority on, which the application turns on. */
  rp_sync_engine_set_background_priority (engine, !foreground);
  bench.loop = g_main_loop_new (NULL, FALSE);
  g_timeout_add (1, tick_cb, &bench);
  if (seconds > 0)
    g_timeout_add_seconds (seconds, stop_cb, cancellable);

  start = g_get_monotonic_time ();
  rp_sync_engine_sync_async (engine, TRUE, cancellable, synced_cb, &bench);
  g_main_loop_run (bench.loop);
  rp_sync_engine_shutdown (engine);

  /* Stopped on time: what was measured until then stands. */
  if (!bench.ok && !g_error_matches (bench.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_printerr ("bench-mainloop: %s\n", bench.error->message);
      return 1;
    }

  max_ms = bench.max_gap / 1000.0;
  g_print ("BENCH sync_with_models_wall %.1f s goal=- ok\n", (g_get_monotonic_time () - start) / 1e6);
  g_print ("BENCH mainloop_max_stall_sync %.1f ms goal=50 %s\n", max_ms, max_ms < 50 ? "ok" : "FAIL");
  g_print ("BENCH mainloop_max_stall_sync_cpu_in_it %.1f ms goal=- ok\n", bench.max_gap_cpu / 1000.0);
  g_print ("BENCH mainloop_max_stall_sync_cpu %.1f ms goal=50 %s\n", bench.max_cpu / 1000.0,
           bench.max_cpu < 50000 ? "ok" : "FAIL");

  g_main_loop_unref (bench.loop);
  g_clear_pointer (&bench.error, g_error_free);
  rp_store_close (store);
  return 0;
}
