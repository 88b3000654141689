/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store-rows"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "rp-store.h"
#include "rp-test-store.h"
#include "rp-store-list-model.h"
#include "rp-store-today.h"

/* The list models keep their rows packed and make objects on demand: the objects must be
 * the store's rows field for field, and a position must give the same object while anyone
 * holds it.  Today reads only the rows its rules start from. */

#define T0 RP_TEST_STORE_T0
#define SECOND G_GINT64_CONSTANT (1000000)
#define N_ORDERS 300

typedef RpTestStore Fixture;

static void
wait_until_loaded (RpStoreListModel *model)
{
  while (rp_store_list_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
}

static RpOrder *
make_order (gint64 account_id,
            guint  n)
{
  RpOrder *order = rp_order_new ();

  order->account_id = account_id;
  order->order_id = g_strdup_printf ("81%014u", n);
  order->raw_status = g_strdup (n % 3 == 0 ? "WAIT_SELLER_SEND_GOODS" : "FINISH");
  order->status = rp_order_status_from_marketplace (order->raw_status);
  order->issue_status = n % 5 == 0 ? g_strdup ("IN_ISSUE") : NULL;
  order->created_at = T0 + (gint64)n * 60 * SECOND;
  order->paid_at = order->created_at + 60 * SECOND;
  order->modified_at = order->created_at + 3600 * SECOND;
  order->ship_by = n % 3 == 0 ? order->created_at + 5 * 86400 * SECOND : 0;
  order->buyer_login_id = g_strdup_printf ("buyer%u", n % 17);
  /* Empty, markup and non-ASCII text must come back as they were. */
  order->buyer_name = n % 7 == 0 ? g_strdup ("") : g_strdup_printf ("Émile <b>%u</b>", n);
  order->buyer_country = g_strdup (n % 2 == 0 ? "FR" : "BR");
  order->total.cents = 1000 + n;
  memcpy (order->total.currency, n % 2 == 0 ? "EUR" : "USD", 3);
  order->memo = n % 4 == 0 ? g_strdup ("Leave it at the door\n— merci") : NULL;
  order->address.contact_person = g_strdup_printf ("Contact %u", n);
  order->address.country = g_strdup (n % 2 == 0 ? "FR" : "BR");
  order->address.province = g_strdup ("Île-de-France");
  order->address.city = g_strdup ("Paris");
  order->address.zip = g_strdup_printf ("75%03u", n % 1000);
  order->has_detail = n % 2 == 0;
  /* Numbers are packed in few bytes: times off the whole second, before 1970 and at the
   * ends of the range, and totals below zero, must come back as they were. */
  if (n == 11)
    order->paid_at = order->created_at + 1;
  else if (n == 13)
    order->ship_by = -86400 * SECOND;
  else if (n == 17)
    order->accept_by = G_MAXINT64;
  else if (n == 19)
    order->accept_by = G_MININT64;
  else if (n == 23)
    order->total.cents = -2500;

  return order;
}

static void
assert_same_order (RpOrder *a,
                   RpOrder *b)
{
  g_assert_cmpint (a->account_id, ==, b->account_id);
  g_assert_cmpstr (a->order_id, ==, b->order_id);
  g_assert_cmpstr (a->raw_status, ==, b->raw_status);
  g_assert_cmpint (a->status, ==, b->status);
  g_assert_cmpstr (a->issue_status, ==, b->issue_status);
  g_assert_cmpstr (a->logistics_status, ==, b->logistics_status);
  g_assert_cmpint (a->created_at, ==, b->created_at);
  g_assert_cmpint (a->paid_at, ==, b->paid_at);
  g_assert_cmpint (a->modified_at, ==, b->modified_at);
  g_assert_cmpint (a->ship_by, ==, b->ship_by);
  g_assert_cmpint (a->accept_by, ==, b->accept_by);
  g_assert_cmpstr (a->buyer_login_id, ==, b->buyer_login_id);
  g_assert_cmpstr (a->buyer_name, ==, b->buyer_name);
  g_assert_cmpstr (a->buyer_country, ==, b->buyer_country);
  g_assert_cmpint (a->total.cents, ==, b->total.cents);
  g_assert_cmpstr (a->total.currency, ==, b->total.currency);
  g_assert_cmpstr (a->memo, ==, b->memo);
  g_assert_cmpstr (a->address.country, ==, b->address.country);
  g_assert_cmpstr (a->address.province, ==, b->address.province);
  g_assert_cmpstr (a->address.city, ==, b->address.city);
  g_assert_cmpint (a->has_detail, ==, b->has_detail);
  g_assert_cmpint (a->confirmation, ==, b->confirmation);
  g_assert_cmpint (a->confirmation_deadline, ==, b->confirmation_deadline);
}

static guint
find_order (GListModel *model,
            const char *order_id)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RpOrder) order = g_list_model_get_item (model, i);

      if (g_strcmp0 (order->order_id, order_id) == 0)
        return i;
    }

  g_assert_not_reached ();
}

