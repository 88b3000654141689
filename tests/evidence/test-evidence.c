/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-evidence"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

#include "rp-evidence.h"
#include "rp-store.h"

/* The evidence export against a cache filled through the store's own API: what the JSON
 * holds, that the transcript digest depends on the messages and nothing else, what the PDF
 * shows (read back with pdftotext), and the files it writes. */

#define T0 G_GINT64_CONSTANT (1764000000000000)   /* 2025-11-24T16:00:00Z */
#define SECOND G_GINT64_CONSTANT (1000000)

#define PARENT_ORDER "8100000000000000"
#define CHILD_ORDER  "8100000000000001"
#define ISSUE_ID     "9100000000000007"

typedef struct
{
  char      *dir;
  char      *path;
  RpStore   *store;
  gint64     account;
  GMainLoop *loop;
} Fixture;

/* Helpers ------------------------------------------------------------------------------ */

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }

  g_rmdir (path);
}

static GPtrArray *
single (gpointer object)
{
  GPtrArray *array = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (array, object);
  return array;
}

static RpMessage *
make_message (const char *channel_id,
              const char *message_id,
              gboolean    is_own,
              const char *content,
              gint64      sent_at)
{
  RpMessage *message = rp_message_new ();

  message->channel_id = g_strdup (channel_id);
  message->message_id = g_strdup (message_id);
  message->is_own = is_own;
  message->content = g_strdup (content);
  message->sent_at = sent_at;
  message->sender_login_id = g_strdup (is_own ? "seller1" : "fr1001");
  message->sender_name = g_strdup (is_own ? "Atelier Lin" : "Émile Durand");
  message->message_type = g_strdup ("order");

  return message;
}

static void
add_order (Fixture *fixture)
{
  g_autoptr(RpOrder) order = rp_order_new ();
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;
  RpOrderItem *item = rp_order_item_new ();

  order->order_id = g_strdup (PARENT_ORDER);
  order->raw_status = g_strdup ("WAIT_BUYER_ACCEPT_GOODS");
  order->status = rp_order_status_from_marketplace (order->raw_status);
  order->created_at = T0;
  order->paid_at = T0 + 60 * SECOND;
  order->modified_at = T0 + 3600 * SECOND;
  order->buyer_login_id = g_strdup ("fr1001");
  order->buyer_name = g_strdup ("Émile Durand");
  order->buyer_country = g_strdup ("FR");
  order->total.cents = 2599;
  memcpy (order->total.currency, "USD", 3);
  order->memo = g_strdup ("Please no invoice <i>inside</i>");
  order->has_detail = TRUE;
  order->address.contact_person = g_strdup ("Émile Durand");
  order->address.country = g_strdup ("FR");
  order->address.city = g_strdup ("Lyon");
  order->address.address = g_strdup ("12 rue de la République");
  order->address.zip = g_strdup ("69002");

  item->child_id = g_strdup (CHILD_ORDER);
  item->product_id = g_strdup ("1005001");
  item->title = g_strdup ("Linen shirt");
  item->variant = g_strdup ("Color: Blue; Size: L");
  item->sku = g_strdup ("LS-BL-L");
  item->quantity = 1;
  item->unit_price = order->total;
  item->memo = g_strdup ("Blue, not green");
  g_ptr_array_add (order->items, item);

  orders = single (g_object_ref (order));
  g_assert_true (rp_store_upsert_orders_sync (fixture->store, fixture->account, orders, &error));
  g_assert_no_error (error);
}

static void
add_conversation (Fixture *fixture)
{
  RpConversation *conversation = rp_conversation_new ();
  g_autoptr(GPtrArray) conversations = single (conversation);
  g_autoptr(GError) error = NULL;

  conversation->channel_id = g_strdup (PARENT_ORDER);
  conversation->order_id = g_strdup (PARENT_ORDER);
  conversation->buyer_login_id = g_strdup ("fr1001");
  conversation->buyer_name = g_strdup ("Émile Durand");
  conversation->last_message_at = T0;
  g_assert_true (rp_store_upsert_conversations_sync (fixture->store, fixture->account,
                                                     conversations, &error));
  g_assert_no_error (error);
}

static void
add_messages (Fixture   *fixture,
              GPtrArray *messages)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rp_store_upsert_messages_sync (fixture->store, fixture->account, messages,
                                                &error));
  g_assert_no_error (error);
}

