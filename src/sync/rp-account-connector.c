/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-account-connector"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "rp-account-connector.h"
#include "rp-aliexpress.h"
#include "rp-demo.h"

/* These run on the sync engine's thread, which owns its thread-default context and may
 * wait on it: nothing else dispatches there. */

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  ((Wait *)data)->result = g_object_ref (result);
}

static void
wait_for (Wait *wait)
{
  GMainContext *context = g_main_context_get_thread_default ();

  while (wait->result == NULL)
    g_main_context_iteration (context, TRUE);
}

gboolean
rp_account_is_loopback (const char *base_url)
{
  g_autoptr(GUri) uri = base_url != NULL ? g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL) : NULL;
  const char *host;

  if (uri == NULL || (host = g_uri_get_host (uri)) == NULL)
    return FALSE;

  return g_str_equal (host, "127.0.0.1") || g_str_equal (host, "localhost") ||
         g_str_equal (host, "::1") || g_str_has_prefix (host, "127.");
}

/**
 * rp_account_fetch_code:
 * @authorize_url: an authorisation URL on a loopback marketplace
 *
 * A marketplace that approves at once (the sandbox) answers the authorisation page with a
 * redirect carrying the code; read it from there, without a browser.
 *
 * Returns: (transfer full): the code
 */
char *
rp_account_fetch_code (const char    *authorize_url,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GUri) location = NULL;
  g_autoptr(GHashTable) params = NULL;
  const char *header;
  const char *query;
  const char *code;

  if (!rp_account_is_loopback (authorize_url))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Only a local marketplace can be authorised without a browser"));
      return NULL;
    }

  session = soup_session_new_with_options ("timeout", 30, NULL);
  message = soup_message_new ("GET", authorize_url);
  if (message == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a valid address"), authorize_url);
      return NULL;
    }
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);

  stream = soup_session_send (session, message, cancellable, error);
  if (stream == NULL)
    return NULL;

  header = soup_message_headers_get_one (soup_message_get_response_headers (message), "Location");
  if (!SOUP_STATUS_IS_REDIRECTION (soup_message_get_status (message)) || header == NULL ||
      (location = g_uri_parse (header, G_URI_FLAGS_ENCODED_QUERY, NULL)) == NULL ||
      (query = g_uri_get_query (location)) == NULL ||
      (params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL)) == NULL ||
      (code = g_hash_table_lookup (params, "code")) == NULL || *code == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The marketplace did not approve the authorisation (HTTP %u)"),
                   soup_message_get_status (message));
      return NULL;
    }

  return g_strdup (code);
}

static RpCredentials *
load_credentials (const RpStoreAccount  *account,
                  GCancellable          *cancellable,
                  GError               **error)
{
  g_autofree char *account_id = g_strdup_printf ("%" G_GINT64_FORMAT, account->id);
  Wait wait = { NULL };
  RpCredentials *credentials;

  if (g_strcmp0 (account->marketplace, RP_ACCOUNT_MARKETPLACE_DEMO) == 0)
    return rp_credentials_new (account_id, RP_DEMO_APP_KEY, RP_DEMO_APP_SECRET, NULL, FALSE);

  rp_credentials_load_async (account_id, account->app_key, cancellable, wait_cb, &wait);
  wait_for (&wait);
  credentials = rp_credentials_load_finish (wait.result, error);
  g_object_unref (wait.result);

  return credentials;
}

/**
 * rp_account_connect:
 *
 * Makes the connector of @account on the calling thread, with its credentials from the
 * Secret Service (none for the demo, which signs in to the sandbox by itself).
 *
 * Returns: (transfer full): the connector
 */
RpMarketplace *
rp_account_connect (const RpStoreAccount  *account,
                    GCancellable          *cancellable,
                    GError               **error)
{
  g_autoptr(RpCredentials) credentials = NULL;
  g_autoptr(RpAliexpress) connector = NULL;

  g_return_val_if_fail (account != NULL, NULL);

  credentials = load_credentials (account, cancellable, error);
  if (credentials == NULL)
    return NULL;

  connector = rp_aliexpress_new (account->base_url, credentials, error);
  if (connector == NULL)
    return NULL;

  if (g_strcmp0 (account->marketplace, RP_ACCOUNT_MARKETPLACE_DEMO) == 0 &&
      !rp_credentials_has_tokens (credentials))
    {
      g_autofree char *url = NULL;
      g_autofree char *code = NULL;
      g_autofree char *state = g_uuid_string_random ();
      Wait wait = { NULL };
      gboolean ok;

      /* The redirect never reaches a listener: the code is read from the redirect itself. */
      url = rp_aliexpress_build_authorize_url (connector, "http://127.0.0.1/callback", state);
      code = rp_account_fetch_code (url, cancellable, error);
      if (code == NULL)
        return NULL;

      rp_aliexpress_authorize_async (connector, code, cancellable, wait_cb, &wait);
      wait_for (&wait);
      ok = rp_aliexpress_authorize_finish (connector, wait.result, error);
      g_object_unref (wait.result);
      if (!ok)
        return NULL;
    }

  return RP_MARKETPLACE (g_steal_pointer (&connector));
}
