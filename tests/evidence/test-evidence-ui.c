/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-evidence-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "rp-context.h"
#include "rp-conversation-order-card.h"
#include "rp-dispute-detail.h"
#include "rp-evidence-dialog.h"
#include "rp-order-detail.h"
#include "rp-store-list-model.h"
#include "rp-test-demo.h"
#include "rp-test-ui.h"

/* "Export Evidence…" where the seller finds it (the order detail, the dispute detail, the
 * conversation's order card) on a demo store synced from the sandbox: the folder chooser,
 * the files, and the digest the result dialog shows. */

/* A page stand-in: the views find their context on an ancestor with a "context" property. */
#define TEST_TYPE_HOLDER (test_holder_get_type ())
G_DECLARE_FINAL_TYPE (TestHolder, test_holder, TEST, HOLDER, GtkWidget)

struct _TestHolder
{
  GtkWidget  parent_instance;
  RpContext *context;
};

G_DEFINE_FINAL_TYPE (TestHolder, test_holder, GTK_TYPE_WIDGET)

static void
test_holder_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  g_value_set_object (value, TEST_HOLDER (object)->context);
}

static void
test_holder_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  g_set_object (&TEST_HOLDER (object)->context, g_value_get_object (value));
}

static void
test_holder_dispose (GObject *object)
{
  TestHolder *self = TEST_HOLDER (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (test_holder_parent_class)->dispose (object);
}

static void
test_holder_class_init (TestHolderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_holder_get_property;
  object_class->set_property = test_holder_set_property;
  object_class->dispose = test_holder_dispose;
  g_object_class_install_property (object_class, 1,
                                   g_param_spec_object ("context", NULL, NULL, RP_TYPE_CONTEXT,
                                                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
test_holder_init (TestHolder *self)
{
}

/* Helpers ------------------------------------------------------------------------------ */

static gboolean
not_loading (gpointer data)
{
  return !rp_store_list_model_get_loading (data);
}

static GtkWindow *
find_toplevel (GType       type,
               const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          (name == NULL || g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (window)), name) == 0))
        return window;
    }
  return NULL;
}

typedef struct
{
  GType       type;
  const char *name;
  GtkWindow  *found;
} Lookup;

static gboolean
toplevel_shown (gpointer data)
{
  Lookup *lookup = data;

  lookup->found = find_toplevel (lookup->type, lookup->name);
  return lookup->found != NULL;
}

static GtkWindow *
wait_for_toplevel (GType       type,
                   const char *name)
{
  Lookup lookup = { type, name, NULL };

  g_assert_true (rp_test_wait_until (toplevel_shown, &lookup, 60));
  return lookup.found;
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;

  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_named (c, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The button that runs @action, or, with @label, the button whose content reads @label. */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *action,
             const char *label)
{
  if (GTK_IS_BUTTON (root))
    {
      GtkWidget *child = gtk_button_get_child (GTK_BUTTON (root));

      if (action != NULL && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)),
                                       action) == 0)
        return root;
      if (label != NULL && ADW_IS_BUTTON_CONTENT (child) &&
          g_strcmp0 (adw_button_content_get_label (ADW_BUTTON_CONTENT (child)), label) == 0)
        return root;
    }

  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button (c, action, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
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

static char *
member_in_json (const char *folder,
                const char *order_id,
                const char *member)
{
  g_autofree char *name = g_strdup_printf ("evidence-%s.json", order_id);
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                  member));
}

static char *
digest_in_json (const char *folder,
                const char *order_id)
{
  return member_in_json (folder, order_id, "transcript_sha256");
}

/* GTK 4.8 without a portal shows its own chooser for GtkFileChooserNative: pick @folder in
 * it, as the seller would.  Returns the digest the result dialog shows. */
static char *
answer_chooser_and_wait (const char *folder,
                         const char *screenshot)
{
  GtkWindow *chooser = wait_for_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  g_autoptr(GError) error = NULL;
  GtkWindow *result;
  GtkWidget *digest;

  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)), ==,
                   GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
  /* The chooser applies its own start folder once shown; go to ours after that. */
  rp_test_ui_iterate (1000);
  g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), file, &error));
  g_assert_no_error (error);
  rp_test_ui_iterate (1000);
  {
    g_autoptr(GFile) chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

    g_assert_nonnull (chosen);
    g_assert_cmpstr (g_file_peek_path (chosen), ==, folder);
  }
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);

  result = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, "evidence-result");
  rp_test_ui_wait_for_mapped (GTK_WIDGET (result));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (result)), folder));
  rp_test_ui_iterate (300);
  if (screenshot != NULL)
    rp_test_ui_screenshot (GTK_WIDGET (result), screenshot);

  digest = find_named (GTK_WIDGET (result), "evidence-digest");
  g_assert_nonnull (digest);
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (digest)));
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (result), "open"));

  {
    char *text = g_strdup (gtk_label_get_text (GTK_LABEL (digest)));

    adw_message_dialog_response (ADW_MESSAGE_DIALOG (result), "close");
    gtk_window_destroy (result);
    rp_test_ui_iterate (200);
    return text;
  }
}

