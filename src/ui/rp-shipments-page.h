/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rp-context.h"

G_BEGIN_DECLS

#define RP_TYPE_SHIPMENTS_PAGE (rp_shipments_page_get_type ())

G_DECLARE_FINAL_TYPE (RpShipmentsPage, rp_shipments_page, RP, SHIPMENTS_PAGE, GtkWidget)

RpContext *rp_shipments_page_get_context (RpShipmentsPage *self);
void       rp_shipments_page_set_context (RpShipmentsPage *self,
                                      RpContext    *context);

G_END_DECLS
