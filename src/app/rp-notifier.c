/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-notifier"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rp-activity.h"
#include "rp-buyer-zone.h"
#include "rp-country.h"
#include "rp-dispute-clock.h"
#include "rp-memory.h"
#include "rp-notifier.h"
#include "rp-parcel-problem.h"
#include "rp-schedule.h"
#include "rp-store-today.h"
#include "rp-tracking.h"

/* The notifier follows the cache: every `changed` restarts a short timer, and when it fires a
 * GTask thread reads, on a read-only connection of its own (rp-store-today.h), only the rows
 * its rules can act on (conversations waiting for the seller and those of buyers with
 * something open, disputes in progress, confirmations waiting, parcels still tracked one at
 * a time) and decides, against what it saw before, what to show and what to withdraw.  What
 * the rules do not need is never read: with 100,000 orders cached, whole tables read at every
 * look would stay resident in the thread's malloc arena long after they are freed.  The main
 * thread only turns that plan into GNotifications.  Watermarks (the newest message and dispute
 * already accounted for) live in the store's cursor table, so a restart does not repeat
 * notifications and the first sync of an account only sets them; the once-only notices
 * (deadline alerts, likely-online windows, parcel problems told) are kept in its notices
 * table for the same reason. */

#define CURSOR_MESSAGES      "notify.messages"
#define CURSOR_DISPUTES      "notify.disputes"
#define CURSOR_CONFIRMATIONS "notify.confirmations"

/* Look again at least this often: dispute deadlines come closer without any change. */
#define MAX_WAKE_INTERVAL (30 * G_TIME_SPAN_MINUTE)

/* Once-only notices are remembered in the cache this long: longer than any deadline ahead. */
#define NOTICE_MAX_AGE (60 * G_TIME_SPAN_DAY)

/* How far ahead a buyer's next likely-online window is looked for: past a week, since the
 * model is by hour of the week, so that a window that exists is always found. */
#define ONLINE_HORIZON (8 * G_TIME_SPAN_DAY)

typedef enum
{
  PLAN_SEND,
  PLAN_WITHDRAW,
} PlanAction;

typedef struct
{
  PlanAction             action;
  char                  *id;
  char                  *title;
  char                  *body;
  GNotificationPriority  priority;
  gboolean               can_snooze;
} PlanItem;

/* Owned by the notifier; only the scan thread touches it while a scan runs, and only one
 * scan runs at a time. */
typedef struct
{
  GHashTable  *alerts;     /* dispute id → RpDisputeAlertState */
  GHashTable  *parcels;    /* parcel id → the problem level last seen (GUINT_TO_POINTER + 1) */
  GHashTable  *shown;      /* notification id → NULL (a set) */
  GHashTable  *online;     /* "account:buyer" → gint64, the end of the window already notified */
  GHashTable  *histories;  /* "account:buyer" → BuyerHistory */
  RpBuyerZone *zones;      /* the process's table (not owned); NULL without tzdata: no buyer
                            * windows then */
  gboolean     zones_tried;
  GHashTable  *loaded;     /* the accounts whose notices were read from the cache (a set) */
  gboolean     pruned;
} ScanState;

/* What the notifier knows of a buyer with something open, read again only when one of their
 * conversations moved. */
typedef struct
{
  gint64      signature;
  GArray     *events;      /* gint64 UTC µs: the buyer's own messages */
  GTimeZone  *zone;        /* NULL: where they live is not known (yet), nothing is claimed */
  char       *country;
} BuyerHistory;

typedef struct
{
  RpStore   *store;
  RpStoreToday *reader;   /* the scan thread's own connection, while it runs */
  ScanState *state;
  gint64     now;
  gboolean   sync_done;
  gboolean   quiet;
  gboolean   messages;
  gboolean   disputes;
  gboolean   deadlines;
  gboolean   parcels;
  gboolean   confirmations;
  gboolean   buyer_online;
  RpQuietHours buyer_quiet;  /* no likely-online window inside the buyer's night */

  /* results */
  GPtrArray *plan;        /* of PlanItem */
  guint      n_unread;
  guint      n_urgent;
  gint64     next_wake;   /* UTC µs, 0 when nothing is due */
} ScanData;

struct _RpNotifier
{
  GObject        parent_instance;

  GApplication  *application;
  RpContext     *context;
  RpStore       *store;
  GCancellable  *cancellable;

  ScanState      state;
  guint          debounce_ms;
  guint          debounce_id;
  guint          wake_id;
  gboolean       scanning;
  gboolean       rescan;

  RpNotifierClock clock;
  gpointer       clock_data;

  GHashTable    *snoozed;     /* id → GSource id of the re-show timer */
  GHashTable    *last_sent;   /* id → GNotification, for the re-show */

  guint          n_unread;
  guint          n_urgent;
};

G_DEFINE_FINAL_TYPE (RpNotifier, rp_notifier, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UNREAD_COUNT,
  PROP_URGENT_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void schedule_scan (RpNotifier *self);

static void
plan_item_free (gpointer data)
{
  PlanItem *item = data;

  g_free (item->id);
  g_free (item->title);
  g_free (item->body);
  g_free (item);
}

static void
scan_data_free (gpointer data)
{
  ScanData *scan = data;

  g_clear_object (&scan->store);
  g_clear_pointer (&scan->plan, g_ptr_array_unref);
  g_free (scan);
}

static void
plan_send (ScanData              *scan,
           const char            *id,
           char                  *title,
           char                  *body,
           GNotificationPriority  priority,
           gboolean               can_snooze)
{
  PlanItem *item = g_new0 (PlanItem, 1);

  item->action = PLAN_SEND;
  item->id = g_strdup (id);
  item->title = title;
  item->body = body;
  item->priority = priority;
  item->can_snooze = can_snooze;
  g_ptr_array_add (scan->plan, item);
  g_hash_table_add (scan->state->shown, g_strdup (id));
}

static void
plan_withdraw (ScanData   *scan,
               const char *id)
{
  PlanItem *item;

  if (!g_hash_table_remove (scan->state->shown, id))
    return;

  item = g_new0 (PlanItem, 1);
  item->action = PLAN_WITHDRAW;
  item->id = g_strdup (id);
  g_ptr_array_add (scan->plan, item);
}

/* The store wrote these rows, but the file may be damaged: text that is not UTF-8 counts as
 * missing, never reaches a notification. */
static const char *
valid_text (const char *text)
{
  return text != NULL && g_utf8_validate (text, -1, NULL) ? text : NULL;
}

/* The ids of the shown notifications of one kind and account (@prefix) that are not in
 * @keep (ids, a set): what was shown for something no longer open. */
static void
withdraw_others (ScanData   *scan,
                 const char *prefix,
                 GHashTable *keep)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, scan->state->shown);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (g_str_has_prefix (key, prefix) && !g_hash_table_contains (keep, key))
        g_ptr_array_add (gone, g_strdup (key));
    }
  for (guint i = 0; i < gone->len; i++)
    plan_withdraw (scan, g_ptr_array_index (gone, i));
}

/* Buyer text goes into a notification: one line, no control characters (bidi overrides
 * included), not too long.  Some notification servers read the body as markup and others do
 * not, so escaping would show entities on the latter; angle brackets become look-alikes
 * instead, which no server takes for a tag. */
static char *
plain_excerpt (const char *text,
               guint       max_chars)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint n = 0;

  if (text == NULL)
    return g_strdup ("");

  for (const char *p = text; *p != '\0' && n < max_chars; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (type == G_UNICODE_CONTROL || type == G_UNICODE_FORMAT || type == G_UNICODE_LINE_SEPARATOR
          || type == G_UNICODE_PARAGRAPH_SEPARATOR)
        c = ' ';
      else if (c == '<')
        c = 0x2039;
      else if (c == '>')
        c = 0x203A;
      g_string_append_unichar (out, c);
    }
  if (n == max_chars)
    g_string_append (out, "…");

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gint64
read_cursor (RpStore    *store,
             gint64      account_id,
             const char *key,
             gboolean   *out_present)
{
  g_autofree char *value = rp_store_get_cursor_sync (store, account_id, key, NULL);

  if (out_present != NULL)
    *out_present = value != NULL;
  return value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;
}

