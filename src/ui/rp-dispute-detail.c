/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-dispute-detail"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rp-buyer-zone.h"
#include "rp-conduct.h"
#include "rp-country.h"
#include "rp-dispute-clock.h"
#include "rp-dispute-detail.h"
#include "rp-dispute-reply.h"
#include "rp-dispute-row.h"
#include "rp-evidence-dialog.h"
#include "rp-local-time.h"
#include "rp-outbox-payload.h"
#include "rp-template.h"

/* One dispute: its clock, the solutions on the table, the first reply and the history.
 * Everything the seller does here goes through the outbox: committed locally first, then
 * sent by the sync engine, and re-read from the marketplace afterwards. */

#define RELOAD_DELAY_MS  250
/* The marketplace extends the buyer's time to confirm receipt by at most 30 days in all
 * (aliexpress.trade.redefining.extendsbuyeracceptgoodstime refuses more), and by at least
 * one. */
#define EXTEND_MIN_DAYS     1
#define EXTEND_MAX_DAYS     30
#define EXTEND_DEFAULT_DAYS 7
/* Enough of the order's conversation to know where things stand before answering. */
#define RECENT_MESSAGES  8

/* What one read of the cache brings, made on a worker thread. */
typedef struct
{
  RpStore    *store;
  gint64      account_id;
  char       *issue_id;

  RpDispute  *dispute;
  RpOrder    *order;
  RpShipment *shipment;
  char       *answered;
  GTimeZone  *buyer_zone;
  GPtrArray  *outbox;         /* RpOutboxItem for this dispute not sent yet, or failed */
  GPtrArray  *messages;       /* the order's conversation, its last RECENT_MESSAGES */
} Load;

static void
load_free (Load *load)
{
  g_clear_object (&load->store);
  g_free (load->issue_id);
  g_clear_object (&load->dispute);
  g_clear_object (&load->order);
  g_clear_object (&load->shipment);
  g_free (load->answered);
  g_clear_pointer (&load->buyer_zone, g_time_zone_unref);
  g_clear_pointer (&load->outbox, g_ptr_array_unref);
  g_clear_pointer (&load->messages, g_ptr_array_unref);
  g_free (load);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Load, load_free)

struct _RpDisputeDetail
{
  GtkWidget        parent_instance;

  RpContext       *context;
  RpStore         *store;
  GCancellable    *cancellable;
  gint64           account_id;
  char            *issue_id;
  Load            *load;           /* what is on screen, or NULL */
  guint            reload_source;
  GPtrArray       *solution_rows;
  GPtrArray       *history_rows;
  GPtrArray       *outbox_rows;
  GPtrArray       *message_rows;
  gboolean         sending;
  char            *language_for;   /* the dispute the language was chosen for */

  GtkStack        *stack;
  GtkSpinner      *spinner;
  GtkScrolledWindow *scroller;
  GtkLabel        *title_label;
  GtkLabel        *subtitle_label;
  GtkLabel        *product_label;
  GtkLabel        *left_label;
  GtkLabel        *badge_label;
  GtkButton       *order_button;
  GtkButton       *conversation_button;
  AdwActionRow    *extend_row;
  GtkButton       *extend_button;
  GtkLabel        *deadline_label;
  GtkLabel        *buyer_time_label;
  GtkLabel        *cap_label;
  GtkLabel        *answered_label;
  AdwPreferencesGroup *outbox_group;
  AdwPreferencesGroup *solutions_group;
  GtkButton       *propose_button;
  GtkButton       *playbook_button;
  GtkTextView     *composer;
  GtkLabel        *conduct_label;
  GtkDropDown     *language_dropdown;
  GtkLabel        *language_label;
  GtkButton       *send_button;
  AdwPreferencesGroup *history_group;
  AdwPreferencesGroup *conversation_group;
};

G_DEFINE_FINAL_TYPE (RpDisputeDetail, rp_dispute_detail, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load_dispute (RpDisputeDetail *self);

/* Helpers ------------------------------------------------------------------------------ */

static void
toast (RpDisputeDetail *self,
       const char      *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  /* Toast titles are markup; an error may quote what the seller or a buyer wrote. */
  if (overlay != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (text, -1);

      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
    }
  else
    g_message ("%s", text);
}

static char *
format_local (gint64 utc_usec)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();

  return rp_local_time_format (utc_usec, local);
}

/* Single-line text from the marketplace: controls (newlines, bidi overrides) become
 * spaces so that one field cannot reorder or push away the rest of a row. */
