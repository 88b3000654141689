/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-orders"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "rp-confirmation.h"
#include "rp-confirmation-pass.h"
#include "rp-context.h"
#include "rp-order-batch-dialog.h"
#include "rp-order-confirm.h"
#include "rp-order-confirm-dialog.h"
#include "rp-order-format.h"
#include "rp-order-detail.h"
#include "rp-order-ship-dialog.h"
#include "rp-orders-page.h"
#include "rp-test-demo.h"
#include "rp-test-ui.h"

/* The Orders page against the demo marketplace: the cache filled by a real sync from
 * rapport-sandbox, an order confirmed through the outbox, the sandbox's clock moved on
 * until the buyer answers, and the answer flagging the order. */

typedef struct
{
  GSettings    *settings;
  RpContext    *context;
  GtkWindow    *window;
  RpOrdersPage *page;
  RpStore      *store;
  char         *base_url;
  gint64        account_id;
} Fixture;

static Fixture fixture;

static gboolean
page_loaded (gpointer data)
{
  GListModel *model = rp_orders_page_get_model (fixture.page);
  gint64 count = rp_store_count_sync (fixture.store, 0, RP_STORE_CHANGE_ORDERS, NULL);

  return model != NULL && count > 0 && g_list_model_get_n_items (model) == (guint)count;
}

static void
sync_and_wait (void)
{
  rp_context_sync_now (fixture.context, FALSE);
  rp_test_ui_iterate (200);
  g_assert_true (rp_test_wait_until (rp_test_demo_synced, fixture.context, 120));
  /* The list model and the detail reload a moment after the store's change. */
  rp_test_ui_iterate (600);
}

/* A control request to this demo's sandbox (rp-test-demo.h). */
static JsonNode *
sandbox_request (const char *method,
                 const char *path)
{
  return rp_test_sandbox_request (fixture.base_url, method, path);
}

/* The messages of the order's conversation in the sandbox's own world. */
static JsonArray *
sandbox_order_messages (JsonNode   *world,
                        const char *order_id)
{
  JsonArray *conversations = json_object_get_array_member (json_node_get_object (world),
                                                           "conversations");

  for (guint i = 0; i < json_array_get_length (conversations); i++)
    {
      JsonObject *conversation = json_array_get_object_element (conversations, i);
      JsonNode *id = json_object_get_member (conversation, "order_id");
      g_autofree char *text = NULL;

      /* Order numbers are JSON numbers there, as in the marketplace's answers. */
      if (id == NULL || json_node_get_value_type (id) != G_TYPE_INT64)
        continue;
      text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (id));
      if (g_strcmp0 (text, order_id) == 0)
        return json_object_get_array_member (conversation, "messages");
    }

  return NULL;
}

static void
fixture_open (void)
{
  fixture.settings = g_settings_new (APP_ID);
  fixture.context = rp_test_demo_open (fixture.settings);
  fixture.store = rp_context_get_store (fixture.context);
  fixture.account_id = rp_test_demo_account (fixture.context, &fixture.base_url);

  fixture.window = GTK_WINDOW (gtk_window_new ());
  fixture.page = g_object_new (RP_TYPE_ORDERS_PAGE, "context", fixture.context, NULL);
  gtk_window_set_child (fixture.window, GTK_WIDGET (fixture.page));
  gtk_window_set_default_size (fixture.window, 1100, 720);
  gtk_window_present (fixture.window);
  rp_test_ui_wait_for_mapped (GTK_WIDGET (fixture.window));

  g_assert_true (rp_test_wait_until (rp_test_demo_synced, fixture.context, 120));
  g_assert_true (rp_test_wait_until (page_loaded, NULL, 30));
}

/* A widget waiting for its new size has nothing to draw: take the picture at a moment
 * when it does (the demo marketplace keeps the cache changing underneath). */
static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  for (guint attempt = 0; attempt < 50; attempt++)
    {
      g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;

      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), gtk_widget_get_width (widget),
                              gtk_widget_get_height (widget));
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      if (node != NULL)
        {
          rp_test_ui_screenshot (widget, name);
          return;
        }
      rp_test_ui_iterate (20);
    }

  g_assert_not_reached ();
}

static RpOrder *
find_order (gboolean (*match) (RpOrder *))
{
  GListModel *model = rp_orders_page_get_model (fixture.page);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RpOrder) order = g_list_model_get_item (model, i);

      if (match (order))
        return g_steal_pointer (&order);
    }

  return NULL;
}

static gboolean
is_unconfirmed_to_ship (RpOrder *order)
{
  return order->status == RP_ORDER_STATUS_TO_SHIP && order->confirmation == RP_CONFIRMATION_NONE;
}

static gboolean
n_items_is (gpointer data)
{
  return g_list_model_get_n_items (rp_orders_page_get_model (fixture.page)) == GPOINTER_TO_UINT (data);
}

