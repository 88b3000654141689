/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-activity"

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

static int
local_hour (GTimeZone *zone,
            gint64     when)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (when / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);

  return g_date_time_get_hour (local);
}

/* A buyer who writes around @hour (local), @n times over the days before @now, with
 * a seeded scatter of ±40 minutes and one message in five at a random hour. */
static void
add_habit (RpActivity *act,
           GRand      *rand,
           GTimeZone  *zone,
           gint64      now,
           int         hour,
           guint       n)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local_now = g_date_time_to_timezone (utc, zone);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (local_now, -(int)(i + 1));
      g_autoptr(GDateTime) at = NULL;
      int h = g_rand_int_range (rand, 0, 5) == 0 ? g_rand_int_range (rand, 0, 24) : hour;
      int scatter = g_rand_int_range (rand, -40, 41);

      at = g_date_time_new (zone, g_date_time_get_year (day), g_date_time_get_month (day),
                            g_date_time_get_day_of_month (day), h, 20, 0);
      g_assert_nonnull (at);
      rp_activity_add_event (act, (g_date_time_to_unix (at) + scatter * 60) * G_USEC_PER_SEC);
    }
}

static void
test_prior_only (void)
{
  g_autoptr(GTimeZone) ny = g_time_zone_new_identifier ("America/New_York");
  gint64 now = local_usec (ny, 2026, 6, 10, 10, 0);   /* a Wednesday */
  g_autoptr(RpActivity) act = rp_activity_new (ny, rp_country_lookup ("US"), now);

  g_assert_cmpfloat (rp_activity_get_own_weight (act), ==, 0.0);
  g_assert_cmpfloat_with_epsilon (rp_activity_probability (act, local_usec (ny, 2026, 6, 10, 20, 30)), 0.7, 1e-9);
  g_assert_cmpfloat_with_epsilon (rp_activity_probability (act, local_usec (ny, 2026, 6, 10, 4, 0)), 0.03, 1e-9);
  g_assert_cmpfloat_with_epsilon (rp_activity_probability (act, local_usec (ny, 2026, 6, 10, 12, 30)), 0.4, 1e-9);
  /* Daytime is freer at the weekend. */
  g_assert_cmpfloat (rp_activity_probability (act, local_usec (ny, 2026, 6, 13, 15, 0)), >,
                     rp_activity_probability (act, local_usec (ny, 2026, 6, 10, 15, 0)));
  /* Spain's evening runs late. */
  {
    g_autoptr(GTimeZone) mad = g_time_zone_new_identifier ("Europe/Madrid");
    gint64 t = local_usec (mad, 2026, 6, 10, 23, 30);

    g_assert_cmpfloat (rp_activity_prior (rp_country_lookup ("ES"), mad, t), >,
                       rp_activity_prior (rp_country_lookup ("DE"), mad, t));
  }
}

static void
test_night_owl (void)
{
  g_autoptr(GTimeZone) ny = g_time_zone_new_identifier ("America/New_York");
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  gint64 now = local_usec (ny, 2026, 6, 10, 10, 0);
  g_autoptr(RpActivity) act = rp_activity_new (ny, NULL, now);
  double night, evening;

  add_habit (act, rand, ny, now, 3, 40);
  g_assert_cmpuint (rp_activity_get_n_events (act), ==, 40);
  g_assert_cmpfloat (rp_activity_get_own_weight (act), >, 0.6);

  night = rp_activity_probability (act, local_usec (ny, 2026, 6, 11, 3, 30));
  evening = rp_activity_probability (act, local_usec (ny, 2026, 6, 10, 20, 30));
  g_test_message ("night owl: p(03:30) = %.2f, p(20:30) = %.2f", night, evening);
  g_assert_cmpfloat (night, >, 0.5);
  g_assert_cmpfloat (evening, <, 0.5);
}

static void
test_decay (void)
{
  g_autoptr(GTimeZone) ny = g_time_zone_new_identifier ("America/New_York");
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  gint64 now = local_usec (ny, 2026, 6, 10, 10, 0);
  gint64 year_ago = now - 365 * G_TIME_SPAN_DAY;
  g_autoptr(RpActivity) act = rp_activity_new (ny, NULL, year_ago);
  double fresh, stale;

  add_habit (act, rand, ny, year_ago, 3, 40);
  fresh = rp_activity_probability (act, local_usec (ny, 2026, 6, 11, 3, 30));

  /* A year later the old habit has all but faded back into the prior. */
  rp_activity_set_now (act, now);
  stale = rp_activity_probability (act, local_usec (ny, 2026, 6, 11, 3, 30));
  g_test_message ("decay: p(03:30) then %.2f, a year later %.2f", fresh, stale);
  g_assert_cmpfloat (fresh, >, 0.5);
  g_assert_cmpfloat (rp_activity_get_own_weight (act), <, 0.01);
  g_assert_cmpfloat (stale, <, 0.04);

  /* A shorter half-life forgets faster still. */
  rp_activity_set_now (act, year_ago + 30 * G_TIME_SPAN_DAY);
  {
    double month_30 = rp_activity_get_own_weight (act);

    rp_activity_set_half_life (act, 5 * G_TIME_SPAN_DAY);
    g_assert_cmpfloat (rp_activity_get_own_weight (act), <, month_30);
  }
}

