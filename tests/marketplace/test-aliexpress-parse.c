/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-aliexpress-parse"

#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "rp-aliexpress-parse.h"
#include "rp-time.h"

#define NOW G_GINT64_CONSTANT (1710072000000000)   /* 2024-03-10 12:00:00 UTC */

static GBytes *
load_fixture (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  char *contents = NULL;
  gsize len = 0;

  path = g_build_filename (g_getenv ("RAPPORT_MARKETPLACE_FIXTURES"), name, NULL);
  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, len);
}

static GBytes *
bytes_from_string (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static gint64
utc (int year, int month, int day, int hour, int minute, int second)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, second);

  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

static void
test_orders_envelope (void)
{
  g_autoptr(GBytes) body = load_fixture ("orders-list.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(RpMarketplacePage) page = rp_aliexpress_parse_order_list (body, 1, 20, NOW, &error);
  RpOrder *order;
  RpOrderItem *item;

  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, 2);
  g_assert_cmpuint (page->page, ==, 1);
  g_assert_cmpuint (page->total_pages, ==, 2);
  g_assert_cmpint (page->total_count, ==, 3);
  g_assert_true (page->has_more);

  order = g_ptr_array_index (page->items, 0);
  g_assert_cmpstr (order->order_id, ==, "8190000000000001");
  g_assert_cmpstr (order->raw_status, ==, "WAIT_SELLER_SEND_GOODS");
  g_assert_cmpint (order->status, ==, RP_ORDER_STATUS_TO_SHIP);
  /* 01:59:59 is still PST (UTC-8); 03:00:00 the same night is already PDT (UTC-7). */
  g_assert_cmpint (order->created_at, ==, utc (2024, 3, 10, 9, 59, 59));
  g_assert_cmpint (order->paid_at, ==, utc (2024, 3, 10, 10, 0, 0));
  g_assert_cmpint (order->modified_at, ==, utc (2024, 3, 10, 10, 30, 0));
  g_assert_cmpint (order->ship_by, ==, NOW + 2 * G_TIME_SPAN_DAY + 3 * G_TIME_SPAN_HOUR);
  g_assert_cmpstr (order->buyer_login_id, ==, "fr1234567abcd");
  g_assert_cmpstr (order->buyer_name, ==, "Camille Martin");
  g_assert_cmpint (order->total.cents, ==, 2598);
  g_assert_cmpstr (order->total.currency, ==, "USD");
  g_assert_false (order->has_detail);
  g_assert_cmpuint (order->items->len, ==, 1);
  item = g_ptr_array_index (order->items, 0);
  g_assert_cmpstr (item->child_id, ==, "8190000000000101");
  g_assert_cmpstr (item->product_id, ==, "1005001234567");
  g_assert_cmpstr (item->title, ==, "Linen shirt");
  g_assert_cmpstr (item->variant, ==, "Color: Red; Size: XL");
  g_assert_cmpstr (item->sku, ==, "LS-RED-XL");
  g_assert_cmpuint (item->quantity, ==, 2);
  g_assert_cmpint (item->unit_price.cents, ==, 1299);
  g_assert_cmpstr (item->memo, ==, "Please send the XL, not the L");
  g_assert_true (rp_order_has_buyer_note (order));

  order = g_ptr_array_index (page->items, 1);
  g_assert_cmpstr (order->order_id, ==, "8190000000000002");
  g_assert_cmpint (order->status, ==, RP_ORDER_STATUS_FINISHED);
  g_assert_cmpint (order->ship_by, ==, 0);
  /* 01:30 on the autumn change day happens twice (08:30 and 09:30 UTC); either instant
   * is a faithful reading of the wall-clock string, nothing else is. */
  g_assert_true (order->created_at == utc (2023, 11, 5, 8, 30, 0) ||
                 order->created_at == utc (2023, 11, 5, 9, 30, 0));
  /* The full money form: amount 0, value in cent / cent_factor. */
  g_assert_cmpint (order->total.cents, ==, 333100);
  g_assert_cmpstr (order->total.currency, ==, "EUR");
  g_assert_cmpstr (order->buyer_name, ==, "Jörg Müller");
  item = g_ptr_array_index (order->items, 0);
  g_assert_cmpstr (item->title, ==, "Tasse 日本");
  g_assert_null (item->memo);
  g_assert_false (rp_order_has_buyer_note (order));
}

static void
test_orders_simplified (void)
{
  g_autoptr(GBytes) body = load_fixture ("orders-list-simplified.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(RpMarketplacePage) page = rp_aliexpress_parse_order_list (body, 1, 20, NOW, &error);
  RpOrder *order;
  RpOrderItem *item;

  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, 1);
  g_assert_false (page->has_more);
  order = g_ptr_array_index (page->items, 0);
  g_assert_cmpstr (order->order_id, ==, "8190000000000003");
  g_assert_cmpint (order->status, ==, RP_ORDER_STATUS_SHIPPED);
  item = g_ptr_array_index (order->items, 0);
  g_assert_cmpuint (item->quantity, ==, 3);
  g_assert_cmpint (item->unit_price.cents, ==, 317);
}

static void
test_orders_reference_sample (void)
{
  g_autoptr(GBytes) body = load_fixture ("orders-list-reference.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(RpMarketplacePage) page = rp_aliexpress_parse_order_list (body, 1, 20, NOW, &error);
  RpOrder *order;
  RpOrderItem *item;

  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, 1);
  order = g_ptr_array_index (page->items, 0);
  g_assert_cmpstr (order->order_id, ==, "1160045860056286");
  g_assert_cmpint (order->status, ==, RP_ORDER_STATUS_AWAITING_PAYMENT);
  g_assert_cmpint (order->created_at, ==, utc (2017, 10, 12, 19, 12, 12));
  g_assert_cmpint (order->total.cents, ==, 101);
  item = g_ptr_array_index (order->items, 0);
  g_assert_cmpstr (item->product_id, ==, "2356980");
  g_assert_cmpint (item->unit_price.cents, ==, 101);
  g_assert_cmpstr (item->memo, ==, "1");
}

