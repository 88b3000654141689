/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RP_MARKETPLACE_ERROR (rp_marketplace_error_quark ())

/* NETWORK, TIMEOUT, SERVER and THROTTLED are transient: the same request may succeed later.
 * AMBIGUOUS means a write was sent but no answer came, so it may have been applied: the
 * outbox must re-read before it resends. */
typedef enum
{
  RP_MARKETPLACE_ERROR_NETWORK,
  RP_MARKETPLACE_ERROR_TIMEOUT,
  RP_MARKETPLACE_ERROR_THROTTLED,
  RP_MARKETPLACE_ERROR_AUTH_INVALID,
  RP_MARKETPLACE_ERROR_NEEDS_REAUTHORIZE,
  RP_MARKETPLACE_ERROR_SIGNATURE,
  RP_MARKETPLACE_ERROR_APP_KEY,
  RP_MARKETPLACE_ERROR_BUSINESS,
  RP_MARKETPLACE_ERROR_INVALID_RESPONSE,
  RP_MARKETPLACE_ERROR_TOO_LARGE,
  RP_MARKETPLACE_ERROR_SERVER,
  RP_MARKETPLACE_ERROR_AMBIGUOUS,
  RP_MARKETPLACE_ERROR_UNSUPPORTED,
  RP_MARKETPLACE_ERROR_INVALID_ARGUMENT,
} RpMarketplaceError;

GQuark       rp_marketplace_error_quark             (void);

GError      *rp_marketplace_error_new               (RpMarketplaceError  code,
                                                     const char         *remote_code,
                                                     guint               retry_after_seconds,
                                                     const char         *format,
                                                     ...) G_GNUC_PRINTF (4, 5);
guint        rp_marketplace_error_get_retry_after   (const GError       *error);
const char  *rp_marketplace_error_get_remote_code   (const GError       *error);
gboolean     rp_marketplace_error_is_transient      (const GError       *error);
guint        rp_marketplace_parse_ban_seconds       (const char         *text);

G_END_DECLS
