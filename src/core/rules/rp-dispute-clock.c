/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-dispute-clock"

#include "config.h"

#include <glib/gi18n.h>

#include "rp-dispute-clock.h"

/* Most urgent first: when several thresholds were crossed while Rapport was not running,
 * only the most urgent one is worth a notification. */
static const RpDisputeAlert alerts_by_urgency[] = {
  RP_DISPUTE_ALERT_6H,
  RP_DISPUTE_ALERT_24H,
  RP_DISPUTE_ALERT_48H,
};

/**
 * rp_dispute_clock_time_left:
 * @deadline: the platform deadline (timeout_trigger_time), UTC µs; 0 when there is none
 *
 * Returns: the time left, negative once the deadline passed; %G_MAXINT64 without a deadline.
 */
GTimeSpan
rp_dispute_clock_time_left (gint64 deadline,
                            gint64 now)
{
  if (deadline <= 0)
    return G_MAXINT64;

  return deadline - now;
}

/**
 * rp_dispute_clock_urgency:
 *
 * Returns: how close @deadline is: less than 48, 24 or 6 hours left, or overdue
 *   (from the deadline itself on).
 */
RpDisputeUrgency
rp_dispute_clock_urgency (gint64 deadline,
                          gint64 now)
{
  GTimeSpan left;

  if (deadline <= 0)
    return RP_DISPUTE_URGENCY_NONE;

  left = deadline - now;
  if (left <= 0)
    return RP_DISPUTE_URGENCY_OVERDUE;
  if (left < 6 * G_TIME_SPAN_HOUR)
    return RP_DISPUTE_URGENCY_6H;
  if (left < 24 * G_TIME_SPAN_HOUR)
    return RP_DISPUTE_URGENCY_24H;
  if (left < 48 * G_TIME_SPAN_HOUR)
    return RP_DISPUTE_URGENCY_48H;

  return RP_DISPUTE_URGENCY_NONE;
}

/**
 * rp_dispute_alert_offset:
 *
 * Returns: how long before the deadline @alert fires; 0 for anything but one alert.
 */
GTimeSpan
rp_dispute_alert_offset (RpDisputeAlert alert)
{
  switch (alert)
    {
    case RP_DISPUTE_ALERT_48H:
      return 48 * G_TIME_SPAN_HOUR;
    case RP_DISPUTE_ALERT_24H:
      return 24 * G_TIME_SPAN_HOUR;
    case RP_DISPUTE_ALERT_6H:
      return 6 * G_TIME_SPAN_HOUR;
    case RP_DISPUTE_ALERT_NONE:
    default:
      return 0;
    }
}

/* The alert and every less urgent one: firing the 6 h alert makes the 48 h one moot. */
static RpDisputeAlert
alert_and_earlier (RpDisputeAlert alert)
{
  RpDisputeAlert all = RP_DISPUTE_ALERT_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (alerts_by_urgency); i++)
    if (rp_dispute_alert_offset (alerts_by_urgency[i]) >= rp_dispute_alert_offset (alert))
      all |= alerts_by_urgency[i];

  return all;
}

/**
 * rp_dispute_clock_next_alert:
 * @fired: the alerts that already fired for this deadline
 *
 * An alert fires once the time left is at or under its threshold (48, 24, 6 h), also
 * after the deadline passed.  Of several crossed thresholds only the most urgent fires.
 *
 * Returns: the alert to fire now, or %RP_DISPUTE_ALERT_NONE.
 */
RpDisputeAlert
rp_dispute_clock_next_alert (gint64         deadline,
                             RpDisputeAlert fired,
                             gint64         now)
{
  if (deadline <= 0)
    return RP_DISPUTE_ALERT_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (alerts_by_urgency); i++)
    {
      RpDisputeAlert alert = alerts_by_urgency[i];

      if (deadline - now <= rp_dispute_alert_offset (alert))
        return (fired & alert) ? RP_DISPUTE_ALERT_NONE : alert;
    }

  return RP_DISPUTE_ALERT_NONE;
}

/**
 * rp_dispute_clock_next_alert_time:
 *
 * For scheduling a wake-up.
 *
 * Returns: when rp_dispute_clock_next_alert() will next return an alert (@now when one is
 *   due already), or 0 when no alert is left for this deadline.
 */
gint64
rp_dispute_clock_next_alert_time (gint64         deadline,
                                  RpDisputeAlert fired,
                                  gint64         now)
{
  gint64 when = 0;

  if (deadline <= 0)
    return 0;

  /* The pending alerts are those more urgent than the most urgent one fired; the least
   * urgent of them comes first. */
  for (guint i = 0; i < G_N_ELEMENTS (alerts_by_urgency); i++)
    {
      RpDisputeAlert alert = alerts_by_urgency[i];

      if (fired & alert)
        break;
      when = deadline - rp_dispute_alert_offset (alert);
    }

  if (when == 0)
    return 0;

  return MAX (when, now);
}

