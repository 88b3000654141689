/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rp-context.h"
#include "rp-conversation.h"

G_BEGIN_DECLS

/* The key of a conversation's unsent draft in the store's per-order local state. */
#define RP_CONVERSATION_VIEW_DRAFT_KEY "message-draft"

#define RP_TYPE_CONVERSATION_VIEW (rp_conversation_view_get_type ())

G_DECLARE_FINAL_TYPE (RpConversationView, rp_conversation_view, RP, CONVERSATION_VIEW, GtkWidget)

RpContext      *rp_conversation_view_get_context      (RpConversationView *self);
void            rp_conversation_view_set_context      (RpConversationView *self,
                                                       RpContext          *context);
RpConversation *rp_conversation_view_get_conversation (RpConversationView *self);
/* Shows @conversation (NULL: none), marks it read through the outbox when it is unread. */
void            rp_conversation_view_set_conversation (RpConversationView *self,
                                                       RpConversation     *conversation);
/* Marks the shown conversation read when the cache says it is not. */
void            rp_conversation_view_mark_read        (RpConversationView *self);
/* Scrolls to a message of the shown conversation, now or once it has loaded. */
void            rp_conversation_view_reveal_message   (RpConversationView *self,
                                                       const char         *message_id);
void            rp_conversation_view_set_show_back    (RpConversationView *self,
                                                       gboolean            show_back);
GListModel     *rp_conversation_view_get_messages     (RpConversationView *self);
GtkWidget      *rp_conversation_view_get_composer     (RpConversationView *self);
/* Where the draft of a conversation is kept: its order, or "channel:ID" for a general one
 * (transfer full). */
char           *rp_conversation_view_draft_owner      (RpConversation     *conversation);

G_END_DECLS
