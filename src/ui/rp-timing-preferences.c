/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-timing-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "rp-buyer-panel.h"
#include "rp-schedule.h"
#include "rp-timing-preferences.h"

/* The Timing page of Preferences: the seller's office hours (and the zone they are kept
 * in) and the buyer's quiet hours.  Both are stored as text such as "22:00-08:00"; a
 * stretch whose start is its end would mean no hours at all, so it is shown as an error and
 * not saved rather than silently switching the quiet hours off. */

struct _RpTimingPreferences
{
  AdwPreferencesPage  parent_instance;

  GSettings          *settings;
  GtkSpinButton      *spins[RP_TIMING_N_TIMES][2];
  AdwActionRow       *rows[RP_TIMING_N_TIMES];
  const char         *subtitles[RP_TIMING_N_TIMES];
  AdwEntryRow        *zone_row;
  gboolean            loading;
};

G_DEFINE_FINAL_TYPE (RpTimingPreferences, rp_timing_preferences, ADW_TYPE_PREFERENCES_PAGE)

static int
get_time (RpTimingPreferences *self,
          RpTimingTime         time)
{
  return gtk_spin_button_get_value_as_int (self->spins[time][0]) * 60 +
         gtk_spin_button_get_value_as_int (self->spins[time][1]);
}

static void
set_time (RpTimingPreferences *self,
          RpTimingTime         time,
          int                  minute_of_day)
{
  gtk_spin_button_set_value (self->spins[time][0], minute_of_day / 60);
  gtk_spin_button_set_value (self->spins[time][1], minute_of_day % 60);
}

static void
mark_row (RpTimingPreferences *self,
          RpTimingTime         time,
          gboolean             valid)
{
  GtkWidget *row = GTK_WIDGET (self->rows[time]);

  if (valid)
    {
      gtk_widget_remove_css_class (row, "error");
      adw_action_row_set_subtitle (self->rows[time], self->subtitles[time]);
    }
  else
    {
      gtk_widget_add_css_class (row, "error");
      adw_action_row_set_subtitle (self->rows[time], _("Start and end must differ"));
    }
}

/* Shows what the rest of Rapport uses for @key (the defaults when the stored text is not
 * usable); only that key, so that a stretch being corrected is not reset by another one. */
static void
load_key (RpTimingPreferences *self,
          const char          *key)
{
  RpQuietHours quiet;
  RpOfficeHours office;

  self->loading = TRUE;
  if (g_str_equal (key, "office-hours"))
    {
      rp_buyer_panel_read_hours (self->settings, NULL, &office);
      set_time (self, RP_TIMING_OFFICE_START, office.start_minute);
      set_time (self, RP_TIMING_OFFICE_END, office.end_minute);
      mark_row (self, RP_TIMING_OFFICE_START, TRUE);
      mark_row (self, RP_TIMING_OFFICE_END, TRUE);
    }
  else if (g_str_equal (key, "buyer-quiet-hours"))
    {
      rp_buyer_panel_read_hours (self->settings, &quiet, NULL);
      set_time (self, RP_TIMING_QUIET_START, quiet.start_minute);
      set_time (self, RP_TIMING_QUIET_END, quiet.end_minute);
      mark_row (self, RP_TIMING_QUIET_START, TRUE);
      mark_row (self, RP_TIMING_QUIET_END, TRUE);
    }
  else if (g_str_equal (key, "office-zone"))
    {
      g_autofree char *zone = g_settings_get_string (self->settings, "office-zone");

      /* Rewriting the same text would move the cursor of someone typing. */
      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->zone_row)), zone) != 0)
        gtk_editable_set_text (GTK_EDITABLE (self->zone_row), zone);
      gtk_widget_remove_css_class (GTK_WIDGET (self->zone_row), "error");
    }
  self->loading = FALSE;
}

/* Saves one stretch when its start and end differ. */
static gboolean
save_stretch (RpTimingPreferences *self,
              const char          *key,
              RpTimingTime         start,
              RpTimingTime         end)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  RpQuietHours hours;
  gboolean valid;

  valid = rp_quiet_hours_init (&hours, get_time (self, start), get_time (self, end), &error) &&
          hours.start_minute != hours.end_minute;
  mark_row (self, start, valid);
  mark_row (self, end, valid);
  if (!valid)
    return FALSE;

  text = rp_quiet_hours_to_string (&hours);
  if (!g_settings_set_string (self->settings, key, text))
    return FALSE;

  return TRUE;
}

