/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-shipments"

#include "config.h"

#include <adwaita.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "rp-context.h"
#include "rp-shipment-detail.h"
#include "rp-shipments-page.h"
#include "rp-time.h"
#include "rp-test-demo.h"
#include "rp-test-ui.h"
#include "rp-today.h"
#include "rp-tracking-entry.h"

/* The Shipments page against the demo marketplace: the cache filled by a real sync from
 * rapport-sandbox, its stalled, customs-held and never-scanned parcels found by the rules,
 * a drafted message and an extension of the buyer's time sent through the outbox and seen
 * in the sandbox's own world. */

typedef struct
{
  GSettings       *settings;
  RpContext       *context;
  GtkWindow       *window;
  RpShipmentsPage *page;
  RpStore         *store;
  char            *base_url;
  gint64           account_id;
} Fixture;

static Fixture fixture;

static gboolean
page_settled (gpointer data)
{
  GListModel *model = rp_shipments_page_get_model (fixture.page);
  gint64 count = rp_store_count_sync (fixture.store, 0, RP_STORE_CHANGE_SHIPMENTS, NULL);

  return count > 0 && !rp_shipments_page_get_busy (fixture.page) &&
         g_list_model_get_n_items (model) == (guint)count;
}

static char *
member_id (JsonObject *object,
           const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return NULL;

  return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
}

/* Tracking number → the sandbox's scenario for the parcel. */
static GHashTable *
sandbox_scenarios (JsonNode *world)
{
  JsonArray *shipments = json_object_get_array_member (json_node_get_object (world), "shipments");
  GHashTable *scenarios = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < json_array_get_length (shipments); i++)
    {
      JsonObject *shipment = json_array_get_object_element (shipments, i);

      g_hash_table_insert (scenarios,
                           g_strdup (json_object_get_string_member (shipment, "logistics_no")),
                           g_strdup (json_object_get_string_member (shipment, "scenario")));
    }

  return scenarios;
}

static JsonObject *
sandbox_order (JsonNode   *world,
               const char *order_id)
{
  JsonArray *orders = json_object_get_array_member (json_node_get_object (world), "orders");

  for (guint i = 0; i < json_array_get_length (orders); i++)
    {
      JsonObject *order = json_array_get_object_element (orders, i);
      g_autofree char *id = member_id (order, "order_id");

      if (g_strcmp0 (id, order_id) == 0)
        return order;
    }

  return NULL;
}

static JsonArray *
sandbox_order_messages (JsonNode   *world,
                        const char *order_id)
{
  JsonArray *conversations = json_object_get_array_member (json_node_get_object (world),
                                                           "conversations");

  for (guint i = 0; i < json_array_get_length (conversations); i++)
    {
      JsonObject *conversation = json_array_get_object_element (conversations, i);
      g_autofree char *id = member_id (conversation, "order_id");

      if (g_strcmp0 (id, order_id) == 0)
        return json_object_get_array_member (conversation, "messages");
    }

  return NULL;
}

static void
fixture_open (void)
{
  GtkWidget *header;

  fixture.settings = g_settings_new (APP_ID);
  fixture.context = rp_test_demo_open (fixture.settings);
  fixture.store = rp_context_get_store (fixture.context);
  fixture.account_id = rp_test_demo_account (fixture.context, &fixture.base_url);

  fixture.window = GTK_WINDOW (gtk_window_new ());
  header = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new ("Shipments", NULL));
  gtk_window_set_titlebar (fixture.window, header);
  fixture.page = g_object_new (RP_TYPE_SHIPMENTS_PAGE, "context", fixture.context, NULL);
  gtk_window_set_child (fixture.window, GTK_WIDGET (fixture.page));
  gtk_window_set_default_size (fixture.window, 1100, 720);
  gtk_window_present (fixture.window);
  rp_test_ui_wait_for_mapped (GTK_WIDGET (fixture.window));

  g_assert_true (rp_test_wait_until (rp_test_demo_synced, fixture.context, 120));
  /* The list reloads a moment after the store's last change. */
  rp_test_ui_iterate (1000);
  g_assert_true (rp_test_wait_until (page_settled, NULL, 60));
}

