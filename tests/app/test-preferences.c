/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-preferences"

#include "config.h"

#include <adwaita.h>

#include "rp-context.h"
#include "rp-preferences-window.h"
#include "rp-test-ui.h"

/* The Notifications group and Run in Background: each switch is found by its accessible
 * name and drives its own setting. */

static GtkWidget *
find_switch (GtkWidget  *root,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_SWITCH (child))
        {
          g_autofree char *mismatch =
            gtk_test_accessible_check_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, label);

          if (mismatch == NULL)
            return child;
        }

      found = find_switch (child, label);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_switches (void)
{
  static const struct { const char *label; const char *key; } rows[] = {
    { "Run in background", "run-in-background" },
    { "Notify about buyer messages", "notify-messages" },
    { "Notify about new disputes", "notify-disputes" },
    { "Notify about dispute deadlines", "notify-deadlines" },
    { "Notify about parcel problems", "notify-parcels" },
    { "Notify about closed confirmation windows", "notify-confirmations" },
    { "Notify when a waiting buyer is likely online", "notify-buyer-online" },
  };
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(RpContext) context = rp_context_new (settings);
  RpPreferencesWindow *prefs;

  prefs = rp_preferences_window_new (NULL, context);
  gtk_window_set_default_size (GTK_WINDOW (prefs), 640, 900);
  gtk_window_present (GTK_WINDOW (prefs));
  rp_test_ui_wait_for_mapped (GTK_WIDGET (prefs));

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      GtkWidget *toggle = find_switch (GTK_WIDGET (prefs), rows[i].label);
      gboolean before = g_settings_get_boolean (settings, rows[i].key);

      g_assert_nonnull (toggle);
      g_assert_cmpint (gtk_switch_get_active (GTK_SWITCH (toggle)), ==, before);
      gtk_switch_set_active (GTK_SWITCH (toggle), !before);
      rp_test_ui_iterate (20);
      g_assert_cmpint (g_settings_get_boolean (settings, rows[i].key), ==, !before);
      g_settings_reset (settings, rows[i].key);
      rp_test_ui_iterate (20);
      g_assert_cmpint (gtk_switch_get_active (GTK_SWITCH (toggle)), ==, before);
    }

  /* Quiet hours show as times of day. */
  g_settings_set_boolean (settings, "notify-quiet-hours", TRUE);
  rp_test_ui_iterate (300);
  rp_test_ui_screenshot (GTK_WIDGET (prefs), "preferences");

  gtk_window_destroy (GTK_WINDOW (prefs));
  rp_test_ui_iterate (50);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = g_dir_make_tmp ("rapport-preferences-XXXXXX", NULL);

  /* Not G_TEST_OPTION_ISOLATE_DIRS: the icon theme lives in XDG_DATA_DIRS. */
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);
  /* The test accessibility backend: the labels are readable without an accessibility bus,
   * which, started under this temporary home, would outlive it and leave its address to
   * the next test on the same display. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/rapport/app/preferences/switches", test_switches);

  return g_test_run ();
}
