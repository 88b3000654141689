/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *rp_oauth_new_state           (void);
char *rp_oauth_build_authorize_url (const char  *base_url,
                                    const char  *app_key,
                                    const char  *redirect_uri,
                                    const char  *state);
char *rp_oauth_parse_pasted_code   (const char  *text,
                                    const char  *expected_state,
                                    GError     **error);
gboolean rp_oauth_state_equal      (const char  *a,
                                    const char  *b);

G_END_DECLS
