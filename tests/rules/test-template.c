/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib.h>

#include "rp-conduct.h"
#include "rp-template.h"
#include "rp-template-texts.h"

#define HOUR G_TIME_SPAN_HOUR
#define DAY  G_TIME_SPAN_DAY

static GHashTable *
values_of (const char *first_key,
           ...)
{
  GHashTable *values = rp_template_values_new ();
  va_list args;

  va_start (args, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    g_hash_table_replace (values, g_strdup (key), g_strdup (va_arg (args, const char *)));
  va_end (args);

  return values;
}

static char *
render_ok (const char *tmpl,
           GHashTable *values)
{
  g_autoptr(GError) error = NULL;
  char *text = rp_template_render (tmpl, values, &error);

  g_assert_no_error (error);
  g_assert_nonnull (text);
  return text;
}

static void
test_render_basic (void)
{
  g_autoptr(GHashTable) values = values_of ("buyer_name", "Ana", "order_id", "8001", NULL);
  g_autofree char *text = render_ok ("Hi {buyer_name}, order {order_id}.", values);

  g_assert_cmpstr (text, ==, "Hi Ana, order 8001.");
}

static void
test_render_braces (void)
{
  g_autoptr(GHashTable) values = values_of ("order_id", "8001", NULL);
  g_autofree char *text = render_ok ("{{order_id}} is {order_id}; a }} and a } stay.", values);

  g_assert_cmpstr (text, ==, "{order_id} is 8001; a } and a } stay.");
}

static void
test_render_gaps (void)
{
  g_autoptr(GHashTable) values = values_of ("buyer_name", "   ", NULL);
  g_autofree char *text = render_ok ("{buyer_name}|{address}|{tracking_no}", values);
  g_autofree char *expected = g_strdup_printf ("%s|%s|%s",
                                               rp_template_gap_marker ("buyer_name"),
                                               rp_template_gap_marker ("address"),
                                               rp_template_gap_marker ("tracking_no"));

  g_assert_cmpstr (text, ==, expected);
  g_assert_null (strstr (text, "{"));
  g_assert_cmpstr (rp_template_gap_marker ("address"), ==, "[address missing]");

  /* Without any values at all, too. */
  g_free (text);
  text = render_ok ("{note}", NULL);
  g_assert_cmpstr (text, ==, "[note missing]");

  /* Every placeholder has its own marker. */
  for (const char * const *p = rp_template_placeholders (); *p != NULL; p++)
    g_assert_cmpstr (rp_template_gap_marker (*p), !=, rp_template_gap_marker ("no such key"));
}

static void
test_buyer_text_is_plain (void)
{
  g_autoptr(GHashTable) values = values_of ("buyer_name", "{order_id} <b>Bob</b> {{x}} %s\x01\x1b[31m",
                                            "order_id", "8001",
                                            "note", "line one\r\nline two\rthree",
                                            NULL);
  g_autofree char *text = render_ok ("{buyer_name}/{note}", values);

  /* Not expanded, not interpreted, control characters dropped. */
  g_assert_cmpstr (text, ==, "{order_id} <b>Bob</b> {{x}} %s[31m/line one\nline two\nthree");
}

static void
test_check (void)
{
  g_auto(GStrv) unknown = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (rp_template_check ("Hello {buyer_name} {{literal}}", &unknown, &error));
  g_assert_no_error (error);
  g_assert_nonnull (unknown);
  g_assert_cmpuint (g_strv_length (unknown), ==, 0);
  g_clear_pointer (&unknown, g_strfreev);

  g_assert_false (rp_template_check ("{buyer} {order_id} {nme} {buyer}", &unknown, &error));
  g_assert_error (error, RP_TEMPLATE_ERROR, RP_TEMPLATE_ERROR_UNKNOWN_PLACEHOLDER);
  g_assert_cmpuint (g_strv_length (unknown), ==, 2);
  g_assert_cmpstr (unknown[0], ==, "buyer");
  g_assert_cmpstr (unknown[1], ==, "nme");
  g_assert_nonnull (strstr (error->message, "{buyer}, {nme}"));
  g_clear_error (&error);

  {
    g_autoptr(GHashTable) values = values_of ("buyer", "x", NULL);

    g_assert_null (rp_template_render ("Hi {buyer}", values, &error));
    g_assert_error (error, RP_TEMPLATE_ERROR, RP_TEMPLATE_ERROR_UNKNOWN_PLACEHOLDER);
    g_clear_error (&error);
  }

  {
    const char *bad[] = { "Hi {", "Hi { buyer_name}", "Hi {Buyer_Name}", "Hi {buyer_name",
                          "{}", "é {-}" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_assert_false (rp_template_check (bad[i], NULL, &error));
        g_assert_error (error, RP_TEMPLATE_ERROR, RP_TEMPLATE_ERROR_SYNTAX);
        g_clear_error (&error);
        g_assert_null (rp_template_render (bad[i], NULL, &error));
        g_assert_error (error, RP_TEMPLATE_ERROR, RP_TEMPLATE_ERROR_SYNTAX);
        g_clear_error (&error);
      }
  }
}

static void
test_invalid_input (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) values = values_of ("buyer_name", "Bob\xff", NULL);
  g_autoptr(GHashTable) huge = rp_template_values_new ();
  char *big = g_malloc (RP_TEMPLATE_MAX_VALUE + 2);

  g_assert_false (rp_template_check ("Hi \xc3\x28 {buyer_name}", NULL, &error));
  g_assert_error (error, RP_TEMPLATE_ERROR, RP_TEMPLATE_ERROR_INVALID_TEXT);
  g_clear_error (&error);

  g_assert_null (rp_template_render ("Hi {buyer_name}", values, &error));
  g_assert_error (error, RP_TEMPLATE_ERROR, RP_TEMPLATE_ERROR_INVALID_TEXT);
  g_assert_nonnull (strstr (error->message, "{buyer_name}"));
  g_clear_error (&error);

  memset (big, 'a', RP_TEMPLATE_MAX_VALUE + 1);
  big[RP_TEMPLATE_MAX_VALUE + 1] = '\0';
  g_hash_table_replace (huge, g_strdup ("note"), big);
  g_assert_null (rp_template_render ("{note}", huge, &error));
  g_assert_error (error, RP_TEMPLATE_ERROR, RP_TEMPLATE_ERROR_INVALID_TEXT);
  g_clear_error (&error);

  /* Exactly at the limit is fine. */
  big[RP_TEMPLATE_MAX_VALUE] = '\0';
  {
    g_autofree char *text = render_ok ("{note}", huge);

    g_assert_cmpuint (strlen (text), ==, RP_TEMPLATE_MAX_VALUE);
  }
}

