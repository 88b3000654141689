/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include <adwaita.h>

#include "rp-context.h"
#include "rp-test-ui.h"
#include "rp-window.h"

static const char * const pages[] = { "today", "inbox", "orders", "disputes", "shipments" };

typedef struct
{
  GSettings *settings;
  RpContext *context;
  RpWindow  *window;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->settings = g_settings_new (APP_ID);
  f->context = rp_context_new (f->settings);
  f->window = g_object_new (RP_TYPE_WINDOW, "context", f->context, NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 720);
  gtk_window_present (GTK_WINDOW (f->window));
  rp_test_ui_wait_for_mapped (GTK_WIDGET (f->window));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  rp_test_ui_iterate (50);
  g_clear_object (&f->context);
  g_assert_finalize_object (f->settings);
}

static GtkWidget *
visible_page (RpWindow *window)
{
  GtkWidget *stack = gtk_widget_get_first_child (GTK_WIDGET (window));
  GtkWidget *found = NULL;

  /* Walk down to the GtkStack; the window's structure is the template's business. */
  for (GQueue queue = G_QUEUE_INIT; stack != NULL || !g_queue_is_empty (&queue);)
    {
      if (stack == NULL)
        stack = g_queue_pop_head (&queue);
      if (GTK_IS_STACK (stack))
        {
          found = gtk_stack_get_visible_child (GTK_STACK (stack));
          g_queue_clear (&queue);
          break;
        }
      for (GtkWidget *c = gtk_widget_get_first_child (stack); c != NULL; c = gtk_widget_get_next_sibling (c))
        g_queue_push_tail (&queue, c);
      stack = NULL;
    }

  return found;
}

static void
test_pages_through_actions (Fixture       *f,
                            gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *shot = g_strdup_printf ("page-%s", pages[i]);
      GtkWidget *page;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", pages[i]));
      rp_test_ui_iterate (350);

      g_assert_cmpstr (rp_window_get_page (f->window), ==, pages[i]);
      page = visible_page (f->window);
      g_assert_nonnull (page);
      g_assert_true (gtk_widget_get_mapped (page));
      {
        g_autofree char *last_page = g_settings_get_string (f->settings, "last-page");

        g_assert_cmpstr (last_page, ==, pages[i]);
      }

      rp_test_ui_screenshot (GTK_WIDGET (f->window), shot);
    }
}

/* The class shortcuts: Ctrl+N must be bound to the Nth page, in sidebar order. */
static void
test_pages_through_shortcuts (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->window));
  guint found = 0;

  /* Start away from every page under test. */
  rp_window_set_page (f->window, "shipments");

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *accel = g_strdup_printf ("<Control>%u", i + 1);
      gboolean activated = FALSE;

      for (guint c = 0; c < g_list_model_get_n_items (controllers) && !activated; c++)
        {
          g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, c);

          if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
            continue;

          for (guint s = 0; s < g_list_model_get_n_items (G_LIST_MODEL (controller)); s++)
            {
              g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), s);
              g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

              if (g_strcmp0 (trigger, accel) != 0)
                continue;

              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                           GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                                           GTK_WIDGET (f->window),
                                                           gtk_shortcut_get_arguments (shortcut)));
              activated = TRUE;
              break;
            }
        }

      g_assert_true (activated);
      rp_test_ui_iterate (100);
      g_assert_cmpstr (rp_window_get_page (f->window), ==, pages[i]);
      found++;
    }

  g_assert_cmpuint (found, ==, G_N_ELEMENTS (pages));
}

static void
test_unknown_page (Fixture       *f,
                   gconstpointer  data)
{
  rp_window_set_page (f->window, "orders");
  rp_window_set_page (f->window, "no-such-page");
  g_assert_cmpstr (rp_window_get_page (f->window), ==, "today");
}

static void
test_narrow_and_dark (Fixture       *f,
                      gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkWidget *page;

  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 640);
  rp_test_ui_iterate (500);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), <=, 400);

  /* Folded: choosing a page shows it in place of the sidebar, full width. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "disputes"));
  rp_test_ui_iterate (600);
  page = visible_page (f->window);
  g_assert_true (gtk_widget_get_mapped (page));
  g_assert_cmpint (gtk_widget_get_width (page), >=, 340);
  rp_test_ui_screenshot (GTK_WIDGET (f->window), "narrow-disputes");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-sidebar", NULL));
  rp_test_ui_iterate (600);
  rp_test_ui_screenshot (GTK_WIDGET (f->window), "narrow-sidebar");

  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 720);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  rp_test_ui_iterate (600);
  g_assert_true (adw_style_manager_get_dark (style));
  rp_test_ui_screenshot (GTK_WIDGET (f->window), "dark-today");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_window_state_saved (Fixture       *f,
                         gconstpointer  data)
{
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 600);
  rp_test_ui_iterate (300);
  gtk_window_close (GTK_WINDOW (f->window));
  rp_test_ui_iterate (100);

  g_assert_cmpint (g_settings_get_int (f->settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (f->settings, "window-height"), ==, 600);
  g_assert_false (g_settings_get_boolean (f->settings, "window-maximized"));

  /* close destroyed it; give the fixture a fresh one to tear down. */
  f->window = g_object_new (RP_TYPE_WINDOW, "context", f->context, NULL);
  {
    int width, height;

    gtk_window_get_default_size (GTK_WINDOW (f->window), &width, &height);
    g_assert_cmpint (width, ==, 900);
    g_assert_cmpint (height, ==, 600);
  }
}

int
main (int   argc,
      char *argv[])
{
  /* Not G_TEST_OPTION_ISOLATE_DIRS: it empties XDG_DATA_DIRS, and the icon theme lives there.
   * Settings use the memory backend and nothing else is written outside the build tree. */
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add ("/rapport/ui/window/pages-through-actions", Fixture, NULL,
              fixture_setup, test_pages_through_actions, fixture_teardown);
  g_test_add ("/rapport/ui/window/pages-through-shortcuts", Fixture, NULL,
              fixture_setup, test_pages_through_shortcuts, fixture_teardown);
  g_test_add ("/rapport/ui/window/unknown-page", Fixture, NULL,
              fixture_setup, test_unknown_page, fixture_teardown);
  g_test_add ("/rapport/ui/window/narrow-and-dark", Fixture, NULL,
              fixture_setup, test_narrow_and_dark, fixture_teardown);
  g_test_add ("/rapport/ui/window/state-saved", Fixture, NULL,
              fixture_setup, test_window_state_saved, fixture_teardown);

  return g_test_run ();
}
