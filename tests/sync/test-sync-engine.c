/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sync engine against a marketplace made up here.  The engine writes pages behind its
 * requests; a cursor must never be saved ahead of the rows it stands for, and a sync must
 * not end before its rows are in the cache. */
#define G_LOG_DOMAIN "rp-test-sync-engine"

#include "config.h"

#include <errno.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "rp-test-sync.h"

#define CURSOR_ORDERS "orders.modified"
#define OLD_CURSOR    "1000"
#define T0            ((gint64)1700000000 * G_USEC_PER_SEC)

/* What the made-up marketplace lists: pages of RpOrder, read on the engine's thread. */
typedef struct
{
  GPtrArray                 *pages;          /* of GPtrArray of RpOrder */
  RpMarketplaceCapabilities  capabilities;
  int                        engine_nice;    /* of the thread the connector was made on */
  guint                      tracked;        /* parcels asked about */
} World;

/* The nice value of the calling thread (Linux: a thread id names one thread). */
static int
thread_nice (void)
{
#ifdef __linux__
  int value;

  errno = 0;
  value = getpriority (PRIO_PROCESS, (id_t)syscall (SYS_gettid));
  g_assert_cmpint (errno, ==, 0);
  return value;
#else
  return 0;
#endif
}

typedef struct
{
  GTask          *task;
  gpointer        result;
  GDestroyNotify  result_free;
} Answer;

static gboolean
answer_cb (gpointer data)
{
  Answer *answer = data;

  g_task_return_pointer (answer->task, answer->result, answer->result_free);
  g_object_unref (answer->task);
  g_free (answer);

  return G_SOURCE_REMOVE;
}

/* Answers come from an idle on the caller's context, as a connection's would: never from
 * inside the call. */
static void
answer_later (GTask          *task,
              gpointer        result,
              GDestroyNotify  result_free)
{
  g_autoptr(GSource) source = g_idle_source_new ();
  Answer *answer = g_new0 (Answer, 1);

  answer->task = g_object_ref (task);
  answer->result = result;
  answer->result_free = result_free;
  g_source_set_callback (source, answer_cb, answer, NULL);
  g_source_attach (source, g_main_context_get_thread_default ());
}

static RpMarketplaceCapabilities
test_market_get_capabilities (RpMarketplace *marketplace)
{
  World *world = rp_test_market_get_world (marketplace);

  return world->capabilities;
}

static void
test_market_list_orders_async (RpMarketplace       *marketplace,
                               const RpOrderQuery  *query,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  World *world = rp_test_market_get_world (marketplace);
  g_autoptr(GTask) task = g_task_new (marketplace, cancellable, callback, user_data);
  RpMarketplacePage *page = rp_marketplace_page_new ();
  guint index = query->page - 1;

  page->page = query->page;
  page->page_size = query->page_size;
  if (index < world->pages->len)
    {
      GPtrArray *orders = g_ptr_array_index (world->pages, index);

      for (guint i = 0; i < orders->len; i++)
        g_ptr_array_add (page->items, g_object_ref (g_ptr_array_index (orders, i)));
      page->has_more = index + 1 < world->pages->len;
    }

  answer_later (task, page, (GDestroyNotify)rp_marketplace_page_free);
}

static RpMarketplacePage *
test_market_list_orders_finish (RpMarketplace  *marketplace,
                                GAsyncResult   *result,
                                GError        **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  RpOrder   *order;
  GPtrArray *shipments;
} Detail;

static void
detail_free (Detail *detail)
{
  g_clear_object (&detail->order);
  g_clear_pointer (&detail->shipments, g_ptr_array_unref);
  g_free (detail);
}

/* The detail of an order: its country and one parcel, numbered after the order. */
static void
test_market_get_order_async (RpMarketplace       *marketplace,
                             const char          *order_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (marketplace, cancellable, callback, user_data);
  Detail *detail = g_new0 (Detail, 1);
  RpShipment *shipment = rp_shipment_new ();

  detail->order = rp_order_new ();
  detail->order->order_id = g_strdup (order_id);
  detail->order->raw_status = g_strdup ("WAIT_BUYER_ACCEPT_GOODS");
  detail->order->buyer_country = g_strdup ("DE");
  detail->order->has_detail = TRUE;

  shipment->order_id = g_strdup (order_id);
  shipment->tracking_no = g_strdup_printf ("LP%s", order_id);
  shipment->service_name = g_strdup ("CAINIAO_STANDARD");
  detail->shipments = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (detail->shipments, shipment);

  answer_later (task, detail, (GDestroyNotify)detail_free);
}

