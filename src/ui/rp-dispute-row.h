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

/* The style class of a countdown label for an urgency ("warning", "error") or NULL. */
const char *rp_dispute_row_urgency_class (int urgency);

G_END_DECLS
