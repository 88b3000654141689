/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-stores-page"

#include "config.h"

#include <glib/gi18n.h>

#include "rp-account-dialog.h"
#include "rp-secrets.h"
#include "rp-stores-page.h"

/* The Stores page of Preferences: every connected store with its own sync state, a way to
 * connect another one, and a way to remove one (its cache and its keys; nothing on the
 * marketplace changes).  Which store the lists show is chosen in the window's sidebar. */

struct _RpStoresPage
{
  AdwPreferencesPage   parent_instance;

  RpContext           *context;
  AdwPreferencesGroup *group;
  GtkWidget           *add_button;
  GPtrArray           *rows;          /* AdwActionRow, one per store, in group */
  GPtrArray           *accounts;      /* RpStoreAccount, in step with rows: the context's
                                       * list, held while the rows point into it */
  guint                tick_id;
};

G_DEFINE_FINAL_TYPE (RpStoresPage, rp_stores_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void rebuild (RpStoresPage *self);

/**
 * rp_stores_page_describe_sync:
 * @running: the store syncs now
 * @last_success: when its last sync finished, UTC µs; 0 never
 * @last_error: (nullable): why the last sync failed
 * @now: UTC µs
 *
 * Returns: (transfer full): one line for the store's row, e.g. "Synced 5 minutes ago"
 */
char *
rp_stores_page_describe_sync (gboolean    running,
                              gint64      last_success,
                              const char *last_error,
                              gint64      now)
{
  gint64 minutes;

  if (running)
    return g_strdup (_("Syncing…"));
  if (last_error != NULL && *last_error != '\0')
    /* Translators: %s is the reason, as the marketplace or the network gave it. */
    return g_strdup_printf (_("Last sync failed: %s"), last_error);
  if (last_success <= 0)
    return g_strdup (_("Not synced yet"));

  minutes = MAX (0, now - last_success) / G_TIME_SPAN_MINUTE;
  if (minutes < 1)
    return g_strdup (_("Synced just now"));
  if (minutes < 60)
    return g_strdup_printf (ngettext ("Synced %u minute ago", "Synced %u minutes ago", (gulong)minutes),
                            (guint)minutes);
  if (minutes < 48 * 60)
    return g_strdup_printf (ngettext ("Synced %u hour ago", "Synced %u hours ago", (gulong)(minutes / 60)),
                            (guint)(minutes / 60));
  return g_strdup_printf (ngettext ("Synced %u day ago", "Synced %u days ago", (gulong)(minutes / 1440)),
                          (guint)(minutes / 1440));
}

static const char *
marketplace_label (const char *marketplace)
{
  if (g_strcmp0 (marketplace, "demo") == 0)
    return _("Demo marketplace");
  return _("AliExpress");
}

/* Only the subtitles move with the sync; the rows stay (and keep the focus). */
static void
update_states (RpStoresPage *self)
{
  gint64 now = g_get_real_time ();

  for (guint i = 0; i < self->rows->len; i++)
    {
      AdwActionRow *row = g_ptr_array_index (self->rows, i);
      RpStoreAccount *account = g_ptr_array_index (self->accounts, i);
      g_autofree char *state = NULL;
      g_autofree char *subtitle = NULL;
      gboolean running = FALSE;
      gint64 last_success = 0;
      const char *last_error = NULL;

      if (rp_context_get_account_sync (self->context, account->id, &running, &last_success, &last_error))
        state = rp_stores_page_describe_sync (running, last_success, last_error, now);
      else
        state = g_strdup (_("Connecting…"));

      subtitle = g_strdup_printf ("%s · %s", marketplace_label (account->marketplace), state);
      adw_action_row_set_subtitle (row, subtitle);
    }
}

static gboolean
tick_cb (gpointer user_data)
{
  update_states (user_data);
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  RpStoresPage *self;
  gint64        account_id;
} RemoveData;

static void
remove_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  gint64 id = *(gint64 *)task_data;

  if (!rp_store_remove_account_sync (RP_STORE (source_object), id, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
secrets_cleared_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The cache is gone already; keys left in the keyring are only a leftover, and are
   * said so in the log. */
  if (!rp_secrets_clear_finish (result, &error))
    g_warning ("Could not remove a removed store's keys from the keyring: %s", error->message);
}

static void
removed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RpStoresPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 id = *(gint64 *)g_task_get_task_data (G_TASK (result));
  g_autofree char *account_id = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autoptr(AdwToast) toast = NULL;
      g_autofree char *title = NULL;
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

      /* Translators: %s is the reason. */
      title = g_strdup_printf (_("Could not remove the store: %s"), escaped);
      toast = adw_toast_new (title);
      if (ADW_IS_PREFERENCES_WINDOW (root))
        adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), g_steal_pointer (&toast));
      return;
    }

  account_id = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  rp_secrets_clear_async (account_id, NULL, secrets_cleared_cb, NULL);
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    RpStoresPage     *self)
{
  g_autoptr(GTask) task = NULL;
  const gint64 *stored;
  gint64 *id;
  RpStore *store = rp_context_get_store (self->context);

  if (!g_str_equal (response, "remove") || store == NULL)
    return;

  stored = g_object_get_data (G_OBJECT (dialog), "account-id");
  if (stored == NULL || *stored <= 0)
    return;

  id = g_new (gint64, 1);
  *id = *stored;

  task = g_task_new (store, NULL, removed_cb, g_object_ref (self));
  g_task_set_source_tag (task, remove_response_cb);
  g_task_set_task_data (task, id, g_free);
  g_task_run_in_thread (task, remove_thread);
}

