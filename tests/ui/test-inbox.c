/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-inbox"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "rp-buyer-panel.h"
#include "rp-composer.h"
#include "rp-context.h"
#include "rp-conversation-order-card.h"
#include "rp-conversation-row.h"
#include "rp-conversation-view.h"
#include "rp-inbox-page.h"
#include "rp-message-bubble.h"
#include "rp-message-hit-row.h"
#include "rp-message-hit.h"
#include "rp-plain-text.h"
#include "rp-store-list-model.h"
#include "rp-template.h"
#include "rp-test-demo.h"
#include "rp-test-ui.h"

/* The Inbox against the demo marketplace: the cache filled by a real sync from
 * rapport-sandbox; opening marks read, the composer sends through the outbox, and the
 * sandbox's own export shows both; the buyer's answer arrives after the sandbox's clock
 * moves on.  Hostile buyer text is checked on what the labels show. */

typedef struct
{
  GSettings   *settings;
  RpContext   *context;
  GtkWindow   *window;
  RpInboxPage *page;
  RpStore     *store;
  char        *base_url;
  gint64       account_id;
} Fixture;

static Fixture fixture;

static gboolean
page_loaded (gpointer data)
{
  GListModel *model = rp_inbox_page_get_conversations (fixture.page);
  gint64 count = rp_store_count_sync (fixture.store, 0, RP_STORE_CHANGE_CONVERSATIONS, NULL);

  return model != NULL && count > 0 && g_list_model_get_n_items (model) == (guint)count;
}

static RpConversationView *
view (void)
{
  return RP_CONVERSATION_VIEW (rp_inbox_page_get_conversation_view (fixture.page));
}

static RpComposer *
composer (void)
{
  return RP_COMPOSER (rp_conversation_view_get_composer (view ()));
}

static gboolean
bubble_has_text (GtkWidget     *widget,
                 gconstpointer  data)
{
  RpMessage *m = rp_message_bubble_get_message (RP_MESSAGE_BUBBLE (widget));

  return m != NULL && g_strcmp0 (m->content, data) == 0;
}

/* A control request to this demo's sandbox (rp-test-demo.h). */
static JsonNode *
sandbox_request (const char *method,
                 const char *path)
{
  return rp_test_sandbox_request (fixture.base_url, method, path);
}

static char *
member_to_string (JsonObject *object,
                  const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));

  return NULL;
}

/* One conversation of the sandbox's own world, by channel (transfer none from @world). */
static JsonObject *
sandbox_conversation (JsonNode   *world,
                      const char *channel_id)
{
  JsonArray *conversations = json_object_get_array_member (json_node_get_object (world),
                                                           "conversations");

  for (guint i = 0; i < json_array_get_length (conversations); i++)
    {
      JsonObject *conversation = json_array_get_object_element (conversations, i);
      g_autofree char *id = member_to_string (conversation, "channel_id");

      if (g_strcmp0 (id, channel_id) == 0)
        return conversation;
    }

  return NULL;
}

static gboolean
view_messages_loaded (gpointer data)
{
  RpConversation *c = rp_conversation_view_get_conversation (view ());
  GListModel *messages = rp_conversation_view_get_messages (view ());
  g_autoptr(GPtrArray) stored = NULL;

  if (c == NULL || messages == NULL)
    return FALSE;

  stored = rp_store_list_messages_sync (fixture.store, c->account_id, c->channel_id, NULL);
  if (stored == NULL || stored->len == 0 || g_list_model_get_n_items (messages) != stored->len)
    return FALSE;

  /* The model may still hold the previous conversation's rows of the same length. */
  {
    g_autoptr(RpMessage) first = g_list_model_get_item (messages, 0);

    return g_strcmp0 (first->channel_id, c->channel_id) == 0;
  }
}

static guint
find_conversation (gboolean (*match) (RpConversation *))
{
  GListModel *model = rp_inbox_page_get_shown_conversations (fixture.page);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RpConversation) c = g_list_model_get_item (model, i);

      if (match (c))
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

static void
open_at (guint position)
{
  rp_inbox_page_open (fixture.page, position);
  g_assert_true (rp_test_wait_until (view_messages_loaded, NULL, 20));
  rp_test_ui_iterate (300);
}

/* A widget's picture is empty while a layout is pending; the page must settle (a view that
 * kept re-laying itself out would never give one). */
static void
screenshot (const char *name)
{
  guint tries;

  for (tries = 0; tries < 100; tries++)
    {
      g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (fixture.window));
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;

      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), 10, 10);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      if (node != NULL)
        break;
      rp_test_ui_iterate (20);
    }
  g_test_message ("%s: settled after %u tries", name, tries);
  g_assert_cmpuint (tries, <, 100);

  rp_test_ui_screenshot (GTK_WIDGET (fixture.window), name);
}

static void
fixture_open (void)
{
  fixture.settings = g_settings_new (APP_ID);
  fixture.context = rp_test_demo_open (fixture.settings);
  fixture.store = rp_context_get_store (fixture.context);
  fixture.account_id = rp_test_demo_account (fixture.context, &fixture.base_url);

  fixture.window = GTK_WINDOW (gtk_window_new ());
  fixture.page = g_object_new (RP_TYPE_INBOX_PAGE, "context", fixture.context, NULL);
  gtk_window_set_child (fixture.window, GTK_WIDGET (fixture.page));
  gtk_window_set_default_size (fixture.window, 1100, 720);
  gtk_window_present (fixture.window);
  rp_test_ui_wait_for_mapped (GTK_WIDGET (fixture.window));

  g_assert_true (rp_test_wait_until (rp_test_demo_synced, fixture.context, 120));
  g_assert_true (rp_test_wait_until (page_loaded, NULL, 30));
}

static void
sync_and_wait (void)
{
  rp_context_sync_now (fixture.context, FALSE);
  rp_test_ui_iterate (200);
  g_assert_true (rp_test_wait_until (rp_test_demo_synced, fixture.context, 120));
  rp_test_ui_iterate (600);
}

/* Tests */

static void
test_list (void)
{
  GListModel *model = rp_inbox_page_get_conversations (fixture.page);
  guint n = g_list_model_get_n_items (model);
  gint64 previous = G_MAXINT64;

  g_assert_cmpuint (n, >, 10);
  g_assert_cmpint (n, ==, rp_store_count_sync (fixture.store, 0, RP_STORE_CHANGE_CONVERSATIONS, NULL));

  /* By last activity, newest first. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RpConversation) c = g_list_model_get_item (model, i);

      g_assert_cmpint (c->last_message_at, <=, previous);
      previous = c->last_message_at;
    }

  /* Nothing is open yet: the view says what to do. */
  g_assert_null (rp_conversation_view_get_conversation (view ()));
  g_assert_false (gtk_widget_get_visible (rp_conversation_view_get_composer (view ())));
}

/* The conversation view and the buyer panel come after the list's first frame, with the
 * page's context; asked for earlier, they are made at once. */
