/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rp-marketplace.h"
#include "rp-store.h"

G_BEGIN_DECLS

typedef enum
{
  RP_SYNC_PHASE_IDLE,
  RP_SYNC_PHASE_ORDERS,
  RP_SYNC_PHASE_CONVERSATIONS,
  RP_SYNC_PHASE_DISPUTES,
  RP_SYNC_PHASE_TRACKING,
  RP_SYNC_PHASE_OUTBOX,
} RpSyncPhase;

/* Figures of one run, for progress lines, tests and benchmarks. */
typedef struct
{
  guint orders;
  guint conversations;
  guint messages;
  guint disputes;
  guint shipments;
  guint requests;
  guint sent;          /* outbox items that reached the marketplace */
  guint failed;        /* outbox items that failed for good */
} RpSyncStats;

/* Makes the connector.  It is called on the engine's own thread, which then owns it: a
 * SoupSession belongs to the thread that made it. */
typedef RpMarketplace *(*RpMarketplaceFactory) (gpointer   user_data,
                                                GError   **error);

#define RP_TYPE_SYNC_ENGINE (rp_sync_engine_get_type ())

G_DECLARE_FINAL_TYPE (RpSyncEngine, rp_sync_engine, RP, SYNC_ENGINE, GObject)

RpSyncEngine *rp_sync_engine_new               (RpStore               *store,
                                                gint64                 account_id,
                                                RpMarketplaceFactory   factory,
                                                gpointer               factory_data,
                                                GDestroyNotify         factory_data_destroy);
gint64        rp_sync_engine_get_account_id    (RpSyncEngine          *self);
RpSyncPhase   rp_sync_engine_get_phase         (RpSyncEngine          *self);
guint         rp_sync_engine_get_done          (RpSyncEngine          *self);
guint         rp_sync_engine_get_total         (RpSyncEngine          *self);
gboolean      rp_sync_engine_get_running       (RpSyncEngine          *self);
gint64        rp_sync_engine_get_last_success  (RpSyncEngine          *self);
const char   *rp_sync_engine_get_last_error    (RpSyncEngine          *self);
void          rp_sync_engine_shutdown          (RpSyncEngine          *self);
void          rp_sync_engine_set_background_priority (RpSyncEngine    *self,
                                                      gboolean         background);

/* Pulls what changed (everything with @full), then sends the outbox. */
void          rp_sync_engine_sync_async        (RpSyncEngine          *self,
                                                gboolean               full,
                                                GCancellable          *cancellable,
                                                GAsyncReadyCallback    callback,
                                                gpointer               user_data);
gboolean      rp_sync_engine_sync_finish       (RpSyncEngine          *self,
                                                GAsyncResult          *result,
                                                RpSyncStats           *out_stats,
                                                GError               **error);

/* Sends every outbox item that is due, in order within each conversation. */
void          rp_sync_engine_send_outbox_async  (RpSyncEngine         *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean      rp_sync_engine_send_outbox_finish (RpSyncEngine         *self,
                                                 GAsyncResult         *result,
                                                 RpSyncStats          *out_stats,
                                                 GError              **error);

G_END_DECLS