/**
 * rp_timing_preferences_save:
 *
 * Stores what is shown, each setting on its own: office hours and quiet hours whose start
 * and end differ, and an office zone tzdata knows (or none, for the computer's own).
 *
 * Returns: whether everything was saved (FALSE: something is marked as an error)
 */
gboolean
rp_timing_preferences_save (RpTimingPreferences *self)
{
  const char *zone_text;
  gboolean office_ok, quiet_ok, zone_ok;
  g_autofree char *zone = NULL;

  g_return_val_if_fail (RP_IS_TIMING_PREFERENCES (self), FALSE);

  office_ok = save_stretch (self, "office-hours", RP_TIMING_OFFICE_START, RP_TIMING_OFFICE_END);
  quiet_ok = save_stretch (self, "buyer-quiet-hours", RP_TIMING_QUIET_START, RP_TIMING_QUIET_END);

  zone_text = gtk_editable_get_text (GTK_EDITABLE (self->zone_row));
  zone = g_strstrip (g_strdup (zone_text != NULL ? zone_text : ""));
  zone_ok = *zone == '\0';
  if (!zone_ok)
    {
      GTimeZone *tz = g_time_zone_new_identifier (zone);

      zone_ok = tz != NULL;
      g_clear_pointer (&tz, g_time_zone_unref);
    }
  if (zone_ok)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->zone_row), "error");
      zone_ok = g_settings_set_string (self->settings, "office-zone", zone);
    }
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->zone_row), "error");

  return office_ok && quiet_ok && zone_ok;
}

static void
value_changed_cb (RpTimingPreferences *self)
{
  if (!self->loading)
    rp_timing_preferences_save (self);
}

/* Changed elsewhere (or saved here): show what is used now. */
static void
settings_changed_cb (RpTimingPreferences *self,
                     const char          *key)
{
  load_key (self, key);
}

/* Two digits, as a clock shows them. */
static gboolean
two_digits_output_cb (GtkSpinButton *spin)
{
  g_autofree char *text = g_strdup_printf ("%02d", gtk_spin_button_get_value_as_int (spin));

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);

  return TRUE;
}

static GtkSpinButton *
new_clock_spin (RpTimingPreferences *self,
                int                  upper,
                int                  step,
                const char          *accessible_label)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (0, upper, step);

  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_spin_button_set_wrap (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 2);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  -1);
  g_signal_connect (spin, "output", G_CALLBACK (two_digits_output_cb), NULL);
  g_signal_connect_swapped (spin, "value-changed", G_CALLBACK (value_changed_cb), self);

  return GTK_SPIN_BUTTON (spin);
}

/* A row with the hour and the minute of one end of a stretch. */
static void
add_time_row (RpTimingPreferences *self,
              AdwPreferencesGroup *group,
              RpTimingTime         time,
              const char          *title,
              const char          *subtitle,
              const char          *hour_label,
              const char          *minute_label)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  /* The colon is drawn, not read: each spin button has its own name. */
  GtkWidget *colon = g_object_new (GTK_TYPE_LABEL, "label", ":",
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  self->spins[time][0] = new_clock_spin (self, 23, 1, hour_label);
  /* The minutes step by five: nobody keeps office hours to the minute, but any can be typed. */
  self->spins[time][1] = new_clock_spin (self, 59, 5, minute_label);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->spins[time][0]));
  gtk_box_append (GTK_BOX (box), colon);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->spins[time][1]));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (self->spins[time][0]));
  adw_preferences_group_add (group, row);

  self->rows[time] = ADW_ACTION_ROW (row);
  self->subtitles[time] = subtitle;
}

static void
zone_apply_cb (RpTimingPreferences *self)
{
  if (!self->loading)
    rp_timing_preferences_save (self);
}

