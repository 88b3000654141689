/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#ifdef __linux__
#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "rp-store.h"
#include "rp-store-list-model.h"
#include "rp-test-store.h"

#define T0 G_GINT64_CONSTANT (1764000000000000)   /* 2025-11-24, UTC µs */
#define SECOND G_GINT64_CONSTANT (1000000)

typedef struct
{
  char    *dir;
  char    *path;
  RpStore *store;
  gint64   account;
} Fixture;

/* Helpers */

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }

  g_rmdir (path);
}

static gint64
add_account (RpStore    *store,
             const char *name)
{
  g_autoptr(RpStoreAccount) account = rp_store_account_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  account->marketplace = g_strdup ("aliexpress");
  account->base_url = g_strdup ("http://127.0.0.1:1");
  account->app_key = g_strdup ("sandbox");
  account->name = g_strdup (name);
  account->seller_id = g_strdup ("2000001");

  id = rp_store_add_account_sync (store, account, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("rp-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "cache", "rapport.db", NULL);

  if (data != NULL)   /* tests that open the file themselves */
    return;

  fixture->store = rp_store_new (fixture->path);
  g_assert_true (rp_store_open_sync (fixture->store, &error));
  g_assert_no_error (error);
  fixture->account = add_account (fixture->store, "Main store");
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->store != NULL)
    {
      g_autoptr(GError) error = NULL;

      /* Every test leaves a sound database behind. */
      if (rp_store_get_path (fixture->store) != NULL &&
          rp_store_check_integrity_sync (fixture->store, &error))
        g_assert_no_error (error);
      else if (!g_error_matches (error, RP_STORE_ERROR, RP_STORE_ERROR_CLOSED))
        g_assert_no_error (error);

      g_assert_finalize_object (g_steal_pointer (&fixture->store));
    }

  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static RpOrder *
make_order (gint64  account_id,
            guint   n,
            gboolean detail)
{
  RpOrder *order = rp_order_new ();
  RpOrderItem *item = rp_order_item_new ();

  order->account_id = account_id;
  order->order_id = g_strdup_printf ("81%014u", n);
  order->raw_status = g_strdup (n % 3 == 0 ? "WAIT_SELLER_SEND_GOODS" : "FINISH");
  order->status = rp_order_status_from_marketplace (order->raw_status);
  order->created_at = T0 + (gint64)n * 60 * SECOND;
  order->modified_at = order->created_at + 3600 * SECOND;
  order->ship_by = n % 3 == 0 ? order->created_at + 5 * 86400 * SECOND : 0;
  order->buyer_login_id = g_strdup_printf ("buyer%u", n % 997);
  order->buyer_name = g_strdup_printf ("Buyer %u", n % 997);
  order->total.cents = 1000 + n % 5000;
  memcpy (order->total.currency, "USD", 3);

  item->child_id = g_strdup_printf ("82%014u", n);
  item->product_id = g_strdup ("1005001");
  item->title = g_strdup ("Linen shirt");
  item->variant = g_strdup ("Color: Blue; Size: L");
  item->quantity = 1 + n % 3;
  item->unit_price = order->total;
  g_ptr_array_add (order->items, item);

  if (detail)
    {
      order->has_detail = TRUE;
      order->buyer_country = g_strdup (n % 2 == 0 ? "FR" : "US");
      order->memo = g_strdup ("Please no invoice");
      order->address.contact_person = g_strdup (order->buyer_name);
      order->address.country = g_strdup (order->buyer_country);
      order->address.city = g_strdup ("Lyon");
      order->address.address = g_strdup ("12 rue de la République");
      order->address.zip = g_strdup ("69002");
      order->address.phone = g_strdup ("+33 4 00 00 00 00");
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
  message->sender_login_id = g_strdup ("fr1001");
  message->sender_name = g_strdup ("Émile Durand");
  message->message_type = g_strdup ("order");

  return message;
}

static GPtrArray *
single (gpointer object)
{
  GPtrArray *array = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (array, object);

  return array;
}

static char *
sqlite_text (const char *path,
             const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

static void
exec_file_sql (const char *path,
               const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s", message);
  sqlite3_close (db);
}

static void
wait_for_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static void
wait_until_loaded (RpStoreListModel *model)
{
  while (rp_store_list_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
}

/* Open, close, files */

static void
test_open_close (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RpStore) store = rp_store_new (fixture->path);
  g_autofree char *version = NULL;
  g_autofree char *fk = NULL;

  /* Nothing works before open, with a clear error. */
  g_assert_cmpint (rp_store_count_sync (store, 0, RP_STORE_CHANGE_ORDERS, &error), ==, -1);
  g_assert_error (error, RP_STORE_ERROR, RP_STORE_ERROR_NOT_OPEN);
  g_clear_error (&error);

  rp_store_open_async (store, NULL, store_result_cb, &result);
  wait_for_result (&result);
  g_assert_true (rp_store_open_finish (store, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (rp_store_count_sync (store, 0, RP_STORE_CHANGE_ORDERS, &error), ==, 0);
  g_assert_no_error (error);

  rp_store_close (store);
  rp_store_close (store);   /* twice is fine */
  g_assert_cmpint (rp_store_count_sync (store, 0, RP_STORE_CHANGE_ORDERS, &error), ==, -1);
  g_assert_error (error, RP_STORE_ERROR, RP_STORE_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_finalize_object (g_steal_pointer (&store));

  version = sqlite_text (fixture->path, "PRAGMA user_version");
  g_assert_cmpint (atoi (version), ==, RP_STORE_SCHEMA_VERSION);

  /* Reopening an existing database is not a migration. */
  store = rp_store_new (fixture->path);
  g_assert_true (rp_store_open_sync (store, &error));
  g_assert_no_error (error);
  g_assert_true (rp_store_check_integrity_sync (store, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&store));

  fk = sqlite_text (fixture->path, "SELECT count(*) FROM pragma_foreign_key_list ('orders')");
  g_assert_cmpint (atoi (fk), ==, 1);
}

static void
test_file_mode (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  g_autoptr(GPtrArray) orders = single (make_order (0, 1, TRUE));
  RpStore *store;
  struct stat st;
  mode_t old_umask = umask (0);

  /* A careless umask must not leak the cache to other users. */
  store = rp_store_new (fixture->path);
  g_assert_true (rp_store_open_sync (store, &error));
  g_assert_no_error (error);
  umask (old_umask);

  ((RpOrder *)orders->pdata[0])->account_id = add_account (store, "x");
  g_assert_true (rp_store_upsert_orders_sync (store, ((RpOrder *)orders->pdata[0])->account_id,
                                              orders, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_finalize_object (store);

  /* A file that exists with looser permissions is tightened. */
  g_assert_cmpint (g_chmod (fixture->path, 0644), ==, 0);
  store = rp_store_new (fixture->path);
  g_assert_true (rp_store_open_sync (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_finalize_object (store);
}

static void
test_wal_and_foreign_keys (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *mode = sqlite_text (fixture->path, "PRAGMA journal_mode");
  g_autoptr(GPtrArray) orders = single (make_order (fixture->account, 1, TRUE));
  g_autoptr(GPtrArray) other = single (make_order (0, 2, TRUE));
  gint64 second = add_account (fixture->store, "Second store");

  g_assert_cmpstr (mode, ==, "wal");

  g_assert_true (rp_store_upsert_orders_sync (fixture->store, fixture->account, orders, &error));
  g_assert_no_error (error);
  g_assert_true (rp_store_upsert_orders_sync (fixture->store, second, other, &error));
  g_assert_no_error (error);
  g_assert_true (rp_store_set_cursor_sync (fixture->store, fixture->account, "orders", "42",
                                           &error));
  g_assert_no_error (error);

  /* A row for an account that does not exist is refused (foreign_keys is on). */
  g_assert_false (rp_store_upsert_orders_sync (fixture->store, 999, orders, &error));
  g_assert_error (error, RP_STORE_ERROR, RP_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Removing an account takes all its rows with it, and only its rows. */
  g_assert_true (rp_store_remove_account_sync (fixture->store, fixture->account, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rp_store_count_sync (fixture->store, 0, RP_STORE_CHANGE_ORDERS, NULL), ==, 1);
  g_assert_cmpint (rp_store_count_sync (fixture->store, fixture->account,
                                        RP_STORE_CHANGE_CURSORS, NULL), ==, 0);
  g_assert_cmpint (rp_store_count_sync (fixture->store, second, RP_STORE_CHANGE_ORDERS, NULL),
                   ==, 1);
  {
    g_autoptr(GPtrArray) items = rp_store_dump_table_sync (fixture->store, "order_items", NULL,
                                                           &error);

    g_assert_no_error (error);
    g_assert_cmpuint (items->len, ==, 1);
  }
}

/* Migrations */

static char *
schema_text (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GString *text = g_string_new (NULL);

  /* The FTS5 shadow tables are recreated by .dump with "IF NOT EXISTS": compare the rest. */
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT type, name, tbl_name, sql FROM sqlite_schema "
                                       "WHERE name NOT LIKE 'messages_fts_%' "
                                       "ORDER BY type, name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (text, "%s %s %s\n%s\n\n",
                            sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1),
                            sqlite3_column_text (stmt, 2), sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return g_string_free (text, FALSE);
}

/* @data names a fixture: a dump of a database as some schema version created it. */
static void
test_migrate_fixture (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *fixture_file = g_build_filename (STORE_FIXTURES_DIR, data, NULL);
  g_autofree char *fresh_path = g_build_filename (fixture->dir, "fresh.db", NULL);
  g_autofree char *cache_dir = g_path_get_dirname (fixture->path);
  g_autofree char *sql = NULL;
  g_autofree char *upgraded_schema = NULL;
  g_autofree char *fresh_schema = NULL;
  g_autofree char *version = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RpOrder) order = NULL;
  g_autoptr(RpDispute) dispute = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) shipments = NULL;
  g_autofree char *cursor = NULL;
  RpStore *store;

  g_assert_true (g_file_get_contents (fixture_file, &sql, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (fixture->dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (cache_dir, 0700), ==, 0);
  exec_file_sql (fixture->path, sql);

  store = rp_store_new (fixture->path);
  g_assert_true (rp_store_open_sync (store, &error));
  g_assert_no_error (error);

  version = sqlite_text (fixture->path, "PRAGMA user_version");
  g_assert_cmpint (atoi (version), ==, RP_STORE_SCHEMA_VERSION);

  /* Everything the old version stored reads back through the current code. */
  order = rp_store_get_order_sync (store, 1, "8100000000000001", &error);
  g_assert_no_error (error);
  g_assert_nonnull (order);
  g_assert_cmpstr (order->buyer_name, ==, "Émile Durand");
  g_assert_cmpstr (order->address.city, ==, "Lyon");
  g_assert_cmpint (order->status, ==, RP_ORDER_STATUS_TO_SHIP);
  g_assert_cmpint (order->confirmation, ==, RP_CONFIRMATION_SENT);
  g_assert_cmpuint (order->items->len, ==, 1);
  g_assert_cmpint (order->total.cents, ==, 2599);
  g_assert_cmpstr (order->total.currency, ==, "USD");
  /* Version 3 summed up the items of the orders already cached. */
  g_clear_pointer (&version, g_free);
  version = sqlite_text (fixture->path, "SELECT items_summary FROM orders WHERE order_id = '8100000000000001'");
  g_assert_cmpstr (version, ==, "Linen shirt");

  dispute = rp_store_get_dispute_sync (store, 1, "9100000000000001", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dispute->buyer_solutions->len, ==, 1);
  g_assert_cmpuint (dispute->history->len, ==, 1);

  shipments = rp_store_list_shipments_sync (store, 1, "8100000000000001", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (shipments->len, ==, 1);
  g_assert_cmpuint (((RpShipment *)shipments->pdata[0])->events->len, ==, 1);

  messages = rp_store_list_messages_sync (store, 1, "8100000000000001", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 2);

  /* The outbox item left in sending was recovered at open. */
  outbox = rp_store_outbox_list_sync (store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, 1);
  g_assert_cmpint (((RpOutboxItem *)outbox->pdata[0])->state, ==, RP_OUTBOX_FAILED_RETRYABLE);
  g_assert_true (((RpOutboxItem *)outbox->pdata[0])->ambiguous);

  hits = rp_store_search_messages_sync (store, 0, "colour", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);

  /* Since version 4 messages may be written and not indexed yet: a search finds them. */
  if (g_str_equal (data, "v4.sql") || g_str_equal (data, "v5.sql"))
    {
      g_clear_pointer (&hits, g_ptr_array_unref);
      hits = rp_store_search_messages_sync (store, 0, "paket", 10, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (hits->len, ==, 1);
      g_assert_cmpstr (((RpStoreSearchHit *)hits->pdata[0])->buyer_name, ==, "Jonas Weber");
    }

  cursor = rp_store_get_cursor_sync (store, 1, "orders", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cursor, ==, "1764000100000000");

  g_assert_true (rp_store_check_integrity_sync (store, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (store);

  /* The upgraded database has exactly the schema of a new one. */
  store = rp_store_new (fresh_path);
  g_assert_true (rp_store_open_sync (store, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (store);

  upgraded_schema = schema_text (fixture->path);
  fresh_schema = schema_text (fresh_path);
  g_assert_cmpstr (upgraded_schema, ==, fresh_schema);
}

static void
test_refuse_newer (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  g_autofree char *version = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *table = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("CREATE TABLE future (x); PRAGMA user_version = %d;",
                                          RP_STORE_SCHEMA_VERSION + 1);
  RpStore *store;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  exec_file_sql (fixture->path, sql);

  store = rp_store_new (fixture->path);
  g_assert_false (rp_store_open_sync (store, &error));
  g_assert_error (error, RP_STORE_ERROR, RP_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer"));
  g_clear_error (&error);

  /* Still closed to everything else, and the file is untouched. */
  g_assert_cmpint (rp_store_count_sync (store, 0, RP_STORE_CHANGE_ORDERS, &error), ==, -1);
  g_assert_error (error, RP_STORE_ERROR, RP_STORE_ERROR_NOT_OPEN);
  g_assert_finalize_object (store);

  version = sqlite_text (fixture->path, "PRAGMA user_version");
  g_assert_cmpint (atoi (version), ==, RP_STORE_SCHEMA_VERSION + 1);
  mode = sqlite_text (fixture->path, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "delete");
  table = sqlite_text (fixture->path, "SELECT count(*) FROM sqlite_schema WHERE name = 'orders'");
  g_assert_cmpstr (table, ==, "0");
}

static void
test_migration_atomic (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *fixture_file = g_build_filename (STORE_FIXTURES_DIR, "v1.sql", NULL);
  g_autofree char *cache_dir = g_path_get_dirname (fixture->path);
  g_autofree char *sql = NULL;
  g_autofree char *version = NULL;
  g_autofree char *orders = NULL;
  g_autoptr(GError) error = NULL;
  RpStore *store;

  /* A version 1 database the step to version 2 cannot apply to (its index is missing). */
  g_assert_true (g_file_get_contents (fixture_file, &sql, NULL, &error));
  g_assert_cmpint (g_mkdir_with_parents (cache_dir, 0700), ==, 0);
  exec_file_sql (fixture->path, sql);
  exec_file_sql (fixture->path, "DROP TABLE messages_fts");

  store = rp_store_new (fixture->path);
  g_assert_false (rp_store_open_sync (store, &error));
  g_assert_error (error, RP_STORE_ERROR, RP_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "version 2"));
  g_assert_finalize_object (store);

  /* Nothing of the failed step stayed: still version 1, data intact. */
  version = sqlite_text (fixture->path, "PRAGMA user_version");
  g_assert_cmpstr (version, ==, "1");
  orders = sqlite_text (fixture->path, "SELECT count(*) FROM orders");
  g_assert_cmpstr (orders, ==, "1");
}

static void
test_not_a_database (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  g_autoptr(GError) error = NULL;
  RpStore *store;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (fixture->path,
                                     "This is not SQLite, just some text that is long enough",
                                     -1, NULL));

  store = rp_store_new (fixture->path);
  g_assert_false (rp_store_open_sync (store, &error));
  g_assert_error (error, RP_STORE_ERROR, RP_STORE_ERROR_CORRUPT);
  g_assert_finalize_object (store);
}

/* Upserts */

static void
test_upsert_orders (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpOrder) read = NULL;
  g_autoptr(RpOrder) missing = NULL;
  RpOrder *order;
  RpOrderItem *item;

  order = make_order (fixture->account, 7, TRUE);
  order->issue_status = g_strdup ("NO_ISSUE");
  order->logistics_status = g_strdup ("NO_LOGISTICS");
  order->paid_at = order->created_at + 60 * SECOND;
  order->buyer_name = (g_free (order->buyer_name), g_strdup ("<b>Zoë</b> \"O'Brien\" 李"));
  item = rp_order_item_new ();
  item->child_id = g_strdup ("child-2");
  item->title = g_strdup ("Second item");
  item->memo = g_strdup ("gift wrap, please");
  item->quantity = 2;
  item->unit_price.cents = 150;
  memcpy (item->unit_price.currency, "EUR", 3);
  g_ptr_array_add (order->items, item);
  g_ptr_array_add (orders, order);
  g_ptr_array_add (orders, make_order (fixture->account, 8, FALSE));

  g_assert_true (rp_store_upsert_orders_sync (fixture->store, fixture->account, orders, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rp_store_count_sync (fixture->store, fixture->account,
                                        RP_STORE_CHANGE_ORDERS, NULL), ==, 2);

  read = rp_store_get_order_sync (fixture->store, fixture->account, order->order_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (read);
  g_assert_cmpint (read->account_id, ==, fixture->account);
  g_assert_cmpstr (read->order_id, ==, order->order_id);
  g_assert_cmpstr (read->raw_status, ==, order->raw_status);
  g_assert_cmpint (read->status, ==, order->status);
  g_assert_cmpstr (read->issue_status, ==, "NO_ISSUE");
  g_assert_cmpstr (read->logistics_status, ==, "NO_LOGISTICS");
  g_assert_cmpint (read->created_at, ==, order->created_at);
  g_assert_cmpint (read->paid_at, ==, order->paid_at);
  g_assert_cmpint (read->modified_at, ==, order->modified_at);
  g_assert_cmpint (read->ship_by, ==, order->ship_by);
  g_assert_cmpstr (read->buyer_login_id, ==, order->buyer_login_id);
  g_assert_cmpstr (read->buyer_name, ==, "<b>Zoë</b> \"O'Brien\" 李");
  g_assert_cmpstr (read->buyer_country, ==, order->buyer_country);
  g_assert_cmpint (read->total.cents, ==, order->total.cents);
  g_assert_cmpstr (read->total.currency, ==, "USD");
  g_assert_cmpstr (read->memo, ==, order->memo);
  g_assert_cmpstr (read->address.contact_person, ==, order->address.contact_person);
  g_assert_cmpstr (read->address.country, ==, order->address.country);
  g_assert_cmpstr (read->address.city, ==, "Lyon");
  g_assert_cmpstr (read->address.address, ==, "12 rue de la République");
  g_assert_cmpstr (read->address.zip, ==, "69002");
  g_assert_cmpstr (read->address.phone, ==, order->address.phone);
  g_assert_true (read->has_detail);
  g_assert_cmpuint (read->items->len, ==, 2);
  item = g_ptr_array_index (read->items, 0);
  g_assert_cmpstr (item->title, ==, "Linen shirt");
  g_assert_cmpstr (item->variant, ==, "Color: Blue; Size: L");
  g_assert_cmpuint (item->quantity, ==, 2);
  item = g_ptr_array_index (read->items, 1);
  g_assert_cmpstr (item->memo, ==, "gift wrap, please");
  g_assert_cmpint (item->unit_price.cents, ==, 150);
  g_assert_cmpstr (item->unit_price.currency, ==, "EUR");
  g_assert_true (rp_order_has_buyer_note (read));

  missing = rp_store_get_order_sync (fixture->store, fixture->account, "nope", &error);
  g_assert_no_error (error);
  g_assert_null (missing);

  /* The same page again changes nothing. */
  g_assert_true (rp_store_upsert_orders_sync (fixture->store, fixture->account, orders, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rp_store_count_sync (fixture->store, 0, RP_STORE_CHANGE_ORDERS, NULL), ==, 2);
  {
    g_autoptr(GPtrArray) items = rp_store_dump_table_sync (fixture->store, "order_items", NULL,
                                                           &error);
    g_assert_cmpuint (items->len, ==, 3);
  }
}

static void
test_upsert_preserves_local (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) detail = single (make_order (fixture->account, 3, TRUE));
  g_autoptr(GPtrArray) page = single (make_order (fixture->account, 3, FALSE));
  RpOrder *listed = page->pdata[0];
  g_autoptr(GError) error = NULL;
  g_autoptr(RpOrder) read = NULL;
  g_autofree char *deadline = g_strdup_printf ("%" G_GINT64_FORMAT, T0 + 86400 * SECOND);

  g_assert_true (rp_store_upsert_orders_sync (fixture->store, fixture->account, detail, &error));
  g_assert_no_error (error);
  g_assert_true (rp_store_set_order_state_sync (fixture->store, fixture->account,
                                                listed->order_id,
                                                RP_STORE_ORDER_STATE_CONFIRMATION,
                                                rp_store_confirmation_to_string (RP_CONFIRMATION_SENT),
                                                &error));
  g_assert_no_error (error);
  g_assert_true (rp_store_set_order_state_sync (fixture->store, fixture->account,
                                                listed->order_id,
                                                RP_STORE_ORDER_STATE_CONFIRMATION_DEADLINE,
                                                deadline, &error));
  g_assert_no_error (error);
  g_assert_true (rp_store_set_order_state_sync (fixture->store, fixture->account,
                                                listed->order_id,
                                                RP_STORE_ORDER_STATE_NOTE_OVERRIDE_REASON,
                                                "Buyer confirmed by phone", &error));
  g_assert_no_error (error);

  /* A later list page: new status, no address, no country, no items. */
  g_free (listed->raw_status);
  listed->raw_status = g_strdup ("WAIT_BUYER_ACCEPT_GOODS");
  listed->status = RP_ORDER_STATUS_SHIPPED;
  listed->modified_at += 7200 * SECOND;
  g_ptr_array_set_size (listed->items, 0);
  listed->confirmation = RP_CONFIRMATION_NONE;
  g_assert_true (rp_store_upsert_orders_sync (fixture->store, fixture->account, page, &error));
  g_assert_no_error (error);

  read = rp_store_get_order_sync (fixture->store, fixture->account, listed->order_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (read->status, ==, RP_ORDER_STATUS_SHIPPED);
  g_assert_cmpint (read->modified_at, ==, listed->modified_at);
  g_assert_true (read->has_detail);
  g_assert_cmpstr (read->address.city, ==, "Lyon");
  g_assert_cmpstr (read->address.zip, ==, "69002");
  g_assert_cmpstr (read->buyer_country, ==, "US");
  g_assert_cmpstr (read->memo, ==, "Please no invoice");
  g_assert_cmpuint (read->items->len, ==, 1);
  g_assert_cmpint (read->confirmation, ==, RP_CONFIRMATION_SENT);
  g_assert_cmpint (read->confirmation_deadline, ==, T0 + 86400 * SECOND);
  {
    g_autofree char *reason = rp_store_get_order_state_sync (fixture->store, fixture->account,
                                                             listed->order_id,
                                                             RP_STORE_ORDER_STATE_NOTE_OVERRIDE_REASON,
                                                             &error);
    g_assert_cmpstr (reason, ==, "Buyer confirmed by phone");
  }

  /* Deleting a key. */
  g_assert_true (rp_store_set_order_state_sync (fixture->store, fixture->account,
                                                listed->order_id,
                                                RP_STORE_ORDER_STATE_NOTE_OVERRIDE_REASON,
                                                NULL, &error));
  {
    g_autofree char *reason = rp_store_get_order_state_sync (fixture->store, fixture->account,
                                                             listed->order_id,
                                                             RP_STORE_ORDER_STATE_NOTE_OVERRIDE_REASON,
                                                             &error);
    g_assert_no_error (error);
    g_assert_null (reason);
  }
}

static RpDispute *
make_dispute (const char *issue_id,
              gboolean    detail)
{
  RpDispute *dispute = rp_dispute_new ();

  dispute->issue_id = g_strdup (issue_id);
  dispute->order_id = g_strdup ("8100000000000001");
  dispute->parent_order_id = g_strdup ("8100000000000000");
  dispute->buyer_login_id = g_strdup ("fr1001");
  dispute->raw_status = g_strdup ("processing");
  dispute->status = RP_DISPUTE_STATUS_PROCESSING;
  dispute->reason = g_strdup ("Item not as described");
  dispute->reason_id = g_strdup ("R1");
  dispute->created_at = T0;
  dispute->modified_at = T0 + SECOND;

  if (detail)
    {
      RpSolution *solution = rp_solution_new ();
      RpDisputeEvent *event = rp_dispute_event_new ();
      const char *attachments[] = { "https://example.invalid/a.jpg", "b.png", NULL };

      dispute->has_detail = TRUE;
      dispute->detail_status = g_strdup ("seller_response");
      dispute->timeout_type = g_strdup ("seller_response_timeout");
      dispute->deadline = T0 + 5 * 86400 * SECOND;
      dispute->product_name = g_strdup ("Linen shirt");
      dispute->product_price.cents = 2599;
      memcpy (dispute->product_price.currency, "USD", 3);
      dispute->refund_max = dispute->product_price;

      solution->solution_id = g_strdup ("s-1");
      solution->solution_type = g_strdup ("refund");
      solution->owner = g_strdup ("buyer");
      solution->status = g_strdup ("wait_seller_confirm");
      solution->is_default = TRUE;
      solution->refund = dispute->product_price;
      solution->content = g_strdup ("Full refund");
      solution->created_at = T0;
      g_ptr_array_add (dispute->buyer_solutions, solution);

      solution = rp_solution_new ();
      solution->solution_id = g_strdup ("s-2");
      solution->owner = g_strdup ("seller");
      solution->refund.cents = 1000;
      memcpy (solution->refund.currency, "USD", 3);
      g_ptr_array_add (dispute->seller_solutions, solution);

      event->action_type = g_strdup ("initiate");
      event->actor = g_strdup ("buyer");
      event->content = g_strdup ("Wrong colour");
      event->at = T0;
      event->attachments = g_strdupv ((GStrv)attachments);
      g_ptr_array_add (dispute->history, event);
    }

  return dispute;
}

static void
test_upsert_disputes (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) detail = single (make_dispute ("9100000000000001", TRUE));
  g_autoptr(GPtrArray) page = single (make_dispute ("9100000000000001", FALSE));
  g_autoptr(GError) error = NULL;
  g_autoptr(RpDispute) read = NULL;
  g_autoptr(RpDispute) again = NULL;
  RpDisputeEvent *event;
  RpSolution *solution;

  g_assert_true (rp_store_upsert_disputes_sync (fixture->store, fixture->account, detail, &error));
  g_assert_no_error (error);

  read = rp_store_get_dispute_sync (fixture->store, fixture->account, "9100000000000001", &error);
  g_assert_no_error (error);
  g_assert_nonnull (read);
  g_assert_cmpstr (read->order_id, ==, "8100000000000001");
  g_assert_cmpstr (read->parent_order_id, ==, "8100000000000000");
  g_assert_cmpstr (read->reason, ==, "Item not as described");
  g_assert_cmpstr (read->reason_id, ==, "R1");
  g_assert_cmpstr (read->detail_status, ==, "seller_response");
  g_assert_cmpstr (read->timeout_type, ==, "seller_response_timeout");
  g_assert_cmpint (read->deadline, ==, T0 + 5 * 86400 * SECOND);
  g_assert_cmpstr (read->product_name, ==, "Linen shirt");
  g_assert_cmpint (read->refund_max.cents, ==, 2599);
  g_assert_true (read->has_detail);
  g_assert_cmpuint (read->buyer_solutions->len, ==, 1);
  g_assert_cmpuint (read->seller_solutions->len, ==, 1);
  g_assert_cmpuint (read->platform_solutions->len, ==, 0);
  solution = g_ptr_array_index (read->buyer_solutions, 0);
  g_assert_cmpstr (solution->solution_id, ==, "s-1");
  g_assert_true (solution->is_default);
  g_assert_cmpint (solution->refund.cents, ==, 2599);
  g_assert_cmpstr (solution->content, ==, "Full refund");
  event = g_ptr_array_index (read->history, 0);
  g_assert_cmpstr (event->action_type, ==, "initiate");
  g_assert_cmpstr (event->content, ==, "Wrong colour");
  g_assert_cmpuint (g_strv_length (event->attachments), ==, 2);
  g_assert_cmpstr (event->attachments[1], ==, "b.png");

  /* A list page keeps solutions, history and the detail fields. */
  g_assert_true (rp_store_upsert_disputes_sync (fixture->store, fixture->account, page, &error));
  g_assert_no_error (error);
  again = rp_store_get_dispute_sync (fixture->store, fixture->account, "9100000000000001", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->buyer_solutions->len, ==, 1);
  g_assert_cmpuint (again->history->len, ==, 1);
  g_assert_cmpint (again->deadline, ==, T0 + 5 * 86400 * SECOND);
  g_assert_cmpstr (again->detail_status, ==, "seller_response");
  g_assert_true (again->has_detail);
}

static void
test_upsert_shipments (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(RpShipment) shipment = rp_shipment_new ();
  g_autoptr(GPtrArray) shipments = g_ptr_array_new ();
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GError) error = NULL;
  RpTrackingEvent *event;
  RpShipment *got;

  shipment->order_id = g_strdup ("8100000000000001");
  shipment->tracking_no = g_strdup ("LP00000000001");
  shipment->service_name = g_strdup ("CAINIAO_STANDARD");
  shipment->to_country = g_strdup ("FR");
  shipment->shipped_at = T0;
  shipment->status = RP_TRACKING_IN_TRANSIT;
  shipment->last_event_at = T0 + 86400 * SECOND;
  shipment->last_polled_at = T0 + 2 * 86400 * SECOND;
  event = rp_tracking_event_new ();
  event->at = T0 + 3600 * SECOND;
  event->description = g_strdup ("Accepted by carrier");
  event->action_code = g_strdup ("GWMS_ACCEPT");
  g_ptr_array_add (shipment->events, event);
  event = rp_tracking_event_new ();
  event->at = T0 + 86400 * SECOND;
  event->description = g_strdup ("Departed from sorting center");
  event->address = g_strdup ("Shenzhen");
  g_ptr_array_add (shipment->events, event);
  g_ptr_array_add (shipments, shipment);

  g_assert_true (rp_store_upsert_shipments_sync (fixture->store, fixture->account, shipments,
                                                 &error));
  g_assert_no_error (error);

  /* A poll without events does not erase the timeline. */
  g_ptr_array_set_size (shipment->events, 0);
  shipment->status = RP_TRACKING_OUT_FOR_DELIVERY;
  g_assert_true (rp_store_upsert_shipments_sync (fixture->store, fixture->account, shipments,
                                                 &error));
  g_assert_no_error (error);

  read = rp_store_list_shipments_sync (fixture->store, fixture->account, "8100000000000001",
                                       &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->len, ==, 1);
  got = g_ptr_array_index (read, 0);
  g_assert_cmpstr (got->tracking_no, ==, "LP00000000001");
  g_assert_cmpstr (got->service_name, ==, "CAINIAO_STANDARD");
  g_assert_cmpstr (got->to_country, ==, "FR");
  g_assert_cmpint (got->shipped_at, ==, T0);
  g_assert_cmpint (got->status, ==, RP_TRACKING_OUT_FOR_DELIVERY);
  g_assert_cmpint (got->last_event_at, ==, T0 + 86400 * SECOND);
  g_assert_cmpint (got->last_polled_at, ==, T0 + 2 * 86400 * SECOND);
  g_assert_cmpuint (got->events->len, ==, 2);
  event = g_ptr_array_index (got->events, 1);
  g_assert_cmpstr (event->description, ==, "Departed from sorting center");
  g_assert_cmpstr (event->address, ==, "Shenzhen");
  g_assert_cmpint (event->at, ==, T0 + 86400 * SECOND);
}

static void
test_upsert_conversations_messages (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(RpConversation) conversation = rp_conversation_new ();
  g_autoptr(GPtrArray) conversations = g_ptr_array_new ();
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(RpConversation) got = NULL;
  g_autoptr(GError) error = NULL;
  const char *images[] = { "https://example.invalid/1.jpg", NULL };
  RpMessage *message;

  conversation->channel_id = g_strdup ("8100000000000001");
  conversation->buyer_login_id = g_strdup ("fr1001");
  conversation->buyer_name = g_strdup ("Émile Durand");
  conversation->order_id = g_strdup ("8100000000000001");
  conversation->unread_count = 2;
  conversation->rank = 3;
  conversation->last_message_at = T0 + 120 * SECOND;
  conversation->last_message_text = g_strdup ("Is it blue?");
  g_ptr_array_add (conversations, conversation);
  g_assert_true (rp_store_upsert_conversations_sync (fixture->store, fixture->account,
                                                     conversations, &error));
  g_assert_no_error (error);

  /* Out of order on purpose: the list is by time. */
  message = make_message ("8100000000000001", "m-2", "Is it blue?", T0 + 120 * SECOND);
  g_ptr_array_add (messages, message);
  message = make_message ("8100000000000001", "m-1", "Hello <b>seller</b> &amp;", T0);
  message->image_urls = g_strdupv ((GStrv)images);
  message->extern_id = g_strdup ("ext-1");
  g_ptr_array_add (messages, message);
  g_assert_true (rp_store_upsert_messages_sync (fixture->store, fixture->account, messages,
                                                &error));
  g_assert_no_error (error);
  /* Upserting again updates in place. */
  g_assert_true (rp_store_upsert_messages_sync (fixture->store, fixture->account, messages,
                                                &error));
  g_assert_no_error (error);

  read = rp_store_list_messages_sync (fixture->store, fixture->account, "8100000000000001",
                                      &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->len, ==, 2);
  message = g_ptr_array_index (read, 0);
  g_assert_cmpstr (message->message_id, ==, "m-1");
  g_assert_cmpstr (message->content, ==, "Hello <b>seller</b> &amp;");
  g_assert_cmpstr (message->sender_name, ==, "Émile Durand");
  g_assert_cmpstr (message->extern_id, ==, "ext-1");
  g_assert_cmpstr (message->message_type, ==, "order");
  g_assert_cmpint (message->sent_at, ==, T0);
  g_assert_false (message->is_own);
  g_assert_cmpint (message->outbox_id, ==, 0);
  g_assert_cmpint (message->outbox_state, ==, RP_OUTBOX_SENT);
  g_assert_cmpstr (message->image_urls[0], ==, images[0]);
  g_assert_null (message->image_urls[1]);
  g_assert_cmpstr (((RpMessage *)read->pdata[1])->message_id, ==, "m-2");

  got = rp_store_get_conversation_sync (fixture->store, fixture->account, "8100000000000001",
                                        &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->buyer_name, ==, "Émile Durand");
  g_assert_cmpstr (got->order_id, ==, "8100000000000001");
  g_assert_cmpuint (got->unread_count, ==, 2);
  g_assert_cmpuint (got->rank, ==, 3);
  g_assert_false (got->read);
  g_assert_cmpint (got->last_message_at, ==, T0 + 120 * SECOND);
  g_assert_cmpstr (got->last_message_text, ==, "Is it blue?");

  /* A server message without id is refused: local echoes only come through the outbox. */
  g_clear_pointer (&((RpMessage *)messages->pdata[0])->message_id, g_free);
  g_assert_false (rp_store_upsert_messages_sync (fixture->store, fixture->account, messages,
                                                 &error));
  g_assert_error (error, RP_STORE_ERROR, RP_STORE_ERROR_INVALID);
}

/* A page of conversations followed by their messages is written in one transaction, the
 * conversations first, and its messages in multi-row statements: more than one statement's
 * worth here, one of them without content (written on its own) in the middle. */
static void
test_upsert_conversations_with_messages (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(RpConversation) got = NULL;
  g_autoptr(GError) error = NULL;
  RpConversation *conversation = rp_conversation_new ();
  const guint n_messages = 150;
  RpMessage *message;

  conversation->channel_id = g_strdup ("8100000000000007");
  conversation->buyer_login_id = g_strdup ("fr1007");
  conversation->buyer_name = g_strdup ("Zoé Martin");
  conversation->last_message_at = T0 + n_messages * SECOND;
  conversation->last_message_text = g_strdup ("message 149");
  g_ptr_array_add (rows, conversation);
  for (guint i = 0; i < n_messages; i++)
    {
      g_autofree char *id = g_strdup_printf ("w-%03u", i);
      g_autofree char *text = g_strdup_printf ("message %u", i);

      /* The sender's name is not the buyer's: the index takes the conversation's. */
      message = make_message ("8100000000000007", id, text, T0 + i * SECOND);
      g_free (message->sender_name);
      message->sender_name = g_strdup ("zm-shop-login");
      if (i == 70)
        g_clear_pointer (&message->content, g_free);
      g_ptr_array_add (rows, message);
    }

  g_assert_true (rp_store_upsert_conversations_sync (fixture->store, fixture->account, rows,
                                                     &error));
  g_assert_no_error (error);

  read = rp_store_list_messages_sync (fixture->store, fixture->account, "8100000000000007",
                                      &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->len, ==, n_messages);
  for (guint i = 0; i < n_messages; i++)
    {
      g_autofree char *id = g_strdup_printf ("w-%03u", i);
      g_autofree char *text = g_strdup_printf ("message %u", i);

      message = g_ptr_array_index (read, i);
      g_assert_cmpstr (message->message_id, ==, id);
      g_assert_cmpstr (message->content, ==, i == 70 ? "" : text);
      g_assert_cmpstr (message->sender_name, ==, "zm-shop-login");
      g_assert_cmpint (message->sent_at, ==, T0 + i * SECOND);
    }

  got = rp_store_get_conversation_sync (fixture->store, fixture->account, "8100000000000007",
                                        &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->buyer_name, ==, "Zoé Martin");
  g_assert_cmpstr (got->last_message_text, ==, "message 149");

  /* Every message is found by the buyer's name, and by its own text. */
  hits = rp_store_search_messages_sync (fixture->store, fixture->account, "Zoé", 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, n_messages);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = rp_store_search_messages_sync (fixture->store, fixture->account, "149", 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (((RpStoreSearchHit *)hits->pdata[0])->message->message_id, ==, "w-149");
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Again, as an incremental sync would: updated in place; a message sent without its
   * content keeps the cached text. */
  again = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (again, g_object_ref (conversation));
  message = make_message ("8100000000000007", "w-010", NULL, T0 + 10 * SECOND);
  g_ptr_array_add (again, message);
  message = make_message ("8100000000000007", "w-011", "edited 11", T0 + 11 * SECOND);
  g_ptr_array_add (again, message);
  g_assert_true (rp_store_upsert_conversations_sync (fixture->store, fixture->account, again,
                                                     &error));
  g_assert_no_error (error);
  g_clear_pointer (&read, g_ptr_array_unref);
  read = rp_store_list_messages_sync (fixture->store, fixture->account, "8100000000000007",
                                      &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->len, ==, n_messages);
  g_assert_cmpstr (((RpMessage *)read->pdata[10])->content, ==, "message 10");
  g_assert_cmpstr (((RpMessage *)read->pdata[11])->content, ==, "edited 11");
  hits = rp_store_search_messages_sync (fixture->store, fixture->account, "edited", 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* A conversation after the messages is refused, and the whole page with it. */
  g_ptr_array_add (again, rp_conversation_new ());
  ((RpConversation *)again->pdata[3])->channel_id = g_strdup ("8100000000000008");
  message = again->pdata[2];
  g_free (message->content);
  message->content = g_strdup ("not written");
  g_assert_false (rp_store_upsert_conversations_sync (fixture->store, fixture->account, again,
                                                      &error));
  g_assert_error (error, RP_STORE_ERROR, RP_STORE_ERROR_INVALID);
  g_clear_error (&error);
  hits = rp_store_search_messages_sync (fixture->store, fixture->account, "written", 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 0);
}

static void
test_rollback (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  RpOrder *bad;
  char *huge;

  g_ptr_array_add (orders, make_order (fixture->account, 1, TRUE));
  g_ptr_array_add (orders, make_order (fixture->account, 2, TRUE));
  bad = make_order (fixture->account, 3, TRUE);
  g_free (bad->buyer_name);
  bad->buyer_name = g_strdup ("Bad \xff\xfe name");
  g_ptr_array_add (orders, bad);

  /* The third order fails after the first two were written: none of them stays. */
  g_assert_false (rp_store_upsert_orders_sync (fixture->store, fixture->account, orders, &error));
  g_assert_error (error, RP_STORE_ERROR, RP_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "buyer_name"));
  g_assert_nonnull (strstr (error->message, "UTF-8"));
  g_clear_error (&error);
  g_assert_cmpint (rp_store_count_sync (fixture->store, 0, RP_STORE_CHANGE_ORDERS, NULL), ==, 0);
  {
    g_autoptr(GPtrArray) items = rp_store_dump_table_sync (fixture->store, "order_items", NULL,
                                                           &error);
    g_assert_no_error (error);
    g_assert_cmpuint (items->len, ==, 0);
  }

  /* An oversized field, and an order without id, likewise. */
  g_free (bad->buyer_name);
  huge = g_malloc (RP_STORE_MAX_FIELD_LENGTH + 2);
  memset (huge, 'a', RP_STORE_MAX_FIELD_LENGTH + 1);
  huge[RP_STORE_MAX_FIELD_LENGTH + 1] = '\0';
  bad->buyer_name = huge;
  g_assert_false (rp_store_upsert_orders_sync (fixture->store, fixture->account, orders, &error));
  g_assert_error (error, RP_STORE_ERROR, RP_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_clear_pointer (&bad->buyer_name, g_free);
  g_clear_pointer (&bad->order_id, g_free);
  g_assert_false (rp_store_upsert_orders_sync (fixture->store, fixture->account, orders, &error));
  g_assert_error (error, RP_STORE_ERROR, RP_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (rp_store_count_sync (fixture->store, 0, RP_STORE_CHANGE_ORDERS, NULL), ==, 0);

  /* The store is fine afterwards: the next good page goes in. */
  g_ptr_array_remove_index (orders, 2);
  g_assert_true (rp_store_upsert_orders_sync (fixture->store, fixture->account, orders, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rp_store_count_sync (fixture->store, 0, RP_STORE_CHANGE_ORDERS, NULL), ==, 2);
}

static void
changed_cb (RpStore *store,
            guint    changes,
            gint64   account_id,
            gpointer user_data)
{
  GArray *seen = user_data;
  gint64 pair[2] = { changes, account_id };

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  g_array_append_vals (seen, pair, 2);
}

static void
test_async_and_changed (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) orders = single (make_order (fixture->account, 5, TRUE));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RpOrder) order = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  /* Drain what the fixture's setup queued. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_signal_connect (fixture->store, "changed", G_CALLBACK (changed_cb), seen);

  rp_store_upsert_orders_async (fixture->store, fixture->account, orders, NULL,
                                store_result_cb, &result);
  wait_for_result (&result);
  g_assert_true (rp_store_upsert_orders_finish (fixture->store, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  /* The signal came first, on the main context, for this account. */
  g_assert_cmpuint (seen->len, ==, 2);
  g_assert_true (g_array_index (seen, gint64, 0) & RP_STORE_CHANGE_ORDERS);
  g_assert_cmpint (g_array_index (seen, gint64, 1), ==, fixture->account);

  rp_store_get_order_async (fixture->store, fixture->account, "8100000000000005", NULL,
                            store_result_cb, &result);
  wait_for_result (&result);
  order = rp_store_get_order_finish (fixture->store, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (order->order_id, ==, "8100000000000005");

  /* A read does not signal; a cancelled job does nothing and says so. */
  g_cancellable_cancel (cancellable);
  rp_store_upsert_orders_async (fixture->store, fixture->account, orders, cancellable,
                                store_result_cb, &result2);
  wait_for_result (&result2);
  g_assert_false (rp_store_upsert_orders_finish (fixture->store, result2, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (seen->len, ==, 2);

  g_signal_handlers_disconnect_by_func (fixture->store, changed_cb, seen);
}

/* Full-text search */

static void
test_fts_query_builder (void)
{
  struct {
    const char *input;
    const char *query;
  } cases[] = {
    { "hello", "\"hello\"*" },
    { "blue shirt", "\"blue\" \"shirt\"*" },
    { "  AND  ", "\"AND\"*" },
    { "a\"b", "\"a\"\"b\"*" },
    { "NEAR(a b)", "\"NEAR(a\" \"b)\"*" },
    { "content:secret", "\"content:secret\"*" },
    { "-x ^y", "\"-x\" \"^y\"*" },
    { "\"", NULL },
    { "* - ( ) : ^ \"\"", NULL },
    { "", NULL },
    { "李\u3000明", "\"李\" \"明\"*" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *query = rp_store_build_fts_query (cases[i].input);

      g_assert_cmpstr (query, ==, cases[i].query);
    }
}

static guint
count_rows (const char *path,
            const char *sql)
{
  g_autofree char *text = sqlite_text (path, sql);

  return text != NULL ? (guint)atoi (text) : 0;
}

static guint
count_hits (RpStore    *store,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = rp_store_search_messages_sync (store, 0, text, 100, &error);

  g_assert_no_error (error);

  return hits->len;
}

/* Messages are indexed for search in batches (migration 0004), not as they are written; a
 * search still finds every message written before it, under its buyer's current name, and
 * nothing is left unindexed once the store has closed. */
static void
test_fts_batches (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) conversations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  RpConversation *conversation = rp_conversation_new ();
  g_autofree char *fts_check = NULL;
  guint pending;

  conversation->channel_id = g_strdup ("8100000000000001");
  conversation->buyer_name = g_strdup ("Émile Durand");
  g_ptr_array_add (conversations, conversation);
  g_assert_true (rp_store_upsert_conversations_sync (fixture->store, fixture->account,
                                                     conversations, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *id = g_strdup_printf ("m-%u", i);

      g_ptr_array_add (messages, make_message ("8100000000000001", id,
                                               i == 0 ? "Where is my parcel?" : "Thanks",
                                               T0 + i * SECOND));
    }
  g_assert_true (rp_store_upsert_messages_sync (fixture->store, fixture->account, messages,
                                                &error));
  g_assert_no_error (error);

  /* Written, not indexed yet.  While another process holds the cache's write lock the
   * search answers from the index as it is, after the lock's wait. */
  g_assert_cmpuint (count_rows (fixture->path, "SELECT count(*) FROM messages_fts_pending"), ==, 10);
  {
    sqlite3 *other = NULL;

    g_assert_cmpint (sqlite3_open (fixture->path, &other), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
    g_test_expect_message ("rp-store", G_LOG_LEVEL_WARNING, "Searching without the latest messages*");
    g_assert_cmpuint (count_hits (fixture->store, "parcel"), ==, 0);
    g_test_assert_expected_messages ();
    sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close (other);
  }

  /* The next search indexes them first. */
  g_assert_cmpuint (count_hits (fixture->store, "parcel"), ==, 1);
  g_assert_cmpuint (count_hits (fixture->store, "emile"), ==, 10);
  g_assert_cmpuint (count_rows (fixture->path, "SELECT count(*) FROM messages_fts_pending"), ==, 0);

  /* A new text replaces the old one in the index; a renamed buyer re-indexes the messages. */
  g_free (((RpMessage *)messages->pdata[0])->content);
  ((RpMessage *)messages->pdata[0])->content = g_strdup ("It arrived, thank you");
  g_free (conversation->buyer_name);
  conversation->buyer_name = g_strdup ("Emilie Dupont");
  g_assert_true (rp_store_upsert_messages_sync (fixture->store, fixture->account,
                                                single (g_object_ref (messages->pdata[0])),
                                                &error));
  g_assert_true (rp_store_upsert_conversations_sync (fixture->store, fixture->account,
                                                     conversations, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_hits (fixture->store, "parcel"), ==, 0);
  g_assert_cmpuint (count_hits (fixture->store, "arrived"), ==, 1);
  g_assert_cmpuint (count_hits (fixture->store, "durand"), ==, 0);
  g_assert_cmpuint (count_hits (fixture->store, "dupont"), ==, 10);

  /* A sync's worth of pages: indexed a batch at a time as they are committed, not all at
   * the end and not page by page. */
  for (guint page = 0; page < 30; page++)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < 100; i++)
        {
          g_autofree char *id = g_strdup_printf ("p-%u-%u", page, i);

          g_ptr_array_add (batch, make_message ("8100000000000001", id, "Still waiting",
                                                T0 + (100 + page * 100 + i) * SECOND));
        }
      g_assert_true (rp_store_upsert_messages_sync (fixture->store, fixture->account, batch,
                                                    &error));
      g_assert_no_error (error);
    }
  pending = count_rows (fixture->path, "SELECT count(*) FROM messages_fts_pending");
  g_assert_cmpuint (pending, <, 3000);
  g_assert_cmpuint (pending, >, 100);
  g_assert_cmpuint (count_rows (fixture->path, "SELECT count(*) FROM messages_fts"), ==,
                    3010 - pending);

  /* Closing indexes the rest, and the index agrees with what it holds. */
  rp_store_close (fixture->store);
  g_assert_cmpuint (count_rows (fixture->path, "SELECT count(*) FROM messages_fts_pending"), ==, 0);
  g_assert_cmpuint (count_rows (fixture->path, "SELECT count(*) FROM messages_fts"), ==, 3010);
  fts_check = sqlite_text (fixture->path,
                           "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'waiting'");
  g_assert_cmpstr (fts_check, ==, "3000");
  exec_file_sql (fixture->path,
                 "INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')");
}

static void
test_fts_hostile (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) conversations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  RpConversation *conversation = rp_conversation_new ();
  const char *hostile[] = {
    "\"", "\"\"", "*", "NEAR(", "NEAR(hello", "AND", "OR", "NOT", "hello AND", "AND hello",
    "-", "-hello", "hello -world", ":", "content:hello", "buyer_name:x", "^hello", "(", ")",
    "a OR b", "\"unterminated", "hello\"world", "*hello", "{content}: hello", "' OR 1=1 --",
    "\x01\x02", "\xff\xfe", "🙂", "Ünïcödé", "李明", "hello*", "NEAR(a b, 3)",
  };
  struct { const char *id; const char *text; } corpus[] = {
    { "m-1", "Hello, is the shirt blue AND white?" },
    { "m-2", "Please ship to Lyon -- thanks" },
    { "m-3", "Ünïcödé text with emoji 🙂 and 李明 here" },
    { "m-4", "Contains \x01 control \x02 chars and a \"quote\"" },
    { "m-5", "NEAR(this is literally written) content:secret" },
  };
  g_autoptr(GPtrArray) hits = NULL;
  RpStoreSearchHit *hit;
  RpStoreRange *range;

  conversation->channel_id = g_strdup ("c-1");
  conversation->buyer_name = g_strdup ("Zoë Émile");
  g_ptr_array_add (conversations, conversation);
  g_assert_true (rp_store_upsert_conversations_sync (fixture->store, fixture->account,
                                                     conversations, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (corpus); i++)
    g_ptr_array_add (messages, make_message ("c-1", corpus[i].id, corpus[i].text,
                                             T0 + i * SECOND));
  g_assert_true (rp_store_upsert_messages_sync (fixture->store, fixture->account, messages,
                                                &error));
  g_assert_no_error (error);

  /* Nothing the user types is an error. */
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr(GPtrArray) result = rp_store_search_messages_sync (fixture->store, 0, hostile[i],
                                                                   10, &error);

      g_assert_no_error (error);
      g_assert_nonnull (result);
    }

  /* Operators are words: "AND" finds the message that says "and", all three of them. */
  hits = rp_store_search_messages_sync (fixture->store, fixture->account, "AND", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 3);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* NEAR( is text, matched literally (as the word "near"). */
  hits = rp_store_search_messages_sync (fixture->store, 0, "NEAR(this", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (((RpStoreSearchHit *)hits->pdata[0])->message->message_id, ==, "m-5");
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* A column filter in the input is not one. */
  hits = rp_store_search_messages_sync (fixture->store, 0, "content:secret", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* "-" is not NOT: "ship -- thanks" finds m-2. */
  hits = rp_store_search_messages_sync (fixture->store, 0, "ship -thanks", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (((RpStoreSearchHit *)hits->pdata[0])->message->message_id, ==, "m-2");
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Prefix on the last word, diacritics folded, offsets point at the match. */
  hits = rp_store_search_messages_sync (fixture->store, 0, "unicod", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  hit = hits->pdata[0];
  g_assert_cmpuint (hit->content_ranges->len, ==, 1);
  range = &g_array_index (hit->content_ranges, RpStoreRange, 0);
  g_assert_cmpint (strncmp (hit->message->content + range->start, "Ünïcödé",
                            range->end - range->start), ==, 0);
  g_assert_cmpuint (range->end - range->start, ==, strlen ("Ünïcödé"));
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Offsets stay right past control characters in the text. */
  hits = rp_store_search_messages_sync (fixture->store, 0, "chars", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  hit = hits->pdata[0];
  range = &g_array_index (hit->content_ranges, RpStoreRange, 0);
  g_assert_cmpint (strncmp (hit->message->content + range->start, "chars", 5), ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Quotes in the input are text. */
  hits = rp_store_search_messages_sync (fixture->store, 0, "\"quote\"", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (((RpStoreSearchHit *)hits->pdata[0])->message->message_id, ==, "m-4");
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Search as you type: one letter is already a prefix. */
  hits = rp_store_search_messages_sync (fixture->store, 0, "u", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (((RpStoreSearchHit *)hits->pdata[0])->message->message_id, ==, "m-3");
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* CJK and emoji. */
  hits = rp_store_search_messages_sync (fixture->store, 0, "李明", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Buyer names are searched too, with their own ranges; newest first. */
  hits = rp_store_search_messages_sync (fixture->store, 0, "zoe", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, G_N_ELEMENTS (corpus));
  hit = hits->pdata[0];
  g_assert_cmpstr (hit->message->message_id, ==, "m-5");
  g_assert_cmpstr (hit->buyer_name, ==, "Zoë Émile");
  g_assert_cmpuint (hit->buyer_name_ranges->len, ==, 1);
  range = &g_array_index (hit->buyer_name_ranges, RpStoreRange, 0);
  g_assert_cmpuint (range->start, ==, 0);
  g_assert_cmpuint (range->end, ==, strlen ("Zoë"));
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* A limit, and another account sees nothing. */
  hits = rp_store_search_messages_sync (fixture->store, 0, "zoe", 2, &error);
  g_assert_cmpuint (hits->len, ==, 2);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = rp_store_search_messages_sync (fixture->store, fixture->account + 100, "zoe", 10, &error);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Renaming the buyer re-indexes; deleting messages (with the account) empties the index. */
  g_free (conversation->buyer_name);
  conversation->buyer_name = g_strdup ("Zacharie");
  g_assert_true (rp_store_upsert_conversations_sync (fixture->store, fixture->account,
                                                     conversations, &error));
  hits = rp_store_search_messages_sync (fixture->store, 0, "zacharie", 10, &error);
  g_assert_cmpuint (hits->len, ==, G_N_ELEMENTS (corpus));
  g_clear_pointer (&hits, g_ptr_array_unref);

  g_assert_true (rp_store_remove_account_sync (fixture->store, fixture->account, &error));
  g_assert_no_error (error);
  hits = rp_store_search_messages_sync (fixture->store, 0, "hello", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 0);
}

/* Outbox */

static gint64
enqueue_message (Fixture    *fixture,
                 const char *channel,
                 const char *text)
{
  g_autoptr(RpOutboxItem) item = NULL;
  g_autoptr(RpMessage) echo = rp_message_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = g_strdup_printf ("{\"content\":\"%s\"}", text);
  gint64 id;

  item = rp_outbox_item_new (RP_OUTBOX_KIND_MESSAGE, fixture->account, channel, payload);
  echo->channel_id = g_strdup (channel);
  echo->content = g_strdup (text);

  id = rp_store_outbox_enqueue_sync (fixture->store, item, echo, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

static RpOutboxItem *
claim (Fixture *fixture,
       gint64   now)
{
  g_autoptr(GError) error = NULL;
  RpOutboxItem *item = rp_store_outbox_claim_sync (fixture->store, fixture->account, now, &error);

  g_assert_no_error (error);

  return item;
}

static void
test_outbox_state_machine (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(RpConversation) conversation = rp_conversation_new ();
  g_autoptr(GPtrArray) conversations = g_ptr_array_new ();
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(RpOutboxItem) claimed = NULL;
  g_autoptr(RpConversation) got = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();
  RpMessage *echo;
  gint64 id;

  conversation->channel_id = g_strdup ("c-1");
  conversation->unread_count = 3;
  conversation->last_message_at = T0;
  g_ptr_array_add (conversations, conversation);
  g_assert_true (rp_store_upsert_conversations_sync (fixture->store, fixture->account,
                                                     conversations, &error));

  id = enqueue_message (fixture, "c-1", "Thank you for your order");

  /* Local echo: in the conversation at once, linked to its item, and last in the list. */
  messages = rp_store_list_messages_sync (fixture->store, fixture->account, "c-1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);
  echo = messages->pdata[0];
  g_assert_null (echo->message_id);
  g_assert_cmpint (echo->outbox_id, ==, id);
  g_assert_cmpint (echo->outbox_state, ==, RP_OUTBOX_QUEUED);
  g_assert_true (echo->is_own);
  g_assert_cmpstr (echo->content, ==, "Thank you for your order");
  got = rp_store_get_conversation_sync (fixture->store, fixture->account, "c-1", &error);
  g_assert_cmpstr (got->last_message_text, ==, "Thank you for your order");
  g_assert_true (got->last_message_is_own);
  g_clear_object (&got);
  g_clear_pointer (&messages, g_ptr_array_unref);

  claimed = claim (fixture, now);
  g_assert_nonnull (claimed);
  g_assert_cmpint (claimed->id, ==, id);
  g_assert_cmpint (claimed->state, ==, RP_OUTBOX_SENDING);
  g_assert_cmpuint (claimed->attempts, ==, 1);
  g_assert_cmpint (claimed->kind, ==, RP_OUTBOX_KIND_MESSAGE);
  g_assert_cmpstr (claimed->payload, ==, "{\"content\":\"Thank you for your order\"}");
  g_assert_null (claim (fixture, now));

  /* Not from sending to sending, nor to an unknown state. */
  g_assert_false (rp_store_outbox_set_state_sync (fixture->store, id, RP_OUTBOX_SENDING, NULL,
                                                  NULL, 0, &error));
  g_assert_error (error, RP_STORE_ERROR, RP_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* A retryable failure with a time for the next attempt. */
  g_assert_true (rp_store_outbox_set_state_sync (fixture->store, id, RP_OUTBOX_FAILED_RETRYABLE,
                                                 NULL, "HTTP 503", now + 60 * SECOND, &error));
  g_assert_no_error (error);
  g_assert_null (claim (fixture, now));
  g_clear_object (&claimed);
  claimed = claim (fixture, now + 61 * SECOND);
  g_assert_nonnull (claimed);
  g_assert_cmpuint (claimed->attempts, ==, 2);
  g_assert_cmpstr (claimed->last_error, ==, "HTTP 503");

  /* Sent: the echo takes the server's id, and keeps its link to the item. */
  g_assert_true (rp_store_outbox_set_state_sync (fixture->store, id, RP_OUTBOX_SENT, "srv-77",
                                                 NULL, 0, &error));
  g_assert_no_error (error);
  messages = rp_store_list_messages_sync (fixture->store, fixture->account, "c-1", &error);
  g_assert_cmpuint (messages->len, ==, 1);
  echo = messages->pdata[0];
  g_assert_cmpstr (echo->message_id, ==, "srv-77");
  g_assert_cmpint (echo->outbox_id, ==, id);
  g_assert_cmpint (echo->outbox_state, ==, RP_OUTBOX_SENT);
  g_clear_pointer (&messages, g_ptr_array_unref);

  /* The pull then brings the same message: no duplicate, still linked. */
  messages = single (make_message ("c-1", "srv-77", "Thank you for your order", now));
  ((RpMessage *)messages->pdata[0])->is_own = TRUE;
  g_assert_true (rp_store_upsert_messages_sync (fixture->store, fixture->account, messages,
                                                &error));
  g_clear_pointer (&messages, g_ptr_array_unref);
  messages = rp_store_list_messages_sync (fixture->store, fixture->account, "c-1", &error);
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_cmpint (((RpMessage *)messages->pdata[0])->outbox_id, ==, id);
  g_clear_pointer (&messages, g_ptr_array_unref);

  /* The other way round: the pull is first (after an unanswered send), then the engine
   * records the id it found.  One row, the server's, linked to the item. */
  {
    gint64 other = enqueue_message (fixture, "c-3", "Lost answer");
    g_autoptr(RpOutboxItem) c3 = claim (fixture, now);
    g_autoptr(GPtrArray) pulled = single (make_message ("c-3", "srv-88", "Lost answer", now));

    g_assert_cmpint (c3->id, ==, other);
    ((RpMessage *)pulled->pdata[0])->is_own = TRUE;
    g_assert_true (rp_store_upsert_messages_sync (fixture->store, fixture->account, pulled,
                                                  &error));
    messages = rp_store_list_messages_sync (fixture->store, fixture->account, "c-3", &error);
    g_assert_cmpuint (messages->len, ==, 2);
    g_clear_pointer (&messages, g_ptr_array_unref);

    g_assert_true (rp_store_outbox_set_state_sync (fixture->store, other, RP_OUTBOX_SENT,
                                                   "srv-88", NULL, 0, &error));
    g_assert_no_error (error);
    messages = rp_store_list_messages_sync (fixture->store, fixture->account, "c-3", &error);
    g_assert_cmpuint (messages->len, ==, 1);
    g_assert_cmpstr (((RpMessage *)messages->pdata[0])->message_id, ==, "srv-88");
    g_assert_cmpint (((RpMessage *)messages->pdata[0])->outbox_id, ==, other);
    g_assert_cmpint (((RpMessage *)messages->pdata[0])->outbox_state, ==, RP_OUTBOX_SENT);
    g_clear_pointer (&messages, g_ptr_array_unref);
  }

  /* Sent is final. */
  g_assert_false (rp_store_outbox_set_state_sync (fixture->store, id, RP_OUTBOX_QUEUED, NULL,
                                                  NULL, 0, &error));
  g_assert_error (error, RP_STORE_ERROR, RP_STORE_ERROR_INVALID);
  g_clear_error (&error);

  items = rp_store_outbox_list_sync (fixture->store, fixture->account, &error);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_cmpint (((RpOutboxItem *)items->pdata[0])->state, ==, RP_OUTBOX_SENT);
  g_assert_cmpstr (((RpOutboxItem *)items->pdata[0])->remote_id, ==, "srv-77");
  g_assert_cmpint (((RpOutboxItem *)items->pdata[0])->sent_at, >=, now);

  /* Mark read: echoed locally, and the pull does not undo it while it is unsent. */
  {
    g_autoptr(RpOutboxItem) read = rp_outbox_item_new (RP_OUTBOX_KIND_MARK_READ, fixture->account,
                                                       "c-1", "{}");

    g_assert_cmpint (rp_store_outbox_enqueue_sync (fixture->store, read, NULL, &error), >, 0);
    g_assert_no_error (error);
  }
  g_assert_true (rp_store_upsert_conversations_sync (fixture->store, fixture->account,
                                                     conversations, &error));
  got = rp_store_get_conversation_sync (fixture->store, fixture->account, "c-1", &error);
  g_assert_true (got->read);
  g_assert_cmpuint (got->unread_count, ==, 0);
  g_clear_object (&got);

  /* A permanent failure, then discarding the item removes its echo. */
  {
    gint64 second = enqueue_message (fixture, "c-2", "Will fail");
    g_autoptr(RpOutboxItem) c2 = NULL;

    g_clear_object (&claimed);
    claimed = claim (fixture, now);   /* the mark-read of c-1 */
    g_assert_cmpint (claimed->kind, ==, RP_OUTBOX_KIND_MARK_READ);
    c2 = claim (fixture, now);
    g_assert_cmpint (c2->id, ==, second);
    g_assert_true (rp_store_outbox_set_state_sync (fixture->store, second,
                                                   RP_OUTBOX_FAILED_PERMANENT, NULL,
                                                   "Text forbidden", 0, &error));
    g_assert_no_error (error);
    g_clear_pointer (&messages, g_ptr_array_unref);
    messages = rp_store_list_messages_sync (fixture->store, fixture->account, "c-2", &error);
    g_assert_cmpint (((RpMessage *)messages->pdata[0])->outbox_state, ==,
                     RP_OUTBOX_FAILED_PERMANENT);
    g_assert_true (rp_store_outbox_discard_sync (fixture->store, second, &error));
    g_assert_no_error (error);
    g_clear_pointer (&messages, g_ptr_array_unref);
    messages = rp_store_list_messages_sync (fixture->store, fixture->account, "c-2", &error);
    g_assert_cmpuint (messages->len, ==, 0);
  }
}

static void
test_outbox_order (Fixture       *fixture,
                   gconstpointer  data)
{
  gint64 now = g_get_real_time ();
  gint64 a1 = enqueue_message (fixture, "A", "a1");
  gint64 a2 = enqueue_message (fixture, "A", "a2");
  gint64 b1 = enqueue_message (fixture, "B", "b1");
  g_autoptr(RpOutboxItem) first = NULL;
  g_autoptr(RpOutboxItem) second = NULL;
  g_autoptr(RpOutboxItem) third = NULL;
  g_autoptr(RpOutboxItem) fourth = NULL;
  g_autoptr(RpOutboxItem) scheduled = NULL;
  g_autoptr(GError) error = NULL;
  gint64 s1;

  first = claim (fixture, now);
  g_assert_cmpint (first->id, ==, a1);
  /* a2 waits for a1 while a1 is being sent: b1 goes meanwhile. */
  second = claim (fixture, now);
  g_assert_cmpint (second->id, ==, b1);
  g_assert_null (claim (fixture, now));

  /* a1 fails and waits a minute: a2 still may not overtake it. */
  g_assert_true (rp_store_outbox_set_state_sync (fixture->store, a1, RP_OUTBOX_FAILED_RETRYABLE,
                                                 NULL, "timeout", now + 60 * SECOND, &error));
  g_assert_no_error (error);
  g_assert_null (claim (fixture, now + 30 * SECOND));

  g_clear_object (&first);
  first = claim (fixture, now + 60 * SECOND);
  g_assert_cmpint (first->id, ==, a1);
  g_assert_true (rp_store_outbox_set_state_sync (fixture->store, a1, RP_OUTBOX_SENT, "r1", NULL,
                                                 0, &error));
  third = claim (fixture, now + 60 * SECOND);
  g_assert_cmpint (third->id, ==, a2);

  /* Scheduled for later (the buyer's morning): not before its time. */
  {
    g_autoptr(RpOutboxItem) item = rp_outbox_item_new (RP_OUTBOX_KIND_MESSAGE, fixture->account,
                                                       "C", "{}");

    item->state = RP_OUTBOX_SCHEDULED;
    item->not_before = now + 3600 * SECOND;
    s1 = rp_store_outbox_enqueue_sync (fixture->store, item, NULL, &error);
    g_assert_no_error (error);
  }
  g_assert_null (claim (fixture, now + 60 * SECOND));
  scheduled = claim (fixture, now + 3600 * SECOND);
  g_assert_cmpint (scheduled->id, ==, s1);

  /* Other accounts' items are not claimed for this one. */
  fourth = rp_store_outbox_claim_sync (fixture->store, fixture->account + 1, now + 7200 * SECOND,
                                       &error);
  g_assert_no_error (error);
  g_assert_null (fourth);
}

static void
test_outbox_restart (Fixture       *fixture,
                     gconstpointer  data)
{
  gint64 now = g_get_real_time ();
  gint64 id = enqueue_message (fixture, "A", "in flight");
  gint64 later = enqueue_message (fixture, "A", "after it");
  g_autoptr(RpOutboxItem) claimed = claim (fixture, now);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  RpOutboxItem *item;

  g_assert_cmpint (claimed->id, ==, id);

  /* The process dies while sending (the store is closed without an answer). */
  rp_store_close (fixture->store);
  g_assert_finalize_object (g_steal_pointer (&fixture->store));

  fixture->store = rp_store_new (fixture->path);
  g_assert_true (rp_store_open_sync (fixture->store, &error));
  g_assert_no_error (error);

  items = rp_store_outbox_list_sync (fixture->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
  item = items->pdata[0];
  g_assert_cmpint (item->id, ==, id);
  g_assert_cmpint (item->state, ==, RP_OUTBOX_FAILED_RETRYABLE);
  g_assert_true (item->ambiguous);
  item = items->pdata[1];
  g_assert_cmpint (item->state, ==, RP_OUTBOX_QUEUED);
  g_assert_false (item->ambiguous);

  /* The echo is still there, and the order holds: the interrupted one comes first, flagged. */
  messages = rp_store_list_messages_sync (fixture->store, fixture->account, "A", &error);
  g_assert_cmpuint (messages->len, ==, 2);
  g_clear_object (&claimed);
  claimed = claim (fixture, now);
  g_assert_cmpint (claimed->id, ==, id);
  g_assert_true (claimed->ambiguous);

  /* The engine finds it on the server: sent, without a second send. */
  g_assert_true (rp_store_outbox_set_state_sync (fixture->store, id, RP_OUTBOX_SENT, "srv-1",
                                                 NULL, 0, &error));
  g_assert_no_error (error);
  g_clear_object (&claimed);
  claimed = claim (fixture, now);
  g_assert_cmpint (claimed->id, ==, later);
}

/* List models */

static void
insert_orders (Fixture *fixture,
               guint    count,
               guint    page_size)
{
  g_autoptr(GError) error = NULL;

  for (guint start = 0; start < count; start += page_size)
    {
      g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint n = start; n < MIN (count, start + page_size); n++)
        g_ptr_array_add (page, make_order (fixture->account, n, n % 10 == 0));

      g_assert_true (rp_store_upsert_orders_sync (fixture->store, fixture->account, page, &error));
      g_assert_no_error (error);
    }
}

typedef struct
{
  guint changes;
  guint largest_added;
} ItemsChangedLog;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  ItemsChangedLog *log = user_data;

  log->changes++;
  log->largest_added = MAX (log->largest_added, added);
}

static void
test_list_model_orders_100k (Fixture       *fixture,
                             gconstpointer  data)
{
  const guint count = 100000;
  g_autoptr(RpStoreListModel) model = NULL;
  g_autoptr(GError) error = NULL;
  ItemsChangedLog log = { 0 };
  gint64 started;
  gint64 insert_time;
  gint64 load_time;
  gint64 previous = G_MAXINT64;
  guint n_to_ship = 0;

  started = g_get_monotonic_time ();
  insert_orders (fixture, count, 1000);
  insert_time = g_get_monotonic_time () - started;

  started = g_get_monotonic_time ();
  model = rp_store_list_model_new (fixture->store, RP_STORE_LIST_ORDERS, fixture->account);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &log);
  g_assert_true (rp_store_list_model_get_loading (model));
  /* Returns at once: nothing was read on this thread. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  wait_until_loaded (model);
  load_time = g_get_monotonic_time () - started;

  g_test_message ("inserted %u orders in %.3f s; list model loaded them in %.3f s "
                  "(%u items-changed)", count, insert_time / 1e6, load_time / 1e6, log.changes);
  g_print ("# store: %u orders inserted in %.3f s, list model load %.3f s\n",
           count, insert_time / 1e6, load_time / 1e6);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, count);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == RP_TYPE_ORDER);
  /* Appended a page at a time, never one row at a time. */
  g_assert_cmpuint (log.changes, <, 50);
  g_assert_cmpuint (log.largest_added, >, 1);
  g_assert_cmpint (load_time, <, 10 * G_USEC_PER_SEC);

  for (guint i = 0; i < count; i++)
    {
      g_autoptr(RpOrder) order = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_cmpint (order->created_at, <=, previous);
      g_assert_cmpuint (order->items->len, ==, 0);
      previous = order->created_at;
      if (order->status == RP_ORDER_STATUS_TO_SHIP)
        n_to_ship++;
    }
  g_assert_cmpuint (n_to_ship, ==, (count + 2) / 3);
  {
    g_autoptr(RpOrder) newest = g_list_model_get_item (G_LIST_MODEL (model), 0);

    g_assert_cmpstr (newest->order_id, ==, "8100000000099999");
  }

  /* Filters run in SQL. */
  rp_store_list_model_set_status (model, RP_ORDER_STATUS_TO_SHIP);
  wait_until_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n_to_ship);

  rp_store_list_model_set_sort (model, RP_STORE_LIST_SORT_SHIP_BY_ASC);
  wait_until_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n_to_ship);
  {
    g_autoptr(RpOrder) first = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_autoptr(RpOrder) last = g_list_model_get_item (G_LIST_MODEL (model), n_to_ship - 1);

    g_assert_cmpint (first->ship_by, <, last->ship_by);
  }

  rp_store_list_model_set_status (model, -1);
  rp_store_list_model_set_text (model, "buyer996");
  wait_until_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, count / 997);
  {
    g_autoptr(RpOrder) first = g_list_model_get_item (G_LIST_MODEL (model), 0);

    g_assert_cmpstr (first->buyer_login_id, ==, "buyer996");
    /* Orders without a ship-by time come last. */
    g_assert_cmpint (first->ship_by, !=, 0);
  }

  /* LIKE wildcards in the text are literal. */
  rp_store_list_model_set_text (model, "%");
  wait_until_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  rp_store_list_model_set_text (model, NULL);
  rp_store_list_model_set_sort (model, RP_STORE_LIST_SORT_CREATED_DESC);
  rp_store_list_model_set_country (model, "FR");
  wait_until_loaded (model);
  /* Detail orders are every tenth, all even, so all in France. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, count / 10);
  rp_store_list_model_set_country (model, NULL);
  wait_until_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, count);

  /* A write elsewhere refreshes the model by itself. */
  {
    g_autoptr(GPtrArray) page = single (make_order (fixture->account, count, FALSE));

    g_assert_true (rp_store_upsert_orders_sync (fixture->store, fixture->account, page, &error));
    g_assert_no_error (error);
  }
  while (g_list_model_get_n_items (G_LIST_MODEL (model)) != count + 1 ||
         rp_store_list_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
  {
    g_autoptr(RpOrder) newest = g_list_model_get_item (G_LIST_MODEL (model), 0);

    g_assert_cmpstr (newest->order_id, ==, "8100000000100000");
  }

  /* Writes while a load is running: the load finishes, then the model catches up. */
  rp_store_list_model_reload (model);
  for (guint i = 1; i <= 5; i++)
    {
      g_autoptr(GPtrArray) page = single (make_order (fixture->account, count + i, FALSE));

      g_assert_true (rp_store_upsert_orders_sync (fixture->store, fixture->account, page, &error));
      g_main_context_iteration (NULL, FALSE);
    }
  while (g_list_model_get_n_items (G_LIST_MODEL (model)) != count + 6 ||
         rp_store_list_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);

  g_signal_handlers_disconnect_by_func (model, items_changed_cb, &log);
  g_assert_finalize_object (g_steal_pointer (&model));
}

/* One store's rows, or every store's: the window's store switcher. */
static void
test_list_model_account (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) mine = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) theirs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  gint64 second = add_account (fixture->store, "Second store");
  RpStoreListModel *model;

  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (mine, make_order (fixture->account, 100 + i, FALSE));
  for (guint i = 0; i < 5; i++)
    g_ptr_array_add (theirs, make_order (second, 200 + i, FALSE));
  g_assert_true (rp_store_upsert_orders_sync (fixture->store, fixture->account, mine, &error));
  g_assert_true (rp_store_upsert_orders_sync (fixture->store, second, theirs, &error));
  g_assert_no_error (error);

  model = rp_store_list_model_new (fixture->store, RP_STORE_LIST_ORDERS, 0);
  wait_until_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 8);

  rp_store_list_model_set_account (model, second);
  wait_until_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(RpOrder) order = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_cmpint (order->account_id, ==, second);
    }

  rp_store_list_model_set_account (model, 0);
  wait_until_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 8);
  g_assert_finalize_object (model);
}

static void
test_list_model_kinds (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) conversations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) disputes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) shipments = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  RpStoreListModel *model;

  for (guint i = 0; i < 30; i++)
    {
      RpConversation *conversation = rp_conversation_new ();
      RpDispute *dispute = make_dispute (NULL, i % 2 == 0);
      RpShipment *shipment = rp_shipment_new ();

      conversation->channel_id = g_strdup_printf ("c-%u", i);
      conversation->last_message_at = T0 + (i * 7 % 30) * SECOND;
      g_ptr_array_add (conversations, conversation);

      g_ptr_array_add (messages, make_message ("c-1", NULL, "hi", T0 + (30 - i) * SECOND));
      ((RpMessage *)messages->pdata[i])->message_id = g_strdup_printf ("m-%u", i);

      dispute->issue_id = g_strdup_printf ("i-%u", i);
      dispute->deadline = i % 3 == 0 ? 0 : T0 + (i * 11 % 30) * SECOND;
      g_ptr_array_add (disputes, dispute);

      shipment->order_id = g_strdup_printf ("o-%u", i);
      shipment->tracking_no = g_strdup_printf ("LP%u", i);
      shipment->shipped_at = T0 + i * SECOND;
      g_ptr_array_add (shipments, shipment);
    }

  g_assert_true (rp_store_upsert_conversations_sync (fixture->store, fixture->account,
                                                     conversations, &error));
  g_assert_true (rp_store_upsert_messages_sync (fixture->store, fixture->account, messages,
                                                &error));
  g_assert_true (rp_store_upsert_disputes_sync (fixture->store, fixture->account, disputes,
                                                &error));
  g_assert_true (rp_store_upsert_shipments_sync (fixture->store, fixture->account, shipments,
                                                 &error));
  g_assert_no_error (error);

  model = rp_store_list_model_new (fixture->store, RP_STORE_LIST_CONVERSATIONS, 0);
  wait_until_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 30);
  for (guint i = 1; i < 30; i++)
    {
      g_autoptr(RpConversation) a = g_list_model_get_item (G_LIST_MODEL (model), i - 1);
      g_autoptr(RpConversation) b = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_cmpint (a->last_message_at, >=, b->last_message_at);
    }
  g_assert_finalize_object (model);

  model = rp_store_list_model_new (fixture->store, RP_STORE_LIST_MESSAGES, fixture->account);
  wait_until_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  rp_store_list_model_set_channel (model, "c-1");
  wait_until_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 30);
  {
    g_autoptr(RpMessage) first = g_list_model_get_item (G_LIST_MODEL (model), 0);

    g_assert_cmpstr (first->message_id, ==, "m-29");
  }
  /* A local echo appears after a change notification. */
  enqueue_message (fixture, "c-1", "echo");
  while (g_list_model_get_n_items (G_LIST_MODEL (model)) != 31)
    g_main_context_iteration (NULL, TRUE);
  wait_until_loaded (model);
  g_assert_finalize_object (model);

  model = rp_store_list_model_new (fixture->store, RP_STORE_LIST_DISPUTES, fixture->account);
  wait_until_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 30);
  {
    g_autoptr(RpDispute) first = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_autoptr(RpDispute) last = g_list_model_get_item (G_LIST_MODEL (model), 29);

    /* By deadline, those without one last. */
    g_assert_cmpint (first->deadline, !=, 0);
    g_assert_cmpint (last->deadline, ==, 0);
    g_assert_cmpuint (first->buyer_solutions->len, ==, 0);
  }
  g_assert_finalize_object (model);

  model = rp_store_list_model_new (fixture->store, RP_STORE_LIST_SHIPMENTS, fixture->account);
  wait_until_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 30);
  {
    g_autoptr(RpShipment) first = g_list_model_get_item (G_LIST_MODEL (model), 0);

    g_assert_cmpstr (first->tracking_no, ==, "LP29");
  }

  /* Dropped while loading: it goes away without waiting for its pages. */
  rp_store_list_model_reload (model);
  g_assert_true (rp_store_list_model_get_loading (model));
  g_assert_finalize_object (model);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
count_added_cb (GListModel *model,
                guint       position,
                guint       removed,
                guint       added,
                GArray     *adds)
{
  g_array_append_val (adds, added);
}

/* A conversation is shown from its newest message: its rows come in one page, not a
 * first page of its oldest that the rest pushes out of sight. */
static void
test_list_model_conversation_one_page (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) adds = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GError) error = NULL;
  RpStoreListModel *model;

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *id = g_strdup_printf ("m-%u", i);

      g_ptr_array_add (messages, make_message ("c-long", id, "hello", T0 + i * SECOND));
    }
  g_assert_true (rp_store_upsert_messages_sync (fixture->store, fixture->account, messages,
                                                &error));
  g_assert_no_error (error);

  model = rp_store_list_model_new (fixture->store, RP_STORE_LIST_MESSAGES, fixture->account);
  wait_until_loaded (model);
  g_signal_connect (model, "items-changed", G_CALLBACK (count_added_cb), adds);
  rp_store_list_model_set_channel (model, "c-long");
  wait_until_loaded (model);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1000);
  g_assert_cmpuint (adds->len, ==, 1);
  g_assert_cmpuint (g_array_index (adds, guint, 0), ==, 1000);
  {
    g_autoptr(RpMessage) last = g_list_model_get_item (G_LIST_MODEL (model), 999);

    g_assert_cmpstr (last->message_id, ==, "m-999");
  }
  g_signal_handlers_disconnect_by_func (model, count_added_cb, adds);
  g_assert_finalize_object (model);
}

static void
test_dump_table (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) orders = single (make_order (fixture->account, 1, TRUE));
  g_autoptr(GPtrArray) rows = NULL;
  g_auto(GStrv) columns = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *row;

  g_assert_true (rp_store_upsert_orders_sync (fixture->store, fixture->account, orders, &error));
  rows = rp_store_dump_table_sync (fixture->store, "orders", &columns, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_true (g_strv_contains ((const char * const *)columns, "order_id"));
  g_assert_cmpstr (columns[2], ==, "order_id");
  row = rows->pdata[0];
  g_assert_cmpuint (row->len, ==, g_strv_length (columns));
  g_assert_cmpstr (g_ptr_array_index (row, 2), ==, "8100000000000001");
  /* A NULL in the middle of a row (addr_province) keeps the columns after it. */
  g_assert_true (g_strv_contains ((const char * const *)columns, "addr_province"));
  for (guint i = 0; columns[i] != NULL; i++)
    if (g_str_equal (columns[i], "addr_province"))
      g_assert_null (g_ptr_array_index (row, i));
    else if (g_str_equal (columns[i], "addr_zip"))
      g_assert_cmpstr (g_ptr_array_index (row, i), ==, "69002");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Only real tables, by exact name. */
  rows = rp_store_dump_table_sync (fixture->store, "orders; DROP TABLE orders", NULL, &error);
  g_assert_error (error, RP_STORE_ERROR, RP_STORE_ERROR_NOT_FOUND);
  g_assert_null (rows);
  g_clear_error (&error);
  g_assert_cmpint (rp_store_count_sync (fixture->store, 0, RP_STORE_CHANGE_ORDERS, NULL), ==, 1);
}

typedef struct
{
  RpStore *store;
  gint64   account;
  guint    base;
} WriterData;

static gpointer
writer_thread (gpointer user_data)
{
  WriterData *data = user_data;

  for (guint page = 0; page < 20; page++)
    {
      g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GError) error = NULL;

      for (guint i = 0; i < 10; i++)
        g_ptr_array_add (orders, make_order (data->account, data->base + page * 10 + i, FALSE));

      g_assert_true (rp_store_upsert_orders_sync (data->store, data->account, orders, &error));
      g_assert_no_error (error);
    }

  return NULL;
}

static void
test_concurrent_callers (Fixture       *fixture,
                         gconstpointer  data)
{
  WriterData writers[4];
  GThread *threads[4];
  g_autoptr(GError) error = NULL;

  /* Sync calls from several threads at once are queued, never interleaved. */
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      writers[i] = (WriterData) { fixture->store, fixture->account, i * 1000 };
      threads[i] = g_thread_new ("writer", writer_thread, &writers[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  g_assert_cmpint (rp_store_count_sync (fixture->store, fixture->account, RP_STORE_CHANGE_ORDERS,
                                        &error), ==, 4 * 200);
  g_assert_no_error (error);
}

/* A new schema version adds its dump here (and the build fails until it does). */
static const char * const fixtures[] = { "v1.sql", "v2.sql", "v3.sql", "v4.sql", "v5.sql" };
G_STATIC_ASSERT (G_N_ELEMENTS (fixtures) == RP_STORE_SCHEMA_VERSION);

/* Notices: once-only alerts already given survive a reopening, a key is kept with the time
 * it was first given, pruning goes by that time, and an account takes its notices along. */
static void
test_notices (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GHashTable) notices = NULL;
  gint64 second = add_account (fixture->store, "Second store");

  notices = rp_store_notices_list_sync (fixture->store, fixture->account, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (notices), ==, 0);
  g_clear_pointer (&notices, g_hash_table_unref);

  g_assert_true (rp_store_notice_add_sync (fixture->store, fixture->account, "dispute:9:24h", 1000, &error));
  g_assert_true (rp_store_notice_add_sync (fixture->store, fixture->account, "buyer:fr1:2000", 3000, &error));
  g_assert_no_error (error);
  /* Given again later: still the first time, so pruning by age is not put off. */
  g_assert_true (rp_store_notice_add_sync (fixture->store, fixture->account, "dispute:9:24h", 5000, &error));
  g_assert_true (rp_store_notice_add_sync (fixture->store, second, "dispute:9:24h", 5000, &error));
  g_assert_no_error (error);
  g_assert_false (rp_store_notice_add_sync (fixture->store, 999, "orphan", 5000, &error));
  g_assert_error (error, RP_STORE_ERROR, RP_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* After a reopening, per account, with the time each was first given. */
  rp_store_close (fixture->store);
  g_clear_object (&fixture->store);
  fixture->store = rp_store_new (fixture->path);
  g_assert_true (rp_store_open_sync (fixture->store, &error));
  g_assert_no_error (error);

  rp_store_notices_list_async (fixture->store, fixture->account, NULL, store_result_cb, &result);
  wait_for_result (&result);
  notices = rp_store_notices_list_finish (fixture->store, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (notices), ==, 2);
  g_assert_cmpint (*(gint64 *)g_hash_table_lookup (notices, "dispute:9:24h"), ==, 1000);
  g_assert_cmpint (*(gint64 *)g_hash_table_lookup (notices, "buyer:fr1:2000"), ==, 3000);
  g_clear_pointer (&notices, g_hash_table_unref);
  g_clear_object (&result);

  rp_store_notice_add_async (fixture->store, fixture->account, "order:8100:closed", 6000, NULL,
                             store_result_cb, &result);
  wait_for_result (&result);
  g_assert_true (rp_store_notice_add_finish (fixture->store, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  /* Older than 4000: the first account's first two go, the second account's stays. */
  rp_store_notices_prune_async (fixture->store, 4000, NULL, store_result_cb, &result);
  wait_for_result (&result);
  g_assert_cmpint (rp_store_notices_prune_finish (fixture->store, result, &error), ==, 2);
  g_assert_no_error (error);
  notices = rp_store_notices_list_sync (fixture->store, fixture->account, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (notices), ==, 1);
  g_assert_true (g_hash_table_contains (notices, "order:8100:closed"));
  g_clear_pointer (&notices, g_hash_table_unref);
  g_assert_cmpint (rp_store_notices_prune_sync (fixture->store, 4000, &error), ==, 0);
  g_assert_no_error (error);

  g_assert_true (rp_store_remove_account_sync (fixture->store, second, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rp_store_notices_prune_sync (fixture->store, G_MAXINT64, &error), ==, 1);
  g_assert_no_error (error);
}

static RpOrderItem *
make_item (const char *title)
{
  RpOrderItem *item = rp_order_item_new ();

  item->title = g_strdup (title);
  item->quantity = 1;
  return item;
}

static RpOrder *
search_one (RpStoreListModel *model,
            const char       *text,
            guint             expected)
{
  rp_store_list_model_set_text (model, text);
  wait_until_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, expected);

  return expected > 0 ? g_list_model_get_item (G_LIST_MODEL (model), 0) : NULL;
}

static void
test_list_model_search_products (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RpStoreListModel) model = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) long_title = g_string_new (NULL);
  RpOrder *kettle = make_order (fixture->account, 1, TRUE);
  RpOrder *hostile = make_order (fixture->account, 2, TRUE);
  RpOrder *huge = make_order (fixture->account, 3, TRUE);

  /* Several products; the list reads them one a line. */
  g_ptr_array_add (kettle->items, make_item ("Electric Kettle 1.7 L"));
  g_ptr_array_add (kettle->items, make_item ("Descaler"));
  g_ptr_array_add (page, kettle);

  /* Line breaks and control characters in a title stay inside their line. */
  g_ptr_array_set_size (hostile->items, 0);
  g_ptr_array_add (hostile->items, make_item ("Tea\ncup\x1b[31m\tset"));
  g_ptr_array_add (page, hostile);

  /* A title longer than the summary keeps its start, cut at a character. */
  while (long_title->len < 2000)
    g_string_append (long_title, "Çay bardağı ");
  g_ptr_array_set_size (huge->items, 0);
  g_ptr_array_add (huge->items, make_item (long_title->str));
  g_ptr_array_add (huge->items, make_item ("Saucer"));
  g_ptr_array_add (page, huge);

  g_assert_true (rp_store_upsert_orders_sync (fixture->store, fixture->account, page, &error));
  g_assert_no_error (error);

  model = rp_store_list_model_new (fixture->store, RP_STORE_LIST_ORDERS, fixture->account);
  wait_until_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);

  /* A product word finds its order, whatever the case of ASCII letters. */
  {
    g_autoptr(RpOrder) found = search_one (model, "kettle", 1);

    g_assert_cmpstr (found->order_id, ==, kettle->order_id);
    g_assert_cmpstr (found->items_summary, ==, "Linen shirt\nElectric Kettle 1.7 L\nDescaler");
  }
  {
    g_autoptr(RpOrder) found = search_one (model, "DESCALER", 1);

    g_assert_cmpstr (found->order_id, ==, kettle->order_id);
  }
  {
    g_autoptr(RpOrder) found = search_one (model, "cup", 1);

    g_assert_cmpstr (found->items_summary, ==, "Tea cup [31m set");
  }
  {
    g_autoptr(RpOrder) found = search_one (model, "bardağı", 1);

    g_assert_true (g_utf8_validate (found->items_summary, -1, NULL));
    g_assert_cmpuint (strlen (found->items_summary), <=, 500);
    g_assert_cmpuint (strlen (found->items_summary), >=, 490);
    g_assert_true (g_str_has_prefix (found->items_summary, "Çay bardağı"));
    /* The titles after the one that fills it are left out, not cut. */
    g_assert_null (strstr (found->items_summary, "Saucer"));
  }
  /* Across two products is no match: they are separate lines. */
  g_clear_object (&model);
  model = rp_store_list_model_new (fixture->store, RP_STORE_LIST_ORDERS, fixture->account);
  wait_until_loaded (model);
  g_assert_null (search_one (model, "1.7 L Descaler", 0));

  /* New items replace the summary; a list row without items keeps it. */
  {
    g_autoptr(GPtrArray) again = g_ptr_array_new_with_free_func (g_object_unref);
    RpOrder *changed = make_order (fixture->account, 1, TRUE);
    RpOrder *light = make_order (fixture->account, 2, FALSE);

    g_ptr_array_set_size (changed->items, 0);
    g_ptr_array_add (changed->items, make_item ("Teapot"));
    g_ptr_array_add (again, changed);
    g_ptr_array_set_size (light->items, 0);
    g_ptr_array_add (again, light);
    g_assert_true (rp_store_upsert_orders_sync (fixture->store, fixture->account, again, &error));
    g_assert_no_error (error);
  }
  g_assert_null (search_one (model, "kettle", 0));
  {
    g_autoptr(RpOrder) found = search_one (model, "teapot", 1);
    g_autoptr(RpOrder) kept = search_one (model, "cup", 1);

    g_assert_cmpstr (found->items_summary, ==, "Teapot");
    g_assert_cmpstr (kept->order_id, ==, hostile->order_id);
  }
}

#ifdef __linux__
/* The nice value of this process's thread called @name. */
static int
thread_nice (const char *name)
{
  gint64 tid = rp_test_thread_id (name);
  int value;

  g_assert_cmpint (tid, >, 0);
  errno = 0;
  value = getpriority (PRIO_PROCESS, (id_t)tid);
  g_assert_cmpint (errno, ==, 0);
  return value;
}
#endif

/* rapportctl's sync lowers the cache's thread below its own, and nothing else moves: the
 * calling thread keeps its priority and the cache still answers. */
static void
test_give_way (Fixture       *fixture,
               gconstpointer  data)
{
#ifdef __linux__
  g_autoptr(GError) error = NULL;
  int own, before;

  own = getpriority (PRIO_PROCESS, (id_t)syscall (SYS_gettid));
  before = thread_nice ("rp-store");
  g_assert_cmpint (before, ==, own);

  g_assert_true (rp_store_give_way_sync (fixture->store, &error));
  g_assert_no_error (error);

  if (own < 19)
    g_assert_cmpint (thread_nice ("rp-store"), >, own);
  else
    g_assert_cmpint (thread_nice ("rp-store"), ==, 19);
  g_assert_cmpint (getpriority (PRIO_PROCESS, (id_t)syscall (SYS_gettid)), ==, own);
  g_assert_true (rp_store_check_integrity_sync (fixture->store, &error));
  g_assert_no_error (error);
#else
  g_test_skip ("Thread priorities are set on Linux only");
#endif
}

/* Notices: once-only alerts already given survive a reopening, a key is kept with the time
 * it was first given, pruning goes by that time, and an account takes its notices along. */
int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/rapport/store/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
#define ADD_BARE(path, func) \
  g_test_add ("/rapport/store/" path, Fixture, GINT_TO_POINTER (1), fixture_setup, func, \
              fixture_teardown)

  ADD_BARE ("open-close", test_open_close);
  ADD_BARE ("file-mode", test_file_mode);
  ADD ("wal-foreign-keys", test_wal_and_foreign_keys);
  /* One fixture per schema version, each upgraded to the current one. */
  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rapport/store/migrations/fixture-v%u", i + 1);

      g_test_add (path, Fixture, fixtures[i], fixture_setup, test_migrate_fixture,
                  fixture_teardown);
    }
  ADD_BARE ("migrations/refuse-newer", test_refuse_newer);
  ADD_BARE ("migrations/atomic", test_migration_atomic);
  ADD_BARE ("not-a-database", test_not_a_database);
  ADD ("upsert/orders", test_upsert_orders);
  ADD ("upsert/preserves-local-state", test_upsert_preserves_local);
  ADD ("upsert/disputes", test_upsert_disputes);
  ADD ("upsert/shipments", test_upsert_shipments);
  ADD ("upsert/conversations-messages", test_upsert_conversations_messages);
  ADD ("upsert/conversations-with-messages", test_upsert_conversations_with_messages);
  ADD ("rollback", test_rollback);
  ADD ("async-and-changed", test_async_and_changed);
  g_test_add_func ("/rapport/store/fts/query-builder", test_fts_query_builder);
  ADD ("fts/hostile-input", test_fts_hostile);
  ADD ("fts/batches", test_fts_batches);
  ADD ("outbox/state-machine", test_outbox_state_machine);
  ADD ("outbox/conversation-order", test_outbox_order);
  ADD ("outbox/restart-recovery", test_outbox_restart);
  ADD ("list-model/orders-100k", test_list_model_orders_100k);
  ADD ("list-model/kinds", test_list_model_kinds);
  ADD ("list-model/conversation-one-page", test_list_model_conversation_one_page);
  ADD ("list-model/search-products", test_list_model_search_products);
  ADD ("list-model/account", test_list_model_account);
  ADD ("dump-table", test_dump_table);
  ADD ("give-way", test_give_way);
  ADD ("concurrent-callers", test_concurrent_callers);
  ADD ("notices", test_notices);

#undef ADD
#undef ADD_BARE

  return g_test_run ();
}
