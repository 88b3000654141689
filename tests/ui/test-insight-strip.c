/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-insight-strip"

#include "config.h"

#include <adwaita.h>

#include "rp-composer.h"
#include "rp-day-strip.h"
#include "rp-message.h"
#include "rp-test-ui.h"

/* 2026-01-15 12:00 UTC: winter in New York (UTC−5), 20:00 in Shanghai (UTC+8). */
#define WINTER_NOON_UTC (G_GINT64_CONSTANT (1768478400) * G_USEC_PER_SEC)
/* 2026-07-15 12:00 UTC: summer time in New York (UTC−4). */
#define SUMMER_NOON_UTC (G_GINT64_CONSTANT (1784116800) * G_USEC_PER_SEC)

static GTimeZone *
zone (const char *identifier)
{
  GTimeZone *tz = g_time_zone_new_identifier (identifier);

  g_assert_nonnull (tz);

  return tz;
}

static void
test_slot_labels (void)
{
  g_autoptr(GTimeZone) shanghai = zone ("Asia/Shanghai");
  g_autoptr(GTimeZone) new_york = zone ("America/New_York");
  g_autoptr(GTimeZone) kolkata = zone ("Asia/Kolkata");
  RpHourSlot slots[24];

  rp_schedule_day_strip (NULL, new_york, NULL, shanghai, NULL, WINTER_NOON_UTC, slots);

  /* The strip is the seller's day: it starts at midnight in Shanghai, 11:00 in New York. */
  for (int i = 0; i < 24; i++)
    {
      g_autofree char *seller = rp_day_strip_slot_label (&slots[i], shanghai);
      g_autofree char *buyer = rp_day_strip_slot_label (&slots[i], new_york);
      g_autofree char *want_seller = g_strdup_printf ("%02d", i);
      g_autofree char *want_buyer = g_strdup_printf ("%02d", (i + 11) % 24);

      g_assert_cmpstr (seller, ==, want_seller);
      g_assert_cmpstr (buyer, ==, want_buyer);
    }

  /* Summer time moves the buyer's clock by an hour against the seller's. */
  rp_schedule_day_strip (NULL, new_york, NULL, shanghai, NULL, SUMMER_NOON_UTC, slots);
  {
    g_autofree char *buyer = rp_day_strip_slot_label (&slots[0], new_york);

    g_assert_cmpstr (buyer, ==, "12");
  }

  /* A half-hour zone gets its minutes. */
  rp_schedule_day_strip (NULL, kolkata, NULL, shanghai, NULL, WINTER_NOON_UTC, slots);
  {
    g_autofree char *buyer = rp_day_strip_slot_label (&slots[0], kolkata);

    g_assert_cmpstr (buyer, ==, "21:30");
  }

  g_assert_cmpint (rp_day_strip_now_index (slots, WINTER_NOON_UTC), ==, 20);
  g_assert_cmpint (rp_day_strip_now_index (slots, WINTER_NOON_UTC + 2 * G_TIME_SPAN_DAY), ==, -1);
}

/* Synthetic slots: the buyer (UTC−7 in these) likely online 19:00–23:00 their time. */
static void
make_slots (RpHourSlot slots[24],
            gint64     day_start)
{
  for (int i = 0; i < 24; i++)
    {
      int buyer_hour = (i + 24 - 15) % 24;   /* seller UTC+8, buyer UTC−7 */

      slots[i] = (RpHourSlot) {
        .start = day_start + i * G_TIME_SPAN_HOUR,
        .seller_hour = i,
        .buyer_hour = buyer_hour,
        .seller_office = i >= 8 && i < 17,
        .buyer_likely = buyer_hour >= 19 && buyer_hour < 23,
        .buyer_quiet = buyer_hour >= 22 || buyer_hour < 8,
        .buyer_probability = buyer_hour >= 19 && buyer_hour < 23 ? 0.8 : 0.1,
      };
    }
}

