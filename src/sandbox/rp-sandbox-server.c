/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-sandbox"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "rp-sandbox-api.h"
#include "rp-sandbox-server-private.h"
#include "rp-sandbox-sign.h"
#include "rp-sandbox-sim.h"

#define MAX_BODY_BYTES (1024 * 1024)
#define MAX_VALUE_BYTES (256 * 1024)
#define TIMESTAMP_WINDOW_MS (7200 * 1000)

G_DEFINE_FINAL_TYPE (RpSandboxServer, rp_sandbox_server, G_TYPE_OBJECT)

static const char * const fault_names[] = {
  "http_500", "reset", "truncated", "slow", "throttle", "ambiguous",
};

const char *
rp_sb_fault_name (RpSbFault fault)
{
  g_return_val_if_fail (fault < RP_SB_N_FAULTS, "unknown");
  return fault_names[fault];
}

void
rp_sandbox_options_init (RpSandboxOptions *options)
{
  memset (options, 0, sizeof *options);
  options->seed = 1;
  options->n_orders = 300;
  options->n_buyers = 150;
  options->speed = 1.0;
  options->fault_modes = RP_SB_ALL_FAULTS;
  options->slow_ms = 3000;
  options->token_ttl = 86400;
  options->app_key = g_strdup ("sandbox");
  options->app_secret = g_strdup ("sandbox-secret");
}

void
rp_sandbox_options_clear (RpSandboxOptions *options)
{
  g_clear_pointer (&options->state_dir, g_free);
  g_clear_pointer (&options->access_log, g_free);
  g_clear_pointer (&options->app_key, g_free);
  g_clear_pointer (&options->app_secret, g_free);
}

gboolean
rp_sandbox_parse_fault_modes (const char  *text,
                              guint       *out_modes,
                              GError     **error)
{
  g_auto(GStrv) names = NULL;
  guint modes = 0;

  if (text == NULL || *text == '\0' || g_str_equal (text, "all"))
    {
      *out_modes = RP_SB_ALL_FAULTS;
      return TRUE;
    }

  names = g_strsplit (text, ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      guint f;

      for (f = 0; f < RP_SB_N_FAULTS; f++)
        if (g_str_equal (g_strstrip (names[i]), fault_names[f]))
          break;
      if (f == RP_SB_N_FAULTS)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "Unknown fault mode “%s” (known: http_500, reset, truncated, slow, throttle, ambiguous)",
                       names[i]);
          return FALSE;
        }
      modes |= 1u << f;
    }
  *out_modes = modes;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Clock                                                                     */

gint64
rp_sandbox_server_sim_now_ms (RpSandboxServer *self)
{
  gint64 elapsed_us = g_get_real_time () - self->anchor_real_us;

  return self->anchor_sim_ms + (gint64)(elapsed_us / 1000.0 * self->speed);
}

void
rp_sandbox_server_reanchor (RpSandboxServer *self,
                            gint64           sim_ms,
                            double           speed)
{
  self->anchor_real_us = g_get_real_time ();
  self->anchor_sim_ms = sim_ms;
  self->speed = speed;
}

void
rp_sandbox_server_catch_up (RpSandboxServer *self)
{
  gint64 now = rp_sandbox_server_sim_now_ms (self);

  /* The simulated clock never goes back, even when a request raced the timer. */
  if (now > self->world->now_ms)
    rp_sb_sim_run_until (self->world, now);
}

