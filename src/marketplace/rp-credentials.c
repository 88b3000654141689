/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-credentials"

#include "config.h"

#include <string.h>

#include "rp-credentials.h"
#include "rp-secrets.h"

/* What the connector signs and authorizes with.  A persistent instance writes every new
 * token set to the Secret Service before the new tokens are reported as saved; the
 * connector may use it from several threads, hence the lock. */
struct _RpCredentials
{
  GObject     parent_instance;

  char       *account_id;
  char       *app_key;
  gboolean    persistent;

  GMutex      lock;
  char       *app_secret;
  RpTokenSet *tokens;
};

G_DEFINE_FINAL_TYPE (RpCredentials, rp_credentials, G_TYPE_OBJECT)

enum {
  TOKENS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
rp_credentials_finalize (GObject *object)
{
  RpCredentials *self = (RpCredentials *)object;

  g_free (self->account_id);
  g_free (self->app_key);
  rp_secret_string_free (self->app_secret);
  rp_token_set_free (self->tokens);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (rp_credentials_parent_class)->finalize (object);
}

static void
rp_credentials_class_init (RpCredentialsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rp_credentials_finalize;

  /**
   * RpCredentials::tokens-changed:
   *
   * Emitted, in the thread that updated them, when new tokens are in use.
   */
  signals[TOKENS_CHANGED] =
    g_signal_new ("tokens-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rp_credentials_init (RpCredentials *self)
{
  g_mutex_init (&self->lock);
}

/**
 * rp_credentials_new:
 * @tokens: (nullable): the tokens, when already known
 * @persistent: whether token updates are written to the Secret Service; in-memory
 *   credentials are for tests and one-off tools
 */
RpCredentials *
rp_credentials_new (const char       *account_id,
                    const char       *app_key,
                    const char       *app_secret,
                    const RpTokenSet *tokens,
                    gboolean          persistent)
{
  RpCredentials *self;

  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (app_key != NULL, NULL);
  g_return_val_if_fail (app_secret != NULL, NULL);

  self = g_object_new (RP_TYPE_CREDENTIALS, NULL);
  self->account_id = g_strdup (account_id);
  self->app_key = g_strdup (app_key);
  self->app_secret = g_strdup (app_secret);
  self->tokens = rp_token_set_copy (tokens);
  self->persistent = persistent;

  return self;
}

typedef struct
{
  char       *account_id;
  char       *app_key;
  char       *app_secret;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->account_id);
  g_free (data->app_key);
  rp_secret_string_free (data->app_secret);
  g_free (data);
}

static void
load_tokens_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpTokenSet) tokens = NULL;
  g_autoptr(GError) token_error = NULL;
  char *json;

  json = rp_secrets_lookup_finish (result, &error);
  if (json == NULL && !g_error_matches (error, RP_SECRETS_ERROR, RP_SECRETS_ERROR_NOT_FOUND))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Missing or damaged tokens are not fatal: the account needs authorizing again, which
   * the connector reports as its needs-reauthorize state. */
  if (json != NULL)
    {
      tokens = rp_token_set_from_json (json, &token_error);
      if (tokens == NULL)
        g_warning ("Ignoring the stored tokens of account %s: %s",
                   data->account_id, token_error->message);
      rp_secret_string_free (json);
    }

  g_task_return_pointer (task,
                         rp_credentials_new (data->account_id, data->app_key, data->app_secret,
                                             tokens, TRUE),
                         g_object_unref);
}

static void
load_secret_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->app_secret = rp_secrets_lookup_finish (result, &error);
  if (data->app_secret == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  rp_secrets_lookup_async (data->account_id, data->app_key, RP_SECRET_KIND_TOKENS,
                           g_task_get_cancellable (task), load_tokens_cb, g_object_ref (task));
}

/**
 * rp_credentials_load_async:
 *
 * Reads the app secret and the tokens of an account from the Secret Service.  An
 * account without an app secret is an error; one without tokens loads and needs
 * authorizing.
 */
