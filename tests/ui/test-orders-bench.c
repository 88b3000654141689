/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "orders-bench"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>
#include <time.h>

#include "rp-context.h"
#include "rp-orders-page.h"
#include "rp-store-list-model.h"
#include "rp-test-ui.h"

/* The Orders page over 100,000 cached orders with one to three products each: the time
 * from showing the page to its first painted rows, and from a search keystroke (a buyer's
 * name, then a product; once the entry's typing delay has passed) to the filtered rows
 * painted.  Prints "BENCH name value unit goal=<goal ok|FAIL" lines. */

#define N_ORDERS 100000
#define PAGE 1000
#define T0 G_GINT64_CONSTANT (1764000000000000)

static const char * const first_names[] = {
  "Émile", "Zoë", "Olga", "Ivan", "María", "José", "Ana", "Lucas", "Chloé", "Hans", "Aylin",
  "Mehmet", "Fatima", "Yuki", "Min-jun", "Wei", "Priya", "Tomás", "Sofía", "Noah", "Emma",
};
static const char * const last_names[] = {
  "Durand", "Martin", "Petrov", "Ivanova", "García", "Silva", "Müller", "Schmidt", "Yılmaz",
  "Kaya", "Sato", "Kim", "Wang", "Sharma", "Fernández", "López", "Smith", "Brown", "Dubois",
};
static const char * const countries[] = { "FR", "ES", "DE", "US", "BR", "RU", "PL", "KR" };
static const char * const products[] = {
  "Linen shirt", "Electric Kettle 1.7 L", "Wireless Earbuds", "Phone Case", "Yoga Mat",
  "LED Desk Lamp", "Stainless Steel Water Bottle", "Silk Scarf", "Hair Clips Set 12 pcs",
  "Rechargeable Camping Headlamp", "Organic Cotton Baby Romper", "Ceramic Teapot",
};

static gboolean all_ok = TRUE;

static void
bench (const char *name,
       double      value,
       const char *unit,
       double      goal)
{
  gboolean ok = value < goal;

  g_print ("BENCH %s %.3f %s goal=<%g %s\n", name, value, unit, goal, ok ? "ok" : "FAIL");
  all_ok &= ok;
}

static void
fill_store (RpStore *store,
            gint64   account_id)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GError) error = NULL;

  for (guint n = 0; n < N_ORDERS; n += PAGE)
    {
      g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = n; i < n + PAGE; i++)
        {
          RpOrder *order = rp_order_new ();

          order->account_id = account_id;
          order->order_id = g_strdup_printf ("81%014u", i);
          order->raw_status = g_strdup (i % 4 == 0 ? "WAIT_SELLER_SEND_GOODS" : "FINISH");
          order->status = i % 4 == 0 ? RP_ORDER_STATUS_TO_SHIP : RP_ORDER_STATUS_FINISHED;
          order->created_at = T0 + (gint64)i * 37 * G_USEC_PER_SEC;
          order->modified_at = order->created_at;
          order->ship_by = i % 4 == 0 ? order->created_at + 5 * G_TIME_SPAN_DAY : 0;
          order->buyer_login_id = g_strdup_printf ("b%u", g_rand_int_range (rand, 0, 30000));
          order->buyer_name = g_strdup_printf ("%s %s",
                                               first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))],
                                               last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))]);
          order->buyer_country = g_strdup (countries[i % G_N_ELEMENTS (countries)]);
          order->total.cents = g_rand_int_range (rand, 100, 50000);
          memcpy (order->total.currency, "USD", 4);
          /* One to three products, as a detail read writes them (and the list's summary). */
          for (int k = g_rand_int_range (rand, 1, 4); k > 0; k--)
            {
              RpOrderItem *item = rp_order_item_new ();

              item->title = g_strdup (products[g_rand_int_range (rand, 0, G_N_ELEMENTS (products))]);
              item->quantity = 1;
              item->unit_price = order->total;
              g_ptr_array_add (order->items, item);
            }
          g_ptr_array_add (page, order);
        }

      if (!rp_store_upsert_orders_sync (store, account_id, page, &error))
        g_error ("%s", error->message);
    }
}

typedef struct
{
  gint64   painted_at;
  gboolean wanted;
} Paint;

static void
after_paint_cb (GdkFrameClock *clock,
                Paint         *paint)
{
  if (paint->wanted)
    {
      paint->painted_at = g_get_monotonic_time ();
      paint->wanted = FALSE;
    }
}

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  gboolean *done = data;

  /* A failing first sync (there is no marketplace here) does not matter. */
  rp_context_open_finish (RP_CONTEXT (object), result, NULL);
  *done = TRUE;
}

