/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rp-context.h"
#include "rp-dispute-detail.h"

G_BEGIN_DECLS

#define RP_TYPE_DISPUTES_PAGE (rp_disputes_page_get_type ())

G_DECLARE_FINAL_TYPE (RpDisputesPage, rp_disputes_page, RP, DISPUTES_PAGE, GtkWidget)

RpContext       *rp_disputes_page_get_context (RpDisputesPage *self);
void             rp_disputes_page_set_context (RpDisputesPage *self,
                                               RpContext      *context);
/* The disputes listed (RpDispute), or NULL before the cache is open (transfer none). */
GListModel      *rp_disputes_page_get_model   (RpDisputesPage *self);
RpDisputeDetail *rp_disputes_page_get_detail  (RpDisputesPage *self);
/* Shows a dispute's detail, as a click on its row does; FALSE when it is not listed. */
gboolean         rp_disputes_page_select      (RpDisputesPage *self,
                                               gint64          account_id,
                                               const char     *issue_id);
/* Pins the clock deadlines are measured against (UTC µs); 0 follows the real time. */
void             rp_disputes_page_set_now     (RpDisputesPage *self,
                                               gint64          now);

G_END_DECLS
