/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-today"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rp-account-connector.h"
#include "rp-activity.h"
#include "rp-buyer-zone.h"
#include "rp-account-dialog.h"
#include "rp-confirmation.h"
#include "rp-context.h"
#include "rp-credentials.h"
#include "rp-demo.h"
#include "rp-test-demo.h"
#include "rp-test-ui.h"
#include "rp-today-collect.h"
#include "rp-today-item.h"
#include "rp-today-page.h"
#include "rp-today-row.h"

/* The demo's world and caches live under private directories: gone with them. */
static void
remove_tree (const char *path)
{
  GDir *dir;

  if (path == NULL)
    return;

  dir = g_dir_open (path, 0, NULL);
  if (dir != NULL)
    {
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
      g_dir_close (dir);
    }

  g_rmdir (path);
}

/* The cache ---------------------------------------------------------------------------- */

typedef struct
{
  char      *dir;
  RpStore   *store;
  gint64     account_id;
  gint64     now;
  GPtrArray *orders;
  GPtrArray *disputes;
  GPtrArray *conversations;
} Fixture;

static RpOrder *
make_order (Fixture    *f,
            const char *order_id,
            const char *memo,
            RpOrderStatus status)
{
  RpOrder *order = rp_order_new ();

  order->account_id = f->account_id;
  order->order_id = g_strdup (order_id);
  order->status = status;
  order->raw_status = g_strdup (status == RP_ORDER_STATUS_TO_SHIP ? "WAIT_SELLER_SEND_GOODS"
                                                                  : "WAIT_BUYER_ACCEPT_GOODS");
  order->created_at = f->now - 2 * G_TIME_SPAN_DAY;
  order->buyer_login_id = g_strdup_printf ("buyer-%s", order_id);
  order->buyer_name = g_strdup ("Ana");
  order->buyer_country = g_strdup ("BR");
  order->memo = g_strdup (memo);
  g_ptr_array_add (f->orders, order);

  return order;
}