static void
test_detail_after_first_frame (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  RpInboxPage *page = g_object_new (RP_TYPE_INBOX_PAGE, "context", fixture.context, NULL);
  RpInboxPage *other = g_object_ref_sink (g_object_new (RP_TYPE_INBOX_PAGE, "context", fixture.context, NULL));
  AdwFlap *flap = ADW_FLAP (rp_test_ui_find_widget (GTK_WIDGET (page), ADW_TYPE_FLAP, NULL, NULL));
  GtkWidget *view;

  g_assert_nonnull (flap);
  g_assert_null (adw_flap_get_content (flap));
  g_assert_null (adw_flap_get_flap (flap));

  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_set_default_size (window, 1100, 720);
  gtk_window_present (window);
  rp_test_ui_wait_for_mapped (GTK_WIDGET (window));
  rp_test_ui_iterate (300);

  g_assert_true (RP_IS_CONVERSATION_VIEW (adw_flap_get_content (flap)));
  g_assert_true (RP_IS_BUYER_PANEL (adw_flap_get_flap (flap)));
  g_assert_true (adw_flap_get_content (flap) == rp_inbox_page_get_conversation_view (page));
  g_assert_true (rp_conversation_view_get_context (RP_CONVERSATION_VIEW (adw_flap_get_content (flap))) == fixture.context);
  g_assert_true (rp_buyer_panel_get_context (RP_BUYER_PANEL (adw_flap_get_flap (flap))) == fixture.context);
  g_assert_true (gtk_widget_get_mapped (adw_flap_get_content (flap)));

  /* Never shown, asked for: made then. */
  flap = ADW_FLAP (rp_test_ui_find_widget (GTK_WIDGET (other), ADW_TYPE_FLAP, NULL, NULL));
  g_assert_null (adw_flap_get_content (flap));
  view = rp_inbox_page_get_conversation_view (other);
  g_assert_true (RP_IS_CONVERSATION_VIEW (view));
  g_assert_true (adw_flap_get_content (flap) == view);
  g_assert_true (RP_IS_BUYER_PANEL (adw_flap_get_flap (flap)));

  gtk_window_destroy (window);
  g_object_unref (other);
  rp_test_ui_iterate (100);
}

static gboolean
is_unread (RpConversation *c)
{
  return c->unread_count > 0;
}

static gboolean
mark_read_sent (gpointer data)
{
  const char *channel_id = data;
  g_autoptr(GPtrArray) items = rp_store_outbox_list_sync (fixture.store, fixture.account_id, NULL);

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      RpOutboxItem *item = g_ptr_array_index (items, i);

      if (item->kind == RP_OUTBOX_KIND_MARK_READ &&
          g_strcmp0 (item->target_id, channel_id) == 0 &&
          item->state == RP_OUTBOX_SENT)
        return TRUE;
    }

  return FALSE;
}

static void
test_open_marks_read (void)
{
  guint position = find_conversation (is_unread);
  g_autoptr(RpConversation) c = NULL;
  g_autoptr(JsonNode) world = NULL;
  g_autoptr(RpConversation) cached = NULL;
  JsonObject *remote;

  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  c = g_list_model_get_item (rp_inbox_page_get_shown_conversations (fixture.page), position);

  open_at (position);
  g_assert_cmpstr (rp_conversation_view_get_conversation (view ())->channel_id, ==, c->channel_id);
  g_assert_true (gtk_widget_get_visible (rp_conversation_view_get_composer (view ())));

  /* The outbox takes MARK_READ to the marketplace: the sandbox's world says read. */
  g_assert_true (rp_test_wait_until (mark_read_sent, c->channel_id, 30));
  world = sandbox_request ("GET", "/sandbox/export");
  remote = sandbox_conversation (world, c->channel_id);
  g_assert_nonnull (remote);
  g_assert_cmpint (json_object_get_int_member (remote, "unread_count"), ==, 0);

  cached = rp_store_get_conversation_sync (fixture.store, c->account_id, c->channel_id, NULL);
  g_assert_nonnull (cached);
  g_assert_cmpuint (cached->unread_count, ==, 0);

  rp_test_ui_iterate (500);
  screenshot ("inbox-opened");
}

static RpOrderStatus
order_status (RpConversation *c)
{
  g_autoptr(RpOrder) order = NULL;

  if (c->order_id == NULL)
    return RP_ORDER_STATUS_UNKNOWN;
  order = rp_store_get_order_sync (fixture.store, c->account_id, c->order_id, NULL);

  return order != NULL ? order->status : RP_ORDER_STATUS_UNKNOWN;
}

static gboolean
is_order_to_ship (RpConversation *c)
{
  return order_status (c) == RP_ORDER_STATUS_TO_SHIP;
}

typedef struct
{
  const char    *text;
  RpOutboxState  state;
  gboolean       any_state;
} EchoWait;

static gboolean
echo_in_view (gpointer data)
{
  EchoWait *wait = data;
  GListModel *messages = rp_conversation_view_get_messages (view ());

  for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
    {
      g_autoptr(RpMessage) m = g_list_model_get_item (messages, i);

      if (m->is_own && g_strcmp0 (m->content, wait->text) == 0 &&
          (wait->any_state || (m->outbox_id > 0 && m->outbox_state == wait->state)))
        return TRUE;
    }

  return FALSE;
}

static gboolean
buyer_answered (gpointer data)
{
  const char *text = data;
  GListModel *messages = rp_conversation_view_get_messages (view ());
  gboolean after_ours = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
    {
      g_autoptr(RpMessage) m = g_list_model_get_item (messages, i);

      if (m->is_own && g_strcmp0 (m->content, text) == 0)
        after_ours = TRUE;
      else if (after_ours && !m->is_own)
        return TRUE;
    }

  return FALSE;
}

static void
test_send_and_answer (void)
{
  const char *text = "Hello, your parcel leaves our warehouse tomorrow: shall we use the address on the order? (inbox check 4711)";
  guint position = find_conversation (is_order_to_ship);
  g_autoptr(RpConversation) c = NULL;
  g_autoptr(JsonNode) world = NULL;
  g_autoptr(JsonNode) clock = NULL;
  JsonObject *remote;
  JsonArray *remote_messages;
  gboolean found = FALSE;
  EchoWait sent = { text, RP_OUTBOX_SENT, FALSE };

  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  c = g_list_model_get_item (rp_inbox_page_get_shown_conversations (fixture.page), position);
  open_at (position);

  rp_composer_set_text (composer (), text);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer ()), "composer.send", NULL));

  /* Sent through the outbox: the echo shows its state and ends as sent. */
  g_assert_true (rp_test_wait_until (echo_in_view, &sent, 30));
  {
    g_autofree char *left = rp_composer_get_text (composer ());

    g_assert_cmpstr (left, ==, "");
  }

  world = sandbox_request ("GET", "/sandbox/export");
  remote = sandbox_conversation (world, c->channel_id);
  g_assert_nonnull (remote);
  remote_messages = json_object_get_array_member (remote, "messages");
  for (guint i = 0; i < json_array_get_length (remote_messages); i++)
    {
      JsonObject *m = json_array_get_object_element (remote_messages, i);

      if (g_strcmp0 (json_object_get_string_member (m, "content"), text) == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (m, "sender"), ==, "seller");
          found = TRUE;
        }
    }
  g_assert_true (found);

  /* A confirmation on an order waiting to ship always gets an answer once the buyer is
   * online; a day of the sandbox's time covers every buyer's evening. */
  clock = sandbox_request ("POST", "/sandbox/clock?advance=86400");
  sync_and_wait ();
  g_assert_true (rp_test_wait_until (buyer_answered, (gpointer) text, 30));
  rp_test_ui_iterate (500);
  screenshot ("inbox");
}

