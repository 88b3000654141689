/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The order's marketplace state, normalised.  The raw marketplace string is kept beside it. */
typedef enum
{
  RP_ORDER_STATUS_UNKNOWN,
  RP_ORDER_STATUS_AWAITING_PAYMENT,   /* PLACE_ORDER_SUCCESS, PAYMENT_PROCESSING */
  RP_ORDER_STATUS_RISK_CONTROL,       /* RISK_CONTROL, RISK_CONTROL_HOLD */
  RP_ORDER_STATUS_TO_SHIP,            /* WAIT_SELLER_SEND_GOODS, SELLER_PART_SEND_GOODS */
  RP_ORDER_STATUS_SHIPPED,            /* WAIT_BUYER_ACCEPT_GOODS */
  RP_ORDER_STATUS_IN_CANCEL,          /* IN_CANCEL */
  RP_ORDER_STATUS_IN_DISPUTE,         /* IN_ISSUE, IN_FROZEN, WAIT_SELLER_EXAMINE_MONEY */
  RP_ORDER_STATUS_FINISHED,           /* FUND_PROCESSING, FINISH, ARCHIVE */
} RpOrderStatus;

/* DESIGN §6: none -> sent -> buyer replied | window closed -> shipped. */
typedef enum
{
  RP_CONFIRMATION_NONE,
  RP_CONFIRMATION_SENT,
  RP_CONFIRMATION_NEEDS_REVIEW,
  RP_CONFIRMATION_READY_TO_SHIP,
  RP_CONFIRMATION_SHIPPED,
} RpConfirmationState;

typedef enum
{
  RP_TRACKING_PENDING,
  RP_TRACKING_INFO_RECEIVED,
  RP_TRACKING_IN_TRANSIT,
  RP_TRACKING_OUT_FOR_DELIVERY,
  RP_TRACKING_DELIVERED,
  RP_TRACKING_ATTEMPT_FAILED,
  RP_TRACKING_EXCEPTION,
  RP_TRACKING_EXPIRED,
} RpTrackingStatus;

/* DESIGN §5: queued -> sending -> sent | failed-retryable | failed-permanent | scheduled. */
typedef enum
{
  RP_OUTBOX_QUEUED,
  RP_OUTBOX_SENDING,
  RP_OUTBOX_SENT,
  RP_OUTBOX_FAILED_RETRYABLE,
  RP_OUTBOX_FAILED_PERMANENT,
  RP_OUTBOX_SCHEDULED,
} RpOutboxState;

typedef enum
{
  RP_DISPUTE_STATUS_PROCESSING,
  RP_DISPUTE_STATUS_CANCELED,
  RP_DISPUTE_STATUS_FINISHED,
} RpDisputeStatus;

RpOrderStatus rp_order_status_from_marketplace (const char *status);

G_END_DECLS
