/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "rp-store.h"

G_BEGIN_DECLS

#define RP_TYPE_MESSAGE_HIT (rp_message_hit_get_type ())

G_DECLARE_FINAL_TYPE (RpMessageHit, rp_message_hit, RP, MESSAGE_HIT, GObject)

/* One search result as an object for list views; takes @hit. */
RpMessageHit     *rp_message_hit_new      (RpStoreSearchHit *hit);
RpStoreSearchHit *rp_message_hit_get_hit  (RpMessageHit     *self);
/* What a one-line result shows: the buyer text made harmless, cut around the first match,
 * on one line; @out_ranges gets the matches in it (GArray of RpStoreRange, transfer full).
 * Byte ranges into the result (transfer full). */
char             *rp_message_hit_snippet  (const char       *text,
                                           GArray           *ranges,
                                           guint             context_chars,
                                           GArray          **out_ranges);

G_END_DECLS
