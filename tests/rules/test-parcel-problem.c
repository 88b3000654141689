/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "rp-parcel-problem.h"

#define DAY  G_TIME_SPAN_DAY
#define HOUR G_TIME_SPAN_HOUR

/* Monday 2 March 2026, 12:00 UTC: far from any daylight-saving change. */
static gint64
base_time (void)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (2026, 3, 2, 12, 0, 0);

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

static RpShipment *
new_shipment (gint64 shipped_at)
{
  RpShipment *shipment = rp_shipment_new ();

  shipment->order_id = g_strdup ("8100000000000001");
  shipment->tracking_no = g_strdup ("LP00123456789CN");
  shipment->service_name = g_strdup ("CAINIAO_STANDARD");
  shipment->to_country = g_strdup ("FR");
  shipment->shipped_at = shipped_at;

  return shipment;
}

static RpParcelProblem
assess_pick (RpShipment           *shipment,
             gint64                protection_end,
             gint64                now,
             RpTrackingAssessment *a)
{
  rp_tracking_assess (shipment, protection_end, now, NULL, FALSE, NULL, a);
  return rp_parcel_problem_pick (a);
}

/* Only the seller's notice, then days pass: nothing on day 2, warning on day 3,
 * critical from day 4 on. */
static void
test_no_first_scan_thresholds (void)
{
  gint64 shipped = base_time ();
  g_autoptr(RpShipment) shipment = new_shipment (shipped);
  struct { gint64 after; RpParcelProblem problem; RpTrackingLevel level; } cases[] = {
    { 2 * DAY + 23 * HOUR, RP_PARCEL_PROBLEM_NONE, RP_TRACKING_LEVEL_NONE },
    { 3 * DAY, RP_PARCEL_PROBLEM_NO_FIRST_SCAN, RP_TRACKING_LEVEL_WARNING },
    { 3 * DAY + 23 * HOUR, RP_PARCEL_PROBLEM_NO_FIRST_SCAN, RP_TRACKING_LEVEL_WARNING },
    { 4 * DAY, RP_PARCEL_PROBLEM_NO_FIRST_SCAN, RP_TRACKING_LEVEL_CRITICAL },
    { 9 * DAY, RP_PARCEL_PROBLEM_NO_FIRST_SCAN, RP_TRACKING_LEVEL_CRITICAL },
  };

  add_event (shipment, shipped, "GTMS_ASN", "Electronic information submitted by the seller");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      RpTrackingAssessment a;
      RpParcelProblem problem = assess_pick (shipment, 0, shipped + cases[i].after, &a);

      g_assert_cmpint (problem, ==, cases[i].problem);
      g_assert_cmpint (rp_parcel_problem_level (&a, problem), ==, cases[i].level);
    }
}

/* A parcel scanned once and then silent: stalled at 5, critical from 10. */
static void
test_stalled_thresholds (void)
{
  gint64 shipped = base_time ();
  g_autoptr(RpShipment) shipment = new_shipment (shipped);
  gint64 scan = shipped + DAY;
  struct { gint64 after; RpParcelProblem problem; guint stalled; RpTrackingLevel level; } cases[] = {
    { 4 * DAY + 23 * HOUR, RP_PARCEL_PROBLEM_NONE, 0, RP_TRACKING_LEVEL_NONE },
    { 5 * DAY, RP_PARCEL_PROBLEM_STALLED, 1, RP_TRACKING_LEVEL_WARNING },
    { 9 * DAY + 23 * HOUR, RP_PARCEL_PROBLEM_STALLED, 1, RP_TRACKING_LEVEL_WARNING },
    { 10 * DAY, RP_PARCEL_PROBLEM_STALLED, 2, RP_TRACKING_LEVEL_CRITICAL },
    { 19 * DAY + 23 * HOUR, RP_PARCEL_PROBLEM_STALLED, 2, RP_TRACKING_LEVEL_CRITICAL },
    { 20 * DAY, RP_PARCEL_PROBLEM_STALLED, 3, RP_TRACKING_LEVEL_CRITICAL },
  };

  add_event (shipment, shipped, "GTMS_ASN", "Electronic information submitted by the seller");
  add_event (shipment, scan, "PU_PICKUP_SUCCESS", "Picked up by the carrier");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      RpTrackingAssessment a;
      RpParcelProblem problem = assess_pick (shipment, 0, scan + cases[i].after, &a);
      g_autofree char *text = NULL;

      g_assert_cmpint (problem, ==, cases[i].problem);
      g_assert_cmpuint (a.stalled_level, ==, cases[i].stalled);
      g_assert_cmpint (rp_parcel_problem_level (&a, problem), ==, cases[i].level);

      text = rp_parcel_problem_describe (&a, problem);
      if (problem == RP_PARCEL_PROBLEM_NONE)
        g_assert_null (text);
      else
        {
          g_autofree char *days = g_strdup_printf ("%u days", a.days_since_event);

          g_assert_nonnull (strstr (text, days));
        }
    }
}

