/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-buyer-panel"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "rp-buyer-panel.h"
#include "rp-country.h"
#include "rp-day-strip.h"
#include "rp-dispute-reply.h"
#include "rp-plain-text.h"
#include "rp-store.h"
#include "rp-style.h"

/* How many orders and disputes are listed; the counts say how many there are in all. */
#define HISTORY_SHOWN 4
/* Store changes come in bursts during a sync: read the history once they settle. */
#define RELOAD_DELAY_MS 500

struct _RpBuyerPanel
{
  GtkWidget            parent_instance;

  RpContext           *context;
  RpStore             *store;
  gulong               store_changed_id;
  GCancellable        *cancellable;
  guint                reload_source;
  guint                clock_source;
  gboolean             loading;
  gint64               pinned_now;

  gint64               account_id;
  char                *buyer;
  char                *given_country;
  char                *given_province;
  char                *given_city;

  /* What is shown, worked out from the above and the history. */
  char                *country;
  RpBuyerZoneChoice    zone_choice;
  GTimeZone           *zone;
  RpActivity          *activity;
  gint64               last_event;
  RpStyle             *style;      /* read from the history's buyer messages, or NULL */
  guint                style_count; /* how many */
  RpStoreBuyerHistory *history;
  RpQuietHours         quiet;
  RpOfficeHours        office;
  GTimeZone           *office_zone;

  GtkStack            *stack;
  GtkLabel            *flag_label;
  GtkLabel            *country_label;
  GtkLabel            *buyer_label;
  AdwActionRow        *time_row;
  AdwActionRow        *language_row;
  AdwActionRow        *online_row;
  AdwActionRow        *window_row;
  RpDayStrip          *strip;
  GtkLabel            *legend_label;
  GtkLabel            *style_label;
  GtkLabel            *advice_label;
  GtkLabel            *orders_label;
  GtkBox              *orders_box;
  GtkLabel            *disputes_label;
  GtkBox              *disputes_box;
  GtkLabel            *greeting_label;
  GtkLabel            *customs_label;
  GtkLabel            *etiquette_label;
  GtkLabel            *taboos_label;
  GtkLabel            *holidays_label;
};

G_DEFINE_FINAL_TYPE (RpBuyerPanel, rp_buyer_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load_history (RpBuyerPanel *self);

/* Shared helpers -------------------------------------------------------------------- */

void
rp_buyer_panel_read_hours (GSettings     *settings,
                           RpQuietHours  *out_quiet,
                           RpOfficeHours *out_office)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

  if (out_quiet != NULL)
    {
      rp_quiet_hours_init_default (out_quiet);
      if (!rp_quiet_hours_from_settings (out_quiet, settings, "buyer-quiet-hours", &error))
        g_warning ("Ignoring the buyer quiet hours: %s", error->message);
      g_clear_error (&error);
    }

  if (out_office != NULL)
    {
      rp_office_hours_init_default (out_office);
      if (!rp_quiet_hours_from_settings (out_office, settings, "office-hours", &error))
        g_warning ("Ignoring the office hours: %s", error->message);
    }
}

GTimeZone *
rp_buyer_panel_read_office_zone (GSettings *settings)
{
  g_autofree char *identifier = NULL;
  GTimeZone *zone = NULL;

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  if (settings != NULL)
    identifier = g_settings_get_string (settings, "office-zone");
  if (identifier != NULL && *identifier != '\0')
    {
      /* A zone removed from tzdata, or a typing slip in dconf, must not lose the strip. */
      zone = g_time_zone_new_identifier (identifier);
      if (zone == NULL)
        g_warning ("Ignoring the office time zone “%s”: not a known zone", identifier);
    }

  return zone != NULL ? zone : g_time_zone_new_local ();
}

RpActivity *
rp_buyer_panel_build_activity (GTimeZone  *zone,
                               const char *country,
                               GPtrArray  *messages,
                               gint64      now,
                               gint64     *out_last_event)
{
  const RpCountry *entry = country != NULL ? rp_country_lookup (country) : NULL;
  RpActivity *activity;
  gint64 last = 0;

  g_return_val_if_fail (zone != NULL, NULL);

  activity = rp_activity_new (zone, entry, now);
  for (guint i = 0; messages != NULL && i < messages->len; i++)
    {
      RpMessage *message = g_ptr_array_index (messages, i);

      if (message->is_own || message->sent_at <= 0)
        continue;
      rp_activity_add_event (activity, message->sent_at);
      last = MAX (last, message->sent_at);
    }

  if (out_last_event != NULL)
    *out_last_event = last;

  return activity;
}

gint64
rp_buyer_panel_send_time (GSettings  *settings,
                          GTimeZone  *zone,
                          const char *country,
                          GPtrArray  *messages,
                          gint64      now)
{
  g_autoptr(RpActivity) activity = NULL;
  RpQuietHours quiet;

  g_return_val_if_fail (zone != NULL, now);

  rp_buyer_panel_read_hours (settings, &quiet, NULL);
  activity = rp_buyer_panel_build_activity (zone, country, messages, now, NULL);

  return rp_schedule_send_time (activity, zone, &quiet, now);
}

