/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-stores"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "rp-context.h"
#include "rp-demo.h"
#include "rp-parcel-preferences.h"
#include "rp-preferences-window.h"
#include "rp-shipments-page.h"
#include "rp-store-list-model.h"
#include "rp-store-switcher.h"
#include "rp-stores-page.h"
#include "rp-test-demo.h"
#include "rp-test-ui.h"
#include "rp-tracking-entry.h"
#include "rp-window.h"

/* Two stores against the demo marketplace: Preferences lists each with its own sync state,
 * the sidebar's switcher makes every list show one store or all, a store can be removed,
 * and the parcel thresholds are edited and refused when the rules could not use them. */

typedef struct
{
  RpContext *context;
  gint64     account_id;
} AccountWait;

static gboolean
account_synced (gpointer data)
{
  AccountWait *wait = data;
  gboolean running = TRUE;
  gint64 last_success = 0;

  return rp_context_get_account_sync (wait->context, wait->account_id, &running, &last_success, NULL) &&
         !running && last_success > 0;
}

static gboolean
n_accounts_is_one (gpointer data)
{
  return rp_context_get_n_accounts (data) == 1;
}

static void
collect_rows (GtkWidget  *root,
              GPtrArray  *rows)
{
  if (ADW_IS_ACTION_ROW (root))
    g_ptr_array_add (rows, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

static AdwActionRow *
find_row (GtkWidget  *root,
          const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_rows (root, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (rows->pdata[i]), title) == 0)
      return rows->pdata[i];

  return NULL;
}

static guint
n_rows_in (GtkWidget *root)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_rows (root, rows);
  return rows->len;
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GListModel *
shipments_of_window (RpWindow *window)
{
  RpShipmentsPage *page = RP_SHIPMENTS_PAGE (find_type (GTK_WIDGET (window), RP_TYPE_SHIPMENTS_PAGE));

  g_assert_nonnull (page);
  return rp_shipments_page_get_model (page);
}

/* How many parcels of the list belong to @account_id. */
static guint
count_parcels (GListModel *model,
               gint64      account_id)
{
  guint n = g_list_model_get_n_items (model);
  guint matching = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RpTrackingEntry) entry = g_list_model_get_item (model, i);

      if (rp_tracking_entry_get_shipment (entry)->account_id == account_id)
        matching++;
    }

  return matching;
}

typedef struct
{
  GListModel *model;
  guint       n;
} CountWait;

/* The list loads page by page: wait for all of it. */
static gboolean
has_n_items (gpointer data)
{
  CountWait *wait = data;

  return g_list_model_get_n_items (wait->model) == wait->n;
}

