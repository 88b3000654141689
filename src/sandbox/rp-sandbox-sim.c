/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-sandbox"

#include "config.h"

#include "rp-sandbox-sim.h"

#define HOUR 3600
#define DAY (24 * HOUR)

/* Stream keys of the simulation; the generator uses small numbers. */
enum {
  KEY_TICK = 32,
  KEY_REPLY,
  KEY_ANSWER,
  KEY_FULFILL,
  KEY_NEW_BUYER,
  KEY_DUE,
};

static guint64
key (guint64 kind,
     guint64 n)
{
  return (kind << 56) ^ n;
}

static guint
buyer_language (const RpSbBuyer *b)
{
  return rp_sb_countries[b->country].language;
}

static RpSbOrder *
order_at (RpSbWorld *world,
          guint32    index)
{
  return &g_array_index (world->orders, RpSbOrder, index);
}

static guint32
order_index (RpSbWorld *world,
             RpSbOrder *order)
{
  return (guint32)(order - &g_array_index (world->orders, RpSbOrder, 0));
}

/* When a buyer answers something that happened at @now: quickly if they are
 * online, otherwise once they are. */
static gint64
reply_time (RpSbWorld       *world,
            const RpSbBuyer *b,
            gint64           now,
            RpSbRng         *rng)
{
  gint64 t = now + rp_sb_rng_range (rng, 40, 100);

  if (rp_sb_rng_chance (rng, rp_sb_buyer_activity (rp_sb_world_local_hour (world, b, t))))
    return t;
  return rp_sb_buyer_time_after (world, b, t, rng);
}

static void
buyer_message (RpSbWorld  *world,
               guint32     order,
               RpSbSay     what,
               gint64      now)
{
  RpSbOrder *o = order_at (world, order);
  const RpSbBuyer *b = rp_sb_world_buyer (world, o->buyer);
  RpSbConversation *c = rp_sb_world_ensure_conversation (world, order, o->buyer);
  g_autofree char *text = rp_sb_compose (buyer_language (b), b->style, what, NULL);

  rp_sb_world_add_message (world, c, now * 1000, TRUE, text);
  world->n_buyer_events++;
}

static void
schedule_after_shipment (RpSbWorld    *world,
                         guint32       order,
                         RpSbShipment *s,
                         RpSbRng      *rng)
{
  if (s->track == RP_SB_TRACK_DELIVERED)
    {
      gint64 delivered = g_array_index (s->events, RpSbEvent, s->events->len - 1).time;
      gint64 after = delivered + rp_sb_rng_range (rng, 6 * HOUR, 6 * DAY);

      if (rp_sb_rng_chance (rng, 0.04))
        rp_sb_world_schedule (world, after, RP_SB_DUE_OPEN_DISPUTE, order,
                              1 + rp_sb_rng_below (rng, rp_sb_n_reasons - 1));
      else
        rp_sb_world_schedule (world, after, RP_SB_DUE_CONFIRM_RECEIPT, order, 0);
    }
  else
    {
      gint64 ask = s->shipped + rp_sb_rng_range (rng, 8 * DAY, 16 * DAY);

      rp_sb_world_schedule (world, ask, RP_SB_DUE_BUYER_MESSAGE, order, RP_SB_SAY_WHERE);
      if (rp_sb_rng_chance (rng, 0.3))
        rp_sb_world_schedule (world, ask + rp_sb_rng_range (rng, 2 * DAY, 8 * DAY),
                              RP_SB_DUE_OPEN_DISPUTE, order, 0);
      rp_sb_world_schedule (world, rp_sb_order_accept_deadline (order_at (world, order)),
                            RP_SB_DUE_ACCEPT_DEADLINE, order, 0);
    }
}

