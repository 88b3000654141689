/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-order-detail"

#include "config.h"

#include <glib/gi18n.h>

#include "rp-buyer-zone.h"
#include "rp-confirmation.h"
#include "rp-confirmation-pass.h"
#include "rp-country.h"
#include "rp-evidence-dialog.h"
#include "rp-local-time.h"
#include "rp-order-confirm-dialog.h"
#include "rp-order-detail.h"
#include "rp-order-format.h"
#include "rp-order-ship-dialog.h"
#include "rp-template.h"

/* One order with its items, address, note, timeline and messages, read from the cache;
 * it follows the cache's changes.  It also moves the confirmation along DESIGN §6 when
 * what it reads says so: a buyer reply after the confirmation flags the order for review,
 * a window that closed quietly makes it ready to ship. */

#define RELOAD_DELAY_MS 150

struct _RpOrderDetail
{
  GtkWidget      parent_instance;

  RpContext     *context;
  RpStore       *store;
  GCancellable  *cancellable;
  gint64         account_id;
  char          *order_id;
  RpOrder       *order;
  GPtrArray     *messages;
  guint          reload_source;
  guint          deadline_source;

  GtkStack      *stack;
  GtkScrolledWindow *scroller;
  GtkLabel      *title_label;
  GtkLabel      *subtitle_label;
  GtkLabel      *buyer_label;
  GtkLabel      *buyer_time_label;
  AdwActionRow  *confirmation_row;
  GtkWidget     *reply_card;
  GtkWidget     *reviewed_button;
  GtkWidget     *confirm_button;
  GtkLabel      *reply_label;
  GtkWidget     *ship_group;
  AdwActionRow  *ship_row;
  GtkWidget     *note_group;
  GtkLabel      *note_label;
  GtkListBox    *items_list;
  GtkLabel      *address_label;
  GtkListBox    *timeline_list;
  GtkBox        *messages_box;
};

G_DEFINE_FINAL_TYPE (RpOrderDetail, rp_order_detail, GTK_TYPE_WIDGET)

static void load (RpOrderDetail *self);

static GTimeZone *
buyer_zone (RpOrderDetail *self,
            RpOrder       *order)
{
  const char *country = order->address.country != NULL ? order->address.country : order->buyer_country;
  RpBuyerZone *zones = rp_buyer_zone_get_default ();

  /* Without tzdata (rp_buyer_zone_get_default() warns) no buyer time is shown. */
  if (country == NULL || zones == NULL)
    return NULL;

  return rp_buyer_zone_lookup_time_zone (zones, country, order->address.province,
                                         order->address.city, NULL);
}

static void
update_actions (RpOrderDetail *self)
{
  RpOrder *order = self->order;
  gboolean can_confirm = FALSE;

  /* Confirming makes sense while the order waits to be shipped; again after a reply,
   * when something changed. */
  if (order != NULL && order->status == RP_ORDER_STATUS_TO_SHIP)
    can_confirm = order->confirmation == RP_CONFIRMATION_NONE ||
                  order->confirmation == RP_CONFIRMATION_NEEDS_REVIEW;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.confirm", can_confirm);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.mark-reviewed",
                                 order != NULL && order->confirmation == RP_CONFIRMATION_NEEDS_REVIEW);
  /* Buttons that cannot apply to this order are not shown at all. */
  gtk_widget_set_visible (self->reviewed_button,
                          order != NULL && order->confirmation == RP_CONFIRMATION_NEEDS_REVIEW);
  gtk_widget_set_visible (self->confirm_button, can_confirm);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.ship",
                                 order != NULL && order->status == RP_ORDER_STATUS_TO_SHIP);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
