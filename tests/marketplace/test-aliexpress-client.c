/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-aliexpress-client"

#include "config.h"

/* SCHED_IDLE */
#ifdef __linux__
#define _GNU_SOURCE
#endif

#include <string.h>
#ifdef __linux__
#include <sched.h>
#endif
#include <libsoup/soup.h>

#include "rp-aliexpress.h"
#include "rp-aliexpress-sign.h"
#include "rp-oauth.h"
#include "rp-oauth-listener.h"

/* The HTTP client against a SoupServer that runs in its own thread on 127.0.0.1:0. */

#ifndef __has_feature
#define __has_feature(x) 0
#endif
#if defined (__SANITIZE_ADDRESS__) || __has_feature (address_sanitizer)
#define RUNNING_WITH_ASAN TRUE
#else
#define RUNNING_WITH_ASAN FALSE
#endif

#define APP_KEY    "test-app"
#define APP_SECRET "test-secret"

typedef struct _TestServer TestServer;

typedef void (*Responder) (TestServer        *server,
                           SoupServerMessage *msg,
                           const char        *path,
                           GHashTable        *params,
                           guint              n);

struct _TestServer
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *soup;
  char         *base_url;

  GMutex        lock;
  GCond         cond;
  gboolean      ready;

  Responder     respond;
  guint         n_requests;          /* atomic */
  GPtrArray    *paths;               /* guarded by lock */
  GPtrArray    *tokens;              /* session/access_token seen, guarded by lock */
  GPtrArray    *bodies;              /* business parameters seen, guarded by lock */
  gboolean      bad_signature;
};

typedef struct
{
  TestServer     server;
  RpCredentials *credentials;
  RpAliexpress  *client;
} Fixture;

static char *
fixture_text (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("RAPPORT_MARKETPLACE_FIXTURES"), name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
respond_json (SoupServerMessage *msg,
              const char        *json)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

static void
respond_fixture (SoupServerMessage *msg,
                 const char        *name)
{
  g_autofree char *json = fixture_text (name);

  respond_json (msg, json);
}

static void
drop_connection (SoupServerMessage *msg)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  g_io_stream_close (stream, NULL, NULL);
}

static void
server_cb (SoupServer        *soup,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  TestServer *server = user_data;
  g_autoptr(GHashTable) params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) body_params = NULL;
  g_autoptr(GHashTable) unsigned_params = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *body_text = NULL;
  const char *prefix = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint n;

  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);

  body = soup_message_body_flatten (request_body);
  body_text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  body_params = soup_form_decode (body_text);

  if (query != NULL)
    {
      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (params, g_strdup (key), g_strdup (value));
    }
  g_hash_table_iter_init (&iter, body_params);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (params, g_strdup (key), g_strdup (value));

  /* System parameters in the query, business parameters in the body, all signed. */
  if (g_str_has_prefix (path, "/rest/"))
    prefix = path + strlen ("/rest");
  unsigned_params = g_hash_table_ref (params);
  expected = rp_aliexpress_sign (APP_SECRET, prefix, unsigned_params);

  n = g_atomic_int_add (&server->n_requests, 1) + 1;

  g_mutex_lock (&server->lock);
  g_ptr_array_add (server->paths, g_strdup (path));
  g_ptr_array_add (server->tokens, g_strdup (g_hash_table_lookup (params, prefix != NULL ? "access_token" : "session")));
  g_ptr_array_add (server->bodies, g_strdup (body_text));
  if (g_strcmp0 (expected, g_hash_table_lookup (params, "sign")) != 0 ||
      g_strcmp0 (g_hash_table_lookup (params, "app_key"), APP_KEY) != 0 ||
      g_strcmp0 (g_hash_table_lookup (params, "sign_method"), "sha256") != 0 ||
      query == NULL || g_hash_table_lookup (query, "sign") == NULL ||
      g_hash_table_lookup (query, "timestamp") == NULL)
    server->bad_signature = TRUE;
  g_mutex_unlock (&server->lock);

  server->respond (server, msg, path, params, n);
}

