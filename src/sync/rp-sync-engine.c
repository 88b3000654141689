/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-sync-engine"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "rp-outbox-payload.h"
#include "rp-sync-engine.h"
#include "rp-tracking.h"

/* The engine runs on a thread of its own, with its own GMainContext: the connector's
 * SoupSession lives there, the store is called through its blocking variants (which only
 * block this thread), and the UI thread never waits on either.  Jobs run one at a time, in
 * the order they were asked for; progress is handed back to the thread that made the engine. */

#define PAGE_SIZE            50
#define MESSAGE_PAGE_SIZE    100
#define DETAIL_CONCURRENCY   8
/* Windows overlap so that a change stamped during the previous run is not missed. */
#define OVERLAP_USEC         (10 * 60 * G_USEC_PER_SEC)
#define MAX_RETRY_DELAY_USEC (15 * 60 * G_USEC_PER_SEC)
#define MAX_ATTEMPTS         12

#define CURSOR_ORDERS        "orders.modified"
#define CURSOR_CONVERSATIONS "conversations.last"

typedef enum
{
  JOB_SYNC,
  JOB_OUTBOX,
  JOB_STOP,
} JobKind;

typedef struct
{
  JobKind  kind;
  gboolean full;
  GTask   *task;
} Job;

struct _RpSyncEngine
{
  GObject               parent_instance;

  RpStore              *store;
  gint64                account_id;
  RpMarketplaceFactory  factory;
  gpointer              factory_data;
  GDestroyNotify        factory_data_destroy;

  GMainContext         *owner_context;
  GThread              *thread;
  GAsyncQueue          *jobs;

  /* Shared with the thread, under lock. */
  GMutex                lock;
  RpSyncPhase           phase;
  guint                 done;
  guint                 total;
  gboolean              running;
  gint64                last_success;
  char                 *last_error;
  gboolean              notify_queued;
};

/* What the engine's thread carries through one job. */
typedef struct
{
  RpSyncEngine  *engine;
  RpMarketplace *marketplace;
  GMainContext  *context;
  GCancellable  *cancellable;
  RpSyncStats    stats;
  GPtrArray     *open_shipments;   /* RpShipment seen in this run that are not delivered */
} Run;

G_DEFINE_FINAL_TYPE (RpSyncEngine, rp_sync_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PHASE,
  PROP_DONE,
  PROP_TOTAL,
  PROP_RUNNING,
  PROP_LAST_SUCCESS,
  PROP_LAST_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
job_free (Job *job)
{
  g_clear_object (&job->task);
  g_free (job);
}

/* Progress ------------------------------------------------------------------------------ */

static gboolean
notify_progress_cb (gpointer data)
{
  RpSyncEngine *self = data;

  g_mutex_lock (&self->lock);
  self->notify_queued = FALSE;
  g_mutex_unlock (&self->lock);

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = PROP_PHASE; i < N_PROPS; i++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
  g_object_thaw_notify (G_OBJECT (self));

  return G_SOURCE_REMOVE;
}

/* Called on the engine's thread; coalesces into one notification on the owner's thread. */
static void
queue_notify (RpSyncEngine *self)
{
  gboolean queue;

  g_mutex_lock (&self->lock);
  queue = !self->notify_queued;
  self->notify_queued = TRUE;
  g_mutex_unlock (&self->lock);

  if (queue)
    g_main_context_invoke_full (self->owner_context, G_PRIORITY_DEFAULT_IDLE,
                                notify_progress_cb, g_object_ref (self), g_object_unref);
}

static void
set_progress (RpSyncEngine *self,
              RpSyncPhase   phase,
              guint         done,
              guint         total)
{
  g_mutex_lock (&self->lock);
  self->phase = phase;
  self->done = done;
  self->total = total;
  g_mutex_unlock (&self->lock);
  queue_notify (self);
}

static void
add_done (RpSyncEngine *self,
          guint         n)
{
  g_mutex_lock (&self->lock);
  self->done += n;
  g_mutex_unlock (&self->lock);
  queue_notify (self);
}

/* Waiting on the engine's own context -------------------------------------------------- */

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  Wait *wait = data;

  wait->result = g_object_ref (result);
}

/* The engine's thread owns this context; nothing else dispatches on it. */
static void
wait_for (Run  *run,
          Wait *wait)
{
  while (wait->result == NULL)
    g_main_context_iteration (run->context, TRUE);
}

static void
wait_clear (Wait *wait)
{
  g_clear_object (&wait->result);
}

/* Pull: orders ------------------------------------------------------------------------- */

typedef struct
{
  Run       *run;
  guint      pending;
  GPtrArray *orders;
  GPtrArray *shipments;
  GError    *error;
} DetailBatch;

typedef struct
{
  DetailBatch *batch;
} DetailCall;

static void
order_detail_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  DetailBatch *batch = data;
  g_autoptr(GPtrArray) shipments = NULL;
  g_autoptr(GError) error = NULL;
  RpOrder *order;

  batch->pending--;
  order = rp_marketplace_get_order_finish (RP_MARKETPLACE (object), result, &shipments, &error);
  if (order == NULL)
    {
      if (batch->error == NULL)
        batch->error = g_steal_pointer (&error);
      return;
    }

  g_ptr_array_add (batch->orders, order);
  if (shipments != NULL)
    for (guint i = 0; i < shipments->len; i++)
      g_ptr_array_add (batch->shipments, g_object_ref (g_ptr_array_index (shipments, i)));
}

/* A parcel is tracked until it is delivered and its events are in the cache: a parcel
 * that was delivered before the first sync still gets its timeline once. */