/* over_time_left of a shipped order is the end of the buyer's time to confirm receipt,
 * and of buyer protection; it is not a time to ship. */
static void
test_order_detail_shipped (void)
{
  g_autoptr(GBytes) body = load_fixture ("order-detail.json");
  g_autoptr(GString) text = g_string_new_len (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_autoptr(GBytes) shipped = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RpOrder) order = NULL;

  g_assert_cmpuint (g_string_replace (text, "\"order_status\":\"WAIT_SELLER_SEND_GOODS\",\"issue",
                                      "\"order_status\":\"WAIT_BUYER_ACCEPT_GOODS\",\"issue", 1), ==, 1);
  shipped = g_string_free_to_bytes (g_steal_pointer (&text));
  order = rp_aliexpress_parse_order_detail (shipped, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (order->status, ==, RP_ORDER_STATUS_SHIPPED);
  g_assert_cmpint (order->accept_by, ==, utc (2024, 3, 15, 10, 0, 0));
  g_assert_cmpint (order->ship_by, ==, 0);
}

static void
test_order_detail (void)
{
  g_autoptr(GBytes) body = load_fixture ("order-detail.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) shipments = NULL;
  g_autoptr(RpOrder) order = rp_aliexpress_parse_order_detail (body, &shipments, &error);
  RpShipment *shipment;
  RpOrderItem *item;

  g_assert_no_error (error);
  g_assert_true (order->has_detail);
  g_assert_cmpstr (order->order_id, ==, "8190000000000001");
  g_assert_cmpint (order->status, ==, RP_ORDER_STATUS_TO_SHIP);
  g_assert_cmpint (order->ship_by, ==, utc (2024, 3, 15, 10, 0, 0));
  g_assert_cmpstr (order->buyer_country, ==, "FR");
  g_assert_cmpstr (order->address.country, ==, "FR");
  g_assert_cmpstr (order->address.city, ==, "Paris");
  g_assert_cmpstr (order->address.province, ==, "Île-de-France");
  g_assert_cmpstr (order->address.zip, ==, "75002");
  g_assert_cmpstr (order->address.phone, ==, "+33612345678");
  g_assert_cmpstr (order->address.contact_person, ==, "Camille Martin");
  /* Buyer text is kept verbatim; it is never interpreted as markup. */
  g_assert_cmpstr (order->memo, ==, "<b>Gift</b> — please no invoice");
  g_assert_cmpint (order->total.cents, ==, 2598);
  g_assert_cmpuint (order->items->len, ==, 1);
  item = g_ptr_array_index (order->items, 0);
  g_assert_cmpstr (item->child_id, ==, "8190000000000101");
  g_assert_cmpstr (item->variant, ==, "Color: Red; Size: XL");
  g_assert_cmpstr (item->memo, ==, "Please send the XL, not the L");
  g_assert_cmpint (item->unit_price.cents, ==, 1299);

  g_assert_nonnull (shipments);
  g_assert_cmpuint (shipments->len, ==, 1);
  shipment = g_ptr_array_index (shipments, 0);
  g_assert_cmpstr (shipment->tracking_no, ==, "LP00123456789CN");
  g_assert_cmpstr (shipment->service_name, ==, "CAINIAO_STANDARD");
  g_assert_cmpstr (shipment->order_id, ==, "8190000000000001");
  g_assert_cmpstr (shipment->to_country, ==, "FR");
  g_assert_cmpstr (shipment->receive_status, ==, "not_received");
  g_assert_cmpint (shipment->shipped_at, ==, utc (2024, 3, 11, 16, 0, 0));
}

static void
test_relations (void)
{
  g_autoptr(GBytes) body = load_fixture ("relations.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(RpMarketplacePage) page = rp_aliexpress_parse_relation_list (body, 1, 2, &error);
  RpConversation *conversation;

  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, 2);
  g_assert_true (page->has_more);
  conversation = g_ptr_array_index (page->items, 0);
  g_assert_cmpstr (conversation->channel_id, ==, "8190000000000001");
  g_assert_cmpstr (conversation->buyer_login_id, ==, "fr1234567abcd");
  g_assert_cmpstr (conversation->order_id, ==, "8190000000000001");
  g_assert_cmpuint (conversation->unread_count, ==, 2);
  g_assert_false (conversation->read);
  g_assert_false (conversation->processed);
  g_assert_cmpuint (conversation->rank, ==, 3);
  g_assert_cmpint (conversation->last_message_at, ==, G_GINT64_CONSTANT (1710064800000000));
  g_assert_cmpstr (conversation->last_message_text, ==, "Bonjour, où est mon colis ?");
  g_assert_false (conversation->last_message_is_own);

  conversation = g_ptr_array_index (page->items, 1);
  g_assert_cmpstr (conversation->buyer_name, ==, "김민준");
  g_assert_null (conversation->order_id);
  g_assert_true (conversation->read);
  g_assert_true (conversation->processed);
  g_assert_true (conversation->last_message_is_own);
}

static void
test_messages (void)
{
  g_autoptr(GBytes) body = load_fixture ("messages.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(RpMarketplacePage) page = NULL;
  RpMessage *message;

  page = rp_aliexpress_parse_message_list (body, "8190000000000001", "fr1234567abcd", NULL, 1, 20, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, 2);
  g_assert_false (page->has_more);

  message = g_ptr_array_index (page->items, 0);
  g_assert_cmpstr (message->message_id, ==, "90000016");
  g_assert_cmpstr (message->channel_id, ==, "8190000000000001");
  g_assert_true (message->is_own);
  g_assert_cmpint (message->sent_at, ==, G_GINT64_CONSTANT (1710061200000000));
  g_assert_cmpstr (message->extern_id, ==, "8190000000000001");
  g_assert_cmpstr (message->message_type, ==, "order");
  g_assert_nonnull (strchr (message->content, '\n'));

  message = g_ptr_array_index (page->items, 1);
  g_assert_false (message->is_own);
  g_assert_cmpstr (message->sender_login_id, ==, "fr1234567abcd");
  g_assert_cmpstr (message->content, ==, "Bonjour, où est mon colis ? <script>alert(1)</script>");
  g_assert_nonnull (message->image_urls);
  g_assert_cmpstr (message->image_urls[0], ==, "https://example.invalid/l.jpg");
  g_assert_null (message->image_urls[1]);

  /* Without the buyer, the seller's own login id decides. */
  g_clear_pointer (&page, rp_marketplace_page_free);
  page = rp_aliexpress_parse_message_list (body, "8190000000000001", NULL, "cn1000001seller", 1, 20, &error);
  g_assert_no_error (error);
  g_assert_true (((RpMessage *)g_ptr_array_index (page->items, 0))->is_own);
  g_assert_false (((RpMessage *)g_ptr_array_index (page->items, 1))->is_own);
}

static void
test_send_message (void)
{
  g_autoptr(GBytes) body = load_fixture ("addmsg.json");
  g_autoptr(GBytes) refused = load_fixture ("business-message.json");
  g_autoptr(GBytes) no_id = bytes_from_string ("{\"aliexpress_message_redefining_versiontwo_addmsg_response\":"
                                               "{\"result\":{\"is_success\":true}}}");
  g_autoptr(GError) error = NULL;
  g_autofree char *id = rp_aliexpress_parse_send_message (body, &error);
  g_autofree char *empty = NULL;
  g_autofree char *none = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, "90000018");

  empty = rp_aliexpress_parse_send_message (no_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (empty, ==, "");

  none = rp_aliexpress_parse_send_message (refused, &error);
  g_assert_null (none);
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_BUSINESS);
  g_assert_nonnull (strstr (error->message, "Content exceeds the allowed length"));
  g_assert_cmpstr (rp_marketplace_error_get_remote_code (error), ==, "MSG_TOO_LONG");
}

static void
test_issue_list (void)
{
  g_autoptr(GBytes) body = load_fixture ("issue-list.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(RpMarketplacePage) page = rp_aliexpress_parse_issue_list (body, 20, &error);
  RpDispute *dispute;

  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, 2);
  g_assert_cmpuint (page->total_pages, ==, 3);
  g_assert_cmpint (page->total_count, ==, 41);
  g_assert_true (page->has_more);

  dispute = g_ptr_array_index (page->items, 0);
  g_assert_cmpstr (dispute->issue_id, ==, "7001");
  g_assert_cmpstr (dispute->order_id, ==, "8190000000000101");
  g_assert_cmpstr (dispute->parent_order_id, ==, "8190000000000001");
  g_assert_cmpint (dispute->status, ==, RP_DISPUTE_STATUS_PROCESSING);
  g_assert_cmpstr (dispute->reason, ==, "Item not received");
  g_assert_cmpint (dispute->created_at, ==, utc (2024, 11, 2, 8, 30, 0));
  g_assert_cmpint (dispute->modified_at, ==, utc (2024, 11, 3, 17, 0, 0));
  g_assert_false (dispute->has_detail);

  dispute = g_ptr_array_index (page->items, 1);
  g_assert_cmpint (dispute->status, ==, RP_DISPUTE_STATUS_FINISHED);
  g_assert_cmpstr (dispute->reason, ==, "质量问题");
}

static void
test_issue_detail (void)
{
  g_autoptr(GBytes) body = load_fixture ("issue-detail.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(RpDispute) dispute = rp_aliexpress_parse_issue_detail (body, &error);
  RpSolution *solution;
  RpDisputeEvent *event;

  g_assert_no_error (error);
  g_assert_true (dispute->has_detail);
  g_assert_cmpstr (dispute->issue_id, ==, "7001");
  g_assert_cmpstr (dispute->reason_id, ==, "1001");
  g_assert_cmpstr (dispute->detail_status, ==, "wait_for_seller_response");
  g_assert_cmpstr (dispute->timeout_type, ==, "WAIT_SOLUTION_TIMEOUT");
  /* 8 November is after the return to standard time: UTC-8. */
  g_assert_cmpint (dispute->deadline, ==, utc (2024, 11, 8, 9, 30, 0));
  g_assert_cmpint (dispute->product_price.cents, ==, 1299);
  g_assert_cmpstr (dispute->product_price.currency, ==, "USD");
  g_assert_cmpint (dispute->refund_max.cents, ==, 2598);

  g_assert_cmpuint (dispute->buyer_solutions->len, ==, 1);
  g_assert_cmpuint (dispute->seller_solutions->len, ==, 0);
  g_assert_cmpuint (dispute->platform_solutions->len, ==, 0);
  solution = g_ptr_array_index (dispute->buyer_solutions, 0);
  g_assert_cmpstr (solution->solution_id, ==, "445566");
  g_assert_cmpstr (solution->solution_type, ==, "refund");
  g_assert_cmpstr (solution->owner, ==, "buyer");
  g_assert_cmpstr (solution->status, ==, "wait_buyer_and_seller_accept");
  g_assert_true (solution->is_default);
  g_assert_cmpint (solution->refund.cents, ==, 101);
  g_assert_cmpstr (solution->refund.currency, ==, "USD");
  g_assert_cmpstr (solution->content, ==, "test");

  g_assert_cmpuint (dispute->history->len, ==, 2);
  event = g_ptr_array_index (dispute->history, 0);
  g_assert_cmpstr (event->action_type, ==, "initiate");
  g_assert_cmpstr (event->actor, ==, "buyer");
  g_assert_cmpstr (event->content, ==, "The parcel has not arrived.");
  g_assert_nonnull (event->attachments);
  g_assert_cmpstr (event->attachments[0], ==, "https://example.invalid/proof.jpg");
  g_assert_null (event->attachments[1]);
  event = g_ptr_array_index (dispute->history, 1);
  g_assert_null (event->attachments);
}

static void
test_tracking (void)
{
  g_autoptr(GBytes) body = load_fixture ("tracking.json");
  g_autoptr(GBytes) reference = load_fixture ("tracking-reference.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = rp_aliexpress_parse_tracking (body, &error);
  g_autoptr(GPtrArray) ref_events = NULL;
  RpTrackingEvent *event;

  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  event = g_ptr_array_index (events, 0);
  g_assert_cmpstr (event->description, ==, "Picked up by carrier");
  g_assert_cmpstr (event->action_code, ==, "PU_PICKUP_SUCCESS");
  g_assert_cmpstr (event->address, ==, "Shenzhen");
  g_assert_cmpint (event->at, ==, utc (2024, 3, 11, 17, 0, 0));
  event = g_ptr_array_index (events, 1);
  g_assert_cmpstr (event->action_code, ==, "GTMS_ARRIVED");

  ref_events = rp_aliexpress_parse_tracking (reference, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ref_events->len, ==, 1);
  event = g_ptr_array_index (ref_events, 0);
  g_assert_cmpstr (event->description, ==, "BILLING INFORMATION RECEIVED");
  /* A bare date is midnight in US Pacific time. */
  g_assert_cmpint (event->at, ==, utc (2016, 6, 26, 7, 0, 0));
}

static void
test_services (void)
{
  g_autoptr(GBytes) body = load_fixture ("services.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) services = rp_aliexpress_parse_logistics_services (body, &error);
  RpLogisticsService *service;

  g_assert_no_error (error);
  g_assert_cmpuint (services->len, ==, 2);
  service = g_ptr_array_index (services, 0);
  g_assert_cmpstr (service->service_name, ==, "CAINIAO_STANDARD");
  g_assert_cmpstr (service->display_name, ==, "AliExpress Standard Shipping");
  g_assert_cmpstr (service->company, ==, "Cainiao");
  g_assert_cmpstr (service->tracking_no_regex, ==, "^[A-Z]{2}[0-9]{9}[A-Z]{2}$");
  g_assert_cmpuint (service->max_process_days, ==, 7);
  service = g_ptr_array_index (services, 1);
  g_assert_cmpuint (service->min_process_days, ==, 2);
  g_assert_cmpuint (service->recommend_order, ==, 2);
}

#define SERVICES_HEAD "{\"aliexpress_logistics_redefining_listlogisticsservice_response\":{" \
  "\"result_success\":true,\"result_list\":{\"aeop_logistics_service_result\":["
#define SERVICES_TAIL "]}}}"

static GPtrArray *
parse_services (const char  *items,
                GError     **error)
{
  g_autofree char *json = g_strconcat (SERVICES_HEAD, items, SERVICES_TAIL, NULL);
  g_autoptr(GBytes) body = bytes_from_string (json);

  return rp_aliexpress_parse_logistics_services (body, error);
}

/* The ship dialog shows what the marketplace says and checks numbers with its patterns:
 * what it cannot take is an error naming the service, never a half-read list. */
static void
test_services_hostile (void)
{
  g_autoptr(GString) long_regex = g_string_new (NULL);
  g_autofree char *item = NULL;
  const char *refused[] = {
    "{\"display_name\":\"No name\"}",
    "{\"service_name\":\"\"}",
    "{\"service_name\":12}",
    "{\"service_name\":\"EMS\",\"tracking_no_regex\":[\"^E\"]}",
    "{\"service_name\":\"EMS\",\"min_process_day\":-1}",
    "{\"service_name\":\"EMS\",\"max_process_day\":99999999}",
    "\"EMS\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) services = parse_services (refused[i], &error);

      g_assert_null (services);
      g_assert_nonnull (error);
    }

  /* A pattern longer than any real one is left out, never cut into another pattern. */
  while (long_regex->len <= 1024)
    g_string_append (long_regex, "[0-9]");
  item = g_strdup_printf ("{\"service_name\":\"EMS\",\"tracking_no_regex\":\"%s\"}", long_regex->str);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) services = parse_services (item, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (services->len, ==, 1);
    g_assert_cmpstr (((RpLogisticsService *)g_ptr_array_index (services, 0))->service_name, ==, "EMS");
    g_assert_null (((RpLogisticsService *)g_ptr_array_index (services, 0))->tracking_no_regex);
  }

  /* A costly or broken pattern and markup in a name are text here; the rules that use
   * the pattern drop it (rp-tracking-pattern). */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) services =
      parse_services ("{\"service_name\":\"EVIL\",\"display_name\":\"<b>Fast</b> \\u202eGNIPPIHS\","
                      "\"tracking_no_regex\":\"^(a+)+$\"},"
                      "{\"service_name\":\"BROKEN\",\"tracking_no_regex\":\"[A-Z\"}", &error);
    RpLogisticsService *service;

    g_assert_no_error (error);
    g_assert_cmpuint (services->len, ==, 2);
    service = g_ptr_array_index (services, 0);
    g_assert_cmpstr (service->display_name, ==, "<b>Fast</b> \xe2\x80\xae" "GNIPPIHS");
    g_assert_cmpstr (service->tracking_no_regex, ==, "^(a+)+$");
    service = g_ptr_array_index (services, 1);
    g_assert_cmpstr (service->tracking_no_regex, ==, "[A-Z");
  }
}

static void
test_token (void)
{
  g_autoptr(GBytes) body = load_fixture ("token.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(RpTokenSet) tokens = rp_aliexpress_parse_token (body, NOW, &error);
  g_autoptr(RpTokenSet) again = NULL;
  g_autofree char *json = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (tokens->access_token, ==, "Your-accesstoken");
  g_assert_cmpstr (tokens->refresh_token, ==, "Your-refreshtoken");
  g_assert_cmpint (tokens->expires_at, ==, NOW + G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC);
  g_assert_cmpint (tokens->refresh_expires_at, ==, NOW + G_GINT64_CONSTANT (172800) * G_USEC_PER_SEC);
  g_assert_cmpstr (tokens->user_id, ==, "Your-UserID");
  g_assert_cmpstr (tokens->seller_id, ==, "Your-sellerID");
  g_assert_cmpstr (tokens->user_nick, ==, "kr10400008150000");
  g_assert_cmpstr (tokens->locale, ==, "zh_CN");

  /* Refresh 30 minutes before expiry, not later. */
  g_assert_false (rp_token_set_needs_refresh (tokens, NOW));
  g_assert_false (rp_token_set_needs_refresh (tokens, tokens->expires_at - 31 * G_TIME_SPAN_MINUTE));
  g_assert_true (rp_token_set_needs_refresh (tokens, tokens->expires_at - 30 * G_TIME_SPAN_MINUTE));
  g_assert_true (rp_token_set_can_refresh (tokens, NOW));
  g_assert_false (rp_token_set_can_refresh (tokens, tokens->refresh_expires_at));

  json = rp_token_set_to_json (tokens);
  again = rp_token_set_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->access_token, ==, tokens->access_token);
  g_assert_cmpstr (again->refresh_token, ==, tokens->refresh_token);
  g_assert_cmpint (again->expires_at, ==, tokens->expires_at);
  g_assert_cmpint (again->refresh_expires_at, ==, tokens->refresh_expires_at);
  g_assert_cmpstr (again->user_nick, ==, tokens->user_nick);

  g_clear_pointer (&again, rp_token_set_free);
  again = rp_token_set_from_json ("{\"refresh_token\":\"x\"}", &error);
  g_assert_null (again);
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_NEEDS_REAUTHORIZE);
}

static void
test_token_cannot_refresh (void)
{
  g_autoptr(GBytes) body = bytes_from_string ("{\"access_token\":\"a\",\"refresh_token\":\"r\","
                                              "\"expires_in\":3600,\"refresh_expires_in\":0,\"code\":\"0\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(RpTokenSet) tokens = rp_aliexpress_parse_token (body, NOW, &error);

  g_assert_no_error (error);
  g_assert_false (rp_token_set_can_refresh (tokens, NOW));
}

typedef struct
{
  const char         *fixture;
  RpMarketplaceError  code;
  const char         *remote_code;
  guint               retry_after;
  const char         *text;
} ErrorCase;

static void
test_error_shapes (void)
{
  static const ErrorCase cases[] = {
    { "error-incomplete-signature.json", RP_MARKETPLACE_ERROR_SIGNATURE, "IncompleteSignature", 0,
      "212a782117695399357757883" },
    { "error-illegal-access-token.json", RP_MARKETPLACE_ERROR_AUTH_INVALID, "IllegalAccessToken", 0,
      "invalid or expired" },
    { "error-invalid-app-key.json", RP_MARKETPLACE_ERROR_APP_KEY, "InvalidAppKey", 0, "App Key" },
    { "error-app-white-ip.json", RP_MARKETPLACE_ERROR_APP_KEY, "AppWhiteIpLimit", 0, "white list" },
    { "error-top-throttle.json", RP_MARKETPLACE_ERROR_THROTTLED, "7", 42, "41 more seconds" },
    { "error-api-call-limit.json", RP_MARKETPLACE_ERROR_THROTTLED, "ApiCallLimit", 6, "5 more seconds" },
    { "error-legacy-top.json", RP_MARKETPLACE_ERROR_AUTH_INVALID, "27", 0, "SessionKey is invalid" },
    { "error-isp.json", RP_MARKETPLACE_ERROR_SERVER, "ServiceUnavailable", 0, "temporarily" },
    { "business-order-list.json", RP_MARKETPLACE_ERROR_BUSINESS, "30301", 0, "too large" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) body = load_fixture (cases[i].fixture);
      g_autoptr(GError) error = NULL;
      g_autoptr(RpMarketplacePage) page = rp_aliexpress_parse_order_list (body, 1, 20, NOW, &error);

      g_test_message ("%s: %s", cases[i].fixture, error != NULL ? error->message : "no error");
      g_assert_null (page);
      g_assert_error (error, RP_MARKETPLACE_ERROR, (int)cases[i].code);
      g_assert_cmpstr (rp_marketplace_error_get_remote_code (error), ==, cases[i].remote_code);
      g_assert_cmpuint (rp_marketplace_error_get_retry_after (error), ==, cases[i].retry_after);
      g_assert_nonnull (strstr (error->message, cases[i].text));
      g_assert_true (rp_marketplace_error_is_transient (error) ==
                     (cases[i].code == RP_MARKETPLACE_ERROR_THROTTLED ||
                      cases[i].code == RP_MARKETPLACE_ERROR_SERVER));
    }
}

static void
test_business_errors (void)
{
  g_autoptr(GBytes) logistics = load_fixture ("business-logistics.json");
  g_autoptr(GBytes) agree = load_fixture ("business-agree.json");
  g_autoptr(GBytes) fulfill = load_fixture ("fulfill.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = rp_aliexpress_parse_tracking (logistics, &error);

  g_assert_null (events);
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_BUSINESS);
  g_assert_nonnull (strstr (error->message, "No tracking information"));
  g_clear_error (&error);

  g_assert_false (rp_aliexpress_parse_write_result (agree, "aliexpress.issue.solution.agree", &error));
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_BUSINESS);
  g_clear_error (&error);

  {
    g_autoptr(GBytes) extend = load_fixture ("business-extend.json");

    g_assert_false (rp_aliexpress_parse_write_result (extend, "aliexpress.trade.redefining.extendsbuyeracceptgoodstime",
                                                      &error));
    g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_BUSINESS);
    g_assert_nonnull (strstr (error->message, "not waiting for the buyer"));
    g_assert_cmpstr (rp_marketplace_error_get_remote_code (error), ==, "210");
    g_clear_error (&error);
  }

  g_assert_true (rp_aliexpress_parse_write_result (fulfill, "aliexpress.solution.order.fulfill", &error));
  g_assert_no_error (error);

  /* An answer for another method is not taken for this one. */
  g_assert_false (rp_aliexpress_parse_write_result (fulfill, "aliexpress.issue.solution.agree", &error));
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_RESPONSE);
}