static gpointer
server_thread (gpointer data)
{
  TestServer *server = data;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (server->context);

  server->soup = soup_server_new (NULL, NULL);
  soup_server_add_handler (server->soup, NULL, server_cb, server, NULL);
  soup_server_listen (server->soup, address, 0, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (server->soup);
  server->base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  g_mutex_lock (&server->lock);
  server->ready = TRUE;
  g_cond_signal (&server->cond);
  g_mutex_unlock (&server->lock);

  g_main_loop_run (server->loop);

  soup_server_disconnect (server->soup);
  g_clear_object (&server->soup);
  g_main_context_pop_thread_default (server->context);

  return NULL;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  TestServer *server = &fixture->server;
  g_autoptr(RpTokenSet) tokens = rp_token_set_new ();
  g_autoptr(GError) error = NULL;

  g_mutex_init (&server->lock);
  g_cond_init (&server->cond);
  server->context = g_main_context_new ();
  server->loop = g_main_loop_new (server->context, FALSE);
  server->paths = g_ptr_array_new_with_free_func (g_free);
  server->tokens = g_ptr_array_new_with_free_func (g_free);
  server->bodies = g_ptr_array_new_with_free_func (g_free);
  server->thread = g_thread_new ("test-server", server_thread, server);

  g_mutex_lock (&server->lock);
  while (!server->ready)
    g_cond_wait (&server->cond, &server->lock);
  g_mutex_unlock (&server->lock);

  tokens->access_token = g_strdup ("token-1");
  tokens->refresh_token = g_strdup ("refresh-1");
  tokens->expires_at = g_get_real_time () + 24 * G_TIME_SPAN_HOUR;
  tokens->refresh_expires_at = g_get_real_time () + 48 * G_TIME_SPAN_HOUR;
  tokens->user_nick = g_strdup ("cn1000001seller");

  fixture->credentials = rp_credentials_new ("account-1", APP_KEY, APP_SECRET, tokens, FALSE);
  fixture->client = g_initable_new (RP_TYPE_ALIEXPRESS, NULL, &error,
                                    "base-url", server->base_url,
                                    "credentials", fixture->credentials,
                                    "timeout", 2,
                                    NULL);
  g_assert_no_error (error);
  rp_aliexpress_set_retry_policy (fixture->client, 4, 10, 5);
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  TestServer *server = &fixture->server;

  g_clear_object (&fixture->client);
  g_clear_object (&fixture->credentials);

  g_main_context_invoke (server->context, quit_cb, server->loop);
  g_thread_join (server->thread);
  g_main_loop_unref (server->loop);
  g_main_context_unref (server->context);
  g_free (server->base_url);
  g_ptr_array_unref (server->paths);
  g_ptr_array_unref (server->tokens);
  g_ptr_array_unref (server->bodies);
  g_mutex_clear (&server->lock);
  g_cond_clear (&server->cond);

  /* Let the client's cancelled or closed sources run down. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static guint
n_requests (Fixture *fixture)
{
  return g_atomic_int_get (&fixture->server.n_requests);
}

static const char *
request_path (Fixture *fixture,
              guint    i)
{
  g_assert_cmpuint (i, <, fixture->server.paths->len);
  return g_ptr_array_index (fixture->server.paths, i);
}

static RpMarketplacePage *
list_orders (Fixture  *fixture,
             GError  **error)
{
  g_autoptr(RpOrderQuery) query = rp_order_query_new ();
  g_autoptr(GAsyncResult) result = NULL;

  query->page_size = 2;
  rp_marketplace_list_orders_async (RP_MARKETPLACE (fixture->client), query, NULL,
                                    store_result_cb, &result);
  return rp_marketplace_list_orders_finish (RP_MARKETPLACE (fixture->client),
                                            wait_result (&result), error);
}

static char *
send_message (Fixture  *fixture,
              GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rp_marketplace_send_message_async (RP_MARKETPLACE (fixture->client), "8190000000000001",
                                     "fr1234567abcd", "8190000000000001", "Bonjour <b>!</b>",
                                     NULL, store_result_cb, &result);
  return rp_marketplace_send_message_finish (RP_MARKETPLACE (fixture->client),
                                             wait_result (&result), error);
}

/* A plain call: request shape, signature, and the parsed page. */

static void
respond_orders (TestServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *params,
                guint              n)
{
  respond_fixture (msg, "orders-list.json");
}

static void
test_list_orders (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(RpOrderQuery) query = rp_order_query_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RpMarketplacePage) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) body = NULL;
  const char *json;

  fixture->server.respond = respond_orders;

  query->modified_from = G_GINT64_CONSTANT (1710064799) * G_USEC_PER_SEC;  /* 2024-03-10 09:59:59Z */
  query->modified_to = G_GINT64_CONSTANT (1710064800) * G_USEC_PER_SEC;    /* 2024-03-10 10:00:00Z */
  query->statuses = g_strsplit ("WAIT_SELLER_SEND_GOODS,IN_CANCEL", ",", -1);
  query->page = 2;
  query->page_size = 500;

  rp_marketplace_list_orders_async (RP_MARKETPLACE (fixture->client), query, NULL,
                                    store_result_cb, &result);
  page = rp_marketplace_list_orders_finish (RP_MARKETPLACE (fixture->client),
                                            wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, 2);
  g_assert_cmpstr (((RpOrder *)g_ptr_array_index (page->items, 0))->order_id, ==, "8190000000000001");

  g_assert_cmpuint (n_requests (fixture), ==, 1);
  g_assert_false (fixture->server.bad_signature);
  g_assert_cmpstr (request_path (fixture, 0), ==, "/sync");
  g_assert_cmpstr (g_ptr_array_index (fixture->server.tokens, 0), ==, "token-1");

  /* Business parameters travel in the form body; times in US Pacific across the DST jump. */
  body = soup_form_decode (g_ptr_array_index (fixture->server.bodies, 0));
  json = g_hash_table_lookup (body, "param_aeop_order_query");
  g_assert_nonnull (json);
  g_assert_nonnull (strstr (json, "\"current_page\":2"));
  g_assert_nonnull (strstr (json, "\"page_size\":50"));
  g_assert_nonnull (strstr (json, "\"modified_date_start\":\"2024-03-10 01:59:59\""));
  g_assert_nonnull (strstr (json, "\"modified_date_end\":\"2024-03-10 03:00:00\""));
  g_assert_nonnull (strstr (json, "\"order_status_list\":[\"WAIT_SELLER_SEND_GOODS\",\"IN_CANCEL\"]"));
}

/* Reads are retried after a 500; writes are not. */

static void
respond_500_twice (TestServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *params,
                   guint              n)
{
  if (n <= 2)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      return;
    }

  if (g_strcmp0 (g_hash_table_lookup (params, "method"), "aliexpress.message.redefining.versiontwo.addmsg") == 0)
    respond_fixture (msg, "addmsg.json");
  else
    respond_fixture (msg, "orders-list.json");
}

static void
test_retry_500_read (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(RpMarketplacePage) page = NULL;
  g_autoptr(GError) error = NULL;

  fixture->server.respond = respond_500_twice;
  page = list_orders (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, 2);
  g_assert_cmpuint (n_requests (fixture), ==, 3);
}

static void
respond_500_always (TestServer        *server,
                    SoupServerMessage *msg,
                    const char        *path,
                    GHashTable        *params,
                    guint              n)
{
  soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
}

static void
test_retry_gives_up (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(RpMarketplacePage) page = NULL;
  g_autoptr(GError) error = NULL;

  fixture->server.respond = respond_500_always;
  page = list_orders (fixture, &error);
  g_assert_null (page);
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_SERVER);
  g_assert_true (rp_marketplace_error_is_transient (error));
  g_assert_cmpuint (n_requests (fixture), ==, 4);
}

static void
test_write_500_ambiguous (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;

  fixture->server.respond = respond_500_twice;
  id = send_message (fixture, &error);
  g_assert_null (id);
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_AMBIGUOUS);
  g_assert_cmpuint (n_requests (fixture), ==, 1);
}

static void
respond_drop (TestServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *params,
              guint              n)
{
  drop_connection (msg);
}

static void
test_write_dropped_ambiguous (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) body = NULL;

  fixture->server.respond = respond_drop;
  id = send_message (fixture, &error);
  g_assert_null (id);
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_AMBIGUOUS);
  g_assert_false (rp_marketplace_error_is_transient (error));
  g_assert_cmpuint (n_requests (fixture), ==, 1);

  /* The server did receive the whole message: that is why it is ambiguous. */
  body = soup_form_decode (g_ptr_array_index (fixture->server.bodies, 0));
  g_assert_nonnull (strstr (g_hash_table_lookup (body, "create_param"), "Bonjour <b>!</b>"));
}

static void
test_read_dropped_retried (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(RpMarketplacePage) page = NULL;
  g_autoptr(GError) error = NULL;

  fixture->server.respond = respond_drop;
  page = list_orders (fixture, &error);
  g_assert_null (page);
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_NETWORK);
  g_assert_cmpuint (n_requests (fixture), >=, 4);
}