static gboolean
needs_tracking (RpSyncEngine *self,
                RpShipment   *shipment)
{
  g_autoptr(GPtrArray) stored = NULL;

  if (shipment->tracking_no == NULL)
    return FALSE;

  stored = rp_store_list_shipments_sync (self->store, self->account_id, shipment->order_id, NULL);
  for (guint i = 0; stored != NULL && i < stored->len; i++)
    {
      RpShipment *known = g_ptr_array_index (stored, i);

      /* Delivered according to its own timeline, and that timeline is here. */
      if (g_strcmp0 (known->tracking_no, shipment->tracking_no) == 0)
        return known->status != RP_TRACKING_DELIVERED || known->events->len == 0 ||
               rp_tracking_normalise (known, NULL) != RP_TRACKING_DELIVERED;
    }

  return TRUE;
}

/* The list does not carry the buyer's country, the address or the logistics: the detail
 * call does.  Up to DETAIL_CONCURRENCY run at once on the engine's context. */
static gboolean
fetch_order_details (Run        *run,
                     GPtrArray  *orders,
                     GError    **error)
{
  RpSyncEngine *self = run->engine;
  DetailBatch batch = { run, 0, NULL, NULL, NULL };
  guint next = 0;

  if (orders->len == 0 ||
      !rp_marketplace_has_capability (run->marketplace, RP_MARKETPLACE_CAPABILITY_ORDER_DETAIL))
    return TRUE;

  batch.orders = g_ptr_array_new_with_free_func (g_object_unref);
  batch.shipments = g_ptr_array_new_with_free_func (g_object_unref);

  while (next < orders->len || batch.pending > 0)
    {
      while (batch.error == NULL && next < orders->len && batch.pending < DETAIL_CONCURRENCY)
        {
          RpOrder *order = g_ptr_array_index (orders, next++);

          batch.pending++;
          run->stats.requests++;
          rp_marketplace_get_order_async (run->marketplace, order->order_id, run->cancellable,
                                          order_detail_cb, &batch);
        }

      if (batch.pending == 0)
        break;
      g_main_context_iteration (run->context, TRUE);
    }

  if (batch.error == NULL)
    {
      g_autoptr(GPtrArray) to_track = g_ptr_array_new_with_free_func (g_object_unref);

      /* Decided against what the cache knew before this detail: a parcel the order now
       * says was received still needs its last events once. */
      for (guint i = 0; i < batch.shipments->len; i++)
        {
          RpShipment *shipment = g_ptr_array_index (batch.shipments, i);

          if (needs_tracking (self, shipment))
            g_ptr_array_add (to_track, g_object_ref (shipment));
        }

      if (rp_store_upsert_orders_sync (self->store, self->account_id, batch.orders, &batch.error) &&
          (batch.shipments->len == 0 ||
           rp_store_upsert_shipments_sync (self->store, self->account_id, batch.shipments, &batch.error)))
        {
          g_ptr_array_extend_and_steal (run->open_shipments, g_steal_pointer (&to_track));
          run->stats.shipments += batch.shipments->len;
        }
    }

  g_ptr_array_unref (batch.orders);
  g_ptr_array_unref (batch.shipments);

  if (batch.error != NULL)
    {
      g_propagate_error (error, batch.error);
      return FALSE;
    }

  return TRUE;
}

static gint64
cursor_value (RpSyncEngine *self,
              const char   *name)
{
  g_autofree char *value = rp_store_get_cursor_sync (self->store, self->account_id, name, NULL);

  return value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;
}

static gboolean
save_cursor (RpSyncEngine  *self,
             const char    *name,
             gint64         value,
             GError       **error)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
  return rp_store_set_cursor_sync (self->store, self->account_id, name, buf, error);
}

static gboolean
pull_orders (Run       *run,
             gboolean   full,
             GError   **error)
{
  /* Without a status the marketplace leaves finished orders out; ask for every one. */
  static const char *all_statuses[] = {
    "PLACE_ORDER_SUCCESS", "IN_CANCEL", "WAIT_SELLER_SEND_GOODS", "SELLER_PART_SEND_GOODS",
    "WAIT_BUYER_ACCEPT_GOODS", "FUND_PROCESSING", "IN_ISSUE", "IN_FROZEN",
    "WAIT_SELLER_EXAMINE_MONEY", "RISK_CONTROL", "FINISH", NULL
  };
  RpSyncEngine *self = run->engine;
  g_autoptr(RpOrderQuery) query = rp_order_query_new ();
  gint64 cursor = full ? 0 : cursor_value (self, CURSOR_ORDERS);
  gint64 newest = cursor;

  set_progress (self, RP_SYNC_PHASE_ORDERS, 0, 0);

  query->statuses = g_strdupv ((char **)all_statuses);
  query->page_size = PAGE_SIZE;
  if (cursor > 0)
    query->modified_from = cursor - OVERLAP_USEC;

  /* The next page is asked for before this one is processed, so that the marketplace
   * works while the details are fetched and the cache writes. */
  {
    Wait pending = { NULL };
    gboolean in_flight = TRUE;
    gboolean ok = TRUE;

    query->page = 1;
    run->stats.requests++;
    rp_marketplace_list_orders_async (run->marketplace, query, run->cancellable, wait_cb, &pending);

    for (guint page_no = 1; page_no <= RP_MARKETPLACE_MAX_PAGES && in_flight; page_no++)
      {
        g_autoptr(RpMarketplacePage) page = NULL;

        wait_for (run, &pending);
        in_flight = FALSE;
        page = rp_marketplace_list_orders_finish (run->marketplace, pending.result, error);
        wait_clear (&pending);
        if (page == NULL)
          {
            ok = FALSE;
            break;
          }

        if (page->items->len > 0 && page->has_more && page_no < RP_MARKETPLACE_MAX_PAGES)
          {
            query->page = page_no + 1;
            run->stats.requests++;
            rp_marketplace_list_orders_async (run->marketplace, query, run->cancellable,
                                              wait_cb, &pending);
            in_flight = TRUE;
          }

        if (page_no == 1 && page->total_count > 0)
          set_progress (self, RP_SYNC_PHASE_ORDERS, 0, (guint)MIN (page->total_count, G_MAXUINT));

        if (page->items->len > 0)
          {
            /* With details coming, the list's thinner rows need not be written first. */
            if (g_cancellable_set_error_if_cancelled (run->cancellable, error) ||
                (!rp_marketplace_has_capability (run->marketplace, RP_MARKETPLACE_CAPABILITY_ORDER_DETAIL) &&
                 !rp_store_upsert_orders_sync (self->store, self->account_id, page->items, error)) ||
                !fetch_order_details (run, page->items, error))
              {
                ok = FALSE;
                break;
              }

            for (guint i = 0; i < page->items->len; i++)
              {
                RpOrder *order = g_ptr_array_index (page->items, i);

                newest = MAX (newest, order->modified_at);
              }
            run->stats.orders += page->items->len;
            add_done (self, page->items->len);
          }
      }

    /* A request still out writes into this frame when it ends: let it end first. */
    if (in_flight)
      {
        wait_for (run, &pending);
        wait_clear (&pending);
      }

    if (!ok)
      return FALSE;
  }

  return save_cursor (self, CURSOR_ORDERS, newest, error);
}

