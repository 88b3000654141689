/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-sync-engine"

#include "config.h"

/* SCHED_IDLE */
#ifdef __linux__
#define _GNU_SOURCE
#endif

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sched.h>
#endif

#include "rp-buyer-zone.h"
#include "rp-outbox-payload.h"
#include "rp-schedule.h"
#include "rp-store-buyer.h"
#include "rp-sync-engine.h"
#include "rp-tracking.h"

/* The engine runs on a thread of its own, with its own GMainContext: the connector's
 * SoupSession lives there, the store is called through its blocking variants (which only
 * block this thread), and the UI thread never waits on either.  Jobs run one at a time, in
 * the order they were asked for; progress is handed back to the thread that made the engine. */

#define PAGE_SIZE            50
#define MESSAGE_PAGE_SIZE    100
/* Calls out at once.  Over the Pacific a call takes a few hundred milliseconds, and the
 * calls of a full sync are one per order, conversation and parcel: the number out is the
 * sync's speed.  On one machine with the sandbox, 16 instead of 8 took a full sync of
 * 100,000 orders from 117 s to 103 s: a single-threaded server whose queue runs dry waits for
 * the client, however fast each answer is.  Throttling is answered by waiting, whatever the
 * number (see the connector's retries). */
#define DETAIL_CONCURRENCY   16
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
  GSettings            *settings;        /* the owner's thread only */

  /* Shared with the thread, under lock. */
  GMutex                lock;
  RpSyncPhase           phase;
  guint                 done;
  guint                 total;
  gboolean              running;
  gint64                last_success;
  char                 *last_error;
  gboolean              notify_soon;      /* a notification is on its way at once */
  GSource              *progress_timeout; /* one waiting for its time */
  gint64                notified_at;      /* monotonic time of the last notification */
  gboolean              background;       /* the thread's scheduling policy, wanted */
  RpQuietHours          quiet;
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
  guint          store_pending;    /* store jobs queued by this run, not yet back */
  GError        *store_error;      /* the first of them that failed */
} Run;

G_DEFINE_FINAL_TYPE (RpSyncEngine, rp_sync_engine, G_TYPE_OBJECT)

/* The progress properties, PROP_PHASE to the end, are notified together. */
enum {
  PROP_0,
  PROP_SETTINGS,
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
  GSource *timeout;

  g_mutex_lock (&self->lock);
  self->notify_soon = FALSE;
  self->notified_at = g_get_monotonic_time ();
  timeout = g_steal_pointer (&self->progress_timeout);
  g_mutex_unlock (&self->lock);

  /* This notification tells what a later one would have: that one is not needed (and must
   * not hold the engine once its job is over). */
  if (timeout != NULL)
    {
      g_source_destroy (timeout);
      g_source_unref (timeout);
    }

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = PROP_PHASE; i < N_PROPS; i++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
  g_object_thaw_notify (G_OBJECT (self));

  return G_SOURCE_REMOVE;
}

/* Items done are counted one page or one parcel at a time, hundreds of times a second; the
 * owner's thread (the window's, in the application) hears of them at most this often.  A
 * change of phase or of state is told at once. */
#define PROGRESS_INTERVAL_USEC (G_USEC_PER_SEC / 10)

/* Called on the engine's thread; coalesces into one notification on the owner's thread,
 * which comes at once when @now (even if a later one is waiting), else no sooner than
 * PROGRESS_INTERVAL_USEC after the previous one. */
static void
queue_notify_full (RpSyncEngine *self,
                   gboolean      now)
{
  gint64 wait = 0;

  g_mutex_lock (&self->lock);
  if (self->notify_soon || (!now && self->progress_timeout != NULL))
    {
      g_mutex_unlock (&self->lock);
      return;
    }

  if (!now)
    wait = self->notified_at + PROGRESS_INTERVAL_USEC - g_get_monotonic_time ();

  if (wait <= 0)
    {
      self->notify_soon = TRUE;
      g_mutex_unlock (&self->lock);
      g_main_context_invoke_full (self->owner_context, G_PRIORITY_DEFAULT_IDLE,
                                  notify_progress_cb, g_object_ref (self), g_object_unref);
      return;
    }

  /* Attached under the lock: notify_progress_cb() destroys it, never before it is attached. */
  self->progress_timeout = g_timeout_source_new ((guint)(wait / 1000) + 1);
  g_source_set_priority (self->progress_timeout, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (self->progress_timeout, notify_progress_cb, g_object_ref (self),
                         g_object_unref);
  g_source_set_static_name (self->progress_timeout, "[rapport] sync progress");
  g_source_attach (self->progress_timeout, self->owner_context);
  g_mutex_unlock (&self->lock);
}

static void
queue_notify (RpSyncEngine *self)
{
  queue_notify_full (self, TRUE);
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
  queue_notify_full (self, FALSE);
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

/* Write-behind ------------------------------------------------------------------------- */

/* A page goes to the store without the engine waiting for it, so that the connection is
 * not idle while the cache writes.  The store's worker runs jobs one at a time in the order
 * they were queued: a read queued after a write sees it.  The engine waits for all of its
 * writes (flush_store) before it saves a cursor, so that a cursor is never saved ahead of
 * the rows it stands for, and before a run ends. */

/* Store jobs queued and not done (a page's write, or one parcel's check): beyond this the
 * engine waits for the store rather than hold the whole sync in memory.  A few pages'
 * worth, so that a store thread that is late to be scheduled does not stall the calls. */
#define MAX_STORE_PENDING 256

typedef void     (*UpsertAsync)  (RpStore              *store,
                                  gint64                account_id,
                                  GPtrArray            *objects,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data);
typedef gboolean (*UpsertFinish) (RpStore              *store,
                                  GAsyncResult         *result,
                                  GError              **error);

typedef struct
{
  Run          *run;
  UpsertFinish  finish;
} StoreWrite;

/* One store job of a group done: the group's count goes down and its first error is kept. */
static void
count_job_done (guint   *pending,
                GError **first_error,
                GError  *error)
{
  (*pending)--;
  if (error == NULL)
    return;
  if (*first_error == NULL)
    *first_error = error;
  else
    g_error_free (error);
}

static void
store_job_done (Run    *run,
                GError *error)
{
  count_job_done (&run->store_pending, &run->store_error, error);
}

static void
store_write_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  StoreWrite *write = data;
  GError *error = NULL;

  write->finish (RP_STORE (object), result, &error);
  store_job_done (write->run, error);
  g_free (write);
}

static void
wait_for_store_room (Run *run)
{
  while (run->store_pending >= MAX_STORE_PENDING)
    g_main_context_iteration (run->context, TRUE);
}

/* Not cancellable: rows that were fetched are worth keeping. */
static void
queue_write (Run          *run,
             UpsertAsync   upsert,
             UpsertFinish  finish,
             GPtrArray    *objects)
{
  StoreWrite *write;

  if (objects->len == 0)
    return;

  wait_for_store_room (run);

  write = g_new0 (StoreWrite, 1);
  write->run = run;
  write->finish = finish;
  run->store_pending++;
  upsert (run->engine->store, run->engine->account_id, objects, NULL, store_write_cb, write);
}

#define QUEUE_WRITE(run, kind, objects) \
  queue_write ((run), rp_store_upsert_##kind##_async, rp_store_upsert_##kind##_finish, (objects))

/* TRUE when a queued write failed; the error moves to @error. */
static gboolean
store_failed (Run     *run,
              GError **error)
{
  if (run->store_error == NULL)
    return FALSE;

  g_propagate_error (error, g_steal_pointer (&run->store_error));
  return TRUE;
}

/* Waits until every job this run queued is done; FALSE if one of them failed. */
static gboolean
flush_store (Run     *run,
             GError **error)
{
  while (run->store_pending > 0)
    g_main_context_iteration (run->context, TRUE);

  return !store_failed (run, error);
}

/* Which listed rows (orders, disputes) need their detail call: those the cache does not
 * have as listed, with their detail.  The cache is asked about a whole page at once; the
 * page's checks share the list, the count and the first error, and are waited for apart
 * from the writes. */
typedef struct
{
  GPtrArray *wanted;
  guint      pending;
  GError    *error;
} DetailChecks;

typedef void     (*StoreGetAsync) (RpStore              *store,
                                   gint64                account_id,
                                   const char           *id,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
/* Whether the cache's row that @result read is @listed, with its detail; FALSE when there
 * is none. */
typedef gboolean (*IsCurrent)     (RpStore              *store,
                                   GAsyncResult         *result,
                                   gpointer              listed,
                                   GError              **error);

typedef struct
{
  DetailChecks *checks;
  GObject      *listed;
  IsCurrent     is_current;
} DetailCheck;

/* The cache's row is the listed one, with its detail: the same for orders and disputes. */
#define SAME_AS_LISTED(stored, listed)                      \
  ((stored) != NULL && (stored)->has_detail &&              \
   (stored)->modified_at == (listed)->modified_at &&        \
   g_strcmp0 ((stored)->raw_status, (listed)->raw_status) == 0)

static void
detail_check_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  DetailCheck *check = data;
  GError *error = NULL;

  if (!check->is_current (RP_STORE (object), result, check->listed, &error) && error == NULL)
    g_ptr_array_add (check->checks->wanted, g_object_ref (check->listed));

  count_job_done (&check->checks->pending, &check->checks->error, error);
  g_object_unref (check->listed);
  g_free (check);
}

static void
queue_detail_check (Run           *run,
                    DetailChecks  *checks,
                    gpointer       listed,
                    const char    *id,
                    StoreGetAsync  get_async,
                    IsCurrent      is_current)
{
  DetailCheck *check;

  /* The detail call says what is wrong with it. */
  if (id == NULL)
    {
      g_ptr_array_add (checks->wanted, g_object_ref (listed));
      return;
    }

  check = g_new0 (DetailCheck, 1);
  check->checks = checks;
  check->listed = g_object_ref (listed);
  check->is_current = is_current;
  checks->pending++;
  get_async (run->engine->store, run->engine->account_id, id, NULL, detail_check_cb, check);
}

static gboolean
wait_detail_checks (Run           *run,
                    DetailChecks  *checks,
                    GError       **error)
{
  while (checks->pending > 0)
    g_main_context_iteration (run->context, TRUE);

  if (checks->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&checks->error));
      return FALSE;
    }
  return TRUE;
}