static void
test_write_unreachable (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RpAliexpress) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *url = NULL;
  g_autofree char *id = NULL;

  /* A port that was free a moment ago: nothing listens there. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  url = g_strdup_printf ("http://127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  client = rp_aliexpress_new (url, fixture->credentials, &error);
  g_assert_no_error (error);

  rp_marketplace_send_message_async (RP_MARKETPLACE (client), "1", "buyer", NULL, "hello", NULL,
                                     store_result_cb, &result);
  id = rp_marketplace_send_message_finish (RP_MARKETPLACE (client), wait_result (&result), &error);
  g_assert_null (id);
  /* Never sent, so safe to send again: not ambiguous. */
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_NETWORK);
}

static gboolean cancel_cb (gpointer data);

/* Timeouts. */

static void
respond_never (TestServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *params,
               guint              n)
{
  soup_server_message_pause (msg);
}

static void
test_timeout (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(RpMarketplacePage) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  gint64 start;

  fixture->server.respond = respond_never;
  rp_aliexpress_set_retry_policy (fixture->client, 1, 10, 5);

  start = g_get_monotonic_time ();
  page = list_orders (fixture, &error);
  g_assert_null (page);
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 1 * G_USEC_PER_SEC);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_clear_error (&error);

  /* A write that timed out after it was sent may have been applied. */
  id = send_message (fixture, &error);
  g_assert_null (id);
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_AMBIGUOUS);
}

static void
test_cancelled_write_ambiguous (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  /* The server holds the answer; the caller gives up after the message went out. */
  fixture->server.respond = respond_never;
  g_timeout_add (300, cancel_cb, cancellable);
  rp_marketplace_send_message_async (RP_MARKETPLACE (fixture->client), "1", "buyer", NULL, "hello",
                                     cancellable, store_result_cb, &result);
  id = rp_marketplace_send_message_finish (RP_MARKETPLACE (fixture->client), wait_result (&result), &error);
  g_assert_null (id);
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_AMBIGUOUS);
  g_assert_cmpuint (n_requests (fixture), ==, 1);
}

static void
respond_redirect (TestServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *params,
                  guint              n)
{
  soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, "http://example.invalid/sync");
}

static void
test_redirect_not_followed (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(RpMarketplacePage) page = NULL;
  g_autoptr(GError) error = NULL;

  fixture->server.respond = respond_redirect;
  page = list_orders (fixture, &error);
  g_assert_null (page);
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (error->message, "redirect"));
  g_assert_cmpuint (n_requests (fixture), ==, 1);
}

/* Throttling: "This ban will last for N more seconds" means waiting N+1. */

static void
respond_throttle_once (TestServer        *server,
                       SoupServerMessage *msg,
                       const char        *path,
                       GHashTable        *params,
                       guint              n)
{
  if (n == 1)
    respond_json (msg, "{\"type\":\"ISV\",\"code\":\"ApiCallLimit\","
                       "\"message\":\"This ban will last for 1 more seconds\",\"request_id\":\"t1\"}");
  else
    respond_fixture (msg, "orders-list.json");
}

static void
test_throttle_wait (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(RpMarketplacePage) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  fixture->server.respond = respond_throttle_once;
  page = list_orders (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, 2);
  g_assert_cmpuint (n_requests (fixture), ==, 2);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 2 * G_USEC_PER_SEC);
}

static void
respond_throttle_long (TestServer        *server,
                       SoupServerMessage *msg,
                       const char        *path,
                       GHashTable        *params,
                       guint              n)
{
  respond_fixture (msg, "error-top-throttle.json");
}

static void
test_throttle_too_long (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(RpMarketplacePage) page = NULL;
  g_autoptr(GError) error = NULL;

  /* 41 s is more than this client waits out: the caller gets the wait to schedule. */
  fixture->server.respond = respond_throttle_long;
  page = list_orders (fixture, &error);
  g_assert_null (page);
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_THROTTLED);
  g_assert_cmpuint (rp_marketplace_error_get_retry_after (error), ==, 42);
  g_assert_cmpuint (n_requests (fixture), ==, 1);
}

static void
respond_throttle_always (TestServer        *server,
                         SoupServerMessage *msg,
                         const char        *path,
                         GHashTable        *params,
                         guint              n)
{
  respond_fixture (msg, "error-api-call-limit.json");
}

static void
test_throttled_write (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;

  /* A throttled write was refused, not applied: the caller gets the wait, no retry here. */
  fixture->server.respond = respond_throttle_always;
  id = send_message (fixture, &error);
  g_assert_null (id);
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_THROTTLED);
  g_assert_cmpuint (rp_marketplace_error_get_retry_after (error), ==, 6);
  g_assert_cmpuint (n_requests (fixture), ==, 1);
}

static void
respond_429_once (TestServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *params,
                  guint              n)
{
  if (n == 1)
    {
      soup_server_message_set_status (msg, 429, NULL);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "0");
      return;
    }

  respond_fixture (msg, "orders-list.json");
}

static void
test_http_429 (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(RpMarketplacePage) page = NULL;
  g_autoptr(GError) error = NULL;

  fixture->server.respond = respond_429_once;
  page = list_orders (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, 2);
  g_assert_cmpuint (n_requests (fixture), ==, 2);
}

/* Size cap, checked while reading a body without a length. */

static void
respond_huge (TestServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *params,
              guint              n)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  gsize chunk_size = 1024 * 1024;
  char *chunk = g_malloc (chunk_size);

  memset (chunk, ' ', chunk_size);
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                     SOUP_ENCODING_CHUNKED);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_body_append (body, SOUP_MEMORY_COPY, "{\"x\":\"", 6);
  for (guint i = 0; i < 40; i++)
    soup_message_body_append (body, SOUP_MEMORY_COPY, chunk, chunk_size);
  soup_message_body_append (body, SOUP_MEMORY_COPY, "\"}", 2);
  soup_message_body_complete (body);
  g_free (chunk);
}

static void
test_size_cap (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(RpMarketplacePage) page = NULL;
  g_autoptr(GError) error = NULL;

  fixture->server.respond = respond_huge;
  page = list_orders (fixture, &error);
  g_assert_null (page);
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_TOO_LARGE);
  g_assert_cmpuint (n_requests (fixture), ==, 1);
}

/* Tokens: refreshed 30 minutes before expiry, once for concurrent calls. */

static void
respond_with_refresh (TestServer        *server,
                      SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *params,
                      guint              n)
{
  if (g_str_equal (path, "/rest/auth/token/refresh"))
    {
      g_assert_cmpstr (g_hash_table_lookup (params, "refresh_token"), ==, "refresh-1");
      g_assert_null (g_hash_table_lookup (params, "method"));
      respond_json (msg, "{\"access_token\":\"token-2\",\"refresh_token\":\"refresh-2\","
                         "\"expires_in\":86400,\"refresh_expires_in\":172800,"
                         "\"user_nick\":\"cn1000001seller\",\"code\":\"0\",\"request_id\":\"r\"}");
    }
  else if (g_strcmp0 (g_hash_table_lookup (params, "session"), "token-2") == 0)
    respond_fixture (msg, "orders-list.json");
  else
    respond_fixture (msg, "error-illegal-access-token.json");
}

