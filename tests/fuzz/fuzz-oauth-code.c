/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-fuzz"

#include "config.h"

#include "fuzz-target.h"
#include "rp-oauth.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = rp_fuzz_strdup (data, size);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  code = rp_oauth_parse_pasted_code (text, "3f2a9c", &error);
  g_assert ((code == NULL) == (error != NULL));
  if (code != NULL)
    g_assert (*code != '\0');
  g_clear_error (&error);
  g_free (rp_oauth_parse_pasted_code (text, NULL, &error));
  return 0;
}