static void
wait_paint (Paint     *paint,
            GtkWidget *widget)
{
  paint->wanted = TRUE;
  gtk_widget_queue_draw (widget);
  while (paint->wanted)
    g_main_context_iteration (NULL, TRUE);
}

/* The longest time the main loop was held while typing (a 1 ms timer's longest gap between
 * two dispatches), and the UI thread's CPU time in that gap. */
static gint64 last_tick;
static gint64 last_tick_cpu;
static gint64 max_block;
static gint64 max_block_cpu;

static gint64 thread_cpu_usec (void);

static gboolean
tick_cb (gpointer data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_usec ();

  if (last_tick > 0 && now - last_tick > max_block)
    {
      max_block = now - last_tick;
      max_block_cpu = cpu - last_tick_cpu;
    }
  last_tick = now;
  last_tick_cpu = cpu;

  return G_SOURCE_CONTINUE;
}

static gint64 search_changed_at;
static guint  n_changes;

static const char *search_expected;

/* Replacing the whole text (gtk_editable_set_text(), or typing over a selection) clears it
 * first, and a search entry reports an empty text at once: only the search for the text
 * typed counts. */
static void
search_changed_cb (GtkEditable *entry)
{
  if (g_strcmp0 (gtk_editable_get_text (entry), search_expected) == 0)
    search_changed_at = g_get_monotonic_time ();
}

static void
items_changed_cb (void)
{
  n_changes++;
}

/* CPU time of the UI thread, in ms: on a busy machine the wall time mostly measures the
 * other programs, and the store's thread goes on reading the later pages of a search in the
 * background while the first ones are already on screen. */
static gint64
thread_cpu_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64)ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static double
cpu_ms (void)
{
  return thread_cpu_usec () / 1000.0;
}