/* Pull: conversations and messages ----------------------------------------------------- */

static gboolean
pull_messages (Run             *run,
               RpConversation  *conversation,
               GPtrArray       *into,
               GError         **error)
{
  for (guint page_no = 1; page_no <= RP_MARKETPLACE_MAX_PAGES; page_no++)
    {
      g_autoptr(RpMarketplacePage) page = NULL;
      Wait wait = { NULL };

      run->stats.requests++;
      rp_marketplace_list_messages_async (run->marketplace, conversation->channel_id,
                                          conversation->buyer_login_id, page_no,
                                          MESSAGE_PAGE_SIZE, run->cancellable, wait_cb, &wait);
      wait_for (run, &wait);
      page = rp_marketplace_list_messages_finish (run->marketplace, wait.result, error);
      wait_clear (&wait);
      if (page == NULL)
        return FALSE;

      for (guint i = 0; i < page->items->len; i++)
        g_ptr_array_add (into, g_object_ref (g_ptr_array_index (page->items, i)));

      if (page->items->len == 0 || !page->has_more)
        break;
    }

  return TRUE;
}

/* The messages of a page of conversations, DETAIL_CONCURRENCY conversations at a time: a
 * conversation after another would leave the connection idle while the cache writes. */
typedef struct
{
  Run            *run;
  RpConversation *conversation;
  guint           page_no;
  GPtrArray      *into;
  guint          *pending;
  GError        **error;
} MessageFetch;

static void fetch_messages_page (MessageFetch *fetch);

static void
messages_page_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      data)
{
  MessageFetch *fetch = data;
  g_autoptr(RpMarketplacePage) page = NULL;
  GError *local_error = NULL;

  page = rp_marketplace_list_messages_finish (RP_MARKETPLACE (object), result, &local_error);
  if (page == NULL)
    {
      if (*fetch->error == NULL)
        *fetch->error = local_error;
      else
        g_error_free (local_error);
      (*fetch->pending)--;
      g_free (fetch);
      return;
    }

  for (guint i = 0; i < page->items->len; i++)
    g_ptr_array_add (fetch->into, g_object_ref (g_ptr_array_index (page->items, i)));

  if (page->items->len > 0 && page->has_more && fetch->page_no < RP_MARKETPLACE_MAX_PAGES &&
      *fetch->error == NULL)
    {
      fetch->page_no++;
      fetch_messages_page (fetch);
      return;
    }

  (*fetch->pending)--;
  g_free (fetch);
}

static void
fetch_messages_page (MessageFetch *fetch)
{
  fetch->run->stats.requests++;
  rp_marketplace_list_messages_async (fetch->run->marketplace, fetch->conversation->channel_id,
                                      fetch->conversation->buyer_login_id, fetch->page_no,
                                      MESSAGE_PAGE_SIZE, fetch->run->cancellable,
                                      messages_page_cb, fetch);
}

