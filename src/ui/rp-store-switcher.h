/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rp-context.h"

G_BEGIN_DECLS

#define RP_TYPE_STORE_SWITCHER (rp_store_switcher_get_type ())

G_DECLARE_FINAL_TYPE (RpStoreSwitcher, rp_store_switcher, RP, STORE_SWITCHER, GtkWidget)

void         rp_store_switcher_set_context  (RpStoreSwitcher *self,
                                             RpContext       *context);
GtkDropDown *rp_store_switcher_get_dropdown (RpStoreSwitcher *self);

G_END_DECLS
