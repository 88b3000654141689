/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rp-sandbox-world.h"

G_BEGIN_DECLS

#define RP_SB_API_ERROR (rp_sb_api_error_quark ())

typedef enum
{
  RP_SB_API_ERROR_UNKNOWN_METHOD,
  RP_SB_API_ERROR_MISSING_PARAMETER,
  RP_SB_API_ERROR_INVALID_PARAMETER,
} RpSbApiError;

GQuark    rp_sb_api_error_quark   (void);
gboolean  rp_sb_api_is_known      (const char  *method);
gboolean  rp_sb_api_is_write      (const char  *method);
char     *rp_sb_api_call          (RpSbWorld   *world,
                                   const char  *method,
                                   GHashTable  *params,
                                   gboolean     simplify,
                                   const char  *request_id,
                                   gboolean    *out_applied,
                                   GError     **error);

G_END_DECLS
