/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-today"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rp-dispute-clock.h"
#include "rp-order.h"
#include "rp-shipment.h"
#include "rp-today.h"

/* One scale for every rule.  The anchors that matter: an overdue dispute (100) beats
 * everything; a dispute with under 6 h left beats anything that is not a dispute; an
 * order past its ship-by time comes next; a note order to confirm beats a plain one. */
#define URGENCY_SHIP_BY_OVERDUE  94

/**
 * rp_task_new:
 * @entity_id: (nullable): the order, dispute or conversation id
 *
 * Returns: (transfer full): a task with no title or reason yet.
 */
RpTask *
rp_task_new (RpTaskKind  kind,
             const char *entity_id,
             guint       urgency,
             gint64      due)
{
  RpTask *task = g_new0 (RpTask, 1);

  task->kind = kind;
  task->entity_id = g_strdup (entity_id);
  task->urgency = MIN (urgency, RP_TASK_URGENCY_MAX);
  task->due = due;

  return task;
}

void
rp_task_free (RpTask *task)
{
  if (task == NULL)
    return;

  g_free (task->entity_id);
  g_free (task->title);
  g_free (task->why);
  g_free (task);
}

/**
 * rp_task_compare:
 *
 * The Today order: urgency (higher first), then a buyer online now, then the due time
 * (sooner first, none last), then the entity id, then the kind — a total order, so the
 * list does not reshuffle between two refreshes.
 *
 * Returns: negative when @a comes first.
 */
int
rp_task_compare (const RpTask *a,
                 const RpTask *b)
{
  int c;

  if (a->urgency != b->urgency)
    return a->urgency > b->urgency ? -1 : 1;

  if (!a->buyer_online != !b->buyer_online)
    return a->buyer_online ? -1 : 1;

  if (a->due != b->due)
    {
      if (a->due <= 0)
        return 1;
      if (b->due <= 0)
        return -1;
      return a->due < b->due ? -1 : 1;
    }

  if (a->entity_id == NULL || b->entity_id == NULL)
    {
      if (a->entity_id != b->entity_id)
        return a->entity_id == NULL ? 1 : -1;
    }
  else if ((c = strcmp (a->entity_id, b->entity_id)) != 0)
    {
      return c < 0 ? -1 : 1;
    }

  if (a->kind != b->kind)
    return a->kind < b->kind ? -1 : 1;

  return 0;
}

static int
compare_ptr (gconstpointer a,
             gconstpointer b)
{
  return rp_task_compare (*(const RpTask * const *)a, *(const RpTask * const *)b);
}

/**
 * rp_today_sort:
 * @tasks: (element-type RpTask): sorted in place with rp_task_compare()
 */
void
rp_today_sort (GPtrArray *tasks)
{
  g_return_if_fail (tasks != NULL);

  g_ptr_array_sort (tasks, compare_ptr);
}

/**
 * rp_today_urgency_dispute:
 *
 * Returns: 100 overdue, 96 under 6 h, 92 under 24 h, 85 under 48 h; further out from
 *   70 down to 55, one point per day.
 */
guint
rp_today_urgency_dispute (gint64 deadline,
                          gint64 now)
{
  gint64 days;

  switch (rp_dispute_clock_urgency (deadline, now))
    {
    case RP_DISPUTE_URGENCY_OVERDUE:
      return 100;
    case RP_DISPUTE_URGENCY_6H:
      return 96;
    case RP_DISPUTE_URGENCY_24H:
      return 92;
    case RP_DISPUTE_URGENCY_48H:
      return 85;
    case RP_DISPUTE_URGENCY_NONE:
    default:
      break;
    }

  /* An open dispute without a deadline still wants an answer. */
  if (deadline <= 0)
    return 60;

  days = (deadline - now) / G_TIME_SPAN_DAY;
  return (guint)MAX (55, 70 - (days - 2));
}

static guint
ship_by_pressure (gint64 ship_by,
                  gint64 now)
{
  if (ship_by <= 0)
    return 0;
  if (ship_by - now < 24 * G_TIME_SPAN_HOUR)
    return 20;
  if (ship_by - now < 72 * G_TIME_SPAN_HOUR)
    return 8;
  return 0;
}

