/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-shipment-detail"

#include "config.h"

#include <glib/gi18n.h>

#include "rp-buyer-zone.h"
#include "rp-conduct.h"
#include "rp-country.h"
#include "rp-local-time.h"
#include "rp-outbox-payload.h"
#include "rp-shipment-detail.h"
#include "rp-shipment-row.h"

/* One parcel: what the rules say, the carrier's timeline verbatim, the drafted message
 * to the buyer and the extension of the buyer's time, both through the outbox. */
struct _RpShipmentDetail
{
  GtkWidget        parent_instance;

  RpContext       *context;
  RpTrackingEntry *entry;
  gulong           loaded_handler;
  RpOrder         *order;
  GCancellable    *cancellable;      /* reads for the parcel shown; cancelled on change */
  gboolean         show_back;

  /* The draft is the seller's once they edit it: a re-read must not overwrite it. */
  gboolean         draft_edited;
  gboolean         setting_draft;
  char            *conduct_warned;   /* the text last warned about: sending it again sends */
  gboolean         sending;
  gboolean         extending;
  /* The last word to the buyer about this parcel, from the order's local state. */
  RpParcelProblem  notice_problem;
  gint64           notice_at;

  GtkStack        *stack;
  GtkWidget       *back_bar;
  GtkLabel        *title_label;
  GtkLabel        *subtitle_label;
  GtkGrid         *facts_grid;
  GtkWidget       *problem_box;
  GtkLabel        *problem_label;
  GtkLabel        *notice_label;
  GtkTextView     *draft_view;
  GtkLabel        *draft_info_label;
  GtkLabel        *send_status_label;
  GtkWidget       *extend_box;
  GtkSpinButton   *extend_spin;
  GtkLabel        *extend_status_label;
  GtkBox          *timeline_box;
};

G_DEFINE_FINAL_TYPE (RpShipmentDetail, rp_shipment_detail, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SHOW_BACK,
  N_PROPS
};

enum {
  BACK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static char *
format_local (gint64 utc_usec)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (utc_usec <= 0)
    return g_strdup ("—");

  utc = g_date_time_new_from_unix_utc (utc_usec / G_USEC_PER_SEC);
  if (utc == NULL)
    return g_strdup ("—");
  local = g_date_time_to_local (utc);

  /* Translators: a date and time in the seller's zone; see g_date_time_format(). */
  /* xgettext:no-c-format */
  return g_date_time_format (local, _("%-d %b %Y, %H:%M"));
}

static RpStore *
get_store (RpShipmentDetail *self)
{
  return self->context != NULL ? rp_context_get_store (self->context) : NULL;
}

static RpShipment *
get_shipment (RpShipmentDetail *self)
{
  return self->entry != NULL ? rp_tracking_entry_get_shipment (self->entry) : NULL;
}

static GTimeZone *
buyer_zone (RpShipmentDetail *self)
{
  RpShipment *shipment = get_shipment (self);
  const char *country = NULL;
  const char *province = NULL;
  const char *city = NULL;
  RpBuyerZone *zones = rp_buyer_zone_get_default ();

  if (self->order != NULL)
    {
      country = self->order->address.country != NULL ? self->order->address.country
                                                       : self->order->buyer_country;
      province = self->order->address.province;
      city = self->order->address.city;
    }
  if (country == NULL && shipment != NULL)
    country = shipment->to_country;
  /* Without tzdata (rp_buyer_zone_get_default() warns) no buyer time is shown. */
  if (country == NULL || zones == NULL)
    return NULL;

  return rp_buyer_zone_lookup_time_zone (zones, country, province, city, NULL);
}

