/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-hostile"

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "rp-aliexpress.h"
#include "rp-aliexpress-parse.h"
#include "rp-store.h"

/* Hostile answers from the marketplace: every file of hostile/ goes through the parse
 * functions and through a real RpAliexpress talking to a SoupServer on 127.0.0.1:0.  A
 * file's name says what it is and what must come of it: <kind>-<ok|error>-<what>.json.
 * "error" means a clear GError; "ok" a safe value (text kept as text, counts capped).
 * The answers too large to check in (10 MB strings, 100,000 levels of nesting, hundreds of
 * megabytes) are made by the server as it sends them. */

#define APP_KEY    "test-app"
#define APP_SECRET "test-secret"
#define NOW        G_GINT64_CONSTANT (1710072000000000)   /* 2024-03-10 12:00:00 UTC */

typedef enum
{
  KIND_ORDERS,
  KIND_DETAIL,
  KIND_RELATIONS,
  KIND_MESSAGES,
  KIND_ISSUES,
  KIND_ISSUE,
  KIND_TRACKING,
  KIND_SERVICES,
  KIND_TOKEN,
} Kind;

static const char * const kind_names[] = {
  "orders", "detail", "relations", "messages", "issues", "issue", "tracking", "services", "token",
};

/* What the server sends next. */
typedef enum
{
  BODY_FIXED,
  BODY_STREAM_CHUNKED,        /* @stream_size bytes of an endless JSON array, no length */
  BODY_STREAM_DECLARED,       /* the same with a Content-Length */
} BodyMode;

typedef struct
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *soup;
  char         *base_url;
  GMutex        lock;
  GCond         cond;
  gboolean      ready;

  /* Guarded by lock. */
  BodyMode      mode;
  GBytes       *body;
  guint64       stream_size;
  guint64       streamed;     /* bytes the server has produced so far */
  guint         n_requests;
} TestServer;

typedef struct
{
  TestServer     server;
  RpCredentials *credentials;
  RpAliexpress  *client;
} Fixture;

/* Server */

#define STREAM_CHUNK (1024 * 1024)

typedef struct
{
  TestServer        *server;
  SoupServerMessage *msg;
  guint64            left;
} Stream;

static GBytes *
stream_chunk (Stream *stream)
{
  gsize len = (gsize)MIN ((guint64)STREAM_CHUNK, stream->left);
  char *data = g_malloc (len);

  /* Valid JSON for as long as it goes: ["xxxx…","xxxx…",… and never a closing bracket. */
  memset (data, 'x', len);
  for (gsize i = 0; i + 4 < len; i += 4096)
    memcpy (data + i, "\",\"", 3);
  if (stream->left == stream->server->stream_size && len > 2)
    memcpy (data, "[\"", 2);

  stream->left -= len;
  g_mutex_lock (&stream->server->lock);
  stream->server->streamed += len;
  g_mutex_unlock (&stream->server->lock);
  return g_bytes_new_take (data, len);
}

static void
stream_next (Stream *stream)
{
  SoupMessageBody *body = soup_server_message_get_response_body (stream->msg);

  if (stream->left > 0)
    {
      g_autoptr(GBytes) chunk = stream_chunk (stream);

      soup_message_body_append_bytes (body, chunk);
    }
  else
    soup_message_body_complete (body);
  soup_server_message_unpause (stream->msg);
}

static void
stream_wrote_chunk_cb (SoupServerMessage *msg,
                       gpointer           user_data)
{
  stream_next (user_data);
}