static char *
one_line (const char *text)
{
  GString *out;

  if (text == NULL)
    return g_strdup ("");
  if (!g_utf8_validate (text, -1, NULL))
    return g_utf8_make_valid (text, -1);

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || g_unichar_type (c) == G_UNICODE_FORMAT)
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* Several lines of buyer text: newlines stay, other controls and bidi overrides go. */
static char *
plain_lines (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n')
        g_string_append_c (out, '\n');
      else if (g_unichar_iscntrl (c) || g_unichar_type (c) == G_UNICODE_FORMAT)
        continue;
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static const char *
owner_name (const char *owner)
{
  if (g_strcmp0 (owner, "buyer") == 0)
    return _("Buyer");
  if (g_strcmp0 (owner, "seller") == 0)
    return _("You");
  if (g_strcmp0 (owner, "platform") == 0 || g_strcmp0 (owner, "waiter") == 0)
    return _("Platform");
  if (g_strcmp0 (owner, "system") == 0)
    return _("System");
  return owner != NULL ? owner : _("Unknown");
}

static const char *
solution_type_name (const char *type)
{
  if (g_strcmp0 (type, "return_and_refund") == 0)
    return _("Return and refund");
  return _("Refund");
}

static const char *
solution_status_name (const char *status)
{
  if (g_strcmp0 (status, "wait_seller_accept") == 0)
    return _("waiting for you");
  if (g_strcmp0 (status, "wait_buyer_accept") == 0)
    return _("waiting for the buyer");
  if (g_strcmp0 (status, "seller_refused") == 0)
    return _("refused by you");
  if (g_strcmp0 (status, "buyer_refused") == 0)
    return _("refused by the buyer");
  if (g_strcmp0 (status, "reached") == 0 || g_strcmp0 (status, "agreed") == 0)
    return _("agreed");
  return status != NULL ? status : "";
}

static const char *
action_name (const char *action)
{
  static const struct { const char *type; const char *name; } names[] = {
    { "initiate", N_("Opened the dispute") },
    { "buyer_create_solution", N_("Proposed a solution") },
    { "buyer_modify_solution", N_("Changed their solution") },
    { "buyer_accept", N_("Accepted a solution") },
    { "buyer_refuse", N_("Refused a solution") },
    { "seller_create_solution", N_("Proposed a solution") },
    { "seller_modify_solution", N_("Changed the solution") },
    { "seller_accept", N_("Accepted a solution") },
    { "seller_refuse", N_("Refused a solution") },
    { "upload_evidence", N_("Added evidence") },
    { "platform_intervene", N_("Stepped in") },
    { "finish", N_("Closed the dispute") },
    { "cancel", N_("Cancelled the dispute") },
  };

  for (guint i = 0; action != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (action, names[i].type))
      return _(names[i].name);
  return action != NULL ? action : _("Unknown step");
}

static RpSolution *
find_buyer_solution (RpDispute *dispute)
{
  for (guint i = 0; dispute->buyer_solutions != NULL && i < dispute->buyer_solutions->len; i++)
    {
      RpSolution *s = g_ptr_array_index (dispute->buyer_solutions, i);

      if (g_strcmp0 (s->status, "wait_seller_accept") == 0)
        return s;
    }
  return NULL;
}

static RpSolution *
find_seller_solution (RpDispute *dispute)
{
  if (dispute->seller_solutions == NULL || dispute->seller_solutions->len == 0)
    return NULL;
  return g_ptr_array_index (dispute->seller_solutions, dispute->seller_solutions->len - 1);
}

/* The order a dispute is about, as orders and their conversations know it: disputes name
 * the child order, the order list and the message centre the parent. */
static const char *
order_of (RpDispute *dispute)
{
  if (dispute->parent_order_id != NULL && *dispute->parent_order_id != '\0')
    return dispute->parent_order_id;
  return dispute->order_id;
}

static gboolean
is_open (RpDisputeDetail *self)
{
  return self->load != NULL && self->load->dispute->status == RP_DISPUTE_STATUS_PROCESSING;
}

static RpMoney
cap_of (RpDispute *dispute)
{
  RpMoney cap = dispute->refund_max;

  if (cap.currency[0] == '\0')
    g_strlcpy (cap.currency, "USD", sizeof cap.currency);
  return cap;
}

/* Rendering ---------------------------------------------------------------------------- */

static void
update_clock_at (RpDisputeDetail *self,
                 gint64           now)
{
  static const char * const classes[] = { "warning", "error", "heading" };
  GtkWidget *label = GTK_WIDGET (self->left_label);
  RpDispute *d;

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (label, classes[i]);

  rp_dispute_row_show_badge (self->badge_label, self->load != NULL ? self->load->dispute : NULL, now);
  if (self->load == NULL)
    return;
  d = self->load->dispute;

  if (d->status != RP_DISPUTE_STATUS_PROCESSING)
    {
      gtk_label_set_text (self->left_label,
                          d->status == RP_DISPUTE_STATUS_FINISHED ? _("Finished") : _("Cancelled"));
    }
  else
    {
      RpDisputeUrgency urgency = rp_dispute_clock_urgency (d->deadline, now);
      g_autofree char *left = rp_dispute_clock_format_left (rp_dispute_clock_time_left (d->deadline, now));
      const char *css = rp_dispute_row_urgency_class (urgency);

      gtk_label_set_text (self->left_label, left);
      if (css != NULL)
        gtk_widget_add_css_class (label, css);
      if (urgency == RP_DISPUTE_URGENCY_OVERDUE)
        gtk_widget_add_css_class (label, "heading");
    }

  if (self->load->buyer_zone != NULL)
    {
      g_autofree char *buyer_now = rp_local_time_format (now, self->load->buyer_zone);

      gtk_label_set_text (self->buyer_time_label, buyer_now);
    }
  else
    {
      gtk_label_set_text (self->buyer_time_label, _("Unknown"));
    }
}

static void
update_clock (RpDisputeDetail *self)
{
  update_clock_at (self, g_get_real_time ());
}

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static GtkWidget *
new_row (const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  /* Buyer text is never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle != NULL ? subtitle : "");
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

static void accept_clicked_cb (RpDisputeDetail *self,
                               GtkButton       *button);

static void
add_solution_row (RpDisputeDetail *self,
                  RpSolution      *s)
{
  g_autofree char *money = rp_dispute_format_money (&s->refund);
  g_autofree char *title = NULL;
  g_autofree char *content = plain_lines (s->content);
  g_autofree char *subtitle = NULL;
  const char *status = solution_status_name (s->status);
  GtkWidget *row;

  /* Translators: who proposed it, the kind of solution and the amount:
   * "Buyer · Refund · 12.34 USD". */
  title = g_strdup_printf (_("%s · %s · %s"), owner_name (s->owner),
                           solution_type_name (s->solution_type), money);
  if (*content != '\0' && *status != '\0')
    subtitle = g_strdup_printf ("%s\n%s", status, content);
  else
    subtitle = g_strdup (*status != '\0' ? status : content);

  row = new_row (title, subtitle);

  if (g_strcmp0 (s->owner, "seller") != 0 && g_strcmp0 (s->status, "wait_seller_accept") == 0 &&
      is_open (self))
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Accept…"));
      g_autofree char *name = g_strdup_printf (_("Accept the solution: %s"), title);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Accept this solution; the money goes to the buyer"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                      -1);
      g_object_set_data_full (G_OBJECT (button), "solution-id", g_strdup (s->solution_id), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (accept_clicked_cb), self,
                               G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  adw_preferences_group_add (self->solutions_group, row);
  g_ptr_array_add (self->solution_rows, row);
}

static int
compare_solutions (gconstpointer a,
                   gconstpointer b)
{
  const RpSolution *sa = *(RpSolution * const *)a;
  const RpSolution *sb = *(RpSolution * const *)b;

  return (sa->created_at > sb->created_at) - (sa->created_at < sb->created_at);
}

static void
render_solutions (RpDisputeDetail *self)
{
  RpDispute *d = self->load->dispute;
  GPtrArray *lists[] = { d->buyer_solutions, d->seller_solutions, d->platform_solutions };
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  clear_rows (self->solutions_group, self->solution_rows);

  /* In the order they were made: the negotiation reads as it happened. */
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; lists[l] != NULL && i < lists[l]->len; i++)
      g_ptr_array_add (all, g_ptr_array_index (lists[l], i));
  g_ptr_array_sort (all, compare_solutions);
  for (guint i = 0; i < all->len; i++)
    add_solution_row (self, g_ptr_array_index (all, i));

  if (self->solution_rows->len == 0)
    {
      GtkWidget *row = new_row (_("No solutions yet"), NULL);

      adw_preferences_group_add (self->solutions_group, row);
      g_ptr_array_add (self->solution_rows, row);
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->propose_button),
                            is_open (self) &&
                            (find_buyer_solution (d) != NULL || find_seller_solution (d) != NULL));
}

static const char *
outbox_kind_name (RpOutboxKind kind)
{
  switch (kind)
    {
    case RP_OUTBOX_KIND_SOLUTION_SAVE:
      return _("Counter-offer");
    case RP_OUTBOX_KIND_SOLUTION_AGREE:
      return _("Acceptance of a solution");
    case RP_OUTBOX_KIND_EXTEND_ACCEPT:
      return _("More time to confirm receipt");
    case RP_OUTBOX_KIND_MESSAGE:
    default:
      return _("Message to the buyer");
    }
}

