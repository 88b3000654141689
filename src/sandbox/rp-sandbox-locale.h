/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How a buyer writes.  Kept in the world so that a buyer keeps their voice. */
typedef enum
{
  RP_SB_STYLE_TERSE,
  RP_SB_STYLE_CHATTY,
  RP_SB_STYLE_FORMAL,
  RP_SB_STYLE_UPSET,
  RP_SB_N_STYLES
} RpSbStyle;

/* What a buyer wants to say. */
typedef enum
{
  RP_SB_SAY_ASK,
  RP_SB_SAY_ASK_STOCK,
  RP_SB_SAY_WHERE,
  RP_SB_SAY_OK,
  RP_SB_SAY_SIZE,      /* one %s: the size wanted */
  RP_SB_SAY_ADDRESS,   /* one %s: the new address */
  RP_SB_SAY_THANKS,
  RP_SB_SAY_RECEIVED,
  RP_SB_SAY_DISPUTE,
  RP_SB_SAY_MEMO,
  RP_SB_N_SAYS
} RpSbSay;

typedef struct
{
  const char *code;          /* BCP 47, e.g. "fr" */
  const char *name;          /* English name */
  const char *says[RP_SB_N_SAYS];
  const char *formal_open;
  const char *formal_close;
  const char *chatty_open;
  const char *chatty_extra;
  const char *upset_extra;
} RpSbLanguage;

typedef struct
{
  const char *province;
  const char *city;
  const char *zone;          /* tzdata name */
  const char *zip_pattern;   /* '#' a digit, '@' an upper-case letter */
} RpSbRegion;

typedef struct
{
  const char                *code;             /* ISO 3166-1 alpha-2 */
  const char                *name;
  guint                      language;         /* index into rp_sb_languages */
  const char                *phone_prefix;
  const char                *line_format;      /* %1$s street, %2$d house number */
  const char                *line2_format;     /* %d, or NULL */
  gboolean                   family_first;     /* full name is "family given" */
  gboolean                   no_space_name;    /* full name written without a space */
  const RpSbRegion          *regions;
  guint                      n_regions;
  const char * const        *given_names;      /* 8: even male, odd female */
  const char * const        *family_names;     /* 8 */
  const char * const        *family_names_f;   /* 8, for languages that inflect; or NULL */
  const char * const        *streets;          /* 4 */
} RpSbCountry;

typedef struct
{
  const char *name;
  gint64      price_cents;
  const char *dim_a;       /* e.g. "Color", or NULL */
  const char *values_a;    /* '|'-separated */
  const char *dim_b;       /* e.g. "Size", or NULL */
  const char *values_b;
} RpSbProduct;

typedef struct
{
  const char *service_name;
  const char *display_name;
  const char *company;
  const char *tracking_regex;
  const char *tracking_format;  /* '#' a digit, '@' a letter */
  const char *website;
  int         min_days;
  int         max_days;
} RpSbService;

typedef struct
{
  const char *reason_english;
  const char *reason_chinese;
  gboolean    needs_delivery;   /* only after the parcel arrived */
} RpSbReason;

extern const RpSbLanguage rp_sb_languages[];
extern const guint        rp_sb_n_languages;
extern const RpSbCountry  rp_sb_countries[];
extern const guint        rp_sb_n_countries;
extern const RpSbProduct  rp_sb_products[];
extern const guint        rp_sb_n_products;
extern const RpSbService  rp_sb_services[];
extern const guint        rp_sb_n_services;
extern const RpSbReason   rp_sb_reasons[];
extern const guint        rp_sb_n_reasons;

const char *rp_sb_style_name       (RpSbStyle   style);
const RpSbService *rp_sb_service_find (const char *service_name,
                                        guint      *out_index);
char       *rp_sb_compose          (guint        language,
                                    RpSbStyle    style,
                                    RpSbSay      say,
                                    const char  *arg);
char       *rp_sb_pick_value       (const char  *values,
                                    guint        index);
guint       rp_sb_count_values     (const char  *values);

G_END_DECLS
