/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-sandbox"

#include "config.h"

#include <string.h>

#include "rp-sandbox-server-private.h"
#include "rp-sandbox-sim.h"

static void
reply (SoupServerMessage *msg,
       guint              status,
       char              *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json;charset=UTF-8", SOUP_MEMORY_TAKE,
                                    body, strlen (body));
}

static void
reply_error (SoupServerMessage *msg,
             guint              status,
             const char        *message)
{
  RpSbJson json;

  rp_sb_json_init (&json, FALSE);
  rp_sb_json_begin_object (&json, NULL);
  rp_sb_json_string (&json, "error", message);
  rp_sb_json_end_object (&json);
  reply (msg, status, rp_sb_json_finish (&json));
}

static void
write_faults (RpSandboxServer *self,
              RpSbJson        *json)
{
  rp_sb_json_begin_object (json, "faults");
  for (guint f = 0; f < RP_SB_N_FAULTS; f++)
    rp_sb_json_int (json, rp_sb_fault_name (f), (gint64)self->fault_counts[f]);
  rp_sb_json_int (json, "throttled_requests", (gint64)self->throttled);
  rp_sb_json_end_object (json);
}

static void
write_settings (RpSandboxServer *self,
                RpSbJson        *json)
{
  char rate[32];

  g_ascii_dtostr (rate, sizeof rate, self->fault_rate);
  rp_sb_json_begin_object (json, "settings");
  rp_sb_json_string (json, "fault_rate", rate);
  rp_sb_json_begin_array (json, "fault_modes");
  for (guint f = 0; f < RP_SB_N_FAULTS; f++)
    if (self->fault_modes & (1u << f))
      rp_sb_json_string (json, NULL, rp_sb_fault_name (f));
  rp_sb_json_end_array (json);
  rp_sb_json_int (json, "latency_ms", self->latency_ms);
  g_ascii_dtostr (rate, sizeof rate, self->speed);
  rp_sb_json_string (json, "speed", rate);
  rp_sb_json_end_object (json);
}

static void
stats (RpSandboxServer   *self,
       SoupServerMessage *msg)
{
  RpSbJson json;

  rp_sb_json_init (&json, FALSE);
  rp_sb_json_begin_object (&json, NULL);
  rp_sb_world_write_stats (self->world, &json);
  rp_sb_json_int (&json, "requests", (gint64)self->requests);
  write_faults (self, &json);
  write_settings (self, &json);
  rp_sb_json_end_object (&json);
  reply (msg, SOUP_STATUS_OK, rp_sb_json_finish (&json));
}

static void
clock_status (RpSandboxServer   *self,
              SoupServerMessage *msg)
{
  RpSbJson json;
  g_autofree char *now = rp_sb_format_pacific (self->world, self->world->now_ms / 1000);

  rp_sb_json_init (&json, FALSE);
  rp_sb_json_begin_object (&json, NULL);
  rp_sb_json_string (&json, "now", now);
  rp_sb_json_int (&json, "now_ms", self->world->now_ms);
  rp_sb_world_write_stats (self->world, &json);
  rp_sb_json_end_object (&json);
  reply (msg, SOUP_STATUS_OK, rp_sb_json_finish (&json));
}

static gboolean
parse_double (const char *text,
              double      lo,
              double      hi,
              double     *out)
{
  char *end = NULL;
  double v;

  if (text == NULL)
    return FALSE;
  v = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !(v >= lo && v <= hi))
    return FALSE;
  *out = v;
  return TRUE;
}

static void
clock_post (RpSandboxServer   *self,
            SoupServerMessage *msg,
            GHashTable        *query)
{
  const char *advance = query != NULL ? g_hash_table_lookup (query, "advance") : NULL;
  const char *speed_text = query != NULL ? g_hash_table_lookup (query, "speed") : NULL;
  double seconds = 0, speed = self->speed;

  if (advance == NULL && speed_text == NULL)
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "Give advance=SECONDS and/or speed=X");
      return;
    }
  if (advance != NULL && !parse_double (advance, 0, 10.0 * 365 * 24 * 3600, &seconds))
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "advance must be a number of seconds, 0 to ten years");
      return;
    }
  if (speed_text != NULL && !parse_double (speed_text, 0, 1e6, &speed))
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "speed must be between 0 and 1000000");
      return;
    }

  rp_sandbox_server_catch_up (self);
  rp_sandbox_server_reanchor (self, self->world->now_ms + (gint64)(seconds * 1000), speed);
  rp_sandbox_server_catch_up (self);
  self->dirty = TRUE;
  clock_status (self, msg);
}

static void
faults_post (RpSandboxServer   *self,
             SoupServerMessage *msg,
             GHashTable        *query)
{
  const char *rate_text = query != NULL ? g_hash_table_lookup (query, "rate") : NULL;
  const char *modes_text = query != NULL ? g_hash_table_lookup (query, "modes") : NULL;
  const char *latency_text = query != NULL ? g_hash_table_lookup (query, "latency_ms") : NULL;
  g_autoptr(GError) error = NULL;
  double rate = self->fault_rate;
  guint modes = self->fault_modes;
  guint64 latency = self->latency_ms;
  RpSbJson json;

  if (rate_text != NULL && !parse_double (rate_text, 0, 1, &rate))
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "rate must be between 0 and 1");
      return;
    }
  if (modes_text != NULL && !rp_sandbox_parse_fault_modes (modes_text, &modes, &error))
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, error->message);
      return;
    }
  if (latency_text != NULL && !g_ascii_string_to_unsigned (latency_text, 10, 0, 600000, &latency, NULL))
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "latency_ms must be between 0 and 600000");
      return;
    }

  self->fault_rate = rate;
  self->fault_modes = modes;
  self->latency_ms = (guint)latency;

  rp_sb_json_init (&json, FALSE);
  rp_sb_json_begin_object (&json, NULL);
  write_settings (self, &json);
  write_faults (self, &json);
  rp_sb_json_end_object (&json);
  reply (msg, SOUP_STATUS_OK, rp_sb_json_finish (&json));
}

static void
export (RpSandboxServer   *self,
        SoupServerMessage *msg)
{
  RpSbJson json;

  rp_sb_json_init (&json, FALSE);
  rp_sb_world_write_export (self->world, &json);
  reply (msg, SOUP_STATUS_OK, rp_sb_json_finish (&json));
}

void
rp_sandbox_control_handle (RpSandboxServer   *self,
                           SoupServerMessage *msg,
                           const char        *path,
                           GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);
  gboolean get = g_str_equal (method, "GET") || g_str_equal (method, "HEAD");
  gboolean post = g_str_equal (method, "POST");

  rp_sandbox_server_catch_up (self);

  if (g_str_equal (path, "/sandbox/stats") && get)
    stats (self, msg);
  else if (g_str_equal (path, "/sandbox/export") && get)
    export (self, msg);
  else if (g_str_equal (path, "/sandbox/clock") && get)
    clock_status (self, msg);
  else if (g_str_equal (path, "/sandbox/clock") && post)
    clock_post (self, msg, query);
  else if (g_str_equal (path, "/sandbox/faults") && post)
    faults_post (self, msg, query);
  else if (g_str_equal (path, "/sandbox/stats") || g_str_equal (path, "/sandbox/export") ||
           g_str_equal (path, "/sandbox/clock") || g_str_equal (path, "/sandbox/faults"))
    reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Method not allowed");
  else
    reply_error (msg, SOUP_STATUS_NOT_FOUND, "Unknown control endpoint");
}