static void
discard_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  RpOutboxItem *item = task_data;
  RpStore *store = g_object_get_data (G_OBJECT (task), "store");
  GError *error = NULL;

  if (rp_store_outbox_discard_sync (store, item->id, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
discarded_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The store's change reloads the detail; only a failure needs saying. */
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    toast (RP_DISPUTE_DETAIL (object), error->message);
}

static void
discard_clicked_cb (RpDisputeDetail *self,
                    GtkButton       *button)
{
  RpOutboxItem *item = g_object_get_data (G_OBJECT (button), "item");
  g_autoptr(GTask) task = NULL;

  if (self->store == NULL || item == NULL)
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  task = g_task_new (self, NULL, discarded_cb, NULL);
  g_task_set_source_tag (task, discard_clicked_cb);
  g_task_set_task_data (task, g_object_ref (item), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "store", g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (task, discard_thread);
}

static void
render_outbox (RpDisputeDetail *self)
{
  GPtrArray *items = self->load->outbox;

  clear_rows (self->outbox_group, self->outbox_rows);

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      RpOutboxItem *item = g_ptr_array_index (items, i);
      g_autofree char *reason = one_line (item->last_error);
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      if (item->state == RP_OUTBOX_FAILED_PERMANENT)
        /* Translators: %s is the marketplace's reason. */
        subtitle = g_strdup_printf (_("Refused by the marketplace: %s"), reason);
      else if (item->state == RP_OUTBOX_FAILED_RETRYABLE)
        /* Translators: %s is the reason of the last failed attempt. */
        subtitle = g_strdup_printf (_("Will be tried again: %s"), reason);
      else
        subtitle = g_strdup (_("Waiting to be sent"));

      row = new_row (outbox_kind_name (item->kind), subtitle);
      if (item->state == RP_OUTBOX_FAILED_PERMANENT)
        {
          GtkWidget *button = gtk_button_new_with_mnemonic (_("_Discard"));

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (button, _("Forget this refused action"));
          g_object_set_data_full (G_OBJECT (button), "item", g_object_ref (item), g_object_unref);
          g_signal_connect_object (button, "clicked", G_CALLBACK (discard_clicked_cb), self,
                                   G_CONNECT_SWAPPED);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
          gtk_widget_add_css_class (row, "error");
        }
      adw_preferences_group_add (self->outbox_group, row);
      g_ptr_array_add (self->outbox_rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->outbox_group), self->outbox_rows->len > 0);
}

static void
render_history (RpDisputeDetail *self)
{
  RpDispute *d = self->load->dispute;

  clear_rows (self->history_group, self->history_rows);

  for (guint i = 0; d->history != NULL && i < d->history->len; i++)
    {
      RpDisputeEvent *e = g_ptr_array_index (d->history, i);
      g_autofree char *title = NULL;
      g_autofree char *when = e->at > 0 ? format_local (e->at) : g_strdup ("");
      g_autofree char *content = plain_lines (e->content);
      GString *subtitle = g_string_new (when);
      GtkWidget *row;
      guint n_attachments = e->attachments != NULL ? g_strv_length (e->attachments) : 0;

      /* Translators: who did it and what, e.g. "Buyer: Opened the dispute". */
      title = g_strdup_printf (_("%s: %s"), owner_name (e->actor), action_name (e->action_type));
      if (*content != '\0')
        g_string_append_printf (subtitle, "\n%s", content);
      if (n_attachments > 0)
        {
          g_string_append_c (subtitle, '\n');
          g_string_append_printf (subtitle,
                                  g_dngettext (NULL, "%u attachment:", "%u attachments:", n_attachments),
                                  n_attachments);
          for (guint a = 0; a < n_attachments; a++)
            {
              g_autofree char *name = one_line (e->attachments[a]);

              g_string_append_printf (subtitle, "%s%s", a == 0 ? " " : ", ", name);
            }
        }

      row = new_row (title, subtitle->str);
      g_string_free (subtitle, TRUE);
      if (n_attachments > 0)
        adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                   gtk_image_new_from_icon_name ("mail-attachment-symbolic"));
      adw_preferences_group_add (self->history_group, row);
      g_ptr_array_add (self->history_rows, row);
    }

  if (self->history_rows->len == 0)
    {
      GtkWidget *row = new_row (_("No history in the cache yet"), NULL);

      adw_preferences_group_add (self->history_group, row);
      g_ptr_array_add (self->history_rows, row);
    }
}

static void
render_conversation (RpDisputeDetail *self)
{
  GPtrArray *messages = self->load->messages;

  clear_rows (self->conversation_group, self->message_rows);

  for (guint i = 0; messages != NULL && i < messages->len; i++)
    {
      RpMessage *m = g_ptr_array_index (messages, i);
      g_autofree char *when = m->sent_at > 0 ? format_local (m->sent_at) : g_strdup ("");
      g_autofree char *content = plain_lines (m->content);
      g_autofree char *title = NULL;
      GtkWidget *row;

      /* Translators: who wrote and when: "Buyer · 2026-11-30 18:00 (UTC+08:00)". */
      title = g_strdup_printf (_("%s · %s"), m->is_own ? _("You") : _("Buyer"), when);
      row = new_row (title, content);
      if (m->outbox_id > 0)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                   gtk_image_new_from_icon_name ("mail-send-symbolic"));
      adw_preferences_group_add (self->conversation_group, row);
      g_ptr_array_add (self->message_rows, row);
    }

  if (self->message_rows->len == 0)
    {
      GtkWidget *row = new_row (_("No messages about this order yet"), NULL);

      adw_preferences_group_add (self->conversation_group, row);
      g_ptr_array_add (self->message_rows, row);
    }
}

static void
update_send_button (RpDisputeDetail *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->composer);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  gboolean has_text;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_strstrip (text);
  has_text = *text != '\0';

  gtk_widget_set_sensitive (GTK_WIDGET (self->send_button),
                            has_text && !self->sending && self->load != NULL &&
                            order_of (self->load->dispute) != NULL);
}

/* The order and its conversation are a click away once the dispute names its order. */
static void
update_links (RpDisputeDetail *self)
{
  gboolean has_order = self->load != NULL && order_of (self->load->dispute) != NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->order_button), has_order);
  gtk_widget_set_sensitive (GTK_WIDGET (self->conversation_button),
                            self->load != NULL &&
                            (has_order || self->load->dispute->buyer_login_id != NULL));
}

static gboolean
extension_pending (RpDisputeDetail *self)
{
  GPtrArray *items = self->load->outbox;

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      RpOutboxItem *item = g_ptr_array_index (items, i);

      if (item->kind == RP_OUTBOX_KIND_EXTEND_ACCEPT && item->state != RP_OUTBOX_FAILED_PERMANENT)
        return TRUE;
    }
  return FALSE;
}

/* The buyer's time runs while the goods are on their way or in dispute; a finished order
 * has nothing left to extend.  Whether the marketplace grants it is its call: a refusal
 * shows under "Not Sent Yet" with its reason. */
static void
update_extend (RpDisputeDetail *self)
{
  RpOrder *order = self->load != NULL ? self->load->order : NULL;
  const char *why = NULL;

  if (self->load == NULL || !is_open (self))
    why = _("The dispute is closed");
  else if (order == NULL)
    why = _("The order is not in the cache yet; sync first");
  else if (order->status != RP_ORDER_STATUS_SHIPPED && order->status != RP_ORDER_STATUS_IN_DISPUTE)
    why = _("Only an order waiting for the buyer to confirm receipt can be extended");
  else if (extension_pending (self))
    why = _("An extension is being sent");

  gtk_widget_set_sensitive (GTK_WIDGET (self->extend_button), why == NULL && !self->sending);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->extend_button),
                               why != NULL ? why : _("Extend the time the buyer has to confirm receipt"));
}

