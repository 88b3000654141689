/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rp-conversation.h"
#include "rp-dispute.h"
#include "rp-message.h"
#include "rp-order.h"
#include "rp-shipment.h"
#include "rp-marketplace-error.h"

G_BEGIN_DECLS

/* What a connector can do; a view offers an action only when its flag is set, and
 * otherwise degrades to "open in Seller Center". */
typedef enum /*< flags >*/
{
  RP_MARKETPLACE_CAPABILITY_NONE            = 0,
  RP_MARKETPLACE_CAPABILITY_ORDERS          = 1 << 0,
  RP_MARKETPLACE_CAPABILITY_ORDER_DETAIL    = 1 << 1,
  RP_MARKETPLACE_CAPABILITY_MESSAGES_READ   = 1 << 2,
  RP_MARKETPLACE_CAPABILITY_MESSAGES_SEND   = 1 << 3,
  RP_MARKETPLACE_CAPABILITY_DISPUTES        = 1 << 4,
  RP_MARKETPLACE_CAPABILITY_DISPUTE_ACTIONS = 1 << 5,
  RP_MARKETPLACE_CAPABILITY_FULFILL         = 1 << 6,
  RP_MARKETPLACE_CAPABILITY_TRACKING        = 1 << 7,
  RP_MARKETPLACE_CAPABILITY_EXTEND_ACCEPT   = 1 << 8,
} RpMarketplaceCapabilities;

/* A connector never follows more pages than this in one listing, whatever the server says. */
#define RP_MARKETPLACE_MAX_PAGES 10000
#define RP_MARKETPLACE_MAX_PAGE_SIZE 100

typedef struct
{
  gint64    created_from;         /* UTC µs, inclusive; 0 = unbounded */
  gint64    created_to;
  gint64    modified_from;
  gint64    modified_to;
  GStrv     statuses;             /* marketplace words; NULL = the marketplace's default set */
  char     *buyer_login_id;
  guint     page;                 /* 1-based */
  guint     page_size;
} RpOrderQuery;

typedef struct
{
  gint64    from;                 /* last message time window, UTC µs; 0 = unbounded */
  gint64    to;
  gboolean  only_unread;
  gboolean  only_unprocessed;
  int       rank;                 /* 0–5, or -1 for any */
  guint     page;
  guint     page_size;
} RpConversationQuery;

/* One page of a listing: items are RpOrder, RpConversation, RpMessage or RpDispute. */
typedef struct
{
  GPtrArray *items;
  guint      page;
  guint      page_size;
  guint      total_pages;         /* 0 when the marketplace does not say; capped */
  gint64     total_count;         /* -1 when the marketplace does not say */
  gboolean   has_more;
} RpMarketplacePage;

typedef struct
{
  char    *service_name;
  char    *display_name;
  char    *company;
  char    *tracking_no_regex;
  guint    min_process_days;
  guint    max_process_days;
  guint    recommend_order;
} RpLogisticsService;

typedef struct
{
  char     *issue_id;
  char     *buyer_login_id;
  gboolean  add;                  /* TRUE: a new seller solution; FALSE: modify one */
  char     *solution_type;        /* refund, return_and_refund */
  char     *buyer_solution_id;    /* the buyer's solution this answers (required to add) */
  char     *modify_solution_id;
  RpMoney   refund;
  char     *return_address_id;
  char     *content;              /* the seller's reasoning */
} RpSolutionDraft;

typedef struct
{
  char     *order_id;
  char     *service_name;
  char     *tracking_no;
  gboolean  partial;              /* send_type part instead of all */
  char     *tracking_website;     /* only for service "other" */
  char     *description;
} RpFulfillment;

