/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Full-text search latency over a synced cache: words drawn from the cached messages,
 * each searched whole and as a three-letter prefix (search as you type).
 *
 * Usage: bench-fts DATABASE [QUERIES]
 * Prints BENCH lines. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rp-store.h"

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RpStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) columns = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (1129);
  guint n_queries = argc > 2 ? (guint)atoi (argv[2]) : 400;
  int content_column = -1;
  guint hits = 0;
  double p50, p95, max;

  if (argc < 2)
    {
      g_printerr ("usage: bench-fts DATABASE [QUERIES]\n");
      return 2;
    }

  store = rp_store_new (argv[1]);
  if (!rp_store_open_sync (store, &error))
    {
      g_printerr ("bench-fts: %s\n", error->message);
      return 1;
    }

  rows = rp_store_dump_table_sync (store, "messages", &columns, &error);
  if (rows == NULL)
    {
      g_printerr ("bench-fts: %s\n", error->message);
      return 1;
    }
  for (guint i = 0; columns[i] != NULL; i++)
    if (g_str_equal (columns[i], "content"))
      content_column = (int)i;
  if (content_column < 0 || rows->len == 0)
    {
      g_printerr ("bench-fts: no messages in %s\n", argv[1]);
      return 1;
    }

  while (words->len < n_queries)
    {
      /* A row is a GPtrArray of column texts (NULL for SQL NULL). */
      GPtrArray *row = g_ptr_array_index (rows, g_rand_int_range (rand, 0, (int)rows->len));
      const char *content = g_ptr_array_index (row, content_column);
      g_auto(GStrv) tokens = g_strsplit_set (content != NULL ? content : "",
                                             " ,.!?;:()\"'\n\t", -1);
      guint n = g_strv_length (tokens);
      const char *word;

      if (n == 0)
        continue;
      word = tokens[g_rand_int_range (rand, 0, (int)n)];
      if (g_utf8_strlen (word, -1) < 4)
        continue;
      g_ptr_array_add (words, g_strdup (word));
      /* A prefix as typed: the first three characters. */
      g_ptr_array_add (words, g_utf8_substring (word, 0, 3));
    }

  for (guint i = 0; i < words->len; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GPtrArray) found = rp_store_search_messages_sync (store, 0, g_ptr_array_index (words, i),
                                                                  50, &error);
      double ms = (g_get_monotonic_time () - start) / 1000.0;

      if (found == NULL)
        {
          g_printerr ("bench-fts: %s\n", error->message);
          return 1;
        }
      hits += found->len > 0;
      g_array_append_val (times, ms);
    }

  g_array_sort (times, compare_doubles);
  p50 = g_array_index (times, double, times->len / 2);
  p95 = g_array_index (times, double, (times->len * 95) / 100);
  max = g_array_index (times, double, times->len - 1);

  g_print ("BENCH fts_messages %u count goal=- ok\n", rows->len);
  g_print ("BENCH fts_queries_with_hits %.1f %% goal=- ok\n", 100.0 * hits / times->len);
  g_print ("BENCH fts_p50 %.2f ms goal=- ok\n", p50);
  g_print ("BENCH fts_p95 %.2f ms goal=50 %s\n", p95, p95 < 50 ? "ok" : "FAIL");
  g_print ("BENCH fts_max %.2f ms goal=- ok\n", max);

  rp_store_close (store);
  return 0;
}
