/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-test"

#include "config.h"

#include <signal.h>
#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

/* These tests drive the real rapport-sandbox binary over HTTP with a signing
 * client of their own, deliberately not shared with the server, so that a
 * protocol mistake on either side shows. */

#define APP_KEY "sandbox"
#define APP_SECRET "sandbox-secret"
#define START "1767225600"

typedef struct
{
  GSubprocess *proc;
  char        *base;
  char        *state_dir;
  char        *log_path;
  SoupSession *session;
  char        *token;
  char        *refresh;
} Sandbox;

static Sandbox *shared;

/* ------------------------------------------------------------------------ */
/* A tiny client                                                             */

static char *
sign (const char *prefix,
      GHashTable *params)
{
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (params), (GCompareFunc)strcmp);
  g_autoptr(GString) text = g_string_new (prefix);
  g_autofree char *hex = NULL;

  for (GList *l = keys; l != NULL; l = l->next)
    {
      const char *v = g_hash_table_lookup (params, l->data);

      if (*v == '\0' || g_str_equal (l->data, "sign"))
        continue;
      g_string_append (text, l->data);
      g_string_append (text, v);
    }
  hex = g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *)APP_SECRET, strlen (APP_SECRET),
                                   text->str, text->len);
  return g_ascii_strup (hex, -1);
}

static char *
now_ms (void)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / 1000);
}

static char *
encode (GHashTable *table)
{
  return soup_form_encode_hash (table);
}

static GBytes *
http (Sandbox    *sb,
      const char *http_method,
      const char *path_and_query,
      const char *form,
      guint      *out_status,
      GError    **error)
{
  g_autofree char *url = g_strconcat (sb->base, path_and_query, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (http_method, url);
  GBytes *bytes;

  g_assert_nonnull (msg);
  if (form != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (form, strlen (form));

      soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", body);
    }
  bytes = soup_session_send_and_read (sb->session, msg, NULL, error);
  if (out_status != NULL)
    *out_status = soup_message_get_status (msg);
  return bytes;
}

static JsonNode *
parse (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* Sends a signed business call: system parameters in the query, business
 * ones in the form body.  @... is NULL-terminated name/value pairs. */
static JsonNode *
call_va (Sandbox     *sb,
         const char  *method,
         gboolean     simplify,
         const char  *token,
         GHashTable  *tweak,
         va_list      ap)
{
  g_autoptr(GHashTable) system = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) business = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) all = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *query = NULL;
  g_autofree char *form = NULL;
  g_autofree char *path = NULL;
  GHashTableIter iter;
  gpointer k, v;
  guint status;

  g_hash_table_insert (system, "app_key", g_strdup (APP_KEY));
  g_hash_table_insert (system, "timestamp", now_ms ());
  g_hash_table_insert (system, "sign_method", g_strdup ("sha256"));
  g_hash_table_insert (system, "method", g_strdup (method));
  g_hash_table_insert (system, "format", g_strdup ("json"));
  g_hash_table_insert (system, "partner_id", g_strdup ("rapport-test"));
  g_hash_table_insert (system, "simplify", g_strdup (simplify ? "true" : "false"));
  if (token != NULL)
    g_hash_table_insert (system, "session", g_strdup (token));

  for (const char *name = va_arg (ap, const char *); name != NULL; name = va_arg (ap, const char *))
    g_hash_table_insert (business, (gpointer)name, g_strdup (va_arg (ap, const char *)));

  g_hash_table_iter_init (&iter, system);
  while (g_hash_table_iter_next (&iter, &k, &v))
    g_hash_table_insert (all, k, v);
  g_hash_table_iter_init (&iter, business);
  while (g_hash_table_iter_next (&iter, &k, &v))
    g_hash_table_insert (all, k, v);
  g_hash_table_insert (system, "sign", sign (NULL, all));

  /* Tests of failures edit the signed request after signing. */
  if (tweak != NULL)
    {
      g_hash_table_iter_init (&iter, tweak);
      while (g_hash_table_iter_next (&iter, &k, &v))
        g_hash_table_insert (system, k, g_strdup (v));
    }

  query = encode (system);
  form = encode (business);
  path = g_strconcat ("/sync?", query, NULL);
  bytes = http (sb, "POST", path, form, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  return parse (bytes);
}

static JsonNode *
call (Sandbox    *sb,
      const char *method,
      gboolean    simplify,
      ...)
{
  va_list ap;
  JsonNode *node;

  va_start (ap, simplify);
  node = call_va (sb, method, simplify, sb->token, NULL, ap);
  va_end (ap);
  return node;
}

static JsonNode *
call_tweaked (Sandbox    *sb,
              const char *method,
              GHashTable *tweak,
              ...)
{
  va_list ap;
  JsonNode *node;

  va_start (ap, tweak);
  node = call_va (sb, method, FALSE, sb->token, tweak, ap);
  va_end (ap);
  return node;
}

/* The object inside <method>_response. */
static JsonObject *
envelope (JsonNode   *root,
          const char *method)
{
  g_autofree char *name = g_strdup_printf ("%s_response", method);
  JsonObject *obj = json_node_get_object (root);

  g_strdelimit (name, ".", '_');
  if (!json_object_has_member (obj, name))
    g_error ("No %s in %s", name, json_to_string (root, FALSE));
  return json_object_get_object_member (obj, name);
}

static JsonArray *
wrapped (JsonObject *obj,
         const char *list,
         const char *item)
{
  JsonObject *wrapper;

  g_assert_true (json_object_has_member (obj, list));
  wrapper = json_object_get_object_member (obj, list);
  g_assert_nonnull (wrapper);
  g_assert_true (json_object_has_member (wrapper, item));
  return json_object_get_array_member (wrapper, item);
}

static const char *
error_code (JsonNode *root)
{
  JsonObject *obj = json_node_get_object (root);

  if (json_object_has_member (obj, "error_response"))
    obj = json_object_get_object_member (obj, "error_response");
  return json_object_get_string_member_with_default (obj, "code", NULL);
}

static JsonNode *
control (Sandbox    *sb,
         const char *http_method,
         const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint status;

  bytes = http (sb, http_method, path, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  return parse (bytes);
}

static gint64
stat_int (Sandbox    *sb,
          const char *group,
          const char *name)
{
  g_autoptr(JsonNode) root = control (sb, "GET", "/sandbox/stats");
  JsonObject *obj = json_node_get_object (root);

  if (group != NULL)
    obj = json_object_get_object_member (obj, group);
  return json_object_get_int_member (obj, name);
}

/* ------------------------------------------------------------------------ */
/* Process handling                                                          */

static Sandbox *
sandbox_start (const char *first_arg,
               ...)
{
  Sandbox *sb = g_new0 (Sandbox, 1);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  const char *build_dir = g_getenv ("RAPPORT_BUILD_DIR");
  va_list ap;

  g_assert_nonnull (build_dir);
  g_ptr_array_add (argv, g_build_filename (build_dir, "src", "sandbox", "rapport-sandbox", NULL));
  g_ptr_array_add (argv, g_strdup ("--listen=127.0.0.1:0"));
  va_start (ap, first_arg);
  for (const char *a = first_arg; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, g_strdup (a));
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  sb->proc = g_subprocess_newv ((const char * const *)argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sb->proc));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "rapport-sandbox listening on http://127.0.0.1:"));
  sb->base = g_strdup (line + strlen ("rapport-sandbox listening on "));
  sb->session = soup_session_new_with_options ("timeout", 30, "proxy-resolver", NULL, NULL);
  return sb;
}