static void
test_list (void)
{
  GListModel *model = rp_orders_page_get_model (fixture.page);
  gint64 count = rp_store_count_sync (fixture.store, 0, RP_STORE_CHANGE_ORDERS, NULL);
  GtkColumnView *view = GTK_COLUMN_VIEW (rp_test_ui_find_widget (GTK_WIDGET (fixture.page),
                                                                 GTK_TYPE_COLUMN_VIEW, NULL, NULL));
  g_autoptr(GtkColumnViewColumn) total = NULL;
  gint64 previous = G_MININT64;

  g_assert_cmpint (count, >=, 100);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, count);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (view)));

  /* Every order the sync read in detail lists its products. */
  {
    g_autoptr(GtkColumnViewColumn) items = g_list_model_get_item (gtk_column_view_get_columns (view), 2);
    guint with_items = 0;

    g_assert_cmpstr (gtk_column_view_column_get_title (items), ==, "Items");
    for (guint i = 0; i < g_list_model_get_n_items (model); i++)
      {
        g_autoptr(RpOrder) order = g_list_model_get_item (model, i);

        if (order->items_summary != NULL && *order->items_summary != '\0')
          with_items++;
      }
    g_assert_cmpuint (with_items, >, g_list_model_get_n_items (model) / 2);
  }


  /* A click on "Total" sorts by amount. */
  total = g_list_model_get_item (gtk_column_view_get_columns (view), 3);
  g_assert_cmpstr (gtk_column_view_column_get_title (total), ==, "Total");
  gtk_column_view_sort_by_column (view, total, GTK_SORT_ASCENDING);
  rp_test_ui_iterate (200);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RpOrder) order = g_list_model_get_item (model, i);

      if (g_strcmp0 (order->total.currency, "USD") != 0)
        continue;
      g_assert_cmpint (order->total.cents, >=, previous);
      previous = order->total.cents;
    }
  gtk_column_view_sort_by_column (view, NULL, GTK_SORT_ASCENDING);
  rp_test_ui_iterate (200);
}

static gboolean
all_to_ship (gpointer data)
{
  GListModel *model = rp_orders_page_get_model (fixture.page);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RpOrder) order = g_list_model_get_item (model, i);

      if (order->status != RP_ORDER_STATUS_TO_SHIP)
        return FALSE;
    }

  return n > 0;
}

static gboolean
has_items (RpOrder *order)
{
  return order->items_summary != NULL && *order->items_summary != '\0' &&
         strchr (order->items_summary, '%') == NULL && strchr (order->items_summary, '_') == NULL;
}

typedef struct
{
  const char *order_id;
  const char *text;
} SearchWait;

/* As SQL's LIKE matches: ASCII letters in either case. */
static gboolean
contains (const char *haystack,
          const char *needle)
{
  g_autofree char *h = haystack != NULL ? g_ascii_strdown (haystack, -1) : NULL;
  g_autofree char *n = g_ascii_strdown (needle, -1);

  return h != NULL && strstr (h, n) != NULL;
}

static gboolean
matches (RpOrder    *order,
         const char *text)
{
  return contains (order->items_summary, text) || contains (order->buyer_name, text) ||
         contains (order->buyer_login_id, text) || contains (order->order_id, text);
}

/* The list shows the result of this very search (not the previous one), with the order. */
static gboolean
search_found (gpointer data)
{
  SearchWait *wait = data;
  GListModel *model = rp_orders_page_get_model (fixture.page);
  guint n = g_list_model_get_n_items (model);
  gboolean found = FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RpOrder) order = g_list_model_get_item (model, i);

      if (!matches (order, wait->text))
        return FALSE;
      found |= g_strcmp0 (order->order_id, wait->order_id) == 0;
    }

  return found;
}

static void
test_filters (void)
{
  GListModel *model = rp_orders_page_get_model (fixture.page);
  guint all = g_list_model_get_n_items (model);
  GtkSearchEntry *search = GTK_SEARCH_ENTRY (rp_test_ui_find_widget (GTK_WIDGET (fixture.page), GTK_TYPE_SEARCH_ENTRY, NULL, NULL));
  GtkDropDown *status = GTK_DROP_DOWN (rp_test_ui_find_widget (GTK_WIDGET (fixture.page),
                                                               GTK_TYPE_DROP_DOWN, NULL, NULL));
  g_autoptr(RpOrder) some = g_list_model_get_item (model, all / 2);
  g_autofree char *order_id = g_strdup (some->order_id);
  guint n;

  /* "To Ship" */
  gtk_drop_down_set_selected (status, 2);
  g_assert_true (rp_test_wait_until (all_to_ship, NULL, 30));
  n = g_list_model_get_n_items (model);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <, all);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RpOrder) order = g_list_model_get_item (model, i);

      g_assert_cmpint (order->status, ==, RP_ORDER_STATUS_TO_SHIP);
    }
  gtk_drop_down_set_selected (status, 0);

  /* Searching an order number finds that order. */
  gtk_editable_set_text (GTK_EDITABLE (search), order_id);
  g_assert_true (rp_test_wait_until (n_items_is, GUINT_TO_POINTER (1), 30));
  {
    g_autoptr(RpOrder) found = g_list_model_get_item (model, 0);

    g_assert_cmpstr (found->order_id, ==, order_id);
  }

  /* Searching a product finds the orders with it, this one among them. */
  {
    g_autoptr(RpOrder) with_items = find_order (has_items);
    g_auto(GStrv) names = NULL;
    g_autofree char *product = NULL;
    SearchWait wait = { NULL, NULL };

    g_assert_nonnull (with_items);
    names = g_strsplit (with_items->items_summary, "\n", 2);
    product = g_strdup (names[0]);
    wait.order_id = with_items->order_id;
    wait.text = product;
    gtk_editable_set_text (GTK_EDITABLE (search), product);
    g_assert_true (rp_test_wait_until (search_found, &wait, 30));
    n = g_list_model_get_n_items (model);
    g_assert_cmpuint (n, <, all);
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(RpOrder) order = g_list_model_get_item (model, i);

        g_assert_true (matches (order, product));
      }
  }

  /* Nothing matches: the page says so. */
  gtk_editable_set_text (GTK_EDITABLE (search), "no such order anywhere");
  g_assert_true (rp_test_wait_until (n_items_is, GUINT_TO_POINTER (0), 30));
  rp_test_ui_iterate (100);
  g_assert_nonnull (rp_test_ui_find_widget (GTK_WIDGET (fixture.page),
                                            ADW_TYPE_STATUS_PAGE, NULL, NULL));

  gtk_editable_set_text (GTK_EDITABLE (search), "");
  g_assert_true (rp_test_wait_until (n_items_is, GUINT_TO_POINTER (all), 30));
}

