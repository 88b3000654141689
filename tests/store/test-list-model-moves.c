/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-list-model-moves"

#include "config.h"

#include <glib/gstdio.h>

#include "rp-store.h"
#include "rp-store-list-model.h"

/* A list model brought up to date while rows move up and down: at no moment, between any
 * two items-changed, does a parcel stand twice in the list (a view mapping rows to objects
 * of its own by their key would hold one object at two places), and every object is its
 * row as the store has it, before the change or after it, never another row's.  Objects
 * are held as a view holds them, so the model hands out the ones it made before. */

#define T0 G_GINT64_CONSTANT (1764000000000000)   /* 2025-11-24, UTC µs */
#define MINUTE G_GINT64_CONSTANT (60000000)
#define COUNT 3000

typedef struct
{
  char       *dir;
  RpStore    *store;
  gint64      account;

  GListModel *model;
  GPtrArray  *held;       /* the model's objects, position for position, as a view holds them */
  GHashTable *before;     /* key → the row as it was before the change */
  GHashTable *after;      /* key → the row as it is after */
  guint       changes;
  guint       largest;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(RpStoreAccount) account = rp_store_account_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("rapport-moves-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "rapport.db", NULL);
  f->store = rp_store_new (path);
  g_assert_true (rp_store_open_sync (f->store, &error));
  g_assert_no_error (error);

  account->marketplace = g_strdup ("aliexpress");
  account->base_url = g_strdup ("http://127.0.0.1:1");
  account->app_key = g_strdup ("sandbox");
  account->name = g_strdup ("Shop A");
  account->seller_id = g_strdup ("2000001");
  f->account = rp_store_add_account_sync (f->store, account, &error);
  g_assert_no_error (error);
  g_assert_cmpint (f->account, >, 0);

  f->held = g_ptr_array_new_with_free_func (g_object_unref);
  f->before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  f->after = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "rapport.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_clear_pointer (&f->held, g_ptr_array_unref);
  g_clear_pointer (&f->before, g_hash_table_unref);
  g_clear_pointer (&f->after, g_hash_table_unref);
  rp_store_close (f->store);
  g_assert_finalize_object (f->store);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* What identifies a parcel (account, order, tracking number), as the Shipments page keys
 * its entries. */
static char *
parcel_key (RpShipment *shipment)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT " %s %s", shipment->account_id,
                          shipment->order_id, shipment->tracking_no);
}

/* Every field a list row has. */
static char *
describe (RpShipment *s)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "|%s|%s|%s|%s|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT
                          "|%s|%d|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT,
                          s->account_id, s->order_id, s->tracking_no,
                          s->service_name != NULL ? s->service_name : "(null)",
                          s->to_country != NULL ? s->to_country : "(null)",
                          s->shipped_at, s->received_at,
                          s->receive_status != NULL ? s->receive_status : "(null)",
                          (int)s->status, s->last_event_at, s->last_polled_at, s->protection_end);
}

static RpShipment *
make_shipment (gint64           account_id,
               guint            n,
               gint64           shipped_at,
               RpTrackingStatus status)
{
  static gint64 clock = 0;
  RpShipment *shipment = rp_shipment_new ();

  shipment->account_id = account_id;
  shipment->order_id = g_strdup_printf ("81%014u", n);
  shipment->tracking_no = g_strdup_printf ("LP%08uCN", n);
  shipment->service_name = g_strdup (n % 2 == 0 ? "CAINIAO_STANDARD" : "AE_STANDARD");
  shipment->to_country = g_strdup (n % 3 == 0 ? "FR" : "BR");
  shipment->shipped_at = shipped_at;
  shipment->status = status;
  /* The cache keeps the newest of these, whatever a sync writes: they only grow. */
  shipment->last_event_at = T0 + 100000 * MINUTE + clock++ * G_USEC_PER_SEC;
  shipment->last_polled_at = shipment->last_event_at + MINUTE;

  return shipment;
}

/* Writes @page and makes it what the list must show after the change. */
static void
upsert (Fixture   *f,
        GPtrArray *page)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < page->len; i++)
    g_hash_table_insert (f->after, parcel_key (page->pdata[i]), describe (page->pdata[i]));

  g_assert_true (rp_store_upsert_shipments_sync (f->store, f->account, page, &error));
  g_assert_no_error (error);
}

/* The list as it stands: once each parcel, each object the row before or after the
 * change, and the objects held still the ones given for their positions. */