static void
set_tokens (Fixture *fixture,
            gint64   expires_in)
{
  g_autoptr(RpTokenSet) tokens = rp_credentials_dup_tokens (fixture->credentials);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tokens->expires_at = g_get_real_time () + expires_in;
  rp_credentials_update_tokens_async (fixture->credentials, tokens, NULL, store_result_cb, &result);
  rp_credentials_update_tokens_finish (fixture->credentials, wait_result (&result), &error);
  g_assert_no_error (error);
}

static void
test_refresh_before_expiry (Fixture       *fixture,
                            gconstpointer  data)
{
  GAsyncResult *results[3] = { NULL, };
  g_autoptr(RpTokenSet) tokens = NULL;
  guint refreshes = 0;

  fixture->server.respond = respond_with_refresh;

  /* 29 minutes left: inside the 30-minute margin. */
  set_tokens (fixture, 29 * G_TIME_SPAN_MINUTE);

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autoptr(RpOrderQuery) query = rp_order_query_new ();

      rp_marketplace_list_orders_async (RP_MARKETPLACE (fixture->client), query, NULL,
                                        store_result_cb, &results[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RpMarketplacePage) page =
        rp_marketplace_list_orders_finish (RP_MARKETPLACE (fixture->client),
                                           wait_result (&results[i]), &error);

      g_assert_no_error (error);
      g_assert_cmpuint (page->items->len, ==, 2);
      g_clear_object (&results[i]);
    }

  g_assert_false (fixture->server.bad_signature);
  for (guint i = 0; i < fixture->server.paths->len; i++)
    if (g_str_equal (request_path (fixture, i), "/rest/auth/token/refresh"))
      refreshes++;
  g_assert_cmpuint (refreshes, ==, 1);
  g_assert_cmpstr (request_path (fixture, 0), ==, "/rest/auth/token/refresh");
  g_assert_cmpuint (n_requests (fixture), ==, 4);

  tokens = rp_credentials_dup_tokens (fixture->credentials);
  g_assert_cmpstr (tokens->access_token, ==, "token-2");
  g_assert_cmpstr (tokens->refresh_token, ==, "refresh-2");
  g_assert_cmpint (tokens->expires_at, >, g_get_real_time () + 23 * G_TIME_SPAN_HOUR);
  g_assert_false (rp_aliexpress_get_needs_reauthorize (fixture->client));
}

static void
test_no_refresh_when_fresh (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(RpMarketplacePage) page = NULL;
  g_autoptr(GError) error = NULL;

  fixture->server.respond = respond_orders;
  set_tokens (fixture, 31 * G_TIME_SPAN_MINUTE);
  page = list_orders (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_requests (fixture), ==, 1);
  g_assert_cmpstr (request_path (fixture, 0), ==, "/sync");
}

static void
test_refresh_on_rejected_token (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(RpMarketplacePage) page = NULL;
  g_autoptr(GError) error = NULL;

  /* The token looks fresh, but the server refuses it: refresh once, then retry. */
  fixture->server.respond = respond_with_refresh;
  page = list_orders (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_requests (fixture), ==, 3);
  g_assert_cmpstr (request_path (fixture, 0), ==, "/sync");
  g_assert_cmpstr (request_path (fixture, 1), ==, "/rest/auth/token/refresh");
  g_assert_cmpstr (request_path (fixture, 2), ==, "/sync");
}

/* When the refresh itself is refused, the connector asks to be authorized again. */

static void
respond_refresh_refused (TestServer        *server,
                         SoupServerMessage *msg,
                         const char        *path,
                         GHashTable        *params,
                         guint              n)
{
  if (g_str_equal (path, "/rest/auth/token/refresh"))
    respond_json (msg, "{\"type\":\"ISV\",\"code\":\"IllegalRefreshToken\","
                       "\"message\":\"The specified refresh token is invalid or expired\"}");
  else if (g_str_equal (path, "/rest/auth/token/create"))
    {
      g_assert_cmpstr (g_hash_table_lookup (params, "code"), ==, "3_test_code");
      respond_json (msg, "{\"access_token\":\"token-3\",\"refresh_token\":\"refresh-3\","
                         "\"expires_in\":86400,\"refresh_expires_in\":172800,\"code\":\"0\"}");
    }
  else if (g_strcmp0 (g_hash_table_lookup (params, "session"), "token-3") == 0)
    respond_fixture (msg, "orders-list.json");
  else
    respond_fixture (msg, "error-illegal-access-token.json");
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_reauthorize_state (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(RpMarketplacePage) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  guint notified = 0;
  guint before;

  fixture->server.respond = respond_refresh_refused;
  g_signal_connect (fixture->client, "notify::needs-reauthorize", G_CALLBACK (notify_cb), &notified);
  set_tokens (fixture, 5 * G_TIME_SPAN_MINUTE);

  page = list_orders (fixture, &error);
  g_assert_null (page);
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_NEEDS_REAUTHORIZE);
  g_assert_true (rp_aliexpress_get_needs_reauthorize (fixture->client));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (notified, ==, 1);
  g_clear_error (&error);

  /* While in that state no call reaches the server. */
  before = n_requests (fixture);
  page = list_orders (fixture, &error);
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_NEEDS_REAUTHORIZE);
  g_assert_cmpuint (n_requests (fixture), ==, before);
  g_clear_error (&error);

  /* A new authorization code clears it. */
  rp_aliexpress_authorize_async (fixture->client, "3_test_code", NULL, store_result_cb, &result);
  g_assert_true (rp_aliexpress_authorize_finish (fixture->client, wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_false (rp_aliexpress_get_needs_reauthorize (fixture->client));

  page = list_orders (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, 2);
  g_assert_false (fixture->server.bad_signature);
}

static void
test_no_tokens (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(RpCredentials) credentials = rp_credentials_new ("a", APP_KEY, APP_SECRET, NULL, FALSE);
  g_autoptr(RpAliexpress) client = rp_aliexpress_new (fixture->server.base_url, credentials, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RpMarketplacePage) page = NULL;
  g_autoptr(RpOrderQuery) query = rp_order_query_new ();

  fixture->server.respond = respond_orders;
  rp_marketplace_list_orders_async (RP_MARKETPLACE (client), query, NULL, store_result_cb, &result);
  page = rp_marketplace_list_orders_finish (RP_MARKETPLACE (client), wait_result (&result), &error);
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_NEEDS_REAUTHORIZE);
  g_assert_true (rp_aliexpress_get_needs_reauthorize (client));
  g_assert_cmpuint (n_requests (fixture), ==, 0);
}