static gboolean
detail_has_order (gpointer data)
{
  RpOrder *order = rp_order_detail_get_order (rp_orders_page_get_detail (fixture.page));

  return order != NULL && g_strcmp0 (order->order_id, data) == 0 &&
         rp_order_detail_get_messages (rp_orders_page_get_detail (fixture.page)) != NULL;
}

static RpOrderConfirmDialog *
find_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (RP_IS_ORDER_CONFIRM_DIALOG (l->data))
      return l->data;

  return NULL;
}

static gboolean
no_dialog (gpointer data)
{
  return find_dialog () == NULL;
}

typedef struct
{
  const char *order_id;
  gboolean    found;
} OutboxWait;

static gboolean
confirmation_sent (gpointer data)
{
  OutboxWait *wait = data;
  g_autoptr(GPtrArray) items = rp_store_outbox_list_sync (fixture.store, 0, NULL);

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      RpOutboxItem *item = g_ptr_array_index (items, i);

      if (item->kind == RP_OUTBOX_KIND_CONFIRMATION &&
          g_strcmp0 (item->target_id, wait->order_id) == 0 &&
          item->state == RP_OUTBOX_SENT)
        return wait->found = TRUE;
    }

  return FALSE;
}

static gboolean
order_state_is (const char          *order_id,
                RpConfirmationState  state)
{
  g_autoptr(RpOrder) order = rp_store_get_order_sync (fixture.store, fixture.account_id, order_id, NULL);

  return order != NULL && order->confirmation == state;
}

static gboolean
ready_to_ship (gpointer data)
{
  return order_state_is (data, RP_CONFIRMATION_READY_TO_SHIP);
}

static gboolean
listed_as_flagged (gpointer data)
{
  GListModel *model = rp_orders_page_get_model (fixture.page);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RpOrder) listed = g_list_model_get_item (model, i);

      if (g_strcmp0 (listed->order_id, data) == 0)
        return listed->confirmation == RP_CONFIRMATION_NEEDS_REVIEW;
    }

  return FALSE;
}

