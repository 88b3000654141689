/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rp-context.h"
#include "rp-store-list-model.h"

G_BEGIN_DECLS

void rp_shown_account_follow (RpContext        *context,
                              RpStoreListModel *model);

G_END_DECLS