static void
add_shipment_and_dispute (Fixture *fixture)
{
  g_autoptr(GPtrArray) shipments = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) disputes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  RpShipment *shipment = rp_shipment_new ();
  RpDispute *dispute = rp_dispute_new ();
  RpTrackingEvent *event;
  RpSolution *solution;
  RpDisputeEvent *step;

  shipment->order_id = g_strdup (PARENT_ORDER);
  shipment->tracking_no = g_strdup ("LP00000000001");
  shipment->service_name = g_strdup ("CAINIAO_STANDARD");
  shipment->to_country = g_strdup ("FR");
  shipment->shipped_at = T0 + 86400 * SECOND;
  shipment->status = RP_TRACKING_IN_TRANSIT;
  event = rp_tracking_event_new ();
  event->at = T0 + 2 * 86400 * SECOND;
  event->description = g_strdup ("Accepted by carrier <b>Shenzhen</b>");
  event->action_code = g_strdup ("GWMS_ACCEPT");
  g_ptr_array_add (shipment->events, event);
  event = rp_tracking_event_new ();
  event->at = T0 + 3 * 86400 * SECOND;
  event->description = g_strdup ("Departed from sorting center");
  event->address = g_strdup ("Shenzhen");
  g_ptr_array_add (shipment->events, event);
  g_ptr_array_add (shipments, shipment);
  g_assert_true (rp_store_upsert_shipments_sync (fixture->store, fixture->account, shipments,
                                                 &error));
  g_assert_no_error (error);

  /* Disputes name the child order; the order list and its conversation the parent. */
  dispute->issue_id = g_strdup (ISSUE_ID);
  dispute->order_id = g_strdup (CHILD_ORDER);
  dispute->parent_order_id = g_strdup (PARENT_ORDER);
  dispute->buyer_login_id = g_strdup ("fr1001");
  dispute->raw_status = g_strdup ("processing");
  dispute->status = RP_DISPUTE_STATUS_PROCESSING;
  dispute->reason = g_strdup ("Item not as described");
  dispute->reason_id = g_strdup ("R1");
  dispute->created_at = T0 + 10 * 86400 * SECOND;
  dispute->modified_at = T0 + 10 * 86400 * SECOND;
  dispute->has_detail = TRUE;
  dispute->deadline = T0 + 15 * 86400 * SECOND;
  dispute->product_name = g_strdup ("Linen shirt");
  dispute->product_price.cents = 2599;
  memcpy (dispute->product_price.currency, "USD", 3);
  dispute->refund_max = dispute->product_price;

  solution = rp_solution_new ();
  solution->solution_id = g_strdup ("s-1");
  solution->solution_type = g_strdup ("refund");
  solution->owner = g_strdup ("buyer");
  solution->status = g_strdup ("wait_seller_confirm");
  solution->refund = dispute->product_price;
  solution->content = g_strdup ("Full refund please");
  solution->created_at = T0 + 10 * 86400 * SECOND;
  g_ptr_array_add (dispute->buyer_solutions, solution);
  solution = rp_solution_new ();
  solution->solution_id = g_strdup ("s-2");
  solution->solution_type = g_strdup ("refund");
  solution->owner = g_strdup ("seller");
  solution->refund.cents = 1000;
  memcpy (solution->refund.currency, "USD", 3);
  g_ptr_array_add (dispute->seller_solutions, solution);

  step = rp_dispute_event_new ();
  step->action_type = g_strdup ("initiate");
  step->actor = g_strdup ("buyer");
  step->content = g_strdup ("Wrong colour, it is green");
  step->at = T0 + 10 * 86400 * SECOND;
  step->attachments = g_strsplit ("photo-1.jpg", ",", -1);
  g_ptr_array_add (dispute->history, step);
  g_ptr_array_add (disputes, dispute);
  g_assert_true (rp_store_upsert_disputes_sync (fixture->store, fixture->account, disputes,
                                                &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(RpStoreAccount) account = rp_store_account_new ();
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("rp-evidence-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "rapport.db", NULL);
  fixture->store = rp_store_new (fixture->path);
  g_assert_true (rp_store_open_sync (fixture->store, &error));
  g_assert_no_error (error);
  fixture->loop = g_main_loop_new (NULL, FALSE);

  account->marketplace = g_strdup ("aliexpress");
  account->base_url = g_strdup ("http://127.0.0.1:1");
  account->app_key = g_strdup ("sandbox");
  account->name = g_strdup ("Atelier Lin");
  account->seller_id = g_strdup ("2000001");
  fixture->account = rp_store_add_account_sync (fixture->store, account, &error);
  g_assert_no_error (error);

  add_order (fixture);
  add_conversation (fixture);
  add_shipment_and_dispute (fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  rp_store_close (fixture->store);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->loop, g_main_loop_unref);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* The five messages most tests share: both sides, out of order, one tie in time. */
static void
add_small_transcript (Fixture *fixture)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (messages, make_message (PARENT_ORDER, "m-3", FALSE, "It is green.\nNot blue.",
                                           T0 + 12 * 86400 * SECOND));
  g_ptr_array_add (messages, make_message (PARENT_ORDER, "m-1", FALSE, "Hello, is it blue?",
                                           T0 + 3600 * SECOND));
  g_ptr_array_add (messages, make_message (PARENT_ORDER, "m-2", TRUE, "Yes: blue, size L.",
                                           T0 + 7200 * SECOND + 250));
  g_ptr_array_add (messages, make_message (PARENT_ORDER, "m-5", TRUE, "Sorry! Sending a photo.",
                                           T0 + 13 * 86400 * SECOND));
  g_ptr_array_add (messages, make_message (PARENT_ORDER, "m-4", FALSE, "Same second as m-5",
                                           T0 + 13 * 86400 * SECOND));
  add_messages (fixture, messages);
}

static void
collect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  gpointer *out = data;
  GError *error = NULL;

  out[0] = rp_evidence_collect_finish (result, &error);
  out[1] = error;
}

static RpEvidence *
collect (Fixture     *fixture,
         const char  *order_id,
         const char  *issue_id,
         GError     **error)
{
  gpointer out[2] = { NULL, NULL };

  rp_evidence_collect_async (fixture->store, fixture->account, order_id, issue_id, NULL,
                             collect_cb, out);
  while (out[0] == NULL && out[1] == NULL)
    g_main_context_iteration (NULL, TRUE);

  if (out[1] != NULL)
    g_propagate_error (error, out[1]);
  return out[0];
}

static JsonObject *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static JsonObject *
array_object (JsonObject *object,
              const char *member,
              guint       index)
{
  JsonArray *array = json_object_get_array_member (object, member);

  g_assert_nonnull (array);
  g_assert_cmpuint (index, <, json_array_get_length (array));
  return json_array_get_object_element (array, index);
}

/* Tests -------------------------------------------------------------------------------- */

static void
test_json_parts (Fixture       *fixture,
                 gconstpointer  data)
{
  static const char *keys[] = { "format", "generated_at", "account_id", "order_id",
                                "requested_issue_id", "seller_time_zone", "buyer_time_zone",
                                "order", "conversations", "transcript", "transcript_format",
                                "transcript_sha256", "tracking", "disputes", NULL };
  g_autoptr(RpEvidence) evidence = NULL;
  g_autoptr(GTimeZone) tokyo = g_time_zone_new_identifier ("Asia/Tokyo");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GList) members = NULL;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;
  g_autofree char *digest = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(RpOutboxItem) item = NULL;
  g_autoptr(RpMessage) echo = NULL;
  JsonObject *order, *message, *parcel, *dispute, *step;
  JsonArray *transcript;
  GList *l;
  guint i;

  add_small_transcript (fixture);

  /* A message still in the outbox was never sent: it is not evidence of anything. */
  item = rp_outbox_item_new (RP_OUTBOX_KIND_MESSAGE, fixture->account, PARENT_ORDER, "{}");
  echo = make_message (PARENT_ORDER, NULL, TRUE, "not sent yet", T0 + 20 * 86400 * SECOND);
  echo->account_id = fixture->account;
  g_assert_cmpint (rp_store_outbox_enqueue_sync (fixture->store, item, echo, &error), >, 0);
  g_assert_no_error (error);

  evidence = collect (fixture, PARENT_ORDER, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (evidence);
  g_assert_cmpstr (rp_evidence_get_order_id (evidence), ==, PARENT_ORDER);
  g_assert_cmpuint (rp_evidence_get_n_messages (evidence), ==, 5);
  g_assert_cmpuint (rp_evidence_get_n_disputes (evidence), ==, 1);
  rp_evidence_set_seller_zone (evidence, tokyo);
  rp_evidence_set_generated_at (evidence, T0 + 30 * 86400 * SECOND);

  json = rp_evidence_to_json (evidence);
  root = parse_json (json);

  /* Every part, in a fixed order. */
  members = json_object_get_members (root);
  for (l = members, i = 0; l != NULL; l = l->next, i++)
    g_assert_cmpstr (l->data, ==, keys[i]);
  g_assert_null (keys[i]);
  /* The same text twice: nothing in it depends on hash order or the clock. */
  again = rp_evidence_to_json (evidence);
  g_assert_cmpstr (json, ==, again);

  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, RP_EVIDENCE_JSON_FORMAT);
  g_assert_cmpstr (json_object_get_string_member (root, "generated_at"), ==, "2025-12-24T16:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (root, "seller_time_zone"), ==, "Asia/Tokyo");
  g_assert_cmpstr (json_object_get_string_member (root, "buyer_time_zone"), ==, "Europe/Paris");

  order = json_object_get_object_member (root, "order");
  g_assert_cmpstr (json_object_get_string_member (order, "order_id"), ==, PARENT_ORDER);
  g_assert_cmpstr (json_object_get_string_member (order, "status"), ==, "shipped");
  g_assert_cmpstr (json_object_get_string_member (order, "marketplace_status"), ==,
                   "WAIT_BUYER_ACCEPT_GOODS");
  g_assert_cmpstr (json_object_get_string_member (order, "note"), ==,
                   "Please no invoice <i>inside</i>");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (order, "total"),
                                               "minor_units"), ==, 2599);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (order, "address"),
                                                  "city"), ==, "Lyon");
  g_assert_cmpstr (json_object_get_string_member (array_object (order, "items", 0), "title"), ==,
                   "Linen shirt");
  g_assert_cmpstr (json_object_get_string_member (array_object (order, "items", 0), "note"), ==,
                   "Blue, not green");

  g_assert_cmpstr (json_object_get_string_member (array_object (root, "conversations", 0),
                                                  "channel_id"), ==, PARENT_ORDER);

  /* The whole transcript, oldest first, ties by message id, each with three times. */
  transcript = json_object_get_array_member (root, "transcript");
  g_assert_cmpuint (json_array_get_length (transcript), ==, 5);
  for (i = 0; i < 5; i++)
    {
      static const char *ids[] = { "m-1", "m-2", "m-3", "m-4", "m-5" };

      message = json_array_get_object_element (transcript, i);
      g_assert_cmpstr (json_object_get_string_member (message, "message_id"), ==, ids[i]);
    }
  message = json_array_get_object_element (transcript, 1);
  g_assert_cmpstr (json_object_get_string_member (message, "side"), ==, "seller");
  g_assert_cmpstr (json_object_get_string_member (message, "server_time_utc"), ==,
                   "2025-11-24T18:00:00.000250Z");
  g_assert_cmpstr (json_object_get_string_member (message, "seller_local_time"), ==,
                   "2025-11-25T03:00:00+09:00");
  g_assert_cmpstr (json_object_get_string_member (message, "buyer_local_time"), ==,
                   "2025-11-24T19:00:00+01:00");
  g_assert_cmpstr (json_object_get_string_member (message, "text"), ==, "Yes: blue, size L.");
  message = json_array_get_object_element (transcript, 2);
  g_assert_cmpstr (json_object_get_string_member (message, "side"), ==, "buyer");
  g_assert_cmpstr (json_object_get_string_member (message, "sender_name"), ==, "Émile Durand");
  g_assert_cmpstr (json_object_get_string_member (message, "text"), ==, "It is green.\nNot blue.");

  stored = rp_store_list_messages_sync (fixture->store, fixture->account, PARENT_ORDER, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 6);   /* the echo is in the cache, not in the pack */
  digest = rp_evidence_transcript_sha256 (stored);
  g_assert_cmpstr (json_object_get_string_member (root, "transcript_sha256"), ==, digest);
  g_assert_cmpstr (rp_evidence_get_transcript_sha256 (evidence), ==, digest);
  g_assert_cmpuint (strlen (digest), ==, 64);

  parcel = array_object (root, "tracking", 0);
  g_assert_cmpstr (json_object_get_string_member (parcel, "tracking_no"), ==, "LP00000000001");
  g_assert_cmpstr (json_object_get_string_member (parcel, "status"), ==, "in_transit");
  g_assert_cmpstr (json_object_get_string_member (array_object (parcel, "events", 0),
                                                  "description"), ==,
                   "Accepted by carrier <b>Shenzhen</b>");
  g_assert_cmpstr (json_object_get_string_member (array_object (parcel, "events", 1), "at"), ==,
                   "2025-11-27T16:00:00Z");

  dispute = array_object (root, "disputes", 0);
  g_assert_cmpstr (json_object_get_string_member (dispute, "issue_id"), ==, ISSUE_ID);
  g_assert_cmpstr (json_object_get_string_member (dispute, "reason"), ==, "Item not as described");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (dispute, "solutions")),
                    ==, 2);
  g_assert_cmpstr (json_object_get_string_member (array_object (dispute, "solutions", 0),
                                                  "party"), ==, "buyer");
  g_assert_cmpstr (json_object_get_string_member (array_object (dispute, "solutions", 1),
                                                  "party"), ==, "seller");
  step = array_object (dispute, "history", 0);
  g_assert_cmpstr (json_object_get_string_member (step, "content"), ==, "Wrong colour, it is green");
  g_assert_cmpstr (json_object_get_string_member (step, "actor"), ==, "buyer");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (step, "attachments"),
                                                  0), ==, "photo-1.jpg");
}

