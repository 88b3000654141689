/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-account-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rp-account-connector.h"
#include "rp-account-dialog.h"
#include "rp-aliexpress.h"
#include "rp-credentials.h"
#include "rp-oauth-listener.h"
#include "rp-oauth.h"

/* Connecting an AliExpress store: the app key and secret (the secret straight to the
 * Secret Service), then the seller's authorisation in the browser, the code coming back
 * to a loopback listener or pasted.  The account row exists from the first step on (the
 * secret is filed under its id); a dialog closed before the end removes it again, so no
 * half-connected store is left behind. */
struct _RpAccountDialog
{
  AdwWindow        parent_instance;

  RpStore         *store;
  GCancellable    *cancellable;
  GCancellable    *listen_cancellable;
  RpStoreAccount  *account;
  RpCredentials   *credentials;
  RpAliexpress    *connector;
  RpOAuthListener *listener;
  char            *state;
  char            *authorize_url;
  gboolean         busy;
  gboolean         finished;
  gboolean         dropped;

  GtkButton       *connect_button;
  GtkButton       *cancel_button;
  GtkStack        *stack;
  AdwPreferencesPage *form_page;
  AdwEntryRow     *address_row;
  AdwEntryRow     *key_row;
  AdwEntryRow     *secret_row;
  AdwEntryRow     *name_row;
  GtkLabel        *form_error_label;
  GtkSpinner      *spinner;
  GtkLabel        *status_label;
  GtkButton       *browser_button;
  AdwEntryRow     *code_row;
  GtkLabel        *auth_error_label;
};

G_DEFINE_FINAL_TYPE (RpAccountDialog, rp_account_dialog, ADW_TYPE_WINDOW)

enum {
  ACCOUNT_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void authorize (RpAccountDialog *self,
                       const char      *code);

/* Only https, except for a marketplace on this machine (the sandbox). */
static gboolean
address_is_valid (const char *text)
{
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  const char *scheme;

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return FALSE;

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  return g_ascii_strcasecmp (scheme, "http") == 0 && rp_account_is_loopback (text);
}

static char *
row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
update_actions (RpAccountDialog *self)
{
  g_autofree char *address = row_text (self->address_row);
  g_autofree char *key = row_text (self->key_row);
  const char *secret = gtk_editable_get_text (GTK_EDITABLE (self->secret_row));
  gboolean address_ok = address_is_valid (address);

  if (*address != '\0' && !address_ok)
    gtk_widget_add_css_class (GTK_WIDGET (self->address_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->address_row), "error");

  gtk_widget_set_sensitive (GTK_WIDGET (self->connect_button),
                            !self->busy && self->account == NULL &&
                            address_ok && *key != '\0' && *secret != '\0');
}

static void
form_changed_cb (RpAccountDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->form_error_label), FALSE);
  update_actions (self);
}

static void
set_busy (RpAccountDialog *self,
          gboolean         busy,
          const char      *status)
{
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  if (status != NULL)
    gtk_label_set_text (self->status_label, status);
  gtk_widget_set_sensitive (GTK_WIDGET (self->form_page), !busy && self->account == NULL);
  update_actions (self);
}

static void
remove_account_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  gint64 id = *(gint64 *)task_data;

  if (!rp_store_remove_account_sync (RP_STORE (source_object), id, &error))
    g_warning ("Could not remove the unfinished account %" G_GINT64_FORMAT ": %s", id, error->message);
  g_task_return_boolean (task, TRUE);
}

/* The row (and the engine-less account) of a connection that did not finish goes. */
static void
drop_account (RpAccountDialog *self)
{
  g_autoptr(GTask) task = NULL;
  gint64 *id;

  if (self->account == NULL || self->account->id <= 0 || self->finished || self->dropped)
    return;

  self->dropped = TRUE;

  id = g_new (gint64, 1);
  *id = self->account->id;
  task = g_task_new (self->store, NULL, NULL, NULL);
  g_task_set_source_tag (task, drop_account);
  g_task_set_task_data (task, id, g_free);
  g_task_run_in_thread (task, remove_account_thread);
}

static void
fail (RpAccountDialog *self,
      GtkLabel        *label,
      const char      *what,
      const GError    *error)
{
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Translators: the first %s says what failed, the second why. */
  text = g_strdup_printf (_("%s: %s"), what, error->message);
  gtk_label_set_text (label, text);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
  set_busy (self, FALSE, NULL);
}

