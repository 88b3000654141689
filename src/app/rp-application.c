/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-application"

#include "config.h"

#include <glib/gi18n.h>

#include "rp-about.h"
#include "rp-application.h"
#include "rp-preferences-window.h"
#include "rp-window.h"

struct _RpApplication
{
  AdwApplication  parent_instance;

  RpContext      *context;
  gboolean        demo;
  gboolean        opened;
};

G_DEFINE_FINAL_TYPE (RpApplication, rp_application, ADW_TYPE_APPLICATION)

static RpWindow *
get_main_window (RpApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (RP_IS_WINDOW (l->data))
        return RP_WINDOW (l->data);
    }

  return NULL;
}

static void
context_opened_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(RpApplication) self = data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->demo)
    ok = rp_context_open_demo_finish (RP_CONTEXT (object), result, &error);
  else
    ok = rp_context_open_finish (RP_CONTEXT (object), result, &error);

  if (!ok && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      RpWindow *window = get_main_window (self);
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);
      g_autofree char *title = NULL;

      g_warning ("%s", error->message);
      if (window != NULL)
        {
          title = self->demo ? g_strdup_printf (_("The demo marketplace could not start: %s"), escaped)
                             : g_strdup_printf (_("The cache could not be opened: %s"), escaped);
          rp_window_add_toast (window, adw_toast_new (title));
        }
    }
}

static void
rp_application_activate (GApplication *app)
{
  RpApplication *self = RP_APPLICATION (app);
  RpWindow *window = get_main_window (self);

  if (window == NULL)
    window = rp_window_new (GTK_APPLICATION (self), self->context);

  gtk_window_present (GTK_WINDOW (window));

  /* The cache opens once the window shows, so that the first frame never waits for it. */
  if (!self->opened)
    {
      self->opened = TRUE;
      if (self->demo)
        rp_context_open_demo_async (self->context, NULL, context_opened_cb, g_object_ref (self));
      else
        {
          g_autofree char *path = rp_context_default_db_path (FALSE);

          rp_context_open_async (self->context, path, NULL, context_opened_cb, g_object_ref (self));
        }
    }
}

static int
rp_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  RpApplication *self = RP_APPLICATION (app);

  if (g_variant_dict_contains (options, "demo"))
    self->demo = TRUE;

  return -1;
}

static void
rp_application_startup (GApplication *app)
{
  RpApplication *self = RP_APPLICATION (app);
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GtkCssProvider) css = NULL;

  G_APPLICATION_CLASS (rp_application_parent_class)->startup (app);

  settings = g_settings_new (APP_ID);
  self->context = rp_context_new (settings);

  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, RESOURCE_PREFIX "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
rp_application_shutdown (GApplication *app)
{
  RpApplication *self = RP_APPLICATION (app);

  if (self->context != NULL)
    rp_context_shutdown (self->context);

  G_APPLICATION_CLASS (rp_application_parent_class)->shutdown (app);

  g_clear_object (&self->context);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  RpApplication *self = user_data;
  RpPreferencesWindow *prefs;

  prefs = rp_preferences_window_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                     self->context);
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  RpApplication *self = user_data;

  gtk_window_present (rp_about_window_new (gtk_application_get_active_window (GTK_APPLICATION (self))));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  RpApplication *self = user_data;

  /* Close the windows first so that each saves its state. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }

  g_application_quit (G_APPLICATION (self));
}

static void
sync_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  RpApplication *self = user_data;

  rp_context_sync_now (self->context, FALSE);
}

static const GActionEntry app_actions[] = {
  { "sync", sync_action },
  { "preferences", preferences_action },
  { "about", about_action },
  { "quit", quit_action },
};

static void
rp_application_class_init (RpApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = rp_application_activate;
  app_class->handle_local_options = rp_application_handle_local_options;
  app_class->startup = rp_application_startup;
  app_class->shutdown = rp_application_shutdown;
}

static void
rp_application_init (RpApplication *self)
{
  static const char *quit_accels[] = { "<Primary>q", NULL };
  static const char *prefs_accels[] = { "<Primary>comma", NULL };

  static const GOptionEntry options[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Try Rapport on the demo marketplace, with a made-up store"), NULL },
    { NULL }
  };
  static const char *sync_accels[] = { "<Primary>r", NULL };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.sync", sync_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", prefs_accels);
}

RpApplication *
rp_application_new (void)
{
  return g_object_new (RP_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", RESOURCE_PREFIX,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

/**
 * rp_application_get_context:
 *
 * Returns: (transfer none) (nullable): the context, once the application started up
 */
RpContext *
rp_application_get_context (RpApplication *self)
{
  g_return_val_if_fail (RP_IS_APPLICATION (self), NULL);

  return self->context;
}
