/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-slot-list-model"

#include "config.h"

#include <string.h>

#include "rp-slot-list-model.h"

/* A list of RpListSlot over another list, row for row.
 *
 * GTK 4.8's list and column views keep a row's widgets across an items-changed only when
 * the same object comes back at that row; any other object gets new widgets, set up from
 * nothing, and the old ones are torn down.  A column view keeps some 200 rows of widgets
 * (with one cell per column), so a search that swaps a new first page in rebuilt over a
 * thousand widgets per keystroke.  Here the rows that an items-changed replaces keep their
 * slot objects with the new items in them: the view binds the widgets it has again (cheap)
 * instead of making new ones.  Those rows are announced as changed in place, and only
 * where someone holds the slot (a view's row, a selection) and its item is another (see
 * announce_in_place()); the rows that come or go are one change after them.
 *
 * Slots are made when a row is first asked for (a view asks for the rows it shows), so
 * 100,000 rows cost one pointer each until they are seen; a slot no one else holds any
 * more (its row left the view) is let go, with its item, every PRUNE_EVERY new slots, so
 * that scrolling through a long list does not keep an object per row seen.
 *
 * With a pace, new rows near the top of the list are shown a few at a time, one step per
 * PACE_INTERVAL_MS: a view makes the widgets of some 200 rows at once when they come, a
 * block of the main loop of a tenth of a second with rows of several widgets.  Rows the
 * view already has widgets for (the slots a change keeps) and rows past PACE_WINDOW (where
 * a view at the top makes no widgets) are shown at once.
 *
 * From the end, the list is the last rows of the model instead (a conversation, newest
 * at the bottom): it starts with the newest rows and older ones are added above them at
 * the pace; rows added below slide it down to the newest. */

#define PACE_WINDOW      256
#define PACE_INTERVAL_MS 12
#define PRUNE_EVERY      512

struct _RpSlotListModel
{
  GObject     parent_instance;