static gboolean
pull_messages_of_page (Run        *run,
                       GPtrArray  *conversations,
                       GPtrArray  *into,
                       GError    **error)
{
  GError *local_error = NULL;
  guint pending = 0;
  guint next = 0;

  while (next < conversations->len || pending > 0)
    {
      while (local_error == NULL && next < conversations->len && pending < DETAIL_CONCURRENCY)
        {
          MessageFetch *fetch = g_new0 (MessageFetch, 1);

          fetch->run = run;
          fetch->conversation = g_ptr_array_index (conversations, next++);
          fetch->page_no = 1;
          fetch->into = into;
          fetch->pending = &pending;
          fetch->error = &local_error;
          pending++;
          fetch_messages_page (fetch);
        }

      if (pending == 0)
        break;
      g_main_context_iteration (run->context, TRUE);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
pull_conversations (Run       *run,
                    gboolean   full,
                    GError   **error)
{
  RpSyncEngine *self = run->engine;
  g_autoptr(RpConversationQuery) query = rp_conversation_query_new ();
  gint64 cursor = full ? 0 : cursor_value (self, CURSOR_CONVERSATIONS);
  gint64 newest = cursor;

  if (!rp_marketplace_has_capability (run->marketplace, RP_MARKETPLACE_CAPABILITY_MESSAGES_READ))
    return TRUE;

  set_progress (self, RP_SYNC_PHASE_CONVERSATIONS, 0, 0);

  query->page_size = PAGE_SIZE;
  query->rank = -1;
  if (cursor > 0)
    query->from = cursor - OVERLAP_USEC;

  /* As for orders: the next page is on its way while this one's messages come in. */
  {
    Wait pending = { NULL };
    gboolean in_flight = TRUE;
    gboolean ok = TRUE;

    query->page = 1;
    run->stats.requests++;
    rp_marketplace_list_conversations_async (run->marketplace, query, run->cancellable,
                                             wait_cb, &pending);

    for (guint page_no = 1; page_no <= RP_MARKETPLACE_MAX_PAGES && in_flight; page_no++)
      {
        g_autoptr(RpMarketplacePage) page = NULL;
        g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);

        wait_for (run, &pending);
        in_flight = FALSE;
        page = rp_marketplace_list_conversations_finish (run->marketplace, pending.result, error);
        wait_clear (&pending);
        if (page == NULL)
          {
            ok = FALSE;
            break;
          }

        if (page->items->len > 0 && page->has_more && page_no < RP_MARKETPLACE_MAX_PAGES)
          {
            query->page = page_no + 1;
            run->stats.requests++;
            rp_marketplace_list_conversations_async (run->marketplace, query, run->cancellable,
                                                     wait_cb, &pending);
            in_flight = TRUE;
          }

        if (page_no == 1 && page->total_count > 0)
          set_progress (self, RP_SYNC_PHASE_CONVERSATIONS, 0, (guint)MIN (page->total_count, G_MAXUINT));

        if (g_cancellable_set_error_if_cancelled (run->cancellable, error) ||
            !pull_messages_of_page (run, page->items, messages, error))
          {
            ok = FALSE;
            break;
          }
        for (guint i = 0; i < page->items->len; i++)
          newest = MAX (newest, ((RpConversation *)g_ptr_array_index (page->items, i))->last_message_at);

        /* Messages first: a conversation row never points at messages the cache lacks. */
        if ((messages->len > 0 &&
             !rp_store_upsert_messages_sync (self->store, self->account_id, messages, error)) ||
            (page->items->len > 0 &&
             !rp_store_upsert_conversations_sync (self->store, self->account_id, page->items, error)))
          {
            ok = FALSE;
            break;
          }

        run->stats.conversations += page->items->len;
        run->stats.messages += messages->len;
        add_done (self, page->items->len);
      }

    /* A request still out writes into this frame when it ends: let it end first. */
    if (in_flight)
      {
        wait_for (run, &pending);
        wait_clear (&pending);
      }

    if (!ok)
      return FALSE;
  }

  return save_cursor (self, CURSOR_CONVERSATIONS, newest, error);
}

/* Pull: disputes ----------------------------------------------------------------------- */

static gboolean
needs_dispute_detail (RpSyncEngine *self,
                      RpDispute    *listed)
{
  g_autoptr(RpDispute) stored = rp_store_get_dispute_sync (self->store, self->account_id,
                                                           listed->issue_id, NULL);

  return stored == NULL || !stored->has_detail || stored->modified_at != listed->modified_at ||
         g_strcmp0 (stored->raw_status, listed->raw_status) != 0;
}

static gboolean
pull_disputes (Run       *run,
               gboolean   full,
               GError   **error)
{
  static const char *statuses[] = { "processing", "finish", "canceled_issue" };
  RpSyncEngine *self = run->engine;

  if (!rp_marketplace_has_capability (run->marketplace, RP_MARKETPLACE_CAPABILITY_DISPUTES))
    return TRUE;

  set_progress (self, RP_SYNC_PHASE_DISPUTES, 0, 0);

  for (guint s = 0; s < G_N_ELEMENTS (statuses); s++)
    {
      for (guint page_no = 1; page_no <= RP_MARKETPLACE_MAX_PAGES; page_no++)
        {
          g_autoptr(RpMarketplacePage) page = NULL;
          g_autoptr(GPtrArray) details = g_ptr_array_new_with_free_func (g_object_unref);
          Wait wait = { NULL };

          if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
            return FALSE;

          run->stats.requests++;
          rp_marketplace_list_disputes_async (run->marketplace, statuses[s], page_no, PAGE_SIZE,
                                              run->cancellable, wait_cb, &wait);
          wait_for (run, &wait);
          page = rp_marketplace_list_disputes_finish (run->marketplace, wait.result, error);
          wait_clear (&wait);
          if (page == NULL)
            return FALSE;

          for (guint i = 0; i < page->items->len; i++)
            {
              RpDispute *listed = g_ptr_array_index (page->items, i);
              RpDispute *detail;

              if (!full && !needs_dispute_detail (self, listed))
                continue;

              run->stats.requests++;
              rp_marketplace_get_dispute_async (run->marketplace, listed->issue_id,
                                                listed->buyer_login_id, run->cancellable,
                                                wait_cb, &wait);
              wait_for (run, &wait);
              detail = rp_marketplace_get_dispute_finish (run->marketplace, wait.result, error);
              wait_clear (&wait);
              if (detail == NULL)
                return FALSE;
              g_ptr_array_add (details, detail);
            }

          if ((page->items->len > 0 &&
               !rp_store_upsert_disputes_sync (self->store, self->account_id, page->items, error)) ||
              (details->len > 0 &&
               !rp_store_upsert_disputes_sync (self->store, self->account_id, details, error)))
            return FALSE;

          run->stats.disputes += page->items->len;
          add_done (self, page->items->len);

          if (page->items->len == 0 || !page->has_more)
            break;
        }
    }

  return TRUE;
}

/* Pull: tracking ----------------------------------------------------------------------- */

/* No parcel is asked about twice within this, whatever else the schedule says. */
#define MIN_POLL_INTERVAL_USEC (G_TIME_SPAN_HOUR)

/* Which parcels to ask the carrier about: those the order details of this run brought,
 * and the open ones in the cache whose turn has come (rp_tracking_next_poll backs off
 * for quiet parcels and never asks again once delivered). */
static GPtrArray *
tracking_candidates (Run      *run,
                     gboolean  full,
                     gint64    now)
{
  RpSyncEngine *self = run->engine;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) stored = NULL;
  GPtrArray *candidates = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < run->open_shipments->len; i++)
    {
      RpShipment *shipment = g_ptr_array_index (run->open_shipments, i);

      if (g_hash_table_add (seen, shipment->tracking_no))
        g_ptr_array_add (candidates, g_object_ref (shipment));
    }

  stored = rp_store_list_open_shipments_sync (self->store, self->account_id,
                                              full ? now : now - MIN_POLL_INTERVAL_USEC, NULL);
  for (guint i = 0; stored != NULL && i < stored->len; i++)
    {
      RpShipment *shipment = g_ptr_array_index (stored, i);

      if (shipment->tracking_no == NULL || g_hash_table_contains (seen, shipment->tracking_no))
        continue;
      if (!full && rp_tracking_next_poll (shipment, now) > now)
        continue;

      g_hash_table_add (seen, shipment->tracking_no);
      g_ptr_array_add (candidates, g_object_ref (shipment));
    }

  return candidates;
}