static void
update_actions (RpShipmentDetail *self)
{
  RpShipment *shipment = get_shipment (self);
  const RpTrackingAssessment *a = self->entry != NULL ? rp_tracking_entry_get_assessment (self->entry) : NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->draft_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  gboolean can_extend;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_strstrip (text);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "shipment.send-message",
                                 !self->sending && get_store (self) != NULL &&
                                 shipment != NULL && self->order != NULL && *text != '\0');

  /* The platform extends only orders waiting for the buyer to accept the goods. */
  can_extend = self->order != NULL && self->order->status == RP_ORDER_STATUS_SHIPPED &&
               a != NULL && a->status != RP_TRACKING_DELIVERED;
  gtk_widget_set_visible (self->extend_box,
                          can_extend && rp_tracking_entry_get_problem (self->entry) != RP_PARCEL_PROBLEM_NONE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "shipment.extend-accept",
                                 can_extend && !self->extending && get_store (self) != NULL);
}

static void
set_status (GtkLabel   *label,
            const char *text,
            gboolean    is_error)
{
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
  gtk_label_set_text (label, text != NULL ? text : "");
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
}

static void
set_draft (RpShipmentDetail *self,
           const char       *text)
{
  self->setting_draft = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->draft_view), text, -1);
  self->setting_draft = FALSE;
  self->draft_edited = FALSE;
}

static void
update_draft (RpShipmentDetail *self)
{
  RpShipment *shipment = get_shipment (self);
  RpParcelProblem problem = rp_tracking_entry_get_problem (self->entry);
  g_autoptr(GError) error = NULL;
  g_autofree char *language = NULL;
  g_autofree char *draft = NULL;
  g_autofree char *info = NULL;
  const char *country;

  if (self->draft_edited)
    return;

  country = self->order != NULL && self->order->buyer_country != NULL
            ? self->order->buyer_country : shipment->to_country;
  language = rp_parcel_problem_buyer_language (country);
  draft = rp_parcel_problem_draft (problem, self->order, shipment, language, g_get_real_time (), &error);

  if (draft != NULL)
    {
      const RpCountry *entry = country != NULL ? rp_country_lookup (country) : NULL;

      set_draft (self, draft);
      if (entry == NULL || entry->languages == NULL ||
          g_ascii_strncasecmp (entry->languages, language, 2) == 0)
        /* Translators: %s is a language code such as "fr". */
        info = g_strdup_printf (_("Drafted in the buyer's language (%s). Check it and edit it before sending."),
                                language);
      else
        info = g_strdup (_("There is no built-in text in the buyer's language, so this draft is in English. Check it and edit it before sending."));
    }
  else
    {
      set_draft (self, "");
      info = g_strdup (error->message);
    }

  if (self->order == NULL)
    gtk_label_set_text (self->draft_info_label, _("The order is not in the cache yet: sync to send messages."));
  else
    gtk_label_set_text (self->draft_info_label, info);
}

static void
add_fact (RpShipmentDetail *self,
          int               row,
          const char       *name,
          const char       *value)
{
  GtkWidget *key = gtk_label_new (name);
  GtkWidget *val = gtk_label_new (value);

  gtk_label_set_xalign (GTK_LABEL (key), 0);
  gtk_label_set_yalign (GTK_LABEL (key), 0);
  gtk_widget_add_css_class (key, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (val), 0);
  gtk_label_set_wrap (GTK_LABEL (val), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (val), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (val), TRUE);
  gtk_widget_set_hexpand (val, TRUE);

  gtk_grid_attach (self->facts_grid, key, 0, row, 1, 1);
  gtk_grid_attach (self->facts_grid, val, 1, row, 1, 1);
}

static void
clear_children (GtkWidget *widget)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    {
      if (GTK_IS_GRID (widget))
        gtk_grid_remove (GTK_GRID (widget), child);
      else
        gtk_box_remove (GTK_BOX (widget), child);
    }
}

