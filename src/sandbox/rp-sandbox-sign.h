/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *rp_sb_sign                 (const char  *secret,
                                      const char  *api_path,
                                      GHashTable  *params);
gboolean  rp_sb_sign_verify          (const char  *secret,
                                      const char  *api_path,
                                      GHashTable  *params,
                                      const char  *signature);
gboolean  rp_sb_parse_timestamp      (const char  *text,
                                      gint64      *out_unix_ms);

G_END_DECLS
