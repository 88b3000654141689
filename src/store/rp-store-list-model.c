/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-store-list-model"

#include "config.h"

#include "rp-store-enums.h"
#include "rp-store-private.h"
#include "rp-store-list-model.h"

/* A GListModel over one kind of row.  Rows are read on the store's worker thread in keyset
 * pages of light objects (no items, solutions or events); the first page is small so a view
 * fills at once, later pages are large so 100,000 rows take few round trips.  The first
 * load appends page by page (one items-changed each); a reload after `changed` or a new
 * filter builds the new list aside and swaps it in with one items-changed, so a view never
 * flashes empty. */

#define FIRST_PAGE 200
#define PAGE 5000
#define RELOAD_DELAY_MS 100

struct _RpStoreListModel
{
  GObject           parent_instance;

  RpStore          *store;
  RpStoreListQuery  query;
  GPtrArray        *items;
  GPtrArray        *pending;        /* the list being rebuilt by a reload, or NULL */
  GCancellable     *cancellable;
  guint             generation;
  guint             reload_source;
  gboolean          loading;
  gboolean          stale;          /* a change came in while loading */
  gint64            load_started;
  gint64            load_time;
};

typedef struct
{
  GWeakRef model;
  guint    generation;
} PageRequest;

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RpStoreListModel, rp_store_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_KIND,
  PROP_ACCOUNT_ID,
  PROP_LOADING,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean reload_cb (gpointer user_data);
static void request_page (RpStoreListModel *self,
                          gboolean          has_after,
                          gint64            after_key,
                          gint64            after_id,
                          guint             limit);

static GType
item_type_for_kind (RpStoreListKind kind)
{
  switch (kind)
    {
    case RP_STORE_LIST_ORDERS:
      return RP_TYPE_ORDER;
    case RP_STORE_LIST_CONVERSATIONS:
      return RP_TYPE_CONVERSATION;
    case RP_STORE_LIST_MESSAGES:
      return RP_TYPE_MESSAGE;
    case RP_STORE_LIST_DISPUTES:
      return RP_TYPE_DISPUTE;
    case RP_STORE_LIST_SHIPMENTS:
    default:
      return RP_TYPE_SHIPMENT;
    }
}

static guint
changes_for_kind (RpStoreListKind kind)
{
  switch (kind)
    {
    case RP_STORE_LIST_ORDERS:
      return RP_STORE_CHANGE_ORDERS | RP_STORE_CHANGE_ORDER_STATE;
    case RP_STORE_LIST_CONVERSATIONS:
      return RP_STORE_CHANGE_CONVERSATIONS;
    case RP_STORE_LIST_MESSAGES:
      return RP_STORE_CHANGE_MESSAGES | RP_STORE_CHANGE_OUTBOX;
    case RP_STORE_LIST_DISPUTES:
      return RP_STORE_CHANGE_DISPUTES;
    case RP_STORE_LIST_SHIPMENTS:
    default:
      return RP_STORE_CHANGE_SHIPMENTS;
    }
}

static void
set_loading (RpStoreListModel *self,
             gboolean          loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  if (loading)
    self->load_started = g_get_monotonic_time ();
  else
    self->load_time = g_get_monotonic_time () - self->load_started;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
page_request_free (PageRequest *request)
{
  g_weak_ref_clear (&request->model);
  g_free (request);
}

static void
finish_load (RpStoreListModel *self)
{
  if (self->pending != NULL)
    {
      g_autoptr(GPtrArray) old = g_steal_pointer (&self->items);
      guint removed = old->len;

      self->items = g_steal_pointer (&self->pending);
      if (removed > 0 || self->items->len > 0)
        {
          g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->items->len);
          if (removed != self->items->len)
            g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
        }
    }

  set_loading (self, FALSE);

  /* Rows changed under the load: read them again, after a breath. */
  if (self->stale && self->reload_source == 0)
    self->reload_source = g_timeout_add (RELOAD_DELAY_MS, reload_cb, self);
}

