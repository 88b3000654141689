/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-fuzz"

#include "config.h"

#include "fuzz-target.h"
#include <string.h>

#include "rp-conduct.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = rp_fuzz_strdup (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) findings = NULL;

  findings = rp_conduct_check (text, &error);
  g_assert ((findings == NULL) == (error != NULL));
  for (guint i = 0; findings != NULL && i < findings->len; i++)
    {
      RpConductFinding *finding = &g_array_index (findings, RpConductFinding, i);

      /* The spans are used to underline text in a GtkTextBuffer: they must lie inside it. */
      g_assert_cmpuint (finding->start, <=, finding->end);
      g_assert_cmpuint (finding->end, <=, strlen (text));
      g_assert_cmpint (finding->start_char, <=, finding->end_char);
      g_assert_cmpint (finding->end_char, <=, g_utf8_strlen (text, -1));
    }
  return 0;
}