static void
new_order (RpSbWorld *world,
           gint64     now)
{
  RpSbRng rng;
  guint32 buyer, order;
  RpSbOrder *o;

  rp_sb_rng_init (&rng, world->config.seed, key (KEY_NEW_BUYER, world->next_order_serial));
  if (world->buyers->len > 0 && rp_sb_rng_chance (&rng, 0.3))
    buyer = rp_sb_rng_below (&rng, world->buyers->len);
  else
    buyer = rp_sb_world_add_buyer (world, key (KEY_NEW_BUYER, world->next_order_serial) ^ 1);

  order = rp_sb_world_add_order (world, buyer, now, key (KEY_NEW_BUYER, world->next_order_serial) ^ 2);
  o = order_at (world, order);
  o->paid = 0;
  o->modified = now;
  o->status = RP_SB_ORDER_PLACE_ORDER_SUCCESS;
  world->n_buyer_events++;

  rp_sb_world_schedule (world, now + rp_sb_rng_range (&rng, 30, 300), RP_SB_DUE_PAYMENT, order, 0);
  if (rp_sb_rng_chance (&rng, 0.25))
    rp_sb_world_schedule (world, now + rp_sb_rng_range (&rng, 400, 3 * HOUR),
                          RP_SB_DUE_BUYER_MESSAGE, order, RP_SB_SAY_ASK);
}

static void
answer_solution (RpSbWorld *world,
                 guint32    dispute_index,
                 guint      solution_index,
                 gint64     now)
{
  RpSbDispute *d = g_ptr_array_index (world->disputes, dispute_index);
  RpSbSolution *s;
  RpSbOrder *o = order_at (world, d->order);
  const RpSbBuyer *b = rp_sb_world_buyer (world, o->buyer);
  RpSbRng rng;

  if (d->state != RP_SB_DISPUTE_PROCESSING || solution_index >= d->solutions->len)
    return;
  s = &g_array_index (d->solutions, RpSbSolution, solution_index);
  if (!g_str_equal (s->status, "wait_buyer_accept"))
    return;

  rp_sb_rng_init (&rng, world->config.seed, key (KEY_ANSWER, s->id));
  world->n_buyer_events++;

  /* Buyers accept most offers that refund at least half. */
  if (rp_sb_rng_chance (&rng, s->refund_cents * 2 >= d->refund_max_cents ? 0.65 : 0.2))
    {
      rp_sb_dispute_add_process (world, d, now, "buyer_accept", "buyer", NULL, NULL);
      rp_sb_dispute_close (world, d, s, "negotiation_consensus", now);
      buyer_message (world, d->order, RP_SB_SAY_THANKS, now);
      return;
    }

  s->status = "buyer_refused";
  s->modified = now;
  rp_sb_dispute_add_process (world, d, now, "buyer_refuse", "buyer", NULL, NULL);
  {
    g_autofree char *text = rp_sb_compose (buyer_language (b), RP_SB_STYLE_UPSET, RP_SB_SAY_DISPUTE, NULL);
    RpSbSolution *mine = rp_sb_dispute_add_solution (world, d, RP_SB_SOL_BUYER, FALSE,
                                                     d->refund_max_cents, text, now);

    rp_sb_dispute_add_process (world, d, now, "buyer_create_solution", "buyer", mine->content, NULL);
    rp_sb_world_add_message (world, rp_sb_world_ensure_conversation (world, d->order, o->buyer),
                             now * 1000, TRUE, text);
  }
  d->detail_status = "wait_for_seller_response";
  d->timeout_type = "WAIT_SOLUTION_TIMEOUT";
  d->timeout_at = now + 5 * DAY;
  rp_sb_world_schedule (world, d->timeout_at, RP_SB_DUE_DISPUTE_TIMEOUT, dispute_index, 0);
}