static RpAddress
make_address (const char *country)
{
  RpAddress a = { 0 };

  a.contact_person = (char *)"Kim Lee";
  a.country = (char *)country;
  a.province = (char *)"Province";
  a.city = (char *)"City";
  a.address = (char *)"1 Main Street";
  a.address2 = (char *)"Apt 2";
  a.detail_address = (char *)"1 Main Street";
  a.zip = (char *)"12345";
  return a;
}

static void
test_address_formats (void)
{
  struct { const char *country; const char *expected; } cases[] = {
    { "US", "Kim Lee\n1 Main Street\nApt 2\nCity, Province 12345\nUS" },
    { "GB", "Kim Lee\n1 Main Street\nApt 2\nCity\nProvince\n12345\nGB" },
    { "DE", "Kim Lee\n1 Main Street\nApt 2\n12345 City\nProvince\nDE" },
    { "fr", "Kim Lee\n1 Main Street\nApt 2\n12345 City\nProvince\nFR" },
    { "JP", "〒12345\nProvince City\n1 Main Street\nApt 2\nKim Lee\nJP" },
    { "KR", "12345\nProvince City\n1 Main Street\nApt 2\nKim Lee\nKR" },
    { "BR", "Kim Lee\n1 Main Street\nApt 2\nCity - Province\n12345\nBR" },
    { "RU", "Kim Lee\n1 Main Street\nApt 2\nCity\nProvince\n12345\nRU" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      RpAddress a = make_address (cases[i].country);
      g_autofree char *text = rp_template_format_address (&a, NULL);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }

  /* The buyer's country when the address lacks one; missing parts leave no blank lines. */
  {
    RpAddress a = { 0 };
    g_autofree char *text = NULL;

    a.contact_person = (char *)"  Jean  ";
    a.city = (char *)"Lyon";
    a.address = (char *)"3 rue X";
    text = rp_template_format_address (&a, "fr");
    g_assert_cmpstr (text, ==, "Jean\n3 rue X\nLyon\nFR");
  }

  /* A name alone is no address. */
  {
    RpAddress a = { 0 };

    a.contact_person = (char *)"Jean";
    a.country = (char *)"FR";
    g_assert_null (rp_template_format_address (&a, NULL));
  }
}

static void
test_format_items (void)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify)rp_order_item_free);
  RpOrderItem *item = rp_order_item_new ();
  g_autofree char *text = NULL;

  g_assert_null (rp_template_format_items (NULL));
  g_assert_null (rp_template_format_items (items));

  item->title = g_strdup ("  Mug  ");
  item->variant = g_strdup ("   ");
  item->quantity = 3;
  g_ptr_array_add (items, item);
  g_ptr_array_add (items, NULL);
  item = rp_order_item_new ();
  item->variant = g_strdup ("Red");
  item->quantity = 1;
  g_ptr_array_add (items, item);

  text = rp_template_format_items (items);
  g_assert_cmpstr (text, ==, "- Mug × 3\n- [item name missing] (Red) × 1");
}