static void
sandbox_stop (Sandbox *sb)
{
  g_autoptr(GError) error = NULL;

  if (sb == NULL)
    return;
  g_subprocess_send_signal (sb->proc, SIGTERM);
  g_subprocess_wait (sb->proc, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (sb->proc));
  g_assert_cmpint (g_subprocess_get_exit_status (sb->proc), ==, 0);
  g_object_unref (sb->proc);
  g_object_unref (sb->session);
  g_free (sb->base);
  g_free (sb->token);
  g_free (sb->refresh);
  g_free (sb->state_dir);
  g_free (sb->log_path);
  g_free (sb);
}

/* The authorization code flow, then a token, through /rest/auth/token/create. */
static void
authorize (Sandbox *sb)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) location = NULL;
  g_autoptr(GHashTable) params = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) back = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *url = g_strconcat (sb->base, "/oauth/authorize?response_type=code&force_auth=true"
                                      "&client_id=" APP_KEY "&state=st%20ate"
                                      "&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fcallback", NULL);
  g_autofree char *query = NULL;
  g_autofree char *path = NULL;
  JsonObject *obj;
  guint status;

  msg = soup_message_new ("GET", url);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  bytes = soup_session_send_and_read (sb->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 302);
  location = g_uri_parse (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location"),
                          G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_uri_get_path (location), ==, "/callback");
  back = soup_form_decode (g_uri_get_query (location));
  g_assert_cmpstr (g_hash_table_lookup (back, "state"), ==, "st ate");
  g_assert_nonnull (g_hash_table_lookup (back, "code"));

  g_hash_table_insert (params, "app_key", g_strdup (APP_KEY));
  g_hash_table_insert (params, "timestamp", now_ms ());
  g_hash_table_insert (params, "sign_method", g_strdup ("sha256"));
  g_hash_table_insert (params, "partner_id", g_strdup ("iop-sdk-java-20181207"));
  g_hash_table_insert (params, "code", g_strdup (g_hash_table_lookup (back, "code")));
  g_hash_table_insert (params, "sign", sign ("/auth/token/create", params));
  query = encode (params);
  path = g_strconcat ("/rest/auth/token/create?", query, NULL);
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = http (sb, "POST", path, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  root = parse (bytes);
  obj = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (obj, "code"), ==, "0");
  g_assert_cmpstr (json_object_get_string_member (obj, "sp"), ==, "ae");
  g_assert_cmpint (json_object_get_int_member (obj, "expires_in"), >, 0);
  g_assert_cmpint (json_object_get_int_member (obj, "refresh_expires_in"), >,
                   json_object_get_int_member (obj, "expires_in"));
  g_assert_cmpint (json_object_get_int_member (obj, "expire_time"), >, g_get_real_time () / 1000);
  g_assert_true (json_object_has_member (obj, "refresh_token_valid_time"));
  g_assert_true (json_object_has_member (obj, "user_id"));
  g_assert_true (json_object_has_member (obj, "seller_id"));
  g_assert_true (json_object_has_member (obj, "user_nick"));
  g_assert_true (json_object_has_member (obj, "request_id"));
  /* Authorizing again (after the auth failure tests) replaces the old pair. */
  g_free (sb->token);
  sb->token = g_strdup (json_object_get_string_member (obj, "access_token"));
  g_free (sb->refresh);
  sb->refresh = g_strdup (json_object_get_string_member (obj, "refresh_token"));

  /* A code is good once. */
  g_clear_pointer (&bytes, g_bytes_unref);
  g_hash_table_insert (params, "timestamp", now_ms ());
  g_hash_table_remove (params, "sign");
  g_hash_table_insert (params, "sign", sign ("/auth/token/create", params));
  g_free (query);
  g_free (path);
  query = encode (params);
  path = g_strconcat ("/rest/auth/token/create?", query, NULL);
  bytes = http (sb, "POST", path, NULL, &status, &error);
  g_assert_no_error (error);
  json_node_unref (root);
  root = parse (bytes);
  g_assert_cmpstr (error_code (root), !=, NULL);
  g_assert_false (json_object_has_member (json_node_get_object (root), "error_response"));
}

static Sandbox *
get_shared (void)
{
  if (shared == NULL)
    {
      shared = sandbox_start ("--seed=7", "--orders=400", "--speed=0", "--start-time=" START, "--slow-ms=700", NULL);
      authorize (shared);
    }
  return shared;
}

/* ------------------------------------------------------------------------ */
/* Helpers over the world                                                    */

static JsonNode *
export (Sandbox *sb)
{
  return control (sb, "GET", "/sandbox/export");
}

