/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-context"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "rp-account-connector.h"
#include "rp-confirmation-pass.h"
#include "rp-context.h"
#include "rp-demo.h"
#include "rp-logistics-services.h"

/* The one object that owns what the views need: the settings, the cache, a sync engine per
 * store account and, for the demo, the demo marketplace.  It is handed to widgets as a
 * property, so that nothing reaches for a global. */
struct _RpContext
{
  GObject          parent_instance;

  GSettings       *settings;
  RpStore         *store;
  RpDemo          *demo;
  GPtrArray       *engines;          /* RpSyncEngine */
  GArray          *loopback;         /* gboolean per engine: its marketplace is on this machine */
  GCancellable    *cancellable;
  GNetworkMonitor *network;
  guint            timer_id;

  gboolean         syncing;
  gboolean         offline;
  double           progress;
  char            *status;
  gint64           last_sync;
  gint64           shown_account;    /* the store the lists show; 0 for all of them */
  GPtrArray       *accounts;         /* RpStoreAccount: the stores in the cache, as last read */
  gboolean         background_priority;
};

G_DEFINE_FINAL_TYPE (RpContext, rp_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_STORE,
  PROP_DEMO,
  PROP_SYNCING,
  PROP_PROGRESS,
  PROP_STATUS,
  PROP_LAST_SYNC,
  PROP_N_ACCOUNTS,
  PROP_OFFLINE,
  PROP_SHOWN_ACCOUNT,
  PROP_ACCOUNTS,
  PROP_BACKGROUND_PRIORITY,
  N_PROPS
};

enum {
  SYNC_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

char *
rp_context_default_db_path (gboolean demo)
{
  /* The demo has a cache of its own: its made-up store never mixes with real ones. */
  if (demo)
    return g_build_filename (g_get_user_data_dir (), "rapport", "demo", "rapport.db", NULL);

  return g_build_filename (g_get_user_data_dir (), "rapport", "rapport.db", NULL);
}

static const char *
phase_text (RpSyncPhase phase)
{
  switch (phase)
    {
    case RP_SYNC_PHASE_ORDERS: return _("Syncing orders");
    case RP_SYNC_PHASE_CONVERSATIONS: return _("Syncing messages");
    case RP_SYNC_PHASE_DISPUTES: return _("Syncing disputes");
    case RP_SYNC_PHASE_TRACKING: return _("Tracking parcels");
    case RP_SYNC_PHASE_OUTBOX: return _("Sending");
    case RP_SYNC_PHASE_IDLE:
    default: return NULL;
    }
}

static void
set_string_prop (char       **field,
                 const char  *value,
                 GObject     *object,
                 GParamSpec  *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (object, pspec);
}

/* The stores, read once for every view that lists them: a handful of rows, which the
 * store's thread answers at once. */
static gboolean
refresh_accounts (RpContext  *self,
                  GError    **error)
{
  g_autoptr(GPtrArray) accounts = rp_store_list_accounts_sync (self->store, error);

  if (accounts == NULL)
    return FALSE;

  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  self->accounts = g_steal_pointer (&accounts);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNTS]);
  return TRUE;
}

static const RpStoreAccount *
find_account (RpContext *self,
              gint64     account_id)
{
  for (guint i = 0; self->accounts != NULL && i < self->accounts->len; i++)
    {
      const RpStoreAccount *account = g_ptr_array_index (self->accounts, i);

      if (account->id == account_id)
        return account;
    }
  return NULL;
}

