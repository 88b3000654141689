/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-order-batch-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "rp-buyer-zone.h"
#include "rp-confirmation.h"
#include "rp-confirmation-pass.h"
#include "rp-order-batch-dialog.h"
#include "rp-order-confirm.h"
#include "rp-order-format.h"

/* Confirming many orders at once: each order is read with its items and address, and its
 * buyer gets the confirmation in their own language, filled from their own order.  An
 * order the template cannot be filled for (no address yet, say) is left out and says why;
 * the seller confirms it alone. */

typedef struct
{
  RpOrder   *summary;      /* from the list, without items */
  RpOrder   *order;        /* read with its details, NULL until then */
  char      *text;         /* the message, NULL when the order is left out */
  GtkWidget *row;
} Entry;

struct _RpOrderBatchDialog
{
  AdwWindow     parent_instance;

  RpContext    *context;
  RpStore      *store;
  GCancellable *cancellable;
  GPtrArray    *entries;
  guint         next;         /* the entry being read, then the one being sent */
  GTimeSpan     window;
  gint64        deadline;
  gboolean      loaded;
  gboolean      sending;
  guint         n_ready;
  guint         n_failed;

  GtkLabel     *intro_label;
  GtkListBox   *orders_list;
};

G_DEFINE_FINAL_TYPE (RpOrderBatchDialog, rp_order_batch_dialog, ADW_TYPE_WINDOW)

static void read_next (RpOrderBatchDialog *self);
static void send_next (RpOrderBatchDialog *self);

static void
entry_free (Entry *entry)
{
  g_clear_object (&entry->summary);
  g_clear_object (&entry->order);
  g_free (entry->text);
  g_free (entry);
}

static void
update_actions (RpOrderBatchDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.send",
                                 self->loaded && !self->sending && self->n_ready > 0);
}

static void
set_row_state (Entry      *entry,
               const char *text)
{
  adw_action_row_set_subtitle (ADW_ACTION_ROW (entry->row), text);
}

static void
prepare (RpOrderBatchDialog *self,
         Entry              *entry)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *language = rp_order_confirm_buyer_language (entry->order);
  g_autofree char *state = NULL;
  const char *country = entry->order->address.country != NULL ? entry->order->address.country
                                                              : entry->order->buyer_country;
  RpBuyerZone *zones = rp_buyer_zone_get_default ();
  char *text;

  /* Without tzdata (rp_buyer_zone_get_default() warns) the message names no buyer time. */
  if (zones != NULL && country != NULL)
    zone = rp_buyer_zone_lookup_time_zone (zones, country, entry->order->address.province,
                                           entry->order->address.city, NULL);

  text = rp_order_confirm_render (entry->order, language, self->window, self->deadline, zone,
                                  &error);
  if (text == NULL)
    {
      /* Translators: an order left out of a batch, with the reason */
      state = g_strdup_printf (_("Left out: %s"), error->message);
      set_row_state (entry, state);
      return;
    }

  if (rp_order_confirm_has_gap (text))
    {
      g_free (text);
      set_row_state (entry, _("Left out: the order lacks details the message needs; confirm it on its own"));
      return;
    }

  entry->text = text;
  self->n_ready++;
  if (rp_order_confirm_has_template (language))
    /* Translators: the language a buyer's confirmation is written in */
    state = g_strdup_printf (_("Ready, in the buyer’s language (%s)"), language);
  else
    /* Translators: %s is a language code the buyer speaks */
    state = g_strdup_printf (_("Ready, in English: no template in the buyer’s language (%s)"),
                             language);
  set_row_state (entry, state);
}

static void
order_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  RpOrderBatchDialog *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RpOrder) order = rp_store_get_order_finish (RP_STORE (object), result, &error);
  Entry *entry;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  entry = g_ptr_array_index (self->entries, self->next);
  if (order == NULL)
    set_row_state (entry, _("Left out: the order is no longer in the cache"));
  else
    {
      entry->order = g_steal_pointer (&order);
      prepare (self, entry);
    }

  self->next++;
  read_next (self);
}

