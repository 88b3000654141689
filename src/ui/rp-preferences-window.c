/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "rp-parcel-preferences.h"
#include "rp-preferences-window.h"
#include "rp-stores-page.h"
#include "rp-timing-preferences.h"

struct _RpPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  RpContext            *context;

  GtkAdjustment        *interval_adjustment;
  GtkSwitch            *background_switch;
  GtkSwitch            *messages_switch;
  GtkSwitch            *disputes_switch;
  GtkSwitch            *deadlines_switch;
  GtkSwitch            *parcels_switch;
  GtkSwitch            *confirmations_switch;
  GtkSwitch            *buyer_online_switch;
  AdwExpanderRow       *quiet_row;
  GtkAdjustment        *quiet_start_adjustment;
  GtkAdjustment        *quiet_end_adjustment;
  GtkAdjustment        *window_adjustment;
};

G_DEFINE_FINAL_TYPE (RpPreferencesWindow, rp_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The setting is in seconds; people think of sync intervals in minutes. */
static gboolean
seconds_to_minutes (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_uint32 (variant) / 60.0);
  return TRUE;
}

static GVariant *
minutes_to_seconds (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  return g_variant_new_uint32 ((guint32)(g_value_get_double (value) * 60.0 + 0.5));
}

/* Hours read as a time of day: "22:00". */
static gboolean
hour_output_cb (GtkSpinButton *spin)
{
  g_autofree char *text = NULL;
  int hour = (int)gtk_adjustment_get_value (gtk_spin_button_get_adjustment (spin));

  text = g_strdup_printf ("%02d:00", hour);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);

  return TRUE;
}

static int
hour_input_cb (GtkSpinButton *spin,
               double        *new_value)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  char *end = NULL;
  gint64 hour = g_ascii_strtoll (text, &end, 10);

  /* "7", "07", "07:00" and "7:30" (minutes are not kept) all mean 7. */
  if (end == text || hour < 0 || hour > 23 || (*end != '\0' && *end != ':'))
    return GTK_INPUT_ERROR;

  *new_value = hour;
  return TRUE;
}

static void
rp_preferences_window_constructed (GObject *object)
{
  RpPreferencesWindow *self = (RpPreferencesWindow *)object;
  GSettings *settings;

  G_OBJECT_CLASS (rp_preferences_window_parent_class)->constructed (object);

  settings = rp_context_get_settings (self->context);
  g_settings_bind_with_mapping (settings, "sync-interval",
                                self->interval_adjustment, "value",
                                G_SETTINGS_BIND_DEFAULT,
                                seconds_to_minutes, minutes_to_seconds,
                                NULL, NULL);
  g_settings_bind (settings, "run-in-background", self->background_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "notify-messages", self->messages_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "notify-disputes", self->disputes_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (rp_stores_page_new (self->context)));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (rp_parcel_preferences_new (settings)));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (rp_timing_preferences_new (settings)));
  g_settings_bind (settings, "notify-deadlines", self->deadlines_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "notify-parcels", self->parcels_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "notify-confirmations", self->confirmations_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "notify-buyer-online", self->buyer_online_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "notify-quiet-hours", self->quiet_row, "enable-expansion",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "notify-quiet-start", self->quiet_start_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "notify-quiet-end", self->quiet_end_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "confirmation-window-hours", self->window_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
}

static void
rp_preferences_window_dispose (GObject *object)
{
  RpPreferencesWindow *self = (RpPreferencesWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), RP_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (rp_preferences_window_parent_class)->dispose (object);
}

static void
rp_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  RpPreferencesWindow *self = RP_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RpPreferencesWindow *self = RP_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_preferences_window_class_init (RpPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = rp_preferences_window_constructed;
  object_class->dispose = rp_preferences_window_dispose;
  object_class->get_property = rp_preferences_window_get_property;
  object_class->set_property = rp_preferences_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RP_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/rp-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RpPreferencesWindow, interval_adjustment);
  gtk_widget_class_bind_template_child (widget_class, RpPreferencesWindow, background_switch);
  gtk_widget_class_bind_template_child (widget_class, RpPreferencesWindow, messages_switch);
  gtk_widget_class_bind_template_child (widget_class, RpPreferencesWindow, disputes_switch);
  gtk_widget_class_bind_template_child (widget_class, RpPreferencesWindow, deadlines_switch);
  gtk_widget_class_bind_template_child (widget_class, RpPreferencesWindow, parcels_switch);
  gtk_widget_class_bind_template_child (widget_class, RpPreferencesWindow, confirmations_switch);
  gtk_widget_class_bind_template_child (widget_class, RpPreferencesWindow, buyer_online_switch);
  gtk_widget_class_bind_template_child (widget_class, RpPreferencesWindow, quiet_row);
  gtk_widget_class_bind_template_child (widget_class, RpPreferencesWindow, quiet_start_adjustment);
  gtk_widget_class_bind_template_child (widget_class, RpPreferencesWindow, quiet_end_adjustment);
  gtk_widget_class_bind_template_child (widget_class, RpPreferencesWindow, window_adjustment);
  gtk_widget_class_bind_template_callback (widget_class, hour_output_cb);
  gtk_widget_class_bind_template_callback (widget_class, hour_input_cb);
}

static void
rp_preferences_window_init (RpPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

RpPreferencesWindow *
rp_preferences_window_new (GtkWindow *parent,
                           RpContext *context)
{
  g_return_val_if_fail (RP_IS_CONTEXT (context), NULL);

  return g_object_new (RP_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "context", context,
                       NULL);
}
