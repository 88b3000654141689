/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char  *rp_local_time_format         (gint64     utc_usec,
                                     GTimeZone *zone);
gint64 rp_local_time_start_of_day   (gint64     utc_usec,
                                     GTimeZone *zone);
gint64 rp_local_time_next_day       (gint64     day_start,
                                     GTimeZone *zone);

G_END_DECLS
