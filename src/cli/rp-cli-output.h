/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "rp-conversation.h"
#include "rp-dispute.h"
#include "rp-message.h"
#include "rp-order.h"
#include "rp-outbox-item.h"
#include "rp-shipment.h"
#include "rp-store.h"

G_BEGIN_DECLS

/* One listing row as a JSON object: the same object feeds --json and the table. */
JsonObject *rp_cli_order_to_json        (RpOrder          *order);
JsonObject *rp_cli_order_detail_to_json (RpOrder          *order,
                                         GPtrArray        *shipments);
JsonObject *rp_cli_conversation_to_json (RpConversation   *conversation);
JsonObject *rp_cli_message_to_json      (RpMessage        *message);
JsonObject *rp_cli_dispute_to_json      (RpDispute        *dispute);
JsonObject *rp_cli_shipment_to_json     (RpShipment       *shipment);
JsonObject *rp_cli_outbox_to_json       (RpOutboxItem     *item);
JsonObject *rp_cli_account_to_json      (RpStoreAccount   *account);
JsonObject *rp_cli_search_hit_to_json   (RpStoreSearchHit *hit);

/* Prints @rows (JsonObject) as a JSON array, or as aligned columns named by @columns. */
void        rp_cli_print_rows           (GPtrArray        *rows,
                                         gboolean          json,
                                         const char * const *columns);
char       *rp_cli_format_time          (gint64            utc_usec);

G_END_DECLS
