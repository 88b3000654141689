/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rp-activity.h"
#include "rp-buyer-zone.h"
#include "rp-context.h"
#include "rp-schedule.h"
#include "rp-store-buyer.h"

G_BEGIN_DECLS

/* How many of the buyer's newest messages the panel reads for activity and style. */
#define RP_BUYER_PANEL_MESSAGE_LIMIT 500

#define RP_TYPE_BUYER_PANEL (rp_buyer_panel_get_type ())

G_DECLARE_FINAL_TYPE (RpBuyerPanel, rp_buyer_panel, RP, BUYER_PANEL, GtkWidget)

/* Who the buyer is and when to reach them: country, local time, language, whether they are
 * likely online, a day strip, their orders and disputes (each opens its page through
 * win.show-entity), the country's customs and the buyer's writing style. */
GtkWidget   *rp_buyer_panel_new            (void);
void         rp_buyer_panel_set_context    (RpBuyerPanel *self,
                                            RpContext    *context);
RpContext   *rp_buyer_panel_get_context    (RpBuyerPanel *self);

/* The buyer to show; @buyer_login_id NULL shows the empty state.  @country (ISO 3166-1
 * alpha-2), @province and @city come from the order address when the page has one; with
 * @country NULL the newest of the buyer's cached orders that has an address gives them. */
void         rp_buyer_panel_set_buyer      (RpBuyerPanel *self,
                                            gint64        account_id,
                                            const char   *buyer_login_id,
                                            const char   *country,
                                            const char   *province,
                                            const char   *city);
const char  *rp_buyer_panel_get_buyer      (RpBuyerPanel *self);
/* TRUE while the buyer's history is being read. */
gboolean     rp_buyer_panel_get_loading    (RpBuyerPanel *self);
/* Pins "now" (UTC µs) for tests and screenshots; 0 follows the clock. */
void         rp_buyer_panel_set_now        (RpBuyerPanel *self,
                                            gint64        now);

/* Shared with the composer's "send later". */

/* The tzdata zone table, read once per process; NULL when tzdata is missing (transfer none). */
/* The buyer's quiet hours and the seller's office hours from @settings' "buyer-quiet-hours"
 * and "office-hours" (text such as "22:00-08:00"); the defaults, with a warning, for a
 * stored text that is not a stretch of time, and when @settings is NULL. */
void         rp_buyer_panel_read_hours     (GSettings     *settings,
                                            RpQuietHours  *out_quiet,
                                            RpOfficeHours *out_office);
/* The zone of the office hours from @settings' "office-zone"; the computer's own zone when
 * it is empty, unknown to tzdata or @settings is NULL (transfer full, never NULL). */
GTimeZone   *rp_buyer_panel_read_office_zone (GSettings   *settings);
/* The buyer's activity from their messages (RpMessage, the seller's own are skipped) in
 * @zone with @country's prior (NULL: generic); @out_last_event gets the newest buyer
 * message time, 0 when none (transfer full). */
RpActivity  *rp_buyer_panel_build_activity (GTimeZone     *zone,
                                            const char    *country,
                                            GPtrArray     *messages,
                                            gint64         now,
                                            gint64        *out_last_event);

/* When "send when the buyer is likely online" sends: rp_schedule_send_time() over the
 * buyer's messages (RpMessage, as rp_store_get_buyer_history_async() reads them; may be
 * NULL), in @zone with @country's prior and the quiet hours of @settings.  Never inside
 * the quiet hours. */
gint64       rp_buyer_panel_send_time      (GSettings     *settings,
                                            GTimeZone     *zone,
                                            const char    *country,
                                            GPtrArray     *messages,
                                            gint64         now);
/* "19:05 (their time 12:05)", with the weekday when not today on that clock; "now" when
 * @when is within a minute of @now (transfer full). */
char        *rp_buyer_panel_format_send_time (gint64       when,
                                              gint64       now,
                                              GTimeZone   *buyer_zone);
/* @when moved out of the buyer's quiet hours (to their end) if it falls inside them. */
gint64       rp_buyer_panel_outside_quiet  (GSettings     *settings,
                                            GTimeZone     *zone,
                                            gint64         when);
/* The local echoes in @messages whose item is scheduled, in order, each as a copy whose
 * sent_at is when it goes by @history (may be NULL: the echo's own time) (transfer full). */
GPtrArray   *rp_buyer_panel_scheduled_echoes (GListModel          *messages,
                                              RpStoreBuyerHistory *history);
/* Drops a scheduled item and its echo without blocking the caller's thread. */
void         rp_buyer_panel_cancel_scheduled_async  (RpStore             *store,
                                                     gint64               outbox_id,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean     rp_buyer_panel_cancel_scheduled_finish (GAsyncResult        *result,
                                                     GError             **error);

G_END_DECLS