static void
server_cb (SoupServer        *soup,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  TestServer *server = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr(GBytes) body = NULL;
  BodyMode mode;
  Stream *stream;

  g_mutex_lock (&server->lock);
  server->n_requests++;
  mode = server->mode;
  body = server->body != NULL ? g_bytes_ref (server->body) : NULL;
  g_mutex_unlock (&server->lock);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  if (mode == BODY_FIXED)
    {
      soup_message_headers_set_content_type (headers, "application/json", NULL);
      if (g_bytes_get_size (body) > 0)
        soup_message_body_append_bytes (soup_server_message_get_response_body (msg), body);
      return;
    }

  /* Streamed: one chunk at a time, made when the last one is written, so that neither side
   * ever holds the whole body. */
  stream = g_new0 (Stream, 1);
  stream->server = server;
  stream->msg = msg;
  stream->left = server->stream_size;
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  if (mode == BODY_STREAM_DECLARED)
    soup_message_headers_set_content_length (headers, (goffset)server->stream_size);
  else
    soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);
  /* The message owns its stream: "finished" is not emitted when the client hangs up. */
  g_object_set_data_full (G_OBJECT (msg), "hostile-stream", stream, g_free);
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (stream_wrote_chunk_cb), stream);
  stream_next (stream);
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
server_set_body (TestServer *server,
                 GBytes     *body)
{
  g_mutex_lock (&server->lock);
  server->mode = BODY_FIXED;
  g_clear_pointer (&server->body, g_bytes_unref);
  server->body = g_bytes_ref (body);
  g_mutex_unlock (&server->lock);
}

static void
server_set_stream (TestServer *server,
                   BodyMode    mode,
                   guint64     size)
{
  g_mutex_lock (&server->lock);
  server->mode = mode;
  server->stream_size = size;
  server->streamed = 0;
  g_mutex_unlock (&server->lock);
}

/* A new client, authorized: a refused token refresh leaves a client that asks to be
 * authorized again, which the next answer must not inherit. */
static void
fixture_new_client (Fixture *fixture)
{
  TestServer *server = &fixture->server;
  g_autoptr(RpTokenSet) tokens = rp_token_set_new ();
  g_autoptr(GError) error = NULL;

  g_clear_object (&fixture->client);
  g_clear_object (&fixture->credentials);

  tokens->access_token = g_strdup ("token-1");
  tokens->refresh_token = g_strdup ("refresh-1");
  tokens->expires_at = g_get_real_time () + 24 * G_TIME_SPAN_HOUR;
  tokens->refresh_expires_at = g_get_real_time () + 48 * G_TIME_SPAN_HOUR;
  tokens->user_nick = g_strdup ("cn1000001seller");

  fixture->credentials = rp_credentials_new ("account-1", APP_KEY, APP_SECRET, tokens, FALSE);
  fixture->client = g_initable_new (RP_TYPE_ALIEXPRESS, NULL, &error,
                                    "base-url", server->base_url,
                                    "credentials", fixture->credentials,
                                    "timeout", 20,
                                    NULL);
  g_assert_no_error (error);
  /* One attempt: a hostile answer must fail by itself, not after retries. */
  rp_aliexpress_set_retry_policy (fixture->client, 1, 10, 1);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  TestServer *server = &fixture->server;

  g_mutex_init (&server->lock);
  g_cond_init (&server->cond);
  server->context = g_main_context_new ();
  server->loop = g_main_loop_new (server->context, FALSE);
  server->thread = g_thread_new ("hostile-server", server_thread, server);

  g_mutex_lock (&server->lock);
  while (!server->ready)
    g_cond_wait (&server->cond, &server->lock);
  g_mutex_unlock (&server->lock);

  fixture_new_client (fixture);
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
  g_clear_pointer (&server->body, g_bytes_unref);
  g_mutex_clear (&server->lock);
  g_cond_clear (&server->cond);

  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Results */

/* What one call gave: a value of the kind's type, or an error. */
typedef struct
{
  Kind               kind;
  RpMarketplacePage *page;       /* orders, relations, messages, issues */
  RpOrder           *order;      /* detail */
  GPtrArray         *shipments;  /* detail */
  RpDispute         *dispute;    /* issue */
  GPtrArray         *list;       /* tracking events, services */
  RpShipment        *shipment;   /* tracking through the connector */
  RpTokenSet        *tokens;
  gboolean           ok;
  GError            *error;
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_clear_pointer (&outcome->page, rp_marketplace_page_free);
  g_clear_object (&outcome->order);
  g_clear_pointer (&outcome->shipments, g_ptr_array_unref);
  g_clear_object (&outcome->dispute);
  g_clear_pointer (&outcome->list, g_ptr_array_unref);
  g_clear_object (&outcome->shipment);
  g_clear_pointer (&outcome->tokens, rp_token_set_free);
  g_clear_error (&outcome->error);
}

static Kind
kind_from_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    {
      g_autofree char *prefix = g_strconcat (kind_names[i], "-", NULL);

      if (g_str_has_prefix (name, prefix))
        return i;
    }
  g_error ("%s: no kind in the name", name);
}

