/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

#define RP_SECRETS_ERROR (rp_secrets_error_quark ())

typedef enum
{
  RP_SECRETS_ERROR_NO_SERVICE,   /* no Secret Service on the session bus, or no bus */
  RP_SECRETS_ERROR_NOT_FOUND,
  RP_SECRETS_ERROR_FAILED,       /* e.g. the keyring stayed locked */
} RpSecretsError;

typedef enum
{
  RP_SECRET_KIND_APP_SECRET,
  RP_SECRET_KIND_TOKENS,
} RpSecretKind;

GQuark              rp_secrets_error_quark  (void);
const SecretSchema *rp_secrets_get_schema   (void);

void      rp_secrets_store_async   (const char           *account_id,
                                    const char           *app_key,
                                    RpSecretKind          kind,
                                    const char           *secret,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
gboolean  rp_secrets_store_finish  (GAsyncResult         *result,
                                    GError              **error);
void      rp_secrets_lookup_async  (const char           *account_id,
                                    const char           *app_key,
                                    RpSecretKind          kind,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
char     *rp_secrets_lookup_finish (GAsyncResult         *result,
                                    GError              **error);
void      rp_secrets_clear_async   (const char           *account_id,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
gboolean  rp_secrets_clear_finish  (GAsyncResult         *result,
                                    GError              **error);

G_END_DECLS