static GtkWidget *
find_mapped (GtkWidget *root,
             GType      type)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_mapped (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
not_busy (gpointer data)
{
  return !rp_shipments_page_get_busy (fixture.page);
}

static gboolean
n_items_is (gpointer data)
{
  return !rp_shipments_page_get_busy (fixture.page) &&
         g_list_model_get_n_items (rp_shipments_page_get_model (fixture.page)) == GPOINTER_TO_UINT (data);
}

/* Every parcel of the cache is listed and read; the rules find the sandbox's problem
 * parcels, and only those. */
static void
test_problems_match_the_sandbox (void)
{
  GListModel *model = rp_shipments_page_get_model (fixture.page);
  g_autoptr(JsonNode) world = rp_test_sandbox_request (fixture.base_url, "GET", "/sandbox/export");
  g_autoptr(GHashTable) scenarios = sandbox_scenarios (world);
  GtkToggleButton *problems = GTK_TOGGLE_BUTTON (rp_test_ui_find_widget (GTK_WIDGET (fixture.page), GTK_TYPE_TOGGLE_BUTTON, NULL, NULL));
  guint counts[RP_PARCEL_PROBLEM_EXCEPTION + 1] = { 0, };
  guint n_problems = 0;
  guint n_stalled_scenario = 0;
  guint n = g_list_model_get_n_items (model);
  guint n_loaded = 0;
  gint64 started;

  g_assert_cmpuint (n, >=, 50);

  /* Unfiltered, only the parcels with a row had their timelines read (GTK keeps rows for
   * up to 200 items around the visible ones). */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RpTrackingEntry) entry = g_list_model_get_item (model, i);

      if (rp_tracking_entry_get_loaded (entry))
        n_loaded++;
    }
  g_assert_cmpuint (n_loaded, >, 0);
  g_assert_cmpuint (n_loaded, <, n);

  /* The problem filter reads every parcel. */
  started = g_get_monotonic_time ();
  gtk_toggle_button_set_active (problems, TRUE);
  g_assert_true (rp_test_wait_until (not_busy, NULL, 60));
  g_test_message ("%u of %u timelines read in %.0f ms", n - n_loaded, n,
                  (g_get_monotonic_time () - started) / 1000.0);
  gtk_toggle_button_set_active (problems, FALSE);
  g_assert_true (rp_test_wait_until (n_items_is, GUINT_TO_POINTER (n), 10));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RpTrackingEntry) entry = g_list_model_get_item (model, i);
      RpShipment *shipment = rp_tracking_entry_get_shipment (entry);
      const RpTrackingAssessment *a = rp_tracking_entry_get_assessment (entry);
      RpParcelProblem problem = rp_tracking_entry_get_problem (entry);
      const char *scenario = g_hash_table_lookup (scenarios, shipment->tracking_no);

      g_assert_true (rp_tracking_entry_get_loaded (entry));
      g_assert_nonnull (a);
      g_assert_nonnull (scenario);
      counts[problem]++;
      if (problem != RP_PARCEL_PROBLEM_NONE)
        n_problems++;

      switch (problem)
        {
        case RP_PARCEL_PROBLEM_NO_FIRST_SCAN:
          g_assert_cmpstr (scenario, ==, "no_first_scan");
          g_assert_cmpuint (a->days_since_shipped, >=, 3);
          break;
        case RP_PARCEL_PROBLEM_CUSTOMS:
          g_assert_cmpstr (scenario, ==, "customs");
          break;
        case RP_PARCEL_PROBLEM_STALLED:
          /* The sandbox's stalled parcels, and any other scanned parcel quiet for 5 days
           * (a long flight leg can be). */
          g_assert_cmpstr (scenario, !=, "no_first_scan");
          g_assert_cmpstr (scenario, !=, "delivered");
          g_assert_cmpuint (a->days_since_event, >=, 5);
          if (g_str_equal (scenario, "stalled"))
            n_stalled_scenario++;
          break;
        case RP_PARCEL_PROBLEM_NONE:
          /* Not scanned yet, but shipped too recently to worry about. */
          if (g_str_equal (scenario, "no_first_scan"))
            g_assert_cmpuint (a->days_since_shipped, <, 3);
          /* Not quiet long enough yet. */
          if (g_str_equal (scenario, "stalled") && a->has_first_scan)
            g_assert_cmpuint (a->days_since_event, <, 5);
          if (g_str_equal (scenario, "delivered"))
            g_assert_cmpint (a->status, ==, RP_TRACKING_DELIVERED);
          break;
        case RP_PARCEL_PROBLEM_PROTECTION:
          /* Still on its way, and the buyer's protection ends within the week. */
          g_assert_true (a->protection_expiring);
          g_assert_cmpint (a->status, !=, RP_TRACKING_DELIVERED);
          g_assert_cmpint (shipment->protection_end, >, g_get_real_time ());
          g_assert_cmpint (shipment->protection_end - g_get_real_time (), <=, 7 * G_TIME_SPAN_DAY);
          break;
        case RP_PARCEL_PROBLEM_DELIVERY_FAILED:
        case RP_PARCEL_PROBLEM_EXCEPTION:
        default:
          g_assert_not_reached ();
        }
    }

  g_test_message ("%u parcels: %u without a first scan, %u in customs, %u stalled, "
                  "%u with protection ending", n,
                  counts[RP_PARCEL_PROBLEM_NO_FIRST_SCAN], counts[RP_PARCEL_PROBLEM_CUSTOMS],
                  counts[RP_PARCEL_PROBLEM_STALLED], counts[RP_PARCEL_PROBLEM_PROTECTION]);
  g_assert_cmpuint (counts[RP_PARCEL_PROBLEM_NO_FIRST_SCAN], >, 0);
  g_assert_cmpuint (counts[RP_PARCEL_PROBLEM_CUSTOMS], >, 0);
  g_assert_cmpuint (counts[RP_PARCEL_PROBLEM_STALLED], >, 0);
  g_assert_cmpuint (n_stalled_scenario, >, 0);

  /* The filter keeps exactly those. */
  gtk_toggle_button_set_active (problems, TRUE);
  g_assert_true (rp_test_wait_until (n_items_is, GUINT_TO_POINTER (n_problems), 10));
  for (guint i = 0, previous = G_MAXUINT; i < n_problems; i++)
    {
      g_autoptr(RpTrackingEntry) entry = g_list_model_get_item (model, i);
      guint urgency = rp_today_urgency_parcel (rp_tracking_entry_get_assessment (entry));

      g_assert_cmpint (rp_tracking_entry_get_problem (entry), !=, RP_PARCEL_PROBLEM_NONE);
      /* The most pressing first. */
      g_assert_cmpuint (urgency, <=, previous);
      previous = urgency;
    }
  gtk_toggle_button_set_active (problems, FALSE);
  g_assert_true (rp_test_wait_until (n_items_is, GUINT_TO_POINTER (n), 10));
}