static void
test_by_dispute (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(RpEvidence) evidence = NULL;
  g_autoptr(RpEvidence) by_order = NULL;
  g_autoptr(RpEvidence) missing = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autofree char *json = NULL;

  add_small_transcript (fixture);

  evidence = collect (fixture, NULL, ISSUE_ID, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rp_evidence_get_order_id (evidence), ==, PARENT_ORDER);
  g_assert_cmpuint (rp_evidence_get_n_messages (evidence), ==, 5);
  json = rp_evidence_to_json (evidence);
  root = parse_json (json);
  g_assert_cmpstr (json_object_get_string_member (root, "requested_issue_id"), ==, ISSUE_ID);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "disputes")), ==, 1);

  by_order = collect (fixture, PARENT_ORDER, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rp_evidence_get_transcript_sha256 (evidence), ==,
                   rp_evidence_get_transcript_sha256 (by_order));

  /* Clear errors for what is not there, or not an id. */
  missing = collect (fixture, "8199999999999999", NULL, &error);
  g_assert_error (error, RP_EVIDENCE_ERROR, RP_EVIDENCE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "8199999999999999"));
  g_assert_null (missing);
  g_clear_error (&error);

  missing = collect (fixture, NULL, "9199999999999999", &error);
  g_assert_error (error, RP_EVIDENCE_ERROR, RP_EVIDENCE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "9199999999999999"));
  g_clear_error (&error);

  missing = collect (fixture, "../../etc/passwd", NULL, &error);
  g_assert_error (error, RP_EVIDENCE_ERROR, RP_EVIDENCE_ERROR_INVALID);
  g_clear_error (&error);

  missing = collect (fixture, PARENT_ORDER, ISSUE_ID, &error);
  g_assert_error (error, RP_EVIDENCE_ERROR, RP_EVIDENCE_ERROR_INVALID);
  g_clear_error (&error);
}

