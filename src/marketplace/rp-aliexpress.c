/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-aliexpress"

#include "config.h"

/* SCHED_IDLE */
#ifdef __linux__
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <string.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#ifdef __linux__
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "rp-aliexpress.h"
#include "rp-aliexpress-parse.h"
#include "rp-aliexpress-sign.h"
#include "rp-oauth.h"
#include "rp-time.h"

/* The AliExpress Open Platform client.
 *
 * Every call is asynchronous and runs in the thread-default main context of the thread
 * that starts it (libsoup ≥ 3.2 allows sending from any thread that has one), so the
 * command-line tool can drive it from a private loop while the app drives it from the
 * UI thread.  Bodies are parsed in a worker thread.
 *
 * Reads are retried with exponential backoff and jitter on transient failures only;
 * writes are never retried here: a write that fails after its body was sent is reported
 * as AMBIGUOUS so that the outbox re-reads before it resends. */

#define PARTNER_ID          "rapport-" PACKAGE_VERSION
#define READ_CHUNK          (64 * 1024)
#define MAX_PRESIZE         (1024 * 1024)   /* a length announced is not trusted further */
#define MAX_BACKOFF_MS      30000
#define DEFAULT_TIMEOUT_S   30
#define TLS_REFUSED         "rapport-tls-refused"   /* our own marker: retrying cannot help */

struct _RpAliexpress
{
  GObject                    parent_instance;

  char                      *base_url;
  RpCredentials             *credentials;
  SoupSession               *session;
  GMainContext              *owner_context;
  guint                      timeout;

  /* Calls may come from several threads; the lock guards everything below. */
  GMutex                     lock;
  gboolean                   needs_reauthorize;
  RpMarketplaceCapabilities  capabilities;
  guint                      max_attempts;
  guint                      base_delay_ms;
  guint                      max_throttle_wait;
  GPtrArray                 *refresh_waiters;   /* of GTask; non-NULL while refreshing */
};

static void rp_aliexpress_marketplace_init (RpMarketplaceInterface *iface);
static void rp_aliexpress_initable_init    (GInitableIface         *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RpAliexpress, rp_aliexpress, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      rp_aliexpress_initable_init)
                               G_IMPLEMENT_INTERFACE (RP_TYPE_MARKETPLACE,
                                                      rp_aliexpress_marketplace_init))

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_CREDENTIALS,
  PROP_TIMEOUT,
  PROP_NEEDS_REAUTHORIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define ALL_CAPABILITIES (RP_MARKETPLACE_CAPABILITY_ORDERS | \
                          RP_MARKETPLACE_CAPABILITY_ORDER_DETAIL | \
                          RP_MARKETPLACE_CAPABILITY_MESSAGES_READ | \
                          RP_MARKETPLACE_CAPABILITY_MESSAGES_SEND | \
                          RP_MARKETPLACE_CAPABILITY_DISPUTES | \
                          RP_MARKETPLACE_CAPABILITY_DISPUTE_ACTIONS | \
                          RP_MARKETPLACE_CAPABILITY_FULFILL | \
                          RP_MARKETPLACE_CAPABILITY_TRACKING | \
                          RP_MARKETPLACE_CAPABILITY_EXTEND_ACCEPT)

/* What a parser needs besides the body; one struct for all of them. */
typedef struct
{
  char       *method;
  char       *channel_id;
  char       *buyer_login_id;
  char       *seller_login_id;
  guint       page;
  guint       page_size;
  RpShipment *shipment;
} ParseArgs;

typedef gpointer (*ParseFunc) (GBytes     *body,
                               ParseArgs  *args,
                               GError    **error);

typedef struct
{
  char           *method;        /* business method, sent to /sync */
  char           *path;          /* system path, sent to /rest<path> */
  GHashTable     *params;        /* business parameters, in the body */
  gboolean        is_write;
  gboolean        needs_token;
  ParseFunc       parse;
  ParseArgs       args;
  GDestroyNotify  result_free;

  guint           attempt;
  gboolean        auth_retried;
  gboolean        body_sent;
  guint           status;
  SoupMessage    *msg;
  GInputStream   *stream;
  GByteArray     *buffer;
  gsize           expected;       /* the body's length when the headers say it, else 0 */
  GSource        *wait_source;
  GSource        *cancel_source;
} Call;

typedef struct
{
  RpOrder   *order;
  GPtrArray *shipments;
} OrderDetail;

static void call_begin (GTask *task);

static void
order_detail_free (OrderDetail *detail)
{
  g_clear_object (&detail->order);
  g_clear_pointer (&detail->shipments, g_ptr_array_unref);
  g_free (detail);
}

static void
call_free (Call *call)
{
  g_free (call->method);
  g_free (call->path);
  g_clear_pointer (&call->params, g_hash_table_unref);
  g_free (call->args.method);
  g_free (call->args.channel_id);
  g_free (call->args.buyer_login_id);
  g_free (call->args.seller_login_id);
  g_clear_object (&call->args.shipment);
  if (call->msg != NULL && call->is_write)
    g_signal_handlers_disconnect_by_data (call->msg, call);
  g_clear_object (&call->msg);
  g_clear_object (&call->stream);
  g_clear_pointer (&call->buffer, g_byte_array_unref);
  if (call->wait_source != NULL)
    g_source_destroy (call->wait_source);
  g_clear_pointer (&call->wait_source, g_source_unref);
  if (call->cancel_source != NULL)
    g_source_destroy (call->cancel_source);
  g_clear_pointer (&call->cancel_source, g_source_unref);
  g_free (call);
}

static Call *
call_new (const char     *method,
          const char     *path,
          gboolean        is_write,
          ParseFunc       parse,
          GDestroyNotify  result_free)
{
  Call *call = g_new0 (Call, 1);

  call->method = g_strdup (method);
  call->path = g_strdup (path);
  call->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  call->is_write = is_write;
  call->needs_token = method != NULL;
  call->parse = parse;
  call->result_free = result_free;
  call->args.method = g_strdup (method);

  return call;
}

static void
call_set (Call       *call,
          const char *key,
          const char *value)
{
  if (value != NULL)
    g_hash_table_replace (call->params, g_strdup (key), g_strdup (value));
}

static void
call_set_uint (Call       *call,
               const char *key,
               guint64     value)
{
  g_hash_table_replace (call->params, g_strdup (key),
                        g_strdup_printf ("%" G_GUINT64_FORMAT, value));
}

static void
call_set_json (Call        *call,
               const char  *key,
               JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  g_hash_table_replace (call->params, g_strdup (key), json_generator_to_data (generator, NULL));
}

/* Numeric ids go out as JSON numbers, as the platform's own SDKs send them. */
static void
builder_add_id (JsonBuilder *builder,
                const char  *name,
                const char  *id)
{
  gint64 value;
  char *end = NULL;

  if (id == NULL)
    return;

  json_builder_set_member_name (builder, name);
  value = g_ascii_strtoll (id, &end, 10);
  if (*id != '\0' && end != NULL && *end == '\0' && value >= 0 && strlen (id) < 19)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_string_value (builder, id);
}

static void
builder_add_pacific (JsonBuilder *builder,
                     const char  *name,
                     gint64       utc_usec)
{
  g_autofree char *text = NULL;

  if (utc_usec <= 0)
    return;

  text = rp_time_format_pacific (utc_usec);
  if (text == NULL)
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, text);
}

/* Helpers for the common result shapes. */

static gpointer
finish_pointer (RpMarketplace  *self,
                GAsyncResult   *result,
                GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
finish_boolean (RpMarketplace  *self,
                GAsyncResult   *result,
                GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_pointer (G_TASK (result), error) != NULL;
}

static RpMarketplacePage *
finish_page (RpMarketplace  *self,
             GAsyncResult   *result,
             GError        **error)
{
  return finish_pointer (self, result, error);
}

static char *
finish_string (RpMarketplace  *self,
               GAsyncResult   *result,
               GError        **error)
{
  return finish_pointer (self, result, error);
}

static RpDispute *
finish_dispute (RpMarketplace  *self,
                GAsyncResult   *result,
                GError        **error)
{
  return finish_pointer (self, result, error);
}

static GPtrArray *
finish_array (RpMarketplace  *self,
              GAsyncResult   *result,
              GError        **error)
{
  return finish_pointer (self, result, error);
}

static RpShipment *
finish_shipment (RpMarketplace  *self,
                 GAsyncResult   *result,
                 GError        **error)
{
  return finish_pointer (self, result, error);
}

static gboolean
emit_notify_reauthorize (gpointer data)
{
  g_object_notify_by_pspec (G_OBJECT (data), properties[PROP_NEEDS_REAUTHORIZE]);
  return G_SOURCE_REMOVE;
}

/* The notification is delivered in the context that created the connector, whichever
 * thread discovered the change. */
static void
set_needs_reauthorize (RpAliexpress *self,
                       gboolean      value)
{
  gboolean changed;

  g_mutex_lock (&self->lock);
  changed = self->needs_reauthorize != value;
  self->needs_reauthorize = value;
  g_mutex_unlock (&self->lock);

  if (changed)
    g_main_context_invoke_full (self->owner_context, G_PRIORITY_DEFAULT,
                                emit_notify_reauthorize,
                                g_object_ref (self), g_object_unref);
}

static GError *
needs_reauthorize_error (void)
{
  return g_error_new_literal (RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_NEEDS_REAUTHORIZE,
                              "AliExpress no longer accepts this store's authorization; "
                              "authorize the store again");
}

static void
call_return_error (GTask  *task,
                   GError *error)
{
  g_debug ("Call failed: %s", error->message);
  g_task_return_error (task, error);
}

/* Token refresh.  Concurrent calls that need fresh tokens wait on one refresh. */

static void
complete_refresh_waiters (RpAliexpress *self,
                          const GError *error)
{
  g_autoptr(GPtrArray) waiters = NULL;

  g_mutex_lock (&self->lock);
  waiters = g_steal_pointer (&self->refresh_waiters);
  g_mutex_unlock (&self->lock);

  for (guint i = 0; waiters != NULL && i < waiters->len; i++)
    {
      GTask *waiter = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (waiter, g_error_copy (error));
      else
        g_task_return_boolean (waiter, TRUE);
    }
}

static void
refreshed_tokens_stored_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(RpAliexpress) self = user_data;
  g_autoptr(GError) error = NULL;

  /* The new tokens are in use either way; failing to store them only means the next
   * start reads the previous ones, which the platform still honours for a while. */
  if (!rp_credentials_update_tokens_finish (RP_CREDENTIALS (object), result, &error))
    g_warning ("Could not store the refreshed AliExpress tokens: %s", error->message);

  set_needs_reauthorize (self, FALSE);
  complete_refresh_waiters (self, NULL);
}

