/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-background-portal"

#include "config.h"

#include <json-glib/json-glib.h>

#include "rp-background.h"
#include "rp-test-notify.h"

/* The Background portal request against a mock portal: the options it sends (reason,
 * autostart, the service command line) and the answer, yes or no. */

typedef struct
{
  gboolean  done;
  gboolean  allowed;
  gboolean  autostart;
  GError   *error;
} Answer;

static void
requested_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  Answer *answer = data;

  answer->allowed = rp_background_request_finish (result, &answer->autostart, &answer->error);
  answer->done = TRUE;
}

static char *
read_line (GDataInputStream *stream)
{
  g_autoptr(GError) error = NULL;
  char *line;

  /* The mock prints at once; a blocking read is fine here. */
  line = g_data_input_stream_read_line_utf8 (stream, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  return line;
}

static void
run_request (gboolean deny)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GSubprocess) portal = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *script = NULL;
  g_autofree char *ready = NULL;
  g_autofree char *line = NULL;
  JsonObject *options;
  JsonArray *commandline;
  Answer answer = { 0 };

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);

  script = g_build_filename (g_getenv ("RAPPORT_SOURCE_DIR"), "tests", "app",
                             "mock-background-portal.py", NULL);
  portal = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "/usr/bin/python3", script,
                             deny ? "--deny" : NULL, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (portal));
  ready = read_line (out);
  g_assert_cmpstr (ready, ==, "ready");

  rp_background_request_async (bus, "Keeps syncing", TRUE, NULL, requested_cb, &answer);
  while (!answer.done)
    g_main_context_iteration (NULL, TRUE);

  line = read_line (out);
  g_assert_true (json_parser_load_from_data (parser, line, -1, &error));
  g_assert_no_error (error);
  options = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "options");
  g_assert_cmpstr (json_object_get_string_member (options, "reason"), ==, "Keeps syncing");
  g_assert_true (json_object_get_boolean_member (options, "autostart"));
  commandline = json_object_get_array_member (options, "commandline");
  g_assert_cmpuint (json_array_get_length (commandline), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (commandline, 0), ==, "rapport");
  g_assert_cmpstr (json_array_get_string_element (commandline, 1), ==, "--gapplication-service");

  if (deny)
    {
      g_assert_false (answer.allowed);
      g_assert_error (answer.error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
    }
  else
    {
      g_assert_no_error (answer.error);
      g_assert_true (answer.allowed);
      g_assert_true (answer.autostart);
    }
  g_clear_error (&answer.error);

  g_subprocess_force_exit (portal);
  g_subprocess_wait (portal, NULL, NULL);
  /* Let the bus see the name go before the next test claims it. */
  rp_test_notify_iterate (200);
}

static void
test_allowed (void)
{
  run_request (FALSE);
}

static void
test_denied (void)
{
  run_request (TRUE);
}

static void
test_no_portal (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  Answer answer = { 0 };

  rp_background_request_async (bus, "Keeps syncing", TRUE, NULL, requested_cb, &answer);
  while (!answer.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (answer.allowed);
  g_assert_nonnull (answer.error);
  g_assert_true (g_error_matches (answer.error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN)
                 || g_error_matches (answer.error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER));
  g_clear_error (&answer.error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rapport/app/background-portal/no-portal", test_no_portal);
  g_test_add_func ("/rapport/app/background-portal/allowed", test_allowed);
  g_test_add_func ("/rapport/app/background-portal/denied", test_denied);

  return g_test_run ();
}
