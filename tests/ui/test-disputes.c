/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-disputes"

#include "config.h"

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "rp-context.h"
#include "rp-dispute-clock.h"
#include "rp-dispute-detail.h"
#include "rp-dispute-reply.h"
#include "rp-dispute-row.h"
#include "rp-disputes-page.h"
#include "rp-outbox-payload.h"
#include "rp-template.h"
#include "rp-test-demo.h"
#include "rp-test-ui.h"

/* The Disputes page against the demo marketplace: the cache filled by a real sync from
 * rapport-sandbox, then the first reply, a counter-offer and an acceptance sent through
 * the outbox and found again in the sandbox's own world (/sandbox/export). */

typedef struct
{
  GSettings      *settings;
  RpContext      *context;
  GtkWindow      *window;
  RpDisputesPage *page;
  RpStore        *store;
  char           *base_url;
} Fixture;

static Fixture fixture;

/* The dispute the counter-offer went to: its buyer solution is no longer waiting, whatever
 * the cache says until the next sync. */
static char *countered;

static gboolean
is_true (gpointer data)
{
  return *(gboolean *)data;
}

static gboolean
page_loaded (gpointer data)
{
  GListModel *model = rp_disputes_page_get_model (fixture.page);

  return model != NULL && g_list_model_get_n_items (model) > 0;
}

static gboolean
detail_loaded (gpointer data)
{
  RpDisputeDetail *detail = rp_disputes_page_get_detail (fixture.page);

  return rp_dispute_detail_get_loaded (detail) &&
         g_strcmp0 (rp_dispute_detail_get_issue_id (detail), data) == 0;
}

static JsonNode *
sandbox_export (void)
{
  return rp_test_sandbox_request (fixture.base_url, "GET", "/sandbox/export");
}

/* Moves the sandbox's simulated time on, so that buyers act. */
static void
sandbox_advance (guint seconds)
{
  g_autofree char *path = g_strdup_printf ("/sandbox/clock?advance=%u", seconds);
  g_autoptr(JsonNode) node = rp_test_sandbox_request (fixture.base_url, "POST", path);
}


/* Moves simulated time on in steps of six hours, syncing after each, until @done. */
static void
advance_until (gboolean (*done) (gpointer),
               gpointer  data)
{
  for (guint hours = 0; !done (data); hours += 6)
    {
      g_assert_cmpuint (hours, <, 20 * 24);
      sandbox_advance (6 * 3600);
      rp_context_sync_now (fixture.context, FALSE);
      rp_test_ui_iterate (200);
      g_assert_true (rp_test_wait_until (rp_test_demo_synced, fixture.context, 120));
      rp_test_ui_iterate (600);
    }
}

static JsonObject *
export_dispute (JsonNode   *world,
                const char *issue_id)
{
  JsonArray *disputes = json_object_get_array_member (json_node_get_object (world), "disputes");
  gint64 id = g_ascii_strtoll (issue_id, NULL, 10);

  for (guint i = 0; i < json_array_get_length (disputes); i++)
    {
      JsonObject *d = json_array_get_object_element (disputes, i);

      if (json_object_get_int_member (d, "issue_id") == id)
        return d;
    }
  return NULL;
}

static JsonArray *
export_messages (JsonNode   *world,
                 const char *order_id)
{
  JsonArray *conversations = json_object_get_array_member (json_node_get_object (world),
                                                           "conversations");

  for (guint i = 0; i < json_array_get_length (conversations); i++)
    {
      JsonObject *c = json_array_get_object_element (conversations, i);
      JsonNode *node = json_object_get_member (c, "order_id");
      g_autofree char *id = NULL;

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      id = json_node_get_value_type (node) == G_TYPE_STRING
           ? g_strdup (json_node_get_string (node))
           : g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      if (g_strcmp0 (id, order_id) == 0)
        return json_object_get_array_member (c, "messages");
    }
  return NULL;
}

/* Widgets ------------------------------------------------------------------------------ */

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_is_drawable (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
has_tooltip (GtkWidget     *widget,
             gconstpointer  tooltip)
{
  return gtk_widget_is_drawable (widget) &&
         g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0;
}

static GtkWidget *
button (const char *label)
{
  GtkWidget *found = rp_test_ui_find_widget (GTK_WIDGET (fixture.page),
                                             GTK_TYPE_WIDGET, is_button_labelled, label);

  g_assert_nonnull (found);
  return found;
}

/* "clicked" at once: activating a button only clicks it after its press animation. */
static void
click (GtkWidget *widget)
{
  g_assert_true (GTK_IS_BUTTON (widget));
  g_assert_true (gtk_widget_is_sensitive (widget));
  g_signal_emit_by_name (widget, "clicked");
}

/* The dialog that offers @response (an earlier one may still be closing). */
static AdwMessageDialog *
wait_for_dialog (const char *response)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < end)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

          if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
              adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (window), response))
            return ADW_MESSAGE_DIALOG (window);
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }

  g_assert_not_reached ();
  return NULL;
}

static char *
composer_text (void)
{
  GtkWidget *view = rp_test_ui_find_widget (GTK_WIDGET (fixture.page),
                                            GTK_TYPE_TEXT_VIEW, NULL, NULL);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* The outbox ------------------------------------------------------------------------- */

typedef struct
{
  RpOutboxKind kind;
  const char  *target;
} OutboxWait;

static gboolean
outbox_sent (gpointer data)
{
  OutboxWait *wait = data;
  g_autoptr(GPtrArray) items = rp_store_outbox_list_sync (fixture.store, 0, NULL);

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      RpOutboxItem *item = g_ptr_array_index (items, i);

      if (item->kind != wait->kind || g_strcmp0 (item->target_id, wait->target) != 0)
        continue;
      /* A permanent failure is an answer too: the assertion after the wait says which. */
      if (item->state == RP_OUTBOX_SENT || item->state == RP_OUTBOX_FAILED_PERMANENT)
        return TRUE;
    }
  return FALSE;
}

static void
assert_outbox_sent (RpOutboxKind  kind,
                    const char   *target)
{
  OutboxWait wait = { kind, target };
  g_autoptr(GPtrArray) items = NULL;

  g_assert_true (rp_test_wait_until (outbox_sent, &wait, 60));
  items = rp_store_outbox_list_sync (fixture.store, 0, NULL);
  for (guint i = 0; i < items->len; i++)
    {
      RpOutboxItem *item = g_ptr_array_index (items, i);

      if (item->kind == kind && g_strcmp0 (item->target_id, target) == 0)
        {
          g_assert_cmpstr (item->last_error, ==, NULL);
          g_assert_cmpint (item->state, ==, RP_OUTBOX_SENT);
        }
    }
}

