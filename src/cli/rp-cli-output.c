/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rapportctl"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "rp-cli-output.h"

char *
rp_cli_format_time (gint64 utc_usec)
{
  g_autoptr(GDateTime) dt = NULL;

  if (utc_usec == 0)
    return NULL;

  dt = g_date_time_new_from_unix_utc (utc_usec / G_USEC_PER_SEC);
  return dt != NULL ? g_date_time_format_iso8601 (dt) : NULL;
}

static void
set_string (JsonObject *object,
            const char *name,
            const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

static void
set_time (JsonObject *object,
          const char *name,
          gint64      value)
{
  g_autofree char *text = rp_cli_format_time (value);

  set_string (object, name, text);
}

static char *
format_money (const RpMoney *money)
{
  if (money->currency[0] == '\0' && money->cents == 0)
    return NULL;

  return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%02d %s",
                          money->cents < 0 ? "-" : "",
                          ABS (money->cents) / 100, (int)(ABS (money->cents) % 100),
                          money->currency);
}

static void
set_money (JsonObject    *object,
           const char    *name,
           const RpMoney *money)
{
  g_autofree char *text = format_money (money);

  set_string (object, name, text);
}

static const char *
confirmation_name (RpConfirmationState state)
{
  switch (state)
    {
    case RP_CONFIRMATION_SENT: return "sent";
    case RP_CONFIRMATION_NEEDS_REVIEW: return "needs-review";
    case RP_CONFIRMATION_READY_TO_SHIP: return "ready-to-ship";
    case RP_CONFIRMATION_SHIPPED: return "shipped";
    case RP_CONFIRMATION_NONE:
    default: return "none";
    }
}

static const char *
tracking_name (RpTrackingStatus status)
{
  static const char *names[] = {
    "pending", "info-received", "in-transit", "out-for-delivery",
    "delivered", "attempt-failed", "exception", "expired",
  };

  return (guint)status < G_N_ELEMENTS (names) ? names[status] : "pending";
}

JsonObject *
rp_cli_order_to_json (RpOrder *order)
{
  JsonObject *o = json_object_new ();

  set_string (o, "order_id", order->order_id);
  set_string (o, "status", order->raw_status);
  set_string (o, "buyer_login_id", order->buyer_login_id);
  set_string (o, "buyer_name", order->buyer_name);
  set_string (o, "country", order->buyer_country);
  set_money (o, "total", &order->total);
  set_time (o, "created_at", order->created_at);
  set_time (o, "modified_at", order->modified_at);
  set_time (o, "ship_by", order->ship_by);
  set_string (o, "memo", order->memo);
  json_object_set_string_member (o, "confirmation", confirmation_name (order->confirmation));
  return o;
}

static JsonObject *
address_to_json (const RpAddress *a)
{
  JsonObject *o = json_object_new ();

  set_string (o, "contact_person", a->contact_person);
  set_string (o, "country", a->country);
  set_string (o, "province", a->province);
  set_string (o, "city", a->city);
  set_string (o, "address", a->address);
  set_string (o, "address2", a->address2);
  set_string (o, "zip", a->zip);
  set_string (o, "phone", a->phone);
  return o;
}

static JsonObject *
event_to_json (const RpTrackingEvent *e)
{
  JsonObject *o = json_object_new ();

  set_time (o, "at", e->at);
  set_string (o, "description", e->description);
  set_string (o, "address", e->address);
  set_string (o, "action_code", e->action_code);
  return o;
}

JsonObject *
rp_cli_order_detail_to_json (RpOrder   *order,
                             GPtrArray *shipments)
{
  JsonObject *o = rp_cli_order_to_json (order);
  JsonArray *items = json_array_new ();
  JsonArray *parcels = json_array_new ();

  for (guint i = 0; i < order->items->len; i++)
    {
      const RpOrderItem *item = g_ptr_array_index (order->items, i);
      JsonObject *io = json_object_new ();

      set_string (io, "child_id", item->child_id);
      set_string (io, "product_id", item->product_id);
      set_string (io, "title", item->title);
      set_string (io, "variant", item->variant);
      set_string (io, "sku", item->sku);
      json_object_set_int_member (io, "quantity", item->quantity);
      set_money (io, "unit_price", &item->unit_price);
      set_string (io, "memo", item->memo);
      json_array_add_object_element (items, io);
    }
  json_object_set_array_member (o, "items", items);
  json_object_set_object_member (o, "address", address_to_json (&order->address));

  for (guint i = 0; shipments != NULL && i < shipments->len; i++)
    {
      RpShipment *shipment = g_ptr_array_index (shipments, i);
      JsonObject *so = rp_cli_shipment_to_json (shipment);
      JsonArray *events = json_array_new ();

      for (guint e = 0; e < shipment->events->len; e++)
        json_array_add_object_element (events, event_to_json (g_ptr_array_index (shipment->events, e)));
      json_object_set_array_member (so, "events", events);
      json_array_add_object_element (parcels, so);
    }
  json_object_set_array_member (o, "shipments", parcels);

  return o;
}

JsonObject *
rp_cli_conversation_to_json (RpConversation *c)
{
  JsonObject *o = json_object_new ();

  set_string (o, "channel_id", c->channel_id);
  set_string (o, "buyer_login_id", c->buyer_login_id);
  set_string (o, "buyer_name", c->buyer_name);
  set_string (o, "order_id", c->order_id);
  json_object_set_int_member (o, "unread_count", c->unread_count);
  json_object_set_boolean_member (o, "processed", c->processed);
  json_object_set_int_member (o, "rank", c->rank);
  set_time (o, "last_message_at", c->last_message_at);
  set_string (o, "last_message", c->last_message_text);
  return o;
}

