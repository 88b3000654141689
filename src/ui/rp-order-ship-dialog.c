/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-order-ship-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "rp-confirmation.h"
#include "rp-order-format.h"
#include "rp-order-ship-dialog.h"
#include "rp-outbox-payload.h"
#include "rp-store-list-model.h"
#include "rp-tracking-pattern.h"

/* Mark shipped: the logistics service and the tracking number go to the marketplace
 * through the outbox.  The services are the marketplace's own (listlogisticsservice, kept
 * for a day), each with the pattern its tracking numbers follow; without the marketplace,
 * the services of the store's past parcels.  The note gate (DESIGN §1) stands in front:
 * an order whose buyer note was never confirmed offers to confirm first, and shipping
 * anyway takes a reason that is kept on the order. */

#define MAX_TRACKING_LENGTH 64

/* One logistics service of the drop-down. */
typedef struct
{
  char              *name;          /* what the marketplace is told */
  RpTrackingPattern *pattern;       /* checks nothing without one */
} Service;

static void
service_free (Service *service)
{
  g_free (service->name);
  g_clear_pointer (&service->pattern, rp_tracking_pattern_free);
  g_free (service);
}

struct _RpOrderShipDialog
{
  AdwWindow         parent_instance;

  RpContext        *context;
  RpStore          *store;
  RpOrder          *order;
  GCancellable     *cancellable;
  RpStoreListModel *shipments;     /* recent parcels: the services this seller used */
  GtkStringList    *services;      /* the names shown, parallel to service_list */
  GPtrArray        *service_list;  /* of Service */
  gboolean          gated;
  gboolean          sending;
  gboolean          services_known;
  gboolean          from_parcels;   /* the marketplace could not be asked */

  GtkWidget        *gate_box;
  GtkLabel         *gate_label;
  AdwEntryRow      *override_row;
  AdwComboRow      *service_row;
  AdwEntryRow      *tracking_row;
  GtkSwitch        *partial_switch;
  GtkLabel         *source_label;
  GtkLabel         *pattern_label;
  GtkLabel         *status_label;
};

G_DEFINE_FINAL_TYPE (RpOrderShipDialog, rp_order_ship_dialog, ADW_TYPE_WINDOW)

enum {
  CONFIRM_FIRST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * rp_order_ship_dialog_normalize_tracking:
 *
 * Tracking numbers as carriers print them: spaces dropped, letters in upper case.
 *
 * Returns: (transfer full) (nullable): the number, or %NULL when it cannot be one
 *   (empty, too long, or other characters than letters, digits and hyphens)
 */
char *
rp_order_ship_dialog_normalize_tracking (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (text == NULL)
    return NULL;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '\t')
        continue;
      if (!g_ascii_isalnum (*p) && *p != '-')
        return NULL;
      g_string_append_c (out, g_ascii_toupper (*p));
    }

  if (out->len == 0 || out->len > MAX_TRACKING_LENGTH)
    return NULL;

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static Service *
selected_service (RpOrderShipDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->service_row);

  if (selected >= self->service_list->len)
    return NULL;

  return g_ptr_array_index (self->service_list, selected);
}

/* The number as the service writes its numbers; a pattern the number fails says so,
 * one the marketplace got wrong (or that is too costly) checks nothing. */
static gboolean
tracking_fits (RpOrderShipDialog *self,
               Service           *service,
               const char        *tracking)
{
  gboolean fits = TRUE;

  if (service != NULL && tracking != NULL && service->pattern != NULL)
    fits = rp_tracking_pattern_check (service->pattern, tracking) != RP_TRACKING_PATTERN_MISMATCH;

  gtk_widget_set_visible (GTK_WIDGET (self->pattern_label), !fits);
  if (fits)
    gtk_widget_remove_css_class (GTK_WIDGET (self->tracking_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->tracking_row), "error");

  return fits;
}

