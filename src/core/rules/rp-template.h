/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rp-order.h"
#include "rp-shipment.h"

G_BEGIN_DECLS

#define RP_TEMPLATE_ERROR (rp_template_error_quark ())

typedef enum
{
  RP_TEMPLATE_ERROR_SYNTAX,               /* a "{" that opens no placeholder */
  RP_TEMPLATE_ERROR_UNKNOWN_PLACEHOLDER,
  RP_TEMPLATE_ERROR_INVALID_TEXT,         /* not UTF-8, or a value too long */
} RpTemplateError;

typedef enum
{
  RP_TEMPLATE_ORDER_CONFIRMATION,
  RP_TEMPLATE_STALLED_PARCEL,
  RP_TEMPLATE_NO_FIRST_SCAN,
  RP_TEMPLATE_CUSTOMS_NOTICE,
  RP_TEMPLATE_PROTECTION_EXPIRING,
  RP_TEMPLATE_DISPUTE_NOT_RECEIVED,
  RP_TEMPLATE_DISPUTE_NOT_AS_DESCRIBED,
  RP_TEMPLATE_DISPUTE_DAMAGED,
  RP_TEMPLATE_DISPUTE_WRONG_ITEM,
  RP_TEMPLATE_DISPUTE_QUALITY,
  RP_TEMPLATE_N_KINDS
} RpTemplateKind;

/* Longest value a placeholder takes; longer is an error rather than a wall of text. */
#define RP_TEMPLATE_MAX_VALUE (64 * 1024)

GQuark              rp_template_error_quark         (void);

/* The placeholder names a template may use. */
const char * const *rp_template_placeholders        (void);
/* The visible, translated marker for a missing value, e.g. "[address missing]". */
const char         *rp_template_gap_marker          (const char      *key);
/* Syntax and placeholder check; @unknown_out lists unknown names. */
gboolean            rp_template_check               (const char      *tmpl,
                                                     char          ***unknown_out,
                                                     GError         **error);
/* Fills the placeholders with plain text; "{{" is a brace; gaps stay visible. */
char               *rp_template_render              (const char      *tmpl,
                                                     GHashTable      *values,
                                                     GError         **error);

/* A built-in template in a language ("pt_BR" → "pt"), English when there is none. */
const char         *rp_template_lookup              (RpTemplateKind   kind,
                                                     const char      *language);
/* The languages with built-in templates. */
const char * const *rp_template_languages           (void);
/* The first-reply template for a dispute reason (reason_english). */
RpTemplateKind      rp_template_kind_for_dispute    (const char      *reason);

/* A name → value table, and helpers that fill it from an order and a shipment. */
GHashTable         *rp_template_values_new          (void);
void                rp_template_values_add_order    (GHashTable      *values,
                                                     RpOrder         *order,
                                                     GTimeSpan        window,
                                                     gint64           window_end,
                                                     GTimeZone       *buyer_zone);
void                rp_template_values_add_shipment (GHashTable      *values,
                                                     RpShipment      *shipment,
                                                     gint64           now);
/* The address in its country's line order; NULL when there is no address. */
char               *rp_template_format_address      (const RpAddress *address,
                                                     const char      *fallback_country);
/* One line per item: "- Title (variant) × 2". */
char               *rp_template_format_items        (GPtrArray       *items);

G_END_DECLS