static void
render (RpDisputeDetail *self)
{
  RpDispute *d = self->load->dispute;
  RpOrder *order = self->load->order;
  g_autofree char *title = one_line (d->reason);
  g_autofree char *subtitle = NULL;
  g_autofree char *product = NULL;
  g_autofree char *cap = NULL;
  g_autofree char *language = NULL;
  g_autofree char *country_name = NULL;
  const char *buyer;
  gint64 answered_at = 0;
  RpMoney cap_money = cap_of (d);

  gtk_label_set_text (self->title_label, *title != '\0' ? title : _("Dispute"));

  buyer = order != NULL && order->buyer_name != NULL ? order->buyer_name : d->buyer_login_id;
  {
    g_autofree char *buyer_line = one_line (buyer);

    /* Translators: order number, buyer name, dispute number. */
    subtitle = g_strdup_printf (_("Order %s · %s · dispute %s"),
                                order_of (d) != NULL ? order_of (d) : "—",
                                *buyer_line != '\0' ? buyer_line : "—",
                                d->issue_id);
  }
  gtk_label_set_text (self->subtitle_label, subtitle);

  if (d->product_name != NULL)
    {
      g_autofree char *name = one_line (d->product_name);
      g_autofree char *price = rp_dispute_format_money (&d->product_price);

      product = d->product_price.cents > 0 ? g_strdup_printf ("%s · %s", name, price)
                                           : g_steal_pointer (&name);
    }
  gtk_label_set_text (self->product_label, product != NULL ? product : "");
  gtk_widget_set_visible (GTK_WIDGET (self->product_label), product != NULL);

  if (d->deadline > 0 && d->status == RP_DISPUTE_STATUS_PROCESSING)
    {
      g_autofree char *deadline = format_local (d->deadline);

      gtk_label_set_text (self->deadline_label, deadline);
    }
  else
    {
      gtk_label_set_text (self->deadline_label, _("None"));
    }

  cap = d->refund_max.cents > 0 ? rp_dispute_format_money (&cap_money) : g_strdup (_("Unknown"));
  gtk_label_set_text (self->cap_label, cap);

  gtk_widget_remove_css_class (GTK_WIDGET (self->answered_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->answered_label), "success");
  if (rp_dispute_is_answered (d, self->load->answered, &answered_at))
    {
      g_autofree char *when = format_local (answered_at);
      /* Translators: %s is a date and time. */
      g_autofree char *text = g_strdup_printf (_("Sent %s"), when);

      gtk_label_set_text (self->answered_label, text);
      gtk_widget_add_css_class (GTK_WIDGET (self->answered_label), "success");
    }
  else
    {
      gtk_label_set_text (self->answered_label, _("Not sent yet"));
      if (d->status == RP_DISPUTE_STATUS_PROCESSING)
        gtk_widget_add_css_class (GTK_WIDGET (self->answered_label), "warning");
    }

  /* The buyer's language once per dispute; a reload keeps what the seller chose. */
  if (g_strcmp0 (self->language_for, d->issue_id) != 0)
    {
      const char * const *languages = rp_template_languages ();

      language = rp_dispute_buyer_language (order != NULL ? order->buyer_country : NULL);
      gtk_drop_down_set_selected (self->language_dropdown, 0);
      for (guint i = 0; languages[i] != NULL; i++)
        if (g_str_equal (languages[i], language))
          gtk_drop_down_set_selected (self->language_dropdown, i);
      g_free (self->language_for);
      self->language_for = g_strdup (d->issue_id);
    }

  if (order != NULL && order->buyer_country != NULL)
    country_name = rp_country_get_name (order->buyer_country);
  if (country_name != NULL)
    {
      /* Translators: %s is the buyer's country. */
      g_autofree char *text = g_strdup_printf (_("For a buyer in %s"), country_name);

      gtk_label_set_text (self->language_label, text);
    }
  else
    {
      gtk_label_set_text (self->language_label, "");
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->playbook_button), order != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->playbook_button),
                               order != NULL
                               ? _("Fill the reply with the playbook for this reason, in the buyer’s language")
                               : _("The order is not in the cache yet; sync first"));

  render_outbox (self);
  render_solutions (self);
  render_conversation (self);
  render_history (self);
  update_clock (self);
  update_send_button (self);
  update_links (self);
  update_extend (self);
}

/* Loading ------------------------------------------------------------------------------ */

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Load *load = task_data;
  GError *error = NULL;
  g_autoptr(GPtrArray) shipments = NULL;
  g_autoptr(GPtrArray) all = NULL;
  RpBuyerZone *zones = NULL;

  load->dispute = rp_store_get_dispute_sync (load->store, load->account_id, load->issue_id, &error);
  if (load->dispute == NULL)
    {
      if (error != NULL)
        g_task_return_error (task, error);
      else
        g_task_return_new_error (task, RP_STORE_ERROR, RP_STORE_ERROR_NOT_FOUND,
                                 _("The dispute is no longer in the cache."));
      return;
    }

  /* The rest is a bonus: a dispute shows without its order, parcel or local state. */
  if (order_of (load->dispute) != NULL)
    {
      const char *order_id = order_of (load->dispute);

      load->order = rp_store_get_order_sync (load->store, load->account_id, order_id, NULL);
      shipments = rp_store_list_shipments_sync (load->store, load->account_id, order_id, NULL);
      if (shipments != NULL && shipments->len > 0)
        load->shipment = g_object_ref (g_ptr_array_index (shipments, 0));
      load->answered = rp_store_get_order_state_sync (load->store, load->account_id, order_id,
                                                      RP_DISPUTE_ORDER_STATE_ANSWERED, NULL);
      /* Order messages live in the channel named after the order. */
      load->messages = rp_store_list_messages_sync (load->store, load->account_id, order_id, NULL);
      if (load->messages != NULL && load->messages->len > RECENT_MESSAGES)
        g_ptr_array_remove_range (load->messages, 0, load->messages->len - RECENT_MESSAGES);
    }

  /* What the seller did here that the marketplace has not taken yet, or refused. */
  load->outbox = g_ptr_array_new_with_free_func (g_object_unref);
  all = rp_store_outbox_list_sync (load->store, load->account_id, NULL);
  for (guint i = 0; all != NULL && i < all->len; i++)
    {
      RpOutboxItem *item = g_ptr_array_index (all, i);
      gboolean mine = (item->kind == RP_OUTBOX_KIND_SOLUTION_SAVE ||
                       item->kind == RP_OUTBOX_KIND_SOLUTION_AGREE)
                      ? g_strcmp0 (item->target_id, load->issue_id) == 0
                      : (item->kind == RP_OUTBOX_KIND_MESSAGE ||
                         item->kind == RP_OUTBOX_KIND_EXTEND_ACCEPT) &&
                        g_strcmp0 (item->target_id, order_of (load->dispute)) == 0;

      if (mine && item->state != RP_OUTBOX_SENT)
        g_ptr_array_add (load->outbox, g_object_ref (item));
    }

  if (load->order != NULL && load->order->buyer_country != NULL &&
      (zones = rp_buyer_zone_get_default ()) != NULL)
    load->buyer_zone = rp_buyer_zone_lookup_time_zone (zones, load->order->buyer_country,
                                                       load->order->address.province,
                                                       load->order->address.city, NULL);

  g_task_return_boolean (task, TRUE);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  RpDisputeDetail *self = RP_DISPUTE_DETAIL (object);
  Load *load = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("Dispute %s: %s", load->issue_id, error->message);
      gtk_spinner_set_spinning (self->spinner, FALSE);
      if (self->load == NULL)
        gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  /* The task data belongs to the task: take the results out of it. */
  g_clear_pointer (&self->load, load_free);
  self->load = g_new0 (Load, 1);
  self->load->account_id = load->account_id;
  self->load->issue_id = g_strdup (load->issue_id);
  self->load->dispute = g_steal_pointer (&load->dispute);
  self->load->order = g_steal_pointer (&load->order);
  self->load->shipment = g_steal_pointer (&load->shipment);
  self->load->answered = g_steal_pointer (&load->answered);
  self->load->buyer_zone = g_steal_pointer (&load->buyer_zone);
  self->load->outbox = g_steal_pointer (&load->outbox);
  self->load->messages = g_steal_pointer (&load->messages);

  render (self);
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "detail");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

