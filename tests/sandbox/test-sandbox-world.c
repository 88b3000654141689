/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-test"

#include "config.h"

#include <string.h>

#include "rp-sandbox-api.h"
#include "rp-sandbox-sim.h"
#include "rp-sandbox-world.h"

#ifndef __has_feature
#define __has_feature(x) 0
#endif
#if defined (__SANITIZE_ADDRESS__) || __has_feature (address_sanitizer)
#define RUNNING_WITH_ASAN TRUE
#else
#define RUNNING_WITH_ASAN FALSE
#endif

#define START G_GINT64_CONSTANT (1767225600)   /* 2026-01-01 00:00:00 UTC */

static RpSbWorld *
make_world (guint64 seed,
            guint   orders)
{
  RpSbWorldConfig config = { seed, orders, 0, START };

  return rp_sb_world_new (&config);
}

static char *
export_world (RpSbWorld *world)
{
  RpSbJson json;

  rp_sb_json_init (&json, FALSE);
  rp_sb_world_write_export (world, &json);
  return rp_sb_json_finish (&json);
}

static void
test_determinism (void)
{
  g_autoptr(RpSbWorld) a = make_world (42, 400);
  g_autoptr(RpSbWorld) b = make_world (42, 400);
  g_autoptr(RpSbWorld) c = make_world (43, 400);
  g_autofree char *ea = export_world (a);
  g_autofree char *eb = export_world (b);
  g_autofree char *ec = export_world (c);

  g_assert_cmpstr (ea, ==, eb);
  g_assert_cmpstr (ea, !=, ec);

  /* The same seed and the same clock give the same future too. */
  rp_sb_sim_run_until (a, (START + 3 * 24 * 3600) * 1000);
  rp_sb_sim_run_until (b, (START + 3600) * 1000);
  rp_sb_sim_run_until (b, (START + 3 * 24 * 3600) * 1000);
  g_clear_pointer (&ea, g_free);
  g_clear_pointer (&eb, g_free);
  ea = export_world (a);
  eb = export_world (b);
  g_assert_cmpstr (ea, ==, eb);
  g_assert_cmpuint (a->orders->len, >, 400);
}

static void
test_shape (void)
{
  g_autoptr(RpSbWorld) w = make_world (7, 3000);
  g_autoptr(GHashTable) countries = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) languages = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) zones = g_hash_table_new (g_str_hash, g_str_equal);
  guint memos = 0, styles[RP_SB_N_STYLES] = { 0, }, tracks[RP_SB_N_TRACKS] = { 0, };
  guint reasons[8] = { 0, };
  double dispute_share;

  g_assert_cmpuint (w->orders->len, ==, 3000);
  g_assert_cmpuint (w->buyers->len, ==, 1500);

  for (guint i = 0; i < w->buyers->len; i++)
    {
      const RpSbBuyer *b = rp_sb_world_buyer (w, i);
      const RpSbCountry *c = &rp_sb_countries[b->country];

      g_hash_table_add (countries, (gpointer)c->code);
      g_hash_table_add (languages, (gpointer)rp_sb_languages[c->language].code);
      g_hash_table_add (zones, (gpointer)c->regions[b->region].zone);
      styles[b->style]++;
      /* Login ids look like fr1234567abcd. */
      g_assert_cmpuint (strlen (b->login_id), ==, 13);
      g_assert_true (g_ascii_tolower (c->code[0]) == b->login_id[0]);
      g_assert_true (g_utf8_validate (b->given_name, -1, NULL));
    }
  g_assert_cmpuint (g_hash_table_size (countries), >=, 25);
  g_assert_cmpuint (g_hash_table_size (languages), >=, 17);
  g_assert_true (g_hash_table_contains (zones, "America/Los_Angeles"));
  g_assert_true (g_hash_table_contains (zones, "Asia/Vladivostok"));
  g_assert_true (g_hash_table_contains (zones, "America/Manaus"));
  for (guint s = 0; s < RP_SB_N_STYLES; s++)
    g_assert_cmpuint (styles[s], >, 50);

  for (guint i = 0; i < w->orders->len; i++)
    {
      const RpSbOrder *o = &g_array_index (w->orders, RpSbOrder, i);

      g_assert_cmpuint (o->n_items, >=, 1);
      g_assert_cmpuint (o->n_items, <=, 5);
      if (o->memo != NULL)
        memos++;
      if (i > 0)
        g_assert_cmpuint (o->id, >, g_array_index (w->orders, RpSbOrder, i - 1).id);
    }
  g_assert_cmpfloat ((double)memos / w->orders->len, >, 0.11);
  g_assert_cmpfloat ((double)memos / w->orders->len, <, 0.19);

  dispute_share = (double)w->disputes->len / w->orders->len;
  g_assert_cmpfloat (dispute_share, >, 0.025);
  g_assert_cmpfloat (dispute_share, <, 0.06);
  for (guint i = 0; i < w->disputes->len; i++)
    {
      const RpSbDispute *d = g_ptr_array_index (w->disputes, i);

      reasons[d->reason]++;
      g_assert_cmpuint (d->solutions->len, >=, 1);
      g_assert_cmpuint (d->process->len, >=, 2);
      g_assert_true (rp_sb_world_find_dispute (w, d->id) == d);
    }
  for (guint r = 0; r < rp_sb_n_reasons; r++)
    g_assert_cmpuint (reasons[r], >, 0);

  for (guint i = 0; i < w->shipments->len; i++)
    tracks[((RpSbShipment *)g_ptr_array_index (w->shipments, i))->track]++;
  g_assert_cmpuint (tracks[RP_SB_TRACK_DELIVERED], >, 0);
  g_assert_cmpuint (tracks[RP_SB_TRACK_STALLED], >, 0);
  g_assert_cmpuint (tracks[RP_SB_TRACK_NO_SCAN], >, 0);
  g_assert_cmpuint (tracks[RP_SB_TRACK_CUSTOMS], >, 0);

  g_assert_cmpuint (w->n_messages, >, 2 * w->orders->len);
}

