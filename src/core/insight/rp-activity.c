/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-activity"

#include "config.h"

#include <math.h>

#include "rp-activity.h"
#include "rp-activity-private.h"
#include "rp-schedule.h"

#define N_BINS       (7 * 24)
#define MAX_EVENTS   5000
/* The buyer's busiest hour counts as this likely, not certain. */
#define OWN_PEAK     0.9
/* Clock skew between the marketplace's timestamps and ours. */
#define FUTURE_SLACK (5 * G_TIME_SPAN_MINUTE)

struct _RpActivity
{
  GObject          parent_instance;

  GTimeZone       *zone;
  const RpCountry *country;
  GArray          *events;        /* gint64, in the order added */
  gint64           now;
  GTimeSpan        half_life;
  double           threshold;

  /* Derived from the events at "now"; rebuilt when dirty. */
  gboolean         dirty;
  double           own[N_BINS];   /* 0–OWN_PEAK */
  double           own_weight;    /* n / (n + k) */
};

G_DEFINE_FINAL_TYPE (RpActivity, rp_activity, G_TYPE_OBJECT)

static void
rp_activity_finalize (GObject *object)
{
  RpActivity *self = (RpActivity *)object;

  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_clear_pointer (&self->events, g_array_unref);

  G_OBJECT_CLASS (rp_activity_parent_class)->finalize (object);
}

static void
rp_activity_class_init (RpActivityClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_activity_finalize;
}

static void
rp_activity_init (RpActivity *self)
{
  self->events = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->half_life = RP_ACTIVITY_DEFAULT_HALF_LIFE;
  self->threshold = RP_ACTIVITY_DEFAULT_THRESHOLD;
  self->dirty = TRUE;
}

gboolean
rp_local_time (GTimeZone *zone,
               gint64     when,
               RpLocal   *out)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (when / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return FALSE;

  local = g_date_time_to_timezone (utc, zone);
  if (local == NULL)
    return FALSE;

  out->weekday = g_date_time_get_day_of_week (local);
  out->hour = g_date_time_get_hour (local);
  out->minute = g_date_time_get_minute (local);
  out->second = g_date_time_get_second (local);
  out->month = g_date_time_get_month (local);
  return TRUE;
}

static int
bin_of (const RpLocal *local)
{
  return (local->weekday - 1) * 24 + local->hour;
}

/* The next instant after @t where the answer to "quiet? likely?" may change: the next
 * local hour, or a quiet-hours edge inside this hour.  Works on UTC instants, so that the
 * skipped spring hour and the repeated autumn hour need no special case. */
gint64
rp_next_boundary (GTimeZone          *zone,
                  const RpQuietHours *quiet,
                  gint64              t)
{
  RpLocal local;
  gint64 t_sec = t / G_USEC_PER_SEC;
  gint64 next;

  if (!rp_local_time (zone, t, &local))
    return t + G_TIME_SPAN_HOUR;

  next = (t_sec + (60 - local.minute) * 60 - local.second) * G_USEC_PER_SEC;

  if (quiet != NULL && quiet->start_minute != quiet->end_minute)
    {
      int edges[2] = { quiet->start_minute, quiet->end_minute };
      int now_minute = local.hour * 60 + local.minute;

      for (guint i = 0; i < G_N_ELEMENTS (edges); i++)
        {
          if (edges[i] / 60 == local.hour && edges[i] > now_minute)
            {
              gint64 edge = (t_sec + (edges[i] - now_minute) * 60 - local.second) *
                            G_USEC_PER_SEC;
              next = MIN (next, edge);
            }
        }
    }

  /* Never stand still, whatever the zone data says. */
  return MAX (next, t + G_USEC_PER_SEC);
}

