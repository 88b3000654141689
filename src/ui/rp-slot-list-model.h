/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rp-list-slot.h"

G_BEGIN_DECLS

#define RP_TYPE_SLOT_LIST_MODEL (rp_slot_list_model_get_type ())

G_DECLARE_FINAL_TYPE (RpSlotListModel, rp_slot_list_model, RP, SLOT_LIST_MODEL, GObject)

RpSlotListModel *rp_slot_list_model_new       (GListModel      *model);
GListModel      *rp_slot_list_model_get_model (RpSlotListModel *self);
void             rp_slot_list_model_set_pace  (RpSlotListModel *self,
                                               guint            rows);
void             rp_slot_list_model_set_from_end (RpSlotListModel *self,
                                                  gboolean         from_end);
void             rp_slot_list_model_show      (RpSlotListModel *self,
                                               guint            n_rows);
guint            rp_slot_list_model_show_row  (RpSlotListModel *self,
                                               guint            row);
void             rp_slot_list_model_rebind    (RpSlotListModel *self);
void             rp_slot_list_model_set_frozen (RpSlotListModel *self,
                                                gboolean         frozen);
gboolean         rp_slot_list_model_get_frozen (RpSlotListModel *self);

G_END_DECLS