/* Pull: orders ------------------------------------------------------------------------- */

/* A parcel is tracked until it is delivered and its events are in the cache: a parcel
 * that was delivered before the first sync still gets its timeline once.  @stored are
 * the cache's parcels of its order (and maybe of others). */
static gboolean
needs_tracking (RpShipment *shipment,
                GPtrArray  *stored)
{
  for (guint i = 0; i < stored->len; i++)
    {
      RpShipment *known = g_ptr_array_index (stored, i);

      /* Delivered according to its own timeline, and that timeline is here. */
      if (g_strcmp0 (known->order_id, shipment->order_id) == 0 &&
          g_strcmp0 (known->tracking_no, shipment->tracking_no) == 0)
        return known->status != RP_TRACKING_DELIVERED || known->events->len == 0 ||
               rp_tracking_normalise (known, NULL) != RP_TRACKING_DELIVERED;
    }

  return TRUE;
}

typedef struct
{
  Run       *run;
  GPtrArray *shipments;   /* the page's parcels with a tracking number */
} TrackingCheck;

static void
tracking_check_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      data)
{
  TrackingCheck *check = data;
  g_autoptr(GPtrArray) stored = NULL;
  GError *error = NULL;

  stored = rp_store_list_shipments_of_orders_finish (RP_STORE (object), result, &error);
  if (stored != NULL)
    for (guint i = 0; i < check->shipments->len; i++)
      {
        RpShipment *shipment = g_ptr_array_index (check->shipments, i);

        if (needs_tracking (shipment, stored))
          g_ptr_array_add (check->run->open_shipments, g_object_ref (shipment));
      }

  store_job_done (check->run, error);
  g_ptr_array_unref (check->shipments);
  g_free (check);
}

/* Decided against what the cache knew before this detail: the read is queued ahead of the
 * page's write, so a parcel the order now says was received still gets its last events.
 * One read for the page's parcels. */
static void
queue_tracking_checks (Run       *run,
                       GPtrArray *shipments)
{
  g_autoptr(GPtrArray) tracked = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) order_ids = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  TrackingCheck *check;

  for (guint i = 0; i < shipments->len; i++)
    {
      RpShipment *shipment = g_ptr_array_index (shipments, i);

      if (shipment->tracking_no == NULL || shipment->order_id == NULL)
        continue;

      g_ptr_array_add (tracked, g_object_ref (shipment));
      if (g_hash_table_add (seen, shipment->order_id))
        g_ptr_array_add (order_ids, shipment->order_id);
    }

  if (tracked->len == 0)
    return;

  check = g_new0 (TrackingCheck, 1);
  check->run = run;
  check->shipments = g_steal_pointer (&tracked);

  g_ptr_array_add (order_ids, NULL);
  wait_for_store_room (run);
  run->store_pending++;
  rp_store_list_shipments_of_orders_async (run->engine->store, run->engine->account_id,
                                           (const char * const *)order_ids->pdata, NULL,
                                           tracking_check_cb, check);
}

/* An incremental sync lists the orders changed since the cursor, less an overlap: those
 * the cache already has in the same state, with their details, were seen by the previous
 * run and need no detail call. */
static gboolean
order_is_current (RpStore       *store,
                  GAsyncResult  *result,
                  gpointer       listed,
                  GError       **error)
{
  g_autoptr(RpOrder) stored = rp_store_get_order_finish (store, result, error);

  return SAME_AS_LISTED (stored, (RpOrder *)listed);
}

static GPtrArray *
orders_needing_detail (Run        *run,
                       GPtrArray  *listed,
                       GError    **error)
{
  g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func (g_object_unref);
  DetailChecks checks = { wanted, 0, NULL };

  for (guint i = 0; i < listed->len; i++)
    {
      RpOrder *order = g_ptr_array_index (listed, i);

      queue_detail_check (run, &checks, order, order->order_id, rp_store_get_order_async,
                          order_is_current);
    }

  if (!wait_detail_checks (run, &checks, error))
    return NULL;

  return g_steal_pointer (&wanted);
}

/* The paged pipeline ------------------------------------------------------------------- */

/* Orders and conversations are pulled the same way: a listing in pages, and for each item
 * listed a call for what the list leaves out (an order's detail, a conversation's messages,
 * which may take several pages).  The next list page is asked for while the calls of this
 * one are out, and the calls of a page start while the previous page's last ones are still
 * out, so that DETAIL_CONCURRENCY calls are out nearly all the time; a page whose calls are
 * all back goes to the store, in page order, without the engine waiting for the write. */