static guint
count_problem (RpParcelProblem problem,
               guint           min_days)
{
  GListModel *model = rp_shipments_page_get_model (fixture.page);
  guint count = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RpTrackingEntry) entry = g_list_model_get_item (model, i);

      if (rp_tracking_entry_get_problem (entry) == problem &&
          rp_tracking_entry_get_assessment (entry)->days_since_event >= min_days)
        count++;
    }

  return count;
}

/* The thresholds come from the settings and apply at once; nonsense is refused. */
static void
test_settings (void)
{
  guint stalled = count_problem (RP_PARCEL_PROBLEM_STALLED, 0);
  guint long_stalled = count_problem (RP_PARCEL_PROBLEM_STALLED, 30);
  guint total_days = 0, business_days = 0;
  GListModel *model = rp_shipments_page_get_model (fixture.page);

  g_assert_cmpuint (stalled, >, long_stalled);

  g_settings_set_value (fixture.settings, "parcel-stalled-days", g_variant_new_parsed ("@au [30, 40, 50]"));
  rp_test_ui_iterate (300);
  g_assert_cmpuint (count_problem (RP_PARCEL_PROBLEM_STALLED, 0), ==, long_stalled);

  /* Not increasing: the defaults. */
  g_test_expect_message ("rp-shipments-page", G_LOG_LEVEL_WARNING, "*not increasing*");
  g_settings_set_value (fixture.settings, "parcel-stalled-days", g_variant_new_parsed ("@au [9, 3, 50]"));
  rp_test_ui_iterate (300);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (count_problem (RP_PARCEL_PROBLEM_STALLED, 0), ==, stalled);
  g_settings_reset (fixture.settings, "parcel-stalled-days");
  rp_test_ui_iterate (300);

  /* Without weekends the parcels have fewer days without news. */
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RpTrackingEntry) entry = g_list_model_get_item (model, i);

      total_days += rp_tracking_entry_get_assessment (entry)->days_since_event;
    }
  g_settings_set_boolean (fixture.settings, "parcel-skip-weekends", TRUE);
  rp_test_ui_iterate (300);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RpTrackingEntry) entry = g_list_model_get_item (model, i);

      business_days += rp_tracking_entry_get_assessment (entry)->days_since_event;
    }
  g_assert_cmpuint (business_days, <, total_days);
  g_settings_reset (fixture.settings, "parcel-skip-weekends");
  rp_test_ui_iterate (300);
  g_assert_cmpuint (count_problem (RP_PARCEL_PROBLEM_STALLED, 0), ==, stalled);
}