RpOrderQuery        *rp_order_query_new               (void);
void                 rp_order_query_free              (RpOrderQuery        *query);
RpConversationQuery *rp_conversation_query_new        (void);
void                 rp_conversation_query_free       (RpConversationQuery *query);
RpMarketplacePage   *rp_marketplace_page_new          (void);
void                 rp_marketplace_page_free         (RpMarketplacePage   *page);
RpLogisticsService  *rp_logistics_service_new         (void);
void                 rp_logistics_service_free        (RpLogisticsService  *service);
RpSolutionDraft     *rp_solution_draft_new            (void);
void                 rp_solution_draft_free           (RpSolutionDraft     *draft);
RpSolutionDraft     *rp_solution_draft_copy           (const RpSolutionDraft *draft);
RpFulfillment       *rp_fulfillment_new               (void);
void                 rp_fulfillment_free              (RpFulfillment       *fulfillment);
RpFulfillment       *rp_fulfillment_copy              (const RpFulfillment *fulfillment);
RpOrderQuery        *rp_order_query_copy              (const RpOrderQuery  *query);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpOrderQuery, rp_order_query_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpConversationQuery, rp_conversation_query_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpMarketplacePage, rp_marketplace_page_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpLogisticsService, rp_logistics_service_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpSolutionDraft, rp_solution_draft_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpFulfillment, rp_fulfillment_free)

#define RP_TYPE_MARKETPLACE (rp_marketplace_get_type ())

G_DECLARE_INTERFACE (RpMarketplace, rp_marketplace, RP, MARKETPLACE, GObject)

struct _RpMarketplaceInterface
{
  GTypeInterface parent_iface;

  RpMarketplaceCapabilities (*get_capabilities) (RpMarketplace *self);