static gint64
cursor_value (RpSyncEngine *self,
              const char   *name)
{
  g_autofree char *value = rp_store_get_cursor_sync (self->store, self->account_id, name, NULL);

  return value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;
}

/* Only once every row fetched under the cursor is in the cache (flush_store). */
static gboolean
save_cursor (Run         *run,
             const char  *name,
             gint64       value,
             GError     **error)
{
  RpSyncEngine *self = run->engine;
  char buf[32];

  if (!flush_store (run, error))
    return FALSE;

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
  return rp_store_set_cursor_sync (self->store, self->account_id, name, buf, error);
}

typedef struct _Pipe Pipe;

/* The items of one list page, on their way through their calls to the store. */
typedef struct
{
  GPtrArray *listed;      /* the items of the page that need a call */
  guint      next;        /* the next of them to call for */
  guint      remaining;   /* items whose calls are not all back yet */
  GPtrArray *fetched;     /* what the calls brought: RpOrder, or RpMessage */
  GPtrArray *extra;       /* RpShipment the order details carried */
} Batch;

typedef struct
{
  RpSyncPhase          phase;
  const char          *cursor;
  /* Asks for page @page_no of the listing. */
  void               (*list_async)  (Pipe                *pipe,
                                     guint                page_no,
                                     GAsyncReadyCallback  callback,
                                     gpointer             data);
  RpMarketplacePage *(*list_finish) (Pipe                *pipe,
                                     GAsyncResult        *result,
                                     GError             **error);
  /* Takes in a page: moves the cursor and returns the items that need a call (perhaps
   * none), or NULL with @error. */
  GPtrArray         *(*select)      (Pipe                *pipe,
                                     RpMarketplacePage   *page,
                                     GError             **error);
  /* Starts the call of one item; the item is done with pipe_item_done(). */
  void               (*fetch)       (Pipe                *pipe,
                                     Batch               *batch,
                                     gpointer             item);
  /* Queues the writes of a page whose calls are all back. */
  void               (*write)       (Pipe                *pipe,
                                     Batch               *batch);
} PipeClass;

struct _Pipe
{
  const PipeClass *klass;
  Run             *run;
  gboolean         full;
  gpointer         query;       /* RpOrderQuery or RpConversationQuery */
  gboolean         with_detail; /* orders: the marketplace has order details */
  gint64           newest;      /* the cursor's value once the pull is complete */
  GQueue           batches;     /* Batch, in page order */
  guint            waiting;     /* items listed whose call was not started yet */
  guint            in_flight;   /* items whose calls are out */
  GError          *error;       /* the first failure */
};

static void
batch_free (Batch *batch)
{
  g_ptr_array_unref (batch->listed);
  g_ptr_array_unref (batch->fetched);
  g_ptr_array_unref (batch->extra);
  g_free (batch);
}

/* Keeps the first failure; takes @error. */
static void
pipe_fail (Pipe   *pipe,
           GError *error)
{
  if (pipe->error == NULL)
    pipe->error = error;
  else
    g_error_free (error);
}

/* The calls of one item are over; @error (taken) if they failed. */
static void
pipe_item_done (Pipe   *pipe,
                Batch  *batch,
                GError *error)
{
  pipe->in_flight--;
  batch->remaining--;
  if (error != NULL)
    pipe_fail (pipe, error);
}

static void
start_calls (Pipe *pipe)
{
  for (GList *l = pipe->batches.head;
       l != NULL && pipe->error == NULL && pipe->in_flight < DETAIL_CONCURRENCY;
       l = l->next)
    {
      Batch *batch = l->data;

      while (batch->next < batch->listed->len && pipe->in_flight < DETAIL_CONCURRENCY)
        {
          pipe->waiting--;
          pipe->in_flight++;
          batch->remaining++;
          pipe->klass->fetch (pipe, batch, g_ptr_array_index (batch->listed, batch->next++));
        }
    }
}

/* Pages whose calls are all back go to the store, in page order. */
static void
write_batches (Pipe *pipe)
{
  Batch *batch;

  while (pipe->error == NULL &&
         (batch = g_queue_peek_head (&pipe->batches)) != NULL &&
         batch->next == batch->listed->len && batch->remaining == 0)
    {
      g_queue_pop_head (&pipe->batches);
      pipe->klass->write (pipe, batch);
      add_done (pipe->run->engine, batch->listed->len);
      batch_free (batch);
    }
}

static gboolean
run_pipe (Pipe    *pipe,
          GError **error)
{
  Run *run = pipe->run;
  Wait list = { NULL };
  gboolean list_out = TRUE;
  gboolean more_pages = TRUE;
  guint page_no = 1;

  set_progress (run->engine, pipe->klass->phase, 0, 0);

  run->stats.requests++;
  pipe->klass->list_async (pipe, page_no, wait_cb, &list);

  for (;;)
    {
      if (list.result != NULL)
        {
          g_autoptr(RpMarketplacePage) page = NULL;
          g_autoptr(GPtrArray) listed = NULL;
          GError *local_error = NULL;

          list_out = FALSE;
          page = pipe->klass->list_finish (pipe, list.result, &local_error);
          wait_clear (&list);
          if (page != NULL)
            {
              more_pages = page->items->len > 0 && page->has_more && page_no < RP_MARKETPLACE_MAX_PAGES;

              if (page_no == 1 && page->total_count > 0)
                set_progress (run->engine, pipe->klass->phase, 0,
                              (guint)MIN (page->total_count, G_MAXUINT));

              listed = pipe->klass->select (pipe, page, &local_error);
            }

          if (listed == NULL)
            {
              pipe_fail (pipe, local_error);
              more_pages = FALSE;
            }
          else if (listed->len > 0)
            {
              Batch *batch = g_new0 (Batch, 1);

              batch->listed = g_steal_pointer (&listed);
              batch->fetched = g_ptr_array_new_with_free_func (g_object_unref);
              batch->extra = g_ptr_array_new_with_free_func (g_object_unref);
              g_queue_push_tail (&pipe->batches, batch);
              pipe->waiting += batch->listed->len;
            }
        }

      if (pipe->error == NULL && store_failed (run, &pipe->error))
        more_pages = FALSE;
      if (pipe->error == NULL && g_cancellable_set_error_if_cancelled (run->cancellable, &pipe->error))
        more_pages = FALSE;

      /* One page ahead: enough to keep the calls going, not the whole listing. */
      if (!list_out && more_pages && pipe->error == NULL && pipe->waiting < PAGE_SIZE)
        {
          run->stats.requests++;
          pipe->klass->list_async (pipe, ++page_no, wait_cb, &list);
          list_out = TRUE;
        }

      start_calls (pipe);
      write_batches (pipe);

      /* Whatever is still out writes into this frame when it ends: let it end first. */
      if (!list_out && pipe->in_flight == 0 &&
          (pipe->error != NULL || (!more_pages && pipe->batches.length == 0)))
        break;

      g_main_context_iteration (run->context, TRUE);
    }

  g_queue_clear_full (&pipe->batches, (GDestroyNotify)batch_free);

  if (pipe->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&pipe->error));
      return FALSE;
    }

  return save_cursor (run, pipe->klass->cursor, pipe->newest, error);
}

/* Pull: orders ------------------------------------------------------------------------- */

static void
orders_list_async (Pipe                *pipe,
                   guint                page_no,
                   GAsyncReadyCallback  callback,
                   gpointer             data)
{
  RpOrderQuery *query = pipe->query;

  query->page = page_no;
  rp_marketplace_list_orders_async (pipe->run->marketplace, query, pipe->run->cancellable,
                                    callback, data);
}