static JsonObject *
find_order (JsonNode   *export_root,
            const char *status,
            gboolean    with_conversation)
{
  JsonArray *orders = json_object_get_array_member (json_node_get_object (export_root), "orders");
  JsonArray *convs = json_object_get_array_member (json_node_get_object (export_root), "conversations");

  for (guint i = json_array_get_length (orders); i > 0; i--)
    {
      JsonObject *o = json_array_get_object_element (orders, i - 1);
      gboolean has = FALSE;

      if (!g_str_equal (json_object_get_string_member (o, "order_status"), status))
        continue;
      for (guint j = 0; j < json_array_get_length (convs); j++)
        {
          JsonObject *c = json_array_get_object_element (convs, j);

          if (!json_object_get_null_member (c, "order_id") &&
              json_object_get_int_member (c, "order_id") == json_object_get_int_member (o, "order_id"))
            has = TRUE;
        }
      if (has == with_conversation)
        return o;
    }
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Tests                                                                     */

static void
test_orderlist (void)
{
  Sandbox *sb = get_shared ();
  const char *m = "aliexpress.trade.seller.orderlist.get";
  g_autoptr(JsonNode) root = call (sb, m, FALSE, "param_aeop_order_query",
                                   "{\"current_page\":1,\"page_size\":20}", NULL);
  g_autoptr(JsonNode) simple = NULL;
  g_autoptr(JsonNode) filtered = NULL;
  g_autoptr(JsonNode) bad = NULL;
  JsonObject *result = json_object_get_object_member (envelope (root, m), "result");
  JsonArray *orders = wrapped (result, "target_list", "aeop_order_item_dto");
  JsonObject *first = json_array_get_object_element (orders, 0);
  JsonArray *children;
  JsonObject *child, *money;
  JsonArray *list;

  g_assert_true (json_object_get_boolean_member (result, "success"));
  g_assert_cmpint (json_object_get_int_member (result, "total_count"), >=, 400);
  g_assert_cmpint (json_object_get_int_member (result, "total_page"), ==,
                   (json_object_get_int_member (result, "total_count") + 19) / 20);
  g_assert_cmpuint (json_array_get_length (orders), ==, 20);
  g_assert_true (JSON_NODE_TYPE (json_object_get_member (first, "order_id")) == JSON_NODE_VALUE);
  g_assert_cmpint (json_object_get_int_member (first, "order_id"), >, 0);
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$",
                                       json_object_get_string_member (first, "gmt_create"), 0, 0));
  money = json_object_get_object_member (first, "pay_amount");
  g_assert_true (g_regex_match_simple ("^\\d+\\.\\d\\d$", json_object_get_string_member (money, "amount"), 0, 0));
  g_assert_cmpstr (json_object_get_string_member (money, "currency_code"), ==, "USD");
  g_assert_nonnull (json_object_get_string_member (first, "buyer_login_id"));
  g_assert_nonnull (json_object_get_string_member (first, "order_status"));
  g_assert_nonnull (json_object_get_string_member (first, "logistics_status"));
  children = wrapped (first, "product_list", "order_product_dto");
  g_assert_cmpuint (json_array_get_length (children), >=, 1);
  child = json_array_get_object_element (children, 0);
  g_assert_cmpint (json_object_get_int_member (child, "child_id"), >, 0);
  g_assert_cmpint (json_object_get_int_member (child, "product_count"), >=, 1);
  g_assert_nonnull (json_object_get_string_member (child, "product_name"));
  g_assert_true (json_object_has_member (child, "memo"));

  /* simplify=true: no envelope, plain arrays. */
  simple = call (sb, m, TRUE, "param_aeop_order_query", "{\"current_page\":2,\"page_size\":5}", NULL);
  result = json_object_get_object_member (json_node_get_object (simple), "result");
  g_assert_nonnull (result);
  list = json_object_get_array_member (result, "target_list");
  g_assert_cmpuint (json_array_get_length (list), ==, 5);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_array_get_object_element (list, 0),
                                                               "product_list")));
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (list, 0), "order_id"), ==,
                   json_object_get_int_member (json_array_get_object_element (orders, 5), "order_id"));

  /* Status list and a Pacific create window. */
  filtered = call (sb, m, FALSE, "param_aeop_order_query",
                   "{\"current_page\":1,\"page_size\":50,\"order_status_list\":[\"WAIT_SELLER_SEND_GOODS\",\"FINISH\"],"
                   "\"create_date_start\":\"2025-12-01 00:00:00\",\"create_date_end\":\"2025-12-20 23:59:59\"}", NULL);
  result = json_object_get_object_member (envelope (filtered, m), "result");
  list = wrapped (result, "target_list", "aeop_order_item_dto");
  g_assert_cmpuint (json_array_get_length (list), >, 0);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *o = json_array_get_object_element (list, i);
      const char *status = json_object_get_string_member (o, "order_status");
      const char *created = json_object_get_string_member (o, "gmt_create");

      g_assert_true (g_str_equal (status, "WAIT_SELLER_SEND_GOODS") || g_str_equal (status, "FINISH"));
      g_assert_cmpstr (created, >=, "2025-12-01 00:00:00");
      g_assert_cmpstr (created, <=, "2025-12-20 23:59:59");
    }

  /* A business failure arrives inside a successful envelope. */
  bad = call (sb, m, FALSE, "param_aeop_order_query", "{\"current_page\":1,\"page_size\":20,"
              "\"create_date_start\":\"12/01/2025\"}", NULL);
  result = json_object_get_object_member (envelope (bad, m), "result");
  g_assert_false (json_object_get_boolean_member (result, "success"));
  g_assert_cmpstr (json_object_get_string_member (result, "error_code"), ==, "PARAM_ERROR");

  /* Every documented status may be asked for, even one no order of this world has; a
   * word the platform does not know is refused. */
  {
    g_autoptr(JsonNode) all = NULL;
    g_autoptr(JsonNode) unknown = NULL;

    all = call (sb, m, FALSE, "param_aeop_order_query",
                "{\"current_page\":1,\"page_size\":50,\"order_status_list\":[\"IN_CANCEL\","
                "\"RISK_CONTROL\",\"WAIT_SELLER_EXAMINE_MONEY\",\"FINISH\"]}", NULL);
    result = json_object_get_object_member (envelope (all, m), "result");
    g_assert_true (json_object_get_boolean_member (result, "success"));
    list = wrapped (result, "target_list", "aeop_order_item_dto");
    g_assert_cmpuint (json_array_get_length (list), >, 0);
    for (guint i = 0; i < json_array_get_length (list); i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, i),
                                                      "order_status"), ==, "FINISH");

    unknown = call (sb, m, FALSE, "param_aeop_order_query",
                    "{\"current_page\":1,\"page_size\":50,\"order_status_list\":[\"SHIPPED_MAYBE\"]}", NULL);
    result = json_object_get_object_member (envelope (unknown, m), "result");
    g_assert_false (json_object_get_boolean_member (result, "success"));
    g_assert_cmpstr (json_object_get_string_member (result, "error_code"), ==, "PARAM_ERROR");
  }
}

static void
test_order_detail (void)
{
  Sandbox *sb = get_shared ();
  const char *m = "aliexpress.trade.new.redefining.findorderbyid";
  g_autoptr(JsonNode) world = export (sb);
  JsonArray *disputes = json_object_get_array_member (json_node_get_object (world), "disputes");
  gint64 id = json_object_get_int_member (json_array_get_object_element (disputes, 0), "parent_order_id");
  g_autofree char *param1 = g_strdup_printf ("{\"order_id\":%" G_GINT64_FORMAT "}", id);
  g_autoptr(JsonNode) root = call (sb, m, FALSE, "param1", param1, NULL);
  g_autoptr(JsonNode) missing = call (sb, m, FALSE, "param1", "{\"order_id\":1}", NULL);
  JsonObject *target = json_object_get_object_member (envelope (root, m), "target");
  JsonObject *address, *buyer, *issue;
  JsonArray *children, *logistics;

  g_assert_cmpint (json_object_get_int_member (target, "id"), ==, id);
  address = json_object_get_object_member (target, "receipt_address");
  g_assert_nonnull (json_object_get_string_member (address, "contact_person"));
  g_assert_nonnull (json_object_get_string_member (address, "country"));
  g_assert_nonnull (json_object_get_string_member (address, "city"));
  g_assert_nonnull (json_object_get_string_member (address, "zip"));
  buyer = json_object_get_object_member (target, "buyer_info");
  g_assert_cmpstr (json_object_get_string_member (buyer, "country"), ==,
                   json_object_get_string_member (address, "country"));
  g_assert_cmpstr (json_object_get_string_member (buyer, "login_id"), ==,
                   json_object_get_string_member (target, "buyerloginid"));
  g_assert_true (json_object_has_member (target, "memo"));
  issue = json_object_get_object_member (target, "issue_info");
  g_assert_nonnull (issue);
  g_assert_nonnull (json_object_get_string_member (issue, "issue_status"));
  children = wrapped (target, "child_order_list", "aeop_tp_child_order_dto");
  g_assert_cmpuint (json_array_get_length (children), >=, 1);
  g_assert_true (json_object_has_member (json_array_get_object_element (children, 0), "buyer_memo"));
  logistics = wrapped (target, "logistic_info_list", "aeop_tp_logistic_info_dto");
  g_assert_cmpuint (json_array_get_length (logistics), ==, 1);
  g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (logistics, 0), "logistics_no"));

  g_assert_cmpstr (error_code (missing), ==, "InvalidParameter");
}

