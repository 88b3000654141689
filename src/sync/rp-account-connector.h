/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rp-marketplace.h"
#include "rp-store.h"

G_BEGIN_DECLS

/* The marketplace word of an account on the demo marketplace: AliExpress's protocol at a
 * local rapport-sandbox, with its published credentials, so no secret is stored for it. */
#define RP_ACCOUNT_MARKETPLACE_ALIEXPRESS "aliexpress"
#define RP_ACCOUNT_MARKETPLACE_DEMO       "demo"

RpMarketplace *rp_account_connect        (const RpStoreAccount  *account,
                                          GCancellable          *cancellable,
                                          GError               **error);
char          *rp_account_fetch_code     (const char            *authorize_url,
                                          GCancellable          *cancellable,
                                          GError               **error);
gboolean       rp_account_is_loopback    (const char            *base_url);

G_END_DECLS
