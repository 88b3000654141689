/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RP_TYPE_OAUTH_LISTENER (rp_oauth_listener_get_type ())

G_DECLARE_FINAL_TYPE (RpOAuthListener, rp_oauth_listener, RP, OAUTH_LISTENER, GObject)

RpOAuthListener *rp_oauth_listener_new              (const char          *state,
                                                     GError             **error);
const char      *rp_oauth_listener_get_redirect_uri (RpOAuthListener     *self);
void             rp_oauth_listener_wait_async       (RpOAuthListener     *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
char            *rp_oauth_listener_wait_finish      (RpOAuthListener     *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

G_END_DECLS
