/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-local-time"

#include "config.h"

#include "rp-local-time.h"

/* GLib 2.74 has no g_date_time_new_from_unix_usec(); split seconds and microseconds. */
static GDateTime *
date_time_from_usec (gint64     utc_usec,
                     GTimeZone *zone)
{
  gint64 seconds = utc_usec / G_USEC_PER_SEC;
  gint64 rest = utc_usec % G_USEC_PER_SEC;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) exact = NULL;

  if (rest < 0)
    {
      seconds -= 1;
      rest += G_USEC_PER_SEC;
    }

  utc = g_date_time_new_from_unix_utc (seconds);
  if (utc == NULL)
    return NULL;
  exact = g_date_time_add (utc, rest);
  if (exact == NULL)
    return NULL;

  return g_date_time_to_timezone (exact, zone);
}

/**
 * rp_local_time_format:
 * @utc_usec: an instant, UTC µs
 * @zone: the zone to show it in (the buyer's, the seller's)
 *
 * A locale-neutral wall-clock time with its offset, e.g. "2026-11-30 18:00 (UTC+01:00)":
 * it reads the same in every language, so it can go into a message to the buyer.
 *
 * Returns: (transfer full): the text, or %NULL when the instant is out of range.
 */
char *
rp_local_time_format (gint64     utc_usec,
                      GTimeZone *zone)
{
  g_autoptr(GDateTime) local = NULL;
  GTimeSpan offset;
  gint64 minutes;

  g_return_val_if_fail (zone != NULL, NULL);

  local = date_time_from_usec (utc_usec, zone);
  if (local == NULL)
    return NULL;

  offset = g_date_time_get_utc_offset (local);
  minutes = (offset < 0 ? -offset : offset) / G_TIME_SPAN_MINUTE;

  return g_strdup_printf ("%04d-%02d-%02d %02d:%02d (UTC%c%02d:%02d)",
                          g_date_time_get_year (local),
                          g_date_time_get_month (local),
                          g_date_time_get_day_of_month (local),
                          g_date_time_get_hour (local),
                          g_date_time_get_minute (local),
                          offset < 0 ? '-' : '+',
                          (int)(minutes / 60), (int)(minutes % 60));
}

/**
 * rp_local_time_start_of_day:
 *
 * Returns: the instant the local day holding @utc_usec began in @zone, UTC µs.
 *   Where midnight does not exist (a DST jump at 00:00), the first instant of the day.
 */
gint64
rp_local_time_start_of_day (gint64     utc_usec,
                            GTimeZone *zone)
{
  g_autoptr(GDateTime) local = date_time_from_usec (utc_usec, zone);
  g_autoptr(GDateTime) midnight = NULL;

  g_return_val_if_fail (local != NULL, utc_usec);

  /* g_date_time_new() moves a skipped wall-clock time forward, which is what we want. */
  midnight = g_date_time_new (zone,
                              g_date_time_get_year (local),
                              g_date_time_get_month (local),
                              g_date_time_get_day_of_month (local),
                              0, 0, 0);
  g_return_val_if_fail (midnight != NULL, utc_usec);

  return g_date_time_to_unix (midnight) * G_USEC_PER_SEC;
}

/**
 * rp_local_time_next_day:
 * @day_start: the start of a local day, from rp_local_time_start_of_day()
 *
 * Returns: the start of the following local day (23, 24 or 25 hours later).
 */
gint64
rp_local_time_next_day (gint64     day_start,
                        GTimeZone *zone)
{
  /* 26 h past a local midnight is always inside the next day, whatever DST does. */
  return rp_local_time_start_of_day (day_start + 26 * G_TIME_SPAN_HOUR, zone);
}
