/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-dispute-reply"

#include "config.h"

#include <string.h>

#include "rp-dispute-reply.h"
#include "rp-template.h"

static RpDispute *
make_dispute (const char *issue_id,
              const char *reason)
{
  RpDispute *dispute = rp_dispute_new ();

  dispute->issue_id = g_strdup (issue_id);
  dispute->order_id = g_strdup ("3001");
  dispute->reason = g_strdup (reason);
  return dispute;
}

static RpOrder *
make_order (const char *country)
{
  RpOrder *order = rp_order_new ();

  order->order_id = g_strdup ("3001");
  order->buyer_name = g_strdup ("Ana <b>Silva</b>");
  order->buyer_country = g_strdup (country);
  return order;
}

static void
test_answered_round_trip (void)
{
  g_autoptr(RpDispute) dispute = make_dispute ("901", "Item not received");
  g_autoptr(RpDispute) other = make_dispute ("902", "Item not received");
  g_autofree char *value = rp_dispute_answered_format ("901", 1700000000000000);
  g_autofree char *issue_id = NULL;
  gint64 at = 0;

  g_assert_cmpstr (value, ==, "901 1700000000000000");
  g_assert_true (rp_dispute_answered_parse (value, &issue_id, &at, NULL));
  g_assert_cmpstr (issue_id, ==, "901");
  g_assert_cmpint (at, ==, 1700000000000000);

  at = 0;
  g_assert_true (rp_dispute_is_answered (dispute, value, &at));
  g_assert_cmpint (at, ==, 1700000000000000);
  /* A new dispute on the same order is not answered by the old record. */
  g_assert_false (rp_dispute_is_answered (other, value, NULL));
  g_assert_false (rp_dispute_is_answered (dispute, NULL, NULL));
}

static void
test_answered_bad_values (void)
{
  static const char * const bad[] = {
    "", "901", " 17", "901 ", "901 x", "901 -5", "9 0 1 5", "901 99999999999999999999",
    "\xff\xfe 12",
  };
  g_autoptr(RpDispute) dispute = make_dispute ("901", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (rp_dispute_answered_parse (bad[i], NULL, NULL, &error));
      g_assert_error (error, RP_DISPUTE_REPLY_ERROR, RP_DISPUTE_REPLY_ERROR_INVALID);
      g_assert_false (rp_dispute_is_answered (dispute, bad[i], NULL));
    }
}

static void
test_money (void)
{
  RpMoney money = { 1234, "USD" };
  RpMoney small = { 5, "EUR" };
  RpMoney negative = { -250, "USD" };
  g_autofree char *a = rp_dispute_format_money (&money);
  g_autofree char *b = rp_dispute_format_money (&small);
  g_autofree char *c = rp_dispute_format_money (&negative);

  g_assert_cmpstr (a, ==, "12.34 USD");
  g_assert_cmpstr (b, ==, "0.05 EUR");
  g_assert_cmpstr (c, ==, "-2.50 USD");
}

static void
test_parse_amount (void)
{
  static const struct { const char *text; gint64 cents; } good[] = {
    { "12.34", 1234 }, { "12,3", 1230 }, { " 7 ", 700 }, { ".5", 50 }, { "0.01", 1 },
  };
  static const char * const bad[] = {
    "", "abc", "12.345", "1e3", "-3", "12.3.4", "12345678901", "\xc3\x28",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      gint64 cents = -1;

      g_assert_true (rp_dispute_parse_amount (good[i].text, &cents, NULL));
      g_assert_cmpint (cents, ==, good[i].cents);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 cents = -1;

      g_assert_false (rp_dispute_parse_amount (bad[i], &cents, &error));
      g_assert_error (error, RP_DISPUTE_REPLY_ERROR, RP_DISPUTE_REPLY_ERROR_INVALID);
      g_assert_cmpint (cents, ==, -1);
    }
}

