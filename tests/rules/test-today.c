/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "rp-today.h"

#define HOUR G_TIME_SPAN_HOUR
#define DAY  G_TIME_SPAN_DAY
#define T0   ((gint64)1795000000 * G_USEC_PER_SEC)

static RpTask *
task (RpTaskKind  kind,
      const char *id,
      guint       urgency,
      gint64      due,
      gboolean    online)
{
  RpTask *t = rp_task_new (kind, id, urgency, due);

  t->buyer_online = online;
  return t;
}

static void
test_new_and_clamp (void)
{
  g_autoptr(RpTask) t = rp_task_new (RP_TASK_CONFIRM_ORDER, "8001", 250, T0);

  g_assert_cmpuint (t->urgency, ==, 100);
  g_assert_cmpstr (t->entity_id, ==, "8001");
  g_assert_cmpint (t->due, ==, T0);
  g_assert_cmpint (t->kind, ==, RP_TASK_CONFIRM_ORDER);
}

static void
test_compare_order (void)
{
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func ((GDestroyNotify)rp_task_free);
  const char *expected[] = { "urgent", "online", "due-soon", "due-later", "a-no-due",
                             "b-no-due", "b-no-due", "no-id" };

  /* Added in an order that is wrong in every way. */
  g_ptr_array_add (tasks, task (RP_TASK_UNANSWERED_MESSAGE, NULL, 50, 0, FALSE));
  g_ptr_array_add (tasks, task (RP_TASK_PARCEL_PROBLEM, "b-no-due", 50, 0, FALSE));
  g_ptr_array_add (tasks, task (RP_TASK_CONFIRM_ORDER, "b-no-due", 50, 0, FALSE));
  g_ptr_array_add (tasks, task (RP_TASK_CONFIRM_ORDER, "a-no-due", 50, 0, FALSE));
  g_ptr_array_add (tasks, task (RP_TASK_CONFIRM_ORDER, "due-later", 50, T0 + 2 * HOUR, FALSE));
  g_ptr_array_add (tasks, task (RP_TASK_CONFIRM_ORDER, "due-soon", 50, T0 + HOUR, FALSE));
  g_ptr_array_add (tasks, task (RP_TASK_CONFIRM_ORDER, "online", 50, T0 + 5 * HOUR, TRUE));
  g_ptr_array_add (tasks, task (RP_TASK_DISPUTE_DEADLINE, "urgent", 51, 0, FALSE));

  rp_today_sort (tasks);

  for (guint i = 0; i < tasks->len; i++)
    {
      RpTask *t = g_ptr_array_index (tasks, i);

      g_assert_cmpstr (t->entity_id ? t->entity_id : "no-id", ==, expected[i]);
    }
  /* Same entity, same everything: the kind decides, so the order is total. */
  g_assert_cmpint (((RpTask *)g_ptr_array_index (tasks, 5))->kind, ==, RP_TASK_CONFIRM_ORDER);
  g_assert_cmpint (((RpTask *)g_ptr_array_index (tasks, 6))->kind, ==, RP_TASK_PARCEL_PROBLEM);

  for (guint i = 0; i < tasks->len; i++)
    {
      g_assert_cmpint (rp_task_compare (g_ptr_array_index (tasks, i), g_ptr_array_index (tasks, i)), ==, 0);
      for (guint j = i + 1; j < tasks->len; j++)
        {
          g_assert_cmpint (rp_task_compare (g_ptr_array_index (tasks, i), g_ptr_array_index (tasks, j)), <, 0);
          g_assert_cmpint (rp_task_compare (g_ptr_array_index (tasks, j), g_ptr_array_index (tasks, i)), >, 0);
        }
    }
}

