/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-sandbox"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "rp-sandbox-api.h"
#include "rp-sandbox-sim.h"

#define MAX_TEXT_CHARS 2000
#define HOUR 3600
#define DAY (24 * HOUR)

G_DEFINE_QUARK (rp-sandbox-api-error-quark, rp_sb_api_error)

typedef struct
{
  RpSbWorld  *world;
  GHashTable *params;
  RpSbJson    json;
  GPtrArray  *parsers;
  const char *method;
  const char *request_id;
  gboolean    applied;
} Call;

typedef char *(*MethodFunc) (Call *call, GError **error);

/* ------------------------------------------------------------------------ */
/* Parameters                                                                */

static const char *
param (Call       *call,
       const char *name)
{
  const char *value = g_hash_table_lookup (call->params, name);

  return value != NULL && *value != '\0' ? value : NULL;
}

static gboolean
parse_int (const char  *text,
           const char  *name,
           gint64      *out,
           GError     **error)
{
  gint64 v;

  if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &v, NULL))
    {
      g_set_error (error, RP_SB_API_ERROR, RP_SB_API_ERROR_INVALID_PARAMETER,
                   "Parameter %s must be an integer", name);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

static gboolean
param_int (Call        *call,
           const char  *name,
           gboolean     required,
           gint64      *out,
           GError     **error)
{
  const char *text = param (call, name);

  if (text == NULL)
    {
      if (required)
        g_set_error (error, RP_SB_API_ERROR, RP_SB_API_ERROR_MISSING_PARAMETER,
                     "Missing required parameter %s", name);
      return FALSE;
    }
  return parse_int (text, name, out, error);
}

static JsonObject *
param_object (Call        *call,
              const char  *name,
              gboolean     required,
              GError     **error)
{
  const char *text = param (call, name);
  JsonParser *parser;
  JsonNode *root;
  g_autoptr(GError) local_error = NULL;

  if (text == NULL)
    {
      if (required)
        g_set_error (error, RP_SB_API_ERROR, RP_SB_API_ERROR_MISSING_PARAMETER,
                     "Missing required parameter %s", name);
      return NULL;
    }

  parser = json_parser_new ();
  g_ptr_array_add (call->parsers, parser);
  if (!json_parser_load_from_data (parser, text, -1, &local_error))
    {
      g_set_error (error, RP_SB_API_ERROR, RP_SB_API_ERROR_INVALID_PARAMETER,
                   "Parameter %s is not valid JSON: %s", name, local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, RP_SB_API_ERROR, RP_SB_API_ERROR_INVALID_PARAMETER,
                   "Parameter %s must be a JSON object", name);
      return NULL;
    }
  return json_node_get_object (root);
}

/* Integers arrive as JSON numbers or as numeric strings, depending on the client. */
static gboolean
obj_int (JsonObject  *obj,
         const char  *name,
         gint64      *out,
         GError     **error)
{
  JsonNode *node;

  if (obj == NULL || (node = json_object_get_member (obj, name)) == NULL || JSON_NODE_HOLDS_NULL (node))
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_INT64)
        {
          *out = json_node_get_int (node);
          return TRUE;
        }
      if (type == G_TYPE_DOUBLE)
        {
          *out = (gint64)json_node_get_double (node);
          return TRUE;
        }
      if (type == G_TYPE_STRING)
        {
          const char *s = json_node_get_string (node);

          if (*s == '\0')
            return FALSE;
          return parse_int (s, name, out, error);
        }
      if (type == G_TYPE_BOOLEAN)
        {
          *out = json_node_get_boolean (node);
          return TRUE;
        }
    }
  g_set_error (error, RP_SB_API_ERROR, RP_SB_API_ERROR_INVALID_PARAMETER,
               "Field %s must be a number", name);
  return FALSE;
}

static const char *
obj_str (JsonObject *obj,
         const char *name)
{
  JsonNode *node;

  if (obj == NULL || (node = json_object_get_member (obj, name)) == NULL ||
      !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return *json_node_get_string (node) ? json_node_get_string (node) : NULL;
}

static gboolean
obj_bool (JsonObject *obj,
          const char *name,
          gboolean    fallback)
{
  JsonNode *node;

  if (obj == NULL || (node = json_object_get_member (obj, name)) == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strcasecmp (json_node_get_string (node), "true") == 0;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node) != 0;
  return fallback;
}

static gboolean
page_args (JsonObject  *obj,
           gint64       max_size,
           gint64       default_size,
           gint64      *page,
           gint64      *size,
           GError     **error)
{
  *page = 1;
  *size = default_size;
  if (!obj_int (obj, "current_page", page, error) && error != NULL && *error != NULL)
    return FALSE;
  if (!obj_int (obj, "page_size", size, error) && error != NULL && *error != NULL)
    return FALSE;
  if (*page < 1 || *size < 1 || *size > max_size)
    {
      g_set_error (error, RP_SB_API_ERROR, RP_SB_API_ERROR_INVALID_PARAMETER,
                   "current_page must be at least 1 and page_size between 1 and %" G_GINT64_FORMAT,
                   max_size);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_text (const char  *text,
            const char  *name,
            gsize        max_chars,
            GError     **error)
{
  if (text == NULL || *text == '\0')
    {
      g_set_error (error, RP_SB_API_ERROR, RP_SB_API_ERROR_MISSING_PARAMETER, "%s is empty", name);
      return FALSE;
    }
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, RP_SB_API_ERROR, RP_SB_API_ERROR_INVALID_PARAMETER, "%s is not valid UTF-8", name);
      return FALSE;
    }
  if (g_utf8_strlen (text, -1) > (glong)max_chars)
    {
      g_set_error (error, RP_SB_API_ERROR, RP_SB_API_ERROR_INVALID_PARAMETER,
                   "%s is longer than %" G_GSIZE_FORMAT " characters", name, max_chars);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Envelopes                                                                 */

static void
begin (Call *call)
{
  rp_sb_json_begin_object (&call->json, NULL);
  if (!call->json.simplify)
    {
      g_autofree char *name = g_strdup_printf ("%s_response", call->method);

      g_strdelimit (name, ".", '_');
      rp_sb_json_begin_object (&call->json, name);
    }
}

static char *
finish (Call *call)
{
  rp_sb_json_string (&call->json, "request_id", call->request_id);
  if (!call->json.simplify)
    rp_sb_json_end_object (&call->json);
  rp_sb_json_end_object (&call->json);
  return rp_sb_json_finish (&call->json);
}

static void
write_time (Call       *call,
            const char *name,
            gint64      unix_seconds)
{
  g_autofree char *text = NULL;

  if (unix_seconds == 0)
    return;
  text = rp_sb_format_pacific (call->world, unix_seconds);
  rp_sb_json_string (&call->json, name, text);
}

static void
write_now (Call       *call,
           const char *name)
{
  write_time (call, name, call->world->now_ms / 1000);
}

static void
write_amount (Call       *call,
              const char *name,
              gint64      cents)
{
  char amount[32];
  g_autofree char *currency = g_strconcat (name, "_currency", NULL);

  g_snprintf (amount, sizeof amount, "%" G_GINT64_FORMAT ".%02d", cents / 100, (int)(cents % 100));
  rp_sb_json_string (&call->json, name, amount);
  rp_sb_json_string (&call->json, currency, RP_SB_CURRENCY);
}

/* ------------------------------------------------------------------------ */
/* Orders                                                                    */

static const char *
fund_status (const RpSbOrder *o)
{
  return o->paid == 0 ? "NOT_PAY" : "PAY_SUCCESS";
}

static const char *
logistics_status (const RpSbOrder *o)
{
  switch (o->status)
    {
    case RP_SB_ORDER_PLACE_ORDER_SUCCESS:
      return "NO_LOGISTICS";
    case RP_SB_ORDER_WAIT_SELLER_SEND_GOODS:
      return "WAIT_SELLER_SEND_GOODS";
    case RP_SB_ORDER_SELLER_PART_SEND_GOODS:
      return "SELLER_SEND_PART_GOODS";
    case RP_SB_ORDER_FINISH:
      return o->shipped != 0 ? "BUYER_ACCEPT_GOODS" : "NO_LOGISTICS";
    case RP_SB_ORDER_WAIT_BUYER_ACCEPT_GOODS:
    case RP_SB_ORDER_IN_ISSUE:
    default:
      return "SELLER_SEND_GOODS";
    }
}

static const char *
end_reason (const RpSbOrder *o)
{
  if (o->status != RP_SB_ORDER_FINISH)
    return NULL;
  return o->issue == RP_SB_ISSUE_END ? "issue_finish" : "buyer_accept_goods";
}

static void
write_child (Call            *call,
             const RpSbOrder *o,
             guint            index,
             gboolean         detail)
{
  RpSbJson *j = &call->json;
  const RpSbItem *item = rp_sb_world_item (call->world, o->first_item + index);
  const RpSbProduct *p = &rp_sb_products[item->product];
  const RpSbBuyer *b = rp_sb_world_buyer (call->world, o->buyer);
  const RpSbService *svc = &rp_sb_services[o->service];
  g_autofree char *standard = rp_sb_item_standard (item);
  g_autofree char *sku = rp_sb_item_sku (item);
  g_autofree char *snap = g_strdup_printf ("https://www.aliexpress.com/snapshot/%" G_GUINT64_FORMAT ".html",
                                           item->child_id);
  g_autofree char *img = g_strdup_printf ("https://ae01.alicdn.com/kf/S%" G_GUINT64_FORMAT ".jpg",
                                          rp_sb_product_id (item->product));
  const char *memo = index == 0 ? o->memo : NULL;
  gboolean disputed = o->dispute >= 0 &&
    ((RpSbDispute *)g_ptr_array_index (call->world->disputes, o->dispute))->item == o->first_item + index;

  rp_sb_json_begin_object (j, NULL);
  if (detail)
    {
      rp_sb_json_int (j, "id", (gint64)item->child_id);
      rp_sb_json_money (j, "product_price", p->price_cents, RP_SB_CURRENCY);
      rp_sb_json_money (j, "init_order_amt", p->price_cents * item->count, RP_SB_CURRENCY);
      rp_sb_json_string (j, "order_status", rp_sb_order_status_name (o->status));
      rp_sb_json_string (j, "buyer_memo", memo);
    }
  else
    {
      rp_sb_json_int (j, "child_id", (gint64)item->child_id);
      rp_sb_json_int (j, "order_id", (gint64)o->id);
      rp_sb_json_money (j, "product_unit_price", p->price_cents, RP_SB_CURRENCY);
      rp_sb_json_money (j, "total_product_amount", p->price_cents * item->count, RP_SB_CURRENCY);
      rp_sb_json_string (j, "son_order_status", rp_sb_order_status_name (o->status));
      rp_sb_json_string (j, "show_status", rp_sb_order_status_name (o->status));
      rp_sb_json_string (j, "memo", memo);
      rp_sb_json_string (j, "buyer_signer_first_name", b->given_name);
      rp_sb_json_string (j, "buyer_signer_last_name", b->family_name);
      rp_sb_json_string (j, "send_goods_operator", "SELLER_SEND_GOODS");
      write_time (call, "send_goods_time", o->shipped);
      rp_sb_json_int (j, "goods_prepare_time", 7);
      rp_sb_json_bool (j, "can_submit_issue", o->status == RP_SB_ORDER_WAIT_BUYER_ACCEPT_GOODS);
      rp_sb_json_string (j, "extend_map", "{}");
    }
  rp_sb_json_int (j, "product_id", (gint64)rp_sb_product_id (item->product));
  rp_sb_json_string (j, "product_name", p->name);
  rp_sb_json_int (j, "product_count", item->count);
  rp_sb_json_string (j, "sku_code", sku);
  rp_sb_json_string (j, "product_standard", standard);
  rp_sb_json_string (j, "product_img_url", img);
  rp_sb_json_string (j, "product_snap_url", snap);
  rp_sb_json_string (j, "logistics_service_name", svc->display_name);
  rp_sb_json_string (j, "logistics_type", svc->service_name);
  rp_sb_json_money (j, "logistics_amount", index == 0 ? o->logistics_cents : 0, RP_SB_CURRENCY);
  rp_sb_json_int (j, "freight_commit_day", svc->max_days);
  rp_sb_json_string (j, "issue_status", disputed ? rp_sb_issue_state_name (o->issue) : "NO_ISSUE");
  if (disputed)
    rp_sb_json_string (j, "issue_mode", "PARTIAL_REFUND");
  rp_sb_json_end_object (j);
}

static void
write_left_time (Call            *call,
                 const RpSbOrder *o)
{
  RpSbJson *j = &call->json;
  gint64 now = call->world->now_ms / 1000;
  gint64 deadline;
  gint64 left;
  char text[16];

  /* Only defined while the seller has something to do. */
  if (o->status != RP_SB_ORDER_WAIT_SELLER_SEND_GOODS)
    return;
  deadline = rp_sb_order_ship_deadline (o);
  left = deadline - now;
  rp_sb_json_int (j, "timeout_left_time", left * 1000);
  left = MAX (0, left);
  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, left / DAY);
  rp_sb_json_string (j, "left_send_good_day", text);
  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, (left % DAY) / HOUR);
  rp_sb_json_string (j, "left_send_good_hour", text);
  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, (left % HOUR) / 60);
  rp_sb_json_string (j, "left_send_good_min", text);
}

