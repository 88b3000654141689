/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rp-dispute.h"

G_BEGIN_DECLS

typedef enum
{
  RP_DISPUTE_URGENCY_NONE,        /* no deadline, or 48 h or more left */
  RP_DISPUTE_URGENCY_48H,         /* less than 48 h left */
  RP_DISPUTE_URGENCY_24H,         /* less than 24 h left */
  RP_DISPUTE_URGENCY_6H,          /* less than 6 h left */
  RP_DISPUTE_URGENCY_OVERDUE,     /* the deadline passed */
} RpDisputeUrgency;

/* The alerts before a deadline, as flags so that the fired ones fit in one column. */
typedef enum
{
  RP_DISPUTE_ALERT_NONE = 0,
  RP_DISPUTE_ALERT_48H  = 1 << 0,
  RP_DISPUTE_ALERT_24H  = 1 << 1,
  RP_DISPUTE_ALERT_6H   = 1 << 2,
} RpDisputeAlert;

/* What the caller keeps per dispute between two looks at the clock. */
typedef struct
{
  gint64         deadline;        /* the deadline the fired alerts were for */
  gint64         last_alert_at;   /* when the last alert fired, UTC µs; 0 when none */
  RpDisputeAlert fired;
} RpDisputeAlertState;

GTimeSpan        rp_dispute_clock_time_left       (gint64                     deadline,
                                                   gint64                     now);
RpDisputeUrgency rp_dispute_clock_urgency         (gint64                     deadline,
                                                   gint64                     now);
GTimeSpan        rp_dispute_alert_offset          (RpDisputeAlert             alert);
RpDisputeAlert   rp_dispute_clock_next_alert      (gint64                     deadline,
                                                   RpDisputeAlert             fired,
                                                   gint64                     now);
gint64           rp_dispute_clock_next_alert_time (gint64                     deadline,
                                                   RpDisputeAlert             fired,
                                                   gint64                     now);
gboolean         rp_dispute_clock_needs_reset     (const RpDisputeAlertState *state,
                                                   gint64                     deadline,
                                                   gint64                     modified_at);
RpDisputeAlert   rp_dispute_clock_poll            (RpDisputeAlertState       *state,
                                                   gint64                     deadline,
                                                   gint64                     modified_at,
                                                   gint64                     now);
RpDisputeAlert   rp_dispute_clock_poll_dispute    (RpDisputeAlertState       *state,
                                                   RpDispute                 *dispute,
                                                   gint64                     now);
char            *rp_dispute_clock_format_left     (GTimeSpan                  left);

G_END_DECLS
