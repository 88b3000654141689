/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The marketplace takes 1–2000 characters per message. */
#define RP_COMPOSER_DEFAULT_LIMIT 2000

#define RP_TYPE_COMPOSER (rp_composer_get_type ())

G_DECLARE_FINAL_TYPE (RpComposer, rp_composer, RP, COMPOSER, GtkWidget)

GtkWidget     *rp_composer_new         (void);
/* (transfer full) */
char          *rp_composer_get_text    (RpComposer *self);
void           rp_composer_set_text    (RpComposer *self,
                                        const char *text);
GtkTextBuffer *rp_composer_get_buffer  (RpComposer *self);
guint          rp_composer_get_limit   (RpComposer *self);
void           rp_composer_set_limit   (RpComposer *self,
                                        guint       limit);
void           rp_composer_set_templates (RpComposer *self,
                                          GMenuModel *menu);
void           rp_composer_insert      (RpComposer *self,
                                        const char *text);
/* Whether the conduct warning is showing (it is shown once before text it flags is sent). */
gboolean       rp_composer_get_warning_shown (RpComposer *self);


/* Sending later.  "send-later" (text) asks to send when the buyer is likely online;
 * @when_text says when that would be ("19:05 (their time 12:05)"), NULL hides the offer. */
void           rp_composer_set_send_later  (RpComposer *self,
                                            const char *when_text);
/* The conversation's scheduled messages, shown above the text, each with Send Now, Change
 * Time and Cancel: @echoes holds their local echoes (RpMessage with outbox_id, whose
 * sent_at is when they go); @buyer_zone may be NULL.  The owner answers the signals
 * "reschedule" (outbox id, UTC µs, 0 meaning now) and "cancel-scheduled" (outbox id). */
void           rp_composer_set_scheduled   (RpComposer *self,
                                            GPtrArray  *echoes,
                                            GTimeZone  *buyer_zone);
guint          rp_composer_get_n_scheduled (RpComposer *self);
/* What the scheduled message at @index says of itself (transfer none). */
const char    *rp_composer_get_scheduled_label (RpComposer *self,
                                                guint       index);
/* "Scheduled for 19:05 (their time 12:05)", the day added when it is not today on that
 * clock; @buyer_zone may be NULL (transfer full). */
char          *rp_composer_format_scheduled (gint64      when,
                                             gint64      now,
                                             GTimeZone  *seller_zone,
                                             GTimeZone  *buyer_zone);
/* The next instant at @hour:@minute on @zone's clock after @now (UTC µs). */
gint64         rp_composer_next_clock_time  (GTimeZone  *zone,
                                             gint64      now,
                                             int         hour,
                                             int         minute);

G_END_DECLS
