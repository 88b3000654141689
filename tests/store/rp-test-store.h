/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rp-store.h"

G_BEGIN_DECLS

/* A cache of its own in a temporary folder, with two store accounts (whose rows a query
 * must keep apart), for the tests of the store's readers. */
typedef struct
{
  char    *dir;
  RpStore *store;
  gint64   account;
  gint64   other;
} RpTestStore;

/* The time the fixtures' rows are made around: 2025-11-24 16:00 UTC, in µs. */
#define RP_TEST_STORE_T0 G_GINT64_CONSTANT (1764000000000000)

void        rp_test_store_setup       (RpTestStore      *f,
                                       gconstpointer     data);
void        rp_test_store_teardown    (RpTestStore      *f,
                                       gconstpointer     data);

/* A parcel of @order_id to France, shipped at RP_TEST_STORE_T0, last asked about at
 * @polled_at (0: never), with @n_events events an hour apart from then, "Event 0" first
 * (transfer full). */
RpShipment *rp_test_store_make_parcel (const char       *order_id,
                                       RpTrackingStatus  status,
                                       gint64            polled_at,
                                       guint             n_events);

/* The id of this process's thread called @name (Linux's /proc), or -1 when there is none. */
gint64      rp_test_thread_id         (const char       *name);

G_END_DECLS
