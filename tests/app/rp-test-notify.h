/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A mock notification daemon (python3-dbusmock's notification_daemon template) on the
 * session bus, and what was asked of it. */
typedef struct
{
  GSubprocess     *process;
  GDBusConnection *bus;
} RpTestNotifyDaemon;

RpTestNotifyDaemon *rp_test_notify_daemon_start     (void);
void                rp_test_notify_daemon_stop      (RpTestNotifyDaemon *daemon);
/* The calls of @method so far, oldest first: GPtrArray of GVariant (the call's arguments). */
GPtrArray          *rp_test_notify_daemon_calls     (RpTestNotifyDaemon *daemon,
                                                     const char         *method);
/* Iterates the default main context until @method was called @count times or @timeout_ms
 * passed; returns the number of calls. */
guint               rp_test_notify_daemon_wait      (RpTestNotifyDaemon *daemon,
                                                     const char         *method,
                                                     guint               count,
                                                     guint               timeout_ms);
void                rp_test_notify_daemon_clear     (RpTestNotifyDaemon *daemon);
/* Iterates the default main context for @ms milliseconds. */
void                rp_test_notify_iterate          (guint               ms);

G_END_DECLS
