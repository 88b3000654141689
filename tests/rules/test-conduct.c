/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib.h>

#include "rp-conduct.h"

typedef struct
{
  const char    *text;
  RpConductKind  kind;
  const char    *span;      /* the text the finding must cover, or NULL */
} MustWarn;

static const MustWarn must_warn[] = {
  { "Please confirm receipt now so we get paid.", RP_CONDUCT_CONFIRM_RECEIPT, "confirm receipt" },
  { "Could you click Confirm Order Received?", RP_CONDUCT_CONFIRM_RECEIPT, "Confirm Order Received" },
  { "Kindly confirm that you have received the parcel.", RP_CONDUCT_CONFIRM_RECEIPT, NULL },
  { "Merci de confirmer la réception de votre commande.", RP_CONDUCT_CONFIRM_RECEIPT, "confirmer la réception" },
  { "Por favor, confirme la recepción del pedido.", RP_CONDUCT_CONFIRM_RECEIPT, NULL },
  { "Por favor, confirme o recebimento do produto.", RP_CONDUCT_CONFIRM_RECEIPT, NULL },
  { "Bitte bestätigen Sie den Empfang der Ware.", RP_CONDUCT_CONFIRM_RECEIPT, NULL },
  { "Пожалуйста, подтвердите получение заказа.", RP_CONDUCT_CONFIRM_RECEIPT, "подтвердите получение" },
  { "Please close the dispute, we will send another one.", RP_CONDUCT_CLOSE_DISPUTE, "close the dispute" },
  { "Can you cancel your claim please?", RP_CONDUCT_CLOSE_DISPUTE, NULL },
  { "Pouvez-vous annuler le litige ?", RP_CONDUCT_CLOSE_DISPUTE, NULL },
  { "¿Puede cancelar la disputa?", RP_CONDUCT_CLOSE_DISPUTE, NULL },
  { "Pode fechar a disputa, por favor?", RP_CONDUCT_CLOSE_DISPUTE, NULL },
  { "Bitte schließen Sie den Streitfall.", RP_CONDUCT_CLOSE_DISPUTE, NULL },
  { "Пожалуйста, закройте спор.", RP_CONDUCT_CLOSE_DISPUTE, "закройте спор" },
  { "Please change your rating to 5 stars.", RP_CONDUCT_FEEDBACK, NULL },
  { "Could you remove the negative feedback?", RP_CONDUCT_FEEDBACK, NULL },
  { "Leave 5 star feedback and get a coupon!", RP_CONDUCT_FEEDBACK, NULL },
  { "We give a $2 discount for a positive review.", RP_CONDUCT_FEEDBACK, NULL },
  { "Pourriez-vous modifier votre avis ?", RP_CONDUCT_FEEDBACK, NULL },
  { "¿Podría cambiar su valoración?", RP_CONDUCT_FEEDBACK, NULL },
  { "Você pode alterar sua avaliação?", RP_CONDUCT_FEEDBACK, NULL },
  { "Könnten Sie Ihre Bewertung ändern?", RP_CONDUCT_FEEDBACK, NULL },
  { "Измените, пожалуйста, отзыв.", RP_CONDUCT_FEEDBACK, NULL },
  { "Write to me at shop.owner+ae@example.com", RP_CONDUCT_OFF_PLATFORM, "shop.owner+ae@example.com" },
  { "Add me on WhatsApp", RP_CONDUCT_OFF_PLATFORM, "WhatsApp" },
  { "my wechat is shop123", RP_CONDUCT_OFF_PLATFORM, "wechat" },
  { "Telegram: @shop", RP_CONDUCT_OFF_PLATFORM, "Telegram" },
  { "Call me: +86 138 0013 8000", RP_CONDUCT_OFF_PLATFORM, "+86 138 0013 8000" },
  { "my phone is 13800138000", RP_CONDUCT_OFF_PLATFORM, "13800138000" },
  { "+123456789012345", RP_CONDUCT_OFF_PLATFORM, "+123456789012345" },
  { "tel 1234567", RP_CONDUCT_OFF_PLATFORM, "1234567" },
  { "+1 23 4567", RP_CONDUCT_OFF_PLATFORM, "+1 23 4567" },
  { "Buy it cheaper at https://my-own-shop.example.net/item?id=3.", RP_CONDUCT_OFF_PLATFORM,
    "https://my-own-shop.example.net/item?id=3" },
  { "see www.myshop.com", RP_CONDUCT_OFF_PLATFORM, "www.myshop.com" },
  { "visit mystore.shop for more", RP_CONDUCT_OFF_PLATFORM, "mystore.shop" },
  { "Let's talk outside the platform.", RP_CONDUCT_OFF_PLATFORM, NULL },
  { "Напишите мне в телеграм", RP_CONDUCT_OFF_PLATFORM, "телеграм" },
  { "I can refund you via PayPal.", RP_CONDUCT_OUTSIDE_PAYMENT, "PayPal" },
  { "We will refund you directly.", RP_CONDUCT_OUTSIDE_PAYMENT, NULL },
  { "Send me your IBAN", RP_CONDUCT_OUTSIDE_PAYMENT, "IBAN" },
  { "Je peux faire un virement bancaire.", RP_CONDUCT_OUTSIDE_PAYMENT, NULL },
  { "Le devolvemos por transferencia bancaria.", RP_CONDUCT_OUTSIDE_PAYMENT, NULL },
  { "Podemos devolver via Pix.", RP_CONDUCT_OUTSIDE_PAYMENT, "Pix" },
  { "Wir schicken eine Überweisung.", RP_CONDUCT_OUTSIDE_PAYMENT, "Überweisung" },
  { "Переведём деньги на карту.", RP_CONDUCT_OUTSIDE_PAYMENT, NULL },
};

