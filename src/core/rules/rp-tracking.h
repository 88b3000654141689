/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rp-enums.h"
#include "rp-shipment.h"

G_BEGIN_DECLS

/* When rp_tracking_next_poll() has nothing left to ask the carrier. */
#define RP_TRACKING_NEVER G_MAXINT64

typedef enum
{
  RP_TRACKING_LEVEL_NONE,
  RP_TRACKING_LEVEL_WARNING,
  RP_TRACKING_LEVEL_CRITICAL,
} RpTrackingLevel;

typedef struct
{
  guint no_scan_warning_days;     /* 3: no carrier scan this long after the shipping notice */
  guint no_scan_critical_days;    /* 4: the platform calls it a false shipment at 5 */
  guint stalled_days[3];          /* 5, 10, 20: no new event this long, three levels */
  guint protection_warning_days;  /* 7: buyer protection ends within this */
} RpTrackingThresholds;

typedef struct
{
  RpTrackingStatus status;
  gboolean         held_in_customs;
  gboolean         has_first_scan;        /* the carrier has physically seen the parcel */
  RpTrackingLevel  no_first_scan;
  guint            stalled_level;         /* 0, or 1..3 for the three stalled thresholds */
  guint            days_since_event;      /* counted days, weekends skipped if asked */
  guint            days_since_shipped;
  gboolean         protection_expiring;
  gint64           protection_left;       /* µs to the end of buyer protection; 0 when none */
} RpTrackingAssessment;

/* 3 / 4 days without a first scan, stalled at 5 / 10 / 20 days, protection within 7. */
const RpTrackingThresholds *rp_tracking_thresholds_default (void);

/* One carrier event to a status (action code first, then the text); %FALSE if unknown. */
gboolean         rp_tracking_classify_event (const char                 *action_code,
                                             const char                 *description,
                                             RpTrackingStatus           *status,
                                             gboolean                   *held_in_customs);
/* The parcel's status from its newest classifiable event, and whether customs holds it. */
RpTrackingStatus rp_tracking_normalise      (RpShipment                 *shipment,
                                             gboolean                   *held_in_customs);
/* Whether a status means a carrier physically handled the parcel. */
gboolean         rp_tracking_event_is_scan  (RpTrackingStatus            status);
/* Whole days between two instants, optionally without Saturdays and Sundays in @zone. */
guint            rp_tracking_count_days     (gint64                      from,
                                             gint64                      to,
                                             gboolean                    skip_weekends,
                                             GTimeZone                  *zone);
/* Status plus the derived flags: no first scan, stalled, held in customs, protection. */
void             rp_tracking_assess         (RpShipment                 *shipment,
                                             gint64                      protection_end,
                                             gint64                      now,
                                             const RpTrackingThresholds *thresholds,
                                             gboolean                    skip_weekends,
                                             GTimeZone                  *zone,
                                             RpTrackingAssessment       *out);
/* When to ask the carrier next: 2 h after a fresh event up to daily; never once delivered. */
gint64           rp_tracking_next_poll      (RpShipment                 *shipment,
                                             gint64                      now);

G_END_DECLS
