/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Office hours and buyer quiet hours as settings: the Timing page of Preferences saves
 * what is valid and refuses the rest, a bad stored value falls back to the default, and
 * "send when the buyer is likely online" follows the quiet hours as they are now. */
#define G_LOG_DOMAIN "rp-test-timing-preferences"

#include "config.h"

#include <adwaita.h>

#include "rp-buyer-panel.h"
#include "rp-day-strip.h"
#include "rp-schedule.h"
#include "rp-test-ui.h"
#include "rp-timing-preferences.h"

#define G_LOG_DOMAIN_BUYER_PANEL "rp-buyer-panel"

typedef struct
{
  GSettings           *settings;
  RpTimingPreferences *page;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->settings = g_settings_new (APP_ID);
  fixture->page = RP_TIMING_PREFERENCES (g_object_ref_sink (rp_timing_preferences_new (fixture->settings)));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_assert_finalize_object (g_steal_pointer (&fixture->page));
  g_settings_reset (fixture->settings, "office-hours");
  g_settings_reset (fixture->settings, "office-zone");
  g_settings_reset (fixture->settings, "buyer-quiet-hours");
  g_clear_object (&fixture->settings);
}

static void
set_time (Fixture      *fixture,
          RpTimingTime  time,
          int           hour,
          int           minute)
{
  gtk_spin_button_set_value (rp_timing_preferences_get_spin (fixture->page, time, FALSE), hour);
  gtk_spin_button_set_value (rp_timing_preferences_get_spin (fixture->page, time, TRUE), minute);
}

static int
shown_time (Fixture      *fixture,
            RpTimingTime  time)
{
  return gtk_spin_button_get_value_as_int (rp_timing_preferences_get_spin (fixture->page, time, FALSE)) * 60 +
         gtk_spin_button_get_value_as_int (rp_timing_preferences_get_spin (fixture->page, time, TRUE));
}

static gboolean
row_refused (Fixture      *fixture,
             RpTimingTime  time)
{
  return gtk_widget_has_css_class (rp_timing_preferences_get_row (fixture->page, time), "error");
}

static char *
get_string (Fixture    *fixture,
            const char *key)
{
  return g_settings_get_string (fixture->settings, key);
}

/* The page shows the defaults of a fresh install. */
static void
test_shows_defaults (Fixture       *fixture,
                     gconstpointer  data)
{
  g_assert_cmpint (shown_time (fixture, RP_TIMING_OFFICE_START), ==, 8 * 60);
  g_assert_cmpint (shown_time (fixture, RP_TIMING_OFFICE_END), ==, 17 * 60);
  g_assert_cmpint (shown_time (fixture, RP_TIMING_QUIET_START), ==, 22 * 60);
  g_assert_cmpint (shown_time (fixture, RP_TIMING_QUIET_END), ==, 8 * 60);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (rp_timing_preferences_get_zone_row (fixture->page))),
                   ==, "");
}

/* Each change is saved as the settings text the rest of Rapport reads. */
static void
test_saves_valid (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *office = NULL;
  g_autofree char *quiet = NULL;
  g_autofree char *zone = NULL;

  set_time (fixture, RP_TIMING_OFFICE_START, 9, 30);
  set_time (fixture, RP_TIMING_QUIET_START, 23, 15);
  set_time (fixture, RP_TIMING_QUIET_END, 7, 0);
  gtk_editable_set_text (GTK_EDITABLE (rp_timing_preferences_get_zone_row (fixture->page)),
                         "Asia/Shanghai");
  g_assert_true (rp_timing_preferences_save (fixture->page));

  office = get_string (fixture, "office-hours");
  quiet = get_string (fixture, "buyer-quiet-hours");
  zone = get_string (fixture, "office-zone");
  g_assert_cmpstr (office, ==, "09:30-17:00");
  g_assert_cmpstr (quiet, ==, "23:15-07:00");
  g_assert_cmpstr (zone, ==, "Asia/Shanghai");
  g_assert_false (row_refused (fixture, RP_TIMING_OFFICE_START));
  g_assert_false (row_refused (fixture, RP_TIMING_QUIET_END));

  /* Changed elsewhere (another window, dconf): the page follows. */
  g_settings_set_string (fixture->settings, "buyer-quiet-hours", "21:00-06:45");
  g_assert_cmpint (shown_time (fixture, RP_TIMING_QUIET_START), ==, 21 * 60);
  g_assert_cmpint (shown_time (fixture, RP_TIMING_QUIET_END), ==, 6 * 60 + 45);
}