static RpMessage *
make_message (Fixture    *f,
              const char *channel_id,
              const char *message_id,
              gboolean    is_own,
              gint64      sent_at)
{
  RpMessage *message = rp_message_new ();

  message->account_id = f->account_id;
  message->channel_id = g_strdup (channel_id);
  message->message_id = g_strdup (message_id);
  message->is_own = is_own;
  message->sender_login_id = g_strdup (is_own ? "seller" : "buyer");
  message->content = g_strdup (is_own ? "Hello" : "Any news?");
  message->sent_at = sent_at;
  message->message_type = g_strdup ("order");

  return message;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpStoreAccount) account = rp_store_account_new ();
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) shipments = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *path = NULL;
  RpOrder *review, *ready;
  RpDispute *dispute;
  RpShipment *parcel;
  RpConversation *conversation;

  f->now = g_get_real_time ();
  f->dir = g_dir_make_tmp ("rapport-today-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "rapport.db", NULL);
  f->store = rp_store_new (path);
  g_assert_true (rp_store_open_sync (f->store, &error));
  g_assert_no_error (error);

  account->marketplace = g_strdup ("demo");
  account->base_url = g_strdup ("http://127.0.0.1:1");
  account->app_key = g_strdup ("key");
  account->name = g_strdup ("Test store");
  account->seller_id = g_strdup ("seller");
  f->account_id = rp_store_add_account_sync (f->store, account, &error);
  g_assert_no_error (error);

  f->orders = g_ptr_array_new_with_free_func (g_object_unref);
  f->disputes = g_ptr_array_new_with_free_func (g_object_unref);
  f->conversations = g_ptr_array_new_with_free_func (g_object_unref);

  /* To confirm, with and without a note; a reply to review; ready; already shipped. */
  make_order (f, "1001", "Please send the blue one", RP_ORDER_STATUS_TO_SHIP);
  make_order (f, "1002", NULL, RP_ORDER_STATUS_TO_SHIP);
  review = make_order (f, "1003", NULL, RP_ORDER_STATUS_TO_SHIP);
  review->confirmation = RP_CONFIRMATION_SENT;
  review->confirmation_deadline = f->now + 20 * G_TIME_SPAN_HOUR;
  ready = make_order (f, "1004", NULL, RP_ORDER_STATUS_TO_SHIP);
  ready->confirmation = RP_CONFIRMATION_READY_TO_SHIP;
  make_order (f, "1005", NULL, RP_ORDER_STATUS_SHIPPED);
  make_order (f, "1007", NULL, RP_ORDER_STATUS_FINISHED);
  g_assert_true (rp_store_upsert_orders_sync (f->store, f->account_id, f->orders, &error));
  g_assert_no_error (error);

  /* The buyer answered the confirmation an hour ago. */
  g_ptr_array_add (messages, make_message (f, "1003", "m1", TRUE, f->now - 4 * G_TIME_SPAN_HOUR));
  g_ptr_array_add (messages, make_message (f, "1003", "m2", FALSE, f->now - G_TIME_SPAN_HOUR));
  /* A buyer waiting five hours after the seller's last word; another one answered. */
  g_ptr_array_add (messages, make_message (f, "c-wait", "m3", TRUE, f->now - 6 * G_TIME_SPAN_HOUR));
  g_ptr_array_add (messages, make_message (f, "c-wait", "m4", FALSE, f->now - 5 * G_TIME_SPAN_HOUR));
  g_ptr_array_add (messages, make_message (f, "c-wait", "m5", FALSE, f->now - 4 * G_TIME_SPAN_HOUR));
  g_ptr_array_add (messages, make_message (f, "c-done", "m6", FALSE, f->now - 9 * G_TIME_SPAN_HOUR));
  g_ptr_array_add (messages, make_message (f, "c-done", "m7", TRUE, f->now - 8 * G_TIME_SPAN_HOUR));
  g_assert_true (rp_store_upsert_messages_sync (f->store, f->account_id, messages, &error));
  g_assert_no_error (error);

  conversation = rp_conversation_new ();
  conversation->account_id = f->account_id;
  conversation->channel_id = g_strdup ("c-wait");
  conversation->buyer_login_id = g_strdup ("buyer-1002");
  conversation->buyer_name = g_strdup ("Bea\u202eevil");
  conversation->last_message_at = f->now - 4 * G_TIME_SPAN_HOUR;
  g_ptr_array_add (f->conversations, conversation);
  conversation = rp_conversation_new ();
  conversation->account_id = f->account_id;
  conversation->channel_id = g_strdup ("c-done");
  conversation->buyer_name = g_strdup ("Carla");
  conversation->last_message_at = f->now - 8 * G_TIME_SPAN_HOUR;
  conversation->last_message_is_own = TRUE;
  g_ptr_array_add (f->conversations, conversation);

  /* A dispute three hours from its deadline, and a finished one. */
  dispute = rp_dispute_new ();
  dispute->account_id = f->account_id;
  dispute->issue_id = g_strdup ("d-1");
  dispute->order_id = g_strdup ("1005");
  dispute->status = RP_DISPUTE_STATUS_PROCESSING;
  dispute->raw_status = g_strdup ("processing");
  dispute->deadline = f->now + 3 * G_TIME_SPAN_HOUR;
  g_ptr_array_add (f->disputes, dispute);
  dispute = rp_dispute_new ();
  dispute->account_id = f->account_id;
  dispute->issue_id = g_strdup ("d-2");
  dispute->order_id = g_strdup ("1004");
  dispute->status = RP_DISPUTE_STATUS_FINISHED;
  dispute->raw_status = g_strdup ("finish");
  g_ptr_array_add (f->disputes, dispute);

  /* A parcel five days after the shipping notice without a carrier scan. */
  parcel = rp_shipment_new ();
  parcel->account_id = f->account_id;
  parcel->order_id = g_strdup ("1005");
  parcel->tracking_no = g_strdup ("LP0001");
  parcel->to_country = g_strdup ("BR");
  parcel->shipped_at = f->now - 5 * G_TIME_SPAN_DAY - G_TIME_SPAN_HOUR;
  parcel->status = RP_TRACKING_PENDING;
  parcel->last_polled_at = f->now - G_TIME_SPAN_HOUR;
  g_ptr_array_add (shipments, parcel);
  /* One the carrier was never asked about: no verdict yet. */
  parcel = rp_shipment_new ();
  parcel->account_id = f->account_id;
  parcel->order_id = g_strdup ("1006");
  parcel->tracking_no = g_strdup ("LP0002");
  parcel->to_country = g_strdup ("BR");
  parcel->shipped_at = f->now - 9 * G_TIME_SPAN_DAY;
  parcel->status = RP_TRACKING_PENDING;
  g_ptr_array_add (shipments, parcel);
  /* One of a finished order: nothing left to do about it. */
  parcel = rp_shipment_new ();
  parcel->account_id = f->account_id;
  parcel->order_id = g_strdup ("1007");
  parcel->tracking_no = g_strdup ("LP0003");
  parcel->to_country = g_strdup ("BR");
  parcel->shipped_at = f->now - 40 * G_TIME_SPAN_DAY;
  parcel->last_polled_at = f->now - G_TIME_SPAN_HOUR;
  parcel->status = RP_TRACKING_PENDING;
  g_ptr_array_add (shipments, parcel);
  g_assert_true (rp_store_upsert_shipments_sync (f->store, f->account_id, shipments, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->dir, "rapport.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);

  rp_store_close (f->store);
  g_clear_object (&f->store);
  g_clear_pointer (&f->orders, g_ptr_array_unref);
  g_clear_pointer (&f->disputes, g_ptr_array_unref);
  g_clear_pointer (&f->conversations, g_ptr_array_unref);
  g_unlink (db);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->dir);
}

static GPtrArray *
collect (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *items;

  items = rp_today_collect_sync (f->store, f->orders, f->disputes, f->conversations, f->now,
                                 RP_TODAY_UNANSWERED_AFTER, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (items);

  return items;
}

/* Every source gives its task, in the order of urgency, and nothing else. */
static void
test_sources_and_order (Fixture       *f,
                        gconstpointer  data)
{
  static const struct { RpTaskKind kind; const char *entity; } expected[] = {
    { RP_TASK_DISPUTE_DEADLINE, "d-1" },      /* 96: under 6 h */
    { RP_TASK_PARCEL_PROBLEM, "1005" },       /* 88: no first scan, critical */
    { RP_TASK_REVIEW_REPLY, "1003" },         /* 72 */
    { RP_TASK_CONFIRM_ORDER, "1001" },        /* 62: a note */
    { RP_TASK_READY_TO_SHIP, "1004" },        /* 55 */
    { RP_TASK_CONFIRM_ORDER, "1002" },        /* 50 */
    { RP_TASK_UNANSWERED_MESSAGE, "c-wait" }, /* 40 + 5 h of 24 */
  };
  g_autoptr(GPtrArray) items = collect (f);

  g_assert_cmpuint (items->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < items->len; i++)
    {
      RpTodayItem *item = g_ptr_array_index (items, i);
      const RpTask *task = rp_today_item_get_task (item);

      g_assert_cmpint (task->kind, ==, expected[i].kind);
      g_assert_cmpstr (task->entity_id, ==, expected[i].entity);
      g_assert_cmpint (rp_today_item_get_account_id (item), ==, f->account_id);
      g_assert_nonnull (task->title);
      g_assert_nonnull (task->why);
      if (i > 0)
        g_assert_cmpint (rp_task_compare (rp_today_item_get_task (g_ptr_array_index (items, i - 1)), task), <, 0);
    }

  /* Where each is done. */
  g_assert_cmpstr (rp_today_item_get_page (g_ptr_array_index (items, 0)), ==, "disputes");
  g_assert_cmpstr (rp_today_item_get_page (g_ptr_array_index (items, 1)), ==, "shipments");
  g_assert_cmpstr (rp_today_item_get_page (g_ptr_array_index (items, 2)), ==, "orders");
  g_assert_cmpstr (rp_today_item_get_page (g_ptr_array_index (items, 6)), ==, "inbox");
}

/* With a second store, each task names its store; with one, none does. */
static void
test_store_names (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpStoreAccount) account = rp_store_account_new ();
  g_autoptr(GPtrArray) items = collect (f);

  for (guint i = 0; i < items->len; i++)
    g_assert_null (rp_today_item_get_store_name (g_ptr_array_index (items, i)));
  g_clear_pointer (&items, g_ptr_array_unref);

  account->marketplace = g_strdup ("demo");
  account->base_url = g_strdup ("http://127.0.0.1:2");
  account->app_key = g_strdup ("key2");
  account->name = g_strdup ("Second store");
  rp_store_add_account_sync (f->store, account, &error);
  g_assert_no_error (error);

  items = collect (f);
  g_assert_cmpuint (items->len, >, 0);
  for (guint i = 0; i < items->len; i++)
    g_assert_cmpstr (rp_today_item_get_store_name (g_ptr_array_index (items, i)), ==, "Test store");
}

/* The buyer's clock comes from the order's country, for the dispute through its order and
 * for a conversation through the buyer's other order. */
static void
test_buyer_time (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) items = collect (f);

  if (!g_file_test ("/usr/share/zoneinfo/zone1970.tab", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("tzdata is not installed");
      return;
    }

  for (guint i = 0; i < items->len; i++)
    {
      RpTodayItem *item = g_ptr_array_index (items, i);
      g_autofree char *text = rp_today_item_format_buyer_time (item, f->now);

      g_assert_cmpstr (rp_today_item_get_buyer_country (item), ==, "BR");
      g_assert_nonnull (rp_today_item_get_buyer_zone (item));
      g_assert_nonnull (text);
      g_assert_nonnull (strstr (text, "UTC"));
    }
}

/* Done work leaves: the reply reviewed, the buyer answered, the dispute closed. */
static void
test_done_leave (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) items = NULL;
  RpOrder *review = g_ptr_array_index (f->orders, 2);
  RpDispute *dispute = g_ptr_array_index (f->disputes, 0);

  review->confirmation = RP_CONFIRMATION_READY_TO_SHIP;
  dispute->status = RP_DISPUTE_STATUS_FINISHED;
  g_ptr_array_add (messages, make_message (f, "c-wait", "m8", TRUE, f->now - 60 * G_USEC_PER_SEC));
  g_assert_true (rp_store_upsert_messages_sync (f->store, f->account_id, messages, &error));
  g_assert_no_error (error);

  items = collect (f);
  for (guint i = 0; i < items->len; i++)
    {
      const RpTask *task = rp_today_item_get_task (g_ptr_array_index (items, i));

      g_assert_cmpint (task->kind, !=, RP_TASK_DISPUTE_DEADLINE);
      g_assert_cmpint (task->kind, !=, RP_TASK_REVIEW_REPLY);
      g_assert_cmpint (task->kind, !=, RP_TASK_UNANSWERED_MESSAGE);
    }
  g_assert_cmpuint (items->len, ==, 5);
}