static void
write_cursor (RpStore    *store,
              gint64      account_id,
              const char *key,
              gint64      value)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  if (!rp_store_set_cursor_sync (store, account_id, key, text, &error))
    g_warning ("Could not remember what was notified: %s", error->message);
}

/* A once-only notice given (or counted as given), kept in the cache so that a restart
 * neither repeats nor forgets it.  Keys, per account:
 *   deadline:<issue id>:<deadline µs>:<RpDisputeAlert bit>
 *   online:<buyer login id>:<end of the window µs>
 *   parcel:<order id>:<problem level> */
static void
remember_notice (ScanData   *scan,
                 gint64      account_id,
                 const char *key)
{
  g_autoptr(GError) error = NULL;

  if (!rp_store_notice_add_sync (scan->store, account_id, key, scan->now, &error))
    g_warning ("Could not remember a notice: %s", error->message);
}

static void
remember_alerts (ScanData       *scan,
                 gint64          account_id,
                 const char     *issue,
                 gint64          deadline,
                 RpDisputeAlert  fired)
{
  for (guint bit = RP_DISPUTE_ALERT_48H; bit <= RP_DISPUTE_ALERT_6H; bit <<= 1)
    {
      if (fired & bit)
        {
          g_autofree char *key = g_strdup_printf ("deadline:%s:%" G_GINT64_FORMAT ":%u", issue, deadline, bit);

          remember_notice (scan, account_id, key);
        }
    }
}

/* Splits "<kind>:<name>:<number>[:<number>]" from the right: names may hold anything. */
static gboolean
parse_notice (const char  *key,
              const char  *kind,
              guint        n_numbers,
              char       **out_name,
              gint64      *out_numbers)
{
  g_autofree char *rest = NULL;

  if (!g_str_has_prefix (key, kind) || key[strlen (kind)] != ':')
    return FALSE;

  rest = g_strdup (key + strlen (kind) + 1);
  for (guint i = n_numbers; i > 0; i--)
    {
      char *colon = strrchr (rest, ':');
      char *end = NULL;

      if (colon == NULL)
        return FALSE;
      out_numbers[i - 1] = g_ascii_strtoll (colon + 1, &end, 10);
      if (end == colon + 1 || *end != '\0')
        return FALSE;
      *colon = '\0';
    }
  if (*rest == '\0')
    return FALSE;

  *out_name = g_steal_pointer (&rest);
  return TRUE;
}

/* What the cache remembers of an account's notices, read once before its first look. */
static void
load_notices (ScanData *scan,
              gint64    account_id)
{
  g_autofree char *mark = g_strdup_printf ("%" G_GINT64_FORMAT, account_id);
  g_autoptr(GHashTable) notices = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (g_hash_table_contains (scan->state->loaded, mark))
    return;

  notices = rp_store_notices_list_sync (scan->store, account_id, &error);
  if (notices == NULL)
    {
      g_warning ("Could not read the notices already given: %s", error->message);
      return;
    }
  g_hash_table_add (scan->state->loaded, g_steal_pointer (&mark));

  g_hash_table_iter_init (&iter, notices);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 fired_at = *(gint64 *)value;
      g_autofree char *name = NULL;
      gint64 numbers[2];

      if (parse_notice (key, "deadline", 2, &name, numbers))
        {
          g_autofree char *id = g_strdup_printf ("dispute:%" G_GINT64_FORMAT ":%s", account_id, name);
          RpDisputeAlertState *state = g_hash_table_lookup (scan->state->alerts, id);

          if (state == NULL)
            {
              state = g_new0 (RpDisputeAlertState, 1);
              g_hash_table_insert (scan->state->alerts, g_steal_pointer (&id), state);
            }
          /* Alerts for an earlier deadline are moot once a later one was alerted. */
          if (state->deadline != numbers[0])
            {
              if (state->last_alert_at > fired_at)
                continue;
              state->deadline = numbers[0];
              state->fired = RP_DISPUTE_ALERT_NONE;
            }
          state->fired |= (RpDisputeAlert)numbers[1];
          state->last_alert_at = MAX (state->last_alert_at, fired_at);
          /* It may still be on the desktop: withdrawn when the dispute closes. */
          g_hash_table_add (scan->state->shown,
                            g_strdup_printf ("dispute:%" G_GINT64_FORMAT ":%s", account_id, name));
        }
      else if (parse_notice (key, "online", 1, &name, numbers))
        {
          g_autofree char *okey = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", account_id, name);
          gint64 *until = g_hash_table_lookup (scan->state->online, okey);

          if (until == NULL)
            {
              until = g_new0 (gint64, 1);
              g_hash_table_insert (scan->state->online, g_steal_pointer (&okey), until);
            }
          *until = MAX (*until, numbers[0]);
          if (*until > scan->now)
            g_hash_table_add (scan->state->shown,
                              g_strdup_printf ("buyer:%" G_GINT64_FORMAT ":%s", account_id, name));
        }
      else if (parse_notice (key, "parcel", 1, &name, numbers))
        {
          g_autofree char *id = g_strdup_printf ("parcel:%" G_GINT64_FORMAT ":%s", account_id, name);
          gpointer previous = NULL;

          /* The worst level told of: the parcel is news again only if it gets worse. */
          if (!g_hash_table_lookup_extended (scan->state->parcels, id, NULL, &previous)
              || GPOINTER_TO_UINT (previous) < (guint)numbers[0] + 1)
            g_hash_table_replace (scan->state->parcels, g_steal_pointer (&id),
                                  GUINT_TO_POINTER ((guint)numbers[0] + 1));
        }
    }
}

/* What the buyer still has open with the seller, as a sentence, or NULL. */
static const char *
open_matter (const char *buyer_login_id,
             const char *order_id,
             GHashTable *open_disputes,
             GHashTable *pending_confirmations)
{
  if (buyer_login_id != NULL && g_hash_table_contains (open_disputes, buyer_login_id))
    return _("They have an open dispute.");
  if (order_id != NULL && g_hash_table_contains (pending_confirmations, order_id))
    return _("They have not answered the order confirmation yet.");

  return NULL;
}

/* @conversations: of RpConversation, the account's as rp_store_today_list_notice_conversations()
 * reads them: every one waiting for the seller is among them. */