static void
test_search (void)
{
  GListModel *model = rp_shipments_page_get_model (fixture.page);
  guint all = g_list_model_get_n_items (model);
  GtkSearchEntry *search = GTK_SEARCH_ENTRY (rp_test_ui_find_widget (GTK_WIDGET (fixture.page), GTK_TYPE_SEARCH_ENTRY, NULL, NULL));
  g_autoptr(RpTrackingEntry) some = g_list_model_get_item (model, all / 2);
  g_autofree char *tracking_no = g_strdup (rp_tracking_entry_get_shipment (some)->tracking_no);

  gtk_editable_set_text (GTK_EDITABLE (search), tracking_no);
  g_assert_true (rp_test_wait_until (n_items_is, GUINT_TO_POINTER (1), 10));
  {
    g_autoptr(RpTrackingEntry) found = g_list_model_get_item (model, 0);

    g_assert_cmpstr (rp_tracking_entry_get_shipment (found)->tracking_no, ==, tracking_no);
  }

  gtk_editable_set_text (GTK_EDITABLE (search), "no such parcel anywhere");
  g_assert_true (rp_test_wait_until (n_items_is, GUINT_TO_POINTER (0), 10));
  rp_test_ui_iterate (100);
  g_assert_nonnull (find_mapped (GTK_WIDGET (fixture.page), ADW_TYPE_STATUS_PAGE));

  gtk_editable_set_text (GTK_EDITABLE (search), "");
  g_assert_true (rp_test_wait_until (n_items_is, GUINT_TO_POINTER (all), 10));
}

static guint
find_parcel (RpParcelProblem problem)
{
  GListModel *model = rp_shipments_page_get_model (fixture.page);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RpTrackingEntry) entry = g_list_model_get_item (model, i);

      if (rp_tracking_entry_get_problem (entry) == problem)
        return i;
    }

  g_assert_not_reached ();
  return 0;
}

static gboolean
detail_ready (gpointer data)
{
  RpShipmentDetail *detail = rp_shipments_page_get_detail (fixture.page);
  RpTrackingEntry *entry = rp_shipment_detail_get_entry (detail);
  RpOrder *order = rp_shipment_detail_get_order (detail);

  return entry == data && order != NULL;
}

typedef struct
{
  RpOutboxKind kind;
  const char  *target;
} OutboxWait;

static gboolean
outbox_sent (gpointer data)
{
  OutboxWait *wait = data;
  g_autoptr(GPtrArray) items = rp_store_outbox_list_sync (fixture.store, fixture.account_id, NULL);

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      RpOutboxItem *item = g_ptr_array_index (items, i);

      if (item->kind == wait->kind && g_strcmp0 (item->target_id, wait->target) == 0)
        {
          g_assert_cmpint (item->state, !=, RP_OUTBOX_FAILED_PERMANENT);
          if (item->state == RP_OUTBOX_SENT)
            return TRUE;
        }
    }

  return FALSE;
}

