/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "2026-11-30 18:00 (UTC+01:00)" in @zone: locale-neutral, fit for any language. */
char  *rp_local_time_format         (gint64     utc_usec,
                                     GTimeZone *zone);
/* The first instant of the local day holding @utc_usec. */
gint64 rp_local_time_start_of_day   (gint64     utc_usec,
                                     GTimeZone *zone);
/* The start of the next local day (23, 24 or 25 hours later). */
gint64 rp_local_time_next_day       (gint64     day_start,
                                     GTimeZone *zone);

G_END_DECLS