static void
assert_order_list_fails (const char         *json,
                         RpMarketplaceError  code,
                         const char         *text)
{
  g_autoptr(GBytes) body = bytes_from_string (json);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpMarketplacePage) page = rp_aliexpress_parse_order_list (body, 1, 20, NOW, &error);

  g_test_message ("%.80s → %s", json, error != NULL ? error->message : "no error");
  g_assert_null (page);
  g_assert_error (error, RP_MARKETPLACE_ERROR, (int)code);
  if (text != NULL)
    g_assert_nonnull (strstr (error->message, text));
}

#define ORDER(fields) \
  "{\"aliexpress_trade_seller_orderlist_get_response\":{\"result\":{\"success\":true," \
  "\"target_list\":{\"aeop_order_item_dto\":[{" fields "}]}}}}"

static void
test_hostile_types (void)
{
  assert_order_list_fails (ORDER ("\"order_status\":\"FINISH\""), RP_MARKETPLACE_ERROR_INVALID_RESPONSE,
                           "order_id");
  assert_order_list_fails (ORDER ("\"order_id\":{\"x\":1},\"order_status\":\"FINISH\""),
                           RP_MARKETPLACE_ERROR_INVALID_RESPONSE, "order_id");
  assert_order_list_fails (ORDER ("\"order_id\":-5,\"order_status\":\"FINISH\""),
                           RP_MARKETPLACE_ERROR_INVALID_RESPONSE, "negative");
  assert_order_list_fails (ORDER ("\"order_id\":1,\"order_status\":42"),
                           RP_MARKETPLACE_ERROR_INVALID_RESPONSE, "order_status");
  assert_order_list_fails (ORDER ("\"order_id\":1,\"order_status\":\"FINISH\",\"product_list\":"
                                  "[{\"product_count\":\"many\"}]"),
                           RP_MARKETPLACE_ERROR_INVALID_RESPONSE, "product_count");
  assert_order_list_fails (ORDER ("\"order_id\":1,\"order_status\":\"FINISH\",\"product_list\":"
                                  "[{\"product_count\":-1}]"),
                           RP_MARKETPLACE_ERROR_INVALID_RESPONSE, "out of range");
  assert_order_list_fails (ORDER ("\"order_id\":1,\"order_status\":\"FINISH\",\"product_list\":"
                                  "[{\"product_count\":1.5}]"),
                           RP_MARKETPLACE_ERROR_INVALID_RESPONSE, "whole number");
  assert_order_list_fails (ORDER ("\"order_id\":1,\"order_status\":\"FINISH\","
                                  "\"pay_amount\":{\"amount\":\"1e5\",\"currency_code\":\"USD\"}"),
                           RP_MARKETPLACE_ERROR_INVALID_RESPONSE, "amount");
  assert_order_list_fails (ORDER ("\"order_id\":1,\"order_status\":\"FINISH\","
                                  "\"pay_amount\":{\"amount\":\"1.00\",\"currency_code\":\"US\"}"),
                           RP_MARKETPLACE_ERROR_INVALID_RESPONSE, "currency");
  assert_order_list_fails (ORDER ("\"order_id\":1,\"order_status\":\"FINISH\","
                                  "\"pay_amount\":{\"amount\":\"99999999999999\",\"currency_code\":\"USD\"}"),
                           RP_MARKETPLACE_ERROR_INVALID_RESPONSE, "amount");
  assert_order_list_fails (ORDER ("\"order_id\":1,\"order_status\":\"FINISH\",\"buyer_signer_fullname\":[]"),
                           RP_MARKETPLACE_ERROR_INVALID_RESPONSE, "buyer_signer_fullname");
  assert_order_list_fails (ORDER ("\"order_id\":\"12\\u0001 3\",\"order_status\":\"FINISH\""),
                           RP_MARKETPLACE_ERROR_INVALID_RESPONSE, NULL);
  assert_order_list_fails ("{\"aliexpress_trade_seller_orderlist_get_response\":{\"result\":"
                           "{\"target_list\":\"nope\"}}}",
                           RP_MARKETPLACE_ERROR_INVALID_RESPONSE, "target_list");
  assert_order_list_fails ("{\"aliexpress_trade_seller_orderlist_get_response\":{\"result\":"
                           "{\"target_list\":[1,2]}}}",
                           RP_MARKETPLACE_ERROR_INVALID_RESPONSE, "target_list");
  assert_order_list_fails ("{\"aliexpress_trade_seller_orderlist_get_response\":{\"result\":"
                           "{\"success\":\"perhaps\"}}}",
                           RP_MARKETPLACE_ERROR_INVALID_RESPONSE, "success");
  assert_order_list_fails ("{\"aliexpress_trade_seller_orderlist_get_response\":[]}",
                           RP_MARKETPLACE_ERROR_INVALID_RESPONSE, NULL);
  assert_order_list_fails ("{\"aliexpress_issue_detail_get_response\":{}}",
                           RP_MARKETPLACE_ERROR_INVALID_RESPONSE, "does not answer");
}

