/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-conversation-view"

#include "config.h"

#include <glib/gi18n.h>

#include "rp-buyer-panel.h"
#include "rp-buyer-zone.h"
#include "rp-composer.h"
#include "rp-conversation-format.h"
#include "rp-conversation-order-card.h"
#include "rp-conversation-view.h"
#include "rp-country.h"
#include "rp-message-bubble.h"
#include "rp-outbox-payload.h"
#include "rp-plain-text.h"
#include "rp-slot-list-model.h"
#include "rp-store-list-model.h"
#include "rp-template.h"
#include "rp-thumbnails.h"

/* A draft is written a moment after the seller stops typing, not at every key. */
#define DRAFT_SAVE_DELAY_MS 800
/* Within this many pixels of the end the view counts as "at the newest message". */
#define STICK_MARGIN 48.0
/* Bubbles made at a time as a conversation opens, newest first: more than fill the view. */
#define BUBBLES_PER_STEP 10

struct _RpConversationView
{
  GtkWidget         parent_instance;

  RpContext        *context;
  RpConversation   *conversation;
  RpStore          *store;            /* the store the messages model reads */
  RpStoreListModel *messages;
  RpSlotListModel  *slots;            /* the messages the list shows, the newest first */
  gint64            messages_account_id;
  GtkNoSelection   *selection;
  GCancellable     *cancellable;      /* work for the conversation shown */
  GTimeZone        *buyer_zone;
  RpOrder          *order;            /* the linked order, once read, for templates */
  RpShipment       *shipment;         /* its latest parcel, if any */
  RpStoreBuyerHistory *buyer_history; /* what the buyer wrote anywhere, for sending later */
  char             *reveal_message_id; /* a search result to bring into view once loaded */
  guint             reveal_source;
  int               pending_rank;      /* a label set here and not yet read back, or -1 */

  guint             clock_source;
  guint             draft_source;
  gboolean          draft_dirty;
  gboolean          setting_text;     /* the composer is being filled, not typed into */
  gboolean          stick_to_bottom;

  GtkBox           *header_box;
  GtkSeparator     *header_separator;
  GtkButton        *back_button;
  GtkToggleButton  *order_button;
  RpConversationOrderCard *order_card;
  GtkLabel         *title_label;
  GtkLabel         *subtitle_label;
  GtkStack         *stack;
  GtkScrolledWindow *scroller;
  GtkListView      *message_list;
  RpComposer       *composer;
};

G_DEFINE_FINAL_TYPE (RpConversationView, rp_conversation_view, GTK_TYPE_WIDGET)

static void update_send_later (RpConversationView *self);
static void load_buyer_messages (RpConversationView *self);

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_CONVERSATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_error (RpConversationView *self,
            const char         *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
  else
    g_warning ("%s", text);
}

char *
rp_conversation_view_draft_owner (RpConversation *conversation)
{
  g_return_val_if_fail (RP_IS_CONVERSATION (conversation), NULL);

  /* Order conversations keep their draft with the order; a general conversation has no
   * order, and "channel:" cannot be the start of a marketplace order number. */
  if (conversation->order_id != NULL && *conversation->order_id != '\0')
    return g_strdup (conversation->order_id);

  return g_strconcat ("channel:", conversation->channel_id, NULL);
}

/* Header */

static void
update_header (RpConversationView *self)
{
  RpConversation *c = self->conversation;
  g_autofree char *name = NULL;
  g_autoptr(GString) subtitle = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->header_box), c != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->header_separator), c != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->composer), c != NULL);
  gtk_stack_set_visible_child_name (self->stack, c != NULL ? "messages" : "none");

  if (c == NULL)
    return;

  name = rp_plain_text_preview (c->buyer_name != NULL && *c->buyer_name != '\0'
                                ? c->buyer_name : c->buyer_login_id, 80);
  gtk_label_set_text (self->title_label, name);

  subtitle = g_string_new (NULL);
  if (c->order_id != NULL)
    g_string_append_printf (subtitle, _("Order %s"), c->order_id);
  else
    g_string_append (subtitle, _("General conversation"));

  {
    guint rank = self->pending_rank >= 0 ? (guint) self->pending_rank : c->rank;

    if (rank > 0)
      {
        g_string_append (subtitle, " · ");
        /* TRANSLATORS: the marketplace's colour label of a conversation, 1 to 5 */
        g_string_append_printf (subtitle, _("Label %u"), rank);
      }
    if (c->processed)
      {
        g_string_append (subtitle, " · ");
        g_string_append (subtitle, _("Processed"));
      }
  }

  if (self->buyer_zone != NULL)
    {
      gint64 now = g_get_real_time ();
      g_autofree char *clock = rp_conversation_format_clock (now, self->buyer_zone);
      g_autofree char *offset = rp_buyer_zone_format_offset (self->buyer_zone, now);

      g_string_append (subtitle, " · ");
      /* TRANSLATORS: the buyer's local time now, then its UTC offset */
      g_string_append_printf (subtitle, _("%s for the buyer (%s)"), clock, offset);
    }

  gtk_label_set_text (self->subtitle_label, subtitle->str);
}

static gboolean
clock_cb (gpointer user_data)
{
  update_header (RP_CONVERSATION_VIEW (user_data));
  update_send_later (RP_CONVERSATION_VIEW (user_data));

  return G_SOURCE_CONTINUE;
}