static gboolean
clock_cb (gpointer data)
{
  RpSandboxServer *self = data;
  static guint beats;

  rp_sandbox_server_catch_up (self);
  if (self->state_path != NULL && ++beats % 30 == 0)
    {
      g_autoptr(GError) error = NULL;

      if (!rp_sb_state_save (self, &error))
        g_warning ("Could not save the world: %s", error->message);
    }
  return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */

static void
log_request (RpSandboxServer   *self,
             SoupServerMessage *msg,
             GBytes            *body)
{
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(GString) line = NULL;
  gsize len = 0;
  const char *data;

  if (self->access_log == NULL)
    return;

  /* One line per request: method, path with query, body; tabs and newlines escaped. */
  line = g_string_new (soup_server_message_get_method (msg));
  g_string_append_c (line, '\t');
  g_string_append (line, g_uri_get_path (uri));
  if (g_uri_get_query (uri) != NULL)
    {
      g_string_append_c (line, '?');
      g_string_append (line, g_uri_get_query (uri));
    }
  g_string_append_c (line, '\t');
  data = body != NULL ? g_bytes_get_data (body, &len) : NULL;
  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (c == '\n')
        g_string_append (line, "\\n");
      else if (c == '\r')
        g_string_append (line, "\\r");
      else if (c == '\t')
        g_string_append (line, "\\t");
      else if (c == '\\')
        g_string_append (line, "\\\\");
      else
        g_string_append_c (line, c);
    }
  g_string_append_c (line, '\n');
  fwrite (line->str, 1, line->len, self->access_log);
  fflush (self->access_log);
}

static gboolean
is_loopback (SoupServerMessage *msg)
{
  GSocketAddress *addr = soup_server_message_get_remote_address (msg);

  if (addr == NULL || !G_IS_INET_SOCKET_ADDRESS (addr))
    return FALSE;
  return g_inet_address_get_is_loopback (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (addr)));
}

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              char              *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json;charset=UTF-8", SOUP_MEMORY_TAKE,
                                    body, strlen (body));
}

static void
respond_text (SoupServerMessage *msg,
              guint              status,
              const char        *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/plain;charset=UTF-8", SOUP_MEMORY_COPY,
                                    text, strlen (text));
}

static char *
new_request_id (RpSandboxServer *self)
{
  return g_strdup_printf ("21%011" G_GINT64_MODIFIER "x%06" G_GUINT64_FORMAT,
                          g_get_real_time () / 1000, ++self->next_request % 1000000);
}

/* The two error shapes of the platform: top level on /rest, wrapped on /sync. */
static char *
error_body (gboolean    rest,
            const char *code,
            const char *message,
            const char *request_id)
{
  RpSbJson json;

  rp_sb_json_init (&json, FALSE);
  rp_sb_json_begin_object (&json, NULL);
  if (!rest)
    rp_sb_json_begin_object (&json, "error_response");
  rp_sb_json_string (&json, "type", g_str_equal (code, "ApiCallLimit") ? "ISP" : "ISV");
  rp_sb_json_string (&json, "code", code);
  rp_sb_json_string (&json, rest ? "message" : "msg", message);
  rp_sb_json_string (&json, "request_id", request_id);
  if (!rest)
    rp_sb_json_end_object (&json);
  rp_sb_json_end_object (&json);
  return rp_sb_json_finish (&json);
}

static gboolean
merge_form (GHashTable  *into,
            const char  *encoded,
            GError     **error)
{
  g_autoptr(GHashTable) form = soup_form_decode (encoded);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, form);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!g_utf8_validate (key, -1, NULL) || !g_utf8_validate (value, -1, NULL))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Parameter values must be valid UTF-8");
          return FALSE;
        }
      if (strlen (value) > MAX_VALUE_BYTES)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Parameter %s is too large",
                       (const char *)key);
          return FALSE;
        }
      g_hash_table_replace (into, g_strdup (key), g_strdup (value));
    }
  return TRUE;
}

/* System parameters come in the query, business ones in a form body; both
 * may be anywhere. */
static GHashTable *
collect_params (SoupServerMessage  *msg,
                GBytes             *body,
                GError            **error)
{
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(GHashTable) params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *content_type;

  if (g_uri_get_query (uri) != NULL && !merge_form (params, g_uri_get_query (uri), error))
    return NULL;

  content_type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);
  if (body != NULL && g_bytes_get_size (body) > 0 &&
      (content_type == NULL || g_ascii_strcasecmp (content_type, "application/x-www-form-urlencoded") == 0))
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

      if (!merge_form (params, text, error))
        return NULL;
    }

  return g_steal_pointer (&params);
}

