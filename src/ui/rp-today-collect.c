/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-today-collect"

#include "config.h"

#include "rp-activity.h"
#include "rp-buyer-zone.h"
#include "rp-confirmation.h"
#include "rp-store-today.h"
#include "rp-today-collect.h"
#include "rp-today-item.h"
#include "rp-today.h"
#include "rp-tracking.h"

typedef struct
{
  RpStore     *store;
  RpStoreToday *reader;        /* the orders and parcels, beside the store's worker */
  RpBuyerZone *zones;          /* NULL when tzdata could not be read: no buyer times */
  GHashTable  *orders;         /* "account:order id" -> RpOrder (borrowed) */
  GHashTable  *buyers;         /* "account:buyer login" -> RpOrder (borrowed) */
  GHashTable  *zone_cache;     /* "country|province|city" -> GTimeZone */
  GHashTable  *buyer_events;   /* "account:buyer login" -> GArray of gint64, their messages */
  GPtrArray   *pending;        /* of Pending, made into items once all events are known */
} Collect;

typedef struct
{
  RpTask    *task;
  gint64     account_id;
  char      *country;
  GTimeZone *zone;
  char      *buyer_key;        /* NULL when the buyer is unknown */
  char      *buyer_login_id;
  char      *buyer_name;
} Pending;

typedef enum
{
  BUYER_OFFLINE,
  BUYER_LIKELY_ONLINE,   /* the hour and their country's habits say so */
  BUYER_SEEN_ONLINE,     /* their own messages say so */
} BuyerPresence;

static void
pending_free (Pending *pending)
{
  g_clear_pointer (&pending->task, rp_task_free);
  g_clear_pointer (&pending->zone, g_time_zone_unref);
  g_free (pending->country);
  g_free (pending->buyer_key);
  g_free (pending->buyer_login_id);
  g_free (pending->buyer_name);
  g_free (pending);
}

static char *
entity_key (gint64      account_id,
            const char *id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%s", account_id, id != NULL ? id : "");
}

static const char *
order_country (RpOrder *order)
{
  if (order->address.country != NULL && *order->address.country != '\0')
    return order->address.country;

  return order->buyer_country;
}

static GTimeZone *
lookup_zone (Collect    *c,
             const char *country,
             const char *province,
             const char *city)
{
  g_autofree char *key = NULL;
  GTimeZone *zone;

  if (c->zones == NULL || country == NULL || *country == '\0')
    return NULL;

  key = g_strdup_printf ("%s|%s|%s", country, province ? province : "", city ? city : "");
  zone = g_hash_table_lookup (c->zone_cache, key);
  if (zone == NULL)
    {
      zone = rp_buyer_zone_lookup_time_zone (c->zones, country, province, city, NULL);
      g_hash_table_insert (c->zone_cache, g_steal_pointer (&key), zone);
    }

  return zone;
}

static void
add_task (Collect    *c,
          RpTask     *task,
          gint64      account_id,
          RpOrder    *order,
          const char *fallback_country,
          const char *buyer_login_id,
          const char *buyer_name)
{
  const char *country = order != NULL ? order_country (order) : fallback_country;
  Pending *pending;
  GTimeZone *zone;

  if (task == NULL)
    return;

  if (order != NULL && order_country (order) != NULL)
    zone = lookup_zone (c, country, order->address.province, order->address.city);
  else
    zone = lookup_zone (c, country, NULL, NULL);

  if (buyer_login_id == NULL && order != NULL)
    buyer_login_id = order->buyer_login_id;
  if (buyer_name == NULL && order != NULL)
    buyer_name = order->buyer_name;

  pending = g_new0 (Pending, 1);
  pending->task = task;
  pending->account_id = account_id;
  pending->country = g_strdup (country);
  pending->zone = zone != NULL ? g_time_zone_ref (zone) : NULL;
  pending->buyer_key = buyer_login_id != NULL ? entity_key (account_id, buyer_login_id) : NULL;
  pending->buyer_login_id = g_strdup (buyer_login_id);
  pending->buyer_name = g_strdup (buyer_name);
  g_ptr_array_add (c->pending, pending);
}

/* The buyer's own messages: when they write is when they are likely online. */
static void
note_buyer_messages (Collect    *c,
                     gint64      account_id,
                     const char *buyer_login_id,
                     GPtrArray  *messages)
{
  g_autofree char *key = NULL;
  GArray *events;

  if (buyer_login_id == NULL)
    return;

  key = entity_key (account_id, buyer_login_id);
  events = g_hash_table_lookup (c->buyer_events, key);
  if (events == NULL)
    {
      events = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (c->buyer_events, g_steal_pointer (&key), events);
    }

  for (guint i = 0; i < messages->len; i++)
    {
      RpMessage *message = g_ptr_array_index (messages, i);

      if (!message->is_own && message->sent_at > 0)
        g_array_append_val (events, message->sent_at);
    }
}