  void               (*list_orders_async)             (RpMarketplace             *self,
                                                       const RpOrderQuery        *query,
                                                       GCancellable              *cancellable,
                                                       GAsyncReadyCallback        callback,
                                                       gpointer                   user_data);
  RpMarketplacePage *(*list_orders_finish)            (RpMarketplace             *self,
                                                       GAsyncResult              *result,
                                                       GError                   **error);
  void               (*get_order_async)               (RpMarketplace             *self,
                                                       const char                *order_id,
                                                       GCancellable              *cancellable,
                                                       GAsyncReadyCallback        callback,
                                                       gpointer                   user_data);
  RpOrder           *(*get_order_finish)              (RpMarketplace             *self,
                                                       GAsyncResult              *result,
                                                       GPtrArray                **shipments,
                                                       GError                   **error);
  void               (*list_conversations_async)      (RpMarketplace             *self,
                                                       const RpConversationQuery *query,
                                                       GCancellable              *cancellable,
                                                       GAsyncReadyCallback        callback,
                                                       gpointer                   user_data);
  RpMarketplacePage *(*list_conversations_finish)     (RpMarketplace             *self,
                                                       GAsyncResult              *result,
                                                       GError                   **error);
  void               (*list_messages_async)           (RpMarketplace             *self,
                                                       const char                *channel_id,
                                                       const char                *buyer_login_id,
                                                       guint                      page,
                                                       guint                      page_size,
                                                       GCancellable              *cancellable,
                                                       GAsyncReadyCallback        callback,
                                                       gpointer                   user_data);
  RpMarketplacePage *(*list_messages_finish)          (RpMarketplace             *self,
                                                       GAsyncResult              *result,
                                                       GError                   **error);
  void               (*send_message_async)            (RpMarketplace             *self,
                                                       const char                *channel_id,
                                                       const char                *buyer_login_id,
                                                       const char                *order_id,
                                                       const char                *text,
                                                       GCancellable              *cancellable,
                                                       GAsyncReadyCallback        callback,
                                                       gpointer                   user_data);
  char              *(*send_message_finish)           (RpMarketplace             *self,
                                                       GAsyncResult              *result,
                                                       GError                   **error);
  void               (*mark_read_async)               (RpMarketplace             *self,
                                                       const char                *channel_id,
                                                       GCancellable              *cancellable,
                                                       GAsyncReadyCallback        callback,
                                                       gpointer                   user_data);
  gboolean           (*mark_read_finish)              (RpMarketplace             *self,
                                                       GAsyncResult              *result,
                                                       GError                   **error);
  void               (*mark_processed_async)          (RpMarketplace             *self,
                                                       const char                *channel_id,
                                                       gboolean                   processed,
                                                       GCancellable              *cancellable,
                                                       GAsyncReadyCallback        callback,
                                                       gpointer                   user_data);
  gboolean           (*mark_processed_finish)         (RpMarketplace             *self,
                                                       GAsyncResult              *result,
                                                       GError                   **error);
  void               (*set_rank_async)                (RpMarketplace             *self,
                                                       const char                *channel_id,
                                                       guint                      rank,
                                                       GCancellable              *cancellable,
                                                       GAsyncReadyCallback        callback,
                                                       gpointer                   user_data);
  gboolean           (*set_rank_finish)               (RpMarketplace             *self,
                                                       GAsyncResult              *result,
                                                       GError                   **error);
  void               (*list_disputes_async)           (RpMarketplace             *self,
                                                       const char                *status,
                                                       guint                      page,
                                                       guint                      page_size,
                                                       GCancellable              *cancellable,
                                                       GAsyncReadyCallback        callback,
                                                       gpointer                   user_data);
  RpMarketplacePage *(*list_disputes_finish)          (RpMarketplace             *self,
                                                       GAsyncResult              *result,
                                                       GError                   **error);
  void               (*get_dispute_async)             (RpMarketplace             *self,
                                                       const char                *issue_id,
                                                       const char                *buyer_login_id,
                                                       GCancellable              *cancellable,
                                                       GAsyncReadyCallback        callback,
                                                       gpointer                   user_data);
  RpDispute         *(*get_dispute_finish)            (RpMarketplace             *self,
                                                       GAsyncResult              *result,
                                                       GError                   **error);
  void               (*save_solution_async)           (RpMarketplace             *self,
                                                       const RpSolutionDraft     *draft,
                                                       GCancellable              *cancellable,
                                                       GAsyncReadyCallback        callback,
                                                       gpointer                   user_data);
  gboolean           (*save_solution_finish)          (RpMarketplace             *self,
                                                       GAsyncResult              *result,
                                                       GError                   **error);
  void               (*agree_solution_async)          (RpMarketplace             *self,
                                                       const char                *issue_id,
                                                       const char                *buyer_login_id,
                                                       const char                *solution_id,
                                                       const char                *return_address_id,
                                                       GCancellable              *cancellable,
                                                       GAsyncReadyCallback        callback,
                                                       gpointer                   user_data);
  gboolean           (*agree_solution_finish)         (RpMarketplace             *self,
                                                       GAsyncResult              *result,
                                                       GError                   **error);
  void               (*fulfill_async)                 (RpMarketplace             *self,
                                                       const RpFulfillment       *fulfillment,
                                                       GCancellable              *cancellable,
                                                       GAsyncReadyCallback        callback,
                                                       gpointer                   user_data);
  gboolean           (*fulfill_finish)                (RpMarketplace             *self,
                                                       GAsyncResult              *result,
                                                       GError                   **error);
  void               (*list_logistics_services_async) (RpMarketplace             *self,
                                                       GCancellable              *cancellable,
                                                       GAsyncReadyCallback        callback,
                                                       gpointer                   user_data);
  GPtrArray         *(*list_logistics_services_finish)(RpMarketplace             *self,
                                                       GAsyncResult              *result,
                                                       GError                   **error);
  void               (*query_tracking_async)          (RpMarketplace             *self,
                                                       RpShipment                *shipment,
                                                       GCancellable              *cancellable,
                                                       GAsyncReadyCallback        callback,
                                                       gpointer                   user_data);
  RpShipment        *(*query_tracking_finish)         (RpMarketplace             *self,
                                                       GAsyncResult              *result,
                                                       GError                   **error);
  void               (*extend_accept_time_async)      (RpMarketplace             *self,
                                                       const char                *order_id,
                                                       guint                      days,
                                                       GCancellable              *cancellable,
                                                       GAsyncReadyCallback        callback,
                                                       gpointer                   user_data);
  gboolean           (*extend_accept_time_finish)     (RpMarketplace             *self,
                                                       GAsyncResult              *result,
                                                       GError                   **error);
};