  GListModel *model;
  GPtrArray  *slots;   /* one per row of model: an RpListSlot, or NULL until asked for */
  guint       shown;   /* the rows this list has: the first of model (the last from the end) */
  guint       pace;    /* new rows near the top shown per step; 0 shows them at once */
  guint       pace_source;
  gboolean    from_end;   /* the last rows of model, not the first */
  gboolean    frozen;     /* the rows stay as they are; model's changes are caught up later */
  guint       n_made;     /* slots made since the last pruning */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RpSlotListModel, rp_slot_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* Rows never asked for have no slot. */
static void
slot_free (gpointer slot)
{
  if (slot != NULL)
    g_object_unref (slot);
}

static GType
rp_slot_list_model_get_item_type (GListModel *model)
{
  return RP_TYPE_LIST_SLOT;
}

static guint
rp_slot_list_model_get_n_items (GListModel *model)
{
  return RP_SLOT_LIST_MODEL (model)->shown;
}

/* Where the rows of this list start in the model. */
static guint
first_row (RpSlotListModel *self)
{
  return self->from_end ? self->slots->len - self->shown : 0;
}

/* A slot held by this list alone: no view shows its row, no selection holds it. */
static gboolean
held_here_only (RpListSlot *slot)
{
  return g_atomic_int_get (&G_OBJECT (slot)->ref_count) == 1;
}

/* Lets go of the slots held by this list alone. */
static void
prune (RpSlotListModel *self)
{
  for (guint i = 0; i < self->slots->len; i++)
    {
      RpListSlot *slot = g_ptr_array_index (self->slots, i);

      if (slot != NULL && held_here_only (slot))
        {
          g_ptr_array_index (self->slots, i) = NULL;
          g_object_unref (slot);
        }
    }
}

static gpointer
rp_slot_list_model_get_item (GListModel *model,
                             guint       position)
{
  RpSlotListModel *self = RP_SLOT_LIST_MODEL (model);
  gpointer item;

  if (position >= self->shown)
    return NULL;

  position += first_row (self);

  if (g_ptr_array_index (self->slots, position) == NULL)
    {
      /* Frozen, the model's rows are no longer these. */
      if (self->frozen)
        return NULL;
      item = g_list_model_get_item (self->model, position);
      if (item == NULL)
        return NULL;
      if (++self->n_made >= PRUNE_EVERY)
        {
          self->n_made = 0;
          prune (self);
        }
      g_ptr_array_index (self->slots, position) = rp_list_slot_new (item);
    }

  return g_object_ref (g_ptr_array_index (self->slots, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = rp_slot_list_model_get_item_type;
  iface->get_n_items = rp_slot_list_model_get_n_items;
  iface->get_item = rp_slot_list_model_get_item;
}

/* How many rows may be shown now, when the first @base are shown. */
static guint
reach (RpSlotListModel *self,
       guint            base)
{
  guint len = self->slots->len;

  if (self->pace == 0 || base + self->pace >= PACE_WINDOW)
    return len;

  return MIN (len, base + self->pace);
}

static void
show_rows (RpSlotListModel *self,
           guint            n)
{
  guint shown = self->shown;

  n = MIN (n, self->slots->len);
  if (n <= shown || self->frozen)
    return;

  self->shown = n;
  /* From the end, older rows come above the ones shown. */
  g_list_model_items_changed (G_LIST_MODEL (self), self->from_end ? 0 : shown, 0, n - shown);
}

static gboolean
pace_cb (gpointer user_data)
{
  RpSlotListModel *self = user_data;

  show_rows (self, reach (self, self->shown));
  if (self->shown < self->slots->len)
    return G_SOURCE_CONTINUE;

  self->pace_source = 0;
  return G_SOURCE_REMOVE;
}

static void
schedule_pace (RpSlotListModel *self)
{
  if (self->shown >= self->slots->len || self->pace_source != 0)
    return;

  /* Below the idle work of loading the list's later pages: the rows on screen are there
   * already, and the pages make the list whole sooner. */
  self->pace_source = g_timeout_add_full (G_PRIORITY_LOW, PACE_INTERVAL_MS, pace_cb, self, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->pace_source),
                            "[rp-slot-list-model] pace");
}

/* The slot of @position, a row the change keeps, takes the model's new item.  Returns
 * whether someone holding the slot must be told: a slot no one else holds is let go
 * instead (it is made again, with the new item, when asked for), and one whose item is
 * the same as before shows the same. */
static gboolean
keep_slot (RpSlotListModel *self,
           guint            position)
{
  RpListSlot *slot = g_ptr_array_index (self->slots, position);
  gpointer item;

  if (slot == NULL)
    return FALSE;

  if (held_here_only (slot))
    {
      g_ptr_array_index (self->slots, position) = NULL;
      g_object_unref (slot);
      return FALSE;
    }

  item = g_list_model_get_item (self->model, position);
  if (item == rp_list_slot_get_item (slot))
    {
      g_object_unref (item);
      return FALSE;
    }

  rp_list_slot_set_item (slot, item);
  return TRUE;
}

/* Announces @rows (positions in this list, ascending) as changed in place, a run of
 * neighbours at a time, up to @end.
 *
 * GTK 4.8's list item manager, when a change removes the row of one of its trackers (the
 * row at the top of the view is one), asks for every item the change adds to find that
 * row again: one change over 40,000 rows made 40,000 slots, and their items, for a view
 * that has widgets for 200 of them.  Announced in place and only where someone holds
 * the slot, a change asks for those rows alone, and a row whose item is the same is not
 * bound again. */
static void
announce_in_place (RpSlotListModel *self,
                   GArray          *rows,
                   guint            end)
{
  for (guint i = 0; i < rows->len;)
    {
      guint start = g_array_index (rows, guint, i);
      guint n = 1;

      if (start >= end)
        break;
      while (i + n < rows->len && start + n < end &&
             g_array_index (rows, guint, i + n) == start + n)
        n++;
      g_list_model_items_changed (G_LIST_MODEL (self), start, n, n);
      i += n;
    }
}

/* @start: where the shown rows started in the model before the change. */
static void
changed_from_end (RpSlotListModel *self,
                  guint            start,
                  guint            position,
                  guint            removed,
                  guint            added)
{
  guint shown = self->shown;
  guint len = self->slots->len;
  guint next;

  if (shown > 0 && position + removed <= start)
    {
      /* Only rows above the shown ones changed (the pace shows them). */
      return;
    }

  if (position >= start && shown - removed + added <= reach (self, shown))
    {
      /* Within the shown rows, and no more of them than the pace allows: as it came. */
      self->shown = shown - removed + added;
      g_list_model_items_changed (G_LIST_MODEL (self), position - start, removed, added);
      return;
    }

  /* Many new rows below, or the top of the shown rows gone: the list slides down to the
   * newest rows, about as many as were shown, and the pace adds older ones above.  The
   * slots of rows still shown keep their widgets. */
  next = self->pace == 0 ? len : MIN (len, MAX (reach (self, 0), MIN (shown, 4 * self->pace)));
  self->shown = next;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, shown, next);
}

static void
items_changed_cb (RpSlotListModel *self,
                  guint            position,
                  guint            removed,
                  guint            added,
                  GListModel      *model)
{
  guint kept = MIN (removed, added);
  guint shown = self->shown;
  guint start = first_row (self);
  g_autoptr(GArray) changed = NULL;
  guint len;

  g_assert (position + removed <= self->slots->len);

  /* The first rows of the change (the last ones from the end, which are those shown) keep
   * their slots, with the new items in them. */
  if (removed > kept)
    g_ptr_array_remove_range (self->slots, self->from_end ? position : position + kept,
                              removed - kept);

  if (added > kept)
    {
      guint at = self->from_end ? position : position + kept;
      guint n = added - kept;

      len = self->slots->len;
      g_ptr_array_set_size (self->slots, len + n);
      memmove (self->slots->pdata + at + n, self->slots->pdata + at,
               (len - at) * sizeof (gpointer));
      memset (self->slots->pdata + at, 0, n * sizeof (gpointer));
    }

  if (self->from_end)
    {
      for (guint i = position + added - kept; i < position + added; i++)
        keep_slot (self, i);
      changed_from_end (self, start, position, removed, added);
      schedule_pace (self);
      return;
    }

  /* The kept slots whose holders must be told, shown or not (a row past those shown has
   * no holder). */
  changed = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = position; i < position + kept; i++)
    if (keep_slot (self, i))
      g_array_append_val (changed, i);

