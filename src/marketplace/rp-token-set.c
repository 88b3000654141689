/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-token-set"

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "rp-marketplace-error.h"
#include "rp-token-set.h"

/**
 * rp_secret_string_free:
 *
 * Overwrites a secret before freeing it so that it does not linger in freed memory.
 */
void
rp_secret_string_free (char *secret)
{
  if (secret == NULL)
    return;

  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

RpTokenSet *
rp_token_set_new (void)
{
  return g_new0 (RpTokenSet, 1);
}

void
rp_token_set_free (RpTokenSet *tokens)
{
  if (tokens == NULL)
    return;

  rp_secret_string_free (tokens->access_token);
  rp_secret_string_free (tokens->refresh_token);
  g_free (tokens->user_id);
  g_free (tokens->seller_id);
  g_free (tokens->user_nick);
  g_free (tokens->account);
  g_free (tokens->locale);
  g_free (tokens);
}

RpTokenSet *
rp_token_set_copy (const RpTokenSet *tokens)
{
  RpTokenSet *copy;

  if (tokens == NULL)
    return NULL;

  copy = g_memdup2 (tokens, sizeof *tokens);
  copy->access_token = g_strdup (tokens->access_token);
  copy->refresh_token = g_strdup (tokens->refresh_token);
  copy->user_id = g_strdup (tokens->user_id);
  copy->seller_id = g_strdup (tokens->seller_id);
  copy->user_nick = g_strdup (tokens->user_nick);
  copy->account = g_strdup (tokens->account);
  copy->locale = g_strdup (tokens->locale);
  return copy;
}

/**
 * rp_token_set_to_json:
 *
 * Returns: (transfer full): the token set as the JSON text stored in the Secret Service;
 *   free it with rp_secret_string_free()
 */
char *
rp_token_set_to_json (const RpTokenSet *tokens)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (tokens != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
#define ADD_STRING(name) \
  if (tokens->name != NULL) \
    { \
      json_builder_set_member_name (builder, #name); \
      json_builder_add_string_value (builder, tokens->name); \
    }
  ADD_STRING (access_token);
  ADD_STRING (refresh_token);
  ADD_STRING (user_id);
  ADD_STRING (seller_id);
  ADD_STRING (user_nick);
  ADD_STRING (account);
  ADD_STRING (locale);
#undef ADD_STRING
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_int_value (builder, tokens->expires_at);
  json_builder_set_member_name (builder, "refresh_expires_at");
  json_builder_add_int_value (builder, tokens->refresh_expires_at);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static gboolean
read_string (JsonObject  *object,
             const char  *name,
             gboolean     required,
             char       **out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (!required)
        return TRUE;
      g_set_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_NEEDS_REAUTHORIZE,
                   "The stored tokens lack “%s”; authorize the store again", name);
      return FALSE;
    }

  if (json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_NEEDS_REAUTHORIZE,
                   "The stored tokens are damaged (“%s”); authorize the store again", name);
      return FALSE;
    }

  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

/**
 * rp_token_set_from_json:
 *
 * Returns: (transfer full): the token set stored by rp_token_set_to_json(), or %NULL with
 *   %RP_MARKETPLACE_ERROR_NEEDS_REAUTHORIZE when the text is damaged
 */
RpTokenSet *
rp_token_set_from_json (const char  *json,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(RpTokenSet) tokens = rp_token_set_new ();
  JsonObject *object;
  JsonNode *root;

  g_return_val_if_fail (json != NULL, NULL);

  if (!g_utf8_validate (json, -1, NULL) ||
      !json_parser_load_from_data (parser, json, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_NEEDS_REAUTHORIZE,
                           "The stored tokens are damaged; authorize the store again");
      return NULL;
    }

  object = json_node_get_object (root);
  if (!read_string (object, "access_token", TRUE, &tokens->access_token, error) ||
      !read_string (object, "refresh_token", FALSE, &tokens->refresh_token, error) ||
      !read_string (object, "user_id", FALSE, &tokens->user_id, error) ||
      !read_string (object, "seller_id", FALSE, &tokens->seller_id, error) ||
      !read_string (object, "user_nick", FALSE, &tokens->user_nick, error) ||
      !read_string (object, "account", FALSE, &tokens->account, error) ||
      !read_string (object, "locale", FALSE, &tokens->locale, error))
    return NULL;

  tokens->expires_at = json_object_get_int_member_with_default (object, "expires_at", 0);
  tokens->refresh_expires_at = json_object_get_int_member_with_default (object, "refresh_expires_at", 0);

  return g_steal_pointer (&tokens);
}

/* The platform recommends refreshing 30 minutes before expiry; a token without a known
 * expiry is treated as expiring now, so that it is refreshed rather than trusted. */
gboolean
rp_token_set_needs_refresh (const RpTokenSet *tokens,
                            gint64            now_usec)
{
  g_return_val_if_fail (tokens != NULL, TRUE);

  return tokens->expires_at - RP_TOKEN_REFRESH_MARGIN <= now_usec;
}

gboolean
rp_token_set_can_refresh (const RpTokenSet *tokens,
                          gint64            now_usec)
{
  g_return_val_if_fail (tokens != NULL, FALSE);

  return tokens->refresh_token != NULL && tokens->refresh_token[0] != '\0' &&
         tokens->refresh_expires_at > now_usec;
}