static void
write_order_item (Call            *call,
                  const RpSbOrder *o)
{
  RpSbJson *j = &call->json;
  const RpSbBuyer *b = rp_sb_world_buyer (call->world, o->buyer);
  g_autofree char *full = rp_sb_buyer_full_name (b);
  g_autofree char *url = g_strdup_printf ("https://gsp.aliexpress.com/apps/order/detail?orderId=%" G_GUINT64_FORMAT,
                                          o->id);
  gint64 total = rp_sb_order_total_cents (call->world, o);

  rp_sb_json_begin_object (j, NULL);
  rp_sb_json_int (j, "order_id", (gint64)o->id);
  rp_sb_json_string (j, "order_status", rp_sb_order_status_name (o->status));
  write_time (call, "gmt_create", o->created);
  write_time (call, "gmt_pay_time", o->paid);
  write_time (call, "gmt_update", o->modified);
  write_time (call, "gmt_send_goods_time", o->shipped);
  rp_sb_json_string (j, "buyer_login_id", b->login_id);
  rp_sb_json_string (j, "buyer_signer_fullname", full);
  rp_sb_json_string (j, "seller_login_id", RP_SB_SELLER_LOGIN_ID);
  rp_sb_json_string (j, "seller_operator_login_id", RP_SB_SELLER_LOGIN_ID);
  rp_sb_json_string (j, "seller_signer_fullname", RP_SB_SELLER_NAME);
  rp_sb_json_money (j, "pay_amount", total, RP_SB_CURRENCY);
  rp_sb_json_money (j, "escrow_fee", total * 5 / 100, RP_SB_CURRENCY);
  rp_sb_json_string (j, "escrow_fee_rate", "0.05");
  rp_sb_json_string (j, "payment_type", "CREDIT_CARD");
  rp_sb_json_bool (j, "has_request_loan", FALSE);
  rp_sb_json_string (j, "fund_status", fund_status (o));
  rp_sb_json_string (j, "frozen_status", "NO_FROZEN");
  rp_sb_json_string (j, "issue_status", rp_sb_issue_state_name (o->issue));
  rp_sb_json_string (j, "logistics_status", logistics_status (o));
  write_left_time (call, o);
  if (end_reason (o) != NULL)
    rp_sb_json_string (j, "end_reason", end_reason (o));
  rp_sb_json_string (j, "biz_type", "AE_COMMON");
  rp_sb_json_string (j, "order_detail_url", url);
  rp_sb_json_bool (j, "phone", FALSE);
  rp_sb_json_begin_list (j, "product_list", "order_product_dto");
  for (guint i = 0; i < o->n_items; i++)
    write_child (call, o, i, FALSE);
  rp_sb_json_end_list (j);
  rp_sb_json_end_object (j);
}

static gboolean
time_arg (Call        *call,
          JsonObject  *query,
          const char  *name,
          gint64      *out,
          GError     **error)
{
  const char *text = obj_str (query, name);

  if (text == NULL)
    return TRUE;
  if (!rp_sb_parse_pacific (call->world, text, out))
    {
      g_set_error (error, RP_SB_API_ERROR, RP_SB_API_ERROR_INVALID_PARAMETER,
                   "%s must be a US Pacific time like 2024-01-31 23:59:59", name);
      return FALSE;
    }
  return TRUE;
}

static char *
business_failure (Call       *call,
                  const char *code,
                  GError     *failure)
{
  RpSbJson *j = &call->json;

  begin (call);
  rp_sb_json_begin_object (j, "result");
  rp_sb_json_bool (j, "success", FALSE);
  rp_sb_json_string (j, "error_code", code);
  rp_sb_json_string (j, "error_message", failure->message);
  rp_sb_json_end_object (j);
  return finish (call);
}


/* Every order status the reference lists, including those the generated world never
 * reaches (a client asks for all of them to include finished orders). */
static gboolean
is_documented_order_status (const char *name)
{
  static const char * const documented[] = {
    "PLACE_ORDER_SUCCESS", "IN_CANCEL", "WAIT_SELLER_SEND_GOODS", "SELLER_PART_SEND_GOODS",
    "WAIT_BUYER_ACCEPT_GOODS", "FUND_PROCESSING", "IN_ISSUE", "IN_FROZEN",
    "WAIT_SELLER_EXAMINE_MONEY", "RISK_CONTROL", "FINISH", "PAYMENT_PROCESSING",
    "RISK_CONTROL_HOLD", "ARCHIVE",
  };

  for (guint i = 0; i < G_N_ELEMENTS (documented); i++)
    if (g_ascii_strcasecmp (name, documented[i]) == 0)
      return TRUE;
  return FALSE;
}