/* Folds the engines' state into the few properties the header shows. */
static void
update_state (RpContext *self)
{
  gboolean syncing = FALSE;
  guint done = 0, total = 0;
  gint64 last_sync = 0;
  g_autofree char *status = NULL;

  for (guint i = 0; i < self->engines->len; i++)
    {
      RpSyncEngine *engine = g_ptr_array_index (self->engines, i);
      RpSyncPhase phase = rp_sync_engine_get_phase (engine);

      if (rp_sync_engine_get_running (engine))
        {
          syncing = TRUE;
          done += rp_sync_engine_get_done (engine);
          total += rp_sync_engine_get_total (engine);
          if (status == NULL && phase_text (phase) != NULL)
            status = g_strdup (phase_text (phase));
        }
      last_sync = MAX (last_sync, rp_sync_engine_get_last_success (engine));
    }

  g_object_freeze_notify (G_OBJECT (self));

  if (self->syncing != syncing)
    {
      self->syncing = syncing;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
    }

  {
    double progress = total > 0 ? MIN (1.0, (double)done / total) : 0.0;

    if (progress != self->progress)
      {
        self->progress = progress;
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
      }
  }

  set_string_prop (&self->status, status, G_OBJECT (self), properties[PROP_STATUS]);

  if (self->last_sync != last_sync)
    {
      self->last_sync = last_sync;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNC]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static void
engine_changed_cb (RpContext    *self,
                   GParamSpec   *pspec,
                   RpSyncEngine *engine)
{
  update_state (self);
}

typedef struct
{
  RpStoreAccount *account;
} FactoryData;

static void
factory_data_free (gpointer data)
{
  FactoryData *fd = data;

  rp_store_account_free (fd->account);
  g_free (fd);
}

static RpMarketplace *
connect_cb (gpointer   data,
            GError   **error)
{
  FactoryData *fd = data;

  return rp_account_connect (fd->account, NULL, error);
}

static RpStoreAccount *
copy_account (const RpStoreAccount *account,
              const char           *base_url)
{
  RpStoreAccount *copy = rp_store_account_new ();

  copy->id = account->id;
  copy->marketplace = g_strdup (account->marketplace);
  copy->base_url = g_strdup (base_url != NULL ? base_url : account->base_url);
  copy->app_key = g_strdup (account->app_key);
  copy->name = g_strdup (account->name);
  copy->seller_id = g_strdup (account->seller_id);
  copy->created_at = account->created_at;

  return copy;
}

static void
add_engine (RpContext            *self,
            const RpStoreAccount *account)
{
  FactoryData *fd = g_new0 (FactoryData, 1);
  const char *base_url = NULL;
  RpSyncEngine *engine;

  /* The demo marketplace takes a new port at every start. */
  if (self->demo != NULL && g_strcmp0 (account->marketplace, RP_ACCOUNT_MARKETPLACE_DEMO) == 0)
    base_url = rp_demo_get_base_url (self->demo);

  fd->account = copy_account (account, base_url);
  {
    gboolean loopback = rp_account_is_loopback (fd->account->base_url);

    g_array_append_val (self->loopback, loopback);
  }
  engine = rp_sync_engine_new (self->store, account->id, connect_cb, fd, factory_data_free);
  /* The buyer quiet hours the engine keeps at send time are the Preferences' own. */
  g_object_set (engine, "settings", self->settings, NULL);
  rp_sync_engine_set_background_priority (engine, self->background_priority);
  g_signal_connect_object (engine, "notify", G_CALLBACK (engine_changed_cb), self, G_CONNECT_SWAPPED);
  g_ptr_array_add (self->engines, engine);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ACCOUNTS]);
}

typedef struct
{
  RpContext *self;
  gint64     account_id;
} SyncCall;

static void
confirmation_pass_done_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      data)
{
  g_autoptr(GError) error = NULL;

  /* The next sync tries again; the states stay as they were meanwhile. */
  if (!rp_confirmation_pass_run_finish (result, NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_error_matches (error, RP_STORE_ERROR, RP_STORE_ERROR_CLOSED) &&
      !g_error_matches (error, RP_STORE_ERROR, RP_STORE_ERROR_NOT_OPEN))
    g_warning ("Could not bring order confirmations up to date: %s", error->message);
}

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  g_autofree SyncCall *call = data;
  g_autoptr(GError) error = NULL;
  RpSyncStats stats;
  gboolean synced;

  synced = rp_sync_engine_sync_finish (RP_SYNC_ENGINE (object), result, &stats, &error);
  if (!synced &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED))
    g_signal_emit (call->self, signals[SYNC_FAILED], 0, call->account_id, error->message);

  /* The buyers' replies are in the cache now, and the marketplace's clock moved on:
   * confirmations follow, for every order, opened or not. */
  if (synced && call->self->store != NULL)
    rp_confirmation_pass_run_async (call->self->store, call->account_id, NULL,
                                    call->self->cancellable, confirmation_pass_done_cb, NULL);

  update_state (call->self);
  g_object_unref (call->self);
}