/* Disputes in the cache, by what the test needs of them. */
static RpDispute *
find_open_dispute (gboolean    with_waiting_buyer_solution,
                   const char *not_this)
{
  GListModel *model = rp_disputes_page_get_model (fixture.page);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RpDispute) light = g_list_model_get_item (model, i);
      g_autoptr(RpDispute) d = NULL;

      if (light->status != RP_DISPUTE_STATUS_PROCESSING || g_strcmp0 (light->issue_id, not_this) == 0)
        continue;
      d = rp_store_get_dispute_sync (fixture.store, light->account_id, light->issue_id, NULL);
      /* The list may not have caught up with the cache yet. */
      if (d == NULL || !d->has_detail || d->refund_max.cents < 200 ||
          d->status != RP_DISPUTE_STATUS_PROCESSING)
        continue;

      for (guint s = 0; d->buyer_solutions != NULL && s < d->buyer_solutions->len; s++)
        {
          RpSolution *solution = g_ptr_array_index (d->buyer_solutions, s);

          if (g_strcmp0 (solution->status, "wait_seller_accept") == 0 && solution->refund.cents > 0)
            return g_steal_pointer (&d);
        }
      if (!with_waiting_buyer_solution)
        return g_steal_pointer (&d);
    }
  return NULL;
}

static gboolean
has_waiting_dispute (gpointer not_this)
{
  g_autoptr(RpDispute) d = NULL;

  if (!page_loaded (NULL))
    return FALSE;
  d = find_open_dispute (TRUE, not_this);
  return d != NULL;
}

static gboolean
has_open_dispute (gpointer data)
{
  g_autoptr(RpDispute) d = NULL;

  if (!page_loaded (NULL))
    return FALSE;
  d = find_open_dispute (FALSE, NULL);
  return d != NULL;
}

static void
show (RpDispute *d)
{
  g_assert_true (rp_disputes_page_select (fixture.page, d->account_id, d->issue_id));
  g_assert_true (rp_test_wait_until (detail_loaded, d->issue_id, 20));
  rp_test_ui_iterate (100);
}

static void
painted_cb (GdkFrameClock *clock,
            gpointer       data)
{
  *(gboolean *)data = TRUE;
}

/* A screenshot needs what the window last drew: after a resize, wait for a paint. */
static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong id;

  g_assert_nonnull (clock);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), &painted);
  gtk_widget_queue_draw (widget);
  g_assert_true (rp_test_wait_until (is_true, &painted, 10));
  g_signal_handler_disconnect (clock, id);
  rp_test_ui_iterate (50);
  rp_test_ui_screenshot (widget, name);
}

/* Tests -------------------------------------------------------------------------------- */

static gboolean listed     (gpointer       issue_id);
static gboolean is_row_for (GtkWidget     *widget,
                            gconstpointer  issue_id);

static void
test_list (void)
{
  GListModel *model = rp_disputes_page_get_model (fixture.page);
  guint n = g_list_model_get_n_items (model);
  gint64 open = rp_store_count_sync (fixture.store, 0, RP_STORE_CHANGE_DISPUTES, NULL);
  gint64 previous = G_MININT64;
  g_autoptr(RpDispute) first = NULL;

  g_assert_cmpuint (n, >, 0);
  g_assert_cmpint ((gint64)n, <=, open);

  /* Open disputes only, the most urgent first (no deadline last). */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RpDispute) d = g_list_model_get_item (model, i);
      gint64 deadline = d->deadline > 0 ? d->deadline : G_MAXINT64;

      g_assert_cmpint (d->status, ==, RP_DISPUTE_STATUS_PROCESSING);
      g_assert_cmpint (deadline, >=, previous);
      previous = deadline;
    }

  /* Wide, the first dispute's detail shows beside the list at once. */
  first = g_list_model_get_item (model, 0);
  g_assert_true (rp_test_wait_until (detail_loaded, first->issue_id, 20));
  click (button ("_Fill First Reply"));
  rp_test_ui_iterate (300);
  screenshot (GTK_WIDGET (fixture.window), "disputes-first-reply");

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (
    rp_test_ui_find_widget (GTK_WIDGET (fixture.page), GTK_TYPE_TEXT_VIEW, NULL, NULL))), "", -1);
}

static gboolean
includes_finished (gpointer data)
{
  GListModel *model = rp_disputes_page_get_model (fixture.page);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RpDispute) d = g_list_model_get_item (model, i);

      if (d->status != RP_DISPUTE_STATUS_PROCESSING)
        return TRUE;
    }
  return FALSE;
}

static gboolean
open_only (gpointer data)
{
  return !includes_finished (data) && page_loaded (data);
}

static gboolean
n_items_is (gpointer data)
{
  return g_list_model_get_n_items (rp_disputes_page_get_model (fixture.page)) == GPOINTER_TO_UINT (data);
}

static void
test_finished_filter (void)
{
  GtkWidget *toggle = rp_test_ui_find_widget (GTK_WIDGET (fixture.page),
                                              GTK_TYPE_WIDGET, has_tooltip,
                                   "Show Finished Disputes");
  gint64 all = rp_store_count_sync (fixture.store, 0, RP_STORE_CHANGE_DISPUTES, NULL);
  GListModel *model = rp_disputes_page_get_model (fixture.page);
  guint open = g_list_model_get_n_items (model);

  /* The toggle lists every dispute in the cache, finished ones included (whether the
   * world has finished ones depends on when it started). */
  g_assert_nonnull (toggle);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
  g_assert_true (rp_test_wait_until (n_items_is, GUINT_TO_POINTER ((guint)all), 20));
  g_assert_true (includes_finished (NULL) == ((guint)all > open));

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), FALSE);
  g_assert_true (rp_test_wait_until (open_only, NULL, 20));
}


static gboolean
is_page_search (GtkWidget     *widget,
                gconstpointer  data)
{
  g_autofree char *placeholder = NULL;

  if (!GTK_IS_SEARCH_ENTRY (widget))
    return FALSE;
  g_object_get (widget, "placeholder-text", &placeholder, NULL);
  return g_strcmp0 (placeholder, "Search disputes") == 0;
}

/* The search finds a dispute by its dispute number, and gives the list back when cleared. */
static void
test_search (void)
{
  GListModel *model = rp_disputes_page_get_model (fixture.page);
  GtkWidget *entry = rp_test_ui_find_widget (GTK_WIDGET (fixture.page),
                                             GTK_TYPE_WIDGET, is_page_search, NULL);
  guint n = g_list_model_get_n_items (model);
  g_autoptr(RpDispute) last = g_list_model_get_item (model, n - 1);
  g_autoptr(RpDispute) found = NULL;

  gtk_editable_set_text (GTK_EDITABLE (entry), last->issue_id);
  g_assert_true (rp_test_wait_until (n_items_is, GUINT_TO_POINTER (1), 20));
  found = g_list_model_get_item (model, 0);
  g_assert_cmpstr (found->issue_id, ==, last->issue_id);

  gtk_editable_set_text (GTK_EDITABLE (entry), "no such dispute anywhere");
  g_assert_true (rp_test_wait_until (n_items_is, GUINT_TO_POINTER (0), 20));

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  g_assert_true (rp_test_wait_until (n_items_is, GUINT_TO_POINTER (n), 20));
}

