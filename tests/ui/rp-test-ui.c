/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-test-ui"

#include "config.h"

#include <glib/gstdio.h>

#include "rp-test-ui.h"

static gboolean
timeout_cb (gpointer data)
{
  gboolean *done = data;

  *done = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @msec so that layout, drawing and idle work happen. */
void
rp_test_ui_iterate (guint msec)
{
  gboolean done = FALSE;

  g_timeout_add (msec, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

void
rp_test_ui_wait_for_mapped (GtkWidget *widget)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!gtk_widget_get_mapped (widget) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (gtk_widget_get_mapped (widget));
  /* One more frame so that the first paint has happened. */
  rp_test_ui_iterate (200);
}

/* Saves what @widget shows as NAME.png in the test log folder (meson-logs/screenshots), and
 * in $RAPPORT_SCREENSHOT_DIR when that is set (to refresh data/screenshots/). */
void
rp_test_ui_screenshot (GtkWidget  *widget,
                       const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file_name = g_strconcat (name, ".png", NULL);
  const char *build_dir = g_getenv ("RAPPORT_BUILD_DIR");
  const char *extra_dir = g_getenv ("RAPPORT_SCREENSHOT_DIR");
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_nonnull (texture);

  dir = g_build_filename (build_dir != NULL ? build_dir : ".", "meson-logs", "screenshots", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  path = g_build_filename (dir, file_name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);

  if (extra_dir != NULL && *extra_dir != '\0')
    {
      g_autofree char *extra = g_build_filename (extra_dir, file_name, NULL);

      g_assert_true (gdk_texture_save_to_png (texture, extra));
    }
}

/* Depth first from @root (itself included): the first widget that is a @type and that
 * @match, when given, accepts. */
GtkWidget *
rp_test_ui_find_widget (GtkWidget     *root,
                        GType          type,
                        RpTestUiMatch  match,
                        gconstpointer  data)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && (match == NULL || match (root, data)))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = rp_test_ui_find_widget (child, type, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}
