/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <glib.h>

#include "rp-dispute-clock.h"
#include "rp-local-time.h"
#include "rp-time.h"

#define HOUR G_TIME_SPAN_HOUR
#define MINUTE G_TIME_SPAN_MINUTE
#define T0   ((gint64)1795000000 * G_USEC_PER_SEC)

static gint64
pacific (const char *text)
{
  g_autoptr(GError) error = NULL;
  gint64 t = 0;

  g_assert_true (rp_time_parse_pacific (text, &t, &error));
  g_assert_no_error (error);
  return t;
}

static GTimeZone *
zone (const char *id)
{
  GTimeZone *tz = g_time_zone_new_identifier (id);

  /* tzdata is a hard requirement: without it every buyer would be on UTC. */
  g_assert_nonnull (tz);
  return tz;
}

static void
assert_local (gint64      t,
              const char *id,
              const char *expected)
{
  g_autoptr(GTimeZone) tz = zone (id);
  g_autofree char *text = rp_local_time_format (t, tz);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_time_left_and_urgency (void)
{
  gint64 deadline = T0 + 100 * HOUR;

  g_assert_cmpint (rp_dispute_clock_time_left (0, T0), ==, G_MAXINT64);
  g_assert_cmpint (rp_dispute_clock_time_left (deadline, T0), ==, 100 * HOUR);
  g_assert_cmpint (rp_dispute_clock_time_left (deadline, deadline + HOUR), ==, -HOUR);

  g_assert_cmpint (rp_dispute_clock_urgency (0, T0), ==, RP_DISPUTE_URGENCY_NONE);
  g_assert_cmpint (rp_dispute_clock_urgency (deadline, deadline - 48 * HOUR), ==,
                   RP_DISPUTE_URGENCY_NONE);
  g_assert_cmpint (rp_dispute_clock_urgency (deadline, deadline - 48 * HOUR + 1), ==,
                   RP_DISPUTE_URGENCY_48H);
  g_assert_cmpint (rp_dispute_clock_urgency (deadline, deadline - 24 * HOUR), ==,
                   RP_DISPUTE_URGENCY_48H);
  g_assert_cmpint (rp_dispute_clock_urgency (deadline, deadline - 24 * HOUR + 1), ==,
                   RP_DISPUTE_URGENCY_24H);
  g_assert_cmpint (rp_dispute_clock_urgency (deadline, deadline - 6 * HOUR), ==,
                   RP_DISPUTE_URGENCY_24H);
  g_assert_cmpint (rp_dispute_clock_urgency (deadline, deadline - 6 * HOUR + 1), ==,
                   RP_DISPUTE_URGENCY_6H);
  g_assert_cmpint (rp_dispute_clock_urgency (deadline, deadline - 1), ==, RP_DISPUTE_URGENCY_6H);
  g_assert_cmpint (rp_dispute_clock_urgency (deadline, deadline), ==, RP_DISPUTE_URGENCY_OVERDUE);
  g_assert_cmpint (rp_dispute_clock_urgency (deadline, deadline + 72 * HOUR), ==,
                   RP_DISPUTE_URGENCY_OVERDUE);
}

static void
test_alert_thresholds (void)
{
  gint64 d = T0 + 100 * HOUR;

  g_assert_cmpint (rp_dispute_alert_offset (RP_DISPUTE_ALERT_48H), ==, 48 * HOUR);
  g_assert_cmpint (rp_dispute_alert_offset (RP_DISPUTE_ALERT_24H), ==, 24 * HOUR);
  g_assert_cmpint (rp_dispute_alert_offset (RP_DISPUTE_ALERT_6H), ==, 6 * HOUR);

  g_assert_cmpint (rp_dispute_clock_next_alert (0, 0, T0), ==, RP_DISPUTE_ALERT_NONE);
  g_assert_cmpint (rp_dispute_clock_next_alert (d, 0, d - 48 * HOUR - 1), ==, RP_DISPUTE_ALERT_NONE);
  g_assert_cmpint (rp_dispute_clock_next_alert (d, 0, d - 48 * HOUR), ==, RP_DISPUTE_ALERT_48H);
  g_assert_cmpint (rp_dispute_clock_next_alert (d, RP_DISPUTE_ALERT_48H, d - 30 * HOUR), ==,
                   RP_DISPUTE_ALERT_NONE);
  g_assert_cmpint (rp_dispute_clock_next_alert (d, RP_DISPUTE_ALERT_48H, d - 24 * HOUR), ==,
                   RP_DISPUTE_ALERT_24H);
  g_assert_cmpint (rp_dispute_clock_next_alert (d, RP_DISPUTE_ALERT_48H | RP_DISPUTE_ALERT_24H,
                                                d - 6 * HOUR - 1), ==, RP_DISPUTE_ALERT_NONE);
  g_assert_cmpint (rp_dispute_clock_next_alert (d, RP_DISPUTE_ALERT_48H | RP_DISPUTE_ALERT_24H,
                                                d - 6 * HOUR), ==, RP_DISPUTE_ALERT_6H);
  /* Away for two days: only the most urgent alert fires. */
  g_assert_cmpint (rp_dispute_clock_next_alert (d, 0, d - 2 * HOUR), ==, RP_DISPUTE_ALERT_6H);
  g_assert_cmpint (rp_dispute_clock_next_alert (d, 0, d + 5 * HOUR), ==, RP_DISPUTE_ALERT_6H);
  g_assert_cmpint (rp_dispute_clock_next_alert (d, RP_DISPUTE_ALERT_6H, d + 5 * HOUR), ==,
                   RP_DISPUTE_ALERT_NONE);
}

static void
test_next_alert_time (void)
{
  gint64 d = T0 + 100 * HOUR;

  g_assert_cmpint (rp_dispute_clock_next_alert_time (0, 0, T0), ==, 0);
  g_assert_cmpint (rp_dispute_clock_next_alert_time (d, 0, T0), ==, d - 48 * HOUR);
  g_assert_cmpint (rp_dispute_clock_next_alert_time (d, RP_DISPUTE_ALERT_48H, T0), ==,
                   d - 24 * HOUR);
  g_assert_cmpint (rp_dispute_clock_next_alert_time (d, RP_DISPUTE_ALERT_48H | RP_DISPUTE_ALERT_24H,
                                                     T0), ==, d - 6 * HOUR);
  g_assert_cmpint (rp_dispute_clock_next_alert_time (d, RP_DISPUTE_ALERT_6H, T0), ==, 0);
  /* Already due: now. */
  g_assert_cmpint (rp_dispute_clock_next_alert_time (d, 0, d - 30 * HOUR), ==, d - 30 * HOUR);
}

static void
test_poll_fires_once (void)
{
  RpDisputeAlertState state = { 0 };
  gint64 d = T0 + 100 * HOUR;
  gint64 modified = T0;
  guint fired = 0;

  /* Walk the clock in 10-minute steps: each alert fires exactly once, in order. */
  for (gint64 now = T0; now < d + 10 * HOUR; now += 10 * MINUTE)
    {
      RpDisputeAlert alert = rp_dispute_clock_poll (&state, d, modified, now);

      if (alert == RP_DISPUTE_ALERT_NONE)
        continue;

      fired++;
      if (fired == 1)
        {
          g_assert_cmpint (alert, ==, RP_DISPUTE_ALERT_48H);
          g_assert_cmpint (now, ==, d - 48 * HOUR);
        }
      else if (fired == 2)
        {
          g_assert_cmpint (alert, ==, RP_DISPUTE_ALERT_24H);
          g_assert_cmpint (now, ==, d - 24 * HOUR);
        }
      else if (fired == 3)
        {
          g_assert_cmpint (alert, ==, RP_DISPUTE_ALERT_6H);
          g_assert_cmpint (now, ==, d - 6 * HOUR);
        }
    }

  g_assert_cmpuint (fired, ==, 3);
  g_assert_cmpint (state.fired, ==, RP_DISPUTE_ALERT_48H | RP_DISPUTE_ALERT_24H | RP_DISPUTE_ALERT_6H);
}

static void
test_poll_late_marks_earlier (void)
{
  RpDisputeAlertState state = { 0 };
  gint64 d = T0 + 100 * HOUR;

  g_assert_cmpint (rp_dispute_clock_poll (&state, d, T0, d - 10 * HOUR), ==, RP_DISPUTE_ALERT_24H);
  g_assert_cmpint (state.fired, ==, RP_DISPUTE_ALERT_48H | RP_DISPUTE_ALERT_24H);
  g_assert_cmpint (state.last_alert_at, ==, d - 10 * HOUR);
  g_assert_cmpint (rp_dispute_clock_poll (&state, d, T0, d - 9 * HOUR), ==, RP_DISPUTE_ALERT_NONE);
}

static void
test_reset (void)
{
  RpDisputeAlertState state = { 0 };
  gint64 d = T0 + 100 * HOUR;
  gint64 now = d - 20 * HOUR;

  g_assert_cmpint (rp_dispute_clock_poll (&state, d, T0, now), ==, RP_DISPUTE_ALERT_24H);
  g_assert_false (rp_dispute_clock_needs_reset (&state, d, T0));
  g_assert_false (rp_dispute_clock_needs_reset (&state, d, now));

  /* Modified after the alert: the seller must look again. */
  g_assert_true (rp_dispute_clock_needs_reset (&state, d, now + HOUR));
  g_assert_cmpint (rp_dispute_clock_poll (&state, d, now + HOUR, now + 2 * HOUR), ==,
                   RP_DISPUTE_ALERT_24H);
  g_assert_cmpint (rp_dispute_clock_poll (&state, d, now + HOUR, now + 3 * HOUR), ==,
                   RP_DISPUTE_ALERT_NONE);

  /* Reopened with a new deadline five days out: nothing is due yet, then 48 h fires. */
  {
    gint64 d2 = now + 5 * 24 * HOUR;

    g_assert_true (rp_dispute_clock_needs_reset (&state, d2, now + 3 * HOUR));
    g_assert_cmpint (rp_dispute_clock_poll (&state, d2, now + 3 * HOUR, now + 4 * HOUR), ==,
                     RP_DISPUTE_ALERT_NONE);
    g_assert_cmpint (state.fired, ==, RP_DISPUTE_ALERT_NONE);
    g_assert_cmpint (state.deadline, ==, d2);
    g_assert_cmpint (rp_dispute_clock_poll (&state, d2, now + 3 * HOUR, d2 - 48 * HOUR), ==,
                     RP_DISPUTE_ALERT_48H);
  }
}

static void
test_poll_dispute (void)
{
  g_autoptr(RpDispute) dispute = rp_dispute_new ();
  RpDisputeAlertState state = { 0 };

  dispute->deadline = T0 + 10 * HOUR;
  dispute->modified_at = T0 - HOUR;
  dispute->status = RP_DISPUTE_STATUS_FINISHED;
  g_assert_cmpint (rp_dispute_clock_poll_dispute (&state, dispute, T0), ==, RP_DISPUTE_ALERT_NONE);
  g_assert_cmpint (state.fired, ==, 0);

  dispute->status = RP_DISPUTE_STATUS_PROCESSING;
  g_assert_cmpint (rp_dispute_clock_poll_dispute (&state, dispute, T0), ==, RP_DISPUTE_ALERT_24H);
}

static void
test_dst_los_angeles (void)
{
  /* Spring forward on 2026-03-08: 48 wall-clock hours are 47 real ones. */
  gint64 created = pacific ("2026-03-07 12:00:00");
  gint64 deadline = pacific ("2026-03-09 12:00:00");
  g_autofree char *left = NULL;

  g_assert_cmpint (deadline - created, ==, 47 * HOUR);
  g_assert_cmpint (rp_dispute_clock_urgency (deadline, created), ==, RP_DISPUTE_URGENCY_48H);
  g_assert_cmpint (rp_dispute_clock_next_alert (deadline, 0, created), ==, RP_DISPUTE_ALERT_48H);
  left = rp_dispute_clock_format_left (rp_dispute_clock_time_left (deadline, created));
  g_assert_cmpstr (left, ==, "1 d 23 h");
  assert_local (deadline - 24 * HOUR, "America/Los_Angeles", "2026-03-08 12:00 (UTC-07:00)");
  assert_local (deadline - 48 * HOUR, "America/Los_Angeles", "2026-03-07 11:00 (UTC-08:00)");

  /* Fall back on 2026-11-01: 48 wall-clock hours are 49 real ones. */
  created = pacific ("2026-10-31 12:00:00");
  deadline = pacific ("2026-11-02 12:00:00");
  g_assert_cmpint (deadline - created, ==, 49 * HOUR);
  g_assert_cmpint (rp_dispute_clock_urgency (deadline, created), ==, RP_DISPUTE_URGENCY_NONE);
  g_assert_cmpint (rp_dispute_clock_next_alert_time (deadline, 0, created), ==, created + HOUR);
  assert_local (created + HOUR, "America/Los_Angeles", "2026-10-31 13:00 (UTC-07:00)");
  assert_local (deadline - 6 * HOUR, "America/Los_Angeles", "2026-11-02 06:00 (UTC-08:00)");
}

static void
test_dst_display_zones (void)
{
  /* Berlin springs forward on 2026-03-29 at 01:00 UTC, three weeks after Los Angeles. */
  gint64 deadline = pacific ("2026-03-29 12:00:00");
  gint64 alert24 = deadline - rp_dispute_alert_offset (RP_DISPUTE_ALERT_24H);

  assert_local (deadline, "Europe/Berlin", "2026-03-29 21:00 (UTC+02:00)");
  assert_local (alert24, "Europe/Berlin", "2026-03-28 20:00 (UTC+01:00)");
  assert_local (deadline, "Asia/Shanghai", "2026-03-30 03:00 (UTC+08:00)");
  assert_local (alert24, "Asia/Shanghai", "2026-03-29 03:00 (UTC+08:00)");
  assert_local (deadline, "UTC", "2026-03-29 19:00 (UTC+00:00)");
  g_assert_cmpint (rp_dispute_clock_urgency (deadline, alert24), ==, RP_DISPUTE_URGENCY_48H);
  g_assert_cmpint (rp_dispute_clock_urgency (deadline, alert24 + 1), ==, RP_DISPUTE_URGENCY_24H);

  /* Berlin falls back on 2026-10-25, Los Angeles a week later: for that week the two are
   * eight hours apart instead of nine. */
  deadline = pacific ("2026-10-27 09:30:00");
  assert_local (deadline, "Europe/Berlin", "2026-10-27 17:30 (UTC+01:00)");
  assert_local (deadline, "Asia/Shanghai", "2026-10-28 00:30 (UTC+08:00)");
  assert_local (deadline - 48 * HOUR, "Europe/Berlin", "2026-10-25 17:30 (UTC+01:00)");
  assert_local (deadline - 72 * HOUR, "Europe/Berlin", "2026-10-24 18:30 (UTC+02:00)");
  assert_local (deadline - 72 * HOUR, "America/Los_Angeles", "2026-10-24 09:30 (UTC-07:00)");
}

static void
test_format_left (void)
{
  struct { GTimeSpan left; const char *text; } cases[] = {
    { G_MAXINT64, "no deadline" },
    { 27 * HOUR, "1 d 3 h" },
    { 48 * HOUR, "2 d" },
    { 48 * HOUR + 59 * MINUTE, "2 d" },
    { 5 * HOUR + 20 * MINUTE, "5 h 20 min" },
    { 5 * HOUR, "5 h" },
    { 45 * MINUTE + 30 * G_USEC_PER_SEC, "45 min" },
    { 30 * G_USEC_PER_SEC, "under a minute" },
    { -2 * HOUR, "overdue by 2 h" },
    { -(26 * HOUR), "overdue by 1 d 2 h" },
    { G_MININT64, "overdue by 106751991 d 4 h" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = rp_dispute_clock_format_left (cases[i].left);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rapport/rules/dispute-clock/time-left-and-urgency", test_time_left_and_urgency);
  g_test_add_func ("/rapport/rules/dispute-clock/alert-thresholds", test_alert_thresholds);
  g_test_add_func ("/rapport/rules/dispute-clock/next-alert-time", test_next_alert_time);
  g_test_add_func ("/rapport/rules/dispute-clock/poll-fires-once", test_poll_fires_once);
  g_test_add_func ("/rapport/rules/dispute-clock/poll-late", test_poll_late_marks_earlier);
  g_test_add_func ("/rapport/rules/dispute-clock/reset", test_reset);
  g_test_add_func ("/rapport/rules/dispute-clock/poll-dispute", test_poll_dispute);
  g_test_add_func ("/rapport/rules/dispute-clock/dst-los-angeles", test_dst_los_angeles);
  g_test_add_func ("/rapport/rules/dispute-clock/dst-display-zones", test_dst_display_zones);
  g_test_add_func ("/rapport/rules/dispute-clock/format-left", test_format_left);

  return g_test_run ();
}