/* The canonical form, pinned: a change here breaks every digest printed so far. */
static void
test_canonical_form (void)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RpMessage) echo = make_message ("c", NULL, TRUE, "draft", T0);
  g_autofree char *text = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *expected_digest = NULL;
  const char *expected =
    "rapport-transcript-v1\n"
    "2025-11-24T16:00:00.000000Z buyer 16:8100000000000000 3:m-1 6:fr1001 12:Bonjour\n:-) \n"
    "2025-11-24T16:00:00.000001Z seller 16:8100000000000000 3:m-0 7:seller1 0:\n"
    "2025-11-24T16:00:00.000001Z seller 16:8100000000000000 3:m-2 7:seller1 7:Grüße\n";

  g_ptr_array_add (messages, make_message (PARENT_ORDER, "m-2", TRUE, "Grüße", T0 + 1));
  g_ptr_array_add (messages, make_message (PARENT_ORDER, "m-1", FALSE, "Bonjour\n:-) ", T0));
  g_ptr_array_add (messages, make_message (PARENT_ORDER, "m-0", TRUE, NULL, T0 + 1));
  g_ptr_array_add (messages, g_object_ref (echo));   /* never sent: left out */

  text = rp_evidence_canonical_transcript (messages);
  g_assert_cmpstr (text, ==, expected);

  digest = rp_evidence_transcript_sha256 (messages);
  expected_digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, expected, -1);
  g_assert_cmpstr (digest, ==, expected_digest);
  /* The value itself, so that no later version computes another one for the same text. */
  g_assert_cmpstr (digest, ==, "4980a967215526a00913e1992d136f0f2b89596d74429bbdb56bfad4ba43cdd9");
}

