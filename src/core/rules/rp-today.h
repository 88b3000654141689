/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rp-dispute.h"
#include "rp-enums.h"
#include "rp-order.h"
#include "rp-tracking.h"

G_BEGIN_DECLS

typedef enum
{
  RP_TASK_CONFIRM_ORDER,
  RP_TASK_REVIEW_REPLY,
  RP_TASK_READY_TO_SHIP,
  RP_TASK_DISPUTE_DEADLINE,
  RP_TASK_PARCEL_PROBLEM,
  RP_TASK_BUYER_ONLINE,
  RP_TASK_UNANSWERED_MESSAGE,
} RpTaskKind;

#define RP_TASK_URGENCY_MAX 100

typedef struct
{
  RpTaskKind  kind;
  guint       urgency;        /* 0..100, higher first */
  gint64      due;            /* UTC µs; 0 when there is no due time */
  char       *entity_id;      /* the order, dispute or conversation it is about */
  gboolean    buyer_online;   /* the buyer is likely online now */
  char       *title;
  char       *why;
} RpTask;

/* A task without title or reason; urgency is clamped to 100. */
RpTask *rp_task_new                       (RpTaskKind                  kind,
                                           const char                 *entity_id,
                                           guint                       urgency,
                                           gint64                      due);
void    rp_task_free                      (RpTask                     *task);
/* Urgency, then buyer online, then due time (none last), then entity id, then kind. */
int     rp_task_compare                   (const RpTask               *a,
                                           const RpTask               *b);
/* Sorts a GPtrArray of RpTask with rp_task_compare(). */
void    rp_today_sort                     (GPtrArray                  *tasks);

/* The urgency of each rule on one 0..100 scale; an overdue dispute (100) beats all. */
guint   rp_today_urgency_dispute          (gint64                      deadline,
                                           gint64                      now);
guint   rp_today_urgency_confirmation     (RpConfirmationState         state,
                                           gboolean                    has_note,
                                           gint64                      ship_by,
                                           gint64                      now);
guint   rp_today_urgency_parcel           (const RpTrackingAssessment *assessment);
guint   rp_today_urgency_unanswered       (gint64                      last_buyer_message_at,
                                           gint64                      now);
guint   rp_today_urgency_buyer_online     (gboolean                    has_open_matter);

/* Ready-made tasks with translated titles and reasons; %NULL when there is nothing to do. */
RpTask *rp_today_task_for_confirmation (RpOrder                    *order,
                                         RpConfirmationState         state,
                                         gint64                      now);
RpTask *rp_today_task_for_dispute      (RpDispute                  *dispute,
                                         gint64                      now);
RpTask *rp_today_task_for_parcel       (RpShipment                 *shipment,
                                         const RpTrackingAssessment *assessment);
RpTask *rp_today_task_for_unanswered   (const char                 *channel_id,
                                         const char                 *buyer_name,
                                         gint64                      oldest_unanswered_at,
                                         gint64                      now);
RpTask *rp_today_task_for_buyer_online (const char                 *buyer_login_id,
                                         const char                 *buyer_name,
                                         gboolean                    has_open_matter);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpTask, rp_task_free)

G_END_DECLS
