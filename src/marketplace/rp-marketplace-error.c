/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-marketplace"

#include "config.h"

#include <string.h>

#include "rp-marketplace-error.h"

/* The error carries the marketplace's own code (e.g. "IllegalAccessToken") and, for
 * throttling, the wait the marketplace asked for, so that callers need not parse messages. */
typedef struct
{
  char  *remote_code;
  guint  retry_after;
} RpMarketplaceErrorPrivate;

static void
rp_marketplace_error_private_init (RpMarketplaceErrorPrivate *priv)
{
  priv->remote_code = NULL;
  priv->retry_after = 0;
}

static void
rp_marketplace_error_private_copy (const RpMarketplaceErrorPrivate *src,
                                   RpMarketplaceErrorPrivate       *dest)
{
  dest->remote_code = g_strdup (src->remote_code);
  dest->retry_after = src->retry_after;
}

static void
rp_marketplace_error_private_clear (RpMarketplaceErrorPrivate *priv)
{
  g_clear_pointer (&priv->remote_code, g_free);
}

G_DEFINE_EXTENDED_ERROR (RpMarketplaceError, rp_marketplace_error)

/**
 * rp_marketplace_error_new:
 * @remote_code: (nullable): the marketplace's error code
 * @retry_after_seconds: for THROTTLED, how long to wait before trying again
 *
 * Returns: (transfer full): a new error in %RP_MARKETPLACE_ERROR
 */
GError *
rp_marketplace_error_new (RpMarketplaceError  code,
                          const char         *remote_code,
                          guint               retry_after_seconds,
                          const char         *format,
                          ...)
{
  RpMarketplaceErrorPrivate *priv;
  GError *error;
  va_list args;

  va_start (args, format);
  error = g_error_new_valist (RP_MARKETPLACE_ERROR, code, format, args);
  va_end (args);

  priv = rp_marketplace_error_get_private (error);
  priv->remote_code = g_strdup (remote_code);
  priv->retry_after = retry_after_seconds;

  return error;
}

guint
rp_marketplace_error_get_retry_after (const GError *error)
{
  if (error == NULL || error->domain != RP_MARKETPLACE_ERROR)
    return 0;

  return rp_marketplace_error_get_private (error)->retry_after;
}

const char *
rp_marketplace_error_get_remote_code (const GError *error)
{
  if (error == NULL || error->domain != RP_MARKETPLACE_ERROR)
    return NULL;

  return rp_marketplace_error_get_private (error)->remote_code;
}

gboolean
rp_marketplace_error_is_transient (const GError *error)
{
  if (error == NULL || error->domain != RP_MARKETPLACE_ERROR)
    return FALSE;

  switch ((RpMarketplaceError)error->code)
    {
    case RP_MARKETPLACE_ERROR_NETWORK:
    case RP_MARKETPLACE_ERROR_TIMEOUT:
    case RP_MARKETPLACE_ERROR_SERVER:
    case RP_MARKETPLACE_ERROR_THROTTLED:
      return TRUE;

    case RP_MARKETPLACE_ERROR_AUTH_INVALID:
    case RP_MARKETPLACE_ERROR_NEEDS_REAUTHORIZE:
    case RP_MARKETPLACE_ERROR_SIGNATURE:
    case RP_MARKETPLACE_ERROR_APP_KEY:
    case RP_MARKETPLACE_ERROR_BUSINESS:
    case RP_MARKETPLACE_ERROR_INVALID_RESPONSE:
    case RP_MARKETPLACE_ERROR_TOO_LARGE:
    case RP_MARKETPLACE_ERROR_AMBIGUOUS:
    case RP_MARKETPLACE_ERROR_UNSUPPORTED:
    case RP_MARKETPLACE_ERROR_INVALID_ARGUMENT:
    default:
      return FALSE;
    }
}

/**
 * rp_marketplace_parse_ban_seconds:
 * @text: (nullable): a throttling message such as "This ban will last for 41 more seconds"
 *
 * Returns: the number of seconds in the message, or 0 when it names none
 */
guint
rp_marketplace_parse_ban_seconds (const char *text)
{
  const char *p;
  guint64 value = 0;
  guint digits = 0;

  if (text == NULL)
    return 0;

  p = strstr (text, "last for ");
  if (p == NULL)
    return 0;
  p += strlen ("last for ");

  while (g_ascii_isdigit (*p))
    {
      /* Saturate instead of overflowing on an absurd number. */
      value = MIN (value * 10 + (guint64)(*p - '0'), G_MAXUINT32);
      digits++;
      p++;
    }

  if (digits == 0 || !g_str_has_prefix (p, " more second"))
    return 0;

  /* A day at most: anything larger is a daily quota ban, which the caller reports. */
  return (guint)MIN (value, 86400);
}