static void
authorized_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(RpAccountDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rp_aliexpress_authorize_finish (RP_ALIEXPRESS (object), result, &error))
    {
      fail (self, self->auth_error_label, _("The store did not accept the authorisation"), error);
      gtk_label_set_text (self->status_label, _("Authorise in the Browser"));
      return;
    }

  self->finished = TRUE;
  set_busy (self, FALSE, _("Connected"));
  g_signal_emit (self, signals[ACCOUNT_ADDED], 0, self->account->id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
authorize (RpAccountDialog *self,
           const char      *code)
{
  /* One code is enough: the listener stops waiting. */
  g_cancellable_cancel (self->listen_cancellable);
  gtk_widget_set_visible (GTK_WIDGET (self->auth_error_label), FALSE);
  set_busy (self, TRUE, _("Connecting…"));
  rp_aliexpress_authorize_async (self->connector, code, self->cancellable, authorized_cb,
                                 g_object_ref (self));
}

static void
code_received_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RpAccountDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  code = rp_oauth_listener_wait_finish (RP_OAUTH_LISTENER (object), result, &error);
  if (code == NULL)
    {
      /* The paste field stays: the seller can still finish that way. */
      fail (self, self->auth_error_label, _("No answer came back from the browser"), error);
      return;
    }

  authorize (self, code);
}

static void
code_apply_cb (RpAccountDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = row_text (self->code_row);
  g_autofree char *code = NULL;

  if (self->connector == NULL || self->busy)
    return;

  code = rp_oauth_parse_pasted_code (text, self->state, &error);
  if (code == NULL)
    {
      fail (self, self->auth_error_label, _("That is not a code from this authorisation"), error);
      return;
    }

  authorize (self, code);
}

static void
open_browser (RpAccountDialog *self)
{
  if (self->authorize_url != NULL)
    gtk_show_uri (GTK_WINDOW (self), self->authorize_url, GDK_CURRENT_TIME);
}

static void
browser_clicked_cb (RpAccountDialog *self)
{
  open_browser (self);
}

static void
secret_saved_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RpAccountDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  const char *redirect_uri;

  if (!rp_credentials_save_app_secret_finish (RP_CREDENTIALS (object), result, &error))
    {
      fail (self, self->form_error_label,
            _("The app secret could not be stored in the keyring"), error);
      drop_account (self);
      g_clear_pointer (&self->account, rp_store_account_free);
      update_actions (self);
      return;
    }

  self->connector = rp_aliexpress_new (self->account->base_url, self->credentials, &error);
  if (self->connector != NULL)
    {
      self->state = rp_oauth_new_state ();
      self->listener = rp_oauth_listener_new (self->state, &error);
    }
  if (self->listener == NULL)
    {
      fail (self, self->form_error_label, _("Could not start the authorisation"), error);
      drop_account (self);
      g_clear_pointer (&self->account, rp_store_account_free);
      g_clear_object (&self->connector);
      update_actions (self);
      return;
    }

  redirect_uri = rp_oauth_listener_get_redirect_uri (self->listener);
  self->authorize_url = rp_aliexpress_build_authorize_url (self->connector, redirect_uri, self->state);
  self->listen_cancellable = g_cancellable_new ();
  rp_oauth_listener_wait_async (self->listener, self->listen_cancellable, code_received_cb,
                                g_object_ref (self));

  set_busy (self, FALSE, _("Authorise in the Browser"));
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "authorize");
  open_browser (self);
}

static void
account_added_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RpAccountDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *account_id = NULL;
  g_autofree char *secret = NULL;
  gint64 id;

  id = rp_store_add_account_finish (RP_STORE (object), result, &error);
  if (id <= 0)
    {
      g_clear_pointer (&self->account, rp_store_account_free);
      fail (self, self->form_error_label, _("The store could not be added"), error);
      return;
    }

  self->account->id = id;

  /* Closed while the row was being written: it goes again at once. */
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      drop_account (self);
      return;
    }

  account_id = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  secret = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->secret_row)));
  self->credentials = rp_credentials_new (account_id, self->account->app_key, secret, NULL, TRUE);

  /* The secret now lives in the credentials and, next, the keyring; not in the entry. */
  gtk_editable_set_text (GTK_EDITABLE (self->secret_row), "");
  memset (secret, 0, strlen (secret));

  rp_credentials_save_app_secret_async (self->credentials, self->cancellable, secret_saved_cb,
                                        g_object_ref (self));
}

