/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-sandbox"

#include "config.h"

#include <string.h>

#include "rp-sandbox-world.h"

static void
write_time (RpSbWorld  *world,
            RpSbJson   *json,
            const char *name,
            gint64      unix_seconds)
{
  g_autofree char *text = NULL;

  if (unix_seconds == 0)
    {
      rp_sb_json_null (json, name);
      return;
    }
  text = rp_sb_format_pacific (world, unix_seconds);
  rp_sb_json_string (json, name, text);
}

void
rp_sb_world_write_address (RpSbWorld       *world,
                           RpSbJson        *json,
                           const char      *name,
                           const RpSbBuyer *buyer)
{
  const RpSbCountry *c = &rp_sb_countries[buyer->country];
  const RpSbRegion *r = &c->regions[buyer->region];
  g_autofree char *full = rp_sb_buyer_full_name (buyer);
  g_autofree char *detail = g_strdup_printf ("%s%s%s", buyer->street,
                                             buyer->line2 != NULL ? ", " : "",
                                             buyer->line2 != NULL ? buyer->line2 : "");

  rp_sb_json_begin_object (json, name);
  rp_sb_json_string (json, "contact_person", full);
  rp_sb_json_string (json, "country", c->code);
  rp_sb_json_string (json, "province", r->province);
  rp_sb_json_string (json, "city", r->city);
  rp_sb_json_string (json, "address", buyer->street);
  rp_sb_json_string (json, "address2", buyer->line2 != NULL ? buyer->line2 : "");
  rp_sb_json_string (json, "detail_address", detail);
  rp_sb_json_string (json, "zip", buyer->zip);
  rp_sb_json_string (json, "phone_country", c->phone_prefix + 1);
  rp_sb_json_string (json, "mobile_no", buyer->phone + strlen (c->phone_prefix) + 1);
  rp_sb_json_end_object (json);
}

static void
write_buyer (RpSbWorld       *world,
             RpSbJson        *json,
             const RpSbBuyer *b)
{
  const RpSbCountry *c = &rp_sb_countries[b->country];
  g_autofree char *full = rp_sb_buyer_full_name (b);

  rp_sb_json_begin_object (json, NULL);
  rp_sb_json_string (json, "login_id", b->login_id);
  rp_sb_json_int (json, "ali_id", (gint64)b->ali_id);
  rp_sb_json_string (json, "first_name", b->given_name);
  rp_sb_json_string (json, "last_name", b->family_name);
  rp_sb_json_string (json, "full_name", full);
  rp_sb_json_string (json, "country", c->code);
  rp_sb_json_string (json, "country_name", c->name);
  rp_sb_json_string (json, "language", rp_sb_languages[c->language].code);
  rp_sb_json_string (json, "time_zone", c->regions[b->region].zone);
  rp_sb_json_string (json, "style", rp_sb_style_name (b->style));
  rp_sb_world_write_address (world, json, "address", b);
  rp_sb_json_end_object (json);
}