static gboolean
is_own_message_row (GtkWidget     *widget,
                    gconstpointer  order_id)
{
  return ADW_IS_ACTION_ROW (widget) && gtk_widget_is_drawable (widget) &&
         g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), "You · ") &&
         strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)), order_id) != NULL;
}

static gboolean
own_message_shown (gpointer order_id)
{
  return rp_test_ui_find_widget (GTK_WIDGET (fixture.page),
                                 GTK_TYPE_WIDGET, is_own_message_row, order_id) != NULL;
}

/* The playbook fills the composer in the buyer's language; sending queues an order message,
 * marks the dispute answered, and the message reaches the sandbox. */
static void
test_first_reply (void)
{
  g_autoptr(RpDispute) d = find_open_dispute (FALSE, NULL);
  g_autoptr(RpOrder) order = NULL;
  g_autoptr(JsonNode) world = NULL;
  g_autofree char *text = NULL;
  g_autofree char *state = NULL;
  JsonArray *messages;
  gboolean found = FALSE;
  const char *order_id;
  g_autofree char *language = NULL;
  const char * const *languages;
  GtkWidget *dropdown;

  g_assert_nonnull (d);
  /* Disputes name the child order; orders and their conversations the parent. */
  order_id = d->parent_order_id != NULL ? d->parent_order_id : d->order_id;
  order = rp_store_get_order_sync (fixture.store, d->account_id, order_id, NULL);
  g_assert_nonnull (order);
  show (d);

  /* The buyer's language is chosen; English is one choice away. */
  dropdown = rp_test_ui_find_widget (GTK_WIDGET (fixture.page), GTK_TYPE_DROP_DOWN, NULL, NULL);
  language = rp_dispute_buyer_language (order->buyer_country);
  languages = rp_template_languages ();
  g_assert_cmpstr (languages[gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown))], ==,
                   g_strv_contains (languages, language) ? language : "en");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 0);
  g_assert_cmpstr (languages[0], ==, "en");
  click (button ("_Fill First Reply"));
  rp_test_ui_iterate (100);
  text = composer_text ();
  g_assert_true (g_str_has_prefix (text, "Hello "));
  g_free (text);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), g_strv_length ((char **)languages) - 1);
  click (button ("_Fill First Reply"));
  rp_test_ui_iterate (100);
  text = composer_text ();
  g_assert_nonnull (strstr (text, order_id));
  g_assert_null (strchr (text, '{'));
  g_assert_true (gtk_widget_get_sensitive (button ("_Send Reply")));

  click (button ("_Send Reply"));
  assert_outbox_sent (RP_OUTBOX_KIND_MESSAGE, order_id);
  rp_test_ui_iterate (300);

  /* Recorded as answered, and the composer is empty for the next message. */
  state = rp_store_get_order_state_sync (fixture.store, d->account_id, order_id,
                                         RP_DISPUTE_ORDER_STATE_ANSWERED, NULL);
  g_assert_true (rp_dispute_is_answered (d, state, NULL));
  g_free (text);
  text = composer_text ();
  g_assert_cmpstr (text, ==, "");

  /* The reply shows among the recent messages of the order. */
  g_assert_true (rp_test_wait_until (own_message_shown, (gpointer)order_id, 20));

  world = sandbox_export ();
  messages = export_messages (world, order_id);
  g_assert_nonnull (messages);
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *m = json_array_get_object_element (messages, i);

      if (g_strcmp0 (json_object_get_string_member (m, "sender"), "seller") == 0 &&
          strstr (json_object_get_string_member (m, "content"), order_id) != NULL)
        found = TRUE;
    }
  g_assert_true (found);
}

/* The conduct warning under the reply; not the other warnings of the detail (a deadline
 * within two days is shown in the warning colour too). */
static gboolean
is_visible_warning_label (GtkWidget     *widget,
                          gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_is_drawable (widget) &&
         g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), "conduct_label") == 0 &&
         gtk_widget_has_css_class (widget, "warning") &&
         *gtk_label_get_text (GTK_LABEL (widget)) != '\0';
}

/* Asking the buyer to close the dispute is warned about as it is typed, and sending it
 * needs a second, explicit choice; editing instead sends nothing. */
static void
test_conduct_check (void)
{
  static const char text[] = "Please cancel the dispute and we will send a new one.";
  g_autoptr(RpDispute) d = find_open_dispute (FALSE, NULL);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  GtkWidget *view;
  AdwMessageDialog *dialog;

  g_assert_nonnull (d);
  show (d);
  view = rp_test_ui_find_widget (GTK_WIDGET (fixture.page), GTK_TYPE_TEXT_VIEW, NULL, NULL);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "Thank you for your patience.", -1);
  rp_test_ui_iterate (50);
  g_assert_null (rp_test_ui_find_widget (GTK_WIDGET (fixture.page),
                                         GTK_TYPE_WIDGET, is_visible_warning_label, NULL));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
  rp_test_ui_iterate (50);
  g_assert_nonnull (rp_test_ui_find_widget (GTK_WIDGET (fixture.page),
                                            GTK_TYPE_WIDGET, is_visible_warning_label, NULL));

  before = rp_store_outbox_list_sync (fixture.store, 0, NULL);
  click (button ("_Send Reply"));
  dialog = wait_for_dialog ("send");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "dispute"));
  adw_message_dialog_response (dialog, "cancel");
  rp_test_ui_iterate (300);

  after = rp_store_outbox_list_sync (fixture.store, 0, NULL);
  g_assert_cmpuint (after->len, ==, before->len);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "", -1);
}

