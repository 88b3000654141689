/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-tracking-entry"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rp-tracking-entry.h"

/* One parcel of the Shipments page: the light row the list model gives, and once read,
 * the parcel with its tracking events and what the rules make of them.  The list rows
 * come and go with every reload of the list; entries outlive them so that a parcel's
 * timeline is read once per change, not once per reload. */
struct _RpTrackingEntry
{
  GObject               parent_instance;

  RpShipment           *summary;
  RpShipment           *detail;
  RpTrackingAssessment  assessment;
  RpParcelProblem       problem;
};

G_DEFINE_FINAL_TYPE (RpTrackingEntry, rp_tracking_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rp_tracking_entry_finalize (GObject *object)
{
  RpTrackingEntry *self = (RpTrackingEntry *)object;

  g_clear_object (&self->summary);
  g_clear_object (&self->detail);

  G_OBJECT_CLASS (rp_tracking_entry_parent_class)->finalize (object);
}

static void
rp_tracking_entry_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RpTrackingEntry *self = RP_TRACKING_ENTRY (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->detail != NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_tracking_entry_class_init (RpTrackingEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rp_tracking_entry_finalize;
  object_class->get_property = rp_tracking_entry_get_property;

  /* Notified every time the parcel is read again, not only the first time. */
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rp_tracking_entry_init (RpTrackingEntry *self)
{
}

/**
 * rp_tracking_entry_key:
 *
 * Returns: (transfer full): what identifies a parcel across reloads.
 */
char *
rp_tracking_entry_key (RpShipment *shipment)
{
  g_return_val_if_fail (RP_IS_SHIPMENT (shipment), NULL);

  return g_strdup_printf ("%" G_GINT64_FORMAT "\n%s\n%s", shipment->account_id,
                          shipment->order_id != NULL ? shipment->order_id : "",
                          shipment->tracking_no != NULL ? shipment->tracking_no : "");
}

RpTrackingEntry *
rp_tracking_entry_new (RpShipment *summary)
{
  RpTrackingEntry *self;

  g_return_val_if_fail (RP_IS_SHIPMENT (summary), NULL);

  self = g_object_new (RP_TYPE_TRACKING_ENTRY, NULL);
  self->summary = g_object_ref (summary);

  return self;
}

/**
 * rp_tracking_entry_update_summary:
 * @summary: the same parcel from a newer read of the list
 *
 * Returns: %TRUE when the parcel changed since it was read, so it needs reading again.
 */
gboolean
rp_tracking_entry_update_summary (RpTrackingEntry *self,
                                  RpShipment      *summary)
{
  RpShipment *old;
  gboolean changed;

  g_return_val_if_fail (RP_IS_TRACKING_ENTRY (self), FALSE);
  g_return_val_if_fail (RP_IS_SHIPMENT (summary), FALSE);

  old = self->summary;
  changed = old->status != summary->status ||
            old->last_event_at != summary->last_event_at ||
            old->last_polled_at != summary->last_polled_at ||
            old->received_at != summary->received_at ||
            old->shipped_at != summary->shipped_at ||
            g_strcmp0 (old->receive_status, summary->receive_status) != 0;

  g_set_object (&self->summary, summary);

  return changed || self->detail == NULL;
}

/**
 * rp_tracking_entry_get_shipment:
 *
 * Returns: (transfer none): the parcel with its events once read, the light row before.
 */
RpShipment *
rp_tracking_entry_get_shipment (RpTrackingEntry *self)
{
  g_return_val_if_fail (RP_IS_TRACKING_ENTRY (self), NULL);

  return self->detail != NULL ? self->detail : self->summary;
}

gboolean
rp_tracking_entry_get_loaded (RpTrackingEntry *self)
{
  g_return_val_if_fail (RP_IS_TRACKING_ENTRY (self), FALSE);

  return self->detail != NULL;
}

/**
 * rp_tracking_entry_set_detail:
 * @detail: the parcel with its events (the one already set, to assess it again)
 * @now: UTC µs, for the day counts
 * @thresholds: (nullable): %NULL for the defaults
 * @skip_weekends: whether Saturdays and Sundays count towards the day thresholds
 * @zone: (nullable): where the weekends are, the buyer's zone
 *
 * Buyer protection ends when the order's time to confirm receipt does (0: unknown).
 */
void
rp_tracking_entry_set_detail (RpTrackingEntry            *self,
                              RpShipment                 *detail,
                              gint64                      now,
                              const RpTrackingThresholds *thresholds,
                              gboolean                    skip_weekends,
                              GTimeZone                  *zone)
{
  g_return_if_fail (RP_IS_TRACKING_ENTRY (self));
  g_return_if_fail (RP_IS_SHIPMENT (detail));

  g_set_object (&self->detail, detail);
  rp_tracking_assess (detail, detail->protection_end, now, thresholds, skip_weekends, zone,
                      &self->assessment);
  self->problem = rp_parcel_problem_pick (&self->assessment);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

/**
 * rp_tracking_entry_get_assessment:
 *
 * Returns: (nullable): the rules' view of the parcel; %NULL until it was read.
 */
const RpTrackingAssessment *
rp_tracking_entry_get_assessment (RpTrackingEntry *self)
{
  g_return_val_if_fail (RP_IS_TRACKING_ENTRY (self), NULL);

  return self->detail != NULL ? &self->assessment : NULL;
}

RpParcelProblem
rp_tracking_entry_get_problem (RpTrackingEntry *self)
{
  g_return_val_if_fail (RP_IS_TRACKING_ENTRY (self), RP_PARCEL_PROBLEM_NONE);

  return self->detail != NULL ? self->problem : RP_PARCEL_PROBLEM_NONE;
}

/**
 * rp_tracking_entry_get_last_event:
 *
 * Returns: (nullable): the newest tracking event, once the parcel was read.
 */
const RpTrackingEvent *
rp_tracking_entry_get_last_event (RpTrackingEntry *self)
{
  const RpTrackingEvent *last = NULL;

  g_return_val_if_fail (RP_IS_TRACKING_ENTRY (self), NULL);

  if (self->detail == NULL || self->detail->events == NULL)
    return NULL;

  /* The newest by time; on a tie the later one in the carrier's list. */
  for (guint i = 0; i < self->detail->events->len; i++)
    {
      const RpTrackingEvent *event = g_ptr_array_index (self->detail->events, i);

      if (last == NULL || event->at >= last->at)
        last = event;
    }

  return last;
}

/**
 * rp_tracking_status_label:
 *
 * Returns: (transfer none): the normalised status (DESIGN §6) for people, translated.
 */
const char *
rp_tracking_status_label (RpTrackingStatus status)
{
  switch (status)
    {
    case RP_TRACKING_PENDING:
      return C_("tracking status", "Pending");
    case RP_TRACKING_INFO_RECEIVED:
      return C_("tracking status", "Info received");
    case RP_TRACKING_IN_TRANSIT:
      return C_("tracking status", "In transit");
    case RP_TRACKING_OUT_FOR_DELIVERY:
      return C_("tracking status", "Out for delivery");
    case RP_TRACKING_DELIVERED:
      return C_("tracking status", "Delivered");
    case RP_TRACKING_ATTEMPT_FAILED:
      return C_("tracking status", "Delivery failed");
    case RP_TRACKING_EXCEPTION:
      return C_("tracking status", "Exception");
    case RP_TRACKING_EXPIRED:
      return C_("tracking status", "Expired");
    default:
      return C_("tracking status", "Unknown");
    }
}