JsonObject *
rp_cli_message_to_json (RpMessage *m)
{
  JsonObject *o = json_object_new ();

  set_string (o, "message_id", m->message_id);
  set_string (o, "channel_id", m->channel_id);
  set_string (o, "sender_login_id", m->sender_login_id);
  set_string (o, "sender_name", m->sender_name);
  json_object_set_boolean_member (o, "is_own", m->is_own);
  set_time (o, "sent_at", m->sent_at);
  set_string (o, "content", m->content);
  if (m->outbox_id > 0)
    {
      json_object_set_int_member (o, "outbox_id", m->outbox_id);
      set_string (o, "state", rp_outbox_state_to_string (m->outbox_state));
    }
  else
    json_object_set_string_member (o, "state", "sent");
  return o;
}

JsonObject *
rp_cli_dispute_to_json (RpDispute *d)
{
  JsonObject *o = json_object_new ();

  set_string (o, "issue_id", d->issue_id);
  set_string (o, "order_id", d->order_id);
  set_string (o, "buyer_login_id", d->buyer_login_id);
  set_string (o, "status", d->raw_status);
  set_string (o, "reason", d->reason);
  set_string (o, "detail_status", d->detail_status);
  set_time (o, "deadline", d->deadline);
  set_money (o, "refund_max", &d->refund_max);
  return o;
}

JsonObject *
rp_cli_shipment_to_json (RpShipment *s)
{
  JsonObject *o = json_object_new ();

  set_string (o, "order_id", s->order_id);
  set_string (o, "tracking_no", s->tracking_no);
  set_string (o, "service_name", s->service_name);
  set_string (o, "status", tracking_name (s->status));
  set_time (o, "shipped_at", s->shipped_at);
  set_time (o, "last_event_at", s->last_event_at);
  return o;
}

JsonObject *
rp_cli_outbox_to_json (RpOutboxItem *item)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "id", item->id);
  set_string (o, "kind", rp_outbox_kind_to_string (item->kind));
  set_string (o, "target_id", item->target_id);
  set_string (o, "state", rp_outbox_state_to_string (item->state));
  json_object_set_int_member (o, "attempts", item->attempts);
  set_time (o, "created_at", item->created_at);
  set_time (o, "sent_at", item->sent_at);
  set_string (o, "remote_id", item->remote_id);
  set_string (o, "last_error", item->last_error);
  return o;
}

JsonObject *
rp_cli_account_to_json (RpStoreAccount *a)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "account_id", a->id);
  set_string (o, "marketplace", a->marketplace);
  set_string (o, "base_url", a->base_url);
  set_string (o, "app_key", a->app_key);
  set_string (o, "name", a->name);
  set_string (o, "seller_id", a->seller_id);
  return o;
}

JsonObject *
rp_cli_search_hit_to_json (RpStoreSearchHit *hit)
{
  JsonObject *o = rp_cli_message_to_json (hit->message);

  set_string (o, "buyer_name", hit->buyer_name);
  return o;
}

static char *
cell_text (JsonObject *row,
           const char *column)
{
  JsonNode *node = json_object_get_member (row, column);
  GString *text;
  const char *s;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      s = json_node_get_string (node);
      break;
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "yes" : "no");
    default:
      return g_strdup ("");
    }

  /* One line per row, whatever the text holds; control characters become spaces. */
  text = g_string_new (NULL);
  for (const char *p = s; *p != '\0' && g_utf8_strlen (text->str, -1) < 60; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0x202E || c == 0x202D || c == 0x2066 || c == 0x2067 ||
          c == 0x2068 || c == 0x2069 || c == 0x202A || c == 0x202B || c == 0x202C)
        g_string_append_c (text, ' ');
      else
        g_string_append_unichar (text, c);
    }
  if (*s != '\0' && g_utf8_strlen (s, -1) > 60)
    g_string_append (text, "…");
  return g_string_free (text, FALSE);
}

void
rp_cli_print_rows (GPtrArray          *rows,
                   gboolean            json,
                   const char * const *columns)
{
  if (json)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      g_autofree char *text = NULL;

      for (guint i = 0; i < rows->len; i++)
        json_array_add_object_element (array, json_object_ref (g_ptr_array_index (rows, i)));
      json_node_set_array (root, array);
      text = json_to_string (root, TRUE);
      g_print ("%s\n", text);
      return;
    }

  {
    guint n_columns = g_strv_length ((char **)columns);
    g_autofree guint *widths = g_new0 (guint, n_columns);

    for (guint c = 0; c < n_columns; c++)
      widths[c] = g_utf8_strlen (columns[c], -1);
    for (guint r = 0; r < rows->len; r++)
      for (guint c = 0; c < n_columns; c++)
        {
          g_autofree char *cell = cell_text (g_ptr_array_index (rows, r), columns[c]);

          widths[c] = MAX (widths[c], (guint)g_utf8_strlen (cell, -1));
        }

    for (guint c = 0; c < n_columns; c++)
      g_print ("%-*s%s", (int)widths[c], columns[c], c + 1 < n_columns ? "  " : "\n");
    for (guint r = 0; r < rows->len; r++)
      for (guint c = 0; c < n_columns; c++)
        {
          g_autofree char *cell = cell_text (g_ptr_array_index (rows, r), columns[c]);
          /* printf pads by bytes; pad by characters so that non-ASCII names line up. */
          guint pad = widths[c] - g_utf8_strlen (cell, -1);

          g_print ("%s%*s%s", cell, c + 1 < n_columns ? (int)pad : 0, "",
                   c + 1 < n_columns ? "  " : "\n");
        }
  }
}