  if (position >= shown)
    {
      /* Only rows not shown yet changed. */
      show_rows (self, reach (self, shown));
    }
  else
    {
      guint view_removed;
      guint view_added;
      guint same;

      if (position + removed < shown)
        {
          /* Shown rows follow the change: it is shown whole. */
          view_removed = removed;
          view_added = added;
        }
      else
        {
          /* The change reaches past the shown rows: the slots it keeps are shown, and new
           * rows at the pace. */
          guint k;

          view_removed = shown - position;
          k = MIN (view_removed, added);
          view_added = MAX (position + k, reach (self, position + k)) - position;
        }

      /* The rows whose slots stay are changed in place; the others come and go after
       * them. */
      same = MIN (kept, MIN (view_removed, view_added));
      self->shown = shown - view_removed + view_added;
      if (view_removed > same || view_added > same)
        g_list_model_items_changed (G_LIST_MODEL (self), position + same,
                                    view_removed - same, view_added - same);
      announce_in_place (self, changed, position + same);
    }

  schedule_pace (self);
}

static void
rp_slot_list_model_dispose (GObject *object)
{
  RpSlotListModel *self = (RpSlotListModel *)object;

  g_clear_handle_id (&self->pace_source, g_source_remove);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, items_changed_cb, self);
  g_clear_object (&self->model);
  g_clear_pointer (&self->slots, g_ptr_array_unref);

  G_OBJECT_CLASS (rp_slot_list_model_parent_class)->dispose (object);
}

static void
rp_slot_list_model_class_init (RpSlotListModelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rp_slot_list_model_dispose;
}

static void
rp_slot_list_model_init (RpSlotListModel *self)
{
  self->slots = g_ptr_array_new_with_free_func (slot_free);
}

/**
 * rp_slot_list_model_new:
 * @model: (transfer none): the list whose rows the slots hold
 */
RpSlotListModel *
rp_slot_list_model_new (GListModel *model)
{
  RpSlotListModel *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  self = g_object_new (RP_TYPE_SLOT_LIST_MODEL, NULL);
  self->model = g_object_ref (model);
  g_ptr_array_set_size (self->slots, g_list_model_get_n_items (model));
  self->shown = self->slots->len;
  g_signal_connect_swapped (model, "items-changed", G_CALLBACK (items_changed_cb), self);

  return self;
}

/**
 * rp_slot_list_model_get_model:
 *
 * Returns: (transfer none): the list whose rows the slots hold
 */
