/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-parcel-problem"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "rp-country.h"
#include "rp-parcel-problem.h"

G_DEFINE_QUARK (rp-parcel-problem-error-quark, rp_parcel_problem_error)

static const char * const problem_nicks[] = {
  [RP_PARCEL_PROBLEM_NONE] = "none",
  [RP_PARCEL_PROBLEM_NO_FIRST_SCAN] = "no-first-scan",
  [RP_PARCEL_PROBLEM_CUSTOMS] = "customs",
  [RP_PARCEL_PROBLEM_PROTECTION] = "protection",
  [RP_PARCEL_PROBLEM_STALLED] = "stalled",
  [RP_PARCEL_PROBLEM_DELIVERY_FAILED] = "delivery-failed",
  [RP_PARCEL_PROBLEM_EXCEPTION] = "exception",
};

/**
 * rp_parcel_problem_to_string:
 *
 * Returns: (transfer none): the stable nick kept in the cache, never translated.
 */
const char *
rp_parcel_problem_to_string (RpParcelProblem problem)
{
  g_return_val_if_fail ((guint)problem < G_N_ELEMENTS (problem_nicks), "none");

  return problem_nicks[problem];
}

gboolean
rp_parcel_problem_from_string (const char      *text,
                               RpParcelProblem *out_problem)
{
  g_return_val_if_fail (out_problem != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (problem_nicks); i++)
    {
      if (g_strcmp0 (text, problem_nicks[i]) == 0)
        {
          *out_problem = (RpParcelProblem)i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * rp_parcel_notice_format:
 * @at: when the message was queued, UTC µs
 *
 * Returns: (transfer full): the value of %RP_PARCEL_NOTICE_STATE
 */
char *
rp_parcel_notice_format (RpParcelProblem problem,
                         gint64          at)
{
  return g_strdup_printf ("%s %" G_GINT64_FORMAT, rp_parcel_problem_to_string (problem), at);
}

/**
 * rp_parcel_notice_parse:
 * @out_problem: (out): the problem the buyer was told about
 * @out_at: (out): when, UTC µs
 *
 * Returns: %TRUE for a value rp_parcel_notice_format() made; otherwise
 *   %RP_PARCEL_PROBLEM_ERROR_INVALID.
 */
gboolean
rp_parcel_notice_parse (const char       *value,
                        RpParcelProblem  *out_problem,
                        gint64           *out_at,
                        GError          **error)
{
  g_auto(GStrv) parts = NULL;
  gint64 at;

  g_return_val_if_fail (out_problem != NULL, FALSE);
  g_return_val_if_fail (out_at != NULL, FALSE);

  if (value == NULL || !g_utf8_validate (value, -1, NULL))
    goto invalid;

  parts = g_strsplit (value, " ", -1);
  if (g_strv_length (parts) != 2 ||
      !rp_parcel_problem_from_string (parts[0], out_problem) ||
      *out_problem == RP_PARCEL_PROBLEM_NONE ||
      !g_ascii_string_to_signed (parts[1], 10, 1, G_MAXINT64, &at, NULL))
    goto invalid;

  *out_at = at;
  return TRUE;

invalid:
  g_set_error (error, RP_PARCEL_PROBLEM_ERROR, RP_PARCEL_PROBLEM_ERROR_INVALID,
               "Not a parcel notice: “%s”", value != NULL && g_utf8_validate (value, -1, NULL) ? value : "");
  return FALSE;
}

static gboolean
increasing_days (const guint *days,
                 gsize        n,
                 gsize        wanted)
{
  if (days == NULL || n != wanted)
    return FALSE;

  for (gsize i = 0; i < n; i++)
    if (days[i] < 1 || days[i] > 365 || (i > 0 && days[i] <= days[i - 1]))
      return FALSE;

  return TRUE;
}

/**
 * rp_parcel_problem_thresholds:
 * @no_scan_days: (array length=n_no_scan_days): warning, then critical
 * @stalled_days: (array length=n_stalled_days): the three stalled levels
 * @protection_days: warn when buyer protection ends within this many days
 * @out: (out caller-allocates): the thresholds
 *
 * A setting edited by hand must not switch a rule off or make it nonsense, so a bad
 * value gives the defaults of rp_tracking_thresholds_default() for all of them.
 *
 * Returns: %TRUE when the values were taken, %FALSE when the defaults were.
 */
gboolean
rp_parcel_problem_thresholds (const guint          *no_scan_days,
                              gsize                 n_no_scan_days,
                              const guint          *stalled_days,
                              gsize                 n_stalled_days,
                              guint                 protection_days,
                              RpTrackingThresholds *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  *out = *rp_tracking_thresholds_default ();

  if (!increasing_days (no_scan_days, n_no_scan_days, 2) ||
      !increasing_days (stalled_days, n_stalled_days, G_N_ELEMENTS (out->stalled_days)) ||
      protection_days < 1 || protection_days > 365)
    return FALSE;

  out->no_scan_warning_days = no_scan_days[0];
  out->no_scan_critical_days = no_scan_days[1];
  for (guint i = 0; i < G_N_ELEMENTS (out->stalled_days); i++)
    out->stalled_days[i] = stalled_days[i];
  out->protection_warning_days = protection_days;

  return TRUE;
}

/**
 * rp_parcel_problem_pick:
 * @assessment: from rp_tracking_assess()
 *
 * The buyer hears about one thing at a time, the one that asks the most of them or of
 * the seller: a parcel the carrier never scanned (the platform calls it a false
 * shipment on day 5), then customs (the buyer may have to act), then the end of buyer
 * protection, then a parcel that stopped moving, then a failed delivery or another
 * carrier exception.
 *
 * Returns: the problem, or %RP_PARCEL_PROBLEM_NONE.
 */
RpParcelProblem
rp_parcel_problem_pick (const RpTrackingAssessment *assessment)
{
  const RpTrackingAssessment *a = assessment;

  g_return_val_if_fail (assessment != NULL, RP_PARCEL_PROBLEM_NONE);

  if (a->status == RP_TRACKING_DELIVERED)
    return RP_PARCEL_PROBLEM_NONE;
  if (a->no_first_scan != RP_TRACKING_LEVEL_NONE)
    return RP_PARCEL_PROBLEM_NO_FIRST_SCAN;
  if (a->held_in_customs)
    return RP_PARCEL_PROBLEM_CUSTOMS;
  if (a->protection_expiring)
    return RP_PARCEL_PROBLEM_PROTECTION;
  if (a->stalled_level > 0)
    return RP_PARCEL_PROBLEM_STALLED;
  if (a->status == RP_TRACKING_ATTEMPT_FAILED)
    return RP_PARCEL_PROBLEM_DELIVERY_FAILED;
  if (a->status == RP_TRACKING_EXCEPTION)
    return RP_PARCEL_PROBLEM_EXCEPTION;

  return RP_PARCEL_PROBLEM_NONE;
}

/**
 * rp_parcel_problem_level:
 *
 * Returns: critical for no first scan at its critical day, a parcel stalled past the
 *   second threshold, protection expiring and a failed delivery; warning for the rest;
 *   none without a problem.
 */
RpTrackingLevel
rp_parcel_problem_level (const RpTrackingAssessment *assessment,
                         RpParcelProblem             problem)
{
  g_return_val_if_fail (assessment != NULL, RP_TRACKING_LEVEL_NONE);

  switch (problem)
    {
    case RP_PARCEL_PROBLEM_NO_FIRST_SCAN:
      return assessment->no_first_scan;
    case RP_PARCEL_PROBLEM_STALLED:
      return assessment->stalled_level >= 2 ? RP_TRACKING_LEVEL_CRITICAL : RP_TRACKING_LEVEL_WARNING;
    case RP_PARCEL_PROBLEM_PROTECTION:
    case RP_PARCEL_PROBLEM_DELIVERY_FAILED:
      return RP_TRACKING_LEVEL_CRITICAL;
    case RP_PARCEL_PROBLEM_CUSTOMS:
    case RP_PARCEL_PROBLEM_EXCEPTION:
      return RP_TRACKING_LEVEL_WARNING;
    case RP_PARCEL_PROBLEM_NONE:
    default:
      return RP_TRACKING_LEVEL_NONE;
    }
}

/**
 * rp_parcel_problem_template:
 * @out_kind: (out): the template kind
 *
 * Returns: %TRUE when a built-in template speaks to the problem.
 */
gboolean
rp_parcel_problem_template (RpParcelProblem  problem,
                            RpTemplateKind  *out_kind)
{
  g_return_val_if_fail (out_kind != NULL, FALSE);

  switch (problem)
    {
    case RP_PARCEL_PROBLEM_NO_FIRST_SCAN:
      *out_kind = RP_TEMPLATE_NO_FIRST_SCAN;
      return TRUE;
    case RP_PARCEL_PROBLEM_CUSTOMS:
      *out_kind = RP_TEMPLATE_CUSTOMS_NOTICE;
      return TRUE;
    case RP_PARCEL_PROBLEM_PROTECTION:
      *out_kind = RP_TEMPLATE_PROTECTION_EXPIRING;
      return TRUE;
    case RP_PARCEL_PROBLEM_STALLED:
      *out_kind = RP_TEMPLATE_STALLED_PARCEL;
      return TRUE;
    case RP_PARCEL_PROBLEM_DELIVERY_FAILED:
    case RP_PARCEL_PROBLEM_EXCEPTION:
    case RP_PARCEL_PROBLEM_NONE:
    default:
      return FALSE;
    }
}

/**
 * rp_parcel_problem_describe:
 *
 * Returns: (transfer full): the problem in one translated sentence, or %NULL for none.
 */
char *
rp_parcel_problem_describe (const RpTrackingAssessment *assessment,
                            RpParcelProblem             problem)
{
  const RpTrackingAssessment *a = assessment;

  g_return_val_if_fail (assessment != NULL, NULL);

  switch (problem)
    {
    case RP_PARCEL_PROBLEM_NO_FIRST_SCAN:
      return g_strdup_printf (ngettext ("No carrier scan %u day after the shipping notice.",
                                        "No carrier scan %u days after the shipping notice.",
                                        a->days_since_shipped),
                              a->days_since_shipped);
    case RP_PARCEL_PROBLEM_CUSTOMS:
      return g_strdup (_("Held in customs."));
    case RP_PARCEL_PROBLEM_PROTECTION:
      {
        guint days = (guint)MAX (0, a->protection_left / G_TIME_SPAN_DAY);

        if (days == 0)
          return g_strdup (_("Buyer protection ends within a day."));
        return g_strdup_printf (ngettext ("Buyer protection ends in %u day.",
                                          "Buyer protection ends in %u days.", days),
                                days);
      }
    case RP_PARCEL_PROBLEM_STALLED:
      return g_strdup_printf (ngettext ("No tracking update for %u day.",
                                        "No tracking update for %u days.",
                                        a->days_since_event),
                              a->days_since_event);
    case RP_PARCEL_PROBLEM_DELIVERY_FAILED:
      return g_strdup (_("The carrier could not deliver the parcel."));
    case RP_PARCEL_PROBLEM_EXCEPTION:
      return g_strdup (_("The carrier reports a problem with the parcel."));
    case RP_PARCEL_PROBLEM_NONE:
    default:
      return NULL;
    }
}

static gboolean
has_templates (const char *language)
{
  const char * const *languages = rp_template_languages ();

  for (guint i = 0; languages[i] != NULL; i++)
    if (g_ascii_strncasecmp (languages[i], language, 2) == 0 &&
        !g_ascii_isalpha (language[strlen (languages[i])]))
      return TRUE;

  return FALSE;
}

/**
 * rp_parcel_problem_buyer_language:
 * @country: (nullable): ISO 3166-1 alpha-2
 *
 * Returns: (transfer full): the language code for rp_template_lookup().
 */
char *
rp_parcel_problem_buyer_language (const char *country)
{
  const RpCountry *entry = country != NULL ? rp_country_lookup (country) : NULL;
  g_auto(GStrv) languages = NULL;

  if (entry == NULL || entry->languages == NULL)
    return g_strdup ("en");

  languages = g_strsplit (entry->languages, ",", -1);
  for (guint i = 0; languages[i] != NULL; i++)
    {
      g_strstrip (languages[i]);
      if (strlen (languages[i]) >= 2 && has_templates (languages[i]))
        return g_strndup (languages[i], 2);
    }

  return g_strdup ("en");
}

/**
 * rp_parcel_problem_draft:
 * @order: (nullable): the parcel's order, for the buyer's name; without it the name
 *   stays a visible gap for the seller to fill
 * @language: (nullable): from rp_parcel_problem_buyer_language(); %NULL for English
 * @now: UTC µs, for the days without news
 *
 * Returns: (transfer full): the message, with visible markers where a value is missing.
 */
char *
rp_parcel_problem_draft (RpParcelProblem   problem,
                         RpOrder          *order,
                         RpShipment       *shipment,
                         const char       *language,
                         gint64            now,
                         GError          **error)
{
  g_autoptr(GHashTable) values = NULL;
  RpTemplateKind kind;
  const char *tmpl;

  g_return_val_if_fail (order == NULL || RP_IS_ORDER (order), NULL);
  g_return_val_if_fail (RP_IS_SHIPMENT (shipment), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!rp_parcel_problem_template (problem, &kind))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("There is no ready-made message for this problem."));
      return NULL;
    }

  tmpl = rp_template_lookup (kind, language);
  values = rp_template_values_new ();
  if (order != NULL)
    rp_template_values_add_order (values, order, 0, 0, NULL);
  else if (shipment->order_id != NULL && *shipment->order_id != '\0')
    g_hash_table_replace (values, g_strdup ("order_id"), g_strdup (shipment->order_id));
  rp_template_values_add_shipment (values, shipment, now);

  return rp_template_render (tmpl, values, error);
}
