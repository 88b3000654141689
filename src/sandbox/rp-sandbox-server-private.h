/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdio.h>

#include <libsoup/soup.h>

#include "rp-sandbox-oauth.h"
#include "rp-sandbox-server.h"
#include "rp-sandbox-world.h"

G_BEGIN_DECLS

struct _RpSandboxServer
{
  GObject           parent_instance;

  RpSandboxOptions  options;
  SoupServer       *soup;
  RpSbWorld        *world;
  RpSbOAuth        *oauth;

  /* Simulated time = anchor_sim_ms + (real time - anchor_real_us) * speed. */
  gint64            anchor_real_us;
  gint64            anchor_sim_ms;
  double            speed;

  double            fault_rate;
  guint             fault_modes;
  guint             latency_ms;
  GRand            *fault_rand;
  guint64           fault_counts[RP_SB_N_FAULTS];
  guint64           requests;
  guint64           throttled;
  gint64            ban_until_us;
  guint64           next_request;

  FILE             *access_log;
  char             *state_path;
  GPtrArray        *writes;       /* JSON text of each applied seller write */
  gboolean          dirty;
  guint             clock_source;
};

gint64      rp_sandbox_server_sim_now_ms (RpSandboxServer   *self);
void        rp_sandbox_server_catch_up   (RpSandboxServer   *self);
void        rp_sandbox_server_reanchor   (RpSandboxServer   *self,
                                          gint64             sim_ms,
                                          double             speed);
void        rp_sandbox_control_handle    (RpSandboxServer   *self,
                                          SoupServerMessage *msg,
                                          const char        *path,
                                          GHashTable        *query);
const char *rp_sb_fault_name             (RpSbFault          fault);

void        rp_sb_state_record_write     (RpSandboxServer   *self,
                                          gint64             sim_ms,
                                          const char        *method,
                                          GHashTable        *params);
gboolean    rp_sb_state_load             (RpSandboxServer   *self,
                                          gboolean          *out_loaded,
                                          GError           **error);
gboolean    rp_sb_state_save             (RpSandboxServer   *self,
                                          GError           **error);

G_END_DECLS