void
rp_credentials_load_async (const char          *account_id,
                           const char          *app_key,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (account_id != NULL);
  g_return_if_fail (app_key != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rp_credentials_load_async);

  data = g_new0 (LoadData, 1);
  data->account_id = g_strdup (account_id);
  data->app_key = g_strdup (app_key);
  g_task_set_task_data (task, data, (GDestroyNotify)load_data_free);

  rp_secrets_lookup_async (account_id, app_key, RP_SECRET_KIND_APP_SECRET, cancellable,
                           load_secret_cb, g_steal_pointer (&task));
}

RpCredentials *
rp_credentials_load_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
save_secret_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!rp_secrets_store_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * rp_credentials_save_app_secret_async:
 *
 * Stores the app secret in the Secret Service (when an account is added).
 */
void
rp_credentials_save_app_secret_async (RpCredentials       *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *secret = NULL;

  g_return_if_fail (RP_IS_CREDENTIALS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rp_credentials_save_app_secret_async);

  secret = rp_credentials_dup_app_secret (self);
  rp_secrets_store_async (self->account_id, self->app_key, RP_SECRET_KIND_APP_SECRET, secret,
                          cancellable, save_secret_cb, g_steal_pointer (&task));
  explicit_bzero (secret, strlen (secret));
}

gboolean
rp_credentials_save_app_secret_finish (RpCredentials  *self,
                                       GAsyncResult   *result,
                                       GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
rp_credentials_get_account_id (RpCredentials *self)
{
  g_return_val_if_fail (RP_IS_CREDENTIALS (self), NULL);

  return self->account_id;
}

const char *
rp_credentials_get_app_key (RpCredentials *self)
{
  g_return_val_if_fail (RP_IS_CREDENTIALS (self), NULL);

  return self->app_key;
}

gboolean
rp_credentials_get_persistent (RpCredentials *self)
{
  g_return_val_if_fail (RP_IS_CREDENTIALS (self), FALSE);

  return self->persistent;
}

/**
 * rp_credentials_dup_app_secret:
 *
 * Returns: (transfer full): the app secret; free it with rp_secret_string_free()
 */
char *
rp_credentials_dup_app_secret (RpCredentials *self)
{
  char *secret;

  g_return_val_if_fail (RP_IS_CREDENTIALS (self), NULL);

  g_mutex_lock (&self->lock);
  secret = g_strdup (self->app_secret);
  g_mutex_unlock (&self->lock);

  return secret;
}

/**
 * rp_credentials_dup_tokens:
 *
 * Returns: (transfer full) (nullable): a copy of the current tokens
 */
RpTokenSet *
rp_credentials_dup_tokens (RpCredentials *self)
{
  RpTokenSet *tokens;

  g_return_val_if_fail (RP_IS_CREDENTIALS (self), NULL);

  g_mutex_lock (&self->lock);
  tokens = rp_token_set_copy (self->tokens);
  g_mutex_unlock (&self->lock);

  return tokens;
}

gboolean
rp_credentials_has_tokens (RpCredentials *self)
{
  gboolean ret;

  g_return_val_if_fail (RP_IS_CREDENTIALS (self), FALSE);

  g_mutex_lock (&self->lock);
  ret = self->tokens != NULL;
  g_mutex_unlock (&self->lock);

  return ret;
}

static void
store_tokens_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!rp_secrets_store_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * rp_credentials_update_tokens_async:
 *
 * Puts new tokens in use at once (the old ones may already be void on the server) and,
 * for persistent credentials, writes them to the Secret Service; the result reports
 * whether that write succeeded.
 */
void
rp_credentials_update_tokens_async (RpCredentials       *self,
                                    const RpTokenSet    *tokens,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  char *json;

  g_return_if_fail (RP_IS_CREDENTIALS (self));
  g_return_if_fail (tokens != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rp_credentials_update_tokens_async);

  g_mutex_lock (&self->lock);
  rp_token_set_free (self->tokens);
  self->tokens = rp_token_set_copy (tokens);
  g_mutex_unlock (&self->lock);

  g_signal_emit (self, signals[TOKENS_CHANGED], 0);

  if (!self->persistent)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  json = rp_token_set_to_json (tokens);
  rp_secrets_store_async (self->account_id, self->app_key, RP_SECRET_KIND_TOKENS, json,
                          cancellable, store_tokens_cb, g_steal_pointer (&task));
  rp_secret_string_free (json);
}

gboolean
rp_credentials_update_tokens_finish (RpCredentials  *self,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
