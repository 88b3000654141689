/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-schedule"

#include "config.h"

#include <gio/gio.h>

#include "rp-activity.h"
#include "rp-schedule.h"

static gint64
local_usec (GTimeZone *zone,
            int        year,
            int        month,
            int        day,
            int        hour,
            int        minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new (zone, year, month, day, hour, minute, 0);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

static gint64
utc_usec (int year,
          int month,
          int day,
          int hour,
          int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

static void
test_quiet_hours_parse (void)
{
  RpQuietHours quiet;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *bad[] = { "25:00-01:00", "abc", "22:00", "22:00-08:00-09:00", "22:61-08:00",
                        "-1-8", "", "22:00-08:00 \xff" };

  rp_quiet_hours_init_default (&quiet);
  g_assert_cmpint (quiet.start_minute, ==, 22 * 60);
  g_assert_cmpint (quiet.end_minute, ==, 8 * 60);

  g_assert_true (rp_quiet_hours_parse (&quiet, "23:30-07:15", &error));
  g_assert_no_error (error);
  text = rp_quiet_hours_to_string (&quiet);
  g_assert_cmpstr (text, ==, "23:30-07:15");
  g_assert_true (rp_quiet_hours_parse (&quiet, "22 – 8", &error));
  g_assert_cmpint (quiet.start_minute, ==, 22 * 60);
  g_assert_cmpint (quiet.end_minute, ==, 8 * 60);
  g_assert_true (rp_quiet_hours_parse (&quiet, "13:00-24:00", &error));
  g_assert_cmpint (quiet.end_minute, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (rp_quiet_hours_parse (&quiet, bad[i], &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
    }
  g_assert_false (rp_quiet_hours_init (&quiet, 0, 1440, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

/* A stored stretch is read as written; one that is not a stretch of time leaves the
 * default, with an error for the caller's warning; without settings, the default. */
static void
test_quiet_hours_from_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  RpQuietHours quiet;
  RpOfficeHours office;

  rp_quiet_hours_init_default (&quiet);
  g_assert_true (rp_quiet_hours_from_settings (&quiet, NULL, "buyer-quiet-hours", &error));
  g_assert_no_error (error);
  g_assert_cmpint (quiet.start_minute, ==, RP_QUIET_HOURS_DEFAULT_START);
  g_assert_cmpint (quiet.end_minute, ==, RP_QUIET_HOURS_DEFAULT_END);

  g_assert_true (g_settings_set_string (settings, "buyer-quiet-hours", "21:30-07:15"));
  g_assert_true (rp_quiet_hours_from_settings (&quiet, settings, "buyer-quiet-hours", &error));
  g_assert_no_error (error);
  g_assert_cmpint (quiet.start_minute, ==, 21 * 60 + 30);
  g_assert_cmpint (quiet.end_minute, ==, 7 * 60 + 15);

  rp_quiet_hours_init_default (&quiet);
  g_assert_true (g_settings_set_string (settings, "buyer-quiet-hours", "bedtime"));
  g_assert_false (rp_quiet_hours_from_settings (&quiet, settings, "buyer-quiet-hours", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpint (quiet.start_minute, ==, RP_QUIET_HOURS_DEFAULT_START);
  g_assert_cmpint (quiet.end_minute, ==, RP_QUIET_HOURS_DEFAULT_END);

  /* Each key falls back to the default it was given: the office day, not the night. */
  rp_office_hours_init_default (&office);
  g_assert_true (rp_quiet_hours_from_settings (&office, settings, "office-hours", &error));
  g_assert_no_error (error);
  g_assert_cmpint (office.start_minute, ==, 8 * 60);
  g_assert_cmpint (office.end_minute, ==, 17 * 60);
  g_assert_true (g_settings_set_string (settings, "office-hours", "25:00-26:00"));
  g_assert_false (rp_quiet_hours_from_settings (&office, settings, "office-hours", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpint (office.start_minute, ==, RP_OFFICE_HOURS_DEFAULT_START);
  g_assert_cmpint (office.end_minute, ==, RP_OFFICE_HOURS_DEFAULT_END);

  g_settings_reset (settings, "buyer-quiet-hours");
  g_settings_reset (settings, "office-hours");
}

static void
test_quiet_hours_contains (void)
{
  RpQuietHours wrap = { 22 * 60, 8 * 60 };
  RpQuietHours day = { 12 * 60, 14 * 60 };
  RpQuietHours none = { 9 * 60, 9 * 60 };

  g_assert_true (rp_quiet_hours_contains_minute (&wrap, 22 * 60));
  g_assert_true (rp_quiet_hours_contains_minute (&wrap, 23 * 60 + 59));
  g_assert_true (rp_quiet_hours_contains_minute (&wrap, 0));
  g_assert_true (rp_quiet_hours_contains_minute (&wrap, 7 * 60 + 59));
  g_assert_false (rp_quiet_hours_contains_minute (&wrap, 8 * 60));
  g_assert_false (rp_quiet_hours_contains_minute (&wrap, 21 * 60 + 59));
  g_assert_true (rp_quiet_hours_contains_minute (&day, 12 * 60));
  g_assert_false (rp_quiet_hours_contains_minute (&day, 14 * 60));
  g_assert_false (rp_quiet_hours_contains_minute (&day, 11 * 60));
  for (int m = 0; m < 24 * 60; m += 7)
    g_assert_false (rp_quiet_hours_contains_minute (&none, m));
}

static void
test_send_time_without_activity (void)
{
  g_autoptr(GTimeZone) ny = g_time_zone_new_identifier ("America/New_York");
  gint64 now;

  now = local_usec (ny, 2026, 6, 10, 10, 0);
  g_assert_cmpint (rp_schedule_send_time (NULL, ny, NULL, now), ==, now);
  now = local_usec (ny, 2026, 6, 10, 23, 30);
  g_assert_cmpint (rp_schedule_send_time (NULL, ny, NULL, now), ==,
                   local_usec (ny, 2026, 6, 11, 8, 0));
  /* On the minute quiet hours end, sending is fine. */
  now = local_usec (ny, 2026, 6, 11, 8, 0);
  g_assert_cmpint (rp_schedule_send_time (NULL, ny, NULL, now), ==, now);
}

/* The US spring-forward night: 02:00–03:00 does not exist on 8 March 2026. */
static void
test_spring_forward (void)
{
  g_autoptr(GTimeZone) ny = g_time_zone_new_identifier ("America/New_York");
  RpQuietHours quiet = { 22 * 60, 2 * 60 + 30 };
  RpQuietHours defaults;

  /* Quiet hours that end inside the missing hour end when the clock jumps to 03:00 EDT. */
  g_assert_cmpint (rp_quiet_hours_next_free (&quiet, ny, utc_usec (2026, 3, 8, 6, 30)), ==,
                   utc_usec (2026, 3, 8, 7, 0));
  g_assert_true (rp_quiet_hours_contains (&quiet, ny, utc_usec (2026, 3, 8, 6, 59)));
  g_assert_false (rp_quiet_hours_contains (&quiet, ny, utc_usec (2026, 3, 8, 7, 0)));

  /* A night of default quiet hours is an hour shorter: 08:00 EDT is 12:00 UTC. */
  rp_quiet_hours_init_default (&defaults);
  g_assert_cmpint (rp_schedule_send_time (NULL, ny, &defaults, utc_usec (2026, 3, 8, 4, 0)), ==,
                   utc_usec (2026, 3, 8, 12, 0));
}

/* The autumn repeat hour: 01:00–02:00 happens twice on 1 November 2026. */
static void
test_fall_back (void)
{
  g_autoptr(GTimeZone) ny = g_time_zone_new_identifier ("America/New_York");
  RpQuietHours defaults;
  RpQuietHours early = { 23 * 60, 1 * 60 + 30 };

  rp_quiet_hours_init_default (&defaults);
  /* 01:30 EDT and 01:30 EST are both night; the morning is 08:00 EST = 13:00 UTC. */
  g_assert_cmpint (rp_schedule_send_time (NULL, ny, &defaults, utc_usec (2026, 11, 1, 5, 30)), ==,
                   utc_usec (2026, 11, 1, 13, 0));
  g_assert_cmpint (rp_schedule_send_time (NULL, ny, &defaults, utc_usec (2026, 11, 1, 6, 30)), ==,
                   utc_usec (2026, 11, 1, 13, 0));

  /* Quiet hours are wall-clock: 01:15 comes round again and is quiet both times. */
  g_assert_false (rp_quiet_hours_contains (&early, ny, utc_usec (2026, 11, 1, 5, 45)));
  g_assert_true (rp_quiet_hours_contains (&early, ny, utc_usec (2026, 11, 1, 6, 15)));
  g_assert_cmpint (rp_quiet_hours_next_free (&early, ny, utc_usec (2026, 11, 1, 6, 15)), ==,
                   utc_usec (2026, 11, 1, 6, 30));
}

static RpActivity *
evening_buyer (GTimeZone *zone,
               gint64     now)
{
  return rp_activity_new (zone, rp_country_lookup ("US"), now);
}

/* The scheduler picks the buyer's next likely window, and now when it is one. */
static void
test_send_time_window (void)
{
  g_autoptr(GTimeZone) ny = g_time_zone_new_identifier ("America/New_York");
  gint64 now = local_usec (ny, 2026, 6, 10, 10, 0);
  g_autoptr(RpActivity) act = evening_buyer (ny, now);
  g_autoptr(RpActivity) owl = NULL;

  g_assert_cmpint (rp_schedule_send_time (act, ny, NULL, now), ==, local_usec (ny, 2026, 6, 10, 19, 0));
  now = local_usec (ny, 2026, 6, 10, 20, 40);
  g_assert_cmpint (rp_schedule_send_time (act, NULL, NULL, now), ==, now);
  now = local_usec (ny, 2026, 6, 10, 23, 0);
  g_assert_cmpint (rp_schedule_send_time (act, ny, NULL, now), ==, local_usec (ny, 2026, 6, 11, 19, 0));

  /* A buyer who only writes at 03:00 is never messaged then: the most likely moment
   * outside quiet hours is taken instead. */
  now = local_usec (ny, 2026, 6, 10, 10, 0);
  owl = rp_activity_new (ny, NULL, now);
  for (int d = 1; d <= 40; d++)
    rp_activity_add_event (owl, local_usec (ny, 2026, 6, 10, 3, 10) - d * G_TIME_SPAN_DAY);
  {
    gint64 when = rp_schedule_send_time (owl, ny, NULL, now);
    RpQuietHours defaults;

    rp_quiet_hours_init_default (&defaults);
    g_assert_false (rp_quiet_hours_contains (&defaults, ny, when));
    g_assert_cmpint (when, ==, local_usec (ny, 2026, 6, 10, 19, 0));
  }
}

/* Whatever the moment, the zone or the buyer, an automated send never lands in quiet
 * hours, never before now, and never more than the horizon away. */
static void
test_never_in_quiet_hours (void)
{
  static const char * const zones[] = {
    "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Europe/London",
    "America/Santiago", "Asia/Kathmandu",
  };
  static const struct { int start, end; } quiets[] = {
    { 22 * 60, 8 * 60 }, { 21 * 60 + 30, 9 * 60 + 15 }, { 0, 6 * 60 }, { 1 * 60 + 30, 2 * 60 + 30 },
  };
  guint checked = 0;

  for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
    for (guint q = 0; q < G_N_ELEMENTS (quiets); q++)
      {
        g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (zones[z]);
        RpQuietHours quiet = { quiets[q].start, quiets[q].end };
        /* Weeks that contain the northern and the southern transitions. */
        gint64 firsts[] = { utc_usec (2026, 3, 5, 0, 0), utc_usec (2026, 3, 26, 0, 0),
                            utc_usec (2026, 4, 2, 0, 0), utc_usec (2026, 10, 1, 0, 0),
                            utc_usec (2026, 10, 29, 0, 0) };
        g_autoptr(RpActivity) act = rp_activity_new (zone, NULL, firsts[0]);

        for (int d = 1; d <= 10; d++)
          rp_activity_add_event (act, firsts[0] - d * G_TIME_SPAN_DAY + 3 * G_TIME_SPAN_HOUR);

        for (guint f = 0; f < G_N_ELEMENTS (firsts); f++)
          for (gint64 now = firsts[f]; now < firsts[f] + 4 * G_TIME_SPAN_DAY;
               now += 25 * G_TIME_SPAN_MINUTE)
            {
              gint64 plain = rp_schedule_send_time (NULL, zone, &quiet, now);
              gint64 smart = rp_schedule_send_time (act, zone, &quiet, now);

              g_assert_false (rp_quiet_hours_contains (&quiet, zone, plain));
              g_assert_false (rp_quiet_hours_contains (&quiet, zone, smart));
              g_assert_cmpint (plain, >=, now);
              g_assert_cmpint (smart, >=, now);
              g_assert_cmpint (smart - now, <=, RP_SCHEDULE_HORIZON);
              /* Nothing earlier than the plain answer is allowed. */
              g_assert_cmpint (smart, >=, plain);
              checked++;
            }
      }

  g_test_message ("%u moments checked", checked);
}

static void
test_day_strip (void)
{
  g_autoptr(GTimeZone) ny = g_time_zone_new_identifier ("America/New_York");
  g_autoptr(GTimeZone) kol = g_time_zone_new_identifier ("Asia/Kolkata");
  g_autoptr(GTimeZone) sh = g_time_zone_new_identifier ("Asia/Shanghai");
  gint64 day = local_usec (sh, 2026, 7, 15, 15, 0);
  RpHourSlot slots[24];
  guint office = 0;

  rp_schedule_day_strip (NULL, ny, NULL, NULL, NULL, day, slots);

  g_assert_cmpint (slots[0].start, ==, local_usec (sh, 2026, 7, 15, 0, 0));
  for (int i = 0; i < 24; i++)
    {
      g_assert_cmpint (slots[i].seller_hour, ==, i);
      g_assert_cmpint (slots[i].start, ==, slots[0].start + i * G_TIME_SPAN_HOUR);
      /* Shanghai is twelve hours ahead of New York in July. */
      g_assert_cmpint (slots[i].buyer_hour, ==, (i + 12) % 24);
      office += slots[i].seller_office;
    }
  g_assert_cmpuint (office, ==, 9);

  /* 08:00 in Shanghai is 20:00 in New York: office hours meet the buyer's evening. */
  g_assert_true (slots[8].seller_office);
  g_assert_true (slots[8].buyer_likely);
  g_assert_false (slots[8].buyer_quiet);
  /* 10:00 in Shanghai is 22:00 in New York: quiet. */
  g_assert_true (slots[10].seller_office);
  g_assert_true (slots[10].buyer_quiet);
  g_assert_false (slots[17].seller_office);
  g_assert_false (slots[20].buyer_quiet);

  /* India is 2:30 behind Shanghai: the middle of each slot is on the hour there. */
  rp_schedule_day_strip (NULL, kol, NULL, sh, NULL, day, slots);
  g_assert_cmpint (slots[8].buyer_hour, ==, 6);
  g_assert_cmpint (slots[8].buyer_minute, ==, 0);

  /* A seller whose clocks skip midnight (Chile, 6 September 2026) still gets 24 hours
   * from the start of that day. */
  {
    g_autoptr(GTimeZone) scl = g_time_zone_new_identifier ("America/Santiago");

    rp_schedule_day_strip (NULL, ny, NULL, scl, NULL, local_usec (scl, 2026, 9, 6, 12, 0), slots);
    g_assert_cmpint (slots[0].start, ==, local_usec (scl, 2026, 9, 6, 1, 0));
    g_assert_cmpint (slots[0].seller_hour, ==, 1);
    g_assert_cmpint (slots[23].start - slots[0].start, ==, 23 * G_TIME_SPAN_HOUR);
  }

  /* With an activity, the buyer's own likelihood is used. */
  {
    g_autoptr(RpActivity) act = rp_activity_new (ny, NULL, day);
    RpOfficeHours office_hours = { 9 * 60, 18 * 60 };

    for (int d = 1; d <= 40; d++)
      rp_activity_add_event (act, local_usec (ny, 2026, 7, 14, 6, 40) - d * G_TIME_SPAN_DAY);
    rp_schedule_day_strip (act, NULL, NULL, sh, &office_hours, day, slots);
    /* 18:30 in Shanghai is 06:30 in New York. */
    g_assert_true (slots[18].buyer_likely);
    g_assert_false (slots[18].seller_office);
    g_assert_false (slots[8].seller_office);
    g_assert_true (slots[9].seller_office);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rapport/insight/schedule/quiet-hours-parse", test_quiet_hours_parse);
  g_test_add_func ("/rapport/insight/schedule/quiet-hours-from-settings",
                   test_quiet_hours_from_settings);
  g_test_add_func ("/rapport/insight/schedule/quiet-hours-contains", test_quiet_hours_contains);
  g_test_add_func ("/rapport/insight/schedule/without-activity", test_send_time_without_activity);
  g_test_add_func ("/rapport/insight/schedule/spring-forward", test_spring_forward);
  g_test_add_func ("/rapport/insight/schedule/fall-back", test_fall_back);
  g_test_add_func ("/rapport/insight/schedule/window", test_send_time_window);
  g_test_add_func ("/rapport/insight/schedule/never-in-quiet-hours", test_never_in_quiet_hours);
  g_test_add_func ("/rapport/insight/schedule/day-strip", test_day_strip);

  return g_test_run ();
}