/* The test ------------------------------------------------------------------------------ */

static void
test_export_from_views (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(RpContext) context = rp_test_demo_open (settings);
  g_autoptr(RpStoreListModel) disputes = NULL;
  g_autoptr(RpDispute) dispute = NULL;
  g_autoptr(RpOrder) order = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rp-evidence-ui-XXXXXX", NULL);
  g_autofree char *out_order = g_build_filename (dir, "from-order", NULL);
  g_autofree char *out_dispute = g_build_filename (dir, "from-dispute", NULL);
  g_autofree char *out_card = g_build_filename (dir, "from-card", NULL);
  g_autofree char *out_cancel = g_build_filename (dir, "cancelled", NULL);
  g_autofree char *order_id = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *written = NULL;
  GtkWidget *window, *stack, *detail, *dispute_detail, *holder, *card, *button;
  GtkWindow *progress, *failure;
  RpStore *store;
  gint64 account_id;

  /* A chooser picks folders that exist. */
  g_assert_cmpint (g_mkdir_with_parents (out_order, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (out_dispute, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (out_card, 0700), ==, 0);

  g_assert_true (rp_test_wait_until (rp_test_demo_synced, context, 120));
  store = rp_context_get_store (context);

  /* A dispute of the demo, and the order it is about. */
  disputes = rp_store_list_model_new (store, RP_STORE_LIST_DISPUTES, 0);
  g_assert_true (rp_test_wait_until (not_loading, disputes, 30));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (disputes)), >, 0);
  dispute = g_list_model_get_item (G_LIST_MODEL (disputes), 0);
  account_id = dispute->account_id;
  order_id = g_strdup (dispute->parent_order_id != NULL && *dispute->parent_order_id != '\0'
                       ? dispute->parent_order_id : dispute->order_id);
  order = rp_store_get_order_sync (store, account_id, order_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (order);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  stack = gtk_stack_new ();
  gtk_window_set_child (GTK_WINDOW (window), stack);

  /* The order detail: the button is in the Messages group's header. */
  detail = g_object_new (RP_TYPE_ORDER_DETAIL, NULL);
  gtk_stack_add_named (GTK_STACK (stack), detail, "order");
  gtk_window_present (GTK_WINDOW (window));
  rp_test_ui_wait_for_mapped (window);
  rp_order_detail_set_context (RP_ORDER_DETAIL (detail), context);
  rp_order_detail_set_order (RP_ORDER_DETAIL (detail), account_id, order_id);
  rp_test_ui_iterate (1000);

  button = find_button (detail, "order.export-evidence", NULL);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_cmpstr (adw_button_content_get_label (ADW_BUTTON_CONTENT (gtk_button_get_child (GTK_BUTTON (button)))),
                   ==, "_Export Evidence…");
  g_assert_nonnull (gtk_widget_get_tooltip_text (button));
  rp_test_ui_screenshot (window, "evidence-order-detail");

  g_signal_emit_by_name (button, "clicked");
  shown = answer_chooser_and_wait (out_order, "evidence-result");
  digest = digest_in_json (out_order, order_id);
  g_assert_cmpuint (strlen (digest), ==, 64);
  g_assert_cmpstr (shown, ==, digest);
  g_clear_pointer (&shown, g_free);

  /* The dispute detail: a button beside Order and Conversation; the same pack. */
  dispute_detail = g_object_new (RP_TYPE_DISPUTE_DETAIL, NULL);
  gtk_stack_add_named (GTK_STACK (stack), dispute_detail, "dispute");
  gtk_stack_set_visible_child (GTK_STACK (stack), dispute_detail);
  rp_dispute_detail_set_context (RP_DISPUTE_DETAIL (dispute_detail), context);
  rp_dispute_detail_show (RP_DISPUTE_DETAIL (dispute_detail), account_id, dispute->issue_id);
  g_assert_true (rp_test_wait_until ((gboolean (*) (gpointer))rp_dispute_detail_get_loaded,
                             dispute_detail, 30));
  rp_test_ui_iterate (300);
  button = find_named (dispute_detail, "evidence-button");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_get_sensitive (button));
  rp_test_ui_iterate (500);
  rp_test_ui_screenshot (window, "evidence-dispute-detail");
  /* Narrow: the buttons still fit a 360 px window. */
  {
    int minimum = 0;
    int order_min = 0;

    /* Measured as laid out: hiding the button to measure without it and showing it again
     * left GTK 4.8 drawing it before its next allocation now and then. */
    gtk_widget_measure (dispute_detail, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
    gtk_widget_measure (detail, GTK_ORIENTATION_HORIZONTAL, -1, &order_min, NULL, NULL, NULL);
    g_test_message ("dispute detail: narrowest %d px; order detail %d px", minimum, order_min);
    g_assert_cmpint (minimum, <=, 360);
  }
  g_signal_emit_by_name (button, "clicked");
  shown = answer_chooser_and_wait (out_dispute, NULL);
  g_assert_cmpstr (shown, ==, digest);
  g_clear_pointer (&shown, g_free);
  written = digest_in_json (out_dispute, order_id);
  g_assert_cmpstr (written, ==, digest);
  g_clear_pointer (&written, g_free);
  /* Made for this dispute, and says so. */
  written = member_in_json (out_dispute, order_id, "requested_issue_id");
  g_assert_cmpstr (written, ==, dispute->issue_id);
  g_clear_pointer (&written, g_free);

  /* The conversation's order card, its context found on the page above it. */
  holder = g_object_new (TEST_TYPE_HOLDER, "context", context, NULL);
  card = g_object_new (RP_TYPE_CONVERSATION_ORDER_CARD, NULL);
  gtk_widget_set_parent (card, holder);
  gtk_stack_add_named (GTK_STACK (stack), holder, "card");
  gtk_stack_set_visible_child (GTK_STACK (stack), holder);
  rp_conversation_order_card_set_order (RP_CONVERSATION_ORDER_CARD (card), order);
  rp_test_ui_iterate (300);
  button = find_button (card, "card.export-evidence", NULL);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_mapped (button));
  g_signal_emit_by_name (button, "clicked");
  shown = answer_chooser_and_wait (out_card, NULL);
  g_assert_cmpstr (shown, ==, digest);
  g_clear_pointer (&shown, g_free);
  written = digest_in_json (out_card, order_id);
  g_assert_cmpstr (written, ==, digest);
  g_clear_pointer (&written, g_free);

  /* A folder that cannot be made: a dialog that says which and why. */
  {
    g_autofree char *blocker = g_build_filename (dir, "a-file", NULL);
    g_autofree char *under = g_build_filename (blocker, "sub", NULL);
    const char *body;

    g_assert_true (g_file_set_contents (blocker, "x", 1, NULL));
    rp_evidence_dialog_export_to_folder (card, store, account_id, order_id, under);
    failure = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, "evidence-error");
    body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (failure));
    g_assert_nonnull (strstr (body, under));
    g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG, "evidence-result"));
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (failure), "close");
    gtk_window_destroy (failure);
    rp_test_ui_iterate (200);
  }

  /* Cancelled at once: no result, no error, nothing written. */
  progress = rp_evidence_dialog_export_to_folder (card, store, account_id, order_id, out_cancel);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (progress));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (progress), "cancel");
  rp_test_ui_iterate (1500);
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG, "evidence-result"));
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG, "evidence-error"));
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG, "evidence-progress"));
  g_assert_false (g_file_test (out_cancel, G_FILE_TEST_EXISTS));

  gtk_window_destroy (GTK_WINDOW (window));
  rp_test_ui_iterate (200);
  rp_context_shutdown (context);
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = g_dir_make_tmp ("rapport-evidence-home-XXXXXX", NULL);
  g_autofree char *data_home = g_build_filename (home, "data", NULL);
  int status;

  /* The icon theme lives in XDG_DATA_DIRS: a private HOME instead of isolated dirs. */
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  /* GTK's own chooser, which the test can answer, rather than a portal's. */
  g_setenv ("GTK_USE_PORTAL", "0", TRUE);
  if (g_getenv ("RAPPORT_SANDBOX") == NULL && g_getenv ("RAPPORT_BUILD_DIR") != NULL)
    {
      g_autofree char *sandbox = g_build_filename (g_getenv ("RAPPORT_BUILD_DIR"), "src", "sandbox",
                                                   "rapport-sandbox", NULL);

      g_setenv ("RAPPORT_SANDBOX", sandbox, TRUE);
    }

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/rapport/evidence/ui/export-from-views", test_export_from_views);

  status = g_test_run ();
  remove_tree (home);
  return status;
}