static void
refresh_call_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RpAliexpress *self = RP_ALIEXPRESS (object);
  g_autoptr(RpTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  tokens = g_task_propagate_pointer (G_TASK (result), &error);
  if (tokens == NULL)
    {
      if (g_error_matches (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_AUTH_INVALID) ||
          g_error_matches (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_BUSINESS) ||
          g_error_matches (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_NEEDS_REAUTHORIZE))
        {
          g_debug ("Token refresh refused: %s", error->message);
          set_needs_reauthorize (self, TRUE);
          g_clear_error (&error);
          error = needs_reauthorize_error ();
        }
      complete_refresh_waiters (self, error);
      return;
    }

  rp_credentials_update_tokens_async (self->credentials, tokens, NULL,
                                      refreshed_tokens_stored_cb, g_object_ref (self));
}

static gpointer
parse_token_cb (GBytes     *body,
                ParseArgs  *args,
                GError    **error)
{
  return rp_aliexpress_parse_token (body, g_get_real_time (), error);
}

static void start_call (RpAliexpress        *self,
                        Call                *call,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data,
                        gpointer             source_tag);

static void
refresh_tokens_internal_async (RpAliexpress        *self,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(RpTokenSet) tokens = rp_credentials_dup_tokens (self->credentials);
  GTask *waiter = g_task_new (self, NULL, callback, user_data);
  gboolean start;
  Call *call;

  g_task_set_source_tag (waiter, refresh_tokens_internal_async);

  if (tokens == NULL || !rp_token_set_can_refresh (tokens, g_get_real_time ()))
    {
      set_needs_reauthorize (self, TRUE);
      g_task_return_error (waiter, needs_reauthorize_error ());
      g_object_unref (waiter);
      return;
    }

  g_mutex_lock (&self->lock);
  start = self->refresh_waiters == NULL;
  if (start)
    self->refresh_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->refresh_waiters, waiter);
  g_mutex_unlock (&self->lock);

  if (!start)
    return;

  /* Not bound to any caller's cancellable: other calls may be waiting on it. */
  call = call_new (NULL, "/auth/token/refresh", FALSE, parse_token_cb,
                   (GDestroyNotify)rp_token_set_free);
  call_set (call, "refresh_token", tokens->refresh_token);
  start_call (self, call, NULL, refresh_call_cb, NULL, refresh_tokens_internal_async);
}

/* Sending */

static void
wrote_body_cb (SoupMessage *msg,
               gpointer     user_data)
{
  Call *call = user_data;

  call->body_sent = TRUE;
}

static GHashTable *
sendable_params (GHashTable *params)
{
  GHashTable *out = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (rp_aliexpress_param_is_sendable (value))
      g_hash_table_insert (out, key, value);

  return out;
}

static GError *
transport_error (Call   *call,
                 GError *error)
{
  GError *translated;

  /* Once the body went out, the server may have acted on it, even when the caller
   * cancelled: the outbox must learn that it has to re-read before resending. */
  if (call->is_write && call->body_sent && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    translated = rp_marketplace_error_new (RP_MARKETPLACE_ERROR_AMBIGUOUS, NULL, 0,
                                           "Cancelled after the change was sent; it may have "
                                           "been applied");
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;
  else if (call->is_write && call->body_sent)
    translated = rp_marketplace_error_new (RP_MARKETPLACE_ERROR_AMBIGUOUS, NULL, 0,
                                           "The request was sent but no answer came (%s); "
                                           "it may have been applied", error->message);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    translated = rp_marketplace_error_new (RP_MARKETPLACE_ERROR_TIMEOUT, NULL, 0,
                                           "AliExpress did not answer in time");
  else if (error->domain == G_TLS_ERROR)
    translated = rp_marketplace_error_new (RP_MARKETPLACE_ERROR_NETWORK, TLS_REFUSED, 0,
                                           "The marketplace's TLS certificate was not accepted: %s",
                                           error->message);
  else
    translated = rp_marketplace_error_new (RP_MARKETPLACE_ERROR_NETWORK, NULL, 0,
                                           "Could not reach AliExpress: %s", error->message);

  g_error_free (error);
  return translated;
}

static guint
backoff_delay_ms (RpAliexpress *self,
                  guint         attempt)
{
  guint64 delay;

  g_mutex_lock (&self->lock);
  delay = self->base_delay_ms;
  g_mutex_unlock (&self->lock);

  delay <<= MIN (attempt - 1, 16u);
  delay = MIN (delay, (guint64)MAX_BACKOFF_MS);

  /* Jitter spreads the retries of many clients hit by the same outage. */
  return (guint)(delay * g_random_double_range (0.5, 1.5));
}

static gboolean
retry_cb (gpointer user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);

  g_clear_pointer (&call->wait_source, g_source_unref);
  if (call->cancel_source != NULL)
    g_source_destroy (call->cancel_source);
  g_clear_pointer (&call->cancel_source, g_source_unref);

  call_begin (task);
  return G_SOURCE_REMOVE;
}

static gboolean
wait_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);
  GError *error = NULL;

  g_clear_pointer (&call->cancel_source, g_source_unref);
  if (call->wait_source != NULL)
    g_source_destroy (call->wait_source);
  g_clear_pointer (&call->wait_source, g_source_unref);

  g_cancellable_set_error_if_cancelled (cancellable, &error);
  g_task_return_error (task, error);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (GTask *task,
                guint  delay_ms)
{
  Call *call = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  g_debug ("Retrying %s in %u ms (attempt %u)",
           call->method != NULL ? call->method : call->path, delay_ms, call->attempt + 1);

  call->wait_source = g_timeout_source_new (delay_ms);
  g_source_set_callback (call->wait_source, retry_cb, g_object_ref (task), g_object_unref);
  g_source_attach (call->wait_source, g_task_get_context (task));

  if (cancellable != NULL)
    {
      call->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (call->cancel_source, G_SOURCE_FUNC (wait_cancelled_cb),
                             g_object_ref (task), g_object_unref);
      g_source_attach (call->cancel_source, g_task_get_context (task));
    }
}

static gboolean
is_message_centre_refusal (Call         *call,
                           const GError *error)
{
  const char *code = rp_marketplace_error_get_remote_code (error);

  if (call->method == NULL || !g_str_has_prefix (call->method, "aliexpress.message."))
    return FALSE;

  if (!g_error_matches (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_BUSINESS) &&
      !g_error_matches (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_APP_KEY))
    return FALSE;

  return code != NULL && (strstr (code, "ermission") != NULL || strstr (code, "InvalidApi") != NULL ||
                          strstr (code, "InvalidMethod") != NULL || strstr (code, "NotExist") != NULL ||
                          strstr (code, "invalid-method") != NULL);
}

static void
auth_refreshed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      call_return_error (task, error);
      return;
    }

  call_begin (task);
}

