/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-marketplace"

#include "config.h"

#include "rp-marketplace.h"

G_DEFINE_INTERFACE (RpMarketplace, rp_marketplace, G_TYPE_OBJECT)

static void
rp_marketplace_default_init (RpMarketplaceInterface *iface)
{
}

RpOrderQuery *
rp_order_query_new (void)
{
  RpOrderQuery *query = g_new0 (RpOrderQuery, 1);

  query->page = 1;
  query->page_size = 50;
  return query;
}

void
rp_order_query_free (RpOrderQuery *query)
{
  if (query == NULL)
    return;

  g_strfreev (query->statuses);
  g_free (query->buyer_login_id);
  g_free (query);
}

RpOrderQuery *
rp_order_query_copy (const RpOrderQuery *query)
{
  RpOrderQuery *copy;

  if (query == NULL)
    return NULL;

  copy = g_memdup2 (query, sizeof *query);
  copy->statuses = g_strdupv (query->statuses);
  copy->buyer_login_id = g_strdup (query->buyer_login_id);
  return copy;
}

RpConversationQuery *
rp_conversation_query_new (void)
{
  RpConversationQuery *query = g_new0 (RpConversationQuery, 1);

  query->rank = -1;
  query->page = 1;
  query->page_size = 50;
  return query;
}

void
rp_conversation_query_free (RpConversationQuery *query)
{
  g_free (query);
}

RpMarketplacePage *
rp_marketplace_page_new (void)
{
  RpMarketplacePage *page = g_new0 (RpMarketplacePage, 1);

  page->items = g_ptr_array_new_with_free_func (g_object_unref);
  page->total_count = -1;
  return page;
}

void
rp_marketplace_page_free (RpMarketplacePage *page)
{
  if (page == NULL)
    return;

  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_free (page);
}

RpLogisticsService *
rp_logistics_service_new (void)
{
  return g_new0 (RpLogisticsService, 1);
}

void
rp_logistics_service_free (RpLogisticsService *service)
{
  if (service == NULL)
    return;

  g_free (service->service_name);
  g_free (service->display_name);
  g_free (service->company);
  g_free (service->tracking_no_regex);
  g_free (service);
}

RpSolutionDraft *
rp_solution_draft_new (void)
{
  return g_new0 (RpSolutionDraft, 1);
}

void
rp_solution_draft_free (RpSolutionDraft *draft)
{
  if (draft == NULL)
    return;

  g_free (draft->issue_id);
  g_free (draft->buyer_login_id);
  g_free (draft->solution_type);
  g_free (draft->buyer_solution_id);
  g_free (draft->modify_solution_id);
  g_free (draft->return_address_id);
  g_free (draft->content);
  g_free (draft);
}

RpSolutionDraft *
rp_solution_draft_copy (const RpSolutionDraft *draft)
{
  RpSolutionDraft *copy;

  if (draft == NULL)
    return NULL;

  copy = g_memdup2 (draft, sizeof *draft);
  copy->issue_id = g_strdup (draft->issue_id);
  copy->buyer_login_id = g_strdup (draft->buyer_login_id);
  copy->solution_type = g_strdup (draft->solution_type);
  copy->buyer_solution_id = g_strdup (draft->buyer_solution_id);
  copy->modify_solution_id = g_strdup (draft->modify_solution_id);
  copy->return_address_id = g_strdup (draft->return_address_id);
  copy->content = g_strdup (draft->content);
  return copy;
}

RpFulfillment *
rp_fulfillment_new (void)
{
  return g_new0 (RpFulfillment, 1);
}

void
rp_fulfillment_free (RpFulfillment *fulfillment)
{
  if (fulfillment == NULL)
    return;

  g_free (fulfillment->order_id);
  g_free (fulfillment->service_name);
  g_free (fulfillment->tracking_no);
  g_free (fulfillment->tracking_website);
  g_free (fulfillment->description);
  g_free (fulfillment);
}

RpFulfillment *
rp_fulfillment_copy (const RpFulfillment *fulfillment)
{
  RpFulfillment *copy;

  if (fulfillment == NULL)
    return NULL;

  copy = g_memdup2 (fulfillment, sizeof *fulfillment);
  copy->order_id = g_strdup (fulfillment->order_id);
  copy->service_name = g_strdup (fulfillment->service_name);
  copy->tracking_no = g_strdup (fulfillment->tracking_no);
  copy->tracking_website = g_strdup (fulfillment->tracking_website);
  copy->description = g_strdup (fulfillment->description);
  return copy;
}