static void
parse_body (Kind     kind,
            GBytes  *body,
            Outcome *outcome)
{
  GError **error = &outcome->error;

  outcome->kind = kind;
  switch (kind)
    {
    case KIND_ORDERS:
      outcome->page = rp_aliexpress_parse_order_list (body, 1, 50, NOW, error);
      break;
    case KIND_DETAIL:
      outcome->order = rp_aliexpress_parse_order_detail (body, &outcome->shipments, error);
      break;
    case KIND_RELATIONS:
      outcome->page = rp_aliexpress_parse_relation_list (body, 1, 20, error);
      break;
    case KIND_MESSAGES:
      outcome->page = rp_aliexpress_parse_message_list (body, "8190000000000001", "fr1234567abcd",
                                                        "cn1000001seller", 1, 20, error);
      break;
    case KIND_ISSUES:
      outcome->page = rp_aliexpress_parse_issue_list (body, 20, error);
      break;
    case KIND_ISSUE:
      outcome->dispute = rp_aliexpress_parse_issue_detail (body, error);
      break;
    case KIND_TRACKING:
      outcome->list = rp_aliexpress_parse_tracking (body, error);
      break;
    case KIND_SERVICES:
      outcome->list = rp_aliexpress_parse_logistics_services (body, error);
      break;
    case KIND_TOKEN:
      outcome->tokens = rp_aliexpress_parse_token (body, NOW, error);
      break;
    default:
      g_assert_not_reached ();
    }
  outcome->ok = outcome->error == NULL;
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

static void
call_connector (Fixture *fixture,
                Kind     kind,
                Outcome *outcome)
{
  RpMarketplace *marketplace = RP_MARKETPLACE (fixture->client);
  g_autoptr(GAsyncResult) result = NULL;
  GError **error = &outcome->error;

  outcome->kind = kind;
  switch (kind)
    {
    case KIND_ORDERS:
      {
        g_autoptr(RpOrderQuery) query = rp_order_query_new ();

        query->page_size = 50;
        rp_marketplace_list_orders_async (marketplace, query, NULL, store_result_cb, &result);
        outcome->page = rp_marketplace_list_orders_finish (marketplace, wait_result (&result), error);
      }
      break;
    case KIND_DETAIL:
      rp_marketplace_get_order_async (marketplace, "8190000000000001", NULL, store_result_cb, &result);
      outcome->order = rp_marketplace_get_order_finish (marketplace, wait_result (&result),
                                                        &outcome->shipments, error);
      break;
    case KIND_RELATIONS:
      {
        g_autoptr(RpConversationQuery) query = rp_conversation_query_new ();

        rp_marketplace_list_conversations_async (marketplace, query, NULL, store_result_cb, &result);
        outcome->page = rp_marketplace_list_conversations_finish (marketplace, wait_result (&result), error);
      }
      break;
    case KIND_MESSAGES:
      rp_marketplace_list_messages_async (marketplace, "8190000000000001", "fr1234567abcd", 1, 20,
                                          NULL, store_result_cb, &result);
      outcome->page = rp_marketplace_list_messages_finish (marketplace, wait_result (&result), error);
      break;
    case KIND_ISSUES:
      rp_marketplace_list_disputes_async (marketplace, NULL, 1, 20, NULL, store_result_cb, &result);
      outcome->page = rp_marketplace_list_disputes_finish (marketplace, wait_result (&result), error);
      break;
    case KIND_ISSUE:
      rp_marketplace_get_dispute_async (marketplace, "7001", "fr1234567abcd", NULL, store_result_cb, &result);
      outcome->dispute = rp_marketplace_get_dispute_finish (marketplace, wait_result (&result), error);
      break;
    case KIND_TRACKING:
      {
        g_autoptr(RpShipment) shipment = rp_shipment_new ();

        shipment->order_id = g_strdup ("8190000000000001");
        shipment->tracking_no = g_strdup ("LP00123456789CN");
        shipment->service_name = g_strdup ("CAINIAO_STANDARD");
        shipment->to_country = g_strdup ("FR");
        rp_marketplace_query_tracking_async (marketplace, shipment, NULL, store_result_cb, &result);
        outcome->shipment = rp_marketplace_query_tracking_finish (marketplace, wait_result (&result), error);
      }
      break;
    case KIND_SERVICES:
      rp_marketplace_list_logistics_services_async (marketplace, NULL, store_result_cb, &result);
      outcome->list = rp_marketplace_list_logistics_services_finish (marketplace, wait_result (&result), error);
      break;
    case KIND_TOKEN:
      rp_aliexpress_refresh_tokens_async (fixture->client, NULL, store_result_cb, &result);
      rp_aliexpress_refresh_tokens_finish (fixture->client, wait_result (&result), error);
      break;
    default:
      g_assert_not_reached ();
    }
  outcome->ok = outcome->error == NULL;
}

static void
assert_text (const char *text)
{
  if (text != NULL)
    {
      g_assert_true (g_utf8_validate (text, -1, NULL));
      g_assert_cmpuint (strlen (text), <=, RP_ALIEXPRESS_MAX_TEXT_SIZE + 4);
    }
}

/* A safe value: every text valid UTF-8 and bounded, every count within its cap. */
static void
assert_safe (Outcome *outcome)
{
  if (outcome->page != NULL)
    {
      g_assert_cmpuint (outcome->page->total_pages, <=, RP_MARKETPLACE_MAX_PAGES);
      g_assert_cmpuint (outcome->page->items->len, <=, RP_ALIEXPRESS_MAX_LIST_ITEMS);
      for (guint i = 0; i < outcome->page->items->len; i++)
        {
          GObject *item = outcome->page->items->pdata[i];

          if (RP_IS_ORDER (item))
            {
              assert_text (RP_ORDER (item)->order_id);
              assert_text (RP_ORDER (item)->buyer_name);
              assert_text (RP_ORDER (item)->memo);
            }
          else if (RP_IS_CONVERSATION (item))
            {
              assert_text (RP_CONVERSATION (item)->buyer_name);
              assert_text (RP_CONVERSATION (item)->last_message_text);
            }
          else if (RP_IS_MESSAGE (item))
            {
              assert_text (RP_MESSAGE (item)->content);
              assert_text (RP_MESSAGE (item)->sender_name);
            }
          else if (RP_IS_DISPUTE (item))
            assert_text (RP_DISPUTE (item)->reason);
        }
    }
  if (outcome->order != NULL)
    {
      assert_text (outcome->order->order_id);
      assert_text (outcome->order->memo);
      assert_text (outcome->order->buyer_name);
    }
  if (outcome->dispute != NULL)
    assert_text (outcome->dispute->reason);
}

/* Fixture files */

static char *
hostile_dir (void)
{
  return g_build_filename (g_getenv ("RAPPORT_SOURCE_DIR"), "tests", "marketplace", "hostile", NULL);
}

static GPtrArray *
list_fixtures (void)
{
  g_autofree char *dir_path = hostile_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &error);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  return names;
}

