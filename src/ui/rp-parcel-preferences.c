/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-parcel-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "rp-parcel-problem.h"
#include "rp-parcel-preferences.h"

/* The Parcels page of Preferences: when a parcel becomes a problem.  The day counts are
 * kept in GSettings as arrays (parcel-no-scan-days, parcel-stalled-days); a set of numbers
 * the rules would refuse (a critical day before its warning day) is shown as an error and
 * not saved, so the rules never fall back to the defaults behind the seller's back. */

enum {
  SPIN_NO_SCAN_WARNING,
  SPIN_NO_SCAN_CRITICAL,
  SPIN_STALLED_1,
  SPIN_STALLED_2,
  SPIN_STALLED_3,
  SPIN_PROTECTION,
  N_SPINS
};

struct _RpParcelPreferences
{
  AdwPreferencesPage  parent_instance;

  GSettings          *settings;
  GtkSpinButton      *spins[N_SPINS];
  AdwActionRow       *rows[N_SPINS];
  GtkSwitch          *weekends_switch;
  gboolean            loading;
};

G_DEFINE_FINAL_TYPE (RpParcelPreferences, rp_parcel_preferences, ADW_TYPE_PREFERENCES_PAGE)

static guint
spin_value (RpParcelPreferences *self,
            guint                spin)
{
  return (guint)gtk_spin_button_get_value_as_int (self->spins[spin]);
}

static void
mark (RpParcelPreferences *self,
      guint                first,
      guint                last,
      gboolean             valid)
{
  for (guint i = first; i <= last; i++)
    {
      if (valid)
        gtk_widget_remove_css_class (GTK_WIDGET (self->rows[i]), "error");
      else
        gtk_widget_add_css_class (GTK_WIDGET (self->rows[i]), "error");
    }
}

static void
load (RpParcelPreferences *self)
{
  g_autoptr(GVariant) no_scan = g_settings_get_value (self->settings, "parcel-no-scan-days");
  g_autoptr(GVariant) stalled = g_settings_get_value (self->settings, "parcel-stalled-days");
  RpTrackingThresholds t;
  const guint32 *days;
  gsize n_no_scan = 0, n_stalled = 0;
  const guint32 *stalled_days;

  days = g_variant_get_fixed_array (no_scan, &n_no_scan, sizeof (guint32));
  stalled_days = g_variant_get_fixed_array (stalled, &n_stalled, sizeof (guint32));
  /* What the rules use: the defaults when the stored numbers are not usable. */
  rp_parcel_problem_thresholds (days, n_no_scan, stalled_days, n_stalled,
                                g_settings_get_uint (self->settings, "parcel-protection-days"), &t);

  self->loading = TRUE;
  gtk_spin_button_set_value (self->spins[SPIN_NO_SCAN_WARNING], t.no_scan_warning_days);
  gtk_spin_button_set_value (self->spins[SPIN_NO_SCAN_CRITICAL], t.no_scan_critical_days);
  for (guint i = 0; i < 3; i++)
    gtk_spin_button_set_value (self->spins[SPIN_STALLED_1 + i], t.stalled_days[i]);
  gtk_spin_button_set_value (self->spins[SPIN_PROTECTION], t.protection_warning_days);
  self->loading = FALSE;
  mark (self, 0, N_SPINS - 1, TRUE);
}

/**
 * rp_parcel_preferences_save:
 *
 * Stores the numbers shown when the rules accept them.
 *
 * Returns: whether they were saved (FALSE: some are marked as errors)
 */
gboolean
rp_parcel_preferences_save (RpParcelPreferences *self)
{
  guint no_scan[2] = { spin_value (self, SPIN_NO_SCAN_WARNING), spin_value (self, SPIN_NO_SCAN_CRITICAL) };
  guint stalled[3] = { spin_value (self, SPIN_STALLED_1), spin_value (self, SPIN_STALLED_2),
                       spin_value (self, SPIN_STALLED_3) };
  guint protection = spin_value (self, SPIN_PROTECTION);
  RpTrackingThresholds t;
  gboolean no_scan_ok, stalled_ok;
  guint default_stalled[3] = { 5, 10, 20 };
  guint default_no_scan[2] = { 3, 4 };

  g_return_val_if_fail (RP_IS_PARCEL_PREFERENCES (self), FALSE);

  /* Each list on its own, so that the error shows where it is. */
  no_scan_ok = rp_parcel_problem_thresholds (no_scan, 2, default_stalled, 3, protection, &t);
  stalled_ok = rp_parcel_problem_thresholds (default_no_scan, 2, stalled, 3, protection, &t);
  mark (self, SPIN_NO_SCAN_WARNING, SPIN_NO_SCAN_CRITICAL, no_scan_ok);
  mark (self, SPIN_STALLED_1, SPIN_STALLED_3, stalled_ok);
  if (!no_scan_ok || !stalled_ok)
    return FALSE;

  g_settings_delay (self->settings);
  g_settings_set_value (self->settings, "parcel-no-scan-days",
                        g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32, no_scan, 2, sizeof (guint32)));
  g_settings_set_value (self->settings, "parcel-stalled-days",
                        g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32, stalled, 3, sizeof (guint32)));
  g_settings_set_uint (self->settings, "parcel-protection-days", protection);
  g_settings_apply (self->settings);

  return TRUE;
}