static void
write_order (RpSbWorld       *world,
             RpSbJson        *json,
             const RpSbOrder *o)
{
  const RpSbBuyer *b = rp_sb_world_buyer (world, o->buyer);

  rp_sb_json_begin_object (json, NULL);
  rp_sb_json_int (json, "order_id", (gint64)o->id);
  rp_sb_json_string (json, "buyer_login_id", b->login_id);
  rp_sb_json_string (json, "order_status", rp_sb_order_status_name (o->status));
  rp_sb_json_string (json, "issue_status", rp_sb_issue_state_name (o->issue));
  write_time (world, json, "gmt_create", o->created);
  write_time (world, json, "gmt_pay_time", o->paid);
  write_time (world, json, "gmt_update", o->modified);
  write_time (world, json, "gmt_send_goods_time", o->shipped);
  write_time (world, json, "gmt_trade_end", o->finished);
  /* The end of the current state, as order detail's over_time_left gives it. */
  if (o->status == RP_SB_ORDER_WAIT_SELLER_SEND_GOODS)
    write_time (world, json, "over_time_left", rp_sb_order_ship_deadline (o));
  else if (o->status == RP_SB_ORDER_WAIT_BUYER_ACCEPT_GOODS)
    write_time (world, json, "over_time_left", rp_sb_order_accept_deadline (o));
  else
    rp_sb_json_null (json, "over_time_left");
  rp_sb_json_string (json, "memo", o->memo);
  rp_sb_json_money (json, "pay_amount", rp_sb_order_total_cents (world, o), RP_SB_CURRENCY);
  rp_sb_json_money (json, "logistics_amount", o->logistics_cents, RP_SB_CURRENCY);
  rp_sb_json_string (json, "logistics_service_name", rp_sb_services[o->service].service_name);
  rp_sb_world_write_address (world, json, "receipt_address", b);
  rp_sb_json_begin_array (json, "items");
  for (guint i = 0; i < o->n_items; i++)
    {
      const RpSbItem *item = rp_sb_world_item (world, o->first_item + i);
      const RpSbProduct *p = &rp_sb_products[item->product];
      g_autofree char *standard = rp_sb_item_standard (item);
      g_autofree char *sku = rp_sb_item_sku (item);

      rp_sb_json_begin_object (json, NULL);
      rp_sb_json_int (json, "child_id", (gint64)item->child_id);
      rp_sb_json_int (json, "product_id", (gint64)rp_sb_product_id (item->product));
      rp_sb_json_string (json, "product_name", p->name);
      rp_sb_json_int (json, "product_count", item->count);
      rp_sb_json_money (json, "product_unit_price", p->price_cents, RP_SB_CURRENCY);
      rp_sb_json_string (json, "sku_code", sku);
      rp_sb_json_string (json, "product_standard", standard);
      rp_sb_json_end_object (json);
    }
  rp_sb_json_end_array (json);
  if (o->shipment >= 0)
    rp_sb_json_string (json, "logistics_no",
                       ((RpSbShipment *)g_ptr_array_index (world->shipments, o->shipment))->logistics_no);
  else
    rp_sb_json_null (json, "logistics_no");
  if (o->dispute >= 0)
    rp_sb_json_int (json, "issue_id",
                    (gint64)((RpSbDispute *)g_ptr_array_index (world->disputes, o->dispute))->id);
  else
    rp_sb_json_null (json, "issue_id");
  rp_sb_json_end_object (json);
}

static void
write_conversation (RpSbWorld              *world,
                    RpSbJson               *json,
                    const RpSbConversation *c)
{
  const RpSbBuyer *b = rp_sb_world_buyer (world, c->buyer);
  char channel[32];

  g_snprintf (channel, sizeof channel, "%" G_GUINT64_FORMAT, c->channel_id);
  rp_sb_json_begin_object (json, NULL);
  rp_sb_json_string (json, "channel_id", channel);
  rp_sb_json_string (json, "message_type", c->order >= 0 ? "order" : "member");
  if (c->order >= 0)
    rp_sb_json_int (json, "order_id", (gint64)g_array_index (world->orders, RpSbOrder, c->order).id);
  else
    rp_sb_json_null (json, "order_id");
  rp_sb_json_string (json, "buyer_login_id", b->login_id);
  rp_sb_json_int (json, "read_stat", c->read_stat);
  rp_sb_json_int (json, "deal_stat", c->deal_stat);
  rp_sb_json_int (json, "rank", c->rank);
  rp_sb_json_int (json, "unread_count", c->unread_count);
  rp_sb_json_begin_array (json, "messages");
  for (guint i = 0; i < c->messages->len; i++)
    {
      const RpSbMessage *m = &g_array_index (c->messages, RpSbMessage, i);

      rp_sb_json_begin_object (json, NULL);
      rp_sb_json_int (json, "id", (gint64)m->id);
      rp_sb_json_int (json, "gmt_create", m->time_ms);
      rp_sb_json_string (json, "sender", m->from_buyer ? "buyer" : "seller");
      rp_sb_json_string (json, "sender_login_id", m->from_buyer ? b->login_id : RP_SB_SELLER_LOGIN_ID);
      rp_sb_json_string (json, "content", m->content);
      rp_sb_json_end_object (json);
    }
  rp_sb_json_end_array (json);
  rp_sb_json_end_object (json);
}

static const char *
owner_name (guint8 owner)
{
  return owner == RP_SB_SOL_BUYER ? "buyer" : owner == RP_SB_SOL_SELLER ? "seller" : "platform";
}