RpMarketplaceCapabilities
rp_marketplace_get_capabilities (RpMarketplace *self)
{
  RpMarketplaceInterface *iface;

  g_return_val_if_fail (RP_IS_MARKETPLACE (self), RP_MARKETPLACE_CAPABILITY_NONE);

  iface = RP_MARKETPLACE_GET_IFACE (self);
  if (iface->get_capabilities == NULL)
    return RP_MARKETPLACE_CAPABILITY_NONE;

  return iface->get_capabilities (self);
}

gboolean
rp_marketplace_has_capability (RpMarketplace             *self,
                               RpMarketplaceCapabilities  capability)
{
  return (rp_marketplace_get_capabilities (self) & capability) == capability;
}

/* The operations.  Every _finish returns its result in full ownership:
 *
 * - list_orders → RpMarketplacePage of RpOrder (no address; has_detail FALSE)
 * - get_order → RpOrder with has_detail TRUE, and optionally a GPtrArray of RpShipment
 * - list_conversations → RpMarketplacePage of RpConversation
 * - list_messages → RpMarketplacePage of RpMessage, in the marketplace's order
 * - send_message → the server's message id ("" when the answer names none: re-read)
 * - list_disputes → RpMarketplacePage of RpDispute; get_dispute → RpDispute with details
 * - list_logistics_services → GPtrArray of RpLogisticsService
 * - query_tracking → a new RpShipment: the given one's fields plus its events, oldest first
 * - the others → TRUE, or FALSE with an error
 *
 * Times in queries and results are UTC µs; the connector converts at its boundary.
 * Calls run in the thread-default main context of the calling thread. */

/* A connector that leaves a vfunc unset answers with a clear error instead of crashing. */
static void
report_unsupported (RpMarketplace       *self,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data,
                    gpointer             source_tag)
{
  g_task_report_new_error (self, callback, user_data, source_tag,
                           RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_UNSUPPORTED,
                           "This marketplace does not support the operation");
}

void
rp_marketplace_list_orders_async (RpMarketplace       *self,
                                  const RpOrderQuery  *query,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  RpMarketplaceInterface *iface;

  g_return_if_fail (RP_IS_MARKETPLACE (self));

  iface = RP_MARKETPLACE_GET_IFACE (self);
  if (iface->list_orders_async == NULL)
    {
      report_unsupported (self, callback, user_data, rp_marketplace_list_orders_async);
      return;
    }

  iface->list_orders_async (self, query, cancellable, callback, user_data);
}

RpMarketplacePage *
rp_marketplace_list_orders_finish (RpMarketplace  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (RP_IS_MARKETPLACE (self), NULL);

  if (g_async_result_is_tagged (result, rp_marketplace_list_orders_async))
    return g_task_propagate_pointer (G_TASK (result), error);

  return RP_MARKETPLACE_GET_IFACE (self)->list_orders_finish (self, result, error);
}

void
rp_marketplace_get_order_async (RpMarketplace       *self,
                                const char          *order_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  RpMarketplaceInterface *iface;

  g_return_if_fail (RP_IS_MARKETPLACE (self));

  iface = RP_MARKETPLACE_GET_IFACE (self);
  if (iface->get_order_async == NULL)
    {
      report_unsupported (self, callback, user_data, rp_marketplace_get_order_async);
      return;
    }

  iface->get_order_async (self, order_id, cancellable, callback, user_data);
}

RpOrder *
rp_marketplace_get_order_finish (RpMarketplace  *self,
                                 GAsyncResult   *result,
                                 GPtrArray     **shipments,
                                 GError        **error)
{
  g_return_val_if_fail (RP_IS_MARKETPLACE (self), NULL);

  if (shipments != NULL)
    *shipments = NULL;

  if (g_async_result_is_tagged (result, rp_marketplace_get_order_async))
    return g_task_propagate_pointer (G_TASK (result), error);

  return RP_MARKETPLACE_GET_IFACE (self)->get_order_finish (self, result, shipments, error);
}

void
rp_marketplace_list_conversations_async (RpMarketplace             *self,
                                         const RpConversationQuery *query,
                                         GCancellable              *cancellable,
                                         GAsyncReadyCallback        callback,
                                         gpointer                   user_data)
{
  RpMarketplaceInterface *iface;

  g_return_if_fail (RP_IS_MARKETPLACE (self));

  iface = RP_MARKETPLACE_GET_IFACE (self);
  if (iface->list_conversations_async == NULL)
    {
      report_unsupported (self, callback, user_data, rp_marketplace_list_conversations_async);
      return;
    }

  iface->list_conversations_async (self, query, cancellable, callback, user_data);
}