gint64
rp_buyer_panel_outside_quiet (GSettings *settings,
                              GTimeZone *zone,
                              gint64     when)
{
  RpQuietHours quiet;

  g_return_val_if_fail (zone != NULL, when);

  rp_buyer_panel_read_hours (settings, &quiet, NULL);

  return rp_quiet_hours_next_free (&quiet, zone, when);
}

GPtrArray *
rp_buyer_panel_scheduled_echoes (GListModel          *messages,
                                 RpStoreBuyerHistory *history)
{
  GPtrArray *echoes = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = messages != NULL ? g_list_model_get_n_items (messages) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RpMessage) message = g_list_model_get_item (messages, i);
      RpMessage *copy;
      gint64 when;

      if (message->outbox_id <= 0 || message->outbox_state != RP_OUTBOX_SCHEDULED)
        continue;

      /* The echo keeps the time it was first given; a new time is the item's. */
      when = history != NULL ? rp_store_buyer_history_get_scheduled (history, message->outbox_id) : 0;
      copy = rp_message_new ();
      copy->account_id = message->account_id;
      copy->channel_id = g_strdup (message->channel_id);
      copy->is_own = message->is_own;
      copy->content = g_strdup (message->content);
      copy->sent_at = when > 0 ? when : message->sent_at;
      copy->outbox_id = message->outbox_id;
      copy->outbox_state = message->outbox_state;
      g_ptr_array_add (echoes, copy);
    }

  return echoes;
}

static void
cancel_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (rp_store_outbox_discard_sync (RP_STORE (source_object), *(gint64 *)task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
rp_buyer_panel_cancel_scheduled_async (RpStore             *store,
                                       gint64               outbox_id,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RP_IS_STORE (store));

  task = g_task_new (store, NULL, callback, user_data);
  g_task_set_source_tag (task, rp_buyer_panel_cancel_scheduled_async);
  g_task_set_task_data (task, g_memdup2 (&outbox_id, sizeof outbox_id), g_free);
  g_task_run_in_thread (task, cancel_thread);
}

gboolean
rp_buyer_panel_cancel_scheduled_finish (GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Formatting ------------------------------------------------------------------------ */

static gint64
panel_now (RpBuyerPanel *self)
{
  return self->pinned_now != 0 ? self->pinned_now : g_get_real_time ();
}

static char *
format_clock (gint64      when,
              GTimeZone  *zone,
              const char *format)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (when / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("");
  local = g_date_time_to_timezone (utc, zone);

  return g_date_time_format (local, format);
}

/* "14:05" today, else "Tue 14:05", on @zone's clock relative to @now there. */
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
    return g_strdup ("");
  la = g_date_time_to_timezone (a, zone);
  lb = g_date_time_to_timezone (b, zone);
  if (g_date_time_get_year (la) == g_date_time_get_year (lb) &&
      g_date_time_get_day_of_year (la) == g_date_time_get_day_of_year (lb))
    return g_date_time_format (la, "%H:%M");

  /* TRANSLATORS: a weekday and time within the next days, see strftime */
  return g_date_time_format (la, _("%a %H:%M"));
}

char *
rp_buyer_panel_format_send_time (gint64     when,
                                 gint64     now,
                                 GTimeZone *buyer_zone)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autofree char *yours = NULL;
  g_autofree char *theirs = NULL;

  if (when - now < G_TIME_SPAN_MINUTE)
    return g_strdup (_("now"));

  yours = format_moment (when, now, local);
  if (buyer_zone == NULL)
    return g_steal_pointer (&yours);

  theirs = format_moment (when, now, buyer_zone);
  /* TRANSLATORS: when a message would go, on the seller's clock and the buyer's */
  return g_strdup_printf (_("%s (their time %s)"), yours, theirs);
}

