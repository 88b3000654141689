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
  g_autofree char *text = rp_fuzz_strdup (data, size);
  gint64 cents = 0;

  /* The envelope, its error shapes, and the two write answers read straight off it. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) root = rp_aliexpress_parse_envelope (body, "aliexpress.trade.seller.orderlist.get", &error);

    g_assert ((root == NULL) == (error != NULL));
  }
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *id = rp_aliexpress_parse_send_message (body, &error);

    g_assert ((id == NULL) == (error != NULL));
  }
  {
    g_autoptr(GError) error = NULL;
    gboolean ok = rp_aliexpress_parse_write_result (body, "aliexpress.solution.order.fulfill", &error);

    g_assert (ok == (error == NULL));
  }
  /* Amounts arrive as text in every money field. */
  rp_aliexpress_parse_amount (text, &cents);
  return 0;
}