/* The predictor on synthetic histories: its most likely hour is the buyer's habit. */
static void
test_synthetic_habits (void)
{
  static const struct { const char *zone; const char *country; int hour; } buyers[] = {
    { "America/New_York", "US", 7 },
    { "Europe/Paris", "FR", 12 },
    { "Asia/Seoul", "KR", 21 },
    { "America/Sao_Paulo", "BR", 16 },
    { "Australia/Sydney", "AU", 2 },
    { "Asia/Kolkata", "IN", 9 },
  };

  for (guint b = 0; b < G_N_ELEMENTS (buyers); b++)
    {
      g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (buyers[b].zone);
      g_autoptr(GRand) rand = g_rand_new_with_seed (100 + b);
      gint64 now = local_usec (zone, 2026, 10, 14, 13, 10);
      g_autoptr(RpActivity) act = rp_activity_new (zone, rp_country_lookup (buyers[b].country), now);
      gint64 start = 0, end = 0;
      int best_hour = -1;
      double best = -1;

      add_habit (act, rand, zone, now, buyers[b].hour, 30);
      for (int h = 0; h < 24; h++)
        {
          double p = rp_activity_probability (act, local_usec (zone, 2026, 10, 15, h, 30));

          if (p > best)
            {
              best = p;
              best_hour = h;
            }
        }
      g_test_message ("%s habit %02d:00: most likely %02d:00 (%.2f)", buyers[b].zone,
                      buyers[b].hour, best_hour, best);
      g_assert_cmpint (best_hour, ==, buyers[b].hour);

      /* The next window (no quiet hours) opens at or just around the habit hour. */
      g_assert_true (rp_activity_next_window (act, now, NULL, 2 * G_TIME_SPAN_DAY, &start, &end));
      g_assert_cmpint (ABS (local_hour (zone, start) - buyers[b].hour) % 23, <=, 1);
      g_assert_cmpint (end, >, start);
    }
}

static void
test_weekend_buyer (void)
{
  g_autoptr(GTimeZone) ber = g_time_zone_new_identifier ("Europe/Berlin");
  gint64 now = local_usec (ber, 2026, 6, 1, 9, 0);   /* a Monday */
  g_autoptr(RpActivity) act = rp_activity_new (ber, rp_country_lookup ("DE"), now);

  /* Ten weekends of Saturday and Sunday mornings. */
  for (int w = 1; w <= 10; w++)
    {
      rp_activity_add_event (act, local_usec (ber, 2026, 6, 1, 10, 15) - (w * 7 - 5) * G_TIME_SPAN_DAY);
      rp_activity_add_event (act, local_usec (ber, 2026, 6, 1, 10, 15) - (w * 7 - 6) * G_TIME_SPAN_DAY);
    }

  g_assert_cmpfloat (rp_activity_probability (act, local_usec (ber, 2026, 6, 6, 10, 30)), >,
                     rp_activity_probability (act, local_usec (ber, 2026, 6, 3, 10, 30)) + 0.2);
}

/* Habits are kept on the buyer's wall clock across summer time. */
static void
test_dst_histogram (void)
{
  g_autoptr(GTimeZone) ny = g_time_zone_new_identifier ("America/New_York");
  gint64 now = local_usec (ny, 2026, 7, 1, 12, 0);
  g_autoptr(RpActivity) act = rp_activity_new (ny, NULL, now);
  int best_hour = -1;
  double best = -1;

  rp_activity_set_half_life (act, 365 * G_TIME_SPAN_DAY);
  /* Winter (UTC−5) and summer (UTC−4) messages, all at 09:xx local. */
  for (int d = 1; d <= 20; d++)
    {
      rp_activity_add_event (act, local_usec (ny, 2026, 1, d, 9, 10));
      rp_activity_add_event (act, local_usec (ny, 2026, 6, d, 9, 10));
    }

  for (int h = 0; h < 24; h++)
    {
      double p = rp_activity_probability (act, local_usec (ny, 2026, 7, 2, h, 30));

      if (p > best)
        {
          best = p;
          best_hour = h;
        }
    }
  g_assert_cmpint (best_hour, ==, 9);
}

