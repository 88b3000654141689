/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-oauth-listener"

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "rp-marketplace-error.h"
#include "rp-oauth.h"
#include "rp-oauth-listener.h"

/* Catches the OAuth redirect on http://127.0.0.1:PORT/callback.  It listens on the
 * loopback interface only, answers requests whose state does not match with an error
 * page (and keeps waiting), and hands over the first valid code. */

struct _RpOAuthListener
{
  GObject     parent_instance;

  SoupServer *server;
  char       *state;
  char       *redirect_uri;
  GTask      *waiter;
  char       *code;
  GError     *error;
  gulong      cancelled_id;
};

G_DEFINE_FINAL_TYPE (RpOAuthListener, rp_oauth_listener, G_TYPE_OBJECT)

static const char page_done[] =
  "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Rapport</title></head>"
  "<body style=\"font-family: sans-serif; text-align: center; margin-top: 4em\">"
  "<h1>Rapport is connected</h1><p>You can close this window.</p></body></html>";

static const char page_refused[] =
  "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Rapport</title></head>"
  "<body style=\"font-family: sans-serif; text-align: center; margin-top: 4em\">"
  "<h1>Not connected</h1><p>The store was not authorized. You can close this window "
  "and try again from Rapport.</p></body></html>";

static const char page_foreign[] =
  "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Rapport</title></head>"
  "<body style=\"font-family: sans-serif; text-align: center; margin-top: 4em\">"
  "<h1>Unknown request</h1><p>This link does not belong to the authorization Rapport "
  "is waiting for.</p></body></html>";

static void
complete (RpOAuthListener *self)
{
  g_autoptr(GTask) waiter = g_steal_pointer (&self->waiter);

  if (waiter == NULL)
    return;

  if (self->cancelled_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (waiter), self->cancelled_id);
  self->cancelled_id = 0;

  if (self->error != NULL)
    g_task_return_error (waiter, g_error_copy (self->error));
  else
    g_task_return_pointer (waiter, g_strdup (self->code), g_free);
}

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *page)
{
  soup_server_message_set_status (msg, status, NULL);
  /* The listener goes away right after; no connection should outlive it. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_STATIC,
                                    page, strlen (page));
}

static void
callback_handler (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  RpOAuthListener *self = user_data;
  const char *state = query != NULL ? g_hash_table_lookup (query, "state") : NULL;
  const char *code = query != NULL ? g_hash_table_lookup (query, "code") : NULL;
  const char *refusal = query != NULL ? g_hash_table_lookup (query, "error") : NULL;

  if (g_strcmp0 (soup_server_message_get_method (msg), SOUP_METHOD_GET) != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }

  if (!rp_oauth_state_equal (state, self->state))
    {
      respond (msg, SOUP_STATUS_BAD_REQUEST, page_foreign);
      return;
    }

  if (self->code != NULL || self->error != NULL)
    {
      /* A reload of the page after success: same answer, nothing new. */
      respond (msg, SOUP_STATUS_OK, self->code != NULL ? page_done : page_refused);
      return;
    }

  if (refusal != NULL || code == NULL || *code == '\0' || strlen (code) > 512)
    {
      const char *description = query != NULL ? g_hash_table_lookup (query, "error_description") : NULL;

      self->error = g_error_new (RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_AUTH_INVALID,
                                 "The authorization was not granted: %.200s",
                                 description != NULL ? description :
                                 refusal != NULL ? refusal : "no code came back");
      respond (msg, SOUP_STATUS_OK, page_refused);
    }
  else
    {
      self->code = g_strdup (code);
      respond (msg, SOUP_STATUS_OK, page_done);
    }

  complete (self);
}

static void
rp_oauth_listener_finalize (GObject *object)
{
  RpOAuthListener *self = (RpOAuthListener *)object;

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_free (self->state);
  g_free (self->redirect_uri);
  g_free (self->code);
  g_clear_error (&self->error);
  g_assert (self->waiter == NULL);

  G_OBJECT_CLASS (rp_oauth_listener_parent_class)->finalize (object);
}

static void
rp_oauth_listener_class_init (RpOAuthListenerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_oauth_listener_finalize;
}

static void
rp_oauth_listener_init (RpOAuthListener *self)
{
}

/**
 * rp_oauth_listener_new:
 * @state: the state sent with the authorization request
 *
 * Starts listening on 127.0.0.1 at a free port, in the thread-default main context.
 */
RpOAuthListener *
rp_oauth_listener_new (const char  *state,
                       GError     **error)
{
  g_autoptr(RpOAuthListener) self = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  GSList *uris;

  g_return_val_if_fail (state != NULL && *state != '\0', NULL);

  self = g_object_new (RP_TYPE_OAUTH_LISTENER, NULL);
  self->state = g_strdup (state);
  self->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->server, "/callback", callback_handler, self, NULL);

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, 0);
  if (!soup_server_listen (self->server, address, 0, error))
    return NULL;

  uris = soup_server_get_uris (self->server);
  g_assert (uris != NULL);
  self->redirect_uri = g_strdup_printf ("http://127.0.0.1:%d/callback", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  return g_steal_pointer (&self);
}

/**
 * rp_oauth_listener_get_redirect_uri:
 *
 * Returns: the `redirect_uri` to put in the authorization address
 */
const char *
rp_oauth_listener_get_redirect_uri (RpOAuthListener *self)
{
  g_return_val_if_fail (RP_IS_OAUTH_LISTENER (self), NULL);

  return self->redirect_uri;
}

static void
wait_cancelled_cb (GCancellable    *cancellable,
                   RpOAuthListener *self)
{
  g_autoptr(GTask) waiter = g_steal_pointer (&self->waiter);

  /* Runs inside g_cancellable_cancel(); the handler id is dropped, not disconnected. */
  self->cancelled_id = 0;
  if (waiter != NULL)
    g_task_return_new_error (waiter, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             "Stopped waiting for the authorization");
}

/**
 * rp_oauth_listener_wait_async:
 *
 * Waits for the browser to come back with the code.  One wait at a time.
 */
void
rp_oauth_listener_wait_async (RpOAuthListener     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RP_IS_OAUTH_LISTENER (self));
  g_return_if_fail (self->waiter == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rp_oauth_listener_wait_async);
  self->waiter = g_steal_pointer (&task);

  if (self->code != NULL || self->error != NULL)
    {
      complete (self);
      return;
    }

  if (cancellable != NULL)
    self->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (wait_cancelled_cb),
                                                self, NULL);
}

/**
 * rp_oauth_listener_wait_finish:
 *
 * Returns: (transfer full): the authorization code
 */
char *
rp_oauth_listener_wait_finish (RpOAuthListener  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