static void
test_messages (void)
{
  Sandbox *sb = get_shared ();
  const char *rel = "aliexpress.message.redefining.versiontwo.querymsgrelationlist";
  const char *det = "aliexpress.message.redefining.versiontwo.querymsgdetaillist";
  const char *add = "aliexpress.message.redefining.versiontwo.addmsg";
  g_autoptr(JsonNode) root = call (sb, rel, FALSE, "query", "{\"current_page\":1,\"page_size\":10}", NULL);
  g_autoptr(JsonNode) unread = NULL;
  g_autoptr(JsonNode) detail = NULL;
  g_autoptr(JsonNode) added = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) windowed = NULL;
  g_autoptr(JsonNode) simple = NULL;
  g_autoptr(JsonNode) updated = NULL;
  g_autoptr(JsonNode) too_long = NULL;
  JsonObject *result = json_object_get_object_member (envelope (root, rel), "result");
  JsonArray *relations = wrapped (result, "relation_list", "relation_result");
  JsonObject *r = json_array_get_object_element (relations, 0);
  const char *channel = json_object_get_string_member (r, "channel_id");
  gint64 last_time = json_object_get_int_member (r, "message_time");
  g_autofree char *create = NULL;
  g_autofree char *query = NULL;
  g_autofree char *long_text = NULL;
  JsonArray *messages;
  JsonObject *msg;
  gint64 new_id;

  g_assert_true (json_object_get_boolean_member (result, "is_success"));
  g_assert_cmpuint (json_array_get_length (relations), ==, 10);
  g_assert_nonnull (channel);
  g_assert_cmpint (last_time, >, G_GINT64_CONSTANT (1700000000000));
  for (guint i = 1; i < json_array_get_length (relations); i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (relations, i), "message_time"),
                     <=, json_object_get_int_member (json_array_get_object_element (relations, i - 1),
                                                     "message_time"));
  g_assert_true (json_object_has_member (r, "unread_count"));
  g_assert_true (json_object_has_member (r, "read_stat"));
  g_assert_true (json_object_has_member (r, "deal_stat"));
  g_assert_true (json_object_has_member (r, "rank"));
  g_assert_true (json_object_has_member (r, "last_message_is_own"));
  g_assert_true (json_object_has_member (r, "other_login_id"));

  unread = call (sb, rel, FALSE, "query", "{\"current_page\":1,\"page_size\":100,\"only_un_readed\":true}", NULL);
  relations = wrapped (json_object_get_object_member (envelope (unread, rel), "result"), "relation_list",
                       "relation_result");
  for (guint i = 0; i < json_array_get_length (relations); i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (relations, i), "unread_count"), >, 0);

  detail = call (sb, det, FALSE, "channel_id", channel, "current_page", "1", "page_size", "50", NULL);
  messages = wrapped (json_object_get_object_member (envelope (detail, det), "result"),
                      "message_detail_list", "message_detail");
  g_assert_cmpuint (json_array_get_length (messages), >=, 1);
  msg = json_array_get_object_element (messages, 0);
  g_assert_cmpint (json_object_get_int_member (msg, "id"), >, 0);
  g_assert_cmpint (json_object_get_int_member (msg, "gmt_create"), ==, last_time);
  g_assert_nonnull (json_object_get_string_member (msg, "content"));
  g_assert_nonnull (json_object_get_object_member (msg, "summary"));

  /* addmsg: buyer text may hold markup; it is stored as text. */
  create = g_strdup_printf ("{\"channel_id\":\"%s\",\"content\":\"Hello <b>there</b> & welcome \\u00e9\","
                            "\"message_type\":\"order\"}", channel);
  added = call (sb, add, FALSE, "create_param", create, NULL);
  result = json_object_get_object_member (envelope (added, add), "result");
  g_assert_true (json_object_get_boolean_member (result, "is_success"));
  new_id = json_object_get_int_member (result, "message_id");
  g_assert_cmpint (new_id, >, 0);
  g_assert_cmpstr (json_object_get_string_member (result, "channel_id"), ==, channel);

  after = call (sb, det, TRUE, "channel_id", channel, NULL);
  messages = json_object_get_array_member (json_object_get_object_member (json_node_get_object (after), "result"),
                                           "message_detail_list");
  msg = json_array_get_object_element (messages, 0);
  g_assert_cmpint (json_object_get_int_member (msg, "id"), ==, new_id);
  g_assert_cmpstr (json_object_get_string_member (msg, "content"), ==, "Hello <b>there</b> & welcome é");

  /* Incremental sync: only conversations changed since a time. */
  query = g_strdup_printf ("{\"current_page\":1,\"page_size\":100,\"start_time\":%" G_GINT64_FORMAT "}",
                           json_object_get_int_member (msg, "gmt_create"));
  windowed = call (sb, rel, FALSE, "query", query, NULL);
  relations = wrapped (json_object_get_object_member (envelope (windowed, rel), "result"), "relation_list",
                       "relation_result");
  g_assert_cmpuint (json_array_get_length (relations), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (relations, 0), "channel_id"), ==,
                   channel);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (relations, 0),
                                                 "last_message_is_own"));

  updated = call (sb, "aliexpress.message.redefining.versiontwo.updatemsgrank", FALSE,
                  "channel_id", channel, "rank", "3", NULL);
  g_assert_true (json_object_get_boolean_member (
    json_object_get_object_member (envelope (updated, "aliexpress.message.redefining.versiontwo.updatemsgrank"),
                                   "result"), "is_success"));
  simple = call (sb, rel, TRUE, "query", "{\"current_page\":1,\"page_size\":100,\"rank\":3}", NULL);
  relations = json_object_get_array_member (json_object_get_object_member (json_node_get_object (simple), "result"),
                                            "relation_list");
  g_assert_cmpuint (json_array_get_length (relations), >=, 1);
  for (guint i = 0; i < json_array_get_length (relations); i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (relations, i), "rank"), ==, 3);

  {
    g_autoptr(JsonNode) read = call (sb, "aliexpress.message.redefining.versiontwo.updatemsgread", FALSE,
                                     "channel_id", channel, NULL);
    g_autoptr(JsonNode) dealt = call (sb, "aliexpress.message.redefining.versiontwo.updatemsgprocessed", FALSE,
                                      "channel_id", channel, "deal_stat", "1", NULL);

    g_assert_true (json_object_get_boolean_member (
      json_object_get_object_member (envelope (read, "aliexpress.message.redefining.versiontwo.updatemsgread"),
                                     "result"), "is_success"));
    g_assert_true (json_object_get_boolean_member (
      json_object_get_object_member (envelope (dealt, "aliexpress.message.redefining.versiontwo.updatemsgprocessed"),
                                     "result"), "is_success"));
  }

  /* Huge text is refused with a clear business error, and nothing is stored. */
  long_text = g_strnfill (2500, 'x');
  g_free (create);
  create = g_strdup_printf ("{\"channel_id\":\"%s\",\"content\":\"%s\"}", channel, long_text);
  too_long = call (sb, add, FALSE, "create_param", create, NULL);
  result = json_object_get_object_member (envelope (too_long, add), "result");
  g_assert_false (json_object_get_boolean_member (result, "is_success"));
  g_assert_nonnull (json_object_get_string_member (result, "error_msg"));
}

