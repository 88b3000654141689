/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The buyer's quiet hours at send time: a scheduled message that falls due in the buyer's
 * night waits for the morning on the buyer's clock; a message the seller sends by hand
 * goes at once.  The quiet hours are set around the real clock of the test, so the engine's
 * own clock needs no faking. */
#define G_LOG_DOMAIN "rp-test-quiet-hours"

#include "config.h"

#include <gio/gio.h>

#include "rp-outbox-payload.h"
#include "rp-schedule.h"
#include "rp-test-sync.h"

#define BUYER        "buyer-de"
#define CHANNEL      "channel-de"
#define BUYER_ZONE   "Europe/Berlin"

/* What the made-up marketplace was asked to send, in order. */
typedef struct
{
  GPtrArray *sent;        /* of char *, the texts */
  guint      fail_next;   /* how many sends fail with a server error before one goes */
} World;

static RpMarketplaceCapabilities
test_market_get_capabilities (RpMarketplace *marketplace)
{
  return 0;
}

static void
test_market_send_message_async (RpMarketplace       *marketplace,
                                const char          *channel_id,
                                const char          *buyer_login_id,
                                const char          *order_id,
                                const char          *text,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  World *world = rp_test_market_get_world (marketplace);
  g_autoptr(GTask) task = g_task_new (marketplace, cancellable, callback, user_data);

  /* The engine's thread calls; the test reads the world only after the pass is over. */
  if (world->fail_next > 0)
    {
      world->fail_next--;
      g_task_return_new_error (task, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_SERVER,
                               "The marketplace answered 500");
      return;
    }

  g_ptr_array_add (world->sent, g_strdup (text));
  g_task_return_pointer (task, g_strdup_printf ("remote-%u", world->sent->len), g_free);
}

static char *
test_market_send_message_finish (RpMarketplace  *marketplace,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_market_iface_init (RpMarketplaceInterface *iface)
{
  iface->get_capabilities = test_market_get_capabilities;
  iface->send_message_async = test_market_send_message_async;
  iface->send_message_finish = test_market_send_message_finish;
}

/* Fixture ------------------------------------------------------------------------------ */

typedef struct
{
  RpTestStore cache;
  World       world;
  GSettings  *settings;
  GTimeZone  *buyer_zone;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  RpOrder *order;

  rp_test_store_setup (&fixture->cache, NULL);

  /* The buyer's order gives their country, hence their clock. */
  order = rp_order_new ();
  order->order_id = g_strdup ("8100000000000001");
  order->raw_status = g_strdup ("WAIT_SELLER_SEND_GOODS");
  order->buyer_login_id = g_strdup (BUYER);
  order->buyer_name = g_strdup ("Buyer in Berlin");
  order->buyer_country = g_strdup ("DE");
  order->address.country = g_strdup ("DE");
  order->address.city = g_strdup ("Berlin");
  order->has_detail = TRUE;
  order->created_at = g_get_real_time () - G_TIME_SPAN_DAY;
  order->modified_at = order->created_at;
  g_ptr_array_add (orders, order);
  g_assert_true (rp_store_upsert_orders_sync (fixture->cache.store, fixture->cache.account, orders,
                                              &error));
  g_assert_no_error (error);

  fixture->world.sent = g_ptr_array_new_with_free_func (g_free);
  fixture->settings = g_settings_new (APP_ID);
  fixture->buyer_zone = g_time_zone_new_identifier (BUYER_ZONE);
  g_assert_nonnull (fixture->buyer_zone);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_settings_reset (fixture->settings, "buyer-quiet-hours");
  g_clear_object (&fixture->settings);
  g_clear_pointer (&fixture->buyer_zone, g_time_zone_unref);

  rp_test_sync_teardown (&fixture->cache);
  g_ptr_array_unref (fixture->world.sent);
}

/* The minute of the day on the buyer's clock at @when. */
static int
buyer_minute (Fixture *fixture,
              gint64   when)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (when / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, fixture->buyer_zone);

  return g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);
}

/* Sets the quiet hours to run from @from to @to minutes around the buyer's clock now; both
 * may be negative.  Returns them as the engine will read them. */
static RpQuietHours
set_quiet_around_now (Fixture *fixture,
                      int      from,
                      int      to)
{
  int now = buyer_minute (fixture, g_get_real_time ());
  int start = ((now + from) % 1440 + 1440) % 1440;
  int end = ((now + to) % 1440 + 1440) % 1440;
  g_autofree char *text = g_strdup_printf ("%02d:%02d-%02d:%02d", start / 60, start % 60,
                                           end / 60, end % 60);
  g_autoptr(GError) error = NULL;
  RpQuietHours quiet;

  g_assert_true (g_settings_set_string (fixture->settings, "buyer-quiet-hours", text));
  g_assert_true (rp_quiet_hours_parse (&quiet, text, &error));
  g_assert_no_error (error);

  return quiet;
}

