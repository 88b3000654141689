/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rp-credentials.h"
#include "rp-marketplace.h"

G_BEGIN_DECLS

#define RP_ALIEXPRESS_DEFAULT_BASE_URL "https://api-sg.aliexpress.com"

#define RP_TYPE_ALIEXPRESS (rp_aliexpress_get_type ())

G_DECLARE_FINAL_TYPE (RpAliexpress, rp_aliexpress, RP, ALIEXPRESS, GObject)

RpAliexpress  *rp_aliexpress_new                     (const char          *base_url,
                                                      RpCredentials       *credentials,
                                                      GError             **error);
const char    *rp_aliexpress_get_base_url            (RpAliexpress        *self);
RpCredentials *rp_aliexpress_get_credentials         (RpAliexpress        *self);
gboolean       rp_aliexpress_get_needs_reauthorize   (RpAliexpress        *self);
void           rp_aliexpress_set_retry_policy        (RpAliexpress        *self,
                                                      guint                max_attempts,
                                                      guint                base_delay_ms,
                                                      guint                max_throttle_wait_s);
char          *rp_aliexpress_build_authorize_url     (RpAliexpress        *self,
                                                      const char          *redirect_uri,
                                                      const char          *state);
void           rp_aliexpress_authorize_async         (RpAliexpress        *self,
                                                      const char          *code,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean       rp_aliexpress_authorize_finish        (RpAliexpress        *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
void           rp_aliexpress_refresh_tokens_async    (RpAliexpress        *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean       rp_aliexpress_refresh_tokens_finish   (RpAliexpress        *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

G_END_DECLS
