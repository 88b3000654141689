/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-aliexpress-sign"

#include "config.h"

#include <gio/gio.h>

#include "rp-aliexpress-sign.h"
#include "rp-marketplace-error.h"

static GHashTable *
params_new (const char *first_key,
            ...)
{
  GHashTable *params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *key = first_key;
  va_list args;

  va_start (args, first_key);
  while (key != NULL)
    {
      const char *value = va_arg (args, const char *);

      g_hash_table_insert (params, g_strdup (key), g_strdup (value));
      key = va_arg (args, const char *);
    }
  va_end (args);

  return params;
}

/* DOC-120693's printed signature, which only matches with the /order/get prefix. */
static void
test_sign_reference_doc (void)
{
  g_autoptr(GHashTable) params = params_new ("app_key", "123456",
                                             "access_token", "test",
                                             "timestamp", "1517820392000",
                                             "sign_method", "sha256",
                                             "order_id", "1234",
                                             NULL);
  g_autofree char *sign = rp_aliexpress_sign ("helloworld", "/order/get", params);

  g_assert_cmpstr (sign, ==, "4190D32361CFB9581350222F345CB77F3B19F0E31D162316848A2C1FFD5FAB4A");
}

static void
test_sign_sync_business (void)
{
  g_autoptr(GHashTable) params =
    params_new ("app_key", "123456",
                "format", "json",
                "method", "aliexpress.trade.seller.orderlist.get",
                "param_aeop_order_query",
                "{\"current_page\":1,\"page_size\":20,\"order_status\":\"WAIT_SELLER_SEND_GOODS\"}",
                "partner_id", "iop-sdk-python-20220609",
                "session", "test",
                "sign_method", "sha256",
                "simplify", "false",
                "timestamp", "1517820392000",
                NULL);
  g_autofree char *sign = rp_aliexpress_sign ("helloworld", NULL, params);

  g_assert_cmpstr (sign, ==, "35CDE6DF321FA995CA45104FAFCEA9F0BEADF90026B861C9614CB7369DC6319B");
}

static void
test_sign_token_create (void)
{
  g_autoptr(GHashTable) params = params_new ("app_key", "123456",
                                             "code", "3_123456_abc",
                                             "partner_id", "iop-sdk-java-20181207",
                                             "sign_method", "sha256",
                                             "timestamp", "1517820392000",
                                             NULL);
  g_autofree char *sign = rp_aliexpress_sign ("helloworld", "/auth/token/create", params);

  g_assert_cmpstr (sign, ==, "94FD90FD787E526B90A1BD902D68BC5777F2B5562727CB30526F6826E342EA48");
}

/* Empty and blank values and the sign parameter itself are neither sent nor signed. */
static void
test_sign_skips_empty (void)
{
  g_autoptr(GHashTable) params = params_new ("app_key", "123456",
                                             "code", "3_123456_abc",
                                             "partner_id", "iop-sdk-java-20181207",
                                             "sign_method", "sha256",
                                             "timestamp", "1517820392000",
                                             "uuid", "",
                                             "state", "   ",
                                             "sign", "0000",
                                             NULL);
  g_autofree char *sign = rp_aliexpress_sign ("helloworld", "/auth/token/create", params);

  g_assert_cmpstr (sign, ==, "94FD90FD787E526B90A1BD902D68BC5777F2B5562727CB30526F6826E342EA48");
  g_assert_false (rp_aliexpress_param_is_sendable (" \t"));
  g_assert_false (rp_aliexpress_param_is_sendable (NULL));
  g_assert_true (rp_aliexpress_param_is_sendable (" x"));
}

static void
test_sign_changes_with_secret (void)
{
  g_autoptr(GHashTable) params = params_new ("app_key", "123456", NULL);
  g_autofree char *a = rp_aliexpress_sign ("helloworld", NULL, params);
  g_autofree char *b = rp_aliexpress_sign ("helloworlD", NULL, params);

  g_assert_cmpuint (strlen (a), ==, 64);
  g_assert_cmpstr (a, !=, b);
}

static void
test_ban_seconds (void)
{
  g_assert_cmpuint (rp_marketplace_parse_ban_seconds ("This ban will last for 41 more seconds"), ==, 41);
  g_assert_cmpuint (rp_marketplace_parse_ban_seconds ("This ban will last for 1 more second"), ==, 1);
  g_assert_cmpuint (rp_marketplace_parse_ban_seconds ("App Call Limited"), ==, 0);
  g_assert_cmpuint (rp_marketplace_parse_ban_seconds ("This ban will last for  more seconds"), ==, 0);
  g_assert_cmpuint (rp_marketplace_parse_ban_seconds ("This ban will last for 99999999999 more seconds"), ==, 86400);
  g_assert_cmpuint (rp_marketplace_parse_ban_seconds (NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rapport/marketplace/sign/reference-doc", test_sign_reference_doc);
  g_test_add_func ("/rapport/marketplace/sign/sync-business", test_sign_sync_business);
  g_test_add_func ("/rapport/marketplace/sign/token-create", test_sign_token_create);
  g_test_add_func ("/rapport/marketplace/sign/skips-empty", test_sign_skips_empty);
  g_test_add_func ("/rapport/marketplace/sign/secret", test_sign_changes_with_secret);
  g_test_add_func ("/rapport/marketplace/error/ban-seconds", test_ban_seconds);

  return g_test_run ();
}
