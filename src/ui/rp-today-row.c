/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-today-row"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rp-dispute-clock.h"
#include "rp-local-time.h"
#include "rp-today-row.h"

/* The Today row: what to do, why, how urgent, when it is due and the buyer's clock. */
struct _RpTodayRow
{
  GtkWidget    parent_instance;

  RpTodayItem *item;

  GtkWidget   *box;
  GtkImage    *icon;
  GtkLabel    *title_label;
  GtkLabel    *why_label;
  GtkLabel    *urgency_label;
  GtkLabel    *online_label;
  GtkLabel    *due_label;
  GtkLabel    *buyer_time_label;
  GtkLabel    *store_label;
};

G_DEFINE_FINAL_TYPE (RpTodayRow, rp_today_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Titles carry buyer names: plain text, and without the control characters and bidi
 * overrides that could reorder what the seller reads. */
static char *
sanitize (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (g_unichar_iscntrl (ch) ||
          (ch >= 0x202A && ch <= 0x202E) || (ch >= 0x2066 && ch <= 0x2069) ||
          ch == 0x200E || ch == 0x200F || ch == 0x061C)
        continue;
      g_string_append_unichar (out, ch);
    }

  return g_string_free (out, FALSE);
}

static const char *
icon_for_kind (RpTaskKind kind)
{
  switch (kind)
    {
    case RP_TASK_CONFIRM_ORDER:
      return "mail-send-symbolic";
    case RP_TASK_REVIEW_REPLY:
      return "mail-unread-symbolic";
    case RP_TASK_READY_TO_SHIP:
      return "package-x-generic-symbolic";
    case RP_TASK_DISPUTE_DEADLINE:
      return "dialog-warning-symbolic";
    case RP_TASK_PARCEL_PROBLEM:
      return "find-location-symbolic";
    case RP_TASK_BUYER_ONLINE:
      return "user-available-symbolic";
    case RP_TASK_UNANSWERED_MESSAGE:
    default:
      return "mail-reply-sender-symbolic";
    }
}

static void
set_urgency (RpTodayRow *self,
             guint       urgency)
{
  GtkWidget *label = GTK_WIDGET (self->urgency_label);

  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "warning");
  gtk_widget_remove_css_class (label, "dim-label");

  /* The anchors of the rules' scale: from 85 a platform deadline is a day or two away
   * or passed (a dispute, a parcel the platform is about to call a false shipment). */
  if (urgency >= 85)
    {
      gtk_label_set_text (self->urgency_label, _("Urgent"));
      gtk_widget_add_css_class (label, "error");
    }
  else if (urgency >= 60)
    {
      gtk_label_set_text (self->urgency_label, _("Soon"));
      gtk_widget_add_css_class (label, "warning");
    }
  else
    {
      gtk_label_set_text (self->urgency_label, _("When you can"));
      gtk_widget_add_css_class (label, "dim-label");
    }
}

static char *
format_due (gint64 due,
            gint64 now)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autofree char *when = NULL;
  g_autofree char *left = NULL;

  if (due <= 0)
    return NULL;

  when = rp_local_time_format (due, local);
  left = rp_dispute_clock_format_left (rp_dispute_clock_time_left (due, now));

  /* Translators: the first %s is a date and time, the second what is left, e.g. "in 1 d 3 h"
   * or "overdue by 2 h". */
  return g_strdup_printf (_("Due %s · %s"), when, left);
}

static void
update (RpTodayRow *self)
{
  const RpTask *task;
  g_autofree char *title = NULL;
  g_autofree char *why = NULL;
  g_autofree char *due = NULL;
  g_autofree char *buyer_time = NULL;
  g_autofree char *accessible = NULL;
  gint64 now = g_get_real_time ();

  if (self->item == NULL)
    return;

  task = rp_today_item_get_task (self->item);
  title = sanitize (task->title);
  why = sanitize (task->why);
  due = format_due (task->due, now);
  buyer_time = rp_today_item_format_buyer_time (self->item, now);

  gtk_image_set_from_icon_name (self->icon, icon_for_kind (task->kind));
  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->why_label, why);
  set_urgency (self, task->urgency);
  gtk_widget_set_visible (GTK_WIDGET (self->online_label), task->buyer_online);

  gtk_label_set_text (self->due_label, due != NULL ? due : "");
  gtk_widget_set_visible (GTK_WIDGET (self->due_label), due != NULL);
  gtk_label_set_text (self->buyer_time_label, buyer_time != NULL ? buyer_time : "");
  gtk_widget_set_visible (GTK_WIDGET (self->buyer_time_label), buyer_time != NULL);

  if (rp_today_item_get_store_name (self->item) != NULL)
    {
      g_autofree char *name = sanitize (rp_today_item_get_store_name (self->item));
      /* Translators: %s is the name of one of the seller's stores. */
      g_autofree char *store = g_strdup_printf (_("Store: %s"), name);

      gtk_label_set_text (self->store_label, store);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->store_label),
                          rp_today_item_get_store_name (self->item) != NULL);

  /* One sentence for screen readers: the row is what gets focus in the list. */
  accessible = g_strdup_printf ("%s. %s%s%s %s", title, gtk_label_get_text (self->urgency_label),
                                task->buyer_online ? ", " : "",
                                task->buyer_online ? gtk_label_get_text (self->online_label) : "",
                                why);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
rp_today_row_dispose (GObject *object)
{
  RpTodayRow *self = (RpTodayRow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), RP_TYPE_TODAY_ROW);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (rp_today_row_parent_class)->dispose (object);
}

static void
rp_today_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  RpTodayRow *self = RP_TODAY_ROW (object);

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
rp_today_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  RpTodayRow *self = RP_TODAY_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      rp_today_row_set_item (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_today_row_class_init (RpTodayRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_today_row_dispose;
  object_class->get_property = rp_today_row_get_property;
  object_class->set_property = rp_today_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL,
                         RP_TYPE_TODAY_ITEM,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/rp-today-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RpTodayRow, box);
  gtk_widget_class_bind_template_child (widget_class, RpTodayRow, icon);
  gtk_widget_class_bind_template_child (widget_class, RpTodayRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, RpTodayRow, why_label);
  gtk_widget_class_bind_template_child (widget_class, RpTodayRow, urgency_label);
  gtk_widget_class_bind_template_child (widget_class, RpTodayRow, online_label);
  gtk_widget_class_bind_template_child (widget_class, RpTodayRow, due_label);
  gtk_widget_class_bind_template_child (widget_class, RpTodayRow, buyer_time_label);
  gtk_widget_class_bind_template_child (widget_class, RpTodayRow, store_label);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
rp_today_row_init (RpTodayRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
rp_today_row_new (void)
{
  return g_object_new (RP_TYPE_TODAY_ROW, NULL);
}

/**
 * rp_today_row_get_item:
 *
 * Returns: (transfer none) (nullable): the item shown
 */
RpTodayItem *
rp_today_row_get_item (RpTodayRow *self)
{
  g_return_val_if_fail (RP_IS_TODAY_ROW (self), NULL);

  return self->item;
}

void
rp_today_row_set_item (RpTodayRow  *self,
                       RpTodayItem *item)
{
  g_return_if_fail (RP_IS_TODAY_ROW (self));
  g_return_if_fail (item == NULL || RP_IS_TODAY_ITEM (item));

  if (!g_set_object (&self->item, item))
    return;

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}
