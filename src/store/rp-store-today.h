/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rp-store.h"

G_BEGIN_DECLS

/* The rows Today's rules start from, and only those: the seller's whole lists are never
 * read for it. */
typedef struct
{
  GPtrArray *orders;         /* of RpOrder to ship (as a list reads them), newest first */
  GPtrArray *disputes;       /* of RpDispute in progress, the nearest deadline first */
  GPtrArray *conversations;  /* of RpConversation whose last word is the buyer's, sent at or
                              * before the time asked for and not marked as dealt with,
                              * the latest first */
} RpStoreTodayRows;

void              rp_store_today_rows_free     (RpStoreTodayRows  *rows);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpStoreTodayRows, rp_store_today_rows_free)

/* A connection of its own to the cache, beside the store's worker, for one Today refresh:
 * its reads never wait behind a sync's writes (SQLite's WAL lets readers and the writer go
 * together) nor hold back a list's pages on the worker.  Use it from one thread. */
typedef struct _RpStoreToday RpStoreToday;

RpStoreToday     *rp_store_today_open          (RpStore           *store,
                                                GError           **error);
void              rp_store_today_close         (RpStoreToday      *today);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpStoreToday, rp_store_today_close)

/* See rp_store_get_today_rows_sync(). */
RpStoreTodayRows *rp_store_today_read_rows     (RpStoreToday      *today,
                                                gint64             account_id,
                                                gint64             unanswered_before,
                                                GCancellable      *cancellable,
                                                GError           **error);
/* An order as a list reads it (no items); NULL without @error when the cache has none. */
RpOrder          *rp_store_today_get_order     (RpStoreToday      *today,
                                                gint64             account_id,
                                                const char        *order_id,
                                                GError           **error);

/* What the unanswered-message rule reads of a conversation's messages. */
typedef struct
{
  gint64   sent_at;
  gboolean is_own;
} RpStoreTodayMessage;

/* A conversation's messages, oldest first, local echoes included (as
 * rp_store_list_messages_sync() orders them): a GArray of RpStoreTodayMessage, or NULL with
 * @error set. */
GArray           *rp_store_today_list_messages (RpStoreToday      *today,
                                                gint64             account_id,
                                                const char        *channel_id,
                                                GError           **error);

/* Called for each parcel with its timeline; the parcel is freed after the call. */
typedef void (*RpStoreTodayParcelFunc) (RpShipment *parcel,
                                        gpointer    user_data);

/* Every parcel not delivered that the carrier was asked about at least once, of one store
 * or all (0), one at a time: their timelines together are tens of megabytes. */
gboolean          rp_store_today_foreach_parcel (RpStoreToday          *today,
                                                 gint64                 account_id,
                                                 RpStoreTodayParcelFunc func,
                                                 gpointer               user_data,
                                                 GCancellable          *cancellable,
                                                 GError               **error);

/* Every parcel still to track of one store (@account_id > 0), as the tracking sync lists
 * them: not delivered, or delivered without a timeline yet, asked about or not, the least
 * recently asked about first; one at a time, as rp_store_today_foreach_parcel(). */
gboolean          rp_store_today_foreach_open_parcel (RpStoreToday          *today,
                                                      gint64                 account_id,
                                                      RpStoreTodayParcelFunc func,
                                                      gpointer               user_data,
                                                      GCancellable          *cancellable,
                                                      GError               **error);

/* What the notifier reads of one store (@account_id > 0), and only that: the rows its rules
 * can act on, never whole tables. */

/* The disputes in progress, by id. */
GPtrArray        *rp_store_today_list_open_disputes  (RpStoreToday      *today,
                                                      gint64             account_id,
                                                      GCancellable      *cancellable,
                                                      GError           **error);

/* An order whose confirmation waits: sent to the buyer, or ready to ship. */
typedef struct
{
  char               *order_id;
  RpConfirmationState state;
  gint64              deadline;  /* UTC µs, 0 when none is known */
} RpStoreTodayConfirmation;

void              rp_store_today_confirmation_free   (RpStoreTodayConfirmation *confirmation);

/* The orders whose confirmation is sent or ready to ship (a GPtrArray of
 * RpStoreTodayConfirmation), by order id, or NULL with @error set. */
GPtrArray        *rp_store_today_list_waiting_confirmations (RpStoreToday  *today,
                                                             gint64         account_id,
                                                             GCancellable  *cancellable,
                                                             GError       **error);

/* The conversations the notifier may speak of, by id (the order the cache keeps them in):
 * those waiting for the seller (unread, the buyer's word last), and every conversation of
 * a buyer with something open: such a conversation, a dispute in progress, or an order
 * whose confirmation was sent and not answered (the buyer of the order, and of every
 * conversation about it). */
GPtrArray        *rp_store_today_list_notice_conversations (RpStoreToday  *today,
                                                            gint64         account_id,
                                                            GCancellable  *cancellable,
                                                            GError       **error);

/* Reads on a connection of its own, beside the store's worker (as the buyer history does),
 * in one snapshot, so that Today never waits behind a sync's writes nor holds back a
 * list's first page.  @account_id 0 reads every store's rows.  Call it on a worker thread. */
RpStoreTodayRows *rp_store_get_today_rows_sync (RpStore           *self,
                                                gint64             account_id,
                                                gint64             unanswered_before,
                                                GCancellable      *cancellable,
                                                GError           **error);

G_END_DECLS
