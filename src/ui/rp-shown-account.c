/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-shown-account"

#include "config.h"

#include "rp-shown-account.h"

static void
shown_account_cb (RpStoreListModel *model,
                  GParamSpec       *pspec,
                  RpContext        *context)
{
  rp_store_list_model_set_account (model, rp_context_get_shown_account (context));
}

/**
 * rp_shown_account_follow:
 * @model: a list over every account (made with account 0)
 *
 * Makes @model list the store the window shows (RpContext:shown-account), now and
 * whenever the seller switches; the link ends with the model.
 */
void
rp_shown_account_follow (RpContext        *context,
                         RpStoreListModel *model)
{
  g_return_if_fail (RP_IS_CONTEXT (context));
  g_return_if_fail (RP_IS_STORE_LIST_MODEL (model));

  rp_store_list_model_set_account (model, rp_context_get_shown_account (context));
  g_signal_connect_object (context, "notify::shown-account", G_CALLBACK (shown_account_cb), model,
                           G_CONNECT_SWAPPED);
}
