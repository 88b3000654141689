/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-background"

#include "config.h"

#include "rp-background.h"

/* The portal answers through a Request object: the call returns its path at once and the
 * result comes later as its Response signal.  The path is predictable from the sender name
 * and a token we choose, so the subscription is in place before the call can answer. */

#define PORTAL_BUS_NAME  "org.freedesktop.portal.Desktop"
#define PORTAL_PATH      "/org/freedesktop/portal/desktop"
#define BACKGROUND_IFACE "org.freedesktop.portal.Background"
#define REQUEST_IFACE    "org.freedesktop.portal.Request"

typedef struct
{
  GDBusConnection *connection;
  char            *handle;
  guint            response_id;
  gulong           cancelled_id;
  gboolean         autostart;
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  if (request->response_id != 0)
    g_dbus_connection_signal_unsubscribe (request->connection, request->response_id);
  g_clear_object (&request->connection);
  g_free (request->handle);
  g_free (request);
}

static void
finish_once (GTask    *task,
             gboolean  allowed,
             GError   *error)
{
  g_autoptr(GTask) hold = g_object_ref (task);
  Request *request = g_task_get_task_data (task);

  /* Both the call and the Response may end the request; the first one does. */
  if (request->response_id == 0)
    {
      g_clear_error (&error);
      return;
    }

  g_dbus_connection_signal_unsubscribe (request->connection, request->response_id);
  request->response_id = 0;

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, allowed);
}

static void
response_cb (GDBusConnection *connection,
             const char      *sender_name,
             const char      *object_path,
             const char      *interface_name,
             const char      *signal_name,
             GVariant        *parameters,
             gpointer         user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GVariant) results = NULL;
  guint32 response;
  gboolean background = FALSE;
  gboolean autostart = FALSE;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ua{sv})")))
    return;

  g_variant_get (parameters, "(u@a{sv})", &response, &results);
  g_variant_lookup (results, "background", "b", &background);
  g_variant_lookup (results, "autostart", "b", &autostart);
  request->autostart = autostart;

  /* 0 = success, 1 = the user said no, 2 = something else ended the interaction. */
  if (response != 0)
    finish_once (task, FALSE,
                 g_error_new (G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                              "The Background portal did not allow running in the background"));
  else
    finish_once (task, background, NULL);
}

static void
call_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GVariant) reply = NULL;
  GError *error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL)
    finish_once (task, FALSE, error);
}

void
rp_background_request_async (GDBusConnection     *connection,
                             const char          *reason,
                             gboolean             autostart,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *sender = NULL;
  g_autofree char *token = NULL;
  GVariantBuilder options;
  const char *commandline[] = { "rapport", "--gapplication-service", NULL };
  Request *request;

  g_return_if_fail (G_IS_DBUS_CONNECTION (connection));
  g_return_if_fail (reason != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rp_background_request_async);

  request = g_new0 (Request, 1);
  request->connection = g_object_ref (connection);
  g_task_set_task_data (task, request, request_free);

  /* ":1.42" becomes "1_42" in the request path. */
  sender = g_strdup (g_dbus_connection_get_unique_name (connection) + 1);
  g_strdelimit (sender, ".", '_');
  token = g_strdup_printf ("rapport%u", g_random_int ());
  request->handle = g_strdup_printf ("/org/freedesktop/portal/desktop/request/%s/%s", sender, token);

  /* The subscription keeps the task alive until the answer, or until the call fails. */
  request->response_id =
    g_dbus_connection_signal_subscribe (connection, PORTAL_BUS_NAME, REQUEST_IFACE, "Response",
                                        request->handle, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                        response_cb, g_object_ref (task), g_object_unref);

  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (token));
  g_variant_builder_add (&options, "{sv}", "reason", g_variant_new_string (reason));
  g_variant_builder_add (&options, "{sv}", "autostart", g_variant_new_boolean (autostart));
  g_variant_builder_add (&options, "{sv}", "commandline", g_variant_new_strv (commandline, -1));
  g_variant_builder_add (&options, "{sv}", "dbus-activatable", g_variant_new_boolean (FALSE));

  g_dbus_connection_call (connection, PORTAL_BUS_NAME, PORTAL_PATH, BACKGROUND_IFACE,
                          "RequestBackground",
                          g_variant_new ("(sa{sv})", "", &options),
                          G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE, -1, cancellable,
                          call_done_cb, g_object_ref (task));
}

gboolean
rp_background_request_finish (GAsyncResult  *result,
                              gboolean      *out_autostart,
                              GError       **error)
{
  Request *request;

  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  request = g_task_get_task_data (G_TASK (result));
  if (out_autostart != NULL)
    *out_autostart = request->autostart;

  return g_task_propagate_boolean (G_TASK (result), error);
}
