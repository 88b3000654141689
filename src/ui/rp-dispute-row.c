/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-dispute-row"

#include "config.h"

#include <glib/gi18n.h>

#include "rp-dispute-clock.h"
#include "rp-dispute-reply.h"
#include "rp-dispute-row.h"

/* The countdown shows minutes; a refresh every half minute keeps it honest. */
#define CLOCK_INTERVAL_S 30

struct _RpDisputeRow
{
  GtkWidget  parent_instance;

  RpDispute *item;
  guint      clock_source;

  GtkWidget *grid;
  GtkLabel  *reason_label;
  GtkLabel  *left_label;
  GtkLabel  *order_label;
  GtkLabel  *cap_label;
  GtkLabel  *state_label;
};

G_DEFINE_FINAL_TYPE (RpDisputeRow, rp_dispute_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const urgency_classes[] = { "warning", "error", "heading" };

const char *
rp_dispute_row_urgency_class (int urgency)
{
  switch ((RpDisputeUrgency)urgency)
    {
    case RP_DISPUTE_URGENCY_48H:
      return "warning";
    case RP_DISPUTE_URGENCY_24H:
    case RP_DISPUTE_URGENCY_6H:
    case RP_DISPUTE_URGENCY_OVERDUE:
      return "error";
    case RP_DISPUTE_URGENCY_NONE:
    default:
      return NULL;
    }
}

static void
update_clock (RpDisputeRow *self)
{
  GtkWidget *label = GTK_WIDGET (self->left_label);
  g_autofree char *text = NULL;
  RpDisputeUrgency urgency;
  gint64 now = g_get_real_time ();
  const char *css;

  for (guint i = 0; i < G_N_ELEMENTS (urgency_classes); i++)
    gtk_widget_remove_css_class (label, urgency_classes[i]);

  if (self->item == NULL || self->item->status != RP_DISPUTE_STATUS_PROCESSING)
    {
      gtk_label_set_text (self->left_label, "");
      gtk_widget_set_visible (label, FALSE);
      return;
    }

  urgency = rp_dispute_clock_urgency (self->item->deadline, now);
  text = rp_dispute_clock_format_left (rp_dispute_clock_time_left (self->item->deadline, now));
  gtk_label_set_text (self->left_label, text);
  gtk_widget_set_visible (label, TRUE);

  css = rp_dispute_row_urgency_class (urgency);
  if (css != NULL)
    gtk_widget_add_css_class (label, css);
  /* Overdue is the one state past saving by speed alone: it stands out in bold too. */
  if (urgency == RP_DISPUTE_URGENCY_OVERDUE)
    gtk_widget_add_css_class (label, "heading");
}

static gboolean
clock_cb (gpointer user_data)
{
  update_clock (RP_DISPUTE_ROW (user_data));
  return G_SOURCE_CONTINUE;
}

static void
update_row (RpDisputeRow *self)
{
  RpDispute *d = self->item;
  g_autofree char *order = NULL;
  g_autofree char *cap = NULL;
  g_autofree char *accessible = NULL;
  const char *state = "";

  if (d == NULL)
    {
      gtk_label_set_text (self->reason_label, "");
      gtk_label_set_text (self->order_label, "");
      gtk_label_set_text (self->cap_label, "");
      gtk_label_set_text (self->state_label, "");
      update_clock (self);
      return;
    }

  gtk_label_set_text (self->reason_label,
                      d->reason != NULL && *d->reason != '\0' ? d->reason : _("Dispute"));

  /* Translators: order number and the buyer's login id. */
  /* The parent order: the number the seller knows from the order list. */
  order = g_strdup_printf (_("Order %s · %s"),
                           d->parent_order_id != NULL && *d->parent_order_id != '\0'
                           ? d->parent_order_id
                           : d->order_id != NULL ? d->order_id : "—",
                           d->buyer_login_id != NULL ? d->buyer_login_id : "—");
  gtk_label_set_text (self->order_label, order);

  if (d->refund_max.cents > 0)
    {
      g_autofree char *money = rp_dispute_format_money (&d->refund_max);

      /* Translators: %s is an amount with its currency, e.g. "12.34 USD". */
      cap = g_strdup_printf (_("Refund up to %s"), money);
    }
  gtk_label_set_text (self->cap_label, cap != NULL ? cap : "");

  if (d->status == RP_DISPUTE_STATUS_FINISHED)
    state = _("Finished");
  else if (d->status == RP_DISPUTE_STATUS_CANCELED)
    state = _("Cancelled");
  else if (d->deadline == 0)
    state = _("No deadline");
  gtk_label_set_text (self->state_label, state);

  update_clock (self);

  accessible = g_strdup_printf ("%s, %s, %s", gtk_label_get_text (self->reason_label), order,
                                *state != '\0' ? state : gtk_label_get_text (self->left_label));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
start_clock (RpDisputeRow *self)
{
  if (self->clock_source == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->clock_source = g_timeout_add_seconds (CLOCK_INTERVAL_S, clock_cb, self);
}

static void
rp_dispute_row_map (GtkWidget *widget)
{
  RpDisputeRow *self = RP_DISPUTE_ROW (widget);

  GTK_WIDGET_CLASS (rp_dispute_row_parent_class)->map (widget);
  update_clock (self);
  start_clock (self);
}

static void
rp_dispute_row_unmap (GtkWidget *widget)
{
  RpDisputeRow *self = RP_DISPUTE_ROW (widget);

  g_clear_handle_id (&self->clock_source, g_source_remove);
  GTK_WIDGET_CLASS (rp_dispute_row_parent_class)->unmap (widget);
}

static void
rp_dispute_row_dispose (GObject *object)
{
  RpDisputeRow *self = (RpDisputeRow *)object;

  g_clear_handle_id (&self->clock_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), RP_TYPE_DISPUTE_ROW);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (rp_dispute_row_parent_class)->dispose (object);
}

static void
rp_dispute_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RpDisputeRow *self = RP_DISPUTE_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_dispute_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RpDisputeRow *self = RP_DISPUTE_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      rp_dispute_row_set_item (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_dispute_row_class_init (RpDisputeRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_dispute_row_dispose;
  object_class->get_property = rp_dispute_row_get_property;
  object_class->set_property = rp_dispute_row_set_property;
  widget_class->map = rp_dispute_row_map;
  widget_class->unmap = rp_dispute_row_unmap;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL,
                         RP_TYPE_DISPUTE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/rp-dispute-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RpDisputeRow, grid);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeRow, reason_label);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeRow, left_label);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeRow, order_label);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeRow, cap_label);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeRow, state_label);
}

static void
rp_dispute_row_init (RpDisputeRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
rp_dispute_row_new (void)
{
  return g_object_new (RP_TYPE_DISPUTE_ROW, NULL);
}

/**
 * rp_dispute_row_get_item:
 *
 * Returns: (transfer none) (nullable): the dispute shown
 */
RpDispute *
rp_dispute_row_get_item (RpDisputeRow *self)
{
  g_return_val_if_fail (RP_IS_DISPUTE_ROW (self), NULL);

  return self->item;
}

void
rp_dispute_row_set_item (RpDisputeRow *self,
                         RpDispute    *item)
{
  g_return_if_fail (RP_IS_DISPUTE_ROW (self));
  g_return_if_fail (item == NULL || RP_IS_DISPUTE (item));

  if (!g_set_object (&self->item, item))
    return;

  update_row (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}