static void
dispute_timeout (RpSbWorld *world,
                 guint32    dispute_index,
                 gint64     now)
{
  RpSbDispute *d = g_ptr_array_index (world->disputes, dispute_index);
  RpSbSolution *winner = NULL;
  gboolean waiting_seller;

  /* A later event moved the deadline; this one is stale. */
  if (d->state != RP_SB_DISPUTE_PROCESSING || d->timeout_at != now)
    return;

  waiting_seller = g_str_equal (d->detail_status, "wait_for_seller_response");
  for (guint i = d->solutions->len; i > 0; i--)
    {
      RpSbSolution *s = &g_array_index (d->solutions, RpSbSolution, i - 1);

      if (g_str_equal (s->status, waiting_seller ? "wait_seller_accept" : "wait_buyer_accept"))
        {
          winner = s;
          break;
        }
    }
  rp_sb_dispute_add_process (world, d, now, waiting_seller ? "seller_accept" : "buyer_accept", "system",
                             waiting_seller ? "The seller did not respond in time."
                                            : "The buyer did not respond in time.", NULL);
  rp_sb_dispute_close (world, d, winner, waiting_seller ? "seller_reponse_timeout" : "negotiation_consensus", now);
}

static void
buyer_reply (RpSbWorld *world,
             guint32    conversation,
             gint64     now)
{
  RpSbConversation *c = g_ptr_array_index (world->conversations, conversation);
  const RpSbBuyer *b = rp_sb_world_buyer (world, c->buyer);
  const RpSbMessage *last;
  RpSbOrder *o = c->order >= 0 ? order_at (world, c->order) : NULL;
  g_autofree char *text = NULL;
  gboolean confirmation, objected;
  RpSbRng rng;

  if (c->messages->len == 0)
    return;
  last = &g_array_index (c->messages, RpSbMessage, c->messages->len - 1);
  /* The buyer already said something since; one answer is enough. */
  if (last->from_buyer)
    return;

  rp_sb_rng_init (&rng, world->config.seed, key (KEY_REPLY, last->id));
  confirmation = o != NULL && (o->status == RP_SB_ORDER_WAIT_SELLER_SEND_GOODS ||
                               o->status == RP_SB_ORDER_PLACE_ORDER_SUCCESS);
  text = rp_sb_buyer_reply_text (world, o, b, confirmation, &rng, &objected);
  rp_sb_world_add_message (world, c, now * 1000, TRUE, text);
  world->n_buyer_events++;
}

static void
handle_due (RpSbWorld     *world,
            const RpSbDue *due)
{
  gint64 now = due->time;
  RpSbOrder *o;

  world->now_ms = MAX (world->now_ms, now * 1000);

  switch ((RpSbDueKind)due->kind)
    {
    case RP_SB_DUE_BUYER_REPLY:
      if (due->target < world->conversations->len)
        buyer_reply (world, due->target, now);
      break;

    case RP_SB_DUE_BUYER_MESSAGE:
      if (due->target >= world->orders->len)
        break;
      o = order_at (world, due->target);
      if (due->arg == RP_SB_SAY_WHERE &&
          (o->status != RP_SB_ORDER_WAIT_BUYER_ACCEPT_GOODS ||
           (o->shipment >= 0 &&
            ((RpSbShipment *)g_ptr_array_index (world->shipments, o->shipment))->track == RP_SB_TRACK_DELIVERED)))
        break;
      if (o->status == RP_SB_ORDER_FINISH)
        break;
      buyer_message (world, due->target, due->arg, now);
      break;

    case RP_SB_DUE_NEW_ORDER:
      new_order (world, now);
      break;

    case RP_SB_DUE_PAYMENT:
      o = order_at (world, due->target);
      if (o->status == RP_SB_ORDER_PLACE_ORDER_SUCCESS)
        {
          o->paid = now;
          o->status = RP_SB_ORDER_WAIT_SELLER_SEND_GOODS;
          rp_sb_world_touch_order (world, o, now);
        }
      break;

    case RP_SB_DUE_CONFIRM_RECEIPT:
      o = order_at (world, due->target);
      if (o->status == RP_SB_ORDER_WAIT_BUYER_ACCEPT_GOODS)
        {
          RpSbRng rng;

          o->status = RP_SB_ORDER_FINISH;
          o->finished = now;
          rp_sb_world_touch_order (world, o, now);
          world->n_buyer_events++;
          rp_sb_rng_init (&rng, world->config.seed, key (KEY_DUE, o->id));
          if (rp_sb_rng_chance (&rng, 0.3))
            buyer_message (world, due->target, RP_SB_SAY_RECEIVED, now);
        }
      break;

    case RP_SB_DUE_OPEN_DISPUTE:
      o = order_at (world, due->target);
      if (o->status == RP_SB_ORDER_WAIT_BUYER_ACCEPT_GOODS && o->dispute < 0)
        {
          RpSbDispute *d = rp_sb_world_open_dispute (world, due->target, due->arg, now, key (KEY_DUE, o->id));

          world->n_buyer_events++;
          rp_sb_world_schedule (world, d->timeout_at, RP_SB_DUE_DISPUTE_TIMEOUT, world->disputes->len - 1, 0);
        }
      break;

    case RP_SB_DUE_ACCEPT_DEADLINE:
      o = order_at (world, due->target);
      if (o->status != RP_SB_ORDER_WAIT_BUYER_ACCEPT_GOODS)
        break;
      /* The seller extended the protection since: wait for the new deadline. */
      if (rp_sb_order_accept_deadline (o) > now)
        {
          rp_sb_world_schedule (world, rp_sb_order_accept_deadline (o), RP_SB_DUE_ACCEPT_DEADLINE,
                                due->target, 0);
          break;
        }
      o->status = RP_SB_ORDER_FINISH;
      o->finished = now;
      rp_sb_world_touch_order (world, o, now);
      break;

    case RP_SB_DUE_DISPUTE_TIMEOUT:
      if (due->target < world->disputes->len)
        dispute_timeout (world, due->target, now);
      break;

    case RP_SB_DUE_BUYER_ANSWER_SOLUTION:
      if (due->target < world->disputes->len)
        answer_solution (world, due->target, due->arg, now);
      break;

    default:
      g_assert_not_reached ();
    }
}

