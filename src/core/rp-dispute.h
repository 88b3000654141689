/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "rp-enums.h"
#include "rp-order.h"

G_BEGIN_DECLS

typedef struct
{
  char    *solution_id;
  char    *solution_type;     /* refund, return_and_refund */
  char    *owner;             /* buyer, seller, platform */
  char    *status;
  gboolean is_default;
  RpMoney  refund;
  char    *content;
  gint64   created_at;
} RpSolution;

typedef struct
{
  char   *action_type;        /* initiate, buyer_create_solution, … */
  char   *actor;              /* seller, buyer, waiter, system */
  char   *content;
  gint64  at;
  GStrv   attachments;        /* file paths / URLs */
} RpDisputeEvent;

RpSolution     *rp_solution_new            (void);
void            rp_solution_free           (RpSolution *solution);
RpDisputeEvent *rp_dispute_event_new       (void);
void            rp_dispute_event_free      (RpDisputeEvent *event);

#define RP_TYPE_DISPUTE (rp_dispute_get_type ())

G_DECLARE_FINAL_TYPE (RpDispute, rp_dispute, RP, DISPUTE, GObject)

struct _RpDispute
{
  GObject          parent_instance;

  gint64           account_id;
  char            *issue_id;
  char            *order_id;
  char            *parent_order_id;
  char            *buyer_login_id;
  RpDisputeStatus  status;
  char            *raw_status;            /* processing, canceled_issue, finish */
  char            *reason;                /* reason_english */
  char            *reason_id;
  char            *detail_status;         /* reverse_detail_status */
  char            *timeout_type;
  gint64           deadline;              /* timeout_trigger_time, UTC µs; 0 when none */
  gint64           created_at;
  gint64           modified_at;
  char            *product_name;
  RpMoney          product_price;
  RpMoney          refund_max;
  GPtrArray       *buyer_solutions;       /* of RpSolution */
  GPtrArray       *seller_solutions;
  GPtrArray       *platform_solutions;
  GPtrArray       *history;               /* of RpDisputeEvent */
  gboolean         has_detail;
};

RpDispute *rp_dispute_new (void);

G_END_DECLS
