/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-store-rows"

#include "config.h"

#include <string.h>

#include "rp-store-enums.h"
#include "rp-store-private.h"
#include "rp-store-rows.h"

char *
rp_store_col_text (sqlite3_stmt *stmt,
                   int           index)
{
  if (sqlite3_column_type (stmt, index) == SQLITE_NULL)
    return NULL;

  return g_strdup ((const char *)sqlite3_column_text (stmt, index));
}

gint64
rp_store_col_int (sqlite3_stmt *stmt,
                  int           index)
{
  return sqlite3_column_int64 (stmt, index);
}

void
rp_store_col_money (sqlite3_stmt *stmt,
                    int           index,
                    RpMoney      *money)
{
  const char *currency = (const char *)sqlite3_column_text (stmt, index + 1);

  money->cents = rp_store_col_int (stmt, index);
  memset (money->currency, 0, sizeof money->currency);
  if (currency != NULL)
    g_strlcpy (money->currency, currency, sizeof money->currency);
}

GStrv
rp_store_col_strv (sqlite3_stmt *stmt,
                   int           index)
{
  const char *text = (const char *)sqlite3_column_text (stmt, index);

  if (text == NULL || *text == '\0')
    return NULL;

  return g_strsplit (text, "\n", -1);
}

RpOrder *
rp_store_read_order (sqlite3_stmt *stmt)
{
  RpOrder *order = rp_order_new ();
  RpConfirmationState confirmation = RP_CONFIRMATION_NONE;
  const char *deadline;
  int c = 1;

  order->account_id = rp_store_col_int (stmt, c++);
  order->order_id = rp_store_col_text (stmt, c++);
  order->raw_status = rp_store_col_text (stmt, c++);
  order->status = rp_store_col_int (stmt, c++);
  order->issue_status = rp_store_col_text (stmt, c++);
  order->logistics_status = rp_store_col_text (stmt, c++);
  order->created_at = rp_store_col_int (stmt, c++);
  order->paid_at = rp_store_col_int (stmt, c++);
  order->modified_at = rp_store_col_int (stmt, c++);
  order->ship_by = rp_store_col_int (stmt, c++);
  order->buyer_login_id = rp_store_col_text (stmt, c++);
  order->buyer_name = rp_store_col_text (stmt, c++);
  order->buyer_country = rp_store_col_text (stmt, c++);
  rp_store_col_money (stmt, c, &order->total);
  c += 2;
  order->memo = rp_store_col_text (stmt, c++);
  order->address.contact_person = rp_store_col_text (stmt, c++);
  order->address.country = rp_store_col_text (stmt, c++);
  order->address.province = rp_store_col_text (stmt, c++);
  order->address.city = rp_store_col_text (stmt, c++);
  order->address.address = rp_store_col_text (stmt, c++);
  order->address.address2 = rp_store_col_text (stmt, c++);
  order->address.detail_address = rp_store_col_text (stmt, c++);
  order->address.zip = rp_store_col_text (stmt, c++);
  order->address.phone = rp_store_col_text (stmt, c++);
  order->has_detail = rp_store_col_int (stmt, c++) != 0;
  if (rp_store_confirmation_from_string ((const char *)sqlite3_column_text (stmt, c++),
                                         &confirmation))
    order->confirmation = confirmation;
  deadline = (const char *)sqlite3_column_text (stmt, c++);
  if (deadline != NULL)
    order->confirmation_deadline = g_ascii_strtoll (deadline, NULL, 10);
  order->accept_by = rp_store_col_int (stmt, c++);
  order->items_summary = rp_store_col_text (stmt, c++);

  g_assert (c == RP_STORE_ORDER_N_COLUMNS);

  return order;
}


RpConversation *
rp_store_read_conversation (sqlite3_stmt *stmt)
{
  RpConversation *conversation = rp_conversation_new ();
  int c = 1;

  conversation->account_id = rp_store_col_int (stmt, c++);
  conversation->channel_id = rp_store_col_text (stmt, c++);
  conversation->buyer_login_id = rp_store_col_text (stmt, c++);
  conversation->buyer_name = rp_store_col_text (stmt, c++);
  conversation->order_id = rp_store_col_text (stmt, c++);
  conversation->unread_count = rp_store_col_int (stmt, c++);
  conversation->read = rp_store_col_int (stmt, c++) != 0;
  conversation->processed = rp_store_col_int (stmt, c++) != 0;
  conversation->rank = rp_store_col_int (stmt, c++);
  conversation->last_message_at = rp_store_col_int (stmt, c++);
  conversation->last_message_text = rp_store_col_text (stmt, c++);
  conversation->last_message_is_own = rp_store_col_int (stmt, c++) != 0;

  g_assert (c == RP_STORE_CONVERSATION_N_COLUMNS);

  return conversation;
}