/* Business errors inside a successful envelope are not retried. */

static void
respond_business (TestServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *params,
                  guint              n)
{
  respond_fixture (msg, "business-order-list.json");
}

static void
test_business_error (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(RpMarketplacePage) page = NULL;
  g_autoptr(GError) error = NULL;

  fixture->server.respond = respond_business;
  page = list_orders (fixture, &error);
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_BUSINESS);
  g_assert_cmpuint (n_requests (fixture), ==, 1);
}

/* Cancelling while a retry waits ends the call at once. */

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel_during_backoff (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(RpOrderQuery) query = rp_order_query_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RpMarketplacePage) page = NULL;
  gint64 start = g_get_monotonic_time ();

  fixture->server.respond = respond_500_always;
  rp_aliexpress_set_retry_policy (fixture->client, 4, 20000, 5);
  g_timeout_add (300, cancel_cb, cancellable);

  rp_marketplace_list_orders_async (RP_MARKETPLACE (fixture->client), query, cancellable,
                                    store_result_cb, &result);
  page = rp_marketplace_list_orders_finish (RP_MARKETPLACE (fixture->client),
                                            wait_result (&result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpuint (n_requests (fixture), ==, 1);
}

/* The same connector works from a thread with its own main context (rapportctl). */

typedef struct
{
  RpAliexpress      *client;
  RpMarketplacePage *page;
  GError            *error;
} ThreadCall;

static gpointer
thread_call (gpointer data)
{
  ThreadCall *call = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RpOrderQuery) query = rp_order_query_new ();

  g_main_context_push_thread_default (context);
  rp_marketplace_list_orders_async (RP_MARKETPLACE (call->client), query, NULL, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  call->page = rp_marketplace_list_orders_finish (RP_MARKETPLACE (call->client), result, &call->error);
  g_clear_object (&result);
  g_main_context_pop_thread_default (context);

  return NULL;
}

static void
test_other_thread (Fixture       *fixture,
                   gconstpointer  data)
{
  ThreadCall call = { fixture->client, NULL, NULL };
  GThread *thread;

  fixture->server.respond = respond_orders;
  thread = g_thread_new ("caller", thread_call, &call);
  g_thread_join (thread);

  g_assert_no_error (call.error);
  g_assert_nonnull (call.page);
  g_assert_cmpuint (call.page->items->len, ==, 2);
  rp_marketplace_page_free (call.page);
}

/* Answers are parsed at the priority of the caller: a caller on the main thread has them
 * parsed on the client's threads of normal priority, so that no parse holds up the window; a
 * caller with a thread and a main context of its own (the sync engine, at SCHED_IDLE in the
 * application) parses them itself, at its own priority, and no thread at SCHED_IDLE is
 * started for it. */

#ifdef __linux__
/* How many of the client's parsing threads (GLib names a pool's threads "pool…") have
 * @policy. */
static guint
count_pool_threads (int policy)
{
  g_autoptr(GDir) tasks = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;
  guint n = 0;

  g_assert_nonnull (tasks);
  while ((tid = g_dir_read_name (tasks)) != NULL)
    {
      g_autofree char *comm_path = g_build_filename ("/proc/self/task", tid, "comm", NULL);
      g_autofree char *comm = NULL;

      if (g_file_get_contents (comm_path, &comm, NULL, NULL) && g_str_has_prefix (comm, "pool") &&
          sched_getscheduler ((pid_t)g_ascii_strtoll (tid, NULL, 10)) == policy)
        n++;
    }

  return n;
}

static gpointer
idle_thread_call (gpointer data)
{
  struct sched_param param = { .sched_priority = 0 };

  g_assert_cmpint (sched_setscheduler (0, SCHED_IDLE, &param), ==, 0);
  return thread_call (data);
}
#endif

static void
test_parse_priority (Fixture       *fixture,
                     gconstpointer  data)
{
#ifdef __linux__
  ThreadCall call = { fixture->client, NULL, NULL };
  g_autoptr(RpMarketplacePage) page = NULL;
  g_autoptr(GError) error = NULL;
  GThread *thread;
  guint idle_before, normal;

  fixture->server.respond = respond_orders;

  /* From this thread, of normal priority. */
  idle_before = count_pool_threads (SCHED_IDLE);
  page = list_orders (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, 2);
  normal = count_pool_threads (SCHED_OTHER);
  g_assert_cmpuint (normal, >, 0);
  g_assert_cmpuint (count_pool_threads (SCHED_IDLE), ==, idle_before);

  /* From a thread at SCHED_IDLE with a context of its own: parsed there. */
  thread = g_thread_new ("idle-caller", idle_thread_call, &call);
  g_thread_join (thread);
  g_assert_no_error (call.error);
  g_assert_nonnull (call.page);
  g_assert_cmpuint (call.page->items->len, ==, 2);
  rp_marketplace_page_free (call.page);
  g_assert_cmpuint (count_pool_threads (SCHED_IDLE), ==, idle_before);
  g_assert_cmpuint (count_pool_threads (SCHED_OTHER), ==, normal);
#else
  g_test_skip ("Scheduling policies are Linux's");
#endif
}

/* Every operation: request shape against the server, and the parsed result. */

static void
respond_by_method (TestServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *params,
                   guint              n)
{
  const char *method = g_hash_table_lookup (params, "method");
  static const struct {
    const char *method;
    const char *fixture;
  } table[] = {
    { "aliexpress.trade.new.redefining.findorderbyid", "order-detail.json" },
    { "aliexpress.message.redefining.versiontwo.querymsgrelationlist", "relations.json" },
    { "aliexpress.message.redefining.versiontwo.querymsgdetaillist", "messages.json" },
    { "aliexpress.message.redefining.versiontwo.addmsg", "addmsg.json" },
    { "aliexpress.issue.issuelist.get", "issue-list.json" },
    { "aliexpress.issue.detail.get", "issue-detail.json" },
    { "aliexpress.logistics.redefining.listlogisticsservice", "services.json" },
    { "aliexpress.logistics.redefining.querytrackingresult", "tracking.json" },
    { "aliexpress.solution.order.fulfill", "fulfill.json" },
    { "aliexpress.issue.solution.agree", "business-agree.json" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (g_strcmp0 (method, table[i].method) == 0)
      {
        respond_fixture (msg, table[i].fixture);
        return;
      }

  {
    g_autofree char *name = g_strdelimit (g_strconcat (method, "_response", NULL), ".", '_');
    g_autofree char *json = g_strdup_printf ("{\"%s\":{\"result\":{\"is_success\":true,"
                                             "\"success\":true}}}", name);

    respond_json (msg, json);
  }
}

static GHashTable *
last_body (Fixture *fixture)
{
  return soup_form_decode (g_ptr_array_index (fixture->server.bodies,
                                              fixture->server.bodies->len - 1));
}

static void
test_operations (Fixture       *fixture,
                 gconstpointer  data)
{
  RpMarketplace *marketplace = RP_MARKETPLACE (fixture->client);
  g_autoptr(GError) error = NULL;

  fixture->server.respond = respond_by_method;
  g_assert_true (rp_marketplace_has_capability (marketplace, RP_MARKETPLACE_CAPABILITY_MESSAGES_SEND |
                                                             RP_MARKETPLACE_CAPABILITY_TRACKING));

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) shipments = NULL;
    g_autoptr(RpOrder) order = NULL;
    g_autoptr(GHashTable) body = NULL;

    rp_marketplace_get_order_async (marketplace, "8190000000000001", NULL, store_result_cb, &result);
    order = rp_marketplace_get_order_finish (marketplace, wait_result (&result), &shipments, &error);
    g_assert_no_error (error);
    g_assert_true (order->has_detail);
    g_assert_cmpstr (order->buyer_country, ==, "FR");
    g_assert_cmpuint (shipments->len, ==, 1);
    body = last_body (fixture);
    g_assert_cmpstr (g_hash_table_lookup (body, "param1"), ==, "{\"order_id\":8190000000000001}");
  }

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(RpConversationQuery) query = rp_conversation_query_new ();
    g_autoptr(RpMarketplacePage) page = NULL;
    g_autoptr(GHashTable) body = NULL;
    const char *json;

    query->from = G_GINT64_CONSTANT (1710064800000000);
    query->only_unread = TRUE;
    rp_marketplace_list_conversations_async (marketplace, query, NULL, store_result_cb, &result);
    page = rp_marketplace_list_conversations_finish (marketplace, wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (page->items->len, ==, 2);
    body = last_body (fixture);
    json = g_hash_table_lookup (body, "query");
    g_assert_nonnull (strstr (json, "\"start_time\":1710064800000"));
    g_assert_nonnull (strstr (json, "\"only_un_readed\":true"));
    g_assert_null (strstr (json, "only_un_dealed"));
  }

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(RpMarketplacePage) page = NULL;

    /* Without a buyer, the seller's own login (from the token) tells who wrote what. */
    rp_marketplace_list_messages_async (marketplace, "8190000000000001", NULL, 1, 20, NULL,
                                        store_result_cb, &result);
    page = rp_marketplace_list_messages_finish (marketplace, wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (page->items->len, ==, 2);
    g_assert_true (((RpMessage *)g_ptr_array_index (page->items, 0))->is_own);
    g_assert_false (((RpMessage *)g_ptr_array_index (page->items, 1))->is_own);
  }

  {
    g_autofree char *id = send_message (fixture, &error);
    g_autoptr(GHashTable) body = NULL;
    const char *json;

    g_assert_no_error (error);
    g_assert_cmpstr (id, ==, "90000018");
    body = last_body (fixture);
    json = g_hash_table_lookup (body, "create_param");
    g_assert_nonnull (strstr (json, "\"message_type\":\"order\""));
    g_assert_nonnull (strstr (json, "\"buyer_id\":\"fr1234567abcd\""));
  }

  {
    g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL, r3 = NULL;

    rp_marketplace_mark_read_async (marketplace, "55501", NULL, store_result_cb, &r1);
    g_assert_true (rp_marketplace_mark_read_finish (marketplace, wait_result (&r1), &error));
    g_assert_no_error (error);
    rp_marketplace_mark_processed_async (marketplace, "55501", TRUE, NULL, store_result_cb, &r2);
    g_assert_true (rp_marketplace_mark_processed_finish (marketplace, wait_result (&r2), &error));
    g_assert_no_error (error);
    rp_marketplace_set_rank_async (marketplace, "55501", 3, NULL, store_result_cb, &r3);
    g_assert_true (rp_marketplace_set_rank_finish (marketplace, wait_result (&r3), &error));
    g_assert_no_error (error);
  }

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(RpMarketplacePage) page = NULL;

    rp_marketplace_list_disputes_async (marketplace, "processing", 1, 20, NULL, store_result_cb, &result);
    page = rp_marketplace_list_disputes_finish (marketplace, wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (page->items->len, ==, 2);
  }

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(RpDispute) dispute = NULL;

    rp_marketplace_get_dispute_async (marketplace, "7001", "fr1234567abcd", NULL, store_result_cb, &result);
    dispute = rp_marketplace_get_dispute_finish (marketplace, wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_true (dispute->has_detail);
    g_assert_cmpint (dispute->deadline, >, 0);
  }

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(RpSolutionDraft) draft = rp_solution_draft_new ();
    g_autoptr(GHashTable) body = NULL;
    const char *json;

    draft->issue_id = g_strdup ("7001");
    draft->buyer_login_id = g_strdup ("fr1234567abcd");
    draft->add = TRUE;
    draft->solution_type = g_strdup ("refund");
    draft->buyer_solution_id = g_strdup ("445566");
    draft->refund.cents = 550;
    memcpy (draft->refund.currency, "USD", 4);
    draft->content = g_strdup ("Partial refund for the delay");
    rp_marketplace_save_solution_async (marketplace, draft, NULL, store_result_cb, &result);
    g_assert_true (rp_marketplace_save_solution_finish (marketplace, wait_result (&result), &error));
    g_assert_no_error (error);
    body = last_body (fixture);
    json = g_hash_table_lookup (body, "param_dto");
    g_assert_nonnull (strstr (json, "\"refund_amount\":\"5.50\""));
    g_assert_nonnull (strstr (json, "\"add_seller_solution\":true"));
  }

  {
    g_autoptr(GAsyncResult) result = NULL;

    rp_marketplace_agree_solution_async (marketplace, "7001", "fr1234567abcd", "445566", NULL, NULL,
                                         store_result_cb, &result);
    g_assert_false (rp_marketplace_agree_solution_finish (marketplace, wait_result (&result), &error));
    g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_BUSINESS);
    g_clear_error (&error);
  }

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(RpFulfillment) fulfillment = rp_fulfillment_new ();
    g_autoptr(GHashTable) body = NULL;

    fulfillment->order_id = g_strdup ("8190000000000001");
    fulfillment->service_name = g_strdup ("CAINIAO_STANDARD");
    fulfillment->tracking_no = g_strdup ("LP00123456789CN");
    rp_marketplace_fulfill_async (marketplace, fulfillment, NULL, store_result_cb, &result);
    g_assert_true (rp_marketplace_fulfill_finish (marketplace, wait_result (&result), &error));
    g_assert_no_error (error);
    body = last_body (fixture);
    g_assert_cmpstr (g_hash_table_lookup (body, "send_type"), ==, "all");
    g_assert_cmpstr (g_hash_table_lookup (body, "out_ref"), ==, "8190000000000001");
    g_assert_null (g_hash_table_lookup (body, "tracking_website"));
  }

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) services = NULL;

    rp_marketplace_list_logistics_services_async (marketplace, NULL, store_result_cb, &result);
    services = rp_marketplace_list_logistics_services_finish (marketplace, wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (services->len, ==, 2);
  }

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(RpShipment) shipment = rp_shipment_new ();
    g_autoptr(RpShipment) tracked = NULL;
    g_autoptr(GHashTable) body = NULL;

    shipment->order_id = g_strdup ("8190000000000001");
    shipment->tracking_no = g_strdup ("LP00123456789CN");
    shipment->service_name = g_strdup ("CAINIAO_STANDARD");
    shipment->to_country = g_strdup ("FR");
    rp_marketplace_query_tracking_async (marketplace, shipment, NULL, store_result_cb, &result);
    tracked = rp_marketplace_query_tracking_finish (marketplace, wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (tracked->events->len, ==, 2);
    g_assert_cmpstr (tracked->tracking_no, ==, "LP00123456789CN");
    g_assert_cmpint (tracked->last_event_at, ==,
                     ((RpTrackingEvent *)g_ptr_array_index (tracked->events, 1))->at);
    body = last_body (fixture);
    g_assert_cmpstr (g_hash_table_lookup (body, "origin"), ==, "ESCROW");
    g_assert_cmpstr (g_hash_table_lookup (body, "to_area"), ==, "FR");
  }

  {
    g_autoptr(GAsyncResult) result = NULL;

    rp_marketplace_extend_accept_time_async (marketplace, "8190000000000001", 5, NULL,
                                             store_result_cb, &result);
    g_assert_true (rp_marketplace_extend_accept_time_finish (marketplace, wait_result (&result), &error));
    g_assert_no_error (error);
  }

  {
    g_autoptr(GAsyncResult) result = NULL;
    guint before = n_requests (fixture);

    /* Bad arguments fail before anything is sent. */
    rp_marketplace_send_message_async (marketplace, "1", "buyer", NULL, "", NULL, store_result_cb, &result);
    g_assert_null (rp_marketplace_send_message_finish (marketplace, wait_result (&result), &error));
    g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_ARGUMENT);
    g_assert_cmpuint (n_requests (fixture), ==, before);
  }

  g_assert_false (fixture->server.bad_signature);
}