static char *
orderlist_get (Call    *call,
               GError **error)
{
  RpSbJson *j = &call->json;
  g_autoptr(GError) failure = NULL;
  JsonObject *query = param_object (call, "param_aeop_order_query", TRUE, error);
  gint64 page, size;
  gint64 create_start = G_MININT64, create_end = G_MAXINT64;
  gint64 mod_start = G_MININT64, mod_end = G_MAXINT64;
  guint32 status_mask = 0;
  const char *buyer;
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (guint32));
  gint64 first, total_page;

  if (query == NULL)
    return NULL;

  if (!page_args (query, 100, 20, &page, &size, &failure) ||
      !time_arg (call, query, "create_date_start", &create_start, &failure) ||
      !time_arg (call, query, "create_date_end", &create_end, &failure) ||
      !time_arg (call, query, "modified_date_start", &mod_start, &failure) ||
      !time_arg (call, query, "modified_date_end", &mod_end, &failure))
    return business_failure (call, "PARAM_ERROR", failure);

  if (obj_str (query, "order_status") != NULL)
    {
      RpSbOrderStatus s;

      if (!rp_sb_order_status_parse (obj_str (query, "order_status"), &s))
        {
          g_set_error (&failure, RP_SB_API_ERROR, RP_SB_API_ERROR_INVALID_PARAMETER,
                       "Unknown order_status %s", obj_str (query, "order_status"));
          return business_failure (call, "PARAM_ERROR", failure);
        }
      status_mask |= 1u << s;
    }
  if (json_object_has_member (query, "order_status_list"))
    {
      JsonNode *node = json_object_get_member (query, "order_status_list");
      g_auto(GStrv) names = NULL;

      if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);
          guint n = json_array_get_length (array);

          names = g_new0 (char *, n + 1);
          for (guint i = 0; i < n; i++)
            {
              JsonNode *e = json_array_get_element (array, i);

              names[i] = g_strdup (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING
                                   ? json_node_get_string (e) : "");
            }
        }
      else if (obj_str (query, "order_status_list") != NULL)
        names = g_strsplit (obj_str (query, "order_status_list"), ",", -1);

      for (guint i = 0; names != NULL && names[i] != NULL; i++)
        {
          RpSbOrderStatus s;

          if (!rp_sb_order_status_parse (g_strstrip (names[i]), &s))
            {
              /* A status the platform documents but this world never uses matches no
               * order; only a word the platform does not know is an error. */
              if (is_documented_order_status (names[i]))
                continue;
              g_set_error (&failure, RP_SB_API_ERROR, RP_SB_API_ERROR_INVALID_PARAMETER,
                           "Unknown order status %s in order_status_list", names[i]);
              return business_failure (call, "PARAM_ERROR", failure);
            }
          status_mask |= 1u << s;
        }
    }
  buyer = obj_str (query, "buyer_login_id");

  /* Newest first; orders are stored oldest first. */
  for (guint i = call->world->orders->len; i > 0; i--)
    {
      const RpSbOrder *o = &g_array_index (call->world->orders, RpSbOrder, i - 1);
      guint32 index = i - 1;

      if (status_mask != 0 && !(status_mask & (1u << o->status)))
        continue;
      if (o->created < create_start || o->created > create_end ||
          o->modified < mod_start || o->modified > mod_end)
        continue;
      if (buyer != NULL && !g_str_equal (buyer, rp_sb_world_buyer (call->world, o->buyer)->login_id))
        continue;
      g_array_append_val (hits, index);
    }

  total_page = (hits->len + size - 1) / size;
  first = (page - 1) * size;

  begin (call);
  rp_sb_json_begin_object (j, "result");
  rp_sb_json_bool (j, "success", TRUE);
  rp_sb_json_int (j, "total_count", hits->len);
  rp_sb_json_int (j, "total_page", total_page);
  rp_sb_json_int (j, "current_page", page);
  rp_sb_json_int (j, "page_size", size);
  write_now (call, "time_stamp");
  rp_sb_json_begin_list (j, "target_list", "aeop_order_item_dto");
  for (gint64 i = first; i < first + size && i < (gint64)hits->len; i++)
    write_order_item (call, &g_array_index (call->world->orders, RpSbOrder,
                                            g_array_index (hits, guint32, i)));
  rp_sb_json_end_list (j);
  rp_sb_json_end_object (j);

  return finish (call);
}

static RpSbOrder *
lookup_order (Call        *call,
              gint64       id,
              GError     **error)
{
  RpSbOrder *o = id > 0 ? rp_sb_world_find_order (call->world, (guint64)id) : NULL;

  if (o == NULL)
    g_set_error (error, RP_SB_API_ERROR, RP_SB_API_ERROR_INVALID_PARAMETER,
                 "Order %" G_GINT64_FORMAT " does not exist", id);
  return o;
}

static char *
findorderbyid (Call    *call,
               GError **error)
{
  RpSbJson *j = &call->json;
  JsonObject *query = param_object (call, "param1", FALSE, error);
  gint64 id = 0;
  RpSbOrder *o;
  const RpSbBuyer *b;
  const RpSbCountry *c;
  g_autofree char *full = NULL;
  gint64 total;

  if (query == NULL && error != NULL && *error != NULL)
    return NULL;
  /* Accept the documented JSON, and a flat order_id for simple clients. */
  if (!obj_int (query, "order_id", &id, error))
    {
      if (*error != NULL || !param_int (call, "order_id", TRUE, &id, error))
        return NULL;
    }
  if ((o = lookup_order (call, id, error)) == NULL)
    return NULL;

  b = rp_sb_world_buyer (call->world, o->buyer);
  c = &rp_sb_countries[b->country];
  full = rp_sb_buyer_full_name (b);
  total = rp_sb_order_total_cents (call->world, o);

  begin (call);
  rp_sb_json_begin_object (j, "target");
  rp_sb_json_int (j, "id", (gint64)o->id);
  rp_sb_json_string (j, "order_status", rp_sb_order_status_name (o->status));
  rp_sb_json_string (j, "issue_status", rp_sb_issue_state_name (o->issue));
  rp_sb_json_string (j, "frozen_status", "NO_FROZEN");
  rp_sb_json_string (j, "fund_status", fund_status (o));
  rp_sb_json_string (j, "loan_status", "loan_none");
  rp_sb_json_string (j, "logistics_status", logistics_status (o));
  if (end_reason (o) != NULL)
    rp_sb_json_string (j, "order_end_reason", end_reason (o));
  write_time (call, "gmt_create", o->created);
  write_time (call, "gmt_modified", o->modified);
  write_time (call, "gmt_pay_success", o->paid);
  write_time (call, "gmt_trade_end", o->finished);
  if (o->status == RP_SB_ORDER_WAIT_SELLER_SEND_GOODS)
    write_time (call, "over_time_left", rp_sb_order_ship_deadline (o));
  else if (o->status == RP_SB_ORDER_WAIT_BUYER_ACCEPT_GOODS)
    write_time (call, "over_time_left", rp_sb_order_accept_deadline (o));
  rp_sb_json_string (j, "buyerloginid", b->login_id);
  rp_sb_json_string (j, "buyer_signer_fullname", full);
  rp_sb_json_string (j, "seller_operator_login_id", RP_SB_SELLER_LOGIN_ID);
  rp_sb_json_string (j, "seller_signer_fullname", RP_SB_SELLER_NAME);
  rp_sb_json_begin_object (j, "buyer_info");
  rp_sb_json_string (j, "login_id", b->login_id);
  rp_sb_json_string (j, "first_name", b->given_name);
  rp_sb_json_string (j, "last_name", b->family_name);
  rp_sb_json_string (j, "country", c->code);
  rp_sb_json_end_object (j);
  rp_sb_world_write_address (call->world, j, "receipt_address", b);
  rp_sb_json_money (j, "order_amount", total, RP_SB_CURRENCY);
  rp_sb_json_money (j, "init_oder_amount", total, RP_SB_CURRENCY);
  rp_sb_json_money (j, "logistics_amount", o->logistics_cents, RP_SB_CURRENCY);
  rp_sb_json_money (j, "escrow_fee", total * 5 / 100, RP_SB_CURRENCY);
  rp_sb_json_string (j, "payment_type", "CREDIT_CARD");
  rp_sb_json_string (j, "memo", o->memo);

  if (o->dispute >= 0)
    {
      const RpSbDispute *d = g_ptr_array_index (call->world->disputes, o->dispute);

      rp_sb_json_begin_object (j, "issue_info");
      rp_sb_json_string (j, "issue_status", rp_sb_issue_state_name (o->issue));
      rp_sb_json_string (j, "issue_model", rp_sb_reasons[d->reason].reason_english);
      write_time (call, "issue_time", d->created);
      rp_sb_json_int (j, "issue_id", (gint64)d->id);
      rp_sb_json_end_object (j);

      if (d->state == RP_SB_DISPUTE_FINISH)
        {
          gint64 refunded = 0;

          for (guint i = 0; i < d->solutions->len; i++)
            if (g_str_equal (g_array_index (d->solutions, RpSbSolution, i).status, "reached"))
              refunded = g_array_index (d->solutions, RpSbSolution, i).refund_cents;
          rp_sb_json_begin_object (j, "refund_info");
          rp_sb_json_string (j, "refund_status", refunded > 0 ? "refund_ok" : "close");
          rp_sb_json_string (j, "refund_reason", rp_sb_reasons[d->reason].reason_english);
          rp_sb_json_money (j, "refund_cash_amt", refunded, RP_SB_CURRENCY);
          rp_sb_json_end_object (j);
        }
    }

  rp_sb_json_begin_list (j, "logistic_info_list", "aeop_tp_logistic_info_dto");
  if (o->shipment >= 0)
    {
      const RpSbShipment *s = g_ptr_array_index (call->world->shipments, o->shipment);
      guint visible = rp_sb_shipment_visible_events (call->world, s);
      gboolean delivered = s->track == RP_SB_TRACK_DELIVERED && visible == s->events->len;

      rp_sb_json_begin_object (j, NULL);
      rp_sb_json_string (j, "logistics_no", s->logistics_no);
      rp_sb_json_string (j, "logistics_service_name", rp_sb_services[s->service].display_name);
      rp_sb_json_string (j, "logistics_type_code", rp_sb_services[s->service].service_name);
      write_time (call, "gmt_send", s->shipped);
      if (delivered)
        write_time (call, "gmt_received", g_array_index (s->events, RpSbEvent, s->events->len - 1).time);
      rp_sb_json_string (j, "receive_status", delivered ? "received" : "not_received");
      rp_sb_json_bool (j, "have_tracking_info", visible > 1);
      rp_sb_json_end_object (j);
    }
  rp_sb_json_end_list (j);

  rp_sb_json_begin_list (j, "child_order_list", "aeop_tp_child_order_dto");
  for (guint i = 0; i < o->n_items; i++)
    write_child (call, o, i, TRUE);
  rp_sb_json_end_list (j);
  rp_sb_json_end_object (j);
  write_now (call, "time_stamp");

  return finish (call);
}

