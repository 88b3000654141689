/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Inside Rapport every instant is UTC, in microseconds since the epoch (GDateTime's unit).
 * The marketplace speaks US Pacific wall-clock strings; these convert at the boundary. */

gboolean  rp_time_parse_pacific  (const char  *text,
                                  gint64      *out_utc_usec,
                                  GError     **error);
char     *rp_time_format_pacific (gint64       utc_usec);
GTimeZone *rp_time_pacific_zone  (void);

G_END_DECLS
