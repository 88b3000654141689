/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-notifier"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "rp-context.h"
#include "rp-notifier.h"
#include "rp-test-notify.h"

/* The notifier against a cache filled by hand, with a mock notification daemon on the bus:
 * what reaches the desktop, with which id, and what is withdrawn. */

static GApplication *test_app;

typedef struct
{
  RpTestNotifyDaemon *daemon;
  GApplication       *app;
  GSettings          *settings;
  RpContext          *context;
  RpStore            *store;
  RpNotifier         *notifier;
  gint64              account_id;
  gint64              now;
  GTimeSpan           clock_offset;   /* how far the notifier's clock is ahead of the real one */
} Fixture;

static gint64
offset_clock (gpointer data)
{
  Fixture *f = data;

  return g_get_real_time () + f->clock_offset;
}

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  gboolean *done = data;
  g_autoptr(GError) error = NULL;

  g_assert_true (rp_context_open_finish (RP_CONTEXT (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "notifier.db", NULL);
  g_autoptr(RpStoreAccount) account = rp_store_account_new ();
  gboolean done = FALSE;

  f->daemon = rp_test_notify_daemon_start ();

  /* One application for the whole run, as in the real program: GIO keeps per-application
   * notification state that outlives a finalized application. */
  if (test_app == NULL)
    {
      test_app = g_application_new ("io.github.rapportdesk.Rapport.NotifierTest",
                                    G_APPLICATION_NON_UNIQUE);
      g_assert_true (g_application_register (test_app, NULL, &error));
      g_assert_no_error (error);
    }
  f->app = g_object_ref (test_app);

  f->settings = g_settings_new (APP_ID);
  f->context = rp_context_new (f->settings);
  /* No account yet: the context opens the cache and has nothing to sync. */
  rp_context_open_async (f->context, path, NULL, opened_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  f->store = g_object_ref (rp_context_get_store (f->context));

  f->notifier = rp_notifier_new (f->app, f->context);
  rp_notifier_set_debounce (f->notifier, 50);

  account->marketplace = g_strdup ("aliexpress");
  account->base_url = g_strdup ("http://127.0.0.1:9");
  account->app_key = g_strdup ("key");
  account->name = g_strdup ("Test store");
  f->account_id = rp_store_add_account_sync (f->store, account, &error);
  g_assert_no_error (error);
  g_assert_cmpint (f->account_id, >, 0);

  f->now = g_get_real_time ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->notifier);
  rp_context_shutdown (f->context);
  g_clear_object (&f->store);
  g_clear_object (&f->context);
  g_clear_object (&f->settings);
  g_clear_object (&f->app);
  rp_test_notify_daemon_stop (f->daemon);
}

static void
put_conversation (Fixture    *f,
                  const char *channel,
                  const char *buyer,
                  const char *text,
                  guint       unread,
                  gint64      at)
{
  g_autoptr(RpConversation) conversation = rp_conversation_new ();
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  conversation->channel_id = g_strdup (channel);
  conversation->buyer_login_id = g_strdup (buyer);
  conversation->buyer_name = g_strdup (buyer);
  conversation->unread_count = unread;
  conversation->read = unread == 0;
  conversation->last_message_at = at;
  conversation->last_message_text = g_strdup (text);
  g_ptr_array_add (list, conversation);
  g_assert_true (rp_store_upsert_conversations_sync (f->store, f->account_id, list, &error));
  g_assert_no_error (error);
}

static void put_dispute_modified (Fixture *f, const char *issue, RpDisputeStatus status,
                                  gint64 created, gint64 modified, gint64 deadline);

static void
put_dispute (Fixture         *f,
             const char      *issue,
             RpDisputeStatus  status,
             gint64           created,
             gint64           deadline)
{
  put_dispute_modified (f, issue, status, created, created, deadline);
}

static void
put_dispute_modified (Fixture         *f,
                      const char      *issue,
                      RpDisputeStatus  status,
                      gint64           created,
                      gint64           modified,
                      gint64           deadline)
{
  g_autoptr(RpDispute) dispute = rp_dispute_new ();
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  dispute->issue_id = g_strdup (issue);
  dispute->order_id = g_strdup ("8100000000000001");
  dispute->buyer_login_id = g_strdup ("fr1001");
  dispute->raw_status = g_strdup (status == RP_DISPUTE_STATUS_PROCESSING ? "processing" : "finish");
  dispute->status = status;
  dispute->reason = g_strdup ("Item not as described");
  dispute->product_name = g_strdup ("Linen shirt <b>blue</b>");
  dispute->created_at = created;
  dispute->modified_at = modified;
  dispute->deadline = deadline;
  g_ptr_array_add (list, dispute);
  g_assert_true (rp_store_upsert_disputes_sync (f->store, f->account_id, list, &error));
  g_assert_no_error (error);
}

static void
set_ready (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rp_store_set_cursor_sync (f->store, f->account_id, RP_NOTIFIER_READY_CURSOR,
                                           "1", &error));
  g_assert_no_error (error);
}

