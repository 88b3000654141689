/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-schedule"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "rp-activity-private.h"
#include "rp-schedule.h"

#define MINUTES_PER_DAY (24 * 60)

void
rp_quiet_hours_init_default (RpQuietHours *quiet)
{
  g_return_if_fail (quiet != NULL);

  quiet->start_minute = RP_QUIET_HOURS_DEFAULT_START;
  quiet->end_minute = RP_QUIET_HOURS_DEFAULT_END;
}

void
rp_office_hours_init_default (RpOfficeHours *office)
{
  g_return_if_fail (office != NULL);

  office->start_minute = RP_OFFICE_HOURS_DEFAULT_START;
  office->end_minute = RP_OFFICE_HOURS_DEFAULT_END;
}

gboolean
rp_quiet_hours_init (RpQuietHours  *quiet,
                     int            start_minute,
                     int            end_minute,
                     GError       **error)
{
  g_return_val_if_fail (quiet != NULL, FALSE);

  if (start_minute < 0 || start_minute >= MINUTES_PER_DAY ||
      end_minute < 0 || end_minute >= MINUTES_PER_DAY)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Quiet hours must start and end between 00:00 and 23:59"));
      return FALSE;
    }

  quiet->start_minute = start_minute;
  quiet->end_minute = end_minute;
  return TRUE;
}

static gboolean
parse_clock (const char *text,
             int        *out_minute)
{
  int hour = 0;
  int minute = 0;
  int consumed = 0;

  if (sscanf (text, "%2d:%2d%n", &hour, &minute, &consumed) == 2 && text[consumed] == '\0')
    ;
  else if (sscanf (text, "%2d%n", &hour, &consumed) == 1 && text[consumed] == '\0')
    minute = 0;
  else
    return FALSE;

  /* "24:00" is the end of the day, the same wall-clock minute as 00:00. */
  if (hour == 24 && minute == 0)
    hour = 0;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59)
    return FALSE;

  *out_minute = hour * 60 + minute;
  return TRUE;
}

gboolean
rp_quiet_hours_parse (RpQuietHours  *quiet,
                      const char    *text,
                      GError       **error)
{
  g_autofree char *copy = NULL;
  g_auto(GStrv) parts = NULL;
  int start, end;

  g_return_val_if_fail (quiet != NULL, FALSE);

  if (text == NULL || !g_utf8_validate (text, -1, NULL) || strlen (text) > 32)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Quiet hours must look like 22:00-08:00"));
      return FALSE;
    }

  /* Accept the en dash a person types as well as the hyphen. */
  {
    g_autoptr(GString) s = g_string_new (text);

    g_string_replace (s, "–", "-", 0);
    g_string_replace (s, " ", "", 0);
    copy = g_string_free (g_steal_pointer (&s), FALSE);
  }

  parts = g_strsplit (copy, "-", -1);
  if (g_strv_length (parts) != 2 ||
      !parse_clock (parts[0], &start) || !parse_clock (parts[1], &end))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a range of hours like 22:00-08:00"), text);
      return FALSE;
    }

  return rp_quiet_hours_init (quiet, start, end, error);
}

gboolean
rp_quiet_hours_from_settings (RpQuietHours  *quiet,
                              GSettings     *settings,
                              const char    *key,
                              GError       **error)
{
  g_autofree char *text = NULL;
  RpQuietHours parsed;

  g_return_val_if_fail (quiet != NULL, FALSE);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (settings == NULL)
    return TRUE;

  /* Parsed aside: @quiet keeps its default whatever a failed parse leaves behind. */
  text = g_settings_get_string (settings, key);
  if (!rp_quiet_hours_parse (&parsed, text, error))
    return FALSE;

  *quiet = parsed;
  return TRUE;
}

char *
rp_quiet_hours_to_string (const RpQuietHours *quiet)
{
  g_return_val_if_fail (quiet != NULL, NULL);

  return g_strdup_printf ("%02d:%02d-%02d:%02d",
                          quiet->start_minute / 60, quiet->start_minute % 60,
                          quiet->end_minute / 60, quiet->end_minute % 60);
}

gboolean
rp_quiet_hours_contains_minute (const RpQuietHours *quiet,
                                int                 minute_of_day)
{
  g_return_val_if_fail (quiet != NULL, FALSE);

  if (quiet->start_minute == quiet->end_minute)
    return FALSE;

  if (quiet->start_minute < quiet->end_minute)
    return minute_of_day >= quiet->start_minute && minute_of_day < quiet->end_minute;

  /* Wraps midnight. */
  return minute_of_day >= quiet->start_minute || minute_of_day < quiet->end_minute;
}

gboolean
rp_quiet_hours_contains (const RpQuietHours *quiet,
                         GTimeZone          *zone,
                         gint64              when)
{
  RpLocal local;

  g_return_val_if_fail (quiet != NULL, FALSE);
  g_return_val_if_fail (zone != NULL, FALSE);

  if (!rp_local_time (zone, when, &local))
    return FALSE;

  return rp_quiet_hours_contains_minute (quiet, local.hour * 60 + local.minute);
}

gint64
rp_quiet_hours_next_free (const RpQuietHours *quiet,
                          GTimeZone          *zone,
                          gint64              now)
{
  gint64 t = now;

  g_return_val_if_fail (quiet != NULL, now);
  g_return_val_if_fail (zone != NULL, now);

  /* Quiet hours last less than a day, so two days of steps always find the end. */
  for (guint steps = 0; steps < 2 * 24 * 3; steps++)
    {
      if (!rp_quiet_hours_contains (quiet, zone, t))
        return t;
      t = rp_next_boundary (zone, quiet, t);
    }

  g_return_val_if_reached (now);
}