static void
test_dispute_urgency (void)
{
  gint64 d = T0 + 10 * DAY;

  g_assert_cmpuint (rp_today_urgency_dispute (d, d), ==, 100);
  g_assert_cmpuint (rp_today_urgency_dispute (d, d + DAY), ==, 100);
  g_assert_cmpuint (rp_today_urgency_dispute (d, d - 5 * HOUR), ==, 96);
  g_assert_cmpuint (rp_today_urgency_dispute (d, d - 20 * HOUR), ==, 92);
  g_assert_cmpuint (rp_today_urgency_dispute (d, d - 40 * HOUR), ==, 85);
  g_assert_cmpuint (rp_today_urgency_dispute (d, d - 3 * DAY), ==, 69);
  g_assert_cmpuint (rp_today_urgency_dispute (d, d - 9 * DAY), ==, 63);
  g_assert_cmpuint (rp_today_urgency_dispute (d, d - 60 * DAY), ==, 55);
  g_assert_cmpuint (rp_today_urgency_dispute (0, T0), ==, 60);
}

static void
test_confirmation_urgency (void)
{
  gint64 far = T0 + 10 * DAY;

  /* A note order to confirm beats a plain one. */
  g_assert_cmpuint (rp_today_urgency_confirmation (RP_CONFIRMATION_NONE, TRUE, far, T0), >,
                    rp_today_urgency_confirmation (RP_CONFIRMATION_NONE, FALSE, far, T0));
  /* A reply to review beats an order to confirm. */
  g_assert_cmpuint (rp_today_urgency_confirmation (RP_CONFIRMATION_NEEDS_REVIEW, FALSE, far, T0), >,
                    rp_today_urgency_confirmation (RP_CONFIRMATION_NONE, TRUE, far, T0));
  /* Waiting on the buyer is barely a task; shipped is none. */
  g_assert_cmpuint (rp_today_urgency_confirmation (RP_CONFIRMATION_SENT, TRUE, far, T0), <, 20);
  g_assert_cmpuint (rp_today_urgency_confirmation (RP_CONFIRMATION_SHIPPED, TRUE, T0, T0 + DAY), ==, 0);

  /* Ship-by pressure. */
  g_assert_cmpuint (rp_today_urgency_confirmation (RP_CONFIRMATION_READY_TO_SHIP, FALSE, far, T0), ==, 55);
  g_assert_cmpuint (rp_today_urgency_confirmation (RP_CONFIRMATION_READY_TO_SHIP, FALSE,
                                                   T0 + 72 * HOUR - 1, T0), ==, 63);
  g_assert_cmpuint (rp_today_urgency_confirmation (RP_CONFIRMATION_READY_TO_SHIP, FALSE,
                                                   T0 + 24 * HOUR - 1, T0), ==, 75);
  g_assert_cmpuint (rp_today_urgency_confirmation (RP_CONFIRMATION_READY_TO_SHIP, FALSE, T0, T0), ==, 94);
  g_assert_cmpuint (rp_today_urgency_confirmation (RP_CONFIRMATION_READY_TO_SHIP, FALSE, 0, T0), ==, 55);

  /* Nothing but an overdue or nearly due dispute beats an order past its ship-by time. */
  g_assert_cmpuint (rp_today_urgency_dispute (T0, T0), >,
                    rp_today_urgency_confirmation (RP_CONFIRMATION_NONE, TRUE, T0 - HOUR, T0));
  g_assert_cmpuint (rp_today_urgency_dispute (T0 + 5 * HOUR, T0), >,
                    rp_today_urgency_confirmation (RP_CONFIRMATION_NONE, TRUE, T0 - HOUR, T0));
}

