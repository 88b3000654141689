/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-store-buyer"

#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "rp-store-buyer.h"
#include "rp-store-rows.h"

/* How long a read waits for a checkpoint or a schema change before it gives up. */
#define BUSY_TIMEOUT_MS 5000

typedef struct
{
  char   *path;
  gint64  account_id;
  char   *buyer_login_id;
  guint   message_limit;
} Query;

static void
query_free (Query *query)
{
  g_free (query->path);
  g_free (query->buyer_login_id);
  g_free (query);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Query, query_free)

void
rp_store_buyer_history_free (RpStoreBuyerHistory *history)
{
  if (history == NULL)
    return;

  g_clear_pointer (&history->orders, g_ptr_array_unref);
  g_clear_pointer (&history->disputes, g_ptr_array_unref);
  g_clear_pointer (&history->messages, g_ptr_array_unref);
  g_clear_pointer (&history->scheduled, g_hash_table_unref);
  g_free (history);
}

gint64
rp_store_buyer_history_get_scheduled (RpStoreBuyerHistory *history,
                                      gint64               outbox_id)
{
  gint64 *when;

  g_return_val_if_fail (history != NULL, 0);

  when = g_hash_table_lookup (history->scheduled, &outbox_id);

  return when != NULL ? *when : 0;
}

/* Runs @sql with the account (?1), the buyer (?2) and @extra (?3) bound; @row reads each
 * row into @into. */
static gboolean
run (sqlite3       *db,
     const char    *sql,
     const Query   *query,
     gint64         extra,
     void         (*row) (sqlite3_stmt *, gpointer),
     gpointer       into,
     GCancellable  *cancellable,
     GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return rp_store_sql_fail (db, "Preparing a buyer query", error);

  sqlite3_bind_int64 (stmt, 1, query->account_id);
  sqlite3_bind_text (stmt, 2, query->buyer_login_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, extra);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          sqlite3_finalize (stmt);
          return FALSE;
        }
      row (stmt, into);
    }

  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return rp_store_sql_fail (db, "Reading the buyer's history", error);

  return TRUE;
}

static void
order_row (sqlite3_stmt *stmt,
           gpointer      into)
{
  RpOrder *order = rp_order_new ();

  order->account_id = sqlite3_column_int64 (stmt, 0);
  order->order_id = rp_store_col_text (stmt, 1);
  order->status = sqlite3_column_int (stmt, 2);
  order->created_at = sqlite3_column_int64 (stmt, 3);
  order->buyer_login_id = rp_store_col_text (stmt, 4);
  order->buyer_country = rp_store_col_text (stmt, 5);
  rp_store_col_money (stmt, 6, &order->total);
  order->address.country = rp_store_col_text (stmt, 8);
  order->address.province = rp_store_col_text (stmt, 9);
  order->address.city = rp_store_col_text (stmt, 10);
  g_ptr_array_add (into, order);
}

static void
dispute_row (sqlite3_stmt *stmt,
             gpointer      into)
{
  RpDispute *dispute = rp_dispute_new ();

  dispute->account_id = sqlite3_column_int64 (stmt, 0);
  dispute->issue_id = rp_store_col_text (stmt, 1);
  dispute->order_id = rp_store_col_text (stmt, 2);
  dispute->buyer_login_id = rp_store_col_text (stmt, 3);
  dispute->status = sqlite3_column_int (stmt, 4);
  dispute->reason = rp_store_col_text (stmt, 5);
  dispute->created_at = sqlite3_column_int64 (stmt, 6);
  g_ptr_array_add (into, dispute);
}

static void
message_row (sqlite3_stmt *stmt,
             gpointer      into)
{
  RpMessage *message = rp_message_new ();

  message->account_id = sqlite3_column_int64 (stmt, 0);
  message->message_id = rp_store_col_text (stmt, 1);
  message->channel_id = rp_store_col_text (stmt, 2);
  message->sender_login_id = rp_store_col_text (stmt, 3);
  message->is_own = sqlite3_column_int (stmt, 4) != 0;
  message->content = rp_store_col_text (stmt, 5);
  message->sent_at = sqlite3_column_int64 (stmt, 6);
  g_ptr_array_add (into, message);
}

static void
scheduled_row (sqlite3_stmt *stmt,
               gpointer      into)
{
  gint64 *id = g_new (gint64, 1);
  gint64 *when = g_new (gint64, 1);

  *id = sqlite3_column_int64 (stmt, 0);
  *when = sqlite3_column_int64 (stmt, 1);
  g_hash_table_replace (into, id, when);
}