/* Decides, after a failure, between retrying, refreshing the token and giving up. */
static void
handle_failure (GTask  *task,
                GError *error)
{
  RpAliexpress *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  guint max_attempts, max_throttle_wait;

  g_mutex_lock (&self->lock);
  max_attempts = self->max_attempts;
  max_throttle_wait = self->max_throttle_wait;
  g_mutex_unlock (&self->lock);

  /* A rejected token means nothing was applied, so even a write may go again once. */
  if (g_error_matches (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_AUTH_INVALID) &&
      call->needs_token && !call->auth_retried)
    {
      call->auth_retried = TRUE;
      g_debug ("Access token refused; refreshing: %s", error->message);
      g_error_free (error);
      refresh_tokens_internal_async (self, auth_refreshed_cb, g_object_ref (task));
      return;
    }

  if (g_error_matches (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_AUTH_INVALID) &&
      call->needs_token)
    {
      set_needs_reauthorize (self, TRUE);
      g_error_free (error);
      call_return_error (task, needs_reauthorize_error ());
      return;
    }

  if (is_message_centre_refusal (call, error))
    {
      g_mutex_lock (&self->lock);
      self->capabilities &= ~(RP_MARKETPLACE_CAPABILITY_MESSAGES_READ |
                              RP_MARKETPLACE_CAPABILITY_MESSAGES_SEND);
      g_mutex_unlock (&self->lock);

      call_return_error (task, rp_marketplace_error_new (RP_MARKETPLACE_ERROR_UNSUPPORTED,
                                                         rp_marketplace_error_get_remote_code (error), 0,
                                                         "This app may not use the AliExpress message "
                                                         "centre (%s); open it in Seller Center",
                                                         error->message));
      g_error_free (error);
      return;
    }

  if (!call->is_write && rp_marketplace_error_is_transient (error) && call->attempt < max_attempts &&
      g_strcmp0 (rp_marketplace_error_get_remote_code (error), TLS_REFUSED) != 0)
    {
      guint delay_ms;

      if (g_error_matches (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_THROTTLED) &&
          rp_marketplace_error_get_retry_after (error) > 0)
        {
          guint wait = rp_marketplace_error_get_retry_after (error);

          /* A long ban (a daily quota) is the scheduler's business, not a retry's. */
          if (wait > max_throttle_wait)
            {
              call_return_error (task, error);
              return;
            }
          delay_ms = wait * 1000;
        }
      else
        delay_ms = backoff_delay_ms (self, call->attempt);

      g_error_free (error);
      schedule_retry (task, delay_ms);
      return;
    }

  call_return_error (task, error);
}

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GTask *call_task = task_data;
  Call *call = g_task_get_task_data (call_task);
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  gpointer result;

  body = g_byte_array_free_to_bytes (g_steal_pointer (&call->buffer));
  result = call->parse (body, &call->args, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, call->result_free);
}

/* The parser's result (@value, or NULL and @error, taken) becomes the call's. */
static void
finish_parse (GTask    *task,
              gpointer  value,
              GError   *error)
{
  Call *call = g_task_get_task_data (task);

  if (value != NULL && !SOUP_STATUS_IS_SUCCESSFUL (call->status))
    {
      if (call->result_free != NULL)
        call->result_free (value);
      value = NULL;
      error = rp_marketplace_error_new (RP_MARKETPLACE_ERROR_INVALID_RESPONSE, NULL, 0,
                                        "AliExpress answered with HTTP status %u", call->status);
    }

  if (value == NULL)
    {
      /* A write that was answered, but unreadably, may still have been applied. */
      if (call->is_write && SOUP_STATUS_IS_SUCCESSFUL (call->status) &&
          (g_error_matches (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_RESPONSE) ||
           g_error_matches (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_TOO_LARGE)))
        {
          GError *ambiguous = rp_marketplace_error_new (RP_MARKETPLACE_ERROR_AMBIGUOUS, NULL, 0,
                                                        "The answer to the change was unreadable "
                                                        "(%s); it may have been applied",
                                                        error->message);
          g_error_free (error);
          error = ambiguous;
        }
      handle_failure (task, error);
      return;
    }

  g_task_return_pointer (task, value, call->result_free);
}

static void
parse_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gpointer value;

  value = g_task_propagate_pointer (G_TASK (result), &error);
  finish_parse (task, value, error);
}

/* Bodies are parsed on threads of the client's own that give way to the UI thread.  During
 * a full sync the parsers are most of the client's processor time; on the threads of GLib's
 * shared pool (started at normal priority) they kept the window's main loop waiting for a
 * processor.  The application's sync engine runs at SCHED_IDLE, so that the window never
 * waits for a processor behind it, and the answers to its calls are parsed at SCHED_IDLE too;
 * those of any other caller on threads at a higher nice value than the process.  Two
 * exclusive pools, one for each, so that a thread's policy only ever goes one way (a thread
 * without privileges cannot leave SCHED_IDLE).  One thread per processor, up to four, in
 * each, for the life of the process; on Linux a thread's policy and nice value are its own. */
#define PARSE_NICE_INCREMENT 10
#define MAX_PARSE_THREADS    4

static gboolean
caller_in_background (void)
{
#ifdef __linux__
  return sched_getscheduler (0) == SCHED_IDLE;
#else
  return FALSE;
#endif
}

static void
run_parse (GTask *parse_task)
{
  parse_thread (parse_task, NULL, g_task_get_task_data (parse_task), NULL);
  g_object_unref (parse_task);
}

static void
parse_worker (gpointer data,
              gpointer user_data)
{
#ifdef __linux__
  static GPrivate lowered = G_PRIVATE_INIT (NULL);

  if (g_private_get (&lowered) == NULL)
    {
      id_t tid = (id_t)syscall (SYS_gettid);
      int process_nice;
      int target;

      g_private_set (&lowered, GINT_TO_POINTER (TRUE));

      /* Relative to the process, not to the thread that started this one. */
      errno = 0;
      process_nice = getpriority (PRIO_PROCESS, (id_t)getpid ());
      if (errno == 0)
        {
          target = MIN (process_nice + PARSE_NICE_INCREMENT, 19);
          if (getpriority (PRIO_PROCESS, tid) < target && errno == 0 &&
              setpriority (PRIO_PROCESS, tid, target) != 0)
            g_debug ("Could not lower the priority of a parsing thread: %s", g_strerror (errno));
        }
    }
#endif

  run_parse (data);
}

static void
background_parse_worker (gpointer data,
                         gpointer user_data)
{
#ifdef __linux__
  static GPrivate idle = G_PRIVATE_INIT (NULL);

  /* Started from a thread at SCHED_IDLE it is already; made sure of once. */
  if (g_private_get (&idle) == NULL)
    {
      struct sched_param param = { .sched_priority = 0 };

      g_private_set (&idle, GINT_TO_POINTER (TRUE));
      if (sched_getscheduler (0) != SCHED_IDLE &&
          sched_setscheduler (0, SCHED_IDLE, &param) != 0)
        g_debug ("Could not lower the priority of a parsing thread: %s", g_strerror (errno));
    }
#endif

  run_parse (data);
}

static GThreadPool *
parse_pool (gboolean background)
{
  static GThreadPool *pools[2] = { NULL, NULL };
  GThreadPool **pool = &pools[background ? 1 : 0];

  if (g_once_init_enter (pool))
    {
      g_autoptr(GError) error = NULL;
      GThreadPool *new_pool;

      /* Exclusive: its threads serve nothing else, so their policy stays theirs. */
      new_pool = g_thread_pool_new (background ? background_parse_worker : parse_worker, NULL,
                                    (gint)CLAMP (g_get_num_processors (), 1, MAX_PARSE_THREADS),
                                    TRUE, &error);
      if (new_pool == NULL)
        g_warning ("Could not start the threads that read answers: %s", error->message);
      g_once_init_leave (pool, new_pool);
    }

  return *pool;
}

static void
start_parse (GTask *task)
{
  GThreadPool *pool;
  GTask *parse_task;

  /* A caller with a thread and a main context of its own (the sync engine) has its answers
   * parsed right there, at its own priority: a parse takes less processor time than the two
   * thread switches and the task of a hand-over to the pool.  The main thread's answers
   * still go to the pool, so that no parse ever holds up the window. */
  if (g_task_get_context (task) != g_main_context_default ())
    {
      Call *call = g_task_get_task_data (task);
      g_autoptr(GBytes) body = g_byte_array_free_to_bytes (g_steal_pointer (&call->buffer));
      GError *error = NULL;
      gpointer value;

      value = call->parse (body, &call->args, &error);
      finish_parse (task, value, error);
      return;
    }

  pool = parse_pool (caller_in_background ());

  /* The parse task carries the call task; its callback runs in the caller's context. */
  /* Not cancellable: an answer that arrived is worth reading (it may confirm a write);
   * the call task itself honours cancellation for reads. */
  parse_task = g_task_new (NULL, NULL, parse_done_cb, g_object_ref (task));
  g_task_set_source_tag (parse_task, start_parse);
  g_task_set_task_data (parse_task, g_object_ref (task), g_object_unref);

  /* The pool takes the reference (its threads are all started: a push cannot fail); GLib's
   * shared pool if they could not be started. */
  if (pool != NULL)
    {
      g_thread_pool_push (pool, parse_task, NULL);
      return;
    }

  g_task_run_in_thread (parse_task, parse_thread);
  g_object_unref (parse_task);
}

static void read_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data);

