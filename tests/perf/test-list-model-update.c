/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A list model brought up to date after the store's `changed`: unchanged rows keep their
 * objects (and so a view's widgets and selection), only what changed is announced, in ranges
 * small enough for one main-loop iteration each, and the result equals a fresh load. */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <string.h>

#include "rp-store-list-model.h"
#include "rp-store.h"

#define T0 G_GINT64_CONSTANT (1764000000000000)
#define SECOND G_USEC_PER_SEC
#define COUNT 20000

typedef struct
{
  char    *dir;
  RpStore *store;
  gint64   account;
} Fixture;

typedef struct
{
  guint changes;
  guint removed;
  guint added;
  guint largest;
} Log;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(RpStoreAccount) account = rp_store_account_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("rapport-list-model-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "rapport.db", NULL);
  fixture->store = rp_store_new (path);
  g_assert_true (rp_store_open_sync (fixture->store, &error));
  g_assert_no_error (error);

  account->marketplace = g_strdup ("demo");
  account->base_url = g_strdup ("http://127.0.0.1:1");
  account->app_key = g_strdup ("sandbox");
  account->name = g_strdup ("Main store");
  fixture->account = rp_store_add_account_sync (fixture->store, account, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fixture->account, >, 0);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "rapport.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  rp_store_close (fixture->store);
  g_clear_object (&fixture->store);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static RpOrder *
make_order (gint64       account_id,
            guint        n,
            const char  *raw_status,
            gint64       modified_at)
{
  RpOrder *order = rp_order_new ();

  order->account_id = account_id;
  order->order_id = g_strdup_printf ("81%014u", n);
  order->raw_status = g_strdup (raw_status);
  order->status = rp_order_status_from_marketplace (raw_status);
  order->created_at = T0 + (gint64)n * 60 * SECOND;
  order->modified_at = modified_at != 0 ? modified_at : order->created_at;
  order->buyer_login_id = g_strdup_printf ("buyer%u", n % 997);
  order->buyer_name = g_strdup_printf ("Buyer %u", n % 997);
  order->total.cents = 1000 + n % 5000;
  memcpy (order->total.currency, "USD", 4);

  return order;
}

static void
upsert (Fixture   *fixture,
        GPtrArray *orders)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rp_store_upsert_orders_sync (fixture->store, fixture->account, orders, &error));
  g_assert_no_error (error);
}

static void
wait_until_loaded (RpStoreListModel *model)
{
  while (rp_store_list_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
}

static void
log_cb (GListModel *model,
        guint       position,
        guint       removed,
        guint       added,
        Log        *log)
{
  log->changes++;
  log->removed += removed;
  log->added += added;
  log->largest = MAX (log->largest, MAX (removed, added));
}

/* Every row of @model as "id status", in order. */
static GStrv
rows_of (GListModel *model)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RpOrder) order = g_list_model_get_item (model, i);
      g_autofree char *row = g_strdup_printf ("%s %s", order->order_id, order->raw_status);

      g_strv_builder_add (builder, row);
    }

  return g_strv_builder_end (builder);
}

static void
assert_same_as_fresh_load (Fixture          *fixture,
                           RpStoreListModel *model,
                           RpStoreListSort   sort)
{
  g_autoptr(RpStoreListModel) fresh = rp_store_list_model_new (fixture->store, RP_STORE_LIST_ORDERS,
                                                              fixture->account);
  g_auto(GStrv) expected = NULL;
  g_auto(GStrv) actual = NULL;

  rp_store_list_model_set_sort (fresh, sort);
  wait_until_loaded (fresh);
  expected = rows_of (G_LIST_MODEL (fresh));
  actual = rows_of (G_LIST_MODEL (model));
  g_assert_cmpuint (g_strv_length (actual), ==, g_strv_length (expected));
  g_assert_true (g_strv_equal ((const char * const *)actual, (const char * const *)expected));
}