plain_row (const char *title,
           const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  /* Product titles and buyer text are never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  return row;
}

static void
add_timeline_row (RpOrderDetail *self,
                  const char    *what,
                  gint64         when)
{
  g_autofree char *time = NULL;
  GtkWidget *row;
  GtkWidget *label;

  if (when <= 0)
    return;

  time = rp_order_format_local_time (when);
  row = plain_row (what, NULL);
  label = gtk_label_new (time);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_list_box_append (self->timeline_list, row);
}

static GtkWidget *
message_widget (RpMessage *message)
{
  g_autofree char *content = rp_order_format_plain (message->content);
  g_autofree char *sender = rp_order_format_plain (message->is_own ? _("You")
                                                   : message->sender_name != NULL
                                                   ? message->sender_name
                                                   : message->sender_login_id);
  g_autofree char *time = rp_order_format_local_time (message->sent_at);
  g_autofree char *meta = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *label;

  if (message->outbox_id > 0 && rp_outbox_state_is_pending (message->outbox_state))
    /* Translators: a message of the seller's not sent yet: "You · 2026-11-29 10:00 · Sending…" */
    meta = g_strdup_printf (_("%s · %s · Sending…"), sender, time);
  else
    meta = g_strdup_printf ("%s · %s", sender, time);

  label = gtk_label_new (meta);
  gtk_label_set_xalign (GTK_LABEL (label), message->is_own ? 1.0f : 0.0f);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  label = gtk_label_new (content);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 8);
  gtk_widget_set_margin_bottom (label, 8);

  {
    GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

    gtk_widget_add_css_class (card, "card");
    gtk_box_append (GTK_BOX (card), label);
    /* The seller's own messages sit to the right, as in a chat. */
    gtk_widget_set_halign (card, message->is_own ? GTK_ALIGN_END : GTK_ALIGN_START);
    gtk_widget_set_margin_start (card, message->is_own ? 48 : 0);
    gtk_widget_set_margin_end (card, message->is_own ? 0 : 48);
    gtk_box_append (GTK_BOX (box), card);
  }

  return box;
}

static RpMessage *
latest_buyer_reply (RpOrderDetail *self)
{
  if (self->messages == NULL)
    return NULL;

  for (guint i = self->messages->len; i > 0; i--)
    {
      RpMessage *message = g_ptr_array_index (self->messages, i - 1);

      if (!message->is_own)
        return message;
    }

  return NULL;
}

static void
show_confirmation (RpOrderDetail *self)
{
  RpOrder *order = self->order;
  g_autofree char *subtitle = NULL;
  RpMessage *reply = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->confirmation_row),
                                 rp_order_format_confirmation (order->confirmation));

  switch (order->confirmation)
    {
    case RP_CONFIRMATION_SENT:
      {
        g_autofree char *end = rp_order_format_local_time (order->confirmation_deadline);
        g_autofree char *left = rp_order_format_time_left (order->confirmation_deadline,
                                                           g_get_real_time ());

        /* Translators: the end of the buyer's objection window and the time left */
        subtitle = g_strdup_printf (_("Ships as ordered without an objection by %s (%s left)"),
                                    end, left);
      }
      break;

    case RP_CONFIRMATION_NEEDS_REVIEW:
      subtitle = g_strdup (_("The buyer answered the confirmation: read the reply before shipping."));
      reply = latest_buyer_reply (self);
      break;

    case RP_CONFIRMATION_READY_TO_SHIP:
      subtitle = g_strdup (_("The buyer had the chance to object; the order ships as confirmed."));
      break;

    case RP_CONFIRMATION_SHIPPED:
      subtitle = g_strdup (_("Shipped after confirmation."));
      break;

    case RP_CONFIRMATION_NONE:
    default:
      if (order->status == RP_ORDER_STATUS_TO_SHIP)
        subtitle = g_strdup (rp_order_has_buyer_note (order)
                             ? _("The buyer left a note: confirm the order before shipping.")
                             : _("Confirm the order with the buyer before shipping."));
      else
        subtitle = g_strdup (_("Orders are confirmed while they wait to be shipped."));
      break;
    }

  adw_action_row_set_subtitle (self->confirmation_row, subtitle);

  gtk_widget_set_visible (self->reply_card, reply != NULL);
  if (reply != NULL)
    {
      g_autofree char *text = rp_order_format_plain (reply->content);

      gtk_label_set_text (self->reply_label, text);
    }
}

