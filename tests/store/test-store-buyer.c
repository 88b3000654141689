/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store-buyer"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "rp-store-buyer.h"

#define T0 (G_GINT64_CONSTANT (1764000000) * G_USEC_PER_SEC)
#define SECOND G_GINT64_CONSTANT (1000000)

typedef struct
{
  char    *dir;
  RpStore *store;
  gint64   account;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(RpStoreAccount) account = rp_store_account_new ();
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("rp-store-buyer-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "rapport.db", NULL);
  f->store = rp_store_new (path);
  g_assert_true (rp_store_open_sync (f->store, &error));
  g_assert_no_error (error);

  account->marketplace = g_strdup ("aliexpress");
  account->base_url = g_strdup ("http://127.0.0.1:1");
  account->app_key = g_strdup ("sandbox");
  account->name = g_strdup ("Main store");
  account->seller_id = g_strdup ("2000001");
  f->account = rp_store_add_account_sync (f->store, account, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  rp_store_close (f->store);
  g_assert_finalize_object (f->store);

  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);

      g_unlink (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static RpOrder *
make_order (gint64  account,
            guint   n)
{
  RpOrder *order = rp_order_new ();

  order->account_id = account;
  order->order_id = g_strdup_printf ("81%014u", n);
  order->raw_status = g_strdup ("WAIT_SELLER_SEND_GOODS");
  order->status = rp_order_status_from_marketplace (order->raw_status);
  order->created_at = T0 + (gint64) n * 60 * SECOND;
  order->modified_at = order->created_at;
  order->buyer_login_id = g_strdup_printf ("buyer%u", n % 997);
  order->buyer_name = g_strdup_printf ("Buyer %u", n % 997);
  order->total.cents = 1000 + n;
  memcpy (order->total.currency, "USD", 3);
  if (n == 5)
    {
      order->has_detail = TRUE;
      order->buyer_country = g_strdup ("US");
      order->address.country = g_strdup ("US");
      order->address.province = g_strdup ("California");
      order->address.city = g_strdup ("Los Angeles");
    }

  return order;
}

static RpMessage *
make_message (const char *channel_id,
              const char *message_id,
              const char *content,
              gint64      sent_at)
{
  RpMessage *message = rp_message_new ();

  message->channel_id = g_strdup (channel_id);
  message->message_id = g_strdup (message_id);
  message->content = g_strdup (content);
  message->sent_at = sent_at;
  message->sender_login_id = g_strdup ("buyer5");
  message->message_type = g_strdup ("order");

  return message;
}

static RpDispute *
make_dispute (const char *issue_id,
              const char *order_id,
              const char *buyer,
              gint64      created_at)
{
  RpDispute *dispute = rp_dispute_new ();

  dispute->issue_id = g_strdup (issue_id);
  dispute->order_id = g_strdup (order_id);
  dispute->buyer_login_id = g_strdup (buyer);
  dispute->raw_status = g_strdup ("processing");
  dispute->status = RP_DISPUTE_STATUS_PROCESSING;
  dispute->reason = g_strdup ("Item not as described");
  dispute->created_at = created_at;
  dispute->modified_at = created_at;

  return dispute;
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  *(GAsyncResult **)data = g_object_ref (result);
}

static void
fill (Fixture *f)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) conversations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) disputes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  RpMessage *own;

  /* buyer5 has orders 5 and 1002 (n % 997); the others belong to other buyers. */
  for (guint n = 1; n <= 1010; n++)
    g_ptr_array_add (orders, make_order (f->account, n));
  g_assert_true (rp_store_upsert_orders_sync (f->store, f->account, orders, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 3; i++)
    {
      RpConversation *conversation = rp_conversation_new ();

      conversation->channel_id = g_strdup_printf ("channel-%u", i);
      /* Two conversations with buyer5 (an order one and a general one), one with another. */
      conversation->buyer_login_id = g_strdup (i < 2 ? "buyer5" : "buyer6");
      conversation->last_message_at = T0;
      g_ptr_array_add (conversations, conversation);
    }
  g_assert_true (rp_store_upsert_conversations_sync (f->store, f->account, conversations, &error));
  g_assert_no_error (error);

  g_ptr_array_add (messages, make_message ("channel-0", "b-1", "Hello, where is it?", T0 + 10 * SECOND));
  g_ptr_array_add (messages, make_message ("channel-1", "b-2", "Any news?", T0 + 30 * SECOND));
  g_ptr_array_add (messages, make_message ("channel-0", "b-3", "Thanks!", T0 + 50 * SECOND));
  own = make_message ("channel-0", "s-1", "It left today.", T0 + 40 * SECOND);
  own->is_own = TRUE;
  g_ptr_array_add (messages, own);
  g_ptr_array_add (messages, make_message ("channel-2", "o-1", "Not this buyer", T0 + 20 * SECOND));
  g_assert_true (rp_store_upsert_messages_sync (f->store, f->account, messages, &error));
  g_assert_no_error (error);

  g_ptr_array_add (disputes, make_dispute ("9100000000000005", "8100000000000005", "buyer5", T0));
  /* Listed before its detail was read: no buyer yet, but its order (1002) is buyer5's. */
  g_ptr_array_add (disputes, make_dispute ("9100000000000006", "8100000000001002", NULL, T0 + 100 * SECOND));
  g_ptr_array_add (disputes, make_dispute ("9100000000000007", "8100000000000006", "buyer6", T0));
  g_assert_true (rp_store_upsert_disputes_sync (f->store, f->account, disputes, &error));
  g_assert_no_error (error);
}

static void
test_history (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(RpStoreBuyerHistory) history = NULL;
  g_autoptr(RpStoreBuyerHistory) limited = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RpOrder *order;

  fill (f);

  rp_store_get_buyer_history_async (f->store, f->account, "buyer5", 0, NULL, result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  history = rp_store_get_buyer_history_finish (f->store, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (history);

  /* Orders newest first, with what the panel shows of them. */
  g_assert_cmpuint (history->orders->len, ==, 2);
  g_assert_cmpstr (((RpOrder *)history->orders->pdata[0])->order_id, ==, "8100000000001002");
  order = history->orders->pdata[1];
  g_assert_cmpstr (order->order_id, ==, "8100000000000005");
  g_assert_cmpint (order->status, ==, RP_ORDER_STATUS_TO_SHIP);
  g_assert_cmpint (order->total.cents, ==, 1005);
  g_assert_cmpstr (order->total.currency, ==, "USD");
  g_assert_cmpstr (order->address.country, ==, "US");
  g_assert_cmpstr (order->address.province, ==, "California");
  g_assert_cmpstr (order->address.city, ==, "Los Angeles");

  g_assert_cmpuint (history->disputes->len, ==, 2);
  g_assert_cmpstr (((RpDispute *)history->disputes->pdata[0])->issue_id, ==, "9100000000000006");
  g_assert_cmpstr (((RpDispute *)history->disputes->pdata[1])->issue_id, ==, "9100000000000005");
  g_assert_cmpstr (((RpDispute *)history->disputes->pdata[1])->reason, ==, "Item not as described");

  /* Only what the buyer wrote, from both conversations, oldest first. */
  g_assert_cmpuint (history->messages->len, ==, 3);
  g_assert_cmpstr (((RpMessage *)history->messages->pdata[0])->message_id, ==, "b-1");
  g_assert_cmpstr (((RpMessage *)history->messages->pdata[1])->message_id, ==, "b-2");
  g_assert_cmpstr (((RpMessage *)history->messages->pdata[2])->message_id, ==, "b-3");
  g_assert_cmpint (((RpMessage *)history->messages->pdata[2])->sent_at, ==, T0 + 50 * SECOND);
  g_assert_cmpstr (((RpMessage *)history->messages->pdata[2])->content, ==, "Thanks!");

  /* The limit keeps the newest. */
  limited = rp_store_get_buyer_history_sync (f->store, f->account, "buyer5", 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (limited->messages->len, ==, 2);
  g_assert_cmpstr (((RpMessage *)limited->messages->pdata[0])->message_id, ==, "b-2");
  g_assert_cmpstr (((RpMessage *)limited->messages->pdata[1])->message_id, ==, "b-3");
}

static void
test_unknown_and_hostile (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(RpStoreBuyerHistory) nobody = NULL;
  g_autoptr(RpStoreBuyerHistory) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RpStore) closed = NULL;
  g_autoptr(RpStoreBuyerHistory) none = NULL;
  g_autofree char *missing = NULL;

  fill (f);

  /* A buyer the cache does not know has an empty history; text that looks like SQL is
   * only text. */
  nobody = rp_store_get_buyer_history_sync (f->store, f->account, "x' OR '1'='1", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (nobody->orders->len, ==, 0);
  g_assert_cmpuint (nobody->disputes->len, ==, 0);
  g_assert_cmpuint (nobody->messages->len, ==, 0);

  /* Another account's buyer of the same name is not this one. */
  other = rp_store_get_buyer_history_sync (f->store, f->account + 1, "buyer5", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (other->orders->len, ==, 0);

  /* A cache that is not there is an error, not an empty buyer. */
  missing = g_build_filename (f->dir, "missing.db", NULL);
  closed = rp_store_new (missing);
  none = rp_store_get_buyer_history_sync (closed, 1, "buyer5", 0, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, RP_STORE_ERROR, RP_STORE_ERROR_NOT_OPEN);
}

/* Send later: the buyer's scheduled items and when they go. */
static void
test_scheduled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(RpOutboxItem) item = NULL;
  g_autoptr(RpOutboxItem) other = NULL;
  g_autoptr(RpMessage) echo = rp_message_new ();
  g_autoptr(RpStoreBuyerHistory) history = NULL;
  g_autoptr(RpStoreBuyerHistory) moved = NULL;
  g_autoptr(GError) error = NULL;
  gint64 later = T0 + 3600 * SECOND;
  gint64 id, queued;

  fill (f);

  item = rp_outbox_item_new (RP_OUTBOX_KIND_MESSAGE, f->account, "channel-1", "{}");
  item->state = RP_OUTBOX_SCHEDULED;
  item->not_before = later;
  echo->channel_id = g_strdup ("channel-1");
  echo->content = g_strdup ("Good morning!");
  echo->is_own = TRUE;
  echo->sent_at = later;
  id = rp_store_outbox_enqueue_sync (f->store, item, echo, &error);
  g_assert_no_error (error);

  /* Sent at once: not scheduled. */
  other = rp_outbox_item_new (RP_OUTBOX_KIND_MESSAGE, f->account, "channel-0", "{}");
  queued = rp_store_outbox_enqueue_sync (f->store, other, NULL, &error);
  g_assert_no_error (error);

  history = rp_store_get_buyer_history_sync (f->store, f->account, "buyer5", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (history->scheduled), ==, 1);
  g_assert_cmpint (rp_store_buyer_history_get_scheduled (history, id), ==, later);
  g_assert_cmpint (rp_store_buyer_history_get_scheduled (history, queued), ==, 0);
  /* The seller's own echo is not the buyer's activity. */
  g_assert_cmpuint (history->messages->len, ==, 3);

  /* Moved on, it is read at its new time. */
  g_assert_true (rp_store_outbox_set_state_sync (f->store, id, RP_OUTBOX_SCHEDULED, NULL, NULL,
                                                 later + 7200 * SECOND, &error));
  g_assert_no_error (error);
  moved = rp_store_get_buyer_history_sync (f->store, f->account, "buyer5", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rp_store_buyer_history_get_scheduled (moved, id), ==, later + 7200 * SECOND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/rapport/store/buyer/history", Fixture, NULL, fixture_setup, test_history,
              fixture_teardown);
  g_test_add ("/rapport/store/buyer/unknown-and-hostile", Fixture, NULL, fixture_setup,
              test_unknown_and_hostile, fixture_teardown);
  g_test_add ("/rapport/store/buyer/scheduled", Fixture, NULL, fixture_setup, test_scheduled,
              fixture_teardown);

  return g_test_run ();
}