static void
update_facts (RpShipmentDetail *self)
{
  RpShipment *shipment = get_shipment (self);
  const RpTrackingAssessment *a = rp_tracking_entry_get_assessment (self->entry);
  const RpTrackingEvent *last = rp_tracking_entry_get_last_event (self->entry);
  RpTrackingStatus status = a != NULL ? a->status : shipment->status;
  g_autoptr(GTimeZone) zone = buyer_zone (self);
  g_autofree char *shipped = format_local (shipment->shipped_at);
  g_autofree char *last_text = NULL;
  g_autofree char *flag = NULL;
  g_autofree char *country = NULL;
  g_autofree char *destination = NULL;
  int row = 0;

  clear_children (GTK_WIDGET (self->facts_grid));

  add_fact (self, row++, _("Status"), rp_tracking_status_label (status));

  if (last != NULL)
    {
      g_autofree char *when = format_local (last->at);

      if (a != NULL && status != RP_TRACKING_DELIVERED)
        /* Translators: a date and time, then how many days ago it was. */
        last_text = g_strdup_printf (ngettext ("%s (%u day ago)", "%s (%u days ago)",
                                               a->days_since_event),
                                     when, a->days_since_event);
      else
        last_text = g_steal_pointer (&when);
      add_fact (self, row++, _("Last event"), last_text);
    }

  if (a != NULL && shipment->shipped_at > 0)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%s (%u day ago)", "%s (%u days ago)",
                                                         a->days_since_shipped),
                                               shipped, a->days_since_shipped);

      add_fact (self, row++, _("Shipped"), text);
    }
  else
    add_fact (self, row++, _("Shipped"), shipped);

  add_fact (self, row++, _("Carrier"), shipment->service_name != NULL ? shipment->service_name : "—");
  add_fact (self, row++, _("Tracking number"), shipment->tracking_no != NULL ? shipment->tracking_no : "—");

  if (self->order != NULL && self->order->buyer_name != NULL)
    add_fact (self, row++, _("Buyer"), self->order->buyer_name);

  if (shipment->to_country != NULL)
    {
      flag = rp_country_get_flag (shipment->to_country);
      country = rp_country_get_name (shipment->to_country);
      if (zone != NULL)
        {
          g_autofree char *now = rp_local_time_format (g_get_real_time (), zone);

          /* Translators: a flag, a country, then the buyer's local time now. */
          destination = g_strdup_printf (_("%s %s, buyer's time %s"), flag, country, now);
        }
      else
        destination = g_strdup_printf ("%s %s", flag, country);
      add_fact (self, row++, _("Destination"), destination);
    }

  /* Buyer protection ends with the buyer's time to confirm receipt: a parcel still on its
   * way then is a dispute waiting to happen. */
  if (shipment->protection_end > 0)
    {
      g_autofree char *end = format_local (shipment->protection_end);
      g_autofree char *left = status != RP_TRACKING_DELIVERED
                              ? rp_shipment_protection_left (shipment->protection_end,
                                                             g_get_real_time ())
                              : NULL;
      g_autofree char *text = left != NULL ? g_strdup_printf ("%s (%s)", end, left)
                                           : g_steal_pointer (&end);

      add_fact (self, row++, _("Buyer protection ends"), text);
    }
}