/* ------------------------------------------------------------------------ */
/* Faults                                                                    */

static RpSbFault
pick_fault (RpSandboxServer *self,
            gboolean         is_write)
{
  guint candidates[RP_SB_N_FAULTS];
  guint n = 0;

  if (self->fault_rate <= 0 || g_rand_double (self->fault_rand) >= self->fault_rate)
    return RP_SB_N_FAULTS;

  if (is_write && (self->fault_modes & (1u << RP_SB_FAULT_AMBIGUOUS)) &&
      ((self->fault_modes & ~(1u << RP_SB_FAULT_AMBIGUOUS)) == 0 || g_rand_boolean (self->fault_rand)))
    return RP_SB_FAULT_AMBIGUOUS;

  for (guint f = 0; f < RP_SB_FAULT_AMBIGUOUS; f++)
    if (self->fault_modes & (1u << f))
      candidates[n++] = f;
  if (n == 0)
    return RP_SB_N_FAULTS;
  return candidates[g_rand_int_range (self->fault_rand, 0, n)];
}

static void
reset_connection (SoupServerMessage *msg)
{
  g_autoptr(GIOStream) io = soup_server_message_steal_connection (msg);

  if (io == NULL)
    return;
  /* SO_LINGER 0 makes the close an RST, which is what a dropped link looks like. */
  if (G_IS_SOCKET_CONNECTION (io))
    {
      GSocket *socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (io));
      struct linger lin = { 1, 0 };

      setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &lin, sizeof lin);
    }
  g_io_stream_close (io, NULL, NULL);
}

typedef struct
{
  GIOStream *io;
  GBytes    *bytes;
} Truncation;

static void
truncation_written_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      data)
{
  Truncation *t = data;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);
  g_io_stream_close (t->io, NULL, NULL);
  g_object_unref (t->io);
  g_bytes_unref (t->bytes);
  g_free (t);
}

/* Announce the whole body, send half of it, hang up. */
static void
send_truncated (SoupServerMessage *msg,
                const char        *body)
{
  GIOStream *io = soup_server_message_steal_connection (msg);
  Truncation *t;
  g_autofree char *head = NULL;
  gsize len = strlen (body);
  GString *raw;

  if (io == NULL)
    return;
  head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=UTF-8\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\nConnection: close\r\n\r\n", len);
  raw = g_string_new (head);
  g_string_append_len (raw, body, len / 2);

  t = g_new0 (Truncation, 1);
  t->io = io;
  t->bytes = g_string_free_to_bytes (raw);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (io),
                                   g_bytes_get_data (t->bytes, NULL), g_bytes_get_size (t->bytes),
                                   G_PRIORITY_DEFAULT, NULL, truncation_written_cb, t);
}

static gboolean
unpause_cb (gpointer data)
{
  SoupServerMessage *msg = data;

  soup_server_message_unpause (msg);
  return G_SOURCE_REMOVE;
}

static void
delay (SoupServerMessage *msg,
       guint              ms)
{
  if (ms == 0)
    return;
  soup_server_message_pause (msg);
  g_timeout_add_full (G_PRIORITY_DEFAULT, ms, unpause_cb, g_object_ref (msg), g_object_unref);
}

/* ------------------------------------------------------------------------ */
/* The gateway                                                               */

