/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-sandbox"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "rp-sandbox-rng.h"
#include "rp-sandbox-world.h"

#define DAY (24 * 3600)
#define HOUR 3600
#define ORDER_ID_BASE G_GUINT64_CONSTANT (8100000000000000)
#define CHILD_ID_BASE G_GUINT64_CONSTANT (8200000000000000)
#define PRODUCT_ID_BASE G_GUINT64_CONSTANT (1005006000000000)
#define ISSUE_ID_BASE G_GUINT64_CONSTANT (6000000000000)
#define ISSUE_ID_STEP 17
#define RELATION_ID_BASE G_GUINT64_CONSTANT (9000000000)
#define MESSAGE_ID_BASE G_GUINT64_CONSTANT (50000000000)
#define SOLUTION_ID_BASE G_GUINT64_CONSTANT (70000000)
#define BUYER_ALI_ID_BASE G_GUINT64_CONSTANT (2000000000)
#define HISTORY_DAYS 60

/* Stream keys, so that each kind of decision draws from its own sequence. */
enum {
  KEY_BUYER = 1,
  KEY_ORDER,
  KEY_HISTORY,
  KEY_SHIP,
  KEY_DISPUTE,
  KEY_GENERAL,
  KEY_LIVELY,
};

static guint64
key (guint64 kind,
     guint64 n)
{
  return (kind << 56) ^ n;
}

/* ------------------------------------------------------------------------ */
/* Names and formatting                                                      */

const char *
rp_sb_order_status_name (RpSbOrderStatus status)
{
  static const char * const names[] = {
    "PLACE_ORDER_SUCCESS", "WAIT_SELLER_SEND_GOODS", "SELLER_PART_SEND_GOODS",
    "WAIT_BUYER_ACCEPT_GOODS", "IN_ISSUE", "FINISH",
  };

  g_return_val_if_fail (status < RP_SB_N_ORDER_STATUSES, "FINISH");
  return names[status];
}

gboolean
rp_sb_order_status_parse (const char      *name,
                          RpSbOrderStatus *out_status)
{
  for (guint i = 0; i < RP_SB_N_ORDER_STATUSES; i++)
    if (name != NULL && g_ascii_strcasecmp (name, rp_sb_order_status_name (i)) == 0)
      {
        *out_status = i;
        return TRUE;
      }
  return FALSE;
}

const char *
rp_sb_issue_state_name (RpSbIssueState state)
{
  switch (state)
    {
    case RP_SB_ISSUE_IN:
      return "IN_ISSUE";
    case RP_SB_ISSUE_END:
      return "END_ISSUE";
    case RP_SB_ISSUE_NONE:
    default:
      return "NO_ISSUE";
    }
}

const char *
rp_sb_dispute_state_name (RpSbDisputeState state)
{
  switch (state)
    {
    case RP_SB_DISPUTE_CANCELED:
      return "canceled_issue";
    case RP_SB_DISPUTE_FINISH:
      return "finish";
    case RP_SB_DISPUTE_PROCESSING:
    default:
      return "processing";
    }
}

const char *
rp_sb_track_name (RpSbTrack track)
{
  static const char * const names[] = { "delivered", "moving", "stalled", "no_first_scan", "customs" };

  g_return_val_if_fail (track < RP_SB_N_TRACKS, "moving");
  return names[track];
}

enum {
  STEP_INFO, STEP_PICKUP, STEP_SORT_IN, STEP_SORT_OUT, STEP_AIRLINE, STEP_ARRIVE,
  STEP_CUSTOMS_START, STEP_CUSTOMS_HOLD, STEP_CUSTOMS_DONE, STEP_LOCAL, STEP_OUT, STEP_SIGNED,
  N_STEPS
};

void
rp_sb_event_describe (guint8       step,
                      const char **out_desc,
                      const char **out_action_code)
{
  static const char * const desc[N_STEPS][2] = {
    { "Electronic information submitted by the seller", "GTMS_ASN" },
    { "Picked up by the carrier", "PU_PICKUP_SUCCESS" },
    { "Arrived at the sorting center", "SC_INBOUND_SUCCESS" },
    { "Departed from the sorting center", "SC_OUTBOUND_SUCCESS" },
    { "Handed over to the airline", "LH_HO_AIRLINE" },
    { "Arrived in the destination country", "LH_ARRIVE" },
    { "Import customs clearance started", "CC_IM_START" },
    { "Held by customs", "CC_HO_HOLD" },
    { "Import customs clearance complete", "CC_IM_SUCCESS" },
    { "Arrived at the local delivery center", "GTMS_DO_ARRIVE" },
    { "Out for delivery", "GTMS_DO_DEPART" },
    { "Delivered", "GTMS_SIGNED" },
  };

  g_assert (step < N_STEPS);
  *out_desc = desc[step][0];
  *out_action_code = desc[step][1];
}

char *
rp_sb_format_pacific (RpSbWorld *world,
                      gint64     unix_seconds)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_seconds);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, world->pacific);

  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

