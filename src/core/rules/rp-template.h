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

const char * const *rp_template_placeholders        (void);
const char         *rp_template_gap_marker          (const char      *key);
gboolean            rp_template_check               (const char      *tmpl,
                                                     char          ***unknown_out,
                                                     GError         **error);
char               *rp_template_render              (const char      *tmpl,
                                                     GHashTable      *values,
                                                     GError         **error);

const char         *rp_template_lookup              (RpTemplateKind   kind,
                                                     const char      *language);
const char * const *rp_template_languages           (void);
RpTemplateKind      rp_template_kind_for_dispute    (const char      *reason);

GHashTable         *rp_template_values_new          (void);
void                rp_template_values_add_order    (GHashTable      *values,
                                                     RpOrder         *order,
                                                     GTimeSpan        window,
                                                     gint64           window_end,
                                                     GTimeZone       *buyer_zone);
void                rp_template_values_add_shipment (GHashTable      *values,
                                                     RpShipment      *shipment,
                                                     gint64           now);
char               *rp_template_format_address      (const RpAddress *address,
                                                     const char      *fallback_country);
char               *rp_template_format_items        (GPtrArray       *items);

G_END_DECLS