static void
read_next (RpOrderBatchDialog *self)
{
  if (self->next < self->entries->len)
    {
      Entry *entry = g_ptr_array_index (self->entries, self->next);

      rp_store_get_order_async (self->store, entry->summary->account_id,
                                entry->summary->order_id, self->cancellable, order_read_cb, self);
      return;
    }

  self->loaded = TRUE;
  update_actions (self);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(RpOrderBatchDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  Entry *entry = g_ptr_array_index (self->entries, self->next);

  if (rp_order_confirm_send_finish (result, &error))
    set_row_state (entry, _("Queued: it goes out with the next send"));
  else
    {
      /* Translators: %s is the reason */
      g_autofree char *state = g_strdup_printf (_("Not queued: %s"), error->message);

      set_row_state (entry, state);
      self->n_failed++;
    }

  self->next++;
  send_next (self);
}

static void
send_next (RpOrderBatchDialog *self)
{
  while (self->next < self->entries->len)
    {
      Entry *entry = g_ptr_array_index (self->entries, self->next);

      if (entry->text != NULL)
        {
          rp_order_confirm_send_async (self->context, entry->order, entry->text, self->deadline,
                                       NULL, sent_cb, g_object_ref (self));
          return;
        }
      self->next++;
    }

  /* Every message is in the outbox: nothing is left to do here unless one failed. */
  if (self->n_failed == 0)
    gtk_window_destroy (GTK_WINDOW (self));
  else
    {
      self->sending = FALSE;
      self->n_ready = 0;
      update_actions (self);
    }
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RpOrderBatchDialog *self = RP_ORDER_BATCH_DIALOG (widget);

  if (!self->loaded || self->sending || self->n_ready == 0)
    return;

  self->sending = TRUE;
  self->next = 0;
  update_actions (self);
  send_next (self);
}

static void
rp_order_batch_dialog_dispose (GObject *object)
{
  RpOrderBatchDialog *self = (RpOrderBatchDialog *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RP_TYPE_ORDER_BATCH_DIALOG);
  g_clear_object (&self->context);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->entries, g_ptr_array_unref);

  G_OBJECT_CLASS (rp_order_batch_dialog_parent_class)->dispose (object);
}

static void
rp_order_batch_dialog_class_init (RpOrderBatchDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_order_batch_dialog_dispose;

  gtk_widget_class_install_action (widget_class, "batch.send", NULL, send_action);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/rp-order-batch-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RpOrderBatchDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, RpOrderBatchDialog, orders_list);
}

static void
rp_order_batch_dialog_init (RpOrderBatchDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify)entry_free);
}

/**
 * rp_order_batch_dialog_new:
 * @orders: (element-type RpOrder): the orders to confirm, as listed (at most
 *   %RP_ORDER_BATCH_MAX are taken)
 *
 * Returns: (transfer floating): a new dialog; present it over the window
 */
RpOrderBatchDialog *
rp_order_batch_dialog_new (RpContext *context,
                           GPtrArray *orders)
{
  RpOrderBatchDialog *self;
  g_autofree char *intro = NULL;
  guint n;

  g_return_val_if_fail (RP_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (orders != NULL, NULL);
  g_return_val_if_fail (rp_context_get_store (context) != NULL, NULL);

  self = g_object_new (RP_TYPE_ORDER_BATCH_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->store = g_object_ref (rp_context_get_store (context));
  self->window = rp_order_confirm_get_window (context);
  /* One window for the batch, on the marketplace's clock (orders of one store). */
  self->deadline = rp_confirmation_deadline (orders->len > 0
                                             ? rp_confirmation_pass_marketplace_now (self->store,
                                                                                     ((RpOrder *)g_ptr_array_index (orders, 0))->account_id)
                                             : g_get_real_time (),
                                             self->window);

  n = MIN (orders->len, RP_ORDER_BATCH_MAX);
  for (guint i = 0; i < n; i++)
    {
      RpOrder *summary = g_ptr_array_index (orders, i);
      Entry *entry = g_new0 (Entry, 1);
      g_autofree char *order_id = rp_order_format_plain (summary->order_id);
      g_autofree char *buyer = rp_order_format_buyer (summary);
      /* Translators: order number — buyer */
      g_autofree char *title = g_strdup_printf (_("%s — %s"), order_id, buyer);

      entry->summary = g_object_ref (summary);
      entry->row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (entry->row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry->row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (entry->row), _("Reading the order…"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (entry->row), FALSE);
      gtk_list_box_append (self->orders_list, entry->row);
      g_ptr_array_add (self->entries, entry);
    }

  {
    guint hours = (guint)(self->window / G_TIME_SPAN_HOUR);

    /* Translators: %u is the number of hours the buyer has to object */
    intro = g_strdup_printf (ngettext ("Each buyer gets the confirmation of their own order in their language, with %u hour to object.",
                                       "Each buyer gets the confirmation of their own order in their language, with %u hours to object.",
                                       hours), hours);
  }
  if (orders->len > n)
    {
      g_autofree char *taken = NULL;
      char *both;

      taken = g_strdup_printf (ngettext ("The first %u selected order is taken; confirm the others next.",
                                         "The first %u selected orders are taken; confirm the others next.",
                                         n), n);
      /* Translators: two sentences, one after the other */
      both = g_strdup_printf (_("%s %s"), intro, taken);
      g_free (intro);
      intro = both;
    }
  gtk_label_set_text (self->intro_label, intro);

  update_actions (self);
  read_next (self);

  return self;
}

/* How many confirmations are ready to send (once every order was read). */
guint
rp_order_batch_dialog_get_n_ready (RpOrderBatchDialog *self)
{
  g_return_val_if_fail (RP_IS_ORDER_BATCH_DIALOG (self), 0);

  return self->loaded ? self->n_ready : 0;
}
