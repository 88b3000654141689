/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-composer"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rp-composer.h"
#include "rp-conduct.h"

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
};

G_DEFINE_FINAL_TYPE (RpComposer, rp_composer, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LIMIT,
  N_PROPS
};

enum {
  SEND,
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

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  RpComposer *self = RP_COMPOSER (widget);
  g_autofree char *text = rp_composer_get_text (self);
  g_autoptr(GArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) why = NULL;

  if (is_blank (text) || g_utf8_strlen (text, -1) > (glong) self->limit)
    return;

  findings = rp_conduct_check (text, &error);
  if (findings == NULL)
    {
      g_warning ("Conduct check failed: %s", error->message);
      return;
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
      self->warned_text = g_steal_pointer (&text);

      /* Select the first flagged words so the seller sees what is meant. */
      {
        const RpConductFinding *f = &g_array_index (findings, RpConductFinding, 0);

        gtk_text_buffer_get_iter_at_offset (buffer, &start, f->start_char);
        gtk_text_buffer_get_iter_at_offset (buffer, &end, f->end_char);
        gtk_text_buffer_select_range (buffer, &start, &end);
      }
      gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
      return;
    }

  g_clear_pointer (&self->warned_text, g_free);
  gtk_revealer_set_reveal_child (self->warning_revealer, FALSE);
  g_signal_emit (self, signals[SEND], 0, text);
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

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/rp-composer.ui");
  gtk_widget_class_bind_template_child (widget_class, RpComposer, warning_revealer);
  gtk_widget_class_bind_template_child (widget_class, RpComposer, warning_label);
  gtk_widget_class_bind_template_child (widget_class, RpComposer, template_button);
  gtk_widget_class_bind_template_child (widget_class, RpComposer, text_view);
  gtk_widget_class_bind_template_child (widget_class, RpComposer, send_button);
  gtk_widget_class_bind_template_child (widget_class, RpComposer, count_label);

  gtk_widget_class_install_action (widget_class, "composer.send", NULL, send_action);
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
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

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
