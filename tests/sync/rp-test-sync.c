/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-test-sync"

#include "config.h"

#include "rp-test-sync.h"

void
rp_test_sync_teardown (RpTestStore *cache)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rp_store_check_integrity_sync (cache->store, &error));
  g_assert_no_error (error);
  rp_test_store_teardown (cache, NULL);
}

void
rp_test_sync_result_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      data)
{
  *(GAsyncResult **)data = g_object_ref (result);
}

gboolean
rp_test_sync_run (RpTestStore           *cache,
                  RpTestSyncPass         pass,
                  RpMarketplaceFactory   factory,
                  gpointer               factory_data,
                  GSettings             *settings,
                  RpSyncStats           *out_stats,
                  GError               **error)
{
  g_autoptr(RpSyncEngine) engine = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gboolean ok;

  engine = rp_sync_engine_new (cache->store, cache->account, factory, factory_data, NULL);
  if (settings != NULL)
    g_object_set (engine, "settings", settings, NULL);

  if (pass == RP_TEST_SYNC_PULL)
    rp_sync_engine_sync_async (engine, FALSE, NULL, rp_test_sync_result_cb, &result);
  else
    rp_sync_engine_send_outbox_async (engine, NULL, rp_test_sync_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  if (pass == RP_TEST_SYNC_PULL)
    ok = rp_sync_engine_sync_finish (engine, result, out_stats, error);
  else
    ok = rp_sync_engine_send_outbox_finish (engine, result, out_stats, error);
  rp_sync_engine_shutdown (engine);

  /* Progress notifications still queued hold the engine, which holds the store. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  return ok;
}

/* The made-up marketplace ------------------------------------------------------------- */

struct _RpTestMarket
{
  GObject  parent_instance;
  gpointer world;
};

static RpTestMarketMethods market_methods;

static void
rp_test_market_iface_init (RpMarketplaceInterface *iface)
{
  g_assert_nonnull (market_methods);
  market_methods (iface);
}

G_DEFINE_FINAL_TYPE_WITH_CODE (RpTestMarket, rp_test_market, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RP_TYPE_MARKETPLACE,
                                                      rp_test_market_iface_init))

static void
rp_test_market_class_init (RpTestMarketClass *klass)
{
}

static void
rp_test_market_init (RpTestMarket *self)
{
}

void
rp_test_market_set_methods (RpTestMarketMethods methods)
{
  /* The interface is filled in once, when the type is first used. */
  g_assert_true (market_methods == NULL || market_methods == methods);
  market_methods = methods;
}

RpMarketplace *
rp_test_market_new (gpointer   world,
                    GError   **error)
{
  RpTestMarket *market = g_object_new (RP_TEST_TYPE_MARKET, NULL);

  market->world = world;
  return RP_MARKETPLACE (market);
}

gpointer
rp_test_market_get_world (RpMarketplace *market)
{
  return RP_TEST_MARKET (market)->world;
}
