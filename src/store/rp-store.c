/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-store"

#include "config.h"

#include "rp-store-private.h"

/* RpStore is the main-thread face of the cache.  One worker thread owns the sqlite3 handle
 * (RpStoreDb) and takes typed jobs from an async queue, one at a time, so SQLite never sees
 * two threads and every write is a single transaction.  Async calls complete through their
 * GTask on the caller's context; the _sync variants wait on a GCond (never a main loop) for
 * tools and tests that have none. */

/* Shared between the store and the idles that emit `changed`: the worker must never hold a
 * strong reference (the last unref would then dispose the store on the worker thread, which
 * would join itself), so emissions find the store through a weak reference on its context. */
typedef struct
{
  gatomicrefcount  ref_count;
  GWeakRef         store;
  GMainContext    *context;
} StoreLink;

typedef struct
{
  StoreLink    *link;
  GAsyncQueue  *queue;
  char         *path;
} WorkerData;

typedef struct
{
  StoreLink *link;
  guint      changes;
  gint64     account_id;
} ChangedEmission;

struct _RpStore
{
  GObject       parent_instance;

  char         *path;
  StoreLink    *link;
  GAsyncQueue  *queue;
  GThread      *thread;
  GMutex        lock;
  gboolean      closed;
};

G_DEFINE_FINAL_TYPE (RpStore, rp_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (rp-store-error-quark, rp_store_error)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static StoreLink *
store_link_ref (StoreLink *link)
{
  g_atomic_ref_count_inc (&link->ref_count);
  return link;
}

static void
store_link_unref (StoreLink *link)
{
  if (g_atomic_ref_count_dec (&link->ref_count))
    {
      g_weak_ref_clear (&link->store);
      g_main_context_unref (link->context);
      g_free (link);
    }
}

RpStoreAccount *
rp_store_account_new (void)
{
  return g_new0 (RpStoreAccount, 1);
}

void
rp_store_account_free (RpStoreAccount *account)
{
  if (account == NULL)
    return;

  g_free (account->marketplace);
  g_free (account->base_url);
  g_free (account->app_key);
  g_free (account->name);
  g_free (account->seller_id);
  g_free (account);
}

void
rp_store_search_hit_free (RpStoreSearchHit *hit)
{
  if (hit == NULL)
    return;

  g_clear_object (&hit->message);
  g_free (hit->buyer_name);
  g_clear_pointer (&hit->content_ranges, g_array_unref);
  g_clear_pointer (&hit->buyer_name_ranges, g_array_unref);
  g_free (hit);
}

RpStoreJob *
rp_store_job_new (RpStoreJobKind kind)
{
  RpStoreJob *job = g_new0 (RpStoreJob, 1);

  job->kind = kind;
  g_mutex_init (&job->mutex);
  g_cond_init (&job->cond);

  return job;
}

void
rp_store_job_free (RpStoreJob *job)
{
  if (job == NULL)
    return;

  g_free (job->str1);
  g_free (job->str2);
  g_free (job->str3);
  g_free (job->str4);
  g_strfreev (job->strv);
  g_clear_pointer (&job->objects, g_ptr_array_unref);
  g_clear_object (&job->object);
  g_clear_object (&job->object2);
  g_clear_pointer (&job->account, rp_store_account_free);
  g_clear_pointer (&job->query, rp_store_list_query_free);
  g_clear_object (&job->cancellable);
  if (job->result != NULL && job->result_free != NULL)
    job->result_free (job->result);
  g_strfreev (job->result_strv);
  g_clear_error (&job->error);
  g_clear_object (&job->task);
  g_mutex_clear (&job->mutex);
  g_cond_clear (&job->cond);
  g_free (job);
}

static gboolean
emit_changed_cb (gpointer user_data)
{
  ChangedEmission *emission = user_data;
  g_autoptr(RpStore) self = g_weak_ref_get (&emission->link->store);

  if (self != NULL)
    g_signal_emit (self, signals[CHANGED], 0, emission->changes, emission->account_id);

  return G_SOURCE_REMOVE;
}

static void
changed_emission_free (gpointer data)
{
  ChangedEmission *emission = data;

  store_link_unref (emission->link);
  g_free (emission);
}

static void
attach_idle (GMainContext *context,
             GSourceFunc   func,
             gpointer      data,
             GDestroyNotify notify)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  /* Never g_main_context_invoke(): with nobody iterating the context it would run the
   * callback right here on the worker thread. */
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, "[rp-store] completion");
  g_source_attach (source, context);
}

static gboolean
complete_task_cb (gpointer user_data)
{
  RpStoreJob *job = user_data;
  g_autoptr(GTask) task = g_steal_pointer (&job->task);

  if (job->error != NULL)
    {
      GError *error = g_steal_pointer (&job->error);

      rp_store_job_free (job);
      g_task_return_error (task, error);
    }
  else
    {
      g_task_return_pointer (task, job, (GDestroyNotify)rp_store_job_free);
    }

  return G_SOURCE_REMOVE;
}

static void
complete_job (WorkerData *worker,
              RpStoreJob *job)
{
  if (job->changes != 0)
    {
      ChangedEmission *emission = g_new0 (ChangedEmission, 1);

      emission->link = store_link_ref (worker->link);
      emission->changes = job->changes;
      emission->account_id = job->changed_account;
      attach_idle (worker->link->context, emit_changed_cb, emission, changed_emission_free);
    }

  if (job->task != NULL)
    {
      attach_idle (g_task_get_context (job->task), complete_task_cb, job, NULL);
      return;
    }

  /* Nobody waits for the close job: rp_store_close() joins the thread instead. */
  if (job->kind == RP_STORE_JOB_CLOSE)
    {
      rp_store_job_free (job);
      return;
    }

  /* A synchronous caller owns the job: after the signal it may free it at once, so the
   * job must not be touched past the unlock. */
  g_mutex_lock (&job->mutex);
  job->done = TRUE;
  g_cond_signal (&job->cond);
  g_mutex_unlock (&job->mutex);
}

