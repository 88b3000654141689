/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "rp-marketplace.h"
#include "rp-token-set.h"

G_BEGIN_DECLS

/* Hard limits on what the marketplace may send us. */
#define RP_ALIEXPRESS_MAX_BODY_SIZE   (32 * 1024 * 1024)
#define RP_ALIEXPRESS_MAX_TEXT_SIZE   (64 * 1024)
#define RP_ALIEXPRESS_MAX_ID_SIZE     128
#define RP_ALIEXPRESS_MAX_DEPTH       64
#define RP_ALIEXPRESS_MAX_LIST_ITEMS  10000

/* Every function here is pure: bytes in, core objects or a GError out, no I/O, so that
 * all of the protocol's data handling is tested without a network. */

JsonNode          *rp_aliexpress_parse_envelope          (GBytes      *body,
                                                          const char  *method,
                                                          GError     **error);
RpMarketplacePage *rp_aliexpress_parse_order_list        (GBytes      *body,
                                                          guint        page,
                                                          guint        page_size,
                                                          gint64       now_usec,
                                                          GError     **error);
RpOrder           *rp_aliexpress_parse_order_detail      (GBytes      *body,
                                                          GPtrArray  **shipments,
                                                          GError     **error);
RpMarketplacePage *rp_aliexpress_parse_relation_list     (GBytes      *body,
                                                          guint        page,
                                                          guint        page_size,
                                                          GError     **error);
RpMarketplacePage *rp_aliexpress_parse_message_list      (GBytes      *body,
                                                          const char  *channel_id,
                                                          const char  *buyer_login_id,
                                                          const char  *seller_login_id,
                                                          guint        page,
                                                          guint        page_size,
                                                          GError     **error);
char              *rp_aliexpress_parse_send_message      (GBytes      *body,
                                                          GError     **error);
gboolean           rp_aliexpress_parse_write_result      (GBytes      *body,
                                                          const char  *method,
                                                          GError     **error);
RpMarketplacePage *rp_aliexpress_parse_issue_list        (GBytes      *body,
                                                          guint        page_size,
                                                          GError     **error);
RpDispute         *rp_aliexpress_parse_issue_detail      (GBytes      *body,
                                                          GError     **error);
GPtrArray         *rp_aliexpress_parse_logistics_services (GBytes     *body,
                                                          GError     **error);
GPtrArray         *rp_aliexpress_parse_tracking          (GBytes      *body,
                                                          GError     **error);
RpTokenSet        *rp_aliexpress_parse_token             (GBytes      *body,
                                                          gint64       now_usec,
                                                          GError     **error);
gboolean           rp_aliexpress_parse_amount            (const char  *text,
                                                          gint64      *out_cents);

G_END_DECLS