static void
test_update_in_place (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(RpStoreListModel) model = NULL;
  g_autoptr(GtkSingleSelection) selection = NULL;
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RpOrder) selected = NULL;
  Log log = { 0 };
  guint kept = 0;

  for (guint n = 0; n < COUNT; n++)
    g_ptr_array_add (page, make_order (fixture->account, n, "FINISH", 0));
  upsert (fixture, page);
  g_ptr_array_set_size (page, 0);

  model = rp_store_list_model_new (fixture->store, RP_STORE_LIST_ORDERS, fixture->account);
  wait_until_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, COUNT);
  for (guint i = 0; i < COUNT; i++)
    g_ptr_array_add (before, g_list_model_get_item (G_LIST_MODEL (model), i));

  /* A view's selection on an order that does not change. */
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (model)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_selected (selection, 100);
  selected = g_object_ref (gtk_single_selection_get_selected_item (selection));

  /* A sync page: three new orders (the newest, shown first), three changed ones. */
  for (guint n = COUNT; n < COUNT + 3; n++)
    g_ptr_array_add (page, make_order (fixture->account, n, "WAIT_SELLER_SEND_GOODS", 0));
  g_ptr_array_add (page, make_order (fixture->account, COUNT - 1, "WAIT_BUYER_ACCEPT_GOODS", 0));
  g_ptr_array_add (page, make_order (fixture->account, 5000, "WAIT_BUYER_ACCEPT_GOODS", 0));
  g_ptr_array_add (page, make_order (fixture->account, 7, "WAIT_BUYER_ACCEPT_GOODS", 0));
  g_signal_connect (model, "items-changed", G_CALLBACK (log_cb), &log);
  upsert (fixture, page);
  g_ptr_array_set_size (page, 0);

  while (g_list_model_get_n_items (G_LIST_MODEL (model)) != COUNT + 3 ||
         rp_store_list_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);

  /* Only the new and the changed rows were announced. */
  g_assert_cmpuint (log.added, ==, 3 + 3);
  g_assert_cmpuint (log.removed, ==, 3);
  g_assert_cmpuint (log.changes, <=, 3);

  for (guint i = 0; i < COUNT + 3; i++)
    {
      g_autoptr(RpOrder) order = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (i >= 3 && order == before->pdata[i - 3])
        kept++;
    }
  g_assert_cmpuint (kept, ==, COUNT - 3);

  {
    g_autoptr(RpOrder) changed = g_list_model_get_item (G_LIST_MODEL (model), 3 + COUNT - 1 - 5000);

    g_assert_cmpstr (changed->order_id, ==, "8100000000005000");
    g_assert_cmpstr (changed->raw_status, ==, "WAIT_BUYER_ACCEPT_GOODS");
  }

  /* The selection stayed on its order, three rows further down. */
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 103);
  g_assert_true (gtk_single_selection_get_selected_item (selection) == (gpointer)selected);

  assert_same_as_fresh_load (fixture, model, RP_STORE_LIST_SORT_CREATED_DESC);

  /* Two changes five rows apart are announced as one range, the rows between them included. */
  log = (Log) { 0 };
  g_ptr_array_add (page, make_order (fixture->account, 10000, "IN_CANCEL", 0));
  g_ptr_array_add (page, make_order (fixture->account, 10005, "IN_CANCEL", 0));
  upsert (fixture, page);
  g_ptr_array_set_size (page, 0);
  while (log.changes == 0 || rp_store_list_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (log.changes, ==, 1);
  g_assert_cmpuint (log.removed, ==, 6);
  g_assert_cmpuint (log.added, ==, 6);
  {
    g_autoptr(RpOrder) between = g_list_model_get_item (G_LIST_MODEL (model), 3 + COUNT - 1 - 10002);

    /* Still the object it was. */
    g_assert_true (between == before->pdata[COUNT - 1 - 10002]);
  }
  assert_same_as_fresh_load (fixture, model, RP_STORE_LIST_SORT_CREATED_DESC);

  /* Nothing changed: a reload announces nothing. */
  log = (Log) { 0 };
  rp_store_list_model_reload (model);
  wait_until_loaded (model);
  g_assert_cmpuint (log.changes, ==, 0);

  g_signal_handlers_disconnect_by_func (model, log_cb, &log);
  g_clear_object (&selection);
  g_assert_finalize_object (g_steal_pointer (&model));
}

