/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-application"

#include "config.h"

#include <glib/gi18n.h>

#include "rp-about.h"
#include "rp-application.h"
#include "rp-background.h"
#include "rp-disputes-page.h"
#include "rp-inbox-page.h"
#include "rp-mask-list-model.h"
#include "rp-notifier.h"
#include "rp-orders-page.h"
#include "rp-tray.h"
#include "rp-preferences-window.h"
#include "rp-shipments-page.h"
#include "rp-slot-list-model.h"
#include "rp-window.h"

struct _RpApplication
{
  AdwApplication  parent_instance;

  RpContext      *context;
  RpNotifier     *notifier;
  RpTray         *tray;
  GCancellable   *cancellable;
  gboolean        demo;
  gboolean        opened;
  gboolean        service;
  gboolean        quitting;
  gboolean        portal_asked;
  gboolean        first_frame_reported;
  gboolean        lists_loaded_reported;
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
open_context (RpApplication *self)
{
  if (self->opened)
    return;

  self->opened = TRUE;
  if (self->demo)
    rp_context_open_demo_async (self->context, NULL, context_opened_cb, g_object_ref (self));
  else
    {
      g_autofree char *path = rp_context_default_db_path (FALSE);

      rp_context_open_async (self->context, path, NULL, context_opened_cb, g_object_ref (self));
    }
}

static void
background_request_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(RpApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  RpWindow *window;

  if (rp_background_request_finish (result, NULL, &error))
    return;

  /* No portal at all (a session without xdg-desktop-portal): closing still hides. */
  if (error != NULL && (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                        || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN)
                        || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD)
                        || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER)))
    {
      g_debug ("No Background portal: %s", error->message);
      return;
    }

  g_message ("Running in the background was not allowed%s%s",
             error != NULL ? ": " : "", error != NULL ? error->message : "");
  window = get_main_window (self);
  if (window != NULL)
    rp_window_add_toast (window,
                         adw_toast_new (_("Rapport may not run in the background: "
                                          "allow it in the system’s app settings")));
}

/* Asked once per run, when the window is active (the portal wants a visible app to ask). */
static void
maybe_request_background (RpApplication *self)
{
  RpWindow *window = get_main_window (self);
  GDBusConnection *connection = g_application_get_dbus_connection (G_APPLICATION (self));

  if (self->portal_asked || connection == NULL || window == NULL
      || !gtk_window_is_active (GTK_WINDOW (window))
      || !g_settings_get_boolean (rp_context_get_settings (self->context), "run-in-background"))
    return;

  self->portal_asked = TRUE;
  rp_background_request_async (connection,
                               _("Rapport keeps syncing your stores and tells you about new "
                                 "messages and disputes while its window is closed."),
                               TRUE, self->cancellable, background_request_cb, g_object_ref (self));
}

static void
window_active_cb (GtkWindow     *window,
                  GParamSpec    *pspec,
                  RpApplication *self)
{
  maybe_request_background (self);
}

static gboolean
window_close_request_cb (GtkWindow     *window,
                         RpApplication *self)
{
  /* Runs after the window saved its state: hide it, and the sync and notifications go on. */
  if (self->quitting
      || !g_settings_get_boolean (rp_context_get_settings (self->context), "run-in-background"))
    return FALSE;

  gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
  return TRUE;
}

/* RAPPORT_REPORT_FIRST_FRAME (for tests/perf/run): print "first-frame <monotonic µs> rows|empty"
 * on stdout after the first frame painted with the cache open and the shown page's list
 * filled, or, unless the variable is "rows", with every shown list loaded and empty; then
 * "lists-loaded <monotonic µs> <rows>" once the shown lists hold all their rows, so that
 * the memory measured is the memory of the whole list. */

typedef struct
{
  guint lists;
  guint with_rows;
  guint loading;
} ShownLists;