static void
test_confirm (void)
{
  g_autoptr(RpOrder) order = find_order (is_unconfirmed_to_ship);
  g_autoptr(JsonNode) world = NULL;
  g_autofree char *text = NULL;
  g_autofree char *order_id = NULL;
  RpOrderConfirmDialog *dialog;
  RpOrderDetail *detail = rp_orders_page_get_detail (fixture.page);
  OutboxWait wait = { NULL };
  JsonArray *messages;
  gboolean echoed = FALSE;
  gboolean replied = FALSE;
  gint64 deadline;

  g_assert_nonnull (order);
  order_id = g_strdup (order->order_id);
  wait.order_id = order_id;

  g_assert_true (rp_orders_page_select_order (fixture.page, order->account_id, order_id));
  g_assert_true (rp_test_wait_until (detail_has_order, order_id, 10));
  rp_test_ui_iterate (300);
  g_assert_cmpuint (rp_order_detail_get_order (detail)->items->len, >, 0);
  screenshot (GTK_WIDGET (fixture.window), "orders");

  /* The seller's objection window from Preferences, not a fixed 24 hours. */
  g_settings_set_uint (fixture.settings, "confirmation-window-hours", 48);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "order.confirm", NULL));
  rp_test_ui_iterate (300);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  rp_test_ui_wait_for_mapped (GTK_WIDGET (dialog));
  g_settings_reset (fixture.settings, "confirmation-window-hours");

  /* The template is filled from the order: its number, no raw placeholder, no gap. */
  text = rp_order_confirm_dialog_get_text (dialog);
  g_assert_nonnull (strstr (text, order_id));
  g_assert_null (strstr (text, "{"));
  g_assert_null (strstr (text, "missing]"));
  deadline = rp_order_confirm_dialog_get_deadline (dialog);
  g_assert_cmpint (deadline, >, g_get_real_time () + 47 * G_TIME_SPAN_HOUR);
  {
    g_autofree char *words = rp_confirmation_format_window (48 * G_TIME_SPAN_HOUR,
                                                            rp_order_confirm_dialog_get_language (dialog));

    /* "48 hours" in the buyer's language, with its plural. */
    g_assert_nonnull (words);
    g_assert_nonnull (strstr (text, words));
  }
  screenshot (GTK_WIDGET (dialog), "orders-composer");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "confirm.send", NULL));
  g_assert_true (rp_test_wait_until (no_dialog, NULL, 10));

  /* Queued, then sent by the sync engine; the order waits for the buyer. */
  g_assert_true (rp_test_wait_until (confirmation_sent, &wait, 60));
  rp_test_ui_iterate (300);
  {
    g_autoptr(RpOrder) stored = rp_store_get_order_sync (fixture.store, fixture.account_id, order_id, NULL);

    g_assert_cmpint (stored->confirmation, ==, RP_CONFIRMATION_SENT);

    g_assert_cmpint (stored->confirmation_deadline, ==, deadline);
  }

  /* The marketplace has it, word for word. */
  world = sandbox_request ("GET", "/sandbox/export");
  messages = sandbox_order_messages (world, order_id);
  g_assert_nonnull (messages);
  g_strstrip (text);
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);

      if (g_strcmp0 (json_object_get_string_member (message, "sender"), "seller") == 0 &&
          g_strcmp0 (json_object_get_string_member (message, "content"), text) == 0)
        echoed = TRUE;
    }
  g_assert_true (echoed);

  /* The buyer always answers a confirmation, at their next online moment: move the
   * sandbox's clock an hour at a time (staying inside the window) until they have. */
  for (guint hour = 0; hour < 20 && !replied; hour++)
    {
      g_autoptr(JsonNode) clock = sandbox_request ("POST", "/sandbox/clock?advance=3600");

      sync_and_wait ();
      replied = order_state_is (order_id, RP_CONFIRMATION_NEEDS_REVIEW);
    }
  g_assert_true (replied);

  /* The list shows the flag too (it reloads a moment after the store's change). */
  g_assert_true (rp_test_wait_until (listed_as_flagged, order_id, 10));
  g_assert_true (rp_orders_page_select_order (fixture.page, 0, order_id));
  rp_test_ui_iterate (500);
  g_assert_cmpint (rp_order_detail_get_order (detail)->confirmation, ==, RP_CONFIRMATION_NEEDS_REVIEW);
  screenshot (GTK_WIDGET (fixture.window), "orders-needs-review");

  /* The seller read the reply: the order is ready to ship, in the cache too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "order.mark-reviewed", NULL));
  g_assert_true (rp_test_wait_until (ready_to_ship, order_id, 10));
}

static gboolean
is_unconfirmed_with_note (RpOrder *order)
{
  return is_unconfirmed_to_ship (order) && rp_order_has_buyer_note (order);
}

static RpOrderShipDialog *
find_ship_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (RP_IS_ORDER_SHIP_DIALOG (l->data))
      return l->data;

  return NULL;
}

static gboolean
no_ship_dialog (gpointer data)
{
  return find_ship_dialog () == NULL;
}

static GtkWidget *
find_action_button (GtkWidget  *root,
                    const char *action)
{
  if (GTK_IS_BUTTON (root) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Services of the sandbox and a tracking number each accepts. */
static const struct
{
  const char *service;
  const char *format;
} services[] = {
  { "CAINIAO_STANDARD", "LP%014" G_GINT64_MODIFIER "d" },
  { "CAINIAO_PREMIUM", "LP%014" G_GINT64_MODIFIER "d" },
  { "CAINIAO_ECONOMY", "LP%014" G_GINT64_MODIFIER "d" },
  { "FEDEX_IE", "%012" G_GINT64_MODIFIER "d" },
};

static gboolean
pick_service (gpointer data)
{
  RpOrderShipDialog *dialog = find_ship_dialog ();
  char **tracking = data;

  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    if (rp_order_ship_dialog_set_service (dialog, services[i].service))
      {
        gint64 number = g_get_real_time () % G_GINT64_CONSTANT (100000000000);

        *tracking = g_strdup_printf (services[i].format, number);
        return TRUE;
      }

  return FALSE;
}

typedef struct
{
  const char   *order_id;
  RpOutboxKind  kind;
} SentWait;

static gboolean
item_sent (gpointer data)
{
  SentWait *wait = data;
  g_autoptr(GPtrArray) items = rp_store_outbox_list_sync (fixture.store, 0, NULL);

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      RpOutboxItem *item = g_ptr_array_index (items, i);

      if (item->kind == wait->kind && g_strcmp0 (item->target_id, wait->order_id) == 0)
        {
          /* A refusal is final: fail at once with the marketplace's words. */
          g_assert_cmpstr (item->last_error, ==, NULL);
          if (item->state == RP_OUTBOX_SENT)
            return TRUE;
        }
    }

  return FALSE;
}