/* The same, from the times of a conversation's messages. */
static void
note_buyer_times (Collect    *c,
                  gint64      account_id,
                  const char *buyer_login_id,
                  GArray     *messages)
{
  g_autofree char *key = NULL;
  GArray *events;

  if (buyer_login_id == NULL)
    return;

  key = entity_key (account_id, buyer_login_id);
  events = g_hash_table_lookup (c->buyer_events, key);
  if (events == NULL)
    {
      events = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (c->buyer_events, g_steal_pointer (&key), events);
    }

  for (guint i = 0; i < messages->len; i++)
    {
      RpStoreTodayMessage *message = &g_array_index (messages, RpStoreTodayMessage, i);

      if (!message->is_own && message->sent_at > 0)
        g_array_append_val (events, message->sent_at);
    }
}

/* Likely online now: just active, or the hour-of-week model of the buyer's messages
 * blended with their country's habits says so.  Without a zone nothing is claimed.  Only
 * the buyer's own messages (active minutes ago, or a model that is mostly theirs) make
 * it "seen": the country's habits alone apply to half the world at any hour. */
static BuyerPresence
buyer_presence (Collect *c,
                Pending *pending,
                gint64   now)
{
  g_autoptr(RpActivity) activity = NULL;
  GArray *events = NULL;
  gint64 last = 0;
  gboolean likely;

  if (pending->zone == NULL)
    return BUYER_OFFLINE;

  if (pending->buyer_key != NULL)
    events = g_hash_table_lookup (c->buyer_events, pending->buyer_key);

  activity = rp_activity_new (pending->zone, rp_country_lookup (pending->country), now);
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      gint64 when = g_array_index (events, gint64, i);

      rp_activity_add_event (activity, when);
      last = MAX (last, when);
    }

  if (last > 0 && rp_activity_is_active_now (last, now))
    return BUYER_SEEN_ONLINE;

  likely = rp_activity_probability (activity, now) >= rp_activity_get_threshold (activity);
  if (likely && rp_activity_get_own_weight (activity) >= 0.5)
    return BUYER_SEEN_ONLINE;

  return likely ? BUYER_LIKELY_ONLINE : BUYER_OFFLINE;
}

/* The order of a dispute, a parcel or a conversation (a new reference): from the orders
 * to ship when it is one, else read from the cache (the row may be gone: no buyer time
 * then).  Read orders are remembered in @keep when it is given; a parcel's order is used
 * once and dropped, since there are tens of thousands of parcels and holding all their
 * orders until the end made Today's memory. */
static RpOrder *
find_order (Collect    *c,
            gint64      account_id,
            const char *order_id,
            GPtrArray  *keep)
{
  g_autofree char *key = NULL;
  RpOrder *order;

  if (order_id == NULL || *order_id == '\0')
    return NULL;

  key = entity_key (account_id, order_id);
  order = g_hash_table_lookup (c->orders, key);
  if (order == NULL)
    {
      g_autoptr(GError) error = NULL;

      /* As a list reads it: the rules need no items. */
      order = rp_store_today_get_order (c->reader, account_id, order_id, &error);
      if (error != NULL)
        g_debug ("Order %s: %s", order_id, error->message);
      if (order != NULL && keep != NULL)
        {
          g_ptr_array_add (keep, g_object_ref (order));
          g_hash_table_insert (c->orders, g_steal_pointer (&key), order);
        }
      return order;
    }

  return g_object_ref (order);
}

static gboolean
collect_orders (Collect       *c,
                GPtrArray     *orders,
                gint64         now,
                GCancellable  *cancellable,
                GError       **error)
{
  for (guint i = 0; i < orders->len; i++)
    {
      RpOrder *order = g_ptr_array_index (orders, i);
      RpConfirmationState state = order->confirmation;

      if (order->status != RP_ORDER_STATUS_TO_SHIP)
        continue;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      /* A confirmation sent: the buyer's answer or the end of the window moves it on. */
      if (state == RP_CONFIRMATION_SENT)
        {
          g_autoptr(GPtrArray) messages = NULL;
          g_autoptr(GError) local_error = NULL;
          gint64 deadline = order->confirmation_deadline;
          gint64 sent_at = deadline > 0 ? deadline - RP_CONFIRMATION_DEFAULT_WINDOW : 0;

          messages = rp_store_list_messages_sync (c->store, order->account_id, order->order_id,
                                                  &local_error);
          if (messages == NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }

          state = rp_confirmation_advance_messages (state, sent_at, deadline, messages, 0, now);
          note_buyer_messages (c, order->account_id, order->buyer_login_id, messages);
        }

      add_task (c, rp_today_task_for_confirmation (order, state, now), order->account_id,
                order, NULL, NULL, NULL);
    }

  return TRUE;
}