/* A stretch that starts when it ends is marked as an error and not saved; the other
 * stretch is still saved, and fixing the first saves it. */
static void
test_refuses_invalid (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *office = NULL;
  g_autofree char *quiet = NULL;
  g_autofree char *zone = NULL;

  set_time (fixture, RP_TIMING_QUIET_END, 22, 0);
  g_assert_true (row_refused (fixture, RP_TIMING_QUIET_START));
  g_assert_true (row_refused (fixture, RP_TIMING_QUIET_END));
  quiet = get_string (fixture, "buyer-quiet-hours");
  g_assert_cmpstr (quiet, ==, "22:00-08:00");
  g_assert_false (rp_timing_preferences_save (fixture->page));

  /* Correcting the office hours meanwhile keeps the refused quiet hours on screen. */
  set_time (fixture, RP_TIMING_OFFICE_END, 18, 0);
  office = get_string (fixture, "office-hours");
  g_assert_cmpstr (office, ==, "08:00-18:00");
  g_assert_cmpint (shown_time (fixture, RP_TIMING_QUIET_END), ==, 22 * 60);
  g_assert_true (row_refused (fixture, RP_TIMING_QUIET_END));

  set_time (fixture, RP_TIMING_QUIET_END, 6, 0);
  g_clear_pointer (&quiet, g_free);
  quiet = get_string (fixture, "buyer-quiet-hours");
  g_assert_cmpstr (quiet, ==, "22:00-06:00");
  g_assert_false (row_refused (fixture, RP_TIMING_QUIET_END));

  /* A zone tzdata does not know is refused too. */
  gtk_editable_set_text (GTK_EDITABLE (rp_timing_preferences_get_zone_row (fixture->page)),
                         "Asia/Atlantis");
  g_assert_false (rp_timing_preferences_save (fixture->page));
  g_assert_true (gtk_widget_has_css_class (rp_timing_preferences_get_zone_row (fixture->page), "error"));
  zone = get_string (fixture, "office-zone");
  g_assert_cmpstr (zone, ==, "");
}

/* A stored value that is not a stretch of time (edited by hand in dconf) is the default
 * for everyone, with a warning, and the page shows the default. */
static void
test_bad_stored_value_falls_back (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  RpQuietHours quiet;
  RpOfficeHours office;

  g_settings_set_string (fixture->settings, "office-zone", "Europe/Lisbon");
  zone = rp_buyer_panel_read_office_zone (fixture->settings);
  g_assert_cmpstr (g_time_zone_get_identifier (zone), ==, "Europe/Lisbon");
  g_clear_pointer (&zone, g_time_zone_unref);

  g_test_expect_message (G_LOG_DOMAIN_BUYER_PANEL, G_LOG_LEVEL_WARNING, "*buyer quiet hours*");
  g_test_expect_message (G_LOG_DOMAIN_BUYER_PANEL, G_LOG_LEVEL_WARNING, "*buyer quiet hours*");
  g_settings_set_string (fixture->settings, "buyer-quiet-hours", "bedtime");
  rp_buyer_panel_read_hours (fixture->settings, &quiet, NULL);
  g_test_assert_expected_messages ();
  g_assert_cmpint (quiet.start_minute, ==, RP_QUIET_HOURS_DEFAULT_START);
  g_assert_cmpint (quiet.end_minute, ==, RP_QUIET_HOURS_DEFAULT_END);
  g_assert_cmpint (shown_time (fixture, RP_TIMING_QUIET_START), ==, 22 * 60);
  g_assert_cmpint (shown_time (fixture, RP_TIMING_QUIET_END), ==, 8 * 60);

  g_test_expect_message (G_LOG_DOMAIN_BUYER_PANEL, G_LOG_LEVEL_WARNING, "*office hours*");
  g_test_expect_message (G_LOG_DOMAIN_BUYER_PANEL, G_LOG_LEVEL_WARNING, "*office hours*");
  g_settings_set_string (fixture->settings, "office-hours", "25:00-26:00");
  rp_buyer_panel_read_hours (fixture->settings, NULL, &office);
  g_test_assert_expected_messages ();
  g_assert_cmpint (office.start_minute, ==, RP_OFFICE_HOURS_DEFAULT_START);
  g_assert_cmpint (office.end_minute, ==, RP_OFFICE_HOURS_DEFAULT_END);

  g_settings_set_string (fixture->settings, "office-zone", "Not/A_Zone");
  g_test_expect_message (G_LOG_DOMAIN_BUYER_PANEL, G_LOG_LEVEL_WARNING, "*office time zone*");
  zone = rp_buyer_panel_read_office_zone (fixture->settings);
  g_test_assert_expected_messages ();
  g_assert_cmpstr (g_time_zone_get_identifier (zone), ==, g_time_zone_get_identifier (local));

  /* A well-formed value is read as written. */
  g_settings_set_string (fixture->settings, "buyer-quiet-hours", "21:30-07:15");
  rp_buyer_panel_read_hours (fixture->settings, &quiet, NULL);
  g_assert_cmpint (quiet.start_minute, ==, 21 * 60 + 30);
  g_assert_cmpint (quiet.end_minute, ==, 7 * 60 + 15);
}