static void
set_offline (RpContext *self,
             gboolean   offline)
{
  if (self->offline == offline)
    return;
  self->offline = offline;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE]);
}

void
rp_context_sync_now (RpContext *self,
                     gboolean   full)
{
  gboolean available;
  gboolean skipped = FALSE;

  g_return_if_fail (RP_IS_CONTEXT (self));

  available = g_network_monitor_get_network_available (self->network);

  for (guint i = 0; i < self->engines->len; i++)
    {
      RpSyncEngine *engine = g_ptr_array_index (self->engines, i);
      SyncCall *call;

      /* A run already under way picks up what there is to pick up. */
      if (rp_sync_engine_get_running (engine))
        continue;

      /* Offline, the cache is what there is; a marketplace on this machine (the demo)
       * is still reachable. */
      if (!available && !g_array_index (self->loopback, gboolean, i))
        {
          skipped = TRUE;
          continue;
        }

      call = g_new0 (SyncCall, 1);
      call->self = g_object_ref (self);
      call->account_id = rp_sync_engine_get_account_id (engine);
      rp_sync_engine_sync_async (engine, full, self->cancellable, sync_done_cb, call);
    }

  set_offline (self, skipped);
}

static void
outbox_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  g_autofree SyncCall *call = data;
  g_autoptr(GError) error = NULL;

  /* A failed send stays in the outbox with its reason; the views show it. */
  if (!rp_sync_engine_send_outbox_finish (RP_SYNC_ENGINE (object), result, NULL, &error))
    g_debug ("Outbox of account %" G_GINT64_FORMAT ": %s", call->account_id, error->message);

  g_object_unref (call->self);
}

void
rp_context_send_outbox (RpContext *self,
                        gint64     account_id)
{
  g_return_if_fail (RP_IS_CONTEXT (self));

  for (guint i = 0; i < self->engines->len; i++)
    {
      RpSyncEngine *engine = g_ptr_array_index (self->engines, i);
      SyncCall *call;

      if (account_id != 0 && rp_sync_engine_get_account_id (engine) != account_id)
        continue;

      call = g_new0 (SyncCall, 1);
      call->self = g_object_ref (self);
      call->account_id = rp_sync_engine_get_account_id (engine);
      rp_sync_engine_send_outbox_async (engine, self->cancellable, outbox_done_cb, call);
    }
}

typedef struct
{
  RpStore        *store;
  RpStoreAccount *account;
} ServicesCall;

static void
services_call_free (ServicesCall *call)
{
  g_clear_object (&call->store);
  g_clear_pointer (&call->account, rp_store_account_free);
  g_free (call);
}

static void
services_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  ServicesCall *call = task_data;
  GError *error = NULL;
  GPtrArray *services;

  services = rp_logistics_services_get_sync (call->store, call->account, cancellable, &error);
  if (services == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, services, (GDestroyNotify)g_ptr_array_unref);
}

/**
 * rp_context_list_logistics_services_async:
 *
 * Asks the marketplace of @account_id for the services a seller may ship with, on a
 * connection of its own (the sync engine may be busy), unless the cache has them from the
 * last day.
 */
