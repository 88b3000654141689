/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rp-context.h"

G_BEGIN_DECLS

#define RP_TYPE_INBOX_PAGE (rp_inbox_page_get_type ())

G_DECLARE_FINAL_TYPE (RpInboxPage, rp_inbox_page, RP, INBOX_PAGE, GtkWidget)

RpContext  *rp_inbox_page_get_context           (RpInboxPage *self);
void        rp_inbox_page_set_context           (RpInboxPage *self,
                                                 RpContext    *context);
/* The conversations by last activity (RpConversation), NULL until the cache is open. */
GListModel *rp_inbox_page_get_conversations     (RpInboxPage *self);
/* The conversations the list shows, after the filter (RpConversation). */
GListModel *rp_inbox_page_get_shown_conversations (RpInboxPage *self);
/* The results of the current search (RpMessageHit). */
GListModel *rp_inbox_page_get_search_results    (RpInboxPage *self);
GtkWidget  *rp_inbox_page_get_conversation_view (RpInboxPage *self);
/* Opens the conversation at @position of the shown list, as a click does. */
void        rp_inbox_page_open                  (RpInboxPage *self,
                                                 guint        position);
/* Opens the conversation of the search result at @position, at that message. */
void        rp_inbox_page_open_result           (RpInboxPage *self,
                                                 guint        position);

G_END_DECLS