/* The action is enabled once the order is read: until then it does nothing. */
static gboolean
template_ready (gpointer data)
{
  g_autofree char *text = NULL;

  gtk_widget_activate_action (GTK_WIDGET (view ()), "conversation.insert-template", "u",
                              RP_TEMPLATE_STALLED_PARCEL);
  text = rp_composer_get_text (composer ());

  return *text != '\0';
}

/* A parcel template in the buyer's language, filled from the order: no placeholder left. */
static void
test_template (void)
{
  g_autoptr(RpConversation) c = NULL;
  g_autofree char *text = NULL;

  open_at (find_conversation (is_order_to_ship));
  c = g_object_ref (rp_conversation_view_get_conversation (view ()));
  rp_composer_set_text (composer (), "");
  g_assert_true (rp_test_wait_until (template_ready, NULL, 20));

  text = rp_composer_get_text (composer ());
  g_assert_nonnull (strstr (text, c->order_id));

  /* The order beside the conversation, from the same read. */
  {
    RpConversationOrderCard *card = RP_CONVERSATION_ORDER_CARD (rp_test_ui_find_widget (GTK_WIDGET (view ()),
                                                                                        
                                                                             RP_TYPE_CONVERSATION_ORDER_CARD,
                                                                             NULL, NULL));
    g_autoptr(RpOrder) order = rp_store_get_order_sync (fixture.store, c->account_id, c->order_id, NULL);

    g_assert_nonnull (card);
    g_assert_cmpstr (rp_conversation_order_card_get_text (card, "status"), ==, "To ship");
    g_assert_cmpstr (rp_conversation_order_card_get_text (card, "parcel"), ==, "Not shipped yet");
    g_assert_nonnull (order);
    if (order->has_detail && order->address.city != NULL)
      g_assert_nonnull (strstr (rp_conversation_order_card_get_text (card, "address"), order->address.city));
    {
      GtkWidget *toggle = rp_test_ui_find_widget (GTK_WIDGET (view ()),
                                                  GTK_TYPE_TOGGLE_BUTTON, NULL, NULL);

      g_assert_nonnull (toggle);
      g_assert_true (gtk_widget_get_visible (toggle));
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
      rp_test_ui_iterate (400);
    }
  }
  g_assert_null (strstr (text, "{order_id}"));
  g_assert_null (strstr (text, "{buyer_name}"));
  screenshot ("inbox-template");

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (rp_test_ui_find_widget (GTK_WIDGET (view ()), GTK_TYPE_TOGGLE_BUTTON, NULL, NULL)), FALSE);
  rp_composer_set_text (composer (), "");
}

/* The list filters at once: choose a filter and let the view catch up. */
static void
set_filter (guint row)
{
  GtkWidget *dropdown = rp_test_ui_find_widget (GTK_WIDGET (fixture.page),
                                                GTK_TYPE_DROP_DOWN, NULL, NULL);

  g_assert_nonnull (dropdown);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), row);
  rp_test_ui_iterate (100);
}

static gboolean
is_not_processed (RpConversation *c)
{
  return !c->processed && c->rank == 0 && c->order_id != NULL;
}

static gboolean
flags_sent (gpointer data)
{
  const char *channel_id = data;
  g_autoptr(GPtrArray) items = rp_store_outbox_list_sync (fixture.store, fixture.account_id, NULL);
  guint sent = 0;

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      RpOutboxItem *item = g_ptr_array_index (items, i);

      if ((item->kind == RP_OUTBOX_KIND_MARK_PROCESSED || item->kind == RP_OUTBOX_KIND_SET_RANK) &&
          g_strcmp0 (item->target_id, channel_id) == 0 && item->state == RP_OUTBOX_SENT)
        sent++;
    }

  return sent == 2;
}

/* The view holds the row the list read back: processed, with label 3. */
static gboolean
view_shows_processed_3 (gpointer data)
{
  RpConversation *c = rp_conversation_view_get_conversation (view ());

  return c != NULL && c->processed && c->rank == 3;
}

typedef struct
{
  const char *channel_id;
  guint       n;
} FlagsSent;

static gboolean
flags_sent_n (gpointer data)
{
  FlagsSent *want = data;
  g_autoptr(GPtrArray) items = rp_store_outbox_list_sync (fixture.store, fixture.account_id, NULL);
  guint sent = 0;

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      RpOutboxItem *item = g_ptr_array_index (items, i);

      if ((item->kind == RP_OUTBOX_KIND_MARK_PROCESSED || item->kind == RP_OUTBOX_KIND_SET_RANK) &&
          g_strcmp0 (item->target_id, want->channel_id) == 0 && item->state == RP_OUTBOX_SENT)
        sent++;
    }

  return sent >= want->n;
}

static gboolean
processed_is (gpointer data)
{
  RpConversation *c = rp_conversation_view_get_conversation (view ());

  return c != NULL && c->processed == GPOINTER_TO_INT (data);
}