static void
test_ship_gate (void)
{
  g_autoptr(RpOrder) order = find_order (is_unconfirmed_with_note);
  g_autoptr(JsonNode) world = NULL;
  g_autofree char *order_id = NULL;
  g_autofree char *tracking = NULL;
  g_autofree char *tracking_again = NULL;
  g_autofree char *kept = NULL;
  RpOrderDetail *detail = rp_orders_page_get_detail (fixture.page);
  RpOrderShipDialog *dialog;
  GtkWidget *send;
  JsonArray *shipments;
  SentWait wait = { NULL, RP_OUTBOX_KIND_FULFILL };
  gboolean shipped = FALSE;
  const char *reason = "The buyer asked on the phone for this colour";

  g_assert_nonnull (order);
  order_id = g_strdup (order->order_id);
  wait.order_id = order_id;

  g_assert_true (rp_orders_page_select_order (fixture.page, order->account_id, order_id));
  g_assert_true (rp_test_wait_until (detail_has_order, order_id, 10));
  rp_test_ui_iterate (300);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "order.ship", NULL));
  rp_test_ui_iterate (300);
  dialog = find_ship_dialog ();
  g_assert_nonnull (dialog);
  rp_test_ui_wait_for_mapped (GTK_WIDGET (dialog));

  /* The note was never confirmed: the gate stands. */
  g_assert_true (rp_order_ship_dialog_get_gated (dialog));
  g_assert_true (rp_test_wait_until (pick_service, &tracking, 10));
  send = find_action_button (GTK_WIDGET (dialog), "ship.send");
  g_assert_nonnull (send);

  gtk_editable_set_text (GTK_EDITABLE (rp_test_ui_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, NULL, NULL)), "   ");
  {
    /* The second entry row is the tracking number. */
    GtkWidget *first = rp_test_ui_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, NULL, NULL);
    GtkWidget *list = gtk_widget_get_parent (rp_test_ui_find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, NULL, NULL));
    GtkWidget *tracking_row = NULL;

    for (GtkWidget *c = gtk_widget_get_first_child (list); c != NULL; c = gtk_widget_get_next_sibling (c))
      if (ADW_IS_ENTRY_ROW (c) && c != first)
        tracking_row = c;
    g_assert_nonnull (tracking_row);

    /* The marketplace's services, each with the pattern of its numbers: a number of
     * another shape is refused even with a reason given. */
    g_assert_true (rp_order_ship_dialog_get_services_known (dialog));
    g_assert_true (rp_order_ship_dialog_set_service (dialog, "EMS"));
    gtk_editable_set_text (GTK_EDITABLE (rp_test_ui_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, NULL, NULL)), reason);
    gtk_editable_set_text (GTK_EDITABLE (tracking_row), "LP00012345678901");
    rp_test_ui_iterate (100);
    g_assert_false (gtk_widget_get_sensitive (send));
    g_assert_true (gtk_widget_has_css_class (tracking_row, "error"));
    gtk_editable_set_text (GTK_EDITABLE (tracking_row), "EA123456789CN");
    rp_test_ui_iterate (100);
    g_assert_true (gtk_widget_get_sensitive (send));
    g_assert_false (gtk_widget_has_css_class (tracking_row, "error"));
    gtk_editable_set_text (GTK_EDITABLE (rp_test_ui_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, NULL, NULL)), "   ");

    g_assert_true (pick_service (&tracking_again));
    gtk_editable_set_text (GTK_EDITABLE (tracking_row), tracking);
  }
  rp_test_ui_iterate (100);
  /* A blank reason is no reason. */
  g_assert_false (gtk_widget_get_sensitive (send));
  screenshot (GTK_WIDGET (dialog), "orders-note-gate");

  gtk_editable_set_text (GTK_EDITABLE (rp_test_ui_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, NULL, NULL)), reason);
  rp_test_ui_iterate (100);
  g_assert_true (gtk_widget_get_sensitive (send));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "ship.send", NULL));
  g_assert_true (rp_test_wait_until (no_ship_dialog, NULL, 10));

  /* Sent through the outbox; the marketplace has the parcel; the reason is kept. */
  g_assert_true (rp_test_wait_until (item_sent, &wait, 60));
  world = sandbox_request ("GET", "/sandbox/export");
  shipments = json_object_get_array_member (json_node_get_object (world), "shipments");
  for (guint i = 0; i < json_array_get_length (shipments); i++)
    {
      JsonObject *shipment = json_array_get_object_element (shipments, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT,
                                             json_object_get_int_member (shipment, "order_id"));

      if (g_strcmp0 (id, order_id) == 0 &&
          g_strcmp0 (json_object_get_string_member (shipment, "logistics_no"), tracking) == 0)
        shipped = TRUE;
    }
  g_assert_true (shipped);

  kept = rp_store_get_order_state_sync (fixture.store, fixture.account_id, order_id,
                                        RP_STORE_ORDER_STATE_NOTE_OVERRIDE_REASON, NULL);
  g_assert_cmpstr (kept, ==, reason);
}

static gboolean
services_known (gpointer data)
{
  return rp_order_ship_dialog_get_services_known (data);
}

/* Without the marketplace, the services of the store's past parcels, and the dialog says
 * so. */
