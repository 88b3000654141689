/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rp-marketplace.h"
#include "rp-store.h"

G_BEGIN_DECLS

/* How long the marketplace's list of logistics services is kept before it is asked again. */
#define RP_LOGISTICS_SERVICES_MAX_AGE G_TIME_SPAN_DAY

/* The logistics services of @account (GPtrArray of RpLogisticsService, the marketplace's
 * recommended first): from the cache while it is younger than a day, otherwise from the
 * marketplace, then kept.  Blocks: call it in a thread. */
GPtrArray *rp_logistics_services_get_sync  (RpStore               *store,
                                            const RpStoreAccount  *account,
                                            GCancellable          *cancellable,
                                            GError               **error);

/* The cached form: {"fetched_at": µs, "services": [...]}. */
char      *rp_logistics_services_to_json   (GPtrArray             *services,
                                            gint64                 fetched_at);
GPtrArray *rp_logistics_services_from_json (const char            *json,
                                            gint64                *fetched_at,
                                            GError               **error);

G_END_DECLS
