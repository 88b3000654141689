/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-conversation-order-card"

#include "config.h"

#include <glib/gi18n.h>

#include "rp-conversation-format.h"
#include "rp-conversation-order-card.h"
#include "rp-evidence-dialog.h"
#include "rp-plain-text.h"
#include "rp-template.h"

/* Buyer-written fields (address, note) are capped: the card is a summary. */
#define MAX_FIELD_CHARS 600

struct _RpConversationOrderCard
{
  GtkWidget   parent_instance;

  RpOrder    *order;
  RpShipment *shipment;

  GtkLabel   *status_label;
  GtkLabel   *total_label;
  GtkLabel   *items_label;
  GtkLabel   *address_label;
  GtkLabel   *note_label;
  GtkLabel   *parcel_label;
};

G_DEFINE_FINAL_TYPE (RpConversationOrderCard, rp_conversation_order_card, GTK_TYPE_WIDGET)

static const char *
status_text (RpOrderStatus status)
{
  switch (status)
    {
    case RP_ORDER_STATUS_AWAITING_PAYMENT:
      return _("Awaiting payment");
    case RP_ORDER_STATUS_RISK_CONTROL:
      return _("In the marketplace’s risk check");
    case RP_ORDER_STATUS_TO_SHIP:
      return _("To ship");
    case RP_ORDER_STATUS_SHIPPED:
      return _("Shipped");
    case RP_ORDER_STATUS_IN_CANCEL:
      return _("Cancellation requested");
    case RP_ORDER_STATUS_IN_DISPUTE:
      return _("In dispute");
    case RP_ORDER_STATUS_FINISHED:
      return _("Finished");
    case RP_ORDER_STATUS_UNKNOWN:
    default:
      return _("Unknown");
    }
}

static const char *
tracking_text (RpTrackingStatus status)
{
  switch (status)
    {
    case RP_TRACKING_PENDING:
      return _("no tracking yet");
    case RP_TRACKING_INFO_RECEIVED:
      return _("announced to the carrier");
    case RP_TRACKING_IN_TRANSIT:
      return _("in transit");
    case RP_TRACKING_OUT_FOR_DELIVERY:
      return _("out for delivery");
    case RP_TRACKING_DELIVERED:
      return _("delivered");
    case RP_TRACKING_ATTEMPT_FAILED:
      return _("delivery attempt failed");
    case RP_TRACKING_EXCEPTION:
      return _("held up");
    case RP_TRACKING_EXPIRED:
    default:
      return _("tracking expired");
    }
}

/* Money in minor units, shown with its currency code: "12.34 USD". */
static char *
format_money (const RpMoney *money)
{
  gint64 cents = money->cents;
  const char *sign = cents < 0 ? "-" : "";

  if (cents < 0)
    cents = -cents;

  return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%02d %s", sign, cents / 100, (int) (cents % 100),
                          money->currency[0] != '\0' ? money->currency : "");
}

static void
set_plain (GtkLabel   *label,
           const char *text)
{
  g_autofree char *safe = rp_plain_text_for_display (text, MAX_FIELD_CHARS, NULL, 0);

  gtk_label_set_text (label, safe);
}