/* Waits for the cursor the notifier writes after a look at the cache. */
static void
wait_for_cursor (Fixture    *f,
                 const char *key)
{
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *value = rp_store_get_cursor_sync (f->store, f->account_id, key, NULL);

      if (value != NULL)
        return;
      rp_test_notify_iterate (20);
    }
  g_assert_not_reached ();
}

/* Notify (app_name, replaces_id, icon, summary, body, actions, hints, timeout) */
static const char *
call_summary (GVariant *args)
{
  g_autoptr(GVariant) v = g_variant_get_child_value (args, 3);

  return g_variant_get_string (g_variant_get_variant (v), NULL);
}

static char *
call_body (GVariant *args)
{
  g_autoptr(GVariant) v = g_variant_get_child_value (args, 4);
  g_autoptr(GVariant) inner = g_variant_get_variant (v);

  return g_variant_dup_string (inner, NULL);
}

static guint32
call_replaces (GVariant *args)
{
  g_autoptr(GVariant) v = g_variant_get_child_value (args, 1);
  g_autoptr(GVariant) inner = g_variant_get_variant (v);

  return g_variant_get_uint32 (inner);
}

static guchar
call_urgency (GVariant *args)
{
  g_autoptr(GVariant) v = g_variant_get_child_value (args, 6);
  g_autoptr(GVariant) hints = g_variant_get_variant (v);
  guchar urgency = 1;

  g_variant_lookup (hints, "urgency", "y", &urgency);
  return urgency;
}

/* The mock declares CloseNotification with an int32 id. */
static guint32
close_id (GVariant *args)
{
  g_autoptr(GVariant) v = g_variant_get_child_value (args, 0);
  g_autoptr(GVariant) inner = g_variant_get_variant (v);

  if (g_variant_is_of_type (inner, G_VARIANT_TYPE_INT32))
    return (guint32)g_variant_get_int32 (inner);
  return g_variant_get_uint32 (inner);
}

static void
assert_shown (Fixture     *f,
              const char **expected)
{
  g_auto(GStrv) shown = rp_notifier_dup_shown_ids (f->notifier);
  g_autofree char *joined = g_strjoinv (" ", shown);
  g_autofree char *want = g_strjoinv (" ", (GStrv)expected);

  g_assert_cmpstr (joined, ==, want);
}

static void
test_first_sync_does_not_flood (Fixture       *f,
                                gconstpointer  data)
{
  gint64 old = f->now - G_TIME_SPAN_HOUR;

  /* What the first sync brings in is already there when the seller starts. */
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *channel = g_strdup_printf ("old-%u", i);

      put_conversation (f, channel, "buyer", "Hello?", 1, old + i);
    }
  put_dispute (f, "old-dispute", RP_DISPUTE_STATUS_PROCESSING, old, f->now + 5 * G_TIME_SPAN_HOUR);

  wait_for_cursor (f, "notify.disputes");
  rp_test_notify_iterate (300);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "Notify", 1, 300), ==, 0);
  g_assert_cmpuint (rp_notifier_get_unread_count (f->notifier), ==, 8);
  g_assert_cmpuint (rp_notifier_get_urgent_count (f->notifier), ==, 1);

  /* Once ready, what came before still does not notify; a new message does. */
  set_ready (f);
  put_conversation (f, "old-0", "buyer", "Still there?", 2, f->now);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "Notify", 1, 5000), ==, 1);
  rp_test_notify_iterate (300);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "Notify", 2, 100), ==, 1);
}