static void
update_actions (RpOrderShipDialog *self)
{
  g_autofree char *tracking = NULL;
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->override_row));
  Service *service = selected_service (self);
  gboolean may_ship;
  gboolean fits;

  tracking = rp_order_ship_dialog_normalize_tracking (gtk_editable_get_text (GTK_EDITABLE (self->tracking_row)));
  may_ship = rp_confirmation_can_ship (self->order, self->order->confirmation,
                                       self->gated ? reason : NULL, NULL);
  fits = tracking_fits (self, service, tracking);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ship.send",
                                 !self->sending && may_ship && tracking != NULL && fits &&
                                 service != NULL);
}

static void
add_service (RpOrderShipDialog *self,
             const char        *name,
             const char        *label,
             const char        *pattern)
{
  Service *service = g_new0 (Service, 1);
  g_autofree char *shown = NULL;

  service->name = g_strdup (name);
  service->pattern = rp_tracking_pattern_new (pattern);
  g_ptr_array_add (self->service_list, service);

  /* The marketplace's words are shown as they are, never as markup. */
  shown = rp_order_format_plain (label != NULL && *label != '\0' ? label : name);
  gtk_string_list_append (self->services, shown);
}

static void
fill_services (RpOrderShipDialog *self)
{
  GListModel *model = G_LIST_MODEL (self->shipments);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RpShipment) shipment = g_list_model_get_item (model, i);

      if (shipment->service_name == NULL || *shipment->service_name == '\0' ||
          !g_utf8_validate (shipment->service_name, -1, NULL) ||
          g_hash_table_contains (seen, shipment->service_name))
        continue;
      g_hash_table_add (seen, g_strdup (shipment->service_name));
      add_service (self, shipment->service_name, NULL, NULL);
    }

  self->services_known = TRUE;
  self->from_parcels = TRUE;
  if (self->service_list->len == 0)
    gtk_label_set_text (self->source_label,
                        _("The marketplace cannot be reached and no past parcel names a logistics service. Try again when Rapport is online."));
  else
    gtk_label_set_text (self->source_label,
                        _("The marketplace cannot be reached: these are the services of your past parcels, and tracking numbers are not checked."));
  gtk_widget_set_visible (GTK_WIDGET (self->source_label), TRUE);

  update_actions (self);
}

/* The newest parcels are enough to know the services: the first page is all we wait for. */
static void
shipments_changed_cb (RpOrderShipDialog *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->shipments)) == 0 &&
      rp_store_list_model_get_loading (self->shipments))
    return;

  g_signal_handlers_disconnect_by_data (self->shipments, self);
  fill_services (self);
  g_clear_object (&self->shipments);
}

static void
services_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) services = NULL;
  RpOrderShipDialog *self;

  services = rp_context_list_logistics_services_finish (RP_CONTEXT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = user_data;
  if (services == NULL || services->len == 0)
    {
      if (error != NULL)
        g_debug ("Logistics services from the past parcels: %s", error->message);

      /* The newest parcels are enough to know the services: the first page is all we
       * wait for. */
      self->shipments = rp_store_list_model_new (self->store, RP_STORE_LIST_SHIPMENTS,
                                                 self->order->account_id);
      g_signal_connect_swapped (self->shipments, "items-changed",
                                G_CALLBACK (shipments_changed_cb), self);
      g_signal_connect_swapped (self->shipments, "notify::loading",
                                G_CALLBACK (shipments_changed_cb), self);
      return;
    }

  for (guint i = 0; i < services->len; i++)
    {
      RpLogisticsService *service = g_ptr_array_index (services, i);

      add_service (self, service->service_name, service->display_name,
                   service->tracking_no_regex);
    }
  self->services_known = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->source_label), FALSE);
  update_actions (self);
}

static void
send_failed (RpOrderShipDialog *self,
             const GError      *error)
{
  g_autofree char *text = NULL;

  /* Translators: %s is the reason */
  text = g_strdup_printf (_("The shipment could not be queued: %s"), error->message);
  gtk_label_set_text (self->status_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
  self->sending = FALSE;
  update_actions (self);
}

static void
reason_saved_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RpOrderShipDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rp_store_set_order_state_finish (RP_STORE (object), result, &error))
    g_warning ("Could not keep the reason to ship order %s unconfirmed: %s",
               self->order->order_id, error->message);

  gtk_window_destroy (GTK_WINDOW (self));
}