static void
shipments_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(RpConversationView) self = user_data;
  g_autoptr(GPtrArray) shipments = NULL;
  g_autoptr(GError) error = NULL;

  shipments = rp_store_list_shipments_finish (RP_STORE (object), result, &error);
  if (shipments == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the parcels: %s", error->message);
      return;
    }

  /* By ship date: the last one is the parcel a template speaks of. */
  if (shipments->len > 0)
    g_set_object (&self->shipment, g_ptr_array_index (shipments, shipments->len - 1));
  rp_conversation_order_card_set_shipment (self->order_card, self->shipment);
}

/* The buyer's language for templates: the first of the country's languages. */
static char *
buyer_language (RpOrder *order)
{
  const char *code = order->address.country != NULL ? order->address.country : order->buyer_country;
  const RpCountry *country = code != NULL ? rp_country_lookup (code) : NULL;
  g_auto(GStrv) languages = NULL;

  if (country == NULL || country->languages == NULL)
    return g_strdup ("en");

  languages = g_strsplit (country->languages, ",", 2);
  g_strdelimit (languages[0], "-", '_');

  return g_strdup (g_strstrip (languages[0]));
}

static void
insert_template_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  RpConversationView *self = RP_CONVERSATION_VIEW (widget);
  RpTemplateKind kind = g_variant_get_uint32 (param);
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *language = NULL;
  g_autofree char *text = NULL;

  if (self->order == NULL || kind >= RP_TEMPLATE_N_KINDS || kind == RP_TEMPLATE_ORDER_CONFIRMATION)
    return;

  /* Placeholders come from the order and its parcel; what is missing stays visible as a
   * marker for the seller to fill in. */
  values = rp_template_values_new ();
  rp_template_values_add_order (values, self->order, 0, 0, self->buyer_zone);
  if (self->shipment != NULL)
    rp_template_values_add_shipment (values, self->shipment, g_get_real_time ());
  language = buyer_language (self->order);
  text = rp_template_render (rp_template_lookup (kind, language), values, &error);
  if (text == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The template could not be filled: %s"),
                                                  error->message);

      show_error (self, message);
      return;
    }

  rp_composer_insert (self->composer, text);
}

static GMenuModel *
templates_menu (void)
{
  /* Order confirmations are not here: they go through the Orders page, which keeps their
   * state and deadline. */
  static const struct { RpTemplateKind kind; const char *label; gboolean dispute; } entries[] = {
    { RP_TEMPLATE_STALLED_PARCEL, N_("Parcel Not Moving"), FALSE },
    { RP_TEMPLATE_NO_FIRST_SCAN, N_("No First Scan Yet"), FALSE },
    { RP_TEMPLATE_CUSTOMS_NOTICE, N_("Held in Customs"), FALSE },
    { RP_TEMPLATE_PROTECTION_EXPIRING, N_("Buyer Protection Ending"), FALSE },
    { RP_TEMPLATE_DISPUTE_NOT_RECEIVED, N_("Dispute: Not Received"), TRUE },
    { RP_TEMPLATE_DISPUTE_NOT_AS_DESCRIBED, N_("Dispute: Not as Described"), TRUE },
    { RP_TEMPLATE_DISPUTE_DAMAGED, N_("Dispute: Damaged"), TRUE },
    { RP_TEMPLATE_DISPUTE_WRONG_ITEM, N_("Dispute: Wrong Item"), TRUE },
    { RP_TEMPLATE_DISPUTE_QUALITY, N_("Dispute: Quality"), TRUE },
  };
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) parcel = g_menu_new ();
  g_autoptr(GMenu) dispute = g_menu_new ();

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(entries[i].label), NULL);

      g_menu_item_set_action_and_target_value (item, "conversation.insert-template",
                                               g_variant_new_uint32 (entries[i].kind));
      g_menu_append_item (entries[i].dispute ? dispute : parcel, item);
    }

  g_menu_append_section (menu, _("Parcel"), G_MENU_MODEL (parcel));
  g_menu_append_section (menu, _("Dispute"), G_MENU_MODEL (dispute));

  return G_MENU_MODEL (menu);
}

static void
order_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RpConversationView) self = user_data;
  g_autoptr(RpOrder) order = NULL;
  g_autoptr(GError) error = NULL;
  RpBuyerZone *zones = rp_buyer_zone_get_default ();
  const char *country;

  order = rp_store_get_order_finish (RP_STORE (object), result, &error);
  if (order == NULL)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the order: %s", error->message);
      return;
    }

  g_set_object (&self->order, order);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conversation.insert-template", TRUE);
  rp_conversation_order_card_set_order (self->order_card, order);
  gtk_widget_set_visible (GTK_WIDGET (self->order_button), TRUE);
  rp_store_list_shipments_async (RP_STORE (object), order->account_id, order->order_id,
                                 self->cancellable, shipments_loaded_cb, g_object_ref (self));

  country = order->address.country != NULL ? order->address.country : order->buyer_country;
  if (zones == NULL || country == NULL)
    return;

  g_clear_pointer (&self->buyer_zone, g_time_zone_unref);
  self->buyer_zone = rp_buyer_zone_lookup_time_zone (zones, country, order->address.province,
                                                     order->address.city, NULL);
  update_header (self);
  load_buyer_messages (self);

  /* Bind the bubbles again so that they show the buyer's time as well (the same widgets). */
  if (self->slots != NULL)
    rp_slot_list_model_rebind (self->slots);
}

/* Drafts */

typedef struct
{
  RpStore *store;
  gint64   account_id;
  char    *owner;
} DraftLoad;

static void
draft_load_free (gpointer data)
{
  DraftLoad *load = data;

  g_clear_object (&load->store);
  g_free (load->owner);
  g_free (load);
}