static guint
scan_conversations (ScanData   *scan,
                    gint64      account_id,
                    gboolean    ready,
                    GPtrArray  *conversations,
                    GHashTable *open_disputes,
                    GHashTable *pending_confirmations)
{
  g_autoptr(GPtrArray) fresh = g_ptr_array_new ();
  g_autoptr(GHashTable) waiting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *summary_id = g_strdup_printf ("conversations:%" G_GINT64_FORMAT, account_id);
  g_autofree char *prefix = g_strdup_printf ("conversation:%" G_GINT64_FORMAT ":", account_id);
  gint64 mark = read_cursor (scan->store, account_id, CURSOR_MESSAGES, NULL);
  gint64 newest = mark;
  guint n_pending = 0;

  for (guint i = 0; i < conversations->len; i++)
    {
      RpConversation *conversation = g_ptr_array_index (conversations, i);
      const char *channel = valid_text (conversation->channel_id);
      gint64 at = conversation->last_message_at;

      if (conversation->account_id != account_id || channel == NULL
          || conversation->unread_count <= 0 || conversation->last_message_is_own)
        continue;

      g_hash_table_add (waiting, g_strconcat (prefix, channel, NULL));
      n_pending++;
      if (at > mark)
        {
          newest = MAX (newest, at);
          if (ready)
            g_ptr_array_add (fresh, conversation);
        }
    }

  /* Answered or read (or gone): its notification goes. */
  withdraw_others (scan, prefix, waiting);

  scan->n_unread += n_pending;

  if (n_pending == 0)
    plan_withdraw (scan, summary_id);

  if (scan->messages && !scan->quiet && fresh->len > RP_NOTIFIER_BURST)
    {
      plan_send (scan, summary_id,
                 g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new buyer message",
                                               "%u new buyer messages", fresh->len),
                                  fresh->len),
                 g_strdup (_("Buyers are waiting for your reply")),
                 G_NOTIFICATION_PRIORITY_NORMAL, FALSE);
    }
  else if (scan->messages && !scan->quiet)
    {
      for (guint i = 0; i < fresh->len; i++)
        {
          RpConversation *conversation = g_ptr_array_index (fresh, i);
          const char *name = valid_text (conversation->buyer_name);
          const char *login = valid_text (conversation->buyer_login_id);
          const char *matter;
          g_autofree char *id = NULL;
          g_autofree char *who = NULL;

          if (name == NULL || *name == '\0')
            name = login;
          who = plain_excerpt (name != NULL ? name : _("A buyer"), 60);
          id = g_strconcat (prefix, conversation->channel_id, NULL);
          matter = open_matter (login, valid_text (conversation->order_id),
                                open_disputes, pending_confirmations);

          /* A buyer with something open who writes is there now: the moment to answer. */
          if (matter != NULL)
            {
              g_autofree char *text = NULL;

              text = plain_excerpt (valid_text (conversation->last_message_text), 160);

              plan_send (scan, id, g_strdup_printf (_("%s is active now"), who),
                         g_strdup_printf ("%s\n%s", matter, text),
                         G_NOTIFICATION_PRIORITY_HIGH, TRUE);
            }
          else
            plan_send (scan, id, g_strdup_printf (_("New message from %s"), who),
                       plain_excerpt (valid_text (conversation->last_message_text), 200),
                       G_NOTIFICATION_PRIORITY_NORMAL, TRUE);
        }
    }

  if (newest != mark)
    write_cursor (scan->store, account_id, CURSOR_MESSAGES, newest);

  return n_pending;
}

static const char *
alert_title (RpDisputeAlert alert)
{
  switch (alert)
    {
    case RP_DISPUTE_ALERT_48H:
      return _("A dispute is due within 48 hours");
    case RP_DISPUTE_ALERT_24H:
      return _("A dispute is due within 24 hours");
    case RP_DISPUTE_ALERT_6H:
      return _("A dispute is due within 6 hours");
    case RP_DISPUTE_ALERT_NONE:
    default:
      g_assert_not_reached ();
    }
}

/* @disputes: of RpDispute, the account's in progress. */
static guint
scan_disputes (ScanData   *scan,
               gint64      account_id,
               gboolean    ready,
               GPtrArray  *disputes,
               GHashTable *open_buyers)
{
  g_autoptr(GHashTable) open = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) closed = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *prefix = g_strdup_printf ("dispute:%" G_GINT64_FORMAT ":", account_id);
  gint64 mark = read_cursor (scan->store, account_id, CURSOR_DISPUTES, NULL);
  gint64 newest = mark;
  guint n_urgent = 0;
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; i < disputes->len; i++)
    {
      RpDispute *dispute = g_ptr_array_index (disputes, i);
      const char *issue = valid_text (dispute->issue_id);

      if (dispute->account_id == account_id && issue != NULL
          && dispute->status == RP_DISPUTE_STATUS_PROCESSING)
        g_hash_table_add (open, g_strconcat (prefix, issue, NULL));
    }

  /* Closed (or gone): its notification goes, and so do its alerts. */
  g_hash_table_iter_init (&iter, scan->state->alerts);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (g_str_has_prefix (key, prefix) && !g_hash_table_contains (open, key))
        g_ptr_array_add (closed, g_strdup (key));
    }
  for (guint i = 0; i < closed->len; i++)
    g_hash_table_remove (scan->state->alerts, g_ptr_array_index (closed, i));
  withdraw_others (scan, prefix, open);

  for (guint i = 0; i < disputes->len; i++)
    {
      RpDispute *dispute = g_ptr_array_index (disputes, i);
      const char *issue = valid_text (dispute->issue_id);
      const char *product = valid_text (dispute->product_name);
      g_autofree char *id = NULL;
      g_autofree char *left = NULL;
      g_autofree char *body = NULL;
      g_autofree char *what = NULL;
      RpDisputeAlertState *alert_state;
      RpDisputeAlert alert, fired_before;
      gint64 deadline, created, modified;
      gboolean is_new;

      if (dispute->account_id != account_id || issue == NULL
          || dispute->status != RP_DISPUTE_STATUS_PROCESSING)
        continue;

      id = g_strconcat (prefix, issue, NULL);

      if (valid_text (dispute->buyer_login_id) != NULL)
        g_hash_table_add (open_buyers, g_strdup (dispute->buyer_login_id));

      deadline = dispute->deadline;
      created = dispute->created_at;
      if (deadline != 0 && rp_dispute_clock_time_left (deadline, scan->now) < 24 * G_TIME_SPAN_HOUR)
        n_urgent++;

      alert_state = g_hash_table_lookup (scan->state->alerts, id);
      if (alert_state == NULL)
        {
          alert_state = g_new0 (RpDisputeAlertState, 1);
          g_hash_table_insert (scan->state->alerts, g_strdup (id), alert_state);
        }
      /* A modification stamped ahead of this clock (the marketplace's clock is not ours)
       * would restart the alerts at every look until this clock caught up; such a stamp
       * is left out, and a new deadline still restarts them. */
      modified = dispute->modified_at;
      if (modified > scan->now)
        modified = 0;
      alert = RP_DISPUTE_ALERT_NONE;
      fired_before = alert_state->deadline == deadline ? alert_state->fired : RP_DISPUTE_ALERT_NONE;
      if (!ready)
        {
          /* Before the first sync finished, the alerts already due count as given. */
          for (guint n = 0; n < 4; n++)
            if (rp_dispute_clock_poll (alert_state, deadline, modified, scan->now) == RP_DISPUTE_ALERT_NONE)
              break;
        }
      else if (!scan->quiet && scan->deadlines)
        {
          /* During quiet hours the alert waits: it comes when they end. */
          alert = rp_dispute_clock_poll (alert_state, deadline, modified, scan->now);
        }
      if (alert_state->fired & ~fired_before)
        remember_alerts (scan, account_id, issue, deadline, alert_state->fired & ~fired_before);

      /* Quiet or switched off, an alert due now would wake the notifier every second; the
       * periodic look finds it once it may be given. */
      if (ready && !scan->quiet && scan->deadlines)
        {
          gint64 wake = rp_dispute_clock_next_alert_time (deadline, alert_state->fired, scan->now);

          if (wake != 0 && (scan->next_wake == 0 || wake < scan->next_wake))
            scan->next_wake = wake;
        }

      is_new = created > mark;
      newest = MAX (newest, created);
      if (!ready || scan->quiet)
        continue;

      what = plain_excerpt (product != NULL ? product : valid_text (dispute->order_id), 80);
      if (deadline != 0)
        left = rp_dispute_clock_format_left (rp_dispute_clock_time_left (deadline, scan->now));

      if (is_new && scan->disputes)
        {
          g_autofree char *reason = plain_excerpt (valid_text (dispute->reason), 120);

          body = left != NULL ? g_strdup_printf (_("%s: %s. Time left to answer: %s"), what, reason, left)
                              : g_strdup_printf (_("%s: %s"), what, reason);
          plan_send (scan, id, g_strdup (_("A buyer opened a dispute")), g_steal_pointer (&body),
                     G_NOTIFICATION_PRIORITY_URGENT, FALSE);
        }
      else if (alert != RP_DISPUTE_ALERT_NONE)
        {
          body = g_strdup_printf (_("%s: %s left to answer"), what, left);
          plan_send (scan, id, g_strdup (alert_title (alert)), g_steal_pointer (&body),
                     G_NOTIFICATION_PRIORITY_URGENT, FALSE);
        }
    }

  if (newest != mark)
    write_cursor (scan->store, account_id, CURSOR_DISPUTES, newest);

  scan->n_urgent += n_urgent;
  return n_urgent;
}

