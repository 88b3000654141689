/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-order-confirm"

#include "config.h"

#include <glib/gi18n.h>

#include "rp-confirmation.h"
#include "rp-confirmation-pass.h"
#include "rp-country.h"
#include "rp-order-confirm.h"
#include "rp-outbox-payload.h"
#include "rp-template.h"

/**
 * rp_order_confirm_get_window:
 *
 * Returns: the objection window the seller chose in Preferences.
 */
GTimeSpan
rp_order_confirm_get_window (RpContext *context)
{
  GSettings *settings;

  g_return_val_if_fail (RP_IS_CONTEXT (context), RP_CONFIRMATION_DEFAULT_WINDOW);

  settings = rp_context_get_settings (context);
  if (settings == NULL)
    return RP_CONFIRMATION_DEFAULT_WINDOW;

  return rp_confirmation_window_from_hours (g_settings_get_uint (settings,
                                                                 "confirmation-window-hours"));
}

/**
 * rp_order_confirm_buyer_language:
 *
 * Returns: (transfer full): the first language of the buyer's country ("pt" for "pt-BR"),
 *   English when the country is unknown
 */
char *
rp_order_confirm_buyer_language (RpOrder *order)
{
  const char *code = order->address.country != NULL ? order->address.country : order->buyer_country;
  const RpCountry *country = rp_country_lookup (code);
  const char *end;

  if (country == NULL || country->languages == NULL || *country->languages == '\0')
    return g_strdup ("en");

  end = country->languages + strcspn (country->languages, ",-_");
  return g_ascii_strdown (country->languages, end - country->languages);
}

gboolean
rp_order_confirm_has_template (const char *language)
{
  return language != NULL && g_strv_contains (rp_template_languages (), language);
}

/**
 * rp_order_confirm_render:
 * @order: the order with its items and address
 * @window: the objection window, as {window_hours} and in words as {window_duration}
 * @deadline: the end of the objection window (@window from now)
 *
 * Returns: (transfer full): the built-in confirmation in @language (English when there
 *   is none), filled from the order; what it lacks is a visible gap
 */
char *
rp_order_confirm_render (RpOrder     *order,
                         const char  *language,
                         GTimeSpan    window,
                         gint64       deadline,
                         GTimeZone   *buyer_zone,
                         GError     **error)
{
  g_autoptr(GHashTable) values = rp_template_values_new ();
  const char *tmpl = rp_template_lookup (RP_TEMPLATE_ORDER_CONFIRMATION, language);
  char *duration;

  rp_template_values_add_order (values, order, window, deadline, buyer_zone);

  /* The number with its noun in the template's own language: only that text knows
   * whether it says "1 hour", "2 godzin" or "שעתיים". */
  duration = rp_confirmation_format_window (window, language);
  if (duration != NULL)
    g_hash_table_insert (values, g_strdup ("window_duration"), duration);

  return rp_template_render (tmpl, values, error);
}

/* A gap marker must never reach the buyer. */
gboolean
rp_order_confirm_has_gap (const char *text)
{
  const char * const *keys = rp_template_placeholders ();

  for (guint i = 0; keys[i] != NULL; i++)
    if (strstr (text, rp_template_gap_marker (keys[i])) != NULL)
      return TRUE;

  return FALSE;
}

typedef struct
{
  RpContext *context;
  RpStore   *store;
  RpOrder   *order;
  char      *deadline;
} SendData;

static void
send_data_free (SendData *data)
{
  g_clear_object (&data->context);
  g_clear_object (&data->store);
  g_clear_object (&data->order);
  g_free (data->deadline);
  g_free (data);
}

static void
state_saved_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SendData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* The message is queued either way; only the order's state would be lost. */
  if (!rp_store_set_order_state_finish (RP_STORE (object), result, &error))
    g_warning ("Could not store the confirmation state of order %s: %s",
               data->order->order_id, error->message);

  g_task_return_boolean (task, TRUE);
}

