/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-notifier-reads"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "rp-store.h"
#include "rp-test-store.h"
#include "rp-store-today.h"

/* What the notifier's scan reads of the cache: only the rows its rules can act on.  Each
 * test stores rows that must come back beside rows that must not, so that a read of whole
 * tables (what the scan once did, and what kept ~140 MiB resident with 100,000 orders)
 * fails here. */

#define T0 RP_TEST_STORE_T0
#define SECOND G_GINT64_CONSTANT (1000000)

typedef RpTestStore Fixture;

static RpConversation *
make_conversation (const char *channel_id,
                   const char *buyer,
                   const char *order_id,
                   int         unread,
                   gboolean    own)
{
  RpConversation *conversation = rp_conversation_new ();

  conversation->channel_id = g_strdup (channel_id);
  conversation->buyer_login_id = g_strdup (buyer);
  conversation->buyer_name = g_strdup_printf ("Name of %s", buyer);
  conversation->order_id = g_strdup (order_id);
  conversation->unread_count = unread;
  conversation->read = unread == 0;
  conversation->last_message_at = T0;
  conversation->last_message_is_own = own;
  conversation->last_message_text = g_strdup ("Where is my parcel?");

  return conversation;
}

static RpDispute *
make_dispute (const char      *issue_id,
              const char      *buyer,
              RpDisputeStatus  status)
{
  RpDispute *dispute = rp_dispute_new ();

  dispute->issue_id = g_strdup (issue_id);
  dispute->order_id = g_strdup_printf ("order-of-%s", issue_id);
  dispute->buyer_login_id = g_strdup (buyer);
  dispute->status = status;
  dispute->deadline = T0 + 3600 * SECOND;
  dispute->created_at = T0;

  return dispute;
}

static RpOrder *
make_order (const char *order_id,
            const char *buyer)
{
  RpOrder *order = rp_order_new ();

  order->order_id = g_strdup (order_id);
  order->raw_status = g_strdup ("WAIT_SELLER_SEND_GOODS");
  order->status = rp_order_status_from_marketplace (order->raw_status);
  order->created_at = T0;
  order->modified_at = T0;
  order->buyer_login_id = g_strdup (buyer);

  return order;
}

static void
set_state (Fixture    *f,
           gint64      account,
           const char *order_id,
           const char *key,
           const char *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rp_store_set_order_state_sync (f->store, account, order_id, key, value, &error));
  g_assert_no_error (error);
}

static char *
channels_of (GPtrArray *conversations)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < conversations->len; i++)
    {
      RpConversation *conversation = conversations->pdata[i];

      g_string_append_printf (out, "%s%s", i > 0 ? " " : "", conversation->channel_id);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Conversations waiting for the seller, and every conversation of a buyer with something
 * open; never a quiet buyer's, never another store's. */
static void
test_conversations (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) conversations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) other = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) disputes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RpStoreToday) reader = NULL;
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *channels = NULL;
  RpConversation *first;

  /* b1 waits (c-1) and has an answered conversation too (c-2). */
  g_ptr_array_add (conversations, make_conversation ("c-1", "b1", NULL, 2, FALSE));
  g_ptr_array_add (conversations, make_conversation ("c-2", "b1", NULL, 0, TRUE));
  /* b2 has nothing open. */
  g_ptr_array_add (conversations, make_conversation ("c-3", "b2", NULL, 0, FALSE));
  /* b3 has a dispute in progress, b4 only a closed one. */
  g_ptr_array_add (conversations, make_conversation ("c-4", "b3", NULL, 0, TRUE));
  g_ptr_array_add (conversations, make_conversation ("c-5", "b4", NULL, 0, TRUE));
  /* b5 has not answered the confirmation of o-sent (asked about in c-6), and wrote in c-7. */
  g_ptr_array_add (conversations, make_conversation ("c-6", "b5", "o-sent", 0, TRUE));
  g_ptr_array_add (conversations, make_conversation ("c-7", "b5", NULL, 0, TRUE));
  /* b6's order is ready to ship: nothing waits for the buyer. */
  g_ptr_array_add (conversations, make_conversation ("c-8", "b6", "o-ready", 0, TRUE));
  /* b7 bought o-7, whose confirmation waits, and never spoke of it. */
  g_ptr_array_add (conversations, make_conversation ("c-9", "b7", NULL, 0, TRUE));
  /* Waiting, from a buyer without a login id. */
  g_ptr_array_add (conversations, make_conversation ("c-10", "", NULL, 1, FALSE));
  /* Unread, but the seller wrote last. */
  g_ptr_array_add (conversations, make_conversation ("c-11", "b8", NULL, 3, TRUE));
  /* Another store: b2 waits there, which opens nothing here. */
  g_ptr_array_add (other, make_conversation ("c-1", "b2", NULL, 5, FALSE));

  g_ptr_array_add (disputes, make_dispute ("i-1", "b3", RP_DISPUTE_STATUS_PROCESSING));
  g_ptr_array_add (disputes, make_dispute ("i-2", "b4", RP_DISPUTE_STATUS_FINISHED));
  g_ptr_array_add (orders, make_order ("o-7", "b7"));
  g_ptr_array_add (orders, make_order ("o-sent", "b5"));

  g_assert_true (rp_store_upsert_conversations_sync (f->store, f->account, conversations, &error));
  g_assert_true (rp_store_upsert_conversations_sync (f->store, f->other, other, &error));
  g_assert_true (rp_store_upsert_disputes_sync (f->store, f->account, disputes, &error));
  g_assert_true (rp_store_upsert_orders_sync (f->store, f->account, orders, &error));
  g_assert_no_error (error);
  set_state (f, f->account, "o-sent", RP_STORE_ORDER_STATE_CONFIRMATION, "sent");
  set_state (f, f->account, "o-7", RP_STORE_ORDER_STATE_CONFIRMATION, "sent");
  set_state (f, f->account, "o-ready", RP_STORE_ORDER_STATE_CONFIRMATION, "ready-to-ship");

  reader = rp_store_today_open (f->store, &error);
  g_assert_no_error (error);

  read = rp_store_today_list_notice_conversations (reader, f->account, NULL, &error);
  g_assert_no_error (error);
  channels = channels_of (read);
  g_assert_cmpstr (channels, ==, "c-1 c-2 c-4 c-6 c-7 c-9 c-10");

  /* The rows as the lists read them. */
  first = read->pdata[0];
  g_assert_cmpint (first->account_id, ==, f->account);
  g_assert_cmpstr (first->buyer_login_id, ==, "b1");
  g_assert_cmpstr (first->buyer_name, ==, "Name of b1");
  g_assert_cmpint (first->unread_count, ==, 2);
  g_assert_false (first->last_message_is_own);
  g_assert_cmpint (first->last_message_at, ==, T0);
  g_assert_cmpstr (first->last_message_text, ==, "Where is my parcel?");

  /* The other store: its own waiting conversation only. */
  g_clear_pointer (&read, g_ptr_array_unref);
  g_clear_pointer (&channels, g_free);
  read = rp_store_today_list_notice_conversations (reader, f->other, NULL, &error);
  g_assert_no_error (error);
  channels = channels_of (read);
  g_assert_cmpstr (channels, ==, "c-1");
  g_assert_cmpint (((RpConversation *)read->pdata[0])->account_id, ==, f->other);
}