static RpStoreListModel *
find_store_model (GListModel *model)
{
  /* Through the wrappers the pages put between the cache's model and their view. */
  while (model != NULL && !RP_IS_STORE_LIST_MODEL (model))
    {
      if (GTK_IS_SINGLE_SELECTION (model))
        model = gtk_single_selection_get_model (GTK_SINGLE_SELECTION (model));
      else if (GTK_IS_MULTI_SELECTION (model))
        model = gtk_multi_selection_get_model (GTK_MULTI_SELECTION (model));
      else if (GTK_IS_NO_SELECTION (model))
        model = gtk_no_selection_get_model (GTK_NO_SELECTION (model));
      else if (GTK_IS_SORT_LIST_MODEL (model))
        model = gtk_sort_list_model_get_model (GTK_SORT_LIST_MODEL (model));
      else if (GTK_IS_FILTER_LIST_MODEL (model))
        model = gtk_filter_list_model_get_model (GTK_FILTER_LIST_MODEL (model));
      else if (GTK_IS_MAP_LIST_MODEL (model))
        model = gtk_map_list_model_get_model (GTK_MAP_LIST_MODEL (model));
      else if (RP_IS_SLOT_LIST_MODEL (model))
        model = rp_slot_list_model_get_model (RP_SLOT_LIST_MODEL (model));
      else if (RP_IS_MASK_LIST_MODEL (model))
        model = rp_mask_list_model_get_model (RP_MASK_LIST_MODEL (model));
      else
        return NULL;
    }

  return model != NULL ? RP_STORE_LIST_MODEL (model) : NULL;
}

static void
inspect_shown_lists (GtkWidget  *widget,
                     ShownLists *shown)
{
  GListModel *model = NULL;

  if (!gtk_widget_get_mapped (widget))
    return;

  if (GTK_IS_COLUMN_VIEW (widget))
    model = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (widget)));
  else if (GTK_IS_LIST_VIEW (widget))
    model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (widget)));

  if (GTK_IS_COLUMN_VIEW (widget) || GTK_IS_LIST_VIEW (widget))
    {
      RpStoreListModel *store_model = find_store_model (model);

      shown->lists++;
      if (model != NULL && g_list_model_get_n_items (model) > 0)
        shown->with_rows++;
      else if (store_model != NULL && rp_store_list_model_get_loading (store_model))
        shown->loading++;
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    inspect_shown_lists (child, shown);
}

/* Whether the shown page has what its first frame should show. */
static gboolean
first_frame_ready (RpApplication *self,
                   gboolean      *with_rows)
{
  RpWindow *window = get_main_window (self);
  gboolean rows_only = g_strcmp0 (g_getenv ("RAPPORT_REPORT_FIRST_FRAME"), "rows") == 0;
  ShownLists shown = { 0 };

  if (window == NULL || rp_context_get_store (self->context) == NULL)
    return FALSE;

  inspect_shown_lists (GTK_WIDGET (window), &shown);
  *with_rows = shown.with_rows > 0;

  return shown.with_rows > 0 || (!rows_only && shown.loading == 0);
}

static void
first_frame_after_paint_cb (GdkFrameClock *clock,
                            RpApplication *self)
{
  gboolean with_rows;

  if (self->first_frame_reported || !first_frame_ready (self, &with_rows))
    return;

  self->first_frame_reported = TRUE;
  g_print ("first-frame %" G_GINT64_FORMAT " %s\n", g_get_monotonic_time (),
           with_rows ? "rows" : "empty");
  fflush (stdout);
  g_signal_handlers_disconnect_by_func (clock, first_frame_after_paint_cb, self);
}

static void
first_frame_realize_cb (GtkWidget     *window,
                        RpApplication *self)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (first_frame_after_paint_cb), self, 0);
}

