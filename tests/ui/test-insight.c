/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-insight"

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "rp-buyer-panel.h"
#include "rp-composer.h"
#include "rp-context.h"
#include "rp-conversation-view.h"
#include "rp-country.h"
#include "rp-day-strip.h"
#include "rp-inbox-page.h"
#include "rp-store.h"
#include "rp-style.h"
#include "rp-test-demo.h"
#include "rp-test-ui.h"

/* The buyer panel and sending later against the demo marketplace: the cache filled by a
 * real sync from rapport-sandbox, the Inbox open on a buyer whose address names a country
 * with notes; what the panel shows is checked against the pure layer, and a message sent
 * "when the buyer is likely online" must wait in the outbox outside the buyer's night. */

typedef struct
{
  GSettings      *settings;
  RpContext      *context;
  GtkWindow      *window;
  RpInboxPage    *page;
  RpStore        *store;
  /* The buyer chosen for the tests, and where they live. */
  RpConversation *conversation;
  RpOrder        *order;
  GTimeZone      *zone;
} Fixture;

static Fixture fixture;

static gboolean
page_loaded (gpointer data)
{
  GListModel *model = rp_inbox_page_get_conversations (fixture.page);
  gint64 count = rp_store_count_sync (fixture.store, 0, RP_STORE_CHANGE_CONVERSATIONS, NULL);

  return model != NULL && count > 0 && g_list_model_get_n_items (model) == (guint)count;
}

static RpBuyerPanel *
panel (void)
{
  return RP_BUYER_PANEL (rp_test_ui_find_widget (GTK_WIDGET (fixture.page),
                                                 RP_TYPE_BUYER_PANEL, NULL, NULL));
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

static gpointer
panel_child (const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (panel ()), RP_TYPE_BUYER_PANEL, name);

  g_assert_nonnull (child);

  return child;
}

/* A buyer with an order address in a country we have notes for, several messages, and not
 * a good moment now (so that "send later" really waits). */
static gboolean
choose_buyer (void)
{
  GListModel *model = rp_inbox_page_get_conversations (fixture.page);
  gint64 now = g_get_real_time ();

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RpConversation) c = g_list_model_get_item (model, i);
      g_autoptr(RpOrder) order = NULL;
      g_autoptr(RpStoreBuyerHistory) history = NULL;
      g_autoptr(GTimeZone) zone = NULL;
      const char *country;

      if (c->order_id == NULL || c->buyer_login_id == NULL)
        continue;
      order = rp_store_get_order_sync (fixture.store, c->account_id, c->order_id, NULL);
      if (order == NULL)
        continue;
      country = order->address.country != NULL ? order->address.country : order->buyer_country;
      if (country == NULL || rp_country_lookup (country) == NULL)
        continue;

      history = rp_store_get_buyer_history_sync (fixture.store, c->account_id, c->buyer_login_id,
                                                 RP_BUYER_PANEL_MESSAGE_LIMIT, NULL, NULL);
      if (history == NULL || history->messages->len < 2)
        continue;

      zone = rp_buyer_zone_lookup_time_zone (rp_buyer_zone_get_default (), country,
                                             order->address.province, order->address.city, NULL);
      if (rp_buyer_panel_send_time (fixture.settings, zone, country, history->messages, now) <
          now + 10 * G_TIME_SPAN_MINUTE)
        continue;

      fixture.conversation = g_steal_pointer (&c);
      fixture.order = g_steal_pointer (&order);
      fixture.zone = g_steal_pointer (&zone);
      return TRUE;
    }

  return FALSE;
}

static gboolean
panel_ready (gpointer data)
{
  RpBuyerPanel *p = panel ();

  return p != NULL && !rp_buyer_panel_get_loading (p) &&
         g_strcmp0 (rp_buyer_panel_get_buyer (p), fixture.conversation->buyer_login_id) == 0 &&
         rp_conversation_view_get_conversation (view ()) != NULL &&
         gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (composer ()),
                                                                            RP_TYPE_COMPOSER,
                                                                            "later_button")));
}