static void
update_timeline (RpShipmentDetail *self)
{
  RpShipment *shipment = get_shipment (self);
  guint n = shipment->events != NULL ? shipment->events->len : 0;

  clear_children (GTK_WIDGET (self->timeline_box));

  if (!rp_tracking_entry_get_loaded (self->entry) || n == 0)
    {
      GtkWidget *label = gtk_label_new (rp_tracking_entry_get_loaded (self->entry)
                                        ? _("The carrier has no events for this parcel yet.")
                                        : _("Reading the tracking…"));

      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_margin_top (label, 12);
      gtk_widget_set_margin_bottom (label, 12);
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_box_append (self->timeline_box, label);
      return;
    }

  /* Newest first, as carriers show it; the texts are the carrier's own, verbatim. */
  for (guint i = n; i > 0; i--)
    {
      const RpTrackingEvent *event = g_ptr_array_index (shipment->events, i - 1);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *text = gtk_label_new (event->description != NULL ? event->description : "");
      g_autofree char *when = format_local (event->at);
      g_autofree char *meta = NULL;
      GtkWidget *meta_label;

      meta = g_strdup_printf ("%s%s%s%s%s", when,
                              event->address != NULL && *event->address != '\0' ? " · " : "",
                              event->address != NULL ? event->address : "",
                              event->action_code != NULL && *event->action_code != '\0' ? " · " : "",
                              event->action_code != NULL ? event->action_code : "");
      meta_label = gtk_label_new (meta);

      gtk_widget_set_margin_top (box, 8);
      gtk_widget_set_margin_bottom (box, 8);
      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);
      gtk_label_set_xalign (GTK_LABEL (text), 0);
      gtk_label_set_wrap (GTK_LABEL (text), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (text), TRUE);
      if (i == n)
        gtk_widget_add_css_class (text, "heading");
      gtk_label_set_xalign (GTK_LABEL (meta_label), 0);
      gtk_label_set_wrap (GTK_LABEL (meta_label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (meta_label), PANGO_WRAP_WORD_CHAR);
      gtk_widget_add_css_class (meta_label, "caption");
      gtk_widget_add_css_class (meta_label, "dim-label");
      gtk_box_append (GTK_BOX (box), text);
      gtk_box_append (GTK_BOX (box), meta_label);

      if (i != n)
        gtk_box_append (self->timeline_box, gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
      gtk_box_append (self->timeline_box, box);
    }
}

static void
update_notice (RpShipmentDetail *self)
{
  RpParcelProblem problem = self->entry != NULL ? rp_tracking_entry_get_problem (self->entry)
                                                : RP_PARCEL_PROBLEM_NONE;
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), self->notice_at > 0);
  if (self->notice_at <= 0)
    return;

  when = format_local (self->notice_at);
  if (self->notice_problem == problem)
    /* Translators: %s is a date and time. */
    text = g_strdup_printf (_("You wrote to the buyer about this on %s."), when);
  else
    /* Translators: %s is a date and time, then the short name of a parcel problem. */
    text = g_strdup_printf (_("You last wrote to the buyer about this parcel on %s (%s)."),
                            when, rp_shipment_problem_label (self->notice_problem));
  gtk_label_set_text (self->notice_label, text);
}

typedef struct
{
  RpStore *store;
  gint64   account_id;
  char    *order_id;
} NoticeRead;

static void
notice_read_free (NoticeRead *read)
{
  g_clear_object (&read->store);
  g_free (read->order_id);
  g_free (read);
}

/* The store has no asynchronous read of one local-state key; its synchronous call waits
 * for the store's thread, so it runs here, off the UI thread. */
static void
notice_read_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  NoticeRead *read = task_data;
  GError *error = NULL;
  char *value = rp_store_get_order_state_sync (read->store, read->account_id, read->order_id,
                                               RP_PARCEL_NOTICE_STATE, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, value, g_free);
}

static void
notice_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  RpShipmentDetail *self = RP_SHIPMENT_DETAIL (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *value = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    {
      g_warning ("Could not read when the buyer was last told about a parcel: %s", error->message);
      return;
    }

  if (value != NULL &&
      !rp_parcel_notice_parse (value, &self->notice_problem, &self->notice_at, &error))
    {
      g_debug ("%s", error->message);
      self->notice_at = 0;
    }
  update_notice (self);
}

static void
read_notice (RpShipmentDetail *self,
             RpShipment       *shipment)
{
  RpStore *store = get_store (self);
  g_autoptr(GTask) task = NULL;
  NoticeRead *read;

  if (store == NULL || shipment->order_id == NULL)
    return;

  read = g_new0 (NoticeRead, 1);
  read->store = g_object_ref (store);
  read->account_id = shipment->account_id;
  read->order_id = g_strdup (shipment->order_id);

  task = g_task_new (self, self->cancellable, notice_read_cb, NULL);
  g_task_set_source_tag (task, read_notice);
  g_task_set_task_data (task, read, (GDestroyNotify)notice_read_free);
  g_task_run_in_thread (task, notice_read_thread);
}

