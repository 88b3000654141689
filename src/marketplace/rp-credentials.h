/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rp-token-set.h"

G_BEGIN_DECLS

#define RP_TYPE_CREDENTIALS (rp_credentials_get_type ())

G_DECLARE_FINAL_TYPE (RpCredentials, rp_credentials, RP, CREDENTIALS, GObject)

RpCredentials *rp_credentials_new                 (const char          *account_id,
                                                   const char          *app_key,
                                                   const char          *app_secret,
                                                   const RpTokenSet    *tokens,
                                                   gboolean             persistent);
void           rp_credentials_load_async          (const char          *account_id,
                                                   const char          *app_key,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
RpCredentials *rp_credentials_load_finish         (GAsyncResult        *result,
                                                   GError             **error);
void           rp_credentials_save_app_secret_async (RpCredentials     *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean       rp_credentials_save_app_secret_finish (RpCredentials    *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
const char    *rp_credentials_get_account_id      (RpCredentials       *self);
const char    *rp_credentials_get_app_key         (RpCredentials       *self);
gboolean       rp_credentials_get_persistent      (RpCredentials       *self);
char          *rp_credentials_dup_app_secret      (RpCredentials       *self);
RpTokenSet    *rp_credentials_dup_tokens          (RpCredentials       *self);
gboolean       rp_credentials_has_tokens          (RpCredentials       *self);
void           rp_credentials_update_tokens_async (RpCredentials       *self,
                                                   const RpTokenSet    *tokens,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean       rp_credentials_update_tokens_finish (RpCredentials      *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

G_END_DECLS