/**
 * rp_today_urgency_confirmation:
 * @state: the order's confirmation state
 * @has_note: whether the buyer left a note
 * @ship_by: the end of the time left to ship, UTC µs; 0 when unknown
 *
 * To confirm: 50, 62 with a note.  A reply to review: 72, 76 with a note.  Ready to
 * ship: 55.  Waiting on the buyer: 10.  Ship-by closer than 72 h / 24 h adds 8 / 20;
 * past it, 94.  Shipped: 0.
 */
guint
rp_today_urgency_confirmation (RpConfirmationState state,
                               gboolean            has_note,
                               gint64              ship_by,
                               gint64              now)
{
  guint base;

  switch (state)
    {
    case RP_CONFIRMATION_NONE:
      base = has_note ? 62 : 50;
      break;
    case RP_CONFIRMATION_NEEDS_REVIEW:
      base = has_note ? 76 : 72;
      break;
    case RP_CONFIRMATION_READY_TO_SHIP:
      base = 55;
      break;
    case RP_CONFIRMATION_SENT:
      base = 10;
      break;
    case RP_CONFIRMATION_SHIPPED:
    default:
      return 0;
    }

  if (ship_by > 0 && ship_by <= now)
    return URGENCY_SHIP_BY_OVERDUE;

  return MIN (base + ship_by_pressure (ship_by, now), URGENCY_SHIP_BY_OVERDUE - 1);
}

/**
 * rp_today_urgency_parcel:
 *
 * The highest of: no first scan critical 88 (the platform is a day away from calling it
 * a false shipment), protection expiring 86, attempt failed 74, stalled 48/62/72,
 * exception 70, no first scan warning 68, held in customs 64.  0 when all is well.
 */
guint
rp_today_urgency_parcel (const RpTrackingAssessment *assessment)
{
  static const guint stalled[] = { 0, 48, 62, 72 };
  guint u = 0;

  g_return_val_if_fail (assessment != NULL, 0);

  if (assessment->no_first_scan == RP_TRACKING_LEVEL_CRITICAL)
    u = MAX (u, 88);
  else if (assessment->no_first_scan == RP_TRACKING_LEVEL_WARNING)
    u = MAX (u, 68);
  if (assessment->protection_expiring)
    u = MAX (u, 86);
  if (assessment->status == RP_TRACKING_ATTEMPT_FAILED)
    u = MAX (u, 74);
  if (assessment->status == RP_TRACKING_EXCEPTION)
    u = MAX (u, 70);
  if (assessment->held_in_customs)
    u = MAX (u, 64);
  u = MAX (u, stalled[MIN (assessment->stalled_level, G_N_ELEMENTS (stalled) - 1)]);

  return u;
}

/**
 * rp_today_urgency_unanswered:
 * @last_buyer_message_at: the buyer's oldest unanswered message, UTC µs
 *
 * 40 for a fresh message, rising to 80 as it nears a day old (the platform measures
 * the response rate within 24 h), 82 after that.
 */
guint
rp_today_urgency_unanswered (gint64 last_buyer_message_at,
                             gint64 now)
{
  gint64 age;

  if (last_buyer_message_at <= 0)
    return 0;

  age = MAX (0, now - last_buyer_message_at);
  if (age >= 24 * G_TIME_SPAN_HOUR)
    return 82;

  return 40 + (guint)(age * 40 / (24 * G_TIME_SPAN_HOUR));
}

/**
 * rp_today_urgency_buyer_online:
 * @has_open_matter: an order to confirm, a dispute or a parcel problem with this buyer
 */
guint
rp_today_urgency_buyer_online (gboolean has_open_matter)
{
  return has_open_matter ? 45 : 20;
}

static const char *
or_unknown (const char *s)
{
  /* Only ever shown to the seller; an empty id is still better said than hidden. */
  return s != NULL && *s != '\0' ? s : "?";
}