static void
notice_written_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The message itself is safe in the outbox; only the reminder is lost. */
  if (!rp_store_set_order_state_finish (RP_STORE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not note that the buyer was told about a parcel: %s", error->message);
}

static void
update (RpShipmentDetail *self)
{
  RpShipment *shipment;
  const RpTrackingAssessment *a;
  RpParcelProblem problem;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  if (self->entry == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      update_actions (self);
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "parcel");
  shipment = get_shipment (self);
  a = rp_tracking_entry_get_assessment (self->entry);
  problem = rp_tracking_entry_get_problem (self->entry);

  title = g_strdup_printf (_("Order %s"), shipment->order_id != NULL ? shipment->order_id : "");
  gtk_label_set_text (self->title_label, title);
  /* Translators: the carrier's service, then the tracking number. */
  subtitle = g_strdup_printf (_("%s, tracking number %s"),
                              shipment->service_name != NULL ? shipment->service_name : "—",
                              shipment->tracking_no != NULL ? shipment->tracking_no : "—");
  gtk_label_set_text (self->subtitle_label, subtitle);

  update_facts (self);
  update_timeline (self);

  gtk_widget_set_visible (self->problem_box, problem != RP_PARCEL_PROBLEM_NONE);
  if (problem != RP_PARCEL_PROBLEM_NONE)
    {
      g_autofree char *text = rp_parcel_problem_describe (a, problem);

      gtk_label_set_text (self->problem_label, text);
      gtk_widget_remove_css_class (GTK_WIDGET (self->problem_label), "warning");
      gtk_widget_remove_css_class (GTK_WIDGET (self->problem_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->problem_label),
                                rp_parcel_problem_level (a, problem) == RP_TRACKING_LEVEL_CRITICAL
                                ? "error" : "warning");
      update_draft (self);
    }
  update_notice (self);

  update_actions (self);
}

static void
order_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(RpShipmentDetail) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RpOrder) order = rp_store_get_order_finish (RP_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    g_warning ("Could not read the order of a parcel: %s", error->message);

  g_set_object (&self->order, order);
  update (self);
}

static void
entry_loaded_cb (RpShipmentDetail *self)
{
  update (self);
}

static void
draft_changed_cb (RpShipmentDetail *self)
{
  if (!self->setting_draft)
    self->draft_edited = TRUE;
  update_actions (self);
}

static void
back_clicked_cb (RpShipmentDetail *self)
{
  g_signal_emit (self, signals[BACK], 0);
}

/* What a send was about: the parcel shown may change before the store answers, and the
 * outbox item is committed whatever the view does meanwhile. */
typedef struct
{
  RpShipmentDetail *self;
  RpTrackingEntry  *entry;
  gint64            account_id;
  char             *order_id;
  gboolean          extension;  /* the buyer's request for more time accepted, not a message */
  RpParcelProblem   problem;    /* a message's: the problem it tells the buyer about */
} Send;

static Send *
send_new (RpShipmentDetail *self,
          gboolean          extension)
{
  RpShipment *shipment = get_shipment (self);
  Send *send = g_new0 (Send, 1);

  send->self = g_object_ref (self);
  send->entry = g_object_ref (self->entry);
  send->account_id = shipment->account_id;
  send->order_id = g_strdup (shipment->order_id);
  send->extension = extension;
  send->problem = extension ? RP_PARCEL_PROBLEM_NONE
                            : rp_tracking_entry_get_problem (self->entry);

  return send;
}

static void
send_free (Send *send)
{
  g_clear_object (&send->self);
  g_clear_object (&send->entry);
  g_free (send->order_id);
  g_free (send);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Send, send_free)

/* The message or the extension is committed to the outbox (or refused): said under its
 * form while its parcel is still shown, in the log otherwise. */
