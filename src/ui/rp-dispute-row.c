/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-dispute-row"

#include "config.h"

#include <glib/gi18n.h>

#include "rp-dispute-clock.h"
#include "rp-dispute-reply.h"
#include "rp-dispute-row.h"

/* The row's clock is moved on by its page (rp_dispute_row_update_clock()): one timer
 * for the whole list, not one per row. */

struct _RpDisputeRow
{
  GtkWidget  parent_instance;

  RpDispute *item;

  GtkWidget *grid;
  GtkLabel  *reason_label;
  GtkLabel  *badge_label;
  GtkLabel  *left_label;
  GtkLabel  *order_label;
  GtkLabel  *wanted_label;
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
static const char * const badge_classes[] = {
  "rp-dispute-badge-48h", "rp-dispute-badge-24h", "rp-dispute-badge-6h",
  "rp-dispute-badge-overdue",
};

/* The badges are pills in the urgency's colour, on top of libadwaita's named colours so
 * that the dark style follows. */
static const char badge_css[] =
  ".rp-dispute-badge {"
  "  border-radius: 9999px;"
  "  padding: 1px 8px;"
  "  font-size: smaller;"
  "  font-weight: bold;"
  "}"
  ".rp-dispute-badge-48h {"
  "  background-color: alpha(@warning_color, 0.16);"
  "  color: @warning_color;"
  "}"
  ".rp-dispute-badge-24h {"
  "  background-color: @warning_bg_color;"
  "  color: @warning_fg_color;"
  "}"
  ".rp-dispute-badge-6h, .rp-dispute-badge-overdue {"
  "  background-color: @error_bg_color;"
  "  color: @error_fg_color;"
  "}";

/**
 * rp_dispute_row_load_style:
 *
 * Installs the badges' style for the default display, once.
 */
void
rp_dispute_row_load_style (void)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;
  GdkDisplay *display = gdk_display_get_default ();

  if (loaded || display == NULL)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider, badge_css, -1);
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  loaded = TRUE;
}

/**
 * rp_dispute_row_badge_text:
 *
 * Returns: (nullable): the badge for an urgency ("48 h", "24 h", "6 h", "Overdue"),
 *   translated, or NULL when none is due
 */
const char *
rp_dispute_row_badge_text (int urgency)
{
  switch ((RpDisputeUrgency)urgency)
    {
    case RP_DISPUTE_URGENCY_48H:
      /* Translators: a badge on a dispute with less than 48 hours left to answer. */
      return C_("dispute badge", "48 h");
    case RP_DISPUTE_URGENCY_24H:
      /* Translators: a badge on a dispute with less than 24 hours left to answer. */
      return C_("dispute badge", "24 h");
    case RP_DISPUTE_URGENCY_6H:
      /* Translators: a badge on a dispute with less than 6 hours left to answer. */
      return C_("dispute badge", "6 h");
    case RP_DISPUTE_URGENCY_OVERDUE:
      /* Translators: a badge on a dispute whose deadline passed. */
      return C_("dispute badge", "Overdue");
    case RP_DISPUTE_URGENCY_NONE:
    default:
      return NULL;
    }
}

static const char *
badge_class (RpDisputeUrgency urgency)
{
  switch (urgency)
    {
    case RP_DISPUTE_URGENCY_48H:
      return "rp-dispute-badge-48h";
    case RP_DISPUTE_URGENCY_24H:
      return "rp-dispute-badge-24h";
    case RP_DISPUTE_URGENCY_6H:
      return "rp-dispute-badge-6h";
    case RP_DISPUTE_URGENCY_OVERDUE:
      return "rp-dispute-badge-overdue";
    case RP_DISPUTE_URGENCY_NONE:
    default:
      return NULL;
    }
}

/**
 * rp_dispute_row_show_badge:
 * @label: a label with the style class "rp-dispute-badge"
 * @dispute: (nullable): the dispute
 *
 * Shows the badge of @dispute at @now in @label, or hides it: only an open dispute with
 * less than 48 hours left has one.
 *
 * Returns: the urgency shown
 */