static void
test_processed_and_label (void)
{
  guint position;
  g_autoptr(RpConversation) c = NULL;
  g_autoptr(RpConversation) cached = NULL;
  g_autoptr(JsonNode) world = NULL;
  JsonObject *remote;

  set_filter (0);
  position = find_conversation (is_not_processed);
  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  c = g_list_model_get_item (rp_inbox_page_get_shown_conversations (fixture.page), position);
  open_at (position);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view ()), "conversation.mark-processed", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view ()), "conversation.set-rank", "u", 3));
  g_assert_true (rp_test_wait_until (flags_sent, c->channel_id, 30));

  world = sandbox_request ("GET", "/sandbox/export");
  remote = sandbox_conversation (world, c->channel_id);
  g_assert_nonnull (remote);
  g_assert_cmpint (json_node_get_int (json_object_get_member (remote, "deal_stat")), ==, 1);
  g_assert_cmpint (json_node_get_int (json_object_get_member (remote, "rank")), ==, 3);

  /* Read back by the next sync, and nothing left to mark processed. */
  sync_and_wait ();
  cached = rp_store_get_conversation_sync (fixture.store, c->account_id, c->channel_id, NULL);
  g_assert_true (cached->processed);
  g_assert_cmpuint (cached->rank, ==, 3);
  /* The list reloads after a breath, then hands the view the fresh row. */
  g_assert_true (rp_test_wait_until (view_shows_processed_3, NULL, 20));

  /* And back: the marketplace takes deal_stat 0 as well, and the cache shows it at once. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view ()), "conversation.mark-not-processed", NULL));
  g_assert_true (rp_test_wait_until (processed_is, GINT_TO_POINTER (FALSE), 10));
  g_assert_true (rp_test_wait_until (flags_sent_n, &(FlagsSent) { c->channel_id, 3 }, 30));
  g_clear_pointer (&world, json_node_unref);
  world = sandbox_request ("GET", "/sandbox/export");
  remote = sandbox_conversation (world, c->channel_id);
  g_assert_cmpint (json_node_get_int (json_object_get_member (remote, "deal_stat")), ==, 0);

  sync_and_wait ();
  g_clear_object (&cached);
  cached = rp_store_get_conversation_sync (fixture.store, c->account_id, c->channel_id, NULL);
  g_assert_false (cached->processed);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view ()), "conversation.mark-processed", NULL));
  g_assert_true (rp_test_wait_until (processed_is, GINT_TO_POINTER (TRUE), 10));
}

static gboolean
echo_failed (gpointer data)
{
  GListModel *messages = rp_conversation_view_get_messages (view ());

  for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
    {
      g_autoptr(RpMessage) m = g_list_model_get_item (messages, i);

      if (m->is_own && g_strcmp0 (m->content, data) == 0 && m->outbox_id > 0 &&
          (m->outbox_state == RP_OUTBOX_FAILED_RETRYABLE || m->outbox_state == RP_OUTBOX_FAILED_PERMANENT))
        return TRUE;
    }

  return FALSE;
}

static void
test_retry (void)
{
  const char *text = "Thank you for waiting, the replacement is packed (retry check)";
  EchoWait sent = { text, RP_OUTBOX_SENT, FALSE };
  g_autoptr(JsonNode) faults = NULL;
  g_autoptr(JsonNode) calm = NULL;
  g_autoptr(JsonNode) world = NULL;
  GListModel *messages;
  RpMessageBubble *bubble;
  gint64 outbox_id = 0;
  g_autofree char *channel_id = NULL;
  JsonArray *remote_messages;
  gboolean found = FALSE;

  open_at (0);
  channel_id = g_strdup (rp_conversation_view_get_conversation (view ())->channel_id);

  /* Every request fails: the echo shows that it is not sent and offers Retry. */
  faults = sandbox_request ("POST", "/sandbox/faults?rate=1&modes=http_500");
  rp_composer_set_text (composer (), text);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer ()), "composer.send", NULL));
  g_assert_true (rp_test_wait_until (echo_failed, (gpointer) text, 60));
  rp_test_ui_iterate (300);
  bubble = RP_MESSAGE_BUBBLE (rp_test_ui_find_widget (GTK_WIDGET (view ()), RP_TYPE_MESSAGE_BUBBLE,
                                           bubble_has_text, (gpointer) text));
  g_assert_nonnull (bubble);
  g_assert_true (rp_message_bubble_get_can_retry (bubble));
  g_assert_nonnull (rp_message_bubble_get_state_text (bubble));
  screenshot ("inbox-failed");

  messages = rp_conversation_view_get_messages (view ());
  for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
    {
      g_autoptr(RpMessage) m = g_list_model_get_item (messages, i);

      if (g_strcmp0 (m->content, text) == 0)
        outbox_id = m->outbox_id;
    }
  g_assert_cmpint (outbox_id, >, 0);

  /* The marketplace answers again; Retry sends it now. */
  calm = sandbox_request ("POST", "/sandbox/faults?rate=0");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view ()), "conversation.retry", "x", outbox_id));
  g_assert_true (rp_test_wait_until (echo_in_view, &sent, 30));

  world = sandbox_request ("GET", "/sandbox/export");
  remote_messages = json_object_get_array_member (sandbox_conversation (world, channel_id), "messages");
  for (guint i = 0; i < json_array_get_length (remote_messages); i++)
    {
      JsonObject *m = json_array_get_object_element (remote_messages, i);

      if (g_strcmp0 (json_object_get_string_member (m, "content"), text) == 0)
        found = TRUE;
    }
  g_assert_true (found);
}

static gboolean
all_match (GListModel *model,
           gboolean  (*match) (RpConversation *))
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RpConversation) c = g_list_model_get_item (model, i);

      if (!match (c))
        return FALSE;
    }

  return TRUE;
}

static guint
count_matching (GListModel *model,
                gboolean  (*match) (RpConversation *))
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RpConversation) c = g_list_model_get_item (model, i);

      n += match (c) ? 1 : 0;
    }

  return n;
}

static gboolean
is_unread_or_not_read (RpConversation *c)
{
  return c->unread_count > 0 || !c->read;
}

static gboolean
is_unanswered (RpConversation *c)
{
  return !c->last_message_is_own;
}

static gboolean
is_labelled (RpConversation *c)
{
  return c->rank > 0;
}

static GHashTable *open_disputes;

static gboolean has_items (gpointer data);

static gboolean
is_disputed (RpConversation *c)
{
  return (c->order_id != NULL && g_hash_table_contains (open_disputes, c->order_id)) ||
         (c->buyer_login_id != NULL && g_hash_table_contains (open_disputes, c->buyer_login_id));
}

static gboolean
model_loaded (gpointer data)
{
  gint64 count = rp_store_count_sync (fixture.store, 0, RP_STORE_CHANGE_DISPUTES, NULL);

  return !rp_store_list_model_get_loading (RP_STORE_LIST_MODEL (data)) &&
         g_list_model_get_n_items (G_LIST_MODEL (data)) == (guint) count;
}

static void
load_open_disputes (void)
{
  g_autoptr(RpStoreListModel) disputes = rp_store_list_model_new (fixture.store, RP_STORE_LIST_DISPUTES, 0);

  g_assert_true (rp_test_wait_until (model_loaded, disputes, 20));
  g_clear_pointer (&open_disputes, g_hash_table_unref);
  open_disputes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (disputes)); i++)
    {
      g_autoptr(RpDispute) d = g_list_model_get_item (G_LIST_MODEL (disputes), i);

      if (d->status != RP_DISPUTE_STATUS_PROCESSING)
        continue;
      g_hash_table_add (open_disputes, g_strdup (d->order_id));
      if (d->parent_order_id != NULL)
        g_hash_table_add (open_disputes, g_strdup (d->parent_order_id));
      g_hash_table_add (open_disputes, g_strdup (d->buyer_login_id));
    }
}

