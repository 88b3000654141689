/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rp-notifier.h"

G_BEGIN_DECLS

#define RP_TRAY_ITEM_PATH "/StatusNotifierItem"
#define RP_TRAY_MENU_PATH "/StatusNotifierItem/Menu"

#define RP_TYPE_TRAY (rp_tray_get_type ())

G_DECLARE_FINAL_TYPE (RpTray, rp_tray, RP, TRAY, GObject)

/* A StatusNotifierItem with a com.canonical.dbusmenu menu (Open Rapport, Sync Now, Quit:
 * the application's "activate", "app.sync" and "app.quit"), shown only while an
 * org.kde.StatusNotifierWatcher is on the session bus.  @application must be registered. */
RpTray   *rp_tray_new            (GApplication *application,
                                  RpNotifier   *notifier);
/* TRUE once the watcher accepted the item. */
gboolean  rp_tray_get_registered (RpTray       *self);

G_END_DECLS
