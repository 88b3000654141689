/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rp-marketplace.h"
#include "rp-store.h"
#include "rp-sync-engine.h"
#include "rp-test-store.h"

G_BEGIN_DECLS

/* The engine's tests run over the store tests' cache (rp-test-store.h): the engine syncs
 * its first account; a marketplace is made up by the test, and one engine pass runs at a
 * time. */

/* Checks the cache's integrity, then closes it (the store must be the last reference
 * left) and removes its folder. */
void     rp_test_sync_teardown   (RpTestStore          *cache);

typedef enum
{
  RP_TEST_SYNC_PULL,     /* an incremental sync, then the outbox */
  RP_TEST_SYNC_OUTBOX,   /* the outbox alone, as after a send */
} RpTestSyncPass;

/* One pass on a new engine made with @factory and @factory_data, given @settings (NULL
 * for none), waited for and shut down; what the pass's finish returned. */
gboolean rp_test_sync_run        (RpTestStore          *cache,
                                  RpTestSyncPass        pass,
                                  RpMarketplaceFactory  factory,
                                  gpointer              factory_data,
                                  GSettings            *settings,
                                  RpSyncStats          *out_stats,
                                  GError              **error);

/* A GAsyncReadyCallback that keeps a reference to the result in *@data (a GAsyncResult *),
 * for a loop that waits until it is set. */
void     rp_test_sync_result_cb  (GObject              *object,
                                  GAsyncResult         *result,
                                  gpointer              data);

/* The made-up marketplace: a connector that calls the methods the test gives, with the
 * test's own data.  rp_test_market_set_methods() comes first, once per test program. */
#define RP_TEST_TYPE_MARKET (rp_test_market_get_type ())
G_DECLARE_FINAL_TYPE (RpTestMarket, rp_test_market, RP_TEST, MARKET, GObject)

typedef void (*RpTestMarketMethods) (RpMarketplaceInterface *iface);

void           rp_test_market_set_methods (RpTestMarketMethods  methods);
/* An RpMarketplaceFactory: a new connector over @world. */
RpMarketplace *rp_test_market_new         (gpointer             world,
                                           GError             **error);
gpointer       rp_test_market_get_world   (RpMarketplace       *market);

G_END_DECLS
