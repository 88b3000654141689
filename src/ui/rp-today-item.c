/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-today-item"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rp-buyer-zone.h"
#include "rp-today-item.h"

/* One entry of the Today list: a task from the rules plus what the list shows beside it
 * (the account it belongs to and the buyer's zone).  Immutable once made, so a list
 * built on another thread can be handed to the views as it is. */
struct _RpTodayItem
{
  GObject     parent_instance;

  RpTask     *task;           /* &own_task in a copy */
  RpTask      own_task;       /* a copy's task, its strings in one block (strings) */
  char       *strings;
  gint64      account_id;
  const char *buyer_country;  /* interned: a few hundred countries, tens of thousands of items */
  GTimeZone  *buyer_zone;
  char       *store_name;
};

G_DEFINE_FINAL_TYPE (RpTodayItem, rp_today_item, G_TYPE_OBJECT)

static void
rp_today_item_finalize (GObject *object)
{
  RpTodayItem *self = (RpTodayItem *)object;

  if (self->task != &self->own_task)
    g_clear_pointer (&self->task, rp_task_free);
  g_clear_pointer (&self->strings, g_free);
  g_clear_pointer (&self->buyer_zone, g_time_zone_unref);
  g_clear_pointer (&self->store_name, g_free);

  G_OBJECT_CLASS (rp_today_item_parent_class)->finalize (object);
}

static void
rp_today_item_class_init (RpTodayItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rp_today_item_finalize;
}

static void
rp_today_item_init (RpTodayItem *self)
{
}

/**
 * rp_today_item_new:
 * @task: (transfer full): the task from the rules
 * @buyer_country: (nullable): ISO 3166-1 alpha-2
 * @buyer_zone: (nullable): the buyer's zone; %NULL when unknown
 *
 * Returns: (transfer full): a new item
 */
RpTodayItem *
rp_today_item_new (RpTask     *task,
                   gint64      account_id,
                   const char *buyer_country,
                   GTimeZone  *buyer_zone)
{
  RpTodayItem *self;

  g_return_val_if_fail (task != NULL, NULL);

  self = g_object_new (RP_TYPE_TODAY_ITEM, NULL);
  self->task = task;
  self->account_id = account_id;
  if (buyer_country != NULL && *buyer_country != '\0')
    self->buyer_country = g_intern_string (buyer_country);
  self->buyer_zone = buyer_zone != NULL ? g_time_zone_ref (buyer_zone) : NULL;

  return self;
}

/* Appends @string and its NUL to @block; returns its offset, or -1 for %NULL. */
static gssize
add_string (GString    *block,
            const char *string)
{
  gssize offset = (gssize)block->len;

  if (string == NULL)
    return -1;

  g_string_append_len (block, string, (gssize)strlen (string) + 1);
  return offset;
}

/**
 * rp_today_item_copy:
 *
 * A copy whose memory comes from the calling thread (see rp-today-page.c), its task's
 * strings in one block: tens of thousands of items are kept while Today is open.
 *
 * Returns: (transfer full): a new item
 */
RpTodayItem *
rp_today_item_copy (RpTodayItem *self)
{
  RpTodayItem *copy;
  GString *block;
  gssize entity_id, title, why;
  gsize length;

  g_return_val_if_fail (RP_IS_TODAY_ITEM (self), NULL);

  copy = g_object_new (RP_TYPE_TODAY_ITEM, NULL);
  copy->account_id = self->account_id;
  copy->buyer_country = self->buyer_country;
  copy->buyer_zone = self->buyer_zone != NULL ? g_time_zone_ref (self->buyer_zone) : NULL;
  copy->store_name = g_strdup (self->store_name);

  block = g_string_sized_new (256);
  entity_id = add_string (block, self->task->entity_id);
  title = add_string (block, self->task->title);
  why = add_string (block, self->task->why);
  length = block->len;
  /* No spare room: the block is kept as long as the item. */
  copy->strings = g_realloc (g_string_free (block, FALSE), MAX (length, 1));

  copy->own_task = *self->task;
  copy->own_task.entity_id = entity_id >= 0 ? copy->strings + entity_id : NULL;
  copy->own_task.title = title >= 0 ? copy->strings + title : NULL;
  copy->own_task.why = why >= 0 ? copy->strings + why : NULL;
  copy->task = &copy->own_task;

  return copy;
}