static RpOrder *
make_order (void)
{
  RpOrder *order = rp_order_new ();
  RpOrderItem *item = rp_order_item_new ();

  order->order_id = g_strdup ("8123456789012345");
  order->buyer_name = g_strdup ("Élodie");
  order->buyer_country = g_strdup ("FR");
  order->address.contact_person = g_strdup ("Élodie Martin");
  order->address.address = g_strdup ("12 rue des Lilas");
  order->address.city = g_strdup ("Lyon");
  order->address.zip = g_strdup ("69003");
  order->address.country = g_strdup ("FR");

  item->title = g_strdup ("Linen shirt");
  item->variant = g_strdup ("Color: Blue; Size: M");
  item->quantity = 2;
  g_ptr_array_add (order->items, item);

  item = rp_order_item_new ();
  item->title = g_strdup ("Belt");
  item->quantity = 1;
  item->memo = g_strdup ("gift wrap please");
  g_ptr_array_add (order->items, item);

  return order;
}

static void
test_values_from_order (void)
{
  g_autoptr(RpOrder) order = make_order ();
  g_autoptr(GHashTable) values = rp_template_values_new ();
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GDateTime) end = g_date_time_new_utc (2026, 11, 30, 17, 0, 0);
  g_autofree char *text = NULL;

  g_assert_nonnull (paris);
  rp_template_values_add_order (values, order, 24 * HOUR, g_date_time_to_unix (end) * G_USEC_PER_SEC, paris);

  g_assert_cmpstr (g_hash_table_lookup (values, "buyer_name"), ==, "Élodie");
  g_assert_cmpstr (g_hash_table_lookup (values, "order_id"), ==, "8123456789012345");
  g_assert_cmpstr (g_hash_table_lookup (values, "items"), ==,
                   "- Linen shirt (Color: Blue; Size: M) × 2\n- Belt × 1");
  g_assert_cmpstr (g_hash_table_lookup (values, "address"), ==,
                   "Élodie Martin\n12 rue des Lilas\n69003 Lyon\nFR");
  g_assert_cmpstr (g_hash_table_lookup (values, "note"), ==, "Belt: gift wrap please");
  g_assert_cmpstr (g_hash_table_lookup (values, "window_hours"), ==, "24");
  g_assert_cmpstr (g_hash_table_lookup (values, "window_end_local"), ==, "2026-11-30 18:00 (UTC+01:00)");

  text = render_ok (rp_template_lookup (RP_TEMPLATE_ORDER_CONFIRMATION, "fr_FR.UTF-8"), values);
  g_assert_nonnull (strstr (text, "Bonjour Élodie,"));
  g_assert_nonnull (strstr (text, "- Belt × 1"));
  /* The window in words comes from the caller, who knows the template's language. */
  g_assert_nonnull (strstr (text, "dans un délai de [objection window missing] (jusqu'au 2026-11-30 18:00 (UTC+01:00))"));
  g_free (text);
  g_hash_table_insert (values, g_strdup ("window_duration"), g_strdup ("24 heures"));
  text = render_ok (rp_template_lookup (RP_TEMPLATE_ORDER_CONFIRMATION, "fr_FR.UTF-8"), values);
  g_assert_nonnull (strstr (text, "dans un délai de 24 heures (jusqu'au 2026-11-30 18:00 (UTC+01:00))"));
  g_assert_null (strstr (text, "missing]"));

  /* Order-level note first, and no note at all is a dash, not a gap. */
  order->memo = g_strdup ("Please double-check the size");
  rp_template_values_add_order (values, order, 0, 0, NULL);
  g_assert_cmpstr (g_hash_table_lookup (values, "note"), ==,
                   "Please double-check the size\nBelt: gift wrap please");
  {
    g_autoptr(RpOrder) plain = rp_order_new ();
    g_autoptr(GHashTable) v = rp_template_values_new ();
    g_autofree char *rendered = NULL;

    rp_template_values_add_order (v, plain, 0, 0, NULL);
    g_assert_cmpstr (g_hash_table_lookup (v, "note"), ==, "—");
    g_assert_null (g_hash_table_lookup (v, "window_hours"));
    rendered = render_ok (rp_template_lookup (RP_TEMPLATE_ORDER_CONFIRMATION, "en"), v);
    g_assert_nonnull (strstr (rendered, "[address missing]"));
    g_assert_nonnull (strstr (rendered, "[items missing]"));
    g_assert_nonnull (strstr (rendered, "[objection window missing]"));
  }
}