/**
 * rp_today_task_for_confirmation:
 * @state: the order's confirmation state from rp_confirmation_advance()
 *
 * Returns: (transfer full) (nullable): the task for an order to confirm, a reply to
 *   review or an order ready to ship; %NULL while waiting on the buyer or once shipped.
 */
RpTask *
rp_today_task_for_confirmation (RpOrder             *order,
                                RpConfirmationState  state,
                                gint64               now)
{
  gboolean has_note;
  RpTaskKind kind;
  RpTask *task;

  g_return_val_if_fail (RP_IS_ORDER (order), NULL);

  switch (state)
    {
    case RP_CONFIRMATION_NONE:
      kind = RP_TASK_CONFIRM_ORDER;
      break;
    case RP_CONFIRMATION_NEEDS_REVIEW:
      kind = RP_TASK_REVIEW_REPLY;
      break;
    case RP_CONFIRMATION_READY_TO_SHIP:
      kind = RP_TASK_READY_TO_SHIP;
      break;
    case RP_CONFIRMATION_SENT:
    case RP_CONFIRMATION_SHIPPED:
    default:
      return NULL;
    }

  has_note = rp_order_has_buyer_note (order);
  task = rp_task_new (kind, order->order_id,
                      rp_today_urgency_confirmation (state, has_note, order->ship_by, now),
                      order->ship_by);

  switch (kind)
    {
    case RP_TASK_CONFIRM_ORDER:
      /* Translators: %s is an order number. */
      task->title = g_strdup_printf (_("Confirm order %s"), or_unknown (order->order_id));
      task->why = g_strdup (has_note
                            ? _("The buyer left a note. Confirm it with the buyer before shipping.")
                            : _("Check the products and the address with the buyer before shipping."));
      break;
    case RP_TASK_REVIEW_REPLY:
      task->title = g_strdup_printf (_("Review the reply on order %s"), or_unknown (order->order_id));
      task->why = g_strdup (_("The buyer answered the confirmation."));
      break;
    case RP_TASK_READY_TO_SHIP:
    default:
      task->title = g_strdup_printf (_("Ship order %s"), or_unknown (order->order_id));
      task->why = g_strdup (order->ship_by > 0 && order->ship_by <= now
                            ? _("The time to ship has run out.")
                            : _("The buyer confirmed the order, or did not object in time."));
      break;
    }

  return task;
}

/**
 * rp_today_task_for_dispute:
 *
 * Returns: (transfer full) (nullable): the task for an open dispute, due at its
 *   deadline; %NULL once the dispute is finished or cancelled.
 */
RpTask *
rp_today_task_for_dispute (RpDispute *dispute,
                           gint64     now)
{
  RpTask *task;

  g_return_val_if_fail (RP_IS_DISPUTE (dispute), NULL);

  if (dispute->status != RP_DISPUTE_STATUS_PROCESSING)
    return NULL;

  task = rp_task_new (RP_TASK_DISPUTE_DEADLINE, dispute->issue_id,
                      rp_today_urgency_dispute (dispute->deadline, now), dispute->deadline);
  task->title = g_strdup_printf (_("Answer the dispute on order %s"), or_unknown (dispute->order_id));

  if (dispute->deadline > 0)
    {
      g_autofree char *left = rp_dispute_clock_format_left (rp_dispute_clock_time_left (dispute->deadline, now));

      if (dispute->deadline <= now)
        /* Translators: %s is e.g. "overdue by 2 h". */
        task->why = g_strdup_printf (_("The platform deadline passed: %s."), left);
      else
        /* Translators: %s is a duration, e.g. "1 d 3 h". */
        task->why = g_strdup_printf (_("Time left before the platform decides: %s."), left);
    }
  else
    {
      task->why = g_strdup (_("The dispute is open and waiting for you."));
    }

  return task;
}

/**
 * rp_today_task_for_parcel:
 * @assessment: from rp_tracking_assess()
 *
 * Returns: (transfer full) (nullable): a task saying the most pressing thing about the
 *   parcel, or %NULL when all is well.
 */
