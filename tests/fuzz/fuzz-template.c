/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-fuzz"

#include "config.h"

#include <string.h>

#include "fuzz-target.h"
#include "rp-template.h"

/* The input is a template (a seller writes it), then, after a record separator (0x1e),
 * "name=value" lines: the values come from the marketplace (buyer names, addresses). */

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = rp_fuzz_strdup (data, size);
  g_autoptr(GHashTable) values = rp_template_values_new ();
  g_auto(GStrv) unknown = NULL;
  g_autoptr(GError) check_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rendered = NULL;
  char *separator = strchr (text, '\x1e');
  gboolean valid;

  if (separator != NULL)
    {
      g_auto(GStrv) lines = NULL;

      *separator = '\0';
      lines = g_strsplit (separator + 1, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          char *eq = strchr (lines[i], '=');

          if (eq == NULL)
            continue;
          *eq = '\0';
          g_hash_table_replace (values, g_strdup (lines[i]), g_strdup (eq + 1));
        }
    }

  valid = rp_template_check (text, &unknown, &check_error);
  g_assert (valid == (check_error == NULL));

  rendered = rp_template_render (text, values, &error);
  g_assert ((rendered == NULL) == (error != NULL));
  if (rendered != NULL)
    g_assert (g_utf8_validate (rendered, -1, NULL));
  return 0;
}