static RpMarketplacePage *
orders_list_finish (Pipe          *pipe,
                    GAsyncResult  *result,
                    GError       **error)
{
  return rp_marketplace_list_orders_finish (pipe->run->marketplace, result, error);
}

static GPtrArray *
orders_select (Pipe               *pipe,
               RpMarketplacePage  *page,
               GError            **error)
{
  Run *run = pipe->run;
  GPtrArray *listed;

  for (guint i = 0; i < page->items->len; i++)
    pipe->newest = MAX (pipe->newest, ((RpOrder *)g_ptr_array_index (page->items, i))->modified_at);
  run->stats.orders += page->items->len;

  if (!pipe->with_detail)
    {
      /* Without details, the list's rows are all there is. */
      if (pipe->error == NULL)
        QUEUE_WRITE (run, orders, page->items);
      add_done (run->engine, page->items->len);
      return g_ptr_array_new ();
    }

  if (pipe->full || page->items->len == 0)
    return g_ptr_array_ref (page->items);

  listed = orders_needing_detail (run, page->items, error);
  if (listed != NULL && listed->len < page->items->len)
    add_done (run->engine, page->items->len - listed->len);

  return listed;
}

typedef struct
{
  Pipe  *pipe;
  Batch *batch;
} DetailCall;

static void
order_detail_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  DetailCall *call = data;
  Batch *batch = call->batch;
  g_autoptr(GPtrArray) shipments = NULL;
  GError *error = NULL;
  RpOrder *order;

  order = rp_marketplace_get_order_finish (RP_MARKETPLACE (object), result, &shipments, &error);
  if (order != NULL)
    {
      g_ptr_array_add (batch->fetched, order);
      if (shipments != NULL)
        for (guint i = 0; i < shipments->len; i++)
          g_ptr_array_add (batch->extra, g_object_ref (g_ptr_array_index (shipments, i)));
    }

  pipe_item_done (call->pipe, batch, error);
  g_free (call);
}

static void
orders_fetch (Pipe     *pipe,
              Batch    *batch,
              gpointer  item)
{
  RpOrder *order = item;
  DetailCall *call = g_new0 (DetailCall, 1);

  call->pipe = pipe;
  call->batch = batch;
  pipe->run->stats.requests++;
  rp_marketplace_get_order_async (pipe->run->marketplace, order->order_id, pipe->run->cancellable,
                                  order_detail_cb, call);
}

static void
orders_write (Pipe  *pipe,
              Batch *batch)
{
  Run *run = pipe->run;

  queue_tracking_checks (run, batch->extra);
  QUEUE_WRITE (run, orders, batch->fetched);
  QUEUE_WRITE (run, shipments, batch->extra);
  run->stats.shipments += batch->extra->len;
}

static const PipeClass order_pipe = {
  RP_SYNC_PHASE_ORDERS, CURSOR_ORDERS,
  orders_list_async, orders_list_finish, orders_select, orders_fetch, orders_write,
};

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
  g_autoptr(RpOrderQuery) query = rp_order_query_new ();
  gint64 cursor = full ? 0 : cursor_value (run->engine, CURSOR_ORDERS);
  Pipe pipe = { &order_pipe, run, full, query, FALSE, cursor, G_QUEUE_INIT, 0, 0, NULL };

  pipe.with_detail = rp_marketplace_has_capability (run->marketplace,
                                                    RP_MARKETPLACE_CAPABILITY_ORDER_DETAIL);
  query->statuses = g_strdupv ((char **)all_statuses);
  query->page_size = PAGE_SIZE;
  if (cursor > 0)
    query->modified_from = cursor - OVERLAP_USEC;

  return run_pipe (&pipe, error);
}

/* Pull: conversations and messages ----------------------------------------------------- */

static void
conversations_list_async (Pipe                *pipe,
                          guint                page_no,
                          GAsyncReadyCallback  callback,
                          gpointer             data)
{
  RpConversationQuery *query = pipe->query;

  query->page = page_no;
  rp_marketplace_list_conversations_async (pipe->run->marketplace, query, pipe->run->cancellable,
                                           callback, data);
}

static RpMarketplacePage *
conversations_list_finish (Pipe          *pipe,
                           GAsyncResult  *result,
                           GError       **error)
{
  return rp_marketplace_list_conversations_finish (pipe->run->marketplace, result, error);
}

static GPtrArray *
conversations_select (Pipe               *pipe,
                      RpMarketplacePage  *page,
                      GError            **error)
{
  for (guint i = 0; i < page->items->len; i++)
    pipe->newest = MAX (pipe->newest,
                        ((RpConversation *)g_ptr_array_index (page->items, i))->last_message_at);

  return g_ptr_array_ref (page->items);
}

/* A conversation's messages, page after page, into @into; then @done, once, with the
 * error if there was one (transfer full). */
typedef struct _MessagePages MessagePages;

struct _MessagePages
{
  Run            *run;
  RpConversation *conversation;
  GPtrArray      *into;
  guint           page_no;
  Pipe           *pipe;    /* a failure elsewhere in this pipe stops the pages; or NULL */
  void          (*done) (MessagePages *fetch,
                         GError       *error);
  gpointer        data;
};

static void fetch_messages_page (MessagePages *fetch);

static void
messages_page_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      data)
{
  MessagePages *fetch = data;
  g_autoptr(RpMarketplacePage) page = NULL;
  GError *local_error = NULL;

  page = rp_marketplace_list_messages_finish (RP_MARKETPLACE (object), result, &local_error);
  if (page != NULL)
    {
      for (guint i = 0; i < page->items->len; i++)
        g_ptr_array_add (fetch->into, g_object_ref (g_ptr_array_index (page->items, i)));

      if (page->items->len > 0 && page->has_more && fetch->page_no < RP_MARKETPLACE_MAX_PAGES &&
          (fetch->pipe == NULL || fetch->pipe->error == NULL))
        {
          fetch->page_no++;
          fetch_messages_page (fetch);
          return;
        }
    }

  fetch->done (fetch, local_error);
  g_free (fetch);
}

static void
fetch_messages_page (MessagePages *fetch)
{
  Run *run = fetch->run;

  run->stats.requests++;
  rp_marketplace_list_messages_async (run->marketplace, fetch->conversation->channel_id,
                                      fetch->conversation->buyer_login_id, fetch->page_no,
                                      MESSAGE_PAGE_SIZE, run->cancellable,
                                      messages_page_cb, fetch);
}

static void
fetch_messages (Run             *run,
                RpConversation  *conversation,
                GPtrArray       *into,
                Pipe            *pipe,
                void           (*done) (MessagePages *fetch,
                                        GError       *error),
                gpointer         data)
{
  MessagePages *fetch = g_new0 (MessagePages, 1);

  fetch->run = run;
  fetch->conversation = conversation;
  fetch->into = into;
  fetch->pipe = pipe;
  fetch->done = done;
  fetch->data = data;
  fetch->page_no = 1;
  fetch_messages_page (fetch);
}

/* In the pipe, a conversation keeps its place until its last page of messages is in. */
static void
conversation_messages_done (MessagePages *fetch,
                            GError       *error)
{
  pipe_item_done (fetch->pipe, fetch->data, error);
}

static void
conversations_fetch (Pipe     *pipe,
                     Batch    *batch,
                     gpointer  item)
{
  fetch_messages (pipe->run, item, batch->fetched, pipe, conversation_messages_done, batch);
}

