/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>

#include "rp-confirmation.h"
#include "rp-message.h"
#include "rp-order.h"

#define HOUR G_TIME_SPAN_HOUR
#define T0   ((gint64)1795000000 * G_USEC_PER_SEC)   /* an arbitrary instant in 2026 */

static void
test_default_deadline (void)
{
  g_assert_cmpint (rp_confirmation_deadline (T0, 0), ==, T0 + 24 * HOUR);
  g_assert_cmpint (rp_confirmation_deadline (T0, -5), ==, T0 + 24 * HOUR);
  g_assert_cmpint (rp_confirmation_deadline (T0, 6 * HOUR), ==, T0 + 6 * HOUR);
}

static void
test_none_stays_none (void)
{
  gint64 times[] = { T0 + HOUR };

  g_assert_cmpint (rp_confirmation_advance (RP_CONFIRMATION_NONE, 0, 0, times, 1, 0, T0 + 48 * HOUR),
                   ==, RP_CONFIRMATION_NONE);
}

static void
test_sent_waits_then_ready (void)
{
  gint64 deadline = T0 + 24 * HOUR;

  g_assert_cmpint (rp_confirmation_advance (RP_CONFIRMATION_NONE, T0, deadline, NULL, 0, 0, T0),
                   ==, RP_CONFIRMATION_SENT);
  g_assert_cmpint (rp_confirmation_advance (RP_CONFIRMATION_SENT, T0, deadline, NULL, 0, 0,
                                            deadline - 1),
                   ==, RP_CONFIRMATION_SENT);
  /* The window closes at the deadline itself. */
  g_assert_cmpint (rp_confirmation_advance (RP_CONFIRMATION_SENT, T0, deadline, NULL, 0, 0,
                                            deadline),
                   ==, RP_CONFIRMATION_READY_TO_SHIP);
  /* A zero deadline means the default 24 h window. */
  g_assert_cmpint (rp_confirmation_advance (RP_CONFIRMATION_SENT, T0, 0, NULL, 0, 0,
                                            T0 + 24 * HOUR - 1),
                   ==, RP_CONFIRMATION_SENT);
  g_assert_cmpint (rp_confirmation_advance (RP_CONFIRMATION_SENT, T0, 0, NULL, 0, 0,
                                            T0 + 24 * HOUR),
                   ==, RP_CONFIRMATION_READY_TO_SHIP);
}

static void
test_reply_needs_review (void)
{
  gint64 deadline = T0 + 24 * HOUR;
  gint64 old_and_new[] = { T0 - HOUR, T0 + 2 * HOUR };
  gint64 only_old[] = { T0 - HOUR, T0 - 1 };

  /* A message in the same instant as the confirmation is taken as a reply: safer to review. */
  {
    gint64 same[] = { T0 };

    g_assert_cmpint (rp_confirmation_advance (RP_CONFIRMATION_SENT, T0, deadline, same, 1, 0,
                                              T0 + HOUR),
                     ==, RP_CONFIRMATION_NEEDS_REVIEW);
  }

  /* Messages written before the confirmation are not replies to it. */
  g_assert_cmpint (rp_confirmation_advance (RP_CONFIRMATION_SENT, T0, deadline, only_old, 2, 0,
                                            T0 + 3 * HOUR),
                   ==, RP_CONFIRMATION_SENT);
  g_assert_cmpint (rp_confirmation_advance (RP_CONFIRMATION_SENT, T0, deadline, only_old, 2, 0,
                                            deadline),
                   ==, RP_CONFIRMATION_READY_TO_SHIP);

  g_assert_cmpint (rp_confirmation_advance (RP_CONFIRMATION_SENT, T0, deadline, old_and_new, 2, 0,
                                            T0 + 3 * HOUR),
                   ==, RP_CONFIRMATION_NEEDS_REVIEW);
  /* A reply keeps the order waiting for review after the window closed. */
  g_assert_cmpint (rp_confirmation_advance (RP_CONFIRMATION_SENT, T0, deadline, old_and_new, 2, 0,
                                            deadline + HOUR),
                   ==, RP_CONFIRMATION_NEEDS_REVIEW);
  /* A reply that arrives after the window closed still stops the order. */
  {
    gint64 late[] = { deadline + HOUR };

    g_assert_cmpint (rp_confirmation_advance (RP_CONFIRMATION_READY_TO_SHIP, T0, deadline, late, 1,
                                              0, deadline + 2 * HOUR),
                     ==, RP_CONFIRMATION_NEEDS_REVIEW);
  }
}