static void
test_languages (void)
{
  /* Every language speaks in its own script and every style is distinct. */
  for (guint l = 0; l < rp_sb_n_languages; l++)
    {
      g_autofree char *terse = rp_sb_compose (l, RP_SB_STYLE_TERSE, RP_SB_SAY_WHERE, NULL);
      g_autofree char *formal = rp_sb_compose (l, RP_SB_STYLE_FORMAL, RP_SB_SAY_WHERE, NULL);
      g_autofree char *chatty = rp_sb_compose (l, RP_SB_STYLE_CHATTY, RP_SB_SAY_WHERE, NULL);
      g_autofree char *upset = rp_sb_compose (l, RP_SB_STYLE_UPSET, RP_SB_SAY_WHERE, NULL);
      g_autofree char *size = rp_sb_compose (l, RP_SB_STYLE_TERSE, RP_SB_SAY_SIZE, "XL");

      g_assert_true (g_utf8_validate (terse, -1, NULL));
      g_assert_cmpstr (terse, !=, formal);
      g_assert_cmpstr (terse, !=, chatty);
      g_assert_cmpstr (terse, !=, upset);
      g_assert_nonnull (strstr (formal, "\n"));
      g_assert_nonnull (strstr (size, "XL"));
    }
  {
    g_autofree char *ko = rp_sb_compose (7, RP_SB_STYLE_TERSE, RP_SB_SAY_OK, NULL);
    gunichar c = g_utf8_get_char (ko);

    g_assert_cmpstr (rp_sb_languages[7].code, ==, "ko");
    g_assert_cmpint (g_unichar_get_script (c), ==, G_UNICODE_SCRIPT_HANGUL);
  }
}

static void
test_clock_activity (void)
{
  g_autoptr(RpSbWorld) w = make_world (11, 300);
  guint orders = w->orders->len, messages = w->n_messages;

  /* Within two minutes of simulated time, buyers have written. */
  rp_sb_sim_run_until (w, (START + 120) * 1000);
  g_assert_cmpuint (w->n_messages, >, messages);
  g_assert_cmpuint (w->n_buyer_events, >=, 2);

  /* Over a day, orders arrive, parcels move and buyers confirm receipt. */
  rp_sb_sim_run_until (w, (START + 24 * 3600) * 1000);
  g_assert_cmpuint (w->orders->len, >, orders + 50);
  g_assert_cmpuint (w->n_buyer_events, >, 100);
}

static void
test_seller_message_gets_reply (void)
{
  g_autoptr(RpSbWorld) w = make_world (5, 300);
  g_autoptr(GHashTable) params = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *create = NULL;
  RpSbOrder *target = NULL;
  RpSbConversation *c;
  const RpSbMessage *last;
  gboolean applied;

  for (guint i = w->orders->len; i > 0 && target == NULL; i--)
    if (g_array_index (w->orders, RpSbOrder, i - 1).status == RP_SB_ORDER_WAIT_SELLER_SEND_GOODS)
      target = &g_array_index (w->orders, RpSbOrder, i - 1);
  g_assert_nonnull (target);

  create = g_strdup_printf ("{\"channel_id\":\"%" G_GUINT64_FORMAT "\",\"content\":\"Please confirm <b>size</b>\","
                            "\"message_type\":\"order\"}", target->id);
  g_hash_table_insert (params, "create_param", create);
  body = rp_sb_api_call (w, "aliexpress.message.redefining.versiontwo.addmsg", params, FALSE, "t", &applied, &error);
  g_assert_no_error (error);
  g_assert_true (applied);
  g_assert_nonnull (strstr (body, "\"is_success\":true"));

  c = rp_sb_world_find_channel (w, target->id);
  g_assert_nonnull (c);
  last = &g_array_index (c->messages, RpSbMessage, c->messages->len - 1);
  g_assert_false (last->from_buyer);
  g_assert_cmpstr (last->content, ==, "Please confirm <b>size</b>");

  /* An order confirmation always gets an answer, within a day. */
  rp_sb_sim_run_until (w, w->now_ms + 24 * 3600 * 1000);
  last = &g_array_index (c->messages, RpSbMessage, c->messages->len - 1);
  g_assert_true (last->from_buyer);
}