static double
hourly (double per_hour)
{
  return per_hour * RP_SB_TICK_SECONDS / 3600.0;
}

/* Things that happen without a cause: orders arrive, buyers ask questions. */
static void
tick (RpSbWorld *world,
      gint64     t)
{
  RpSbRng rng;
  double orders_per_hour = MAX (6.0, world->config.n_orders / (60.0 * 24.0));
  double questions_per_hour = MAX (10.0, world->config.n_orders / 100.0);

  rp_sb_rng_init (&rng, world->config.seed, key (KEY_TICK, (guint64)t));

  if (rp_sb_rng_chance (&rng, hourly (orders_per_hour)))
    rp_sb_world_schedule (world, t + rp_sb_rng_below (&rng, RP_SB_TICK_SECONDS), RP_SB_DUE_NEW_ORDER, 0, 0);

  if (world->orders->len > 0 && rp_sb_rng_chance (&rng, hourly (questions_per_hour)))
    {
      /* Someone with a recent order, if they are online now. */
      guint window = MAX (1u, world->orders->len / 4);
      guint32 index = world->orders->len - 1 - rp_sb_rng_below (&rng, window);
      RpSbOrder *o = order_at (world, index);
      const RpSbBuyer *b = rp_sb_world_buyer (world, o->buyer);

      if (rp_sb_rng_chance (&rng, rp_sb_buyer_activity (rp_sb_world_local_hour (world, b, t))))
        {
          if (o->status == RP_SB_ORDER_WAIT_SELLER_SEND_GOODS)
            rp_sb_world_schedule (world, t, RP_SB_DUE_BUYER_MESSAGE, index,
                                  rp_sb_rng_chance (&rng, 0.5) ? RP_SB_SAY_ASK : RP_SB_SAY_ASK_STOCK);
          else if (o->status == RP_SB_ORDER_WAIT_BUYER_ACCEPT_GOODS)
            rp_sb_world_schedule (world, t, RP_SB_DUE_BUYER_MESSAGE, index, RP_SB_SAY_WHERE);
        }
    }
}