static void
fixture_open (void)
{
  fixture.settings = g_settings_new (APP_ID);
  fixture.context = rp_test_demo_open (fixture.settings);
  fixture.store = rp_context_get_store (fixture.context);

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
open_buyer (void)
{
  GListModel *shown = rp_inbox_page_get_shown_conversations (fixture.page);

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(RpConversation) c = g_list_model_get_item (shown, i);

      if (g_strcmp0 (c->channel_id, fixture.conversation->channel_id) == 0)
        {
          rp_inbox_page_open (fixture.page, i);
          g_assert_true (rp_test_wait_until (panel_ready, NULL, 30));
          rp_test_ui_iterate (300);
          return;
        }
    }

  g_assert_not_reached ();
}

/* The window is drawn once it has settled after a change; a shot before that has no
 * content to take. */
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
  g_assert_cmpuint (tries, <, 100);

  rp_test_ui_screenshot (GTK_WIDGET (fixture.window), name);
}

/* Tests */

static void
test_panel (void)
{
  g_autoptr(RpStoreBuyerHistory) history = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  g_autoptr(RpStyle) style = NULL;
  g_auto(GStrv) advice = NULL;
  g_autofree char *name = NULL;
  g_autofree char *clock = NULL;
  g_autofree char *offset = NULL;
  g_autofree char *expected = NULL;
  const char *country;
  gint64 now = g_get_real_time ();

  if (fixture.conversation == NULL)
    {
      g_test_skip ("No demo buyer with an address to wait for");
      return;
    }
  open_buyer ();
  g_assert_true (adw_flap_get_reveal_flap (ADW_FLAP (gtk_widget_get_ancestor (GTK_WIDGET (panel ()),
                                                                                ADW_TYPE_FLAP))));

  /* The clock pinned, so that a minute turning over cannot fail the comparison. */
  rp_buyer_panel_set_now (panel (), now);

  country = fixture.order->address.country != NULL ? fixture.order->address.country
                                                   : fixture.order->buyer_country;
  name = rp_country_get_name (country);
  g_assert_cmpstr (gtk_label_get_text (panel_child ("country_label")), ==, name);

  {
    g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
    g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, fixture.zone);

    clock = g_date_time_format (local, "%H:%M");
    offset = rp_buyer_zone_format_offset (fixture.zone, now);
    expected = g_strdup_printf ("%s (%s)", clock, offset);
  }
  g_test_message ("buyer %s in %s (%s): %s", fixture.conversation->buyer_login_id, country,
                  g_time_zone_get_identifier (fixture.zone), expected);
  g_assert_cmpstr (adw_action_row_get_subtitle (panel_child ("time_row")), ==, expected);

  /* The style reading of all the buyer's messages, and its first advice. */
  history = rp_store_get_buyer_history_sync (fixture.store, fixture.conversation->account_id,
                                             fixture.conversation->buyer_login_id,
                                             RP_BUYER_PANEL_MESSAGE_LIMIT, NULL, NULL);
  g_assert_nonnull (history);
  g_assert_cmpuint (history->messages->len, >, 0);
  for (guint i = 0; i < history->messages->len; i++)
    g_ptr_array_add (texts, ((RpMessage *)history->messages->pdata[i])->content);
  g_ptr_array_add (texts, NULL);
  style = rp_style_new_from_messages ((const char * const *)texts->pdata);
  advice = rp_style_get_advice (style);
  g_assert_nonnull (advice);
  g_assert_nonnull (advice[0]);
  g_assert_cmpstr (gtk_label_get_text (panel_child ("advice_label")), ==, advice[0]);

  /* The history lists the buyer's orders, each opening the order. */
  g_assert_cmpuint (history->orders->len, >, 0);
  {
    GtkWidget *first = gtk_widget_get_first_child (GTK_WIDGET (panel_child ("orders_box")));
    g_autoptr(GVariant) target = NULL;
    const char *page, *order_id;
    gint64 account_id;

    g_assert_true (GTK_IS_BUTTON (first));
    g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (first)), ==, "win.show-entity");
    target = g_variant_ref (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (first)));
    g_variant_get (target, "(&sx&s)", &page, &account_id, &order_id);
    g_assert_cmpstr (page, ==, "orders");
    g_assert_cmpint (account_id, ==, fixture.conversation->account_id);
    g_assert_cmpstr (order_id, ==, ((RpOrder *)history->orders->pdata[0])->order_id);
  }

  /* The strip says in words what it draws. */
  {
    RpDayStrip *strip = panel_child ("strip");

    g_assert_nonnull (rp_day_strip_get_description (strip));
    g_assert_nonnull (strstr (rp_day_strip_get_description (strip), "yours"));
  }

  rp_buyer_panel_set_now (panel (), 0);
}