static void
enqueued_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Send) send = user_data;
  RpShipmentDetail *self = send->self;
  gboolean shown = self->entry == send->entry;
  GtkLabel *status_label = send->extension ? self->extend_status_label : self->send_status_label;
  g_autoptr(GError) error = NULL;
  gint64 id = rp_store_outbox_enqueue_finish (RP_STORE (object), result, &error);

  if (shown && send->extension)
    self->extending = FALSE;
  else if (shown)
    self->sending = FALSE;

  if (id <= 0)
    {
      if (shown)
        {
          g_autofree char *text = NULL;

          if (send->extension)
            text = g_strdup_printf (_("The extension could not be queued: %s"), error->message);
          else
            text = g_strdup_printf (_("The message could not be queued: %s"), error->message);
          set_status (status_label, text, TRUE);
          update_actions (self);
        }
      else if (send->extension)
        g_warning ("An extension for order %s could not be queued: %s", send->order_id, error->message);
      else
        g_warning ("A message about order %s could not be queued: %s", send->order_id, error->message);
      return;
    }

  if (self->context != NULL)
    rp_context_send_outbox (self->context, send->account_id);

  if (send->problem != RP_PARCEL_PROBLEM_NONE)
    {
      gint64 now = g_get_real_time ();
      g_autofree char *notice = rp_parcel_notice_format (send->problem, now);

      rp_store_set_order_state_async (RP_STORE (object), send->account_id, send->order_id,
                                      RP_PARCEL_NOTICE_STATE, notice, NULL, notice_written_cb, NULL);
      if (shown)
        {
          self->notice_problem = send->problem;
          self->notice_at = now;
          update_notice (self);
        }
    }

  if (shown)
    {
      set_status (status_label,
                  send->extension
                  ? _("The extension is in the outbox and is being sent.")
                  : _("The message is in the outbox and is being sent. It stays there until the marketplace has it."),
                  FALSE);
      update_actions (self);
    }
}

static void
send_message_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  RpShipmentDetail *self = RP_SHIPMENT_DETAIL (widget);
  RpShipment *shipment = get_shipment (self);
  RpStore *store = get_store (self);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->draft_view);
  g_autoptr(RpOutboxPayload) payload = rp_outbox_payload_new ();
  g_autoptr(RpOutboxItem) item = NULL;
  g_autoptr(RpMessage) echo = NULL;
  g_autoptr(GArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  GtkTextIter start, end;

  if (store == NULL || shipment == NULL || self->order == NULL || self->sending)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_strstrip (text);
  if (*text == '\0')
    return;

  /* The platform's rules warn; the seller decides, by sending the same text again. */
  findings = rp_conduct_check (text, &error);
  if (findings == NULL)
    {
      set_status (self->send_status_label, error->message, TRUE);
      return;
    }
  if (findings->len > 0 && g_strcmp0 (self->conduct_warned, text) != 0)
    {
      const RpConductFinding *finding = &g_array_index (findings, RpConductFinding, 0);
      g_autofree char *warning = g_strdup_printf (_("%s Send again to send it as it is."),
                                                  finding->explanation);

      g_free (self->conduct_warned);
      self->conduct_warned = g_strdup (text);
      set_status (self->send_status_label, warning, TRUE);
      return;
    }

  /* Order messages live in the channel named after the order. */
  payload->channel_id = g_strdup (self->order->order_id);
  payload->order_id = g_strdup (self->order->order_id);
  payload->buyer_login_id = g_strdup (self->order->buyer_login_id);
  payload->text = g_strdup (text);
  json = rp_outbox_payload_to_json (RP_OUTBOX_KIND_MESSAGE, payload);
  item = rp_outbox_item_new (RP_OUTBOX_KIND_MESSAGE, shipment->account_id, payload->channel_id, json);

  echo = rp_message_new ();
  echo->account_id = shipment->account_id;
  echo->channel_id = g_strdup (payload->channel_id);
  echo->is_own = TRUE;
  echo->content = g_strdup (text);
  echo->sent_at = g_get_real_time ();
  echo->message_type = g_strdup ("order");
  echo->extern_id = g_strdup (self->order->order_id);

  self->sending = TRUE;
  g_clear_pointer (&self->conduct_warned, g_free);
  set_status (self->send_status_label, NULL, FALSE);
  update_actions (self);
  rp_store_outbox_enqueue_async (store, item, echo, NULL, enqueued_cb, send_new (self, FALSE));
}

