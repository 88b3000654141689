/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rp-context.h"

G_BEGIN_DECLS

#define RP_TYPE_ORDER_CONFIRM_DIALOG (rp_order_confirm_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RpOrderConfirmDialog, rp_order_confirm_dialog, RP, ORDER_CONFIRM_DIALOG, AdwWindow)

RpOrderConfirmDialog *rp_order_confirm_dialog_new          (RpContext            *context,
                                                            RpOrder              *order,
                                                            GTimeZone            *buyer_zone);
const char           *rp_order_confirm_dialog_get_language (RpOrderConfirmDialog *self);
char                 *rp_order_confirm_dialog_get_text     (RpOrderConfirmDialog *self);
gint64                rp_order_confirm_dialog_get_deadline (RpOrderConfirmDialog *self);

G_END_DECLS