/* What is wrong with a parcel, as the Shipments page judges it: the problem and how bad
 * (0 none, 1 warning, 2 critical) packed in one number, and a sentence for the seller. */
static guint
parcel_problem (const RpTrackingAssessment *assessment,
                char                      **out_text)
{
  RpParcelProblem problem = rp_parcel_problem_pick (assessment);
  RpTrackingLevel level;

  if (problem == RP_PARCEL_PROBLEM_NONE)
    return 0;

  level = rp_parcel_problem_level (assessment, problem);
  *out_text = rp_parcel_problem_describe (assessment, problem);

  return (level == RP_TRACKING_LEVEL_CRITICAL ? 2 : 1) * 16 + problem;
}

typedef struct
{
  guint  level;
  char  *text;
  char  *name;        /* the tracking number, or the order id without one */
} ParcelProblem;

static void
parcel_problem_free (gpointer data)
{
  ParcelProblem *problem = data;

  g_free (problem->text);
  g_free (problem->name);
  g_free (problem);
}

typedef struct
{
  ScanData   *scan;
  gint64      account_id;
  GHashTable *worst;   /* "parcel:<account>:<order>" → ParcelProblem */
} ParcelScan;

/* One notification per order: its parcels share it, and the worst one speaks. */
static void
assess_parcel (RpShipment *shipment,
               gpointer    user_data)
{
  ParcelScan *parcels = user_data;
  RpTrackingAssessment assessment;
  ParcelProblem *problem;
  g_autofree char *text = NULL;
  char *id;
  guint level;

  if (valid_text (shipment->order_id) == NULL)
    return;

  rp_tracking_assess (shipment, shipment->protection_end, parcels->scan->now,
                      rp_tracking_thresholds_default (), FALSE, NULL, &assessment);
  level = parcel_problem (&assessment, &text);
  id = g_strdup_printf ("parcel:%" G_GINT64_FORMAT ":%s", parcels->account_id, shipment->order_id);
  problem = g_hash_table_lookup (parcels->worst, id);
  if (problem != NULL && problem->level >= level)
    {
      g_free (id);
      return;
    }

  problem = g_new0 (ParcelProblem, 1);
  problem->level = level;
  problem->text = g_steal_pointer (&text);
  /* Named only when there is something to tell: most open parcels are fine. */
  if (level > 0)
    problem->name = g_strdup (valid_text (shipment->tracking_no) != NULL ? shipment->tracking_no
                                                                         : shipment->order_id);
  g_hash_table_replace (parcels->worst, id, problem);
}

static void
scan_parcels (ScanData *scan,
              gint64    account_id,
              gboolean  ready)
{
  g_autoptr(GHashTable) worst = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = g_strdup_printf ("parcel:%" G_GINT64_FORMAT ":", account_id);
  ParcelScan parcels;
  GHashTableIter iter;
  gpointer key, value;

  /* Read one at a time: the open parcels' timelines together are tens of megabytes. */
  worst = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, parcel_problem_free);
  parcels.scan = scan;
  parcels.account_id = account_id;
  parcels.worst = worst;
  if (!rp_store_today_foreach_open_parcel (scan->reader, account_id, assess_parcel, &parcels,
                                           NULL, &error))
    {
      g_warning ("Could not read the parcels: %s", error->message);
      return;
    }

  g_hash_table_iter_init (&iter, worst);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      ParcelProblem *problem = value;
      g_autofree char *what = NULL;
      g_autofree char *notice = NULL;
      gpointer previous = NULL;
      gboolean known;

      known = g_hash_table_lookup_extended (scan->state->parcels, key, NULL, &previous);
      g_hash_table_replace (scan->state->parcels, g_strdup (key), GUINT_TO_POINTER (problem->level + 1));

      if (problem->level == 0)
        {
          plan_withdraw (scan, key);
          continue;
        }

      /* What was already wrong when first seen is not news; a parcel getting worse, or
       * with another problem as bad, is. */
      if (!known || problem->level + 1 == GPOINTER_TO_UINT (previous)
          || problem->level / 16 < (GPOINTER_TO_UINT (previous) - 1) / 16
          || !ready || scan->quiet || !scan->parcels)
        continue;

      what = plain_excerpt (problem->name, 40);
      notice = g_strdup_printf ("parcel:%s:%u", (char *)key + strlen (prefix), problem->level);
      remember_notice (scan, account_id, notice);
      plan_send (scan, key, g_strdup (_("A parcel needs attention")),
                 g_strdup_printf (_("%s: %s"), what, problem->text),
                 problem->level / 16 >= 2 ? G_NOTIFICATION_PRIORITY_HIGH : G_NOTIFICATION_PRIORITY_NORMAL,
                 FALSE);
    }

  /* Delivered: no longer among the open parcels, so its notification goes. */
  g_hash_table_iter_init (&iter, scan->state->parcels);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (g_str_has_prefix (key, prefix) && !g_hash_table_contains (worst, key))
        {
          plan_withdraw (scan, key);
          g_hash_table_iter_remove (&iter);
        }
    }
}

/* A confirmation whose objection window closed since the last look, still unanswered by
 * the buyer: the order may ship as ordered.  @confirmations: of RpStoreTodayConfirmation,
 * the account's waiting ones. */
static void
scan_confirmations (ScanData  *scan,
                    gint64     account_id,
                    gboolean   ready,
                    GPtrArray *confirmations)
{
  g_autoptr(GHashTable) waiting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *prefix = g_strdup_printf ("order:%" G_GINT64_FORMAT ":", account_id);
  gint64 mark = read_cursor (scan->store, account_id, CURSOR_CONFIRMATIONS, NULL);

  for (guint i = 0; i < confirmations->len; i++)
    {
      RpStoreTodayConfirmation *confirmation = g_ptr_array_index (confirmations, i);

      if (confirmation->state == RP_CONFIRMATION_SENT
          || confirmation->state == RP_CONFIRMATION_READY_TO_SHIP)
        g_hash_table_add (waiting, g_strconcat (prefix, confirmation->order_id, NULL));
    }

  /* Answered, shipped or withdrawn: its notification goes. */
  withdraw_others (scan, prefix, waiting);

  for (guint i = 0; i < confirmations->len; i++)
    {
      RpStoreTodayConfirmation *confirmation = g_ptr_array_index (confirmations, i);
      g_autofree char *id = NULL;
      g_autofree char *order = NULL;

      if ((confirmation->state != RP_CONFIRMATION_SENT
           && confirmation->state != RP_CONFIRMATION_READY_TO_SHIP)
          || !ready || scan->quiet || !scan->confirmations || confirmation->deadline == 0
          || confirmation->deadline <= mark || confirmation->deadline > scan->now)
        continue;

      id = g_strconcat (prefix, confirmation->order_id, NULL);
      order = plain_excerpt (confirmation->order_id, 40);
      plan_send (scan, id, g_strdup (_("An order can ship")),
                 g_strdup_printf (_("The buyer did not object to the confirmation of order %s "
                                    "in time: ship it as ordered."), order),
                 G_NOTIFICATION_PRIORITY_NORMAL, FALSE);
    }

  write_cursor (scan->store, account_id, CURSOR_CONFIRMATIONS, scan->now);
}

/* The orders whose confirmation waits for the buyer. */
static GHashTable *
pending_confirmations (GPtrArray *confirmations)
{
  GHashTable *pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < confirmations->len; i++)
    {
      RpStoreTodayConfirmation *confirmation = g_ptr_array_index (confirmations, i);

      if (confirmation->state == RP_CONFIRMATION_SENT)
        g_hash_table_add (pending, g_strdup (confirmation->order_id));
    }

  return pending;
}