static char *
system_call (RpSandboxServer *self,
             const char      *api_path,
             GHashTable      *params,
             const char      *request_id,
             gboolean         rest)
{
  RpSbJson json;
  gint64 now_ms = g_get_real_time () / 1000;
  gboolean ok;

  rp_sb_json_init (&json, FALSE);
  if (g_str_equal (api_path, "/auth/token/create"))
    ok = rp_sb_oauth_create (self->oauth, g_hash_table_lookup (params, "code"), now_ms, &json);
  else if (g_str_equal (api_path, "/auth/token/refresh"))
    ok = rp_sb_oauth_refresh (self->oauth, g_hash_table_lookup (params, "refresh_token"), now_ms, &json);
  else
    {
      rp_sb_json_clear (&json);
      return error_body (rest, "InvalidApiPath", "The specified API path is invalid", request_id);
    }

  if (!ok)
    {
      rp_sb_json_clear (&json);
      return error_body (rest, "InvalidCode", g_str_has_suffix (api_path, "create")
                         ? "The authorization code is invalid, used or expired"
                         : "The refresh token is invalid or expired", request_id);
    }

  self->dirty = TRUE;
  rp_sb_json_string (&json, "request_id", request_id);
  rp_sb_json_end_object (&json);
  return rp_sb_json_finish (&json);
}

static void
gateway_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  RpSandboxServer *self = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *request_id = new_request_id (self);
  g_autofree char *response = NULL;
  gboolean rest = g_str_has_prefix (path, "/rest");
  const char *method, *api_path = NULL, *app_key, *timestamp, *sign_method;
  gboolean is_system, is_write, applied = FALSE;
  gint64 ts_ms, now_real_ms = g_get_real_time () / 1000;
  RpSbFault fault;
  guint extra_delay = 0;

  if (!is_loopback (msg))
    {
      respond_text (msg, SOUP_STATUS_FORBIDDEN, "Only loopback clients are served");
      return;
    }

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  log_request (self, msg, body);
  self->requests++;

  if (g_bytes_get_size (body) > MAX_BODY_BYTES)
    {
      respond_json (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                    error_body (rest, "InvalidParameter", "The request body is too large", request_id));
      return;
    }

  params = collect_params (msg, body, &error);
  if (params == NULL)
    {
      respond_json (msg, SOUP_STATUS_OK, error_body (rest, "InvalidParameter", error->message, request_id));
      return;
    }

  rp_sandbox_server_catch_up (self);

  /* /rest/<path> (Java GOP style), or method=/auth/... (Python style), or a
   * business method on /sync. */
  method = g_hash_table_lookup (params, "method");
  if (rest && path[5] == '/')
    api_path = path + 5;
  else if (method != NULL && method[0] == '/')
    api_path = method;
  is_system = api_path != NULL;
  if (!is_system && !g_str_equal (path, "/sync") && !g_str_equal (path, "/rest"))
    {
      respond_text (msg, SOUP_STATUS_NOT_FOUND, "Not found");
      return;
    }
  is_write = !is_system && rp_sb_api_is_write (method);

  fault = pick_fault (self, is_write);
  if (fault != RP_SB_N_FAULTS)
    self->fault_counts[fault]++;
  switch (fault)
    {
    case RP_SB_FAULT_HTTP_500:
      respond_text (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "Internal Server Error");
      return;
    case RP_SB_FAULT_RESET:
      reset_connection (msg);
      return;
    case RP_SB_FAULT_THROTTLE:
      self->ban_until_us = g_get_real_time () + (gint64)g_rand_int_range (self->fault_rand, 1, 4) * G_USEC_PER_SEC;
      break;
    case RP_SB_FAULT_SLOW:
      extra_delay = self->options.slow_ms;
      break;
    case RP_SB_FAULT_TRUNCATED:
    case RP_SB_FAULT_AMBIGUOUS:
    case RP_SB_N_FAULTS:
    default:
      break;
    }

  app_key = g_hash_table_lookup (params, "app_key");
  timestamp = g_hash_table_lookup (params, "timestamp");
  sign_method = g_hash_table_lookup (params, "sign_method");

  if (app_key == NULL || !g_str_equal (app_key, self->options.app_key))
    response = error_body (rest, "InvalidAppKey", "The specified App Key is invalid", request_id);
  else if (sign_method == NULL || g_ascii_strcasecmp (sign_method, "sha256") != 0)
    response = error_body (rest, "IncompleteSignature",
                           "The request signature does not conform to platform standards "
                           "(sign_method must be sha256)", request_id);
  else if (!rp_sb_parse_timestamp (timestamp, &ts_ms) || ABS (ts_ms - now_real_ms) > TIMESTAMP_WINDOW_MS)
    response = error_body (rest, "InvalidTimestamp",
                           "The timestamp is missing, malformed or more than 7200 seconds away from the server time",
                           request_id);
  else if (!rp_sb_sign_verify (self->options.app_secret, api_path, params, g_hash_table_lookup (params, "sign")))
    response = error_body (rest, "IncompleteSignature",
                           "The request signature does not conform to platform standards", request_id);
  else if (self->ban_until_us > g_get_real_time ())
    {
      gint64 left = (self->ban_until_us - g_get_real_time () + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;
      g_autofree char *text = g_strdup_printf ("App Call Limited: This ban will last for %" G_GINT64_FORMAT
                                               " more seconds", left);

      if (fault != RP_SB_FAULT_THROTTLE)
        self->throttled++;
      response = error_body (rest, "ApiCallLimit", text, request_id);
    }
  else if (is_system)
    response = system_call (self, api_path, params, request_id, rest);
  else
    {
      const char *token = g_hash_table_lookup (params, "session");
      const char *simplify = g_hash_table_lookup (params, "simplify");

      if (token == NULL)
        token = g_hash_table_lookup (params, "access_token");

      if (!rp_sb_oauth_check (self->oauth, token, now_real_ms))
        response = error_body (rest, "IllegalAccessToken", "The specified access token is invalid or expired",
                               request_id);
      else if (!rp_sb_api_is_known (method))
        response = error_body (rest, "InvalidApiPath", "The specified API method is not supported", request_id);
      else
        {
          gint64 sim_ms = self->world->now_ms;

          response = rp_sb_api_call (self->world, method, params,
                                     simplify != NULL && g_ascii_strcasecmp (simplify, "true") == 0,
                                     request_id, &applied, &error);
          if (response == NULL)
            response = error_body (rest, error->code == RP_SB_API_ERROR_MISSING_PARAMETER
                                         ? "MissingParameter" : "InvalidParameter",
                                   error->message, request_id);
          if (applied)
            rp_sb_state_record_write (self, sim_ms, method, params);
        }
    }

  switch (fault)
    {
    case RP_SB_FAULT_AMBIGUOUS:
      /* The write is in the world; the answer never arrives. */
      reset_connection (msg);
      return;
    case RP_SB_FAULT_TRUNCATED:
      send_truncated (msg, response);
      return;
    case RP_SB_FAULT_HTTP_500:
    case RP_SB_FAULT_RESET:
    case RP_SB_FAULT_SLOW:
    case RP_SB_FAULT_THROTTLE:
    case RP_SB_N_FAULTS:
    default:
      break;
    }

  respond_json (msg, SOUP_STATUS_OK, g_steal_pointer (&response));
  delay (msg, self->latency_ms + extra_delay);
}