static void
test_filters (void)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (rp_test_ui_find_widget (GTK_WIDGET (fixture.page),
                                                                 GTK_TYPE_DROP_DOWN, NULL, NULL));
  GListModel *all = rp_inbox_page_get_conversations (fixture.page);
  GListModel *shown = rp_inbox_page_get_shown_conversations (fixture.page);
  struct { guint row; gboolean (*match) (RpConversation *); } cases[] = {
    { 1, is_unread_or_not_read },
    { 2, is_unanswered },
    { 3, is_labelled },
    { 5, is_disputed },
  };

  g_assert_nonnull (dropdown);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, g_list_model_get_n_items (all));

  /* The demo's few disputes may all be over by now: open one about the order of the
   * oldest order conversation, as a sync would bring it. */
  {
    g_autoptr(GPtrArray) disputes = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(RpDispute) dispute = rp_dispute_new ();
    g_autoptr(GError) error = NULL;

    for (guint i = g_list_model_get_n_items (all); i > 0 && dispute->order_id == NULL; i--)
      {
        g_autoptr(RpConversation) c = g_list_model_get_item (all, i - 1);

        if (c->order_id != NULL)
          {
            dispute->order_id = g_strdup (c->order_id);
            dispute->buyer_login_id = g_strdup (c->buyer_login_id);
          }
      }
    g_assert_nonnull (dispute->order_id);
    dispute->account_id = fixture.account_id;
    dispute->issue_id = g_strdup ("9000000000000001");
    dispute->status = RP_DISPUTE_STATUS_PROCESSING;
    dispute->raw_status = g_strdup ("processing");
    dispute->reason = g_strdup ("Item not received");
    dispute->created_at = g_get_real_time ();
    g_ptr_array_add (disputes, g_steal_pointer (&dispute));
    g_assert_true (rp_store_upsert_disputes_sync (fixture.store, fixture.account_id, disputes, &error));
    g_assert_no_error (error);
  }
  load_open_disputes ();
  g_assert_cmpuint (g_hash_table_size (open_disputes), >, 0);
  g_assert_cmpuint (count_matching (all, is_disputed), >, 0);
  /* The page's own list of disputes follows the store. */
  set_filter (5);
  g_assert_true (rp_test_wait_until (has_items, shown, 20));
  set_filter (0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      set_filter (cases[i].row);
      g_assert_true (all_match (shown, cases[i].match));
      g_assert_cmpuint (g_list_model_get_n_items (shown), ==, count_matching (all, cases[i].match));
    }
  set_filter (5);
  g_assert_cmpuint (g_list_model_get_n_items (shown), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (shown), <, g_list_model_get_n_items (all));
  screenshot ("inbox-disputed");
  set_filter (3);

  /* At least the label set above is there to find. */
  g_assert_cmpuint (g_list_model_get_n_items (shown), >=, 1);
  screenshot ("inbox-labelled");

  set_filter (0);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, g_list_model_get_n_items (all));
}

static gboolean
has_items (gpointer data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (data)) > 0;
}

static void
test_search (void)
{
  GListModel *results = rp_inbox_page_get_search_results (fixture.page);
  GtkSearchEntry *entry = NULL;
  GtkWidget *w;

  /* The page's own search entry: the one Ctrl+F focuses. */
  for (w = GTK_WIDGET (fixture.page); w != NULL && !GTK_IS_SEARCH_ENTRY (w);)
    {
      GtkWidget *next = gtk_widget_get_first_child (w);

      while (next == NULL && w != GTK_WIDGET (fixture.page))
        {
          next = gtk_widget_get_next_sibling (w);
          if (next == NULL)
            w = gtk_widget_get_parent (w);
        }
      w = next;
    }
  g_assert_nonnull (w);
  entry = GTK_SEARCH_ENTRY (w);

  gtk_editable_set_text (GTK_EDITABLE (entry), "4711");
  g_assert_true (rp_test_wait_until (has_items, results, 20));
  {
    g_autoptr(RpMessageHit) hit = g_list_model_get_item (results, 0);
    RpStoreSearchHit *h = rp_message_hit_get_hit (hit);
    GtkWidget *row = rp_message_hit_row_new ();
    GtkLabel *label;
    PangoAttrList *attrs;
    g_autoptr(GSList) list = NULL;
    const char *shown;
    gboolean highlighted = FALSE;

    g_object_ref_sink (row);
    g_assert_nonnull (strstr (h->message->content, "4711"));
    rp_message_hit_row_set_hit (RP_MESSAGE_HIT_ROW (row), hit);
    label = rp_message_hit_row_get_snippet_label (RP_MESSAGE_HIT_ROW (row));
    shown = gtk_label_get_text (label);
    g_assert_false (gtk_label_get_use_markup (label));
    attrs = gtk_label_get_attributes (label);
    g_assert_nonnull (attrs);

    /* The bold range covers exactly the match in what the label shows. */
    list = pango_attr_list_get_attributes (attrs);
    for (GSList *l = list; l != NULL; l = l->next)
      {
        PangoAttribute *a = l->data;

        if (a->klass->type == PANGO_ATTR_WEIGHT &&
            strncmp (shown + a->start_index, "4711", a->end_index - a->start_index) == 0 &&
            a->end_index - a->start_index == 4)
          highlighted = TRUE;
      }
    g_slist_free_full (g_steal_pointer (&list), (GDestroyNotify) pango_attribute_destroy);
    g_assert_true (highlighted);
    g_object_unref (row);
  }
  screenshot ("inbox-search");

  /* Activating a result opens its conversation. */
  rp_conversation_view_set_conversation (view (), NULL);
  {
    g_autoptr(RpMessageHit) hit = g_list_model_get_item (results, 0);

    rp_inbox_page_open_result (fixture.page, 0);
    g_assert_true (rp_test_wait_until (view_messages_loaded, NULL, 20));
    g_assert_cmpstr (rp_conversation_view_get_conversation (view ())->channel_id, ==,
                     rp_message_hit_get_hit (hit)->message->channel_id);
  }

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  rp_test_ui_iterate (300);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);
}

static void
test_draft_kept (void)
{
  GListModel *model = rp_inbox_page_get_conversations (fixture.page);
  g_autoptr(RpConversation) a = g_list_model_get_item (model, 0);
  g_autofree char *owner = rp_conversation_view_draft_owner (a);
  g_autofree char *stored = NULL;
  g_autofree char *back = NULL;

  open_at (0);
  rp_composer_set_text (composer (), "A draft that must survive");
  /* Typed, not set: the view saves what the seller types. */
  gtk_text_buffer_insert_at_cursor (rp_composer_get_buffer (composer ()), "!", -1);
  open_at (1);
  {
    g_autofree char *other = rp_composer_get_text (composer ());

    g_assert_cmpstr (other, !=, "A draft that must survive!");
  }
  rp_test_ui_iterate (300);

  stored = rp_store_get_order_state_sync (fixture.store, a->account_id, owner,
                                          RP_CONVERSATION_VIEW_DRAFT_KEY, NULL);
  g_assert_cmpstr (stored, ==, "A draft that must survive!");

  open_at (0);
  rp_test_ui_iterate (300);
  back = rp_composer_get_text (composer ());
  g_assert_cmpstr (back, ==, "A draft that must survive!");

  /* Emptying the composer drops the draft. */
  rp_composer_set_text (composer (), "");
  open_at (1);
  rp_test_ui_iterate (300);
  g_free (stored);
  stored = rp_store_get_order_state_sync (fixture.store, a->account_id, owner,
                                          RP_CONVERSATION_VIEW_DRAFT_KEY, NULL);
  g_assert_null (stored);
}

static void
send_cb (RpComposer *c,
         const char *text,
         gpointer    data)
{
  guint *count = data;

  (*count)++;
}