/* The end of an account's first sync: one notification for all that waits, never one per
 * conversation.  It shares the id of a burst, so it goes once no buyer waits. */
static void
plan_ready_summary (ScanData *scan,
                    gint64    account_id,
                    guint     n_pending,
                    guint     n_urgent)
{
  g_autofree char *id = g_strdup_printf ("conversations:%" G_GINT64_FORMAT, account_id);
  g_autofree char *waiting = NULL;
  g_autofree char *urgent = NULL;
  char *body;

  if (scan->quiet || (n_pending == 0 && n_urgent == 0) || (!scan->messages && !scan->deadlines))
    return;

  waiting = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u buyer waits for your reply.",
                                          "%u buyers wait for your reply.", n_pending),
                             n_pending);
  urgent = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u dispute is due within 24 hours.",
                                         "%u disputes are due within 24 hours.", n_urgent),
                            n_urgent);
  if (n_pending > 0 && n_urgent > 0)
    body = g_strconcat (waiting, " ", urgent, NULL);
  else
    body = g_strdup (n_pending > 0 ? waiting : urgent);

  plan_send (scan, id, g_strdup (_("Your store is up to date")), body,
             n_urgent > 0 ? G_NOTIFICATION_PRIORITY_HIGH : G_NOTIFICATION_PRIORITY_NORMAL, FALSE);
}

static void
buyer_history_free (gpointer data)
{
  BuyerHistory *history = data;

  g_clear_pointer (&history->events, g_array_unref);
  g_clear_pointer (&history->zone, g_time_zone_unref);
  g_free (history->country);
  g_free (history);
}

/* A buyer with something open with the seller, gathered from the conversations, disputes
 * and confirmations of one look. */
typedef struct
{
  char      *login;
  char      *name;
  char      *order_id;    /* one of their orders: where they live */
  GPtrArray *channels;    /* their conversations (borrowed from the rows) */
  gint64     signature;   /* moves when one of their conversations does */
  gint64     last_seen;   /* their newest message or action the rows tell of */
  guint      n_unread;    /* unread messages in conversations waiting for a reply */
  gboolean   dispute;
  gboolean   confirmation;
} OpenBuyer;

static void
open_buyer_free (gpointer data)
{
  OpenBuyer *buyer = data;

  g_free (buyer->login);
  g_free (buyer->name);
  g_free (buyer->order_id);
  g_ptr_array_unref (buyer->channels);
  g_free (buyer);
}

static OpenBuyer *
open_buyer_get (GHashTable *buyers,
                const char *login)
{
  OpenBuyer *buyer = g_hash_table_lookup (buyers, login);

  if (buyer == NULL)
    {
      buyer = g_new0 (OpenBuyer, 1);
      buyer->login = g_strdup (login);
      buyer->channels = g_ptr_array_new ();
      g_hash_table_insert (buyers, buyer->login, buyer);
    }

  return buyer;
}

static void
plan_wake (ScanData *scan,
           gint64    when)
{
  if (when > scan->now && (scan->next_wake == 0 || when < scan->next_wake))
    scan->next_wake = when;
}

static char *
online_key (gint64      account_id,
            const char *login)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%s", account_id, login);
}

/* Reads the buyer's messages and where they live again when their conversations moved. */
static BuyerHistory *
buyer_history (ScanData   *scan,
               gint64      account_id,
               OpenBuyer  *buyer,
               const char *key)
{
  BuyerHistory *history = g_hash_table_lookup (scan->state->histories, key);

  if (history == NULL)
    {
      history = g_new0 (BuyerHistory, 1);
      history->signature = -1;
      g_hash_table_insert (scan->state->histories, g_strdup (key), history);
    }

  if (history->signature != buyer->signature)
    {
      g_clear_pointer (&history->events, g_array_unref);
      history->events = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (guint i = 0; i < buyer->channels->len; i++)
        {
          g_autoptr(GArray) messages = NULL;
          g_autoptr(GError) error = NULL;

          /* Only when and by whom, not the whole messages: all the model needs. */
          messages = rp_store_today_list_messages (scan->reader, account_id,
                                                   g_ptr_array_index (buyer->channels, i), &error);
          if (messages == NULL)
            {
              g_debug ("Messages of %s: %s", buyer->login, error->message);
              continue;
            }
          for (guint j = 0; j < messages->len; j++)
            {
              RpStoreTodayMessage *message = &g_array_index (messages, RpStoreTodayMessage, j);

              if (!message->is_own && message->sent_at > 0)
                g_array_append_val (history->events, message->sent_at);
            }
        }
      history->signature = buyer->signature;
    }

  /* The order may come into the cache after the conversation: looked for until found. */
  if (history->zone == NULL && buyer->order_id != NULL && scan->state->zones != NULL)
    {
      g_autoptr(RpOrder) order = NULL;
      g_autoptr(GError) error = NULL;

      order = rp_store_today_get_order (scan->reader, account_id, buyer->order_id, &error);
      if (error != NULL)
        g_debug ("The order of %s: %s", buyer->login, error->message);
      if (order != NULL)
        {
          const char *country = order->address.country;
          const char *province = order->address.province;
          const char *city = order->address.city;

          if (country == NULL || *country == '\0')
            {
              country = order->buyer_country;
              province = city = NULL;
            }
          if (country != NULL && *country != '\0')
            {
              history->zone = rp_buyer_zone_lookup_time_zone (scan->state->zones, country,
                                                              province, city, NULL);
              g_free (history->country);
              history->country = g_strdup (country);
            }
        }
    }

  return history;
}

static char *
online_body (OpenBuyer *buyer)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (buyer->n_unread > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u unanswered message.",
                                                          "%u unanswered messages.", buyer->n_unread),
                                             buyer->n_unread));
  if (buyer->dispute)
    g_ptr_array_add (parts, g_strdup (_("They have an open dispute.")));
  if (buyer->confirmation)
    g_ptr_array_add (parts, g_strdup (_("They have not answered the order confirmation yet.")));
  g_ptr_array_add (parts, NULL);

  return g_strjoinv (" ", (GStrv)parts->pdata);
}

/* Buyers with something open (an unanswered message, a confirmation waiting for their
 * answer, an open dispute) who enter a window where they are likely online, as the
 * activity model of their messages and their country's habits has it: one notification
 * per buyer and window, the moment to get an answer.  The notifier wakes at the next
 * window's start rather than looking all the time. */
