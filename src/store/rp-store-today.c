/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-store-today"

#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "rp-store-rows.h"
#include "rp-store-today.h"

/* How long a read waits for a checkpoint or a schema change before it gives up. */
#define BUSY_TIMEOUT_MS 5000

struct _RpStoreToday
{
  sqlite3      *db;
  sqlite3_stmt *order;        /* kept: one per task */
  sqlite3_stmt *messages;     /* kept: one per conversation waiting */
};

void
rp_store_today_rows_free (RpStoreTodayRows *rows)
{
  if (rows == NULL)
    return;

  g_clear_pointer (&rows->orders, g_ptr_array_unref);
  g_clear_pointer (&rows->disputes, g_ptr_array_unref);
  g_clear_pointer (&rows->conversations, g_ptr_array_unref);
  g_free (rows);
}

/* The kinds of rows a query of Today's reads, each by the store's own reader. */
typedef enum
{
  ROW_ORDER,
  ROW_DISPUTE,
  ROW_CONVERSATION,
} RowKind;

static gpointer
read_row (RowKind       kind,
          sqlite3_stmt *stmt)
{
  switch (kind)
    {
    case ROW_ORDER:
      return rp_store_read_order (stmt);
    case ROW_DISPUTE:
      return rp_store_read_dispute (stmt);
    case ROW_CONVERSATION:
    default:
      return rp_store_read_conversation (stmt);
    }
}

/* Runs @sql with the account (?1, when the query names it) and @arg (?2) bound; @row makes
 * each row's object. */
static GPtrArray *
run (sqlite3       *db,
     const char    *sql,
     gint64         account_id,
     gint64         arg,
     RowKind        kind,
     GCancellable  *cancellable,
     GError       **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      rp_store_sql_fail (db, "Preparing a query for Today", error);
      return NULL;
    }

  sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_int64 (stmt, 2, arg);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          sqlite3_finalize (stmt);
          return NULL;
        }
      g_ptr_array_add (rows, read_row (kind, stmt));
    }

  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      rp_store_sql_fail (db, "Reading the rows for Today", error);
      return NULL;
    }

  return g_steal_pointer (&rows);
}

/**
 * rp_store_today_open:
 *
 * Returns: (transfer full): a reader for one refresh, or NULL with @error set
 */
RpStoreToday *
rp_store_today_open (RpStore  *store,
                     GError  **error)
{
  RpStoreToday *today;
  const char *path;
  sqlite3 *db = NULL;

  g_return_val_if_fail (RP_IS_STORE (store), NULL);

  path = rp_store_get_path (store);
  if (path == NULL || sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                                       NULL) != SQLITE_OK)
    {
      g_set_error (error, RP_STORE_ERROR, RP_STORE_ERROR_NOT_OPEN,
                   "The local cache %s cannot be read: %s", path != NULL ? path : "(none)",
                   db != NULL ? sqlite3_errmsg (db) : "out of memory");
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);

  today = g_new0 (RpStoreToday, 1);
  today->db = db;

  return today;
}

void
rp_store_today_close (RpStoreToday *today)
{
  if (today == NULL)
    return;

  sqlite3_finalize (today->order);
  sqlite3_finalize (today->messages);
  sqlite3_close (today->db);
  g_free (today);
}

RpStoreTodayRows *
rp_store_today_read_rows (RpStoreToday  *today,
                          gint64         account_id,
                          gint64         unanswered_before,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(RpStoreTodayRows) rows = g_new0 (RpStoreTodayRows, 1);
  const char *account = account_id != 0 ? "AND %s.account_id = ?1 " : "";
  g_autofree char *account_o = g_strdup_printf (account, "o");
  g_autofree char *account_d = g_strdup_printf (account, "d");
  g_autofree char *account_c = g_strdup_printf (account, "c");
  g_autofree char *orders_sql = NULL;
  g_autofree char *disputes_sql = NULL;
  g_autofree char *conversations_sql = NULL;
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (today != NULL, NULL);
  g_return_val_if_fail (account_id >= 0, NULL);

  db = today->db;

  /* The same orders, in the same order, as the list of orders to ship. */
  orders_sql = g_strdup_printf ("SELECT " RP_STORE_ORDER_COLUMNS " FROM orders o "
                                "WHERE o.status = ?2 %s"
                                "ORDER BY o.created_at DESC, o.id DESC", account_o);
  disputes_sql = g_strdup_printf ("SELECT " RP_STORE_DISPUTE_COLUMNS " FROM disputes d "
                                  "WHERE d.status = ?2 %s"
                                  "ORDER BY (CASE WHEN d.deadline = 0 THEN 9223372036854775807 "
                                  "          ELSE d.deadline END), d.id", account_d);
  /* The cheap test of the unanswered-message rule, in SQL: the buyer spoke last, long
   * enough ago, and the conversation is not marked as dealt with. */
  conversations_sql = g_strdup_printf ("SELECT " RP_STORE_CONVERSATION_COLUMNS
                                       " FROM conversations c "
                                       "WHERE c.last_message_is_own = 0 AND c.processed = 0 "
                                       "  AND c.last_message_at > 0 "
                                       "  AND c.last_message_at <= ?2 %s"
                                       "ORDER BY c.last_message_at DESC, c.id DESC", account_c);

  /* One snapshot for the three reads, so that they agree with each other. */
  ok = sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK ||
       rp_store_sql_fail (db, "Starting a read", error);

  ok = ok && (rows->orders = run (db, orders_sql, account_id, RP_ORDER_STATUS_TO_SHIP,
                                  ROW_ORDER, cancellable, error)) != NULL;
  ok = ok && (rows->disputes = run (db, disputes_sql, account_id, RP_DISPUTE_STATUS_PROCESSING,
                                    ROW_DISPUTE, cancellable, error)) != NULL;
  ok = ok && (rows->conversations = run (db, conversations_sql, account_id, unanswered_before,
                                         ROW_CONVERSATION, cancellable, error)) != NULL;

  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  if (!ok)
    return NULL;

  return g_steal_pointer (&rows);
}

