/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rp-store.h"

G_BEGIN_DECLS

/* Per-order state the confirmation keeps beside RP_STORE_ORDER_STATE_CONFIRMATION and its
 * deadline (values are decimal UTC µs on the marketplace's clock): when the confirmation
 * went out, and the newest buyer reply the seller marked reviewed. */
#define RP_CONFIRMATION_PASS_STATE_SENT_AT     "confirmation-sent-at"
#define RP_CONFIRMATION_PASS_STATE_REVIEWED_AT "confirmation-reviewed-at"

/* The marketplace's clock as far as the cache knows: now, or the newest time a sync of
 * @account_id has seen on the marketplace when that is later. */
gint64   rp_confirmation_pass_marketplace_now (RpStore              *store,
                                               gint64                account_id);

/* Moves the confirmation of every order of @account_id (or of @order_id alone) that
 * waits for the buyer or is ready to ship along what the cache holds now: a closed
 * window makes it ready to ship, a buyer reply since the confirmation (or since the
 * last review) needs a review.  Runs in a thread; the store's `changed` signal tells the
 * views.  Returns the number of orders whose state changed. */
gboolean rp_confirmation_pass_run_sync        (RpStore              *store,
                                               gint64                account_id,
                                               const char           *order_id,
                                               guint                *n_changed,
                                               GError              **error);
void     rp_confirmation_pass_run_async       (RpStore              *store,
                                               gint64                account_id,
                                               const char           *order_id,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean rp_confirmation_pass_run_finish      (GAsyncResult         *result,
                                               guint                *n_changed,
                                               GError              **error);

G_END_DECLS