static GBytes *
load (const char *name)
{
  g_autofree char *dir = hostile_dir ();
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

static gboolean
expects_error (const char *name)
{
  return strstr (name, "-error-") != NULL;
}

/* Returns FALSE, with a message, when the outcome is not the one the name gives; all the
 * mismatches of a run are reported together. */
static gboolean
check_expectation (const char *name,
                   Outcome    *outcome)
{
  if (expects_error (name))
    {
      if (outcome->ok)
        {
          g_printerr ("%s: a safe value where an error was expected\n", name);
          return FALSE;
        }
      /* A clear error: one that says something. */
      g_assert_nonnull (outcome->error->message);
      g_assert_cmpuint (strlen (outcome->error->message), >, 10);
      g_assert_true (g_utf8_validate (outcome->error->message, -1, NULL));
    }
  else
    {
      if (!outcome->ok)
        {
          g_printerr ("%s: %s\n", name, outcome->error->message);
          return FALSE;
        }
      assert_safe (outcome);
    }
  return TRUE;
}

static void
test_fixtures_parse (void)
{
  g_autoptr(GPtrArray) names = list_fixtures ();
  guint mismatches = 0;

  /* The issue asks for fifty at least. */
  g_assert_cmpuint (names->len, >=, 50);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autoptr(GBytes) body = load (name);
      Outcome outcome = { 0, };

      g_test_message ("%s", name);
      parse_body (kind_from_name (name), body, &outcome);
      if (!check_expectation (name, &outcome))
        mismatches++;
      outcome_clear (&outcome);
    }
  g_assert_cmpuint (mismatches, ==, 0);
}