static void
test_conduct_warning (void)
{
  g_autoptr(RpComposer) c = g_object_ref_sink (RP_COMPOSER (rp_composer_new ()));
  guint sent = 0;
  g_autofree char *long_text = g_strnfill (RP_COMPOSER_DEFAULT_LIMIT + 1, 'x');

  g_signal_connect (c, "send", G_CALLBACK (send_cb), &sent);

  /* Asking to confirm receipt early: warned first, sent only when asked again. */
  rp_composer_set_text (c, "Please confirm receipt now so I get paid");
  gtk_widget_activate_action (GTK_WIDGET (c), "composer.send", NULL);
  g_assert_true (rp_composer_get_warning_shown (c));
  g_assert_cmpuint (sent, ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (c), "composer.send", NULL);
  g_assert_cmpuint (sent, ==, 1);

  /* Plain text goes at once; over the limit and blank text never go. */
  rp_composer_set_text (c, "Thank you for your order!");
  gtk_widget_activate_action (GTK_WIDGET (c), "composer.send", NULL);
  g_assert_false (rp_composer_get_warning_shown (c));
  g_assert_cmpuint (sent, ==, 2);

  rp_composer_set_text (c, long_text);
  gtk_widget_activate_action (GTK_WIDGET (c), "composer.send", NULL);
  g_assert_cmpuint (sent, ==, 2);
  rp_composer_set_text (c, "  \n ");
  gtk_widget_activate_action (GTK_WIDGET (c), "composer.send", NULL);
  g_assert_cmpuint (sent, ==, 2);

  /* Ctrl+Enter sends, caught before the text view could take it as a new line. */
  rp_composer_set_text (c, "Sent with the keyboard");
  {
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (c));
    gboolean found = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (controllers) && !found; i++)
      {
        g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

        if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
            gtk_event_controller_get_propagation_phase (controller) != GTK_PHASE_CAPTURE)
          continue;

        for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
          {
            g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
            g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

            /* Not Ctrl+Shift+Enter, which sends later. */
            if (strstr (trigger, "<Control>Return") == NULL || strstr (trigger, "<Shift>") != NULL)
              continue;
            g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                         GTK_WIDGET (c), NULL));
            found = TRUE;
          }
      }
    g_assert_true (found);
  }
  g_assert_cmpuint (sent, ==, 3);
}

static void
test_hostile_text (void)
{
  const char *content = "<b>bold</b> <span foreground=\"red\">x</span> &amp; "
                        "\u202Egnp.exe\u202C \x1b[2J\x07 \xc2\x9b tail\nline two";
  const char *expected = "<b>bold</b> <span foreground=\"red\">x</span> &amp; "
                         "\uFFFDgnp.exe\uFFFD \uFFFD[2J\uFFFD \uFFFD tail\nline two";
  g_autoptr(RpMessage) message = rp_message_new ();
  g_autoptr(RpConversation) conversation = rp_conversation_new ();
  GtkWidget *bubble = g_object_ref_sink (rp_message_bubble_new ());
  GtkWidget *row = g_object_ref_sink (rp_conversation_row_new ());
  GtkLabel *label;
  PangoLayout *layout;

  message->content = g_strdup (content);
  message->sent_at = g_get_real_time ();
  message->channel_id = g_strdup ("1");
  rp_message_bubble_set_message (RP_MESSAGE_BUBBLE (bubble), message);

  label = rp_message_bubble_get_text_label (RP_MESSAGE_BUBBLE (bubble));
  g_assert_false (gtk_label_get_use_markup (label));
  g_assert_null (gtk_label_get_attributes (label));
  g_assert_cmpstr (rp_message_bubble_get_shown_text (RP_MESSAGE_BUBBLE (bubble)), ==, expected);

  /* What Pango lays out is the text as written: no markup was parsed into attributes. */
  layout = gtk_label_get_layout (label);
  g_assert_cmpstr (pango_layout_get_text (layout), ==, expected);
  g_assert_null (strchr (pango_layout_get_text (layout), '\x1b'));

  /* The conversation list shows names and previews on one line, just as harmlessly. */
  conversation->channel_id = g_strdup ("1");
  conversation->buyer_name = g_strdup ("<i>Eve</i>\u202E");
  conversation->last_message_text = g_strdup (content);
  conversation->last_message_at = g_get_real_time ();
  conversation->unread_count = 2;
  rp_conversation_row_set_conversation (RP_CONVERSATION_ROW (row), conversation);
  {
    g_autoptr(GString) labels = g_string_new (NULL);
    GtkWidget *w = row;

    /* Every label in the row: plain text, no override left. */
    while (w != NULL)
      {
        GtkWidget *next;

        if (GTK_IS_LABEL (w))
          {
            g_assert_false (gtk_label_get_use_markup (GTK_LABEL (w)));
            g_string_append (labels, gtk_label_get_text (GTK_LABEL (w)));
            g_string_append_c (labels, '|');
          }
        next = gtk_widget_get_first_child (w);
        while (next == NULL && w != row)
          {
            next = gtk_widget_get_next_sibling (w);
            if (next == NULL)
              w = gtk_widget_get_parent (w);
          }
        w = next;
      }

    g_assert_nonnull (strstr (labels->str, "<i>Eve</i>\uFFFD|"));
    g_assert_nonnull (strstr (labels->str, "<b>bold</b>"));
    g_assert_null (strstr (labels->str, "\u202E"));
    g_assert_null (strchr (labels->str, '\x1b'));
    g_assert_null (strchr (labels->str, '\n'));
    g_assert_nonnull (strstr (labels->str, "|2|"));
  }

  g_object_unref (bubble);
  g_object_unref (row);
}

static GtkWidget *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (w))
        return w;
    }

  return NULL;
}

/* The bubble box of @bubble, in @bubble's coordinates. */
static graphene_rect_t
bubble_bounds (RpMessageBubble *bubble)
{
  GtkWidget *box = gtk_widget_get_parent (GTK_WIDGET (rp_message_bubble_get_text_label (bubble)));
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (box, GTK_WIDGET (bubble), &bounds));
  return bounds;
}

/* A bubble is as wide as its text up to a limit, at the start of the row for the buyer
 * and at its end for the seller (the other way round right to left). */