static void
count_cb (guint *count)
{
  (*count)++;
}

static void
test_packed_orders (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RpStoreListModel) model = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RpOrder) held = NULL;
  g_autoptr(RpOrder) changed = NULL;
  GListModel *list;
  guint n_changes = 0;
  guint position;

  for (guint i = 0; i < N_ORDERS; i++)
    g_ptr_array_add (orders, make_order (f->account, i));
  g_assert_true (rp_store_upsert_orders_sync (f->store, f->account, orders, &error));
  g_assert_no_error (error);
  g_assert_true (rp_store_set_order_state_sync (f->store, f->account, "8100000000000003",
                                                "confirmation", "sent", &error));
  g_assert_no_error (error);

  model = rp_store_list_model_new (f->store, RP_STORE_LIST_ORDERS, 0);
  list = G_LIST_MODEL (model);
  wait_until_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, N_ORDERS);

  /* Every row, field for field, as the store reads the order on its own; the street and
   * zip are the whole order's, not a list row's. */
  for (guint i = 0; i < N_ORDERS; i++)
    {
      g_autoptr(RpOrder) row = g_list_model_get_item (list, i);
      g_autoptr(RpOrder) stored = rp_store_get_order_sync (f->store, row->account_id,
                                                           row->order_id, &error);

      g_assert_no_error (error);
      g_assert_nonnull (stored);
      g_assert_true (RP_IS_ORDER (row));
      g_assert_nonnull (row->items);
      assert_same_order (row, stored);
      g_assert_nonnull (stored->address.zip);
      g_assert_null (row->address.zip);
    }

  /* Newest first, as ever. */
  {
    g_autoptr(RpOrder) first = g_list_model_get_item (list, 0);

    g_assert_cmpstr (first->order_id, ==, "8100000000000299");
  }

  /* The same object for the same position while it is held... */
  held = g_list_model_get_item (list, 10);
  {
    g_autoptr(RpOrder) again = g_list_model_get_item (list, 10);
    g_autoptr(RpOrder) other = g_list_model_get_item (list, 11);

    g_assert_true (again == held);
    g_assert_true (other != held);
  }

  /* ...and through a reload that leaves its row as it was, while another row changes. */
  {
    RpOrder *order = orders->pdata[100];

    g_free (order->buyer_name);
    order->buyer_name = g_strdup ("Someone else");
    order->modified_at += SECOND;
  }
  g_signal_connect_swapped (model, "items-changed", G_CALLBACK (count_cb), &n_changes);
  g_assert_true (rp_store_upsert_orders_sync (f->store, f->account, orders, &error));
  g_assert_no_error (error);
  while (n_changes == 0 || rp_store_list_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (g_list_model_get_n_items (list), ==, N_ORDERS);
  {
    g_autoptr(RpOrder) again = g_list_model_get_item (list, 10);

    g_assert_true (again == held);
  }
  position = find_order (list, "8100000000000100");
  changed = g_list_model_get_item (list, position);
  g_assert_cmpstr (changed->buyer_name, ==, "Someone else");

  /* An object nobody holds is made again, the same row. */
  {
    g_autoptr(RpOrder) stored = rp_store_get_order_sync (f->store, f->account,
                                                         "8100000000000100", &error);
    g_autoptr(RpOrder) made = NULL;

    g_clear_object (&changed);
    made = g_list_model_get_item (list, position);
    assert_same_order (made, stored);
  }
}