GListModel *
rp_slot_list_model_get_model (RpSlotListModel *self)
{
  g_return_val_if_fail (RP_IS_SLOT_LIST_MODEL (self), NULL);

  return self->model;
}

/**
 * rp_slot_list_model_set_pace:
 * @rows: new rows near the top shown at a time, or 0 to show them at once
 *
 * Keeps a view from making the widgets of a whole screen and more in one go.
 */
void
rp_slot_list_model_set_pace (RpSlotListModel *self,
                             guint            rows)
{
  g_return_if_fail (RP_IS_SLOT_LIST_MODEL (self));

  self->pace = rows;
  if (rows == 0)
    {
      g_clear_handle_id (&self->pace_source, g_source_remove);
      show_rows (self, self->slots->len);
    }
}

/**
 * rp_slot_list_model_show:
 * @n_rows: rows of the model wanted in this list
 *
 * Shows at least the first @n_rows of the model at once (or all of them, if fewer): a row
 * about to be selected or scrolled to must be in the list.
 */
void
rp_slot_list_model_show (RpSlotListModel *self,
                         guint            n_rows)
{
  g_return_if_fail (RP_IS_SLOT_LIST_MODEL (self));

  show_rows (self, n_rows);
}

/**
 * rp_slot_list_model_set_from_end:
 *
 * Makes the list the last rows of the model (call it before rows come): see above.
 */
void
rp_slot_list_model_set_from_end (RpSlotListModel *self,
                                 gboolean         from_end)
{
  g_return_if_fail (RP_IS_SLOT_LIST_MODEL (self));
  g_return_if_fail (self->shown == self->slots->len);

  self->from_end = from_end;
}

/**
 * rp_slot_list_model_show_row:
 * @row: a row of the model
 *
 * Shows @row (and the rows between it and those shown) at once.
 *
 * Returns: the position of @row in this list
 */
guint
rp_slot_list_model_show_row (RpSlotListModel *self,
                             guint            row)
{
  g_return_val_if_fail (RP_IS_SLOT_LIST_MODEL (self), 0);
  g_return_val_if_fail (row < self->slots->len, 0);

  if (!self->from_end)
    {
      show_rows (self, row + 1);
      return row;
    }

  show_rows (self, self->slots->len - row);
  return row - first_row (self);
}

/**
 * rp_slot_list_model_rebind:
 *
 * Announces every row shown that someone holds (a view's rows) as changed in place: a
 * view binds its widgets again, to show something that is not in the items (another time
 * zone, say).
 */
void
rp_slot_list_model_rebind (RpSlotListModel *self)
{
  g_autoptr(GArray) rows = NULL;
  guint start;

  g_return_if_fail (RP_IS_SLOT_LIST_MODEL (self));

  /* Only the rows someone holds: a view has widgets for no other. */
  rows = g_array_new (FALSE, FALSE, sizeof (guint));
  start = first_row (self);
  for (guint i = 0; i < self->shown; i++)
    {
      RpListSlot *slot = g_ptr_array_index (self->slots, start + i);

      if (slot != NULL && !held_here_only (slot))
        g_array_append_val (rows, i);
    }

  announce_in_place (self, rows, self->shown);
}

/**
 * rp_slot_list_model_set_frozen:
 *
 * While frozen, the list keeps its rows as they are and ignores the model's changes; once
 * thawed, it catches up with one change over every row (the rows still there keep their
 * slots).  A view hidden while its list is empty keeps its row widgets so.
 */
void
rp_slot_list_model_set_frozen (RpSlotListModel *self,
                               gboolean         frozen)
{
  g_return_if_fail (RP_IS_SLOT_LIST_MODEL (self));

  frozen = !!frozen;
  if (self->frozen == frozen)
    return;

  self->frozen = frozen;
  if (frozen)
    {
      g_clear_handle_id (&self->pace_source, g_source_remove);
      g_signal_handlers_block_by_func (self->model, items_changed_cb, self);
      return;
    }

  g_signal_handlers_unblock_by_func (self->model, items_changed_cb, self);
  items_changed_cb (self, 0, self->slots->len, g_list_model_get_n_items (self->model), self->model);
}

gboolean
rp_slot_list_model_get_frozen (RpSlotListModel *self)
{
  g_return_val_if_fail (RP_IS_SLOT_LIST_MODEL (self), FALSE);

  return self->frozen;
}