/* The cache's lists of the shown pages, whatever the views put in between. */
static void
inspect_shown_pages (GtkWidget  *widget,
                     guint      *rows,
                     guint      *loading)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);
  GListModel *model = NULL;
  gboolean page = TRUE;

  /* The window's shown page, mapped or about to be (a page just shown maps at the next
   * frame). */
  if (GTK_IS_STACK (parent) && gtk_stack_get_visible_child (GTK_STACK (parent)) != widget)
    return;

  if (RP_IS_ORDERS_PAGE (widget))
    model = rp_orders_page_get_model (RP_ORDERS_PAGE (widget));
  else if (RP_IS_INBOX_PAGE (widget))
    model = rp_inbox_page_get_conversations (RP_INBOX_PAGE (widget));
  else if (RP_IS_DISPUTES_PAGE (widget))
    model = rp_disputes_page_get_model (RP_DISPUTES_PAGE (widget));
  else if (RP_IS_SHIPMENTS_PAGE (widget))
    model = rp_shipments_page_get_model (RP_SHIPMENTS_PAGE (widget));
  else
    page = FALSE;

  if (page)
    {
      RpStoreListModel *store_model = find_store_model (model);

      if (store_model != NULL)
        {
          *rows += g_list_model_get_n_items (G_LIST_MODEL (store_model));
          if (rp_store_list_model_get_loading (store_model))
            (*loading)++;
        }
      else if (model == NULL)
        (*loading)++;       /* not given its list yet */
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    inspect_shown_pages (child, rows, loading);
}

/* Every shown list has read all its rows. */
static void
report_lists_loaded (RpApplication *self)
{
  RpWindow *window = get_main_window (self);
  guint rows = 0;
  guint loading = 0;

  if (window == NULL)
    return;

  inspect_shown_pages (GTK_WIDGET (window), &rows, &loading);
  if (loading > 0)
    return;

  self->lists_loaded_reported = TRUE;
  g_print ("lists-loaded %" G_GINT64_FORMAT " %u\n", g_get_monotonic_time (), rows);
  fflush (stdout);
}

static gboolean
first_frame_poll_cb (gpointer user_data)
{
  RpApplication *self = user_data;
  gboolean with_rows;

  if (self->first_frame_reported)
    {
      if (!self->lists_loaded_reported)
        report_lists_loaded (self);
      return self->lists_loaded_reported ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
    }

  /* A page whose load ends without a visible change paints no frame of its own. */
  if (first_frame_ready (self, &with_rows))
    gtk_widget_queue_draw (GTK_WIDGET (get_main_window (self)));

  return G_SOURCE_CONTINUE;
}

/* Another page shown: "lists-loaded" again once its lists are in. */
static void
report_page_cb (RpApplication *self)
{
  if (!self->first_frame_reported || !self->lists_loaded_reported)
    return;

  self->lists_loaded_reported = FALSE;
  g_timeout_add_full (G_PRIORITY_LOW, 100, first_frame_poll_cb, g_object_ref (self),
                      g_object_unref);
}

static RpWindow *
ensure_main_window (RpApplication *self)
{
  RpWindow *window = get_main_window (self);

  if (window != NULL)
    return window;

  window = rp_window_new (GTK_APPLICATION (self), self->context);
  g_signal_connect_object (window, "close-request", G_CALLBACK (window_close_request_cb),
                           self, G_CONNECT_AFTER);
  g_signal_connect_object (window, "notify::is-active", G_CALLBACK (window_active_cb), self, 0);

  if (g_getenv ("RAPPORT_REPORT_FIRST_FRAME") != NULL)
    {
      g_signal_connect_object (window, "realize", G_CALLBACK (first_frame_realize_cb), self, 0);
      g_signal_connect_object (window, "notify::page", G_CALLBACK (report_page_cb), self,
                               G_CONNECT_SWAPPED);
      g_timeout_add_full (G_PRIORITY_LOW, 100, first_frame_poll_cb, g_object_ref (self),
                          g_object_unref);
    }

  return window;
}

