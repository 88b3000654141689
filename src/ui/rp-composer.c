/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-composer"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rp-composer.h"
#include "rp-conduct.h"
#include "rp-message.h"
#include "rp-plain-text.h"

struct _RpComposer
{
  GtkWidget      parent_instance;

  guint          limit;
  /* The text the conduct warning was shown for: sending it again unchanged is the seller's
   * informed choice. */
  char          *warned_text;

  GtkRevealer   *warning_revealer;
  GtkLabel      *warning_label;
  GtkMenuButton *template_button;
  GtkTextView   *text_view;
  GtkButton     *send_button;
  GtkLabel      *count_label;
  GtkMenuButton *later_button;
  GtkBox        *scheduled_box;

  char          *send_later_text;
  GPtrArray     *scheduled_labels;   /* of char *, one per scheduled message shown */
};

G_DEFINE_FINAL_TYPE (RpComposer, rp_composer, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LIMIT,
  N_PROPS
};

enum {
  SEND,
  SEND_LATER,
  RESCHEDULE,
  CANCEL_SCHEDULED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

static void
update (RpComposer *self)
{
  g_autofree char *text = rp_composer_get_text (self);
  glong chars = g_utf8_strlen (text, -1);
  g_autofree char *count = NULL;
  gboolean over = chars > (glong) self->limit;

  /* TRANSLATORS: characters written of the marketplace's limit, e.g. "120 / 2000" */
  count = g_strdup_printf (_("%ld / %u"), chars, self->limit);
  gtk_label_set_text (self->count_label, count);
  if (over)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->count_label), "dim-label");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->count_label),
                                   _("Too long for the marketplace: shorten the message"));
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->count_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "dim-label");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->count_label), NULL);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.send",
                                 gtk_widget_is_sensitive (GTK_WIDGET (self)) &&
                                 !over && !is_blank (text));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.send-later",
                                 gtk_widget_is_sensitive (GTK_WIDGET (self)) &&
                                 self->send_later_text != NULL && !over && !is_blank (text));

  if (self->warned_text != NULL && g_strcmp0 (self->warned_text, text) != 0)
    {
      g_clear_pointer (&self->warned_text, g_free);
      gtk_revealer_set_reveal_child (self->warning_revealer, FALSE);
    }
}

static void
buffer_changed_cb (RpComposer    *self,
                   GtkTextBuffer *buffer)
{
  update (self);
}

static void
sensitive_changed_cb (RpComposer *self)
{
  update (self);
}

/* Whether @text may go now: within the limit, not blank, and either not flagged by the
 * conduct check or flagged and sent again unchanged.  Shows the warning otherwise. */
static gboolean
ready_to_send (RpComposer *self,
               const char *text)
{
  g_autoptr(GArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) why = NULL;

  if (is_blank (text) || g_utf8_strlen (text, -1) > (glong) self->limit)
    return FALSE;

  findings = rp_conduct_check (text, &error);
  if (findings == NULL)
    {
      g_warning ("Conduct check failed: %s", error->message);
      return FALSE;
    }

  if (findings->len > 0 && g_strcmp0 (self->warned_text, text) != 0)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
      GtkTextIter start, end;

      why = g_string_new (_("The marketplace may penalise this message:"));
      for (guint i = 0; i < findings->len; i++)
        {
          const RpConductFinding *f = &g_array_index (findings, RpConductFinding, i);

          if (strstr (why->str, f->explanation) == NULL)
            g_string_append_printf (why, "\n• %s", f->explanation);
        }
      g_string_append_printf (why, "\n%s", _("Change it, or send it again to send it as it is."));

      gtk_label_set_text (self->warning_label, why->str);
      gtk_revealer_set_reveal_child (self->warning_revealer, TRUE);
      g_free (self->warned_text);
      self->warned_text = g_strdup (text);

      /* Select the first flagged words so the seller sees what is meant. */
      {
        const RpConductFinding *f = &g_array_index (findings, RpConductFinding, 0);

        gtk_text_buffer_get_iter_at_offset (buffer, &start, f->start_char);
        gtk_text_buffer_get_iter_at_offset (buffer, &end, f->end_char);
        gtk_text_buffer_select_range (buffer, &start, &end);
      }
      gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
      return FALSE;
    }

  g_clear_pointer (&self->warned_text, g_free);
  gtk_revealer_set_reveal_child (self->warning_revealer, FALSE);

  return TRUE;
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  RpComposer *self = RP_COMPOSER (widget);
  g_autofree char *text = rp_composer_get_text (self);

  if (ready_to_send (self, text))
    g_signal_emit (self, signals[SEND], 0, text);
}