static void
test_hostile_dates (void)
{
  static const char * const dates[] = {
    "2024-02-30 10:00:00", "2023-13-01 00:00:00", "2024-03-10 25:00:00", "2024-03-10 10:61:00",
    "10/03/2024 10:00:00", "2024-03-10T10:00:00Z", "2024-3-1 1:2:3", "", "0000-00-00 00:00:00",
  };

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autofree char *json = g_strdup_printf (ORDER ("\"order_id\":1,\"order_status\":\"FINISH\","
                                                      "\"gmt_create\":\"%s\""), dates[i]);

      if (*dates[i] == '\0')
        {
          /* An empty date means "not yet", not an error. */
          g_autoptr(GBytes) body = bytes_from_string (json);
          g_autoptr(GError) error = NULL;
          g_autoptr(RpMarketplacePage) page = rp_aliexpress_parse_order_list (body, 1, 20, NOW, &error);

          g_assert_no_error (error);
          g_assert_cmpint (((RpOrder *)g_ptr_array_index (page->items, 0))->created_at, ==, 0);
          continue;
        }

      assert_order_list_fails (json, RP_MARKETPLACE_ERROR_INVALID_RESPONSE, "gmt_create");
    }

  /* Message times are epoch milliseconds: negative and far-future ones are refused. */
  {
    static const char * const times[] = { "-1", "253402300800000", "\"soon\"", "12.5", "true" };

    for (guint i = 0; i < G_N_ELEMENTS (times); i++)
      {
        g_autofree char *json = g_strdup_printf (
          "{\"result\":{\"relation_list\":[{\"channel_id\":\"1\",\"message_time\":%s}]}}", times[i]);
        g_autoptr(GBytes) body = bytes_from_string (json);
        g_autoptr(GError) error = NULL;
        g_autoptr(RpMarketplacePage) page = rp_aliexpress_parse_relation_list (body, 1, 20, &error);

        g_assert_null (page);
        g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_RESPONSE);
        g_assert_nonnull (strstr (error->message, "message_time"));
      }
  }
}