static void
read_more (GTask *task)
{
  Call *call = g_task_get_task_data (task);
  guint have = call->buffer->len;
  /* Never more than one byte beyond the cap, to tell a body at the cap from one over it. */
  gsize room = MIN ((gsize)READ_CHUNK, (gsize)RP_ALIEXPRESS_MAX_BODY_SIZE + 1 - have);
  GCancellable *cancellable;

  /* The whole body and the read that finds its end, when its length is known. */
  if (call->expected > have)
    room = MIN (room, call->expected - have + 1);

  /* Read straight into the body's buffer: no chunk allocated, trimmed and copied per read. */
  g_byte_array_set_size (call->buffer, have + (guint)room);
  call->buffer->len = have;

  /* The task reference moves to the callback: take the cancellable first, since
   * argument evaluation order is unspecified. */
  cancellable = g_task_get_cancellable (task);
  g_input_stream_read_async (call->stream, call->buffer->data + have, room, G_PRIORITY_DEFAULT,
                             cancellable, read_cb, task);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  GError *error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (n < 0)
    {
      g_clear_object (&call->stream);
      handle_failure (task, transport_error (call, error));
      return;
    }

  call->buffer->len += (guint)n;

  if (call->buffer->len > RP_ALIEXPRESS_MAX_BODY_SIZE)
    {
      /* Dropping the stream closes the connection instead of draining a huge body. */
      g_clear_object (&call->stream);
      handle_failure (task, rp_marketplace_error_new (call->is_write ? RP_MARKETPLACE_ERROR_AMBIGUOUS
                                                                     : RP_MARKETPLACE_ERROR_TOO_LARGE,
                                                      NULL, 0,
                                                      "The answer from AliExpress is larger than "
                                                      "%d MiB%s",
                                                      RP_ALIEXPRESS_MAX_BODY_SIZE / (1024 * 1024),
                                                      call->is_write ? "; the change may have been applied" : ""));
      return;
    }

  /* The end, which libsoup tells only by a read that returns nothing: a stream closed as
   * soon as the body had the length its headers gave could leave its connection waiting. */
  if (n == 0)
    {
      g_input_stream_close_async (call->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_clear_object (&call->stream);
      start_parse (task);
      return;
    }

  read_more (g_steal_pointer (&task));
}

static guint
parse_retry_after_header (SoupMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                    "Retry-After");
  guint64 seconds;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, 86400, &seconds, NULL))
    return 0;

  return (guint)seconds;
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  SoupMessageHeaders *headers;
  GError *error = NULL;
  goffset length;

  call->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (call->stream == NULL)
    {
      handle_failure (task, transport_error (call, error));
      return;
    }

  call->status = soup_message_get_status (call->msg);

  if (call->status >= 500)
    {
      g_clear_object (&call->stream);
      if (call->is_write)
        handle_failure (task, rp_marketplace_error_new (RP_MARKETPLACE_ERROR_AMBIGUOUS, NULL, 0,
                                                        "AliExpress failed with HTTP status %u "
                                                        "while handling the change; it may have "
                                                        "been applied", call->status));
      else
        handle_failure (task, rp_marketplace_error_new (RP_MARKETPLACE_ERROR_SERVER, NULL, 0,
                                                        "AliExpress failed with HTTP status %u",
                                                        call->status));
      return;
    }

  /* Redirects are not followed (a redirect could lead a token away from TLS). */
  if (SOUP_STATUS_IS_REDIRECTION (call->status))
    {
      g_clear_object (&call->stream);
      handle_failure (task, rp_marketplace_error_new (RP_MARKETPLACE_ERROR_INVALID_RESPONSE, NULL, 0,
                                                      "AliExpress redirected the request (HTTP %u); "
                                                      "redirects are not followed", call->status));
      return;
    }

  if (call->status == 429)
    {
      guint wait = parse_retry_after_header (call->msg);

      g_clear_object (&call->stream);
      handle_failure (task, rp_marketplace_error_new (RP_MARKETPLACE_ERROR_THROTTLED, NULL,
                                                      wait > 0 ? wait + 1 : 0,
                                                      "AliExpress is limiting calls (HTTP 429)"));
      return;
    }

  length = soup_message_headers_get_content_length (soup_message_get_response_headers (call->msg));
  if (length > RP_ALIEXPRESS_MAX_BODY_SIZE)
    {
      g_clear_object (&call->stream);
      handle_failure (task, rp_marketplace_error_new (call->is_write ? RP_MARKETPLACE_ERROR_AMBIGUOUS
                                                                     : RP_MARKETPLACE_ERROR_TOO_LARGE,
                                                      NULL, 0,
                                                      "The answer from AliExpress is too large "
                                                      "(%" G_GOFFSET_FORMAT " bytes)", length));
      return;
    }

  /* A length the headers give is the body's only as sent: a compressed body is longer
   * once decoded. */
  headers = soup_message_get_response_headers (call->msg);
  call->expected = 0;
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_one (headers, "Content-Encoding") == NULL && length > 0)
    call->expected = (gsize)length;

  call->buffer = g_byte_array_sized_new (MIN (call->expected > 0 ? call->expected + 1 : READ_CHUNK,
                                              MAX_PRESIZE));
  read_more (g_steal_pointer (&task));
}

static void
call_send (GTask      *task,
           RpTokenSet *tokens)
{
  RpAliexpress *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(GHashTable) system = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) business = sendable_params (call->params);
  g_autoptr(GHashTable) all = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GBytes) body = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *sign = NULL;
  g_autofree char *query = NULL;
  g_autofree char *url = NULL;
  GHashTableIter iter;
  gpointer key, value;

  call->attempt++;
  call->body_sent = FALSE;
  call->status = 0;
  if (call->msg != NULL && call->is_write)
    g_signal_handlers_disconnect_by_data (call->msg, call);
  g_clear_object (&call->msg);
  g_clear_pointer (&call->buffer, g_byte_array_unref);

  g_hash_table_insert (system, "app_key", g_strdup (rp_credentials_get_app_key (self->credentials)));
  g_hash_table_insert (system, "timestamp",
                       g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / 1000));
  g_hash_table_insert (system, "sign_method", g_strdup ("sha256"));
  g_hash_table_insert (system, "partner_id", g_strdup (PARTNER_ID));

  if (call->method != NULL)
    {
      g_hash_table_insert (system, "method", g_strdup (call->method));
      g_hash_table_insert (system, "format", g_strdup ("json"));
      g_hash_table_insert (system, "simplify", g_strdup ("false"));
    }

  if (tokens != NULL)
    {
      g_hash_table_insert (system, call->method != NULL ? "session" : "access_token",
                           g_strdup (tokens->access_token));
      if (call->args.seller_login_id == NULL)
        call->args.seller_login_id = g_strdup (tokens->user_nick);
    }

  g_hash_table_iter_init (&iter, system);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (all, key, value);
  g_hash_table_iter_init (&iter, business);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (system, key))
      g_hash_table_insert (all, key, value);

  /* /sync signs without a prefix; /rest system calls sign with their path. */
  secret = rp_credentials_dup_app_secret (self->credentials);
  sign = rp_aliexpress_sign (secret, call->method != NULL ? NULL : call->path, all);
  explicit_bzero (secret, strlen (secret));
  g_hash_table_insert (system, "sign", g_steal_pointer (&sign));

  query = soup_form_encode_hash (system);
  if (call->method != NULL)
    url = g_strconcat (self->base_url, "/sync?", query, NULL);
  else
    url = g_strconcat (self->base_url, "/rest", call->path, "?", query, NULL);

  call->msg = soup_message_new (SOUP_METHOD_POST, url);
  if (call->msg == NULL)
    {
      call_return_error (task, rp_marketplace_error_new (RP_MARKETPLACE_ERROR_INVALID_ARGUMENT, NULL, 0,
                                                         "Could not build a request to %s",
                                                         self->base_url));
      return;
    }

  {
    char *form = soup_form_encode_hash (business);

    body = g_bytes_new_take (form, strlen (form));
  }
  soup_message_set_request_body_from_bytes (call->msg, "application/x-www-form-urlencoded", body);

  /* libsoup may resend a read on a stale keep-alive connection; never a write. */
  soup_message_add_flags (call->msg, SOUP_MESSAGE_NO_REDIRECT);
  if (!call->is_write)
    soup_message_add_flags (call->msg, SOUP_MESSAGE_IDEMPOTENT);
  /* Only a write can be ambiguous once its body went out; a read needs no handler (connecting
   * and disconnecting one per request was a noticeable part of a sync's own time). */
  if (call->is_write)
    g_signal_connect (call->msg, "wrote-body", G_CALLBACK (wrote_body_cb), call);

  g_debug ("Calling %s (attempt %u)", call->method != NULL ? call->method : call->path, call->attempt);

  soup_session_send_async (self->session, call->msg, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), send_cb, g_object_ref (task));
}

static void
begin_after_refresh_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RpAliexpress *self = RP_ALIEXPRESS (object);
  g_autoptr(RpTokenSet) tokens = NULL;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      tokens = rp_credentials_dup_tokens (self->credentials);

      /* A refresh that failed for a transient reason is harmless while the current
       * token still lives: it is only refreshed early. */
      if (rp_marketplace_error_is_transient (error) && tokens != NULL &&
          tokens->expires_at > g_get_real_time ())
        {
          g_debug ("Token refresh postponed: %s", error->message);
          g_error_free (error);
          call_send (task, tokens);
          return;
        }

      call_return_error (task, error);
      return;
    }

  tokens = rp_credentials_dup_tokens (self->credentials);
  if (tokens == NULL)
    {
      call_return_error (task, needs_reauthorize_error ());
      return;
    }

  call_send (task, tokens);
}