static void
test_refund_cap (void)
{
  RpMoney cap = { 2000, "USD" };
  RpMoney at_cap = { 2000, "USD" };
  RpMoney over = { 2001, "USD" };
  RpMoney zero = { 0, "USD" };
  RpMoney euros = { 100, "EUR" };
  g_autoptr(GError) error = NULL;

  g_assert_true (rp_dispute_check_refund (&at_cap, &cap, NULL));

  g_assert_false (rp_dispute_check_refund (&over, &cap, &error));
  g_assert_error (error, RP_DISPUTE_REPLY_ERROR, RP_DISPUTE_REPLY_ERROR_OVER_CAP);
  g_assert_nonnull (strstr (error->message, "20.00 USD"));
  g_clear_error (&error);

  g_assert_false (rp_dispute_check_refund (&zero, &cap, &error));
  g_assert_error (error, RP_DISPUTE_REPLY_ERROR, RP_DISPUTE_REPLY_ERROR_NOT_POSITIVE);
  g_clear_error (&error);

  g_assert_false (rp_dispute_check_refund (&euros, &cap, &error));
  g_assert_error (error, RP_DISPUTE_REPLY_ERROR, RP_DISPUTE_REPLY_ERROR_CURRENCY);
}

static void
test_buyer_language (void)
{
  g_autofree char *br = rp_dispute_buyer_language ("BR");
  g_autofree char *de = rp_dispute_buyer_language ("de");
  g_autofree char *unknown = rp_dispute_buyer_language ("ZZ");
  g_autofree char *none = rp_dispute_buyer_language (NULL);

  g_assert_cmpstr (br, ==, "pt");
  g_assert_cmpstr (de, ==, "de");
  g_assert_cmpstr (unknown, ==, "en");
  g_assert_cmpstr (none, ==, "en");

  /* Every template language has its own name. */
  for (const char * const *l = rp_template_languages (); *l != NULL; l++)
    g_assert_cmpstr (rp_dispute_language_name (*l), !=, *l);
  g_assert_cmpstr (rp_dispute_language_name ("pl"), ==, "Polski");
  g_assert_cmpstr (rp_dispute_language_name ("xx"), ==, "xx");
}

/* The playbook follows the reason and the buyer's language, fills what it knows as plain
 * text and leaves the missing tracking number as a visible gap. */
static void
test_playbook_languages (void)
{
  static const struct { const char *country; const char *reason; const char *expect; } cases[] = {
    { "US", "Item not received", "not reached you yet" },
    { "DE", "Item not received", "noch nicht bei Ihnen" },
    { "BR", "Item not received", "ainda não tenha chegado" },
    { "US", "Item damaged", "arrived damaged" },
    { "US", "Wrong item", "wrong item" },
    { "US", "Quality problem", "quality" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RpDispute) dispute = make_dispute ("901", cases[i].reason);
      g_autoptr(RpOrder) order = make_order (cases[i].country);
      g_autofree char *language = rp_dispute_buyer_language (order->buyer_country);
      g_autoptr(GError) error = NULL;
      g_autofree char *text = rp_dispute_playbook_render (dispute, order, NULL, language, &error);

      g_assert_no_error (error);
      g_assert_nonnull (strstr (text, cases[i].expect));
      g_assert_nonnull (strstr (text, "3001"));
      g_assert_nonnull (strstr (text, "Ana <b>Silva</b>"));
      g_assert_null (strchr (text, '{'));
    }
}

static void
test_playbook_with_shipment (void)
{
  g_autoptr(RpDispute) dispute = make_dispute ("901", "Item not received");
  g_autoptr(RpOrder) order = make_order ("US");
  g_autoptr(RpShipment) shipment = rp_shipment_new ();
  g_autofree char *without = NULL;
  g_autofree char *with = NULL;

  shipment->order_id = g_strdup ("3001");
  shipment->tracking_no = g_strdup ("LP00123456789CN");

  without = rp_dispute_playbook_render (dispute, order, NULL, "en", NULL);
  with = rp_dispute_playbook_render (dispute, order, shipment, "en", NULL);
  g_assert_null (strstr (without, "LP00123456789CN"));
  g_assert_nonnull (strstr (without, rp_template_gap_marker ("tracking_no")));
  g_assert_nonnull (strstr (with, "LP00123456789CN"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rapport/rules/dispute-reply/answered", test_answered_round_trip);
  g_test_add_func ("/rapport/rules/dispute-reply/answered-bad", test_answered_bad_values);
  g_test_add_func ("/rapport/rules/dispute-reply/money", test_money);
  g_test_add_func ("/rapport/rules/dispute-reply/parse-amount", test_parse_amount);
  g_test_add_func ("/rapport/rules/dispute-reply/refund-cap", test_refund_cap);
  g_test_add_func ("/rapport/rules/dispute-reply/language", test_buyer_language);
  g_test_add_func ("/rapport/rules/dispute-reply/playbook-languages", test_playbook_languages);
  g_test_add_func ("/rapport/rules/dispute-reply/playbook-shipment", test_playbook_with_shipment);

  return g_test_run ();
}
