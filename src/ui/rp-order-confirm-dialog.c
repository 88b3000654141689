/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-order-confirm-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "rp-conduct.h"
#include "rp-confirmation.h"
#include "rp-confirmation-pass.h"
#include "rp-country.h"
#include "rp-local-time.h"
#include "rp-order-confirm.h"
#include "rp-order-confirm-dialog.h"
#include "rp-template.h"

/* The Confirm order composer: the built-in confirmation in the buyer's language, filled
 * from the order, editable, checked against the platform's rules of conduct, then queued
 * in the outbox as an order message (with its local echo) while the order takes the
 * "waiting for the buyer" state and the end of the objection window. */

struct _RpOrderConfirmDialog
{
  AdwWindow      parent_instance;

  RpContext     *context;
  RpStore       *store;
  RpOrder       *order;
  GTimeZone     *buyer_zone;
  GStrv          languages;
  char          *wanted_language;   /* the buyer's, even without a template */
  GTimeSpan      window;
  gint64         deadline;
  gboolean       sending;

  GtkLabel      *intro_label;
  AdwComboRow   *language_row;
  GtkLabel      *fallback_label;
  GtkTextView   *text_view;
  GtkLabel      *gap_label;
  GtkLabel      *conduct_label;
  GtkLabel      *error_label;
  GtkTextTag    *conduct_tag;
};

G_DEFINE_FINAL_TYPE (RpOrderConfirmDialog, rp_order_confirm_dialog, ADW_TYPE_WINDOW)

/* Language names as their speakers write them: the seller picks the buyer's language. */
static const struct
{
  const char *code;
  const char *autonym;
} autonyms[] = {
  { "ar", "العربية" }, { "de", "Deutsch" }, { "en", "English" }, { "es", "Español" },
  { "fr", "Français" }, { "he", "עברית" }, { "it", "Italiano" }, { "ja", "日本語" },
  { "ko", "한국어" }, { "nl", "Nederlands" }, { "pl", "Polski" }, { "pt", "Português" },
  { "ru", "Русский" }, { "tr", "Türkçe" }, { "uk", "Українська" }, { "zh", "中文" },
};

static const char *
language_name (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (autonyms); i++)
    if (g_strcmp0 (autonyms[i].code, code) == 0)
      return autonyms[i].autonym;

  return code;
}

static gboolean
has_template (RpOrderConfirmDialog *self,
              const char           *language)
{
  return rp_order_confirm_has_template (language);
}

static void
update_actions (RpOrderConfirmDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  gboolean has_gap;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  /* A gap marker must never reach the buyer. */
  has_gap = rp_order_confirm_has_gap (text);
  gtk_widget_set_visible (GTK_WIDGET (self->gap_label), has_gap);

  g_strstrip (text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "confirm.send",
                                 !self->sending && !has_gap && *text != '\0');
}

static void
check_conduct (RpOrderConfirmDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autoptr(GArray) findings = NULL;
  g_autoptr(GString) explanations = g_string_new (NULL);
  guint seen = 0;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->conduct_tag, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  findings = rp_conduct_check (text, NULL);
  for (guint i = 0; findings != NULL && i < findings->len; i++)
    {
      const RpConductFinding *finding = &g_array_index (findings, RpConductFinding, i);
      GtkTextIter from, to;

      gtk_text_buffer_get_iter_at_offset (buffer, &from, (int)finding->start_char);
      gtk_text_buffer_get_iter_at_offset (buffer, &to, (int)finding->end_char);
      gtk_text_buffer_apply_tag (buffer, self->conduct_tag, &from, &to);

      /* One explanation per kind. */
      if ((seen & (1u << finding->kind)) != 0)
        continue;
      seen |= 1u << finding->kind;
      if (explanations->len > 0)
        g_string_append_c (explanations, '\n');
      g_string_append (explanations, finding->explanation);
    }

  gtk_label_set_text (self->conduct_label, explanations->str);
  gtk_widget_set_visible (GTK_WIDGET (self->conduct_label), explanations->len > 0);
}

static void
buffer_changed_cb (RpOrderConfirmDialog *self)
{
  check_conduct (self);
  update_actions (self);
}