static void
test_bubble_layout (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  RpMessageBubble *buyer = RP_MESSAGE_BUBBLE (rp_message_bubble_new ());
  RpMessageBubble *seller = RP_MESSAGE_BUBBLE (rp_message_bubble_new ());
  RpMessageBubble *long_text = RP_MESSAGE_BUBBLE (rp_message_bubble_new ());
  g_autoptr(RpMessage) short_message = rp_message_new ();
  g_autoptr(RpMessage) own_message = rp_message_new ();
  g_autoptr(RpMessage) long_message = rp_message_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  graphene_rect_t a, b, c;
  int width;

  for (guint i = 0; i < 30; i++)
    g_string_append (text, "Where is my parcel? ");
  short_message->content = g_strdup ("Hi");
  short_message->sent_at = g_get_real_time ();
  own_message->content = g_strdup ("Hello!");
  own_message->sent_at = short_message->sent_at;
  own_message->is_own = TRUE;
  long_message->content = g_strdup (text->str);
  long_message->sent_at = short_message->sent_at;
  rp_message_bubble_set_message (buyer, short_message);
  rp_message_bubble_set_message (seller, own_message);
  rp_message_bubble_set_message (long_text, long_message);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (buyer));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (seller));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (long_text));
  gtk_window_set_child (window, box);
  gtk_window_set_default_size (window, 900, 600);
  gtk_window_present (window);
  rp_test_ui_wait_for_mapped (GTK_WIDGET (window));
  rp_test_ui_iterate (200);

  width = gtk_widget_get_width (GTK_WIDGET (buyer));
  a = bubble_bounds (buyer);
  b = bubble_bounds (seller);
  c = bubble_bounds (long_text);
  g_test_message ("row %d: buyer %.0f+%.0f, seller %.0f+%.0f, long %.0f+%.0fx%.0f", width,
                  a.origin.x, a.size.width, b.origin.x, b.size.width,
                  c.origin.x, c.size.width, c.size.height);
  g_assert_cmpint (width, >=, 800);
  /* The buyer's at the start, the seller's at the end, a margin from the edge. */
  g_assert_cmpfloat (a.origin.x, ==, 12);
  g_assert_cmpfloat (b.origin.x + b.size.width, ==, width - 12);
  /* Short texts make narrow bubbles; a long one wraps at its limit, short of the row. */
  g_assert_cmpfloat (a.size.width, <, width / 2);
  g_assert_cmpfloat (c.size.width, >, a.size.width);
  g_assert_cmpfloat (c.size.width, <, width - 24);
  g_assert_cmpfloat (c.size.height, >, 3 * a.size.height);
  /* The text is wrapped to the bubble, not cut. */
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (rp_message_bubble_get_text_label (long_text))),
                   >, 3 * gtk_widget_get_height (GTK_WIDGET (rp_message_bubble_get_text_label (buyer))));

  /* Right to left, the sides swap. */
  gtk_widget_set_direction (GTK_WIDGET (buyer), GTK_TEXT_DIR_RTL);
  gtk_widget_set_direction (GTK_WIDGET (seller), GTK_TEXT_DIR_RTL);
  rp_test_ui_iterate (200);
  a = bubble_bounds (buyer);
  b = bubble_bounds (seller);
  g_assert_cmpfloat (a.origin.x + a.size.width, ==, width - 12);
  g_assert_cmpfloat (b.origin.x, ==, 12);

  /* A narrow row: the long text fills it and still wraps. */
  gtk_window_set_default_size (window, 300, 600);
  rp_test_ui_iterate (300);
  width = gtk_widget_get_width (GTK_WIDGET (long_text));
  c = bubble_bounds (long_text);
  g_test_message ("narrow row %d: long %.0f+%.0f", width, c.origin.x, c.size.width);
  g_assert_cmpfloat (c.size.width, <=, width - 24);

  gtk_window_destroy (window);
}

static void
test_links (void)
{
  const char *content = "Photos: https://bank.com@evil.example/p?a=1&b=<2> — "
                        "<a href=\"javascript:alert(2)\">https://good.example/</a>, "
                        "and https://пример.рф/x.";
  g_autoptr(RpMessage) message = rp_message_new ();
  g_autoptr(RpMessage) script = rp_message_new ();
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  RpMessageBubble *bubble = RP_MESSAGE_BUBBLE (rp_message_bubble_new ());
  GtkLabel *label = rp_message_bubble_get_text_label (bubble);
  GtkWidget *dialog;
  const char *body;
  gboolean handled = FALSE;

  gtk_window_set_child (window, GTK_WIDGET (bubble));
  gtk_window_present (window);
  rp_test_ui_wait_for_mapped (GTK_WIDGET (window));

  message->content = g_strdup (content);
  message->sent_at = g_get_real_time ();
  rp_message_bubble_set_message (bubble, message);

  /* Three links; the text shown is still exactly what the buyer wrote. */
  g_assert_cmpuint (rp_message_bubble_get_n_links (bubble), ==, 3);
  g_assert_cmpstr (rp_message_bubble_get_link (bubble, 0)->host, ==, "evil.example");
  g_assert_cmpstr (rp_message_bubble_get_link (bubble, 1)->host, ==, "good.example");
  g_assert_cmpstr (rp_message_bubble_get_link (bubble, 2)->display_host, ==, "пример.рф");
  g_assert_cmpstr (rp_message_bubble_get_shown_text (bubble), ==, content);
  g_assert_cmpstr (pango_layout_get_text (gtk_label_get_layout (label)), ==, content);

  /* Clicking a link asks first: the dialog names the real host, emphasised. */
  g_assert_null (find_message_dialog ());
  g_signal_emit_by_name (label, "activate-link", "0", &handled);
  g_assert_true (handled);
  rp_test_ui_iterate (100);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == window);
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_test_message ("%s", body);
  g_assert_nonnull (strstr (body, "<b>evil.example</b>"));
  g_assert_nonnull (strstr (body, "https://bank.com@evil.example/p?a=1&amp;b="));
  g_assert_null (strstr (body, "<b>bank.com"));
  g_assert_true (adw_message_dialog_get_body_use_markup (ADW_MESSAGE_DIALOG (dialog)));
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==, "cancel");
  rp_test_ui_wait_for_mapped (dialog);
  rp_test_ui_iterate (200);
  rp_test_ui_screenshot (dialog, "inbox-link-dialog");
  /* What its Cancel button does: the response, then the dialog closes. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_close (GTK_WINDOW (dialog));
  rp_test_ui_iterate (200);
  g_assert_null (find_message_dialog ());

  /* An IDN shows its ASCII form beside it. */
  dialog = rp_message_bubble_activate_link (bubble, 2);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "<b>пример.рф (xn--e1afmkfd.xn--p1ai)</b>"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_close (GTK_WINDOW (dialog));
  rp_test_ui_iterate (200);

  /* The label's own handling never runs: an address is never taken from the markup. */
  handled = FALSE;
  g_signal_emit_by_name (label, "activate-link", "javascript:alert(1)", &handled);
  g_assert_true (handled);
  g_assert_null (rp_message_bubble_activate_link (bubble, 3));
  rp_test_ui_iterate (100);
  g_assert_null (find_message_dialog ());

  /* javascript:, data: and file: addresses are text, nothing to click. */
  script->content = g_strdup ("javascript:alert(1) data:text/html,<b>x</b> file:///etc/passwd "
                              "httpѕ://look.alike/ jav&#x61;script:alert(3)");
  script->sent_at = g_get_real_time ();
  rp_message_bubble_set_message (bubble, script);
  g_assert_cmpuint (rp_message_bubble_get_n_links (bubble), ==, 0);
  g_assert_false (gtk_label_get_use_markup (label));
  g_assert_cmpstr (rp_message_bubble_get_shown_text (bubble), ==, script->content);

  gtk_window_destroy (window);
}

static void
serve_image_cb (SoupServer        *server,
                SoupServerMessage *message,
                const char        *path,
                GHashTable        *query,
                gpointer           data)
{
  GBytes *png = data;

  if (g_str_equal (path, "/photo.png"))
    {
      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (message, "image/png", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (png, NULL), g_bytes_get_size (png));
    }
  else
    soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
}

static gboolean
images_settled (gpointer data)
{
  RpMessageBubble *bubble = data;

  for (guint i = 0; i < rp_message_bubble_get_n_images (bubble); i++)
    if (rp_message_bubble_get_image_state (bubble, i) == RP_MESSAGE_BUBBLE_IMAGE_LOADING)
      return FALSE;

  return TRUE;
}

static GString *
collect_labels (GtkWidget *root,
                GString   *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child))
        {
          g_assert_false (gtk_label_get_use_markup (GTK_LABEL (child)));
          g_string_append (out, gtk_label_get_text (GTK_LABEL (child)));
          g_string_append_c (out, '|');
        }
      collect_labels (child, out);
    }

  return out;
}

