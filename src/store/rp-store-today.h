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

/* Reads on a connection of its own, beside the store's worker (as the buyer history does),
 * in one snapshot, so that Today never waits behind a sync's writes nor holds back a
 * list's first page.  @account_id 0 reads every store's rows.  Call it on a worker thread. */
RpStoreTodayRows *rp_store_get_today_rows_sync (RpStore           *self,
                                                gint64             account_id,
                                                gint64             unanswered_before,
                                                GCancellable      *cancellable,
                                                GError           **error);

G_END_DECLS