/* Same urgency: the buyer likely online now comes first, whatever the ids say. */
static void
test_online_first (Fixture       *f,
                   gconstpointer  data)
{
  static const char * const countries[] = { "BR", "US", "FR", "RU", "JP", "AU", "IN", "NZ",
                                            "MX", "ES", "KR", "CL", "PL", "SA", "IL", "DE" };
  g_autoptr(RpBuyerZone) zones = rp_buyer_zone_new_from_file (NULL, NULL);
  g_autoptr(GPtrArray) items = NULL;
  const char *online = NULL, *offline = NULL;
  RpOrder *order;
  int first = -1, second = -1;

  if (zones == NULL)
    {
      g_test_skip ("tzdata is not installed");
      return;
    }

  /* One country where buyers are likely up now and one where they are likely asleep. */
  for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
    {
      g_autoptr(GTimeZone) zone = rp_buyer_zone_lookup_time_zone (zones, countries[i], NULL, NULL, NULL);
      double p = rp_activity_prior (rp_country_lookup (countries[i]), zone, f->now);

      if (p >= RP_ACTIVITY_DEFAULT_THRESHOLD && online == NULL)
        online = countries[i];
      else if (p < RP_ACTIVITY_DEFAULT_THRESHOLD && offline == NULL)
        offline = countries[i];
    }
  if (online == NULL || offline == NULL)
    {
      g_test_skip ("no pair of countries awake and asleep at this hour");
      return;
    }

  g_ptr_array_set_size (f->orders, 0);
  order = make_order (f, "2001", NULL, RP_ORDER_STATUS_TO_SHIP);
  g_free (order->buyer_country);
  order->buyer_country = g_strdup (offline);
  order = make_order (f, "2002", NULL, RP_ORDER_STATUS_TO_SHIP);
  g_free (order->buyer_country);
  order->buyer_country = g_strdup (online);
  g_ptr_array_set_size (f->disputes, 0);
  g_ptr_array_set_size (f->conversations, 0);

  items = collect (f);
  for (guint i = 0; i < items->len; i++)
    {
      const RpTask *task = rp_today_item_get_task (g_ptr_array_index (items, i));

      if (g_strcmp0 (task->entity_id, "2002") == 0)
        {
          first = (int)i;
          g_assert_true (task->buyer_online);
        }
      else if (g_strcmp0 (task->entity_id, "2001") == 0)
        {
          second = (int)i;
          g_assert_false (task->buyer_online);
        }
    }

  g_assert_cmpint (first, >=, 0);
  g_assert_cmpint (second, >=, 0);
  g_assert_cmpint (first, <, second);
}

