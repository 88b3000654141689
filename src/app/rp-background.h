/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Asks the Background portal (org.freedesktop.portal.Background) that Rapport may run with
 * no window open and, with @autostart, start at login as `rapport --gapplication-service`.
 * Completes with TRUE when the portal allows running in the background. */
void     rp_background_request_async  (GDBusConnection     *connection,
                                       const char          *reason,
                                       gboolean             autostart,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean rp_background_request_finish (GAsyncResult        *result,
                                       gboolean            *out_autostart,
                                       GError             **error);

G_END_DECLS