static void
test_parcel_urgency (void)
{
  RpTrackingAssessment a = { 0 };
  guint warn, critical, stalled1, stalled3, protection;

  a.status = RP_TRACKING_IN_TRANSIT;
  g_assert_cmpuint (rp_today_urgency_parcel (&a), ==, 0);

  a.no_first_scan = RP_TRACKING_LEVEL_WARNING;
  warn = rp_today_urgency_parcel (&a);
  a.no_first_scan = RP_TRACKING_LEVEL_CRITICAL;
  critical = rp_today_urgency_parcel (&a);
  g_assert_cmpuint (critical, >, warn);
  g_assert_cmpuint (warn, >, 0);

  memset (&a, 0, sizeof a);
  a.stalled_level = 1;
  stalled1 = rp_today_urgency_parcel (&a);
  a.stalled_level = 3;
  stalled3 = rp_today_urgency_parcel (&a);
  g_assert_cmpuint (stalled3, >, stalled1);
  g_assert_cmpuint (stalled1, >, 0);
  a.held_in_customs = TRUE;
  g_assert_cmpuint (rp_today_urgency_parcel (&a), ==, stalled3);
  a.protection_expiring = TRUE;
  protection = rp_today_urgency_parcel (&a);
  g_assert_cmpuint (protection, >, stalled3);
  /* An overdue dispute still beats the worst parcel. */
  a.no_first_scan = RP_TRACKING_LEVEL_CRITICAL;
  g_assert_cmpuint (rp_today_urgency_parcel (&a), <, rp_today_urgency_dispute (T0, T0));
}

static void
test_unanswered_and_online (void)
{
  g_assert_cmpuint (rp_today_urgency_unanswered (0, T0), ==, 0);
  g_assert_cmpuint (rp_today_urgency_unanswered (T0, T0), ==, 40);
  g_assert_cmpuint (rp_today_urgency_unanswered (T0, T0 + 12 * HOUR), ==, 60);
  g_assert_cmpuint (rp_today_urgency_unanswered (T0, T0 + 24 * HOUR - 1), ==, 79);
  g_assert_cmpuint (rp_today_urgency_unanswered (T0, T0 + 24 * HOUR), ==, 82);
  g_assert_cmpuint (rp_today_urgency_unanswered (T0 + HOUR, T0), ==, 40);
  g_assert_cmpuint (rp_today_urgency_buyer_online (TRUE), >, rp_today_urgency_buyer_online (FALSE));
}