/* A message to the buyer: scheduled for @not_before, or queued by hand when it is 0. */
static gint64
enqueue_message (Fixture    *fixture,
                 const char *text,
                 gint64      not_before)
{
  g_autoptr(RpOutboxPayload) payload = rp_outbox_payload_new ();
  g_autoptr(RpOutboxItem) item = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  payload->channel_id = g_strdup (CHANNEL);
  payload->buyer_login_id = g_strdup (BUYER);
  payload->text = g_strdup (text);
  json = rp_outbox_payload_to_json (RP_OUTBOX_KIND_MESSAGE, payload);
  item = rp_outbox_item_new (RP_OUTBOX_KIND_MESSAGE, fixture->cache.account, CHANNEL, json);
  if (not_before != 0)
    {
      item->state = RP_OUTBOX_SCHEDULED;
      item->not_before = not_before;
    }

  id = rp_store_outbox_enqueue_sync (fixture->cache.store, item, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

static RpOutboxItem *
get_item (Fixture *fixture,
          gint64   id)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  items = rp_store_outbox_list_sync (fixture->cache.store, fixture->cache.account, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    {
      RpOutboxItem *item = g_ptr_array_index (items, i);

      if (item->id == id)
        return g_object_ref (item);
    }

  g_assert_not_reached ();
  return NULL;
}

/* One outbox pass on a new engine, as after a sync or a send. */
static RpSyncStats
send_outbox (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  RpSyncStats stats = { 0 };

  g_assert_true (rp_test_sync_run (&fixture->cache, RP_TEST_SYNC_OUTBOX, rp_test_market_new,
                                   &fixture->world, fixture->settings, &stats, &error));
  g_assert_no_error (error);

  return stats;
}

/* Tests -------------------------------------------------------------------------------- */

/* @id was not sent: it waits on the buyer's clock for the end of @quiet (transfer full). */
static RpOutboxItem *
assert_held (Fixture            *fixture,
             const RpSyncStats  *stats,
             gint64              id,
             const RpQuietHours *quiet)
{
  RpOutboxItem *item;

  g_assert_cmpuint (stats->sent, ==, 0);
  g_assert_cmpuint (fixture->world.sent->len, ==, 0);

  item = get_item (fixture, id);
  g_assert_cmpint (item->state, ==, RP_OUTBOX_SCHEDULED);
  /* On the buyer's clock, not on the seller's nor on UTC. */
  g_assert_cmpint (buyer_minute (fixture, item->not_before), ==, quiet->end_minute);

  return item;
}

/* One message, one outbox pass on a new engine: whether it goes depends on how it was
 * queued and on the buyer's quiet hours when the pass runs. */
typedef struct
{
  int         quiet_from;   /* the quiet hours, in minutes around the buyer's clock now */
  int         quiet_to;
  int         later_from;   /* the quiet hours set after the message was queued, */
  int         later_to;     /* unless both are 0 */
  const char *text;
  GTimeSpan   due_ago;      /* scheduled for that long ago; 0: queued by hand */
  gboolean    goes;
} SendCase;

static const SendCase send_cases[] = {
  /* Scheduled for ten minutes ago on the seller's side (Rapport was offline when it fell
   * due), and it is now night for the buyer: it is not sent, and it moves to the first
   * free minute on the buyer's clock. */
  { -120, 120, 0, 0, "Your parcel left today", 10 * G_TIME_SPAN_MINUTE, FALSE },
  /* The same message, written now and sent by hand: the seller decided, it goes. */
  { -120, 120, 0, 0, "Sorry for the delay", 0, TRUE },
  /* Outside the quiet hours a scheduled message that is due goes as planned. */
  { 120, 240, 0, 0, "Good morning", G_TIME_SPAN_MINUTE, TRUE },
  /* Quiet hours changed in Preferences after the message was scheduled: the new ones
   * hold. */
  { 120, 240, -30, 30, "Scheduled in the buyer's evening", G_TIME_SPAN_MINUTE, FALSE },
};

static void
test_send_case (Fixture       *fixture,
                gconstpointer  data)
{
  const SendCase *c = data;
  g_autoptr(RpOutboxItem) item = NULL;
  RpQuietHours quiet;
  RpSyncStats stats;
  gint64 expected;
  gint64 id;

  quiet = set_quiet_around_now (fixture, c->quiet_from, c->quiet_to);
  id = enqueue_message (fixture, c->text, c->due_ago != 0 ? g_get_real_time () - c->due_ago : 0);
  if (c->later_from != 0 || c->later_to != 0)
    quiet = set_quiet_around_now (fixture, c->later_from, c->later_to);
  stats = send_outbox (fixture);

  if (c->goes)
    {
      g_assert_cmpuint (stats.sent, ==, 1);
      g_assert_cmpuint (fixture->world.sent->len, ==, 1);
      g_assert_cmpstr (g_ptr_array_index (fixture->world.sent, 0), ==, c->text);
      item = get_item (fixture, id);
      g_assert_cmpint (item->state, ==, RP_OUTBOX_SENT);
      return;
    }

  expected = rp_quiet_hours_next_free (&quiet, fixture->buyer_zone, g_get_real_time ());
  item = assert_held (fixture, &stats, id, &quiet);
  g_assert_cmpint (item->not_before, ==, expected);
  g_assert_cmpint (item->not_before, >, g_get_real_time ());
  g_assert_cmpuint (item->attempts, ==, 0);

  /* A second pass before the morning leaves it where it is. */
  stats = send_outbox (fixture);
  g_assert_cmpuint (stats.sent, ==, 0);
  g_clear_object (&item);
  item = get_item (fixture, id);
  g_assert_cmpint (item->not_before, ==, expected);
}

/* An engine that runs on follows a change in Preferences from its next pass, as the
 * application's engines do. */
static void
test_running_engine_follows_change (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(RpSyncEngine) engine = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GSettings) given = NULL;
  g_autoptr(RpOutboxItem) item = NULL;
  g_autoptr(GError) error = NULL;
  RpSyncStats stats = { 0 };
  RpQuietHours quiet;
  gint64 id;

  set_quiet_around_now (fixture, 120, 240);
  engine = rp_sync_engine_new (fixture->cache.store, fixture->cache.account, rp_test_market_new,
                               &fixture->world, NULL);
  g_object_set (engine, "settings", fixture->settings, NULL);
  g_object_get (engine, "settings", &given, NULL);
  g_assert_true (given == fixture->settings);

  id = enqueue_message (fixture, "Scheduled before the change",
                        g_get_real_time () - G_TIME_SPAN_MINUTE);
  quiet = set_quiet_around_now (fixture, -30, 30);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  rp_sync_engine_send_outbox_async (engine, NULL, rp_test_sync_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (rp_sync_engine_send_outbox_finish (engine, result, &stats, &error));
  g_assert_no_error (error);
  rp_sync_engine_shutdown (engine);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  item = assert_held (fixture, &stats, id, &quiet);
}

/* A scheduled message whose send failed is retried later: a retry that falls due in the
 * buyer's night waits for their morning like the first try, and stays a retry. */
static void
test_retry_keeps_quiet_hours (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(RpOutboxItem) item = NULL;
  g_autoptr(GError) error = NULL;
  RpQuietHours quiet;
  RpSyncStats stats;
  gint64 expected;
  gint64 id;

  set_quiet_around_now (fixture, 120, 240);
  id = enqueue_message (fixture, "Your parcel is on its way", g_get_real_time () - G_TIME_SPAN_MINUTE);
  fixture->world.fail_next = 1;
  stats = send_outbox (fixture);
  g_assert_cmpuint (stats.sent, ==, 0);
  item = get_item (fixture, id);
  g_assert_cmpint (item->state, ==, RP_OUTBOX_FAILED_RETRYABLE);
  g_assert_true (item->keeps_quiet_hours);
  g_clear_object (&item);

  /* The retry falls due in the buyer's night. */
  quiet = set_quiet_around_now (fixture, -30, 30);
  g_assert_true (rp_store_outbox_set_state_sync (fixture->cache.store, id,
                                                 RP_OUTBOX_FAILED_RETRYABLE, NULL, NULL,
                                                 g_get_real_time () - G_TIME_SPAN_SECOND,
                                                 &error));
  g_assert_no_error (error);
  expected = rp_quiet_hours_next_free (&quiet, fixture->buyer_zone, g_get_real_time ());
  stats = send_outbox (fixture);
  g_assert_cmpuint (stats.sent, ==, 0);
  g_assert_cmpuint (fixture->world.sent->len, ==, 0);
  item = get_item (fixture, id);
  g_assert_cmpint (item->state, ==, RP_OUTBOX_FAILED_RETRYABLE);
  g_assert_cmpint (item->not_before, ==, expected);
  g_assert_cmpint (buyer_minute (fixture, item->not_before), ==, quiet.end_minute);
  g_assert_cmpuint (item->attempts, ==, 1);
  g_assert_cmpstr (item->last_error, ==, "The marketplace answered 500");
  g_clear_object (&item);

  /* Sent now by the seller's hand, it no longer waits for the buyer's morning. */
  g_assert_true (rp_store_outbox_set_state_sync (fixture->cache.store, id, RP_OUTBOX_QUEUED,
                                                 NULL, NULL, 0, &error));
  g_assert_no_error (error);
  item = get_item (fixture, id);
  g_assert_false (item->keeps_quiet_hours);
}

/* Only an item still waiting moves: one being sent or already sent stays as it is. */
static void
test_reschedule_only_waiting (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpOutboxItem) claimed = NULL;
  g_autoptr(RpOutboxItem) item = NULL;
  gint64 later = g_get_real_time () + G_TIME_SPAN_HOUR;
  gint64 queued = enqueue_message (fixture, "First", 0);
  gint64 scheduled;

  /* Queued by hand, moved by the seller: it becomes scheduled. */
  g_assert_true (rp_store_outbox_reschedule_sync (fixture->cache.store, queued, later, &error));
  g_assert_no_error (error);
  item = get_item (fixture, queued);
  g_assert_cmpint (item->state, ==, RP_OUTBOX_SCHEDULED);
  g_assert_cmpint (item->not_before, ==, later);
  g_clear_object (&item);

  /* In flight: it does not move. */
  claimed = rp_store_outbox_claim_sync (fixture->cache.store, fixture->cache.account, later, &error);
  g_assert_no_error (error);
  g_assert_nonnull (claimed);
  g_assert_cmpint (claimed->id, ==, queued);
  g_assert_false (rp_store_outbox_reschedule_sync (fixture->cache.store, queued, later * 2, &error));
  g_assert_error (error, RP_STORE_ERROR, RP_STORE_ERROR_INVALID);
  g_clear_error (&error);
  item = get_item (fixture, queued);
  g_assert_cmpint (item->state, ==, RP_OUTBOX_SENDING);
  g_assert_cmpint (item->not_before, ==, later);
  g_clear_object (&item);

  /* Sent: final. */
  g_assert_true (rp_store_outbox_set_state_sync (fixture->cache.store, queued, RP_OUTBOX_SENT, "r1",
                                                 NULL, 0, &error));
  g_assert_no_error (error);
  g_assert_false (rp_store_outbox_reschedule_sync (fixture->cache.store, queued, later, &error));
  g_assert_error (error, RP_STORE_ERROR, RP_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Scheduled: moves, and keeps its place in the conversation. */
  scheduled = enqueue_message (fixture, "Second", later);
  g_assert_true (rp_store_outbox_reschedule_sync (fixture->cache.store, scheduled, later + 60,
                                                  &error));
  g_assert_no_error (error);
  item = get_item (fixture, scheduled);
  g_assert_cmpint (item->state, ==, RP_OUTBOX_SCHEDULED);
  g_assert_cmpint (item->not_before, ==, later + 60);

  /* No such item. */
  g_assert_false (rp_store_outbox_reschedule_sync (fixture->cache.store, 999999, later, &error));
  g_assert_error (error, RP_STORE_ERROR, RP_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The seller moves it from the composer, without blocking the window. */
  {
    g_autoptr(GAsyncResult) result = NULL;

    rp_store_outbox_reschedule_async (fixture->cache.store, scheduled, later + 120, NULL,
                                      rp_test_sync_result_cb, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_true (rp_store_outbox_reschedule_finish (fixture->cache.store, result, &error));
    g_assert_no_error (error);
    g_clear_object (&item);
    item = get_item (fixture, scheduled);
    g_assert_cmpint (item->not_before, ==, later + 120);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  rp_test_market_set_methods (test_market_iface_init);

  g_test_add ("/rapport/sync/quiet-hours/scheduled-held-back", Fixture, &send_cases[0],
              fixture_setup, test_send_case, fixture_teardown);
  g_test_add ("/rapport/sync/quiet-hours/manual-goes-out", Fixture, &send_cases[1],
              fixture_setup, test_send_case, fixture_teardown);
  g_test_add ("/rapport/sync/quiet-hours/scheduled-in-daytime", Fixture, &send_cases[2],
              fixture_setup, test_send_case, fixture_teardown);
  g_test_add ("/rapport/sync/quiet-hours/changed-quiet-hours-hold", Fixture, &send_cases[3],
              fixture_setup, test_send_case, fixture_teardown);
  g_test_add ("/rapport/sync/quiet-hours/running-engine-follows-change", Fixture, NULL,
              fixture_setup, test_running_engine_follows_change, fixture_teardown);
  g_test_add ("/rapport/sync/quiet-hours/retry-keeps-quiet-hours", Fixture, NULL,
              fixture_setup, test_retry_keeps_quiet_hours, fixture_teardown);
  g_test_add ("/rapport/sync/quiet-hours/reschedule-only-waiting", Fixture, NULL,
              fixture_setup, test_reschedule_only_waiting, fixture_teardown);

  return g_test_run ();
}
