/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rp-context.h"

G_BEGIN_DECLS

/* Confirming an order, shared by the composer and the batch: the buyer's language, the
 * built-in text filled from the order, and the send through the outbox. */

GTimeSpan rp_order_confirm_get_window     (RpContext            *context);
char     *rp_order_confirm_buyer_language (RpOrder              *order);
gboolean  rp_order_confirm_has_template   (const char           *language);
char     *rp_order_confirm_render         (RpOrder              *order,
                                           const char           *language,
                                           GTimeSpan             window,
                                           gint64                deadline,
                                           GTimeZone            *buyer_zone,
                                           GError              **error);
gboolean  rp_order_confirm_has_gap        (const char           *text);
void      rp_order_confirm_send_async     (RpContext            *context,
                                           RpOrder              *order,
                                           const char           *text,
                                           gint64                deadline,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean  rp_order_confirm_send_finish    (GAsyncResult         *result,
                                           GError              **error);

G_END_DECLS