static void
call_begin (GTask *task)
{
  RpAliexpress *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(RpTokenSet) tokens = NULL;
  GError *error = NULL;
  gboolean reauthorize;
  gint64 now;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (!call->needs_token)
    {
      call_send (task, NULL);
      return;
    }

  g_mutex_lock (&self->lock);
  reauthorize = self->needs_reauthorize;
  g_mutex_unlock (&self->lock);

  tokens = rp_credentials_dup_tokens (self->credentials);
  if (reauthorize || tokens == NULL)
    {
      set_needs_reauthorize (self, TRUE);
      call_return_error (task, tokens == NULL
                         ? g_error_new_literal (RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_NEEDS_REAUTHORIZE,
                                                "The store is not authorized yet; authorize it first")
                         : needs_reauthorize_error ());
      return;
    }

  now = g_get_real_time ();
  if (rp_token_set_needs_refresh (tokens, now))
    {
      if (rp_token_set_can_refresh (tokens, now))
        {
          refresh_tokens_internal_async (self, begin_after_refresh_cb, g_object_ref (task));
          return;
        }

      if (tokens->expires_at <= now)
        {
          set_needs_reauthorize (self, TRUE);
          call_return_error (task, needs_reauthorize_error ());
          return;
        }
    }

  call_send (task, tokens);
}

static void
start_call (RpAliexpress        *self,
            Call                *call,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data,
            gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, call, (GDestroyNotify)call_free);
  /* A cancelled write that may have been applied is reported as AMBIGUOUS, not hidden
   * behind the cancellation. */
  g_task_set_check_cancellable (task, !call->is_write);

  call_begin (task);
}

static gboolean
check_argument (RpAliexpress        *self,
                gboolean             ok,
                const char          *what,
                GAsyncReadyCallback  callback,
                gpointer             user_data,
                gpointer             source_tag)
{
  if (ok)
    return TRUE;

  g_task_report_new_error (self, callback, user_data, source_tag,
                           RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_ARGUMENT,
                           "Missing or invalid %s", what);
  return FALSE;
}

static gboolean
is_present (const char *text)
{
  return text != NULL && *text != '\0';
}

/* RpMarketplace */

static RpMarketplaceCapabilities
rp_aliexpress_get_capabilities (RpMarketplace *marketplace)
{
  RpAliexpress *self = RP_ALIEXPRESS (marketplace);
  RpMarketplaceCapabilities capabilities;

  g_mutex_lock (&self->lock);
  capabilities = self->capabilities;
  g_mutex_unlock (&self->lock);

  return capabilities;
}

static gpointer
parse_order_list_cb (GBytes     *body,
                     ParseArgs  *args,
                     GError    **error)
{
  return rp_aliexpress_parse_order_list (body, args->page, args->page_size, g_get_real_time (), error);
}

static void
rp_aliexpress_list_orders_async (RpMarketplace       *marketplace,
                                 const RpOrderQuery  *query,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  RpAliexpress *self = RP_ALIEXPRESS (marketplace);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n_statuses;
  Call *call;

  if (!check_argument (self, query != NULL, "order query", callback, user_data,
                       rp_aliexpress_list_orders_async))
    return;

  n_statuses = query->statuses != NULL ? g_strv_length (query->statuses) : 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "current_page");
  json_builder_add_int_value (builder, MAX (query->page, 1));
  json_builder_set_member_name (builder, "page_size");
  json_builder_add_int_value (builder, CLAMP (query->page_size, 1, 50));
  builder_add_pacific (builder, "create_date_start", query->created_from);
  builder_add_pacific (builder, "create_date_end", query->created_to);
  builder_add_pacific (builder, "modified_date_start", query->modified_from);
  builder_add_pacific (builder, "modified_date_end", query->modified_to);
  if (n_statuses == 1)
    {
      json_builder_set_member_name (builder, "order_status");
      json_builder_add_string_value (builder, query->statuses[0]);
    }
  else if (n_statuses > 1)
    {
      json_builder_set_member_name (builder, "order_status_list");
      json_builder_begin_array (builder);
      for (guint i = 0; i < n_statuses; i++)
        json_builder_add_string_value (builder, query->statuses[i]);
      json_builder_end_array (builder);
    }
  if (is_present (query->buyer_login_id))
    {
      json_builder_set_member_name (builder, "buyer_login_id");
      json_builder_add_string_value (builder, query->buyer_login_id);
    }
  json_builder_end_object (builder);

  call = call_new ("aliexpress.trade.seller.orderlist.get", NULL, FALSE, parse_order_list_cb,
                   (GDestroyNotify)rp_marketplace_page_free);
  call->args.page = MAX (query->page, 1);
  call->args.page_size = CLAMP (query->page_size, 1, 50);
  call_set_json (call, "param_aeop_order_query", builder);
  start_call (self, call, cancellable, callback, user_data, rp_aliexpress_list_orders_async);
}

static gpointer
parse_order_detail_cb (GBytes     *body,
                       ParseArgs  *args,
                       GError    **error)
{
  OrderDetail *detail = g_new0 (OrderDetail, 1);

  detail->order = rp_aliexpress_parse_order_detail (body, &detail->shipments, error);
  if (detail->order == NULL)
    {
      order_detail_free (detail);
      return NULL;
    }

  return detail;
}

static void
rp_aliexpress_get_order_async (RpMarketplace       *marketplace,
                               const char          *order_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  RpAliexpress *self = RP_ALIEXPRESS (marketplace);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  Call *call;

  if (!check_argument (self, is_present (order_id), "order id", callback, user_data,
                       rp_aliexpress_get_order_async))
    return;

  json_builder_begin_object (builder);
  builder_add_id (builder, "order_id", order_id);
  json_builder_end_object (builder);

  call = call_new ("aliexpress.trade.new.redefining.findorderbyid", NULL, FALSE,
                   parse_order_detail_cb, (GDestroyNotify)order_detail_free);
  call_set_json (call, "param1", builder);
  start_call (self, call, cancellable, callback, user_data, rp_aliexpress_get_order_async);
}

static RpOrder *
rp_aliexpress_get_order_finish (RpMarketplace  *marketplace,
                                GAsyncResult   *result,
                                GPtrArray     **shipments,
                                GError        **error)
{
  OrderDetail *detail = finish_pointer (marketplace, result, error);
  RpOrder *order;

  if (detail == NULL)
    return NULL;

  order = g_steal_pointer (&detail->order);
  if (shipments != NULL)
    *shipments = g_steal_pointer (&detail->shipments);
  order_detail_free (detail);

  return order;
}

static gpointer
parse_relation_list_cb (GBytes     *body,
                        ParseArgs  *args,
                        GError    **error)
{
  return rp_aliexpress_parse_relation_list (body, args->page, args->page_size, error);
}

static void
rp_aliexpress_list_conversations_async (RpMarketplace             *marketplace,
                                        const RpConversationQuery *query,
                                        GCancellable              *cancellable,
                                        GAsyncReadyCallback        callback,
                                        gpointer                   user_data)
{
  RpAliexpress *self = RP_ALIEXPRESS (marketplace);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  Call *call;

  if (!check_argument (self, query != NULL && query->rank <= 5, "conversation query", callback,
                       user_data, rp_aliexpress_list_conversations_async))
    return;

  call = call_new ("aliexpress.message.redefining.versiontwo.querymsgrelationlist", NULL, FALSE,
                   parse_relation_list_cb, (GDestroyNotify)rp_marketplace_page_free);
  call->args.page = MAX (query->page, 1);
  call->args.page_size = CLAMP (query->page_size, 1, RP_MARKETPLACE_MAX_PAGE_SIZE);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "current_page");
  json_builder_add_int_value (builder, call->args.page);
  json_builder_set_member_name (builder, "page_size");
  json_builder_add_int_value (builder, call->args.page_size);
  /* Message centre times are epoch milliseconds, not Pacific strings. */
  if (query->from > 0)
    {
      json_builder_set_member_name (builder, "start_time");
      json_builder_add_int_value (builder, query->from / 1000);
    }
  if (query->to > 0)
    {
      json_builder_set_member_name (builder, "end_time");
      json_builder_add_int_value (builder, query->to / 1000);
    }
  if (query->only_unprocessed)
    {
      json_builder_set_member_name (builder, "only_un_dealed");
      json_builder_add_boolean_value (builder, TRUE);
    }
  if (query->only_unread)
    {
      json_builder_set_member_name (builder, "only_un_readed");
      json_builder_add_boolean_value (builder, TRUE);
    }
  if (query->rank >= 0)
    {
      json_builder_set_member_name (builder, "rank");
      json_builder_add_int_value (builder, query->rank);
    }
  json_builder_end_object (builder);

  call_set_json (call, "query", builder);
  start_call (self, call, cancellable, callback, user_data, rp_aliexpress_list_conversations_async);
}

static gpointer
parse_message_list_cb (GBytes     *body,
                       ParseArgs  *args,
                       GError    **error)
{
  return rp_aliexpress_parse_message_list (body, args->channel_id, args->buyer_login_id,
                                           args->seller_login_id, args->page, args->page_size,
                                           error);
}

static void
rp_aliexpress_list_messages_async (RpMarketplace       *marketplace,
                                   const char          *channel_id,
                                   const char          *buyer_login_id,
                                   guint                page,
                                   guint                page_size,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  RpAliexpress *self = RP_ALIEXPRESS (marketplace);
  Call *call;

  if (!check_argument (self, is_present (channel_id), "channel id", callback, user_data,
                       rp_aliexpress_list_messages_async))
    return;

  call = call_new ("aliexpress.message.redefining.versiontwo.querymsgdetaillist", NULL, FALSE,
                   parse_message_list_cb, (GDestroyNotify)rp_marketplace_page_free);
  call->args.channel_id = g_strdup (channel_id);
  call->args.buyer_login_id = g_strdup (buyer_login_id);
  call->args.page = MAX (page, 1);
  call->args.page_size = CLAMP (page_size, 1, RP_MARKETPLACE_MAX_PAGE_SIZE);
  call_set (call, "channel_id", channel_id);
  call_set_uint (call, "current_page", call->args.page);
  call_set_uint (call, "page_size", call->args.page_size);
  start_call (self, call, cancellable, callback, user_data, rp_aliexpress_list_messages_async);
}