/* Customs beats stalled: the buyer may have to act; delivered ends every problem. */
static void
test_customs_and_delivered (void)
{
  gint64 shipped = base_time ();
  g_autoptr(RpShipment) shipment = new_shipment (shipped);
  RpTrackingAssessment a;
  RpTemplateKind kind;

  add_event (shipment, shipped, "GTMS_ASN", "Electronic information submitted by the seller");
  add_event (shipment, shipped + DAY, "PU_PICKUP_SUCCESS", "Picked up by the carrier");
  add_event (shipment, shipped + 6 * DAY, "CC_HO_HOLD", "Held by customs");

  g_assert_cmpint (assess_pick (shipment, 0, shipped + 7 * DAY, &a), ==, RP_PARCEL_PROBLEM_CUSTOMS);
  g_assert_true (rp_parcel_problem_template (RP_PARCEL_PROBLEM_CUSTOMS, &kind));
  g_assert_cmpint (kind, ==, RP_TEMPLATE_CUSTOMS_NOTICE);

  /* Still held, and silent for 12 days: still the customs notice. */
  g_assert_cmpint (assess_pick (shipment, 0, shipped + 18 * DAY, &a), ==, RP_PARCEL_PROBLEM_CUSTOMS);
  g_assert_cmpuint (a.stalled_level, ==, 2);

  add_event (shipment, shipped + 19 * DAY, "CC_IM_SUCCESS", "Import customs clearance complete");
  g_assert_cmpint (assess_pick (shipment, 0, shipped + 19 * DAY + HOUR, &a), ==, RP_PARCEL_PROBLEM_NONE);

  add_event (shipment, shipped + 21 * DAY, "GTMS_SIGNED", "Delivered");
  g_assert_cmpint (assess_pick (shipment, 0, shipped + 60 * DAY, &a), ==, RP_PARCEL_PROBLEM_NONE);
}

/* Protection: 7 days and less is a problem, 7 days and a minute is not. */
static void
test_protection (void)
{
  gint64 shipped = base_time ();
  g_autoptr(RpShipment) shipment = new_shipment (shipped);
  gint64 now = shipped + 2 * DAY;
  RpTrackingAssessment a;
  g_autofree char *text = NULL;
  RpTemplateKind kind;

  add_event (shipment, shipped + DAY, "PU_PICKUP_SUCCESS", "Picked up by the carrier");

  g_assert_cmpint (assess_pick (shipment, now + 7 * DAY + 60 * G_USEC_PER_SEC, now, &a), ==,
                   RP_PARCEL_PROBLEM_NONE);
  g_assert_cmpint (assess_pick (shipment, now + 7 * DAY, now, &a), ==, RP_PARCEL_PROBLEM_PROTECTION);
  g_assert_cmpint (rp_parcel_problem_level (&a, RP_PARCEL_PROBLEM_PROTECTION), ==,
                   RP_TRACKING_LEVEL_CRITICAL);
  text = rp_parcel_problem_describe (&a, RP_PARCEL_PROBLEM_PROTECTION);
  g_assert_nonnull (strstr (text, "7 days"));
  g_assert_true (rp_parcel_problem_template (RP_PARCEL_PROBLEM_PROTECTION, &kind));
  g_assert_cmpint (kind, ==, RP_TEMPLATE_PROTECTION_EXPIRING);

  /* Ended already: nothing left to warn about. */
  g_assert_cmpint (assess_pick (shipment, now - HOUR, now, &a), ==, RP_PARCEL_PROBLEM_NONE);
}