static void
update (RpConversationOrderCard *self)
{
  RpOrder *o = self->order;
  g_autofree char *total = NULL;
  g_autofree char *items = NULL;
  g_autofree char *address = NULL;
  g_autoptr(GString) note = NULL;

  if (o == NULL)
    return;

  gtk_label_set_text (self->status_label, status_text (o->status));
  total = format_money (&o->total);
  gtk_label_set_text (self->total_label, total);

  items = o->items != NULL && o->items->len > 0 ? rp_template_format_items (o->items) : NULL;
  set_plain (self->items_label, items != NULL ? items : _("Not read yet"));

  address = o->has_detail ? rp_template_format_address (&o->address, o->buyer_country) : NULL;
  set_plain (self->address_label, address != NULL ? address : _("Not read yet"));

  /* The order's note and the notes on its items, in the buyer's words. */
  note = g_string_new (o->memo != NULL ? o->memo : "");
  for (guint i = 0; o->items != NULL && i < o->items->len; i++)
    {
      RpOrderItem *item = g_ptr_array_index (o->items, i);

      if (item->memo != NULL && *item->memo != '\0')
        g_string_append_printf (note, "%s%s", note->len > 0 ? "\n" : "", item->memo);
    }
  set_plain (self->note_label, note->len > 0 ? note->str : _("None"));

  if (self->shipment != NULL)
    {
      g_autofree char *parcel = NULL;

      /* TRANSLATORS: carrier, tracking number, then the tracking state */
      parcel = g_strdup_printf (_("%s %s, %s"),
                                self->shipment->service_name != NULL ? self->shipment->service_name : "",
                                self->shipment->tracking_no != NULL ? self->shipment->tracking_no : "",
                                tracking_text (self->shipment->status));
      set_plain (self->parcel_label, g_strstrip (parcel));
    }
  else
    gtk_label_set_text (self->parcel_label, _("Not shipped yet"));
}

static void
rp_conversation_order_card_dispose (GObject *object)
{
  RpConversationOrderCard *self = (RpConversationOrderCard *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), RP_TYPE_CONVERSATION_ORDER_CARD);
  /* The template's top box has no id, so the template does not unparent it. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->order);
  g_clear_object (&self->shipment);

  G_OBJECT_CLASS (rp_conversation_order_card_parent_class)->dispose (object);
}

static void
export_evidence_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  RpConversationOrderCard *self = RP_CONVERSATION_ORDER_CARD (widget);

  /* The context comes from the page the card sits in. */
  if (self->order != NULL && self->order->order_id != NULL)
    rp_evidence_dialog_run (widget, NULL, self->order->account_id, self->order->order_id);
}

static void
rp_conversation_order_card_class_init (RpConversationOrderCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_conversation_order_card_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/rp-conversation-order-card.ui");
  gtk_widget_class_bind_template_child (widget_class, RpConversationOrderCard, status_label);
  gtk_widget_class_bind_template_child (widget_class, RpConversationOrderCard, total_label);
  gtk_widget_class_bind_template_child (widget_class, RpConversationOrderCard, items_label);
  gtk_widget_class_bind_template_child (widget_class, RpConversationOrderCard, address_label);
  gtk_widget_class_bind_template_child (widget_class, RpConversationOrderCard, note_label);
  gtk_widget_class_bind_template_child (widget_class, RpConversationOrderCard, parcel_label);
  gtk_widget_class_install_action (widget_class, "card.export-evidence", NULL,
                                   export_evidence_action);
}

static void
rp_conversation_order_card_init (RpConversationOrderCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
rp_conversation_order_card_set_order (RpConversationOrderCard *self,
                                      RpOrder                 *order)
{
  g_return_if_fail (RP_IS_CONVERSATION_ORDER_CARD (self));
  g_return_if_fail (order == NULL || RP_IS_ORDER (order));

  g_set_object (&self->order, order);
  update (self);
}

void
rp_conversation_order_card_set_shipment (RpConversationOrderCard *self,
                                         RpShipment              *shipment)
{
  g_return_if_fail (RP_IS_CONVERSATION_ORDER_CARD (self));
  g_return_if_fail (shipment == NULL || RP_IS_SHIPMENT (shipment));

  g_set_object (&self->shipment, shipment);
  update (self);
}

const char *
rp_conversation_order_card_get_text (RpConversationOrderCard *self,
                                     const char              *row)
{
  GtkLabel *labels[] = { self->status_label, self->total_label, self->items_label,
                         self->address_label, self->note_label, self->parcel_label };
  const char *names[] = { "status", "total", "items", "address", "note", "parcel" };

  g_return_val_if_fail (RP_IS_CONVERSATION_ORDER_CARD (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (row, names[i]) == 0)
      return gtk_label_get_text (labels[i]);

  return NULL;
}
