/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rp-marketplace.h"
#include "rp-outbox-item.h"

G_BEGIN_DECLS

/* What an outbox item carries, for every kind.  The store keeps it as JSON text it never
 * reads; this is the one place that writes and reads that text. */
typedef struct
{
  char            *channel_id;
  char            *buyer_login_id;
  char            *order_id;
  char            *text;
  gboolean         flag;               /* mark-processed: processed or not */
  guint            number;             /* set-rank: the rank; extend-accept: days */
  char            *issue_id;
  char            *solution_id;
  char            *return_address_id;
  gint64           deadline;           /* confirmation: the end of the objection window */
  RpFulfillment   *fulfillment;
  RpSolutionDraft *solution;
} RpOutboxPayload;

RpOutboxPayload *rp_outbox_payload_new     (void);
void             rp_outbox_payload_free    (RpOutboxPayload  *payload);
char            *rp_outbox_payload_to_json (RpOutboxKind      kind,
                                            const RpOutboxPayload *payload);
RpOutboxPayload *rp_outbox_payload_parse   (RpOutboxKind      kind,
                                            const char       *json,
                                            GError          **error);
const char      *rp_outbox_payload_target  (RpOutboxKind      kind,
                                            const RpOutboxPayload *payload);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpOutboxPayload, rp_outbox_payload_free)

G_END_DECLS