static gpointer
parse_send_message_cb (GBytes     *body,
                       ParseArgs  *args,
                       GError    **error)
{
  return rp_aliexpress_parse_send_message (body, error);
}

static void
rp_aliexpress_send_message_async (RpMarketplace       *marketplace,
                                  const char          *channel_id,
                                  const char          *buyer_login_id,
                                  const char          *order_id,
                                  const char          *text,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  RpAliexpress *self = RP_ALIEXPRESS (marketplace);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(RpTokenSet) tokens = NULL;
  gboolean valid_text;
  Call *call;

  valid_text = is_present (text) && strlen (text) <= RP_ALIEXPRESS_MAX_TEXT_SIZE &&
               g_utf8_validate (text, -1, NULL);
  if (!check_argument (self, is_present (channel_id) && is_present (buyer_login_id),
                       "conversation or buyer", callback, user_data, rp_aliexpress_send_message_async) ||
      !check_argument (self, valid_text, "message text (it must be UTF-8, not empty, at most 64 KiB)",
                       callback, user_data, rp_aliexpress_send_message_async))
    return;

  tokens = rp_credentials_dup_tokens (self->credentials);

  json_builder_begin_object (builder);
  builder_add_id (builder, "channel_id", channel_id);
  json_builder_set_member_name (builder, "buyer_id");
  json_builder_add_string_value (builder, buyer_login_id);
  if (tokens != NULL && is_present (tokens->seller_id))
    builder_add_id (builder, "seller_id", tokens->seller_id);
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, text);
  json_builder_set_member_name (builder, "message_type");
  json_builder_add_string_value (builder, is_present (order_id) ? "order" : "member");
  if (is_present (order_id))
    builder_add_id (builder, "extern_id", order_id);
  json_builder_end_object (builder);

  call = call_new ("aliexpress.message.redefining.versiontwo.addmsg", NULL, TRUE,
                   parse_send_message_cb, g_free);
  call_set_json (call, "create_param", builder);
  start_call (self, call, cancellable, callback, user_data, rp_aliexpress_send_message_async);
}

static gpointer
parse_write_cb (GBytes     *body,
                ParseArgs  *args,
                GError    **error)
{
  /* Any non-NULL pointer says "done"; nothing is owned. */
  return rp_aliexpress_parse_write_result (body, args->method, error) ? GINT_TO_POINTER (1) : NULL;
}

static void
rp_aliexpress_mark_read_async (RpMarketplace       *marketplace,
                               const char          *channel_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  RpAliexpress *self = RP_ALIEXPRESS (marketplace);
  Call *call;

  if (!check_argument (self, is_present (channel_id), "channel id", callback, user_data,
                       rp_aliexpress_mark_read_async))
    return;

  call = call_new ("aliexpress.message.redefining.versiontwo.updatemsgread", NULL, TRUE,
                   parse_write_cb, NULL);
  call_set (call, "channel_id", channel_id);
  start_call (self, call, cancellable, callback, user_data, rp_aliexpress_mark_read_async);
}

static void
rp_aliexpress_mark_processed_async (RpMarketplace       *marketplace,
                                    const char          *channel_id,
                                    gboolean             processed,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  RpAliexpress *self = RP_ALIEXPRESS (marketplace);
  Call *call;

  if (!check_argument (self, is_present (channel_id), "channel id", callback, user_data,
                       rp_aliexpress_mark_processed_async))
    return;

  call = call_new ("aliexpress.message.redefining.versiontwo.updatemsgprocessed", NULL, TRUE,
                   parse_write_cb, NULL);
  call_set (call, "channel_id", channel_id);
  call_set (call, "deal_stat", processed ? "1" : "0");
  start_call (self, call, cancellable, callback, user_data, rp_aliexpress_mark_processed_async);
}

static void
rp_aliexpress_set_rank_async (RpMarketplace       *marketplace,
                              const char          *channel_id,
                              guint                rank,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  RpAliexpress *self = RP_ALIEXPRESS (marketplace);
  Call *call;

  if (!check_argument (self, is_present (channel_id) && rank <= 5, "channel id or rank (0–5)",
                       callback, user_data, rp_aliexpress_set_rank_async))
    return;

  call = call_new ("aliexpress.message.redefining.versiontwo.updatemsgrank", NULL, TRUE,
                   parse_write_cb, NULL);
  call_set (call, "channel_id", channel_id);
  call_set_uint (call, "rank", rank);
  start_call (self, call, cancellable, callback, user_data, rp_aliexpress_set_rank_async);
}

static gpointer
parse_issue_list_cb (GBytes     *body,
                     ParseArgs  *args,
                     GError    **error)
{
  return rp_aliexpress_parse_issue_list (body, args->page_size, error);
}

static void
rp_aliexpress_list_disputes_async (RpMarketplace       *marketplace,
                                   const char          *status,
                                   guint                page,
                                   guint                page_size,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  RpAliexpress *self = RP_ALIEXPRESS (marketplace);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  Call *call;

  call = call_new ("aliexpress.issue.issuelist.get", NULL, FALSE, parse_issue_list_cb,
                   (GDestroyNotify)rp_marketplace_page_free);
  call->args.page = MAX (page, 1);
  call->args.page_size = CLAMP (page_size, 1, 50);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "current_page");
  json_builder_add_int_value (builder, call->args.page);
  json_builder_set_member_name (builder, "page_size");
  json_builder_add_int_value (builder, call->args.page_size);
  if (is_present (status))
    {
      json_builder_set_member_name (builder, "issue_status");
      json_builder_add_string_value (builder, status);
    }
  json_builder_end_object (builder);

  call_set_json (call, "query_dto", builder);
  start_call (self, call, cancellable, callback, user_data, rp_aliexpress_list_disputes_async);
}

static gpointer
parse_issue_detail_cb (GBytes     *body,
                       ParseArgs  *args,
                       GError    **error)
{
  return rp_aliexpress_parse_issue_detail (body, error);
}

static void
rp_aliexpress_get_dispute_async (RpMarketplace       *marketplace,
                                 const char          *issue_id,
                                 const char          *buyer_login_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  RpAliexpress *self = RP_ALIEXPRESS (marketplace);
  Call *call;

  if (!check_argument (self, is_present (issue_id) && is_present (buyer_login_id),
                       "dispute id or buyer", callback, user_data, rp_aliexpress_get_dispute_async))
    return;

  call = call_new ("aliexpress.issue.detail.get", NULL, FALSE, parse_issue_detail_cb, g_object_unref);
  call_set (call, "issue_id", issue_id);
  call_set (call, "buyer_login_id", buyer_login_id);
  start_call (self, call, cancellable, callback, user_data, rp_aliexpress_get_dispute_async);
}

static char *
format_amount (gint64 cents)
{
  return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%02d", cents < 0 ? "-" : "",
                          ABS (cents) / 100, (int)(ABS (cents) % 100));
}

static void
rp_aliexpress_save_solution_async (RpMarketplace         *marketplace,
                                   const RpSolutionDraft *draft,
                                   GCancellable          *cancellable,
                                   GAsyncReadyCallback    callback,
                                   gpointer               user_data)
{
  RpAliexpress *self = RP_ALIEXPRESS (marketplace);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *amount = NULL;
  Call *call;

  if (!check_argument (self,
                       draft != NULL && is_present (draft->issue_id) && is_present (draft->buyer_login_id) &&
                       (draft->add ? is_present (draft->buyer_solution_id) : is_present (draft->modify_solution_id)),
                       "solution (dispute, buyer and the solution it answers or modifies)",
                       callback, user_data, rp_aliexpress_save_solution_async))
    return;

  amount = format_amount (draft->refund.cents);

  json_builder_begin_object (builder);
  builder_add_id (builder, "issue_id", draft->issue_id);
  json_builder_set_member_name (builder, "buyer_login_id");
  json_builder_add_string_value (builder, draft->buyer_login_id);
  json_builder_set_member_name (builder, "add_seller_solution");
  json_builder_add_boolean_value (builder, draft->add);
  if (is_present (draft->solution_type))
    {
      json_builder_set_member_name (builder, "add_solution_type");
      json_builder_add_string_value (builder, draft->solution_type);
    }
  builder_add_id (builder, "buyer_solution_id", draft->buyer_solution_id);
  builder_add_id (builder, "modify_seller_solution_id", draft->modify_solution_id);
  json_builder_set_member_name (builder, "refund_amount");
  json_builder_add_string_value (builder, amount);
  if (draft->refund.currency[0] != '\0')
    {
      json_builder_set_member_name (builder, "refund_amount_currency");
      json_builder_add_string_value (builder, draft->refund.currency);
    }
  builder_add_id (builder, "return_good_address_id", draft->return_address_id);
  if (is_present (draft->content))
    {
      json_builder_set_member_name (builder, "solution_context");
      json_builder_add_string_value (builder, draft->content);
    }
  json_builder_end_object (builder);

  call = call_new ("aliexpress.issue.solution.save", NULL, TRUE, parse_write_cb, NULL);
  call_set_json (call, "param_dto", builder);
  start_call (self, call, cancellable, callback, user_data, rp_aliexpress_save_solution_async);
}