static void
scan_online (ScanData   *scan,
             gint64      account_id,
             gboolean    ready,
             GPtrArray  *conversations,
             GPtrArray  *disputes,
             GHashTable *pending)
{
  g_autoptr(GHashTable) buyers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, open_buyer_free);
  g_autoptr(GHashTable) order_buyers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) online_now = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) entering = g_ptr_array_new ();
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *prefix = g_strdup_printf ("buyer:%" G_GINT64_FORMAT ":", account_id);
  g_autofree char *summary_id = g_strdup_printf ("buyers-online:%" G_GINT64_FORMAT, account_id);
  GHashTableIter iter;
  gpointer key, value;

  if (!scan->state->zones_tried)
    {
      scan->state->zones_tried = TRUE;
      scan->state->zones = rp_buyer_zone_get_default ();
      /* rp_buyer_zone_get_default() has said why; this is what it costs here. */
      if (scan->state->zones == NULL)
        g_warning ("No buyer time zones, so no likely-online notifications");
    }

  /* Every conversation of a buyer with something open is among these (see
   * rp_store_today_list_notice_conversations()): their channels, name and unread messages. */
  for (guint i = 0; i < conversations->len; i++)
    {
      RpConversation *conversation = g_ptr_array_index (conversations, i);
      const char *login = valid_text (conversation->buyer_login_id);
      const char *channel = valid_text (conversation->channel_id);
      const char *order = valid_text (conversation->order_id);
      const char *name = valid_text (conversation->buyer_name);
      gint64 at = conversation->last_message_at;
      OpenBuyer *buyer;

      if (conversation->account_id != account_id || login == NULL || *login == '\0' || channel == NULL)
        continue;

      buyer = open_buyer_get (buyers, login);
      g_ptr_array_add (buyer->channels, (char *)channel);
      buyer->signature += at + 1;
      if (buyer->name == NULL && name != NULL && *name != '\0')
        buyer->name = g_strdup (name);
      if (order != NULL && *order != '\0')
        {
          g_hash_table_insert (order_buyers, (char *)order, buyer->login);
          if (buyer->order_id == NULL)
            buyer->order_id = g_strdup (order);
        }
      if (!conversation->last_message_is_own)
        buyer->last_seen = MAX (buyer->last_seen, at);
      if (conversation->unread_count > 0 && !conversation->last_message_is_own)
        buyer->n_unread += (guint)conversation->unread_count;
    }

  for (guint i = 0; i < disputes->len; i++)
    {
      RpDispute *dispute = g_ptr_array_index (disputes, i);
      const char *login = valid_text (dispute->buyer_login_id);
      OpenBuyer *buyer;

      if (dispute->account_id != account_id || login == NULL || *login == '\0'
          || dispute->status != RP_DISPUTE_STATUS_PROCESSING)
        continue;

      buyer = open_buyer_get (buyers, login);
      buyer->dispute = TRUE;
      if (buyer->order_id == NULL && valid_text (dispute->order_id) != NULL)
        buyer->order_id = g_strdup (dispute->order_id);
    }

  g_hash_table_iter_init (&iter, pending);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *login = g_hash_table_lookup (order_buyers, key);
      g_autoptr(RpOrder) order = NULL;
      OpenBuyer *buyer;

      if (login == NULL)
        {
          order = rp_store_today_get_order (scan->reader, account_id, key, NULL);
          if (order == NULL || valid_text (order->buyer_login_id) == NULL
              || *order->buyer_login_id == '\0')
            continue;
          login = order->buyer_login_id;
        }

      buyer = open_buyer_get (buyers, login);
      buyer->confirmation = TRUE;
      if (buyer->order_id == NULL)
        buyer->order_id = g_strdup (key);
    }

  g_hash_table_iter_init (&iter, buyers);
  while (g_hash_table_iter_next (&iter, NULL, &value) && scan->state->zones != NULL)
    {
      OpenBuyer *buyer = value;
      g_autoptr(RpActivity) activity = NULL;
      g_autofree char *okey = NULL;
      BuyerHistory *history;
      gint64 start, end, next_start;
      gint64 *notified;
      gboolean handled;

      if (buyer->n_unread == 0 && !buyer->dispute && !buyer->confirmation)
        continue;

      okey = online_key (account_id, buyer->login);
      history = buyer_history (scan, account_id, buyer, okey);
      if (history->zone == NULL)
        continue;

      activity = rp_activity_new (history->zone, rp_country_lookup (history->country), scan->now);
      for (guint i = 0; i < history->events->len; i++)
        {
          gint64 when = g_array_index (history->events, gint64, i);

          rp_activity_add_event (activity, when);
          buyer->last_seen = MAX (buyer->last_seen, when);
        }

      if (!rp_activity_next_window (activity, scan->now, &scan->buyer_quiet, ONLINE_HORIZON,
                                    &start, &end))
        continue;
      if (start > scan->now)
        {
          plan_wake (scan, start);
          continue;
        }

      notified = g_hash_table_lookup (scan->state->online, okey);
      handled = notified != NULL && *notified > scan->now;
      if (!handled)
        {
          /* Before the account's first sync finished the window counts as told, as it does
           * when the buyer just wrote: the new message says more than a guess. */
          gboolean silent = !ready || rp_activity_is_active_now (buyer->last_seen, scan->now);

          if (silent || (!scan->quiet && scan->buyer_online))
            {
              gint64 *until = g_new (gint64, 1);

              g_autofree char *notice = g_strdup_printf ("online:%s:%" G_GINT64_FORMAT, buyer->login, end);

              *until = end;
              g_hash_table_replace (scan->state->online, g_strdup (okey), until);
              remember_notice (scan, account_id, notice);
              handled = TRUE;
              if (!silent)
                g_ptr_array_add (entering, buyer);
            }
        }

      if (!handled)
        continue;

      g_hash_table_add (online_now, buyer->login);
      if (rp_activity_next_window (activity, end, &scan->buyer_quiet, ONLINE_HORIZON,
                                   &next_start, NULL))
        plan_wake (scan, next_start);
    }

  if (entering->len > RP_NOTIFIER_BURST)
    {
      plan_send (scan, summary_id,
                 g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%u buyer with an open matter is likely online now",
                                               "%u buyers with open matters are likely online now",
                                               entering->len),
                                  entering->len),
                 g_strdup (_("A good moment to get answers")),
                 G_NOTIFICATION_PRIORITY_HIGH, FALSE);
    }
  else
    {
      for (guint i = 0; i < entering->len; i++)
        {
          OpenBuyer *buyer = g_ptr_array_index (entering, i);
          g_autofree char *okey = online_key (account_id, buyer->login);
          BuyerHistory *history = g_hash_table_lookup (scan->state->histories, okey);
          g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (scan->now / G_USEC_PER_SEC);
          g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, history->zone);
          g_autofree char *clock = g_date_time_format (local, "%H:%M");
          g_autofree char *who = plain_excerpt (buyer->name != NULL ? buyer->name : buyer->login, 60);
          g_autofree char *id = g_strconcat (prefix, buyer->login, NULL);

          plan_send (scan, id,
                     /* Translators: a buyer's name, then the time of day where they live */
                     g_strdup_printf (_("%s is likely online now (%s their time)"), who, clock),
                     online_body (buyer), G_NOTIFICATION_PRIORITY_HIGH, TRUE);
        }
    }

  /* Out of their window, or nothing open any more: the notification goes. */
  g_hash_table_iter_init (&iter, scan->state->shown);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (g_str_has_prefix (key, prefix) && !g_hash_table_contains (online_now, (char *)key + strlen (prefix)))
        g_ptr_array_add (gone, g_strdup (key));
    }
  for (guint i = 0; i < gone->len; i++)
    plan_withdraw (scan, g_ptr_array_index (gone, i));
  if (g_hash_table_size (online_now) == 0)
    plan_withdraw (scan, summary_id);
}

/* The rows of one account the rules act on, read on the scan's own connection. */
static gboolean
read_account (ScanData      *scan,
              gint64         account_id,
              GCancellable  *cancellable,
              GPtrArray    **out_conversations,
              GPtrArray    **out_disputes,
              GPtrArray    **out_confirmations,
              GError       **error)
{
  g_autoptr(GPtrArray) conversations = NULL;
  g_autoptr(GPtrArray) disputes = NULL;
  g_autoptr(GPtrArray) confirmations = NULL;

  conversations = rp_store_today_list_notice_conversations (scan->reader, account_id,
                                                            cancellable, error);
  if (conversations == NULL)
    return FALSE;
  disputes = rp_store_today_list_open_disputes (scan->reader, account_id, cancellable, error);
  if (disputes == NULL)
    return FALSE;
  confirmations = rp_store_today_list_waiting_confirmations (scan->reader, account_id,
                                                            cancellable, error);
  if (confirmations == NULL)
    return FALSE;

  *out_conversations = g_steal_pointer (&conversations);
  *out_disputes = g_steal_pointer (&disputes);
  *out_confirmations = g_steal_pointer (&confirmations);
  return TRUE;
}