/* A counter-offer within the cap: the dialog refuses more than the cap, then sends it. */
static void
test_counter_offer (void)
{
  g_autoptr(RpDispute) d = NULL;
  g_autoptr(JsonNode) world = NULL;
  g_autofree char *over = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *expected = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *extra;
  GtkWidget *entries[2] = { NULL };
  GtkWidget *type = NULL;
  guint n_entries = 0;
  JsonObject *exported;
  JsonArray *solutions;
  gboolean found = FALSE;
  gint64 cents;

  advance_until (has_waiting_dispute, NULL);
  d = find_open_dispute (TRUE, NULL);
  g_assert_nonnull (d);
  show (d);
  g_assert_true (gtk_widget_get_sensitive (button ("_Counter-Offer…")));
  click (button ("_Counter-Offer…"));
  dialog = wait_for_dialog ("propose");

  extra = adw_message_dialog_get_extra_child (dialog);
  for (GtkWidget *c = gtk_widget_get_first_child (extra); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      if (GTK_IS_ENTRY (c) && n_entries < 2)
        entries[n_entries++] = c;
      else if (GTK_IS_DROP_DOWN (c))
        type = c;
    }
  g_assert_nonnull (type);
  /* Return the goods, then refund. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (type), 1);
  g_assert_cmpuint (n_entries, ==, 2);

  /* Above the cap: not allowed. */
  over = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", (d->refund_max.cents + 1) / 100,
                          (int)((d->refund_max.cents + 1) % 100));
  gtk_editable_set_text (GTK_EDITABLE (entries[0]), over);
  gtk_editable_set_text (GTK_EDITABLE (entries[1]), "Half the price back, and you keep the item.");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "propose"));

  /* Half the cap, in whole cents. */
  cents = d->refund_max.cents / 2;
  amount = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", cents / 100, (int)(cents % 100));
  gtk_editable_set_text (GTK_EDITABLE (entries[0]), amount);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "propose"));
  adw_message_dialog_response (dialog, "propose");

  assert_outbox_sent (RP_OUTBOX_KIND_SOLUTION_SAVE, d->issue_id);
  countered = g_strdup (d->issue_id);

  world = sandbox_export ();
  exported = export_dispute (world, d->issue_id);
  g_assert_nonnull (exported);
  solutions = json_object_get_array_member (exported, "solutions");
  expected = g_strdup (amount);
  for (guint i = 0; i < json_array_get_length (solutions); i++)
    {
      JsonObject *s = json_array_get_object_element (solutions, i);
      JsonObject *money = json_object_get_object_member (s, "refund_money");

      if (g_strcmp0 (json_object_get_string_member (s, "solution_owner"), "seller") == 0 &&
          g_strcmp0 (json_object_get_string_member (s, "solution_type"), "return_and_refund") == 0 &&
          g_strcmp0 (json_object_get_string_member (money, "amount"), expected) == 0 &&
          g_strcmp0 (json_object_get_string_member (s, "content"),
                     "Half the price back, and you keep the item.") == 0)
        found = TRUE;
    }
  g_assert_true (found);
}

/* Accepting the buyer's solution: the dialog names the money; the dispute closes. */
static void
test_accept (void)
{
  g_autoptr(RpDispute) d = NULL;
  g_autoptr(JsonNode) world = NULL;
  g_autofree char *money = NULL;
  AdwMessageDialog *dialog;
  JsonObject *exported;
  RpSolution *waiting = NULL;

  /* The sync after the counter-offer must not race the choice of a dispute. */
  g_assert_true (rp_test_wait_until (rp_test_demo_synced, fixture.context, 120));
  rp_test_ui_iterate (600);

  /* A buyer solution waiting for the seller: the world may have none right now; buyers
   * answer offers and open disputes as simulated time goes by. */
  advance_until (has_waiting_dispute, countered);
  d = find_open_dispute (TRUE, countered);
  g_assert_nonnull (d);
  for (guint s = 0; s < d->buyer_solutions->len && waiting == NULL; s++)
    {
      RpSolution *solution = g_ptr_array_index (d->buyer_solutions, s);

      if (g_strcmp0 (solution->status, "wait_seller_accept") == 0)
        waiting = solution;
    }
  g_assert_nonnull (waiting);
  money = rp_dispute_format_money (&waiting->refund);

  show (d);
  click (button ("_Accept…"));
  dialog = wait_for_dialog ("accept");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), money));
  g_assert_nonnull (strstr (adw_message_dialog_get_response_label (dialog, "accept"), money));
  rp_test_ui_wait_for_mapped (GTK_WIDGET (dialog));
  screenshot (GTK_WIDGET (dialog), "disputes-accept");
  adw_message_dialog_response (dialog, "accept");

  assert_outbox_sent (RP_OUTBOX_KIND_SOLUTION_AGREE, d->issue_id);

  world = sandbox_export ();
  exported = export_dispute (world, d->issue_id);
  g_assert_nonnull (exported);
  g_assert_cmpstr (json_object_get_string_member (exported, "issue_status"), !=, "processing");
}

static gboolean
is_row_with_subtitle_prefix (GtkWidget     *widget,
                             gconstpointer  prefix)
{
  return ADW_IS_ACTION_ROW (widget) &&
         g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)), prefix);
}

static gboolean
refused_row_shown (gpointer data)
{
  return rp_test_ui_find_widget (GTK_WIDGET (fixture.page),
                                 GTK_TYPE_WIDGET, is_row_with_subtitle_prefix,
                      "Refused by the marketplace: ") != NULL;
}

static gboolean
refused_row_gone (gpointer data)
{
  return !refused_row_shown (data);
}

/* An action the marketplace refuses stays visible in the detail, with its reason, until
 * the seller discards it. */
static void
test_refused_action (void)
{
  g_autoptr(RpDispute) d = find_open_dispute (FALSE, NULL);
  g_autoptr(RpOutboxPayload) payload = rp_outbox_payload_new ();
  g_autoptr(RpOutboxItem) item = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  OutboxWait wait;
  GtkWidget *row;

  g_assert_nonnull (d);
  show (d);

  /* No such solution: the sandbox answers SOLUTION_INVALID. */
  payload->issue_id = g_strdup (d->issue_id);
  payload->solution_id = g_strdup ("1");
  payload->buyer_login_id = g_strdup (d->buyer_login_id);
  json = rp_outbox_payload_to_json (RP_OUTBOX_KIND_SOLUTION_AGREE, payload);
  item = rp_outbox_item_new (RP_OUTBOX_KIND_SOLUTION_AGREE, d->account_id, d->issue_id, json);
  g_assert_cmpint (rp_store_outbox_enqueue_sync (fixture.store, item, NULL, &error), >, 0);
  g_assert_no_error (error);
  rp_context_send_outbox (fixture.context, d->account_id);

  wait = (OutboxWait) { RP_OUTBOX_KIND_SOLUTION_AGREE, d->issue_id };
  g_assert_true (rp_test_wait_until (outbox_sent, &wait, 60));
  g_assert_true (rp_test_wait_until (refused_row_shown, NULL, 20));

  row = rp_test_ui_find_widget (GTK_WIDGET (fixture.page),
                                GTK_TYPE_WIDGET, is_row_with_subtitle_prefix,
                     "Refused by the marketplace: ");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "Acceptance of a solution");

  click (rp_test_ui_find_widget (row, GTK_TYPE_WIDGET, is_button_labelled, "_Discard"));
  g_assert_true (rp_test_wait_until (refused_row_gone, NULL, 20));
}