static RpStoreBuyerHistory *
read_history (const Query   *query,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(RpStoreBuyerHistory) history = g_new0 (RpStoreBuyerHistory, 1);
  sqlite3 *db = NULL;
  gboolean ok;

  history->orders = g_ptr_array_new_with_free_func (g_object_unref);
  history->disputes = g_ptr_array_new_with_free_func (g_object_unref);
  history->messages = g_ptr_array_new_with_free_func (g_object_unref);
  history->scheduled = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  if (sqlite3_open_v2 (query->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, RP_STORE_ERROR, RP_STORE_ERROR_NOT_OPEN,
                   "The local cache %s cannot be read: %s", query->path,
                   db != NULL ? sqlite3_errmsg (db) : "out of memory");
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);

  /* One snapshot for all four reads, so that the counts agree with each other. */
  ok = sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK ||
       rp_store_sql_fail (db, "Starting a read", error);

  /* The unary + keeps the planner off orders_by_created, which it would walk for the
   * ORDER BY reading every order of the account (100 ms at 100,000 orders; this scan is
   * 35 ms, an index on the buyer would make it 0.1 ms). */
  ok = ok && run (db,
                  "SELECT o.account_id, o.order_id, o.status, o.created_at, o.buyer_login_id, "
                  "  o.buyer_country, o.total_cents, o.total_currency, o.addr_country, "
                  "  o.addr_province, o.addr_city "
                  "FROM orders o WHERE o.account_id = ?1 AND o.buyer_login_id = ?2 "
                  "ORDER BY +o.created_at DESC, +o.id DESC",
                  query, 0, order_row, history->orders, cancellable, error);

  /* A dispute listed before its detail was read may lack the buyer: its order names him. */
  ok = ok && run (db,
                  "SELECT d.account_id, d.issue_id, d.order_id, d.buyer_login_id, d.status, "
                  "  d.reason, d.created_at "
                  "FROM disputes d WHERE d.account_id = ?1 AND (d.buyer_login_id = ?2 OR "
                  "  (d.buyer_login_id IS NULL AND d.order_id IN "
                  "     (SELECT o.order_id FROM orders o "
                  "      WHERE o.account_id = ?1 AND o.buyer_login_id = ?2))) "
                  "ORDER BY d.created_at DESC, d.id DESC",
                  query, 0, dispute_row, history->disputes, cancellable, error);

  /* The newest first so that the limit keeps the recent ones; turned round below. */
  ok = ok && run (db,
                  "SELECT m.account_id, m.message_id, m.channel_id, m.sender_login_id, m.is_own, "
                  "  m.content, m.sent_at "
                  "FROM messages m WHERE m.account_id = ?1 AND m.is_own = 0 AND m.channel_id IN "
                  "  (SELECT c.channel_id FROM conversations c "
                  "   WHERE c.account_id = ?1 AND c.buyer_login_id = ?2) "
                  "ORDER BY m.sent_at DESC, m.id DESC LIMIT ?3",
                  query, query->message_limit > 0 ? (gint64) query->message_limit : -1,
                  message_row, history->messages, cancellable, error);

  ok = ok && run (db,
                  "SELECT o.id, o.not_before FROM outbox o "
                  "WHERE o.account_id = ?1 AND o.state = 'scheduled' AND o.target_id IN "
                  "  (SELECT c.channel_id FROM conversations c "
                  "   WHERE c.account_id = ?1 AND c.buyer_login_id = ?2)",
                  query, 0, scheduled_row, history->scheduled, cancellable, error);

  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (db);
  if (!ok)
    return NULL;

  for (guint i = 0, j = history->messages->len; i + 1 < j; i++, j--)
    {
      gpointer tmp = history->messages->pdata[i];

      history->messages->pdata[i] = history->messages->pdata[j - 1];
      history->messages->pdata[j - 1] = tmp;
    }

  return g_steal_pointer (&history);
}

static void
history_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  RpStoreBuyerHistory *history = read_history (task_data, cancellable, &error);

  if (history == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, history, (GDestroyNotify)rp_store_buyer_history_free);
}

static Query *
query_new (RpStore    *self,
           gint64      account_id,
           const char *buyer_login_id,
           guint       message_limit)
{
  Query *query = g_new0 (Query, 1);

  query->path = g_strdup (rp_store_get_path (self));
  query->account_id = account_id;
  query->buyer_login_id = g_strdup (buyer_login_id);
  query->message_limit = message_limit;

  return query;
}

void
rp_store_get_buyer_history_async (RpStore             *self,
                                  gint64               account_id,
                                  const char          *buyer_login_id,
                                  guint                message_limit,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RP_IS_STORE (self));
  g_return_if_fail (buyer_login_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rp_store_get_buyer_history_async);
  g_task_set_task_data (task, query_new (self, account_id, buyer_login_id, message_limit),
                        (GDestroyNotify)query_free);
  g_task_run_in_thread (task, history_thread);
}

/**
 * rp_store_get_buyer_history_finish:
 *
 * Returns: (transfer full): the buyer's orders, disputes, messages and scheduled items
 */
RpStoreBuyerHistory *
rp_store_get_buyer_history_finish (RpStore       *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rp_store_get_buyer_history_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

RpStoreBuyerHistory *
rp_store_get_buyer_history_sync (RpStore       *self,
                                 gint64         account_id,
                                 const char    *buyer_login_id,
                                 guint          message_limit,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autoptr(Query) query = NULL;

  g_return_val_if_fail (RP_IS_STORE (self), NULL);
  g_return_val_if_fail (buyer_login_id != NULL, NULL);

  query = query_new (self, account_id, buyer_login_id, message_limit);

  return read_history (query, cancellable, error);
}