static void
write_dispute (RpSbWorld         *world,
               RpSbJson          *json,
               const RpSbDispute *d)
{
  const RpSbOrder *o = &g_array_index (world->orders, RpSbOrder, d->order);
  const RpSbBuyer *b = rp_sb_world_buyer (world, o->buyer);

  rp_sb_json_begin_object (json, NULL);
  rp_sb_json_int (json, "issue_id", (gint64)d->id);
  rp_sb_json_int (json, "order_id", (gint64)rp_sb_world_item (world, d->item)->child_id);
  rp_sb_json_int (json, "parent_order_id", (gint64)o->id);
  rp_sb_json_string (json, "buyer_login_id", b->login_id);
  rp_sb_json_string (json, "issue_status", rp_sb_dispute_state_name (d->state));
  rp_sb_json_string (json, "reverse_detail_status", d->detail_status);
  rp_sb_json_string (json, "reason_english", rp_sb_reasons[d->reason].reason_english);
  rp_sb_json_string (json, "reason_chinese", rp_sb_reasons[d->reason].reason_chinese);
  write_time (world, json, "gmt_create", d->created);
  write_time (world, json, "gmt_modified", d->modified);
  rp_sb_json_string (json, "timeout_type", d->timeout_type);
  write_time (world, json, "timeout_trigger_time", d->timeout_at);
  rp_sb_json_money (json, "refund_money_max", d->refund_max_cents, RP_SB_CURRENCY);
  rp_sb_json_begin_array (json, "solutions");
  for (guint i = 0; i < d->solutions->len; i++)
    {
      const RpSbSolution *s = &g_array_index (d->solutions, RpSbSolution, i);

      rp_sb_json_begin_object (json, NULL);
      rp_sb_json_int (json, "id", (gint64)s->id);
      rp_sb_json_string (json, "solution_owner", owner_name (s->owner));
      rp_sb_json_string (json, "solution_type", s->return_goods ? "return_and_refund" : "refund");
      rp_sb_json_money (json, "refund_money", s->refund_cents, RP_SB_CURRENCY);
      rp_sb_json_string (json, "status", s->status);
      rp_sb_json_string (json, "reached_type", s->reached_type);
      rp_sb_json_string (json, "content", s->content);
      write_time (world, json, "gmt_create", s->created);
      write_time (world, json, "gmt_modified", s->modified);
      rp_sb_json_end_object (json);
    }
  rp_sb_json_end_array (json);
  rp_sb_json_begin_array (json, "history");
  for (guint i = 0; i < d->process->len; i++)
    {
      const RpSbProcess *p = &g_array_index (d->process, RpSbProcess, i);

      rp_sb_json_begin_object (json, NULL);
      rp_sb_json_string (json, "action_type", p->action_type);
      rp_sb_json_string (json, "submit_member_type", p->member_type);
      rp_sb_json_string (json, "content", p->content);
      write_time (world, json, "gmt_create", p->time);
      rp_sb_json_begin_array (json, "attachments");
      if (p->attachment != NULL)
        rp_sb_json_string (json, NULL, p->attachment);
      rp_sb_json_end_array (json);
      rp_sb_json_end_object (json);
    }
  rp_sb_json_end_array (json);
  rp_sb_json_end_object (json);
}

void
rp_sb_world_write_event (RpSbWorld          *world,
                         RpSbJson           *json,
                         const RpSbShipment *s,
                         guint               index)
{
  const RpSbEvent *e = &g_array_index (s->events, RpSbEvent, index);
  const RpSbOrder *o = &g_array_index (world->orders, RpSbOrder, s->order);
  const RpSbBuyer *b = rp_sb_world_buyer (world, o->buyer);
  const RpSbCountry *c = &rp_sb_countries[b->country];
  const char *desc, *code;
  g_autofree char *address = NULL;
  g_autofree char *date = rp_sb_format_pacific (world, e->time);

  rp_sb_event_describe (e->step, &desc, &code);
  if (e->step <= 2)
    address = g_strdup ("Shenzhen, CN");
  else if (e->step <= 4)
    address = g_strdup ("Guangzhou, CN");
  else if (e->step <= 8)
    address = g_strdup (c->name);
  else
    address = g_strdup_printf ("%s, %s", c->regions[b->region].city, c->code);

  rp_sb_json_begin_object (json, NULL);
  rp_sb_json_string (json, "event_desc", desc);
  rp_sb_json_string (json, "event_date", date);
  rp_sb_json_string (json, "address", address);
  rp_sb_json_string (json, "signed_name", code[0] == 'G' && e->step == 11 ? b->given_name : "");
  rp_sb_json_string (json, "status", code);
  rp_sb_json_string (json, "action_code", code);
  rp_sb_json_end_object (json);
}

const char *
rp_sb_shipment_scenario (RpSbWorld          *world,
                         const RpSbShipment *s)
{
  if (s->track == RP_SB_TRACK_DELIVERED &&
      rp_sb_shipment_visible_events (world, s) < s->events->len)
    return rp_sb_track_name (RP_SB_TRACK_MOVING);
  return rp_sb_track_name (s->track);
}

