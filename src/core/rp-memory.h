/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How long after the last request the freed memory is given back. */
#define RP_MEMORY_RELEASE_DELAY_MS 3000

void     rp_memory_release_later   (void);
/* The number of times memory was given back so far (for tests). */
guint    rp_memory_get_n_releases  (void);

G_END_DECLS