static void
test_failed_delivery_has_no_template (void)
{
  gint64 shipped = base_time ();
  g_autoptr(RpShipment) shipment = new_shipment (shipped);
  g_autoptr(GError) error = NULL;
  g_autofree char *draft = NULL;
  RpTrackingAssessment a;
  RpTemplateKind kind;

  add_event (shipment, shipped + DAY, "PU_PICKUP_SUCCESS", "Picked up by the carrier");
  add_event (shipment, shipped + 9 * DAY, "GTMS_SIGN_FAILED", "Delivery attempt failed");

  g_assert_cmpint (assess_pick (shipment, 0, shipped + 10 * DAY, &a), ==,
                   RP_PARCEL_PROBLEM_DELIVERY_FAILED);
  g_assert_false (rp_parcel_problem_template (RP_PARCEL_PROBLEM_DELIVERY_FAILED, &kind));

  draft = rp_parcel_problem_draft (RP_PARCEL_PROBLEM_DELIVERY_FAILED, NULL, shipment, "en",
                                   shipped + 10 * DAY, &error);
  g_assert_null (draft);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
}

static void
test_buyer_language (void)
{
  struct { const char *country; const char *language; } cases[] = {
    { "FR", "fr" }, { "fr", "fr" }, { "BR", "pt" }, { "DE", "de" }, { "RU", "ru" },
    { "JP", "ja" }, { "IL", "he" }, { "SA", "ar" },
    /* Hindi has no templates; India's second language has. */
    { "IN", "en" },
    /* Czech and Ukrainian have none: English, rather than a wrong neighbour. */
    { "CZ", "en" }, { "UA", "en" },
    { "ZZ", "en" }, { NULL, "en" }, { "", "en" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *language = rp_parcel_problem_buyer_language (cases[i].country);

      g_assert_cmpstr (language, ==, cases[i].language);
    }
}

/* The drafts in several languages carry the parcel's facts and no placeholder. */
static void
test_drafts_in_languages (void)
{
  gint64 shipped = base_time ();
  g_autoptr(RpShipment) shipment = new_shipment (shipped);
  g_autoptr(RpOrder) order = rp_order_new ();
  struct { const char *language; RpParcelProblem problem; const char *word; } cases[] = {
    { "en", RP_PARCEL_PROBLEM_STALLED, "12 days" },
    { "fr", RP_PARCEL_PROBLEM_STALLED, "Bonjour" },
    { "de", RP_PARCEL_PROBLEM_CUSTOMS, "Zoll" },
    { "es", RP_PARCEL_PROBLEM_NO_FIRST_SCAN, "Hola" },
    { "ru", RP_PARCEL_PROBLEM_CUSTOMS, "тамож" },
    { "ja", RP_PARCEL_PROBLEM_STALLED, "12" },
    { "pt", RP_PARCEL_PROBLEM_PROTECTION, "proteção" },
  };

  order->order_id = g_strdup ("8100000000000001");
  order->buyer_name = g_strdup ("Camille <b>Durand</b>");
  add_event (shipment, shipped + DAY, "PU_PICKUP_SUCCESS", "Picked up by the carrier");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *draft = rp_parcel_problem_draft (cases[i].problem, order, shipment,
                                                        cases[i].language,
                                                        shipped + 13 * DAY, &error);

      g_assert_no_error (error);
      g_assert_nonnull (draft);
      g_test_message ("%s: %s", cases[i].language, draft);
      g_assert_true (g_utf8_validate (draft, -1, NULL));
      g_assert_nonnull (strstr (draft, "LP00123456789CN"));
      g_assert_nonnull (strstr (draft, "8100000000000001"));
      /* Buyer text stays plain text, markup included, verbatim. */
      g_assert_nonnull (strstr (draft, "Camille <b>Durand</b>"));
      g_assert_null (strchr (draft, '{'));
      g_assert_nonnull (strstr (draft, cases[i].word));
    }
}