gboolean
rp_sb_parse_pacific (RpSbWorld  *world,
                     const char *text,
                     gint64     *out_unix_seconds)
{
  g_autoptr(GDateTime) dt = NULL;
  int y, mo, d, h = 0, mi = 0, s = 0;
  char tail;

  if (text == NULL)
    return FALSE;
  if (sscanf (text, "%4d-%2d-%2d %2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &tail) < 3)
    return FALSE;
  if (sscanf (text, "%4d-%2d-%2d %2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &tail) == 7)
    return FALSE;

  dt = g_date_time_new (world->pacific, y, mo, d, h, mi, s);
  if (dt == NULL)
    return FALSE;

  *out_unix_seconds = g_date_time_to_unix (dt);
  return TRUE;
}

GTimeZone *
rp_sb_world_buyer_zone (RpSbWorld       *world,
                        const RpSbBuyer *buyer)
{
  return world->zones[world->zone_base[buyer->country] + buyer->region];
}

int
rp_sb_world_local_hour (RpSbWorld       *world,
                        const RpSbBuyer *buyer,
                        gint64           unix_seconds)
{
  GTimeZone *tz = rp_sb_world_buyer_zone (world, buyer);
  gint64 t = unix_seconds;
  int interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, t);
  gint64 local = t + g_time_zone_get_offset (tz, interval);

  return (int)(((local % DAY) + DAY) % DAY / HOUR);
}

const char *
rp_sb_world_intern (RpSbWorld  *world,
                    const char *text)
{
  return text != NULL ? g_string_chunk_insert_const (world->strings, text) : NULL;
}

const char *
rp_sb_world_store (RpSbWorld  *world,
                   const char *text)
{
  return text != NULL ? g_string_chunk_insert (world->strings, text) : NULL;
}

/* ------------------------------------------------------------------------ */
/* Lookups                                                                   */

RpSbBuyer *
rp_sb_world_buyer (RpSbWorld *world,
                   guint      index)
{
  g_assert (index < world->buyers->len);
  return &g_array_index (world->buyers, RpSbBuyer, index);
}

RpSbItem *
rp_sb_world_item (RpSbWorld *world,
                  guint      index)
{
  g_assert (index < world->items->len);
  return &g_array_index (world->items, RpSbItem, index);
}

RpSbOrder *
rp_sb_world_find_order (RpSbWorld *world,
                        guint64    order_id)
{
  guint lo = 0, hi = world->orders->len;

  /* Orders are appended with ascending ids. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      RpSbOrder *o = &g_array_index (world->orders, RpSbOrder, mid);

      if (o->id == order_id)
        return o;
      if (o->id < order_id)
        lo = mid + 1;
      else
        hi = mid;
    }
  return NULL;
}

RpSbConversation *
rp_sb_world_find_channel (RpSbWorld *world,
                          guint64    channel_id)
{
  return g_hash_table_lookup (world->channels, &channel_id);
}

RpSbDispute *
rp_sb_world_find_dispute (RpSbWorld *world,
                          guint64    issue_id)
{
  guint64 n;

  if (issue_id < ISSUE_ID_BASE || (issue_id - ISSUE_ID_BASE) % ISSUE_ID_STEP != 0)
    return NULL;
  n = (issue_id - ISSUE_ID_BASE) / ISSUE_ID_STEP;
  if (n >= world->disputes->len)
    return NULL;
  return g_ptr_array_index (world->disputes, n);
}

guint32
rp_sb_world_dispute_index (RpSbWorld         *world,
                           const RpSbDispute *dispute)
{
  return (guint32)((dispute->id - ISSUE_ID_BASE) / ISSUE_ID_STEP);
}

RpSbShipment *
rp_sb_world_find_tracking (RpSbWorld  *world,
                           const char *logistics_no)
{
  return logistics_no != NULL ? g_hash_table_lookup (world->tracking, logistics_no) : NULL;
}

char *
rp_sb_buyer_full_name (const RpSbBuyer *buyer)
{
  const RpSbCountry *c = &rp_sb_countries[buyer->country];

  if (c->family_first)
    return g_strconcat (buyer->family_name, c->no_space_name ? "" : " ", buyer->given_name, NULL);
  return g_strconcat (buyer->given_name, " ", buyer->family_name, NULL);
}

guint64
rp_sb_product_id (guint product)
{
  return PRODUCT_ID_BASE + (guint64)product * 7919;
}

char *
rp_sb_item_standard (const RpSbItem *item)
{
  const RpSbProduct *p = &rp_sb_products[item->product];
  g_autofree char *a = rp_sb_pick_value (p->values_a, item->value_a);
  g_autofree char *b = rp_sb_pick_value (p->values_b, item->value_b);

  if (a != NULL && b != NULL)
    return g_strdup_printf ("%s: %s, %s: %s", p->dim_a, a, p->dim_b, b);
  if (a != NULL)
    return g_strdup_printf ("%s: %s", p->dim_a, a);
  return g_strdup ("");
}

char *
rp_sb_item_sku (const RpSbItem *item)
{
  return g_strdup_printf ("SKU-%02u-%u-%u", item->product, item->value_a, item->value_b);
}

gint64
rp_sb_order_total_cents (RpSbWorld       *world,
                         const RpSbOrder *order)
{
  gint64 total = order->logistics_cents;

  for (guint i = 0; i < order->n_items; i++)
    {
      const RpSbItem *item = rp_sb_world_item (world, order->first_item + i);

      total += rp_sb_products[item->product].price_cents * item->count;
    }
  return total;
}

gint64
rp_sb_order_ship_deadline (const RpSbOrder *order)
{
  return order->paid != 0 ? order->paid + 7 * DAY : 0;
}

gint64
rp_sb_order_accept_deadline (const RpSbOrder *order)
{
  if (order->shipped == 0)
    return 0;
  return order->shipped + (gint64)(rp_sb_services[order->service].max_days + 15 + order->extended_days) * DAY;
}

guint
rp_sb_shipment_visible_events (RpSbWorld          *world,
                               const RpSbShipment *shipment)
{
  gint64 now = world->now_ms / 1000;
  guint n = 0;

  while (n < shipment->events->len &&
         g_array_index (shipment->events, RpSbEvent, n).time <= now)
    n++;
  return n;
}

typedef struct
{
  gint64            time_ms;
  guint64           channel_id;
  RpSbConversation *conversation;
} ByTime;

static int
compare_by_time (gconstpointer a,
                 gconstpointer b)
{
  const ByTime *x = a, *y = b;

  if (x->time_ms != y->time_ms)
    return x->time_ms < y->time_ms ? 1 : -1;
  return x->channel_id < y->channel_id ? 1 : x->channel_id > y->channel_id ? -1 : 0;
}

/**
 * rp_sb_world_conversations_by_time:
 * @world: the world
 *
 * Conversations with at least one message, newest last message first.
 * Cached until the next message, so that paging through a large inbox
 * does not sort it again for every page.
 *
 * Returns: (transfer none): the conversations
 */
GPtrArray *
rp_sb_world_conversations_by_time (RpSbWorld *world)
{
  g_autoptr(GArray) keys = NULL;

  if (world->by_last_message != NULL && world->by_last_message_gen == world->message_gen &&
      world->by_last_message->len <= world->conversations->len)
    return world->by_last_message;

  keys = g_array_sized_new (FALSE, FALSE, sizeof (ByTime), world->conversations->len);
  for (guint i = 0; i < world->conversations->len; i++)
    {
      RpSbConversation *c = g_ptr_array_index (world->conversations, i);
      ByTime k;

      if (c->messages->len == 0)
        continue;
      k.time_ms = g_array_index (c->messages, RpSbMessage, c->messages->len - 1).time_ms;
      k.channel_id = c->channel_id;
      k.conversation = c;
      g_array_append_val (keys, k);
    }
  g_array_sort (keys, compare_by_time);

  g_clear_pointer (&world->by_last_message, g_ptr_array_unref);
  world->by_last_message = g_ptr_array_sized_new (keys->len);
  for (guint i = 0; i < keys->len; i++)
    g_ptr_array_add (world->by_last_message, g_array_index (keys, ByTime, i).conversation);
  world->by_last_message_gen = world->message_gen;

  return world->by_last_message;
}

/* ------------------------------------------------------------------------ */
/* The agenda                                                                */

static gboolean
due_before (const RpSbDue *a,
            const RpSbDue *b)
{
  return a->time < b->time || (a->time == b->time && a->seq < b->seq);
}

void
rp_sb_world_schedule (RpSbWorld   *world,
                      gint64       time,
                      RpSbDueKind  kind,
                      guint32      target,
                      guint32      arg)
{
  RpSbDue due = { time, world->due_seq++, target, arg, kind };
  guint i;

  g_array_append_val (world->agenda, due);
  i = world->agenda->len - 1;
  while (i > 0)
    {
      guint parent = (i - 1) / 2;
      RpSbDue *p = &g_array_index (world->agenda, RpSbDue, parent);
      RpSbDue *c = &g_array_index (world->agenda, RpSbDue, i);
      RpSbDue tmp;

      if (!due_before (c, p))
        break;
      tmp = *p;
      *p = *c;
      *c = tmp;
      i = parent;
    }
}

gboolean
rp_sb_world_pop_due (RpSbWorld *world,
                     gint64     until,
                     RpSbDue   *out_due)
{
  guint n = world->agenda->len;
  guint i = 0;

  if (n == 0 || g_array_index (world->agenda, RpSbDue, 0).time > until)
    return FALSE;

  *out_due = g_array_index (world->agenda, RpSbDue, 0);
  g_array_index (world->agenda, RpSbDue, 0) = g_array_index (world->agenda, RpSbDue, n - 1);
  g_array_set_size (world->agenda, n - 1);
  n--;

  for (;;)
    {
      guint l = 2 * i + 1, r = l + 1, m = i;
      RpSbDue tmp;

      if (l < n && due_before (&g_array_index (world->agenda, RpSbDue, l),
                               &g_array_index (world->agenda, RpSbDue, m)))
        m = l;
      if (r < n && due_before (&g_array_index (world->agenda, RpSbDue, r),
                               &g_array_index (world->agenda, RpSbDue, m)))
        m = r;
      if (m == i)
        break;
      tmp = g_array_index (world->agenda, RpSbDue, i);
      g_array_index (world->agenda, RpSbDue, i) = g_array_index (world->agenda, RpSbDue, m);
      g_array_index (world->agenda, RpSbDue, m) = tmp;
      i = m;
    }

  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Mutations                                                                 */

static void
free_conversation (gpointer data)
{
  RpSbConversation *c = data;

  g_array_unref (c->messages);
  g_free (c);
}

static void
free_dispute (gpointer data)
{
  RpSbDispute *d = data;

  g_array_unref (d->solutions);
  g_array_unref (d->process);
  g_free (d);
}

static void
free_shipment (gpointer data)
{
  RpSbShipment *s = data;

  g_array_unref (s->events);
  g_free (s);
}

void
rp_sb_world_touch_order (RpSbWorld *world,
                         RpSbOrder *order,
                         gint64     when)
{
  if (when > order->modified)
    order->modified = when;
}

RpSbConversation *
rp_sb_world_ensure_conversation (RpSbWorld *world,
                                 gint32     order,
                                 guint32    buyer)
{
  RpSbConversation *c;

  if (order >= 0)
    {
      RpSbOrder *o = &g_array_index (world->orders, RpSbOrder, order);

      if (o->conversation >= 0)
        return g_ptr_array_index (world->conversations, o->conversation);
      c = g_new0 (RpSbConversation, 1);
      c->channel_id = o->id;
      c->buyer = o->buyer;
      o->conversation = world->conversations->len;
    }
  else
    {
      c = g_new0 (RpSbConversation, 1);
      c->channel_id = RELATION_ID_BASE + world->next_relation_id++;
      c->buyer = buyer;
    }

  c->order = order;
  c->messages = g_array_new (FALSE, FALSE, sizeof (RpSbMessage));
  c->read_stat = 1;
  c->deal_stat = 1;
  g_ptr_array_add (world->conversations, c);
  g_hash_table_insert (world->channels, &c->channel_id, c);

  return c;
}

RpSbMessage *
rp_sb_world_add_message (RpSbWorld        *world,
                         RpSbConversation *conversation,
                         gint64            time_ms,
                         gboolean          from_buyer,
                         const char       *content)
{
  RpSbMessage m = { 0, };

  m.id = MESSAGE_ID_BASE + world->next_message_id++;
  m.time_ms = time_ms;
  m.content = rp_sb_world_store (world, content);
  m.from_buyer = from_buyer;
  m.unread = from_buyer;

  /* Messages stay in time order even when history is written out of order. */
  if (conversation->messages->len > 0 &&
      g_array_index (conversation->messages, RpSbMessage,
                     conversation->messages->len - 1).time_ms > time_ms)
    m.time_ms = g_array_index (conversation->messages, RpSbMessage,
                               conversation->messages->len - 1).time_ms + 1000;

  g_array_append_val (conversation->messages, m);
  world->n_messages++;
  world->message_gen++;

  if (from_buyer)
    {
      conversation->unread_count++;
      conversation->read_stat = 0;
      conversation->deal_stat = 0;
    }
  else
    {
      /* Answering a conversation reads it. */
      for (guint i = 0; i < conversation->messages->len; i++)
        g_array_index (conversation->messages, RpSbMessage, i).unread = FALSE;
      conversation->unread_count = 0;
      conversation->read_stat = 1;
      conversation->deal_stat = 1;
    }

  if (conversation->order >= 0)
    rp_sb_world_touch_order (world, &g_array_index (world->orders, RpSbOrder, conversation->order),
                             m.time_ms / 1000);

  return &g_array_index (conversation->messages, RpSbMessage, conversation->messages->len - 1);
}

static char *
fill_pattern (RpSbRng    *rng,
              const char *pattern)
{
  GString *out = g_string_new (NULL);

  for (const char *p = pattern; *p; p++)
    {
      if (*p == '#')
        g_string_append_c (out, '0' + rp_sb_rng_below (rng, 10));
      else if (*p == '@')
        g_string_append_c (out, 'A' + rp_sb_rng_below (rng, 26));
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static void
plan_events (RpSbWorld    *world,
             RpSbShipment *s,
             RpSbRng      *rng)
{
  const RpSbService *svc = &rp_sb_services[s->service];
  static const guint8 delivered[] = {
    STEP_INFO, STEP_PICKUP, STEP_SORT_IN, STEP_SORT_OUT, STEP_AIRLINE, STEP_ARRIVE,
    STEP_CUSTOMS_START, STEP_CUSTOMS_DONE, STEP_LOCAL, STEP_OUT, STEP_SIGNED,
  };
  static const guint8 customs[] = {
    STEP_INFO, STEP_PICKUP, STEP_SORT_IN, STEP_SORT_OUT, STEP_AIRLINE, STEP_ARRIVE,
    STEP_CUSTOMS_START, STEP_CUSTOMS_HOLD,
  };
  const guint8 *steps;
  guint n;
  gint64 transit = rp_sb_rng_range (rng, svc->min_days, svc->max_days) * (gint64)DAY;
  gint64 t = s->shipped;

  switch (s->track)
    {
    case RP_SB_TRACK_NO_SCAN:
      steps = delivered;
      n = 1;
      break;
    case RP_SB_TRACK_STALLED:
      steps = delivered;
      n = 3 + rp_sb_rng_below (rng, 4);
      break;
    case RP_SB_TRACK_CUSTOMS:
      steps = customs;
      n = G_N_ELEMENTS (customs);
      break;
    case RP_SB_TRACK_DELIVERED:
    case RP_SB_TRACK_MOVING:
    case RP_SB_N_TRACKS:
    default:
      steps = delivered;
      n = G_N_ELEMENTS (delivered);
      break;
    }

  for (guint i = 0; i < n; i++)
    {
      RpSbEvent e;

      /* Each step takes its share of the whole transit time. */
      if (i == 0)
        t += rp_sb_rng_range (rng, 600, 4 * HOUR);
      else if (steps[i] == STEP_ARRIVE)
        t += transit / 2 + rp_sb_rng_range (rng, 0, DAY);
      else
        t += transit / 20 + rp_sb_rng_range (rng, HOUR, 12 * HOUR);
      e.time = t;
      e.step = steps[i];
      g_array_append_val (s->events, e);
    }
}

RpSbShipment *
rp_sb_world_ship (RpSbWorld  *world,
                  guint32     order,
                  guint       service,
                  const char *logistics_no,
                  const char *tracking_website,
                  gint64      when,
                  RpSbTrack   track,
                  guint64     rng_seed)
{
  RpSbOrder *o = &g_array_index (world->orders, RpSbOrder, order);
  RpSbShipment *s = g_new0 (RpSbShipment, 1);
  RpSbRng rng;
  g_autofree char *generated = NULL;

  rp_sb_rng_init (&rng, world->config.seed, rng_seed);

  if (logistics_no == NULL)
    {
      /* Tracking numbers are unique in the world; retry on a clash. */
      do
        {
          g_free (generated);
          generated = fill_pattern (&rng, rp_sb_services[service].tracking_format);
        }
      while (g_hash_table_contains (world->tracking, generated));
      logistics_no = generated;
    }

  s->order = order;
  s->service = service;
  s->logistics_no = rp_sb_world_store (world, logistics_no);
  s->tracking_website = rp_sb_world_store (world, tracking_website);
  s->shipped = when;
  s->track = track;
  s->events = g_array_new (FALSE, FALSE, sizeof (RpSbEvent));
  plan_events (world, s, &rng);

  o->shipment = world->shipments->len;
  o->shipped = when;
  o->service = service;
  o->status = RP_SB_ORDER_WAIT_BUYER_ACCEPT_GOODS;
  rp_sb_world_touch_order (world, o, when);

  g_ptr_array_add (world->shipments, s);
  g_hash_table_insert (world->tracking, (gpointer)s->logistics_no, s);

  return s;
}

RpSbSolution *
rp_sb_dispute_add_solution (RpSbWorld         *world,
                            RpSbDispute       *dispute,
                            RpSbSolutionOwner  owner,
                            gboolean           return_goods,
                            gint64             refund_cents,
                            const char        *content,
                            gint64             when)
{
  RpSbSolution s = { 0, };

  s.id = SOLUTION_ID_BASE + world->next_solution_id++;
  s.created = when;
  s.modified = when;
  s.content = rp_sb_world_store (world, content);
  s.refund_cents = refund_cents;
  s.owner = owner;
  s.return_goods = return_goods;
  s.is_default = owner == RP_SB_SOL_BUYER;
  s.version = 1;
  s.status = owner == RP_SB_SOL_BUYER ? "wait_seller_accept" : "wait_buyer_accept";
  g_array_append_val (dispute->solutions, s);
  dispute->modified = MAX (dispute->modified, when);

  return &g_array_index (dispute->solutions, RpSbSolution, dispute->solutions->len - 1);
}

void
rp_sb_dispute_add_process (RpSbWorld   *world,
                           RpSbDispute *dispute,
                           gint64       when,
                           const char  *action_type,
                           const char  *member_type,
                           const char  *content,
                           const char  *attachment)
{
  RpSbProcess p = { 0, };

  p.time = when;
  p.action_type = action_type;
  p.member_type = member_type;
  p.content = rp_sb_world_store (world, content);
  p.attachment = rp_sb_world_store (world, attachment);
  p.receive_goods = rp_sb_reasons[dispute->reason].needs_delivery;
  g_array_append_val (dispute->process, p);
  dispute->modified = MAX (dispute->modified, when);
}

RpSbDispute *
rp_sb_world_open_dispute (RpSbWorld *world,
                          guint32    order,
                          guint      reason,
                          gint64     when,
                          guint64    rng_seed)
{
  RpSbOrder *o = &g_array_index (world->orders, RpSbOrder, order);
  const RpSbBuyer *b = rp_sb_world_buyer (world, o->buyer);
  RpSbDispute *d = g_new0 (RpSbDispute, 1);
  RpSbRng rng;
  const RpSbItem *item;
  g_autofree char *complaint = NULL;
  g_autofree char *attachment = NULL;
  RpSbConversation *conv;
  gboolean return_goods;
  gint64 refund;

  rp_sb_rng_init (&rng, world->config.seed, rng_seed);

  d->id = ISSUE_ID_BASE + (guint64)world->disputes->len * ISSUE_ID_STEP;
  d->order = order;
  d->item = o->first_item + rp_sb_rng_below (&rng, o->n_items);
  d->created = when;
  d->modified = when;
  d->reason = reason;
  d->state = RP_SB_DISPUTE_PROCESSING;
  d->detail_status = "wait_for_seller_response";
  d->timeout_type = "WAIT_SOLUTION_TIMEOUT";
  d->timeout_at = when + 5 * DAY;
  d->solutions = g_array_new (FALSE, FALSE, sizeof (RpSbSolution));
  d->process = g_array_new (FALSE, FALSE, sizeof (RpSbProcess));

  item = rp_sb_world_item (world, d->item);
  d->refund_max_cents = rp_sb_products[item->product].price_cents * item->count;

  complaint = rp_sb_compose (rp_sb_countries[b->country].language, b->style, RP_SB_SAY_DISPUTE, NULL);
  if (rp_sb_reasons[reason].needs_delivery)
    attachment = g_strdup_printf ("issue/%" G_GUINT64_FORMAT "/photo-1.jpg", d->id);

  rp_sb_dispute_add_process (world, d, when, "initiate", "buyer", complaint, attachment);

  return_goods = rp_sb_reasons[reason].needs_delivery && rp_sb_rng_chance (&rng, 0.35);
  refund = rp_sb_rng_chance (&rng, 0.6) ? d->refund_max_cents
                                        : d->refund_max_cents * rp_sb_rng_range (&rng, 40, 90) / 100;
  rp_sb_dispute_add_solution (world, d, RP_SB_SOL_BUYER, return_goods, refund, complaint, when);
  rp_sb_dispute_add_process (world, d, when, "buyer_create_solution", "buyer", complaint, NULL);

  o->dispute = world->disputes->len;
  o->status = RP_SB_ORDER_IN_ISSUE;
  o->issue = RP_SB_ISSUE_IN;
  rp_sb_world_touch_order (world, o, when);
  g_ptr_array_add (world->disputes, d);

  conv = rp_sb_world_ensure_conversation (world, order, o->buyer);
  rp_sb_world_add_message (world, conv, when * 1000, TRUE, complaint);

  return d;
}

void
rp_sb_dispute_close (RpSbWorld    *world,
                     RpSbDispute  *dispute,
                     RpSbSolution *solution,
                     const char   *reached_type,
                     gint64        when)
{
  RpSbOrder *o = &g_array_index (world->orders, RpSbOrder, dispute->order);

  if (solution != NULL)
    {
      solution->status = "reached";
      solution->reached_type = reached_type;
      solution->accepted = when;
      solution->modified = when;
    }
  for (guint i = 0; i < dispute->solutions->len; i++)
    {
      RpSbSolution *s = &g_array_index (dispute->solutions, RpSbSolution, i);

      if (s != solution && g_str_has_prefix (s->status, "wait_"))
        {
          s->status = "reach_cancle";
          s->modified = when;
        }
    }

  dispute->state = RP_SB_DISPUTE_FINISH;
  dispute->detail_status = solution != NULL && solution->refund_cents == 0 ? "refund_reject" : "refund_success";
  dispute->timeout_at = 0;
  dispute->timeout_type = NULL;
  dispute->modified = MAX (dispute->modified, when);

  o->status = RP_SB_ORDER_FINISH;
  o->issue = RP_SB_ISSUE_END;
  o->finished = when;
  rp_sb_world_touch_order (world, o, when);
}

guint32
rp_sb_world_add_buyer (RpSbWorld *world,
                       guint64    rng_seed)
{
  RpSbBuyer b = { 0, };
  RpSbRng rng;
  const RpSbCountry *c;
  const RpSbRegion *r;
  guint name;
  char login[32];
  int n;

  rp_sb_rng_init (&rng, world->config.seed, rng_seed);

  /* A few markets dominate, as they do on the platform. */
  if (rp_sb_rng_chance (&rng, 0.35))
    {
      static const guint8 big[] = { 0, 11, 8, 4, 2, 3 };  /* US RU BR ES FR DE */
      b.country = big[rp_sb_rng_below (&rng, G_N_ELEMENTS (big))];
    }
  else
    b.country = rp_sb_rng_below (&rng, rp_sb_n_countries);
  c = &rp_sb_countries[b.country];
  b.region = rp_sb_rng_below (&rng, c->n_regions);
  r = &c->regions[b.region];

  name = rp_sb_rng_below (&rng, 8);
  b.female = name % 2;
  b.given_name = c->given_names[name];
  name = rp_sb_rng_below (&rng, 8);
  b.family_name = b.female && c->family_names_f != NULL ? c->family_names_f[name] : c->family_names[name];

  /* Styles: most buyers are brief; a few are upset whatever happens. */
  n = rp_sb_rng_below (&rng, 100);
  b.style = n < 40 ? RP_SB_STYLE_TERSE : n < 65 ? RP_SB_STYLE_CHATTY : n < 88 ? RP_SB_STYLE_FORMAL : RP_SB_STYLE_UPSET;

  do
    {
      g_snprintf (login, sizeof login, "%c%c%07u%c%c%c%c",
                  g_ascii_tolower (c->code[0]), g_ascii_tolower (c->code[1]),
                  rp_sb_rng_below (&rng, 10000000),
                  'a' + rp_sb_rng_below (&rng, 26), 'a' + rp_sb_rng_below (&rng, 26),
                  'a' + rp_sb_rng_below (&rng, 26), 'a' + rp_sb_rng_below (&rng, 26));
    }
  while (g_hash_table_contains (world->buyer_logins, login));
  b.login_id = rp_sb_world_store (world, login);
  b.ali_id = BUYER_ALI_ID_BASE + world->buyers->len;

  {
    g_autofree char *street = g_strdup_printf (c->line_format, c->streets[rp_sb_rng_below (&rng, 4)],
                                               (int)rp_sb_rng_range (&rng, 1, 180));
    g_autofree char *zip = fill_pattern (&rng, r->zip_pattern);
    g_autofree char *phone = g_strdup_printf ("%s %u%08u", c->phone_prefix,
                                              (guint)rp_sb_rng_range (&rng, 2, 9),
                                              rp_sb_rng_below (&rng, 100000000));

    b.street = rp_sb_world_store (world, street);
    b.zip = rp_sb_world_store (world, zip);
    b.phone = rp_sb_world_store (world, phone);
    if (c->line2_format != NULL && rp_sb_rng_chance (&rng, 0.45))
      {
        g_autofree char *line2 = g_strdup_printf (c->line2_format, (int)rp_sb_rng_range (&rng, 1, 120));
        b.line2 = rp_sb_world_store (world, line2);
      }
  }

  g_array_append_val (world->buyers, b);
  g_hash_table_insert (world->buyer_logins, (gpointer)b.login_id, GUINT_TO_POINTER (world->buyers->len));

  return world->buyers->len - 1;
}

guint32
rp_sb_world_add_order (RpSbWorld *world,
                       guint32    buyer,
                       gint64     created,
                       guint64    rng_seed)
{
  RpSbOrder o = { 0, };
  RpSbRng rng;
  const RpSbBuyer *b = rp_sb_world_buyer (world, buyer);
  guint n;

  rp_sb_rng_init (&rng, world->config.seed, rng_seed);

  o.id = ORDER_ID_BASE + world->next_order_serial++ * 1000 + rp_sb_rng_below (&rng, 1000);
  o.created = created;
  o.paid = created + rp_sb_rng_range (&rng, 60, 1800);
  o.modified = o.paid;
  o.buyer = buyer;
  o.shipment = -1;
  o.dispute = -1;
  o.conversation = -1;
  o.status = RP_SB_ORDER_WAIT_SELLER_SEND_GOODS;
  o.issue = RP_SB_ISSUE_NONE;

  n = rp_sb_rng_below (&rng, 100);
  o.n_items = n < 50 ? 1 : n < 75 ? 2 : n < 88 ? 3 : n < 95 ? 4 : 5;
  o.first_item = world->items->len;
  for (guint i = 0; i < o.n_items; i++)
    {
      RpSbItem item = { 0, };
      const RpSbProduct *p;

      item.child_id = CHILD_ID_BASE + world->items->len;
      item.product = rp_sb_rng_below (&rng, rp_sb_n_products);
      p = &rp_sb_products[item.product];
      item.value_a = rp_sb_rng_below (&rng, rp_sb_count_values (p->values_a));
      item.value_b = rp_sb_rng_below (&rng, rp_sb_count_values (p->values_b));
      item.count = rp_sb_rng_chance (&rng, 0.8) ? 1 : (guint8)rp_sb_rng_range (&rng, 2, 4);
      g_array_append_val (world->items, item);
    }

  n = rp_sb_rng_below (&rng, 100);
  o.service = n < 60 ? 0 : n < 70 ? 1 : n < 78 ? 2 : 3 + rp_sb_rng_below (&rng, rp_sb_n_services - 3);
  o.logistics_cents = o.service == 0 || o.service == 2 ? 0 : rp_sb_rng_range (&rng, 199, 1899);

  if (rp_sb_rng_chance (&rng, 0.15))
    {
      g_autofree char *memo = rp_sb_compose (rp_sb_countries[b->country].language, b->style,
                                             RP_SB_SAY_MEMO, NULL);
      o.memo = rp_sb_world_intern (world, memo);
    }

  g_array_append_val (world->orders, o);
  return world->orders->len - 1;
}

/* ------------------------------------------------------------------------ */
/* History                                                                   */

double
rp_sb_buyer_activity (int local_hour)
{
  /* Buyers are mostly online in their evenings. */
  if (local_hour >= 18)
    return 0.9;
  if (local_hour >= 9)
    return 0.4;
  if (local_hour >= 7)
    return 0.25;
  return 0.04;
}

gint64
rp_sb_buyer_time_after (RpSbWorld       *world,
                  const RpSbBuyer *buyer,
                  gint64           after,
                  RpSbRng         *rng)
{
  gint64 t = after;

  for (int tries = 0; tries < 24; tries++)
    {
      t += rp_sb_rng_range (rng, 20 * 60, 3 * HOUR);
      if (rp_sb_rng_chance (rng, rp_sb_buyer_activity (rp_sb_world_local_hour (world, buyer, t))))
        return t;
    }
  return t;
}

static gint64
seller_time_after (gint64   after,
                   RpSbRng *rng)
{
  gint64 t = after + rp_sb_rng_range (rng, 15 * 60, 5 * HOUR);
  /* The seller works 08:00-17:00 Beijing time (UTC+8, no daylight saving). */
  gint64 local = t + 8 * HOUR;
  gint64 local_day = local - local % DAY;
  int hour = (int)((local % DAY) / HOUR);

  if (hour < 8)
    local = local_day + 8 * HOUR + rp_sb_rng_range (rng, 0, 3 * HOUR);
  else if (hour >= 17)
    local = local_day + DAY + 8 * HOUR + rp_sb_rng_range (rng, 0, 3 * HOUR);

  return local - 8 * HOUR;
}

static char *
order_summary (RpSbWorld       *world,
               const RpSbOrder *o)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < o->n_items; i++)
    {
      const RpSbItem *item = rp_sb_world_item (world, o->first_item + i);
      g_autofree char *standard = rp_sb_item_standard (item);

      if (i > 0)
        g_string_append (s, "; ");
      g_string_append_printf (s, "%u x %s", item->count, rp_sb_products[item->product].name);
      if (*standard)
        g_string_append_printf (s, " (%s)", standard);
    }
  return g_string_free (s, FALSE);
}

char *
rp_sb_seller_confirmation (RpSbWorld       *world,
                           const RpSbOrder *o)
{
  const RpSbBuyer *b = rp_sb_world_buyer (world, o->buyer);
  const RpSbCountry *c = &rp_sb_countries[b->country];
  g_autofree char *summary = order_summary (world, o);

  return g_strdup_printf ("Hello %s, thank you for your order %" G_GUINT64_FORMAT ". "
                          "Please check: %s. Delivery to: %s, %s %s, %s. %s"
                          "If anything is wrong, reply within 24 hours; otherwise we ship as ordered.",
                          b->given_name, o->id, summary, b->street, b->zip,
                          c->regions[b->region].city, c->name,
                          o->memo != NULL ? "We have read your note. " : "");
}

/* A buyer's reply to a message from the seller; also used by the simulation. */
char *
rp_sb_buyer_reply_text (RpSbWorld       *world,
                        const RpSbOrder *o,
                        const RpSbBuyer *b,
                        gboolean         confirmation,
                        RpSbRng         *rng,
                        gboolean        *out_objected)
{
  guint lang = rp_sb_countries[b->country].language;

  *out_objected = FALSE;
  if (confirmation && o != NULL && rp_sb_rng_chance (rng, 0.25))
    {
      /* Object: a wrong size when something sized was ordered, else a new address. */
      for (guint i = 0; i < o->n_items; i++)
        {
          const RpSbItem *item = rp_sb_world_item (world, o->first_item + i);
          const RpSbProduct *p = &rp_sb_products[item->product];

          if (p->dim_b != NULL && g_str_equal (p->dim_b, "Size"))
            {
              guint n = rp_sb_count_values (p->values_b);
              g_autofree char *size = rp_sb_pick_value (p->values_b, (item->value_b + 1) % n);

              *out_objected = TRUE;
              return rp_sb_compose (lang, b->style, RP_SB_SAY_SIZE, size);
            }
        }
      {
        const RpSbCountry *c = &rp_sb_countries[b->country];
        g_autofree char *line = g_strdup_printf (c->line_format, c->streets[rp_sb_rng_below (rng, 4)],
                                                 (int)rp_sb_rng_range (rng, 1, 180));
        g_autofree char *address = g_strdup_printf ("%s, %s %s", line, b->zip,
                                                    c->regions[b->region].city);

        *out_objected = TRUE;
        return rp_sb_compose (lang, b->style, RP_SB_SAY_ADDRESS, address);
      }
    }

  return rp_sb_compose (lang, b->style, confirmation ? RP_SB_SAY_OK : RP_SB_SAY_THANKS, NULL);
}

static void
say (RpSbWorld   *world,
     guint32      order,
     gint64       when,
     gboolean     from_buyer,
     const char  *text)
{
  RpSbOrder *o = &g_array_index (world->orders, RpSbOrder, order);
  RpSbConversation *c = rp_sb_world_ensure_conversation (world, order, o->buyer);

  rp_sb_world_add_message (world, c, when * 1000, from_buyer, text);
}

static void
buyer_says (RpSbWorld *world,
            guint32    order,
            gint64     when,
            RpSbSay    what)
{
  RpSbOrder *o = &g_array_index (world->orders, RpSbOrder, order);
  const RpSbBuyer *b = rp_sb_world_buyer (world, o->buyer);
  g_autofree char *text = rp_sb_compose (rp_sb_countries[b->country].language, b->style, what, NULL);

  say (world, order, when, TRUE, text);
}

static void
history_dispute (RpSbWorld *world,
                 guint32    order,
                 guint      reason,
                 gint64     when,
                 RpSbRng   *rng)
{
  gint64 start = world->config.start;
  RpSbDispute *d = rp_sb_world_open_dispute (world, order, reason, when,
                                             key (KEY_DISPUTE, world->disputes->len));
  gint64 t = seller_time_after (when, rng);

  if (t < start)
    say (world, order, t, FALSE,
         "We are sorry about the problem. Could you please send photos or a video, "
         "so that we can solve it quickly?");

  if (d->timeout_at > start)
    {
      if (t < start && rp_sb_rng_chance (rng, 0.35))
        {
          RpSbSolution *s;

          /* Set before the append below, which may move the array. */
          g_array_index (d->solutions, RpSbSolution, 0).status = "seller_refused";
          s = rp_sb_dispute_add_solution (world, d, RP_SB_SOL_SELLER, FALSE, d->refund_max_cents / 2,
                                          "Partial refund offered for the inconvenience.", t);
          rp_sb_dispute_add_process (world, d, t, "seller_create_solution", "seller", s->content, NULL);
          d->detail_status = "wait_for_buyer_response";
          d->timeout_at = t + 5 * DAY;
          rp_sb_world_schedule (world, MAX (start + 60, t + rp_sb_rng_range (rng, HOUR, 2 * DAY)),
                                RP_SB_DUE_BUYER_ANSWER_SOLUTION, world->disputes->len - 1,
                                d->solutions->len - 1);
        }
      rp_sb_world_schedule (world, d->timeout_at, RP_SB_DUE_DISPUTE_TIMEOUT, world->disputes->len - 1, 0);
      return;
    }

  /* Settled before the world starts. */
  {
    int n = rp_sb_rng_below (rng, 100);
    gint64 end = MIN (start - HOUR, t + rp_sb_rng_range (rng, HOUR, 3 * DAY));

    if (n < 45)
      {
        RpSbSolution *s = rp_sb_dispute_add_solution (world, d, RP_SB_SOL_SELLER, FALSE,
                                                      d->refund_max_cents * 7 / 10,
                                                      "Partial refund, you keep the item.", t);
        rp_sb_dispute_add_process (world, d, t, "seller_create_solution", "seller", s->content, NULL);
        rp_sb_dispute_add_process (world, d, end, "buyer_accept", "buyer", NULL, NULL);
        rp_sb_dispute_close (world, d, s, "negotiation_consensus", end);
      }
    else if (n < 80)
      {
        rp_sb_dispute_add_process (world, d, end, "seller_accept", "seller", NULL, NULL);
        rp_sb_dispute_close (world, d, &g_array_index (d->solutions, RpSbSolution, 0),
                             "negotiation_consensus", end);
      }
    else
      {
        end = when + 5 * DAY;
        rp_sb_dispute_add_process (world, d, end, "seller_accept", "system",
                                   "The seller did not respond in time.", NULL);
        rp_sb_dispute_close (world, d, &g_array_index (d->solutions, RpSbSolution, 0),
                             "seller_reponse_timeout", end);
      }
  }
}

static void
history (RpSbWorld *world,
         guint32    order)
{
  RpSbOrder *o = &g_array_index (world->orders, RpSbOrder, order);
  const RpSbBuyer *b = rp_sb_world_buyer (world, o->buyer);
  gint64 start = world->config.start;
  gint64 age = start - o->created;
  gint64 ship_at, t;
  RpSbRng rng;
  gboolean talk;
  RpSbTrack track;
  RpSbShipment *s;

  rp_sb_rng_init (&rng, world->config.seed, key (KEY_HISTORY, order));
  talk = rp_sb_rng_chance (&rng, 0.85);

  if (age < 20 * 60 && rp_sb_rng_chance (&rng, 0.5))
    {
      o->paid = 0;
      o->status = RP_SB_ORDER_PLACE_ORDER_SUCCESS;
      o->modified = o->created;
      rp_sb_world_schedule (world, start + rp_sb_rng_range (&rng, 60, 1200), RP_SB_DUE_PAYMENT, order, 0);
      return;
    }
  if (o->paid > start)
    o->paid = start - 1;
  o->modified = o->paid;

  t = o->paid;
  if (talk)
    {
      if (rp_sb_rng_chance (&rng, 0.5))
        {
          t = rp_sb_buyer_time_after (world, b, o->paid, &rng);
          if (t < start)
            {
              buyer_says (world, order, t, rp_sb_rng_chance (&rng, 0.5) ? RP_SB_SAY_ASK : RP_SB_SAY_ASK_STOCK);
              t = seller_time_after (t, &rng);
              if (t < start)
                say (world, order, t, FALSE,
                     "Hello, the item is in stock and we ship within 2 business days. Thank you for your patience.");
              else
                t = start;
            }
        }
      if ((o->memo != NULL || rp_sb_rng_chance (&rng, 0.7)) && t < start)
        {
          g_autofree char *text = rp_sb_seller_confirmation (world, o);

          t = seller_time_after (t, &rng);
          if (t < start)
            {
              gboolean objected;
              g_autofree char *reply = NULL;

              say (world, order, t, FALSE, text);
              t = rp_sb_buyer_time_after (world, b, t, &rng);
              if (t < start)
                {
                  reply = rp_sb_buyer_reply_text (world, o, b, TRUE, &rng, &objected);
                  say (world, order, t, TRUE, reply);
                  if (objected)
                    {
                      t = seller_time_after (t, &rng);
                      if (t < start)
                        say (world, order, t, FALSE, "Noted, we have updated your order. Thank you!");
                    }
                }
              else
                {
                  RpSbConversation *c = g_ptr_array_index (world->conversations, o->conversation);

                  /* The buyer has not answered yet: they will, once the clock runs. */
                  rp_sb_world_schedule (world, t, RP_SB_DUE_BUYER_REPLY, o->conversation,
                                        c->messages->len - 1);
                }
            }
        }
    }

  ship_at = o->paid + rp_sb_rng_range (&rng, 12 * HOUR, 4 * DAY);
  if (ship_at >= start || ship_at < t)
    {
      if (ship_at >= start)
        return;
      ship_at = t + HOUR;
      if (ship_at >= start)
        return;
    }

  {
    int n = rp_sb_rng_below (&rng, 100);

    if (age > 40 * DAY)
      track = n < 93 ? RP_SB_TRACK_DELIVERED : n < 96 ? RP_SB_TRACK_STALLED : RP_SB_TRACK_CUSTOMS;
    else
      track = n < 78 ? RP_SB_TRACK_DELIVERED : n < 88 ? RP_SB_TRACK_STALLED
              : n < 94 ? RP_SB_TRACK_NO_SCAN : RP_SB_TRACK_CUSTOMS;
  }

  s = rp_sb_world_ship (world, order, o->service, NULL, NULL, ship_at, track, key (KEY_SHIP, order));
  if (talk && rp_sb_rng_chance (&rng, 0.7))
    {
      g_autofree char *text = g_strdup_printf ("Your order has been shipped with %s. Tracking number: %s.",
                                               rp_sb_services[o->service].display_name, s->logistics_no);
      say (world, order, ship_at + 300, FALSE, text);
      if (rp_sb_rng_chance (&rng, 0.4))
        {
          gint64 at = rp_sb_buyer_time_after (world, b, ship_at + 300, &rng);

          if (at < start)
            buyer_says (world, order, at, RP_SB_SAY_THANKS);
        }
    }

  if (track == RP_SB_TRACK_DELIVERED)
    {
      gint64 delivered = g_array_index (s->events, RpSbEvent, s->events->len - 1).time;
      gint64 after = delivered + rp_sb_rng_range (&rng, 6 * HOUR, 6 * DAY);

      if (rp_sb_rng_chance (&rng, 0.045))
        {
          guint reason = 1 + rp_sb_rng_below (&rng, rp_sb_n_reasons - 1);

          if (after < start)
            history_dispute (world, order, reason, after, &rng);
          else
            rp_sb_world_schedule (world, after, RP_SB_DUE_OPEN_DISPUTE, order, reason);
        }
      else if (after < start)
        {
          o->status = RP_SB_ORDER_FINISH;
          o->finished = after;
          rp_sb_world_touch_order (world, o, after);
          if (talk && rp_sb_rng_chance (&rng, 0.3))
            buyer_says (world, order, rp_sb_buyer_time_after (world, b, delivered, &rng), RP_SB_SAY_RECEIVED);
        }
      else
        rp_sb_world_schedule (world, after, RP_SB_DUE_CONFIRM_RECEIPT, order, 0);
    }
  else
    {
      gint64 ask = ship_at + rp_sb_rng_range (&rng, 10 * DAY, 18 * DAY);
      gint64 dispute = ask + rp_sb_rng_range (&rng, 3 * DAY, 10 * DAY);

      if (ask < start)
        {
          buyer_says (world, order, ask, RP_SB_SAY_WHERE);
          t = seller_time_after (ask, &rng);
          if (t < start)
            say (world, order, t, FALSE,
                 "We checked with the carrier: the parcel is on its way. Please allow a few more days.");
        }
      else
        rp_sb_world_schedule (world, ask, RP_SB_DUE_BUYER_MESSAGE, order, RP_SB_SAY_WHERE);

      if (rp_sb_rng_chance (&rng, 0.25))
        {
          if (dispute < start)
            history_dispute (world, order, 0, dispute, &rng);
          else
            rp_sb_world_schedule (world, dispute, RP_SB_DUE_OPEN_DISPUTE, order, 0);
        }

      /* Without a dispute, the order completes when buyer protection ends. */
      if (o->dispute < 0)
        {
          gint64 deadline = rp_sb_order_accept_deadline (o);

          if (deadline < start)
            {
              o->status = RP_SB_ORDER_FINISH;
              o->finished = deadline;
              rp_sb_world_touch_order (world, o, deadline);
            }
          else
            rp_sb_world_schedule (world, deadline, RP_SB_DUE_ACCEPT_DEADLINE, order, 0);
        }
    }
}

static void
settle_unread (RpSbWorld *world)
{
  gint64 recent = (world->config.start - 3 * DAY) * 1000;

  for (guint i = 0; i < world->conversations->len; i++)
    {
      RpSbConversation *c = g_ptr_array_index (world->conversations, i);
      RpSbMessage *last;

      if (c->messages->len == 0)
        continue;
      last = &g_array_index (c->messages, RpSbMessage, c->messages->len - 1);
      /* Old buyer messages have been read by the seller long ago. */
      if (!last->from_buyer || last->time_ms < recent)
        {
          for (guint j = 0; j < c->messages->len; j++)
            g_array_index (c->messages, RpSbMessage, j).unread = FALSE;
          c->unread_count = 0;
          c->read_stat = 1;
        }
      if (!last->from_buyer || last->time_ms < recent - 7 * (gint64)DAY * 1000)
        c->deal_stat = 1;
      if (c->channel_id % 11 == 0)
        c->rank = 1 + c->channel_id % 5;
    }
}

static void
general_conversations (RpSbWorld *world)
{
  gint64 start = world->config.start;

  for (guint i = 0; i < world->buyers->len; i++)
    {
      RpSbRng rng;
      const RpSbBuyer *b;
      RpSbConversation *c;
      g_autofree char *text = NULL;
      gint64 t;

      rp_sb_rng_init (&rng, world->config.seed, key (KEY_GENERAL, i));
      if (!rp_sb_rng_chance (&rng, 0.25))
        continue;
      b = rp_sb_world_buyer (world, i);
      c = rp_sb_world_ensure_conversation (world, -1, i);
      t = rp_sb_buyer_time_after (world, b, start - rp_sb_rng_range (&rng, DAY, HISTORY_DAYS * DAY), &rng);
      text = rp_sb_compose (rp_sb_countries[b->country].language, b->style, RP_SB_SAY_ASK_STOCK, NULL);
      rp_sb_world_add_message (world, c, t * 1000, TRUE, text);
      t = seller_time_after (t, &rng);
      if (t < start)
        {
          rp_sb_world_add_message (world, c, t * 1000, FALSE,
                                   "Hello! Yes, all colours are in stock and ship within 2 days.");
          t = rp_sb_buyer_time_after (world, b, t, &rng);
          if (t < start && rp_sb_rng_chance (&rng, 0.6))
            {
              g_autofree char *thanks = rp_sb_compose (rp_sb_countries[b->country].language, b->style,
                                                       RP_SB_SAY_THANKS, NULL);

              rp_sb_world_add_message (world, c, t * 1000, TRUE, thanks);
            }
        }
    }
}

RpSbWorld *
rp_sb_world_new (const RpSbWorldConfig *config)
{
  RpSbWorld *world = g_new0 (RpSbWorld, 1);
  guint n_zones = 0;
  gint64 span = HISTORY_DAYS * DAY;
  RpSbRng lively;

  world->config = *config;
  if (world->config.n_buyers == 0)
    world->config.n_buyers = MAX (1, world->config.n_orders / 2);

  world->strings = g_string_chunk_new (64 * 1024);
  world->buyers = g_array_sized_new (FALSE, FALSE, sizeof (RpSbBuyer), world->config.n_buyers);
  world->orders = g_array_sized_new (FALSE, FALSE, sizeof (RpSbOrder), world->config.n_orders);
  world->items = g_array_sized_new (FALSE, FALSE, sizeof (RpSbItem), world->config.n_orders * 2);
  world->conversations = g_ptr_array_new_with_free_func (free_conversation);
  world->channels = g_hash_table_new (g_int64_hash, g_int64_equal);
  world->disputes = g_ptr_array_new_with_free_func (free_dispute);
  world->shipments = g_ptr_array_new_with_free_func (free_shipment);
  world->tracking = g_hash_table_new (g_str_hash, g_str_equal);
  world->buyer_logins = g_hash_table_new (g_str_hash, g_str_equal);
  world->agenda = g_array_new (FALSE, FALSE, sizeof (RpSbDue));
  world->pacific = g_time_zone_new_identifier ("America/Los_Angeles");
  if (world->pacific == NULL)
    world->pacific = g_time_zone_new_utc ();

  world->zone_base = g_new0 (guint, rp_sb_n_countries);
  for (guint i = 0; i < rp_sb_n_countries; i++)
    {
      world->zone_base[i] = n_zones;
      n_zones += rp_sb_countries[i].n_regions;
    }
  world->zones = g_new0 (GTimeZone *, n_zones);
  for (guint i = 0; i < rp_sb_n_countries; i++)
    for (guint j = 0; j < rp_sb_countries[i].n_regions; j++)
      {
        GTimeZone *tz = g_time_zone_new_identifier (rp_sb_countries[i].regions[j].zone);

        world->zones[world->zone_base[i] + j] = tz != NULL ? tz : g_time_zone_new_utc ();
      }

  world->now_ms = world->config.start * 1000;
  world->ticked = world->config.start;

  for (guint i = 0; i < world->config.n_buyers; i++)
    rp_sb_world_add_buyer (world, key (KEY_BUYER, i));

  for (guint i = 0; i < world->config.n_orders; i++)
    {
      RpSbRng rng;
      gint64 created;
      guint32 buyer;

      rp_sb_rng_init (&rng, world->config.seed, key (KEY_ORDER, i));
      created = world->config.start - span + (gint64)i * span / MAX (1, world->config.n_orders)
                + rp_sb_rng_range (&rng, 0, span / MAX (1, world->config.n_orders));
      /* Every buyer has at least one order; some come back for more. */
      buyer = i < world->config.n_buyers ? i : rp_sb_rng_below (&rng, world->config.n_buyers);
      rp_sb_world_add_order (world, buyer, created, key (KEY_ORDER, i) ^ 0x5a5a);
    }
  for (guint i = 0; i < world->config.n_orders; i++)
    history (world, i);

  general_conversations (world);
  settle_unread (world);

  /* The demo must feel alive at once: a few buyers write in the first two
   * minutes, and an order arrives. */
  rp_sb_rng_init (&lively, world->config.seed, key (KEY_LIVELY, 0));
  if (world->orders->len > 0)
    {
      for (guint i = 0; i < 3; i++)
        rp_sb_world_schedule (world, world->config.start + 20 + i * 35 + rp_sb_rng_below (&lively, 15),
                              RP_SB_DUE_BUYER_MESSAGE,
                              world->orders->len - 1 - rp_sb_rng_below (&lively, MIN (world->orders->len, 40)),
                              RP_SB_SAY_ASK);
    }
  rp_sb_world_schedule (world, world->config.start + 90, RP_SB_DUE_NEW_ORDER, 0, 0);

  return world;
}

void
rp_sb_world_free (RpSbWorld *world)
{
  guint n_zones = 0;

  if (world == NULL)
    return;

  for (guint i = 0; i < rp_sb_n_countries; i++)
    n_zones += rp_sb_countries[i].n_regions;
  for (guint i = 0; i < n_zones; i++)
    g_time_zone_unref (world->zones[i]);
  g_free (world->zones);
  g_free (world->zone_base);
  g_time_zone_unref (world->pacific);
  g_hash_table_unref (world->channels);
  g_hash_table_unref (world->tracking);
  g_hash_table_unref (world->buyer_logins);
  g_clear_pointer (&world->by_last_message, g_ptr_array_unref);
  g_ptr_array_unref (world->conversations);
  g_ptr_array_unref (world->disputes);
  g_ptr_array_unref (world->shipments);
  g_array_unref (world->buyers);
  g_array_unref (world->orders);
  g_array_unref (world->items);
  g_array_unref (world->agenda);
  g_string_chunk_free (world->strings);
  g_free (world);
}