static void
test_fixtures_connector (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) names = list_fixtures ();
  guint mismatches = 0;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autoptr(GBytes) body = load (name);
      Outcome outcome = { 0, };

      g_test_message ("%s", name);
      fixture_new_client (fixture);
      server_set_body (&fixture->server, body);
      call_connector (fixture, kind_from_name (name), &outcome);
      if (!check_expectation (name, &outcome))
        mismatches++;
      outcome_clear (&outcome);
    }
  g_assert_cmpuint (mismatches, ==, 0);
}

/* Buyer text with markup and direction overrides is kept as it came: it is text, shown
 * as text, never parsed as markup and never cleaned into something else. */
static void
test_markup_kept_as_text (void)
{
  g_autoptr(GBytes) messages = load ("messages-ok-script-content.json");
  g_autoptr(GBytes) orders = load ("orders-ok-bidi-override-name.json");
  Outcome outcome = { 0, };
  RpMessage *message;
  RpOrder *order;

  parse_body (KIND_MESSAGES, messages, &outcome);
  g_assert_no_error (outcome.error);
  message = outcome.page->items->pdata[0];
  g_assert_cmpstr (message->content, ==, "<script>alert(1)</script><b>bold</b> &lt; \342\200\256evil");
  outcome_clear (&outcome);

  parse_body (KIND_ORDERS, orders, &outcome);
  g_assert_no_error (outcome.error);
  order = outcome.page->items->pdata[0];
  g_assert_nonnull (strstr (order->buyer_name, "\342\200\256evil\342\200\254"));
  outcome_clear (&outcome);
}

/* Endless paging: a page that claims billions of pages gives a capped count. */
static void
test_endless_paging (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GBytes) body = load ("orders-ok-huge-total-page.json");
  Outcome outcome = { 0, };

  server_set_body (&fixture->server, body);
  call_connector (fixture, KIND_ORDERS, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_cmpuint (outcome.page->total_pages, ==, RP_MARKETPLACE_MAX_PAGES);
  g_assert_true (outcome.page->has_more);
  outcome_clear (&outcome);
}

static GBytes *
orders_with_name (const char *name_json)
{
  g_autofree char *text = g_strdup_printf (
    "{\"aliexpress_trade_seller_orderlist_get_response\":{\"result\":{\"success\":true,"
    "\"total_count\":1,\"total_page\":1,\"target_list\":{\"aeop_order_item_dto\":[{"
    "\"order_id\":8190000000000001,\"order_status\":\"FINISH\",\"gmt_create\":\"2024-03-10 01:59:59\","
    "\"buyer_login_id\":\"fr1234567abcd\",\"buyer_signer_fullname\":%s,"
    "\"pay_amount\":{\"amount\":\"1.00\",\"currency_code\":\"USD\"}}]}}}}", name_json);

  gsize len = strlen (text);

  return g_bytes_new_take (g_steal_pointer (&text), len);
}

/* A 10 MB buyer name: kept to its first RP_ALIEXPRESS_MAX_TEXT_SIZE bytes, visibly cut. */
static void
test_huge_string (Fixture       *fixture,
                  gconstpointer  data)
{
  GString *name = g_string_sized_new (10 * 1024 * 1024 + 2);
  g_autoptr(GBytes) body = NULL;
  Outcome outcome = { 0, };
  RpOrder *order;

  g_string_append_c (name, '"');
  while (name->len < 10 * 1024 * 1024)
    g_string_append (name, "Camille \303\251 ");
  g_string_append_c (name, '"');
  body = orders_with_name (name->str);
  g_string_free (name, TRUE);

  server_set_body (&fixture->server, body);
  call_connector (fixture, KIND_ORDERS, &outcome);
  g_assert_no_error (outcome.error);
  order = outcome.page->items->pdata[0];
  g_assert_true (g_utf8_validate (order->buyer_name, -1, NULL));
  g_assert_cmpuint (strlen (order->buyer_name), <=, RP_ALIEXPRESS_MAX_TEXT_SIZE);
  g_assert_true (g_str_has_prefix (order->buyer_name, "Camille \303\251 "));
  g_assert_true (g_str_has_suffix (order->buyer_name, "\342\200\246"));
  outcome_clear (&outcome);
}