static void
deadline_saved_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SendData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!rp_store_set_order_state_finish (RP_STORE (object), result, &error))
    g_warning ("Could not store the objection window of order %s: %s",
               data->order->order_id, error->message);

  rp_store_set_order_state_async (data->store, data->order->account_id, data->order->order_id,
                                  RP_STORE_ORDER_STATE_CONFIRMATION,
                                  rp_store_confirmation_to_string (RP_CONFIRMATION_SENT),
                                  NULL, state_saved_cb, g_object_ref (task));
}

static void
sent_at_saved_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SendData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!rp_store_set_order_state_finish (RP_STORE (object), result, &error))
    g_warning ("Could not store when order %s was confirmed: %s",
               data->order->order_id, error->message);

  rp_store_set_order_state_async (data->store, data->order->account_id, data->order->order_id,
                                  RP_STORE_ORDER_STATE_CONFIRMATION_DEADLINE, data->deadline,
                                  NULL, deadline_saved_cb, g_object_ref (task));
}

static void
enqueued_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SendData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *sent_at = NULL;

  if (rp_store_outbox_enqueue_finish (RP_STORE (object), result, &error) <= 0)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  rp_context_send_outbox (data->context, data->order->account_id);

  /* The send time and the window first, the state last: a confirmation pass that runs
   * in between sees a complete confirmation or none.  Times on the marketplace's clock,
   * which the buyer's reply will carry. */
  sent_at = g_strdup_printf ("%" G_GINT64_FORMAT,
                             rp_confirmation_pass_marketplace_now (data->store,
                                                                   data->order->account_id));
  rp_store_set_order_state_async (data->store, data->order->account_id, data->order->order_id,
                                  RP_CONFIRMATION_PASS_STATE_SENT_AT, sent_at,
                                  NULL, sent_at_saved_cb, g_object_ref (task));
}

/**
 * rp_order_confirm_send_async:
 * @text: the message, plain text
 *
 * Queues the confirmation in the outbox as an order message with its local echo (one
 * transaction), asks for the outbox to be sent, and then records when it went out, the
 * end of its objection window and the "waiting for the buyer" state.
 */
void
rp_order_confirm_send_async (RpContext           *context,
                             RpOrder             *order,
                             const char          *text,
                             gint64               deadline,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(RpOutboxPayload) payload = rp_outbox_payload_new ();
  g_autoptr(RpOutboxItem) item = NULL;
  g_autoptr(RpMessage) echo = rp_message_new ();
  g_autofree char *json = NULL;
  SendData *data;

  g_return_if_fail (RP_IS_CONTEXT (context));
  g_return_if_fail (RP_IS_ORDER (order));
  g_return_if_fail (text != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rp_order_confirm_send_async);

  if (rp_context_get_store (context) == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               _("The cache is not open"));
      return;
    }

  data = g_new0 (SendData, 1);
  data->context = g_object_ref (context);
  data->store = g_object_ref (rp_context_get_store (context));
  data->order = g_object_ref (order);
  data->deadline = g_strdup_printf ("%" G_GINT64_FORMAT, deadline);
  g_task_set_task_data (task, data, (GDestroyNotify)send_data_free);

  /* Order messages live in the channel named after the order. */
  payload->channel_id = g_strdup (order->order_id);
  payload->order_id = g_strdup (order->order_id);
  payload->buyer_login_id = g_strdup (order->buyer_login_id);
  payload->text = g_strdup (text);
  payload->deadline = deadline;
  json = rp_outbox_payload_to_json (RP_OUTBOX_KIND_CONFIRMATION, payload);
  item = rp_outbox_item_new (RP_OUTBOX_KIND_CONFIRMATION, order->account_id,
                             payload->channel_id, json);

  echo->account_id = order->account_id;
  echo->channel_id = g_strdup (payload->channel_id);
  echo->is_own = TRUE;
  echo->content = g_strdup (text);
  echo->sent_at = g_get_real_time ();
  echo->message_type = g_strdup ("order");
  echo->extern_id = g_strdup (order->order_id);

  rp_store_outbox_enqueue_async (data->store, item, echo, cancellable, enqueued_cb,
                                 g_steal_pointer (&task));
}

gboolean
rp_order_confirm_send_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