typedef struct
{
  Run       *run;
  GPtrArray *updated;
  gint64     now;
  guint      pending;
  GError    *error;
} TrackingBatch;

typedef struct
{
  TrackingBatch *batch;
  RpShipment    *shipment;
} TrackingCall;

static void
tracking_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  TrackingCall *call = data;
  TrackingBatch *batch = call->batch;
  g_autoptr(GError) local_error = NULL;
  RpShipment *tracked;

  batch->pending--;
  tracked = rp_marketplace_query_tracking_finish (RP_MARKETPLACE (object), result, &local_error);

  if (tracked == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          if (batch->error == NULL)
            batch->error = g_steal_pointer (&local_error);
          g_object_unref (call->shipment);
          g_free (call);
          return;
        }

      /* One carrier without an answer must not stop the others; the parcel waits its
       * turn again, so that a parcel without a first scan is not asked every run. */
      g_debug ("No tracking for %s: %s", call->shipment->tracking_no, local_error->message);
      tracked = g_object_ref (call->shipment);
    }
  else
    {
      tracked->status = rp_tracking_normalise (tracked, NULL);
      for (guint e = 0; e < tracked->events->len; e++)
        {
          const RpTrackingEvent *event = g_ptr_array_index (tracked->events, e);

          tracked->last_event_at = MAX (tracked->last_event_at, event->at);
        }
    }

  tracked->last_polled_at = batch->now;
  g_ptr_array_add (batch->updated, tracked);
  add_done (batch->run->engine, 1);

  g_object_unref (call->shipment);
  g_free (call);
}

static gboolean
pull_tracking (Run       *run,
               gboolean   full,
               GError   **error)
{
  RpSyncEngine *self = run->engine;
  g_autoptr(GPtrArray) updated = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) candidates = NULL;
  gint64 now = g_get_real_time ();

  if (!rp_marketplace_has_capability (run->marketplace, RP_MARKETPLACE_CAPABILITY_TRACKING))
    return TRUE;

  candidates = tracking_candidates (run, full, now);
  set_progress (self, RP_SYNC_PHASE_TRACKING, 0, candidates->len);

  {
    TrackingBatch batch = { run, updated, now, 0, NULL };
    guint next = 0;

    while (next < candidates->len || batch.pending > 0)
      {
        while (batch.error == NULL && next < candidates->len && batch.pending < DETAIL_CONCURRENCY)
          {
            TrackingCall *call = g_new0 (TrackingCall, 1);

            call->batch = &batch;
            call->shipment = g_object_ref (g_ptr_array_index (candidates, next++));
            batch.pending++;
            run->stats.requests++;
            rp_marketplace_query_tracking_async (run->marketplace, call->shipment, run->cancellable,
                                                 tracking_cb, call);
          }

        if (batch.pending == 0)
          break;
        g_main_context_iteration (run->context, TRUE);

        /* A page's worth at a time: a long run leaves its work in the cache as it goes. */
        if (batch.error == NULL && updated->len >= PAGE_SIZE)
          {
            if (!rp_store_upsert_shipments_sync (self->store, self->account_id, updated, &batch.error))
              break;
            g_ptr_array_set_size (updated, 0);
          }
      }

    /* Let the calls still out come back before this frame goes. */
    while (batch.pending > 0)
      g_main_context_iteration (run->context, TRUE);

    if (batch.error != NULL)
      {
        g_propagate_error (error, batch.error);
        return FALSE;
      }
  }

  if (updated->len > 0 &&
      !rp_store_upsert_shipments_sync (self->store, self->account_id, updated, error))
    return FALSE;

  return TRUE;
}

/* Outbox ------------------------------------------------------------------------------- */

static gint64
retry_delay (guint attempts)
{
  gint64 delay = G_USEC_PER_SEC << MIN (attempts, 20u);

  /* Jitter keeps several items (or several stores) from retrying in lockstep. */
  delay += g_random_int_range (0, 1000) * (gint64)1000;
  return MIN (delay, MAX_RETRY_DELAY_USEC);
}

/* After an ambiguous failure the message may be at the marketplace already: look for it
 * there (an own message with the same text, written after the item was made) before any
 * resend.  Returns TRUE and the server id when found. */