static void
render (RpOrderConfirmDialog *self,
        const char           *language)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  text = rp_order_confirm_render (self->order, language, self->window, self->deadline,
                                  self->buyer_zone, &error);
  if (text == NULL)
    {
      /* The order's own text is what failed (invalid or huge): the seller writes it. */
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      text = g_strdup ("");
    }

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text, -1);
}

static void
language_changed_cb (RpOrderConfirmDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->language_row);
  const char *language;

  if (selected >= g_strv_length (self->languages))
    return;

  language = self->languages[selected];
  render (self, language);

  if (!has_template (self, self->wanted_language) && g_strcmp0 (language, "en") == 0)
    {
      g_autofree char *text = NULL;

      /* Translators: %s is a language name as its speakers write it */
      text = g_strdup_printf (_("There is no confirmation template in the buyer’s language (%s): "
                                "this one is in English."),
                              language_name (self->wanted_language));
      gtk_label_set_text (self->fallback_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->fallback_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->fallback_label), FALSE);
}

/* Sending ------------------------------------------------------------------------------ */

static void
send_failed (RpOrderConfirmDialog *self,
             const GError         *error)
{
  g_autofree char *text = NULL;

  /* Translators: %s is the reason */
  text = g_strdup_printf (_("The confirmation could not be queued: %s"), error->message);
  gtk_label_set_text (self->error_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  self->sending = FALSE;
  gtk_text_view_set_editable (self->text_view, TRUE);
  update_actions (self);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(RpOrderConfirmDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rp_order_confirm_send_finish (result, &error))
    {
      send_failed (self, error);
      return;
    }

  gtk_window_destroy (GTK_WINDOW (self));
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RpOrderConfirmDialog *self = RP_ORDER_CONFIRM_DIALOG (widget);
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (self->sending || self->store == NULL)
    return;

  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (self->text_view), &start, &end);
  text = gtk_text_buffer_get_text (gtk_text_view_get_buffer (self->text_view), &start, &end, FALSE);
  g_strstrip (text);
  if (*text == '\0' || rp_order_confirm_has_gap (text))
    return;

  self->sending = TRUE;
  gtk_text_view_set_editable (self->text_view, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  update_actions (self);

  rp_order_confirm_send_async (self->context, self->order, text, self->deadline, NULL,
                               sent_cb, g_object_ref (self));
}

static void
rp_order_confirm_dialog_dispose (GObject *object)
{
  RpOrderConfirmDialog *self = (RpOrderConfirmDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), RP_TYPE_ORDER_CONFIRM_DIALOG);
  g_clear_object (&self->context);
  g_clear_object (&self->store);
  g_clear_object (&self->order);
  g_clear_pointer (&self->buyer_zone, g_time_zone_unref);
  g_clear_pointer (&self->languages, g_strfreev);
  g_clear_pointer (&self->wanted_language, g_free);

  G_OBJECT_CLASS (rp_order_confirm_dialog_parent_class)->dispose (object);
}

static void
rp_order_confirm_dialog_class_init (RpOrderConfirmDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_order_confirm_dialog_dispose;

  gtk_widget_class_install_action (widget_class, "confirm.send", NULL, send_action);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/rp-order-confirm-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RpOrderConfirmDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, RpOrderConfirmDialog, language_row);
  gtk_widget_class_bind_template_child (widget_class, RpOrderConfirmDialog, fallback_label);
  gtk_widget_class_bind_template_child (widget_class, RpOrderConfirmDialog, text_view);
  gtk_widget_class_bind_template_child (widget_class, RpOrderConfirmDialog, gap_label);
  gtk_widget_class_bind_template_child (widget_class, RpOrderConfirmDialog, conduct_label);
  gtk_widget_class_bind_template_child (widget_class, RpOrderConfirmDialog, error_label);
}

static void
rp_order_confirm_dialog_init (RpOrderConfirmDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->conduct_tag = gtk_text_buffer_create_tag (gtk_text_view_get_buffer (self->text_view),
                                                  "conduct",
                                                  "underline", PANGO_UNDERLINE_ERROR,
                                                  NULL);
}