static void
test_stable_ids_and_withdrawal (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GPtrArray) notify = NULL;
  g_autoptr(GPtrArray) closes = NULL;
  g_autofree char *body = NULL;
  guint32 first_id;

  set_ready (f);
  put_conversation (f, "ch-1", "Marie", "Is it <i>blue</i>?\u202e", 1, f->now);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "Notify", 1, 5000), ==, 1);
  notify = rp_test_notify_daemon_calls (f->daemon, "Notify");
  g_assert_cmpstr (call_summary (notify->pdata[0]), ==, "New message from Marie");
  body = call_body (notify->pdata[0]);
  /* Markup is never passed on, nor the bidi override. */
  g_assert_null (strchr (body, '<'));
  g_assert_null (strstr (body, "\u202e"));
  g_assert_nonnull (strstr (body, "blue"));
  g_assert_cmpuint (call_replaces (notify->pdata[0]), ==, 0);
  assert_shown (f, (const char *[]) { "conversation:1:ch-1", NULL });
  first_id = 1;  /* the mock daemon counts from 1 */

  /* The same conversation again: the same notification, replaced. */
  put_conversation (f, "ch-1", "Marie", "Hello?", 2, f->now + 1000);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "Notify", 2, 5000), ==, 2);
  g_clear_pointer (&notify, g_ptr_array_unref);
  notify = rp_test_notify_daemon_calls (f->daemon, "Notify");
  g_assert_cmpuint (call_replaces (notify->pdata[1]), ==, first_id);

  /* A burst becomes one notification with a count. */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *channel = g_strdup_printf ("burst-%u", i);

      put_conversation (f, channel, "buyer", "Hi", 1, f->now + 2000 + i);
    }
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "Notify", 3, 5000), ==, 3);
  rp_test_notify_iterate (300);
  g_clear_pointer (&notify, g_ptr_array_unref);
  notify = rp_test_notify_daemon_calls (f->daemon, "Notify");
  g_assert_cmpuint (notify->len, ==, 3);
  g_assert_cmpstr (call_summary (notify->pdata[2]), ==, "5 new buyer messages");

  /* A new dispute: urgent. */
  put_dispute (f, "5000000000000001", RP_DISPUTE_STATUS_PROCESSING, f->now + 3000,
               f->now + 4 * G_TIME_SPAN_DAY);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "Notify", 4, 5000), ==, 4);
  g_clear_pointer (&notify, g_ptr_array_unref);
  notify = rp_test_notify_daemon_calls (f->daemon, "Notify");
  g_assert_cmpstr (call_summary (notify->pdata[3]), ==, "A buyer opened a dispute");
  g_assert_cmpuint (call_urgency (notify->pdata[3]), ==, 2);

  /* An older dispute now less than 24 h from its deadline: the 24 h alert. */
  put_dispute (f, "5000000000000002", RP_DISPUTE_STATUS_PROCESSING, f->now - G_TIME_SPAN_DAY,
               f->now + 20 * G_TIME_SPAN_HOUR);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "Notify", 5, 5000), ==, 5);
  g_clear_pointer (&notify, g_ptr_array_unref);
  notify = rp_test_notify_daemon_calls (f->daemon, "Notify");
  g_assert_cmpstr (call_summary (notify->pdata[4]), ==, "A dispute is due within 24 hours");
  g_assert_cmpuint (call_urgency (notify->pdata[4]), ==, 2);
  assert_shown (f, (const char *[]) { "conversation:1:ch-1", "conversations:1",
                                      "dispute:1:5000000000000001",
                                      "dispute:1:5000000000000002", NULL });

  /* Handled: the seller read the conversation, the dispute closed. */
  put_conversation (f, "ch-1", "Marie", "Hello?", 0, f->now + 1000);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "CloseNotification", 1, 5000), ==, 1);
  closes = rp_test_notify_daemon_calls (f->daemon, "CloseNotification");
  g_assert_cmpuint (close_id (closes->pdata[0]), ==, first_id);

  put_dispute (f, "5000000000000001", RP_DISPUTE_STATUS_FINISHED, f->now + 3000, 0);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "CloseNotification", 2, 5000), ==, 2);
  assert_shown (f, (const char *[]) { "conversations:1", "dispute:1:5000000000000002", NULL });
  g_assert_cmpuint (rp_notifier_get_urgent_count (f->notifier), ==, 1);
}

static void
test_switches_and_quiet_hours (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GDateTime) local = g_date_time_new_now_local ();
  int hour = g_date_time_get_hour (local);

  set_ready (f);

  g_settings_set_boolean (f->settings, "notify-messages", FALSE);
  put_conversation (f, "ch-off", "buyer", "Hi", 1, f->now);
  rp_test_notify_iterate (500);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "Notify", 1, 200), ==, 0);

  /* Disputes still come while messages are off. */
  put_dispute (f, "d-on", RP_DISPUTE_STATUS_PROCESSING, f->now, f->now + 3 * G_TIME_SPAN_DAY);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "Notify", 1, 5000), ==, 1);
  rp_test_notify_daemon_clear (f->daemon);

  /* Quiet hours around now: nothing at all. */
  g_settings_set_boolean (f->settings, "notify-messages", TRUE);
  g_settings_set_int (f->settings, "notify-quiet-start", hour);
  g_settings_set_int (f->settings, "notify-quiet-end", (hour + 1) % 24);
  g_settings_set_boolean (f->settings, "notify-quiet-hours", TRUE);
  put_conversation (f, "ch-quiet", "buyer", "Hi", 1, f->now + 10);
  put_dispute (f, "d-quiet", RP_DISPUTE_STATUS_PROCESSING, f->now + 10, f->now + 3 * G_TIME_SPAN_DAY);
  rp_test_notify_iterate (500);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "Notify", 1, 200), ==, 0);

  g_settings_reset (f->settings, "notify-messages");
  g_settings_reset (f->settings, "notify-quiet-hours");
  g_settings_reset (f->settings, "notify-quiet-start");
  g_settings_reset (f->settings, "notify-quiet-end");
}