static void
test_values_from_shipment (void)
{
  g_autoptr(RpShipment) s = rp_shipment_new ();
  g_autoptr(GHashTable) values = rp_template_values_new ();
  RpTrackingEvent *event = rp_tracking_event_new ();
  gint64 t = (gint64)1795000000 * G_USEC_PER_SEC;

  s->tracking_no = g_strdup ("LP00123456789012");
  s->service_name = g_strdup ("Cainiao Standard");
  s->shipped_at = t;
  rp_template_values_add_shipment (values, s, t + 3 * DAY + HOUR);
  g_assert_cmpstr (g_hash_table_lookup (values, "days_since_event"), ==, "3");

  event->at = t + DAY;
  g_ptr_array_add (s->events, event);
  rp_template_values_add_shipment (values, s, t + 8 * DAY);
  g_assert_cmpstr (g_hash_table_lookup (values, "tracking_no"), ==, "LP00123456789012");
  g_assert_cmpstr (g_hash_table_lookup (values, "carrier"), ==, "Cainiao Standard");
  g_assert_cmpstr (g_hash_table_lookup (values, "days_since_event"), ==, "7");
}

static void
test_lookup (void)
{
  const char *en = rp_template_lookup (RP_TEMPLATE_DISPUTE_DAMAGED, "en");

  g_assert_nonnull (en);
  g_assert_true (g_str_has_prefix (en, "Hello {buyer_name},"));
  g_assert_true (g_str_has_prefix (rp_template_lookup (RP_TEMPLATE_DISPUTE_DAMAGED, "de-AT"), "Hallo"));
  g_assert_true (g_str_has_prefix (rp_template_lookup (RP_TEMPLATE_DISPUTE_DAMAGED, "PT_br"), "Olá"));
  g_assert_true (g_str_has_prefix (rp_template_lookup (RP_TEMPLATE_DISPUTE_DAMAGED, "iw_IL"), "שלום"));
  /* Anything else falls back to English. */
  g_assert_true (rp_template_lookup (RP_TEMPLATE_DISPUTE_DAMAGED, "zh_CN") == en);
  g_assert_true (rp_template_lookup (RP_TEMPLATE_DISPUTE_DAMAGED, "") == en);
  g_assert_true (rp_template_lookup (RP_TEMPLATE_DISPUTE_DAMAGED, NULL) == en);
  g_assert_true (rp_template_lookup (RP_TEMPLATE_DISPUTE_DAMAGED, "english") == en);

  g_assert_cmpint (rp_template_kind_for_dispute ("Item not received"), ==, RP_TEMPLATE_DISPUTE_NOT_RECEIVED);
  g_assert_cmpint (rp_template_kind_for_dispute ("Package didn't arrive"), ==, RP_TEMPLATE_DISPUTE_NOT_RECEIVED);
  g_assert_cmpint (rp_template_kind_for_dispute ("Product is damaged"), ==, RP_TEMPLATE_DISPUTE_DAMAGED);
  g_assert_cmpint (rp_template_kind_for_dispute ("Received the wrong item"), ==, RP_TEMPLATE_DISPUTE_WRONG_ITEM);
  g_assert_cmpint (rp_template_kind_for_dispute ("Quality problem"), ==, RP_TEMPLATE_DISPUTE_QUALITY);
  g_assert_cmpint (rp_template_kind_for_dispute ("Size not as described"), ==, RP_TEMPLATE_DISPUTE_NOT_AS_DESCRIBED);
  g_assert_cmpint (rp_template_kind_for_dispute (NULL), ==, RP_TEMPLATE_DISPUTE_NOT_AS_DESCRIBED);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static GPtrArray *
placeholders_of (const char *tmpl)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (const char *p = tmpl; (p = strchr (p, '{')) != NULL; p++)
    {
      const char *end = strchr (p, '}');

      g_assert_nonnull (end);
      g_ptr_array_add (names, g_strndup (p + 1, end - p - 1));
    }
  g_ptr_array_sort (names, compare_names);

  return names;
}