static void
load_dispute (RpDisputeDetail *self)
{
  g_autoptr(GTask) task = NULL;
  Load *load;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->store == NULL || self->issue_id == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  load = g_new0 (Load, 1);
  load->store = g_object_ref (self->store);
  load->account_id = self->account_id;
  load->issue_id = g_strdup (self->issue_id);

  task = g_task_new (self, self->cancellable, load_done_cb, NULL);
  g_task_set_source_tag (task, load_dispute);
  g_task_set_task_data (task, load, (GDestroyNotify)load_free);
  g_task_run_in_thread (task, load_thread);
}

static gboolean
reload_cb (gpointer user_data)
{
  RpDisputeDetail *self = user_data;

  self->reload_source = 0;
  load_dispute (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (RpDisputeDetail *self,
                  RpStoreChange    changes,
                  gint64           account_id)
{
  const RpStoreChange relevant = RP_STORE_CHANGE_DISPUTES | RP_STORE_CHANGE_ORDERS |
                                 RP_STORE_CHANGE_ORDER_STATE | RP_STORE_CHANGE_SHIPMENTS |
                                 RP_STORE_CHANGE_OUTBOX | RP_STORE_CHANGE_MESSAGES;

  if (self->issue_id == NULL || (changes & relevant) == 0 ||
      (account_id != 0 && account_id != self->account_id))
    return;

  /* A sync writes page after page: one read covers a burst. */
  if (self->reload_source == 0)
    self->reload_source = g_timeout_add (RELOAD_DELAY_MS, reload_cb, self);
}

static void
set_store (RpDisputeDetail *self,
           RpStore         *store)
{
  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self,
                             G_CONNECT_SWAPPED);
  load_dispute (self);
}

static void
context_store_cb (RpDisputeDetail *self)
{
  set_store (self, self->context != NULL ? rp_context_get_store (self->context) : NULL);
}

/* Sending ------------------------------------------------------------------------------ */

typedef struct
{
  RpDisputeDetail *self;
  gint64           account_id;
  char            *issue_id;
  char            *order_id;
  RpOutboxKind     kind;
} Send;

static void
send_free (Send *send)
{
  g_object_unref (send->self);
  g_free (send->issue_id);
  g_free (send->order_id);
  g_free (send);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Send, send_free)

static void
answered_saved_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!rp_store_set_order_state_finish (RP_STORE (object), result, &error))
    g_warning ("Could not record the dispute as answered: %s", error->message);
}

static void
enqueued_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Send) send = user_data;
  RpDisputeDetail *self = send->self;
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = rp_store_outbox_enqueue_finish (RP_STORE (object), result, &error);
  self->sending = FALSE;

  if (id <= 0)
    {
      g_autofree char *text = g_strdup_printf (_("Could not queue it: %s"), error->message);

      toast (self, text);
      update_send_button (self);
      if (self->load != NULL)
        update_extend (self);
      return;
    }

  if (send->kind == RP_OUTBOX_KIND_MESSAGE)
    {
      g_autofree char *value = rp_dispute_answered_format (send->issue_id, g_get_real_time ());

      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->composer), "", -1);
      rp_store_set_order_state_async (RP_STORE (object), send->account_id, send->order_id,
                                      RP_DISPUTE_ORDER_STATE_ANSWERED, value, NULL,
                                      answered_saved_cb, NULL);
      toast (self, _("Reply queued"));
    }
  else if (send->kind == RP_OUTBOX_KIND_SOLUTION_SAVE)
    {
      toast (self, _("Counter-offer queued"));
    }
  else if (send->kind == RP_OUTBOX_KIND_EXTEND_ACCEPT)
    {
      toast (self, _("Extension queued"));
    }
  else
    {
      toast (self, _("Acceptance queued"));
    }

  /* Send now, then read the dispute back so the detail shows what the marketplace made
   * of it (the engine runs its jobs in order). */
  if (self->context != NULL)
    {
      rp_context_send_outbox (self->context, send->account_id);
      if (send->kind != RP_OUTBOX_KIND_MESSAGE)
        rp_context_sync_now (self->context, FALSE);
    }
  update_send_button (self);
  if (self->load != NULL)
    update_extend (self);
}

static void
enqueue (RpDisputeDetail *self,
         RpOutboxKind     kind,
         RpOutboxPayload *payload,
         RpMessage       *echo)
{
  g_autofree char *json = rp_outbox_payload_to_json (kind, payload);
  g_autoptr(RpOutboxItem) item = NULL;
  Send *send;

  g_assert (self->load != NULL && self->store != NULL);

  item = rp_outbox_item_new (kind, self->load->account_id,
                             rp_outbox_payload_target (kind, payload), json);
  send = g_new0 (Send, 1);
  send->self = g_object_ref (self);
  send->account_id = self->load->account_id;
  send->issue_id = g_strdup (self->load->dispute->issue_id);
  send->order_id = g_strdup (order_of (self->load->dispute));
  send->kind = kind;

  self->sending = TRUE;
  update_send_button (self);
  rp_store_outbox_enqueue_async (self->store, item, echo, NULL, enqueued_cb, send);
}

static char *
composer_text (RpDisputeDetail *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->composer);
  GtkTextIter start, end;
  char *text;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  return g_strstrip (text);
}

static void
send_reply (RpDisputeDetail *self)
{
  g_autoptr(RpOutboxPayload) payload = rp_outbox_payload_new ();
  g_autoptr(RpMessage) echo = rp_message_new ();
  g_autofree char *text = composer_text (self);
  RpDispute *d = self->load->dispute;

  /* Order messages live in the channel named after the (parent) order. */
  payload->channel_id = g_strdup (order_of (d));
  payload->order_id = g_strdup (order_of (d));
  payload->buyer_login_id = g_strdup (d->buyer_login_id);
  payload->text = g_strdup (text);

  echo->account_id = self->load->account_id;
  echo->channel_id = g_strdup (order_of (d));
  echo->is_own = TRUE;
  echo->content = g_strdup (text);
  echo->sent_at = g_get_real_time ();
  echo->message_type = g_strdup ("order");
  echo->extern_id = g_strdup (order_of (d));

  enqueue (self, RP_OUTBOX_KIND_MESSAGE, payload, echo);
}

static void
conduct_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     RpDisputeDetail  *self)
{
  if (g_strcmp0 (response, "send") == 0 && self->load != NULL)
    send_reply (self);
}