static char *
extends_accept_time (Call    *call,
                     GError **error)
{
  RpSbJson *j = &call->json;
  gint64 id, days;
  RpSbOrder *o;
  int code = 0;
  const char *memo = NULL;

  if (!param_int (call, "param0", TRUE, &id, error) || !param_int (call, "param1", TRUE, &days, error))
    return NULL;

  o = id > 0 ? rp_sb_world_find_order (call->world, (guint64)id) : NULL;
  if (o == NULL)
    code = 100, memo = "No order with this id";
  else if (o->status != RP_SB_ORDER_WAIT_BUYER_ACCEPT_GOODS)
    code = 210, memo = "The order is not waiting for the buyer to accept the goods";
  else if (days < 1 || o->extended_days + days > 30)
    code = 201, memo = "The extension is longer than the platform allows (30 days in total)";
  else
    {
      o->extended_days += (guint8)days;
      rp_sb_world_touch_order (call->world, o, call->world->now_ms / 1000);
      call->applied = TRUE;
    }

  begin (call);
  rp_sb_json_bool (j, "is_success", code == 0);
  if (code != 0)
    {
      rp_sb_json_int (j, "sub_error_code", code);
      rp_sb_json_string (j, "memo", memo);
    }
  return finish (call);
}

/* ------------------------------------------------------------------------ */
/* Messages                                                                  */

static gboolean
parse_id (const char *text,
          guint64    *out)
{
  return text != NULL && g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT64, out, NULL);
}

static char *
message_result (Call       *call,
                gboolean    success,
                const char *code,
                const char *msg)
{
  RpSbJson *j = &call->json;

  begin (call);
  rp_sb_json_begin_object (j, "result");
  rp_sb_json_bool (j, "is_success", success);
  if (!success)
    {
      rp_sb_json_string (j, "error_code", code);
      rp_sb_json_string (j, "error_msg", msg);
    }
  rp_sb_json_end_object (j);
  return finish (call);
}

static char *
querymsgrelationlist (Call    *call,
                      GError **error)
{
  RpSbJson *j = &call->json;
  g_autoptr(GError) failure = NULL;
  JsonObject *query = param_object (call, "query", FALSE, error);
  gint64 page, size, start = G_MININT64, end = G_MAXINT64, rank = -1;
  gboolean only_undealt, only_unread;
  g_autoptr(GPtrArray) hits = g_ptr_array_new ();
  GPtrArray *sorted;

  if (query == NULL && *error != NULL)
    return NULL;
  if (!page_args (query, 100, 20, &page, &size, &failure) ||
      (!obj_int (query, "start_time", &start, &failure) && failure != NULL) ||
      (!obj_int (query, "end_time", &end, &failure) && failure != NULL) ||
      (!obj_int (query, "rank", &rank, &failure) && failure != NULL))
    return message_result (call, FALSE, "PARAM_ERROR", failure->message);
  if (rank > 5)
    return message_result (call, FALSE, "PARAM_ERROR", "rank must be between 0 and 5");

  only_undealt = obj_bool (query, "only_un_dealed", FALSE);
  only_unread = obj_bool (query, "only_un_readed", FALSE);

  sorted = rp_sb_world_conversations_by_time (call->world);
  for (guint i = 0; i < sorted->len; i++)
    {
      RpSbConversation *c = g_ptr_array_index (sorted, i);
      gint64 last = g_array_index (c->messages, RpSbMessage, c->messages->len - 1).time_ms;

      if (last < start || last > end)
        continue;
      if (only_undealt && c->deal_stat != 0)
        continue;
      if (only_unread && c->unread_count == 0)
        continue;
      if (rank >= 0 && c->rank != rank)
        continue;
      g_ptr_array_add (hits, c);
    }

  begin (call);
  rp_sb_json_begin_object (j, "result");
  rp_sb_json_bool (j, "is_success", TRUE);
  rp_sb_json_int (j, "total_count", hits->len);
  rp_sb_json_begin_list (j, "relation_list", "relation_result");
  for (gint64 i = (page - 1) * size; i < page * size && i < (gint64)hits->len; i++)
    {
      const RpSbConversation *c = g_ptr_array_index (hits, i);
      const RpSbMessage *m = &g_array_index (c->messages, RpSbMessage, c->messages->len - 1);
      const RpSbBuyer *b = rp_sb_world_buyer (call->world, c->buyer);
      g_autofree char *full = rp_sb_buyer_full_name (b);
      char channel[32];

      g_snprintf (channel, sizeof channel, "%" G_GUINT64_FORMAT, c->channel_id);
      rp_sb_json_begin_object (j, NULL);
      rp_sb_json_string (j, "channel_id", channel);
      rp_sb_json_string (j, "other_login_id", b->login_id);
      rp_sb_json_string (j, "other_name", full);
      rp_sb_json_int (j, "other_ali_id", (gint64)b->ali_id);
      rp_sb_json_int (j, "unread_count", c->unread_count);
      rp_sb_json_int (j, "read_stat", c->read_stat);
      rp_sb_json_int (j, "deal_stat", c->deal_stat);
      rp_sb_json_int (j, "rank", c->rank);
      rp_sb_json_string (j, "last_message_content", m->content);
      rp_sb_json_int (j, "last_message_id", (gint64)m->id);
      rp_sb_json_bool (j, "last_message_is_own", !m->from_buyer);
      rp_sb_json_int (j, "message_time", m->time_ms);
      rp_sb_json_string (j, "message_type", c->order >= 0 ? "order" : "member");
      if (c->order >= 0)
        {
          const RpSbOrder *o = &g_array_index (call->world->orders, RpSbOrder, c->order);
          const RpSbItem *item = rp_sb_world_item (call->world, o->first_item);

          rp_sb_json_int (j, "order_id", (gint64)o->id);
          rp_sb_json_int (j, "child_id", (gint64)item->child_id);
          rp_sb_json_string (j, "child_name", rp_sb_products[item->product].name);
        }
      rp_sb_json_end_object (j);
    }
  rp_sb_json_end_list (j);
  rp_sb_json_end_object (j);

  return finish (call);
}

static RpSbConversation *
channel_param (Call        *call,
               const char  *text)
{
  guint64 id;

  if (!parse_id (text, &id))
    return NULL;
  return rp_sb_world_find_channel (call->world, id);
}