static void
collect_disputes (Collect   *c,
                  GPtrArray *disputes,
                  gint64     now,
                  GPtrArray *keep)
{
  for (guint i = 0; i < disputes->len; i++)
    {
      RpDispute *dispute = g_ptr_array_index (disputes, i);
      RpTask *task = rp_today_task_for_dispute (dispute, now);
      g_autoptr(RpOrder) order = NULL;

      if (task == NULL)
        continue;

      order = find_order (c, dispute->account_id, dispute->order_id, keep);
      add_task (c, task, dispute->account_id, order, NULL, dispute->buyer_login_id, NULL);
    }
}

/* With several stores, each task says whose it is. */
static gboolean
name_stores (Collect    *c,
             GPtrArray  *items,
             GError    **error)
{
  g_autoptr(GPtrArray) accounts = rp_store_list_accounts_sync (c->store, error);

  if (accounts == NULL)
    return FALSE;
  if (accounts->len < 2)
    return TRUE;

  for (guint i = 0; i < items->len; i++)
    {
      RpTodayItem *item = g_ptr_array_index (items, i);

      for (guint a = 0; a < accounts->len; a++)
        {
          RpStoreAccount *account = g_ptr_array_index (accounts, a);

          if (account->id == rp_today_item_get_account_id (item))
            rp_today_item_set_store_name (item, account->name);
        }
    }

  return TRUE;
}

typedef struct
{
  Collect   *c;
  gint64     now;
} ParcelScan;

static void
collect_parcel (RpShipment *parcel,
                gpointer    user_data)
{
  ParcelScan *scan = user_data;
  RpTrackingAssessment assessment;
  g_autoptr(RpOrder) order = NULL;
  RpTask *task;

  /* Nothing is known of a parcel the carrier was never asked about: no verdict until the
   * tracking sync has polled it once (the query leaves those out, and delivered ones). */
  if (parcel->status == RP_TRACKING_DELIVERED || parcel->last_polled_at <= 0)
    return;

  order = find_order (scan->c, parcel->account_id, parcel->order_id, NULL);

  /* A finished order is settled, whatever its parcel's timeline says. */
  if (order != NULL && order->status == RP_ORDER_STATUS_FINISHED)
    return;

  rp_tracking_assess (parcel, parcel->protection_end, scan->now,
                      rp_tracking_thresholds_default (), FALSE, NULL, &assessment);
  task = rp_today_task_for_parcel (parcel, &assessment);
  if (task != NULL)
    add_task (scan->c, task, parcel->account_id, order, parcel->to_country, NULL, NULL);
}

/* Every store's parcels, one at a time with its timeline and its order: together they are
 * tens of megabytes at 100,000 orders. */
static gboolean
collect_parcels (Collect       *c,
                 gint64         now,
                 GCancellable  *cancellable,
                 GError       **error)
{
  ParcelScan scan = { c, now };

  return rp_store_today_foreach_parcel (c->reader, 0, collect_parcel, &scan, cancellable, error);
}

/* The buyer's oldest message after the seller's last one: the time the buyer has been
 * waiting.  0 when the seller answered. */
static gint64
oldest_unanswered (GArray *messages)
{
  gint64 oldest = 0;

  for (guint i = 0; i < messages->len; i++)
    {
      RpStoreTodayMessage *message = &g_array_index (messages, RpStoreTodayMessage, i);

      if (message->is_own)
        oldest = 0;
      else if (oldest == 0 && message->sent_at > 0)
        oldest = message->sent_at;
    }

  return oldest;
}