RpMessage *
rp_store_read_message (sqlite3_stmt *stmt)
{
  RpMessage *message = rp_message_new ();
  RpOutboxState state = RP_OUTBOX_SENT;
  int c = 1;

  message->account_id = rp_store_col_int (stmt, c++);
  message->message_id = rp_store_col_text (stmt, c++);
  message->channel_id = rp_store_col_text (stmt, c++);
  message->sender_login_id = rp_store_col_text (stmt, c++);
  message->sender_name = rp_store_col_text (stmt, c++);
  message->is_own = rp_store_col_int (stmt, c++) != 0;
  message->content = rp_store_col_text (stmt, c++);
  message->sent_at = rp_store_col_int (stmt, c++);
  message->message_type = rp_store_col_text (stmt, c++);
  message->extern_id = rp_store_col_text (stmt, c++);
  message->image_urls = rp_store_col_strv (stmt, c++);
  message->outbox_id = rp_store_col_int (stmt, c++);
  /* A row without an outbox item came from the server: it is sent by definition. */
  if (message->outbox_id > 0)
    rp_outbox_state_from_string ((const char *)sqlite3_column_text (stmt, c), &state);
  c++;
  message->outbox_state = state;

  g_assert (c == RP_STORE_MESSAGE_N_COLUMNS);

  return message;
}


RpDispute *
rp_store_read_dispute (sqlite3_stmt *stmt)
{
  RpDispute *dispute = rp_dispute_new ();
  int c = 1;

  dispute->account_id = rp_store_col_int (stmt, c++);
  dispute->issue_id = rp_store_col_text (stmt, c++);
  dispute->order_id = rp_store_col_text (stmt, c++);
  dispute->parent_order_id = rp_store_col_text (stmt, c++);
  dispute->buyer_login_id = rp_store_col_text (stmt, c++);
  dispute->status = rp_store_col_int (stmt, c++);
  dispute->raw_status = rp_store_col_text (stmt, c++);
  dispute->reason = rp_store_col_text (stmt, c++);
  dispute->reason_id = rp_store_col_text (stmt, c++);
  dispute->detail_status = rp_store_col_text (stmt, c++);
  dispute->timeout_type = rp_store_col_text (stmt, c++);
  dispute->deadline = rp_store_col_int (stmt, c++);
  dispute->created_at = rp_store_col_int (stmt, c++);
  dispute->modified_at = rp_store_col_int (stmt, c++);
  dispute->product_name = rp_store_col_text (stmt, c++);
  rp_store_col_money (stmt, c, &dispute->product_price);
  c += 2;
  rp_store_col_money (stmt, c, &dispute->refund_max);
  c += 2;
  dispute->has_detail = rp_store_col_int (stmt, c++) != 0;

  g_assert (c == RP_STORE_DISPUTE_N_COLUMNS);

  return dispute;
}


RpShipment *
rp_store_read_shipment (sqlite3_stmt *stmt)
{
  RpShipment *shipment = rp_shipment_new ();
  int c = 1;

  shipment->account_id = rp_store_col_int (stmt, c++);
  shipment->order_id = rp_store_col_text (stmt, c++);
  shipment->tracking_no = rp_store_col_text (stmt, c++);
  shipment->service_name = rp_store_col_text (stmt, c++);
  shipment->to_country = rp_store_col_text (stmt, c++);
  shipment->shipped_at = rp_store_col_int (stmt, c++);
  shipment->received_at = rp_store_col_int (stmt, c++);
  shipment->receive_status = rp_store_col_text (stmt, c++);
  shipment->status = rp_store_col_int (stmt, c++);
  shipment->last_event_at = rp_store_col_int (stmt, c++);
  shipment->last_polled_at = rp_store_col_int (stmt, c++);
  shipment->protection_end = rp_store_col_int (stmt, c++);

  g_assert (c == RP_STORE_SHIPMENT_N_COLUMNS);

  return shipment;
}

gboolean
rp_store_sql_fail (sqlite3     *db,
                   const char  *what,
                   GError     **error)
{
  g_set_error (error, RP_STORE_ERROR, RP_STORE_ERROR_FAILED, "%s: %s", what, sqlite3_errmsg (db));

  return FALSE;
}