/* The same, waited for: for a look at one conversation outside a pipe. */
typedef struct
{
  gboolean  finished;
  GError   *error;
} PullMessages;

static void
pull_messages_done (MessagePages *fetch,
                    GError       *error)
{
  PullMessages *pull = fetch->data;

  pull->error = error;
  pull->finished = TRUE;
}

static gboolean
pull_messages (Run             *run,
               RpConversation  *conversation,
               GPtrArray       *into,
               GError         **error)
{
  PullMessages pull = { FALSE, NULL };

  fetch_messages (run, conversation, into, NULL, pull_messages_done, &pull);
  while (!pull.finished)
    g_main_context_iteration (run->context, TRUE);

  if (pull.error != NULL)
    {
      g_propagate_error (error, pull.error);
      return FALSE;
    }

  return TRUE;
}

static void
conversations_write (Pipe  *pipe,
                     Batch *batch)
{
  Run *run = pipe->run;
  g_autoptr(GPtrArray) rows = NULL;

  /* One write, the conversations and then their messages (rp_store_upsert_conversations
   * takes them in one transaction): a conversation row never shows without its messages. */
  rows = g_ptr_array_new_full (batch->listed->len + batch->fetched->len, g_object_unref);
  for (guint i = 0; i < batch->listed->len; i++)
    g_ptr_array_add (rows, g_object_ref (g_ptr_array_index (batch->listed, i)));
  for (guint i = 0; i < batch->fetched->len; i++)
    g_ptr_array_add (rows, g_object_ref (g_ptr_array_index (batch->fetched, i)));
  QUEUE_WRITE (run, conversations, rows);

  run->stats.conversations += batch->listed->len;
  run->stats.messages += batch->fetched->len;
}

static const PipeClass conversation_pipe = {
  RP_SYNC_PHASE_CONVERSATIONS, CURSOR_CONVERSATIONS,
  conversations_list_async, conversations_list_finish, conversations_select,
  conversations_fetch, conversations_write,
};

static gboolean
pull_conversations (Run       *run,
                    gboolean   full,
                    GError   **error)
{
  g_autoptr(RpConversationQuery) query = NULL;
  Pipe pipe = { &conversation_pipe, run, full, NULL, FALSE, 0, G_QUEUE_INIT, 0, 0, NULL };
  gint64 cursor;

  if (!rp_marketplace_has_capability (run->marketplace, RP_MARKETPLACE_CAPABILITY_MESSAGES_READ))
    return TRUE;

  cursor = full ? 0 : cursor_value (run->engine, CURSOR_CONVERSATIONS);
  pipe.newest = cursor;
  pipe.query = query = rp_conversation_query_new ();
  query->page_size = PAGE_SIZE;
  query->rank = -1;
  if (cursor > 0)
    query->from = cursor - OVERLAP_USEC;

  return run_pipe (&pipe, error);
}

/* Pull: disputes ----------------------------------------------------------------------- */

/* The listing of all three states, DETAIL_CONCURRENCY pages at a time: the first page of
 * each says how many follow, and those are asked for together. */
typedef struct
{
  Run        *run;
  GQueue      todo;         /* ListRequest not sent yet */
  GPtrArray  *pages;        /* RpMarketplacePage, as they come */
  guint       in_flight;
  GError     *error;
} DisputeListing;

typedef struct
{
  DisputeListing *listing;
  const char     *status;
  guint           page_no;
  gboolean        follow;   /* ask for the next page if this one says there is more */
} ListRequest;

static void
push_list_request (DisputeListing *listing,
                   const char     *status,
                   guint           page_no,
                   gboolean        follow)
{
  ListRequest *request;

  if (page_no > RP_MARKETPLACE_MAX_PAGES)
    return;

  request = g_new0 (ListRequest, 1);
  request->listing = listing;
  request->status = status;
  request->page_no = page_no;
  request->follow = follow;
  g_queue_push_tail (&listing->todo, request);
}

static void
dispute_page_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  ListRequest *request = data;
  DisputeListing *listing = request->listing;
  GError *local_error = NULL;
  RpMarketplacePage *page;

  listing->in_flight--;
  page = rp_marketplace_list_disputes_finish (RP_MARKETPLACE (object), result, &local_error);
  if (page == NULL)
    {
      if (listing->error == NULL)
        listing->error = local_error;
      else
        g_error_free (local_error);
      g_free (request);
      return;
    }

  g_ptr_array_add (listing->pages, page);

  if (page->items->len > 0 && page->has_more)
    {
      guint n_pages = page->total_pages;

      if (n_pages == 0 && page->total_count > 0)
        n_pages = (guint)MIN ((page->total_count + PAGE_SIZE - 1) / PAGE_SIZE, G_MAXUINT);

      if (request->page_no == 1 && n_pages > 1)
        {
          /* The last one follows on, in case disputes were added meanwhile. */
          for (guint p = 2; p <= n_pages; p++)
            push_list_request (listing, request->status, p, p == n_pages);
        }
      else if (request->page_no == 1 || request->follow)
        push_list_request (listing, request->status, request->page_no + 1, TRUE);
    }

  g_free (request);
}

static gboolean
list_all_disputes (Run        *run,
                   GPtrArray  *pages,
                   GError    **error)
{
  static const char *statuses[] = { "processing", "finish", "canceled_issue" };
  DisputeListing listing = { run, G_QUEUE_INIT, pages, 0, NULL };

  for (guint s = 0; s < G_N_ELEMENTS (statuses); s++)
    push_list_request (&listing, statuses[s], 1, FALSE);

  while (listing.in_flight > 0 || (listing.error == NULL && listing.todo.length > 0))
    {
      while (listing.error == NULL && listing.todo.length > 0 &&
             listing.in_flight < DETAIL_CONCURRENCY)
        {
          ListRequest *request = g_queue_pop_head (&listing.todo);

          listing.in_flight++;
          run->stats.requests++;
          rp_marketplace_list_disputes_async (run->marketplace, request->status, request->page_no,
                                              PAGE_SIZE, run->cancellable, dispute_page_cb, request);
        }

      g_main_context_iteration (run->context, TRUE);
    }

  g_queue_clear_full (&listing.todo, g_free);

  if (listing.error != NULL)
    {
      g_propagate_error (error, listing.error);
      return FALSE;
    }
  return TRUE;
}

/* Which listed disputes need their detail: those the cache does not have with the same
 * state and time. */
static gboolean
dispute_is_current (RpStore       *store,
                    GAsyncResult  *result,
                    gpointer       listed,
                    GError       **error)
{
  g_autoptr(RpDispute) stored = rp_store_get_dispute_finish (store, result, error);

  return SAME_AS_LISTED (stored, (RpDispute *)listed);
}

static gboolean
disputes_needing_detail (Run        *run,
                         GPtrArray  *pages,
                         GPtrArray  *wanted,
                         GError    **error)
{
  DetailChecks checks = { wanted, 0, NULL };

  for (guint p = 0; p < pages->len; p++)
    {
      RpMarketplacePage *page = g_ptr_array_index (pages, p);

      for (guint i = 0; i < page->items->len; i++)
        {
          RpDispute *listed = g_ptr_array_index (page->items, i);

          queue_detail_check (run, &checks, listed, listed->issue_id, rp_store_get_dispute_async,
                              dispute_is_current);
        }
    }

  return wait_detail_checks (run, &checks, error);
}