static void
test_hostile_encoding (void)
{
  static const char bad_utf8[] = "{\"result\":{\"relation_list\":[{\"channel_id\":\"1\","
                                 "\"other_name\":\"\xc3\x28\"}]}}";
  static const char with_nul[] = "{\"result\":{}}\0{}";
  g_autoptr(GBytes) body = g_bytes_new (bad_utf8, sizeof bad_utf8 - 1);
  g_autoptr(GBytes) nul = g_bytes_new (with_nul, sizeof with_nul - 1);
  g_autoptr(GBytes) empty = g_bytes_new ("", 0);
  g_autoptr(GBytes) html = bytes_from_string ("<html><body>502 Bad Gateway</body></html>");
  g_autoptr(GBytes) truncated = bytes_from_string ("{\"result\":{\"relation_list\":[{\"channel_id\":");
  g_autoptr(GBytes) array = bytes_from_string ("[1,2,3]");
  g_autoptr(GError) error = NULL;
  g_autoptr(RpMarketplacePage) page = NULL;

  page = rp_aliexpress_parse_relation_list (body, 1, 20, &error);
  g_assert_null (page);
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (error->message, "UTF-8"));
  g_clear_error (&error);

  page = rp_aliexpress_parse_relation_list (nul, 1, 20, &error);
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_RESPONSE);
  g_clear_error (&error);

  page = rp_aliexpress_parse_relation_list (empty, 1, 20, &error);
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (error->message, "empty"));
  g_clear_error (&error);

  page = rp_aliexpress_parse_relation_list (html, 1, 20, &error);
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (error->message, "not JSON"));
  g_clear_error (&error);

  page = rp_aliexpress_parse_relation_list (truncated, 1, 20, &error);
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_RESPONSE);
  g_clear_error (&error);

  page = rp_aliexpress_parse_relation_list (array, 1, 20, &error);
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (error->message, "object"));
}

