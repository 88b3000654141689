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

/* Deadline minus now; negative when overdue; G_MAXINT64 without a deadline (0). */
GTimeSpan        rp_dispute_clock_time_left       (gint64                     deadline,
                                                   gint64                     now);
/* None / < 48 h / < 24 h / < 6 h / overdue (from the deadline on). */
RpDisputeUrgency rp_dispute_clock_urgency         (gint64                     deadline,
                                                   gint64                     now);
/* How long before the deadline an alert fires. */
GTimeSpan        rp_dispute_alert_offset          (RpDisputeAlert             alert);
/* The alert due now that has not fired (only the most urgent of several), or NONE. */
RpDisputeAlert   rp_dispute_clock_next_alert      (gint64                     deadline,
                                                   RpDisputeAlert             fired,
                                                   gint64                     now);
/* When the next alert is due (now if already), 0 when none is left: for a wake-up. */
gint64           rp_dispute_clock_next_alert_time (gint64                     deadline,
                                                   RpDisputeAlert             fired,
                                                   gint64                     now);
/* A new deadline, or a modification after the last alert: the alerts start over. */
gboolean         rp_dispute_clock_needs_reset     (const RpDisputeAlertState *state,
                                                   gint64                     deadline,
                                                   gint64                     modified_at);
/* Reset if needed, then fire and record the due alert: the one call per dispute. */
RpDisputeAlert   rp_dispute_clock_poll            (RpDisputeAlertState       *state,
                                                   gint64                     deadline,
                                                   gint64                     modified_at,
                                                   gint64                     now);
/* rp_dispute_clock_poll() for a dispute; nothing fires once it is closed. */
RpDisputeAlert   rp_dispute_clock_poll_dispute    (RpDisputeAlertState       *state,
                                                   RpDispute                 *dispute,
                                                   gint64                     now);
/* "1 d 3 h", "5 h 20 min", "overdue by 2 h", translated. */
char            *rp_dispute_clock_format_left     (GTimeSpan                  left);

G_END_DECLS