static char *
querymsgdetaillist (Call    *call,
                    GError **error)
{
  RpSbJson *j = &call->json;
  RpSbConversation *c;
  gint64 page = 1, size = 20;
  const RpSbBuyer *b;
  const RpSbOrder *o;
  g_autofree char *full = NULL;
  gint64 n;

  if (param (call, "channel_id") == NULL)
    {
      g_set_error (error, RP_SB_API_ERROR, RP_SB_API_ERROR_MISSING_PARAMETER,
                   "Missing required parameter channel_id");
      return NULL;
    }
  if ((!param_int (call, "current_page", FALSE, &page, error) && *error != NULL) ||
      (!param_int (call, "page_size", FALSE, &size, error) && *error != NULL))
    return NULL;
  if (page < 1 || size < 1 || size > 100)
    return message_result (call, FALSE, "PARAM_ERROR", "current_page must be at least 1 and page_size 1-100");

  c = channel_param (call, param (call, "channel_id"));
  if (c == NULL)
    return message_result (call, FALSE, "CHANNEL_NOT_FOUND", "No conversation with this channel_id");

  b = rp_sb_world_buyer (call->world, c->buyer);
  o = c->order >= 0 ? &g_array_index (call->world->orders, RpSbOrder, c->order) : NULL;
  full = rp_sb_buyer_full_name (b);
  n = c->messages->len;

  begin (call);
  rp_sb_json_begin_object (j, "result");
  rp_sb_json_bool (j, "is_success", TRUE);
  rp_sb_json_int (j, "total_count", n);
  rp_sb_json_begin_list (j, "message_detail_list", "message_detail");
  /* Newest first, like the seller centre. */
  for (gint64 i = (page - 1) * size; i < page * size && i < n; i++)
    {
      const RpSbMessage *m = &g_array_index (c->messages, RpSbMessage, n - 1 - i);
      char extern_id[32] = "";

      if (o != NULL)
        g_snprintf (extern_id, sizeof extern_id, "%" G_GUINT64_FORMAT, o->id);

      rp_sb_json_begin_object (j, NULL);
      rp_sb_json_int (j, "id", (gint64)m->id);
      rp_sb_json_int (j, "gmt_create", m->time_ms);
      rp_sb_json_string (j, "content", m->content);
      rp_sb_json_int (j, "sender_ali_id", m->from_buyer ? (gint64)b->ali_id : (gint64)RP_SB_SELLER_ID);
      rp_sb_json_string (j, "sender_name", m->from_buyer ? full : RP_SB_SELLER_NAME);
      rp_sb_json_string (j, "message_type", o != NULL ? "order" : "member");
      rp_sb_json_string (j, "extern_id", extern_id);
      rp_sb_json_begin_list (j, "file_path_list", "file_path");
      rp_sb_json_end_list (j);
      rp_sb_json_begin_object (j, "summary");
      if (o != NULL)
        {
          const RpSbItem *item = rp_sb_world_item (call->world, o->first_item);
          g_autofree char *url = g_strdup_printf ("https://gsp.aliexpress.com/apps/order/detail?orderId=%"
                                                  G_GUINT64_FORMAT, o->id);

          rp_sb_json_string (j, "order_url", url);
          rp_sb_json_string (j, "product_name", rp_sb_products[item->product].name);
        }
      rp_sb_json_string (j, "sender_login_id", m->from_buyer ? b->login_id : RP_SB_SELLER_LOGIN_ID);
      rp_sb_json_string (j, "sender_name", m->from_buyer ? full : RP_SB_SELLER_NAME);
      rp_sb_json_string (j, "receiver_name", m->from_buyer ? RP_SB_SELLER_NAME : full);
      rp_sb_json_end_object (j);
      rp_sb_json_end_object (j);
    }
  rp_sb_json_end_list (j);
  rp_sb_json_end_object (j);

  return finish (call);
}

static RpSbConversation *
member_conversation (RpSbWorld  *world,
                     const char *buyer_id)
{
  gpointer found;
  guint buyer;
  guint64 ali_id;

  /* buyer_id is the buyer's login id, or their numeric ali id. */
  found = g_hash_table_lookup (world->buyer_logins, buyer_id);
  if (found != NULL)
    buyer = GPOINTER_TO_UINT (found) - 1;
  else if (parse_id (buyer_id, &ali_id) && ali_id >= 2000000000 && ali_id - 2000000000 < world->buyers->len)
    buyer = (guint)(ali_id - 2000000000);
  else
    return NULL;

  for (guint i = 0; i < world->conversations->len; i++)
    {
      RpSbConversation *c = g_ptr_array_index (world->conversations, i);

      if (c->order < 0 && c->buyer == buyer)
        return c;
    }
  return rp_sb_world_ensure_conversation (world, -1, buyer);
}

static char *
addmsg (Call    *call,
        GError **error)
{
  RpSbJson *j = &call->json;
  JsonObject *create = param_object (call, "create_param", TRUE, error);
  const char *content, *channel_text, *extern_text, *buyer_id;
  g_autoptr(GError) failure = NULL;
  RpSbConversation *c = NULL;
  RpSbMessage *m;
  char channel[32];
  gint64 number;
  char number_text[32];

  if (create == NULL)
    return NULL;

  content = obj_str (create, "content");
  if (!check_text (content, "content", MAX_TEXT_CHARS, &failure))
    return message_result (call, FALSE, "CONTENT_INVALID", failure->message);

  channel_text = obj_str (create, "channel_id");
  if (channel_text == NULL && obj_int (create, "channel_id", &number, NULL))
    {
      g_snprintf (number_text, sizeof number_text, "%" G_GINT64_FORMAT, number);
      channel_text = number_text;
    }
  extern_text = obj_str (create, "extern_id");
  buyer_id = obj_str (create, "buyer_id");

  if (channel_text != NULL)
    {
      guint64 id;

      c = channel_param (call, channel_text);
      /* The first message of an order opens its conversation. */
      if (c == NULL && parse_id (channel_text, &id))
        {
          RpSbOrder *o = rp_sb_world_find_order (call->world, id);

          if (o != NULL)
            c = rp_sb_world_ensure_conversation (call->world,
                                                 (gint32)(o - &g_array_index (call->world->orders, RpSbOrder, 0)),
                                                 o->buyer);
        }
    }
  else if (extern_text != NULL && g_strcmp0 (obj_str (create, "message_type"), "member") != 0)
    {
      guint64 id;
      RpSbOrder *o = parse_id (extern_text, &id) ? rp_sb_world_find_order (call->world, id) : NULL;

      if (o != NULL)
        c = rp_sb_world_ensure_conversation (call->world,
                                             (gint32)(o - &g_array_index (call->world->orders, RpSbOrder, 0)),
                                             o->buyer);
    }
  else if (buyer_id != NULL)
    c = member_conversation (call->world, buyer_id);

  if (c == NULL)
    return message_result (call, FALSE, "CHANNEL_NOT_FOUND",
                           "No conversation, order or buyer matches channel_id/extern_id/buyer_id");

  m = rp_sb_world_add_message (call->world, c, call->world->now_ms, FALSE, content);
  call->applied = TRUE;
  rp_sb_sim_on_seller_message (call->world, c);

  g_snprintf (channel, sizeof channel, "%" G_GUINT64_FORMAT, c->channel_id);
  begin (call);
  rp_sb_json_begin_object (j, "result");
  rp_sb_json_bool (j, "is_success", TRUE);
  rp_sb_json_int (j, "message_id", (gint64)m->id);
  rp_sb_json_string (j, "channel_id", channel);
  rp_sb_json_int (j, "gmt_create", m->time_ms);
  rp_sb_json_end_object (j);
  return finish (call);
}

static char *
update_channel (Call    *call,
                GError **error)
{
  RpSbConversation *c;
  gint64 value = 0;

  if (param (call, "channel_id") == NULL)
    {
      g_set_error (error, RP_SB_API_ERROR, RP_SB_API_ERROR_MISSING_PARAMETER,
                   "Missing required parameter channel_id");
      return NULL;
    }
  c = channel_param (call, param (call, "channel_id"));
  if (c == NULL)
    return message_result (call, FALSE, "CHANNEL_NOT_FOUND", "No conversation with this channel_id");

  if (g_str_has_suffix (call->method, "updatemsgread"))
    {
      for (guint i = 0; i < c->messages->len; i++)
        g_array_index (c->messages, RpSbMessage, i).unread = FALSE;
      c->unread_count = 0;
      c->read_stat = 1;
    }
  else if (g_str_has_suffix (call->method, "updatemsgprocessed"))
    {
      if (!param_int (call, "deal_stat", TRUE, &value, error))
        return NULL;
      if (value != 0 && value != 1)
        return message_result (call, FALSE, "PARAM_ERROR", "deal_stat must be 0 or 1");
      c->deal_stat = (guint8)value;
    }
  else
    {
      if (!param_int (call, "rank", TRUE, &value, error))
        {
          /* Some clients send rank as "rank3", like the v1 filter. */
          const char *text = param (call, "rank");

          if (text == NULL || !g_str_has_prefix (text, "rank") ||
              !g_ascii_string_to_signed (text + 4, 10, 0, 5, &value, NULL))
            return NULL;
          g_clear_error (error);
        }
      if (value < 0 || value > 5)
        return message_result (call, FALSE, "PARAM_ERROR", "rank must be between 0 and 5");
      c->rank = (guint8)value;
    }
  call->applied = TRUE;

  return message_result (call, TRUE, NULL, NULL);
}

/* ------------------------------------------------------------------------ */
/* Issues                                                                    */

static gboolean
dispute_matches_status (const RpSbDispute *d,
                        const char        *status)
{
  return status == NULL || g_str_equal (status, rp_sb_dispute_state_name (d->state));
}