typedef struct
{
  Run       *run;
  RpDispute *listed;
  GPtrArray *details;
  guint     *in_flight;
  GError   **error;
} DisputeCall;

static void
dispute_detail_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      data)
{
  DisputeCall *call = data;
  GError *local_error = NULL;
  RpDispute *detail;

  (*call->in_flight)--;
  detail = rp_marketplace_get_dispute_finish (RP_MARKETPLACE (object), result, &local_error);
  if (detail == NULL)
    {
      if (*call->error == NULL)
        *call->error = local_error;
      else
        g_error_free (local_error);
    }
  else
    {
      /* The detail does not say when the dispute last changed (its time falls back to the
       * creation), the list does: keep the list's, or the next sync would think every
       * dispute changed and ask for each detail again. */
      detail->modified_at = MAX (detail->modified_at, call->listed->modified_at);
      g_ptr_array_add (call->details, detail);
    }

  g_object_unref (call->listed);
  g_free (call);
}

/* The details, DETAIL_CONCURRENCY at a time. */
static gboolean
fetch_dispute_details (Run        *run,
                       GPtrArray  *listed,
                       GPtrArray  *details,
                       GError    **error)
{
  GError *local_error = NULL;
  guint in_flight = 0;
  guint next = 0;

  while (next < listed->len || in_flight > 0)
    {
      while (local_error == NULL && next < listed->len && in_flight < DETAIL_CONCURRENCY)
        {
          DisputeCall *call = g_new0 (DisputeCall, 1);

          call->run = run;
          call->listed = g_object_ref (g_ptr_array_index (listed, next++));
          call->details = details;
          call->in_flight = &in_flight;
          call->error = &local_error;
          in_flight++;
          run->stats.requests++;
          rp_marketplace_get_dispute_async (run->marketplace, call->listed->issue_id,
                                            call->listed->buyer_login_id, run->cancellable,
                                            dispute_detail_cb, call);
        }

      if (in_flight == 0)
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
pull_disputes (Run       *run,
               gboolean   full,
               GError   **error)
{
  RpSyncEngine *self = run->engine;
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify)rp_marketplace_page_free);
  g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) details = g_ptr_array_new_with_free_func (g_object_unref);

  if (!rp_marketplace_has_capability (run->marketplace, RP_MARKETPLACE_CAPABILITY_DISPUTES))
    return TRUE;

  set_progress (self, RP_SYNC_PHASE_DISPUTES, 0, 0);

  if (g_cancellable_set_error_if_cancelled (run->cancellable, error) ||
      store_failed (run, error) ||
      !list_all_disputes (run, pages, error))
    return FALSE;

  if (full)
    {
      for (guint p = 0; p < pages->len; p++)
        {
          RpMarketplacePage *page = g_ptr_array_index (pages, p);

          for (guint i = 0; i < page->items->len; i++)
            g_ptr_array_add (wanted, g_object_ref (g_ptr_array_index (page->items, i)));
        }
    }
  else if (!disputes_needing_detail (run, pages, wanted, error))
    return FALSE;

  if (!fetch_dispute_details (run, wanted, details, error))
    return FALSE;

  /* The list's rows first, then the details over them. */
  for (guint p = 0; p < pages->len; p++)
    {
      RpMarketplacePage *page = g_ptr_array_index (pages, p);

      QUEUE_WRITE (run, disputes, page->items);
      run->stats.disputes += page->items->len;
      add_done (self, page->items->len);
    }

  for (guint i = 0; i < details->len; i += PAGE_SIZE)
    {
      g_autoptr(GPtrArray) chunk = g_ptr_array_new ();

      for (guint j = i; j < MIN (i + PAGE_SIZE, details->len); j++)
        g_ptr_array_add (chunk, g_ptr_array_index (details, j));
      QUEUE_WRITE (run, disputes, chunk);
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
        if (batch.error == NULL && store_failed (run, &batch.error))
          break;
        if (batch.error == NULL && updated->len >= PAGE_SIZE)
          {
            QUEUE_WRITE (run, shipments, updated);
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

  QUEUE_WRITE (run, shipments, updated);

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

/* The key, in the order's local state, of its buyer protection end before extension item
 * @id was first sent: what tells afterwards whether that extension is in effect. */
#define EXTEND_BASELINE_KEY "outbox-accept-by:%" G_GINT64_FORMAT

static gboolean
solution_saved (RpDispute             *dispute,
                const RpSolutionDraft *draft)
{
  for (guint i = 0; dispute->seller_solutions != NULL && i < dispute->seller_solutions->len; i++)
    {
      RpSolution *solution = g_ptr_array_index (dispute->seller_solutions, i);

      if ((draft->add || g_strcmp0 (solution->solution_id, draft->modify_solution_id) == 0) &&
          g_strcmp0 (solution->content, draft->content) == 0 &&
          solution->refund.cents == draft->refund.cents)
        return TRUE;
    }

  return FALSE;
}

static gboolean
solution_agreed (RpDispute *dispute)
{
  for (guint i = 0; dispute->history != NULL && i < dispute->history->len; i++)
    {
      RpDisputeEvent *event = g_ptr_array_index (dispute->history, i);

      if (g_strcmp0 (event->action_type, "seller_accept") == 0)
        return TRUE;
    }

  return FALSE;
}

/* The other writes are not idempotent at the marketplace either (a counter-offer sent twice
 * is two counter-offers, an extension sent twice is twice as long), so after an ambiguous
 * failure whether the write is in effect is read back before it is made again.  Read and
 * processed flags are left out: setting one twice changes nothing, while reading them back
 * means paging through every unread conversation. */
static gboolean
find_applied_write (Run                    *run,
                    RpOutboxItem           *item,
                    const RpOutboxPayload  *payload,
                    gboolean               *out_applied,
                    GError                **error)
{
  RpMarketplace *m = run->marketplace;
  Wait wait = { NULL };

  *out_applied = FALSE;

  if ((item->kind == RP_OUTBOX_KIND_SOLUTION_SAVE && payload->solution != NULL) ||
      item->kind == RP_OUTBOX_KIND_SOLUTION_AGREE)
    {
      const RpSolutionDraft *draft = payload->solution;
      g_autoptr(RpDispute) dispute = NULL;

      rp_marketplace_get_dispute_async (m, draft != NULL ? draft->issue_id : payload->issue_id,
                                        draft != NULL ? draft->buyer_login_id : payload->buyer_login_id,
                                        run->cancellable, wait_cb, &wait);
      wait_for (run, &wait);
      dispute = rp_marketplace_get_dispute_finish (m, wait.result, error);
      wait_clear (&wait);
      if (dispute == NULL)
        return FALSE;

      *out_applied = draft != NULL ? solution_saved (dispute, draft) : solution_agreed (dispute);
    }
  else if ((item->kind == RP_OUTBOX_KIND_FULFILL && payload->fulfillment != NULL) ||
           item->kind == RP_OUTBOX_KIND_EXTEND_ACCEPT)
    {
      g_autoptr(RpOrder) order = NULL;
      g_autoptr(GPtrArray) shipments = NULL;
      g_autofree char *key = g_strdup_printf (EXTEND_BASELINE_KEY, item->id);
      g_autofree char *baseline = NULL;

      if (item->kind == RP_OUTBOX_KIND_EXTEND_ACCEPT)
        {
          baseline = rp_store_get_order_state_sync (run->engine->store, item->account_id,
                                                    payload->order_id, key, NULL);
          /* Never sent before its baseline was kept: nothing can be in effect. */
          if (baseline == NULL)
            return TRUE;
        }

      rp_marketplace_get_order_async (m, payload->fulfillment != NULL ? payload->fulfillment->order_id
                                                                      : payload->order_id,
                                      run->cancellable, wait_cb, &wait);
      wait_for (run, &wait);
      order = rp_marketplace_get_order_finish (m, wait.result, &shipments, error);
      wait_clear (&wait);
      if (order == NULL)
        return FALSE;

      if (item->kind == RP_OUTBOX_KIND_FULFILL)
        {
          for (guint i = 0; shipments != NULL && i < shipments->len; i++)
            {
              RpShipment *shipment = g_ptr_array_index (shipments, i);

              if (g_strcmp0 (shipment->tracking_no, payload->fulfillment->tracking_no) == 0)
                *out_applied = TRUE;
            }
        }
      else
        {
          /* Moved by the days asked for (an hour of slack for rounding to the minute). */
          *out_applied = order->accept_by - g_ascii_strtoll (baseline, NULL, 10) >=
                         (gint64)payload->number * G_TIME_SPAN_DAY - G_TIME_SPAN_HOUR;
        }
    }

  return TRUE;
}

/* Before an extension is first sent, its order's current buyer protection end is kept, so
 * that find_applied_write() can tell later, even after a crash, whether it took effect. */
static gboolean
keep_extend_baseline (Run                    *run,
                      RpOutboxItem           *item,
                      const RpOutboxPayload  *payload,
                      GError                **error)
{
  RpMarketplace *m = run->marketplace;
  Wait wait = { NULL };
  g_autoptr(RpOrder) order = NULL;
  g_autofree char *key = g_strdup_printf (EXTEND_BASELINE_KEY, item->id);
  g_autofree char *baseline = NULL;
  g_autofree char *value = NULL;

  baseline = rp_store_get_order_state_sync (run->engine->store, item->account_id, payload->order_id,
                                            key, NULL);
  if (baseline != NULL)
    return TRUE;

  rp_marketplace_get_order_async (m, payload->order_id, run->cancellable, wait_cb, &wait);
  wait_for (run, &wait);
  order = rp_marketplace_get_order_finish (m, wait.result, NULL, error);
  wait_clear (&wait);
  if (order == NULL)
    return FALSE;

  value = g_strdup_printf ("%" G_GINT64_FORMAT, order->accept_by);
  return rp_store_set_order_state_sync (run->engine->store, item->account_id, payload->order_id,
                                        key, value, error);
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
  else if (!is_message_kind (item->kind) && (item->ambiguous || item->attempts > 1))
    {
      gboolean applied;

      if (!find_applied_write (run, item, payload, &applied, &error))
        goto unknown;
      if (applied)
        goto sent;
    }

  if (item->kind == RP_OUTBOX_KIND_EXTEND_ACCEPT && !keep_extend_baseline (run, item, payload, &error))
    goto unknown;

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
          return !g_error_matches (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_THROTTLED);
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
      /* A ban answers every call alike: the other items wait for the next pass rather than
       * each spend one of its attempts on it. */
      if (g_error_matches (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_THROTTLED))
        return FALSE;
    }
  else
    {
      rp_store_outbox_set_state_sync (self->store, item->id, RP_OUTBOX_FAILED_PERMANENT,
                                      NULL, error->message, 0, NULL);
      run->stats.failed++;
    }

  return TRUE;
}

/* Quiet hours at send time --------------------------------------------------------------- */

/* The buyer quiet hours of the settings, read on the owner's thread when the settings are
 * given and again whenever Preferences change them, so that a change holds from the next
 * send; the engine's thread takes a copy under the lock (the settings are not for two
 * threads at once).  The defaults without settings or when the stored text is not a
 * stretch of time. */
static void
quiet_hours_changed_cb (RpSyncEngine *self,
                        const char   *key,
                        GSettings    *settings)
{
  g_autoptr(GError) error = NULL;
  RpQuietHours quiet;

  rp_quiet_hours_init_default (&quiet);
  if (!rp_quiet_hours_from_settings (&quiet, self->settings, "buyer-quiet-hours", &error))
    g_warning ("Ignoring the buyer quiet hours: %s", error->message);

  g_mutex_lock (&self->lock);
  self->quiet = quiet;
  g_mutex_unlock (&self->lock);
}

static void
set_settings (RpSyncEngine *self,
              GSettings    *settings)
{
  if (self->settings == settings)
    return;

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_func (self->settings, quiet_hours_changed_cb, self);
  g_set_object (&self->settings, settings);
  if (settings != NULL)
    g_signal_connect_object (settings, "changed::buyer-quiet-hours",
                             G_CALLBACK (quiet_hours_changed_cb), self, G_CONNECT_SWAPPED);
  quiet_hours_changed_cb (self, "buyer-quiet-hours", settings);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SETTINGS]);
}

