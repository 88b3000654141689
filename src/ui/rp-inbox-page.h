/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rp-context.h"

G_BEGIN_DECLS

#define RP_TYPE_INBOX_PAGE (rp_inbox_page_get_type ())

G_DECLARE_FINAL_TYPE (RpInboxPage, rp_inbox_page, RP, INBOX_PAGE, GtkWidget)

RpContext *rp_inbox_page_get_context (RpInboxPage *self);
void       rp_inbox_page_set_context (RpInboxPage *self,
                                      RpContext    *context);

G_END_DECLS