static void
test_hostile_sizes (void)
{
  g_autoptr(GString) json = g_string_new ("{\"result\":{\"message_detail_list\":[{\"id\":1,\"content\":\"");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RpMarketplacePage) page = NULL;
  RpMessage *message;
  gsize before;

  /* A 10 MB message is kept, cut to the text cap with a visible mark. */
  before = json->len;
  for (guint i = 0; i < 10 * 1024 * 1024 / 8; i++)
    g_string_append (json, "éàü€abc");  /* multibyte, so the cut must respect characters */
  g_assert_cmpuint (json->len - before, >=, 10 * 1024 * 1024);
  g_string_append (json, "\"}]}}");
  body = g_bytes_new (json->str, json->len);

  page = rp_aliexpress_parse_message_list (body, "1", NULL, NULL, 1, 20, &error);
  g_assert_no_error (error);
  message = g_ptr_array_index (page->items, 0);
  g_assert_cmpuint (strlen (message->content), <=, RP_ALIEXPRESS_MAX_TEXT_SIZE);
  g_assert_cmpuint (strlen (message->content), >, RP_ALIEXPRESS_MAX_TEXT_SIZE - 16);
  g_assert_true (g_utf8_validate (message->content, -1, NULL));
  g_assert_true (g_str_has_suffix (message->content, "…"));
  g_clear_pointer (&page, rp_marketplace_page_free);
  g_clear_pointer (&body, g_bytes_unref);

  /* A 10 MB identifier is refused: a cut identifier would name something else. */
  g_string_assign (json, "{\"result\":{\"message_detail_list\":[{\"id\":\"");
  for (guint i = 0; i < 10 * 1024 * 1024 / 8; i++)
    g_string_append (json, "12345678");
  g_string_append (json, "\"}]}}");
  body = g_bytes_new (json->str, json->len);
  page = rp_aliexpress_parse_message_list (body, "1", NULL, NULL, 1, 20, &error);
  g_assert_null (page);
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (error->message, "too long"));
  g_clear_error (&error);
  g_clear_pointer (&body, g_bytes_unref);

  /* Over the body cap: refused before any parsing. */
  {
    gsize size = RP_ALIEXPRESS_MAX_BODY_SIZE + 1;
    char *big = g_malloc (size);

    memset (big, ' ', size);
    big[0] = '{';
    big[size - 1] = '}';
    body = g_bytes_new_take (big, size);
  }
  page = rp_aliexpress_parse_message_list (body, "1", NULL, NULL, 1, 20, &error);
  g_assert_null (page);
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_TOO_LARGE);
}

