/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "rp-country.h"

G_BEGIN_DECLS

typedef struct _RpQuietHours RpQuietHours;   /* rp-schedule.h */

/* A buyer is "active now" this long after their last message or action. */
#define RP_ACTIVITY_ACTIVE_SPAN      (15 * G_TIME_SPAN_MINUTE)
#define RP_ACTIVITY_DEFAULT_HALF_LIFE (30 * G_TIME_SPAN_DAY)
#define RP_ACTIVITY_DEFAULT_THRESHOLD 0.5
/* How many (decayed) messages count as much as the country prior. */
#define RP_ACTIVITY_PRIOR_STRENGTH   8.0

#define RP_TYPE_ACTIVITY (rp_activity_get_type ())
G_DECLARE_FINAL_TYPE (RpActivity, rp_activity, RP, ACTIVITY, GObject)

/* When a buyer is likely online: an hour-of-week histogram of their own messages in their
 * local time, older ones decaying, blended with the country's prior (an evening peak, a
 * lunchtime bump, quiet nights).  @country may be NULL for the generic prior.  @now
 * (UTC µs) is the instant ages are measured from. */
RpActivity *rp_activity_new              (GTimeZone          *zone,
                                          const RpCountry    *country,
                                          gint64              now);

/* A buyer message or action at @when (UTC µs).  The oldest are forgotten beyond 5000. */
void        rp_activity_add_event        (RpActivity         *self,
                                          gint64              when);

/* Moves the reference instant ages are measured from. */
void        rp_activity_set_now          (RpActivity         *self,
                                          gint64              now);
void        rp_activity_set_half_life    (RpActivity         *self,
                                          GTimeSpan           half_life);
void        rp_activity_set_threshold    (RpActivity         *self,
                                          double              threshold);
double      rp_activity_get_threshold    (RpActivity         *self);
GTimeZone  *rp_activity_get_zone         (RpActivity         *self);
guint       rp_activity_get_n_events     (RpActivity         *self);

/* How much the buyer's own data counts against the prior, 0–1: n / (n + k) over the
 * decayed message count. */
double      rp_activity_get_own_weight   (RpActivity         *self);

/* The probability, 0–1, that the buyer is online at @when (UTC µs). */
double      rp_activity_probability      (RpActivity         *self,
                                          gint64              when);

/* The country prior alone, for @when in @zone. */
double      rp_activity_prior            (const RpCountry    *country,
                                          GTimeZone          *zone,
                                          gint64              when);

/* TRUE for RP_ACTIVITY_ACTIVE_SPAN after the buyer's last event (a few minutes of clock
 * skew into the future are tolerated); FALSE when @last_buyer_event is 0 or less. */
gboolean    rp_activity_is_active_now    (gint64              last_buyer_event,
                                          gint64              now);

/* The next stretch, starting at or after @now and before @now + @horizon, where the
 * probability reaches the threshold outside @quiet (may be NULL) in the buyer's zone.
 * The window is cut at the horizon.  FALSE, with -1 in both, when there is none. */
gboolean    rp_activity_next_window      (RpActivity         *self,
                                          gint64              now,
                                          const RpQuietHours *quiet,
                                          GTimeSpan           horizon,
                                          gint64             *out_start,
                                          gint64             *out_end);

/* The start of the most likely moment outside @quiet within the horizon (the earliest of
 * equals), or -1 when every moment is quiet. */
gint64      rp_activity_best_time        (RpActivity         *self,
                                          gint64              now,
                                          const RpQuietHours *quiet,
                                          GTimeSpan           horizon,
                                          double             *out_probability);

G_END_DECLS
