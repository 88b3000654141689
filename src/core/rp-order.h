/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "rp-enums.h"

G_BEGIN_DECLS

/* Money is kept in minor units (cents) with its ISO 4217 code. */
typedef struct
{
  gint64 cents;
  char   currency[4];
} RpMoney;

typedef struct
{
  char *contact_person;
  char *country;        /* ISO 3166-1 alpha-2 */
  char *province;
  char *city;
  char *address;
  char *address2;
  char *detail_address;
  char *zip;
  char *phone;
} RpAddress;

typedef struct
{
  char    *child_id;
  char    *product_id;
  char    *title;
  char    *variant;       /* product_standard, e.g. "Color: Red; Size: XL" */
  char    *sku;
  guint    quantity;
  RpMoney  unit_price;
  char    *image_url;
  char    *memo;          /* the buyer's note on this item */
} RpOrderItem;

RpOrderItem *rp_order_item_new  (void);
void         rp_order_item_free (RpOrderItem *item);
void         rp_address_clear   (RpAddress *address);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpOrderItem, rp_order_item_free)

#define RP_TYPE_ORDER (rp_order_get_type ())

G_DECLARE_FINAL_TYPE (RpOrder, rp_order, RP, ORDER, GObject)

/* The fields are public so that the connector and the store can fill and read them
 * without a getter per field; views read them through the properties. */
struct _RpOrder
{
  GObject              parent_instance;

  gint64               account_id;
  char                *order_id;
  char                *raw_status;      /* the marketplace's own word */
  RpOrderStatus        status;
  char                *issue_status;
  char                *logistics_status;
  gint64               created_at;      /* UTC, µs since the epoch; 0 when unknown */
  gint64               paid_at;
  gint64               modified_at;
  gint64               ship_by;         /* the end of the time left to ship */
  gint64               accept_by;       /* shipped: when the buyer's time to confirm receipt,
                                         * and with it buyer protection, ends; 0 unknown */
  char                *buyer_login_id;
  char                *buyer_name;
  char                *buyer_country;
  RpMoney              total;
  char                *memo;            /* the buyer's order-level note */
  RpAddress            address;
  GPtrArray           *items;           /* of RpOrderItem */
  char                *items_summary;   /* the product names, one a line, for lists (the
                                         * store writes it with the items; may be cut) */
  gboolean             has_detail;      /* the address and country come from the detail call */
  RpConfirmationState  confirmation;
  gint64               confirmation_deadline;
};

RpOrder  *rp_order_new            (void);
gboolean  rp_order_has_buyer_note (RpOrder *self);

G_END_DECLS