RpMarketplaceCapabilities rp_marketplace_get_capabilities (RpMarketplace *self);
gboolean                  rp_marketplace_has_capability   (RpMarketplace *self,
                                                           RpMarketplaceCapabilities capability);

void               rp_marketplace_list_orders_async             (RpMarketplace             *self,
                                                                 const RpOrderQuery        *query,
                                                                 GCancellable              *cancellable,
                                                                 GAsyncReadyCallback        callback,
                                                                 gpointer                   user_data);
RpMarketplacePage *rp_marketplace_list_orders_finish            (RpMarketplace             *self,
                                                                 GAsyncResult              *result,
                                                                 GError                   **error);
void               rp_marketplace_get_order_async               (RpMarketplace             *self,
                                                                 const char                *order_id,
                                                                 GCancellable              *cancellable,
                                                                 GAsyncReadyCallback        callback,
                                                                 gpointer                   user_data);
RpOrder           *rp_marketplace_get_order_finish              (RpMarketplace             *self,
                                                                 GAsyncResult              *result,
                                                                 GPtrArray                **shipments,
                                                                 GError                   **error);
void               rp_marketplace_list_conversations_async      (RpMarketplace             *self,
                                                                 const RpConversationQuery *query,
                                                                 GCancellable              *cancellable,
                                                                 GAsyncReadyCallback        callback,
                                                                 gpointer                   user_data);
RpMarketplacePage *rp_marketplace_list_conversations_finish     (RpMarketplace             *self,
                                                                 GAsyncResult              *result,
                                                                 GError                   **error);
void               rp_marketplace_list_messages_async           (RpMarketplace             *self,
                                                                 const char                *channel_id,
                                                                 const char                *buyer_login_id,
                                                                 guint                      page,
                                                                 guint                      page_size,
                                                                 GCancellable              *cancellable,
                                                                 GAsyncReadyCallback        callback,
                                                                 gpointer                   user_data);
RpMarketplacePage *rp_marketplace_list_messages_finish          (RpMarketplace             *self,
                                                                 GAsyncResult              *result,
                                                                 GError                   **error);
void               rp_marketplace_send_message_async            (RpMarketplace             *self,
                                                                 const char                *channel_id,
                                                                 const char                *buyer_login_id,
                                                                 const char                *order_id,
                                                                 const char                *text,
                                                                 GCancellable              *cancellable,
                                                                 GAsyncReadyCallback        callback,
                                                                 gpointer                   user_data);
char              *rp_marketplace_send_message_finish           (RpMarketplace             *self,
                                                                 GAsyncResult              *result,
                                                                 GError                   **error);
void               rp_marketplace_mark_read_async               (RpMarketplace             *self,
                                                                 const char                *channel_id,
                                                                 GCancellable              *cancellable,
                                                                 GAsyncReadyCallback        callback,
                                                                 gpointer                   user_data);
gboolean           rp_marketplace_mark_read_finish              (RpMarketplace             *self,
                                                                 GAsyncResult              *result,
                                                                 GError                   **error);
void               rp_marketplace_mark_processed_async          (RpMarketplace             *self,
                                                                 const char                *channel_id,
                                                                 gboolean                   processed,
                                                                 GCancellable              *cancellable,
                                                                 GAsyncReadyCallback        callback,
                                                                 gpointer                   user_data);
gboolean           rp_marketplace_mark_processed_finish         (RpMarketplace             *self,
                                                                 GAsyncResult              *result,
                                                                 GError                   **error);
void               rp_marketplace_set_rank_async                (RpMarketplace             *self,
                                                                 const char                *channel_id,
                                                                 guint                      rank,
                                                                 GCancellable              *cancellable,
                                                                 GAsyncReadyCallback        callback,
                                                                 gpointer                   user_data);