static void
send_later_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  RpComposer *self = RP_COMPOSER (widget);
  g_autofree char *text = rp_composer_get_text (self);

  if (self->send_later_text == NULL)
    return;

  gtk_menu_button_popdown (self->later_button);
  if (ready_to_send (self, text))
    g_signal_emit (self, signals[SEND_LATER], 0, text);
}

static void
send_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  g_signal_emit (widget, signals[RESCHEDULE], 0, g_variant_get_int64 (param), (gint64) 0);
}

static void
cancel_scheduled_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  g_signal_emit (widget, signals[CANCEL_SCHEDULED], 0, g_variant_get_int64 (param));
}

static void
rp_composer_dispose (GObject *object)
{
  RpComposer *self = (RpComposer *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), RP_TYPE_COMPOSER);
  /* The template's top box has no id, so the template does not unparent it. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (rp_composer_parent_class)->dispose (object);
}

static void
rp_composer_finalize (GObject *object)
{
  RpComposer *self = (RpComposer *)object;

  g_free (self->warned_text);
  g_free (self->send_later_text);
  g_clear_pointer (&self->scheduled_labels, g_ptr_array_unref);

  G_OBJECT_CLASS (rp_composer_parent_class)->finalize (object);
}

static void
rp_composer_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  RpComposer *self = RP_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_LIMIT:
      g_value_set_uint (value, self->limit);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_composer_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  RpComposer *self = RP_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_LIMIT:
      rp_composer_set_limit (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_composer_class_init (RpComposerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_composer_dispose;
  object_class->finalize = rp_composer_finalize;
  object_class->get_property = rp_composer_get_property;
  object_class->set_property = rp_composer_set_property;

  properties[PROP_LIMIT] =
    g_param_spec_uint ("limit", NULL, NULL,
                       1, G_MAXUINT, RP_COMPOSER_DEFAULT_LIMIT,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RpComposer::send:
   * @text: what to send, within the limit and not blank
   *
   * The seller asked to send; whoever handles it clears the composer once the message is
   * safely queued.
   */
  signals[SEND] =
    g_signal_new ("send",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * RpComposer::send-later:
   * @text: what to send, as for RpComposer::send
   *
   * The seller asked to send when the buyer is likely online.
   */
  signals[SEND_LATER] =
    g_signal_new ("send-later",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * RpComposer::reschedule:
   * @outbox_id: the scheduled item
   * @when: the new time (UTC µs), or 0 to send it now
   */
  signals[RESCHEDULE] =
    g_signal_new ("reschedule",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);

  /**
   * RpComposer::cancel-scheduled:
   * @outbox_id: the scheduled item the seller no longer wants sent
   */
  signals[CANCEL_SCHEDULED] =
    g_signal_new ("cancel-scheduled",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/rp-composer.ui");
  gtk_widget_class_bind_template_child (widget_class, RpComposer, warning_revealer);
  gtk_widget_class_bind_template_child (widget_class, RpComposer, warning_label);
  gtk_widget_class_bind_template_child (widget_class, RpComposer, template_button);
  gtk_widget_class_bind_template_child (widget_class, RpComposer, text_view);
  gtk_widget_class_bind_template_child (widget_class, RpComposer, send_button);
  gtk_widget_class_bind_template_child (widget_class, RpComposer, count_label);
  gtk_widget_class_bind_template_child (widget_class, RpComposer, later_button);
  gtk_widget_class_bind_template_child (widget_class, RpComposer, scheduled_box);

  gtk_widget_class_install_action (widget_class, "composer.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "composer.send-later", NULL, send_later_action);
  gtk_widget_class_install_action (widget_class, "composer.send-now", "x", send_now_action);
  gtk_widget_class_install_action (widget_class, "composer.cancel-scheduled", "x",
                                   cancel_scheduled_action);
}

static void
rp_composer_init (RpComposer *self)
{
  GtkEventController *shortcuts;

  self->limit = RP_COMPOSER_DEFAULT_LIMIT;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* In the capture phase: the text view would otherwise take Ctrl+Enter as a new line. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return|<Control>KP_Enter"),
                                                          gtk_named_action_new ("composer.send")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control><Shift>Return|<Control><Shift>KP_Enter"),
                                                          gtk_named_action_new ("composer.send-later")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  self->scheduled_labels = g_ptr_array_new_with_free_func (g_free);

  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (buffer_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::sensitive", G_CALLBACK (sensitive_changed_cb), NULL);
  update (self);
}

GtkWidget *
rp_composer_new (void)
{
  return g_object_new (RP_TYPE_COMPOSER, NULL);
}

char *
rp_composer_get_text (RpComposer *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (RP_IS_COMPOSER (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
rp_composer_set_text (RpComposer *self,
                      const char *text)
{
  g_return_if_fail (RP_IS_COMPOSER (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view),
                            text != NULL ? text : "", -1);
  g_clear_pointer (&self->warned_text, g_free);
  gtk_revealer_set_reveal_child (self->warning_revealer, FALSE);
}

/**
 * rp_composer_get_buffer:
 *
 * Returns: (transfer none): the buffer being written
 */
GtkTextBuffer *
rp_composer_get_buffer (RpComposer *self)
{
  g_return_val_if_fail (RP_IS_COMPOSER (self), NULL);

  return gtk_text_view_get_buffer (self->text_view);
}

guint
rp_composer_get_limit (RpComposer *self)
{
  g_return_val_if_fail (RP_IS_COMPOSER (self), 0);

  return self->limit;
}

void
rp_composer_set_limit (RpComposer *self,
                       guint       limit)
{
  g_return_if_fail (RP_IS_COMPOSER (self));
  g_return_if_fail (limit > 0);

  if (self->limit == limit)
    return;

  self->limit = limit;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIMIT]);
}

gboolean
rp_composer_get_warning_shown (RpComposer *self)
{
  g_return_val_if_fail (RP_IS_COMPOSER (self), FALSE);

  return gtk_revealer_get_reveal_child (self->warning_revealer);
}

/* Shows a menu of templates beside the text (NULL hides it); its actions are the caller's. */
void
rp_composer_set_templates (RpComposer *self,
                           GMenuModel *menu)
{
  g_return_if_fail (RP_IS_COMPOSER (self));
  g_return_if_fail (menu == NULL || G_IS_MENU_MODEL (menu));

  gtk_menu_button_set_menu_model (self->template_button, menu);
  gtk_widget_set_visible (GTK_WIDGET (self->template_button), menu != NULL);
}

/* Puts @text in: in place of blank text, else at the cursor. */
void
rp_composer_insert (RpComposer *self,
                    const char *text)
{
  g_autofree char *current = NULL;

  g_return_if_fail (RP_IS_COMPOSER (self));
  g_return_if_fail (text != NULL);

  current = rp_composer_get_text (self);
  if (is_blank (current))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text, -1);
  else
    gtk_text_buffer_insert_at_cursor (gtk_text_view_get_buffer (self->text_view), text, -1);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

/* Sending later ----------------------------------------------------------------------- */

void
rp_composer_set_send_later (RpComposer *self,
                            const char *when_text)
{
  g_autoptr(GMenu) menu = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (RP_IS_COMPOSER (self));

  if (g_strcmp0 (self->send_later_text, when_text) == 0)
    return;

  g_free (self->send_later_text);
  self->send_later_text = g_strdup (when_text);
  gtk_widget_set_visible (GTK_WIDGET (self->later_button), when_text != NULL);

  if (when_text != NULL)
    {
      menu = g_menu_new ();
      /* TRANSLATORS: the send-later menu item; %s is when, on both clocks, e.g.
       * "19:05 (their time 12:05)" */
      label = g_strdup_printf (_("Send When the Buyer Is Likely Online: %s"), when_text);
      g_menu_append (menu, label, "composer.send-later");
    }
  gtk_menu_button_set_menu_model (self->later_button, menu != NULL ? G_MENU_MODEL (menu) : NULL);
  update (self);
}

static char *
format_moment (gint64     when,
               gint64     now,
               GTimeZone *zone)
{
  g_autoptr(GDateTime) a = g_date_time_new_from_unix_utc (when / G_USEC_PER_SEC);
  g_autoptr(GDateTime) b = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  g_autoptr(GDateTime) la = NULL;
  g_autoptr(GDateTime) lb = NULL;

  if (a == NULL || b == NULL)
    return g_strdup ("--:--");
  la = g_date_time_to_timezone (a, zone);
  lb = g_date_time_to_timezone (b, zone);
  if (g_date_time_get_year (la) == g_date_time_get_year (lb) &&
      g_date_time_get_day_of_year (la) == g_date_time_get_day_of_year (lb))
    return g_date_time_format (la, "%H:%M");

  /* TRANSLATORS: a weekday and time within the next days, see strftime */
  return g_date_time_format (la, _("%a %H:%M"));
}

char *
rp_composer_format_scheduled (gint64     when,
                              gint64     now,
                              GTimeZone *seller_zone,
                              GTimeZone *buyer_zone)
{
  g_autofree char *yours = NULL;
  g_autofree char *theirs = NULL;

  g_return_val_if_fail (seller_zone != NULL, NULL);

  yours = format_moment (when, now, seller_zone);
  if (buyer_zone == NULL)
    /* TRANSLATORS: when a scheduled message goes, on the seller's clock */
    return g_strdup_printf (_("Scheduled for %s"), yours);

  theirs = format_moment (when, now, buyer_zone);
  /* TRANSLATORS: when a scheduled message goes, on the seller's clock and the buyer's */
  return g_strdup_printf (_("Scheduled for %s (their time %s)"), yours, theirs);
}

gint64
rp_composer_next_clock_time (GTimeZone *zone,
                             gint64     now,
                             int        hour,
                             int        minute)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (zone != NULL, now);
  g_return_val_if_fail (utc != NULL, now);

  local = g_date_time_to_timezone (utc, zone);
  for (int day = 0; day < 3; day++)
    {
      g_autoptr(GDateTime) date = g_date_time_add_days (local, day);
      g_autoptr(GDateTime) at = g_date_time_new (zone, g_date_time_get_year (date),
                                                 g_date_time_get_month (date),
                                                 g_date_time_get_day_of_month (date),
                                                 CLAMP (hour, 0, 23), CLAMP (minute, 0, 59), 0);
      gint64 candidate;

      if (at == NULL)
        continue;
      candidate = g_date_time_to_unix (at) * G_USEC_PER_SEC;
      if (candidate > now)
        return candidate;
    }

  return now;
}

static void
reschedule_clicked_cb (GtkButton  *button,
                       RpComposer *self)
{
  GtkSpinButton *hour = g_object_get_data (G_OBJECT (button), "hour");
  GtkSpinButton *minute = g_object_get_data (G_OBJECT (button), "minute");
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "outbox-id"));
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_POPOVER);
  gint64 when;

  when = rp_composer_next_clock_time (local, g_get_real_time (),
                                      gtk_spin_button_get_value_as_int (hour),
                                      gtk_spin_button_get_value_as_int (minute));
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
  g_signal_emit (self, signals[RESCHEDULE], 0, id, when);
}

static GtkWidget *
spin (int         max,
      int         step,
      int         value,
      const char *name)
{
  GtkWidget *button = gtk_spin_button_new_with_range (0, max, step);

  gtk_spin_button_set_wrap (GTK_SPIN_BUTTON (button), TRUE);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (button), TRUE);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (button), GTK_ORIENTATION_VERTICAL);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (button), value);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);

  return button;
}

