/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void rp_test_ui_wait_for_mapped (GtkWidget  *widget);
void rp_test_ui_iterate         (guint       msec);
void rp_test_ui_screenshot      (GtkWidget  *widget,
                                 const char *name);

typedef gboolean (*RpTestUiMatch) (GtkWidget     *widget,
                                   gconstpointer  data);

GtkWidget *rp_test_ui_find_widget (GtkWidget     *root,
                                   GType          type,
                                   RpTestUiMatch  match,
                                   gconstpointer  data);

G_END_DECLS