typedef struct
{
  gint64        channel_account;
  const char   *channel_id;
  RpOutboxState state;
  gint64        not_before;
  gint64        id;
  guint         n;
} OutboxLook;

static void
look_outbox (OutboxLook *look)
{
  g_autoptr(GPtrArray) items = rp_store_outbox_list_sync (fixture.store, look->channel_account, NULL);

  look->n = 0;
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      RpOutboxItem *item = g_ptr_array_index (items, i);

      if (item->kind != RP_OUTBOX_KIND_MESSAGE || g_strcmp0 (item->target_id, look->channel_id) != 0 ||
          item->state != RP_OUTBOX_SCHEDULED)
        continue;
      look->n++;
      look->state = item->state;
      look->not_before = item->not_before;
      look->id = item->id;
    }
}

static gboolean
has_scheduled (gpointer data)
{
  OutboxLook *look = data;

  look_outbox (look);

  return look->n == 1 && rp_composer_get_n_scheduled (composer ()) == 1;
}

static gboolean
scheduled_at (gpointer data)
{
  OutboxLook *look = data;
  gint64 want = look->not_before;

  look_outbox (look);
  if (look->not_before == want)
    return FALSE;

  return TRUE;
}

static gboolean
none_scheduled (gpointer data)
{
  OutboxLook *look = data;

  look_outbox (look);

  return look->n == 0 && rp_composer_get_n_scheduled (composer ()) == 0;
}

static gboolean
label_has_morning (gpointer data)
{
  return rp_composer_get_n_scheduled (composer ()) == 1 &&
         strstr (rp_composer_get_scheduled_label (composer (), 0), " 08:00)") != NULL;
}

