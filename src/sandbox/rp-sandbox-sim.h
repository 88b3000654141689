/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rp-sandbox-world.h"

G_BEGIN_DECLS

#define RP_SB_TICK_SECONDS 10

void          rp_sb_sim_run_until          (RpSbWorld        *world,
                                            gint64            until_ms);
void          rp_sb_sim_on_seller_message  (RpSbWorld        *world,
                                            RpSbConversation *conversation);
void          rp_sb_sim_on_seller_solution (RpSbWorld        *world,
                                            RpSbDispute      *dispute,
                                            guint             solution_index);
RpSbShipment *rp_sb_sim_on_fulfill         (RpSbWorld        *world,
                                            RpSbOrder        *order,
                                            guint             service,
                                            const char       *logistics_no,
                                            const char       *tracking_website);

G_END_DECLS
