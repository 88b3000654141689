/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rp-store.h"

G_BEGIN_DECLS

/* A buyer message without a reply becomes a task after this long. */
#define RP_TODAY_UNANSWERED_AFTER (2 * G_TIME_SPAN_HOUR)

/* Builds the Today list (a sorted GPtrArray of RpTodayItem) from rows already read from
 * the cache, reading what else the rules need (messages, parcels with their events)
 * through the store's sync API: call it on a worker thread, never on the UI thread.
 * @orders are the orders to ship, @disputes and @conversations all of them or only the
 * candidates (rp_store_get_today_rows_sync() reads just those); the objects are only read. */
GPtrArray *rp_today_collect_sync (RpStore       *store,
                                  GPtrArray     *orders,
                                  GPtrArray     *disputes,
                                  GPtrArray     *conversations,
                                  gint64         now,
                                  GTimeSpan      unanswered_after,
                                  GCancellable  *cancellable,
                                  GError       **error);

G_END_DECLS