static void
rp_timing_preferences_dispose (GObject *object)
{
  RpTimingPreferences *self = (RpTimingPreferences *)object;

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (rp_timing_preferences_parent_class)->dispose (object);
}

static void
rp_timing_preferences_class_init (RpTimingPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rp_timing_preferences_dispose;
}

static void
rp_timing_preferences_init (RpTimingPreferences *self)
{
  AdwPreferencesGroup *group;

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self), _("Timing"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self), "alarm-symbolic");

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Office Hours"));
  {
    g_autoptr(GTimeZone) local = g_time_zone_new_local ();
    g_autofree char *description = NULL;

    /* TRANSLATORS: %s is this computer's time zone, such as Asia/Shanghai */
    description = g_strdup_printf (_("Your working day, on the clock of the time zone below, or "
                                     "of this computer's (%s) when it is empty. The buyer panel "
                                     "sets it against the buyer's day."),
                                   g_time_zone_get_identifier (local));
    adw_preferences_group_set_description (group, description);
  }
  add_time_row (self, group, RP_TIMING_OFFICE_START, _("_Start"), _("On the office clock"),
                _("Office hours start, hour"), _("Office hours start, minute"));
  add_time_row (self, group, RP_TIMING_OFFICE_END, _("_End"), _("On the office clock"),
                _("Office hours end, hour"), _("Office hours end, minute"));

  self->zone_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->zone_row), _("Office Time _Zone"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->zone_row), TRUE);
  adw_entry_row_set_show_apply_button (self->zone_row, TRUE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->zone_row),
                               _("A zone such as Asia/Shanghai; leave it empty for this computer's zone"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->zone_row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("A zone such as Asia/Shanghai; leave it empty for this computer's zone"),
                                  -1);
  g_signal_connect_swapped (self->zone_row, "apply", G_CALLBACK (zone_apply_cb), self);
  adw_preferences_group_add (group, GTK_WIDGET (self->zone_row));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), group);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Buyer Quiet Hours"));
  adw_preferences_group_set_description (group,
                                         _("The buyer's night. A scheduled message never reaches "
                                           "a buyer in these hours: it waits until they end. A "
                                           "message you send yourself goes at once."));
  add_time_row (self, group, RP_TIMING_QUIET_START, _("_Begin"), _("On the buyer's clock"),
                _("Quiet hours begin, hour"), _("Quiet hours begin, minute"));
  add_time_row (self, group, RP_TIMING_QUIET_END, _("En_d"), _("On the buyer's clock"),
                _("Quiet hours end, hour"), _("Quiet hours end, minute"));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), group);
}

/**
 * rp_timing_preferences_new:
 * @settings: the application's settings
 *
 * Returns: (transfer full): the Timing page of Preferences
 */
GtkWidget *
rp_timing_preferences_new (GSettings *settings)
{
  RpTimingPreferences *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (RP_TYPE_TIMING_PREFERENCES, NULL);
  self->settings = g_object_ref (settings);
  load_key (self, "office-hours");
  load_key (self, "buyer-quiet-hours");
  load_key (self, "office-zone");
  g_signal_connect_swapped (settings, "changed", G_CALLBACK (settings_changed_cb), self);

  return GTK_WIDGET (self);
}

GtkSpinButton *
rp_timing_preferences_get_spin (RpTimingPreferences *self,
                                RpTimingTime         time,
                                gboolean             minute)
{
  g_return_val_if_fail (RP_IS_TIMING_PREFERENCES (self), NULL);
  g_return_val_if_fail (time < RP_TIMING_N_TIMES, NULL);

  return self->spins[time][minute ? 1 : 0];
}

GtkWidget *
rp_timing_preferences_get_row (RpTimingPreferences *self,
                               RpTimingTime         time)
{
  g_return_val_if_fail (RP_IS_TIMING_PREFERENCES (self), NULL);
  g_return_val_if_fail (time < RP_TIMING_N_TIMES, NULL);

  return GTK_WIDGET (self->rows[time]);
}

GtkWidget *
rp_timing_preferences_get_zone_row (RpTimingPreferences *self)
{
  g_return_val_if_fail (RP_IS_TIMING_PREFERENCES (self), NULL);

  return GTK_WIDGET (self->zone_row);
}