static const char * const must_not_warn[] = {
  "Please confirm your address.",
  "Please confirm the delivery address before we ship.",
  "Could you confirm your order details: colour and size?",
  "Merci de confirmer votre adresse de livraison.",
  "¿Puede confirmar su dirección de entrega?",
  "Pode confirmar o seu endereço de entrega?",
  "Bitte bestätigen Sie Ihre Lieferadresse.",
  "Пожалуйста, подтвердите адрес доставки.",
  "Your parcel can be tracked at https://global.cainiao.com/detail.htm?mailNoList=LP00123456789012 .",
  "Tracking: https://t.17track.net/en#nums=RR123456789CN",
  "See the status on www.aliexpress.com/p/order/index.html",
  "Your order 8123456789012345 was shipped with tracking number LP00123456789012.",
  "+1234567890123456",
  "tel 123456",
  "+1 23 456 sizes",
  "The objection window closes on 2026-11-30 18:00 (UTC+01:00).",
  "We are very sorry about the problem. We are looking into it and will reply within 24 hours.",
  "Please send us photos and a short video of the item, and a measurement against a ruler.",
  "Thank you for your feedback, it helps us improve.",
  "If you are not satisfied, we will refund you through AliExpress.",
  "Quite good feedback from other buyers on this size.",
  "We endeavour to resolve every dispute quickly.",
  "The refund goes back to your bank account through the platform.",
  "Please remove the phone case from the box before use.",
  "We can offer a partial refund in the dispute.",
  "Please accept our solution in the dispute.",
  "We will send a replacement for free.",
  "Thank you for the 5 star review!",
  "Tracking number RR123456789CN, see https://www.17track.net/en",
  "Size: 38-40 (EU), 24.5-25 cm, weight +0.5 kg, price 12.99 USD.",
  "If you have any questions, just write to us here.",
  "Votre colis est en route. Merci de votre patience.",
  "Ваша посылка в пути, номер отслеживания LP00123456789012.",
  "Wir senden Ihnen gern einen Ersatz.",
  "",
};

static gboolean
has_finding (GArray        *findings,
             const char    *text,
             RpConductKind  kind,
             const char    *span)
{
  for (guint i = 0; i < findings->len; i++)
    {
      const RpConductFinding *f = &g_array_index (findings, RpConductFinding, i);

      if (f->kind != kind)
        continue;
      if (span == NULL)
        return TRUE;
      if (f->end - f->start == strlen (span) && memcmp (text + f->start, span, f->end - f->start) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
test_must_warn (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (must_warn); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) findings = rp_conduct_check (must_warn[i].text, &error);

      g_assert_no_error (error);
      if (!has_finding (findings, must_warn[i].text, must_warn[i].kind, must_warn[i].span))
        g_error ("no %s finding of kind %d in “%s” (%u findings)",
                 must_warn[i].span ? must_warn[i].span : "", must_warn[i].kind,
                 must_warn[i].text, findings->len);
    }
}

static void
test_must_not_warn (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (must_not_warn); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) findings = rp_conduct_check (must_not_warn[i], &error);

      g_assert_no_error (error);
      if (findings->len > 0)
        {
          const RpConductFinding *f = &g_array_index (findings, RpConductFinding, 0);

          g_error ("“%s” warned (kind %d) on “%.*s”", must_not_warn[i], f->kind,
                   (int)(f->end - f->start), must_not_warn[i] + f->start);
        }
    }
}