/* A fresh cache: a dispute accepted before is closed by now. */
static void
fresh_sync (void)
{
  g_assert_true (rp_test_wait_until (rp_test_demo_synced, fixture.context, 120));
  rp_context_sync_now (fixture.context, FALSE);
  rp_test_ui_iterate (200);
  g_assert_true (rp_test_wait_until (rp_test_demo_synced, fixture.context, 120));
  rp_test_ui_iterate (600);
}

/* The sandbox's simulated time, UTC µs: it runs ahead of the real one once moved on. */
static gint64
sandbox_now (void)
{
  g_autoptr(JsonNode) node = rp_test_sandbox_request (fixture.base_url, "GET", "/sandbox/clock");

  return json_object_get_int_member (json_node_get_object (node), "now_ms") * 1000;
}

/* Moves the sandbox on to @until (UTC µs, if ahead), syncs, and pins the page's clock to
 * the sandbox's: the deadlines it hands out are on its time. */
static void
sandbox_move_to (gint64 until)
{
  gint64 now = sandbox_now ();

  if (until > now)
    sandbox_advance ((guint)((until - now) / G_USEC_PER_SEC));
  rp_context_sync_now (fixture.context, FALSE);
  rp_test_ui_iterate (200);
  g_assert_true (rp_test_wait_until (rp_test_demo_synced, fixture.context, 120));
  rp_test_ui_iterate (600);
  rp_disputes_page_set_now (fixture.page, sandbox_now ());
  rp_test_ui_iterate (100);
}

static gboolean
is_visible_badge (GtkWidget     *widget,
                  gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "rp-dispute-badge") &&
         gtk_widget_get_visible (widget);
}

static gboolean
is_label_prefixed (GtkWidget     *widget,
                   gconstpointer  prefix)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
         g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix);
}

/* The badge text a widget shows, or NULL without one. */
static const char *
badge_of (GtkWidget *root)
{
  GtkWidget *badge = rp_test_ui_find_widget (root, GTK_TYPE_WIDGET, is_visible_badge, NULL);

  return badge != NULL ? gtk_label_get_text (GTK_LABEL (badge)) : NULL;
}

static GtkWidget *
row_for (const char *issue_id)
{
  GtkWidget *row;

  g_assert_true (rp_test_wait_until (listed, (gpointer)issue_id, 20));
  row = rp_test_ui_find_widget (GTK_WIDGET (fixture.page), GTK_TYPE_WIDGET, is_row_for, issue_id);
  g_assert_nonnull (row);
  return row;
}

static void
assert_badge (RpDispute  *d,
              const char *text,
              const char *css)
{
  GtkWidget *row = row_for (d->issue_id);
  GtkWidget *detail = GTK_WIDGET (rp_disputes_page_get_detail (fixture.page));
  GtkWidget *badge;

  g_assert_cmpstr (badge_of (row), ==, text);
  badge = rp_test_ui_find_widget (row, GTK_TYPE_WIDGET, is_visible_badge, NULL);
  g_assert_true (gtk_widget_has_css_class (badge, css));

  show (d);
  g_assert_cmpstr (badge_of (detail), ==, text);
  g_assert_true (gtk_widget_has_css_class (rp_test_ui_find_widget (detail, GTK_TYPE_WIDGET, is_visible_badge, NULL), css));
}

/* A dispute from the sandbox with a day left shows the "24 h" badge, in the row and the
 * detail; six hours before its deadline, "6 h".  The row says what the buyer wants. */
static void
test_badges (void)
{
  g_autoptr(RpDispute) d = NULL;
  g_autoptr(RpDispute) again = NULL;
  g_autofree char *wanted = NULL;
  GtkWidget *row;
  GtkWidget *label;

  fresh_sync ();
  /* Waiting for the seller, it moves only at its deadline (an offer of ours could be
   * answered by the buyer with a new one). */
  advance_until (has_waiting_dispute, countered);
  d = find_open_dispute (TRUE, countered);
  g_assert_nonnull (d);
  g_assert_cmpint (d->deadline, >, sandbox_now () + 7 * G_TIME_SPAN_HOUR);

  /* Before: more than a day left on the sandbox's clock. */
  rp_disputes_page_set_now (fixture.page, MIN (sandbox_now (), d->deadline - 30 * G_TIME_SPAN_HOUR));
  rp_test_ui_iterate (100);
  row = row_for (d->issue_id);
  g_assert_true (badge_of (row) == NULL || g_str_equal (badge_of (row), "48 h"));

  /* What the buyer asks for, as the list shows it. */
  wanted = rp_dispute_row_format_wanted (rp_dispute_row_wanted (d));
  label = rp_test_ui_find_widget (row, GTK_TYPE_WIDGET, is_label_prefixed, "Wants: ");
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, wanted);

  /* Twenty hours before the deadline. */
  sandbox_move_to (d->deadline - 20 * G_TIME_SPAN_HOUR);
  again = rp_store_get_dispute_sync (fixture.store, d->account_id, d->issue_id, NULL);
  g_assert_nonnull (again);
  g_assert_cmpint (again->status, ==, RP_DISPUTE_STATUS_PROCESSING);
  g_assert_cmpint (again->deadline, ==, d->deadline);
  assert_badge (again, "24 h", "rp-dispute-badge-24h");
  screenshot (GTK_WIDGET (fixture.window), "disputes");

  /* Five hours before. */
  sandbox_move_to (d->deadline - 5 * G_TIME_SPAN_HOUR);
  g_clear_object (&again);
  again = rp_store_get_dispute_sync (fixture.store, d->account_id, d->issue_id, NULL);
  g_assert_cmpint (again->status, ==, RP_DISPUTE_STATUS_PROCESSING);
  assert_badge (again, "6 h", "rp-dispute-badge-6h");

  /* Past the deadline on the page's clock (the sandbox closes it then; the cache does not
   * know yet). */
  rp_disputes_page_set_now (fixture.page, d->deadline + G_TIME_SPAN_MINUTE);
  rp_test_ui_iterate (100);
  g_assert_cmpstr (badge_of (row_for (d->issue_id)), ==, "Overdue");
  rp_disputes_page_set_now (fixture.page, sandbox_now ());
}

/* Widgets of the extension dialog. */
static GtkSpinButton *
dialog_spin (AdwMessageDialog *dialog)
{
  GtkWidget *spin = rp_test_ui_find_widget (adw_message_dialog_get_extra_child (dialog),
                                            GTK_TYPE_SPIN_BUTTON, NULL, NULL);

  g_assert_nonnull (spin);
  return GTK_SPIN_BUTTON (spin);
}