static void
test_packed_kinds (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) disputes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RpStoreListModel) model = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 20; i++)
    {
      RpMessage *message = rp_message_new ();
      RpDispute *dispute = rp_dispute_new ();
      char *urls[] = { "https://example.com/a.jpg", "https://example.com/b.jpg", NULL };

      message->message_id = g_strdup_printf ("m-%u", i);
      message->channel_id = g_strdup ("c-1");
      message->sender_login_id = g_strdup ("fr1001");
      message->content = g_strdup_printf ("Bonjour %u\n\t<i>ok</i>", i);
      message->sent_at = T0 + i * SECOND;
      message->message_type = g_strdup ("order");
      message->is_own = i % 2;
      if (i % 3 == 0)
        message->image_urls = g_strdupv (urls);
      g_ptr_array_add (messages, message);

      dispute->issue_id = g_strdup_printf ("i-%u", i);
      dispute->order_id = g_strdup_printf ("o-%u", i);
      dispute->status = i % 2 == 0 ? RP_DISPUTE_STATUS_PROCESSING : RP_DISPUTE_STATUS_FINISHED;
      dispute->raw_status = g_strdup (i % 2 == 0 ? "processing" : "finish");
      dispute->deadline = T0 + (20 - i) * SECOND;
      dispute->product_price.cents = 999 + i;
      memcpy (dispute->product_price.currency, "GBP", 3);
      dispute->refund_max.cents = 500;
      memcpy (dispute->refund_max.currency, "GBP", 3);
      g_ptr_array_add (disputes, dispute);
    }
  g_assert_true (rp_store_upsert_messages_sync (f->store, f->account, messages, &error));
  g_assert_true (rp_store_upsert_disputes_sync (f->store, f->account, disputes, &error));
  g_assert_no_error (error);

  model = rp_store_list_model_new (f->store, RP_STORE_LIST_MESSAGES, f->account);
  rp_store_list_model_set_channel (model, "c-1");
  wait_until_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 20);
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(RpMessage) row = g_list_model_get_item (G_LIST_MODEL (model), i);
      RpMessage *sent = messages->pdata[i];

      g_assert_cmpstr (row->message_id, ==, sent->message_id);
      g_assert_cmpstr (row->content, ==, sent->content);
      g_assert_cmpint (row->is_own, ==, sent->is_own);
      g_assert_cmpint (row->sent_at, ==, sent->sent_at);
      g_assert_cmpstr (row->message_type, ==, "order");
      if (sent->image_urls == NULL)
        g_assert_true (row->image_urls == NULL || row->image_urls[0] == NULL);
      else
        g_assert_true (g_strv_equal ((const char * const *)row->image_urls,
                                     (const char * const *)sent->image_urls));
    }
  g_clear_object (&model);

  model = rp_store_list_model_new (f->store, RP_STORE_LIST_DISPUTES, f->account);
  wait_until_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 20);
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(RpDispute) row = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_autoptr(RpDispute) stored = rp_store_get_dispute_sync (f->store, f->account,
                                                               row->issue_id, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (row->order_id, ==, stored->order_id);
      g_assert_cmpint (row->status, ==, stored->status);
      g_assert_cmpstr (row->raw_status, ==, stored->raw_status);
      g_assert_cmpint (row->deadline, ==, stored->deadline);
      g_assert_cmpint (row->product_price.cents, ==, stored->product_price.cents);
      g_assert_cmpstr (row->product_price.currency, ==, "GBP");
      g_assert_cmpstr (row->refund_max.currency, ==, "GBP");
      g_assert_nonnull (row->history);
    }
}

static RpConversation *
make_conversation (guint    n,
                   gboolean own,
                   gboolean processed,
                   gint64   last_at)
{
  RpConversation *conversation = rp_conversation_new ();

  conversation->channel_id = g_strdup_printf ("c-%u", n);
  conversation->buyer_login_id = g_strdup_printf ("buyer%u", n);
  conversation->buyer_name = g_strdup_printf ("Buyer %u", n);
  conversation->last_message_at = last_at;
  conversation->last_message_is_own = own;
  conversation->processed = processed;
  conversation->last_message_text = g_strdup ("Where is my parcel?");

  return conversation;
}

