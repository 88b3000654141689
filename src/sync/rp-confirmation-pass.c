/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-confirmation-pass"

#include "config.h"

#include "rp-confirmation.h"
#include "rp-confirmation-pass.h"

/* The confirmation state of an order follows the cache, not the order detail: after
 * every sync, each order whose confirmation waits for the buyer (or is ready to ship and
 * not shipped yet) is looked at again with the messages the sync brought, so that the
 * orders list, Today and the notifications agree without the seller opening the order.
 * The rules are rp_confirmation_advance()'s; this only reads and writes the cache. */

/* The sync engine's cursors (rp-sync-engine.c): the newest modification and message
 * times the marketplace reported, on its own clock. */
#define CURSOR_ORDERS        "orders.modified"
#define CURSOR_CONVERSATIONS "conversations.last"

/* A marketplace clock further ahead than the longest objection window is not believed:
 * one bogus timestamp must not close every window at once. */
#define MAX_CLOCK_LEAD (RP_CONFIRMATION_MAX_WINDOW_HOURS * G_TIME_SPAN_HOUR)

static gint64
cursor_time (RpStore    *store,
             gint64      account_id,
             const char *name)
{
  g_autofree char *value = rp_store_get_cursor_sync (store, account_id, name, NULL);

  return value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;
}

/**
 * rp_confirmation_pass_marketplace_now:
 *
 * The objection window runs on the marketplace's clock: the buyer's reply carries its
 * time, and the window must close by the same clock.  Ours is the floor.
 *
 * Returns: UTC µs
 */
gint64
rp_confirmation_pass_marketplace_now (RpStore *store,
                                      gint64   account_id)
{
  gint64 now = g_get_real_time ();
  gint64 seen;

  g_return_val_if_fail (RP_IS_STORE (store), now);

  seen = MAX (cursor_time (store, account_id, CURSOR_ORDERS),
              cursor_time (store, account_id, CURSOR_CONVERSATIONS));
  if (seen > now && seen - now <= MAX_CLOCK_LEAD)
    return seen;

  return now;
}

typedef struct
{
  RpConfirmationState state;
  gboolean            has_state;
  gint64              deadline;
  gint64              sent_at;
  gint64              reviewed_at;
  gboolean            has_reviewed_at;
} Pending;

static int
column_index (GStrv       columns,
              const char *name)
{
  for (guint i = 0; columns != NULL && columns[i] != NULL; i++)
    if (g_str_equal (columns[i], name))
      return (int)i;

  return -1;
}

static const char *
row_text (GPtrArray *row,
          int        column)
{
  if (column < 0 || (guint)column >= row->len)
    return NULL;

  return g_ptr_array_index (row, column);
}

static gint64
row_time (GPtrArray *row,
          int        column)
{
  const char *text = row_text (row, column);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
}

/* The orders of one account with confirmation state, by order id. */
static GHashTable *
read_pending (RpStore     *store,
              gint64       account_id,
              const char  *order_id,
              GError     **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_auto(GStrv) columns = NULL;
  g_autoptr(GHashTable) pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  int c_account, c_order, c_key, c_value;

  /* Only orders someone confirmed have rows here: a few hundred, not every order. */
  rows = rp_store_dump_table_sync (store, "order_state", &columns, error);
  if (rows == NULL)
    return NULL;

  c_account = column_index (columns, "account_id");
  c_order = column_index (columns, "order_id");
  c_key = column_index (columns, "key");
  c_value = column_index (columns, "value");

  for (guint i = 0; i < rows->len; i++)
    {
      GPtrArray *row = g_ptr_array_index (rows, i);
      const char *id = row_text (row, c_order);
      const char *key = row_text (row, c_key);
      Pending *p;

      if (id == NULL || key == NULL || row_time (row, c_account) != account_id ||
          (order_id != NULL && g_strcmp0 (id, order_id) != 0))
        continue;

      p = g_hash_table_lookup (pending, id);
      if (p == NULL)
        {
          p = g_new0 (Pending, 1);
          g_hash_table_insert (pending, g_strdup (id), p);
        }

      if (g_str_equal (key, RP_STORE_ORDER_STATE_CONFIRMATION))
        p->has_state = rp_store_confirmation_from_string (row_text (row, c_value), &p->state);
      else if (g_str_equal (key, RP_STORE_ORDER_STATE_CONFIRMATION_DEADLINE))
        p->deadline = row_time (row, c_value);
      else if (g_str_equal (key, RP_CONFIRMATION_PASS_STATE_SENT_AT))
        p->sent_at = row_time (row, c_value);
      else if (g_str_equal (key, RP_CONFIRMATION_PASS_STATE_REVIEWED_AT))
        {
          p->reviewed_at = row_time (row, c_value);
          p->has_reviewed_at = TRUE;
        }
    }

  return g_steal_pointer (&pending);
}

