/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The flags of one row of the model, at most seven bits. */
typedef guint (*RpMaskFunc) (gpointer item,
                             gpointer user_data);

#define RP_TYPE_MASK_LIST_MODEL (rp_mask_list_model_get_type ())

G_DECLARE_FINAL_TYPE (RpMaskListModel, rp_mask_list_model, RP, MASK_LIST_MODEL, GObject)

RpMaskListModel *rp_mask_list_model_new       (RpMaskFunc       func,
                                               gpointer         user_data);
GListModel      *rp_mask_list_model_get_model (RpMaskListModel *self);
void             rp_mask_list_model_set_model (RpMaskListModel *self,
                                               GListModel      *model);
guint            rp_mask_list_model_get_mask  (RpMaskListModel *self);
void             rp_mask_list_model_set_mask  (RpMaskListModel *self,
                                               guint            mask);
void             rp_mask_list_model_update    (RpMaskListModel *self);
guint            rp_mask_list_model_get_model_row  (RpMaskListModel *self,
                                                    guint            position);
guint            rp_mask_list_model_find_model_row (RpMaskListModel *self,
                                                    guint            row);

G_END_DECLS