static gboolean
find_sent_message (Run                    *run,
                   RpOutboxItem           *item,
                   const RpOutboxPayload  *payload,
                   char                  **out_remote_id,
                   GError                **error)
{
  g_autoptr(RpConversation) conversation = rp_conversation_new ();
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GHashTable) claimed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) local_error = NULL;

  conversation->channel_id = g_strdup (payload->channel_id);
  conversation->buyer_login_id = g_strdup (payload->buyer_login_id);
  if (!pull_messages (run, conversation, messages, &local_error))
    {
      /* No conversation yet: the first message of an order never arrived. */
      if (g_strcmp0 (rp_marketplace_error_get_remote_code (local_error), "CHANNEL_NOT_FOUND") == 0)
        {
          *out_remote_id = NULL;
          return TRUE;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* A server message already linked to another outbox item is not this one. */
  stored = rp_store_list_messages_sync (run->engine->store, item->account_id, payload->channel_id, NULL);
  if (stored != NULL)
    for (guint i = 0; i < stored->len; i++)
      {
        RpMessage *message = g_ptr_array_index (stored, i);

        if (message->outbox_id != 0 && message->outbox_id != item->id && message->message_id != NULL)
          g_hash_table_add (claimed, message->message_id);
      }

  for (guint i = 0; i < messages->len; i++)
    {
      RpMessage *message = g_ptr_array_index (messages, i);

      if (message->is_own &&
          message->message_id != NULL &&
          g_strcmp0 (message->content, payload->text) == 0 &&
          !g_hash_table_contains (claimed, message->message_id))
        {
          *out_remote_id = g_strdup (message->message_id);
          return TRUE;
        }
    }

  *out_remote_id = NULL;
  return TRUE;
}

static gboolean
perform_item (Run                    *run,
              RpOutboxItem           *item,
              const RpOutboxPayload  *payload,
              char                  **out_remote_id,
              GError                **error)
{
  RpMarketplace *m = run->marketplace;
  Wait wait = { NULL };
  gboolean ok = FALSE;

  run->stats.requests++;

  switch (item->kind)
    {
    case RP_OUTBOX_KIND_MESSAGE:
    case RP_OUTBOX_KIND_CONFIRMATION:
      rp_marketplace_send_message_async (m, payload->channel_id, payload->buyer_login_id,
                                         payload->order_id, payload->text,
                                         run->cancellable, wait_cb, &wait);
      wait_for (run, &wait);
      *out_remote_id = rp_marketplace_send_message_finish (m, wait.result, error);
      ok = *out_remote_id != NULL;
      break;

    case RP_OUTBOX_KIND_MARK_READ:
      rp_marketplace_mark_read_async (m, payload->channel_id, run->cancellable, wait_cb, &wait);
      wait_for (run, &wait);
      ok = rp_marketplace_mark_read_finish (m, wait.result, error);
      break;

    case RP_OUTBOX_KIND_MARK_PROCESSED:
      rp_marketplace_mark_processed_async (m, payload->channel_id, payload->flag,
                                           run->cancellable, wait_cb, &wait);
      wait_for (run, &wait);
      ok = rp_marketplace_mark_processed_finish (m, wait.result, error);
      break;

    case RP_OUTBOX_KIND_SET_RANK:
      rp_marketplace_set_rank_async (m, payload->channel_id, payload->number,
                                     run->cancellable, wait_cb, &wait);
      wait_for (run, &wait);
      ok = rp_marketplace_set_rank_finish (m, wait.result, error);
      break;

    case RP_OUTBOX_KIND_EXTEND_ACCEPT:
      rp_marketplace_extend_accept_time_async (m, payload->order_id, payload->number,
                                               run->cancellable, wait_cb, &wait);
      wait_for (run, &wait);
      ok = rp_marketplace_extend_accept_time_finish (m, wait.result, error);
      break;

    case RP_OUTBOX_KIND_FULFILL:
      rp_marketplace_fulfill_async (m, payload->fulfillment, run->cancellable, wait_cb, &wait);
      wait_for (run, &wait);
      ok = rp_marketplace_fulfill_finish (m, wait.result, error);
      break;

    case RP_OUTBOX_KIND_SOLUTION_SAVE:
      rp_marketplace_save_solution_async (m, payload->solution, run->cancellable, wait_cb, &wait);
      wait_for (run, &wait);
      ok = rp_marketplace_save_solution_finish (m, wait.result, error);
      break;

    case RP_OUTBOX_KIND_SOLUTION_AGREE:
      rp_marketplace_agree_solution_async (m, payload->issue_id, payload->buyer_login_id,
                                           payload->solution_id, payload->return_address_id,
                                           run->cancellable, wait_cb, &wait);
      wait_for (run, &wait);
      ok = rp_marketplace_agree_solution_finish (m, wait.result, error);
      break;

    default:
      g_set_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_UNSUPPORTED,
                   "Unknown outbox item kind %d", item->kind);
      break;
    }

  wait_clear (&wait);
  return ok;
}

static gboolean
is_message_kind (RpOutboxKind kind)
{
  return kind == RP_OUTBOX_KIND_MESSAGE || kind == RP_OUTBOX_KIND_CONFIRMATION;
}

static gboolean
send_one (Run          *run,
          RpOutboxItem *item)
{
  RpSyncEngine *self = run->engine;
  g_autoptr(RpOutboxPayload) payload = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *remote_id = NULL;
  gint64 now = g_get_real_time ();
  gboolean done;

  payload = rp_outbox_payload_parse (item->kind, item->payload, &error);
  if (payload == NULL)
    {
      rp_store_outbox_set_state_sync (self->store, item->id, RP_OUTBOX_FAILED_PERMANENT,
                                      NULL, error->message, 0, NULL);
      run->stats.failed++;
      return TRUE;
    }

  /* Exactly once without idempotency keys: a message that may already have arrived is
   * looked for before it is sent again (DESIGN §4). */
  if (is_message_kind (item->kind) && (item->ambiguous || item->attempts > 1))
    {
      if (!find_sent_message (run, item, payload, &remote_id, &error))
        goto unknown;
      if (remote_id != NULL)
        goto sent;
    }

  if (!perform_item (run, item, payload, &remote_id, &error))
    {
      /* The answer was lost: reconcile now, while the conversation is fresh. */
      if (is_message_kind (item->kind) &&
          g_error_matches (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_AMBIGUOUS))
        {
          g_autoptr(GError) reread_error = NULL;

          g_clear_pointer (&remote_id, g_free);
          if (find_sent_message (run, item, payload, &remote_id, &reread_error) && remote_id != NULL)
            goto sent;
        }
      goto failed;
    }

sent:
  done = rp_store_outbox_set_state_sync (self->store, item->id, RP_OUTBOX_SENT, remote_id,
                                         NULL, 0, NULL);
  run->stats.sent++;
  return done;

unknown:
  /* Whether it arrived cannot be told now: try again later, whatever the reason. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (item->attempts < MAX_ATTEMPTS)
        {
          rp_store_outbox_set_state_sync (self->store, item->id, RP_OUTBOX_FAILED_RETRYABLE,
                                          NULL, error->message, now + retry_delay (item->attempts), NULL);
          return TRUE;
        }
    }

failed:
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Not a failure: the item goes back to the queue as it was. */
      rp_store_outbox_set_state_sync (self->store, item->id, RP_OUTBOX_FAILED_RETRYABLE,
                                      NULL, NULL, 0, NULL);
      return FALSE;
    }

  /* An unreadable answer is the transport's fault as often as the server's: retry it too
   * (a write whose answer was unreadable comes back AMBIGUOUS and is reconciled first). */
  if ((rp_marketplace_error_is_transient (error) ||
       g_error_matches (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_AMBIGUOUS) ||
       g_error_matches (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_RESPONSE)) &&
      item->attempts < MAX_ATTEMPTS)
    {
      guint wait_s = rp_marketplace_error_get_retry_after (error);
      gint64 not_before = now + MAX (retry_delay (item->attempts), wait_s * G_USEC_PER_SEC);

      rp_store_outbox_set_state_sync (self->store, item->id, RP_OUTBOX_FAILED_RETRYABLE,
                                      NULL, error->message, not_before, NULL);
    }
  else
    {
      rp_store_outbox_set_state_sync (self->store, item->id, RP_OUTBOX_FAILED_PERMANENT,
                                      NULL, error->message, 0, NULL);
      run->stats.failed++;
    }

  return TRUE;
}