/* How long the worker waits for the next job before it indexes the messages written since
 * the last search index update: a sync keeps it busier than that. */
#define INDEX_IDLE_USEC  (200 * 1000)

static gpointer
worker_thread (gpointer data)
{
  WorkerData *worker = data;
  RpStoreDb *db = rp_store_db_new (worker->path);
  gboolean running = TRUE;

  while (running)
    {
      RpStoreJob *job = g_async_queue_timeout_pop (worker->queue, INDEX_IDLE_USEC);
      GError *error = NULL;

      if (job == NULL)
        {
          if (!rp_store_db_index_pending (db, &error))
            {
              g_warning ("Could not index messages for search: %s", error->message);
              g_clear_error (&error);
            }
          job = g_async_queue_pop (worker->queue);
        }

      running = job->kind != RP_STORE_JOB_CLOSE;

      if (!g_cancellable_set_error_if_cancelled (job->cancellable, &error))
        rp_store_db_run (db, job, &error);

      if (error != NULL)
        {
          job->changes = 0;
          job->error = error;
        }

      complete_job (worker, job);
    }

  rp_store_db_free (db);
  store_link_unref (worker->link);
  g_async_queue_unref (worker->queue);
  g_free (worker->path);
  g_free (worker);

  return NULL;
}

static gboolean
push_job (RpStore     *self,
          RpStoreJob  *job,
          GError     **error)
{
  g_mutex_lock (&self->lock);
  if (self->closed)
    {
      g_mutex_unlock (&self->lock);
      g_set_error (error, RP_STORE_ERROR, RP_STORE_ERROR_CLOSED,
                   "The local cache %s is closed", self->path);
      return FALSE;
    }
  g_async_queue_push (self->queue, job);
  g_mutex_unlock (&self->lock);

  return TRUE;
}

void
rp_store_submit_job (RpStore             *self,
                     RpStoreJob          *job,
                     GObject             *source_object,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data,
                     gpointer             source_tag)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  task = g_task_new (source_object, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_set_object (&job->cancellable, cancellable);
  job->task = g_object_ref (task);

  if (!push_job (self, job, &error))
    {
      rp_store_job_free (job);
      g_task_return_error (task, error);
    }
}

RpStoreJob *
rp_store_finish_job (GObject       *source_object,
                     GAsyncResult  *result,
                     gpointer       source_tag,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source_object), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
submit_async (RpStore             *self,
              RpStoreJob          *job,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data,
              gpointer             source_tag)
{
  rp_store_submit_job (self, job, G_OBJECT (self), cancellable, callback, user_data,
                       source_tag);
}

/* Queues @job and blocks on its condition variable; returns it done, or NULL with @error. */
static RpStoreJob *
run_sync (RpStore     *self,
          RpStoreJob  *job,
          GError     **error)
{
  if (!push_job (self, job, error))
    {
      rp_store_job_free (job);
      return NULL;
    }

  g_mutex_lock (&job->mutex);
  while (!job->done)
    g_cond_wait (&job->cond, &job->mutex);
  g_mutex_unlock (&job->mutex);

  if (job->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&job->error));
      rp_store_job_free (job);
      return NULL;
    }

  return job;
}

static gpointer
steal_result (RpStoreJob *job)
{
  gpointer result;

  if (job == NULL)
    return NULL;

  result = g_steal_pointer (&job->result);
  rp_store_job_free (job);

  return result;
}

static gboolean
job_succeeded (RpStoreJob *job)
{
  gboolean ok = job != NULL;

  rp_store_job_free (job);

  return ok;
}

static gint64
steal_int (RpStoreJob *job,
           gint64      on_error)
{
  gint64 value;

  if (job == NULL)
    return on_error;

  value = job->result_int;
  rp_store_job_free (job);

  return value;
}

static RpStoreJob *
finish (RpStore       *self,
        GAsyncResult  *result,
        gpointer       source_tag,
        GError       **error)
{
  return rp_store_finish_job (G_OBJECT (self), result, source_tag, error);
}

/* GObject */

static void
rp_store_dispose (GObject *object)
{
  RpStore *self = (RpStore *)object;

  rp_store_close (self);

  G_OBJECT_CLASS (rp_store_parent_class)->dispose (object);
}

static void
rp_store_finalize (GObject *object)
{
  RpStore *self = (RpStore *)object;

  g_free (self->path);
  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_clear_pointer (&self->link, store_link_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (rp_store_parent_class)->finalize (object);
}

static void
rp_store_constructed (GObject *object)
{
  RpStore *self = (RpStore *)object;
  WorkerData *worker;

  G_OBJECT_CLASS (rp_store_parent_class)->constructed (object);

  self->link = g_new0 (StoreLink, 1);
  g_atomic_ref_count_init (&self->link->ref_count);
  g_weak_ref_init (&self->link->store, self);
  self->link->context = g_main_context_ref_thread_default ();

  self->queue = g_async_queue_new ();

  worker = g_new0 (WorkerData, 1);
  worker->link = store_link_ref (self->link);
  worker->queue = g_async_queue_ref (self->queue);
  worker->path = g_strdup (self->path);
  self->thread = g_thread_new ("rp-store", worker_thread, worker);
}

static void
rp_store_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  RpStore *self = RP_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_store_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  RpStore *self = RP_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_store_class_init (RpStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = rp_store_constructed;
  object_class->dispose = rp_store_dispose;
  object_class->finalize = rp_store_finalize;
  object_class->get_property = rp_store_get_property;
  object_class->set_property = rp_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RpStore::changed:
   * @changes: an OR of #RpStoreChange
   * @account_id: the account whose rows changed, or 0 for several
   *
   * Emitted on the context the store was created on, after a write committed.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, RP_TYPE_STORE_CHANGE, G_TYPE_INT64);
}

static void
rp_store_init (RpStore *self)
{
  g_mutex_init (&self->lock);
}