static void
test_active_now (void)
{
  gint64 now = 1780000000LL * G_USEC_PER_SEC;

  g_assert_true (rp_activity_is_active_now (now, now));
  g_assert_true (rp_activity_is_active_now (now - 14 * G_TIME_SPAN_MINUTE, now));
  g_assert_true (rp_activity_is_active_now (now - 15 * G_TIME_SPAN_MINUTE, now));
  g_assert_false (rp_activity_is_active_now (now - 16 * G_TIME_SPAN_MINUTE, now));
  g_assert_true (rp_activity_is_active_now (now + 2 * G_TIME_SPAN_MINUTE, now));
  g_assert_false (rp_activity_is_active_now (now + 10 * G_TIME_SPAN_MINUTE, now));
  g_assert_false (rp_activity_is_active_now (0, now));
  g_assert_false (rp_activity_is_active_now (-1, now));
}

static void
test_next_window (void)
{
  g_autoptr(GTimeZone) ny = g_time_zone_new_identifier ("America/New_York");
  gint64 now = local_usec (ny, 2026, 6, 10, 10, 0);
  g_autoptr(RpActivity) act = rp_activity_new (ny, rp_country_lookup ("US"), now);
  RpQuietHours quiet;
  gint64 start = 0, end = 0;

  rp_quiet_hours_init_default (&quiet);

  /* The evening peak is 19–23; quiet hours cut it at 22:00. */
  g_assert_true (rp_activity_next_window (act, now, &quiet, G_TIME_SPAN_DAY, &start, &end));
  g_assert_cmpint (start, ==, local_usec (ny, 2026, 6, 10, 19, 0));
  g_assert_cmpint (end, ==, local_usec (ny, 2026, 6, 10, 22, 0));

  g_assert_true (rp_activity_next_window (act, now, NULL, G_TIME_SPAN_DAY, &start, &end));
  g_assert_cmpint (end, ==, local_usec (ny, 2026, 6, 10, 23, 0));

  /* Quiet hours that start at half past cut the window there. */
  g_assert_true (rp_quiet_hours_parse (&quiet, "21:30-07:00", NULL));
  g_assert_true (rp_activity_next_window (act, now, &quiet, G_TIME_SPAN_DAY, &start, &end));
  g_assert_cmpint (end, ==, local_usec (ny, 2026, 6, 10, 21, 30));

  /* Inside the window, it starts now. */
  now = local_usec (ny, 2026, 6, 10, 20, 15);
  g_assert_true (rp_activity_next_window (act, now, NULL, G_TIME_SPAN_DAY, &start, &end));
  g_assert_cmpint (start, ==, now);

  /* Too short a horizon, or too high a bar: nothing. */
  now = local_usec (ny, 2026, 6, 10, 10, 0);
  g_assert_false (rp_activity_next_window (act, now, NULL, 2 * G_TIME_SPAN_HOUR, &start, &end));
  g_assert_cmpint (start, ==, -1);
  g_assert_cmpint (end, ==, -1);
  /* A window running past the horizon is cut at it. */
  g_assert_true (rp_activity_next_window (act, now, NULL, 10 * G_TIME_SPAN_HOUR, &start, &end));
  g_assert_cmpint (end, ==, now + 10 * G_TIME_SPAN_HOUR);

  rp_activity_set_threshold (act, 0.95);
  g_assert_false (rp_activity_next_window (act, now, NULL, 7 * G_TIME_SPAN_DAY, &start, &end));
  g_assert_cmpint (rp_activity_best_time (act, now, NULL, G_TIME_SPAN_DAY, NULL), ==,
                   local_usec (ny, 2026, 6, 10, 19, 0));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rapport/insight/activity/prior-only", test_prior_only);
  g_test_add_func ("/rapport/insight/activity/night-owl", test_night_owl);
  g_test_add_func ("/rapport/insight/activity/decay", test_decay);
  g_test_add_func ("/rapport/insight/activity/synthetic-habits", test_synthetic_habits);
  g_test_add_func ("/rapport/insight/activity/weekend-buyer", test_weekend_buyer);
  g_test_add_func ("/rapport/insight/activity/dst-histogram", test_dst_histogram);
  g_test_add_func ("/rapport/insight/activity/active-now", test_active_now);
  g_test_add_func ("/rapport/insight/activity/next-window", test_next_window);

  return g_test_run ();
}