static void
put_shipment (Fixture    *f,
              const char *order,
              gint64      shipped_at,
              gboolean    delivered)
{
  g_autoptr(RpShipment) shipment = rp_shipment_new ();
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  shipment->order_id = g_strdup (order);
  shipment->tracking_no = g_strdup ("LP00123456789CN");
  shipment->service_name = g_strdup ("CAINIAO_STANDARD");
  shipment->to_country = g_strdup ("FR");
  shipment->shipped_at = shipped_at;
  if (delivered)
    {
      RpTrackingEvent *event = rp_tracking_event_new ();

      event->at = f->now;
      event->description = g_strdup ("Delivered");
      event->action_code = g_strdup ("SIGNIN");
      g_ptr_array_add (shipment->events, event);
      shipment->status = RP_TRACKING_DELIVERED;
      shipment->last_event_at = f->now;
    }
  g_ptr_array_add (list, shipment);
  g_assert_true (rp_store_upsert_shipments_sync (f->store, f->account_id, list, &error));
  g_assert_no_error (error);
}

static void
test_parcels_and_confirmations (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GPtrArray) notify = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sent = NULL;
  g_autofree char *deadline = NULL;

  set_ready (f);

  /* Shipped two days ago, no scan yet: fine for now, and remembered as fine. */
  put_shipment (f, "8100000000000007", f->now - 2 * G_TIME_SPAN_DAY, FALSE);
  wait_for_cursor (f, "notify.confirmations");
  rp_test_notify_iterate (300);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "Notify", 1, 100), ==, 0);

  /* The shipping notice was earlier than it looked: three and a half days without a scan. */
  put_shipment (f, "8100000000000007", f->now - 3 * G_TIME_SPAN_DAY - 12 * G_TIME_SPAN_HOUR, FALSE);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "Notify", 1, 5000), ==, 1);
  notify = rp_test_notify_daemon_calls (f->daemon, "Notify");
  g_assert_cmpstr (call_summary (notify->pdata[0]), ==, "A parcel needs attention");
  assert_shown (f, (const char *[]) { "parcel:1:8100000000000007", NULL });

  /* Delivered: withdrawn. */
  put_shipment (f, "8100000000000007", f->now - 3 * G_TIME_SPAN_DAY - 12 * G_TIME_SPAN_HOUR, TRUE);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "CloseNotification", 1, 5000), ==, 1);
  assert_shown (f, (const char *[]) { NULL });

  /* A confirmation whose window closes now, with no objection: the order can ship. */
  sent = g_strdup (rp_store_confirmation_to_string (RP_CONFIRMATION_SENT));
  deadline = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time ());
  g_assert_true (rp_store_set_order_state_sync (f->store, f->account_id, "8100000000000009",
                                                RP_STORE_ORDER_STATE_CONFIRMATION_DEADLINE,
                                                deadline, &error));
  g_assert_true (rp_store_set_order_state_sync (f->store, f->account_id, "8100000000000009",
                                                RP_STORE_ORDER_STATE_CONFIRMATION, sent, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "Notify", 2, 5000), ==, 2);
  g_clear_pointer (&notify, g_ptr_array_unref);
  notify = rp_test_notify_daemon_calls (f->daemon, "Notify");
  g_assert_cmpstr (call_summary (notify->pdata[1]), ==, "An order can ship");
  assert_shown (f, (const char *[]) { "order:1:8100000000000009", NULL });

  /* Once: the next look does not repeat it. */
  rp_notifier_queue_scan (f->notifier);
  rp_test_notify_iterate (400);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "Notify", 3, 100), ==, 2);

  /* Shipped: withdrawn. */
  g_assert_true (rp_store_set_order_state_sync (f->store, f->account_id, "8100000000000009",
                                                RP_STORE_ORDER_STATE_CONFIRMATION,
                                                rp_store_confirmation_to_string (RP_CONFIRMATION_SHIPPED),
                                                &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "CloseNotification", 2, 5000), ==, 2);
  assert_shown (f, (const char *[]) { NULL });
}

