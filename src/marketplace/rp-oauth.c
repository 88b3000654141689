/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-oauth"

#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "rp-marketplace-error.h"
#include "rp-oauth.h"

#define MAX_CODE_SIZE 512

/**
 * rp_oauth_new_state:
 *
 * Returns: (transfer full): 128 random bits as hex, to tie the redirect to this request
 */
char *
rp_oauth_new_state (void)
{
  GString *state = g_string_sized_new (32);

  for (guint i = 0; i < 4; i++)
    g_string_append_printf (state, "%08x", g_random_int ());

  return g_string_free (state, FALSE);
}

/* Compares in constant time so that the state cannot be guessed byte by byte. */
gboolean
rp_oauth_state_equal (const char *a,
                      const char *b)
{
  gsize len_a, len_b;
  guchar diff = 0;

  if (a == NULL || b == NULL)
    return FALSE;

  len_a = strlen (a);
  len_b = strlen (b);
  if (len_a != len_b)
    return FALSE;

  for (gsize i = 0; i < len_a; i++)
    diff |= (guchar)a[i] ^ (guchar)b[i];

  return diff == 0;
}

/**
 * rp_oauth_build_authorize_url:
 * @base_url: the gateway, without a trailing slash
 *
 * Returns: (transfer full): `/oauth/authorize?response_type=code&force_auth=true&
 *   redirect_uri=…&client_id=…&state=…`
 */
char *
rp_oauth_build_authorize_url (const char *base_url,
                              const char *app_key,
                              const char *redirect_uri,
                              const char *state)
{
  g_autofree char *redirect = NULL;
  g_autofree char *client = NULL;
  g_autofree char *escaped_state = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (app_key != NULL, NULL);
  g_return_val_if_fail (redirect_uri != NULL, NULL);
  g_return_val_if_fail (state != NULL, NULL);

  redirect = g_uri_escape_string (redirect_uri, NULL, FALSE);
  client = g_uri_escape_string (app_key, NULL, FALSE);
  escaped_state = g_uri_escape_string (state, NULL, FALSE);

  return g_strdup_printf ("%s/oauth/authorize?response_type=code&force_auth=true"
                          "&redirect_uri=%s&client_id=%s&state=%s",
                          base_url, redirect, client, escaped_state);
}

static gboolean
code_is_plausible (const char *code)
{
  gsize len = strlen (code);

  if (len == 0 || len > MAX_CODE_SIZE)
    return FALSE;

  for (const char *p = code; *p != '\0'; p++)
    if (!g_ascii_isgraph (*p) || *p == '&' || *p == '?' || *p == '#' || *p == '=')
      return FALSE;

  return TRUE;
}

/**
 * rp_oauth_parse_pasted_code:
 * @text: what the seller pasted: the bare code, or the whole redirect address
 * @expected_state: (nullable): the state sent with the authorization request
 *
 * For a pasted address the state must match when the address carries one, and an
 * `error` parameter (the seller declined) is reported as such.
 *
 * Returns: (transfer full): the authorization code
 */
char *
rp_oauth_parse_pasted_code (const char  *text,
                            const char  *expected_state,
                            GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autoptr(GHashTable) params = NULL;
  const char *query;
  const char *code;
  const char *state;
  const char *refusal;

  g_return_val_if_fail (text != NULL, NULL);

  trimmed = g_strstrip (g_strdup (text));

  query = strchr (trimmed, '?');
  if (query == NULL && strstr (trimmed, "code=") == NULL)
    {
      if (!code_is_plausible (trimmed))
        {
          g_set_error_literal (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_ARGUMENT,
                               "This is not an authorization code: paste the code or the whole "
                               "address the browser was sent to");
          return NULL;
        }
      return g_steal_pointer (&trimmed);
    }

  query = query != NULL ? query + 1 : trimmed;
  {
    g_autofree char *without_fragment = g_strndup (query, strcspn (query, "#"));

    params = g_uri_parse_params (without_fragment, -1, "&", G_URI_PARAMS_NONE, NULL);
  }
  if (params == NULL)
    {
      g_set_error_literal (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_ARGUMENT,
                           "The pasted address is malformed");
      return NULL;
    }

  refusal = g_hash_table_lookup (params, "error");
  if (refusal != NULL)
    {
      const char *description = g_hash_table_lookup (params, "error_description");

      g_set_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_AUTH_INVALID,
                   "The authorization was not granted: %.200s",
                   description != NULL ? description : refusal);
      return NULL;
    }

  state = g_hash_table_lookup (params, "state");
  if (expected_state != NULL && state != NULL && !rp_oauth_state_equal (state, expected_state))
    {
      g_set_error_literal (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_ARGUMENT,
                           "The pasted address belongs to another authorization request; start "
                           "again from the latest one");
      return NULL;
    }

  code = g_hash_table_lookup (params, "code");
  if (code == NULL || !code_is_plausible (code))
    {
      g_set_error_literal (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_ARGUMENT,
                           "The pasted address carries no authorization code");
      return NULL;
    }

  return g_strdup (code);
}