static void
draft_load_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  DraftLoad *load = task_data;
  g_autoptr(GError) error = NULL;
  char *text;

  /* The store has no asynchronous read of one key; its synchronous read waits for the
   * store's own thread, so it runs here rather than on the main loop. */
  text = rp_store_get_order_state_sync (load->store, load->account_id, load->owner,
                                        RP_CONVERSATION_VIEW_DRAFT_KEY, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, text, g_free);
}

static void
draft_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RpConversationView *self = RP_CONVERSATION_VIEW (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *current = NULL;

  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the draft: %s", error->message);
      return;
    }

  if (text == NULL)
    return;

  /* Never overwrite what the seller began to type meanwhile. */
  current = rp_composer_get_text (self->composer);
  if (*current != '\0')
    return;

  self->setting_text = TRUE;
  rp_composer_set_text (self->composer, text);
  self->setting_text = FALSE;
}

static void
draft_saved_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!rp_store_set_order_state_finish (RP_STORE (object), result, &error))
    g_warning ("Could not keep the draft: %s", error->message);
}

static void
save_draft (RpConversationView *self)
{
  g_autofree char *text = NULL;
  g_autofree char *owner = NULL;
  gboolean blank = TRUE;

  g_clear_handle_id (&self->draft_source, g_source_remove);

  if (!self->draft_dirty || self->conversation == NULL || self->store == NULL)
    return;

  self->draft_dirty = FALSE;
  text = rp_composer_get_text (self->composer);
  for (const char *p = text; *p != '\0' && blank; p = g_utf8_next_char (p))
    blank = g_unichar_isspace (g_utf8_get_char (p));
  owner = rp_conversation_view_draft_owner (self->conversation);

  /* Not cancellable: a draft written as the conversation closes must still land. */
  rp_store_set_order_state_async (self->store, self->conversation->account_id, owner,
                                  RP_CONVERSATION_VIEW_DRAFT_KEY, blank ? NULL : text,
                                  NULL, draft_saved_cb, NULL);
}

static gboolean
draft_timeout_cb (gpointer user_data)
{
  RpConversationView *self = user_data;

  self->draft_source = 0;
  save_draft (self);

  return G_SOURCE_REMOVE;
}

static void
composer_changed_cb (RpConversationView *self,
                     GtkTextBuffer      *buffer)
{
  if (self->setting_text || self->conversation == NULL)
    return;

  self->draft_dirty = TRUE;
  g_clear_handle_id (&self->draft_source, g_source_remove);
  self->draft_source = g_timeout_add (DRAFT_SAVE_DELAY_MS, draft_timeout_cb, self);
}

/* Outbox */

typedef struct
{
  RpConversationView *self;
  char               *channel_id;
  char               *text;
  gint64              account_id;
} SendData;

static void
send_data_free (SendData *data)
{
  g_clear_object (&data->self);
  g_free (data->channel_id);
  g_free (data->text);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SendData, send_data_free)

static void
enqueued_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SendData) data = user_data;
  RpConversationView *self = data->self;
  g_autoptr(GError) error = NULL;

  if (rp_store_outbox_enqueue_finish (RP_STORE (object), result, &error) <= 0)
    {
      g_autofree char *text = g_strdup_printf (_("The message could not be queued: %s"),
                                               error != NULL ? error->message : "");

      show_error (self, text);
      return;
    }

  /* The message is safe in the outbox: clear what was sent, unless the seller already
   * moved on to another conversation or kept typing. */
  if (self->conversation != NULL &&
      g_strcmp0 (self->conversation->channel_id, data->channel_id) == 0)
    {
      g_autofree char *current = rp_composer_get_text (self->composer);

      if (g_strcmp0 (current, data->text) == 0)
        rp_composer_set_text (self->composer, "");
      self->stick_to_bottom = TRUE;
    }

  if (self->context != NULL)
    rp_context_send_outbox (self->context, data->account_id);
}

/* Queues @text, or schedules it for @not_before (UTC µs) when that is not 0. */
static void
enqueue_text (RpConversationView *self,
              const char         *text,
              gint64              not_before)
{
  RpConversation *c = self->conversation;
  g_autoptr(RpOutboxPayload) payload = rp_outbox_payload_new ();
  g_autoptr(RpOutboxItem) item = NULL;
  g_autoptr(RpMessage) echo = rp_message_new ();
  g_autofree char *json = NULL;
  SendData *data;

  if (c == NULL || self->store == NULL)
    return;

  payload->channel_id = g_strdup (c->channel_id);
  payload->buyer_login_id = g_strdup (c->buyer_login_id);
  payload->order_id = g_strdup (c->order_id);
  payload->text = g_strdup (text);
  json = rp_outbox_payload_to_json (RP_OUTBOX_KIND_MESSAGE, payload);
  item = rp_outbox_item_new (RP_OUTBOX_KIND_MESSAGE, c->account_id,
                             rp_outbox_payload_target (RP_OUTBOX_KIND_MESSAGE, payload), json);
  if (not_before > 0)
    {
      item->state = RP_OUTBOX_SCHEDULED;
      item->not_before = not_before;
    }

  /* The local echo shows at once, with its sending state, until the server's copy comes. */
  echo->account_id = c->account_id;
  echo->channel_id = g_strdup (c->channel_id);
  echo->is_own = TRUE;
  echo->content = g_strdup (text);
  /* A scheduled echo stands at the time it will go. */
  echo->sent_at = not_before > 0 ? not_before : g_get_real_time ();
  echo->message_type = g_strdup (c->order_id != NULL ? "order" : "member");
  echo->extern_id = g_strdup (c->order_id != NULL ? c->order_id : "");

  data = g_new0 (SendData, 1);
  data->self = g_object_ref (self);
  data->channel_id = g_strdup (c->channel_id);
  data->text = g_strdup (text);
  data->account_id = c->account_id;

  /* Not the conversation's cancellable: switching away must not lose a message. */
  rp_store_outbox_enqueue_async (self->store, item, echo, NULL, enqueued_cb, data);
}