static gboolean
send_outbox (Run     *run,
             GError **error)
{
  RpSyncEngine *self = run->engine;

  set_progress (self, RP_SYNC_PHASE_OUTBOX, 0, 0);

  for (;;)
    {
      g_autoptr(RpOutboxItem) item = NULL;
      g_autoptr(GError) local_error = NULL;

      if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
        return FALSE;

      item = rp_store_outbox_claim_sync (self->store, self->account_id, g_get_real_time (),
                                         &local_error);
      if (item == NULL)
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          return TRUE;
        }

      if (!send_one (run, item))
        return !g_cancellable_set_error_if_cancelled (run->cancellable, error);
      add_done (self, 1);
    }
}

/* The engine's thread ------------------------------------------------------------------ */

static void
finish_run (Run          *run,
            GTask        *task,
            gboolean      ok,
            GError       *error,
            gboolean      record)
{
  RpSyncEngine *self = run->engine;

  g_mutex_lock (&self->lock);
  self->running = FALSE;
  self->phase = RP_SYNC_PHASE_IDLE;
  if (record)
    {
      g_clear_pointer (&self->last_error, g_free);
      if (ok)
        self->last_success = g_get_real_time ();
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        self->last_error = g_strdup (error->message);
    }
  g_mutex_unlock (&self->lock);
  queue_notify (self);

  if (ok)
    g_task_return_pointer (task, g_memdup2 (&run->stats, sizeof run->stats), g_free);
  else
    g_task_return_error (task, error);
}

static void
run_job (RpSyncEngine  *self,
         RpMarketplace *marketplace,
         GMainContext  *context,
         Job           *job)
{
  Run run = { self, marketplace, context, g_task_get_cancellable (job->task) };
  GError *error = NULL;
  gboolean ok;

  g_mutex_lock (&self->lock);
  self->running = TRUE;
  g_mutex_unlock (&self->lock);
  queue_notify (self);

  run.open_shipments = g_ptr_array_new_with_free_func (g_object_unref);

  if (job->kind == JOB_SYNC)
    ok = pull_orders (&run, job->full, &error) &&
         pull_conversations (&run, job->full, &error) &&
         pull_disputes (&run, job->full, &error) &&
         pull_tracking (&run, job->full, &error) &&
         send_outbox (&run, &error);
  else
    ok = send_outbox (&run, &error);

  g_ptr_array_unref (run.open_shipments);
  finish_run (&run, job->task, ok, error, job->kind == JOB_SYNC);
}

static gpointer
engine_thread (gpointer data)
{
  RpSyncEngine *self = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(RpMarketplace) marketplace = NULL;
  g_autoptr(GError) factory_error = NULL;

  g_main_context_push_thread_default (context);

  marketplace = self->factory (self->factory_data, &factory_error);

  for (;;)
    {
      Job *job = g_async_queue_pop (self->jobs);

      if (job->kind == JOB_STOP)
        {
          job_free (job);
          break;
        }

      if (marketplace == NULL)
        g_task_return_error (job->task, g_error_copy (factory_error));
      else
        run_job (self, marketplace, context, job);

      job_free (job);
    }

  /* The connector goes with the thread (and context) that made it. */
  g_clear_object (&marketplace);
  while (g_main_context_pending (context))
    g_main_context_iteration (context, FALSE);
  g_main_context_pop_thread_default (context);

  return NULL;
}

static void
push_job (RpSyncEngine        *self,
          JobKind              kind,
          gboolean             full,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->full = full;
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, source_tag);

  if (self->thread == NULL)
    {
      g_task_return_new_error (job->task, G_IO_ERROR, G_IO_ERROR_CLOSED,
                               _("The sync engine was shut down"));
      job_free (job);
      return;
    }

  g_async_queue_push (self->jobs, job);
}

/* GObject ------------------------------------------------------------------------------ */

void
rp_sync_engine_shutdown (RpSyncEngine *self)
{
  Job *stop;

  g_return_if_fail (RP_IS_SYNC_ENGINE (self));

  if (self->thread == NULL)
    return;

  stop = g_new0 (Job, 1);
  stop->kind = JOB_STOP;
  g_async_queue_push (self->jobs, stop);
  g_thread_join (g_steal_pointer (&self->thread));
}

