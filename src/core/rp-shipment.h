/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "rp-enums.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  at;                 /* UTC µs */
  char   *description;        /* the carrier's text, verbatim */
  char   *address;
  char   *action_code;
} RpTrackingEvent;

RpTrackingEvent *rp_tracking_event_new  (void);
void             rp_tracking_event_free (RpTrackingEvent *event);

#define RP_TYPE_SHIPMENT (rp_shipment_get_type ())

G_DECLARE_FINAL_TYPE (RpShipment, rp_shipment, RP, SHIPMENT, GObject)

struct _RpShipment
{
  GObject           parent_instance;

  gint64            account_id;
  char             *order_id;
  char             *tracking_no;
  char             *service_name;
  char             *to_country;
  gint64            shipped_at;       /* the shipping notice (gmt_send) */
  gint64            received_at;
  char             *receive_status;
  RpTrackingStatus  status;
  gint64            last_event_at;
  gint64            last_polled_at;
  gint64            protection_end;   /* from its order: when buyer protection ends; 0 unknown */
  GPtrArray        *events;           /* of RpTrackingEvent, oldest first */
};

RpShipment *rp_shipment_new (void);

G_END_DECLS
