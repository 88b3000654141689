/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  RP_SB_FAULT_HTTP_500,
  RP_SB_FAULT_RESET,
  RP_SB_FAULT_TRUNCATED,
  RP_SB_FAULT_SLOW,
  RP_SB_FAULT_THROTTLE,
  RP_SB_FAULT_AMBIGUOUS,
  RP_SB_N_FAULTS
} RpSbFault;

#define RP_SB_ALL_FAULTS ((1u << RP_SB_N_FAULTS) - 1)

typedef struct
{
  guint64  seed;
  guint    n_orders;
  guint    n_buyers;        /* 0: half the orders */
  gint64   start_time;      /* simulated start, seconds; 0: now */
  double   speed;
  double   fault_rate;
  guint    fault_modes;     /* bit mask of RpSbFault */
  guint    latency_ms;
  guint    slow_ms;
  gint64   token_ttl;
  char    *state_dir;
  char    *access_log;
  char    *app_key;
  char    *app_secret;
} RpSandboxOptions;

#define RP_TYPE_SANDBOX_SERVER (rp_sandbox_server_get_type ())

G_DECLARE_FINAL_TYPE (RpSandboxServer, rp_sandbox_server, RP, SANDBOX_SERVER, GObject)

void             rp_sandbox_options_init       (RpSandboxOptions        *options);
void             rp_sandbox_options_clear      (RpSandboxOptions        *options);
gboolean         rp_sandbox_parse_fault_modes  (const char              *text,
                                                guint                   *out_modes,
                                                GError                 **error);
RpSandboxServer *rp_sandbox_server_new         (const RpSandboxOptions  *options,
                                                GError                 **error);
guint            rp_sandbox_server_listen      (RpSandboxServer         *self,
                                                const char              *address,
                                                GError                 **error);
gboolean         rp_sandbox_server_save        (RpSandboxServer         *self,
                                                GError                 **error);

G_END_DECLS