static void
composer_send_cb (RpConversationView *self,
                  const char         *text,
                  RpComposer         *composer)
{
  enqueue_text (self, text, 0);
}

/* Send later: when the buyer is likely online, never in their night. */

static const char *
buyer_country (RpConversationView *self)
{
  if (self->order == NULL)
    return NULL;

  return self->order->address.country != NULL ? self->order->address.country
                                              : self->order->buyer_country;
}

static GSettings *
view_settings (RpConversationView *self)
{
  return self->context != NULL ? rp_context_get_settings (self->context) : NULL;
}

static GPtrArray *
buyer_messages (RpConversationView *self)
{
  return self->buyer_history != NULL ? self->buyer_history->messages : NULL;
}

/* Offers sending later once the buyer's zone is known, and lists what is scheduled. */
static void
update_send_later (RpConversationView *self)
{
  g_autoptr(GPtrArray) echoes = NULL;
  g_autofree char *when_text = NULL;

  if (self->conversation != NULL && self->buyer_zone != NULL)
    {
      gint64 now = g_get_real_time ();
      gint64 when = rp_buyer_panel_send_time (view_settings (self), self->buyer_zone,
                                              buyer_country (self), buyer_messages (self), now);

      when_text = rp_buyer_panel_format_send_time (when, now, self->buyer_zone);
    }
  rp_composer_set_send_later (self->composer, when_text);

  echoes = rp_buyer_panel_scheduled_echoes (self->conversation != NULL && self->messages != NULL
                                            ? G_LIST_MODEL (self->messages) : NULL,
                                            self->buyer_history);
  rp_composer_set_scheduled (self->composer, echoes, self->buyer_zone);
}

static void
buyer_history_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RpConversationView) self = user_data;
  g_autoptr(RpStoreBuyerHistory) history = NULL;
  g_autoptr(GError) error = NULL;

  history = rp_store_get_buyer_history_finish (RP_STORE (object), result, &error);
  if (history == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the buyer’s messages: %s", error->message);
      return;
    }

  g_clear_pointer (&self->buyer_history, rp_store_buyer_history_free);
  self->buyer_history = g_steal_pointer (&history);
  update_send_later (self);
}

/* The buyer's own messages in all their conversations: the same reading of when they are
 * online as the buyer panel's. */
static void
load_buyer_messages (RpConversationView *self)
{
  if (self->conversation == NULL || self->conversation->buyer_login_id == NULL ||
      self->store == NULL || self->cancellable == NULL)
    {
      update_send_later (self);
      return;
    }

  rp_store_get_buyer_history_async (self->store, self->conversation->account_id,
                                    self->conversation->buyer_login_id,
                                    RP_BUYER_PANEL_MESSAGE_LIMIT, self->cancellable,
                                    buyer_history_cb, g_object_ref (self));
}

static void
composer_send_later_cb (RpConversationView *self,
                        const char         *text,
                        RpComposer         *composer)
{
  gint64 now = g_get_real_time ();
  gint64 when;

  if (self->buyer_zone == NULL)
    return;

  when = rp_buyer_panel_send_time (view_settings (self), self->buyer_zone, buyer_country (self),
                                   buyer_messages (self), now);
  enqueue_text (self, text, MAX (when, now));
}

static void
scheduled_changed (RpConversationView *self,
                   gboolean            ok,
                   GError             *error)
{
  if (!ok)
    {
      g_autofree char *text = g_strdup_printf (_("The scheduled message could not be changed: %s"),
                                               error != NULL ? error->message : "");

      show_error (self, text);
      return;
    }

  if (self->context != NULL && self->conversation != NULL)
    rp_context_send_outbox (self->context, self->conversation->account_id);
}

static void
rescheduled_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RpConversationView) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  /* A new time moves only a message still waiting; "now" queues it. */
  if (g_async_result_is_tagged (result, rp_store_outbox_reschedule_async))
    ok = rp_store_outbox_reschedule_finish (RP_STORE (object), result, &error);
  else
    ok = rp_store_outbox_set_state_finish (RP_STORE (object), result, &error);

  scheduled_changed (self, ok, error);
  /* The echo keeps its first time; the new one is read with the buyer's history. */
  load_buyer_messages (self);
}

static void
discarded_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(RpConversationView) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = rp_buyer_panel_cancel_scheduled_finish (result, &error);

  scheduled_changed (self, ok, error);
}

static void
composer_reschedule_cb (RpConversationView *self,
                        gint64              outbox_id,
                        gint64              when,
                        RpComposer         *composer)
{
  if (self->store == NULL)
    return;

  /* The seller picks a time on their clock; it still never lands in the buyer's night. */
  if (when != 0 && self->buyer_zone != NULL)
    when = rp_buyer_panel_outside_quiet (view_settings (self), self->buyer_zone, when);
  if (when != 0)
    rp_store_outbox_reschedule_async (self->store, outbox_id, when, NULL, rescheduled_cb,
                                      g_object_ref (self));
  else
    rp_store_outbox_set_state_async (self->store, outbox_id, RP_OUTBOX_QUEUED, NULL, NULL, 0,
                                     NULL, rescheduled_cb, g_object_ref (self));
}

