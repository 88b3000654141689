/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-sandbox"

#include "config.h"

#include <string.h>

#include "rp-sandbox-sign.h"

static gboolean
value_is_blank (const char *value)
{
  /* The official SDKs never send (nor sign) empty or whitespace-only values. */
  if (value == NULL)
    return TRUE;
  for (; *value; value++)
    if (!g_ascii_isspace (*value))
      return FALSE;
  return TRUE;
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/**
 * rp_sb_sign:
 * @secret: the app secret
 * @api_path: (nullable): the path prefix for `/rest` style calls, or %NULL
 * @params: (element-type utf8 utf8): every request parameter; `sign` is ignored
 *
 * Computes the IOP HMAC-SHA256 signature: the API path (when it contains a
 * slash), then `keyvalue` for every non-empty parameter sorted by name in
 * byte order, keyed with the app secret, as upper-case hex.
 *
 * Returns: (transfer full): the signature
 */
char *
rp_sb_sign (const char *secret,
            const char *api_path,
            GHashTable *params)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GString) text = g_string_new (NULL);
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
      if (strcmp (key, "sign") == 0 || value_is_blank (value))
        continue;
      g_ptr_array_add (keys, key);
    }
  g_ptr_array_sort (keys, compare_keys);

  if (api_path != NULL && strchr (api_path, '/') != NULL)
    g_string_append (text, api_path);
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

gboolean
rp_sb_sign_verify (const char *secret,
                   const char *api_path,
                   GHashTable *params,
                   const char *signature)
{
  g_autofree char *expected = NULL;

  if (signature == NULL || *signature == '\0')
    return FALSE;

  expected = rp_sb_sign (secret, api_path, params);

  /* Clients print hex in either case; the platform documents upper case. */
  return g_ascii_strcasecmp (expected, signature) == 0;
}

/**
 * rp_sb_parse_timestamp:
 * @text: a timestamp as epoch milliseconds, or `2017-11-11T12:00:00Z`
 * @out_unix_ms: (out): the time in milliseconds since the epoch
 *
 * Returns: %TRUE if @text is one of the two documented forms
 */
gboolean
rp_sb_parse_timestamp (const char *text,
                       gint64     *out_unix_ms)
{
  g_autoptr(GDateTime) dt = NULL;
  guint64 ms;

  if (text == NULL || *text == '\0')
    return FALSE;

  if (g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &ms, NULL))
    {
      *out_unix_ms = (gint64)ms;
      return TRUE;
    }

  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    return FALSE;

  *out_unix_ms = g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
  return TRUE;
}
