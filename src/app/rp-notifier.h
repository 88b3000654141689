/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rp-context.h"

G_BEGIN_DECLS

/* The cursor that says an account's first sync finished: before it, what the cache holds is
 * taken as already seen, so that a new account does not flood the desktop. */
#define RP_NOTIFIER_READY_CURSOR "notify.ready"

/* More new buyer messages than this in one look become a single notification with a count. */
#define RP_NOTIFIER_BURST 3

#define RP_TYPE_NOTIFIER (rp_notifier_get_type ())

G_DECLARE_FINAL_TYPE (RpNotifier, rp_notifier, RP, NOTIFIER, GObject)

RpNotifier *rp_notifier_new              (GApplication *application,
                                          RpContext    *context);
/* How long the notifier waits after the last change of the cache before it looks. */
void        rp_notifier_set_debounce     (RpNotifier   *self,
                                          guint         milliseconds);
/* Where the notifier reads the time (UTC µs), g_get_real_time() when NULL: a marketplace
 * whose clock is not the desktop's, as the sandbox's, brings its own. */
typedef gint64 (*RpNotifierClock) (gpointer user_data);
void        rp_notifier_set_clock        (RpNotifier      *self,
                                          RpNotifierClock  clock,
                                          gpointer         user_data);
/* Looks at the cache now (after the debounce), e.g. when a setting changed. */
void        rp_notifier_queue_scan       (RpNotifier   *self);
/* Withdraws the notification @id now and shows it again after @delay if still relevant. */
void        rp_notifier_snooze           (RpNotifier   *self,
                                          const char   *id,
                                          GTimeSpan     delay);
/* Open buyer conversations waiting for a reply, and open disputes due within 24 h. */
guint       rp_notifier_get_unread_count (RpNotifier   *self);
guint       rp_notifier_get_urgent_count (RpNotifier   *self);
/* The ids of the notifications shown now, sorted (transfer full). */
GStrv       rp_notifier_dup_shown_ids    (RpNotifier   *self);

/* Quiet hours from @start_minute to @end_minute after local midnight (across midnight when
 * the end is earlier); equal ends mean none. */
gboolean    rp_notifier_in_quiet_hours   (int           start_minute,
                                          int           end_minute,
                                          GDateTime    *local_now);

G_END_DECLS