static void
test_hostile_nesting (void)
{
  g_autoptr(GString) json = g_string_new ("{\"result\":{\"x\":");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RpMarketplacePage) page = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (json, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (json, ']');
  g_string_append (json, "}}");
  body = g_bytes_new (json->str, json->len);

  page = rp_aliexpress_parse_relation_list (body, 1, 20, &error);
  g_assert_null (page);
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (error->message, "nested"));
  g_clear_error (&error);
  g_clear_pointer (&body, g_bytes_unref);

  /* Brackets inside strings are text, not nesting. */
  g_string_assign (json, "{\"result\":{\"relation_list\":[{\"channel_id\":\"1\",\"last_message_content\":\"");
  for (guint i = 0; i < 1000; i++)
    g_string_append (json, "[{\\\"");
  g_string_append (json, "\"}]}}");
  body = g_bytes_new (json->str, json->len);
  page = rp_aliexpress_parse_relation_list (body, 1, 20, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, 1);
}

static void
test_huge_total_page (void)
{
  g_autoptr(GBytes) body = bytes_from_string (
    "{\"aliexpress_trade_seller_orderlist_get_response\":{\"result\":{\"success\":true,"
    "\"current_page\":1,\"page_size\":1,\"total_page\":9223372036854775807,"
    "\"total_count\":9223372036854775807,\"target_list\":{\"aeop_order_item_dto\":"
    "[{\"order_id\":1,\"order_status\":\"FINISH\"}]}}}}");
  g_autoptr(GBytes) negative = bytes_from_string (
    "{\"result\":{\"total_page\":-3,\"target_list\":[]}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(RpMarketplacePage) page = rp_aliexpress_parse_order_list (body, 1, 20, NOW, &error);
  g_autoptr(RpMarketplacePage) none = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (page->total_pages, ==, RP_MARKETPLACE_MAX_PAGES);
  g_assert_true (page->has_more);

  none = rp_aliexpress_parse_order_list (negative, 1, 20, NOW, &error);
  g_assert_null (none);
  g_assert_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_RESPONSE);
}