static void
respond_no_permission (TestServer        *server,
                       SoupServerMessage *msg,
                       const char        *path,
                       GHashTable        *params,
                       guint              n)
{
  respond_json (msg, "{\"error_response\":{\"type\":\"ISV\",\"code\":\"InsufficientPermission\","
                     "\"msg\":\"App does not have permission to access this api\"}}");
}

static void
test_message_centre_unavailable (Fixture       *fixture,
                                 gconstpointer  data)
{
  RpMarketplace *marketplace = RP_MARKETPLACE (fixture->client);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RpConversationQuery) query = rp_conversation_query_new ();
  g_autoptr(RpMarketplacePage) page = NULL;
  g_autoptr(GError) error = NULL;

  fixture->server.respond = respond_no_permission;
  rp_marketplace_list_conversations_async (marketplace, query, NULL, store_result_cb, &result);
  page = rp_marketplace_list_conversations_finish (marketplace, wait_result (&result), &error);
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_UNSUPPORTED);
  g_assert_false (rp_marketplace_has_capability (marketplace, RP_MARKETPLACE_CAPABILITY_MESSAGES_READ));
  g_assert_true (rp_marketplace_has_capability (marketplace, RP_MARKETPLACE_CAPABILITY_ORDERS));
}

static void
tls_handler (SoupServer        *soup,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  guint *count = user_data;

  (*count)++;
  respond_fixture (msg, "orders-list.json");
}