static void
extend_accept_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  RpShipmentDetail *self = RP_SHIPMENT_DETAIL (widget);
  RpShipment *shipment = get_shipment (self);
  RpStore *store = get_store (self);
  g_autoptr(RpOutboxPayload) payload = rp_outbox_payload_new ();
  g_autoptr(RpOutboxItem) item = NULL;
  g_autofree char *json = NULL;

  if (store == NULL || shipment == NULL || self->order == NULL || self->extending)
    return;

  payload->order_id = g_strdup (self->order->order_id);
  payload->number = (guint)gtk_spin_button_get_value_as_int (self->extend_spin);
  json = rp_outbox_payload_to_json (RP_OUTBOX_KIND_EXTEND_ACCEPT, payload);
  item = rp_outbox_item_new (RP_OUTBOX_KIND_EXTEND_ACCEPT, shipment->account_id,
                             payload->order_id, json);

  self->extending = TRUE;
  set_status (self->extend_status_label, NULL, FALSE);
  update_actions (self);
  rp_store_outbox_enqueue_async (store, item, NULL, NULL, enqueued_cb, send_new (self, TRUE));
}

static void
rp_shipment_detail_dispose (GObject *object)
{
  RpShipmentDetail *self = (RpShipmentDetail *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->entry != NULL)
    g_clear_signal_handler (&self->loaded_handler, self->entry);
  gtk_widget_dispose_template (GTK_WIDGET (self), RP_TYPE_SHIPMENT_DETAIL);
  g_clear_object (&self->entry);
  g_clear_object (&self->order);
  g_clear_object (&self->context);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->conduct_warned, g_free);

  G_OBJECT_CLASS (rp_shipment_detail_parent_class)->dispose (object);
}

