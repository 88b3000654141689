/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RP_TYPE_CONTEXT (rp_context_get_type ())

G_DECLARE_FINAL_TYPE (RpContext, rp_context, RP, CONTEXT, GObject)

RpContext *rp_context_new          (GSettings *settings);
GSettings *rp_context_get_settings (RpContext *self);

G_END_DECLS
