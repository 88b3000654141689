/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-time"

#include "config.h"

#include <gio/gio.h>
#include <stdio.h>
#include <string.h>

#include "rp-time.h"

/**
 * rp_time_pacific_zone:
 *
 * Returns: (transfer none): America/Los_Angeles, loaded once.
 */
GTimeZone *
rp_time_pacific_zone (void)
{
  static GTimeZone *zone;

  if (g_once_init_enter (&zone))
    {
      GTimeZone *tz = g_time_zone_new_identifier ("America/Los_Angeles");

      /* Without tzdata the offset would silently be UTC; fall back to the fixed rule
       * (PST8PDT, US rules) that glibc understands without files. */
      if (tz == NULL)
        tz = g_time_zone_new_identifier ("PST8PDT,M3.2.0,M11.1.0");
      g_once_init_leave (&zone, tz);
    }

  return zone;
}

/**
 * rp_time_parse_pacific:
 * @text: "yyyy-MM-dd HH:mm:ss" in US Pacific wall-clock time
 *
 * Strict: anything but that exact shape, or an impossible date, is an error.
 * During the autumn repeat hour the earlier (daylight) instant is taken.
 */
gboolean
rp_time_parse_pacific (const char  *text,
                       gint64      *out_utc_usec,
                       GError     **error)
{
  g_autoptr(GDateTime) dt = NULL;
  int year, month, day, hour, minute, second;
  char tail;

  g_return_val_if_fail (out_utc_usec != NULL, FALSE);

  if (text == NULL || strlen (text) != 19 ||
      sscanf (text, "%4d-%2d-%2d %2d:%2d:%2d%c",
              &year, &month, &day, &hour, &minute, &second, &tail) != 6 ||
      text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' || text[16] != ':')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "“%s” is not a date of the form yyyy-MM-dd HH:mm:ss",
                   text != NULL ? text : "(null)");
      return FALSE;
    }

  if (year < 1970 || year > 9999 || month < 1 || month > 12 ||
      day < 1 || day > g_date_get_days_in_month (month, year) ||
      hour > 23 || minute > 59 || second > 59 || hour < 0 || minute < 0 || second < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "“%s” is not a possible date", text);
      return FALSE;
    }

  dt = g_date_time_new (rp_time_pacific_zone (), year, month, day, hour, minute, second);
  if (dt == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "“%s” is not a possible date", text);
      return FALSE;
    }

  *out_utc_usec = g_date_time_to_unix (dt) * G_USEC_PER_SEC;
  return TRUE;
}

char *
rp_time_format_pacific (gint64 utc_usec)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (utc_usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return NULL;

  local = g_date_time_to_timezone (utc, rp_time_pacific_zone ());
  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}