static void
rp_aliexpress_agree_solution_async (RpMarketplace       *marketplace,
                                    const char          *issue_id,
                                    const char          *buyer_login_id,
                                    const char          *solution_id,
                                    const char          *return_address_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  RpAliexpress *self = RP_ALIEXPRESS (marketplace);
  Call *call;

  if (!check_argument (self, is_present (issue_id) && is_present (buyer_login_id) && is_present (solution_id),
                       "dispute, buyer or solution", callback, user_data,
                       rp_aliexpress_agree_solution_async))
    return;

  call = call_new ("aliexpress.issue.solution.agree", NULL, TRUE, parse_write_cb, NULL);
  call_set (call, "issue_id", issue_id);
  call_set (call, "buyer_login_id", buyer_login_id);
  call_set (call, "solution_id", solution_id);
  call_set (call, "return_address_id", return_address_id);
  start_call (self, call, cancellable, callback, user_data, rp_aliexpress_agree_solution_async);
}

static void
rp_aliexpress_fulfill_async (RpMarketplace       *marketplace,
                             const RpFulfillment *fulfillment,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  RpAliexpress *self = RP_ALIEXPRESS (marketplace);
  Call *call;

  if (!check_argument (self,
                       fulfillment != NULL && is_present (fulfillment->order_id) &&
                       is_present (fulfillment->service_name) && is_present (fulfillment->tracking_no) &&
                       (fulfillment->description == NULL || strlen (fulfillment->description) <= 512),
                       "shipment (order, service, tracking number; description at most 512 characters)",
                       callback, user_data, rp_aliexpress_fulfill_async))
    return;

  call = call_new ("aliexpress.solution.order.fulfill", NULL, TRUE, parse_write_cb, NULL);
  call_set (call, "out_ref", fulfillment->order_id);
  call_set (call, "service_name", fulfillment->service_name);
  call_set (call, "logistics_no", fulfillment->tracking_no);
  call_set (call, "send_type", fulfillment->partial ? "part" : "all");
  call_set (call, "tracking_website", fulfillment->tracking_website);
  call_set (call, "description", fulfillment->description);
  start_call (self, call, cancellable, callback, user_data, rp_aliexpress_fulfill_async);
}

static gpointer
parse_services_cb (GBytes     *body,
                   ParseArgs  *args,
                   GError    **error)
{
  return rp_aliexpress_parse_logistics_services (body, error);
}

static void
rp_aliexpress_list_logistics_services_async (RpMarketplace       *marketplace,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  RpAliexpress *self = RP_ALIEXPRESS (marketplace);
  Call *call;

  call = call_new ("aliexpress.logistics.redefining.listlogisticsservice", NULL, FALSE,
                   parse_services_cb, (GDestroyNotify)g_ptr_array_unref);
  start_call (self, call, cancellable, callback, user_data,
              rp_aliexpress_list_logistics_services_async);
}

static gpointer
parse_tracking_cb (GBytes     *body,
                   ParseArgs  *args,
                   GError    **error)
{
  g_autoptr(GPtrArray) events = rp_aliexpress_parse_tracking (body, error);
  RpShipment *template = args->shipment;
  RpShipment *shipment;

  if (events == NULL)
    return NULL;

  shipment = rp_shipment_new ();
  shipment->account_id = template->account_id;
  shipment->order_id = g_strdup (template->order_id);
  shipment->tracking_no = g_strdup (template->tracking_no);
  shipment->service_name = g_strdup (template->service_name);
  shipment->to_country = g_strdup (template->to_country);
  shipment->shipped_at = template->shipped_at;
  shipment->received_at = template->received_at;
  shipment->receive_status = g_strdup (template->receive_status);
  shipment->status = template->status;
  shipment->last_polled_at = g_get_real_time ();
  g_ptr_array_extend_and_steal (shipment->events, g_steal_pointer (&events));
  if (shipment->events->len > 0)
    shipment->last_event_at = ((RpTrackingEvent *)g_ptr_array_index (shipment->events,
                                                                     shipment->events->len - 1))->at;

  return shipment;
}

static void
rp_aliexpress_query_tracking_async (RpMarketplace       *marketplace,
                                    RpShipment          *shipment,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  RpAliexpress *self = RP_ALIEXPRESS (marketplace);
  RpShipment *template;
  Call *call;

  if (!check_argument (self,
                       RP_IS_SHIPMENT (shipment) && is_present (shipment->tracking_no) &&
                       is_present (shipment->service_name) && is_present (shipment->order_id),
                       "shipment (tracking number, service and order)",
                       callback, user_data, rp_aliexpress_query_tracking_async))
    return;

  /* The parser runs in a worker: it gets a private copy of what it needs, never the
   * caller's object. */
  template = rp_shipment_new ();
  template->account_id = shipment->account_id;
  template->order_id = g_strdup (shipment->order_id);
  template->tracking_no = g_strdup (shipment->tracking_no);
  template->service_name = g_strdup (shipment->service_name);
  template->to_country = g_strdup (shipment->to_country);
  template->shipped_at = shipment->shipped_at;
  template->received_at = shipment->received_at;
  template->receive_status = g_strdup (shipment->receive_status);
  template->status = shipment->status;

  call = call_new ("aliexpress.logistics.redefining.querytrackingresult", NULL, FALSE,
                   parse_tracking_cb, g_object_unref);
  call->args.shipment = template;
  call_set (call, "logistics_no", shipment->tracking_no);
  call_set (call, "origin", "ESCROW");
  call_set (call, "out_ref", shipment->order_id);
  call_set (call, "service_name", shipment->service_name);
  call_set (call, "to_area", shipment->to_country);
  start_call (self, call, cancellable, callback, user_data, rp_aliexpress_query_tracking_async);
}

static void
rp_aliexpress_extend_accept_time_async (RpMarketplace       *marketplace,
                                        const char          *order_id,
                                        guint                days,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  RpAliexpress *self = RP_ALIEXPRESS (marketplace);
  Call *call;

  if (!check_argument (self, is_present (order_id) && days > 0 && days <= 90,
                       "order id or number of days (1–90)", callback, user_data,
                       rp_aliexpress_extend_accept_time_async))
    return;

  call = call_new ("aliexpress.trade.redefining.extendsbuyeracceptgoodstime", NULL, TRUE,
                   parse_write_cb, NULL);
  call_set (call, "param0", order_id);
  call_set_uint (call, "param1", days);
  start_call (self, call, cancellable, callback, user_data, rp_aliexpress_extend_accept_time_async);
}

static void
rp_aliexpress_marketplace_init (RpMarketplaceInterface *iface)
{
  iface->get_capabilities = rp_aliexpress_get_capabilities;
  iface->list_orders_async = rp_aliexpress_list_orders_async;
  iface->list_orders_finish = finish_page;
  iface->get_order_async = rp_aliexpress_get_order_async;
  iface->get_order_finish = rp_aliexpress_get_order_finish;
  iface->list_conversations_async = rp_aliexpress_list_conversations_async;
  iface->list_conversations_finish = finish_page;
  iface->list_messages_async = rp_aliexpress_list_messages_async;
  iface->list_messages_finish = finish_page;
  iface->send_message_async = rp_aliexpress_send_message_async;
  iface->send_message_finish = finish_string;
  iface->mark_read_async = rp_aliexpress_mark_read_async;
  iface->mark_read_finish = finish_boolean;
  iface->mark_processed_async = rp_aliexpress_mark_processed_async;
  iface->mark_processed_finish = finish_boolean;
  iface->set_rank_async = rp_aliexpress_set_rank_async;
  iface->set_rank_finish = finish_boolean;
  iface->list_disputes_async = rp_aliexpress_list_disputes_async;
  iface->list_disputes_finish = finish_page;
  iface->get_dispute_async = rp_aliexpress_get_dispute_async;
  iface->get_dispute_finish = finish_dispute;
  iface->save_solution_async = rp_aliexpress_save_solution_async;
  iface->save_solution_finish = finish_boolean;
  iface->agree_solution_async = rp_aliexpress_agree_solution_async;
  iface->agree_solution_finish = finish_boolean;
  iface->fulfill_async = rp_aliexpress_fulfill_async;
  iface->fulfill_finish = finish_boolean;
  iface->list_logistics_services_async = rp_aliexpress_list_logistics_services_async;
  iface->list_logistics_services_finish = finish_array;
  iface->query_tracking_async = rp_aliexpress_query_tracking_async;
  iface->query_tracking_finish = finish_shipment;
  iface->extend_accept_time_async = rp_aliexpress_extend_accept_time_async;
  iface->extend_accept_time_finish = finish_boolean;
}

/* OAuth */

/**
 * rp_aliexpress_build_authorize_url:
 *
 * Returns: (transfer full): the seller authorization page for this app
 */
char *
rp_aliexpress_build_authorize_url (RpAliexpress *self,
                                   const char   *redirect_uri,
                                   const char   *state)
{
  g_return_val_if_fail (RP_IS_ALIEXPRESS (self), NULL);

  return rp_oauth_build_authorize_url (self->base_url, rp_credentials_get_app_key (self->credentials),
                                       redirect_uri, state);
}

