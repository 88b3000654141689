/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-orders-format"

#include "config.h"

#include <glib.h>

#include "rp-logistics-services.h"
#include "rp-order-format.h"
#include "rp-order-ship-dialog.h"

/* The texts the Orders page makes from cached data, and what it does with hostile data. */

static void
test_money (void)
{
  RpMoney money = { 1999, "USD" };
  g_autofree char *a = rp_order_format_money (&money);
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;

  g_assert_cmpstr (a, ==, "19.99 USD");

  money.cents = 5;
  b = rp_order_format_money (&money);
  g_assert_cmpstr (b, ==, "0.05 USD");

  money.cents = -250;
  c = rp_order_format_money (&money);
  g_assert_cmpstr (c, ==, "−2.50 USD");

  /* The most negative amount has no positive twin: it must still print right. */
  money.cents = G_MININT64;
  d = rp_order_format_money (&money);
  g_assert_cmpstr (d, ==, "−92233720368547758.08 USD");
}

static void
test_time_left (void)
{
  gint64 now = G_GINT64_CONSTANT (1764000000000000);
  g_autofree char *none = rp_order_format_time_left (0, now);
  g_autofree char *overdue = rp_order_format_time_left (now - 1, now);
  g_autofree char *days = rp_order_format_time_left (now + 3 * G_TIME_SPAN_DAY + 4 * G_TIME_SPAN_HOUR + 59 * G_TIME_SPAN_MINUTE, now);
  g_autofree char *hours = rp_order_format_time_left (now + 5 * G_TIME_SPAN_HOUR + 12 * G_TIME_SPAN_MINUTE, now);
  g_autofree char *seconds = rp_order_format_time_left (now + 30 * G_USEC_PER_SEC, now);

  g_assert_cmpstr (none, ==, "");
  g_assert_cmpstr (overdue, ==, "Overdue");
  /* Rounded down: never more time than there is. */
  g_assert_cmpstr (days, ==, "3 d 4 h");
  g_assert_cmpstr (hours, ==, "5 h 12 min");
  g_assert_cmpstr (seconds, ==, "1 min");
}

static void
test_plain (void)
{
  g_autofree char *bidi = rp_order_format_plain ("abc\xe2\x80\xae" "cba\xe2\x81\xa6x");
  g_autofree char *controls = rp_order_format_plain ("a\x01" "b\nc\td\x7f");
  g_autofree char *invalid = rp_order_format_plain ("ok\xff\xfe" "end");
  g_autofree char *markup = rp_order_format_plain ("<b>bold</b> &amp;");
  g_autofree char *empty = rp_order_format_plain (NULL);

  /* U+202E and U+2066 would reorder what follows: shown as U+FFFD instead. */
  g_assert_cmpstr (bidi, ==, "abc\xef\xbf\xbd" "cba\xef\xbf\xbdx");
  /* Newlines and tabs stay, other controls do not. */
  g_assert_cmpstr (controls, ==, "a\xef\xbf\xbd" "b\nc\td\xef\xbf\xbd");
  g_assert_cmpstr (invalid, ==, "ok\xef\xbf\xbd\xef\xbf\xbd" "end");
  g_assert_true (g_utf8_validate (invalid, -1, NULL));
  /* Markup is text: labels show it as typed. */
  g_assert_cmpstr (markup, ==, "<b>bold</b> &amp;");
  g_assert_cmpstr (empty, ==, "");
}

static void
test_status_texts (void)
{
  g_assert_cmpstr (rp_order_format_status (RP_ORDER_STATUS_TO_SHIP), ==, "To ship");
  g_assert_cmpstr (rp_order_format_status ((RpOrderStatus)999), ==, "Unknown");
  g_assert_cmpstr (rp_order_format_confirmation (RP_CONFIRMATION_NEEDS_REVIEW), ==, "Buyer replied");
  g_assert_cmpstr (rp_order_format_confirmation (RP_CONFIRMATION_READY_TO_SHIP), ==, "Ready to ship");
}

static void
test_buyer (void)
{
  g_autoptr(RpOrder) order = rp_order_new ();
  g_autofree char *with_flag = NULL;
  g_autofree char *login_only = NULL;

  order->buyer_name = g_strdup ("Zoë\xe2\x80\xae");
  order->buyer_login_id = g_strdup ("fr123");
  order->buyer_country = g_strdup ("FR");
  with_flag = rp_order_format_buyer (order);
  g_assert_cmpstr (with_flag, ==, "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7 Zoë\xef\xbf\xbd");

  g_clear_pointer (&order->buyer_name, g_free);
  g_clear_pointer (&order->buyer_country, g_free);
  order->buyer_country = g_strdup ("not a country");
  login_only = rp_order_format_buyer (order);
  g_assert_cmpstr (login_only, ==, "fr123");
}

static void
test_tracking (void)
{
  g_autofree char *spaced = rp_order_ship_dialog_normalize_tracking (" lp 0001 2345 6789 01 ");
  g_autofree char *long_one = g_strnfill (65, '1');
  g_autofree char *longest = g_strnfill (64, '1');
  g_autofree char *kept = rp_order_ship_dialog_normalize_tracking (longest);
  g_autofree char *cut = rp_order_ship_dialog_normalize_tracking (long_one);

  g_assert_cmpstr (spaced, ==, "LP0001234567890" "1");
  g_assert_cmpstr (kept, ==, longest);
  g_assert_null (cut);
  g_assert_null (rp_order_ship_dialog_normalize_tracking (""));
  g_assert_null (rp_order_ship_dialog_normalize_tracking ("   "));
  g_assert_null (rp_order_ship_dialog_normalize_tracking ("LP123<script>"));
  g_assert_null (rp_order_ship_dialog_normalize_tracking ("LP\xc3\xa9" "123"));
  g_assert_null (rp_order_ship_dialog_normalize_tracking (NULL));
}