static void
extend_from_detail (guint days)
{
  AdwMessageDialog *dialog;
  GtkSpinButton *spin;
  g_autofree char *label = NULL;

  click (button ("_Extend…"));
  dialog = wait_for_dialog ("extend");

  /* The marketplace's limits: at least one day, at most thirty. */
  spin = dialog_spin (dialog);
  gtk_spin_button_set_value (spin, 90);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 30);
  gtk_spin_button_set_value (spin, 0);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 1);

  gtk_spin_button_set_value (spin, days);
  label = g_strdup_printf ("_Extend by %u Days", days);
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "extend"), ==, label);
  rp_test_ui_wait_for_mapped (GTK_WIDGET (dialog));
  screenshot (GTK_WIDGET (dialog), "disputes-extend");
  /* The response alone leaves the dialog open (a click on the button closes it): close it,
   * or the next extension would find this one. */
  adw_message_dialog_response (dialog, "extend");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static JsonObject *
export_order (JsonNode   *world,
              const char *order_id)
{
  JsonArray *orders = json_object_get_array_member (json_node_get_object (world), "orders");
  gint64 id = g_ascii_strtoll (order_id, NULL, 10);

  for (guint i = 0; i < json_array_get_length (orders); i++)
    {
      JsonObject *o = json_array_get_object_element (orders, i);

      if (json_object_get_int_member (o, "order_id") == id)
        return o;
    }
  return NULL;
}

static gboolean
is_refused_extension (GtkWidget     *widget,
                      gconstpointer  data)
{
  return ADW_IS_ACTION_ROW (widget) && gtk_widget_is_drawable (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)),
                    "More time to confirm receipt") == 0 &&
         g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)),
                           "Refused by the marketplace: ");
}

static gboolean
refused_extension_shown (gpointer data)
{
  return rp_test_ui_find_widget (GTK_WIDGET (fixture.page),
                                 GTK_TYPE_WIDGET, is_refused_extension, NULL) != NULL;
}

/* The buyer's time to confirm receipt, extended from the detail: the request reaches the
 * sandbox.  An order in dispute is refused there (the marketplace pauses the buyer's
 * time during a dispute), and the detail says so with the sandbox's reason; an order
 * still waiting for the buyer is extended, as its export shows. */
static void
test_extend (void)
{
  g_autoptr(RpDispute) d = NULL;
  g_autoptr(RpDispute) made = rp_dispute_new ();
  g_autoptr(RpOrder) order = NULL;
  g_autoptr(JsonNode) world = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before_update = NULL;
  g_autofree char *order_id = NULL;
  JsonArray *orders;
  JsonObject *exported;
  GtkWidget *row;
  const char *dispute_order;

  /* A dispute from the sandbox: its order is in dispute there.  The one accepted before
   * may have been the only one open: buyers open more as time goes by. */
  fresh_sync ();
  advance_until (has_open_dispute, NULL);
  d = find_open_dispute (FALSE, NULL);
  g_assert_nonnull (d);
  dispute_order = d->parent_order_id != NULL ? d->parent_order_id : d->order_id;
  show (d);
  g_assert_true (gtk_widget_get_sensitive (button ("_Extend…")));
  extend_from_detail (5);
  g_assert_true (rp_test_wait_until (refused_extension_shown, NULL, 60));
  row = rp_test_ui_find_widget (GTK_WIDGET (fixture.page),
                                GTK_TYPE_WIDGET, is_refused_extension, NULL);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                            "not waiting for the buyer to accept the goods"));
  world = sandbox_export ();
  exported = export_order (world, dispute_order);
  g_assert_nonnull (exported);
  g_assert_cmpstr (json_object_get_string_member (exported, "order_status"), ==, "IN_ISSUE");
  click (rp_test_ui_find_widget (row, GTK_TYPE_WIDGET, is_button_labelled, "_Discard"));
  g_assert_true (rp_test_wait_until (refused_row_gone, NULL, 20));

  /* An order of the sandbox waiting for the buyer, with a dispute made up in the cache
   * (the sandbox pauses the buyer's time once a real one opens). */
  orders = json_object_get_array_member (json_node_get_object (world), "orders");
  for (guint i = json_array_get_length (orders); i > 0 && order == NULL; i--)
    {
      JsonObject *o = json_array_get_object_element (orders, i - 1);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (o, "order_id"));
      g_autoptr(RpOrder) cached = NULL;

      if (g_strcmp0 (json_object_get_string_member (o, "order_status"), "WAIT_BUYER_ACCEPT_GOODS") != 0)
        continue;
      cached = rp_store_get_order_sync (fixture.store, d->account_id, id, NULL);
      if (cached != NULL && cached->status == RP_ORDER_STATUS_SHIPPED)
        {
          order = g_steal_pointer (&cached);
          before_update = g_strdup (json_object_get_string_member (o, "gmt_update"));
        }
    }
  g_assert_nonnull (order);
  order_id = g_strdup (order->order_id);

  made->account_id = d->account_id;
  made->issue_id = g_strdup ("9990101");
  made->order_id = g_strdup (order_id);
  made->parent_order_id = g_strdup (order_id);
  made->buyer_login_id = g_strdup (order->buyer_login_id);
  made->status = RP_DISPUTE_STATUS_PROCESSING;
  made->raw_status = g_strdup ("processing");
  made->reason = g_strdup ("Item not received");
  made->deadline = sandbox_now () + 3 * G_TIME_SPAN_DAY;
  made->created_at = made->modified_at = sandbox_now ();
  made->refund_max = order->total;
  made->has_detail = TRUE;
  g_ptr_array_add (batch, made);
  g_assert_true (rp_store_upsert_disputes_sync (fixture.store, d->account_id, batch, &error));
  g_assert_no_error (error);

  g_assert_true (rp_test_wait_until (listed, "9990101", 20));
  show (made);
  g_assert_true (gtk_widget_get_sensitive (button ("_Extend…")));
  extend_from_detail (4);
  assert_outbox_sent (RP_OUTBOX_KIND_EXTEND_ACCEPT, order_id);

  /* Applied: the sandbox touched the order, which still waits for the buyer. */
  after = sandbox_export ();
  exported = export_order (after, order_id);
  g_assert_nonnull (exported);
  g_assert_cmpstr (json_object_get_string_member (exported, "order_status"), ==, "WAIT_BUYER_ACCEPT_GOODS");
  g_assert_cmpstr (json_object_get_string_member (exported, "gmt_update"), >, before_update);

  /* The made-up dispute leaves the open ones: the sandbox knows nothing of it. */
  made->status = RP_DISPUTE_STATUS_CANCELED;
  g_free (made->raw_status);
  made->raw_status = g_strdup ("canceled_issue");
  g_assert_true (rp_store_upsert_disputes_sync (fixture.store, d->account_id, batch, &error));
  g_assert_no_error (error);
}

