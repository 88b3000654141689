/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _RpStore RpStore;

typedef enum
{
  RP_STORE_LIST_ORDERS,         /* RpOrder, without items */
  RP_STORE_LIST_CONVERSATIONS,  /* RpConversation, by last activity */
  RP_STORE_LIST_MESSAGES,       /* RpMessage of one channel, oldest first */
  RP_STORE_LIST_DISPUTES,       /* RpDispute without solutions/history, by deadline */
  RP_STORE_LIST_SHIPMENTS,      /* RpShipment without events, newest first */
} RpStoreListKind;

typedef enum
{
  RP_STORE_LIST_SORT_DEFAULT,        /* the natural order of the kind (see above) */
  RP_STORE_LIST_SORT_CREATED_DESC,   /* orders: newest first (the default) */
  RP_STORE_LIST_SORT_MODIFIED_DESC,  /* orders: recently changed first */
  RP_STORE_LIST_SORT_SHIP_BY_ASC,    /* orders: the most urgent to ship first, none last */
} RpStoreListSort;

#define RP_TYPE_STORE_LIST_MODEL (rp_store_list_model_get_type ())

G_DECLARE_FINAL_TYPE (RpStoreListModel, rp_store_list_model, RP, STORE_LIST_MODEL, GObject)

RpStoreListModel *rp_store_list_model_new          (RpStore           *store,
                                                    RpStoreListKind    kind,
                                                    gint64             account_id);
RpStoreListKind   rp_store_list_model_get_kind     (RpStoreListModel  *self);
gboolean          rp_store_list_model_get_loading  (RpStoreListModel  *self);
gint64            rp_store_list_model_get_load_time (RpStoreListModel *self);

/* Query parameters (applied in SQL); each one reloads the model. */
void              rp_store_list_model_set_sort     (RpStoreListModel  *self,
                                                    RpStoreListSort    sort);
void              rp_store_list_model_set_status   (RpStoreListModel  *self,
                                                    int                status);
void              rp_store_list_model_set_country  (RpStoreListModel  *self,
                                                    const char        *country);
void              rp_store_list_model_set_account  (RpStoreListModel  *self,
                                                    gint64             account_id);
void              rp_store_list_model_set_text     (RpStoreListModel  *self,
                                                    const char        *text);
void              rp_store_list_model_set_channel  (RpStoreListModel  *self,
                                                    const char        *channel_id);
void              rp_store_list_model_reload       (RpStoreListModel  *self);

G_END_DECLS
