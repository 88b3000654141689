/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rp-context.h"
#include "rp-order-detail.h"

G_BEGIN_DECLS

#define RP_TYPE_ORDERS_PAGE (rp_orders_page_get_type ())

G_DECLARE_FINAL_TYPE (RpOrdersPage, rp_orders_page, RP, ORDERS_PAGE, GtkWidget)

RpContext     *rp_orders_page_get_context  (RpOrdersPage *self);
void           rp_orders_page_set_context  (RpOrdersPage *self,
                                            RpContext    *context);
GListModel    *rp_orders_page_get_model    (RpOrdersPage *self);
gboolean       rp_orders_page_select_order (RpOrdersPage *self,
                                            gint64        account_id,
                                            const char   *order_id);
RpOrderDetail *rp_orders_page_get_detail   (RpOrdersPage *self);

G_END_DECLS
