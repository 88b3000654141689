/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rp-context.h"

G_BEGIN_DECLS

#define RP_TYPE_DISPUTE_DETAIL (rp_dispute_detail_get_type ())

G_DECLARE_FINAL_TYPE (RpDisputeDetail, rp_dispute_detail, RP, DISPUTE_DETAIL, GtkWidget)

RpContext  *rp_dispute_detail_get_context  (RpDisputeDetail *self);
void        rp_dispute_detail_set_context  (RpDisputeDetail *self,
                                            RpContext       *context);
/* Shows one dispute (read from the cache, kept fresh on its changes); NULL shows none. */
void        rp_dispute_detail_show         (RpDisputeDetail *self,
                                            gint64           account_id,
                                            const char      *issue_id);
const char *rp_dispute_detail_get_issue_id (RpDisputeDetail *self);
/* TRUE once the shown dispute's details are on screen. */
gboolean    rp_dispute_detail_get_loaded   (RpDisputeDetail *self);
/* Moves the countdown and the badge on to @now (UTC µs): the page's clock calls it. */
void        rp_dispute_detail_update_clock (RpDisputeDetail *self,
                                            gint64           now);

G_END_DECLS