/* Buyers answer order confirmations in their language; some object. */
static void
test_confirmation_objections (void)
{
  g_autoptr(RpSbWorld) w = make_world (21, 2000);
  g_autoptr(GPtrArray) asked = g_ptr_array_new ();
  guint agreed = 0, objected = 0;

  for (guint i = w->orders->len; i > 0 && asked->len < 80; i--)
    {
      RpSbOrder *o = &g_array_index (w->orders, RpSbOrder, i - 1);
      g_autoptr(GHashTable) params = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GError) error = NULL;
      g_autofree char *create = NULL;
      g_autofree char *body = NULL;

      if (o->status != RP_SB_ORDER_WAIT_SELLER_SEND_GOODS)
        continue;
      create = g_strdup_printf ("{\"extern_id\":\"%" G_GUINT64_FORMAT "\",\"message_type\":\"order\","
                                "\"content\":\"Please confirm your order.\"}", o->id);
      g_hash_table_insert (params, "create_param", create);
      body = rp_sb_api_call (w, "aliexpress.message.redefining.versiontwo.addmsg", params, TRUE, "t", NULL, &error);
      g_assert_no_error (error);
      g_ptr_array_add (asked, GUINT_TO_POINTER (i - 1));
    }
  g_assert_cmpuint (asked->len, >=, 40);

  rp_sb_sim_run_until (w, w->now_ms + 2 * 24 * 3600 * 1000);

  for (guint i = 0; i < asked->len; i++)
    {
      RpSbOrder *o = &g_array_index (w->orders, RpSbOrder, GPOINTER_TO_UINT (asked->pdata[i]));
      RpSbConversation *c = rp_sb_world_find_channel (w, o->id);
      const RpSbBuyer *b = rp_sb_world_buyer (w, o->buyer);
      g_autofree char *ok = rp_sb_compose (rp_sb_countries[b->country].language, b->style, RP_SB_SAY_OK, NULL);
      const RpSbMessage *reply = NULL;

      for (guint j = 0; j < c->messages->len; j++)
        {
          const RpSbMessage *m = &g_array_index (c->messages, RpSbMessage, j);

          if (!m->from_buyer && g_str_equal (m->content, "Please confirm your order."))
            {
              g_assert_cmpuint (j + 1, <, c->messages->len);
              reply = &g_array_index (c->messages, RpSbMessage, j + 1);
              break;
            }
        }
      g_assert_nonnull (reply);
      g_assert_true (reply->from_buyer);
      if (g_str_equal (reply->content, ok))
        agreed++;
      else
        objected++;
    }
  g_test_message ("%u agreed, %u objected", agreed, objected);
  g_assert_cmpuint (objected, >, 0);
  g_assert_cmpuint (agreed, >, objected);
}

/* The brief for the big world: 100 000 orders in well under a minute. */
static void
test_scale (void)
{
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr(RpSbWorld) w = make_world (1, 100000);
  double seconds = (g_get_monotonic_time () - t0) / 1e6;

  g_test_message ("100000 orders, %u messages, %u conversations in %.2f s",
                  w->n_messages, w->conversations->len, seconds);
  /* A bound on wall time, which AddressSanitizer stretches; the plain build checks it. */
  if (!RUNNING_WITH_ASAN)
    g_assert_cmpfloat (seconds, <, 60.0);
  g_assert_cmpuint (w->orders->len, ==, 100000);
  g_assert_cmpuint (w->n_messages, >, 300000);
}

static void
test_pacific (void)
{
  g_autoptr(RpSbWorld) w = make_world (1, 1);
  g_autofree char *winter = rp_sb_format_pacific (w, START);
  g_autofree char *summer = rp_sb_format_pacific (w, START + 181 * 24 * 3600);
  gint64 back = 0;

  g_assert_cmpstr (winter, ==, "2025-12-31 16:00:00");
  g_assert_cmpstr (summer, ==, "2026-06-30 17:00:00");
  g_assert_true (rp_sb_parse_pacific (w, winter, &back));
  g_assert_cmpint (back, ==, START);
  g_assert_false (rp_sb_parse_pacific (w, "31/12/2025", &back));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rapport/sandbox/world/determinism", test_determinism);
  g_test_add_func ("/rapport/sandbox/world/shape", test_shape);
  g_test_add_func ("/rapport/sandbox/world/languages", test_languages);
  g_test_add_func ("/rapport/sandbox/world/clock-activity", test_clock_activity);
  g_test_add_func ("/rapport/sandbox/world/seller-message-reply", test_seller_message_gets_reply);
  g_test_add_func ("/rapport/sandbox/world/pacific-time", test_pacific);
  g_test_add_func ("/rapport/sandbox/world/confirmation-objections", test_confirmation_objections);
  g_test_add_func ("/rapport/sandbox/world/scale", test_scale);

  return g_test_run ();
}
