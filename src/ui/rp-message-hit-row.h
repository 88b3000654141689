/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rp-message-hit.h"

G_BEGIN_DECLS

#define RP_TYPE_MESSAGE_HIT_ROW (rp_message_hit_row_get_type ())

G_DECLARE_FINAL_TYPE (RpMessageHitRow, rp_message_hit_row, RP, MESSAGE_HIT_ROW, GtkWidget)

GtkWidget    *rp_message_hit_row_new          (void);
RpMessageHit *rp_message_hit_row_get_hit      (RpMessageHitRow *self);
void          rp_message_hit_row_set_hit      (RpMessageHitRow *self,
                                               RpMessageHit    *hit);
GtkLabel     *rp_message_hit_row_get_snippet_label (RpMessageHitRow *self);

/* The highlight of matches in @label's text at @ranges (GArray of RpStoreRange). */
void          rp_message_hit_row_highlight    (GtkLabel        *label,
                                               GArray          *ranges);

G_END_DECLS