static void
test_today_rows (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) other_orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) disputes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) conversations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RpStoreTodayRows) rows = NULL;
  g_autoptr(RpStoreTodayRows) all = NULL;
  g_autoptr(GError) error = NULL;
  gint64 cutoff = T0 + 1000 * SECOND;

  for (guint i = 0; i < 30; i++)
    {
      RpDispute *dispute = rp_dispute_new ();

      g_ptr_array_add (orders, make_order (f->account, i));
      g_ptr_array_add (other_orders, make_order (f->other, 1000 + i));

      dispute->issue_id = g_strdup_printf ("i-%u", i);
      dispute->order_id = g_strdup_printf ("81%014u", i);
      dispute->status = i % 3 == 0 ? RP_DISPUTE_STATUS_PROCESSING : RP_DISPUTE_STATUS_FINISHED;
      dispute->deadline = i % 2 == 0 ? T0 + (30 - i) * SECOND : 0;
      g_ptr_array_add (disputes, dispute);
    }
  /* Waiting (1, 5), answered (2), dealt with (3), too recent (4), never written (6). */
  g_ptr_array_add (conversations, make_conversation (1, FALSE, FALSE, cutoff - 10 * SECOND));
  g_ptr_array_add (conversations, make_conversation (2, TRUE, FALSE, cutoff - 10 * SECOND));
  g_ptr_array_add (conversations, make_conversation (3, FALSE, TRUE, cutoff - 10 * SECOND));
  g_ptr_array_add (conversations, make_conversation (4, FALSE, FALSE, cutoff + 10 * SECOND));
  g_ptr_array_add (conversations, make_conversation (5, FALSE, FALSE, cutoff));
  g_ptr_array_add (conversations, make_conversation (6, FALSE, FALSE, 0));

  g_assert_true (rp_store_upsert_orders_sync (f->store, f->account, orders, &error));
  g_assert_true (rp_store_upsert_orders_sync (f->store, f->other, other_orders, &error));
  g_assert_true (rp_store_upsert_disputes_sync (f->store, f->account, disputes, &error));
  g_assert_true (rp_store_upsert_conversations_sync (f->store, f->account, conversations, &error));
  g_assert_no_error (error);

  rows = rp_store_get_today_rows_sync (f->store, f->account, cutoff, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rows);

  /* Orders to ship only (every third), of that store only, newest first. */
  g_assert_cmpuint (rows->orders->len, ==, 10);
  for (guint i = 0; i < rows->orders->len; i++)
    {
      RpOrder *order = rows->orders->pdata[i];

      g_assert_cmpint (order->status, ==, RP_ORDER_STATUS_TO_SHIP);
      g_assert_cmpint (order->account_id, ==, f->account);
      assert_same_order (order, orders->pdata[27 - 3 * i]);
    }

  /* Disputes in progress, the nearest deadline first, none last. */
  g_assert_cmpuint (rows->disputes->len, ==, 10);
  for (guint i = 0; i < rows->disputes->len; i++)
    {
      RpDispute *dispute = rows->disputes->pdata[i];

      g_assert_cmpint (dispute->status, ==, RP_DISPUTE_STATUS_PROCESSING);
      if (i > 0)
        {
          RpDispute *before = rows->disputes->pdata[i - 1];

          g_assert_true (dispute->deadline == 0 ||
                         (before->deadline != 0 && before->deadline <= dispute->deadline));
        }
    }

  /* Conversations where the buyer spoke last, long enough ago, not dealt with. */
  g_assert_cmpuint (rows->conversations->len, ==, 2);
  g_assert_cmpstr (((RpConversation *)rows->conversations->pdata[0])->channel_id, ==, "c-5");
  g_assert_cmpstr (((RpConversation *)rows->conversations->pdata[1])->channel_id, ==, "c-1");
  g_assert_cmpstr (((RpConversation *)rows->conversations->pdata[1])->buyer_name, ==, "Buyer 1");

  /* Every store. */
  all = rp_store_get_today_rows_sync (f->store, 0, cutoff, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->orders->len, ==, 20);

  /* A conversation's messages: their times and who wrote them, oldest first. */
  {
    g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(RpStoreToday) today = rp_store_today_open (f->store, &error);
    g_autoptr(GArray) times = NULL;
    const gint64 sent[] = { 30, 10, 20 };

    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (sent); i++)
      {
        RpMessage *message = rp_message_new ();

        message->message_id = g_strdup_printf ("m-%u", i);
        message->channel_id = g_strdup ("c-1");
        message->content = g_strdup ("Bonjour");
        message->sent_at = T0 + sent[i] * SECOND;
        message->is_own = i == 2;
        g_ptr_array_add (messages, message);
      }
    g_assert_true (rp_store_upsert_messages_sync (f->store, f->account, messages, &error));
    g_assert_no_error (error);

    times = rp_store_today_list_messages (today, f->account, "c-1", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (times->len, ==, 3);
    g_assert_cmpint (g_array_index (times, RpStoreTodayMessage, 0).sent_at, ==, T0 + 10 * SECOND);
    g_assert_false (g_array_index (times, RpStoreTodayMessage, 0).is_own);
    g_assert_cmpint (g_array_index (times, RpStoreTodayMessage, 1).sent_at, ==, T0 + 20 * SECOND);
    g_assert_true (g_array_index (times, RpStoreTodayMessage, 1).is_own);
    g_assert_cmpint (g_array_index (times, RpStoreTodayMessage, 2).sent_at, ==, T0 + 30 * SECOND);

    g_clear_pointer (&times, g_array_unref);
    times = rp_store_today_list_messages (today, f->other, "c-1", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (times->len, ==, 0);
  }
}