static void
page_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  PageRequest *request = user_data;
  g_autoptr(RpStoreListModel) self = g_weak_ref_get (&request->model);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpStoreJob) job = NULL;
  guint generation = request->generation;
  RpStoreListChunk *chunk;
  GPtrArray *target;
  guint position;
  guint limit;

  page_request_free (request);
  job = rp_store_finish_job (NULL, result, rp_store_submit_job, &error);

  if (self == NULL || generation != self->generation)
    return;

  if (job == NULL)
    {
      /* Cancelled: a newer load took over.  Closed: the application is shutting down. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, RP_STORE_ERROR, RP_STORE_ERROR_CLOSED))
        g_warning ("Could not load a list: %s", error->message);

      g_clear_pointer (&self->pending, g_ptr_array_unref);
      set_loading (self, FALSE);
      return;
    }

  chunk = job->result;
  limit = job->query->limit;
  target = self->pending != NULL ? self->pending : self->items;
  position = target->len;

  g_ptr_array_extend_and_steal (target, g_steal_pointer (&chunk->items));
  chunk->items = NULL;

  if (target == self->items && self->items->len > position)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position, 0, self->items->len - position);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }

  if (target->len - position < limit || !chunk->has_last)
    finish_load (self);
  else
    request_page (self, TRUE, chunk->last_key, chunk->last_id, PAGE);
}

static void
request_page (RpStoreListModel *self,
              gboolean          has_after,
              gint64            after_key,
              gint64            after_id,
              guint             limit)
{
  RpStoreJob *job = rp_store_job_new (RP_STORE_JOB_LIST_CHUNK);
  PageRequest *request = g_new0 (PageRequest, 1);

  job->query = rp_store_list_query_copy (&self->query);
  job->query->has_after = has_after;
  job->query->after_key = after_key;
  job->query->after_id = after_id;
  job->query->limit = limit;

  g_weak_ref_init (&request->model, self);
  request->generation = self->generation;

  /* No source object: a model dropped by its view must not live on until its load ends. */
  rp_store_submit_job (self->store, job, NULL, self->cancellable, page_cb, request,
                       rp_store_submit_job);
}

/**
 * rp_store_list_model_reload:
 *
 * Reads the rows again (done by itself when the store reports a change of this kind).
 */
void
rp_store_list_model_reload (RpStoreListModel *self)
{
  g_return_if_fail (RP_IS_STORE_LIST_MODEL (self));

  g_clear_handle_id (&self->reload_source, g_source_remove);
  self->stale = FALSE;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->generation++;

  g_clear_pointer (&self->pending, g_ptr_array_unref);
  if (self->items->len > 0)
    self->pending = g_ptr_array_new_with_free_func (g_object_unref);

  /* A reload may cover many rows at once; a first load shows its first page quickly. */
  set_loading (self, TRUE);
  request_page (self, FALSE, 0, 0, self->pending != NULL ? PAGE : FIRST_PAGE);
}

