/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rp-context.h"

G_BEGIN_DECLS

#define RP_TYPE_TODAY_PAGE (rp_today_page_get_type ())

G_DECLARE_FINAL_TYPE (RpTodayPage, rp_today_page, RP, TODAY_PAGE, GtkWidget)

RpContext  *rp_today_page_get_context (RpTodayPage *self);
void        rp_today_page_set_context (RpTodayPage *self,
                                       RpContext   *context);
GListModel *rp_today_page_get_tasks   (RpTodayPage *self);

G_END_DECLS