/* The order and its conversation, one click away through the window's action. */
static GVariant *shown_entity;

static void
show_entity_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       data)
{
  g_clear_pointer (&shown_entity, g_variant_unref);
  shown_entity = g_variant_ref (parameter);
}

static void
test_links (void)
{
  g_autoptr(RpDispute) d = find_open_dispute (FALSE, NULL);
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) action = g_simple_action_new ("show-entity", G_VARIANT_TYPE ("(sxs)"));
  g_autoptr(GPtrArray) messages = NULL;
  const char *order_id;
  const char *page;
  const char *id;
  gint64 account;

  g_assert_nonnull (d);
  order_id = d->parent_order_id != NULL ? d->parent_order_id : d->order_id;
  g_signal_connect (action, "activate", G_CALLBACK (show_entity_cb), NULL);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
  gtk_widget_insert_action_group (GTK_WIDGET (fixture.window), "win", G_ACTION_GROUP (group));
  show (d);

  click (rp_test_ui_find_widget (GTK_WIDGET (fixture.page), GTK_TYPE_WIDGET, has_tooltip, "Show the order on the Orders page"));
  g_assert_nonnull (shown_entity);
  g_variant_get (shown_entity, "(&sx&s)", &page, &account, &id);
  g_assert_cmpstr (page, ==, "orders");
  g_assert_cmpint (account, ==, d->account_id);
  g_assert_cmpstr (id, ==, order_id);

  /* The order's conversation when it has one, the buyer's otherwise. */
  messages = rp_store_list_messages_sync (fixture.store, d->account_id, order_id, NULL);
  click (rp_test_ui_find_widget (GTK_WIDGET (fixture.page), GTK_TYPE_WIDGET, has_tooltip,
                      "Show the conversation with the buyer in the Inbox"));
  g_variant_get (shown_entity, "(&sx&s)", &page, &account, &id);
  g_assert_cmpstr (page, ==, "inbox");
  g_assert_cmpint (account, ==, d->account_id);
  g_assert_cmpstr (id, ==, messages != NULL && messages->len > 0 ? order_id : d->buyer_login_id);

  gtk_widget_insert_action_group (GTK_WIDGET (fixture.window), "win", NULL);
  g_clear_pointer (&shown_entity, g_variant_unref);

  /* The toasts of the extensions run out (five seconds each, one after the other) before
   * the screenshots that follow. */
  rp_test_ui_iterate (11000);
}

static gboolean
is_folded (gpointer leaflet)
{
  return adw_leaflet_get_folded (ADW_LEAFLET (leaflet));
}

static void
test_narrow_and_dark (void)
{
  GListModel *model = rp_disputes_page_get_model (fixture.page);
  g_autoptr(RpDispute) first = NULL;
  AdwLeaflet *leaflet = ADW_LEAFLET (rp_test_ui_find_widget (GTK_WIDGET (fixture.page),
                                                             ADW_TYPE_LEAFLET, NULL, NULL));

  gtk_window_set_default_size (fixture.window, 360, 640);
  /* The X server takes its time over a resize. */
  g_assert_true (rp_test_wait_until (is_folded, leaflet, 10));
  rp_test_ui_iterate (300);
  screenshot (GTK_WIDGET (fixture.window), "disputes-narrow");

  /* The accepted dispute left the list once the sync after it came in; it may have been
   * the only open one (that depends on when the world started), so list finished ones too. */
  g_assert_true (rp_test_wait_until (rp_test_demo_synced, fixture.context, 120));
  rp_test_ui_iterate (600);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (rp_test_ui_find_widget (GTK_WIDGET (fixture.page), GTK_TYPE_WIDGET, has_tooltip,
                                                                "Show Finished Disputes")), TRUE);
  g_assert_true (rp_test_wait_until (page_loaded, NULL, 30));
  first = g_list_model_get_item (model, 0);

  /* Folded, choosing a dispute shows its detail in place of the list. */
  g_assert_true (rp_disputes_page_select (fixture.page, first->account_id, first->issue_id));
  rp_test_ui_iterate (600);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "detail");
  g_assert_true (rp_test_wait_until (detail_loaded, first->issue_id, 20));
  rp_test_ui_iterate (300);
  screenshot (GTK_WIDGET (fixture.window), "disputes-narrow-detail");

  /* Back to the list, then the wide page in the dark style. */
  click (rp_test_ui_find_widget (GTK_WIDGET (fixture.page),
                                 GTK_TYPE_WIDGET, has_tooltip, "Back to the Disputes"));
  rp_test_ui_iterate (600);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "list");

  gtk_window_set_default_size (fixture.window, 1100, 720);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  rp_test_ui_iterate (800);
  screenshot (GTK_WIDGET (fixture.window), "disputes-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static gboolean
is_title_label (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "title-2");
}

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  title)
{
  return ADW_IS_ACTION_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
is_row_for (GtkWidget     *widget,
            gconstpointer  issue_id)
{
  return RP_IS_DISPUTE_ROW (widget) && rp_dispute_row_get_item (RP_DISPUTE_ROW (widget)) != NULL &&
         g_strcmp0 (rp_dispute_row_get_item (RP_DISPUTE_ROW (widget))->issue_id, issue_id) == 0;
}

static gboolean
is_urgent_countdown (GtkWidget     *widget,
                     gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "numeric") &&
         gtk_widget_has_css_class (widget, "error");
}

static gboolean
is_urgent_footer (GtkWidget     *widget,
                  gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "error") &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), "due within a day") != NULL;
}

static gboolean
listed (gpointer issue_id)
{
  return rp_test_ui_find_widget (GTK_WIDGET (fixture.page),
                                 GTK_TYPE_WIDGET, is_row_for, issue_id) != NULL;
}

/* Buyer text with markup and a right-to-left override shows as plain text, the override
 * gone; a deadline three hours away is coloured as urgent.  (Last: the made-up dispute
 * stays in the cache.) */