static void
show_order (RpOrderDetail *self)
{
  RpOrder *order = self->order;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GString) note = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *buyer = NULL;
  g_autofree char *country = NULL;
  g_autofree char *address = NULL;
  g_autofree char *total = rp_order_format_money (&order->total);
  g_autofree char *order_id = rp_order_format_plain (order->order_id);
  GtkWidget *child;

  /* Translators: the title of the order detail, with the order number */
  title = g_strdup_printf (_("Order %s"), order_id);
  gtk_label_set_text (self->title_label, title);

  /* Translators: status · total, e.g. "To ship · 25.00 USD" */
  subtitle = g_strdup_printf (_("%s · %s"), rp_order_format_status (order->status), total);
  gtk_label_set_text (self->subtitle_label, subtitle);

  buyer = rp_order_format_buyer (order);
  country = order->buyer_country != NULL ? rp_country_get_name (order->buyer_country) : NULL;
  if (country != NULL)
    {
      /* Translators: buyer and country, e.g. "🇫🇷 Marie Dupont, France" */
      g_autofree char *with_country = g_strdup_printf (_("%s, %s"), buyer, country);

      gtk_label_set_text (self->buyer_label, with_country);
    }
  else
    gtk_label_set_text (self->buyer_label, buyer);

  zone = buyer_zone (self, order);
  if (zone != NULL)
    {
      g_autofree char *local = rp_local_time_format (g_get_real_time (), zone);
      /* Translators: the buyer's local time now */
      g_autofree char *text = g_strdup_printf (_("Buyer’s local time: %s"), local);

      gtk_label_set_text (self->buyer_time_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->buyer_time_label), zone != NULL);

  show_confirmation (self);

  gtk_widget_set_visible (self->ship_group, order->status == RP_ORDER_STATUS_TO_SHIP);
  if (order->ship_by > 0)
    {
      g_autofree char *end = rp_order_format_local_time (order->ship_by);
      g_autofree char *left = rp_order_format_time_left (order->ship_by, g_get_real_time ());
      /* Translators: the marketplace's deadline to ship */
      g_autofree char *ship_title = g_strdup_printf (_("Ship by %s"), end);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->ship_row), ship_title);
      adw_action_row_set_subtitle (self->ship_row, left);
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->ship_row), _("Waiting to be shipped"));
      adw_action_row_set_subtitle (self->ship_row, NULL);
    }

  /* The order's note and the notes on single items, each item's marked. */
  if (order->memo != NULL && *order->memo != '\0')
    {
      g_autofree char *memo = rp_order_format_plain (order->memo);

      g_string_append (note, memo);
    }
  for (guint i = 0; i < order->items->len; i++)
    {
      const RpOrderItem *item = g_ptr_array_index (order->items, i);
      g_autofree char *memo = NULL;
      g_autofree char *item_title = NULL;

      if (item->memo == NULL || *item->memo == '\0')
        continue;

      memo = rp_order_format_plain (item->memo);
      item_title = rp_order_format_plain (item->title);
      if (note->len > 0)
        g_string_append (note, "\n\n");
      /* Translators: a buyer's note on one item: "Item title: note" */
      g_string_append_printf (note, _("%s: %s"), item_title, memo);
    }
  gtk_widget_set_visible (self->note_group, note->len > 0);
  gtk_label_set_text (self->note_label, note->str);

  clear_list (self->items_list);
  for (guint i = 0; i < order->items->len; i++)
    {
      const RpOrderItem *item = g_ptr_array_index (order->items, i);
      g_autofree char *item_title = rp_order_format_plain (item->title);
      g_autofree char *variant = rp_order_format_plain (item->variant);
      g_autofree char *sku = rp_order_format_plain (item->sku);
      g_autofree char *price = rp_order_format_money (&item->unit_price);
      g_autofree char *details = NULL;
      g_autofree char *quantity = NULL;
      GtkWidget *row;
      GtkWidget *label;

      if (*variant != '\0' && *sku != '\0')
        /* Translators: an item's variant and SKU */
        details = g_strdup_printf (_("%s · SKU %s"), variant, sku);
      else if (*sku != '\0')
        details = g_strdup_printf (_("SKU %s"), sku);
      else
        details = g_strdup (variant);

      row = plain_row (item_title, details);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
      /* Translators: quantity and unit price, e.g. "2 × 12.50 USD" */
      quantity = g_strdup_printf (_("%u × %s"), item->quantity, price);
      label = gtk_label_new (quantity);
      gtk_widget_add_css_class (label, "numeric");
      if (item->quantity > 1)
        gtk_widget_add_css_class (label, "heading");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      gtk_list_box_append (self->items_list, row);
    }
  if (order->items->len == 0)
    gtk_list_box_append (self->items_list,
                         plain_row (_("The items come with the next sync of this order."), NULL));

  address = rp_template_format_address (&order->address, order->buyer_country);
  if (address != NULL)
    {
      g_autofree char *plain = rp_order_format_plain (address);

      gtk_label_set_text (self->address_label, plain);
    }
  else
    gtk_label_set_text (self->address_label, _("The address comes with the next sync of this order."));

  clear_list (self->timeline_list);
  add_timeline_row (self, _("Placed"), order->created_at);
  add_timeline_row (self, _("Paid"), order->paid_at);
  if (order->confirmation_deadline > 0)
    add_timeline_row (self, _("Objection window ends"), order->confirmation_deadline);
  add_timeline_row (self, _("Last change"), order->modified_at);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->messages_box))) != NULL)
    gtk_box_remove (self->messages_box, child);
  if (self->messages != NULL && self->messages->len > 0)
    {
      for (guint i = 0; i < self->messages->len; i++)
        gtk_box_append (self->messages_box, message_widget (g_ptr_array_index (self->messages, i)));
    }
  else
    {
      GtkWidget *label = gtk_label_new (_("No messages on this order yet."));

      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (self->messages_box, label);
    }

  update_actions (self);
  gtk_stack_set_visible_child_name (self->stack, "order");
}

