/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-fuzz"

#include "config.h"

#include "fuzz-target.h"
#include "rp-aliexpress-parse.h"

/* 2024-03-10 12:00:00 UTC: the parsers turn relative deadlines into instants with it. */
#define NOW G_GINT64_CONSTANT (1710072000000000)

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpMarketplacePage) page = NULL;

  page = rp_aliexpress_parse_order_list (body, 2, 50, NOW, &error);
  g_assert ((page == NULL) == (error != NULL));
  return 0;
}