static void
test_review_releases (void)
{
  gint64 deadline = T0 + 24 * HOUR;
  gint64 replies[] = { T0 + 2 * HOUR };
  gint64 two_replies[] = { T0 + 2 * HOUR, T0 + 5 * HOUR };

  /* Reviewed before the window closed: ready at once. */
  g_assert_cmpint (rp_confirmation_advance (RP_CONFIRMATION_NEEDS_REVIEW, T0, deadline, replies, 1,
                                            T0 + 3 * HOUR, T0 + 3 * HOUR),
                   ==, RP_CONFIRMATION_READY_TO_SHIP);
  /* A second reply after the review needs another review. */
  g_assert_cmpint (rp_confirmation_advance (RP_CONFIRMATION_READY_TO_SHIP, T0, deadline,
                                            two_replies, 2, T0 + 3 * HOUR, T0 + 6 * HOUR),
                   ==, RP_CONFIRMATION_NEEDS_REVIEW);
  g_assert_cmpint (rp_confirmation_advance (RP_CONFIRMATION_NEEDS_REVIEW, T0, deadline,
                                            two_replies, 2, T0 + 5 * HOUR, T0 + 6 * HOUR),
                   ==, RP_CONFIRMATION_READY_TO_SHIP);
}

static void
test_shipped_is_final (void)
{
  gint64 replies[] = { T0 + 2 * HOUR };

  g_assert_cmpint (rp_confirmation_advance (RP_CONFIRMATION_SHIPPED, T0, T0 + HOUR, replies, 1, 0,
                                            T0 + 3 * HOUR),
                   ==, RP_CONFIRMATION_SHIPPED);
}

static void
test_deadline_without_send_time (void)
{
  gint64 deadline = T0 + 24 * HOUR;
  gint64 replies[] = { T0 + 2 * HOUR };

  g_assert_cmpint (rp_confirmation_advance (RP_CONFIRMATION_SENT, 0, deadline, NULL, 0, 0,
                                            deadline),
                   ==, RP_CONFIRMATION_READY_TO_SHIP);
  g_assert_cmpint (rp_confirmation_advance (RP_CONFIRMATION_SENT, 0, deadline, replies, 1, 0,
                                            T0 + 3 * HOUR),
                   ==, RP_CONFIRMATION_NEEDS_REVIEW);
}

static RpMessage *
make_message (gboolean is_own,
              gint64   at)
{
  RpMessage *message = rp_message_new ();

  message->is_own = is_own;
  message->sent_at = at;
  return message;
}

static void
test_messages_skip_own (void)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 deadline = T0 + 24 * HOUR;

  g_ptr_array_add (messages, make_message (TRUE, T0));
  g_ptr_array_add (messages, make_message (TRUE, T0 + HOUR));
  g_assert_cmpint (rp_confirmation_advance_messages (RP_CONFIRMATION_SENT, T0, deadline, messages,
                                                     0, T0 + 2 * HOUR),
                   ==, RP_CONFIRMATION_SENT);

  g_ptr_array_add (messages, make_message (FALSE, T0 + HOUR));
  g_assert_cmpint (rp_confirmation_advance_messages (RP_CONFIRMATION_SENT, T0, deadline, messages,
                                                     0, T0 + 2 * HOUR),
                   ==, RP_CONFIRMATION_NEEDS_REVIEW);
  g_assert_cmpint (rp_confirmation_advance_messages (RP_CONFIRMATION_SENT, T0, deadline, NULL,
                                                     0, deadline),
                   ==, RP_CONFIRMATION_READY_TO_SHIP);
}