static void
authorize_stored_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RpAliexpress *self = g_task_get_source_object (task);
  GError *error = NULL;

  set_needs_reauthorize (self, FALSE);

  if (!rp_credentials_update_tokens_finish (RP_CREDENTIALS (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
authorize_call_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RpAliexpress *self = RP_ALIEXPRESS (object);
  g_autoptr(RpTokenSet) tokens = NULL;
  GError *error = NULL;

  tokens = g_task_propagate_pointer (G_TASK (result), &error);
  if (tokens == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  rp_credentials_update_tokens_async (self->credentials, tokens, g_task_get_cancellable (task),
                                      authorize_stored_cb, g_object_ref (task));
}

/**
 * rp_aliexpress_authorize_async:
 * @code: the authorization code from the redirect
 *
 * Exchanges the code for tokens (`/auth/token/create`), puts them in use and stores
 * them.  The code is single-use, so the exchange is never retried automatically.
 */
void
rp_aliexpress_authorize_async (RpAliexpress        *self,
                               const char          *code,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Call *call;

  g_return_if_fail (RP_IS_ALIEXPRESS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rp_aliexpress_authorize_async);

  if (!is_present (code))
    {
      g_task_return_new_error (task, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_ARGUMENT,
                               "The authorization code is empty");
      return;
    }

  call = call_new (NULL, "/auth/token/create", TRUE, parse_token_cb, (GDestroyNotify)rp_token_set_free);
  call_set (call, "code", code);
  start_call (self, call, cancellable, authorize_call_cb, g_steal_pointer (&task),
              rp_aliexpress_authorize_async);
}

gboolean
rp_aliexpress_authorize_finish (RpAliexpress  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
public_refresh_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * rp_aliexpress_refresh_tokens_async:
 *
 * Refreshes the access token now, whatever its expiry.  Calls refresh by themselves
 * 30 minutes before expiry; this is for "check the connection" actions.
 */
void
rp_aliexpress_refresh_tokens_async (RpAliexpress        *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (RP_IS_ALIEXPRESS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rp_aliexpress_refresh_tokens_async);
  refresh_tokens_internal_async (self, public_refresh_cb, task);
}

gboolean
rp_aliexpress_refresh_tokens_finish (RpAliexpress  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* GObject */

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static char *
check_base_url (const char  *base_url,
                GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme, *host;

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL ||
      g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a marketplace address such as %s", base_url,
                   RP_ALIEXPRESS_DEFAULT_BASE_URL);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);

  /* TLS is always verified; plain HTTP is only for a marketplace on this machine, such
   * as the sandbox. */
  if (g_ascii_strcasecmp (scheme, "http") == 0 && !host_is_loopback (host))
    {
      g_set_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_ARGUMENT,
                   "Refusing unencrypted HTTP to %s: only loopback addresses may be used "
                   "without TLS", host);
      return NULL;
    }

  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    {
      g_set_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an HTTPS address", base_url);
      return NULL;
    }

  {
    g_autofree char *normalised = g_strdup (base_url);
    gsize len = strlen (normalised);

    while (len > 0 && normalised[len - 1] == '/')
      normalised[--len] = '\0';

    return g_steal_pointer (&normalised);
  }
}

static gboolean
rp_aliexpress_initable_init_impl (GInitable     *initable,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  RpAliexpress *self = RP_ALIEXPRESS (initable);
  char *url;

  if (self->credentials == NULL)
    {
      g_set_error_literal (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_ARGUMENT,
                           "The connector needs credentials");
      return FALSE;
    }

  url = check_base_url (self->base_url != NULL ? self->base_url : RP_ALIEXPRESS_DEFAULT_BASE_URL,
                        error);
  if (url == NULL)
    return FALSE;

  g_free (self->base_url);
  self->base_url = url;
  return TRUE;
}

static void
rp_aliexpress_initable_init (GInitableIface *iface)
{
  iface->init = rp_aliexpress_initable_init_impl;
}

static void
rp_aliexpress_constructed (GObject *object)
{
  RpAliexpress *self = (RpAliexpress *)object;
  g_autofree char *user_agent = g_strdup_printf ("Rapport/%s", PACKAGE_VERSION);

  G_OBJECT_CLASS (rp_aliexpress_parent_class)->constructed (object);

  self->owner_context = g_main_context_ref_thread_default ();
  /* The sync engine keeps sixteen detail calls out at once, beside the next list page and
   * the outbox's writes: libsoup's default of two connections per host would queue most
   * of them. */
  self->session = soup_session_new_with_options ("timeout", self->timeout,
                                                 "idle-timeout", 60,
                                                 "user-agent", user_agent,
                                                 "max-conns-per-host", 20,
                                                 "max-conns", 40,
                                                 NULL);
}

static void
rp_aliexpress_finalize (GObject *object)
{
  RpAliexpress *self = (RpAliexpress *)object;

  g_free (self->base_url);
  g_clear_object (&self->credentials);
  g_clear_object (&self->session);
  g_clear_pointer (&self->owner_context, g_main_context_unref);
  g_clear_pointer (&self->refresh_waiters, g_ptr_array_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (rp_aliexpress_parent_class)->finalize (object);
}

static void
rp_aliexpress_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RpAliexpress *self = RP_ALIEXPRESS (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_CREDENTIALS:
      g_value_set_object (value, self->credentials);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    case PROP_NEEDS_REAUTHORIZE:
      g_value_set_boolean (value, rp_aliexpress_get_needs_reauthorize (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_aliexpress_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  RpAliexpress *self = RP_ALIEXPRESS (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      self->base_url = g_value_dup_string (value);
      break;

    case PROP_CREDENTIALS:
      self->credentials = g_value_dup_object (value);
      break;

    case PROP_TIMEOUT:
      self->timeout = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_aliexpress_class_init (RpAliexpressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = rp_aliexpress_constructed;
  object_class->finalize = rp_aliexpress_finalize;
  object_class->get_property = rp_aliexpress_get_property;
  object_class->set_property = rp_aliexpress_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CREDENTIALS] =
    g_param_spec_object ("credentials", NULL, NULL, RP_TYPE_CREDENTIALS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  /**
   * RpAliexpress:timeout:
   *
   * Seconds of network silence after which a request fails with TIMEOUT.
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, 600, DEFAULT_TIMEOUT_S,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  /**
   * RpAliexpress:needs-reauthorize:
   *
   * TRUE when the tokens are gone or refused and the seller must authorize the store
   * again; calls fail with NEEDS_REAUTHORIZE until then.  Notified in the context that
   * created the connector.
   */
  properties[PROP_NEEDS_REAUTHORIZE] =
    g_param_spec_boolean ("needs-reauthorize", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rp_aliexpress_init (RpAliexpress *self)
{
  g_mutex_init (&self->lock);
  self->timeout = DEFAULT_TIMEOUT_S;
  self->capabilities = ALL_CAPABILITIES;
  self->max_attempts = 4;
  self->base_delay_ms = 1000;
  self->max_throttle_wait = 120;
}

/**
 * rp_aliexpress_new:
 * @base_url: (nullable): the gateway, e.g. http://127.0.0.1:PORT for the sandbox;
 *   %NULL for the AliExpress gateway
 *
 * Returns: (transfer full): the connector, or %NULL when @base_url is not acceptable
 */
RpAliexpress *
rp_aliexpress_new (const char     *base_url,
                   RpCredentials  *credentials,
                   GError        **error)
{
  g_return_val_if_fail (RP_IS_CREDENTIALS (credentials), NULL);

  /* Use g_initable_new() directly to set the timeout as well. */
  return g_initable_new (RP_TYPE_ALIEXPRESS, NULL, error,
                         "base-url", base_url,
                         "credentials", credentials,
                         NULL);
}

const char *
rp_aliexpress_get_base_url (RpAliexpress *self)
{
  g_return_val_if_fail (RP_IS_ALIEXPRESS (self), NULL);

  return self->base_url;
}

RpCredentials *
rp_aliexpress_get_credentials (RpAliexpress *self)
{
  g_return_val_if_fail (RP_IS_ALIEXPRESS (self), NULL);

  return self->credentials;
}

gboolean
rp_aliexpress_get_needs_reauthorize (RpAliexpress *self)
{
  gboolean value;

  g_return_val_if_fail (RP_IS_ALIEXPRESS (self), FALSE);

  g_mutex_lock (&self->lock);
  value = self->needs_reauthorize;
  g_mutex_unlock (&self->lock);

  return value;
}

/**
 * rp_aliexpress_set_retry_policy:
 * @max_attempts: attempts per read, including the first
 * @base_delay_ms: the first backoff delay, doubled for each further attempt
 * @max_throttle_wait_s: the longest throttling ban waited out instead of reported
 */
void
rp_aliexpress_set_retry_policy (RpAliexpress *self,
                                guint         max_attempts,
                                guint         base_delay_ms,
                                guint         max_throttle_wait_s)
{
  g_return_if_fail (RP_IS_ALIEXPRESS (self));

  g_mutex_lock (&self->lock);
  self->max_attempts = MAX (max_attempts, 1);
  self->base_delay_ms = base_delay_ms;
  self->max_throttle_wait = max_throttle_wait_s;
  g_mutex_unlock (&self->lock);
}