static void
composer_cancel_scheduled_cb (RpConversationView *self,
                              gint64              outbox_id,
                              RpComposer         *composer)
{
  if (self->store != NULL)
    rp_buyer_panel_cancel_scheduled_async (self->store, outbox_id, discarded_cb,
                                           g_object_ref (self));
}

typedef struct
{
  RpContext *context;
  gint64     account_id;
} Kick;

static void
kick_free (Kick *kick)
{
  g_clear_object (&kick->context);
  g_free (kick);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Kick, kick_free)

static Kick *
kick_new (RpConversationView *self)
{
  Kick *kick = g_new0 (Kick, 1);

  kick->context = self->context != NULL ? g_object_ref (self->context) : NULL;
  kick->account_id = self->conversation != NULL ? self->conversation->account_id : 0;

  return kick;
}

static void
mark_read_enqueued_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(Kick) kick = user_data;
  g_autoptr(GError) error = NULL;

  if (rp_store_outbox_enqueue_finish (RP_STORE (object), result, &error) <= 0)
    {
      g_warning ("Could not mark the conversation read: %s", error != NULL ? error->message : "");
      return;
    }

  if (kick->context != NULL)
    rp_context_send_outbox (kick->context, kick->account_id);
}

void
rp_conversation_view_mark_read (RpConversationView *self)
{
  RpConversation *c;
  g_autoptr(RpOutboxPayload) payload = rp_outbox_payload_new ();
  g_autoptr(RpOutboxItem) item = NULL;
  g_autofree char *json = NULL;

  g_return_if_fail (RP_IS_CONVERSATION_VIEW (self));

  c = self->conversation;
  if (c == NULL || self->store == NULL || (c->read && c->unread_count == 0))
    return;

  payload->channel_id = g_strdup (c->channel_id);
  json = rp_outbox_payload_to_json (RP_OUTBOX_KIND_MARK_READ, payload);
  item = rp_outbox_item_new (RP_OUTBOX_KIND_MARK_READ, c->account_id,
                             rp_outbox_payload_target (RP_OUTBOX_KIND_MARK_READ, payload), json);

  /* The store marks the cached conversation read in the same transaction, so the badge
   * goes at once and a sync meanwhile does not bring it back. */
  rp_store_outbox_enqueue_async (self->store, item, NULL, NULL, mark_read_enqueued_cb,
                                 kick_new (self));
}

static void
update_actions (RpConversationView *self)
{
  RpConversation *c = self->conversation;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conversation.mark-processed",
                                 c != NULL && !c->processed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conversation.mark-not-processed",
                                 c != NULL && c->processed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conversation.set-rank", c != NULL);
}

static void
flag_enqueued_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Kick) kick = user_data;
  g_autoptr(GError) error = NULL;

  if (rp_store_outbox_enqueue_finish (RP_STORE (object), result, &error) <= 0)
    {
      g_warning ("Could not queue the change: %s", error != NULL ? error->message : "");
      return;
    }

  if (kick->context != NULL)
    rp_context_send_outbox (kick->context, kick->account_id);
}

static void
enqueue_flag (RpConversationView *self,
              RpOutboxKind        kind,
              gboolean            flag,
              guint               number)
{
  RpConversation *c = self->conversation;
  g_autoptr(RpOutboxPayload) payload = rp_outbox_payload_new ();
  g_autoptr(RpOutboxItem) item = NULL;
  g_autofree char *json = NULL;

  if (c == NULL || self->store == NULL)
    return;

  payload->channel_id = g_strdup (c->channel_id);
  payload->flag = flag;
  payload->number = number;
  json = rp_outbox_payload_to_json (kind, payload);
  item = rp_outbox_item_new (kind, c->account_id, rp_outbox_payload_target (kind, payload), json);
  rp_store_outbox_enqueue_async (self->store, item, NULL, NULL, flag_enqueued_cb, kick_new (self));
}

static void
mark_processed_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  RpConversationView *self = RP_CONVERSATION_VIEW (widget);

  /* The store shows the flag at once (its local echo of mark-processed). */
  enqueue_flag (self, RP_OUTBOX_KIND_MARK_PROCESSED, TRUE, 0);
}

static void
mark_not_processed_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  RpConversationView *self = RP_CONVERSATION_VIEW (widget);

  /* The marketplace's processed flag goes both ways (deal_stat 0 or 1); the store's echo
   * follows the flag in the payload. */
  enqueue_flag (self, RP_OUTBOX_KIND_MARK_PROCESSED, FALSE, 0);
}

static void
set_rank_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  RpConversationView *self = RP_CONVERSATION_VIEW (widget);
  guint rank = g_variant_get_uint32 (param);

  if (self->conversation == NULL || rank > 5)
    return;

  /* The store does not echo a label, so the view shows it until a sync reads it back. */
  self->pending_rank = rank;
  enqueue_flag (self, RP_OUTBOX_KIND_SET_RANK, FALSE, rank);
  update_header (self);
}

static void
retried_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Kick) kick = user_data;
  g_autoptr(GError) error = NULL;

  if (!rp_store_outbox_set_state_finish (RP_STORE (object), result, &error))
    {
      g_warning ("Could not queue the message again: %s", error->message);
      return;
    }

  if (kick->context != NULL)
    rp_context_send_outbox (kick->context, kick->account_id);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  RpConversationView *self = RP_CONVERSATION_VIEW (widget);
  gint64 id = g_variant_get_int64 (param);

  if (id <= 0 || self->store == NULL)
    return;

  rp_store_outbox_set_state_async (self->store, id, RP_OUTBOX_QUEUED, NULL, NULL, 0,
                                   NULL, retried_cb, kick_new (self));
}