static void
test_override_reason (void)
{
  g_assert_false (rp_confirmation_override_reason_is_valid (NULL));
  g_assert_false (rp_confirmation_override_reason_is_valid (""));
  g_assert_false (rp_confirmation_override_reason_is_valid ("   \t\n "));
  g_assert_false (rp_confirmation_override_reason_is_valid ("\u3000\u00a0\u200b"));
  g_assert_false (rp_confirmation_override_reason_is_valid ("\xff\xfe reason"));
  g_assert_true (rp_confirmation_override_reason_is_valid ("  buyer confirmed by phone "));
  g_assert_true (rp_confirmation_override_reason_is_valid ("已确认"));
}

static void
test_note_gate (void)
{
  g_autoptr(RpOrder) plain = rp_order_new ();
  g_autoptr(RpOrder) noted = rp_order_new ();
  g_autoptr(RpOrder) item_noted = rp_order_new ();
  RpOrderItem *item = rp_order_item_new ();
  g_autofree char *reason = NULL;

  noted->memo = g_strdup ("Please send the blue one");
  item->memo = g_strdup ("size M please");
  g_ptr_array_add (item_noted->items, item);

  /* No note: nothing to confirm. */
  g_assert_true (rp_confirmation_can_ship (plain, RP_CONFIRMATION_NONE, NULL, &reason));
  g_assert_null (reason);

  for (RpConfirmationState s = RP_CONFIRMATION_NONE; s <= RP_CONFIRMATION_NEEDS_REVIEW; s++)
    {
      g_autofree char *why = NULL;
      g_autofree char *why_item = NULL;

      g_assert_false (rp_confirmation_can_ship (noted, s, NULL, &why));
      g_assert_nonnull (why);
      g_assert_cmpstr (why, !=, "");
      g_assert_false (rp_confirmation_can_ship (item_noted, s, NULL, &why_item));
      g_assert_cmpstr (why, ==, why_item);
      /* A blank reason is no override. */
      g_assert_false (rp_confirmation_can_ship (noted, s, " \t ", NULL));
      g_assert_false (rp_confirmation_can_ship (noted, s, "", NULL));
      g_assert_true (rp_confirmation_can_ship (noted, s, "buyer confirmed by phone", NULL));
    }

  /* The three refusals tell the seller different things. */
  {
    g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL;

    rp_confirmation_can_ship (noted, RP_CONFIRMATION_NONE, NULL, &a);
    rp_confirmation_can_ship (noted, RP_CONFIRMATION_SENT, NULL, &b);
    rp_confirmation_can_ship (noted, RP_CONFIRMATION_NEEDS_REVIEW, NULL, &c);
    rp_confirmation_can_ship (noted, RP_CONFIRMATION_NEEDS_REVIEW, "  ", &d);
    g_assert_cmpstr (a, !=, b);
    g_assert_cmpstr (b, !=, c);
    g_assert_cmpstr (a, !=, c);
    g_assert_cmpstr (d, !=, c);
  }

  g_assert_true (rp_confirmation_can_ship (noted, RP_CONFIRMATION_READY_TO_SHIP, NULL, &reason));
  g_assert_null (reason);
  g_assert_true (rp_confirmation_can_ship (noted, RP_CONFIRMATION_SHIPPED, NULL, NULL));
}

static void
test_window_bounds (void)
{
  g_assert_cmpint (rp_confirmation_window_from_hours (24), ==, 24 * HOUR);
  g_assert_cmpint (rp_confirmation_window_from_hours (0), ==, HOUR);
  g_assert_cmpint (rp_confirmation_window_from_hours (1), ==, HOUR);
  g_assert_cmpint (rp_confirmation_window_from_hours (168), ==, 168 * HOUR);
  g_assert_cmpint (rp_confirmation_window_from_hours (G_MAXUINT), ==, 168 * HOUR);
}