RpOrder *
rp_store_today_get_order (RpStoreToday  *today,
                          gint64         account_id,
                          const char    *order_id,
                          GError       **error)
{
  RpOrder *order = NULL;
  int rc;

  g_return_val_if_fail (today != NULL, NULL);
  g_return_val_if_fail (order_id != NULL, NULL);

  if (today->order == NULL &&
      sqlite3_prepare_v2 (today->db,
                          "SELECT " RP_STORE_ORDER_COLUMNS " FROM orders o "
                          "WHERE o.account_id = ?1 AND o.order_id = ?2",
                          -1, &today->order, NULL) != SQLITE_OK)
    {
      rp_store_sql_fail (today->db, "Preparing an order query", error);
      return NULL;
    }

  sqlite3_reset (today->order);
  sqlite3_bind_int64 (today->order, 1, account_id);
  sqlite3_bind_text (today->order, 2, order_id, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (today->order);
  if (rc == SQLITE_ROW)
    order = rp_store_read_order (today->order);
  else if (rc != SQLITE_DONE)
    rp_store_sql_fail (today->db, "Reading an order", error);
  sqlite3_reset (today->order);

  return order;
}

GArray *
rp_store_today_list_messages (RpStoreToday  *today,
                              gint64         account_id,
                              const char    *channel_id,
                              GError       **error)
{
  g_autoptr(GArray) messages = g_array_new (FALSE, FALSE, sizeof (RpStoreTodayMessage));
  int rc;

  g_return_val_if_fail (today != NULL, NULL);
  g_return_val_if_fail (channel_id != NULL, NULL);

  if (today->messages == NULL &&
      sqlite3_prepare_v2 (today->db,
                          "SELECT m.sent_at, m.is_own FROM messages m "
                          "WHERE m.account_id = ?1 AND m.channel_id = ?2 "
                          "ORDER BY m.sent_at, m.id",
                          -1, &today->messages, NULL) != SQLITE_OK)
    {
      rp_store_sql_fail (today->db, "Preparing a messages query", error);
      return NULL;
    }

  sqlite3_reset (today->messages);
  sqlite3_bind_int64 (today->messages, 1, account_id);
  sqlite3_bind_text (today->messages, 2, channel_id, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (today->messages)) == SQLITE_ROW)
    {
      RpStoreTodayMessage message = {
        sqlite3_column_int64 (today->messages, 0),
        sqlite3_column_int (today->messages, 1) != 0,
      };

      g_array_append_val (messages, message);
    }
  sqlite3_reset (today->messages);

  if (rc != SQLITE_DONE)
    {
      rp_store_sql_fail (today->db, "Reading a conversation's messages", error);
      return NULL;
    }

  return g_steal_pointer (&messages);
}

/* Runs @sql (the account as ?1, the delivered status as ?2) over the parcels and calls @func
 * with each one and its timeline, one at a time. */