/* Messages */

static void
setup_bubble_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 RpConversationView       *self)
{
  gtk_list_item_set_child (item, rp_message_bubble_new ());
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_selectable (item, FALSE);
}

static void
bind_bubble_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                RpConversationView       *self)
{
  RpMessageBubble *bubble = RP_MESSAGE_BUBBLE (gtk_list_item_get_child (item));
  RpMessage *message = rp_list_slot_get_item (gtk_list_item_get_item (item));
  guint position = gtk_list_item_get_position (item);
  g_autoptr(RpListSlot) previous_slot = NULL;
  RpMessage *previous = NULL;
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autofree char *day = NULL;

  /* A day separator goes above the first message of each local day. */
  if (position > 0)
    previous_slot = g_list_model_get_item (G_LIST_MODEL (self->selection), position - 1);
  if (previous_slot != NULL)
    previous = rp_list_slot_get_item (previous_slot);
  if (previous == NULL || !rp_conversation_same_day (previous->sent_at, message->sent_at, local))
    day = rp_conversation_format_day (message->sent_at, g_get_real_time (), local);

  rp_message_bubble_set_buyer_zone (bubble, self->buyer_zone);
  rp_message_bubble_set_message (bubble, message);
  rp_message_bubble_set_day (bubble, day);
}

static void
unbind_bubble_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  RpConversationView       *self)
{
  rp_message_bubble_set_message (RP_MESSAGE_BUBBLE (gtk_list_item_get_child (item)), NULL);
}

static void
scroll_to_end (RpConversationView *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);

  /* GTK 4.8 warns that it "failed to scroll" when the value moves while the list is empty
   * (between two conversations, or before the first page is read): nothing to show yet. */
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));

  if (n == 0)
    return;

  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  /* And the list's anchor on the newest message, at the bottom: the rows above it are
   * measured, and older ones added, without moving it out of sight. */
  gtk_widget_activate_action (GTK_WIDGET (self->message_list), "list.scroll-to-item", "u", n - 1);
}

static void
adjustment_changed_cb (RpConversationView *self,
                       GtkAdjustment      *adj)
{
  /* The list measures rows as they come into view and the upper bound moves: keep the
   * newest message in sight while the seller has not scrolled up. */
  if (self->stick_to_bottom)
    scroll_to_end (self);
}

static void
adjustment_value_changed_cb (RpConversationView *self,
                             GtkAdjustment      *adj)
{
  double end = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

  self->stick_to_bottom = gtk_adjustment_get_value (adj) >= end - STICK_MARGIN;
}

static void
try_reveal (RpConversationView *self)
{
  GListModel *model = G_LIST_MODEL (self->messages);
  guint n;

  if (self->reveal_message_id == NULL || self->messages == NULL || self->slots == NULL)
    return;

  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RpMessage) m = g_list_model_get_item (model, i);

      if (g_strcmp0 (m->message_id, self->reveal_message_id) == 0)
        {
          /* The list may not show that far up yet. */
          guint position = rp_slot_list_model_show_row (self->slots, i);

          self->stick_to_bottom = FALSE;
          gtk_widget_activate_action (GTK_WIDGET (self->message_list), "list.scroll-to-item", "u",
                                      position);
          g_clear_pointer (&self->reveal_message_id, g_free);
          return;
        }
    }
}

static gboolean
reveal_cb (gpointer data)
{
  RpConversationView *self = data;

  self->reveal_source = 0;
  try_reveal (self);
  return G_SOURCE_REMOVE;
}

static void
messages_changed_cb (RpConversationView *self,
                     guint               position,
                     guint               removed,
                     guint               added,
                     GListModel         *model)
{
  /* The list view makes its rows for the new items after this signal: scrolling to one
   * now would miss it, so the reveal waits until the list has been laid out. */
  if (self->reveal_message_id != NULL && self->reveal_source == 0)
    self->reveal_source = g_idle_add_full (G_PRIORITY_LOW, reveal_cb, self, NULL);
  /* A new buyer message moves their likely hours; a scheduled one joins the list. */
  if (added > 0 && self->buyer_zone != NULL)
    load_buyer_messages (self);
  else
    update_send_later (self);
}

static void
rows_changed_cb (RpConversationView *self)
{
  /* New rows below, or older ones above while the newest should stay in sight. */
  if (self->stick_to_bottom)
    scroll_to_end (self);
}