gint64
rp_schedule_send_time (RpActivity         *activity,
                       GTimeZone          *zone,
                       const RpQuietHours *quiet,
                       gint64              now)
{
  RpQuietHours defaults;
  gint64 start = -1;
  gint64 best;

  g_return_val_if_fail (activity == NULL || RP_IS_ACTIVITY (activity), now);
  g_return_val_if_fail (zone != NULL || activity != NULL, now);

  if (zone == NULL)
    zone = rp_activity_get_zone (activity);
  if (quiet == NULL)
    {
      rp_quiet_hours_init_default (&defaults);
      quiet = &defaults;
    }

  if (activity == NULL)
    return rp_quiet_hours_next_free (quiet, zone, now);

  /* The activity was built for the buyer's zone; quiet hours are judged on @zone, which
   * callers pass as the same zone.  Checking both keeps the guarantee if they differ. */
  if (rp_activity_next_window (activity, now, quiet, RP_SCHEDULE_HORIZON, &start, NULL))
    {
      gint64 free_at = rp_quiet_hours_next_free (quiet, zone, start);

      if (free_at == start)
        return start;
    }

  best = rp_activity_best_time (activity, now, quiet, 24 * G_TIME_SPAN_HOUR, NULL);
  if (best >= 0 && !rp_quiet_hours_contains (quiet, zone, best))
    return best;

  return rp_quiet_hours_next_free (quiet, zone, now);
}

void
rp_schedule_day_strip (RpActivity          *activity,
                       GTimeZone           *buyer_zone,
                       const RpQuietHours  *quiet,
                       GTimeZone           *seller_zone,
                       const RpOfficeHours *office,
                       gint64               day,
                       RpHourSlot           slots[24])
{
  g_autoptr(GTimeZone) default_seller = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) seller_now = NULL;
  g_autoptr(GDateTime) midnight = NULL;
  RpQuietHours default_quiet;
  RpOfficeHours default_office;
  double threshold;
  gint64 start;

  g_return_if_fail (activity == NULL || RP_IS_ACTIVITY (activity));
  g_return_if_fail (buyer_zone != NULL || activity != NULL);
  g_return_if_fail (slots != NULL);

  if (buyer_zone == NULL)
    buyer_zone = rp_activity_get_zone (activity);
  if (quiet == NULL)
    {
      rp_quiet_hours_init_default (&default_quiet);
      quiet = &default_quiet;
    }
  if (office == NULL)
    {
      rp_office_hours_init_default (&default_office);
      office = &default_office;
    }
  if (seller_zone == NULL)
    {
      default_seller = g_time_zone_new_identifier (RP_OFFICE_DEFAULT_ZONE);
      /* China has kept UTC+8 without summer time since 1991. */
      if (default_seller == NULL)
        default_seller = g_time_zone_new_offset (8 * 3600);
      seller_zone = default_seller;
    }

  utc = g_date_time_new_from_unix_utc (day / G_USEC_PER_SEC);
  g_return_if_fail (utc != NULL);
  seller_now = g_date_time_to_timezone (utc, seller_zone);
  midnight = g_date_time_new (seller_zone, g_date_time_get_year (seller_now),
                              g_date_time_get_month (seller_now),
                              g_date_time_get_day_of_month (seller_now), 0, 0, 0);
  /* A zone whose clocks skip midnight itself starts that day at 01:00. */
  if (midnight == NULL)
    midnight = g_date_time_new (seller_zone, g_date_time_get_year (seller_now),
                                g_date_time_get_month (seller_now),
                                g_date_time_get_day_of_month (seller_now), 1, 0, 0);
  g_return_if_fail (midnight != NULL);
  start = g_date_time_to_unix (midnight) * G_USEC_PER_SEC;
  threshold = activity != NULL ? rp_activity_get_threshold (activity)
                               : RP_ACTIVITY_DEFAULT_THRESHOLD;

  for (int i = 0; i < 24; i++)
    {
      RpHourSlot *slot = &slots[i];
      gint64 slot_start = start + i * G_TIME_SPAN_HOUR;
      gint64 middle = slot_start + 30 * G_TIME_SPAN_MINUTE;
      RpLocal seller_local, buyer_local;

      memset (slot, 0, sizeof *slot);
      slot->start = slot_start;
      if (!rp_local_time (seller_zone, middle, &seller_local) ||
          !rp_local_time (buyer_zone, middle, &buyer_local))
        continue;

      slot->seller_hour = seller_local.hour;
      slot->buyer_hour = buyer_local.hour;
      slot->buyer_minute = buyer_local.minute;
      slot->seller_office = rp_quiet_hours_contains_minute (office, seller_local.hour * 60 +
                                                            seller_local.minute);
      slot->buyer_quiet = rp_quiet_hours_contains_minute (quiet, buyer_local.hour * 60 +
                                                          buyer_local.minute);
      slot->buyer_probability = activity != NULL
                                ? rp_activity_probability (activity, middle)
                                : rp_activity_prior (NULL, buyer_zone, middle);
      slot->buyer_likely = slot->buyer_probability >= threshold;
    }
}