static void
test_stores (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(RpContext) context = rp_test_demo_open (settings);
  g_autoptr(RpStoreAccount) second = rp_store_account_new ();
  g_autoptr(GError) error = NULL;
  AccountWait first_wait, second_wait;
  RpStore *store;
  RpWindow *window;
  RpPreferencesWindow *prefs;
  GtkWidget *stores_page;
  AdwActionRow *row;
  RpStoreSwitcher *switcher;
  GtkDropDown *dropdown;
  GListModel *parcels;
  guint n_all, n_second;
  CountWait wait;
  gint64 first_id;
  GtkWidget *remove;
  GList *toplevels;
  AdwMessageDialog *dialog = NULL;

  store = rp_context_get_store (context);

  first_id = rp_test_demo_account (context, NULL);
  first_wait = (AccountWait) { context, first_id };
  g_assert_true (rp_test_wait_until (account_synced, &first_wait, 120));

  window = g_object_new (RP_TYPE_WINDOW, "context", context, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  rp_test_ui_wait_for_mapped (GTK_WIDGET (window));

  /* One store: no switcher. */
  switcher = RP_STORE_SWITCHER (find_type (GTK_WIDGET (window), RP_TYPE_STORE_SWITCHER));
  g_assert_nonnull (switcher);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (switcher)));

  /* Preferences: the store, and its state. */
  prefs = rp_preferences_window_new (GTK_WINDOW (window), context);
  gtk_window_present (GTK_WINDOW (prefs));
  rp_test_ui_wait_for_mapped (GTK_WIDGET (prefs));
  stores_page = find_type (GTK_WIDGET (prefs), RP_TYPE_STORES_PAGE);
  g_assert_nonnull (stores_page);
  row = find_row (stores_page, "Demo store");
  g_assert_nonnull (row);
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (row), "Demo marketplace · Synced"));

  /* A second store connects while Rapport runs: it gets its own engine and state. */
  second->marketplace = g_strdup ("demo");
  second->base_url = g_strdup ("http://127.0.0.1:1");
  second->app_key = g_strdup ("sandbox");
  second->name = g_strdup ("<b>Second</b> shop");
  second->created_at = g_get_real_time ();
  second->id = rp_store_add_account_sync (store, second, &error);
  g_assert_no_error (error);
  g_assert_cmpint (second->id, >, first_id);
  second_wait = (AccountWait) { context, second->id };
  g_assert_true (rp_test_wait_until (account_synced, &second_wait, 180));
  rp_test_ui_iterate (100);

  g_assert_cmpuint (n_rows_in (stores_page), ==, 2);
  /* The seller's own name, as text. */
  row = find_row (stores_page, "<b>Second</b> shop");
  g_assert_nonnull (row);
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (row), "Demo marketplace · Synced"));
  g_test_message ("preferences %d×%d, mapped %d, visible %d", gtk_widget_get_width (GTK_WIDGET (prefs)),
                  gtk_widget_get_height (GTK_WIDGET (prefs)), gtk_widget_get_mapped (GTK_WIDGET (prefs)),
                  gtk_widget_get_visible (GTK_WIDGET (prefs)));
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (prefs), ADW_PREFERENCES_PAGE (stores_page));
  rp_test_ui_iterate (200);
  rp_test_ui_screenshot (GTK_WIDGET (prefs), "preferences-stores");

  /* The sidebar switches the lists between all stores and one. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (switcher)));
  dropdown = rp_store_switcher_get_dropdown (switcher);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (dropdown)), ==, 3);

  /* A page reads its list when it is first shown. */
  rp_window_set_page (window, "shipments");
  parcels = shipments_of_window (window);
  n_all = (guint)rp_store_count_sync (store, 0, RP_STORE_CHANGE_SHIPMENTS, &error);
  g_assert_no_error (error);
  n_second = (guint)rp_store_count_sync (store, second->id, RP_STORE_CHANGE_SHIPMENTS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_second, >, 0);
  g_assert_cmpuint (n_second, <, n_all);
  wait = (CountWait) { parcels, n_all };
  g_assert_true (rp_test_wait_until (has_n_items, &wait, 60));

  gtk_drop_down_set_selected (dropdown, 2);
  g_assert_cmpint (rp_context_get_shown_account (context), ==, second->id);
  g_assert_cmpint (g_settings_get_int64 (settings, "shown-account"), ==, second->id);
  wait = (CountWait) { parcels, n_second };
  g_assert_true (rp_test_wait_until (has_n_items, &wait, 60));
  g_assert_cmpuint (count_parcels (parcels, second->id), ==, n_second);
  g_assert_cmpuint (count_parcels (parcels, first_id), ==, 0);

  gtk_drop_down_set_selected (dropdown, 0);
  wait = (CountWait) { parcels, n_all };
  g_assert_true (rp_test_wait_until (has_n_items, &wait, 60));
  gtk_drop_down_set_selected (dropdown, 2);
  rp_test_ui_iterate (300);

  /* Removing the store shown: its rows go, the lists show all again. */
  remove = GTK_WIDGET (row);
  remove = find_type (remove, GTK_TYPE_BUTTON);
  g_assert_nonnull (remove);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (remove), ==, "Remove Store…");
  g_signal_emit_by_name (remove, "clicked");
  rp_test_ui_iterate (100);
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data))
      dialog = l->data;
  g_list_free (toplevels);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "remove");
  g_assert_true (rp_test_wait_until (n_accounts_is_one, context, 30));
  rp_test_ui_iterate (300);
  g_assert_cmpint (rp_context_get_shown_account (context), ==, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (switcher)));
  g_assert_cmpuint (n_rows_in (stores_page), ==, 1);
  g_assert_cmpint (rp_store_count_sync (store, second->id, RP_STORE_CHANGE_ORDERS, NULL), ==, 0);

  gtk_window_destroy (GTK_WINDOW (prefs));
  gtk_window_destroy (GTK_WINDOW (window));
  rp_test_ui_iterate (50);
  rp_context_shutdown (context);
}

