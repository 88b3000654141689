/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rp-context.h"
#include "rp-tracking-entry.h"

G_BEGIN_DECLS

#define RP_TYPE_SHIPMENT_DETAIL (rp_shipment_detail_get_type ())

G_DECLARE_FINAL_TYPE (RpShipmentDetail, rp_shipment_detail, RP, SHIPMENT_DETAIL, GtkWidget)

void             rp_shipment_detail_set_context (RpShipmentDetail *self,
                                                 RpContext        *context);
RpTrackingEntry *rp_shipment_detail_get_entry   (RpShipmentDetail *self);
void             rp_shipment_detail_set_entry   (RpShipmentDetail *self,
                                                 RpTrackingEntry  *entry);
RpOrder         *rp_shipment_detail_get_order   (RpShipmentDetail *self);
char            *rp_shipment_detail_dup_draft   (RpShipmentDetail *self);
gint64           rp_shipment_detail_get_notice_time (RpShipmentDetail *self);

G_END_DECLS