static char *
issuelist_get (Call    *call,
               GError **error)
{
  RpSbJson *j = &call->json;
  JsonObject *query = param_object (call, "query_dto", FALSE, error);
  gint64 page, size, order_no = 0;
  const char *status, *buyer;
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (guint));

  if (query == NULL && *error != NULL)
    return NULL;
  if (!page_args (query, 50, 20, &page, &size, error))
    return NULL;
  if (!obj_int (query, "order_no", &order_no, error) && *error != NULL)
    return NULL;
  status = obj_str (query, "issue_status");
  if (status != NULL && !g_str_equal (status, "processing") && !g_str_equal (status, "canceled_issue") &&
      !g_str_equal (status, "finish"))
    {
      g_set_error (error, RP_SB_API_ERROR, RP_SB_API_ERROR_INVALID_PARAMETER,
                   "issue_status must be processing, canceled_issue or finish");
      return NULL;
    }
  buyer = obj_str (query, "buyer_login_id");

  for (guint i = call->world->disputes->len; i > 0; i--)
    {
      const RpSbDispute *d = g_ptr_array_index (call->world->disputes, i - 1);
      const RpSbOrder *o = &g_array_index (call->world->orders, RpSbOrder, d->order);
      guint index = i - 1;

      if (!dispute_matches_status (d, status))
        continue;
      if (order_no != 0 && (guint64)order_no != o->id &&
          (guint64)order_no != rp_sb_world_item (call->world, d->item)->child_id)
        continue;
      if (buyer != NULL && !g_str_equal (buyer, rp_sb_world_buyer (call->world, o->buyer)->login_id))
        continue;
      g_array_append_val (hits, index);
    }

  begin (call);
  rp_sb_json_int (j, "current_page", page);
  rp_sb_json_int (j, "page_size", size);
  rp_sb_json_int (j, "total_item", hits->len);
  rp_sb_json_begin_list (j, "data_list", "issue_api_issue_dto");
  for (gint64 i = (page - 1) * size; i < page * size && i < (gint64)hits->len; i++)
    {
      const RpSbDispute *d = g_ptr_array_index (call->world->disputes, g_array_index (hits, guint, i));
      const RpSbOrder *o = &g_array_index (call->world->orders, RpSbOrder, d->order);

      rp_sb_json_begin_object (j, NULL);
      rp_sb_json_int (j, "issue_id", (gint64)d->id);
      rp_sb_json_string (j, "issue_status", rp_sb_dispute_state_name (d->state));
      rp_sb_json_int (j, "order_id", (gint64)rp_sb_world_item (call->world, d->item)->child_id);
      rp_sb_json_int (j, "parent_order_id", (gint64)o->id);
      rp_sb_json_string (j, "buyer_login_id", rp_sb_world_buyer (call->world, o->buyer)->login_id);
      write_time (call, "gmt_create", d->created);
      write_time (call, "gmt_modified", d->modified);
      rp_sb_json_string (j, "reason_chinese", rp_sb_reasons[d->reason].reason_chinese);
      rp_sb_json_string (j, "reason_english", rp_sb_reasons[d->reason].reason_english);
      rp_sb_json_end_object (j);
    }
  rp_sb_json_end_list (j);

  return finish (call);
}

static RpSbDispute *
lookup_dispute (Call        *call,
                gint64       issue_id,
                const char  *buyer_login_id,
                GError     **error)
{
  RpSbDispute *d = issue_id > 0 ? rp_sb_world_find_dispute (call->world, (guint64)issue_id) : NULL;

  if (d == NULL)
    {
      g_set_error (error, RP_SB_API_ERROR, RP_SB_API_ERROR_INVALID_PARAMETER,
                   "Issue %" G_GINT64_FORMAT " does not exist", issue_id);
      return NULL;
    }
  if (buyer_login_id != NULL)
    {
      const RpSbOrder *o = &g_array_index (call->world->orders, RpSbOrder, d->order);

      if (!g_str_equal (buyer_login_id, rp_sb_world_buyer (call->world, o->buyer)->login_id))
        {
          g_set_error (error, RP_SB_API_ERROR, RP_SB_API_ERROR_INVALID_PARAMETER,
                       "Issue %" G_GINT64_FORMAT " does not belong to buyer %s", issue_id, buyer_login_id);
          return NULL;
        }
    }
  return d;
}

static void
write_solutions (Call              *call,
                 const RpSbDispute *d,
                 const char        *name,
                 RpSbSolutionOwner  owner)
{
  RpSbJson *j = &call->json;
  const RpSbOrder *o = &g_array_index (call->world->orders, RpSbOrder, d->order);

  rp_sb_json_begin_list (j, name, "solution_api_dto");
  for (guint i = 0; i < d->solutions->len; i++)
    {
      const RpSbSolution *s = &g_array_index (d->solutions, RpSbSolution, i);

      if (s->owner != owner)
        continue;
      rp_sb_json_begin_object (j, NULL);
      rp_sb_json_int (j, "id", (gint64)s->id);
      rp_sb_json_int (j, "issue_id", (gint64)d->id);
      rp_sb_json_int (j, "order_id", (gint64)o->id);
      rp_sb_json_string (j, "solution_type", s->return_goods ? "return_and_refund" : "refund");
      rp_sb_json_string (j, "solution_owner", owner == RP_SB_SOL_BUYER ? "buyer"
                                              : owner == RP_SB_SOL_SELLER ? "seller" : "platform");
      rp_sb_json_bool (j, "is_default", s->is_default);
      rp_sb_json_int (j, "version", s->version);
      rp_sb_json_string (j, "content", s->content);
      write_amount (call, "refund_money", s->refund_cents);
      write_amount (call, "refund_money_post", s->refund_cents);
      write_amount (call, "logistics_fee_amount", 0);
      rp_sb_json_string (j, "logistics_fee_bear_role", s->return_goods ? "seller" : "");
      rp_sb_json_string (j, "status", s->status);
      if (s->reached_type != NULL)
        {
          rp_sb_json_string (j, "reached_type", s->reached_type);
          write_time (call, "reached_time", s->accepted);
        }
      if (s->accepted != 0 && owner != RP_SB_SOL_BUYER)
        write_time (call, "buyer_accept_time", s->accepted);
      if (s->accepted != 0 && owner == RP_SB_SOL_BUYER)
        write_time (call, "seller_accept_time", s->accepted);
      write_time (call, "gmt_create", s->created);
      write_time (call, "gmt_modified", s->modified);
      rp_sb_json_end_object (j);
    }
  rp_sb_json_end_list (j);
}

static char *
issue_detail_get (Call    *call,
                  GError **error)
{
  RpSbJson *j = &call->json;
  gint64 issue_id;
  RpSbDispute *d;
  const RpSbOrder *o;
  const RpSbItem *item;
  const RpSbProduct *p;
  gboolean has_buyer_video = FALSE;

  if (!param_int (call, "issue_id", TRUE, &issue_id, error))
    return NULL;
  if (param (call, "buyer_login_id") == NULL)
    {
      g_set_error (error, RP_SB_API_ERROR, RP_SB_API_ERROR_MISSING_PARAMETER,
                   "Missing required parameter buyer_login_id");
      return NULL;
    }
  if ((d = lookup_dispute (call, issue_id, param (call, "buyer_login_id"), error)) == NULL)
    return NULL;

  o = &g_array_index (call->world->orders, RpSbOrder, d->order);
  item = rp_sb_world_item (call->world, d->item);
  p = &rp_sb_products[item->product];

  begin (call);
  rp_sb_json_begin_object (j, "result_object");
  rp_sb_json_int (j, "id", (gint64)d->id);
  rp_sb_json_int (j, "order_id", (gint64)item->child_id);
  rp_sb_json_int (j, "parent_order_id", (gint64)o->id);
  write_time (call, "gmt_create", d->created);
  rp_sb_json_string (j, "issue_status", rp_sb_dispute_state_name (d->state));
  rp_sb_json_int (j, "issue_reason_id", 1000 + d->reason);
  rp_sb_json_string (j, "issue_reason", rp_sb_reasons[d->reason].reason_english);
  rp_sb_json_string (j, "reverse_detail_status", d->detail_status);
  if (d->timeout_type != NULL)
    {
      rp_sb_json_string (j, "timeout_type", d->timeout_type);
      write_time (call, "timeout_trigger_time", d->timeout_at);
    }
  rp_sb_json_string (j, "product_name", p->name);
  rp_sb_json_int (j, "product_id", (gint64)rp_sb_product_id (item->product));
  write_amount (call, "product_price", p->price_cents);
  write_amount (call, "refund_money_max", d->refund_max_cents);
  write_amount (call, "refund_money_max_local", d->refund_max_cents);
  rp_sb_json_string (j, "after_sale_warranty", "false");
  write_solutions (call, d, "buyer_solution_list", RP_SB_SOL_BUYER);
  write_solutions (call, d, "seller_solution_list", RP_SB_SOL_SELLER);
  write_solutions (call, d, "platform_solution_list", RP_SB_SOL_PLATFORM);
  rp_sb_json_begin_list (j, "process_dto_list", "api_issue_process_dto");
  for (guint i = 0; i < d->process->len; i++)
    {
      const RpSbProcess *pr = &g_array_index (d->process, RpSbProcess, i);

      rp_sb_json_begin_object (j, NULL);
      rp_sb_json_int (j, "id", (gint64)(d->id * 100 + i));
      rp_sb_json_string (j, "action_type", pr->action_type);
      rp_sb_json_string (j, "submit_member_type", pr->member_type);
      rp_sb_json_string (j, "content", pr->content);
      write_time (call, "gmt_create", pr->time);
      rp_sb_json_string (j, "receive_goods", pr->receive_goods ? "true" : "false");
      rp_sb_json_begin_list (j, "attachments", "api_attachment_dto");
      if (pr->attachment != NULL)
        {
          rp_sb_json_begin_object (j, NULL);
          rp_sb_json_string (j, "file_path", pr->attachment);
          rp_sb_json_string (j, "owner", pr->member_type);
          write_time (call, "gmt_create", pr->time);
          rp_sb_json_end_object (j);
          has_buyer_video = has_buyer_video || g_str_has_suffix (pr->attachment, ".mp4");
        }
      rp_sb_json_end_list (j);
      rp_sb_json_bool (j, "has_buyer_video", has_buyer_video);
      rp_sb_json_bool (j, "has_seller_video", FALSE);
      rp_sb_json_end_object (j);
    }
  rp_sb_json_end_list (j);
  rp_sb_json_end_object (j);

  return finish (call);
}