static gboolean
reload_cb (gpointer user_data)
{
  RpStoreListModel *self = user_data;

  self->reload_source = 0;
  rp_store_list_model_reload (self);

  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (RpStoreListModel *self,
                  guint             changes,
                  gint64            account_id,
                  RpStore          *store)
{
  if ((changes & changes_for_kind (self->query.kind)) == 0)
    return;

  if (self->query.account_id != 0 && account_id != 0 && account_id != self->query.account_id)
    return;

  /* The sync engine writes page after page.  Restarting a load for each page could keep a
   * big list from ever finishing, so a load in progress ends first and is then redone;
   * otherwise one reload covers a burst. */
  if (self->loading)
    self->stale = TRUE;
  else if (self->reload_source == 0)
    self->reload_source = g_timeout_add (RELOAD_DELAY_MS, reload_cb, self);
}

/* GListModel */

static GType
rp_store_list_model_get_item_type (GListModel *model)
{
  return item_type_for_kind (RP_STORE_LIST_MODEL (model)->query.kind);
}

static guint
rp_store_list_model_get_n_items (GListModel *model)
{
  return RP_STORE_LIST_MODEL (model)->items->len;
}

static gpointer
rp_store_list_model_get_item (GListModel *model,
                              guint       position)
{
  RpStoreListModel *self = RP_STORE_LIST_MODEL (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = rp_store_list_model_get_item_type;
  iface->get_n_items = rp_store_list_model_get_n_items;
  iface->get_item = rp_store_list_model_get_item;
}

/* GObject */

static void
rp_store_list_model_constructed (GObject *object)
{
  RpStoreListModel *self = (RpStoreListModel *)object;

  G_OBJECT_CLASS (rp_store_list_model_parent_class)->constructed (object);

  g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  rp_store_list_model_reload (self);
}

static void
rp_store_list_model_dispose (GObject *object)
{
  RpStoreListModel *self = (RpStoreListModel *)object;

  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (rp_store_list_model_parent_class)->dispose (object);
}

static void
rp_store_list_model_finalize (GObject *object)
{
  RpStoreListModel *self = (RpStoreListModel *)object;

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_free (self->query.country);
  g_free (self->query.text);
  g_free (self->query.channel_id);

  G_OBJECT_CLASS (rp_store_list_model_parent_class)->finalize (object);
}

static void
rp_store_list_model_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RpStoreListModel *self = RP_STORE_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->query.kind);
      break;

    case PROP_ACCOUNT_ID:
      g_value_set_int64 (value, self->query.account_id);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_store_list_model_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RpStoreListModel *self = RP_STORE_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_KIND:
      self->query.kind = g_value_get_enum (value);
      break;

    case PROP_ACCOUNT_ID:
      self->query.account_id = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_store_list_model_class_init (RpStoreListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = rp_store_list_model_constructed;
  object_class->dispose = rp_store_list_model_dispose;
  object_class->finalize = rp_store_list_model_finalize;
  object_class->get_property = rp_store_list_model_get_property;
  object_class->set_property = rp_store_list_model_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, RP_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       RP_TYPE_STORE_LIST_KIND, RP_STORE_LIST_ORDERS,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ACCOUNT_ID] =
    g_param_spec_int64 ("account-id", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rp_store_list_model_init (RpStoreListModel *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->query.status = -1;
}

/**
 * rp_store_list_model_new:
 * @account_id: the account, or 0 for all accounts
 *
 * Starts loading at once; #RpStoreListModel:loading turns FALSE when all rows are in.
 * A messages model shows nothing until rp_store_list_model_set_channel().
 */
RpStoreListModel *
rp_store_list_model_new (RpStore         *store,
                         RpStoreListKind  kind,
                         gint64           account_id)
{
  g_return_val_if_fail (RP_IS_STORE (store), NULL);

  return g_object_new (RP_TYPE_STORE_LIST_MODEL,
                       "store", store,
                       "kind", kind,
                       "account-id", account_id,
                       NULL);
}

RpStoreListKind
rp_store_list_model_get_kind (RpStoreListModel *self)
{
  g_return_val_if_fail (RP_IS_STORE_LIST_MODEL (self), 0);

  return self->query.kind;
}

gboolean
rp_store_list_model_get_loading (RpStoreListModel *self)
{
  g_return_val_if_fail (RP_IS_STORE_LIST_MODEL (self), FALSE);

  return self->loading;
}

/* How long the last complete load took, in microseconds. */
gint64
rp_store_list_model_get_load_time (RpStoreListModel *self)
{
  g_return_val_if_fail (RP_IS_STORE_LIST_MODEL (self), 0);

  return self->load_time;
}

void
rp_store_list_model_set_sort (RpStoreListModel *self,
                              RpStoreListSort   sort)
{
  g_return_if_fail (RP_IS_STORE_LIST_MODEL (self));

  if (self->query.sort == sort)
    return;

  self->query.sort = sort;
  rp_store_list_model_reload (self);
}

/* @status: an RpOrderStatus, RpDisputeStatus or RpTrackingStatus for the kind; -1 for any. */
void
rp_store_list_model_set_status (RpStoreListModel *self,
                                int               status)
{
  g_return_if_fail (RP_IS_STORE_LIST_MODEL (self));

  if (self->query.status == status)
    return;

  self->query.status = status;
  rp_store_list_model_reload (self);
}

static gboolean
replace_string (char       **field,
                const char  *value)
{
  /* An empty filter is no filter. */
  if (value != NULL && *value == '\0')
    value = NULL;

  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);

  return TRUE;
}

void
rp_store_list_model_set_country (RpStoreListModel *self,
                                 const char       *country)
{
  g_return_if_fail (RP_IS_STORE_LIST_MODEL (self));

  if (replace_string (&self->query.country, country))
    rp_store_list_model_reload (self);
}

/* One account's rows, or every account's (0): the window shows one store or all. */
void
rp_store_list_model_set_account (RpStoreListModel *self,
                                 gint64            account_id)
{
  g_return_if_fail (RP_IS_STORE_LIST_MODEL (self));
  g_return_if_fail (account_id >= 0);

  if (self->query.account_id == account_id)
    return;

  self->query.account_id = account_id;
  rp_store_list_model_reload (self);
}

/* A substring of the ids and names shown in the list; taken literally (no wildcards). */
void
rp_store_list_model_set_text (RpStoreListModel *self,
                              const char       *text)
{
  g_return_if_fail (RP_IS_STORE_LIST_MODEL (self));
  g_return_if_fail (text == NULL || g_utf8_validate (text, -1, NULL));

  if (replace_string (&self->query.text, text))
    rp_store_list_model_reload (self);
}

void
rp_store_list_model_set_channel (RpStoreListModel *self,
                                 const char       *channel_id)
{
  g_return_if_fail (RP_IS_STORE_LIST_MODEL (self));

  if (replace_string (&self->query.channel_id, channel_id))
    rp_store_list_model_reload (self);
}