static void
rp_shipment_detail_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RpShipmentDetail *self = RP_SHIPMENT_DETAIL (object);

  switch (prop_id)
    {
    case PROP_SHOW_BACK:
      g_value_set_boolean (value, self->show_back);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_shipment_detail_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  RpShipmentDetail *self = RP_SHIPMENT_DETAIL (object);

  switch (prop_id)
    {
    case PROP_SHOW_BACK:
      if (self->show_back != g_value_get_boolean (value))
        {
          self->show_back = g_value_get_boolean (value);
          gtk_widget_set_visible (self->back_bar, self->show_back);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_shipment_detail_class_init (RpShipmentDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_shipment_detail_dispose;
  object_class->get_property = rp_shipment_detail_get_property;
  object_class->set_property = rp_shipment_detail_set_property;

  /* The page shows the back button when it is folded to one pane. */
  properties[PROP_SHOW_BACK] =
    g_param_spec_boolean ("show-back", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "shipment.send-message", NULL, send_message_action);
  gtk_widget_class_install_action (widget_class, "shipment.extend-accept", NULL, extend_accept_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "shipment.send-message", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/rp-shipment-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, RpShipmentDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, RpShipmentDetail, back_bar);
  gtk_widget_class_bind_template_child (widget_class, RpShipmentDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, RpShipmentDetail, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, RpShipmentDetail, facts_grid);
  gtk_widget_class_bind_template_child (widget_class, RpShipmentDetail, problem_box);
  gtk_widget_class_bind_template_child (widget_class, RpShipmentDetail, problem_label);
  gtk_widget_class_bind_template_child (widget_class, RpShipmentDetail, notice_label);
  gtk_widget_class_bind_template_child (widget_class, RpShipmentDetail, draft_view);
  gtk_widget_class_bind_template_child (widget_class, RpShipmentDetail, draft_info_label);
  gtk_widget_class_bind_template_child (widget_class, RpShipmentDetail, send_status_label);
  gtk_widget_class_bind_template_child (widget_class, RpShipmentDetail, extend_box);
  gtk_widget_class_bind_template_child (widget_class, RpShipmentDetail, extend_spin);
  gtk_widget_class_bind_template_child (widget_class, RpShipmentDetail, extend_status_label);
  gtk_widget_class_bind_template_child (widget_class, RpShipmentDetail, timeline_box);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
}

static void
rp_shipment_detail_init (RpShipmentDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (gtk_text_view_get_buffer (self->draft_view), "changed",
                           G_CALLBACK (draft_changed_cb), self, G_CONNECT_SWAPPED);
  update (self);
}

void
rp_shipment_detail_set_context (RpShipmentDetail *self,
                                RpContext        *context)
{
  g_return_if_fail (RP_IS_SHIPMENT_DETAIL (self));
  g_return_if_fail (context == NULL || RP_IS_CONTEXT (context));

  if (g_set_object (&self->context, context))
    rp_shipment_detail_set_entry (self, NULL);
}

/**
 * rp_shipment_detail_get_entry:
 *
 * Returns: (transfer none) (nullable): the parcel shown
 */
RpTrackingEntry *
rp_shipment_detail_get_entry (RpShipmentDetail *self)
{
  g_return_val_if_fail (RP_IS_SHIPMENT_DETAIL (self), NULL);

  return self->entry;
}

void
rp_shipment_detail_set_entry (RpShipmentDetail *self,
                              RpTrackingEntry  *entry)
{
  RpStore *store;

  g_return_if_fail (RP_IS_SHIPMENT_DETAIL (self));
  g_return_if_fail (entry == NULL || RP_IS_TRACKING_ENTRY (entry));

  if (self->entry == entry)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->entry != NULL)
    g_clear_signal_handler (&self->loaded_handler, self->entry);
  g_set_object (&self->entry, entry);
  g_clear_object (&self->order);
  g_clear_pointer (&self->conduct_warned, g_free);
  set_draft (self, "");
  self->sending = FALSE;
  self->extending = FALSE;
  set_status (self->send_status_label, NULL, FALSE);
  set_status (self->extend_status_label, NULL, FALSE);
  self->notice_problem = RP_PARCEL_PROBLEM_NONE;
  self->notice_at = 0;

  if (entry != NULL)
    {
      RpShipment *shipment = rp_tracking_entry_get_shipment (entry);

      self->loaded_handler = g_signal_connect_swapped (entry, "notify::loaded",
                                                       G_CALLBACK (entry_loaded_cb), self);
      store = get_store (self);
      if (store != NULL)
        {
          rp_store_get_order_async (store, shipment->account_id, shipment->order_id,
                                    self->cancellable, order_cb, g_object_ref (self));
          read_notice (self, shipment);
        }
    }

  update (self);
}

/**
 * rp_shipment_detail_get_order:
 *
 * Returns: (transfer none) (nullable): the parcel's order, once read from the cache
 */
RpOrder *
rp_shipment_detail_get_order (RpShipmentDetail *self)
{
  g_return_val_if_fail (RP_IS_SHIPMENT_DETAIL (self), NULL);

  return self->order;
}

/**
 * rp_shipment_detail_dup_draft:
 *
 * Returns: (transfer full): the message to the buyer as it stands
 */
char *
rp_shipment_detail_dup_draft (RpShipmentDetail *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (RP_IS_SHIPMENT_DETAIL (self), NULL);

  buffer = gtk_text_view_get_buffer (self->draft_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/**
 * rp_shipment_detail_get_notice_time:
 *
 * Returns: when the buyer was last told about this parcel from here, UTC µs; 0 if never
 */
gint64
rp_shipment_detail_get_notice_time (RpShipmentDetail *self)
{
  g_return_val_if_fail (RP_IS_SHIPMENT_DETAIL (self), 0);

  return self->notice_at;
}