static char *
conduct_summary (GArray *findings)
{
  GString *out = g_string_new (NULL);
  guint seen = 0;

  for (guint i = 0; i < findings->len; i++)
    {
      RpConductFinding *f = &g_array_index (findings, RpConductFinding, i);

      /* One line per kind, however often it occurs. */
      if (seen & (1u << f->kind))
        continue;
      seen |= 1u << f->kind;
      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append_printf (out, "• %s", f->explanation);
    }
  return g_string_free (out, FALSE);
}

static void
send_clicked_cb (RpDisputeDetail *self)
{
  g_autofree char *text = composer_text (self);
  g_autoptr(GArray) findings = NULL;
  g_autoptr(GError) error = NULL;

  if (self->load == NULL || *text == '\0' || self->sending)
    return;

  findings = rp_conduct_check (text, &error);
  if (findings == NULL)
    {
      toast (self, error->message);
      return;
    }

  if (findings->len > 0)
    {
      GtkWidget *dialog;
      g_autofree char *summary = conduct_summary (findings);

      dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                       _("Send Despite the Warnings?"), NULL);
      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s\n\n%s",
                                      _("The marketplace may penalise this reply during a dispute:"),
                                      summary);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Edit Reply"),
                                        "send", _("_Send Anyway"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "send",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_signal_connect_object (dialog, "response", G_CALLBACK (conduct_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  send_reply (self);
}

static gboolean
send_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  RpDisputeDetail *self = user_data;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->send_button)))
    return FALSE;
  send_clicked_cb (self);
  return TRUE;
}

static void
composer_changed_cb (RpDisputeDetail *self)
{
  g_autofree char *text = composer_text (self);
  g_autoptr(GArray) findings = rp_conduct_check (text, NULL);

  update_send_button (self);

  if (findings != NULL && findings->len > 0)
    {
      g_autofree char *summary = conduct_summary (findings);

      gtk_label_set_text (self->conduct_label, summary);
      gtk_widget_set_visible (GTK_WIDGET (self->conduct_label), TRUE);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->conduct_label), FALSE);
    }
}

static void
playbook_clicked_cb (RpDisputeDetail *self)
{
  g_autofree char *language = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  guint selected = gtk_drop_down_get_selected (self->language_dropdown);

  if (self->load == NULL || self->load->order == NULL ||
      selected >= g_strv_length ((char **)rp_template_languages ()))
    return;

  language = g_strdup (rp_template_languages ()[selected]);
  text = rp_dispute_playbook_render (self->load->dispute, self->load->order,
                                     self->load->shipment, language, &error);
  if (text == NULL)
    {
      toast (self, error->message);
      return;
    }

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->composer), text, -1);
  gtk_widget_grab_focus (GTK_WIDGET (self->composer));
}

/* Accept the buyer's solution ---------------------------------------------------------- */

static void
accept_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    RpDisputeDetail  *self)
{
  g_autoptr(RpOutboxPayload) payload = NULL;
  const char *solution_id = g_object_get_data (G_OBJECT (dialog), "solution-id");
  const char *issue_id = g_object_get_data (G_OBJECT (dialog), "issue-id");

  if (g_strcmp0 (response, "accept") != 0 || self->load == NULL ||
      g_strcmp0 (issue_id, self->load->dispute->issue_id) != 0)
    return;

  payload = rp_outbox_payload_new ();
  payload->issue_id = g_strdup (issue_id);
  payload->solution_id = g_strdup (solution_id);
  payload->buyer_login_id = g_strdup (self->load->dispute->buyer_login_id);
  enqueue (self, RP_OUTBOX_KIND_SOLUTION_AGREE, payload, NULL);
}

static RpSolution *
solution_by_id (RpDispute  *dispute,
                const char *id)
{
  GPtrArray *lists[] = { dispute->buyer_solutions, dispute->seller_solutions,
                         dispute->platform_solutions };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; lists[l] != NULL && i < lists[l]->len; i++)
      {
        RpSolution *s = g_ptr_array_index (lists[l], i);

        if (g_strcmp0 (s->solution_id, id) == 0)
          return s;
      }
  return NULL;
}

static void
accept_clicked_cb (RpDisputeDetail *self,
                   GtkButton       *button)
{
  const char *solution_id = g_object_get_data (G_OBJECT (button), "solution-id");
  RpSolution *s;
  g_autofree char *money = NULL;
  GtkWidget *dialog;

  if (self->load == NULL || (s = solution_by_id (self->load->dispute, solution_id)) == NULL)
    return;

  money = rp_dispute_format_money (&s->refund);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Accept the Buyer’s Solution?"), NULL);
  if (g_strcmp0 (s->solution_type, "return_and_refund") == 0)
    /* Translators: %s is an amount with its currency. */
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    _("The buyer returns the goods and gets %s back. The dispute then closes; this cannot be undone."),
                                    money);
  else
    /* Translators: %s is an amount with its currency. */
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    _("The buyer gets %s back and keeps the goods. The dispute then closes; this cannot be undone."),
                                    money);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "accept", _("_Refund"),
                                    NULL);
  {
    /* The button itself says how much leaves: no one accepts a sum they did not see. */
    g_autofree char *label = g_strdup_printf (_("_Refund %s"), money);

    adw_message_dialog_set_response_label (ADW_MESSAGE_DIALOG (dialog), "accept", label);
  }
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "accept",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "solution-id", g_strdup (solution_id), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "issue-id", g_strdup (self->load->dispute->issue_id),
                          g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (accept_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Counter-offer ------------------------------------------------------------------------ */

typedef struct
{
  GtkDropDown *type;
  GtkEntry    *amount;
  GtkEntry    *reason;
  GtkLabel    *error;
  RpMoney      cap;
  char        *issue_id;
} Propose;

static void
propose_free (Propose *propose)
{
  g_free (propose->issue_id);
  g_free (propose);
}

static gboolean
propose_read (Propose  *propose,
              RpMoney  *out_amount,
              GError  **error)
{
  RpMoney amount = { 0 };

  g_strlcpy (amount.currency, propose->cap.currency, sizeof amount.currency);
  if (!rp_dispute_parse_amount (gtk_editable_get_text (GTK_EDITABLE (propose->amount)),
                                &amount.cents, error) ||
      !rp_dispute_check_refund (&amount, &propose->cap, error))
    return FALSE;

  *out_amount = amount;
  return TRUE;
}

static void
propose_changed_cb (AdwMessageDialog *dialog)
{
  Propose *propose = g_object_get_data (G_OBJECT (dialog), "propose");
  g_autoptr(GError) error = NULL;
  RpMoney amount;
  gboolean ok = propose_read (propose, &amount, &error);
  gboolean has_reason = *gtk_editable_get_text (GTK_EDITABLE (propose->reason)) != '\0';

  gtk_label_set_text (propose->error, ok ? "" : error->message);
  gtk_widget_set_visible (GTK_WIDGET (propose->error), !ok);
  adw_message_dialog_set_response_enabled (dialog, "propose", ok && has_reason);
}

static void
propose_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     RpDisputeDetail  *self)
{
  Propose *propose = g_object_get_data (G_OBJECT (dialog), "propose");
  g_autoptr(RpOutboxPayload) payload = NULL;
  RpSolution *buyer_solution;
  RpSolution *seller_solution;
  RpSolutionDraft *draft;
  RpMoney amount;
  RpDispute *d;

  if (g_strcmp0 (response, "propose") != 0 || self->load == NULL ||
      g_strcmp0 (propose->issue_id, self->load->dispute->issue_id) != 0 ||
      !propose_read (propose, &amount, NULL))
    return;

  d = self->load->dispute;
  buyer_solution = find_buyer_solution (d);
  seller_solution = find_seller_solution (d);

  draft = rp_solution_draft_new ();
  draft->issue_id = g_strdup (d->issue_id);
  draft->buyer_login_id = g_strdup (d->buyer_login_id);
  draft->solution_type = g_strdup (gtk_drop_down_get_selected (propose->type) == 1
                                   ? "return_and_refund" : "refund");
  draft->refund = amount;
  draft->content = g_strdup (gtk_editable_get_text (GTK_EDITABLE (propose->reason)));

  /* A buyer solution waiting for an answer is answered with a new one of ours; otherwise
   * our standing offer is changed. */
  if (buyer_solution != NULL)
    {
      draft->add = TRUE;
      draft->buyer_solution_id = g_strdup (buyer_solution->solution_id);
    }
  else if (seller_solution != NULL)
    {
      draft->add = FALSE;
      draft->modify_solution_id = g_strdup (seller_solution->solution_id);
    }
  else
    {
      rp_solution_draft_free (draft);
      toast (self, _("There is no solution to answer yet"));
      return;
    }

  payload = rp_outbox_payload_new ();
  payload->issue_id = g_strdup (d->issue_id);
  payload->buyer_login_id = g_strdup (d->buyer_login_id);
  payload->solution = draft;
  enqueue (self, RP_OUTBOX_KIND_SOLUTION_SAVE, payload, NULL);
}