RpMarketplacePage *
rp_marketplace_list_conversations_finish (RpMarketplace  *self,
                                          GAsyncResult   *result,
                                          GError        **error)
{
  g_return_val_if_fail (RP_IS_MARKETPLACE (self), NULL);

  if (g_async_result_is_tagged (result, rp_marketplace_list_conversations_async))
    return g_task_propagate_pointer (G_TASK (result), error);

  return RP_MARKETPLACE_GET_IFACE (self)->list_conversations_finish (self, result, error);
}

void
rp_marketplace_list_messages_async (RpMarketplace       *self,
                                    const char          *channel_id,
                                    const char          *buyer_login_id,
                                    guint                page,
                                    guint                page_size,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  RpMarketplaceInterface *iface;

  g_return_if_fail (RP_IS_MARKETPLACE (self));

  iface = RP_MARKETPLACE_GET_IFACE (self);
  if (iface->list_messages_async == NULL)
    {
      report_unsupported (self, callback, user_data, rp_marketplace_list_messages_async);
      return;
    }

  iface->list_messages_async (self, channel_id, buyer_login_id, page, page_size, cancellable, callback, user_data);
}

RpMarketplacePage *
rp_marketplace_list_messages_finish (RpMarketplace  *self,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  g_return_val_if_fail (RP_IS_MARKETPLACE (self), NULL);

  if (g_async_result_is_tagged (result, rp_marketplace_list_messages_async))
    return g_task_propagate_pointer (G_TASK (result), error);

  return RP_MARKETPLACE_GET_IFACE (self)->list_messages_finish (self, result, error);
}

void
rp_marketplace_send_message_async (RpMarketplace       *self,
                                   const char          *channel_id,
                                   const char          *buyer_login_id,
                                   const char          *order_id,
                                   const char          *text,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  RpMarketplaceInterface *iface;

  g_return_if_fail (RP_IS_MARKETPLACE (self));

  iface = RP_MARKETPLACE_GET_IFACE (self);
  if (iface->send_message_async == NULL)
    {
      report_unsupported (self, callback, user_data, rp_marketplace_send_message_async);
      return;
    }

  iface->send_message_async (self, channel_id, buyer_login_id, order_id, text, cancellable, callback, user_data);
}

char *
rp_marketplace_send_message_finish (RpMarketplace  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (RP_IS_MARKETPLACE (self), NULL);

  if (g_async_result_is_tagged (result, rp_marketplace_send_message_async))
    return g_task_propagate_pointer (G_TASK (result), error);

  return RP_MARKETPLACE_GET_IFACE (self)->send_message_finish (self, result, error);
}

void
rp_marketplace_mark_read_async (RpMarketplace       *self,
                                const char          *channel_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  RpMarketplaceInterface *iface;

  g_return_if_fail (RP_IS_MARKETPLACE (self));

  iface = RP_MARKETPLACE_GET_IFACE (self);
  if (iface->mark_read_async == NULL)
    {
      report_unsupported (self, callback, user_data, rp_marketplace_mark_read_async);
      return;
    }

  iface->mark_read_async (self, channel_id, cancellable, callback, user_data);
}

gboolean
rp_marketplace_mark_read_finish (RpMarketplace  *self,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  g_return_val_if_fail (RP_IS_MARKETPLACE (self), FALSE);

  if (g_async_result_is_tagged (result, rp_marketplace_mark_read_async))
    return g_task_propagate_boolean (G_TASK (result), error);

  return RP_MARKETPLACE_GET_IFACE (self)->mark_read_finish (self, result, error);
}

void
rp_marketplace_mark_processed_async (RpMarketplace       *self,
                                     const char          *channel_id,
                                     gboolean             processed,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  RpMarketplaceInterface *iface;

  g_return_if_fail (RP_IS_MARKETPLACE (self));

  iface = RP_MARKETPLACE_GET_IFACE (self);
  if (iface->mark_processed_async == NULL)
    {
      report_unsupported (self, callback, user_data, rp_marketplace_mark_processed_async);
      return;
    }

  iface->mark_processed_async (self, channel_id, processed, cancellable, callback, user_data);
}

gboolean
rp_marketplace_mark_processed_finish (RpMarketplace  *self,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  g_return_val_if_fail (RP_IS_MARKETPLACE (self), FALSE);

  if (g_async_result_is_tagged (result, rp_marketplace_mark_processed_async))
    return g_task_propagate_boolean (G_TASK (result), error);

  return RP_MARKETPLACE_GET_IFACE (self)->mark_processed_finish (self, result, error);
}

