/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define RP_TYPE_PARCEL_PREFERENCES (rp_parcel_preferences_get_type ())

G_DECLARE_FINAL_TYPE (RpParcelPreferences, rp_parcel_preferences, RP, PARCEL_PREFERENCES, AdwPreferencesPage)

GtkWidget     *rp_parcel_preferences_new      (GSettings           *settings);
gboolean       rp_parcel_preferences_save     (RpParcelPreferences *self);
GtkSpinButton *rp_parcel_preferences_get_spin (RpParcelPreferences *self,
                                               guint                index);

G_END_DECLS