static RpOrder *
test_market_get_order_finish (RpMarketplace  *marketplace,
                              GAsyncResult   *result,
                              GPtrArray     **shipments,
                              GError        **error)
{
  Detail *detail = g_task_propagate_pointer (G_TASK (result), error);
  RpOrder *order;

  if (detail == NULL)
    return NULL;

  order = g_steal_pointer (&detail->order);
  if (shipments != NULL)
    *shipments = g_steal_pointer (&detail->shipments);
  detail_free (detail);

  return order;
}

/* Parcels of even orders were delivered; the others are on their way. */
static void
test_market_query_tracking_async (RpMarketplace       *marketplace,
                                  RpShipment          *shipment,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  World *world = rp_test_market_get_world (marketplace);
  g_autoptr(GTask) task = g_task_new (marketplace, cancellable, callback, user_data);
  RpShipment *tracked = rp_shipment_new ();
  RpTrackingEvent *event = rp_tracking_event_new ();
  guint64 n = g_ascii_strtoull (shipment->order_id, NULL, 10);

  world->tracked++;
  tracked->order_id = g_strdup (shipment->order_id);
  tracked->tracking_no = g_strdup (shipment->tracking_no);
  tracked->service_name = g_strdup (shipment->service_name);
  event->at = T0;
  event->action_code = g_strdup (n % 2 == 0 ? "GTMS_SIGNED" : "GTMS_ACCEPT");
  event->description = g_strdup (n % 2 == 0 ? "Delivered" : "Accepted by the carrier");
  g_ptr_array_add (tracked->events, event);

  answer_later (task, tracked, g_object_unref);
}

static RpShipment *
test_market_query_tracking_finish (RpMarketplace  *marketplace,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_market_iface_init (RpMarketplaceInterface *iface)
{
  iface->get_capabilities = test_market_get_capabilities;
  iface->list_orders_async = test_market_list_orders_async;
  iface->list_orders_finish = test_market_list_orders_finish;
  iface->get_order_async = test_market_get_order_async;
  iface->get_order_finish = test_market_get_order_finish;
  iface->query_tracking_async = test_market_query_tracking_async;
  iface->query_tracking_finish = test_market_query_tracking_finish;
}

static RpMarketplace *
make_market (gpointer   data,
             GError   **error)
{
  World *world = data;

  /* Made on the engine's thread. */
  world->engine_nice = thread_nice ();
  return rp_test_market_new (world, error);
}

/* Fixture ------------------------------------------------------------------------------ */

typedef struct
{
  RpTestStore cache;
  World       world;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  rp_test_store_setup (&fixture->cache, NULL);
  g_assert_true (rp_store_set_cursor_sync (fixture->cache.store, fixture->cache.account,
                                           CURSOR_ORDERS, OLD_CURSOR, &error));
  g_assert_no_error (error);

  fixture->world.pages = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  rp_test_sync_teardown (&fixture->cache);
  g_ptr_array_unref (fixture->world.pages);
}

/* @n_pages pages of @per_page orders; order k was modified at T0 + k seconds. */
static void
add_pages (Fixture *fixture,
           guint    n_pages,
           guint    per_page)
{
  for (guint p = 0; p < n_pages; p++)
    {
      GPtrArray *orders = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < per_page; i++)
        {
          guint k = fixture->world.pages->len * per_page + i;
          RpOrder *order = rp_order_new ();

          order->order_id = g_strdup_printf ("81%014u", k);
          order->raw_status = g_strdup ("WAIT_SELLER_SEND_GOODS");
          order->buyer_login_id = g_strdup_printf ("buyer%u", k);
          order->buyer_name = g_strdup_printf ("Buyer %u", k);
          order->created_at = T0;
          order->modified_at = T0 + k * G_USEC_PER_SEC;
          g_ptr_array_add (orders, order);
        }
      g_ptr_array_add (fixture->world.pages, orders);
    }
}

/* One incremental sync on a new engine; returns whether it succeeded. */
static gboolean
run_sync (Fixture      *fixture,
          RpSyncStats  *stats,
          GError      **error)
{
  return rp_test_sync_run (&fixture->cache, RP_TEST_SYNC_PULL, make_market, &fixture->world,
                           NULL, stats, error);
}