static void
test_reply_later (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) notify = NULL;

  set_ready (f);
  put_conversation (f, "ch-later", "Ana", "Can you send it today?", 1, f->now);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "Notify", 1, 5000), ==, 1);

  /* Reply Later: gone now, back after the delay while still unanswered. */
  rp_notifier_snooze (f->notifier, "conversation:1:ch-later", G_TIME_SPAN_SECOND);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "CloseNotification", 1, 2000), ==, 1);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "Notify", 2, 5000), ==, 2);
  notify = rp_test_notify_daemon_calls (f->daemon, "Notify");
  g_assert_cmpstr (call_summary (notify->pdata[1]), ==, "New message from Ana");

  /* Answered while snoozed: it does not come back. */
  rp_notifier_snooze (f->notifier, "conversation:1:ch-later", G_TIME_SPAN_SECOND);
  put_conversation (f, "ch-later", "Ana", "Can you send it today?", 0, f->now);
  rp_test_notify_iterate (2000);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "Notify", 3, 100), ==, 2);
}

static void
test_active_buyer_with_open_matter (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GPtrArray) notify = NULL;
  g_autoptr(RpConversation) conversation = rp_conversation_new ();
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *deadline = g_strdup_printf ("%" G_GINT64_FORMAT, f->now + G_TIME_SPAN_DAY);
  g_autofree char *body = NULL;

  /* fr1001 has a dispute open since yesterday, due in five days: nothing to say yet. */
  put_dispute (f, "5000000000000003", RP_DISPUTE_STATUS_PROCESSING, f->now - G_TIME_SPAN_DAY,
               f->now + 5 * G_TIME_SPAN_DAY);
  wait_for_cursor (f, "notify.disputes");
  set_ready (f);

  /* fr1001 writes: active now, with the dispute in mind. */
  put_conversation (f, "ch-fr", "fr1001", "I am waiting for my refund", 1, f->now);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "Notify", 1, 5000), ==, 1);
  notify = rp_test_notify_daemon_calls (f->daemon, "Notify");
  g_assert_cmpstr (call_summary (notify->pdata[0]), ==, "fr1001 is active now");
  body = call_body (notify->pdata[0]);
  g_assert_nonnull (strstr (body, "open dispute"));
  g_assert_nonnull (strstr (body, "refund"));

  /* A buyer whose order confirmation waits for an answer writes about that order. */
  g_assert_true (rp_store_set_order_state_sync (f->store, f->account_id, "8100000000000020",
                                                RP_STORE_ORDER_STATE_CONFIRMATION_DEADLINE,
                                                deadline, &error));
  g_assert_true (rp_store_set_order_state_sync (f->store, f->account_id, "8100000000000020",
                                                RP_STORE_ORDER_STATE_CONFIRMATION,
                                                rp_store_confirmation_to_string (RP_CONFIRMATION_SENT),
                                                &error));
  g_assert_no_error (error);
  conversation->channel_id = g_strdup ("8100000000000020");
  conversation->order_id = g_strdup ("8100000000000020");
  conversation->buyer_login_id = g_strdup ("es2002");
  conversation->buyer_name = g_strdup ("Lucía");
  conversation->unread_count = 1;
  conversation->last_message_at = f->now + 1000;
  conversation->last_message_text = g_strdup ("¿Cuándo llega?");
  g_ptr_array_add (list, conversation);
  g_assert_true (rp_store_upsert_conversations_sync (f->store, f->account_id, list, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "Notify", 2, 5000), ==, 2);
  g_clear_pointer (&notify, g_ptr_array_unref);
  g_clear_pointer (&body, g_free);
  notify = rp_test_notify_daemon_calls (f->daemon, "Notify");
  g_assert_cmpstr (call_summary (notify->pdata[1]), ==, "Lucía is active now");
  body = call_body (notify->pdata[1]);
  g_assert_nonnull (strstr (body, "order confirmation"));
}