double
rp_activity_prior_at (const RpCountry *country,
                      const RpLocal   *local)
{
  int hour = local->hour;
  int after_evening = country->evening_end % 24;
  gboolean weekend;

  if (hour >= country->evening_start && hour < country->evening_end)
    return 0.7;
  if (hour == after_evening || hour == country->evening_start - 1)
    return 0.35;
  if (hour >= 1 && hour < 7)
    return 0.03;
  if (hour >= country->lunch_start && hour < country->lunch_end)
    return 0.4;
  if (hour == 0 || hour == 7)
    return 0.1;

  /* Daytime: at work on weekdays, freer at the weekend. */
  weekend = rp_country_is_weekend (country, local->weekday);
  return weekend ? 0.3 : 0.15;
}

double
rp_activity_prior (const RpCountry *country,
                   GTimeZone       *zone,
                   gint64           when)
{
  RpLocal local;

  g_return_val_if_fail (zone != NULL, 0.0);

  if (country == NULL)
    country = rp_country_get_generic ();
  if (!rp_local_time (zone, when, &local))
    return 0.0;

  return rp_activity_prior_at (country, &local);
}

RpActivity *
rp_activity_new (GTimeZone       *zone,
                 const RpCountry *country,
                 gint64           now)
{
  RpActivity *self;

  g_return_val_if_fail (zone != NULL, NULL);

  self = g_object_new (RP_TYPE_ACTIVITY, NULL);
  self->zone = g_time_zone_ref (zone);
  self->country = country != NULL ? country : rp_country_get_generic ();
  self->now = now;

  return self;
}

void
rp_activity_add_event (RpActivity *self,
                       gint64      when)
{
  g_return_if_fail (RP_IS_ACTIVITY (self));

  if (when <= 0)
    return;

  /* Decayed to nothing long before; a bound keeps a chatty buyer cheap. */
  if (self->events->len >= MAX_EVENTS)
    g_array_remove_index (self->events, 0);

  g_array_append_val (self->events, when);
  self->dirty = TRUE;
}

void
rp_activity_set_now (RpActivity *self,
                     gint64      now)
{
  g_return_if_fail (RP_IS_ACTIVITY (self));

  if (self->now != now)
    {
      self->now = now;
      self->dirty = TRUE;
    }
}

void
rp_activity_set_half_life (RpActivity *self,
                           GTimeSpan   half_life)
{
  g_return_if_fail (RP_IS_ACTIVITY (self));
  g_return_if_fail (half_life > 0);

  self->half_life = half_life;
  self->dirty = TRUE;
}

void
rp_activity_set_threshold (RpActivity *self,
                           double      threshold)
{
  g_return_if_fail (RP_IS_ACTIVITY (self));

  self->threshold = CLAMP (threshold, 0.0, 1.0);
}

double
rp_activity_get_threshold (RpActivity *self)
{
  g_return_val_if_fail (RP_IS_ACTIVITY (self), RP_ACTIVITY_DEFAULT_THRESHOLD);

  return self->threshold;
}

GTimeZone *
rp_activity_get_zone (RpActivity *self)
{
  g_return_val_if_fail (RP_IS_ACTIVITY (self), NULL);

  return self->zone;
}

guint
rp_activity_get_n_events (RpActivity *self)
{
  g_return_val_if_fail (RP_IS_ACTIVITY (self), 0);

  return self->events->len;
}

static void
rebuild (RpActivity *self)
{
  double week[N_BINS] = { 0 };
  double day[24] = { 0 };
  double total = 0.0;
  double peak = 0.0;
  double week_share;

  for (guint i = 0; i < self->events->len; i++)
    {
      gint64 when = g_array_index (self->events, gint64, i);
      gint64 age = self->now - when;
      double weight;
      RpLocal local;
      int bin;

      /* An event after "now" is skew or a replayed clock: count it as fresh. */
      weight = age <= 0 ? 1.0 : exp2 (-(double)age / (double)self->half_life);
      if (weight < 1e-6 || !rp_local_time (self->zone, when, &local))
        continue;

      /* Half to the hour itself, a quarter to each neighbour: people write a little
       * before or after their habit. */
      bin = bin_of (&local);
      week[bin] += 0.5 * weight;
      week[(bin + 1) % N_BINS] += 0.25 * weight;
      week[(bin + N_BINS - 1) % N_BINS] += 0.25 * weight;
      day[local.hour] += 0.5 * weight;
      day[(local.hour + 1) % 24] += 0.25 * weight;
      day[(local.hour + 23) % 24] += 0.25 * weight;
      total += weight;
    }

  /* A few messages cannot fill 168 bins: lean on the hour of day shared by all days,
   * and on the weekday's own hour as the history grows (about eight messages a weekday
   * to count half). */
  week_share = total / (total + 7 * 8.0);
  for (int b = 0; b < N_BINS; b++)
    {
      self->own[b] = week_share * week[b] + (1.0 - week_share) * day[b % 24] / 7.0;
      peak = MAX (peak, self->own[b]);
    }

  for (int b = 0; b < N_BINS; b++)
    self->own[b] = peak > 0.0 ? OWN_PEAK * self->own[b] / peak : 0.0;

  self->own_weight = total / (total + RP_ACTIVITY_PRIOR_STRENGTH);
  self->dirty = FALSE;
}