static void
test_offsets (void)
{
  const char *text = "Здравствуйте! Пишите на почту: иван@example.ru или WhatsApp.";
  g_autoptr(GArray) findings = rp_conduct_check (text, NULL);
  const RpConductFinding *f;
  g_autofree char *by_chars = NULL;

  g_assert_cmpuint (findings->len, ==, 2);
  /* In text order, byte and character offsets both. */
  f = &g_array_index (findings, RpConductFinding, 0);
  g_assert_cmpint (f->kind, ==, RP_CONDUCT_OFF_PLATFORM);
  g_assert_cmpint (strncmp (text + f->start, "иван@example.ru", f->end - f->start), ==, 0);
  g_assert_cmpint (f->end - f->start, ==, strlen ("иван@example.ru"));
  g_assert_cmpint (f->start_char, ==, 31);
  g_assert_cmpint (f->end_char - f->start_char, ==, g_utf8_strlen ("иван@example.ru", -1));
  by_chars = g_utf8_substring (text, f->start_char, f->end_char);
  g_assert_cmpstr (by_chars, ==, "иван@example.ru");
  g_assert_nonnull (f->explanation);
  g_assert_cmpstr (f->explanation, ==, rp_conduct_explain (RP_CONDUCT_OFF_PLATFORM));

  f = &g_array_index (findings, RpConductFinding, 1);
  g_assert_cmpint (f->start, >, g_array_index (findings, RpConductFinding, 0).start);
}

static void
test_several (void)
{
  const char *text = "Please confirm receipt and leave 5 stars, then I send you a coupon. "
                     "Or write to me on Skype.";
  g_autoptr(GArray) findings = rp_conduct_check (text, NULL);

  g_assert_true (has_finding (findings, text, RP_CONDUCT_CONFIRM_RECEIPT, "confirm receipt"));
  g_assert_true (has_finding (findings, text, RP_CONDUCT_FEEDBACK, NULL));
  g_assert_true (has_finding (findings, text, RP_CONDUCT_OFF_PLATFORM, "Skype"));
  for (guint i = 1; i < findings->len; i++)
    g_assert_cmpuint (g_array_index (findings, RpConductFinding, i - 1).start, <=,
                      g_array_index (findings, RpConductFinding, i).start);
}

static void
test_invalid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) findings = rp_conduct_check ("confirm receipt \xc3\x28", &error);

  g_assert_null (findings);
  g_assert_error (error, RP_CONDUCT_ERROR, RP_CONDUCT_ERROR_INVALID_TEXT);
}

static void
test_tracking_hosts (void)
{
  g_assert_true (rp_conduct_is_tracking_host ("global.cainiao.com"));
  g_assert_true (rp_conduct_is_tracking_host ("T.17TRACK.NET"));
  g_assert_true (rp_conduct_is_tracking_host ("aliexpress.com."));
  g_assert_false (rp_conduct_is_tracking_host ("notaliexpress.com"));
  g_assert_false (rp_conduct_is_tracking_host ("aliexpress.com.evil.example"));
  g_assert_false (rp_conduct_is_tracking_host (""));
  g_assert_false (rp_conduct_is_tracking_host (NULL));

  {
    const char *text = "https://aliexpress.com@evil.example/x";
    g_autoptr(GArray) findings = rp_conduct_check (text, NULL);

    /* The host is what follows the @, not what precedes it. */
    g_assert_cmpuint (findings->len, >, 0);
  }
}

static void
test_big_text (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GArray) findings = NULL;
  gint64 start;

  for (guint i = 0; i < 2000; i++)
    g_string_append (text, "We are checking your parcel with the carrier and will write again. ");
  g_string_append (text, "Add me on Skype.");

  start = g_get_monotonic_time ();
  findings = rp_conduct_check (text->str, NULL);
  g_assert_cmpuint (findings->len, ==, 1);
  /* About 130 kB: far longer than any message, still quick. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rapport/rules/conduct/must-warn", test_must_warn);
  g_test_add_func ("/rapport/rules/conduct/must-not-warn", test_must_not_warn);
  g_test_add_func ("/rapport/rules/conduct/offsets", test_offsets);
  g_test_add_func ("/rapport/rules/conduct/several", test_several);
  g_test_add_func ("/rapport/rules/conduct/invalid-utf8", test_invalid);
  g_test_add_func ("/rapport/rules/conduct/tracking-hosts", test_tracking_hosts);
  g_test_add_func ("/rapport/rules/conduct/big-text", test_big_text);

  return g_test_run ();
}