static void
enqueued_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(RpOrderShipDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;

  if (rp_store_outbox_enqueue_finish (RP_STORE (object), result, &error) <= 0)
    {
      send_failed (self, error);
      return;
    }

  rp_context_send_outbox (self->context, self->order->account_id);

  if (!self->gated)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->override_row))));
  rp_store_set_order_state_async (self->store, self->order->account_id, self->order->order_id,
                                  RP_STORE_ORDER_STATE_NOTE_OVERRIDE_REASON, reason,
                                  NULL, reason_saved_cb, g_object_ref (self));
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RpOrderShipDialog *self = RP_ORDER_SHIP_DIALOG (widget);
  g_autoptr(RpOutboxPayload) payload = rp_outbox_payload_new ();
  g_autoptr(RpOutboxItem) item = NULL;
  g_autofree char *json = NULL;
  g_autofree char *tracking = NULL;
  Service *service = selected_service (self);
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->override_row));

  tracking = rp_order_ship_dialog_normalize_tracking (gtk_editable_get_text (GTK_EDITABLE (self->tracking_row)));
  if (self->sending || tracking == NULL || service == NULL ||
      !tracking_fits (self, service, tracking) ||
      !rp_confirmation_can_ship (self->order, self->order->confirmation,
                                 self->gated ? reason : NULL, NULL))
    return;

  payload->order_id = g_strdup (self->order->order_id);
  payload->fulfillment = rp_fulfillment_new ();
  payload->fulfillment->order_id = g_strdup (self->order->order_id);
  payload->fulfillment->service_name = g_strdup (service->name);
  payload->fulfillment->tracking_no = g_steal_pointer (&tracking);
  payload->fulfillment->partial = gtk_switch_get_active (self->partial_switch);
  json = rp_outbox_payload_to_json (RP_OUTBOX_KIND_FULFILL, payload);
  item = rp_outbox_item_new (RP_OUTBOX_KIND_FULFILL, self->order->account_id,
                             self->order->order_id, json);

  self->sending = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
  update_actions (self);

  rp_store_outbox_enqueue_async (self->store, item, NULL, NULL, enqueued_cb, g_object_ref (self));
}

