/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-notify-sandbox"

#include "config.h"

#include <libsoup/soup.h>

#include "rp-context.h"
#include "rp-notifier.h"
#include "rp-test-notify.h"

/* The demo marketplace, the real sync and a mock notification daemon: the first sync gives
 * one summary and no flood; then time passes on the marketplace, buyers write, and their
 * messages reach the desktop with stable ids. */

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  gboolean *done = data;
  g_autoptr(GError) error = NULL;

  g_assert_true (rp_context_open_demo_finish (RP_CONTEXT (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
wait_for_sync (RpContext *context,
               gint64     after)
{
  gint64 end = g_get_monotonic_time () + 90 * G_TIME_SPAN_SECOND;

  while (rp_context_get_syncing (context) || rp_context_get_last_sync (context) <= after)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      rp_test_notify_iterate (50);
    }
}

static char *
wait_for_cursor (RpStore    *store,
                 gint64      account_id,
                 const char *key)
{
  for (guint i = 0; i < 500; i++)
    {
      char *value = rp_store_get_cursor_sync (store, account_id, key, NULL);

      if (value != NULL)
        return value;
      rp_test_notify_iterate (20);
    }
  g_assert_not_reached ();
}

static void
advance_clock (const char *base_url,
               guint       seconds)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("proxy-resolver", NULL, NULL);
  g_autofree char *uri = g_strdup_printf ("%s/sandbox/clock?advance=%u", base_url, seconds);
  g_autoptr(SoupMessage) message = soup_message_new ("POST", uri);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);
}

static gboolean
is_entity_id (const char *id)
{
  /* A buyer who writes may also be one with something open entering their likely-online
   * hours: that notification is theirs. */
  return g_str_has_prefix (id, "conversation:1:") || g_str_has_prefix (id, "dispute:1:")
         || g_str_has_prefix (id, "buyer:1:") || g_str_equal (id, "conversations:1")
         || g_str_equal (id, "buyers-online:1");
}

static void
test_sandbox_events (void)
{
  RpTestNotifyDaemon *daemon = rp_test_notify_daemon_start ();
  g_autoptr(GApplication) app = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(RpContext) context = rp_context_new (settings);
  g_autoptr(RpNotifier) notifier = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ready = NULL;
  g_auto(GStrv) shown = NULL;
  RpStoreAccount *account;
  RpStore *store;
  gboolean done = FALSE;
  gint64 last_sync;
  guint n_first;

  app = g_application_new ("io.github.rapportdesk.Rapport.SandboxTest", G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (app, NULL, &error));
  g_assert_no_error (error);

  notifier = rp_notifier_new (app, context);
  rp_notifier_set_debounce (notifier, 100);

  rp_context_open_demo_async (context, NULL, opened_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  store = rp_context_get_store (context);
  accounts = rp_store_list_accounts_sync (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 1);
  account = g_ptr_array_index (accounts, 0);
  g_assert_cmpint (account->id, ==, 1);

  /* The first sync: at most the one summary, however much the cache now holds. */
  wait_for_sync (context, 0);
  ready = wait_for_cursor (store, account->id, RP_NOTIFIER_READY_CURSOR);
  rp_test_notify_iterate (1000);
  g_assert_cmpint (rp_store_count_sync (store, account->id, RP_STORE_CHANGE_CONVERSATIONS, NULL), >, 10);
  calls = rp_test_notify_daemon_calls (daemon, "Notify");
  g_assert_cmpuint (calls->len, ==, 1);
  g_assert_cmpuint (rp_notifier_get_unread_count (notifier), >, 0);
  shown = rp_notifier_dup_shown_ids (notifier);
  g_assert_cmpstrv (shown, ((const char *[]) { "conversations:1", NULL }));
  g_clear_pointer (&shown, g_strfreev);
  n_first = calls->len;

  /* Two hours pass on the marketplace: buyers write and act; the next sync brings it in. */
  advance_clock (account->base_url, 2 * 3600);
  last_sync = rp_context_get_last_sync (context);
  rp_context_sync_now (context, FALSE);
  wait_for_sync (context, last_sync);
  g_assert_cmpuint (rp_test_notify_daemon_wait (daemon, "Notify", n_first + 1, 10000), >, n_first);

  shown = rp_notifier_dup_shown_ids (notifier);
  g_assert_cmpuint (g_strv_length (shown), >=, 1);
  for (guint i = 0; shown[i] != NULL; i++)
    g_assert_true (is_entity_id (shown[i]));

  rp_context_shutdown (context);
  g_clear_object (&notifier);
  rp_test_notify_daemon_stop (daemon);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GNOTIFICATION_BACKEND", "freedesktop", TRUE);
  /* The isolated directories hold no proxy settings schema; the sandbox is on loopback. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rapport/app/notifier/sandbox-events", test_sandbox_events);

  return g_test_run ();
}