static void
authorize_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  RpSandboxServer *self = user_data;
  const char *client_id, *redirect_uri, *state, *response_type;
  g_autoptr(GUri) redirect = NULL;
  g_autoptr(GString) location = NULL;
  g_autofree char *code = NULL;
  g_autofree char *escaped = NULL;

  log_request (self, msg, NULL);
  if (!is_loopback (msg))
    {
      respond_text (msg, SOUP_STATUS_FORBIDDEN, "Only loopback clients are served");
      return;
    }
  client_id = query != NULL ? g_hash_table_lookup (query, "client_id") : NULL;
  redirect_uri = query != NULL ? g_hash_table_lookup (query, "redirect_uri") : NULL;
  state = query != NULL ? g_hash_table_lookup (query, "state") : NULL;
  response_type = query != NULL ? g_hash_table_lookup (query, "response_type") : NULL;

  if (response_type != NULL && !g_str_equal (response_type, "code"))
    {
      respond_text (msg, SOUP_STATUS_BAD_REQUEST, "response_type must be code");
      return;
    }
  if (client_id == NULL || !g_str_equal (client_id, self->options.app_key))
    {
      respond_text (msg, SOUP_STATUS_BAD_REQUEST, "Unknown client_id");
      return;
    }
  if (redirect_uri == NULL || (redirect = g_uri_parse (redirect_uri, G_URI_FLAGS_NONE, NULL)) == NULL ||
      (g_strcmp0 (g_uri_get_scheme (redirect), "http") != 0 &&
       g_strcmp0 (g_uri_get_scheme (redirect), "https") != 0))
    {
      respond_text (msg, SOUP_STATUS_BAD_REQUEST, "redirect_uri must be an absolute http or https URL");
      return;
    }

  /* The sandbox seller approves at once. */
  code = rp_sb_oauth_issue_code (self->oauth, g_get_real_time () / 1000);
  location = g_string_new (redirect_uri);
  g_string_append_c (location, strchr (redirect_uri, '?') != NULL ? '&' : '?');
  g_string_append (location, "code=");
  g_string_append_uri_escaped (location, code, NULL, FALSE);
  if (state != NULL)
    {
      g_string_append (location, "&state=");
      g_string_append_uri_escaped (location, state, NULL, FALSE);
    }
  soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, location->str);
}