/**
 * rp_dispute_clock_needs_reset:
 * @deadline: the dispute's current deadline
 * @modified_at: the dispute's last modification (gmt_modified), UTC µs
 *
 * A dispute that was reopened or modified (a new solution, a new deadline) needs the
 * seller again: its alerts start over.
 *
 * Returns: %TRUE when the deadline changed, or the dispute changed after the last alert.
 */
gboolean
rp_dispute_clock_needs_reset (const RpDisputeAlertState *state,
                              gint64                     deadline,
                              gint64                     modified_at)
{
  g_return_val_if_fail (state != NULL, FALSE);

  if (deadline != state->deadline)
    return TRUE;

  return state->last_alert_at > 0 && modified_at > state->last_alert_at;
}

/**
 * rp_dispute_clock_poll:
 * @state: (inout): kept by the caller per dispute; zero-filled for a new one
 *
 * Resets @state when rp_dispute_clock_needs_reset() says so, then fires the due alert,
 * if any, recording it (and the less urgent ones it makes moot) in @state.
 *
 * Returns: the alert to show now, or %RP_DISPUTE_ALERT_NONE.
 */
RpDisputeAlert
rp_dispute_clock_poll (RpDisputeAlertState *state,
                       gint64               deadline,
                       gint64               modified_at,
                       gint64               now)
{
  RpDisputeAlert alert;

  g_return_val_if_fail (state != NULL, RP_DISPUTE_ALERT_NONE);

  if (rp_dispute_clock_needs_reset (state, deadline, modified_at))
    {
      state->deadline = deadline;
      state->last_alert_at = 0;
      state->fired = RP_DISPUTE_ALERT_NONE;
    }

  alert = rp_dispute_clock_next_alert (deadline, state->fired, now);
  if (alert != RP_DISPUTE_ALERT_NONE)
    {
      state->fired |= alert_and_earlier (alert);
      state->last_alert_at = now;
    }

  return alert;
}

/**
 * rp_dispute_clock_poll_dispute:
 *
 * rp_dispute_clock_poll() for @dispute; a finished or cancelled dispute fires nothing
 * and leaves @state alone, so that reopening it starts over.
 */
RpDisputeAlert
rp_dispute_clock_poll_dispute (RpDisputeAlertState *state,
                               RpDispute           *dispute,
                               gint64               now)
{
  g_return_val_if_fail (RP_IS_DISPUTE (dispute), RP_DISPUTE_ALERT_NONE);

  if (dispute->status != RP_DISPUTE_STATUS_PROCESSING)
    return RP_DISPUTE_ALERT_NONE;

  return rp_dispute_clock_poll (state, dispute->deadline, dispute->modified_at, now);
}

static char *
format_span (GTimeSpan span)
{
  gint64 days = span / G_TIME_SPAN_DAY;
  gint64 hours = (span % G_TIME_SPAN_DAY) / G_TIME_SPAN_HOUR;
  gint64 minutes = (span % G_TIME_SPAN_HOUR) / G_TIME_SPAN_MINUTE;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  if (days > 0)
    {
      /* Translators: a short count of days, as in "1 d 3 h". */
      first = g_strdup_printf (ngettext ("%d d", "%d d", (gulong)days), (int)days);
      if (hours > 0)
        /* Translators: a short count of hours, as in "1 d 3 h". */
        second = g_strdup_printf (ngettext ("%d h", "%d h", (gulong)hours), (int)hours);
    }
  else if (hours > 0)
    {
      first = g_strdup_printf (ngettext ("%d h", "%d h", (gulong)hours), (int)hours);
      if (minutes > 0)
        /* Translators: a short count of minutes, as in "3 h 20 min". */
        second = g_strdup_printf (ngettext ("%d min", "%d min", (gulong)minutes), (int)minutes);
    }
  else if (minutes > 0)
    {
      first = g_strdup_printf (ngettext ("%d min", "%d min", (gulong)minutes), (int)minutes);
    }
  else
    {
      return g_strdup (_("under a minute"));
    }

  if (second == NULL)
    return g_steal_pointer (&first);

  /* Translators: joins two parts of a duration, as in "1 d" and "3 h". */
  return g_strdup_printf (C_("duration", "%s %s"), first, second);
}

/**
 * rp_dispute_clock_format_left:
 * @left: from rp_dispute_clock_time_left()
 *
 * Returns: (transfer full): e.g. "1 d 3 h", "5 h 20 min", "overdue by 2 h", translated.
 */
char *
rp_dispute_clock_format_left (GTimeSpan left)
{
  g_autofree char *span = NULL;

  if (left == G_MAXINT64)
    return g_strdup (_("no deadline"));

  if (left <= 0)
    {
      if (left == G_MININT64)
        left = G_MININT64 + 1;
      span = format_span (-left);
      /* Translators: %s is a duration, e.g. "2 h". */
      return g_strdup_printf (_("overdue by %s"), span);
    }

  return format_span (left);
}
