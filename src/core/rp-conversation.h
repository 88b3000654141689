/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RP_TYPE_CONVERSATION (rp_conversation_get_type ())

G_DECLARE_FINAL_TYPE (RpConversation, rp_conversation, RP, CONVERSATION, GObject)

/* A message-centre relation: order messages (channel = order id) or a general channel. */
struct _RpConversation
{
  GObject   parent_instance;

  gint64    account_id;
  char     *channel_id;
  char     *buyer_login_id;
  char     *buyer_name;
  char     *order_id;           /* NULL for a general (member) conversation */
  guint     unread_count;
  gboolean  read;
  gboolean  processed;          /* deal_stat */
  guint     rank;               /* colour label 0–5 */
  gint64    last_message_at;    /* UTC µs */
  char     *last_message_text;
  gboolean  last_message_is_own;
};

RpConversation *rp_conversation_new (void);

G_END_DECLS