static void
test_ship_offline (void)
{
  g_autoptr(RpOrder) order = find_order (is_unconfirmed_to_ship);
  g_autoptr(JsonNode) faults = NULL;
  g_autoptr(JsonNode) healed = NULL;
  g_autofree char *order_id = NULL;
  g_autofree char *tracking = NULL;
  RpOrderDetail *detail = rp_orders_page_get_detail (fixture.page);
  RpOrderShipDialog *dialog;

  g_assert_nonnull (order);
  order_id = g_strdup (order->order_id);

  /* Forget the day's list, and take the marketplace away. */
  g_assert_true (rp_store_set_cursor_sync (fixture.store, fixture.account_id, "logistics.services", "", NULL));
  faults = sandbox_request ("POST", "/sandbox/faults?rate=1&modes=http_500");

  g_assert_true (rp_orders_page_select_order (fixture.page, order->account_id, order_id));
  g_assert_true (rp_test_wait_until (detail_has_order, order_id, 10));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "order.ship", NULL));
  rp_test_ui_iterate (300);
  dialog = find_ship_dialog ();
  g_assert_nonnull (dialog);

  g_assert_true (rp_test_wait_until (services_known, dialog, 120));
  healed = sandbox_request ("POST", "/sandbox/faults?rate=0");
  g_assert_true (rp_order_ship_dialog_get_from_parcels (dialog));
  /* The sandbox's parcels went out with its services. */
  g_assert_true (pick_service (&tracking));
  screenshot (GTK_WIDGET (dialog), "orders-ship-offline");

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (rp_test_wait_until (no_ship_dialog, NULL, 10));
}

static RpOrderBatchDialog *
find_batch_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (RP_IS_ORDER_BATCH_DIALOG (l->data))
      return l->data;

  return NULL;
}

static gboolean
no_batch_dialog (gpointer data)
{
  return find_batch_dialog () == NULL;
}

static gboolean
batch_ready (gpointer data)
{
  return rp_order_batch_dialog_get_n_ready (find_batch_dialog ()) > 0;
}

static void
test_batch (void)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (rp_test_ui_find_widget (GTK_WIDGET (fixture.page),
                                                                 GTK_TYPE_COLUMN_VIEW, NULL, NULL));
  GtkSelectionModel *selection = gtk_column_view_get_model (view);
  GListModel *model = rp_orders_page_get_model (fixture.page);
  g_autoptr(GtkBitset) wanted = gtk_bitset_new_empty ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) world = NULL;
  RpOrderBatchDialog *dialog;

  for (guint i = 0; i < g_list_model_get_n_items (model) && ids->len < 3; i++)
    {
      g_autoptr(RpOrder) order = g_list_model_get_item (model, i);

      /* Orders read in detail, so that their items and address are in the cache. */
      if (is_unconfirmed_to_ship (order) && order->has_detail && order->address.country != NULL)
        {
          gtk_bitset_add (wanted, i);
          g_ptr_array_add (ids, g_strdup (order->order_id));
        }
    }
  g_assert_cmpuint (ids->len, ==, 3);

  /* Those three rows and no other: the detail gives way to the batch. */
  {
    g_autoptr(GtkBitset) all = gtk_bitset_new_range (0, g_list_model_get_n_items (model));

    g_assert_true (gtk_selection_model_set_selection (selection, wanted, all));
  }
  rp_test_ui_iterate (300);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (rp_orders_page_get_detail (fixture.page))));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.page), "orders.confirm-selected", NULL));
  rp_test_ui_iterate (300);
  dialog = find_batch_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (rp_test_wait_until (batch_ready, NULL, 60));
  g_assert_cmpuint (rp_order_batch_dialog_get_n_ready (dialog), ==, 3);
  rp_test_ui_wait_for_mapped (GTK_WIDGET (dialog));
  screenshot (GTK_WIDGET (dialog), "orders-batch");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "batch.send", NULL));
  g_assert_true (rp_test_wait_until (no_batch_dialog, NULL, 60));

  /* One message per buyer, each about their own order, all at the marketplace. */
  for (guint i = 0; i < ids->len; i++)
    {
      SentWait wait = { g_ptr_array_index (ids, i), RP_OUTBOX_KIND_CONFIRMATION };

      g_assert_true (rp_test_wait_until (item_sent, &wait, 60));
      g_assert_true (order_state_is (wait.order_id, RP_CONFIRMATION_SENT));
    }

  world = sandbox_request ("GET", "/sandbox/export");
  for (guint i = 0; i < ids->len; i++)
    {
      const char *order_id = g_ptr_array_index (ids, i);
      JsonArray *messages = sandbox_order_messages (world, order_id);
      gboolean found = FALSE;

      g_assert_nonnull (messages);
      for (guint m = 0; m < json_array_get_length (messages); m++)
        {
          JsonObject *message = json_array_get_object_element (messages, m);

          if (g_strcmp0 (json_object_get_string_member (message, "sender"), "seller") == 0 &&
              strstr (json_object_get_string_member (message, "content"), order_id) != NULL)
            found = TRUE;
        }
      g_assert_true (found);
    }
}

/* The buyer's hour of the day on the sandbox's clock. */
static int
buyer_hour (JsonObject *world,
            const char *buyer_login_id,
            gint64      at_ms)
{
  JsonArray *buyers = json_object_get_array_member (world, "buyers");

  for (guint i = 0; i < json_array_get_length (buyers); i++)
    {
      JsonObject *buyer = json_array_get_object_element (buyers, i);

      if (g_strcmp0 (json_object_get_string_member (buyer, "login_id"), buyer_login_id) == 0)
        {
          g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (json_object_get_string_member (buyer, "time_zone"));
          g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at_ms / 1000);
          g_autoptr(GDateTime) local = NULL;

          if (zone == NULL)
            return -1;
          local = g_date_time_to_timezone (utc, zone);
          return g_date_time_get_hour (local);
        }
    }

  return -1;
}

