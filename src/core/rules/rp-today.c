/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-today"

#include "config.h"

#include <string.h>

#include "rp-dispute-clock.h"
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