static void
test_builtin_texts (void)
{
  const char * const *langs = rp_template_languages ();
  g_autoptr(GHashTable) values = values_of ("buyer_name", "B", "order_id", "O", "items", "I",
                                            "address", "A", "note", "N", "window_hours", "24",
                                            "window_duration", "24 h",
                                            "window_end_local", "E", "tracking_no", "T",
                                            "carrier", "C", "days_since_event", "5", NULL);

  g_assert_cmpuint (g_strv_length ((char **)langs), >=, 14);
  g_assert_cmpuint (rp_template_n_texts, ==, g_strv_length ((char **)langs) * RP_TEMPLATE_N_KINDS);

  for (RpTemplateKind kind = 0; kind < RP_TEMPLATE_N_KINDS; kind++)
    {
      const char *en = rp_template_lookup (kind, "en");
      g_autoptr(GPtrArray) en_names = placeholders_of (en);

      g_assert_cmpuint (en_names->len, >, 1);

      for (guint l = 0; langs[l] != NULL; l++)
        {
          const char *text = rp_template_lookup (kind, langs[l]);
          g_autoptr(GPtrArray) names = NULL;
          g_autoptr(GError) error = NULL;
          g_autoptr(GArray) findings = NULL;
          g_autofree char *rendered = NULL;

          /* Each language has its own text, not the English fallback. */
          if (strcmp (langs[l], "en") != 0 && text == en)
            g_error ("no %s text for kind %d", langs[l], kind);

          if (!rp_template_check (text, NULL, &error))
            g_error ("%s/%d: %s", langs[l], kind, error->message);

          /* The same placeholders as English: a translation may not drop the address. */
          names = placeholders_of (text);
          g_assert_cmpuint (names->len, ==, en_names->len);
          for (guint i = 0; i < names->len; i++)
            if (strcmp (g_ptr_array_index (names, i), g_ptr_array_index (en_names, i)) != 0)
              g_error ("%s/%d uses {%s} where English uses {%s}", langs[l], kind,
                       (char *)g_ptr_array_index (names, i), (char *)g_ptr_array_index (en_names, i));

          rendered = render_ok (text, values);
          g_assert_null (strchr (rendered, '{'));
          g_assert_true (g_utf8_validate (rendered, -1, NULL));

          /* Our own words must pass our own conduct check. */
          findings = rp_conduct_check (rendered, &error);
          g_assert_no_error (error);
          if (findings->len > 0)
            {
              const RpConductFinding *f = &g_array_index (findings, RpConductFinding, 0);

              g_error ("%s/%d trips the conduct check on “%.*s”", langs[l], kind,
                       (int)(f->end - f->start), rendered + f->start);
            }
        }
    }
}

