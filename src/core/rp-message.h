/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "rp-enums.h"

G_BEGIN_DECLS

#define RP_TYPE_MESSAGE (rp_message_get_type ())

G_DECLARE_FINAL_TYPE (RpMessage, rp_message, RP, MESSAGE, GObject)

struct _RpMessage
{
  GObject        parent_instance;

  gint64         account_id;
  char          *message_id;     /* NULL until the marketplace has it (local echo) */
  char          *channel_id;
  char          *sender_login_id;
  char          *sender_name;
  gboolean       is_own;         /* written by the seller */
  char          *content;        /* plain text, never markup */
  gint64         sent_at;        /* server time, UTC µs */
  char          *message_type;   /* order, product, member */
  char          *extern_id;
  GStrv          image_urls;
  gint64         outbox_id;      /* > 0 while it is a local echo of an outbox item */
  RpOutboxState  outbox_state;
};

RpMessage *rp_message_new (void);

G_END_DECLS