static void
test_send_later (void)
{
  OutboxLook look = { 0 };
  RpQuietHours quiet;
  gint64 before = g_get_real_time ();
  gint64 night;
  const char *label;

  if (fixture.conversation == NULL)
    {
      g_test_skip ("No demo buyer with an address to wait for");
      return;
    }
  open_buyer ();
  rp_quiet_hours_init_default (&quiet);
  look.channel_account = fixture.conversation->account_id;
  look.channel_id = fixture.conversation->channel_id;

  rp_composer_set_text (composer (), "Your parcel left our warehouse today. Tracking follows.");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer ()), "composer.send-later", NULL));
  g_assert_true (rp_test_wait_until (has_scheduled, &look, 20));

  g_assert_cmpint (look.state, ==, RP_OUTBOX_SCHEDULED);
  g_assert_cmpint (look.not_before, >, before);
  g_assert_false (rp_quiet_hours_contains (&quiet, fixture.zone, look.not_before));
  g_test_message ("scheduled for %" G_GINT64_FORMAT " s from now",
                  (look.not_before - before) / G_USEC_PER_SEC);

  /* The same moment the panel gives as the next good window. */
  {
    g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (look.not_before / G_USEC_PER_SEC);
    g_autoptr(GDateTime) start = g_date_time_to_timezone (utc, fixture.zone);
    g_autoptr(GDateTime) now_utc = g_date_time_new_from_unix_utc (before / G_USEC_PER_SEC);
    g_autoptr(GDateTime) now_there = g_date_time_to_timezone (now_utc, fixture.zone);
    g_autofree char *their_start = NULL;
    const char *window = adw_action_row_get_subtitle (panel_child ("window_row"));

    if (g_date_time_get_day_of_year (start) == g_date_time_get_day_of_year (now_there))
      their_start = g_date_time_format (start, "%H:%M");
    else
      their_start = g_date_time_format (start, "%a %H:%M");
    g_test_message ("next good window: %s", window);
    g_assert_nonnull (strstr (window, their_start));
  }

  /* The conversation says when it goes, on both clocks. */
  label = rp_composer_get_scheduled_label (composer (), 0);
  g_test_message ("%s", label);
  g_assert_true (g_str_has_prefix (label, "Scheduled for "));
  g_assert_nonnull (strstr (label, "(their time "));
  g_assert_nonnull (strstr (label, "Your parcel left our warehouse"));

  /* The composer was emptied: the message is safe in the outbox. */
  {
    g_autofree char *text = rp_composer_get_text (composer ());

    g_assert_cmpstr (text, ==, "");
  }

  rp_test_ui_iterate (500);
  screenshot ("buyer-panel");

  /* Moved into the buyer's night by hand, it still waits for their morning. */
  {
    g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (look.not_before / G_USEC_PER_SEC);
    g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, fixture.zone);
    g_autoptr(GDateTime) next = g_date_time_add_days (local, 1);
    g_autoptr(GDateTime) three = g_date_time_new (fixture.zone, g_date_time_get_year (next),
                                                  g_date_time_get_month (next),
                                                  g_date_time_get_day_of_month (next), 3, 0, 0);

    night = g_date_time_to_unix (three) * G_USEC_PER_SEC;
  }
  g_assert_true (rp_quiet_hours_contains (&quiet, fixture.zone, night));
  g_signal_emit_by_name (composer (), "reschedule", look.id, night);
  g_assert_true (rp_test_wait_until (scheduled_at, &look, 20));
  g_assert_false (rp_quiet_hours_contains (&quiet, fixture.zone, look.not_before));
  g_assert_cmpint (look.not_before, ==, rp_quiet_hours_next_free (&quiet, fixture.zone, night));
  /* The conversation shows the new time: the buyer's morning. */
  g_assert_true (rp_test_wait_until (label_has_morning, NULL, 20));

  /* Cancelled, it is gone from the outbox and the conversation. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer ()), "composer.cancel-scheduled",
                                             "x", look.id));
  g_assert_true (rp_test_wait_until (none_scheduled, &look, 20));
}

static void
test_screenshots (void)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  if (fixture.conversation == NULL)
    {
      g_test_skip ("No demo buyer with an address to wait for");
      return;
    }
  open_buyer ();
  rp_composer_set_text (composer (), "Your parcel left our warehouse today. Tracking follows.");
  gtk_widget_activate_action (GTK_WIDGET (composer ()), "composer.send-later", NULL);
  rp_test_ui_iterate (800);

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  rp_test_ui_iterate (400);
  screenshot ("buyer-panel-dark");
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);

  /* Narrow: the panel folds away and comes over the conversation when asked for. */
  gtk_window_set_default_size (fixture.window, 360, 720);
  rp_test_ui_iterate (600);
  {
    AdwFlap *flap = ADW_FLAP (gtk_widget_get_ancestor (GTK_WIDGET (panel ()), ADW_TYPE_FLAP));

    g_assert_true (adw_flap_get_folded (flap));
    g_assert_false (adw_flap_get_reveal_flap (flap));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view ()), "buyer.show", NULL));
    rp_test_ui_iterate (600);
    g_assert_true (adw_flap_get_reveal_flap (flap));
  }
  screenshot ("buyer-panel-narrow");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  rp_test_demo_prepare ("insight");
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  fixture_open ();
  if (!choose_buyer ())
    g_test_message ("every demo buyer is likely online now");

  g_test_add_func ("/rapport/ui/insight/panel", test_panel);
  g_test_add_func ("/rapport/ui/insight/send-later", test_send_later);
  g_test_add_func ("/rapport/ui/insight/screenshots", test_screenshots);

  ret = g_test_run ();

  gtk_window_destroy (fixture.window);
  rp_test_ui_iterate (100);
  g_clear_object (&fixture.conversation);
  g_clear_object (&fixture.order);
  g_clear_pointer (&fixture.zone, g_time_zone_unref);
  g_clear_object (&fixture.context);
  g_clear_object (&fixture.settings);

  return ret;
}