/**
 * rp_store_new:
 * @path: the database file; its folder is created (0700) when missing
 *
 * Starts the worker thread; nothing touches the disk until rp_store_open_async().
 */
RpStore *
rp_store_new (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_object_new (RP_TYPE_STORE, "path", path, NULL);
}

const char *
rp_store_get_path (RpStore *self)
{
  g_return_val_if_fail (RP_IS_STORE (self), NULL);

  return self->path;
}

/**
 * rp_store_close:
 *
 * Lets the jobs already queued finish, closes the database and joins the worker.  Later
 * calls fail with %RP_STORE_ERROR_CLOSED.  Called by dispose too; safe to call twice.
 */
void
rp_store_close (RpStore *self)
{
  GThread *thread;

  g_return_if_fail (RP_IS_STORE (self));

  g_mutex_lock (&self->lock);
  thread = g_steal_pointer (&self->thread);
  if (thread != NULL)
    {
      self->closed = TRUE;
      g_async_queue_push (self->queue, rp_store_job_new (RP_STORE_JOB_CLOSE));
    }
  g_mutex_unlock (&self->lock);

  if (thread != NULL)
    g_thread_join (thread);
}

/* Open */

void
rp_store_open_async (RpStore             *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_return_if_fail (RP_IS_STORE (self));

  submit_async (self, rp_store_job_new (RP_STORE_JOB_OPEN), cancellable, callback, user_data,
                rp_store_open_async);
}

gboolean
rp_store_open_finish (RpStore       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  return job_succeeded (finish (self, result, rp_store_open_async, error));
}

gboolean
rp_store_open_sync (RpStore  *self,
                    GError  **error)
{
  g_return_val_if_fail (RP_IS_STORE (self), FALSE);

  return job_succeeded (run_sync (self, rp_store_job_new (RP_STORE_JOB_OPEN), error));
}

/* Accounts */

static RpStoreAccount *
account_copy (const RpStoreAccount *account)
{
  RpStoreAccount *copy = rp_store_account_new ();

  copy->id = account->id;
  copy->marketplace = g_strdup (account->marketplace);
  copy->base_url = g_strdup (account->base_url);
  copy->app_key = g_strdup (account->app_key);
  copy->name = g_strdup (account->name);
  copy->seller_id = g_strdup (account->seller_id);
  copy->created_at = account->created_at;

  return copy;
}

static RpStoreJob *
add_account_job (const RpStoreAccount *account)
{
  RpStoreJob *job = rp_store_job_new (RP_STORE_JOB_ADD_ACCOUNT);

  job->account = account_copy (account);

  return job;
}

void
rp_store_add_account_async (RpStore              *self,
                            const RpStoreAccount *account,
                            GCancellable         *cancellable,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data)
{
  g_return_if_fail (RP_IS_STORE (self));
  g_return_if_fail (account != NULL);

  submit_async (self, add_account_job (account), cancellable, callback, user_data,
                rp_store_add_account_async);
}

gint64
rp_store_add_account_finish (RpStore       *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return steal_int (finish (self, result, rp_store_add_account_async, error), 0);
}

/**
 * rp_store_add_account_sync:
 *
 * Returns: the new account id, or 0 with @error set
 */
gint64
rp_store_add_account_sync (RpStore               *self,
                           const RpStoreAccount  *account,
                           GError               **error)
{
  g_return_val_if_fail (RP_IS_STORE (self), 0);
  g_return_val_if_fail (account != NULL, 0);

  return steal_int (run_sync (self, add_account_job (account), error), 0);
}

/**
 * rp_store_list_accounts_sync:
 *
 * Returns: (transfer full): a GPtrArray of RpStoreAccount, by id
 */
GPtrArray *
rp_store_list_accounts_sync (RpStore  *self,
                             GError  **error)
{
  g_return_val_if_fail (RP_IS_STORE (self), NULL);

  return steal_result (run_sync (self, rp_store_job_new (RP_STORE_JOB_LIST_ACCOUNTS), error));
}

/* Removes the account and, through ON DELETE CASCADE, every row it owns. */
gboolean
rp_store_remove_account_sync (RpStore  *self,
                              gint64    account_id,
                              GError  **error)
{
  RpStoreJob *job;

  g_return_val_if_fail (RP_IS_STORE (self), FALSE);

  job = rp_store_job_new (RP_STORE_JOB_REMOVE_ACCOUNT);
  job->account_id = account_id;

  return job_succeeded (run_sync (self, job, error));
}

/* Upserts */

static RpStoreJob *
upsert_job (RpStoreJobKind  kind,
            gint64          account_id,
            GPtrArray      *objects)
{
  RpStoreJob *job = rp_store_job_new (kind);

  /* A copy of the container, so the caller may reuse its array at once; the objects
   * themselves are read on the worker thread and must not change until the call returns. */
  job->account_id = account_id;
  job->objects = g_ptr_array_copy (objects, (GCopyFunc)(void (*) (void))g_object_ref, NULL);
  g_ptr_array_set_free_func (job->objects, g_object_unref);

  return job;
}

void
rp_store_upsert_orders_async (RpStore             *self,
                              gint64               account_id,
                              GPtrArray           *objects,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (RP_IS_STORE (self));
  g_return_if_fail (objects != NULL);

  submit_async (self, upsert_job (RP_STORE_JOB_UPSERT_ORDERS, account_id, objects),
                cancellable, callback, user_data, rp_store_upsert_orders_async);
}

gboolean
rp_store_upsert_orders_finish (RpStore       *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return job_succeeded (finish (self, result, rp_store_upsert_orders_async, error));
}

gboolean
rp_store_upsert_orders_sync (RpStore    *self,
                             gint64      account_id,
                             GPtrArray  *objects,
                             GError    **error)
{
  g_return_val_if_fail (RP_IS_STORE (self), FALSE);
  g_return_val_if_fail (objects != NULL, FALSE);

  return job_succeeded (run_sync (self,
                                  upsert_job (RP_STORE_JOB_UPSERT_ORDERS, account_id, objects),
                                  error));
}

