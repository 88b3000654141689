/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rp-context.h"

G_BEGIN_DECLS

#define RP_TYPE_ORDER_BATCH_DIALOG (rp_order_batch_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RpOrderBatchDialog, rp_order_batch_dialog, RP, ORDER_BATCH_DIALOG, AdwWindow)

/* The most orders one batch confirms: every one is read and shown before sending. */
#define RP_ORDER_BATCH_MAX 100

RpOrderBatchDialog *rp_order_batch_dialog_new      (RpContext          *context,
                                                    GPtrArray          *orders);
guint               rp_order_batch_dialog_get_n_ready (RpOrderBatchDialog *self);

G_END_DECLS