static void
ensure_messages_model (RpConversationView *self,
                       RpStore            *store,
                       gint64              account_id)
{
  if (self->messages != NULL && self->store == store && self->messages_account_id == account_id)
    return;

  if (self->messages != NULL)
    g_signal_handlers_disconnect_by_func (self->messages, messages_changed_cb, self);
  if (self->slots != NULL)
    g_signal_handlers_disconnect_by_func (self->slots, rows_changed_cb, self);
  gtk_no_selection_set_model (self->selection, NULL);
  g_clear_object (&self->slots);
  g_clear_object (&self->messages);
  g_set_object (&self->store, store);

  if (store == NULL)
    return;

  self->messages = rp_store_list_model_new (store, RP_STORE_LIST_MESSAGES, account_id);
  self->messages_account_id = account_id;
  g_signal_connect_object (self->messages, "items-changed",
                           G_CALLBACK (messages_changed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  /* The messages come oldest first, page after page: the list shows the newest at once,
   * a few bubbles, and older ones above them a few at a time, instead of making 200
   * bubbles for the first (oldest) page and 200 more at the end once it is read. */
  self->slots = rp_slot_list_model_new (G_LIST_MODEL (self->messages));
  rp_slot_list_model_set_from_end (self->slots, TRUE);
  rp_slot_list_model_set_pace (self->slots, BUBBLES_PER_STEP);
  g_signal_connect_object (self->slots, "items-changed", G_CALLBACK (rows_changed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  gtk_no_selection_set_model (self->selection, G_LIST_MODEL (self->slots));
}

/* GObject */

static void
rp_conversation_view_dispose (GObject *object)
{
  RpConversationView *self = (RpConversationView *)object;

  save_draft (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->clock_source, g_source_remove);
  g_clear_handle_id (&self->draft_source, g_source_remove);
  g_clear_handle_id (&self->reveal_source, g_source_remove);
  if (self->messages != NULL)
    g_signal_handlers_disconnect_by_func (self->messages, messages_changed_cb, self);
  if (self->slots != NULL)
    g_signal_handlers_disconnect_by_func (self->slots, rows_changed_cb, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), RP_TYPE_CONVERSATION_VIEW);
  /* The template's top box has no id, so the template does not unparent it. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->slots);
  g_clear_object (&self->messages);
  g_clear_object (&self->store);
  g_clear_object (&self->conversation);
  g_clear_object (&self->context);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->buyer_zone, g_time_zone_unref);
  g_clear_pointer (&self->reveal_message_id, g_free);
  g_clear_object (&self->order);
  g_clear_object (&self->shipment);
  g_clear_pointer (&self->buyer_history, rp_store_buyer_history_free);

  G_OBJECT_CLASS (rp_conversation_view_parent_class)->dispose (object);
}

static void
rp_conversation_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  RpConversationView *self = RP_CONVERSATION_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_CONVERSATION:
      g_value_set_object (value, self->conversation);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_conversation_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  RpConversationView *self = RP_CONVERSATION_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      rp_conversation_view_set_context (self, g_value_get_object (value));
      break;

    case PROP_CONVERSATION:
      rp_conversation_view_set_conversation (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_conversation_view_class_init (RpConversationViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_conversation_view_dispose;
  object_class->get_property = rp_conversation_view_get_property;
  object_class->set_property = rp_conversation_view_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RP_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CONVERSATION] =
    g_param_spec_object ("conversation", NULL, NULL,
                         RP_TYPE_CONVERSATION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RP_TYPE_COMPOSER);
  g_type_ensure (RP_TYPE_CONVERSATION_ORDER_CARD);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/rp-conversation-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RpConversationView, header_box);
  gtk_widget_class_bind_template_child (widget_class, RpConversationView, header_separator);
  gtk_widget_class_bind_template_child (widget_class, RpConversationView, back_button);
  gtk_widget_class_bind_template_child (widget_class, RpConversationView, order_button);
  gtk_widget_class_bind_template_child (widget_class, RpConversationView, order_card);
  gtk_widget_class_bind_template_child (widget_class, RpConversationView, title_label);
  gtk_widget_class_bind_template_child (widget_class, RpConversationView, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, RpConversationView, stack);
  gtk_widget_class_bind_template_child (widget_class, RpConversationView, scroller);
  gtk_widget_class_bind_template_child (widget_class, RpConversationView, message_list);
  gtk_widget_class_bind_template_child (widget_class, RpConversationView, composer);
  gtk_widget_class_bind_template_callback (widget_class, composer_send_cb);

  gtk_widget_class_install_action (widget_class, "conversation.retry", "x", retry_action);
  gtk_widget_class_install_action (widget_class, "conversation.mark-processed", NULL,
                                   mark_processed_action);
  gtk_widget_class_install_action (widget_class, "conversation.mark-not-processed", NULL,
                                   mark_not_processed_action);
  gtk_widget_class_install_action (widget_class, "conversation.set-rank", "u", set_rank_action);
  gtk_widget_class_install_action (widget_class, "conversation.insert-template", "u",
                                   insert_template_action);
}

static void
rp_conversation_view_init (RpConversationView *self)
{
  GtkListItemFactory *factory;
  GtkAdjustment *adj;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->stick_to_bottom = TRUE;
  self->pending_rank = -1;
  self->selection = gtk_no_selection_new (NULL);
  {
    g_autoptr(GMenuModel) menu = templates_menu ();

    rp_composer_set_templates (self->composer, menu);
  }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conversation.insert-template", FALSE);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_bubble_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_bubble_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_bubble_cb), self);
  gtk_list_view_set_factory (self->message_list, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->message_list, GTK_SELECTION_MODEL (self->selection));

  adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (adj, "changed", G_CALLBACK (adjustment_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (adj, "value-changed", G_CALLBACK (adjustment_value_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (rp_composer_get_buffer (self->composer), "changed",
                           G_CALLBACK (composer_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->composer, "send-later",
                           G_CALLBACK (composer_send_later_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->composer, "reschedule",
                           G_CALLBACK (composer_reschedule_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->composer, "cancel-scheduled",
                           G_CALLBACK (composer_cancel_scheduled_cb), self, G_CONNECT_SWAPPED);

  update_actions (self);
  update_header (self);
}

static void
offline_changed_cb (RpConversationView *self)
{
  /* No attempt at a buyer's image while the marketplace cannot be reached either. */
  rp_thumbnails_set_offline (rp_thumbnails_get_default (), rp_context_get_offline (self->context));
}

/**
 * rp_conversation_view_get_context:
 *
 * Returns: (transfer none) (nullable): the context
 */
RpContext *
rp_conversation_view_get_context (RpConversationView *self)
{
  g_return_val_if_fail (RP_IS_CONVERSATION_VIEW (self), NULL);

  return self->context;
}

void
rp_conversation_view_set_context (RpConversationView *self,
                                  RpContext          *context)
{
  g_return_if_fail (RP_IS_CONVERSATION_VIEW (self));
  g_return_if_fail (context == NULL || RP_IS_CONTEXT (context));

  if (self->context != NULL)
    g_signal_handlers_disconnect_by_func (self->context, offline_changed_cb, self);

  if (g_set_object (&self->context, context))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);

  if (context != NULL)
    {
      g_signal_connect_object (context, "notify::offline", G_CALLBACK (offline_changed_cb), self,
                               G_CONNECT_SWAPPED);
      offline_changed_cb (self);
    }
}

/**
 * rp_conversation_view_get_conversation:
 *
 * Returns: (transfer none) (nullable): the conversation shown
 */
RpConversation *
rp_conversation_view_get_conversation (RpConversationView *self)
{
  g_return_val_if_fail (RP_IS_CONVERSATION_VIEW (self), NULL);

  return self->conversation;
}

static gboolean
same_conversation (RpConversation *a,
                   RpConversation *b)
{
  return a != NULL && b != NULL &&
         a->account_id == b->account_id &&
         g_strcmp0 (a->channel_id, b->channel_id) == 0;
}

void
rp_conversation_view_set_conversation (RpConversationView *self,
                                       RpConversation     *conversation)
{
  RpStore *store;

  g_return_if_fail (RP_IS_CONVERSATION_VIEW (self));
  g_return_if_fail (conversation == NULL || RP_IS_CONVERSATION (conversation));

  if (self->conversation == conversation)
    return;

  /* A reload of the list hands in a fresh object for the same conversation: take its
   * newer counts and texts, keep everything else. */
  if (same_conversation (self->conversation, conversation))
    {
      g_set_object (&self->conversation, conversation);
      if (self->pending_rank >= 0 && conversation->rank == (guint) self->pending_rank)
        self->pending_rank = -1;
      update_actions (self);
      update_header (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERSATION]);
      return;
    }

  save_draft (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->buyer_zone, g_time_zone_unref);
  g_clear_pointer (&self->reveal_message_id, g_free);
  g_clear_handle_id (&self->clock_source, g_source_remove);
  g_clear_object (&self->order);
  g_clear_object (&self->shipment);
  g_clear_pointer (&self->buyer_history, rp_store_buyer_history_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conversation.insert-template", FALSE);
  rp_conversation_order_card_set_shipment (self->order_card, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->order_button), FALSE);
  gtk_toggle_button_set_active (self->order_button, FALSE);
  self->pending_rank = -1;

  store = self->context != NULL ? rp_context_get_store (self->context) : NULL;
  if (conversation != NULL && store != NULL)
    ensure_messages_model (self, store, conversation->account_id);
  g_set_object (&self->conversation, conversation);

  self->setting_text = TRUE;
  rp_composer_set_text (self->composer, "");
  self->setting_text = FALSE;
  self->draft_dirty = FALSE;
  self->stick_to_bottom = TRUE;

  if (conversation != NULL && self->messages != NULL)
    {
      g_autoptr(GTask) task = NULL;
      DraftLoad *load;

      self->cancellable = g_cancellable_new ();
      rp_store_list_model_set_channel (self->messages, conversation->channel_id);

      load = g_new0 (DraftLoad, 1);
      load->store = g_object_ref (self->store);
      load->account_id = conversation->account_id;
      load->owner = rp_conversation_view_draft_owner (conversation);
      task = g_task_new (self, self->cancellable, draft_loaded_cb, NULL);
      g_task_set_source_tag (task, rp_conversation_view_set_conversation);
      g_task_set_task_data (task, load, draft_load_free);
      g_task_run_in_thread (task, draft_load_thread);

      if (conversation->order_id != NULL)
        rp_store_get_order_async (self->store, conversation->account_id, conversation->order_id,
                                  self->cancellable, order_loaded_cb, g_object_ref (self));

      self->clock_source = g_timeout_add_seconds (30, clock_cb, self);
      rp_conversation_view_mark_read (self);
    }

  update_actions (self);
  update_header (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERSATION]);
}

