/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-secrets"

#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "rp-credentials.h"
#include "rp-secrets.h"

/* Run by run-with-keyring.sh in a private D-Bus session, either with a Secret Service
 * (gnome-keyring) or with none. */

#define APP_SECRET "s3cr3t-app-value-1234"

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

static gboolean
store (const char    *account,
       RpSecretKind   kind,
       const char    *secret,
       GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rp_secrets_store_async (account, "app-key-1", kind, secret, NULL, store_result_cb, &result);
  return rp_secrets_store_finish (wait_result (&result), error);
}

static char *
lookup (const char    *account,
        RpSecretKind   kind,
        GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rp_secrets_lookup_async (account, "app-key-1", kind, NULL, store_result_cb, &result);
  return rp_secrets_lookup_finish (wait_result (&result), error);
}

static gboolean
contains (const char *data,
          gsize       len,
          const char *needle)
{
  gsize needle_len = strlen (needle);

  for (gsize i = 0; i + needle_len <= len; i++)
    if (memcmp (data + i, needle, needle_len) == 0)
      return TRUE;

  return FALSE;
}

/* True when @needle appears in any file below @dir. */
static gboolean
found_in_files (const char *dir,
                const char *needle)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return FALSE;

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (found_in_files (path, needle))
            return TRUE;
          continue;
        }
      if (g_file_get_contents (path, &contents, &len, NULL) &&
          contains (contents, len, needle))
        return TRUE;
    }

  return FALSE;
}

