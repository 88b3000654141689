/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rp-store.h"

G_BEGIN_DECLS

/* What the cache holds about one buyer of an account: for the buyer panel and for sending
 * when the buyer is likely online. */
typedef struct
{
  GPtrArray  *orders;      /* of RpOrder (status, time, total, country and region), newest first */
  GPtrArray  *disputes;    /* of RpDispute (status, reason, order, time), newest first */
  GPtrArray  *messages;    /* of RpMessage the buyer wrote, in all their conversations, the
                            * newest up to the limit asked for, oldest first */
  GHashTable *scheduled;   /* outbox id → when it goes (gint64 * → gint64 *, UTC µs), for
                            * the messages scheduled in the buyer's conversations */
} RpStoreBuyerHistory;

void                 rp_store_buyer_history_free       (RpStoreBuyerHistory *history);
/* When the scheduled item @outbox_id goes, or 0 when it is not one of them. */
gint64               rp_store_buyer_history_get_scheduled (RpStoreBuyerHistory *history,
                                                           gint64               outbox_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpStoreBuyerHistory, rp_store_buyer_history_free)

/* Reads on a connection of its own, beside the store's worker, so that these reads never
 * wait behind a sync's writes (SQLite's WAL lets readers and the writer go together).  A
 * buyer the cache does not know has an empty history.  @message_limit 0 means all. */
void                 rp_store_get_buyer_history_async  (RpStore             *self,
                                                        gint64               account_id,
                                                        const char          *buyer_login_id,
                                                        guint                message_limit,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
RpStoreBuyerHistory *rp_store_get_buyer_history_finish (RpStore             *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
RpStoreBuyerHistory *rp_store_get_buyer_history_sync   (RpStore             *self,
                                                        gint64               account_id,
                                                        const char          *buyer_login_id,
                                                        guint                message_limit,
                                                        GCancellable        *cancellable,
                                                        GError             **error);

G_END_DECLS