static void
test_issues (void)
{
  Sandbox *sb = get_shared ();
  const char *list_m = "aliexpress.issue.issuelist.get";
  const char *detail_m = "aliexpress.issue.detail.get";
  g_autoptr(JsonNode) root = call (sb, list_m, FALSE, "query_dto",
                                   "{\"current_page\":1,\"page_size\":50,\"issue_status\":\"processing\"}", NULL);
  g_autoptr(JsonNode) detail = NULL;
  g_autoptr(JsonNode) saved = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) agreed = NULL;
  JsonObject *env = envelope (root, list_m);
  JsonArray *issues = wrapped (env, "data_list", "issue_api_issue_dto");
  JsonObject *issue, *obj;
  JsonArray *buyer_solutions, *process;
  g_autofree char *issue_id = NULL;
  g_autofree char *dto = NULL;
  g_autofree char *buyer_solution = NULL;
  const char *buyer;

  g_assert_cmpint (json_object_get_int_member (env, "total_item"), >=, 1);
  g_assert_cmpint (json_object_get_int_member (env, "current_page"), ==, 1);
  issue = json_array_get_object_element (issues, 0);
  g_assert_cmpstr (json_object_get_string_member (issue, "issue_status"), ==, "processing");
  g_assert_nonnull (json_object_get_string_member (issue, "reason_english"));
  g_assert_nonnull (json_object_get_string_member (issue, "reason_chinese"));
  g_assert_cmpint (json_object_get_int_member (issue, "parent_order_id"), >, 0);
  buyer = json_object_get_string_member (issue, "buyer_login_id");
  issue_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (issue, "issue_id"));

  detail = call (sb, detail_m, FALSE, "issue_id", issue_id, "buyer_login_id", buyer, NULL);
  obj = json_object_get_object_member (envelope (detail, detail_m), "result_object");
  g_assert_cmpstr (json_object_get_string_member (obj, "issue_status"), ==, "processing");
  g_assert_nonnull (json_object_get_string_member (obj, "reverse_detail_status"));
  g_assert_nonnull (json_object_get_string_member (obj, "timeout_type"));
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$",
                                       json_object_get_string_member (obj, "timeout_trigger_time"), 0, 0));
  buyer_solutions = wrapped (obj, "buyer_solution_list", "solution_api_dto");
  g_assert_cmpuint (json_array_get_length (buyer_solutions), >=, 1);
  wrapped (obj, "seller_solution_list", "solution_api_dto");
  wrapped (obj, "platform_solution_list", "solution_api_dto");
  process = wrapped (obj, "process_dto_list", "api_issue_process_dto");
  g_assert_cmpuint (json_array_get_length (process), >=, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (process, 0), "action_type"), ==,
                   "initiate");
  wrapped (json_array_get_object_element (process, 0), "attachments", "api_attachment_dto");
  for (guint i = 0; i < json_array_get_length (buyer_solutions); i++)
    {
      JsonObject *s = json_array_get_object_element (buyer_solutions, i);

      g_assert_nonnull (json_object_get_string_member (s, "refund_money"));
      g_assert_cmpstr (json_object_get_string_member (s, "refund_money_currency"), ==, "USD");
      if (g_str_equal (json_object_get_string_member (s, "status"), "wait_seller_accept"))
        buyer_solution = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (s, "id"));
    }

  if (buyer_solution != NULL)
    {
      dto = g_strdup_printf ("{\"issue_id\":%s,\"buyer_login_id\":\"%s\",\"add_seller_solution\":true,"
                             "\"add_solution_type\":\"refund\",\"buyer_solution_id\":%s,\"refund_amount\":\"0.50\","
                             "\"refund_amount_currency\":\"USD\",\"solution_context\":\"We offer a partial refund.\"}",
                             issue_id, buyer, buyer_solution);
      saved = call (sb, "aliexpress.issue.solution.save", FALSE, "param_dto", dto, NULL);
      g_assert_true (json_object_get_boolean_member (envelope (saved, "aliexpress.issue.solution.save"),
                                                     "result_object"));
      again = call (sb, detail_m, FALSE, "issue_id", issue_id, "buyer_login_id", buyer, NULL);
      obj = json_object_get_object_member (envelope (again, detail_m), "result_object");
      g_assert_cmpuint (json_array_get_length (wrapped (obj, "seller_solution_list", "solution_api_dto")), >=, 1);
      g_assert_cmpstr (json_object_get_string_member (obj, "reverse_detail_status"), ==, "wait_for_buyer_response");

      /* The buyer solution was rejected: agreeing to it now is a business failure. */
      agreed = call (sb, "aliexpress.issue.solution.agree", FALSE, "issue_id", issue_id, "buyer_login_id", buyer,
                     "solution_id", buyer_solution, NULL);
      g_assert_false (json_object_get_boolean_member (envelope (agreed, "aliexpress.issue.solution.agree"),
                                                      "result_object"));
    }
}

static void
test_logistics (void)
{
  Sandbox *sb = get_shared ();
  const char *list_m = "aliexpress.logistics.redefining.listlogisticsservice";
  const char *track_m = "aliexpress.logistics.redefining.querytrackingresult";
  const char *fulfill_m = "aliexpress.solution.order.fulfill";
  const char *extend_m = "aliexpress.trade.redefining.extendsbuyeracceptgoodstime";
  g_autoptr(JsonNode) services = call (sb, list_m, FALSE, NULL);
  g_autoptr(JsonNode) world = export (sb);
  g_autoptr(JsonNode) tracked = NULL;
  g_autoptr(JsonNode) shipped = NULL;
  g_autoptr(JsonNode) twice = NULL;
  g_autoptr(JsonNode) extended = NULL;
  g_autoptr(JsonNode) unknown = NULL;
  JsonArray *list = wrapped (envelope (services, list_m), "result_list", "aeop_logistics_service_result");
  JsonArray *shipments = json_object_get_array_member (json_node_get_object (world), "shipments");
  JsonObject *shipment = NULL, *waiting;
  g_autofree char *out_ref = NULL;
  g_autofree char *waiting_ref = NULL;
  JsonArray *details;

  g_assert_cmpuint (json_array_get_length (list), >=, 5);
  g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (list, 0), "service_name"));
  g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (list, 0), "tracking_no_regex"));

  for (guint i = 0; i < json_array_get_length (shipments) && shipment == NULL; i++)
    {
      JsonObject *s = json_array_get_object_element (shipments, i);

      if (json_array_get_length (json_object_get_array_member (s, "events")) > 3)
        shipment = s;
    }
  g_assert_nonnull (shipment);
  out_ref = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (shipment, "order_id"));
  tracked = call (sb, track_m, FALSE, "logistics_no", json_object_get_string_member (shipment, "logistics_no"),
                  "origin", "ESCROW", "out_ref", out_ref,
                  "service_name", json_object_get_string_member (shipment, "service_name"), "to_area", "US", NULL);
  g_assert_true (json_object_get_boolean_member (envelope (tracked, track_m), "result_success"));
  details = wrapped (envelope (tracked, track_m), "details", "details");
  g_assert_cmpuint (json_array_get_length (details), ==,
                    json_array_get_length (json_object_get_array_member (shipment, "events")));
  g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (details, 0), "event_desc"));
  g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (details, 0), "action_code"));

  unknown = call (sb, track_m, FALSE, "logistics_no", "NOPE123", NULL);
  g_assert_false (json_object_get_boolean_member (envelope (unknown, track_m), "result_success"));
  g_assert_nonnull (json_object_get_string_member (envelope (unknown, track_m), "error_desc"));

  waiting = find_order (world, "WAIT_SELLER_SEND_GOODS", FALSE);
  g_assert_nonnull (waiting);
  waiting_ref = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (waiting, "order_id"));
  shipped = call (sb, fulfill_m, FALSE, "service_name", "CAINIAO_STANDARD", "out_ref", waiting_ref,
                  "send_type", "all", "logistics_no", "LP00123456789012", NULL);
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (envelope (shipped, fulfill_m),
                                                                                "result"), "result_success"));
  twice = call (sb, fulfill_m, FALSE, "service_name", "CAINIAO_STANDARD", "out_ref", waiting_ref,
                "send_type", "all", "logistics_no", "LP00123456789013", NULL);
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (envelope (twice, fulfill_m),
                                                                               "result"), "result_success"));

  extended = call (sb, extend_m, FALSE, "param0", waiting_ref, "param1", "5", NULL);
  g_assert_true (json_object_get_boolean_member (envelope (extended, extend_m), "is_success"));
}

static GHashTable *
tweak_new (const char *key,
           const char *value)
{
  GHashTable *t = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (t, (gpointer)key, (gpointer)value);
  return t;
}