static void
test_dispute_replies_ask_for_evidence (void)
{
  /* Apologise, say it is being investigated, ask for evidence (English as the reference). */
  for (RpTemplateKind kind = RP_TEMPLATE_DISPUTE_NOT_RECEIVED; kind <= RP_TEMPLATE_DISPUTE_QUALITY; kind++)
    {
      const char *text = rp_template_lookup (kind, "en");

      g_assert_nonnull (strstr (text, "sorry"));
      g_assert_true (strstr (text, "investigat") != NULL || strstr (text, "looking into") != NULL ||
                     strstr (text, "checking") != NULL);
      g_assert_true (strstr (text, "photo") != NULL);
    }
  g_assert_nonnull (strstr (rp_template_lookup (RP_TEMPLATE_DISPUTE_NOT_AS_DESCRIBED, "en"), "ruler"));
  g_assert_nonnull (strstr (rp_template_lookup (RP_TEMPLATE_DISPUTE_DAMAGED, "en"), "video"));
  g_assert_nonnull (strstr (rp_template_lookup (RP_TEMPLATE_DISPUTE_NOT_RECEIVED, "en"), "customs"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rapport/rules/template/render", test_render_basic);
  g_test_add_func ("/rapport/rules/template/braces", test_render_braces);
  g_test_add_func ("/rapport/rules/template/gaps", test_render_gaps);
  g_test_add_func ("/rapport/rules/template/buyer-text-is-plain", test_buyer_text_is_plain);
  g_test_add_func ("/rapport/rules/template/check", test_check);
  g_test_add_func ("/rapport/rules/template/invalid-input", test_invalid_input);
  g_test_add_func ("/rapport/rules/template/address-formats", test_address_formats);
  g_test_add_func ("/rapport/rules/template/format-items", test_format_items);
  g_test_add_func ("/rapport/rules/template/values-from-order", test_values_from_order);
  g_test_add_func ("/rapport/rules/template/values-from-shipment", test_values_from_shipment);
  g_test_add_func ("/rapport/rules/template/lookup", test_lookup);
  g_test_add_func ("/rapport/rules/template/builtin-texts", test_builtin_texts);
  g_test_add_func ("/rapport/rules/template/dispute-replies", test_dispute_replies_ask_for_evidence);

  return g_test_run ();
}
