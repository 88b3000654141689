/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rp-context.h"

G_BEGIN_DECLS

#define RP_TYPE_DISPUTES_PAGE (rp_disputes_page_get_type ())

G_DECLARE_FINAL_TYPE (RpDisputesPage, rp_disputes_page, RP, DISPUTES_PAGE, GtkWidget)

RpContext *rp_disputes_page_get_context (RpDisputesPage *self);
void       rp_disputes_page_set_context (RpDisputesPage *self,
                                      RpContext    *context);

G_END_DECLS