static gboolean
digest_is (GPtrArray  *messages,
           const char *expected)
{
  g_autofree char *digest = rp_evidence_transcript_sha256 (messages);

  return g_str_equal (digest, expected);
}

/* Every change to any message changes the digest: each character of each text, the time by
 * one microsecond, the side, the ids. */
static void
test_digest_sensitive (void)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *base = NULL;
  guint n_checked = 0;

  g_ptr_array_add (messages, make_message ("c", "m-1", FALSE, "Hello, is it blue?", T0));
  g_ptr_array_add (messages, make_message ("c", "m-2", TRUE, "Yes — blue, size L. 蓝色", T0 + SECOND));
  g_ptr_array_add (messages, make_message ("c", "m-3", FALSE, "ok", T0 + 2 * SECOND));
  base = rp_evidence_transcript_sha256 (messages);

  for (guint i = 0; i < messages->len; i++)
    {
      RpMessage *m = g_ptr_array_index (messages, i);
      g_autofree char *original = g_strdup (m->content);
      gsize length = strlen (original);

      for (gsize at = 0; at < length; at++)
        {
          g_autofree char *changed = NULL;

          /* Change one byte to another ASCII letter (valid or not as UTF-8: a digest is over
           * bytes) and see the digest move. */
          g_free (m->content);
          m->content = g_strdup (original);
          m->content[at] = m->content[at] == 'x' ? 'y' : 'x';
          changed = rp_evidence_transcript_sha256 (messages);
          g_assert_cmpstr (changed, !=, base);
          n_checked++;
        }

      /* A character added or removed at the end. */
      g_free (m->content);
      m->content = g_strconcat (original, " ", NULL);
      g_assert_false (digest_is (messages, base));
      g_free (m->content);
      m->content = g_strndup (original, length - 1);
      g_assert_false (digest_is (messages, base));
      g_free (m->content);
      m->content = g_steal_pointer (&original);

      m->sent_at += 1;
      g_assert_false (digest_is (messages, base));
      m->sent_at -= 1;

      m->is_own = !m->is_own;
      g_assert_false (digest_is (messages, base));
      m->is_own = !m->is_own;

      g_free (m->message_id);
      m->message_id = g_strdup_printf ("m-%u0", i + 1);
      g_assert_false (digest_is (messages, base));
      g_free (m->message_id);
      m->message_id = g_strdup_printf ("m-%u", i + 1);

      /* Back as it was: the same digest again. */
      g_assert_true (digest_is (messages, base));
    }

  g_assert_cmpuint (n_checked, >, 40);

  /* Text moved from one message to the next is a change too (the length prefixes). */
  {
    g_autoptr(GPtrArray) a = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(GPtrArray) b = g_ptr_array_new_with_free_func (g_object_unref);
    g_autofree char *da = NULL;
    g_autofree char *db = NULL;

    g_ptr_array_add (a, make_message ("c", "m-1", FALSE, "ab", T0));
    g_ptr_array_add (a, make_message ("c", "m-2", FALSE, "c", T0 + 1));
    g_ptr_array_add (b, make_message ("c", "m-1", FALSE, "a", T0));
    g_ptr_array_add (b, make_message ("c", "m-2", FALSE, "bc", T0 + 1));
    da = rp_evidence_transcript_sha256 (a);
    db = rp_evidence_transcript_sha256 (b);
    g_assert_cmpstr (da, !=, db);
  }
}