static gboolean
collect_unanswered (Collect       *c,
                    GPtrArray     *conversations,
                    gint64         now,
                    GTimeSpan      unanswered_after,
                    GPtrArray     *keep,
                    GCancellable  *cancellable,
                    GError       **error)
{
  for (guint i = 0; i < conversations->len; i++)
    {
      RpConversation *conversation = g_ptr_array_index (conversations, i);
      g_autoptr(GArray) messages = NULL;
      g_autofree char *buyer_key = NULL;
      g_autoptr(RpOrder) own_order = NULL;
      RpOrder *order;
      gint64 oldest;

      /* The cheap test first: only a conversation whose last word is the buyer's, old
       * enough, and not marked as dealt with is read further. */
      if (conversation->channel_id == NULL ||
          conversation->last_message_is_own || conversation->processed ||
          conversation->last_message_at <= 0 ||
          now - conversation->last_message_at < unanswered_after)
        continue;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      /* Only their times, beside the store's worker: thousands of conversations may wait. */
      messages = rp_store_today_list_messages (c->reader, conversation->account_id,
                                               conversation->channel_id, error);
      if (messages == NULL)
        return FALSE;

      note_buyer_times (c, conversation->account_id, conversation->buyer_login_id, messages);
      oldest = oldest_unanswered (messages);
      if (oldest == 0 || now - oldest < unanswered_after)
        continue;

      own_order = find_order (c, conversation->account_id, conversation->order_id, keep);
      order = own_order;
      if (order == NULL)
        {
          buyer_key = entity_key (conversation->account_id, conversation->buyer_login_id);
          order = g_hash_table_lookup (c->buyers, buyer_key);
        }

      add_task (c, rp_today_task_for_unanswered (conversation->channel_id, conversation->buyer_name,
                                                 oldest, now),
                conversation->account_id, order, NULL, conversation->buyer_login_id,
                conversation->buyer_name);
    }

  return TRUE;
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  RpTodayItem *ia = *(RpTodayItem * const *)a;
  RpTodayItem *ib = *(RpTodayItem * const *)b;
  int c = rp_task_compare (rp_today_item_get_task (ia), rp_today_item_get_task (ib));

  if (c != 0)
    return c;

  /* The same id in two stores. */
  return rp_today_item_get_account_id (ia) < rp_today_item_get_account_id (ib) ? -1 :
         rp_today_item_get_account_id (ia) > rp_today_item_get_account_id (ib) ? 1 : 0;
}

/**
 * rp_today_collect_sync:
 * @orders: (element-type RpOrder): orders to ship (others are skipped)
 * @disputes: (element-type RpDispute): disputes (finished ones are skipped)
 * @conversations: (element-type RpConversation): conversations
 * @unanswered_after: how long a buyer waits before an answer becomes a task
 *
 * Returns: (transfer container) (element-type RpTodayItem): the tasks, most urgent first
 */
GPtrArray *
rp_today_collect_sync (RpStore       *store,
                       GPtrArray     *orders,
                       GPtrArray     *disputes,
                       GPtrArray     *conversations,
                       gint64         now,
                       GTimeSpan      unanswered_after,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_order = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) by_buyer = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) zone_cache = NULL;
  g_autoptr(GHashTable) announced = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func ((GDestroyNotify)pending_free);
  g_autoptr(GHashTable) buyer_events = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                              (GDestroyNotify)g_array_unref);
  RpBuyerZone *zones = rp_buyer_zone_get_default ();
  g_autoptr(RpStoreToday) reader = NULL;
  Collect c = { 0 };

  g_return_val_if_fail (RP_IS_STORE (store), NULL);
  g_return_val_if_fail (orders != NULL && disputes != NULL && conversations != NULL, NULL);

  reader = rp_store_today_open (store, error);
  if (reader == NULL)
    return NULL;

  zone_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify)g_time_zone_unref);

  for (guint i = 0; i < orders->len; i++)
    {
      RpOrder *order = g_ptr_array_index (orders, i);

      g_hash_table_replace (by_order, entity_key (order->account_id, order->order_id), order);
      if (order->buyer_login_id != NULL)
        g_hash_table_replace (by_buyer, entity_key (order->account_id, order->buyer_login_id), order);
    }

  c.store = store;
  c.reader = reader;
  c.zones = zones;
  c.orders = by_order;
  c.buyers = by_buyer;
  c.zone_cache = zone_cache;
  c.buyer_events = buyer_events;
  c.pending = pending;

  if (!collect_orders (&c, orders, now, cancellable, error))
    return NULL;
  collect_disputes (&c, disputes, now, keep);
  if (!collect_parcels (&c, now, cancellable, error))
    return NULL;
  if (!collect_unanswered (&c, conversations, now, unanswered_after, keep, cancellable, error))
    return NULL;

  for (guint i = 0; i < pending->len; i++)
    {
      Pending *p = g_ptr_array_index (pending, i);
      RpTask *task = g_steal_pointer (&p->task);
      BuyerPresence presence = buyer_presence (&c, p, now);

      task->buyer_online = presence != BUYER_OFFLINE;
      g_ptr_array_add (items, rp_today_item_new (task, p->account_id, p->country, p->zone));

      /* A buyer seen online with something open: one task to settle it while they are. */
      if (presence == BUYER_SEEN_ONLINE && p->buyer_key != NULL &&
          g_hash_table_add (announced, g_strdup (p->buyer_key)))
        {
          RpTask *online = rp_today_task_for_buyer_online (p->buyer_login_id, p->buyer_name, TRUE);

          g_ptr_array_add (items, rp_today_item_new (online, p->account_id, p->country, p->zone));
        }
    }

  if (!name_stores (&c, items, error))
    return NULL;

  g_ptr_array_sort (items, compare_items);

  return g_steal_pointer (&items);
}