/* Without the order the name is a visible gap, never a raw placeholder. */
static void
test_draft_without_order (void)
{
  gint64 shipped = base_time ();
  g_autoptr(RpShipment) shipment = new_shipment (shipped);
  g_autoptr(GError) error = NULL;
  g_autofree char *draft = NULL;

  draft = rp_parcel_problem_draft (RP_PARCEL_PROBLEM_NO_FIRST_SCAN, NULL, shipment, NULL,
                                   shipped + 4 * DAY, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (draft, rp_template_gap_marker ("buyer_name")));
  g_assert_nonnull (strstr (draft, "8100000000000001"));
  g_assert_null (strstr (draft, "{buyer_name}"));
}

static void
test_thresholds (void)
{
  const RpTrackingThresholds *defaults = rp_tracking_thresholds_default ();
  const guint no_scan[] = { 2, 3 };
  const guint stalled[] = { 7, 14, 30 };
  const guint bad_order[] = { 7, 7, 30 };
  const guint zero[] = { 0, 3 };
  RpTrackingThresholds t;
  gint64 shipped = base_time ();
  g_autoptr(RpShipment) shipment = new_shipment (shipped);
  RpTrackingAssessment a;

  g_assert_true (rp_parcel_problem_thresholds (no_scan, 2, stalled, 3, 10, &t));
  g_assert_cmpuint (t.no_scan_warning_days, ==, 2);
  g_assert_cmpuint (t.no_scan_critical_days, ==, 3);
  g_assert_cmpuint (t.stalled_days[0], ==, 7);
  g_assert_cmpuint (t.stalled_days[2], ==, 30);
  g_assert_cmpuint (t.protection_warning_days, ==, 10);

  /* Taken by the rules: a parcel quiet for 6 days is not stalled at 7. */
  add_event (shipment, shipped + DAY, "PU_PICKUP_SUCCESS", "Picked up by the carrier");
  rp_tracking_assess (shipment, 0, shipped + 7 * DAY, &t, FALSE, NULL, &a);
  g_assert_cmpint (rp_parcel_problem_pick (&a), ==, RP_PARCEL_PROBLEM_NONE);
  rp_tracking_assess (shipment, 0, shipped + 8 * DAY, &t, FALSE, NULL, &a);
  g_assert_cmpint (rp_parcel_problem_pick (&a), ==, RP_PARCEL_PROBLEM_STALLED);

  /* Nonsense gives every default. */
  g_assert_false (rp_parcel_problem_thresholds (no_scan, 2, bad_order, 3, 10, &t));
  g_assert_cmpmem (&t, sizeof t, defaults, sizeof *defaults);
  g_assert_false (rp_parcel_problem_thresholds (zero, 2, stalled, 3, 10, &t));
  g_assert_cmpmem (&t, sizeof t, defaults, sizeof *defaults);
  g_assert_false (rp_parcel_problem_thresholds (no_scan, 1, stalled, 3, 10, &t));
  g_assert_false (rp_parcel_problem_thresholds (no_scan, 2, stalled, 2, 10, &t));
  g_assert_false (rp_parcel_problem_thresholds (no_scan, 2, stalled, 3, 0, &t));
  g_assert_false (rp_parcel_problem_thresholds (no_scan, 2, stalled, 3, 366, &t));
  g_assert_false (rp_parcel_problem_thresholds (NULL, 0, stalled, 3, 7, &t));
  g_assert_cmpmem (&t, sizeof t, defaults, sizeof *defaults);
}

