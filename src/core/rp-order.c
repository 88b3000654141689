/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-order"

#include "config.h"

#include "rp-order.h"

G_DEFINE_FINAL_TYPE (RpOrder, rp_order, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ORDER_ID,
  PROP_BUYER_NAME,
  PROP_STATUS,
  PROP_CONFIRMATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

RpOrderItem *
rp_order_item_new (void)
{
  return g_new0 (RpOrderItem, 1);
}

void
rp_order_item_free (RpOrderItem *item)
{
  if (item == NULL)
    return;

  g_free (item->child_id);
  g_free (item->product_id);
  g_free (item->title);
  g_free (item->variant);
  g_free (item->sku);
  g_free (item->image_url);
  g_free (item->memo);
  g_free (item);
}

void
rp_address_clear (RpAddress *address)
{
  g_clear_pointer (&address->contact_person, g_free);
  g_clear_pointer (&address->country, g_free);
  g_clear_pointer (&address->province, g_free);
  g_clear_pointer (&address->city, g_free);
  g_clear_pointer (&address->address, g_free);
  g_clear_pointer (&address->address2, g_free);
  g_clear_pointer (&address->detail_address, g_free);
  g_clear_pointer (&address->zip, g_free);
  g_clear_pointer (&address->phone, g_free);
}

static void
rp_order_finalize (GObject *object)
{
  RpOrder *self = (RpOrder *)object;

  g_free (self->order_id);
  g_free (self->raw_status);
  g_free (self->issue_status);
  g_free (self->logistics_status);
  g_free (self->buyer_login_id);
  g_free (self->buyer_name);
  g_free (self->buyer_country);
  g_free (self->memo);
  g_free (self->items_summary);
  rp_address_clear (&self->address);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (rp_order_parent_class)->finalize (object);
}

static void
rp_order_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  RpOrder *self = RP_ORDER (object);

  switch (prop_id)
    {
    case PROP_ORDER_ID:
      g_value_set_string (value, self->order_id);
      break;

    case PROP_BUYER_NAME:
      g_value_set_string (value, self->buyer_name);
      break;

    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;

    case PROP_CONFIRMATION:
      g_value_set_int (value, self->confirmation);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_order_class_init (RpOrderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rp_order_finalize;
  object_class->get_property = rp_order_get_property;

  properties[PROP_ORDER_ID] =
    g_param_spec_string ("order-id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_BUYER_NAME] =
    g_param_spec_string ("buyer-name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL, 0, G_MAXINT, 0,
                      (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_CONFIRMATION] =
    g_param_spec_int ("confirmation", NULL, NULL, 0, G_MAXINT, 0,
                      (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rp_order_init (RpOrder *self)
{
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify)rp_order_item_free);
}

RpOrder *
rp_order_new (void)
{
  return g_object_new (RP_TYPE_ORDER, NULL);
}

gboolean
rp_order_has_buyer_note (RpOrder *self)
{
  g_return_val_if_fail (RP_IS_ORDER (self), FALSE);

  if (self->memo != NULL && *self->memo != '\0')
    return TRUE;

  for (guint i = 0; i < self->items->len; i++)
    {
      const RpOrderItem *item = g_ptr_array_index (self->items, i);

      if (item->memo != NULL && *item->memo != '\0')
        return TRUE;
    }

  return FALSE;
}