/* TLS is verified: a certificate nobody vouches for is refused, and not retried. */
static void
test_tls_verified (void)
{
  g_autofree char *pem = g_build_filename (g_getenv ("RAPPORT_MARKETPLACE_FIXTURES"), "self-signed.pem", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_file (pem, &error);
  g_autoptr(SoupServer) soup = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(RpTokenSet) tokens = rp_token_set_new ();
  g_autoptr(RpCredentials) credentials = NULL;
  g_autoptr(RpAliexpress) client = NULL;
  g_autoptr(RpOrderQuery) query = rp_order_query_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RpMarketplacePage) page = NULL;
  g_autofree char *url = NULL;
  GSList *uris;
  guint handled = 0;
  gint64 start;

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("No TLS backend");
      return;
    }

  g_assert_no_error (error);
  soup = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (soup, NULL, tls_handler, &handled, NULL);
  soup_server_listen (soup, address, SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (soup);
  url = g_strdup_printf ("https://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  tokens->access_token = g_strdup ("token-1");
  tokens->expires_at = g_get_real_time () + G_TIME_SPAN_DAY;
  credentials = rp_credentials_new ("a", APP_KEY, APP_SECRET, tokens, FALSE);
  client = rp_aliexpress_new (url, credentials, &error);
  g_assert_no_error (error);
  rp_aliexpress_set_retry_policy (client, 4, 2000, 5);

  start = g_get_monotonic_time ();
  rp_marketplace_list_orders_async (RP_MARKETPLACE (client), query, NULL, store_result_cb, &result);
  page = rp_marketplace_list_orders_finish (RP_MARKETPLACE (client), wait_result (&result), &error);
  g_test_message ("%s", error != NULL ? error->message : "no error");
  g_assert_null (page);
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "certificate"));
  /* No retries: a bound on wall time, which AddressSanitizer stretches past any bound
   * (gnutls allocates a great deal in a handshake), so the plain build checks it. */
  if (!RUNNING_WITH_ASAN)
    g_assert_cmpint (g_get_monotonic_time () - start, <, 1 * G_USEC_PER_SEC);
  g_assert_cmpuint (handled, ==, 0);

  soup_server_disconnect (soup);
}