/* Weekends left out: Friday noon to Wednesday noon is 3 business days, not 5. */
static void
test_weekends (void)
{
  g_autoptr(GDateTime) friday = g_date_time_new_utc (2026, 3, 6, 12, 0, 0);
  gint64 scan = g_date_time_to_unix (friday) * G_USEC_PER_SEC;
  g_autoptr(RpShipment) shipment = new_shipment (scan - DAY);
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  RpTrackingAssessment a;

  add_event (shipment, scan, "PU_PICKUP_SUCCESS", "Picked up by the carrier");

  rp_tracking_assess (shipment, 0, scan + 5 * DAY, NULL, FALSE, paris, &a);
  g_assert_cmpint (rp_parcel_problem_pick (&a), ==, RP_PARCEL_PROBLEM_STALLED);
  rp_tracking_assess (shipment, 0, scan + 5 * DAY, NULL, TRUE, paris, &a);
  g_assert_cmpuint (a.days_since_event, ==, 3);
  g_assert_cmpint (rp_parcel_problem_pick (&a), ==, RP_PARCEL_PROBLEM_NONE);
}

static void
test_notice (void)
{
  g_autofree char *value = rp_parcel_notice_format (RP_PARCEL_PROBLEM_CUSTOMS, 1764000000123456);
  const char * const bad[] = {
    "", "customs", "customs x", "customs 12 13", "none 12", "lost 12", "customs -5", "customs 0",
    "customs 99999999999999999999", "\xff 12",
  };
  RpParcelProblem problem;
  gint64 at;

  g_assert_cmpstr (value, ==, "customs 1764000000123456");
  g_assert_true (rp_parcel_notice_parse (value, &problem, &at, NULL));
  g_assert_cmpint (problem, ==, RP_PARCEL_PROBLEM_CUSTOMS);
  g_assert_cmpint (at, ==, 1764000000123456);

  for (RpParcelProblem p = RP_PARCEL_PROBLEM_NO_FIRST_SCAN; p <= RP_PARCEL_PROBLEM_EXCEPTION; p++)
    {
      g_autofree char *v = rp_parcel_notice_format (p, 42);

      g_assert_true (rp_parcel_notice_parse (v, &problem, &at, NULL));
      g_assert_cmpint (problem, ==, p);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (rp_parcel_notice_parse (bad[i], &problem, &at, &error));
      g_assert_error (error, RP_PARCEL_PROBLEM_ERROR, RP_PARCEL_PROBLEM_ERROR_INVALID);
    }
  g_assert_false (rp_parcel_notice_parse (NULL, &problem, &at, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rapport/rules/parcel-problem/no-first-scan", test_no_first_scan_thresholds);
  g_test_add_func ("/rapport/rules/parcel-problem/stalled", test_stalled_thresholds);
  g_test_add_func ("/rapport/rules/parcel-problem/customs", test_customs_and_delivered);
  g_test_add_func ("/rapport/rules/parcel-problem/protection", test_protection);
  g_test_add_func ("/rapport/rules/parcel-problem/failed-delivery", test_failed_delivery_has_no_template);
  g_test_add_func ("/rapport/rules/parcel-problem/buyer-language", test_buyer_language);
  g_test_add_func ("/rapport/rules/parcel-problem/drafts", test_drafts_in_languages);
  g_test_add_func ("/rapport/rules/parcel-problem/draft-without-order", test_draft_without_order);
  g_test_add_func ("/rapport/rules/parcel-problem/thresholds", test_thresholds);
  g_test_add_func ("/rapport/rules/parcel-problem/weekends", test_weekends);
  g_test_add_func ("/rapport/rules/parcel-problem/notice", test_notice);

  return g_test_run ();
}