static void
connect_clicked_cb (RpAccountDialog *self)
{
  g_autofree char *address = row_text (self->address_row);
  g_autofree char *key = row_text (self->key_row);
  g_autofree char *name = row_text (self->name_row);

  if (self->busy || self->account != NULL || !address_is_valid (address) || *key == '\0')
    return;

  self->account = rp_store_account_new ();
  self->dropped = FALSE;
  self->account->marketplace = g_strdup (RP_ACCOUNT_MARKETPLACE_ALIEXPRESS);
  /* The signing code appends its own paths. */
  while (g_str_has_suffix (address, "/"))
    address[strlen (address) - 1] = '\0';
  self->account->base_url = g_strdup (address);
  self->account->app_key = g_strdup (key);
  self->account->name = g_strdup (*name != '\0' ? name : key);
  self->account->created_at = g_get_real_time ();

  gtk_widget_set_visible (GTK_WIDGET (self->form_error_label), FALSE);
  set_busy (self, TRUE, NULL);
  rp_store_add_account_async (self->store, self->account, self->cancellable, account_added_cb,
                              g_object_ref (self));
}

static void
cancel_clicked_cb (RpAccountDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
rp_account_dialog_close_request (GtkWindow *window)
{
  RpAccountDialog *self = RP_ACCOUNT_DIALOG (window);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->listen_cancellable);
  drop_account (self);

  return GTK_WINDOW_CLASS (rp_account_dialog_parent_class)->close_request (window);
}

static void
rp_account_dialog_dispose (GObject *object)
{
  RpAccountDialog *self = (RpAccountDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->listen_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RP_TYPE_ACCOUNT_DIALOG);
  g_clear_object (&self->listener);
  g_clear_object (&self->connector);
  g_clear_object (&self->credentials);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->listen_cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->account, rp_store_account_free);
  g_clear_pointer (&self->state, g_free);
  g_clear_pointer (&self->authorize_url, g_free);

  G_OBJECT_CLASS (rp_account_dialog_parent_class)->dispose (object);
}

static void
rp_account_dialog_class_init (RpAccountDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = rp_account_dialog_dispose;
  window_class->close_request = rp_account_dialog_close_request;

  /**
   * RpAccountDialog::account-added:
   * @account_id: the new account, authorised
   */
  signals[ACCOUNT_ADDED] =
    g_signal_new ("account-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/rp-account-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RpAccountDialog, connect_button);
  gtk_widget_class_bind_template_child (widget_class, RpAccountDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, RpAccountDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, RpAccountDialog, form_page);
  gtk_widget_class_bind_template_child (widget_class, RpAccountDialog, address_row);
  gtk_widget_class_bind_template_child (widget_class, RpAccountDialog, key_row);
  gtk_widget_class_bind_template_child (widget_class, RpAccountDialog, secret_row);
  gtk_widget_class_bind_template_child (widget_class, RpAccountDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, RpAccountDialog, form_error_label);
  gtk_widget_class_bind_template_child (widget_class, RpAccountDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, RpAccountDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, RpAccountDialog, browser_button);
  gtk_widget_class_bind_template_child (widget_class, RpAccountDialog, code_row);
  gtk_widget_class_bind_template_child (widget_class, RpAccountDialog, auth_error_label);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, connect_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, browser_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, code_apply_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rp_account_dialog_init (RpAccountDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  gtk_editable_set_text (GTK_EDITABLE (self->address_row), RP_ALIEXPRESS_DEFAULT_BASE_URL);
  update_actions (self);
}

/**
 * rp_account_dialog_new:
 * @store: the open cache the account is added to
 *
 * Returns: (transfer full): a new dialog; present it, transient for the window
 */
RpAccountDialog *
rp_account_dialog_new (RpStore *store)
{
  RpAccountDialog *self;

  g_return_val_if_fail (RP_IS_STORE (store), NULL);

  self = g_object_new (RP_TYPE_ACCOUNT_DIALOG, NULL);
  self->store = g_object_ref (store);

  return self;
}

/**
 * rp_account_dialog_get_authorize_url:
 *
 * Returns: (nullable): the authorisation page opened in the browser, once there is one
 */
const char *
rp_account_dialog_get_authorize_url (RpAccountDialog *self)
{
  g_return_val_if_fail (RP_IS_ACCOUNT_DIALOG (self), NULL);

  return self->authorize_url;
}

/**
 * rp_account_dialog_get_account_id:
 *
 * Returns: the id of the account being connected, 0 before it has one
 */
gint64
rp_account_dialog_get_account_id (RpAccountDialog *self)
{
  g_return_val_if_fail (RP_IS_ACCOUNT_DIALOG (self), 0);

  return self->account != NULL ? self->account->id : 0;
}