static const char *
language_name (const char *code)
{
  static const struct { const char *code; const char *name; } names[] = {
    { "af", N_("Afrikaans") }, { "ar", N_("Arabic") }, { "cs", N_("Czech") },
    { "de", N_("German") }, { "en", N_("English") }, { "es", N_("Spanish") },
    { "fr", N_("French") }, { "he", N_("Hebrew") }, { "hi", N_("Hindi") },
    { "it", N_("Italian") }, { "ja", N_("Japanese") }, { "ko", N_("Korean") },
    { "nl", N_("Dutch") }, { "pl", N_("Polish") }, { "pt", N_("Portuguese") },
    { "ru", N_("Russian") }, { "sv", N_("Swedish") }, { "tr", N_("Turkish") },
    { "uk", N_("Ukrainian") }, { "zu", N_("Zulu") }, { "zh", N_("Chinese") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (names[i].code, code) == 0)
      return _(names[i].name);

  return code;
}

static const char *
order_status_text (RpOrderStatus status)
{
  switch (status)
    {
    case RP_ORDER_STATUS_AWAITING_PAYMENT:
      return _("Awaiting payment");
    case RP_ORDER_STATUS_RISK_CONTROL:
      return _("Under review");
    case RP_ORDER_STATUS_TO_SHIP:
      return _("To ship");
    case RP_ORDER_STATUS_SHIPPED:
      return _("Shipped");
    case RP_ORDER_STATUS_IN_CANCEL:
      return _("Cancellation asked");
    case RP_ORDER_STATUS_IN_DISPUTE:
      return _("In dispute");
    case RP_ORDER_STATUS_FINISHED:
      return _("Finished");
    case RP_ORDER_STATUS_UNKNOWN:
    default:
      return _("Unknown");
    }
}

static const char *
dispute_status_text (RpDisputeStatus status)
{
  switch (status)
    {
    case RP_DISPUTE_STATUS_PROCESSING:
      return _("Open");
    case RP_DISPUTE_STATUS_CANCELED:
      return _("Cancelled");
    case RP_DISPUTE_STATUS_FINISHED:
    default:
      return _("Finished");
    }
}

static void
replace_str (char       **field,
             const char  *value)
{
  if (*field == value)
    return;

  g_free (*field);
  *field = g_strdup (value);
}

/* Showing --------------------------------------------------------------------------- */

static void
set_label (GtkLabel   *label,
           const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

/* The address decides the zone: the one given by the page, else the newest cached order
 * with a country. */
static void
update_zone (RpBuyerPanel *self)
{
  RpBuyerZone *zones = rp_buyer_zone_get_default ();
  const char *country = self->given_country;
  const char *province = self->given_province;
  const char *city = self->given_city;

  if ((country == NULL || *country == '\0') && self->history != NULL)
    for (guint i = 0; i < self->history->orders->len; i++)
      {
        RpOrder *order = g_ptr_array_index (self->history->orders, i);
        const char *c = order->address.country != NULL ? order->address.country
                                                       : order->buyer_country;

        if (c != NULL && *c != '\0')
          {
            country = c;
            province = order->address.province;
            city = order->address.city;
            break;
          }
      }

  g_free (self->country);
  self->country = country != NULL && *country != '\0' ? g_ascii_strup (country, -1) : NULL;

  g_clear_pointer (&self->zone, g_time_zone_unref);
  self->zone_choice = RP_BUYER_ZONE_UNKNOWN;
  if (zones != NULL && self->country != NULL)
    self->zone = rp_buyer_zone_lookup_time_zone (zones, self->country, province, city,
                                                 &self->zone_choice);
  if (self->zone == NULL)
    self->zone = g_time_zone_new_utc ();
}

static void
update_activity (RpBuyerPanel *self)
{
  g_clear_object (&self->activity);
  self->activity = rp_buyer_panel_build_activity (self->zone, self->country,
                                                  self->history != NULL ? self->history->messages : NULL,
                                                  panel_now (self), &self->last_event);
}

static void
update_style (RpBuyerPanel *self)
{
  g_autofree char *summary = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) advice = NULL;

  if (self->style == NULL)
    {
      set_label (self->style_label, _("No messages from this buyer yet."));
      set_label (self->advice_label, NULL);
      return;
    }

  summary = rp_style_get_summary (self->style);
  advice = rp_style_get_advice (self->style);
  /* TRANSLATORS: the buyer's writing style, then how many messages it is read from */
  text = g_strdup_printf (ngettext ("%s (from %u message)", "%s (from %u messages)",
                                    self->style_count),
                          summary, self->style_count);
  set_label (self->style_label, text);
  set_label (self->advice_label, advice != NULL ? advice[0] : NULL);
}

static void
update_clock (RpBuyerPanel *self)
{
  gint64 now = panel_now (self);
  g_autofree char *clock = format_clock (now, self->zone, "%H:%M");
  g_autofree char *offset = rp_buyer_zone_format_offset (self->zone, now);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  const char *identifier = g_time_zone_get_identifier (self->zone);
  gint64 start = -1, end = -1;
  double probability;

  /* TRANSLATORS: the buyer's time now and its offset, e.g. "14:05 (UTC−5)" */
  title = g_strdup_printf (_("%s (%s)"), clock, offset);
  adw_action_row_set_subtitle (self->time_row, title);
  switch (self->zone_choice)
    {
    case RP_BUYER_ZONE_DEFAULT:
      /* TRANSLATORS: the zone taken when the address names no region of a wide country */
      subtitle = g_strdup_printf (_("%s, guessed: the address names no region"), identifier);
      break;
    case RP_BUYER_ZONE_UNKNOWN:
      subtitle = g_strdup (_("Zone unknown: UTC shown"));
      break;
    case RP_BUYER_ZONE_SINGLE:
    case RP_BUYER_ZONE_REGION:
    default:
      subtitle = g_strdup (identifier);
      break;
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->time_row), subtitle);
  g_clear_pointer (&title, g_free);
  g_clear_pointer (&subtitle, g_free);

  probability = rp_activity_probability (self->activity, now);
  if (rp_activity_is_active_now (self->last_event, now))
    title = g_strdup (_("Active now"));
  else if (rp_quiet_hours_contains (&self->quiet, self->zone, now))
    /* TRANSLATORS: the buyer's night; the percentage is how likely they are online */
    title = g_strdup_printf (_("Night there (%d%%)"), (int) lround (probability * 100));
  else if (probability >= rp_activity_get_threshold (self->activity))
    title = g_strdup_printf (_("Likely online (%d%%)"), (int) lround (probability * 100));
  else
    title = g_strdup_printf (_("Probably away (%d%%)"), (int) lround (probability * 100));
  adw_action_row_set_subtitle (self->online_row, title);
  g_clear_pointer (&title, g_free);

  if (rp_activity_next_window (self->activity, now, &self->quiet, RP_SCHEDULE_HORIZON,
                               &start, &end))
    {
      g_autoptr(GTimeZone) local = g_time_zone_new_local ();
      g_autofree char *their_start = format_moment (start, now, self->zone);
      g_autofree char *their_end = format_clock (end, self->zone, "%H:%M");
      g_autofree char *your_start = format_moment (start, now, local);
      g_autofree char *your_end = format_clock (end, local, "%H:%M");

      if (start <= now)
        /* TRANSLATORS: the buyer's good window is now; when it ends, on both clocks */
        title = g_strdup_printf (_("Now, until %s their time (%s yours)"), their_end, your_end);
      else
        /* TRANSLATORS: the next stretch when the buyer is likely online, on both clocks */
        title = g_strdup_printf (_("%s–%s their time, %s–%s yours"), their_start, their_end,
                                 your_start, your_end);
    }
  else
    {
      double chance = 0;
      gint64 best = rp_activity_best_time (self->activity, now, &self->quiet,
                                           24 * G_TIME_SPAN_HOUR, &chance);

      /* No hour reaches the threshold: the best moment is what "send later" takes. */
      if (best >= 0)
        {
          g_autoptr(GTimeZone) local = g_time_zone_new_local ();
          g_autofree char *theirs = format_moment (best, now, self->zone);
          g_autofree char *yours = format_moment (best, now, local);

          /* TRANSLATORS: no likely-online stretch; the likeliest moment on both clocks */
          title = g_strdup_printf (_("Best chance %s their time (%s yours), %d%%"), theirs, yours,
                                   (int) lround (chance * 100));
        }
      else
        title = g_strdup (_("None in the next 36 hours"));
    }
  adw_action_row_set_subtitle (self->window_row, title);
}