static void
test_auth_failures (void)
{
  Sandbox *sb = get_shared ();
  const char *m = "aliexpress.logistics.redefining.listlogisticsservice";
  g_autoptr(GHashTable) bad_sign = tweak_new ("sign", "00");
  g_autoptr(GHashTable) bad_key = tweak_new ("app_key", "intruder");
  g_autoptr(GHashTable) old = tweak_new ("timestamp", "1517820392000");
  g_autoptr(GHashTable) bad_token = tweak_new ("session", "50000nope");
  g_autoptr(GHashTable) no_sign = tweak_new ("sign", "");
  g_autoptr(JsonNode) r1 = call_tweaked (sb, m, bad_sign, NULL);
  g_autoptr(JsonNode) r2 = call_tweaked (sb, m, bad_key, NULL);
  g_autoptr(JsonNode) r3 = call_tweaked (sb, m, old, NULL);
  g_autoptr(JsonNode) r4 = NULL;
  g_autoptr(JsonNode) r5 = call_tweaked (sb, m, no_sign, NULL);
  g_autoptr(JsonNode) r6 = NULL;
  g_autoptr(JsonNode) r7 = NULL;
  g_autoptr(GHashTable) params = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  JsonObject *err;
  va_list none;

  g_assert_cmpstr (error_code (r1), ==, "IncompleteSignature");
  err = json_object_get_object_member (json_node_get_object (r1), "error_response");
  g_assert_cmpstr (json_object_get_string_member (err, "type"), ==, "ISV");
  g_assert_nonnull (json_object_get_string_member (err, "msg"));
  g_assert_nonnull (json_object_get_string_member (err, "request_id"));
  g_assert_cmpstr (error_code (r2), ==, "InvalidAppKey");
  g_assert_cmpstr (error_code (r3), ==, "InvalidTimestamp");
  g_assert_cmpstr (error_code (r5), ==, "IncompleteSignature");

  /* The token is signed too, so sign a request with the wrong token. */
  g_free (g_steal_pointer (&sb->token));
  sb->token = g_strdup ("50000wrongtoken");
  r4 = call (sb, m, FALSE, NULL);
  g_assert_cmpstr (error_code (r4), ==, "IllegalAccessToken");
  g_free (sb->token);
  sb->token = NULL;
  r6 = call (sb, m, FALSE, NULL);
  g_assert_cmpstr (error_code (r6), ==, "IllegalAccessToken");
  (void)bad_token;
  (void)none;

  /* /rest errors are top level and say "message". */
  g_hash_table_insert (params, "app_key", g_strdup (APP_KEY));
  g_hash_table_insert (params, "timestamp", now_ms ());
  g_hash_table_insert (params, "sign_method", g_strdup ("sha256"));
  g_hash_table_insert (params, "refresh_token", g_strdup ("nope"));
  g_hash_table_insert (params, "sign", g_strdup ("BAD"));
  {
    g_autofree char *q = encode (params);
    g_autofree char *path = g_strconcat ("/rest/auth/token/refresh?", q, NULL);
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(GError) error = NULL;

    bytes = http (sb, "POST", path, NULL, NULL, &error);
    g_assert_no_error (error);
    r7 = parse (bytes);
  }
  g_assert_cmpstr (error_code (r7), ==, "IncompleteSignature");
  g_assert_true (json_object_has_member (json_node_get_object (r7), "message"));

  /* Re-authorize for the following tests. */
  authorize (sb);
}

static void
test_token_refresh (void)
{
  Sandbox *sb = sandbox_start ("--seed=3", "--orders=50", "--speed=0", "--start-time=" START, "--token-ttl=1", NULL);
  const char *m = "aliexpress.logistics.redefining.listlogisticsservice";
  g_autoptr(JsonNode) ok = NULL;
  g_autoptr(JsonNode) expired = NULL;
  g_autoptr(JsonNode) refreshed = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GHashTable) params = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *q = NULL;
  g_autofree char *path = NULL;
  JsonObject *obj;

  authorize (sb);
  ok = call (sb, m, FALSE, NULL);
  g_assert_null (error_code (ok));
  g_usleep (1300 * 1000);
  expired = call (sb, m, FALSE, NULL);
  g_assert_cmpstr (error_code (expired), ==, "IllegalAccessToken");

  /* The Python SDK style: /rest with method=/auth/token/refresh, signed with the prefix. */
  g_hash_table_insert (params, "app_key", g_strdup (APP_KEY));
  g_hash_table_insert (params, "timestamp", now_ms ());
  g_hash_table_insert (params, "sign_method", g_strdup ("sha256"));
  g_hash_table_insert (params, "method", g_strdup ("/auth/token/refresh"));
  g_hash_table_insert (params, "partner_id", g_strdup ("iop-sdk-python-20220609"));
  g_hash_table_insert (params, "simplify", g_strdup ("false"));
  g_hash_table_insert (params, "format", g_strdup ("json"));
  g_hash_table_insert (params, "refresh_token", g_strdup (sb->refresh));
  g_hash_table_insert (params, "sign", sign ("/auth/token/refresh", params));
  q = encode (params);
  path = g_strconcat ("/rest?", q, NULL);
  bytes = http (sb, "POST", path, NULL, NULL, &error);
  g_assert_no_error (error);
  refreshed = parse (bytes);
  obj = json_node_get_object (refreshed);
  g_assert_cmpstr (json_object_get_string_member_with_default (obj, "code", ""), ==, "0");
  g_assert_cmpstr (json_object_get_string_member (obj, "refresh_token"), ==, sb->refresh);
  g_free (sb->token);
  sb->token = g_strdup (json_object_get_string_member (obj, "access_token"));
  again = call (sb, m, FALSE, NULL);
  g_assert_null (error_code (again));

  sandbox_stop (sb);
}

static void
set_faults (Sandbox    *sb,
            const char *rate,
            const char *modes)
{
  g_autofree char *path = g_strdup_printf ("/sandbox/faults?rate=%s&modes=%s", rate, modes);
  g_autoptr(JsonNode) root = control (sb, "POST", path);

  g_assert_nonnull (json_object_get_object_member (json_node_get_object (root), "settings"));
}

/* A raw HTTP GET, so that resets and truncation can be told apart. */
static GBytes *
raw_get (Sandbox    *sb,
         const char *method)
{
  g_autoptr(GHashTable) params = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = g_uri_parse (sb->base, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autofree char *q = NULL;
  g_autofree char *request = NULL;
  guint8 buffer[4096];
  gssize n;

  g_hash_table_insert (params, "app_key", g_strdup (APP_KEY));
  g_hash_table_insert (params, "timestamp", now_ms ());
  g_hash_table_insert (params, "sign_method", g_strdup ("sha256"));
  g_hash_table_insert (params, "method", g_strdup (method));
  /* The token may also come as access_token. */
  g_hash_table_insert (params, "access_token", g_strdup (sb->token));
  g_hash_table_insert (params, "sign", sign (NULL, params));
  q = encode (params);
  request = g_strdup_printf ("GET /sync?%s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", q);

  g_socket_client_set_enable_proxy (client, FALSE);
  conn = g_socket_client_connect_to_host (client, "127.0.0.1", g_uri_get_port (uri), NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)), request, strlen (request),
                             NULL, NULL, &error);
  g_assert_no_error (error);
  while ((n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (conn)), buffer, sizeof buffer,
                                   NULL, NULL)) > 0)
    g_byte_array_append (data, buffer, n);
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