void
rp_store_upsert_conversations_async (RpStore             *self,
                                     gint64               account_id,
                                     GPtrArray           *objects,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (RP_IS_STORE (self));
  g_return_if_fail (objects != NULL);

  submit_async (self, upsert_job (RP_STORE_JOB_UPSERT_CONVERSATIONS, account_id, objects),
                cancellable, callback, user_data, rp_store_upsert_conversations_async);
}

gboolean
rp_store_upsert_conversations_finish (RpStore       *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return job_succeeded (finish (self, result, rp_store_upsert_conversations_async, error));
}

gboolean
rp_store_upsert_conversations_sync (RpStore    *self,
                                    gint64      account_id,
                                    GPtrArray  *objects,
                                    GError    **error)
{
  RpStoreJob *job;

  g_return_val_if_fail (RP_IS_STORE (self), FALSE);
  g_return_val_if_fail (objects != NULL, FALSE);

  job = upsert_job (RP_STORE_JOB_UPSERT_CONVERSATIONS, account_id, objects);

  return job_succeeded (run_sync (self, job, error));
}

void
rp_store_upsert_messages_async (RpStore             *self,
                                gint64               account_id,
                                GPtrArray           *objects,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (RP_IS_STORE (self));
  g_return_if_fail (objects != NULL);

  submit_async (self, upsert_job (RP_STORE_JOB_UPSERT_MESSAGES, account_id, objects),
                cancellable, callback, user_data, rp_store_upsert_messages_async);
}

gboolean
rp_store_upsert_messages_finish (RpStore       *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return job_succeeded (finish (self, result, rp_store_upsert_messages_async, error));
}

gboolean
rp_store_upsert_messages_sync (RpStore    *self,
                               gint64      account_id,
                               GPtrArray  *objects,
                               GError    **error)
{
  g_return_val_if_fail (RP_IS_STORE (self), FALSE);
  g_return_val_if_fail (objects != NULL, FALSE);

  return job_succeeded (run_sync (self,
                                  upsert_job (RP_STORE_JOB_UPSERT_MESSAGES, account_id, objects),
                                  error));
}

void
rp_store_upsert_disputes_async (RpStore             *self,
                                gint64               account_id,
                                GPtrArray           *objects,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (RP_IS_STORE (self));
  g_return_if_fail (objects != NULL);

  submit_async (self, upsert_job (RP_STORE_JOB_UPSERT_DISPUTES, account_id, objects),
                cancellable, callback, user_data, rp_store_upsert_disputes_async);
}

gboolean
rp_store_upsert_disputes_finish (RpStore       *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return job_succeeded (finish (self, result, rp_store_upsert_disputes_async, error));
}

gboolean
rp_store_upsert_disputes_sync (RpStore    *self,
                               gint64      account_id,
                               GPtrArray  *objects,
                               GError    **error)
{
  g_return_val_if_fail (RP_IS_STORE (self), FALSE);
  g_return_val_if_fail (objects != NULL, FALSE);

  return job_succeeded (run_sync (self,
                                  upsert_job (RP_STORE_JOB_UPSERT_DISPUTES, account_id, objects),
                                  error));
}

void
rp_store_upsert_shipments_async (RpStore             *self,
                                 gint64               account_id,
                                 GPtrArray           *objects,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (RP_IS_STORE (self));
  g_return_if_fail (objects != NULL);

  submit_async (self, upsert_job (RP_STORE_JOB_UPSERT_SHIPMENTS, account_id, objects),
                cancellable, callback, user_data, rp_store_upsert_shipments_async);
}

gboolean
rp_store_upsert_shipments_finish (RpStore       *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return job_succeeded (finish (self, result, rp_store_upsert_shipments_async, error));
}

gboolean
rp_store_upsert_shipments_sync (RpStore    *self,
                                gint64      account_id,
                                GPtrArray  *objects,
                                GError    **error)
{
  g_return_val_if_fail (RP_IS_STORE (self), FALSE);
  g_return_val_if_fail (objects != NULL, FALSE);

  return job_succeeded (run_sync (self,
                                  upsert_job (RP_STORE_JOB_UPSERT_SHIPMENTS, account_id, objects),
                                  error));
}

/* Reads */

static RpStoreJob *
keyed_job (RpStoreJobKind  kind,
           gint64          account_id,
           const char     *key)
{
  RpStoreJob *job = rp_store_job_new (kind);

  job->account_id = account_id;
  job->str1 = g_strdup (key);

  return job;
}

void
rp_store_get_order_async (RpStore             *self,
                          gint64               account_id,
                          const char          *order_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (RP_IS_STORE (self));
  g_return_if_fail (order_id != NULL);

  submit_async (self, keyed_job (RP_STORE_JOB_GET_ORDER, account_id, order_id),
                cancellable, callback, user_data, rp_store_get_order_async);
}

/**
 * rp_store_get_order_finish:
 *
 * Returns: (transfer full) (nullable): the order with items, address and local state
 */
RpOrder *
rp_store_get_order_finish (RpStore       *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return steal_result (finish (self, result, rp_store_get_order_async, error));
}

RpOrder *
rp_store_get_order_sync (RpStore     *self,
                         gint64       account_id,
                         const char  *order_id,
                         GError     **error)
{
  g_return_val_if_fail (RP_IS_STORE (self), NULL);
  g_return_val_if_fail (order_id != NULL, NULL);

  return steal_result (run_sync (self, keyed_job (RP_STORE_JOB_GET_ORDER, account_id, order_id),
                                 error));
}

RpConversation *
rp_store_get_conversation_sync (RpStore     *self,
                                gint64       account_id,
                                const char  *channel_id,
                                GError     **error)
{
  g_return_val_if_fail (RP_IS_STORE (self), NULL);
  g_return_val_if_fail (channel_id != NULL, NULL);

  return steal_result (run_sync (self, keyed_job (RP_STORE_JOB_GET_CONVERSATION, account_id,
                                                  channel_id), error));
}

