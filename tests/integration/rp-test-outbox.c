/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-test-outbox"

#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>

#include "rp-outbox-payload.h"
#include "rp-store.h"

/* Queues writes of every kind in a cache's outbox, the way the pages do, for the fault and
 * kill tests: rapportctl itself only queues messages.  Reads a JSON array of operations on
 * stdin, each {"kind": "<outbox kind nick>", …fields of the payload…}, and prints the new
 * outbox ids as a JSON array.  Nothing is sent: `rapportctl sync --outbox-only` does that. */

static char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));

  return NULL;
}

static gint64
member_int (JsonObject *object,
            const char *name)
{
  return json_object_get_int_member_with_default (object, name, 0);
}

static RpOutboxPayload *
parse_operation (JsonObject    *op,
                 RpOutboxKind  *out_kind,
                 GError       **error)
{
  g_autoptr(RpOutboxPayload) payload = rp_outbox_payload_new ();
  const char *kind = json_object_get_string_member_with_default (op, "kind", "");
  JsonObject *nested;

  if (!rp_outbox_kind_from_string (kind, out_kind))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "Unknown outbox kind “%s”", kind);
      return NULL;
    }

  payload->channel_id = member_string (op, "channel_id");
  payload->buyer_login_id = member_string (op, "buyer_login_id");
  payload->order_id = member_string (op, "order_id");
  payload->text = member_string (op, "text");
  payload->flag = json_object_get_boolean_member_with_default (op, "flag", FALSE);
  payload->number = (guint)member_int (op, "number");
  payload->issue_id = member_string (op, "issue_id");
  payload->solution_id = member_string (op, "solution_id");
  payload->deadline = member_int (op, "deadline");

  if (json_object_has_member (op, "fulfillment")
      && (nested = json_object_get_object_member (op, "fulfillment")) != NULL)
    {
      payload->fulfillment = rp_fulfillment_new ();
      payload->fulfillment->order_id = member_string (nested, "order_id");
      payload->fulfillment->service_name = member_string (nested, "service_name");
      payload->fulfillment->tracking_no = member_string (nested, "tracking_no");
      payload->fulfillment->description = member_string (nested, "description");
    }

  if (json_object_has_member (op, "solution")
      && (nested = json_object_get_object_member (op, "solution")) != NULL)
    {
      payload->solution = rp_solution_draft_new ();
      payload->solution->issue_id = member_string (nested, "issue_id");
      payload->solution->buyer_login_id = member_string (nested, "buyer_login_id");
      payload->solution->add = json_object_get_boolean_member_with_default (nested, "add", TRUE);
      payload->solution->solution_type = member_string (nested, "solution_type");
      payload->solution->buyer_solution_id = member_string (nested, "buyer_solution_id");
      payload->solution->modify_solution_id = member_string (nested, "modify_solution_id");
      payload->solution->refund.cents = member_int (nested, "refund_cents");
      g_strlcpy (payload->solution->refund.currency, "USD", sizeof payload->solution->refund.currency);
      payload->solution->content = member_string (nested, "content");
    }

  return g_steal_pointer (&payload);
}

static gint64
enqueue (RpStore       *store,
         gint64         account_id,
         JsonObject    *op,
         GError       **error)
{
  g_autoptr(RpOutboxPayload) payload = NULL;
  g_autoptr(RpOutboxItem) item = NULL;
  g_autoptr(RpMessage) echo = NULL;
  g_autofree char *json = NULL;
  RpOutboxKind kind;

  payload = parse_operation (op, &kind, error);
  if (payload == NULL)
    return -1;

  json = rp_outbox_payload_to_json (kind, payload);
  item = rp_outbox_item_new (kind, account_id, rp_outbox_payload_target (kind, payload), json);

  /* A message or confirmation shows at once in its conversation, as when a page sends it. */
  if (kind == RP_OUTBOX_KIND_MESSAGE || kind == RP_OUTBOX_KIND_CONFIRMATION)
    {
      echo = rp_message_new ();
      echo->account_id = account_id;
      echo->channel_id = g_strdup (payload->channel_id);
      echo->is_own = TRUE;
      echo->content = g_strdup (payload->text);
      echo->sent_at = g_get_real_time ();
      echo->message_type = g_strdup ("order");
      echo->extern_id = g_strdup (payload->order_id);
    }

  return rp_store_outbox_enqueue_sync (store, item, echo, error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("< OPERATIONS.json");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(RpStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) input = g_string_new (NULL);
  g_autoptr(GString) output = g_string_new ("[");
  g_autofree char *db = NULL;
  gint64 account_id = 1;
  char buffer[65536];
  size_t n;
  JsonNode *root;
  JsonArray *ops;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The cache", "PATH" },
    { "account", 0, 0, G_OPTION_ARG_INT64, &account_id, "The account (1)", "ID" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || db == NULL)
    {
      g_printerr ("rp-test-outbox: %s\n", error != NULL ? error->message : "--db is required");
      return 2;
    }

  while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
    g_string_append_len (input, buffer, n);
  if (!json_parser_load_from_data (parser, input->str, input->len, &error))
    {
      g_printerr ("rp-test-outbox: %s\n", error->message);
      return 2;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_printerr ("rp-test-outbox: the input is not a JSON array\n");
      return 2;
    }
  ops = json_node_get_array (root);

  store = rp_store_new (db);
  if (!rp_store_open_sync (store, &error))
    {
      g_printerr ("rp-test-outbox: %s\n", error->message);
      return 1;
    }

  for (guint i = 0; i < json_array_get_length (ops); i++)
    {
      JsonNode *node = json_array_get_element (ops, i);
      gint64 id;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_printerr ("rp-test-outbox: operation %u is not an object\n", i);
          return 2;
        }
      id = enqueue (store, account_id, json_node_get_object (node), &error);
      if (id <= 0)
        {
          g_printerr ("rp-test-outbox: operation %u: %s\n", i,
                      error != NULL ? error->message : "not queued");
          return 1;
        }
      g_string_append_printf (output, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", id);
    }
  g_string_append (output, "]\n");
  fputs (output->str, stdout);

  rp_store_close (store);
  return 0;
}