static void
test_items (void)
{
  guint n = 99;
  g_autofree char *none = rp_order_format_items (NULL, &n, NULL);
  g_autofree char *empty = rp_order_format_items ("\n \n", NULL, NULL);
  g_autofree char *one_all = NULL;
  g_autofree char *one = NULL;
  g_autofree char *three_all = NULL;
  g_autofree char *three = NULL;
  g_autofree char *hostile = NULL;
  g_autofree char *more_0 = rp_order_format_items_more (0);
  g_autofree char *more_1 = rp_order_format_items_more (1);
  g_autofree char *more_2 = rp_order_format_items_more (2);

  g_assert_cmpstr (none, ==, "");
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpstr (empty, ==, "");

  one = rp_order_format_items ("Linen shirt", &n, &one_all);
  g_assert_cmpstr (one, ==, "Linen shirt");
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpstr (one_all, ==, "Linen shirt");

  three = rp_order_format_items ("Linen shirt\nBelt\n\nSocks", &n, &three_all);
  g_assert_cmpstr (three, ==, "Linen shirt");
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpstr (three_all, ==, "Linen shirt\nBelt\nSocks");

  /* Markup stays text; a bidi override and a broken byte are shown harmlessly. */
  hostile = rp_order_format_items ("<b>Mug</b>\xe2\x80\xae\xff\nCup", &n, NULL);
  g_assert_cmpstr (hostile, ==, "<b>Mug</b>\xef\xbf\xbd\xef\xbf\xbd");
  g_assert_cmpuint (n, ==, 1);

  g_assert_cmpstr (more_0, ==, "");
  g_assert_cmpstr (more_1, ==, "+1 more");
  g_assert_cmpstr (more_2, ==, "+2 more");
}

static void
test_services_cache (void)
{
  g_autoptr(GPtrArray) services = g_ptr_array_new_with_free_func ((GDestroyNotify)rp_logistics_service_free);
  RpLogisticsService *service = rp_logistics_service_new ();
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GString) long_text = g_string_new ("{\"fetched_at\":1,\"services\":[{\"service_name\":\"");
  gint64 fetched_at = 0;
  const char *hostile[] = {
    "",
    "[]",
    "{\"fetched_at\":1}",
    "{\"fetched_at\":\"1\",\"services\":[]}",
    "{\"fetched_at\":1.5,\"services\":[]}",
    "{\"fetched_at\":1,\"services\":{}}",
    "{\"fetched_at\":1,\"services\":[1]}",
    "{\"fetched_at\":1,\"services\":[{}]}",
    "{\"fetched_at\":1,\"services\":[{\"service_name\":\"\"}]}",
    "{\"fetched_at\":1,\"services\":[{\"service_name\":7}]}",
    "{\"fetched_at\":1,\"services\":[{\"service_name\":\"EMS\",\"display_name\":[]}]}",
    "{\"fetched_at\":1,\"services\":[{\"service_name\":\"EMS\"",
  };

  service->service_name = g_strdup ("CAINIAO_STANDARD");
  service->display_name = g_strdup ("AliExpress Standard Shipping");
  service->tracking_no_regex = g_strdup ("^LP[0-9]{14}$");
  service->recommend_order = 1;
  g_ptr_array_add (services, service);

  json = rp_logistics_services_to_json (services, 1764000000000000);
  back = rp_logistics_services_from_json (json, &fetched_at, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fetched_at, ==, 1764000000000000);
  g_assert_cmpuint (back->len, ==, 1);
  service = g_ptr_array_index (back, 0);
  g_assert_cmpstr (service->service_name, ==, "CAINIAO_STANDARD");
  g_assert_cmpstr (service->display_name, ==, "AliExpress Standard Shipping");
  g_assert_cmpstr (service->tracking_no_regex, ==, "^LP[0-9]{14}$");
  g_assert_null (service->company);
  g_assert_cmpuint (service->recommend_order, ==, 1);

  /* A damaged cache is an error (and asked again), never a crash or half a list. */
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr(GError) e = NULL;
      g_autoptr(GPtrArray) none = rp_logistics_services_from_json (hostile[i], &fetched_at, &e);

      g_assert_null (none);
      g_assert_nonnull (e);
    }

  while (long_text->len < 4096)
    g_string_append (long_text, "AAAAAAAA");
  g_string_append (long_text, "\"}]}");
  {
    g_autoptr(GError) e = NULL;
    g_autoptr(GPtrArray) none = rp_logistics_services_from_json (long_text->str, &fetched_at, &e);

    g_assert_null (none);
    g_assert_error (e, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rapport/ui/orders/format/money", test_money);
  g_test_add_func ("/rapport/ui/orders/format/time-left", test_time_left);
  g_test_add_func ("/rapport/ui/orders/format/plain-text", test_plain);
  g_test_add_func ("/rapport/ui/orders/format/status", test_status_texts);
  g_test_add_func ("/rapport/ui/orders/format/buyer", test_buyer);
  g_test_add_func ("/rapport/ui/orders/format/tracking-number", test_tracking);
  g_test_add_func ("/rapport/ui/orders/format/items", test_items);
  g_test_add_func ("/rapport/ui/orders/format/logistics-services-cache", test_services_cache);

  return g_test_run ();
}
