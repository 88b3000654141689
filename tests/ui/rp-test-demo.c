/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-test-demo"

#include "config.h"

#include <libsoup/soup.h>

#include "rp-test-demo.h"

/* What the tests that run a page against the demo marketplace share: their environment,
 * opening the demo, waiting for its sync, and talking to the sandbox's control endpoints. */

void
rp_test_demo_prepare (const char *name)
{
  g_autofree char *template = g_strdup_printf ("rapport-test-%s-XXXXXX", name);
  g_autofree char *home = g_dir_make_tmp (template, NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  g_autofree char *cache = g_build_filename (home, "cache", NULL);

  g_assert_nonnull (home);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  if (g_getenv ("RAPPORT_SANDBOX") == NULL && g_getenv ("RAPPORT_BUILD_DIR") != NULL)
    {
      g_autofree char *sandbox = g_build_filename (g_getenv ("RAPPORT_BUILD_DIR"), "src", "sandbox",
                                                   "rapport-sandbox", NULL);

      g_setenv ("RAPPORT_SANDBOX", sandbox, TRUE);
    }
}

gboolean
rp_test_wait_until (gboolean (*done) (gpointer),
                    gpointer   data,
                    guint      seconds)
{
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!done (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }

  return TRUE;
}

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rp_context_open_demo_finish (RP_CONTEXT (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *)data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *)data;
}

RpContext *
rp_test_demo_open (GSettings *settings)
{
  RpContext *context = rp_context_new (settings);
  gboolean opened = FALSE;

  rp_context_open_demo_async (context, NULL, opened_cb, &opened);
  g_assert_true (rp_test_wait_until (is_true, &opened, 60));
  g_assert_nonnull (rp_context_get_store (context));

  return context;
}

gboolean
rp_test_demo_synced (gpointer context)
{
  return !rp_context_get_syncing (RP_CONTEXT (context)) &&
         rp_context_get_last_sync (RP_CONTEXT (context)) > 0;
}

gint64
rp_test_demo_account (RpContext  *context,
                      char      **base_url)
{
  GPtrArray *accounts = rp_context_get_accounts (context);
  RpStoreAccount *account;

  g_assert_nonnull (accounts);
  g_assert_cmpuint (accounts->len, ==, 1);
  account = g_ptr_array_index (accounts, 0);
  if (base_url != NULL)
    *base_url = g_strdup (account->base_url);

  return account->id;
}

JsonNode *
rp_test_sandbox_request (const char *base_url,
                         const char *method,
                         const char *path)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (base_url, path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, uri);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  body = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);
  if (g_bytes_get_size (body) == 0)
    return NULL;

  node = json_from_string (g_bytes_get_data (body, NULL), &error);
  g_assert_no_error (error);

  return node;
}
