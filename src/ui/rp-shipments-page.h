/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rp-context.h"
#include "rp-shipment-detail.h"

G_BEGIN_DECLS

#define RP_TYPE_SHIPMENTS_PAGE (rp_shipments_page_get_type ())

G_DECLARE_FINAL_TYPE (RpShipmentsPage, rp_shipments_page, RP, SHIPMENTS_PAGE, GtkWidget)

RpContext        *rp_shipments_page_get_context (RpShipmentsPage *self);
void              rp_shipments_page_set_context (RpShipmentsPage *self,
                                                 RpContext       *context);
/* The parcels shown, after the search and the problem filter (of RpTrackingEntry). */
GListModel       *rp_shipments_page_get_model   (RpShipmentsPage *self);
RpShipmentDetail *rp_shipments_page_get_detail  (RpShipmentsPage *self);
/* Whether parcels' timelines are still being read. */
gboolean          rp_shipments_page_get_busy    (RpShipmentsPage *self);
/* Shows the parcel at @position of the model in the detail pane. */
void              rp_shipments_page_show_parcel (RpShipmentsPage *self,
                                                 guint            position);

G_END_DECLS