static void
test_faults (void)
{
  Sandbox *sb = get_shared ();
  const char *m = "aliexpress.logistics.redefining.listlogisticsservice";
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) throttled = NULL;
  g_autoptr(JsonNode) still = NULL;
  g_autoptr(JsonNode) fine = NULL;
  g_autoptr(JsonNode) world = NULL;
  g_autoptr(GRegex) ban = g_regex_new ("This ban will last for (\\d+) more seconds", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *seconds = NULL;
  g_autofree char *text = NULL;
  guint status = 0;
  gint64 t0;

  /* Everything in the query of a GET works too. */
  bytes = raw_get (sb, m);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_true (g_str_has_prefix (text, "HTTP/1.1 200"));
  g_assert_nonnull (strstr (text, "aliexpress_logistics_redefining_listlogisticsservice_response"));
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* Latency applies to every answer. */
  {
    g_autoptr(JsonNode) set = control (sb, "POST", "/sandbox/faults?rate=0&latency_ms=400");
    g_autoptr(JsonNode) slow_answer = NULL;
    g_autoptr(JsonNode) unset = NULL;

    t0 = g_get_monotonic_time ();
    slow_answer = call (sb, m, FALSE, NULL);
    g_assert_null (error_code (slow_answer));
    g_assert_cmpint (g_get_monotonic_time () - t0, >=, 380 * 1000);
    unset = control (sb, "POST", "/sandbox/faults?latency_ms=0");
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (unset),
                                                                                "settings"), "latency_ms"), ==, 0);
  }

  /* HTTP 500 */
  set_faults (sb, "1", "http_500");
  {
    g_autoptr(GHashTable) p = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
    g_autofree char *q = NULL;
    g_autofree char *path = NULL;

    g_hash_table_insert (p, "app_key", g_strdup (APP_KEY));
    q = encode (p);
    path = g_strconcat ("/sync?", q, NULL);
    bytes = http (sb, "GET", path, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (status, ==, 500);
  }
  set_faults (sb, "0", "all");
  g_assert_cmpint (stat_int (sb, "faults", "http_500"), ==, 1);

  /* Connection reset: no status line at all. */
  set_faults (sb, "1", "reset");
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = raw_get (sb, m);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 0);
  set_faults (sb, "0", "all");
  g_assert_cmpint (stat_int (sb, "faults", "reset"), ==, 1);

  /* Truncated body: the promised length is not delivered. */
  set_faults (sb, "1", "truncated");
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = raw_get (sb, m);
  set_faults (sb, "0", "all");
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_true (g_str_has_prefix (text, "HTTP/1.1 200"));
  {
    const char *cl = strstr (text, "Content-Length: ");
    const char *body = strstr (text, "\r\n\r\n");

    g_assert_nonnull (cl);
    g_assert_nonnull (body);
    g_assert_cmpuint (strlen (body + 4), <, g_ascii_strtoull (cl + 16, NULL, 10));
  }
  g_assert_cmpint (stat_int (sb, "faults", "truncated"), ==, 1);

  /* Slow answer. */
  set_faults (sb, "1", "slow");
  t0 = g_get_monotonic_time ();
  fine = call (sb, m, FALSE, NULL);
  g_assert_null (error_code (fine));
  g_assert_cmpint (g_get_monotonic_time () - t0, >=, 650 * 1000);
  set_faults (sb, "0", "all");
  g_assert_cmpint (stat_int (sb, "faults", "slow"), ==, 1);

  /* Throttling: the ban lasts, and says for how long. */
  set_faults (sb, "1", "throttle");
  throttled = call (sb, m, FALSE, NULL);
  set_faults (sb, "0", "all");
  g_assert_cmpstr (error_code (throttled), ==, "ApiCallLimit");
  g_assert_true (g_regex_match (ban, json_object_get_string_member (
    json_object_get_object_member (json_node_get_object (throttled), "error_response"), "msg"), 0, &match));
  seconds = g_match_info_fetch (match, 1);
  still = call (sb, m, FALSE, NULL);
  g_assert_cmpstr (error_code (still), ==, "ApiCallLimit");
  g_assert_cmpint (stat_int (sb, "faults", "throttled_requests"), ==, 1);
  g_usleep ((g_ascii_strtoull (seconds, NULL, 10) * 1000 + 300) * 1000);
  g_clear_pointer (&fine, json_node_unref);
  fine = call (sb, m, FALSE, NULL);
  g_assert_null (error_code (fine));
  g_assert_cmpint (stat_int (sb, "faults", "throttle"), ==, 1);

  /* Ambiguous write: applied, then the connection drops. */
  world = export (sb);
  {
    JsonObject *o = find_order (world, "WAIT_SELLER_SEND_GOODS", TRUE);
    g_autofree char *create = NULL;
    g_autofree char *channel = NULL;
    g_autoptr(JsonNode) detail = NULL;
    g_autoptr(GHashTable) system = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
    g_autoptr(GHashTable) business = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
    g_autoptr(GHashTable) all = g_hash_table_new (g_str_hash, g_str_equal);
    g_autofree char *q = NULL;
    g_autofree char *form = NULL;
    g_autofree char *path = NULL;
    JsonArray *messages;

    g_assert_nonnull (o);
    channel = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (o, "order_id"));
    create = g_strdup_printf ("{\"channel_id\":\"%s\",\"content\":\"Did this arrive?\"}", channel);
    g_hash_table_insert (system, "app_key", g_strdup (APP_KEY));
    g_hash_table_insert (system, "timestamp", now_ms ());
    g_hash_table_insert (system, "sign_method", g_strdup ("sha256"));
    g_hash_table_insert (system, "method", g_strdup ("aliexpress.message.redefining.versiontwo.addmsg"));
    g_hash_table_insert (system, "session", g_strdup (sb->token));
    g_hash_table_insert (business, "create_param", g_strdup (create));
    g_hash_table_insert (all, "app_key", g_hash_table_lookup (system, "app_key"));
    g_hash_table_insert (all, "timestamp", g_hash_table_lookup (system, "timestamp"));
    g_hash_table_insert (all, "sign_method", g_hash_table_lookup (system, "sign_method"));
    g_hash_table_insert (all, "method", g_hash_table_lookup (system, "method"));
    g_hash_table_insert (all, "session", g_hash_table_lookup (system, "session"));
    g_hash_table_insert (all, "create_param", create);
    g_hash_table_insert (system, "sign", sign (NULL, all));
    q = encode (system);
    form = encode (business);
    path = g_strconcat ("/sync?", q, NULL);

    set_faults (sb, "1", "ambiguous");
    g_clear_pointer (&bytes, g_bytes_unref);
    g_clear_error (&error);
    bytes = http (sb, "POST", path, form, NULL, &error);
    g_assert_nonnull (error);
    set_faults (sb, "0", "all");

    detail = call (sb, "aliexpress.message.redefining.versiontwo.querymsgdetaillist", TRUE, "channel_id", channel, NULL);
    messages = json_object_get_array_member (json_object_get_object_member (json_node_get_object (detail), "result"),
                                             "message_detail_list");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0), "content"), ==,
                     "Did this arrive?");
    g_assert_cmpint (stat_int (sb, "faults", "ambiguous"), ==, 1);
  }
}

static void
test_clock (void)
{
  Sandbox *sb = get_shared ();
  g_autoptr(JsonNode) world = export (sb);
  JsonObject *o = find_order (world, "WAIT_SELLER_SEND_GOODS", FALSE);
  gint64 orders = stat_int (sb, NULL, "orders");
  gint64 events = stat_int (sb, NULL, "buyer_events");
  gint64 messages = stat_int (sb, NULL, "messages");
  g_autofree char *channel = NULL;
  g_autofree char *create = NULL;
  g_autoptr(JsonNode) added = NULL;
  g_autoptr(JsonNode) advanced = NULL;
  g_autoptr(JsonNode) detail = NULL;
  JsonArray *list;
  JsonObject *newest;

  g_assert_nonnull (o);
  channel = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (o, "order_id"));
  create = g_strdup_printf ("{\"channel_id\":\"%s\",\"content\":\"Please confirm your order\"}", channel);
  added = call (sb, "aliexpress.message.redefining.versiontwo.addmsg", FALSE, "create_param", create, NULL);
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (
    envelope (added, "aliexpress.message.redefining.versiontwo.addmsg"), "result"), "is_success"));

  advanced = control (sb, "POST", "/sandbox/clock?advance=86400");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (advanced), "now_ms"), >=,
                   (G_GINT64_CONSTANT (1767225600) + 86400) * 1000);
  g_assert_cmpint (stat_int (sb, NULL, "orders"), >, orders);
  g_assert_cmpint (stat_int (sb, NULL, "buyer_events"), >, events);
  g_assert_cmpint (stat_int (sb, NULL, "messages"), >, messages + 1);

  /* The buyer answered the confirmation in their own language. */
  detail = call (sb, "aliexpress.message.redefining.versiontwo.querymsgdetaillist", TRUE, "channel_id", channel, NULL);
  list = json_object_get_array_member (json_object_get_object_member (json_node_get_object (detail), "result"),
                                       "message_detail_list");
  newest = json_array_get_object_element (list, 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (newest, "summary"),
                                                  "sender_login_id"), ==,
                   json_object_get_string_member (o, "buyer_login_id"));
}

