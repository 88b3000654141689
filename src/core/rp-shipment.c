/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-shipment"

#include "config.h"

#include "rp-shipment.h"

G_DEFINE_FINAL_TYPE (RpShipment, rp_shipment, G_TYPE_OBJECT)

RpTrackingEvent *
rp_tracking_event_new (void)
{
  return g_new0 (RpTrackingEvent, 1);
}

void
rp_tracking_event_free (RpTrackingEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->description);
  g_free (event->address);
  g_free (event->action_code);
  g_free (event);
}

static void
rp_shipment_finalize (GObject *object)
{
  RpShipment *self = (RpShipment *)object;

  g_free (self->order_id);
  g_free (self->tracking_no);
  g_free (self->service_name);
  g_free (self->to_country);
  g_free (self->receive_status);
  g_clear_pointer (&self->events, g_ptr_array_unref);

  G_OBJECT_CLASS (rp_shipment_parent_class)->finalize (object);
}

static void
rp_shipment_class_init (RpShipmentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_shipment_finalize;
}

static void
rp_shipment_init (RpShipment *self)
{
  self->events = g_ptr_array_new_with_free_func ((GDestroyNotify)rp_tracking_event_free);
}

RpShipment *
rp_shipment_new (void)
{
  return g_object_new (RP_TYPE_SHIPMENT, NULL);
}