static GtkWidget *
history_button (const char *title,
                const char *subtitle,
                const char *page,
                gint64      account_id,
                const char *entity_id)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label;

  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), label);

  label = gtk_label_new (subtitle);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.show-entity");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(sxs)", page, account_id, entity_id);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle,
                                  -1);

  return button;
}

static void
clear_box (GtkBox *box)
{
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL;)
    gtk_box_remove (box, child);
}

static void
update_history (RpBuyerPanel *self)
{
  GPtrArray *orders = self->history != NULL ? self->history->orders : NULL;
  GPtrArray *disputes = self->history != NULL ? self->history->disputes : NULL;
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  guint n_orders = orders != NULL ? orders->len : 0;
  guint n_disputes = disputes != NULL ? disputes->len : 0;
  guint n_open = 0;
  g_autofree char *text = NULL;

  clear_box (self->orders_box);
  clear_box (self->disputes_box);

  if (self->loading && self->history == NULL)
    {
      set_label (self->orders_label, _("Reading…"));
      set_label (self->disputes_label, NULL);
      return;
    }

  if (n_orders == 0)
    text = g_strdup (_("No orders cached from this buyer."));
  else
    {
      RpMoney total = { 0, "" };
      gboolean one_currency = TRUE;

      for (guint i = 0; i < n_orders; i++)
        {
          RpOrder *order = g_ptr_array_index (orders, i);

          if (i == 0)
            memcpy (total.currency, order->total.currency, sizeof total.currency);
          else if (memcmp (total.currency, order->total.currency, 3) != 0)
            one_currency = FALSE;
          total.cents += order->total.cents;
        }

      if (one_currency && total.currency[0] != '\0')
        {
          g_autofree char *money = rp_dispute_format_money (&total);

          /* TRANSLATORS: how many orders the buyer placed and what they came to */
          text = g_strdup_printf (ngettext ("%u order, %s in all", "%u orders, %s in all", n_orders),
                                  n_orders, money);
        }
      else
        text = g_strdup_printf (ngettext ("%u order", "%u orders", n_orders), n_orders);
    }
  set_label (self->orders_label, text);
  g_clear_pointer (&text, g_free);

  for (guint i = 0; i < MIN (n_orders, HISTORY_SHOWN); i++)
    {
      RpOrder *order = g_ptr_array_index (orders, i);
      g_autofree char *when = format_clock (order->created_at, local, "%x");
      g_autofree char *money = rp_dispute_format_money (&order->total);
      g_autofree char *title = g_strdup_printf (_("Order %s"), order->order_id);
      /* TRANSLATORS: an order's status, date and total, e.g. "Shipped · 28/11/26 · US$25.99" */
      g_autofree char *subtitle = g_strdup_printf (_("%s · %s · %s"),
                                                   order_status_text (order->status), when, money);

      gtk_box_append (self->orders_box, history_button (title, subtitle, "orders",
                                                        self->account_id, order->order_id));
    }

  for (guint i = 0; i < n_disputes; i++)
    if (((RpDispute *)g_ptr_array_index (disputes, i))->status == RP_DISPUTE_STATUS_PROCESSING)
      n_open++;
  if (n_disputes == 0)
    text = g_strdup (_("No disputes with this buyer."));
  else
    /* TRANSLATORS: how many disputes the buyer opened, and how many are still open */
    text = g_strdup_printf (ngettext ("%u dispute, %u open", "%u disputes, %u open", n_disputes),
                            n_disputes, n_open);
  set_label (self->disputes_label, text);

  for (guint i = 0; i < MIN (n_disputes, HISTORY_SHOWN); i++)
    {
      RpDispute *dispute = g_ptr_array_index (disputes, i);
      g_autofree char *reason = rp_plain_text_preview (dispute->reason != NULL ? dispute->reason : "", 60);
      g_autofree char *when = format_clock (dispute->created_at, local, "%x");
      g_autofree char *title = g_strdup_printf (_("Dispute %s"), dispute->issue_id);
      /* TRANSLATORS: a dispute's state, date and reason */
      g_autofree char *subtitle = g_strdup_printf (_("%s · %s · %s"),
                                                   dispute_status_text (dispute->status), when, reason);

      gtk_box_append (self->disputes_box, history_button (title, subtitle, "disputes",
                                                          self->account_id, dispute->issue_id));
    }
}