void
rp_marketplace_set_rank_async (RpMarketplace       *self,
                               const char          *channel_id,
                               guint                rank,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  RpMarketplaceInterface *iface;

  g_return_if_fail (RP_IS_MARKETPLACE (self));

  iface = RP_MARKETPLACE_GET_IFACE (self);
  if (iface->set_rank_async == NULL)
    {
      report_unsupported (self, callback, user_data, rp_marketplace_set_rank_async);
      return;
    }

  iface->set_rank_async (self, channel_id, rank, cancellable, callback, user_data);
}

gboolean
rp_marketplace_set_rank_finish (RpMarketplace  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (RP_IS_MARKETPLACE (self), FALSE);

  if (g_async_result_is_tagged (result, rp_marketplace_set_rank_async))
    return g_task_propagate_boolean (G_TASK (result), error);

  return RP_MARKETPLACE_GET_IFACE (self)->set_rank_finish (self, result, error);
}

void
rp_marketplace_list_disputes_async (RpMarketplace       *self,
                                    const char          *status,
                                    guint                page,
                                    guint                page_size,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  RpMarketplaceInterface *iface;

  g_return_if_fail (RP_IS_MARKETPLACE (self));

  iface = RP_MARKETPLACE_GET_IFACE (self);
  if (iface->list_disputes_async == NULL)
    {
      report_unsupported (self, callback, user_data, rp_marketplace_list_disputes_async);
      return;
    }

  iface->list_disputes_async (self, status, page, page_size, cancellable, callback, user_data);
}

RpMarketplacePage *
rp_marketplace_list_disputes_finish (RpMarketplace  *self,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  g_return_val_if_fail (RP_IS_MARKETPLACE (self), NULL);

  if (g_async_result_is_tagged (result, rp_marketplace_list_disputes_async))
    return g_task_propagate_pointer (G_TASK (result), error);

  return RP_MARKETPLACE_GET_IFACE (self)->list_disputes_finish (self, result, error);
}

void
rp_marketplace_get_dispute_async (RpMarketplace       *self,
                                  const char          *issue_id,
                                  const char          *buyer_login_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  RpMarketplaceInterface *iface;

  g_return_if_fail (RP_IS_MARKETPLACE (self));

  iface = RP_MARKETPLACE_GET_IFACE (self);
  if (iface->get_dispute_async == NULL)
    {
      report_unsupported (self, callback, user_data, rp_marketplace_get_dispute_async);
      return;
    }

  iface->get_dispute_async (self, issue_id, buyer_login_id, cancellable, callback, user_data);
}

RpDispute *
rp_marketplace_get_dispute_finish (RpMarketplace  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (RP_IS_MARKETPLACE (self), NULL);

  if (g_async_result_is_tagged (result, rp_marketplace_get_dispute_async))
    return g_task_propagate_pointer (G_TASK (result), error);

  return RP_MARKETPLACE_GET_IFACE (self)->get_dispute_finish (self, result, error);
}

void
rp_marketplace_save_solution_async (RpMarketplace         *self,
                                    const RpSolutionDraft *draft,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data)
{
  RpMarketplaceInterface *iface;

  g_return_if_fail (RP_IS_MARKETPLACE (self));

  iface = RP_MARKETPLACE_GET_IFACE (self);
  if (iface->save_solution_async == NULL)
    {
      report_unsupported (self, callback, user_data, rp_marketplace_save_solution_async);
      return;
    }

  iface->save_solution_async (self, draft, cancellable, callback, user_data);
}

gboolean
rp_marketplace_save_solution_finish (RpMarketplace  *self,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  g_return_val_if_fail (RP_IS_MARKETPLACE (self), FALSE);

  if (g_async_result_is_tagged (result, rp_marketplace_save_solution_async))
    return g_task_propagate_boolean (G_TASK (result), error);

  return RP_MARKETPLACE_GET_IFACE (self)->save_solution_finish (self, result, error);
}

void
rp_marketplace_agree_solution_async (RpMarketplace       *self,
                                     const char          *issue_id,
                                     const char          *buyer_login_id,
                                     const char          *solution_id,
                                     const char          *return_address_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  RpMarketplaceInterface *iface;

  g_return_if_fail (RP_IS_MARKETPLACE (self));

  iface = RP_MARKETPLACE_GET_IFACE (self);
  if (iface->agree_solution_async == NULL)
    {
      report_unsupported (self, callback, user_data, rp_marketplace_agree_solution_async);
      return;
    }

  iface->agree_solution_async (self, issue_id, buyer_login_id, solution_id, return_address_id, cancellable, callback, user_data);
}

