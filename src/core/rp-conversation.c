/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-conversation"

#include "config.h"

#include "rp-conversation.h"

G_DEFINE_FINAL_TYPE (RpConversation, rp_conversation, G_TYPE_OBJECT)

static void
rp_conversation_finalize (GObject *object)
{
  RpConversation *self = (RpConversation *)object;

  g_free (self->channel_id);
  g_free (self->buyer_login_id);
  g_free (self->buyer_name);
  g_free (self->order_id);
  g_free (self->last_message_text);

  G_OBJECT_CLASS (rp_conversation_parent_class)->finalize (object);
}

static void
rp_conversation_class_init (RpConversationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_conversation_finalize;
}

static void
rp_conversation_init (RpConversation *self)
{
}

RpConversation *
rp_conversation_new (void)
{
  return g_object_new (RP_TYPE_CONVERSATION, NULL);
}
