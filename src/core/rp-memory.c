/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-memory"

#include "config.h"

#if HAVE_MALLOC_TRIM
#include <malloc.h>
#endif

#include "rp-memory.h"

/* Giving freed memory back to the system.
 *
 * Reading 100,000 orders into a list, building Today from tens of thousands of rows or
 * scanning the cache for notifications makes and frees many small blocks, on the main
 * thread and on workers.  glibc keeps what was freed in its arenas for later: the process
 * stays as large as at its busiest moment, tens of megabytes more than it holds.
 * malloc_trim() hands the free pages back.  It runs on a thread of its own, but it locks
 * each arena while it walks it (some 30 ms for the main thread's at 100,000 orders), and
 * the main thread waits if it allocates meanwhile: so it runs once, when the work has
 * been quiet for a few seconds, not between the reloads of a sync. */

static GMutex lock;
static gboolean running;
static gint64 due;
static guint n_releases;

static gpointer
release_thread (gpointer data)
{
  for (;;)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 wait;

      g_mutex_lock (&lock);
      wait = due - now;
      if (wait <= 0)
        {
          running = FALSE;
          g_mutex_unlock (&lock);
          break;
        }
      g_mutex_unlock (&lock);

      g_usleep (wait);
    }

#if HAVE_MALLOC_TRIM
  {
    gint64 start = g_get_monotonic_time ();

    malloc_trim (0);
    g_debug ("Gave freed memory back in %" G_GINT64_FORMAT " µs",
             g_get_monotonic_time () - start);
  }
#endif

  g_atomic_int_inc (&n_releases);

  return NULL;
}

/**
 * rp_memory_release_later:
 *
 * Asks for the memory freed by a big piece of work to be given back to the system,
 * %RP_MEMORY_RELEASE_DELAY_MS after the last such request.  Cheap: call it when the work
 * is done, from any thread.
 */
void
rp_memory_release_later (void)
{
  g_autoptr(GError) error = NULL;
  gboolean start;

  g_mutex_lock (&lock);
  due = g_get_monotonic_time () + RP_MEMORY_RELEASE_DELAY_MS * G_TIME_SPAN_MILLISECOND;
  start = !running;
  running = TRUE;
  g_mutex_unlock (&lock);

  if (start)
    {
      GThread *thread = g_thread_try_new ("rp-memory", release_thread, NULL, &error);

      if (thread == NULL)
        {
          g_debug ("Cannot give memory back: %s", error->message);
          g_mutex_lock (&lock);
          running = FALSE;
          g_mutex_unlock (&lock);
          return;
        }

      g_thread_unref (thread);
    }
}

guint
rp_memory_get_n_releases (void)
{
  return g_atomic_int_get (&n_releases);
}
