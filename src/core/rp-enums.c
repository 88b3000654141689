/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-enums"

#include "config.h"

#include "rp-enums.h"

RpOrderStatus
rp_order_status_from_marketplace (const char *status)
{
  static const struct {
    const char *name;
    RpOrderStatus status;
  } table[] = {
    { "PLACE_ORDER_SUCCESS", RP_ORDER_STATUS_AWAITING_PAYMENT },
    { "PAYMENT_PROCESSING", RP_ORDER_STATUS_AWAITING_PAYMENT },
    { "RISK_CONTROL", RP_ORDER_STATUS_RISK_CONTROL },
    { "RISK_CONTROL_HOLD", RP_ORDER_STATUS_RISK_CONTROL },
    { "WAIT_SELLER_SEND_GOODS", RP_ORDER_STATUS_TO_SHIP },
    { "SELLER_PART_SEND_GOODS", RP_ORDER_STATUS_TO_SHIP },
    { "WAIT_BUYER_ACCEPT_GOODS", RP_ORDER_STATUS_SHIPPED },
    { "IN_CANCEL", RP_ORDER_STATUS_IN_CANCEL },
    { "IN_ISSUE", RP_ORDER_STATUS_IN_DISPUTE },
    { "IN_FROZEN", RP_ORDER_STATUS_IN_DISPUTE },
    { "WAIT_SELLER_EXAMINE_MONEY", RP_ORDER_STATUS_IN_DISPUTE },
    { "FUND_PROCESSING", RP_ORDER_STATUS_FINISHED },
    { "FINISH", RP_ORDER_STATUS_FINISHED },
    { "ARCHIVE", RP_ORDER_STATUS_FINISHED },
  };

  if (status == NULL)
    return RP_ORDER_STATUS_UNKNOWN;

  /* Some views report lower-case in_issue / in_frozen. */
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (g_ascii_strcasecmp (status, table[i].name) == 0)
      return table[i].status;

  return RP_ORDER_STATUS_UNKNOWN;
}