/* A buyer who wrote minutes ago about an open matter: a task to settle it while they are
 * there, and their other task marked. */
static void
test_buyer_seen_online (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) items = NULL;
  guint n_online = 0;

  if (!g_file_test ("/usr/share/zoneinfo/zone1970.tab", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("tzdata is not installed");
      return;
    }

  g_ptr_array_add (messages, make_message (f, "1003", "m9", FALSE, f->now - 5 * G_TIME_SPAN_MINUTE));
  g_assert_true (rp_store_upsert_messages_sync (f->store, f->account_id, messages, &error));
  g_assert_no_error (error);

  items = collect (f);
  for (guint i = 0; i < items->len; i++)
    {
      RpTodayItem *item = g_ptr_array_index (items, i);
      const RpTask *task = rp_today_item_get_task (item);

      if (task->kind == RP_TASK_BUYER_ONLINE)
        {
          n_online++;
          g_assert_cmpstr (task->entity_id, ==, "buyer-1003");
          g_assert_true (task->buyer_online);
          g_assert_cmpstr (rp_today_item_get_page (item), ==, "inbox");
          g_assert_nonnull (strstr (task->title, "Ana"));
        }
      else if (task->kind == RP_TASK_REVIEW_REPLY)
        {
          g_assert_true (task->buyer_online);
        }
    }

  g_assert_cmpuint (n_online, ==, 1);
}

/* Markup and bidi overrides in a buyer's name are shown as text, the overrides dropped. */
static void
test_row_plain_text (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) items = collect (f);
  RpTodayItem *item = g_ptr_array_index (items, items->len - 1);
  GtkWidget *row = g_object_ref_sink (rp_today_row_new ());
  GtkWidget *label = NULL;

  rp_today_row_set_item (RP_TODAY_ROW (row), item);

  for (GtkWidget *w = gtk_widget_get_first_child (row); w != NULL;)
    {
      if (GTK_IS_LABEL (w) && gtk_widget_has_css_class (w, "heading"))
        {
          label = w;
          break;
        }
      if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != NULL && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w) == row ? NULL : gtk_widget_get_parent (w);
          if (w != NULL)
            w = gtk_widget_get_next_sibling (w);
        }
    }

  g_assert_nonnull (label);
  g_assert_false (gtk_label_get_use_markup (GTK_LABEL (label)));
  g_assert_null (g_utf8_strchr (gtk_label_get_text (GTK_LABEL (label)), -1, 0x202E));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "Beaevil"));

  g_object_unref (row);
}