static void
test_deadline_alert_once (Fixture       *f,
                          gconstpointer  data)
{
  set_ready (f);

  /* Modified "tomorrow" by the marketplace's clock: still one 24 h alert, not one per look. */
  put_dispute_modified (f, "5000000000000004", RP_DISPUTE_STATUS_PROCESSING,
                        f->now - 2 * G_TIME_SPAN_DAY, f->now + G_TIME_SPAN_DAY,
                        f->now + 20 * G_TIME_SPAN_HOUR);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "Notify", 1, 5000), ==, 1);
  for (guint i = 0; i < 3; i++)
    {
      rp_notifier_queue_scan (f->notifier);
      rp_test_notify_iterate (200);
    }
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "Notify", 2, 100), ==, 1);

  /* Down to less than 6 h: the next alert, on the same notification. */
  put_dispute_modified (f, "5000000000000004", RP_DISPUTE_STATUS_PROCESSING,
                        f->now - 2 * G_TIME_SPAN_DAY, f->now + G_TIME_SPAN_DAY,
                        f->now + 5 * G_TIME_SPAN_HOUR);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "Notify", 2, 5000), ==, 2);
  assert_shown (f, (const char *[]) { "dispute:1:5000000000000004", NULL });
}


/* A new notifier over the same cache, as after a restart of the program. */
static void
restart_notifier (Fixture *f)
{
  g_assert_finalize_object (f->notifier);
  f->notifier = rp_notifier_new (f->app, f->context);
  rp_notifier_set_debounce (f->notifier, 50);
}

static void
put_order (Fixture    *f,
           const char *order_id,
           const char *buyer,
           const char *name,
           const char *country,
           const char *city)
{
  g_autoptr(RpOrder) order = rp_order_new ();
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  order->order_id = g_strdup (order_id);
  order->raw_status = g_strdup ("WAIT_SELLER_SEND_GOODS");
  order->status = RP_ORDER_STATUS_TO_SHIP;
  order->created_at = f->now - 3 * G_TIME_SPAN_DAY;
  order->buyer_login_id = g_strdup (buyer);
  order->buyer_name = g_strdup (name);
  order->buyer_country = g_strdup (country);
  order->address.country = g_strdup (country);
  order->address.city = g_strdup (city);
  order->has_detail = TRUE;
  g_ptr_array_add (list, order);
  g_assert_true (rp_store_upsert_orders_sync (f->store, f->account_id, list, &error));
  g_assert_no_error (error);
}

/* A buyer who writes in the same hour of the week, week after week: four messages in the
 * hour starting at @window, for each of the six weeks before it. */
static gint64
put_weekly_history (Fixture    *f,
                    const char *channel,
                    const char *buyer,
                    gint64      window)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  gint64 last = 0;

  for (guint week = 1; week <= 6; week++)
    for (guint m = 0; m < 4; m++)
      {
        RpMessage *message = rp_message_new ();

        message->message_id = g_strdup_printf ("%u%u", week, m);
        message->channel_id = g_strdup (channel);
        message->sender_login_id = g_strdup (buyer);
        message->content = g_strdup ("Any news?");
        message->sent_at = window - week * 7 * G_TIME_SPAN_DAY + (5 + 10 * m) * G_TIME_SPAN_MINUTE;
        last = MAX (last, message->sent_at);
        g_ptr_array_add (list, message);
      }
  g_assert_true (rp_store_upsert_messages_sync (f->store, f->account_id, list, &error));
  g_assert_no_error (error);

  return last;
}

static char *
wall_clock (gint64      when,
            const char *zone_id)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (zone_id);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (when / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;

  g_assert_nonnull (zone);
  local = g_date_time_to_timezone (utc, zone);
  return g_date_time_format (local, "%H:%M");
}

/* The first 19:00 in Berlin at or after @after. */
static gint64
berlin_seven_pm (gint64 after)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (after / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) at = NULL;

  g_assert_nonnull (zone);
  local = g_date_time_to_timezone (utc, zone);
  at = g_date_time_new (zone, g_date_time_get_year (local), g_date_time_get_month (local),
                        g_date_time_get_day_of_month (local), 19, 0, 0);
  while (g_date_time_to_unix (at) * G_USEC_PER_SEC < after)
    {
      GDateTime *next = g_date_time_add_days (at, 1);

      g_date_time_unref (at);
      at = next;
    }

  return g_date_time_to_unix (at) * G_USEC_PER_SEC;
}