static char *
issue_result (Call       *call,
              gboolean    ok,
              const char *code,
              const char *message)
{
  RpSbJson *j = &call->json;

  begin (call);
  rp_sb_json_bool (j, "result_object", ok);
  if (!ok)
    {
      rp_sb_json_string (j, "error_code", code);
      rp_sb_json_string (j, "error_message", message);
    }
  return finish (call);
}

static RpSbSolution *
find_solution (RpSbDispute *d,
               gint64       id,
               guint       *out_index)
{
  for (guint i = 0; i < d->solutions->len; i++)
    if ((gint64)g_array_index (d->solutions, RpSbSolution, i).id == id)
      {
        if (out_index != NULL)
          *out_index = i;
        return &g_array_index (d->solutions, RpSbSolution, i);
      }
  return NULL;
}

static gboolean
parse_money (const char *text,
             gint64     *out_cents)
{
  char *end = NULL;
  double v;

  if (text == NULL)
    return FALSE;
  v = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || v < 0 || v > 1e9)
    return FALSE;
  *out_cents = (gint64)(v * 100 + 0.5);
  return TRUE;
}

static char *
solution_save (Call    *call,
               GError **error)
{
  JsonObject *dto = param_object (call, "param_dto", TRUE, error);
  gint64 issue_id = 0, cents = 0;
  RpSbDispute *d;
  gboolean add, return_goods;
  const char *type, *context, *amount_text;
  g_autoptr(GError) failure = NULL;
  char number[32];
  RpSbSolution *s;
  guint index;
  gint64 now = call->world->now_ms / 1000;
  JsonNode *amount_node;

  if (dto == NULL)
    return NULL;
  if (!obj_int (dto, "issue_id", &issue_id, error))
    {
      if (*error == NULL)
        g_set_error (error, RP_SB_API_ERROR, RP_SB_API_ERROR_MISSING_PARAMETER, "param_dto.issue_id is required");
      return NULL;
    }
  if ((d = lookup_dispute (call, issue_id, obj_str (dto, "buyer_login_id"), &failure)) == NULL)
    return issue_result (call, FALSE, "ISSUE_NOT_FOUND", failure->message);
  if (d->state != RP_SB_DISPUTE_PROCESSING)
    return issue_result (call, FALSE, "ISSUE_CLOSED", "The dispute is no longer open");

  add = obj_bool (dto, "add_seller_solution", TRUE);
  type = obj_str (dto, "add_solution_type");
  if (type == NULL)
    type = "refund";
  if (!g_str_equal (type, "refund") && !g_str_equal (type, "return_and_refund"))
    return issue_result (call, FALSE, "PARAM_ERROR", "add_solution_type must be refund or return_and_refund");
  return_goods = g_str_equal (type, "return_and_refund");

  context = obj_str (dto, "solution_context");
  if (!check_text (context, "solution_context", MAX_TEXT_CHARS, &failure))
    return issue_result (call, FALSE, "PARAM_ERROR", failure->message);

  amount_node = json_object_get_member (dto, "refund_amount");
  amount_text = obj_str (dto, "refund_amount");
  if (amount_text == NULL && amount_node != NULL && JSON_NODE_HOLDS_VALUE (amount_node) &&
      (json_node_get_value_type (amount_node) == G_TYPE_DOUBLE ||
       json_node_get_value_type (amount_node) == G_TYPE_INT64))
    {
      g_ascii_dtostr (number, sizeof number, json_node_get_double (amount_node));
      amount_text = number;
    }
  if (!parse_money (amount_text, &cents))
    return issue_result (call, FALSE, "PARAM_ERROR", "refund_amount must be an amount like 12.34");
  if (cents > d->refund_max_cents)
    return issue_result (call, FALSE, "REFUND_TOO_HIGH", "refund_amount is above the refundable maximum");
  if (obj_str (dto, "refund_amount_currency") != NULL &&
      g_ascii_strcasecmp (obj_str (dto, "refund_amount_currency"), RP_SB_CURRENCY) != 0)
    return issue_result (call, FALSE, "PARAM_ERROR", "refund_amount_currency must be USD");

  if (add)
    {
      gint64 buyer_solution_id = 0;
      RpSbSolution *rejected;

      if (!obj_int (dto, "buyer_solution_id", &buyer_solution_id, &failure) ||
          (rejected = find_solution (d, buyer_solution_id, NULL)) == NULL ||
          rejected->owner != RP_SB_SOL_BUYER)
        return issue_result (call, FALSE, "PARAM_ERROR",
                             "buyer_solution_id must name the buyer solution being rejected");
      rejected->status = "seller_refused";
      rejected->modified = now;
      s = rp_sb_dispute_add_solution (call->world, d, RP_SB_SOL_SELLER, return_goods, cents, context, now);
      index = d->solutions->len - 1;
      rp_sb_dispute_add_process (call->world, d, now, "seller_create_solution", "seller", context, NULL);
    }
  else
    {
      gint64 id = 0;

      if (!obj_int (dto, "modify_seller_solution_id", &id, &failure) ||
          (s = find_solution (d, id, &index)) == NULL || s->owner != RP_SB_SOL_SELLER)
        return issue_result (call, FALSE, "PARAM_ERROR",
                             "modify_seller_solution_id must name one of the seller's solutions");
      s->refund_cents = cents;
      s->return_goods = return_goods;
      s->content = rp_sb_world_store (call->world, context);
      s->version++;
      s->modified = now;
      s->status = "wait_buyer_accept";
      d->modified = now;
      rp_sb_dispute_add_process (call->world, d, now, "seller_modify_solution", "seller", context, NULL);
    }

  d->detail_status = "wait_for_buyer_response";
  d->timeout_type = "WAIT_SOLUTION_TIMEOUT";
  d->timeout_at = now + 5 * DAY;
  rp_sb_world_schedule (call->world, d->timeout_at, RP_SB_DUE_DISPUTE_TIMEOUT,
                        rp_sb_world_dispute_index (call->world, d), 0);
  rp_sb_world_touch_order (call->world, &g_array_index (call->world->orders, RpSbOrder, d->order), now);
  call->applied = TRUE;
  rp_sb_sim_on_seller_solution (call->world, d, index);

  return issue_result (call, TRUE, NULL, NULL);
}

static char *
solution_agree (Call    *call,
                GError **error)
{
  gint64 issue_id, solution_id;
  RpSbDispute *d;
  RpSbSolution *s;
  g_autoptr(GError) failure = NULL;
  gint64 now = call->world->now_ms / 1000;

  if (!param_int (call, "issue_id", TRUE, &issue_id, error) ||
      !param_int (call, "solution_id", TRUE, &solution_id, error))
    return NULL;
  if ((d = lookup_dispute (call, issue_id, param (call, "buyer_login_id"), &failure)) == NULL)
    return issue_result (call, FALSE, "ISSUE_NOT_FOUND", failure->message);
  if (d->state != RP_SB_DISPUTE_PROCESSING)
    return issue_result (call, FALSE, "ISSUE_CLOSED", "The dispute is no longer open");
  s = find_solution (d, solution_id, NULL);
  if (s == NULL || s->owner == RP_SB_SOL_SELLER || !g_str_equal (s->status, "wait_seller_accept"))
    return issue_result (call, FALSE, "SOLUTION_INVALID",
                         "solution_id must name a buyer or platform solution waiting for the seller");

  rp_sb_dispute_add_process (call->world, d, now, "seller_accept", "seller", NULL, NULL);
  rp_sb_dispute_close (call->world, d, s, "negotiation_consensus", now);
  call->applied = TRUE;

  return issue_result (call, TRUE, NULL, NULL);
}

/* ------------------------------------------------------------------------ */
/* Logistics                                                                 */

static char *
fulfill_result (Call       *call,
                gboolean    ok,
                const char *code,
                const char *desc)
{
  RpSbJson *j = &call->json;

  begin (call);
  rp_sb_json_begin_object (j, "result");
  rp_sb_json_bool (j, "result_success", ok);
  if (!ok)
    {
      rp_sb_json_string (j, "result_error_code", code);
      rp_sb_json_string (j, "result_error_desc", desc);
    }
  rp_sb_json_end_object (j);
  return finish (call);
}

