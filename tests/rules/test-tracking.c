/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>

#include "rp-local-time.h"
#include "rp-time.h"
#include "rp-tracking.h"

#define HOUR G_TIME_SPAN_HOUR
#define DAY  G_TIME_SPAN_DAY

static gint64
utc (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

static gint64
local (const char *zone_id, int year, int month, int day, int hour, int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone_id);
  g_autoptr(GDateTime) dt = NULL;

  g_assert_nonnull (tz);
  dt = g_date_time_new (tz, year, month, day, hour, minute, 0);
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

static void
add_event (RpShipment *shipment,
           gint64      at,
           const char *code,
           const char *text)
{
  RpTrackingEvent *event = rp_tracking_event_new ();

  event->at = at;
  event->action_code = g_strdup (code);
  event->description = g_strdup (text);
  g_ptr_array_add (shipment->events, event);
}

static void
test_codes (void)
{
  struct { const char *code; RpTrackingStatus status; gboolean hold; } cases[] = {
    { "CONSIGN", RP_TRACKING_INFO_RECEIVED, FALSE },
    { "OM_CONSIGN", RP_TRACKING_INFO_RECEIVED, FALSE },
    { "GTMS_ASN", RP_TRACKING_INFO_RECEIVED, FALSE },
    { "PU_PICKUP_SUCCESS", RP_TRACKING_IN_TRANSIT, FALSE },
    { "GTMS_DO_DEPART", RP_TRACKING_IN_TRANSIT, FALSE },
    { "gtms_do_depart ", RP_TRACKING_IN_TRANSIT, FALSE },
    { "GTMS_SIGNED", RP_TRACKING_DELIVERED, FALSE },
    { "GTMS_STA_SIGNED", RP_TRACKING_DELIVERED, FALSE },
    { "GTMS_DELIVERING", RP_TRACKING_OUT_FOR_DELIVERY, FALSE },
    { "GTMS_SIGN_FAILED", RP_TRACKING_ATTEMPT_FAILED, FALSE },
    { "CC_IM_FAILED", RP_TRACKING_EXCEPTION, TRUE },
    { "GTMS_SOMETHING_NEW", RP_TRACKING_IN_TRANSIT, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      RpTrackingStatus status = RP_TRACKING_EXPIRED;
      gboolean hold = !cases[i].hold;

      g_assert_true (rp_tracking_classify_event (cases[i].code, NULL, &status, &hold));
      g_assert_cmpint (status, ==, cases[i].status);
      g_assert_cmpint (hold, ==, cases[i].hold);
    }

  {
    RpTrackingStatus status = RP_TRACKING_EXPIRED;

    g_assert_false (rp_tracking_classify_event ("WHATEVER", "Lorem ipsum", &status, NULL));
    g_assert_false (rp_tracking_classify_event (NULL, NULL, &status, NULL));
    g_assert_false (rp_tracking_classify_event ("", "", &status, NULL));
    /* Invalid UTF-8 is not read, and nothing breaks. */
    g_assert_false (rp_tracking_classify_event (NULL, "deliver\xff\xfe", &status, NULL));
    g_assert_cmpint (status, ==, RP_TRACKING_EXPIRED);
    /* A known code wins over the text. */
    g_assert_true (rp_tracking_classify_event ("GTMS_SIGNED", "In transit", &status, NULL));
    g_assert_cmpint (status, ==, RP_TRACKING_DELIVERED);
  }
}

static void
test_is_scan (void)
{
  g_assert_false (rp_tracking_event_is_scan (RP_TRACKING_PENDING));
  g_assert_false (rp_tracking_event_is_scan (RP_TRACKING_INFO_RECEIVED));
  g_assert_false (rp_tracking_event_is_scan (RP_TRACKING_EXPIRED));
  g_assert_true (rp_tracking_event_is_scan (RP_TRACKING_IN_TRANSIT));
  g_assert_true (rp_tracking_event_is_scan (RP_TRACKING_OUT_FOR_DELIVERY));
  g_assert_true (rp_tracking_event_is_scan (RP_TRACKING_DELIVERED));
  g_assert_true (rp_tracking_event_is_scan (RP_TRACKING_ATTEMPT_FAILED));
  g_assert_true (rp_tracking_event_is_scan (RP_TRACKING_EXCEPTION));

  g_assert_cmpuint (rp_tracking_thresholds_default ()->no_scan_warning_days, ==, 3);
  g_assert_cmpuint (rp_tracking_thresholds_default ()->no_scan_critical_days, ==, 4);
  g_assert_cmpuint (rp_tracking_thresholds_default ()->stalled_days[0], ==, 5);
  g_assert_cmpuint (rp_tracking_thresholds_default ()->stalled_days[1], ==, 10);
  g_assert_cmpuint (rp_tracking_thresholds_default ()->stalled_days[2], ==, 20);
  g_assert_cmpuint (rp_tracking_thresholds_default ()->protection_warning_days, ==, 7);
}

static void
test_text (void)
{
  struct { const char *text; RpTrackingStatus status; gboolean hold; } cases[] = {
    { "BILLING INFORMATION RECEIVED", RP_TRACKING_INFO_RECEIVED, FALSE },
    { "Shipment information received", RP_TRACKING_INFO_RECEIVED, FALSE },
    { "Accepted by carrier", RP_TRACKING_IN_TRANSIT, FALSE },
    { "Departed from sorting center", RP_TRACKING_IN_TRANSIT, FALSE },
    { "Arrived at destination country", RP_TRACKING_IN_TRANSIT, FALSE },
    { "Delivered to airline", RP_TRACKING_IN_TRANSIT, FALSE },
    { "Import customs clearance started", RP_TRACKING_IN_TRANSIT, FALSE },
    { "Held by customs", RP_TRACKING_IN_TRANSIT, TRUE },
    { "Parcel detained at customs: duties payment required", RP_TRACKING_IN_TRANSIT, TRUE },
    { "Retenu en douane", RP_TRACKING_IN_TRANSIT, TRUE },
    { "Customs clearance completed, duties paid", RP_TRACKING_IN_TRANSIT, FALSE },
    { "Released by customs", RP_TRACKING_IN_TRANSIT, FALSE },
    { "Arrived at customs", RP_TRACKING_IN_TRANSIT, FALSE },
    { "Задержано таможней", RP_TRACKING_IN_TRANSIT, TRUE },
    { "Out for delivery", RP_TRACKING_OUT_FOR_DELIVERY, FALSE },
    { "Available for pick-up at the post office", RP_TRACKING_OUT_FOR_DELIVERY, FALSE },
    { "Delivery attempted, recipient not available", RP_TRACKING_ATTEMPT_FAILED, FALSE },
    { "Item could not be delivered", RP_TRACKING_ATTEMPT_FAILED, FALSE },
    { "DELIVERED", RP_TRACKING_DELIVERED, FALSE },
    { "Delivered, in/at mailbox", RP_TRACKING_DELIVERED, FALSE },
    { "Signed for by: J SMITH", RP_TRACKING_DELIVERED, FALSE },
    { "已签收", RP_TRACKING_DELIVERED, FALSE },
    { "Вручено адресату", RP_TRACKING_DELIVERED, FALSE },
    { "Returned to sender", RP_TRACKING_EXCEPTION, FALSE },
    { "Shipment exception: address incomplete", RP_TRACKING_EXCEPTION, FALSE },
    { "Item held at depot", RP_TRACKING_EXCEPTION, FALSE },
    { "Tracking number expired", RP_TRACKING_EXPIRED, FALSE },
    { "快件已揽收", RP_TRACKING_IN_TRANSIT, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      RpTrackingStatus status = RP_TRACKING_PENDING;
      gboolean hold = !cases[i].hold;

      if (!rp_tracking_classify_event (NULL, cases[i].text, &status, &hold))
        g_error ("“%s” was not classified", cases[i].text);
      if (status != cases[i].status || hold != cases[i].hold)
        g_error ("“%s”: status %d hold %d, expected %d %d", cases[i].text,
                 status, hold, cases[i].status, cases[i].hold);
    }
}

static void
test_normalise (void)
{
  g_autoptr(RpShipment) s = rp_shipment_new ();
  gboolean hold = TRUE;
  gint64 t = utc (2026, 11, 2, 8, 0);

  g_assert_cmpint (rp_tracking_normalise (s, &hold), ==, RP_TRACKING_PENDING);
  g_assert_false (hold);

  add_event (s, t, "CONSIGN", "Seller shipped");
  g_assert_cmpint (rp_tracking_normalise (s, NULL), ==, RP_TRACKING_INFO_RECEIVED);
  add_event (s, t + DAY, NULL, "Unreadable carrier text");
  g_assert_cmpint (rp_tracking_normalise (s, NULL), ==, RP_TRACKING_INFO_RECEIVED);
  add_event (s, t + 2 * DAY, "PU_PICKUP_SUCCESS", "Picked up");
  g_assert_cmpint (rp_tracking_normalise (s, NULL), ==, RP_TRACKING_IN_TRANSIT);
  add_event (s, t + 5 * DAY, NULL, "Held by customs");
  g_assert_cmpint (rp_tracking_normalise (s, &hold), ==, RP_TRACKING_IN_TRANSIT);
  g_assert_true (hold);
  /* A resent old event does not move the parcel back. */
  add_event (s, t + DAY, "CONSIGN", "Seller shipped");
  g_assert_cmpint (rp_tracking_normalise (s, &hold), ==, RP_TRACKING_IN_TRANSIT);
  g_assert_true (hold);
  /* Released: the hold clears. */
  add_event (s, t + 7 * DAY, NULL, "Departed from customs");
  g_assert_cmpint (rp_tracking_normalise (s, &hold), ==, RP_TRACKING_IN_TRANSIT);
  g_assert_false (hold);
  add_event (s, t + 9 * DAY, "GTMS_SIGNED", "Delivered");
  g_assert_cmpint (rp_tracking_normalise (s, NULL), ==, RP_TRACKING_DELIVERED);

  {
    g_autoptr(RpShipment) received = rp_shipment_new ();

    received->receive_status = g_strdup ("received");
    g_assert_cmpint (rp_tracking_normalise (received, NULL), ==, RP_TRACKING_DELIVERED);
  }
}

static void
test_local_days (void)
{
  g_autoptr(GTimeZone) la = g_time_zone_new_identifier ("America/Los_Angeles");
  gint64 noon = local ("America/Los_Angeles", 2026, 3, 8, 12, 0);
  gint64 start = rp_local_time_start_of_day (noon, la);
  gint64 next = rp_local_time_next_day (start, la);

  g_assert_cmpint (start, ==, local ("America/Los_Angeles", 2026, 3, 8, 0, 0));
  /* The spring-forward day has 23 hours. */
  g_assert_cmpint (next - start, ==, 23 * HOUR);
  start = rp_local_time_start_of_day (local ("America/Los_Angeles", 2026, 11, 1, 23, 0), la);
  g_assert_cmpint (rp_local_time_next_day (start, la) - start, ==, 25 * HOUR);

  /* Chile moves its clocks at midnight: that day starts at 01:00. */
  {
    g_autoptr(GTimeZone) santiago = g_time_zone_new_identifier ("America/Santiago");
    gint64 day;

    g_assert_nonnull (santiago);
    day = rp_local_time_start_of_day (local ("America/Santiago", 2026, 9, 6, 12, 0), santiago);
    g_assert_cmpint (day, ==, local ("America/Santiago", 2026, 9, 6, 1, 0));
    g_assert_cmpint (rp_local_time_next_day (day, santiago) - day, ==, 23 * HOUR);
  }
}

static void
test_count_days (void)
{
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  /* 2026-11-27 is a Friday. */
  gint64 fri = local ("Europe/Berlin", 2026, 11, 27, 10, 0);
  gint64 mon = local ("Europe/Berlin", 2026, 11, 30, 10, 0);

  g_assert_cmpuint (rp_tracking_count_days (fri, mon, FALSE, berlin), ==, 3);
  g_assert_cmpuint (rp_tracking_count_days (fri, mon, TRUE, berlin), ==, 1);
  g_assert_cmpuint (rp_tracking_count_days (fri, mon - 1, TRUE, berlin), ==, 0);
  g_assert_cmpuint (rp_tracking_count_days (mon, fri, TRUE, berlin), ==, 0);
  g_assert_cmpuint (rp_tracking_count_days (fri, fri + 14 * DAY, TRUE, berlin), ==, 10);
  /* Saturday to Sunday is no working time at all. */
  g_assert_cmpuint (rp_tracking_count_days (fri + DAY, fri + 2 * DAY, TRUE, berlin), ==, 0);
  /* The weekend is the buyer's: Friday 20:00 UTC is already Saturday in Shanghai. */
  {
    g_autoptr(GTimeZone) shanghai = g_time_zone_new_identifier ("Asia/Shanghai");
    gint64 from = utc (2026, 11, 26, 20, 0);    /* Thu 20:00 UTC = Fri 04:00 Shanghai */
    gint64 to = utc (2026, 11, 30, 20, 0);      /* Mon 20:00 UTC = Tue 04:00 Shanghai */

    g_assert_cmpuint (rp_tracking_count_days (from, to, TRUE, NULL), ==, 2);
    g_assert_cmpuint (rp_tracking_count_days (from, to, TRUE, shanghai), ==, 2);
    g_assert_cmpuint (rp_tracking_count_days (from + 8 * HOUR, to, TRUE, shanghai), ==, 1);
    g_assert_cmpuint (rp_tracking_count_days (from + 8 * HOUR, to, TRUE, NULL), ==, 1);
  }
  /* A weekend with a clock change counts as nothing, however long it is. */
  {
    gint64 fri_oct = local ("Europe/Berlin", 2026, 10, 23, 10, 0);
    gint64 mon_oct = local ("Europe/Berlin", 2026, 10, 26, 10, 0);

    g_assert_cmpint (mon_oct - fri_oct, ==, 73 * HOUR);
    g_assert_cmpuint (rp_tracking_count_days (fri_oct, mon_oct, TRUE, berlin), ==, 1);
    g_assert_cmpuint (rp_tracking_count_days (fri_oct, mon_oct, FALSE, berlin), ==, 3);
  }

  /* Long spans are approximated, not looped over. */
  g_assert_cmpuint (rp_tracking_count_days (fri, fri + 7000 * DAY, TRUE, berlin), ==, 5000);
}

static void
test_no_first_scan (void)
{
  g_autoptr(RpShipment) s = rp_shipment_new ();
  RpTrackingAssessment a;
  /* Shipped on Monday 2026-11-23, 10:00 UTC. */
  gint64 shipped = utc (2026, 11, 23, 10, 0);

  s->shipped_at = shipped;
  add_event (s, shipped, "CONSIGN", "Seller shipped");

  rp_tracking_assess (s, 0, shipped + 3 * DAY - 1, NULL, FALSE, NULL, &a);
  g_assert_cmpint (a.status, ==, RP_TRACKING_INFO_RECEIVED);
  g_assert_false (a.has_first_scan);
  g_assert_cmpint (a.no_first_scan, ==, RP_TRACKING_LEVEL_NONE);
  g_assert_cmpuint (a.days_since_shipped, ==, 2);
  rp_tracking_assess (s, 0, shipped + 3 * DAY, NULL, FALSE, NULL, &a);
  g_assert_cmpint (a.no_first_scan, ==, RP_TRACKING_LEVEL_WARNING);
  rp_tracking_assess (s, 0, shipped + 4 * DAY - 1, NULL, FALSE, NULL, &a);
  g_assert_cmpint (a.no_first_scan, ==, RP_TRACKING_LEVEL_WARNING);
  rp_tracking_assess (s, 0, shipped + 4 * DAY, NULL, FALSE, NULL, &a);
  g_assert_cmpint (a.no_first_scan, ==, RP_TRACKING_LEVEL_CRITICAL);
  /* Before the first scan the parcel is not "stalled": the no-scan rule speaks. */
  g_assert_cmpuint (a.stalled_level, ==, 0);

  /* Thresholds are the caller's. */
  {
    RpTrackingThresholds t = *rp_tracking_thresholds_default ();

    t.no_scan_warning_days = 1;
    t.no_scan_critical_days = 2;
    rp_tracking_assess (s, 0, shipped + DAY, &t, FALSE, NULL, &a);
    g_assert_cmpint (a.no_first_scan, ==, RP_TRACKING_LEVEL_WARNING);
    rp_tracking_assess (s, 0, shipped + 2 * DAY, &t, FALSE, NULL, &a);
    g_assert_cmpint (a.no_first_scan, ==, RP_TRACKING_LEVEL_CRITICAL);
  }

  /* The first scan clears it. */
  add_event (s, shipped + 4 * DAY + HOUR, "PU_PICKUP_SUCCESS", "Picked up");
  rp_tracking_assess (s, 0, shipped + 4 * DAY + 2 * HOUR, NULL, FALSE, NULL, &a);
  g_assert_true (a.has_first_scan);
  g_assert_cmpint (a.no_first_scan, ==, RP_TRACKING_LEVEL_NONE);
}

static void
test_no_first_scan_weekends (void)
{
  g_autoptr(RpShipment) s = rp_shipment_new ();
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  RpTrackingAssessment a;
  /* Thursday 2026-11-26, 10:00 in the buyer's Berlin. */
  gint64 shipped = local ("Europe/Berlin", 2026, 11, 26, 10, 0);

  s->shipped_at = shipped;

  /* Monday 10:00: four calendar days, two working days. */
  rp_tracking_assess (s, 0, shipped + 4 * DAY, NULL, FALSE, berlin, &a);
  g_assert_cmpint (a.no_first_scan, ==, RP_TRACKING_LEVEL_CRITICAL);
  rp_tracking_assess (s, 0, shipped + 4 * DAY, NULL, TRUE, berlin, &a);
  g_assert_cmpuint (a.days_since_shipped, ==, 2);
  g_assert_cmpint (a.no_first_scan, ==, RP_TRACKING_LEVEL_NONE);
  /* Tuesday 10:00 is the third working day, Wednesday the fourth. */
  rp_tracking_assess (s, 0, shipped + 5 * DAY - 1, NULL, TRUE, berlin, &a);
  g_assert_cmpint (a.no_first_scan, ==, RP_TRACKING_LEVEL_NONE);
  rp_tracking_assess (s, 0, shipped + 5 * DAY, NULL, TRUE, berlin, &a);
  g_assert_cmpint (a.no_first_scan, ==, RP_TRACKING_LEVEL_WARNING);
  rp_tracking_assess (s, 0, shipped + 6 * DAY, NULL, TRUE, berlin, &a);
  g_assert_cmpint (a.no_first_scan, ==, RP_TRACKING_LEVEL_CRITICAL);
}

static void
test_stalled (void)
{
  g_autoptr(RpShipment) s = rp_shipment_new ();
  RpTrackingAssessment a;
  gint64 shipped = utc (2026, 11, 2, 10, 0);
  gint64 last = shipped + DAY;
  struct { gint64 now; guint level; } cases[] = {
    { last + 5 * DAY - 1, 0 },
    { last + 5 * DAY, 1 },
    { last + 10 * DAY - 1, 1 },
    { last + 10 * DAY, 2 },
    { last + 20 * DAY - 1, 2 },
    { last + 20 * DAY, 3 },
    { last + 90 * DAY, 3 },
  };

  s->shipped_at = shipped;
  add_event (s, shipped, "CONSIGN", NULL);
  add_event (s, last, NULL, "Departed from origin facility");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      rp_tracking_assess (s, 0, cases[i].now, NULL, FALSE, NULL, &a);
      g_assert_cmpuint (a.stalled_level, ==, cases[i].level);
      g_assert_cmpint (a.no_first_scan, ==, RP_TRACKING_LEVEL_NONE);
    }

  /* With weekends skipped, 7 calendar days from a Tuesday are 5 working days. */
  rp_tracking_assess (s, 0, last + 7 * DAY - 1, NULL, TRUE, NULL, &a);
  g_assert_cmpuint (a.stalled_level, ==, 0);
  rp_tracking_assess (s, 0, last + 7 * DAY, NULL, TRUE, NULL, &a);
  g_assert_cmpuint (a.stalled_level, ==, 1);
  g_assert_cmpuint (a.days_since_event, ==, 5);

  /* Delivered parcels are never stalled. */
  add_event (s, last + HOUR, "GTMS_SIGNED", NULL);
  rp_tracking_assess (s, 0, last + 30 * DAY, NULL, FALSE, NULL, &a);
  g_assert_cmpint (a.status, ==, RP_TRACKING_DELIVERED);
  g_assert_cmpuint (a.stalled_level, ==, 0);
}

static void
test_customs_and_protection (void)
{
  g_autoptr(RpShipment) s = rp_shipment_new ();
  RpTrackingAssessment a;
  gint64 shipped = utc (2026, 11, 2, 10, 0);
  gint64 end = shipped + 60 * DAY;

  s->shipped_at = shipped;
  add_event (s, shipped + DAY, "PU_PICKUP_SUCCESS", NULL);
  add_event (s, shipped + 8 * DAY, NULL, "Held by customs, awaiting duty payment");

  rp_tracking_assess (s, end, shipped + 9 * DAY, NULL, FALSE, NULL, &a);
  g_assert_true (a.held_in_customs);
  g_assert_false (a.protection_expiring);
  g_assert_cmpint (a.protection_left, ==, 51 * DAY);

  rp_tracking_assess (s, end, end - 7 * DAY - 1, NULL, FALSE, NULL, &a);
  g_assert_false (a.protection_expiring);
  rp_tracking_assess (s, end, end - 7 * DAY, NULL, FALSE, NULL, &a);
  g_assert_true (a.protection_expiring);
  rp_tracking_assess (s, end, end - 1, NULL, FALSE, NULL, &a);
  g_assert_true (a.protection_expiring);
  rp_tracking_assess (s, end, end, NULL, FALSE, NULL, &a);
  g_assert_false (a.protection_expiring);
  rp_tracking_assess (s, 0, end - DAY, NULL, FALSE, NULL, &a);
  g_assert_false (a.protection_expiring);

  add_event (s, end - 8 * DAY, "GTMS_SIGNED", "Delivered");
  rp_tracking_assess (s, end, end - DAY, NULL, FALSE, NULL, &a);
  g_assert_false (a.protection_expiring);
  g_assert_false (a.held_in_customs);
}

static void
test_next_poll (void)
{
  g_autoptr(RpShipment) s = rp_shipment_new ();
  gint64 t = utc (2026, 11, 2, 10, 0);

  s->shipped_at = t;
  /* Never polled: now. */
  g_assert_cmpint (rp_tracking_next_poll (s, t), ==, t);

  add_event (s, t, "PU_PICKUP_SUCCESS", NULL);
  s->last_polled_at = t + HOUR;
  g_assert_cmpint (rp_tracking_next_poll (s, t + HOUR), ==, t + 3 * HOUR);
  /* Quiet for a day, two, three: 4, 8, 16 hours; then daily. */
  s->last_polled_at = t + DAY;
  g_assert_cmpint (rp_tracking_next_poll (s, t + DAY), ==, t + DAY + 4 * HOUR);
  s->last_polled_at = t + 2 * DAY;
  g_assert_cmpint (rp_tracking_next_poll (s, t + 2 * DAY), ==, t + 2 * DAY + 8 * HOUR);
  s->last_polled_at = t + 3 * DAY;
  g_assert_cmpint (rp_tracking_next_poll (s, t + 3 * DAY), ==, t + 3 * DAY + 16 * HOUR);
  s->last_polled_at = t + 9 * DAY;
  g_assert_cmpint (rp_tracking_next_poll (s, t + 9 * DAY), ==, t + 10 * DAY);
  /* Overdue: now. */
  g_assert_cmpint (rp_tracking_next_poll (s, t + 12 * DAY), ==, t + 12 * DAY);

  add_event (s, t + 12 * DAY, "GTMS_DELIVERING", NULL);
  s->last_polled_at = t + 12 * DAY;
  g_assert_cmpint (rp_tracking_next_poll (s, t + 12 * DAY), ==, t + 12 * DAY + HOUR);

  add_event (s, t + 12 * DAY + 3 * HOUR, "GTMS_SIGNED", NULL);
  g_assert_cmpint (rp_tracking_next_poll (s, t + 13 * DAY), ==, RP_TRACKING_NEVER);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rapport/rules/tracking/codes", test_codes);
  g_test_add_func ("/rapport/rules/tracking/is-scan", test_is_scan);
  g_test_add_func ("/rapport/rules/tracking/text", test_text);
  g_test_add_func ("/rapport/rules/tracking/normalise", test_normalise);
  g_test_add_func ("/rapport/rules/tracking/local-days", test_local_days);
  g_test_add_func ("/rapport/rules/tracking/count-days", test_count_days);
  g_test_add_func ("/rapport/rules/tracking/no-first-scan", test_no_first_scan);
  g_test_add_func ("/rapport/rules/tracking/no-first-scan-weekends", test_no_first_scan_weekends);
  g_test_add_func ("/rapport/rules/tracking/stalled", test_stalled);
  g_test_add_func ("/rapport/rules/tracking/customs-and-protection", test_customs_and_protection);
  g_test_add_func ("/rapport/rules/tracking/next-poll", test_next_poll);

  return g_test_run ();
}
