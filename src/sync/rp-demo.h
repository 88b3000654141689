/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The demo marketplace: rapport-sandbox as a child process on a free loopback port, with
 * its world kept in a folder so that the demo continues where it stopped. */

#define RP_DEMO_APP_KEY    "sandbox"
#define RP_DEMO_APP_SECRET "sandbox-secret"

#define RP_TYPE_DEMO (rp_demo_get_type ())

G_DECLARE_FINAL_TYPE (RpDemo, rp_demo, RP, DEMO, GObject)

RpDemo     *rp_demo_new              (const char           *state_dir,
                                      const char * const   *extra_args);
char       *rp_demo_find_sandbox     (void);
void        rp_demo_start_async      (RpDemo               *self,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
gboolean    rp_demo_start_finish     (RpDemo               *self,
                                      GAsyncResult         *result,
                                      GError              **error);
const char *rp_demo_get_base_url     (RpDemo               *self);
void        rp_demo_stop             (RpDemo               *self);

G_END_DECLS
