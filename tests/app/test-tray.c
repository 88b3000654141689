/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-tray"

#include "config.h"

#include <json-glib/json-glib.h>

#include "rp-context.h"
#include "rp-notifier.h"
#include "rp-test-notify.h"
#include "rp-tray.h"

/* The tray item against a mock StatusNotifierWatcher: nothing on the bus without a watcher;
 * with one, the item registers, its properties and menu read right, and a menu click runs
 * the application's action. */

static gboolean synced;

static void
sync_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  synced = TRUE;
}

typedef struct
{
  GVariant *reply;
  gboolean  done;
} CallResult;

static void
call_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  CallResult *call = data;

  call->reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, NULL);
  call->done = TRUE;
}

/* Asks the item's Id through the bus; async, since the answer comes from this very loop. */
static gboolean
item_exported (GDBusConnection *bus)
{
  CallResult call = { NULL, FALSE };
  gboolean exported;

  g_dbus_connection_call (bus, g_dbus_connection_get_unique_name (bus),
                          RP_TRAY_ITEM_PATH, "org.freedesktop.DBus.Properties",
                          "Get", g_variant_new ("(ss)", "org.kde.StatusNotifierItem", "Id"),
                          G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, 5000, NULL,
                          call_cb, &call);
  while (!call.done)
    g_main_context_iteration (NULL, TRUE);

  exported = call.reply != NULL;
  g_clear_pointer (&call.reply, g_variant_unref);
  return exported;
}

typedef struct
{
  char     *line;
  gboolean  done;
} LineRead;

static void
line_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  LineRead *read = data;

  read->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result,
                                                          NULL, NULL);
  read->done = TRUE;
}

static char *
read_line (GDataInputStream *stream)
{
  LineRead read = { NULL, FALSE };
  gint64 end = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;

  g_data_input_stream_read_line_async (stream, G_PRIORITY_DEFAULT, NULL, line_read_cb, &read);
  while (!read.done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_nonnull (read.line);

  return read.line;
}

static void
test_tray_registers (void)
{
  static const GActionEntry actions[] = { { "sync", sync_action } };
  g_autoptr(GApplication) app = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(RpContext) context = rp_context_new (settings);
  g_autoptr(RpNotifier) notifier = NULL;
  g_autoptr(RpTray) tray = NULL;
  g_autoptr(GSubprocess) watcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *script = NULL;
  g_autofree char *ready = NULL;
  g_autofree char *line = NULL;
  GDBusConnection *bus;
  JsonObject *item;
  JsonArray *entries;

  app = g_application_new ("io.github.rapportdesk.Rapport.TrayTest", G_APPLICATION_NON_UNIQUE);
  g_action_map_add_action_entries (G_ACTION_MAP (app), actions, G_N_ELEMENTS (actions), NULL);
  g_assert_true (g_application_register (app, NULL, &error));
  g_assert_no_error (error);
  bus = g_application_get_dbus_connection (app);

  notifier = rp_notifier_new (app, context);
  tray = rp_tray_new (app, notifier);
  g_assert_nonnull (tray);

  /* No watcher: nothing exported. */
  rp_test_notify_iterate (300);
  g_assert_false (rp_tray_get_registered (tray));
  g_assert_false (item_exported (bus));

  script = g_build_filename (g_getenv ("RAPPORT_SOURCE_DIR"), "tests", "app", "mock-sni-watcher.py", NULL);
  watcher = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              "/usr/bin/python3", script, "--click", "2", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (watcher));

  ready = read_line (out);
  g_assert_cmpstr (ready, ==, "ready");

  line = read_line (out);
  g_assert_true (json_parser_load_from_data (parser, line, -1, &error));
  g_assert_no_error (error);
  item = json_node_get_object (json_parser_get_root (parser));
  g_assert_false (json_object_has_member (item, "error"));
  g_assert_cmpstr (json_object_get_string_member (item, "service"), ==, g_dbus_connection_get_unique_name (bus));
  g_assert_cmpstr (json_object_get_string_member (item, "Id"), ==, APP_ID);
  g_assert_cmpstr (json_object_get_string_member (item, "Title"), ==, "Rapport");
  g_assert_cmpstr (json_object_get_string_member (item, "Status"), ==, "Active");
  g_assert_cmpstr (json_object_get_string_member (item, "Category"), ==, "Communications");
  g_assert_cmpstr (json_object_get_string_member (item, "Menu"), ==, RP_TRAY_MENU_PATH);
  g_assert_cmpint (json_object_get_int_member (item, "MenuVersion"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (item, "ToolTipTitle"), ==, "Rapport");
  g_assert_cmpstr (json_object_get_string_member (item, "ToolTipText"), ==, "Nothing waits for you");

  entries = json_object_get_array_member (item, "entries");
  g_assert_cmpuint (json_array_get_length (entries), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 0), "label"), ==, "Open Rapport");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 1), "label"), ==, "Sync Now");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 2), "type"), ==, "separator");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 3), "label"), ==, "Quit");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (entries, 1), "id"), ==, 2);

  /* The mock clicked "Sync Now". */
  for (guint i = 0; i < 100 && !synced; i++)
    rp_test_notify_iterate (50);
  g_assert_true (synced);
  g_assert_true (rp_tray_get_registered (tray));

  /* The watcher goes: so does the item. */
  g_subprocess_force_exit (watcher);
  g_subprocess_wait (watcher, NULL, NULL);
  for (guint i = 0; i < 100 && rp_tray_get_registered (tray); i++)
    rp_test_notify_iterate (50);
  g_assert_false (rp_tray_get_registered (tray));
  g_assert_false (item_exported (bus));

  g_clear_object (&tray);
  g_clear_object (&notifier);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rapport/app/tray/registers", test_tray_registers);

  return g_test_run ();
}
