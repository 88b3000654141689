/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-outbox-item"

#include "config.h"

#include "rp-outbox-item.h"

G_DEFINE_FINAL_TYPE (RpOutboxItem, rp_outbox_item, G_TYPE_OBJECT)

static const char * const kind_names[] = {
  [RP_OUTBOX_KIND_MESSAGE] = "message",
  [RP_OUTBOX_KIND_CONFIRMATION] = "confirmation",
  [RP_OUTBOX_KIND_FULFILL] = "fulfill",
  [RP_OUTBOX_KIND_SOLUTION_SAVE] = "solution-save",
  [RP_OUTBOX_KIND_SOLUTION_AGREE] = "solution-agree",
  [RP_OUTBOX_KIND_MARK_READ] = "mark-read",
  [RP_OUTBOX_KIND_MARK_PROCESSED] = "mark-processed",
  [RP_OUTBOX_KIND_SET_RANK] = "set-rank",
  [RP_OUTBOX_KIND_EXTEND_ACCEPT] = "extend-accept",
};

static const char * const state_names[] = {
  [RP_OUTBOX_QUEUED] = "queued",
  [RP_OUTBOX_SENDING] = "sending",
  [RP_OUTBOX_SENT] = "sent",
  [RP_OUTBOX_FAILED_RETRYABLE] = "failed-retryable",
  [RP_OUTBOX_FAILED_PERMANENT] = "failed-permanent",
  [RP_OUTBOX_SCHEDULED] = "scheduled",
};

static void
rp_outbox_item_finalize (GObject *object)
{
  RpOutboxItem *self = (RpOutboxItem *)object;

  g_free (self->target_id);
  g_free (self->payload);
  g_free (self->last_error);
  g_free (self->remote_id);

  G_OBJECT_CLASS (rp_outbox_item_parent_class)->finalize (object);
}

static void
rp_outbox_item_class_init (RpOutboxItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_outbox_item_finalize;
}

static void
rp_outbox_item_init (RpOutboxItem *self)
{
}

RpOutboxItem *
rp_outbox_item_new (RpOutboxKind  kind,
                    gint64        account_id,
                    const char   *target_id,
                    const char   *payload)
{
  RpOutboxItem *self = g_object_new (RP_TYPE_OUTBOX_ITEM, NULL);

  self->kind = kind;
  self->account_id = account_id;
  self->target_id = g_strdup (target_id);
  self->payload = g_strdup (payload);
  self->state = RP_OUTBOX_QUEUED;

  return self;
}

const char *
rp_outbox_kind_to_string (RpOutboxKind kind)
{
  if ((guint)kind < G_N_ELEMENTS (kind_names))
    return kind_names[kind];

  return NULL;
}

gboolean
rp_outbox_kind_from_string (const char   *text,
                            RpOutboxKind *out_kind)
{
  g_return_val_if_fail (out_kind != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_str_equal (text, kind_names[i]))
      {
        *out_kind = i;
        return TRUE;
      }

  return FALSE;
}

const char *
rp_outbox_state_to_string (RpOutboxState state)
{
  if ((guint)state < G_N_ELEMENTS (state_names))
    return state_names[state];

  return NULL;
}

gboolean
rp_outbox_state_from_string (const char    *text,
                             RpOutboxState *out_state)
{
  g_return_val_if_fail (out_state != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_str_equal (text, state_names[i]))
      {
        *out_state = i;
        return TRUE;
      }

  return FALSE;
}

/* Pending = not yet delivered and still to be tried: the states that hold back later
 * items of the same target.  A permanent failure waits for the seller, not for the engine. */
gboolean
rp_outbox_state_is_pending (RpOutboxState state)
{
  return state == RP_OUTBOX_QUEUED ||
         state == RP_OUTBOX_SENDING ||
         state == RP_OUTBOX_FAILED_RETRYABLE ||
         state == RP_OUTBOX_SCHEDULED;
}
