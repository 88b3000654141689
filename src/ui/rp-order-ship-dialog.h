/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rp-context.h"

G_BEGIN_DECLS

#define RP_TYPE_ORDER_SHIP_DIALOG (rp_order_ship_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RpOrderShipDialog, rp_order_ship_dialog, RP, ORDER_SHIP_DIALOG, AdwWindow)

RpOrderShipDialog *rp_order_ship_dialog_new          (RpContext         *context,
                                                      RpOrder           *order);
gboolean           rp_order_ship_dialog_get_gated    (RpOrderShipDialog *self);
gboolean           rp_order_ship_dialog_get_services_known (RpOrderShipDialog *self);
gboolean           rp_order_ship_dialog_get_from_parcels   (RpOrderShipDialog *self);
gboolean           rp_order_ship_dialog_set_service  (RpOrderShipDialog *self,
                                                      const char        *service_name);
char              *rp_order_ship_dialog_normalize_tracking (const char  *text);

G_END_DECLS
