/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rp-order.h"
#include "rp-shipment.h"
#include "rp-template.h"
#include "rp-tracking.h"

G_BEGIN_DECLS

/* The one thing to tell the buyer about a parcel, from its tracking assessment. */
typedef enum
{
  RP_PARCEL_PROBLEM_NONE,
  RP_PARCEL_PROBLEM_NO_FIRST_SCAN,
  RP_PARCEL_PROBLEM_CUSTOMS,
  RP_PARCEL_PROBLEM_PROTECTION,
  RP_PARCEL_PROBLEM_STALLED,
  RP_PARCEL_PROBLEM_DELIVERY_FAILED,
  RP_PARCEL_PROBLEM_EXCEPTION,
} RpParcelProblem;

/* The per-order local state key that records the last word to the buyer about a parcel
 * problem: "PROBLEM AT" (a problem nick, then UTC µs). */
#define RP_PARCEL_NOTICE_STATE "parcel-notice"

#define RP_PARCEL_PROBLEM_ERROR (rp_parcel_problem_error_quark ())

typedef enum
{
  RP_PARCEL_PROBLEM_ERROR_INVALID,
} RpParcelProblemError;

GQuark          rp_parcel_problem_error_quark    (void);
const char     *rp_parcel_problem_to_string      (RpParcelProblem             problem);
gboolean        rp_parcel_problem_from_string    (const char                 *text,
                                                  RpParcelProblem            *out_problem);
/* The state value for "told the buyer about @problem at @at" (transfer full). */
char           *rp_parcel_notice_format          (RpParcelProblem             problem,
                                                  gint64                      at);
gboolean        rp_parcel_notice_parse           (const char                 *value,
                                                  RpParcelProblem            *out_problem,
                                                  gint64                     *out_at,
                                                  GError                    **error);

/* Thresholds from settings: no-scan warning and critical days, three stalled days and the
 * protection days, each list strictly increasing and every number from 1 to 365.  Anything
 * else gives the defaults and FALSE. */
gboolean        rp_parcel_problem_thresholds     (const guint                *no_scan_days,
                                                  gsize                       n_no_scan_days,
                                                  const guint                *stalled_days,
                                                  gsize                       n_stalled_days,
                                                  guint                       protection_days,
                                                  RpTrackingThresholds       *out);
/* The most pressing problem: no first scan, customs, protection, stalled, failed
 * delivery, carrier exception; NONE when the parcel needs no word to the buyer. */
RpParcelProblem rp_parcel_problem_pick           (const RpTrackingAssessment *assessment);
/* Warning or critical: critical when the platform or the buyer is about to act. */
RpTrackingLevel rp_parcel_problem_level          (const RpTrackingAssessment *assessment,
                                                  RpParcelProblem             problem);
/* The built-in template for the message, FALSE when there is none for this problem. */
gboolean        rp_parcel_problem_template       (RpParcelProblem             problem,
                                                  RpTemplateKind             *out_kind);
/* One translated sentence for the seller (transfer full). */
char           *rp_parcel_problem_describe       (const RpTrackingAssessment *assessment,
                                                  RpParcelProblem             problem);
/* The buyer's language for built-in templates, from the country's languages in order:
 * the first with templates, else "en" (transfer full). */
char           *rp_parcel_problem_buyer_language (const char                 *country);
/* The drafted message in the buyer's language; NULL + error on bad input, or
 * G_IO_ERROR_NOT_SUPPORTED when the problem has no template (transfer full). */
char           *rp_parcel_problem_draft          (RpParcelProblem             problem,
                                                  RpOrder                    *order,
                                                  RpShipment                 *shipment,
                                                  const char                 *language,
                                                  gint64                      now,
                                                  GError                    **error);

G_END_DECLS
