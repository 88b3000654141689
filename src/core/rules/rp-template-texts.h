/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rp-template.h"

G_BEGIN_DECLS

/* The table behind rp_template_lookup(); only rp-template.c and the tests read it. */
typedef struct
{
  const char     *language;     /* ISO 639-1 */
  RpTemplateKind  kind;
  const char     *text;
} RpTemplateText;

extern const RpTemplateText rp_template_texts[];
extern const guint          rp_template_n_texts;

G_END_DECLS