static char *
order_fulfill (Call    *call,
               GError **error)
{
  const char *names[] = { "service_name", "out_ref", "send_type", "logistics_no" };
  const char *service_name, *send_type, *logistics_no, *website, *description;
  gint64 out_ref;
  RpSbOrder *o;
  guint service;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (param (call, names[i]) == NULL)
      {
        g_set_error (error, RP_SB_API_ERROR, RP_SB_API_ERROR_MISSING_PARAMETER,
                     "Missing required parameter %s", names[i]);
        return NULL;
      }
  if (!param_int (call, "out_ref", TRUE, &out_ref, error))
    return NULL;

  service_name = param (call, "service_name");
  send_type = param (call, "send_type");
  logistics_no = param (call, "logistics_no");
  website = param (call, "tracking_website");
  description = param (call, "description");

  if (!g_str_equal (send_type, "all") && !g_str_equal (send_type, "part"))
    return fulfill_result (call, FALSE, "PARAM_ERROR", "send_type must be all or part");
  if (g_ascii_strcasecmp (service_name, "OTHER") != 0 && rp_sb_service_find (service_name, &service) == NULL)
    return fulfill_result (call, FALSE, "SERVICE_NAME_INVALID", "Unknown service_name");
  if (g_ascii_strcasecmp (service_name, "OTHER") == 0)
    {
      if (website == NULL)
        return fulfill_result (call, FALSE, "PARAM_ERROR", "tracking_website is required for OTHER");
      service = 0;
    }
  if (strlen (logistics_no) > 64)
    return fulfill_result (call, FALSE, "PARAM_ERROR", "logistics_no is too long");
  if (description != NULL && (strlen (description) > 512 || !g_str_is_ascii (description)))
    return fulfill_result (call, FALSE, "PARAM_ERROR", "description must be English and at most 512 characters");

  o = out_ref > 0 ? rp_sb_world_find_order (call->world, (guint64)out_ref) : NULL;
  if (o == NULL)
    return fulfill_result (call, FALSE, "ORDER_NOT_FOUND", "No order with this out_ref");
  if (o->status != RP_SB_ORDER_WAIT_SELLER_SEND_GOODS && o->status != RP_SB_ORDER_SELLER_PART_SEND_GOODS)
    return fulfill_result (call, FALSE, "ORDER_STATUS_INVALID",
                           "The order is not waiting for the seller to ship");
  if (rp_sb_world_find_tracking (call->world, logistics_no) != NULL)
    return fulfill_result (call, FALSE, "LOGISTICS_NO_USED", "This logistics_no was already declared");

  rp_sb_sim_on_fulfill (call->world, o, service, logistics_no, website);
  if (g_str_equal (send_type, "part"))
    o->status = RP_SB_ORDER_SELLER_PART_SEND_GOODS;
  call->applied = TRUE;

  return fulfill_result (call, TRUE, NULL, NULL);
}

static char *
listlogisticsservice (Call    *call,
                      GError **error)
{
  RpSbJson *j = &call->json;

  begin (call);
  rp_sb_json_begin_list (j, "result_list", "aeop_logistics_service_result");
  for (guint i = 0; i < rp_sb_n_services; i++)
    {
      const RpSbService *s = &rp_sb_services[i];

      rp_sb_json_begin_object (j, NULL);
      rp_sb_json_string (j, "service_name", s->service_name);
      rp_sb_json_string (j, "display_name", s->display_name);
      rp_sb_json_string (j, "logistics_company", s->company);
      rp_sb_json_string (j, "tracking_no_regex", s->tracking_regex);
      rp_sb_json_int (j, "min_process_day", s->min_days);
      rp_sb_json_int (j, "max_process_day", s->max_days);
      rp_sb_json_int (j, "recommend_order", i + 1);
      rp_sb_json_end_object (j);
    }
  rp_sb_json_end_list (j);
  rp_sb_json_bool (j, "result_success", TRUE);
  return finish (call);
}

static char *
querytrackingresult (Call    *call,
                     GError **error)
{
  RpSbJson *j = &call->json;
  RpSbShipment *s;
  gint64 out_ref = 0;
  guint visible;

  if (param (call, "logistics_no") == NULL)
    {
      g_set_error (error, RP_SB_API_ERROR, RP_SB_API_ERROR_MISSING_PARAMETER,
                   "Missing required parameter logistics_no");
      return NULL;
    }
  if (!param_int (call, "out_ref", FALSE, &out_ref, error) && *error != NULL)
    return NULL;

  s = rp_sb_world_find_tracking (call->world, param (call, "logistics_no"));
  if (s != NULL && out_ref != 0 &&
      (guint64)out_ref != g_array_index (call->world->orders, RpSbOrder, s->order).id)
    s = NULL;
  if (s != NULL && param (call, "service_name") != NULL &&
      g_ascii_strcasecmp (param (call, "service_name"), rp_sb_services[s->service].service_name) != 0 &&
      g_ascii_strcasecmp (param (call, "service_name"), "OTHER") != 0)
    s = NULL;

  begin (call);
  if (s == NULL)
    {
      rp_sb_json_begin_list (j, "details", "details");
      rp_sb_json_end_list (j);
      rp_sb_json_string (j, "error_desc", "No tracking information for this logistics_no");
      rp_sb_json_bool (j, "result_success", FALSE);
      return finish (call);
    }

  visible = rp_sb_shipment_visible_events (call->world, s);
  rp_sb_json_begin_list (j, "details", "details");
  /* Newest event first, as carriers list them. */
  for (guint i = visible; i > 0; i--)
    rp_sb_world_write_event (call->world, j, s, i - 1);
  rp_sb_json_end_list (j);
  rp_sb_json_string (j, "official_website",
                     s->tracking_website != NULL ? s->tracking_website : rp_sb_services[s->service].website);
  rp_sb_json_bool (j, "result_success", TRUE);
  return finish (call);
}

/* ------------------------------------------------------------------------ */

static const struct
{
  const char *name;
  MethodFunc  func;
  gboolean    write;
} methods[] = {
  { "aliexpress.trade.seller.orderlist.get", orderlist_get, FALSE },
  { "aliexpress.trade.new.redefining.findorderbyid", findorderbyid, FALSE },
  { "aliexpress.trade.redefining.extendsbuyeracceptgoodstime", extends_accept_time, TRUE },
  { "aliexpress.message.redefining.versiontwo.querymsgrelationlist", querymsgrelationlist, FALSE },
  { "aliexpress.message.redefining.versiontwo.querymsgdetaillist", querymsgdetaillist, FALSE },
  { "aliexpress.message.redefining.versiontwo.addmsg", addmsg, TRUE },
  { "aliexpress.message.redefining.versiontwo.updatemsgread", update_channel, TRUE },
  { "aliexpress.message.redefining.versiontwo.updatemsgprocessed", update_channel, TRUE },
  { "aliexpress.message.redefining.versiontwo.updatemsgrank", update_channel, TRUE },
  { "aliexpress.issue.issuelist.get", issuelist_get, FALSE },
  { "aliexpress.issue.detail.get", issue_detail_get, FALSE },
  { "aliexpress.issue.solution.save", solution_save, TRUE },
  { "aliexpress.issue.solution.agree", solution_agree, TRUE },
  { "aliexpress.solution.order.fulfill", order_fulfill, TRUE },
  { "aliexpress.logistics.redefining.listlogisticsservice", listlogisticsservice, FALSE },
  { "aliexpress.logistics.redefining.querytrackingresult", querytrackingresult, FALSE },
};

static int
find_method (const char *method)
{
  for (guint i = 0; method != NULL && i < G_N_ELEMENTS (methods); i++)
    if (g_str_equal (methods[i].name, method))
      return (int)i;
  return -1;
}

gboolean
rp_sb_api_is_known (const char *method)
{
  return find_method (method) >= 0;
}

gboolean
rp_sb_api_is_write (const char *method)
{
  int i = find_method (method);

  return i >= 0 && methods[i].write;
}

/**
 * rp_sb_api_call:
 * @world: the world, already run up to the current time
 * @method: a business method name
 * @params: (element-type utf8 utf8): all request parameters
 * @simplify: whether the caller asked for simplify=true
 * @request_id: the request id to echo
 * @out_applied: (out) (optional): whether the world changed
 * @error: a #RP_SB_API_ERROR for requests the platform rejects outright
 *
 * Returns: (transfer full) (nullable): the response body, or %NULL with @error
 */
char *
rp_sb_api_call (RpSbWorld   *world,
                const char  *method,
                GHashTable  *params,
                gboolean     simplify,
                const char  *request_id,
                gboolean    *out_applied,
                GError     **error)
{
  Call call = { 0, };
  char *body;
  int i = find_method (method);
  g_autoptr(GError) local_error = NULL;

  if (out_applied != NULL)
    *out_applied = FALSE;

  if (i < 0)
    {
      g_set_error (error, RP_SB_API_ERROR, RP_SB_API_ERROR_UNKNOWN_METHOD,
                   "The method %s is not supported", method != NULL ? method : "(none)");
      return NULL;
    }

  call.world = world;
  call.params = params;
  call.method = method;
  call.request_id = request_id;
  call.parsers = g_ptr_array_new_with_free_func (g_object_unref);
  rp_sb_json_init (&call.json, simplify);

  body = methods[i].func (&call, &local_error);

  g_ptr_array_unref (call.parsers);
  if (body == NULL)
    {
      rp_sb_json_clear (&call.json);
      if (local_error == NULL)
        g_set_error (&local_error, RP_SB_API_ERROR, RP_SB_API_ERROR_INVALID_PARAMETER, "Invalid request");
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (out_applied != NULL)
    *out_applied = call.applied;
  return body;
}
