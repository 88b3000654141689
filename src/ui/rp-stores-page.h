/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rp-context.h"

G_BEGIN_DECLS

#define RP_TYPE_STORES_PAGE (rp_stores_page_get_type ())

G_DECLARE_FINAL_TYPE (RpStoresPage, rp_stores_page, RP, STORES_PAGE, AdwPreferencesPage)

GtkWidget *rp_stores_page_new           (RpContext  *context);
char      *rp_stores_page_describe_sync (gboolean    running,
                                         gint64      last_success,
                                         const char *last_error,
                                         gint64      now);

G_END_DECLS