static gboolean
notice_known (gpointer data)
{
  return rp_shipment_detail_get_notice_time (rp_shipments_page_get_detail (fixture.page)) > 0;
}

/* A stalled parcel's drafted message, in the buyer's language, reaches the buyer. */
static void
test_message_through_outbox (void)
{
  GListModel *model = rp_shipments_page_get_model (fixture.page);
  RpShipmentDetail *detail = rp_shipments_page_get_detail (fixture.page);
  GtkToggleButton *problems = GTK_TOGGLE_BUTTON (rp_test_ui_find_widget (GTK_WIDGET (fixture.page), GTK_TYPE_TOGGLE_BUTTON, NULL, NULL));
  guint position;
  g_autoptr(RpTrackingEntry) entry = NULL;
  RpShipment *shipment;
  g_autofree char *order_id = NULL;
  g_autofree char *draft = NULL;
  g_autoptr(JsonNode) world = NULL;
  OutboxWait wait = { RP_OUTBOX_KIND_MESSAGE, NULL };
  JsonArray *messages;
  gboolean found = FALSE;

  /* From here on the list shows the parcels with problems, as the seller works them. */
  gtk_toggle_button_set_active (problems, TRUE);
  rp_test_ui_iterate (300);
  position = find_parcel (RP_PARCEL_PROBLEM_STALLED);
  entry = g_list_model_get_item (model, position);
  shipment = rp_tracking_entry_get_shipment (entry);
  order_id = g_strdup (shipment->order_id);
  wait.target = order_id;

  rp_shipments_page_show_parcel (fixture.page, position);
  g_assert_true (rp_test_wait_until (detail_ready, entry, 10));
  rp_test_ui_iterate (300);
  rp_test_ui_screenshot (GTK_WIDGET (fixture.window), "shipments");

  draft = rp_shipment_detail_dup_draft (detail);
  g_assert_nonnull (strstr (draft, shipment->tracking_no));
  g_assert_nonnull (strstr (draft, order_id));
  g_assert_null (strchr (draft, '{'));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "shipment.send-message", NULL));
  g_assert_true (rp_test_wait_until (outbox_sent, &wait, 60));

  world = rp_test_sandbox_request (fixture.base_url, "GET", "/sandbox/export");
  messages = sandbox_order_messages (world, order_id);
  g_assert_nonnull (messages);
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);

      if (g_strcmp0 (json_object_get_string_member (message, "sender"), "seller") == 0 &&
          g_strcmp0 (json_object_get_string_member (message, "content"), g_strstrip (draft)) == 0)
        found = TRUE;
    }
  g_assert_true (found);

  /* The parcel remembers that the buyer was told, across views of it. */
  g_assert_cmpint (rp_shipment_detail_get_notice_time (detail), >, 0);
  rp_shipments_page_show_parcel (fixture.page, position == 0 ? 1 : 0);
  rp_test_ui_iterate (300);
  g_assert_cmpint (rp_shipment_detail_get_notice_time (detail), ==, 0);
  rp_shipments_page_show_parcel (fixture.page, position);
  g_assert_true (rp_test_wait_until (notice_known, NULL, 10));
}

static gboolean
extend_possible (gpointer data)
{
  return gtk_widget_is_visible (GTK_WIDGET (data));
}

static gboolean
has_label_starting (GtkWidget  *root,
                    const char *prefix)
{
  if (GTK_IS_LABEL (root) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (root)), prefix))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label_starting (child, prefix))
      return TRUE;

  return FALSE;
}

/* Buyer protection ends when the buyer's time to confirm receipt does: the sandbox's
 * deadline of every shipped order reaches its parcel, the rules and the detail. */
