/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-tracking-pattern"

#include "config.h"

#include <string.h>

#include "rp-tracking-pattern.h"

/* GRegex (PCRE2) stops a match that backtracks too much with an error instead of running
 * for ever: such a pattern is dropped on its first costly match, so that a hostile one
 * costs at most one bounded match.  Tracking numbers are short (the ship dialog takes 64
 * characters at most), which keeps honest patterns far from that limit. */

struct _RpTrackingPattern
{
  GRegex *regex;   /* NULL: nothing is checked */
};

/**
 * rp_tracking_pattern_new:
 * @regex: (nullable): the marketplace's pattern
 *
 * Returns: (transfer full): a pattern; one that checks nothing when @regex is %NULL,
 *   empty, not UTF-8, longer than %RP_TRACKING_PATTERN_MAX_LENGTH or not a valid regex
 */
RpTrackingPattern *
rp_tracking_pattern_new (const char *regex)
{
  RpTrackingPattern *self = g_new0 (RpTrackingPattern, 1);
  g_autofree char *whole = NULL;
  g_autoptr(GError) error = NULL;

  if (regex == NULL || *regex == '\0' ||
      strnlen (regex, RP_TRACKING_PATTERN_MAX_LENGTH + 1) > RP_TRACKING_PATTERN_MAX_LENGTH ||
      !g_utf8_validate (regex, -1, NULL))
    return self;

  /* Valid on its own first: "a)|(.*" would otherwise close the group below and match
   * anything. */
  {
    g_autoptr(GRegex) alone = g_regex_new (regex, G_REGEX_DEFAULT, G_REGEX_MATCH_DEFAULT, &error);

    if (alone == NULL)
      {
        g_debug ("Tracking number pattern not used: %s", error->message);
        return self;
      }
  }

  /* The whole number: a group keeps a top-level "a|b" together, and \z is the very end
   * (where $ would also take a final line break). */
  whole = g_strconcat ("^(?:", regex, ")\\z", NULL);
  self->regex = g_regex_new (whole, G_REGEX_DEFAULT, G_REGEX_MATCH_DEFAULT, &error);
  if (self->regex == NULL)
    g_debug ("Tracking number pattern not used: %s", error->message);

  return self;
}

void
rp_tracking_pattern_free (RpTrackingPattern *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->regex, g_regex_unref);
  g_free (self);
}

gboolean
rp_tracking_pattern_is_usable (RpTrackingPattern *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->regex != NULL;
}

/**
 * rp_tracking_pattern_check:
 * @tracking_no: the number as the seller typed it, normalised
 *
 * Returns: whether @tracking_no matches; %RP_TRACKING_PATTERN_UNCHECKED when the pattern
 *   is not usable, or stopped being usable on this match
 */
RpTrackingPatternResult
rp_tracking_pattern_check (RpTrackingPattern *self,
                           const char        *tracking_no)
{
  g_autoptr(GError) error = NULL;
  gboolean matched;

  g_return_val_if_fail (self != NULL, RP_TRACKING_PATTERN_UNCHECKED);

  if (self->regex == NULL)
    return RP_TRACKING_PATTERN_UNCHECKED;

  if (tracking_no == NULL || !g_utf8_validate (tracking_no, -1, NULL))
    return RP_TRACKING_PATTERN_MISMATCH;

  matched = g_regex_match_full (self->regex, tracking_no, -1, 0, G_REGEX_MATCH_DEFAULT, NULL,
                                &error);
  if (error != NULL)
    {
      /* Too costly (or otherwise broken): never run it again. */
      g_debug ("Tracking number pattern dropped: %s", error->message);
      g_clear_pointer (&self->regex, g_regex_unref);
      return RP_TRACKING_PATTERN_UNCHECKED;
    }

  return matched ? RP_TRACKING_PATTERN_MATCH : RP_TRACKING_PATTERN_MISMATCH;
}