static void
propose_clicked_cb (RpDisputeDetail *self)
{
  const char * const types[] = { _("Refund, the buyer keeps the goods"),
                                 _("Return the goods, then refund"), NULL };
  g_autofree char *cap_text = NULL;
  g_autofree char *body = NULL;
  Propose *propose;
  GtkWidget *dialog;
  GtkWidget *box;
  RpDispute *d;

  if (!is_open (self))
    return;
  d = self->load->dispute;

  propose = g_new0 (Propose, 1);
  propose->cap = cap_of (d);
  propose->issue_id = g_strdup (d->issue_id);
  cap_text = rp_dispute_format_money (&propose->cap);

  /* Translators: %s is the refundable maximum with its currency. */
  body = g_strdup_printf (_("Offer a fair solution the buyer can accept. The refund can be at most %s."),
                          cap_text);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Counter-Offer"), body);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  propose->type = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (types));
  gtk_accessible_update_property (GTK_ACCESSIBLE (propose->type),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Kind of solution"), -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (propose->type));

  propose->amount = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_input_purpose (propose->amount, GTK_INPUT_PURPOSE_NUMBER);
  /* Translators: %s is the currency code. */
  {
    g_autofree char *placeholder = g_strdup_printf (_("Refund in %s, e.g. 12.50"), propose->cap.currency);

    gtk_entry_set_placeholder_text (propose->amount, placeholder);
  }
  gtk_accessible_update_property (GTK_ACCESSIBLE (propose->amount),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Refund amount"), -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (propose->amount));

  propose->reason = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_max_length (propose->reason, 512);
  gtk_entry_set_placeholder_text (propose->reason, _("Why this solution is fair"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (propose->reason),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Why this solution is fair"), -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (propose->reason));

  propose->error = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (propose->error, TRUE);
  gtk_label_set_xalign (propose->error, 0);
  gtk_widget_add_css_class (GTK_WIDGET (propose->error), "error");
  gtk_widget_set_visible (GTK_WIDGET (propose->error), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (propose->error));

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "propose", _("_Propose"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "propose",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "propose", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "propose", propose, (GDestroyNotify)propose_free);

  g_signal_connect_swapped (propose->amount, "changed", G_CALLBACK (propose_changed_cb), dialog);
  g_signal_connect_swapped (propose->reason, "changed", G_CALLBACK (propose_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (propose_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The order and its conversation ------------------------------------------------------ */

static void
order_clicked_cb (RpDisputeDetail *self)
{
  const char *order_id;

  if (self->load == NULL || (order_id = order_of (self->load->dispute)) == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-entity", "(sxs)",
                              "orders", self->load->account_id, order_id);
}

static void
conversation_clicked_cb (RpDisputeDetail *self)
{
  RpDispute *d;
  const char *id;

  if (self->load == NULL)
    return;
  d = self->load->dispute;

  /* The order's own conversation when there is one (its channel is named after the
   * order); otherwise whatever the seller and this buyer said last. */
  if (order_of (d) != NULL && self->load->messages != NULL && self->load->messages->len > 0)
    id = order_of (d);
  else
    id = d->buyer_login_id != NULL ? d->buyer_login_id : order_of (d);
  if (id == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-entity", "(sxs)",
                              "inbox", self->load->account_id, id);
}

static void
evidence_clicked_cb (RpDisputeDetail *self)
{
  const char *order_id;

  /* The pack is the order's: its conversation, parcel and every dispute about it. */
  if (self->load == NULL || (order_id = order_of (self->load->dispute)) == NULL)
    return;
  rp_evidence_dialog_run_for_dispute (GTK_WIDGET (self), self->context, self->load->account_id,
                                      order_id, self->load->dispute->issue_id);
}

/* Extend the buyer's time to confirm receipt ------------------------------------------- */

static void
extend_days_changed_cb (GtkSpinButton    *spin,
                        AdwMessageDialog *dialog)
{
  guint days = (guint)gtk_spin_button_get_value_as_int (spin);
  g_autofree char *label = NULL;

  /* The button says what it does: the seller sees the days they give. */
  label = g_strdup_printf (g_dngettext (NULL, "_Extend by %u Day", "_Extend by %u Days", days), days);
  adw_message_dialog_set_response_label (dialog, "extend", label);
}

static void
extend_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    RpDisputeDetail  *self)
{
  GtkSpinButton *spin = g_object_get_data (G_OBJECT (dialog), "days");
  const char *issue_id = g_object_get_data (G_OBJECT (dialog), "issue-id");
  g_autoptr(RpOutboxPayload) payload = NULL;
  int days;

  if (g_strcmp0 (response, "extend") != 0 || self->load == NULL || self->load->order == NULL ||
      g_strcmp0 (issue_id, self->load->dispute->issue_id) != 0 || self->sending)
    return;

  days = gtk_spin_button_get_value_as_int (spin);
  if (days < EXTEND_MIN_DAYS || days > EXTEND_MAX_DAYS)
    return;

  payload = rp_outbox_payload_new ();
  payload->order_id = g_strdup (self->load->order->order_id);
  payload->buyer_login_id = g_strdup (self->load->dispute->buyer_login_id);
  payload->number = (guint)days;
  enqueue (self, RP_OUTBOX_KIND_EXTEND_ACCEPT, payload, NULL);
}

static void
extend_clicked_cb (RpDisputeDetail *self)
{
  GtkWidget *dialog;
  GtkWidget *box;
  GtkWidget *label;
  GtkWidget *spin;
  g_autofree char *order = NULL;

  if (self->load == NULL || self->load->order == NULL ||
      !gtk_widget_get_sensitive (GTK_WIDGET (self->extend_button)))
    return;

  order = one_line (self->load->order->order_id);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Give the Buyer More Time?"), NULL);
  /* Translators: %s is an order number; %d the most days the marketplace allows. */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("The buyer of order %s gets more days to confirm receipt before the order closes. The marketplace allows at most %d days in all."),
                                  order, EXTEND_MAX_DAYS);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  label = gtk_label_new_with_mnemonic (_("_Days to add"));
  spin = gtk_spin_button_new_with_range (EXTEND_MIN_DAYS, EXTEND_MAX_DAYS, 1);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), EXTEND_DEFAULT_DAYS);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), spin);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Days to add"), -1);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), spin);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "extend", _("_Extend"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "extend",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "extend");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "days", spin);
  g_object_set_data_full (G_OBJECT (dialog), "issue-id", g_strdup (self->load->dispute->issue_id),
                          g_free);
  g_signal_connect_object (spin, "value-changed", G_CALLBACK (extend_days_changed_cb), dialog, 0);
  extend_days_changed_cb (GTK_SPIN_BUTTON (spin), ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (extend_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GObject ------------------------------------------------------------------------------ */

static void
rp_dispute_detail_map (GtkWidget *widget)
{
  RpDisputeDetail *self = RP_DISPUTE_DETAIL (widget);

  GTK_WIDGET_CLASS (rp_dispute_detail_parent_class)->map (widget);
  /* Between two ticks of the page's clock, shown again: catch up at once. */
  update_clock (self);
}

static void
rp_dispute_detail_dispose (GObject *object)
{
  RpDisputeDetail *self = (RpDisputeDetail *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), RP_TYPE_DISPUTE_DETAIL);
  g_clear_object (&self->context);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->load, load_free);
  g_clear_pointer (&self->issue_id, g_free);
  g_clear_pointer (&self->language_for, g_free);
  g_clear_pointer (&self->solution_rows, g_ptr_array_unref);
  g_clear_pointer (&self->history_rows, g_ptr_array_unref);
  g_clear_pointer (&self->outbox_rows, g_ptr_array_unref);
  g_clear_pointer (&self->message_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (rp_dispute_detail_parent_class)->dispose (object);
}

static void
rp_dispute_detail_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RpDisputeDetail *self = RP_DISPUTE_DETAIL (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, rp_dispute_detail_get_loaded (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_dispute_detail_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  RpDisputeDetail *self = RP_DISPUTE_DETAIL (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      rp_dispute_detail_set_context (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_dispute_detail_class_init (RpDisputeDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_dispute_detail_dispose;
  object_class->get_property = rp_dispute_detail_get_property;
  object_class->set_property = rp_dispute_detail_set_property;
  widget_class->map = rp_dispute_detail_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RP_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/rp-dispute-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, RpDisputeDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeDetail, spinner);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeDetail, scroller);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeDetail, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeDetail, product_label);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeDetail, left_label);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeDetail, badge_label);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeDetail, order_button);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeDetail, conversation_button);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeDetail, extend_row);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeDetail, extend_button);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeDetail, deadline_label);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeDetail, buyer_time_label);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeDetail, cap_label);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeDetail, answered_label);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeDetail, outbox_group);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeDetail, solutions_group);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeDetail, propose_button);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeDetail, playbook_button);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeDetail, composer);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeDetail, conduct_label);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeDetail, language_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeDetail, language_label);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeDetail, send_button);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeDetail, history_group);
  gtk_widget_class_bind_template_child (widget_class, RpDisputeDetail, conversation_group);
  gtk_widget_class_bind_template_callback (widget_class, propose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, playbook_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, send_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, order_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, conversation_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, evidence_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, extend_clicked_cb);
}

