/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rp-sandbox-json.h"

G_BEGIN_DECLS

/* Authorization codes and tokens of the one sandbox seller.  Token times
 * are real (wall-clock) milliseconds: clients compare them with their own
 * clock, whatever the simulated clock says. */
typedef struct _RpSbOAuth RpSbOAuth;

RpSbOAuth *rp_sb_oauth_new          (gint64       token_ttl_seconds);
void       rp_sb_oauth_free         (RpSbOAuth   *oauth);
char      *rp_sb_oauth_issue_code   (RpSbOAuth   *oauth,
                                     gint64       now_ms);
gboolean   rp_sb_oauth_create       (RpSbOAuth   *oauth,
                                     const char  *code,
                                     gint64       now_ms,
                                     RpSbJson    *json);
gboolean   rp_sb_oauth_refresh      (RpSbOAuth   *oauth,
                                     const char  *refresh_token,
                                     gint64       now_ms,
                                     RpSbJson    *json);
gboolean   rp_sb_oauth_check        (RpSbOAuth   *oauth,
                                     const char  *access_token,
                                     gint64       now_ms);
void       rp_sb_oauth_write_state  (RpSbOAuth   *oauth,
                                     RpSbJson    *json);
void       rp_sb_oauth_add_token    (RpSbOAuth   *oauth,
                                     const char  *access_token,
                                     const char  *refresh_token,
                                     gint64       expire_ms,
                                     gint64       refresh_expire_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpSbOAuth, rp_sb_oauth_free)

G_END_DECLS
