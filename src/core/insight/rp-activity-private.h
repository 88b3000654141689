/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rp-activity.h"

G_BEGIN_DECLS

/* An instant on a zone's wall clock. */
typedef struct
{
  GDateWeekday weekday;
  int          hour;
  int          minute;
  int          second;
  int          month;
} RpLocal;

gboolean rp_local_time        (GTimeZone          *zone,
                               gint64              when,
                               RpLocal            *out);
gint64   rp_next_boundary     (GTimeZone          *zone,
                               const RpQuietHours *quiet,
                               gint64              t);
double   rp_activity_prior_at (const RpCountry    *country,
                               const RpLocal      *local);

G_END_DECLS
