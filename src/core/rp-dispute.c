/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-dispute"

#include "config.h"

#include "rp-dispute.h"

G_DEFINE_FINAL_TYPE (RpDispute, rp_dispute, G_TYPE_OBJECT)

RpSolution *
rp_solution_new (void)
{
  return g_new0 (RpSolution, 1);
}

void
rp_solution_free (RpSolution *solution)
{
  if (solution == NULL)
    return;

  g_free (solution->solution_id);
  g_free (solution->solution_type);
  g_free (solution->owner);
  g_free (solution->status);
  g_free (solution->content);
  g_free (solution);
}

RpDisputeEvent *
rp_dispute_event_new (void)
{
  return g_new0 (RpDisputeEvent, 1);
}

void
rp_dispute_event_free (RpDisputeEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->action_type);
  g_free (event->actor);
  g_free (event->content);
  g_strfreev (event->attachments);
  g_free (event);
}

static void
rp_dispute_finalize (GObject *object)
{
  RpDispute *self = (RpDispute *)object;

  g_free (self->issue_id);
  g_free (self->order_id);
  g_free (self->parent_order_id);
  g_free (self->buyer_login_id);
  g_free (self->raw_status);
  g_free (self->reason);
  g_free (self->reason_id);
  g_free (self->detail_status);
  g_free (self->timeout_type);
  g_free (self->product_name);
  g_clear_pointer (&self->buyer_solutions, g_ptr_array_unref);
  g_clear_pointer (&self->seller_solutions, g_ptr_array_unref);
  g_clear_pointer (&self->platform_solutions, g_ptr_array_unref);
  g_clear_pointer (&self->history, g_ptr_array_unref);

  G_OBJECT_CLASS (rp_dispute_parent_class)->finalize (object);
}

static void
rp_dispute_class_init (RpDisputeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_dispute_finalize;
}

static void
rp_dispute_init (RpDispute *self)
{
  self->buyer_solutions = g_ptr_array_new_with_free_func ((GDestroyNotify)rp_solution_free);
  self->seller_solutions = g_ptr_array_new_with_free_func ((GDestroyNotify)rp_solution_free);
  self->platform_solutions = g_ptr_array_new_with_free_func ((GDestroyNotify)rp_solution_free);
  self->history = g_ptr_array_new_with_free_func ((GDestroyNotify)rp_dispute_event_free);
}

RpDispute *
rp_dispute_new (void)
{
  return g_object_new (RP_TYPE_DISPUTE, NULL);
}