/**
 * rp_confirmation_pass_run_sync:
 * @order_id: (nullable): one order, or %NULL for every order of the account
 * @n_changed: (out) (optional): how many orders changed state
 *
 * Returns: %FALSE with @error when the cache could not be read or written
 */
gboolean
rp_confirmation_pass_run_sync (RpStore     *store,
                               gint64       account_id,
                               const char  *order_id,
                               guint       *n_changed,
                               GError     **error)
{
  g_autoptr(GHashTable) pending = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint changed = 0;
  gint64 now;

  g_return_val_if_fail (RP_IS_STORE (store), FALSE);

  if (n_changed != NULL)
    *n_changed = 0;

  pending = read_pending (store, account_id, order_id, error);
  if (pending == NULL)
    return FALSE;

  now = rp_confirmation_pass_marketplace_now (store, account_id);

  g_hash_table_iter_init (&iter, pending);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *id = key;
      Pending *p = value;
      g_autoptr(GPtrArray) messages = NULL;
      RpConfirmationState next;
      gint64 reviewed_at = p->reviewed_at;

      if (!p->has_state ||
          (p->state != RP_CONFIRMATION_SENT && p->state != RP_CONFIRMATION_READY_TO_SHIP))
        continue;

      if (p->state == RP_CONFIRMATION_READY_TO_SHIP)
        {
          g_autoptr(RpOrder) order = rp_store_get_order_sync (store, account_id, id, NULL);

          /* Once the parcel is out, a late reply is a conversation, not a confirmation. */
          if (order == NULL || order->status != RP_ORDER_STATUS_TO_SHIP)
            continue;

          /* Ready without a recorded review: the window closed quietly, so only what
           * came after it is new. */
          if (!p->has_reviewed_at)
            reviewed_at = p->deadline;
        }

      messages = rp_store_list_messages_sync (store, account_id, id, error);
      if (messages == NULL)
        return FALSE;

      next = rp_confirmation_advance_messages (p->state, p->sent_at, p->deadline, messages,
                                               reviewed_at, now);
      if (next == p->state)
        continue;

      if (!rp_store_set_order_state_sync (store, account_id, id, RP_STORE_ORDER_STATE_CONFIRMATION,
                                          rp_store_confirmation_to_string (next), error))
        return FALSE;
      changed++;
    }

  if (n_changed != NULL)
    *n_changed = changed;

  return TRUE;
}

typedef struct
{
  RpStore *store;
  gint64   account_id;
  char    *order_id;
} RunData;

static void
run_data_free (RunData *data)
{
  g_clear_object (&data->store);
  g_free (data->order_id);
  g_free (data);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunData *data = task_data;
  GError *error = NULL;
  guint changed = 0;

  if (!rp_confirmation_pass_run_sync (data->store, data->account_id, data->order_id, &changed,
                                      &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, changed);
}

/**
 * rp_confirmation_pass_run_async:
 * @order_id: (nullable): one order, or %NULL for every order of the account
 *
 * rp_confirmation_pass_run_sync() in a thread (the store's reads wait on its worker).
 */
void
rp_confirmation_pass_run_async (RpStore             *store,
                                gint64               account_id,
                                const char          *order_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *data;

  g_return_if_fail (RP_IS_STORE (store));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rp_confirmation_pass_run_async);

  data = g_new0 (RunData, 1);
  data->store = g_object_ref (store);
  data->account_id = account_id;
  data->order_id = g_strdup (order_id);
  g_task_set_task_data (task, data, (GDestroyNotify)run_data_free);
  g_task_run_in_thread (task, run_thread);
}

gboolean
rp_confirmation_pass_run_finish (GAsyncResult  *result,
                                 guint         *n_changed,
                                 GError       **error)
{
  gssize changed;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  changed = g_task_propagate_int (G_TASK (result), error);
  if (n_changed != NULL)
    *n_changed = changed > 0 ? (guint)changed : 0;

  return changed >= 0;
}
