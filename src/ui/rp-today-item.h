/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "rp-today.h"

G_BEGIN_DECLS

#define RP_TYPE_TODAY_ITEM (rp_today_item_get_type ())

G_DECLARE_FINAL_TYPE (RpTodayItem, rp_today_item, RP, TODAY_ITEM, GObject)

RpTodayItem  *rp_today_item_new               (RpTask       *task,
                                               gint64        account_id,
                                               const char   *buyer_country,
                                               GTimeZone    *buyer_zone);
RpTodayItem  *rp_today_item_copy              (RpTodayItem  *self);
const RpTask *rp_today_item_get_task          (RpTodayItem  *self);
RpTaskKind    rp_today_item_get_kind          (RpTodayItem  *self);
gint64        rp_today_item_get_account_id    (RpTodayItem  *self);
const char   *rp_today_item_get_buyer_country (RpTodayItem  *self);
GTimeZone    *rp_today_item_get_buyer_zone    (RpTodayItem  *self);
const char   *rp_today_item_get_page          (RpTodayItem  *self);
const char   *rp_today_item_get_store_name    (RpTodayItem  *self);
void          rp_today_item_set_store_name    (RpTodayItem  *self,
                                               const char   *store_name);
char         *rp_today_item_format_buyer_time (RpTodayItem  *self,
                                               gint64        now);

const char   *rp_today_kind_get_page          (RpTaskKind    kind);

G_END_DECLS