static void
state_saved_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The store's change signal brings the new state back into the views. */
  if (!rp_store_set_order_state_finish (RP_STORE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not store the confirmation state: %s", error->message);
}

static gboolean
deadline_reached_cb (gpointer user_data)
{
  RpOrderDetail *self = user_data;

  self->deadline_source = 0;
  load (self);

  return G_SOURCE_REMOVE;
}

static void
pass_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* A change comes back through the store's change signal. */
  if (!rp_confirmation_pass_run_finish (result, NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_error_matches (error, RP_STORE_ERROR, RP_STORE_ERROR_CLOSED))
    g_warning ("Could not bring the confirmation up to date: %s", error->message);
}

/* A sent confirmation moves by itself, and so does one ready to ship when the buyer writes
 * again; the seller moves it out of "needs review".  The rules run in the same pass as
 * after every sync, here for this order alone. */
static void
advance_confirmation (RpOrderDetail *self)
{
  RpOrder *order = self->order;
  gint64 now;

  g_clear_handle_id (&self->deadline_source, g_source_remove);

  if (order->confirmation != RP_CONFIRMATION_SENT &&
      order->confirmation != RP_CONFIRMATION_READY_TO_SHIP)
    return;

  rp_confirmation_pass_run_async (self->store, order->account_id, order->order_id,
                                  self->cancellable, pass_done_cb, NULL);

  now = rp_confirmation_pass_marketplace_now (self->store, order->account_id);
  if (order->confirmation == RP_CONFIRMATION_SENT && order->confirmation_deadline > now)
    {
      /* Look again when the window closes (and at least hourly, the clock may jump). */
      gint64 wait = MIN (order->confirmation_deadline - now, G_TIME_SPAN_HOUR);

      self->deadline_source = g_timeout_add_seconds ((guint)(wait / G_USEC_PER_SEC) + 1,
                                                     deadline_reached_cb, self);
    }
}

static void
messages_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  RpOrderDetail *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  messages = rp_store_list_messages_finish (RP_STORE (object), result, &error);
  if (messages == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (messages == NULL)
    g_warning ("Could not read the order's messages: %s", error->message);

  g_clear_pointer (&self->messages, g_ptr_array_unref);
  self->messages = g_steal_pointer (&messages);

  advance_confirmation (self);
  show_order (self);
}

static void
order_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RpOrderDetail *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RpOrder) order = NULL;

  order = rp_store_get_order_finish (RP_STORE (object), result, &error);
  if (order == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (order == NULL)
    {
      if (error != NULL)
        g_warning ("Could not read order %s: %s", self->order_id, error->message);
      g_clear_object (&self->order);
      update_actions (self);
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  g_set_object (&self->order, order);

  /* Order messages live in the channel named after the order. */
  rp_store_list_messages_async (self->store, order->account_id, order->order_id,
                                self->cancellable, messages_loaded_cb, self);
}

static void
load (RpOrderDetail *self)
{
  g_clear_handle_id (&self->reload_source, g_source_remove);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->store == NULL || self->order_id == NULL)
    {
      g_clear_object (&self->order);
      g_clear_pointer (&self->messages, g_ptr_array_unref);
      update_actions (self);
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  /* What is shown stays until the new read is in: no flash on every change. */
  self->cancellable = g_cancellable_new ();
  rp_store_get_order_async (self->store, self->account_id, self->order_id, self->cancellable,
                            order_loaded_cb, self);
}

static gboolean
reload_cb (gpointer user_data)
{
  RpOrderDetail *self = user_data;

  self->reload_source = 0;
  load (self);

  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (RpOrderDetail *self,
                  guint          changes,
                  gint64         account_id)
{
  const guint watched = RP_STORE_CHANGE_ORDERS | RP_STORE_CHANGE_ORDER_STATE |
                        RP_STORE_CHANGE_MESSAGES | RP_STORE_CHANGE_OUTBOX;

  if (self->order_id == NULL || (changes & watched) == 0)
    return;
  if (account_id != 0 && account_id != self->account_id)
    return;

  if (self->reload_source == 0)
    self->reload_source = g_timeout_add (RELOAD_DELAY_MS, reload_cb, self);
}

static void
set_store (RpOrderDetail *self,
           RpStore       *store)
{
  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self,
                             G_CONNECT_SWAPPED);
}

static void
context_store_cb (RpOrderDetail *self)
{
  set_store (self, rp_context_get_store (self->context));
  load (self);
}

/* Actions ----------------------------------------------------------------------------- */

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  RpOrderDetail *self = RP_ORDER_DETAIL (widget);
  g_autoptr(GTimeZone) zone = NULL;
  GtkWindow *dialog;

  if (self->order == NULL || self->context == NULL)
    return;

  zone = buyer_zone (self, self->order);
  dialog = GTK_WINDOW (rp_order_confirm_dialog_new (self->context, self->order, zone));
  gtk_window_set_transient_for (dialog, GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (dialog);
}

static void
export_evidence_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  RpOrderDetail *self = RP_ORDER_DETAIL (widget);

  if (self->order_id == NULL)
    return;

  rp_evidence_dialog_run (widget, self->context, self->account_id, self->order_id);
}

