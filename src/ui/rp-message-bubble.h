/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rp-links.h"
#include "rp-message.h"

G_BEGIN_DECLS

#define RP_TYPE_MESSAGE_BUBBLE (rp_message_bubble_get_type ())

G_DECLARE_FINAL_TYPE (RpMessageBubble, rp_message_bubble, RP, MESSAGE_BUBBLE, GtkWidget)

typedef enum
{
  RP_MESSAGE_BUBBLE_IMAGE_LOADING,
  RP_MESSAGE_BUBBLE_IMAGE_SHOWN,    /* a thumbnail; clicking asks before opening the image */
  RP_MESSAGE_BUBBLE_IMAGE_FAILED,   /* a chip with the address as plain text */
} RpMessageBubbleImageState;

GtkWidget  *rp_message_bubble_new            (void);
RpMessage  *rp_message_bubble_get_message    (RpMessageBubble *self);
void        rp_message_bubble_set_message    (RpMessageBubble *self,
                                              RpMessage       *message);
/* The day separator shown above the bubble (NULL: none, the day goes on). */
void        rp_message_bubble_set_day        (RpMessageBubble *self,
                                              const char      *day);
/* The buyer's zone, for the buyer's local time beside the seller's (NULL: not known). */
void        rp_message_bubble_set_buyer_zone (RpMessageBubble *self,
                                              GTimeZone       *zone);
/* What the text label shows, for tests: the buyer's text made harmless. */
const char *rp_message_bubble_get_shown_text (RpMessageBubble *self);
GtkLabel   *rp_message_bubble_get_text_label (RpMessageBubble *self);
/* The sending state shown for a local echo (NULL: none), and whether Retry is offered. */
const char *rp_message_bubble_get_state_text (RpMessageBubble *self);
gboolean    rp_message_bubble_get_can_retry  (RpMessageBubble *self);
/* The http/https links found in the text shown; activating one asks the seller first
 * (returns that dialog, or NULL for no such link). */
guint         rp_message_bubble_get_n_links   (RpMessageBubble *self);
const RpLink *rp_message_bubble_get_link      (RpMessageBubble *self,
                                               guint            index);
GtkWidget    *rp_message_bubble_activate_link (RpMessageBubble *self,
                                               guint            index);
/* The image attachments, as thumbnails when they could be loaded. */
guint                     rp_message_bubble_get_n_images     (RpMessageBubble *self);
RpMessageBubbleImageState rp_message_bubble_get_image_state  (RpMessageBubble *self,
                                                              guint            index);
GtkWidget                *rp_message_bubble_get_image_widget (RpMessageBubble *self,
                                                              guint            index);

G_END_DECLS
