/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The time rows of the Timing page, for rp_timing_preferences_get_spin() and _get_row(). */
typedef enum
{
  RP_TIMING_OFFICE_START,
  RP_TIMING_OFFICE_END,
  RP_TIMING_QUIET_START,
  RP_TIMING_QUIET_END,
  RP_TIMING_N_TIMES
} RpTimingTime;

#define RP_TYPE_TIMING_PREFERENCES (rp_timing_preferences_get_type ())

G_DECLARE_FINAL_TYPE (RpTimingPreferences, rp_timing_preferences, RP, TIMING_PREFERENCES, AdwPreferencesPage)

GtkWidget     *rp_timing_preferences_new            (GSettings           *settings);
/* Stores the hours shown when they are a stretch of time (start and end differ) and the
 * zone when tzdata knows it; FALSE when something is marked as an error and not saved. */
gboolean       rp_timing_preferences_save           (RpTimingPreferences *self);
/* The hour (@minute FALSE) or minute spin button of a time row, for tests (transfer none). */
GtkSpinButton *rp_timing_preferences_get_spin       (RpTimingPreferences *self,
                                                     RpTimingTime         time,
                                                     gboolean             minute);
/* The row of a time; it has the "error" style class while the time is refused. */
GtkWidget     *rp_timing_preferences_get_row        (RpTimingPreferences *self,
                                                     RpTimingTime         time);
/* The office zone's entry row (transfer none). */
GtkWidget     *rp_timing_preferences_get_zone_row   (RpTimingPreferences *self);

G_END_DECLS