/* 100,000 levels of nesting: refused before a recursive parser sees it. */
static void
test_deep_nesting (Fixture       *fixture,
                   gconstpointer  data)
{
  const guint depth = 100000;
  GString *nested = g_string_sized_new (2 * depth + 8);
  g_autoptr(GBytes) body = NULL;
  Outcome outcome = { 0, };

  for (guint i = 0; i < depth; i++)
    g_string_append_c (nested, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (nested, ']');
  body = orders_with_name (nested->str);
  g_string_free (nested, TRUE);

  parse_body (KIND_ORDERS, body, &outcome);
  g_assert_error (outcome.error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_RESPONSE);
  outcome_clear (&outcome);

  server_set_body (&fixture->server, body);
  call_connector (fixture, KIND_ORDERS, &outcome);
  g_assert_error (outcome.error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_RESPONSE);
  outcome_clear (&outcome);
}

/* Bodies of hundreds of megabytes: refused once the cap is passed, without reading (or the
 * server making) the rest. */
static void
test_huge_body (Fixture       *fixture,
                gconstpointer  data)
{
  const guint64 size = G_GUINT64_CONSTANT (400) * 1024 * 1024;
  Outcome outcome = { 0, };
  guint64 streamed;

  /* Without a length: the client stops reading at its cap. */
  server_set_stream (&fixture->server, BODY_STREAM_CHUNKED, size);
  call_connector (fixture, KIND_ORDERS, &outcome);
  g_assert_error (outcome.error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_TOO_LARGE);
  outcome_clear (&outcome);
  g_mutex_lock (&fixture->server.lock);
  streamed = fixture->server.streamed;
  g_mutex_unlock (&fixture->server.lock);
  g_test_message ("streamed %" G_GUINT64_FORMAT " bytes of %" G_GUINT64_FORMAT, streamed, size);
  g_assert_cmpuint (streamed, <, size / 2);

  /* With a length beyond the cap: refused before the body. */
  server_set_stream (&fixture->server, BODY_STREAM_DECLARED, size);
  call_connector (fixture, KIND_ORDERS, &outcome);
  g_assert_error (outcome.error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_TOO_LARGE);
  outcome_clear (&outcome);
}

/* The cache: every safe value goes into a store intact, and a page that fails leaves
 * nothing behind. */

static RpStore *
open_store (gint64 *account_id)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "hostile.sqlite", NULL);
  g_autoptr(RpStoreAccount) account = rp_store_account_new ();
  g_autoptr(GError) error = NULL;
  RpStore *store;

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  store = rp_store_new (path);
  rp_store_open_sync (store, &error);
  g_assert_no_error (error);

  account->marketplace = g_strdup ("aliexpress");
  account->base_url = g_strdup ("http://127.0.0.1");
  account->app_key = g_strdup (APP_KEY);
  account->name = g_strdup ("Hostile");
  account->seller_id = g_strdup ("cn1000001seller");
  *account_id = rp_store_add_account_sync (store, account, &error);
  g_assert_no_error (error);
  return store;
}

static gint64
count_all (RpStore *store,
           gint64   account_id)
{
  static const RpStoreChange kinds[] = {
    RP_STORE_CHANGE_ORDERS, RP_STORE_CHANGE_CONVERSATIONS, RP_STORE_CHANGE_MESSAGES,
    RP_STORE_CHANGE_DISPUTES, RP_STORE_CHANGE_SHIPMENTS,
  };
  gint64 total = 0;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(GError) error = NULL;

      total += rp_store_count_sync (store, account_id, kinds[i], &error);
      g_assert_no_error (error);
    }
  return total;
}