static void
control_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  RpSandboxServer *self = user_data;

  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));

  log_request (self, msg, body);
  if (!is_loopback (msg))
    {
      respond_text (msg, SOUP_STATUS_FORBIDDEN, "Only loopback clients are served");
      return;
    }
  rp_sandbox_control_handle (self, msg, path, query);
}

static void
refuse_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  respond_text (msg, SOUP_STATUS_NOT_FOUND, "Not found");
}

/* ------------------------------------------------------------------------ */

static void
rp_sandbox_server_finalize (GObject *object)
{
  RpSandboxServer *self = (RpSandboxServer *)object;

  g_clear_handle_id (&self->clock_source, g_source_remove);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_pointer (&self->world, rp_sb_world_free);
  g_clear_pointer (&self->oauth, rp_sb_oauth_free);
  g_clear_pointer (&self->fault_rand, g_rand_free);
  g_clear_pointer (&self->writes, g_ptr_array_unref);
  g_clear_pointer (&self->state_path, g_free);
  if (self->access_log != NULL)
    fclose (self->access_log);
  rp_sandbox_options_clear (&self->options);

  G_OBJECT_CLASS (rp_sandbox_server_parent_class)->finalize (object);
}

static void
rp_sandbox_server_class_init (RpSandboxServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rp_sandbox_server_finalize;
}

static void
rp_sandbox_server_init (RpSandboxServer *self)
{
  self->writes = g_ptr_array_new_with_free_func (g_free);
}

/**
 * rp_sandbox_server_new:
 * @options: how to build and run the world
 * @error: a #GError
 *
 * Generates the world (or restores it from the state directory) and sets up
 * the routes; call rp_sandbox_server_listen() next.
 *
 * Returns: (transfer full) (nullable): a new server
 */