static void
test_update_moves (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(RpStoreListModel) model = NULL;
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);
  Log log = { 0 };

  for (guint n = 0; n < COUNT; n++)
    g_ptr_array_add (page, make_order (fixture->account, n, "FINISH", 0));
  upsert (fixture, page);
  g_ptr_array_set_size (page, 0);

  model = rp_store_list_model_new (fixture->store, RP_STORE_LIST_ORDERS, fixture->account);
  rp_store_list_model_set_sort (model, RP_STORE_LIST_SORT_MODIFIED_DESC);
  wait_until_loaded (model);
  g_signal_connect (model, "items-changed", G_CALLBACK (log_cb), &log);

  /* Recently changed first: each changed order moves to the top, one row out, one row in. */
  for (guint n = 0; n < COUNT; n += 1000)
    g_ptr_array_add (page, make_order (fixture->account, n, "IN_CANCEL",
                                       T0 + (gint64)(COUNT + n) * 3600 * SECOND));
  upsert (fixture, page);

  while (log.changes == 0 || rp_store_list_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, COUNT);
  g_assert_cmpuint (log.added, ==, page->len);
  g_assert_cmpuint (log.removed, ==, page->len);
  assert_same_as_fresh_load (fixture, model, RP_STORE_LIST_SORT_MODIFIED_DESC);

  g_signal_handlers_disconnect_by_func (model, log_cb, &log);
  g_assert_finalize_object (g_steal_pointer (&model));
}

static void
test_update_everything (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(RpStoreListModel) model = NULL;
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);
  Log log = { 0 };

  for (guint n = 0; n < COUNT; n++)
    g_ptr_array_add (page, make_order (fixture->account, n, "FINISH", 0));
  upsert (fixture, page);
  g_ptr_array_set_size (page, 0);

  model = rp_store_list_model_new (fixture->store, RP_STORE_LIST_ORDERS, fixture->account);
  wait_until_loaded (model);
  g_signal_connect (model, "items-changed", G_CALLBACK (log_cb), &log);

  /* Every row changes: announced in ranges one main-loop iteration can take. */
  for (guint n = 0; n < COUNT; n++)
    g_ptr_array_add (page, make_order (fixture->account, n, "WAIT_BUYER_ACCEPT_GOODS", 0));
  upsert (fixture, page);

  while (log.changes == 0 || rp_store_list_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (log.added, ==, COUNT);
  g_assert_cmpuint (log.removed, ==, COUNT);
  g_assert_cmpuint (log.largest, <=, 2000);
  assert_same_as_fresh_load (fixture, model, RP_STORE_LIST_SORT_CREATED_DESC);

  /* A new filter replaces the rows with its first page at once, never leaving the view
   * empty in between (these few matches fit in it). */
  log = (Log) { 0 };
  rp_store_list_model_set_text (model, "buyer996");
  wait_until_loaded (model);
  g_assert_cmpuint (log.changes, ==, 1);
  g_assert_cmpuint (log.removed, ==, COUNT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, log.added);
  g_assert_cmpuint (log.added, >, 0);

  g_signal_handlers_disconnect_by_func (model, log_cb, &log);
  g_assert_finalize_object (g_steal_pointer (&model));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/rapport/perf/list-model/update-in-place", Fixture, NULL, fixture_setup,
              test_update_in_place, fixture_teardown);
  g_test_add ("/rapport/perf/list-model/update-moves", Fixture, NULL, fixture_setup,
              test_update_moves, fixture_teardown);
  g_test_add ("/rapport/perf/list-model/update-everything", Fixture, NULL, fixture_setup,
              test_update_everything, fixture_teardown);

  return g_test_run ();
}
