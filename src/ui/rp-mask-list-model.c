/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-mask-list-model"

#include "config.h"

#include <string.h>

#include "rp-mask-list-model.h"

/* The rows of a model whose flags hold every bit of a mask.
 *
 * A GtkFilterListModel matches each row again at each change of its filter, and reading a
 * row of the cache's list makes its object: 40,000 of them held up the main loop for tens
 * of milliseconds at each choice of a filter.  Here each row's flags are read once, when
 * the row comes (a byte per row), and a new mask picks the rows from those bytes in well
 * under a millisecond.  While no mask is set, the flags of new rows are read later, a
 * slice at a time when the main loop is idle, so that a list loading page after page
 * does not wait for them. */

#define NOT_READ  0x80   /* a row whose flags are still to be read */
#define SLICE_USEC 3000

struct _RpMaskListModel
{
  GObject      parent_instance;

  GListModel  *model;
  RpMaskFunc   func;
  gpointer     user_data;
  GByteArray  *flags;    /* one per row of model */
  GArray      *rows;     /* of guint: the rows of model shown, in order; NULL: all of them */
  guint        mask;
  guint        read_from;    /* no row before this one is NOT_READ */
  guint        read_source;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RpMaskListModel, rp_mask_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
rp_mask_list_model_get_item_type (GListModel *list)
{
  RpMaskListModel *self = RP_MASK_LIST_MODEL (list);

  return self->model != NULL ? g_list_model_get_item_type (self->model) : G_TYPE_OBJECT;
}

static guint
n_shown (RpMaskListModel *self)
{
  if (self->rows != NULL)
    return self->rows->len;

  return self->flags->len;
}

static guint
rp_mask_list_model_get_n_items (GListModel *list)
{
  return n_shown (RP_MASK_LIST_MODEL (list));
}

static gpointer
rp_mask_list_model_get_item (GListModel *list,
                             guint       position)
{
  RpMaskListModel *self = RP_MASK_LIST_MODEL (list);

  if (self->model == NULL || position >= n_shown (self))
    return NULL;

  if (self->rows != NULL)
    position = g_array_index (self->rows, guint, position);

  return g_list_model_get_item (self->model, position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = rp_mask_list_model_get_item_type;
  iface->get_n_items = rp_mask_list_model_get_n_items;
  iface->get_item = rp_mask_list_model_get_item;
}

static guint8
read_flags (RpMaskListModel *self,
            guint            position)
{
  g_autoptr(GObject) item = g_list_model_get_item (self->model, position);

  return item != NULL ? (guint8)(self->func (item, self->user_data) & ~NOT_READ) : 0;
}

static void
read_all (RpMaskListModel *self)
{
  for (guint i = self->read_from; i < self->flags->len; i++)
    if (self->flags->data[i] == NOT_READ)
      self->flags->data[i] = read_flags (self, i);

  self->read_from = self->flags->len;
  g_clear_handle_id (&self->read_source, g_source_remove);
}

static gboolean
read_some_cb (gpointer user_data)
{
  RpMaskListModel *self = user_data;
  gint64 deadline = g_get_monotonic_time () + SLICE_USEC;

  while (self->read_from < self->flags->len)
    {
      guint i = self->read_from++;

      if (self->flags->data[i] == NOT_READ)
        {
          self->flags->data[i] = read_flags (self, i);
          if (g_get_monotonic_time () >= deadline)
            return G_SOURCE_CONTINUE;
        }
    }

  self->read_source = 0;
  return G_SOURCE_REMOVE;
}

/* Rows from @position on wait to be read. */
static void
read_later (RpMaskListModel *self,
            guint            position)
{
  self->read_from = MIN (self->read_from, position);
  if (self->read_source == 0 && self->read_from < self->flags->len)
    {
      self->read_source = g_idle_add_full (G_PRIORITY_LOW, read_some_cb, self, NULL);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->read_source),
                                "[rp-mask-list-model] read");
    }
}