/**
 * rp_order_confirm_dialog_new:
 * @order: the order with its items and address
 * @buyer_zone: (nullable): the buyer's zone, for the end of the window in their time
 *
 * Returns: (transfer floating): a new composer; present it over the window
 */
RpOrderConfirmDialog *
rp_order_confirm_dialog_new (RpContext *context,
                             RpOrder   *order,
                             GTimeZone *buyer_zone)
{
  RpOrderConfirmDialog *self;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) languages = g_ptr_array_new ();
  g_autofree char *intro = NULL;
  g_autofree char *end_local = NULL;
  const char * const *available = rp_template_languages ();
  guint selected = 0;

  g_return_val_if_fail (RP_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (RP_IS_ORDER (order), NULL);
  g_return_val_if_fail (rp_context_get_store (context) != NULL, NULL);

  self = g_object_new (RP_TYPE_ORDER_CONFIRM_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->store = g_object_ref (rp_context_get_store (context));
  self->order = g_object_ref (order);
  self->buyer_zone = buyer_zone != NULL ? g_time_zone_ref (buyer_zone) : NULL;
  self->window = rp_order_confirm_get_window (context);
  self->deadline = rp_confirmation_deadline (rp_confirmation_pass_marketplace_now (self->store,
                                                                                    order->account_id),
                                             self->window);
  self->wanted_language = rp_order_confirm_buyer_language (order);

  for (guint i = 0; available[i] != NULL; i++)
    {
      g_ptr_array_add (languages, g_strdup (available[i]));
      gtk_string_list_append (names, language_name (available[i]));
    }
  g_ptr_array_add (languages, NULL);
  self->languages = (GStrv)g_ptr_array_free (g_steal_pointer (&languages), FALSE);

  /* The buyer's language, or English when there is no template in it. */
  for (guint i = 0; self->languages[i] != NULL; i++)
    if (g_strcmp0 (self->languages[i], has_template (self, self->wanted_language)
                                       ? self->wanted_language : "en") == 0)
      selected = i;

  if (self->buyer_zone != NULL)
    end_local = rp_local_time_format (self->deadline, self->buyer_zone);
  else
    {
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

      end_local = rp_local_time_format (self->deadline, utc);
    }
  {
    guint hours = (guint)(self->window / G_TIME_SPAN_HOUR);

    /* Translators: %1$u is the number of hours, %2$s the end of the window in the buyer's time */
    intro = g_strdup_printf (ngettext ("The buyer checks the products, the address and their "
                                       "note, and has %1$u hour to object (until %2$s, their "
                                       "time). Without an objection the order ships as shown.",
                                       "The buyer checks the products, the address and their "
                                       "note, and has %1$u hours to object (until %2$s, their "
                                       "time). Without an objection the order ships as shown.",
                                       hours),
                             hours, end_local);
  }
  gtk_label_set_text (self->intro_label, intro);

  adw_combo_row_set_model (self->language_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->language_row, selected);
  g_signal_connect_swapped (self->language_row, "notify::selected",
                            G_CALLBACK (language_changed_cb), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->text_view), "changed",
                            G_CALLBACK (buffer_changed_cb), self);
  language_changed_cb (self);

  return self;
}

const char *
rp_order_confirm_dialog_get_language (RpOrderConfirmDialog *self)
{
  guint selected;

  g_return_val_if_fail (RP_IS_ORDER_CONFIRM_DIALOG (self), NULL);

  selected = adw_combo_row_get_selected (self->language_row);
  return selected < g_strv_length (self->languages) ? self->languages[selected] : NULL;
}

/**
 * rp_order_confirm_dialog_get_text:
 *
 * Returns: (transfer full): the message as it stands
 */
char *
rp_order_confirm_dialog_get_text (RpOrderConfirmDialog *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (RP_IS_ORDER_CONFIRM_DIALOG (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

gint64
rp_order_confirm_dialog_get_deadline (RpOrderConfirmDialog *self)
{
  g_return_val_if_fail (RP_IS_ORDER_CONFIRM_DIALOG (self), 0);

  return self->deadline;
}