void
rp_context_list_logistics_services_async (RpContext           *self,
                                          gint64               account_id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const RpStoreAccount *account;
  ServicesCall *call = NULL;

  g_return_if_fail (RP_IS_CONTEXT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rp_context_list_logistics_services_async);

  if (self->store == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               _("The cache is not open"));
      return;
    }

  account = find_account (self, account_id);
  if (account != NULL)
    {
      call = g_new0 (ServicesCall, 1);
      call->store = g_object_ref (self->store);
      /* The demo marketplace takes a new port at every start. */
      call->account = copy_account (account,
                                    self->demo != NULL &&
                                    g_strcmp0 (account->marketplace, RP_ACCOUNT_MARKETPLACE_DEMO) == 0
                                    ? rp_demo_get_base_url (self->demo) : NULL);
    }

  if (call == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("The store of this order is not connected"));
      return;
    }

  g_task_set_task_data (task, call, (GDestroyNotify)services_call_free);
  g_task_run_in_thread (task, services_thread);
}

/**
 * rp_context_list_logistics_services_finish:
 *
 * Returns: (transfer container) (element-type RpLogisticsService): the services
 */
GPtrArray *
rp_context_list_logistics_services_finish (RpContext     *self,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  g_return_val_if_fail (RP_IS_CONTEXT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
timer_cb (gpointer data)
{
  RpContext *self = data;

  rp_context_sync_now (self, FALSE);
  return G_SOURCE_CONTINUE;
}

static void
schedule_sync (RpContext *self)
{
  guint interval = g_settings_get_uint (self->settings, "sync-interval");

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->store != NULL)
    self->timer_id = g_timeout_add_seconds (MAX (interval, 60u), timer_cb, self);
}

static void
interval_changed_cb (RpContext  *self,
                     const char *key,
                     GSettings  *settings)
{
  schedule_sync (self);
}

static void
network_changed_cb (RpContext       *self,
                    gboolean         available,
                    GNetworkMonitor *monitor)
{
  /* Back online: catch up at once instead of at the next tick. */
  if (available && self->store != NULL)
    rp_context_sync_now (self, FALSE);
}

static gboolean
has_engine (RpContext *self,
            gint64     account_id)
{
  for (guint i = 0; i < self->engines->len; i++)
    if (rp_sync_engine_get_account_id (g_ptr_array_index (self->engines, i)) == account_id)
      return TRUE;
  return FALSE;
}

/* A store connected or removed while Rapport runs gets, or loses, its engine at once. */
static void
store_changed_cb (RpContext *self,
                  guint      changes,
                  gint64     account_id,
                  RpStore   *store)
{
  GPtrArray *accounts;
  g_autoptr(GError) error = NULL;
  gboolean added = FALSE;

  if ((changes & RP_STORE_CHANGE_ACCOUNTS) == 0)
    return;

  if (!refresh_accounts (self, &error))
    {
      g_warning ("Could not read the stores: %s", error->message);
      return;
    }
  accounts = self->accounts;

  for (guint i = 0; i < accounts->len; i++)
    {
      RpStoreAccount *account = g_ptr_array_index (accounts, i);

      if (!has_engine (self, account->id))
        {
          add_engine (self, account);
          added = TRUE;
        }
    }

  for (guint i = self->engines->len; i > 0; i--)
    {
      RpSyncEngine *engine = g_ptr_array_index (self->engines, i - 1);
      gboolean found = FALSE;

      for (guint j = 0; j < accounts->len && !found; j++)
        found = ((RpStoreAccount *)g_ptr_array_index (accounts, j))->id ==
                rp_sync_engine_get_account_id (engine);

      if (!found)
        {
          if (self->shown_account == rp_sync_engine_get_account_id (engine))
            rp_context_set_shown_account (self, 0);
          rp_sync_engine_shutdown (engine);
          g_ptr_array_remove_index (self->engines, i - 1);
          g_array_remove_index (self->loopback, i - 1);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ACCOUNTS]);
        }
    }

  if (added)
    rp_context_sync_now (self, FALSE);
}

/* Opening ------------------------------------------------------------------------------ */

