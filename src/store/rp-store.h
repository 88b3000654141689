/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rp-conversation.h"
#include "rp-dispute.h"
#include "rp-message.h"
#include "rp-order.h"
#include "rp-outbox-item.h"
#include "rp-shipment.h"
#include "rp-store-enums.h"

G_BEGIN_DECLS

/* The schema version this code writes; a database with a higher user_version is refused. */
#define RP_STORE_SCHEMA_VERSION 5

#define RP_STORE_ERROR (rp_store_error_quark ())

typedef enum
{
  RP_STORE_ERROR_FAILED,
  RP_STORE_ERROR_TOO_NEW,      /* written by a newer Rapport: never touched */
  RP_STORE_ERROR_NOT_OPEN,
  RP_STORE_ERROR_CLOSED,
  RP_STORE_ERROR_INVALID,      /* bad input: missing id, invalid UTF-8, oversized field */
  RP_STORE_ERROR_NOT_FOUND,
  RP_STORE_ERROR_CORRUPT,
  RP_STORE_ERROR_BUSY,
} RpStoreError;

/* Which rows a write touched; the `changed` signal carries an OR of these. */
typedef enum
{
  RP_STORE_CHANGE_ACCOUNTS      = 1 << 0,
  RP_STORE_CHANGE_ORDERS        = 1 << 1,
  RP_STORE_CHANGE_CONVERSATIONS = 1 << 2,
  RP_STORE_CHANGE_MESSAGES      = 1 << 3,
  RP_STORE_CHANGE_DISPUTES      = 1 << 4,
  RP_STORE_CHANGE_SHIPMENTS     = 1 << 5,
  RP_STORE_CHANGE_OUTBOX        = 1 << 6,
  RP_STORE_CHANGE_ORDER_STATE   = 1 << 7,
  RP_STORE_CHANGE_CURSORS       = 1 << 8,
} RpStoreChange;

/* Keys of the per-order local state (values are text). */
#define RP_STORE_ORDER_STATE_CONFIRMATION          "confirmation"
#define RP_STORE_ORDER_STATE_CONFIRMATION_DEADLINE "confirmation-deadline"
#define RP_STORE_ORDER_STATE_NOTE_OVERRIDE_REASON  "note-override-reason"

/* Maximum length in bytes of any one text field the store accepts. */
#define RP_STORE_MAX_FIELD_LENGTH (1024 * 1024)

typedef struct
{
  gint64  id;
  char   *marketplace;
  char   *base_url;
  char   *app_key;
  char   *name;
  char   *seller_id;
  gint64  created_at;
} RpStoreAccount;

RpStoreAccount *rp_store_account_new  (void);
void            rp_store_account_free (RpStoreAccount *account);

/* A byte range [start, end) in a UTF-8 string. */
typedef struct
{
  guint start;
  guint end;
} RpStoreRange;

typedef struct
{
  RpMessage *message;
  char      *buyer_name;
  GArray    *content_ranges;     /* of RpStoreRange, into message->content */
  GArray    *buyer_name_ranges;  /* of RpStoreRange, into buyer_name */
} RpStoreSearchHit;

void rp_store_search_hit_free (RpStoreSearchHit *hit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpStoreAccount, rp_store_account_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpStoreSearchHit, rp_store_search_hit_free)

#define RP_TYPE_STORE (rp_store_get_type ())

G_DECLARE_FINAL_TYPE (RpStore, rp_store, RP, STORE, GObject)

GQuark      rp_store_error_quark          (void);
char       *rp_store_build_fts_query      (const char *user_text);
const char *rp_store_confirmation_to_string   (RpConfirmationState  state);
gboolean    rp_store_confirmation_from_string (const char          *text,
                                               RpConfirmationState *out_state);

RpStore    *rp_store_new                  (const char *path);
const char *rp_store_get_path             (RpStore    *self);
void        rp_store_close                (RpStore    *self);