void
rp_conversation_view_set_show_back (RpConversationView *self,
                                    gboolean            show_back)
{
  g_return_if_fail (RP_IS_CONVERSATION_VIEW (self));

  gtk_widget_set_visible (GTK_WIDGET (self->back_button), show_back);
}

/**
 * rp_conversation_view_get_messages:
 *
 * Returns: (transfer none) (nullable): the messages of the conversation shown
 */
GListModel *
rp_conversation_view_get_messages (RpConversationView *self)
{
  g_return_val_if_fail (RP_IS_CONVERSATION_VIEW (self), NULL);

  return self->messages != NULL ? G_LIST_MODEL (self->messages) : NULL;
}

/**
 * rp_conversation_view_get_composer:
 *
 * Returns: (transfer none): the composer
 */
GtkWidget *
rp_conversation_view_get_composer (RpConversationView *self)
{
  g_return_val_if_fail (RP_IS_CONVERSATION_VIEW (self), NULL);

  return GTK_WIDGET (self->composer);
}

/* Brings @message_id of the shown conversation into view once its messages are loaded. */
void
rp_conversation_view_reveal_message (RpConversationView *self,
                                     const char         *message_id)
{
  g_return_if_fail (RP_IS_CONVERSATION_VIEW (self));

  g_free (self->reveal_message_id);
  self->reveal_message_id = g_strdup (message_id);
  try_reveal (self);
}