static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ScanData *scan = task_data;
  g_autoptr(RpStoreToday) reader = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  GError *error = NULL;

  accounts = rp_store_list_accounts_sync (scan->store, &error);
  if (accounts == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  reader = rp_store_today_open (scan->store, &error);
  if (reader == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  scan->reader = reader;

  if (!scan->state->pruned)
    {
      g_autoptr(GError) prune_error = NULL;

      scan->state->pruned = TRUE;
      if (rp_store_notices_prune_sync (scan->store, scan->now - NOTICE_MAX_AGE, &prune_error) < 0)
        g_warning ("Could not forget old notices: %s", prune_error->message);
    }

  for (guint i = 0; i < accounts->len; i++)
    {
      RpStoreAccount *account = g_ptr_array_index (accounts, i);
      g_autoptr(GPtrArray) conversations = NULL;
      g_autoptr(GPtrArray) disputes = NULL;
      g_autoptr(GPtrArray) confirmations = NULL;
      g_autoptr(GHashTable) open_buyers = NULL;
      g_autoptr(GHashTable) pending = NULL;
      guint n_pending, n_urgent;
      gboolean ready;

      if (g_cancellable_is_cancelled (cancellable))
        break;

      if (!read_account (scan, account->id, cancellable, &conversations, &disputes,
                         &confirmations, &error))
        {
          scan->reader = NULL;
          g_task_return_error (task, error);
          return;
        }

      load_notices (scan, account->id);
      read_cursor (scan->store, account->id, RP_NOTIFIER_READY_CURSOR, &ready);
      open_buyers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      pending = pending_confirmations (confirmations);
      n_urgent = scan_disputes (scan, account->id, ready, disputes, open_buyers);
      n_pending = scan_conversations (scan, account->id, ready, conversations, open_buyers, pending);
      scan_online (scan, account->id, ready, conversations, disputes, pending);
      scan_parcels (scan, account->id, ready);
      scan_confirmations (scan, account->id, ready, confirmations);

      if (!ready && scan->sync_done)
        {
          write_cursor (scan->store, account->id, RP_NOTIFIER_READY_CURSOR, scan->now);
          plan_ready_summary (scan, account->id, n_pending, n_urgent);
        }
    }

  scan->reader = NULL;
  g_task_return_boolean (task, TRUE);
}

static GNotification *
build_notification (PlanItem *item)
{
  g_autoptr(GNotification) notification = g_notification_new (item->title);
  g_autoptr(GIcon) icon = g_themed_icon_new (APP_ID);

  g_notification_set_body (notification, item->body);
  g_notification_set_priority (notification, item->priority);
  g_notification_set_icon (notification, icon);
  g_notification_set_default_action_and_target (notification, "app.notification-open",
                                                "s", item->id);
  g_notification_add_button_with_target (notification, _("Open"), "app.notification-open",
                                         "s", item->id);
  if (item->can_snooze)
    g_notification_add_button_with_target (notification, _("Reply Later"),
                                           "app.notification-later", "s", item->id);

  return g_steal_pointer (&notification);
}

static void
cancel_snooze (RpNotifier *self,
               const char *id)
{
  /* The table's value destructor removes the timer. */
  g_hash_table_remove (self->snoozed, id);
}

static gboolean
wake_cb (gpointer data)
{
  RpNotifier *self = data;

  self->wake_id = 0;
  schedule_scan (self);

  return G_SOURCE_REMOVE;
}

static void start_scan (RpNotifier *self);

static void
scan_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(RpNotifier) self = user_data;
  ScanData *scan = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gint64 wake;

  self->scanning = FALSE;
  /* What the scan read is freed with the task. */
  rp_memory_release_later ();

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
          && !g_error_matches (error, RP_STORE_ERROR, RP_STORE_ERROR_CLOSED))
        g_warning ("Could not look for news in the cache: %s", error->message);
      return;
    }

  for (guint i = 0; i < scan->plan->len; i++)
    {
      PlanItem *item = g_ptr_array_index (scan->plan, i);

      if (item->action == PLAN_WITHDRAW)
        {
          cancel_snooze (self, item->id);
          g_hash_table_remove (self->last_sent, item->id);
          g_application_withdraw_notification (self->application, item->id);
          g_debug ("Withdrew %s", item->id);
        }
      else
        {
          g_autoptr(GNotification) notification = build_notification (item);

          cancel_snooze (self, item->id);
          g_application_send_notification (self->application, item->id, notification);
          g_hash_table_insert (self->last_sent, g_strdup (item->id), g_object_ref (notification));
          g_debug ("Sent %s: %s", item->id, item->title);
        }
    }

  if (self->n_unread != scan->n_unread)
    {
      self->n_unread = scan->n_unread;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNREAD_COUNT]);
    }
  if (self->n_urgent != scan->n_urgent)
    {
      self->n_urgent = scan->n_urgent;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URGENT_COUNT]);
    }

  g_clear_handle_id (&self->wake_id, g_source_remove);
  wake = scan->next_wake != 0 ? scan->next_wake - scan->now : MAX_WAKE_INTERVAL;
  wake = CLAMP (wake, G_TIME_SPAN_SECOND, MAX_WAKE_INTERVAL);
  /* Rounded up: woken a little early, a window about to open would still be ahead. */
  self->wake_id = g_timeout_add_seconds ((guint)((wake + G_TIME_SPAN_SECOND - 1) / G_TIME_SPAN_SECOND),
                                         wake_cb, self);

  if (self->rescan)
    {
      self->rescan = FALSE;
      start_scan (self);
    }
}

static void
start_scan (RpNotifier *self)
{
  GSettings *settings = rp_context_get_settings (self->context);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GError) error = NULL;
  ScanData *scan;

  if (self->store == NULL)
    return;

  if (self->scanning)
    {
      self->rescan = TRUE;
      return;
    }

  scan = g_new0 (ScanData, 1);
  scan->store = g_object_ref (self->store);
  scan->state = &self->state;
  scan->now = self->clock != NULL ? self->clock (self->clock_data) : g_get_real_time ();
  local = g_date_time_new_from_unix_local (scan->now / G_USEC_PER_SEC);
  scan->sync_done = !rp_context_get_syncing (self->context) && rp_context_get_last_sync (self->context) > 0;
  scan->messages = g_settings_get_boolean (settings, "notify-messages");
  scan->disputes = g_settings_get_boolean (settings, "notify-disputes");
  scan->deadlines = g_settings_get_boolean (settings, "notify-deadlines");
  scan->parcels = g_settings_get_boolean (settings, "notify-parcels");
  scan->confirmations = g_settings_get_boolean (settings, "notify-confirmations");
  scan->buyer_online = g_settings_get_boolean (settings, "notify-buyer-online");
  /* The buyer quiet hours, as the buyer panel and the scheduler take them: the window the
   * notification points at is one where a message may also be scheduled. */
  rp_quiet_hours_init_default (&scan->buyer_quiet);
  if (!rp_quiet_hours_from_settings (&scan->buyer_quiet, settings, "buyer-quiet-hours", &error))
    g_warning ("Ignoring the buyer quiet hours: %s", error->message);
  scan->quiet = g_settings_get_boolean (settings, "notify-quiet-hours")
                && rp_notifier_in_quiet_hours (g_settings_get_int (settings, "notify-quiet-start") * 60,
                                               g_settings_get_int (settings, "notify-quiet-end") * 60,
                                               local);
  scan->plan = g_ptr_array_new_with_free_func (plan_item_free);

  self->scanning = TRUE;
  task = g_task_new (self, self->cancellable, scan_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_scan);
  g_task_set_task_data (task, scan, scan_data_free);
  g_task_run_in_thread (task, scan_thread);
}

