/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rp-memory.h"

/* Many requests in a row give the memory back once, after the delay from the last one. */
static void
test_coalesced (void)
{
  guint before = rp_memory_get_n_releases ();
  gint64 last;

  for (guint i = 0; i < 5; i++)
    {
      rp_memory_release_later ();
      g_usleep (RP_MEMORY_RELEASE_DELAY_MS * G_TIME_SPAN_MILLISECOND / 5);
    }
  last = g_get_monotonic_time ();

  /* Not before the delay has passed since the last request. */
  while (g_get_monotonic_time () - last < RP_MEMORY_RELEASE_DELAY_MS * G_TIME_SPAN_MILLISECOND / 2)
    {
      g_assert_cmpuint (rp_memory_get_n_releases (), ==, before);
      g_usleep (10 * G_TIME_SPAN_MILLISECOND);
    }

  while (rp_memory_get_n_releases () == before &&
         g_get_monotonic_time () - last < 10 * G_TIME_SPAN_SECOND)
    g_usleep (10 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (rp_memory_get_n_releases (), ==, before + 1);

  /* And nothing more after it. */
  g_usleep (2 * RP_MEMORY_RELEASE_DELAY_MS * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (rp_memory_get_n_releases (), ==, before + 1);

  /* A later request is served again. */
  rp_memory_release_later ();
  last = g_get_monotonic_time ();
  while (rp_memory_get_n_releases () == before + 1 &&
         g_get_monotonic_time () - last < 10 * G_TIME_SPAN_SECOND)
    g_usleep (10 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (rp_memory_get_n_releases (), ==, before + 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rapport/core/memory/coalesced", test_coalesced);

  return g_test_run ();
}
