/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-shipment-row"

#include "config.h"

#include <glib/gi18n.h>

#include "rp-country.h"
#include "rp-shipment-row.h"

/* One parcel in the Shipments list: order, problem badge, the carrier's last words
 * (verbatim, plain text), status and days since the last event. */
struct _RpShipmentRow
{
  GtkWidget        parent_instance;

  RpTrackingEntry *entry;
  gulong           loaded_handler;

  GtkWidget       *box;
  GtkImage        *status_icon;
  GtkLabel        *title_label;
  GtkLabel        *badge_label;
  GtkLabel        *event_label;
  GtkLabel        *meta_label;
};

G_DEFINE_FINAL_TYPE (RpShipmentRow, rp_shipment_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ENTRY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * rp_shipment_problem_label:
 *
 * Returns: (transfer none): a short translated name for the problem, "" for none.
 */
const char *
rp_shipment_problem_label (RpParcelProblem problem)
{
  switch (problem)
    {
    case RP_PARCEL_PROBLEM_NO_FIRST_SCAN:
      return C_("parcel problem", "No first scan");
    case RP_PARCEL_PROBLEM_CUSTOMS:
      return C_("parcel problem", "In customs");
    case RP_PARCEL_PROBLEM_PROTECTION:
      return C_("parcel problem", "Protection ending");
    case RP_PARCEL_PROBLEM_STALLED:
      return C_("parcel problem", "Stalled");
    case RP_PARCEL_PROBLEM_DELIVERY_FAILED:
      return C_("parcel problem", "Delivery failed");
    case RP_PARCEL_PROBLEM_EXCEPTION:
      return C_("parcel problem", "Carrier problem");
    case RP_PARCEL_PROBLEM_NONE:
    default:
      return "";
    }
}

/**
 * rp_shipment_protection_left:
 * @end: when buyer protection ends, UTC µs; 0 when unknown
 * @now: UTC µs
 *
 * Returns: (transfer full) (nullable): "Protection: 5 days left", or %NULL when unknown
 */
char *
rp_shipment_protection_left (gint64 end,
                             gint64 now)
{
  gint64 left = end - now;
  guint days;

  if (end <= 0)
    return NULL;
  if (left <= 0)
    return g_strdup (_("Buyer protection ended"));
  if (left < G_TIME_SPAN_DAY)
    {
      guint hours = (guint)MAX (1, left / G_TIME_SPAN_HOUR);

      return g_strdup_printf (ngettext ("Protection: %u hour left", "Protection: %u hours left", hours),
                              hours);
    }

  days = (guint)(left / G_TIME_SPAN_DAY);
  return g_strdup_printf (ngettext ("Protection: %u day left", "Protection: %u days left", days), days);
}

static guint
days_since_last_event (RpTrackingEntry *entry)
{
  const RpTrackingAssessment *a = rp_tracking_entry_get_assessment (entry);
  RpShipment *shipment = rp_tracking_entry_get_shipment (entry);
  gint64 now = g_get_real_time ();

  if (a != NULL)
    return a->days_since_event;
  if (shipment->last_event_at > 0 && now > shipment->last_event_at)
    return (guint)((now - shipment->last_event_at) / G_TIME_SPAN_DAY);

  return 0;
}

static void
update (RpShipmentRow *self)
{
  RpShipment *shipment;
  const RpTrackingAssessment *a;
  const RpTrackingEvent *last;
  RpParcelProblem problem;
  RpTrackingStatus status;
  g_autofree char *title = NULL;
  g_autofree char *flag = NULL;
  g_autofree char *when = NULL;
  g_autofree char *meta = NULL;
  g_autofree char *accessible = NULL;
  g_autofree char *protection = NULL;
  const char *icon;

  if (self->entry == NULL)
    return;

  shipment = rp_tracking_entry_get_shipment (self->entry);
  a = rp_tracking_entry_get_assessment (self->entry);
  last = rp_tracking_entry_get_last_event (self->entry);
  problem = rp_tracking_entry_get_problem (self->entry);
  status = a != NULL ? a->status : shipment->status;

  /* Translators: %s is an order number. */
  title = g_strdup_printf (_("Order %s"), shipment->order_id != NULL ? shipment->order_id : "");
  gtk_label_set_text (self->title_label, title);

  gtk_widget_set_visible (GTK_WIDGET (self->badge_label), problem != RP_PARCEL_PROBLEM_NONE);
  gtk_label_set_text (self->badge_label, rp_shipment_problem_label (problem));
  gtk_widget_remove_css_class (GTK_WIDGET (self->badge_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->badge_label), "error");
  if (a != NULL && problem != RP_PARCEL_PROBLEM_NONE)
    gtk_widget_add_css_class (GTK_WIDGET (self->badge_label),
                              rp_parcel_problem_level (a, problem) == RP_TRACKING_LEVEL_CRITICAL
                              ? "error" : "warning");

  /* The carrier's own words, as plain text: never markup. */
  if (last != NULL && last->description != NULL)
    gtk_label_set_text (self->event_label, last->description);
  else if (a != NULL)
    gtk_label_set_text (self->event_label, _("No tracking events yet"));
  else
    gtk_label_set_text (self->event_label, _("Reading the tracking…"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->event_label), last != NULL || a == NULL);

  if (status == RP_TRACKING_DELIVERED)
    icon = "emblem-ok-symbolic";
  else if (problem != RP_PARCEL_PROBLEM_NONE)
    icon = "dialog-warning-symbolic";
  else
    icon = "package-x-generic-symbolic";
  gtk_image_set_from_icon_name (self->status_icon, icon);

  if (status == RP_TRACKING_DELIVERED)
    when = g_strdup (rp_tracking_status_label (status));
  else if (last != NULL || shipment->last_event_at > 0)
    {
      guint days = days_since_last_event (self->entry);

      if (days == 0)
        /* Translators: the status, then when the last tracking event was. */
        when = g_strdup_printf (_("%s, last event today"), rp_tracking_status_label (status));
      else
        when = g_strdup_printf (ngettext ("%s, last event %u day ago",
                                          "%s, last event %u days ago", days),
                                rp_tracking_status_label (status), days);
    }
  else
    when = g_strdup (rp_tracking_status_label (status));

  /* The end of buyer protection matters only while the parcel travels. */
  if (status != RP_TRACKING_DELIVERED)
    protection = rp_shipment_protection_left (shipment->protection_end, g_get_real_time ());
  if (protection != NULL)
    {
      char *with = g_strdup_printf ("%s · %s", when, protection);

      g_free (when);
      when = with;
    }

  flag = rp_country_get_flag (shipment->to_country != NULL ? shipment->to_country : "");
  meta = g_strdup_printf ("%s · %s%s%s%s", when,
                          shipment->tracking_no != NULL ? shipment->tracking_no : "",
                          shipment->to_country != NULL ? " · " : "",
                          *flag != '\0' ? flag : "",
                          shipment->to_country != NULL ? shipment->to_country : "");
  gtk_label_set_text (self->meta_label, meta);

  accessible = problem != RP_PARCEL_PROBLEM_NONE
               ? g_strdup_printf ("%s, %s, %s", title, rp_shipment_problem_label (problem), when)
               : g_strdup_printf ("%s, %s", title, when);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  /* The list item around the row is what screen readers land on; GTK 4.8 has no API on
   * GtkListItem for its name, so it is given here. */
  if (gtk_widget_get_parent (GTK_WIDGET (self)) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (GTK_WIDGET (self))),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static void
rp_shipment_row_dispose (GObject *object)
{
  RpShipmentRow *self = (RpShipmentRow *)object;

  rp_shipment_row_set_entry (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RP_TYPE_SHIPMENT_ROW);

  G_OBJECT_CLASS (rp_shipment_row_parent_class)->dispose (object);
}

static void
rp_shipment_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RpShipmentRow *self = RP_SHIPMENT_ROW (object);

  switch (prop_id)
    {
    case PROP_ENTRY:
      g_value_set_object (value, self->entry);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_shipment_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  RpShipmentRow *self = RP_SHIPMENT_ROW (object);

  switch (prop_id)
    {
    case PROP_ENTRY:
      rp_shipment_row_set_entry (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_shipment_row_class_init (RpShipmentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_shipment_row_dispose;
  object_class->get_property = rp_shipment_row_get_property;
  object_class->set_property = rp_shipment_row_set_property;

  properties[PROP_ENTRY] =
    g_param_spec_object ("entry", NULL, NULL,
                         RP_TYPE_TRACKING_ENTRY,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/rp-shipment-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RpShipmentRow, box);
  gtk_widget_class_bind_template_child (widget_class, RpShipmentRow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, RpShipmentRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, RpShipmentRow, badge_label);
  gtk_widget_class_bind_template_child (widget_class, RpShipmentRow, event_label);
  gtk_widget_class_bind_template_child (widget_class, RpShipmentRow, meta_label);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
rp_shipment_row_init (RpShipmentRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * rp_shipment_row_get_entry:
 *
 * Returns: (transfer none) (nullable): the parcel shown
 */
RpTrackingEntry *
rp_shipment_row_get_entry (RpShipmentRow *self)
{
  g_return_val_if_fail (RP_IS_SHIPMENT_ROW (self), NULL);

  return self->entry;
}

void
rp_shipment_row_set_entry (RpShipmentRow   *self,
                           RpTrackingEntry *entry)
{
  g_return_if_fail (RP_IS_SHIPMENT_ROW (self));
  g_return_if_fail (entry == NULL || RP_IS_TRACKING_ENTRY (entry));

  if (self->entry == entry)
    return;

  if (self->entry != NULL)
    g_clear_signal_handler (&self->loaded_handler, self->entry);
  g_set_object (&self->entry, entry);
  if (entry != NULL)
    self->loaded_handler = g_signal_connect_swapped (entry, "notify::loaded", G_CALLBACK (update), self);

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENTRY]);
}
