/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-window-lazy"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "rp-context.h"
#include "rp-disputes-page.h"
#include "rp-inbox-page.h"
#include "rp-order-detail.h"
#include "rp-orders-page.h"
#include "rp-shipments-page.h"
#include "rp-store-list-model.h"
#include "rp-test-ui.h"
#include "rp-window.h"

/* A page reads its list when it is first shown, not at startup: the shown page has its rows,
 * the others have read nothing; an order asked for on a page never shown opens once the
 * page's list is in. */

#define N_ORDERS 60
#define N_DISPUTES 12

typedef struct
{
  char      *dir;
  char      *path;
  gint64     account;
  GSettings *settings;
  RpContext *context;
  RpWindow  *window;
} Fixture;

static void
fill_cache (Fixture *f)
{
  g_autoptr(RpStore) store = rp_store_new (f->path);
  g_autoptr(RpStoreAccount) account = rp_store_account_new ();
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) disputes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  g_assert_true (rp_store_open_sync (store, &error));
  g_assert_no_error (error);

  account->marketplace = g_strdup ("demo");   /* no secrets to look up */
  account->base_url = g_strdup ("http://127.0.0.1:1");
  account->app_key = g_strdup ("sandbox");
  account->name = g_strdup ("Main store");
  account->seller_id = g_strdup ("2000001");
  f->account = rp_store_add_account_sync (store, account, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < N_ORDERS; i++)
    {
      RpOrder *order = rp_order_new ();

      order->account_id = f->account;
      order->order_id = g_strdup_printf ("81%014u", i);
      order->raw_status = g_strdup ("FINISH");
      order->status = rp_order_status_from_marketplace (order->raw_status);
      order->created_at = g_get_real_time () - (gint64)(N_ORDERS - i) * G_TIME_SPAN_HOUR;
      order->buyer_login_id = g_strdup_printf ("buyer%u", i);
      order->buyer_name = g_strdup_printf ("Buyer %u", i);
      order->total.cents = 1000 + i;
      memcpy (order->total.currency, "USD", 3);
      g_ptr_array_add (orders, order);
    }
  g_assert_true (rp_store_upsert_orders_sync (store, f->account, orders, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < N_DISPUTES; i++)
    {
      RpDispute *dispute = rp_dispute_new ();

      dispute->account_id = f->account;
      dispute->issue_id = g_strdup_printf ("i-%u", i);
      dispute->order_id = g_strdup_printf ("81%014u", i);
      /* In progress: the page lists those first. */
      dispute->status = RP_DISPUTE_STATUS_PROCESSING;
      dispute->raw_status = g_strdup ("processing");
      dispute->deadline = g_get_real_time () + (gint64)(i + 1) * G_TIME_SPAN_DAY;
      g_ptr_array_add (disputes, dispute);
    }
  g_assert_true (rp_store_upsert_disputes_sync (store, f->account, disputes, &error));
  g_assert_no_error (error);

  rp_store_close (store);
}

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *opened = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (rp_context_open_finish (RP_CONTEXT (object), result, &error));
  g_assert_no_error (error);
  *opened = TRUE;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean opened = FALSE;

  f->dir = g_dir_make_tmp ("rapport-lazy-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "rapport.db", NULL);
  fill_cache (f);

  f->settings = g_settings_new (APP_ID);
  g_settings_set_string (f->settings, "last-page", data);
  f->context = rp_context_new (f->settings);
  rp_context_open_async (f->context, f->path, NULL, opened_cb, &opened);
  while (!opened)
    g_main_context_iteration (NULL, TRUE);

  f->window = g_object_new (RP_TYPE_WINDOW, "context", f->context, NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 720);
  gtk_window_present (GTK_WINDOW (f->window));
  rp_test_ui_wait_for_mapped (GTK_WIDGET (f->window));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

  gtk_window_destroy (GTK_WINDOW (f->window));
  rp_test_ui_iterate (50);
  rp_context_shutdown (f->context);
  g_clear_object (&f->context);
  g_clear_object (&f->settings);
  g_unlink (f->path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static RpStoreListModel *
store_model (GListModel *model)
{
  while (model != NULL && !RP_IS_STORE_LIST_MODEL (model))
    {
      if (GTK_IS_SORT_LIST_MODEL (model))
        model = gtk_sort_list_model_get_model (GTK_SORT_LIST_MODEL (model));
      else if (GTK_IS_FILTER_LIST_MODEL (model))
        model = gtk_filter_list_model_get_model (GTK_FILTER_LIST_MODEL (model));
      else if (GTK_IS_MAP_LIST_MODEL (model))
        model = gtk_map_list_model_get_model (GTK_MAP_LIST_MODEL (model));
      else
        return NULL;
    }

  return model != NULL ? RP_STORE_LIST_MODEL (model) : NULL;
}

static void
wait_for_rows (GListModel *model,
               guint       n_rows)
{
  RpStoreListModel *list = store_model (model);
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_assert_nonnull (list);
  while (rp_store_list_model_get_loading (list) ||
         g_list_model_get_n_items (G_LIST_MODEL (list)) < n_rows)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      rp_test_ui_iterate (20);
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n_rows);
}

static void
test_only_shown_page_reads (Fixture       *f,
                            gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (f->window);
  RpOrdersPage *orders =
    RP_ORDERS_PAGE (rp_test_ui_find_widget (root, RP_TYPE_ORDERS_PAGE, NULL, NULL));
  RpDisputesPage *disputes =
    RP_DISPUTES_PAGE (rp_test_ui_find_widget (root, RP_TYPE_DISPUTES_PAGE, NULL, NULL));
  RpInboxPage *inbox =
    RP_INBOX_PAGE (rp_test_ui_find_widget (root, RP_TYPE_INBOX_PAGE, NULL, NULL));
  RpShipmentsPage *shipments =
    RP_SHIPMENTS_PAGE (rp_test_ui_find_widget (root, RP_TYPE_SHIPMENTS_PAGE, NULL, NULL));

  g_assert_cmpstr (rp_window_get_page (f->window), ==, "orders");

  /* The shown page has all its rows... */
  wait_for_rows (rp_orders_page_get_model (orders), N_ORDERS);

  /* ...the others have read nothing: no context, no list. */
  rp_test_ui_iterate (200);
  g_assert_null (rp_disputes_page_get_context (disputes));
  g_assert_null (rp_disputes_page_get_model (disputes));
  g_assert_null (rp_inbox_page_get_context (inbox));
  g_assert_null (rp_inbox_page_get_conversations (inbox));
  g_assert_null (rp_shipments_page_get_context (shipments));

  /* Shown, a page reads its list. */
  rp_window_set_page (f->window, "disputes");
  g_assert_true (rp_disputes_page_get_context (disputes) == f->context);
  wait_for_rows (rp_disputes_page_get_model (disputes), N_DISPUTES);

  /* Shown again later, it keeps its list rather than reading it again. */
  {
    GListModel *model = rp_disputes_page_get_model (disputes);

    rp_window_set_page (f->window, "orders");
    rp_window_set_page (f->window, "disputes");
    g_assert_true (rp_disputes_page_get_model (disputes) == model);
  }
}

static void
test_entity_on_unread_page (Fixture       *f,
                            gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (f->window);
  RpOrdersPage *orders = RP_ORDERS_PAGE (rp_test_ui_find_widget (root,
                                                                 RP_TYPE_ORDERS_PAGE, NULL, NULL));
  RpOrderDetail *detail;
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_assert_cmpstr (rp_window_get_page (f->window), ==, "today");
  g_assert_null (rp_orders_page_get_model (orders));

  /* As a Today task or a notification asks: the page reads its list, then opens the order. */
  rp_window_show_entity (f->window, "orders", f->account, "8100000000000007");
  g_assert_cmpstr (rp_window_get_page (f->window), ==, "orders");
  detail = rp_orders_page_get_detail (orders);
  while (rp_order_detail_get_order (detail) == NULL ||
         g_strcmp0 (rp_order_detail_get_order (detail)->order_id, "8100000000000007") != 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      rp_test_ui_iterate (20);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* Not G_TEST_OPTION_ISOLATE_DIRS: it empties XDG_DATA_DIRS, and the icon theme lives there. */
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add ("/rapport/ui/window/lazy/only-shown-page-reads", Fixture, "orders",
              fixture_setup, test_only_shown_page_reads, fixture_teardown);
  g_test_add ("/rapport/ui/window/lazy/entity-on-unread-page", Fixture, "today",
              fixture_setup, test_entity_on_unread_page, fixture_teardown);

  return g_test_run ();
}