/* What the sync engine does with one answer: all of a page, or nothing. */
static gboolean
store_outcome (RpStore  *store,
               gint64    account_id,
               Outcome  *outcome,
               GError  **error)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();

  switch (outcome->kind)
    {
    case KIND_ORDERS:
      return rp_store_upsert_orders_sync (store, account_id, outcome->page->items, error);
    case KIND_RELATIONS:
      return rp_store_upsert_conversations_sync (store, account_id, outcome->page->items, error);
    case KIND_MESSAGES:
      return rp_store_upsert_messages_sync (store, account_id, outcome->page->items, error);
    case KIND_ISSUES:
      return rp_store_upsert_disputes_sync (store, account_id, outcome->page->items, error);
    case KIND_DETAIL:
      g_ptr_array_add (one, outcome->order);
      if (!rp_store_upsert_orders_sync (store, account_id, one, error))
        return FALSE;
      return outcome->shipments == NULL ||
             rp_store_upsert_shipments_sync (store, account_id, outcome->shipments, error);
    case KIND_ISSUE:
      g_ptr_array_add (one, outcome->dispute);
      return rp_store_upsert_disputes_sync (store, account_id, one, error);
    case KIND_TRACKING:
    case KIND_SERVICES:
    case KIND_TOKEN:
    default:
      return TRUE;
    }
}

static void
test_fixtures_store (void)
{
  g_autoptr(GPtrArray) names = list_fixtures ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RpStore) store = NULL;
  gint64 account_id;
  guint stored = 0;

  store = open_store (&account_id);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autoptr(GBytes) body = load (name);
      Outcome outcome = { 0, };
      gint64 before = count_all (store, account_id);

      g_test_message ("%s", name);
      parse_body (kind_from_name (name), body, &outcome);
      if (outcome.ok)
        {
          store_outcome (store, account_id, &outcome, &error);
          g_assert_no_error (error);
          stored++;
        }
      else
        g_assert_cmpint (count_all (store, account_id), ==, before);
      outcome_clear (&outcome);
    }
  g_assert_cmpuint (stored, >, 0);
  g_assert_cmpint (count_all (store, account_id), >, 0);

  /* A page the store refuses halfway (its last order cannot be kept) leaves nothing. */
  {
    g_autoptr(GBytes) body = load ("orders-ok-unicode-escapes.json");
    g_autoptr(RpOrder) bad = rp_order_new ();
    Outcome outcome = { 0, };
    gint64 before;

    parse_body (KIND_ORDERS, body, &outcome);
    g_assert_no_error (outcome.error);
    g_free (RP_ORDER (outcome.page->items->pdata[0])->order_id);
    RP_ORDER (outcome.page->items->pdata[0])->order_id = g_strdup ("8190000000009999");
    bad->order_id = g_strdup ("8190000000009998");
    bad->buyer_name = g_strdup ("not \377 text");
    g_ptr_array_add (outcome.page->items, g_object_ref (bad));

    before = count_all (store, account_id);
    g_assert_false (store_outcome (store, account_id, &outcome, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_cmpint (count_all (store, account_id), ==, before);
    g_assert_null (rp_store_get_order_sync (store, account_id, "8190000000009999", &error));
    g_assert_no_error (error);
    outcome_clear (&outcome);
  }

  g_assert_true (rp_store_check_integrity_sync (store, &error));
  g_assert_no_error (error);
  rp_store_close (store);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rapport/marketplace/hostile/parse", test_fixtures_parse);
  g_test_add_func ("/rapport/marketplace/hostile/markup-kept-as-text", test_markup_kept_as_text);
  g_test_add_func ("/rapport/marketplace/hostile/store", test_fixtures_store);
  g_test_add ("/rapport/marketplace/hostile/connector", Fixture, NULL,
              fixture_set_up, test_fixtures_connector, fixture_tear_down);
  g_test_add ("/rapport/marketplace/hostile/endless-paging", Fixture, NULL,
              fixture_set_up, test_endless_paging, fixture_tear_down);
  g_test_add ("/rapport/marketplace/hostile/huge-string", Fixture, NULL,
              fixture_set_up, test_huge_string, fixture_tear_down);
  g_test_add ("/rapport/marketplace/hostile/deep-nesting", Fixture, NULL,
              fixture_set_up, test_deep_nesting, fixture_tear_down);
  g_test_add ("/rapport/marketplace/hostile/huge-body", Fixture, NULL,
              fixture_set_up, test_huge_body, fixture_tear_down);

  return g_test_run ();
}
