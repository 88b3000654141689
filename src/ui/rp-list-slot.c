/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-list-slot"

#include "config.h"

#include "rp-list-slot.h"

/* One row of an RpSlotListModel: a place in a list that keeps its identity while the item
 * in it changes, so that a list view keeps the row's widgets and only binds them again. */

struct _RpListSlot
{
  GObject  parent_instance;

  GObject *item;
};

G_DEFINE_FINAL_TYPE (RpListSlot, rp_list_slot, G_TYPE_OBJECT)

static void
rp_list_slot_dispose (GObject *object)
{
  RpListSlot *self = (RpListSlot *)object;

  g_clear_object (&self->item);

  G_OBJECT_CLASS (rp_list_slot_parent_class)->dispose (object);
}

static void
rp_list_slot_class_init (RpListSlotClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rp_list_slot_dispose;
}

static void
rp_list_slot_init (RpListSlot *self)
{
}

/**
 * rp_list_slot_new:
 * @item: (transfer full): the item in the slot
 */
RpListSlot *
rp_list_slot_new (gpointer item)
{
  RpListSlot *self;

  g_return_val_if_fail (G_IS_OBJECT (item), NULL);

  self = g_object_new (RP_TYPE_LIST_SLOT, NULL);
  self->item = item;

  return self;
}

/**
 * rp_list_slot_get_item:
 *
 * Returns: (transfer none) (type GObject): the item now in the slot
 */
gpointer
rp_list_slot_get_item (RpListSlot *self)
{
  g_return_val_if_fail (RP_IS_LIST_SLOT (self), NULL);

  return self->item;
}

/**
 * rp_list_slot_set_item:
 * @item: (transfer full): the item that takes the slot
 */
void
rp_list_slot_set_item (RpListSlot *self,
                       gpointer    item)
{
  g_return_if_fail (RP_IS_LIST_SLOT (self));
  g_return_if_fail (G_IS_OBJECT (item));

  g_clear_object (&self->item);
  self->item = item;
}
