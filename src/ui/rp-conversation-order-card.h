/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rp-order.h"
#include "rp-shipment.h"

G_BEGIN_DECLS

#define RP_TYPE_CONVERSATION_ORDER_CARD (rp_conversation_order_card_get_type ())

G_DECLARE_FINAL_TYPE (RpConversationOrderCard, rp_conversation_order_card, RP, CONVERSATION_ORDER_CARD, GtkWidget)

/* The linked order beside a conversation: status, total, items, address, note, parcel. */
void rp_conversation_order_card_set_order    (RpConversationOrderCard *self,
                                              RpOrder                 *order);
void rp_conversation_order_card_set_shipment (RpConversationOrderCard *self,
                                              RpShipment              *shipment);
/* What a row shows, for tests: "status", "total", "items", "address", "note", "parcel". */
const char *rp_conversation_order_card_get_text (RpConversationOrderCard *self,
                                                 const char              *row);

G_END_DECLS