void
rp_store_get_dispute_async (RpStore             *self,
                            gint64               account_id,
                            const char          *issue_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (RP_IS_STORE (self));
  g_return_if_fail (issue_id != NULL);

  submit_async (self, keyed_job (RP_STORE_JOB_GET_DISPUTE, account_id, issue_id),
                cancellable, callback, user_data, rp_store_get_dispute_async);
}

/**
 * rp_store_get_dispute_finish:
 *
 * Returns: (transfer full) (nullable): the dispute with its solutions and history
 */
RpDispute *
rp_store_get_dispute_finish (RpStore       *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return steal_result (finish (self, result, rp_store_get_dispute_async, error));
}

RpDispute *
rp_store_get_dispute_sync (RpStore     *self,
                           gint64       account_id,
                           const char  *issue_id,
                           GError     **error)
{
  g_return_val_if_fail (RP_IS_STORE (self), NULL);
  g_return_val_if_fail (issue_id != NULL, NULL);

  return steal_result (run_sync (self, keyed_job (RP_STORE_JOB_GET_DISPUTE, account_id,
                                                  issue_id), error));
}

void
rp_store_list_messages_async (RpStore             *self,
                              gint64               account_id,
                              const char          *channel_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (RP_IS_STORE (self));
  g_return_if_fail (channel_id != NULL);

  submit_async (self, keyed_job (RP_STORE_JOB_LIST_MESSAGES, account_id, channel_id),
                cancellable, callback, user_data, rp_store_list_messages_async);
}

/**
 * rp_store_list_messages_finish:
 *
 * Returns: (transfer full): a GPtrArray of RpMessage, oldest first
 */
GPtrArray *
rp_store_list_messages_finish (RpStore       *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return steal_result (finish (self, result, rp_store_list_messages_async, error));
}

GPtrArray *
rp_store_list_messages_sync (RpStore     *self,
                             gint64       account_id,
                             const char  *channel_id,
                             GError     **error)
{
  g_return_val_if_fail (RP_IS_STORE (self), NULL);
  g_return_val_if_fail (channel_id != NULL, NULL);

  return steal_result (run_sync (self, keyed_job (RP_STORE_JOB_LIST_MESSAGES, account_id,
                                                  channel_id), error));
}

/* A list-shipments job: the parcels of @order_ids (NULL-terminated), order by order. */
static RpStoreJob *
shipments_job (gint64               account_id,
               const char * const  *order_ids)
{
  RpStoreJob *job = rp_store_job_new (RP_STORE_JOB_LIST_SHIPMENTS);

  job->account_id = account_id;
  job->strv = g_strdupv ((GStrv)order_ids);

  return job;
}

void
rp_store_list_shipments_async (RpStore             *self,
                               gint64               account_id,
                               const char          *order_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  const char *order_ids[] = { order_id, NULL };

  g_return_if_fail (RP_IS_STORE (self));
  g_return_if_fail (order_id != NULL);

  submit_async (self, shipments_job (account_id, order_ids), cancellable, callback, user_data,
                rp_store_list_shipments_async);
}

/**
 * rp_store_list_shipments_finish:
 *
 * Returns: (transfer full): a GPtrArray of RpShipment with their events
 */
GPtrArray *
rp_store_list_shipments_finish (RpStore       *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return steal_result (finish (self, result, rp_store_list_shipments_async, error));
}

GPtrArray *
rp_store_list_shipments_sync (RpStore     *self,
                              gint64       account_id,
                              const char  *order_id,
                              GError     **error)
{
  const char *order_ids[] = { order_id, NULL };

  g_return_val_if_fail (RP_IS_STORE (self), NULL);
  g_return_val_if_fail (order_id != NULL, NULL);

  return steal_result (run_sync (self, shipments_job (account_id, order_ids), error));
}

/**
 * rp_store_list_shipments_of_orders_async:
 * @order_ids: (array zero-terminated=1): the orders
 *
 * The shipments of several orders with their tracking events, in one read: for the sync,
 * which looks at a page of parcels at a time.
 */
void
rp_store_list_shipments_of_orders_async (RpStore             *self,
                                         gint64               account_id,
                                         const char * const  *order_ids,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (RP_IS_STORE (self));
  g_return_if_fail (order_ids != NULL);

  submit_async (self, shipments_job (account_id, order_ids), cancellable, callback, user_data,
                rp_store_list_shipments_of_orders_async);
}

/**
 * rp_store_list_shipments_of_orders_finish:
 *
 * Returns: (transfer full): a GPtrArray of RpShipment with their events, order by order
 */
GPtrArray *
rp_store_list_shipments_of_orders_finish (RpStore       *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return steal_result (finish (self, result, rp_store_list_shipments_of_orders_async, error));
}

/**
 * rp_store_list_open_shipments_sync:
 * @polled_before: only parcels last asked about before this time (UTC µs)
 *
 * The parcels still to track: not delivered, or delivered without a timeline yet, least
 * recently asked about first, with their events.
 *
 * Returns: (transfer full): a GPtrArray of RpShipment, or %NULL with @error set
 */
GPtrArray *
rp_store_list_open_shipments_sync (RpStore     *self,
                                   gint64       account_id,
                                   gint64       polled_before,
                                   GError     **error)
{
  RpStoreJob *job;

  g_return_val_if_fail (RP_IS_STORE (self), NULL);

  job = rp_store_job_new (RP_STORE_JOB_LIST_OPEN_SHIPMENTS);
  job->account_id = account_id;
  job->time_arg = polled_before;

  return steal_result (run_sync (self, job, error));
}

/**
 * rp_store_count_sync:
 *
 * Returns: the number of rows, or -1 with @error set
 */
gint64
rp_store_count_sync (RpStore        *self,
                     gint64          account_id,
                     RpStoreChange   kind,
                     GError        **error)
{
  RpStoreJob *job;

  g_return_val_if_fail (RP_IS_STORE (self), -1);

  job = rp_store_job_new (RP_STORE_JOB_COUNT);
  job->account_id = account_id;
  job->int_arg = kind;

  return steal_int (run_sync (self, job, error), -1);
}