static void
test_disputes (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) disputes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) other = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RpStoreToday) reader = NULL;
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 9; i++)
    {
      g_autofree char *issue = g_strdup_printf ("i-%u", i);

      g_ptr_array_add (disputes, make_dispute (issue, "b1", i % 3 == 0 ? RP_DISPUTE_STATUS_PROCESSING
                                                                       : RP_DISPUTE_STATUS_FINISHED));
    }
  g_ptr_array_add (other, make_dispute ("i-100", "b1", RP_DISPUTE_STATUS_PROCESSING));
  g_assert_true (rp_store_upsert_disputes_sync (f->store, f->account, disputes, &error));
  g_assert_true (rp_store_upsert_disputes_sync (f->store, f->other, other, &error));
  g_assert_no_error (error);

  reader = rp_store_today_open (f->store, &error);
  g_assert_no_error (error);
  read = rp_store_today_list_open_disputes (reader, f->account, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (read->len, ==, 3);
  for (guint i = 0; i < read->len; i++)
    {
      RpDispute *dispute = read->pdata[i];
      g_autofree char *issue = g_strdup_printf ("i-%u", 3 * i);

      g_assert_cmpstr (dispute->issue_id, ==, issue);
      g_assert_cmpint (dispute->account_id, ==, f->account);
      g_assert_cmpint (dispute->status, ==, RP_DISPUTE_STATUS_PROCESSING);
      g_assert_cmpstr (dispute->buyer_login_id, ==, "b1");
      g_assert_cmpint (dispute->deadline, ==, T0 + 3600 * SECOND);
      g_assert_cmpint (dispute->created_at, ==, T0);
    }
}

