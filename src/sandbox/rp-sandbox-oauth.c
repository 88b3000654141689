/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-sandbox"

#include "config.h"

#include "rp-sandbox-oauth.h"
#include "rp-sandbox-world.h"

#define CODE_LIFETIME_MS (30 * 60 * 1000)

typedef struct
{
  char   *access_token;
  char   *refresh_token;
  gint64  expire_ms;
  gint64  refresh_expire_ms;
} Token;

struct _RpSbOAuth
{
  gint64      ttl_ms;
  GHashTable *codes;     /* code -> expiry (gint64*) */
  GHashTable *access;    /* access token -> Token* (owned) */
  GHashTable *refresh;   /* refresh token -> Token* */
  GRand      *rand;
};

static void
token_free (gpointer data)
{
  Token *t = data;

  g_free (t->access_token);
  g_free (t->refresh_token);
  g_free (t);
}

RpSbOAuth *
rp_sb_oauth_new (gint64 token_ttl_seconds)
{
  RpSbOAuth *oauth = g_new0 (RpSbOAuth, 1);

  oauth->ttl_ms = MAX (1, token_ttl_seconds) * 1000;
  oauth->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  oauth->access = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, token_free);
  oauth->refresh = g_hash_table_new (g_str_hash, g_str_equal);
  /* Credentials must not be guessable from the world seed. */
  oauth->rand = g_rand_new ();

  return oauth;
}

void
rp_sb_oauth_free (RpSbOAuth *oauth)
{
  if (oauth == NULL)
    return;
  g_hash_table_unref (oauth->codes);
  g_hash_table_unref (oauth->refresh);
  g_hash_table_unref (oauth->access);
  g_rand_free (oauth->rand);
  g_free (oauth);
}

static char *
random_text (RpSbOAuth  *oauth,
             const char *prefix,
             guint       length)
{
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  GString *s = g_string_new (prefix);

  for (guint i = 0; i < length; i++)
    g_string_append_c (s, alphabet[g_rand_int_range (oauth->rand, 0, sizeof alphabet - 1)]);
  return g_string_free (s, FALSE);
}

char *
rp_sb_oauth_issue_code (RpSbOAuth *oauth,
                        gint64     now_ms)
{
  char *code = random_text (oauth, "3_", 24);
  gint64 *expiry = g_new (gint64, 1);

  *expiry = now_ms + CODE_LIFETIME_MS;
  g_hash_table_insert (oauth->codes, g_strdup (code), expiry);
  return code;
}

void
rp_sb_oauth_add_token (RpSbOAuth  *oauth,
                       const char *access_token,
                       const char *refresh_token,
                       gint64      expire_ms,
                       gint64      refresh_expire_ms)
{
  Token *t = g_new0 (Token, 1);

  t->access_token = g_strdup (access_token);
  t->refresh_token = g_strdup (refresh_token);
  t->expire_ms = expire_ms;
  t->refresh_expire_ms = refresh_expire_ms;
  g_hash_table_insert (oauth->access, t->access_token, t);
  g_hash_table_insert (oauth->refresh, t->refresh_token, t);
}

static void
write_token (RpSbJson    *json,
             const Token *t,
             gint64       now_ms)
{
  char user_id[32];

  g_snprintf (user_id, sizeof user_id, "%" G_GUINT64_FORMAT, RP_SB_SELLER_ID);
  rp_sb_json_begin_object (json, NULL);
  rp_sb_json_string (json, "access_token", t->access_token);
  rp_sb_json_string (json, "refresh_token", t->refresh_token);
  rp_sb_json_int (json, "expires_in", MAX (0, (t->expire_ms - now_ms) / 1000));
  rp_sb_json_int (json, "refresh_expires_in", MAX (0, (t->refresh_expire_ms - now_ms) / 1000));
  rp_sb_json_int (json, "expire_time", t->expire_ms);
  rp_sb_json_int (json, "refresh_token_valid_time", t->refresh_expire_ms);
  rp_sb_json_string (json, "user_id", user_id);
  rp_sb_json_string (json, "seller_id", user_id);
  rp_sb_json_string (json, "havana_id", user_id);
  rp_sb_json_string (json, "user_nick", RP_SB_SELLER_LOGIN_ID);
  rp_sb_json_string (json, "account", "seller@sandbox.invalid");
  rp_sb_json_string (json, "account_platform", "seller_center");
  rp_sb_json_string (json, "locale", "en_US");
  rp_sb_json_string (json, "sp", "ae");
  rp_sb_json_string (json, "code", "0");
}

gboolean
rp_sb_oauth_create (RpSbOAuth  *oauth,
                    const char *code,
                    gint64      now_ms,
                    RpSbJson   *json)
{
  gint64 *expiry;
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;

  if (code == NULL || (expiry = g_hash_table_lookup (oauth->codes, code)) == NULL || *expiry < now_ms)
    return FALSE;

  /* A code is good for one exchange only. */
  g_hash_table_remove (oauth->codes, code);
  access = random_text (oauth, "50000", 40);
  refresh = random_text (oauth, "50001", 40);
  rp_sb_oauth_add_token (oauth, access, refresh, now_ms + oauth->ttl_ms, now_ms + 2 * oauth->ttl_ms);
  write_token (json, g_hash_table_lookup (oauth->access, access), now_ms);
  return TRUE;
}

gboolean
rp_sb_oauth_refresh (RpSbOAuth  *oauth,
                     const char *refresh_token,
                     gint64      now_ms,
                     RpSbJson   *json)
{
  Token *old;
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;
  gint64 refresh_expire;

  if (refresh_token == NULL || (old = g_hash_table_lookup (oauth->refresh, refresh_token)) == NULL ||
      old->refresh_expire_ms < now_ms)
    return FALSE;

  /* A new access token with a fresh lifetime; the refresh token keeps its
   * original deadline, as the platform documents. */
  refresh = g_strdup (old->refresh_token);
  refresh_expire = old->refresh_expire_ms;
  g_hash_table_remove (oauth->refresh, refresh);
  g_hash_table_remove (oauth->access, old->access_token);
  access = random_text (oauth, "50000", 40);
  rp_sb_oauth_add_token (oauth, access, refresh, now_ms + oauth->ttl_ms, refresh_expire);
  write_token (json, g_hash_table_lookup (oauth->access, access), now_ms);
  return TRUE;
}

gboolean
rp_sb_oauth_check (RpSbOAuth  *oauth,
                   const char *access_token,
                   gint64      now_ms)
{
  Token *t;

  if (access_token == NULL || (t = g_hash_table_lookup (oauth->access, access_token)) == NULL)
    return FALSE;
  return t->expire_ms > now_ms;
}

void
rp_sb_oauth_write_state (RpSbOAuth *oauth,
                         RpSbJson  *json)
{
  GHashTableIter iter;
  gpointer value;

  rp_sb_json_begin_array (json, "tokens");
  g_hash_table_iter_init (&iter, oauth->access);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Token *t = value;

      rp_sb_json_begin_object (json, NULL);
      rp_sb_json_string (json, "access_token", t->access_token);
      rp_sb_json_string (json, "refresh_token", t->refresh_token);
      rp_sb_json_int (json, "expire_time", t->expire_ms);
      rp_sb_json_int (json, "refresh_token_valid_time", t->refresh_expire_ms);
      rp_sb_json_end_object (json);
    }
  rp_sb_json_end_array (json);
}