const RpTask *
rp_today_item_get_task (RpTodayItem *self)
{
  g_return_val_if_fail (RP_IS_TODAY_ITEM (self), NULL);

  return self->task;
}

RpTaskKind
rp_today_item_get_kind (RpTodayItem *self)
{
  g_return_val_if_fail (RP_IS_TODAY_ITEM (self), RP_TASK_CONFIRM_ORDER);

  return self->task->kind;
}

gint64
rp_today_item_get_account_id (RpTodayItem *self)
{
  g_return_val_if_fail (RP_IS_TODAY_ITEM (self), 0);

  return self->account_id;
}

const char *
rp_today_item_get_buyer_country (RpTodayItem *self)
{
  g_return_val_if_fail (RP_IS_TODAY_ITEM (self), NULL);

  return self->buyer_country;
}

/**
 * rp_today_item_get_buyer_zone:
 *
 * Returns: (transfer none) (nullable): the buyer's zone
 */
GTimeZone *
rp_today_item_get_buyer_zone (RpTodayItem *self)
{
  g_return_val_if_fail (RP_IS_TODAY_ITEM (self), NULL);

  return self->buyer_zone;
}

/**
 * rp_today_kind_get_page:
 *
 * Returns: the name of the window page where a task of @kind is done
 */
const char *
rp_today_kind_get_page (RpTaskKind kind)
{
  switch (kind)
    {
    case RP_TASK_CONFIRM_ORDER:
    case RP_TASK_REVIEW_REPLY:
    case RP_TASK_READY_TO_SHIP:
      return "orders";
    case RP_TASK_DISPUTE_DEADLINE:
      return "disputes";
    case RP_TASK_PARCEL_PROBLEM:
      return "shipments";
    case RP_TASK_BUYER_ONLINE:
    case RP_TASK_UNANSWERED_MESSAGE:
    default:
      return "inbox";
    }
}

const char *
rp_today_item_get_page (RpTodayItem *self)
{
  g_return_val_if_fail (RP_IS_TODAY_ITEM (self), NULL);

  return rp_today_kind_get_page (self->task->kind);
}

/**
 * rp_today_item_get_store_name:
 *
 * Returns: (nullable): the store the task belongs to, set only when there are several
 */
const char *
rp_today_item_get_store_name (RpTodayItem *self)
{
  g_return_val_if_fail (RP_IS_TODAY_ITEM (self), NULL);

  return self->store_name;
}

/**
 * rp_today_item_set_store_name:
 *
 * Only while the item is being built, before it is shown.
 */
void
rp_today_item_set_store_name (RpTodayItem *self,
                              const char  *store_name)
{
  g_return_if_fail (RP_IS_TODAY_ITEM (self));

  g_free (self->store_name);
  self->store_name = g_strdup (store_name);
}

/**
 * rp_today_item_format_buyer_time:
 * @now: UTC µs
 *
 * Returns: (transfer full) (nullable): "Buyer's time 03:12 (UTC+8)", or %NULL when the
 *   buyer's zone is unknown
 */
char *
rp_today_item_format_buyer_time (RpTodayItem *self,
                                 gint64       now)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *clock = NULL;
  g_autofree char *offset = NULL;

  g_return_val_if_fail (RP_IS_TODAY_ITEM (self), NULL);

  if (self->buyer_zone == NULL)
    return NULL;

  utc = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  if (utc == NULL)
    return NULL;

  local = g_date_time_to_timezone (utc, self->buyer_zone);
  clock = g_date_time_format (local, "%H:%M");
  offset = rp_buyer_zone_format_offset (self->buyer_zone, now);

  /* Translators: the buyer's local clock time, then its UTC offset,
   * e.g. "Buyer's time 03:12 (UTC+8)". */
  return g_strdup_printf (_("Buyer’s time %s (%s)"), clock, offset);
}