static void
rp_application_activate (GApplication *app)
{
  RpApplication *self = RP_APPLICATION (app);
  RpWindow *window = ensure_main_window (self);

  gtk_window_present (GTK_WINDOW (window));

  /* The cache opens once the window shows, so that the first frame never waits for it. */
  open_context (self);
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
run_in_background_changed_cb (RpApplication *self)
{
  maybe_request_background (self);
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
  /* The window stays responsive while a sync runs: the sync takes only spare processor time. */
  rp_context_set_background_priority (self->context, TRUE);
  self->notifier = rp_notifier_new (app, self->context);
  /* NULL without a session bus; otherwise it shows only where a tray is. */
  self->tray = rp_tray_new (app, self->notifier);
  g_signal_connect_object (settings, "changed::run-in-background",
                           G_CALLBACK (run_in_background_changed_cb), self, G_CONNECT_SWAPPED);

  /* Started at login (or by D-Bus) with --gapplication-service: no window, but sync and
   * notify until Quit, so the application holds itself. */
  if (g_application_get_flags (app) & G_APPLICATION_IS_SERVICE)
    {
      self->service = TRUE;
      g_application_hold (app);
      open_context (self);
    }

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

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->tray);
  g_clear_object (&self->notifier);
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

  /* Close the windows first so that each saves its state; none hides now. */
  self->quitting = TRUE;
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

/* From the first run: leave the empty cache for the demo marketplace and its own cache. */
static void
open_demo_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  RpApplication *self = user_data;

  if (self->demo)
    return;

  self->demo = TRUE;
  rp_context_close (self->context);
  rp_context_open_demo_async (self->context, NULL, context_opened_cb, g_object_ref (self));
}

/* A notification's id says what it is about: "dispute:<account>:<issue id>",
 * "conversation:<account>:<channel id>", "conversations:<account>" for a burst,
 * "parcel:<account>:<order id>" and "order:<account>:<order id>". */
static void
notification_open_action (GSimpleAction *action,
                          GVariant      *param,
                          gpointer       user_data)
{
  RpApplication *self = user_data;
  const char *id = g_variant_get_string (param, NULL);
  RpWindow *window = ensure_main_window (self);

  g_auto(GStrv) parts = g_strsplit (id, ":", 3);
  static const struct {
    const char *prefix;
    const char *page;
  } pages[] = {
    { "dispute", "disputes" }, { "conversation", "inbox" }, { "conversations", "inbox" },
    { "parcel", "shipments" }, { "order", "orders" },
  };

  /* "<kind>:<account>:<id>" opens that entity; a burst ("conversations:<account>") the page. */
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    if (g_strcmp0 (parts[0], pages[i].prefix) == 0)
      rp_window_show_entity (window, pages[i].page,
                             parts[1] != NULL ? g_ascii_strtoll (parts[1], NULL, 10) : 0,
                             parts[1] != NULL ? parts[2] : NULL);

  gtk_window_present (GTK_WINDOW (window));
  open_context (self);
}

static void
notification_later_action (GSimpleAction *action,
                           GVariant      *param,
                           gpointer       user_data)
{
  RpApplication *self = user_data;

  if (self->notifier != NULL)
    rp_notifier_snooze (self->notifier, g_variant_get_string (param, NULL), G_TIME_SPAN_HOUR);
}

static const GActionEntry app_actions[] = {
  { "notification-open", notification_open_action, "s" },
  { "notification-later", notification_later_action, "s" },
  { "sync", sync_action },
  { "open-demo", open_demo_action },
  { "preferences", preferences_action },
  { "about", about_action },
  { "quit", quit_action },
};

static void
rp_application_finalize (GObject *object)
{
  RpApplication *self = (RpApplication *)object;

  g_clear_object (&self->tray);
  g_clear_object (&self->notifier);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (rp_application_parent_class)->finalize (object);
}

static void
rp_application_class_init (RpApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = rp_application_finalize;

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

  self->cancellable = g_cancellable_new ();
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

/**
 * rp_application_get_notifier:
 *
 * Returns: (transfer none) (nullable): the notifier, once the application started up
 */
RpNotifier *
rp_application_get_notifier (RpApplication *self)
{
  g_return_val_if_fail (RP_IS_APPLICATION (self), NULL);

  return self->notifier;
}
