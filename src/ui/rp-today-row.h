/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rp-today-item.h"

G_BEGIN_DECLS

#define RP_TYPE_TODAY_ROW (rp_today_row_get_type ())

G_DECLARE_FINAL_TYPE (RpTodayRow, rp_today_row, RP, TODAY_ROW, GtkWidget)

GtkWidget   *rp_today_row_new      (void);
RpTodayItem *rp_today_row_get_item (RpTodayRow  *self);
void         rp_today_row_set_item (RpTodayRow  *self,
                                    RpTodayItem *item);

G_END_DECLS
