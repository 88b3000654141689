/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-tracking"

#include "config.h"

#include <string.h>

#include "rp-local-time.h"
#include "rp-tracking.h"

static const RpTrackingThresholds default_thresholds = {
  .no_scan_warning_days = 3,
  .no_scan_critical_days = 4,
  .stalled_days = { 5, 10, 20 },
  .protection_warning_days = 7,
};

typedef struct
{
  const char       *code;
  RpTrackingStatus  status;
  gboolean          customs_hold;
} CodeRule;

/* The AliExpress logistics action codes (querytrackingresult's action_code). */
static const CodeRule code_rules[] = {
  /* The seller declared the shipment or the carrier got the data: nobody touched the
   * parcel yet, which is what the platform's "no online scan" rule is about. */
  { "CONSIGN", RP_TRACKING_INFO_RECEIVED, FALSE },
  { "OM_CONSIGN", RP_TRACKING_INFO_RECEIVED, FALSE },
  { "GTMS_ASN", RP_TRACKING_INFO_RECEIVED, FALSE },
  { "GTMS_CREATE", RP_TRACKING_INFO_RECEIVED, FALSE },
  { "PU_PICKUP_SUCCESS", RP_TRACKING_IN_TRANSIT, FALSE },
  { "GTMS_ACCEPT", RP_TRACKING_IN_TRANSIT, FALSE },
  { "GTMS_DO_ARRIVE", RP_TRACKING_IN_TRANSIT, FALSE },
  { "GTMS_DO_DEPART", RP_TRACKING_IN_TRANSIT, FALSE },
  { "GTMS_SC_ARRIVE", RP_TRACKING_IN_TRANSIT, FALSE },
  { "GTMS_SC_DEPART", RP_TRACKING_IN_TRANSIT, FALSE },
  { "GTMS_LH_DEPART", RP_TRACKING_IN_TRANSIT, FALSE },
  { "GTMS_LH_ARRIVE", RP_TRACKING_IN_TRANSIT, FALSE },
  { "GTMS_STA_INBOUND", RP_TRACKING_IN_TRANSIT, FALSE },
  { "CC_EX_START", RP_TRACKING_IN_TRANSIT, FALSE },
  { "CC_EX_SUCCESS", RP_TRACKING_IN_TRANSIT, FALSE },
  { "CC_IM_START", RP_TRACKING_IN_TRANSIT, FALSE },
  { "CC_IM_SUCCESS", RP_TRACKING_IN_TRANSIT, FALSE },
  { "CC_EX_FAILED", RP_TRACKING_EXCEPTION, TRUE },
  { "CC_IM_FAILED", RP_TRACKING_EXCEPTION, TRUE },
  { "CC_IM_HOLD", RP_TRACKING_IN_TRANSIT, TRUE },
  { "GTMS_DELIVERING", RP_TRACKING_OUT_FOR_DELIVERY, FALSE },
  { "GTMS_STA_DELIVERING", RP_TRACKING_OUT_FOR_DELIVERY, FALSE },
  { "GTMS_STA_WAIT_PICKUP", RP_TRACKING_OUT_FOR_DELIVERY, FALSE },
  { "GTMS_SIGNED", RP_TRACKING_DELIVERED, FALSE },
  { "GTMS_STA_SIGNED", RP_TRACKING_DELIVERED, FALSE },
  { "GTMS_SIGN_FAILED", RP_TRACKING_ATTEMPT_FAILED, FALSE },
  { "GTMS_DELIVERY_FAILED", RP_TRACKING_ATTEMPT_FAILED, FALSE },
  { "GTMS_STA_SIGN_FAILED", RP_TRACKING_ATTEMPT_FAILED, FALSE },
  { "GTMS_RETURN", RP_TRACKING_EXCEPTION, FALSE },
  { "GTMS_EXCEPTION", RP_TRACKING_EXCEPTION, FALSE },
};

/* Unknown codes with these prefixes are still a logistics node touching the parcel. */
static const char * const scan_code_prefixes[] = { "GTMS_", "PU_", "CC_", "LH_", "SC_", "DO_" };

typedef struct
{
  const char       *pattern;
  RpTrackingStatus  status;
  gboolean          customs;      /* held in customs when the hold pattern matches too */
} TextRule;

/* First match wins, so the order matters: "attempted delivery" is not "delivered",
 * "returned to sender" is not "in transit", "delivered to airline" is not delivered. */