/* The digest is the same under any time zone and locale; the local times in the JSON are
 * not (they follow the zone), which shows the zone did change. */
static void
test_digest_stable (Fixture       *fixture,
                    gconstpointer  data)
{
  static const char *envs[][2] = {
    { "America/Los_Angeles", "C.UTF-8" },
    { "Pacific/Chatham", "C" },
    { "Asia/Kolkata", "POSIX" },
  };
  g_autoptr(RpEvidence) evidence = NULL;
  g_autoptr(RpEvidence) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *digest = NULL;
  g_autofree char *first_json = NULL;

  if (g_test_subprocess ())
    {
      /* The child: a store of its own over the parent's file, under the zone and locale it
       * was started with; it prints what the parent compares. */
      g_autoptr(RpStore) store = rp_store_new (g_getenv ("RP_EVIDENCE_TEST_DB"));
      g_autoptr(JsonObject) root = NULL;
      g_autofree char *json = NULL;
      gpointer out[2] = { NULL, NULL };
      RpEvidence *child;

      setlocale (LC_ALL, "");
      g_assert_true (rp_store_open_sync (store, &error));
      g_assert_no_error (error);
      rp_evidence_collect_async (store, fixture->account, PARENT_ORDER, NULL, NULL, collect_cb, out);
      while (out[0] == NULL && out[1] == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_assert_null (out[1]);
      child = out[0];
      json = rp_evidence_to_json (child);
      root = parse_json (json);
      g_print ("digest=%s\n", rp_evidence_get_transcript_sha256 (child));
      g_print ("json-digest=%s\n", json_object_get_string_member (root, "transcript_sha256"));
      g_print ("seller-time=%s\n",
               json_object_get_string_member (array_object (root, "transcript", 0),
                                              "seller_local_time"));
      g_object_unref (child);
      rp_store_close (store);
      return;
    }

  add_small_transcript (fixture);
  evidence = collect (fixture, PARENT_ORDER, NULL, &error);
  g_assert_no_error (error);
  digest = g_strdup (rp_evidence_get_transcript_sha256 (evidence));

  /* Same input, same digest, run after run. */
  second = collect (fixture, PARENT_ORDER, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rp_evidence_get_transcript_sha256 (second), ==, digest);

  g_setenv ("RP_EVIDENCE_TEST_DB", fixture->path, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (envs); i++)
    {
      g_autofree char *digest_line = g_strdup_printf ("*digest=%s\n*json-digest=%s\n*", digest,
                                                      digest);

      g_setenv ("TZ", envs[i][0], TRUE);
      g_setenv ("LC_ALL", envs[i][1], TRUE);
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      g_test_trap_assert_stdout (digest_line);
      /* The first message is 2025-11-24T17:00:00Z: each zone shows it differently. */
      if (i == 0)
        g_test_trap_assert_stdout ("*seller-time=2025-11-24T09:00:00-08:00*");
      else if (i == 1)
        g_test_trap_assert_stdout ("*seller-time=2025-11-25T06:45:00+13:45*");
      else
        g_test_trap_assert_stdout ("*seller-time=2025-11-24T22:30:00+05:30*");
    }
  g_unsetenv ("TZ");
  g_unsetenv ("LC_ALL");

  /* One character of one stored message changed: the next pack shows it. */
  g_ptr_array_add (changed, make_message (PARENT_ORDER, "m-3", FALSE, "It is green.\nNot blue!",
                                          T0 + 12 * 86400 * SECOND));
  add_messages (fixture, changed);
  g_clear_object (&second);
  second = collect (fixture, PARENT_ORDER, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rp_evidence_get_transcript_sha256 (second), !=, digest);
}

/* PDF ---------------------------------------------------------------------------------- */

static char *
pdf_text (const char *pdf_path)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { PDFTOTEXT, "-enc", "UTF-8", pdf_path, "-", NULL };
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static char *
write_pdf (Fixture    *fixture,
           RpEvidence *evidence,
           guint      *out_pages)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = rp_evidence_to_pdf (evidence, out_pages, &error);
  g_autofree char *path = g_build_filename (fixture->dir, "out.pdf", NULL);
  gsize size;
  const char *data;

  g_assert_no_error (error);
  g_assert_nonnull (pdf);
  data = g_bytes_get_data (pdf, &size);
  g_assert_cmpuint (size, >, 5);
  g_assert_true (memcmp (data, "%PDF-", 5) == 0);
  g_assert_true (g_file_set_contents (path, data, size, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&path);
}

static void
test_pdf_long (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RpEvidence) evidence = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) pages = NULL;
  guint n_pages = 0;
  guint n_text_pages;
  gint64 started, collected;

  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *id = g_strdup_printf ("m-%04u", i);
      g_autofree char *content = g_strdup_printf ("Message number %04u: when will the parcel "
                                                  "arrive? It has been a while.", i);

      g_ptr_array_add (messages, make_message (PARENT_ORDER, id, i % 3 == 0, content,
                                               T0 + i * 600 * SECOND));
    }
  add_messages (fixture, messages);

  started = g_get_monotonic_time ();
  evidence = collect (fixture, PARENT_ORDER, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rp_evidence_get_n_messages (evidence), ==, 500);
  collected = g_get_monotonic_time ();
  path = write_pdf (fixture, evidence, &n_pages);
  g_test_message ("500 messages: gathered in %" G_GINT64_FORMAT " ms, PDF made in %"
                  G_GINT64_FORMAT " ms", (collected - started) / 1000,
                  (g_get_monotonic_time () - collected) / 1000);

  /* About fifteen messages a page: the transcript runs over many pages. */
  g_test_message ("500 messages: %u pages", n_pages);
  g_assert_cmpuint (n_pages, >=, 20);
  g_assert_cmpuint (n_pages, <=, 60);

  text = pdf_text (path);
  pages = g_strsplit (text, "\f", -1);
  n_text_pages = g_strv_length (pages);
  /* pdftotext ends each page with a form feed. */
  if (n_text_pages > 0 && *pages[n_text_pages - 1] == '\0')
    n_text_pages--;
  g_assert_cmpuint (n_text_pages, ==, n_pages);

  /* The digest and the page number on every page's footer, and once more at the end. */
  for (guint i = 0; i < n_pages; i++)
    {
      g_autofree char *footer = g_strdup_printf ("page %u of %u", i + 1, n_pages);

      g_assert_nonnull (strstr (pages[i], rp_evidence_get_transcript_sha256 (evidence)));
      g_assert_nonnull (strstr (pages[i], footer));
    }
  g_assert_cmpuint (count (text, rp_evidence_get_transcript_sha256 (evidence)), ==, n_pages + 1);

  /* Nothing lost at a page break: every message is there, once. */
  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *needle = g_strdup_printf ("Message number %04u:", i);

      g_assert_cmpuint (count (text, needle), ==, 1);
    }
  g_assert_nonnull (strstr (text, "Evidence for order " PARENT_ORDER));
  g_assert_nonnull (strstr (text, "Departed from sorting center"));
  g_assert_nonnull (strstr (text, "Wrong colour, it is green"));
  g_assert_nonnull (strstr (text, "Linen shirt"));
}

