/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rp-context.h"

G_BEGIN_DECLS

#define RP_TYPE_WINDOW (rp_window_get_type ())

G_DECLARE_FINAL_TYPE (RpWindow, rp_window, RP, WINDOW, AdwApplicationWindow)

RpWindow   *rp_window_new            (GtkApplication *application,
                                      RpContext      *context);
RpContext  *rp_window_get_context    (RpWindow       *self);
const char *rp_window_get_page       (RpWindow       *self);
void        rp_window_set_page       (RpWindow       *self,
                                      const char     *page);
void        rp_window_show_entity    (RpWindow       *self,
                                      const char     *page,
                                      gint64          account_id,
                                      const char     *entity_id);
void        rp_window_add_toast      (RpWindow       *self,
                                      AdwToast       *toast);

G_END_DECLS