static void
test_task_builders (void)
{
  g_autoptr(RpOrder) order = rp_order_new ();
  g_autoptr(RpDispute) dispute = rp_dispute_new ();
  g_autoptr(RpShipment) shipment = rp_shipment_new ();
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func ((GDestroyNotify)rp_task_free);
  RpTrackingAssessment a = { 0 };
  RpTask *t;

  order->order_id = g_strdup ("8001");
  order->ship_by = T0 + 5 * DAY;

  g_assert_null (rp_today_task_for_confirmation (order, RP_CONFIRMATION_SENT, T0));
  g_assert_null (rp_today_task_for_confirmation (order, RP_CONFIRMATION_SHIPPED, T0));

  t = rp_today_task_for_confirmation (order, RP_CONFIRMATION_NONE, T0);
  g_assert_cmpint (t->kind, ==, RP_TASK_CONFIRM_ORDER);
  g_assert_cmpstr (t->entity_id, ==, "8001");
  g_assert_cmpint (t->due, ==, order->ship_by);
  g_assert_cmpuint (t->urgency, ==, 50);
  g_assert_cmpstr (t->title, ==, "Confirm order 8001");
  g_assert_nonnull (t->why);
  g_ptr_array_add (tasks, t);

  order->memo = g_strdup ("blue please");
  t = rp_today_task_for_confirmation (order, RP_CONFIRMATION_NONE, T0);
  g_assert_cmpuint (t->urgency, ==, 62);
  g_assert_nonnull (strstr (t->why, "note"));
  rp_task_free (t);

  t = rp_today_task_for_confirmation (order, RP_CONFIRMATION_NEEDS_REVIEW, T0);
  g_assert_cmpint (t->kind, ==, RP_TASK_REVIEW_REPLY);
  rp_task_free (t);
  t = rp_today_task_for_confirmation (order, RP_CONFIRMATION_READY_TO_SHIP, order->ship_by + 1);
  g_assert_cmpint (t->kind, ==, RP_TASK_READY_TO_SHIP);
  g_assert_cmpuint (t->urgency, ==, 94);
  g_ptr_array_add (tasks, t);

  dispute->issue_id = g_strdup ("D9");
  dispute->order_id = g_strdup ("8002");
  dispute->deadline = T0 + 3 * HOUR;
  dispute->status = RP_DISPUTE_STATUS_PROCESSING;
  t = rp_today_task_for_dispute (dispute, T0);
  g_assert_cmpint (t->kind, ==, RP_TASK_DISPUTE_DEADLINE);
  g_assert_cmpstr (t->entity_id, ==, "D9");
  g_assert_cmpint (t->due, ==, dispute->deadline);
  g_assert_cmpuint (t->urgency, ==, 96);
  g_assert_cmpstr (t->why, ==, "Time left before the platform decides: 3 h.");
  g_ptr_array_add (tasks, t);
  t = rp_today_task_for_dispute (dispute, dispute->deadline + 2 * HOUR);
  g_assert_cmpuint (t->urgency, ==, 100);
  g_assert_cmpstr (t->why, ==, "The platform deadline passed: overdue by 2 h.");
  rp_task_free (t);
  dispute->status = RP_DISPUTE_STATUS_FINISHED;
  g_assert_null (rp_today_task_for_dispute (dispute, T0));

  shipment->order_id = g_strdup ("8003");
  g_assert_null (rp_today_task_for_parcel (shipment, &a));
  a.no_first_scan = RP_TRACKING_LEVEL_CRITICAL;
  a.days_since_shipped = 4;
  t = rp_today_task_for_parcel (shipment, &a);
  g_assert_cmpint (t->kind, ==, RP_TASK_PARCEL_PROBLEM);
  g_assert_cmpstr (t->entity_id, ==, "8003");
  g_assert_nonnull (strstr (t->why, "4 days"));
  g_ptr_array_add (tasks, t);
  memset (&a, 0, sizeof a);
  a.stalled_level = 1;
  a.days_since_event = 6;
  t = rp_today_task_for_parcel (shipment, &a);
  g_assert_cmpstr (t->why, ==, "No tracking update for 6 days.");
  rp_task_free (t);

  g_assert_null (rp_today_task_for_unanswered ("C1", "Ana", 0, T0));
  t = rp_today_task_for_unanswered ("C1", "Ana", T0 - 2 * HOUR, T0);
  g_assert_cmpint (t->due, ==, T0 - 2 * HOUR + DAY);
  g_assert_cmpstr (t->title, ==, "Answer Ana");
  g_ptr_array_add (tasks, t);

  t = rp_today_task_for_buyer_online ("ana1", "Ana", TRUE);
  g_assert_true (t->buyer_online);
  g_assert_cmpint (t->kind, ==, RP_TASK_BUYER_ONLINE);
  g_ptr_array_add (tasks, t);

  /* One list: the dispute about to be decided first, the late order next. */
  rp_today_sort (tasks);
  g_assert_cmpint (((RpTask *)g_ptr_array_index (tasks, 0))->kind, ==, RP_TASK_DISPUTE_DEADLINE);
  g_assert_cmpint (((RpTask *)g_ptr_array_index (tasks, 1))->kind, ==, RP_TASK_READY_TO_SHIP);
  g_assert_cmpint (((RpTask *)g_ptr_array_index (tasks, 2))->kind, ==, RP_TASK_PARCEL_PROBLEM);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rapport/rules/today/new", test_new_and_clamp);
  g_test_add_func ("/rapport/rules/today/compare", test_compare_order);
  g_test_add_func ("/rapport/rules/today/dispute-urgency", test_dispute_urgency);
  g_test_add_func ("/rapport/rules/today/confirmation-urgency", test_confirmation_urgency);
  g_test_add_func ("/rapport/rules/today/parcel-urgency", test_parcel_urgency);
  g_test_add_func ("/rapport/rules/today/unanswered-and-online", test_unanswered_and_online);

  g_test_add_func ("/rapport/rules/today/task-builders", test_task_builders);

  return g_test_run ();
}
