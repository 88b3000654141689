/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rp-conversation.h"

G_BEGIN_DECLS

#define RP_TYPE_CONVERSATION_ROW (rp_conversation_row_get_type ())

G_DECLARE_FINAL_TYPE (RpConversationRow, rp_conversation_row, RP, CONVERSATION_ROW, GtkWidget)

GtkWidget      *rp_conversation_row_new              (void);
RpConversation *rp_conversation_row_get_conversation (RpConversationRow *self);
void            rp_conversation_row_set_conversation (RpConversationRow *self,
                                                      RpConversation    *conversation);
void            rp_conversation_row_defer_conversation (RpConversationRow *self,
                                                        RpConversation    *conversation);
gboolean        rp_conversation_row_show_deferred    (RpConversationRow *self);
gboolean        rp_conversation_row_has_deferred     (RpConversationRow *self);

G_END_DECLS