static void
write_shipment (RpSbWorld          *world,
                RpSbJson           *json,
                const RpSbShipment *s)
{
  const RpSbOrder *o = &g_array_index (world->orders, RpSbOrder, s->order);
  guint visible = rp_sb_shipment_visible_events (world, s);

  rp_sb_json_begin_object (json, NULL);
  rp_sb_json_int (json, "order_id", (gint64)o->id);
  rp_sb_json_string (json, "logistics_no", s->logistics_no);
  rp_sb_json_string (json, "service_name", rp_sb_services[s->service].service_name);
  rp_sb_json_string (json, "tracking_website", s->tracking_website);
  write_time (world, json, "gmt_send", s->shipped);
  rp_sb_json_string (json, "scenario", rp_sb_shipment_scenario (world, s));
  rp_sb_json_begin_array (json, "events");
  for (guint i = 0; i < visible; i++)
    rp_sb_world_write_event (world, json, s, i);
  rp_sb_json_end_array (json);
  rp_sb_json_end_object (json);
}

void
rp_sb_world_write_export (RpSbWorld *world,
                          RpSbJson  *json)
{
  g_autofree char *now = rp_sb_format_pacific (world, world->now_ms / 1000);

  rp_sb_json_begin_object (json, NULL);
  rp_sb_json_int (json, "seed", (gint64)world->config.seed);
  rp_sb_json_string (json, "now", now);
  rp_sb_json_int (json, "now_ms", world->now_ms);
  rp_sb_json_begin_object (json, "seller");
  rp_sb_json_string (json, "login_id", RP_SB_SELLER_LOGIN_ID);
  rp_sb_json_int (json, "seller_id", (gint64)RP_SB_SELLER_ID);
  rp_sb_json_string (json, "name", RP_SB_SELLER_NAME);
  rp_sb_json_end_object (json);

  rp_sb_json_begin_array (json, "buyers");
  for (guint i = 0; i < world->buyers->len; i++)
    write_buyer (world, json, rp_sb_world_buyer (world, i));
  rp_sb_json_end_array (json);

  rp_sb_json_begin_array (json, "orders");
  for (guint i = 0; i < world->orders->len; i++)
    write_order (world, json, &g_array_index (world->orders, RpSbOrder, i));
  rp_sb_json_end_array (json);

  rp_sb_json_begin_array (json, "conversations");
  for (guint i = 0; i < world->conversations->len; i++)
    write_conversation (world, json, g_ptr_array_index (world->conversations, i));
  rp_sb_json_end_array (json);

  rp_sb_json_begin_array (json, "disputes");
  for (guint i = 0; i < world->disputes->len; i++)
    write_dispute (world, json, g_ptr_array_index (world->disputes, i));
  rp_sb_json_end_array (json);

  rp_sb_json_begin_array (json, "shipments");
  for (guint i = 0; i < world->shipments->len; i++)
    write_shipment (world, json, g_ptr_array_index (world->shipments, i));
  rp_sb_json_end_array (json);

  rp_sb_json_end_object (json);
}

void
rp_sb_world_write_stats (RpSbWorld *world,
                         RpSbJson  *json)
{
  guint open_disputes = 0, unread = 0;
  guint by_status[RP_SB_N_ORDER_STATUSES] = { 0, };
  g_autofree char *now = rp_sb_format_pacific (world, world->now_ms / 1000);

  for (guint i = 0; i < world->disputes->len; i++)
    if (((RpSbDispute *)g_ptr_array_index (world->disputes, i))->state == RP_SB_DISPUTE_PROCESSING)
      open_disputes++;
  for (guint i = 0; i < world->conversations->len; i++)
    if (((RpSbConversation *)g_ptr_array_index (world->conversations, i))->unread_count > 0)
      unread++;
  for (guint i = 0; i < world->orders->len; i++)
    by_status[g_array_index (world->orders, RpSbOrder, i).status]++;

  rp_sb_json_int (json, "orders", world->orders->len);
  rp_sb_json_int (json, "buyers", world->buyers->len);
  rp_sb_json_int (json, "conversations", world->conversations->len);
  rp_sb_json_int (json, "messages", world->n_messages);
  rp_sb_json_int (json, "disputes", world->disputes->len);
  rp_sb_json_int (json, "open_disputes", open_disputes);
  rp_sb_json_int (json, "shipments", world->shipments->len);
  rp_sb_json_int (json, "unread_conversations", unread);
  rp_sb_json_int (json, "buyer_events", world->n_buyer_events);
  rp_sb_json_string (json, "now", now);
  rp_sb_json_int (json, "now_ms", world->now_ms);
  rp_sb_json_begin_object (json, "orders_by_status");
  for (guint i = 0; i < RP_SB_N_ORDER_STATUSES; i++)
    rp_sb_json_int (json, rp_sb_order_status_name (i), by_status[i]);
  rp_sb_json_end_object (json);
}
