/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-fuzz"

#include "config.h"

#include <glib.h>

#include "fuzz-target.h"

/* Runs every file of a fuzz target's corpus through the target, so that each input the
 * fuzzer ever found interesting (and each crash it found, once fixed) stays covered by a
 * build without clang. */

static const char *corpus_dir;

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

static void
test_corpus (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (corpus_dir, 0, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  /* A fixed order, so that a failure is the same on every machine. */
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (corpus_dir, names->pdata[i], NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      g_test_message ("%s", (const char *)names->pdata[i]);
      g_file_get_contents (path, &contents, &len, &error);
      g_assert_no_error (error);
      g_assert_cmpint (LLVMFuzzerTestOneInput ((const uint8_t *)contents, len), ==, 0);
    }

  /* An empty corpus would pass while testing nothing. */
  g_assert_cmpuint (names->len, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *test_path = NULL;
  g_autofree char *base = NULL;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (argc != 2)
    g_error ("usage: %s CORPUS-DIRECTORY", argv[0]);
  corpus_dir = argv[1];

  base = g_path_get_basename (corpus_dir);
  test_path = g_strdup_printf ("/rapport/fuzz/%s/corpus", base);
  g_test_add_func (test_path, test_corpus);

  return g_test_run ();
}
