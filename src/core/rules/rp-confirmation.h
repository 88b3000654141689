/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rp-enums.h"
#include "rp-order.h"

G_BEGIN_DECLS

/* How long the buyer may object to a confirmation before the order ships as ordered. */
#define RP_CONFIRMATION_DEFAULT_WINDOW (24 * G_TIME_SPAN_HOUR)

/* The objection windows a seller may choose (the confirmation-window-hours setting). */
#define RP_CONFIRMATION_MIN_WINDOW_HOURS 1
#define RP_CONFIRMATION_MAX_WINDOW_HOURS 168

/* A window of @hours, clamped to the bounds above. */
GTimeSpan           rp_confirmation_window_from_hours (guint         hours);

/* "24 hours" in @language, with the number and the noun in the form the buyer's
 * confirmation needs ("within …"); English when the language is not known. */
char               *rp_confirmation_format_window (GTimeSpan            window,
                                                   const char          *language);

/* The end of the objection window: @sent_at + @window (24 h when @window <= 0). */
gint64              rp_confirmation_deadline (gint64               sent_at,
                                              GTimeSpan            window);

/* The next state from the send time, the deadline, the buyer's message times, the last
 * review (0 = never) and now.  Shipped is final; a reply newer than the review needs one. */
RpConfirmationState rp_confirmation_advance  (RpConfirmationState  state,
                                              gint64               sent_at,
                                              gint64               deadline,
                                              const gint64        *buyer_message_times,
                                              gsize                n_buyer_messages,
                                              gint64               reviewed_at,
                                              gint64               now);

/* The same over an order's RpMessages; the seller's own are skipped. */
RpConfirmationState rp_confirmation_advance_messages (RpConfirmationState  state,
                                                      gint64               sent_at,
                                                      gint64               deadline,
                                                      GPtrArray           *messages,
                                                      gint64               reviewed_at,
                                                      gint64               now);

/* Valid UTF-8 with something in it that is not white space. */
gboolean            rp_confirmation_override_reason_is_valid (const char *override_reason);

/* The note gate: %FALSE (with a sentence for the seller in @reason_out) while an order
 * with a buyer note is not confirmed and no valid override reason is given. */
gboolean            rp_confirmation_can_ship (RpOrder              *order,
                                              RpConfirmationState   state,
                                              const char           *override_reason,
                                              char                **reason_out);

G_END_DECLS
