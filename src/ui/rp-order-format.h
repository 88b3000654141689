/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rp-order.h"

G_BEGIN_DECLS

/* Short texts the Orders page and the order detail both show (all transfer full or static,
 * translated). */
const char *rp_order_format_status       (RpOrderStatus        status);
const char *rp_order_format_confirmation (RpConfirmationState  state);
char       *rp_order_format_money        (const RpMoney       *money);
char       *rp_order_format_time_left    (gint64               deadline,
                                          gint64               now);
char       *rp_order_format_local_time   (gint64               utc_usec);
char       *rp_order_format_plain        (const char          *text);
char       *rp_order_format_buyer        (RpOrder             *order);
char       *rp_order_format_items        (const char          *items_summary,
                                          guint               *n_others,
                                          char               **all_out);
char       *rp_order_format_items_more   (guint                n_others);

G_END_DECLS
