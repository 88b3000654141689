/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rp-dispute.h"
#include "rp-order.h"
#include "rp-shipment.h"

G_BEGIN_DECLS

/* The per-order local state key that records the seller's first reply to a dispute.  Its
 * value is "ISSUE_ID AT" (AT in UTC µs): a later dispute on the same order has another
 * issue id and so is not answered yet. */
#define RP_DISPUTE_ORDER_STATE_ANSWERED "dispute-answered"

#define RP_DISPUTE_REPLY_ERROR (rp_dispute_reply_error_quark ())

typedef enum
{
  RP_DISPUTE_REPLY_ERROR_INVALID,          /* malformed state value or money */
  RP_DISPUTE_REPLY_ERROR_OVER_CAP,         /* more than the refundable maximum */
  RP_DISPUTE_REPLY_ERROR_NOT_POSITIVE,     /* zero or negative refund */
  RP_DISPUTE_REPLY_ERROR_CURRENCY,         /* not the currency of the cap */
} RpDisputeReplyError;

GQuark      rp_dispute_reply_error_quark    (void);

/* The state value for "answered @issue_id at @at". */
char       *rp_dispute_answered_format      (const char     *issue_id,
                                             gint64          at);
/* Parses a value written by rp_dispute_answered_format(). */
gboolean    rp_dispute_answered_parse       (const char     *value,
                                             char          **out_issue_id,
                                             gint64         *out_at,
                                             GError        **error);
/* Whether @value (the order's state, may be NULL) records an answer to @dispute. */
gboolean    rp_dispute_is_answered          (RpDispute      *dispute,
                                             const char     *value,
                                             gint64         *out_at);

/* "12.34 USD": locale-neutral, minor units with the currency's two decimals. */
char       *rp_dispute_format_money         (const RpMoney  *money);
/* Reads "12.34", "12,34" or "12" into minor units; FALSE + error otherwise. */
gboolean    rp_dispute_parse_amount         (const char     *text,
                                             gint64         *out_cents,
                                             GError        **error);
/* A seller refund must be positive, in the cap's currency and at most the cap. */
gboolean    rp_dispute_check_refund         (const RpMoney  *amount,
                                             const RpMoney  *cap,
                                             GError        **error);

/* A language's own name ("Deutsch") for a template language code, or the code itself. */
const char *rp_dispute_language_name        (const char     *language);
/* The main language (ISO 639-1) of a buyer's country; "en" when unknown. */
char       *rp_dispute_buyer_language       (const char     *country);
/* The first reply for the dispute's reason in @language, filled from the order and its
 * first parcel (@shipment may be NULL; its gaps then stay visible). */
char       *rp_dispute_playbook_render      (RpDispute      *dispute,
                                             RpOrder        *order,
                                             RpShipment     *shipment,
                                             const char     *language,
                                             GError        **error);

G_END_DECLS