static void
value_changed_cb (RpParcelPreferences *self)
{
  if (!self->loading)
    rp_parcel_preferences_save (self);
}

/* Changed elsewhere (or saved here): show what the rules use now. */
static void
settings_changed_cb (RpParcelPreferences *self,
                     const char          *key)
{
  if (g_str_has_prefix (key, "parcel-") && !g_str_equal (key, "parcel-skip-weekends"))
    load (self);
}

static GtkWidget *
add_spin_row (RpParcelPreferences *self,
              AdwPreferencesGroup *group,
              guint                spin,
              const char          *title,
              const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_spin_button_new_with_range (1, 365, 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (button), TRUE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL,
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  adw_preferences_group_add (group, row);
  g_signal_connect_swapped (button, "value-changed", G_CALLBACK (value_changed_cb), self);

  self->spins[spin] = GTK_SPIN_BUTTON (button);
  self->rows[spin] = ADW_ACTION_ROW (row);
  return button;
}

static void
rp_parcel_preferences_dispose (GObject *object)
{
  RpParcelPreferences *self = (RpParcelPreferences *)object;

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (rp_parcel_preferences_parent_class)->dispose (object);
}

static void
rp_parcel_preferences_class_init (RpParcelPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rp_parcel_preferences_dispose;
}

static void
rp_parcel_preferences_init (RpParcelPreferences *self)
{
  AdwPreferencesGroup *group;
  GtkWidget *row;

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self), _("Parcels"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self), "package-x-generic-symbolic");

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("No First Scan"));
  adw_preferences_group_set_description (group,
                                         _("Days since the shipping notice without a carrier scan. "
                                           "AliExpress treats no scan within 5 days as a false shipment."));
  add_spin_row (self, group, SPIN_NO_SCAN_WARNING, _("_Warning After"), _("Days"));
  add_spin_row (self, group, SPIN_NO_SCAN_CRITICAL, _("_Critical After"),
                _("Days; more than the warning"));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), group);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Stalled"));
  adw_preferences_group_set_description (group,
                                         _("Days without a new tracking event, at three levels, "
                                           "each more than the one before."));
  add_spin_row (self, group, SPIN_STALLED_1, _("_First Level"), NULL);
  add_spin_row (self, group, SPIN_STALLED_2, _("_Second Level"), NULL);
  add_spin_row (self, group, SPIN_STALLED_3, _("_Third Level"), NULL);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), group);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Buyer Protection"));
  add_spin_row (self, group, SPIN_PROTECTION, _("Warn _Before the End"),
                _("Days before buyer protection ends while the parcel is on its way"));

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Skip _Weekends"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Saturdays and Sundays do not count towards the scan and stall days"));
  self->weekends_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->weekends_switch), GTK_ALIGN_CENTER);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->weekends_switch),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL,
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->weekends_switch));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (self->weekends_switch));
  adw_preferences_group_add (group, row);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), group);
}

/**
 * rp_parcel_preferences_new:
 * @settings: the application's settings
 *
 * Returns: (transfer full): the Parcels page of Preferences
 */
GtkWidget *
rp_parcel_preferences_new (GSettings *settings)
{
  RpParcelPreferences *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (RP_TYPE_PARCEL_PREFERENCES, NULL);
  self->settings = g_object_ref (settings);
  load (self);
  g_settings_bind (settings, "parcel-skip-weekends", self->weekends_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_swapped (settings, "changed", G_CALLBACK (settings_changed_cb), self);

  return GTK_WIDGET (self);
}

/**
 * rp_parcel_preferences_get_spin:
 * @index: 0–1 no first scan (warning, critical), 2–4 stalled, 5 protection
 *
 * Returns: (transfer none): the spin button, for tests
 */
GtkSpinButton *
rp_parcel_preferences_get_spin (RpParcelPreferences *self,
                                guint                index)
{
  g_return_val_if_fail (RP_IS_PARCEL_PREFERENCES (self), NULL);
  g_return_val_if_fail (index < N_SPINS, NULL);

  return self->spins[index];
}
