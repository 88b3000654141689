/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The tracking number pattern a marketplace gives for a logistics service
 * (tracking_no_regex).  It comes from the network: a pattern that is invalid, too long or
 * too costly to match checks nothing rather than stopping the seller or the program. */

typedef enum
{
  RP_TRACKING_PATTERN_UNCHECKED,   /* no usable pattern: the number is not checked */
  RP_TRACKING_PATTERN_MATCH,
  RP_TRACKING_PATTERN_MISMATCH,
} RpTrackingPatternResult;

/* Longest pattern taken, in bytes. */
#define RP_TRACKING_PATTERN_MAX_LENGTH 1024

typedef struct _RpTrackingPattern RpTrackingPattern;

RpTrackingPattern       *rp_tracking_pattern_new        (const char        *regex);
void                     rp_tracking_pattern_free       (RpTrackingPattern *self);
/* Whether numbers are checked at all (FALSE once the pattern proved unusable). */
gboolean                 rp_tracking_pattern_is_usable  (RpTrackingPattern *self);
/* The whole number must match, as Java's String.matches() reads the marketplace's patterns. */
RpTrackingPatternResult  rp_tracking_pattern_check      (RpTrackingPattern *self,
                                                         const char        *tracking_no);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpTrackingPattern, rp_tracking_pattern_free)

G_END_DECLS