static GtkWidget *
scheduled_row (RpComposer *self,
               RpMessage  *echo,
               const char *label_text)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (echo->sent_at / G_USEC_PER_SEC);
  g_autoptr(GDateTime) at = utc != NULL ? g_date_time_to_timezone (utc, local) : NULL;
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *popover_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *time_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *edit = gtk_menu_button_new ();
  GtkWidget *label, *hour, *minute, *button;

  label = gtk_image_new_from_icon_name ("alarm-symbolic");
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (row), label);

  /* The seller's own text, but shown as text all the same. */
  label = gtk_label_new (label_text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (label), 2);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (row), label);

  gtk_widget_set_margin_start (popover_box, 6);
  gtk_widget_set_margin_end (popover_box, 6);
  gtk_widget_set_margin_top (popover_box, 6);
  gtk_widget_set_margin_bottom (popover_box, 6);
  label = gtk_label_new (_("Send at, your time"));
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (popover_box), label);

  hour = spin (23, 1, at != NULL ? g_date_time_get_hour (at) : 9, _("Hour"));
  minute = spin (59, 5, at != NULL ? g_date_time_get_minute (at) : 0, _("Minute"));
  gtk_widget_set_halign (time_box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (time_box), hour);
  gtk_box_append (GTK_BOX (time_box), gtk_label_new (":"));
  gtk_box_append (GTK_BOX (time_box), minute);
  gtk_box_append (GTK_BOX (popover_box), time_box);

  button = gtk_button_new_with_mnemonic (_("_Reschedule"));
  gtk_widget_add_css_class (button, "suggested-action");
  g_object_set_data (G_OBJECT (button), "hour", hour);
  g_object_set_data (G_OBJECT (button), "minute", minute);
  g_object_set_data (G_OBJECT (button), "outbox-id", GSIZE_TO_POINTER ((gsize) echo->outbox_id));
  g_signal_connect (button, "clicked", G_CALLBACK (reschedule_clicked_cb), self);
  gtk_box_append (GTK_BOX (popover_box), button);

  gtk_box_append (GTK_BOX (popover_box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));

  button = gtk_button_new_with_mnemonic (_("Send _Now"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "composer.send-now");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", echo->outbox_id);
  gtk_box_append (GTK_BOX (popover_box), button);

  button = gtk_button_new_with_mnemonic (_("_Cancel Message"));
  gtk_widget_add_css_class (button, "destructive-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "composer.cancel-scheduled");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", echo->outbox_id);
  gtk_box_append (GTK_BOX (popover_box), button);

  gtk_popover_set_child (GTK_POPOVER (popover), popover_box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (edit), popover);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (edit), "document-edit-symbolic");
  gtk_menu_button_set_direction (GTK_MENU_BUTTON (edit), GTK_ARROW_UP);
  gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (edit, "flat");
  gtk_widget_set_tooltip_text (edit, _("Change Time, Send Now or Cancel"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (edit), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Change the Scheduled Message"), -1);
  gtk_box_append (GTK_BOX (row), edit);

  return row;
}

void
rp_composer_set_scheduled (RpComposer *self,
                           GPtrArray  *echoes,
                           GTimeZone  *buyer_zone)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  gint64 now = g_get_real_time ();

  g_return_if_fail (RP_IS_COMPOSER (self));

  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self->scheduled_box))) != NULL;)
    gtk_box_remove (self->scheduled_box, child);
  g_ptr_array_set_size (self->scheduled_labels, 0);

  for (guint i = 0; echoes != NULL && i < echoes->len; i++)
    {
      RpMessage *echo = g_ptr_array_index (echoes, i);
      g_autofree char *when = rp_composer_format_scheduled (echo->sent_at, now, local, buyer_zone);
      g_autofree char *preview = rp_plain_text_preview (echo->content != NULL ? echo->content : "", 80);
      /* TRANSLATORS: a scheduled message: when it goes, then the start of its text */
      char *text = g_strdup_printf (_("%s: “%s”"), when, preview);

      g_ptr_array_add (self->scheduled_labels, text);
      gtk_box_append (self->scheduled_box, scheduled_row (self, echo, text));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->scheduled_box), self->scheduled_labels->len > 0);
}

guint
rp_composer_get_n_scheduled (RpComposer *self)
{
  g_return_val_if_fail (RP_IS_COMPOSER (self), 0);

  return self->scheduled_labels->len;
}

const char *
rp_composer_get_scheduled_label (RpComposer *self,
                                 guint       index)
{
  g_return_val_if_fail (RP_IS_COMPOSER (self), NULL);
  g_return_val_if_fail (index < self->scheduled_labels->len, NULL);

  return g_ptr_array_index (self->scheduled_labels, index);
}
