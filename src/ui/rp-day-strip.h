/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rp-activity.h"
#include "rp-schedule.h"

G_BEGIN_DECLS

#define RP_TYPE_DAY_STRIP (rp_day_strip_get_type ())

G_DECLARE_FINAL_TYPE (RpDayStrip, rp_day_strip, RP, DAY_STRIP, GtkWidget)

/* The seller's day in 24 hours: when the buyer is likely online and asleep, the seller's
 * office hours, and now, with hour labels on both clocks.  It follows the clock minute by
 * minute while it is mapped. */
GtkWidget        *rp_day_strip_new             (void);

/* @activity may be NULL (the generic prior then); @buyer_zone NULL clears the strip. */
void              rp_day_strip_set_buyer       (RpDayStrip          *self,
                                                RpActivity          *activity,
                                                GTimeZone           *buyer_zone);
/* NULL means the defaults (22:00–08:00 quiet, 08:00–17:00 office, the local zone). */
void              rp_day_strip_set_hours       (RpDayStrip          *self,
                                                const RpQuietHours  *quiet,
                                                const RpOfficeHours *office,
                                                GTimeZone           *seller_zone);
/* Pins "now" (UTC µs) for tests and screenshots; 0 follows the clock again. */
void              rp_day_strip_set_now         (RpDayStrip          *self,
                                                gint64               now);

/* The slots drawn (24), or NULL before a buyer is set. */
const RpHourSlot *rp_day_strip_get_slots       (RpDayStrip          *self);
/* What a screen reader is told (transfer none), or NULL before a buyer is set. */
const char       *rp_day_strip_get_description (RpDayStrip          *self);

/* The pure parts, for tests.  A label for the start of @slot on @zone's clock: "09" on the
 * hour, "09:30" in zones with a half-hour offset (transfer full). */
char             *rp_day_strip_slot_label      (const RpHourSlot    *slot,
                                                GTimeZone           *zone);
/* The strip in words: the likely-online stretches on the buyer's clock and the seller's,
 * the buyer's night, the seller's office hours, and whether @now is a good moment
 * (transfer full). */
char             *rp_day_strip_describe        (const RpHourSlot     slots[24],
                                                GTimeZone           *buyer_zone,
                                                GTimeZone           *seller_zone,
                                                gint64               now);
/* The index of the slot holding @now, or -1. */
int               rp_day_strip_now_index       (const RpHourSlot     slots[24],
                                                gint64               now);

G_END_DECLS
