/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How plainly a buyer from a country expects bad news and requests to be put. */
typedef enum
{
  RP_DIRECTNESS_DIRECT,
  RP_DIRECTNESS_BALANCED,
  RP_DIRECTNESS_INDIRECT,
} RpDirectness;

/* The register a first message to a stranger should use. */
typedef enum
{
  RP_FORMALITY_CASUAL,
  RP_FORMALITY_NEUTRAL,
  RP_FORMALITY_FORMAL,
} RpFormality;

#define RP_MONTH(m) (1u << ((m) - 1))

typedef struct
{
  const char *name;         /* English, translated by rp_country_holiday_get_name() */
  guint       months;       /* RP_MONTH() bits of the months it usually falls in */
  guint       slow_days;    /* how many days deliveries typically stall around it */
} RpHoliday;

/* What the buyer panel knows about a country: all static data, never freed.
 * English texts are translated by the accessors below. */
typedef struct
{
  const char      *code;             /* ISO 3166-1 alpha-2 */
  const char      *iso_name;         /* iso-codes' name (or common name): a msgid of iso_3166-1 */
  const char      *languages;        /* BCP 47, comma-separated, main first */
  const char      *greeting;         /* an everyday hello, in the main language */
  const char      *formal_greeting;  /* how a formal message to a customer opens */
  guint            weekend;          /* bits (1 << GDateWeekday) */
  guint8           lunch_start;      /* local hours, end exclusive (24 = midnight) */
  guint8           lunch_end;
  guint8           evening_start;
  guint8           evening_end;
  RpDirectness     directness;
  RpFormality      formality;
  const RpHoliday *holidays;
  guint            n_holidays;
  const char      *customs;
  const char      *etiquette;
  const char      *taboos;
} RpCountry;

/* The country's entry, or NULL when we have no notes for it.  Any case; "UK" is GB. */
const RpCountry *rp_country_lookup             (const char          *code);

/* Notes for a country without its own entry: the generic evening-peak prior, Sat–Sun. */
const RpCountry *rp_country_get_generic        (void);

/* Every country with notes, in code order (transfer none). */
const RpCountry *rp_country_get_all            (guint               *n_countries);

/* The country's name in the user's language, from iso-codes (transfer full).  Countries
 * not in our table are looked up in iso-codes' XML; an unknown code comes back as is. */
char            *rp_country_get_name           (const char          *code);

/* The flag as a pair of regional indicator symbols, or "" for an invalid code (transfer full). */
char            *rp_country_get_flag           (const char          *code);

gboolean         rp_country_is_weekend         (const RpCountry     *country,
                                                GDateWeekday         weekday);

/* Holidays that usually fall in @month (1–12), (transfer container) of RpHoliday*. */
GPtrArray       *rp_country_holidays_in_month  (const RpCountry     *country,
                                                guint                month);

/* Translated texts (transfer none). */
const char      *rp_country_holiday_get_name   (const RpHoliday     *holiday);
const char      *rp_country_get_customs        (const RpCountry     *country);
const char      *rp_country_get_etiquette      (const RpCountry     *country);
const char      *rp_country_get_taboos         (const RpCountry     *country);
const char      *rp_country_directness_to_string (RpDirectness       directness);

/* Reads iso-codes' iso_3166-1.xml into alpha-2 → English name (common name where there
 * is one), (transfer full).  Exposed for tests and for callers with another path. */
GHashTable      *rp_country_load_iso_names     (const char          *path,
                                                GError             **error);

G_END_DECLS