typedef struct
{
  char                *order_id;
  RpConfirmationState  expected;
} Expected;

static void
expected_free (Expected *e)
{
  g_free (e->order_id);
  g_free (e);
}

static gboolean
rows_follow (gpointer data)
{
  GPtrArray *expected = data;
  GListModel *model = rp_orders_page_get_model (fixture.page);
  guint matched = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RpOrder) listed = g_list_model_get_item (model, i);

      for (guint j = 0; j < expected->len; j++)
        {
          Expected *e = g_ptr_array_index (expected, j);

          if (g_strcmp0 (listed->order_id, e->order_id) == 0 && listed->confirmation == e->expected)
            matched++;
        }
    }

  return matched == expected->len;
}

static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  /* The list's cells are inscriptions. */
  if (gtk_widget_get_mapped (root) &&
      ((GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0) ||
       (GTK_IS_INSCRIPTION (root) && g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (root)), text) == 0)))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
row_shows (gpointer data)
{
  GtkWidget *view = rp_test_ui_find_widget (GTK_WIDGET (fixture.page),
                                            GTK_TYPE_COLUMN_VIEW, NULL, NULL);

  return n_items_is (GUINT_TO_POINTER (1)) && find_label (view, data) != NULL;
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rp_order_confirm_send_finish (result, &error));
  g_assert_no_error (error);
  (*(guint *)data)++;
}

/* Orders whose detail nobody opens: after a sync the list shows them ready to ship when
 * the window closed without a reply, and needing review when the buyer answered. */
static void
test_confirmation_follows_cache (void)
{
  GListModel *model = rp_orders_page_get_model (fixture.page);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func ((GDestroyNotify)expected_free);
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  GtkSearchEntry *search = GTK_SEARCH_ENTRY (rp_test_ui_find_widget (GTK_WIDGET (fixture.page), GTK_TYPE_SEARCH_ENTRY, NULL, NULL));
  GTimeSpan window;
  gint64 now_ms;
  guint n_night = 0, n_evening = 0, n_sent = 0;
  gboolean seen_ready = FALSE, seen_review = FALSE;

  /* A one-hour window, and buyers asleep through it or awake at its start: the sandbox's
   * buyers answer confirmations when they are online. */
  g_settings_set_uint (fixture.settings, "confirmation-window-hours", 1);
  for (guint tries = 0; tries < 8 && (n_night == 0 || n_evening == 0); tries++)
    {
      g_clear_pointer (&before, json_node_unref);
      before = sandbox_request ("GET", "/sandbox/export");
      now_ms = json_object_get_int_member (json_node_get_object (before), "now_ms");
      n_night = n_evening = 0;
      g_ptr_array_set_size (expected, 0);

      for (guint i = 0; i < g_list_model_get_n_items (model) && (n_night < 3 || n_evening < 3); i++)
        {
          g_autoptr(RpOrder) order = g_list_model_get_item (model, i);
          int hour;
          Expected *e;

          if (!is_unconfirmed_to_ship (order))
            continue;
          hour = buyer_hour (json_node_get_object (before), order->buyer_login_id, now_ms);
          if (hour >= 0 && hour <= 4 && n_night < 3)
            n_night++;
          else if (hour >= 18 && hour <= 22 && n_evening < 3)
            n_evening++;
          else
            continue;

          e = g_new0 (Expected, 1);
          e->order_id = g_strdup (order->order_id);
          g_ptr_array_add (expected, e);
        }

      if (n_night == 0 || n_evening == 0)
        {
          g_autoptr(JsonNode) clock = sandbox_request ("POST", "/sandbox/clock?advance=10800");

          sync_and_wait ();
        }
    }
  g_assert_cmpuint (n_night, >, 0);
  g_assert_cmpuint (n_evening, >, 0);

  /* None of them is the one the detail shows. */
  {
    g_autoptr(RpOrder) other = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (model) && other == NULL; i++)
      {
        g_autoptr(RpOrder) order = g_list_model_get_item (model, i);

        if (order->status == RP_ORDER_STATUS_FINISHED)
          other = g_steal_pointer (&order);
      }
    g_assert_nonnull (other);
    g_assert_true (rp_orders_page_select_order (fixture.page, other->account_id, other->order_id));
    rp_test_ui_iterate (300);
  }

  window = rp_order_confirm_get_window (fixture.context);
  g_assert_cmpint (window, ==, G_TIME_SPAN_HOUR);
  for (guint i = 0; i < expected->len; i++)
    {
      Expected *e = g_ptr_array_index (expected, i);
      g_autoptr(RpOrder) order = rp_store_get_order_sync (fixture.store, fixture.account_id, e->order_id, NULL);
      g_autofree char *language = rp_order_confirm_buyer_language (order);
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;
      gint64 deadline;

      g_assert_nonnull (order);
      deadline = rp_confirmation_deadline (rp_confirmation_pass_marketplace_now (fixture.store, fixture.account_id),
                                           window);
      text = rp_order_confirm_render (order, language, window, deadline, NULL, &error);
      g_assert_no_error (error);
      g_assert_false (rp_order_confirm_has_gap (text));
      rp_order_confirm_send_async (fixture.context, order, text, deadline, NULL, sent_cb, &n_sent);
    }
  while (n_sent < expected->len)
    g_main_context_iteration (NULL, TRUE);
  g_settings_reset (fixture.settings, "confirmation-window-hours");

  for (guint i = 0; i < expected->len; i++)
    {
      Expected *e = g_ptr_array_index (expected, i);
      OutboxWait wait = { e->order_id, FALSE };

      g_assert_true (rp_test_wait_until (confirmation_sent, &wait, 60));
    }

  /* Past the window on the marketplace's clock; a sync, and nothing else. */
  {
    g_autoptr(JsonNode) clock = sandbox_request ("POST", "/sandbox/clock?advance=5400");

    sync_and_wait ();
  }

  /* What each row must say, from what the buyers did in the sandbox's world.  Its clock
   * runs on meanwhile: a reply that came after the sync read the messages waits for the
   * next one. */
  for (guint attempt = 0; attempt < 3; attempt++)
    {
      g_clear_pointer (&after, json_node_unref);
      after = sandbox_request ("GET", "/sandbox/export");
      seen_ready = seen_review = FALSE;
      for (guint i = 0; i < expected->len; i++)
        {
          Expected *e = g_ptr_array_index (expected, i);
          g_autofree char *sent_at = rp_store_get_order_state_sync (fixture.store, fixture.account_id, e->order_id,
                                                                    RP_CONFIRMATION_PASS_STATE_SENT_AT, NULL);
          JsonArray *messages = sandbox_order_messages (after, e->order_id);
          gboolean replied = FALSE;

          g_assert_nonnull (sent_at);
          for (guint m = 0; messages != NULL && m < json_array_get_length (messages); m++)
            {
              JsonObject *message = json_array_get_object_element (messages, m);

              if (g_strcmp0 (json_object_get_string_member (message, "sender"), "buyer") == 0 &&
                  json_object_get_int_member (message, "gmt_create") * 1000 >= g_ascii_strtoll (sent_at, NULL, 10))
                replied = TRUE;
            }

          e->expected = replied ? RP_CONFIRMATION_NEEDS_REVIEW : RP_CONFIRMATION_READY_TO_SHIP;
          seen_ready |= !replied;
          seen_review |= replied;
        }
      if (rp_test_wait_until (rows_follow, expected, 15))
        break;
      sync_and_wait ();
    }
  g_assert_true (rows_follow (expected));
  g_assert_true (seen_ready);
  g_assert_true (seen_review);

  /* And on screen, in the row of each kind. */
  for (guint i = 0; i < expected->len; i++)
    {
      Expected *e = g_ptr_array_index (expected, i);
      g_autofree char *word = g_strdup (rp_order_format_confirmation (e->expected));

      gtk_editable_set_text (GTK_EDITABLE (search), e->order_id);
      g_assert_true (rp_test_wait_until (row_shows, word, 30));
    }
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  rp_test_ui_iterate (300);
}