static void
check_list (Fixture *f)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = g_list_model_get_n_items (f->model);

  g_assert_cmpuint (f->held->len, ==, n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RpShipment) shipment = g_list_model_get_item (f->model, i);
      g_autofree char *key = parcel_key (shipment);
      g_autofree char *fields = describe (shipment);
      const char *was = g_hash_table_lookup (f->before, key);
      const char *is = g_hash_table_lookup (f->after, key);

      g_assert_true (shipment == f->held->pdata[i]);
      if (g_hash_table_contains (seen, key))
        g_error ("Parcel %s stands twice in the list, at %u and %u", key,
                 GPOINTER_TO_UINT (g_hash_table_lookup (seen, key)), i);
      g_hash_table_insert (seen, g_steal_pointer (&key), GUINT_TO_POINTER (i));

      if (g_strcmp0 (fields, was) != 0 && g_strcmp0 (fields, is) != 0)
        g_error ("Row %u is %s, neither %s nor %s", i, fields, was, is);
    }
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *f)
{
  f->changes++;
  f->largest = MAX (f->largest, MAX (removed, added));

  /* A view: the removed rows' objects are dropped, the added ones taken and kept. */
  g_ptr_array_remove_range (f->held, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (f->held, position + i, g_list_model_get_item (model, position + i));

  check_list (f);
}

/* Once the update is in: exactly the rows after the change, as a fresh read has them. */
static void
wait_for_update (Fixture *f)
{
  g_autoptr(RpStoreListModel) fresh = NULL;
  guint n;

  while (f->changes == 0 || rp_store_list_model_get_loading (RP_STORE_LIST_MODEL (f->model)))
    g_main_context_iteration (NULL, TRUE);

  fresh = rp_store_list_model_new (f->store, RP_STORE_LIST_SHIPMENTS, f->account);
  while (rp_store_list_model_get_loading (fresh))
    g_main_context_iteration (NULL, TRUE);

  n = g_list_model_get_n_items (f->model);
  g_assert_cmpuint (n, ==, g_hash_table_size (f->after));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fresh)), ==, n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RpShipment) shipment = g_list_model_get_item (f->model, i);
      g_autoptr(RpShipment) read = g_list_model_get_item (G_LIST_MODEL (fresh), i);
      g_autofree char *key = parcel_key (shipment);
      g_autofree char *fields = describe (shipment);
      g_autofree char *fields_read = describe (read);

      g_assert_cmpstr (fields, ==, fields_read);
      g_assert_cmpstr (fields, ==, g_hash_table_lookup (f->after, key));
    }

  /* The next change starts from here. */
  g_hash_table_remove_all (f->before);
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, f->after);
    while (g_hash_table_iter_next (&iter, &key, &value))
      g_hash_table_insert (f->before, g_strdup (key), g_strdup (value));
  }
  f->changes = 0;
}

static void
test_moves (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(RpStoreListModel) model = NULL;
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);

  /* Newest shipped first: shipment n at COUNT - 1 - n. */
  for (guint n = 0; n < COUNT; n++)
    g_ptr_array_add (page, make_shipment (f->account, n, T0 + n * MINUTE, RP_TRACKING_IN_TRANSIT));
  upsert (f, page);
  g_ptr_array_set_size (page, 0);

  model = rp_store_list_model_new (f->store, RP_STORE_LIST_SHIPMENTS, f->account);
  f->model = G_LIST_MODEL (model);
  while (rp_store_list_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (f->model), ==, COUNT);
  for (guint i = 0; i < COUNT; i++)
    g_ptr_array_add (f->held, g_list_model_get_item (f->model, i));
  f->changes = 1;
  wait_for_update (f);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), f);

  /* Single parcels far apart: three move to the top, two to the bottom, two change where
   * they are, three new ones come in the middle. */
  g_test_message ("single moves");
  for (guint n = 10; n < COUNT; n += 1445)
    g_ptr_array_add (page, make_shipment (f->account, n, T0 + (COUNT + n) * MINUTE,
                                          RP_TRACKING_OUT_FOR_DELIVERY));
  g_ptr_array_add (page, make_shipment (f->account, 2990, T0 - 5 * MINUTE, RP_TRACKING_DELIVERED));
  g_ptr_array_add (page, make_shipment (f->account, 700, T0 - 6 * MINUTE, RP_TRACKING_DELIVERED));
  g_ptr_array_add (page, make_shipment (f->account, 1200, T0 + 1200 * MINUTE, RP_TRACKING_EXCEPTION));
  g_ptr_array_add (page, make_shipment (f->account, 2000, T0 + 2000 * MINUTE, RP_TRACKING_ATTEMPT_FAILED));
  for (guint n = COUNT; n < COUNT + 3; n++)
    g_ptr_array_add (page, make_shipment (f->account, n, T0 + 1500 * MINUTE + MINUTE / 2,
                                          RP_TRACKING_INFO_RECEIVED));
  upsert (f, page);
  g_ptr_array_set_size (page, 0);
  wait_for_update (f);

  /* Every third parcel moves up a few places: the changes are close together, announced
   * as ranges of moved and unchanged rows, more than one main-loop slice in all. */
  g_test_message ("many short moves up");
  for (guint n = 0; n < COUNT; n += 3)
    g_ptr_array_add (page, make_shipment (f->account, n, T0 + n * MINUTE + 4 * MINUTE + MINUTE / 3,
                                          RP_TRACKING_IN_TRANSIT));
  upsert (f, page);
  g_ptr_array_set_size (page, 0);
  wait_for_update (f);
  g_assert_cmpuint (f->largest, <=, 2000);

  /* And down again, every fifth parcel. */
  g_test_message ("many short moves down");
  for (guint n = 1; n < COUNT; n += 5)
    g_ptr_array_add (page, make_shipment (f->account, n, T0 + n * MINUTE - 7 * MINUTE - MINUTE / 4,
                                          RP_TRACKING_IN_TRANSIT));
  upsert (f, page);
  g_ptr_array_set_size (page, 0);
  wait_for_update (f);

  /* Two blocks swap: the older 2,500 parcels become the newest. */
  g_test_message ("blocks swap");
  for (guint n = 0; n < 2500; n++)
    g_ptr_array_add (page, make_shipment (f->account, n, T0 + (2 * COUNT + n) * MINUTE,
                                          RP_TRACKING_IN_TRANSIT));
  upsert (f, page);
  g_ptr_array_set_size (page, 0);
  wait_for_update (f);
  g_assert_cmpuint (f->largest, <=, 2000);

  g_signal_handlers_disconnect_by_func (model, items_changed_cb, f);
  g_ptr_array_set_size (f->held, 0);
  f->model = NULL;
  g_assert_finalize_object (g_steal_pointer (&model));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/rapport/store/list-model/moves", Fixture, NULL, fixture_setup,
              test_moves, fixture_teardown);

  return g_test_run ();
}
