/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rp-store.h"
#include "rp-store-list-model.h"
#include "rp-sync-engine.h"

G_BEGIN_DECLS

#define RP_TYPE_CONTEXT (rp_context_get_type ())

G_DECLARE_FINAL_TYPE (RpContext, rp_context, RP, CONTEXT, GObject)

RpContext    *rp_context_new             (GSettings           *settings);
GSettings    *rp_context_get_settings    (RpContext           *self);
RpStore      *rp_context_get_store       (RpContext           *self);
gboolean      rp_context_get_demo        (RpContext           *self);
gboolean      rp_context_get_syncing     (RpContext           *self);
double        rp_context_get_progress    (RpContext           *self);
const char   *rp_context_get_status      (RpContext           *self);
gint64        rp_context_get_last_sync   (RpContext           *self);
guint         rp_context_get_n_accounts  (RpContext           *self);
gboolean      rp_context_get_offline     (RpContext           *self);
void          rp_context_set_background_priority (RpContext   *self,
                                                  gboolean     background);
gboolean      rp_context_get_background_priority (RpContext   *self);
gint64        rp_context_get_shown_account (RpContext         *self);
void          rp_context_set_shown_account (RpContext         *self,
                                            gint64             account_id);
void          rp_context_follow_shown_account (RpContext      *self,
                                               RpStoreListModel *model);
GPtrArray    *rp_context_get_accounts      (RpContext         *self);
gboolean      rp_context_get_account_sync  (RpContext         *self,
                                            gint64             account_id,
                                            gboolean          *running,
                                            gint64            *last_success,
                                            const char       **last_error);
char         *rp_context_default_db_path (gboolean             demo);

/* Opens the cache at @db_path, starts an engine per account, then syncs them all. */
void          rp_context_open_async      (RpContext           *self,
                                          const char          *db_path,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean      rp_context_open_finish     (RpContext           *self,
                                          GAsyncResult        *result,
                                          GError             **error);

/* Starts the demo marketplace, opens the demo's own cache and syncs it. */
void          rp_context_open_demo_async  (RpContext           *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean      rp_context_open_demo_finish (RpContext           *self,
                                           GAsyncResult        *result,
                                           GError             **error);

void          rp_context_sync_now        (RpContext           *self,
                                          gboolean             full);
void          rp_context_send_outbox     (RpContext           *self,
                                          gint64               account_id);
/* The logistics services of a store account (GPtrArray of RpLogisticsService), from the
 * marketplace or from the cache when they were read in the last day. */
void          rp_context_list_logistics_services_async  (RpContext           *self,
                                                         gint64               account_id,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
GPtrArray    *rp_context_list_logistics_services_finish (RpContext           *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

void          rp_context_close           (RpContext           *self);
void          rp_context_shutdown        (RpContext           *self);

G_END_DECLS
