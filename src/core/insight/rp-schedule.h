/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rp-activity.h"

G_BEGIN_DECLS

/* A daily stretch of wall-clock time, in minutes after midnight; it may wrap midnight
 * (22:00–08:00).  start == end means none at all. */
struct _RpQuietHours
{
  guint16 start_minute;
  guint16 end_minute;
};

/* The seller's working day, in the seller's zone; the same shape as quiet hours. */
typedef RpQuietHours RpOfficeHours;

#define RP_QUIET_HOURS_DEFAULT_START   (22 * 60)
#define RP_QUIET_HOURS_DEFAULT_END     (8 * 60)
#define RP_OFFICE_HOURS_DEFAULT_START  (8 * 60)
#define RP_OFFICE_HOURS_DEFAULT_END    (17 * 60)
#define RP_OFFICE_DEFAULT_ZONE         "Asia/Shanghai"

/* How far ahead a send is postponed to meet a likely-online window before falling back
 * to the most likely moment outside quiet hours. */
#define RP_SCHEDULE_HORIZON            (36 * G_TIME_SPAN_HOUR)

void     rp_quiet_hours_init_default   (RpQuietHours       *quiet);
void     rp_office_hours_init_default  (RpOfficeHours      *office);

/* Minutes after midnight, 0–1439 each; anything else is G_IO_ERROR_INVALID_ARGUMENT. */
gboolean rp_quiet_hours_init           (RpQuietHours       *quiet,
                                        int                 start_minute,
                                        int                 end_minute,
                                        GError            **error);

/* "22:00-08:00" (also "22:00–08:00" and "22-8"), as a settings string holds it. */
gboolean rp_quiet_hours_parse          (RpQuietHours       *quiet,
                                        const char         *text,
                                        GError            **error);
char    *rp_quiet_hours_to_string      (const RpQuietHours *quiet);

/* The stretch stored as text under @key of @settings ("buyer-quiet-hours", "office-hours").
 * @quiet holds the default on entry and keeps it when @settings is NULL, or when the stored
 * text is not a stretch of time: then FALSE and @error, for the caller to warn once in its
 * own log domain. */
gboolean rp_quiet_hours_from_settings  (RpQuietHours       *quiet,
                                        GSettings          *settings,
                                        const char         *key,
                                        GError            **error);

gboolean rp_quiet_hours_contains_minute (const RpQuietHours *quiet,
                                         int                 minute_of_day);

/* Whether @when (UTC µs) falls in @quiet on the wall clock of @zone. */
gboolean rp_quiet_hours_contains       (const RpQuietHours *quiet,
                                        GTimeZone          *zone,
                                        gint64              when);

/* The first instant at or after @now outside @quiet in @zone. */
gint64   rp_quiet_hours_next_free      (const RpQuietHours *quiet,
                                        GTimeZone          *zone,
                                        gint64              now);

/* When to send an automated message: @now when it is a good moment (outside quiet hours
 * and, with @activity, the buyer likely online); else the start of the next likely-online
 * window within RP_SCHEDULE_HORIZON; else the most likely moment outside quiet hours in the
 * next day.  Never a time inside @quiet.  @activity may be NULL; @zone may be NULL when
 * @activity is given (its zone is used). */
gint64   rp_schedule_send_time         (RpActivity         *activity,
                                        GTimeZone          *zone,
                                        const RpQuietHours *quiet,
                                        gint64              now);

/* One hour of the day strip that compares the seller's office hours with the buyer's day;
 * the flags describe the middle of the hour. */
typedef struct
{
  gint64   start;              /* UTC µs */
  int      seller_hour;        /* 0–23, on the seller's clock */
  int      buyer_hour;         /* 0–23, on the buyer's clock, at the middle of the slot */
  int      buyer_minute;       /* 0–59, likewise (zones at :30 and :45 offsets) */
  gboolean seller_office;
  gboolean buyer_likely;
  gboolean buyer_quiet;
  double   buyer_probability;
} RpHourSlot;

/* The 24 hours starting at the seller's midnight of the day containing @day (UTC µs);
 * @activity may be NULL (the buyer's likelihood is then the generic prior); @office and
 * @quiet NULL mean the defaults; @seller_zone NULL means RP_OFFICE_DEFAULT_ZONE. */
void     rp_schedule_day_strip         (RpActivity          *activity,
                                        GTimeZone           *buyer_zone,
                                        const RpQuietHours  *quiet,
                                        GTimeZone           *seller_zone,
                                        const RpOfficeHours *office,
                                        gint64               day,
                                        RpHourSlot           slots[24]);

G_END_DECLS