/* "Send when the buyer is likely online" and a time the seller picks both follow the quiet
 * hours as they are when the message is scheduled. */
static void
test_send_later_follows_quiet_hours (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/New_York");
  /* 2026-03-10 03:30 in New York (EDT, UTC−4): inside both quiet hours below. */
  g_autoptr(GDateTime) local = g_date_time_new (zone, 2026, 3, 10, 3, 30, 0);
  gint64 now = g_date_time_to_unix (local) * G_USEC_PER_SEC;
  RpQuietHours quiet;
  gint64 when;

  g_assert_true (rp_quiet_hours_parse (&quiet, "22:00-08:00", NULL));
  when = rp_buyer_panel_send_time (fixture->settings, zone, "US", NULL, now);
  g_assert_false (rp_quiet_hours_contains (&quiet, zone, when));
  g_assert_cmpint (when, >=, now + (8 * 60 - (3 * 60 + 30)) * G_TIME_SPAN_MINUTE);
  g_assert_cmpint (rp_buyer_panel_outside_quiet (fixture->settings, zone, now), ==,
                   now + (8 * 60 - (3 * 60 + 30)) * G_TIME_SPAN_MINUTE);

  /* The seller moves the end of the night to 10:00 on the Timing page. */
  set_time (fixture, RP_TIMING_QUIET_END, 10, 0);
  g_assert_true (rp_quiet_hours_parse (&quiet, "22:00-10:00", NULL));
  when = rp_buyer_panel_send_time (fixture->settings, zone, "US", NULL, now);
  g_assert_false (rp_quiet_hours_contains (&quiet, zone, when));
  g_assert_cmpint (when, >=, now + (10 * 60 - (3 * 60 + 30)) * G_TIME_SPAN_MINUTE);
  g_assert_cmpint (rp_buyer_panel_outside_quiet (fixture->settings, zone, now), ==,
                   now + (10 * 60 - (3 * 60 + 30)) * G_TIME_SPAN_MINUTE);

  /* And a buyer whose night ends at 03:00 gets it now. */
  set_time (fixture, RP_TIMING_QUIET_START, 0, 0);
  set_time (fixture, RP_TIMING_QUIET_END, 3, 0);
  g_assert_cmpint (rp_buyer_panel_outside_quiet (fixture->settings, zone, now), ==, now);
}

static guint
count_slots (RpDayStrip *strip,
             gsize       offset)
{
  const RpHourSlot *slots = rp_day_strip_get_slots (strip);
  guint n = 0;

  g_assert_nonnull (slots);
  for (guint i = 0; i < 24; i++)
    n += G_STRUCT_MEMBER (gboolean, &slots[i], offset) ? 1 : 0;

  return n;
}