static const TextRule text_rules[] = {
  { "return(?:ed|ing)?\\s+to\\s+(?:the\\s+)?(?:sender|shipper|origin)|\\breturned\\b|\\bretour\\b"
    "|退回|退件|возвращ",
    RP_TRACKING_EXCEPTION, FALSE },
  { "\\battempt|unsuccessful\\s+delivery|failed\\s+delivery|delivery\\s+failed"
    "|could\\s+not\\s+be\\s+delivered"
    "|not\\s+delivered|undeliverable|(?:recipient|addressee|consignee)\\s+(?:not\\s+available"
    "|absent|unavailable)"
    "|notice\\s+left|no\\s+one\\s+(?:at\\s+)?home|投递失败|派送失败|неудачная\\s+попытка",
    RP_TRACKING_ATTEMPT_FAILED, FALSE },
  { "out\\s+for\\s+delivery|on\\s+(?:the\\s+)?(?:vehicle|van)\\s+for\\s+delivery"
    "|with\\s+(?:the\\s+)?(?:delivery\\s+)?courier\\s+for\\s+delivery"
    "|(?:available|ready)\\s+for\\s+(?:pick\\s*-?\\s*up|collection)|awaiting\\s+collection"
    "|arrived\\s+at\\s+(?:the\\s+)?pick\\s*-?\\s*up\\s+point"
    "|派送中|派件|正在投递|待自提|передано\\s+курьеру|прибыло\\s+в\\s+место\\s+вручения",
    RP_TRACKING_OUT_FOR_DELIVERY, FALSE },
  { "\\bdelivered\\b(?!\\s+to\\s+(?:the\\s+)?(?:airline|carrier|customs|courier|post|postal"
    "|sorting|hub|warehouse|logistics|flight|airport|partner|agent))"
    "|signed\\s+(?:for|by)|\\bsigned\\b|已签收|签收|вручено|вручен|entregado|entregue|zugestellt|livré"
    "|distribué",
    RP_TRACKING_DELIVERED, FALSE },
  { "customs|douane|aduana|alfândega|zoll|dogana|таможн|海关|清关|关务",
    RP_TRACKING_IN_TRANSIT, TRUE },
  { "exception|\\bheld\\b|\\bon\\s+hold\\b|\\blost\\b|damaged|refused|incorrect\\s+address"
    "|address\\s+(?:problem|issue|incomplete)"
    "|异常|破损|丢失",
    RP_TRACKING_EXCEPTION, FALSE },
  { "expired|过期", RP_TRACKING_EXPIRED, FALSE },
  { "information\\s+received|electronic\\s+(?:information|notification)|shipment\\s+information"
    "|label\\s+(?:created|printed)"
    "|pre-?advice|order\\s+(?:created|placed|information)|awaiting\\s+(?:the\\s+)?item"
    "|shipping\\s+notice"
    "|电子信息|已下单|等待揽收",
    RP_TRACKING_INFO_RECEIVED, FALSE },
  { "accepted|acceptance|picked\\s*-?\\s*up|pick-?up\\s+(?:success|completed)|depart|arrived"
    "|arrival|in\\s+transit|transit"
    "|dispatch|processed|processing|sorting|sorted|\\bleft\\b|received\\s+(?:at|by|in)"
    "|transferred|handed\\s+over"
    "|export|import|flight|airline|hub|facility|揽收|收寄|到达|离开|发往|转运|出库|入库|принято|прибыло|покинуло"
    "|сортировочн",
    RP_TRACKING_IN_TRANSIT, FALSE },
};

static const char customs_hold_pattern[] =
  "\\bheld\\b|\\bhold\\b|detain|retain|retenu|retenido|retido|inspection|seiz|\\bdut(?:y|ies)\\b"
  "|\\btax"
  "|payment\\s+(?:required|due)|awaiting\\s+(?:payment|clearance\\s+documents)"
  "|documents?\\s+required"
  "|扣|查验|задерж";

/* "Customs clearance completed, duties paid" is a release, not a hold. */
static const char customs_release_pattern[] =
  "clearance\\s+(?:complete|completed|finished|success)|\\bcleared\\b|\\breleased?\\b|\\bpaid\\b"
  "|dédouané|despachad|liberad|freigegeben|放行|清关完成|выпущен|выпуск\\s+разрешен";

typedef struct
{
  GRegex *text[G_N_ELEMENTS (text_rules)];
  GRegex *customs_hold;
  GRegex *customs_release;
} Patterns;