/* The page on the demo marketplace --------------------------------------------------- */

typedef struct
{
  gboolean  done;
  gboolean  ok;
  char     *page;
  char     *entity_id;
  gint64    account_id;
} DemoState;

static void
task_activated_cb (RpTodayPage *page,
                   const char  *page_name,
                   gint64       account_id,
                   const char  *entity_id,
                   DemoState   *state)
{
  g_free (state->entity_id);
  state->entity_id = g_strdup (entity_id);
  state->account_id = account_id;
}

static void
demo_opened_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  DemoState *state = user_data;
  g_autoptr(GError) error = NULL;

  state->ok = rp_context_open_demo_finish (RP_CONTEXT (object), result, &error);
  g_assert_no_error (error);
  state->done = TRUE;
}

static void
show_page_cb (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  DemoState *state = user_data;

  g_free (state->page);
  state->page = g_variant_dup_string (parameter, NULL);
}

static gboolean
has_tasks (gpointer data)
{
  return g_list_model_get_n_items (rp_today_page_get_tasks (data)) > 0;
}

static RpTodayItem *
find_task (RpTodayPage *page,
           RpTaskKind   kind,
           const char  *entity_id,
           guint       *position)
{
  GListModel *tasks = rp_today_page_get_tasks (page);

  for (guint i = 0; i < g_list_model_get_n_items (tasks); i++)
    {
      g_autoptr(RpTodayItem) item = g_list_model_get_item (tasks, i);
      const RpTask *task = rp_today_item_get_task (item);

      if (task->kind == kind && (entity_id == NULL || g_strcmp0 (task->entity_id, entity_id) == 0))
        {
          if (position != NULL)
            *position = i;
          return g_steal_pointer (&item);
        }
    }

  return NULL;
}

typedef struct
{
  RpTodayPage *page;
  const char  *order_id;
} Gone;

static gboolean
confirm_task_gone (gpointer data)
{
  Gone *gone = data;
  g_autoptr(RpTodayItem) item = find_task (gone->page, RP_TASK_CONFIRM_ORDER, gone->order_id, NULL);

  return item == NULL;
}

static gboolean
transitions_running (GtkWidget *root)
{
  if (GTK_IS_STACK (root) && gtk_stack_get_transition_running (GTK_STACK (root)))
    return TRUE;

  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (transitions_running (c))
      return TRUE;

  return FALSE;
}

static gboolean
settled (gpointer data)
{
  return !transitions_running (data);
}

/* Today on the demo: tasks from the synced cache, one click to their page, and a task
 * done (the confirmation sent, as the Orders page records it) leaves the list. */
