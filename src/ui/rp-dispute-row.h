/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rp-dispute.h"

G_BEGIN_DECLS

#define RP_TYPE_DISPUTE_ROW (rp_dispute_row_get_type ())

G_DECLARE_FINAL_TYPE (RpDisputeRow, rp_dispute_row, RP, DISPUTE_ROW, GtkWidget)

GtkWidget *rp_dispute_row_new      (void);
RpDispute *rp_dispute_row_get_item (RpDisputeRow *self);
void       rp_dispute_row_set_item (RpDisputeRow *self,
                                    RpDispute    *item);

void       rp_dispute_row_update_clock (RpDisputeRow *self,
                                        gint64        now);
/* What the buyer asks for, when the listed dispute does not carry its solutions. */
void       rp_dispute_row_show_wanted  (RpDisputeRow     *self,
                                        const RpSolution *solution);

/* The style class of a countdown label for an urgency ("warning", "error") or NULL. */
const char *rp_dispute_row_urgency_class (int urgency);
/* "48 h", "24 h", "6 h", "Overdue" (translated) for an RpDisputeUrgency, or NULL. */
const char *rp_dispute_row_badge_text    (int urgency);
/* Shows @dispute's badge at @now in @label (style class "rp-dispute-badge"), or hides it;
 * returns the RpDisputeUrgency shown. */
int         rp_dispute_row_show_badge    (GtkLabel         *label,
                                          RpDispute        *dispute,
                                          gint64            now);
/* The style of the badges, for the default display; called by the row itself. */
void        rp_dispute_row_load_style    (void);
/* The buyer's latest solution, the one they ask for now, or NULL (transfer none). */
RpSolution *rp_dispute_row_wanted        (RpDispute        *dispute);
/* "Wants: refund 12.40 USD", "Wants: return and refund 12.40 USD". */
char       *rp_dispute_row_format_wanted (const RpSolution *solution);

G_END_DECLS