gboolean
rp_marketplace_agree_solution_finish (RpMarketplace  *self,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  g_return_val_if_fail (RP_IS_MARKETPLACE (self), FALSE);

  if (g_async_result_is_tagged (result, rp_marketplace_agree_solution_async))
    return g_task_propagate_boolean (G_TASK (result), error);

  return RP_MARKETPLACE_GET_IFACE (self)->agree_solution_finish (self, result, error);
}

void
rp_marketplace_fulfill_async (RpMarketplace       *self,
                              const RpFulfillment *fulfillment,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  RpMarketplaceInterface *iface;

  g_return_if_fail (RP_IS_MARKETPLACE (self));

  iface = RP_MARKETPLACE_GET_IFACE (self);
  if (iface->fulfill_async == NULL)
    {
      report_unsupported (self, callback, user_data, rp_marketplace_fulfill_async);
      return;
    }

  iface->fulfill_async (self, fulfillment, cancellable, callback, user_data);
}

gboolean
rp_marketplace_fulfill_finish (RpMarketplace  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (RP_IS_MARKETPLACE (self), FALSE);

  if (g_async_result_is_tagged (result, rp_marketplace_fulfill_async))
    return g_task_propagate_boolean (G_TASK (result), error);

  return RP_MARKETPLACE_GET_IFACE (self)->fulfill_finish (self, result, error);
}

void
rp_marketplace_list_logistics_services_async (RpMarketplace       *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  RpMarketplaceInterface *iface;

  g_return_if_fail (RP_IS_MARKETPLACE (self));

  iface = RP_MARKETPLACE_GET_IFACE (self);
  if (iface->list_logistics_services_async == NULL)
    {
      report_unsupported (self, callback, user_data, rp_marketplace_list_logistics_services_async);
      return;
    }

  iface->list_logistics_services_async (self, cancellable, callback, user_data);
}

GPtrArray *
rp_marketplace_list_logistics_services_finish (RpMarketplace  *self,
                                               GAsyncResult   *result,
                                               GError        **error)
{
  g_return_val_if_fail (RP_IS_MARKETPLACE (self), NULL);

  if (g_async_result_is_tagged (result, rp_marketplace_list_logistics_services_async))
    return g_task_propagate_pointer (G_TASK (result), error);

  return RP_MARKETPLACE_GET_IFACE (self)->list_logistics_services_finish (self, result, error);
}

void
rp_marketplace_query_tracking_async (RpMarketplace       *self,
                                     RpShipment          *shipment,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  RpMarketplaceInterface *iface;

  g_return_if_fail (RP_IS_MARKETPLACE (self));

  iface = RP_MARKETPLACE_GET_IFACE (self);
  if (iface->query_tracking_async == NULL)
    {
      report_unsupported (self, callback, user_data, rp_marketplace_query_tracking_async);
      return;
    }

  iface->query_tracking_async (self, shipment, cancellable, callback, user_data);
}

RpShipment *
rp_marketplace_query_tracking_finish (RpMarketplace  *self,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  g_return_val_if_fail (RP_IS_MARKETPLACE (self), NULL);

  if (g_async_result_is_tagged (result, rp_marketplace_query_tracking_async))
    return g_task_propagate_pointer (G_TASK (result), error);

  return RP_MARKETPLACE_GET_IFACE (self)->query_tracking_finish (self, result, error);
}

void
rp_marketplace_extend_accept_time_async (RpMarketplace       *self,
                                         const char          *order_id,
                                         guint                days,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  RpMarketplaceInterface *iface;

  g_return_if_fail (RP_IS_MARKETPLACE (self));

  iface = RP_MARKETPLACE_GET_IFACE (self);
  if (iface->extend_accept_time_async == NULL)
    {
      report_unsupported (self, callback, user_data, rp_marketplace_extend_accept_time_async);
      return;
    }

  iface->extend_accept_time_async (self, order_id, days, cancellable, callback, user_data);
}

gboolean
rp_marketplace_extend_accept_time_finish (RpMarketplace  *self,
                                          GAsyncResult   *result,
                                          GError        **error)
{
  g_return_val_if_fail (RP_IS_MARKETPLACE (self), FALSE);

  if (g_async_result_is_tagged (result, rp_marketplace_extend_accept_time_async))
    return g_task_propagate_boolean (G_TASK (result), error);

  return RP_MARKETPLACE_GET_IFACE (self)->extend_accept_time_finish (self, result, error);
}