static void
test_demo (void)
{
  static const GActionEntry entries[] = {
    { .name = "show-page", .activate = show_page_cb, .parameter_type = "s" },
  };
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(RpContext) context = rp_context_new (settings);
  g_autoptr(GSimpleActionGroup) actions = g_simple_action_group_new ();
  g_autoptr(RpTodayItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *deadline = NULL;
  DemoState state = { 0 };
  GtkWidget *window, *box, *header, *page, *list_view;
  Gone gone;
  guint position = 0;
  gint64 started = g_get_monotonic_time ();

  rp_context_open_demo_async (context, NULL, demo_opened_cb, &state);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (state.ok);
  g_assert_true (rp_test_wait_until (rp_test_demo_synced, context, 120));
  g_test_message ("Demo opened and synced in %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - started) / 1000);

  g_action_map_add_action_entries (G_ACTION_MAP (actions), entries, G_N_ELEMENTS (entries), &state);

  window = gtk_window_new ();
  gtk_widget_insert_action_group (window, "win", G_ACTION_GROUP (actions));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (_("Today"), NULL));
  page = g_object_new (RP_TYPE_TODAY_PAGE, "vexpand", TRUE, NULL);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), page);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  rp_test_ui_wait_for_mapped (window);

  started = g_get_monotonic_time ();
  rp_today_page_set_context (RP_TODAY_PAGE (page), context);
  g_assert_true (rp_test_wait_until (has_tasks, page, 60));
  g_test_message ("First Today list in %" G_GINT64_FORMAT " ms, %u tasks",
                  (g_get_monotonic_time () - started) / 1000,
                  g_list_model_get_n_items (rp_today_page_get_tasks (RP_TODAY_PAGE (page))));
  rp_test_ui_iterate (500);
  g_assert_true (rp_test_wait_until (settled, window, 10));
  rp_test_ui_screenshot (window, "today");

  /* Narrow and dark: the same list, nothing cut off. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  rp_test_ui_iterate (600);
  g_assert_true (rp_test_wait_until (settled, window, 10));
  g_assert_cmpint (gtk_widget_get_width (window), <=, 400);
  rp_test_ui_screenshot (window, "today-narrow");
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  rp_test_ui_iterate (600);
  g_assert_true (rp_test_wait_until (settled, window, 10));
  rp_test_ui_screenshot (window, "today-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  rp_test_ui_iterate (300);

  /* One click: the first row leads to its page, and says which entity. */
  g_signal_connect (page, "task-activated", G_CALLBACK (task_activated_cb), &state);
  list_view = rp_test_ui_find_widget (page, GTK_TYPE_LIST_VIEW, NULL, NULL);
  g_assert_nonnull (list_view);
  g_assert_true (gtk_widget_activate_action (list_view, "list.activate-item", "u", 0));
  rp_test_ui_iterate (50);
  {
    g_autoptr(RpTodayItem) first = g_list_model_get_item (rp_today_page_get_tasks (RP_TODAY_PAGE (page)), 0);

    g_assert_cmpstr (state.page, ==, rp_today_item_get_page (first));
    g_assert_cmpstr (state.entity_id, ==, rp_today_item_get_task (first)->entity_id);
    g_assert_cmpint (state.account_id, ==, rp_today_item_get_account_id (first));
  }

  /* The demo always has new orders to confirm. */
  item = find_task (RP_TODAY_PAGE (page), RP_TASK_CONFIRM_ORDER, NULL, &position);
  g_assert_nonnull (item);
  deadline = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () + RP_CONFIRMATION_DEFAULT_WINDOW);
  g_assert_true (rp_store_set_order_state_sync (rp_context_get_store (context),
                                                rp_today_item_get_account_id (item),
                                                rp_today_item_get_task (item)->entity_id,
                                                RP_STORE_ORDER_STATE_CONFIRMATION_DEADLINE,
                                                deadline, &error));
  g_assert_no_error (error);
  g_assert_true (rp_store_set_order_state_sync (rp_context_get_store (context),
                                                rp_today_item_get_account_id (item),
                                                rp_today_item_get_task (item)->entity_id,
                                                RP_STORE_ORDER_STATE_CONFIRMATION, "sent", &error));
  g_assert_no_error (error);

  gone.page = RP_TODAY_PAGE (page);
  gone.order_id = rp_today_item_get_task (item)->entity_id;
  g_assert_true (rp_test_wait_until (confirm_task_gone, &gone, 30));

  gtk_window_destroy (GTK_WINDOW (window));
  rp_test_ui_iterate (50);
  rp_context_shutdown (context);
  g_free (state.page);
  g_free (state.entity_id);
}

/* First run ---------------------------------------------------------------------------- */

static GtkWidget *
page_stack (GtkWidget *page)
{
  return rp_test_ui_find_widget (page, GTK_TYPE_STACK, NULL, NULL);
}

static gboolean
shows (gpointer data)
{
  GtkWidget **args = data;
  const char *name = gtk_stack_get_visible_child_name (GTK_STACK (page_stack (args[0])));

  return g_strcmp0 (name, (const char *)args[1]) == 0;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;

  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button (c, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_row (GtkWidget  *root,
          const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;

  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_row (c, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static RpAccountDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (RP_IS_ACCOUNT_DIALOG (window))
        return RP_ACCOUNT_DIALOG (window);
    }

  return NULL;
}

static gboolean
has_authorize_url (gpointer data)
{
  RpAccountDialog *dialog = find_dialog ();

  return dialog != NULL && rp_account_dialog_get_authorize_url (dialog) != NULL;
}

static gboolean
no_dialog (gpointer data)
{
  return find_dialog () == NULL;
}

static void
async_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

/* An unlocked keyring of its own, so that the secret really goes to a Secret Service. */
static GSubprocess *
start_keyring (GError **error)
{
  g_autoptr(GSubprocess) keyring = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  keyring = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                              G_SUBPROCESS_FLAGS_STDERR_SILENCE, error,
                              "gnome-keyring-daemon", "--foreground", "--unlock",
                              "--components=secrets", NULL);
  if (keyring == NULL)
    return NULL;
  if (!g_output_stream_write_all (g_subprocess_get_stdin_pipe (keyring), "pw", 2, NULL, NULL, error) ||
      !g_output_stream_close (g_subprocess_get_stdin_pipe (keyring), NULL, error))
    return NULL;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, error);
  if (bus == NULL)
    return NULL;

  while (g_get_monotonic_time () < end)
    {
      g_autoptr(GVariant) reply = NULL;
      gboolean has_owner = FALSE;

      reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus", "NameHasOwner",
                                           g_variant_new ("(s)", "org.freedesktop.secrets"),
                                           G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                           NULL, NULL);
      if (reply != NULL)
        g_variant_get (reply, "(b)", &has_owner);
      if (has_owner)
        return g_steal_pointer (&keyring);
      g_usleep (50000);
    }

  g_subprocess_force_exit (keyring);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "the keyring did not start");
  return NULL;
}

