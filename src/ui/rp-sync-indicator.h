/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rp-context.h"

G_BEGIN_DECLS

#define RP_TYPE_SYNC_INDICATOR (rp_sync_indicator_get_type ())

G_DECLARE_FINAL_TYPE (RpSyncIndicator, rp_sync_indicator, RP, SYNC_INDICATOR, GtkWidget)

void rp_sync_indicator_set_context (RpSyncIndicator *self,
                                    RpContext       *context);

G_END_DECLS