static void
update_country (RpBuyerPanel *self)
{
  const RpCountry *entry = self->country != NULL ? rp_country_lookup (self->country) : NULL;
  g_autofree char *flag = self->country != NULL ? rp_country_get_flag (self->country) : NULL;
  g_autofree char *name = self->country != NULL ? rp_country_get_name (self->country) : NULL;
  g_autoptr(GPtrArray) holidays = NULL;
  g_autofree char *text = NULL;

  gtk_label_set_text (self->flag_label, flag != NULL && *flag != '\0' ? flag : "🌐");
  gtk_label_set_text (self->country_label, name != NULL ? name : _("Country unknown"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->flag_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  name != NULL ? name : _("Country unknown"), -1);

  if (entry == NULL || entry->languages == NULL)
    {
      adw_action_row_set_subtitle (self->language_row, _("Unknown"));
      set_label (self->greeting_label, NULL);
      set_label (self->customs_label, self->country != NULL
                 ? _("No notes for this country yet.") : NULL);
      set_label (self->etiquette_label, NULL);
      set_label (self->taboos_label, NULL);
      set_label (self->holidays_label, NULL);
      return;
    }

  {
    g_auto(GStrv) codes = g_strsplit (entry->languages, ",", -1);
    g_autoptr(GString) languages = g_string_new (NULL);

    for (guint i = 0; codes[i] != NULL; i++)
      {
        if (i > 0)
          g_string_append (languages, ", ");
        g_string_append (languages, language_name (g_strstrip (codes[i])));
      }
    adw_action_row_set_subtitle (self->language_row, languages->str);
  }

  /* TRANSLATORS: how to greet: an everyday hello, then a formal opening, both in the
   * buyer's language; then how plainly to put things */
  text = g_strdup_printf (_("Greeting: “%s”; formally “%s”. %s."), entry->greeting,
                          entry->formal_greeting,
                          rp_country_directness_to_string (entry->directness));
  set_label (self->greeting_label, text);
  g_clear_pointer (&text, g_free);
  set_label (self->customs_label, rp_country_get_customs (entry));
  set_label (self->etiquette_label, rp_country_get_etiquette (entry));
  text = g_strdup_printf (_("Avoid: %s"), rp_country_get_taboos (entry));
  set_label (self->taboos_label, text);
  g_clear_pointer (&text, g_free);

  {
    g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (panel_now (self) / G_USEC_PER_SEC);
    g_autoptr(GString) list = g_string_new (NULL);

    holidays = rp_country_holidays_in_month (entry, g_date_time_get_month (now));
    for (guint i = 0; i < holidays->len; i++)
      {
        const RpHoliday *holiday = g_ptr_array_index (holidays, i);

        if (list->len > 0)
          g_string_append (list, ", ");
        /* TRANSLATORS: a holiday and how many days deliveries stall around it */
        g_string_append_printf (list, ngettext ("%s (about %u day slower)",
                                                "%s (about %u days slower)", holiday->slow_days),
                                rp_country_holiday_get_name (holiday), holiday->slow_days);
      }
    if (list->len > 0)
      text = g_strdup_printf (_("Holidays this month: %s."), list->str);
    set_label (self->holidays_label, text);
  }
}

static void
update_all (RpBuyerPanel *self)
{
  g_autofree char *buyer = NULL;

  if (self->buyer == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "buyer");
  buyer = rp_plain_text_preview (self->buyer, 80);
  gtk_label_set_text (self->buyer_label, buyer);

  update_zone (self);
  update_activity (self);
  update_country (self);
  update_clock (self);
  update_style (self);
  update_history (self);

  rp_day_strip_set_hours (self->strip, &self->quiet, &self->office, self->office_zone);
  rp_day_strip_set_now (self->strip, self->pinned_now);
  rp_day_strip_set_buyer (self->strip, self->activity, self->zone);
}

/* Loading --------------------------------------------------------------------------- */

static void
set_loading (RpBuyerPanel *self,
             gboolean      loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* The history and the buyer's style read from it, which is worked out on a worker: it
 * reads up to RP_BUYER_PANEL_MESSAGE_LIMIT messages, too long a task for the window's
 * thread while a conversation opens beside the panel. */
typedef struct
{
  RpStoreBuyerHistory *history;
  RpStyle             *style;
  guint                style_count;
} HistoryRead;

static void
history_read_free (gpointer data)
{
  HistoryRead *read = data;

  g_clear_pointer (&read->history, rp_store_buyer_history_free);
  g_clear_object (&read->style);
  g_free (read);
}

static void
style_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  HistoryRead *read = task_data;
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();

  for (guint i = 0; i < read->history->messages->len; i++)
    {
      RpMessage *message = g_ptr_array_index (read->history->messages, i);

      if (!message->is_own && message->content != NULL && *message->content != '\0')
        g_ptr_array_add (texts, message->content);
    }

  read->style_count = texts->len;
  if (texts->len > 0)
    {
      g_ptr_array_add (texts, NULL);
      read->style = rp_style_new_from_messages ((const char * const *)texts->pdata);
    }
  g_task_return_boolean (task, TRUE);
}

static void
history_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RpBuyerPanel *self = RP_BUYER_PANEL (object);
  HistoryRead *read = g_task_get_task_data (G_TASK (result));

  /* Cancelled: another buyer is being read. */
  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return;

  g_clear_pointer (&self->history, rp_store_buyer_history_free);
  self->history = g_steal_pointer (&read->history);
  g_clear_object (&self->style);
  self->style = g_steal_pointer (&read->style);
  self->style_count = read->style_count;
  self->loading = FALSE;
  update_all (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
history_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(RpBuyerPanel) self = user_data;
  g_autoptr(RpStoreBuyerHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  HistoryRead *read;

  history = rp_store_get_buyer_history_finish (RP_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (history == NULL)
    {
      g_warning ("Could not read the buyer’s history: %s", error->message);
      g_clear_pointer (&self->history, rp_store_buyer_history_free);
      g_clear_object (&self->style);
      self->loading = FALSE;
      update_all (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
      return;
    }

  read = g_new0 (HistoryRead, 1);
  read->history = g_steal_pointer (&history);
  task = g_task_new (self, self->cancellable, history_read_cb, NULL);
  g_task_set_source_tag (task, history_loaded_cb);
  g_task_set_task_data (task, read, history_read_free);
  g_task_run_in_thread (task, style_thread);
}

static void
load_history (RpBuyerPanel *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->store == NULL || self->buyer == NULL)
    {
      set_loading (self, FALSE);
      return;
    }

  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  rp_store_get_buyer_history_async (self->store, self->account_id, self->buyer,
                                    RP_BUYER_PANEL_MESSAGE_LIMIT, self->cancellable,
                                    history_loaded_cb, g_object_ref (self));
}

static gboolean
reload_cb (gpointer data)
{
  RpBuyerPanel *self = data;

  self->reload_source = 0;
  load_history (self);

  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (RpStore      *store,
                  guint         changes,
                  gint64        account_id,
                  RpBuyerPanel *self)
{
  if (self->buyer == NULL ||
      (changes & (RP_STORE_CHANGE_ORDERS | RP_STORE_CHANGE_MESSAGES |
                  RP_STORE_CHANGE_DISPUTES | RP_STORE_CHANGE_CONVERSATIONS)) == 0 ||
      (account_id != 0 && account_id != self->account_id))
    return;

  if (self->reload_source == 0)
    self->reload_source = g_timeout_add (RELOAD_DELAY_MS, reload_cb, self);
}

static void
set_store (RpBuyerPanel *self,
           RpStore      *store)
{
  if (self->store == store)
    return;

  if (self->store != NULL)
    g_clear_signal_handler (&self->store_changed_id, self->store);
  g_set_object (&self->store, store);
  if (store != NULL)
    self->store_changed_id = g_signal_connect (store, "changed", G_CALLBACK (store_changed_cb), self);

  load_history (self);
}

static void
context_store_cb (RpBuyerPanel *self)
{
  set_store (self, rp_context_get_store (self->context));
}

static void
settings_changed_cb (RpBuyerPanel *self)
{
  rp_buyer_panel_read_hours (rp_context_get_settings (self->context), &self->quiet, &self->office);
  g_clear_pointer (&self->office_zone, g_time_zone_unref);
  self->office_zone = rp_buyer_panel_read_office_zone (rp_context_get_settings (self->context));
  update_all (self);
}

static gboolean
clock_cb (gpointer data)
{
  RpBuyerPanel *self = data;

  if (self->buyer != NULL)
    update_clock (self);

  return G_SOURCE_CONTINUE;
}

/* GObject --------------------------------------------------------------------------- */

static void
rp_buyer_panel_map (GtkWidget *widget)
{
  RpBuyerPanel *self = RP_BUYER_PANEL (widget);

  GTK_WIDGET_CLASS (rp_buyer_panel_parent_class)->map (widget);

  if (self->buyer != NULL)
    update_clock (self);
  if (self->clock_source == 0)
    self->clock_source = g_timeout_add_seconds (30, clock_cb, self);
}

static void
rp_buyer_panel_unmap (GtkWidget *widget)
{
  RpBuyerPanel *self = RP_BUYER_PANEL (widget);

  g_clear_handle_id (&self->clock_source, g_source_remove);

  GTK_WIDGET_CLASS (rp_buyer_panel_parent_class)->unmap (widget);
}

static void
rp_buyer_panel_dispose (GObject *object)
{
  RpBuyerPanel *self = RP_BUYER_PANEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_clear_handle_id (&self->clock_source, g_source_remove);
  if (self->store != NULL)
    g_clear_signal_handler (&self->store_changed_id, self->store);
  g_clear_object (&self->store);
  /* The context outlives the pages: nothing of it may call back into a panel gone. */
  if (self->context != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->context, self);
      g_signal_handlers_disconnect_by_data (rp_context_get_settings (self->context), self);
    }
  g_clear_object (&self->context);
  g_clear_object (&self->activity);
  g_clear_object (&self->style);

  gtk_widget_dispose_template (GTK_WIDGET (self), RP_TYPE_BUYER_PANEL);

  G_OBJECT_CLASS (rp_buyer_panel_parent_class)->dispose (object);
}

static void
rp_buyer_panel_finalize (GObject *object)
{
  RpBuyerPanel *self = RP_BUYER_PANEL (object);

  g_free (self->buyer);
  g_free (self->given_country);
  g_free (self->given_province);
  g_free (self->given_city);
  g_free (self->country);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_clear_pointer (&self->office_zone, g_time_zone_unref);
  g_clear_pointer (&self->history, rp_store_buyer_history_free);

  G_OBJECT_CLASS (rp_buyer_panel_parent_class)->finalize (object);
}

static void
rp_buyer_panel_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RpBuyerPanel *self = RP_BUYER_PANEL (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_buyer_panel_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RpBuyerPanel *self = RP_BUYER_PANEL (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      rp_buyer_panel_set_context (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_buyer_panel_class_init (RpBuyerPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_buyer_panel_dispose;
  object_class->finalize = rp_buyer_panel_finalize;
  object_class->get_property = rp_buyer_panel_get_property;
  object_class->set_property = rp_buyer_panel_set_property;

  widget_class->map = rp_buyer_panel_map;
  widget_class->unmap = rp_buyer_panel_unmap;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RP_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RP_TYPE_DAY_STRIP);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "rp-buyer-panel");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/rp-buyer-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, RpBuyerPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, RpBuyerPanel, flag_label);
  gtk_widget_class_bind_template_child (widget_class, RpBuyerPanel, country_label);
  gtk_widget_class_bind_template_child (widget_class, RpBuyerPanel, buyer_label);
  gtk_widget_class_bind_template_child (widget_class, RpBuyerPanel, time_row);
  gtk_widget_class_bind_template_child (widget_class, RpBuyerPanel, language_row);
  gtk_widget_class_bind_template_child (widget_class, RpBuyerPanel, online_row);
  gtk_widget_class_bind_template_child (widget_class, RpBuyerPanel, window_row);
  gtk_widget_class_bind_template_child (widget_class, RpBuyerPanel, strip);
  gtk_widget_class_bind_template_child (widget_class, RpBuyerPanel, legend_label);
  gtk_widget_class_bind_template_child (widget_class, RpBuyerPanel, style_label);
  gtk_widget_class_bind_template_child (widget_class, RpBuyerPanel, advice_label);
  gtk_widget_class_bind_template_child (widget_class, RpBuyerPanel, orders_label);
  gtk_widget_class_bind_template_child (widget_class, RpBuyerPanel, orders_box);
  gtk_widget_class_bind_template_child (widget_class, RpBuyerPanel, disputes_label);
  gtk_widget_class_bind_template_child (widget_class, RpBuyerPanel, disputes_box);
  gtk_widget_class_bind_template_child (widget_class, RpBuyerPanel, greeting_label);
  gtk_widget_class_bind_template_child (widget_class, RpBuyerPanel, customs_label);
  gtk_widget_class_bind_template_child (widget_class, RpBuyerPanel, etiquette_label);
  gtk_widget_class_bind_template_child (widget_class, RpBuyerPanel, taboos_label);
  gtk_widget_class_bind_template_child (widget_class, RpBuyerPanel, holidays_label);
}

static void
rp_buyer_panel_init (RpBuyerPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  rp_buyer_panel_read_hours (NULL, &self->quiet, &self->office);
  gtk_label_set_text (self->legend_label,
                      _("Top: your office hours. Bar: the buyer’s day, stronger where they are "
                        "likely online, shaded at night. Line: now. Hours above on your clock, "
                        "below on theirs."));
}

GtkWidget *
rp_buyer_panel_new (void)
{
  return g_object_new (RP_TYPE_BUYER_PANEL, NULL);
}

void
rp_buyer_panel_set_context (RpBuyerPanel *self,
                            RpContext    *context)
{
  g_return_if_fail (RP_IS_BUYER_PANEL (self));
  g_return_if_fail (context == NULL || RP_IS_CONTEXT (context));

  if (self->context == context)
    return;

  if (self->context != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->context, self);
      g_signal_handlers_disconnect_by_data (rp_context_get_settings (self->context), self);
    }
  g_set_object (&self->context, context);
  if (context != NULL)
    {
      g_signal_connect_swapped (context, "notify::store", G_CALLBACK (context_store_cb), self);
      /* Only the hours the panel draws; other settings change often (the window size). */
      g_signal_connect_swapped (rp_context_get_settings (context), "changed::buyer-quiet-hours",
                                G_CALLBACK (settings_changed_cb), self);
      g_signal_connect_swapped (rp_context_get_settings (context), "changed::office-hours",
                                G_CALLBACK (settings_changed_cb), self);
      g_signal_connect_swapped (rp_context_get_settings (context), "changed::office-zone",
                                G_CALLBACK (settings_changed_cb), self);
      rp_buyer_panel_read_hours (rp_context_get_settings (context), &self->quiet, &self->office);
      g_clear_pointer (&self->office_zone, g_time_zone_unref);
      self->office_zone = rp_buyer_panel_read_office_zone (rp_context_get_settings (context));
    }

  set_store (self, context != NULL ? rp_context_get_store (context) : NULL);
  update_all (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

RpContext *
rp_buyer_panel_get_context (RpBuyerPanel *self)
{
  g_return_val_if_fail (RP_IS_BUYER_PANEL (self), NULL);

  return self->context;
}

void
rp_buyer_panel_set_buyer (RpBuyerPanel *self,
                          gint64        account_id,
                          const char   *buyer_login_id,
                          const char   *country,
                          const char   *province,
                          const char   *city)
{
  g_return_if_fail (RP_IS_BUYER_PANEL (self));

  if (buyer_login_id != NULL && *buyer_login_id == '\0')
    buyer_login_id = NULL;

  /* The same buyer again (a sync re-selecting the row) keeps what is shown. */
  if (self->account_id == account_id && g_strcmp0 (self->buyer, buyer_login_id) == 0 &&
      g_strcmp0 (self->given_country, country) == 0 &&
      g_strcmp0 (self->given_province, province) == 0 &&
      g_strcmp0 (self->given_city, city) == 0)
    return;

  if (self->account_id != account_id || g_strcmp0 (self->buyer, buyer_login_id) != 0)
    {
      g_clear_pointer (&self->history, rp_store_buyer_history_free);
      g_clear_object (&self->style);
    }

  self->account_id = account_id;
  replace_str (&self->buyer, buyer_login_id);
  replace_str (&self->given_country, country);
  replace_str (&self->given_province, province);
  replace_str (&self->given_city, city);

  if (self->history == NULL)
    load_history (self);
  update_all (self);
}

const char *
rp_buyer_panel_get_buyer (RpBuyerPanel *self)
{
  g_return_val_if_fail (RP_IS_BUYER_PANEL (self), NULL);

  return self->buyer;
}

gboolean
rp_buyer_panel_get_loading (RpBuyerPanel *self)
{
  g_return_val_if_fail (RP_IS_BUYER_PANEL (self), FALSE);

  return self->loading;
}

void
rp_buyer_panel_set_now (RpBuyerPanel *self,
                        gint64        now)
{
  g_return_if_fail (RP_IS_BUYER_PANEL (self));

  self->pinned_now = now;
  update_all (self);
}
