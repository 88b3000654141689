/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-message"

#include "config.h"

#include "rp-message.h"

G_DEFINE_FINAL_TYPE (RpMessage, rp_message, G_TYPE_OBJECT)

static void
rp_message_finalize (GObject *object)
{
  RpMessage *self = (RpMessage *)object;

  g_free (self->message_id);
  g_free (self->channel_id);
  g_free (self->sender_login_id);
  g_free (self->sender_name);
  g_free (self->content);
  g_free (self->message_type);
  g_free (self->extern_id);
  g_strfreev (self->image_urls);

  G_OBJECT_CLASS (rp_message_parent_class)->finalize (object);
}

static void
rp_message_class_init (RpMessageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_message_finalize;
}

static void
rp_message_init (RpMessage *self)
{
}

RpMessage *
rp_message_new (void)
{
  return g_object_new (RP_TYPE_MESSAGE, NULL);
}
