/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-secrets"

#include "config.h"

#include "rp-secrets.h"
#include "rp-token-set.h"

/* The app secret and the OAuth tokens live in the Secret Service and nowhere else.
 * There is deliberately no fallback: without a Secret Service the caller gets a clear
 * error and the secret is not written anywhere. */

G_DEFINE_QUARK (rp-secrets-error-quark, rp_secrets_error)

const SecretSchema *
rp_secrets_get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.rapportdesk.Rapport.Account",
    SECRET_SCHEMA_NONE,
    {
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "app-key", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static const char *
kind_to_string (RpSecretKind kind)
{
  switch (kind)
    {
    case RP_SECRET_KIND_APP_SECRET:
      return "app-secret";
    case RP_SECRET_KIND_TOKENS:
      return "tokens";
    default:
      g_return_val_if_reached ("app-secret");
    }
}

/* libsecret reports a missing service as a D-Bus or I/O error (no bus, no name owner,
 * nothing activatable); those become one message the user can act on. */
static GError *
translate_error (GError *error)
{
  GError *translated;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  if (error->domain == G_DBUS_ERROR || error->domain == G_IO_ERROR ||
      error->domain == G_SPAWN_ERROR)
    translated = g_error_new (RP_SECRETS_ERROR, RP_SECRETS_ERROR_NO_SERVICE,
                              "No Secret Service is running: %s. Start GNOME Keyring (or "
                              "another Secret Service) and try again; Rapport does not keep "
                              "secrets anywhere else.", error->message);
  else
    translated = g_error_new (RP_SECRETS_ERROR, RP_SECRETS_ERROR_FAILED,
                              "The Secret Service refused the request: %s", error->message);

  g_error_free (error);
  return translated;
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      if (error == NULL)
        error = g_error_new_literal (RP_SECRETS_ERROR, RP_SECRETS_ERROR_FAILED,
                                     "The Secret Service did not store the secret");
      g_task_return_error (task, translate_error (error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * rp_secrets_store_async:
 * @secret: the app secret, or the token set as JSON
 *
 * Stores (or replaces) one secret of an account in the default collection.
 */
void
rp_secrets_store_async (const char          *account_id,
                        const char          *app_key,
                        RpSecretKind         kind,
                        const char          *secret,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (account_id != NULL);
  g_return_if_fail (app_key != NULL);
  g_return_if_fail (secret != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rp_secrets_store_async);

  label = g_strdup_printf (kind == RP_SECRET_KIND_TOKENS ? "Rapport: AliExpress tokens (%s)"
                                                         : "Rapport: AliExpress app secret (%s)",
                           app_key);

  secret_password_store (rp_secrets_get_schema (), SECRET_COLLECTION_DEFAULT, label, secret,
                         cancellable, store_cb, g_steal_pointer (&task),
                         "account", account_id,
                         "app-key", app_key,
                         "kind", kind_to_string (kind),
                         NULL);
}

gboolean
rp_secrets_store_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, translate_error (error));
      return;
    }

  if (secret == NULL)
    {
      g_task_return_new_error (task, RP_SECRETS_ERROR, RP_SECRETS_ERROR_NOT_FOUND,
                               "The Secret Service holds no such secret for this account");
      return;
    }

  /* Copied into g_malloc memory so that callers free it like any string, scrubbing it. */
  g_task_return_pointer (task, g_strdup (secret), (GDestroyNotify)rp_secret_string_free);
  secret_password_free (secret);
}

void
rp_secrets_lookup_async (const char          *account_id,
                         const char          *app_key,
                         RpSecretKind         kind,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (account_id != NULL);
  g_return_if_fail (app_key != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rp_secrets_lookup_async);

  secret_password_lookup (rp_secrets_get_schema (), cancellable, lookup_cb, g_steal_pointer (&task),
                          "account", account_id,
                          "app-key", app_key,
                          "kind", kind_to_string (kind),
                          NULL);
}

/**
 * rp_secrets_lookup_finish:
 *
 * Returns: (transfer full): the secret; free it with rp_secret_string_free()
 */
char *
rp_secrets_lookup_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error only means there was nothing to remove. */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    {
      g_task_return_error (task, translate_error (error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * rp_secrets_clear_async:
 *
 * Removes every secret of the account (app secret and tokens), e.g. when it is removed.
 */
void
rp_secrets_clear_async (const char          *account_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (account_id != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rp_secrets_clear_async);

  secret_password_clear (rp_secrets_get_schema (), cancellable, clear_cb, g_steal_pointer (&task),
                         "account", account_id,
                         NULL);
}

gboolean
rp_secrets_clear_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