static void
remove_clicked_cb (GtkButton    *button,
                   RpStoresPage *self)
{
  RpStoreAccount *account = g_object_get_data (G_OBJECT (button), "account");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;
  gint64 *id;

  g_return_if_fail (account != NULL);

  /* Translators: %s is the name of a store. */
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       NULL, NULL));
  {
    g_autofree char *heading = g_strdup_printf (_("Remove “%s”?"), account->name);

    adw_message_dialog_set_heading (dialog, heading);
  }
  adw_message_dialog_set_body (dialog,
                               _("Its orders, conversations, disputes and parcels are deleted from "
                                 "this computer, with any message not sent yet, and its keys are "
                                 "removed from the keyring. Nothing changes on the marketplace; "
                                 "you can connect the store again later."));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");

  id = g_new (gint64, 1);
  *id = account->id;
  g_object_set_data_full (G_OBJECT (dialog), "account-id", id, g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_clicked_cb (RpStoresPage *self)
{
  RpStore *store = rp_context_get_store (self->context);
  RpAccountDialog *dialog;
  GtkRoot *root;

  if (store == NULL)
    return;

  dialog = rp_account_dialog_new (store);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
rebuild (RpStoresPage *self)
{
  RpStore *store = self->context != NULL ? rp_context_get_store (self->context) : NULL;
  GPtrArray *accounts = self->context != NULL ? rp_context_get_accounts (self->context) : NULL;

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);

  gtk_widget_set_sensitive (self->add_button, store != NULL);
  if (store == NULL || accounts == NULL)
    return;

  self->accounts = g_ptr_array_ref (accounts);

  for (guint i = 0; i < accounts->len; i++)
    {
      RpStoreAccount *account = g_ptr_array_index (accounts, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *remove_name = NULL;

      /* Store names are the seller's text: never markup. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     account->name != NULL && *account->name != '\0'
                                     ? account->name : _("Unnamed store"));
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);

      /* Translators: %s is the name of a store. */
      remove_name = g_strdup_printf (_("Remove %s"), account->name != NULL ? account->name : "");
      gtk_widget_set_tooltip_text (remove, _("Remove Store…"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      remove_name, -1);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      g_object_set_data (G_OBJECT (remove), "account", account);
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->rows, row);
    }

  update_states (self);
}

static void
context_changed_cb (RpStoresPage *self)
{
  update_states (self);
}

static void
set_context (RpStoresPage *self,
             RpContext    *context)
{
  g_set_object (&self->context, context);
  if (context == NULL)
    return;

  g_signal_connect_object (context, "notify::syncing", G_CALLBACK (context_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::last-sync", G_CALLBACK (context_changed_cb), self,
                           G_CONNECT_SWAPPED);
  /* An engine starts after its store is listed: its row says "Connecting…" until then. */
  g_signal_connect_object (context, "notify::n-accounts", G_CALLBACK (context_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "sync-failed", G_CALLBACK (context_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::accounts", G_CALLBACK (rebuild), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::store", G_CALLBACK (rebuild), self,
                           G_CONNECT_SWAPPED);
  rebuild (self);
}

static void
rp_stores_page_dispose (GObject *object)
{
  RpStoresPage *self = (RpStoresPage *)object;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (rp_stores_page_parent_class)->dispose (object);
}

static void
rp_stores_page_finalize (GObject *object)
{
  RpStoresPage *self = (RpStoresPage *)object;

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);

  G_OBJECT_CLASS (rp_stores_page_parent_class)->finalize (object);
}

static void
rp_stores_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RpStoresPage *self = RP_STORES_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_stores_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RpStoresPage *self = RP_STORES_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      set_context (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_stores_page_class_init (RpStoresPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rp_stores_page_dispose;
  object_class->finalize = rp_stores_page_finalize;
  object_class->get_property = rp_stores_page_get_property;
  object_class->set_property = rp_stores_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, RP_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rp_stores_page_init (RpStoresPage *self)
{
  GtkWidget *content;
  GtkWidget *label;

  self->rows = g_ptr_array_new ();

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self), _("Stores"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self), "network-workgroup-symbolic");

  self->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->group, _("Stores"));
  adw_preferences_group_set_description (self->group,
                                         _("Each store syncs on its own. The sidebar chooses "
                                           "whether the lists show one store or all of them."));

  content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (content), gtk_image_new_from_icon_name ("list-add-symbolic"));
  label = gtk_label_new_with_mnemonic (_("_Add Store…"));
  gtk_box_append (GTK_BOX (content), label);
  self->add_button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (self->add_button), content);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), self->add_button);
  gtk_widget_set_valign (self->add_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->add_button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->add_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Add Store"), -1);
  g_signal_connect_swapped (self->add_button, "clicked", G_CALLBACK (add_clicked_cb), self);
  adw_preferences_group_set_header_suffix (self->group, self->add_button);

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), self->group);

  /* "Synced 5 minutes ago" moves on by itself. */
  self->tick_id = g_timeout_add_seconds (30, tick_cb, self);
}

/**
 * rp_stores_page_new:
 *
 * Returns: (transfer full): the Stores page of Preferences
 */
GtkWidget *
rp_stores_page_new (RpContext *context)
{
  g_return_val_if_fail (RP_IS_CONTEXT (context), NULL);

  return g_object_new (RP_TYPE_STORES_PAGE, "context", context, NULL);
}