static void
test_determinism (void)
{
  Sandbox *a = sandbox_start ("--seed=99", "--orders=120", "--speed=0", "--start-time=" START, NULL);
  Sandbox *b = sandbox_start ("--seed=99", "--orders=120", "--speed=0", "--start-time=" START, NULL);
  Sandbox *c = sandbox_start ("--seed=100", "--orders=120", "--speed=0", "--start-time=" START, NULL);
  g_autoptr(JsonNode) ea = export (a);
  g_autoptr(JsonNode) eb = export (b);
  g_autoptr(JsonNode) ec = export (c);
  g_autofree char *sa = json_to_string (ea, FALSE);
  g_autofree char *sb_ = json_to_string (eb, FALSE);
  g_autofree char *sc = json_to_string (ec, FALSE);
  JsonObject *root = json_node_get_object (ea);

  g_assert_cmpstr (sa, ==, sb_);
  g_assert_cmpstr (sa, !=, sc);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "orders")), ==, 120);
  g_assert_true (json_object_has_member (root, "buyers"));
  g_assert_true (json_object_has_member (root, "conversations"));
  g_assert_true (json_object_has_member (root, "disputes"));
  g_assert_true (json_object_has_member (root, "shipments"));

  sandbox_stop (a);
  sandbox_stop (b);
  sandbox_stop (c);
}

static void
test_state_and_log (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rapport-sandbox-XXXXXX", NULL);
  g_autofree char *log = g_build_filename (dir, "access.log", NULL);
  g_autofree char *state_arg = g_strconcat ("--state-dir=", dir, "/state", NULL);
  g_autofree char *log_arg = g_strconcat ("--access-log=", log, NULL);
  Sandbox *sb = sandbox_start ("--seed=5", "--orders=80", "--speed=0", "--start-time=" START,
                               state_arg, log_arg, NULL);
  g_autoptr(JsonNode) world = NULL;
  g_autoptr(JsonNode) added = NULL;
  g_autoptr(JsonNode) advanced = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *channel = NULL;
  g_autofree char *create = NULL;
  g_autofree char *log_text = NULL;
  g_autofree char *token = NULL;
  g_autofree char *s_before = NULL;
  g_autofree char *s_after = NULL;
  g_autoptr(JsonNode) with_old_token = NULL;
  JsonObject *o;

  authorize (sb);
  world = export (sb);
  o = find_order (world, "WAIT_SELLER_SEND_GOODS", FALSE);
  g_assert_nonnull (o);
  channel = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (o, "order_id"));
  create = g_strdup_printf ("{\"channel_id\":\"%s\",\"content\":\"Kept across restarts\"}", channel);
  added = call (sb, "aliexpress.message.redefining.versiontwo.addmsg", FALSE, "create_param", create, NULL);
  advanced = control (sb, "POST", "/sandbox/clock?advance=7200");
  before = export (sb);
  token = g_strdup (sb->token);
  sandbox_stop (sb);

  g_assert_true (g_file_get_contents (log, &log_text, NULL, NULL));
  g_assert_nonnull (strstr (log_text, "POST\t/sync?"));
  g_assert_nonnull (strstr (log_text, "create_param="));
  g_assert_nonnull (strstr (log_text, "GET\t/sandbox/export\t"));

  sb = sandbox_start ("--speed=0", state_arg, NULL);
  after = export (sb);
  s_before = json_to_string (before, FALSE);
  s_after = json_to_string (after, FALSE);
  g_assert_cmpstr (s_before, ==, s_after);

  /* The seller stays authorized. */
  sb->token = g_steal_pointer (&token);
  with_old_token = call (sb, "aliexpress.logistics.redefining.listlogisticsservice", FALSE, NULL);
  g_assert_null (error_code (with_old_token));
  sandbox_stop (sb);
}

static void
test_loopback_only (void)
{
  const char *build_dir = g_getenv ("RAPPORT_BUILD_DIR");
  g_autofree char *bin = g_build_filename (build_dir, "src", "sandbox", "rapport-sandbox", NULL);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err_text = NULL;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                           bin, "--listen=0.0.0.0:0", "--orders=10", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err_text, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), !=, 0);
  g_assert_nonnull (strstr (err_text, "loopback"));
}

/* Bad input gets a clear error and changes nothing. */
static void
test_bad_input (void)
{
  Sandbox *sb = get_shared ();
  const char *m = "aliexpress.trade.seller.orderlist.get";
  g_autoptr(JsonNode) malformed = call (sb, m, FALSE, "param_aeop_order_query", "{\"current_page\":", NULL);
  g_autoptr(JsonNode) not_object = call (sb, m, FALSE, "param_aeop_order_query", "[1,2]", NULL);
  g_autoptr(JsonNode) bad_utf8 = call (sb, m, FALSE, "param_aeop_order_query", "{\"buyer_login_id\":\"\xff\xfe\"}", NULL);
  g_autoptr(JsonNode) missing = call (sb, m, FALSE, NULL);
  g_autoptr(JsonNode) unknown = call (sb, "aliexpress.no.such.method", FALSE, NULL);
  JsonObject *err = json_object_get_object_member (json_node_get_object (malformed), "error_response");

  g_assert_cmpstr (error_code (malformed), ==, "InvalidParameter");
  g_assert_nonnull (strstr (json_object_get_string_member (err, "msg"), "param_aeop_order_query"));
  g_assert_cmpstr (error_code (not_object), ==, "InvalidParameter");
  g_assert_cmpstr (error_code (bad_utf8), ==, "InvalidParameter");
  g_assert_cmpstr (error_code (missing), ==, "MissingParameter");
  g_assert_cmpstr (error_code (unknown), ==, "InvalidApiPath");
}

static void
test_stats (void)
{
  Sandbox *sb = get_shared ();
  g_autoptr(JsonNode) root = control (sb, "GET", "/sandbox/stats");
  JsonObject *obj = json_node_get_object (root);
  const char *keys[] = { "orders", "buyers", "conversations", "messages", "disputes", "shipments" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_cmpint (json_object_get_int_member (obj, keys[i]), >, 0);
  g_assert_nonnull (json_object_get_object_member (obj, "faults"));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rapport/sandbox/server/stats", test_stats);
  g_test_add_func ("/rapport/sandbox/server/orderlist", test_orderlist);
  g_test_add_func ("/rapport/sandbox/server/order-detail", test_order_detail);
  g_test_add_func ("/rapport/sandbox/server/messages", test_messages);
  g_test_add_func ("/rapport/sandbox/server/issues", test_issues);
  g_test_add_func ("/rapport/sandbox/server/logistics", test_logistics);
  g_test_add_func ("/rapport/sandbox/server/auth-failures", test_auth_failures);
  g_test_add_func ("/rapport/sandbox/server/bad-input", test_bad_input);
  g_test_add_func ("/rapport/sandbox/server/faults", test_faults);
  g_test_add_func ("/rapport/sandbox/server/clock", test_clock);
  g_test_add_func ("/rapport/sandbox/server/token-refresh", test_token_refresh);
  g_test_add_func ("/rapport/sandbox/server/determinism", test_determinism);
  g_test_add_func ("/rapport/sandbox/server/state-and-log", test_state_and_log);
  g_test_add_func ("/rapport/sandbox/server/loopback-only", test_loopback_only);

  ret = g_test_run ();
  sandbox_stop (g_steal_pointer (&shared));
  return ret;
}
