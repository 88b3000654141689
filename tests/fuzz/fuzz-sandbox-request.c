/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-fuzz"

#include "config.h"

#include <libsoup/soup.h>

#include "fuzz-target.h"
#include "rp-sandbox-api.h"
#include "rp-sandbox-sign.h"
#include "rp-sandbox-world.h"

/* The sandbox reads a request the way its gateway does: a form-encoded parameter set
 * (query and body alike), its timestamp, its signature, then the business parameters,
 * some of which are JSON objects, handed to the method the request names. */

#define START G_GINT64_CONSTANT (1767225600)   /* 2026-01-01 00:00:00 UTC */

static RpSbWorld *world;

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = rp_fuzz_strdup (data, size);
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(GHashTable) params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  GHashTableIter iter;
  gpointer key, value;
  const char *method;
  gint64 ts_ms;

  if (world == NULL)
    {
      /* A small world, made once: a new one per input would leave no time for the input. */
      RpSbWorldConfig config = { 7, 40, 0, START };

      world = rp_sb_world_new (&config);
    }

  form = soup_form_decode (text);
  g_hash_table_iter_init (&iter, form);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      /* The gateway turns away parameters that are not UTF-8 before anything reads them. */
      if (!g_utf8_validate (key, -1, NULL) || !g_utf8_validate (value, -1, NULL))
        return 0;
      g_hash_table_replace (params, g_strdup (key), g_strdup (value));
    }

  rp_sb_parse_timestamp (g_hash_table_lookup (params, "timestamp"), &ts_ms);
  rp_sb_sign_verify ("sandbox-secret", NULL, params, g_hash_table_lookup (params, "sign"));
  method = g_hash_table_lookup (params, "method");
  if (method != NULL && method[0] == '/')
    {
      rp_sb_sign_verify ("sandbox-secret", method, params, g_hash_table_lookup (params, "sign"));
      return 0;
    }

  body = rp_sb_api_call (world, method, params, g_hash_table_contains (params, "simplify"),
                         "fuzz", NULL, &error);
  g_assert ((body == NULL) == (error != NULL));
  if (body != NULL)
    g_assert (g_utf8_validate (body, -1, NULL));
  return 0;
}