static void
test_images (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GBytes) pixels = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autoptr(RpMessage) message = rp_message_new ();
  g_autofree char *base = NULL;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  RpMessageBubble *bubble = RP_MESSAGE_BUBBLE (rp_message_bubble_new ());
  GtkWidget *dialog;
  guint8 *data = g_malloc (320 * 200 * 4);

  /* An image made here, served from 127.0.0.1, beside a 404 and addresses never fetched. */
  for (guint i = 0; i < 320 * 200; i++)
    {
      data[i * 4] = 0x33;
      data[i * 4 + 1] = 0x66 + i % 64;
      data[i * 4 + 2] = 0xcc;
      data[i * 4 + 3] = 0xff;
    }
  pixels = g_bytes_new_take (data, 320 * 200 * 4);
  texture = gdk_memory_texture_new (320, 200, GDK_MEMORY_R8G8B8A8, pixels, 320 * 4);
  png = gdk_texture_save_to_png_bytes (texture);
  soup_server_add_handler (server, NULL, serve_image_cb, png, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  message->content = g_strdup ("Here is the damage.");
  message->sent_at = g_get_real_time ();
  message->image_urls = g_new0 (char *, 5);
  message->image_urls[0] = g_strconcat (base, "photo.png", NULL);
  message->image_urls[1] = g_strconcat (base, "gone.png", NULL);
  message->image_urls[2] = g_strdup ("javascript:alert(1)");
  message->image_urls[3] = g_strdup ("file:///etc/passwd");

  gtk_window_set_child (window, GTK_WIDGET (bubble));
  gtk_window_present (window);
  rp_test_ui_wait_for_mapped (GTK_WIDGET (window));
  rp_message_bubble_set_message (bubble, message);

  g_assert_cmpuint (rp_message_bubble_get_n_images (bubble), ==, 4);
  /* The other schemes are not even tried. */
  g_assert_cmpint (rp_message_bubble_get_image_state (bubble, 2), ==, RP_MESSAGE_BUBBLE_IMAGE_FAILED);
  g_assert_cmpint (rp_message_bubble_get_image_state (bubble, 3), ==, RP_MESSAGE_BUBBLE_IMAGE_FAILED);
  g_assert_true (rp_test_wait_until (images_settled, bubble, 20));
  g_assert_cmpint (rp_message_bubble_get_image_state (bubble, 0), ==, RP_MESSAGE_BUBBLE_IMAGE_SHOWN);
  g_assert_cmpint (rp_message_bubble_get_image_state (bubble, 1), ==, RP_MESSAGE_BUBBLE_IMAGE_FAILED);
  g_assert_true (GTK_IS_BUTTON (rp_message_bubble_get_image_widget (bubble, 0)));
  g_assert_true (GTK_IS_PICTURE (gtk_button_get_child (GTK_BUTTON (rp_message_bubble_get_image_widget (bubble, 0)))));

  /* A chip says so and shows the address as plain text. */
  {
    g_autoptr(GString) labels = collect_labels (rp_message_bubble_get_image_widget (bubble, 2), g_string_new (NULL));
    g_autoptr(GString) missing = collect_labels (rp_message_bubble_get_image_widget (bubble, 1), g_string_new (NULL));

    g_assert_cmpstr (labels->str, ==, "Image could not be loaded|javascript:alert(1)|");
    g_assert_nonnull (strstr (missing->str, "gone.png"));
  }
  rp_test_ui_iterate (200);
  rp_test_ui_screenshot (GTK_WIDGET (window), "inbox-images");

  /* Clicking the thumbnail asks first, naming the host. */
  g_signal_emit_by_name (rp_message_bubble_get_image_widget (bubble, 0), "clicked");
  rp_test_ui_iterate (100);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "<b>127.0.0.1</b>"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_close (GTK_WINDOW (dialog));
  rp_test_ui_iterate (100);

  /* Another message in the same bubble (a recycled row) drops the old images. */
  rp_message_bubble_set_message (bubble, NULL);
  g_assert_cmpuint (rp_message_bubble_get_n_images (bubble), ==, 0);

  gtk_window_destroy (window);
  soup_server_disconnect (server);
}

static void
test_narrow_and_dark (void)
{
  AdwLeaflet *leaflet;

  gtk_window_set_default_size (fixture.window, 360, 640);
  rp_test_ui_iterate (800);
  leaflet = ADW_LEAFLET (gtk_widget_get_ancestor (GTK_WIDGET (view ()), ADW_TYPE_LEAFLET));
  g_assert_true (adw_leaflet_get_folded (leaflet));

  /* Folded: the open conversation fills the page, and going back shows the list. */
  open_at (0);
  rp_test_ui_iterate (600);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "conversation");
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (view ())), >=, 340);
  screenshot ("inbox-narrow");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view ()), "inbox.show-list", NULL));
  rp_test_ui_iterate (600);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "list");
  screenshot ("inbox-narrow-list");

  gtk_window_set_default_size (fixture.window, 1100, 720);
  g_object_set (adw_style_manager_get_default (), "color-scheme", ADW_COLOR_SCHEME_FORCE_DARK, NULL);
  open_at (0);
  rp_test_ui_iterate (800);
  screenshot ("inbox-dark");
  g_object_set (adw_style_manager_get_default (), "color-scheme", ADW_COLOR_SCHEME_DEFAULT, NULL);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  rp_test_demo_prepare ("inbox");
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/rapport/ui/inbox/hostile-text", test_hostile_text);
  g_test_add_func ("/rapport/ui/inbox/conduct-warning", test_conduct_warning);
  g_test_add_func ("/rapport/ui/inbox/bubble-layout", test_bubble_layout);
  g_test_add_func ("/rapport/ui/inbox/links", test_links);
  g_test_add_func ("/rapport/ui/inbox/images", test_images);

  fixture_open ();

  g_test_add_func ("/rapport/ui/inbox/list", test_list);
  g_test_add_func ("/rapport/ui/inbox/detail-after-first-frame", test_detail_after_first_frame);
  g_test_add_func ("/rapport/ui/inbox/open-marks-read", test_open_marks_read);
  g_test_add_func ("/rapport/ui/inbox/send-and-answer", test_send_and_answer);
  g_test_add_func ("/rapport/ui/inbox/search", test_search);
  g_test_add_func ("/rapport/ui/inbox/processed-and-label", test_processed_and_label);
  g_test_add_func ("/rapport/ui/inbox/filters", test_filters);
  g_test_add_func ("/rapport/ui/inbox/retry", test_retry);
  g_test_add_func ("/rapport/ui/inbox/draft-kept", test_draft_kept);
  g_test_add_func ("/rapport/ui/inbox/template", test_template);
  g_test_add_func ("/rapport/ui/inbox/narrow-and-dark", test_narrow_and_dark);

  ret = g_test_run ();

  gtk_window_destroy (fixture.window);
  rp_context_shutdown (fixture.context);
  rp_test_ui_iterate (100);
  g_clear_object (&fixture.context);
  g_clear_object (&fixture.settings);
  g_free (fixture.base_url);

  return ret;
}