static void
test_confirmations (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(RpStoreToday) reader = NULL;
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *deadline = g_strdup_printf ("%" G_GINT64_FORMAT, T0 + 7200 * SECOND);
  RpStoreTodayConfirmation *confirmation;

  set_state (f, f->account, "o-sent", RP_STORE_ORDER_STATE_CONFIRMATION, "sent");
  set_state (f, f->account, "o-sent", RP_STORE_ORDER_STATE_CONFIRMATION_DEADLINE, deadline);
  set_state (f, f->account, "o-ready", RP_STORE_ORDER_STATE_CONFIRMATION, "ready-to-ship");
  set_state (f, f->account, "o-none", RP_STORE_ORDER_STATE_CONFIRMATION, "none");
  set_state (f, f->account, "o-review", RP_STORE_ORDER_STATE_CONFIRMATION, "needs-review");
  set_state (f, f->account, "o-shipped", RP_STORE_ORDER_STATE_CONFIRMATION, "shipped");
  set_state (f, f->account, "o-shipped", RP_STORE_ORDER_STATE_CONFIRMATION_DEADLINE, deadline);
  set_state (f, f->account, "o-deadline-only", RP_STORE_ORDER_STATE_CONFIRMATION_DEADLINE, deadline);
  set_state (f, f->account, "o-other-key", "note", "sent");
  set_state (f, f->other, "o-elsewhere", RP_STORE_ORDER_STATE_CONFIRMATION, "sent");

  reader = rp_store_today_open (f->store, &error);
  g_assert_no_error (error);
  read = rp_store_today_list_waiting_confirmations (reader, f->account, NULL, &error);
  g_assert_no_error (error);

  /* By order id. */
  g_assert_cmpuint (read->len, ==, 2);
  confirmation = read->pdata[0];
  g_assert_cmpstr (confirmation->order_id, ==, "o-ready");
  g_assert_cmpint (confirmation->state, ==, RP_CONFIRMATION_READY_TO_SHIP);
  g_assert_cmpint (confirmation->deadline, ==, 0);
  confirmation = read->pdata[1];
  g_assert_cmpstr (confirmation->order_id, ==, "o-sent");
  g_assert_cmpint (confirmation->state, ==, RP_CONFIRMATION_SENT);
  g_assert_cmpint (confirmation->deadline, ==, T0 + 7200 * SECOND);
}

static void
collect_parcel_cb (RpShipment *parcel,
                   gpointer    user_data)
{
  GPtrArray *seen = user_data;

  /* The parcel is freed after the call: keep what the test looks at. */
  g_ptr_array_add (seen, g_strdup_printf ("%s %u", parcel->order_id, parcel->events->len));
}

/* The parcels the tracking sync still follows, one at a time: a parcel never asked about
 * is among them (it may be late already), a delivered one with its timeline is not. */
static void
test_open_parcels (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) parcels = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) other = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(RpStoreToday) reader = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (parcels, rp_test_store_make_parcel ("o-1", RP_TRACKING_IN_TRANSIT,
                                                       T0 + 20 * SECOND, 3));
  g_ptr_array_add (parcels, rp_test_store_make_parcel ("o-2", RP_TRACKING_DELIVERED,
                                                       T0 + 10 * SECOND, 4));
  g_ptr_array_add (parcels, rp_test_store_make_parcel ("o-3", RP_TRACKING_IN_TRANSIT, 0, 0));
  g_ptr_array_add (parcels, rp_test_store_make_parcel ("o-4", RP_TRACKING_DELIVERED,
                                                       T0 + 5 * SECOND, 0));
  g_ptr_array_add (parcels, rp_test_store_make_parcel ("o-5", RP_TRACKING_IN_TRANSIT,
                                                       T0 + 10 * SECOND, 1));
  g_ptr_array_add (other, rp_test_store_make_parcel ("o-9", RP_TRACKING_IN_TRANSIT, T0, 2));
  g_assert_true (rp_store_upsert_shipments_sync (f->store, f->account, parcels, &error));
  g_assert_true (rp_store_upsert_shipments_sync (f->store, f->other, other, &error));
  g_assert_no_error (error);

  reader = rp_store_today_open (f->store, &error);
  g_assert_no_error (error);
  g_assert_true (rp_store_today_foreach_open_parcel (reader, f->account, collect_parcel_cb, seen,
                                                     NULL, &error));
  g_assert_no_error (error);

  /* The least recently asked about first, each with its whole timeline. */
  g_assert_cmpuint (seen->len, ==, 4);
  g_assert_cmpstr (seen->pdata[0], ==, "o-3 0");
  g_assert_cmpstr (seen->pdata[1], ==, "o-4 0");
  g_assert_cmpstr (seen->pdata[2], ==, "o-5 1");
  g_assert_cmpstr (seen->pdata[3], ==, "o-1 3");
}

/* A read that is cancelled gives the cancellation, not rows. */
static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) conversations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(RpStoreToday) reader = NULL;
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (conversations, make_conversation ("c-1", "b1", NULL, 2, FALSE));
  g_assert_true (rp_store_upsert_conversations_sync (f->store, f->account, conversations, &error));
  g_assert_no_error (error);

  reader = rp_store_today_open (f->store, &error);
  g_assert_no_error (error);
  g_cancellable_cancel (cancellable);
  read = rp_store_today_list_notice_conversations (reader, f->account, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (read);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/rapport/store/notifier-reads/conversations", Fixture, NULL, rp_test_store_setup,
              test_conversations, rp_test_store_teardown);
  g_test_add ("/rapport/store/notifier-reads/disputes", Fixture, NULL, rp_test_store_setup,
              test_disputes, rp_test_store_teardown);
  g_test_add ("/rapport/store/notifier-reads/confirmations", Fixture, NULL, rp_test_store_setup,
              test_confirmations, rp_test_store_teardown);
  g_test_add ("/rapport/store/notifier-reads/open-parcels", Fixture, NULL, rp_test_store_setup,
              test_open_parcels, rp_test_store_teardown);
  g_test_add ("/rapport/store/notifier-reads/cancelled", Fixture, NULL, rp_test_store_setup,
              test_cancelled, rp_test_store_teardown);

  return g_test_run ();
}