/* The buyer's zone as the buyer panel works it out: the newest cached order of the buyer
 * that names a country gives the country and region; UTC when none does. */
static GTimeZone *
item_buyer_zone (Run          *run,
                 RpOutboxItem *item)
{
  RpSyncEngine *self = run->engine;
  g_autoptr(RpOutboxPayload) payload = NULL;
  g_autoptr(RpStoreBuyerHistory) history = NULL;
  g_autoptr(RpConversation) conversation = NULL;
  const char *buyer = NULL;
  RpBuyerZone *zones = rp_buyer_zone_get_default ();

  payload = rp_outbox_payload_parse (item->kind, item->payload, NULL);
  if (payload != NULL)
    buyer = payload->buyer_login_id;
  if ((buyer == NULL || *buyer == '\0') && payload != NULL && payload->channel_id != NULL)
    {
      conversation = rp_store_get_conversation_sync (self->store, item->account_id,
                                                     payload->channel_id, NULL);
      if (conversation != NULL)
        buyer = conversation->buyer_login_id;
    }

  if (buyer != NULL && *buyer != '\0' && zones != NULL)
    history = rp_store_get_buyer_history_sync (self->store, item->account_id, buyer, 1,
                                               run->cancellable, NULL);

  for (guint i = 0; history != NULL && i < history->orders->len; i++)
    {
      RpOrder *order = g_ptr_array_index (history->orders, i);
      const char *country = order->address.country != NULL ? order->address.country
                                                            : order->buyer_country;

      if (country != NULL && *country != '\0')
        {
          g_autofree char *upper = g_ascii_strup (country, -1);

          return rp_buyer_zone_lookup_time_zone (zones, upper, order->address.province,
                                                 order->address.city, NULL);
        }
    }

  return g_time_zone_new_utc ();
}

/* No scheduled message reaches a buyer in their night: an item that fell due while Rapport
 * was offline, whose buyer's quiet hours changed since it was scheduled, or whose retry
 * after a failed send falls in them, moves to the end of the quiet hours on the buyer's
 * clock instead of going now.  Only scheduled items are looked at: what the seller queues
 * by hand goes at once, as they chose. */
