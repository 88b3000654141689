/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-outbox-payload"

#include "config.h"

#include "rp-outbox-payload.h"

static void
test_message_round_trip (void)
{
  g_autoptr(RpOutboxPayload) p = rp_outbox_payload_new ();
  g_autoptr(RpOutboxPayload) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  p->channel_id = g_strdup ("8000123");
  p->order_id = g_strdup ("8000123");
  p->buyer_login_id = g_strdup ("fr1234abcd");
  /* Quotes, markup, a NUL-free control character and non-Latin text survive as text. */
  p->text = g_strdup ("Bonjour \"Marie\" <b>merci</b>\t— 谢谢 \u202Eevil");
  p->deadline = G_GINT64_CONSTANT (1764000000000000);

  json = rp_outbox_payload_to_json (RP_OUTBOX_KIND_CONFIRMATION, p);
  back = rp_outbox_payload_parse (RP_OUTBOX_KIND_CONFIRMATION, json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->channel_id, ==, p->channel_id);
  g_assert_cmpstr (back->order_id, ==, p->order_id);
  g_assert_cmpstr (back->buyer_login_id, ==, p->buyer_login_id);
  g_assert_cmpstr (back->text, ==, p->text);
  g_assert_cmpint (back->deadline, ==, p->deadline);
  g_assert_cmpstr (rp_outbox_payload_target (RP_OUTBOX_KIND_CONFIRMATION, back), ==, "8000123");
}

static void
test_fulfill_and_solution (void)
{
  g_autoptr(RpOutboxPayload) p = rp_outbox_payload_new ();
  g_autoptr(RpOutboxPayload) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  p->fulfillment = rp_fulfillment_new ();
  p->fulfillment->order_id = g_strdup ("42");
  p->fulfillment->service_name = g_strdup ("CAINIAO_STANDARD");
  p->fulfillment->tracking_no = g_strdup ("LP0012345678CN");
  p->fulfillment->partial = TRUE;
  json = rp_outbox_payload_to_json (RP_OUTBOX_KIND_FULFILL, p);
  back = rp_outbox_payload_parse (RP_OUTBOX_KIND_FULFILL, json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->fulfillment->tracking_no, ==, "LP0012345678CN");
  g_assert_true (back->fulfillment->partial);
  g_assert_cmpstr (rp_outbox_payload_target (RP_OUTBOX_KIND_FULFILL, back), ==, "42");
  g_clear_pointer (&back, rp_outbox_payload_free);
  g_clear_pointer (&json, g_free);

  g_clear_pointer (&p->fulfillment, rp_fulfillment_free);
  p->solution = rp_solution_draft_new ();
  p->solution->issue_id = g_strdup ("9001");
  p->solution->add = TRUE;
  p->solution->solution_type = g_strdup ("refund");
  p->solution->refund.cents = 1250;
  g_strlcpy (p->solution->refund.currency, "USD", sizeof p->solution->refund.currency);
  json = rp_outbox_payload_to_json (RP_OUTBOX_KIND_SOLUTION_SAVE, p);
  back = rp_outbox_payload_parse (RP_OUTBOX_KIND_SOLUTION_SAVE, json, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->solution->refund.cents, ==, 1250);
  g_assert_cmpstr (back->solution->refund.currency, ==, "USD");
  g_assert_cmpstr (rp_outbox_payload_target (RP_OUTBOX_KIND_SOLUTION_SAVE, back), ==, "9001");
}

static void
test_rejects (void)
{
  static const struct {
    RpOutboxKind kind;
    const char *json;
  } cases[] = {
    { RP_OUTBOX_KIND_MESSAGE, "" },
    { RP_OUTBOX_KIND_MESSAGE, "not json" },
    { RP_OUTBOX_KIND_MESSAGE, "[1,2]" },
    { RP_OUTBOX_KIND_MESSAGE, "{\"channel_id\": \"1\"}" },
    { RP_OUTBOX_KIND_MESSAGE, "{\"text\": \"hello\"}" },
    { RP_OUTBOX_KIND_MESSAGE, "{\"channel_id\": 5, \"text\": \"hello\"}" },
    { RP_OUTBOX_KIND_FULFILL, "{\"order_id\": \"1\"}" },
    { RP_OUTBOX_KIND_SOLUTION_AGREE, "{\"issue_id\": \"1\"}" },
    { RP_OUTBOX_KIND_MARK_READ, "{}" },
    { RP_OUTBOX_KIND_MESSAGE, "{\"channel_id\": \"1\", \"text\": \"\xff\xfe\"}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RpOutboxPayload) p = rp_outbox_payload_parse (cases[i].kind, cases[i].json, &error);

      g_assert_null (p);
      g_assert_nonnull (error);
      g_assert_nonnull (error->message);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rapport/sync/outbox-payload/message-round-trip", test_message_round_trip);
  g_test_add_func ("/rapport/sync/outbox-payload/fulfill-and-solution", test_fulfill_and_solution);
  g_test_add_func ("/rapport/sync/outbox-payload/rejects", test_rejects);

  return g_test_run ();
}