static const Patterns *
get_patterns (void)
{
  static Patterns *patterns;

  if (g_once_init_enter (&patterns))
    {
      Patterns *p = g_new0 (Patterns, 1);
      GRegexCompileFlags flags = G_REGEX_CASELESS | G_REGEX_OPTIMIZE;

      for (guint i = 0; i < G_N_ELEMENTS (text_rules); i++)
        {
          p->text[i] = g_regex_new (text_rules[i].pattern, flags, 0, NULL);
          g_assert (p->text[i] != NULL);
        }
      p->customs_hold = g_regex_new (customs_hold_pattern, flags, 0, NULL);
      g_assert (p->customs_hold != NULL);
      p->customs_release = g_regex_new (customs_release_pattern, flags, 0, NULL);
      g_assert (p->customs_release != NULL);

      g_once_init_leave (&patterns, p);
    }

  return patterns;
}

/**
 * rp_tracking_thresholds_default:
 *
 * Returns: (transfer none): warning on day 3 and critical on day 4 without a first scan,
 *   stalled after 5, 10 and 20 days, protection expiring within 7 days.
 */
const RpTrackingThresholds *
rp_tracking_thresholds_default (void)
{
  return &default_thresholds;
}

static gboolean
classify_code (const char       *action_code,
               RpTrackingStatus *status,
               gboolean         *customs_hold)
{
  g_autofree char *code = NULL;

  if (action_code == NULL || *action_code == '\0')
    return FALSE;

  code = g_ascii_strup (action_code, -1);
  g_strstrip (code);

  for (guint i = 0; i < G_N_ELEMENTS (code_rules); i++)
    {
      if (strcmp (code, code_rules[i].code) == 0)
        {
          *status = code_rules[i].status;
          *customs_hold = code_rules[i].customs_hold;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
code_is_logistics_node (const char *action_code)
{
  if (action_code == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (scan_code_prefixes); i++)
    if (g_ascii_strncasecmp (action_code, scan_code_prefixes[i], strlen (scan_code_prefixes[i])) == 0)
      return TRUE;

  return FALSE;
}

/**
 * rp_tracking_classify_event:
 * @action_code: (nullable): the marketplace's action code
 * @description: (nullable): the carrier's event text
 * @status: (out): the normalised status, when known
 * @held_in_customs: (out) (optional): whether the event says customs holds the parcel
 *
 * The action code wins when it is known; the text decides otherwise (English keywords
 * first, with the commonest Chinese and Russian carrier phrases).
 *
 * Returns: %TRUE when the event could be classified.
 */
gboolean
rp_tracking_classify_event (const char       *action_code,
                            const char       *description,
                            RpTrackingStatus *status,
                            gboolean         *held_in_customs)
{
  const Patterns *patterns = get_patterns ();
  RpTrackingStatus result = RP_TRACKING_PENDING;
  gboolean hold = FALSE;
  gboolean known;
  gboolean text_ok;

  g_return_val_if_fail (status != NULL, FALSE);

  text_ok = description != NULL && *description != '\0' && g_utf8_validate (description, -1, NULL);
  known = classify_code (action_code, &result, &hold);

  if (text_ok)
    {
      for (guint i = 0; i < G_N_ELEMENTS (text_rules); i++)
        {
          if (!g_regex_match (patterns->text[i], description, 0, NULL))
            continue;

          if (text_rules[i].customs &&
              g_regex_match (patterns->customs_hold, description, 0, NULL) &&
              !g_regex_match (patterns->customs_release, description, 0, NULL))
            hold = TRUE;
          if (!known)
            {
              result = text_rules[i].status;
              known = TRUE;
            }
          break;
        }
    }

  if (!known && code_is_logistics_node (action_code))
    {
      result = RP_TRACKING_IN_TRANSIT;
      known = TRUE;
    }

  /* A delivered or returned parcel is no longer held anywhere. */
  if (result == RP_TRACKING_DELIVERED)
    hold = FALSE;

  if (known)
    *status = result;
  if (held_in_customs != NULL)
    *held_in_customs = known && hold;

  return known;
}

/**
 * rp_tracking_event_is_scan:
 *
 * Returns: %TRUE for the statuses that mean a carrier physically handled the parcel.
 */
gboolean
rp_tracking_event_is_scan (RpTrackingStatus status)
{
  switch (status)
    {
    case RP_TRACKING_IN_TRANSIT:
    case RP_TRACKING_OUT_FOR_DELIVERY:
    case RP_TRACKING_DELIVERED:
    case RP_TRACKING_ATTEMPT_FAILED:
    case RP_TRACKING_EXCEPTION:
      return TRUE;
    case RP_TRACKING_PENDING:
    case RP_TRACKING_INFO_RECEIVED:
    case RP_TRACKING_EXPIRED:
    default:
      return FALSE;
    }
}

static const RpTrackingEvent *
event_at (RpShipment *shipment,
          guint       i)
{
  return g_ptr_array_index (shipment->events, i);
}

/* Walks newest first.  Events come oldest first, but a carrier that resends an old event
 * must not bring a parcel back: order by time, then by position. */
static guint *
events_newest_first (RpShipment *shipment)
{
  guint n = shipment->events != NULL ? shipment->events->len : 0;
  guint *order = g_new (guint, n + 1);

  for (guint i = 0; i < n; i++)
    order[i] = n - 1 - i;

  /* Insertion sort: the list is short and almost always sorted already. */
  for (guint i = 1; i < n; i++)
    {
      guint v = order[i];
      guint j = i;

      while (j > 0 && event_at (shipment, order[j - 1])->at < event_at (shipment, v)->at)
        {
          order[j] = order[j - 1];
          j--;
        }
      order[j] = v;
    }

  return order;
}

/**
 * rp_tracking_normalise:
 * @held_in_customs: (out) (optional): whether the latest classified event is a customs hold
 *
 * Returns: the status from the newest event that could be classified; info-received when
 *   there are events but none could be; pending without events.  A parcel the order says
 *   the buyer received is delivered.
 */
RpTrackingStatus
rp_tracking_normalise (RpShipment *shipment,
                       gboolean   *held_in_customs)
{
  g_autofree guint *order = NULL;
  guint n;

  g_return_val_if_fail (RP_IS_SHIPMENT (shipment), RP_TRACKING_PENDING);

  if (held_in_customs != NULL)
    *held_in_customs = FALSE;

  if (shipment->received_at > 0 ||
      g_strcmp0 (shipment->receive_status, "received") == 0)
    return RP_TRACKING_DELIVERED;

  n = shipment->events != NULL ? shipment->events->len : 0;
  order = events_newest_first (shipment);

  for (guint i = 0; i < n; i++)
    {
      const RpTrackingEvent *event = event_at (shipment, order[i]);
      RpTrackingStatus status;
      gboolean hold = FALSE;

      if (rp_tracking_classify_event (event->action_code, event->description, &status, &hold))
        {
          if (held_in_customs != NULL)
            *held_in_customs = hold;
          return status;
        }
    }

  return n > 0 ? RP_TRACKING_INFO_RECEIVED : RP_TRACKING_PENDING;
}

static gboolean
is_weekend (gint64     day_start,
            GTimeZone *zone)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (day_start / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (utc != NULL, FALSE);
  local = g_date_time_to_timezone (utc, zone);

  return g_date_time_get_day_of_week (local) >= 6;
}

/**
 * rp_tracking_count_days:
 * @zone: (nullable): where weekends are counted (the buyer's zone); %NULL for UTC
 *
 * Counts whole days between two instants.  With @skip_weekends, the time that falls on
 * a Saturday or Sunday in @zone does not count, so Friday 10:00 to Monday 10:00 is one
 * day.
 *
 * Returns: the number of whole (business) days; 0 when @to is not after @from.
 */
guint
rp_tracking_count_days (gint64     from,
                        gint64     to,
                        gboolean   skip_weekends,
                        GTimeZone *zone)
{
  g_autoptr(GTimeZone) utc = NULL;
  gint64 counted = 0;
  gint64 day;
  guint guard = 0;

  if (to <= from || from <= 0)
    return 0;

  if (!skip_weekends)
    return (guint)MIN ((to - from) / G_TIME_SPAN_DAY, (gint64)G_MAXUINT);

  /* Beyond a few years the exact weekends do not matter to any rule. */
  if (to - from > 3 * 366 * G_TIME_SPAN_DAY)
    return (guint)MIN ((to - from) / G_TIME_SPAN_DAY * 5 / 7, (gint64)G_MAXUINT);

  if (zone == NULL)
    zone = utc = g_time_zone_new_utc ();

  for (day = rp_local_time_start_of_day (from, zone); day < to && guard < 1200; guard++)
    {
      gint64 next = rp_local_time_next_day (day, zone);

      if (next <= day)
        break;

      if (!is_weekend (day, zone))
        counted += MIN (next, to) - MAX (day, from);
      day = next;
    }

  return (guint)(counted / G_TIME_SPAN_DAY);
}

static gint64
last_event_time (RpShipment *shipment)
{
  gint64 last = shipment->last_event_at;

  for (guint i = 0; shipment->events != NULL && i < shipment->events->len; i++)
    last = MAX (last, event_at (shipment, i)->at);

  return last;
}

static gboolean
has_first_scan (RpShipment *shipment)
{
  for (guint i = 0; shipment->events != NULL && i < shipment->events->len; i++)
    {
      const RpTrackingEvent *event = event_at (shipment, i);
      RpTrackingStatus status;

      if (rp_tracking_classify_event (event->action_code, event->description, &status, NULL) &&
          rp_tracking_event_is_scan (status))
        return TRUE;
    }

  return FALSE;
}

/**
 * rp_tracking_assess:
 * @shipment: the parcel
 * @protection_end: when the buyer's protection ends, UTC µs; 0 when unknown
 * @now: UTC µs
 * @thresholds: (nullable): %NULL for rp_tracking_thresholds_default()
 * @skip_weekends: whether Saturdays and Sundays count towards the day thresholds
 * @zone: (nullable): where weekends are, usually the buyer's zone; %NULL for UTC
 * @out: (out caller-allocates): the result
 *
 * The derived flags of DESIGN §6: no first scan (counted from the shipping notice),
 * stalled (since the last event), held in customs, buyer protection expiring.
 * Protection is a calendar deadline, so weekends always count there.
 */
void
rp_tracking_assess (RpShipment                 *shipment,
                    gint64                      protection_end,
                    gint64                      now,
                    const RpTrackingThresholds *thresholds,
                    gboolean                    skip_weekends,
                    GTimeZone                  *zone,
                    RpTrackingAssessment       *out)
{
  const RpTrackingThresholds *t = thresholds != NULL ? thresholds : &default_thresholds;
  gboolean finished;
  gint64 last;

  g_return_if_fail (RP_IS_SHIPMENT (shipment));
  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);

  out->status = rp_tracking_normalise (shipment, &out->held_in_customs);
  out->has_first_scan = has_first_scan (shipment);
  finished = out->status == RP_TRACKING_DELIVERED || out->status == RP_TRACKING_EXPIRED;

  if (out->status == RP_TRACKING_DELIVERED)
    out->has_first_scan = TRUE;

  if (shipment->shipped_at > 0)
    out->days_since_shipped = rp_tracking_count_days (shipment->shipped_at, now,
                                                      skip_weekends, zone);

  if (shipment->shipped_at > 0 && !out->has_first_scan && !finished)
    {
      if (out->days_since_shipped >= t->no_scan_critical_days)
        out->no_first_scan = RP_TRACKING_LEVEL_CRITICAL;
      else if (out->days_since_shipped >= t->no_scan_warning_days)
        out->no_first_scan = RP_TRACKING_LEVEL_WARNING;
    }

  last = last_event_time (shipment);
  if (last > 0)
    out->days_since_event = rp_tracking_count_days (last, now, skip_weekends, zone);

  /* Before the first scan the no-first-scan rule speaks; stalled is about a parcel the
   * carrier had and stopped moving. */
  if (last > 0 && out->has_first_scan && !finished)
    {
      for (guint i = 0; i < G_N_ELEMENTS (t->stalled_days); i++)
        if (t->stalled_days[i] > 0 && out->days_since_event >= t->stalled_days[i])
          out->stalled_level = i + 1;
    }

  if (protection_end > 0)
    {
      out->protection_left = protection_end - now;
      out->protection_expiring = out->status != RP_TRACKING_DELIVERED &&
                                 out->protection_left > 0 &&
                                 out->protection_left <= (gint64)t->protection_warning_days * G_TIME_SPAN_DAY;
    }
}

/**
 * rp_tracking_next_poll:
 *
 * Back-off for asking the carrier: every 2 h after a fresh event, doubling for every
 * quiet day up to once a day; hourly while out for delivery; never once delivered.
 *
 * Returns: when to ask next, UTC µs (@now when it is due already), or %RP_TRACKING_NEVER.
 */
gint64
rp_tracking_next_poll (RpShipment *shipment,
                       gint64      now)
{
  RpTrackingStatus status;
  GTimeSpan interval;
  gint64 since;
  gint64 quiet_days;

  g_return_val_if_fail (RP_IS_SHIPMENT (shipment), RP_TRACKING_NEVER);

  status = rp_tracking_normalise (shipment, NULL);
  if (status == RP_TRACKING_DELIVERED)
    return RP_TRACKING_NEVER;

  since = last_event_time (shipment);
  if (since <= 0)
    since = shipment->shipped_at;
  quiet_days = since > 0 && now > since ? (now - since) / G_TIME_SPAN_DAY : 0;

  if (status == RP_TRACKING_OUT_FOR_DELIVERY)
    interval = G_TIME_SPAN_HOUR;
  else if (status == RP_TRACKING_EXPIRED || quiet_days >= 4)
    interval = 24 * G_TIME_SPAN_HOUR;
  else
    interval = (2 * G_TIME_SPAN_HOUR) << quiet_days;

  if (shipment->last_polled_at <= 0)
    return now;

  return MAX (shipment->last_polled_at + interval, now);
}