static void
rp_sync_engine_dispose (GObject *object)
{
  RpSyncEngine *self = (RpSyncEngine *)object;

  rp_sync_engine_shutdown (self);

  G_OBJECT_CLASS (rp_sync_engine_parent_class)->dispose (object);
}

static void
rp_sync_engine_finalize (GObject *object)
{
  RpSyncEngine *self = (RpSyncEngine *)object;

  g_clear_object (&self->store);
  if (self->factory_data_destroy != NULL)
    self->factory_data_destroy (self->factory_data);
  g_async_queue_unref (self->jobs);
  g_main_context_unref (self->owner_context);
  g_free (self->last_error);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (rp_sync_engine_parent_class)->finalize (object);
}

static void
rp_sync_engine_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RpSyncEngine *self = RP_SYNC_ENGINE (object);

  g_mutex_lock (&self->lock);
  switch (prop_id)
    {
    case PROP_PHASE:
      g_value_set_int (value, self->phase);
      break;

    case PROP_DONE:
      g_value_set_uint (value, self->done);
      break;

    case PROP_TOTAL:
      g_value_set_uint (value, self->total);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    case PROP_LAST_SUCCESS:
      g_value_set_int64 (value, self->last_success);
      break;

    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
  g_mutex_unlock (&self->lock);
}

static void
rp_sync_engine_class_init (RpSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->dispose = rp_sync_engine_dispose;
  object_class->finalize = rp_sync_engine_finalize;
  object_class->get_property = rp_sync_engine_get_property;

  properties[PROP_PHASE] = g_param_spec_int ("phase", NULL, NULL, 0, RP_SYNC_PHASE_OUTBOX, 0, flags);
  properties[PROP_DONE] = g_param_spec_uint ("done", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_TOTAL] = g_param_spec_uint ("total", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, flags);
  properties[PROP_LAST_SUCCESS] = g_param_spec_int64 ("last-success", NULL, NULL,
                                                      0, G_MAXINT64, 0, flags);
  properties[PROP_LAST_ERROR] = g_param_spec_string ("last-error", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rp_sync_engine_init (RpSyncEngine *self)
{
  g_mutex_init (&self->lock);
  self->jobs = g_async_queue_new ();
}

/**
 * rp_sync_engine_new:
 * @store: an open store
 * @account_id: the account this engine syncs
 * @factory: makes the connector, on the engine's thread
 *
 * Returns: (transfer full): a new engine; its thread starts at once
 */
RpSyncEngine *
rp_sync_engine_new (RpStore              *store,
                    gint64                account_id,
                    RpMarketplaceFactory  factory,
                    gpointer              factory_data,
                    GDestroyNotify        factory_data_destroy)
{
  RpSyncEngine *self;

  g_return_val_if_fail (RP_IS_STORE (store), NULL);
  g_return_val_if_fail (factory != NULL, NULL);

  self = g_object_new (RP_TYPE_SYNC_ENGINE, NULL);
  self->store = g_object_ref (store);
  self->account_id = account_id;
  self->factory = factory;
  self->factory_data = factory_data;
  self->factory_data_destroy = factory_data_destroy;
  self->owner_context = g_main_context_ref_thread_default ();
  self->thread = g_thread_new ("rp-sync", engine_thread, self);

  return self;
}

gint64
rp_sync_engine_get_account_id (RpSyncEngine *self)
{
  g_return_val_if_fail (RP_IS_SYNC_ENGINE (self), 0);

  return self->account_id;
}

#define LOCKED_GETTER(type, name, field)                 \
  type                                                   \
  rp_sync_engine_get_##name (RpSyncEngine *self)         \
  {                                                      \
    type value;                                          \
                                                         \
    g_return_val_if_fail (RP_IS_SYNC_ENGINE (self), 0);  \
    g_mutex_lock (&self->lock);                          \
    value = self->field;                                 \
    g_mutex_unlock (&self->lock);                        \
    return value;                                        \
  }

LOCKED_GETTER (RpSyncPhase, phase, phase)
LOCKED_GETTER (guint, done, done)
LOCKED_GETTER (guint, total, total)
LOCKED_GETTER (gboolean, running, running)
LOCKED_GETTER (gint64, last_success, last_success)

/**
 * rp_sync_engine_get_last_error:
 *
 * Returns: (nullable): why the last sync failed; only valid on the engine's owner thread
 * until the next run ends
 */
const char *
rp_sync_engine_get_last_error (RpSyncEngine *self)
{
  g_return_val_if_fail (RP_IS_SYNC_ENGINE (self), NULL);

  return self->last_error;
}

void
rp_sync_engine_sync_async (RpSyncEngine        *self,
                           gboolean             full,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (RP_IS_SYNC_ENGINE (self));

  push_job (self, JOB_SYNC, full, rp_sync_engine_sync_async, cancellable, callback, user_data);
}

static gboolean
finish_stats (RpSyncEngine  *self,
              GAsyncResult  *result,
              RpSyncStats   *out_stats,
              GError       **error)
{
  g_autofree RpSyncStats *stats = g_task_propagate_pointer (G_TASK (result), error);

  if (stats == NULL)
    return FALSE;
  if (out_stats != NULL)
    *out_stats = *stats;
  return TRUE;
}

gboolean
rp_sync_engine_sync_finish (RpSyncEngine  *self,
                            GAsyncResult  *result,
                            RpSyncStats   *out_stats,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return finish_stats (self, result, out_stats, error);
}

void
rp_sync_engine_send_outbox_async (RpSyncEngine        *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (RP_IS_SYNC_ENGINE (self));

  push_job (self, JOB_OUTBOX, FALSE, rp_sync_engine_send_outbox_async, cancellable, callback, user_data);
}

gboolean
rp_sync_engine_send_outbox_finish (RpSyncEngine  *self,
                                   GAsyncResult  *result,
                                   RpSyncStats   *out_stats,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return finish_stats (self, result, out_stats, error);
}