static void
test_amounts (void)
{
  gint64 cents = 0;

  g_assert_true (rp_aliexpress_parse_amount ("12.34", &cents));
  g_assert_cmpint (cents, ==, 1234);
  g_assert_true (rp_aliexpress_parse_amount ("-0.5", &cents));
  g_assert_cmpint (cents, ==, -50);
  g_assert_true (rp_aliexpress_parse_amount ("7", &cents));
  g_assert_cmpint (cents, ==, 700);
  g_assert_true (rp_aliexpress_parse_amount ("0.005", &cents));
  g_assert_cmpint (cents, ==, 1);
  g_assert_true (rp_aliexpress_parse_amount ("0.0049", &cents));
  g_assert_cmpint (cents, ==, 0);
  g_assert_false (rp_aliexpress_parse_amount ("", &cents));
  g_assert_false (rp_aliexpress_parse_amount ("1.", &cents));
  g_assert_false (rp_aliexpress_parse_amount ("1,5", &cents));
  g_assert_false (rp_aliexpress_parse_amount ("NaN", &cents));
  g_assert_false (rp_aliexpress_parse_amount ("1.1234567", &cents));
  g_assert_false (rp_aliexpress_parse_amount ("1234567890123", &cents));
}

/* The connector's boundary conversions, across both DST changes of 2024. */
static void
test_pacific_dst (void)
{
  static const struct {
    const char *pacific;
    int y, mo, d, h, mi, s;
  } cases[] = {
    { "2024-01-15 12:00:00", 2024, 1, 15, 20, 0, 0 },
    { "2024-03-10 01:59:59", 2024, 3, 10, 9, 59, 59 },
    { "2024-03-10 03:00:00", 2024, 3, 10, 10, 0, 0 },
    { "2024-07-04 00:00:00", 2024, 7, 4, 7, 0, 0 },
    { "2024-11-03 00:59:59", 2024, 11, 3, 7, 59, 59 },
    { "2024-11-03 02:00:00", 2024, 11, 3, 10, 0, 0 },
    { "2024-12-31 23:59:59", 2025, 1, 1, 7, 59, 59 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *back = NULL;
      gint64 value = 0;

      g_assert_true (rp_time_parse_pacific (cases[i].pacific, &value, &error));
      g_assert_no_error (error);
      g_assert_cmpint (value, ==, utc (cases[i].y, cases[i].mo, cases[i].d,
                                       cases[i].h, cases[i].mi, cases[i].s));
      back = rp_time_format_pacific (value);
      g_assert_cmpstr (back, ==, cases[i].pacific);
    }

  /* Both UTC instants of the repeated hour print as the same wall-clock time. */
  {
    g_autofree char *first = rp_time_format_pacific (utc (2024, 11, 3, 8, 30, 0));
    g_autofree char *second = rp_time_format_pacific (utc (2024, 11, 3, 9, 30, 0));

    g_assert_cmpstr (first, ==, "2024-11-03 01:30:00");
    g_assert_cmpstr (second, ==, "2024-11-03 01:30:00");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rapport/marketplace/parse/orders-envelope", test_orders_envelope);
  g_test_add_func ("/rapport/marketplace/parse/orders-simplified", test_orders_simplified);
  g_test_add_func ("/rapport/marketplace/parse/orders-reference-sample", test_orders_reference_sample);
  g_test_add_func ("/rapport/marketplace/parse/order-detail", test_order_detail);
  g_test_add_func ("/rapport/marketplace/parse/order-detail-shipped", test_order_detail_shipped);
  g_test_add_func ("/rapport/marketplace/parse/relations", test_relations);
  g_test_add_func ("/rapport/marketplace/parse/messages", test_messages);
  g_test_add_func ("/rapport/marketplace/parse/send-message", test_send_message);
  g_test_add_func ("/rapport/marketplace/parse/issue-list", test_issue_list);
  g_test_add_func ("/rapport/marketplace/parse/issue-detail", test_issue_detail);
  g_test_add_func ("/rapport/marketplace/parse/tracking", test_tracking);
  g_test_add_func ("/rapport/marketplace/parse/services", test_services);
  g_test_add_func ("/rapport/marketplace/parse/services-hostile", test_services_hostile);
  g_test_add_func ("/rapport/marketplace/parse/token", test_token);
  g_test_add_func ("/rapport/marketplace/parse/token-cannot-refresh", test_token_cannot_refresh);
  g_test_add_func ("/rapport/marketplace/parse/error-shapes", test_error_shapes);
  g_test_add_func ("/rapport/marketplace/parse/business-errors", test_business_errors);
  g_test_add_func ("/rapport/marketplace/parse/hostile-types", test_hostile_types);
  g_test_add_func ("/rapport/marketplace/parse/hostile-dates", test_hostile_dates);
  g_test_add_func ("/rapport/marketplace/parse/hostile-encoding", test_hostile_encoding);
  g_test_add_func ("/rapport/marketplace/parse/hostile-sizes", test_hostile_sizes);
  g_test_add_func ("/rapport/marketplace/parse/hostile-nesting", test_hostile_nesting);
  g_test_add_func ("/rapport/marketplace/parse/huge-total-page", test_huge_total_page);
  g_test_add_func ("/rapport/marketplace/parse/amounts", test_amounts);
  g_test_add_func ("/rapport/marketplace/time/pacific-dst", test_pacific_dst);

  return g_test_run ();
}
