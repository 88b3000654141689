/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "rp-parcel-problem.h"
#include "rp-shipment.h"
#include "rp-tracking.h"

G_BEGIN_DECLS

#define RP_TYPE_TRACKING_ENTRY (rp_tracking_entry_get_type ())

G_DECLARE_FINAL_TYPE (RpTrackingEntry, rp_tracking_entry, RP, TRACKING_ENTRY, GObject)

RpTrackingEntry            *rp_tracking_entry_new             (RpShipment       *summary);
char                       *rp_tracking_entry_key             (RpShipment       *shipment);
RpShipment                 *rp_tracking_entry_get_shipment    (RpTrackingEntry  *self);
gboolean                    rp_tracking_entry_get_loaded      (RpTrackingEntry  *self);
gboolean                    rp_tracking_entry_update_summary  (RpTrackingEntry  *self,
                                                               RpShipment       *summary);
void                        rp_tracking_entry_set_detail      (RpTrackingEntry  *self,
                                                               RpShipment       *detail,
                                                               gint64            now,
                                                               const RpTrackingThresholds *thresholds,
                                                               gboolean          skip_weekends,
                                                               GTimeZone        *zone);
const RpTrackingAssessment *rp_tracking_entry_get_assessment  (RpTrackingEntry  *self);
RpParcelProblem             rp_tracking_entry_get_problem     (RpTrackingEntry  *self);
const RpTrackingEvent      *rp_tracking_entry_get_last_event  (RpTrackingEntry  *self);
const char                 *rp_tracking_status_label          (RpTrackingStatus  status);

G_END_DECLS