static void
test_store_and_lookup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *other = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_true (store ("account-1", RP_SECRET_KIND_APP_SECRET, APP_SECRET, &error));
  g_assert_no_error (error);
  g_assert_true (store ("account-1", RP_SECRET_KIND_APP_SECRET, APP_SECRET "-v2", &error));
  g_assert_no_error (error);

  secret = lookup ("account-1", RP_SECRET_KIND_APP_SECRET, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, APP_SECRET "-v2");

  /* Another account, or the other kind, is another secret. */
  other = lookup ("account-2", RP_SECRET_KIND_APP_SECRET, &error);
  g_assert_null (other);
  g_assert_error (error, RP_SECRETS_ERROR, RP_SECRETS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  other = lookup ("account-1", RP_SECRET_KIND_TOKENS, &error);
  g_assert_null (other);
  g_assert_error (error, RP_SECRETS_ERROR, RP_SECRETS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  rp_secrets_clear_async ("account-1", NULL, store_result_cb, &result);
  g_assert_true (rp_secrets_clear_finish (wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_pointer (&secret, g_free);
  secret = lookup ("account-1", RP_SECRET_KIND_APP_SECRET, &error);
  g_assert_null (secret);
  g_assert_error (error, RP_SECRETS_ERROR, RP_SECRETS_ERROR_NOT_FOUND);
}

static void
test_credentials_round_trip (void)
{
  g_autoptr(RpCredentials) credentials = NULL;
  g_autoptr(RpCredentials) loaded = NULL;
  g_autoptr(RpCredentials) reloaded = NULL;
  g_autoptr(RpTokenSet) tokens = rp_token_set_new ();
  g_autoptr(RpTokenSet) got = NULL;
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;

  tokens->access_token = g_strdup ("access-token-value-5678");
  tokens->refresh_token = g_strdup ("refresh-token-value-9012");
  tokens->expires_at = G_GINT64_CONSTANT (1711693026000000);
  tokens->refresh_expires_at = G_GINT64_CONSTANT (1711779426000000);
  tokens->user_nick = g_strdup ("cn1000001seller");

  /* Adding an account: the app secret goes to the Secret Service. */
  credentials = rp_credentials_new ("account-3", "app-key-1", APP_SECRET, NULL, TRUE);
  rp_credentials_save_app_secret_async (credentials, NULL, store_result_cb, &r1);
  g_assert_true (rp_credentials_save_app_secret_finish (credentials, wait_result (&r1), &error));
  g_assert_no_error (error);

  rp_credentials_load_async ("account-3", "app-key-1", NULL, store_result_cb, &r2);
  loaded = rp_credentials_load_finish (wait_result (&r2), &error);
  g_assert_no_error (error);
  g_assert_false (rp_credentials_has_tokens (loaded));
  secret = rp_credentials_dup_app_secret (loaded);
  g_assert_cmpstr (secret, ==, APP_SECRET);
  g_assert_true (rp_credentials_get_persistent (loaded));

  /* New tokens are stored as soon as they are in use. */
  rp_credentials_update_tokens_async (loaded, tokens, NULL, store_result_cb, &r3);
  g_assert_true (rp_credentials_update_tokens_finish (loaded, wait_result (&r3), &error));
  g_assert_no_error (error);

  rp_credentials_load_async ("account-3", "app-key-1", NULL, store_result_cb, &r4);
  reloaded = rp_credentials_load_finish (wait_result (&r4), &error);
  g_assert_no_error (error);
  got = rp_credentials_dup_tokens (reloaded);
  g_assert_nonnull (got);
  g_assert_cmpstr (got->access_token, ==, tokens->access_token);
  g_assert_cmpstr (got->refresh_token, ==, tokens->refresh_token);
  g_assert_cmpint (got->expires_at, ==, tokens->expires_at);
  g_assert_cmpint (got->refresh_expires_at, ==, tokens->refresh_expires_at);

  /* Nothing in plain text on disk: the keyring files are encrypted. */
  g_assert_false (found_in_files (g_getenv ("RAPPORT_TEST_KEYRING_DIR"), APP_SECRET));
  g_assert_false (found_in_files (g_getenv ("RAPPORT_TEST_KEYRING_DIR"), "access-token-value-5678"));
  g_assert_false (found_in_files (g_getenv ("RAPPORT_TEST_KEYRING_DIR"), "refresh-token-value-9012"));
}

static void
test_missing_account (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RpCredentials) credentials = NULL;

  rp_credentials_load_async ("no-such-account", "app-key-1", NULL, store_result_cb, &result);
  credentials = rp_credentials_load_finish (wait_result (&result), &error);
  g_assert_null (credentials);
  g_assert_error (error, RP_SECRETS_ERROR, RP_SECRETS_ERROR_NOT_FOUND);
}

static void
assert_no_service (GError *error)
{
  g_assert_error (error, RP_SECRETS_ERROR, RP_SECRETS_ERROR_NO_SERVICE);
  g_assert_true (g_str_has_prefix (error->message, "No Secret Service is running: "));
}

static void
test_no_service (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL;
  g_autoptr(RpCredentials) loaded = NULL;
  g_autoptr(RpCredentials) credentials = NULL;
  g_autoptr(RpTokenSet) tokens = rp_token_set_new ();

  g_assert_false (store ("account-1", RP_SECRET_KIND_APP_SECRET, APP_SECRET, &error));
  g_test_message ("%s", error->message);
  assert_no_service (error);
  g_clear_error (&error);

  secret = lookup ("account-1", RP_SECRET_KIND_APP_SECRET, &error);
  g_assert_null (secret);
  assert_no_service (error);
  g_clear_error (&error);

  rp_credentials_load_async ("account-1", "app-key-1", NULL, store_result_cb, &r1);
  loaded = rp_credentials_load_finish (wait_result (&r1), &error);
  g_assert_null (loaded);
  assert_no_service (error);
  g_clear_error (&error);

  /* The tokens are usable in memory, but the caller learns they were not kept. */
  tokens->access_token = g_strdup ("access-token-value-5678");
  tokens->expires_at = g_get_real_time () + G_TIME_SPAN_HOUR;
  credentials = rp_credentials_new ("account-1", "app-key-1", APP_SECRET, NULL, TRUE);
  rp_credentials_update_tokens_async (credentials, tokens, NULL, store_result_cb, &r2);
  g_assert_false (rp_credentials_update_tokens_finish (credentials, wait_result (&r2), &error));
  assert_no_service (error);
  g_assert_true (rp_credentials_has_tokens (credentials));

  /* And no fallback wrote them anywhere. */
  g_assert_false (found_in_files (g_getenv ("RAPPORT_TEST_KEYRING_DIR"), APP_SECRET));
  g_assert_false (found_in_files (g_getenv ("RAPPORT_TEST_KEYRING_DIR"), "access-token-value-5678"));
}

int
main (int   argc,
      char *argv[])
{
  const char *mode = g_getenv ("RAPPORT_TEST_SECRET_SERVICE");

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (g_strcmp0 (mode, "present") == 0)
    {
      g_test_add_func ("/rapport/marketplace/secrets/store-and-lookup", test_store_and_lookup);
      g_test_add_func ("/rapport/marketplace/secrets/credentials-round-trip", test_credentials_round_trip);
      g_test_add_func ("/rapport/marketplace/secrets/missing-account", test_missing_account);
    }
  else if (g_strcmp0 (mode, "absent") == 0)
    g_test_add_func ("/rapport/marketplace/secrets/no-service", test_no_service);
  else
    {
      g_printerr ("Run this test through run-with-keyring.sh\n");
      return 77;
    }

  return g_test_run ();
}
