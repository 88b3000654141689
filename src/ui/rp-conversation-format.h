/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rp-links.h"

G_BEGIN_DECLS

/* How the message centre writes times, in the zone given (the seller's local zone unless
 * said otherwise); @now is UTC µs.  All transfer full. */

/* "14:05" today, "Mon" within the last week, "28 Nov" this year, "28 Nov 2025" before. */
char *rp_conversation_format_when  (gint64      utc_usec,
                                    gint64      now,
                                    GTimeZone  *zone);
/* "Today", "Yesterday", "Friday, 27 November 2026". */
char *rp_conversation_format_day   (gint64      utc_usec,
                                    gint64      now,
                                    GTimeZone  *zone);
/* "14:05". */
char *rp_conversation_format_clock (gint64      utc_usec,
                                    GTimeZone  *zone);
/* Whether two instants fall on the same local day. */
gboolean rp_conversation_same_day  (gint64      a,
                                    gint64      b,
                                    GTimeZone  *zone);

/* Adds the message centre's style sheet to the default display, once. */
void rp_conversation_format_load_style (void);

/* Asks the seller before anything a buyer sent is opened: a dialog over @from's window
 * shows the full address and, emphasised, the host it really goes to (its ASCII form
 * beside an IDN, a warning when text before "@" poses as a host).  Only its Open response
 * hands the address to the default browser.  Returns: (transfer none): the dialog, shown. */
GtkWidget *rp_conversation_confirm_open_link (GtkWidget    *from,
                                              const RpLink *link);

G_END_DECLS