RpTask *
rp_today_task_for_parcel (RpShipment                 *shipment,
                          const RpTrackingAssessment *assessment)
{
  const RpTrackingAssessment *a = assessment;
  guint urgency;
  RpTask *task;

  g_return_val_if_fail (RP_IS_SHIPMENT (shipment), NULL);
  g_return_val_if_fail (assessment != NULL, NULL);

  urgency = rp_today_urgency_parcel (a);
  if (urgency == 0)
    return NULL;

  task = rp_task_new (RP_TASK_PARCEL_PROBLEM, shipment->order_id, urgency, 0);
  task->title = g_strdup_printf (_("Tell the buyer about the parcel for order %s"),
                                 or_unknown (shipment->order_id));

  /* The same order of importance as the urgency. */
  if (a->no_first_scan == RP_TRACKING_LEVEL_CRITICAL)
    task->why = g_strdup_printf (ngettext ("No carrier scan %u day after shipping. The platform "
                                           "treats no scan within 5 days as a false shipment.",
                                           "No carrier scan %u days after shipping. The platform "
                                           "treats no scan within 5 days as a false shipment.",
                                           a->days_since_shipped),
                                 a->days_since_shipped);
  else if (a->protection_expiring)
    task->why = g_strdup (_("Buyer protection ends within a week and the parcel has not arrived."));
  else if (a->status == RP_TRACKING_ATTEMPT_FAILED)
    task->why = g_strdup (_("The carrier could not deliver the parcel."));
  else if (a->stalled_level > 0)
    task->why = g_strdup_printf (ngettext ("No tracking update for %u day.",
                                           "No tracking update for %u days.",
                                           a->days_since_event),
                                 a->days_since_event);
  else if (a->status == RP_TRACKING_EXCEPTION)
    task->why = g_strdup (_("The carrier reports a problem with the parcel."));
  else if (a->no_first_scan == RP_TRACKING_LEVEL_WARNING)
    task->why = g_strdup_printf (ngettext ("No carrier scan %u day after shipping.",
                                           "No carrier scan %u days after shipping.",
                                           a->days_since_shipped),
                                 a->days_since_shipped);
  else
    task->why = g_strdup (_("The parcel is held in customs."));

  return task;
}

/**
 * rp_today_task_for_unanswered:
 * @oldest_unanswered_at: the buyer's oldest message without a reply, UTC µs
 *
 * Returns: (transfer full) (nullable): the task, due a day after the message (the
 *   platform's response-time window); %NULL without an unanswered message.
 */
RpTask *
rp_today_task_for_unanswered (const char *channel_id,
                              const char *buyer_name,
                              gint64      oldest_unanswered_at,
                              gint64      now)
{
  RpTask *task;

  if (oldest_unanswered_at <= 0)
    return NULL;

  task = rp_task_new (RP_TASK_UNANSWERED_MESSAGE, channel_id,
                      rp_today_urgency_unanswered (oldest_unanswered_at, now),
                      oldest_unanswered_at + G_TIME_SPAN_DAY);
  /* Translators: %s is the buyer's name. */
  task->title = g_strdup_printf (_("Answer %s"), or_unknown (buyer_name));
  task->why = g_strdup (_("The buyer is waiting for a reply."));

  return task;
}

/**
 * rp_today_task_for_buyer_online:
 *
 * Returns: (transfer full): the task for a buyer who is likely online now.
 */
RpTask *
rp_today_task_for_buyer_online (const char *buyer_login_id,
                                const char *buyer_name,
                                gboolean    has_open_matter)
{
  RpTask *task = rp_task_new (RP_TASK_BUYER_ONLINE, buyer_login_id,
                              rp_today_urgency_buyer_online (has_open_matter), 0);

  task->buyer_online = TRUE;
  /* Translators: %s is the buyer's name. */
  task->title = g_strdup_printf (_("%s is likely online now"), or_unknown (buyer_name));
  task->why = g_strdup (has_open_matter
                        ? _("A good moment to settle what is open with this buyer.")
                        : _("A good moment for a message."));

  return task;
}