RpSandboxServer *
rp_sandbox_server_new (const RpSandboxOptions  *options,
                       GError                 **error)
{
  g_autoptr(RpSandboxServer) self = g_object_new (RP_TYPE_SANDBOX_SERVER, NULL);
  RpSbWorldConfig config = { 0, };
  gboolean loaded = FALSE;
  gint64 start;
  guint32 seed_array[2];

  self->options = *options;
  self->options.state_dir = g_strdup (options->state_dir);
  self->options.access_log = g_strdup (options->access_log);
  self->options.app_key = g_strdup (options->app_key != NULL ? options->app_key : "sandbox");
  self->options.app_secret = g_strdup (options->app_secret != NULL ? options->app_secret : "sandbox-secret");
  self->fault_rate = CLAMP (options->fault_rate, 0.0, 1.0);
  self->fault_modes = options->fault_modes;
  self->latency_ms = options->latency_ms;
  seed_array[0] = (guint32)options->seed;
  seed_array[1] = (guint32)(options->seed >> 32);
  self->fault_rand = g_rand_new_with_seed_array (seed_array, 2);
  self->oauth = rp_sb_oauth_new (options->token_ttl > 0 ? options->token_ttl : 86400);

  if (options->access_log != NULL)
    {
      self->access_log = fopen (options->access_log, "a");
      if (self->access_log == NULL)
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                       "Cannot open the access log %s: %s", options->access_log, g_strerror (errno));
          return NULL;
        }
    }

  if (options->state_dir != NULL)
    {
      if (g_mkdir_with_parents (options->state_dir, 0700) != 0)
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                       "Cannot create the state directory %s: %s", options->state_dir, g_strerror (errno));
          return NULL;
        }
      self->state_path = g_build_filename (options->state_dir, "sandbox-state.json", NULL);
      if (!rp_sb_state_load (self, &loaded, error))
        return NULL;
    }

  if (!loaded)
    {
      start = options->start_time > 0 ? options->start_time : g_get_real_time () / G_USEC_PER_SEC;
      config.seed = options->seed;
      config.n_orders = options->n_orders;
      config.n_buyers = options->n_buyers;
      config.start = start;
      self->world = rp_sb_world_new (&config);
      rp_sandbox_server_reanchor (self, start * 1000, options->speed);
      self->dirty = TRUE;
    }

  self->soup = soup_server_new ("server-header", "rapport-sandbox ", NULL);
  soup_server_add_handler (self->soup, "/sync", gateway_cb, self, NULL);
  soup_server_add_handler (self->soup, "/rest", gateway_cb, self, NULL);
  soup_server_add_handler (self->soup, "/oauth/authorize", authorize_cb, self, NULL);
  soup_server_add_handler (self->soup, "/sandbox", control_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, refuse_cb, self, NULL);

  self->clock_source = g_timeout_add_seconds (1, clock_cb, self);

  return g_steal_pointer (&self);
}

/**
 * rp_sandbox_server_listen:
 * @self: a #RpSandboxServer
 * @address: `127.0.0.1:PORT`, `[::1]:PORT` or `localhost:PORT`; port 0 picks one
 * @error: a #GError
 *
 * Binds the loopback interface only; any other address is refused.
 *
 * Returns: the port bound, or 0 with @error set
 */
guint
rp_sandbox_server_listen (RpSandboxServer  *self,
                          const char       *address,
                          GError          **error)
{
  g_autofree char *host = NULL;
  const char *colon;
  guint64 port;
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) sockaddr = NULL;
  GSList *uris;
  guint bound = 0;

  g_return_val_if_fail (RP_IS_SANDBOX_SERVER (self), 0);

  colon = address != NULL ? strrchr (address, ':') : NULL;
  if (colon == NULL || !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "--listen wants HOST:PORT, e.g. 127.0.0.1:0");
      return 0;
    }
  host = g_strndup (address, colon - address);
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    {
      char *inner = g_strndup (host + 1, strlen (host) - 2);

      g_free (host);
      host = inner;
    }
  if (g_str_equal (host, "localhost"))
    {
      g_free (host);
      host = g_strdup ("127.0.0.1");
    }
  inet = g_inet_address_new_from_string (host);
  if (inet == NULL || !g_inet_address_get_is_loopback (inet))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "rapport-sandbox only listens on the loopback interface, not on “%s”", host);
      return 0;
    }

  sockaddr = g_inet_socket_address_new (inet, (guint16)port);
  if (!soup_server_listen (self->soup, sockaddr, 0, error))
    return 0;

  uris = soup_server_get_uris (self->soup);
  if (uris != NULL)
    bound = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  return bound;
}

gboolean
rp_sandbox_server_save (RpSandboxServer  *self,
                        GError          **error)
{
  g_return_val_if_fail (RP_IS_SANDBOX_SERVER (self), FALSE);

  if (self->state_path == NULL)
    return TRUE;
  rp_sandbox_server_catch_up (self);
  return rp_sb_state_save (self, error);
}