/* Thresholds the rules cannot use are shown as errors and not saved. */
static void
test_parcel_thresholds (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  RpParcelPreferences *page;
  GtkWidget *window;
  g_autoptr(GVariant) stalled = NULL;
  const guint32 *days;
  gsize n = 0;

  page = RP_PARCEL_PREFERENCES (rp_parcel_preferences_new (settings));
  window = adw_window_new ();
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  rp_test_ui_wait_for_mapped (window);

  g_assert_cmpint (gtk_spin_button_get_value_as_int (rp_parcel_preferences_get_spin (page, 0)), ==, 3);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (rp_parcel_preferences_get_spin (page, 3)), ==, 10);

  /* The second stall level above the first and below the third: saved. */
  gtk_spin_button_set_value (rp_parcel_preferences_get_spin (page, 3), 12);
  stalled = g_settings_get_value (settings, "parcel-stalled-days");
  days = g_variant_get_fixed_array (stalled, &n, sizeof (guint32));
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (days[1], ==, 12);
  g_clear_pointer (&stalled, g_variant_unref);

  /* Critical before warning: refused, marked, the setting unchanged. */
  gtk_spin_button_set_value (rp_parcel_preferences_get_spin (page, 1), 2);
  g_assert_false (rp_parcel_preferences_save (page));
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_ancestor (GTK_WIDGET (rp_parcel_preferences_get_spin (page, 1)),
                                                                    ADW_TYPE_ACTION_ROW), "error"));
  {
    g_autoptr(GVariant) no_scan = g_settings_get_value (settings, "parcel-no-scan-days");

    days = g_variant_get_fixed_array (no_scan, &n, sizeof (guint32));
    g_assert_cmpuint (days[1], ==, 4);
  }

  /* Put right: saved, the mark gone. */
  gtk_spin_button_set_value (rp_parcel_preferences_get_spin (page, 1), 5);
  g_assert_false (gtk_widget_has_css_class (gtk_widget_get_ancestor (GTK_WIDGET (rp_parcel_preferences_get_spin (page, 1)),
                                                                     ADW_TYPE_ACTION_ROW), "error"));
  {
    g_autoptr(GVariant) no_scan = g_settings_get_value (settings, "parcel-no-scan-days");

    days = g_variant_get_fixed_array (no_scan, &n, sizeof (guint32));
    g_assert_cmpuint (days[1], ==, 5);
  }

  g_settings_reset (settings, "parcel-no-scan-days");
  g_settings_reset (settings, "parcel-stalled-days");
  gtk_window_destroy (GTK_WINDOW (window));
  rp_test_ui_iterate (50);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = g_dir_make_tmp ("rapport-stores-home-XXXXXX", NULL);
  g_autofree char *data_home = g_build_filename (home, "data", NULL);

  /* The icon theme lives in XDG_DATA_DIRS: a private HOME instead of isolated dirs. */
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("GTK_A11Y", "test", TRUE);
  if (g_getenv ("RAPPORT_SANDBOX") == NULL && g_getenv ("RAPPORT_BUILD_DIR") != NULL)
    {
      g_autofree char *sandbox = g_build_filename (g_getenv ("RAPPORT_BUILD_DIR"), "src", "sandbox",
                                                   "rapport-sandbox", NULL);

      g_setenv ("RAPPORT_SANDBOX", sandbox, TRUE);
    }

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/rapport/ui/stores/thresholds", test_parcel_thresholds);
  g_test_add_func ("/rapport/ui/stores/switch-and-remove", test_stores);

  return g_test_run ();
}
