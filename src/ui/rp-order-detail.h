/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rp-context.h"

G_BEGIN_DECLS

#define RP_TYPE_ORDER_DETAIL (rp_order_detail_get_type ())

G_DECLARE_FINAL_TYPE (RpOrderDetail, rp_order_detail, RP, ORDER_DETAIL, GtkWidget)

void       rp_order_detail_set_context (RpOrderDetail *self,
                                        RpContext     *context);
void       rp_order_detail_set_order   (RpOrderDetail *self,
                                        gint64         account_id,
                                        const char    *order_id);
RpOrder   *rp_order_detail_get_order   (RpOrderDetail *self);
GPtrArray *rp_order_detail_get_messages (RpOrderDetail *self);

G_END_DECLS