static void
rp_dispute_detail_init (RpDisputeDetail *self)
{
  GtkEventController *shortcuts;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  g_type_ensure (RP_TYPE_DISPUTE_ROW);
  rp_dispute_row_load_style ();
  gtk_widget_init_template (GTK_WIDGET (self));

  for (const char * const *l = rp_template_languages (); *l != NULL; l++)
    gtk_string_list_append (names, rp_dispute_language_name (*l));
  gtk_drop_down_set_model (self->language_dropdown, G_LIST_MODEL (names));

  self->solution_rows = g_ptr_array_new ();
  self->history_rows = g_ptr_array_new ();
  self->outbox_rows = g_ptr_array_new ();
  self->message_rows = g_ptr_array_new ();
  g_signal_connect_object (gtk_text_view_get_buffer (self->composer), "changed",
                           G_CALLBACK (composer_changed_cb), self, G_CONNECT_SWAPPED);

  /* Ctrl+Enter sends from the composer, as in the message centre. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return"),
                                                          gtk_callback_action_new (send_shortcut_cb, self, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self->composer), shortcuts);
  gtk_stack_set_visible_child_name (self->stack, "none");
}

/**
 * rp_dispute_detail_get_context:
 *
 * Returns: (transfer none) (nullable): the context
 */
RpContext *
rp_dispute_detail_get_context (RpDisputeDetail *self)
{
  g_return_val_if_fail (RP_IS_DISPUTE_DETAIL (self), NULL);

  return self->context;
}

void
rp_dispute_detail_set_context (RpDisputeDetail *self,
                               RpContext       *context)
{
  g_return_if_fail (RP_IS_DISPUTE_DETAIL (self));
  g_return_if_fail (context == NULL || RP_IS_CONTEXT (context));

  if (self->context == context)
    return;

  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_set_object (&self->context, context);
  if (context != NULL)
    g_signal_connect_object (context, "notify::store", G_CALLBACK (context_store_cb), self,
                             G_CONNECT_SWAPPED);
  context_store_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

void
rp_dispute_detail_show (RpDisputeDetail *self,
                        gint64           account_id,
                        const char      *issue_id)
{
  g_return_if_fail (RP_IS_DISPUTE_DETAIL (self));

  if (self->account_id == account_id && g_strcmp0 (self->issue_id, issue_id) == 0)
    return;

  self->account_id = account_id;
  g_free (self->issue_id);
  self->issue_id = g_strdup (issue_id);
  g_clear_pointer (&self->load, load_free);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->composer), "", -1);

  if (issue_id == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      load_dispute (self);
      return;
    }

  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  load_dispute (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

const char *
rp_dispute_detail_get_issue_id (RpDisputeDetail *self)
{
  g_return_val_if_fail (RP_IS_DISPUTE_DETAIL (self), NULL);

  return self->issue_id;
}

gboolean
rp_dispute_detail_get_loaded (RpDisputeDetail *self)
{
  g_return_val_if_fail (RP_IS_DISPUTE_DETAIL (self), FALSE);

  return self->load != NULL && g_strcmp0 (self->load->issue_id, self->issue_id) == 0;
}

/**
 * rp_dispute_detail_update_clock:
 * @now: the time to show, UTC µs
 *
 * Moves the countdown, the badge and the buyer's time on to @now; the page's clock calls
 * it.
 */
void
rp_dispute_detail_update_clock (RpDisputeDetail *self,
                                gint64           now)
{
  g_return_if_fail (RP_IS_DISPUTE_DETAIL (self));

  update_clock_at (self, now);
}