static void
test_hostile_text (void)
{
  GListModel *model = rp_disputes_page_get_model (fixture.page);
  g_autoptr(RpDispute) any = g_list_model_get_item (model, 0);
  g_autoptr(RpDispute) d = rp_dispute_new ();
  g_autoptr(GPtrArray) batch = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  RpSolution *solution = rp_solution_new ();
  RpDisputeEvent *event = rp_dispute_event_new ();
  const char *attachments[] = { "<img src=x>.jpg", NULL };
  g_autofree char *solution_title = NULL;
  GtkWidget *row;
  GtkWidget *list_row;

  /* Back to the real clock: this dispute's deadline is on it. */
  rp_disputes_page_set_now (fixture.page, 0);

  d->account_id = any->account_id;
  d->issue_id = g_strdup ("9990001");
  d->order_id = g_strdup ("9990002");
  d->buyer_login_id = g_strdup ("hostile01");
  d->status = RP_DISPUTE_STATUS_PROCESSING;
  d->raw_status = g_strdup ("processing");
  d->reason = g_strdup ("Item <b>damaged</b>\u202Egnp.exe");
  d->deadline = g_get_real_time () + 3 * G_TIME_SPAN_HOUR;
  d->created_at = d->modified_at = g_get_real_time () - G_TIME_SPAN_HOUR;
  d->refund_max.cents = 500;
  g_strlcpy (d->refund_max.currency, "USD", sizeof d->refund_max.currency);
  d->has_detail = TRUE;

  solution->solution_id = g_strdup ("9990003");
  solution->solution_type = g_strdup ("refund");
  solution->owner = g_strdup ("buyer");
  solution->status = g_strdup ("wait_seller_accept");
  solution->refund = d->refund_max;
  solution->content = g_strdup ("<span foreground='red'>Refund</span> now\u202E!");
  solution->created_at = d->created_at;
  g_ptr_array_add (d->buyer_solutions, solution);

  event->action_type = g_strdup ("initiate");
  event->actor = g_strdup ("buyer");
  event->content = g_strdup ("<i>broken</i>");
  event->at = d->created_at;
  event->attachments = g_strdupv ((char **)attachments);
  g_ptr_array_add (d->history, event);

  g_ptr_array_add (batch, d);
  g_assert_true (rp_store_upsert_disputes_sync (fixture.store, d->account_id, batch, &error));
  g_assert_no_error (error);

  g_assert_true (rp_test_wait_until (listed, "9990001", 20));
  list_row = rp_test_ui_find_widget (GTK_WIDGET (fixture.page),
                                     GTK_TYPE_WIDGET, is_row_for, "9990001");
  g_assert_nonnull (rp_test_ui_find_widget (list_row, GTK_TYPE_WIDGET, is_urgent_countdown, NULL));
  /* The footer counts it among those due within a day. */
  g_assert_nonnull (rp_test_ui_find_widget (GTK_WIDGET (fixture.page),
                                            GTK_TYPE_WIDGET, is_urgent_footer, NULL));

  show (d);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (rp_test_ui_find_widget (GTK_WIDGET (fixture.page), GTK_TYPE_WIDGET, is_title_label, NULL))),
                   ==, "Item <b>damaged</b> gnp.exe");
  g_assert_false (gtk_label_get_use_markup (GTK_LABEL (rp_test_ui_find_widget (GTK_WIDGET (fixture.page), GTK_TYPE_WIDGET, is_title_label, NULL))));

  solution_title = g_strdup ("Buyer · Refund · 5.00 USD");
  row = rp_test_ui_find_widget (GTK_WIDGET (fixture.page),
                                GTK_TYPE_WIDGET, is_row_titled, solution_title);
  g_assert_nonnull (row);
  g_assert_false (adw_preferences_row_get_use_markup (ADW_PREFERENCES_ROW (row)));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                            "<span foreground='red'>Refund</span> now!"));

  row = rp_test_ui_find_widget (GTK_WIDGET (fixture.page),
                                GTK_TYPE_WIDGET, is_row_titled, "Buyer: Opened the dispute");
  g_assert_nonnull (row);
  g_assert_false (adw_preferences_row_get_use_markup (ADW_PREFERENCES_ROW (row)));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "<i>broken</i>"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "<img src=x>.jpg"));
}

int
main (int   argc,
      char *argv[])
{
  GtkWidget *overlay;
  GtkWidget *box;
  int ret;

  /* Not G_TEST_OPTION_ISOLATE_DIRS: the icon theme lives in XDG_DATA_DIRS. */
  rp_test_demo_prepare ("disputes");

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  fixture.settings = g_settings_new (APP_ID);
  fixture.context = rp_test_demo_open (fixture.settings);
  fixture.store = rp_context_get_store (fixture.context);
  rp_test_demo_account (fixture.context, &fixture.base_url);

  /* A header bar and a toast overlay as in the window, so that the page's toasts have
   * somewhere to go. */
  fixture.window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_title (fixture.window, "Disputes");
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  overlay = adw_toast_overlay_new ();
  gtk_widget_set_vexpand (overlay, TRUE);
  fixture.page = g_object_new (RP_TYPE_DISPUTES_PAGE, "context", fixture.context, NULL);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (fixture.page));
  gtk_box_append (GTK_BOX (box), overlay);
  adw_window_set_content (ADW_WINDOW (fixture.window), box);
  gtk_window_set_default_size (fixture.window, 1100, 720);
  gtk_window_present (fixture.window);
  rp_test_ui_wait_for_mapped (GTK_WIDGET (fixture.window));

  g_assert_true (rp_test_wait_until (rp_test_demo_synced, fixture.context, 120));

  /* The world starts at the real time: whether a dispute is open right now varies.  Move
   * on until one is, with a buyer solution waiting for the seller. */
  rp_test_ui_iterate (600);
  advance_until (has_waiting_dispute, NULL);
  g_assert_true (rp_test_wait_until (page_loaded, NULL, 30));

  g_test_add_func ("/rapport/ui/disputes/list", test_list);
  g_test_add_func ("/rapport/ui/disputes/finished-filter", test_finished_filter);
  g_test_add_func ("/rapport/ui/disputes/search", test_search);
  g_test_add_func ("/rapport/ui/disputes/first-reply", test_first_reply);
  g_test_add_func ("/rapport/ui/disputes/conduct-check", test_conduct_check);
  g_test_add_func ("/rapport/ui/disputes/counter-offer", test_counter_offer);
  g_test_add_func ("/rapport/ui/disputes/accept", test_accept);
  g_test_add_func ("/rapport/ui/disputes/extend", test_extend);
  g_test_add_func ("/rapport/ui/disputes/links", test_links);
  g_test_add_func ("/rapport/ui/disputes/refused-action", test_refused_action);
  g_test_add_func ("/rapport/ui/disputes/badges", test_badges);
  g_test_add_func ("/rapport/ui/disputes/narrow-and-dark", test_narrow_and_dark);
  g_test_add_func ("/rapport/ui/disputes/hostile-text", test_hostile_text);

  ret = g_test_run ();

  gtk_window_destroy (fixture.window);
  rp_context_shutdown (fixture.context);
  rp_test_ui_iterate (100);
  g_clear_object (&fixture.context);
  g_clear_object (&fixture.settings);
  g_free (fixture.base_url);
  g_free (countered);

  return ret;
}