static void
test_hostile (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RpEvidence) evidence = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GString) word = g_string_new (NULL);
  g_autofree char *json = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *squeezed = NULL;
  JsonArray *transcript;
  guint n_pages = 0;
  const char *texts[] = {
    "<b>bold</b> &amp; <span foreground=\"red\">red</span> <markup",
    "price \xe2\x80\xae" "001$\xe2\x80\xac and \xe2\x81\xa6isolated\xe2\x81\xa9 text",   /* RLO, LRI */
    NULL,   /* the 10 kB word */
    "tab\tand bell\x07 and escape\x1b[31m and NUL-free \xef\xbf\xbd replacement",
    "混合 العربية mixed עברית 🙂‍↔️ e\xcc\x81",
  };

  /* A 10 kB word: one unbroken run the layout must cut anywhere. */
  for (guint i = 0; word->len < 10 * 1024; i++)
    g_string_append_c (word, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[i % 26]);
  texts[2] = word->str;

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *id = g_strdup_printf ("h-%u", i);

      g_ptr_array_add (messages, make_message (PARENT_ORDER, id, FALSE, texts[i],
                                               T0 + i * SECOND));
    }
  g_ptr_array_add (messages, make_message (PARENT_ORDER, "h-9", TRUE, "after the hostile ones",
                                           T0 + 100 * SECOND));
  add_messages (fixture, messages);

  evidence = collect (fixture, PARENT_ORDER, NULL, &error);
  g_assert_no_error (error);

  /* The JSON keeps every byte as the buyer wrote it. */
  json = rp_evidence_to_json (evidence);
  root = parse_json (json);
  transcript = json_object_get_array_member (root, "transcript");
  g_assert_cmpuint (json_array_get_length (transcript), ==, G_N_ELEMENTS (texts) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (transcript, i),
                                                    "text"), ==, texts[i]);

  /* The PDF shows the markup as text, contains all of the long word and goes on after it. */
  path = write_pdf (fixture, evidence, &n_pages);
  g_assert_cmpuint (n_pages, >=, 2);
  g_assert_cmpuint (n_pages, <=, 8);
  text = pdf_text (path);
  g_assert_nonnull (strstr (text, "<b>bold</b> &amp; <span foreground=\"red\">red</span>"));
  g_assert_nonnull (strstr (text, "after the hostile ones"));
  g_assert_nonnull (strstr (text, "Linen shirt"));
  g_assert_nonnull (strstr (text, rp_evidence_get_transcript_sha256 (evidence)));
  /* The override cannot turn "001$" around: it is shown as a replacement character. */
  g_assert_nonnull (strstr (text, "001$"));
  g_assert_null (strstr (text, "\xe2\x80\xae"));

  /* Every letter of the word is on the pages, in order, cut into lines no wider than the
   * page; only the page footers come between its pieces. */
  {
    GString *joined = g_string_new (NULL);
    g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
    guint longest = 0;

    for (guint i = 0; lines[i] != NULL; i++)
      {
        const char *line = lines[i];

        while (*line == '\f')
          line++;
        longest = MAX (longest, g_utf8_strlen (line, -1));
        if (strstr (line, rp_evidence_get_transcript_sha256 (evidence)) == NULL &&
            strstr (line, " of ") == NULL)
          g_string_append (joined, line);
      }
    squeezed = g_string_free (joined, FALSE);
    g_assert_nonnull (strstr (squeezed, word->str));
    g_test_message ("longest line: %u characters", longest);
    g_assert_cmpuint (longest, <, 140);
  }
}

