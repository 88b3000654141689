/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-test-notify"

#include "config.h"

#include "rp-test-notify.h"

#define NOTIFY_NAME "org.freedesktop.Notifications"
#define NOTIFY_PATH "/org/freedesktop/Notifications"
#define MOCK_IFACE  "org.freedesktop.DBus.Mock"

static gboolean
timeout_cb (gpointer data)
{
  gboolean *done = data;

  *done = TRUE;
  return G_SOURCE_REMOVE;
}

void
rp_test_notify_iterate (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
has_owner (GDBusConnection *bus)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", NOTIFY_NAME), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

RpTestNotifyDaemon *
rp_test_notify_daemon_start (void)
{
  RpTestNotifyDaemon *daemon = g_new0 (RpTestNotifyDaemon, 1);
  g_autoptr(GError) error = NULL;

  daemon->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (has_owner (daemon->bus));

  daemon->process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                                      "/usr/bin/python3", "-m", "dbusmock",
                                      "--template", "notification_daemon", NULL);
  g_assert_no_error (error);

  for (guint i = 0; i < 200 && !has_owner (daemon->bus); i++)
    g_usleep (50 * 1000);
  g_assert_true (has_owner (daemon->bus));

  return daemon;
}

void
rp_test_notify_daemon_stop (RpTestNotifyDaemon *daemon)
{
  g_subprocess_force_exit (daemon->process);
  g_subprocess_wait (daemon->process, NULL, NULL);
  g_clear_object (&daemon->process);
  g_clear_object (&daemon->bus);
  g_free (daemon);
}

GPtrArray *
rp_test_notify_daemon_calls (RpTestNotifyDaemon *daemon,
                             const char         *method)
{
  g_autoptr(GPtrArray) calls = g_ptr_array_new_with_free_func ((GDestroyNotify)g_variant_unref);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) list = NULL;
  g_autoptr(GError) error = NULL;
  GVariantIter iter;
  const char *name;
  GVariant *args;
  guint64 timestamp;

  reply = g_dbus_connection_call_sync (daemon->bus, NOTIFY_NAME, NOTIFY_PATH, MOCK_IFACE,
                                       "GetCalls", NULL, G_VARIANT_TYPE ("(a(tsav))"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);

  list = g_variant_get_child_value (reply, 0);
  g_variant_iter_init (&iter, list);
  while (g_variant_iter_next (&iter, "(t&s@av)", &timestamp, &name, &args))
    {
      if (g_str_equal (name, method))
        g_ptr_array_add (calls, args);
      else
        g_variant_unref (args);
    }

  return g_steal_pointer (&calls);
}

guint
rp_test_notify_daemon_wait (RpTestNotifyDaemon *daemon,
                            const char         *method,
                            guint               count,
                            guint               timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;
  guint n = 0;

  while (TRUE)
    {
      g_autoptr(GPtrArray) calls = rp_test_notify_daemon_calls (daemon, method);

      n = calls->len;
      if (n >= count || g_get_monotonic_time () > end)
        break;
      rp_test_notify_iterate (50);
    }

  return n;
}

void
rp_test_notify_daemon_clear (RpTestNotifyDaemon *daemon)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_sync (daemon->bus, NOTIFY_NAME, NOTIFY_PATH, MOCK_IFACE,
                                       "ClearCalls", NULL, NULL,
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}
