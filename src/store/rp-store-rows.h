/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "rp-store.h"

G_BEGIN_DECLS

/* The rows of the cache as objects, shared by the store's worker (rp-store-db.c) and the
 * readers on connections of their own (rp-store-today.c, rp-store-buyer.c), so that every
 * view reads the same fields the same way.  A column list and its reader go together:
 * the first column is the row's id, which the readers skip. */

#define RP_STORE_ORDER_COLUMNS \
  "o.id, o.account_id, o.order_id, o.raw_status, o.status, o.issue_status, " \
  "o.logistics_status, o.created_at, o.paid_at, o.modified_at, o.ship_by, o.buyer_login_id, " \
  "o.buyer_name, o.buyer_country, o.total_cents, o.total_currency, o.memo, " \
  "o.addr_contact_person, o.addr_country, o.addr_province, o.addr_city, o.addr_address, " \
  "o.addr_address2, o.addr_detail_address, o.addr_zip, o.addr_phone, o.has_detail, " \
  "(SELECT s.value FROM order_state s WHERE s.account_id = o.account_id " \
  "   AND s.order_id = o.order_id AND s.key = 'confirmation'), " \
  "(SELECT s.value FROM order_state s WHERE s.account_id = o.account_id " \
  "   AND s.order_id = o.order_id AND s.key = 'confirmation-deadline'), " \
  "o.accept_by, o.items_summary"

#define RP_STORE_ORDER_N_COLUMNS 31

#define RP_STORE_CONVERSATION_COLUMNS \
  "c.id, c.account_id, c.channel_id, c.buyer_login_id, c.buyer_name, c.order_id, " \
  "c.unread_count, c.read, c.processed, c.rank, c.last_message_at, c.last_message_text, " \
  "c.last_message_is_own"

#define RP_STORE_CONVERSATION_N_COLUMNS 13

#define RP_STORE_MESSAGE_COLUMNS \
  "m.id, m.account_id, m.message_id, m.channel_id, m.sender_login_id, m.sender_name, " \
  "m.is_own, m.content, m.sent_at, m.message_type, m.extern_id, m.image_urls, m.outbox_id, " \
  "ob.state"

#define RP_STORE_MESSAGE_N_COLUMNS 14

#define RP_STORE_MESSAGE_FROM "messages m LEFT JOIN outbox ob ON ob.id = m.outbox_id"

#define RP_STORE_DISPUTE_COLUMNS \
  "d.id, d.account_id, d.issue_id, d.order_id, d.parent_order_id, d.buyer_login_id, " \
  "d.status, d.raw_status, d.reason, d.reason_id, d.detail_status, d.timeout_type, " \
  "d.deadline, d.created_at, d.modified_at, d.product_name, d.product_price_cents, " \
  "d.product_price_currency, d.refund_max_cents, d.refund_max_currency, d.has_detail"

#define RP_STORE_DISPUTE_N_COLUMNS 21

#define RP_STORE_SHIPMENT_COLUMNS \
  "s.id, s.account_id, s.order_id, s.tracking_no, s.service_name, s.to_country, " \
  "s.shipped_at, s.received_at, s.receive_status, s.status, s.last_event_at, s.last_polled_at, " \
  "coalesce ((SELECT o.accept_by FROM orders o WHERE o.account_id = s.account_id " \
  "           AND o.order_id = s.order_id), 0)"

#define RP_STORE_SHIPMENT_N_COLUMNS 13

char           *rp_store_col_text          (sqlite3_stmt  *stmt,
                                            int            index);
gint64          rp_store_col_int           (sqlite3_stmt  *stmt,
                                            int            index);
void            rp_store_col_money         (sqlite3_stmt  *stmt,
                                            int            index,
                                            RpMoney       *money);
GStrv           rp_store_col_strv          (sqlite3_stmt  *stmt,
                                            int            index);

RpOrder        *rp_store_read_order        (sqlite3_stmt  *stmt);
RpConversation *rp_store_read_conversation (sqlite3_stmt  *stmt);
RpMessage      *rp_store_read_message      (sqlite3_stmt  *stmt);
RpDispute      *rp_store_read_dispute      (sqlite3_stmt  *stmt);
RpShipment     *rp_store_read_shipment     (sqlite3_stmt  *stmt);

/* @what failed on @db: an RP_STORE_ERROR_FAILED with SQLite's reason; returns FALSE. */
gboolean        rp_store_sql_fail          (sqlite3       *db,
                                            const char    *what,
                                            GError       **error);

G_END_DECLS
