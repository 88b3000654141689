/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Refresh this long before the access token expires, as the platform recommends. */
#define RP_TOKEN_REFRESH_MARGIN (30 * G_TIME_SPAN_MINUTE)

/* The OAuth tokens of one seller account.  It lives in memory and in the Secret Service,
 * never anywhere else; the JSON form exists only to be stored as one secret. */
typedef struct
{
  char   *access_token;
  char   *refresh_token;
  gint64  expires_at;           /* UTC µs */
  gint64  refresh_expires_at;   /* UTC µs; 0 when the token cannot be refreshed */
  char   *user_id;
  char   *seller_id;
  char   *user_nick;
  char   *account;
  char   *locale;
} RpTokenSet;

RpTokenSet *rp_token_set_new           (void);
void        rp_token_set_free          (RpTokenSet       *tokens);
RpTokenSet *rp_token_set_copy          (const RpTokenSet *tokens);
char       *rp_token_set_to_json       (const RpTokenSet *tokens);
RpTokenSet *rp_token_set_from_json     (const char       *json,
                                        GError          **error);
gboolean    rp_token_set_needs_refresh (const RpTokenSet *tokens,
                                        gint64            now_usec);
gboolean    rp_token_set_can_refresh   (const RpTokenSet *tokens,
                                        gint64            now_usec);
void        rp_secret_string_free      (char             *secret);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpTokenSet, rp_token_set_free)

G_END_DECLS
