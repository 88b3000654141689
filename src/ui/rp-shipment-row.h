/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rp-tracking-entry.h"

G_BEGIN_DECLS

#define RP_TYPE_SHIPMENT_ROW (rp_shipment_row_get_type ())

G_DECLARE_FINAL_TYPE (RpShipmentRow, rp_shipment_row, RP, SHIPMENT_ROW, GtkWidget)

RpTrackingEntry *rp_shipment_row_get_entry (RpShipmentRow   *self);
void             rp_shipment_row_set_entry (RpShipmentRow   *self,
                                            RpTrackingEntry *entry);
/* The short name of a problem for a badge, translated (transfer none). */
const char      *rp_shipment_problem_label (RpParcelProblem  problem);
char            *rp_shipment_protection_left (gint64         end,
                                              gint64         now);

G_END_DECLS