static void
check_window (const char *language,
              guint       hours,
              const char *expected)
{
  g_autofree char *text = rp_confirmation_format_window (hours * HOUR, language);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_window_words (void)
{
  /* Shorter than an hour has no words; a part hour is rounded down, never up. */
  g_assert_null (rp_confirmation_format_window (HOUR - 1, "en"));
  g_assert_null (rp_confirmation_format_window (0, "en"));
  {
    g_autofree char *text = rp_confirmation_format_window (2 * HOUR - 1, "en");

    g_assert_cmpstr (text, ==, "1 hour");
  }

  check_window ("en", 1, "1 hour");
  check_window ("en", 24, "24 hours");
  check_window (NULL, 48, "48 hours");
  check_window ("xx", 2, "2 hours");
  check_window ("en_GB.UTF-8", 1, "1 hour");

  check_window ("de", 1, "1 Stunde");
  check_window ("de_AT", 24, "24 Stunden");
  check_window ("es", 1, "1 hora");
  check_window ("es", 72, "72 horas");
  check_window ("pt_BR", 1, "1 hora");
  check_window ("pt", 24, "24 horas");
  check_window ("fr", 1, "1 heure");
  check_window ("fr", 24, "24 heures");
  check_window ("it", 1, "1 ora");
  check_window ("it", 24, "24 ore");
  check_window ("nl", 1, "1 uur");
  check_window ("nl", 24, "24 uur");
  check_window ("tr", 24, "24 saat");
  check_window ("ja", 24, "24時間");
  check_window ("ko", 24, "24시간");

  /* Genitive after "в течение": 1, 21, 101 take the singular; 11 does not. */
  check_window ("ru", 1, "1 часа");
  check_window ("ru", 2, "2 часов");
  check_window ("ru", 11, "11 часов");
  check_window ("ru", 21, "21 часа");
  check_window ("ru", 24, "24 часов");
  check_window ("ru", 101, "101 часа");
  check_window ("ru", 111, "111 часов");

  /* Genitive after "w ciągu": only one is singular. */
  check_window ("pl", 1, "1 godziny");
  check_window ("pl", 2, "2 godzin");
  check_window ("pl", 22, "22 godzin");
  check_window ("pl", 168, "168 godzin");

  /* Arabic: the noun alone for one and two, plural for 3–10, singular from 11. */
  check_window ("ar", 1, "ساعة واحدة");
  check_window ("ar", 2, "ساعتين");
  check_window ("ar", 3, "3 ساعات");
  check_window ("ar", 10, "10 ساعات");
  check_window ("ar", 11, "11 ساعة");
  check_window ("ar", 24, "24 ساعة");
  check_window ("ar", 100, "100 ساعة");
  check_window ("ar", 103, "103 ساعات");

  /* Hebrew: one and two have their own words; "iw" is Hebrew's old code. */
  check_window ("he", 1, "שעה אחת");
  check_window ("he", 2, "שעתיים");
  check_window ("he", 24, "24 שעות");
  check_window ("iw_IL", 2, "שעתיים");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rapport/rules/confirmation/default-deadline", test_default_deadline);
  g_test_add_func ("/rapport/rules/confirmation/none-stays-none", test_none_stays_none);
  g_test_add_func ("/rapport/rules/confirmation/window", test_sent_waits_then_ready);
  g_test_add_func ("/rapport/rules/confirmation/reply-needs-review", test_reply_needs_review);
  g_test_add_func ("/rapport/rules/confirmation/review-releases", test_review_releases);
  g_test_add_func ("/rapport/rules/confirmation/shipped-is-final", test_shipped_is_final);
  g_test_add_func ("/rapport/rules/confirmation/deadline-without-send-time",
                   test_deadline_without_send_time);
  g_test_add_func ("/rapport/rules/confirmation/messages", test_messages_skip_own);
  g_test_add_func ("/rapport/rules/confirmation/override-reason", test_override_reason);
  g_test_add_func ("/rapport/rules/confirmation/note-gate", test_note_gate);
  g_test_add_func ("/rapport/rules/confirmation/window-bounds", test_window_bounds);
  g_test_add_func ("/rapport/rules/confirmation/window-words", test_window_words);

  return g_test_run ();
}