GPtrArray *
rp_store_dump_table_sync (RpStore     *self,
                          const char  *table,
                          GStrv       *out_columns,
                          GError     **error)
{
  RpStoreJob *job;
  GPtrArray *rows;

  g_return_val_if_fail (RP_IS_STORE (self), NULL);
  g_return_val_if_fail (table != NULL, NULL);

  job = rp_store_job_new (RP_STORE_JOB_DUMP_TABLE);
  job->str1 = g_strdup (table);
  job = run_sync (self, job, error);
  if (job == NULL)
    return NULL;

  if (out_columns != NULL)
    *out_columns = g_steal_pointer (&job->result_strv);
  rows = g_steal_pointer (&job->result);
  rp_store_job_free (job);

  return rows;
}

/* Per-order local state */

static RpStoreJob *
order_state_job (RpStoreJobKind  kind,
                 gint64          account_id,
                 const char     *order_id,
                 const char     *key,
                 const char     *value)
{
  RpStoreJob *job = rp_store_job_new (kind);

  job->account_id = account_id;
  job->str1 = g_strdup (order_id);
  job->str2 = g_strdup (key);
  job->str3 = g_strdup (value);

  return job;
}

void
rp_store_set_order_state_async (RpStore             *self,
                                gint64               account_id,
                                const char          *order_id,
                                const char          *key,
                                const char          *value,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (RP_IS_STORE (self));
  g_return_if_fail (order_id != NULL);
  g_return_if_fail (key != NULL);

  submit_async (self,
                order_state_job (RP_STORE_JOB_SET_ORDER_STATE, account_id, order_id, key, value),
                cancellable, callback, user_data, rp_store_set_order_state_async);
}

gboolean
rp_store_set_order_state_finish (RpStore       *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return job_succeeded (finish (self, result, rp_store_set_order_state_async, error));
}