static gboolean
foreach_parcel (RpStoreToday           *today,
                const char             *sql,
                gint64                  account_id,
                RpStoreTodayParcelFunc  func,
                gpointer                user_data,
                GCancellable           *cancellable,
                GError                **error)
{
  sqlite3_stmt *parcels = NULL;
  sqlite3_stmt *events = NULL;
  gboolean ok = TRUE;
  int rc = SQLITE_DONE;

  if (sqlite3_prepare_v2 (today->db, sql, -1, &parcels, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (today->db,
                          "SELECT at, description, address, action_code FROM tracking_events "
                          "WHERE shipment_row = ?1 ORDER BY position",
                          -1, &events, NULL) != SQLITE_OK)
    {
      rp_store_sql_fail (today->db, "Preparing the parcels query", error);
      sqlite3_finalize (parcels);
      sqlite3_finalize (events);
      return FALSE;
    }

  sqlite3_bind_int64 (parcels, 1, account_id);
  sqlite3_bind_int64 (parcels, 2, RP_TRACKING_DELIVERED);

  /* One snapshot: a parcel and its timeline agree. */
  ok = sqlite3_exec (today->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK ||
       rp_store_sql_fail (today->db, "Starting a read", error);

  while (ok && (rc = sqlite3_step (parcels)) == SQLITE_ROW)
    {
      g_autoptr(RpShipment) parcel = rp_store_read_shipment (parcels);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }

      sqlite3_reset (events);
      sqlite3_bind_int64 (events, 1, sqlite3_column_int64 (parcels, 0));
      while ((rc = sqlite3_step (events)) == SQLITE_ROW)
        {
          RpTrackingEvent *event = rp_tracking_event_new ();

          event->at = sqlite3_column_int64 (events, 0);
          event->description = rp_store_col_text (events, 1);
          event->address = rp_store_col_text (events, 2);
          event->action_code = rp_store_col_text (events, 3);
          g_ptr_array_add (parcel->events, event);
        }
      if (rc != SQLITE_DONE)
        {
          ok = rp_store_sql_fail (today->db, "Reading a parcel's timeline", error);
          break;
        }

      func (parcel, user_data);
    }
  if (ok && rc != SQLITE_DONE)
    ok = rp_store_sql_fail (today->db, "Reading the parcels", error);

  sqlite3_finalize (parcels);
  sqlite3_finalize (events);
  sqlite3_exec (today->db, "COMMIT", NULL, NULL, NULL);

  return ok;
}

gboolean
rp_store_today_foreach_parcel (RpStoreToday           *today,
                               gint64                  account_id,
                               RpStoreTodayParcelFunc  func,
                               gpointer                user_data,
                               GCancellable           *cancellable,
                               GError                **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (today != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  /* As the tracking sync lists them: per store, the least recently asked about first. */
  sql = g_strdup_printf ("SELECT " RP_STORE_SHIPMENT_COLUMNS " FROM shipments s "
                         "WHERE s.status != ?2 AND s.last_polled_at > 0 %s"
                         "ORDER BY s.account_id, s.last_polled_at, s.id",
                         account_id != 0 ? "AND s.account_id = ?1 " : "");

  return foreach_parcel (today, sql, account_id, func, user_data, cancellable, error);
}

gboolean
rp_store_today_foreach_open_parcel (RpStoreToday           *today,
                                    gint64                  account_id,
                                    RpStoreTodayParcelFunc  func,
                                    gpointer                user_data,
                                    GCancellable           *cancellable,
                                    GError                **error)
{
  g_return_val_if_fail (today != NULL, FALSE);
  g_return_val_if_fail (account_id > 0, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  /* The parcels rp_store_list_open_shipments_sync() gives the tracking sync: a parcel
   * never asked about yet may already be late. */
  return foreach_parcel (today,
                         "SELECT " RP_STORE_SHIPMENT_COLUMNS " FROM shipments s "
                         "WHERE s.account_id = ?1 "
                         "  AND (s.status != ?2 OR NOT EXISTS "
                         "       (SELECT 1 FROM tracking_events e WHERE e.shipment_row = s.id)) "
                         "ORDER BY s.last_polled_at, s.id",
                         account_id, func, user_data, cancellable, error);
}

GPtrArray *
rp_store_today_list_open_disputes (RpStoreToday  *today,
                                   gint64         account_id,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  g_return_val_if_fail (today != NULL, NULL);
  g_return_val_if_fail (account_id > 0, NULL);

  return run (today->db,
              "SELECT " RP_STORE_DISPUTE_COLUMNS " FROM disputes d "
              "WHERE d.account_id = ?1 AND d.status = ?2 ORDER BY d.id",
              account_id, RP_DISPUTE_STATUS_PROCESSING, ROW_DISPUTE, cancellable, error);
}

void
rp_store_today_confirmation_free (RpStoreTodayConfirmation *confirmation)
{
  if (confirmation == NULL)
    return;

  g_free (confirmation->order_id);
  g_free (confirmation);
}

GPtrArray *
rp_store_today_list_waiting_confirmations (RpStoreToday  *today,
                                           gint64         account_id,
                                           GCancellable  *cancellable,
                                           GError       **error)
{
  g_autoptr(GPtrArray) confirmations = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (today != NULL, NULL);
  g_return_val_if_fail (account_id > 0, NULL);

  if (sqlite3_prepare_v2 (today->db,
                          "SELECT s.order_id, s.value, "
                          "  (SELECT d.value FROM order_state d WHERE d.account_id = s.account_id "
                          "     AND d.order_id = s.order_id "
                          "     AND d.key = '" RP_STORE_ORDER_STATE_CONFIRMATION_DEADLINE "') "
                          "FROM order_state s "
                          "WHERE s.account_id = ?1 "
                          "  AND s.key = '" RP_STORE_ORDER_STATE_CONFIRMATION "' "
                          "  AND s.value IN (?2, ?3) "
                          "ORDER BY s.order_id",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      rp_store_sql_fail (today->db, "Preparing the confirmations query", error);
      return NULL;
    }

  sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_text (stmt, 2, rp_store_confirmation_to_string (RP_CONFIRMATION_SENT), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, rp_store_confirmation_to_string (RP_CONFIRMATION_READY_TO_SHIP),
                     -1, SQLITE_STATIC);

  confirmations = g_ptr_array_new_with_free_func ((GDestroyNotify)rp_store_today_confirmation_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *order_id = (const char *)sqlite3_column_text (stmt, 0);
      const char *deadline = (const char *)sqlite3_column_text (stmt, 2);
      RpStoreTodayConfirmation *confirmation;
      RpConfirmationState state = RP_CONFIRMATION_NONE;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          sqlite3_finalize (stmt);
          return NULL;
        }

      /* The file may be damaged: an order id that is not text is left out. */
      if (order_id == NULL || !g_utf8_validate (order_id, -1, NULL)
          || !rp_store_confirmation_from_string ((const char *)sqlite3_column_text (stmt, 1),
                                                 &state))
        continue;

      confirmation = g_new0 (RpStoreTodayConfirmation, 1);
      confirmation->order_id = g_strdup (order_id);
      confirmation->state = state;
      confirmation->deadline = deadline != NULL ? g_ascii_strtoll (deadline, NULL, 10) : 0;
      g_ptr_array_add (confirmations, confirmation);
    }

  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      rp_store_sql_fail (today->db, "Reading the confirmations", error);
      return NULL;
    }

  return g_steal_pointer (&confirmations);
}

GPtrArray *
rp_store_today_list_notice_conversations (RpStoreToday  *today,
                                          gint64         account_id,
                                          GCancellable  *cancellable,
                                          GError       **error)
{
  g_autofree char *sent_orders = NULL;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (today != NULL, NULL);
  g_return_val_if_fail (account_id > 0, NULL);

  /* The state's name is the store's own word, not outside text. */
  sent_orders = g_strdup_printf ("SELECT s.order_id FROM order_state s WHERE s.account_id = ?1 "
                                 "  AND s.key = '" RP_STORE_ORDER_STATE_CONFIRMATION "' "
                                 "  AND s.value = '%s'",
                                 rp_store_confirmation_to_string (RP_CONFIRMATION_SENT));
  /* Each set of buyers is gathered in one pass (IN over a subquery), never a scan of the
   * conversations per dispute or per order. */
  sql = g_strdup_printf (
    "SELECT " RP_STORE_CONVERSATION_COLUMNS " FROM conversations c "
    "WHERE c.account_id = ?1 "
    "  AND ((c.unread_count > 0 AND c.last_message_is_own = 0) "
    "       OR c.buyer_login_id IN ("
    "         SELECT w.buyer_login_id FROM conversations w "
    "         WHERE w.account_id = ?1 AND w.unread_count > 0 AND w.last_message_is_own = 0 "
    "         UNION SELECT d.buyer_login_id FROM disputes d "
    "         WHERE d.account_id = ?1 AND d.status = ?2 "
    "         UNION SELECT o.buyer_login_id FROM orders o "
    "         WHERE o.account_id = ?1 AND o.order_id IN (%s) "
    "         UNION SELECT k.buyer_login_id FROM conversations k "
    "         WHERE k.account_id = ?1 AND k.order_id IN (%s))) "
    "ORDER BY c.id",
    sent_orders, sent_orders);

  return run (today->db, sql, account_id, RP_DISPUTE_STATUS_PROCESSING, ROW_CONVERSATION,
              cancellable, error);
}

/**
 * rp_store_get_today_rows_sync:
 * @account_id: the store, or 0 for all of them
 * @unanswered_before: conversations whose last message is later than this are left out
 *   (UTC µs)
 *
 * Returns: (transfer full): the rows, or NULL with @error set
 */
RpStoreTodayRows *
rp_store_get_today_rows_sync (RpStore       *self,
                              gint64         account_id,
                              gint64         unanswered_before,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(RpStoreToday) today = NULL;

  g_return_val_if_fail (RP_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id >= 0, NULL);

  today = rp_store_today_open (self, error);
  if (today == NULL)
    return NULL;

  return rp_store_today_read_rows (today, account_id, unanswered_before, cancellable, error);
}