/**
 * rp_sb_sim_run_until:
 * @world: the world
 * @until_ms: the simulated time to run to
 *
 * Runs everything due up to @until_ms.  The simulation works on fixed
 * ticks and draws its randomness from (seed, tick) and (seed, entity), so
 * the same seed and the same sequence of seller actions at the same
 * simulated times always give the same world, however the clock is driven.
 */
void
rp_sb_sim_run_until (RpSbWorld *world,
                     gint64     until_ms)
{
  gint64 until = until_ms / 1000;
  RpSbDue due;

  while (world->ticked + RP_SB_TICK_SECONDS <= until)
    {
      gint64 t = world->ticked + RP_SB_TICK_SECONDS;

      while (rp_sb_world_pop_due (world, t, &due))
        handle_due (world, &due);
      tick (world, t);
      world->ticked = t;
      world->now_ms = MAX (world->now_ms, t * 1000);
    }

  while (rp_sb_world_pop_due (world, until, &due))
    handle_due (world, &due);

  world->now_ms = MAX (world->now_ms, until_ms);
}

void
rp_sb_sim_on_seller_message (RpSbWorld        *world,
                             RpSbConversation *conversation)
{
  const RpSbBuyer *b = rp_sb_world_buyer (world, conversation->buyer);
  const RpSbMessage *last = &g_array_index (conversation->messages, RpSbMessage,
                                            conversation->messages->len - 1);
  RpSbRng rng;
  guint32 index;

  rp_sb_rng_init (&rng, world->config.seed, key (KEY_REPLY, last->id) ^ 7);
  /* Not every message gets an answer, but order confirmations always do. */
  if (conversation->order < 0 ||
      order_at (world, conversation->order)->status != RP_SB_ORDER_WAIT_SELLER_SEND_GOODS)
    {
      if (!rp_sb_rng_chance (&rng, 0.85))
        return;
    }

  for (index = 0; index < world->conversations->len; index++)
    if (g_ptr_array_index (world->conversations, index) == conversation)
      break;

  rp_sb_world_schedule (world, reply_time (world, b, world->now_ms / 1000, &rng),
                        RP_SB_DUE_BUYER_REPLY, index, conversation->messages->len - 1);
}

void
rp_sb_sim_on_seller_solution (RpSbWorld   *world,
                              RpSbDispute *dispute,
                              guint        solution_index)
{
  RpSbOrder *o = order_at (world, dispute->order);
  const RpSbBuyer *b = rp_sb_world_buyer (world, o->buyer);
  RpSbSolution *s = &g_array_index (dispute->solutions, RpSbSolution, solution_index);
  RpSbRng rng;
  guint32 index;

  index = rp_sb_world_dispute_index (world, dispute);

  rp_sb_rng_init (&rng, world->config.seed, key (KEY_ANSWER, s->id) ^ 7);
  rp_sb_world_schedule (world, reply_time (world, b, world->now_ms / 1000 + 60, &rng),
                        RP_SB_DUE_BUYER_ANSWER_SOLUTION, index, solution_index);
}

RpSbShipment *
rp_sb_sim_on_fulfill (RpSbWorld  *world,
                      RpSbOrder  *order,
                      guint       service,
                      const char *logistics_no,
                      const char *tracking_website)
{
  guint32 index = order_index (world, order);
  RpSbRng rng;
  RpSbTrack track;
  RpSbShipment *s;
  int n;

  rp_sb_rng_init (&rng, world->config.seed, key (KEY_FULFILL, order->id));
  n = rp_sb_rng_below (&rng, 100);
  track = n < 75 ? RP_SB_TRACK_DELIVERED : n < 85 ? RP_SB_TRACK_STALLED
          : n < 93 ? RP_SB_TRACK_NO_SCAN : RP_SB_TRACK_CUSTOMS;

  s = rp_sb_world_ship (world, index, service, logistics_no, tracking_website,
                        world->now_ms / 1000, track, key (KEY_FULFILL, order->id) ^ 3);
  schedule_after_shipment (world, index, s, &rng);

  return s;
}