static char *
orders_cursor (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  char *value = rp_store_get_cursor_sync (fixture->cache.store, fixture->cache.account,
                                          CURSOR_ORDERS, &error);

  g_assert_no_error (error);
  return value;
}

static gint64
count (Fixture       *fixture,
       RpStoreChange  kind)
{
  g_autoptr(GError) error = NULL;
  gint64 n = rp_store_count_sync (fixture->cache.store, fixture->cache.account, kind, &error);

  g_assert_no_error (error);
  return n;
}

/* Tests -------------------------------------------------------------------------------- */

/* Every row of every page is in the cache when the sync says it is done, details and
 * parcels included, and the cursor is the newest modification. */
static void
test_rows_then_cursor (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(RpOrder) last = NULL;
  RpSyncStats stats = { 0 };

  fixture->world.capabilities = RP_MARKETPLACE_CAPABILITY_ORDERS |
                                RP_MARKETPLACE_CAPABILITY_ORDER_DETAIL;
  add_pages (fixture, 7, 50);

  g_assert_true (run_sync (fixture, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.orders, ==, 350);
  g_assert_cmpuint (stats.shipments, ==, 350);
  /* 7 list pages and 350 details. */
  g_assert_cmpuint (stats.requests, ==, 357);

  g_assert_cmpint (count (fixture, RP_STORE_CHANGE_ORDERS), ==, 350);
  g_assert_cmpint (count (fixture, RP_STORE_CHANGE_SHIPMENTS), ==, 350);

  /* The detail's fields reached the last order of the last page. */
  last = rp_store_get_order_sync (fixture->cache.store, fixture->cache.account, "8100000000000349",
                                  &error);
  g_assert_no_error (error);
  g_assert_nonnull (last);
  g_assert_true (last->has_detail);
  g_assert_cmpstr (last->buyer_country, ==, "DE");

  cursor = orders_cursor (fixture);
  expected = g_strdup_printf ("%" G_GINT64_FORMAT, T0 + 349 * G_USEC_PER_SEC);
  g_assert_cmpstr (cursor, ==, expected);
}

/* The parcels of the orders whose details came in are tracked unless the cache has them
 * delivered with their timeline: after a first sync, the second asks only about the parcels
 * still on their way, although every order changed and came with its parcels again. */
static void
test_tracking_checks_cache (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  RpSyncStats stats = { 0 };

  fixture->world.capabilities = RP_MARKETPLACE_CAPABILITY_ORDERS |
                                RP_MARKETPLACE_CAPABILITY_ORDER_DETAIL |
                                RP_MARKETPLACE_CAPABILITY_TRACKING;
  add_pages (fixture, 3, 50);

  g_assert_true (run_sync (fixture, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->world.tracked, ==, 150);
  g_assert_cmpint (count (fixture, RP_STORE_CHANGE_SHIPMENTS), ==, 150);

  for (guint p = 0; p < fixture->world.pages->len; p++)
    {
      GPtrArray *orders = g_ptr_array_index (fixture->world.pages, p);

      for (guint i = 0; i < orders->len; i++)
        ((RpOrder *)g_ptr_array_index (orders, i))->modified_at += (gint64)3600 * G_USEC_PER_SEC;
    }

  fixture->world.tracked = 0;
  g_assert_true (run_sync (fixture, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.orders, ==, 150);
  g_assert_cmpuint (fixture->world.tracked, ==, 75);
}

/* A page the cache refuses fails the sync and leaves the cursor where it was, although the
 * engine had long gone on to the next pages when the write failed; the pages before it
 * stay written. */
static void
test_failed_write_keeps_cursor (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  GPtrArray *bad_page;
  RpOrder *bad;

  /* Without order details the list's rows go to the cache as they come. */
  fixture->world.capabilities = RP_MARKETPLACE_CAPABILITY_ORDERS;
  add_pages (fixture, 6, 50);

  /* Text that is not UTF-8 is refused by the cache, with the whole page. */
  bad_page = g_ptr_array_index (fixture->world.pages, 2);
  bad = g_ptr_array_index (bad_page, 10);
  g_free (bad->buyer_name);
  bad->buyer_name = g_strdup ("Bad \xff name");

  g_assert_false (run_sync (fixture, NULL, &error));
  g_assert_error (error, RP_STORE_ERROR, RP_STORE_ERROR_INVALID);

  cursor = orders_cursor (fixture);
  g_assert_cmpstr (cursor, ==, OLD_CURSOR);

  /* The pages before it are there; nothing of the refused one is. */
  g_assert_cmpint (count (fixture, RP_STORE_CHANGE_ORDERS), >=, 100);
  g_assert_cmpint (count (fixture, RP_STORE_CHANGE_ORDERS), <=, 250);
  g_clear_error (&error);
  {
    g_autoptr(RpOrder) refused = rp_store_get_order_sync (fixture->cache.store,
                                                          fixture->cache.account,
                                                          "8100000000000100", &error);

    g_assert_no_error (error);
    g_assert_null (refused);
  }
}

/* Without background priority (rapportctl) the engine's thread keeps the priority of the
 * thread that made the engine: there the sync is the work, and the engine's thread is the
 * one that keeps the calls going.  The application's SCHED_IDLE is tested with the context. */
static void
test_thread_keeps_priority (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

#ifndef __linux__
  g_test_skip ("Thread priorities are read on Linux only");
  return;
#endif

  fixture->world.capabilities = RP_MARKETPLACE_CAPABILITY_ORDERS;
  add_pages (fixture, 1, 5);
  fixture->world.engine_nice = G_MININT;

  g_assert_true (run_sync (fixture, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fixture->world.engine_nice, ==, thread_nice ());
  g_assert_cmpint (count (fixture, RP_STORE_CHANGE_ORDERS), ==, 5);
}

static void
done_cb (RpSyncEngine *engine,
         GParamSpec   *pspec,
         guint        *notifies)
{
  (*notifies)++;
}

/* Items done are told to the thread that made the engine (the window's) about ten times a
 * second, not once per page or parcel: a sync of 400 pages sends a few notifications.  The
 * phases and the end are told at once. */
static void
test_progress_is_paced (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(RpSyncEngine) engine = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint notifies = 0;
  RpSyncStats stats = { 0 };
  gint64 start, elapsed;
  guint allowed;

  /* Without order details each page is one call and one write. */
  fixture->world.capabilities = RP_MARKETPLACE_CAPABILITY_ORDERS;
  add_pages (fixture, 400, 2);

  engine = rp_sync_engine_new (fixture->cache.store, fixture->cache.account, make_market,
                               &fixture->world, NULL);
  g_signal_connect (engine, "notify::done", G_CALLBACK (done_cb), &notifies);

  start = g_get_monotonic_time ();
  rp_sync_engine_sync_async (engine, FALSE, NULL, rp_test_sync_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  elapsed = g_get_monotonic_time () - start;

  g_assert_true (rp_sync_engine_sync_finish (engine, result, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.orders, ==, 800);

  /* The end is told at once (its notification is on its way with the result). */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (notifies, >=, 2);
  g_assert_false (rp_sync_engine_get_running (engine));

  /* One per 100 ms, and the phases' and the end's on top. */
  allowed = (guint)(elapsed / (G_USEC_PER_SEC / 10)) + 8;
  g_test_message ("%u notifications in %.0f ms (at most %u)", notifies,
                  elapsed / 1000.0, allowed);
  g_assert_cmpuint (notifies, <=, allowed);

  rp_sync_engine_shutdown (engine);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  rp_test_market_set_methods (test_market_iface_init);

  g_test_add ("/rapport/sync/engine/rows-then-cursor", Fixture, NULL,
              fixture_setup, test_rows_then_cursor, fixture_teardown);
  g_test_add ("/rapport/sync/engine/tracking-checks-cache", Fixture, NULL,
              fixture_setup, test_tracking_checks_cache, fixture_teardown);
  g_test_add ("/rapport/sync/engine/failed-write-keeps-cursor", Fixture, NULL,
              fixture_setup, test_failed_write_keeps_cursor, fixture_teardown);
  g_test_add ("/rapport/sync/engine/thread-keeps-priority", Fixture, NULL,
              fixture_setup, test_thread_keeps_priority, fixture_teardown);
  g_test_add ("/rapport/sync/engine/progress-is-paced", Fixture, NULL,
              fixture_setup, test_progress_is_paced, fixture_teardown);

  return g_test_run ();
}