static void
test_protection (void)
{
  GListModel *model = rp_shipments_page_get_model (fixture.page);
  RpShipmentDetail *detail = rp_shipments_page_get_detail (fixture.page);
  g_autoptr(JsonNode) world = rp_test_sandbox_request (fixture.base_url, "GET", "/sandbox/export");
  guint n_checked = 0;
  guint shown = G_MAXUINT;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RpTrackingEntry) entry = g_list_model_get_item (model, i);
      RpShipment *shipment = rp_tracking_entry_get_shipment (entry);
      JsonObject *order = sandbox_order (world, shipment->order_id);
      const char *deadline;
      gint64 expected = 0;

      if (order == NULL ||
          g_strcmp0 (json_object_get_string_member (order, "order_status"), "WAIT_BUYER_ACCEPT_GOODS") != 0)
        continue;

      deadline = json_object_get_string_member (order, "over_time_left");
      g_assert_nonnull (deadline);
      g_assert_true (rp_time_parse_pacific (deadline, &expected, NULL));
      g_assert_cmpint (shipment->protection_end, ==, expected);
      n_checked++;
      if (shown == G_MAXUINT && shipment->status != RP_TRACKING_DELIVERED)
        shown = i;
    }
  g_assert_cmpuint (n_checked, >, 0);
  g_assert_cmpuint (shown, !=, G_MAXUINT);

  {
    g_autoptr(RpTrackingEntry) entry = g_list_model_get_item (model, shown);
    RpShipment *shipment = rp_tracking_entry_get_shipment (entry);
    const RpTrackingAssessment *a;

    rp_shipments_page_show_parcel (fixture.page, shown);
    g_assert_true (rp_test_wait_until (detail_ready, entry, 10));
    g_assert_true (rp_test_wait_until ((GSourceFunc)rp_tracking_entry_get_loaded, entry, 10));
    rp_test_ui_iterate (200);

    a = rp_tracking_entry_get_assessment (entry);
    g_assert_nonnull (a);
    /* The rules count down to it (assessed when the timeline was read, moments ago). */
    g_assert_cmpint (a->protection_left, >=, shipment->protection_end - g_get_real_time ());
    g_assert_cmpint (a->protection_left - (shipment->protection_end - g_get_real_time ()), <,
                     60 * G_USEC_PER_SEC);
    g_assert_true (has_label_starting (GTK_WIDGET (detail), "Buyer protection ends"));
  }
}

/* The buyer's time to confirm receipt is extended for a parcel without a first scan. */
static void
test_extend_through_outbox (void)
{
  GListModel *model = rp_shipments_page_get_model (fixture.page);
  RpShipmentDetail *detail = rp_shipments_page_get_detail (fixture.page);
  guint position = G_MAXUINT;
  g_autoptr(RpTrackingEntry) entry = NULL;
  g_autoptr(JsonNode) before = rp_test_sandbox_request (fixture.base_url, "GET", "/sandbox/export");
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *order_id = NULL;
  g_autofree char *modified_before = NULL;
  OutboxWait wait = { RP_OUTBOX_KIND_EXTEND_ACCEPT, NULL };
  GtkWidget *button;
  JsonObject *order;

  /* A problem parcel whose order still waits for the buyer to accept the goods. */
  for (guint i = 0; i < g_list_model_get_n_items (model) && position == G_MAXUINT; i++)
    {
      g_autoptr(RpTrackingEntry) candidate = g_list_model_get_item (model, i);
      JsonObject *o;

      if (rp_tracking_entry_get_problem (candidate) == RP_PARCEL_PROBLEM_NONE)
        continue;
      o = sandbox_order (before, rp_tracking_entry_get_shipment (candidate)->order_id);
      if (o != NULL && g_strcmp0 (json_object_get_string_member (o, "order_status"),
                                  "WAIT_BUYER_ACCEPT_GOODS") == 0)
        position = i;
    }
  g_assert_cmpuint (position, !=, G_MAXUINT);

  entry = g_list_model_get_item (model, position);
  order_id = g_strdup (rp_tracking_entry_get_shipment (entry)->order_id);
  modified_before = g_strdup (json_object_get_string_member (sandbox_order (before, order_id), "gmt_update"));
  wait.target = order_id;

  rp_shipments_page_show_parcel (fixture.page, position);
  g_assert_true (rp_test_wait_until (detail_ready, entry, 10));
  rp_test_ui_iterate (200);

  /* The section shows only when the cached order is one the platform can extend. */
  button = rp_test_ui_find_widget (GTK_WIDGET (detail), GTK_TYPE_SPIN_BUTTON, NULL, NULL);
  g_assert_nonnull (button);
  g_assert_true (rp_test_wait_until (extend_possible, button, 10));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "shipment.extend-accept", NULL));
  g_assert_true (rp_test_wait_until (outbox_sent, &wait, 60));

  /* The sandbox applied it: it answers success only then, and touches the order. */
  after = rp_test_sandbox_request (fixture.base_url, "GET", "/sandbox/export");
  order = sandbox_order (after, order_id);
  g_assert_nonnull (order);
  g_assert_cmpstr (json_object_get_string_member (order, "order_status"), ==, "WAIT_BUYER_ACCEPT_GOODS");
  g_assert_cmpstr (json_object_get_string_member (order, "gmt_update"), !=, modified_before);
}