gboolean
rp_store_set_order_state_sync (RpStore     *self,
                               gint64       account_id,
                               const char  *order_id,
                               const char  *key,
                               const char  *value,
                               GError     **error)
{
  g_return_val_if_fail (RP_IS_STORE (self), FALSE);
  g_return_val_if_fail (order_id != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  return job_succeeded (run_sync (self,
                                  order_state_job (RP_STORE_JOB_SET_ORDER_STATE, account_id,
                                                   order_id, key, value),
                                  error));
}

/**
 * rp_store_get_order_state_sync:
 *
 * Returns: (transfer full) (nullable): the value, NULL (without error) when unset
 */
char *
rp_store_get_order_state_sync (RpStore     *self,
                               gint64       account_id,
                               const char  *order_id,
                               const char  *key,
                               GError     **error)
{
  g_return_val_if_fail (RP_IS_STORE (self), NULL);
  g_return_val_if_fail (order_id != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return steal_result (run_sync (self,
                                 order_state_job (RP_STORE_JOB_GET_ORDER_STATE, account_id,
                                                  order_id, key, NULL),
                                 error));
}

/* Sync cursors */

gboolean
rp_store_set_cursor_sync (RpStore     *self,
                          gint64       account_id,
                          const char  *resource,
                          const char  *value,
                          GError     **error)
{
  RpStoreJob *job;

  g_return_val_if_fail (RP_IS_STORE (self), FALSE);
  g_return_val_if_fail (resource != NULL, FALSE);

  job = keyed_job (RP_STORE_JOB_SET_CURSOR, account_id, resource);
  job->str2 = g_strdup (value);

  return job_succeeded (run_sync (self, job, error));
}

char *
rp_store_get_cursor_sync (RpStore     *self,
                          gint64       account_id,
                          const char  *resource,
                          GError     **error)
{
  g_return_val_if_fail (RP_IS_STORE (self), NULL);
  g_return_val_if_fail (resource != NULL, NULL);

  return steal_result (run_sync (self, keyed_job (RP_STORE_JOB_GET_CURSOR, account_id, resource),
                                 error));
}

/* Notices */

static RpStoreJob *
notice_job (RpStoreJobKind  kind,
            gint64          account_id,
            const char     *key,
            gint64          time_arg)
{
  RpStoreJob *job = rp_store_job_new (kind);

  job->account_id = account_id;
  job->str1 = g_strdup (key);
  job->time_arg = time_arg;

  return job;
}

void
rp_store_notices_list_async (RpStore             *self,
                             gint64               account_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (RP_IS_STORE (self));

  submit_async (self, notice_job (RP_STORE_JOB_NOTICES_LIST, account_id, NULL, 0),
                cancellable, callback, user_data, rp_store_notices_list_async);
}

/**
 * rp_store_notices_list_finish:
 *
 * Returns: (transfer full) (element-type utf8 gint64): key → when it was given (a gint64 *,
 *   UTC µs); NULL with @error set on failure
 */
GHashTable *
rp_store_notices_list_finish (RpStore       *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return steal_result (finish (self, result, rp_store_notices_list_async, error));
}

GHashTable *
rp_store_notices_list_sync (RpStore  *self,
                            gint64    account_id,
                            GError  **error)
{
  g_return_val_if_fail (RP_IS_STORE (self), NULL);

  return steal_result (run_sync (self, notice_job (RP_STORE_JOB_NOTICES_LIST, account_id, NULL, 0),
                                 error));
}

void
rp_store_notice_add_async (RpStore             *self,
                           gint64               account_id,
                           const char          *key,
                           gint64               fired_at,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (RP_IS_STORE (self));
  g_return_if_fail (key != NULL);

  submit_async (self, notice_job (RP_STORE_JOB_NOTICE_ADD, account_id, key, fired_at),
                cancellable, callback, user_data, rp_store_notice_add_async);
}

gboolean
rp_store_notice_add_finish (RpStore       *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return job_succeeded (finish (self, result, rp_store_notice_add_async, error));
}

gboolean
rp_store_notice_add_sync (RpStore     *self,
                          gint64       account_id,
                          const char  *key,
                          gint64       fired_at,
                          GError     **error)
{
  g_return_val_if_fail (RP_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  return job_succeeded (run_sync (self, notice_job (RP_STORE_JOB_NOTICE_ADD, account_id, key, fired_at),
                                  error));
}

void
rp_store_notices_prune_async (RpStore             *self,
                              gint64               before,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (RP_IS_STORE (self));

  submit_async (self, notice_job (RP_STORE_JOB_NOTICES_PRUNE, 0, NULL, before),
                cancellable, callback, user_data, rp_store_notices_prune_async);
}

/* Returns: how many notices were dropped, -1 with @error set on failure */
gint64
rp_store_notices_prune_finish (RpStore       *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return steal_int (finish (self, result, rp_store_notices_prune_async, error), -1);
}

gint64
rp_store_notices_prune_sync (RpStore  *self,
                             gint64    before,
                             GError  **error)
{
  g_return_val_if_fail (RP_IS_STORE (self), -1);

  return steal_int (run_sync (self, notice_job (RP_STORE_JOB_NOTICES_PRUNE, 0, NULL, before), error),
                    -1);
}

/* Search */

static RpStoreJob *
search_job (gint64      account_id,
            const char *user_text,
            guint       limit)
{
  RpStoreJob *job = keyed_job (RP_STORE_JOB_SEARCH_MESSAGES, account_id, user_text);

  job->int_arg = limit;

  return job;
}

void
rp_store_search_messages_async (RpStore             *self,
                                gint64               account_id,
                                const char          *user_text,
                                guint                limit,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (RP_IS_STORE (self));
  g_return_if_fail (user_text != NULL);

  submit_async (self, search_job (account_id, user_text, limit), cancellable, callback,
                user_data, rp_store_search_messages_async);
}

/**
 * rp_store_search_messages_finish:
 *
 * Returns: (transfer full): a GPtrArray of RpStoreSearchHit, newest first
 */
GPtrArray *
rp_store_search_messages_finish (RpStore       *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return steal_result (finish (self, result, rp_store_search_messages_async, error));
}

GPtrArray *
rp_store_search_messages_sync (RpStore     *self,
                               gint64       account_id,
                               const char  *user_text,
                               guint        limit,
                               GError     **error)
{
  g_return_val_if_fail (RP_IS_STORE (self), NULL);
  g_return_val_if_fail (user_text != NULL, NULL);

  return steal_result (run_sync (self, search_job (account_id, user_text, limit), error));
}

/* Outbox */

static RpStoreJob *
enqueue_job (RpOutboxItem *item,
             RpMessage    *echo)
{
  RpStoreJob *job = rp_store_job_new (RP_STORE_JOB_OUTBOX_ENQUEUE);

  job->account_id = item->account_id;
  job->object = g_object_ref (G_OBJECT (item));
  if (echo != NULL)
    job->object2 = g_object_ref (G_OBJECT (echo));

  return job;
}

void
rp_store_outbox_enqueue_async (RpStore             *self,
                               RpOutboxItem        *item,
                               RpMessage           *echo,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (RP_IS_STORE (self));
  g_return_if_fail (RP_IS_OUTBOX_ITEM (item));
  g_return_if_fail (echo == NULL || RP_IS_MESSAGE (echo));

  submit_async (self, enqueue_job (item, echo), cancellable, callback, user_data,
                rp_store_outbox_enqueue_async);
}

gint64
rp_store_outbox_enqueue_finish (RpStore       *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return steal_int (finish (self, result, rp_store_outbox_enqueue_async, error), 0);
}

/**
 * rp_store_outbox_enqueue_sync:
 * @item: read only: the store does not modify it
 * @echo: (nullable): the message to show at once in the conversation
 *
 * Returns: the new outbox id, or 0 with @error set
 */
gint64
rp_store_outbox_enqueue_sync (RpStore       *self,
                              RpOutboxItem  *item,
                              RpMessage     *echo,
                              GError       **error)
{
  g_return_val_if_fail (RP_IS_STORE (self), 0);
  g_return_val_if_fail (RP_IS_OUTBOX_ITEM (item), 0);
  g_return_val_if_fail (echo == NULL || RP_IS_MESSAGE (echo), 0);

  return steal_int (run_sync (self, enqueue_job (item, echo), error), 0);
}

static RpStoreJob *
claim_job (gint64 account_id,
           gint64 now)
{
  RpStoreJob *job = rp_store_job_new (RP_STORE_JOB_OUTBOX_CLAIM);

  job->account_id = account_id;
  job->time_arg = now;

  return job;
}

void
rp_store_outbox_claim_async (RpStore             *self,
                             gint64               account_id,
                             gint64               now,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (RP_IS_STORE (self));

  submit_async (self, claim_job (account_id, now), cancellable, callback, user_data,
                rp_store_outbox_claim_async);
}

/**
 * rp_store_outbox_claim_finish:
 *
 * Returns: (transfer full) (nullable): the item, now in state sending; NULL when none
 */
RpOutboxItem *
rp_store_outbox_claim_finish (RpStore       *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return steal_result (finish (self, result, rp_store_outbox_claim_async, error));
}

RpOutboxItem *
rp_store_outbox_claim_sync (RpStore  *self,
                            gint64    account_id,
                            gint64    now,
                            GError  **error)
{
  g_return_val_if_fail (RP_IS_STORE (self), NULL);

  return steal_result (run_sync (self, claim_job (account_id, now), error));
}

static RpStoreJob *
set_state_job (gint64         id,
               RpOutboxState  state,
               const char    *remote_id,
               const char    *error_text,
               gint64         not_before)
{
  RpStoreJob *job = rp_store_job_new (RP_STORE_JOB_OUTBOX_SET_STATE);

  job->id = id;
  job->int_arg = state;
  job->str1 = g_strdup (remote_id);
  job->str2 = g_strdup (error_text);
  job->time_arg = not_before;

  return job;
}

void
rp_store_outbox_set_state_async (RpStore             *self,
                                 gint64               id,
                                 RpOutboxState        state,
                                 const char          *remote_id,
                                 const char          *error_text,
                                 gint64               not_before,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (RP_IS_STORE (self));

  submit_async (self, set_state_job (id, state, remote_id, error_text, not_before),
                cancellable, callback, user_data, rp_store_outbox_set_state_async);
}

gboolean
rp_store_outbox_set_state_finish (RpStore       *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return job_succeeded (finish (self, result, rp_store_outbox_set_state_async, error));
}

gboolean
rp_store_outbox_set_state_sync (RpStore        *self,
                                gint64          id,
                                RpOutboxState   state,
                                const char     *remote_id,
                                const char     *error_text,
                                gint64          not_before,
                                GError        **error)
{
  g_return_val_if_fail (RP_IS_STORE (self), FALSE);

  return job_succeeded (run_sync (self,
                                  set_state_job (id, state, remote_id, error_text, not_before),
                                  error));
}

gboolean
rp_store_outbox_discard_sync (RpStore  *self,
                              gint64    id,
                              GError  **error)
{
  RpStoreJob *job;

  g_return_val_if_fail (RP_IS_STORE (self), FALSE);

  job = rp_store_job_new (RP_STORE_JOB_OUTBOX_DISCARD);
  job->id = id;

  return job_succeeded (run_sync (self, job, error));
}

/* The guard rp_store_outbox_reschedule_sync() puts in a set-state job's str3 (rp-store.c
 * and rp-store-db.c agree on it). */
#define RP_STORE_OUTBOX_ONLY_WAITING "only-waiting"

/* A state change with a guard: the worker checks the item is still waiting in the same
 * transaction, so a claim that came first wins and nothing in flight is touched. */
static RpStoreJob *
reschedule_job (gint64 id,
                gint64 not_before)
{
  RpStoreJob *job = set_state_job (id, RP_OUTBOX_SCHEDULED, NULL, NULL, not_before);

  job->str3 = g_strdup (RP_STORE_OUTBOX_ONLY_WAITING);

  return job;
}

void
rp_store_outbox_reschedule_async (RpStore             *self,
                                  gint64               id,
                                  gint64               not_before,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (RP_IS_STORE (self));
  g_return_if_fail (not_before > 0);

  submit_async (self, reschedule_job (id, not_before), cancellable, callback, user_data,
                rp_store_outbox_reschedule_async);
}

gboolean
rp_store_outbox_reschedule_finish (RpStore       *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return job_succeeded (finish (self, result, rp_store_outbox_reschedule_async, error));
}

gboolean
rp_store_outbox_reschedule_sync (RpStore  *self,
                                 gint64    id,
                                 gint64    not_before,
                                 GError  **error)
{
  g_return_val_if_fail (RP_IS_STORE (self), FALSE);
  g_return_val_if_fail (not_before > 0, FALSE);

  return job_succeeded (run_sync (self, reschedule_job (id, not_before), error));
}

static RpStoreJob *
outbox_list_job (gint64 account_id)
{
  RpStoreJob *job = rp_store_job_new (RP_STORE_JOB_OUTBOX_LIST);

  job->account_id = account_id;

  return job;
}

void
rp_store_outbox_list_async (RpStore             *self,
                            gint64               account_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (RP_IS_STORE (self));

  submit_async (self, outbox_list_job (account_id), cancellable, callback, user_data,
                rp_store_outbox_list_async);
}

/**
 * rp_store_outbox_list_finish:
 *
 * Returns: (transfer full): a GPtrArray of RpOutboxItem, oldest first
 */
GPtrArray *
rp_store_outbox_list_finish (RpStore       *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return steal_result (finish (self, result, rp_store_outbox_list_async, error));
}

GPtrArray *
rp_store_outbox_list_sync (RpStore  *self,
                           gint64    account_id,
                           GError  **error)
{
  g_return_val_if_fail (RP_IS_STORE (self), NULL);

  return steal_result (run_sync (self, outbox_list_job (account_id), error));
}

/**
 * rp_store_give_way_sync:
 *
 * Lowers the priority of the cache's worker thread (a nice value 10 higher, on Linux), for
 * a process whose other threads matter more than having the writes done at once:
 * rapportctl's sync, where the engine's thread keeps the marketplace's calls going and the
 * writes queue behind it.  The application does not: its window waits on the cache's reads.
 */
gboolean
rp_store_give_way_sync (RpStore  *self,
                        GError  **error)
{
  g_return_val_if_fail (RP_IS_STORE (self), FALSE);

  return job_succeeded (run_sync (self, rp_store_job_new (RP_STORE_JOB_GIVE_WAY), error));
}

gboolean
rp_store_check_integrity_sync (RpStore  *self,
                               GError  **error)
{
  g_return_val_if_fail (RP_IS_STORE (self), FALSE);

  return job_succeeded (run_sync (self, rp_store_job_new (RP_STORE_JOB_INTEGRITY_CHECK), error));
}

static const char * const confirmation_names[] = {
  [RP_CONFIRMATION_NONE] = "none",
  [RP_CONFIRMATION_SENT] = "sent",
  [RP_CONFIRMATION_NEEDS_REVIEW] = "needs-review",
  [RP_CONFIRMATION_READY_TO_SHIP] = "ready-to-ship",
  [RP_CONFIRMATION_SHIPPED] = "shipped",
};

/* The confirmation state is kept by name in order_state, so the enum may grow. */
const char *
rp_store_confirmation_to_string (RpConfirmationState state)
{
  if ((guint)state < G_N_ELEMENTS (confirmation_names))
    return confirmation_names[state];

  return NULL;
}

gboolean
rp_store_confirmation_from_string (const char          *text,
                                   RpConfirmationState *out_state)
{
  g_return_val_if_fail (out_state != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (confirmation_names); i++)
    if (g_str_equal (text, confirmation_names[i]))
      {
        *out_state = i;
        return TRUE;
      }

  return FALSE;
}