/* The buyer panel's day strip redraws as soon as the hours or the office zone change. */
static void
test_day_strip_follows_settings (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(RpContext) context = rp_context_new (fixture->settings);
  g_autoptr(GTimeZone) tokyo = g_time_zone_new_identifier ("Asia/Tokyo");
  g_autoptr(GDateTime) midnight = NULL;
  RpBuyerPanel *panel = RP_BUYER_PANEL (g_object_ref_sink (rp_buyer_panel_new ()));
  RpDayStrip *strip;
  gsize office = G_STRUCT_OFFSET (RpHourSlot, seller_office);
  gsize quiet = G_STRUCT_OFFSET (RpHourSlot, buyer_quiet);

  rp_buyer_panel_set_context (panel, context);
  rp_buyer_panel_set_now (panel, (gint64)1772000000 * G_USEC_PER_SEC);
  rp_buyer_panel_set_buyer (panel, 1, "de3003", "DE", NULL, "Berlin");
  strip = RP_DAY_STRIP (gtk_widget_get_template_child (GTK_WIDGET (panel), RP_TYPE_BUYER_PANEL,
                                                       "strip"));
  g_assert_cmpuint (count_slots (strip, office), ==, 9);
  g_assert_cmpuint (count_slots (strip, quiet), ==, 10);

  g_settings_set_string (fixture->settings, "office-hours", "09:00-12:00");
  g_assert_cmpuint (count_slots (strip, office), ==, 3);

  g_settings_set_string (fixture->settings, "buyer-quiet-hours", "20:00-09:00");
  g_assert_cmpuint (count_slots (strip, quiet), ==, 13);

  /* The strip starts at midnight on the office clock. */
  g_settings_set_string (fixture->settings, "office-zone", "Asia/Tokyo");
  midnight = g_date_time_new_from_unix_utc (rp_day_strip_get_slots (strip)[0].start / G_USEC_PER_SEC);
  {
    g_autoptr(GDateTime) in_tokyo = g_date_time_to_timezone (midnight, tokyo);

    g_assert_cmpint (g_date_time_get_hour (in_tokyo), ==, 0);
    g_assert_cmpint (g_date_time_get_minute (in_tokyo), ==, 0);
  }
  g_assert_cmpuint (count_slots (strip, office), ==, 3);

  rp_buyer_panel_set_context (panel, NULL);
  g_object_unref (panel);
}

/* The page as the seller sees it, in the Preferences window. */
static void
test_shown (Fixture       *fixture,
            gconstpointer  data)
{
  GtkWidget *window = adw_preferences_window_new ();

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (fixture->page));
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (window),
                                           ADW_PREFERENCES_PAGE (fixture->page));
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 720);
  gtk_window_present (GTK_WINDOW (window));
  rp_test_ui_wait_for_mapped (GTK_WIDGET (fixture->page));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (rp_timing_preferences_get_zone_row (fixture->page))));
  rp_test_ui_screenshot (window, "preferences-timing");

  gtk_window_destroy (GTK_WINDOW (window));
  rp_test_ui_iterate (50);
}

int
main (int   argc,
      char *argv[])
{
  /* Not G_TEST_OPTION_ISOLATE_DIRS: the icon theme the shown page draws with lives in
   * XDG_DATA_DIRS; the settings are in memory (GSETTINGS_BACKEND). */
  g_test_init (&argc, &argv, NULL);

  gtk_init ();
  adw_init ();

  g_test_add ("/rapport/timing/preferences/shows-defaults", Fixture, NULL,
              fixture_setup, test_shows_defaults, fixture_teardown);
  g_test_add ("/rapport/timing/preferences/saves-valid", Fixture, NULL,
              fixture_setup, test_saves_valid, fixture_teardown);
  g_test_add ("/rapport/timing/preferences/refuses-invalid", Fixture, NULL,
              fixture_setup, test_refuses_invalid, fixture_teardown);
  g_test_add ("/rapport/timing/preferences/bad-stored-value-falls-back", Fixture, NULL,
              fixture_setup, test_bad_stored_value_falls_back, fixture_teardown);
  g_test_add ("/rapport/timing/preferences/send-later-follows-quiet-hours", Fixture, NULL,
              fixture_setup, test_send_later_follows_quiet_hours, fixture_teardown);

  g_test_add ("/rapport/timing/preferences/day-strip-follows-settings", Fixture, NULL,
              fixture_setup, test_day_strip_follows_settings, fixture_teardown);
  g_test_add ("/rapport/timing/preferences/shown", Fixture, NULL,
              fixture_setup, test_shown, fixture_teardown);

  return g_test_run ();
}