/* Opening: creates the file (0600), WAL, foreign keys, migrations. */
void        rp_store_open_async           (RpStore              *self,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean    rp_store_open_finish          (RpStore              *self,
                                           GAsyncResult         *result,
                                           GError              **error);
gboolean    rp_store_open_sync            (RpStore              *self,
                                           GError              **error);

/* Accounts */
void        rp_store_add_account_async    (RpStore              *self,
                                           const RpStoreAccount *account,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gint64      rp_store_add_account_finish   (RpStore              *self,
                                           GAsyncResult         *result,
                                           GError              **error);
gint64      rp_store_add_account_sync     (RpStore              *self,
                                           const RpStoreAccount *account,
                                           GError              **error);
GPtrArray  *rp_store_list_accounts_sync   (RpStore              *self,
                                           GError              **error);
gboolean    rp_store_remove_account_sync  (RpStore              *self,
                                           gint64                account_id,
                                           GError              **error);

/* Upserts: one transaction per call, the sync engine calls them once per page; all of the
 * page or nothing.  @objects is a GPtrArray of the matching core type; the array may be
 * reused at once, the objects are read on the store's thread and must not change until the
 * call completes.  What an object leaves empty (NULL text, 0 time, has_detail FALSE for the
 * detail-only fields, no items or events) keeps the stored value; local state is never
 * touched. */
void        rp_store_upsert_orders_async  (RpStore             *self,
                                           gint64               account_id,
                                           GPtrArray           *objects,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean    rp_store_upsert_orders_finish (RpStore             *self,
                                           GAsyncResult        *result,
                                           GError             **error);
gboolean    rp_store_upsert_orders_sync   (RpStore             *self,
                                           gint64               account_id,
                                           GPtrArray           *objects,
                                           GError             **error);

/* @objects: RpConversation, optionally followed by RpMessage items of those conversations,
 * written in one transaction, conversations first (so their messages are indexed once, with
 * the buyer's name); a message before its conversation is refused and nothing is written. */
void        rp_store_upsert_conversations_async  (RpStore             *self,
                                                  gint64               account_id,
                                                  GPtrArray           *objects,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean    rp_store_upsert_conversations_finish (RpStore             *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
gboolean    rp_store_upsert_conversations_sync   (RpStore             *self,
                                                  gint64               account_id,
                                                  GPtrArray           *objects,
                                                  GError             **error);

void        rp_store_upsert_messages_async  (RpStore             *self,
                                             gint64               account_id,
                                             GPtrArray           *objects,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean    rp_store_upsert_messages_finish (RpStore             *self,
                                             GAsyncResult        *result,
                                             GError             **error);
gboolean    rp_store_upsert_messages_sync   (RpStore             *self,
                                             gint64               account_id,
                                             GPtrArray           *objects,
                                             GError             **error);

void        rp_store_upsert_disputes_async  (RpStore             *self,
                                             gint64               account_id,
                                             GPtrArray           *objects,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean    rp_store_upsert_disputes_finish (RpStore             *self,
                                             GAsyncResult        *result,
                                             GError             **error);
gboolean    rp_store_upsert_disputes_sync   (RpStore             *self,
                                             gint64               account_id,
                                             GPtrArray           *objects,
                                             GError             **error);

void        rp_store_upsert_shipments_async  (RpStore             *self,
                                              gint64               account_id,
                                              GPtrArray           *objects,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean    rp_store_upsert_shipments_finish (RpStore             *self,
                                              GAsyncResult        *result,
                                              GError             **error);
gboolean    rp_store_upsert_shipments_sync   (RpStore             *self,
                                              gint64               account_id,
                                              GPtrArray           *objects,
                                              GError             **error);

/* Reads of one entity with its details.  NULL without error when there is no such row. */
void            rp_store_get_order_async        (RpStore             *self,
                                                 gint64               account_id,
                                                 const char          *order_id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
RpOrder        *rp_store_get_order_finish       (RpStore             *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
RpOrder        *rp_store_get_order_sync         (RpStore             *self,
                                                 gint64               account_id,
                                                 const char          *order_id,
                                                 GError             **error);
RpConversation *rp_store_get_conversation_sync  (RpStore             *self,
                                                 gint64               account_id,
                                                 const char          *channel_id,
                                                 GError             **error);
void            rp_store_get_dispute_async      (RpStore             *self,
                                                 gint64               account_id,
                                                 const char          *issue_id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
RpDispute      *rp_store_get_dispute_finish     (RpStore             *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
RpDispute      *rp_store_get_dispute_sync       (RpStore             *self,
                                                 gint64               account_id,
                                                 const char          *issue_id,
                                                 GError             **error);

/* The messages of one channel, oldest first, local echoes included (GPtrArray of RpMessage). */
void        rp_store_list_messages_async   (RpStore             *self,
                                            gint64               account_id,
                                            const char          *channel_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GPtrArray  *rp_store_list_messages_finish  (RpStore             *self,
                                            GAsyncResult        *result,
                                            GError             **error);
GPtrArray  *rp_store_list_messages_sync    (RpStore             *self,
                                            gint64               account_id,
                                            const char          *channel_id,
                                            GError             **error);

/* The shipments of one order with their tracking events (GPtrArray of RpShipment). */
void        rp_store_list_shipments_async  (RpStore             *self,
                                            gint64               account_id,
                                            const char          *order_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GPtrArray  *rp_store_list_shipments_finish (RpStore             *self,
                                            GAsyncResult        *result,
                                            GError             **error);
GPtrArray  *rp_store_list_shipments_sync   (RpStore             *self,
                                            gint64               account_id,
                                            const char          *order_id,
                                            GError             **error);

/* The same for several orders (NULL-terminated) in one read. */
void        rp_store_list_shipments_of_orders_async  (RpStore             *self,
                                                      gint64               account_id,
                                                      const char * const  *order_ids,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GPtrArray  *rp_store_list_shipments_of_orders_finish (RpStore             *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* Parcels not delivered (or without a timeline yet) last asked about before @polled_before. */
GPtrArray  *rp_store_list_open_shipments_sync (RpStore           *self,
                                               gint64             account_id,
                                               gint64             polled_before,
                                               GError           **error);

/* Number of rows of one kind (a single RpStoreChange bit) for an account, or all with 0. */
gint64      rp_store_count_sync            (RpStore             *self,
                                            gint64               account_id,
                                            RpStoreChange        kind,
                                            GError             **error);

/* Every row of one table, in primary-key order, as text: for comparing a database with
 * another source.  Returns a GPtrArray of rows, each a GPtrArray of char * with one entry per
 * column (NULL for SQL NULL); the column names go to @out_columns. */
GPtrArray  *rp_store_dump_table_sync       (RpStore             *self,
                                            const char          *table,
                                            GStrv               *out_columns,
                                            GError             **error);

/* Per-order local state (never touched by upserts).  A NULL value deletes the key. */
void        rp_store_set_order_state_async  (RpStore             *self,
                                             gint64               account_id,
                                             const char          *order_id,
                                             const char          *key,
                                             const char          *value,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean    rp_store_set_order_state_finish (RpStore             *self,
                                             GAsyncResult        *result,
                                             GError             **error);
gboolean    rp_store_set_order_state_sync   (RpStore             *self,
                                             gint64               account_id,
                                             const char          *order_id,
                                             const char          *key,
                                             const char          *value,
                                             GError             **error);
char       *rp_store_get_order_state_sync   (RpStore             *self,
                                             gint64               account_id,
                                             const char          *order_id,
                                             const char          *key,
                                             GError             **error);

/* Sync cursors per account and resource. */
gboolean    rp_store_set_cursor_sync       (RpStore             *self,
                                            gint64               account_id,
                                            const char          *resource,
                                            const char          *value,
                                            GError             **error);
char       *rp_store_get_cursor_sync       (RpStore             *self,
                                            gint64               account_id,
                                            const char          *resource,
                                            GError             **error);

/* Once-only notices already given (a dispute deadline alert, a likely-online window…), by
 * key per account, so that a restart neither repeats nor forgets them.  The list is every
 * key of @account_id with when it was given: a GHashTable of char * → gint64 * (UTC µs),
 * transfer full, never NULL on success.  Adding a key already there keeps its first time;
 * pruning drops, for every account, the notices given before @before (UTC µs) and returns
 * how many went. */
void        rp_store_notices_list_async    (RpStore             *self,
                                            gint64               account_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GHashTable *rp_store_notices_list_finish   (RpStore             *self,
                                            GAsyncResult        *result,
                                            GError             **error);
GHashTable *rp_store_notices_list_sync     (RpStore             *self,
                                            gint64               account_id,
                                            GError             **error);
void        rp_store_notice_add_async      (RpStore             *self,
                                            gint64               account_id,
                                            const char          *key,
                                            gint64               fired_at,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    rp_store_notice_add_finish     (RpStore             *self,
                                            GAsyncResult        *result,
                                            GError             **error);
gboolean    rp_store_notice_add_sync       (RpStore             *self,
                                            gint64               account_id,
                                            const char          *key,
                                            gint64               fired_at,
                                            GError             **error);
void        rp_store_notices_prune_async   (RpStore             *self,
                                            gint64               before,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gint64      rp_store_notices_prune_finish  (RpStore             *self,
                                            GAsyncResult        *result,
                                            GError             **error);
gint64      rp_store_notices_prune_sync    (RpStore             *self,
                                            gint64               before,
                                            GError             **error);

/* Full-text search over message text and buyer names.  @user_text is text, never FTS syntax.
 * Newest first; GPtrArray of RpStoreSearchHit. */
void        rp_store_search_messages_async  (RpStore             *self,
                                             gint64               account_id,
                                             const char          *user_text,
                                             guint                limit,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
GPtrArray  *rp_store_search_messages_finish (RpStore             *self,
                                             GAsyncResult        *result,
                                             GError             **error);
GPtrArray  *rp_store_search_messages_sync   (RpStore             *self,
                                             gint64               account_id,
                                             const char          *user_text,
                                             guint                limit,
                                             GError             **error);

/* Outbox.  Enqueue commits the item (and, for a message or confirmation, the local-echo
 * message row @echo) in one transaction and returns the new id. */
void          rp_store_outbox_enqueue_async     (RpStore             *self,
                                                 RpOutboxItem        *item,
                                                 RpMessage           *echo,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gint64        rp_store_outbox_enqueue_finish    (RpStore             *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
gint64        rp_store_outbox_enqueue_sync      (RpStore             *self,
                                                 RpOutboxItem        *item,
                                                 RpMessage           *echo,
                                                 GError             **error);

/* Takes the oldest sendable item (queued, failed-retryable or scheduled, not_before <= @now,
 * no older pending item for the same target) and marks it sending.  NULL when none. */
void          rp_store_outbox_claim_async       (RpStore             *self,
                                                 gint64               account_id,
                                                 gint64               now,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
RpOutboxItem *rp_store_outbox_claim_finish      (RpStore             *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
RpOutboxItem *rp_store_outbox_claim_sync        (RpStore             *self,
                                                 gint64               account_id,
                                                 gint64               now,
                                                 GError             **error);

/* Records the outcome of a send.  SENT takes @remote_id: the echo row gets it as its server
 * message id and stays linked to the item (message->outbox_id; outbox_state then reads
 * SENT), so a later re-read can tell which server messages are already accounted for; if
 * the server's copy was pulled first, that row takes the link and the echo is dropped.
 * FAILED_* take @error_text; FAILED_RETRYABLE and SCHEDULED take @not_before. */
void          rp_store_outbox_set_state_async   (RpStore             *self,
                                                 gint64               id,
                                                 RpOutboxState        state,
                                                 const char          *remote_id,
                                                 const char          *error_text,
                                                 gint64               not_before,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean      rp_store_outbox_set_state_finish  (RpStore             *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
gboolean      rp_store_outbox_set_state_sync    (RpStore             *self,
                                                 gint64               id,
                                                 RpOutboxState        state,
                                                 const char          *remote_id,
                                                 const char          *error_text,
                                                 gint64               not_before,
                                                 GError             **error);

/* Drops an item that is not being sent (and its echo row): the seller discards it. */
gboolean      rp_store_outbox_discard_sync      (RpStore             *self,
                                                 gint64               id,
                                                 GError             **error);

/* Moves an item that is still waiting (queued or scheduled, not being sent) to @not_before
 * (UTC µs), as scheduled: the engine holds back what would reach a buyer in their quiet
 * hours, and the seller moves a scheduled message.  An item being sent, sent or failed does
 * not move: RP_STORE_ERROR_INVALID. */
void          rp_store_outbox_reschedule_async  (RpStore             *self,
                                                 gint64               id,
                                                 gint64               not_before,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean      rp_store_outbox_reschedule_finish (RpStore             *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
gboolean      rp_store_outbox_reschedule_sync   (RpStore             *self,
                                                 gint64               id,
                                                 gint64               not_before,
                                                 GError             **error);

/* Every item, oldest first (GPtrArray of RpOutboxItem). */
void          rp_store_outbox_list_async        (RpStore             *self,
                                                 gint64               account_id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GPtrArray    *rp_store_outbox_list_finish       (RpStore             *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
GPtrArray    *rp_store_outbox_list_sync         (RpStore             *self,
                                                 gint64               account_id,
                                                 GError             **error);

gboolean      rp_store_give_way_sync            (RpStore             *self,
                                                 GError             **error);

/* "PRAGMA integrity_check": TRUE when it says ok. */
gboolean      rp_store_check_integrity_sync     (RpStore             *self,
                                                 GError             **error);

G_END_DECLS