int
rp_dispute_row_show_badge (GtkLabel  *label,
                           RpDispute *dispute,
                           gint64     now)
{
  RpDisputeUrgency urgency = RP_DISPUTE_URGENCY_NONE;
  const char *text;

  g_return_val_if_fail (GTK_IS_LABEL (label), RP_DISPUTE_URGENCY_NONE);

  for (guint i = 0; i < G_N_ELEMENTS (badge_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (label), badge_classes[i]);

  if (dispute != NULL && dispute->status == RP_DISPUTE_STATUS_PROCESSING)
    urgency = rp_dispute_clock_urgency (dispute->deadline, now);

  text = rp_dispute_row_badge_text (urgency);
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
  if (text != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (label), badge_class (urgency));
  return urgency;
}

/**
 * rp_dispute_row_wanted:
 *
 * Returns: (transfer none) (nullable): the solution the buyer asks for now: the latest
 *   of the buyer's solutions
 */
RpSolution *
rp_dispute_row_wanted (RpDispute *dispute)
{
  RpSolution *wanted = NULL;

  g_return_val_if_fail (RP_IS_DISPUTE (dispute), NULL);

  for (guint i = 0; dispute->buyer_solutions != NULL && i < dispute->buyer_solutions->len; i++)
    {
      RpSolution *s = g_ptr_array_index (dispute->buyer_solutions, i);

      /* The last of equals: the marketplace lists them oldest first. */
      if (wanted == NULL || s->created_at >= wanted->created_at)
        wanted = s;
    }
  return wanted;
}

/**
 * rp_dispute_row_format_wanted:
 *
 * Returns: (transfer full): "Wants: refund 12.40 USD" or "Wants: return and refund
 *   12.40 USD"
 */
char *
rp_dispute_row_format_wanted (const RpSolution *solution)
{
  g_autofree char *money = NULL;

  g_return_val_if_fail (solution != NULL, NULL);

  money = rp_dispute_format_money (&solution->refund);
  if (g_strcmp0 (solution->solution_type, "return_and_refund") == 0)
    /* Translators: what the buyer asks for in a dispute; %s is an amount with its
     * currency, e.g. "12.40 USD". */
    return g_strdup_printf (_("Wants: return and refund %s"), money);
  /* Translators: what the buyer asks for in a dispute; %s is an amount with its
   * currency, e.g. "12.40 USD". */
  return g_strdup_printf (_("Wants: refund %s"), money);
}
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

/* Read out as seen: reason, urgency, order, what the buyer wants, state or time left. */
static void
update_accessible (RpDisputeRow *self)
{
  GString *text = g_string_new (gtk_label_get_text (self->reason_label));
  GtkLabel *labels[] = { self->badge_label, self->order_label, self->wanted_label,
                         self->state_label, self->left_label };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      const char *part = gtk_label_get_text (labels[i]);

      if (!gtk_widget_get_visible (GTK_WIDGET (labels[i])) || *part == '\0')
        continue;
      /* The state says it all for a closed dispute; the countdown only for an open one. */
      if (labels[i] == self->left_label && *gtk_label_get_text (self->state_label) != '\0')
        continue;
      g_string_append_printf (text, ", %s", part);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text->str,
                                  -1);
  g_string_free (text, TRUE);
}

static void
update_clock_at (RpDisputeRow *self,
                 gint64        now)
{
  GtkWidget *label = GTK_WIDGET (self->left_label);
  g_autofree char *text = NULL;
  RpDisputeUrgency urgency;
  const char *css;

  for (guint i = 0; i < G_N_ELEMENTS (urgency_classes); i++)
    gtk_widget_remove_css_class (label, urgency_classes[i]);
  rp_dispute_row_show_badge (self->badge_label, self->item, now);

  if (self->item == NULL || self->item->status != RP_DISPUTE_STATUS_PROCESSING)
    {
      gtk_label_set_text (self->left_label, "");
      gtk_widget_set_visible (label, FALSE);
      update_accessible (self);
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
  update_accessible (self);
}

static void
update_clock (RpDisputeRow *self)
{
  update_clock_at (self, g_get_real_time ());
}

static void
update_row (RpDisputeRow *self)
{
  RpDispute *d = self->item;
  g_autofree char *order = NULL;
  g_autofree char *cap = NULL;
  g_autofree char *wanted = NULL;
  const char *state = "";
  RpSolution *solution;

  if (d == NULL)
    {
      gtk_label_set_text (self->reason_label, "");
      gtk_label_set_text (self->order_label, "");
      gtk_label_set_text (self->wanted_label, "");
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

  solution = rp_dispute_row_wanted (d);
  if (solution != NULL)
    wanted = rp_dispute_row_format_wanted (solution);
  gtk_label_set_text (self->wanted_label, wanted != NULL ? wanted : "");
  gtk_widget_set_visible (GTK_WIDGET (self->wanted_label), wanted != NULL);

  if (d->status == RP_DISPUTE_STATUS_FINISHED)
    state = _("Finished");
  else if (d->status == RP_DISPUTE_STATUS_CANCELED)
    state = _("Cancelled");
  else if (d->deadline == 0)
    state = _("No deadline");
  gtk_label_set_text (self->state_label, state);

  update_clock (self);

  update_accessible (self);
}

static void
rp_dispute_row_dispose (GObject *object)
{
  RpDisputeRow *self = (RpDisputeRow *)object;

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
  gtk_widget_class_bind_template_child (widget_class, RpDisputeRow, badge_label);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeRow, left_label);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeRow, order_label);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeRow, wanted_label);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeRow, cap_label);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeRow, state_label);
}

static void
rp_dispute_row_init (RpDisputeRow *self)
{
  rp_dispute_row_load_style ();
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

/**
 * rp_dispute_row_update_clock:
 * @now: the time to show, UTC µs
 *
 * Moves the countdown and the badge on to @now; the page calls it on every row it shows.
 */
void
rp_dispute_row_update_clock (RpDisputeRow *self,
                             gint64        now)
{
  g_return_if_fail (RP_IS_DISPUTE_ROW (self));

  update_clock_at (self, now);
}

/**
 * rp_dispute_row_show_wanted:
 * @solution: (nullable): the buyer's latest solution, from the dispute's details
 *
 * Shows what the buyer asks for when the listed dispute does not carry it itself.
 */
void
rp_dispute_row_show_wanted (RpDisputeRow     *self,
                            const RpSolution *solution)
{
  g_autofree char *wanted = NULL;

  g_return_if_fail (RP_IS_DISPUTE_ROW (self));

  if (solution != NULL)
    wanted = rp_dispute_row_format_wanted (solution);
  gtk_label_set_text (self->wanted_label, wanted != NULL ? wanted : "");
  gtk_widget_set_visible (GTK_WIDGET (self->wanted_label), wanted != NULL);
  update_accessible (self);
}