gboolean           rp_marketplace_set_rank_finish               (RpMarketplace             *self,
                                                                 GAsyncResult              *result,
                                                                 GError                   **error);
void               rp_marketplace_list_disputes_async           (RpMarketplace             *self,
                                                                 const char                *status,
                                                                 guint                      page,
                                                                 guint                      page_size,
                                                                 GCancellable              *cancellable,
                                                                 GAsyncReadyCallback        callback,
                                                                 gpointer                   user_data);
RpMarketplacePage *rp_marketplace_list_disputes_finish          (RpMarketplace             *self,
                                                                 GAsyncResult              *result,
                                                                 GError                   **error);
void               rp_marketplace_get_dispute_async             (RpMarketplace             *self,
                                                                 const char                *issue_id,
                                                                 const char                *buyer_login_id,
                                                                 GCancellable              *cancellable,
                                                                 GAsyncReadyCallback        callback,
                                                                 gpointer                   user_data);
RpDispute         *rp_marketplace_get_dispute_finish            (RpMarketplace             *self,
                                                                 GAsyncResult              *result,
                                                                 GError                   **error);
void               rp_marketplace_save_solution_async           (RpMarketplace             *self,
                                                                 const RpSolutionDraft     *draft,
                                                                 GCancellable              *cancellable,
                                                                 GAsyncReadyCallback        callback,
                                                                 gpointer                   user_data);
gboolean           rp_marketplace_save_solution_finish          (RpMarketplace             *self,
                                                                 GAsyncResult              *result,
                                                                 GError                   **error);
void               rp_marketplace_agree_solution_async          (RpMarketplace             *self,
                                                                 const char                *issue_id,
                                                                 const char                *buyer_login_id,
                                                                 const char                *solution_id,
                                                                 const char                *return_address_id,
                                                                 GCancellable              *cancellable,
                                                                 GAsyncReadyCallback        callback,
                                                                 gpointer                   user_data);
gboolean           rp_marketplace_agree_solution_finish         (RpMarketplace             *self,
                                                                 GAsyncResult              *result,
                                                                 GError                   **error);
void               rp_marketplace_fulfill_async                 (RpMarketplace             *self,
                                                                 const RpFulfillment       *fulfillment,
                                                                 GCancellable              *cancellable,
                                                                 GAsyncReadyCallback        callback,
                                                                 gpointer                   user_data);
gboolean           rp_marketplace_fulfill_finish                (RpMarketplace             *self,
                                                                 GAsyncResult              *result,
                                                                 GError                   **error);
void               rp_marketplace_list_logistics_services_async (RpMarketplace             *self,
                                                                 GCancellable              *cancellable,
                                                                 GAsyncReadyCallback        callback,
                                                                 gpointer                   user_data);
GPtrArray         *rp_marketplace_list_logistics_services_finish(RpMarketplace             *self,
                                                                 GAsyncResult              *result,
                                                                 GError                   **error);
void               rp_marketplace_query_tracking_async          (RpMarketplace             *self,
                                                                 RpShipment                *shipment,
                                                                 GCancellable              *cancellable,
                                                                 GAsyncReadyCallback        callback,
                                                                 gpointer                   user_data);
RpShipment        *rp_marketplace_query_tracking_finish         (RpMarketplace             *self,
                                                                 GAsyncResult              *result,
                                                                 GError                   **error);
void               rp_marketplace_extend_accept_time_async      (RpMarketplace             *self,
                                                                 const char                *order_id,
                                                                 guint                      days,
                                                                 GCancellable              *cancellable,
                                                                 GAsyncReadyCallback        callback,
                                                                 gpointer                   user_data);
gboolean           rp_marketplace_extend_accept_time_finish     (RpMarketplace             *self,
                                                                 GAsyncResult              *result,
                                                                 GError                   **error);

G_END_DECLS
