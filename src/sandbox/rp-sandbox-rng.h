/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* SplitMix64: tiny, fast and the same on every platform, so that a seed
 * gives the same world everywhere.  Streams are derived from (seed, key)
 * pairs, which keeps the simulation deterministic whatever the order in
 * which independent things are generated. */
typedef struct
{
  guint64 state;
} RpSbRng;

static inline guint64
rp_sb_mix64 (guint64 z)
{
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static inline void
rp_sb_rng_init (RpSbRng *rng,
                guint64  seed,
                guint64  key)
{
  rng->state = rp_sb_mix64 (seed + G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)) ^ rp_sb_mix64 (key * G_GUINT64_CONSTANT (0x2545f4914f6cdd1d) + 1);
}

static inline guint64
rp_sb_rng_next (RpSbRng *rng)
{
  rng->state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  return rp_sb_mix64 (rng->state);
}

/* A number in [0, n). */
static inline guint32
rp_sb_rng_below (RpSbRng *rng,
                 guint32  n)
{
  return n == 0 ? 0 : (guint32)(rp_sb_rng_next (rng) % n);
}

static inline gint64
rp_sb_rng_range (RpSbRng *rng,
                 gint64   lo,
                 gint64   hi)
{
  return hi <= lo ? lo : lo + (gint64)(rp_sb_rng_next (rng) % (guint64)(hi - lo + 1));
}

static inline double
rp_sb_rng_double (RpSbRng *rng)
{
  return (rp_sb_rng_next (rng) >> 11) * (1.0 / 9007199254740992.0);
}

static inline gboolean
rp_sb_rng_chance (RpSbRng *rng,
                  double   p)
{
  return rp_sb_rng_double (rng) < p;
}

G_END_DECLS
