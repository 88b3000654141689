/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rp-enums.h"
#include "rp-order.h"

G_BEGIN_DECLS

/* How long the buyer may object to a confirmation before the order ships as ordered. */
#define RP_CONFIRMATION_DEFAULT_WINDOW (24 * G_TIME_SPAN_HOUR)

gint64              rp_confirmation_deadline (gint64               sent_at,
                                              GTimeSpan            window);

RpConfirmationState rp_confirmation_advance  (RpConfirmationState  state,
                                              gint64               sent_at,
                                              gint64               deadline,
                                              const gint64        *buyer_message_times,
                                              gsize                n_buyer_messages,
                                              gint64               reviewed_at,
                                              gint64               now);

RpConfirmationState rp_confirmation_advance_messages (RpConfirmationState  state,
                                                      gint64               sent_at,
                                                      gint64               deadline,
                                                      GPtrArray           *messages,
                                                      gint64               reviewed_at,
                                                      gint64               now);

gboolean            rp_confirmation_override_reason_is_valid (const char *override_reason);

gboolean            rp_confirmation_can_ship (RpOrder              *order,
                                              RpConfirmationState   state,
                                              const char           *override_reason,
                                              char                **reason_out);

G_END_DECLS