/* The cache is open: an engine per account, the first sync, the schedule. */
static void
start_accounts (RpContext *self,
                GTask     *task)
{
  g_autoptr(GError) error = NULL;

  if (!refresh_accounts (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < self->accounts->len; i++)
    add_engine (self, g_ptr_array_index (self->accounts, i));

  /* The store the seller showed last time, while it is still connected and there is a
   * choice; set before the views ask, so that no list loads every store first. */
  if (self->accounts->len > 1 && self->settings != NULL)
    rp_context_set_shown_account (self, g_settings_get_int64 (self->settings, "shown-account"));

  g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
  schedule_sync (self);
  rp_context_sync_now (self, FALSE);
  g_task_return_boolean (task, TRUE);
}

static void
store_opened_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(GTask) task = data;
  RpContext *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!rp_store_open_finish (RP_STORE (object), result, &error))
    {
      g_clear_object (&self->store);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  start_accounts (self, task);
}

void
rp_context_open_async (RpContext           *self,
                       const char          *db_path,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *dir = NULL;

  g_return_if_fail (RP_IS_CONTEXT (self));
  g_return_if_fail (db_path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rp_context_open_async);

  if (self->store != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_EXISTS, "The cache is open already");
      return;
    }

  dir = g_path_get_dirname (db_path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               _("Could not create the folder %s: %s"), dir, g_strerror (saved));
      return;
    }

  self->store = rp_store_new (db_path);
  rp_store_open_async (self->store, cancellable, store_opened_cb, g_steal_pointer (&task));
}

gboolean
rp_context_open_finish (RpContext     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
demo_account_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(GTask) task = data;
  RpContext *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = NULL;

  if (!rp_store_open_finish (RP_STORE (object), result, &error))
    {
      g_clear_object (&self->store);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  accounts = rp_store_list_accounts_sync (self->store, &error);
  if (accounts == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (accounts->len == 0)
    {
      g_autoptr(RpStoreAccount) account = rp_store_account_new ();

      account->marketplace = g_strdup (RP_ACCOUNT_MARKETPLACE_DEMO);
      account->base_url = g_strdup (rp_demo_get_base_url (self->demo));
      account->app_key = g_strdup (RP_DEMO_APP_KEY);
      account->name = g_strdup (_("Demo store"));
      account->created_at = g_get_real_time ();
      if (rp_store_add_account_sync (self->store, account, &error) <= 0)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  start_accounts (self, task);
}

static void
demo_started_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(GTask) task = data;
  RpContext *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = rp_context_default_db_path (TRUE);
  g_autofree char *dir = g_path_get_dirname (path);
  GCancellable *cancellable;

  if (!rp_demo_start_finish (RP_DEMO (object), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               _("Could not create the folder %s: %s"), dir, g_strerror (saved));
      return;
    }

  /* Make sure the demo account exists before the engines are made.  (The cancellable is
   * read first: argument order is unspecified in C.) */
  self->store = rp_store_new (path);
  cancellable = g_task_get_cancellable (task);
  rp_store_open_async (self->store, cancellable, demo_account_cb, g_steal_pointer (&task));
}

void
rp_context_open_demo_async (RpContext           *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *db_path = rp_context_default_db_path (TRUE);
  g_autofree char *demo_dir = g_path_get_dirname (db_path);
  g_autofree char *world_dir = g_build_filename (demo_dir, "world", NULL);

  g_return_if_fail (RP_IS_CONTEXT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rp_context_open_demo_async);

  if (self->store != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_EXISTS, "The cache is open already");
      return;
    }

  self->demo = rp_demo_new (world_dir, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO]);
  rp_demo_start_async (self->demo, cancellable, demo_started_cb, g_steal_pointer (&task));
}

gboolean
rp_context_open_demo_finish (RpContext     *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Shutdown ----------------------------------------------------------------------------- */

/**
 * rp_context_close:
 *
 * Stops the engines, closes the cache and stops the demo marketplace, so that the context
 * can open another cache (the first run switches to the demo this way).
 */
void
rp_context_close (RpContext *self)
{
  g_return_if_fail (RP_IS_CONTEXT (self));

  rp_context_shutdown (self);

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->store, self);
      g_clear_object (&self->store);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
    }
  if (self->demo != NULL)
    {
      g_clear_object (&self->demo);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ACCOUNTS]);
  update_state (self);
}