/* Files -------------------------------------------------------------------------------- */

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  gpointer *out = data;
  GError *error = NULL;
  char *pdf_path = NULL;
  char *json_path = NULL;

  if (rp_evidence_export_finish (RP_EVIDENCE (object), result, &pdf_path, &json_path, &error))
    {
      out[0] = pdf_path;
      out[1] = json_path;
    }
  else
    out[2] = error;
  out[3] = GINT_TO_POINTER (TRUE);
}

static gboolean
export (RpEvidence  *evidence,
        const char  *folder,
        char       **out_pdf,
        char       **out_json,
        GError     **error)
{
  gpointer out[4] = { NULL, NULL, NULL, NULL };

  rp_evidence_export_async (evidence, folder, NULL, export_cb, out);
  while (out[3] == NULL)
    g_main_context_iteration (NULL, TRUE);

  if (out[2] != NULL)
    {
      g_propagate_error (error, out[2]);
      return FALSE;
    }
  *out_pdf = out[0];
  *out_json = out[1];
  return TRUE;
}

static void
test_export_files (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(RpEvidence) evidence = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_build_filename (fixture->dir, "new", "folder", NULL);
  g_autofree char *pdf_path = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *json = NULL;
  g_autofree char *blocker = g_build_filename (fixture->dir, "a-file", NULL);
  g_autofree char *under_file = g_build_filename (blocker, "sub", NULL);
  g_autofree char *taken = g_build_filename (fixture->dir, "taken", NULL);
  g_autofree char *taken_json = g_build_filename (taken, "evidence-" PARENT_ORDER ".json", NULL);
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n_files = 0;
  char *unused_pdf = NULL;
  char *unused_json = NULL;

  add_small_transcript (fixture);
  evidence = collect (fixture, PARENT_ORDER, NULL, &error);
  g_assert_no_error (error);

  /* A folder that does not exist yet is made. */
  g_assert_true (export (evidence, folder, &pdf_path, &json_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (pdf_path, "/new/folder/evidence-" PARENT_ORDER ".pdf"));
  g_assert_true (g_str_has_suffix (json_path, "/new/folder/evidence-" PARENT_ORDER ".json"));
  g_assert_true (g_file_get_contents (json_path, &json, NULL, &error));
  g_assert_no_error (error);
  root = parse_json (json);
  g_assert_cmpstr (json_object_get_string_member (root, "transcript_sha256"), ==,
                   rp_evidence_get_transcript_sha256 (evidence));

  /* Again over the same names: replaced, and no temporary file is left behind. */
  g_clear_pointer (&pdf_path, g_free);
  g_clear_pointer (&json_path, g_free);
  g_assert_true (export (evidence, folder, &pdf_path, &json_path, &error));
  g_assert_no_error (error);
  dir = g_dir_open (folder, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_true (g_str_equal (name, "evidence-" PARENT_ORDER ".pdf") ||
                     g_str_equal (name, "evidence-" PARENT_ORDER ".json"));
      n_files++;
    }
  g_assert_cmpuint (n_files, ==, 2);

  /* A folder that cannot be made (under a plain file). */
  g_assert_true (g_file_set_contents (blocker, "x", 1, &error));
  g_assert_false (export (evidence, under_file, &unused_pdf, &unused_json, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, under_file));
  g_clear_error (&error);

  /* A name that cannot be written (a folder sits there): an error, the folder untouched. */
  g_assert_cmpint (g_mkdir_with_parents (taken_json, 0700), ==, 0);
  g_assert_false (export (evidence, taken, &unused_pdf, &unused_json, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, taken_json));
  g_assert_true (g_file_test (taken_json, G_FILE_TEST_IS_DIR));
  g_clear_error (&error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rapport/evidence/canonical-form", test_canonical_form);
  g_test_add_func ("/rapport/evidence/digest-sensitive", test_digest_sensitive);
  g_test_add ("/rapport/evidence/json-parts", Fixture, NULL, fixture_setup, test_json_parts,
              fixture_teardown);
  g_test_add ("/rapport/evidence/by-dispute", Fixture, NULL, fixture_setup, test_by_dispute,
              fixture_teardown);
  g_test_add ("/rapport/evidence/digest-stable", Fixture, NULL, fixture_setup, test_digest_stable,
              fixture_teardown);
  g_test_add ("/rapport/evidence/pdf-500-messages", Fixture, NULL, fixture_setup, test_pdf_long,
              fixture_teardown);
  g_test_add ("/rapport/evidence/hostile-text", Fixture, NULL, fixture_setup, test_hostile,
              fixture_teardown);
  g_test_add ("/rapport/evidence/export-files", Fixture, NULL, fixture_setup, test_export_files,
              fixture_teardown);

  return g_test_run ();
}