static void
confirm_first_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  RpOrderShipDialog *self = RP_ORDER_SHIP_DIALOG (widget);

  g_signal_emit (self, signals[CONFIRM_FIRST], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
rp_order_ship_dialog_dispose (GObject *object)
{
  RpOrderShipDialog *self = (RpOrderShipDialog *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->shipments != NULL)
    g_signal_handlers_disconnect_by_data (self->shipments, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), RP_TYPE_ORDER_SHIP_DIALOG);
  g_clear_object (&self->shipments);
  g_clear_object (&self->services);
  g_clear_pointer (&self->service_list, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_clear_object (&self->store);
  g_clear_object (&self->order);

  G_OBJECT_CLASS (rp_order_ship_dialog_parent_class)->dispose (object);
}

static void
rp_order_ship_dialog_class_init (RpOrderShipDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_order_ship_dialog_dispose;

  /* The seller chose to confirm the order instead: the dialog closes. */
  signals[CONFIRM_FIRST] =
    g_signal_new ("confirm-first", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "ship.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "ship.confirm-first", NULL, confirm_first_action);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/rp-order-ship-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RpOrderShipDialog, gate_box);
  gtk_widget_class_bind_template_child (widget_class, RpOrderShipDialog, gate_label);
  gtk_widget_class_bind_template_child (widget_class, RpOrderShipDialog, override_row);
  gtk_widget_class_bind_template_child (widget_class, RpOrderShipDialog, service_row);
  gtk_widget_class_bind_template_child (widget_class, RpOrderShipDialog, tracking_row);
  gtk_widget_class_bind_template_child (widget_class, RpOrderShipDialog, partial_switch);
  gtk_widget_class_bind_template_child (widget_class, RpOrderShipDialog, source_label);
  gtk_widget_class_bind_template_child (widget_class, RpOrderShipDialog, pattern_label);
  gtk_widget_class_bind_template_child (widget_class, RpOrderShipDialog, status_label);
}

static void
rp_order_ship_dialog_init (RpOrderShipDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->services = gtk_string_list_new (NULL);
  self->service_list = g_ptr_array_new_with_free_func ((GDestroyNotify)service_free);
  self->cancellable = g_cancellable_new ();
  adw_combo_row_set_model (self->service_row, G_LIST_MODEL (self->services));

  g_signal_connect_swapped (self->override_row, "changed", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (self->tracking_row, "changed", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (self->service_row, "notify::selected", G_CALLBACK (update_actions), self);
}

/**
 * rp_order_ship_dialog_new:
 * @order: the order, with its items (its notes decide the gate)
 *
 * Returns: (transfer floating): a new dialog; present it over the window
 */
RpOrderShipDialog *
rp_order_ship_dialog_new (RpContext *context,
                          RpOrder   *order)
{
  RpOrderShipDialog *self;
  g_autofree char *why = NULL;

  g_return_val_if_fail (RP_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (RP_IS_ORDER (order), NULL);
  g_return_val_if_fail (rp_context_get_store (context) != NULL, NULL);

  self = g_object_new (RP_TYPE_ORDER_SHIP_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->store = g_object_ref (rp_context_get_store (context));
  self->order = g_object_ref (order);

  self->gated = !rp_confirmation_can_ship (order, order->confirmation, NULL, &why);
  gtk_widget_set_visible (self->gate_box, self->gated);
  if (self->gated && order->memo != NULL && *order->memo != '\0')
    {
      g_autofree char *note = rp_order_format_plain (order->memo);
      /* Translators: the reason shipping is stopped, then the buyer's note */
      g_autofree char *text = g_strdup_printf (_("%s\n\nThe note: “%s”"), why, note);

      gtk_label_set_text (self->gate_label, text);
    }
  else if (self->gated)
    gtk_label_set_text (self->gate_label, why);

  /* The dialog's cancellable ends the call when it closes first. */
  rp_context_list_logistics_services_async (context, order->account_id, self->cancellable,
                                            services_cb, self);

  update_actions (self);

  return self;
}

/* Whether the services are listed yet (from the marketplace or from past parcels). */
gboolean
rp_order_ship_dialog_get_services_known (RpOrderShipDialog *self)
{
  g_return_val_if_fail (RP_IS_ORDER_SHIP_DIALOG (self), FALSE);

  return self->services_known;
}

/* Whether the services are those of past parcels, the marketplace out of reach. */
gboolean
rp_order_ship_dialog_get_from_parcels (RpOrderShipDialog *self)
{
  g_return_val_if_fail (RP_IS_ORDER_SHIP_DIALOG (self), FALSE);

  return self->from_parcels;
}

/* Whether the note gate stands in front of this order. */
gboolean
rp_order_ship_dialog_get_gated (RpOrderShipDialog *self)
{
  g_return_val_if_fail (RP_IS_ORDER_SHIP_DIALOG (self), FALSE);

  return self->gated;
}

/**
 * rp_order_ship_dialog_set_service:
 *
 * Picks a logistics service by name.
 *
 * Returns: %FALSE when the service is not among those offered (yet)
 */
gboolean
rp_order_ship_dialog_set_service (RpOrderShipDialog *self,
                                  const char        *service_name)
{
  g_return_val_if_fail (RP_IS_ORDER_SHIP_DIALOG (self), FALSE);

  for (guint i = 0; i < self->service_list->len; i++)
    if (g_strcmp0 (((Service *)g_ptr_array_index (self->service_list, i))->name, service_name) == 0)
      {
        adw_combo_row_set_selected (self->service_row, i);
        return TRUE;
      }

  return FALSE;
}