void
rp_context_shutdown (RpContext *self)
{
  g_return_if_fail (RP_IS_CONTEXT (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timer_id, g_source_remove);

  /* Engines first (they use the store), then the store, then the demo marketplace. */
  for (guint i = 0; i < self->engines->len; i++)
    rp_sync_engine_shutdown (g_ptr_array_index (self->engines, i));
  g_ptr_array_set_size (self->engines, 0);
  g_array_set_size (self->loopback, 0);

  if (self->store != NULL)
    rp_store_close (self->store);

  if (self->demo != NULL)
    rp_demo_stop (self->demo);
}

static void
rp_context_dispose (GObject *object)
{
  RpContext *self = (RpContext *)object;

  rp_context_shutdown (self);
  g_clear_object (&self->store);
  g_clear_object (&self->demo);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->network != NULL)
    g_signal_handlers_disconnect_by_data (self->network, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->network);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (rp_context_parent_class)->dispose (object);
}

static void
rp_context_finalize (GObject *object)
{
  RpContext *self = (RpContext *)object;

  g_ptr_array_unref (self->engines);
  g_array_unref (self->loopback);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_free (self->status);

  G_OBJECT_CLASS (rp_context_parent_class)->finalize (object);
}

static void
rp_context_constructed (GObject *object)
{
  RpContext *self = (RpContext *)object;

  G_OBJECT_CLASS (rp_context_parent_class)->constructed (object);

  g_signal_connect_object (self->settings, "changed::sync-interval",
                           G_CALLBACK (interval_changed_cb), self, G_CONNECT_SWAPPED);
  self->network = g_object_ref (g_network_monitor_get_default ());
  g_signal_connect_object (self->network, "network-changed",
                           G_CALLBACK (network_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
rp_context_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  RpContext *self = RP_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_DEMO:
      g_value_set_boolean (value, self->demo != NULL);
      break;

    case PROP_SYNCING:
      g_value_set_boolean (value, self->syncing);
      break;

    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    case PROP_LAST_SYNC:
      g_value_set_int64 (value, self->last_sync);
      break;

    case PROP_N_ACCOUNTS:
      g_value_set_uint (value, self->engines->len);
      break;

    case PROP_OFFLINE:
      g_value_set_boolean (value, self->offline);
      break;

    case PROP_SHOWN_ACCOUNT:
      g_value_set_int64 (value, self->shown_account);
      break;

    case PROP_ACCOUNTS:
      g_value_set_boxed (value, self->accounts);
      break;

    case PROP_BACKGROUND_PRIORITY:
      g_value_set_boolean (value, self->background_priority);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_context_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  RpContext *self = RP_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    case PROP_SHOWN_ACCOUNT:
      rp_context_set_shown_account (self, g_value_get_int64 (value));
      break;

    case PROP_BACKGROUND_PRIORITY:
      rp_context_set_background_priority (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_context_class_init (RpContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = rp_context_constructed;
  object_class->dispose = rp_context_dispose;
  object_class->finalize = rp_context_finalize;
  object_class->get_property = rp_context_get_property;
  object_class->set_property = rp_context_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, RP_TYPE_STORE, ro);
  properties[PROP_DEMO] = g_param_spec_boolean ("demo", NULL, NULL, FALSE, ro);
  properties[PROP_SYNCING] = g_param_spec_boolean ("syncing", NULL, NULL, FALSE, ro);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0, ro);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, ro);
  properties[PROP_LAST_SYNC] = g_param_spec_int64 ("last-sync", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_N_ACCOUNTS] = g_param_spec_uint ("n-accounts", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_OFFLINE] = g_param_spec_boolean ("offline", NULL, NULL, FALSE, ro);
  /**
   * RpContext:shown-account:
   *
   * The store whose orders, conversations, disputes, parcels and tasks the lists show;
   * 0 for every store.
   */
  properties[PROP_SHOWN_ACCOUNT] =
    g_param_spec_int64 ("shown-account", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * RpContext:accounts: (type GPtrArray(RpStoreAccount))
   *
   * The stores in the cache; see rp_context_get_accounts().
   */
  properties[PROP_ACCOUNTS] = g_param_spec_boxed ("accounts", NULL, NULL, G_TYPE_PTR_ARRAY, ro);
  /**
   * RpContext:background-priority:
   *
   * Whether the sync runs in the background of a window: see
   * rp_context_set_background_priority().
   */
  properties[PROP_BACKGROUND_PRIORITY] =
    g_param_spec_boolean ("background-priority", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RpContext::sync-failed:
   * @account_id: the store account
   * @message: why, for the seller
   */
  signals[SYNC_FAILED] =
    g_signal_new ("sync-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);
}

static void
rp_context_init (RpContext *self)
{
  self->engines = g_ptr_array_new_with_free_func (g_object_unref);
  self->loopback = g_array_new (FALSE, FALSE, sizeof (gboolean));
  self->cancellable = g_cancellable_new ();
}

/**
 * rp_context_new:
 * @settings: the application's settings
 *
 * Returns: (transfer full): a new context
 */
RpContext *
rp_context_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (RP_TYPE_CONTEXT, "settings", settings, NULL);
}

GSettings *
rp_context_get_settings (RpContext *self)
{
  g_return_val_if_fail (RP_IS_CONTEXT (self), NULL);

  return self->settings;
}

/**
 * rp_context_get_store:
 *
 * Returns: (transfer none) (nullable): the cache, once open
 */
RpStore *
rp_context_get_store (RpContext *self)
{
  g_return_val_if_fail (RP_IS_CONTEXT (self), NULL);

  return self->store;
}

gboolean
rp_context_get_demo (RpContext *self)
{
  g_return_val_if_fail (RP_IS_CONTEXT (self), FALSE);

  return self->demo != NULL;
}

gboolean
rp_context_get_syncing (RpContext *self)
{
  g_return_val_if_fail (RP_IS_CONTEXT (self), FALSE);

  return self->syncing;
}

double
rp_context_get_progress (RpContext *self)
{
  g_return_val_if_fail (RP_IS_CONTEXT (self), 0.0);

  return self->progress;
}

const char *
rp_context_get_status (RpContext *self)
{
  g_return_val_if_fail (RP_IS_CONTEXT (self), NULL);

  return self->status;
}

/**
 * rp_context_get_shown_account:
 *
 * Returns: the store the lists show, 0 for all
 */
gint64
rp_context_get_shown_account (RpContext *self)
{
  g_return_val_if_fail (RP_IS_CONTEXT (self), 0);

  return self->shown_account;
}

/**
 * rp_context_set_shown_account:
 * @account_id: a store, or 0 for all of them
 *
 * Makes the lists show one store, or all; a store that is not (or no longer) connected
 * means all.
 */
void
rp_context_set_shown_account (RpContext *self,
                              gint64     account_id)
{
  g_return_if_fail (RP_IS_CONTEXT (self));

  if (account_id != 0 && !has_engine (self, account_id))
    account_id = 0;
  if (self->shown_account == account_id)
    return;

  self->shown_account = account_id;
  /* Kept for the next start, whoever made the choice. */
  if (self->settings != NULL && g_settings_get_int64 (self->settings, "shown-account") != account_id)
    g_settings_set_int64 (self->settings, "shown-account", account_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWN_ACCOUNT]);
}

/**
 * rp_context_get_accounts:
 *
 * The stores in the cache, read when the cache opened and again whenever one is added or
 * removed (#RpContext:accounts changes then).  A view that keeps pointers into the array
 * takes a reference on it.
 *
 * Returns: (transfer none) (element-type RpStoreAccount) (nullable): the stores, or %NULL
 *   before the cache is open
 */
GPtrArray *
rp_context_get_accounts (RpContext *self)
{
  g_return_val_if_fail (RP_IS_CONTEXT (self), NULL);

  return self->accounts;
}

static void
shown_account_cb (RpStoreListModel *model,
                  GParamSpec       *pspec,
                  RpContext        *self)
{
  rp_store_list_model_set_account (model, self->shown_account);
}

/**
 * rp_context_follow_shown_account:
 * @model: a list over every account (made with account 0)
 *
 * Makes @model list the store the window shows (#RpContext:shown-account), now and
 * whenever the seller switches; the link ends with the model.
 */
void
rp_context_follow_shown_account (RpContext        *self,
                                 RpStoreListModel *model)
{
  g_return_if_fail (RP_IS_CONTEXT (self));
  g_return_if_fail (RP_IS_STORE_LIST_MODEL (model));

  rp_store_list_model_set_account (model, self->shown_account);
  g_signal_connect_object (self, "notify::shown-account", G_CALLBACK (shown_account_cb), model,
                           G_CONNECT_SWAPPED);
}

/**
 * rp_context_get_account_sync:
 * @account_id: a connected store
 * @running: (out) (optional): whether it syncs now
 * @last_success: (out) (optional): when its last sync finished, UTC µs; 0 never
 * @last_error: (out) (optional) (transfer none): why its last sync failed, or %NULL
 *
 * The sync state of one store, for Preferences.
 *
 * Returns: %FALSE when @account_id is not a connected store
 */
gboolean
rp_context_get_account_sync (RpContext   *self,
                             gint64       account_id,
                             gboolean    *running,
                             gint64      *last_success,
                             const char **last_error)
{
  g_return_val_if_fail (RP_IS_CONTEXT (self), FALSE);

  for (guint i = 0; i < self->engines->len; i++)
    {
      RpSyncEngine *engine = g_ptr_array_index (self->engines, i);

      if (rp_sync_engine_get_account_id (engine) != account_id)
        continue;

      if (running != NULL)
        *running = rp_sync_engine_get_running (engine);
      if (last_success != NULL)
        *last_success = rp_sync_engine_get_last_success (engine);
      if (last_error != NULL)
        *last_error = rp_sync_engine_get_last_error (engine);
      return TRUE;
    }

  return FALSE;
}

gint64
rp_context_get_last_sync (RpContext *self)
{
  g_return_val_if_fail (RP_IS_CONTEXT (self), 0);

  return self->last_sync;
}

/**
 * rp_context_set_background_priority:
 * @background: whether the sync gives way to every other thread
 *
 * The application turns this on when it makes the context, so that its window never waits
 * for a processor behind a sync: the sync engines' threads (and the threads that parse their
 * answers) run only while no thread of normal priority wants a processor (SCHED_IDLE on
 * Linux).  The store's worker thread keeps its priority: it also reads the lists the window
 * shows.  Off by default: a command-line sync is the work itself, and goes as fast as it can.
 */
void
rp_context_set_background_priority (RpContext *self,
                                    gboolean   background)
{
  g_return_if_fail (RP_IS_CONTEXT (self));

  background = !!background;
  if (self->background_priority == background)
    return;

  self->background_priority = background;
  for (guint i = 0; i < self->engines->len; i++)
    rp_sync_engine_set_background_priority (g_ptr_array_index (self->engines, i), background);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BACKGROUND_PRIORITY]);
}

gboolean
rp_context_get_background_priority (RpContext *self)
{
  g_return_val_if_fail (RP_IS_CONTEXT (self), FALSE);

  return self->background_priority;
}

/**
 * rp_context_get_offline:
 *
 * Returns: whether the last sync round skipped stores because the network is down
 */
gboolean
rp_context_get_offline (RpContext *self)
{
  g_return_val_if_fail (RP_IS_CONTEXT (self), FALSE);

  return self->offline;
}

guint
rp_context_get_n_accounts (RpContext *self)
{
  g_return_val_if_fail (RP_IS_CONTEXT (self), 0);

  return self->engines->len;
}