static void
confirm_first_cb (RpOrderDetail *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "order.confirm", NULL);
}

static void
ship_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RpOrderDetail *self = RP_ORDER_DETAIL (widget);
  GtkWindow *dialog;

  if (self->order == NULL || self->context == NULL)
    return;

  dialog = GTK_WINDOW (rp_order_ship_dialog_new (self->context, self->order));
  g_signal_connect_object (dialog, "confirm-first", G_CALLBACK (confirm_first_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_set_transient_for (dialog, GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (dialog);
}

static void
mark_reviewed_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  RpOrderDetail *self = RP_ORDER_DETAIL (widget);

  if (self->order == NULL || self->order->confirmation != RP_CONFIRMATION_NEEDS_REVIEW)
    return;

  /* Reviewed up to the newest reply the seller has seen; a later one flags the order
   * again.  Written before the state, so that no pass sees the one without the other. */
  {
    gint64 newest = 0;
    g_autofree char *value = NULL;

    for (guint i = 0; self->messages != NULL && i < self->messages->len; i++)
      {
        RpMessage *message = g_ptr_array_index (self->messages, i);

        if (!message->is_own)
          newest = MAX (newest, message->sent_at);
      }
    value = g_strdup_printf ("%" G_GINT64_FORMAT, newest);
    rp_store_set_order_state_async (self->store, self->order->account_id, self->order->order_id,
                                    RP_CONFIRMATION_PASS_STATE_REVIEWED_AT, value,
                                    self->cancellable, state_saved_cb, NULL);
  }

  self->order->confirmation = RP_CONFIRMATION_READY_TO_SHIP;
  rp_store_set_order_state_async (self->store, self->order->account_id, self->order->order_id,
                                  RP_STORE_ORDER_STATE_CONFIRMATION,
                                  rp_store_confirmation_to_string (RP_CONFIRMATION_READY_TO_SHIP),
                                  self->cancellable, state_saved_cb, NULL);
  show_confirmation (self);
  update_actions (self);
}

static void
rp_order_detail_dispose (GObject *object)
{
  RpOrderDetail *self = (RpOrderDetail *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_clear_handle_id (&self->deadline_source, g_source_remove);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  set_store (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RP_TYPE_ORDER_DETAIL);
  g_clear_object (&self->context);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->order);
  g_clear_pointer (&self->messages, g_ptr_array_unref);
  g_clear_pointer (&self->order_id, g_free);

  G_OBJECT_CLASS (rp_order_detail_parent_class)->dispose (object);
}

static void
rp_order_detail_class_init (RpOrderDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_order_detail_dispose;

  gtk_widget_class_install_action (widget_class, "order.confirm", NULL, confirm_action);
  gtk_widget_class_install_action (widget_class, "order.mark-reviewed", NULL, mark_reviewed_action);
  gtk_widget_class_install_action (widget_class, "order.ship", NULL, ship_action);
  gtk_widget_class_install_action (widget_class, "order.export-evidence", NULL,
                                   export_evidence_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/rp-order-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, RpOrderDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, RpOrderDetail, scroller);
  gtk_widget_class_bind_template_child (widget_class, RpOrderDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, RpOrderDetail, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, RpOrderDetail, buyer_label);
  gtk_widget_class_bind_template_child (widget_class, RpOrderDetail, buyer_time_label);
  gtk_widget_class_bind_template_child (widget_class, RpOrderDetail, confirmation_row);
  gtk_widget_class_bind_template_child (widget_class, RpOrderDetail, reply_card);
  gtk_widget_class_bind_template_child (widget_class, RpOrderDetail, reviewed_button);
  gtk_widget_class_bind_template_child (widget_class, RpOrderDetail, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, RpOrderDetail, reply_label);
  gtk_widget_class_bind_template_child (widget_class, RpOrderDetail, ship_group);
  gtk_widget_class_bind_template_child (widget_class, RpOrderDetail, ship_row);
  gtk_widget_class_bind_template_child (widget_class, RpOrderDetail, note_group);
  gtk_widget_class_bind_template_child (widget_class, RpOrderDetail, note_label);
  gtk_widget_class_bind_template_child (widget_class, RpOrderDetail, items_list);
  gtk_widget_class_bind_template_child (widget_class, RpOrderDetail, address_label);
  gtk_widget_class_bind_template_child (widget_class, RpOrderDetail, timeline_list);
  gtk_widget_class_bind_template_child (widget_class, RpOrderDetail, messages_box);
}

static void
rp_order_detail_init (RpOrderDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
}

void
rp_order_detail_set_context (RpOrderDetail *self,
                             RpContext     *context)
{
  g_return_if_fail (RP_IS_ORDER_DETAIL (self));
  g_return_if_fail (context == NULL || RP_IS_CONTEXT (context));

  if (self->context == context)
    return;

  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_set_object (&self->context, context);
  if (context != NULL)
    g_signal_connect_object (context, "notify::store", G_CALLBACK (context_store_cb), self,
                             G_CONNECT_SWAPPED);

  set_store (self, context != NULL ? rp_context_get_store (context) : NULL);
  load (self);
}

/**
 * rp_order_detail_set_order:
 * @order_id: (nullable): the order to show, %NULL for none
 */
void
rp_order_detail_set_order (RpOrderDetail *self,
                           gint64         account_id,
                           const char    *order_id)
{
  g_return_if_fail (RP_IS_ORDER_DETAIL (self));

  if (account_id == self->account_id && g_strcmp0 (order_id, self->order_id) == 0)
    return;

  self->account_id = account_id;
  g_free (self->order_id);
  self->order_id = g_strdup (order_id);

  /* Another order: what was shown must not stay while the new one loads. */
  g_clear_object (&self->order);
  g_clear_pointer (&self->messages, g_ptr_array_unref);
  gtk_stack_set_visible_child_name (self->stack, "none");
  update_actions (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  load (self);
}

/**
 * rp_order_detail_get_order:
 *
 * Returns: (transfer none) (nullable): the order shown, with its items
 */
RpOrder *
rp_order_detail_get_order (RpOrderDetail *self)
{
  g_return_val_if_fail (RP_IS_ORDER_DETAIL (self), NULL);

  return self->order;
}

/**
 * rp_order_detail_get_messages:
 *
 * Returns: (transfer none) (nullable): the order's messages (GPtrArray of RpMessage)
 */
GPtrArray *
rp_order_detail_get_messages (RpOrderDetail *self)
{
  g_return_val_if_fail (RP_IS_ORDER_DETAIL (self), NULL);

  return self->messages;
}