static void
collect_parcel_cb (RpShipment *parcel,
                   gpointer    user_data)
{
  GPtrArray *seen = user_data;

  /* The parcel is freed after the call: keep what the test looks at. */
  g_ptr_array_add (seen, g_strdup_printf ("%" G_GINT64_FORMAT " %s %u %s", parcel->account_id,
                                          parcel->order_id, parcel->events->len,
                                          parcel->events->len > 0
                                          ? ((RpTrackingEvent *)parcel->events->pdata[parcel->events->len - 1])->description
                                          : "-"));
}

static void
test_today_parcels (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) parcels = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) other = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(RpStoreToday) today = NULL;
  g_autoptr(RpOrder) order = NULL;
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  /* Open and polled (o-1, o-4), delivered (o-2), never asked about (o-3). */
  g_ptr_array_add (parcels, rp_test_store_make_parcel ("o-1", RP_TRACKING_IN_TRANSIT,
                                                       T0 + 20 * SECOND, 3));
  g_ptr_array_add (parcels, rp_test_store_make_parcel ("o-2", RP_TRACKING_DELIVERED,
                                                       T0 + 10 * SECOND, 4));
  g_ptr_array_add (parcels, rp_test_store_make_parcel ("o-3", RP_TRACKING_IN_TRANSIT, 0, 0));
  g_ptr_array_add (parcels, rp_test_store_make_parcel ("o-4", RP_TRACKING_IN_TRANSIT,
                                                       T0 + 10 * SECOND, 1));
  g_ptr_array_add (other, rp_test_store_make_parcel ("o-9", RP_TRACKING_IN_TRANSIT, T0, 2));
  g_assert_true (rp_store_upsert_shipments_sync (f->store, f->account, parcels, &error));
  g_assert_true (rp_store_upsert_shipments_sync (f->store, f->other, other, &error));
  g_ptr_array_add (orders, make_order (f->account, 7));
  g_assert_true (rp_store_upsert_orders_sync (f->store, f->account, orders, &error));
  g_assert_no_error (error);

  today = rp_store_today_open (f->store, &error);
  g_assert_no_error (error);

  /* One store: the least recently asked about first, each with its whole timeline. */
  g_assert_true (rp_store_today_foreach_parcel (today, f->account, collect_parcel_cb, seen,
                                                NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen->len, ==, 2);
  g_assert_cmpstr (seen->pdata[0], ==, "1 o-4 1 Event 0");
  g_assert_cmpstr (seen->pdata[1], ==, "1 o-1 3 Event 2");

  /* Every store. */
  g_ptr_array_set_size (seen, 0);
  g_assert_true (rp_store_today_foreach_parcel (today, 0, collect_parcel_cb, seen, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen->len, ==, 3);
  g_assert_cmpstr (seen->pdata[2], ==, "2 o-9 2 Event 1");

  /* An order as a list reads it, and none for an id the cache does not have. */
  order = rp_store_today_get_order (today, f->account, "8100000000000007", &error);
  g_assert_no_error (error);
  g_assert_nonnull (order);
  assert_same_order (order, orders->pdata[0]);
  g_assert_null (rp_store_today_get_order (today, f->account, "no-such-order", &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/rapport/store/rows/packed-orders", Fixture, NULL, rp_test_store_setup,
              test_packed_orders, rp_test_store_teardown);
  g_test_add ("/rapport/store/rows/packed-kinds", Fixture, NULL, rp_test_store_setup,
              test_packed_kinds, rp_test_store_teardown);
  g_test_add ("/rapport/store/rows/today", Fixture, NULL, rp_test_store_setup,
              test_today_rows, rp_test_store_teardown);
  g_test_add ("/rapport/store/rows/today-parcels", Fixture, NULL, rp_test_store_setup,
              test_today_parcels, rp_test_store_teardown);

  return g_test_run ();
}