static void
test_buyer_likely_online (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) notify = NULL;
  g_autoptr(RpConversation) conversation = rp_conversation_new ();
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *body = NULL;
  g_autofree char *clock = NULL;
  /* Her window opens at 19:00 her time, a few hours ahead.  The hour is fixed, not the next
   * whole hour: an hour inside German evenings (19:00 to 23:00) is likely online by the
   * country's habits alone, so a window starting at 20:00 would already be open at 19:59. */
  gint64 window = berlin_seven_pm (f->now + 3 * G_TIME_SPAN_HOUR);
  gint64 last;

  f->clock_offset = window - 2 * G_TIME_SPAN_HOUR - g_get_real_time ();
  rp_notifier_set_clock (f->notifier, offset_clock, f);

  put_order (f, "8100000000000030", "de3003", "Olga Schmidt", "DE", "Berlin");
  last = put_weekly_history (f, "8100000000000030", "de3003", window);
  conversation->channel_id = g_strdup ("8100000000000030");
  conversation->order_id = g_strdup ("8100000000000030");
  conversation->buyer_login_id = g_strdup ("de3003");
  conversation->buyer_name = g_strdup ("Olga");
  conversation->unread_count = 1;
  conversation->last_message_at = last;
  conversation->last_message_text = g_strdup ("Any news?");
  g_ptr_array_add (list, conversation);
  g_assert_true (rp_store_upsert_conversations_sync (f->store, f->account_id, list, &error));
  g_assert_no_error (error);
  wait_for_cursor (f, "notify.messages");
  set_ready (f);

  /* Two hours before her window: nothing to say. */
  rp_notifier_queue_scan (f->notifier);
  rp_test_notify_iterate (500);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "Notify", 1, 100), ==, 0);

  /* Two seconds before it: the notifier wakes by itself when the window opens. */
  f->clock_offset = window - 2 * G_TIME_SPAN_SECOND - g_get_real_time ();
  rp_notifier_set_clock (f->notifier, offset_clock, f);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "Notify", 1, 8000), ==, 1);
  notify = rp_test_notify_daemon_calls (f->daemon, "Notify");
  clock = wall_clock (window, "Europe/Berlin");
  expected = g_strdup_printf ("Olga is likely online now (%s their time)", clock);
  g_assert_cmpstr (call_summary (notify->pdata[0]), ==, expected);
  body = call_body (notify->pdata[0]);
  g_assert_cmpstr (body, ==, "1 unanswered message.");
  assert_shown (f, (const char *[]) { "buyer:1:de3003", NULL });

  /* Once per window, however often the notifier looks. */
  f->clock_offset = window + 20 * G_TIME_SPAN_MINUTE - g_get_real_time ();
  rp_notifier_set_clock (f->notifier, offset_clock, f);
  rp_test_notify_iterate (400);
  rp_notifier_queue_scan (f->notifier);
  rp_test_notify_iterate (400);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "Notify", 2, 100), ==, 1);

  /* Nor after a restart within the same window. */
  restart_notifier (f);
  rp_notifier_set_clock (f->notifier, offset_clock, f);
  rp_test_notify_iterate (500);
  rp_notifier_queue_scan (f->notifier);
  rp_test_notify_iterate (300);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "Notify", 2, 100), ==, 1);

  /* Her window closed: the notification goes; a week later she is back, and so is it. */
  f->clock_offset = window + 2 * G_TIME_SPAN_HOUR - g_get_real_time ();
  rp_notifier_set_clock (f->notifier, offset_clock, f);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "CloseNotification", 1, 5000), ==, 1);
  f->clock_offset = window + 7 * G_TIME_SPAN_DAY + 10 * G_TIME_SPAN_MINUTE - g_get_real_time ();
  rp_notifier_set_clock (f->notifier, offset_clock, f);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "Notify", 2, 5000), ==, 2);

  /* The switch off: no window is announced. */
  g_settings_set_boolean (f->settings, "notify-buyer-online", FALSE);
  f->clock_offset = window + 14 * G_TIME_SPAN_DAY + 10 * G_TIME_SPAN_MINUTE - g_get_real_time ();
  rp_notifier_set_clock (f->notifier, offset_clock, f);
  rp_test_notify_iterate (500);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "Notify", 3, 100), ==, 2);
  g_settings_reset (f->settings, "notify-buyer-online");
}

