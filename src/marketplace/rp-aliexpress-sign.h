/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  rp_aliexpress_param_is_sendable (const char *value);
char     *rp_aliexpress_sign              (const char *secret,
                                           const char *api_path,
                                           GHashTable *params);

G_END_DECLS