/* No store yet: Today offers to connect one; the dialog keeps the secret in the keyring,
 * takes the pasted code and leaves an authorised account, and Today leaves onboarding. */
static void
test_onboarding_connect (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(RpContext) context = rp_context_new (settings);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) keyring = NULL;
  g_autoptr(RpDemo) demo = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RpCredentials) credentials = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rapport-today-connect-XXXXXX", NULL);
  g_autofree char *world = g_build_filename (dir, "world", NULL);
  g_autofree char *db = g_build_filename (dir, "rapport.db", NULL);
  g_autofree char *code = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *account_id = NULL;
  GtkWidget *window, *page, *button, *connect;
  RpAccountDialog *dialog;
  gpointer onboarding[] = { NULL, "onboarding" };
  gpointer tasks[] = { NULL, "tasks" };

  if (g_find_program_in_path ("gnome-keyring-daemon") == NULL)
    {
      g_test_skip ("gnome-keyring-daemon is not installed");
      return;
    }
  keyring = start_keyring (&error);
  g_assert_no_error (error);

  demo = rp_demo_new (world, NULL);
  rp_demo_start_async (demo, NULL, async_done_cb, &result);
  g_assert_true (rp_demo_start_finish (demo, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  rp_context_open_async (context, db, NULL, async_done_cb, &result);
  g_assert_true (rp_context_open_finish (context, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  window = gtk_window_new ();
  page = g_object_new (RP_TYPE_TODAY_PAGE, "context", context, NULL);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  rp_test_ui_wait_for_mapped (window);

  onboarding[0] = tasks[0] = page;
  g_assert_true (rp_test_wait_until (shows, onboarding, 30));
  rp_test_ui_iterate (400);
  g_assert_true (rp_test_wait_until (settled, window, 10));
  rp_test_ui_screenshot (window, "today-onboarding");

  /* Without the application's demo action there is no demo button to press. */
  button = find_button (page, _("_Try the Demo Marketplace"));
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_visible (button));

  button = find_button (page, _("_Connect an AliExpress Store"));
  g_assert_nonnull (button);

  /* Closed half-way: no account is left behind. */
  g_signal_emit_by_name (button, "clicked");
  rp_test_ui_iterate (300);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (find_row (GTK_WIDGET (dialog), _("Marketplace address"))),
                         rp_demo_get_base_url (demo));
  gtk_editable_set_text (GTK_EDITABLE (find_row (GTK_WIDGET (dialog), _("App key"))), RP_DEMO_APP_KEY);
  gtk_editable_set_text (GTK_EDITABLE (find_row (GTK_WIDGET (dialog), _("App secret"))), RP_DEMO_APP_SECRET);
  g_signal_emit_by_name (find_button (GTK_WIDGET (dialog), _("C_onnect")), "clicked");
  g_assert_true (rp_test_wait_until (has_authorize_url, NULL, 30));
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (rp_test_wait_until (no_dialog, NULL, 10));
  rp_test_ui_iterate (500);
  g_assert_cmpint (rp_store_count_sync (rp_context_get_store (context), 0, RP_STORE_CHANGE_ACCOUNTS, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_true (shows (onboarding));

  g_signal_emit_by_name (button, "clicked");
  rp_test_ui_iterate (300);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  rp_test_ui_screenshot (GTK_WIDGET (dialog), "today-connect");

  connect = find_button (GTK_WIDGET (dialog), _("C_onnect"));
  g_assert_nonnull (connect);

  /* Plain http only to this machine. */
  gtk_editable_set_text (GTK_EDITABLE (find_row (GTK_WIDGET (dialog), _("Marketplace address"))),
                         "http://example.com");
  gtk_editable_set_text (GTK_EDITABLE (find_row (GTK_WIDGET (dialog), _("App key"))), RP_DEMO_APP_KEY);
  gtk_editable_set_text (GTK_EDITABLE (find_row (GTK_WIDGET (dialog), _("App secret"))), RP_DEMO_APP_SECRET);
  g_assert_false (gtk_widget_get_sensitive (connect));
  gtk_editable_set_text (GTK_EDITABLE (find_row (GTK_WIDGET (dialog), _("Marketplace address"))),
                         rp_demo_get_base_url (demo));
  g_assert_true (gtk_widget_get_sensitive (connect));

  g_signal_emit_by_name (connect, "clicked");
  g_assert_true (rp_test_wait_until (has_authorize_url, NULL, 30));
  account_id = g_strdup_printf ("%" G_GINT64_FORMAT, rp_account_dialog_get_account_id (dialog));

  /* What the seller's browser would be sent back with, pasted. */
  code = rp_account_fetch_code (rp_account_dialog_get_authorize_url (dialog), NULL, &error);
  g_assert_no_error (error);
  gtk_editable_set_text (GTK_EDITABLE (find_row (GTK_WIDGET (dialog), _("Code or address"))), code);
  g_signal_emit_by_name (find_row (GTK_WIDGET (dialog), _("Code or address")), "apply");

  g_assert_true (rp_test_wait_until (no_dialog, NULL, 30));
  g_assert_true (rp_test_wait_until (shows, tasks, 30));

  rp_credentials_load_async (account_id, RP_DEMO_APP_KEY, NULL, async_done_cb, &result);
  credentials = rp_credentials_load_finish (wait_result (&result), &error);
  g_assert_no_error (error);
  secret = rp_credentials_dup_app_secret (credentials);
  g_assert_cmpstr (secret, ==, RP_DEMO_APP_SECRET);
  g_assert_true (rp_credentials_has_tokens (credentials));

  gtk_window_destroy (GTK_WINDOW (window));
  rp_test_ui_iterate (50);
  rp_context_shutdown (context);
  rp_demo_stop (demo);
  g_subprocess_force_exit (keyring);
  remove_tree (dir);
}

/* The list shows copies of the items the collecting thread made: every field, a missing
 * reason included, must be the same, and the copy must not lean on the original. */
static void
test_item_copy (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/Paris");
  RpTask *task = rp_task_new (RP_TASK_PARCEL_PROBLEM, "8100000000000042", 70, 1234567);
  g_autoptr(RpTodayItem) item = NULL;
  g_autoptr(RpTodayItem) copy = NULL;
  const RpTask *copied;

  task->title = g_strdup ("Parcel <b>stuck</b> in customs");
  task->buyer_online = TRUE;
  item = rp_today_item_new (task, 7, "FR", zone);
  rp_today_item_set_store_name (item, "Shop — Été");

  copy = rp_today_item_copy (item);
  g_clear_object (&item);

  copied = rp_today_item_get_task (copy);
  g_assert_cmpint (copied->kind, ==, RP_TASK_PARCEL_PROBLEM);
  g_assert_cmpuint (copied->urgency, ==, 70);
  g_assert_cmpint (copied->due, ==, 1234567);
  g_assert_true (copied->buyer_online);
  g_assert_cmpstr (copied->entity_id, ==, "8100000000000042");
  g_assert_cmpstr (copied->title, ==, "Parcel <b>stuck</b> in customs");
  g_assert_null (copied->why);
  g_assert_cmpint (rp_today_item_get_account_id (copy), ==, 7);
  g_assert_cmpstr (rp_today_item_get_buyer_country (copy), ==, "FR");
  g_assert_true (rp_today_item_get_buyer_zone (copy) == zone);
  g_assert_cmpstr (rp_today_item_get_store_name (copy), ==, "Shop — Été");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = g_dir_make_tmp ("rapport-today-home-XXXXXX", NULL);
  g_autofree char *data_home = g_build_filename (home, "data", NULL);
  int status;

  /* The icon theme lives in XDG_DATA_DIRS: a private HOME instead of isolated dirs. */
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  /* The demo marketplace from this build tree. */
  if (g_getenv ("RAPPORT_SANDBOX") == NULL && g_getenv ("RAPPORT_BUILD_DIR") != NULL)
    {
      g_autofree char *sandbox = g_build_filename (g_getenv ("RAPPORT_BUILD_DIR"), "src", "sandbox",
                                                   "rapport-sandbox", NULL);

      g_setenv ("RAPPORT_SANDBOX", sandbox, TRUE);
    }

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  /* Where the application would find its own icon. */
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    RESOURCE_PREFIX "/icons");

  g_test_add ("/rapport/today/sources-and-order", Fixture, NULL,
              fixture_setup, test_sources_and_order, fixture_teardown);
  g_test_add ("/rapport/today/store-names", Fixture, NULL,
              fixture_setup, test_store_names, fixture_teardown);
  g_test_add ("/rapport/today/buyer-time", Fixture, NULL,
              fixture_setup, test_buyer_time, fixture_teardown);
  g_test_add ("/rapport/today/done-tasks-leave", Fixture, NULL,
              fixture_setup, test_done_leave, fixture_teardown);
  g_test_add ("/rapport/today/online-first", Fixture, NULL,
              fixture_setup, test_online_first, fixture_teardown);
  g_test_add ("/rapport/today/buyer-seen-online", Fixture, NULL,
              fixture_setup, test_buyer_seen_online, fixture_teardown);
  g_test_add ("/rapport/today/row-plain-text", Fixture, NULL,
              fixture_setup, test_row_plain_text, fixture_teardown);

  g_test_add_func ("/rapport/today/item-copy", test_item_copy);
  g_test_add_func ("/rapport/today/demo", test_demo);
  g_test_add_func ("/rapport/today/onboarding-connect", test_onboarding_connect);

  status = g_test_run ();
  remove_tree (home);

  return status;
}
