/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* How a buyer's zone was chosen; the buyer panel says "zone unknown" for the last. */
typedef enum
{
  RP_BUYER_ZONE_SINGLE,    /* the country has one zone (or one we use for all of it) */
  RP_BUYER_ZONE_REGION,    /* several zones; the province or city picked one */
  RP_BUYER_ZONE_DEFAULT,   /* several zones; nothing matched, the most populous was taken */
  RP_BUYER_ZONE_UNKNOWN,   /* country not in tzdata: UTC */
} RpBuyerZoneChoice;

#define RP_BUYER_ZONE_TAB_PATH "/usr/share/zoneinfo/zone1970.tab"

#define RP_TYPE_BUYER_ZONE (rp_buyer_zone_get_type ())
G_DECLARE_FINAL_TYPE (RpBuyerZone, rp_buyer_zone, RP, BUYER_ZONE, GObject)

/* Parses tzdata's zone1970.tab (@path, or RP_BUYER_ZONE_TAB_PATH when NULL).
 * Structural errors and invalid UTF-8 are a G_IO_ERROR_INVALID_DATA error. */
RpBuyerZone        *rp_buyer_zone_new_from_file   (const char         *path,
                                                   GError            **error);
/* The system's table, read once per process (transfer none); NULL without tzdata, with
 * one warning: there is then no buyer time. */
RpBuyerZone        *rp_buyer_zone_get_default     (void);

/* The zone identifier for a buyer's address (transfer none, lives as long as @self).
 * @country is ISO 3166-1 alpha-2, any case; @province and @city may be NULL, in any
 * script, with or without accents.  Never NULL: "UTC" when the country is unknown. */
const char         *rp_buyer_zone_lookup          (RpBuyerZone        *self,
                                                   const char         *country,
                                                   const char         *province,
                                                   const char         *city,
                                                   RpBuyerZoneChoice  *out_choice);

/* The same as a GTimeZone (transfer full), never NULL. */
GTimeZone          *rp_buyer_zone_lookup_time_zone (RpBuyerZone       *self,
                                                    const char        *country,
                                                    const char        *province,
                                                    const char        *city,
                                                    RpBuyerZoneChoice *out_choice);

/* Every zone zone1970.tab lists for @country, in the file's order (transfer container). */
GPtrArray          *rp_buyer_zone_list_zones      (RpBuyerZone        *self,
                                                   const char         *country);

/* Casefolded, accents removed, punctuation to single spaces: the form region names are
 * compared in (transfer full). */
char               *rp_buyer_zone_normalize_name  (const char         *name);

/* "UTC+2", "UTC−3:30" for @zone at @now (UTC µs) (transfer full). */
char               *rp_buyer_zone_format_offset   (GTimeZone          *zone,
                                                   gint64              now);

G_END_DECLS