static void
test_description (void)
{
  g_autoptr(GTimeZone) seller = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GTimeZone) buyer = g_time_zone_new_offset (-7 * 3600);
  /* 2026-01-15 00:00 at UTC+8. */
  gint64 day_start = WINTER_NOON_UTC - 20 * G_TIME_SPAN_HOUR;
  g_autofree char *text = NULL;
  RpHourSlot slots[24];

  make_slots (slots, day_start);
  /* 19:00–22:00 their time is likely and not quiet (22:00 starts their night). */
  text = rp_day_strip_describe (slots, buyer, seller, day_start + 10 * G_TIME_SPAN_HOUR + 5 * G_TIME_SPAN_MINUTE);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "Likely online 19:00–22:00 their time, that is 10:00–13:00 yours."));
  g_assert_nonnull (strstr (text, "Their night 22:00–08:00, that is 13:00–23:00 yours."));
  g_assert_nonnull (strstr (text, "Your office hours 08:00–17:00, that is 17:00–02:00 their time."));
  g_assert_nonnull (strstr (text, "Now 10:05 yours, 19:05 theirs: likely online."));
  g_clear_pointer (&text, g_free);

  text = rp_day_strip_describe (slots, buyer, seller, day_start + 14 * G_TIME_SPAN_HOUR);
  g_assert_nonnull (strstr (text, "Now 14:00 yours, 23:00 theirs: their night."));
  g_clear_pointer (&text, g_free);

  /* A stretch that runs past the seller's midnight is one stretch, not two. */
  for (int i = 0; i < 24; i++)
    {
      slots[i].buyer_quiet = FALSE;
      slots[i].buyer_likely = i >= 22 || i < 2;
    }
  text = rp_day_strip_describe (slots, buyer, seller, day_start);
  g_assert_nonnull (strstr (text, "Likely online 07:00–11:00 their time, that is 22:00–02:00 yours."));
  g_assert_null (strstr (text, "that is 00:00"));
  g_clear_pointer (&text, g_free);

  /* A buyer never likely online says so rather than nothing. */
  for (int i = 0; i < 24; i++)
    slots[i].buyer_likely = FALSE;
  text = rp_day_strip_describe (slots, buyer, seller, day_start);
  g_assert_nonnull (strstr (text, "Not likely online at any hour of this day."));
  g_assert_null (strstr (text, "Likely online "));
}

