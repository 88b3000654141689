/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The marketplace takes 1–2000 characters per message. */
#define RP_COMPOSER_DEFAULT_LIMIT 2000

#define RP_TYPE_COMPOSER (rp_composer_get_type ())

G_DECLARE_FINAL_TYPE (RpComposer, rp_composer, RP, COMPOSER, GtkWidget)

GtkWidget     *rp_composer_new         (void);
/* (transfer full) */
char          *rp_composer_get_text    (RpComposer *self);
void           rp_composer_set_text    (RpComposer *self,
                                        const char *text);
GtkTextBuffer *rp_composer_get_buffer  (RpComposer *self);
guint          rp_composer_get_limit   (RpComposer *self);
void           rp_composer_set_limit   (RpComposer *self,
                                        guint       limit);
void           rp_composer_set_templates (RpComposer *self,
                                          GMenuModel *menu);
void           rp_composer_insert      (RpComposer *self,
                                        const char *text);
/* Whether the conduct warning is showing (it is shown once before text it flags is sent). */
gboolean       rp_composer_get_warning_shown (RpComposer *self);

G_END_DECLS
