/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-background"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "rp-application.h"
#include "rp-test-notify.h"
#include "rp-window.h"

/* The real application on the demo marketplace: with Run in Background on, closing the
 * window hides it and syncs go on; activating shows it again; Quit really quits. */

typedef enum
{
  WAIT_FOR_FIRST_SYNC,
  WAIT_FOR_SYNC_WHILE_HIDDEN,
  DONE,
} Step;

typedef struct
{
  RpApplication *app;
  Step           step;
  gint64         hidden_sync;
  gint64         deadline;
  gboolean       quit_seen;
  RpTestNotifyDaemon *daemon;
} Run;

static GtkWindow *
the_window (RpApplication *app)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  g_assert_cmpuint (g_list_length (windows), ==, 1);
  g_assert_true (RP_IS_WINDOW (windows->data));
  return windows->data;
}

static gboolean
drive_cb (gpointer data)
{
  Run *run = data;
  RpContext *context = rp_application_get_context (run->app);
  GtkWindow *window;

  g_assert_cmpint (g_get_monotonic_time (), <, run->deadline);

  switch (run->step)
    {
    case WAIT_FOR_FIRST_SYNC:
      window = the_window (run->app);
      if (!gtk_widget_get_mapped (GTK_WIDGET (window)) || rp_context_get_syncing (context)
          || rp_context_get_last_sync (context) == 0)
        return G_SOURCE_CONTINUE;

      /* Close: the window hides and stays the application's. */
      gtk_window_close (window);
      g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));
      g_assert_true (the_window (run->app) == window);

      run->hidden_sync = rp_context_get_last_sync (context);
      g_action_group_activate_action (G_ACTION_GROUP (run->app), "sync", NULL);
      run->step = WAIT_FOR_SYNC_WHILE_HIDDEN;
      return G_SOURCE_CONTINUE;

    case WAIT_FOR_SYNC_WHILE_HIDDEN:
      if (rp_context_get_syncing (context) || rp_context_get_last_sync (context) <= run->hidden_sync)
        return G_SOURCE_CONTINUE;

      window = the_window (run->app);
      g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));

      /* Opening again shows the same window. */
      g_application_activate (G_APPLICATION (run->app));
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
      g_assert_true (the_window (run->app) == window);

      /* Quit quits, even with Run in Background on. */
      run->step = DONE;
      g_action_group_activate_action (G_ACTION_GROUP (run->app), "quit", NULL);
      return G_SOURCE_REMOVE;

    case DONE:
    default:
      g_assert_not_reached ();
    }
}

static void
startup_cb (GApplication *app,
            Run          *run)
{
  g_timeout_add (100, drive_cb, run);
}

static void
shutdown_cb (GApplication *app,
             Run          *run)
{
  run->quit_seen = TRUE;
}

static void
test_hide_on_close_keeps_syncing (void)
{
  RpTestNotifyDaemon *daemon = rp_test_notify_daemon_start ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  char *argv[] = { (char *)"rapport", (char *)"--demo", NULL };
  Run run = { 0 };
  int status;

  g_settings_set_boolean (settings, "run-in-background", TRUE);

  run.app = rp_application_new ();
  run.deadline = g_get_monotonic_time () + 100 * G_TIME_SPAN_SECOND;
  g_signal_connect (run.app, "startup", G_CALLBACK (startup_cb), &run);
  g_signal_connect (run.app, "shutdown", G_CALLBACK (shutdown_cb), &run);

  status = g_application_run (G_APPLICATION (run.app), 2, argv);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpint (run.step, ==, DONE);
  g_assert_true (run.quit_seen);

  g_object_unref (run.app);
  rp_test_notify_daemon_stop (daemon);
}

static void
rm_rf (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        rm_rf (child);
      else
        g_unlink (child);
      g_object_unref (info);
    }
  g_rmdir (path);
}

static gboolean
service_drive_cb (gpointer data)
{
  Run *run = data;
  RpContext *context = rp_application_get_context (run->app);
  g_autoptr(GPtrArray) calls = NULL;

  g_assert_cmpint (g_get_monotonic_time (), <, run->deadline);

  /* A service syncs with no window at all. */
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (run->app)));
  if (rp_context_get_store (context) == NULL || rp_context_get_syncing (context)
      || rp_context_get_last_sync (context) == 0)
    return G_SOURCE_CONTINUE;

  /* Its first sync of the new demo store raises the one summary. */
  calls = rp_test_notify_daemon_calls (run->daemon, "Notify");
  if (calls->len == 0)
    return G_SOURCE_CONTINUE;

  run->step = DONE;
  g_action_group_activate_action (G_ACTION_GROUP (run->app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
service_startup_cb (GApplication *app,
                    Run          *run)
{
  g_timeout_add (100, service_drive_cb, run);
}

static void
test_service_syncs_without_window (void)
{
  RpTestNotifyDaemon *daemon = rp_test_notify_daemon_start ();
  char *argv[] = { (char *)"rapport", (char *)"--gapplication-service", (char *)"--demo", NULL };
  Run run = { 0 };
  int status;

  run.app = rp_application_new ();
  run.daemon = daemon;
  run.deadline = g_get_monotonic_time () + 100 * G_TIME_SPAN_SECOND;
  g_signal_connect (run.app, "startup", G_CALLBACK (service_startup_cb), &run);
  g_signal_connect (run.app, "shutdown", G_CALLBACK (shutdown_cb), &run);

  /* It holds itself: without Quit, g_application_run() would not return. */
  status = g_application_run (G_APPLICATION (run.app), 3, argv);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpint (run.step, ==, DONE);
  g_assert_true (run.quit_seen);
  g_assert_cmpuint (rp_test_notify_daemon_wait (daemon, "Notify", 2, 100), ==, 1);

  g_object_unref (run.app);
  rp_test_notify_daemon_stop (daemon);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = g_dir_make_tmp ("rapport-background-XXXXXX", NULL);
  const char *dirs[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" };
  int status;

  /* Not G_TEST_OPTION_ISOLATE_DIRS: the icon theme lives in XDG_DATA_DIRS.  The demo's
   * cache and world go to a directory of this run instead. */
  g_assert_nonnull (home);
  g_setenv ("HOME", home, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = g_build_filename (home, dirs[i], NULL);

      g_setenv (dirs[i], dir, TRUE);
    }
  g_setenv ("GNOTIFICATION_BACKEND", "freedesktop", TRUE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  /* No accessibility bus: one started under this temporary home would outlive it and
   * leave its address to the next test on the same display. */
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_test_init (&argc, &argv, NULL);

  /* Run one per process (meson does, with -p): each meets a new demo store. */
  g_test_add_func ("/rapport/app/background/service-syncs-without-window",
                   test_service_syncs_without_window);
  g_test_add_func ("/rapport/app/background/hide-on-close-keeps-syncing",
                   test_hide_on_close_keeps_syncing);

  status = g_test_run ();
  rm_rf (home);
  return status;
}
