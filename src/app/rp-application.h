/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rp-context.h"
#include "rp-notifier.h"

G_BEGIN_DECLS

#define RP_TYPE_APPLICATION (rp_application_get_type ())

G_DECLARE_FINAL_TYPE (RpApplication, rp_application, RP, APPLICATION, AdwApplication)

RpApplication *rp_application_new         (void);
RpContext     *rp_application_get_context (RpApplication *self);
RpNotifier    *rp_application_get_notifier (RpApplication *self);

G_END_DECLS