static gboolean
matches (RpMaskListModel *self,
         guint            position)
{
  return (self->flags->data[position] & self->mask) == self->mask;
}

/* The rows shown for the mask, or NULL for all of them. */
static GArray *
pick_rows (RpMaskListModel *self)
{
  GArray *rows;

  if (self->mask == 0)
    return NULL;

  rows = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < self->flags->len; i++)
    if (matches (self, i))
      g_array_append_val (rows, i);

  return rows;
}

/* Everything shown may have changed: one change for the whole list (a view keeps the
 * widgets of rows whose object comes back). */
static void
repick (RpMaskListModel *self)
{
  guint removed = n_shown (self);
  guint added;

  g_clear_pointer (&self->rows, g_array_unref);
  self->rows = pick_rows (self);
  added = n_shown (self);

  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, added);
}

/* The first index of rows whose row is at or after @position. */
static guint
find_row (GArray *rows,
          guint   position)
{
  guint low = 0;
  guint high = rows->len;

  while (low < high)
    {
      guint mid = low + (high - low) / 2;

      if (g_array_index (rows, guint, mid) < position)
        low = mid + 1;
      else
        high = mid;
    }

  return low;
}

static void
items_changed_cb (RpMaskListModel *self,
                  guint            position,
                  guint            removed,
                  guint            added,
                  GListModel      *model)
{
  guint first;
  guint n_removed;
  guint n_added = 0;

  g_assert (position + removed <= self->flags->len);

  /* The flags of the rows that came, read once. */
  g_byte_array_remove_range (self->flags, position, removed);
  if (added > 0)
    {
      guint len = self->flags->len;

      g_byte_array_set_size (self->flags, len + added);
      memmove (self->flags->data + position + added, self->flags->data + position, len - position);
      /* Shown or not depends on them under a mask; otherwise they can wait. */
      for (guint i = position; i < position + added; i++)
        self->flags->data[i] = self->mask != 0 ? read_flags (self, i) : NOT_READ;
    }
  if (self->mask == 0)
    read_later (self, position);
  else
    self->read_from = MIN (self->read_from, self->flags->len);

  if (self->rows == NULL)
    {
      if (removed > 0 || added > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
      return;
    }

  first = find_row (self->rows, position);
  n_removed = find_row (self->rows, position + removed) - first;
  g_array_remove_range (self->rows, first, n_removed);
  for (guint i = first; i < self->rows->len; i++)
    g_array_index (self->rows, guint, i) += added - removed;
  for (guint i = position; i < position + added; i++)
    if (matches (self, i))
      {
        g_array_insert_val (self->rows, first + n_added, i);
        n_added++;
      }

  if (n_removed > 0 || n_added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), first, n_removed, n_added);
}

static void
rp_mask_list_model_dispose (GObject *object)
{
  RpMaskListModel *self = (RpMaskListModel *)object;

  g_clear_handle_id (&self->read_source, g_source_remove);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, items_changed_cb, self);
  g_clear_object (&self->model);
  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_pointer (&self->flags, g_byte_array_unref);

  G_OBJECT_CLASS (rp_mask_list_model_parent_class)->dispose (object);
}

static void
rp_mask_list_model_class_init (RpMaskListModelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rp_mask_list_model_dispose;
}

static void
rp_mask_list_model_init (RpMaskListModel *self)
{
  self->flags = g_byte_array_new ();
}

/**
 * rp_mask_list_model_new:
 * @func: reads the flags of a row (called once per row as it comes)
 */
RpMaskListModel *
rp_mask_list_model_new (RpMaskFunc func,
                        gpointer   user_data)
{
  RpMaskListModel *self;

  g_return_val_if_fail (func != NULL, NULL);

  self = g_object_new (RP_TYPE_MASK_LIST_MODEL, NULL);
  self->func = func;
  self->user_data = user_data;

  return self;
}