double
rp_activity_get_own_weight (RpActivity *self)
{
  g_return_val_if_fail (RP_IS_ACTIVITY (self), 0.0);

  if (self->dirty)
    rebuild (self);

  return self->own_weight;
}

static double
probability_at (RpActivity    *self,
                const RpLocal *local)
{
  double prior = rp_activity_prior_at (self->country, local);

  if (self->dirty)
    rebuild (self);

  return self->own_weight * self->own[bin_of (local)] + (1.0 - self->own_weight) * prior;
}

double
rp_activity_probability (RpActivity *self,
                         gint64      when)
{
  RpLocal local;

  g_return_val_if_fail (RP_IS_ACTIVITY (self), 0.0);

  if (!rp_local_time (self->zone, when, &local))
    return 0.0;

  return probability_at (self, &local);
}

gboolean
rp_activity_is_active_now (gint64 last_buyer_event,
                           gint64 now)
{
  if (last_buyer_event <= 0)
    return FALSE;

  return last_buyer_event - now <= FUTURE_SLACK &&
         now - last_buyer_event <= RP_ACTIVITY_ACTIVE_SPAN;
}

static gboolean
is_quiet (const RpQuietHours *quiet,
          const RpLocal      *local)
{
  return quiet != NULL &&
         rp_quiet_hours_contains_minute (quiet, local->hour * 60 + local->minute);
}

gboolean
rp_activity_next_window (RpActivity         *self,
                         gint64              now,
                         const RpQuietHours *quiet,
                         GTimeSpan           horizon,
                         gint64             *out_start,
                         gint64             *out_end)
{
  gint64 limit = now + horizon;
  gint64 start = -1;
  gint64 t = now;

  g_return_val_if_fail (RP_IS_ACTIVITY (self), FALSE);

  while (t < limit)
    {
      RpLocal local;
      gboolean good;

      if (!rp_local_time (self->zone, t, &local))
        break;

      good = !is_quiet (quiet, &local) && probability_at (self, &local) >= self->threshold;
      if (good && start < 0)
        start = t;
      else if (!good && start >= 0)
        break;

      t = rp_next_boundary (self->zone, quiet, t);
    }

  if (out_start != NULL)
    *out_start = start;
  if (out_end != NULL)
    *out_end = start >= 0 ? MIN (t, limit) : -1;

  return start >= 0;
}

gint64
rp_activity_best_time (RpActivity         *self,
                       gint64              now,
                       const RpQuietHours *quiet,
                       GTimeSpan           horizon,
                       double             *out_probability)
{
  gint64 limit = now + horizon;
  gint64 best = -1;
  double best_p = -1.0;

  g_return_val_if_fail (RP_IS_ACTIVITY (self), -1);

  for (gint64 t = now; t < limit; t = rp_next_boundary (self->zone, quiet, t))
    {
      RpLocal local;
      double p;

      if (!rp_local_time (self->zone, t, &local))
        break;
      if (is_quiet (quiet, &local))
        continue;

      p = probability_at (self, &local);
      if (p > best_p)
        {
          best = t;
          best_p = p;
        }
    }

  if (out_probability != NULL)
    *out_probability = MAX (best_p, 0.0);

  return best;
}