static void
hold_back_quiet_items (Run    *run,
                       gint64  now)
{
  RpSyncEngine *self = run->engine;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  RpQuietHours quiet;

  g_mutex_lock (&self->lock);
  quiet = self->quiet;
  g_mutex_unlock (&self->lock);
  if (quiet.start_minute == quiet.end_minute)
    return;

  items = rp_store_outbox_list_sync (self->store, self->account_id, &error);
  if (items == NULL)
    {
      g_warning ("Cannot read the outbox to keep the buyers' quiet hours: %s", error->message);
      return;
    }

  for (guint i = 0; i < items->len; i++)
    {
      RpOutboxItem *item = g_ptr_array_index (items, i);
      g_autoptr(GTimeZone) zone = NULL;
      g_autoptr(GError) move_error = NULL;
      gint64 free_at;

      if ((item->state != RP_OUTBOX_SCHEDULED &&
           (item->state != RP_OUTBOX_FAILED_RETRYABLE || !item->keeps_quiet_hours)) ||
          item->not_before > now || !is_message_kind (item->kind))
        continue;

      zone = item_buyer_zone (run, item);
      if (!rp_quiet_hours_contains (&quiet, zone, now))
        continue;

      free_at = rp_quiet_hours_next_free (&quiet, zone, now);
      g_debug ("Outbox item %" G_GINT64_FORMAT " waits for the end of the buyer's quiet hours",
               item->id);
      /* A claim or the seller may have taken it meanwhile: then it is theirs.  A retry
       * stays a retry, with its reason and attempts. */
      if (!(item->state == RP_OUTBOX_SCHEDULED
              ? rp_store_outbox_reschedule_sync (self->store, item->id, free_at, &move_error)
              : rp_store_outbox_set_state_sync (self->store, item->id,
                                                RP_OUTBOX_FAILED_RETRYABLE, NULL, NULL,
                                                free_at, &move_error)) &&
          !g_error_matches (move_error, RP_STORE_ERROR, RP_STORE_ERROR_INVALID))
        g_warning ("Cannot hold back outbox item %" G_GINT64_FORMAT ": %s", item->id,
                   move_error->message);
    }
}

static gboolean
send_outbox (Run     *run,
             GError **error)
{
  RpSyncEngine *self = run->engine;
  /* One clock for the pass, so that nothing falls due between the quiet-hours check and
   * the claims. */
  gint64 now = g_get_real_time ();

  set_progress (self, RP_SYNC_PHASE_OUTBOX, 0, 0);
  hold_back_quiet_items (run, now);

  for (;;)
    {
      g_autoptr(RpOutboxItem) item = NULL;
      g_autoptr(GError) local_error = NULL;

      if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
        return FALSE;

      item = rp_store_outbox_claim_sync (self->store, self->account_id, now, &local_error);
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

typedef gboolean (*PullFunc) (Run      *run,
                              gboolean  full,
                              GError  **error);

/* Where a sync spends its time, for G_MESSAGES_DEBUG=rp-sync-engine. */
static gboolean
timed_phase (Run         *run,
             const char  *name,
             PullFunc     pull,
             gboolean     full,
             GError     **error)
{
  gint64 start = g_get_monotonic_time ();
  guint requests = run->stats.requests;
  gboolean ok = pull (run, full, error);

  g_debug ("%s: %u requests in %.2f s", name, run->stats.requests - requests,
           (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC);
  return ok;
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
    ok = timed_phase (&run, "orders", pull_orders, job->full, &error) &&
         timed_phase (&run, "conversations", pull_conversations, job->full, &error) &&
         timed_phase (&run, "disputes", pull_disputes, job->full, &error) &&
         timed_phase (&run, "tracking", pull_tracking, job->full, &error) &&
         flush_store (&run, &error) &&
         send_outbox (&run, &error);
  else
    ok = send_outbox (&run, &error);

  /* The writes still queued refer to this frame; a failed one fails the run. */
  if (ok)
    ok = flush_store (&run, &error);
  else
    flush_store (&run, NULL);

  g_ptr_array_unref (run.open_shipments);
  finish_run (&run, job->task, ok, error, job->kind == JOB_SYNC);
}

/* The engine's thread gives way to the window's (see rp_sync_engine_set_background_priority()):
 * during a full sync the engine and the store keep both cores of a small machine busy, and
 * the window's thread, woken for a frame or a list update, waited tens of milliseconds for a
 * processor.  A higher nice value was not enough: the scheduler still gave the background
 * threads long slices.  A thread of SCHED_IDLE runs only while no thread of a normal policy
 * wants the processor, and one that wakes takes it back at once.  The connector parses the
 * answers at the policy of the thread that called it.  rapportctl leaves it off, and the
 * thread keeps its creator's priority: there the sync is the work, and its thread is the
 * one that keeps the marketplace's calls going (lowered, it waited a fifth of a full sync
 * for a processor that the store's thread and the marketplace held).  On Linux a thread's
 * policy is its own. */
static void
apply_thread_priority (gboolean background)
{
#ifdef __linux__
  struct sched_param param = { .sched_priority = 0 };

  if (sched_setscheduler (0, background ? SCHED_IDLE : SCHED_OTHER, &param) != 0)
    g_debug ("Could not set the scheduling policy of the sync thread: %s", g_strerror (errno));
#endif
}

static gboolean
wanted_background (RpSyncEngine *self)
{
  gboolean background;

  g_mutex_lock (&self->lock);
  background = self->background;
  g_mutex_unlock (&self->lock);
  return background;
}

static gpointer
engine_thread (gpointer data)
{
  RpSyncEngine *self = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(RpMarketplace) marketplace = NULL;
  g_autoptr(GError) factory_error = NULL;
  gboolean background = wanted_background (self);

  /* Before the connector is made: threads started from this one take its priority. */
  if (background)
    apply_thread_priority (TRUE);
  g_main_context_push_thread_default (context);

  marketplace = self->factory (self->factory_data, &factory_error);

  for (;;)
    {
      Job *job = g_async_queue_pop (self->jobs);

      if (wanted_background (self) != background)
        {
          background = !background;
          apply_thread_priority (background);
        }

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
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_func (self->settings, quiet_hours_changed_cb, self);
  g_clear_object (&self->settings);

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
  g_clear_pointer (&self->progress_timeout, g_source_unref);
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
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

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
rp_sync_engine_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RpSyncEngine *self = RP_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      set_settings (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_sync_engine_class_init (RpSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->dispose = rp_sync_engine_dispose;
  object_class->finalize = rp_sync_engine_finalize;
  object_class->get_property = rp_sync_engine_get_property;
  object_class->set_property = rp_sync_engine_set_property;

  /* Where the buyer quiet hours come from (RpContext gives its own); NULL for the
   * defaults. */
  properties[PROP_SETTINGS] = g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                                                   G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                   G_PARAM_STATIC_STRINGS);

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
  rp_quiet_hours_init_default (&self->quiet);
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

  /* GLib 2.74 can deadlock when two threads register types that depend on each other at
   * once (the connector's first SoupSession on the engine's thread, the caller's first
   * GTask here): have GTask registered before the thread starts. */
  g_type_ensure (G_TYPE_TASK);
  self->thread = g_thread_new ("rp-sync", engine_thread, self);

  return self;
}

/**
 * rp_sync_engine_set_background_priority:
 * @background: whether the engine's thread runs only while no other thread wants a processor
 *
 * The application turns this on (through RpContext) so that the window stays responsive
 * during a sync; the answers to the engine's calls are parsed at the same priority.  It takes
 * effect before the engine's next job.
 */
void
rp_sync_engine_set_background_priority (RpSyncEngine *self,
                                        gboolean      background)
{
  g_return_if_fail (RP_IS_SYNC_ENGINE (self));

  g_mutex_lock (&self->lock);
  self->background = !!background;
  g_mutex_unlock (&self->lock);
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
