/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rp-context.h"

G_BEGIN_DECLS

#define RP_TYPE_ORDERS_PAGE (rp_orders_page_get_type ())

G_DECLARE_FINAL_TYPE (RpOrdersPage, rp_orders_page, RP, ORDERS_PAGE, GtkWidget)

RpContext *rp_orders_page_get_context (RpOrdersPage *self);
void       rp_orders_page_set_context (RpOrdersPage *self,
                                      RpContext    *context);

G_END_DECLS