static void
test_base_url (void)
{
  g_autoptr(RpCredentials) credentials = rp_credentials_new ("a", APP_KEY, APP_SECRET, NULL, FALSE);
  static const char * const refused[] = {
    "http://example.com", "http://10.0.0.1:8080", "ftp://127.0.0.1", "not a url",
    "https://api-sg.aliexpress.com?x=1", "http://user@127.0.0.1",
  };
  static const char * const accepted[] = {
    "https://api-sg.aliexpress.com", "http://127.0.0.1:1234", "http://localhost:99/",
    "http://[::1]:8080", "http://127.1.2.3",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RpAliexpress) client = rp_aliexpress_new (refused[i], credentials, &error);

      g_assert_null (client);
      g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_ARGUMENT);
    }

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RpAliexpress) client = rp_aliexpress_new (accepted[i], credentials, &error);

      g_assert_no_error (error);
      g_assert_false (g_str_has_suffix (rp_aliexpress_get_base_url (client), "/"));
    }

  {
    g_autoptr(RpAliexpress) client = rp_aliexpress_new (NULL, credentials, NULL);
    g_autofree char *url = rp_aliexpress_build_authorize_url (client, "http://127.0.0.1:5000/callback", "s1");

    g_assert_cmpstr (rp_aliexpress_get_base_url (client), ==, RP_ALIEXPRESS_DEFAULT_BASE_URL);
    g_assert_cmpstr (url, ==, "https://api-sg.aliexpress.com/oauth/authorize?response_type=code"
                              "&force_auth=true&redirect_uri=http%3A%2F%2F127.0.0.1%3A5000%2Fcallback"
                              "&client_id=test-app&state=s1");
  }
}

/* OAuth: the pasted code and the loopback redirect listener. */

static void
test_pasted_code (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = rp_oauth_parse_pasted_code ("  3_500123_AbCdEf  \n", "s1", &error);
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (a, ==, "3_500123_AbCdEf");

  b = rp_oauth_parse_pasted_code ("http://127.0.0.1:4000/callback?code=3_500%2B1&state=s1#x", "s1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (b, ==, "3_500+1");

  c = rp_oauth_parse_pasted_code ("http://127.0.0.1:4000/callback?code=3_1&state=other", "s1", &error);
  g_assert_null (c);
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  d = rp_oauth_parse_pasted_code ("https://x.invalid/cb?error=access_denied&state=s1", "s1", &error);
  g_assert_null (d);
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_AUTH_INVALID);
  g_clear_error (&error);

  g_assert_null (rp_oauth_parse_pasted_code ("two words", NULL, &error));
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (rp_oauth_parse_pasted_code ("", NULL, &error));
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  {
    g_autofree char *s1 = rp_oauth_new_state ();
    g_autofree char *s2 = rp_oauth_new_state ();

    g_assert_cmpuint (strlen (s1), ==, 32);
    g_assert_cmpstr (s1, !=, s2);
    g_assert_true (rp_oauth_state_equal (s1, s1));
    g_assert_false (rp_oauth_state_equal (s1, s2));
  }
}

static char *
http_get (SoupSession *session,
          const char  *url,
          guint       *status)
{
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, store_result_cb, &result);
  body = soup_session_send_and_read_finish (session, wait_result (&result), &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);

  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static void
test_listener (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpOAuthListener) listener = rp_oauth_listener_new ("state-123", &error);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *page = NULL;
  g_autofree char *foreign = NULL;
  g_autofree char *url = NULL;
  g_autofree char *code = NULL;
  guint status = 0;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (rp_oauth_listener_get_redirect_uri (listener), "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (rp_oauth_listener_get_redirect_uri (listener), "/callback"));

  rp_oauth_listener_wait_async (listener, NULL, store_result_cb, &result);

  /* A request with another state is refused and does not end the wait. */
  url = g_strconcat (rp_oauth_listener_get_redirect_uri (listener), "?code=evil&state=nope", NULL);
  foreign = http_get (session, url, &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_null (result);
  g_free (url);

  url = g_strconcat (rp_oauth_listener_get_redirect_uri (listener), "?code=3_abc&state=state-123", NULL);
  page = http_get (session, url, &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  g_assert_nonnull (strstr (page, "You can close this window"));

  code = rp_oauth_listener_wait_finish (listener, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "3_abc");
}

static void
test_listener_cancel (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpOAuthListener) listener = rp_oauth_listener_new ("s", &error);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *code = NULL;

  rp_oauth_listener_wait_async (listener, cancellable, store_result_cb, &result);
  g_cancellable_cancel (cancellable);
  code = rp_oauth_listener_wait_finish (listener, wait_result (&result), &error);
  g_assert_null (code);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

#define ADD(path, func) \
  g_test_add ("/rapport/marketplace/client/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  ADD ("list-orders", test_list_orders);
  ADD ("retry-500-read", test_retry_500_read);
  ADD ("retry-gives-up", test_retry_gives_up);
  ADD ("write-500-ambiguous", test_write_500_ambiguous);
  ADD ("write-dropped-ambiguous", test_write_dropped_ambiguous);
  ADD ("read-dropped-retried", test_read_dropped_retried);
  ADD ("write-unreachable", test_write_unreachable);
  ADD ("timeout", test_timeout);
  ADD ("cancelled-write-ambiguous", test_cancelled_write_ambiguous);
  ADD ("redirect-not-followed", test_redirect_not_followed);
  ADD ("throttle-wait", test_throttle_wait);
  ADD ("throttle-too-long", test_throttle_too_long);
  ADD ("throttled-write", test_throttled_write);
  ADD ("http-429", test_http_429);
  ADD ("size-cap", test_size_cap);
  ADD ("refresh-before-expiry", test_refresh_before_expiry);
  ADD ("no-refresh-when-fresh", test_no_refresh_when_fresh);
  ADD ("refresh-on-rejected-token", test_refresh_on_rejected_token);
  ADD ("reauthorize-state", test_reauthorize_state);
  ADD ("no-tokens", test_no_tokens);
  ADD ("business-error", test_business_error);
  ADD ("cancel-during-backoff", test_cancel_during_backoff);
  ADD ("other-thread", test_other_thread);
  ADD ("parse-priority", test_parse_priority);
  ADD ("operations", test_operations);
  ADD ("message-centre-unavailable", test_message_centre_unavailable);
  g_test_add_func ("/rapport/marketplace/client/base-url", test_base_url);
  g_test_add_func ("/rapport/marketplace/client/tls-verified", test_tls_verified);
  g_test_add_func ("/rapport/marketplace/oauth/pasted-code", test_pasted_code);
  g_test_add_func ("/rapport/marketplace/oauth/listener", test_listener);
  g_test_add_func ("/rapport/marketplace/oauth/listener-cancel", test_listener_cancel);

  return g_test_run ();
}
