/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rp-store.h"

G_BEGIN_DECLS

#define RP_TYPE_ACCOUNT_DIALOG (rp_account_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RpAccountDialog, rp_account_dialog, RP, ACCOUNT_DIALOG, AdwWindow)

RpAccountDialog *rp_account_dialog_new                (RpStore         *store);
const char      *rp_account_dialog_get_authorize_url  (RpAccountDialog *self);
gint64           rp_account_dialog_get_account_id     (RpAccountDialog *self);

G_END_DECLS