/**
 * rp_mask_list_model_get_model:
 *
 * Returns: (transfer none) (nullable): the model whose rows are shown
 */
GListModel *
rp_mask_list_model_get_model (RpMaskListModel *self)
{
  g_return_val_if_fail (RP_IS_MASK_LIST_MODEL (self), NULL);

  return self->model;
}

void
rp_mask_list_model_set_model (RpMaskListModel *self,
                              GListModel      *model)
{
  guint removed;
  guint n;

  g_return_if_fail (RP_IS_MASK_LIST_MODEL (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;

  removed = n_shown (self);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, items_changed_cb, self);
  g_set_object (&self->model, model);

  n = model != NULL ? g_list_model_get_n_items (model) : 0;
  g_byte_array_set_size (self->flags, n);
  memset (self->flags->data, NOT_READ, n);
  self->read_from = 0;
  g_clear_handle_id (&self->read_source, g_source_remove);
  if (self->mask != 0)
    read_all (self);
  else
    read_later (self, 0);
  g_clear_pointer (&self->rows, g_array_unref);
  self->rows = pick_rows (self);

  if (model != NULL)
    g_signal_connect_swapped (model, "items-changed", G_CALLBACK (items_changed_cb), self);

  if (removed > 0 || n_shown (self) > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, n_shown (self));
}

guint
rp_mask_list_model_get_mask (RpMaskListModel *self)
{
  g_return_val_if_fail (RP_IS_MASK_LIST_MODEL (self), 0);

  return self->mask;
}

/**
 * rp_mask_list_model_set_mask:
 * @mask: the flags a row must have to be shown; 0 shows every row
 */
void
rp_mask_list_model_set_mask (RpMaskListModel *self,
                             guint            mask)
{
  g_return_if_fail (RP_IS_MASK_LIST_MODEL (self));
  g_return_if_fail (mask < NOT_READ);

  if (self->mask == mask)
    return;

  self->mask = mask;
  if (mask != 0)
    read_all (self);
  repick (self);
}

/**
 * rp_mask_list_model_update:
 *
 * Reads the flags of every row again, when what they depend on beside the row changed.
 */
void
rp_mask_list_model_update (RpMaskListModel *self)
{
  g_return_if_fail (RP_IS_MASK_LIST_MODEL (self));

  memset (self->flags->data, NOT_READ, self->flags->len);
  self->read_from = 0;
  g_clear_handle_id (&self->read_source, g_source_remove);

  if (self->mask != 0)
    {
      read_all (self);
      repick (self);
    }
  else
    read_later (self, 0);
}

/**
 * rp_mask_list_model_get_model_row:
 * @position: a row of this list
 *
 * Returns: its row in the model, or %G_MAXUINT past the end
 */
guint
rp_mask_list_model_get_model_row (RpMaskListModel *self,
                                  guint            position)
{
  g_return_val_if_fail (RP_IS_MASK_LIST_MODEL (self), G_MAXUINT);

  if (position >= n_shown (self))
    return G_MAXUINT;

  return self->rows != NULL ? g_array_index (self->rows, guint, position) : position;
}

/**
 * rp_mask_list_model_find_model_row:
 * @row: a row of the model
 *
 * Where a row of the model is in this list, without reading any row.
 *
 * Returns: its position, or %G_MAXUINT if the mask leaves it out
 */
guint
rp_mask_list_model_find_model_row (RpMaskListModel *self,
                                   guint            row)
{
  guint position;

  g_return_val_if_fail (RP_IS_MASK_LIST_MODEL (self), G_MAXUINT);

  if (row >= self->flags->len)
    return G_MAXUINT;
  if (self->rows == NULL)
    return row;

  position = find_row (self->rows, row);
  if (position < self->rows->len && g_array_index (self->rows, guint, position) == row)
    return position;

  return G_MAXUINT;
}