static void
test_narrow (void)
{
  gtk_window_set_default_size (fixture.window, 360, 720);
  rp_test_ui_iterate (600);
  screenshot (GTK_WIDGET (fixture.window), "orders-narrow");
  {
    AdwLeaflet *leaflet = ADW_LEAFLET (rp_test_ui_find_widget (GTK_WIDGET (fixture.page),
                                                               ADW_TYPE_LEAFLET, NULL, NULL));

    /* One pane at a time, and back to the list. */
    g_assert_true (adw_leaflet_get_folded (leaflet));
    g_assert_true (adw_leaflet_navigate (leaflet, ADW_NAVIGATION_DIRECTION_BACK));
    rp_test_ui_iterate (600);
    screenshot (GTK_WIDGET (fixture.window), "orders-narrow-list");
  }
  g_object_set (adw_style_manager_get_default (), "color-scheme", ADW_COLOR_SCHEME_FORCE_DARK, NULL);
  gtk_window_set_default_size (fixture.window, 1100, 720);
  rp_test_ui_iterate (600);
  screenshot (GTK_WIDGET (fixture.window), "orders-dark");
  g_object_set (adw_style_manager_get_default (), "color-scheme", ADW_COLOR_SCHEME_DEFAULT, NULL);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  rp_test_demo_prepare ("orders");
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  fixture_open ();

  g_test_add_func ("/rapport/ui/orders/list", test_list);
  g_test_add_func ("/rapport/ui/orders/filters", test_filters);
  g_test_add_func ("/rapport/ui/orders/confirm", test_confirm);
  g_test_add_func ("/rapport/ui/orders/ship-through-the-note-gate", test_ship_gate);
  g_test_add_func ("/rapport/ui/orders/ship-offline", test_ship_offline);
  g_test_add_func ("/rapport/ui/orders/batch-confirm", test_batch);
  g_test_add_func ("/rapport/ui/orders/confirmation-follows-the-cache", test_confirmation_follows_cache);
  g_test_add_func ("/rapport/ui/orders/narrow-and-dark", test_narrow);

  ret = g_test_run ();

  gtk_window_destroy (fixture.window);
  rp_context_shutdown (fixture.context);
  rp_test_ui_iterate (100);
  g_clear_object (&fixture.context);
  g_clear_object (&fixture.settings);
  g_free (fixture.base_url);

  return ret;
}