static void
remove_cache (const char *home,
              const char *db_path)
{
  g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);

  /* 40 MB per run: never left behind in /tmp. */
  g_unlink (db_path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (home);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return (x > y) - (x < y);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = g_dir_make_tmp ("rapport-orders-bench-XXXXXX", NULL);
  g_autofree char *db_path = g_build_filename (home, "rapport.db", NULL);
  g_autoptr(RpStore) store = NULL;
  g_autoptr(RpStoreAccount) account = rp_store_account_new ();
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(RpContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) keystrokes = g_array_new (FALSE, FALSE, sizeof (double));
  const char *typed[] = { "M", "Ma", "Mar", "Marí", "María", "María L", "María Ló",
                          "K", "Ke", "Ket", "Kettle" };
  GtkWindow *window;
  RpOrdersPage *page;
  GListModel *model;
  GtkWidget *entry;
  GdkFrameClock *clock;
  Paint paint = { 0 };
  gboolean opened = FALSE;
  gint64 started;
  gint64 account_id;
  double worst = 0;
  double worst_cpu = 0;
  double cpu_started;
  guint tick;

  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);
  gtk_init ();
  adw_init ();

  /* The cache, written the way a sync writes it, then closed for the app to open. */
  store = rp_store_new (db_path);
  if (!rp_store_open_sync (store, &error))
    g_error ("%s", error->message);
  account->marketplace = g_strdup ("aliexpress");
  account->base_url = g_strdup ("http://127.0.0.1:9");
  account->app_key = g_strdup ("bench");
  account->name = g_strdup ("Bench");
  account_id = rp_store_add_account_sync (store, account, &error);
  if (account_id <= 0)
    g_error ("%s", error->message);
  fill_store (store, account_id);
  rp_store_close (store);
  g_clear_object (&store);

  settings = g_settings_new (APP_ID);
  context = rp_context_new (settings);
  rp_context_open_async (context, db_path, NULL, opened_cb, &opened);
  while (!opened)
    g_main_context_iteration (NULL, TRUE);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1100, 720);
  gtk_window_present (window);
  rp_test_ui_wait_for_mapped (GTK_WIDGET (window));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &paint);

  /* First paint: from the page given its context to its first rows on screen. */
  started = g_get_monotonic_time ();
  cpu_started = cpu_ms ();
  page = g_object_new (RP_TYPE_ORDERS_PAGE, "context", context, NULL);
  gtk_window_set_child (window, GTK_WIDGET (page));
  model = rp_orders_page_get_model (page);
  while (g_list_model_get_n_items (model) == 0)
    g_main_context_iteration (NULL, TRUE);
  wait_paint (&paint, GTK_WIDGET (window));
  bench ("orders_page_first_paint_100k", (paint.painted_at - started) / 1000.0, "ms", 300);
  bench ("orders_page_first_paint_ui_cpu_100k", cpu_ms () - cpu_started, "ms", 300);

  /* Let the rest of the 100,000 rows load before typing. */
  while (g_list_model_get_n_items (model) < N_ORDERS)
    g_main_context_iteration (NULL, TRUE);
  rp_test_ui_iterate (300);

  entry = rp_test_ui_find_widget (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY, NULL, NULL);
  g_signal_connect (entry, "search-changed", G_CALLBACK (search_changed_cb), NULL);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), NULL);

  tick = g_timeout_add (1, tick_cb, NULL);
  rp_test_ui_iterate (20);
  max_block = 0;

  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      guint before;
      gint64 deadline;
      double ms;
      double cpu;

      const char *current = gtk_editable_get_text (GTK_EDITABLE (entry));

      search_changed_at = 0;
      search_expected = typed[i];
      /* A key typed after the others adds to the text; a new word replaces it. */
      if (*current != '\0' && g_str_has_prefix (typed[i], current))
        {
          int position = -1;

          gtk_editable_set_position (GTK_EDITABLE (entry), -1);
          position = gtk_editable_get_position (GTK_EDITABLE (entry));
          gtk_editable_insert_text (GTK_EDITABLE (entry), typed[i] + strlen (current), -1, &position);
        }
      else
        gtk_editable_set_text (GTK_EDITABLE (entry), typed[i]);
      while (search_changed_at == 0)
        g_main_context_iteration (NULL, TRUE);

      /* A new query swaps its first page in with one items-changed. */
      cpu = cpu_ms ();
      before = n_changes;
      deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
      /* A search with the same (empty) result as the last changes nothing: the 1 ms timer
       * keeps the loop turning until the deadline. */
      while (n_changes == before && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
      if (n_changes == before)
        {
          g_print ("# \"%s\": the rows did not change, nothing to time\n", typed[i]);
          continue;
        }
      wait_paint (&paint, GTK_WIDGET (window));
      ms = (paint.painted_at - search_changed_at) / 1000.0;
      cpu = cpu_ms () - cpu;
      g_array_append_val (keystrokes, ms);
      worst = MAX (worst, ms);
      worst_cpu = MAX (worst_cpu, cpu);
      g_print ("# \"%s\": %u orders so far, %.1f ms, %.1f ms UI CPU\n", typed[i],
               g_list_model_get_n_items (model), ms, cpu);
    }

  /* The later pages of the last search come in, the dropped rows are freed. */
  rp_test_ui_iterate (1000);
  g_source_remove (tick);

  /* The same searches on a bare list model: the cache's share of a keystroke. */
  {
    g_autoptr(RpStoreListModel) bare = rp_store_list_model_new (rp_context_get_store (context),
                                                                RP_STORE_LIST_ORDERS, 0);
    double store_worst = 0;

    while (rp_store_list_model_get_loading (bare))
      g_main_context_iteration (NULL, TRUE);

    for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
      {
        gint64 t = g_get_monotonic_time ();
        double ms;

        rp_store_list_model_set_text (bare, typed[i]);
        while (rp_store_list_model_get_loading (bare))
          g_main_context_iteration (NULL, TRUE);
        ms = (g_get_monotonic_time () - t) / 1000.0;
        store_worst = MAX (store_worst, ms);
        g_print ("# store only \"%s\": %u orders, %.1f ms\n", typed[i],
                 g_list_model_get_n_items (G_LIST_MODEL (bare)), ms);
      }
    g_print ("# the cache's worst keystroke: %.1f ms\n", store_worst);
  }

  g_array_sort (keystrokes, compare_doubles);
  bench ("orders_search_keystroke_median_100k",
         g_array_index (keystrokes, double, keystrokes->len / 2), "ms", 100);
  bench ("orders_search_keystroke_worst_100k", worst, "ms", 100);
  /* Includes idle work that never holds the loop (freeing the rows a search dropped, adding
   * its later pages): the loop's longest block is the figure with a goal. */
  g_print ("BENCH orders_search_keystroke_worst_ui_cpu_100k %.3f ms goal=- ok\n", worst_cpu);
  bench ("orders_search_max_block_100k", max_block / 1000.0, "ms", 50);
  g_print ("BENCH orders_search_max_block_ui_cpu_100k %.3f ms goal=- ok\n", max_block_cpu / 1000.0);

  /* Timings on a busy machine say little: print its load beside them. */
  {
    g_autofree char *loadavg = NULL;

    if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
      g_print ("BENCH machine_load_1min %.2f load goal=- ok\n", g_ascii_strtod (loadavg, NULL));
  }

  gtk_window_destroy (window);
  rp_context_shutdown (context);
  rp_test_ui_iterate (100);
  g_clear_object (&context);
  remove_cache (home, db_path);

  return all_ok ? 0 : 1;
}
