/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-aliexpress-sign"

#include "config.h"

#include <string.h>

#include "rp-aliexpress-sign.h"

/**
 * rp_aliexpress_param_is_sendable:
 *
 * The official SDKs drop NULL, empty and whitespace-only values before sending and
 * signing; a value signed but not sent (or the reverse) would break the signature.
 */
gboolean
rp_aliexpress_param_is_sendable (const char *value)
{
  if (value == NULL)
    return FALSE;

  for (const char *p = value; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return TRUE;

  return FALSE;
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  /* ASCII order: strcmp compares unsigned bytes, which is what the platform does. */
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/**
 * rp_aliexpress_sign:
 * @secret: the app secret
 * @api_path: (nullable): the path prefix for `/rest` system calls, e.g. "/auth/token/create";
 *   %NULL for `/sync` business calls, which sign without a prefix
 * @params: (element-type utf8 utf8): every parameter that is sent (system and business)
 *
 * HMAC-SHA256 over `api_path` + the sorted `keyvalue` pairs, upper-case hex.
 * `sign` itself and unsendable values are skipped.
 *
 * Returns: (transfer full): the signature
 */
char *
rp_aliexpress_sign (const char *secret,
                    const char *api_path,
                    GHashTable *params)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GString) text = g_string_new (api_path != NULL ? api_path : "");
  g_autoptr(GHmac) hmac = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  char *hex;

  g_return_val_if_fail (secret != NULL, NULL);
  g_return_val_if_fail (params != NULL, NULL);

  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (g_strcmp0 (key, "sign") == 0 || !rp_aliexpress_param_is_sendable (value))
        continue;
      g_ptr_array_add (keys, key);
    }

  g_ptr_array_sort (keys, compare_keys);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *k = g_ptr_array_index (keys, i);

      g_string_append (text, k);
      g_string_append (text, g_hash_table_lookup (params, k));
    }

  hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *)secret, strlen (secret));
  g_hmac_update (hmac, (const guchar *)text->str, text->len);
  g_hmac_get_digest (hmac, digest, &digest_len);

  hex = g_malloc (digest_len * 2 + 1);
  for (gsize i = 0; i < digest_len; i++)
    {
      static const char digits[] = "0123456789ABCDEF";

      hex[2 * i] = digits[digest[i] >> 4];
      hex[2 * i + 1] = digits[digest[i] & 0xf];
    }
  hex[digest_len * 2] = '\0';

  return hex;
}
