/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-outbox-payload"

#include "config.h"

#include <json-glib/json-glib.h>

#include "rp-outbox-payload.h"

RpOutboxPayload *
rp_outbox_payload_new (void)
{
  return g_new0 (RpOutboxPayload, 1);
}

void
rp_outbox_payload_free (RpOutboxPayload *payload)
{
  if (payload == NULL)
    return;

  g_free (payload->channel_id);
  g_free (payload->buyer_login_id);
  g_free (payload->order_id);
  g_free (payload->text);
  g_free (payload->issue_id);
  g_free (payload->solution_id);
  g_free (payload->return_address_id);
  g_clear_pointer (&payload->fulfillment, rp_fulfillment_free);
  g_clear_pointer (&payload->solution, rp_solution_draft_free);
  g_free (payload);
}

/**
 * rp_outbox_payload_target:
 *
 * Returns: the id that orders items: items with the same target are sent in order
 */
const char *
rp_outbox_payload_target (RpOutboxKind           kind,
                          const RpOutboxPayload *payload)
{
  switch (kind)
    {
    case RP_OUTBOX_KIND_MESSAGE:
    case RP_OUTBOX_KIND_CONFIRMATION:
    case RP_OUTBOX_KIND_MARK_READ:
    case RP_OUTBOX_KIND_MARK_PROCESSED:
    case RP_OUTBOX_KIND_SET_RANK:
      return payload->channel_id;

    case RP_OUTBOX_KIND_FULFILL:
      return payload->fulfillment != NULL ? payload->fulfillment->order_id : payload->order_id;

    case RP_OUTBOX_KIND_EXTEND_ACCEPT:
      return payload->order_id;

    case RP_OUTBOX_KIND_SOLUTION_SAVE:
      return payload->solution != NULL ? payload->solution->issue_id : payload->issue_id;

    case RP_OUTBOX_KIND_SOLUTION_AGREE:
      return payload->issue_id;

    default:
      return NULL;
    }
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_bool (JsonBuilder *builder,
          const char  *name,
          gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

char *
rp_outbox_payload_to_json (RpOutboxKind           kind,
                           const RpOutboxPayload *p)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (p != NULL, NULL);

  json_builder_begin_object (builder);
  add_string (builder, "channel_id", p->channel_id);
  add_string (builder, "buyer_login_id", p->buyer_login_id);
  add_string (builder, "order_id", p->order_id);
  add_string (builder, "text", p->text);
  add_bool (builder, "flag", p->flag);
  add_int (builder, "number", p->number);
  add_string (builder, "issue_id", p->issue_id);
  add_string (builder, "solution_id", p->solution_id);
  add_string (builder, "return_address_id", p->return_address_id);
  if (p->deadline != 0)
    add_int (builder, "deadline", p->deadline);

  if (p->fulfillment != NULL)
    {
      json_builder_set_member_name (builder, "fulfillment");
      json_builder_begin_object (builder);
      add_string (builder, "order_id", p->fulfillment->order_id);
      add_string (builder, "service_name", p->fulfillment->service_name);
      add_string (builder, "tracking_no", p->fulfillment->tracking_no);
      add_bool (builder, "partial", p->fulfillment->partial);
      add_string (builder, "tracking_website", p->fulfillment->tracking_website);
      add_string (builder, "description", p->fulfillment->description);
      json_builder_end_object (builder);
    }

  if (p->solution != NULL)
    {
      json_builder_set_member_name (builder, "solution");
      json_builder_begin_object (builder);
      add_string (builder, "issue_id", p->solution->issue_id);
      add_string (builder, "buyer_login_id", p->solution->buyer_login_id);
      add_bool (builder, "add", p->solution->add);
      add_string (builder, "solution_type", p->solution->solution_type);
      add_string (builder, "buyer_solution_id", p->solution->buyer_solution_id);
      add_string (builder, "modify_solution_id", p->solution->modify_solution_id);
      add_int (builder, "refund_cents", p->solution->refund.cents);
      add_string (builder, "refund_currency", p->solution->refund.currency);
      add_string (builder, "return_address_id", p->solution->return_address_id);
      add_string (builder, "content", p->solution->content);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static char *
dup_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

static gint64
get_int (JsonObject *object,
         const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (node);
}

static gboolean
get_bool (JsonObject *object,
          const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  return json_node_get_boolean (node);
}

static gboolean
require (const char  *value,
         const char  *name,
         RpOutboxKind kind,
         GError     **error)
{
  if (value != NULL && *value != '\0')
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               "The outbox item (%s) lacks its %s", rp_outbox_kind_to_string (kind), name);
  return FALSE;
}

RpOutboxPayload *
rp_outbox_payload_parse (RpOutboxKind   kind,
                         const char    *json,
                         GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(RpOutboxPayload) p = rp_outbox_payload_new ();
  JsonObject *object;
  JsonNode *root;

  if (json == NULL || !g_utf8_validate (json, -1, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The outbox item (%s) has no readable payload", rp_outbox_kind_to_string (kind));
      return NULL;
    }

  if (!json_parser_load_from_data (parser, json, -1, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The outbox item (%s) payload is not an object", rp_outbox_kind_to_string (kind));
      return NULL;
    }

  object = json_node_get_object (root);
  p->channel_id = dup_string (object, "channel_id");
  p->buyer_login_id = dup_string (object, "buyer_login_id");
  p->order_id = dup_string (object, "order_id");
  p->text = dup_string (object, "text");
  p->flag = get_bool (object, "flag");
  p->number = (guint)CLAMP (get_int (object, "number"), 0, G_MAXUINT);
  p->issue_id = dup_string (object, "issue_id");
  p->solution_id = dup_string (object, "solution_id");
  p->return_address_id = dup_string (object, "return_address_id");
  p->deadline = get_int (object, "deadline");

  if (json_object_has_member (object, "fulfillment") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "fulfillment")))
    {
      JsonObject *f = json_object_get_object_member (object, "fulfillment");

      p->fulfillment = rp_fulfillment_new ();
      p->fulfillment->order_id = dup_string (f, "order_id");
      p->fulfillment->service_name = dup_string (f, "service_name");
      p->fulfillment->tracking_no = dup_string (f, "tracking_no");
      p->fulfillment->partial = get_bool (f, "partial");
      p->fulfillment->tracking_website = dup_string (f, "tracking_website");
      p->fulfillment->description = dup_string (f, "description");
    }

  if (json_object_has_member (object, "solution") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "solution")))
    {
      JsonObject *s = json_object_get_object_member (object, "solution");
      g_autofree char *currency = dup_string (s, "refund_currency");

      p->solution = rp_solution_draft_new ();
      p->solution->issue_id = dup_string (s, "issue_id");
      p->solution->buyer_login_id = dup_string (s, "buyer_login_id");
      p->solution->add = get_bool (s, "add");
      p->solution->solution_type = dup_string (s, "solution_type");
      p->solution->buyer_solution_id = dup_string (s, "buyer_solution_id");
      p->solution->modify_solution_id = dup_string (s, "modify_solution_id");
      p->solution->refund.cents = get_int (s, "refund_cents");
      if (currency != NULL)
        g_strlcpy (p->solution->refund.currency, currency, sizeof p->solution->refund.currency);
      p->solution->return_address_id = dup_string (s, "return_address_id");
      p->solution->content = dup_string (s, "content");
    }

  switch (kind)
    {
    case RP_OUTBOX_KIND_MESSAGE:
    case RP_OUTBOX_KIND_CONFIRMATION:
      if (!require (p->channel_id, "conversation", kind, error) ||
          !require (p->text, "text", kind, error))
        return NULL;
      break;

    case RP_OUTBOX_KIND_MARK_READ:
    case RP_OUTBOX_KIND_MARK_PROCESSED:
    case RP_OUTBOX_KIND_SET_RANK:
      if (!require (p->channel_id, "conversation", kind, error))
        return NULL;
      break;

    case RP_OUTBOX_KIND_EXTEND_ACCEPT:
      if (!require (p->order_id, "order", kind, error))
        return NULL;
      break;

    case RP_OUTBOX_KIND_FULFILL:
      if (p->fulfillment == NULL ||
          !require (p->fulfillment->order_id, "order", kind, error) ||
          !require (p->fulfillment->tracking_no, "tracking number", kind, error) ||
          !require (p->fulfillment->service_name, "logistics service", kind, error))
        {
          if (error != NULL && *error == NULL)
            require (NULL, "shipment", kind, error);
          return NULL;
        }
      break;

    case RP_OUTBOX_KIND_SOLUTION_SAVE:
      if (p->solution == NULL || !require (p->solution->issue_id, "dispute", kind, error))
        {
          if (error != NULL && *error == NULL)
            require (NULL, "solution", kind, error);
          return NULL;
        }
      break;

    case RP_OUTBOX_KIND_SOLUTION_AGREE:
      if (!require (p->issue_id, "dispute", kind, error) ||
          !require (p->solution_id, "solution", kind, error))
        return NULL;
      break;

    default:
      break;
    }

  return g_steal_pointer (&p);
}
