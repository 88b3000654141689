/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "rp-tracking-pattern.h"

static void
test_checks_whole_number (void)
{
  g_autoptr(RpTrackingPattern) upu = rp_tracking_pattern_new ("^[A-Z]{2}[0-9]{9}[A-Z]{2}$");
  g_autoptr(RpTrackingPattern) bare = rp_tracking_pattern_new ("[0-9]{10}|LP[0-9]{14}");

  g_assert_true (rp_tracking_pattern_is_usable (upu));
  g_assert_cmpint (rp_tracking_pattern_check (upu, "RR123456785CN"), ==, RP_TRACKING_PATTERN_MATCH);
  g_assert_cmpint (rp_tracking_pattern_check (upu, "RR12345678CN"), ==, RP_TRACKING_PATTERN_MISMATCH);
  g_assert_cmpint (rp_tracking_pattern_check (upu, "RR123456785CN\n"), ==, RP_TRACKING_PATTERN_MISMATCH);
  g_assert_cmpint (rp_tracking_pattern_check (upu, ""), ==, RP_TRACKING_PATTERN_MISMATCH);
  g_assert_cmpint (rp_tracking_pattern_check (upu, NULL), ==, RP_TRACKING_PATTERN_MISMATCH);

  /* Without anchors, the whole number still has to match, either alternative. */
  g_assert_cmpint (rp_tracking_pattern_check (bare, "0123456789"), ==, RP_TRACKING_PATTERN_MATCH);
  g_assert_cmpint (rp_tracking_pattern_check (bare, "LP00012345678901"), ==, RP_TRACKING_PATTERN_MATCH);
  g_assert_cmpint (rp_tracking_pattern_check (bare, "X0123456789"), ==, RP_TRACKING_PATTERN_MISMATCH);
  g_assert_cmpint (rp_tracking_pattern_check (bare, "LP00012345678901X"), ==, RP_TRACKING_PATTERN_MISMATCH);
}

static void
test_unusable_patterns (void)
{
  g_autoptr(GString) huge = g_string_new (NULL);
  const char *broken[] = { NULL, "", "[A-Z", "(?<", "a{2,1}", "\\", "(?P<x>a)(?P<x>b)",
                           "abc\xff", ")(" };

  while (huge->len <= RP_TRACKING_PATTERN_MAX_LENGTH)
    g_string_append (huge, "[0-9]");

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr(RpTrackingPattern) pattern = rp_tracking_pattern_new (broken[i]);

      /* Nothing to check against: the seller is not stopped. */
      g_assert_false (rp_tracking_pattern_is_usable (pattern));
      g_assert_cmpint (rp_tracking_pattern_check (pattern, "RR123456785CN"), ==,
                       RP_TRACKING_PATTERN_UNCHECKED);
    }

  {
    g_autoptr(RpTrackingPattern) pattern = rp_tracking_pattern_new (huge->str);

    g_assert_false (rp_tracking_pattern_is_usable (pattern));
  }

  /* A closing group in the pattern cannot escape the whole-number wrapping. */
  {
    g_autoptr(RpTrackingPattern) pattern = rp_tracking_pattern_new ("a)|(.*");

    g_assert_cmpint (rp_tracking_pattern_check (pattern, "anything at all"), !=,
                     RP_TRACKING_PATTERN_MATCH);
  }
}

static void
test_costly_pattern_is_dropped (void)
{
  g_autoptr(RpTrackingPattern) pattern = rp_tracking_pattern_new ("(a+)+$");
  char number[64];
  gint64 started;

  memset (number, 'a', 40);
  number[40] = '!';
  number[41] = '\0';

  /* Catastrophic backtracking ends at the matcher's limit, and only once. */
  started = g_get_monotonic_time ();
  g_assert_cmpint (rp_tracking_pattern_check (pattern, number), ==, RP_TRACKING_PATTERN_UNCHECKED);
  g_assert_false (rp_tracking_pattern_is_usable (pattern));
  g_assert_cmpint (rp_tracking_pattern_check (pattern, number), ==, RP_TRACKING_PATTERN_UNCHECKED);
  g_assert_cmpint (rp_tracking_pattern_check (pattern, "aaaa"), ==, RP_TRACKING_PATTERN_UNCHECKED);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rapport/rules/tracking-pattern/whole-number", test_checks_whole_number);
  g_test_add_func ("/rapport/rules/tracking-pattern/unusable", test_unusable_patterns);
  g_test_add_func ("/rapport/rules/tracking-pattern/costly", test_costly_pattern_is_dropped);

  return g_test_run ();
}
