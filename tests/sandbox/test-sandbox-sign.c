/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-test"

#include "config.h"

#include "rp-sandbox-sign.h"

static GHashTable *
params_new (const char *first,
            ...)
{
  GHashTable *params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  va_list ap;

  va_start (ap, first);
  for (const char *k = first; k != NULL; k = va_arg (ap, const char *))
    g_hash_table_insert (params, g_strdup (k), g_strdup (va_arg (ap, const char *)));
  va_end (ap);
  return params;
}

/* Reference §1.3, the documented HTTP request sample (prefix /order/get). */
static void
test_vector_doc (void)
{
  g_autoptr(GHashTable) p = params_new ("app_key", "123456", "access_token", "test",
                                        "timestamp", "1517820392000", "sign_method", "sha256",
                                        "order_id", "1234", NULL);
  g_autofree char *sign = rp_sb_sign ("helloworld", "/order/get", p);

  g_assert_cmpstr (sign, ==, "4190D32361CFB9581350222F345CB77F3B19F0E31D162316848A2C1FFD5FAB4A");
  g_assert_true (rp_sb_sign_verify ("helloworld", "/order/get", p, sign));
  g_assert_true (rp_sb_sign_verify ("helloworld", "/order/get", p,
                                    "4190d32361cfb9581350222f345cb77f3b19f0e31d162316848a2c1ffd5fab4a"));
  g_assert_false (rp_sb_sign_verify ("helloworld", "/orders/get", p, sign));
  g_assert_false (rp_sb_sign_verify ("wrong", "/order/get", p, sign));
}

static void
test_vector_sync (void)
{
  g_autoptr(GHashTable) p = params_new (
    "app_key", "123456", "format", "json", "method", "aliexpress.trade.seller.orderlist.get",
    "param_aeop_order_query", "{\"current_page\":1,\"page_size\":20,\"order_status\":\"WAIT_SELLER_SEND_GOODS\"}",
    "partner_id", "iop-sdk-python-20220609", "session", "test", "sign_method", "sha256",
    "simplify", "false", "timestamp", "1517820392000", NULL);
  g_autofree char *sign = rp_sb_sign ("helloworld", NULL, p);

  g_assert_cmpstr (sign, ==, "35CDE6DF321FA995CA45104FAFCEA9F0BEADF90026B861C9614CB7369DC6319B");

  /* `sign` itself and empty values are never signed. */
  g_hash_table_insert (p, g_strdup ("sign"), g_strdup (sign));
  g_hash_table_insert (p, g_strdup ("empty"), g_strdup (""));
  g_hash_table_insert (p, g_strdup ("blank"), g_strdup ("  "));
  g_clear_pointer (&sign, g_free);
  sign = rp_sb_sign ("helloworld", NULL, p);
  g_assert_cmpstr (sign, ==, "35CDE6DF321FA995CA45104FAFCEA9F0BEADF90026B861C9614CB7369DC6319B");
}

static void
test_vector_gop (void)
{
  g_autoptr(GHashTable) p = params_new ("app_key", "123456", "code", "3_123456_abc",
                                        "partner_id", "iop-sdk-java-20181207", "sign_method", "sha256",
                                        "timestamp", "1517820392000", NULL);
  g_autofree char *sign = rp_sb_sign ("helloworld", "/auth/token/create", p);
  g_autofree char *unprefixed = rp_sb_sign ("helloworld", NULL, p);

  g_assert_cmpstr (sign, ==, "94FD90FD787E526B90A1BD902D68BC5777F2B5562727CB30526F6826E342EA48");
  g_assert_cmpstr (unprefixed, !=, sign);
}

static void
test_timestamp (void)
{
  gint64 ms = 0;

  g_assert_true (rp_sb_parse_timestamp ("1517820392000", &ms));
  g_assert_cmpint (ms, ==, G_GINT64_CONSTANT (1517820392000));
  g_assert_true (rp_sb_parse_timestamp ("2017-11-11T12:00:00Z", &ms));
  g_assert_cmpint (ms, ==, G_GINT64_CONSTANT (1510401600000));
  g_assert_false (rp_sb_parse_timestamp ("", &ms));
  g_assert_false (rp_sb_parse_timestamp ("yesterday", &ms));
  g_assert_false (rp_sb_parse_timestamp (NULL, &ms));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rapport/sandbox/sign/doc-vector", test_vector_doc);
  g_test_add_func ("/rapport/sandbox/sign/sync-vector", test_vector_sync);
  g_test_add_func ("/rapport/sandbox/sign/gop-vector", test_vector_gop);
  g_test_add_func ("/rapport/sandbox/sign/timestamp", test_timestamp);

  return g_test_run ();
}