static void
test_deadline_alert_survives_restart (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(GPtrArray) notify = NULL;

  /* Known since before the first sync finished, three days from its deadline; then the
   * buyer answers and the deadline comes to 20 hours from now. */
  put_dispute (f, "5000000000000005", RP_DISPUTE_STATUS_PROCESSING, f->now - 2 * G_TIME_SPAN_DAY,
               f->now + 3 * G_TIME_SPAN_DAY);
  wait_for_cursor (f, "notify.disputes");
  set_ready (f);
  put_dispute (f, "5000000000000005", RP_DISPUTE_STATUS_PROCESSING, f->now - 2 * G_TIME_SPAN_DAY,
               f->now + 20 * G_TIME_SPAN_HOUR);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "Notify", 1, 5000), ==, 1);
  notify = rp_test_notify_daemon_calls (f->daemon, "Notify");
  g_assert_cmpstr (call_summary (notify->pdata[0]), ==, "A dispute is due within 24 hours");

  /* Restarted: the 24 h alert was given, so it is not given again. */
  restart_notifier (f);
  rp_notifier_queue_scan (f->notifier);
  rp_test_notify_iterate (500);
  rp_notifier_queue_scan (f->notifier);
  rp_test_notify_iterate (300);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "Notify", 2, 100), ==, 1);

  /* Nor is the next one lost: down to less than 6 h, it comes. */
  put_dispute (f, "5000000000000005", RP_DISPUTE_STATUS_PROCESSING, f->now - 2 * G_TIME_SPAN_DAY,
               f->now + 5 * G_TIME_SPAN_HOUR);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "Notify", 2, 5000), ==, 2);
  g_clear_pointer (&notify, g_ptr_array_unref);
  notify = rp_test_notify_daemon_calls (f->daemon, "Notify");
  g_assert_cmpstr (call_summary (notify->pdata[1]), ==, "A dispute is due within 6 hours");

  /* And after one more restart, neither repeats. */
  restart_notifier (f);
  rp_notifier_queue_scan (f->notifier);
  rp_test_notify_iterate (500);
  g_assert_cmpuint (rp_test_notify_daemon_wait (f->daemon, "Notify", 3, 100), ==, 2);
}

static void
test_quiet_hours_rule (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) night = g_date_time_new (utc, 2026, 3, 1, 23, 30, 0);
  g_autoptr(GDateTime) morning = g_date_time_new (utc, 2026, 3, 1, 6, 59, 0);
  g_autoptr(GDateTime) seven = g_date_time_new (utc, 2026, 3, 1, 7, 0, 0);
  g_autoptr(GDateTime) noon = g_date_time_new (utc, 2026, 3, 1, 12, 0, 0);

  /* 22:00 to 07:00, across midnight */
  g_assert_true (rp_notifier_in_quiet_hours (22 * 60, 7 * 60, night));
  g_assert_true (rp_notifier_in_quiet_hours (22 * 60, 7 * 60, morning));
  g_assert_false (rp_notifier_in_quiet_hours (22 * 60, 7 * 60, seven));
  g_assert_false (rp_notifier_in_quiet_hours (22 * 60, 7 * 60, noon));
  /* 12:00 to 13:00, within a day */
  g_assert_true (rp_notifier_in_quiet_hours (12 * 60, 13 * 60, noon));
  g_assert_false (rp_notifier_in_quiet_hours (12 * 60, 13 * 60, night));
  /* equal ends: none */
  g_assert_false (rp_notifier_in_quiet_hours (12 * 60, 12 * 60, noon));
}

int
main (int   argc,
      char *argv[])
{
  /* The freedesktop backend talks to org.freedesktop.Notifications, which the mock owns. */
  g_setenv ("GNOTIFICATION_BACKEND", "freedesktop", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rapport/app/notifier/quiet-hours-rule", test_quiet_hours_rule);
  g_test_add ("/rapport/app/notifier/first-sync-does-not-flood", Fixture, NULL,
              fixture_setup, test_first_sync_does_not_flood, fixture_teardown);
  g_test_add ("/rapport/app/notifier/stable-ids-and-withdrawal", Fixture, NULL,
              fixture_setup, test_stable_ids_and_withdrawal, fixture_teardown);
  g_test_add ("/rapport/app/notifier/parcels-and-confirmations", Fixture, NULL,
              fixture_setup, test_parcels_and_confirmations, fixture_teardown);
  g_test_add ("/rapport/app/notifier/active-buyer-with-open-matter", Fixture, NULL,
              fixture_setup, test_active_buyer_with_open_matter, fixture_teardown);
  g_test_add ("/rapport/app/notifier/deadline-alert-once", Fixture, NULL,
              fixture_setup, test_deadline_alert_once, fixture_teardown);
  g_test_add ("/rapport/app/notifier/deadline-alert-survives-restart", Fixture, NULL,
              fixture_setup, test_deadline_alert_survives_restart, fixture_teardown);
  g_test_add ("/rapport/app/notifier/buyer-likely-online", Fixture, NULL,
              fixture_setup, test_buyer_likely_online, fixture_teardown);
  g_test_add ("/rapport/app/notifier/reply-later", Fixture, NULL,
              fixture_setup, test_reply_later, fixture_teardown);
  g_test_add ("/rapport/app/notifier/switches-and-quiet-hours", Fixture, NULL,
              fixture_setup, test_switches_and_quiet_hours, fixture_teardown);

  return g_test_run ();
}