static gboolean
settled_at_width (gpointer data)
{
  AdwLeaflet *leaflet = data;
  int width = gtk_widget_get_width (GTK_WIDGET (fixture.window));

  return !adw_leaflet_get_child_transition_running (leaflet) && width > 0 && width <= 400 &&
         gtk_widget_get_mapped (GTK_WIDGET (fixture.window));
}

static void
test_narrow_and_dark (void)
{
  AdwLeaflet *leaflet = ADW_LEAFLET (rp_test_ui_find_widget (GTK_WIDGET (fixture.page),
                                                             ADW_TYPE_LEAFLET, NULL, NULL));
  RpShipmentDetail *detail = rp_shipments_page_get_detail (fixture.page);

  gtk_window_set_default_size (fixture.window, 360, 640);
  rp_test_ui_iterate (600);
  g_assert_true (adw_leaflet_get_folded (leaflet));

  /* Folded: the parcel shown fills the window; back returns to the list. */
  rp_shipments_page_show_parcel (fixture.page, find_parcel (RP_PARCEL_PROBLEM_CUSTOMS));
  rp_test_ui_iterate (600);
  g_assert_true (rp_test_wait_until (settled_at_width, leaflet, 10));
  rp_test_ui_iterate (200);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "detail");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (detail)));
  rp_test_ui_screenshot (GTK_WIDGET (fixture.window), "shipments-narrow-detail");
  g_signal_emit_by_name (detail, "back");
  rp_test_ui_iterate (600);
  g_assert_true (rp_test_wait_until (settled_at_width, leaflet, 10));
  rp_test_ui_iterate (200);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "list");
  rp_test_ui_screenshot (GTK_WIDGET (fixture.window), "shipments-narrow");

  gtk_window_set_default_size (fixture.window, 1100, 720);
  g_object_set (adw_style_manager_get_default (), "color-scheme", ADW_COLOR_SCHEME_FORCE_DARK, NULL);
  rp_test_ui_iterate (600);
  rp_test_ui_screenshot (GTK_WIDGET (fixture.window), "shipments-dark");
  g_object_set (adw_style_manager_get_default (), "color-scheme", ADW_COLOR_SCHEME_DEFAULT, NULL);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* Not G_TEST_OPTION_ISOLATE_DIRS: the icon theme lives in XDG_DATA_DIRS. */
  rp_test_demo_prepare ("shipments");

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  fixture_open ();

  g_test_add_func ("/rapport/ui/shipments/problems", test_problems_match_the_sandbox);
  g_test_add_func ("/rapport/ui/shipments/settings", test_settings);
  g_test_add_func ("/rapport/ui/shipments/search", test_search);
  g_test_add_func ("/rapport/ui/shipments/message", test_message_through_outbox);
  g_test_add_func ("/rapport/ui/shipments/protection", test_protection);
  g_test_add_func ("/rapport/ui/shipments/extend", test_extend_through_outbox);
  g_test_add_func ("/rapport/ui/shipments/narrow-and-dark", test_narrow_and_dark);

  ret = g_test_run ();

  gtk_window_destroy (fixture.window);
  rp_context_shutdown (fixture.context);
  rp_test_ui_iterate (100);
  g_clear_object (&fixture.context);
  g_clear_object (&fixture.settings);
  g_free (fixture.base_url);

  return ret;
}