static gboolean
debounce_cb (gpointer data)
{
  RpNotifier *self = data;

  self->debounce_id = 0;
  start_scan (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_scan (RpNotifier *self)
{
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  self->debounce_id = g_timeout_add (self->debounce_ms, debounce_cb, self);
}

static void
store_changed_cb (RpStore       *store,
                  RpStoreChange  changes,
                  gint64         account_id,
                  RpNotifier    *self)
{
  /* Its own cursor writes would otherwise wake it up again. */
  if ((changes & (RP_STORE_CHANGE_CONVERSATIONS | RP_STORE_CHANGE_MESSAGES
                  | RP_STORE_CHANGE_DISPUTES | RP_STORE_CHANGE_ACCOUNTS
                  | RP_STORE_CHANGE_SHIPMENTS | RP_STORE_CHANGE_ORDER_STATE)) == 0)
    return;

  schedule_scan (self);
}

static void
store_notify_cb (RpContext  *context,
                 GParamSpec *pspec,
                 RpNotifier *self)
{
  RpStore *store = rp_context_get_store (context);

  if (store == self->store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    {
      g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, 0);
      schedule_scan (self);
    }
}

static void
syncing_notify_cb (RpContext  *context,
                   GParamSpec *pspec,
                   RpNotifier *self)
{
  /* The end of a sync may be what makes an account ready. */
  if (!rp_context_get_syncing (context))
    schedule_scan (self);
}

static void
settings_changed_cb (GSettings  *settings,
                     const char *key,
                     RpNotifier *self)
{
  if (g_str_has_prefix (key, "notify-"))
    schedule_scan (self);
}

static void
remove_source (gpointer data)
{
  g_source_remove (GPOINTER_TO_UINT (data));
}

static void
rp_notifier_dispose (GObject *object)
{
  RpNotifier *self = (RpNotifier *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  g_clear_handle_id (&self->wake_id, g_source_remove);
  if (self->snoozed != NULL)
    g_hash_table_remove_all (self->snoozed);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
  g_clear_object (&self->store);
  if (self->context != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->context, self);
      g_signal_handlers_disconnect_by_data (rp_context_get_settings (self->context), self);
    }
  g_clear_object (&self->context);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (rp_notifier_parent_class)->dispose (object);
}

static void
rp_notifier_finalize (GObject *object)
{
  RpNotifier *self = (RpNotifier *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->state.alerts, g_hash_table_unref);
  g_clear_pointer (&self->state.parcels, g_hash_table_unref);
  g_clear_pointer (&self->state.shown, g_hash_table_unref);
  g_clear_pointer (&self->state.online, g_hash_table_unref);
  g_clear_pointer (&self->state.histories, g_hash_table_unref);
  g_clear_pointer (&self->state.loaded, g_hash_table_unref);
  g_clear_pointer (&self->snoozed, g_hash_table_unref);
  g_clear_pointer (&self->last_sent, g_hash_table_unref);

  G_OBJECT_CLASS (rp_notifier_parent_class)->finalize (object);
}

static void
rp_notifier_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  RpNotifier *self = RP_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_UNREAD_COUNT:
      g_value_set_uint (value, self->n_unread);
      break;

    case PROP_URGENT_COUNT:
      g_value_set_uint (value, self->n_urgent);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_notifier_class_init (RpNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = rp_notifier_dispose;
  object_class->finalize = rp_notifier_finalize;
  object_class->get_property = rp_notifier_get_property;

  properties[PROP_UNREAD_COUNT] = g_param_spec_uint ("unread-count", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_URGENT_COUNT] = g_param_spec_uint ("urgent-count", NULL, NULL, 0, G_MAXUINT, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rp_notifier_init (RpNotifier *self)
{
  self->cancellable = g_cancellable_new ();
  self->debounce_ms = 1500;
  self->state.alerts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->state.parcels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->state.shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->state.online = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->state.histories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, buyer_history_free);
  self->state.loaded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->snoozed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, remove_source);
  self->last_sent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

/**
 * rp_notifier_new:
 * @application: the application that sends the notifications (registered before a send)
 * @context: where the cache and settings come from
 *
 * Returns: (transfer full): a notifier following @context's cache
 */
RpNotifier *
rp_notifier_new (GApplication *application,
                 RpContext    *context)
{
  RpNotifier *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (RP_IS_CONTEXT (context), NULL);

  self = g_object_new (RP_TYPE_NOTIFIER, NULL);
  self->application = g_object_ref (application);
  self->context = g_object_ref (context);

  g_signal_connect (context, "notify::store", G_CALLBACK (store_notify_cb), self);
  g_signal_connect (context, "notify::syncing", G_CALLBACK (syncing_notify_cb), self);
  g_signal_connect (rp_context_get_settings (context), "changed",
                    G_CALLBACK (settings_changed_cb), self);
  store_notify_cb (context, NULL, self);

  return self;
}

void
rp_notifier_set_debounce (RpNotifier *self,
                          guint       milliseconds)
{
  g_return_if_fail (RP_IS_NOTIFIER (self));

  self->debounce_ms = milliseconds;
}

void
rp_notifier_set_clock (RpNotifier      *self,
                       RpNotifierClock  clock,
                       gpointer         user_data)
{
  g_return_if_fail (RP_IS_NOTIFIER (self));

  self->clock = clock;
  self->clock_data = user_data;
  schedule_scan (self);
}

void
rp_notifier_queue_scan (RpNotifier *self)
{
  g_return_if_fail (RP_IS_NOTIFIER (self));

  schedule_scan (self);
}

typedef struct
{
  RpNotifier *self;
  char       *id;
} Snooze;

static void
snooze_free (gpointer data)
{
  Snooze *snooze = data;

  g_free (snooze->id);
  g_free (snooze);
}

static gboolean
snooze_done_cb (gpointer data)
{
  Snooze *snooze = data;
  RpNotifier *self = snooze->self;
  GNotification *notification;

  /* Steal first: removing would also remove this very source. */
  g_hash_table_steal (self->snoozed, snooze->id);

  /* Handled meanwhile: a scan withdrew it and dropped the copy. */
  notification = g_hash_table_lookup (self->last_sent, snooze->id);
  if (notification != NULL)
    g_application_send_notification (self->application, snooze->id, notification);

  return G_SOURCE_REMOVE;
}

void
rp_notifier_snooze (RpNotifier *self,
                    const char *id,
                    GTimeSpan   delay)
{
  Snooze *snooze;
  guint source_id;

  g_return_if_fail (RP_IS_NOTIFIER (self));
  g_return_if_fail (id != NULL);

  g_application_withdraw_notification (self->application, id);
  cancel_snooze (self, id);

  snooze = g_new0 (Snooze, 1);
  snooze->self = self;
  snooze->id = g_strdup (id);
  source_id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, MAX (1, delay / G_TIME_SPAN_SECOND),
                                          snooze_done_cb, snooze, snooze_free);
  g_hash_table_insert (self->snoozed, g_strdup (id), GUINT_TO_POINTER (source_id));
}

guint
rp_notifier_get_unread_count (RpNotifier *self)
{
  g_return_val_if_fail (RP_IS_NOTIFIER (self), 0);

  return self->n_unread;
}

guint
rp_notifier_get_urgent_count (RpNotifier *self)
{
  g_return_val_if_fail (RP_IS_NOTIFIER (self), 0);

  return self->n_urgent;
}

GStrv
rp_notifier_dup_shown_ids (RpNotifier *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GList) keys = NULL;

  g_return_val_if_fail (RP_IS_NOTIFIER (self), NULL);

  /* The main thread's copy: the scan state belongs to the scan thread while one runs. */
  keys = g_list_sort (g_hash_table_get_keys (self->last_sent), (GCompareFunc)g_strcmp0);
  for (GList *l = keys; l != NULL; l = l->next)
    g_strv_builder_add (builder, l->data);

  return g_strv_builder_end (builder);
}

gboolean
rp_notifier_in_quiet_hours (int        start_minute,
                            int        end_minute,
                            GDateTime *local_now)
{
  int minute;

  g_return_val_if_fail (local_now != NULL, FALSE);

  if (start_minute == end_minute)
    return FALSE;

  minute = g_date_time_get_hour (local_now) * 60 + g_date_time_get_minute (local_now);
  if (start_minute < end_minute)
    return minute >= start_minute && minute < end_minute;

  return minute >= start_minute || minute < end_minute;
}
