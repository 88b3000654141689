/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

G_BEGIN_DECLS

/* The libFuzzer entry point each target defines; the regression driver calls it too. */
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* A NUL-terminated copy for the parsers of C strings; an embedded NUL ends the text,
 * as it would for the caller that hands them a string. */
static inline char *
rp_fuzz_strdup (const uint8_t *data,
                size_t         size)
{
  return g_strndup ((const char *)data, size);
}

G_END_DECLS