static void
test_widget (void)
{
  g_autoptr(GTimeZone) shanghai = zone ("Asia/Shanghai");
  g_autoptr(GTimeZone) los_angeles = zone ("America/Los_Angeles");
  g_autoptr(RpActivity) activity = rp_activity_new (los_angeles, rp_country_lookup ("US"), WINTER_NOON_UTC);
  g_autofree char *expected = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *strip = rp_day_strip_new ();
  const RpHourSlot *slots;
  int min_width, min_height;

  /* The buyer wrote at 20:00 their time on many evenings. */
  for (int day = 1; day <= 30; day++)
    rp_activity_add_event (activity, WINTER_NOON_UTC - day * G_TIME_SPAN_DAY + 16 * G_TIME_SPAN_HOUR);

  g_assert_null (rp_day_strip_get_slots (RP_DAY_STRIP (strip)));
  g_assert_null (rp_day_strip_get_description (RP_DAY_STRIP (strip)));

  rp_day_strip_set_hours (RP_DAY_STRIP (strip), NULL, NULL, shanghai);
  rp_day_strip_set_now (RP_DAY_STRIP (strip), WINTER_NOON_UTC);
  rp_day_strip_set_buyer (RP_DAY_STRIP (strip), activity, los_angeles);

  slots = rp_day_strip_get_slots (RP_DAY_STRIP (strip));
  g_assert_nonnull (slots);
  /* 20:00 in Los Angeles (UTC−8) is 12:00 in Shanghai: the slot must be likely. */
  g_assert_cmpint (slots[12].buyer_hour, ==, 20);
  g_assert_true (slots[12].buyer_likely);
  g_assert_false (slots[12].buyer_quiet);
  /* 03:00 in Los Angeles is 19:00 in Shanghai: night. */
  g_assert_true (slots[19].buyer_quiet);
  g_assert_true (slots[9].seller_office);
  g_assert_false (slots[18].seller_office);

  expected = rp_day_strip_describe (slots, los_angeles, shanghai, WINTER_NOON_UTC);
  g_assert_cmpstr (rp_day_strip_get_description (RP_DAY_STRIP (strip)), ==, expected);
  g_assert_nonnull (strstr (expected, "their time, that is"));
  g_assert_nonnull (strstr (expected, "Now 20:00 yours, 04:00 theirs: their night."));

  gtk_widget_measure (strip, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  gtk_widget_measure (strip, GTK_ORIENTATION_VERTICAL, -1, &min_height, NULL, NULL, NULL);
  g_assert_cmpint (min_width, >=, 24 * 4);
  g_assert_cmpint (min_height, >=, 30);

  gtk_window_set_child (GTK_WINDOW (window), strip);
  gtk_window_set_default_size (GTK_WINDOW (window), 480, -1);
  gtk_window_present (GTK_WINDOW (window));
  rp_test_ui_wait_for_mapped (strip);
  rp_test_ui_iterate (100);
  rp_test_ui_screenshot (strip, "day-strip");

  /* Clearing the buyer clears the words too. */
  rp_day_strip_set_buyer (RP_DAY_STRIP (strip), NULL, NULL);
  g_assert_null (rp_day_strip_get_description (RP_DAY_STRIP (strip)));

  gtk_window_destroy (GTK_WINDOW (window));
  rp_test_ui_iterate (20);
}

static void
later_cb (RpComposer *composer,
          const char *text,
          char      **out)
{
  g_free (*out);
  *out = g_strdup (text);
}

static void
moved_cb (RpComposer *composer,
          gint64      id,
          gint64      when,
          gint64     *out)
{
  out[0] = id;
  out[1] = when;
}

static void
test_composer_send_later (void)
{
  g_autoptr(GTimeZone) shanghai = zone ("Asia/Shanghai");
  g_autoptr(GTimeZone) berlin = zone ("Europe/Berlin");
  g_autoptr(RpComposer) composer = g_object_ref_sink (RP_COMPOSER (rp_composer_new ()));
  g_autoptr(GPtrArray) echoes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *text = NULL;
  g_autofree char *sent = NULL;
  gint64 moved[2] = { 0, 0 };
  RpMessage *echo;
  gint64 when;

  /* 2026-01-15 20:00 in Shanghai, 13:00 in Berlin. */
  text = rp_composer_format_scheduled (WINTER_NOON_UTC + 3 * G_TIME_SPAN_HOUR, WINTER_NOON_UTC,
                                       shanghai, berlin);
  g_assert_cmpstr (text, ==, "Scheduled for 23:00 (their time 16:00)");
  g_clear_pointer (&text, g_free);
  /* Past midnight in Shanghai, the same day in Berlin. */
  text = rp_composer_format_scheduled (WINTER_NOON_UTC + 6 * G_TIME_SPAN_HOUR, WINTER_NOON_UTC,
                                       shanghai, berlin);
  g_assert_cmpstr (text, ==, "Scheduled for Fri 02:00 (their time 19:00)");
  g_clear_pointer (&text, g_free);
  text = rp_composer_format_scheduled (WINTER_NOON_UTC + 3 * G_TIME_SPAN_HOUR, WINTER_NOON_UTC,
                                       shanghai, NULL);
  g_assert_cmpstr (text, ==, "Scheduled for 23:00");

  /* The next 09:30 on the seller's clock is tomorrow; the next 21:15 is tonight. */
  when = rp_composer_next_clock_time (shanghai, WINTER_NOON_UTC, 9, 30);
  g_assert_cmpint (when, ==, WINTER_NOON_UTC + 13 * G_TIME_SPAN_HOUR + 30 * G_TIME_SPAN_MINUTE);
  when = rp_composer_next_clock_time (shanghai, WINTER_NOON_UTC, 21, 15);
  g_assert_cmpint (when, ==, WINTER_NOON_UTC + G_TIME_SPAN_HOUR + 15 * G_TIME_SPAN_MINUTE);

  /* Offered only once the owner says when; it passes the text on. */
  g_signal_connect (composer, "send-later", G_CALLBACK (later_cb), &sent);
  rp_composer_set_text (composer, "Your parcel is on its way.");
  gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send-later", NULL);
  g_assert_null (sent);
  rp_composer_set_send_later (composer, "19:05 (their time 12:05)");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send-later", NULL));
  g_assert_cmpstr (sent, ==, "Your parcel is on its way.");

  /* Flagged text is held back once, as for sending now. */
  g_clear_pointer (&sent, g_free);
  rp_composer_set_text (composer, "Please confirm receipt now so I get paid");
  gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send-later", NULL);
  g_assert_null (sent);
  g_assert_true (rp_composer_get_warning_shown (composer));

  /* Scheduled messages are listed with their time, and each can be sent at once. */
  echo = rp_message_new ();
  echo->outbox_id = 42;
  echo->content = g_strdup ("Good <b>morning</b>\u202e!");
  echo->sent_at = g_get_real_time () + 3 * G_TIME_SPAN_HOUR;
  g_ptr_array_add (echoes, echo);
  rp_composer_set_scheduled (composer, echoes, berlin);
  g_assert_cmpuint (rp_composer_get_n_scheduled (composer), ==, 1);
  g_assert_true (g_str_has_prefix (rp_composer_get_scheduled_label (composer, 0), "Scheduled for "));
  g_assert_nonnull (strstr (rp_composer_get_scheduled_label (composer, 0), "(their time "));
  /* Markup stays text; the bidi override is not passed through. */
  g_assert_nonnull (strstr (rp_composer_get_scheduled_label (composer, 0), "<b>morning</b>"));
  g_assert_null (strstr (rp_composer_get_scheduled_label (composer, 0), "\u202e"));

  g_signal_connect (composer, "reschedule", G_CALLBACK (moved_cb), moved);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send-now", "x", (gint64) 42));
  g_assert_cmpint (moved[0], ==, 42);
  g_assert_cmpint (moved[1], ==, 0);

  rp_composer_set_scheduled (composer, NULL, NULL);
  g_assert_cmpuint (rp_composer_get_n_scheduled (composer), ==, 0);
  rp_composer_set_send_later (composer, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/rapport/insight/strip/slot-labels", test_slot_labels);
  g_test_add_func ("/rapport/insight/strip/description", test_description);
  g_test_add_func ("/rapport/insight/strip/widget", test_widget);
  g_test_add_func ("/rapport/insight/composer/send-later", test_composer_send_later);

  return g_test_run ();
}
