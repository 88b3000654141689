/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-sync-indicator"

#include "config.h"

#include <glib/gi18n.h>

#include "rp-sync-indicator.h"

/* A quick sync should not make the header flicker: the spinner shows only after this. */
#define SPINNER_DELAY_MS 500

struct _RpSyncIndicator
{
  GtkWidget    parent_instance;

  RpContext   *context;
  guint        spinner_id;
  char        *error;

  GtkWidget   *button;
  GtkStack    *icon_stack;
  GtkSpinner  *spinner;
  GtkLabel    *status_label;
  GtkLabel    *detail_label;
  GtkWidget   *progress_bar;
};

G_DEFINE_FINAL_TYPE (RpSyncIndicator, rp_sync_indicator, GTK_TYPE_WIDGET)

static char *
format_last_sync (gint64 last_sync)
{
  g_autoptr(GDateTime) then = NULL;
  g_autoptr(GDateTime) now = NULL;
  GTimeSpan age;

  if (last_sync == 0)
    return g_strdup (_("Not synced yet"));

  then = g_date_time_new_from_unix_local (last_sync / G_USEC_PER_SEC);
  now = g_date_time_new_now_local ();
  age = g_date_time_difference (now, then);

  if (age < G_TIME_SPAN_MINUTE)
    return g_strdup (_("Last synced just now"));
  if (age < G_TIME_SPAN_HOUR)
    {
      int minutes = (int)(age / G_TIME_SPAN_MINUTE);

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Last synced %d minute ago",
                                           "Last synced %d minutes ago", minutes), minutes);
    }
  {
    g_autofree char *time = g_date_time_format (then, "%X");
    g_autofree char *day = g_date_time_format (then, "%x");

    /* Translators: the first is a date, the second a time */
    return g_strdup_printf (_("Last synced on %s at %s"), day, time);
  }
}

static gboolean
show_spinner_cb (gpointer data)
{
  RpSyncIndicator *self = data;

  self->spinner_id = 0;
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->icon_stack, "busy");
  return G_SOURCE_REMOVE;
}

static void
update (RpSyncIndicator *self)
{
  gboolean syncing = self->context != NULL && rp_context_get_syncing (self->context);
  g_autofree char *last = NULL;

  if (self->context == NULL)
    return;

  last = format_last_sync (rp_context_get_last_sync (self->context));

  if (syncing)
    {
      const char *status = rp_context_get_status (self->context);

      gtk_label_set_text (self->status_label, status != NULL ? status : _("Syncing"));
      gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress_bar),
                                     rp_context_get_progress (self->context));
      gtk_widget_set_visible (self->progress_bar, TRUE);
      gtk_label_set_text (self->detail_label, last);
      if (self->spinner_id == 0 && g_strcmp0 (gtk_stack_get_visible_child_name (self->icon_stack), "busy") != 0)
        self->spinner_id = g_timeout_add (SPINNER_DELAY_MS, show_spinner_cb, self);
      return;
    }

  g_clear_handle_id (&self->spinner_id, g_source_remove);
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (self->progress_bar, FALSE);

  if (self->error != NULL)
    {
      gtk_label_set_text (self->status_label, _("The last sync failed"));
      gtk_label_set_text (self->detail_label, self->error);
      gtk_stack_set_visible_child_name (self->icon_stack, "error");
    }
  else if (rp_context_get_offline (self->context))
    {
      gtk_label_set_text (self->status_label, _("Offline"));
      gtk_label_set_text (self->detail_label, _("Showing the copy on this computer; it syncs again once the network is back."));
      gtk_stack_set_visible_child_name (self->icon_stack, "offline");
    }
  else
    {
      gtk_label_set_text (self->status_label,
                          rp_context_get_n_accounts (self->context) > 0 ? _("Up to date")
                                                                        : _("No store connected"));
      gtk_label_set_text (self->detail_label, last);
      gtk_stack_set_visible_child_name (self->icon_stack, "idle");
    }
}

static void
context_notify_cb (RpSyncIndicator *self,
                   GParamSpec      *pspec,
                   RpContext       *context)
{
  /* A new run starts with a clean slate; a failure stays until then. */
  if (g_str_equal (pspec->name, "syncing") && rp_context_get_syncing (context))
    g_clear_pointer (&self->error, g_free);
  update (self);
}

static void
sync_failed_cb (RpSyncIndicator *self,
                gint64           account_id,
                const char      *message,
                RpContext       *context)
{
  g_free (self->error);
  self->error = g_strdup (message);
  update (self);
}

void
rp_sync_indicator_set_context (RpSyncIndicator *self,
                               RpContext       *context)
{
  g_return_if_fail (RP_IS_SYNC_INDICATOR (self));

  if (self->context == context)
    return;

  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_set_object (&self->context, context);
  if (context != NULL)
    {
      g_signal_connect_object (context, "notify", G_CALLBACK (context_notify_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (context, "sync-failed", G_CALLBACK (sync_failed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  update (self);
}

static void
rp_sync_indicator_dispose (GObject *object)
{
  RpSyncIndicator *self = (RpSyncIndicator *)object;

  g_clear_handle_id (&self->spinner_id, g_source_remove);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_clear_object (&self->context);
  gtk_widget_dispose_template (GTK_WIDGET (self), RP_TYPE_SYNC_INDICATOR);

  G_OBJECT_CLASS (rp_sync_indicator_parent_class)->dispose (object);
}

static void
rp_sync_indicator_finalize (GObject *object)
{
  g_free (RP_SYNC_INDICATOR (object)->error);

  G_OBJECT_CLASS (rp_sync_indicator_parent_class)->finalize (object);
}

static void
rp_sync_indicator_class_init (RpSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_sync_indicator_dispose;
  object_class->finalize = rp_sync_indicator_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/rp-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, RpSyncIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, RpSyncIndicator, icon_stack);
  gtk_widget_class_bind_template_child (widget_class, RpSyncIndicator, spinner);
  gtk_widget_class_bind_template_child (widget_class, RpSyncIndicator, status_label);
  gtk_widget_class_bind_template_child (widget_class, RpSyncIndicator, detail_label);
  gtk_widget_class_bind_template_child (widget_class, RpSyncIndicator, progress_bar);
}

static void
rp_sync_indicator_init (RpSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
